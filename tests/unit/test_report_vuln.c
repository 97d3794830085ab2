/* test_report_vuln.c — the known vulnerabilities of installed packages
 * (mt_result.vulns) in every report format: a report built by hand (a
 * Dockerfile finding, a Debian image with fixed, unfixed, CVSS-rated and
 * VEX-suppressed vulnerabilities, the image's Go binary with a CVSS 4.0
 * rating, an ignored advisory and a module vendored twice, an Alpine image
 * without vulnerabilities) rendered to memory; JSON, SARIF and CycloneDX
 * parsed back with jansson and their fields checked, the table and JUnit
 * output checked line by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "pkg/pkg.h"
#include "report/report.h"

#define DIFF0 "sha256:1111111111111111111111111111111111111111111111111111111111111111"
#define DIFF1 "sha256:2222222222222222222222222222222222222222222222222222222222222222"
#define TARGET "example/app:1.0 (debian 12.5)"
#define GO_TARGET TARGET " (golang)"
#define LONG_TITLE "curl: a very long advisory title that goes on\x1b[2J and on well past sixty characters"

static const mt_rule df_rule = {
    .id = "DF3007",
    .aliases = {"DL3007"},
    .severity = MT_SEV_MEDIUM,
    .type = "dockerfile",
    .title = "Image tag is latest",
    .description = "Builds are not repeatable.",
    .remediation = "Pin a version.",
};

typedef struct fx {
    mt_report rep;
    mt_result *cfg, *deb, *go, *alp;
    mt_pkg *curl, *libssl, *openssl, *zlib, *xnet, *xnet2, *musl;
    mt_vuln *curl_nofix, *curl_vex, *libssl_cve, *openssl_cve, *xnet_cve, *xnet_ignored, *xnet2_cve;
} fx;

static mt_pkg *mkpkg(fx *f, mt_result *res, const char *type, const char *name, const char *version,
                     const char *purl, const char *db_path, int layer)
{
    mt_arena *a = &f->rep.arena;
    mt_pkg *p = mt_arena_alloc(a, sizeof(*p));
    p->type = type;
    p->name = mt_arena_strdup(a, name);
    p->version = mt_arena_strdup(a, version);
    p->source_name = p->name;
    p->source_version = p->version;
    p->purl = mt_arena_strdup(a, purl);
    p->db_path = mt_arena_strdup(a, db_path);
    p->layer = layer;
    mt_vec_push(&res->packages, p);
    return p;
}

static char **strs(mt_arena *a, const char *const *v, size_t n)
{
    char **out = mt_arena_alloc(a, (n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        out[i] = mt_arena_strdup(a, v[i]);
    return out;
}

static mt_vuln *mkvuln(fx *f, mt_result *res, const mt_pkg *p, const char *id, const char *fixed,
                       mt_severity sev, const char *title)
{
    mt_arena *a = &f->rep.arena;
    mt_vuln *v = mt_arena_alloc(a, sizeof(*v));
    v->id = mt_arena_strdup(a, id);
    v->pkg = p;
    v->package_name = p->name;
    v->installed_version = p->version;
    v->matched_name = p->source_name;
    v->fixed_version = fixed ? mt_arena_strdup(a, fixed) : NULL;
    v->status = fixed ? "fixed" : "affected";
    v->severity = sev;
    v->title = title ? mt_arena_strdup(a, title) : NULL;
    v->data_source = mt_arena_strdup(a, "Debian:12");
    v->record_id = v->id;
    mt_vec_push(&res->vulns, v);
    return v;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    mt_report_init(&f->rep);
    mt_arena *a = &f->rep.arena;

    /* a Dockerfile finding: rule indexes in SARIF come before the CVEs */
    f->cfg = mt_report_add_result(&f->rep, "Dockerfile", "config", "dockerfile");
    mt_finding *fd = mt_arena_alloc(a, sizeof(*fd));
    fd->rule = &df_rule;
    fd->severity = MT_SEV_MEDIUM;
    fd->message = mt_arena_strdup(a, "FROM uses ubuntu:latest");
    fd->path = mt_arena_strdup(a, "Dockerfile");
    fd->start_line = fd->end_line = 1;
    mt_vec_push(&f->cfg->findings, fd);

    static mt_os debian = {.id = "debian",
                           .version_id = "12",
                           .codename = "bookworm",
                           .pretty_name = "Debian GNU/Linux 12 (bookworm)"};
    static const char *const tags[] = {"example/app:1.0"};
    mt_image_meta *meta = mt_arena_alloc(a, sizeof(*meta));
    meta->kind = "oci";
    meta->config_digest =
        mt_arena_strdup(a, "sha256:3333333333333333333333333333333333333333333333333333333333333333");
    meta->tags = strs(a, tags, 1);
    meta->ntags = 1;
    static const char *const diffs[] = {DIFF0, DIFF1};

    f->deb = mt_report_add_result(&f->rep, TARGET, "os-pkgs", "debian");
    f->deb->os = &debian;
    f->deb->image = meta;
    f->deb->layer_ids = strs(a, diffs, 2);
    f->deb->nlayer_ids = 2;
    f->curl = mkpkg(f, f->deb, "deb", "curl", "7.88.1-10+deb12u5",
                    "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12",
                    "var/lib/dpkg/status", 1);
    f->libssl = mkpkg(f, f->deb, "deb", "libssl3", "3.0.11-1~deb12u2",
                      "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                      "var/lib/dpkg/status", 0);
    f->libssl->source_name = mt_arena_strdup(a, "openssl");
    f->openssl = mkpkg(f, f->deb, "deb", "openssl", "3.0.11-1~deb12u2",
                       "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                       "var/lib/dpkg/status", 0);
    f->zlib =
        mkpkg(f, f->deb, "deb", "zlib1g", "1:1.2.13.dfsg-1",
              "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", "var/lib/dpkg/status", 0);

    /* sorted by package, then ID, as matching leaves them */
    f->curl_nofix = mkvuln(f, f->deb, f->curl, "CVE-2023-9999", NULL, MT_SEV_LOW, LONG_TITLE);
    f->curl_nofix->severity_source = "database";
    static const char *const refs[] = {"https://security-tracker.debian.org/tracker/CVE-2023-9999",
                                       "https://curl.se/docs/CVE-2023-9999.html"};
    f->curl_nofix->references = strs(a, refs, 2);
    f->curl_nofix->nreferences = 2;
    f->curl_nofix->published = mt_arena_strdup(a, "2023-10-11T00:00:00Z");
    f->curl_nofix->modified = mt_arena_strdup(a, "2024-01-02T03:04:05Z");
    f->curl_vex = mkvuln(f, f->deb, f->curl, "CVE-2024-2398", "7.88.1-10+deb12u6", MT_SEV_HIGH,
                         "curl: HTTP/2 push headers memory-leak");
    f->curl_vex->suppressed = MT_SUPPRESS_VEX;
    f->curl_vex->suppress_reason = mt_arena_strdup(a, "not_affected: vulnerable_code_not_in_execute_path");
    static const char *const ghsa[] = {"GHSA-aaaa-bbbb-cccc"};
    for (int i = 0; i < 2; i++) {
        mt_vuln *v = mkvuln(f, f->deb, i ? f->openssl : f->libssl, "CVE-2024-0727", "3.0.13-1~deb12u1",
                            MT_SEV_MEDIUM, "openssl: denial of service via null dereference");
        v->aliases = strs(a, ghsa, 1);
        v->naliases = 1;
        v->severity_source = "cvss";
        v->cvss_vector = mt_arena_strdup(a, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H");
        v->cvss_score = 5.5;
        v->matched_name = mt_arena_strdup(a, "openssl");
        v->description = mt_arena_strdup(a, "Processing a maliciously formatted PKCS12 file may crash.");
        *(i ? &f->openssl_cve : &f->libssl_cve) = v;
    }

    /* the image's Go binary: a language result of the same image */
    f->go = mt_report_add_result(&f->rep, GO_TARGET, "lang-pkgs", "golang");
    f->go->image = meta;
    f->go->layer_ids = f->deb->layer_ids;
    f->go->nlayer_ids = 2;
    f->xnet = mkpkg(f, f->go, "golang", "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0",
                    "/usr/local/bin/app", 1);
    /* the same module vendored by a second binary */
    f->xnet2 = mkpkg(f, f->go, "golang", "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0",
                     "/usr/local/bin/tool", 1);
    static const char *const goal[] = {"GHSA-4v7x-pqxf-cx7m", "GO-2024-2687"};
    for (int i = 0; i < 2; i++) {
        mt_vuln *v = mkvuln(f, f->go, i ? f->xnet2 : f->xnet, "CVE-2023-45288", "0.23.0", MT_SEV_HIGH,
                            "net/http, x/net/http2: close connections when receiving too many headers");
        v->aliases = strs(a, goal, 2);
        v->naliases = 2;
        v->severity_source = "cvss";
        v->cvss_vector =
            mt_arena_strdup(a, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N");
        v->cvss_score = 8.7;
        v->data_source = mt_arena_strdup(a, "Go");
        v->record_id = mt_arena_strdup(a, "GO-2024-2687");
        *(i ? &f->xnet2_cve : &f->xnet_cve) = v;
    }
    f->xnet_ignored = mkvuln(f, f->go, f->xnet, "GHSA-zzzz-yyyy-xxxx", NULL, MT_SEV_UNKNOWN, NULL);
    f->xnet_ignored->data_source = mt_arena_strdup(a, "Go");
    f->xnet_ignored->suppressed = MT_SUPPRESS_IGNOREFILE;
    f->xnet_ignored->suppress_reason = mt_arena_strdup(a, "accepted until 2025");
    /* (result vulns are sorted by package then ID: the ignored GHSA after
     * the CVE of the same package; the second binary's copy is another
     * package) */
    f->go->vulns.items[1] = f->xnet_ignored;
    f->go->vulns.items[2] = f->xnet2_cve;

    /* an image with packages and no vulnerabilities */
    static mt_os alpine = {.id = "alpine", .version_id = "3.19.1", .pretty_name = "Alpine Linux v3.19"};
    f->alp = mt_report_add_result(&f->rep, "alpine:3.19 (alpine 3.19.1)", "os-pkgs", "alpine");
    f->alp->os = &alpine;
    f->musl =
        mkpkg(f, f->alp, "apk", "musl", "1.2.4_git20230717-r4",
              "pkg:apk/alpine/musl@1.2.4_git20230717-r4?distro=alpine-3.19.1", "lib/apk/db/installed", 0);
    f->rep.files_scanned = 3;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    mt_report_free(&f->rep);
    free(f);
    return 0;
}

static char *render(mt_writer_fn fn, const mt_report *r, bool color, int threads)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    mt_report_opts o = {.color = color, .version = "1.2.3", .threads = threads};
    assert_int_equal(fn(m, r, &o), 0);
    assert_int_equal(fclose(m), 0);
    return buf;
}

static json_t *render_json(mt_writer_fn fn, const mt_report *r)
{
    char *s = render(fn, r, false, 1);
    json_error_t err;
    json_t *doc = json_loads(s, 0, &err);
    if (!doc)
        fail_msg("not JSON: %s (line %d)", err.text, err.line);
    free(s);
    return doc;
}

static const char *sget(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        fail_msg("%s is not a string", key);
    return json_string_value(v);
}

static json_int_t iget(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return json_integer_value(v);
}

/* obj.path.to.value by keys and array indexes ("results.1.id") */
static json_t *at(json_t *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        if (json_is_array(o))
            o = json_array_get(o, strtoul(k, NULL, 10));
        else
            o = json_object_get(o, k);
        if (!o)
            fail_msg("no %s in %s", k, path);
    }
    return o;
}

static void assert_strings(const json_t *arr, const char *const *want, size_t n)
{
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(json_string_value(json_array_get(arr, i)), want[i]);
}

/* ---- JSON ---- */

static void test_json(void **state)
{
    fx *f = *state;
    json_t *doc = render_json(mt_write_json, &f->rep);
    json_t *results = json_object_get(doc, "results");
    assert_int_equal(json_array_size(results), 4);
    /* configuration results carry no vulnerability arrays */
    assert_null(json_object_get(at(results, "0"), "vulnerabilities"));
    assert_null(json_object_get(at(results, "0"), "suppressed_vulnerabilities"));

    json_t *deb = at(results, "1");
    json_t *act = json_object_get(deb, "vulnerabilities"),
           *sup = json_object_get(deb, "suppressed_vulnerabilities");
    assert_int_equal(json_array_size(act), 3);
    assert_int_equal(json_array_size(sup), 1);
    json_t *v = json_array_get(act, 0);
    assert_string_equal(sget(v, "id"), "CVE-2023-9999");
    assert_int_equal(json_array_size(json_object_get(v, "aliases")), 0);
    assert_string_equal(sget(v, "package_name"), "curl");
    assert_string_equal(sget(v, "package_type"), "deb");
    assert_string_equal(sget(v, "installed_version"), "7.88.1-10+deb12u5");
    assert_true(json_is_null(json_object_get(v, "fixed_version")));
    assert_string_equal(sget(v, "status"), "affected");
    assert_string_equal(sget(v, "severity"), "LOW");
    assert_string_equal(sget(v, "severity_source"), "database");
    assert_null(json_object_get(v, "cvss"));
    assert_string_equal(sget(v, "title"), LONG_TITLE);
    assert_null(json_object_get(v, "description"));
    static const char *const refs[] = {"https://security-tracker.debian.org/tracker/CVE-2023-9999",
                                       "https://curl.se/docs/CVE-2023-9999.html"};
    assert_strings(json_object_get(v, "references"), refs, 2);
    assert_string_equal(sget(v, "purl"), f->curl->purl);
    assert_string_equal(sget(v, "matched_name"), "curl");
    assert_int_equal(iget(v, "layer"), 1);
    assert_string_equal(sget(v, "layer_diff_id"), DIFF1);
    assert_string_equal(sget(v, "db_path"), "var/lib/dpkg/status");
    assert_string_equal(sget(v, "data_source"), "Debian:12");
    assert_string_equal(sget(v, "published"), "2023-10-11T00:00:00Z");
    assert_string_equal(sget(v, "modified"), "2024-01-02T03:04:05Z");
    assert_null(json_object_get(v, "suppression"));

    v = json_array_get(act, 1);
    assert_string_equal(sget(v, "id"), "CVE-2024-0727");
    assert_string_equal(sget(v, "package_name"), "libssl3");
    assert_string_equal(sget(v, "matched_name"), "openssl");
    assert_string_equal(sget(v, "fixed_version"), "3.0.13-1~deb12u1");
    assert_string_equal(sget(v, "status"), "fixed");
    assert_string_equal(sget(v, "severity"), "MEDIUM");
    static const char *const ghsa[] = {"GHSA-aaaa-bbbb-cccc"};
    assert_strings(json_object_get(v, "aliases"), ghsa, 1);
    assert_string_equal(sget(at(v, "cvss"), "vector"), "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H");
    assert_true(json_is_real(at(v, "cvss.score")));
    assert_float_equal(json_real_value(at(v, "cvss.score")), 5.5, 1e-9);
    assert_string_equal(sget(v, "description"), "Processing a maliciously formatted PKCS12 file may crash.");
    assert_int_equal(iget(v, "layer"), 0);
    assert_string_equal(sget(v, "layer_diff_id"), DIFF0);
    assert_string_equal(sget(json_array_get(act, 2), "package_name"), "openssl");

    v = json_array_get(sup, 0);
    assert_string_equal(sget(v, "id"), "CVE-2024-2398");
    assert_string_equal(sget(v, "fixed_version"), "7.88.1-10+deb12u6");
    assert_string_equal(sget(at(v, "suppression"), "kind"), "vex");
    assert_string_equal(sget(at(v, "suppression"), "reason"),
                        "not_affected: vulnerable_code_not_in_execute_path");

    json_t *go = at(results, "2");
    act = json_object_get(go, "vulnerabilities");
    sup = json_object_get(go, "suppressed_vulnerabilities");
    assert_int_equal(json_array_size(act), 2);
    assert_int_equal(json_array_size(sup), 1);
    v = json_array_get(act, 0);
    assert_string_equal(sget(v, "id"), "CVE-2023-45288");
    assert_string_equal(sget(v, "db_path"), "/usr/local/bin/app");
    assert_string_equal(sget(json_array_get(act, 1), "db_path"), "/usr/local/bin/tool");
    assert_float_equal(json_real_value(at(v, "cvss.score")), 8.7, 1e-9);
    v = json_array_get(sup, 0);
    assert_string_equal(sget(v, "id"), "GHSA-zzzz-yyyy-xxxx");
    assert_true(json_is_null(json_object_get(v, "title")));
    assert_string_equal(sget(v, "severity"), "UNKNOWN");
    assert_string_equal(sget(at(v, "suppression"), "kind"), "ignorefile");
    assert_string_equal(sget(at(v, "suppression"), "reason"), "accepted until 2025");

    /* an inventory result without vulnerabilities: empty arrays */
    assert_int_equal(json_array_size(at(results, "3.vulnerabilities")), 0);
    assert_int_equal(json_array_size(at(results, "3.suppressed_vulnerabilities")), 0);
    assert_int_equal(json_array_size(at(results, "3.packages")), 1);

    json_t *sum = at(doc, "summary.vulnerabilities");
    assert_int_equal(iget(sum, "total"), 5);
    assert_int_equal(iget(at(sum, "by_severity"), "CRITICAL"), 0);
    assert_int_equal(iget(at(sum, "by_severity"), "HIGH"), 2);
    assert_int_equal(iget(at(sum, "by_severity"), "MEDIUM"), 2);
    assert_int_equal(iget(at(sum, "by_severity"), "LOW"), 1);
    assert_int_equal(iget(at(sum, "by_severity"), "UNKNOWN"), 0);
    assert_int_equal(iget(sum, "suppressed"), 2);
    assert_int_equal(iget(at(sum, "suppressed_by"), "vex"), 1);
    assert_int_equal(iget(at(sum, "suppressed_by"), "ignorefile"), 1);
    /* the findings' counters are unchanged by vulnerabilities */
    assert_int_equal(iget(at(doc, "summary"), "findings"), 1);
    assert_int_equal(iget(at(doc, "summary"), "suppressed"), 0);
    json_decref(doc);
}

/* Results rendered on several threads (a window at a time) come out
 * byte for byte as rendered on one. */
static void test_json_parallel(void **state)
{
    fx *f = *state;
    mt_report big;
    mt_report_init(&big);
    for (int i = 0; i < 100; i++) {
        const mt_result *src = f->rep.results.items[1 + i % 3];
        char name[64];
        snprintf(name, sizeof(name), "image-%03d", i);
        mt_result *res = mt_report_add_result(&big, name, src->class, src->type);
        res->os = src->os;
        res->image = src->image;
        res->layer_ids = src->layer_ids;
        res->nlayer_ids = src->nlayer_ids;
        for (size_t k = 0; k < src->packages.len; k++)
            mt_vec_push(&res->packages, src->packages.items[k]);
        for (size_t k = 0; k < src->vulns.len; k++)
            mt_vec_push(&res->vulns, src->vulns.items[k]);
    }
    char *one = render(mt_write_json, &big, false, 1), *four = render(mt_write_json, &big, false, 4);
    assert_string_equal(one, four);
    json_t *doc = json_loads(one, 0, NULL);
    assert_non_null(doc);
    /* 34 Debian copies (3 active each), 33 Go (2 active) */
    assert_int_equal(iget(at(doc, "summary.vulnerabilities"), "total"), 34 * 3 + 33 * 2);
    assert_int_equal(iget(at(doc, "summary.vulnerabilities"), "suppressed"), 34 + 33);
    json_decref(doc);
    free(one);
    free(four);
    mt_report_free(&big);
}

/* ---- table ---- */

static bool has_line(const char *out, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(out, line); p; p = strstr(p + 1, line)) {
        if ((p == out || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    }
    return false;
}

static void test_table(void **state)
{
    fx *f = *state;
    char *out = render(mt_write_table, &f->rep, false, 1);
    assert_null(strchr(out, '\033'));
    /* the Debian image: counts, then one row per active vulnerability */
    assert_true(has_line(out, "OS: Debian GNU/Linux 12 (bookworm); packages: 4; layers: 2"));
    assert_true(has_line(out, "Vulnerabilities: Total: 3 (UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 0, "
                              "CRITICAL: 0), suppressed: 1"));
    /* columns: the widest package (7: the header), ID (13: the header),
     * installed version 17, fixed 16, each plus two spaces */
    assert_true(has_line(out, "  PACKAGE  VULNERABILITY  SEVERITY  STATUS    INSTALLED          "
                              "FIXED             TITLE"));
    /* the title cut to 60 characters, its escape character a space */
    assert_true(has_line(out,
                         "  curl     CVE-2023-9999  LOW       affected  7.88.1-10+deb12u5"
                         "                    curl: a very long advisory title that goes on [2J and on..."));
    assert_true(has_line(out,
                         "  libssl3  CVE-2024-0727  MEDIUM    fixed     3.0.11-1~deb12u2   3.0.13-1~deb12u1  "
                         "openssl: denial of service via null dereference"));
    assert_true(has_line(out,
                         "  openssl  CVE-2024-0727  MEDIUM    fixed     3.0.11-1~deb12u2   3.0.13-1~deb12u1  "
                         "openssl: denial of service via null dereference"));
    /* suppressed ones are counted, not listed; no package list when
     * vulnerabilities are shown */
    assert_null(strstr(out, "CVE-2024-2398"));
    assert_null(strstr(out, "zlib1g"));
    /* the Go binaries */
    assert_true(has_line(out, "Vulnerabilities: Total: 2 (UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 2, "
                              "CRITICAL: 0), suppressed: 1"));
    /* under the binary each copy of the module was found in */
    static const char go_row[] = "  golang.org/x/net  CVE-2023-45288  HIGH      fixed     v0.17.0    0.23.0  "
                                 "net/http, x/net/http2: close connections when receiving t...\n";
    char want[512];
    snprintf(want, sizeof(want), "  /usr/local/bin/app\n%s  /usr/local/bin/tool\n%s\n", go_row, go_row);
    assert_non_null(strstr(out, want));
    assert_null(strstr(out, "GHSA-zzzz"));
    /* an image without vulnerabilities keeps its package list */
    assert_true(has_line(out, "OS: Alpine Linux v3.19; packages: 1; layers: 0"));
    assert_true(has_line(out, "  musl  1.2.4_git20230717-r4      0  musl"));
    /* the overall summary */
    assert_true(has_line(out, "Vulnerabilities: Total: 5 (UNKNOWN: 0, LOW: 1, MEDIUM: 2, HIGH: 2, "
                              "CRITICAL: 0), 2 suppressed"));
    free(out);

    /* files in name order, whatever the order of the packages */
    f->xnet->db_path = (char *)"/usr/local/bin/zz";
    out = render(mt_write_table, &f->rep, false, 1);
    snprintf(want, sizeof(want), "  /usr/local/bin/tool\n%s  /usr/local/bin/zz\n%s\n", go_row, go_row);
    assert_non_null(strstr(out, want));
    free(out);

    out = render(mt_write_table, &f->rep, true, 1);
    assert_non_null(strstr(out, "CVE-2024-0727  \033[33mMEDIUM  \033[0m"));
    assert_non_null(strstr(out, "CVE-2023-45288  \033[31mHIGH    \033[0m"));
    assert_non_null(strstr(out, "\033[36mLOW: 1\033[0m"));
    /* untrusted text never carries its own escapes, even in colour */
    assert_null(strstr(out, "\033[2J"));
    free(out);
}

/* ---- SARIF ---- */

static json_t *sarif_result(json_t *results, const char *rule, const char *pkg, const char *uri)
{
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        const json_t *props = json_object_get(r, "properties");
        const json_t *pn = json_object_get(props, "package_name");
        if (strcmp(sget(r, "ruleId"), rule) == 0 &&
            (!pkg || (pn && strcmp(json_string_value(pn), pkg) == 0)) &&
            (!uri || strcmp(sget(at(r, "locations.0.physicalLocation.artifactLocation"), "uri"), uri) == 0))
            return r;
    }
    fail_msg("no result %s %s", rule, pkg ? pkg : "");
    return NULL;
}

static void test_sarif(void **state)
{
    fx *f = *state;
    json_t *doc = render_json(mt_write_sarif, &f->rep);
    json_t *rules = at(doc, "runs.0.tool.driver.rules"), *results = at(doc, "runs.0.results");
    /* the finding's rule, then one rule per vulnerability ID, first seen first */
    static const char *const ids[] = {"DF3007",        "CVE-2023-9999",  "CVE-2024-2398",
                                      "CVE-2024-0727", "CVE-2023-45288", "GHSA-zzzz-yyyy-xxxx"};
    assert_int_equal(json_array_size(rules), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(sget(json_array_get(rules, i), "id"), ids[i]);
    assert_int_equal(json_array_size(results), 1 + 4 + 3);

    json_t *rule = json_array_get(rules, 3);
    assert_string_equal(sget(rule, "name"), "OsPackageVulnerability");
    assert_string_equal(sget(at(rule, "shortDescription"), "text"),
                        "openssl: denial of service via null dereference");
    assert_string_equal(sget(at(rule, "fullDescription"), "text"),
                        "Processing a maliciously formatted PKCS12 file may crash.");
    assert_string_equal(sget(at(rule, "defaultConfiguration"), "level"), "warning");
    assert_string_equal(sget(at(rule, "properties"), "security-severity"), "5.5");
    const char *help = sget(at(rule, "help"), "text");
    assert_non_null(strstr(help, "libssl3 3.0.11-1~deb12u2: fixed in 3.0.13-1~deb12u1"));
    assert_non_null(strstr(help, "openssl 3.0.11-1~deb12u2: fixed in 3.0.13-1~deb12u1"));
    assert_non_null(strstr(help, "Aliases: GHSA-aaaa-bbbb-cccc"));
    assert_non_null(
        strstr(sget(at(rule, "help"), "markdown"), "| libssl3 | 3.0.11-1~deb12u2 | 3.0.13-1~deb12u1 |"));
    /* no CVSS score: the number of the severity */
    rule = json_array_get(rules, 1);
    assert_string_equal(sget(at(rule, "properties"), "security-severity"), "2.0");
    assert_string_equal(sget(at(rule, "defaultConfiguration"), "level"), "note");
    assert_string_equal(sget(rule, "helpUri"), "https://security-tracker.debian.org/tracker/CVE-2023-9999");
    assert_non_null(strstr(sget(at(rule, "help"), "text"), "curl 7.88.1-10+deb12u5: no fix yet"));
    assert_non_null(strstr(sget(at(rule, "help"), "text"), "https://curl.se/docs/CVE-2023-9999.html"));
    rule = json_array_get(rules, 4);
    assert_string_equal(sget(rule, "name"), "LanguagePackageVulnerability");
    assert_string_equal(sget(at(rule, "properties"), "security-severity"), "8.7");
    assert_string_equal(sget(at(rule, "defaultConfiguration"), "level"), "error");
    /* UNKNOWN: no security-severity, and the ID stands in for the title */
    rule = json_array_get(rules, 5);
    assert_null(json_object_get(at(rule, "properties"), "security-severity"));
    assert_string_equal(sget(at(rule, "shortDescription"), "text"), "GHSA-zzzz-yyyy-xxxx");

    json_t *r = sarif_result(results, "CVE-2024-0727", "libssl3", NULL);
    assert_int_equal(iget(r, "ruleIndex"), 3);
    assert_string_equal(sget(r, "level"), "warning");
    assert_string_equal(
        sget(at(r, "message"), "text"),
        "Package libssl3 3.0.11-1~deb12u2 is affected by CVE-2024-0727 (MEDIUM); fixed version: "
        "3.0.13-1~deb12u1\nopenssl: denial of service via null dereference");
    assert_string_equal(sget(at(r, "locations.0.physicalLocation.artifactLocation"), "uri"),
                        "var/lib/dpkg/status");
    assert_int_equal(iget(at(r, "locations.0.physicalLocation.region"), "startLine"), 1);
    assert_string_equal(sget(at(r, "locations.0.message"), "text"), TARGET);
    assert_string_equal(sget(at(r, "properties"), "fixed_version"), "3.0.13-1~deb12u1");
    assert_string_equal(sget(at(r, "properties"), "layer_diff_id"), DIFF0);
    assert_null(json_object_get(r, "suppressions"));
    const char *fp_libssl = sget(at(r, "partialFingerprints"), "primaryLocationLineHash");
    char fp1[32];
    snprintf(fp1, sizeof(fp1), "%s", fp_libssl);
    assert_int_equal(strlen(fp1), 18);
    assert_string_equal(fp1 + 16, ":1");
    assert_int_equal(strspn(fp1, "0123456789abcdef"), 16);
    r = sarif_result(results, "CVE-2024-0727", "openssl", NULL);
    assert_string_not_equal(sget(at(r, "partialFingerprints"), "primaryLocationLineHash"), fp1);

    r = sarif_result(results, "CVE-2023-9999", "curl", NULL);
    assert_string_equal(sget(r, "level"), "note");
    assert_non_null(strstr(sget(at(r, "message"), "text"), "(LOW); no fixed version yet"));
    /* the leading '/' of a binary's path goes: relative to the image */
    r = sarif_result(results, "CVE-2023-45288", NULL, "usr/local/bin/tool");
    assert_int_equal(iget(r, "ruleIndex"), 4);
    r = sarif_result(results, "CVE-2023-45288", NULL, "usr/local/bin/app");
    assert_string_equal(sget(r, "level"), "error");

    r = sarif_result(results, "CVE-2024-2398", "curl", NULL);
    assert_string_equal(sget(at(r, "suppressions.0"), "kind"), "external");
    assert_string_equal(sget(at(r, "suppressions.0"), "justification"),
                        "not_affected: vulnerable_code_not_in_execute_path");
    r = sarif_result(results, "GHSA-zzzz-yyyy-xxxx", NULL, NULL);
    assert_string_equal(sget(at(r, "suppressions.0"), "justification"), "accepted until 2025");
    json_decref(doc);

    /* the fingerprint is the vulnerability, package, version and target:
     * a new fixed version or severity does not change it, another
     * installed version does */
    f->libssl_cve->fixed_version = (char *)"3.0.14-1~deb12u1";
    f->libssl_cve->severity = MT_SEV_HIGH;
    doc = render_json(mt_write_sarif, &f->rep);
    r = sarif_result(at(doc, "runs.0.results"), "CVE-2024-0727", "libssl3", NULL);
    assert_string_equal(sget(at(r, "partialFingerprints"), "primaryLocationLineHash"), fp1);
    json_decref(doc);
    f->libssl_cve->installed_version = (char *)"3.0.11-1~deb12u3";
    doc = render_json(mt_write_sarif, &f->rep);
    r = sarif_result(at(doc, "runs.0.results"), "CVE-2024-0727", "libssl3", NULL);
    assert_string_not_equal(sget(at(r, "partialFingerprints"), "primaryLocationLineHash"), fp1);
    json_decref(doc);
}

/* ---- CycloneDX ---- */

static json_t *component_by_ref(json_t *doc, const char *ref)
{
    json_t *comps = json_object_get(doc, "components");
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *c = json_array_get(comps, i);
        if (strcmp(sget(c, "bom-ref"), ref) == 0)
            return c;
    }
    fail_msg("no component %s", ref);
    return NULL;
}

static void test_cyclonedx(void **state)
{
    fx *f = *state;
    json_t *doc = render_json(mt_write_cyclonedx, &f->rep);
    json_t *vulns = json_object_get(doc, "vulnerabilities");
    /* every vulnerability, suppressed ones with their analysis: the Debian
     * image's, then its Go binaries' */
    assert_int_equal(json_array_size(vulns), 7);
    static const char *const ids[] = {"CVE-2023-9999", "CVE-2024-2398",  "CVE-2024-0727",
                                      "CVE-2024-0727", "CVE-2023-45288", "GHSA-zzzz-yyyy-xxxx",
                                      "CVE-2023-45288"};
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(sget(json_array_get(vulns, i), "id"), ids[i]);

    json_t *v = json_array_get(vulns, 2);
    assert_string_equal(sget(at(v, "source"), "name"), "Debian:12");
    assert_string_equal(sget(at(v, "references.0"), "id"), "GHSA-aaaa-bbbb-cccc");
    assert_string_equal(sget(at(v, "references.0.source"), "name"), "GitHub Advisories");
    assert_string_equal(sget(at(v, "references.0.source"), "url"),
                        "https://github.com/advisories/GHSA-aaaa-bbbb-cccc");
    assert_int_equal(json_array_size(json_object_get(v, "ratings")), 1);
    assert_string_equal(sget(at(v, "ratings.0"), "severity"), "medium");
    assert_string_equal(sget(at(v, "ratings.0"), "method"), "CVSSv31");
    assert_string_equal(sget(at(v, "ratings.0"), "vector"), "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H");
    assert_float_equal(json_real_value(at(v, "ratings.0.score")), 5.5, 1e-9);
    assert_string_equal(sget(v, "description"), "openssl: denial of service via null dereference");
    assert_string_equal(sget(v, "detail"), "Processing a maliciously formatted PKCS12 file may crash.");
    assert_string_equal(sget(v, "recommendation"), "Upgrade libssl3 to 3.0.13-1~deb12u1");
    assert_null(json_object_get(v, "analysis"));
    const char *ref = sget(at(v, "affects.0"), "ref");
    assert_string_equal(ref, "image-0:pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
    assert_string_equal(sget(component_by_ref(doc, ref), "name"), "libssl3");
    assert_string_equal(sget(at(v, "affects.0.versions.0"), "version"), "3.0.11-1~deb12u2");
    assert_string_equal(sget(at(v, "affects.0.versions.0"), "status"), "affected");

    /* no fix, no CVSS: the database's rating, no recommendation */
    v = json_array_get(vulns, 0);
    assert_string_equal(sget(at(v, "ratings.0"), "severity"), "low");
    assert_string_equal(sget(at(v, "ratings.0"), "method"), "other");
    assert_string_equal(sget(at(v, "ratings.0.source"), "name"), "Debian:12");
    assert_null(json_object_get(at(v, "ratings.0"), "score"));
    assert_null(json_object_get(v, "recommendation"));
    assert_null(json_object_get(v, "references"));
    assert_string_equal(sget(at(v, "advisories.1"), "url"), "https://curl.se/docs/CVE-2023-9999.html");
    assert_string_equal(sget(v, "published"), "2023-10-11T00:00:00Z");
    assert_string_equal(sget(v, "updated"), "2024-01-02T03:04:05Z");

    /* VEX not_affected: the analysis, the version unaffected */
    v = json_array_get(vulns, 1);
    assert_string_equal(sget(at(v, "analysis"), "state"), "not_affected");
    assert_string_equal(sget(at(v, "analysis"), "justification"), "code_not_reachable");
    assert_string_equal(sget(at(v, "analysis"), "detail"),
                        "not_affected: vulnerable_code_not_in_execute_path");
    assert_string_equal(sget(at(v, "affects.0.versions.0"), "status"), "unaffected");
    assert_string_equal(sget(at(v, "ratings.0"), "severity"), "high");

    /* CVSS 4.0; the two copies of a vendored module are two components */
    v = json_array_get(vulns, 4);
    assert_string_equal(sget(at(v, "ratings.0"), "method"), "CVSSv4");
    assert_float_equal(json_real_value(at(v, "ratings.0.score")), 8.7, 1e-9);
    assert_string_equal(sget(at(v, "source"), "name"), "Go");
    assert_string_equal(sget(at(v, "references.0.source"), "name"), "GitHub Advisories");
    assert_string_equal(sget(at(v, "references.1.source"), "name"), "Go Vulnerability Database");
    assert_string_equal(sget(at(v, "references.1.source"), "url"), "https://pkg.go.dev/vuln/GO-2024-2687");
    const char *ref1 = sget(at(v, "affects.0"), "ref");
    const char *ref2 = sget(at(json_array_get(vulns, 6), "affects.0"), "ref");
    assert_string_equal(ref1, "image-0:pkg:golang/golang.org/x/net@v0.17.0");
    assert_string_equal(ref2, "image-0:pkg:golang/golang.org/x/net@v0.17.0#2");
    json_t *c2 = component_by_ref(doc, ref2), *props = json_object_get(c2, "properties");
    bool tool = false;
    for (size_t i = 0; i < json_array_size(props); i++) {
        json_t *p = json_array_get(props, i);
        tool |= strcmp(sget(p, "name"), "moat:package:db_path") == 0 &&
                strcmp(sget(p, "value"), "/usr/local/bin/tool") == 0;
    }
    assert_true(tool);
    assert_string_not_equal(sget(v, "bom-ref"), sget(json_array_get(vulns, 6), "bom-ref"));

    /* ignored by the user: a note, no VEX state */
    v = json_array_get(vulns, 5);
    assert_null(json_object_get(at(v, "analysis"), "state"));
    assert_string_equal(sget(at(v, "analysis"), "detail"), "suppressed by ignorefile: accepted until 2025");
    assert_string_equal(sget(at(v, "ratings.0"), "severity"), "unknown");
    assert_null(json_object_get(v, "description"));
    json_decref(doc);

    /* without vulnerabilities, no array */
    mt_report plain;
    mt_report_init(&plain);
    mt_result *res = mt_report_add_result(&plain, "alpine:3.19", "os-pkgs", "alpine");
    mt_vec_push(&res->packages, f->musl);
    doc = render_json(mt_write_cyclonedx, &plain);
    assert_null(json_object_get(doc, "vulnerabilities"));
    assert_int_equal(json_array_size(json_object_get(doc, "components")), 2);
    json_decref(doc);
    mt_report_free(&plain);
}

/* A VEX statement that the vulnerability is fixed: resolved. */
static void test_cyclonedx_resolved(void **state)
{
    fx *f = *state;
    f->curl_vex->suppress_reason = (char *)"fixed: backported in 7.88.1-10+deb12u5";
    json_t *doc = render_json(mt_write_cyclonedx, &f->rep);
    json_t *v = at(doc, "vulnerabilities.1");
    assert_string_equal(sget(at(v, "analysis"), "state"), "resolved");
    assert_null(json_object_get(at(v, "analysis"), "justification"));
    assert_string_equal(sget(at(v, "affects.0.versions.0"), "status"), "affected");
    json_decref(doc);
}

/* ---- JUnit ---- */

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_junit(void **state)
{
    fx *f = *state;
    char *out = render(mt_write_junit, &f->rep, false, 1);
    /* 1 finding + 5 vulnerabilities fail, 2 are skipped, the Alpine image passes */
    assert_non_null(
        strstr(out, "<testsuites name=\"moat\" tests=\"9\" failures=\"6\" errors=\"0\" skipped=\"2\">"));
    assert_non_null(
        strstr(out, "<testsuite name=\"" TARGET "\" tests=\"4\" failures=\"3\" errors=\"0\" skipped=\"1\">"));
    assert_non_null(strstr(out, "<testsuite name=\"" GO_TARGET
                                "\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"1\">"));
    assert_non_null(strstr(
        out, "<testsuite name=\"alpine:3.19 (alpine 3.19.1)\" tests=\"1\" failures=\"0\" errors=\"0\">"));
    assert_int_equal(count(out, "<testcase "), 9);
    assert_int_equal(count(out, "<failure "), 6);
    assert_int_equal(count(out, "<skipped "), 2);
    assert_non_null(
        strstr(out, "<testcase classname=\"" TARGET "\" name=\"CVE-2024-0727 libssl3 3.0.11-1~deb12u2\">\n"
                    "      <failure message=\"libssl3 3.0.11-1~deb12u2 is affected by CVE-2024-0727 "
                    "(MEDIUM); fixed version: 3.0.13-1~deb12u1\" type=\"MEDIUM\">"));
    assert_non_null(strstr(out,
                           "name=\"CVE-2023-9999 curl 7.88.1-10+deb12u5\">\n      <failure message=\"curl "
                           "7.88.1-10+deb12u5 is affected by CVE-2023-9999 (LOW); no fixed version yet\""));
    assert_non_null(strstr(out, "\nLayer: 1 " DIFF1 "\nReferences:\n  https://security-tracker.debian.org/"));
    assert_non_null(
        strstr(out, "name=\"CVE-2024-2398 curl 7.88.1-10+deb12u5\">\n      <skipped message=\"suppressed "
                    "by vex: not_affected: vulnerable_code_not_in_execute_path\"/>"));
    assert_non_null(strstr(out, "<skipped message=\"suppressed by ignorefile: accepted until 2025\"/>"));
    assert_non_null(strstr(out, "name=\"alpine: no findings\"/>"));
    /* the escape in the title is not XML */
    assert_null(strchr(out, '\033'));
    free(out);
}

/* Package names come from the scanned image: bytes that are not UTF-8
 * become U+FFFD in JSON documents and '?' in XML, never a broken document. */
static void test_invalid_utf8(void **state)
{
    fx *f = *state;
    f->curl->name = (char *)"cu\xffrl";
    f->curl_nofix->package_name = f->curl->name;
    json_t *doc = render_json(mt_write_sarif, &f->rep);
    json_t *r = sarif_result(at(doc, "runs.0.results"), "CVE-2023-9999", NULL, NULL);
    assert_string_equal(sget(at(r, "properties"), "package_name"), "cu\xef\xbf\xbdrl");
    assert_non_null(strstr(sget(at(r, "message"), "text"), "Package cu\xef\xbf\xbdrl 7.88.1"));
    json_decref(doc);
    doc = render_json(mt_write_cyclonedx, &f->rep);
    json_t *c = component_by_ref(doc, sget(at(doc, "vulnerabilities.1.affects.0"), "ref"));
    assert_string_equal(sget(c, "name"), "cu\xef\xbf\xbdrl");
    json_decref(doc);
    doc = render_json(mt_write_json, &f->rep);
    assert_string_equal(sget(at(doc, "results.1.vulnerabilities.0"), "package_name"), "cu\xef\xbf\xbdrl");
    json_decref(doc);
    char *out = render(mt_write_junit, &f->rep, false, 1);
    assert_non_null(strstr(out, "name=\"CVE-2023-9999 cu?rl 7.88.1-10+deb12u5\""));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_parallel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cyclonedx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cyclonedx_resolved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
