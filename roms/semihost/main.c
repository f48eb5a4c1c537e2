/*
 * semihost: the semihosting calls a ROM can rely on, with the results QEMU 7.2 gives (a64emu
 * follows QEMU where IHI 0095 leaves a choice): ":tt" handles numbered lowest-free from 1
 * whatever the mode, SYS_WRITE/SYS_READ returning the bytes not transferred (all of them for a
 * bad handle), SYS_CLOSE and SYS_ERRNO, SYS_HEAPINFO's block, SYS_ISERROR, SYS_TICKFREQ,
 * X0 = 0xdeadbeef after SYS_WRITEC/SYS_WRITE0. Not checked, because QEMU passes them to the
 * host's file descriptors 0-2: ISTTY, FLEN, SEEK, and writing the stdin handle or reading a
 * stdout handle (a64emu refuses those two: nothing transferred).
 */
#include "rom.h"

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE 0x05
#define SYS_ISERROR 0x08
#define SYS_ERRNO 0x13
#define SYS_HEAPINFO 0x16
#define SYS_TICKFREQ 0x31
#define EBADF 9

extern char __end[];

static uint64_t open_tt(uint64_t mode)
{
    static const char tt[] = ":tt";
    uint64_t block[3] = { (uintptr_t)tt, mode, 3 };
    return semihost_call(SYS_OPEN, (uintptr_t)block);
}

static uint64_t call1(uint64_t op, uint64_t arg)
{
    uint64_t block[1] = { arg };
    return semihost_call(op, (uintptr_t)block);
}

static uint64_t rw(uint64_t op, uint64_t h, const void *buf, uint64_t len)
{
    uint64_t block[3] = { h, (uintptr_t)buf, len };
    return semihost_call(op, (uintptr_t)block);
}

int main(void)
{
    static const char msg[] = "semihost: SYS_WRITE to :tt\n";
    CHECK_EQ(open_tt(4), 1); /* "w": stdout */
    CHECK_EQ(open_tt(0), 2); /* "r": stdin */
    CHECK_EQ(open_tt(8), 3); /* "a": stderr */
    CHECK_EQ(open_tt(5), 4);
    CHECK_EQ(rw(SYS_WRITE, 1, msg, sizeof msg - 1), 0);
    CHECK_EQ(rw(SYS_WRITE, 99, msg, 5), 5);                          /* bad handle */
    CHECK_EQ(semihost_call(SYS_ERRNO, 0), 0); /* QEMU: read/write errors leave errno alone */
    CHECK_EQ(call1(SYS_CLOSE, 4), 0);
    CHECK_EQ(call1(SYS_CLOSE, 4), ~0ull);
    CHECK_EQ(semihost_call(SYS_ERRNO, 0), EBADF);
    CHECK_EQ(call1(SYS_CLOSE, 2), 0);
    CHECK_EQ(open_tt(4), 2); /* lowest free */
    CHECK_EQ(open_tt(4), 4);

    uint64_t info[4], *pinfo = info;
    CHECK_EQ(semihost_call(SYS_HEAPINFO, (uintptr_t)&pinfo), 0);
    CHECK_EQ(info[0], (uintptr_t)__end);      /* heap base: end of the image */
    CHECK_EQ(info[1], 0x40000000ull + (128ull << 20)); /* heap limit: top of the default RAM */
    CHECK_EQ(info[2], info[1]);                /* stack base */
    CHECK_EQ(info[3], info[0]);                /* stack limit */

    CHECK_EQ(call1(SYS_ISERROR, ~0ull), 1);
    CHECK_EQ(call1(SYS_ISERROR, 0), 0);
    CHECK_EQ(semihost_call(SYS_TICKFREQ, 0), 1000000000ull);
    CHECK_EQ(semihost_call(SYS_WRITE0, (uintptr_t)""), 0xdeadbeef);
    return 0;
}
