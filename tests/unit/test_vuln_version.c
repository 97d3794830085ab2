/* test_vuln_version.c — unit tests of the version comparators (version.h):
 * every pair of tests/vuln/deb-pairs.tsv and rpm-pairs.tsv against the
 * verdict dpkg and rpm themselves gave (tests/vuln/make-pairs.sh), apk and
 * semver tables written from their specifications, the invalid-version
 * order, the dispatch, and antisymmetry/reflexivity over every string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vuln/version.h"

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

/* Reads tests/vuln/NAME (next to this file's directory) whole. */
static char *read_fixture(const char *name)
{
    char path[4096];
    const char *env = getenv("MOAT_VULN_FIXTURES");
    if (env && *env) {
        snprintf(path, sizeof(path), "%s/%s", env, name);
    } else {
        const char *slash = strrchr(__FILE__, '/');
        int n = slash ? (int)(slash - __FILE__) : 1;
        snprintf(path, sizeof(path), "%.*s/../vuln/%s", n, slash ? __FILE__ : ".", name);
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open fixture %s\n", path);
        fail();
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

static void check_consistent(int (*cmp)(const char *, const char *), const char *a,
                             const char *b)
{
    int ab = sign(cmp(a, b)), ba = sign(cmp(b, a));
    if (ab != -ba || sign(cmp(a, a)) != 0 || sign(cmp(b, b)) != 0) {
        fprintf(stderr, "inconsistent: '%s' '%s': %d %d\n", a, b, ab, ba);
        fail();
    }
}

/* Checks every A<TAB>B<TAB>verdict line of file and prints the agreement. */
static void check_pairs(const char *file, const char *eco,
                        int (*cmp)(const char *, const char *), const char *tool)
{
    char *data = read_fixture(file);
    int total = 0, agree = 0, errs = 0;
    char *line = data;
    while (*line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = *t2 = '\0';
        const char *a = line, *b = t1 + 1, *verdict = t2 + 1;
        total++;
        check_consistent(cmp, a, b);
        if (!strcmp(verdict, "err")) {
            /* the tool refused one of them: so must we */
            errs++;
            if (!mt_verok(eco, a) || !mt_verok(eco, b))
                agree++;
            else
                fprintf(stderr, "%s refuses '%s' '%s', we accept both\n", tool, a, b);
        } else {
            int want = atoi(verdict), got = sign(cmp(a, b));
            assert_true(mt_verok(eco, a) && mt_verok(eco, b));
            if (got == want)
                agree++;
            else
                fprintf(stderr, "%s: '%s' vs '%s': %s says %d, we say %d\n", eco, a, b,
                        tool, want, got);
            assert_int_equal(sign(mt_vercmp(eco, a, b)), got);
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
    printf("%s: %d/%d pairs agree with %s (%d refused by it)\n", eco, agree, total, tool,
           errs);
    assert_true(total >= 300);
    assert_int_equal(agree, total);
    free(data);
}

static void test_deb_pairs(void **state)
{
    (void)state;
    check_pairs("deb-pairs.tsv", "deb", mt_vercmp_deb, "dpkg --compare-versions");
}

static void test_rpm_pairs(void **state)
{
    (void)state;
    check_pairs("rpm-pairs.tsv", "rpm", mt_vercmp_rpm, "rpm.vercmp");
}

/* Each list strictly increasing: every earlier one < every later one. */
static void check_ascending(int (*cmp)(const char *, const char *),
                            const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int want = i < j ? -1 : i > j ? 1 : 0, got = sign(cmp(v[i], v[j]));
            if (got != want) {
                fprintf(stderr, "'%s' vs '%s': want %d, got %d\n", v[i], v[j], want, got);
                fail();
            }
        }
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_apk_order(void **state)
{
    (void)state;
    /* apk-tools' documented format; Gentoo PMS §3.3 for leading zeros */
    static const char *const v[] = {
        "0.9",         "1",          "1.0",          "1.0.0",       "1.0.1_alpha",
        "1.0.1_alpha2", "1.0.1_beta", "1.0.1_beta1_p1", "1.0.1_pre1", "1.0.1_rc1",
        "1.0.1_rc2",   "1.0.1_rc10", "1.0.1",        "1.0.1-r1",    "1.0.1-r2",
        "1.0.1-r10",   "1.0.1_cvs",  "1.0.1_svn",    "1.0.1_git",   "1.0.1_hg",
        "1.0.1_p0-r1", "1.0.1_p1",   "1.0.1_p2",     "1.0.1_p10",   "1.0.1a",
        "1.0.1b",      "1.0.1z",     "1.0.2",        "1.01",        "1.010.1",
        "1.1",         "1.2",        "1.10",         "2",           "10",
        "99999999999999999999999",   "100000000000000000000000.1",
    };
    check_ascending(mt_vercmp_apk, v, N(v));
    static const char *const eq[][2] = {
        {"1.0", "1.0-r0"}, {"1.0_rc", "1.0_rc0"}, {"1.0_p", "1.0_p0"},
        {"01", "1"},       {"1.010", "1.01"},     {"1.0", "1.00"},
        {"1.2.3-r0", "1.2.3"},
    };
    for (size_t i = 0; i < N(eq); i++) {
        assert_int_equal(mt_vercmp_apk(eq[i][0], eq[i][1]), 0);
        assert_int_equal(mt_vercmp_apk(eq[i][1], eq[i][0]), 0);
    }
    /* invalid ones sort before "0", among themselves naturally */
    static const char *const bad[] = {"", "-r1", "1.0-r", "1.0_foo", "1.0ab", "1.0.",
                                      "v1.0", "1..0", "1.0-1", "1.0_rc1a"};
    for (size_t i = 0; i < N(bad); i++) {
        assert_false(mt_verok("apk", bad[i]));
        assert_int_equal(mt_vercmp_apk(bad[i], "0"), -1);
        assert_int_equal(mt_vercmp_apk("0", bad[i]), 1);
    }
    assert_true(mt_verok("apk", "1.2.3a_rc1_p2-r3"));
    assert_int_equal(mt_vercmp_apk("1.0_foo", "1.0_goo"), -1);
}

static void test_semver_order(void **state)
{
    (void)state;
    /* semver.org 2.0.0 §11's own example chain, then more */
    static const char *const v[] = {
        "v0.0.0-20190101000000-abcdef123456",
        "v0.0.0-20210101000000-abcdef123456",
        "0.0.0",
        "0.0.1",
        "0.9.9",
        "1.0.0-0",
        "1.0.0-2",
        "1.0.0-10",
        "1.0.0-99999999999999999999999",
        "1.0.0--",
        "1.0.0-A",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.2.0",
        "1.10.0",
        "2.0.0",
        "2.1.0",
        "2.1.1",
        "v2.1.2+incompatible",
        "10.0.0",
        "123456789012345678901234567890.0.0",
    };
    check_ascending(mt_vercmp_semver, v, N(v));
    static const char *const eq[][2] = {
        {"v1.0.0", "1.0.0"},
        {"1.0.0+a", "1.0.0+b.c"},
        {"1.0.0-rc.1+x", "v1.0.0-rc.1"},
    };
    for (size_t i = 0; i < N(eq); i++)
        assert_int_equal(mt_vercmp_semver(eq[i][0], eq[i][1]), 0);
    static const char *const bad[] = {"",      "1",        "1.0",    "01.0.0", "1.00.0",
                                      "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b",
                                      "V1.0.0", "1.0.0.0",  "1.0.0 ", "vv1.0.0"};
    for (size_t i = 0; i < N(bad); i++) {
        assert_false(mt_verok("npm", bad[i]));
        assert_int_equal(mt_vercmp_semver(bad[i], "0.0.0-0"), -1);
    }
    /* among invalid ones: natural order */
    assert_int_equal(mt_vercmp_semver("1.9", "1.10"), -1);
    assert_int_equal(mt_vercmp_semver("2.31", "2.4"), 1);
}

static void test_natural(void **state)
{
    (void)state;
    static const char *const v[] = {"", "0", "00", "01", "1", "1.2", "1.9", "1.10",
                                    "1.10a", "2", "10", "a", "b"};
    check_ascending(mt_vercmp_natural, v, N(v));
    assert_int_equal(mt_vercmp_natural(NULL, ""), 0);
}

static void test_dispatch(void **state)
{
    (void)state;
    assert_int_equal(mt_vercmp("deb", "1.0~rc1", "1.0"), -1);
    assert_int_equal(mt_vercmp("rpm", "1.0^git1", "1.0"), 1);
    assert_int_equal(mt_vercmp("apk", "1.0_rc1", "1.0"), -1);
    assert_int_equal(mt_vercmp("golang", "v1.2.3-pre", "v1.2.3"), -1);
    assert_int_equal(mt_vercmp("npm", "1.2.3", "1.2.10"), -1);
    assert_int_equal(mt_vercmp("cargo", "0.10.0", "0.9.0"), 1);
    assert_int_equal(mt_vercmp("pypi", "2.31.0", "2.4.0"), 1);
    assert_int_equal(mt_vercmp(NULL, "1.0.0", "1.0.0+x"), 0);
    assert_int_equal(mt_vercmp("DEB", "1.0~rc1", "1.0"), 1); /* semver: natural */
    /* the difference between the rules */
    assert_int_equal(mt_vercmp("deb", "1.0a", "1.0+"), -1);
    assert_int_equal(mt_vercmp("rpm", "1.0a", "1.0.1"), -1);
    assert_int_equal(mt_vercmp("rpm", "1.0", "1.0-5"), -1);
    assert_int_equal(mt_vercmp("rpm", "1.0-~", "1.0"), 1);
    assert_int_equal(mt_vercmp("deb", "1.0", "1.0-5"), -1);
    /* NULL reads as "" */
    assert_int_equal(mt_vercmp_deb(NULL, ""), 0);
    assert_int_equal(mt_vercmp_rpm(NULL, "1"), -1);
    assert_int_equal(mt_vercmp_apk(NULL, NULL), 0);
    assert_int_equal(mt_vercmp_semver("1.0.0", NULL), 1);
    /* invalid deb sorts first, even before the blank version */
    assert_int_equal(mt_vercmp_deb("1:", ""), -1);
    assert_int_equal(mt_vercmp_deb("1.0-", "0"), -1);
    assert_int_equal(mt_vercmp_deb("a:1", "b:1"), -1);
}

static void test_consistency_all(void **state)
{
    (void)state;
    static const char *const v[] = {
        "",      "0",      "1",        "1.0",      "1.0~",  "1.0^",  "1.0~^",    "~",
        "^",     "1:1",    ":",        "-",        "1-",    "-1",    "1.0-r1",   "1.0_rc",
        "v1.0.0", "1.0.0-a", "1.0.0+b", "\xff",    "1.0\x80", "a~b^c", "0000000000000000000001",
        "1.0..", "_",      "1_p",      "1.0-1-2",  " ",     "1 ",    "1.0.0-0.a", "1.0a",
    };
    int (*const cmps[])(const char *, const char *) = {mt_vercmp_deb, mt_vercmp_rpm,
                                                       mt_vercmp_apk, mt_vercmp_semver,
                                                       mt_vercmp_natural};
    for (size_t c = 0; c < N(cmps); c++)
        for (size_t i = 0; i < N(v); i++)
            for (size_t j = 0; j < N(v); j++) {
                check_consistent(cmps[c], v[i], v[j]);
                int r = cmps[c](v[i], v[j]);
                assert_true(r >= -1 && r <= 1);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deb_pairs),    cmocka_unit_test(test_rpm_pairs),
        cmocka_unit_test(test_apk_order),    cmocka_unit_test(test_semver_order),
        cmocka_unit_test(test_natural),      cmocka_unit_test(test_dispatch),
        cmocka_unit_test(test_consistency_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
