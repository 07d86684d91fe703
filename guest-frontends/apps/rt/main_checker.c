/* sgpu-checker: every kernel and COPY/FILL verified against CPU references
 * in the guest. bootargs: rounds=, seed=. Passes when every check does. */
#include "apps/workloads.h"
#include "guest_main.h"
#include "rt/rt.h"
#include "rt/test.h"

int main(void *dtb)
{
    struct guest_env e;
    struct sgpu_dev *d = guest_main_open("sgpu-checker", dtb, &e);
    if (!T_CHECK(d != NULL))
        return test_end();
    struct checker_params p;
    struct checker_result r;
    checker_defaults(&p);
    p.rounds = (uint32_t)guest_main_arg(&e, "rounds", p.rounds);
    p.seed = (uint32_t)guest_main_arg(&e, "seed", p.seed);
    T_CHECK_EQ(checker_run(d, &p, &r), 0);
    T_CHECK(r.pass > 0);
    T_CHECK_EQ(r.fail, 0);
    return test_end();
}
