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

/* The parsed -drive and -chardev options, by id. */
struct drive { const char *id, *file; bool readonly, is_virtio, used; };
struct chardev { const char *id, *path; bool used; };

static bool parse_drive(struct cli_virtio *v, const char *arg, struct drive *d, char *err, size_t errlen)
{
    static const char *const known[] = { "if", "id", "file", "format", "readonly", "media", "cache", NULL };
    struct props p;
    if (!split(v, "-drive", arg, &p, err, errlen) || !only(&p, "-drive", known, false, err, errlen))
        return false;
    const char *iface = prop(&p, "if"), *fmt = prop(&p, "format"), *ro = prop(&p, "readonly"),
               *media = prop(&p, "media"), *cache = prop(&p, "cache");
    *d = (struct drive){ .id = prop(&p, "id"), .file = prop(&p, "file") };
    if (!d->file || !*d->file) {
        snprintf(err, errlen, "-drive '%s': file=FILE is required", arg);
        return false;
    }
    /* On QEMU virt a -drive without if= is if=virtio (the board's default interface). */
    if (!iface || !strcmp(iface, "virtio"))
        d->is_virtio = true;
    else if (strcmp(iface, "none") != 0) {
        snprintf(err, errlen, "-drive '%s': if=%s is not supported (a64emu has if=none and if=virtio)", arg, iface);
        return false;
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
    if (!d->is_virtio && !d->id) {
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

static bool add_dev(struct machine_config *mc, struct machine_virtio dev, const char *what, char *err, size_t errlen)
{
    if (mc->nvirtio == MACHINE_MAX_VIRTIO) {
        snprintf(err, errlen, "%s: at most %d virtio devices (the virt board's virtio-mmio transports)", what, MACHINE_MAX_VIRTIO);
        return false;
    }
    mc->virtio[mc->nvirtio++] = dev;
    return true;
}

bool cli_virtio_resolve(struct cli_virtio *v, struct machine_config *mc, char *err, size_t errlen)
{
    struct drive drives[CLI_VIRTIO_MAX_ARGS];
    struct chardev chardevs[CLI_VIRTIO_MAX_ARGS];
    unsigned nd = 0, nc = 0;
    /* Pass 1: every -drive and -chardev, as QEMU creates them before the devices. */
    for (unsigned i = 0; i < v->n; i++) {
        if (v->arg[i].opt == CLI_DRIVE && !parse_drive(v, v->arg[i].val, &drives[nd++], err, errlen))
            return false;
        if (v->arg[i].opt == CLI_CHARDEV && !parse_chardev(v, v->arg[i].val, &chardevs[nc++], err, errlen))
            return false;
    }
    for (unsigned i = 0; i < nd; i++)
        for (unsigned j = 0; j < i; j++)
            if (drives[i].id && drives[j].id && !strcmp(drives[i].id, drives[j].id)) {
                snprintf(err, errlen, "-drive: id '%s' is used twice", drives[i].id);
                return false;
            }
    /* Pass 2: devices in command-line order; an if=virtio drive is a device where it stands. */
    bool serial_open = false; /* a virtio-serial-device still without its virtconsole */
    unsigned di = 0;
    for (unsigned i = 0; i < v->n; i++) {
        const char *arg = v->arg[i].val;
        if (v->arg[i].opt == CLI_DRIVE) {
            struct drive *d = &drives[di++];
            if (d->is_virtio && !add_dev(mc, (struct machine_virtio){ MACHINE_VIRTIO_BLK, d->file, d->readonly, NULL },
                                         "-drive", err, errlen))
                return false;
            continue;
        }
        if (v->arg[i].opt != CLI_DEVICE)
            continue;
        static const char *const known[] = { "drive", "chardev", "serial", "id", "name", NULL };
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
            if (!add_dev(mc, (struct machine_virtio){ MACHINE_VIRTIO_BLK, d->file, d->readonly, prop(&p, "serial") },
                         "-device", err, errlen))
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
            snprintf(err, errlen, "-device '%s': unknown device (a64emu has virtio-blk-device, virtio-rng-device, "
                     "virtio-serial-device, virtconsole)", drv);
            return false;
        }
    }
    return true;
}
