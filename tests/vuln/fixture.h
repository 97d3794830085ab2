/* fixture.h — helpers of the tests/unit/test_vuln_*.c tests: where the data
 * files of tests/vuln are (next to this header, or in the directory named by
 * $MOAT_VULN_FIXTURES) and where the shared corpora are (../shared beside the
 * repository, or the directory named by $MOAT_SHARED); reading such a file
 * whole; and checking a version comparator of vuln/version.h against an
 * oracle file of A<TAB>B<TAB>verdict lines, an ascending list, pairs that
 * must be equal and versions that must be invalid.
 *
 * Ownership: vulnfx_read(), vulnfx_read_shared() and vulnfx_read_path()
 * return malloc()ed, NUL-terminated memory the test frees; the checks keep
 * nothing. Every helper fails the running test when it cannot do its job
 * (a missing file, a wrong verdict). */
#ifndef MOAT_TEST_VULN_FIXTURE_H
#define MOAT_TEST_VULN_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "vuln/version.h"

/* tests/vuln/NAME, or $MOAT_VULN_FIXTURES/NAME. */
static inline void vulnfx_path(char *out, size_t n, const char *name)
{
    const char *env = getenv("MOAT_VULN_FIXTURES");
    if (env && *env) {
        snprintf(out, n, "%s/%s", env, name);
    } else {
        mt_dirname(__FILE__, out, n);
        size_t k = strlen(out);
        snprintf(out + k, n - k, "/%s", name);
    }
}

/* ../shared/NAME seen from the repository (e.g. "corpora/osv-go"), or
 * $MOAT_SHARED/NAME. */
static inline void vulnfx_shared_path(char *out, size_t n, const char *name)
{
    const char *env = getenv("MOAT_SHARED");
    if (env && *env) {
        snprintf(out, n, "%s/%s", env, name);
    } else {
        mt_dirname(__FILE__, out, n); /* tests/vuln */
        size_t k = strlen(out);
        snprintf(out + k, n - k, "/../../../shared/%s", name);
    }
}

/* Reads the file at path whole (up to 64 MiB); its length goes to *len
 * when len is not NULL. Fails the test when it cannot. */
static inline char *vulnfx_read_path(const char *path, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    const char *err = NULL;
    if (mt_read_file(path, (size_t)1 << 26, &data, &n, &err) != 0) {
        fprintf(stderr, "cannot read %s: %s (set MOAT_VULN_FIXTURES or MOAT_SHARED?)\n", path,
                err);
        fail();
    }
    if (len)
        *len = n;
    return data;
}

/* tests/vuln/NAME whole (see vulnfx_path()). */
static inline char *vulnfx_read(const char *name, size_t *len)
{
    char path[8192];
    vulnfx_path(path, sizeof(path), name);
    return vulnfx_read_path(path, len);
}

/* A file of the shared corpora whole (see vulnfx_shared_path()). */
static inline char *vulnfx_read_shared(const char *name, size_t *len)
{
    char path[8192];
    vulnfx_shared_path(path, sizeof(path), name);
    return vulnfx_read_path(path, len);
}

/* Cuts the next line off the text at *cur (its '\n' becomes NUL) and
 * returns it; NULL at the end of the text. A last line without '\n'
 * counts; the empty string after a final '\n' does not. */
static inline char *vulnfx_next_line(char **cur)
{
    char *line = *cur;
    if (!*line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = line + strlen(line);
    }
    return line;
}

typedef int (*vulnfx_cmp)(const char *, const char *);

/* cmp is a consistent order on a and b: -1, 0 or 1, antisymmetric,
 * reflexive (version.h promises all three of every comparator). */
static inline void vulnfx_check_consistent(vulnfx_cmp cmp, const char *a, const char *b)
{
    int ab = cmp(a, b), ba = cmp(b, a);
    if (ab < -1 || ab > 1 || ab != -ba || cmp(a, a) != 0 || cmp(b, b) != 0) {
        fprintf(stderr, "inconsistent: '%s' '%s': %d %d\n", a, b, ab, ba);
        fail();
    }
}

/* Every A<TAB>B<TAB>verdict line of tests/vuln/FILE: the verdict of tool,
 * -1, 0 or 1, which cmp (and mt_vercmp(eco)) must give, both versions
 * valid for mt_verok(eco); or "err" when the tool refused one of them, and
 * then mt_verok(eco) must refuse one too. Prints the agreement, fails the
 * test on any disagreement, and returns the number of pairs (the caller
 * asserts that there are enough). */
static inline int vulnfx_check_pairs(const char *file, const char *eco, vulnfx_cmp cmp,
                                     const char *tool)
{
    char *data = vulnfx_read(file, NULL);
    int total = 0, agree = 0, errs = 0;
    char *cur = data, *line;
    while ((line = vulnfx_next_line(&cur)) != NULL) {
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = *t2 = '\0';
        const char *a = line, *b = t1 + 1, *verdict = t2 + 1;
        total++;
        vulnfx_check_consistent(cmp, a, b);
        if (!strcmp(verdict, "err")) {
            errs++;
            if (!mt_verok(eco, a) || !mt_verok(eco, b))
                agree++;
            else
                fprintf(stderr, "%s refuses '%s' '%s', we accept both\n", tool, a, b);
        } else {
            int want = atoi(verdict), got = cmp(a, b);
            if (got == want && mt_verok(eco, a) && mt_verok(eco, b))
                agree++;
            else
                fprintf(stderr, "%s: '%s' vs '%s': %s says %d, we say %d (valid: %d %d)\n",
                        eco, a, b, tool, want, got, mt_verok(eco, a), mt_verok(eco, b));
            assert_int_equal(mt_vercmp(eco, a, b), got);
        }
    }
    printf("%s: %d/%d pairs agree with %s (%d refused by it)\n", eco, agree, total, tool,
           errs);
    assert_int_equal(agree, total);
    free(data);
    return total;
}

/* v[0..n) strictly increasing: every earlier one < every later one. */
static inline void vulnfx_check_ascending(vulnfx_cmp cmp, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int want = i < j ? -1 : i > j ? 1 : 0, got = cmp(v[i], v[j]);
            if (got != want) {
                fprintf(stderr, "'%s' vs '%s': want %d, got %d\n", v[i], v[j], want, got);
                fail();
            }
        }
}

/* Both versions of every pair compare equal, either way round. */
static inline void vulnfx_check_equal(vulnfx_cmp cmp, const char *const (*eq)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cmp(eq[i][0], eq[i][1]) != 0 || cmp(eq[i][1], eq[i][0]) != 0) {
            fprintf(stderr, "'%s' and '%s' should be equal\n", eq[i][0], eq[i][1]);
            fail();
        }
}

/* bad[0..n) are invalid versions of eco and sort before valid (a valid
 * version of it), either way round. */
static inline void vulnfx_check_invalid(const char *eco, vulnfx_cmp cmp, const char *valid,
                                        const char *const *bad, size_t n)
{
    assert_true(mt_verok(eco, valid));
    for (size_t i = 0; i < n; i++) {
        if (mt_verok(eco, bad[i])) {
            fprintf(stderr, "%s: '%s' should be invalid\n", eco, bad[i]);
            fail();
        }
        assert_int_equal(cmp(bad[i], valid), -1);
        assert_int_equal(cmp(valid, bad[i]), 1);
    }
}

#endif
