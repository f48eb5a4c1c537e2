/* The virt board: creation from virt_map, payload loading, and the round-robin run loop. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/pflash_cfi01.h"
#include "devices/pl011.h"
#include "devices/pl031.h"
#include "devices/pl061.h"
#include "machine/boot.h"
#include "machine/fdt.h"
#include "gic/gic.h"
#include "machine/loader.h"
#include "cpu/exc_intercept.h"
#include "cpu/cpu_models.h"
#include "cpu/exception.h"
#include "machine/machine.h"
#include "machine/psci.h"
#include "machine/semihost.h"
#include "machine/virt_map.h"
#include "timer/timer.h"
#include "machine/virt_virtio.h"
#include "cpu/cpu_snap.h"
#include "util/log.h"
#include "util/snap.h"
#include "util/host_clock.h"

#define QUANTUM 10000 /* instructions per vCPU turn: fixed, so scheduling is deterministic */
#define GIC_NIRQ 256  /* as QEMU 7.2's virt reports (GICD_TYPER.ITLinesNumber = 7): 224 SPIs */
#define IDLE_SLEEP_MAX_NS 10000000ull /* host-clock idle waits poll host input every 10 ms */

struct machine {
    struct machine_config cfg;
    struct bus *bus;
    struct icache *icache;
    struct cpu_state *cpus[MACHINE_MAX_CPUS];
    unsigned ncpus;
    struct pflash *flash[MACHINE_PFLASH_UNITS]; /* flash0, flash1 */
    char *pflash_paths[MACHINE_PFLASH_UNITS];
    struct pl011 *uart;
    struct pl031 *rtc;
    struct pl061 *gpio;
    struct gic *gic;
    struct timer_cpu *timers[MACHINE_MAX_CPUS];
    struct vclock clock;
    machine_poll_fn poll; /* machine_run's, for idle waits in host-clock mode */
    void *poll_opaque;
    bool quit;            /* poll asked to stop during an idle wait */
    bool input_open;      /* host input may still arrive (machine_set_input_open) */
    struct virt_virtio virtio; /* the virtio-mmio transports and their devices */
    struct semihost semihost;
    uint64_t icount;
    /* PSCI firmware on the conduit's EC (style.md 6.3: emulator-side interceptors). */
    struct exc_intercept_table intercept;
    struct psci psci;
    /* Round-robin scheduler: vCPU `cur` has `left` instructions of its quantum to run. */
    unsigned cur;
    uint64_t left;
    struct cpu_state *stopped; /* the vCPU whose state explains the stop */
    uint64_t resets;           /* PSCI SYSTEM_RESETs performed */
    uint64_t entry, image_end; /* from the payloads */
    bool reset_stop;           /* stopped on SYSTEM_RESET (--no-reboot) */
    char *kernel_path, *bios_path; /* copies of cfg.kernel / cfg.bios */
    char *initrd_path, *dtb_path, *append; /* and of the other payload strings */
    char *module_paths[MACHINE_MAX_MODULES], *module_args[MACHINE_MAX_MODULES]; /* guest-loader */
    struct virt_fdt_module modules[MACHINE_MAX_MODULES]; /* where they were loaded, for the DT */
    void *dtb;                 /* the device tree of the current boot (fdt.h) */
    size_t dtb_size;
    uint64_t dtb_addr;         /* where it is in guest RAM, 0 if not placed */
    /* The gdb stub's exact stops (machine.h, machine_set_cut). */
    bool transparent, muted;
    uint64_t pos, cut_pos, cut_steps, cut_slice_start;
    int cut_cpu;
    uint64_t host_input;
};

static void uart_tx(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    if (m->cfg.console_write && !m->muted)
        m->cfg.console_write(m->cfg.console_opaque, &byte, 1);
}

static void semi_write(void *opaque, const void *buf, size_t len)
{
    struct machine *m = opaque;
    if (m->cfg.console_write && !m->muted)
        m->cfg.console_write(m->cfg.console_opaque, buf, len);
}

static int semi_read(void *opaque)
{
    struct machine *m = opaque;
    int c = m->cfg.console_read_byte ? m->cfg.console_read_byte(m->cfg.console_opaque) : -1;
    m->host_input += c >= 0;
    return c;
}


/* Deterministic mode has one notion of time, the instruction clock (struct vclock, -icount):
 * the RTC starts at 2000-01-01T00:00:00Z and advances with it, and semihosting's clocks count
 * it, so nothing the guest reads depends on the host. */
#define RTC_FIXED_EPOCH SEMIHOST_FIXED_EPOCH

static uint64_t virtual_ns(void *opaque)
{
    const struct machine *m = opaque;
    return vclock_ns(&m->clock);
}

static uint64_t rtc_virtual_clock(void *opaque)
{
    return RTC_FIXED_EPOCH + virtual_ns(opaque) / 1000000000ull;
}

#define FAIL(...)                                  \
    do {                                           \
        snprintf(err, errlen, __VA_ARGS__);        \
        machine_destroy(m);                        \
        return NULL;                               \
    } while (0)

/* The device tree for this boot: generated, or -dtb FILE; both patched with bootargs, the initrd
 * range, memory and PSCI (machine/fdt.h). Replaces m->dtb. */
static bool make_dtb(struct machine *m, uint64_t initrd_start, uint64_t initrd_size, char *err, size_t errlen)
{
    const struct machine_config *cfg = &m->cfg;
    struct virt_fdt_config fc = {
        .smp = cfg->smp, .ram_size = cfg->ram_size, .el2 = cfg->virtualization,
        .el2_vtimer = cfg->virtualization && ((cpu_model_features(cfg->cpu_model) | cfg->preview_features) >> FEAT_VHE & 1),
        .bootargs = cfg->append, .initrd_start = initrd_start, .initrd_size = initrd_size,
        .fixed_seed = cfg->deterministic, .seed = cfg->seed, .no_seeds = cfg->no_dtb_seeds,
        .cpu_compatible = cfg->cpu_model ? cfg->cpu_model->dt_compatible : NULL,
        .modules = m->modules, .nmodules = cfg->nmodules,
    };
    free(m->dtb);
    m->dtb = NULL;
    char ferr[256];
    enum a64emu_err rc = cfg->dtb ? virt_fdt_load(cfg->dtb, &fc, &m->dtb, &m->dtb_size, ferr, sizeof ferr)
                                  : virt_fdt_create(&fc, &m->dtb, &m->dtb_size, ferr, sizeof ferr);
    if (rc != A64_OK) {
        if (cfg->dtb)
            snprintf(err, errlen, "-dtb '%s': %s", cfg->dtb, ferr);
        else
            snprintf(err, errlen, "%s", ferr);
        return false;
    }
    return true;
}

static bool place_dtb(struct machine *m, uint64_t addr, char *err, size_t errlen)
{
    uint64_t ram_end = VIRT_RAM_BASE + m->cfg.ram_size;
    if (addr >= ram_end || m->dtb_size > ram_end - addr || bus_load_block(m->bus, addr, m->dtb, m->dtb_size) != A64_OK) {
        snprintf(err, errlen, "no room for the %zu-byte device tree at 0x%llx: RAM ends at 0x%llx (use -m)",
                 m->dtb_size, (unsigned long long)addr, (unsigned long long)ram_end);
        return false;
    }
    m->dtb_addr = addr;
    return true;
}

/*
 * Payloads, as QEMU 7.2's virt (hw/arm/boot.c), also at SYSTEM_RESET (QEMU reloads its ROM blobs;
 * RAM outside the images keeps its contents):
 *  - -bios: flash0, the CPU starts at 0; the DTB at the base of RAM for the firmware. The same
 *    with firmware in a -drive if=pflash,unit=0 file (which is not reloaded: the flash keeps
 *    what the guest programmed, as QEMU's).
 *  - -kernel Image or raw binary (Linux): kernel as loader.h says, initrd at boot_initrd_start(),
 *    DTB after it, QEMU's boot stub at the base of RAM (boot.h), where vCPU 0 starts.
 *  - -kernel ELF (or raw with --load-addr, a64emu's): entered at its entry with x0 = 0; the DTB
 *    at the base of RAM if the image leaves room there. QEMU ignores -initrd for these; a64emu
 *    refuses it.
 * The generated tree is made again at each reset, with new seeds unless deterministic (QEMU 7.2
 * re-randomizes them at reset too).
 */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

/* A -device guest-loader module overlapping [base, base + len) (named what) is an error, as
 * QEMU's "rom: requested regions overlap". */
static bool module_clash(const struct machine *m, uint64_t base, uint64_t len, const char *what, char *err,
                         size_t errlen)
{
    for (unsigned i = 0; i < m->cfg.nmodules; i++) {
        if (overlaps(m->modules[i].addr, m->modules[i].size, base, len)) {
            snprintf(err, errlen, "-device guest-loader '%s' at 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx",
                     m->cfg.modules[i].path, (unsigned long long)m->modules[i].addr,
                     (unsigned long long)(m->modules[i].addr + m->modules[i].size), what, (unsigned long long)base,
                     (unsigned long long)(base + len));
            return true;
        }
    }
    return false;
}

/* Load the guest-loader images at their addresses: inside RAM, clear of the kernel and of each
 * other (the initrd and the DTB are checked when they are placed). */
static bool load_modules(struct machine *m, const struct loader_image *img, char *err, size_t errlen)
{
    const uint64_t ram_end = VIRT_RAM_BASE + m->cfg.ram_size;
    char lerr[256];
    for (unsigned i = 0; i < m->cfg.nmodules; i++) {
        const struct machine_module *mod = &m->cfg.modules[i];
        m->modules[i] = (struct virt_fdt_module){ .addr = mod->addr, .is_kernel = mod->is_kernel,
                                                  .bootargs = mod->bootargs };
        if (mod->addr < VIRT_RAM_BASE || mod->addr >= ram_end) {
            snprintf(err, errlen, "-device guest-loader '%s': addr 0x%llx is outside RAM (0x%llx-0x%llx)", mod->path,
                     (unsigned long long)mod->addr, (unsigned long long)VIRT_RAM_BASE, (unsigned long long)ram_end);
            return false;
        }
        uint64_t len = 0;
        if (loader_load_blob(m->bus, mod->path, mod->addr, ram_end - mod->addr, &len, lerr, sizeof lerr) != A64_OK) {
            snprintf(err, errlen, "-device guest-loader '%s' at 0x%llx: %s", mod->path, (unsigned long long)mod->addr, lerr);
            return false;
        }
        uint64_t kbase = img->base < img->end ? img->base : 0;
        if (overlaps(mod->addr, len, kbase, img->end - kbase)) {
            snprintf(err, errlen, "-device guest-loader '%s' at 0x%llx overlaps the kernel (0x%llx-0x%llx)", mod->path,
                     (unsigned long long)mod->addr, (unsigned long long)kbase, (unsigned long long)img->end);
            return false;
        }
        if (module_clash(m, mod->addr, len, "another module", err, errlen))
            return false;
        m->modules[i].size = len;
    }
    return true;
}

static bool load_payloads(struct machine *m, char *err, size_t errlen)
{
    const struct machine_config *cfg = &m->cfg;
    const struct virt_map_entry *f0 = &virt_map[VIRT_FLASH0];
    const uint64_t ram_end = VIRT_RAM_BASE + cfg->ram_size;
    uint64_t entry = 0, image_end = VIRT_RAM_BASE;
    char lerr[256];
    m->dtb_addr = 0;
    const bool firmware = cfg->bios || cfg->pflash[0].path;
    if (cfg->bios) {
        uint64_t len;
        if (loader_load_blob(m->bus, cfg->bios, f0->base, f0->size, &len, lerr, sizeof lerr) != A64_OK) {
            snprintf(err, errlen, "-bios '%s': %s", cfg->bios, lerr);
            return false;
        }
        entry = f0->base;
    }
    struct loader_image img = { .kind = LOADER_ELF };
    if (cfg->kernel) {
        if (loader_load_kernel(m->bus, cfg->kernel, VIRT_RAM_BASE, cfg->ram_size, cfg->load_addr, &img,
                               lerr, sizeof lerr) != A64_OK) {
            snprintf(err, errlen, "-kernel '%s': %s", cfg->kernel, lerr);
            return false;
        }
        if (!firmware)
            entry = img.entry;
        if (img.end > image_end)
            image_end = img.end;
    }
    if (!load_modules(m, &img, err, errlen))
        return false;
    bool linux_boot = cfg->kernel && !firmware &&
                      (img.kind == LOADER_LINUX_IMAGE || (img.kind == LOADER_RAW && cfg->load_addr == LOADER_NO_ADDR));
    if (cfg->initrd && !linux_boot) {
        snprintf(err, errlen, "-initrd: only a Linux kernel (arm64 Image or raw binary) takes an initrd; "
                 "QEMU would silently ignore it for '%s'", cfg->kernel);
        return false;
    }
    if (linux_boot) {
        uint64_t initrd_start = boot_initrd_start(VIRT_RAM_BASE, cfg->ram_size, img.end), initrd_size = 0;
        if (cfg->initrd) {
            if (initrd_start >= ram_end) {
                snprintf(err, errlen, "-initrd '%s': no room after the kernel (it ends at 0x%llx; use -m)", cfg->initrd,
                         (unsigned long long)img.end);
                return false;
            }
            if (loader_load_blob(m->bus, cfg->initrd, initrd_start, ram_end - initrd_start, &initrd_size, lerr,
                                 sizeof lerr) != A64_OK) {
                snprintf(err, errlen, "-initrd '%s' at 0x%llx: %s", cfg->initrd, (unsigned long long)initrd_start, lerr);
                return false;
            }
        }
        if (module_clash(m, initrd_start, initrd_size, "the initrd", err, errlen))
            return false;
        if (!make_dtb(m, initrd_start, initrd_size, err, errlen) ||
            !place_dtb(m, boot_dtb_start(initrd_start, initrd_size), err, errlen) ||
            module_clash(m, m->dtb_addr, m->dtb_size, "the device tree", err, errlen))
            return false;
        uint32_t stub[BOOT_STUB_WORDS];
        boot_stub(stub, m->dtb_addr, img.entry);
        if (bus_load_block(m->bus, VIRT_RAM_BASE, stub, sizeof stub) != A64_OK) {
            snprintf(err, errlen, "cannot write the boot stub at 0x%llx", (unsigned long long)VIRT_RAM_BASE);
            return false;
        }
        entry = VIRT_RAM_BASE;
    } else if (cfg->kernel || firmware || cfg->dumpdtb) {
        if (!make_dtb(m, 0, 0, err, errlen))
            return false;
        /* QEMU: at the base of RAM, for firmware, or below an ELF image that leaves room. */
        bool room = !cfg->kernel || img.base >= VIRT_RAM_BASE + m->dtb_size || img.end <= VIRT_RAM_BASE;
        if ((cfg->kernel || firmware) && room &&
            (!place_dtb(m, VIRT_RAM_BASE, err, errlen) || module_clash(m, m->dtb_addr, m->dtb_size, "the device tree", err, errlen)))
            return false;
    }
    if (cfg->dumpdtb) {
        if (virt_fdt_write(cfg->dumpdtb, m->dtb, m->dtb_size, lerr, sizeof lerr) != A64_OK) {
            snprintf(err, errlen, "-machine dumpdtb='%s': %s", cfg->dumpdtb, lerr);
            return false;
        }
        m->cfg.dumpdtb = NULL; /* once, not again at SYSTEM_RESET */
    }
    m->entry = entry;
    m->image_end = image_end;
    return true;
}

/* Architectural reset of every vCPU: vCPU 0 runs from the entry point, the secondaries stay
 * powered off until PSCI CPU_ON (as QEMU virt without firmware). */
static void reset_cpus(struct machine *m)
{
    for (unsigned i = 0; i < m->ncpus; i++) {
        struct cpu_state *c = m->cpus[i];
        cpu_reset(c, m->cfg.virtualization ? 2 : 1, m->entry);
        cpu_fetch_cache_flush(c);
        c->halted = false;
        c->run_state = i == 0 ? CPU_RUNNABLE : CPU_POWERED_OFF;
        gtimer_reset(m->timers[i]);
    }
    gic_reset(m->gic);
    if (m->cfg.bios || m->cfg.pflash[0].path) {
        /* Firmware (EDK2, U-Boot) enters at EL1/EL2 where on hardware the EL3 monitor ran first,
         * and TF-A wakes each core's redistributor (GICR_WAKER.ProcessorSleep = 0) before it
         * enters the non-secure world. a64emu has no EL3 and plays that firmware (PSCI), so it
         * does this too: EDK2 never writes GICR_WAKER and would otherwise wait for a timer
         * interrupt that a sleeping redistributor does not forward (IHI 0069 11.1). QEMU 7.2
         * ignores ProcessorSleep altogether; a -kernel boot keeps the reset value, as Linux
         * wakes its redistributors itself. */
        gic_wake_redistributors(m->gic);
    }
    psci_init(&m->psci, m->cpus, m->ncpus, m->cfg.virtualization ? 2 : 1);
    m->cur = 0;
    m->left = QUANTUM;
    m->stopped = NULL;
}

/* The two CFI flash banks of QEMU virt (hw/arm/virt.c virt_flash_create1: "cfi.pflash01",
 * sector-length 256 KiB, width 4, device-width 2, Intel 0x89/0x18), each backed by its
 * -drive if=pflash file or zero-filled. */
static bool create_flash(struct machine *m, char *err, size_t errlen)
{
    static const enum virt_region regions[MACHINE_PFLASH_UNITS] = { VIRT_FLASH0, VIRT_FLASH1 };
    for (unsigned i = 0; i < MACHINE_PFLASH_UNITS; i++) {
        const struct virt_map_entry *e = &virt_map[regions[i]];
        struct pflash_config pc = {
            .name = e->name, .base = e->base, .size = e->size, .sector_len = 256 * 1024, .bank_width = 4,
            .device_width = 2, .ident = { 0x89, 0x18 }, .path = m->cfg.pflash[i].path,
            .readonly = m->cfg.pflash[i].readonly,
        };
        char ferr[300];
        m->flash[i] = pflash_create(m->bus, &pc, ferr, sizeof ferr);
        if (!m->flash[i]) {
            snprintf(err, errlen, "-drive if=pflash,unit=%u: %s", i, ferr);
            return false;
        }
    }
    return true;
}

/* A flash bank left read-array mode: every vCPU's soft TLB may hold host pointers for reading it,
 * and from now on those reads must reach the device (status, CFI). */
static void flash_unmapped(void *opaque, uint64_t base, uint64_t size)
{
    (void)base;
    (void)size;
    struct machine *m = opaque;
    for (unsigned i = 0; i < m->ncpus; i++)
        mmu_tlb_flush(&m->cpus[i]->mmu);
}

struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->cut_pos = m->cut_steps = MACHINE_NO_CUT;
    m->cut_cpu = -1;
    /* Own the payload paths: SYSTEM_RESET loads them again, after the caller's strings are gone. */
    m->cfg.kernel = m->kernel_path = cfg->kernel ? strdup(cfg->kernel) : NULL;
    m->cfg.bios = m->bios_path = cfg->bios ? strdup(cfg->bios) : NULL;
    m->cfg.initrd = m->initrd_path = cfg->initrd ? strdup(cfg->initrd) : NULL;
    m->cfg.dtb = m->dtb_path = cfg->dtb ? strdup(cfg->dtb) : NULL;
    m->cfg.append = m->append = cfg->append ? strdup(cfg->append) : NULL;
    if ((cfg->kernel && !m->kernel_path) || (cfg->bios && !m->bios_path) || (cfg->initrd && !m->initrd_path) ||
        (cfg->dtb && !m->dtb_path) || (cfg->append && !m->append))
        FAIL("out of memory");
    if (cfg->nmodules > MACHINE_MAX_MODULES)
        FAIL("-device guest-loader: at most %d modules", MACHINE_MAX_MODULES);
    for (unsigned i = 0; i < cfg->nmodules; i++) {
        m->cfg.modules[i].path = m->module_paths[i] = strdup(cfg->modules[i].path);
        m->cfg.modules[i].bootargs = m->module_args[i] = cfg->modules[i].bootargs ? strdup(cfg->modules[i].bootargs) : NULL;
        if (!m->module_paths[i] || (cfg->modules[i].bootargs && !m->module_args[i]))
            FAIL("out of memory");
    }
    if (cfg->nmodules && !cfg->kernel)
        FAIL("-device guest-loader needs -kernel (the hypervisor that reads /chosen/module@...)");
    if (cfg->deterministic && !cfg->icount) { /* host time would leak in: the instruction clock */
        m->cfg.icount = true;
        m->cfg.icount_shift = 0;
    }
    if (cfg->smp < 1 || cfg->smp > MACHINE_MAX_CPUS)
        FAIL("-smp %u: between 1 and %u vCPUs are supported", cfg->smp, MACHINE_MAX_CPUS);
    if (cfg->ram_size < (1ull << 20) || cfg->ram_size > VIRT_MAX_RAM || (cfg->ram_size & (BUS_PAGE_SIZE - 1)))
        FAIL("-m: %llu bytes requested; RAM must be a multiple of 4 KiB between 1 MiB and %llu GiB",
             (unsigned long long)cfg->ram_size, (unsigned long long)(VIRT_MAX_RAM >> 30));
    for (unsigned i = 0; i < MACHINE_PFLASH_UNITS; i++) {
        m->cfg.pflash[i].path = m->pflash_paths[i] = cfg->pflash[i].path ? strdup(cfg->pflash[i].path) : NULL;
        if (cfg->pflash[i].path && !m->pflash_paths[i])
            FAIL("out of memory");
    }
    if (cfg->bios && cfg->pflash[0].path) /* QEMU 7.2's words */
        FAIL("The contents of the first flash device may be specified with -bios or with -drive if=pflash... "
             "but you cannot use both options at once");
    if (!cfg->kernel && !cfg->bios && !cfg->pflash[0].path && !cfg->dumpdtb)
        FAIL("nothing to run: give -kernel FILE, -bios FILE or -drive if=pflash,unit=0,file=FILE");
    if (cfg->initrd && !cfg->kernel)
        FAIL("-initrd needs -kernel");
    if (cfg->append && !cfg->kernel)
        FAIL("-append needs -kernel");
    if (cfg->initrd && (cfg->bios || cfg->pflash[0].path))
        FAIL("-initrd with firmware (-bios or pflash unit 0): QEMU hands it to the firmware through fw_cfg, which a64emu does not model");

    m->bus = bus_create();
    if (!m->bus)
        FAIL("out of memory");
    if (bus_add_ram(m->bus, "ram", VIRT_RAM_BASE, cfg->ram_size, false, NULL) != A64_OK)
        FAIL("cannot allocate %llu MiB of guest RAM", (unsigned long long)(cfg->ram_size >> 20));
    if (!create_flash(m, err, errlen)) {
        machine_destroy(m);
        return NULL;
    }
    m->icache = icache_create(m->bus);
    if (!m->icache)
        FAIL("cannot initialise the decoder");
    bus_set_unmap_hook(m->bus, flash_unmapped, m);
    for (unsigned i = 0; i < cfg->smp; i++) {
        m->cpus[i] = cpu_create(m->bus, m->icache, i);
        if (!m->cpus[i])
            FAIL("cannot create vCPU %u", i);
        m->cpus[i]->has_el2 = cfg->virtualization;
        m->cpus[i]->features = cpu_model_features(cfg->cpu_model) | cfg->preview_features;
        m->ncpus++;
    }
    /* The GIC (one redistributor per vCPU), each vCPU's timers on their PPIs, the UART on its
     * SPI. */
    m->gic = gic_create(m->bus, virt_map[VIRT_GIC_DIST].base, virt_map[VIRT_GIC_REDIST].base, m->cpus, m->ncpus,
                        GIC_NIRQ);
    if (!m->gic)
        FAIL("cannot create the GIC");
    vclock_init(&m->clock, m->cfg.icount ? VCLOCK_ICOUNT : VCLOCK_HOST, m->cfg.icount_shift);
    for (unsigned i = 0; i < m->ncpus; i++) {
        struct irq_line out[TIMER_COUNT] = {
            [TIMER_PHYS] = gic_ppi_line(m->gic, i, TIMER_PPI_PHYS),
            [TIMER_VIRT] = gic_ppi_line(m->gic, i, TIMER_PPI_VIRT),
            [TIMER_HYP] = gic_ppi_line(m->gic, i, TIMER_PPI_HYP),
            [TIMER_HYPVIRT] = gic_ppi_line(m->gic, i, TIMER_PPI_HYPVIRT),
        };
        m->timers[i] = gtimer_create(m->cpus[i], &m->clock, out);
        if (!m->timers[i])
            FAIL("out of memory");
    }
    const struct virt_map_entry *u = &virt_map[VIRT_UART];
    m->uart = pl011_create(m->bus, u->base, gic_spi_line(m->gic, 32 + (unsigned)u->spi), uart_tx, m);
    if (!m->uart)
        FAIL("cannot create the UART");
    /* The other devices of the map, on their SPIs; the virtio-mmio transports (devices from the
     * highest slot down, the rest empty). */
    const struct virt_map_entry *r = &virt_map[VIRT_RTC], *g = &virt_map[VIRT_GPIO];
    m->rtc = pl031_create(m->bus, r->base, gic_spi_line(m->gic, 32 + (unsigned)r->spi),
                          cfg->deterministic ? rtc_virtual_clock : NULL, m);
    m->gpio = pl061_create(m->bus, g->base, gic_spi_line(m->gic, 32 + (unsigned)g->spi));
    if (!m->rtc || !m->gpio)
        FAIL("cannot create the RTC and GPIO devices");
    if (!virt_virtio_create(&m->virtio, m->bus, &m->cfg, m->gic, err, errlen)) {
        machine_destroy(m);
        return NULL;
    }
    /* The PMU overflow interrupt: PPI 23 of each vCPU (brief section 4). */
    for (unsigned i = 0; i < m->ncpus; i++)
        m->cpus[i]->pmu.irq = gic_ppi_line(m->gic, i, 23);

    if (!load_payloads(m, err, errlen)) {
        machine_destroy(m);
        return NULL;
    }
    m->semihost.read_byte = semi_read;
    m->semihost.write = semi_write;
    m->semihost.opaque = m;
    m->semihost.ram_base = VIRT_RAM_BASE;
    m->semihost.ram_size = cfg->ram_size;
    m->semihost.heap_base = m->image_end; /* unaligned, as QEMU 7.2 */
    m->semihost.start_ns = host_monotonic_ns();
    if (cfg->deterministic)
        m->semihost.virtual_ns = virtual_ns;
    for (unsigned i = 0; i < m->ncpus; i++) {
        struct cpu_state *c = m->cpus[i];
        c->intercept = &m->intercept;
        if (cfg->semihosting) {
            c->semihost = semihost_call;
            c->semihost_opaque = &m->semihost;
        }
    }
    /* PSCI as QEMU virt: conduit SMC with EL2, HVC without (brief section 4). */
    psci_init(&m->psci, m->cpus, m->ncpus, cfg->virtualization ? 2 : 1);
    exc_intercept_set(&m->intercept, psci_conduit_ec(cfg->virtualization), psci_intercept, &m->psci);
    reset_cpus(m);
    return m;
}

void machine_destroy(struct machine *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->ncpus; i++)
        gtimer_destroy(m->timers[i]);
    gic_destroy(m->gic);
    for (unsigned i = 0; i < m->ncpus; i++)
        cpu_destroy(m->cpus[i]);
    icache_destroy(m->icache);
    for (unsigned i = 0; i < MACHINE_PFLASH_UNITS; i++) {
        pflash_destroy(m->flash[i]);
        free(m->pflash_paths[i]);
    }
    pl011_destroy(m->uart);
    pl031_destroy(m->rtc);
    pl061_destroy(m->gpio);
    virt_virtio_destroy(&m->virtio);
    bus_destroy(m->bus);
    free(m->kernel_path);
    free(m->bios_path);
    free(m->initrd_path);
    free(m->dtb_path);
    free(m->append);
    for (unsigned i = 0; i < MACHINE_MAX_MODULES; i++) {
        free(m->module_paths[i]);
        free(m->module_args[i]);
    }
    free(m->dtb);
    free(m);
}

static enum machine_stop stop_reason(const struct cpu_state *c)
{
    switch (c->stop) {
    case CPU_STOP_EXIT: return MACHINE_EXIT;
    case CPU_STOP_WFI: return MACHINE_IDLE;
    case CPU_STOP_DEBUG: return MACHINE_DEBUG;
    default: return MACHINE_ERROR;
    }
}

/* Can vCPU c run now? A vCPU waiting in WFE becomes runnable once its event register is set
 * (SEV from another vCPU, a cleared exclusive monitor): the WFE completes and consumes it. */
static bool runnable(struct cpu_state *c)
{
    if (c->stop != CPU_RUNNING || c->halted)
        return false;
    if (c->run_state == CPU_WAITING_WFE && c->event_register) {
        c->event_register = false;
        c->run_state = CPU_RUNNABLE;
    }
    return c->run_state == CPU_RUNNABLE;
}

static const char *wait_name(const struct cpu_state *c)
{
    if (c->halted)
        return "in WFI";
    switch (c->run_state) {
    case CPU_WAITING_WFI: return "in CPU_SUSPEND";
    case CPU_WAITING_WFE: return "in WFE";
    case CPU_POWERED_OFF: return "off";
    default: return "runnable";
    }
}

/*
 * Timer deadlines (brief section 3). The list of deadlines is the timers themselves (four per
 * vCPU, and the event stream: gtimer_next_deadline_ns), checked at two points only:
 *   - at every quantum boundary (machine_run/machine_step, after each cpu_run): the outputs of
 *     every vCPU's timers are recomputed from the clock. With the host clock, a timer whose
 *     deadline passes while a vCPU runs is therefore seen at the end of that run, i.e. its
 *     interrupt is raised at most one quantum (QUANTUM instructions of the running vCPU, the
 *     host time that takes) late. With the instruction clock (-icount) a run also ends at the
 *     next deadline (icount_budget), so there is no such latency. A vCPU reading its own
 *     counter or timer registers sees the exact value at once (timer_sysreg.c).
 *   - when every vCPU waits (idle_wait): the machine moves virtual time to the earliest
 *     deadline (icount mode: a jump, deterministic) or sleeps until it (host mode: in steps
 *     of at most 10 ms, polling host input in between), so an idle guest costs no host CPU.
 */
static void poll_timers(struct machine *m)
{
    for (unsigned i = 0; i < m->ncpus; i++)
        gtimer_poll(m->timers[i]);
}

static uint64_t next_deadline(const struct machine *m)
{
    uint64_t best = TIMER_NO_DEADLINE;
    for (unsigned i = 0; i < m->ncpus; i++) {
        uint64_t d = gtimer_next_deadline_ns(m->timers[i]);
        if (d < best)
            best = d;
    }
    return best;
}

static bool can_run(const struct cpu_state *c)
{
    return c->stop == CPU_RUNNING && !c->halted &&
           (c->run_state == CPU_RUNNABLE || (c->run_state == CPU_WAITING_WFE && c->event_register));
}

static bool any_can_run(const struct machine *m)
{
    for (unsigned i = 0; i < m->ncpus; i++)
        if (can_run(m->cpus[i]))
            return true;
    return false;
}

/* With the instruction clock a deadline is an instruction count: the run stops exactly there,
 * so the timer's interrupt is taken at the first block boundary at or after its deadline (no
 * quantum of latency). A timer register write ends the run (cpu->yield) so a new deadline is
 * planned for at once. The rest of the quantum (m->left) is kept: the interleaving does not
 * change. */
static uint64_t icount_budget(const struct machine *m, uint64_t budget)
{
    if (m->clock.mode != VCLOCK_ICOUNT)
        return budget;
    uint64_t deadline = next_deadline(m);
    if (deadline == TIMER_NO_DEADLINE)
        return budget;
    uint64_t now = vclock_ns(&m->clock), step = 1ull << m->clock.shift;
    uint64_t n = deadline > now ? (deadline - now + step - 1) / step : 1;
    return n < budget ? n : budget;
}

/* Move time towards deadline: the instruction clock jumps; the host clock sleeps at most
 * IDLE_SLEEP_MAX_NS, and a packet for a virtio-net ends the sleep early (its host sockets are
 * what the sleep waits on). */
static void idle_sleep(struct machine *m, uint64_t deadline)
{
    if (m->clock.mode == VCLOCK_ICOUNT) {
        vclock_advance_to(&m->clock, deadline, IDLE_SLEEP_MAX_NS);
        virt_virtio_service(&m->virtio);
        return;
    }
    uint64_t now = vclock_ns(&m->clock);
    if (deadline <= now)
        return;
    virt_virtio_wait(&m->virtio, deadline - now < IDLE_SLEEP_MAX_NS ? deadline - now : IDLE_SLEEP_MAX_NS);
}

/* Every vCPU waits: wait for the next timer deadline (or host input). Returns false if nothing
 * can ever wake a vCPU (no deadline), or poll asked to quit (m->quit). */
static bool idle_wait(struct machine *m)
{
    uint64_t deadline = next_deadline(m);
    if (deadline == TIMER_NO_DEADLINE) {
        /* No timer: only host input can wake the guest, if it can arrive and the guest listens
         * for it (an idle shell). Wait for it in 10 ms host sleeps, virtual time standing still. */
        while ((m->input_open && m->poll && pl011_rx_can_interrupt(m->uart)) || virt_virtio_has_net(&m->virtio)) {
            virt_virtio_wait(&m->virtio, IDLE_SLEEP_MAX_NS); /* a packet from the network ends it early */
            if (m->poll && !m->poll(m, m->poll_opaque)) {
                m->quit = true;
                return false;
            }
            if (any_can_run(m))
                return true;
        }
        return false;
    }
    for (;;) {
        idle_sleep(m, deadline);
        poll_timers(m);
        if (m->poll && !m->poll(m, m->poll_opaque)) {
            m->quit = true;
            return false;
        }
        if (any_can_run(m) || vclock_ns(&m->clock) >= deadline)
            return true;
    }
}

/* No vCPU can run and nothing could wake one: stop with one line naming each vCPU's state, on
 * the first vCPU that is not off. */
static enum machine_stop idle_stop(struct machine *m)
{
    struct cpu_state *c = m->cpus[0];
    for (unsigned i = 0; i < m->ncpus; i++)
        if (m->cpus[i]->run_state != CPU_POWERED_OFF) {
            c = m->cpus[i];
            break;
        }
    char why[sizeof c->stop_reason];
    if (m->ncpus == 1 && c->run_state != CPU_POWERED_OFF) {
        snprintf(why, sizeof why, "%s with no timer armed and no interrupt pending",
                 c->run_state == CPU_WAITING_WFE ? "WFE" : c->run_state == CPU_WAITING_WFI ? "PSCI CPU_SUSPEND" : "WFI");
    } else {
        size_t n = (size_t)snprintf(why, sizeof why, "every vCPU waits with nothing to wake it (no timer armed):");
        for (unsigned i = 0; i < m->ncpus && n < sizeof why; i++)
            n += (size_t)snprintf(why + n, sizeof why - n, "%s vCPU %u %s", i ? "," : "", i, wait_name(m->cpus[i]));
    }
    cpu_stop_with(c, CPU_STOP_WFI, "%s", why);
    m->stopped = c;
    return MACHINE_IDLE;
}

/* SYSTEM_RESET: reload the payloads and reset every vCPU, or stop with --no-reboot. */
static bool system_reset(struct machine *m, enum machine_stop *why)
{
    m->psci.reset_requested = false;
    struct cpu_state *c = m->cpus[m->cur];
    if (m->cfg.no_reboot) {
        cpu_stop_with(c, CPU_STOP_EXIT, "PSCI SYSTEM_RESET with --no-reboot");
        m->stopped = c;
        m->reset_stop = true;
        *why = MACHINE_RESET;
        return false;
    }
    char err[300];
    if (!load_payloads(m, err, sizeof err)) {
        cpu_stop_with(c, CPU_STOP_HOST_ERROR, "PSCI SYSTEM_RESET: %s", err);
        m->stopped = c;
        *why = MACHINE_ERROR;
        return false;
    }
    for (unsigned i = 0; i < MACHINE_PFLASH_UNITS; i++)
        pflash_reset(m->flash[i]);
    icache_flush(m->icache);
    reset_cpus(m);
    m->resets++;
    log_msg(LOG_EXC, "machine reset (PSCI SYSTEM_RESET)");
    return true;
}

/*
 * The scheduler (brief section 3): vCPU `cur` runs until its quantum is used up or it stops
 * being runnable, then the next runnable vCPU in index order takes a fresh quantum. Nothing
 * depends on the host, so a run always interleaves the same way. Returns the vCPU to run, or
 * NULL with *why set when the machine must stop.
 */
static struct cpu_state *schedule(struct machine *m, enum machine_stop *why)
{
    if (m->reset_stop) {
        *why = MACHINE_RESET;
        return NULL;
    }
    if (m->psci.reset_requested && !system_reset(m, why))
        return NULL;
    struct cpu_state *c = m->cpus[m->cur];
    if (c->stop != CPU_RUNNING) {
        m->stopped = c;
        *why = stop_reason(c);
        return NULL;
    }
    if (m->left && runnable(c))
        return c;
    do {
        for (unsigned k = 1; k <= m->ncpus; k++) {
            unsigned i = (m->cur + k) % m->ncpus;
            if (runnable(m->cpus[i])) {
                m->cur = i;
                m->left = QUANTUM;
                psci_cpu_started(&m->psci, i);
                return m->cpus[i];
            }
        }
    } while (idle_wait(m));
    *why = m->quit ? MACHINE_QUIT : idle_stop(m);
    return NULL;
}

/* Run c for up to budget instructions with the clock counting them. */
static uint64_t run_cpu(struct machine *m, struct cpu_state *c, uint64_t budget, bool step)
{
    m->clock.running = c;
    m->clock.running_base = c->icount;
    if (step)
        cpu_step(c);
    else
        cpu_run(c, budget);
    uint64_t retired = c->icount - m->clock.running_base;
    m->clock.running = NULL;
    m->clock.insns += retired;
    return retired;
}

static void account(struct machine *m, struct cpu_state *c, uint64_t retired)
{
    m->icount += retired;
    m->left = retired < m->left ? m->left - retired : 0;
    if (retired)
        psci_cpu_started(&m->psci, c->index);
}

/* Transparent mode: the cut's limit for this slice of c, in c's steps (cpu_host_debug.stop_at). */
static bool cut_reached(const struct machine *m)
{
    return m->pos >= m->cut_pos || (m->cut_cpu >= 0 && cpu_steps_of(m->cpus[m->cut_cpu]) >= m->cut_steps);
}

static uint64_t cut_limit(struct machine *m, struct cpu_state *c, uint64_t *budget)
{
    uint64_t steps = cpu_steps_of(c), limit = UINT64_MAX;
    if (m->cut_pos != MACHINE_NO_CUT)
        limit = steps + (m->cut_pos - m->pos);
    if (m->cut_cpu == (int)c->index && m->cut_steps < limit)
        limit = m->cut_steps;
    if (limit != UINT64_MAX && limit - steps < *budget)
        *budget = limit - steps; /* each retired instruction is a step */
    return limit;
}

/* Did c's run end where the scheduler's own would have (budget, yield, a stop, a wait)? If not,
 * it ended at a cut or a host breakpoint/watchpoint: a point the run without gdb passes. */
static bool natural_end(const struct cpu_state *c, uint64_t retired, uint64_t budget)
{
    return retired >= budget || c->yield || (c->stop != CPU_RUNNING && c->stop != CPU_STOP_DEBUG) ||
           c->run_state != CPU_RUNNABLE || c->halted;
}

enum machine_stop machine_run(struct machine *m, uint64_t max_insns, machine_poll_fn poll, void *poll_opaque)
{
    m->poll = poll;
    m->poll_opaque = poll_opaque;
    m->quit = false;
    for (;;) {
        if (max_insns && m->icount >= max_insns)
            return MACHINE_INSN_LIMIT;
        if (m->transparent && cut_reached(m))
            return MACHINE_PAUSED;
        enum machine_stop why;
        struct cpu_state *c = schedule(m, &why);
        if (!c)
            return why;
        uint64_t budget = icount_budget(m, m->left);
        if (max_insns && max_insns - m->icount < budget)
            budget = max_insns - m->icount;
        if (m->transparent) {
            /* The run without gdb would end this slice after `budget`; the cut may end it
             * earlier, at a point that must stay invisible. */
            uint64_t natural = budget, steps = cpu_steps_of(c);
            c->tp.stop_at = cut_limit(m, c, &budget);
            if (m->cut_cpu == (int)c->index)
                m->cut_slice_start = m->pos;
            uint64_t retired = run_cpu(m, c, budget, false);
            account(m, c, retired);
            uint64_t now = cpu_steps_of(c);
            m->pos += now > steps ? now - steps : 0;
            c->tp.stop_at = UINT64_MAX;
            if (!natural_end(c, retired, natural)) {
                if (c->stop == CPU_STOP_DEBUG) {
                    m->stopped = c;
                    return MACHINE_DEBUG;
                }
                if (cut_reached(m))
                    return MACHINE_PAUSED;
                continue; /* cannot happen: a slice ends at its budget, a stop or the cut */
            }
            c->tp.mid_block = false; /* the fast path's next run starts a block */
            c->irq_attn |= c->tp.irq_stash;
            c->tp.irq_stash = 0;
        } else {
            account(m, c, run_cpu(m, c, budget, false));
        }
        poll_timers(m);
        virt_virtio_service(&m->virtio);
        if (c->stop != CPU_RUNNING) {
            /* A host watchpoint hit by a slice's last instruction: the slice ended where the
             * run without gdb polls too, so poll (replayed input is due here) before the stop. */
            if (m->transparent && c->stop == CPU_STOP_DEBUG && poll)
                poll(m, poll_opaque);
            m->stopped = c;
            return stop_reason(c);
        }
        if (poll && !poll(m, poll_opaque))
            return MACHINE_QUIT;
    }
}

struct cpu_state *machine_next_cpu(struct machine *m)
{
    enum machine_stop why;
    return schedule(m, &why);
}

bool machine_step(struct machine *m, enum machine_stop *why)
{
    struct cpu_state *c = schedule(m, why);
    if (!c)
        return false;
    account(m, c, run_cpu(m, c, 1, true));
    poll_timers(m);
    virt_virtio_service(&m->virtio);
    /* A timer that fired at this instruction interrupts before the next state is observed, as
     * an interrupt the instruction itself raised does (cpu_step), and as QEMU's single-step
     * blocks show it: the step ends at the vector. */
    if (c->irq_attn && c->stop == CPU_RUNNING && !c->halted && c->run_state == CPU_RUNNABLE)
        exc_service_irq(c);
    return true;
}

int machine_exit_code(const struct machine *m)
{
    const struct cpu_state *c = m->stopped ? m->stopped : m->cpus[0];
    return c ? c->exit_code : 1;
}
struct cpu_state *machine_current_cpu(struct machine *m) { return m->cpus[m->cur]; }
struct cpu_state *machine_stopped_cpu(struct machine *m) { return m->stopped ? m->stopped : m->cpus[0]; }
uint64_t machine_resets(const struct machine *m) { return m->resets; }
uint64_t machine_icount(const struct machine *m) { return m->icount; }
unsigned machine_cpu_count(const struct machine *m) { return m->ncpus; }
struct cpu_state *machine_cpu(struct machine *m, unsigned i) { return i < m->ncpus ? m->cpus[i] : NULL; }
/* Host input goes to a virtconsole on -chardev stdio if there is one (the guest's console is
 * hvc0 then), else to the UART. */
size_t machine_uart_room(const struct machine *m)
{
    return m->virtio.stdio_console ? virtio_console_room(m->virtio.stdio_console) : pl011_rx_room(m->uart);
}

void machine_uart_input(struct machine *m, const uint8_t *data, size_t len)
{
    m->host_input += len;
    if (m->virtio.stdio_console)
        virtio_console_input(m->virtio.stdio_console, data, len);
    else
        pl011_receive(m->uart, data, len);
}
void machine_set_input_open(struct machine *m, bool open) { m->input_open = open; }

void machine_set_transparent(struct machine *m, bool on)
{
    m->transparent = on;
    for (unsigned i = 0; i < m->ncpus; i++) {
        struct cpu_state *c = m->cpus[i];
        c->tp.on = on;
        c->tp.stop_at = UINT64_MAX;
        cpu_debug_changed(c);
    }
}

void machine_set_cut(struct machine *m, uint64_t pos, int cpu, uint64_t cpu_steps)
{
    m->cut_pos = pos;
    m->cut_cpu = cpu >= 0 && (unsigned)cpu < m->ncpus ? cpu : -1;
    m->cut_steps = cpu_steps;
}

uint64_t machine_position(const struct machine *m) { return m->pos; }
void machine_set_position(struct machine *m, uint64_t pos) { m->pos = pos; }
uint64_t machine_cut_slice_start(const struct machine *m) { return m->cut_slice_start; }
void machine_set_muted(struct machine *m, bool muted) { m->muted = muted; }
uint64_t machine_host_input(const struct machine *m) { return m->host_input; }
struct bus *machine_bus(struct machine *m) { return m->bus; }
uint64_t machine_virtual_ns(const struct machine *m) { return vclock_ns(&m->clock); }
const void *machine_dtb(const struct machine *m, size_t *size, uint64_t *addr)
{
    *size = m->dtb_size;
    *addr = m->dtb_addr;
    return m->dtb;
}

static const uint8_t zero_page[BUS_PAGE_SIZE];

/* Zero pages [from, to) of a region, writing only the nonzero ones: RAM the guest never touched
 * stays unallocated on the host. */
static void zero_pages(const struct bus_region *r, uint64_t from, uint64_t to)
{
    for (uint64_t p = from; p < to; p++)
        if (memcmp(r->host + p * BUS_PAGE_SIZE, zero_page, BUS_PAGE_SIZE) != 0)
            memset(r->host + p * BUS_PAGE_SIZE, 0, BUS_PAGE_SIZE);
}

/* RAM in a snapshot: the nonzero 4 KiB pages, each with its index; a load zeroes the others. */
static void snap_ram(struct snap *s, const struct bus_region *r)
{
    const uint8_t *zero = zero_page;
    char tag[SNAP_TAG_MAX];
    snprintf(tag, sizeof tag, "ram@%llx", (unsigned long long)r->base);
    snap_begin(s, tag);
    snap_check_u64(s, "RAM size", r->size);
    uint64_t pages = r->size / BUS_PAGE_SIZE, n = 0;
    if (!s->load)
        for (uint64_t p = 0; p < pages; p++)
            n += memcmp(r->host + p * BUS_PAGE_SIZE, zero, BUS_PAGE_SIZE) != 0;
    SNAP(s, n);
    uint64_t next = 0; /* loading: pages below this one are done */
    for (uint64_t p = 0, k = 0; k < n && !s->failed; p++) {
        uint64_t idx = p;
        if (!s->load) {
            if (memcmp(r->host + p * BUS_PAGE_SIZE, zero, BUS_PAGE_SIZE) == 0)
                continue;
        }
        SNAP(s, idx);
        if (s->load) {
            if (idx < next || idx >= pages) {
                snap_fail(s, "%s: page index %llu out of order or range", tag, (unsigned long long)idx);
                break;
            }
            zero_pages(r, next, idx);
            next = idx + 1;
            p = idx;
        }
        snap_bytes(s, r->host + idx * BUS_PAGE_SIZE, BUS_PAGE_SIZE);
        k++;
    }
    if (s->load && !s->failed)
        zero_pages(r, next, pages);
    snap_end(s);
}

bool machine_snap(struct machine *m, struct snap *s)
{
    if (m->clock.mode != VCLOCK_ICOUNT) {
        snap_fail(s, "snapshots need deterministic mode (--deterministic or -icount): host time cannot be resumed");
        return false;
    }
    snap_begin(s, "machine");
    snap_check_u64(s, "vCPUs", m->ncpus);
    snap_check_u64(s, "RAM bytes", m->cfg.ram_size);
    SNAP(s, m->cur);
    SNAP(s, m->left);
    SNAP(s, m->icount);
    SNAP(s, m->resets);
    SNAP(s, m->entry);
    SNAP(s, m->image_end);
    SNAP(s, m->dtb_addr);
    SNAP(s, m->psci.on_pending);
    SNAP(s, m->psci.reset_requested);
    SNAP(s, m->psci.calls);
    SNAP(s, m->semihost.last_errno);
    SNAP(s, m->semihost.handle);
    snap_end(s);
    vclock_snap(s, &m->clock);
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_snap(s, m->cpus[i]);
        gtimer_snap(s, m->timers[i], i);
    }
    gic_snap(s, m->gic);
    pl011_snap(s, m->uart);
    pl031_snap(s, m->rtc);
    for (unsigned i = 0; i < MACHINE_PFLASH_UNITS; i++)
        pflash_snap(s, m->flash[i], i);
    pl061_snap(s, m->gpio);
    for (unsigned i = 0; i < MACHINE_MAX_VIRTIO; i++)
        if (m->virtio.dev[i])
            virtio_mmio_snap(s, m->virtio.dev[i], i);
    for (size_t i = 0; i < bus_region_count(m->bus); i++) {
        const struct bus_region *r = bus_region_at(m->bus, i);
        if (r->host)
            snap_ram(s, r);
    }
    if (s->load && !s->failed) {
        if (m->cur >= m->ncpus)
            snap_fail(s, "machine: current vCPU %u out of range", m->cur);
        icache_flush(m->icache);
        for (unsigned i = 0; i < m->ncpus; i++)
            cpu_snap_loaded(m->cpus[i]);
        poll_timers(m);
        m->stopped = NULL;
        m->reset_stop = false;
    }
    return !s->failed;
}