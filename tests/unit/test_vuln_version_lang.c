/* test_vuln_version_lang.c — unit tests of the language-ecosystem version
 * comparators (version.h): every pair of tests/vuln/{maven,pypi,gem,
 * composer,golang}-pairs.tsv against the verdict the ecosystem's own
 * implementation gave (tests/vuln/make-lang-pairs.sh), tables written from
 * the specifications (PEP 440's ordering example, Maven's documented
 * examples, NuGet's rules, Composer's, Go pseudo-versions), the Go
 * toolchain helper, the OSV ecosystem mapping, every version of Go's real
 * vulnerability database (../shared/corpora/osv-go), and
 * antisymmetry/reflexivity over every string. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "vuln/version.h"

#include "../vuln/fixture.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_maven_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("maven-pairs.tsv", "maven", mt_vercmp_maven,
                               "ComparableVersion (maven-artifact 3.8)");
    assert_true(n >= 3000);
}

static void test_pypi_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("pypi-pairs.tsv", "pypi", mt_vercmp_pypi,
                               "packaging.version.Version (packaging 23)");
    assert_true(n >= 3000);
}

static void test_gem_pairs(void **state)
{
    (void)state;
    int n =
        vulnfx_check_pairs("gem-pairs.tsv", "gem", mt_vercmp_gem, "Gem::Version (RubyGems 3.3)");
    assert_true(n >= 2000);
}

static void test_composer_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("composer-pairs.tsv", "composer", mt_vercmp_composer,
                               "version_compare(VersionParser::normalize())");
    assert_true(n >= 2000);
}

static void test_golang_pairs(void **state)
{
    (void)state;
    int n = vulnfx_check_pairs("golang-pairs.tsv", "golang", mt_vercmp_semver,
                               "golang.org/x/mod/semver");
    assert_true(n >= 1000);
}

static void test_pypi_order(void **state)
{
    (void)state;
    /* PEP 440's own example of the ordering of every suffix, then more */
    static const char *const v[] = {
        "1.0.dev456", "1.0a1",      "1.0a2.dev456",      "1.0a12.dev456",
        "1.0a12",     "1.0b1.dev456", "1.0b2",           "1.0b2.post345.dev456",
        "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",      "1.0",
        "1.0+abc.5",  "1.0+abc.7",  "1.0+5",             "1.0.post456.dev34",
        "1.0.post456", "1.0.15",    "1.1.dev1",          "1.1",
        "1.10",       "2.0",        "99999999999999999999999999",
        "1!0.1",      "1!1.0",      "2!0",
    };
    vulnfx_check_ascending(mt_vercmp_pypi, v, N(v));
    static const char *const eq[][2] = {
        {"1.0", "1.0.0"},           {"1.0", "v1.0"},           {"1.0", " 1.0\t\n"},
        {"1.0", "0!1.0"},           {"1.0a", "1.0a0"},         {"1.0-alpha.1", "1.0a1"},
        {"1.0ALPHA_1", "1.0a1"},    {"1.0c1", "1.0rc1"},       {"1.0pre1", "1.0rc1"},
        {"1.0PREVIEW2", "1.0rc2"},  {"1.0b", "1.0beta0"},      {"1.0-1", "1.0.post1"},
        {"1.0-r", "1.0.post0"},     {"1.0rev2", "1.0.post2"},  {"1.0.post", "1.0post0"},
        {"1.0.dev", "1.0.dev0"},    {"1.0-DEV-3", "1.0.dev3"}, {"1.0+ubuntu.1", "1.0+UBUNTU_1"},
        {"1.0+01", "1.0+1"},        {"01.002", "1.2"},         {"1.0\xc2\xa0", "1.0"},
        {"\xe3\x80\x80" "1.0", "1.0"}, {"\x1c" "1.0", "1.0"},  {"1.0a.", "1.0a0"},
        {"1.0a--1", "1.0a0.post1"},
    };
    vulnfx_check_equal(mt_vercmp_pypi, eq, N(eq));
    static const char *const bad[] = {"",      "  ",      "1.0-",   "1..0",   "1.0+",
                                      "1.0+a..b", "1.0a1a1", "a",    "1.0 a1", "1.0.x",
                                      "1!",    "!1",      "1.0.*",  "vv1.0",  "1.0\xc3\xa9",
                                      "1.0prev1", "1.0post1post2", "-1.0",  "1.0.po\xc5\xbft1"};
    vulnfx_check_invalid("pypi", mt_vercmp_pypi, "0.dev0", bad, N(bad));
}

static void test_maven_order(void **state)
{
    (void)state;
    /* the examples of Maven's version order specification */
    static const char *const v[] = {"1-alpha", "1-beta", "1-milestone", "1-rc",  "1-snapshot",
                                    "1",       "1-sp",   "1-abc",       "1-foo2", "1-foo10",
                                    "1-1",     "1.1",    "1.1.1",       "1.2",   "1.10",
                                    "2-SNAPSHOT", "2",   "10000000000000000000000"};
    vulnfx_check_ascending(mt_vercmp_maven, v, N(v));
    static const char *const eq[][2] = {
        {"1", "1.0"},          {"1", "1.0.0"},        {"1", "1-0"},        {"1", "1.ga"},
        {"1", "1-ga"},         {"1", "1.final"},      {"1", "1-RELEASE"},  {"1.foo", "1-foo"},
        {"1-a1", "1-alpha-1"}, {"1-b2", "1-beta-2"},  {"1-m3", "1-milestone-3"},
        {"1-cr1", "1-RC-1"},   {"1.0-alpha", "1-alpha"}, {"", "0"},
        {"1.0.0.X1", "1.0.0-x-1"}, {"01", "1"},       {"1..1", "1.0.1"},
    };
    vulnfx_check_equal(mt_vercmp_maven, eq, N(eq));
    assert_int_equal(mt_vercmp_maven("1-sp", "1-ga"), 1);
    assert_int_equal(mt_vercmp_maven("1-sp.1", "1-ga.1"), 1);
    assert_int_equal(mt_vercmp_maven("1-sp-1", "1-ga-1"), -1);
    /* Maven's documentation says 1-ga-1 == 1-1; Maven 3.8 itself nests
     * the 1 one list deeper there, and a list sorts before a number */
    assert_int_equal(mt_vercmp_maven("1-ga-1", "1-1"), -1);
    assert_int_equal(mt_vercmp_maven("1.0.0.X1", "1.0.0-X2"), -1);
    assert_int_equal(mt_vercmp_maven("2.0.0-M1", "2.0.0.RC1"), -1);
    assert_int_equal(mt_vercmp_maven("5.3.10.RELEASE", "5.3.10"), 0);
    assert_int_equal(mt_vercmp_maven("1-a", "1-alpha"), 1); /* "a" alone: unknown */
    /* Maven's order is not transitive, and neither is ours (these three
     * verdicts are Maven 3.8's): a sub-list beats a qualifier, a qualifier
     * beats nothing, but the sub-list's alpha loses to nothing */
    assert_int_equal(mt_vercmp_maven("1-0a1", "1-x"), 1);
    assert_int_equal(mt_vercmp_maven("1-x", "1"), 1);
    assert_int_equal(mt_vercmp_maven("1-0a1", "1"), -1);
    assert_true(mt_verok("maven", ""));
    assert_true(mt_verok("maven", "any \xff thing"));
    assert_true(mt_verok("maven", NULL));
}

static void test_gem_order(void **state)
{
    (void)state;
    static const char *const v[] = {"0.a",      "0",       "0.0.1",    "1.0.A",     "1.0.a",
                                    "1.0.a.1",  "1.0.a2",  "1.0.b",
                                    "1.0.pre",  "1.0.rc1", "1.0",      "1.0.0.1",   "1.0.1",
                                    "1.1.a",    "1.1",     "1.9",      "1.10",      "2",
                                    "10000000000000000000000.0"};
    vulnfx_check_ascending(mt_vercmp_gem, v, N(v));
    static const char *const eq[][2] = {
        {"1.0", "1"},       {"1.0.0.0", "1"},   {"1.0.a", "1.a"},   {"1.0.a.0", "1.0.a"},
        {"1.0-1", "1.0.pre.1"}, {"1.0a1", "1.0.a.1"}, {"", "0"}, {"  ", "0.0"},
        {"1.0.0.a", "1.0.a"}, {"1.0.a1", "1.0.a.1"},
        {" 1.0\n", "1"},   {"01", "1"},         {"1.0-a-b", "1.0.pre.a.pre.b"},
    };
    vulnfx_check_equal(mt_vercmp_gem, eq, N(eq));
    static const char *const bad[] = {"a", "1a", "v1", "1.0-", "1-", "1..0", "1.0.", ".1",
                                      "1.0_1", "1.0+1", "1 0", "1,0", "1.0-a..b", "1.0\xc3\xa9"};
    vulnfx_check_invalid("gem", mt_vercmp_gem, "0.a", bad, N(bad));
}

static void test_nuget_order(void **state)
{
    (void)state;
    /* NuGet.Versioning: four numbers, then release labels (SemVer 2
     * precedence, case-insensitive, 32-bit integers compare numerically) */
    static const char *const v[] = {
        "0.0.0",       "0.9",          "1.0.0--1",       "1.0.0-0",        "1.0.0-1",
        "1.0.0-2",     "1.0.0-10",     "1.0.0-2147483647", "1.0.0-2147483648", "1.0.0-a",
        "1.0.0-aaa",   "1.0.0-alpha",  "1.0.0-alpha.1",  "1.0.0-alpha.2",  "1.0.0-alpha.10",
        "1.0.0-alpha.beta", "1.0.0-alpha10", "1.0.0-alpha2", "1.0.0-beta", "1.0.0-rc.1",
        "1.0.0-zzz",   "1.0.0",        "1.0.0.1-beta",   "1.0.0.1",        "1.0.0.2",
        "1.0.1-alpha", "1.0.1",        "1.1",            "1.10",           "2",
        "2147483647.0",
    };
    vulnfx_check_ascending(mt_vercmp_nuget, v, N(v));
    static const char *const eq[][2] = {
        {"1", "1.0.0"},           {"1.0", "1.0.0.0"},       {"01.00", "1.0"},
        {"1.00.0.1", "1.0.0.1"},  {"1.0.7+r3456", "1.0.7"}, {"1.0.0-Beta", "1.0.0-BETA"},
        {"1.0.0-alpha+x.Y", "1.0.0-ALPHA"}, {" 1.0 ", "1.0"}, {"\xc2\xa0" "1.0", "1.0"},
        {"1.0+01", "1.0"},        {"1. 0", "1.0"},          {"1.0.0--007", "1.0.0--7"},
    };
    vulnfx_check_equal(mt_vercmp_nuget, eq, N(eq));
    static const char *const bad[] = {
        "",        "v1.0",     "1.0.0.0.0", "1.",       ".1",       "1..0",     "1.0-",
        "1.0+",    "1.0-a+",   "1.0-01",    "1.0-a..b", "1.0-a_b",  "1.0+a_b",  "2147483648.0",
        "1.0-a+b+c", "-1.0",   "a",         "1.0-",     "1.0-+x",   "\x1c" "1.0", "1.a",
    };
    vulnfx_check_invalid("nuget", mt_vercmp_nuget, "0.0.0--2147483648", bad, N(bad));
    assert_true(mt_verok("nuget", "1.0-0a"));
    assert_true(mt_verok("nuget", "1.0+0.01"));
}

static void test_composer_order(void **state)
{
    (void)state;
    static const char *const v[] = {
        "1.0-STABLE",   "1.0-dev",     "1.0-alpha1",  "1.0-alpha2",  "1.0-beta1-dev",
        "1.0-beta1",    "1.0-beta2",   "1.0-beta10",  "1.0-RC1",     "1.0",
        "1.0-patch1",   "1.0-pl2",     "1.0.1",       "1.1-dev",     "1.x-dev",
        "v1.99999999999999999999", "2.0", "2010-01-02", "2010.01.02.1", "99999",
        "123456.1",
    };
    vulnfx_check_ascending(mt_vercmp_composer, v, N(v));
    static const char *const eq[][2] = {
        {"1.0", "1.0.0.0"},      {"v1.0", "1.0"},           {"1.0-a1", "1.0-alpha1"},
        {"1.0-b.2", "1.0-beta2"}, {"1.0-rc1", "1.0-RC1"},   {"1.0-p1", "1.0-patch1"},
        {"1.0-stable", "1.0"},   {"1.0-stable-dev", "1.0"}, {"1.0+build.7", "1.0"},
        {"1.0 as 2.0", "1.0"},   {"1.0@beta", "1.0"},       {"1.0-", "1.0"},
        {"1.0.x-dev", "1.0.9999999.9999999-dev"}, {"1.*-dev", "1.x-dev"},
        {"1.99999999999999999999", "1.99999999999999999998"}, /* strtol() saturates */
        {"1.0\n@dev", "1.0"},    {"foo\n1.x-dev", "1.x-dev"}, {"1.x -dev", "1.x-dev"},
        {"1.0-beta.1-2", "1.0-beta1.2"},
    };
    vulnfx_check_equal(mt_vercmp_composer, eq, N(eq));
    static const char *const bad[] = {
        "",          "dev-master", "master",   "trunk",     "default",        "Dev-foo",
        "foo-dev",   "1.0.x",      "1.2.3.4.5", "1.0-gamma", "1.0-alpha-beta", "2010-1-2",
        "2010:01:",  "x.y",        "1.0,1",    "dev",       "1234567890123456789012", "1.0-beta1.x",
    };
    vulnfx_check_invalid("composer", mt_vercmp_composer, "0.0.0.0-STABLE", bad, N(bad));
    assert_true(mt_verok("composer", "1.0 "));
}

static void test_go_pseudo(void **state)
{
    (void)state;
    /* Go module pseudo-versions (vX.0.0-yyyymmddhhmmss-hash,
     * vX.Y.(Z+1)-0.yyyymmddhhmmss-hash, vX.Y.Z-pre.0.yyyymmddhhmmss-hash)
     * sort after the release they build on and before the next one, by
     * SemVer's pre-release rules alone; OSV's Go records write versions
     * without the 'v' */
    static const char *const v[] = {
        "v0.0.0-20190101000000-abcdef123456",
        "v0.0.0-20230101120000-abcdef123456",
        "0.0.0",
        "v1.2.3-pre",
        "v1.2.3-pre.0.20230101120000-abcdef123456",
        "v1.2.3-pre.1",
        "1.2.3",
        "v1.2.4-0.20230101120000-abcdef123456",
        "v1.2.4-0.20230101120001-000000000000",
        "v1.2.4-0.20240101000000-abcdef123456",
        "v1.2.4-alpha",
        "1.2.4-rc.1",
        "v1.2.4",
        "v1.2.5-0.20230101120000-abcdef123456",
        "v1.10.0",
        "v2.0.0-20190101000000-abcdef123456",
        "v2.0.0+incompatible",
        "v2.0.1-0.20200101000000-abcdef123456+incompatible",
        "v2.0.1+incompatible",
    };
    vulnfx_check_ascending(mt_vercmp_semver, v, N(v));
    for (size_t i = 0; i < N(v); i++) {
        assert_true(mt_verok("golang", v[i]));
        assert_int_equal(mt_vercmp("golang", v[i], v[i]), 0);
    }
    assert_int_equal(mt_vercmp("golang", "v2.0.0+incompatible", "2.0.0"), 0);
    assert_int_equal(mt_vercmp("golang", "v1.21.5", "1.21.5"), 0);
}

static void test_go_normalize(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"go1.21.5", "1.21.5"},          {"go1.21.0", "1.21.0"},
        {"go1.21", "1.21.0"},            {"go1.21rc2", "1.21.0-rc.2"},
        {"go1.13beta1", "1.13.0-beta.1"}, {"go1.9.2", "1.9.2"},
        {"go1", "1.0.0"},                {"go1.21.0 X:boringcrypto", "1.21.0"},
        {"  go1.22.3\tmore", "1.22.3"},  {"v1.22rc1", "1.22.0-rc.1"},
        {"v1.19.8", "1.19.8"},           {"1.20", "1.20.0"},
        {"go1.21.1rc1", "1.21.1-rc.1"},  {"go2.0", "2.0.0"},
    };
    char out[64];
    for (size_t i = 0; i < N(ok); i++) {
        if (!mt_go_version_normalize(ok[i][0], out, sizeof(out)) || strcmp(out, ok[i][1])) {
            fprintf(stderr, "'%s' -> '%s', want '%s'\n", ok[i][0], out, ok[i][1]);
            fail();
        }
        assert_true(mt_verok("golang", out));
    }
    static const char *const bad[] = {
        "devel go1.23-abcdef Mon Jan 1 00:00:00 2024 +0000", "", "go", "go1.", "go1.21.",
        "go01.21",  "go1.021", "go1.21rc",  "go1.21RC1", "go1.21-pre1", "go1.21.0-abc",
        "gccgo",    "go1.21alpha1", "go2", "go1.21.0.1", "(devel)",
    };
    for (size_t i = 0; i < N(bad); i++) {
        strcpy(out, "junk");
        if (mt_go_version_normalize(bad[i], out, sizeof(out)) || *out) {
            fprintf(stderr, "'%s' should not convert (got '%s')\n", bad[i], out);
            fail();
        }
    }
    assert_false(mt_go_version_normalize(NULL, out, sizeof(out)));
    assert_string_equal(out, "");
    /* too small: false and "" */
    assert_false(mt_go_version_normalize("go1.21rc2", out, 11));
    assert_string_equal(out, "");
    assert_true(mt_go_version_normalize("go1.21rc2", out, 12));
    assert_string_equal(out, "1.21.0-rc.2");
    assert_false(mt_go_version_normalize("go1.21", NULL, 0));
    /* the toolchain's own order follows */
    char a[32], b[32];
    static const char *const chain[] = {"go1.20.14", "go1.21rc1", "go1.21rc2", "go1.21",
                                        "go1.21.1", "go1.22beta1", "go1.22rc1", "go1.22.0"};
    for (size_t i = 0; i + 1 < N(chain); i++) {
        assert_true(mt_go_version_normalize(chain[i], a, sizeof(a)));
        assert_true(mt_go_version_normalize(chain[i + 1], b, sizeof(b)));
        assert_int_equal(mt_vercmp("golang", a, b), -1);
    }
}

/* Every version of Go's vulnerability database is a valid semver for moat,
 * and the events of every range are in increasing order ("0" first). */
static void test_osv_go_corpus(void **state)
{
    (void)state;
    char dir[4096];
    vulnfx_shared_path(dir, sizeof(dir), "corpora/osv-go");
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s (set MOAT_SHARED)\n", dir);
        fail();
    }
    int files = 0, events = 0, stdlib = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".json"))
            continue;
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        json_error_t err;
        json_t *rec = json_load_file(path, 0, &err);
        assert_non_null(rec);
        files++;
        size_t i, j, k;
        json_t *aff, *rng, *ev;
        json_array_foreach(json_object_get(rec, "affected"), i, aff) {
            const char *eco = json_string_value(
                json_object_get(json_object_get(aff, "package"), "ecosystem"));
            const char *name =
                json_string_value(json_object_get(json_object_get(aff, "package"), "name"));
            assert_non_null(eco);
            assert_string_equal(mt_ecosystem_vertype(eco), "golang");
            json_array_foreach(json_object_get(aff, "ranges"), j, rng) {
                const char *prev = NULL;
                json_array_foreach(json_object_get(rng, "events"), k, ev) {
                    const char *key;
                    json_t *val;
                    json_object_foreach(ev, key, val) {
                        const char *ver = json_string_value(val);
                        assert_non_null(ver);
                        events++;
                        if (name && !strcmp(name, "stdlib"))
                            stdlib++;
                        if (!strcmp(ver, "0")) {
                            assert_null(prev);
                            prev = ver;
                            continue;
                        }
                        if (!mt_verok("golang", ver)) {
                            fprintf(stderr, "%s: '%s' not a valid version\n", de->d_name, ver);
                            fail();
                        }
                        if (prev && strcmp(prev, "0") &&
                            mt_vercmp("golang", prev, ver) >= 0) {
                            fprintf(stderr, "%s: '%s' then '%s'\n", de->d_name, prev, ver);
                            fail();
                        }
                        prev = ver;
                    }
                }
            }
        }
        json_decref(rec);
    }
    closedir(d);
    printf("osv-go: %d records, %d events (%d of stdlib) in order\n", files, events, stdlib);
    assert_true(files > 4000);
    assert_true(stdlib > 300);
}

static void test_ecosystem_vertype(void **state)
{
    (void)state;
    static const char *const map[][2] = {
        {"Debian:12", "deb"},        {"Debian", "deb"},          {"Ubuntu:22.04:LTS", "deb"},
        {"Ubuntu:Pro:18.04:LTS", "deb"}, {"Alpine:v3.19", "apk"}, {"Wolfi", "apk"},
        {"Chainguard", "apk"},       {"AlmaLinux:9", "rpm"},     {"Rocky Linux:9", "rpm"},
        {"Red Hat", "rpm"},          {"Red Hat:enterprise_linux:9::appstream", "rpm"},
        {"openSUSE:Leap 15.5", "rpm"}, {"SUSE:Linux Enterprise Server 15 SP5", "rpm"},
        {"Mageia:9", "rpm"},         {"openEuler:22.03-LTS", "rpm"}, {"Azure Linux:3", "rpm"},
        {"Go", "golang"},            {"npm", "npm"},             {"PyPI", "pypi"},
        {"Maven", "maven"},          {"crates.io", "cargo"},     {"RubyGems", "gem"},
        {"Packagist", "composer"},   {"NuGet", "nuget"},
    };
    for (size_t i = 0; i < N(map); i++) {
        const char *t = mt_ecosystem_vertype(map[i][0]);
        if (!t || strcmp(t, map[i][1])) {
            fprintf(stderr, "'%s' -> '%s', want '%s'\n", map[i][0], t ? t : "(null)", map[i][1]);
            fail();
        }
    }
    static const char *const unknown[] = {"", "debian", "Debian12", "Hex", "Pub", "GIT",
                                          "Linux", "OSS-Fuzz", "pypi", ":12", "Go:"};
    for (size_t i = 0; i < N(unknown) - 1; i++)
        assert_null(mt_ecosystem_vertype(unknown[i]));
    assert_string_equal(mt_ecosystem_vertype("Go:"), "golang");
    assert_null(mt_ecosystem_vertype(NULL));
}

static void test_dispatch(void **state)
{
    (void)state;
    /* the same pair, five rules */
    assert_int_equal(mt_vercmp("pypi", "1.0a1", "1.0"), -1);
    assert_int_equal(mt_vercmp("maven", "1.0-alpha1", "1.0"), -1);
    assert_int_equal(mt_vercmp("gem", "1.0.a1", "1.0"), -1);
    assert_int_equal(mt_vercmp("nuget", "1.0-alpha1", "1.0"), -1);
    assert_int_equal(mt_vercmp("composer", "1.0-alpha1", "1.0"), -1);
    assert_int_equal(mt_vercmp("pypi", "1.0.post1", "1.0"), 1);
    assert_int_equal(mt_vercmp("maven", "1.0-sp1", "1.0"), 1);
    assert_int_equal(mt_vercmp("composer", "1.0-patch1", "1.0"), 1);
    assert_int_equal(mt_vercmp("maven", "1.0-foo", "1.0"), 1);
    assert_int_equal(mt_vercmp("gem", "1.0.foo", "1.0"), -1);
    assert_int_equal(mt_vercmp("pypi", "1.0", "1.0.0"), 0);
    assert_int_equal(mt_vercmp("npm", "1.0", "1.0.0"), -1); /* "1.0" invalid semver */
    assert_int_equal(mt_vercmp("nuget", "1.0.0.1", "1.0.0"), 1);
    assert_int_equal(mt_vercmp("gem", "1.0.0.1", "1.0.0"), 1);
    assert_int_equal(mt_vercmp("Maven", "1.0-alpha1", "1.0"), 1); /* semver fallback */
    assert_true(mt_verok("pypi", "1.0.post1"));
    assert_false(mt_verok("pypi", "1.0-"));
    assert_true(mt_verok("gem", "1.0.a"));
    assert_false(mt_verok("gem", "1a"));
    assert_true(mt_verok("nuget", "1.0.0.0-rc.1+meta"));
    assert_false(mt_verok("nuget", "v1.0"));
    assert_true(mt_verok("composer", "v2.3.4-RC1"));
    assert_false(mt_verok("composer", "dev-main"));
    assert_true(mt_verok("maven", "whatever"));
    /* NULL reads as "" */
    assert_int_equal(mt_vercmp_pypi(NULL, "0"), -1);
    assert_int_equal(mt_vercmp_maven(NULL, "0"), 0);
    assert_int_equal(mt_vercmp_gem(NULL, "0"), 0);
    assert_int_equal(mt_vercmp_nuget(NULL, NULL), 0);
    assert_int_equal(mt_vercmp_composer("1.0", NULL), 1);
    /* among invalid versions: the natural order */
    assert_int_equal(mt_vercmp_pypi("x1.9", "x1.10"), -1);
    assert_int_equal(mt_vercmp_gem("x1.9", "x1.10"), -1);
    assert_int_equal(mt_vercmp_nuget("x1.9", "x1.10"), -1);
    assert_int_equal(mt_vercmp_composer("x1.9", "x1.10"), -1);
}

static void test_consistency_all(void **state)
{
    (void)state;
    static const char *const v[] = {
        "",        "0",         "1",         "1.0",       "1.0.0",      "1-0",      "1.0-",
        "1-",      "-1",        ".",         "-",         "1..",        "1.0a1",    "1.0.a1",
        "1.0-a1",  "1.0-alpha", "1.0+x",     "1.0+",      "v1.0",       "1!1.0",    "1.0.post1",
        "1.0-1",   "1.0.dev1",  "1.0-dev",   "1.x-dev",   "dev-main",   "1.0-RC1",  "1.0-sp",
        "1.0-ga",  "1.foo",     "1-foo1",    "\xff",      "1.0\x80",    " 1.0 ",    "1.0.0.0",
        "1.0.0.1", "1.0.0-01",  "2010-01-02", "1.0-patch1", "1.0 as 2.0", "a",      "1a",
        "00000000000000000000001", "1.99999999999999999999", "1.0-beta.1-2", "1.0@dev",
    };
    int (*const cmps[])(const char *, const char *) = {mt_vercmp_pypi, mt_vercmp_maven,
                                                       mt_vercmp_gem, mt_vercmp_nuget,
                                                       mt_vercmp_composer};
    static const char *const ecos[] = {"pypi", "maven", "gem", "nuget", "composer"};
    for (size_t c = 0; c < N(cmps); c++)
        for (size_t i = 0; i < N(v); i++)
            for (size_t j = 0; j < N(v); j++) {
                vulnfx_check_consistent(cmps[c], v[i], v[j]);
                bool oi = mt_verok(ecos[c], v[i]), oj = mt_verok(ecos[c], v[j]);
                if (oi != oj)
                    assert_int_equal(cmps[c](v[i], v[j]), oi ? 1 : -1);
                /* transitivity on every triple would be N^3 per rule:
                 * check it through one pivot instead */
                int ij = cmps[c](v[i], v[j]), jk = cmps[c](v[j], v[0]),
                    ik = cmps[c](v[i], v[0]);
                if (ij == jk && ij != 0)
                    assert_int_equal(ik, ij);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maven_pairs),    cmocka_unit_test(test_pypi_pairs),
        cmocka_unit_test(test_gem_pairs),      cmocka_unit_test(test_composer_pairs),
        cmocka_unit_test(test_golang_pairs),   cmocka_unit_test(test_pypi_order),
        cmocka_unit_test(test_maven_order),    cmocka_unit_test(test_gem_order),
        cmocka_unit_test(test_nuget_order),    cmocka_unit_test(test_composer_order),
        cmocka_unit_test(test_go_pseudo),      cmocka_unit_test(test_go_normalize),
        cmocka_unit_test(test_osv_go_corpus),  cmocka_unit_test(test_ecosystem_vertype),
        cmocka_unit_test(test_dispatch),       cmocka_unit_test(test_consistency_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
