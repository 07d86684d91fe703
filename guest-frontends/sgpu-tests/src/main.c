/* sgpu-attack: one bare-metal guest, the attack or stress chosen by the
 * bootarg mode= (see README.md for each mode and its result line). */
#include "sgt.h"

#include "guest_dt.h"
#include "rt/rt.h"
#include "rt/test.h"

struct sgt_mode {
    const char *name;
    int (*run)(struct sgt *t, void *dtb);
};

static const struct sgt_mode sgt_modes[] = {
    { "s2attack", sgt_s2_attack }, { "victim", sgt_s2_victim },
    { "regs", sgt_regs_run },         { "priv", sgt_priv_run },
    { "storm", sgt_storm_run },       { "forever", sgt_forever_run },
    { "hang", sgt_forever_hang },         { "latency", sgt_forever_latency },
    { "fence64", sgt_fence64_run },
};

/* The value of mode= in bootargs (copied into buf), "" if absent. */
static void sgt_mode_name(const char *args, char *buf, unsigned size)
{
    buf[0] = 0;
    for (const char *p = args; p && *p; p++) {
        if ((p == args || p[-1] == ' ') && p[0] == 'm' && p[1] == 'o' && p[2] == 'd' &&
            p[3] == 'e' && p[4] == '=') {
            unsigned i = 0;
            for (p += 5; *p && *p != ' ' && i + 1 < size; p++)
                buf[i++] = *p;
            buf[i] = 0;
            return;
        }
    }
}

static struct sgt sgt_state;

int main(void *dtb)
{
    struct guest_dt_info info;
    char mode[16], name[32];
    guest_dt_read(dtb, &info);
    sgt_mode_name(info.bootargs, mode, sizeof(mode));
    snprintf(name, sizeof(name), "sgpu-attack-%s", mode[0] ? mode : "none");
    test_begin(name);
    for (unsigned i = 0; i < sizeof(sgt_modes) / sizeof(sgt_modes[0]); i++)
        if (!strcmp(mode, sgt_modes[i].name))
            return sgt_modes[i].run(&sgt_state, dtb);
    printf("sgpu-attack: bootargs mode='%s' is not one of s2attack victim regs priv storm "
           "forever hang latency fence64\n", mode);
    test_fail(__LINE__, "unknown mode");
    return test_end();
}
