/*
 * Device tree generation and boot patching. Bindings: Linux Documentation/devicetree/bindings
 * (arm/psci, timer/arm,arch_timer, interrupt-controller/arm,gic-v3, serial/pl011, rtc/pl031,
 * gpio/pl061, input/gpio-keys, virtio/mmio, chosen). Shape and order: QEMU 7.2 hw/arm/virt.c and
 * hw/arm/boot.c. libfdt inserts a new node or property in front of its siblings, so creating them
 * in QEMU's order gives QEMU's order in the blob (dtc shows them reversed, as it does QEMU's).
 */
#include "machine/fdt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "machine/loader.h"
#include "machine/virt_map.h"

#define FDT_WORK_SIZE (64u << 10)   /* the generated tree is about 9 KiB */
#define FDT_USER_SLACK (16u << 10)  /* room for the boot patches of a -dtb tree */
#define FDT_MAX_USER (2u << 20)     /* Linux maps at most 2 MiB of device tree */

/* Interrupt specifiers (arm,gic-v3 binding): type, number, flags. */
enum { IRQ_SPI = 0, IRQ_PPI = 1 };
enum { IRQ_EDGE_RISING = 1, IRQ_LEVEL_HIGH = 4 };
/* PPI numbers (INTID - 16) on QEMU virt: timers and the GIC maintenance interrupt. */
enum {
    PPI_MAINT = 9,          /* INTID 25 */
    PPI_TIMER_HYP = 10,     /* INTID 26: EL2 physical timer */
    PPI_TIMER_VIRT = 11,    /* INTID 27: EL1 virtual timer */
    PPI_TIMER_HYP_VIRT = 12,/* INTID 28: EL2 virtual timer (FEAT_VHE) */
    PPI_PMU = 7,            /* INTID 23: PMUv3 overflow (src/cpu/pmu.c) */
    PPI_TIMER_SEC = 13,     /* INTID 29: secure EL1 physical timer */
    PPI_TIMER_PHYS = 14,    /* INTID 30: non-secure EL1 physical timer */
};
#define APB_PCLK_HZ 24000000u
#define GPIO_POWER_BUTTON 3   /* PL061 line wired to the power key, as QEMU */
#define KEY_POWER 116         /* linux/input-event-codes.h */
#define VIRTIO_MMIO_STRIDE (virt_map[VIRT_MMIO].size / VIRT_MMIO_SLOTS)
#define FIRST_PHANDLE 0x8000  /* QEMU's first allocated phandle */

/* PSCI 0.2 function ids the binding lists (DEN 0022; the SMC64 forms, as QEMU for AArch64). */
#define PSCI_CPU_SUSPEND64 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON64 0xc4000003u
#define PSCI_MIGRATE64 0xc4000005u

/* A tree under construction: the first libfdt error sticks, later calls do nothing. */
struct fdt_builder {
    void *fdt;
    int err;
    char what[96]; /* the node or property the error happened on (a copy: names are often
                      built in local buffers) */
};

static int node(struct fdt_builder *b, int parent, const char *name)
{
    if (b->err)
        return -1;
    int off = fdt_add_subnode(b->fdt, parent, name);
    if (off < 0) {
        b->err = off;
        snprintf(b->what, sizeof b->what, "%s", name);
    }
    return off;
}

static int node_path(struct fdt_builder *b, const char *path)
{
    if (b->err)
        return -1;
    int off = fdt_path_offset(b->fdt, path);
    if (off < 0) {
        b->err = off;
        snprintf(b->what, sizeof b->what, "%s", path);
    }
    return off;
}

static void prop(struct fdt_builder *b, int n, const char *name, const void *val, size_t len)
{
    if (b->err)
        return;
    int rc = fdt_setprop(b->fdt, n, name, val, (int)len);
    if (rc < 0) {
        b->err = rc;
        snprintf(b->what, sizeof b->what, "%s", name);
    }
}

/* A string list: pass the literal with its embedded NULs, e.g. "arm,pl011\0arm,primecell". */
#define PROP_STRS(b, n, name, lit) prop((b), (n), (name), (lit), sizeof(lit))

static void prop_str(struct fdt_builder *b, int n, const char *name, const char *s)
{
    prop(b, n, name, s, strlen(s) + 1);
}

static void prop_cells(struct fdt_builder *b, int n, const char *name, unsigned count, const uint32_t *cells)
{
    fdt32_t be[24];
    if (count > sizeof be / sizeof be[0]) {
        if (!b->err) {
            b->err = -FDT_ERR_NOSPACE;
            snprintf(b->what, sizeof b->what, "%s", name);
        }
        return;
    }
    for (unsigned i = 0; i < count; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    prop(b, n, name, be, count * sizeof be[0]);
}

static void prop_u32(struct fdt_builder *b, int n, const char *name, uint32_t v)
{
    prop_cells(b, n, name, 1, &v);
}

static void prop_empty(struct fdt_builder *b, int n, const char *name)
{
    prop(b, n, name, NULL, 0);
}

/* reg with #address-cells = #size-cells = 2 (the root's), for `count` (base, size) pairs. */
static void prop_reg(struct fdt_builder *b, int n, unsigned count, const uint64_t *pairs)
{
    uint32_t cells[16];
    for (unsigned i = 0; i < count * 2 && i < 8; i++) {
        cells[2 * i] = (uint32_t)(pairs[i] >> 32);
        cells[2 * i + 1] = (uint32_t)pairs[i];
    }
    prop_cells(b, n, "reg", count * 4, cells);
}

static void prop_reg1(struct fdt_builder *b, int n, uint64_t base, uint64_t size)
{
    const uint64_t pairs[2] = { base, size };
    prop_reg(b, n, 1, pairs);
}

static void prop_irq(struct fdt_builder *b, int n, uint32_t type, uint32_t num, uint32_t flags)
{
    const uint32_t cells[3] = { type, num, flags };
    prop_cells(b, n, "interrupts", 3, cells);
}

/* "name@base" for a virt_map region, as QEMU names its nodes. */
static int region_node(struct fdt_builder *b, int parent, const char *name, uint64_t base)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)base);
    return node(b, parent, buf);
}

/* splitmix64 (Steele, Lea, Flood 2014): a fixed seed gives the same bytes on every host. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static bool seed_bytes(const struct virt_fdt_config *cfg, uint8_t *out, size_t len)
{
    if (!cfg->fixed_seed) {
        size_t got = 0;
        while (got < len) {
            ssize_t n = getrandom(out + got, len - got, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            got += (size_t)n;
        }
        return true;
    }
    uint64_t state = cfg->seed;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = splitmix64(&state);
        size_t k = len - i < 8 ? len - i : 8;
        memcpy(out + i, &v, k);
    }
    return true;
}

static void add_seeds(struct fdt_builder *b, int chosen, const struct virt_fdt_config *cfg)
{
    uint8_t bytes[8 + 32];
    if (!seed_bytes(cfg, bytes, sizeof bytes)) {
        b->err = -FDT_ERR_INTERNAL;
        snprintf(b->what, sizeof b->what, "%s", "rng-seed (the host's random source failed)");
        return;
    }
    prop(b, chosen, "kaslr-seed", bytes, 8);
    prop(b, chosen, "rng-seed", bytes + 8, 32);
}

static void add_timer(struct fdt_builder *b, const struct virt_fdt_config *cfg)
{
    int n = node(b, 0, "timer");
    PROP_STRS(b, n, "compatible", "arm,armv8-timer\0arm,armv7-timer");
    prop_empty(b, n, "always-on");
    /* Binding order: secure phys, non-secure phys, virtual, hyp phys[, hyp virtual]. QEMU 7.2
     * lists four; QEMU 9 adds the fifth for CPUs with FEAT_VHE, as does a64emu. */
    const uint32_t irqs[] = {
        IRQ_PPI, PPI_TIMER_SEC, IRQ_LEVEL_HIGH, IRQ_PPI, PPI_TIMER_PHYS, IRQ_LEVEL_HIGH,
        IRQ_PPI, PPI_TIMER_VIRT, IRQ_LEVEL_HIGH, IRQ_PPI, PPI_TIMER_HYP, IRQ_LEVEL_HIGH,
        IRQ_PPI, PPI_TIMER_HYP_VIRT, IRQ_LEVEL_HIGH,
    };
    prop_cells(b, n, "interrupts", cfg->el2 && cfg->el2_vtimer ? 15 : 12, irqs);
}

/* PMUv3 (every a64emu CPU model has it), as QEMU's fdt_add_pmu_nodes for a GICv3: the overflow
 * PPI, level high, no CPU mask. */
static void add_pmu(struct fdt_builder *b)
{
    int n = node(b, 0, "pmu");
    const uint32_t irq[] = { IRQ_PPI, PPI_PMU, IRQ_LEVEL_HIGH };
    prop_cells(b, n, "interrupts", 3, irq);
    prop_str(b, n, "compatible", "arm,armv8-pmuv3");
}

static void add_cpus(struct fdt_builder *b, const struct virt_fdt_config *cfg, uint32_t *phandle)
{
    int cpus = node(b, 0, "cpus");
    prop_u32(b, cpus, "#address-cells", 1);
    prop_u32(b, cpus, "#size-cells", 0);
    uint32_t ph[32];
    /* QEMU creates them from the last to the first, so cpu@0 comes first in the blob. */
    for (unsigned i = cfg->smp; i-- > 0;) {
        char name[16];
        snprintf(name, sizeof name, "cpu@%x", i);
        int c = node(b, cpus, name);
        prop_str(b, c, "device_type", "cpu");
        prop_str(b, c, "compatible", cfg->cpu_compatible ? cfg->cpu_compatible : "arm,cortex-a57");
        if (cfg->smp > 1) /* QEMU names the enable method only when there are secondaries */
            prop_str(b, c, "enable-method", "psci");
        prop_u32(b, c, "reg", i); /* MPIDR_EL1 Aff0 = vCPU index (cpu_real_mpidr) */
        ph[i] = (*phandle)++;
        prop_u32(b, c, "phandle", ph[i]);
    }
    int map = node(b, cpus, "cpu-map");
    int socket = node(b, map, "socket0");
    int cluster = node(b, socket, "cluster0");
    for (unsigned i = cfg->smp; i-- > 0;) {
        char name[16];
        snprintf(name, sizeof name, "core%u", i);
        int core = node(b, cluster, name);
        prop_u32(b, core, "cpu", ph[i]);
    }
}

static void add_gic(struct fdt_builder *b, const struct virt_fdt_config *cfg, uint32_t phandle)
{
    const struct virt_map_entry *d = &virt_map[VIRT_GIC_DIST], *r = &virt_map[VIRT_GIC_REDIST];
    int n = region_node(b, 0, "intc", d->base);
    prop_u32(b, n, "#interrupt-cells", 3);
    prop_empty(b, n, "interrupt-controller");
    prop_u32(b, n, "#address-cells", 2);
    prop_u32(b, n, "#size-cells", 2);
    prop_empty(b, n, "ranges");
    prop_str(b, n, "compatible", "arm,gic-v3");
    prop_u32(b, n, "#redistributor-regions", 1);
    const uint64_t reg[4] = { d->base, d->size, r->base, r->size };
    prop_reg(b, n, 2, reg);
    if (cfg->el2)
        prop_irq(b, n, IRQ_PPI, PPI_MAINT, IRQ_LEVEL_HIGH);
    prop_u32(b, n, "phandle", phandle);
    prop_u32(b, 0, "interrupt-parent", phandle);
}

/* A PrimeCell device with one level interrupt and the apb_pclk clock (pl031; pl011 has two). */
static int add_primecell(struct fdt_builder *b, enum virt_region reg, const char *compat, size_t compat_len)
{
    const struct virt_map_entry *e = &virt_map[reg];
    int n = region_node(b, 0, e->name, e->base);
    prop(b, n, "compatible", compat, compat_len);
    prop_reg1(b, n, e->base, e->size);
    return n;
}

static void add_uart(struct fdt_builder *b, uint32_t clk)
{
    int n = add_primecell(b, VIRT_UART, "arm,pl011\0arm,primecell", sizeof "arm,pl011\0arm,primecell");
    prop_irq(b, n, IRQ_SPI, (uint32_t)virt_map[VIRT_UART].spi, IRQ_LEVEL_HIGH);
    const uint32_t clocks[2] = { clk, clk };
    prop_cells(b, n, "clocks", 2, clocks);
    PROP_STRS(b, n, "clock-names", "uartclk\0apb_pclk");
    char path[64];
    snprintf(path, sizeof path, "/%s@%llx", virt_map[VIRT_UART].name, (unsigned long long)virt_map[VIRT_UART].base);
    prop_str(b, node_path(b, "/chosen"), "stdout-path", path);
}

static void add_rtc(struct fdt_builder *b, uint32_t clk)
{
    int n = add_primecell(b, VIRT_RTC, "arm,pl031\0arm,primecell", sizeof "arm,pl031\0arm,primecell");
    prop_irq(b, n, IRQ_SPI, (uint32_t)virt_map[VIRT_RTC].spi, IRQ_LEVEL_HIGH);
    prop_u32(b, n, "clocks", clk);
    prop_str(b, n, "clock-names", "apb_pclk");
}

static void add_gpio(struct fdt_builder *b, uint32_t clk, uint32_t phandle)
{
    const struct virt_map_entry *e = &virt_map[VIRT_GPIO];
    int n = region_node(b, 0, e->name, e->base);
    prop_reg1(b, n, e->base, e->size); /* QEMU sets reg before compatible here */
    PROP_STRS(b, n, "compatible", "arm,pl061\0arm,primecell");
    prop_u32(b, n, "#gpio-cells", 2);
    prop_empty(b, n, "gpio-controller");
    prop_irq(b, n, IRQ_SPI, (uint32_t)e->spi, IRQ_LEVEL_HIGH);
    prop_u32(b, n, "clocks", clk);
    prop_str(b, n, "clock-names", "apb_pclk");
    prop_u32(b, n, "phandle", phandle);

    int keys = node(b, 0, "gpio-keys");
    prop_str(b, keys, "compatible", "gpio-keys");
    int off = node(b, keys, "poweroff");
    prop_str(b, off, "label", "GPIO Key Poweroff");
    prop_u32(b, off, "linux,code", KEY_POWER);
    const uint32_t gpios[3] = { phandle, GPIO_POWER_BUTTON, 0 };
    prop_cells(b, off, "gpios", 3, gpios);
}

/* The two CFI flash banks in one node, as QEMU's virt_flash_fdt() without secure flash. */
static void add_flash(struct fdt_builder *b)
{
    const struct virt_map_entry *f0 = &virt_map[VIRT_FLASH0], *f1 = &virt_map[VIRT_FLASH1];
    int n = region_node(b, 0, "flash", f0->base);
    prop_str(b, n, "compatible", "cfi-flash");
    const uint64_t pairs[4] = { f0->base, f0->size, f1->base, f1->size };
    prop_reg(b, n, 2, pairs);
    prop_u32(b, n, "bank-width", 4);
}

static void add_virtio_mmio(struct fdt_builder *b)
{
    const struct virt_map_entry *e = &virt_map[VIRT_MMIO];
    /* Created from the last slot down, so the blob lists them in address order (QEMU's comment:
     * the guest probes them in that order and so numbers the devices as the command line). */
    for (unsigned i = VIRT_MMIO_SLOTS; i-- > 0;) {
        uint64_t base = e->base + (uint64_t)i * VIRTIO_MMIO_STRIDE;
        int n = region_node(b, 0, "virtio_mmio", base);
        prop_str(b, n, "compatible", "virtio,mmio");
        prop_reg1(b, n, base, VIRTIO_MMIO_STRIDE);
        prop_irq(b, n, IRQ_SPI, (uint32_t)e->spi + i, IRQ_EDGE_RISING);
        prop_empty(b, n, "dma-coherent");
    }
}

/* The boot-time part, as QEMU's arm_load_dtb(): for the generated tree and for -dtb alike.
 * Every root /memory or /memory@... node is replaced by one for the RAM. */
static void patch_for_boot(struct fdt_builder *b, const struct virt_fdt_config *cfg)
{
    if (b->err)
        return;
    for (int off = fdt_first_subnode(b->fdt, 0); !b->err && off >= 0;) {
        const char *name = fdt_get_name(b->fdt, off, NULL);
        int next = fdt_next_subnode(b->fdt, off);
        if (name && strncmp(name, "memory", 6) == 0 && (name[6] == 0 || name[6] == '@')) {
            int rc = fdt_nop_node(b->fdt, off);
            if (rc < 0) {
                b->err = rc;
                snprintf(b->what, sizeof b->what, "%s", name);
            }
            next = fdt_first_subnode(b->fdt, 0); /* the nop'd node is skipped from now on */
        }
        off = next;
    }
    char name[32];
    snprintf(name, sizeof name, "memory@%llx", (unsigned long long)VIRT_RAM_BASE);
    int mem = node(b, 0, name);
    prop_str(b, mem, "device_type", "memory");
    prop_reg1(b, mem, VIRT_RAM_BASE, cfg->ram_size);

    int chosen = b->err ? -1 : fdt_path_offset(b->fdt, "/chosen");
    if (chosen < 0)
        chosen = node(b, 0, "chosen");
    if (cfg->bootargs && cfg->bootargs[0])
        prop_str(b, chosen, "bootargs", cfg->bootargs);
    if (cfg->initrd_size) {
        uint64_t start = cfg->initrd_start, end = cfg->initrd_start + cfg->initrd_size;
        if (end >> 32) { /* QEMU writes one cell; above 4 GiB that would truncate */
            fdt64_t s = cpu_to_fdt64(start), e = cpu_to_fdt64(end);
            prop(b, chosen, "linux,initrd-start", &s, sizeof s);
            prop(b, chosen, "linux,initrd-end", &e, sizeof e);
        } else {
            prop_u32(b, chosen, "linux,initrd-start", (uint32_t)start);
            prop_u32(b, chosen, "linux,initrd-end", (uint32_t)end);
        }
    }

    /* QEMU's guest-loader adds each module as a subnode of /chosen (libfdt puts a new subnode
     * first, so the last -device comes first, as in QEMU's tree); reg has 2 + 2 cells. */
    for (unsigned i = 0; i < cfg->nmodules; i++) {
        const struct virt_fdt_module *mod = &cfg->modules[i];
        char mname[40];
        snprintf(mname, sizeof mname, "module@0x%08llx", (unsigned long long)mod->addr);
        int mn = node(b, chosen, mname);
        prop_reg1(b, mn, mod->addr, mod->size);
        if (mod->is_kernel) {
            PROP_STRS(b, mn, "compatible", "multiboot,module\0multiboot,kernel");
            if (mod->bootargs)
                prop_str(b, mn, "bootargs", mod->bootargs);
        } else {
            PROP_STRS(b, mn, "compatible", "multiboot,module\0multiboot,ramdisk");
        }
    }

    if (!b->err && fdt_path_offset(b->fdt, "/psci") >= 0)
        return; /* QEMU keeps a -dtb's own /psci as it is */
    int psci = node(b, 0, "psci");
    PROP_STRS(b, psci, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
    prop_str(b, psci, "method", cfg->el2 ? "smc" : "hvc");
    prop_u32(b, psci, "cpu_suspend", PSCI_CPU_SUSPEND64);
    prop_u32(b, psci, "cpu_off", PSCI_CPU_OFF);
    prop_u32(b, psci, "cpu_on", PSCI_CPU_ON64);
    prop_u32(b, psci, "migrate", PSCI_MIGRATE64);
}

static enum a64emu_err finish(struct fdt_builder *b, void **blob, size_t *size, char *err, size_t errlen)
{
    if (!b->err)
        b->err = fdt_pack(b->fdt);
    if (b->err) {
        snprintf(err, errlen, "device tree: %s: %s", b->what[0] ? b->what : "pack", fdt_strerror(b->err));
        free(b->fdt);
        return b->err == -FDT_ERR_NOSPACE ? A64_ERR_RANGE : A64_ERR_FORMAT;
    }
    *size = fdt_totalsize(b->fdt);
    *blob = b->fdt;
    return A64_OK;
}

static bool config_ok(const struct virt_fdt_config *cfg, char *err, size_t errlen)
{
    if (cfg->smp < 1 || cfg->smp > 32) {
        snprintf(err, errlen, "device tree: %u vCPUs; 1 to 32 are supported", cfg->smp);
        return false;
    }
    return true;
}

enum a64emu_err virt_fdt_create(const struct virt_fdt_config *cfg, void **blob, size_t *size, char *err,
                                size_t errlen)
{
    if (!config_ok(cfg, err, errlen))
        return A64_ERR_RANGE;
    struct fdt_builder b = { .fdt = malloc(FDT_WORK_SIZE) };
    if (!b.fdt) {
        snprintf(err, errlen, "out of memory");
        return A64_ERR_NOMEM;
    }
    b.err = fdt_create_empty_tree(b.fdt, FDT_WORK_SIZE);
    prop_str(&b, 0, "compatible", "linux,dummy-virt");
    prop_u32(&b, 0, "#address-cells", 2);
    prop_u32(&b, 0, "#size-cells", 2);
    prop_str(&b, 0, "model", "linux,dummy-virt");
    int chosen = node(&b, 0, "chosen");
    if (!cfg->no_seeds)
        add_seeds(&b, chosen, cfg);

    uint32_t phandle = FIRST_PHANDLE;
    uint32_t clk = phandle++;
    int pclk = node(&b, 0, "apb-pclk");
    prop_str(&b, pclk, "compatible", "fixed-clock");
    prop_u32(&b, pclk, "#clock-cells", 0);
    prop_u32(&b, pclk, "clock-frequency", APB_PCLK_HZ);
    prop_str(&b, pclk, "clock-output-names", "clk24mhz");
    prop_u32(&b, pclk, "phandle", clk);

    add_timer(&b, cfg);
    add_cpus(&b, cfg, &phandle);
    uint32_t gic = phandle++;
    add_gic(&b, cfg, gic);
    add_pmu(&b);
    phandle++; /* QEMU allocates one for its GIC ITS here; a64emu has none but keeps the numbering */
    add_uart(&b, clk);
    add_rtc(&b, clk);
    add_gpio(&b, clk, phandle++);
    add_virtio_mmio(&b);
    add_flash(&b);
    patch_for_boot(&b, cfg);
    return finish(&b, blob, size, err, errlen);
}

enum a64emu_err virt_fdt_load(const char *path, const struct virt_fdt_config *cfg, void **blob, size_t *size,
                              char *err, size_t errlen)
{
    if (!config_ok(cfg, err, errlen))
        return A64_ERR_RANGE;
    uint8_t *data;
    size_t len;
    char lerr[200];
    enum a64emu_err rc = loader_read_file(path, FDT_MAX_USER, &data, &len, lerr, sizeof lerr);
    if (rc != A64_OK) {
        snprintf(err, errlen, "%s", lerr);
        return rc;
    }
    int frc = len < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(data);
    if (frc == 0 && fdt_totalsize(data) > len)
        frc = -FDT_ERR_TRUNCATED;
    if (frc == 0) /* every tag, so a corrupt structure block is refused here, not in the guest */
        frc = fdt_check_full(data, len);
    if (frc) {
        snprintf(err, errlen, "not a valid flattened device tree: %s", fdt_strerror(frc));
        free(data);
        return A64_ERR_FORMAT;
    }
    if (fdt_address_cells(data, 0) != 2 || fdt_size_cells(data, 0) != 2) {
        snprintf(err, errlen, "the root node needs #address-cells = <2> and #size-cells = <2> (the virt board's)");
        free(data);
        return A64_ERR_FORMAT;
    }
    size_t cap = fdt_totalsize(data) + FDT_USER_SLACK;
    struct fdt_builder b = { .fdt = malloc(cap) };
    if (!b.fdt) {
        free(data);
        snprintf(err, errlen, "out of memory");
        return A64_ERR_NOMEM;
    }
    b.err = fdt_open_into(data, b.fdt, (int)cap);
    snprintf(b.what, sizeof b.what, "open");
    free(data);
    if (!b.err)
        b.what[0] = 0;
    patch_for_boot(&b, cfg);
    return finish(&b, blob, size, err, errlen);
}

enum a64emu_err virt_fdt_write(const char *path, const void *blob, size_t size, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot create: %s", strerror(errno));
        return A64_ERR_IO;
    }
    size_t n = fwrite(blob, 1, size, f);
    if (fclose(f) != 0 || n != size) {
        snprintf(err, errlen, "write error");
        return A64_ERR_IO;
    }
    return A64_OK;
}
