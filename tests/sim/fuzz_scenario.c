/* libFuzzer target: the scenario parser must reject or accept any input
 * without crashing, reading out of bounds or leaking, and an accepted
 * scenario must satisfy the framework's own parameter checks. */
#include <stdlib.h>
#include <string.h>
#include "sim/scenario.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *text = malloc(size + 1);
    struct sim_scenario sc;
    char err[512];
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (sim_scenario_parse(text, &sc, err, sizeof(err)) == 0) {
        for (unsigned i = 0; i < sc.nr_vcoprocs; i++) {
            if (sched_params_check(&sc.vcoprocs[i].sched) || sc.vcoprocs[i].coproc >= sc.nr_coprocs)
                abort();
        }
        if (!sc.nr_coprocs)
            abort();
        for (unsigned i = 0; i < sc.nr_changes; i++) {
            const struct sim_change *ch = &sc.changes[i];
            if (ch->target >= (ch->is_vcoproc ? sc.nr_vcoprocs : sc.nr_coprocs))
                abort();
            if (!ch->is_policy && sched_param_check(ch->key, ch->value))
                abort();
        }
        sim_scenario_free(&sc);
    } else if (!strstr(err, "line") && !strstr(err, "no coproc")) {
        abort(); /* every rejection names where */
    }
    free(text);
    return 0;
}
