# The Linux test guest: Debian's arm64 cloud kernel (unmodified) and a small
# busybox initramfs, both from pinned Debian packages (fetch-debian.sh).
LINUX_OUT   := $(BUILD)/linux
LINUX_STAMP := $(LINUX_OUT)/.fetched

ALL_TARGETS += $(LINUX_OUT)/Image $(LINUX_OUT)/initramfs.cpio.gz

$(LINUX_STAMP): guest-frontends/linux/fetch-debian.sh
	@sh guest-frontends/linux/fetch-debian.sh $(LINUX_OUT)
	@touch $@

$(LINUX_OUT)/Image $(LINUX_OUT)/busybox: $(LINUX_STAMP)

$(LINUX_OUT)/initramfs.cpio.gz: $(LINUX_OUT)/busybox guest-frontends/linux/initramfs/init \
		guest-frontends/linux/mkinitramfs.sh
	sh guest-frontends/linux/mkinitramfs.sh $(LINUX_OUT)/busybox \
	    guest-frontends/linux/initramfs/init $@
