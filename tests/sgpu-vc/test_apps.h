/* Tests with the real apps (test_apps.c), built when guest-frontends/apps is. */
#ifndef SGPUVC_TEST_APPS_H
#define SGPUVC_TEST_APPS_H
#include <stdint.h>
void test_apps_rt(uint32_t frames);
void test_apps_credit(uint64_t duration);
#endif
