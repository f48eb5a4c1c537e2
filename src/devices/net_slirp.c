/* libslirp user-mode networking, see net_slirp.h. */
#include "devices/net_slirp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <libslirp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/host_clock.h"

struct slirp_timer {
    struct slirp_timer *next;
    SlirpTimerId id;
    void *cb_opaque;
    int64_t expire_ms;   /* -1: not armed */
};

struct net_slirp {
    Slirp *slirp;
    net_deliver_fn deliver;
    void *opaque;
    struct slirp_timer *timers;
    struct net_pollset *ps; /* during fill and dispatch */
    size_t base;            /* where this instance's descriptors start in ps */
};

/* slirp's clock is signed nanoseconds; the host's monotonic clock stays far below 2^63. */
static int64_t now_ns(void)
{
    return (int64_t)host_monotonic_ns();
}

/* ---- the callbacks slirp makes ---- */

static ssize_t cb_send(const void *buf, size_t len, void *opaque)
{
    struct net_slirp *s = opaque;
    s->deliver(s->opaque, buf, len);
    return (ssize_t)len; /* a frame the device dropped is a lost frame, not a host error */
}

static void cb_guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    log_msg(LOG_GUEST, "slirp: %s", msg);
}

static int64_t cb_clock(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    struct net_slirp *s = opaque;
    struct slirp_timer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL; /* slirp checks nothing; only its IPv6 RA timer (IPv6 is off) would be lost */
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    struct net_slirp *s = opaque;
    for (struct slirp_timer **p = &s->timers; *p; p = &(*p)->next)
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer)
        ((struct slirp_timer *)timer)->expire_ms = expire_ms;
}

static void cb_fd(int fd, void *opaque) { (void)fd; (void)opaque; } /* each wait asks slirp afresh */
static void cb_notify(void *opaque) { (void)opaque; } /* the run loop polls often: nothing to kick */

static const SlirpCb callbacks = {
    .send_packet = cb_send,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_fd,
    .unregister_poll_fd = cb_fd,
    .notify = cb_notify,
    .timer_new_opaque = cb_timer_new_opaque,
};

/* ---- option parsing ---- */

static bool parse_port(const char *s, size_t len, uint16_t *out)
{
    if (!len || len > 5)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (!v || v > 65535)
        return false;
    *out = (uint16_t)v;
    return true;
}

static bool parse_addr(const char *s, size_t len, uint32_t *out)
{
    char buf[INET_ADDRSTRLEN];
    struct in_addr a;
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    if (inet_pton(AF_INET, buf, &a) != 1)
        return false;
    *out = ntohl(a.s_addr);
    return true;
}

/* "[ADDR]:PORT" ending at end: the address (def if empty) and port. */
static bool parse_endpoint(const char *s, const char *end, uint32_t def, uint32_t *addr, uint16_t *port)
{
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon)
        return false;
    *addr = def;
    if (colon > s && !parse_addr(s, (size_t)(colon - s), addr))
        return false;
    return parse_port(colon + 1, (size_t)(end - colon - 1), port);
}

bool net_parse_hostfwd(const char *spec, struct net_hostfwd *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *p = spec;
    if (!strncmp(p, "tcp:", 4))
        p += 4;
    else if (!strncmp(p, "udp:", 4)) {
        out->udp = true;
        p += 4;
    } else if (*p == ':')
        p++; /* QEMU: an empty protocol is tcp */
    const char *dash = strchr(p, '-');
    if (!dash || !parse_endpoint(p, dash, INADDR_LOOPBACK, &out->host_addr, &out->host_port) ||
        !parse_endpoint(dash + 1, dash + 1 + strlen(dash + 1), 0, &out->guest_addr, &out->guest_port)) {
        snprintf(err, errlen, "hostfwd=%s: expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT "
                 "(ports 1-65535, IPv4 addresses; the host address defaults to 127.0.0.1)", spec);
        return false;
    }
    return true;
}

bool net_parse_net(const char *spec, uint32_t *addr, uint32_t *mask, char *err, size_t errlen)
{
    const char *slash = strchr(spec, '/');
    size_t alen = slash ? (size_t)(slash - spec) : strlen(spec);
    bool ok = parse_addr(spec, alen, addr);
    *mask = 0xffffff00u;
    if (ok && slash) {
        const char *m = slash + 1;
        if (strchr(m, '.'))
            ok = parse_addr(m, strlen(m), mask) && (~*mask & (~*mask + 1)) == 0; /* contiguous */
        else {
            char *e;
            errno = 0;
            long bits = strtol(m, &e, 10);
            ok = *m && !*e && !errno && bits >= 8 && bits <= 28; /* room for .2, .3 and .15 */
            if (ok)
                *mask = (uint32_t)(0xffffffffull << (32 - bits));
        }
    }
    if (ok && (~*mask < 16 || *mask < 0xff000000u))
        ok = false;
    if (!ok) {
        snprintf(err, errlen, "net=%s: expected an IPv4 network ADDR[/BITS] with BITS from 8 to 28 "
                 "(or a dotted mask)", spec);
        return false;
    }
    *addr &= *mask;
    return true;
}

/* ---- the instance ---- */

static struct in_addr in4(uint32_t host_order)
{
    struct in_addr a = { htonl(host_order) };
    return a;
}

struct net_slirp *net_slirp_create(const struct net_slirp_opts *o, net_deliver_fn deliver, void *opaque, char *err,
                                   size_t errlen)
{
    uint32_t net = 0x0a000200u, mask = 0xffffff00u; /* 10.0.2.0/24 */
    if (o->net && !net_parse_net(o->net, &net, &mask, err, errlen))
        return NULL;
    struct net_slirp *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->deliver = deliver;
    s->opaque = opaque;
    SlirpConfig cfg = {
        .version = 4,
        .in_enabled = true,
        .vnetwork = in4(net),
        .vnetmask = in4(mask),
        .vhost = in4(net | 2),
        .vhostname = o->hostname,
        .vdhcp_start = in4(net | 15),
        .vnameserver = in4(net | 3),
        .if_mtu = 1500,
        .if_mru = 1500,
    };
    s->slirp = slirp_new(&cfg, &callbacks, s);
    if (!s->slirp) {
        snprintf(err, errlen, "libslirp could not start");
        free(s);
        return NULL;
    }
    for (unsigned i = 0; i < o->nfwd; i++) {
        const struct net_hostfwd *f = &o->fwd[i];
        if (slirp_add_hostfwd(s->slirp, f->udp, in4(f->host_addr), f->host_port, in4(f->guest_addr),
                              f->guest_port) < 0) {
            char a[INET_ADDRSTRLEN];
            struct in_addr ha = in4(f->host_addr);
            snprintf(err, errlen, "hostfwd %s:%s:%u: cannot listen there (%s)", f->udp ? "udp" : "tcp",
                     inet_ntop(AF_INET, &ha, a, sizeof a), f->host_port, strerror(errno));
            net_slirp_destroy(s);
            return NULL;
        }
    }
    return s;
}

void net_slirp_destroy(struct net_slirp *s)
{
    if (!s)
        return;
    if (s->slirp)
        slirp_cleanup(s->slirp); /* frees its timers through cb_timer_free */
    while (s->timers) {
        struct slirp_timer *t = s->timers;
        s->timers = t->next;
        free(t);
    }
    free(s);
}

void net_slirp_input(struct net_slirp *s, const uint8_t *frame, size_t len)
{
    slirp_input(s->slirp, frame, (int)len); /* len <= VIRTIO_NET_MAX_TX: fits an int */
}

/* ---- waiting ---- */

static const struct { int slirp, poll; } event_map[] = {
    { SLIRP_POLL_IN, POLLIN }, { SLIRP_POLL_OUT, POLLOUT }, { SLIRP_POLL_PRI, POLLPRI },
    { SLIRP_POLL_ERR, POLLERR }, { SLIRP_POLL_HUP, POLLHUP },
};

static int cb_add_poll(int fd, int events, void *opaque)
{
    struct net_slirp *s = opaque;
    struct net_pollset *ps = s->ps;
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;
        struct pollfd *f = realloc(ps->fds, cap * sizeof *f);
        if (!f) {
            ps->oom = true;
            return -1; /* slirp skips a socket whose index is negative */
        }
        ps->fds = f;
        ps->cap = cap;
    }
    short ev = 0;
    for (size_t i = 0; i < sizeof event_map / sizeof event_map[0]; i++)
        if (events & event_map[i].slirp)
            ev |= (short)event_map[i].poll;
    ps->fds[ps->n] = (struct pollfd){ .fd = fd, .events = ev };
    return (int)(ps->n++ - s->base);
}

static int cb_get_revents(int idx, void *opaque)
{
    struct net_slirp *s = opaque;
    if (idx < 0 || s->base + (size_t)idx >= s->ps->n)
        return 0;
    int rev = s->ps->fds[s->base + (size_t)idx].revents, out = 0;
    for (size_t i = 0; i < sizeof event_map / sizeof event_map[0]; i++)
        if (rev & event_map[i].poll)
            out |= event_map[i].slirp;
    return out;
}

void net_pollset_fill(struct net_slirp *s, struct net_pollset *ps, uint64_t *timeout_ns)
{
    s->ps = ps;
    s->base = ps->n;
    /* slirp counts milliseconds: round up, and shorten the wait only if slirp (or a timer) wants
     * less than that, so a 0.7 ms wait does not become a 0 ms spin. */
    uint64_t up = (*timeout_ns + 999999u) / 1000000u;
    const uint32_t asked = up > UINT32_MAX ? UINT32_MAX : (uint32_t)up;
    uint32_t ms = asked;
    slirp_pollfds_fill(s->slirp, &ms, cb_add_poll, s);
    int64_t now_ms = now_ns() / 1000000;
    for (const struct slirp_timer *t = s->timers; t; t = t->next)
        if (t->expire_ms >= 0) {
            int64_t left = t->expire_ms > now_ms ? t->expire_ms - now_ms : 0;
            if ((uint64_t)left < ms)
                ms = (uint32_t)left;
        }
    if (ms < asked && (uint64_t)ms * 1000000u < *timeout_ns)
        *timeout_ns = (uint64_t)ms * 1000000u;
}

void net_pollset_dispatch(struct net_slirp *s, struct net_pollset *ps, bool error)
{
    s->ps = ps;
    slirp_pollfds_poll(s->slirp, error, cb_get_revents, s);
    int64_t now_ms = now_ns() / 1000000;
    /* A timer callback may re-arm or free timers: restart the walk after each one fired (at
     * most a few rounds: one re-armed into the past waits for the next dispatch). */
    for (unsigned round = 0, fired = 1; fired && round < 8; round++) {
        fired = 0;
        for (struct slirp_timer *t = s->timers; t; t = t->next)
            if (t->expire_ms >= 0 && t->expire_ms <= now_ms) {
                t->expire_ms = -1;
                slirp_handle_timer(s->slirp, t->id, t->cb_opaque);
                fired = 1;
                break;
            }
    }
    s->ps = NULL;
}

void net_pollset_free(struct net_pollset *ps)
{
    free(ps->fds);
    memset(ps, 0, sizeof *ps);
}
