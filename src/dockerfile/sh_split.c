/* sh_split.c — see sh_split.h.
 *
 * Memory: the commands, pending words and redirections of a split, and a
 * scratch buffer for words being unquoted, live in growable stacks that
 * start in sh_split()'s frame and move to the heap only when they
 * outgrow it. Nested splits (substitutions, sh -c bodies) use the same
 * stacks above the entries of the split that started them and leave them
 * as they were. What is returned goes to the arena: plain words are cut
 * in place from one copy of the script (read_word), other word texts and
 * each command's arrays from a few large arena chunks (bump_alloc), and
 * the command array is copied there at the end.
 *
 * Character classes are ASCII: moat never calls setlocale(), so this is
 * what <ctype.h> answers in the "C" locale. */
#include "dockerfile/sh_split.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SH_MAX_PENDING 8 /* here-documents opened on one line */
#define SH_MAX_CASE 16   /* nested case statements tracked */
#define NO_CMD ((size_t)-1)

/* ---- character classes ---- */

enum {
    CC_DELIM = 1,  /* ends a word: blank, newline, ; & | ( ) < > */
    CC_SPECIAL = 2, /* needs work inside a word: \ ' " ` $ */
    CC_ALPHA = 4,
    CC_DIGIT = 8,
    CC_DYN = 16,   /* after '$': a parameter expansion (with alnum) */
    CC_BLANK = 32, /* skipped between tokens: space, tab, CR */
};

static const unsigned char cclass[256] = {
    [' '] = CC_DELIM | CC_BLANK, ['\t'] = CC_DELIM | CC_BLANK, ['\r'] = CC_BLANK,
    ['\n'] = CC_DELIM, [';'] = CC_DELIM,
    ['&'] = CC_DELIM, ['|'] = CC_DELIM, ['('] = CC_DELIM, [')'] = CC_DELIM,
    ['<'] = CC_DELIM, ['>'] = CC_DELIM,
    ['\\'] = CC_SPECIAL, ['\''] = CC_SPECIAL, ['"'] = CC_SPECIAL, ['`'] = CC_SPECIAL,
    ['$'] = CC_SPECIAL | CC_DYN,
    ['_'] = CC_DYN, ['@'] = CC_DYN, ['*'] = CC_DYN, ['#'] = CC_DYN, ['?'] = CC_DYN,
    ['!'] = CC_DYN, ['-'] = CC_DYN,
    ['0'] = CC_DIGIT | CC_DYN, ['1'] = CC_DIGIT | CC_DYN, ['2'] = CC_DIGIT | CC_DYN,
    ['3'] = CC_DIGIT | CC_DYN, ['4'] = CC_DIGIT | CC_DYN, ['5'] = CC_DIGIT | CC_DYN,
    ['6'] = CC_DIGIT | CC_DYN, ['7'] = CC_DIGIT | CC_DYN, ['8'] = CC_DIGIT | CC_DYN,
    ['9'] = CC_DIGIT | CC_DYN,
#define L2(a, b) [a] = CC_ALPHA | CC_DYN, [b] = CC_ALPHA | CC_DYN
    L2('a', 'A'), L2('b', 'B'), L2('c', 'C'), L2('d', 'D'), L2('e', 'E'), L2('f', 'F'),
    L2('g', 'G'), L2('h', 'H'), L2('i', 'I'), L2('j', 'J'), L2('k', 'K'), L2('l', 'L'),
    L2('m', 'M'), L2('n', 'N'), L2('o', 'O'), L2('p', 'P'), L2('q', 'Q'), L2('r', 'R'),
    L2('s', 'S'), L2('t', 'T'), L2('u', 'U'), L2('v', 'V'), L2('w', 'W'), L2('x', 'X'),
    L2('y', 'Y'), L2('z', 'Z'),
#undef L2
};

/* After an unquoted '$': the characters that start a parameter
 * expansion (alphanumerics and _@*#?$!-). */
static inline bool cc_dyn(char c)
{
    return cclass[(unsigned char)c] & CC_DYN;
}

static inline bool cc_blank(char c)
{
    return cclass[(unsigned char)c] & CC_BLANK;
}

static inline bool cc_alpha(char c)
{
    return cclass[(unsigned char)c] & CC_ALPHA;
}

static inline bool cc_digit(char c)
{
    return cclass[(unsigned char)c] & CC_DIGIT;
}

static inline bool cc_alnum(char c)
{
    return cclass[(unsigned char)c] & (CC_ALPHA | CC_DIGIT);
}

/* strcmp(a, b) == 0 for short strings, without a call. */
static inline bool eq(const char *a, const char *b)
{
    while (*a == *b) {
        if (!*a)
            return true;
        a++;
        b++;
    }
    return false;
}

/* "--" */
static inline bool is_dashdash(const char *w)
{
    return w[0] == '-' && w[1] == '-' && w[2] == '\0';
}

/* s is one of the NULL-terminated list. Options share their leading
 * dashes: the first three bytes of s are held apart and compared with each
 * entry's before the rest (each only while the bytes before it are no NUL,
 * so nothing past either string is read). */
static bool one_of(const char *s, const char *const *list)
{
    char s0 = s[0], s1 = s0 ? s[1] : '\0', s2 = s1 ? s[2] : '\0';
    for (const char *const *k = list; *k; k++) {
        const char *o = *k;
        if (o[0] != s0)
            continue;
        if (!s0)
            return true; /* both "" */
        if (o[1] != s1)
            continue;
        if (!s1)
            return true;
        if (o[2] != s2)
            continue;
        if (!s2 || eq(s + 3, o + 3))
            return true;
    }
    return false;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- growable stacks ---- */

typedef struct stack {
    void *items;
    size_t len, cap;
    void *first; /* the initial storage, not owned */
} stack;

static void stack_init(stack *st, void *storage, size_t cap)
{
    st->items = st->first = storage;
    st->len = 0;
    st->cap = cap;
}

/* Makes room for `need` items of `size` bytes. */
static void stack_grow(stack *st, size_t size, size_t need)
{
    size_t cap = st->cap ? st->cap : 16;
    while (cap < need)
        cap *= 2;
    if (st->items == st->first) {
        void *p = mt_xmalloc(cap * size);
        memcpy(p, st->items, st->len * size);
        st->items = p;
    } else {
        st->items = mt_xrealloc(st->items, cap * size);
    }
    st->cap = cap;
}

static void stack_free(stack *st)
{
    if (st->items != st->first)
        free(st->items);
}

typedef struct splitter {
    mt_arena *a;
    char *next, *end; /* free part of the arena chunk words are stored in */
    size_t chunk;     /* size of the next chunk */
    stack cmds;    /* sh_cmd: everything emitted, in order */
    stack words;   /* sh_word: words of the commands being read */
    stack assigns; /* sh_word */
    stack redirs;  /* sh_redir */
    stack buf;     /* char: values of words being unquoted */
} splitter;

typedef struct lexer {
    splitter *X;
    mt_arena *a;
    const char *s;
    char *copy;          /* a copy of s[0..n] (NULL: none) that plain words
                            are cut from in place: see read_word() */
    size_t n, i;
    int depth;           /* depth of this script's top-level commands */
    int level;           /* recursion: substitutions and sh -c bodies */
    int nest;            /* open ( ) and { } groups */
    bool substituted;
    bool outer;          /* reading the text an inner `sh -c` receives: the
                            substitutions were run by the outer shell */
    size_t wbase, abase, rbase; /* this script's entries in X's stacks */
    size_t last;         /* index of the last command this script emitted */
    const char **error;
    /* pending here-document delimiters for the current line */
    char *pending[SH_MAX_PENDING];
    bool pending_strip[SH_MAX_PENDING];
    int npending;
} lexer;

static __attribute__((noinline)) void *bump_refill(splitter *X, size_t size)
{
    size_t chunk = size > X->chunk ? size : X->chunk;
    X->next = mt_arena_alloc(X->a, chunk); /* 16-byte aligned */
    X->end = X->next + chunk;
    char *p = X->next;
    X->next += size;
    return p;
}

/* `size` bytes aligned to `align` (a power of two, at most 16) from the
 * current arena chunk. Chunks come zeroed from the arena and are never
 * reused, so the memory is zeroed too. Words and command arrays are many
 * small pieces: one arena allocation serves many of them. */
static inline void *bump_alloc(splitter *X, size_t size, size_t align)
{
    uintptr_t p = ((uintptr_t)X->next + (align - 1)) & ~(uintptr_t)(align - 1);
    if (!X->next || p > (uintptr_t)X->end || size > (uintptr_t)X->end - p)
        return bump_refill(X, size);
    X->next = (char *)p + size;
    return (void *)p;
}

static inline char peek(const lexer *L, size_t off)
{
    return L->i + off < L->n ? L->s[L->i + off] : '\0';
}

static inline size_t nwords(const lexer *L)
{
    return L->X->words.len - L->wbase;
}

static inline size_t nassigns(const lexer *L)
{
    return L->X->assigns.len - L->abase;
}

static inline size_t nredirs(const lexer *L)
{
    return L->X->redirs.len - L->rbase;
}

static void split_into(splitter *X, const char *src, char *copy, size_t len, int depth,
                       int level, bool substituted, const char **error);

/* Skips a balanced $( ... ) starting after "$(" and returns the end index
 * (the closing paren, or n) honouring quotes and escapes. */
static size_t skip_paren(const char *s, size_t n, size_t i)
{
    int lvl = 1;
    while (i < n) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            i += 2;
            continue;
        }
        if (c == '\'') {
            i++;
            while (i < n && s[i] != '\'')
                i++;
        } else if (c == '"') {
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\')
                    i++;
                i++;
            }
        } else if (c == '(') {
            lvl++;
        } else if (c == ')') {
            if (--lvl == 0)
                return i;
        }
        i++;
    }
    return n;
}

/* Index of the backquote closing one opened at i - 1 (or n). */
static size_t skip_backquote(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != '`') {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        i++;
    }
    return i < n ? i : n;
}

/* ---- words ---- */

/* A $( ) or backquote substitution from i to `close` (its closing
 * character, or n), whose text is [from, close): its commands are split
 * (unless `split` is false: arithmetic) and the word keeps its text; when
 * reading an `sh -c` body, "$_" stands for the output instead, which the
 * inner shell sees as a dynamic word. The value so far is the scratch
 * bytes [base, base + *o); returns the index after the substitution. The
 * caller re-reads X->buf.items afterwards: a nested split may move it. */
static size_t substitution(lexer *L, size_t base, size_t *o, size_t i, size_t from, size_t close,
                           bool split)
{
    splitter *X = L->X;
    size_t end = close < L->n ? close + 1 : L->n;
    if (L->outer) {
        char *out = (char *)X->buf.items + base;
        out[(*o)++] = '$';
        out[(*o)++] = '_';
        return end;
    }
    if (split && L->level < SH_MAX_DEPTH && close > from) {
        /* the nested split's words are built above this one's */
        X->buf.len = base + *o;
        split_into(X, L->s + from, L->copy ? L->copy + from : NULL, close - from,
                   L->depth + L->nest + 1, L->level + 1, true, L->error);
        X->buf.len = base;
    }
    memcpy((char *)X->buf.items + base + *o, L->s + i, end - i);
    *o += end - i;
    return end;
}

/* Stores a word read from [start, L->i) whose value is value[0..vlen):
 * the value and then the raw text, each with its NUL. */
static inline void store_word(lexer *L, sh_word *w, const char *value, size_t vlen, size_t start)
{
    size_t rlen = L->i - start;
    char *p = bump_alloc(L->X, vlen + rlen + 2, 1);
    memcpy(p, value, vlen);
    p[vlen] = '\0';
    memcpy(p + vlen + 1, L->s + start, rlen);
    p[vlen + 1 + rlen] = '\0';
    w->value = p;
    w->raw = p + vlen + 1;
}

/* The rest of read_word() for a word with quotes, escapes or '$' from
 * index i on (the bytes in [start, i) are plain). The value is built in
 * the scratch stack: quote removal never makes a word longer than its
 * source, except for the one "$_" that may stand for an unterminated
 * backquote at the very end of an sh -c body (one byte longer), so
 * n - start + 2 bytes (with the NUL) always suffice. */
static void read_word_quoted(lexer *L, sh_word *w, size_t start, size_t i)
{
    splitter *X = L->X;
    const char *s = L->s;
    size_t n = L->n;
    size_t base = X->buf.len;
    size_t room = n - start + 2;
    if (X->buf.cap - base < room)
        stack_grow(&X->buf, 1, base + room);
    char *out = (char *)X->buf.items + base;
    size_t o = i - start;
    memcpy(out, s + start, o);
    while (i < n) {
        char c = s[i];
        unsigned char k = cclass[(unsigned char)c];
        if (!(k & (CC_DELIM | CC_SPECIAL))) {
            out[o++] = c;
            i++;
            continue;
        }
        if (k & CC_DELIM)
            break;
        if (c == '\\') {
            if (i + 1 < n && s[i + 1] == '\n') { /* line continuation */
                i += 2;
                continue;
            }
            w->quoted = true;
            if (i + 1 < n) {
                out[o++] = s[i + 1];
                i += 2;
            } else {
                out[o++] = '\\'; /* a backslash at the very end stays */
                i++;
            }
            continue;
        }
        if (c == '\'') {
            w->quoted = true;
            i++;
            const char *q = memchr(s + i, '\'', n - i);
            size_t e = q ? (size_t)(q - s) : n;
            memcpy(out + o, s + i, e - i);
            o += e - i;
            i = e;
            if (i >= n)
                *L->error = "unterminated single quote";
            else
                i++;
            continue;
        }
        if (c == '"') {
            w->quoted = true;
            i++;
            while (i < n) {
                char d = s[i];
                if (d == '"')
                    break;
                if (d != '\\' && d != '$' && d != '`') {
                    out[o++] = d;
                    i++;
                    continue;
                }
                char e = i + 1 < n ? s[i + 1] : '\0';
                if (d == '\\') {
                    if (e == '$' || e == '`' || e == '"' || e == '\\' || e == '\n') {
                        if (e != '\n')
                            out[o++] = e;
                        i += 2;
                        continue;
                    }
                } else if (d == '$' && e == '(') {
                    size_t open = i + 2;
                    /* $(( )) is arithmetic */
                    bool split = (open < n ? s[open] : '\0') != '(';
                    i = substitution(L, base, &o, i, open, skip_paren(s, n, open), split);
                    out = (char *)X->buf.items + base;
                    w->dynamic = true;
                    continue;
                } else if (d == '`') {
                    i = substitution(L, base, &o, i, i + 1, skip_backquote(s, n, i + 1), true);
                    out = (char *)X->buf.items + base;
                    w->dynamic = true;
                    continue;
                } else if (e && (cc_dyn(e) || e == '{')) { /* d == '$' */
                    w->dynamic = true;
                }
                out[o++] = d;
                i++;
            }
            if (i >= n)
                *L->error = "unterminated double quote";
            else
                i++;
            continue;
        }
        if (c == '`') {
            i = substitution(L, base, &o, i, i + 1, skip_backquote(s, n, i + 1), true);
            out = (char *)X->buf.items + base;
            w->dynamic = true;
            continue;
        }
        /* c == '$' */
        char e = i + 1 < n ? s[i + 1] : '\0';
        if (e == '\'') { /* $'...' */
            w->quoted = true;
            i += 2;
            while (i < n && s[i] != '\'') {
                if (s[i] == '\\' && i + 1 < n) {
                    char x = s[i + 1];
                    out[o++] = x == 'n' ? '\n' : x == 't' ? '\t' : x;
                    i += 2;
                } else {
                    out[o++] = s[i++];
                }
            }
            if (i >= n)
                *L->error = "unterminated $'...' quote";
            else
                i++;
            continue;
        }
        if (e == '(') {
            size_t open = i + 2;
            bool split = (open < n ? s[open] : '\0') != '(';
            i = substitution(L, base, &o, i, open, skip_paren(s, n, open), split);
            out = (char *)X->buf.items + base;
            w->dynamic = true;
            continue;
        }
        if (e == '{') {
            size_t j = i + 2;
            const char *q = memchr(s + j, '}', n - j);
            size_t end = q ? (size_t)(q - s) + 1 : n;
            memcpy(out + o, s + i, end - i);
            o += end - i;
            w->dynamic = true;
            i = end;
            continue;
        }
        if (e && cc_dyn(e))
            w->dynamic = true;
        out[o++] = '$';
        i++;
    }
    L->i = i;
    store_word(L, w, out, o, start);
}

/* The end of the run of plain word characters from i. */
static inline size_t scan_plain(const char *s, size_t i, size_t n)
{
#define STOP(k) (cclass[(unsigned char)s[k]] & (CC_DELIM | CC_SPECIAL))
    for (; n - i >= 4; i += 4) {
        if (STOP(i))
            return i;
        if (STOP(i + 1))
            return i + 1;
        if (STOP(i + 2))
            return i + 2;
        if (STOP(i + 3))
            return i + 3;
    }
    while (i < n && !STOP(i))
        i++;
    return i;
#undef STOP
}

/* Reads one word at L->i into w. Returns false if no word starts here.
 *
 * A plain word (no quote, escape, '$' or backquote) is its own value: value
 * and raw are one string. With a copy of the script, it is cut from the
 * copy in place: a NUL replaces the byte that ends it (a delimiter, or the
 * end). That is safe because the lexer reads the script, never the copy,
 * and no other word needs that byte or any byte of a plain word: other
 * plain words do not overlap it, the words around it are stored apart, and
 * the nested splits that write into the copy do so only inside the
 * $( ) and backquote texts of words that are not plain. */
static inline __attribute__((always_inline)) bool read_word(lexer *L, sh_word *w)
{
    const char *s = L->s;
    size_t n = L->n, start = L->i, i = scan_plain(s, start, n);
    w->quoted = false;
    w->dynamic = false;
    if (i < n && (cclass[(unsigned char)s[i]] & CC_SPECIAL)) {
        read_word_quoted(L, w, start, i);
        return true;
    }
    if (i == start)
        return false;
    L->i = i;
    char *v;
    if (L->copy) {
        v = L->copy + start;
        L->copy[i] = '\0';
    } else {
        v = bump_alloc(L->X, i - start + 1, 1);
        memcpy(v, s + start, i - start);
        v[i - start] = '\0';
    }
    w->value = w->raw = v;
    return true;
}

static bool is_name_assignment(const char *r)
{
    if (!(cc_alpha(*r) || *r == '_'))
        return false;
    while (cc_alnum(*r) || *r == '_')
        r++;
    return *r == '=';
}

/* Reserved words at the start of a command. */
enum {
    KW_NONE,
    KW_FOR,      /* for, select */
    KW_CASE,
    KW_ESAC,
    KW_FUNCTION,
    KW_OPEN,     /* { */
    KW_CLOSE,    /* } */
    KW_END,      /* done, fi: end a compound command */
    KW_OTHER,    /* if then else elif do while until ! */
};

static int keyword(const char *v)
{
    switch (v[0]) {
    case '!':
        return v[1] ? KW_NONE : KW_OTHER;
    case '{':
        return v[1] ? KW_NONE : KW_OPEN;
    case '}':
        return v[1] ? KW_NONE : KW_CLOSE;
    case 'c':
        return eq(v, "case") ? KW_CASE : KW_NONE;
    case 'd':
        return eq(v, "do") ? KW_OTHER : eq(v, "done") ? KW_END : KW_NONE;
    case 'e':
        if (eq(v, "esac"))
            return KW_ESAC;
        return eq(v, "else") || eq(v, "elif") ? KW_OTHER : KW_NONE;
    case 'f':
        if (eq(v, "for"))
            return KW_FOR;
        if (eq(v, "fi"))
            return KW_END;
        return eq(v, "function") ? KW_FUNCTION : KW_NONE;
    case 'i':
        return eq(v, "if") ? KW_OTHER : KW_NONE;
    case 's':
        return eq(v, "select") ? KW_FOR : KW_NONE;
    case 't':
        return eq(v, "then") ? KW_OTHER : KW_NONE;
    case 'u':
        return eq(v, "until") ? KW_OTHER : KW_NONE;
    case 'w':
        return eq(v, "while") ? KW_OTHER : KW_NONE;
    default:
        return KW_NONE;
    }
}

/* ---- wrappers ---- */

/* Wrappers that run the command given after their own options: name,
 * short options that take a value, long options that take a value (when
 * not written with '='), and whether NAME=value words may come first. */
typedef struct wrapper {
    const char *name;
    const char *short_val;
    const char *const *long_val;
    bool assigns;
    int positionals; /* operands before the command (timeout's duration) */
} wrapper;

static const char *const sudo_long[] = {"--user", "--group", "--chdir", "--close-from",
                                        "--prompt", "--role", "--type", "--command-timeout",
                                        "--other-user", "--host", "--chroot", "--login-class",
                                        NULL};
static const char *const env_long[] = {"--unset", "--chdir", "--split-string", NULL};
static const char *const timeout_long[] = {"--signal", "--kill-after", NULL};
static const char *const nice_long[] = {"--adjustment", NULL};
static const char *const ionice_long[] = {"--class", "--classdata", "--pid", "--pgid", "--uid", NULL};
static const char *const none_long[] = {NULL};

enum { W_SUDO, W_DOAS, W_ENV, W_NICE, W_NOHUP, W_TIME, W_COMMAND, W_EXEC, W_STDBUF, W_IONICE,
       W_TIMEOUT, W_COUNT };

static const wrapper wrappers[W_COUNT] = {
    [W_SUDO] = {"sudo", "ugCchprTDRU", sudo_long, true, 0},
    [W_DOAS] = {"doas", "uC", none_long, false, 0},
    [W_ENV] = {"env", "uCS", env_long, true, 0},
    [W_NICE] = {"nice", "n", nice_long, false, 0},
    [W_NOHUP] = {"nohup", "", none_long, false, 0},
    [W_TIME] = {"time", "fo", none_long, false, 0},
    [W_COMMAND] = {"command", "", none_long, false, 0},
    [W_EXEC] = {"exec", "a", none_long, false, 0},
    [W_STDBUF] = {"stdbuf", "ioe", none_long, false, 0},
    [W_IONICE] = {"ionice", "cnp", ionice_long, false, 0},
    [W_TIMEOUT] = {"timeout", "sk", timeout_long, false, 1},
};

/* The wrapper named b: a switch on the first letter picks the (at most
 * two) candidates, as this runs for every command. */
static const wrapper *find_wrapper(const char *b)
{
    int k, k2 = W_COUNT;
    switch (b[0]) {
    case 'c': k = W_COMMAND; break;
    case 'd': k = W_DOAS; break;
    case 'e': k = W_ENV, k2 = W_EXEC; break;
    case 'i': k = W_IONICE; break;
    case 'n': k = W_NICE, k2 = W_NOHUP; break;
    case 's': k = W_SUDO, k2 = W_STDBUF; break;
    case 't': k = W_TIME, k2 = W_TIMEOUT; break;
    default: return NULL;
    }
    if (eq(b, wrappers[k].name))
        return &wrappers[k];
    if (k2 < W_COUNT && eq(b, wrappers[k2].name))
        return &wrappers[k2];
    return NULL;
}

size_t sh_skip_wrappers(const void *words, size_t stride, size_t n)
{
#define WORD_AT(k) (*(const char *const *)((const char *)words + (k) * stride))
    size_t i = 0;
    for (int guard = 0; guard < 8 && i < n; guard++) {
        const wrapper *wr = find_wrapper(base_name(WORD_AT(i)));
        if (!wr)
            return i;
        i++;
        int operands = wr->positionals;
        while (i < n) {
            const char *o = WORD_AT(i);
            if (is_dashdash(o)) {
                i++;
                break;
            }
            if (o[0] == '-' && o[1] == '-') {
                i += !strchr(o, '=') && one_of(o, wr->long_val) ? 2 : 1;
            } else if (o[0] == '-' && o[1]) {
                /* a short cluster; a value-taking letter takes the rest or
                 * the next word */
                size_t step = 1;
                for (const char *p = o + 1; *p; p++) {
                    if (strchr(wr->short_val, *p)) {
                        step = p[1] ? 1 : 2;
                        break;
                    }
                }
                i += step;
            } else if (eq(o, "-") && wr == &wrappers[W_ENV]) {
                i++;
            } else if (wr->assigns && is_name_assignment(o)) {
                i++;
            } else if (operands > 0) {
                operands--;
                i++;
            } else {
                break;
            }
        }
    }
#undef WORD_AT
    return i < n ? i : n;
}

/* ---- well-known commands ---- */

_Static_assert(SH_PROG_COUNT <= 64, "a set of sh_prog must fit a uint64_t");

static const char *const prog_names[SH_PROG_COUNT] = {
    [SH_PROG_OTHER] = "",
    [SH_PROG_APT_GET] = "apt-get", [SH_PROG_APT] = "apt", [SH_PROG_APTITUDE] = "aptitude",
    [SH_PROG_APK] = "apk", [SH_PROG_YUM] = "yum", [SH_PROG_DNF] = "dnf", [SH_PROG_DNF5] = "dnf5",
    [SH_PROG_MICRODNF] = "microdnf", [SH_PROG_ZYPPER] = "zypper", [SH_PROG_RPM] = "rpm",
    [SH_PROG_NPM] = "npm", [SH_PROG_YARN] = "yarn", [SH_PROG_PNPM] = "pnpm",
    [SH_PROG_GEM] = "gem", [SH_PROG_GO] = "go",
    [SH_PROG_CURL] = "curl", [SH_PROG_WGET] = "wget", [SH_PROG_GIT] = "git",
    [SH_PROG_TAR] = "tar", [SH_PROG_RM] = "rm", [SH_PROG_CD] = "cd", [SH_PROG_LN] = "ln",
    [SH_PROG_MKDIR] = "mkdir", [SH_PROG_INSTALL] = "install", [SH_PROG_CHMOD] = "chmod",
    [SH_PROG_USERADD] = "useradd",
    [SH_PROG_SET] = "set", [SH_PROG_EXPORT] = "export", [SH_PROG_ECHO] = "echo",
    [SH_PROG_PRINTF] = "printf", [SH_PROG_EVAL] = "eval", [SH_PROG_SOURCE] = "source",
    [SH_PROG_DOT] = ".", [SH_PROG_XARGS] = "xargs", [SH_PROG_YES] = "yes",
    [SH_PROG_SH] = "sh", [SH_PROG_BASH] = "bash", [SH_PROG_ASH] = "ash", [SH_PROG_DASH] = "dash",
    [SH_PROG_ZSH] = "zsh", [SH_PROG_KSH] = "ksh", [SH_PROG_MKSH] = "mksh",
    [SH_PROG_PERL] = "perl", [SH_PROG_RUBY] = "ruby", [SH_PROG_NODE] = "node",
    [SH_PROG_PHP] = "php",
    [SH_PROG_FREE] = "free", [SH_PROG_KILL] = "kill", [SH_PROG_MOUNT] = "mount",
    [SH_PROG_PS] = "ps", [SH_PROG_SERVICE] = "service", [SH_PROG_SHUTDOWN] = "shutdown",
    [SH_PROG_SSH] = "ssh", [SH_PROG_TOP] = "top", [SH_PROG_VIM] = "vim",
};

const char *sh_prog_name(sh_prog p)
{
    return (unsigned)p < SH_PROG_COUNT ? prog_names[p] : "";
}

/* The candidates (at most 8) whose name starts with a given letter. */
typedef struct prog_bucket {
    unsigned char n;
    unsigned char progs[8];
} prog_bucket;

static const prog_bucket prog_buckets[128] = {
    ['.'] = {1, {SH_PROG_DOT}},
    ['a'] = {5, {SH_PROG_APT_GET, SH_PROG_APT, SH_PROG_APTITUDE, SH_PROG_APK, SH_PROG_ASH}},
    ['b'] = {1, {SH_PROG_BASH}},
    ['c'] = {3, {SH_PROG_CURL, SH_PROG_CD, SH_PROG_CHMOD}},
    ['d'] = {3, {SH_PROG_DNF, SH_PROG_DNF5, SH_PROG_DASH}},
    ['e'] = {3, {SH_PROG_EXPORT, SH_PROG_ECHO, SH_PROG_EVAL}},
    ['f'] = {1, {SH_PROG_FREE}},
    ['g'] = {3, {SH_PROG_GEM, SH_PROG_GO, SH_PROG_GIT}},
    ['i'] = {1, {SH_PROG_INSTALL}},
    ['k'] = {2, {SH_PROG_KILL, SH_PROG_KSH}},
    ['l'] = {1, {SH_PROG_LN}},
    ['m'] = {4, {SH_PROG_MICRODNF, SH_PROG_MKDIR, SH_PROG_MOUNT, SH_PROG_MKSH}},
    ['n'] = {2, {SH_PROG_NPM, SH_PROG_NODE}},
    ['p'] = {5, {SH_PROG_PNPM, SH_PROG_PRINTF, SH_PROG_PERL, SH_PROG_PHP, SH_PROG_PS}},
    ['r'] = {3, {SH_PROG_RPM, SH_PROG_RM, SH_PROG_RUBY}},
    ['s'] = {6, {SH_PROG_SET, SH_PROG_SOURCE, SH_PROG_SH, SH_PROG_SSH, SH_PROG_SERVICE,
                 SH_PROG_SHUTDOWN}},
    ['t'] = {2, {SH_PROG_TAR, SH_PROG_TOP}},
    ['u'] = {1, {SH_PROG_USERADD}},
    ['v'] = {1, {SH_PROG_VIM}},
    ['w'] = {1, {SH_PROG_WGET}},
    ['x'] = {1, {SH_PROG_XARGS}},
    ['y'] = {3, {SH_PROG_YUM, SH_PROG_YARN, SH_PROG_YES}},
    ['z'] = {2, {SH_PROG_ZYPPER, SH_PROG_ZSH}},
};

sh_prog sh_prog_of(const char *name)
{
    unsigned char c0 = (unsigned char)name[0];
    if (c0 >= 128)
        return SH_PROG_OTHER;
    const prog_bucket *b = &prog_buckets[c0];
    /* the bucket's names all start with c0 (no NUL: the bucket of '\0' is
     * empty), so the comparison starts at the second byte */
    for (unsigned k = 0; k < b->n; k++) {
        const char *pn = prog_names[b->progs[k]];
        if (pn[1] == name[1] && eq(name + 1, pn + 1))
            return (sh_prog)b->progs[k];
    }
    return SH_PROG_OTHER;
}

/* Index of the real command behind wrappers such as `sudo -u x cmd`, and
 * its name (the basename of that word; "" when there are no words). */
static size_t find_argi(const sh_word *w, size_t n, const char **name)
{
    if (n == 0) {
        *name = "";
        return 0;
    }
    /* mostly the first word, which is no wrapper */
    const char *first = base_name(w[0].value);
    size_t i = find_wrapper(first) ? sh_skip_wrappers(w, sizeof(*w), n) : 0;
    if (i >= n)
        i = 0;
    *name = i ? base_name(w[i].value) : first;
    return i;
}

/* `sh -c 'script'`: index of the script word, or 0. The script is the
 * first operand after the options when -c is among them. */
static size_t shell_script_arg(const sh_cmd *c)
{
    if (c->nwords < c->argi + 3 || !sh_prog_is_shell(c->prog))
        return 0;
    bool cflag = false;
    for (size_t k = c->argi + 1; k < c->nwords; k++) {
        const char *o = c->words[k].value;
        if (is_dashdash(o))
            return cflag && k + 1 < c->nwords ? k + 1 : 0;
        if ((o[0] == '-' || o[0] == '+') && o[1]) {
            if (o[1] == '-') { /* --login, --norc, --rcfile FILE */
                if (eq(o, "--rcfile") || eq(o, "--init-file"))
                    k++;
                continue;
            }
            bool takes = false;
            for (const char *p = o + 1; *p; p++) {
                if (*p == 'c' && o[0] == '-')
                    cflag = true;
                if (*p == 'o' || *p == 'O')
                    takes = true;
            }
            if (takes)
                k++; /* -o pipefail */
            continue;
        }
        return cflag ? k : 0;
    }
    return 0;
}

/* ---- commands ---- */

static void reset_pending(lexer *L)
{
    L->X->words.len = L->wbase;
    L->X->assigns.len = L->abase;
    L->X->redirs.len = L->rbase;
}

static void emit(lexer *L, sh_sep sep, bool piped_in)
{
    splitter *X = L->X;
    size_t nw = nwords(L), na = nassigns(L), nr = nredirs(L);
    if (nw == 0 && na == 0 && nr == 0)
        return;
    if (X->cmds.len >= SH_MAX_COMMANDS) {
        *L->error = "too many commands";
        reset_pending(L);
        return;
    }
    /* one block: words, assigns and redirs, each with a zeroed extra entry */
    size_t wsize = (nw + 1) * sizeof(sh_word), asize = (na + 1) * sizeof(sh_word);
    char *mem = bump_alloc(X, wsize + asize + (nr + 1) * sizeof(sh_redir), 16);
    sh_word *words = (sh_word *)mem;
    sh_word *assigns = (sh_word *)(mem + wsize);
    sh_redir *redirs = (sh_redir *)(mem + wsize + asize);
    if (nw)
        memcpy(words, (sh_word *)X->words.items + L->wbase, nw * sizeof(sh_word));
    if (na)
        memcpy(assigns, (sh_word *)X->assigns.items + L->abase, na * sizeof(sh_word));
    if (nr)
        memcpy(redirs, (sh_redir *)X->redirs.items + L->rbase, nr * sizeof(sh_redir));
    reset_pending(L);
    if (X->cmds.len == X->cmds.cap)
        stack_grow(&X->cmds, sizeof(sh_cmd), X->cmds.len + 1);
    L->last = X->cmds.len;
    sh_cmd *c = (sh_cmd *)X->cmds.items + X->cmds.len++;
    const char *name;
    size_t argi = find_argi(words, nw, &name);
    size_t dashdash = argi + 1;
    while (dashdash < nw && !is_dashdash(words[dashdash].value))
        dashdash++;
    *c = (sh_cmd){
        .words = words,
        .nwords = nw,
        .assigns = assigns,
        .nassigns = na,
        .redirs = redirs,
        .nredirs = nr,
        .argi = argi,
        .sep = sep,
        .piped_in = piped_in,
        .depth = L->depth + L->nest,
        .substituted = L->substituted,
        .name = name,
        .prog = sh_prog_of(name),
        .name_argi = argi + 1,
        .dashdash = dashdash,
    };
    /* sh -c 'script': split the script as well, as the inner shell gets
     * it: substitutions the outer shell ran (in "..." or unquoted) are not
     * listed twice. */
    size_t k = shell_script_arg(c);
    if (k && L->level < SH_MAX_DEPTH) {
        const char *raw = words[k].raw;
        int depth = c->depth; /* c moves when the stack grows */
        const char *ignored = NULL;
        lexer B = {.X = X, .a = L->a, .s = raw, .n = strlen(raw), .outer = true,
                   .last = NO_CMD, .error = &ignored};
        sh_word body;
        if (read_word(&B, &body)) {
            size_t blen = strlen(body.value);
            char *copy = mt_arena_strndup(L->a, body.value, blen);
            split_into(X, body.value, copy, blen, depth + 1, L->level + 1, L->substituted,
                       L->error);
        }
    }
}

/* After a newline: skip the bodies of here-documents opened on that line. */
static void skip_heredocs(lexer *L)
{
    for (int h = 0; h < L->npending; h++) {
        const char *delim = L->pending[h];
        size_t dl = strlen(delim);
        while (L->i < L->n) {
            size_t ls = L->i;
            const char *nl = memchr(L->s + ls, '\n', L->n - ls);
            L->i = nl ? (size_t)(nl - L->s) : L->n;
            const char *line = L->s + ls;
            size_t len = L->i - ls;
            if (L->i < L->n)
                L->i++;
            if (L->pending_strip[h]) {
                while (len && *line == '\t') {
                    line++;
                    len--;
                }
            }
            while (len && line[len - 1] == '\r')
                len--;
            if (len == dl && memcmp(line, delim, dl) == 0)
                break;
        }
    }
    L->npending = 0;
}

static void skip_blanks(lexer *L)
{
    while (L->i < L->n && (L->s[L->i] == ' ' || L->s[L->i] == '\t'))
        L->i++;
}

/* Reads a redirection at L->i: [n]op target. Here-documents are queued so
 * their bodies are skipped at the end of the line. */
static sh_redir read_redirect(lexer *L)
{
    size_t os = L->i;
    if (cc_digit(L->s[L->i]) || L->s[L->i] == '&')
        L->i++;
    char d = L->s[L->i];
    L->i++;
    bool heredoc = false, strip = false;
    if (d == '<' && peek(L, 0) == '<') {
        L->i++;
        if (peek(L, 0) == '<') {
            L->i++; /* here-string */
        } else {
            heredoc = true;
            if (peek(L, 0) == '-') {
                strip = true;
                L->i++;
            }
        }
    } else if (peek(L, 0) == '>' || peek(L, 0) == '&' || peek(L, 0) == '|') {
        L->i++;
    }
    sh_redir r;
    r.op = mt_arena_strndup(L->a, L->s + os, L->i - os);
    skip_blanks(L);
    sh_word t;
    r.target = read_word(L, &t) ? t.value : mt_arena_strdup(L->a, "");
    if (heredoc && *r.target && L->npending < SH_MAX_PENDING) {
        L->pending[L->npending] = r.target;
        L->pending_strip[L->npending] = strip;
        L->npending++;
    }
    return r;
}

static void push_redir(lexer *L, const sh_redir *r)
{
    stack *st = &L->X->redirs;
    if (st->len == st->cap)
        stack_grow(st, sizeof(sh_redir), st->len + 1);
    ((sh_redir *)st->items)[st->len++] = *r;
}

static void push_word(stack *st, const sh_word *w)
{
    if (st->len == st->cap)
        stack_grow(st, sizeof(sh_word), st->len + 1);
    ((sh_word *)st->items)[st->len++] = *w;
}

enum { CASE_PATTERN, CASE_BODY };

static void split_into(splitter *X, const char *src, char *copy, size_t len, int depth,
                       int level, bool substituted, const char **error)
{
    lexer L = {.X = X, .a = X->a, .s = src, .copy = copy, .n = len, .depth = depth, .level = level,
               .substituted = substituted, .wbase = X->words.len, .abase = X->assigns.len,
               .rbase = X->redirs.len, .last = NO_CMD, .error = error};
    const char *s = src;
    bool piped = false;
    bool for_header = false; /* inside `for x in ...` up to `do` */
    bool after_group = false; /* just after `)`, `}`, `done`, `fi` or `esac` */
    char cases[SH_MAX_CASE];
    int ncase = 0;
    while (L.i < len) {
        char c = s[L.i];
        if (cc_blank(c)) {
            size_t i = L.i + 1;
            while (i < len && cc_blank(s[i]))
                i++;
            L.i = i;
            continue;
        }
        /* most tokens are words starting with a letter: none of the checks
         * below applies to them, outside case patterns */
        if (cc_alpha(c) && !(ncase && cases[ncase - 1] == CASE_PATTERN))
            goto word;
        if (c == '\\' && peek(&L, 1) == '\n') {
            L.i += 2;
            continue;
        }
        if (c == '#') { /* '#' at the start of a token: a comment */
            const char *nl = memchr(s + L.i, '\n', len - L.i);
            L.i = nl ? (size_t)(nl - s) : len;
            continue;
        }
        if (ncase && cases[ncase - 1] == CASE_PATTERN) {
            /* pattern list of a case item: `a|b)`, `(a)`, or `esac` */
            if (c == '\n' || c == ';' || c == '(' || c == '|' || c == '&') {
                L.i++;
                if (c == '\n' && L.npending)
                    skip_heredocs(&L);
                continue;
            }
            if (c == ')') {
                cases[ncase - 1] = CASE_BODY;
                L.i++;
                continue;
            }
            sh_word pw;
            if (!read_word(&L, &pw)) {
                L.i++;
                continue;
            }
            if (!pw.quoted && eq(pw.value, "esac")) {
                ncase--;
                after_group = true;
            }
            continue;
        }
        if (c == '(' && peek(&L, 1) == '(' && nwords(&L) == 0 && nassigns(&L) == 0) {
            /* (( arithmetic )) */
            size_t close = skip_paren(s, len, L.i + 2);
            if (close + 1 < len && s[close + 1] == ')') {
                L.i = close + 2;
                continue;
            }
        }
        if (c == '(' && nwords(&L) == 1 && nassigns(&L) == 0 && !for_header) {
            /* name() { ...; }: a function definition, not a command */
            size_t j = L.i + 1;
            while (j < len && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j < len && s[j] == ')') {
                X->words.len = L.wbase;
                L.i = j + 1;
                continue;
            }
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
            sh_sep sep = SH_SEP_SEMI;
            size_t adv = 1;
            bool case_item_end = false;
            if (c == '&' && peek(&L, 1) == '>') {
                sh_redir r = read_redirect(&L); /* &> and &>> */
                push_redir(&L, &r);
                continue;
            }
            if (c == '&' && peek(&L, 1) == '&') {
                sep = SH_SEP_AND;
                adv = 2;
            } else if (c == '|' && peek(&L, 1) == '|') {
                sep = SH_SEP_OR;
                adv = 2;
            } else if (c == '|') {
                sep = SH_SEP_PIPE;
                adv = peek(&L, 1) == '&' ? 2 : 1;
            } else if (c == '&') {
                sep = SH_SEP_BG;
            } else if (c == ';' && (peek(&L, 1) == ';' || peek(&L, 1) == '&')) {
                /* ;; ;& ;;& end a case item */
                adv = peek(&L, 1) == ';' && peek(&L, 2) == '&' ? 3 : 2;
                case_item_end = true;
            }
            if (for_header && (c == ';' || c == '\n'))
                reset_pending(&L);
            else if (after_group && L.last != NO_CMD && sep != SH_SEP_SEMI && nwords(&L) == 0 &&
                     nassigns(&L) == 0 && nredirs(&L) == 0)
                ((sh_cmd *)X->cmds.items)[L.last].sep = sep; /* `(a; b) | c` */
            else
                emit(&L, sep, piped);
            if (c == '(')
                L.nest++;
            else if (c == ')' && L.nest > 0)
                L.nest--;
            after_group = c == ')';
            if (case_item_end && ncase)
                cases[ncase - 1] = CASE_PATTERN;
            if (sep == SH_SEP_PIPE)
                piped = true;
            else if (c != '(' && c != ')')
                piped = false;
            L.i += adv;
            if (c == '\n' && L.npending)
                skip_heredocs(&L);
            continue;
        }
        if (c == '<' || c == '>' || (cc_digit(c) && (peek(&L, 1) == '>' || peek(&L, 1) == '<'))) {
            sh_redir r = read_redirect(&L);
            /* `done < file`, `} > log`: the redirection is the compound
             * command's, not a command of its own */
            if (!(after_group && nwords(&L) == 0 && nassigns(&L) == 0))
                push_redir(&L, &r);
            continue;
        }
    word:;
        sh_word w;
        if (!read_word(&L, &w)) {
            L.i++; /* unexpected byte: skip it */
            continue;
        }
        after_group = false;
        size_t nw = nwords(&L);
        if (nw == 0 && nassigns(&L) == 0 && !w.quoted) {
            const char *v = w.value;
            if (for_header) {
                if (eq(v, "do"))
                    for_header = false;
                continue;
            }
            switch (keyword(v)) {
            case KW_NONE:
                break;
            case KW_FOR:
                for_header = true;
                continue;
            case KW_CASE: {
                /* skip `case WORD in` (substitutions in WORD still count) */
                sh_word tmp;
                while (L.i < len) {
                    while (L.i < len && (s[L.i] == ' ' || s[L.i] == '\t' || s[L.i] == '\n'))
                        L.i++;
                    if (!read_word(&L, &tmp)) {
                        if (L.i < len)
                            L.i++;
                        continue;
                    }
                    if (eq(tmp.value, "in"))
                        break;
                }
                if (ncase < SH_MAX_CASE)
                    cases[ncase++] = CASE_PATTERN;
                continue;
            }
            case KW_ESAC:
                if (ncase)
                    ncase--;
                after_group = true;
                continue;
            case KW_FUNCTION: {
                /* function name [()] { ...; } */
                skip_blanks(&L);
                sh_word name;
                read_word(&L, &name);
                skip_blanks(&L);
                if (peek(&L, 0) == '(') {
                    size_t j = L.i + 1;
                    while (j < len && (s[j] == ' ' || s[j] == '\t'))
                        j++;
                    if (j < len && s[j] == ')')
                        L.i = j + 1;
                }
                continue;
            }
            case KW_OPEN:
                L.nest++;
                continue;
            case KW_CLOSE:
                if (L.nest > 0)
                    L.nest--;
                after_group = true;
                continue;
            case KW_END:
                after_group = true;
                continue;
            default: /* KW_OTHER */
                continue;
            }
        }
        if (for_header)
            continue;
        if (nw == 0 && is_name_assignment(w.raw)) {
            push_word(&X->assigns, &w);
            continue;
        }
        push_word(&X->words, &w);
    }
    emit(&L, SH_SEP_END, piped);
    reset_pending(&L);
}

void sh_split(mt_arena *a, const char *src, size_t len, sh_script *out)
{
    memset(out, 0, sizeof(*out));
    /* first storage for the stacks; most scripts never leave it */
    sh_cmd cmds0[24];
    sh_word words0[48], assigns0[8];
    sh_redir redirs0[8];
    char buf0[512];
    /* quoted words, the commands' arrays and the command array take about
     * three times the script's size */
    size_t chunk = len < 8192 ? 3 * len + 512 : 32768;
    splitter X = {.a = a, .chunk = chunk};
    stack_init(&X.cmds, cmds0, MT_ARRAY_LEN(cmds0));
    stack_init(&X.words, words0, MT_ARRAY_LEN(words0));
    stack_init(&X.assigns, assigns0, MT_ARRAY_LEN(assigns0));
    stack_init(&X.redirs, redirs0, MT_ARRAY_LEN(redirs0));
    stack_init(&X.buf, buf0, sizeof(buf0));
    /* One arena allocation: the copy plain words are cut from (see
     * read_word), with its NUL, then the first chunk for bump_alloc. */
    size_t copy_size = (len + 16) & ~(size_t)15; /* keeps the chunk 16-byte aligned */
    char *copy = mt_arena_alloc(a, copy_size + chunk);
    memcpy(copy, src, len);
    X.next = copy + copy_size;
    X.end = X.next + chunk;
    split_into(&X, src, copy, len, 0, 0, false, &out->error);
    size_t n = X.cmds.len;
    out->cmds = bump_alloc(&X, (n + 1) * sizeof(sh_cmd), 16); /* zeroed: the last stays so */
    if (n)
        memcpy(out->cmds, X.cmds.items, n * sizeof(sh_cmd));
    for (size_t k = 0; k < n; k++) {
        if (out->cmds[k].sep == SH_SEP_PIPE || out->cmds[k].piped_in)
            out->has_pipe = true;
    }
    out->ncmds = n;
    stack_free(&X.cmds);
    stack_free(&X.words);
    stack_free(&X.assigns);
    stack_free(&X.redirs);
    stack_free(&X.buf);
}

/* ---- queries ---- */

const char *sh_cmd_name_uncached(const sh_cmd *c)
{
    if (c->nwords == 0)
        return "";
    return base_name(c->words[c->argi].value);
}

sh_prog sh_cmd_prog_uncached(const sh_cmd *c)
{
    return sh_prog_of(sh_cmd_name_uncached(c));
}

/* w is opt, or opt is a --long option and w is opt=value. */
static inline bool opt_matches(const char *w, const char *opt)
{
    if (w[0] != opt[0])
        return false;
    if (!opt[0])
        return true; /* both "" */
    size_t i = 1;
    while (opt[i] && w[i] == opt[i])
        i++;
    if (opt[i])
        return false;
    return w[i] == '\0' || (w[i] == '=' && opt[0] == '-' && opt[1] == '-');
}

bool sh_cmd_has_any(const sh_cmd *c, const char *const *opts)
{
    /* The set of the options' first bytes: a word that starts with none of
     * them matches none (most words are names, most options start with
     * '-'), so only the others are compared with the list. */
    uint64_t first[4] = {0, 0, 0, 0};
    for (const char *const *o = opts; *o; o++) {
        unsigned char f = (unsigned char)(*o)[0];
        first[f >> 6] |= (uint64_t)1 << (f & 63);
    }
    for (size_t i = c->argi + 1; i < c->nwords; i++) {
        const char *w = c->words[i].value;
        unsigned char f = (unsigned char)w[0];
        if (!(first[f >> 6] >> (f & 63) & 1))
            continue;
        for (const char *const *o = opts; *o; o++) {
            if (opt_matches(w, *o))
                return true;
        }
    }
    return false;
}

bool sh_cmd_has_short(const sh_cmd *c, char letter)
{
    for (size_t i = c->argi + 1; i < c->nwords; i++) {
        const char *w = c->words[i].value;
        if (w[0] != '-' || w[1] == '\0')
            continue;
        if (w[1] == '-') {
            if (w[2] == '\0')
                break; /* -- */
            continue;
        }
        for (const char *p = w + 1; cc_alpha(*p); p++) {
            if (*p == letter)
                return true;
        }
    }
    return false;
}

const char *sh_cmd_opt_value(const sh_cmd *c, char shortopt, const char *longopt)
{
    size_t n = c->nwords;
    size_t ll = longopt ? strlen(longopt) : 0;
    for (size_t i = c->argi + 1; i < n; i++) {
        const char *w = c->words[i].value;
        if (is_dashdash(w))
            break;
        if (ll && w[0] == longopt[0] && strncmp(w, longopt, ll) == 0) {
            if (w[ll] == '=')
                return w + ll + 1;
            if (w[ll] == '\0')
                return i + 1 < n ? c->words[i + 1].value : "";
        }
        if (shortopt && w[0] == '-' && w[1] && w[1] != '-') {
            /* -o v, -ov, and clusters of flags ending in it: -sSo v */
            for (const char *p = w + 1; *p; p++) {
                if (*p == shortopt) {
                    if (p[1])
                        return p + 1;
                    return i + 1 < n ? c->words[i + 1].value : "";
                }
                if (!cc_alpha(*p))
                    break;
            }
        }
    }
    return NULL;
}

size_t sh_cmd_next_positional_scan(const sh_cmd *c, size_t from, const char *const *with_value)
{
    size_t n = sh_cmd_argc(c);
    if (n == 0)
        return 0;
    const sh_word *args = c->words + c->argi;
    size_t dashdash = n; /* after `--` every word is positional */
    if (sh_cmd_cached(c)) {
        if (c->dashdash < c->nwords)
            dashdash = c->dashdash - c->argi;
    } else {
        for (size_t i = 1; i < n; i++) {
            if (is_dashdash(args[i].value)) {
                dashdash = i;
                break;
            }
        }
    }
    for (size_t i = from + 1; i < n; i++) {
        const char *w = args[i].value;
        if (i > dashdash)
            return i;
        if (i == dashdash)
            continue;
        if (w[0] == '-' && w[1]) {
            if (with_value && one_of(w, with_value) && !strchr(w, '='))
                i++;
            continue;
        }
        return i;
    }
    return 0;
}
