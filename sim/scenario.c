/* Scenario parser (grammar in sim/README.md). Every value is checked here
 * with the framework's own validators, so a bad scenario stops before any
 * object exists, with the line and key named. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/scenario.h"

#define SIM_MAX_VCOPROCS 4096

struct parse {
    struct sim_scenario *sc;
    int line;
    char *err;
    size_t errlen;
};

static int perr(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(struct parse *p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "line %d: %s", p->line, msg);
    return -1;
}

int sim_parse_time(const char *s, coproc_time_t *out)
{
    static const struct { const char *sfx; uint64_t mul; } units[] = {
        { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 }, { "", 1 },
    };
    char *end;
    errno = 0;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    unsigned long long ip = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    uint64_t frac = 0, fdiv = 1;
    if (*end == '.') {
        end++;
        while (*end >= '0' && *end <= '9') {
            if (fdiv < 1000000000ull) {
                frac = frac * 10 + (uint64_t)(*end - '0');
                fdiv *= 10;
            }
            end++;
        }
    }
    for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(end, units[i].sfx))
            continue;
        if (ip > UINT64_MAX / units[i].mul / 2)
            return -1;
        *out = ip * units[i].mul + frac * units[i].mul / fdiv;
        return 0;
    }
    return -1;
}

static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || !*s)
        return -1;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v > max)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* Splits "key=value"; returns 0 and sets *val, or -1 when there is no '='. */
static int split_kv(char *tok, char **val)
{
    char *eq = strchr(tok, '=');
    if (!eq || eq == tok)
        return -1;
    *eq = '\0';
    *val = eq + 1;
    return 0;
}

static int kv_time(struct parse *p, const char *obj, const char *k, const char *v, coproc_time_t *out)
{
    if (sim_parse_time(v, out))
        return perr(p, "%s: %s: bad time \"%s\" (use e.g. 500us, 16.667ms, 1s)", obj, k, v);
    return 0;
}

static int kv_u32(struct parse *p, const char *obj, const char *k, const char *v, uint32_t max,
                  uint32_t *out)
{
    if (parse_u32(v, max, out))
        return perr(p, "%s: %s: \"%s\" is not a number in 0..%u", obj, k, v, max);
    return 0;
}

static int find_coproc(struct sim_scenario *sc, const char *name)
{
    for (unsigned i = 0; i < sc->nr_coprocs; i++)
        if (!strcmp(sc->coprocs[i].name, name))
            return (int)i;
    return -1;
}

static int find_vcoproc(struct sim_scenario *sc, const char *name)
{
    for (unsigned i = 0; i < sc->nr_vcoprocs; i++)
        if (!strcmp(sc->vcoprocs[i].name, name))
            return (int)i;
    return -1;
}

static int check_name(struct parse *p, const char *what, const char *name)
{
    if (!name)
        return perr(p, "%s needs a name", what);
    if (strlen(name) >= SIM_NAME_LEN)
        return perr(p, "%s name \"%s\" longer than %d characters", what, name, SIM_NAME_LEN - 1);
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return perr(p, "%s name \"%s\": only letters, digits, - and _", what, name);
    return 0;
}

static int device_kind(const char *s)
{
    if (!strcmp(s, "synthetic"))
        return SIM_DEVICE_SYNTHETIC;
    if (!strcmp(s, "sgpu"))
        return SIM_DEVICE_SGPU;
    if (!strcmp(s, "sfpga"))
        return SIM_DEVICE_SFPGA;
    return -1;
}

static int parse_sim(struct parse *p, char **tok, int n)
{
    for (int i = 1; i < n; i++) {
        char *k = tok[i], *v;
        if (split_kv(k, &v))
            return perr(p, "sim: expected key=value, got \"%s\"", k);
        if (!strcmp(k, "seed")) {
            char *end;
            errno = 0;
            p->sc->seed = strtoull(v, &end, 0);
            if (errno || *end || !*v)
                return perr(p, "sim: seed: bad number \"%s\"", v);
        } else if (!strcmp(k, "duration")) {
            if (kv_time(p, "sim", k, v, &p->sc->duration))
                return -1;
            if (!p->sc->duration || p->sc->duration > 3600000000000ull)
                return perr(p, "sim: duration out of range (0..1 h]");
        } else if (!strcmp(k, "warmup")) {
            if (kv_time(p, "sim", k, v, &p->sc->warmup))
                return -1;
        } else {
            return perr(p, "sim: unknown key \"%s\" (seed, duration, warmup)", k);
        }
    }
    return 0;
}

static int parse_coproc(struct parse *p, char **tok, int n)
{
    struct sim_scenario *sc = p->sc;
    if (check_name(p, "coproc", n > 1 ? tok[1] : NULL))
        return -1;
    if (find_coproc(sc, tok[1]) >= 0)
        return perr(p, "coproc %s defined twice", tok[1]);
    if (sc->nr_coprocs == SIM_MAX_COPROCS)
        return perr(p, "more than %d coprocs", SIM_MAX_COPROCS);
    struct sim_coproc_cfg *c = &sc->coprocs[sc->nr_coprocs];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", tok[1]);
    snprintf(c->policy, sizeof(c->policy), "rr");
    c->slots = 1;
    c->slice = 5000000;
    for (int i = 2; i < n; i++) {
        char *k = tok[i], *v;
        const char *why;
        if (!strchr(k, '=') && device_kind(k) >= 0) {
            c->device = (enum sim_device_kind)device_kind(k);
            continue;
        }
        if (split_kv(k, &v))
            return perr(p, "coproc %s: expected key=value, got \"%s\"", c->name, k);
        if (!strcmp(k, "device")) {
            if (device_kind(v) < 0)
                return perr(p, "coproc %s: device: unknown device \"%s\" (synthetic, sgpu, "
                            "sfpga)", c->name, v);
            c->device = (enum sim_device_kind)device_kind(v);
        } else if (!strcmp(k, "ratio")) {
            if (kv_u32(p, c->name, k, v, 1000, &c->slice_ratio))
                return -1;
            c->ratio_set = true;
        } else if (!strcmp(k, "bsmax")) {
            if (kv_u32(p, c->name, k, v, 16u << 20, &c->bs_max))
                return -1;
            if (c->bs_max < 32)
                return perr(p, "coproc %s: bsmax %u out of range 32..16777216", c->name,
                            c->bs_max);
        } else if (!strcmp(k, "watchdog")) {
            if (kv_time(p, c->name, k, v, &c->watchdog))
                return -1;
            c->watchdog_off = !c->watchdog;
        } else if (!strcmp(k, "policy")) {
            if (!sched_find(v))
                return perr(p, "coproc %s: policy: unknown policy \"%s\" (rr, credit or rt)",
                            c->name, v);
            snprintf(c->policy, sizeof(c->policy), "%s", v);
        } else if (!strcmp(k, "slots")) {
            if (kv_u32(p, c->name, k, v, 64, &c->slots))
                return -1;
            if (!c->slots)
                return perr(p, "coproc %s: slots 0 out of range 1..64", c->name);
        } else if (!strcmp(k, "slice")) {
            if (kv_time(p, c->name, k, v, &c->slice))
                return -1;
            if ((why = sched_param_check(SCHED_PARAM_SLICE, c->slice)) || !c->slice)
                return perr(p, "coproc %s: slice: %s", c->name, why ? why : "slice 0");
        } else if (!strcmp(k, "preempt")) {
            if (kv_time(p, c->name, k, v, &c->preempt))
                return -1;
        } else if (!strcmp(k, "save")) {
            if (kv_time(p, c->name, k, v, &c->save))
                return -1;
        } else if (!strcmp(k, "restore")) {
            if (kv_time(p, c->name, k, v, &c->restore))
                return -1;
        } else if (!strcmp(k, "poll")) {
            if (kv_time(p, c->name, k, v, &c->poll))
                return -1;
        } else {
            return perr(p, "coproc %s: unknown key \"%s\" (device, policy, slots, slice, preempt, "
                        "save, restore, poll, watchdog, ratio, bsmax)", c->name, k);
        }
    }
    if (c->device == SIM_DEVICE_SFPGA) {
        if (c->slots > 4 || c->preempt || c->save || c->restore || c->poll || c->watchdog ||
            c->watchdog_off)
            return perr(p, "coproc %s: an sfpga has 1..4 slots (one interrupt per vector) and "
                        "its own preemption: preempt, save, restore, poll and watchdog are not "
                        "for it", c->name);
        sc->nr_coprocs++;
        return 0;
    }
    if (c->ratio_set || c->bs_max)
        return perr(p, "coproc %s: ratio and bsmax are for device=sfpga", c->name);
    if (c->device == SIM_DEVICE_SGPU && (c->slots != 1 || c->preempt || c->save || c->restore ||
                                         c->poll))
        return perr(p, "coproc %s: an sgpu has one engine and its own preemption: slots, "
                    "preempt, save, restore and poll are for device=synthetic", c->name);
    if (c->device == SIM_DEVICE_SYNTHETIC && (c->watchdog || c->watchdog_off))
        return perr(p, "coproc %s: watchdog is for device=sgpu", c->name);
    sc->nr_coprocs++;
    return 0;
}

static int parse_vcoproc(struct parse *p, char **tok, int n)
{
    struct sim_scenario *sc = p->sc;
    if (check_name(p, "vcoproc", n > 1 ? tok[1] : NULL))
        return -1;
    if (find_vcoproc(sc, tok[1]) >= 0)
        return perr(p, "vcoproc %s defined twice", tok[1]);
    if (sc->nr_vcoprocs == SIM_MAX_VCOPROCS)
        return perr(p, "more than %d vcoprocs", SIM_MAX_VCOPROCS);
    if (sc->nr_vcoprocs == sc->vcoproc_cap) {
        unsigned cap = sc->vcoproc_cap ? sc->vcoproc_cap * 2 : 8;
        struct sim_vcoproc_cfg *nv = realloc(sc->vcoprocs, cap * sizeof(*nv));
        if (!nv)
            return perr(p, "out of memory");
        sc->vcoprocs = nv;
        sc->vcoproc_cap = cap;
    }
    struct sim_vcoproc_cfg *v = &sc->vcoprocs[sc->nr_vcoprocs];
    memset(v, 0, sizeof(*v));
    snprintf(v->name, sizeof(v->name), "%s", tok[1]);
    sched_params_default(&v->sched);
    int coproc = -1;
    for (int i = 2; i < n; i++) {
        char *k = tok[i], *val;
        uint32_t u;
        if (split_kv(k, &val))
            return perr(p, "vcoproc %s: expected key=value, got \"%s\"", v->name, k);
        if (!strcmp(k, "coproc")) {
            if ((coproc = find_coproc(sc, val)) < 0)
                return perr(p, "vcoproc %s: coproc: no coproc named \"%s\" above", v->name, val);
        } else if (!strcmp(k, "weight")) {
            if (kv_u32(p, v->name, k, val, UINT32_MAX, &u))
                return -1;
            v->sched.weight = u;
        } else if (!strcmp(k, "priority")) {
            if (kv_u32(p, v->name, k, val, UINT32_MAX, &u))
                return -1;
            v->sched.priority = u;
        } else if (!strcmp(k, "budget")) {
            if (kv_time(p, v->name, k, val, &v->sched.budget))
                return -1;
        } else if (!strcmp(k, "period")) {
            if (kv_time(p, v->name, k, val, &v->sched.period))
                return -1;
        } else if (!strcmp(k, "slice")) {
            if (kv_time(p, v->name, k, val, &v->sched.slice))
                return -1;
        } else if (!strcmp(k, "allow")) {
            if (strlen(val) >= sizeof(v->allow))
                return perr(p, "vcoproc %s: allow: longer than %zu characters", v->name,
                            sizeof(v->allow) - 1);
            /* commas in the scenario, spaces in the DT string; the driver
             * checks the names */
            for (size_t i = 0; val[i]; i++)
                v->allow[i] = val[i] == ',' ? ' ' : val[i];
        } else {
            return perr(p, "vcoproc %s: unknown key \"%s\" (coproc, weight, priority, budget, "
                        "period, slice, allow)", v->name, k);
        }
    }
    if (coproc < 0)
        return perr(p, "vcoproc %s: coproc=NAME is required", v->name);
    if (v->allow[0] && sc->coprocs[coproc].device != SIM_DEVICE_SFPGA)
        return perr(p, "vcoproc %s: allow is for vcoprocs on an sfpga", v->name);
    v->coproc = (unsigned)coproc;
    const char *why = sched_params_check(&v->sched);
    if (why)
        return perr(p, "vcoproc %s: %s", v->name, why);
    sc->nr_vcoprocs++;
    return 0;
}

/* workload VC sha256|aes|crc32c|fir|matmul|mix [bytes=N] [rounds=N] [chunk=N]
 *             [dim=N] [bs=N] [seed=N] [repeat=N] [start=T] */
static int parse_fpga_workload(struct parse *p, struct sim_vcoproc_cfg *v, char **tok, int n)
{
    static const char *const kinds[] = { "sha256", "aes", "crc32c", "fir", "matmul", "mix" };
    struct sim_workload_cfg *w = &v->workload;
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(tok[2], kinds[i]))
            snprintf(w->fpga, sizeof(w->fpga), "%s", kinds[i]);
    if (!w->fpga[0])
        return perr(p, "workload %s: unknown kind \"%s\" on an sfpga (sha256, aes, crc32c, fir, "
                    "matmul, mix)", v->name, tok[2]);
    w->kind = SIM_WL_FPGA;
    for (int i = 3; i < n; i++) {
        char *k = tok[i], *val;
        int r;
        if (split_kv(k, &val))
            return perr(p, "workload %s: expected key=value, got \"%s\"", v->name, k);
        if (!strcmp(k, "bytes"))
            r = kv_u32(p, v->name, k, val, 64u << 20, &w->bytes);
        else if (!strcmp(k, "rounds"))
            r = kv_u32(p, v->name, k, val, 1000000, &w->rounds);
        else if (!strcmp(k, "chunk"))
            r = kv_u32(p, v->name, k, val, 64u << 20, &w->chunk);
        else if (!strcmp(k, "dim"))
            r = kv_u32(p, v->name, k, val, 512, &w->dim);
        else if (!strcmp(k, "bs"))
            r = kv_u32(p, v->name, k, val, 16u << 20, &w->bs);
        else if (!strcmp(k, "seed"))
            r = kv_u32(p, v->name, k, val, UINT32_MAX, &w->seed);
        else if (!strcmp(k, "repeat"))
            r = kv_u32(p, v->name, k, val, 1000000, &w->repeat);
        else if (!strcmp(k, "start"))
            r = kv_time(p, v->name, k, val, &w->start);
        else
            return perr(p, "workload %s: unknown key \"%s\" (bytes, rounds, chunk, dim, bs, seed, "
                        "repeat, start)", v->name, k);
        if (r)
            return -1;
    }
    if (w->bs && w->bs < 32)
        return perr(p, "workload %s: bs %u: a bitstream has at least 32 bytes", v->name, w->bs);
    return 0;
}

static int parse_workload(struct parse *p, char **tok, int n)
{
    struct sim_scenario *sc = p->sc;
    if (n < 3)
        return perr(p, "workload: expected \"workload VCOPROC cluster|ivi|checker key=value...\"");
    int vi = find_vcoproc(sc, tok[1]);
    if (vi < 0)
        return perr(p, "workload: no vcoproc named \"%s\" above", tok[1]);
    struct sim_vcoproc_cfg *v = &sc->vcoprocs[vi];
    struct sim_workload_cfg *w = &v->workload;
    if (sc->coprocs[v->coproc].device == SIM_DEVICE_SYNTHETIC)
        return perr(p, "workload %s: its coproc %s is not an sgpu or sfpga (use stream lines)",
                    v->name, sc->coprocs[v->coproc].name);
    if (w->kind != SIM_WL_NONE)
        return perr(p, "workload %s: defined twice", v->name);
    memset(w, 0, sizeof(*w));
    if (sc->coprocs[v->coproc].device == SIM_DEVICE_SFPGA)
        return parse_fpga_workload(p, v, tok, n);
    if (!strcmp(tok[2], "cluster"))
        w->kind = SIM_WL_CLUSTER;
    else if (!strcmp(tok[2], "ivi"))
        w->kind = SIM_WL_IVI;
    else if (!strcmp(tok[2], "checker"))
        w->kind = SIM_WL_CHECKER;
    else
        return perr(p, "workload %s: unknown kind \"%s\" (cluster, ivi, checker)", v->name,
                    tok[2]);
    for (int i = 3; i < n; i++) {
        char *k = tok[i], *val;
        int r = 0;
        if (split_kv(k, &val))
            return perr(p, "workload %s: expected key=value, got \"%s\"", v->name, k);
        if (!strcmp(k, "frames"))
            r = kv_u32(p, v->name, k, val, 1000000, &w->frames);
        else if (!strcmp(k, "period"))
            r = kv_time(p, v->name, k, val, &w->period);
        else if (!strcmp(k, "deadline"))
            r = kv_time(p, v->name, k, val, &w->deadline);
        else if (!strcmp(k, "size"))
            r = kv_u32(p, v->name, k, val, 4096, &w->size);
        else if (!strcmp(k, "duration"))
            r = kv_time(p, v->name, k, val, &w->duration);
        else if (!strcmp(k, "rounds"))
            r = kv_u32(p, v->name, k, val, 1000000, &w->rounds);
        else
            return perr(p, "workload %s: unknown key \"%s\" (frames, period, deadline, size, "
                        "duration, rounds)", v->name, k);
        if (r)
            return -1;
    }
    if (w->kind == SIM_WL_CLUSTER && w->size && (w->size < 16 || w->size % 8))
        return perr(p, "workload %s: size %u: a multiple of 8, at least 16", v->name, w->size);
    return 0;
}

static int parse_stream(struct parse *p, char **tok, int n)
{
    struct sim_scenario *sc = p->sc;
    if (n < 3)
        return perr(p, "stream: expected \"stream VCOPROC KIND key=value...\"");
    int vi = find_vcoproc(sc, tok[1]);
    if (vi < 0)
        return perr(p, "stream: no vcoproc named \"%s\" above", tok[1]);
    struct sim_vcoproc_cfg *v = &sc->vcoprocs[vi];
    if (sc->coprocs[v->coproc].device != SIM_DEVICE_SYNTHETIC)
        return perr(p, "stream %s: its coproc %s is an %s (use a workload line)", v->name,
                    sc->coprocs[v->coproc].name,
                    sc->coprocs[v->coproc].device == SIM_DEVICE_SGPU ? "sgpu" : "sfpga");
    if (v->nr_streams == SIM_MAX_STREAMS)
        return perr(p, "stream: vcoproc %s has more than %d streams", v->name, SIM_MAX_STREAMS);
    struct sim_stream_cfg *s = &v->streams[v->nr_streams];
    memset(s, 0, sizeof(*s));
    if (!strcmp(tok[2], "periodic"))
        s->kind = SIM_STREAM_PERIODIC;
    else if (!strcmp(tok[2], "saturate"))
        s->kind = SIM_STREAM_SATURATE;
    else if (!strcmp(tok[2], "burst"))
        s->kind = SIM_STREAM_BURST;
    else if (!strcmp(tok[2], "random"))
        s->kind = SIM_STREAM_RANDOM;
    else
        return perr(p, "stream %s: unknown kind \"%s\" (periodic, saturate, burst, random)",
                    v->name, tok[2]);
    s->depth = 2;
    s->count = 1;
    for (int i = 3; i < n; i++) {
        char *k = tok[i], *val;
        int r = 0;
        if (split_kv(k, &val))
            return perr(p, "stream %s: expected key=value, got \"%s\"", v->name, k);
        if (!strcmp(k, "period"))
            r = kv_time(p, v->name, k, val, &s->period);
        else if (!strcmp(k, "cost"))
            r = kv_time(p, v->name, k, val, &s->cost);
        else if (!strcmp(k, "deadline"))
            r = kv_time(p, v->name, k, val, &s->deadline);
        else if (!strcmp(k, "phase"))
            r = kv_time(p, v->name, k, val, &s->phase);
        else if (!strcmp(k, "mean"))
            r = kv_time(p, v->name, k, val, &s->mean);
        else if (!strcmp(k, "jitter"))
            r = kv_u32(p, v->name, k, val, 100, &s->jitter_pct);
        else if (!strcmp(k, "depth"))
            r = kv_u32(p, v->name, k, val, 64, &s->depth);
        else if (!strcmp(k, "count"))
            r = kv_u32(p, v->name, k, val, 64, &s->count);
        else
            return perr(p, "stream %s: unknown key \"%s\" (period, cost, deadline, phase, mean, "
                        "jitter, depth, count)", v->name, k);
        if (r)
            return -1;
    }
    if (!s->cost)
        return perr(p, "stream %s: cost must be > 0", v->name);
    if ((s->kind == SIM_STREAM_PERIODIC || s->kind == SIM_STREAM_BURST) && !s->period)
        return perr(p, "stream %s: %s needs period > 0", v->name, tok[2]);
    if (s->kind == SIM_STREAM_RANDOM && !s->mean)
        return perr(p, "stream %s: random needs mean > 0", v->name);
    if (s->kind == SIM_STREAM_SATURATE && !s->depth)
        return perr(p, "stream %s: depth 0 out of range 1..64", v->name);
    if (s->kind == SIM_STREAM_BURST && !s->count)
        return perr(p, "stream %s: count 0 out of range 1..64", v->name);
    v->nr_streams++;
    return 0;
}

/* at T coproc NAME policy=P | slice=T
 * at T vcoproc NAME weight=N | priority=N | budget=T | period=T | slice=T
 * Values are checked here one by one; combinations (budget vs period) are
 * checked by the framework when the change is applied, and logged. */
static int parse_at(struct parse *p, char **tok, int n)
{
    struct sim_scenario *sc = p->sc;
    if (n != 5)
        return perr(p, "at: expected \"at TIME coproc|vcoproc NAME key=value\"");
    if (sc->nr_changes == SIM_MAX_CHANGES)
        return perr(p, "at: more than %d changes", SIM_MAX_CHANGES);
    struct sim_change *ch = &sc->changes[sc->nr_changes];
    memset(ch, 0, sizeof(*ch));
    if (sim_parse_time(tok[1], &ch->at))
        return perr(p, "at: bad time \"%s\"", tok[1]);
    char *k = tok[4], *v;
    const char *why;
    if (split_kv(k, &v))
        return perr(p, "at: expected key=value, got \"%s\"", k);
    if (!strcmp(tok[2], "coproc")) {
        int ci = find_coproc(sc, tok[3]);
        if (ci < 0)
            return perr(p, "at: no coproc named \"%s\" above", tok[3]);
        ch->target = (unsigned)ci;
        if (!strcmp(k, "policy")) {
            if (!sched_find(v))
                return perr(p, "at: coproc %s: policy: unknown policy \"%s\" (rr, credit or rt)",
                            tok[3], v);
            ch->is_policy = true;
            snprintf(ch->policy, sizeof(ch->policy), "%s", v);
        } else if (!strcmp(k, "slice")) {
            ch->key = SCHED_PARAM_SLICE;
            if (kv_time(p, tok[3], k, v, &ch->value))
                return -1;
            if ((why = sched_param_check(SCHED_PARAM_SLICE, ch->value)) || !ch->value)
                return perr(p, "at: coproc %s: slice: %s", tok[3], why ? why : "slice 0");
        } else {
            return perr(p, "at: coproc %s: unknown key \"%s\" (policy, slice)", tok[3], k);
        }
    } else if (!strcmp(tok[2], "vcoproc")) {
        int vi = find_vcoproc(sc, tok[3]);
        uint32_t u;
        if (vi < 0)
            return perr(p, "at: no vcoproc named \"%s\" above", tok[3]);
        ch->is_vcoproc = true;
        ch->target = (unsigned)vi;
        if (!strcmp(k, "weight") || !strcmp(k, "priority")) {
            ch->key = k[0] == 'w' ? SCHED_PARAM_WEIGHT : SCHED_PARAM_PRIORITY;
            if (kv_u32(p, tok[3], k, v, UINT32_MAX, &u))
                return -1;
            ch->value = u;
        } else if (!strcmp(k, "budget") || !strcmp(k, "period") || !strcmp(k, "slice")) {
            ch->key = k[0] == 'b' ? SCHED_PARAM_BUDGET
                    : k[0] == 'p' ? SCHED_PARAM_PERIOD : SCHED_PARAM_SLICE;
            if (kv_time(p, tok[3], k, v, &ch->value))
                return -1;
        } else {
            return perr(p, "at: vcoproc %s: unknown key \"%s\" (weight, priority, budget, "
                        "period, slice)", tok[3], k);
        }
        if ((why = sched_param_check(ch->key, ch->value)))
            return perr(p, "at: vcoproc %s: %s", tok[3], why);
    } else {
        return perr(p, "at: \"%s\" is neither coproc nor vcoproc", tok[2]);
    }
    sc->nr_changes++;
    return 0;
}

int sim_scenario_parse(const char *text, struct sim_scenario *sc, char *err, size_t errlen)
{
    struct parse p = { sc, 0, err, errlen };
    memset(sc, 0, sizeof(*sc));
    sc->seed = 1;
    sc->duration = 1000000000ull;
    err[0] = '\0';
    const char *s = text;
    while (*s) {
        char line[1024], *tok[40];
        size_t len = strcspn(s, "\n");
        p.line++;
        if (len >= sizeof(line)) {
            perr(&p, "line longer than %zu characters", sizeof(line) - 1);
            goto fail;
        }
        memcpy(line, s, len);
        line[len] = '\0';
        s += len + (s[len] == '\n');
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        int n = 0;
        for (char *t = strtok(line, " \t\r"); t; t = strtok(NULL, " \t\r")) {
            if (n == 40) {
                perr(&p, "more than 40 words");
                goto fail;
            }
            tok[n++] = t;
        }
        if (!n)
            continue;
        int r;
        if (!strcmp(tok[0], "sim"))
            r = parse_sim(&p, tok, n);
        else if (!strcmp(tok[0], "coproc"))
            r = parse_coproc(&p, tok, n);
        else if (!strcmp(tok[0], "vcoproc"))
            r = parse_vcoproc(&p, tok, n);
        else if (!strcmp(tok[0], "stream"))
            r = parse_stream(&p, tok, n);
        else if (!strcmp(tok[0], "workload"))
            r = parse_workload(&p, tok, n);
        else if (!strcmp(tok[0], "at"))
            r = parse_at(&p, tok, n);
        else
            r = perr(&p, "unknown statement \"%s\" (sim, coproc, vcoproc, stream, workload, at)",
                     tok[0]);
        if (r)
            goto fail;
    }
    if (!sc->nr_coprocs) {
        snprintf(err, errlen, "scenario defines no coproc");
        goto fail;
    }
    for (unsigned i = 0; i < sc->nr_vcoprocs; i++) {
        const struct sim_vcoproc_cfg *v = &sc->vcoprocs[i];
        if (sc->coprocs[v->coproc].device != SIM_DEVICE_SYNTHETIC &&
            v->workload.kind == SIM_WL_NONE) {
            snprintf(err, errlen, "vcoproc %s: its coproc %s is an %s: give it a workload line",
                     v->name, sc->coprocs[v->coproc].name,
                     sc->coprocs[v->coproc].device == SIM_DEVICE_SGPU ? "sgpu" : "sfpga");
            goto fail;
        }
    }
    return 0;
fail:
    sim_scenario_free(sc);
    return -1;
}

int sim_scenario_load(const char *path, struct sim_scenario *sc, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    buf[len] = '\0';
    char inner[400];
    int r = sim_scenario_parse(buf, sc, inner, sizeof(inner));
    free(buf);
    if (r)
        snprintf(err, errlen, "%s: %s", path, inner);
    return r;
}

void sim_scenario_free(struct sim_scenario *sc)
{
    free(sc->vcoprocs);
    sc->vcoprocs = NULL;
    sc->nr_vcoprocs = sc->vcoproc_cap = 0;
}
