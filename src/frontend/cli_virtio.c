/* -drive, -device, -chardev and -global for virtio devices: see cli_virtio.h. */
#include "frontend/cli_virtio.h"

#include <stdio.h>
#include <string.h>

#define MAX_PROPS 12

/* One option's comma list: props[0] may be a bare word (the driver or backend name). */
struct props {
    unsigned n;
    struct { const char *key, *val; } p[MAX_PROPS]; /* val NULL for a bare word */
};

static char *pool_take(struct cli_virtio *v, size_t len)
{
    if (len + 1 > CLI_VIRTIO_POOL - v->used)
        return NULL;
    char *s = v->pool + v->used;
    v->used += len + 1;
    return s;
}

/* Split "a,b=c,d=e,,f" into words and key=value pairs (",," is a literal comma). */
static bool split(struct cli_virtio *v, const char *opt, const char *arg, struct props *out, char *err, size_t errlen)
{
    char *buf = pool_take(v, strlen(arg));
    if (!buf) {
        snprintf(err, errlen, "%s: too many or too long virtio options", opt);
        return false;
    }
    out->n = 0;
    char *w = buf;
    for (const char *r = arg;;) {
        if (out->n == MAX_PROPS) {
            snprintf(err, errlen, "%s '%s': too many properties", opt, arg);
            return false;
        }
        char *start = w;
        while (*r && !(*r == ',' && r[1] != ',')) {
            if (*r == ',')
                r++; /* ",," */
            *w++ = *r++;
        }
        *w++ = 0;
        char *eq = strchr(start, '=');
        if (eq)
            *eq = 0;
        if (!*start) {
            snprintf(err, errlen, "%s '%s': empty property", opt, arg);
            return false;
        }
        out->p[out->n].key = start;
        out->p[out->n].val = eq ? eq + 1 : NULL;
        out->n++;
        if (!*r)
            return true;
        r++;
    }
}

static const char *prop(const struct props *p, const char *key)
{
    for (unsigned i = 0; i < p->n; i++)
        if (p->p[i].val && strcmp(p->p[i].key, key) == 0)
            return p->p[i].val;
    return NULL;
}

/* Every property is one of `known` (a NULL-terminated list); bare words only at index 0 if
 * `word` is true. */
static bool only(const struct props *p, const char *opt, const char *const *known, bool word, char *err, size_t errlen)
{
    for (unsigned i = 0; i < p->n; i++) {
        if (!p->p[i].val) {
            if (i == 0 && word)
                continue;
            snprintf(err, errlen, "%s: '%s' needs a value (%s=...)", opt, p->p[i].key, p->p[i].key);
            return false;
        }
        bool ok = false;
        for (const char *const *k = known; *k; k++)
            ok |= strcmp(*k, p->p[i].key) == 0;
        if (!ok) {
            snprintf(err, errlen, "%s: property '%s' is not supported by a64emu", opt, p->p[i].key);
            return false;
        }
    }
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "no")) {
        *out = false;
        return true;
    }
    return false;
}

bool cli_virtio_add(struct cli_virtio *v, enum cli_virtio_opt opt, const char *val, char *err, size_t errlen)
{
    if (v->n == CLI_VIRTIO_MAX_ARGS) {
        snprintf(err, errlen, "too many -drive/-device/-chardev options (at most %d)", CLI_VIRTIO_MAX_ARGS);
        return false;
    }
    v->arg[v->n].opt = opt;
    v->arg[v->n].val = val;
    v->n++;
    return true;
}

bool cli_virtio_global(const char *val, struct machine_config *mc, char *err, size_t errlen)
{
    static const char key[] = "virtio-mmio.force-legacy=";
    if (strncmp(val, key, sizeof key - 1) != 0) {
        snprintf(err, errlen, "-global '%s': a64emu supports only virtio-mmio.force-legacy=on|off", val);
        return false;
    }
    if (!parse_bool(val + sizeof key - 1, &mc->virtio_legacy)) {
        snprintf(err, errlen, "-global '%s': force-legacy takes on|off|true|false", val);
        return false;
    }
    return true;
}

/* The parsed -drive, -chardev and -netdev options, by id. */
struct drive { const char *id, *file; bool readonly, is_virtio, is_pflash, used; int unit; /* pflash: -1 for the next free */ };
struct chardev { const char *id, *path; bool used; };
struct netdev { const char *id; struct net_slirp_opts opts; bool used; };

static bool parse_drive(struct cli_virtio *v, const char *arg, struct drive *d, char *err, size_t errlen)
{
    static const char *const known[] = { "if", "id", "file", "format", "readonly", "media", "cache", "unit", "index", NULL };
    struct props p;
    if (!split(v, "-drive", arg, &p, err, errlen) || !only(&p, "-drive", known, false, err, errlen))
        return false;
    const char *iface = prop(&p, "if"), *fmt = prop(&p, "format"), *ro = prop(&p, "readonly"),
               *media = prop(&p, "media"), *cache = prop(&p, "cache");
    const char *unit = prop(&p, "unit") ? prop(&p, "unit") : prop(&p, "index");
    *d = (struct drive){ .id = prop(&p, "id"), .file = prop(&p, "file"), .unit = -1 };
    if (!d->file || !*d->file) {
        snprintf(err, errlen, "-drive '%s': file=FILE is required", arg);
        return false;
    }
    /* On QEMU virt a -drive without if= is if=virtio (the board's default interface). */
    if (!iface || !strcmp(iface, "virtio"))
        d->is_virtio = true;
    else if (!strcmp(iface, "pflash"))
        d->is_pflash = true;
    else if (strcmp(iface, "none") != 0) {
        snprintf(err, errlen, "-drive '%s': if=%s is not supported (a64emu has if=none, if=virtio and if=pflash)", arg, iface);
        return false;
    }
    if (unit && !d->is_pflash) {
        snprintf(err, errlen, "-drive '%s': unit=/index= apply to if=pflash only", arg);
        return false;
    }
    if (unit) {
        /* The virt board has two flash banks: unit 0 (flash0, firmware) and unit 1 (flash1). */
        if ((strcmp(unit, "0") != 0 && strcmp(unit, "1") != 0)) {
            snprintf(err, errlen, "-drive '%s': unit=%s: the virt board has two flash banks, unit=0 and unit=1", arg, unit);
            return false;
        }
        d->unit = unit[0] - '0';
    }
    if (fmt && strcmp(fmt, "raw") != 0) {
        snprintf(err, errlen, "-drive '%s': format=%s is not supported; a64emu reads raw images only (format=raw)", arg, fmt);
        return false;
    }
    if (ro && !parse_bool(ro, &d->readonly)) {
        snprintf(err, errlen, "-drive '%s': readonly takes on|off", arg);
        return false;
    }
    if (cache && strcmp(cache, "writeback") != 0) { /* the page cache, fsync on flush: QEMU's default */
        snprintf(err, errlen, "-drive '%s': cache=%s is not supported (a64emu has cache=writeback)", arg, cache);
        return false;
    }
    if (media && strcmp(media, "disk") != 0) {
        snprintf(err, errlen, "-drive '%s': media=%s is not supported (disk only)", arg, media);
        return false;
    }
    if (!d->is_virtio && !d->is_pflash && !d->id) {
        snprintf(err, errlen, "-drive '%s': if=none needs id=ID for -device virtio-blk-device,drive=ID", arg);
        return false;
    }
    return true;
}

static bool parse_chardev(struct cli_virtio *v, const char *arg, struct chardev *c, char *err, size_t errlen)
{
    static const char *const known[] = { "id", "path", NULL };
    struct props p;
    if (!split(v, "-chardev", arg, &p, err, errlen) || !only(&p, "-chardev", known, true, err, errlen))
        return false;
    const char *backend = p.p[0].val ? NULL : p.p[0].key;
    *c = (struct chardev){ .id = prop(&p, "id"), .path = prop(&p, "path") };
    if (!backend || (strcmp(backend, "stdio") != 0 && strcmp(backend, "file") != 0)) {
        snprintf(err, errlen, "-chardev '%s': a64emu supports the stdio and file backends", arg);
        return false;
    }
    if (!c->id) {
        snprintf(err, errlen, "-chardev '%s': id=ID is required", arg);
        return false;
    }
    if (!strcmp(backend, "file") != !!c->path) {
        snprintf(err, errlen, "-chardev '%s': %s", arg, c->path ? "path= belongs to the file backend" : "file needs path=FILE");
        return false;
    }
    return true;
}

/* The user-network properties common to -netdev user and -nic user: net=, hostname=, every
 * hostfwd= (QEMU takes the property once per rule). */
static bool parse_user_net(const struct props *p, const char *opt, const char *arg, struct net_slirp_opts *o,
                           char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->net = prop(p, "net");
    o->hostname = prop(p, "hostname");
    char why[200];
    if (o->net) {
        uint32_t a, m;
        if (!net_parse_net(o->net, &a, &m, why, sizeof why)) {
            snprintf(err, errlen, "%s '%s': %s", opt, arg, why);
            return false;
        }
    }
    for (unsigned i = 0; i < p->n; i++) {
        if (!p->p[i].val || strcmp(p->p[i].key, "hostfwd") != 0)
            continue;
        if (o->nfwd == NET_SLIRP_MAX_HOSTFWD) {
            snprintf(err, errlen, "%s '%s': at most %d hostfwd rules", opt, arg, NET_SLIRP_MAX_HOSTFWD);
            return false;
        }
        if (!net_parse_hostfwd(p->p[i].val, &o->fwd[o->nfwd++], why, sizeof why)) {
            snprintf(err, errlen, "%s '%s': %s", opt, arg, why);
            return false;
        }
    }
    return true;
}

static bool parse_netdev(struct cli_virtio *v, const char *arg, struct netdev *n, char *err, size_t errlen)
{
    static const char *const known[] = { "id", "hostfwd", "net", "hostname", NULL };
    struct props p;
    if (!split(v, "-netdev", arg, &p, err, errlen))
        return false;
    if (p.p[0].val || strcmp(p.p[0].key, "user") != 0) {
        snprintf(err, errlen, "-netdev '%s': a64emu supports the user backend only (-netdev user,id=ID,...)", arg);
        return false;
    }
    if (!only(&p, "-netdev", known, true, err, errlen))
        return false;
    *n = (struct netdev){ .id = prop(&p, "id") };
    if (!n->id) {
        snprintf(err, errlen, "-netdev '%s': id=ID is required", arg);
        return false;
    }
    return parse_user_net(&p, "-netdev", arg, &n->opts, err, errlen);
}

/* "52:54:00:12:34:56": six hex octets, a unicast address (QEMU refuses multicast ones too). */
static bool parse_mac(const char *s, uint8_t mac[6])
{
    for (unsigned i = 0; i < 6; i++) {
        unsigned v = 0;
        for (unsigned k = 0; k < 2; k++, s++) {
            char c = *s;
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
            if (d == 16)
                return false;
            v = v * 16 + d;
        }
        mac[i] = (uint8_t)v;
        if (*s != (i == 5 ? 0 : ':'))
            return false;
        s += i < 5;
    }
    return !(mac[0] & 1);
}

/* The net device's MAC: mac= or QEMU's default 52:54:00:12:34:56 plus the NIC's index. */
static bool net_mac(const char *mac, unsigned index, const char *opt, const char *arg, uint8_t out[6], char *err,
                    size_t errlen)
{
    if (!mac) {
        const uint8_t def[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, (uint8_t)(0x56 + index) };
        memcpy(out, def, 6);
        return true;
    }
    if (!parse_mac(mac, out)) {
        snprintf(err, errlen, "%s '%s': mac=%s is not a unicast MAC address (xx:xx:xx:xx:xx:xx)", opt, arg, mac);
        return false;
    }
    return true;
}

/* -nic user[,...] | none: a virtio-net with its own user network, where it stands. */
static bool parse_nic(struct cli_virtio *v, const char *arg, struct machine_virtio *dev, bool *none, unsigned index,
                      char *err, size_t errlen)
{
    static const char *const known[] = { "id", "hostfwd", "net", "hostname", "mac", "model", NULL };
    struct props p;
    if (!split(v, "-nic", arg, &p, err, errlen))
        return false;
    *none = !p.p[0].val && !strcmp(p.p[0].key, "none") && p.n == 1;
    if (*none)
        return true;
    if (p.p[0].val || strcmp(p.p[0].key, "user") != 0) {
        snprintf(err, errlen, "-nic '%s': a64emu supports -nic user[,...] and -nic none", arg);
        return false;
    }
    if (!only(&p, "-nic", known, true, err, errlen))
        return false;
    const char *model = prop(&p, "model");
    if (model && strcmp(model, "virtio-net-device") != 0 && strcmp(model, "virtio") != 0) {
        snprintf(err, errlen, "-nic '%s': model=%s is not supported (a64emu has virtio-net-device)", arg, model);
        return false;
    }
    *dev = (struct machine_virtio){ .kind = MACHINE_VIRTIO_NET };
    return net_mac(prop(&p, "mac"), index, "-nic", arg, dev->mac, err, errlen) &&
           parse_user_net(&p, "-nic", arg, &dev->net, err, errlen);
}

static bool add_dev(struct machine_config *mc, struct machine_virtio dev, const char *what, char *err, size_t errlen)
{
    if (mc->nvirtio == MACHINE_MAX_VIRTIO) {
        snprintf(err, errlen, "%s: at most %d virtio devices (the virt board's virtio-mmio transports)", what, MACHINE_MAX_VIRTIO);
        return false;
    }
    mc->virtio[mc->nvirtio++] = dev;
    return true;
}

/* The flash banks, in command-line order: a drive without unit= takes the first free one, as
 * QEMU's drive_new(); a unit given twice is an error. */
static bool assign_pflash(struct drive *drives, unsigned nd, struct machine_config *mc, char *err, size_t errlen)
{
    bool taken[MACHINE_PFLASH_UNITS] = { false };
    for (unsigned i = 0; i < nd; i++) {
        struct drive *d = &drives[i];
        if (!d->is_pflash)
            continue;
        d->used = true; /* not for -device virtio-blk-device,drive= */
        int u = d->unit;
        while (u < 0) {
            for (int k = 0; k < MACHINE_PFLASH_UNITS && u < 0; k++)
                if (!taken[k])
                    u = k;
            if (u < 0) {
                snprintf(err, errlen, "-drive if=pflash,file=%s: both flash banks (unit 0 and 1) are already in use", d->file);
                return false;
            }
        }
        if (taken[u]) {
            snprintf(err, errlen, "-drive if=pflash,file=%s: drive with unit=%d exists (each flash bank takes one drive)",
                     d->file, u);
            return false;
        }
        taken[u] = true;
        mc->pflash[u] = (struct machine_pflash){ .path = d->file, .readonly = d->readonly };
    }
    if (mc->bios && mc->pflash[0].path) { /* QEMU 7.2's words */
        snprintf(err, errlen, "The contents of the first flash device may be specified with -bios or with "
                 "-drive if=pflash... but you cannot use both options at once");
        return false;
    }
    return true;
}

bool cli_virtio_resolve(struct cli_virtio *v, struct machine_config *mc, char *err, size_t errlen)
{
    struct drive drives[CLI_VIRTIO_MAX_ARGS];
    struct chardev chardevs[CLI_VIRTIO_MAX_ARGS];
    struct netdev netdevs[CLI_VIRTIO_MAX_ARGS];
    unsigned nd = 0, nc = 0, nn = 0, nics = 0;
    /* Pass 1: every -drive and -chardev, as QEMU creates them before the devices. */
    for (unsigned i = 0; i < v->n; i++) {
        if (v->arg[i].opt == CLI_DRIVE && !parse_drive(v, v->arg[i].val, &drives[nd++], err, errlen))
            return false;
        if (v->arg[i].opt == CLI_PFLASH) /* -pflash FILE: QEMU's -drive if=pflash,file=FILE */
            drives[nd++] = (struct drive){ .file = v->arg[i].val, .is_pflash = true, .unit = -1 };
        if (v->arg[i].opt == CLI_CHARDEV && !parse_chardev(v, v->arg[i].val, &chardevs[nc++], err, errlen))
            return false;
        if (v->arg[i].opt == CLI_NETDEV && !parse_netdev(v, v->arg[i].val, &netdevs[nn++], err, errlen))
            return false;
    }
    for (unsigned i = 0; i < nn; i++)
        for (unsigned j = 0; j < i; j++)
            if (!strcmp(netdevs[i].id, netdevs[j].id)) {
                snprintf(err, errlen, "-netdev: id '%s' is used twice", netdevs[i].id);
                return false;
            }
    for (unsigned i = 0; i < nd; i++)
        for (unsigned j = 0; j < i; j++)
            if (drives[i].id && drives[j].id && !strcmp(drives[i].id, drives[j].id)) {
                snprintf(err, errlen, "-drive: id '%s' is used twice", drives[i].id);
                return false;
            }
    if (!assign_pflash(drives, nd, mc, err, errlen))
        return false;
    /* Pass 2: devices in command-line order; an if=virtio drive is a device where it stands. */
    bool serial_open = false; /* a virtio-serial-device still without its virtconsole */
    unsigned di = 0;
    for (unsigned i = 0; i < v->n; i++) {
        const char *arg = v->arg[i].val;
        if (v->arg[i].opt == CLI_DRIVE || v->arg[i].opt == CLI_PFLASH) {
            struct drive *d = &drives[di++];
            if (d->is_virtio && !add_dev(mc, (struct machine_virtio){ .kind = MACHINE_VIRTIO_BLK, .path = d->file, .readonly = d->readonly },
                                         "-drive", err, errlen))
                return false;
            continue;
        }
        if (v->arg[i].opt == CLI_NIC) {
            struct machine_virtio dev;
            bool none;
            if (!parse_nic(v, arg, &dev, &none, nics, err, errlen))
                return false;
            if (!none) {
                nics++;
                if (!add_dev(mc, dev, "-nic", err, errlen))
                    return false;
            }
            continue;
        }
        if (v->arg[i].opt != CLI_DEVICE)
            continue;
        static const char *const known[] = { "drive", "chardev", "serial", "id", "name", "netdev", "mac", NULL };
        struct props p;
        if (!split(v, "-device", arg, &p, err, errlen) || !only(&p, "-device", known, true, err, errlen))
            return false;
        const char *drv = p.p[0].val ? "" : p.p[0].key;
        const char *drive = prop(&p, "drive"), *chardev = prop(&p, "chardev");
        if (!strcmp(drv, "virtio-blk-device")) {
            struct drive *d = NULL;
            for (unsigned k = 0; drive && k < nd; k++)
                if (drives[k].id && !strcmp(drives[k].id, drive))
                    d = &drives[k];
            if (!d) {
                snprintf(err, errlen, "-device '%s': %s", arg, drive ? "no -drive with that id" : "drive=ID is required");
                return false;
            }
            if (d->is_virtio || d->used) {
                snprintf(err, errlen, "-device '%s': drive '%s' is already in use", arg, drive);
                return false;
            }
            d->used = true;
            if (!add_dev(mc, (struct machine_virtio){ .kind = MACHINE_VIRTIO_BLK, .path = d->file, .readonly = d->readonly,
                                                   .serial = prop(&p, "serial") },
                         "-device", err, errlen))
                return false;
        } else if (!strcmp(drv, "virtio-net-device")) {
            const char *nd_id = prop(&p, "netdev");
            struct netdev *n = NULL;
            for (unsigned k = 0; nd_id && k < nn; k++)
                if (!strcmp(netdevs[k].id, nd_id))
                    n = &netdevs[k];
            if (!n || n->used) {
                snprintf(err, errlen, "-device '%s': %s", arg,
                         !nd_id ? "netdev=ID is required (-netdev user,id=ID)" : !n ? "no -netdev with that id"
                                                                             : "that netdev is already in use");
                return false;
            }
            n->used = true;
            struct machine_virtio dev = { .kind = MACHINE_VIRTIO_NET, .net = n->opts };
            if (!net_mac(prop(&p, "mac"), nics++, "-device", arg, dev.mac, err, errlen) ||
                !add_dev(mc, dev, "-device", err, errlen))
                return false;
        } else if (!strcmp(drv, "virtio-rng-device")) {
            if (!add_dev(mc, (struct machine_virtio){ .kind = MACHINE_VIRTIO_RNG }, "-device", err, errlen))
                return false;
        } else if (!strcmp(drv, "virtio-serial-device")) {
            if (!add_dev(mc, (struct machine_virtio){ .kind = MACHINE_VIRTIO_CONSOLE }, "-device", err, errlen))
                return false;
            serial_open = true;
        } else if (!strcmp(drv, "virtconsole")) {
            if (!serial_open) {
                snprintf(err, errlen, "-device '%s': needs a -device virtio-serial-device before it (a64emu: one port each)", arg);
                return false;
            }
            struct chardev *c = NULL;
            for (unsigned k = 0; chardev && k < nc; k++)
                if (!strcmp(chardevs[k].id, chardev))
                    c = &chardevs[k];
            if (!c || c->used) {
                snprintf(err, errlen, "-device '%s': %s", arg,
                         !chardev ? "chardev=ID is required" : !c ? "no -chardev with that id" : "that chardev is already in use");
                return false;
            }
            c->used = true;
            mc->virtio[mc->nvirtio - 1].path = c->path;
            serial_open = false;
        } else {
            snprintf(err, errlen, "-device '%s': unknown device (a64emu has virtio-blk-device, virtio-net-device, "
                     "virtio-rng-device, virtio-serial-device, virtconsole)", drv);
            return false;
        }
        /* Properties that belong to another device are refused, not ignored. */
        bool is_net = !strcmp(drv, "virtio-net-device"), is_blk = !strcmp(drv, "virtio-blk-device");
        const char *stray = (!is_net && prop(&p, "netdev")) ? "netdev" : (!is_net && prop(&p, "mac")) ? "mac"
                          : (!is_blk && prop(&p, "drive")) ? "drive" : (!is_blk && prop(&p, "serial")) ? "serial" : NULL;
        if (stray) {
            snprintf(err, errlen, "-device '%s': %s has no property '%s'", arg, drv, stray);
            return false;
        }
    }
    for (unsigned i = 0; i < nn; i++)
        if (!netdevs[i].used) {
            snprintf(err, errlen, "-netdev '%s': no -device virtio-net-device,netdev=%s uses it", netdevs[i].id,
                     netdevs[i].id);
            return false;
        }
    return true;
}
