/* Trace parser: builds segments and marks from the event lines. */
#include <stdlib.h>
#include <string.h>
#include "trace_model.h"

#define GROW(arr, n, cap)                                                   \
    do {                                                                    \
        if ((n) == (cap)) {                                                 \
            size_t nc_ = (cap) ? (cap) * 2 : 64;                            \
            void *np_ = realloc((arr), nc_ * sizeof(*(arr)));               \
            if (!np_)                                                       \
                return -1;                                                  \
            (arr) = np_;                                                    \
            (cap) = nc_;                                                    \
        }                                                                   \
    } while (0)

/* vcoproc states as numbered in coproc.h */
enum { ST_IDLE, ST_WAITING, ST_RUNNING, ST_SWITCHING_OUT, ST_FAULTED };

int trace_model_vc(const struct trace_model *m, unsigned coproc, int id)
{
    for (size_t i = 0; i < m->nr_vcs; i++)
        if (m->vcs[i].coproc == coproc && m->vcs[i].id == id)
            return (int)i;
    return -1;
}

static int vc_get(struct trace_model *m, unsigned coproc, int id)
{
    int i = trace_model_vc(m, coproc, id);
    if (i >= 0)
        return i;
    GROW(m->vcs, m->nr_vcs, m->cap_vcs);
    struct trace_vc *v = &m->vcs[m->nr_vcs];
    memset(v, 0, sizeof(*v));
    v->coproc = coproc;
    v->id = id;
    snprintf(v->name, sizeof(v->name), "vc%d", id);
    return (int)m->nr_vcs++;
}

static struct trace_slot_state *slot_get(struct trace_model *m, unsigned coproc, int slot)
{
    for (size_t i = 0; i < m->nr_slots; i++)
        if (m->slots[i].coproc == coproc && m->slots[i].slot == slot)
            return &m->slots[i];
    if (m->nr_slots == m->cap_slots) {
        size_t nc = m->cap_slots ? m->cap_slots * 2 : 16;
        void *np = realloc(m->slots, nc * sizeof(*m->slots));
        if (!np)
            return NULL;
        m->slots = np;
        m->cap_slots = nc;
    }
    struct trace_slot_state *s = &m->slots[m->nr_slots++];
    memset(s, 0, sizeof(*s));
    s->coproc = coproc;
    s->slot = slot;
    return s;
}

static int seg_add(struct trace_model *m, uint64_t t0, uint64_t t1, unsigned c, int slot, int vc,
                   enum seg_kind k)
{
    if (t1 < t0)
        return 0;
    GROW(m->segs, m->nr_segs, m->cap_segs);
    m->segs[m->nr_segs++] = (struct seg){ t0, t1, c, slot, vc, k };
    return 0;
}

static int mark_add(struct trace_model *m, uint64_t t, unsigned c, int vc, enum mark_kind k)
{
    GROW(m->marks, m->nr_marks, m->cap_marks);
    m->marks[m->nr_marks++] = (struct mark){ t, c, vc, k };
    return 0;
}

/* Closes the slot's open segment at t and optionally opens a new one. */
static int slot_to(struct trace_model *m, struct trace_slot_state *s, uint64_t t, int open,
                   enum seg_kind k, int vc)
{
    if (s->open && seg_add(m, s->since, t, s->coproc, s->slot, s->vc, s->kind))
        return -1;
    s->open = open;
    s->kind = k;
    s->vc = vc;
    s->since = t;
    return 0;
}

static int vc_state(struct trace_model *m, int vi, uint64_t t, int st)
{
    struct trace_vc *v = &m->vcs[vi];
    if (v->state == ST_WAITING && seg_add(m, v->state_since, t, v->coproc, -1, vi, SEG_WAITING))
        return -1;
    if (v->state == ST_FAULTED && seg_add(m, v->state_since, t, v->coproc, -1, vi, SEG_FAULTED))
        return -1;
    v->state = st;
    v->state_since = t;
    return 0;
}

static const char *field(const char *line, const char *key)
{
    const char *p = strstr(line, key);
    return p ? p + strlen(key) : NULL;
}

static int parse_meta(struct trace_model *m, const char *line)
{
    const char *c = field(line, " c="), *v = field(line, " v="), *n = field(line, " name=");
    char name[64];
    if (!c || !n || sscanf(n, "%63s", name) != 1)
        return 0;
    unsigned ci = (unsigned)strtoul(c, NULL, 10);
    if (!strncmp(line, "# coproc ", 9) && ci < 16) {
        snprintf(m->coproc_names[ci], sizeof(m->coproc_names[ci]), "%s", name);
        if (ci + 1 > m->nr_coprocs)
            m->nr_coprocs = ci + 1;
    } else if (!strncmp(line, "# vcoproc ", 10) && v) {
        int vi = vc_get(m, ci, atoi(v));
        if (vi < 0)
            return -1;
        snprintf(m->vcs[vi].name, sizeof(m->vcs[vi].name), "%s", name);
    }
    return 0;
}

static int parse_event(struct trace_model *m, const char *line)
{
    unsigned long long t, a, b;
    unsigned c;
    int slot, vid;
    char ev[32];
    if (sscanf(line, "vct %llu %31s c=%u s=%d v=%d a=%llu b=%llu", &t, ev, &c, &slot, &vid, &a,
               &b) != 7)
        return 1;
    m->nr_events++;
    if (t < m->t0)
        m->t0 = t;
    if (t > m->t1)
        m->t1 = t;
    if (c + 1 > m->nr_coprocs && c < 16)
        m->nr_coprocs = c + 1;
    int vi = vid >= 0 ? vc_get(m, c, vid) : -1;
    if (vid >= 0 && vi < 0)
        return -1;
    struct trace_slot_state *s = slot >= 0 ? slot_get(m, c, slot) : NULL;
    if (slot >= 0 && !s)
        return -1;
    if (!strcmp(ev, "switch_in_begin") && s)
        return slot_to(m, s, t, 1, SEG_SWITCH_IN, vi);
    if (!strcmp(ev, "switch_in_done") && s)
        return slot_to(m, s, t, 1, SEG_RUN, vi);
    if (!strcmp(ev, "switch_out_begin") && s)
        return slot_to(m, s, t, 1, SEG_SWITCH_OUT, vi);
    if (!strcmp(ev, "switch_out_done") && s)
        return slot_to(m, s, t, 0, SEG_RUN, -1);
    if (!strcmp(ev, "state") && vi >= 0) {
        if (vc_state(m, vi, t, (int)a))
            return -1;
        /* idle while resident ends the run; running again resumes it */
        if (s && a == ST_IDLE && s->open && s->kind == SEG_RUN)
            return slot_to(m, s, t, 0, SEG_RUN, -1);
        if (s && a == ST_RUNNING && b == ST_IDLE && !s->open)
            return slot_to(m, s, t, 1, SEG_RUN, vi);
        return 0;
    }
    if (!strcmp(ev, "job_done") && vi >= 0)
        return mark_add(m, t, c, vi, b ? MARK_MISS : MARK_JOB);
    if (!strcmp(ev, "irq_hold") && vi >= 0)
        return mark_add(m, t, c, vi, MARK_HOLD);
    if (!strcmp(ev, "fault") && vi >= 0)
        return mark_add(m, t, c, vi, MARK_FAULT);
    return 0;
}

int trace_model_load(struct trace_model *m, FILE *f, char *err, size_t errlen)
{
    char line[512];
    memset(m, 0, sizeof(*m));
    m->t0 = UINT64_MAX;
    while (fgets(line, sizeof(line), f)) {
        int r = 0;
        if (!strncmp(line, "# ", 2))
            r = parse_meta(m, line);
        else if (!strncmp(line, "vct ", 4))
            r = parse_event(m, line);
        if (r < 0) {
            snprintf(err, errlen, "out of memory");
            trace_model_free(m);
            return -1;
        }
    }
    if (!m->nr_events) {
        snprintf(err, errlen, "no trace events (lines \"vct TIME EVENT ...\")");
        trace_model_free(m);
        return -1;
    }
    /* close what is still open at the last event */
    for (size_t i = 0; i < m->nr_slots; i++)
        if (slot_to(m, &m->slots[i], m->t1, 0, SEG_RUN, -1))
            return -1;
    for (size_t i = 0; i < m->nr_vcs; i++)
        if (vc_state(m, (int)i, m->t1, ST_IDLE))
            return -1;
    return 0;
}

void trace_model_window(struct trace_model *m, uint64_t from, uint64_t to)
{
    if (!to || to > m->t1)
        to = m->t1;
    if (from < m->t0)
        from = m->t0;
    if (from >= to)
        return;
    size_t n = 0;
    for (size_t i = 0; i < m->nr_segs; i++) {
        struct seg s = m->segs[i];
        if (s.t1 < from || s.t0 >= to)
            continue;
        s.t0 = s.t0 < from ? from : s.t0;
        s.t1 = s.t1 > to ? to : s.t1;
        m->segs[n++] = s;
    }
    m->nr_segs = n;
    n = 0;
    for (size_t i = 0; i < m->nr_marks; i++)
        if (m->marks[i].t >= from && m->marks[i].t < to)
            m->marks[n++] = m->marks[i];
    m->nr_marks = n;
    m->t0 = from;
    m->t1 = to;
}

void trace_model_free(struct trace_model *m)
{
    free(m->segs);
    free(m->marks);
    free(m->vcs);
    free(m->slots);
    memset(m, 0, sizeof(*m));
}
