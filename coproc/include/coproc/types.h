/* Basic types shared by the framework, its drivers and its platforms.
 * Freestanding: only the headers a hypervisor provides. */
#ifndef COPROC_TYPES_H
#define COPROC_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Time in nanoseconds on the platform's monotonic clock (virtual time in the
 * simulator, the generic timer in the hypervisor). */
typedef uint64_t coproc_time_t;

#define COPROC_US(x) ((coproc_time_t)(x) * 1000ull)
#define COPROC_MS(x) ((coproc_time_t)(x) * 1000000ull)
#define COPROC_S(x)  ((coproc_time_t)(x) * 1000000000ull)

/* Distinct types for distinct address spaces, so a guest IPA is never passed
 * where a machine PA is expected by accident. */
typedef struct { uint64_t ipa; } coproc_ipa_t;
typedef struct { uint64_t pa; } coproc_pa_t;

static inline coproc_ipa_t coproc_ipa(uint64_t a) { coproc_ipa_t r = { a }; return r; }
static inline coproc_pa_t coproc_pa(uint64_t a) { coproc_pa_t r = { a }; return r; }

/* Error codes: 0 is success, negative values are errors. */
enum coproc_err {
    COPROC_OK = 0,
    COPROC_EINVAL = -1,  /* a parameter or a guest value is out of range */
    COPROC_ENOMEM = -2,
    COPROC_ENODEV = -3,  /* no driver / no such device */
    COPROC_EBUSY = -4,
    COPROC_EIO = -5,     /* the device misbehaved */
    COPROC_ENOENT = -6,  /* no such property / object */
    COPROC_ETIMEDOUT = -7,
};

const char *coproc_strerror(int err);
#endif
