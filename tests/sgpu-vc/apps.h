/* The apps of guest-frontends/apps as simulated-guest workloads (apps.c). */
#ifndef SGPUVC_APPS_H
#define SGPUVC_APPS_H
#include "apps/workloads.h"

struct apps_cluster_run { struct cluster_params p; struct cluster_result r; int rc; };
struct apps_ivi_run { struct ivi_params p; struct ivi_result r; int rc; };
struct apps_checker_run { struct checker_params p; struct checker_result r; int rc; };

void apps_cluster(const struct sgpu_env *env, void *arg);
void apps_ivi(const struct sgpu_env *env, void *arg);
void apps_checker(const struct sgpu_env *env, void *arg);
#endif
