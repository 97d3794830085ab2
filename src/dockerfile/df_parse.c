/* df_parse.c — see df_parse.h. Follows the Dockerfile reference and what
 * BuildKit's parser does: its line-continuation rule, its directive rule,
 * its heredoc-word rule, its JSON rule and its flag rule. */
#include "dockerfile/df_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct line {
    const char *s;
    size_t len;
} line;

typedef struct parser {
    mt_arena *a;
    df_file *f;
    line *lines;
    size_t nlines;
    size_t i; /* next line */
    mt_vec instrs, stages, comments, errors;
    bool spaced_heredoc; /* the last instruction wrote `<< EOF`, which is no heredoc */
} parser;

static const struct {
    const char *name;
    df_kind kind;
} kinds[] = {
    {"ADD", DF_ADD},         {"ARG", DF_ARG},
    {"CMD", DF_CMD},         {"COPY", DF_COPY},
    {"ENTRYPOINT", DF_ENTRYPOINT}, {"ENV", DF_ENV},
    {"EXPOSE", DF_EXPOSE},   {"FROM", DF_FROM},
    {"HEALTHCHECK", DF_HEALTHCHECK}, {"LABEL", DF_LABEL},
    {"MAINTAINER", DF_MAINTAINER}, {"ONBUILD", DF_ONBUILD},
    {"RUN", DF_RUN},         {"SHELL", DF_SHELL},
    {"STOPSIGNAL", DF_STOPSIGNAL}, {"USER", DF_USER},
    {"VOLUME", DF_VOLUME},   {"WORKDIR", DF_WORKDIR},
};

df_kind df_kind_from_name(const char *name)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(kinds); i++) {
        if (strcasecmp(name, kinds[i].name) == 0)
            return kinds[i].kind;
    }
    return DF_UNKNOWN;
}

const char *df_flag_get(const df_instr *in, const char *name)
{
    for (size_t i = 0; i < in->nflags; i++) {
        if (strcmp(in->flags[i].name, name) == 0)
            return in->flags[i].value ? in->flags[i].value : "";
    }
    return NULL;
}

/* Blanks that may follow a line-continuation character. */
static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Whitespace that separates words (ASCII part of Go's unicode.IsSpace). */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
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
    df_comment *c = mt_arena_alloc(p->a, sizeof(*c));
    c->line = (int)li + 1;
    c->col = (int)k + 1;
    k++; /* '#' */
    while (k < l->len && is_space(l->s[k]))
        k++;
    size_t end = l->len;
    while (end > k && is_space(l->s[end - 1]))
        end--;
    c->text = mt_arena_strndup(p->a, l->s + k, end > k ? end - k : 0);
    mt_vec_push(&p->comments, c);
}

/* ---- line splitting ---- */

/* Lines end at '\n' only (a lone '\r' is an ordinary byte, as for BuildKit);
 * '\r' before the '\n' is dropped, so CRLF files parse like LF files. */
static void split_lines(parser *p, const char *data, size_t len)
{
    size_t cap = 64, n = 0;
    line *ls = mt_xmalloc(cap * sizeof(*ls));
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(data + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - data) : len;
        if (n == cap) {
            cap *= 2;
            ls = mt_xrealloc(ls, cap * sizeof(*ls));
        }
        size_t e = end;
        while (e > start && data[e - 1] == '\r')
            e--;
        ls[n].s = data + start;
        ls[n].len = e - start;
        n++;
        start = end + 1;
    }
    p->lines = ls;
    p->nlines = n;
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

static void put_utf8(mt_buf *b, unsigned cp)
{
    if (cp < 0x80) {
        mt_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        mt_buf_putc(b, (char)(0xc0 | (cp >> 6)));
        mt_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        mt_buf_putc(b, (char)(0xe0 | (cp >> 12)));
        mt_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        mt_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
    } else {
        mt_buf_putc(b, (char)(0xf0 | (cp >> 18)));
        mt_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
        mt_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        mt_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
    }
}

/* A JSON string at p (on its opening quote). Appends the decoded text to
 * out (if not NULL) and returns the position after the closing quote, or
 * NULL if it is not a valid string. Surrogate pairs are combined; lone
 * surrogates become U+FFFD, as Go's decoder does. */
static const char *json_string(const char *p, mt_buf *out)
{
    p++;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p + 1;
        if (c < 0x20) /* end of input or a raw control character */
            return NULL;
        if (c != '\\') {
            if (out)
                mt_buf_putc(out, (char)c);
            p++;
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
            if (out)
                put_utf8(out, cp);
            p++;
            continue;
        }
        default:
            return NULL;
        }
        if (out)
            mt_buf_putc(out, lit);
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

/* Parses s as one JSON array. Only JSON_STRINGS fills argv/argc. */
static json_res parse_json_array(mt_arena *a, const char *s, char ***argv_out, size_t *argc_out)
{
    const char *p = json_ws(s);
    if (*p != '[')
        return JSON_NO;
    p = json_ws(p + 1);
    mt_vec items = {0};
    mt_buf b;
    mt_buf_init(&b);
    bool ok = false, strings = true;
    if (*p == ']') {
        p++;
        ok = true;
    } else {
        for (;;) {
            p = json_ws(p);
            if (*p == '"') {
                mt_buf_clear(&b);
                if (!(p = json_string(p, &b)))
                    break;
                mt_vec_push(&items, mt_arena_strndup(a, b.data ? b.data : "", b.len));
            } else {
                strings = false;
                if (!(p = json_value(p, 1)))
                    break;
            }
            p = json_ws(p);
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == ']') {
                p++;
                ok = true;
            }
            break;
        }
    }
    if (ok) {
        while (is_space(*p))
            p++;
        ok = *p == '\0';
    }
    json_res res = !ok ? JSON_NO : strings ? JSON_STRINGS : JSON_OTHER;
    if (res == JSON_STRINGS) {
        char **argv = mt_arena_alloc(a, (items.len + 1) * sizeof(char *));
        for (size_t k = 0; k < items.len; k++)
            argv[k] = items.items[k];
        *argv_out = argv;
        *argc_out = items.len;
    }
    mt_vec_free(&items);
    mt_buf_free(&b);
    return res;
}

/* ---- words ---- */

enum {
    W_STOP_EQ = 1,     /* an unquoted '=' ends the word (KEY=VALUE) */
    W_KEEP_DOLLAR = 2, /* a literal '$' (quoted or escaped) stays escaped for df_expand */
    W_TO_END = 4,      /* blanks do not end the word (legacy `ENV key value`) */
};

/* Reads one word at *pp the way BuildKit's word processing does: quotes
 * are removed, the escape character escapes the next character outside
 * quotes and `"`, `$` and itself inside double quotes, and nothing inside
 * single quotes. With W_KEEP_DOLLAR a '$' that must not expand is written
 * as escape+'$', which df_expand() turns back into '$'. */
static char *read_word(mt_arena *a, const char **pp, char esc, unsigned mode, mt_buf *tmp)
{
    const char *p = *pp;
    bool keep = mode & W_KEEP_DOLLAR;
    mt_buf_clear(tmp);
    while (*p) {
        if (!(mode & W_TO_END) && is_space(*p))
            break;
        if ((mode & W_STOP_EQ) && *p == '=')
            break;
        if (*p == esc) {
            if (!p[1]) { /* an escape at the end is dropped */
                p++;
                break;
            }
            if (p[1] == '$' && keep)
                mt_buf_putc(tmp, esc);
            mt_buf_putc(tmp, p[1]);
            p += 2;
        } else if (*p == '\'') {
            p++;
            while (*p && *p != '\'') {
                if (*p == '$' && keep)
                    mt_buf_putc(tmp, esc);
                mt_buf_putc(tmp, *p++);
            }
            if (*p)
                p++;
        } else if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == esc && (p[1] == '"' || p[1] == esc || p[1] == '$')) {
                    if (p[1] == '$' && keep)
                        mt_buf_putc(tmp, esc);
                    mt_buf_putc(tmp, p[1]);
                    p += 2;
                } else {
                    mt_buf_putc(tmp, *p++);
                }
            }
            if (*p)
                p++;
        } else {
            mt_buf_putc(tmp, *p++);
        }
    }
    *pp = p;
    return mt_arena_strndup(a, tmp->data ? tmp->data : "", tmp->len);
}

static void split_words(mt_arena *a, const char *s, char esc, unsigned mode, char ***argv_out,
                        size_t *argc_out)
{
    mt_vec words = {0};
    mt_buf tmp;
    mt_buf_init(&tmp);
    const char *p = s;
    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        mt_vec_push(&words, read_word(a, &p, esc, mode, &tmp));
    }
    char **argv = mt_arena_alloc(a, (words.len + 1) * sizeof(char *));
    for (size_t k = 0; k < words.len; k++)
        argv[k] = words.items[k];
    *argv_out = argv;
    *argc_out = words.len;
    mt_vec_free(&words);
    mt_buf_free(&tmp);
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
static void parse_kvs(parser *p, df_instr *in)
{
    char esc = p->f->escape;
    mt_vec kvs = {0};
    mt_buf tmp;
    mt_buf_init(&tmp);
    const char *s = in->args;
    while (is_space(*s))
        s++;
    bool legacy = false;
    if (in->kind != DF_ARG) {
        const char *q = s;
        read_word(p->a, &q, esc, W_STOP_EQ, &tmp);
        legacy = *q != '=';
    }
    if (legacy) {
        df_kv *kv = mt_arena_alloc(p->a, sizeof(*kv));
        kv->line = in->line;
        kv->key = read_word(p->a, &s, esc, 0, &tmp);
        while (is_space(*s))
            s++;
        if (*s) {
            kv->value = read_word(p->a, &s, esc, W_TO_END | W_KEEP_DOLLAR, &tmp);
        } else {
            kv->value = mt_arena_strdup(p->a, "");
            set_error(p, in, mt_arena_printf(p->a, "%s must have two arguments (KEY VALUE or KEY=VALUE)",
                                             in->keyword));
        }
        mt_vec_push(&kvs, kv);
    } else {
        while (*s) {
            while (is_space(*s))
                s++;
            if (!*s)
                break;
            df_kv *kv = mt_arena_alloc(p->a, sizeof(*kv));
            kv->line = in->line;
            kv->key = read_word(p->a, &s, esc, W_STOP_EQ, &tmp);
            if (*s == '=') {
                s++;
                kv->value = read_word(p->a, &s, esc, W_KEEP_DOLLAR, &tmp);
            } else if (in->kind != DF_ARG) {
                set_error(p, in, mt_arena_printf(p->a, "%s: '%s' has no value (want KEY=VALUE)",
                                                 in->keyword, kv->key));
            }
            if (!*kv->key)
                set_error(p, in, mt_arena_printf(p->a, "%s names can not be blank", in->keyword));
            mt_vec_push(&kvs, kv);
        }
    }
    in->kvs = mt_arena_alloc(p->a, (kvs.len + 1) * sizeof(df_kv));
    for (size_t k = 0; k < kvs.len; k++)
        in->kvs[k] = *(df_kv *)kvs.items[k];
    in->nkv = kvs.len;
    mt_vec_free(&kvs);
    mt_buf_free(&tmp);
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
 * character; a lone `--` ends them. Returns the rest of the arguments. */
static const char *parse_flags(parser *p, df_instr *in, const char *s)
{
    mt_vec flags = {0};
    mt_buf w;
    mt_buf_init(&w);
    for (;;) {
        while (is_space(*s))
            s++;
        if (s[0] != '-' || s[1] != '-')
            break;
        mt_buf_clear(&w);
        const char *q = s;
        while (*q && !is_space(*q)) {
            if (*q == '\'' || *q == '"') {
                char qc = *q++;
                while (*q && *q != qc) {
                    if (*q == '\\' && q[1])
                        q++;
                    mt_buf_putc(&w, *q++);
                }
                if (*q)
                    q++;
                continue;
            }
            if (*q == '\\' && q[1])
                q++;
            mt_buf_putc(&w, *q++);
        }
        s = q;
        if (w.len == 2 && w.data[0] == '-' && w.data[1] == '-') {
            while (is_space(*s))
                s++;
            break;
        }
        const char *body = w.data + 2;
        size_t blen = w.len - 2;
        const char *eq = memchr(body, '=', blen);
        df_flag *fp = mt_arena_alloc(p->a, sizeof(*fp));
        fp->name = mt_arena_strndup(p->a, body, eq ? (size_t)(eq - body) : blen);
        fp->value = eq ? mt_arena_strndup(p->a, eq + 1, blen - (size_t)(eq + 1 - body)) : NULL;
        if (flags.len < DF_MAX_FLAGS)
            mt_vec_push(&flags, fp);
        else
            set_error(p, in, mt_arena_printf(p->a, "%s: more than %d flags", in->keyword, DF_MAX_FLAGS));
    }
    in->flags = mt_arena_alloc(p->a, (flags.len + 1) * sizeof(df_flag));
    for (size_t k = 0; k < flags.len; k++)
        in->flags[k] = *(df_flag *)flags.items[k];
    in->nflags = flags.len;
    mt_vec_free(&flags);
    mt_buf_free(&w);
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
        double mul;
    } units[] = {{"ns", 1e-9},          {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"\xce\xbcs", 1e-6},
                 {"ms", 1e-3},          {"s", 1},     {"m", 60},           {"h", 3600}};
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
            size_t ul = strlen(units[u].unit);
            if (ul > best && strncmp(s, units[u].unit, ul) == 0) {
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
            if (strcmp(x->name, fl->name) == 0)
                d = x;
        }
        if (!d) {
            set_error(p, in, mt_arena_printf(p->a, "%s: unknown flag: --%s", in->keyword, fl->name));
            break;
        }
        if (d->type != 'm') {
            for (size_t j = 0; j < k; j++) {
                if (strcmp(in->flags[j].name, fl->name) == 0)
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

static void check_healthcheck(parser *p, df_instr *in)
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
    char **argv = NULL;
    size_t argc = 0;
    json_res jr = *rest == '[' ? parse_json_array(p->a, rest, &argv, &argc) : JSON_NO;
    if (jr == JSON_OTHER)
        set_error(p, in, "HEALTHCHECK CMD: a JSON array must hold strings only");
    else if (!*rest || (jr == JSON_STRINGS && argc == 0))
        set_error(p, in, "missing command after HEALTHCHECK CMD");
}

/* Fills an instruction from its logical line (keyword + arguments). */
static void parse_instruction_text(parser *p, df_instr *in, const char *text, bool nested)
{
    char esc = p->f->escape;
    const char *s = text;
    while (is_space(*s))
        s++;
    const char *kw = s;
    while (*s && !is_space(*s))
        s++;
    char *keyword = mt_arena_strndup(p->a, kw, (size_t)(s - kw));
    for (char *c = keyword; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    in->keyword = keyword;
    in->kind = df_kind_from_name(keyword);
    in->text = mt_arena_strdup(p->a, text);
    in->argv = mt_arena_alloc(p->a, sizeof(char *));
    while (is_space(*s))
        s++;
    if (in->kind == DF_UNKNOWN) {
        in->error = mt_arena_printf(p->a, "unknown instruction '%s'", keyword);
        in->flags = mt_arena_alloc(p->a, sizeof(df_flag));
        size_t rl = strlen(s);
        while (rl && is_space(s[rl - 1]))
            rl--;
        in->args = mt_arena_strndup(p->a, s, rl);
        return;
    }
    const char *rest = parse_flags(p, in, s);
    size_t rl = strlen(rest);
    while (rl && is_space(rest[rl - 1]))
        rl--;
    in->args = mt_arena_strndup(p->a, rest, rl);

    if (!*in->args) {
        set_error(p, in, mt_arena_printf(p->a, "%s requires at least one argument", keyword));
        if (in->kind == DF_ENV || in->kind == DF_LABEL || in->kind == DF_ARG)
            in->kvs = mt_arena_alloc(p->a, sizeof(df_kv));
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
        json_res jr = in->args[0] == '[' ? parse_json_array(p->a, in->args, &in->argv, &in->argc)
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
        split_words(p->a, in->args, esc, mode, &in->argv, &in->argc);
        break;
    }
    case DF_ENV:
    case DF_LABEL:
    case DF_ARG:
        split_words(p->a, in->args, esc, 0, &in->argv, &in->argc);
        parse_kvs(p, in);
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
        parse_instruction_text(p, sub, in->args, true);
        in->trigger = sub;
        break;
    }
    default:
        split_words(p->a, in->args, esc, mode, &in->argv, &in->argc);
        break;
    }
    if (in->kind == DF_HEALTHCHECK)
        check_healthcheck(p, in);
    else
        check_flags(p, in);
    if (in->kind == DF_FROM) {
        if (in->argc == 3 && strcasecmp(in->argv[1], "AS") == 0) {
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
    df_stage *st = mt_arena_alloc(p->a, sizeof(*st));
    st->index = (int)p->stages.len;
    st->from = in;
    st->first = st->last = index;
    st->parent = -1;
    st->image = in->argc >= 1 ? in->argv[0] : mt_arena_strdup(p->a, "");
    if (in->argc == 3 && strcasecmp(in->argv[1], "AS") == 0) {
        st->name = mt_arena_strdup(p->a, in->argv[2]);
        for (char *c = st->name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    }
    const char *plat = df_flag_get(in, "platform");
    st->platform = plat ? mt_arena_strdup(p->a, plat) : NULL;
    mt_vec_push(&p->stages, st);
}

/* BuildKit's continuation rule: the line goes on when its last non-blank
 * byte is the escape character, unless that is itself escaped (`\\`).
 * *take is how much of the line belongs to the instruction. */
static bool continues(const line *l, char esc, size_t *take)
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

static void parse_body(parser *p)
{
    df_file *f = p->f;
    mt_buf logical;
    mt_buf_init(&logical);
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
        if (p->instrs.len >= DF_MAX_INSTRUCTIONS) {
            add_error(p, (int)p->i + 1, 1, "too many instructions; the rest of the file is not read");
            break;
        }
        df_instr *in = mt_arena_alloc(p->a, sizeof(*in));
        in->line = (int)p->i + 1;
        in->col = (int)k + 1;
        in->stage = (int)p->stages.len - 1;
        mt_buf_clear(&logical);
        bool too_long = false;
        for (;;) {
            size_t take;
            bool cont = continues(&p->lines[p->i], f->escape, &take);
            if (logical.len + take > DF_MAX_LOGICAL_LINE)
                too_long = true;
            else
                mt_buf_put(&logical, p->lines[p->i].s, take);
            in->end_line = (int)p->i + 1;
            p->i++;
            if (!cont)
                break;
            /* Inside a continuation, comment lines and empty lines are
             * dropped. */
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
        parse_instruction_text(p, in, logical.data ? logical.data : "", false);
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
            mt_vec docs = {0};
            find_heredoc_markers(p, in->text, &docs);
            if (docs.len)
                read_heredoc_bodies(p, target, target == in ? NULL : in, &docs);
            else
                p->spaced_heredoc = has_spaced_marker(in->text);
            mt_vec_free(&docs);
        }
        if (in->kind == DF_FROM) {
            in->stage = (int)p->stages.len;
            new_stage(p, in, p->instrs.len);
        } else if (p->stages.len) {
            ((df_stage *)p->stages.items[p->stages.len - 1])->last = p->instrs.len;
        }
        mt_vec_push(&p->instrs, in);
    }
    mt_buf_free(&logical);
}

static void *vec_to_array(mt_arena *a, mt_vec *v, size_t *n)
{
    void **arr = mt_arena_alloc(a, (v->len + 1) * sizeof(void *));
    for (size_t k = 0; k < v->len; k++)
        arr[k] = v->items[k];
    *n = v->len;
    mt_vec_free(v);
    return arr;
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
    return strncmp(kv->key, name, len) == 0 && kv->key[len] == '\0';
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
        h ^= (unsigned char)tolower((unsigned char)*s);
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
    int *slots = mt_xmalloc(cap * sizeof(int));
    for (size_t k = 0; k < cap; k++)
        slots[k] = -1;
    for (size_t k = 0; k < f->nstages; k++) {
        df_stage *st = f->stages[k];
        bool unresolved = false;
        char *img = df_expand_at(f, st->first, p->a, st->image, &unresolved);
        st->image_resolved = unresolved ? NULL : img;
        if (st->image_resolved) {
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
        }
    }
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
    parser p = {.a = a, .f = out};
    split_lines(&p, data, len);
    out->nlines = (int)p.nlines;
    parse_directives(&p);
    parse_body(&p);
    out->instrs = vec_to_array(a, &p.instrs, &out->ninstrs);
    out->stages = vec_to_array(a, &p.stages, &out->nstages);
    size_t n;
    df_comment **cs = vec_to_array(a, &p.comments, &n);
    out->comments = mt_arena_alloc(a, (n + 1) * sizeof(df_comment));
    for (size_t k = 0; k < n; k++)
        out->comments[k] = *cs[k];
    out->ncomments = n;
    df_error **es = vec_to_array(a, &p.errors, &n);
    out->errors = mt_arena_alloc(a, (n + 1) * sizeof(df_error));
    for (size_t k = 0; k < n; k++)
        out->errors[k] = *es[k];
    out->nerrors = n;
    free(p.lines);
    resolve_stages(&p);
}

/* ---- expansion ---- */

static bool var_char(char c, bool first)
{
    return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

static void expand_into(mt_buf *out, const char *s, size_t n, char esc, df_lookup_fn lookup,
                        void *ud, bool *unresolved, int depth)
{
    if (depth > 8) {
        *unresolved = true;
        return;
    }
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == esc && i + 1 < n && s[i + 1] == '$') {
            mt_buf_putc(out, '$');
            i += 2;
            continue;
        }
        if (c != '$' || i + 1 >= n) {
            mt_buf_putc(out, c);
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
                mt_buf_put(out, s + i, n - i);
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
                        mt_buf_puts(out, val);
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
                            mt_buf_puts(out, val);
                        else
                            expand_into(out, word, wlen, esc, lookup, ud, unresolved, depth + 1);
                    } else if (kind == '+') {
                        if (set)
                            expand_into(out, word, wlen, esc, lookup, ud, unresolved, depth + 1);
                    } else { /* '?': an error at build time when unset */
                        if (set)
                            mt_buf_puts(out, val);
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
                mt_buf_puts(out, val);
            else
                *unresolved = true;
            i = ne;
            continue;
        }
        mt_buf_putc(out, c);
        i++;
    }
}

char *df_expand(mt_arena *a, const char *s, char escape, df_lookup_fn lookup, void *ud,
                bool *unresolved)
{
    mt_buf out;
    mt_buf_init(&out);
    bool unres = false;
    expand_into(&out, s, strlen(s), escape, lookup, ud, &unres, 0);
    char *r = mt_arena_strndup(a, out.data ? out.data : "", out.len);
    mt_buf_free(&out);
    if (unresolved)
        *unresolved = unres;
    return r;
}
