/* MMIO accessors. Each is exactly one load or store instruction with a plain
 * base register (no writeback), so a trapping hypervisor always gets a valid
 * syndrome (ESR ISV=1) to decode. Stores of a constant 0 use wzr/xzr, which
 * exercises a decoder's handling of register 31. */
#ifndef RT_MMIO_H
#define RT_MMIO_H
#include <stdint.h>

static inline uint8_t mmio_read8(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return (uint8_t)v; }
static inline uint16_t mmio_read16(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return (uint16_t)v; }
static inline uint32_t mmio_read32(uintptr_t a)
{ uint32_t v; __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline uint64_t mmio_read64(uintptr_t a)
{ uint64_t v; __asm__ volatile("ldr %x0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }

static inline void mmio_write8(uintptr_t a, uint8_t v)
{ __asm__ volatile("strb %w0, [%1]" :: "rZ"((uint32_t)v), "r"(a) : "memory"); }
static inline void mmio_write16(uintptr_t a, uint16_t v)
{ __asm__ volatile("strh %w0, [%1]" :: "rZ"((uint32_t)v), "r"(a) : "memory"); }
static inline void mmio_write32(uintptr_t a, uint32_t v)
{ __asm__ volatile("str %w0, [%1]" :: "rZ"(v), "r"(a) : "memory"); }
static inline void mmio_write64(uintptr_t a, uint64_t v)
{ __asm__ volatile("str %x0, [%1]" :: "rZ"(v), "r"(a) : "memory"); }

/* Sign-extending loads into a 64-bit register (ESR ISS.SSE=1, SF=1). */
static inline int64_t mmio_read8s(uintptr_t a)
{ int64_t v; __asm__ volatile("ldrsb %x0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline int64_t mmio_read16s(uintptr_t a)
{ int64_t v; __asm__ volatile("ldrsh %x0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline int64_t mmio_read32s(uintptr_t a)
{ int64_t v; __asm__ volatile("ldrsw %x0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }

/* Sign-extending loads into a 32-bit register (SSE=1, SF=0): the value is
 * sign-extended to 32 bits and the upper half of the X register must read 0.
 * The whole X register is returned so a test can check both halves. */
static inline uint64_t mmio_read8s_w(uintptr_t a)
{ uint64_t v; __asm__ volatile("ldrsb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline uint64_t mmio_read16s_w(uintptr_t a)
{ uint64_t v; __asm__ volatile("ldrsh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }

#endif
