/* Names of the library's errors and the device's status and fault codes, so
 * every error line says what went wrong in words. */
#include "fpga_priv.h"

const char *fpga_strerror(int err)
{
    switch (err) {
    case FPGA_OK: return "ok";
    case FPGA_E_ARG: return "bad argument";
    case FPGA_E_RANGE: return "outside the buffer or too long";
    case FPGA_E_ALIGN: return "misaligned buffer or length";
    case FPGA_E_NODEV: return "no SFPGA slot there";
    case FPGA_E_NOMEM: return "out of guest memory";
    case FPGA_E_TIMEOUT: return "timed out";
    case FPGA_E_LOAD: return "bitstream load failed";
    case FPGA_E_FAULT: return "job faulted";
    case FPGA_E_ACCEL: return "wrong accelerator loaded";
    case FPGA_E_NOLOAD: return "no load page";
    case FPGA_E_BUSY: return "slot busy";
    default: return "unknown error";
    }
}

const char *fpga_status_name(unsigned st)
{
    static const char *const names[] = {
        "OK", "PENDING", "BAD_MAGIC", "BAD_FORMAT", "BAD_SIZE", "HDR_CRC", "PAYLOAD_CRC",
        "UNKNOWN_ACCEL", "DMA_FAULT", "BAD_STATE", "CTX_TOO_SMALL", "CTX_BAD", "CTX_MISMATCH",
        "BAD_CMD", "NOT_ALLOWED",
    };
    return st < sizeof names / sizeof names[0] ? names[st] : "UNKNOWN_STATUS";
}

const char *fpga_fault_name(unsigned code)
{
    static const char *const names[] = {
        "NONE", "S2_TRANSLATION", "S2_PERMISSION", "S2_ACCESS", "BUS", "BAD_PARAM",
        "NO_ACCEL", "BUSY", "ABORTED",
    };
    return code < sizeof names / sizeof names[0] ? names[code] : "UNKNOWN_FAULT";
}

const char *fpga_accel_name(unsigned id)
{
    static const char *const names[] = { "empty", "sha256", "crc32c", "aes128ctr", "fir",
                                         "matmul8" };
    return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}
