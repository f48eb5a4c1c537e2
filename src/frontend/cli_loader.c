/*
 * -device guest-loader,addr=A,kernel=F|initrd=F[,bootargs=S]: QEMU's guest loader (docs/system/
 * guest-loader.rst), for hypervisors such as Xen that find their guests' images through
 * /chosen/module@ADDR nodes ("multiboot,module" plus "multiboot,kernel" or "multiboot,ramdisk"),
 * as a boot loader's multiboot support would make them. The images are loaded verbatim at ADDR;
 * src/machine/virt.c checks that they fit in RAM and overlap nothing else.
 */
#include "frontend/cli_loader.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_is_guest_loader(const char *val)
{
    return strncmp(val, "guest-loader", 12) == 0 && (val[12] == ',' || val[12] == '\0');
}

/* Copy the value of property `name` (len bytes at p) into dst. */
static bool take(char *dst, size_t size, const char *p, size_t len, const char *name, char *err, size_t errlen)
{
    if (len == 0 || len >= size) {
        snprintf(err, errlen, "-device guest-loader: %s= needs a value (at most %zu characters)", name, size - 1);
        return false;
    }
    memcpy(dst, p, len);
    dst[len] = '\0';
    return true;
}

bool cli_guest_loader(const char *val, struct cli_options *o, char *err, size_t errlen)
{
    if (o->machine.nmodules >= MACHINE_MAX_MODULES) {
        snprintf(err, errlen, "-device guest-loader: at most %d modules", MACHINE_MAX_MODULES);
        return false;
    }
    unsigned idx = o->machine.nmodules;
    struct machine_module *mod = &o->machine.modules[idx];
    memset(mod, 0, sizeof *mod);
    /* One path buffer: kernel= and initrd= are exclusive (checked below), the last one wins. */
    char addr[32] = "", *path = o->module_paths[idx];
    path[0] = o->module_args[idx][0] = '\0';
    bool have_args = false, is_kernel = false, is_initrd = false;
    for (const char *p = val + 12; *p == ',';) {
        p++;
        size_t len = strcspn(p, ",");
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        const char *v = eq ? eq + 1 : p + len;
        size_t vlen = eq ? len - klen - 1 : 0;
        bool ok;
        if (klen == 4 && strncmp(p, "addr", 4) == 0)
            ok = take(addr, sizeof addr, v, vlen, "addr", err, errlen);
        else if (klen == 6 && strncmp(p, "kernel", 6) == 0)
            ok = is_kernel = take(path, sizeof o->module_paths[0], v, vlen, "kernel", err, errlen);
        else if (klen == 6 && strncmp(p, "initrd", 6) == 0)
            ok = is_initrd = take(path, sizeof o->module_paths[0], v, vlen, "initrd", err, errlen);
        else if (klen == 8 && strncmp(p, "bootargs", 8) == 0)
            ok = have_args = take(o->module_args[idx], sizeof o->module_args[0], v, vlen, "bootargs", err, errlen);
        else {
            snprintf(err, errlen, "-device guest-loader: unknown property '%.*s' (addr, kernel, initrd, bootargs)",
                     (int)len, p);
            return false;
        }
        if (!ok)
            return false;
        p += len;
    }
    char *end;
    if (!addr[0]) {
        snprintf(err, errlen, "-device guest-loader: addr= is required (the guest-physical load address)");
        return false;
    }
    unsigned long long a = strtoull(addr, &end, 0);
    if (*end) {
        snprintf(err, errlen, "-device guest-loader: addr '%s' is not a number", addr);
        return false;
    }
    if (is_kernel == is_initrd) {
        snprintf(err, errlen, "-device guest-loader: give exactly one of kernel=FILE and initrd=FILE");
        return false;
    }
    if (have_args && !is_kernel) {
        snprintf(err, errlen, "-device guest-loader: bootargs= goes with kernel=, not initrd=");
        return false;
    }
    mod->addr = a;
    mod->is_kernel = is_kernel;
    mod->path = path;
    mod->bootargs = have_args ? o->module_args[idx] : NULL;
    o->machine.nmodules++;
    return true;
}
