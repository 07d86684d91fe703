/* Names of the library's error codes and of the device's fault codes. */
#include "sgpu_priv.h"

const char *sgpu_err_str(int err)
{
    switch (err) {
    case SGPU_OK: return "OK";
    case SGPU_ERR_INVAL: return "INVAL";
    case SGPU_ERR_NOMEM: return "NOMEM";
    case SGPU_ERR_NODEV: return "NODEV";
    case SGPU_ERR_TIMEOUT: return "TIMEOUT";
    case SGPU_ERR_FAULT: return "FAULT";
    case SGPU_ERR_NOVA: return "NOVA";
    default: return "UNKNOWN";
    }
}

const char *sgpu_err_fault_name(uint32_t code)
{
    switch (code) {
    case SGPU_FAULT_NONE: return "NONE";
    case SGPU_FAULT_S1_TRANSLATION: return "S1_TRANSLATION";
    case SGPU_FAULT_S1_PERMISSION: return "S1_PERMISSION";
    case SGPU_FAULT_S2_TRANSLATION: return "S2_TRANSLATION";
    case SGPU_FAULT_S2_PERMISSION: return "S2_PERMISSION";
    case SGPU_FAULT_BUS: return "BUS";
    case SGPU_FAULT_S1_ACCESS: return "S1_ACCESS";
    case SGPU_FAULT_S2_ACCESS: return "S2_ACCESS";
    case SGPU_FAULT_BAD_OPCODE: return "BAD_OPCODE";
    case SGPU_FAULT_TRUNCATED: return "TRUNCATED";
    case SGPU_FAULT_BAD_LENGTH: return "BAD_LENGTH";
    case SGPU_FAULT_OVERSIZE: return "OVERSIZE";
    case SGPU_FAULT_BAD_RING: return "BAD_RING";
    case SGPU_FAULT_BAD_KERNEL: return "BAD_KERNEL";
    case SGPU_FAULT_BAD_ARGUMENT: return "BAD_ARGUMENT";
    case SGPU_FAULT_HANG: return "HANG";
    default: return "UNKNOWN";
    }
}
