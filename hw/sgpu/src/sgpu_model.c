/* hw_sgpu_model_ops: the SGPU behind the model-side interface of
 * hw/model.h, for the ivshmem process. */
#include <stdio.h>
#include <string.h>

#include "sgpu_internal.h"

/* Options: "executor=builtin" (default) or "executor=opencl", comma
 * separated; anything else is refused by name. */
static int model_parse(const char *opts, struct sgpu_config *cfg, char *err, size_t errlen)
{
    if (!opts || !*opts)
        return 0;
    char buf[256];
    if (strlen(opts) >= sizeof(buf)) {
        snprintf(err, errlen, "sgpu: options string too long (%zu bytes)", strlen(opts));
        return -1;
    }
    strcpy(buf, opts);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (!strcmp(tok, "executor=builtin"))
            cfg->executor = SGPU_EXEC_BUILTIN;
        else if (!strcmp(tok, "executor=opencl"))
            cfg->executor = SGPU_EXEC_OPENCL;
        else {
            snprintf(err, errlen, "sgpu: unknown option '%s' (known: executor=builtin|opencl)", tok);
            return -1;
        }
    }
    return 0;
}

static void *model_create(const struct hw_model_env *env, char *err, size_t errlen)
{
    struct sgpu_config cfg = {
        .mem = env->mem,
        .regs = env->regs,
        .raise_irq = env->raise_irq,
        .irq_ctx = env->irq_ctx,
        .executor = SGPU_EXEC_BUILTIN,
        .now_ns = env->now_ns,
        .clock = env->clock,
        .clock_ctx = env->clock_ctx,
    };
    if (!env->regs) {
        snprintf(err, errlen, "sgpu: no register pages given");
        return NULL;
    }
    if (model_parse(env->options, &cfg, err, errlen))
        return NULL;
    return sgpu_create(&cfg, err, errlen);
}

static void model_destroy(void *m)
{
    sgpu_destroy(m);
}

static void model_doorbell(void *m, uint64_t now_ns)
{
    sgpu_doorbell(m, now_ns);
}

static uint64_t model_advance(void *m, uint64_t now_ns)
{
    return sgpu_advance(m, now_ns);
}

static void model_reset(void *m, uint64_t now_ns)
{
    sgpu_reset(m, now_ns);
}

const struct hw_model_ops hw_sgpu_model_ops = {
    .name = "sgpu",
    .n_pages = SGPU_NUM_PAGES,
    .n_vectors = SGPU_NUM_VECTORS,
    .create = model_create,
    .destroy = model_destroy,
    .doorbell = model_doorbell,
    .advance = model_advance,
    .reset = model_reset,
};
