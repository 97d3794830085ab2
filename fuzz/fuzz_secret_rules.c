/* fuzz_secret_rules.c — libFuzzer harness for the secret rule loader and
 * compiler (secret/secret.h): the input is a rule file. It is loaded
 * (twice: the second load replaces every rule), and when it loads, compiled;
 * the lookups must agree with the rules; when it compiles, the input itself
 * is scanned whole and streamed in chunks of 7 and of 1..13 bytes, and all
 * three must report the same matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secret/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct rec {
    const sec_rule *rule;
    uint64_t start, end, ms, me;
    int line, col, end_line;
} rec;

typedef struct list {
    rec v[512];
    size_t n;
} list;

static void collect(void *ud, const sec_match *m)
{
    list *l = ud;
    if (m->start > m->end || m->match_start > m->start || m->end > m->match_end || m->line < 1 ||
        m->col < 1 || m->end_line < m->line || strlen(m->line_text) > 512)
        __builtin_trap();
    if (l->n && l->v[l->n - 1].start > m->start)
        __builtin_trap();
    if (l->n < sizeof(l->v) / sizeof(l->v[0]))
        l->v[l->n++] = (rec){m->rule, m->start, m->end, m->match_start, m->match_end,
                             m->line,  m->col,   m->end_line};
}

static list a, b;

static void stream(sec_scanner *sc, const uint8_t *data, size_t size, bool vary, list *l)
{
    l->n = 0;
    if (sec_stream_begin(sc, "dir/file.txt"))
        __builtin_trap();
    size_t k = 1;
    for (size_t off = 0; off < size;) {
        size_t c = vary ? k : 7;
        k = k % 13 + 1;
        if (c > size - off)
            c = size - off;
        if (sec_stream_feed(sc, (const char *)data + off, c, collect, l) < 0)
            __builtin_trap();
        off += c;
    }
    if (sec_stream_end(sc, collect, l) < 0)
        __builtin_trap();
}

static void same(const list *x, const list *y)
{
    if (x->n != y->n || memcmp(x->v, y->v, x->n * sizeof(rec)) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    sec_ruleset *rs = sec_ruleset_new();
    char err[1024];
    err[0] = 'x';
    if (sec_ruleset_load(rs, (const char *)data, size, "fuzz", err, sizeof(err)) != 0) {
        if (err[0] == '\0' || sec_ruleset_count(rs) != 0)
            __builtin_trap(); /* an error says why, and changes nothing */
        sec_ruleset_free(rs);
        return 0;
    }
    size_t n = sec_ruleset_count(rs);
    /* loading the same document again replaces every rule (and may fail
     * only on `disable`, whose rules are gone) */
    if (sec_ruleset_load(rs, (const char *)data, size, "fuzz", err, sizeof(err)) == 0 &&
        sec_ruleset_count(rs) != n)
        __builtin_trap();
    n = sec_ruleset_count(rs);
    for (size_t i = 0; i < n; i++) {
        const sec_rule *r = sec_ruleset_rule(rs, i);
        if (!r || !r->meta.id || !r->meta.title || !r->regex || sec_ruleset_find(rs, r->meta.id) != r)
            __builtin_trap();
        if (r->secret_group < 0 || r->entropy < 0 || r->entropy > 8)
            __builtin_trap();
    }
    if (sec_ruleset_compile(rs, err, sizeof(err)) == 0) {
        sec_scanner *sc = sec_scanner_new(rs);
        if (!sc)
            __builtin_trap();
        a.n = 0;
        int got = sec_scan_buffer(sc, "dir/file.txt", (const char *)data, size, collect, &a);
        if (got < 0)
            __builtin_trap();
        stream(sc, data, size, false, &b);
        same(&a, &b);
        stream(sc, data, size, true, &b);
        same(&a, &b);
        sec_scanner_free(sc);
    } else if (err[0] == '\0') {
        __builtin_trap();
    }
    sec_ruleset_free(rs);
    return 0;
}
