/* test_vuln_match.c — the database (db.h) and matching (match.h) on
 * records written here: OSV range semantics (introduced / fixed /
 * last_affected / limit, several ranges, versions lists, SEMVER), the
 * lowest fix above the installed version, distribution keys (Debian by
 * source package and source version, Alpine by release, Ubuntu's :LTS),
 * name normalisation (PyPI), Go's standard library versions, alias
 * merging, severity, withdrawn records, sources replaced on re-import, an
 * aborted update leaving the live database alone, export and merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vuln/db.h"
#include "vuln/match.h"

static mt_arena A;
static char dir[256];

/* ---- record builders ---- */

static vr_event ev(vr_event_kind k, const char *v)
{
    vr_event e = {k, (char *)v};
    return e;
}

/* One affected entry with one range of the given events (NULL-terminated
 * pairs are awkward in C: count given). */
static vr_record *rec(const char *id, const char *eco, const char *name, vr_range_type t,
                      const vr_event *events, size_t n)
{
    vr_record *r = mt_arena_alloc(&A, sizeof(*r));
    r->id = mt_arena_strdup(&A, id);
    r->affected = mt_arena_alloc(&A, sizeof(vr_affected));
    r->naffected = 1;
    vr_affected *af = r->affected;
    af->ecosystem = mt_arena_strdup(&A, eco);
    af->name = mt_arena_strdup(&A, name);
    if (n) {
        af->ranges = mt_arena_alloc(&A, sizeof(vr_range));
        af->nranges = 1;
        af->ranges[0].type = t;
        af->ranges[0].events = mt_arena_alloc(&A, n * sizeof(vr_event));
        memcpy(af->ranges[0].events, events, n * sizeof(vr_event));
        af->ranges[0].nevents = n;
    }
    return r;
}

static void add_range(vr_record *r, vr_range_type t, const vr_event *events, size_t n)
{
    vr_affected *af = &r->affected[0];
    vr_range *nr = mt_arena_alloc(&A, (af->nranges + 1) * sizeof(vr_range));
    memcpy(nr, af->ranges, af->nranges * sizeof(vr_range));
    nr[af->nranges].type = t;
    nr[af->nranges].events = mt_arena_alloc(&A, n * sizeof(vr_event));
    memcpy(nr[af->nranges].events, events, n * sizeof(vr_event));
    nr[af->nranges].nevents = n;
    af->ranges = nr;
    af->nranges++;
}

static void aliases(vr_record *r, const char *a1, const char *a2)
{
    r->aliases = mt_arena_alloc(&A, 2 * sizeof(char *));
    r->aliases[r->naliases++] = (char *)a1;
    if (a2)
        r->aliases[r->naliases++] = (char *)a2;
}

static mt_pkg *pkg(const char *type, const char *name, const char *version, const char *src,
                   const char *srcver)
{
    mt_pkg *p = mt_arena_alloc(&A, sizeof(*p));
    p->type = type;
    p->name = (char *)name;
    p->version = (char *)version;
    p->source_name = (char *)(src ? src : name);
    p->source_version = (char *)(srcver ? srcver : version);
    p->layer = -1;
    return p;
}

static void put_all(const char *source, vr_record **recs, size_t n)
{
    vdb *db = NULL;
    char err[1024];
    assert_int_equal(vdb_begin_update(dir, false, &db, err, sizeof(err)), 0);
    assert_int_equal(vdb_source_begin(db, source, err, sizeof(err)), 0);
    for (size_t i = 0; i < n; i++)
        assert_true(vdb_put(db, recs[i], err, sizeof(err)) >= 0);
    assert_int_equal(vdb_source_end(db, "test", NULL, NULL, err, sizeof(err)), 0);
    assert_int_equal(vdb_commit_update(db, err, sizeof(err)), 0);
}

/* OS packages the last match() could not check. */
static size_t unchecked;

/* Matches pkgs (with os) and returns the vulnerabilities. */
static mt_vec match(const mt_os *os, mt_pkg **pkgs, size_t n)
{
    vdb *db = NULL;
    char err[1024];
    assert_int_equal(vdb_open(dir, &db, err, sizeof(err)), 0);
    mt_vec in = {0}, out = {0};
    for (size_t i = 0; i < n; i++)
        mt_vec_push(&in, pkgs[i]);
    unchecked = (size_t)-1;
    int added = vm_match_packages(db, &A, os, &in, &out, &unchecked, err, sizeof(err));
    assert_int_equal(added, out.len);
    assert_true(unchecked <= n);
    mt_vec_free(&in);
    vdb_close(db);
    return out;
}

static const mt_vuln *find(const mt_vec *v, const char *pkgname, const char *id)
{
    for (size_t i = 0; i < v->len; i++) {
        const mt_vuln *x = v->items[i];
        if (!strcmp(x->package_name, pkgname) && !strcmp(x->id, id))
            return x;
    }
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    mt_arena_init(&A);
    snprintf(dir, sizeof(dir), "/tmp/moat-test-match-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    mt_arena_free(&A);
    return 0;
}

/* ---- vm_affected: OSV semantics, without a database ---- */

static void test_ranges(void **state)
{
    (void)state;
    const char *fix;
    /* two ranges: [0, 1.2.0) and [2.0.0, 2.3.1) */
    vr_event r1[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "1.2.0")};
    vr_event r2[] = {ev(VR_EV_INTRODUCED, "2.0.0"), ev(VR_EV_FIXED, "2.3.1")};
    vr_record *r = rec("X", "Go", "m", VR_RANGE_SEMVER, r1, 2);
    add_range(r, VR_RANGE_SEMVER, r2, 2);
    vr_affected *af = &r->affected[0];
    assert_true(vm_affected("golang", af, "v1.1.9", &fix));
    assert_string_equal(fix, "1.2.0");
    assert_false(vm_affected("golang", af, "v1.2.0", &fix));
    assert_false(vm_affected("golang", af, "v1.9.0", &fix));
    assert_true(vm_affected("golang", af, "v2.0.0", &fix));
    assert_string_equal(fix, "2.3.1");
    assert_false(vm_affected("golang", af, "v2.3.1", &fix));
    /* a pseudo-version before 1.2.0 is affected; one after is not */
    assert_true(vm_affected("golang", af, "v1.1.1-0.20230101120000-abcdefabcdef", &fix));
    assert_false(vm_affected("golang", af, "v1.2.1-0.20230101120000-abcdefabcdef", &fix));
    /* events listed out of order are sorted first */
    vr_event r3[] = {ev(VR_EV_FIXED, "1.5"), ev(VR_EV_INTRODUCED, "1.0"), ev(VR_EV_FIXED, "3.0"),
                     ev(VR_EV_INTRODUCED, "2.0")};
    r = rec("Y", "PyPI", "p", VR_RANGE_ECOSYSTEM, r3, 4);
    af = &r->affected[0];
    assert_false(vm_affected("pypi", af, "0.9", &fix));
    assert_true(vm_affected("pypi", af, "1.4", &fix));
    assert_string_equal(fix, "1.5");
    assert_false(vm_affected("pypi", af, "1.7", &fix));
    assert_true(vm_affected("pypi", af, "2.5", &fix));
    assert_string_equal(fix, "3.0");
    /* last_affected is inclusive and gives no fix */
    vr_event r4[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_LAST_AFFECTED, "1.0.5")};
    af = &rec("Z", "npm", "q", VR_RANGE_SEMVER, r4, 2)->affected[0];
    assert_true(vm_affected("npm", af, "1.0.5", &fix));
    assert_null(fix);
    assert_false(vm_affected("npm", af, "1.0.6", &fix));
    /* limit: the range stops below it */
    vr_event r5[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_LIMIT, "2.0.0")};
    af = &rec("L", "npm", "q", VR_RANGE_SEMVER, r5, 2)->affected[0];
    assert_true(vm_affected("npm", af, "1.9.9", &fix));
    assert_false(vm_affected("npm", af, "2.0.0", &fix));
    /* a versions list, equal by the ecosystem's order (PEP 440: 1.0 == 1.0.0) */
    vr_record *vl = rec("V", "PyPI", "p", VR_RANGE_ECOSYSTEM, NULL, 0);
    vl->affected[0].versions = mt_arena_alloc(&A, 2 * sizeof(char *));
    vl->affected[0].versions[0] = "1.0";
    vl->affected[0].versions[1] = "2.1";
    vl->affected[0].nversions = 2;
    assert_true(vm_affected("pypi", &vl->affected[0], "2.1", &fix));
    assert_true(vm_affected("pypi", &vl->affected[0], "1.0.0", &fix));
    assert_false(vm_affected("pypi", &vl->affected[0], "2.0", &fix));
    /* dpkg order: ~ before the release, epochs */
    vr_event r6[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "1.2-3+deb12u1")};
    af = &rec("D", "Debian:12", "s", VR_RANGE_ECOSYSTEM, r6, 2)->affected[0];
    assert_true(vm_affected("deb", af, "1.2-3", &fix));
    assert_true(vm_affected("deb", af, "1.2-3+deb12u1~1", &fix));
    assert_false(vm_affected("deb", af, "1.2-3+deb12u1", &fix));
    assert_false(vm_affected("deb", af, "1:1.0-1", &fix));
}

/* ---- through the database ---- */

static void test_debian_by_source(void **state)
{
    (void)state;
    vr_event e1[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "2.36-9+deb12u5")};
    vr_event e2[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "2.36-9+deb12u3")};
    vr_event e3[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "2.36-9+deb12u9")};
    vr_record *recs[] = {
        rec("DEBIAN-CVE-2024-0001", "Debian:12", "glibc", VR_RANGE_ECOSYSTEM, e1, 2),
        rec("DEBIAN-CVE-2023-0002", "Debian:12", "glibc", VR_RANGE_ECOSYSTEM, e2, 2), /* backported */
        rec("DEBIAN-CVE-2024-0003", "Debian:11", "glibc", VR_RANGE_ECOSYSTEM, e3, 2), /* other release */
        rec("DEBIAN-CVE-2024-0004", "Debian:12", "libc6", VR_RANGE_ECOSYSTEM, e3, 2), /* binary name */
    };
    put_all("test:debian", recs, 4);
    mt_os os = {.id = "debian", .version_id = "12"};
    /* a binNMU: the binary version has +b1, the source version has not */
    mt_pkg *ps[] = {pkg("deb", "libc6", "2.36-9+deb12u4+b1", "glibc", "2.36-9+deb12u4"),
                    pkg("deb", "libc-bin", "2.36-9+deb12u4", "glibc", NULL)};
    mt_vec v = match(&os, ps, 2);
    assert_int_equal(v.len, 2);
    assert_int_equal(unchecked, 0);
    const mt_vuln *x = find(&v, "libc6", "CVE-2024-0001");
    assert_non_null(x);
    assert_string_equal(x->installed_version, "2.36-9+deb12u4+b1");
    assert_string_equal(x->fixed_version, "2.36-9+deb12u5");
    assert_string_equal(x->status, "fixed");
    assert_string_equal(x->matched_name, "glibc");
    assert_string_equal(x->data_source, "Debian:12");
    assert_string_equal(x->record_id, "DEBIAN-CVE-2024-0001");
    assert_int_equal(x->naliases, 1);
    assert_string_equal(x->aliases[0], "DEBIAN-CVE-2024-0001");
    assert_non_null(find(&v, "libc-bin", "CVE-2024-0001"));
    mt_vec_free(&v);
    /* no release, codename only: bookworm is 12 */
    mt_os os2 = {.id = "debian", .codename = "bookworm"};
    v = match(&os2, ps, 1);
    assert_int_equal(v.len, 1);
    mt_vec_free(&v);
    /* another distribution's deb packages are not looked up in Debian's */
    mt_os os3 = {.id = "ubuntu", .version_id = "22.04"};
    v = match(&os3, ps, 1);
    assert_int_equal(v.len, 0);
    assert_int_equal(unchecked, 0);
    mt_vec_free(&v);
    /* a distribution without an advisory feed: neither package is checked */
    mt_os os4 = {.id = "kali", .version_id = "2024.1"};
    v = match(&os4, ps, 2);
    assert_int_equal(v.len, 0);
    assert_int_equal(unchecked, 2);
    mt_vec_free(&v);
}

static void test_keys(void **state)
{
    (void)state;
    vr_event e[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "1.2.3-r1")};
    vr_event u[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "1.2-1ubuntu0.2")};
    vr_event p[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "2.0")};
    vr_event g[] = {ev(VR_EV_INTRODUCED, "1.21.0-0"), ev(VR_EV_FIXED, "1.21.0")};
    vr_record *recs[] = {
        rec("ALPINE-CVE-2024-1", "Alpine:v3.19", "openssl", VR_RANGE_ECOSYSTEM, e, 2),
        rec("UBUNTU-CVE-2024-2", "Ubuntu:22.04:LTS", "zlib", VR_RANGE_ECOSYSTEM, u, 2),
        rec("PYSEC-2024-3", "PyPI", "Flask_Login", VR_RANGE_ECOSYSTEM, p, 2),
        rec("GO-2024-4", "Go", "stdlib", VR_RANGE_SEMVER, g, 2),
    };
    put_all("test:keys", recs, 4);
    mt_os alpine = {.id = "alpine", .version_id = "3.19.1"};
    mt_pkg *ap[] = {pkg("apk", "libcrypto3", "1.2.3-r0", "openssl", NULL)};
    mt_vec v = match(&alpine, ap, 1);
    assert_int_equal(v.len, 1);
    assert_string_equal(((mt_vuln *)v.items[0])->id, "CVE-2024-1");
    assert_string_equal(((mt_vuln *)v.items[0])->fixed_version, "1.2.3-r1");
    mt_vec_free(&v);
    mt_os ubuntu = {.id = "ubuntu", .version_id = "22.04"};
    mt_pkg *up[] = {pkg("deb", "zlib1g", "1:1.2-1ubuntu0.1", "zlib", "1.2-1ubuntu0.1")};
    v = match(&ubuntu, up, 1);
    assert_int_equal(v.len, 1);
    mt_vec_free(&v);
    /* PEP 503: flask-login is Flask_Login */
    mt_pkg *pp[] = {pkg("pypi", "flask-login", "1.9", NULL, NULL), pkg("pypi", "FLASK.LOGIN", "2.0", NULL, NULL)};
    v = match(NULL, pp, 2);
    assert_int_equal(v.len, 1);
    assert_string_equal(((mt_vuln *)v.items[0])->installed_version, "1.9");
    mt_vec_free(&v);
    /* the toolchain's go1.21rc2 is 1.21.0-rc.2 in OSV: inside [1.21.0-0, 1.21.0) */
    mt_pkg *gp[] = {pkg("golang", "stdlib", "v1.21rc2", NULL, NULL), pkg("golang", "stdlib", "v1.21.0", NULL, NULL),
                    pkg("golang", "example.com/x", "(devel)", NULL, NULL)};
    v = match(NULL, gp, 3);
    assert_int_equal(v.len, 1);
    assert_int_equal(unchecked, 0); /* "(devel)" is not an OS package */
    assert_string_equal(((mt_vuln *)v.items[0])->installed_version, "v1.21rc2");
    assert_string_equal(((mt_vuln *)v.items[0])->fixed_version, "1.21.0");
    mt_vec_free(&v);
}

static void test_aliases_severity_withdrawn(void **state)
{
    (void)state;
    vr_event e1[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "0.17.0")};
    vr_event e2[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "0.18.0")};
    vr_record *go = rec("GO-2023-0001", "Go", "golang.org/x/net", VR_RANGE_SEMVER, e1, 2);
    aliases(go, "CVE-2023-1111", "GHSA-aaaa-bbbb-cccc");
    go->summary = "Go summary";
    vr_record *gh = rec("GHSA-aaaa-bbbb-cccc", "Go", "golang.org/x/net", VR_RANGE_SEMVER, e2, 2);
    aliases(gh, "CVE-2023-1111", NULL);
    gh->severity = mt_arena_alloc(&A, sizeof(vr_severity));
    gh->severity[0].type = "CVSS_V3";
    gh->severity[0].score = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
    gh->nseverity = 1;
    gh->db_severity = "LOW"; /* the vector wins */
    vr_record *other = rec("GO-2023-0002", "Go", "golang.org/x/net", VR_RANGE_SEMVER, e1, 2);
    other->db_severity = "MODERATE";
    other->details = "\n  First line of the details.\nSecond line.";
    vr_record *gone = rec("GO-2023-0003", "Go", "golang.org/x/net", VR_RANGE_SEMVER, e1, 2);
    gone->withdrawn = "2023-05-01T00:00:00Z";
    vr_record *recs[] = {go, gh, other, gone};
    put_all("test:go", recs, 4);
    mt_pkg *ps[] = {pkg("golang", "golang.org/x/net", "v0.10.0", NULL, NULL)};
    mt_vec v = match(NULL, ps, 1);
    assert_int_equal(v.len, 2);
    const mt_vuln *x = find(&v, "golang.org/x/net", "CVE-2023-1111");
    assert_non_null(x);
    assert_int_equal(x->naliases, 2);
    assert_string_equal(x->aliases[0], "GHSA-aaaa-bbbb-cccc");
    assert_string_equal(x->aliases[1], "GO-2023-0001");
    /* the fix that resolves both records */
    assert_string_equal(x->fixed_version, "0.18.0");
    assert_int_equal(x->severity, MT_SEV_HIGH);
    assert_string_equal(x->severity_source, "cvss");
    assert_true(x->cvss_score > 7.49 && x->cvss_score < 7.51);
    assert_string_equal(x->title, "Go summary");
    x = find(&v, "golang.org/x/net", "GO-2023-0002");
    assert_non_null(x);
    assert_int_equal(x->severity, MT_SEV_MEDIUM);
    assert_string_equal(x->severity_source, "database");
    assert_string_equal(x->title, "First line of the details.");
    mt_vec_free(&v);
}

static void test_sources_and_atomicity(void **state)
{
    (void)state;
    vr_event e[] = {ev(VR_EV_INTRODUCED, "0"), ev(VR_EV_FIXED, "2.0.0")};
    vr_record *a1 = rec("NPM-1", "npm", "left-pad", VR_RANGE_SEMVER, e, 2);
    vr_record *a2 = rec("NPM-2", "npm", "left-pad", VR_RANGE_SEMVER, e, 2);
    vr_record *recs[] = {a1, a2};
    put_all("test:npm", recs, 2);
    mt_pkg *ps[] = {pkg("npm", "left-pad", "1.0.0", NULL, NULL)};
    mt_vec v = match(NULL, ps, 1);
    assert_int_equal(v.len, 2);
    mt_vec_free(&v);
    /* re-importing the source replaces it */
    put_all("test:npm", recs, 1);
    v = match(NULL, ps, 1);
    assert_int_equal(v.len, 1);
    mt_vec_free(&v);
    /* an aborted update changes nothing and leaves no file behind */
    vdb *db = NULL;
    char err[1024];
    assert_int_equal(vdb_begin_update(dir, false, &db, err, sizeof(err)), 0);
    assert_int_equal(vdb_source_begin(db, "test:npm", err, sizeof(err)), 0);
    vdb_abort_update(db);
    v = match(NULL, ps, 1);
    assert_int_equal(v.len, 1);
    mt_vec_free(&v);
    /* export, then merge into a fresh database elsewhere */
    char exp[300], other[300];
    snprintf(exp, sizeof(exp), "%s/export.db", dir);
    snprintf(other, sizeof(other), "%s/other", dir);
    assert_int_equal(vdb_open(dir, &db, err, sizeof(err)), 0);
    assert_int_equal(vdb_export(db, exp, err, sizeof(err)), 0);
    assert_int_equal(vdb_export(db, exp, err, sizeof(err)), -1); /* exists */
    vdb_close(db);
    assert_int_equal(vdb_begin_update(other, true, &db, err, sizeof(err)), 0);
    assert_true(vdb_merge_file(db, exp, err, sizeof(err)) >= 1);
    assert_int_equal(vdb_commit_update(db, err, sizeof(err)), 0);
    assert_int_equal(vdb_open(other, &db, err, sizeof(err)), 0);
    mt_vec src = {0};
    assert_true(vdb_sources(db, &A, &src, err, sizeof(err)) >= 1);
    bool found = false;
    for (size_t i = 0; i < src.len; i++) {
        vdb_source *s = src.items[i];
        if (!strcmp(s->name, "test:npm")) {
            found = true;
            assert_int_equal(s->records, 1);
            assert_int_equal(s->ranges, 1);
        }
    }
    assert_true(found);
    mt_vec_free(&src);
    vdb_close(db);
    /* a file that is not a database is refused by name */
    assert_int_equal(vdb_begin_update(other, false, &db, err, sizeof(err)), 0);
    assert_int_equal(vdb_merge_file(db, "/etc/hostname", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/etc/hostname"));
    vdb_abort_update(db);
    /* no database at all */
    char none[300];
    snprintf(none, sizeof(none), "%s/none", dir);
    assert_int_equal(vdb_open(none, &db, err, sizeof(err)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_debian_by_source),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_aliases_severity_withdrawn),
        cmocka_unit_test(test_sources_and_atomicity),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
