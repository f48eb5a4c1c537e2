/*
 * The gdb remote stub (gdbstub.h): sockets, the packet dispatcher, and the run/stop loop around
 * machine_run. Framing lives in gdb_packet.c, registers and the target XML in gdb_regs.c, the
 * monitor commands in gdb_monitor.c, deterministic mode's runs and reverse execution in
 * gdb_reverse.c (the shared state: gdb_internal.h).
 *
 * Stops: a host breakpoint stops its vCPU before the instruction (PC at the breakpoint); a
 * host watchpoint after the watched access's instruction completed (PC past it, as QEMU's
 * gdbstub reports them; gdb reads the new value then). Resuming steps over a breakpoint at the
 * current PC (cpu_host_debug.skip). A malformed packet gets an error or empty reply; nothing
 * gdb sends can stop the emulator except 'k'.
 */
#include "frontend/gdbstub.h"
#include "frontend/gdb_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bus/bus.h"
#include "frontend/gdb_monitor.h"
#include "frontend/gdb_packet.h"
#include "frontend/gdb_regs.h"
#include "util/log.h"
#include "util/host_clock.h"


/* ---- address parsing and sockets ---- */

bool gdb_parse_spec(const char *spec, char *host, size_t hostlen, unsigned *port, char *err, size_t errlen)
{
    if (!strcmp(spec, "none")) {
        if (port)
            *port = 0;
        return true;
    }
    const char *colon = strncmp(spec, "tcp:", 4) ? NULL : strrchr(spec + 4, ':');
    if (!colon) {
        snprintf(err, errlen, "-gdb '%s': give tcp:[HOST]:PORT (e.g. tcp::1234)", spec);
        return false;
    }
    size_t hl = (size_t)(colon - (spec + 4));
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (!colon[1] || *end || errno || p > 65535) {
        snprintf(err, errlen, "-gdb '%s': the port must be a number 0..65535", spec);
        return false;
    }
    char h[64];
    if (hl >= sizeof h) {
        snprintf(err, errlen, "-gdb '%s': host name too long", spec);
        return false;
    }
    memcpy(h, spec + 4, hl);
    h[hl] = 0;
    if (!hl || !strcmp(h, "localhost"))
        strcpy(h, "127.0.0.1"); /* no host: loopback only, never every interface */
    struct in_addr a;
    if (inet_pton(AF_INET, h, &a) != 1) {
        snprintf(err, errlen, "-gdb '%s': the host must be an IPv4 address (e.g. 127.0.0.1)", spec);
        return false;
    }
    if (host) {
        snprintf(host, hostlen, "%s", h);
    }
    if (port)
        *port = (unsigned)p;
    return true;
}

struct gdb_stub *gdb_open(const char *spec, char *err, size_t errlen)
{
    char host[64];
    unsigned port;
    if (!gdb_parse_spec(spec, host, sizeof host, &port, err, errlen))
        return NULL;
    struct gdb_stub *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "-gdb: out of memory");
        return NULL;
    }
    s->fd = -1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, host, &sa.sin_addr);
    int one = 1;
    socklen_t sl = sizeof sa;
    if (s->listen_fd < 0 || setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(s->listen_fd, (struct sockaddr *)&sa, sizeof sa) || listen(s->listen_fd, 1) ||
        getsockname(s->listen_fd, (struct sockaddr *)&sa, &sl)) {
        snprintf(err, errlen, "-gdb '%s': cannot listen on %s:%u: %s", spec, host, port, strerror(errno));
        if (s->listen_fd >= 0)
            close(s->listen_fd);
        free(s);
        return NULL;
    }
    s->port = ntohs(sa.sin_port);
    fcntl(s->listen_fd, F_SETFL, fcntl(s->listen_fd, F_GETFL) | O_NONBLOCK); /* polled while running */
    log_error("gdb: listening on %s:%u", host, s->port); /* tests read the port from this line */
    return s;
}

unsigned gdb_port(const struct gdb_stub *s) { return s->port; }
bool gdb_killed(const struct gdb_stub *s) { return s && s->killed; }

static void drop_connection(struct gdb_stub *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

void gdb_set_deterministic(struct gdb_stub *s, struct rp_session *rp)
{
    s->det = true;
    s->rp = rp;
    tt_ring_init(&s->ring, TT_ENTRIES, TT_INTERVAL);
}

void gdb_close(struct gdb_stub *s)
{
    if (!s)
        return;
    tt_ring_free(&s->ring);
    drop_connection(s);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(s->out);
    free(s);
}

static void accepted(struct gdb_stub *s, int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    s->fd = fd;
    s->noack = false;
    gdb_rx_init(&s->rx);
    s->g_cpu = s->c_cpu = s->stop_cpu = machine_current_cpu(s->m)->index;
    snprintf(s->last_stop, sizeof s->last_stop, "T05thread:%x;", s->g_cpu + 1);
}

static void send_all(struct gdb_stub *s, const char *p, size_t n)
{
    while (n && s->fd >= 0) {
        ssize_t k = send(s->fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            drop_connection(s);
            return;
        }
        p += k;
        n -= (size_t)k;
    }
}

static void send_packet(struct gdb_stub *s, const char *body, size_t len, bool binary)
{
    size_t cap = 2 * len + 8;
    char *f = malloc(cap);
    if (!f)
        return;
    size_t n = gdb_frame(body, len, binary, f, cap);
    if (!n) { /* a non-binary body with a framing byte: never expected, answer an error */
        n = gdb_frame("E01", 3, false, f, cap);
    }
    free(s->out);
    s->out = f;
    s->outlen = n;
    send_all(s, f, n);
}

void gdb_reply(struct gdb_stub *s, const char *body) { send_packet(s, body, strlen(body), false); }

/* ---- breakpoints and watchpoints: the stub's lists, copied to every vCPU ---- */

void gdb_apply_debug(struct gdb_stub *s)
{
    for (unsigned i = 0; i < machine_cpu_count(s->m); i++) {
        struct cpu_state *c = machine_cpu(s->m, i);
        struct cpu_host_debug *h = &c->hdbg;
        h->nbp = s->nbp;
        for (unsigned k = 0; k < s->nbp; k++)
            h->bp[k] = s->bp[k].addr;
        h->nwp = s->nwp;
        for (unsigned k = 0; k < s->nwp; k++) {
            h->wp[k].addr = s->wp[k].addr;
            h->wp[k].len = s->wp[k].len;
            h->wp[k].kind = s->wp[k].kind;
        }
        cpu_debug_changed(c);
    }
}

static void clear_debug(struct gdb_stub *s)
{
    s->nbp = s->nwp = 0;
    gdb_apply_debug(s);
}

/* Z/z: type 0/1 breakpoints (kind ignored: every instruction is 4 bytes), 2/3/4 watchpoints. */
static const char *set_point(struct gdb_stub *s, const char *p, bool insert)
{
    uint64_t type, addr, len;
    if (!gdb_parse_hex(&p, &type) || *p++ != ',' || !gdb_parse_hex(&p, &addr) || *p++ != ',' ||
        !gdb_parse_hex(&p, &len) || type > 4)
        return type > 4 && type < 16 ? "" : "E22";
    if (type <= 1) {
        unsigned i = 0;
        while (i < s->nbp && s->bp[i].addr != addr)
            i++;
        if (insert && i == s->nbp) {
            if (s->nbp == CPU_HOST_BPS)
                return "E28";
            s->bp[s->nbp].addr = addr;
            s->bp[s->nbp++].hw = type == 1;
        } else if (!insert && i < s->nbp) {
            s->bp[i] = s->bp[--s->nbp];
        }
    } else {
        static const enum cpu_host_wp_kind kinds[] = { CPU_HWP_WRITE, CPU_HWP_READ, CPU_HWP_ACCESS };
        enum cpu_host_wp_kind k = kinds[type - 2];
        if (!len || len > (1u << 20) || addr + len < addr)
            return "E22";
        unsigned i = 0;
        while (i < s->nwp && !(s->wp[i].addr == addr && s->wp[i].len == len && s->wp[i].kind == k))
            i++;
        if (insert && i == s->nwp) {
            if (s->nwp == CPU_HOST_WPS)
                return "E28";
            s->wp[s->nwp].addr = addr;
            s->wp[s->nwp].len = len;
            s->wp[s->nwp++].kind = k;
        } else if (!insert && i < s->nwp) {
            s->wp[i] = s->wp[--s->nwp];
        }
    }
    gdb_apply_debug(s);
    return "OK";
}

/* ---- stop replies ---- */

/* What a host breakpoint/watchpoint stop of c says to gdb ("swbreak:;", "watch:ADDR;" ...). */
void gdb_hit_text(struct gdb_stub *s, const struct cpu_state *c, char *extra, size_t size)
{
    const struct cpu_host_debug *h = &c->hdbg;
    if (h->hit_watch) {
        static const char *const names[] = { "", "watch", "rwatch", "awatch" };
        snprintf(extra, size, "%s:%" PRIx64 ";", names[h->hit_kind & 3], h->hit_addr);
        return;
    }
    bool hw = false;
    for (unsigned i = 0; i < s->nbp; i++)
        if (s->bp[i].addr == c->pc)
            hw = s->bp[i].hw;
    snprintf(extra, size, "%s:;", hw ? "hwbreak" : "swbreak");
}

void gdb_send_stop(struct gdb_stub *s, struct cpu_state *c, unsigned sig, const char *extra)
{
    if (c->stop == CPU_STOP_DEBUG) { /* no architectural effect: the vCPU simply goes on later */
        c->stop = CPU_RUNNING;
        c->stop_reason[0] = 0;
    }
    c->hdbg.hit_watch = false;
    s->g_cpu = s->c_cpu = s->stop_cpu = c->index;
    snprintf(s->last_stop, sizeof s->last_stop, "T%02xthread:%x;%s", sig, c->index + 1, extra);
    s->stopped = true;
    gdb_reply(s, s->last_stop);
}

static void stop_reply(struct gdb_stub *s, struct cpu_state *c, unsigned sig)
{
    char extra[48] = "";
    if (sig == 5 && c->stop == CPU_STOP_DEBUG)
        gdb_hit_text(s, c, extra, sizeof extra);
    gdb_send_stop(s, c, sig, extra);
}

/* ---- memory ---- */

static bool mem_access(struct gdb_stub *s, uint64_t addr, void *buf, size_t len, bool write)
{
    struct cpu_state *c = machine_cpu(s->m, s->g_cpu);
    if (s->mon.phys)
        return write ? bus_copy_to(c->mmu.bus, addr, buf, len) : bus_copy_from(c->mmu.bus, addr, buf, len);
    return write ? cpu_virt_write(c, addr, buf, len) : cpu_virt_read(c, addr, buf, len);
}

static void read_memory(struct gdb_stub *s, const char *p)
{
    uint64_t addr, len;
    if (!gdb_parse_hex(&p, &addr) || *p++ != ',' || !gdb_parse_hex(&p, &len) || *p) {
        gdb_reply(s, "E22");
        return;
    }
    if (len > GDB_PACKET_SIZE / 2)
        len = GDB_PACKET_SIZE / 2; /* gdb accepts a shorter answer and asks for the rest */
    uint8_t buf[GDB_PACKET_SIZE / 2];
    size_t got = len;
    if (!mem_access(s, addr, buf, len, false)) {
        /* Partial: as many bytes as can be read from the start. */
        for (got = 0; got < len && mem_access(s, addr + got, buf + got, 1, false); got++)
            ;
    }
    if (!got && len) {
        gdb_reply(s, "E14");
        return;
    }
    gdb_hex_encode(buf, got, s->reply);
    gdb_reply(s, s->reply);
}

static void write_memory(struct gdb_stub *s, char *p, size_t plen, bool binary)
{
    const char *q = p;
    uint64_t addr, len;
    if (!gdb_parse_hex(&q, &addr) || *q++ != ',' || !gdb_parse_hex(&q, &len) || *q++ != ':' ||
        len > GDB_PACKET_SIZE) {
        gdb_reply(s, "E22");
        return;
    }
    char *data = p + (q - p);
    size_t avail = plen - (size_t)(q - p);
    uint8_t buf[GDB_PACKET_SIZE];
    if (binary) {
        long n = gdb_unescape(data, avail);
        if (n < 0 || (uint64_t)n != len) {
            gdb_reply(s, "E22");
            return;
        }
        memcpy(buf, data, (size_t)n);
    } else if (avail != 2 * len || !gdb_hex_decode(data, len, buf)) {
        gdb_reply(s, "E22");
        return;
    }
    gdb_reply(s, !len || mem_access(s, addr, buf, len, true) ? "OK" : "E14");
}

/* ---- registers ---- */

static void read_all_regs(struct gdb_stub *s)
{
    struct cpu_state *c = machine_cpu(s->m, s->g_cpu);
    size_t n = 0;
    for (unsigned r = 0; r < gdb_reg_count(c); r++) {
        uint8_t v[16];
        unsigned k = gdb_reg_read(c, r, v);
        gdb_hex_encode(v, k, s->reply + n);
        n += 2 * k;
    }
    gdb_reply(s, s->reply);
}

static void write_all_regs(struct gdb_stub *s, const char *p)
{
    struct cpu_state *c = machine_cpu(s->m, s->g_cpu);
    size_t len = strlen(p), off = 0;
    bool ok = true;
    /* gdb sends the registers it knows from the start; a shorter packet leaves the rest. */
    for (unsigned r = 0; r < gdb_reg_count(c) && ok; r++) {
        unsigned k = gdb_reg_size(c, r);
        if (off + 2 * k > len)
            break;
        uint8_t v[16];
        ok = gdb_hex_decode(p + off, k, v);
        uint8_t cur[16];
        gdb_reg_read(c, r, cur);
        /* Write only what changed: a system register write has side effects. */
        if (ok && memcmp(cur, v, k))
            ok = gdb_reg_write(c, r, v);
        off += 2 * k;
    }
    gdb_reply(s, ok && off == len ? "OK" : "E22");
}

static void one_reg(struct gdb_stub *s, const char *p, bool write)
{
    struct cpu_state *c = machine_cpu(s->m, s->g_cpu);
    uint64_t r;
    if (!gdb_parse_hex(&p, &r) || r >= gdb_reg_count(c)) {
        gdb_reply(s, "E22");
        return;
    }
    uint8_t v[16];
    unsigned k = gdb_reg_size(c, (unsigned)r);
    if (!write) {
        gdb_reg_read(c, (unsigned)r, v);
        gdb_hex_encode(v, k, s->reply);
        gdb_reply(s, s->reply);
        return;
    }
    if (*p++ != '=' || strlen(p) != 2 * k || !gdb_hex_decode(p, k, v)) {
        gdb_reply(s, "E22");
        return;
    }
    gdb_reply(s, gdb_reg_write(c, (unsigned)r, v) ? "OK" : "E01");
}

/* ---- threads ---- */

/* A thread id: vCPU index + 1; -1 (all) and 0 (any) answer `dflt`. Returns false if invalid. */
static bool thread_id(struct gdb_stub *s, const char *p, unsigned dflt, unsigned *cpu)
{
    if (!strcmp(p, "-1") || !strcmp(p, "0")) {
        *cpu = dflt;
        return true;
    }
    uint64_t t;
    if (!gdb_parse_hex(&p, &t) || *p || t == 0 || t > machine_cpu_count(s->m))
        return false;
    *cpu = (unsigned)t - 1;
    return true;
}

static void thread_extra(struct gdb_stub *s, const char *p)
{
    unsigned i;
    if (!thread_id(s, p, s->g_cpu, &i)) {
        gdb_reply(s, "E22");
        return;
    }
    struct cpu_state *c = machine_cpu(s->m, i);
    char text[64];
    snprintf(text, sizeof text, "vCPU %u, EL%u, %s", i, c->el,
             c->run_state == CPU_POWERED_OFF ? "powered off" : c->halted ? "in WFI" : "running");
    gdb_hex_encode(text, strlen(text), s->reply);
    gdb_reply(s, s->reply);
}

/* ---- queries ---- */

static void xfer_features(struct gdb_stub *s, const char *p)
{
    static const char annex[] = "target.xml:";
    if (strncmp(p, annex, sizeof annex - 1)) {
        gdb_reply(s, "E00");
        return;
    }
    p += sizeof annex - 1;
    uint64_t off, len;
    if (!gdb_parse_hex(&p, &off) || *p++ != ',' || !gdb_parse_hex(&p, &len) || *p) {
        gdb_reply(s, "E22");
        return;
    }
    static char xml[XML_MAX];
    size_t n = gdb_target_xml(machine_cpu(s->m, s->g_cpu), xml, sizeof xml);
    if (n >= sizeof xml)
        n = sizeof xml - 1;
    if (len > GDB_PACKET_SIZE - 16)
        len = GDB_PACKET_SIZE - 16;
    if (off > n) {
        gdb_reply(s, "E22");
        return;
    }
    size_t take = n - off < len ? n - off : len;
    s->reply[0] = off + take < n ? 'm' : 'l';
    memcpy(s->reply + 1, xml + off, take);
    send_packet(s, s->reply, take + 1, true);
}

static void monitor(struct gdb_stub *s, const char *hex)
{
    size_t n = strlen(hex);
    char cmd[256];
    if (n % 2 || n / 2 >= sizeof cmd || !gdb_hex_decode(hex, n / 2, cmd)) {
        gdb_reply(s, "E22");
        return;
    }
    cmd[n / 2] = 0;
    if (memchr(cmd, 0, n / 2)) {
        gdb_reply(s, "E22");
        return;
    }
    char out[GDB_PACKET_SIZE / 2 - 8];
    unsigned long long n_arg;
    if (!strcmp(cmd, "revdbg") || sscanf(cmd, "revdbg interval %llu", &n_arg) == 1) {
        /* Reverse debugging's snapshots (replay/timetravel.h): state, or the interval in steps. */
        if (!s->det) {
            snprintf(out, sizeof out, "reverse debugging needs deterministic mode (--deterministic or --replay)\n");
        } else {
            if (strcmp(cmd, "revdbg")) {
                s->ring.interval = n_arg ? n_arg : 1;
                s->tt_fixed = true;
                s->tt_next = 0;
            }
            snprintf(out, sizeof out, "position %llu, furthest %llu; %u snapshots (%zu bytes compressed), "
                     "every %llu steps\n", (unsigned long long)machine_position(s->m), (unsigned long long)s->hw,
                     s->ring.n, s->ring.bytes, (unsigned long long)s->ring.interval);
        }
    } else {
        gdb_monitor(&s->mon, machine_cpu(s->m, s->g_cpu), cmd, out, sizeof out);
    }
    if (!out[0]) {
        gdb_reply(s, "OK");
        return;
    }
    gdb_hex_encode(out, strlen(out), s->reply);
    gdb_reply(s, s->reply);
}

static void query(struct gdb_stub *s, const char *p)
{
    if (!strncmp(p, "qSupported", 10)) {
        snprintf(s->reply, REPLY_MAX, "PacketSize=%x;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;"
                 "QStartNoAckMode+%s", GDB_PACKET_SIZE, s->det ? ";ReverseStep+;ReverseContinue+" : "");
        gdb_reply(s, s->reply);
    } else if (!strncmp(p, "qXfer:features:read:", 20)) {
        xfer_features(s, p + 20);
    } else if (!strcmp(p, "qfThreadInfo")) {
        size_t n = (size_t)snprintf(s->reply, REPLY_MAX, "m");
        for (unsigned i = 0; i < machine_cpu_count(s->m); i++)
            n += (size_t)snprintf(s->reply + n, REPLY_MAX - n, "%s%x", i ? "," : "", i + 1);
        gdb_reply(s, s->reply);
    } else if (!strcmp(p, "qsThreadInfo")) {
        gdb_reply(s, "l");
    } else if (!strcmp(p, "qC")) {
        snprintf(s->reply, REPLY_MAX, "QC%x", s->g_cpu + 1);
        gdb_reply(s, s->reply);
    } else if (!strncmp(p, "qThreadExtraInfo,", 17)) {
        thread_extra(s, p + 17);
    } else if (!strcmp(p, "qAttached")) {
        gdb_reply(s, "1");
    } else if (!strncmp(p, "qRcmd,", 6)) {
        monitor(s, p + 6);
    } else if (!strcmp(p, "QStartNoAckMode")) {
        gdb_reply(s, "OK"); /* acknowledged in ack mode, then no more acks either way */
        s->noack = true;
    } else {
        gdb_reply(s, "");
    }
}

/* ---- resuming ---- */

enum resume { RESUME_NONE, RESUME_CONTINUE, RESUME_STEP, RESUME_DETACH, RESUME_KILL, RESUME_BSTEP, RESUME_BCONT };

/* vCont;ACTION[:TID]...: the first action naming a step decides which vCPU steps (all-stop: the
 * others stay where they are during a step); otherwise everything continues. C/S's signal is
 * ignored: the guest has no signals. */
static enum resume vcont(struct gdb_stub *s, const char *p, unsigned *step_cpu)
{
    enum resume r = RESUME_NONE;
    while (*p == ';') {
        p++;
        char a = *p++;
        if (a == 'C' || a == 'S') {
            uint64_t sig;
            if (!gdb_parse_hex(&p, &sig))
                return RESUME_NONE;
            a = (char)(a - 'A' + 'a');
        }
        if (a != 'c' && a != 's')
            return RESUME_NONE;
        unsigned cpu = s->c_cpu;
        if (*p == ':') {
            char tid[24];
            size_t n = strcspn(++p, ";");
            if (n >= sizeof tid)
                return RESUME_NONE;
            memcpy(tid, p, n);
            tid[n] = 0;
            p += n;
            if (!thread_id(s, tid, s->c_cpu, &cpu))
                return RESUME_NONE;
        }
        if (a == 's' && r != RESUME_STEP) {
            r = RESUME_STEP;
            *step_cpu = cpu;
        } else if (a == 'c' && r == RESUME_NONE) {
            r = RESUME_CONTINUE;
        }
    }
    return *p ? RESUME_NONE : r;
}

/* Handle one packet while stopped; returns how to resume, or RESUME_NONE to stay stopped. */
static enum resume handle(struct gdb_stub *s, char *p, size_t len, unsigned *step_cpu)
{
    unsigned cpu;
    switch (p[0]) {
    case '?': gdb_reply(s, s->last_stop); return RESUME_NONE;
    case 'g': if (p[1]) break; read_all_regs(s); return RESUME_NONE;
    case 'G': write_all_regs(s, p + 1); return RESUME_NONE;
    case 'p': one_reg(s, p + 1, false); return RESUME_NONE;
    case 'P': one_reg(s, p + 1, true); return RESUME_NONE;
    case 'm': read_memory(s, p + 1); return RESUME_NONE;
    case 'M': write_memory(s, p + 1, len - 1, false); return RESUME_NONE;
    case 'X': write_memory(s, p + 1, len - 1, true); return RESUME_NONE;
    case 'Z': case 'z': gdb_reply(s, set_point(s, p + 1, p[0] == 'Z')); return RESUME_NONE;
    case 'H':
        if ((p[1] == 'g' || p[1] == 'c') && thread_id(s, p + 2, p[1] == 'g' ? s->g_cpu : s->c_cpu, &cpu)) {
            *(p[1] == 'g' ? &s->g_cpu : &s->c_cpu) = cpu;
            gdb_reply(s, "OK");
        } else {
            gdb_reply(s, "E22");
        }
        return RESUME_NONE;
    case 'T': gdb_reply(s, thread_id(s, p + 1, 0, &cpu) ? "OK" : "E22"); return RESUME_NONE;
    case 'q': case 'Q': query(s, p); return RESUME_NONE;
    case 'c': case 'C':
        if (p[0] == 'c' && p[1]) /* c ADDR: resume at ADDR */
            break;
        return RESUME_CONTINUE;
    case 's': case 'S':
        if (p[0] == 's' && p[1])
            break;
        *step_cpu = s->c_cpu;
        return RESUME_STEP;
    case 'b': /* bs, bc: reverse step and continue (deterministic mode only) */
        if ((p[1] != 's' && p[1] != 'c') || p[2])
            break;
        if (!s->det) {
            log_error("gdb: reverse execution needs deterministic mode (--deterministic, -icount or --replay): "
                      "it re-executes from snapshots");
            gdb_reply(s, "E01");
            return RESUME_NONE;
        }
        if (!s->rp && machine_host_input(s->m) > s->input_at_start) {
            log_error("gdb: reverse execution refused: the guest has read %llu bytes of host input since gdb "
                      "connected, which re-execution could not give it again (record the run with --record and "
                      "debug the --replay)", (unsigned long long)(machine_host_input(s->m) - s->input_at_start));
            gdb_reply(s, "E02");
            return RESUME_NONE;
        }
        *step_cpu = s->c_cpu;
        return p[1] == 's' ? RESUME_BSTEP : RESUME_BCONT;
    case 'D': gdb_reply(s, "OK"); return RESUME_DETACH;
    case 'k': return RESUME_KILL;
    case 'v':
        if (!strcmp(p, "vCont?")) {
            gdb_reply(s, "vCont;c;C;s;S");
            return RESUME_NONE;
        }
        if (!strncmp(p, "vCont;", 6)) {
            enum resume r = vcont(s, p + 5, step_cpu);
            if (r == RESUME_NONE)
                gdb_reply(s, "E22");
            return r;
        }
        if (!strcmp(p, "vCtrlC")) { /* already stopped */
            gdb_reply(s, "OK");
            return RESUME_NONE;
        }
        break;
    default: break;
    }
    gdb_reply(s, ""); /* unknown or malformed: "not supported" */
    return RESUME_NONE;
}

/* Serve gdb while the machine is stopped, until it resumes (or goes away: RESUME_DETACH). */
static enum resume serve(struct gdb_stub *s, unsigned *step_cpu)
{
    char buf[4096];
    for (;;) {
        if (s->fd < 0)
            return RESUME_DETACH;
        ssize_t n = recv(s->fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            drop_connection(s);
            return RESUME_DETACH;
        }
        for (ssize_t i = 0; i < n; i++) {
            switch (gdb_rx_feed(&s->rx, (uint8_t)buf[i])) {
            case GDB_RX_PACKET: {
                if (!s->noack)
                    send_all(s, "+", 1);
                enum resume r = handle(s, s->rx.buf, s->rx.len, step_cpu);
                if (r != RESUME_NONE)
                    return r; /* gdb sends nothing more before our stop reply */
                break;
            }
            case GDB_RX_BAD_CSUM:
                if (!s->noack)
                    send_all(s, "-", 1);
                break;
            case GDB_RX_OVERSIZE:
                if (!s->noack)
                    send_all(s, "+", 1);
                gdb_reply(s, "E01");
                break;
            case GDB_RX_NACK:
                if (!s->noack && s->out)
                    send_all(s, s->out, s->outlen);
                break;
            default: break;
            }
        }
    }
}

/* Between quanta: the console first, then gdb (Ctrl-C, a new connection, a hang-up). */
bool gdb_stub_poll(struct machine *m, void *opaque)
{
    struct gdb_stub *s = opaque;
    /* Re-executing history without a replay log: the guest read no host input there (bs/bc
     * refuse otherwise), and must not read new input at points it passed already. */
    bool history = s->det && machine_position(m) < s->hw;
    if (s->host_poll && !(history && !s->rp) && !s->host_poll(m, s->host_opaque))
        return false;
    if (s->det && !s->reversing && s->ring.n && tt_ring_due(&s->ring, machine_position(m)) &&
        host_monotonic_seconds() >= s->tt_next)
        gdb_take_snapshot(s);
    if (s->reversing)
        return true; /* gdb waits for the reverse step's answer */
    if (s->fd < 0) {
        int fd = accept(s->listen_fd, NULL, NULL); /* non-blocking listener; the socket blocks */
        if (fd >= 0) {
            accepted(s, fd);
            s->want_stop = true; /* gdb attaching stops the machine, as QEMU's stub does */
            s->interrupted = false;
            return false;
        }
        return true;
    }
    struct pollfd pf = { s->fd, POLLIN, 0 };
    if (poll(&pf, 1, 0) <= 0)
        return true;
    char buf[256];
    ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        drop_connection(s); /* gdb went away: the guest runs on, as after a detach */
        clear_debug(s);
        return true;
    }
    for (ssize_t i = 0; i < n; i++) {
        enum gdb_rx_event e = gdb_rx_feed(&s->rx, (uint8_t)buf[i]);
        if (e == GDB_RX_INTERRUPT || (e == GDB_RX_PACKET && !strcmp(s->rx.buf, "vCtrlC"))) {
            if (e == GDB_RX_PACKET) {
                if (!s->noack)
                    send_all(s, "+", 1);
                gdb_reply(s, "OK");
            }
            s->want_stop = true;
            s->interrupted = true;
            return false;
        }
        if (e == GDB_RX_PACKET) { /* anything else while running is not allowed in all-stop */
            if (!s->noack)
                send_all(s, "+", 1);
            gdb_reply(s, "E16");
        }
    }
    return true;
}

/* Before a resume: breakpoints on every vCPU; the vCPU gdb saw stop (or the one stepping)
 * steps over a breakpoint at its PC. The others do not: one of them sitting at a breakpoint
 * it has not reached yet must still hit it. */
static void prepare_resume(struct gdb_stub *s, unsigned resuming_cpu)
{
    gdb_apply_debug(s);
    for (unsigned i = 0; i < machine_cpu_count(s->m); i++) {
        struct cpu_state *c = machine_cpu(s->m, i);
        c->hdbg.skip = i == resuming_cpu;
        c->hdbg.skip_pc = c->pc;
    }
    s->stopped = false;
}

/* The guest is done while gdb is attached: W (exited, with its status) or X (stopped). */
static void report_end(struct gdb_stub *s, enum machine_stop why)
{
    if (s->fd < 0)
        return;
    char buf[16];
    if (why == MACHINE_EXIT)
        snprintf(buf, sizeof buf, "W%02x", (unsigned)machine_exit_code(s->m) & 0xff);
    else
        snprintf(buf, sizeof buf, "X%02x", why == MACHINE_QUIT ? 2u : 5u);
    gdb_reply(s, buf);
    drop_connection(s);
}

/* A run of the machine ended: report it to gdb, or return true with *why when the guest is done. */
static bool run_ended(struct gdb_stub *s, enum machine_stop why, unsigned step_cpu, enum machine_stop *done)
{
    struct machine *m = s->m;
    if (why == MACHINE_DEBUG) {
        struct cpu_state *c = machine_stopped_cpu(m);
        s->want_stop = s->interrupted = false; /* a Ctrl-C at the same point: this stop answers it */
        if (s->fd >= 0) {
            stop_reply(s, c, 5);
        } else { /* gdb left between the hit and now: nothing to report */
            c->stop = CPU_RUNNING;
            c->stop_reason[0] = 0;
        }
        return false;
    }
    if (why == MACHINE_PAUSED) { /* a deterministic step's end */
        stop_reply(s, machine_cpu(m, step_cpu), 5);
        return false;
    }
    if (why == MACHINE_QUIT && s->want_stop) {
        s->want_stop = false;
        s->stopped = true;
        if (s->interrupted) {
            s->interrupted = false;
            stop_reply(s, machine_current_cpu(m), 2);
        }
        return false;
    }
    report_end(s, why);
    *done = why;
    return true;
}

enum machine_stop gdb_run(struct gdb_stub *s, struct machine *m, uint64_t max_insns, bool wait,
                          machine_poll_fn host_poll, void *poll_opaque)
{
    s->m = m;
    s->host_poll = host_poll;
    s->host_opaque = poll_opaque;
    s->max_insns = max_insns;
    if (s->det)
        machine_set_transparent(m, true);
    if (wait) {
        log_error("gdb: waiting for a connection (-S)");
        int fd;
        for (;;) {
            struct pollfd pf = { s->listen_fd, POLLIN, 0 };
            if (poll(&pf, 1, -1) < 0 && errno != EINTR)
                return MACHINE_ERROR;
            if ((fd = accept(s->listen_fd, NULL, NULL)) >= 0)
                break;
        }
        accepted(s, fd);
        s->stopped = true;
    }
    enum machine_stop done;
    for (;;) {
        unsigned step_cpu = 0;
        if (s->stopped && s->fd >= 0) {
            enum resume r = serve(s, &step_cpu);
            /* History starts when gdb first resumes the machine: where it connected (a poll
             * point, or before the first instruction with -S), with what gdb wrote since. Not
             * at the connection itself: a 1 GiB guest's snapshot takes seconds, longer than gdb
             * waits for the answers of its first packets; nor before: a guest nobody debugs
             * pays no snapshot. */
            if (s->det && !s->ring.n && r != RESUME_KILL && r != RESUME_DETACH) {
                gdb_take_snapshot(s);
                s->input_at_start = machine_host_input(m);
            }
            if (r == RESUME_KILL) {
                s->killed = true;
                drop_connection(s);
                return MACHINE_QUIT;
            }
            if (r == RESUME_BSTEP || r == RESUME_BCONT) {
                if (r == RESUME_BSTEP)
                    gdb_reverse_step(s, step_cpu);
                else
                    gdb_reverse_continue(s);
                continue; /* stopped again, with the stop reply sent */
            }
            if (r == RESUME_DETACH) {
                drop_connection(s);
                clear_debug(s);
            }
            prepare_resume(s, r == RESUME_STEP ? step_cpu : s->stop_cpu);
            if (r == RESUME_STEP && s->det) {
                /* The vCPU's next step, the others running as the scheduler runs them. */
                struct cpu_state *c = machine_cpu(m, step_cpu);
                if (run_ended(s, gdb_det_run(s, (int)step_cpu, cpu_steps_of(c) + 1), step_cpu, &done))
                    return done;
                continue;
            }
            if (r == RESUME_STEP) {
                struct cpu_state *c = machine_cpu(m, step_cpu);
                if (s->mon.step_irq)
                    cpu_step(c);
                else
                    cpu_step_noirq(c);
                if (c->stop == CPU_RUNNING || c->stop == CPU_STOP_DEBUG) {
                    stop_reply(s, c, 5);
                    continue;
                }
                /* The step ended the guest (semihosting exit ...). */
                enum machine_stop why = c->stop == CPU_STOP_EXIT ? MACHINE_EXIT : MACHINE_ERROR;
                if (s->fd >= 0) {
                    char buf[16];
                    snprintf(buf, sizeof buf, why == MACHINE_EXIT ? "W%02x" : "X05", (unsigned)c->exit_code & 0xff);
                    gdb_reply(s, buf);
                    drop_connection(s);
                }
                return why;
            }
        }
        s->stopped = false;
        enum machine_stop why = s->det ? gdb_det_run(s, -1, MACHINE_NO_CUT) : machine_run(m, max_insns, gdb_stub_poll, s);
        if (run_ended(s, why, step_cpu, &done))
            return done;
    }
}
