/* The reverse-debugging snapshot ring (src/replay/timetravel.h) without a machine: when an entry
 * is due, thinning when full (the start of history and the newest kept, the interval doubled,
 * the bytes accounted), and the two look-ups reverse execution uses: the last entry at or before
 * a position (bc) and the last entry where a vCPU had taken fewer steps (bs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay/timetravel.h"

/* An entry at pos with vCPU 0 at pos steps and vCPU 1 at pos / 2, and a 10-byte "state". */
static void add(struct tt_ring *r, uint64_t pos)
{
    struct tt_entry e = { .pos = pos, .zlen = 10, .rawlen = 10 };
    e.steps[0] = pos;
    e.steps[1] = pos / 2;
    e.z = malloc(10);
    assert_non_null(e.z);
    tt_ring_add(r, &e);
}

static void test_due(void **state)
{
    (void)state;
    struct tt_ring r;
    tt_ring_init(&r, 8, 100);
    assert_true(tt_ring_due(&r, 0)); /* empty: the start of history is always due */
    add(&r, 0);
    assert_false(tt_ring_due(&r, 0));
    assert_false(tt_ring_due(&r, 99));
    assert_true(tt_ring_due(&r, 100));
    add(&r, 150);
    assert_false(tt_ring_due(&r, 120)); /* re-executing below the newest entry: nothing new */
    assert_false(tt_ring_due(&r, 249));
    assert_true(tt_ring_due(&r, 250));
    tt_ring_free(&r);
}

static void test_thinning(void **state)
{
    (void)state;
    struct tt_ring r;
    tt_ring_init(&r, 8, 10);
    for (uint64_t p = 0; p < 8; p++)
        add(&r, p * 10);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.bytes, 80);
    assert_int_equal(r.interval, 10);
    add(&r, 80); /* full: thin first */
    /* kept: 0 (start), the even ones 20, 40, 60, and the newest before, 70; then 80 */
    uint64_t want[] = { 0, 20, 40, 60, 70, 80 };
    assert_int_equal(r.n, 6);
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(r.e[i].pos, want[i]);
    assert_int_equal(r.interval, 20);
    assert_int_equal(r.bytes, 60);
    /* Many more: never more than max entries, the start always kept, positions increasing. */
    for (uint64_t p = 90; p < 100000; p += 10)
        if (tt_ring_due(&r, p))
            add(&r, p);
    assert_true(r.n <= 8);
    assert_int_equal(r.e[0].pos, 0);
    for (unsigned i = 1; i < r.n; i++)
        assert_true(r.e[i].pos > r.e[i - 1].pos);
    assert_true(r.interval >= 10000); /* doubled at each thinning: growing distances into the past */
    assert_int_equal(r.bytes, (size_t)r.n * 10);
    tt_ring_free(&r);
    assert_int_equal(r.n, 0);
}

static void test_find(void **state)
{
    (void)state;
    struct tt_ring r;
    tt_ring_init(&r, 8, 1);
    add(&r, 0);
    add(&r, 100);
    add(&r, 250);
    assert_int_equal(tt_ring_find_pos(&r, 0), 0);
    assert_int_equal(tt_ring_find_pos(&r, 99), 0);
    assert_int_equal(tt_ring_find_pos(&r, 100), 1);
    assert_int_equal(tt_ring_find_pos(&r, 1000), 2);
    /* vCPU 0's steps are 0, 100, 250: the last entry with fewer than K steps. */
    assert_int_equal(tt_ring_find_steps(&r, 0, 0), -1); /* no step yet: the start of history */
    assert_int_equal(tt_ring_find_steps(&r, 0, 1), 0);
    assert_int_equal(tt_ring_find_steps(&r, 0, 100), 0);
    assert_int_equal(tt_ring_find_steps(&r, 0, 101), 1);
    assert_int_equal(tt_ring_find_steps(&r, 0, 251), 2);
    /* vCPU 1 (steps 0, 50, 125) */
    assert_int_equal(tt_ring_find_steps(&r, 1, 126), 2);
    assert_int_equal(tt_ring_find_steps(&r, 1, 125), 1);
    assert_int_equal(tt_ring_find_steps(&r, MACHINE_MAX_CPUS, 5), -1); /* no such vCPU */
    tt_ring_free(&r);
}

static void test_init_bounds(void **state)
{
    (void)state;
    struct tt_ring r;
    tt_ring_init(&r, 1, 0); /* at least 3 entries (start, one thinned, newest), interval >= 1 */
    assert_int_equal(r.max, 3);
    assert_int_equal(r.interval, 1);
    tt_ring_init(&r, 100000, 5);
    assert_int_equal(r.max, TT_MAX_ENTRIES);
    for (uint64_t p = 0; p < 1000; p++)
        if (tt_ring_due(&r, p))
            add(&r, p);
    assert_true(r.n <= TT_MAX_ENTRIES);
    tt_ring_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_thinning),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_init_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
