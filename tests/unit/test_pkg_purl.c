/* test_pkg_purl.c — unit tests of pkg_purl() (pkg.h): deb, rpm and apk
 * purls with namespaces, arch/distro/epoch qualifiers and epochs; the
 * percent-encoding of the purl specification ('+' -> %2B, ':' kept, ...),
 * examples of its test suite, the name rules of the language types, and
 * the purls of every package of the real Debian 12 database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/pkg.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

static const mt_os debian12 = {.id = "debian", .version_id = "12", .codename = "bookworm"};
static const mt_os ubuntu = {.id = "ubuntu", .version_id = "22.04", .codename = "jammy"};
static const mt_os alpine = {.id = "alpine", .version_id = "3.19.1"};
static const mt_os fedora = {.id = "fedora", .version_id = "39"};

static const char *purl(void **state, const char *type, const char *name, const char *version,
                        const char *arch, const mt_os *os)
{
    mt_pkg p = {0};
    p.type = type;
    p.name = (char *)name;
    p.version = (char *)version;
    p.arch = (char *)arch;
    p.purl = (char *)"stale";
    pkg_purl(*state, &p, os);
    return p.purl;
}

static void test_deb(void **state)
{
    assert_string_equal(purl(state, "deb", "curl", "7.88.1-10", "amd64", &debian12),
                        "pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12");
    /* the epoch stays in the version, unencoded ':'; '+' is %2B */
    assert_string_equal(
        purl(state, "deb", "libcap2", "1:2.66-4+deb12u3+b1", "amd64", &debian12),
        "pkg:deb/debian/libcap2@1:2.66-4%2Bdeb12u3%2Bb1?arch=amd64&distro=debian-12");
    assert_string_equal(purl(state, "deb", "bash", "5.1-6ubuntu1.1", "amd64", &ubuntu),
                        "pkg:deb/ubuntu/bash@5.1-6ubuntu1.1?arch=amd64&distro=ubuntu-22.04");
    /* examples of the purl specification's deb tests (no os: namespace debian) */
    assert_string_equal(purl(state, "deb", "attr", "1:2.4.47-2+b1", "amd64", NULL),
                        "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
    assert_string_equal(purl(state, "deb", "attr", "1:2.4.47-2", "source", NULL),
                        "pkg:deb/debian/attr@1:2.4.47-2?arch=source");
    /* names and namespaces are lowercased; '~' is not encoded */
    mt_os upper = {.id = "Debian", .codename = "trixie"};
    assert_string_equal(purl(state, "DEB", "Foo", "1.0~rc1", NULL, &upper),
                        "pkg:deb/debian/foo@1.0~rc1?distro=debian-trixie");
    mt_os idonly = {.id = "debian"};
    assert_string_equal(purl(state, "deb", "a", "1", "all", &idonly),
                        "pkg:deb/debian/a@1?arch=all&distro=debian");
}

static void test_rpm(void **state)
{
    /* the epoch is a qualifier, the version is written without it */
    assert_string_equal(purl(state, "rpm", "centerim", "1:4.22.10-1.el6", "i686", &fedora),
                        "pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&distro=fedora-39&epoch=1");
    /* zero epoch left out; rpm names keep their case */
    assert_string_equal(purl(state, "rpm", "NetworkManager", "0:1.44.2-1.fc39", "x86_64", &fedora),
                        "pkg:rpm/fedora/NetworkManager@1.44.2-1.fc39?arch=x86_64&distro=fedora-39");
    assert_string_equal(purl(state, "rpm", "bash", "5.2.26-1.fc39", "x86_64", NULL),
                        "pkg:rpm/bash@5.2.26-1.fc39?arch=x86_64");
    assert_string_equal(purl(state, "rpm", "x", "007:1-1", NULL, NULL), "pkg:rpm/x@1-1?epoch=7");
    /* spec example */
    mt_os f25 = {.id = "fedora", .version_id = "25"};
    assert_string_equal(purl(state, "rpm", "curl", "7.50.3-1.fc25", "i386", &f25),
                        "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
}

static void test_apk(void **state)
{
    assert_string_equal(purl(state, "apk", "busybox", "1.36.1-r15", "x86_64", &alpine),
                        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1");
    assert_string_equal(purl(state, "apk", "curl", "7.83.0-r0", "x86", NULL),
                        "pkg:apk/alpine/curl@7.83.0-r0?arch=x86");
    mt_os wolfi = {.id = "wolfi", .version_id = "20230201"};
    assert_string_equal(purl(state, "apk", "Py3-Foo", "1-r0", "aarch64", &wolfi),
                        "pkg:apk/wolfi/py3-foo@1-r0?arch=aarch64&distro=wolfi-20230201");
}

static void test_percent_encoding(void **state)
{
    /* letters, digits, ".-_~" and ':' stay; everything else is %XX */
    assert_string_equal(purl(state, "generic", "a b+c@d", "1 2?3#4&5=6%7/8", NULL, NULL),
                        "pkg:generic/a%20b%2Bc%40d@1%202%3F3%234%265%3D6%257%2F8");
    /* UTF-8 bytes one by one */
    assert_string_equal(purl(state, "generic", "caf\xc3\xa9", "1", NULL, NULL),
                        "pkg:generic/caf%C3%A9@1");
    /* qualifier values are encoded too */
    mt_os odd = {.id = "my os", .version_id = "1+2"};
    assert_string_equal(purl(state, "deb", "x", "1", "a&b", &odd),
                        "pkg:deb/my%20os/x@1?arch=a%26b&distro=my%20os-1%2B2");
}

static void test_language_types(void **state)
{
    assert_string_equal(purl(state, "npm", "@Angular/Animation", "12.3.1", NULL, NULL),
                        "pkg:npm/%40angular/animation@12.3.1");
    assert_string_equal(purl(state, "npm", "foobar", "12.3.1", NULL, &debian12),
                        "pkg:npm/foobar@12.3.1");
    assert_string_equal(purl(state, "pypi", "Django_Allauth", "12.23", NULL, NULL),
                        "pkg:pypi/django-allauth@12.23");
    assert_string_equal(purl(state, "pypi", "zope.interface", "6.0", NULL, NULL),
                        "pkg:pypi/zope-interface@6.0");
    assert_string_equal(purl(state, "pypi", "a-_.b", "1.0+local", NULL, NULL),
                        "pkg:pypi/a-b@1.0%2Blocal");
    assert_string_equal(
        purl(state, "golang", "github.com/gorilla/context", "234fd47e07d1004f0aed9c", NULL, NULL),
        "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c");
    assert_string_equal(purl(state, "golang", "github.com/BurntSushi/toml", "v1.3.2", NULL, NULL),
                        "pkg:golang/github.com/BurntSushi/toml@v1.3.2");
    assert_string_equal(purl(state, "golang", "golang.org/x/crypto", NULL, NULL, NULL),
                        "pkg:golang/golang.org/x/crypto");
    assert_string_equal(
        purl(state, "maven", "org.apache.logging.log4j:log4j-core", "2.17.1", NULL, NULL),
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
    assert_string_equal(purl(state, "maven", "org.apache.commons/io", "1.3.4", NULL, NULL),
                        "pkg:maven/org.apache.commons/io@1.3.4");
    assert_string_equal(purl(state, "composer", "Laravel/Laravel", "5.5.0", NULL, NULL),
                        "pkg:composer/laravel/laravel@5.5.0");
    assert_string_equal(purl(state, "cargo", "rand", "0.7.2", NULL, NULL), "pkg:cargo/rand@0.7.2");
    assert_string_equal(purl(state, "gem", "ruby-advisory-db-check", "0.12.4", NULL, NULL),
                        "pkg:gem/ruby-advisory-db-check@0.12.4");
    assert_string_equal(purl(state, "nuget", "EnterpriseLibrary.Common", "6.0.1304", NULL, NULL),
                        "pkg:nuget/EnterpriseLibrary.Common@6.0.1304");
    assert_string_equal(
        purl(state, "github", "/package-url/purl-spec/", "244fd47e07d1004", NULL, NULL),
        "pkg:github/package-url/purl-spec@244fd47e07d1004");
}

static void test_incomplete(void **state)
{
    assert_null(purl(state, "deb", NULL, "1", NULL, NULL));
    assert_null(purl(state, "deb", "", "1", NULL, NULL));
    assert_null(purl(state, NULL, "x", "1", NULL, NULL));
    assert_null(purl(state, "1bad", "x", "1", NULL, NULL));
    assert_null(purl(state, "de b", "x", "1", NULL, NULL));
    assert_null(purl(state, "generic", "///", "1", NULL, NULL));
    assert_string_equal(purl(state, "deb", "x", NULL, "", NULL), "pkg:deb/debian/x");
    assert_string_equal(purl(state, "deb", "x", "", NULL, &(mt_os){.id = ""}), "pkg:deb/debian/x");
    pkg_purl(*state, NULL, NULL);
}

static void test_minbase_purls(void **state)
{
    size_t len;
    char *data = pkgfx_read("debian12-minbase.status", &len);
    mt_vec pkgs = {0};
    pkg_parse_dpkg(*state, data, len, NULL, &pkgs, NULL);
    assert_int_equal(pkgs.len, 88);
    for (size_t i = 0; i < pkgs.len; i++) {
        mt_pkg *p = pkgs.items[i];
        pkg_purl(*state, p, &debian12);
        assert_non_null(p->purl);
        assert_true(mt_startswith(p->purl, "pkg:deb/debian/"));
        assert_true(mt_endswith(p->purl, "&distro=debian-12"));
        assert_null(strchr(p->purl, '+'));
        if (strcmp(p->name, "login") == 0)
            assert_string_equal(
                p->purl,
                "pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bdeb12u2?arch=amd64&distro=debian-12");
    }
    mt_vec_free(&pkgs);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_percent_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_language_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incomplete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minbase_purls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
