/* The libslirp backend (net_slirp.c) without a guest: slirp answers an ARP request for its host
 * address at once, a hostfwd rule listens on loopback, a host connection to it wakes a wait on
 * the poll set (the path an idle machine sleeps on) and turns into a frame for the guest, and a
 * port that is taken makes creation fail with a message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "devices/net_slirp.h"

struct got {
    unsigned frames;
    uint8_t last[2048];
    size_t len;
};

static void deliver(void *opaque, const uint8_t *frame, size_t len)
{
    struct got *g = opaque;
    g->frames++;
    g->len = len;
    memcpy(g->last, frame, len < sizeof g->last ? len : sizeof g->last);
}

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void test_arp_for_the_host_is_answered(void **state)
{
    (void)state;
    struct got g = { 0 };
    char err[200];
    struct net_slirp_opts o = { 0 };
    struct net_slirp *s = net_slirp_create(&o, deliver, &g, err, sizeof err);
    assert_non_null(s);
    uint8_t arp[42] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    memcpy(arp + 6, guest_mac, 6);
    const uint8_t body[] = { 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1 };
    memcpy(arp + 12, body, sizeof body);
    memcpy(arp + 22, guest_mac, 6);
    const uint8_t spa[4] = { 10, 0, 2, 15 }, tpa[4] = { 10, 0, 2, 2 };
    memcpy(arp + 28, spa, 4);
    memcpy(arp + 38, tpa, 4);
    net_slirp_input(s, arp, sizeof arp);
    assert_int_equal(g.frames, 1);
    assert_memory_equal(g.last, guest_mac, 6);       /* to the guest */
    assert_int_equal(g.last[12], 0x08);
    assert_int_equal(g.last[13], 0x06);              /* ARP */
    assert_int_equal(g.last[21], 2);                 /* reply */
    assert_memory_equal(g.last + 28, tpa, 4);        /* 10.0.2.2 is at ... */
    net_slirp_destroy(s);
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t l = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_hostfwd_connection_wakes_the_wait(void **state)
{
    (void)state;
    struct got g = { 0 };
    char err[200];
    int port = free_port();
    struct net_slirp_opts o = { .nfwd = 1 };
    o.fwd[0] = (struct net_hostfwd){ false, 0x7f000001u, (uint16_t)port, 0, 80 };
    struct net_slirp *s = net_slirp_create(&o, deliver, &g, err, sizeof err);
    assert_non_null(s);

    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    assert_true(r == 0 || errno == EINPROGRESS);

    /* Wait as the idle machine does: up to 5 s, but the pending connection must end it early. */
    struct net_pollset ps = { 0 };
    double t0 = now_s();
    for (int round = 0; round < 5 && !g.frames; round++) {
        uint64_t timeout = 5000000000ull;
        ps.n = 0;
        net_pollset_fill(s, &ps, &timeout);
        assert_true(ps.n >= 1);
        int n = poll(ps.fds, (nfds_t)ps.n, (int)(timeout / 1000000u));
        net_pollset_dispatch(s, &ps, n < 0);
    }
    assert_true(now_s() - t0 < 4.0);
    /* slirp accepted and now wants the guest: an ARP request for 10.0.2.15 (it has not seen the
     * guest's MAC yet), broadcast. */
    assert_true(g.frames >= 1);
    assert_int_equal(g.last[12], 0x08);
    assert_int_equal(g.last[13], 0x06);
    const uint8_t tpa[4] = { 10, 0, 2, 15 };
    assert_memory_equal(g.last + 38, tpa, 4);

    /* The same port again: refused with a message naming it. */
    struct net_slirp *s2 = net_slirp_create(&o, deliver, &g, err, sizeof err);
    assert_null(s2);
    char want[32];
    snprintf(want, sizeof want, "127.0.0.1:%d", port);
    assert_non_null(strstr(err, want));

    close(c);
    net_pollset_free(&ps);
    net_slirp_destroy(s);
}

static void test_bad_network_refused(void **state)
{
    (void)state;
    struct got g = { 0 };
    char err[200];
    struct net_slirp_opts o = { .net = "10.0.2.0/29" };
    assert_null(net_slirp_create(&o, deliver, &g, err, sizeof err));
    assert_non_null(strstr(err, "net=10.0.2.0/29"));
    uint32_t addr, mask;
    assert_true(net_parse_net("192.168.77.9/20", &addr, &mask, err, sizeof err));
    assert_int_equal(addr, 0xc0a84000u);
    assert_int_equal(mask, 0xfffff000u);
    assert_true(net_parse_net("10.0.5.0", &addr, &mask, err, sizeof err));
    assert_int_equal(mask, 0xffffff00u);
}

/* A sub-millisecond wait stays a wait: slirp counts milliseconds, and truncating 0.7 ms to 0
 * made every idle wait before a near timer deadline a busy poll (found by strace: 5000 polls/s
 * from an idle guest). */
static void test_short_wait_is_not_truncated_to_zero(void **state)
{
    (void)state;
    struct got g = { 0 };
    char err[200];
    struct net_slirp_opts o = { 0 };
    struct net_slirp *s = net_slirp_create(&o, deliver, &g, err, sizeof err);
    assert_non_null(s);
    struct net_pollset ps = { 0 };
    uint64_t timeout = 700000;
    net_pollset_fill(s, &ps, &timeout);
    assert_int_equal(timeout, 700000);
    timeout = 10000000;
    ps.n = 0;
    net_pollset_fill(s, &ps, &timeout);
    assert_int_equal(timeout, 10000000);
    net_pollset_dispatch(s, &ps, false);
    net_pollset_free(&ps);
    net_slirp_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arp_for_the_host_is_answered),
        cmocka_unit_test(test_hostfwd_connection_wakes_the_wait),
        cmocka_unit_test(test_bad_network_refused),
        cmocka_unit_test(test_short_wait_is_not_truncated_to_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
