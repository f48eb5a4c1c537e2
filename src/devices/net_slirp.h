/*
 * User-mode networking through libslirp (QEMU's `-netdev user`): a NAT'd IPv4 network
 * (default 10.0.2.0/24) with the host at .2, DNS at .3 and DHCP handing out .15 onwards, as
 * QEMU's. Guest TCP/UDP to 10.0.2.2 reaches the host's loopback; hostfwd rules listen on host
 * ports and forward to the guest.
 *
 * slirp owns host sockets and timers; the machine's run loop services them: net_pollset_fill
 * collects every instance's file descriptors (and shortens the wait to slirp's next timer),
 * poll() waits, net_pollset_dispatch lets slirp read/write its sockets and fires due timers.
 * Frames slirp sends to the guest go to the deliver callback (virtio_net_receive); frames from
 * the guest enter through net_slirp_input.
 *
 * slirp's clock is the host's monotonic clock, also in deterministic mode: replay must record
 * the frames delivered to the guest instead (virtio_net_receive is the one entry point).
 */
#ifndef A64EMU_DEVICES_NET_SLIRP_H
#define A64EMU_DEVICES_NET_SLIRP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_SLIRP_MAX_HOSTFWD 8

struct net_hostfwd {
    bool udp;
    uint32_t host_addr;   /* IPv4, host byte order: 127.0.0.1 unless the rule names one */
    uint16_t host_port;
    uint32_t guest_addr;  /* 0: the first DHCP address (10.0.2.15 on the default network) */
    uint16_t guest_port;
};

struct net_slirp_opts {
    const char *net;       /* "ADDR[/MASK]" (MASK a prefix length or dotted), NULL: 10.0.2.0/24 */
    const char *hostname;  /* DHCP option 12, NULL for none */
    struct net_hostfwd fwd[NET_SLIRP_MAX_HOSTFWD];
    unsigned nfwd;
};

/* "[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" (QEMU's hostfwd=); false with a message. */
bool net_parse_hostfwd(const char *spec, struct net_hostfwd *out, char *err, size_t errlen);
/* "ADDR[/MASK]": the network (host byte order). */
bool net_parse_net(const char *spec, uint32_t *addr, uint32_t *mask, char *err, size_t errlen);

typedef void (*net_deliver_fn)(void *opaque, const uint8_t *frame, size_t len);

struct net_slirp;

/* NULL with one line in err (a hostfwd port already in use, a bad network). */
struct net_slirp *net_slirp_create(const struct net_slirp_opts *o, net_deliver_fn deliver, void *opaque, char *err,
                                   size_t errlen);
void net_slirp_destroy(struct net_slirp *s);
/* A frame from the guest. */
void net_slirp_input(struct net_slirp *s, const uint8_t *frame, size_t len);

/* The descriptors of one wait, over every instance (grown as needed). */
struct net_pollset {
    struct pollfd *fds;
    size_t n, cap;
    bool oom;            /* growing failed: this round polls what fit */
};
/* Add s's sockets to ps (remembering where they start) and lower *timeout_ns to slirp's. */
void net_pollset_fill(struct net_slirp *s, struct net_pollset *ps, uint64_t *timeout_ns);
/* After poll() on ps (error: it failed): service s's sockets and due timers. */
void net_pollset_dispatch(struct net_slirp *s, struct net_pollset *ps, bool error);
void net_pollset_free(struct net_pollset *ps);

#endif
