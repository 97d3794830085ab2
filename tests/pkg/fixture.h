/* fixture.h — helpers of the tests/unit/test_pkg_*.c tests: reading the
 * data files of tests/pkg (found next to this header, or in the directory
 * named by $MOAT_PKG_FIXTURES), the result of one parser call with its
 * accessors, and comparing parsed packages with an expected tab-separated
 * listing.
 *
 * Ownership: pkgfx_read() returns malloc()ed memory the test frees;
 * pkgfx_lines() returns an mt_vec of arena strings (free the vector with
 * mt_vec_free()). */
#ifndef MOAT_TEST_PKG_FIXTURE_H
#define MOAT_TEST_PKG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* Reads tests/pkg/NAME; fails the test when it cannot. */
static inline char *pkgfx_read(const char *name, size_t *len)
{
    char dir[4096];
    const char *env = getenv("MOAT_PKG_FIXTURES");
    if (env && *env)
        snprintf(dir, sizeof(dir), "%s", env);
    else
        mt_dirname(__FILE__, dir, sizeof(dir));
    char path[8192];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    char *data = NULL;
    const char *err = NULL;
    if (mt_read_file(path, 64u << 20, &data, len, &err) != 0) {
        fprintf(stderr, "cannot read fixture %s: %s\n", path, err);
        fail();
    }
    return data;
}

/* What one parser call returned: packages and errors (arena items). */
typedef struct pkgfx_parsed {
    mt_vec pkgs; /* mt_pkg* */
    mt_vec errs; /* mt_pkg_error* */
} pkgfx_parsed;

static inline void pkgfx_parsed_free(pkgfx_parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

/* Package i (fails the test when there are fewer). */
static inline mt_pkg *pkgfx_pkg_at(const pkgfx_parsed *r, size_t i)
{
    assert_true(i < r->pkgs.len);
    return r->pkgs.items[i];
}

static inline mt_pkg_error *pkgfx_err_at(const pkgfx_parsed *r, size_t i)
{
    assert_true(i < r->errs.len);
    return r->errs.items[i];
}

/* The first package named name (and at version, unless NULL), or NULL. */
static inline mt_pkg *pkgfx_find(const pkgfx_parsed *r, const char *name, const char *version)
{
    for (size_t i = 0; i < r->pkgs.len; i++) {
        mt_pkg *p = r->pkgs.items[i];
        if (strcmp(p->name, name) == 0 && (!version || strcmp(p->version, version) == 0))
            return p;
    }
    return NULL;
}

static inline int pkgfx_strcmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The non-empty lines of data, sorted, as arena strings. */
static inline mt_vec pkgfx_lines(mt_arena *a, const char *data, size_t len)
{
    mt_vec v = {0};
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - data) - i : len - i;
        if (n)
            mt_vec_push(&v, mt_arena_strndup(a, data + i, n));
        i += n + 1;
    }
    if (v.len)
        qsort(v.items, v.len, sizeof(v.items[0]), pkgfx_strcmp);
    return v;
}

/* The dpkg-query -W line of a package:
 * "name\tversion\tsource name\tsource version". */
static inline char *pkgfx_deb_line(mt_arena *a, const mt_pkg *p)
{
    return mt_arena_printf(a, "%s\t%s\t%s\t%s", p->name, p->version, p->source_name,
                           p->source_version);
}

/* Compares the sorted lines of two listings, one line at a time so that a
 * failure names the first difference. */
static inline void pkgfx_assert_same(const mt_vec *got, const mt_vec *want)
{
    size_t n = got->len < want->len ? got->len : want->len;
    for (size_t i = 0; i < n; i++)
        assert_string_equal((const char *)got->items[i], (const char *)want->items[i]);
    assert_int_equal(got->len, want->len);
}

#endif
