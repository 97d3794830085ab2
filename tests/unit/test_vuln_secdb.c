/* test_vuln_secdb.c — unit tests of the Alpine secdb importer
 * (vuln/secdb.h): every file of ../shared/corpora/alpine-secdb (v3.3 to
 * v3.11, YAML) parses with the record, affected and alias counts of an
 * independent count; known entries of those files field by field,
 * including the odd spellings the corpus really holds; the JSON form
 * (tests/vuln/secdb/v3.19-main.json) read as JSON and as YAML; problems
 * reported without failing; alias bombs, malformed YAML and wrong shapes
 * refused with their exact error text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena_fixture.h"
#include "vuln/secdb.h"

#include "../vuln/fixture.h"

/* A file of the shared corpus, e.g. "v3.10/main.yaml". */
static char *corpus(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof(path), "corpora/alpine-secdb/%s", name);
    return vulnfx_read_shared(path, len);
}

typedef struct {
    mt_vec recs;
    mt_vec problems;
    int rc;
    char err[1024];
} result;

/* Parses a corpus file, naming it by its corpus-relative name. */
static result parse_corpus(mt_arena *a, const char *name)
{
    result r = {0};
    size_t len;
    char *data = corpus(name, &len);
    r.rc = secdb_parse_ex(a, data, len, name, &r.recs, &r.problems, r.err, sizeof(r.err));
    free(data);
    if (r.rc < 0)
        fprintf(stderr, "%s: %s\n", name, r.err);
    assert_true(r.rc >= 0);
    assert_int_equal((size_t)r.rc, r.recs.len);
    return r;
}

static void result_free(result *r)
{
    mt_vec_free(&r->recs);
    mt_vec_free(&r->problems);
}

static vr_record *find(const result *r, const char *id)
{
    for (size_t i = 0; i < r->recs.len; i++) {
        vr_record *x = r->recs.items[i];
        if (strcmp(x->id, id) == 0)
            return x;
    }
    return NULL;
}

/* Asserts affected[i] of rec: the package, its fix and the fixed shape. */
static void assert_fix(const vr_record *rec, size_t i, const char *eco, const char *pkg,
                       const char *fixed)
{
    assert_true(i < rec->naffected);
    const vr_affected *af = &rec->affected[i];
    assert_string_equal(af->ecosystem, eco);
    assert_string_equal(af->name, pkg);
    assert_null(af->purl);
    assert_null(af->severity);
    assert_int_equal(af->nversions, 0);
    assert_int_equal(af->nranges, 1);
    assert_int_equal(af->ranges[0].type, VR_RANGE_ECOSYSTEM);
    assert_int_equal(af->ranges[0].nevents, 2);
    assert_int_equal(af->ranges[0].events[0].kind, VR_EV_INTRODUCED);
    assert_string_equal(af->ranges[0].events[0].version, "0");
    assert_int_equal(af->ranges[0].events[1].kind, VR_EV_FIXED);
    assert_string_equal(af->ranges[0].events[1].version, fixed);
}

static void assert_aliases(const vr_record *rec, size_t n, ...)
{
    assert_int_equal(rec->naliases, n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rec->aliases[i], va_arg(ap, const char *));
    va_end(ap);
}

/* Records, affected entries and aliases per file, counted once with
 * /usr/bin/python3 and python3-yaml 6.0 (yaml.BaseLoader, so versions stay
 * strings) by a separate script applying the rules of secdb.h with
 * regular expressions: drop "(...)", CVE ids by
 * (?i)\bCVE[-_ ](\d{4})-(\d{4,})(?![0-9A-Za-z]), other ids by
 * [A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+ with a digit, version "0" skipped;
 * records = distinct primary ids, affected = distinct (id, package),
 * aliases = per record 1 + the distinct co-listed non-CVE ids. For
 * v3.10/community.yaml a grep agrees too:
 *   grep -oE 'CVE[-_ ][0-9]{4}-[0-9]+' | sed 's/^CVE[_ ]/CVE-/' | sort -u
 * gives 692 lines. */
static const struct {
    const char *file;
    size_t recs, affected, aliases, problems;
} counts[] = {
    {"v3.3/main.yaml", 458, 461, 492, 0},       {"v3.3/community.yaml", 0, 0, 0, 0},
    {"v3.4/main.yaml", 666, 669, 730, 0},       {"v3.4/community.yaml", 14, 14, 14, 0},
    {"v3.5/main.yaml", 801, 823, 895, 0},       {"v3.5/community.yaml", 98, 101, 98, 0},
    {"v3.6/main.yaml", 868, 891, 972, 0},       {"v3.6/community.yaml", 195, 214, 195, 0},
    {"v3.7/main.yaml", 1037, 1073, 1143, 1},    {"v3.7/community.yaml", 378, 401, 378, 0},
    {"v3.8/main.yaml", 1084, 1124, 1184, 0},    {"v3.8/community.yaml", 462, 476, 462, 0},
    {"v3.9/main.yaml", 1059, 1101, 1162, 0},    {"v3.9/community.yaml", 575, 593, 575, 0},
    {"v3.10/main.yaml", 1110, 1158, 1213, 0},   {"v3.10/community.yaml", 692, 712, 692, 0},
    {"v3.11/main.yaml", 1123, 1179, 1233, 0},   {"v3.11/community.yaml", 829, 886, 829, 0},
};

static void test_corpus_counts(void **state)
{
    for (size_t f = 0; f < MT_ARRAY_LEN(counts); f++) {
        mt_arena *a = *state;
        result r = parse_corpus(a, counts[f].file);
        size_t aff = 0, al = 0;
        char eco[32];
        snprintf(eco, sizeof(eco), "Alpine:%.*s", (int)(strchr(counts[f].file, '/') - counts[f].file),
                 counts[f].file);
        for (size_t i = 0; i < r.recs.len; i++) {
            const vr_record *x = r.recs.items[i];
            aff += x->naffected;
            al += x->naliases;
            assert_true(mt_startswith(x->id, "ALPINE-"));
            assert_string_equal(x->aliases[0], x->id + 7); /* the id itself first */
            assert_true(x->naffected > 0);
            for (size_t k = 0; k < x->naffected; k++)
                assert_string_equal(x->affected[k].ecosystem, eco);
            if (i)
                assert_true(strcmp(((vr_record *)r.recs.items[i - 1])->id, x->id) < 0);
            assert_null(x->modified);
            assert_null(x->withdrawn);
        }
        if (r.recs.len != counts[f].recs || aff != counts[f].affected || al != counts[f].aliases ||
            r.problems.len != counts[f].problems)
            fprintf(stderr, "%s: %zu %zu %zu %zu\n", counts[f].file, r.recs.len, aff, al,
                    r.problems.len);
        assert_int_equal(r.recs.len, counts[f].recs);
        assert_int_equal(aff, counts[f].affected);
        assert_int_equal(al, counts[f].aliases);
        assert_int_equal(r.problems.len, counts[f].problems);
        if (!counts[f].problems)
            assert_string_equal(r.err, "");
        result_free(&r);
    }
}

/* v3.10/main.yaml: plain entries, a comment in parentheses, "-1"/"-2"
 * suffixes, one CVE fixed twice in one package, one in two packages. */
static void test_v310_main(void **state)
{
    result r = parse_corpus(*state, "v3.10/main.yaml");
    const char *eco = "Alpine:v3.10";

    /* ansible 2.8.4-r0: CVE-2019-10206 */
    vr_record *x = find(&r, "ALPINE-CVE-2019-10206");
    assert_non_null(x);
    assert_aliases(x, 1, "CVE-2019-10206");
    assert_int_equal(x->naffected, 1);
    assert_fix(x, 0, eco, "ansible", "2.8.4-r0");
    assert_null(x->summary);
    assert_int_equal(x->nreferences, 0);
    assert_int_equal(x->nseverity, 0);

    /* tcpdump 4.9.3-r0: "CVE-2018-10103 (SMB - partially fixed, but SMB
     * printing disabled)" */
    x = find(&r, "ALPINE-CVE-2018-10103");
    assert_non_null(x);
    assert_aliases(x, 1, "CVE-2018-10103");
    assert_int_equal(x->naffected, 1);
    assert_fix(x, 0, eco, "tcpdump", "4.9.3-r0");

    /* rsync 3.1.2-r7: CVE-2017-17434-1 and CVE-2017-17434-2 */
    x = find(&r, "ALPINE-CVE-2017-17434");
    assert_non_null(x);
    assert_int_equal(x->naffected, 1);
    assert_fix(x, 0, eco, "rsync", "3.1.2-r7");
    assert_null(find(&r, "ALPINE-CVE-2017-17434-1"));

    /* busybox lists CVE-2019-5747 under 1.29.3-r10 and 1.30.1-r2 */
    x = find(&r, "ALPINE-CVE-2019-5747");
    assert_non_null(x);
    assert_int_equal(x->naffected, 1);
    assert_fix(x, 0, eco, "busybox", "1.30.1-r2");

    /* CVE-2019-11555: wpa_supplicant (2.7-r3 and 2.8-r0), hostapd 2.8-r0;
     * sorted by package name */
    x = find(&r, "ALPINE-CVE-2019-11555");
    assert_non_null(x);
    assert_int_equal(x->naffected, 2);
    assert_fix(x, 0, eco, "hostapd", "2.8-r0");
    assert_fix(x, 1, eco, "wpa_supplicant", "2.8-r0");

    /* xen 4.12.1-r0: "CVE-????-?????  XSA-295" */
    x = find(&r, "ALPINE-XSA-295");
    assert_non_null(x);
    assert_aliases(x, 1, "XSA-295");
    assert_fix(x, 0, eco, "xen", "4.12.1-r0");
    /* xen: "CVE-2017-8903 XSA-213" is one record, the XSA an alias */
    x = find(&r, "ALPINE-CVE-2017-8903");
    assert_non_null(x);
    assert_aliases(x, 2, "CVE-2017-8903", "XSA-213");
    assert_null(find(&r, "ALPINE-XSA-213"));
    result_free(&r);
}

/* v3.7/main.yaml, xen 4.9.1-r3:
 * "CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI": three
 * records, each with XSA-254 as alias, and "XPTI" reported. */
static void test_v37_main(void **state)
{
    result r = parse_corpus(*state, "v3.7/main.yaml");
    static const char *const cves[] = {"CVE-2017-5753", "CVE-2017-5715", "CVE-2017-5754"};
    for (size_t i = 0; i < 3; i++) {
        char id[64];
        snprintf(id, sizeof(id), "ALPINE-%s", cves[i]);
        vr_record *x = find(&r, id);
        assert_non_null(x);
        assert_aliases(x, 2, cves[i], "XSA-254");
        assert_int_equal(x->naffected, 1);
        assert_fix(x, 0, "Alpine:v3.7", "xen", "4.9.1-r3");
    }
    assert_null(find(&r, "ALPINE-XSA-254"));
    assert_int_equal(r.problems.len, 1);
    assert_string_equal(r.problems.items[0],
                        "v3.7/main.yaml:1937:13: xen 4.9.1-r3: not an identifier: \"XPTI\"");
    assert_string_equal(r.err, "1 problem, first: v3.7/main.yaml:1937:13: xen 4.9.1-r3: not an "
                               "identifier: \"XPTI\"");
    result_free(&r);

    /* secdb_parse() reports the same summary, without the list */
    size_t len;
    char *data = corpus("v3.7/main.yaml", &len);
    mt_vec out = {0};
    char err[512];
    assert_int_equal(secdb_parse(*state, data, len, "v3.7/main.yaml", &out, err, sizeof(err)), 1037);
    assert_true(mt_startswith(err, "1 problem, first: v3.7/main.yaml:1937:13: "));
    free(data);
    mt_vec_free(&out);
}

/* Other spellings: "CVE_2019-2426" (v3.10 community, openjdk7, beside a
 * plain CVE-2019-2426 of openjdk8), "CVE 2018-16859" (v3.9 ansible),
 * "CVE-2019-19451.patch" (v3.11 dia), Wireshark's "wnpa-sec-2017-18" and
 * Zabbix's "ZBX-11023" (v3.5), TALOS ids next to CVEs, and "0" (v3.8 db). */
static void test_spellings(void **state)
{
    result r = parse_corpus(*state, "v3.10/community.yaml");
    vr_record *x = find(&r, "ALPINE-CVE-2019-2426");
    assert_non_null(x);
    assert_int_equal(x->naffected, 2);
    assert_fix(x, 0, "Alpine:v3.10", "openjdk7", "7.211.2.6.17-r0");
    assert_string_equal(x->affected[1].name, "openjdk8");
    result_free(&r);

    r = parse_corpus(*state, "v3.9/main.yaml");
    x = find(&r, "ALPINE-CVE-2018-16859");
    assert_non_null(x);
    assert_fix(x, 0, "Alpine:v3.9", "ansible", "2.7.3-r0");
    x = find(&r, "ALPINE-XSA-284");
    assert_non_null(x);
    assert_fix(x, 0, "Alpine:v3.9", "xen", "4.11.2-r0");
    result_free(&r);

    r = parse_corpus(*state, "v3.11/community.yaml");
    x = find(&r, "ALPINE-CVE-2019-19451");
    assert_non_null(x);
    assert_fix(x, 0, "Alpine:v3.11", "dia", "0.97.3-r1");
    result_free(&r);

    r = parse_corpus(*state, "v3.5/main.yaml");
    x = find(&r, "ALPINE-wnpa-sec-2017-18");
    assert_non_null(x);
    assert_aliases(x, 1, "wnpa-sec-2017-18");
    assert_fix(x, 0, "Alpine:v3.5", "wireshark", "2.2.6-r0");
    x = find(&r, "ALPINE-CVE-2016-10134");
    assert_non_null(x);
    assert_aliases(x, 2, "CVE-2016-10134", "ZBX-11023");
    assert_fix(x, 0, "Alpine:v3.5", "zabbix", "3.0.4-r0");
    result_free(&r);

    r = parse_corpus(*state, "v3.10/main.yaml");
    x = find(&r, "ALPINE-CVE-2017-14450");
    assert_non_null(x);
    assert_aliases(x, 2, "CVE-2017-14450", "TALOS-2017-0499");
    result_free(&r);

    /* v3.8 main, db: "0": CVE-2016-0682 ... never affected, so no record */
    r = parse_corpus(*state, "v3.8/main.yaml");
    assert_null(find(&r, "ALPINE-CVE-2016-0682"));
    assert_null(find(&r, "ALPINE-CVE-2016-3418"));
    result_free(&r);
}

/* The JSON form, read as JSON (the .json name) and as YAML: same records. */
static void test_json_form(void **state)
{
    size_t len;
    char *data = vulnfx_read("secdb/v3.19-main.json", &len);
    for (int yaml = 0; yaml < 2; yaml++) {
        mt_vec out = {0}, probs = {0};
        char err[512];
        int rc = secdb_parse_ex(*state, data, len, yaml ? "main.yaml" : "v3.19-main.json", &out,
                                &probs, err, sizeof(err));
        if (rc < 0)
            fprintf(stderr, "%s\n", err);
        assert_int_equal(rc, 10);
        assert_string_equal(err, "");
        assert_int_equal(probs.len, 0);
        static const char *const ids[] = {
            "ALPINE-CVE-2022-48174", "ALPINE-CVE-2023-34322", "ALPINE-CVE-2023-38559",
            "ALPINE-CVE-2023-42363", "ALPINE-CVE-2023-42366", "ALPINE-CVE-2023-43115",
            "ALPINE-CVE-2023-46218", "ALPINE-CVE-2023-46219", "ALPINE-GHSA-abcd-2345-wxyz",
            "ALPINE-XSA-445",
        };
        for (size_t i = 0; i < 10; i++)
            assert_string_equal(((vr_record *)out.items[i])->id, ids[i]);
        const char *eco = "Alpine:v3.19";
        assert_fix(out.items[0], 0, eco, "busybox", "1.36.1-r7");
        assert_aliases(out.items[1], 2, "CVE-2023-34322", "XSA-438");
        assert_fix(out.items[1], 0, eco, "xen", "4.17.2-r4");
        /* listed under 10.02.0-r0 and again under 10.02.1-r0 */
        assert_int_equal(((vr_record *)out.items[2])->naffected, 1);
        assert_fix(out.items[2], 0, eco, "ghostscript", "10.02.1-r0");
        /* curl's "0" adds nothing; busybox's fix stays */
        assert_int_equal(((vr_record *)out.items[3])->naffected, 1);
        assert_fix(out.items[3], 0, eco, "busybox", "1.36.1-r16");
        assert_fix(out.items[6], 0, eco, "curl", "8.5.0-r0");
        assert_aliases(out.items[8], 1, "GHSA-abcd-2345-wxyz");
        assert_fix(out.items[8], 0, eco, "py3-exampletool", "1.2.3-r0");
        assert_fix(out.items[9], 0, eco, "xen", "4.17.3-r0");
        mt_vec_free(&out);
        mt_vec_free(&probs);
    }
    free(data);
}

/* ---- problems: reported, the file still imported ---- */

static void test_problems(void **state)
{
    const char *doc = "distroversion: v3.20\n"
                      "packages:\n"
                      "  - pkg:\n"
                      "      name: foo\n"
                      "      secfixes:\n"
                      "        1.0-r0:\n"
                      "          - CVE-2024-0001 see upstream\n"
                      "          -\n"
                      "          - \"(only a comment)\"\n"
                      "          - CVE-24-1\n"
                      "          - cve_2024-00002, XSA-9;GHSA-jjjj-mmmm-pppp (nested (parens))\n"
                      "        ~:\n"
                      "          - CVE-2024-0003\n"
                      "        2.0-r0:\n"
                      "          - \"CVE-2024-0004 \\x01bad\"\n";
    mt_vec out = {0}, probs = {0};
    char err[512];
    int rc = secdb_parse_ex(*state, doc, strlen(doc), "p.yaml", &out, &probs, err, sizeof(err));
    assert_int_equal(rc, 3);
    assert_string_equal(((vr_record *)out.items[1])->id, "ALPINE-CVE-2024-0001");
    assert_fix(out.items[2], 0, "Alpine:v3.20", "foo", "2.0-r0");
    vr_record *x = out.items[0]; /* strcmp order: "00002" < "0001" */
    assert_string_equal(x->id, "ALPINE-CVE-2024-00002");
    assert_aliases(x, 3, "CVE-2024-00002", "GHSA-jjjj-mmmm-pppp", "XSA-9");
    assert_fix(x, 0, "Alpine:v3.20", "foo", "1.0-r0");
    static const char *const want[] = {
        "p.yaml:7:13: foo 1.0-r0: not an identifier: \"see\"",
        "p.yaml:7:13: foo 1.0-r0: not an identifier: \"upstream\"",
        "p.yaml:6:9: foo 1.0-r0: an empty entry",
        "p.yaml:9:13: foo 1.0-r0: no identifier in \"(only a comment)\"",
        "p.yaml:10:13: foo 1.0-r0: no identifier in \"CVE-24-1\"",
        "p.yaml:12:9: foo: an empty version",
        "p.yaml:15:13: foo 2.0-r0: not an identifier: \"?bad\"", /* control bytes as '?' */
    };
    for (size_t i = 0; i < probs.len && i < MT_ARRAY_LEN(want); i++)
        if (strcmp(probs.items[i], want[i]) != 0)
            fprintf(stderr, "problem %zu: got \"%s\"\n", i, (char *)probs.items[i]);
    assert_int_equal(probs.len, MT_ARRAY_LEN(want));
    for (size_t i = 0; i < MT_ARRAY_LEN(want); i++)
        assert_string_equal(probs.items[i], want[i]);
    assert_string_equal(err, "7 problems, first: p.yaml:7:13: foo 1.0-r0: not an identifier: \"see\"");
    mt_vec_free(&out);
    mt_vec_free(&probs);

    /* more than SECDB_MAX_IDS ids in one entry: the first 64 are kept */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "distroversion: v3.20\npackages:\n- pkg:\n    name: x\n    secfixes:\n      1-r0:\n      - \"");
    for (int i = 0; i < 70; i++)
        mt_buf_printf(&b, "XSA-%d ", i);
    mt_buf_puts(&b, "\"\n");
    rc = secdb_parse_ex(*state, b.data, b.len, NULL, &out, &probs, err, sizeof(err));
    assert_int_equal(rc, 64);
    assert_int_equal(probs.len, 1);
    assert_string_equal(probs.items[0], "<secdb>:7:9: x 1-r0: more than 64 identifiers in one entry");
    mt_buf_free(&b);
    mt_vec_free(&out);
    mt_vec_free(&probs);
}

/* ---- refused input: exact messages ---- */

static void expect_err(mt_arena *a, const char *name, const char *doc, const char *want)
{
    mt_vec out = {0}, probs = {0};
    mt_vec_push(&out, (void *)"sentinel");
    char err[512];
    int rc = secdb_parse_ex(a, doc, strlen(doc), name, &out, &probs, err, sizeof(err));
    if (rc != -1 || strcmp(err, want) != 0)
        fprintf(stderr, "got %d \"%s\"\nwant \"%s\"\n", rc, err, want);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
    assert_int_equal(out.len, 1);
    assert_int_equal(probs.len, 0);
    mt_vec_free(&out);
}

#define HEAD "distroversion: v3.20\npackages:\n"

static void test_refused(void **state)
{
    mt_arena *a = *state;
    /* the classic alias bomb: nine levels of nine references; refused at
     * its first alias, nothing expanded */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, HEAD "lol0: &l0 [\"CVE-2024-0001\"]\n");
    for (int lvl = 1; lvl <= 9; lvl++) {
        mt_buf_printf(&b, "lol%d: &l%d [", lvl, lvl);
        for (int k = 0; k < 9; k++)
            mt_buf_printf(&b, "%s*l%d", k ? ", " : "", lvl - 1);
        mt_buf_puts(&b, "]\n");
    }
    expect_err(a, "bomb.yaml", b.data, "bomb.yaml:4:12: YAML aliases are not supported");
    mt_buf_free(&b);
    /* an alias where the parser would read it */
    expect_err(a, "a.yaml",
               HEAD "- pkg:\n    name: x\n    secfixes: &s {1-r0: [CVE-2024-1]}\n"
                    "- pkg:\n    name: y\n    secfixes: *s\n",
               "a.yaml:8:15: YAML aliases are not supported");
    /* JSON mode has no aliases at all */
    expect_err(a, "a.json", "{\"distroversion\": \"v3.20\", \"packages\": *p}",
               "a.json:1:40: invalid JSON: alias not supported in JSON mode");

    /* malformed YAML: libfyaml's message and position */
    expect_err(a, "bad.yaml", HEAD "- pkg: [1, 2\n", "bad.yaml:4:1: invalid YAML: flow sequence without a closing bracket");
    expect_err(a, "dup.yaml", "distroversion: v3.20\ndistroversion: v3.21\npackages:\n",
               "dup.yaml:2:1: invalid YAML: duplicate key");
    expect_err(a, "tab.yaml", HEAD "\t- pkg: x\n", "tab.yaml:3:1: invalid YAML: tab character may not be used as indentation");
    expect_err(a, "trail.json", "{\"distroversion\": \"v3.20\", \"packages\": [],}",
               "trail.json:1:42: invalid JSON: JSON disallows trailing comma before closing brace");
    expect_err(a, "empty.yaml", "", "empty.yaml: invalid YAML: empty document");
    expect_err(a, NULL, "# only a comment\n", "<secdb>: invalid YAML: empty document");

    /* not UTF-8, or a NUL byte: refused before libfyaml reads it (libfyaml
     * 0.7.12 loops forever on the first one, found by fuzz_secdb) */
    expect_err(a, "u.yaml", "%a \377\n", "u.yaml:1:4: not UTF-8 text (or a NUL byte)");
    expect_err(a, "u.yaml", HEAD "- pkg:\n    name: \xC0\x80\n", "u.yaml:4:11: not UTF-8 text (or a NUL byte)");
    expect_err(a, "u.yaml", HEAD "- pkg:\n    name: \xED\xA0\x80\n", "u.yaml:4:11: not UTF-8 text (or a NUL byte)");
    expect_err(a, "u.yaml", HEAD "- pkg:\n    name: \xF4\x90\x80\x80\n", "u.yaml:4:11: not UTF-8 text (or a NUL byte)");
    expect_err(a, "u.yaml", HEAD "- pkg:\n    name: ab\xE2\x82", "u.yaml:4:13: not UTF-8 text (or a NUL byte)");
    {
        static const char nul[] = "distroversion: v3\0\npackages: []\n";
        mt_vec out = {0};
        char err[128];
        assert_int_equal(secdb_parse(a, nul, sizeof(nul) - 1, "n.yaml", &out, err, sizeof(err)), -1);
        assert_string_equal(err, "n.yaml:1:18: not UTF-8 text (or a NUL byte)");
        const char *utf8 = HEAD "- pkg:\n    name: caf\xC3\xA9-\xE2\x82\xAC-\xF0\x9F\x90\xA7\n"
                           "    secfixes: {1-r0: [CVE-2024-1234]}\n";
        assert_int_equal(secdb_parse(a, utf8, strlen(utf8), "ok.yaml", &out, err, sizeof(err)), 1);
        assert_string_equal(((vr_record *)out.items[0])->affected[0].name, "caf\xC3\xA9-\xE2\x82\xAC-\xF0\x9F\x90\xA7");
        mt_vec_free(&out);
    }

    /* nesting deeper than libfyaml's limit */
    mt_buf_init(&b);
    mt_buf_puts(&b, HEAD "- x: ");
    for (int i = 0; i < 70; i++)
        mt_buf_putc(&b, '[');
    expect_err(a, "deep.yaml", b.data, "deep.yaml:3:66: invalid YAML: Max depth (64) exceeded");
    mt_buf_free(&b);

    /* wrong shapes */
    expect_err(a, "s.yaml", "- a\n- b\n", "s.yaml:1:3: expected a mapping at the top of the document");
    expect_err(a, "s.yaml", "packages: []\n", "s.yaml:1:1: distroversion: missing");
    expect_err(a, "s.yaml", "distroversion: [v3]\npackages: []\n",
               "s.yaml:1:1: distroversion: expected a scalar");
    expect_err(a, "s.yaml", "distroversion: v3.20\n", "s.yaml:1:1: packages: missing");
    expect_err(a, "s.yaml", "distroversion: \"\"\npackages: []\n", "s.yaml:1:16: distroversion: empty");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: ''\n", "s.yaml:4:11: pkg: empty name");
    expect_err(a, "s.yaml", HEAD "  pkg: {name: x}\n", "s.yaml:2:1: packages: expected a sequence");
    expect_err(a, "s.yaml", HEAD "- just a string\n", "s.yaml:3:3: packages: expected a mapping with a pkg");
    expect_err(a, "s.yaml", HEAD "- pkg: x\n", "s.yaml:3:8: pkg: expected a mapping with a name");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    secfixes: {}\n", "s.yaml:4:5: pkg: no name");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: [x]\n", "s.yaml:4:5: name: expected a scalar");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: x\n    secfixes: [1-r0]\n",
               "s.yaml:5:5: x: secfixes: expected a mapping of versions");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: x\n    secfixes:\n      1-r0: CVE-2024-1\n",
               "s.yaml:6:13: x 1-r0: expected a sequence of identifiers");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: x\n    secfixes:\n      1-r0: [{a: b}]\n",
               "s.yaml:6:15: entry: expected a scalar");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: x\n    secfixes:\n      [1]: [CVE-2024-1]\n",
               "s.yaml:6:8: version: expected a scalar");
    expect_err(a, "s.yaml", HEAD "- pkg:\n    name: \"a\\0b\"\n", "s.yaml:4:11: name: holds a NUL byte");

    /* size */
    size_t big = SECDB_MAX_DOC + 1;
    char *huge = malloc(big);
    assert_non_null(huge);
    memset(huge, '\n', big);
    mt_vec out = {0};
    char err[256];
    assert_int_equal(secdb_parse(a, huge, big, "huge.yaml", &out, err, sizeof(err)), -1);
    assert_string_equal(err, "huge.yaml: document larger than 16777216 bytes");
    free(huge);
    /* a scalar above 1 MiB */
    mt_buf_init(&b);
    mt_buf_puts(&b, HEAD "- pkg:\n    name: ");
    for (size_t i = 0; i <= SECDB_MAX_SCALAR; i++)
        mt_buf_putc(&b, 'n');
    mt_buf_puts(&b, "\n");
    assert_int_equal(secdb_parse(a, b.data, b.len, "long.yaml", &out, err, sizeof(err)), -1);
    assert_string_equal(err, "long.yaml:4:11: name: longer than 1048576 bytes");
    mt_buf_free(&b);

    /* null packages and null secfixes are empty, unknown keys ignored */
    const char *ok = "distroversion: v3.3\nreponame: community\nextra: {a: [1, 2]}\npackages:\n";
    assert_int_equal(secdb_parse(a, ok, strlen(ok), "ok.yaml", &out, err, sizeof(err)), 0);
    assert_string_equal(err, "");
    ok = HEAD "- pkg:\n    name: x\n    secfixes:\n    other: 1\n  extra: 2\n";
    assert_int_equal(secdb_parse(a, ok, strlen(ok), "ok.yaml", &out, err, sizeof(err)), 0);
    assert_int_equal(out.len, 0);
    mt_vec_free(&out);
}

/* SECDB_MAX_PROBLEMS strings are kept, all are counted; more than
 * SECDB_MAX_AFFECTED (id, package) pairs fail the file. */
static void test_limits(void **state)
{
    mt_arena *a = *state;
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, HEAD "- pkg:\n    name: x\n    secfixes:\n      1-r0:\n");
    for (int i = 0; i < 1200; i++)
        mt_buf_puts(&b, "      - CVE-2024-0001 junk\n");
    mt_vec out = {0}, probs = {0};
    char err[512];
    assert_int_equal(secdb_parse_ex(a, b.data, b.len, "p.yaml", &out, &probs, err, sizeof(err)), 1);
    assert_int_equal(probs.len, SECDB_MAX_PROBLEMS);
    assert_string_equal(probs.items[999], "p.yaml:1006:9: x 1-r0: not an identifier: \"junk\"");
    assert_string_equal(err, "1200 problems, first: p.yaml:7:9: x 1-r0: not an identifier: \"junk\"");
    mt_vec_free(&out);
    mt_vec_free(&probs);

    /* 64 XSA ids an entry, one record each */
    for (int extra = 0; extra < 2; extra++) {
        mt_buf_clear(&b);
        mt_buf_puts(&b, HEAD "- pkg:\n    name: x\n    secfixes:\n      1-r0:\n");
        size_t total = SECDB_MAX_AFFECTED + (size_t)extra;
        for (size_t i = 0; i < total; i++) {
            if (i % SECDB_MAX_IDS == 0)
                mt_buf_puts(&b, i ? "\n      - " : "      - ");
            mt_buf_printf(&b, "XSA-%zu ", i);
        }
        mt_buf_puts(&b, "\n");
        int rc = secdb_parse(a, b.data, b.len, "big.yaml", &out, err, sizeof(err));
        if (extra) {
            assert_int_equal(rc, -1);
            char want[128];
            snprintf(want, sizeof(want), "big.yaml:%d:9: more than 1000000 affected entries in one file",
                     7 + SECDB_MAX_AFFECTED / SECDB_MAX_IDS);
            assert_string_equal(err, want);
        } else {
            assert_int_equal(rc, SECDB_MAX_AFFECTED);
        }
        mt_vec_free(&out);
    }
    mt_buf_free(&b);
}

/* The same input gives the same output, whatever was parsed before. */
static void test_deterministic(void **state)
{
    result r1 = parse_corpus(*state, "v3.11/main.yaml");
    result r2 = parse_corpus(*state, "v3.11/main.yaml");
    assert_int_equal(r1.recs.len, r2.recs.len);
    for (size_t i = 0; i < r1.recs.len; i++) {
        const vr_record *x = r1.recs.items[i], *y = r2.recs.items[i];
        assert_string_equal(x->id, y->id);
        assert_int_equal(x->naffected, y->naffected);
        for (size_t k = 0; k < x->naffected; k++) {
            assert_string_equal(x->affected[k].name, y->affected[k].name);
            assert_string_equal(x->affected[k].ranges[0].events[1].version,
                                y->affected[k].ranges[0].events[1].version);
        }
    }
    result_free(&r1);
    result_free(&r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_corpus_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v310_main, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v37_main, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spellings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
