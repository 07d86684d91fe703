/* vctrace: turns a vcoproc trace (docs/framework.md, "Trace format") into a
 * timeline: an SVG picture and/or Chrome/Perfetto JSON (load it in
 * ui.perfetto.dev or chrome://tracing).
 *   vctrace TRACE [--svg OUT.svg] [--chrome OUT.json] [--from T] [--to T]
 * T in ns. Lines it does not know are skipped, so traces may carry other
 * console output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_model.h"

static int usage(void)
{
    fprintf(stderr, "usage: vctrace TRACE [--svg OUT.svg] [--chrome OUT.json] [--from NS] [--to NS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *in = NULL, *svg = NULL, *chrome = NULL;
    unsigned long long from = 0, to = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--svg") && i + 1 < argc)
            svg = argv[++i];
        else if (!strcmp(argv[i], "--chrome") && i + 1 < argc)
            chrome = argv[++i];
        else if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = strtoull(argv[++i], NULL, 0);
        else if (argv[i][0] == '-' || in)
            return usage();
        else
            in = argv[i];
    }
    if (!in || (!svg && !chrome))
        return usage();
    FILE *f = fopen(in, "r");
    if (!f) {
        fprintf(stderr, "vctrace: cannot read %s\n", in);
        return 1;
    }
    struct trace_model m;
    char err[256];
    int r = trace_model_load(&m, f, err, sizeof(err));
    fclose(f);
    if (r) {
        fprintf(stderr, "vctrace: %s: %s\n", in, err);
        return 1;
    }
    trace_model_window(&m, from, to);
    if (svg) {
        FILE *o = fopen(svg, "w");
        if (!o || trace_write_svg(&m, o)) {
            fprintf(stderr, "vctrace: cannot write %s\n", svg);
            return 1;
        }
        fclose(o);
    }
    if (chrome) {
        FILE *o = fopen(chrome, "w");
        if (!o || trace_write_chrome(&m, o)) {
            fprintf(stderr, "vctrace: cannot write %s\n", chrome);
            return 1;
        }
        fclose(o);
    }
    printf("vctrace: %zu events, %zu slot segments, %zu vcoprocs, %llu..%llu ns\n", m.nr_events,
           m.nr_segs, m.nr_vcs, (unsigned long long)m.t0, (unsigned long long)m.t1);
    trace_model_free(&m);
    return 0;
}
