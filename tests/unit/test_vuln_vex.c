/* test_vuln_vex.c — unit tests of vex.h: OpenVEX 0.2.0 and 0.0.x documents
 * and CycloneDX VEX (tests/vuln/vex), every field of every statement;
 * vex_lookup() on versioned and unversioned product purls, qualifiers,
 * epochs, case and PEP 503 folding, aliases in both directions,
 * supersession inside a document and across documents, statements
 * without products, OpenVEX subcomponents with and without the scanned
 * artifact (vex_lookup_in()); malformed documents with their exact
 * messages, atomicity and bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vuln/vex.h"

#include "arena_fixture.h"
#include "../vuln/fixture.h"

/* ---- helpers ---- */

static mt_vec load(void **state, const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), "vex/%s", name);
    size_t len;
    char *data = vulnfx_read(path, &len);
    mt_vec v = {0};
    char err[512];
    int rc = vex_parse(*state, data, len, name, &v, err, sizeof(err));
    if (rc)
        fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    free(data);
    return v;
}

static int parse_str(void **state, const char *doc, mt_vec *v, char *err, size_t errlen)
{
    return vex_parse(*state, doc, strlen(doc), "v.json", v, err, errlen);
}

static const vex_statement *st(const mt_vec *v, size_t i)
{
    assert_true(i < v->len);
    return v->items[i];
}

#define assert_null_or_str(got, want)                                                         \
    do {                                                                                      \
        if ((want) == NULL)                                                                   \
            assert_null(got);                                                                 \
        else                                                                                  \
            assert_string_equal(got, want);                                                   \
    } while (0)

static void check(const vex_statement *s, const char *id, const char *const *aliases,
                  size_t naliases, const char *const *products, const char *const *scopes,
                  size_t nproducts, vex_status status, const char *just, const char *detail,
                  const char *action, const char *origin)
{
    assert_string_equal(s->vuln_id, id);
    assert_int_equal(s->naliases, naliases);
    for (size_t i = 0; i < naliases; i++)
        assert_string_equal(s->aliases[i], aliases[i]);
    assert_int_equal(s->nproducts, nproducts);
    for (size_t i = 0; i < nproducts; i++) {
        assert_string_equal(s->products[i], products[i]);
        assert_null_or_str(s->scopes[i], scopes ? scopes[i] : NULL);
    }
    assert_int_equal(s->status, status);
    assert_null_or_str(s->justification, just);
    assert_null_or_str(s->detail, detail);
    assert_null_or_str(s->action, action);
    assert_string_equal(s->origin, origin);
}

/* The index of s in v; -1 for NULL (a statement not in v fails). */
static int index_of(const mt_vec *v, const vex_statement *s)
{
    for (size_t i = 0; s && i < v->len; i++) {
        if (v->items[i] == s)
            return (int)i;
    }
    assert_null(s);
    return -1;
}

/* The statement vex_lookup() / vex_lookup_in() returns, as its index in v. */
static int find(const mt_vec *v, const char *id, const char *const *aliases, size_t n,
                const char *purl)
{
    return index_of(v, vex_lookup(v, id, aliases, n, purl));
}

static int find_in(const mt_vec *v, const char *id, const char *purl, const char *artifact)
{
    return index_of(v, vex_lookup_in(v, id, NULL, 0, purl, artifact));
}

/* An OpenVEX 0.2.0 document of the given statements. */
#define OV(stmts) "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[" stmts "]}"

#define APP_OCI                                                                               \
    "pkg:oci/app@sha256%3A6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"  \
    "?repository_url=registry.example%2Fteam%2Fapp"

/* ---- OpenVEX ---- */

static void test_openvex_fields(void **state)
{
    mt_vec v = load(state, "openvex-0.2.0.json");
    assert_int_equal(v.len, 7);
    static const char *const git[] = {"pkg:apk/wolfi/git"};
    check(st(&v, 0), "CVE-2023-25652", NULL, 0, git, NULL, 1, VEX_UNDER_INVESTIGATION, NULL, NULL,
          NULL, "openvex-0.2.0.json#1");
    /* "@id" not a purl: identifiers.purl is the product */
    static const char *const log4j_al[] = {"GHSA-jfh8-c2jp-5v3q"};
    static const char *const boot[] = {"pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3"};
    check(st(&v, 1), "CVE-2021-44228", log4j_al, 1, boot, NULL, 1, VEX_NOT_AFFECTED,
          "vulnerable_code_not_in_execute_path",
          "Spring Boot users are only affected by this vulnerability if they have switched the "
          "default logging system to Log4J2.",
          NULL, "openvex-0.2.0.json#2");
    /* subcomponents are the products, scoped to the image; status_notes as detail */
    static const char *const ssl_al[] = {"GHSA-xxxx-5678-yyyy", "DSA-5532-1"};
    static const char *const ssl[] = {"pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64",
                                      "pkg:deb/debian/openssl@3.0.11-1~deb12u2"};
    static const char *const ssl_scope[] = {APP_OCI, APP_OCI};
    check(st(&v, 2), "CVE-2023-5678", ssl_al, 2, ssl, ssl_scope, 2, VEX_NOT_AFFECTED,
          "vulnerable_code_cannot_be_controlled_by_adversary",
          "DH parameters are never read from untrusted input in this image.", NULL,
          "openvex-0.2.0.json#3");
    static const char *const net_al[] = {"CVE-2023-45288", "GHSA-4v7x-pqxf-cx7m"};
    static const char *const net[] = {"pkg:golang/golang.org/x/net"};
    check(st(&v, 3), "GO-2024-2687", net_al, 2, net, NULL, 1, VEX_AFFECTED, NULL, NULL,
          "Upgrade golang.org/x/net to v0.23.0 or later.", "openvex-0.2.0.json#4");
    static const char *const git2[] = {"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
                                       "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"};
    check(st(&v, 4), "CVE-2023-25652", NULL, 0, git2, NULL, 2, VEX_FIXED, NULL, NULL, NULL,
          "openvex-0.2.0.json#5");
    check(st(&v, 5), "CVE-2022-48174", NULL, 0, NULL, NULL, 0, VEX_NOT_AFFECTED,
          "component_not_present", NULL, NULL, "openvex-0.2.0.json#6");
    static const char *const ossl[] = {
        "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&epoch=1",
        "pkg:pypi/Django_REST.framework@3.14.0"};
    check(st(&v, 6), "CVE-2024-2511", NULL, 0, ossl, NULL, 2, VEX_NOT_AFFECTED, NULL,
          "Session resumption is disabled.", NULL, "openvex-0.2.0.json#7");
    mt_vec_free(&v);
}

static void test_openvex_lookup(void **state)
{
    mt_vec v = load(state, "openvex-0.2.0.json");
    const char *cve = "CVE-2023-25652";
    /* the later, versioned statement supersedes the earlier one */
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi-20230201"), 4);
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"), 4);
    /* other versions: only the unversioned product applies */
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/wolfi/git@2.38.1-r0?arch=x86_64"), 0);
    /* a qualifier of the product the package lacks or has otherwise */
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64"), 0);
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/wolfi/git@2.39.0-r1"), 0);
    /* apk names and namespaces are case-insensitive; other namespaces differ */
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/Wolfi/GIT@2.39.0-r1?arch=x86_64"), 4);
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:apk/alpine/git@2.39.0-r1?arch=x86_64"), -1);
    assert_int_equal(find(&v, cve, NULL, 0, "pkg:deb/wolfi/git@2.39.0-r1?arch=x86_64"), -1);
    assert_int_equal(find(&v, "CVE-2023-25653", NULL, 0, "pkg:apk/wolfi/git@2.38.1-r0"), -1);
    assert_int_equal(find(&v, cve, NULL, 0, NULL), -1);
    assert_int_equal(find(&v, cve, NULL, 0, "not a purl"), -1);

    /* aliases: of the statement, of the finding, ASCII case ignored */
    const char *boot = "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3";
    assert_int_equal(find(&v, "CVE-2021-44228", NULL, 0, boot), 1);
    assert_int_equal(find(&v, "GHSA-jfh8-c2jp-5v3q", NULL, 0, boot), 1);
    static const char *const al[] = {"GO-2021-0001", "CVE-2021-44228"};
    assert_int_equal(find(&v, "GHSA-0000-0000-0000", al, 2, boot), 1);
    assert_int_equal(find(&v, "cve-2021-44228", NULL, 0, boot), 1);
    assert_int_equal(find(&v, "CVE-2021-44228", NULL, 0,
                          "pkg:maven/org.springframework.boot/spring-boot@2.6.0"), -1);
    /* maven is case-sensitive */
    assert_int_equal(find(&v, "CVE-2021-44228", NULL, 0,
                          "pkg:maven/org.springframework.boot/Spring-Boot@2.6.0-M3"), -1);
    /* the finding is a CVE, the statement is about the GO id with that alias */
    assert_int_equal(find(&v, "CVE-2023-45288", NULL, 0, "pkg:golang/golang.org/x/net@v0.17.0"), 3);
    static const char *const go[] = {"GO-2024-2687"};
    assert_int_equal(find(&v, "GHSA-4v7x-pqxf-cx7m", go, 1, "pkg:golang/golang.org/x/net@v0.22.0"), 3);
    assert_int_equal(find(&v, "CVE-2023-45288", NULL, 0, "pkg:golang/golang.org/x/crypto@v0.17.0"), -1);

    /* subcomponents: without an artifact they apply wherever the package is */
    const char *ssl = "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
    assert_int_equal(find(&v, "CVE-2023-5678", NULL, 0, ssl), 2);
    assert_int_equal(find(&v, "DSA-5532-1", NULL, 0, ssl), 2);
    assert_int_equal(find(&v, "CVE-2023-5678", NULL, 0, "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64"), 2);
    assert_int_equal(find(&v, "CVE-2023-5678", NULL, 0, "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64"), -1);
    assert_int_equal(find(&v, "CVE-2023-5678", NULL, 0, "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64"), -1);
    /* with the artifact, only inside that product (':' written plain or encoded) */
    assert_int_equal(find_in(&v, "CVE-2023-5678", ssl,
                             "pkg:oci/app@sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"
                             "?arch=amd64&repository_url=registry.example/team/app"),
                     2);
    assert_int_equal(find_in(&v, "CVE-2023-5678", ssl, APP_OCI), 2);
    assert_int_equal(find_in(&v, "CVE-2023-5678", ssl,
                             "pkg:oci/app@sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b"),
                     -1); /* the product's repository_url qualifier is missing */
    assert_int_equal(find_in(&v, "CVE-2023-5678", ssl, "pkg:oci/other@sha256:00?repository_url=registry.example/team/app"), -1);
    /* unscoped products still match the package with an artifact given */
    assert_int_equal(find_in(&v, "CVE-2023-25652", "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", APP_OCI), 4);

    /* no products: every package, even one without a purl */
    assert_int_equal(find(&v, "CVE-2022-48174", NULL, 0, "pkg:npm/anything@1"), 5);
    assert_int_equal(find(&v, "CVE-2022-48174", NULL, 0, NULL), 5);

    /* rpm epochs: as a qualifier or in the version */
    const char *cve24 = "CVE-2024-2511";
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1"), 6);
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:rpm/rocky/openssl-libs@1:3.0.7-25.el9_3?arch=x86_64"), 6);
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:rpm/rocky/openssl-libs@01:3.0.7-25.el9_3?arch=x86_64"), 6);
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64"), -1);
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:rpm/rocky/openssl-libs@2:3.0.7-25.el9_3?arch=x86_64"), -1);
    /* pypi names by their PEP 503 form; versions exactly */
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:pypi/django-rest-framework@3.14.0"), 6);
    assert_int_equal(find(&v, cve24, NULL, 0, "pkg:pypi/django-rest-framework@3.14.1"), -1);
    mt_vec_free(&v);
}

static void test_openvex_old_form(void **state)
{
    mt_vec v = load(state, "openvex-0.0.1.json");
    assert_int_equal(v.len, 2);
    static const char *const glibc[] = {"pkg:apk/alpine/glibc@2.35"};
    static const char *const scope[] = {
        "pkg:oci/miniprow@sha256%3A74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99"
        "?repository_url=gcr.io%2Fpuerco-chainguard%2Fimages%2Fminiprow"};
    check(st(&v, 0), "CVE-2022-39046", NULL, 0, glibc, scope, 1, VEX_NOT_AFFECTED,
          "component_not_present", "The image does not include glibc.", NULL,
          "openvex-0.0.1.json#1");
    static const char *const ossl[] = {"pkg:apk/wolfi/openssl@3.0.7-r1"};
    check(st(&v, 1), "CVE-2022-3996", NULL, 0, ossl, NULL, 1, VEX_FIXED, NULL, NULL, NULL,
          "openvex-0.0.1.json#2");
    assert_int_equal(find(&v, "CVE-2022-39046", NULL, 0, "pkg:apk/alpine/glibc@2.35?arch=x86_64"), 0);
    assert_int_equal(find(&v, "CVE-2022-3996", NULL, 0, "pkg:apk/wolfi/openssl@3.0.7-r1?arch=x86_64"), 1);
    assert_int_equal(find(&v, "CVE-2022-3996", NULL, 0, "pkg:apk/wolfi/openssl@3.0.7-r0?arch=x86_64"), -1);
    mt_vec_free(&v);
}

/* A statement about the whole image applies, with the artifact known, to
 * every package in it; a statement with products naming neither to none. */
static void test_image_statement(void **state)
{
    mt_vec v = {0};
    char err[512];
    const char *doc = "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":["
                      "{\"vulnerability\":{\"name\":\"CVE-2024-1\"},\"products\":[{\"@id\":\"" APP_OCI "\"}],"
                      "\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_present\"},"
                      "{\"vulnerability\":{\"name\":\"CVE-2024-2\"},\"products\":[{\"@id\":\"urn:example:product\"}],"
                      "\"status\":\"fixed\"}]}";
    assert_int_equal(parse_str(state, doc, &v, err, sizeof(err)), 0);
    assert_int_equal(v.len, 2);
    assert_int_equal(find_in(&v, "CVE-2024-1", "pkg:deb/debian/curl@7.88.1-10", APP_OCI), 0);
    assert_int_equal(find(&v, "CVE-2024-1", NULL, 0, "pkg:deb/debian/curl@7.88.1-10"), -1);
    assert_int_equal(find_in(&v, "CVE-2024-1", "pkg:deb/debian/curl@7.88.1-10", "pkg:oci/app@sha256%3A00"), -1);
    /* a product that is no purl matches that string only */
    assert_int_equal(find(&v, "CVE-2024-2", NULL, 0, "pkg:deb/debian/curl@1"), -1);
    assert_int_equal(find(&v, "CVE-2024-2", NULL, 0, "urn:example:product"), 1);
    assert_int_equal(find_in(&v, "CVE-2024-2", "pkg:deb/debian/curl@1", "urn:example:product"), 1);
    mt_vec_free(&v);
}

/* deb and rpm epochs: in the version or as a qualifier, with leading
 * zeros or not, "0:" as none; an epoch without a version. */
static void test_epochs(void **state)
{
    mt_vec v = {0};
    char err[512];
    const char *doc = OV("{\"vulnerability\":\"CVE-1\",\"status\":\"fixed\",\"products\":["
                            "\"pkg:deb/debian/x?epoch=2\",\"pkg:deb/debian/y@0:1.0\",\"pkg:rpm/fedora/z@1.0-1?epoch=01\","
                            "\"pkg:apk/alpine/w@1.0-r0?epoch=1\"]}");
    assert_int_equal(parse_str(state, doc, &v, err, sizeof(err)), 0);
    static const struct {
        const char *purl;
        bool hit;
    } cases[] = {
        {"pkg:deb/debian/x@2:1.0", true},
        {"pkg:deb/debian/x@002:1.0", true},
        {"pkg:deb/debian/x@1.0?epoch=2", true},
        {"pkg:deb/debian/x@1.0", false},
        {"pkg:deb/debian/x@1:1.0", false},
        {"pkg:deb/debian/y@1.0", true},
        {"pkg:deb/debian/y@0:1.0", true},
        {"pkg:deb/debian/y@1.0?epoch=0", true},
        {"pkg:deb/debian/y@1:1.0", false},
        {"pkg:rpm/fedora/z@1:1.0-1", true},
        {"pkg:rpm/fedora/z@1.0-1?epoch=1", true},
        {"pkg:rpm/fedora/z@1.0-1", false},
        /* apk has no epochs: the qualifier is an ordinary one */
        {"pkg:apk/alpine/w@1.0-r0?epoch=1", true},
        {"pkg:apk/alpine/w@1.0-r0", false},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        if (find(&v, "CVE-1", NULL, 0, cases[i].purl) != (cases[i].hit ? 0 : -1)) {
            fprintf(stderr, "%s\n", cases[i].purl);
            fail();
        }
    }
    mt_vec_free(&v);
}

/* ---- CycloneDX ---- */

static void test_cyclonedx_vex(void **state)
{
    mt_vec v = load(state, "cyclonedx-vex.json");
    assert_int_equal(v.len, 6);
    static const char *const al[] = {"GHSA-288c-cq4h-88gq"};
    static const char *const jackson[] = {"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0"};
    check(st(&v, 0), "CVE-2020-25649", al, 1, jackson, NULL, 1, VEX_NOT_AFFECTED,
          "code_not_reachable",
          "Automated dataflow analysis and manual code review indicates that the vulnerable code "
          "is not reachable, either directly or indirectly.",
          "will_not_fix, update", "cyclonedx-vex.json#1");
    static const char *const netty[] = {"pkg:maven/io.netty/netty-codec-http2@4.1.100.Final"};
    check(st(&v, 1), "CVE-2023-44487", NULL, 0, netty, NULL, 1, VEX_AFFECTED, NULL,
          "HTTP/2 is enabled on the public listener.", "update", "cyclonedx-vex.json#2");
    /* the third vulnerability has no analysis: a finding, skipped */
    static const char *const lodash[] = {"pkg:npm/lodash@4.17.20"};
    check(st(&v, 2), "CVE-2020-8203", NULL, 0, lodash, NULL, 1, VEX_FIXED, NULL, NULL, NULL,
          "cyclonedx-vex.json#4");
    static const char *const app[] = {"pkg:generic/acme/acme-app@1.0.0"};
    check(st(&v, 3), "CVE-2024-0001", NULL, 0, app, NULL, 1, VEX_UNDER_INVESTIGATION, NULL,
          NULL, NULL, "cyclonedx-vex.json#5");
    static const char *const nopurl[] = {"no-purl-component"};
    check(st(&v, 4), "CVE-2024-0002", NULL, 0, nopurl, NULL, 1, VEX_NOT_AFFECTED, NULL,
          "The version was misidentified.", NULL, "cyclonedx-vex.json#6");
    check(st(&v, 5), "CVE-2024-0003", NULL, 0, NULL, NULL, 0, VEX_FIXED, "protected_by_compiler",
          NULL, NULL, "cyclonedx-vex.json#7");
    /* the eighth has an analysis without a state: skipped */

    assert_int_equal(find(&v, "CVE-2020-25649", NULL, 0, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0"), 0);
    assert_int_equal(find(&v, "GHSA-288c-cq4h-88gq", NULL, 0, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0"), 0);
    assert_int_equal(find(&v, "CVE-2020-25649", NULL, 0, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0"), -1);
    assert_int_equal(find(&v, "CVE-2023-44487", NULL, 0, "pkg:maven/io.netty/netty-codec-http2@4.1.100.Final"), 1);
    assert_int_equal(find(&v, "CVE-2020-8203", NULL, 0, "pkg:npm/lodash@4.17.20"), 2);
    assert_int_equal(find(&v, "CVE-2021-23337", NULL, 0, "pkg:npm/lodash@4.17.20"), -1);
    assert_int_equal(find(&v, "CVE-2024-0003", NULL, 0, "pkg:npm/x@1"), 5);
    assert_int_equal(find(&v, "CVE-2024-0004", NULL, 0, "pkg:generic/acme/acme-app@1.0.0"), -1);
    mt_vec_free(&v);
}

/* ---- several documents ---- */

static void test_documents_in_order(void **state)
{
    mt_vec v = load(state, "openvex-0.2.0.json");
    char err[512];
    /* a later document changes its mind about log4j in spring-boot */
    const char *later = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"vulnerabilities\":[{"
                        "\"id\":\"GHSA-jfh8-c2jp-5v3q\",\"analysis\":{\"state\":\"exploitable\"},"
                        "\"affects\":[{\"ref\":\"pkg:maven/org.springframework.boot/spring-boot\"}]}]}";
    assert_int_equal(vex_parse(*state, later, strlen(later), "later.json", &v, err, sizeof(err)), 0);
    assert_int_equal(v.len, 8);
    const char *boot = "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3";
    /* the CVE finding without aliases: the later statement names only the
     * GHSA id, so the first document's statement (CVE, alias GHSA) decides */
    const vex_statement *s = vex_lookup(&v, "CVE-2021-44228", NULL, 0, boot);
    assert_non_null(s);
    assert_int_equal(s->status, VEX_NOT_AFFECTED);
    assert_string_equal(s->origin, "openvex-0.2.0.json#2");
    /* with the GHSA alias, or as the GHSA finding, the later one does */
    static const char *const ghsa[] = {"GHSA-jfh8-c2jp-5v3q"};
    s = vex_lookup(&v, "CVE-2021-44228", ghsa, 1, boot);
    assert_int_equal(s->status, VEX_AFFECTED);
    assert_string_equal(s->origin, "later.json#1");
    assert_int_equal(vex_lookup(&v, "GHSA-jfh8-c2jp-5v3q", NULL, 0, boot)->status, VEX_AFFECTED);
    mt_vec_free(&v);
}

/* ---- malformed documents ---- */

static void assert_bad(void **state, const char *doc, const char *msg)
{
    mt_vec v = {0};
    mt_vec_push(&v, (void *)"earlier");
    char err[768];
    assert_int_equal(parse_str(state, doc, &v, err, sizeof(err)), -1);
    assert_string_equal(err, msg);
    assert_int_equal(v.len, 1); /* nothing appended */
    mt_vec_free(&v);
}

#define OK_STMT "{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\"}"
#define CDX(vulns) "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"vulnerabilities\":[" vulns "]}"

static void test_malformed_documents(void **state)
{
    assert_bad(state, "", "v.json: not valid JSON: '[' or '{' expected near end of file (line 1, column 0)");
    assert_bad(state, "[]", "v.json: not a VEX document (the top level is not a JSON object)");
    assert_bad(state, "{\"bomFormat\":\"SPDX\"}",
               "v.json: neither OpenVEX (\"@context\": \"https://openvex.dev/ns/...\") nor CycloneDX "
               "(\"bomFormat\": \"CycloneDX\")");
    assert_bad(state, "{\"@context\":\"https://example.com/ns\",\"statements\":[]}",
               "v.json: neither OpenVEX (\"@context\": \"https://openvex.dev/ns/...\") nor CycloneDX "
               "(\"bomFormat\": \"CycloneDX\")");
    assert_bad(state, "{\"@context\":\"https://openvex.dev/ns\"}", "v.json: no statements");
    assert_bad(state, "{\"@context\":\"https://openvex.dev/ns\",\"statements\":{}}",
               "v.json: statements is not an array");
    assert_bad(state, OV(OK_STMT ",7"), "v.json: statements[1]: not an object");
    assert_bad(state, OV("{\"status\":\"fixed\"}"), "v.json: statements[0]: no vulnerability");
    assert_bad(state, OV("{\"vulnerability\":[],\"status\":\"fixed\"}"), "v.json: statements[0]: no vulnerability");
    assert_bad(state, OV("{\"vulnerability\":{\"@id\":\"https://x\"},\"status\":\"fixed\"}"),
               "v.json: statements[0].vulnerability: no name");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":5},\"status\":\"fixed\"}"),
               "v.json: statements[0].vulnerability: name is not a string");
    assert_bad(state, OV("{\"vulnerability\":\"\",\"status\":\"fixed\"}"),
               "v.json: statements[0]: vulnerability is empty");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\",\"aliases\":[\"A\",1]},\"status\":\"fixed\"}"),
               "v.json: statements[0].vulnerability.aliases[1] is not a string");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\",\"aliases\":\"A\"},\"status\":\"fixed\"}"),
               "v.json: statements[0].vulnerability: aliases is not an array");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE\\n1\"},\"status\":\"fixed\"}"),
               "v.json: statements[0].vulnerability: name holds a control character");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"}}"), "v.json: statements[0]: no status");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"Fixed\"}"),
               "v.json: statements[0]: status \"Fixed\" is not an OpenVEX status (not_affected, "
               "affected, fixed, under_investigation)");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"not_affected\"}"),
               "v.json: statements[0]: a not_affected statement needs a justification or an "
               "impact_statement");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"not_affected\",\"justification\":\"code_not_reachable\"}"),
               "v.json: statements[0]: justification \"code_not_reachable\" is not an OpenVEX "
               "justification");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"status\":\"affected\"}"),
               "v.json: not valid JSON: duplicate object key near '\"status\"' (line 1, column 117)");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":{}}"),
               "v.json: statements[0]: products is not an array");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[{\"hashes\":{}}]}"),
               "v.json: statements[0].products[0]: no @id and no identifiers (purl, cpe23, cpe22)");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[3]}"),
               "v.json: statements[0].products[0]: neither a string nor an object");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[\"pkg:npm/%zz@1\"]}"),
               "v.json: statements[0].products[0]: invalid purl \"pkg:npm/%zz@1\": invalid percent-encoding");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[{\"@id\":\"x\",\"identifiers\":[]}]}"),
               "v.json: statements[0].products[0]: identifiers is not an object");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[{\"@id\":\"pkg:oci/a\","
                         "\"subcomponents\":[{\"@id\":\"pkg:deb/debian/x@1\"},{\"identifiers\":{\"purl\":\"pkg:\"}}]}]}"),
               "v.json: statements[0].products[0].subcomponents[1]: invalid purl \"pkg:\": no type");
    assert_bad(state, OV("{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"fixed\",\"products\":[\"a\"],\"subcomponents\":[{}]}"),
               "v.json: statements[0].subcomponents[0]: no @id and no identifiers (purl, cpe23, cpe22)");

    assert_bad(state, "{\"bomFormat\":\"CycloneDX\",\"components\":[]}",
               "v.json: a CycloneDX document without vulnerabilities: no VEX in it");
    assert_bad(state, "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":{}}",
               "v.json: vulnerabilities is not an array");
    assert_bad(state, CDX("1"), "v.json: vulnerabilities[0]: not an object");
    assert_bad(state, CDX("{\"analysis\":{\"state\":\"resolved\"}}"), "v.json: vulnerabilities[0]: no id");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":\"resolved\"}"),
               "v.json: vulnerabilities[0]: analysis is not an object");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"fixed\"}}"),
               "v.json: vulnerabilities[0].analysis: state \"fixed\" is not one of resolved, "
               "resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"not_affected\",\"justification\":\"component_not_present\"}}"),
               "v.json: vulnerabilities[0].analysis: justification \"component_not_present\" is not "
               "one of code_not_present, code_not_reachable, requires_configuration, "
               "requires_dependency, requires_environment, protected_by_compiler, "
               "protected_at_runtime, protected_at_perimeter, protected_by_mitigating_control");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\",\"response\":[\"update\",2]}}"),
               "v.json: vulnerabilities[0].analysis: response[1] is not a response");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\"},\"affects\":[{}]}"),
               "v.json: vulnerabilities[0].affects[0]: no ref");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\"},\"affects\":[{\"ref\":\"pkg:npm/\"}]}"),
               "v.json: vulnerabilities[0].affects[0]: invalid purl \"pkg:npm/\": no name");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\"},\"references\":[{\"source\":{}},{\"id\":7}]}"),
               "v.json: vulnerabilities[0].references[1]: id is not a string");
    assert_bad(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\",\"detail\":\"a\\u0000b\"}}"),
               "v.json: not valid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000b\"' (line 1, column 128)");

    /* free text may hold line breaks; identifiers may not */
    mt_vec v = {0};
    char err[512];
    assert_int_equal(parse_str(state, CDX("{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"resolved\",\"detail\":\"a\\nb\"}}"),
                               &v, err, sizeof(err)), 0);
    assert_string_equal(st(&v, 0)->detail, "a\nb");
    /* an empty statement list is a valid document */
    assert_int_equal(parse_str(state, OV(""), &v, err, sizeof(err)), 0);
    assert_int_equal(parse_str(state, CDX(""), &v, err, sizeof(err)), 0);
    /* "@context" may be missing when "statements" is there */
    assert_int_equal(parse_str(state, "{\"statements\":[" OK_STMT "]}", &v, err, sizeof(err)), 0);
    assert_int_equal(v.len, 2);
    assert_string_equal(st(&v, 1)->origin, "v.json#1");
    mt_vec_free(&v);
}

static void test_bounds(void **state)
{
    mt_vec v = {0};
    char err[512];
    /* more statements than allowed */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "{\"@context\":\"https://openvex.dev/ns\",\"statements\":[");
    for (int i = 0; i <= VEX_MAX_STATEMENTS; i++)
        mt_buf_puts(&b, i ? "," OK_STMT : OK_STMT);
    mt_buf_puts(&b, "]}");
    assert_int_equal(vex_parse(*state, b.data, b.len, "many.json", &v, err, sizeof(err)), -1);
    assert_string_equal(err, "many.json: more than 100000 statements");
    assert_int_equal(v.len, 0);
    mt_buf_free(&b);
    /* size: refused before anything is read */
    size_t big = (size_t)VEX_MAX_SIZE + 1;
    char *data = malloc(big);
    assert_non_null(data);
    assert_int_equal(vex_parse(*state, data, big, "big.json", &v, err, sizeof(err)), -1);
    assert_string_equal(err, "big.json: larger than 64 MiB");
    free(data);
    /* products of one statement */
    mt_buf_init(&b);
    mt_buf_puts(&b, "{\"@context\":\"https://openvex.dev/ns\",\"statements\":[{\"vulnerability\":\"CVE-1\","
                    "\"status\":\"fixed\",\"products\":[");
    for (int i = 0; i <= VEX_MAX_PRODUCTS; i++)
        mt_buf_printf(&b, "%s\"pkg:npm/p%d@1\"", i ? "," : "", i);
    mt_buf_puts(&b, "]}]}");
    assert_int_equal(vex_parse(*state, b.data, b.len, "p.json", &v, err, sizeof(err)), -1);
    assert_string_equal(err, "p.json: statements[0].products[10000]: more than 10000 products");
    mt_buf_free(&b);
    /* NULLs */
    assert_null(vex_lookup(NULL, "CVE-1", NULL, 0, "pkg:npm/a@1"));
    assert_null(vex_lookup(&v, "CVE-1", NULL, 0, "pkg:npm/a@1"));
    mt_vec_free(&v);
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(vex_status_name(VEX_NOT_AFFECTED), "not_affected");
    assert_string_equal(vex_status_name(VEX_FIXED), "fixed");
    assert_string_equal(vex_status_name(VEX_AFFECTED), "affected");
    assert_string_equal(vex_status_name(VEX_UNDER_INVESTIGATION), "under_investigation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_openvex_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_openvex_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_openvex_old_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_epochs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cyclonedx_vex, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documents_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
