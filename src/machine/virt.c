/* The virt board: creation from virt_map, payload loading, and the round-robin run loop. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices/pl011.h"
#include "machine/loader.h"
#include "machine/machine.h"
#include "machine/semihost.h"
#include "machine/virt_map.h"
#include "util/log.h"

#define QUANTUM 10000 /* instructions per vCPU turn: fixed, so scheduling is deterministic */

struct machine {
    struct machine_config cfg;
    struct bus *bus;
    struct icache *icache;
    struct cpu_state *cpus[MACHINE_MAX_CPUS];
    unsigned ncpus;
    struct pl011 *uart;
    struct semihost semihost;
    uint64_t icount;
};

static void uart_tx(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    if (m->cfg.console_write)
        m->cfg.console_write(m->cfg.console_opaque, &byte, 1);
}

static void semi_write(void *opaque, const void *buf, size_t len)
{
    struct machine *m = opaque;
    if (m->cfg.console_write)
        m->cfg.console_write(m->cfg.console_opaque, buf, len);
}

static int semi_read(void *opaque)
{
    struct machine *m = opaque;
    return m->cfg.console_read_byte ? m->cfg.console_read_byte(m->cfg.console_opaque) : -1;
}

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#define FAIL(...)                                  \
    do {                                           \
        snprintf(err, errlen, __VA_ARGS__);        \
        machine_destroy(m);                        \
        return NULL;                               \
    } while (0)

struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    if (cfg->smp < 1 || cfg->smp > MACHINE_MAX_CPUS)
        FAIL("-smp %u: between 1 and %u vCPUs are supported", cfg->smp, MACHINE_MAX_CPUS);
    if (cfg->ram_size < (1ull << 20) || cfg->ram_size > VIRT_MAX_RAM || (cfg->ram_size & (BUS_PAGE_SIZE - 1)))
        FAIL("-m: RAM must be a multiple of 4 KiB between 1 MiB and %llu GiB",
             (unsigned long long)(VIRT_MAX_RAM >> 30));
    if (!cfg->kernel && !cfg->bios)
        FAIL("nothing to run: give -kernel FILE or -bios FILE");
    if (cfg->initrd && !cfg->kernel)
        FAIL("-initrd needs -kernel");
    if (cfg->append && !cfg->kernel)
        FAIL("-append needs -kernel");
    if (cfg->dtb)
        FAIL("-dtb: device trees arrive with the Linux-boot issue; this version cannot pass one");
    if (cfg->initrd)
        FAIL("-initrd: the initrd handoff (device tree chosen node) arrives with the Linux-boot issue");

    m->bus = bus_create();
    if (!m->bus)
        FAIL("out of memory");
    const struct virt_map_entry *f0 = &virt_map[VIRT_FLASH0], *f1 = &virt_map[VIRT_FLASH1];
    if (bus_add_ram(m->bus, f0->name, f0->base, f0->size, true, NULL) != A64_OK ||
        bus_add_ram(m->bus, f1->name, f1->base, f1->size, true, NULL) != A64_OK ||
        bus_add_ram(m->bus, "ram", VIRT_RAM_BASE, cfg->ram_size, false, NULL) != A64_OK)
        FAIL("cannot allocate %llu MiB of guest RAM", (unsigned long long)(cfg->ram_size >> 20));
    const struct virt_map_entry *u = &virt_map[VIRT_UART];
    struct irq_line no_irq = { NULL, NULL, 32 + u->spi }; /* the GIC issue connects it */
    m->uart = pl011_create(m->bus, u->base, no_irq, uart_tx, m);
    if (!m->uart)
        FAIL("cannot create the UART");

    m->icache = icache_create(m->bus);
    if (!m->icache)
        FAIL("cannot initialise the decoder");
    for (unsigned i = 0; i < cfg->smp; i++) {
        m->cpus[i] = cpu_create(m->bus, m->icache, i);
        if (!m->cpus[i])
            FAIL("cannot create vCPU %u", i);
        m->cpus[i]->has_el2 = cfg->virtualization;
        m->ncpus++;
    }

    /* Payloads. -bios: flash0, CPU starts at 0. -kernel: as QEMU's loader. */
    uint64_t entry = 0, image_end = VIRT_RAM_BASE;
    char lerr[256];
    if (cfg->bios) {
        uint64_t len;
        if (loader_load_blob(m->bus, cfg->bios, f0->base, f0->size, &len, lerr, sizeof lerr) != A64_OK)
            FAIL("-bios '%s': %s", cfg->bios, lerr);
        entry = f0->base;
    }
    if (cfg->kernel) {
        struct loader_image img;
        if (loader_load_kernel(m->bus, cfg->kernel, VIRT_RAM_BASE, cfg->ram_size, cfg->load_addr, &img,
                               lerr, sizeof lerr) != A64_OK)
            FAIL("-kernel '%s': %s", cfg->kernel, lerr);
        if (!cfg->bios)
            entry = img.entry;
        if (img.end > image_end)
            image_end = img.end;
    }

    m->semihost.read_byte = semi_read;
    m->semihost.write = semi_write;
    m->semihost.opaque = m;
    m->semihost.ram_base = VIRT_RAM_BASE;
    m->semihost.ram_size = cfg->ram_size;
    m->semihost.heap_base = image_end; /* unaligned, as QEMU 7.2 */
    m->semihost.start_ns = monotonic_ns();
    for (unsigned i = 0; i < m->ncpus; i++) {
        struct cpu_state *c = m->cpus[i];
        cpu_reset(c, cfg->virtualization ? 2 : 1, entry);
        if (cfg->semihosting) {
            c->semihost = semihost_call;
            c->semihost_opaque = &m->semihost;
        }
    }
    /* Secondary vCPUs stay powered off until PSCI CPU_ON (exception-model issue). */
    return m;
}

void machine_destroy(struct machine *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->ncpus; i++)
        cpu_destroy(m->cpus[i]);
    icache_destroy(m->icache);
    pl011_destroy(m->uart);
    bus_destroy(m->bus);
    free(m);
}

static enum machine_stop stop_reason(const struct cpu_state *c)
{
    switch (c->stop) {
    case CPU_STOP_EXIT: return MACHINE_EXIT;
    case CPU_STOP_WFI: return MACHINE_IDLE;
    default: return MACHINE_ERROR;
    }
}

enum machine_stop machine_run(struct machine *m, uint64_t max_insns, machine_poll_fn poll, void *poll_opaque)
{
    /* Only vCPU 0 runs until PSCI brings up the others. */
    struct cpu_state *c = m->cpus[0];
    for (;;) {
        uint64_t budget = QUANTUM;
        if (max_insns) {
            if (m->icount >= max_insns)
                return MACHINE_INSN_LIMIT;
            if (max_insns - m->icount < budget)
                budget = max_insns - m->icount;
        }
        m->icount += cpu_run(c, budget);
        if (c->stop != CPU_RUNNING)
            return stop_reason(c);
        if (poll && !poll(m, poll_opaque))
            return MACHINE_QUIT;
    }
}

bool machine_step(struct machine *m, enum machine_stop *why)
{
    struct cpu_state *c = m->cpus[0];
    if (c->stop != CPU_RUNNING) {
        *why = stop_reason(c);
        return false;
    }
    uint64_t before = c->icount;
    cpu_step(c);
    m->icount += c->icount - before;
    return true;
}

int machine_exit_code(const struct machine *m) { return m->cpus[0] ? m->cpus[0]->exit_code : 1; }
uint64_t machine_icount(const struct machine *m) { return m->icount; }
unsigned machine_cpu_count(const struct machine *m) { return m->ncpus; }
struct cpu_state *machine_cpu(struct machine *m, unsigned i) { return i < m->ncpus ? m->cpus[i] : NULL; }
size_t machine_uart_room(const struct machine *m) { return pl011_rx_room(m->uart); }
void machine_uart_input(struct machine *m, const uint8_t *data, size_t len) { pl011_receive(m->uart, data, len); }
