/* test_pkg_sbom_in.c — unit tests of sbom_in.h: the purl parser (the purl
 * specification's examples, tolerated forms, every rejection), epochs,
 * names and package identity per type; SBOM reading of CycloneDX and SPDX
 * documents shaped as Trivy, Syft and moat write them (tests/pkg/sbom),
 * field by field; the round trip through moat's own writers, compared
 * with moat's inventory of examples/rootfs and with packages of every
 * ecosystem; operating-system inference; fatal errors with their exact
 * messages and the bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/finding.h"
#include "image/img.h"
#include "inventory/inv.h"
#include "pkg/pkg.h"
#include "pkg/sbom_in.h"
#include "report/report.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

/* ---- helpers ---- */

static sbom_purl purl_ok(void **state, const char *s)
{
    sbom_purl p;
    const char *why = NULL;
    int rc = sbom_purl_parse(*state, s, strlen(s), &p, &why);
    if (rc != 0)
        fprintf(stderr, "purl %s: %s\n", s, why);
    assert_int_equal(rc, 0);
    return p;
}

static const char *purl_bad(void **state, const char *s)
{
    sbom_purl p;
    const char *why = NULL;
    assert_int_equal(sbom_purl_parse(*state, s, strlen(s), &p, &why), -1);
    assert_non_null(why);
    return why;
}

#define assert_null_or_str(got, want)                                                         \
    do {                                                                                      \
        if ((want) == NULL)                                                                   \
            assert_null(got);                                                                 \
        else                                                                                  \
            assert_string_equal(got, want);                                                   \
    } while (0)

typedef struct {
    int rc;
    mt_vec pkgs;
    mt_vec errs;
    mt_os os;
    char err[600];
} parsed;

static parsed parse_buf(void **state, const char *data, size_t len, const char *path)
{
    parsed r = {0};
    r.rc = sbom_parse(*state, data, len, path, &r.pkgs, &r.os, &r.errs, r.err, sizeof(r.err));
    return r;
}

static parsed parse_str(void **state, const char *doc)
{
    return parse_buf(state, doc, strlen(doc), "t.json");
}

static parsed parse_fixture(void **state, const char *name)
{
    size_t len;
    char path[256];
    snprintf(path, sizeof(path), "sbom/%s", name);
    char *data = pkgfx_read(path, &len);
    parsed r = parse_buf(state, data, len, name);
    free(data);
    if (r.rc != 0)
        fprintf(stderr, "%s: %s\n", name, r.err);
    assert_int_equal(r.rc, 0);
    return r;
}

static void parsed_free(parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

/* "type|name|version|source|source version|arch|license|DB|layer|purl" */
static char *fields(mt_arena *a, const mt_pkg *p, const char *db)
{
    return mt_arena_printf(a, "%s|%s|%s|%s|%s|%s|%s|%s|%d|%s", p->type, p->name, p->version,
                           p->source_name, p->source_version, p->arch ? p->arch : "-",
                           p->license ? p->license : "-", db, p->layer, p->purl);
}

/* The fields with db_path ("-" when there is none). */
static char *line(mt_arena *a, const mt_pkg *p)
{
    return fields(a, p, p->db_path ? p->db_path : "-");
}

static void assert_lines(void **state, const mt_vec *pkgs, const char *const *want, size_t n)
{
    for (size_t i = 0; i < pkgs->len && i < n; i++)
        assert_string_equal(line(*state, pkgs->items[i]), want[i]);
    assert_int_equal(pkgs->len, n);
}

static void assert_errs(const mt_vec *errs, const char *const *want, size_t n)
{
    for (size_t i = 0; i < errs->len && i < n; i++) {
        const mt_pkg_error *e = errs->items[i];
        assert_int_equal(e->line, 0);
        assert_string_equal(e->message, want[i]);
    }
    assert_int_equal(errs->len, n);
}

/* ---- purls ---- */

static void test_purl_spec_examples(void **state)
{
    sbom_purl p = purl_ok(state, "pkg:maven/org.apache.commons/io@1.3.4");
    assert_string_equal(p.type, "maven");
    assert_string_equal(p.ns, "org.apache.commons");
    assert_string_equal(p.name, "io");
    assert_string_equal(p.version, "1.3.4");
    assert_int_equal(p.nquals, 0);
    assert_null(p.subpath);

    p = purl_ok(state, "pkg:golang/google.golang.org/genproto#googleapis/api/annotations");
    assert_string_equal(p.ns, "google.golang.org");
    assert_string_equal(p.name, "genproto");
    assert_null(p.version);
    assert_string_equal(p.subpath, "googleapis/api/annotations");

    p = purl_ok(state, "pkg:docker/customer/dockerimage@sha256%3A244fd47e07d10?repository_url=gcr.io");
    assert_string_equal(p.ns, "customer");
    assert_string_equal(p.version, "sha256:244fd47e07d10");
    assert_int_equal(p.nquals, 1);
    assert_string_equal(p.qual_keys[0], "repository_url");
    assert_string_equal(p.qual_values[0], "gcr.io");

    p = purl_ok(state, "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
    assert_string_equal(p.ns, "fedora");
    assert_string_equal(sbom_purl_qualifier(&p, "arch"), "i386");
    assert_string_equal(sbom_purl_qualifier(&p, "distro"), "fedora-25");
    assert_null(sbom_purl_qualifier(&p, "epoch"));

    /* qualifiers come back sorted by key whatever their order */
    p = purl_ok(state, "pkg:deb/debian/curl@7.50.3-1?distro=jessie&arch=i386");
    assert_string_equal(p.qual_keys[0], "arch");
    assert_string_equal(p.qual_keys[1], "distro");

    /* the npm scope: encoded as the specification writes it, or not */
    p = purl_ok(state, "pkg:npm/%40angular/animation@12.3.1");
    assert_string_equal(p.ns, "@angular");
    assert_string_equal(p.name, "animation");
    assert_string_equal(p.version, "12.3.1");
    p = purl_ok(state, "pkg:npm/@angular/animation@12.3.1");
    assert_string_equal(p.ns, "@angular");
    assert_string_equal(p.version, "12.3.1");
    p = purl_ok(state, "pkg:npm/@angular/animation");
    assert_string_equal(p.ns, "@angular");
    assert_string_equal(p.name, "animation");
    assert_null(p.version);

    /* deb epochs in the version: ':' needs no encoding; '+' decoded */
    p = purl_ok(state, "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
    assert_string_equal(p.version, "1:2.4.47-2+b1");
    /* '+' is not a space (purls are not form-encoded) */
    p = purl_ok(state, "pkg:generic/a@1.0+b2");
    assert_string_equal(p.version, "1.0+b2");
}

static void test_purl_tolerated(void **state)
{
    /* slashes after the scheme, scheme and type in capitals */
    sbom_purl p = purl_ok(state, "PKG://Maven//org.apache.commons//io@1.3.4/");
    assert_string_equal(p.type, "maven");
    assert_string_equal(p.ns, "org.apache.commons");
    assert_string_equal(p.name, "io");
    assert_string_equal(p.version, "1.3.4/");
    p = purl_ok(state, "pkg:generic//x/y/");
    assert_string_equal(p.ns, "x");
    assert_string_equal(p.name, "y");
    /* qualifier keys lowercased; empty values and empty pairs dropped */
    p = purl_ok(state, "pkg:generic/x@1?Arch=amd64&&empty=&B=%2Fx");
    assert_int_equal(p.nquals, 2);
    assert_string_equal(p.qual_keys[0], "arch");
    assert_string_equal(p.qual_values[0], "amd64");
    assert_string_equal(p.qual_keys[1], "b");
    assert_string_equal(p.qual_values[1], "/x");
    /* subpath: '.', '..' and empty segments dropped */
    p = purl_ok(state, "pkg:generic/x@1#/./a/../b//c/");
    assert_string_equal(p.subpath, "a/b/c");
    p = purl_ok(state, "pkg:generic/x@1#");
    assert_null(p.subpath);
    /* an empty version is no version */
    p = purl_ok(state, "pkg:generic/x@");
    assert_null(p.version);
    /* UTF-8 decoded */
    p = purl_ok(state, "pkg:generic/caf%C3%A9@1");
    assert_string_equal(p.name, "caf\xc3\xa9");
}

static void test_purl_rejected(void **state)
{
    assert_string_equal(purl_bad(state, "http://example.com"), "does not start with \"pkg:\"");
    assert_string_equal(purl_bad(state, "pkg"), "does not start with \"pkg:\"");
    assert_string_equal(purl_bad(state, "pkg:"), "no type");
    assert_string_equal(purl_bad(state, "pkg:/x@1"), "an invalid type"); /* "pkg:x@1" */
    assert_string_equal(purl_bad(state, "pkg://"), "no type");
    assert_string_equal(purl_bad(state, "pkg:npm"), "no name");
    assert_string_equal(purl_bad(state, "pkg:npm/"), "no name");
    assert_string_equal(purl_bad(state, "pkg:npm/@1.0"), "no name");
    assert_string_equal(purl_bad(state, "pkg:n%70m/x"), "an invalid type");
    assert_string_equal(purl_bad(state, "pkg:1npm/x"), "an invalid type");
    assert_string_equal(purl_bad(state, "pkg:npm/x%zz"), "invalid percent-encoding");
    assert_string_equal(purl_bad(state, "pkg:npm/x%4"), "invalid percent-encoding");
    assert_string_equal(purl_bad(state, "pkg:npm/x@1%"), "invalid percent-encoding");
    assert_string_equal(purl_bad(state, "pkg:npm/x%00"), "a control character");
    assert_string_equal(purl_bad(state, "pkg:npm/x%0A"), "a control character");
    assert_string_equal(purl_bad(state, "pkg:npm/x\n"), "a control character");
    assert_string_equal(purl_bad(state, "pkg:npm/x%C3%28"), "invalid UTF-8");
    assert_string_equal(purl_bad(state, "pkg:npm/x%C0%AF"), "invalid UTF-8");
    assert_string_equal(purl_bad(state, "pkg:generic/a%2Fb/c"), "a '/' encoded inside a segment");
    assert_string_equal(purl_bad(state, "pkg:npm/x?a=1&A=2"), "a qualifier key given twice");
    assert_string_equal(purl_bad(state, "pkg:npm/x?1a=2"), "an invalid qualifier key");
    assert_string_equal(purl_bad(state, "pkg:npm/x?a%20b=2"), "an invalid qualifier key");
    assert_string_equal(purl_bad(state, "pkg:npm/x?novalue"), "a qualifier without '='");
    char big[SBOM_PURL_MAX + 16];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memcpy(big, "pkg:generic/", 12);
    assert_string_equal(purl_bad(state, big), "longer than 4096 bytes");
    big[SBOM_PURL_MAX] = '\0';
    purl_ok(state, big);
}

static void test_purl_full_version(void **state)
{
    mt_arena *a = *state;
    sbom_purl p = purl_ok(state, "pkg:rpm/fedora/curl@7.50.3-1.fc25?epoch=1&arch=i386");
    assert_string_equal(sbom_purl_full_version(a, &p), "1:7.50.3-1.fc25");
    p = purl_ok(state, "pkg:rpm/fedora/curl@7.50.3-1.fc25?epoch=007");
    assert_string_equal(sbom_purl_full_version(a, &p), "7:7.50.3-1.fc25");
    p = purl_ok(state, "pkg:rpm/fedora/curl@7.50.3-1.fc25?epoch=0");
    assert_string_equal(sbom_purl_full_version(a, &p), "7.50.3-1.fc25");
    p = purl_ok(state, "pkg:rpm/fedora/curl@7.50.3-1.fc25?epoch=x1");
    assert_string_equal(sbom_purl_full_version(a, &p), "7.50.3-1.fc25");
    /* Trivy's deb form, and the version that already has its epoch */
    p = purl_ok(state, "pkg:deb/debian/login@4.13%2Bdfsg1-1%2Bb1?epoch=1");
    assert_string_equal(sbom_purl_full_version(a, &p), "1:4.13+dfsg1-1+b1");
    p = purl_ok(state, "pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bb1?epoch=1");
    assert_string_equal(sbom_purl_full_version(a, &p), "1:4.13+dfsg1-1+b1");
    p = purl_ok(state, "pkg:deb/debian/x@0:1.0-1");
    assert_string_equal(sbom_purl_full_version(a, &p), "0:1.0-1");
    /* other types have no epochs */
    p = purl_ok(state, "pkg:apk/alpine/x@1.0-r0?epoch=1");
    assert_string_equal(sbom_purl_full_version(a, &p), "1.0-r0");
    p = purl_ok(state, "pkg:rpm/fedora/curl?epoch=1");
    assert_null(sbom_purl_full_version(a, &p));
}

static void test_purl_names_and_identity(void **state)
{
    mt_arena *a = *state;
    static const struct {
        const char *purl, *name;
    } names[] = {
        {"pkg:deb/debian/libc6@2.36-9", "libc6"},
        {"pkg:rpm/rocky/openssl-libs@3.0.7", "openssl-libs"},
        {"pkg:apk/alpine/musl@1.2.4-r2", "musl"},
        {"pkg:alpm/arch/pacman@6.0.1-1", "pacman"},
        {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "org.apache.logging.log4j:log4j-core"},
        {"pkg:maven/log4j@1.2", "log4j"},
        {"pkg:npm/%40babel/core@7.23.2", "@babel/core"},
        {"pkg:npm/lodash@4.17.21", "lodash"},
        {"pkg:golang/github.com/Masterminds/semver/v3@v3.2.1", "github.com/Masterminds/semver/v3"},
        {"pkg:golang/golang.org/x/net@v0.17.0", "golang.org/x/net"},
        {"pkg:composer/symfony/console@6.4.0", "symfony/console"},
        {"pkg:pypi/flask@2.3.2", "flask"},
        {"pkg:gem/rails@7.1.2", "rails"},
        {"pkg:cargo/serde@1.0.193", "serde"},
        {"pkg:nuget/Newtonsoft.Json@13.0.3", "Newtonsoft.Json"},
        {"pkg:generic/openssl.org/openssl@3.0", "openssl.org/openssl"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(names); i++) {
        sbom_purl p = purl_ok(state, names[i].purl);
        assert_string_equal(sbom_purl_pkg_name(a, &p), names[i].name);
    }
    static const struct {
        const char *x, *y;
        bool same;
    } ids[] = {
        {"pkg:npm/%40Babel/Core@1", "pkg:npm/@babel/core@2", true},
        {"pkg:deb/Debian/LibC6", "pkg:deb/debian/libc6", true},
        {"pkg:deb/debian/libc6", "pkg:deb/ubuntu/libc6", false},
        {"pkg:deb/debian/libc6", "pkg:apk/debian/libc6", false},
        {"pkg:golang/github.com/BurntSushi/toml", "pkg:golang/github.com/burntsushi/toml", true},
        {"pkg:pypi/Django_REST.framework", "pkg:pypi/django-rest-framework", true},
        {"pkg:pypi/django-rest", "pkg:pypi/djangorest", false},
        {"pkg:maven/org.Foo/Bar", "pkg:maven/org.foo/bar", false},
        {"pkg:maven/org.foo/bar", "pkg:maven/bar", false},
        {"pkg:rpm/Fedora/curl", "pkg:rpm/fedora/curl", true},
        {"pkg:rpm/fedora/Curl", "pkg:rpm/fedora/curl", false},
        {"pkg:nuget/Newtonsoft.Json", "pkg:nuget/newtonsoft.json", true},
        {"pkg:cargo/Serde", "pkg:cargo/serde", false},
        {"pkg:gem/Rails", "pkg:gem/rails", false},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(ids); i++) {
        sbom_purl x = purl_ok(state, ids[i].x), y = purl_ok(state, ids[i].y);
        assert_int_equal(sbom_purl_same_package(&x, &y), ids[i].same);
        assert_int_equal(sbom_purl_same_package(&y, &x), ids[i].same);
    }
}

/* What pkg_purl() builds, parsed back, names the package as the inventory
 * did (but for the case and the PEP 503 folding the purl types require). */
static void test_purl_inverse_of_pkg_purl(void **state)
{
    mt_arena *a = *state;
    static const mt_os deb12 = {.id = "debian", .version_id = "12"};
    static const struct {
        const char *type, *name, *version, *back_name, *back_version;
    } cases[] = {
        {"deb", "libcap2", "1:2.66-4+deb12u3+b1", "libcap2", "1:2.66-4+deb12u3+b1"},
        {"rpm", "openssl-libs", "1:3.0.7-25.el9_3", "openssl-libs", "1:3.0.7-25.el9_3"},
        {"rpm", "bash", "0:5.1.8-6.el9_1", "bash", "5.1.8-6.el9_1"},
        {"apk", "ssl_client", "1.36.1-r15", "ssl_client", "1.36.1-r15"},
        {"npm", "@types/node", "20.10.5", "@types/node", "20.10.5"},
        {"npm", "JSONStream", "1.3.5", "jsonstream", "1.3.5"},
        {"maven", "org.apache.logging.log4j:log4j-core", "2.14.1",
         "org.apache.logging.log4j:log4j-core", "2.14.1"},
        {"golang", "github.com/BurntSushi/toml", "v1.3.2", "github.com/BurntSushi/toml", "v1.3.2"},
        {"golang", "stdlib", "v1.21.5", "stdlib", "v1.21.5"},
        {"composer", "symfony/console", "v6.4.0", "symfony/console", "v6.4.0"},
        {"pypi", "Flask_SQLAlchemy", "3.1.1", "flask-sqlalchemy", "3.1.1"},
        {"gem", "nokogiri", "1.15.5", "nokogiri", "1.15.5"},
        {"cargo", "serde_json", "1.0.108", "serde_json", "1.0.108"},
        {"nuget", "Newtonsoft.Json", "13.0.3", "Newtonsoft.Json", "13.0.3"},
        {"generic", "a b/c+d", "1.0 beta", "a b/c+d", "1.0 beta"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        mt_pkg pk = {.type = cases[i].type,
                     .name = (char *)cases[i].name,
                     .version = (char *)cases[i].version,
                     .arch = (char *)"amd64"};
        pkg_purl(a, &pk, &deb12);
        assert_non_null(pk.purl);
        sbom_purl p = purl_ok(state, pk.purl);
        assert_string_equal(p.type, cases[i].type);
        assert_string_equal(sbom_purl_pkg_name(a, &p), cases[i].back_name);
        assert_string_equal(sbom_purl_full_version(a, &p), cases[i].back_version);
    }
}

/* ---- documents of other producers ---- */

static void test_trivy_cyclonedx(void **state)
{
    parsed r = parse_fixture(state, "trivy-debian.cdx.json");
    static const char *const want[] = {
        "deb|libc6|2.36-9+deb12u4|glibc|2.36-9+deb12u4|amd64|LGPL-2.1, GPL-2.0|trivy-debian.cdx.json|-1|"
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.5",
        /* the epoch as a qualifier (Trivy), folded into the version as dpkg writes it */
        "deb|login|1:4.13+dfsg1-1+b1|shadow|1:4.13+dfsg1-1|amd64|GPL-2.0|trivy-debian.cdx.json|-1|"
        "pkg:deb/debian/login@4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12.5&epoch=1",
        "deb|tzdata|2024a-0+deb12u1|tzdata|2024a-0+deb12u1|all|-|trivy-debian.cdx.json|-1|"
        "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12.5",
        /* the module path in its case, though Trivy lowercased the purl */
        "golang|github.com/BurntSushi/toml|v1.3.2|github.com/BurntSushi/toml|v1.3.2|-|-|usr/local/bin/app|-1|"
        "pkg:golang/github.com/burntsushi/toml@v1.3.2",
        "maven|org.apache.logging.log4j:log4j-core|2.14.1|org.apache.logging.log4j:log4j-core|2.14.1|-|-|"
        "opt/app/lib/log4j-core-2.14.1.jar|-1|pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "npm|@babel/core|7.23.2|@babel/core|7.23.2|-|MIT|srv/web/node_modules/@babel/core/package.json|-1|"
        "pkg:npm/%40babel/core@7.23.2",
        "pypi|Flask|2.3.2|Flask|2.3.2|-|BSD-3-Clause|"
        "usr/local/lib/python3.11/site-packages/Flask-2.3.2.dist-info/METADATA|-1|pkg:pypi/flask@2.3.2",
    };
    assert_lines(state, &r.pkgs, want, MT_ARRAY_LEN(want));
    assert_errs(&r.errs, NULL, 0); /* the container and the application have no purl: fine */
    assert_string_equal(r.os.id, "debian");
    assert_string_equal(r.os.version_id, "12.5");
    assert_null(r.os.codename);
    assert_null(r.os.pretty_name);
    /* the type strings are the inventory's, so pkg_is_os() works */
    assert_true(pkg_is_os(r.pkgs.items[0]));
    assert_false(pkg_is_os(r.pkgs.items[3]));
    parsed_free(&r);
}

static void test_syft_cyclonedx(void **state)
{
    parsed r = parse_fixture(state, "syft-alpine.cdx.json");
    static const char *const want[] = {
        "apk|busybox|1.36.1-r15|busybox|1.36.1-r15|x86_64|GPL-2.0-only|/lib/apk/db/installed|-1|"
        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
        "apk|libcrypto3|3.1.4-r5|openssl|3.1.4-r5|x86_64|Apache-2.0|/lib/apk/db/installed|-1|"
        "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1",
        /* no property: the upstream qualifier names the origin */
        "apk|ssl_client|1.36.1-r15|busybox|1.36.1-r15|x86_64|-|syft-alpine.cdx.json|-1|"
        "pkg:apk/alpine/ssl_client@1.36.1-r15?arch=x86_64&upstream=busybox&distro=alpine-3.19.1",
        /* nested components, two levels */
        "golang|golang.org/x/net|v0.17.0|golang.org/x/net|v0.17.0|-|-|/usr/local/bin/app|-1|"
        "pkg:golang/golang.org/x/net@v0.17.0",
        "golang|github.com/Masterminds/semver/v3|v3.2.1|github.com/Masterminds/semver/v3|v3.2.1|-|-|"
        "syft-alpine.cdx.json|-1|pkg:golang/github.com/Masterminds/semver/v3@v3.2.1",
    };
    assert_lines(state, &r.pkgs, want, MT_ARRAY_LEN(want));
    static const char *const errs[] = {
        "components[4] (libmystery 1.0): no purl; skipped",
        "components[5] (broken 1): invalid purl \"pkg:/broken@1\": an invalid type; skipped",
        "components[6] (noversion): no version in purl "
        "\"pkg:apk/alpine/noversion?arch=x86_64&distro=alpine-3.19.1\" nor in the document; skipped",
    };
    assert_errs(&r.errs, errs, MT_ARRAY_LEN(errs));
    /* the OS component comes last in Syft's documents */
    assert_string_equal(r.os.id, "alpine");
    assert_string_equal(r.os.version_id, "3.19.1");
    assert_string_equal(r.os.pretty_name, "Alpine Linux v3.19");
    parsed_free(&r);
}

static void test_trivy_spdx(void **state)
{
    parsed r = parse_fixture(state, "trivy-rocky.spdx.json");
    static const char *const want[] = {
        "rpm|openssl-libs|1:3.0.7-25.el9_3|openssl|1:3.0.7-25.el9_3|x86_64|Apache-2.0|"
        "trivy-rocky.spdx.json|-1|"
        "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1",
        "rpm|bash|5.1.8-6.el9_1|bash|5.1.8-6.el9_1|x86_64|GPL-3.0-or-later|trivy-rocky.spdx.json|-1|"
        "pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.3",
        "rpm|python3-libs|3.9.18-1.el9_3|python3.9|3.9.18-1.el9_3|x86_64|Python-2.0.1|"
        "trivy-rocky.spdx.json|-1|pkg:rpm/rocky/python3-libs@3.9.18-1.el9_3?arch=x86_64&distro=rocky-9.3",
        /* the package's own spelling kept: it is the purl's but for PEP 503 */
        "pypi|PyYAML|6.0.1|PyYAML|6.0.1|-|MIT|trivy-rocky.spdx.json|-1|pkg:pypi/pyyaml@6.0.1",
    };
    assert_lines(state, &r.pkgs, want, MT_ARRAY_LEN(want));
    assert_errs(&r.errs, NULL, 0);
    assert_string_equal(r.os.id, "rocky");
    assert_string_equal(r.os.version_id, "9.3");
    parsed_free(&r);
}

static void test_syft_spdx(void **state)
{
    parsed r = parse_fixture(state, "syft-debian.spdx.json");
    static const char *const want[] = {
        "deb|libc6|2.36-9+deb12u4|glibc|2.36-9+deb12u4|amd64|GPL-2.0-only AND LGPL-2.1-only|"
        "syft-debian.spdx.json|-1|"
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&upstream=glibc&distro=debian-12",
        "deb|bsdutils|1:2.38.1-5+deb12u1|util-linux|2.38.1-5+deb12u1|amd64|"
        "BSD-2-Clause AND BSD-3-Clause AND BSD-4-Clause AND GPL-2.0-only AND GPL-2.0-or-later AND "
        "GPL-3.0-or-later AND LGPL-2.0-or-later AND LGPL-2.1-or-later AND MIT|syft-debian.spdx.json|-1|"
        "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u1?arch=amd64&upstream=util-linux%402.38.1-5%2Bdeb12u1"
        "&distro=debian-12",
        "deb|tzdata|2024a-0+deb12u1|tzdata|2024a-0+deb12u1|all|-|syft-debian.spdx.json|-1|"
        "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12",
    };
    assert_lines(state, &r.pkgs, want, MT_ARRAY_LEN(want));
    /* the described root has no purl and is not reported; the binary is */
    static const char *const errs[] = {"packages[4] (node 20.11.1): no purl; skipped"};
    assert_errs(&r.errs, errs, MT_ARRAY_LEN(errs));
    /* no OS package: the distro qualifier says it */
    assert_string_equal(r.os.id, "debian");
    assert_string_equal(r.os.version_id, "12");
    assert_null(r.os.pretty_name);
    parsed_free(&r);
}

/* ---- moat's own documents ---- */

/* The repository root, from this file's path (tests/unit/..). */
static void repo_root(char *out, size_t n)
{
    char d1[4096];
    mt_dirname(__FILE__, d1, sizeof(d1));
    char d2[4096];
    mt_dirname(d1, d2, sizeof(d2));
    mt_dirname(d2, out, n);
}

typedef struct {
    inv_result ir;
    img_image *im;
} inventory;

static inventory inventory_rootfs(void **state)
{
    char root[4096], target[4200], err[1024];
    repo_root(root, sizeof(root));
    snprintf(target, sizeof(target), "dir:%s/examples/rootfs", root);
    inventory v = {0};
    img_open_opts io = {0};
    if (img_open(target, &io, &v.im, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", target, err);
        fail();
    }
    inv_opts o = {.threads = 1};
    if (inv_scan(v.im, *state, &o, &v.ir, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", target, err);
        fail();
    }
    for (size_t i = 0; i < v.ir.pkgs.len; i++) {
        mt_pkg *p = v.ir.pkgs.items[i];
        pkg_purl(*state, p, v.ir.os.id ? &v.ir.os : NULL);
    }
    return v;
}

static void inventory_free(inventory *v)
{
    inv_result_free(&v->ir);
    img_close(v->im);
}

/* The fields an SBOM carries, as a sorted listing; db_path only when the
 * format records it. */
static mt_vec listing(mt_arena *a, const mt_vec *pkgs, bool db_path)
{
    mt_vec v = {0};
    for (size_t i = 0; i < pkgs->len; i++) {
        const mt_pkg *p = pkgs->items[i];
        mt_vec_push(&v, fields(a, p, db_path ? p->db_path : ""));
    }
    if (v.len)
        qsort(v.items, v.len, sizeof(v.items[0]), pkgfx_strcmp);
    return v;
}

/* r has no errors and its packages list as want does (see listing()). */
static void assert_listed(mt_arena *a, const parsed *r, const mt_vec *want, bool db_path)
{
    assert_errs(&r->errs, NULL, 0);
    mt_vec got = listing(a, &r->pkgs, db_path);
    pkgfx_assert_same(&got, want);
    mt_vec_free(&got);
}

static void test_moat_fixtures_equal_inventory(void **state)
{
    inventory inv = inventory_rootfs(state);
    assert_true(inv.ir.pkgs.len >= 5); /* debs and the pypi requirements */
    static const char *const docs[] = {"moat-rootfs.cdx.json", "moat-rootfs.spdx.json"};
    for (size_t d = 0; d < 2; d++) {
        bool cdx = d == 0;
        parsed r = parse_fixture(state, docs[d]);
        mt_vec want = listing(*state, &inv.ir.pkgs, cdx);
        assert_listed(*state, &r, &want, cdx);
        assert_string_equal(r.os.id, inv.ir.os.id);
        assert_string_equal(r.os.version_id, inv.ir.os.version_id);
        if (cdx)
            assert_string_equal(r.os.pretty_name, inv.ir.os.pretty_name);
        mt_vec_free(&want);
        parsed_free(&r);
    }
    /* a package whose source differs, to know the comparison means something */
    bool glibc = false;
    for (size_t i = 0; i < inv.ir.pkgs.len; i++) {
        const mt_pkg *p = inv.ir.pkgs.items[i];
        glibc |= strcmp(p->name, "libc6") == 0 && strcmp(p->source_name, "glibc") == 0;
    }
    assert_true(glibc);
    inventory_free(&inv);
}

/* Writes r with moat's writer into memory and parses it back. */
static parsed write_and_parse(void **state, const mt_report *rep, bool cdx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    mt_report_opts o = {.version = "0.0.0-test"};
    assert_int_equal(cdx ? mt_write_cyclonedx(f, rep, &o) : mt_write_spdx(f, rep, &o), 0);
    fclose(f);
    parsed r = parse_buf(state, buf, len, cdx ? "w.cdx.json" : "w.spdx.json");
    free(buf);
    if (r.rc)
        fprintf(stderr, "%s\n", r.err);
    assert_int_equal(r.rc, 0);
    return r;
}

static void test_moat_writer_round_trip_inventory(void **state)
{
    inventory inv = inventory_rootfs(state);
    mt_report rep;
    mt_report_init(&rep);
    mt_result *res = mt_report_add_result(&rep, "dir:rootfs", "os-pkgs", "debian");
    res->os = &inv.ir.os;
    for (size_t i = 0; i < inv.ir.pkgs.len; i++)
        mt_vec_push(&res->packages, inv.ir.pkgs.items[i]);
    for (int cdx = 1; cdx >= 0; cdx--) {
        parsed r = write_and_parse(state, &rep, cdx);
        mt_vec want = listing(*state, &inv.ir.pkgs, cdx);
        assert_listed(*state, &r, &want, cdx);
        assert_string_equal(r.os.id, "debian");
        assert_string_equal(r.os.version_id, "12");
        mt_vec_free(&want);
        parsed_free(&r);
    }
    mt_report_free(&rep);
    inventory_free(&inv);
}

/* Packages of every ecosystem, spelled as moat's parsers spell them, go
 * through moat's CycloneDX and SPDX writers and come back the same. */
static void test_moat_writer_round_trip_ecosystems(void **state)
{
    mt_arena *a = *state;
    static const mt_os rocky = {.id = "rocky", .version_id = "9.3", .pretty_name = "Rocky Linux 9.3"};
    static const struct {
        const char *type, *name, *version, *src, *srcv, *arch, *lic;
    } specs[] = {
        {"rpm", "openssl-libs", "1:3.0.7-25.el9_3", "openssl", "1:3.0.7-25.el9_3", "x86_64", "Apache-2.0"},
        {"rpm", "bash", "0:5.1.8-6.el9_1", "bash", "0:5.1.8-6.el9_1", "x86_64", NULL},
        {"rpm", "gpg-pubkey-x", "1.0-1", "gpg-pubkey-x", "1.0-1", NULL, NULL},
        {"deb", "libcap2", "1:2.66-4+deb12u3+b1", "libcap2", "1:2.66-4+deb12u3", "amd64", NULL},
        {"apk", "ssl_client", "1.36.1-r15", "busybox", "1.36.1-r15", "x86_64", "GPL-2.0-only"},
        {"npm", "@types/node", "20.10.5", "@types/node", "20.10.5", NULL, "MIT"},
        {"npm", "JSONStream", "1.3.5", "JSONStream", "1.3.5", NULL, NULL},
        {"maven", "org.apache.logging.log4j:log4j-core", "2.14.1",
         "org.apache.logging.log4j:log4j-core", "2.14.1", NULL, NULL},
        {"golang", "github.com/BurntSushi/toml", "v1.3.2", "github.com/BurntSushi/toml", "v1.3.2", NULL, NULL},
        {"golang", "stdlib", "go1.21.5", "stdlib", "go1.21.5", NULL, NULL},
        {"composer", "Symfony/Console", "v6.4.0", "Symfony/Console", "v6.4.0", NULL, "MIT"},
        {"pypi", "Flask_SQLAlchemy", "3.1.1", "Flask_SQLAlchemy", "3.1.1", NULL, "BSD-3-Clause"},
        {"gem", "nokogiri", "1.15.5", "nokogiri", "1.15.5", "x86_64-linux", "MIT"},
        {"cargo", "serde_json", "1.0.108", "serde_json", "1.0.108", NULL, NULL},
        {"nuget", "Newtonsoft.Json", "13.0.3", "Newtonsoft.Json", "13.0.3", NULL, NULL},
    };
    mt_report rep;
    mt_report_init(&rep);
    mt_result *res = mt_report_add_result(&rep, "img", "os-pkgs", "rocky");
    res->os = &rocky;
    mt_vec all = {0};
    for (size_t i = 0; i < MT_ARRAY_LEN(specs); i++) {
        mt_pkg *p = mt_arena_alloc(a, sizeof(*p));
        p->type = specs[i].type;
        p->name = (char *)specs[i].name;
        p->version = (char *)specs[i].version;
        p->source_name = (char *)specs[i].src;
        p->source_version = (char *)specs[i].srcv;
        p->arch = (char *)specs[i].arch;
        p->license = (char *)specs[i].lic;
        p->db_path = (char *)"some/where";
        p->layer = (int)i % 3;
        pkg_purl(a, p, &rocky);
        mt_vec_push(&res->packages, p);
        mt_vec_push(&all, p);
    }
    for (int cdx = 1; cdx >= 0; cdx--) {
        parsed r = write_and_parse(state, &rep, cdx);
        mt_vec want = listing(a, &all, cdx);
        if (!cdx) {
            /* SPDX has no arch property: a gem's platform is not in its purl */
            for (size_t i = 0; i < want.len; i++) {
                char *w = want.items[i];
                char *g = strstr(w, "|x86_64-linux|");
                if (g)
                    want.items[i] = mt_arena_printf(a, "%.*s|-|%s", (int)(g - w), w,
                                                    g + strlen("|x86_64-linux|"));
            }
            qsort(want.items, want.len, sizeof(want.items[0]), pkgfx_strcmp);
        }
        assert_listed(a, &r, &want, cdx);
        assert_string_equal(r.os.id, "rocky");
        assert_string_equal(r.os.version_id, "9.3");
        assert_null_or_str(r.os.pretty_name, cdx ? "Rocky Linux 9.3" : NULL);
        mt_vec_free(&want);
        parsed_free(&r);
    }
    mt_vec_free(&all);
    mt_report_free(&rep);
}

/* ---- the operating system ---- */

static void test_os_inference(void **state)
{
    /* SPDX without an OS package: the first OS purl's distro qualifier */
    static const char *const distros[][4] = {
        {"debian-12", "debian", "12", NULL},
        {"alpine-3.19.1", "alpine", "3.19.1", NULL},
        {"opensuse-leap-15.5", "opensuse-leap", "15.5", NULL},
        {"debian-bookworm", "debian", NULL, "bookworm"},
        {"Ubuntu-22.04", "ubuntu", "22.04", NULL},
        {"wolfi", "wolfi", NULL, NULL},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(distros); i++) {
        char doc[1024];
        snprintf(doc, sizeof(doc),
                 "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"x\",\"externalRefs\":"
                 "[{\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:deb/x/x@1?distro=%s\"}]}]}",
                 distros[i][0]);
        parsed r = parse_str(state, doc);
        assert_int_equal(r.rc, 0);
        assert_string_equal(r.os.id, distros[i][1]);
        assert_null_or_str(r.os.version_id, distros[i][2]);
        assert_null_or_str(r.os.codename, distros[i][3]);
        assert_int_equal(r.errs.len, 0);
        parsed_free(&r);
    }
    /* no qualifier: the vendor namespace */
    parsed r = parse_str(state, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"purl\":"
                                "\"pkg:deb/Ubuntu/bash@5.1-6ubuntu1\"},{\"purl\":\"pkg:npm/x@1\"}]}");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.os.id, "ubuntu");
    assert_null(r.os.version_id);
    assert_int_equal(r.pkgs.len, 2);
    parsed_free(&r);
    /* language packages alone: no OS */
    r = parse_str(state, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"purl\":\"pkg:npm/x@1\"}]}");
    assert_null(r.os.id);
    parsed_free(&r);
    /* packages of several distributions: said once, the first (or the OS component) wins */
    r = parse_str(state,
                  "{\"bomFormat\":\"CycloneDX\",\"components\":["
                  "{\"purl\":\"pkg:apk/alpine/a@1?distro=alpine-3.18.4\"},"
                  "{\"purl\":\"pkg:apk/alpine/b@1?distro=alpine-3.19.1\"},"
                  "{\"purl\":\"pkg:deb/debian/c@1?distro=debian-12\"},"
                  "{\"purl\":\"pkg:deb/debian/d@1?distro=debian-12\"}]}");
    assert_string_equal(r.os.id, "alpine");
    assert_string_equal(r.os.version_id, "3.18.4");
    static const char *const mixed[] = {
        "packages of other distributions than alpine: debian-12 (vulnerabilities are matched for "
        "alpine)"};
    assert_errs(&r.errs, mixed, 1);
    parsed_free(&r);
    r = parse_str(state, "{\"bomFormat\":\"CycloneDX\",\"components\":["
                         "{\"purl\":\"pkg:deb/debian/c@1?distro=debian-12\"},"
                         "{\"type\":\"operating-system\",\"name\":\"Ubuntu\",\"version\":\"22.04\"},"
                         "{\"type\":\"operating-system\",\"name\":\"debian\",\"version\":\"12\"}]}");
    assert_string_equal(r.os.id, "ubuntu");
    assert_string_equal(r.os.version_id, "22.04");
    static const char *const other[] = {
        "packages of other distributions than ubuntu: debian-12 (vulnerabilities are matched for "
        "ubuntu)"};
    assert_errs(&r.errs, other, 1);
    parsed_free(&r);
    /* SPDX 2.3 JSON writes OPERATING_SYSTEM, the tag-value form OPERATING-SYSTEM */
    r = parse_str(state, "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"Fedora\","
                         "\"versionInfo\":\"39\",\"primaryPackagePurpose\":\"OPERATING_SYSTEM\"}]}");
    assert_string_equal(r.os.id, "fedora");
    assert_string_equal(r.os.version_id, "39");
    assert_int_equal(r.pkgs.len, 0);
    parsed_free(&r);
}

/* ---- component details ---- */

static void test_component_rules(void **state)
{
    parsed r = parse_str(
        state,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
        "\"metadata\":{\"component\":{\"type\":\"application\",\"name\":\"myapp\","
        "  \"components\":[{\"type\":\"library\",\"purl\":\"pkg:cargo/rand@0.8.5\"}]}},"
        "\"components\":["
        /* no purl: an application is not reported, a type-less component is */
        "{\"type\":\"application\",\"name\":\"app\"},"
        "{\"name\":\"lib\",\"version\":\"2\"},"
        /* not packages: skipped silently even with a purl */
        "{\"type\":\"container\",\"purl\":\"pkg:oci/app@sha256%3Aab\"},"
        "{\"type\":\"file\",\"name\":\"x\"},"
        "{\"type\":\"device\",\"purl\":\"pkg:generic/dev@1\"},"
        /* firmware and framework with purls are packages */
        "{\"type\":\"firmware\",\"purl\":\"pkg:generic/bios@1.2\"},"
        "{\"type\":\"framework\",\"purl\":\"pkg:maven/org.springframework/spring-core@5.3.0\"},"
        /* the version from the document when the purl has none */
        "{\"type\":\"library\",\"name\":\"lodash\",\"version\":\"4.17.21\",\"purl\":\"pkg:npm/lodash\"},"
        /* the document's version differs from the purl's: the purl wins */
        "{\"type\":\"library\",\"name\":\"a\",\"version\":\"9\",\"purl\":\"pkg:npm/a@1\"},"
        /* gem platform; a name in other case but not equivalent: the purl's */
        "{\"type\":\"library\",\"name\":\"other\",\"purl\":\"pkg:gem/nokogiri@1.15.5?platform=x86_64-linux\"},"
        /* a maven group and name */
        "{\"type\":\"library\",\"group\":\"Org.Example\",\"name\":\"Lib\",\"purl\":\"pkg:maven/org.example/lib@1\"},"
        "{\"type\":\"library\",\"group\":\"com.Example\",\"name\":\"lib\",\"purl\":\"pkg:golang/com.example/lib@v1\"},"
        /* broken entries */
        "{\"type\":\"library\",\"name\":\"n\",\"purl\":7},"
        "\"junk\","
        "{\"type\":\"library\",\"name\":\"c\\u0001\",\"purl\":\"pkg:npm/c@1\\n\"},"
        /* properties: layer, db_path, arch; bad values ignored */
        "{\"type\":\"library\",\"purl\":\"pkg:generic/p@1\",\"properties\":["
        "  {\"name\":\"moat:layer:index\",\"value\":\"3\"},{\"name\":\"moat:package:arch\",\"value\":\"arm64\"},"
        "  {\"name\":\"moat:package:db_path\",\"value\":\"a\\tb\"},{\"name\":\"moat:package:source_name\"},"
        "  \"x\",{\"value\":\"y\"}]}"
        "]}");
    assert_int_equal(r.rc, 0);
    static const char *const want[] = {
        "cargo|rand|0.8.5|rand|0.8.5|-|-|t.json|-1|pkg:cargo/rand@0.8.5",
        "generic|bios|1.2|bios|1.2|-|-|t.json|-1|pkg:generic/bios@1.2",
        "maven|org.springframework:spring-core|5.3.0|org.springframework:spring-core|5.3.0|-|-|t.json|-1|"
        "pkg:maven/org.springframework/spring-core@5.3.0",
        "npm|lodash|4.17.21|lodash|4.17.21|-|-|t.json|-1|pkg:npm/lodash",
        "npm|a|1|a|1|-|-|t.json|-1|pkg:npm/a@1",
        "gem|nokogiri|1.15.5|nokogiri|1.15.5|x86_64-linux|-|t.json|-1|"
        "pkg:gem/nokogiri@1.15.5?platform=x86_64-linux",
        "maven|org.example:lib|1|org.example:lib|1|-|-|t.json|-1|pkg:maven/org.example/lib@1",
        "golang|com.Example/lib|v1|com.Example/lib|v1|-|-|t.json|-1|pkg:golang/com.example/lib@v1",
        "generic|p|1|p|1|arm64|-|t.json|3|pkg:generic/p@1",
    };
    assert_lines(state, &r.pkgs, want, MT_ARRAY_LEN(want));
    static const char *const errs[] = {
        "components[1] (lib 2): no purl; skipped",
        "components[12] (n): purl is not a string; skipped",
        "components[13]: not an object; skipped",
        "components[14] (c?): invalid purl \"pkg:npm/c@1?\": a control character; skipped",
    };
    assert_errs(&r.errs, errs, MT_ARRAY_LEN(errs));
    parsed_free(&r);
}

static void test_source_conventions(void **state)
{
    parsed r = parse_str(
        state,
        "{\"bomFormat\":\"CycloneDX\",\"components\":["
        /* Trivy: name only, version only, a zero epoch */
        "{\"purl\":\"pkg:deb/debian/a@1.0-1\",\"properties\":[{\"name\":\"aquasecurity:trivy:SrcName\",\"value\":\"asrc\"}]},"
        "{\"purl\":\"pkg:deb/debian/b@2.0-1\",\"properties\":[{\"name\":\"aquasecurity:trivy:SrcVersion\",\"value\":\"2.0\"}]},"
        "{\"purl\":\"pkg:rpm/rhel/c@3-1?epoch=2\",\"properties\":["
        "  {\"name\":\"aquasecurity:trivy:SrcName\",\"value\":\"csrc\"},{\"name\":\"aquasecurity:trivy:SrcVersion\",\"value\":\"3\"},"
        "  {\"name\":\"aquasecurity:trivy:SrcRelease\",\"value\":\"1\"},{\"name\":\"aquasecurity:trivy:SrcEpoch\",\"value\":\"0\"}]},"
        /* Syft: deb with and without a source version, an rpm source RPM */
        "{\"purl\":\"pkg:deb/debian/d@1:4-1\",\"properties\":[{\"name\":\"syft:metadata:source\",\"value\":\"dsrc\"}]},"
        "{\"purl\":\"pkg:deb/debian/e@4-1\",\"properties\":[{\"name\":\"syft:metadata:source\",\"value\":\"esrc\"},"
        "  {\"name\":\"syft:metadata:sourceVersion\",\"value\":\"4-0.1\"}]},"
        "{\"purl\":\"pkg:rpm/rhel/f@1.2-3.el9?epoch=1\",\"properties\":[{\"name\":\"syft:metadata:sourceRpm\","
        "  \"value\":\"f-libs-1.2-3.el9.src.rpm\"}]},"
        /* upstream qualifiers: rpm source RPM, name@version, a bad one */
        "{\"purl\":\"pkg:rpm/rhel/g@5-1.el9?epoch=3&upstream=g-src-5-1.el9.src.rpm\"},"
        "{\"purl\":\"pkg:rpm/rhel/h@5-1.el9?upstream=hsrc\"},"
        "{\"purl\":\"pkg:deb/debian/i@7-1?upstream=isrc%407-0.5\"},"
        "{\"purl\":\"pkg:deb/debian/j@7-1?upstream=%40oops\"},"
        /* moat's properties come first */
        "{\"purl\":\"pkg:deb/debian/k@1-1?upstream=other\",\"properties\":[{\"name\":\"moat:package:source_name\",\"value\":\"ksrc\"},"
        "  {\"name\":\"moat:package:source_version\",\"value\":\"1-0\"}]}"
        "]}");
    assert_int_equal(r.rc, 0);
    static const char *const want[] = {
        "deb|a|1.0-1|asrc|1.0-1", "deb|b|2.0-1|b|2.0",        "rpm|c|2:3-1|csrc|3-1",
        "deb|d|1:4-1|dsrc|1:4-1", "deb|e|4-1|esrc|4-0.1",     "rpm|f|1:1.2-3.el9|f-libs|1:1.2-3.el9",
        "rpm|g|3:5-1.el9|g-src|3:5-1.el9", "rpm|h|5-1.el9|hsrc|5-1.el9", "deb|i|7-1|isrc|7-0.5",
        "deb|j|7-1|j|7-1",        "deb|k|1-1|ksrc|1-0",
    };
    assert_int_equal(r.pkgs.len, MT_ARRAY_LEN(want));
    for (size_t i = 0; i < r.pkgs.len; i++) {
        const mt_pkg *p = r.pkgs.items[i];
        assert_string_equal(mt_arena_printf(*state, "%s|%s|%s|%s|%s", p->type, p->name, p->version,
                                            p->source_name, p->source_version),
                            want[i]);
    }
    parsed_free(&r);
}

/* ---- fatal errors and bounds ---- */

static void assert_fatal(void **state, const char *doc, const char *msg)
{
    parsed r = parse_str(state, doc);
    assert_int_equal(r.rc, -1);
    assert_string_equal(r.err, msg);
    assert_int_equal(r.pkgs.len, 0);
    assert_null(r.os.id);
    parsed_free(&r);
}

static void test_fatal_errors(void **state)
{
    assert_fatal(state, "", "t.json: not valid JSON: '[' or '{' expected near end of file (line 1, column 0)");
    assert_fatal(state, "{\"bomFormat\": \"CycloneDX\",", "t.json: not valid JSON: string or '}' expected near end of file (line 1, column 26)");
    assert_fatal(state, "{\"a\":1,\"a\":2}", "t.json: not valid JSON: duplicate object key near '\"a\"' (line 1, column 10)");
    assert_fatal(state, "  <?xml version=\"1.0\"?><bom/>",
                 "t.json: an XML document; only JSON SBOMs (CycloneDX JSON, SPDX JSON) are read");
    assert_fatal(state, "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
                 "t.json: an SPDX tag-value document; only SPDX JSON is read");
    assert_fatal(state, "[]", "t.json: not a CycloneDX or SPDX document (the top level is not a JSON object)");
    assert_fatal(state, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"2.0\"}",
                 "t.json: CycloneDX specVersion \"2.0\" is not supported (1.x is)");
    assert_fatal(state, "{\"spdxVersion\":\"SPDX-3.0\"}",
                 "t.json: SPDX version \"SPDX-3.0\" is not supported (SPDX-2.x JSON is)");
    assert_fatal(state, "{\"@context\":\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\"@graph\":[]}",
                 "t.json: an SPDX 3 document; only SPDX 2.x JSON is read");
    assert_fatal(state, "{\"bomFormat\":\"SWID\"}",
                 "t.json: neither CycloneDX (no \"bomFormat\": \"CycloneDX\") nor SPDX (no \"spdxVersion\")");
    assert_fatal(state, "{\"bomFormat\":\"CycloneDX\",\"components\":{}}",
                 "t.json: components is not an array");
    assert_fatal(state, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"components\":[{\"components\":7}]}]}",
                 "t.json: components[0].components[0].components is not an array");
    assert_fatal(state, "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":{}}", "t.json: packages is not an array");
    /* valid but empty documents */
    parsed r = parse_str(state, "\xef\xbb\xbf{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\"}");
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.pkgs.len, 0);
    parsed_free(&r);
    r = parse_str(state, "{\"spdxVersion\":\"SPDX-2.2\"}");
    assert_int_equal(r.rc, 0);
    parsed_free(&r);
    /* a failed parse leaves the caller's vector as it was */
    mt_vec pkgs = {0};
    mt_vec_push(&pkgs, (void *)"before");
    mt_os os = {.id = (char *)"stale"};
    char err[256];
    const char *bad = "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"purl\":\"pkg:npm/a@1\"}],\"x\":[}";
    assert_int_equal(sbom_parse(*state, bad, strlen(bad), NULL, &pkgs, &os, NULL, err, sizeof(err)), -1);
    assert_int_equal(pkgs.len, 1);
    assert_null(os.id);
    assert_string_equal(err, "SBOM: not valid JSON: unexpected token near '}' (line 1, column 69)");
    mt_vec_free(&pkgs);
}

static void test_bounds(void **state)
{
    /* nesting: 64 levels are read, 65 are refused */
    for (int depth = 64; depth <= 65; depth++) {
        mt_buf b;
        mt_buf_init(&b);
        mt_buf_puts(&b, "{\"bomFormat\":\"CycloneDX\",\"components\":");
        for (int i = 0; i < depth; i++)
            mt_buf_puts(&b, "[{\"purl\":\"pkg:npm/x@1\",\"components\":");
        mt_buf_puts(&b, "[]");
        for (int i = 0; i < depth; i++)
            mt_buf_puts(&b, "}]");
        mt_buf_puts(&b, "}");
        parsed r = parse_buf(state, b.data, b.len, "deep.json");
        if (depth == 64) {
            assert_int_equal(r.rc, 0);
            assert_int_equal(r.pkgs.len, 64);
        } else {
            assert_int_equal(r.rc, -1);
            assert_string_equal(r.err, "deep.json: components nested more than 64 levels deep");
        }
        parsed_free(&r);
        mt_buf_free(&b);
    }
    /* size: refused before anything is read */
    size_t big = (size_t)SBOM_MAX_SIZE + 1;
    char *data = malloc(big);
    assert_non_null(data);
    parsed r = parse_buf(state, data, big, "big.json");
    assert_int_equal(r.rc, -1);
    assert_string_equal(r.err, "big.json: larger than 256 MiB");
    free(data);
    /* the error list is capped */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "{\"bomFormat\":\"CycloneDX\",\"components\":[");
    for (int i = 0; i < 1500; i++)
        mt_buf_puts(&b, i ? ",{}" : "{}");
    mt_buf_puts(&b, "]}");
    r = parse_buf(state, b.data, b.len, "many.json");
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.errs.len, 1001);
    assert_string_equal(((mt_pkg_error *)r.errs.items[0])->message, "components[0]: no purl; skipped");
    assert_string_equal(((mt_pkg_error *)r.errs.items[1000])->message,
                        "too many errors; the following ones are not reported");
    parsed_free(&r);
    mt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_purl_spec_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purl_tolerated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purl_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purl_full_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purl_names_and_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purl_inverse_of_pkg_purl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trivy_cyclonedx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syft_cyclonedx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trivy_spdx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syft_spdx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moat_fixtures_equal_inventory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moat_writer_round_trip_inventory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moat_writer_round_trip_ecosystems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_os_inference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_component_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_conventions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fatal_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
