/* smccc_smc(fid, a1, a2, a3): an SMC Calling Convention call to firmware
 * (QEMU answers PSCI over SMC when it starts us at EL2). */
    .text
    .global smccc_smc
smccc_smc:
    smc     #0
    ret
