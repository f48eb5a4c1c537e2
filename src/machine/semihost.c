/*
 * Semihosting calls (IHI 0095). Operation numbers and the AArch64 parameter-block conventions are
 * from that specification; where it leaves choices, we follow QEMU 7.2 (target/arm/arm-semi.c,
 * semihosting/arm-compat-semi.c) so a ROM gives the same results on both.
 */
#include "machine/semihost.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "util/log.h"
#include "util/host_clock.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05,
    SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09, SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c, SYS_TMPNAM = 0x0d, SYS_REMOVE = 0x0e, SYS_RENAME = 0x0f, SYS_CLOCK = 0x10,
    SYS_TIME = 0x11, SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20, SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
/* X0 after SYS_WRITEC and SYS_WRITE0, which IHI 0095 says corrupt it: QEMU 7.2 writes this
 * value (common_semi_dead_cb), and the lockstep harness compares X0 after every call. */
#define SEMIHOST_CORRUPTED 0xdeadbeefull
#define TICKS_PER_SECOND 1000000000ull /* SYS_ELAPSED counts nanoseconds, as QEMU */


/* Nanoseconds since the program started: the machine's virtual time when deterministic. */
static uint64_t elapsed_ns(const struct semihost *sh)
{
    return sh->virtual_ns ? sh->virtual_ns(sh->opaque) : host_monotonic_ns() - sh->start_ns;
}

/* Seconds since 1970: a fixed date advanced by virtual time when deterministic. */
static uint64_t wall_seconds(const struct semihost *sh)
{
    return sh->virtual_ns ? SEMIHOST_FIXED_EPOCH + sh->virtual_ns(sh->opaque) / 1000000000ull : (uint64_t)time(NULL);
}

static bool read_args(struct cpu_state *cpu, uint64_t block, uint64_t *args, unsigned n)
{
    return cpu_virt_read(cpu, block, args, n * sizeof(uint64_t));
}

static void set_result(struct cpu_state *cpu, uint64_t v) { cpu->x[0] = v; }

static uint64_t fail(struct semihost *sh, int err)
{
    sh->last_errno = err;
    return (uint64_t)-1;
}

/* The console stream (0 stdin, 1 stdout, 2 stderr) behind handle h, or -1. */
static int handle_stream(const struct semihost *sh, uint64_t h)
{
    if (h < 1 || h >= SEMIHOST_MAX_HANDLES || !sh->handle[h])
        return -1;
    return sh->handle[h] - 1;
}

static uint64_t do_open(struct semihost *sh, struct cpu_state *cpu, uint64_t block)
{
    uint64_t a[3];
    char name[8] = { 0 };
    if (!read_args(cpu, block, a, 3))
        return fail(sh, EFAULT);
    if (a[2] != 3 || !cpu_virt_read(cpu, a[0], name, 3) || strcmp(name, ":tt") != 0) {
        log_msg(LOG_GUEST, "semihosting: SYS_OPEN of anything but \":tt\" is refused (no host file access)");
        return fail(sh, EACCES);
    }
    /* As QEMU (SH_EXT_STDOUT_STDERR): modes r* are stdin, w* stdout, a* stderr; the handle is
     * the lowest free one, whatever the mode. */
    unsigned mode = (unsigned)a[1];
    uint8_t stream = mode < 4 ? 0 : (mode < 8 ? 1 : 2);
    for (unsigned h = 1; h < SEMIHOST_MAX_HANDLES; h++) {
        if (!sh->handle[h]) {
            sh->handle[h] = (uint8_t)(stream + 1);
            return h;
        }
    }
    return fail(sh, EMFILE);
}

/* SYS_WRITE returns the number of bytes not written; as QEMU, a bad handle or a handle that
 * cannot be written (stdin) writes nothing and returns the whole length. Output to the stderr
 * handle goes to the console like the rest. */
static uint64_t do_write(struct semihost *sh, struct cpu_state *cpu, uint64_t block)
{
    uint64_t a[3];
    if (!read_args(cpu, block, a, 3))
        return fail(sh, EFAULT);
    int stream = handle_stream(sh, a[0]);
    if (stream < 1)
        return a[2]; /* QEMU leaves SYS_ERRNO alone here */
    uint64_t left = a[2], addr = a[1];
    char buf[256];
    while (left) {
        size_t n = left < sizeof buf ? (size_t)left : sizeof buf;
        if (!cpu_virt_read(cpu, addr, buf, n))
            break;
        sh->write(sh->opaque, buf, n);
        left -= n;
        addr += n;
    }
    return left; /* bytes not written */
}

static uint64_t do_read(struct semihost *sh, struct cpu_state *cpu, uint64_t block)
{
    uint64_t a[3];
    if (!read_args(cpu, block, a, 3))
        return fail(sh, EFAULT);
    if (handle_stream(sh, a[0]) != 0)
        return a[2]; /* as SYS_WRITE: nothing read, SYS_ERRNO unchanged */
    uint64_t done = 0;
    while (done < a[2]) {
        int c = sh->read_byte(sh->opaque);
        if (c < 0)
            break;
        uint8_t b = (uint8_t)c;
        if (!cpu_virt_write(cpu, a[1] + done, &b, 1))
            return fail(sh, EFAULT);
        done++;
        if (b == '\n')
            break;
    }
    return a[2] - done; /* bytes not read */
}

static void do_exit(struct semihost *sh, struct cpu_state *cpu, uint64_t block)
{
    uint64_t a[2];
    (void)sh;
    /* AArch64: X1 points to {reason, subcode} (IHI 0095 6.5). */
    if (!read_args(cpu, block, a, 2)) {
        a[0] = block;
        a[1] = 1;
    }
    cpu->exit_code = a[0] == ADP_STOPPED_APPLICATION_EXIT ? (int)(uint32_t)a[1] : 1;
    cpu->stop = CPU_STOP_EXIT;
}

bool semihost_call(void *opaque, struct cpu_state *cpu)
{
    struct semihost *sh = opaque;
    uint32_t op = (uint32_t)cpu->x[0];
    uint64_t p = cpu->x[1];
    switch (op) {
    case SYS_OPEN: set_result(cpu, do_open(sh, cpu, p)); break;
    case SYS_CLOSE: {
        uint64_t h;
        if (!read_args(cpu, p, &h, 1) || handle_stream(sh, h) < 0) {
            set_result(cpu, fail(sh, EBADF));
        } else {
            sh->handle[h] = 0;
            set_result(cpu, 0);
        }
        break;
    }
    case SYS_WRITEC: {
        char c;
        if (cpu_virt_read(cpu, p, &c, 1))
            sh->write(sh->opaque, &c, 1);
        set_result(cpu, SEMIHOST_CORRUPTED);
        break;
    }
    case SYS_WRITE0: {
        char buf[256];
        size_t n = 0;
        for (uint64_t a = p;; a++) {
            char c;
            if (!cpu_virt_read(cpu, a, &c, 1) || c == 0)
                break;
            buf[n++] = c;
            if (n == sizeof buf) {
                sh->write(sh->opaque, buf, n);
                n = 0;
            }
        }
        if (n)
            sh->write(sh->opaque, buf, n);
        set_result(cpu, SEMIHOST_CORRUPTED);
        break;
    }
    case SYS_WRITE: set_result(cpu, do_write(sh, cpu, p)); break;
    case SYS_READ: set_result(cpu, do_read(sh, cpu, p)); break;
    case SYS_READC: {
        int c = sh->read_byte(sh->opaque);
        set_result(cpu, c < 0 ? (uint64_t)-1 : (uint64_t)c);
        break;
    }
    case SYS_ISERROR: {
        uint64_t v;
        set_result(cpu, read_args(cpu, p, &v, 1) && (int64_t)v < 0 ? 1 : 0);
        break;
    }
    case SYS_ISTTY: {
        uint64_t h;
        /* As QEMU: whether the host stream behind the handle is a terminal. */
        int stream = read_args(cpu, p, &h, 1) ? handle_stream(sh, h) : -1;
        if (stream < 0)
            set_result(cpu, fail(sh, EBADF));
        else
            set_result(cpu, !sh->virtual_ns && isatty(stream) ? 1 : 0); /* deterministic: never a tty */
        break;
    }
    case SYS_SEEK: case SYS_FLEN:
        set_result(cpu, fail(sh, ESPIPE)); /* the console cannot seek and has no length */
        break;
    case SYS_CLOCK: /* centiseconds since the program started */
        set_result(cpu, elapsed_ns(sh) / 10000000ull);
        break;
    case SYS_TIME: set_result(cpu, wall_seconds(sh)); break;
    case SYS_ERRNO: set_result(cpu, (uint64_t)sh->last_errno); break;
    case SYS_GET_CMDLINE: {
        uint64_t a[2];
        static const char cmdline[] = "a64emu";
        if (!read_args(cpu, p, a, 2) || a[1] < sizeof cmdline ||
            !cpu_virt_write(cpu, a[0], cmdline, sizeof cmdline)) {
            set_result(cpu, fail(sh, EINVAL));
            break;
        }
        uint64_t len = sizeof cmdline - 1;
        set_result(cpu, cpu_virt_write(cpu, p + 8, &len, 8) ? 0 : fail(sh, EFAULT));
        break;
    }
    case SYS_HEAPINFO: {
        /* X1 points to a pointer to four words: heap base, heap limit, stack base, stack limit.
         * As QEMU: the heap runs from the end of the image to the top of RAM, where the stack
         * starts (growing down) down to the heap base. */
        uint64_t block, info[4];
        uint64_t top = sh->ram_base + sh->ram_size;
        info[0] = sh->heap_base;
        info[1] = top;
        info[2] = top;
        info[3] = sh->heap_base; /* QEMU 7.2 gives the heap base as the stack limit */
        if (!read_args(cpu, p, &block, 1) || !cpu_virt_write(cpu, block, info, sizeof info))
            set_result(cpu, fail(sh, EFAULT));
        else
            set_result(cpu, 0);
        break;
    }
    case SYS_EXIT: case SYS_EXIT_EXTENDED: do_exit(sh, cpu, p); break;
    case SYS_ELAPSED: {
        uint64_t ticks = elapsed_ns(sh);
        set_result(cpu, cpu_virt_write(cpu, p, &ticks, 8) ? 0 : fail(sh, EFAULT));
        break;
    }
    case SYS_TICKFREQ: set_result(cpu, TICKS_PER_SECOND); break;
    default:
        cpu_stop_with(cpu, CPU_STOP_HOST_ERROR, "unsupported semihosting call 0x%02" PRIx32, op);
        cpu->exit_code = 1;
        return false;
    }
    return true;
}
