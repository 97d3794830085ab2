/* arena_fixture.h — cmocka setup/teardown giving each test a fresh arena in
 * *state. The arena owns everything the code under test allocates. */
#ifndef MOAT_TEST_ARENA_FIXTURE_H
#define MOAT_TEST_ARENA_FIXTURE_H

#include <stdlib.h>

#include "core/util.h"

static int setup(void **state)
{
    mt_arena *a = malloc(sizeof(*a));
    if (!a)
        return -1;
    mt_arena_init(a);
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    mt_arena *a = *state;
    mt_arena_free(a);
    free(a);
    return 0;
}

#endif
