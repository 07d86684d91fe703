/* Small helpers shared by the workloads. */
#ifndef APPS_UTIL_H
#define APPS_UTIL_H
#include <stdint.h>

#include "sgpu/sgpu_drv.h"

/* One output line through the environment's log (no prefix). */
void apps_util_print(struct sgpu_dev *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Zeroed CPU-only memory from the environment; NULL (logged) when out. */
void *apps_util_alloc(struct sgpu_dev *d, uint64_t bytes);
/* xorshift32: deterministic data for the checks. */
uint32_t apps_util_rand(uint32_t *state);
/* A small exactly representable float in [-4, 4). */
float apps_util_rand_float(uint32_t *state);
/* Sorts v[0..n) ascending (shell sort: no recursion, no libc). */
void apps_util_sort(uint64_t *v, uint32_t n);
void apps_util_copy(void *dst, const void *src, uint64_t n);
#endif
