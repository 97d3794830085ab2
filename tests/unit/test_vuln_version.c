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

#include "../vuln/fixture.h"

static void test_deb_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("deb-pairs.tsv", "deb", mt_vercmp_deb, "dpkg --compare-versions");
    assert_true(n >= 300);
}

static void test_rpm_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("rpm-pairs.tsv", "rpm", mt_vercmp_rpm, "rpm.vercmp");
    assert_true(n >= 300);
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
    vulnfx_check_ascending(mt_vercmp_apk, v, N(v));
    static const char *const eq[][2] = {
        {"1.0", "1.0-r0"}, {"1.0_rc", "1.0_rc0"}, {"1.0_p", "1.0_p0"},
        {"01", "1"},       {"1.010", "1.01"},     {"1.0", "1.00"},
        {"1.2.3-r0", "1.2.3"},
    };
    vulnfx_check_equal(mt_vercmp_apk, eq, N(eq));
    /* invalid ones sort before "0", among themselves naturally */
    static const char *const bad[] = {"", "-r1", "1.0-r", "1.0_foo", "1.0ab", "1.0.",
                                      "v1.0", "1..0", "1.0-1", "1.0_rc1a"};
    vulnfx_check_invalid("apk", mt_vercmp_apk, "0", bad, N(bad));
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
    vulnfx_check_ascending(mt_vercmp_semver, v, N(v));
    static const char *const eq[][2] = {
        {"v1.0.0", "1.0.0"},
        {"1.0.0+a", "1.0.0+b.c"},
        {"1.0.0-rc.1+x", "v1.0.0-rc.1"},
    };
    vulnfx_check_equal(mt_vercmp_semver, eq, N(eq));
    static const char *const bad[] = {"",      "1",        "1.0",    "01.0.0", "1.00.0",
                                      "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b",
                                      "V1.0.0", "1.0.0.0",  "1.0.0 ", "vv1.0.0"};
    vulnfx_check_invalid("npm", mt_vercmp_semver, "0.0.0-0", bad, N(bad));
    /* among invalid ones: natural order */
    assert_int_equal(mt_vercmp_semver("1.9", "1.10"), -1);
    assert_int_equal(mt_vercmp_semver("2.31", "2.4"), 1);
}

static void test_natural(void **state)
{
    (void)state;
    static const char *const v[] = {"", "0", "00", "01", "1", "1.2", "1.9", "1.10",
                                    "1.10a", "2", "10", "a", "b"};
    vulnfx_check_ascending(mt_vercmp_natural, v, N(v));
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
                vulnfx_check_consistent(cmps[c], v[i], v[j]);
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
