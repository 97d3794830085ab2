/* df_parse.c — see df_parse.h. Follows the Dockerfile reference and what
 * BuildKit's parser does: its line-continuation rule, its directive rule,
 * its heredoc-word rule, its JSON rule and its flag rule.
 *
 * Speed: the strings the parser hands out (logical lines, words, keys,
 * values, flags, JSON elements) are written straight into arena memory
 * taken from a bump pool (see "string pool"), each sized from the source
 * span it comes from; words are cut in place in one copy of the arguments,
 * and arguments point into their logical line when they can. Lists are
 * collected on the stack: nothing is malloc()ed per instruction or per
 * word unless a list is long. */
#include "dockerfile/df_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* SSE2 (always there on x86-64) speeds up the scans for newlines, for the
 * ends of keywords and words and for the end of a quoted run, 16 bytes at a
 * time. Without it the byte-wise loops, which are always there for the
 * rest of a scan, do all the work. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define HAVE_SSE2 1
#endif

typedef struct line {
    const char *s; /* in the input: not NUL-terminated */
    size_t len;
} line;

/* ---- small vectors ----
 *
 * Collect a few items on the stack; only a long list moves to the heap. */

#define PTRVEC_INLINE 64

typedef struct ptrvec {
    void **v;
    size_t n, cap;
    void *inl[PTRVEC_INLINE];
} ptrvec;

static inline void ptrvec_init(ptrvec *s)
{
    s->v = s->inl;
    s->n = 0;
    s->cap = PTRVEC_INLINE;
}

static void ptrvec_grow(ptrvec *s)
{
    size_t cap = s->cap * 2;
    void **v = mt_xmalloc(cap * sizeof(void *));
    memcpy(v, s->v, s->n * sizeof(void *));
    if (s->v != s->inl)
        free(s->v);
    s->v = v;
    s->cap = cap;
}

static inline void ptrvec_push(ptrvec *s, void *item)
{
    if (s->n == s->cap)
        ptrvec_grow(s);
    s->v[s->n++] = item;
}

static inline void ptrvec_free(ptrvec *s)
{
    if (s->v != s->inl)
        free(s->v);
}

/* Doubles the room of the n items of `size` bytes at v, which may be the
 * stack array inl; returns the new array, on the heap. */
static void *grow_items(void *v, size_t n, size_t size, void *inl)
{
    void *nv = mt_xmalloc(2 * n * size);
    memcpy(nv, v, n * size);
    if (v != inl)
        free(v);
    return nv;
}

typedef struct parser {
    mt_arena *a;
    df_file *f;
    line *lines;
    size_t nlines;
    size_t i; /* next line */
    bool has_nul; /* the input holds a NUL byte: C strings may end early */
    const unsigned char *cls; /* character classes for the escape character */
    mt_vec errors;
    df_comment *comments; /* malloc()ed, copied into the arena at the end */
    size_t ncomments, comments_cap;
    bool spaced_heredoc; /* the last instruction wrote `<< EOF`, which is no heredoc */
    /* String pool (see pool_reserve). */
    char *pool, *pool_end;   /* free part of the current chunk */
    char *res;               /* the open reservation */
    size_t res_n;
    bool res_in_chunk;
    /* Shared empty arrays for instructions without arguments, flags or
     * pairs (zeroed terminators, never written). */
    char **no_argv;
    df_flag *no_flags;
    df_kv *no_kvs;
    ptrvec *instrs, *stages; /* df_instr *, df_stage * */
} parser;

/* ---- string pool ----
 *
 * A bump allocator over arena chunks, for strings and small arrays that are
 * fully written by the parser (so the zeroing mt_arena_alloc() does per
 * call is not needed). A writer reserves an upper bound of what it may
 * write, writes, and commits what it used; the rest stays free. Nothing
 * else may take from the pool between a reservation and its commit.
 *
 * Chunks stay under 2 KiB: the arena zeroes what it hands out, and glibc
 * zeroes larger blocks with `rep stosb`, which callgrind counts as an
 * instruction per byte (smaller ones take a vector store per 32 bytes).
 * A request over half a chunk gets an arena block of its own. */

#define POOL_CHUNK 2016

static char *pool_reserve_slow(parser *p, size_t n)
{
    if (n > POOL_CHUNK / 2) {
        /* Too big for a chunk: a block of its own. */
        p->res = mt_arena_alloc(p->a, n);
        p->res_n = n;
        p->res_in_chunk = false;
        return p->res;
    }
    p->pool = mt_arena_alloc(p->a, POOL_CHUNK);
    p->pool_end = p->pool + POOL_CHUNK;
    p->res = p->pool;
    p->res_n = n;
    p->res_in_chunk = true;
    return p->res;
}

static inline char *pool_reserve(parser *p, size_t n)
{
    if (n > (size_t)(p->pool_end - p->pool))
        return pool_reserve_slow(p, n);
    p->res = p->pool;
    p->res_n = n;
    p->res_in_chunk = true;
    return p->res;
}

/* Ends the open reservation: [res, end) is in use. */
static inline void pool_commit(parser *p, char *end)
{
    /* An output bound that does not hold is a bug that has already written
     * past the reservation; stop rather than go on with corrupt memory. */
    if (end < p->res || (size_t)(end - p->res) > p->res_n)
        abort();
    if (p->res_in_chunk)
        p->pool = end;
}

static char *pool_take_slow(parser *p, size_t n)
{
    char *r = pool_reserve_slow(p, n);
    pool_commit(p, r + n);
    return r;
}

/* n bytes, not zeroed (a reservation and its commit in one). */
static inline char *pool_take(parser *p, size_t n)
{
    if (n > (size_t)(p->pool_end - p->pool))
        return pool_take_slow(p, n);
    char *r = p->pool;
    p->pool += n;
    return r;
}

/* Strings that are scanned 16 bytes at a time (logical lines and
 * arguments) have this many bytes after their NUL that may be read. */
#define STR_PAD 15

/* Room for a string of n bytes and its NUL, with STR_PAD readable bytes
 * after it (which the pool may hand out later). */
static inline char *pool_take_padded(parser *p, size_t n)
{
    if (n + 1 + STR_PAD > (size_t)(p->pool_end - p->pool)) {
        char *r = pool_reserve_slow(p, n + 1 + STR_PAD);
        pool_commit(p, r + n + 1);
        return r;
    }
    char *r = p->pool;
    p->pool += n + 1;
    return r;
}

/* A copy of s[0..n) with a NUL, and STR_PAD readable bytes after it. */
static inline char *pool_strndup(parser *p, const char *s, size_t n)
{
    char *r = pool_take_padded(p, n);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

#define POOL_ALIGN _Alignof(max_align_t)

/* Room for n elements of `size` bytes, aligned for any of the parser's
 * structures, not zeroed. */
static inline void *pool_array(parser *p, size_t n, size_t size)
{
    char *r = pool_take(p, n * size + POOL_ALIGN - 1);
    return r + (-(uintptr_t)r & (POOL_ALIGN - 1));
}

/* The strings of a pointer vector as a NULL-terminated arena array. */
static inline char **strs_to_pool(parser *p, const ptrvec *s)
{
    char **arr = pool_array(p, s->n + 1, sizeof(char *));
    for (size_t k = 0; k < s->n; k++)
        arr[k] = s->v[k];
    arr[s->n] = NULL;
    return arr;
}

/* ---- keywords ---- */

static const struct {
    char name[16]; /* NUL-padded: read as two 8-byte words */
    size_t len;
    df_kind kind;
} kinds[] = {
    {"ADD", 3, DF_ADD},         {"ARG", 3, DF_ARG},
    {"CMD", 3, DF_CMD},         {"COPY", 4, DF_COPY},
    {"ENTRYPOINT", 10, DF_ENTRYPOINT}, {"ENV", 3, DF_ENV},
    {"EXPOSE", 6, DF_EXPOSE},   {"FROM", 4, DF_FROM},
    {"HEALTHCHECK", 11, DF_HEALTHCHECK}, {"LABEL", 5, DF_LABEL},
    {"MAINTAINER", 10, DF_MAINTAINER}, {"ONBUILD", 7, DF_ONBUILD},
    {"RUN", 3, DF_RUN},         {"SHELL", 5, DF_SHELL},
    {"STOPSIGNAL", 10, DF_STOPSIGNAL}, {"USER", 4, DF_USER},
    {"VOLUME", 6, DF_VOLUME},   {"WORKDIR", 7, DF_WORKDIR},
};

/* For each first letter, the first entry of `kinds` starting with it, and
 * how many do: {first, count}. */
static const unsigned char kinds_by_letter[26][2] = {
    ['A' - 'A'] = {0, 2},  ['C' - 'A'] = {2, 2},  ['E' - 'A'] = {4, 3},
    ['F' - 'A'] = {7, 1},  ['H' - 'A'] = {8, 1},  ['L' - 'A'] = {9, 1},
    ['M' - 'A'] = {10, 1}, ['O' - 'A'] = {11, 1}, ['R' - 'A'] = {12, 1},
    ['S' - 'A'] = {13, 2}, ['U' - 'A'] = {15, 1}, ['V' - 'A'] = {16, 1},
    ['W' - 'A'] = {17, 1},
};

/* 8 bytes of 0xFF then 8 of 0: the 8 bytes at ff_then_0 + 8 - n keep the
 * first n bytes of a word (whatever the byte order). */
static const unsigned char ff_then_0[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/* The index in `kinds` of the keyword s[0..n), compared case-insensitively
 * (ASCII, as strcasecmp in the C locale), or -1. s has 16 readable bytes. */
static inline int kind_lookup(const char *s, size_t n)
{
    if (n < 3 || n > 11)
        return -1;
    unsigned c = (unsigned char)s[0] & ~0x20u; /* upper case for letters */
    if (c < 'A' || c > 'Z')
        return -1;
    /* The keyword as two words, the bytes past it cleared. Names are
     * upper-case letters: clearing bit 5 of every byte maps exactly the
     * upper- and lower-case letter onto them and nothing else. */
    uint64_t lo, hi, mlo, mhi;
    memcpy(&lo, s, 8);
    memcpy(&hi, s + 8, 8);
    memcpy(&mlo, ff_then_0 + (n < 8 ? 8 - n : 0), 8);
    memcpy(&mhi, ff_then_0 + (n < 8 ? 8 : 16 - n), 8);
    lo &= mlo & 0xDFDFDFDFDFDFDFDFull;
    hi &= mhi & 0xDFDFDFDFDFDFDFDFull;
    const unsigned char *r = kinds_by_letter[c - 'A'];
    for (unsigned k = r[0]; k < (unsigned)r[0] + r[1]; k++) {
        uint64_t nlo, nhi;
        memcpy(&nlo, kinds[k].name, 8);
        memcpy(&nhi, kinds[k].name + 8, 8);
        if (kinds[k].len == n && nlo == lo && nhi == hi)
            return (int)k;
    }
    return -1;
}

df_kind df_kind_from_name(const char *name)
{
    size_t n = strlen(name);
    char buf[16] = {0};
    if (n > 11)
        return DF_UNKNOWN;
    memcpy(buf, name, n);
    int k = kind_lookup(buf, n);
    return k < 0 ? DF_UNKNOWN : kinds[k].kind;
}

const char *df_flag_find(const df_instr *in, const char *name)
{
    for (size_t i = 0; i < in->nflags; i++) {
        if (mt_streq(in->flags[i].name, name))
            return in->flags[i].value ? in->flags[i].value : "";
    }
    return NULL;
}

/* ---- character classes ---- */

/* Blanks that may follow a line-continuation character. */
static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

enum {
    C_SPACE = 1, /* separates words: ASCII part of Go's unicode.IsSpace */
    C_EQ = 2,    /* '=' */
    C_END = 4,   /* NUL */
    C_SPEC = 8,  /* quotes and the escape character in use */
};

/* One table for each escape character. */
#define CCLASS_COMMON                                                                  \
    ['\0'] = C_END, [' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, \
    ['\f'] = C_SPACE, ['\r'] = C_SPACE, ['='] = C_EQ, ['\''] = C_SPEC, ['"'] = C_SPEC
static const unsigned char cclass_backslash[256] = {CCLASS_COMMON, ['\\'] = C_SPEC};
static const unsigned char cclass_backtick[256] = {CCLASS_COMMON, ['`'] = C_SPEC};

static inline bool is_space(char c)
{
    return cclass_backslash[(unsigned char)c] & C_SPACE;
}

static void add_error(parser *p, int line_no, int col, const char *msg)
{
    df_error *e = mt_arena_alloc(p->a, sizeof(*e));
    e->line = line_no;
    e->col = col;
    e->msg = mt_arena_strdup(p->a, msg);
    mt_vec_push(&p->errors, e);
}

static void add_comment(parser *p, size_t li)
{
    const line *l = &p->lines[li];
    size_t k = 0;
    while (k < l->len && is_space(l->s[k]))
        k++;
    if (p->ncomments == p->comments_cap) {
        p->comments_cap = p->comments_cap ? 2 * p->comments_cap : 16;
        p->comments = mt_xrealloc(p->comments, p->comments_cap * sizeof(df_comment));
    }
    df_comment *c = &p->comments[p->ncomments++];
    c->line = (int)li + 1;
    c->col = (int)k + 1;
    k++; /* '#' */
    while (k < l->len && is_space(l->s[k]))
        k++;
    size_t end = l->len;
    while (end > k && is_space(l->s[end - 1]))
        end--;
    c->text = pool_strndup(p, l->s + k, end > k ? end - k : 0);
}

/* ---- line splitting ---- */

/* Lines end at '\n' only (a lone '\r' is an ordinary byte, as for BuildKit);
 * '\r' before the '\n' is dropped, so CRLF files parse like LF files. The
 * lines go to `small` (room for ncap) while they fit, else to the heap. */
typedef struct line_list {
    line *v, *small;
    size_t n, cap;
} line_list;

/* Adds the line data[start, end), end being its '\n' or the end of input. */
static inline void add_line(line_list *ll, const char *data, size_t start, size_t end)
{
    if (ll->n == ll->cap) {
        ll->cap *= 2;
        if (ll->v == ll->small) {
            ll->v = mt_xmalloc(ll->cap * sizeof(line));
            memcpy(ll->v, ll->small, ll->n * sizeof(line));
        } else {
            ll->v = mt_xrealloc(ll->v, ll->cap * sizeof(line));
        }
    }
    while (end > start && data[end - 1] == '\r')
        end--;
    ll->v[ll->n++] = (line){data + start, end - start};
}

static void split_lines(parser *p, const char *data, size_t len, line *small, size_t ncap)
{
    p->has_nul = memchr(data, '\0', len) != NULL;
    line_list ll = {small, small, 0, ncap};
    if (len / 16 + 16 > ncap) { /* lines are rarely shorter on average */
        ll.cap = len / 16 + 16;
        ll.v = mt_xmalloc(ll.cap * sizeof(line));
    }
    size_t start = 0;
#ifdef HAVE_SSE2
    /* The newlines of each whole 16-byte block, from a bit mask. */
    for (size_t pos = 0; len - pos >= 16; pos += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + pos));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        for (; bits; bits &= bits - 1) {
            size_t end = pos + (size_t)__builtin_ctz(bits);
            add_line(&ll, data, start, end);
            start = end + 1;
        }
    }
#endif
    while (start < len) {
        const char *nl = memchr(data + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - data) : len;
        add_line(&ll, data, start, end);
        start = end + 1;
    }
    p->lines = ll.v;
    p->nlines = ll.n;
}

/* ---- parser directives ---- */

/* `# name=value` lines at the very top. Like BuildKit: the name is
 * [A-Za-z][A-Za-z0-9]*, the value is not empty, only syntax, escape and
 * check are directives, and the first line that is not one of them (a blank
 * line, an ordinary comment, an unknown directive, an instruction) ends
 * them. A repeated directive is an error. */
static void parse_directives(parser *p)
{
    df_file *f = p->f;
    bool seen[3] = {false, false, false};
    static const char *const names[3] = {"syntax", "escape", "check"};
    while (p->i < p->nlines) {
        const line *l = &p->lines[p->i];
        const char *s = l->s;
        size_t n = l->len, k = 0;
        while (k < n && is_space(s[k]))
            k++;
        if (k >= n || s[k] != '#')
            return;
        k++;
        while (k < n && is_space(s[k]))
            k++;
        size_t ks = k;
        if (k >= n || !isalpha((unsigned char)s[k]))
            return;
        while (k < n && isalnum((unsigned char)s[k]))
            k++;
        size_t kl = k - ks;
        while (k < n && is_space(s[k]))
            k++;
        if (k >= n || s[k] != '=')
            return;
        k++;
        while (k < n && is_space(s[k]))
            k++;
        size_t ve = n;
        while (ve > k && is_space(s[ve - 1]))
            ve--;
        if (ve == k)
            return; /* no value: an ordinary comment */
        int which = -1;
        for (int d = 0; d < 3; d++) {
            if (strlen(names[d]) == kl && strncasecmp(s + ks, names[d], kl) == 0)
                which = d;
        }
        if (which < 0)
            return; /* unknown directive: a comment, and the end of directives */
        int lineno = (int)p->i + 1;
        if (seen[which]) {
            add_error(p, lineno, (int)ks + 1,
                      mt_arena_printf(p->a, "only one %s parser directive can be used",
                                      names[which]));
        } else if (which == 0) {
            f->syntax = mt_arena_strndup(p->a, s + k, ve - k);
        } else if (which == 1) {
            if (ve - k == 1 && (s[k] == '\\' || s[k] == '`'))
                f->escape = s[k];
            else
                add_error(p, lineno, (int)k + 1,
                          mt_arena_printf(p->a,
                                          "invalid escape directive '%.*s': the escape "
                                          "character must be \\ or `",
                                          (int)(ve - k), s + k));
        }
        seen[which] = true;
        p->i++;
    }
}

/* ---- JSON (exec form) ---- */

typedef enum {
    JSON_NO,      /* not a JSON array: shell form */
    JSON_STRINGS, /* a JSON array of strings: exec form */
    JSON_OTHER,   /* a JSON array holding something else: an error */
} json_res;

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static bool json_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char h = p[k];
        if (!isxdigit((unsigned char)h))
            return false;
        v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : tolower((unsigned char)h) - 'a' + 10);
    }
    *out = v;
    return true;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xc0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xe0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *o++ = (char)(0xf0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    }
    return o;
}

/* A JSON string at p (on its opening quote). Writes the decoded text at *op
 * (if op is not NULL) and advances it; returns the position after the
 * closing quote, or NULL if it is not a valid string. The decoded text is
 * shorter than the source string with its quotes (an escape never decodes
 * to more bytes than it is written with). Surrogate pairs are combined;
 * lone surrogates become U+FFFD, as Go's decoder does. */
static const char *json_string(const char *p, char **op)
{
    char *o = op ? *op : NULL;
    p++;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            if (op)
                *op = o;
            return p + 1;
        }
        if (c < 0x20) /* end of input or a raw control character */
            return NULL;
        if (c != '\\') { /* a run of plain bytes */
            const char *r = p + 1;
            while ((unsigned char)*r >= 0x20 && *r != '"' && *r != '\\')
                r++;
            if (o) {
                memcpy(o, p, (size_t)(r - p));
                o += r - p;
            }
            p = r;
            continue;
        }
        p++;
        char e = *p;
        char lit = 0;
        switch (e) {
        case '"': lit = '"'; break;
        case '\\': lit = '\\'; break;
        case '/': lit = '/'; break;
        case 'b': lit = '\b'; break;
        case 'f': lit = '\f'; break;
        case 'n': lit = '\n'; break;
        case 'r': lit = '\r'; break;
        case 't': lit = '\t'; break;
        case 'u': {
            unsigned cp;
            if (!json_hex4(p + 1, &cp))
                return NULL;
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                unsigned lo;
                if (json_hex4(p + 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000)
                cp = 0xFFFD;
            if (o)
                o = put_utf8(o, cp);
            p++;
            continue;
        }
        default:
            return NULL;
        }
        if (o)
            *o++ = lit;
        p++;
    }
}
static const char *json_number(const char *p)
{
    if (*p == '-')
        p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (isdigit((unsigned char)*p))
            p++;
    } else {
        return NULL;
    }
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return p;
}

/* Skips any JSON value; returns the position after it or NULL. */
static const char *json_value(const char *p, int depth)
{
    p = json_ws(p);
    if (*p == '"')
        return json_string(p, NULL);
    if (*p == '[' || *p == '{') {
        if (depth > 64)
            return NULL;
        bool obj = *p == '{';
        char close = obj ? '}' : ']';
        p = json_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (obj) {
                p = json_ws(p);
                if (*p != '"' || !(p = json_string(p, NULL)))
                    return NULL;
                p = json_ws(p);
                if (*p != ':')
                    return NULL;
                p++;
            }
            if (!(p = json_value(p, depth + 1)))
                return NULL;
            p = json_ws(p);
            if (*p == ',') {
                p++;
                continue;
            }
            return *p == close ? p + 1 : NULL;
        }
    }
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    return json_number(p);
}

/* Parses s (len bytes) as one JSON array. Only JSON_STRINGS fills
 * argv/argc; with argv_out NULL the array is only checked and *argc_out
 * gets its length. */
static json_res parse_json_array(parser *p, const char *s, size_t len, char ***argv_out,
                                 size_t *argc_out)
{
    const char *q = json_ws(s);
    if (*q != '[')
        return JSON_NO;
    q = json_ws(q + 1);
    ptrvec items;
    ptrvec_init(&items);
    /* Every decoded string with its NUL fits in its quoted source. */
    char *buf = argv_out ? pool_reserve(p, len + 1) : NULL, *o = buf;
    bool ok = false, strings = true;
    if (*q == ']') {
        q++;
        ok = true;
    } else {
        for (;;) {
            q = json_ws(q);
            if (*q == '"') {
                char *start = o;
                if (!(q = json_string(q, buf ? &o : NULL)))
                    break;
                if (buf)
                    *o++ = '\0';
                ptrvec_push(&items, start);
            } else {
                strings = false;
                if (!(q = json_value(q, 1)))
                    break;
            }
            q = json_ws(q);
            if (*q == ',') {
                q++;
                continue;
            }
            if (*q == ']') {
                q++;
                ok = true;
            }
            break;
        }
    }
    if (ok) {
        while (is_space(*q))
            q++;
        ok = *q == '\0';
    }
    json_res res = !ok ? JSON_NO : strings ? JSON_STRINGS : JSON_OTHER;
    if (buf)
        pool_commit(p, res == JSON_STRINGS ? o : buf);
    if (res == JSON_STRINGS) {
        if (argv_out)
            *argv_out = strs_to_pool(p, &items);
        *argc_out = items.n;
    }
    ptrvec_free(&items);
    return res;
}

/* ---- words ---- */

enum {
    W_STOP_EQ = 1,     /* an unquoted '=' ends the word (KEY=VALUE) */
    W_KEEP_DOLLAR = 2, /* a literal '$' (quoted or escaped) stays escaped for df_expand */
    W_TO_END = 4,      /* blanks do not end the word (legacy `ENV key value`) */
};

/* Words are read from a private copy of the arguments (copy_args). A word
 * that needs no change (no quote, no escape) stays where it is and gets a
 * NUL in place of the byte that ends it. Otherwise its quotes and escapes
 * are removed in place too, which never writes ahead of what has been
 * read; but with W_KEEP_DOLLAR a '$' inside single quotes takes two bytes,
 * so in that mode such words are written to a separate area instead. */

typedef struct args_copy {
    char *end;  /* the end of the copy (after its NUL) */
    char *lim;  /* the end of what may be read: the copy and STR_PAD bytes */
    char *area; /* room for rewritten words with W_KEEP_DOLLAR, or NULL */
} args_copy;

/* Copies s (n bytes and its NUL) into the pool, followed (with keep) by
 * the area for words that cannot be rewritten in place: each of those
 * takes at most twice its source bytes, and its NUL fits in the byte that
 * ends it (or in the +1 for the last). Returns the copy. The caller
 * commits the reservation. */
static inline char *copy_args(parser *p, const char *s, size_t n, bool keep, args_copy *ac)
{
    char *c = pool_reserve(p, n + 1 + STR_PAD + (keep ? 2 * n + 1 : 0));
    memcpy(c, s, n + 1);
    ac->end = c + n + 1;
    ac->lim = ac->end + STR_PAD; /* whatever the pad holds, the NUL before it ends every word */
    ac->area = keep ? ac->lim : NULL;
    return c;
}

#ifdef HAVE_SSE2

/* Skips bytes that cannot end a word or need a change, 16 at a time while
 * a whole block lies before lim. Returns the first byte that may (the
 * test also takes control bytes for blanks; the byte-wise loop after it
 * decides). */
static inline char *skip_plain(char *s, const char *lim, char esc, unsigned mode)
{
    const __m128i dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\''), e = _mm_set1_epi8(esc);
    while (lim - s >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, sq));
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, e));
        if (mode & W_TO_END) /* only the NUL */
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_setzero_si128()));
        else /* NUL, blanks: bytes <= ' ' */
            m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v));
        if (mode & W_STOP_EQ)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('=')));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return s + __builtin_ctz(bits);
        s += 16;
    }
    return s;
}
#endif

/* The rest of read_word, for a word that needs changing: s is on its first
 * quote or escape, start on its first byte. */
static char *read_word_slow(char *start, char *s, char esc, const unsigned char *cls,
                            unsigned stop, bool keep, args_copy *ac, char **word, char *end)
{
    char *o;
    if (keep) { /* in the area, starting with the bytes so far */
        size_t n = (size_t)(s - start);
        memcpy(ac->area, start, n);
        start = ac->area;
        o = start + n;
    } else { /* in place, after the bytes that stay */
        o = s;
    }
    unsigned char c;
    for (;;) {
        c = (unsigned char)*s;
        if (!(cls[c] & stop)) { /* an ordinary byte */
            *o++ = (char)c;
            s++;
            continue;
        }
        if (!(cls[c] & C_SPEC)) /* the end, a blank or '=' */
            break;
        if (c == (unsigned char)esc) {
            if (!s[1]) { /* an escape at the end is dropped */
                s++;
                c = '\0';
                break;
            }
            if (s[1] == '$' && keep)
                *o++ = esc;
            *o++ = s[1];
            s += 2;
        } else if (c == '\'') {
            s++;
            while (*s && *s != '\'') {
                if (*s == '$' && keep)
                    *o++ = esc;
                *o++ = *s++;
            }
            if (*s)
                s++;
        } else { /* '"' */
            s++;
            for (;;) {
                /* A run with no '"', escape or NUL stays as it is. */
                char *r = s;
#ifdef HAVE_SSE2
                r = skip_plain(r, ac->lim, esc, W_TO_END);
#endif
                while (*r && *r != '"' && *r != esc)
                    r++;
                memmove(o, s, (size_t)(r - s));
                o += r - s;
                s = r;
                if (!*s || *s == '"')
                    break;
                if (s[1] == '"' || s[1] == esc || s[1] == '$') { /* on the escape */
                    if (s[1] == '$' && keep)
                        *o++ = esc;
                    *o++ = s[1];
                    s += 2;
                } else {
                    *o++ = *s++;
                }
            }
            if (*s)
                s++;
        }
    }
    *o++ = '\0'; /* in place, o <= s: c was read before */
    if (keep)
        ac->area = o;
    *word = start;
    *end = (char)c;
    return c ? s + 1 : s;
}

/* Reads the word at s (in a copy_args buffer) the way BuildKit's word
 * processing does: quotes are removed, the escape character escapes the
 * next character outside quotes and `"`, `$` and itself inside double
 * quotes, and nothing inside single quotes. With W_KEEP_DOLLAR a '$' that
 * must not expand is written as escape+'$', which df_expand() turns back
 * into '$'. *word gets the word, NUL-terminated, and *end the byte that
 * ended it (NUL, a blank or '='). Returns where reading goes on: after
 * that byte, or on the final NUL. */
static inline char *read_word(char *s, char esc, const unsigned char *cls, unsigned mode,
                              args_copy *ac, char **word, char *end)
{
    unsigned stop = C_END | C_SPEC | (mode & W_TO_END ? 0 : C_SPACE) | (mode & W_STOP_EQ ? C_EQ : 0);
    char *start = s;
#ifdef HAVE_SSE2
    s = skip_plain(s, ac->lim, esc, mode);
#endif
    while (!(cls[(unsigned char)*s] & stop)) /* the bytes that stay as they are */
        s++;
    unsigned char c = (unsigned char)*s;
    if (cls[c] & C_SPEC)
        return read_word_slow(start, s, esc, cls, stop, mode & W_KEEP_DOLLAR, ac, word, end);
    *word = start; /* no change: end it in place */
    *end = (char)c;
    *s = '\0';
    return c ? s + 1 : s;
}

#ifdef HAVE_SSE2
/* The blanks of v (exactly the C_SPACE bytes) as 0xFF bytes. */
static inline __m128i sse_blanks(__m128i v)
{
    __m128i t = _mm_sub_epi8(v, _mm_set1_epi8('\t')); /* '\t'..'\r' become 0..4 */
    return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                        _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(4)), t));
}

/* Bit masks of the 16 bytes at s (bit k for byte k): *blank for the
 * blanks, *other for the NULs, quotes and escape characters. */
static inline void block_masks(const char *s, __m128i esc, unsigned *blank, unsigned *other)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i ot = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_setzero_si128()),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                              _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')),
                                           _mm_cmpeq_epi8(v, esc)));
    *blank = (unsigned)_mm_movemask_epi8(sse_blanks(v));
    *other = (unsigned)_mm_movemask_epi8(ot);
}
#endif

/* The first blank or NUL from s on (s padded as by pool_strndup). */
static inline char *blank_or_end(char *s)
{
#ifdef HAVE_SSE2
    /* Mostly within 16 bytes (keywords are short). */
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    unsigned m = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(sse_blanks(v), _mm_cmpeq_epi8(v, _mm_setzero_si128())));
    if (m)
        return s + __builtin_ctz(m);
    s += 16;
#endif
    while (!(cclass_backslash[(unsigned char)*s] & (C_SPACE | C_END)))
        s++;
    return s;
}

/* Splits s (len bytes, not empty, padded as by pool_strndup) into words;
 * argv gets a NULL-terminated array. mode is 0 or W_KEEP_DOLLAR. */
static void split_words(parser *p, char *s, size_t len, unsigned mode, char ***argv_out,
                        size_t *argc_out)
{
    char esc = p->f->escape; /* locals: the word writes cannot change them */
    const unsigned char *cls = p->cls;
    char *inl[64], **wv = inl; /* the words */
    size_t wn = 0, wcap = MT_ARRAY_LEN(inl);
#define ADD_WORD(w)                                                                        \
    do {                                                                                   \
        if (wn == wcap) {                                                                  \
            wv = grow_items(wv, wn, sizeof(*wv), inl);                                     \
            wcap *= 2;                                                                     \
        }                                                                                  \
        wv[wn++] = (w);                                                                    \
    } while (0)
    if (!len) { /* (not called so) */
        *argv_out = p->no_argv;
        *argc_out = 0;
        return;
    }
#ifdef HAVE_SSE2
    const __m128i ev = _mm_set1_epi8(esc);
    unsigned blank, other; /* masks of the first block, of s and of its copy alike */
    block_masks(s, ev, &blank, &other);
    /* One plain word, as in most FROM, WORKDIR, USER or EXPOSE lines, is
     * the arguments themselves: no copy. */
    unsigned bl = blank, ot = other;
    for (size_t k = 0;; k += 16) {
        if ((bl | ot) & (len - k >= 16 ? 0xFFFFu : (1u << (len - k)) - 1))
            break; /* a blank, quote or escape */
        if (len - k <= 16) {
            char **argv = pool_array(p, 2, sizeof(char *));
            argv[0] = s;
            argv[1] = NULL;
            *argv_out = argv;
            *argc_out = 1;
            return;
        }
        block_masks(s + k + 16, ev, &bl, &ot);
    }
#endif
    args_copy ac;
    char *q = copy_args(p, s, len, mode & W_KEEP_DOLLAR, &ac);
#ifdef HAVE_SSE2
    /* The words are found from the masks of 16-byte blocks, from byte i of
     * the block at b on; a word with a quote or an escape goes to
     * read_word, after which a new block starts where it stopped. Every
     * block starts at or before the final NUL, so it lies before ac.lim;
     * no bit past the final NUL is looked at (the first block's masks,
     * taken from s, fit the copy). */
    char *b = q;
    char *ws = NULL; /* the start of a plain word that goes on past the block */
    unsigned i = 0;
    for (;;) {
        if (!ws) {
            unsigned nb = ~blank & (0xFFFFu << i) & 0xFFFFu; /* non-blanks from i on */
            if (!nb) { /* only blanks left: no NUL in this block */
                b += 16;
                i = 0;
                block_masks(b, ev, &blank, &other);
                continue;
            }
            i = (unsigned)__builtin_ctz(nb); /* the word's first byte */
        }
        unsigned stop = (blank | other) & (0xFFFFu << i);
        if (!stop) { /* the word goes on: no NUL in this block */
            if (!ws)
                ws = b + i;
            b += 16;
            i = 0;
            block_masks(b, ev, &blank, &other);
            continue;
        }
        unsigned j = (unsigned)__builtin_ctz(stop);
        char *w = ws ? ws : b + i;
        ws = NULL;
        if ((other >> j) & 1 && b[j] != '\0') { /* a quote or an escape */
            char end;
            b = read_word(w, esc, cls, mode, &ac, &w, &end);
            ADD_WORD(w);
            i = 0;
            block_masks(b, ev, &blank, &other);
            continue;
        }
        if (w == b + j) /* the final NUL */
            break;
        ADD_WORD(w);
        bool last = b[j] == '\0';
        b[j] = '\0';
        if (last)
            break;
        i = j + 1;
        if (i == 16) {
            b += 16;
            i = 0;
            block_masks(b, ev, &blank, &other);
        }
    }
#else
    for (;;) {
        while (is_space(*q))
            q++;
        if (!*q)
            break;
        char *w, end;
        q = read_word(q, esc, cls, mode, &ac, &w, &end);
        ADD_WORD(w);
    }
#endif
#undef ADD_WORD
    pool_commit(p, ac.area ? ac.area : ac.end);
    char **argv = pool_array(p, wn + 1, sizeof(char *));
    memcpy(argv, wv, wn * sizeof(char *));
    argv[wn] = NULL;
    if (wv != inl)
        free(wv);
    *argv_out = argv;
    *argc_out = wn;
}

/* Instructions whose arguments BuildKit expands ($VAR) before use. */
static bool expands_env(df_kind k)
{
    return k == DF_ADD || k == DF_COPY || k == DF_ENV || k == DF_EXPOSE || k == DF_FROM ||
           k == DF_LABEL || k == DF_STOPSIGNAL || k == DF_USER || k == DF_VOLUME ||
           k == DF_WORKDIR || k == DF_ARG;
}

static void set_error(parser *p, df_instr *in, const char *msg)
{
    if (!in->error)
        in->error = mt_arena_strdup(p->a, msg);
}

/* ENV and LABEL take KEY=VALUE pairs, or the legacy `KEY value` form when
 * the first word has no '='; ARG takes NAME or NAME=VALUE words. Values
 * have their quotes removed; literal dollars stay escaped (W_KEEP_DOLLAR). */
static void parse_kvs(parser *p, df_instr *in, size_t alen)
{
    df_kv inl[16], *kvs = inl;
    size_t nkv = 0, cap = MT_ARRAY_LEN(inl);
#define ADD_KV(kv)                                                                         \
    do {                                                                                   \
        if (nkv == cap) {                                                                  \
            kvs = grow_items(kvs, nkv, sizeof(*kvs), inl);                                 \
            cap *= 2;                                                                      \
        }                                                                                  \
        kvs[nkv++] = (kv);                                                                 \
    } while (0)
    char esc = p->f->escape;
    const unsigned char *cls = p->cls;
    args_copy ac;
    char *s = copy_args(p, in->args, alen, true, &ac);
    while (is_space(*s))
        s++;
    /* The first word, up to an '=', is the first key either way (the
     * legacy form's key is the same word: it has no unquoted '='). */
    char *key = NULL, end = 0;
    bool legacy = false;
    if (in->kind != DF_ARG) {
        s = read_word(s, esc, cls, W_STOP_EQ, &ac, &key, &end);
        legacy = end != '=';
    }
    if (legacy) {
        df_kv kv = {.key = key, .line = in->line};
        while (is_space(*s))
            s++;
        if (*s) {
            s = read_word(s, esc, cls, W_TO_END | W_KEEP_DOLLAR, &ac, &kv.value, &end);
        } else {
            kv.value = ac.area; /* "" */
            *ac.area++ = '\0';
            set_error(p, in, mt_arena_printf(p->a, "%s must have two arguments (KEY VALUE or KEY=VALUE)",
                                             in->keyword));
        }
        ADD_KV(kv);
    } else {
        for (;;) {
            if (!key) {
                while (is_space(*s))
                    s++;
                if (!*s)
                    break;
                s = read_word(s, esc, cls, W_STOP_EQ, &ac, &key, &end);
            }
            df_kv kv = {.key = key, .value = NULL, .line = in->line};
            key = NULL;
            if (end == '=') {
                s = read_word(s, esc, cls, W_KEEP_DOLLAR, &ac, &kv.value, &end);
            } else if (in->kind != DF_ARG && !in->error) {
                set_error(p, in, mt_arena_printf(p->a, "%s: '%s' has no value (want KEY=VALUE)",
                                                 in->keyword, kv.key));
            }
            if (!*kv.key && !in->error)
                set_error(p, in, mt_arena_printf(p->a, "%s names can not be blank", in->keyword));
            ADD_KV(kv);
        }
    }
#undef ADD_KV
    pool_commit(p, ac.area);
    in->kvs = pool_array(p, nkv + 1, sizeof(df_kv));
    for (size_t k = 0; k < nkv; k++)
        in->kvs[k] = kvs[k];
    in->kvs[nkv] = (df_kv){0};
    in->nkv = nkv;
    if (kvs != inl)
        free(kvs);
}

/* ---- flags ---- */

typedef struct flag_def {
    const char *name;
    char type; /* 'b' boolean, 's' string, 'm' string that may repeat */
} flag_def;

static const flag_def from_flags[] = {{"platform", 's'}, {NULL, 0}};
static const flag_def run_flags[] = {
    {"mount", 'm'}, {"network", 's'}, {"security", 's'}, {"device", 'm'}, {NULL, 0}};
static const flag_def copy_flags[] = {{"from", 's'}, {"chown", 's'},   {"chmod", 's'},
                                      {"link", 'b'}, {"parents", 'b'}, {"exclude", 'm'},
                                      {NULL, 0}};
static const flag_def add_flags[] = {{"chown", 's'},   {"chmod", 's'},        {"link", 'b'},
                                     {"checksum", 's'}, {"keep-git-dir", 'b'}, {"exclude", 'm'},
                                     {"unpack", 'b'},  {NULL, 0}};
static const flag_def healthcheck_flags[] = {{"interval", 's'},       {"timeout", 's'},
                                             {"start-period", 's'},   {"start-interval", 's'},
                                             {"retries", 's'},        {NULL, 0}};
static const flag_def no_flags[] = {{NULL, 0}};

static const flag_def *flags_of(df_kind k)
{
    switch (k) {
    case DF_FROM: return from_flags;
    case DF_RUN: return run_flags;
    case DF_COPY: return copy_flags;
    case DF_ADD: return add_flags;
    case DF_HEALTHCHECK: return healthcheck_flags;
    default: return no_flags;
    }
}

/* Leading `--name[=value]` words, which BuildKit takes off every
 * instruction: quotes are removed and a backslash escapes the next
 * character; a lone `--` ends them. s (on the first "--") ..end is the
 * rest of the logical line. Returns the rest of the arguments. */
static const char *parse_flags(parser *p, df_instr *in, const char *s, const char *end)
{
    df_flag flags[DF_MAX_FLAGS];
    size_t nflags = 0;
    /* A decoded word is never longer than its source; its NUL takes the
     * place of the blank after it (or of the end). */
    char *o = pool_reserve(p, (size_t)(end - s) + 1);
    for (;;) {
        while (is_space(*s))
            s++;
        if (s[0] != '-' || s[1] != '-')
            break;
        char *w = o;
        const char *q = s;
        while (*q && !is_space(*q)) {
            /* A run of bytes that are no blank, quote or backslash (the
             * classes of the backslash table). */
            const char *r = q;
            while (!(cclass_backslash[(unsigned char)*r] & (C_SPACE | C_END | C_SPEC)))
                r++;
            if (r > q) {
                memcpy(o, q, (size_t)(r - q));
                o += r - q;
                q = r;
                continue;
            }
            if (*q == '\'' || *q == '"') {
                char qc = *q++;
                while (*q && *q != qc) {
                    if (*q == '\\' && q[1])
                        q++;
                    *o++ = *q++;
                }
                if (*q)
                    q++;
                continue;
            }
            if (*q == '\\' && q[1])
                q++;
            *o++ = *q++;
        }
        s = q;
        size_t wlen = (size_t)(o - w);
        *o++ = '\0';
        if (wlen == 2) { /* `--` (the word starts with the two dashes) */
            o = w;
            while (is_space(*s))
                s++;
            break;
        }
        /* Split "--name=value" in place: name and value share the word. */
        char *body = w + 2;
        char *eq = memchr(body, '=', wlen - 2);
        if (nflags < DF_MAX_FLAGS) {
            if (eq)
                *eq = '\0';
            flags[nflags].name = body;
            flags[nflags].value = eq ? eq + 1 : NULL;
            nflags++;
        } else {
            o = w;
            if (!in->error)
                set_error(p, in, mt_arena_printf(p->a, "%s: more than %d flags", in->keyword,
                                                 DF_MAX_FLAGS));
        }
    }
    pool_commit(p, o);
    df_flag *arr = pool_array(p, nflags + 1, sizeof(df_flag));
    memcpy(arr, flags, nflags * sizeof(df_flag));
    arr[nflags].name = arr[nflags].value = NULL;
    in->flags = arr;
    in->nflags = nflags;
    return s;
}

/* Go duration syntax ("1m30s", "0.5s", "0"); *secs gets its value. */
static bool parse_duration(const char *s, double *secs)
{
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if (strcmp(s, "0") == 0) {
        *secs = 0;
        return true;
    }
    if (!*s)
        return false;
    static const struct {
        const char *unit;
        size_t len;
        double mul;
    } units[] = {{"ns", 2, 1e-9}, {"us", 2, 1e-6}, {"\xc2\xb5s", 3, 1e-6}, {"\xce\xbcs", 3, 1e-6},
                 {"ms", 2, 1e-3}, {"s", 1, 1},     {"m", 1, 60},           {"h", 1, 3600}};
    double total = 0;
    while (*s) {
        double v = 0, scale = 1;
        bool digits = false;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (*s++ - '0');
            digits = true;
        }
        if (*s == '.') {
            s++;
            while (isdigit((unsigned char)*s)) {
                scale /= 10;
                v += (*s++ - '0') * scale;
                digits = true;
            }
        }
        if (!digits)
            return false;
        size_t best = 0;
        double mul = 0;
        for (size_t u = 0; u < MT_ARRAY_LEN(units); u++) {
            size_t ul = units[u].len;
            if (ul > best && *s == units[u].unit[0] && strncmp(s, units[u].unit, ul) == 0) {
                best = ul;
                mul = units[u].mul;
            }
        }
        if (!best)
            return false;
        s += best;
        total += v * mul;
    }
    *secs = neg ? -total : total;
    return true;
}

/* Checks the flags against what the instruction accepts, with BuildKit's
 * messages. */
static void check_flags(parser *p, df_instr *in)
{
    const flag_def *defs = flags_of(in->kind);
    for (size_t k = 0; k < in->nflags && !in->error; k++) {
        const df_flag *fl = &in->flags[k];
        const flag_def *d = NULL;
        for (const flag_def *x = defs; x->name; x++) {
            if (mt_streq(x->name, fl->name))
                d = x;
        }
        if (!d) {
            set_error(p, in, mt_arena_printf(p->a, "%s: unknown flag: --%s", in->keyword, fl->name));
            break;
        }
        if (d->type != 'm') {
            for (size_t j = 0; j < k; j++) {
                if (mt_streq(in->flags[j].name, fl->name))
                    set_error(p, in, mt_arena_printf(p->a, "%s: duplicate flag specified: --%s",
                                                     in->keyword, fl->name));
            }
        }
        if (d->type == 'b') {
            if (fl->value && (!*fl->value || (strcasecmp(fl->value, "true") != 0 &&
                                               strcasecmp(fl->value, "false") != 0)))
                set_error(p, in, mt_arena_printf(p->a, "%s: expecting boolean value for flag --%s, not: '%s'",
                                                 in->keyword, fl->name, fl->value));
        } else if (!fl->value) {
            set_error(p, in, mt_arena_printf(p->a, "%s: missing a value on flag: --%s (want --%s=VALUE)",
                                             in->keyword, fl->name, fl->name));
        }
        if (in->error || !fl->value || strchr(fl->value, '$'))
            continue;
        const char *v = fl->value;
        if (in->kind == DF_RUN && strcmp(fl->name, "network") == 0 && strcmp(v, "default") != 0 &&
            strcmp(v, "none") != 0 && strcmp(v, "host") != 0)
            set_error(p, in, mt_arena_printf(p->a, "RUN: unsupported network mode '%s'", v));
        if (in->kind == DF_RUN && strcmp(fl->name, "security") == 0 && strcmp(v, "sandbox") != 0 &&
            strcmp(v, "insecure") != 0)
            set_error(p, in, mt_arena_printf(p->a, "RUN: unsupported security mode '%s'", v));
        if (in->kind == DF_HEALTHCHECK && *v) {
            if (strcmp(fl->name, "retries") == 0) {
                char *end = NULL;
                long r = strtol(v, &end, 10);
                if (*end || end == v)
                    set_error(p, in, mt_arena_printf(p->a, "HEALTHCHECK: --retries wants a number, not '%s'", v));
                else if (r < 0)
                    set_error(p, in, mt_arena_printf(p->a, "HEALTHCHECK: --retries cannot be negative (%s)", v));
            } else {
                double secs = 0;
                if (!parse_duration(v, &secs))
                    set_error(p, in, mt_arena_printf(p->a, "HEALTHCHECK: --%s wants a duration such as 30s, not '%s'",
                                                     fl->name, v));
                else if (secs != 0 && secs < 0.001)
                    set_error(p, in, mt_arena_printf(p->a, "HEALTHCHECK: --%s cannot be less than 1ms",
                                                     fl->name));
            }
        }
    }
}

/* ---- heredocs ---- */

/* End of the word at s as BuildKit's raw lexer splits the line (quotes and
 * backslashes kept, words end at unquoted whitespace). */
static const char *raw_word_end(const char *s)
{
    while (*s && !is_space(*s)) {
        if (*s == '\\') {
            s++;
            if (*s)
                s++;
        } else if (*s == '\'' || *s == '"') {
            char q = *s++;
            while (*s && *s != q) {
                if (q == '"' && *s == '\\' && s[1])
                    s++;
                s++;
            }
            if (*s)
                s++;
        } else {
            s++;
        }
    }
    return s;
}

/* Heredoc markers: like BuildKit, a whole word of the line matching
 * [0-9]*<<-?WORD where WORD has no '<' (so `<< EOF` and `cat<<EOF` are not
 * heredocs). Quotes in WORD are removed and mean "no expansion". */
static void find_heredoc_markers(parser *p, const char *text, mt_vec *out)
{
    if (!strstr(text, "<<"))
        return;
    mt_buf w;
    mt_buf_init(&w);
    const char *s = text;
    for (;;) {
        while (is_space(*s))
            s++;
        if (!*s)
            break;
        const char *e = raw_word_end(s);
        const char *q = s;
        while (q < e && isdigit((unsigned char)*q))
            q++;
        if (e - q > 2 && q[0] == '<' && q[1] == '<') {
            q += 2;
            bool strip = false;
            if (*q == '-') {
                strip = true;
                q++;
            }
            if (q < e && !memchr(q, '<', (size_t)(e - q))) {
                mt_buf_clear(&w);
                bool quoted = false;
                while (q < e) {
                    if (*q == '\\' && q + 1 < e) {
                        mt_buf_putc(&w, q[1]);
                        q += 2;
                    } else if (*q == '\'' || *q == '"') {
                        char qc = *q++;
                        quoted = true;
                        while (q < e && *q != qc) {
                            if (qc == '"' && *q == '\\' && q + 1 < e &&
                                (q[1] == '"' || q[1] == '\\' || q[1] == '$'))
                                q++;
                            mt_buf_putc(&w, *q++);
                        }
                        if (q < e)
                            q++;
                    } else {
                        mt_buf_putc(&w, *q++);
                    }
                }
                if (w.len) {
                    df_heredoc *h = mt_arena_alloc(p->a, sizeof(*h));
                    h->word = mt_arena_strndup(p->a, w.data, w.len);
                    h->strip_tabs = strip;
                    h->quoted = quoted;
                    mt_vec_push(out, h);
                }
            }
        }
        s = e;
    }
    mt_buf_free(&w);
}

/* `<< WORD` or `<<- WORD`: a shell heredoc that BuildKit does not read as
 * one, so its body lines become (unknown) instructions. */
static bool has_spaced_marker(const char *s)
{
    for (const char *m = strstr(s, "<<"); m; m = strstr(m + 2, "<<")) {
        const char *q = m + 2;
        if (*q == '-')
            q++;
        if (!is_blank(*q))
            continue;
        while (is_blank(*q))
            q++;
        if (*q && *q != '<')
            return true;
    }
    return false;
}

/* Reads the bodies of the heredocs in order from the lines after the
 * instruction; `in` gets them, `outer` (ONBUILD) has its end line moved. */
static void read_heredoc_bodies(parser *p, df_instr *in, df_instr *outer, mt_vec *docs)
{
    if (docs->len > DF_MAX_HEREDOCS) {
        set_error(p, in, mt_arena_printf(p->a, "%s: more than %d heredocs", in->keyword,
                                         DF_MAX_HEREDOCS));
        docs->len = DF_MAX_HEREDOCS;
    }
    in->heredocs = mt_arena_alloc(p->a, (docs->len + 1) * sizeof(df_heredoc));
    in->nheredocs = docs->len;
    mt_buf body;
    mt_buf_init(&body);
    for (size_t d = 0; d < docs->len; d++) {
        df_heredoc *h = docs->items[d];
        mt_buf_clear(&body);
        h->start_line = (int)p->i + 1;
        bool closed = false;
        size_t wl = strlen(h->word);
        while (p->i < p->nlines) {
            const line *l = &p->lines[p->i++];
            const char *s = l->s;
            size_t len = l->len;
            if (h->strip_tabs) {
                while (len && *s == '\t') {
                    s++;
                    len--;
                }
            }
            if (len == wl && memcmp(s, h->word, wl) == 0) {
                closed = true;
                h->end_line = (int)p->i;
                break;
            }
            if (body.len + len < DF_MAX_LOGICAL_LINE) {
                mt_buf_put(&body, s, len);
                mt_buf_putc(&body, '\n');
            }
        }
        if (!closed) {
            h->end_line = (int)p->nlines;
            set_error(p, in, mt_arena_printf(p->a, "heredoc <<%s is not terminated", h->word));
            if (outer)
                set_error(p, outer, in->error);
        }
        h->body = mt_arena_strndup(p->a, body.data ? body.data : "", body.len);
        in->heredocs[d] = *h;
        if (h->end_line > in->end_line)
            in->end_line = h->end_line;
        if (outer && h->end_line > outer->end_line)
            outer->end_line = h->end_line;
    }
    mt_buf_free(&body);
}

/* ---- instructions ---- */

static const char *stage_name_error(const char *name)
{
    if (!isalpha((unsigned char)name[0]))
        return "invalid name for build stage: it must start with a letter";
    for (const char *c = name; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
            return "invalid name for build stage: only letters, digits, '-', '_' and '.' are allowed";
    }
    return NULL;
}

static void check_healthcheck(parser *p, df_instr *in, size_t alen)
{
    const char *s = in->args;
    size_t tl = 0;
    while (s[tl] && !is_space(s[tl]))
        tl++;
    const char *rest = s + tl;
    while (is_space(*rest))
        rest++;
    if (tl == 4 && strncasecmp(s, "NONE", 4) == 0) {
        if (*rest)
            set_error(p, in, "HEALTHCHECK NONE takes no arguments");
        return;
    }
    check_flags(p, in);
    if (!(tl == 3 && strncasecmp(s, "CMD", 3) == 0)) {
        set_error(p, in, mt_arena_printf(p->a, "unknown type '%.*s' in HEALTHCHECK (want CMD or NONE)",
                                         (int)tl, s));
        return;
    }
    size_t argc = 0;
    json_res jr = *rest == '['
                      ? parse_json_array(p, rest, alen - (size_t)(rest - s), NULL, &argc)
                      : JSON_NO;
    if (jr == JSON_OTHER)
        set_error(p, in, "HEALTHCHECK CMD: a JSON array must hold strings only");
    else if (!*rest || (jr == JSON_STRINGS && argc == 0))
        set_error(p, in, "missing command after HEALTHCHECK CMD");
}

/* "AS", case-insensitively. */
static bool is_as(const char *w)
{
    return (w[0] | 0x20) == 'a' && (w[1] | 0x20) == 's' && !w[2];
}

/* s..end without its trailing whitespace, as a string: s itself when
 * nothing is trimmed (end is a NUL), else a copy. *n gets its length. */
static inline char *trimmed(parser *p, char *s, char *end, size_t *n)
{
    size_t rl = (size_t)(end - s);
    while (rl && is_space(s[rl - 1]))
        rl--;
    *n = rl;
    return s + rl == end ? s : pool_strndup(p, s, rl);
}

/* Fills an instruction from its logical line (keyword + arguments): text
 * is a NUL-terminated string of len bytes with no NUL inside, owned by the
 * parse and never written again (in->text is text; args and words may
 * point into it). */
static void parse_instruction_text(parser *p, df_instr *in, char *text, size_t len, bool nested)
{
    char *end = text + len;
    char *s = text;
    while (is_space(*s))
        s++;
    char *kw = s;
    s = blank_or_end(s);
    size_t kwlen = (size_t)(s - kw);
    int kind = kind_lookup(kw, kwlen);
    char *keyword;
    if (kind >= 0) { /* upper case: the name */
        in->kind = kinds[kind].kind;
        keyword = pool_take(p, 12);
        memcpy(keyword, kinds[kind].name, 12);
    } else {
        in->kind = DF_UNKNOWN;
        keyword = pool_take(p, kwlen + 1);
        for (size_t k = 0; k < kwlen; k++) /* ASCII upper case (toupper in the C locale) */
            keyword[k] = kw[k] >= 'a' && kw[k] <= 'z' ? (char)(kw[k] - ('a' - 'A')) : kw[k];
        keyword[kwlen] = '\0';
    }
    in->keyword = keyword;
    in->text = text;
    in->argv = p->no_argv;
    while (is_space(*s))
        s++;
    size_t alen;
    if (in->kind == DF_UNKNOWN) {
        in->error = mt_arena_printf(p->a, "unknown instruction '%s'", keyword);
        in->flags = p->no_flags;
        in->args = trimmed(p, s, end, &alen);
        return;
    }
    char *rest = s;
    in->flags = p->no_flags;
    if (s[0] == '-' && s[1] == '-')
        rest = (char *)parse_flags(p, in, s, end);
    in->args = trimmed(p, rest, end, &alen);

    if (!alen) {
        set_error(p, in, mt_arena_printf(p->a, "%s requires at least one argument", keyword));
        if (in->kind == DF_ENV || in->kind == DF_LABEL || in->kind == DF_ARG)
            in->kvs = p->no_kvs;
        return;
    }
    unsigned mode = expands_env(in->kind) ? W_KEEP_DOLLAR : 0;
    switch (in->kind) {
    case DF_RUN:
    case DF_CMD:
    case DF_ENTRYPOINT:
    case DF_SHELL:
    case DF_COPY:
    case DF_ADD:
    case DF_VOLUME: {
        json_res jr = in->args[0] == '['
                          ? parse_json_array(p, in->args, alen, &in->argv, &in->argc)
                          : JSON_NO;
        if (jr == JSON_STRINGS) {
            in->json = true;
            break;
        }
        if (jr == JSON_OTHER)
            set_error(p, in, mt_arena_printf(p->a, "%s: a JSON array must hold strings only", keyword));
        else if (in->kind == DF_SHELL)
            set_error(p, in, "SHELL requires its arguments in JSON form, "
                             "e.g. SHELL [\"/bin/bash\", \"-c\"]");
        /* A shell-form RUN is a script, which sh_split() reads from args:
         * it has no words here. */
        if (in->kind != DF_RUN)
            split_words(p, in->args, alen, mode, &in->argv, &in->argc);
        break;
    }
    case DF_ENV:
    case DF_LABEL:
    case DF_ARG: /* the pairs are their words */
        parse_kvs(p, in, alen);
        break;
    case DF_ONBUILD: {
        if (nested) {
            set_error(p, in, "ONBUILD cannot be nested");
            break;
        }
        df_instr *sub = mt_arena_alloc(p->a, sizeof(*sub));
        sub->line = in->line;
        sub->end_line = in->end_line;
        sub->col = in->col + (int)(rest - kw);
        sub->stage = in->stage;
        parse_instruction_text(p, sub, in->args, alen, true);
        in->trigger = sub;
        break;
    }
    default:
        split_words(p, in->args, alen, mode, &in->argv, &in->argc);
        break;
    }
    if (in->kind == DF_HEALTHCHECK)
        check_healthcheck(p, in, alen);
    else if (in->nflags)
        check_flags(p, in);
    if (in->kind == DF_FROM) {
        if (in->argc == 3 && is_as(in->argv[1])) {
            const char *why = stage_name_error(in->argv[2]);
            if (why)
                set_error(p, in, mt_arena_printf(p->a, "%s: '%s'", why, in->argv[2]));
        } else if (in->argc != 1) {
            set_error(p, in, "FROM takes an image and an optional 'AS name'");
        }
    }
    if ((in->kind == DF_COPY || in->kind == DF_ADD) && in->argc < 2)
        set_error(p, in, mt_arena_printf(p->a, "%s requires a source and a destination", keyword));
}

static void new_stage(parser *p, df_instr *in, size_t index)
{
    df_stage *st = pool_array(p, 1, sizeof(*st));
    *st = (df_stage){0};
    st->index = (int)p->stages->n;
    st->from = in;
    st->first = st->last = index;
    st->parent = -1;
    st->image = in->argc >= 1 ? in->argv[0] : mt_arena_strdup(p->a, "");
    if (in->argc == 3 && is_as(in->argv[1])) {
        st->name = mt_arena_strdup(p->a, in->argv[2]);
        for (char *c = st->name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    }
    const char *plat = df_flag_get(in, "platform");
    st->platform = plat ? mt_arena_strdup(p->a, plat) : NULL;
    ptrvec_push(p->stages, st);
}

/* BuildKit's continuation rule: the line goes on when its last non-blank
 * byte is the escape character, unless that is itself escaped (`\\`).
 * *take is how much of the line belongs to the instruction. */
static inline bool continues(const line *l, char esc, size_t *take)
{
    size_t end = l->len;
    while (end > 0 && is_blank(l->s[end - 1]))
        end--;
    if (end == 0 || l->s[end - 1] != esc || (end >= 2 && l->s[end - 2] == esc)) {
        *take = l->len;
        return false;
    }
    *take = end - 1;
    return true;
}

static bool takes_heredocs(const df_instr *in)
{
    return (in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD) && !in->json;
}

/* Whether s (n bytes) holds "<<". */
static bool has_dlt(const char *s, size_t n)
{
    const char *q = s, *end = s + n;
    while ((q = memchr(q, '<', (size_t)(end - q))) && q + 1 < end) {
        if (q[1] == '<')
            return true;
        q += 2;
    }
    return false;
}

/* The logical line of an instruction whose first line (p->i) continues:
 * the lines are joined without their continuation characters; comment and
 * empty lines among them are dropped. A line that would take the text past
 * DF_MAX_LOGICAL_LINE is left out and sets *too_long. Sets in->end_line
 * and *tlen. The pieces are collected first, so that the text can be
 * written once, at its final size. */
static char *join_lines(parser *p, df_instr *in, size_t *tlen, bool *too_long)
{
    line inl[32], *segs = inl;
    size_t nsegs = 0, cap = MT_ARRAY_LEN(inl), n = 0;
    for (;;) {
        const line *cur = &p->lines[p->i];
        size_t take;
        bool cont = continues(cur, p->f->escape, &take);
        if (n + take > DF_MAX_LOGICAL_LINE) {
            *too_long = true;
        } else {
            if (nsegs == cap) {
                segs = grow_items(segs, nsegs, sizeof(*segs), inl);
                cap *= 2;
            }
            segs[nsegs++] = (line){cur->s, take};
            n += take;
        }
        in->end_line = (int)p->i + 1;
        p->i++;
        if (!cont)
            break;
        while (p->i < p->nlines) {
            const line *nx = &p->lines[p->i];
            size_t m = 0;
            while (m < nx->len && is_space(nx->s[m]))
                m++;
            if (m < nx->len && nx->s[m] == '#') {
                add_comment(p, p->i);
                p->i++;
            } else if (m >= nx->len) {
                p->i++;
            } else {
                break;
            }
        }
        if (p->i >= p->nlines)
            break;
    }
    char *text = pool_take_padded(p, n), *o = text;
    for (size_t g = 0; g < nsegs; g++) {
        memcpy(o, segs[g].s, segs[g].len);
        o += segs[g].len;
    }
    *o = '\0';
    if (segs != inl)
        free(segs);
    *tlen = n;
    return text;
}

static void parse_body(parser *p)
{
    df_file *f = p->f;
    while (p->i < p->nlines) {
        const line *l = &p->lines[p->i];
        size_t k = 0;
        while (k < l->len && is_space(l->s[k]))
            k++;
        if (k >= l->len) {
            p->i++;
            continue;
        }
        if (l->s[k] == '#') {
            add_comment(p, p->i);
            p->i++;
            continue;
        }
        if (p->instrs->n >= DF_MAX_INSTRUCTIONS) {
            add_error(p, (int)p->i + 1, 1, "too many instructions; the rest of the file is not read");
            break;
        }
        df_instr *in = pool_array(p, 1, sizeof(*in));
        *in = (df_instr){0};
        in->line = (int)p->i + 1;
        in->col = (int)k + 1;
        in->stage = (int)p->stages->n - 1;
        char *text;
        size_t tlen = 0, take;
        bool too_long = false;
        if (!continues(l, f->escape, &take)) { /* most instructions: one line */
            in->end_line = (int)++p->i;
            too_long = take > DF_MAX_LOGICAL_LINE;
            tlen = too_long ? 0 : take;
            text = pool_strndup(p, l->s, tlen);
        } else {
            text = join_lines(p, in, &tlen, &too_long);
        }
        if (p->has_nul) /* a NUL inside ends the text, as it always has */
            tlen = strlen(text);
        parse_instruction_text(p, in, text, tlen, false);
        if (in->kind == DF_UNKNOWN && p->spaced_heredoc)
            in->error = mt_arena_printf(p->a, "%s (the line is read as an instruction: a heredoc "
                                        "needs its word right after <<, as in <<EOF)", in->error);
        else if (in->kind != DF_UNKNOWN)
            p->spaced_heredoc = false;
        if (too_long)
            set_error(p, in, mt_arena_printf(p->a, "instruction longer than %u bytes; truncated",
                                             DF_MAX_LOGICAL_LINE));
        /* Heredocs: RUN, COPY and ADD in shell form, also as ONBUILD
         * triggers; the bodies follow the instruction's last line. */
        df_instr *target = in->kind == DF_ONBUILD && in->trigger ? in->trigger : in;
        if (takes_heredocs(target)) {
            if (!has_dlt(text, tlen)) {
                p->spaced_heredoc = false;
            } else {
                mt_vec docs = {0};
                find_heredoc_markers(p, in->text, &docs);
                if (docs.len)
                    read_heredoc_bodies(p, target, target == in ? NULL : in, &docs);
                else
                    p->spaced_heredoc = has_spaced_marker(in->text);
                mt_vec_free(&docs);
            }
        }
        if (in->kind == DF_FROM) {
            in->stage = (int)p->stages->n;
            new_stage(p, in, p->instrs->n);
        } else if (p->stages->n) {
            ((df_stage *)p->stages->v[p->stages->n - 1])->last = p->instrs->n;
        }
        ptrvec_push(p->instrs, in);
    }
}

/* ---- variables ---- */

typedef struct var_ctx {
    const df_file *f;
    size_t at;
    mt_arena *a;
    int depth;
    unsigned *budget; /* instructions the lookups may still visit */
} var_ctx;

/* Work allowed for one df_var_at()/df_expand_at() call, counted in
 * instructions visited. Real Dockerfiles need a few hundred at most; it
 * bounds hostile chains such as A=$B$B, B=$C$C, ... (exponential) and long
 * files full of unknown variables (quadratic). Past it, unresolved. */
#define DF_LOOKUP_BUDGET 20000u
/* Values defined through other variables, nested this deep at most
 * (ENV PATH=/x:$PATH repeated, ...); bounds the recursion. */
#define DF_MAX_VAR_DEPTH 128

/* Takes one unit of work; false when the budget is spent. */
static bool spend(var_ctx *c)
{
    if (*c->budget == 0)
        return false;
    (*c->budget)--;
    return true;
}

static const char *lookup_at(void *ud, const char *name, size_t len);

static bool kv_is(const df_kv *kv, const char *name, size_t len)
{
    return (len == 0 || kv->key[0] == name[0]) && strncmp(kv->key, name, len) == 0 &&
           kv->key[len] == '\0';
}

static const char *resolve_value(var_ctx *c, size_t def_at, const char *value)
{
    if (!value || !strchr(value, '$'))
        return value;
    if (c->depth > DF_MAX_VAR_DEPTH)
        return NULL;
    var_ctx inner = {c->f, def_at, c->a, c->depth + 1, c->budget};
    bool unresolved = false;
    char *v = df_expand(c->a, value, c->f->escape, lookup_at, &inner, &unresolved);
    return unresolved ? NULL : v;
}

/* The last global ARG (before the first FROM and before `before`) named
 * `name`: its resolved default, with *has_default telling whether it has
 * one. */
static const char *global_lookup(var_ctx *c, size_t before, const char *name, size_t len,
                                 bool *has_default)
{
    const df_file *f = c->f;
    size_t lim = f->nstages ? f->stages[0]->first : f->ninstrs;
    if (before < lim)
        lim = before;
    *has_default = false;
    for (size_t k = lim; k-- > 0;) {
        if (!spend(c))
            return NULL;
        const df_instr *in = f->instrs[k];
        if (in->kind != DF_ARG)
            continue;
        for (size_t j = in->nkv; j-- > 0;) {
            if (!kv_is(&in->kvs[j], name, len))
                continue;
            *has_default = in->kvs[j].value != NULL;
            return resolve_value(c, k, in->kvs[j].value);
        }
    }
    return NULL;
}

/* Variables as BuildKit sees them at instruction c->at: FROM lines and
 * instructions before the first FROM see only global ARGs; inside a stage,
 * its ARG and ENV instructions and the ENV (not ARG) of the stages it
 * builds on. `ARG NAME` without a default takes the global default, or
 * keeps an earlier value of the stage. */
static const char *lookup_at(void *ud, const char *name, size_t len)
{
    var_ctx *c = ud;
    const df_file *f = c->f;
    if (c->at >= f->ninstrs || !spend(c))
        return NULL;
    const df_instr *cur = f->instrs[c->at];
    bool has_default = false;
    if (cur->stage < 0 || cur->kind == DF_FROM)
        return global_lookup(c, c->at, name, len, &has_default);
    int stage = cur->stage;
    bool own = true;
    while (stage >= 0 && (size_t)stage < f->nstages) {
        const df_stage *st = f->stages[stage];
        size_t limit = own ? c->at : st->last + 1;
        for (size_t k = limit; k-- > st->first + 1;) {
            if (!spend(c))
                return NULL;
            const df_instr *in = f->instrs[k];
            if (in->kind != DF_ENV && !(own && in->kind == DF_ARG))
                continue;
            for (size_t j = in->nkv; j-- > 0;) {
                const df_kv *kv = &in->kvs[j];
                if (!kv_is(kv, name, len))
                    continue;
                if (in->kind == DF_ARG && !kv->value) {
                    const char *g = global_lookup(c, f->ninstrs, name, len, &has_default);
                    if (has_default)
                        return g;
                    continue;
                }
                return resolve_value(c, k, kv->value);
            }
        }
        stage = st->parent; /* always an earlier stage */
        own = false;
    }
    return NULL;
}

const char *df_var_at(const df_file *f, size_t at, const char *name, size_t len, mt_arena *a)
{
    unsigned budget = DF_LOOKUP_BUDGET;
    var_ctx c = {f, at, a, 0, &budget};
    return lookup_at(&c, name, len);
}

char *df_expand_at(const df_file *f, size_t at, mt_arena *a, const char *s, bool *unresolved)
{
    unsigned budget = DF_LOOKUP_BUDGET;
    var_ctx c = {f, at, a, 0, &budget};
    return df_expand(a, s, f->escape, lookup_at, &c, unresolved);
}

static uint64_t hash_ci(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        h ^= c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; /* tolower in the C locale */
        h *= 1099511628211ull;
    }
    return h;
}

/* Resolves each stage's image and, when it names an earlier stage (alias,
 * case-insensitive), its parent. A hash of aliases keeps this linear. */
static void resolve_stages(parser *p)
{
    df_file *f = p->f;
    size_t cap = 16;
    while (cap < f->nstages * 2)
        cap *= 2;
    int small[64];
    int *slots = cap <= MT_ARRAY_LEN(small) ? small : mt_xmalloc(cap * sizeof(int));
    for (size_t k = 0; k < cap; k++)
        slots[k] = -1;
    bool any_alias = false;
    for (size_t k = 0; k < f->nstages; k++) {
        df_stage *st = f->stages[k];
        bool unresolved = false;
        /* Without a '$' there is nothing to expand: the image as written. */
        char *img = strchr(st->image, '$') ? df_expand_at(f, st->first, p->a, st->image, &unresolved)
                                           : st->image;
        st->image_resolved = unresolved ? NULL : img;
        if (st->image_resolved && any_alias) { /* (no alias yet: nothing to find) */
            for (size_t h = hash_ci(img) & (cap - 1); slots[h] >= 0; h = (h + 1) & (cap - 1)) {
                if (strcasecmp(f->stages[slots[h]]->name, img) == 0) {
                    st->parent = slots[h];
                    break;
                }
            }
        }
        if (st->name) {
            size_t h = hash_ci(st->name) & (cap - 1);
            while (slots[h] >= 0 && strcasecmp(f->stages[slots[h]]->name, st->name) != 0)
                h = (h + 1) & (cap - 1);
            slots[h] = (int)k; /* a later stage with the same alias wins */
            any_alias = true;
        }
    }
    if (slots != small)
        free(slots);
}

void df_parse(mt_arena *a, const char *data, size_t len, df_file *out)
{
    memset(out, 0, sizeof(*out));
    out->escape = '\\';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte-order mark */
        data += 3;
        len -= 3;
    }
    ptrvec instrs, stages;
    ptrvec_init(&instrs);
    ptrvec_init(&stages);
    parser p = {.a = a, .f = out, .instrs = &instrs, .stages = &stages};
    /* Shared empty arrays (zeroed terminators), in one block. */
    struct empties {
        char *argv[1];
        df_flag flags[1];
        df_kv kvs[1];
        df_comment comments[1];
        df_error errors[1];
    } *e = mt_arena_alloc(a, sizeof(*e));
    p.no_argv = e->argv;
    p.no_flags = e->flags;
    p.no_kvs = e->kvs;
    line small[128]; /* enough for most files */
    split_lines(&p, data, len, small, MT_ARRAY_LEN(small));
    out->nlines = (int)p.nlines;
    parse_directives(&p);
    p.cls = out->escape == '`' ? cclass_backtick : cclass_backslash;
    parse_body(&p);
    /* the lists, NULL-terminated, from the pool */
    out->instrs = pool_array(&p, instrs.n + 1, sizeof(df_instr *));
    for (size_t k = 0; k < instrs.n; k++)
        out->instrs[k] = instrs.v[k];
    out->instrs[instrs.n] = NULL;
    out->ninstrs = instrs.n;
    out->stages = pool_array(&p, stages.n + 1, sizeof(df_stage *));
    for (size_t k = 0; k < stages.n; k++)
        out->stages[k] = stages.v[k];
    out->stages[stages.n] = NULL;
    out->nstages = stages.n;
    ptrvec_free(&instrs);
    ptrvec_free(&stages);
    out->comments = e->comments;
    if (p.ncomments) {
        out->comments = pool_array(&p, p.ncomments + 1, sizeof(df_comment));
        memcpy(out->comments, p.comments, p.ncomments * sizeof(df_comment));
        out->comments[p.ncomments] = (df_comment){0};
    }
    out->ncomments = p.ncomments;
    free(p.comments);
    out->errors = e->errors;
    if (p.errors.len) {
        out->errors = mt_arena_alloc(a, (p.errors.len + 1) * sizeof(df_error));
        for (size_t k = 0; k < p.errors.len; k++)
            out->errors[k] = *(df_error *)p.errors.items[k];
    }
    out->nerrors = p.errors.len;
    mt_vec_free(&p.errors);
    if (p.lines != small)
        free(p.lines);
    resolve_stages(&p);
}

/* ---- expansion ---- */

/* Output of expand_into: on the stack until it outgrows it. */
typedef struct obuf {
    char *d;
    size_t n, cap;
    char inl[256];
} obuf;

static void ob_grow(obuf *b, size_t extra)
{
    size_t cap = b->cap * 2;
    while (cap < b->n + extra)
        cap *= 2;
    if (b->d == b->inl) {
        b->d = mt_xmalloc(cap);
        memcpy(b->d, b->inl, b->n);
    } else {
        b->d = mt_xrealloc(b->d, cap);
    }
    b->cap = cap;
}

static inline void ob_put(obuf *b, const char *s, size_t n)
{
    if (n > b->cap - b->n)
        ob_grow(b, n);
    memcpy(b->d + b->n, s, n);
    b->n += n;
}

static inline void ob_putc(obuf *b, char c)
{
    if (b->n == b->cap)
        ob_grow(b, 1);
    b->d[b->n++] = c;
}

static bool var_char(char c, bool first)
{
    return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

static void expand_into(obuf *out, const char *s, size_t n, char esc, df_lookup_fn lookup,
                        void *ud, bool *unresolved, int depth)
{
    if (depth > 8) {
        *unresolved = true;
        return;
    }
    size_t i = 0;
    while (i < n) {
        /* Bytes that are neither '$' nor the escape are copied as a run. */
        size_t r = i;
        while (r < n && s[r] != '$' && s[r] != esc)
            r++;
        if (r > i) {
            ob_put(out, s + i, r - i);
            i = r;
            continue;
        }
        char c = s[i];
        if (c == esc && i + 1 < n && s[i + 1] == '$') {
            ob_putc(out, '$');
            i += 2;
            continue;
        }
        if (c != '$' || i + 1 >= n) {
            ob_putc(out, c);
            i++;
            continue;
        }
        if (s[i + 1] == '{') {
            /* find the matching brace */
            size_t j = i + 2, lvl = 1;
            while (j < n) {
                if (s[j] == '{')
                    lvl++;
                else if (s[j] == '}' && --lvl == 0)
                    break;
                j++;
            }
            if (j >= n) { /* unterminated: keep literally */
                ob_put(out, s + i, n - i);
                *unresolved = true;
                return;
            }
            size_t ns = i + 2, ne = ns;
            while (ne < j && var_char(s[ne], ne == ns))
                ne++;
            size_t oplen = 0;
            if (ne > ns && ne < j) {
                if (s[ne] == ':' && ne + 1 < j && strchr("-+?", s[ne + 1]))
                    oplen = 2;
                else if (s[ne] == '-' || s[ne] == '+' || s[ne] == '?')
                    oplen = 1;
            }
            if (ne == ns || (ne < j && oplen == 0)) {
                /* ${#var}, ${var#pat}, ${var/a/b}, ...: not evaluated */
                *unresolved = true;
            } else {
                const char *val = lookup(ud, s + ns, ne - ns);
                if (oplen == 0) {
                    if (val)
                        ob_put(out, val, strlen(val));
                    else
                        *unresolved = true;
                } else {
                    /* A variable with no known value is taken as unset: an
                     * ARG without a default is, unless given at build time. */
                    char kind = s[ne + oplen - 1];
                    bool set = val && (oplen == 1 || *val);
                    const char *word = s + ne + oplen;
                    size_t wlen = j - (ne + oplen);
                    if (kind == '-') {
                        if (set)
                            ob_put(out, val, strlen(val));
                        else
                            expand_into(out, word, wlen, esc, lookup, ud, unresolved, depth + 1);
                    } else if (kind == '+') {
                        if (set)
                            expand_into(out, word, wlen, esc, lookup, ud, unresolved, depth + 1);
                    } else { /* '?': an error at build time when unset */
                        if (set)
                            ob_put(out, val, strlen(val));
                        else
                            *unresolved = true;
                    }
                }
            }
            i = j + 1;
            continue;
        }
        if (var_char(s[i + 1], true)) {
            size_t ns = i + 1, ne = ns;
            while (ne < n && var_char(s[ne], ne == ns))
                ne++;
            const char *val = lookup(ud, s + ns, ne - ns);
            if (val)
                ob_put(out, val, strlen(val));
            else
                *unresolved = true;
            i = ne;
            continue;
        }
        ob_putc(out, c);
        i++;
    }
}

char *df_expand(mt_arena *a, const char *s, char escape, df_lookup_fn lookup, void *ud,
                bool *unresolved)
{
    size_t n = strlen(s);
    if (!memchr(s, '$', n)) { /* nothing to expand */
        if (unresolved)
            *unresolved = false;
        return mt_arena_strndup(a, s, n);
    }
    obuf out = {.cap = sizeof(out.inl)};
    out.d = out.inl;
    bool unres = false;
    expand_into(&out, s, n, escape, lookup, ud, &unres, 0);
    char *r = mt_arena_strndup(a, out.d, out.n);
    if (out.d != out.inl)
        free(out.d);
    if (unresolved)
        *unresolved = unres;
    return r;
}
