/* Timeline writers: SVG (one lane per slot, one per vcoproc) and the
 * Chrome/Perfetto JSON trace-event format. */
#include <stdbool.h>
#include <string.h>
#include "trace_model.h"

#define SVG_W 1400
#define SVG_LEFT 150
#define LANE_H 22
#define LANE_GAP 6

static const char *const palette[] = {
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
    "#edc948", "#ff9da7", "#9c755f", "#e15759", "#bab0ac",
};

static const char *vc_color(int vi)
{
    return vi < 0 ? "#888" : palette[vi % (int)(sizeof(palette) / sizeof(palette[0]))];
}

static double xpos(const struct trace_model *m, uint64_t t)
{
    double span = m->t1 > m->t0 ? (double)(m->t1 - m->t0) : 1.0;
    return SVG_LEFT + (double)(t - m->t0) / span * (SVG_W - SVG_LEFT - 20);
}

static int slot_lane(const struct trace_model *m, unsigned c, int slot)
{
    int lane = 0;
    for (size_t i = 0; i < m->nr_slots; i++) {
        if (m->slots[i].coproc == c && m->slots[i].slot == slot)
            return lane;
        lane++;
    }
    return lane;
}

int trace_write_svg(const struct trace_model *m, FILE *o)
{
    size_t lanes = m->nr_slots + m->nr_vcs;
    int h = (int)(lanes * (LANE_H + LANE_GAP)) + 90;
    fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "font-family=\"sans-serif\" font-size=\"11\">\n", SVG_W, h);
    fprintf(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(o, "<text x=\"10\" y=\"16\" font-size=\"13\">vcoproc timeline %.3f..%.3f ms "
            "(slot lanes: colour = vcoproc, grey = switching; vcoproc lanes: pale = waiting; "
            "red tick = deadline miss, orange = held IRQ)</text>\n",
            m->t0 / 1e6, m->t1 / 1e6);
    int y0 = 30;
    for (size_t i = 0; i < m->nr_slots; i++) {
        const struct trace_slot_state *s = &m->slots[i];
        const char *cn = m->coproc_names[s->coproc][0] ? m->coproc_names[s->coproc] : "coproc";
        fprintf(o, "<text x=\"5\" y=\"%d\">%s slot %d</text>\n",
                y0 + (int)i * (LANE_H + LANE_GAP) + 15, cn, s->slot);
    }
    for (size_t i = 0; i < m->nr_vcs; i++)
        fprintf(o, "<text x=\"5\" y=\"%d\" fill=\"%s\">%s</text>\n",
                y0 + (int)(m->nr_slots + i) * (LANE_H + LANE_GAP) + 15, vc_color((int)i),
                m->vcs[i].name);
    for (size_t i = 0; i < m->nr_segs; i++) {
        const struct seg *s = &m->segs[i];
        int lane = s->slot >= 0 ? slot_lane(m, s->coproc, s->slot) : (int)m->nr_slots + s->vc;
        double x0 = xpos(m, s->t0), x1 = xpos(m, s->t1);
        double w = x1 - x0 < 0.3 ? 0.3 : x1 - x0;
        const char *fill = vc_color(s->vc);
        const char *extra = "";
        if (s->kind == SEG_SWITCH_IN || s->kind == SEG_SWITCH_OUT)
            fill = s->kind == SEG_SWITCH_IN ? "#555" : "#999";
        else if (s->kind == SEG_WAITING)
            extra = " fill-opacity=\"0.3\"";
        else if (s->kind == SEG_FAULTED)
            fill = "#d00";
        fprintf(o, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"%s/>\n", x0,
                y0 + lane * (LANE_H + LANE_GAP), w, LANE_H, fill, extra);
    }
    /* running time on the vcoproc's own lane, from the slot segments */
    for (size_t i = 0; i < m->nr_segs; i++) {
        const struct seg *s = &m->segs[i];
        if (s->slot < 0 || s->kind != SEG_RUN || s->vc < 0)
            continue;
        double x0 = xpos(m, s->t0), x1 = xpos(m, s->t1);
        fprintf(o, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>\n", x0,
                y0 + ((int)m->nr_slots + s->vc) * (LANE_H + LANE_GAP), x1 - x0 < 0.3 ? 0.3 : x1 - x0,
                LANE_H, vc_color(s->vc));
    }
    for (size_t i = 0; i < m->nr_marks; i++) {
        const struct mark *k = &m->marks[i];
        if (k->kind == MARK_JOB)
            continue;
        const char *col = k->kind == MARK_MISS ? "#e00" : k->kind == MARK_HOLD ? "#f80" : "#000";
        int y = y0 + ((int)m->nr_slots + k->vc) * (LANE_H + LANE_GAP);
        double x = xpos(m, k->t);
        fprintf(o, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"%s\" "
                "stroke-width=\"2\"/>\n", x, y - 3, x, y + LANE_H + 3, col);
    }
    int ya = y0 + (int)lanes * (LANE_H + LANE_GAP) + 10;
    fprintf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", SVG_LEFT, ya,
            SVG_W - 20, ya);
    for (int t = 0; t <= 10; t++) {
        uint64_t tt = m->t0 + (m->t1 - m->t0) * (uint64_t)t / 10;
        double x = xpos(m, tt);
        fprintf(o, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f ms</text>\n",
                x, ya, x, ya + 5, x, ya + 18, tt / 1e6);
    }
    fprintf(o, "</svg>\n");
    return ferror(o) ? -1 : 0;
}

int trace_write_chrome(const struct trace_model *m, FILE *o)
{
    static const char *const kind[] = { "switch-in", "run", "switch-out", "waiting", "faulted" };
    bool first = true;
    fprintf(o, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    /* pid = coproc, tid = slot (0..) or 1000 + vcoproc for state lanes */
    for (unsigned c = 0; c < m->nr_coprocs; c++) {
        fprintf(o, "%s{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"args\":{\"name\":\"%s\"}}",
                first ? "" : ",", c, m->coproc_names[c][0] ? m->coproc_names[c] : "coproc");
        first = false;
    }
    for (size_t i = 0; i < m->nr_slots; i++)
        fprintf(o, ",{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%d,"
                "\"args\":{\"name\":\"slot %d\"}}", m->slots[i].coproc, m->slots[i].slot,
                m->slots[i].slot);
    for (size_t i = 0; i < m->nr_vcs; i++)
        fprintf(o, ",{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%zu,"
                "\"args\":{\"name\":\"%s\"}}", m->vcs[i].coproc, 1000 + i, m->vcs[i].name);
    for (size_t i = 0; i < m->nr_segs; i++) {
        const struct seg *s = &m->segs[i];
        const char *name = s->vc >= 0 ? m->vcs[s->vc].name : "?";
        long tid = s->slot >= 0 ? s->slot : 1000 + s->vc;
        fprintf(o, ",{\"ph\":\"X\",\"name\":\"%s %s\",\"cat\":\"%s\",\"pid\":%u,\"tid\":%ld,"
                "\"ts\":%.3f,\"dur\":%.3f}", kind[s->kind], name, kind[s->kind], s->coproc, tid,
                s->t0 / 1e3, (s->t1 - s->t0) / 1e3);
    }
    for (size_t i = 0; i < m->nr_marks; i++) {
        const struct mark *k = &m->marks[i];
        static const char *const mk[] = { "job", "deadline-miss", "irq-held", "fault" };
        fprintf(o, ",{\"ph\":\"i\",\"s\":\"t\",\"name\":\"%s\",\"pid\":%u,\"tid\":%zu,\"ts\":%.3f}",
                mk[k->kind], k->coproc, (size_t)1000 + (size_t)k->vc, k->t / 1e3);
    }
    fprintf(o, "]}\n");
    return ferror(o) ? -1 : 0;
}
