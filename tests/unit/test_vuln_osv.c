/* test_vuln_osv.c — unit tests of the OSV importer (vuln/osv.h): every
 * record of Go's vulnerability database (../shared/corpora/osv-go) parses,
 * with totals counted independently; four Go records field by field; the
 * hand-written fixtures of tests/vuln/osv for what Go's database lacks
 * (Debian, GHSA, Ubuntu, GIT ranges, last_affected, limit, versions, CVSS
 * v3/v4, API list forms); malformed and oversized inputs with their exact
 * error text; and all.zip reading from a zip built here with libarchive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena_fixture.h"
#include "vuln/osv.h"

#include "../vuln/fixture.h"

/* ---- files ---- */

static char *go_record(const char *id, size_t *len)
{
    char name[256];
    snprintf(name, sizeof(name), "corpora/osv-go/%s.json", id);
    return vulnfx_read_shared(name, len);
}

static vr_record parse_ok(mt_arena *a, const char *data, size_t len)
{
    vr_record r;
    char err[512];
    int rc = osv_parse(a, data, len, &r, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "osv_parse: %s\n", err);
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    return r;
}

/* A record that must parse: Go's record ID from the shared corpora, or
 * the fixture tests/vuln/osv/NAME. */
static vr_record parse_go(mt_arena *a, const char *id)
{
    size_t len;
    char *data = go_record(id, &len);
    vr_record r = parse_ok(a, data, len);
    free(data);
    return r;
}

static vr_record parse_fixture(mt_arena *a, const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), "osv/%s", name);
    size_t len;
    char *data = vulnfx_read(path, &len);
    vr_record r = parse_ok(a, data, len);
    free(data);
    return r;
}

/* osv_parse_many() of the fixture tests/vuln/osv/NAME, appending to out. */
static int parse_many_fixture(mt_arena *a, const char *name, mt_vec *out)
{
    char path[256], err[512];
    snprintf(path, sizeof(path), "osv/%s", name);
    size_t len;
    char *data = vulnfx_read(path, &len);
    int n = osv_parse_many(a, data, len, out, err, sizeof(err));
    if (n < 0)
        fprintf(stderr, "%s: %s\n", name, err);
    free(data);
    return n;
}

static void assert_event(const vr_range *rg, size_t i, vr_event_kind kind, const char *version)
{
    assert_true(i < rg->nevents);
    assert_int_equal(rg->events[i].kind, kind);
    assert_string_equal(rg->events[i].version, version);
}

/* ---- Go's database ---- */

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Totals over the 4,291 records, counted once with /usr/bin/python3's json
 * module over the same files (json.load of each GO-*.json; a record counts
 * as withdrawn when "withdrawn" is set, as having a GIT range when any
 * affected[].ranges[].type is "GIT"; the others are plain sums of list
 * lengths). Go's database has no GIT ranges, versions lists, severity[]
 * or database_specific.severity: the fixtures cover those. */
static void test_go_corpus(void **state)
{
    char dir[4096];
    vulnfx_shared_path(dir, sizeof(dir), "corpora/osv-go");
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s (the shared corpora)\n", dir);
        fail();
    }
    mt_vec names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (mt_startswith(de->d_name, "GO-") && mt_endswith(de->d_name, ".json"))
            mt_vec_push(&names, mt_xstrdup(de->d_name));
    closedir(d);
    qsort(names.items, names.len, sizeof(void *), by_name);

    size_t withdrawn = 0, with_git = 0, affected = 0, ranges = 0, events = 0, introduced = 0,
           fixed = 0, aliases = 0, references = 0, severity = 0, versions = 0, db_sev = 0,
           aff_sev = 0, not_go = 0, semver = 0;
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        char path[4400];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        size_t len;
        char *data = vulnfx_read_path(path, &len);
        mt_arena a;
        mt_arena_init(&a);
        vr_record r;
        char err[512];
        if (osv_parse(&a, data, len, &r, err, sizeof(err)) != 0) {
            fprintf(stderr, "%s: %s\n", name, err);
            fail();
        }
        /* the id is the file name */
        assert_int_equal(strlen(r.id) + 5, strlen(name));
        assert_memory_equal(r.id, name, strlen(r.id));
        assert_non_null(r.modified);
        assert_non_null(r.published);
        assert_non_null(r.summary);
        assert_non_null(r.details);
        withdrawn += r.withdrawn != NULL;
        aliases += r.naliases;
        references += r.nreferences;
        severity += r.nseverity;
        db_sev += r.db_severity != NULL;
        affected += r.naffected;
        bool git = false;
        for (size_t k = 0; k < r.naffected; k++) {
            const vr_affected *af = &r.affected[k];
            not_go += strcmp(af->ecosystem, "Go") != 0;
            assert_true(af->name[0] != '\0');
            versions += af->nversions;
            aff_sev += af->severity != NULL;
            ranges += af->nranges;
            for (size_t j = 0; j < af->nranges; j++) {
                git |= af->ranges[j].type == VR_RANGE_GIT;
                semver += af->ranges[j].type == VR_RANGE_SEMVER;
                events += af->ranges[j].nevents;
                for (size_t e = 0; e < af->ranges[j].nevents; e++) {
                    introduced += af->ranges[j].events[e].kind == VR_EV_INTRODUCED;
                    fixed += af->ranges[j].events[e].kind == VR_EV_FIXED;
                }
            }
        }
        with_git += git;

        /* the list entry point reads the same document as one record */
        mt_vec many = {0};
        assert_int_equal(osv_parse_many(&a, data, len, &many, err, sizeof(err)), 1);
        assert_string_equal(((vr_record *)many.items[0])->id, r.id);
        mt_vec_free(&many);
        mt_arena_free(&a);
        free(data);
    }
    assert_int_equal(names.len, 4291);
    assert_int_equal(withdrawn, 17);
    assert_int_equal(with_git, 0);
    assert_int_equal(affected, 6125);
    assert_int_equal(ranges, 6125);
    assert_int_equal(semver, 6125);
    assert_int_equal(events, 12888);
    assert_int_equal(introduced, 7579);
    assert_int_equal(fixed, 5309);
    assert_int_equal(aliases, 7965);
    assert_int_equal(references, 15734);
    assert_int_equal(severity, 0);
    assert_int_equal(versions, 0);
    assert_int_equal(db_sev, 0);
    assert_int_equal(aff_sev, 0);
    assert_int_equal(not_go, 0);
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    mt_vec_free(&names);
    (void)state;
}

/* GO-2022-0969: the standard library and golang.org/x/net, two SEMVER
 * ranges, the stdlib one with two introduced/fixed pairs. */
static void test_go_2022_0969(void **state)
{
    vr_record r = parse_go(*state, "GO-2022-0969");
    assert_string_equal(r.id, "GO-2022-0969");
    assert_string_equal(r.modified, "0001-01-01T00:00:00Z");
    assert_string_equal(r.published, "2022-09-12T20:23:06Z");
    assert_null(r.withdrawn);
    assert_int_equal(r.naliases, 2);
    assert_string_equal(r.aliases[0], "CVE-2022-27664");
    assert_string_equal(r.aliases[1], "GHSA-69cg-p879-7622");
    assert_string_equal(r.summary, "Denial of service in net/http and golang.org/x/net/http2");
    assert_true(mt_startswith(r.details, "HTTP/2 server connections can hang forever"));
    assert_int_equal(r.nseverity, 0);
    assert_null(r.db_severity);
    assert_int_equal(r.nreferences, 3);
    assert_string_equal(r.references[0], "https://groups.google.com/g/golang-announce/c/x49AQzIVX-s");
    assert_string_equal(r.references[1], "https://go.dev/issue/54658");
    assert_string_equal(r.references[2], "https://go.dev/cl/428735");

    assert_int_equal(r.naffected, 2);
    const vr_affected *std = &r.affected[0];
    assert_string_equal(std->ecosystem, "Go");
    assert_string_equal(std->name, "stdlib");
    assert_null(std->purl);
    assert_null(std->severity);
    assert_int_equal(std->nversions, 0);
    assert_int_equal(std->nranges, 1);
    assert_int_equal(std->ranges[0].type, VR_RANGE_SEMVER);
    assert_int_equal(std->ranges[0].nevents, 4);
    assert_event(&std->ranges[0], 0, VR_EV_INTRODUCED, "0");
    assert_event(&std->ranges[0], 1, VR_EV_FIXED, "1.18.6");
    assert_event(&std->ranges[0], 2, VR_EV_INTRODUCED, "1.19.0-0");
    assert_event(&std->ranges[0], 3, VR_EV_FIXED, "1.19.1");

    const vr_affected *net = &r.affected[1];
    assert_string_equal(net->name, "golang.org/x/net");
    assert_int_equal(net->nranges, 1);
    assert_int_equal(net->ranges[0].nevents, 2);
    assert_event(&net->ranges[0], 0, VR_EV_INTRODUCED, "0");
    assert_event(&net->ranges[0], 1, VR_EV_FIXED, "0.0.0-20220906165146-f3363e06e74c");
}

/* GO-2022-0617: withdrawn, an open range (introduced only). */
static void test_go_withdrawn(void **state)
{
    vr_record r = parse_go(*state, "GO-2022-0617");
    assert_string_equal(r.withdrawn, "2024-08-21T16:25:56Z");
    assert_string_equal(r.published, "0001-01-01T00:00:00Z");
    assert_true(mt_startswith(r.summary, "WITHDRAWN: "));
    assert_int_equal(r.naliases, 2);
    assert_string_equal(r.aliases[0], "CVE-2020-8562");
    assert_int_equal(r.nreferences, 5);
    assert_string_equal(r.references[4], "https://security.netapp.com/advisory/ntap-20220225-0002");
    assert_int_equal(r.naffected, 1);
    assert_string_equal(r.affected[0].name, "k8s.io/kubernetes");
    assert_int_equal(r.affected[0].ranges[0].nevents, 1);
    assert_event(&r.affected[0].ranges[0], 0, VR_EV_INTRODUCED, "0");
}

/* GO-2021-0068: the Go toolchain itself; GO-2025-3451: no aliases and no
 * references at all (a malicious typosquat). */
static void test_go_toolchain_and_bare(void **state)
{
    vr_record r = parse_go(*state, "GO-2021-0068");
    assert_int_equal(r.naliases, 1);
    assert_string_equal(r.aliases[0], "CVE-2021-3115");
    assert_int_equal(r.nreferences, 6);
    assert_string_equal(r.references[0], "https://go.dev/cl/284783");
    assert_int_equal(r.naffected, 1);
    assert_string_equal(r.affected[0].ecosystem, "Go");
    assert_string_equal(r.affected[0].name, "toolchain");
    const vr_range *rg = &r.affected[0].ranges[0];
    assert_int_equal(rg->nevents, 4);
    assert_event(rg, 0, VR_EV_INTRODUCED, "0");
    assert_event(rg, 1, VR_EV_FIXED, "1.14.14");
    assert_event(rg, 2, VR_EV_INTRODUCED, "1.15.0-0");
    assert_event(rg, 3, VR_EV_FIXED, "1.15.7");

    r = parse_go(*state, "GO-2025-3451");
    assert_int_equal(r.naliases, 0);
    assert_null(r.aliases);
    assert_int_equal(r.nreferences, 0);
    assert_null(r.references);
    assert_string_equal(r.affected[0].name, "github.com/boltdb-go/bolt");
    assert_int_equal(r.affected[0].ranges[0].nevents, 1);
}

/* ---- fixtures: the shapes Go's database lacks ---- */

static void test_debian(void **state)
{
    vr_record r = parse_fixture(*state, "debian-cve.json");
    assert_string_equal(r.id, "DEBIAN-CVE-2024-9999");
    assert_int_equal(r.naliases, 0); /* "upstream" is not an alias */
    assert_null(r.summary);
    assert_int_equal(r.naffected, 2);
    const vr_affected *a11 = &r.affected[0], *a12 = &r.affected[1];
    assert_string_equal(a11->ecosystem, "Debian:11");
    assert_string_equal(a11->name, "libexample");
    assert_string_equal(a11->purl, "pkg:deb/debian/libexample?arch=source");
    assert_string_equal(a11->severity, "unimportant");
    assert_int_equal(a11->ranges[0].type, VR_RANGE_ECOSYSTEM);
    assert_int_equal(a11->ranges[0].nevents, 1);
    assert_int_equal(a11->nversions, 3);
    assert_string_equal(a11->versions[0], "1.2-1");
    assert_string_equal(a11->versions[2], "1.2-2+deb11u1");
    assert_string_equal(a12->ecosystem, "Debian:12");
    assert_null(a12->purl);
    assert_string_equal(a12->severity, "not yet assigned");
    assert_event(&a12->ranges[0], 1, VR_EV_FIXED, "1.4-3+deb12u1");
    assert_int_equal(r.nreferences, 1);
}

static void test_ghsa(void **state)
{
    vr_record r = parse_fixture(*state, "ghsa.json");
    assert_string_equal(r.id, "GHSA-abcd-2345-wxyz");
    assert_string_equal(r.db_severity, "HIGH");
    assert_int_equal(r.nseverity, 2);
    assert_string_equal(r.severity[0].type, "CVSS_V3");
    assert_string_equal(r.severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N");
    assert_string_equal(r.severity[1].type, "CVSS_V4");
    assert_string_equal(r.severity[1].score,
                        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N");
    assert_int_equal(r.naliases, 2);
    assert_string_equal(r.aliases[1], "PYSEC-2024-77");
    assert_int_equal(r.naffected, 2);
    const vr_affected *py = &r.affected[0];
    assert_string_equal(py->purl, "pkg:pypi/exampletool");
    assert_null(py->severity); /* database_specific without "severity" */
    assert_int_equal(py->nranges, 2);
    assert_event(&py->ranges[0], 0, VR_EV_INTRODUCED, "2.0");
    assert_event(&py->ranges[0], 1, VR_EV_LAST_AFFECTED, "2.3.1");
    assert_event(&py->ranges[1], 1, VR_EV_FIXED, "1.9.4");
    assert_int_equal(py->nversions, 4);
    assert_string_equal(py->versions[3], "2.3.1");
    const vr_affected *npm = &r.affected[1];
    assert_string_equal(npm->name, "@example/tool");
    assert_int_equal(npm->ranges[0].type, VR_RANGE_SEMVER);
    assert_string_equal(npm->severity, "MODERATE"); /* affected[].database_specific */
}

static void test_ubuntu(void **state)
{
    vr_record r = parse_fixture(*state, "ubuntu.json");
    assert_int_equal(r.nseverity, 2);
    assert_string_equal(r.severity[1].type, "Ubuntu");
    assert_string_equal(r.severity[1].score, "medium");
    assert_null(r.db_severity);
    assert_int_equal(r.naffected, 1);
    assert_string_equal(r.affected[0].ecosystem, "Ubuntu:22.04:LTS");
    assert_null(r.affected[0].severity); /* ecosystem_specific has no rating */
    assert_int_equal(r.affected[0].nversions, 2);
    assert_event(&r.affected[0].ranges[0], 1, VR_EV_FIXED, "0.9-1ubuntu0.2");
}

static void test_git_and_limit(void **state)
{
    vr_record r = parse_fixture(*state, "git-limit.json");
    assert_null(r.withdrawn); /* null is absent */
    assert_null(r.published);
    assert_string_equal(r.modified, "2024-02-02T02:02:02.123456Z");
    assert_int_equal(r.nreferences, 0);
    assert_int_equal(r.naffected, 2);
    const vr_affected *g = &r.affected[0];
    assert_string_equal(g->ecosystem, ""); /* no package: GIT ranges only */
    assert_string_equal(g->name, "");
    assert_int_equal(g->ranges[0].type, VR_RANGE_GIT);
    assert_int_equal(g->ranges[0].nevents, 3);
    assert_event(&g->ranges[0], 0, VR_EV_INTRODUCED, "3f2a6c0d9b1e4f5a6b7c8d9e0f1a2b3c4d5e6f70");
    assert_event(&g->ranges[0], 1, VR_EV_FIXED, "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a00");
    assert_event(&g->ranges[0], 2, VR_EV_LIMIT, "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
    const vr_affected *s = &r.affected[1];
    assert_string_equal(s->severity, "HIGH"); /* severity before urgency */
    /* events stay in the order written */
    assert_event(&s->ranges[0], 0, VR_EV_INTRODUCED, "1.0.0");
    assert_event(&s->ranges[0], 1, VR_EV_LIMIT, "2.0.0");
    assert_event(&s->ranges[0], 2, VR_EV_LAST_AFFECTED, "1.4.7");
}

/* The list forms: an array, /v1/query's {"vulns"}, /v1/querybatch's
 * {"results"}, an empty answer, and one record. */
static void test_lists(void **state)
{
    mt_arena *a = *state;
    char err[512];
    size_t len;
    mt_vec out = {0};

    assert_int_equal(parse_many_fixture(a, "list.json", &out), 2);
    vr_record *m = out.items[0];
    assert_string_equal(m->id, "MAL-2024-1");
    assert_int_equal(m->affected[0].nranges, 0);
    assert_int_equal(m->affected[0].nversions, 2);
    assert_string_equal(((vr_record *)out.items[1])->references[0], "https://example.org/advisory");

    assert_int_equal(parse_many_fixture(a, "query.json", &out), 2);
    assert_int_equal(out.len, 4); /* appended */
    assert_string_equal(((vr_record *)out.items[2])->id, "GHSA-aaaa-bbbb-cccc");
    assert_string_equal(((vr_record *)out.items[3])->id, "RUSTSEC-2024-0001");
    assert_string_equal(((vr_record *)out.items[3])->aliases[0], "GHSA-aaaa-bbbb-cccc");

    assert_int_equal(parse_many_fixture(a, "querybatch.json", &out), 3);
    assert_int_equal(out.len, 7);
    assert_string_equal(((vr_record *)out.items[4])->id, "GO-2022-0969");
    assert_string_equal(((vr_record *)out.items[4])->modified, "2024-05-20T16:03:47Z");
    assert_int_equal(((vr_record *)out.items[4])->naffected, 0);
    assert_string_equal(((vr_record *)out.items[6])->id, "PYSEC-2023-11");

    assert_int_equal(osv_parse_many(a, "{}", 2, &out, err, sizeof(err)), 0);
    assert_int_equal(osv_parse_many(a, "[]", 2, &out, err, sizeof(err)), 0);
    assert_int_equal(osv_parse_many(a, "{\"vulns\":[]}", 12, &out, err, sizeof(err)), 0);
    assert_int_equal(osv_parse_many(a, "{\"results\":[{},{}]}", 19, &out, err, sizeof(err)), 0);
    assert_int_equal(out.len, 7);

    /* an array built from three real records */
    mt_buf b;
    mt_buf_init(&b);
    static const char *const ids[] = {"GO-2021-0068", "GO-2022-0969", "GO-2024-2687"};
    mt_buf_puts(&b, "[");
    for (size_t i = 0; i < 3; i++) {
        char *data = go_record(ids[i], &len);
        if (i)
            mt_buf_puts(&b, ",");
        mt_buf_put(&b, data, len);
        free(data);
    }
    mt_buf_puts(&b, "]");
    assert_int_equal(osv_parse_many(a, b.data, b.len, &out, err, sizeof(err)), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(((vr_record *)out.items[7 + i])->id, ids[i]);
    vr_record *x = out.items[9];
    assert_int_equal(x->naffected, 2);
    assert_event(&x->affected[0].ranges[0], 3, VR_EV_FIXED, "1.22.2");
    assert_event(&x->affected[1].ranges[0], 1, VR_EV_FIXED, "0.23.0");
    mt_buf_free(&b);
    mt_vec_free(&out);
}

/* ---- malformed input: exact messages ---- */

static void expect_err(mt_arena *a, const char *json, const char *want)
{
    vr_record r;
    char err[512];
    memset(&r, 0xAB, sizeof(r));
    int rc = osv_parse(a, json, strlen(json), &r, err, sizeof(err));
    if (rc != -1 || strcmp(err, want) != 0)
        fprintf(stderr, "input %.200s\n  got  %d \"%s\"\n  want \"%s\"\n", json, rc, err, want);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
    assert_null(r.id); /* zeroed on error */
    assert_int_equal(r.naffected, 0);
}

static void expect_many_err(mt_arena *a, const char *json, const char *want)
{
    mt_vec out = {0};
    mt_vec_push(&out, (void *)"sentinel");
    char err[512];
    int rc = osv_parse_many(a, json, strlen(json), &out, err, sizeof(err));
    if (rc != -1 || strcmp(err, want) != 0)
        fprintf(stderr, "input %.200s\n  got  %d \"%s\"\n  want \"%s\"\n", json, rc, err, want);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
    assert_int_equal(out.len, 1); /* unchanged */
    mt_vec_free(&out);
}

#define AFF(x) "{\"id\":\"X-1\",\"affected\":[" x "]}"
#define RANGE(x) AFF("{\"package\":{\"ecosystem\":\"Go\",\"name\":\"m\"},\"ranges\":[" x "]}")

static void test_malformed(void **state)
{
    mt_arena *a = *state;
    /* JSON itself (jansson's messages) */
    expect_err(a, "", "invalid JSON at line 1, column 0: '[' or '{' expected near end of file");
    expect_err(a, "{\"id\":\"a\"} x", "invalid JSON at line 1, column 12: end of file expected near 'x'");
    expect_err(a, "{\"id\":\"a\",\n \"id\":\"b\"}",
               "invalid JSON at line 2, column 5: duplicate object key near '\"id\"'");
    expect_err(a, "{\"id\":\"a\\u0000b\"}",
               "invalid JSON at line 1, column 16: \\u0000 is not allowed without JSON_ALLOW_NUL near "
               "'\"a\\u0000b\"'");
    expect_err(a, "{\"id\":\"\xff\"}", "invalid JSON at line 1, column 7: unable to decode byte 0xff near '\"'");
    /* shapes */
    expect_err(a, "[]", "expected a JSON object, found an array");
    expect_err(a, "{}", "id: missing");
    expect_err(a, "{\"id\":null}", "id: missing");
    expect_err(a, "{\"id\":\"\"}", "id: empty");
    expect_err(a, "{\"id\":5}", "id: expected a string, found a number");
    expect_err(a, "{\"id\":\"a\",\"modified\":true}", "modified: expected a string, found a boolean");
    expect_err(a, "{\"id\":\"a\",\"aliases\":\"CVE-1\"}", "aliases: expected an array, found a string");
    expect_err(a, "{\"id\":\"a\",\"aliases\":[\"CVE-1\",2]}", "aliases[1]: expected a string, found a number");
    expect_err(a, "{\"id\":\"a\",\"severity\":[{\"type\":\"CVSS_V3\"}]}", "severity[0].score: missing");
    expect_err(a, "{\"id\":\"a\",\"severity\":[{\"type\":3,\"score\":\"x\"}]}",
               "severity[0].type: expected a string, found a number");
    expect_err(a, "{\"id\":\"a\",\"references\":[\"https://x\"]}",
               "references[0]: expected an object, found a string");
    expect_err(a, "{\"id\":\"a\",\"references\":[{\"type\":\"WEB\"}]}", "references[0].url: missing");
    expect_err(a, "{\"id\":\"a\",\"database_specific\":\"HIGH\"}",
               "database_specific: expected an object, found a string");
    expect_err(a, "{\"id\":\"a\",\"affected\":{}}", "affected: expected an array, found an object");
    expect_err(a, AFF("{},{},7"), "affected[2]: expected an object, found a number");
    expect_err(a, AFF("{\"package\":{\"name\":\"m\"}}"), "affected[0].package.ecosystem: missing");
    expect_err(a, AFF("{\"package\":{\"ecosystem\":\"Go\",\"name\":[]}}"),
               "affected[0].package.name: expected a string, found an array");
    expect_err(a, AFF("{\"package\":\"Go/m\"}"), "affected[0].package: expected an object, found a string");
    expect_err(a, AFF("{\"versions\":[\"1\",null]}"), "affected[0].versions[1]: expected a string, found null");
    expect_err(a, AFF("{\"ecosystem_specific\":[]}"),
               "affected[0].ecosystem_specific: expected an object, found an array");
    expect_err(a, AFF("{},{},{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},7]}]}"),
               "affected[2].ranges[0].events[1]: expected an object, found a number");
    expect_err(a, RANGE("{\"type\":\"SEMVER\"}"), "affected[0].ranges[0].events: missing");
    expect_err(a, RANGE("{\"events\":[]}"), "affected[0].ranges[0].type: missing");
    expect_err(a, RANGE("{\"type\":\"semver\",\"events\":[]}"),
               "affected[0].ranges[0].type: unknown range type \"semver\" (expected ECOSYSTEM, SEMVER or GIT)");
    expect_err(a, RANGE("{\"type\":\"GIT\",\"events\":[{}]}"),
               "affected[0].ranges[0].events[0]: expected one of introduced, fixed, last_affected, limit");
    expect_err(a, RANGE("{\"type\":\"GIT\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}"),
               "affected[0].ranges[0].events[0]: both \"introduced\" and \"fixed\": an event has "
               "exactly one of introduced, fixed, last_affected, limit");
    expect_err(a, RANGE("{\"type\":\"GIT\",\"events\":[{\"fixed\":1}]}"),
               "affected[0].ranges[0].events[0].fixed: expected a string, found a number");
    expect_err(a, RANGE("{\"type\":\"GIT\",\"events\":[{\"limit\":null}]}"),
               "affected[0].ranges[0].events[0].limit: expected a string, found null");
    /* free-form ratings that are not strings are ignored, unknown fields too */
    vr_record r;
    char err[256];
    const char *ok = "{\"id\":\"a\",\"x\":[[[{}]]],\"database_specific\":{\"severity\":7},"
                     "\"affected\":[{\"ecosystem_specific\":{\"severity\":{\"v\":1},\"urgency\":\"low\"}}]}";
    assert_int_equal(osv_parse(a, ok, strlen(ok), &r, err, sizeof(err)), 0);
    assert_null(r.db_severity);
    assert_string_equal(r.affected[0].severity, "low");

    /* the list forms name the element */
    expect_many_err(a, "5", "invalid JSON at line 1, column 1: '[' or '{' expected near '5'");
    expect_many_err(a, "[{\"id\":\"A\"},{\"id\":3}]", "[1].id: expected a string, found a number");
    expect_many_err(a, "[{\"id\":\"A\"},[]]", "[1]: expected an object, found an array");
    expect_many_err(a, "{\"vulns\":[{\"id\":\"A\"},{}]}", "vulns[1].id: missing");
    expect_many_err(a, "{\"vulns\":{}}", "vulns: expected an array, found an object");
    expect_many_err(a, "{\"results\":[{\"vulns\":[]},{\"vulns\":[{\"id\":1}]}]}",
                    "results[1].vulns[0].id: expected a string, found a number");
    expect_many_err(a, "{\"results\":[3]}", "results[0]: expected an object, found a number");
    expect_many_err(a, "{\"summary\":\"no id\"}", "id: missing");
}

static void test_bounds(void **state)
{
    mt_arena *a = *state;
    vr_record r;
    char err[256];

    /* nesting: jansson's own limit (2048) */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "{\"id\":\"a\",\"x\":");
    for (int i = 0; i < 2100; i++)
        mt_buf_putc(&b, '[');
    for (int i = 0; i < 2100; i++)
        mt_buf_putc(&b, ']');
    mt_buf_puts(&b, "}");
    assert_int_equal(osv_parse(a, b.data, b.len, &r, err, sizeof(err)), -1);
    assert_string_equal(err, "invalid JSON at line 1, column 2062: maximum parsing depth reached near '['");

    /* a string of exactly 1 MiB is kept, one byte more is refused */
    for (int extra = 0; extra < 2; extra++) {
        mt_buf_clear(&b);
        mt_buf_puts(&b, "{\"id\":\"a\",\"details\":\"");
        for (size_t i = 0; i < OSV_MAX_STRING + (size_t)extra; i++)
            mt_buf_putc(&b, 'x');
        mt_buf_puts(&b, "\"}");
        int rc = osv_parse(a, b.data, b.len, &r, err, sizeof(err));
        if (extra) {
            assert_int_equal(rc, -1);
            assert_string_equal(err, "details: string longer than 1048576 bytes");
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(strlen(r.details), OSV_MAX_STRING);
        }
    }

    /* 100,000 affected entries are read, 100,001 refused */
    for (int extra = 0; extra < 2; extra++) {
        mt_buf_clear(&b);
        mt_buf_puts(&b, "{\"id\":\"a\",\"affected\":[");
        for (size_t i = 0; i < OSV_MAX_AFFECTED + (size_t)extra; i++)
            mt_buf_puts(&b, i ? ",{}" : "{}");
        mt_buf_puts(&b, "]}");
        int rc = osv_parse(a, b.data, b.len, &r, err, sizeof(err));
        if (extra) {
            assert_int_equal(rc, -1);
            assert_string_equal(err, "affected: more than 100000 entries");
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(r.naffected, OSV_MAX_AFFECTED);
            assert_string_equal(r.affected[OSV_MAX_AFFECTED - 1].name, "");
        }
    }

    /* the document size is checked before anything is parsed */
    size_t big = OSV_MAX_DOC + 1;
    char *huge = malloc(big);
    assert_non_null(huge);
    memset(huge, ' ', big);
    memcpy(huge, "{\"id\":\"a\"}", 10);
    assert_int_equal(osv_parse(a, huge, big, &r, err, sizeof(err)), -1);
    assert_string_equal(err, "document larger than 67108864 bytes");
    mt_vec out = {0};
    assert_int_equal(osv_parse_many(a, huge, big, &out, err, sizeof(err)), -1);
    assert_string_equal(err, "document larger than 67108864 bytes");
    assert_int_equal(osv_parse(a, huge, big - 1, &r, err, sizeof(err)), 0);
    free(huge);

    /* a short err buffer is truncated, never overrun; NULL err is fine */
    char tiny[8];
    assert_int_equal(osv_parse(a, "{}", 2, &r, tiny, sizeof(tiny)), -1);
    assert_string_equal(tiny, "id: mis");
    assert_int_equal(osv_parse(a, "{}", 2, &r, NULL, 0), -1);
    mt_buf_free(&b);
}

/* ---- all.zip ---- */

typedef struct {
    const char *name;
    char *data;
    size_t len;
} member;

static const char *const zip_ids[] = {"GO-2022-0969", "GO-2022-0617", "GO-2025-3451"};

/* A zip (deflate) holding the three records above as NAME.json, plus a
 * directory, a README and a .json symlink, which are all skipped. */
static void build_zip(member *m, size_t nm, void **out, size_t *outlen, bool extras)
{
    size_t cap = 1 << 20;
    for (size_t i = 0; i < nm; i++)
        cap += m[i].len + 4096;
    void *buf = malloc(cap);
    assert_non_null(buf);
    size_t used = 0;
    struct archive *w = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(w), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(w, buf, cap, &used), ARCHIVE_OK);
    struct archive_entry *e = archive_entry_new();
    if (extras) {
        archive_entry_set_pathname(e, "osv/");
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
        archive_entry_clear(e);
        archive_entry_set_pathname(e, "README.md");
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, 6);
        assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(w, "hello\n", 6), 6);
        archive_entry_clear(e);
        archive_entry_set_pathname(e, "link.json");
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, "GO-2022-0969.json");
        archive_entry_set_perm(e, 0777);
        assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
    }
    for (size_t i = 0; i < nm; i++) {
        archive_entry_clear(e);
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)m[i].len);
        assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
        size_t off = 0;
        while (off < m[i].len) {
            la_ssize_t k = archive_write_data(w, m[i].data + off, m[i].len - off);
            assert_true(k > 0);
            off += (size_t)k;
        }
    }
    archive_entry_free(e);
    assert_int_equal(archive_write_close(w), ARCHIVE_OK);
    archive_write_free(w);
    *out = buf;
    *outlen = used;
}

typedef struct {
    mt_arena *a;
    size_t n, stop_after;
    char names[8][64];
    char ids[8][64];
    size_t lens[8];
    bool content_ok[8];
    member *expect;
} zip_seen;

static int on_member(void *ud, const char *name, const char *data, size_t len)
{
    zip_seen *s = ud;
    if (s->n < 8) {
        snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
        s->lens[s->n] = len;
        s->content_ok[s->n] = data[len] == '\0' && s->n < 3 && s->expect &&
                              len == s->expect[s->n].len &&
                              memcmp(data, s->expect[s->n].data, len) == 0;
        vr_record r;
        char err[256];
        if (osv_parse(s->a, data, len, &r, err, sizeof(err)) == 0)
            snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", r.id);
    }
    s->n++;
    return s->stop_after && s->n == s->stop_after;
}

/* The zip in memory through osv_zip_each_limits(), s counting from zero. */
static int each_limited(const void *zip, size_t len, const osv_zip_limits *lim, zip_seen *s,
                        char *err, size_t errlen)
{
    s->n = 0;
    return osv_zip_each_limits(NULL, zip, len, lim, on_member, s, err, errlen);
}

static void test_zip(void **state)
{
    member m[3];
    char names[3][64];
    for (size_t i = 0; i < 3; i++) {
        snprintf(names[i], sizeof(names[i]), "%s.json", zip_ids[i]);
        m[i].name = names[i];
        m[i].data = go_record(zip_ids[i], &m[i].len);
    }
    void *zip;
    size_t ziplen;
    build_zip(m, 3, &zip, &ziplen, true);
    char err[512];

    /* from memory */
    zip_seen s = {.a = *state, .expect = m};
    assert_int_equal(osv_zip_each(NULL, zip, ziplen, on_member, &s, err, sizeof(err)), 3);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(s.names[i], names[i]);
        assert_string_equal(s.ids[i], zip_ids[i]);
        assert_true(s.content_ok[i]);
    }

    /* from a file */
    char path[] = "/tmp/moat-test-osv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, zip, ziplen), (ssize_t)ziplen);
    close(fd);
    zip_seen f = {.a = *state, .expect = m};
    assert_int_equal(osv_zip_each(path, NULL, 0, on_member, &f, err, sizeof(err)), 3);
    assert_true(f.content_ok[0] && f.content_ok[1] && f.content_ok[2]);
    assert_string_equal(f.ids[2], "GO-2025-3451");
    unlink(path);

    /* the callback stops the walk */
    zip_seen st = {.a = *state, .stop_after = 2};
    assert_int_equal(osv_zip_each(NULL, zip, ziplen, on_member, &st, err, sizeof(err)), 2);
    assert_string_equal(err, "");
    assert_int_equal(st.n, 2);

    /* limits: members of any kind (6 here), bytes of one member, of all */
    osv_zip_limits lim = {.max_member = OSV_ZIP_MAX_MEMBER, .max_total = OSV_ZIP_MAX_TOTAL,
                          .max_members = 6};
    zip_seen l = {.a = *state};
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), 3);
    lim.max_members = 5;
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), -1);
    assert_string_equal(err, "more than 5 archive members");
    assert_int_equal(l.n, 2); /* the first two were delivered before */

    lim.max_members = 100;
    lim.max_member = m[0].len - 1; /* GO-2022-0969 is the largest of the three */
    assert_true(m[1].len <= lim.max_member && m[2].len <= lim.max_member);
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), -1);
    char want[256];
    snprintf(want, sizeof(want), "GO-2022-0969.json: member larger than %zu bytes", m[0].len - 1);
    assert_string_equal(err, want);
    assert_int_equal(l.n, 0);
    lim.max_member++;
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), 3);

    lim.max_member = OSV_ZIP_MAX_MEMBER;
    lim.max_total = m[0].len + m[1].len + m[2].len - 1;
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "more than %llu bytes of JSON in the archive",
             (unsigned long long)lim.max_total);
    assert_string_equal(err, want);
    assert_int_equal(l.n, 2);
    lim.max_total++;
    assert_int_equal(each_limited(zip, ziplen, &lim, &l, err, sizeof(err)), 3);

    /* broken archives */
    /* cut in the middle of the second record: with no central directory
     * libarchive reads the local headers, the first member is delivered,
     * the second fails to decompress (libarchive's message follows) */
    void *plain;
    size_t plainlen;
    build_zip(m, 3, &plain, &plainlen, false);
    l.n = 0;
    assert_int_equal(osv_zip_each(NULL, plain, plainlen / 2, on_member, &l, err, sizeof(err)), -1);
    assert_true(mt_startswith(err, "GO-2022-0617.json: "));
    assert_int_equal(l.n, 1);
    assert_string_equal(l.names[0], "GO-2022-0969.json");
    free(plain);
    assert_int_equal(osv_zip_each(NULL, "not a zip at all", 16, on_member, &l, err, sizeof(err)), -1);
    assert_string_equal(err, "cannot open the archive: Unrecognized archive format");
    assert_int_equal(osv_zip_each("/nonexistent/all.zip", NULL, 0, on_member, &l, err, sizeof(err)), -1);
    assert_true(mt_startswith(err, "cannot open the archive: "));
    assert_int_equal(osv_zip_each(NULL, NULL, 0, on_member, &l, err, sizeof(err)), -1);
    assert_string_equal(err, "no archive given");

    free(zip);
    for (size_t i = 0; i < 3; i++)
        free(m[i].data);
}

/* A member of 64 MiB + 1 byte (zeros compress well) is refused with the
 * default limits; one of exactly 64 MiB is delivered. */
static void test_zip_big_member(void **state)
{
    (void)state;
    for (int extra = 0; extra < 2; extra++) {
        member m = {.name = "big.json", .len = (size_t)OSV_ZIP_MAX_MEMBER + (size_t)extra};
        m.data = calloc(1, m.len);
        assert_non_null(m.data);
        void *zip;
        size_t ziplen;
        build_zip(&m, 1, &zip, &ziplen, false);
        free(m.data);
        zip_seen s = {.a = *state};
        char err[256];
        int rc = osv_zip_each(NULL, zip, ziplen, on_member, &s, err, sizeof(err));
        if (extra) {
            assert_int_equal(rc, -1);
            assert_string_equal(err, "big.json: member larger than 67108864 bytes");
            assert_int_equal(s.n, 0);
        } else {
            assert_int_equal(rc, 1);
            assert_int_equal(s.lens[0], OSV_ZIP_MAX_MEMBER);
        }
        free(zip);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_corpus),
        cmocka_unit_test_setup_teardown(test_go_2022_0969, setup, teardown),
        cmocka_unit_test_setup_teardown(test_go_withdrawn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_go_toolchain_and_bare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_debian, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ghsa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ubuntu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_git_and_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_big_member, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
