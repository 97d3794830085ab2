/* test_secret_engine.c — unit tests of the secret scanner's engine
 * (secret/secret.h): rule files refused with their exact messages (YAML
 * errors with line:col, unknown keys, bad regexes naming the rule, the
 * dialect), replacing and disabling rules; every filter (keywords, entropy,
 * stop words, allowlist regexes on secret, match and line, paths, the global
 * allowlist); capture groups, offsets, lines and columns (CRLF too);
 * overlapping candidates giving one match; matches in file order and equal
 * to what PCRE2 alone finds over the whole text; streaming in every chunk
 * size from 1 to 64 giving the whole-buffer matches; a 10 MB line in
 * bounded memory; binary detection, masking, entropy; a catastrophic regex
 * stopped by the match limit; sec_scan_fd; the built-in rules. The rules
 * used are tests/secret/engine-rules.yaml. Secrets are built at run time
 * so that no token-like string sits in the repository. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfyaml.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "secret/secret.h"

/* ---- fixtures ---- */

static char *read_fixture(const char *name, size_t *len)
{
    char dir[1024], path[1200];
    mt_dirname(__FILE__, dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/../secret/%s", dir, name);
    char *data = NULL;
    const char *err = NULL;
    if (mt_read_file(path, 1 << 20, &data, len, &err) != 0)
        fail_msg("%s: %s", path, err);
    return data;
}

static sec_ruleset *ruleset_from(const char *yaml)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024];
    if (sec_ruleset_load(rs, yaml, strlen(yaml), "t.yaml", err, sizeof(err)) != 0)
        fail_msg("load: %s", err);
    if (sec_ruleset_compile(rs, err, sizeof(err)) != 0)
        fail_msg("compile: %s", err);
    return rs;
}

static sec_ruleset *engine_rules(void)
{
    size_t len;
    char *y = read_fixture("engine-rules.yaml", &len);
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024];
    if (sec_ruleset_load(rs, y, len, "engine-rules.yaml", err, sizeof(err)) != 0 ||
        sec_ruleset_compile(rs, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    free(y);
    return rs;
}

/* A copy of one reported match. */
typedef struct mc {
    char rule[32];
    uint64_t start, end, ms, me;
    int line, col, end_line;
    char *secret;
    size_t slen;
    char *line_text;
    double entropy;
} mc;

typedef struct mlist {
    mc *v;
    size_t n, cap;
} mlist;

static void collect(void *ud, const sec_match *m)
{
    mlist *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, l->cap * sizeof(mc));
        assert_non_null(l->v);
    }
    mc *c = &l->v[l->n++];
    snprintf(c->rule, sizeof(c->rule), "%s", m->rule->meta.id);
    c->start = m->start;
    c->end = m->end;
    c->ms = m->match_start;
    c->me = m->match_end;
    c->line = m->line;
    c->col = m->col;
    c->end_line = m->end_line;
    c->secret = malloc(m->secret_len + 1);
    memcpy(c->secret, m->secret, m->secret_len + 1);
    c->slen = m->secret_len;
    c->line_text = strdup(m->line_text);
    c->entropy = m->entropy;
    /* what every match satisfies */
    assert_true(m->start <= m->end && m->match_start <= m->start && m->end <= m->match_end);
    assert_true(m->line >= 1 && m->col >= 1 && m->end_line >= m->line);
    assert_true(strlen(m->line_text) <= 512);
    assert_int_equal(m->secret[m->secret_len], '\0');
}

static void mlist_free(mlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].secret);
        free(l->v[i].line_text);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static mlist scan(const sec_ruleset *rs, const char *path, const char *data, size_t len)
{
    mlist l = {0};
    sec_scanner *sc = sec_scanner_new(rs);
    assert_non_null(sc);
    int n = sec_scan_buffer(sc, path, data, len, collect, &l);
    assert_int_equal(n, (int)l.n);
    sec_scanner_free(sc);
    return l;
}

static mlist scan_str(const sec_ruleset *rs, const char *text)
{
    return scan(rs, NULL, text, strlen(text));
}

/* Streams data in chunks of `chunk` bytes (sizes cycle through 1..chunk
 * when vary is set). */
static mlist scan_chunks(sec_scanner *sc, const char *path, const char *data, size_t len,
                         size_t chunk, bool vary)
{
    mlist l = {0};
    assert_int_equal(sec_stream_begin(sc, path), 0);
    int total = 0;
    size_t k = 1;
    for (size_t off = 0; off < len;) {
        size_t n = vary ? k : chunk;
        if (n > len - off)
            n = len - off;
        int r = sec_stream_feed(sc, data + off, n, collect, &l);
        assert_true(r >= 0);
        total += r;
        off += n;
        k = k % chunk + 1;
    }
    int r = sec_stream_end(sc, collect, &l);
    assert_true(r >= 0);
    total += r;
    assert_int_equal(total, (int)l.n);
    return l;
}

static void assert_same(const mlist *a, const mlist *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu matches, expected %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const mc *x = &a->v[i], *y = &b->v[i];
        if (strcmp(x->rule, y->rule) || x->start != y->start || x->end != y->end ||
            x->ms != y->ms || x->me != y->me || x->line != y->line || x->col != y->col ||
            x->end_line != y->end_line || x->slen != y->slen ||
            memcmp(x->secret, y->secret, x->slen) || strcmp(x->line_text, y->line_text) ||
            x->entropy != y->entropy)
            fail_msg("%s: match %zu differs: %s [%llu,%llu) %d:%d vs %s [%llu,%llu) %d:%d", what, i,
                     x->rule, (unsigned long long)x->start, (unsigned long long)x->end, x->line,
                     x->col, y->rule, (unsigned long long)y->start, (unsigned long long)y->end,
                     y->line, y->col);
    }
}

/* The secrets reported, "RULE:secret" joined by spaces. */
static char *summary(const mlist *l)
{
    static char buf[8192];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->n && o < sizeof(buf); i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s:%s", i ? " " : "", l->v[i].rule,
                              l->v[i].secret);
    return buf;
}

/* Deterministic pseudo-random letters and digits. */
static uint64_t rng = 88172645463325252ull;
static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static void rand_alnum(char *out, size_t n)
{
    static const char cs[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < n; i++)
        out[i] = cs[rnd() % 62];
    out[n] = '\0';
}

/* "tok_" and 20 random characters (rule T001). */
static const char *tok(void)
{
    static char buf[8][32];
    static int k;
    char *b = buf[k++ % 8];
    memcpy(b, "tok_", 4);
    rand_alnum(b + 4, 20);
    return b;
}

/* ---- entropy, mask, binary ---- */

static void test_entropy(void **state)
{
    (void)state;
    assert_true(sec_entropy("", 0) == 0.0);
    assert_true(sec_entropy("aaaaaaaa", 8) == 0.0);
    assert_true(fabs(sec_entropy("ab", 2) - 1.0) < 1e-12);
    assert_true(fabs(sec_entropy("abcd", 4) - 2.0) < 1e-12);
    assert_true(fabs(sec_entropy("aab", 3) - 0.9182958340544896) < 1e-12);
    assert_true(fabs(sec_entropy("0123456789abcdef", 16) - 4.0) < 1e-12);
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    assert_true(fabs(sec_entropy(all, 256) - 8.0) < 1e-12);
}

static void test_mask(void **state)
{
    (void)state;
    char out[128];
    sec_mask("AKIAIOSFODNN7EXAMPLE", 20, out, sizeof(out));
    assert_string_equal(out, "AKIA****************");
    sec_mask("hunter2", 7, out, sizeof(out));
    assert_string_equal(out, "*******");
    sec_mask("12345678901", 11, out, sizeof(out));
    assert_string_equal(out, "***********");
    sec_mask("123456789012", 12, out, sizeof(out));
    assert_string_equal(out, "1234********");
    sec_mask("", 0, out, sizeof(out));
    assert_string_equal(out, "");
    /* bounded by outlen, NUL-terminated */
    sec_mask("AKIAIOSFODNN7EXAMPLE", 20, out, 8);
    assert_string_equal(out, "AKIA***");
    /* characters, not bytes: 6 Cyrillic letters and 7 digits */
    const char *cyr = "\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c" "1234567";
    sec_mask(cyr, strlen(cyr), out, sizeof(out));
    assert_string_equal(out, "\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe*********");
    /* never copies a control or invalid byte */
    sec_mask("\x01\xff" "cdefghijklmn", 14, out, sizeof(out));
    assert_string_equal(out, "**cd**********");
}

static void test_binary(void **state)
{
    (void)state;
    assert_false(sec_looks_binary("", 0));
    const char *text = "int main(void)\n{\n\treturn 0;\n}\r\n\x1b[1mbold\x1b[0m\f\n";
    assert_false(sec_looks_binary(text, strlen(text)));
    assert_true(sec_looks_binary("abc\0def", 7));
    /* a NUL past the first 8 KiB does not count */
    char *big = malloc(10000);
    memset(big, 'a', 10000);
    big[9000] = '\0';
    assert_false(sec_looks_binary(big, 10000));
    big[8191] = '\0';
    assert_true(sec_looks_binary(big, 10000));
    /* control bytes: 5% is text, 20% is binary */
    memset(big, 'a', 10000);
    for (int i = 0; i < 1000; i += 20)
        big[i] = '\x02';
    assert_false(sec_looks_binary(big, 1000));
    for (int i = 0; i < 1000; i += 5)
        big[i] = '\x02';
    assert_true(sec_looks_binary(big, 1000));
    free(big);
}

/* ---- loading ---- */

#define RULE(id, extra)                                                                        \
    "  - id: " id "\n    title: t\n    severity: high\n    regex: 'ab[0-9]+'\n" extra

static void expect_load_error_n(const char *yaml, size_t len, const char *want)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024] = "x";
    int rc = sec_ruleset_load(rs, yaml, len, "t.yaml", err, sizeof(err));
    if (rc == 0)
        fail_msg("loaded, expected: %s", want);
    if (strcmp(err, want) != 0)
        fail_msg("got  '%s'\nwant '%s'", err, want);
    assert_int_equal(sec_ruleset_count(rs), 0);
    sec_ruleset_free(rs);
}

static void expect_load_error(const char *yaml, const char *want)
{
    expect_load_error_n(yaml, strlen(yaml), want);
}

static void expect_compile_error(const char *yaml, const char *want)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024] = "x";
    if (sec_ruleset_load(rs, yaml, strlen(yaml), "t.yaml", err, sizeof(err)) != 0)
        fail_msg("load: %s", err);
    if (sec_ruleset_compile(rs, err, sizeof(err)) == 0)
        fail_msg("compiled, expected: %s", want);
    if (strcmp(err, want) != 0)
        fail_msg("got  '%s'\nwant '%s'", err, want);
    assert_null(sec_scanner_new(rs));
    sec_ruleset_free(rs);
}

static void test_load_errors(void **state)
{
    (void)state;
    /* YAML itself, with libfyaml's line:col */
    expect_load_error("rules:\n  - id: SE1\n    title: 'x\n",
                      "t.yaml:3:13: invalid YAML: single-quoted scalar without closing quote");
    expect_load_error("rules: [\n", "t.yaml:2:1: invalid YAML: flow sequence without a closing bracket");
    expect_load_error("rules:\n- id: SE1\n  title: t\n  title: u\n", "t.yaml:4:3: invalid YAML: duplicate key");
    expect_load_error("", "t.yaml: empty document");
    expect_load_error("a: \xff\n", "t.yaml:1:4: not UTF-8 text (or a NUL byte)");
    expect_load_error_n("a: b\0c\n", 7, "t.yaml:1:5: not UTF-8 text (or a NUL byte)");
    expect_load_error("x: &a [1]\nrules: *a\n", "t.yaml:2:8: YAML aliases are not supported");
    expect_load_error("- a\n", "t.yaml:1:3: expected a mapping with rules, allowlist or disable");
    /* keys */
    expect_load_error("rule:\n", "t.yaml:1:1: unknown key 'rule' (expected rules, allowlist or disable)");
    expect_load_error("rules:\n" RULE("SE1", "    regexp: x\n"),
                      "t.yaml:6:5: rule SE1: unknown key 'regexp'");
    expect_load_error("rules:\n" RULE("SE1", "    allowlist:\n      path: [x]\n"),
                      "t.yaml:7:7: rule SE1: unknown key 'path' in allowlist");
    expect_load_error("allowlist:\n  stopword: [x]\n", "t.yaml:2:3: unknown key 'stopword' in allowlist");
    expect_load_error("rules:\n  - title: t\n    regex: x\n", "t.yaml:2:5: rule #1: missing id");
    expect_load_error("rules:\n" RULE("SE1", "") "  - id: SE2\n    title: t\n    severity: low\n",
                      "t.yaml:6:5: rule SE2: missing regex");
    expect_load_error("rules:\n  - id: 'SE 1'\n", "t.yaml:2:9: rule #1: id must be 1-64 of A-Z a-z 0-9 . _ -");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: urgent\n    regex: x\n",
                      "t.yaml:4:15: rule SE1: severity must be critical, high, medium, low or info, not 'urgent'");
    expect_load_error("rules:\n" RULE("SE1", "    keywords: ab\n"),
                      "t.yaml:6:15: rule SE1: keywords: expected a sequence");
    expect_load_error("rules:\n" RULE("SE1", "    entropy: 8.5\n"),
                      "t.yaml:6:14: rule SE1: entropy must be a number from 0 to 8");
    expect_load_error("rules:\n" RULE("SE1", "    secret-group: 1\n"),
                      "t.yaml:6:19: rule SE1: secret-group 1 but the regex has 0 capturing groups");
    expect_load_error("rules:\n" RULE("SE1", "    aliases: [a, b, c, d]\n"),
                      "t.yaml:6:5: rule SE1: aliases: more than 3 entries");
    expect_load_error("rules:\n" RULE("SE1", "    allowlist:\n      regex-target: word\n"),
                      "t.yaml:7:21: rule SE1: allowlist.regex-target: expected secret, match or line");
    /* regexes name the rule and point at the regex */
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: 'a(bc'\n",
                      "t.yaml:5:12: rule SE1: regex: missing closing parenthesis at offset 4");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: 'x\\p{L}+'\n",
                      "t.yaml:5:12: rule SE1: regex: Unicode properties (\\p, \\P) are not supported (at offset 1)");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: 'a(?U)b+'\n",
                      "t.yaml:5:12: rule SE1: regex: only the flags i, m, s and x are supported (at offset 3)");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: '(*UTF)ab'\n",
                      "t.yaml:5:12: rule SE1: regex: (*VERB) directives are not supported (at offset 0)");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: '(a)(?1)'\n",
                      "t.yaml:5:12: rule SE1: regex: recursion and subroutine calls are not supported (at offset 3)");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: high\n    regex: '(?<=a{300})b'\n",
                      "t.yaml:5:12: rule SE1: regex: lookbehind longer than 255 bytes");
    expect_load_error("rules:\n" RULE("SE1", "    allowlist:\n      regexes: ['(x']\n"),
                      "t.yaml:7:17: rule SE1: allowlist.regexes: missing closing parenthesis at offset 2");
    /* a class holding "(?" or "\p" literally is fine */
    sec_ruleset *rs = ruleset_from("rules:\n  - id: SE1\n    title: t\n    severity: high\n"
                                   "    regex: '[(?|]\\\\p[]\\\\p]'\n");
    sec_ruleset_free(rs);
    /* one ID twice in a document; disable naming nothing */
    expect_load_error("rules:\n" RULE("SE1", "") RULE("se1", ""),
                      "t.yaml:6:9: rule SE1: duplicate id (the rule with its regex at line 5)");
    expect_load_error("rules:\n" RULE("SE1", "") "disable: [SE9]\n",
                      "t.yaml:6:11: disable: no rule 'SE9'");
    /* compile errors name the rule and where its regex is */
    expect_compile_error("rules:\n" RULE("SE1", "") "  - id: SE2\n    title: t\n    severity: low\n"
                         "    regex: 'x?'\n",
                         "t.yaml:9:12: rule SE2: regex: can match the empty string");
    expect_compile_error("rules:\n  - id: SE1\n    title: t\n    severity: low\n    regex: '[a-z]{9000}'\n",
                         "t.yaml:5:12: rule SE1: regex: its matches are at least 9000 bytes long, more than 8192");
    expect_load_error("rules:\n  - id: SE1\n    title: t\n    severity: low\n    regex: '.{70000}'\n",
                      "t.yaml:5:12: rule SE1: regex: number too big in {} quantifier at offset 7");
    /* what PCRE2 takes and Vectorscan refuses */
    expect_compile_error("rules:\n  - id: SE1\n    title: t\n    severity: low\n    regex: 'xa{0,40000}'\n",
                         "t.yaml:5:12: rule SE1: regex: Vectorscan: Bounded repeat is too large.");
}

static void test_load_failure_changes_nothing(void **state)
{
    (void)state;
    sec_ruleset *rs = sec_ruleset_new();
    char err[512];
    const char *one = "rules:\n" RULE("SE1", "    aliases: [first]\n") "allowlist:\n  stopwords: [aaa]\n";
    assert_int_equal(sec_ruleset_load(rs, one, strlen(one), "one", err, sizeof(err)), 0);
    /* replaces SE1, adds SE2, then fails on SE3: nothing of it stays */
    const char *two = "rules:\n" RULE("SE1", "    aliases: [second]\n") RULE("SE2", "")
        "  - id: SE3\n    title: t\n    severity: high\n    regex: '('\n";
    assert_int_equal(sec_ruleset_load(rs, two, strlen(two), "two", err, sizeof(err)), -1);
    assert_string_equal(err, "two:14:12: rule SE3: regex: missing closing parenthesis at offset 1");
    assert_int_equal(sec_ruleset_count(rs), 1);
    assert_non_null(sec_ruleset_find(rs, "first"));
    assert_null(sec_ruleset_find(rs, "second"));
    sec_ruleset_free(rs);
}

static void test_replace_and_disable(void **state)
{
    (void)state;
    sec_ruleset *rs = sec_ruleset_new();
    char err[512];
    const char *one = "rules:\n"
                      "  - id: SE3\n    title: three\n    severity: low\n    regex: 'c[0-9]'\n"
                      "  - id: SE1\n    title: one\n    severity: high\n    regex: 'a[0-9]'\n"
                      "    aliases: [gl-one, trivy-one]\n"
                      "  - id: SE2\n    title: two\n    severity: Medium\n    regex: 'b[0-9]'\n";
    assert_int_equal(sec_ruleset_load(rs, one, strlen(one), "one", err, sizeof(err)), 0);
    assert_int_equal(sec_ruleset_count(rs), 3);
    /* in ID order */
    assert_string_equal(sec_ruleset_rule(rs, 0)->meta.id, "SE1");
    assert_string_equal(sec_ruleset_rule(rs, 1)->meta.id, "SE2");
    assert_string_equal(sec_ruleset_rule(rs, 2)->meta.id, "SE3");
    assert_null(sec_ruleset_rule(rs, 3));
    assert_int_equal(sec_ruleset_rule(rs, 1)->meta.severity, MT_SEV_MEDIUM);
    assert_string_equal(sec_ruleset_rule(rs, 0)->meta.type, "secret");
    /* found by ID or alias, any case */
    assert_string_equal(sec_ruleset_find(rs, "se1")->meta.title, "one");
    assert_string_equal(sec_ruleset_find(rs, "TRIVY-ONE")->meta.id, "SE1");
    assert_null(sec_ruleset_find(rs, "SE4"));
    /* a later document replaces SE1 whole and disables SE2 by ID and SE3
     * by alias... SE3 has none: by ID then */
    const char *two = "rules:\n"
                      "  - id: se1\n    title: one again\n    severity: critical\n"
                      "    regex: 'z[0-9]'\n    secret-group: 0\n"
                      "  - id: SE4\n    title: four\n    severity: info\n    regex: 'd[0-9]'\n"
                      "    aliases: [four-alias]\n"
                      "disable: [SE2, four-alias]\n";
    assert_int_equal(sec_ruleset_load(rs, two, strlen(two), "two", err, sizeof(err)), 0);
    assert_int_equal(sec_ruleset_count(rs), 2);
    const sec_rule *r = sec_ruleset_find(rs, "SE1");
    assert_string_equal(r->meta.title, "one again");
    assert_string_equal(r->meta.id, "se1");
    assert_string_equal(r->regex, "z[0-9]");
    assert_int_equal(r->meta.severity, MT_SEV_CRITICAL);
    assert_null(sec_ruleset_find(rs, "gl-one")); /* the old aliases went with it */
    assert_null(sec_ruleset_find(rs, "SE2"));
    assert_null(sec_ruleset_find(rs, "SE4"));
    assert_non_null(sec_ruleset_find(rs, "SE3"));
    /* disabling a rule that a previous document disabled is an error */
    const char *three = "disable: [SE2]\n";
    assert_int_equal(sec_ruleset_load(rs, three, strlen(three), "three", err, sizeof(err)), -1);
    assert_string_equal(err, "three:1:11: disable: no rule 'SE2'");
    assert_int_equal(sec_ruleset_compile(rs, err, sizeof(err)), 0);
    /* loading after compiling is refused */
    assert_int_equal(sec_ruleset_load(rs, one, strlen(one), "one", err, sizeof(err)), -1);
    assert_string_equal(err, "one: the ruleset is already compiled");
    mlist l = scan_str(rs, "a1 b2 c3 d4 z5");
    assert_string_equal(summary(&l), "SE3:c3 se1:z5");
    mlist_free(&l);
    sec_ruleset_free(rs);
}

/* Single-quoted scalars are decoded by the loader itself (libfyaml 0.7.12
 * leaks on four or more '' escapes): escapes and line folding. */
static void test_single_quoted(void **state)
{
    (void)state;
    const char *y = "rules:\n"
                    "  - id: 'S1'\n"
                    "    title: '  lead\n      folded  \n\n\n      two breaks\t\n      end '\n"
                    "    severity: 'low'\n"
                    "    regex: '[\"'']{0,2}k[\"'']{0,2}=[\"'']{0,2}(v[0-9]+)[\"'']'\n"
                    "    secret-group: 1\n"
                    "    description: ''\n"
                    "    keywords: ['k', '''k''', 'x''''''''y']\n"
                    "  - id: S2\n    title: t\n    severity: low\n    regex: 'a\r\n      b'\n";
    sec_ruleset *rs = sec_ruleset_new();
    char err[512];
    if (sec_ruleset_load(rs, y, strlen(y), "t.yaml", err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_string_equal(err, "");
    const sec_rule *r = sec_ruleset_find(rs, "S1");
    assert_non_null(r);
    assert_string_equal(r->meta.title, "  lead folded\n\ntwo breaks end ");
    assert_string_equal(r->regex, "[\"']{0,2}k[\"']{0,2}=[\"']{0,2}(v[0-9]+)[\"']");
    /* empty: no text of its own, so the default one */
    assert_non_null(strstr(r->meta.description, "A credential in a file"));
    assert_int_equal(r->nkeywords, 3);
    assert_string_equal(r->keywords[1], "'k'");
    assert_string_equal(r->keywords[2], "x''''y");
    assert_string_equal(sec_ruleset_find(rs, "S2")->regex, "a b");
    assert_int_equal(sec_ruleset_compile(rs, err, sizeof(err)), 0);
    mlist l = scan_str(rs, "k=\"v12\" ab a b");
    assert_string_equal(summary(&l), "S1:v12 S2:a b");
    mlist_free(&l);
    sec_ruleset_free(rs);
    /* the same text as libfyaml's own decoding (fewer than four escapes,
     * where it does not leak) */
    static const char *const vals[] = {
        "'a''b'",
        "' a  '",
        "'one\n      two'",
        "'one  \n      two'",
        "'one\n\n      two'",
        "'one\n      \n\n      two  '",
        "'one\r\n      two\r\n\r\n      ''three'''",
        "'\t tab\tinside \t\n      x'",
        "'trailing\n      '",
        "'\n      leading'",
    };
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        char doc[256];
        snprintf(doc, sizeof(doc), "rules:\n  - id: Q\n    title: %s\n    severity: low\n"
                 "    regex: q\n", vals[i]);
        rs = sec_ruleset_new();
        if (sec_ruleset_load(rs, doc, strlen(doc), "t.yaml", err, sizeof(err)) != 0)
            fail_msg("%s: %s", vals[i], err);
        snprintf(doc, sizeof(doc), "x: %s\n", vals[i]);
        struct fy_document *fd = fy_document_build_from_string(NULL, doc, strlen(doc));
        assert_non_null(fd);
        size_t len;
        const char *want = fy_node_get_scalar(fy_node_by_path(fy_document_root(fd), "/x", 2, 0), &len);
        const char *got = sec_ruleset_find(rs, "Q")->meta.title;
        if (strlen(got) != len || memcmp(got, want, len))
            fail_msg("%s: got '%s', libfyaml '%.*s'", vals[i], got, (int)len, want);
        fy_document_destroy(fd);
        sec_ruleset_free(rs);
    }
    /* a quoted key with escapes */
    expect_load_error("rules:\n" RULE("SE1", "    'a''''''''b': 1\n"),
                      "t.yaml:6:5: rule SE1: unknown key 'a''''b'");
}

static void test_rule_fields(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    assert_int_equal(sec_ruleset_count(rs), 10);
    const sec_rule *r = sec_ruleset_find(rs, "test-token");
    assert_non_null(r);
    assert_string_equal(r->meta.id, "T001");
    assert_string_equal(r->meta.aliases[0], "test-token");
    assert_null(r->meta.aliases[1]);
    assert_int_equal(r->meta.severity, MT_SEV_HIGH);
    assert_string_equal(r->meta.description, "d");
    assert_string_equal(r->meta.remediation, "r");
    assert_int_equal(r->secret_group, 1);
    assert_true(r->entropy == 3.0);
    assert_int_equal(r->nkeywords, 1);
    assert_string_equal(r->keywords[0], "tok_");
    r = sec_ruleset_find(rs, "T002");
    assert_string_equal(r->keywords[0], "tok"); /* lower-cased */
    r = sec_ruleset_find(rs, "T003");
    assert_int_equal(r->allow.nstopwords, 1);
    assert_string_equal(r->allow.stopwords[0], "deadbeef");
    r = sec_ruleset_find(rs, "T007");
    assert_int_equal(r->allow.npaths, 2);
    assert_string_equal(r->allow.paths[1], "*.md");
    sec_ruleset_free(rs);
}

/* ---- matching and filters ---- */

static void test_filters(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    char text[4096];
    /* T001: keyword, entropy (3.0) */
    const char *t1 = tok();
    snprintf(text, sizeof(text), "a %s b tok_aaaaaaaaaaaaaaaaaaaa c\n", t1);
    mlist l = scan_str(rs, text);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].rule, "T001");
    assert_string_equal(l.v[0].secret, t1);
    assert_true(l.v[0].entropy == sec_entropy(t1, strlen(t1)));
    mlist_free(&l);
    /* T002: both spellings match the regex, only TOK= has the keyword */
    l = scan_str(rs, "key=abcdef1234 TOK=abcdef1234 tok=zz\n");
    assert_string_equal(summary(&l), "T002:abcdef1234");
    assert_int_equal(l.v[0].ms, 15);
    mlist_free(&l);
    /* T003: stop word in any case */
    l = scan_str(rs, "0123456789abcdef0123456789abcdef x 0123456789abcDEADBEEF0123456789abcdef\n");
    assert_string_equal(summary(&l), "T003:0123456789abcdef0123456789abcdef");
    mlist_free(&l);
    /* T004: allowlist regex on the whole match */
    l = scan_str(rs, "pw:testtesttest pw:realpassword\n");
    assert_string_equal(summary(&l), "T004:realpassword");
    mlist_free(&l);
    /* T005: allowlist regex on the line */
    l = scan_str(rs, "sk=AAAABBBBCCCC # nosecret\nsk=DDDDEEEEFFFF\n");
    assert_string_equal(summary(&l), "T005:DDDDEEEEFFFF");
    mlist_free(&l);
    /* T006: allowlist regex on the secret */
    l = scan_str(rs, "ak=TEST12345678 ak=PROD12345678 ak=XTEST1234567\n");
    assert_string_equal(summary(&l), "T006:PROD12345678 T006:XTEST1234567");
    mlist_free(&l);
    /* T008: a secret group that did not take part drops the match */
    l = scan_str(rs, "b1=abcdefgh a1=ijklmnop\n");
    assert_string_equal(summary(&l), "T008:ijklmnop");
    mlist_free(&l);
    /* global allowlist: stop word and regex on the secret */
    l = scan_str(rs, "pw:xxglobalstopxx pw:GlobalStop12 pw:ignoreme123 pw:noignoreme1\n");
    assert_string_equal(summary(&l), "T004:noignoreme1");
    mlist_free(&l);
    /* T010: \z matches only at the very end */
    l = scan_str(rs, "eof=123456 eof=654321");
    assert_string_equal(summary(&l), "T010:654321");
    mlist_free(&l);
    l = scan_str(rs, "eof=654321\n");
    assert_int_equal(l.n, 0);
    mlist_free(&l);
    sec_ruleset_free(rs);
}

static void test_paths(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    const char *t1 = tok();
    char text[256];
    snprintf(text, sizeof(text), "pk_0123456789 %s\n", t1);
    size_t len = strlen(text);
    /* T007 is skipped under testdata and for *.md (not across '/') */
    static const struct {
        const char *path;
        const char *want;
    } cases[] = {
        {NULL, "T007 T001"},
        {"src/main.c", "T007 T001"},
        {"a/testdata/b/c.txt", "T001"},
        {"testdata/c.txt", "T001"},
        {"README.md", "T001"},
        {"doc/README.md", "T007 T001"},
        {"vendor/x/y.go", ""},
        {"src/vendor/y.go", "T007 T001"},
    };
    sec_scanner *sc = sec_scanner_new(rs);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* sec_scan_buffer, then the stream functions */
        for (int mode = 0; mode < 2; mode++) {
            mlist l = mode ? scan_chunks(sc, cases[i].path, text, len, 5, false)
                           : scan(rs, cases[i].path, text, len);
            char got[64] = "";
            for (size_t k = 0; k < l.n; k++)
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? " " : "",
                         l.v[k].rule);
            if (strcmp(got, cases[i].want))
                fail_msg("%s (mode %d): got '%s', want '%s'",
                         cases[i].path ? cases[i].path : "(null)", mode, got, cases[i].want);
            mlist_free(&l);
        }
    }
    sec_scanner_free(sc);
    sec_ruleset_free(rs);
}

static void test_positions(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    char t1[32], t2[32];
    strcpy(t1, tok());
    strcpy(t2, tok());
    char text[4096];
    /* CRLF lines; a secret at column 1, one mid-line, a multi-line block */
    int n = snprintf(text, sizeof(text),
                     "first line\r\n"
                     "%s\r\n"
                     "\r\n"
                     "  x = \"%s\" # end\r\n"
                     "-----BEGIN KEY-----\r\nAAAAAAAAAAAAAAAAAAAA\r\n-----END KEY-----\r\n",
                     t1, t2);
    mlist l = scan(rs, "f", text, (size_t)n);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0].rule, "T001");
    assert_int_equal(l.v[0].start, 12);
    assert_int_equal(l.v[0].end, 36);
    assert_int_equal(l.v[0].line, 2);
    assert_int_equal(l.v[0].col, 1);
    assert_int_equal(l.v[0].end_line, 2);
    assert_string_equal(l.v[0].line_text, t1); /* no \r */
    assert_string_equal(l.v[1].rule, "T001");
    assert_int_equal(l.v[1].start, 47);
    assert_int_equal(l.v[1].line, 4);
    assert_int_equal(l.v[1].col, 8);
    char want[128];
    snprintf(want, sizeof(want), "  x = \"%s\" # end", t2);
    assert_string_equal(l.v[1].line_text, want);
    assert_string_equal(l.v[2].rule, "T009");
    assert_int_equal(l.v[2].line, 5);
    assert_int_equal(l.v[2].col, 1);
    assert_int_equal(l.v[2].end_line, 7);
    assert_int_equal(l.v[2].start, l.v[2].ms);
    assert_int_equal(l.v[2].end, (uint64_t)n - 2);
    assert_string_equal(l.v[2].line_text, "-----BEGIN KEY-----");
    mlist_free(&l);

    /* a line longer than 512 bytes: line_text is a 512-byte piece starting
     * 128 bytes before the secret */
    char *big = malloc(3000);
    memset(big, 'x', 3000);
    big[999] = ' ';
    memcpy(big + 1000, t1, 24);
    big[1024] = ' ';
    big[2999] = '\n';
    l = scan(rs, "f", big, 3000);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].col, 1001);
    assert_int_equal(strlen(l.v[0].line_text), 512);
    assert_memory_equal(l.v[0].line_text + 128, t1, 24);
    mlist_free(&l);
    free(big);
    sec_ruleset_free(rs);
}

static void test_overlaps_and_order(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    /* a 45-character hex run: Vectorscan ends at 32..45 are one region,
     * PCRE2 finds one 40-character match; a 75-character run: two */
    char hex[128];
    for (int i = 0; i < 75; i++)
        hex[i] = "0123456789abcdef"[i % 16];
    hex[75] = '\0';
    char text[512];
    snprintf(text, sizeof(text), "%.45s\n%s\n", hex, hex);
    mlist l = scan_str(rs, text);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.v[0].start, 0);
    assert_int_equal(l.v[0].end, 40);
    assert_int_equal(l.v[1].start, 46);
    assert_int_equal(l.v[1].end, 86);
    assert_int_equal(l.v[2].start, 86);
    assert_int_equal(l.v[2].end, 121);
    assert_int_equal(l.v[2].line, 2);
    assert_int_equal(l.v[2].col, 41);
    mlist_free(&l);

    /* two rules on the same bytes: both reported, by rule order; the
     * order is by secret start, not match start */
    sec_ruleset *two = ruleset_from(
        "rules:\n"
        "  - id: R2\n    title: t\n    severity: low\n    regex: 'id=([0-9]{6})'\n    secret-group: 1\n"
        "  - id: R1\n    title: t\n    severity: low\n    regex: '[0-9]{6}'\n"
        "  - id: R3\n    title: t\n    severity: low\n    regex: 'long prefix before ([a-z]{3})'\n"
        "    secret-group: 1\n"
        "  - id: R4\n    title: t\n    severity: low\n    regex: 'before'\n");
    l = scan_str(two, "id=123456 long prefix before abc\n");
    assert_string_equal(summary(&l), "R1:123456 R2:123456 R4:before R3:abc");
    mlist_free(&l);
    sec_ruleset_free(two);
    sec_ruleset_free(rs);
}

/* What PCRE2 alone finds: every match of every rule over the whole text, a
 * global iteration per rule, sorted like the engine's output. */
typedef struct omatch {
    uint64_t start, end;
    size_t rule;
} omatch;

static int cmp_om(const void *x, const void *y)
{
    const omatch *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

static size_t oracle(const sec_ruleset *rs, const char *text, size_t len, omatch *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sec_ruleset_count(rs); i++) {
        const sec_rule *r = sec_ruleset_rule(rs, i);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *c = pcre2_compile((PCRE2_SPTR)r->regex, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
        assert_non_null(c);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
        PCRE2_SIZE off = 0;
        while (off <= len && pcre2_match(c, (PCRE2_SPTR)text, len, off, 0, md, NULL) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            int g = r->secret_group;
            if (ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
                assert_true(n < max);
                out[n++] = (omatch){ov[2 * g], ov[2 * g + 1], i};
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        pcre2_match_data_free(md);
        pcre2_code_free(c);
    }
    qsort(out, n, sizeof(omatch), cmp_om);
    return n;
}

/* Rules without filters, so that the engine must report exactly what
 * PCRE2 finds. */
static const char raw_rules[] =
    "rules:\n"
    "  - id: A1\n    title: t\n    severity: high\n    regex: '\\b(tok_[A-Za-z0-9]{20})\\b'\n"
    "    secret-group: 1\n"
    "  - id: A2\n    title: t\n    severity: low\n    regex: '[a-f0-9]{32,40}'\n"
    "  - id: A3\n    title: t\n    severity: low\n    regex: '(?i)pass(?:word)?\\s{0,3}[:=]\\s{0,3}(\\S{6,30})'\n"
    "    secret-group: 1\n"
    "  - id: A4\n    title: t\n    severity: low\n    regex: '-----BEGIN KEY-----[\\s\\S]{16,}?-----END KEY-----'\n"
    "  - id: A5\n    title: t\n    severity: low\n    regex: '(?m)^key\\s+([A-Z]{4,12})$'\n"
    "    secret-group: 1\n"
    "  - id: A6\n    title: t\n    severity: low\n    regex: 'x(?=yz)[a-z]{2,8}'\n"
    "  - id: A7\n    title: t\n    severity: low\n    regex: '(?<=@)[a-z]{3,5}\\.[a-z]{2,3}'\n"
    "  - id: A8\n    title: t\n    severity: low\n    regex: 'eof[0-9]+\\z'\n";

/* A text with every kind of secret at many places, CRLF and LF lines,
 * blocks longer than any chunk, matches touching each other. */
static char *mixed_text(size_t *len, int reps)
{
    mt_buf b;
    mt_buf_init(&b);
    for (int i = 0; i < reps; i++) {
        const char *nl = i % 3 ? "\n" : "\r\n";
        switch (rnd() % 9) {
        case 0: mt_buf_printf(&b, "token %s%s", tok(), nl); break;
        case 1: mt_buf_printf(&b, "%s%s%s", tok(), tok(), nl); break; /* no \b between */
        case 2: {
            int k = 30 + (int)(rnd() % 60);
            for (int j = 0; j < k; j++)
                mt_buf_putc(&b, "0123456789abcdef"[rnd() % 16]);
            mt_buf_puts(&b, nl);
            break;
        }
        case 3: mt_buf_printf(&b, "Password = hunter%u!x %s", rnd() % 100000, nl); break;
        case 4: {
            mt_buf_printf(&b, "-----BEGIN KEY-----%s", nl);
            int lines = 1 + (int)(rnd() % 4);
            for (int j = 0; j < lines; j++) {
                char body[64];
                rand_alnum(body, 40);
                mt_buf_printf(&b, "%s%s", body, nl);
            }
            mt_buf_printf(&b, "-----END KEY-----%s", nl);
            break;
        }
        case 5: mt_buf_printf(&b, "key  ABCDEFGH\nkey XY\n"); break;
        case 6: mt_buf_printf(&b, "xyzabc xyab mail @abc.de @@abcd.efg%s", nl); break;
        case 7: mt_buf_printf(&b, "plain words, nothing here; %u%s", rnd(), nl); break;
        default: mt_buf_printf(&b, "pass:%s tok_%s", "abcdefghij", nl); break;
        }
    }
    mt_buf_puts(&b, "eof12345");
    *len = b.len;
    return mt_buf_steal(&b);
}

static void check_against_oracle(const sec_ruleset *rs, const char *text, size_t len,
                                 const mlist *l)
{
    size_t max = len + 16;
    omatch *om = malloc(max * sizeof(omatch));
    size_t n = oracle(rs, text, len, om, max);
    if (n != l->n)
        fail_msg("engine %zu matches, PCRE2 %zu", l->n, n);
    for (size_t i = 0; i < n; i++) {
        const sec_rule *r = sec_ruleset_rule(rs, om[i].rule);
        if (strcmp(l->v[i].rule, r->meta.id) || l->v[i].start != om[i].start ||
            l->v[i].end != om[i].end)
            fail_msg("match %zu: engine %s [%llu,%llu), PCRE2 %s [%llu,%llu)", i, l->v[i].rule,
                     (unsigned long long)l->v[i].start, (unsigned long long)l->v[i].end,
                     r->meta.id, (unsigned long long)om[i].start, (unsigned long long)om[i].end);
    }
    free(om);
}

static void test_like_pcre2(void **state)
{
    (void)state;
    sec_ruleset *rs = ruleset_from(raw_rules);
    for (int round = 0; round < 4; round++) {
        size_t len;
        char *text = mixed_text(&len, 400);
        mlist l = scan(rs, "x", text, len);
        assert_true(l.n > 300);
        check_against_oracle(rs, text, len, &l);
        /* in file order */
        for (size_t i = 1; i < l.n; i++)
            assert_true(l.v[i - 1].start <= l.v[i].start);
        mlist_free(&l);
        free(text);
    }
    sec_ruleset_free(rs);
}

static void test_streaming_equals_whole(void **state)
{
    (void)state;
    sec_ruleset *rs = ruleset_from(raw_rules);
    sec_ruleset *er = engine_rules();
    size_t len;
    char *text = mixed_text(&len, 60);
    const sec_ruleset *sets[2] = {rs, er};
    for (int s = 0; s < 2; s++) {
        mlist whole = scan(sets[s], "x", text, len);
        assert_true(whole.n > 20);
        sec_scanner *sc = sec_scanner_new(sets[s]);
        for (size_t chunk = 1; chunk <= 64; chunk++) {
            mlist l = scan_chunks(sc, "x", text, len, chunk, false);
            char what[64];
            snprintf(what, sizeof(what), "ruleset %d, chunks of %zu", s, chunk);
            assert_same(&l, &whole, what);
            mlist_free(&l);
            l = scan_chunks(sc, "x", text, len, chunk, true);
            snprintf(what, sizeof(what), "ruleset %d, chunks of 1..%zu", s, chunk);
            assert_same(&l, &whole, what);
            mlist_free(&l);
        }
        sec_scanner_free(sc);
        mlist_free(&whole);
    }
    free(text);
    sec_ruleset_free(rs);
    sec_ruleset_free(er);
}

/* Secrets placed so that some chunk boundary cuts each of them: a fixed
 * text, every chunk size 1..64, each boundary position. */
static void test_boundaries(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    char t1[32];
    strcpy(t1, tok());
    sec_scanner *sc = sec_scanner_new(rs);
    for (size_t pre = 0; pre < 70; pre++) {
        char text[256];
        memset(text, '.', pre);
        int n = snprintf(text + pre, sizeof(text) - pre, " %s pk_0123456789 eof=123456", t1);
        size_t len = pre + (size_t)n;
        mlist whole = scan(rs, "x", text, len);
        char want[128];
        snprintf(want, sizeof(want), "T001:%s T007:pk_0123456789 T010:123456", t1);
        assert_string_equal(summary(&whole), want);
        assert_int_equal(whole.v[0].start, pre + 1);
        for (size_t chunk = 1; chunk <= 64; chunk++) {
            mlist l = scan_chunks(sc, "x", text, len, chunk, false);
            assert_same(&l, &whole, "boundaries");
            mlist_free(&l);
        }
        mlist_free(&whole);
    }
    sec_scanner_free(sc);
    sec_ruleset_free(rs);
}

static void test_long_line(void **state)
{
    (void)state;
    /* A 10 MB line (no newline), secrets every ~1 MB, and a rule whose
     * candidates come every few bytes (all dropped by its keyword): the
     * scanner's memory stays bounded. */
    sec_ruleset *rs = ruleset_from(
        "rules:\n"
        "  - id: L1\n    title: t\n    severity: high\n    regex: '\\b(tok_[A-Za-z0-9]{20})\\b'\n"
        "    secret-group: 1\n"
        "  - id: L2\n    title: t\n    severity: low\n    regex: '(?:lorem|ipsum) [a-z]{5}'\n"
        "    keywords: [zzz]\n"
        "  - id: L3\n    title: t\n    severity: low\n    regex: 'ipsum[^\\n]{0,}?tok_'\n"
        "    keywords: [zzz]\n");
    size_t len = 10u << 20;
    char *text = malloc(len);
    static const char filler[] = "lorem ipsum dolor sit amet ";
    for (size_t i = 0; i < len; i++)
        text[i] = filler[i % (sizeof(filler) - 1)];
    size_t nsecrets = 0;
    uint64_t where[16];
    for (size_t off = 12345; off + 40 < len; off += 1000003) {
        text[off] = ' ';
        memcpy(text + off + 1, tok(), 24);
        text[off + 25] = ' ';
        where[nsecrets++] = off + 1;
    }
    assert_int_equal(nsecrets, 11);
    mlist whole = scan(rs, "big", text, len);
    assert_int_equal(whole.n, nsecrets);
    for (size_t i = 0; i < whole.n; i++) {
        assert_int_equal(whole.v[i].start, where[i]);
        assert_int_equal(whole.v[i].line, 1);
        assert_int_equal(whole.v[i].col, (int)where[i] + 1);
        assert_int_equal(strlen(whole.v[i].line_text), 512);
    }
    sec_scanner *sc = sec_scanner_new(rs);
    mlist l = {0};
    assert_int_equal(sec_stream_begin(sc, "big"), 0);
    size_t most = 0;
    for (size_t off = 0; off < len; off += 65536) {
        size_t n = len - off < 65536 ? len - off : 65536;
        assert_true(sec_stream_feed(sc, text + off, n, collect, &l) >= 0);
        if (sec_scanner_buffered(sc) > most)
            most = sec_scanner_buffered(sc);
    }
    assert_true(sec_stream_end(sc, collect, &l) >= 0);
    assert_same(&l, &whole, "10 MB line in 64 KiB chunks");
    if (most > (1u << 20))
        fail_msg("the scanner held %zu bytes", most);
    mlist_free(&l);
    mlist_free(&whole);
    sec_scanner_free(sc);
    free(text);
    sec_ruleset_free(rs);
}

static void test_match_limit(void **state)
{
    (void)state;
    /* Vectorscan prefilters (?:a|aa)+b (the lookahead dropped); PCRE2
     * backtracks exponentially on a long run of a's before the b, and the
     * match limit stops it. The scan goes on to the secret after. */
    sec_ruleset *rs = ruleset_from(
        "rules:\n"
        "  - id: P1\n    title: t\n    severity: low\n    regex: '(?:a|aa)+(?=c)b'\n"
        "  - id: P2\n    title: t\n    severity: low\n    regex: '(x+x+)+y'\n"
        "  - id: P3\n    title: t\n    severity: low\n    regex: 'secret=[0-9]{6}'\n");
    mt_buf b;
    mt_buf_init(&b);
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < 80; i++)
            mt_buf_putc(&b, 'a');
        mt_buf_puts(&b, "b\n");
        for (int i = 0; i < 40; i++)
            mt_buf_putc(&b, 'x');
        mt_buf_puts(&b, "y\n");
    }
    mt_buf_puts(&b, "secret=123456\n");
    sec_scanner *sc = sec_scanner_new(rs);
    mlist l = {0};
    assert_int_equal(sec_scan_buffer(sc, "p", b.data, b.len, collect, &l), 4);
    assert_string_equal(summary(&l), "P2:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy "
                                     "P2:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy "
                                     "P2:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy P3:secret=123456");
    /* P1's three candidates are one region (its window is 8 KiB): its
     * search hits the limit once and the rest of the region is skipped */
    assert_int_equal(sec_scanner_limit_hits(sc), 1);
    mlist_free(&l);
    assert_int_equal(sec_scan_buffer(sc, "p", "ab", 2, collect, &l), 0);
    assert_int_equal(sec_scanner_limit_hits(sc), 0);
    sec_scanner_free(sc);
    mt_buf_free(&b);
    sec_ruleset_free(rs);
}

static void test_scan_fd(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    size_t len;
    char *text = mixed_text(&len, 3000);
    /* 1.5 MiB: more than one 1 MiB read */
    mt_buf b;
    mt_buf_init(&b);
    while (b.len < (3u << 20) / 2)
        mt_buf_put(&b, text, len);
    char path[] = "/tmp/moat-secret-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    mlist whole = scan(rs, path, b.data, b.len);
    assert_true(whole.n > 100);
    sec_scanner *sc = sec_scanner_new(rs);
    mlist l = {0};
    int n = sec_scan_fd(sc, path, fd, collect, &l);
    assert_int_equal(n, (int)l.n);
    assert_false(sec_scanner_skipped_binary(sc));
    assert_same(&l, &whole, "sec_scan_fd");
    mlist_free(&l);
    close(fd);
    /* a binary file is skipped */
    b.data[100] = '\0';
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
    close(fd);
    fd = open(path, O_RDONLY);
    assert_int_equal(sec_scan_fd(sc, path, fd, collect, &l), 0);
    assert_true(sec_scanner_skipped_binary(sc));
    assert_int_equal(l.n, 0);
    close(fd);
    unlink(path);
    /* a read error */
    errno = 0;
    assert_int_equal(sec_scan_fd(sc, path, -1, collect, &l), -1);
    assert_int_equal(errno, EBADF);
    /* and the scanner still works */
    mlist again = scan_chunks(sc, path, b.data + 101, 5000, 4096, false);
    mlist ref = scan(rs, path, b.data + 101, 5000);
    assert_same(&again, &ref, "after a read error");
    mlist_free(&again);
    mlist_free(&ref);
    sec_scanner_free(sc);
    mlist_free(&whole);
    mt_buf_free(&b);
    free(text);
    sec_ruleset_free(rs);
}

typedef struct thr {
    const sec_ruleset *rs;
    const char *text;
    size_t len;
    mlist out;
} thr;

static void *thread_scan(void *p)
{
    thr *t = p;
    sec_scanner *sc = sec_scanner_new(t->rs);
    for (int i = 0; i < 5; i++) {
        mlist_free(&t->out);
        sec_scan_buffer(sc, "t", t->text, t->len, collect, &t->out);
    }
    sec_scanner_free(sc);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    sec_ruleset *rs = engine_rules();
    size_t len;
    char *text = mixed_text(&len, 2000);
    mlist ref = scan(rs, "t", text, len);
    thr t[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        t[i] = (thr){rs, text, len, {0}};
        assert_int_equal(pthread_create(&th[i], NULL, thread_scan, &t[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        assert_same(&t[i].out, &ref, "thread");
        mlist_free(&t[i].out);
    }
    mlist_free(&ref);
    free(text);
    sec_ruleset_free(rs);
}

static void test_empty_and_misuse(void **state)
{
    (void)state;
    sec_ruleset *rs = sec_ruleset_new();
    char err[256];
    assert_null(sec_scanner_new(rs)); /* not compiled */
    assert_int_equal(sec_ruleset_compile(rs, err, sizeof(err)), 0);
    sec_scanner *sc = sec_scanner_new(rs);
    assert_non_null(sc);
    assert_int_equal(sec_scan_buffer(sc, "x", "tok_abc", 7, collect, NULL), 0);
    assert_int_equal(sec_scan_buffer(sc, "x", NULL, 0, collect, NULL), 0);
    sec_scanner_free(sc);
    sec_ruleset_free(rs);

    rs = engine_rules();
    sc = sec_scanner_new(rs);
    /* feed or end without begin */
    assert_int_equal(sec_stream_feed(sc, "abc", 3, collect, NULL), -1);
    assert_int_equal(sec_stream_end(sc, collect, NULL), -1);
    /* an abandoned stream does not leak into the next one */
    mlist l = {0};
    assert_int_equal(sec_stream_begin(sc, "x"), 0);
    const char *t1 = tok();
    assert_int_equal(sec_stream_feed(sc, t1, 20, collect, &l), 0);
    assert_int_equal(sec_stream_begin(sc, "y"), 0);
    assert_int_equal(sec_stream_feed(sc, "4567 ", 5, collect, &l), 0);
    assert_int_equal(sec_stream_end(sc, collect, &l), 0);
    assert_int_equal(l.n, 0);
    sec_scanner_free(sc);
    sec_ruleset_free(rs);
}

static void test_builtin(void **state)
{
    (void)state;
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024];
    if (sec_ruleset_load_builtin(rs, err, sizeof(err)) != 0)
        fail_msg("builtin: %s", err);
    if (sec_ruleset_compile(rs, err, sizeof(err)) != 0)
        fail_msg("builtin: %s", err);
    size_t n = sec_ruleset_count(rs);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++) {
        const sec_rule *r = sec_ruleset_rule(rs, i);
        assert_non_null(r->meta.title);
        assert_non_null(r->regex);
        assert_true(r->meta.severity >= MT_SEV_INFO);
        if (i)
            assert_true(strcasecmp(sec_ruleset_rule(rs, i - 1)->meta.id, r->meta.id) < 0);
    }
    /* well-known token shapes, built here: each is found by some rule */
    char aws[32], gh[48], slack[64], body[3][72];
    static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    strcpy(aws, "AKIA");
    for (int i = 0; i < 16; i++)
        aws[4 + i] = b32[rnd() % 32];
    aws[20] = '\0';
    strcpy(gh, "ghp_");
    rand_alnum(gh + 4, 36);
    snprintf(slack, sizeof(slack), "xoxb-%u%u-%u%u-", 100000 + rnd() % 900000,
             100000 + rnd() % 900000, 100000 + rnd() % 900000, 100000 + rnd() % 900000);
    rand_alnum(slack + strlen(slack), 24);
    for (int i = 0; i < 3; i++)
        rand_alnum(body[i], 64);
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "[default]\naws_access_key_id = %s\n", aws);
    size_t at_aws = b.len - 21;
    mt_buf_printf(&b, "export GITHUB_TOKEN=%s\n", gh);
    size_t at_gh = b.len - 41;
    mt_buf_printf(&b, "slack_token: \"%s\"\n", slack);
    size_t at_slack = b.len - 2 - strlen(slack);
    size_t at_key = b.len;
    mt_buf_printf(&b, "-----BEGIN RSA PRIVATE KEY-----\n%s\n%s\n%s\n-----END RSA PRIVATE KEY-----\n",
                  body[0], body[1], body[2]);
    mlist l = scan(rs, "config", b.data, b.len);
    size_t at[4] = {at_aws, at_gh, at_slack, at_key};
    const char *what[4] = {"AWS key", "GitHub token", "Slack token", "private key"};
    for (int k = 0; k < 4; k++) {
        bool found = false;
        for (size_t i = 0; i < l.n && !found; i++)
            found = l.v[i].start <= at[k] + 8 && l.v[i].end > at[k] + 8;
        if (!found)
            fail_msg("%s not found: %s", what[k], summary(&l));
    }
    mlist_free(&l);
    mt_buf_free(&b);
    sec_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entropy),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_failure_changes_nothing),
        cmocka_unit_test(test_replace_and_disable),
        cmocka_unit_test(test_single_quoted),
        cmocka_unit_test(test_rule_fields),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_overlaps_and_order),
        cmocka_unit_test(test_like_pcre2),
        cmocka_unit_test(test_streaming_equals_whole),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_scan_fd),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_empty_and_misuse),
        cmocka_unit_test(test_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
