/* What the three SGPU guests share: start-up and device open. */
#ifndef APPS_GUEST_MAIN_H
#define APPS_GUEST_MAIN_H
#include "guest_env.h"
#include "sgpu/sgpu_drv.h"

/* test_begin(name), environment, device; NULL (reason printed) on failure. */
struct sgpu_dev *guest_main_open(const char *name, void *dtb, struct guest_env *e);
/* A bootargs number, or def when absent (a malformed value is reported). */
uint64_t guest_main_arg(const struct guest_env *e, const char *key, uint64_t def);
#endif
