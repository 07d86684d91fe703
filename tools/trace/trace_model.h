/* The timeline built from a trace: segments of slot activity (switch-in,
 * run, switch-out) and of vcoproc states, plus point marks (jobs, misses,
 * held interrupts). */
#ifndef VCTRACE_MODEL_H
#define VCTRACE_MODEL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum seg_kind { SEG_SWITCH_IN, SEG_RUN, SEG_SWITCH_OUT, SEG_WAITING, SEG_FAULTED };
enum mark_kind { MARK_JOB, MARK_MISS, MARK_HOLD, MARK_FAULT };

struct seg {
    uint64_t t0, t1;
    unsigned coproc;
    int slot;       /* slot lane, or -1 for a vcoproc-state lane */
    int vc;
    enum seg_kind kind;
};

struct mark {
    uint64_t t;
    unsigned coproc;
    int vc;
    enum mark_kind kind;
};

struct trace_vc {
    unsigned coproc;
    int id;
    char name[64];
    /* open intervals while loading */
    uint64_t state_since;
    int state;
};

struct trace_slot_state {
    unsigned coproc;
    int slot;
    int vc;
    enum seg_kind kind;
    uint64_t since;
    int open;
};

struct trace_model {
    size_t nr_events;
    struct seg *segs;
    size_t nr_segs, cap_segs;
    struct mark *marks;
    size_t nr_marks, cap_marks;
    struct trace_vc *vcs;
    size_t nr_vcs, cap_vcs;
    struct trace_slot_state *slots;
    size_t nr_slots, cap_slots;
    char coproc_names[16][64];
    unsigned nr_coprocs;
    uint64_t t0, t1;
};

int trace_model_load(struct trace_model *m, FILE *f, char *err, size_t errlen);
/* Keeps only [from, to) (to 0: the end). */
void trace_model_window(struct trace_model *m, uint64_t from, uint64_t to);
void trace_model_free(struct trace_model *m);
/* Index into m->vcs of (coproc, id), or -1. */
int trace_model_vc(const struct trace_model *m, unsigned coproc, int id);
int trace_write_svg(const struct trace_model *m, FILE *o);
int trace_write_chrome(const struct trace_model *m, FILE *o);
#endif
