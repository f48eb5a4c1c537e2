/* The replay log's header: see replay_header.h. */
#include "replay/replay_header.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"

struct text {
    char *s;
    size_t len, cap;
    bool oom;
};

static void addf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || t->oom)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->len + (size_t)n + 1) * 2;
        char *ns = realloc(t->s, cap);
        if (!ns) {
            t->oom = true;
            return;
        }
        t->s = ns;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A value on one line: newlines (and backslashes) escaped. */
static void add_value(struct text *t, const char *key, const char *v)
{
    addf(t, "%s=", key);
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '\n')
            addf(t, "\\n");
        else if (*p == '\\')
            addf(t, "\\\\");
        else
            addf(t, "%c", *p);
    }
    addf(t, "\n");
}

static bool hash_file(struct text *t, const char *role, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s '%s': cannot open to hash it for the replay log: %s", role, path, strerror(errno));
        return false;
    }
    struct sha256 s;
    sha256_init(&s);
    static uint8_t buf[1 << 16];
    size_t n;
    uint64_t size = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&s, buf, n);
        size += n;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s '%s': read error while hashing it", role, path);
        return false;
    }
    uint8_t d[SHA256_LEN];
    char hex[2 * SHA256_LEN + 1];
    sha256_final(&s, d);
    sha256_hex(d, hex);
    const char *base = strrchr(path, '/');
    addf(t, "file.%s=%s %" PRIu64 " %s\n", role, hex, size, base ? base + 1 : path);
    return true;
}

char *rp_header_build(const struct machine_config *cfg, uint64_t max_insns, int argc, char **argv, char *err,
                      size_t errlen)
{
    struct text t = { 0 };
    addf(&t, "version=%s\n", A64EMU_VERSION);
    addf(&t, "argv=");
    for (int i = 0; i < argc; i++)
        addf(&t, "%s%s", i ? " " : "", strchr(argv[i], '\n') ? "<newline>" : argv[i]);
    addf(&t, "\n");
    addf(&t, "opt.smp=%u\nopt.ram=%" PRIu64 "\nopt.virtualization=%d\nopt.semihosting=%d\nopt.no-reboot=%d\n",
         cfg->smp, cfg->ram_size, cfg->virtualization, cfg->semihosting, cfg->no_reboot);
    addf(&t, "opt.load-addr=0x%" PRIx64 "\nopt.preview=0x%" PRIx32 "\nopt.icount-shift=%u\nopt.seed=%" PRIu64 "\n",
         cfg->load_addr, (uint32_t)cfg->preview_features, cfg->icount_shift, cfg->seed);
    addf(&t, "opt.deterministic=%d\n", cfg->deterministic);
    addf(&t, "run.max-insns=%" PRIu64 "\n", max_insns); /* informational: a replay stops at the recorded end */
    add_value(&t, "opt.append", cfg->append);
    addf(&t, "opt.virtio-legacy=%d\nopt.virtio-count=%u\n", cfg->virtio_legacy, cfg->nvirtio);
    static const char *const kinds[] = { "blk", "rng", "console", "net" };
    for (unsigned i = 0; i < cfg->nvirtio; i++) {
        const struct machine_virtio *v = &cfg->virtio[i];
        addf(&t, "opt.virtio%u=%s readonly=%d console-file=%d ", i, kinds[v->kind], v->readonly,
             v->kind == MACHINE_VIRTIO_CONSOLE && v->path);
        add_value(&t, "serial", v->serial);
    }
    bool ok = (!cfg->kernel || hash_file(&t, "kernel", cfg->kernel, err, errlen)) &&
              (!cfg->bios || hash_file(&t, "bios", cfg->bios, err, errlen)) &&
              (!cfg->initrd || hash_file(&t, "initrd", cfg->initrd, err, errlen)) &&
              (!cfg->dtb || hash_file(&t, "dtb", cfg->dtb, err, errlen));
    for (unsigned i = 0; ok && i < MACHINE_PFLASH_UNITS; i++) { /* flash images, like disk images */
        char role[32];
        snprintf(role, sizeof role, "pflash%u", i);
        addf(&t, "opt.pflash%u=%d readonly=%d\n", i, cfg->pflash[i].path != NULL, cfg->pflash[i].readonly);
        if (cfg->pflash[i].path)
            ok = hash_file(&t, role, cfg->pflash[i].path, err, errlen);
    }
    for (unsigned i = 0; ok && i < cfg->nvirtio; i++) {
        char role[32];
        snprintf(role, sizeof role, "drive%u", i);
        if (cfg->virtio[i].kind == MACHINE_VIRTIO_BLK)
            ok = hash_file(&t, role, cfg->virtio[i].path, err, errlen);
    }
    if (ok && t.oom)
        snprintf(err, errlen, "out of memory");
    if (!ok || t.oom) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

const char *rp_header_get(const char *header, const char *key, size_t *len)
{
    size_t klen = strlen(key);
    for (const char *p = header; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t l = eol ? (size_t)(eol - p) : strlen(p);
        if (l > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            *len = l - klen - 1;
            return p + klen + 1;
        }
        p = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* Each opt./file. line of `a` must be in `b` with the same value (and the other way round). */
static bool first_difference(const char *a, const char *b, const char *a_name, const char *b_name, char *err,
                             size_t errlen)
{
    for (const char *p = a; *p;) {
        const char *eol = strchr(p, '\n');
        size_t l = eol ? (size_t)(eol - p) : strlen(p);
        if (strncmp(p, "opt.", 4) == 0 || strncmp(p, "file.", 5) == 0) {
            const char *eq = memchr(p, '=', l);
            if (eq) {
                char key[128];
                snprintf(key, sizeof key, "%.*s", (int)(eq - p), p);
                size_t vl;
                const char *v = rp_header_get(b, key, &vl);
                size_t al = l - (size_t)(eq + 1 - p);
                if (!v || vl != al || memcmp(v, eq + 1, al) != 0) {
                    const char *what = strncmp(key, "file.", 5) == 0 ? "payload file" : "option";
                    if (v)
                        snprintf(err, errlen, "%s %s differs: %s %.*s, %s %.*s", what, strchr(key, '.') + 1, a_name,
                                 (int)al, eq + 1, b_name, (int)vl, v);
                    else
                        snprintf(err, errlen, "%s %s: %s %.*s, %s has none", what, strchr(key, '.') + 1, a_name,
                                 (int)al, eq + 1, b_name);
                    return false;
                }
            }
        }
        p = eol ? eol + 1 : p + l;
    }
    return true;
}

bool rp_header_match(const char *logged, const char *now, const char *source, char *err, size_t errlen)
{
    char has[64];
    snprintf(has, sizeof has, "%s has", source);
    return first_difference(logged, now, has, "this run has", err, errlen) &&
           first_difference(now, logged, "this run has", source, err, errlen);
}
