/* The real workloads (guest-frontends/apps: cluster, ivi, checker) as
 * simulated guests: each opens its virtual SGPU with the native library and
 * runs the app, which verifies its own results. */
#include <string.h>
#include "apps.h"

static struct sgpu_dev *apps_open(const struct sgpu_env *env, int *rc)
{
    struct sgpu_params p;
    memset(&p, 0, sizeof(p));
    p.timeout_ns = 500000000ull;
    return sgpu_dev_open(env, &p, rc);
}

void apps_cluster(const struct sgpu_env *env, void *arg)
{
    struct apps_cluster_run *a = arg;
    struct sgpu_dev *d = apps_open(env, &a->rc);
    a->rc = d ? cluster_run(d, &a->p, &a->r) : (a->rc ? a->rc : -1);
}

void apps_ivi(const struct sgpu_env *env, void *arg)
{
    struct apps_ivi_run *a = arg;
    struct sgpu_dev *d = apps_open(env, &a->rc);
    a->rc = d ? ivi_run(d, &a->p, &a->r) : (a->rc ? a->rc : -1);
}

void apps_checker(const struct sgpu_env *env, void *arg)
{
    struct apps_checker_run *a = arg;
    struct sgpu_dev *d = apps_open(env, &a->rc);
    a->rc = d ? checker_run(d, &a->p, &a->r) : (a->rc ? a->rc : -1);
}
