/* The OpenCL executor: the built-in kernel library written in OpenCL C,
 * built at start-up for the first device the ICD loader offers (PoCL on the
 * CPU here, a real GPU elsewhere). A DISPATCH wraps its host buffers once
 * (CL_MEM_USE_HOST_PTR); each batch of work-groups runs as at most three
 * NDRanges per z plane with a global offset and then maps the written
 * buffers, so host memory shows exactly the finished work-groups between
 * batches (and across a preemption). */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgpu_internal.h"

static const char ocl_source[] =
    "#pragma OPENCL FP_CONTRACT OFF\n"
    "__kernel void saxpy(__global const float *x, __global float *y, uint n, float a) {\n"
    "  ulong i = get_global_id(0);\n"
    "  if (i < n) y[i] = a * x[i] + y[i];\n"
    "}\n"
    "__kernel void sgemm(__global const float *A, __global const float *B, __global float *C,\n"
    "                    uint m, uint n, uint k, float alpha, float beta) {\n"
    "  ulong j = get_global_id(0), i = get_global_id(1);\n"
    "  if (i >= m || j >= n) return;\n"
    "  float acc = 0.0f;\n"
    "  for (ulong p = 0; p < k; p++) acc += A[i * k + p] * B[p * n + j];\n"
    "  C[i * n + j] = alpha * acc + beta * C[i * n + j];\n"
    "}\n"
    "__kernel void reduce(__global const float *in, __global float *out, uint n, uint per_group,\n"
    "                     __local float *part) {\n"
    "  uint l = get_local_id(0), wg = get_local_size(0);\n"
    "  ulong g = (get_global_id(0) - l) / wg;\n"
    "  ulong base = g * per_group;\n"
    "  float s = 0.0f;\n"
    "  for (ulong j = l; j < per_group && base + j < n; j += wg) s += in[base + j];\n"
    "  part[l] = s;\n"
    "  barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  if (l == 0) {\n"
    "    float t = 0.0f;\n"
    "    for (uint i = 0; i < wg; i++) t += part[i];\n"
    "    out[g] = t;\n"
    "  }\n"
    "}\n"
    "__kernel void conv3x3(__global const float *in, __global float *out, uint w, uint h,\n"
    "                      __global const float *k) {\n"
    "  long x = get_global_id(0), y = get_global_id(1);\n"
    "  if (x >= w || y >= h) return;\n"
    "  float acc = 0.0f;\n"
    "  for (int dy = -1; dy <= 1; dy++) {\n"
    "    long cy = clamp(y + dy, (long)0, (long)h - 1);\n"
    "    for (int dx = -1; dx <= 1; dx++) {\n"
    "      long cx = clamp(x + dx, (long)0, (long)w - 1);\n"
    "      acc += k[(dy + 1) * 3 + (dx + 1)] * in[cy * w + cx];\n"
    "    }\n"
    "  }\n"
    "  out[y * w + x] = acc;\n"
    "}\n"
    "long edge(long ax, long ay, long bx, long by, long px, long py) {\n"
    "  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);\n"
    "}\n"
    "int owns(long w, long ax, long ay, long bx, long by) {\n"
    "  if (w != 0) return w > 0;\n"
    "  return (ay == by && bx < ax) || by < ay;\n"
    "}\n"
    "__kernel void raster(__global uchar *fb, uint w, uint h, uint stride,\n"
    "                     int x0, int y0, int x1, int y1, int x2, int y2,\n"
    "                     uint c0, uint c1, uint c2) {\n"
    "  ulong x = get_global_id(0), y = get_global_id(1);\n"
    "  if (x >= w || y >= h) return;\n"
    "  long v0x = x0, v0y = y0, v1x = x1, v1y = y1, v2x = x2, v2y = y2;\n"
    "  uint k0 = c0, k1 = c1, k2 = c2;\n"
    "  long area = edge(v0x, v0y, v1x, v1y, v2x, v2y);\n"
    "  if (area == 0) return;\n"
    "  if (area < 0) {\n"
    "    long tx = v1x, ty = v1y; v1x = v2x; v1y = v2y; v2x = tx; v2y = ty;\n"
    "    uint tc = k1; k1 = k2; k2 = tc; area = -area;\n"
    "  }\n"
    "  long px = (long)x * 16 + 8, py = (long)y * 16 + 8;\n"
    "  long w0 = edge(v1x, v1y, v2x, v2y, px, py);\n"
    "  long w1 = edge(v2x, v2y, v0x, v0y, px, py);\n"
    "  long w2 = edge(v0x, v0y, v1x, v1y, px, py);\n"
    "  if (!owns(w0, v1x, v1y, v2x, v2y) || !owns(w1, v2x, v2y, v0x, v0y) ||\n"
    "      !owns(w2, v0x, v0y, v1x, v1y)) return;\n"
    "  __global uchar *p = fb + y * stride + 4 * x;\n"
    "  for (int ch = 0; ch < 4; ch++) {\n"
    "    long c = w0 * (long)((k0 >> (8 * ch)) & 0xff) + w1 * (long)((k1 >> (8 * ch)) & 0xff) +\n"
    "             w2 * (long)((k2 >> (8 * ch)) & 0xff);\n"
    "    p[ch] = (uchar)(c / area);\n"
    "  }\n"
    "}\n";

static const char *const ocl_names[SGPU_K_COUNT] = {
    [SGPU_K_SAXPY] = "saxpy", [SGPU_K_SGEMM] = "sgemm", [SGPU_K_REDUCE] = "reduce",
    [SGPU_K_CONV3X3] = "conv3x3", [SGPU_K_RASTER] = "raster",
};

struct ocl_exec {
    struct sgpu_exec base;
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel k[SGPU_K_COUNT];
    cl_mem mem[SGPU_MAX_BUFS];  /* the DISPATCH between begin and end */
    cl_mem wbuf;
};

static void ocl_end(struct sgpu_exec *e);

static void ocl_destroy(struct sgpu_exec *e)
{
    struct ocl_exec *o = (struct ocl_exec *)e;
    if (o->q)
        ocl_end(e);
    for (unsigned i = 0; i < SGPU_K_COUNT; i++)
        if (o->k[i])
            clReleaseKernel(o->k[i]);
    if (o->prog)
        clReleaseProgram(o->prog);
    if (o->q)
        clReleaseCommandQueue(o->q);
    if (o->ctx)
        clReleaseContext(o->ctx);
    free(o);
}

/* Sets the kernel's arguments; mem[] are the dispatch's buffers on the
 * device, wbuf a small constant buffer (conv weights). */
static cl_int ocl_set_args(cl_kernel k, const struct sgpu_dispatch *d, cl_mem *mem, cl_mem wbuf)
{
    cl_int e = CL_SUCCESS;
    unsigned a = 0;
#define ARG(v) (e |= clSetKernelArg(k, a++, sizeof(v), &(v)))
    switch (d->kernel) {
    case SGPU_K_SAXPY:
        ARG(mem[0]); ARG(mem[1]); ARG(d->a.saxpy.n); ARG(d->a.saxpy.a);
        break;
    case SGPU_K_SGEMM:
        ARG(mem[0]); ARG(mem[1]); ARG(mem[2]);
        ARG(d->a.sgemm.m); ARG(d->a.sgemm.n); ARG(d->a.sgemm.k);
        ARG(d->a.sgemm.alpha); ARG(d->a.sgemm.beta);
        break;
    case SGPU_K_REDUCE:
        ARG(mem[0]); ARG(mem[1]); ARG(d->a.reduce.n); ARG(d->a.reduce.per_group);
        e |= clSetKernelArg(k, a++, sizeof(float) * d->wg[0], NULL);
        break;
    case SGPU_K_CONV3X3:
        ARG(mem[0]); ARG(mem[1]); ARG(d->a.conv.w); ARG(d->a.conv.h); ARG(wbuf);
        break;
    case SGPU_K_RASTER:
        ARG(mem[0]); ARG(d->a.raster.w); ARG(d->a.raster.h); ARG(d->a.raster.stride);
        for (unsigned i = 0; i < 6; i++)
            ARG(d->a.raster.xy[i]);
        for (unsigned i = 0; i < 3; i++)
            ARG(d->a.raster.rgba[i]);
        break;
    default:
        return CL_INVALID_KERNEL;
    }
#undef ARG
    return e;
}

static cl_int ocl_enqueue_box(struct ocl_exec *o, cl_kernel k, const struct sgpu_dispatch *d,
                              uint64_t gx0, uint64_t gx1, uint64_t gy0, uint64_t gy1, uint64_t gz)
{
    size_t off[3] = { gx0 * d->wg[0], gy0 * d->wg[1], gz * d->wg[2] };
    size_t gsz[3] = { (gx1 - gx0) * d->wg[0], (gy1 - gy0) * d->wg[1], d->wg[2] };
    size_t lsz[3] = { d->wg[0], d->wg[1], d->wg[2] };
    return clEnqueueNDRangeKernel(o->q, k, 3, off, gsz, lsz, 0, NULL, NULL);
}

/* Splits the linear range of work-groups into boxes: a partial row, whole
 * rows, a partial row, within each z plane. */
static cl_int ocl_enqueue_range(struct ocl_exec *o, cl_kernel k, const struct sgpu_dispatch *d,
                                uint64_t first, uint64_t count)
{
    uint64_t gx = d->grid[0], gy = d->grid[1], plane = gx * gy;
    uint64_t g = first, end = first + count;
    cl_int e = CL_SUCCESS;
    while (g < end && e == CL_SUCCESS) {
        uint64_t z = g / plane, y = g % plane / gx, x = g % gx;
        if (x != 0 || end - g < gx) {
            uint64_t n = gx - x < end - g ? gx - x : end - g;
            e = ocl_enqueue_box(o, k, d, x, x + n, y, y + 1, z);
            g += n;
            continue;
        }
        uint64_t rows = (end - g) / gx;
        if (rows > gy - y)
            rows = gy - y;
        e = ocl_enqueue_box(o, k, d, 0, gx, y, y + rows, z);
        g += rows * gx;
    }
    return e;
}

static void ocl_end(struct sgpu_exec *e)
{
    struct ocl_exec *o = (struct ocl_exec *)e;
    clFinish(o->q);
    for (unsigned i = 0; i < SGPU_MAX_BUFS; i++) {
        if (o->mem[i])
            clReleaseMemObject(o->mem[i]);
        o->mem[i] = NULL;
    }
    if (o->wbuf)
        clReleaseMemObject(o->wbuf);
    o->wbuf = NULL;
}

/* Wraps the dispatch's host buffers (machine RAM or staging) without a
 * copy: on a CPU device the kernels then work in place. */
static int ocl_begin(struct sgpu_exec *e, const struct sgpu_dispatch *d)
{
    struct ocl_exec *o = (struct ocl_exec *)e;
    cl_int err = CL_SUCCESS;
    if (d->kernel == 0 || d->kernel >= SGPU_K_COUNT || !o->k[d->kernel])
        return -1;
    for (unsigned i = 0; i < d->nbufs; i++) {
        if (d->buf[i].len)
            o->mem[i] = clCreateBuffer(o->ctx, CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, d->buf[i].len,
                                       d->buf[i].host, &err);
        else
            o->mem[i] = clCreateBuffer(o->ctx, CL_MEM_READ_WRITE, 4, NULL, &err);
        if (err != CL_SUCCESS)
            goto fail;
    }
    if (d->kernel == SGPU_K_CONV3X3) {
        o->wbuf = clCreateBuffer(o->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof(d->a.conv.k),
                                 (void *)d->a.conv.k, &err);
        if (err != CL_SUCCESS)
            goto fail;
    }
    if ((err = ocl_set_args(o->k[d->kernel], d, o->mem, o->wbuf)) != CL_SUCCESS)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "sgpu: OpenCL error %d setting up kernel %s\n", (int)err, ocl_names[d->kernel]);
    ocl_end(e);
    return -1;
}

static int ocl_run(struct sgpu_exec *e, const struct sgpu_dispatch *d, uint64_t first, uint64_t count)
{
    struct ocl_exec *o = (struct ocl_exec *)e;
    cl_int err = ocl_enqueue_range(o, o->k[d->kernel], d, first, count);
    /* Mapping a USE_HOST_PTR buffer is what makes the host copy current
     * (free on a CPU device, a copy on a discrete GPU). */
    for (unsigned i = 0; err == CL_SUCCESS && i < d->nbufs; i++) {
        if (!d->buf[i].write || !d->buf[i].len)
            continue;
        void *p = clEnqueueMapBuffer(o->q, o->mem[i], CL_TRUE, CL_MAP_READ, 0, d->buf[i].len, 0, NULL,
                                     NULL, &err);
        if (err == CL_SUCCESS)
            err = clEnqueueUnmapMemObject(o->q, o->mem[i], p, 0, NULL, NULL);
    }
    if (err == CL_SUCCESS)
        err = clFinish(o->q);
    if (err != CL_SUCCESS) {
        fprintf(stderr, "sgpu: OpenCL error %d running kernel %s\n", (int)err, ocl_names[d->kernel]);
        return -1;
    }
    return 0;
}

static const struct sgpu_exec_ops ocl_ops = {
    .name = "OpenCL",
    .begin = ocl_begin,
    .end = ocl_end,
    .run = ocl_run,
    .destroy = ocl_destroy,
};

struct sgpu_exec *sgpu_opencl_create(char *err, size_t errlen)
{
    cl_platform_id plat[8];
    cl_uint nplat = 0;
    if (clGetPlatformIDs(8, plat, &nplat) != CL_SUCCESS || nplat == 0) {
        snprintf(err, errlen, "no OpenCL platform found by the ICD loader");
        return NULL;
    }
    cl_device_id dev = NULL;
    cl_platform_id p = NULL;
    for (cl_uint i = 0; i < nplat && !dev; i++) {
        cl_uint n = 0;
        if (clGetDeviceIDs(plat[i], CL_DEVICE_TYPE_ALL, 1, &dev, &n) != CL_SUCCESS || n == 0)
            dev = NULL;
        else
            p = plat[i];
    }
    if (!dev) {
        snprintf(err, errlen, "%u OpenCL platform(s) but no device", (unsigned)nplat);
        return NULL;
    }
    struct ocl_exec *o = calloc(1, sizeof(*o));
    if (!o) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    o->base.ops = &ocl_ops;
    cl_int e;
    cl_context_properties props[] = { CL_CONTEXT_PLATFORM, (cl_context_properties)p, 0 };
    o->ctx = clCreateContext(props, 1, &dev, NULL, NULL, &e);
    if (e != CL_SUCCESS) {
        snprintf(err, errlen, "clCreateContext failed (%d)", (int)e);
        goto fail;
    }
    o->q = clCreateCommandQueue(o->ctx, dev, 0, &e);
    if (e != CL_SUCCESS) {
        snprintf(err, errlen, "clCreateCommandQueue failed (%d)", (int)e);
        goto fail;
    }
    const char *src = ocl_source;
    o->prog = clCreateProgramWithSource(o->ctx, 1, &src, NULL, &e);
    if (e == CL_SUCCESS)
        e = clBuildProgram(o->prog, 1, &dev, "", NULL, NULL);
    if (e != CL_SUCCESS) {
        char log[512] = "";
        if (o->prog)
            clGetProgramBuildInfo(o->prog, dev, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1, log, NULL);
        snprintf(err, errlen, "building the kernels failed (%d): %.200s", (int)e, log);
        goto fail;
    }
    for (unsigned i = 1; i < SGPU_K_COUNT; i++) {
        o->k[i] = clCreateKernel(o->prog, ocl_names[i], &e);
        if (e != CL_SUCCESS) {
            snprintf(err, errlen, "kernel %s missing (%d)", ocl_names[i], (int)e);
            goto fail;
        }
    }
    return &o->base;
fail:
    ocl_destroy(&o->base);
    return NULL;
}
