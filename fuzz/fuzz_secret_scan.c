/* fuzz_secret_scan.c — libFuzzer harness for the secret scanner's engine
 * (secret/secret.h). Two fixed rulesets: one without filters, one with
 * every filter. The input's first two bytes seed the chunk sizes (1 to
 * 300), the rest is the text. The text is scanned whole and streamed in
 * those chunks: both must report the same matches, in file order, with
 * sane positions. For the ruleset without filters the matches must also be
 * exactly those of a plain PCRE2 global iteration per rule over the text
 * (inputs under 8 KiB, the engine's window). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "secret/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char raw_rules[] =
    "rules:\n"
    "  - id: A1\n    title: t\n    severity: high\n    regex: '\\b(tok_[A-Za-z0-9]{4,20})\\b'\n"
    "    secret-group: 1\n"
    "  - id: A2\n    title: t\n    severity: low\n    regex: '[a-f0-9]{8,12}'\n"
    "  - id: A3\n    title: t\n    severity: low\n    regex: '(?i)pass(?:word)?\\s{0,3}[:=]\\s{0,3}(\\S{2,30})'\n"
    "    secret-group: 1\n"
    "  - id: A4\n    title: t\n    severity: low\n    regex: '-----BEGIN-----[\\s\\S]{1,}?-----END-----'\n"
    "  - id: A5\n    title: t\n    severity: low\n    regex: '(?m)^key\\s+([A-Z]{1,12})$'\n"
    "    secret-group: 1\n"
    "  - id: A6\n    title: t\n    severity: low\n    regex: 'x(?=yz)[a-z]{2,8}'\n"
    "  - id: A7\n    title: t\n    severity: low\n    regex: '(?<=@)[a-z]{1,5}\\.[a-z]{2,3}'\n"
    "  - id: A8\n    title: t\n    severity: low\n    regex: 'e[0-9]+\\z'\n"
    "  - id: A9\n    title: t\n    severity: low\n    regex: '(?:a|b)(?:b|cd)*c?\\b'\n"
    "  - id: B1\n    title: t\n    severity: low\n    regex: 'q[^q]{0,}?Q|\\Aw|W\\Z'\n"
    "  - id: B2\n    title: t\n    severity: low\n    regex: '(?s)s.{3}s|(\\d)\\1{2}'\n";

static const char filt_rules[] =
    "rules:\n"
    "  - id: F1\n    title: t\n    severity: high\n    regex: '(?i)\\b(?:key|tok)=([a-z0-9]{4,10})\\b'\n"
    "    secret-group: 1\n    keywords: [tok]\n    entropy: 1.5\n"
    "  - id: F2\n    title: t\n    severity: low\n    regex: '[a-f0-9]{8,12}'\n"
    "    allowlist:\n      stopwords: [dead]\n      regexes: ['^0']\n"
    "  - id: F3\n    title: t\n    severity: low\n    regex: 'pw:(\\S{2,20})'\n    secret-group: 1\n"
    "    allowlist:\n      regexes: ['#']\n      regex-target: line\n"
    "  - id: F4\n    title: t\n    severity: low\n    regex: '(?:a1=([a-z]{2,8})|b1=[a-z]{2,8})'\n"
    "    secret-group: 1\n    allowlist:\n      regexes: ['x$']\n      regex-target: match\n"
    "allowlist:\n  stopwords: [zz]\n  regexes: ['^1']\n";

static sec_ruleset *raw, *filt;
static sec_scanner *sc;

static sec_ruleset *make(const char *y)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[512];
    if (sec_ruleset_load(rs, y, strlen(y), "fuzz", err, sizeof(err)) ||
        sec_ruleset_compile(rs, err, sizeof(err))) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    return rs;
}

typedef struct rec {
    const sec_rule *rule;
    uint64_t start, end, ms, me;
    int line, col, end_line;
    uint64_t h;
} rec;

typedef struct list {
    rec v[4096];
    size_t n;
    const uint8_t *text;
    size_t len;
} list;

static void collect(void *ud, const sec_match *m)
{
    list *l = ud;
    if (m->start > m->end || m->match_start > m->start || m->end > m->match_end ||
        m->match_end > l->len || m->line < 1 || m->col < 1 || m->end_line < m->line)
        __builtin_trap();
    if (l->n && l->v[l->n - 1].start > m->start)
        __builtin_trap(); /* not in file order */
    size_t want = m->end - m->start < SEC_MAX_SECRET ? (size_t)(m->end - m->start) : SEC_MAX_SECRET;
    if (m->secret_len != want || memcmp(m->secret, l->text + m->start, m->secret_len))
        __builtin_trap();
    if (strlen(m->line_text) > 512 || m->entropy < 0 || m->entropy > 8.0001)
        __builtin_trap();
    /* line and column from the text itself */
    int line = 1;
    uint64_t bol = 0;
    for (uint64_t i = 0; i < m->start; i++)
        if (l->text[i] == '\n') {
            line++;
            bol = i + 1;
        }
    if (line != m->line || (uint64_t)m->col != m->start - bol + 1)
        __builtin_trap();
    char mask[64];
    sec_mask(m->secret, m->secret_len, mask, sizeof(mask));
    if (strlen(mask) >= sizeof(mask))
        __builtin_trap();
    if (l->n >= sizeof(l->v) / sizeof(l->v[0]))
        return;
    rec *r = &l->v[l->n++];
    r->rule = m->rule;
    r->start = m->start;
    r->end = m->end;
    r->ms = m->match_start;
    r->me = m->match_end;
    r->line = m->line;
    r->col = m->col;
    r->end_line = m->end_line;
    r->h = mt_fnv1a64(m->line_text, strlen(m->line_text), m->secret_len);
}

static list whole, streamed;

static void compare(const list *a, const list *b)
{
    if (a->n != b->n)
        __builtin_trap();
    for (size_t i = 0; i < a->n; i++)
        if (memcmp(&a->v[i], &b->v[i], sizeof(rec)) != 0)
            __builtin_trap();
}

static uint32_t seed;
static size_t next_chunk(void)
{
    seed = seed * 1103515245u + 12345u;
    return 1 + (seed >> 16) % 300;
}

/* Every match of a plain PCRE2 global iteration per rule must be
 * reported, and nothing else. */
static void oracle(const sec_ruleset *rs, const list *l, const uint8_t *text, size_t len)
{
    size_t total = 0;
    for (size_t i = 0; i < sec_ruleset_count(rs); i++) {
        const sec_rule *r = sec_ruleset_rule(rs, i);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *c = pcre2_compile((PCRE2_SPTR)r->regex, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
        pcre2_match_context *mc = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(mc, 1000000);
        PCRE2_SIZE off = 0;
        int rc;
        while (off <= len && (rc = pcre2_match(c, text, len, off, 0, md, mc)) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            int g = r->secret_group;
            if (g < rc && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
                bool found = false;
                for (size_t k = 0; k < l->n && !found; k++)
                    found = l->v[k].rule == r && l->v[k].start == ov[2 * g] &&
                            l->v[k].end == ov[2 * g + 1] && l->v[k].ms == ov[0] &&
                            l->v[k].me == ov[1];
                if (!found)
                    __builtin_trap();
                total++;
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        pcre2_match_context_free(mc);
        pcre2_match_data_free(md);
        pcre2_code_free(c);
    }
    if (total != l->n)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!raw) {
        raw = make(raw_rules);
        filt = make(filt_rules);
    }
    if (size < 2 || size > 65536)
        return 0;
    uint32_t s0 = (uint32_t)data[0] << 8 | data[1];
    const uint8_t *text = data + 2;
    size_t len = size - 2;
    (void)sec_looks_binary((const char *)text, len);
    double e = sec_entropy((const char *)text, len);
    if (e < 0 || e > 8.0001)
        __builtin_trap();
    const sec_ruleset *sets[2] = {raw, filt};
    for (int k = 0; k < 2; k++) {
        sc = sec_scanner_new(sets[k]);
        whole.n = streamed.n = 0;
        whole.text = streamed.text = text;
        whole.len = streamed.len = len;
        int n = sec_scan_buffer(sc, "f", (const char *)text, len, collect, &whole);
        if (n < 0 || (size_t)n != whole.n)
            __builtin_trap();
        seed = s0;
        if (sec_stream_begin(sc, "f"))
            __builtin_trap();
        for (size_t off = 0; off < len;) {
            size_t c = next_chunk();
            if (c > len - off)
                c = len - off;
            if (sec_stream_feed(sc, (const char *)text + off, c, collect, &streamed) < 0)
                __builtin_trap();
            off += c;
        }
        if (sec_stream_end(sc, collect, &streamed) < 0)
            __builtin_trap();
        compare(&whole, &streamed);
        if (k == 0 && len < 8000)
            oracle(raw, &whole, text, len);
        sec_scanner_free(sc);
    }
    return 0;
}
