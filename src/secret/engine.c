/* engine.c — the secret scanner's matching engine (see secret.h; rules.c
 * loads and compiles the rules).
 *
 * How a scan works
 * ----------------
 * Every byte goes once through one Vectorscan stream over all rules
 * (compiled with HS_FLAG_PREFILTER, so a rule's Vectorscan matches are a
 * superset of its PCRE2 matches). A Vectorscan match is only a candidate:
 * the end offset E of something that may match rule R. Every PCRE2 match
 * of R that ends at E starts in [E - W, E], W = R's longest possible match
 * (capped at SEC_WINDOW_MAX), so the window [E - W, E] holds every start to
 * try. The windows of one rule are merged into regions [a, b] (cut after
 * SEC_REGION_MAX bytes), and PCRE2 searches each region: matches must start
 * in [a, b] (an offset limit), the subject runs from a - SEC_CTX (context
 * for lookbehind, \b, ^) to b + W + SEC_LOOKAHEAD. Within a rule the
 * search goes on from the end of its previous match, as a global PCRE2
 * iteration over the whole file would, so overlapping candidates of one
 * rule give one match. Each match then passes the filters: keywords (in the
 * whole match), a non-empty secret group, stop words, entropy, allowlist
 * regexes (rule and global).
 *
 * Streaming gives exactly the matches of a whole-buffer scan: regions are a
 * function of the candidates only (Vectorscan's streaming mode reports the
 * same candidates however the bytes are split), and a region is searched
 * only once every byte its subject and line_text may use is present (or the
 * stream has ended), so PCRE2 sees the same subject either way. Between
 * chunks the engine keeps the bytes that an unprocessed region may still
 * need: at most about SEC_REGION_MAX + 2 * SEC_WINDOW_MAX + SEC_CTX +
 * SEC_LINE_MAX bytes besides the chunk.
 *
 * Matches are held until no later region can produce one that starts
 * earlier (a watermark), then sorted (secret start, end, rule) and reported;
 * line numbers come from a cursor that only moves forward, counting
 * newlines once. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "secret/secret_int.h"

#define SEC_FD_CHUNK (1u << 20)
#define SEC_SLICE (1u << 20)
#define SEC_MATCH_LIMIT 1000000u
#define SEC_DEPTH_LIMIT 10000u
#define SEC_HEAP_LIMIT_KIB 16384u
#define SEC_BINARY_PROBE 8192u

typedef struct region {
    uint64_t a, b;
    uint32_t rule;
} region;

typedef struct rstate {
    uint64_t a, b;     /* the open region */
    uint64_t cursor;   /* end of this rule's last PCRE2 match */
    bool open;
} rstate;

typedef struct pmatch {
    uint64_t start, end, mstart, mend;
    uint32_t rule;
    int nl;            /* newlines inside the secret */
    double entropy;
    char *secret;      /* malloc()ed, NUL-terminated */
    size_t secret_len;
    char *line;        /* malloc()ed */
} pmatch;

struct sec_scanner {
    const sec_ruleset *rs;
    size_t nrules;
    srule **rules;
    hs_scratch_t *scratch;
    hs_stream_t *stream;
    pcre2_match_data *md;
    pcre2_match_context *mrule, *mallow;
    pcre2_jit_stack *jit;

    /* the current stream */
    bool active, failed, skip_all, binary;
    unsigned char *skip;   /* per rule: skipped for this path */
    const char *data;      /* the byte at offset o is data[o - base] */
    uint64_t base, avail;  /* bytes [base, avail) are present */
    uint64_t scanned;      /* bytes given to Vectorscan */
    bool external;         /* data is the caller's buffer (sec_scan_buffer) */
    char *buf;             /* own buffer (streaming) */
    size_t cap;
    rstate *rst;
    region *ready;         /* closed regions waiting for their bytes */
    size_t nready, capready;
    pmatch *pend;          /* confirmed matches not yet reported */
    size_t npend, cappend;
    uint64_t lpos, lbol;   /* line cursor: line lno starts at lbol <= lpos */
    int lno;
    size_t limit_hits;
    sec_match_fn fn;
    void *ud;
    int reported;
};

/* ---- small helpers ---- */

static inline const char *at(const sec_scanner *sc, uint64_t off)
{
    return sc->data + (off - sc->base);
}

static inline int lc(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* True when needle (lower case) occurs in hay in any case. */
static bool contains_ci(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0)
        return true;
    if (m > n)
        return false;
    int first = (unsigned char)needle[0];
    for (size_t i = 0; i + m <= n; i++) {
        if (lc((unsigned char)hay[i]) != first)
            continue;
        size_t j = 1;
        while (j < m && lc((unsigned char)hay[i + j]) == (unsigned char)needle[j])
            j++;
        if (j == m)
            return true;
    }
    return false;
}

double sec_entropy(const char *s, size_t len)
{
    if (!s || len == 0)
        return 0.0;
    size_t count[256] = {0};
    for (size_t i = 0; i < len; i++)
        count[(unsigned char)s[i]]++;
    double h = 0.0, n = (double)len;
    for (int c = 0; c < 256; c++) {
        if (!count[c])
            continue;
        double p = (double)count[c] / n;
        h -= p * log2(p);
    }
    return h < 0 ? 0.0 : h;
}

bool sec_looks_binary(const char *data, size_t len)
{
    if (!data)
        return false;
    size_t n = len < SEC_BINARY_PROBE ? len : SEC_BINARY_PROBE;
    if (memchr(data, '\0', n))
        return true;
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)data[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\v' &&
             ch != '\b' && ch != 0x1b) ||
            ch == 0x7f)
            ctrl++;
    }
    return ctrl * 10 > n; /* more than 10% control bytes */
}

/* Length of the UTF-8 sequence at s (1 for an invalid byte). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t want = s[0] < 0x80 ? 1 : (s[0] >= 0xc2 && s[0] <= 0xdf) ? 2
                                  : (s[0] >= 0xe0 && s[0] <= 0xef) ? 3
                                  : (s[0] >= 0xf0 && s[0] <= 0xf4) ? 4
                                                                    : 0;
    if (want <= 1 || want > n)
        return 1;
    if (mt_utf8_invalid_at((const char *)s, want) != want)
        return 1;
    return want;
}

void sec_mask(const char *secret, size_t len, char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return;
    out[0] = '\0';
    if (!secret)
        return;
    const unsigned char *s = (const unsigned char *)secret;
    size_t nchars = 0;
    for (size_t i = 0; i < len; i += utf8_len(s + i, len - i))
        nchars++;
    size_t keep = nchars < 12 ? 0 : 4, o = 0, ci = 0;
    for (size_t i = 0; i < len && o + 1 < outlen; ci++) {
        size_t l = utf8_len(s + i, len - i);
        bool valid = l > 1 || s[i] < 0x80;
        if (ci < keep && valid && s[i] >= 0x20 && s[i] != 0x7f) {
            if (o + l + 1 > outlen)
                break;
            memcpy(out + o, s + i, l);
            o += l;
        } else {
            out[o++] = '*';
        }
        i += l;
    }
    out[o] = '\0';
}

/* ---- scanners ---- */

sec_scanner *sec_scanner_new(const sec_ruleset *rs)
{
    if (!rs || !rs->compiled)
        return NULL;
    sec_scanner *sc = mt_xcalloc(1, sizeof(*sc));
    sc->rs = rs;
    sc->nrules = rs->rules.len;
    sc->rules = (srule **)rs->rules.items;
    if (rs->db) {
        if (hs_clone_scratch(rs->scratch, &sc->scratch) != HS_SUCCESS ||
            hs_open_stream(rs->db, 0, &sc->stream) != HS_SUCCESS) {
            sec_scanner_free(sc);
            return NULL;
        }
    }
    sc->md = pcre2_match_data_create(rs->max_caps + 1, NULL);
    sc->mrule = pcre2_match_context_create(NULL);
    sc->mallow = pcre2_match_context_create(NULL);
    sc->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (!sc->md || !sc->mrule || !sc->mallow) {
        sec_scanner_free(sc);
        return NULL;
    }
    pcre2_match_context *ctxs[2] = {sc->mrule, sc->mallow};
    for (int i = 0; i < 2; i++) {
        pcre2_set_match_limit(ctxs[i], SEC_MATCH_LIMIT);
        pcre2_set_depth_limit(ctxs[i], SEC_DEPTH_LIMIT);
        pcre2_set_heap_limit(ctxs[i], SEC_HEAP_LIMIT_KIB);
        if (sc->jit)
            pcre2_jit_stack_assign(ctxs[i], NULL, sc->jit);
    }
    sc->skip = mt_xcalloc(sc->nrules ? sc->nrules : 1, 1);
    sc->rst = mt_xcalloc(sc->nrules ? sc->nrules : 1, sizeof(rstate));
    return sc;
}

static void drop_pending(sec_scanner *sc)
{
    for (size_t i = 0; i < sc->npend; i++) {
        free(sc->pend[i].secret);
        free(sc->pend[i].line);
    }
    sc->npend = 0;
}

void sec_scanner_free(sec_scanner *sc)
{
    if (!sc)
        return;
    drop_pending(sc);
    if (sc->stream)
        hs_close_stream(sc->stream, sc->scratch, NULL, NULL);
    if (sc->scratch)
        hs_free_scratch(sc->scratch);
    if (sc->md)
        pcre2_match_data_free(sc->md);
    if (sc->mrule)
        pcre2_match_context_free(sc->mrule);
    if (sc->mallow)
        pcre2_match_context_free(sc->mallow);
    if (sc->jit)
        pcre2_jit_stack_free(sc->jit);
    free(sc->skip);
    free(sc->rst);
    free(sc->ready);
    free(sc->pend);
    free(sc->buf);
    free(sc);
}

bool sec_scanner_skipped_binary(const sec_scanner *sc)
{
    return sc && sc->binary;
}

size_t sec_scanner_limit_hits(const sec_scanner *sc)
{
    return sc ? sc->limit_hits : 0;
}

size_t sec_scanner_buffered(const sec_scanner *sc)
{
    return sc ? sc->cap + sc->capready * sizeof(region) + sc->cappend * sizeof(pmatch) : 0;
}

/* ---- regions ---- */

static void push_ready(sec_scanner *sc, uint64_t a, uint64_t b, uint32_t rule)
{
    if (sc->nready == sc->capready) {
        sc->capready = sc->capready ? sc->capready * 2 : 64;
        sc->ready = mt_xrealloc(sc->ready, sc->capready * sizeof(region));
    }
    sc->ready[sc->nready++] = (region){a, b, rule};
}

/* A Vectorscan candidate: rule id may match ending at offset e. */
static int on_candidate(unsigned int id, unsigned long long from, unsigned long long to,
                        unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    sec_scanner *sc = ctx;
    if (id >= sc->nrules || sc->skip[id])
        return 0;
    uint64_t e = to, w = sc->rules[id]->window;
    uint64_t a = e > w ? e - w : 0;
    rstate *st = &sc->rst[id];
    if (st->open) {
        if (e <= st->b) { /* out of order: widen the open region */
            if (a < st->a)
                st->a = a;
            return 0;
        }
        if (a <= st->b && e - st->a <= SEC_REGION_MAX) {
            st->b = e;
            return 0;
        }
        push_ready(sc, st->a, st->b, id);
    }
    st->open = true;
    st->a = a;
    st->b = e;
    return 0;
}

/* The last offset whose bytes a region's search may use (see the top). */
static uint64_t region_need(const sec_scanner *sc, const region *g)
{
    return g->b + sc->rules[g->rule]->window + SEC_LOOKAHEAD + SEC_LINE_MAX;
}

/* ---- confirming ---- */

static bool allow_hit(sec_scanner *sc, const sec_allow_re *ar, size_t n, const char *secret,
                      size_t slen, const char *match, size_t mlen, const char *line, size_t llen)
{
    for (size_t i = 0; i < n; i++) {
        if (!ar[i].code)
            continue;
        const char *s = ar[i].target == SEC_TARGET_MATCH ? match
                        : ar[i].target == SEC_TARGET_LINE ? line
                                                          : secret;
        size_t l = ar[i].target == SEC_TARGET_MATCH ? mlen
                   : ar[i].target == SEC_TARGET_LINE ? llen
                                                     : slen;
        int rc = pcre2_match(ar[i].code, (PCRE2_SPTR)s, l, 0, 0, sc->md, sc->mallow);
        if (rc >= 0)
            return true;
        if (rc != PCRE2_ERROR_NOMATCH)
            sc->limit_hits++; /* a limit: taken as no match, the finding stays */
    }
    return false;
}

static bool stop_hit(const char *const *words, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (contains_ci(s, len, words[i]))
            return true;
    return false;
}

static size_t count_nl(const char *s, size_t n)
{
    size_t c = 0;
    const char *end = s + n;
    while (s < end && (s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        c++;
        s++;
    }
    return c;
}

/* A PCRE2 match [ms, me) of rule i with secret [s, e): filters it and
 * queues it. line_limit bounds the bytes line_text may read. */
static void consider(sec_scanner *sc, uint32_t i, uint64_t ms, uint64_t me, uint64_t s, uint64_t e,
                     uint64_t line_limit)
{
    const srule *r = sc->rules[i];
    const sec_ruleset *rs = sc->rs;
    const char *match = at(sc, ms), *secret = at(sc, s);
    size_t mlen = (size_t)(me - ms), slen = (size_t)(e - s);
    if (r->pub.nkeywords) {
        size_t k = 0;
        while (k < r->pub.nkeywords && !contains_ci(match, mlen, r->pub.keywords[k]))
            k++;
        if (k == r->pub.nkeywords)
            return;
    }
    if (stop_hit((const char *const *)r->pub.allow.stopwords, r->pub.allow.nstopwords, secret,
                 slen) ||
        stop_hit((const char *const *)rs->gstop.items, rs->gstop.len, secret, slen))
        return;
    double ent = sec_entropy(secret, slen);
    if (r->pub.entropy > 0 && ent < r->pub.entropy)
        return;
    /* the line holding the secret's first byte, at most SEC_LINE_MAX bytes
     * starting at most SEC_LINE_BACK before the secret */
    uint64_t ws = s > SEC_LINE_BACK ? s - SEC_LINE_BACK : 0;
    if (ws < sc->base)
        ws = sc->base; /* cannot happen: a region keeps SEC_CTX bytes before it */
    uint64_t ls = ws;
    for (uint64_t p = s; p > ws; p--)
        if (*at(sc, p - 1) == '\n') {
            ls = p;
            break;
        }
    uint64_t lim = ls + SEC_LINE_MAX < line_limit ? ls + SEC_LINE_MAX : line_limit;
    uint64_t le = lim > s ? lim : s;
    const char *nl = s < lim ? memchr(at(sc, s), '\n', (size_t)(lim - s)) : NULL;
    if (nl)
        le = s + (uint64_t)(nl - at(sc, s));
    if (le > ls && *at(sc, le - 1) == '\r')
        le--;
    const char *line = at(sc, ls);
    size_t llen = (size_t)(le - ls);
    if (allow_hit(sc, r->allow_re, r->pub.allow.nregexes, secret, slen, match, mlen, line, llen))
        return;
    for (size_t k = 0; k < rs->gregex.len; k++) {
        const sec_allow_re *ar = rs->gregex.items[k];
        if (allow_hit(sc, ar, 1, secret, slen, match, mlen, line, llen))
            return;
    }
    if (sc->npend == sc->cappend) {
        sc->cappend = sc->cappend ? sc->cappend * 2 : 16;
        sc->pend = mt_xrealloc(sc->pend, sc->cappend * sizeof(pmatch));
    }
    pmatch *pm = &sc->pend[sc->npend++];
    pm->start = s;
    pm->end = e;
    pm->mstart = ms;
    pm->mend = me;
    pm->rule = i;
    pm->nl = (int)count_nl(secret, slen ? slen - 1 : 0);
    pm->entropy = ent;
    pm->secret_len = slen < SEC_MAX_SECRET ? slen : SEC_MAX_SECRET;
    pm->secret = mt_xstrndup(secret, pm->secret_len);
    pm->line = mt_xstrndup(line, llen);
}

/* Runs rule g->rule's PCRE2 over region g (its bytes are all present). */
static void search_region(sec_scanner *sc, const region *g)
{
    const srule *r = sc->rules[g->rule];
    rstate *st = &sc->rst[g->rule];
    uint64_t w = r->window;
    uint64_t sub0 = g->a > SEC_CTX ? g->a - SEC_CTX : 0;
    if (sub0 < sc->base)
        sub0 = sc->base; /* cannot happen: see discard() */
    uint64_t sub1 = g->b + w + SEC_LOOKAHEAD;
    if (sub1 > sc->avail)
        sub1 = sc->avail;
    uint64_t line_limit = g->b + w + SEC_LOOKAHEAD + SEC_LINE_MAX;
    if (line_limit > sc->avail)
        line_limit = sc->avail;
    uint64_t start = g->a > st->cursor ? g->a : st->cursor;
    const char *subj = at(sc, sub0);
    size_t slen = (size_t)(sub1 - sub0);
    pcre2_set_offset_limit(sc->mrule, (PCRE2_SIZE)(g->b - sub0));
    int grp = r->pub.secret_group;
    /* a subject cut short of the data's end is not the end of a line */
    uint32_t opts = sub1 < sc->avail ? PCRE2_NOTEOL : 0;
    while (start <= g->b && start <= sub1) {
        int rc = pcre2_match(r->re, (PCRE2_SPTR)subj, slen, (PCRE2_SIZE)(start - sub0), opts,
                             sc->md, sc->mrule);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            sc->limit_hits++; /* match or depth limit: the rest of the region is skipped */
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
        uint64_t ms = sub0 + ov[0], me = sub0 + ov[1];
        if (ov[1] < ov[0])
            me = ms;
        uint64_t next = me > ms ? me : ms + 1;
        st->cursor = next;
        start = next;
        if (rc > grp && ov[2 * grp] != PCRE2_UNSET && ov[2 * grp + 1] > ov[2 * grp]) {
            uint64_t s = sub0 + ov[2 * grp], e = sub0 + ov[2 * grp + 1];
            consider(sc, g->rule, ms, me, s, e, line_limit);
        }
    }
}

/* ---- reporting ---- */

static int cmp_pmatch(const void *x, const void *y)
{
    const pmatch *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Moves the line cursor to offset to (its bytes are present). */
static void lines_to(sec_scanner *sc, uint64_t to)
{
    if (to <= sc->lpos)
        return;
    const char *p = at(sc, sc->lpos), *end = at(sc, to);
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        if (sc->lno < INT32_MAX)
            sc->lno++;
        p++;
        sc->lbol = sc->base + (uint64_t)(p - sc->data);
    }
    sc->lpos = to;
}

/* Reports the queued matches that start before watermark, in order. */
static void report(sec_scanner *sc, uint64_t watermark)
{
    if (sc->npend == 0)
        return;
    qsort(sc->pend, sc->npend, sizeof(pmatch), cmp_pmatch);
    size_t k = 0;
    for (; k < sc->npend && sc->pend[k].start < watermark; k++) {
        pmatch *pm = &sc->pend[k];
        lines_to(sc, pm->start);
        sec_match m = {
            .rule = &sc->rules[pm->rule]->pub,
            .start = pm->start,
            .end = pm->end,
            .match_start = pm->mstart,
            .match_end = pm->mend,
            .line = sc->lno,
            .col = (int)(pm->start - sc->lbol + 1 > INT32_MAX ? INT32_MAX
                                                              : pm->start - sc->lbol + 1),
            .end_line = (int64_t)sc->lno + pm->nl > INT32_MAX ? INT32_MAX : sc->lno + pm->nl,
            .secret = pm->secret,
            .secret_len = pm->secret_len,
            .line_text = pm->line,
            .entropy = pm->entropy,
        };
        if (sc->fn)
            sc->fn(sc->ud, &m);
        if (sc->reported < INT32_MAX)
            sc->reported++;
        free(pm->secret);
        free(pm->line);
    }
    memmove(sc->pend, sc->pend + k, (sc->npend - k) * sizeof(pmatch));
    sc->npend -= k;
}

/* Closes the regions no later candidate can extend, searches the regions
 * whose bytes are all present, reports what is safe to report and forgets
 * the bytes nothing needs any more. final: the stream has ended. */
static void settle(sec_scanner *sc, bool final)
{
    uint64_t P = sc->scanned;
    for (uint32_t i = 0; i < sc->nrules; i++) {
        rstate *st = &sc->rst[i];
        if (st->open && (final || st->b + sc->rules[i]->window <= P)) {
            push_ready(sc, st->a, st->b, i);
            st->open = false;
        }
    }
    size_t w = 0;
    uint64_t mark = UINT64_MAX; /* no later match starts before this */
    for (size_t k = 0; k < sc->nready; k++) {
        region *g = &sc->ready[k];
        if (final || region_need(sc, g) <= sc->avail) {
            search_region(sc, g);
        } else {
            if (g->a < mark)
                mark = g->a;
            sc->ready[w++] = *g;
        }
    }
    sc->nready = w;
    if (!final) {
        for (uint32_t i = 0; i < sc->nrules; i++)
            if (sc->rst[i].open && sc->rst[i].a < mark)
                mark = sc->rst[i].a;
        /* a later candidate ends at P or after (P itself: end-of-data
         * matches reported when the stream ends) */
        uint64_t future = P > sc->rs->max_window ? P - sc->rs->max_window : 0;
        if (future < mark)
            mark = future;
    }
    report(sc, mark);
    if (sc->external || final)
        return;
    /* forget bytes before the earliest one still needed */
    uint64_t keep = mark > SEC_CTX ? mark - SEC_CTX : 0;
    if (sc->npend && sc->pend[0].start < keep)
        keep = sc->pend[0].start;
    if (keep > sc->avail)
        keep = sc->avail;
    if (keep <= sc->base)
        return;
    size_t drop = (size_t)(keep - sc->base), have = (size_t)(sc->avail - sc->base);
    if (drop < 65536 && drop * 2 < sc->cap)
        return; /* not worth moving yet */
    lines_to(sc, keep);
    memmove(sc->buf, sc->buf + drop, have - drop);
    sc->base = keep;
    sc->data = sc->buf;
}

/* ---- streams ---- */

static void reset_stream_state(sec_scanner *sc)
{
    drop_pending(sc);
    sc->active = false;
    sc->failed = false;
    sc->skip_all = false;
    sc->binary = false;
    sc->base = sc->avail = sc->scanned = 0;
    sc->external = false;
    sc->data = sc->buf;
    sc->nready = 0;
    memset(sc->rst, 0, (sc->nrules ? sc->nrules : 1) * sizeof(rstate));
    sc->lpos = sc->lbol = 0;
    sc->lno = 1;
    sc->limit_hits = 0;
    sc->reported = 0;
}

int sec_stream_begin(sec_scanner *sc, const char *path)
{
    if (!sc)
        return -1;
    if (sc->active && sc->stream) /* an unfinished stream: drop it */
        hs_reset_stream(sc->stream, 0, NULL, NULL, NULL);
    reset_stream_state(sc);
    sc->active = true;
    const sec_ruleset *rs = sc->rs;
    if (path) {
        for (size_t k = 0; k < rs->gpaths.len && !sc->skip_all; k++)
            sc->skip_all = mt_glob_match(rs->gpaths.items[k], path);
    }
    size_t live = 0;
    for (size_t i = 0; i < sc->nrules; i++) {
        const sec_allowlist *al = &sc->rules[i]->pub.allow;
        bool skip = false;
        for (size_t k = 0; path && k < al->npaths && !skip; k++)
            skip = mt_glob_match(al->paths[k], path);
        sc->skip[i] = skip;
        live += !skip;
    }
    if (live == 0 || !sc->stream)
        sc->skip_all = true;
    return 0;
}

/* Vectorscan over bytes [scanned, avail), slice by slice, settling after
 * each. */
static int advance(sec_scanner *sc)
{
    while (sc->scanned < sc->avail) {
        uint64_t n = sc->avail - sc->scanned;
        if (n > SEC_SLICE)
            n = SEC_SLICE;
        if (hs_scan_stream(sc->stream, at(sc, sc->scanned), (unsigned)n, 0, sc->scratch,
                           on_candidate, sc) != HS_SUCCESS) {
            sc->failed = true;
            return -1;
        }
        sc->scanned += n;
        settle(sc, false);
    }
    return 0;
}

/* Room for n more bytes at the end of the own buffer. */
static char *room(sec_scanner *sc, size_t n)
{
    size_t have = (size_t)(sc->avail - sc->base);
    if (have + n > sc->cap) {
        size_t cap = sc->cap ? sc->cap : 65536;
        while (cap < have + n)
            cap *= 2;
        sc->buf = mt_xrealloc(sc->buf, cap);
        sc->cap = cap;
        sc->data = sc->buf;
    }
    return sc->buf + have;
}

int sec_stream_feed(sec_scanner *sc, const char *data, size_t len, sec_match_fn fn, void *ud)
{
    if (!sc || !sc->active || sc->failed || sc->external)
        return -1;
    if (sc->skip_all || len == 0)
        return 0;
    if (!data)
        return -1;
    sc->fn = fn;
    sc->ud = ud;
    int before = sc->reported;
    while (len) {
        size_t n = len < SEC_FD_CHUNK ? len : SEC_FD_CHUNK;
        memcpy(room(sc, n), data, n);
        sc->avail += n;
        data += n;
        len -= n;
        if (advance(sc))
            return -1;
    }
    return sc->reported - before;
}

int sec_stream_end(sec_scanner *sc, sec_match_fn fn, void *ud)
{
    if (!sc || !sc->active)
        return -1;
    sc->active = false;
    if (sc->failed) {
        if (sc->stream)
            hs_reset_stream(sc->stream, 0, NULL, NULL, NULL);
        drop_pending(sc);
        return -1;
    }
    if (sc->skip_all)
        return 0;
    sc->fn = fn;
    sc->ud = ud;
    int before = sc->reported;
    /* end-of-data candidates ($, \z) come with the reset */
    if (hs_reset_stream(sc->stream, 0, sc->scratch, on_candidate, sc) != HS_SUCCESS) {
        drop_pending(sc);
        return -1;
    }
    settle(sc, true);
    return sc->reported - before;
}

int sec_scan_buffer(sec_scanner *sc, const char *path, const char *data, size_t len,
                    sec_match_fn fn, void *ud)
{
    if (!sc || (!data && len))
        return -1;
    sec_stream_begin(sc, path);
    if (sc->skip_all) {
        sc->active = false;
        return 0;
    }
    sc->external = true;
    sc->data = data;
    sc->base = 0;
    sc->avail = len;
    sc->fn = fn;
    sc->ud = ud;
    int rc = advance(sc);
    if (rc == 0)
        rc = sec_stream_end(sc, fn, ud);
    else
        sec_stream_end(sc, NULL, NULL);
    int total = sc->reported;
    sc->external = false;
    sc->data = sc->buf;
    sc->base = sc->avail = 0;
    return rc < 0 ? -1 : total;
}

int sec_scan_fd(sec_scanner *sc, const char *path, int fd, sec_match_fn fn, void *ud)
{
    if (!sc)
        return -1;
    sec_stream_begin(sc, path);
    if (sc->skip_all) {
        sc->active = false;
        return 0;
    }
    sc->fn = fn;
    sc->ud = ud;
    bool first = true;
    for (;;) {
        char *dst = room(sc, SEC_FD_CHUNK);
        ssize_t n = read(fd, dst, SEC_FD_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            sc->failed = true;
            sec_stream_end(sc, NULL, NULL);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        if (first) {
            first = false;
            if (sec_looks_binary(dst, (size_t)n)) {
                sc->failed = true; /* drops the stream quietly */
                sec_stream_end(sc, NULL, NULL);
                sc->binary = true;
                return 0;
            }
        }
        sc->avail += (uint64_t)n;
        if (advance(sc)) {
            sec_stream_end(sc, NULL, NULL);
            return -1;
        }
    }
    int rc = sec_stream_end(sc, fn, ud);
    return rc < 0 ? -1 : sc->reported;
}
