/* df_parse.c — see df_parse.h. Follows the Dockerfile reference and
 * BuildKit's documented behaviour. */
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

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
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
    while (k < l->len && is_blank(l->s[k]))
        k++;
    df_comment *c = mt_arena_alloc(p->a, sizeof(*c));
    c->line = (int)li + 1;
    c->col = (int)k + 1;
    k++; /* '#' */
    while (k < l->len && is_blank(l->s[k]))
        k++;
    size_t end = l->len;
    while (end > k && isspace((unsigned char)l->s[end - 1]))
        end--;
    c->text = mt_arena_strndup(p->a, l->s + k, end - k);
    mt_vec_push(&p->comments, c);
}

/* ---- line splitting ---- */

static void split_lines(parser *p, const char *data, size_t len)
{
    size_t cap = 64, n = 0;
    line *ls = mt_xmalloc(cap * sizeof(*ls));
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || data[i] == '\n' || data[i] == '\r') {
            if (i == len && start == len)
                break;
            if (n == cap) {
                cap *= 2;
                ls = mt_xrealloc(ls, cap * sizeof(*ls));
            }
            ls[n].s = data + start;
            ls[n].len = i - start;
            n++;
            if (i < len && data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
                i++;
            start = i + 1;
        }
    }
    p->lines = ls;
    p->nlines = n;
}

/* ---- parser directives ---- */

static void parse_directives(parser *p)
{
    df_file *f = p->f;
    bool seen_syntax = false, seen_escape = false;
    while (p->i < p->nlines) {
        const line *l = &p->lines[p->i];
        size_t k = 0;
        while (k < l->len && is_blank(l->s[k]))
            k++;
        if (k >= l->len || l->s[k] != '#')
            return;
        k++;
        while (k < l->len && is_blank(l->s[k]))
            k++;
        size_t ks = k;
        while (k < l->len && (isalnum((unsigned char)l->s[k]) || l->s[k] == '_'))
            k++;
        size_t ke = k;
        while (k < l->len && is_blank(l->s[k]))
            k++;
        if (ke == ks || k >= l->len || l->s[k] != '=')
            return; /* an ordinary comment ends the directives */
        k++;
        while (k < l->len && is_blank(l->s[k]))
            k++;
        size_t ve = l->len;
        while (ve > k && isspace((unsigned char)l->s[ve - 1]))
            ve--;
        char key[16];
        size_t kl = ke - ks < sizeof(key) - 1 ? ke - ks : sizeof(key) - 1;
        for (size_t j = 0; j < kl; j++)
            key[j] = (char)tolower((unsigned char)l->s[ks + j]);
        key[kl] = '\0';
        int lineno = (int)p->i + 1;
        if (strcmp(key, "syntax") == 0 && !seen_syntax) {
            seen_syntax = true;
            f->syntax = mt_arena_strndup(p->a, l->s + k, ve - k);
        } else if (strcmp(key, "escape") == 0 && !seen_escape) {
            seen_escape = true;
            if (ve - k == 1 && (l->s[k] == '\\' || l->s[k] == '`'))
                f->escape = l->s[k];
            else
                add_error(p, lineno, (int)k + 1,
                          "invalid escape directive: the escape character must be \\ or `");
        } else if (strcmp(key, "check") == 0) {
            /* BuildKit build-check configuration: accepted, not used. */
        } else {
            return; /* unknown directive: treated as a comment */
        }
        p->i++;
    }
}

/* ---- small lexers ---- */

/* Parses a JSON array of strings. Returns false if s is not exactly that. */
static bool parse_json_array(mt_arena *a, const char *s, char ***argv_out, size_t *argc_out)
{
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '[')
        return false;
    p++;
    mt_vec items = {0};
    mt_buf b;
    mt_buf_init(&b);
    bool ok = false;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == ']' && items.len == 0) {
            p++;
            ok = true;
            break;
        }
        if (*p != '"')
            break;
        p++;
        mt_buf_clear(&b);
        bool bad = false;
        while (*p && *p != '"') {
            unsigned char c = (unsigned char)*p;
            if (c < 0x20) {
                bad = true;
                break;
            }
            if (c != '\\') {
                mt_buf_putc(&b, (char)c);
                p++;
                continue;
            }
            p++;
            switch (*p) {
            case '"': mt_buf_putc(&b, '"'); break;
            case '\\': mt_buf_putc(&b, '\\'); break;
            case '/': mt_buf_putc(&b, '/'); break;
            case 'b': mt_buf_putc(&b, '\b'); break;
            case 'f': mt_buf_putc(&b, '\f'); break;
            case 'n': mt_buf_putc(&b, '\n'); break;
            case 'r': mt_buf_putc(&b, '\r'); break;
            case 't': mt_buf_putc(&b, '\t'); break;
            case 'u': {
                unsigned cp = 0;
                for (int k = 1; k <= 4; k++) {
                    char h = p[k];
                    if (!isxdigit((unsigned char)h)) {
                        bad = true;
                        break;
                    }
                    cp = cp * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
                }
                if (bad)
                    break;
                p += 4;
                if (cp < 0x80) {
                    mt_buf_putc(&b, (char)cp);
                } else if (cp < 0x800) {
                    mt_buf_putc(&b, (char)(0xc0 | (cp >> 6)));
                    mt_buf_putc(&b, (char)(0x80 | (cp & 0x3f)));
                } else {
                    mt_buf_putc(&b, (char)(0xe0 | (cp >> 12)));
                    mt_buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3f)));
                    mt_buf_putc(&b, (char)(0x80 | (cp & 0x3f)));
                }
                break;
            }
            default: bad = true; break;
            }
            if (bad)
                break;
            p++;
        }
        if (bad || *p != '"')
            break;
        p++;
        mt_vec_push(&items, mt_arena_strndup(a, b.data ? b.data : "", b.len));
        while (isspace((unsigned char)*p))
            p++;
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
    if (ok) {
        while (isspace((unsigned char)*p))
            p++;
        ok = *p == '\0';
    }
    if (ok) {
        char **argv = mt_arena_alloc(a, (items.len + 1) * sizeof(char *));
        for (size_t k = 0; k < items.len; k++)
            argv[k] = items.items[k];
        *argv_out = argv;
        *argc_out = items.len;
    }
    mt_vec_free(&items);
    mt_buf_free(&b);
    return ok;
}

/* Reads one word starting at *pp: quotes are removed and the escape
 * character escapes the next character (outside single quotes). When
 * stop_at_eq is set, an unquoted '=' ends the word (for key=value). */
static char *read_word(mt_arena *a, const char **pp, char esc, bool stop_at_eq, mt_buf *tmp)
{
    const char *p = *pp;
    mt_buf_clear(tmp);
    while (*p && !is_blank(*p) && !(stop_at_eq && *p == '=')) {
        if (*p == esc && p[1]) {
            mt_buf_putc(tmp, p[1]);
            p += 2;
        } else if (*p == '\'') {
            p++;
            while (*p && *p != '\'')
                mt_buf_putc(tmp, *p++);
            if (*p)
                p++;
        } else if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == esc && (p[1] == '"' || p[1] == esc)) {
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

static void split_words(mt_arena *a, const char *s, char esc, char ***argv_out, size_t *argc_out)
{
    mt_vec words = {0};
    mt_buf tmp;
    mt_buf_init(&tmp);
    const char *p = s;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (!*p)
            break;
        mt_vec_push(&words, read_word(a, &p, esc, false, &tmp));
    }
    char **argv = mt_arena_alloc(a, (words.len + 1) * sizeof(char *));
    for (size_t k = 0; k < words.len; k++)
        argv[k] = words.items[k];
    *argv_out = argv;
    *argc_out = words.len;
    mt_vec_free(&words);
    mt_buf_free(&tmp);
}

/* key=value pairs (ENV, LABEL, ARG), or the legacy `ENV key value` form. */
static void parse_kvs(parser *p, df_instr *in, char esc)
{
    mt_vec kvs = {0};
    mt_buf tmp;
    mt_buf_init(&tmp);
    const char *s = in->args;
    while (is_blank(*s))
        s++;
    /* Legacy form: first word has no '=' and more text follows. */
    const char *first_end = s;
    while (*first_end && !is_blank(*first_end) && *first_end != '=')
        first_end++;
    if (in->kind != DF_ARG && *first_end != '=' && *first_end) {
        df_kv *kv = mt_arena_alloc(p->a, sizeof(*kv));
        kv->key = mt_arena_strndup(p->a, s, (size_t)(first_end - s));
        const char *v = first_end;
        while (is_blank(*v))
            v++;
        kv->value = mt_arena_strdup(p->a, v);
        kv->line = in->line;
        mt_vec_push(&kvs, kv);
    } else {
        while (*s) {
            while (is_blank(*s))
                s++;
            if (!*s)
                break;
            df_kv *kv = mt_arena_alloc(p->a, sizeof(*kv));
            kv->line = in->line;
            kv->key = read_word(p->a, &s, esc, true, &tmp);
            if (*s == '=') {
                s++;
                kv->value = read_word(p->a, &s, esc, false, &tmp);
            } else if (in->kind != DF_ARG) {
                in->error = mt_arena_printf(p->a, "%s: '%s' has no value (want KEY=VALUE)",
                                            in->keyword, kv->key);
            }
            if (!*kv->key && !in->error)
                in->error = mt_arena_printf(p->a, "%s: empty key", in->keyword);
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

/* Leading --name[=value] flags. Returns the rest of the arguments. */
static const char *parse_flags(parser *p, df_instr *in, const char *s)
{
    mt_vec flags = {0};
    mt_buf tmp;
    mt_buf_init(&tmp);
    while (s[0] == '-' && s[1] == '-' && s[2] && !is_blank(s[2])) {
        const char *name = s + 2;
        const char *q = name;
        while (*q && *q != '=' && !is_blank(*q))
            q++;
        df_flag fl = {mt_arena_strndup(p->a, name, (size_t)(q - name)), NULL};
        if (*q == '=') {
            q++;
            fl.value = read_word(p->a, &q, p->f->escape, false, &tmp);
        }
        if (flags.len < DF_MAX_FLAGS) {
            df_flag *fp = mt_arena_alloc(p->a, sizeof(*fp));
            *fp = fl;
            mt_vec_push(&flags, fp);
        } else if (!in->error) {
            in->error = mt_arena_printf(p->a, "%s: more than %d flags", in->keyword, DF_MAX_FLAGS);
        }
        s = q;
        while (is_blank(*s))
            s++;
    }
    in->flags = mt_arena_alloc(p->a, (flags.len + 1) * sizeof(df_flag));
    for (size_t k = 0; k < flags.len; k++)
        in->flags[k] = *(df_flag *)flags.items[k];
    in->nflags = flags.len;
    mt_vec_free(&flags);
    mt_buf_free(&tmp);
    return s;
}

/* Finds heredoc markers (<<EOF, <<-EOF, <<"EOF", several per line) in the
 * shell-form arguments, outside quotes. */
static void find_heredoc_markers(parser *p, df_instr *in, mt_vec *out)
{
    const char *s = in->args;
    char quote = 0;
    for (size_t k = 0; s[k]; k++) {
        char c = s[k];
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (c == p->f->escape && s[k + 1]) {
            k++;
            continue;
        }
        if (c != '<' || s[k + 1] != '<' || s[k + 2] == '<')
            continue;
        if (k > 0 && s[k - 1] == '<')
            continue;
        size_t j = k + 2;
        bool strip = false;
        if (s[j] == '-') {
            strip = true;
            j++;
        }
        while (is_blank(s[j]))
            j++;
        mt_buf w;
        mt_buf_init(&w);
        bool quoted = false;
        char q = 0;
        while (s[j] && (q || (!is_blank(s[j]) && s[j] != '<' && s[j] != '>' && s[j] != ';' &&
                              s[j] != '|' && s[j] != '&'))) {
            if (!q && (s[j] == '"' || s[j] == '\'')) {
                q = s[j];
                quoted = true;
            } else if (q && s[j] == q) {
                q = 0;
            } else {
                mt_buf_putc(&w, s[j]);
            }
            j++;
        }
        if (w.len) {
            df_heredoc *h = mt_arena_alloc(p->a, sizeof(*h));
            h->word = mt_arena_strndup(p->a, w.data, w.len);
            h->strip_tabs = strip;
            h->quoted = quoted;
            mt_vec_push(out, h);
        }
        mt_buf_free(&w);
        k = j ? j - 1 : j;
    }
}

static void read_heredoc_bodies(parser *p, df_instr *in, mt_vec *docs)
{
    if (docs->len > DF_MAX_HEREDOCS) {
        in->error = mt_arena_printf(p->a, "%s: more than %d heredocs", in->keyword,
                                    DF_MAX_HEREDOCS);
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
            if (!in->error)
                in->error = mt_arena_printf(p->a, "heredoc <<%s is not terminated", h->word);
        }
        h->body = mt_arena_strndup(p->a, body.data ? body.data : "", body.len);
        in->heredocs[d] = *h;
        if (h->end_line > in->end_line)
            in->end_line = h->end_line;
    }
    mt_buf_free(&body);
}

/* Fills an instruction from its logical line (keyword + arguments). */
static void parse_instruction_text(parser *p, df_instr *in, const char *text, bool nested)
{
    const char *s = text;
    while (is_blank(*s))
        s++;
    const char *kw = s;
    while (*s && !is_blank(*s))
        s++;
    char *keyword = mt_arena_strndup(p->a, kw, (size_t)(s - kw));
    for (char *c = keyword; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    in->keyword = keyword;
    in->kind = df_kind_from_name(keyword);
    in->text = mt_arena_strdup(p->a, text);
    while (is_blank(*s))
        s++;
    if (in->kind == DF_UNKNOWN) {
        in->error = mt_arena_printf(p->a, "unknown instruction '%s'", keyword);
        in->args = mt_arena_strdup(p->a, s);
        return;
    }
    const char *rest = s;
    if (in->kind == DF_FROM || in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD ||
        in->kind == DF_HEALTHCHECK)
        rest = parse_flags(p, in, s);
    else
        in->flags = mt_arena_alloc(p->a, sizeof(df_flag));
    size_t rl = strlen(rest);
    while (rl && isspace((unsigned char)rest[rl - 1]))
        rl--;
    in->args = mt_arena_strndup(p->a, rest, rl);

    if (!*in->args && in->kind != DF_HEALTHCHECK) {
        in->error = mt_arena_printf(p->a, "%s requires at least one argument", keyword);
        in->argv = mt_arena_alloc(p->a, sizeof(char *));
        return;
    }
    switch (in->kind) {
    case DF_RUN:
    case DF_CMD:
    case DF_ENTRYPOINT:
    case DF_SHELL:
    case DF_COPY:
    case DF_ADD:
    case DF_VOLUME:
        if (in->args[0] == '[' && parse_json_array(p->a, in->args, &in->argv, &in->argc)) {
            in->json = true;
            break;
        }
        if (in->kind == DF_SHELL) {
            in->error = mt_arena_strdup(p->a, "SHELL requires its arguments in JSON form, "
                                              "e.g. SHELL [\"/bin/bash\", \"-c\"]");
        }
        split_words(p->a, in->args, p->f->escape, &in->argv, &in->argc);
        break;
    case DF_ENV:
    case DF_LABEL:
    case DF_ARG:
        split_words(p->a, in->args, p->f->escape, &in->argv, &in->argc);
        parse_kvs(p, in, p->f->escape);
        break;
    case DF_ONBUILD: {
        in->argv = mt_arena_alloc(p->a, sizeof(char *));
        if (nested) {
            in->error = mt_arena_strdup(p->a, "ONBUILD cannot be nested");
            break;
        }
        df_instr *sub = mt_arena_alloc(p->a, sizeof(*sub));
        sub->line = in->line;
        sub->end_line = in->end_line;
        sub->col = in->col;
        sub->stage = in->stage;
        parse_instruction_text(p, sub, in->args, true);
        in->trigger = sub;
        break;
    }
    default:
        split_words(p->a, in->args, p->f->escape, &in->argv, &in->argc);
        break;
    }
    if (in->kind == DF_FROM && !in->error) {
        if (!(in->argc == 1 || (in->argc == 3 && strcasecmp(in->argv[1], "AS") == 0)))
            in->error = mt_arena_strdup(p->a, "FROM takes an image and an optional 'AS name'");
    }
}

static void new_stage(parser *p, df_instr *in, size_t index)
{
    df_stage *st = mt_arena_alloc(p->a, sizeof(*st));
    st->index = (int)p->stages.len;
    st->from = in;
    st->first = st->last = index;
    st->parent = -1;
    st->image = in->argc >= 1 ? in->argv[0] : mt_arena_strdup(p->a, "");
    if (in->argc == 3 && !in->error) {
        st->name = mt_arena_strdup(p->a, in->argv[2]);
        for (char *c = st->name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    }
    const char *plat = df_flag_get(in, "platform");
    st->platform = plat ? mt_arena_strdup(p->a, plat) : NULL;
    mt_vec_push(&p->stages, st);
}

static void parse_body(parser *p)
{
    df_file *f = p->f;
    mt_buf logical;
    mt_buf_init(&logical);
    while (p->i < p->nlines) {
        const line *l = &p->lines[p->i];
        size_t k = 0;
        while (k < l->len && isspace((unsigned char)l->s[k]))
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
            const line *cur = &p->lines[p->i];
            size_t end = cur->len;
            while (end > 0 && is_blank(cur->s[end - 1]))
                end--;
            bool cont = end > 0 && cur->s[end - 1] == f->escape;
            size_t take = cont ? end - 1 : cur->len;
            if (logical.len + take > DF_MAX_LOGICAL_LINE)
                too_long = true;
            else
                mt_buf_put(&logical, cur->s, take);
            in->end_line = (int)p->i + 1;
            p->i++;
            if (!cont)
                break;
            /* Inside a continuation, comment lines and empty lines are
             * dropped. */
            while (p->i < p->nlines) {
                const line *nx = &p->lines[p->i];
                size_t m = 0;
                while (m < nx->len && isspace((unsigned char)nx->s[m]))
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
        if (too_long && !in->error)
            in->error = mt_arena_printf(p->a, "instruction longer than %u bytes; truncated",
                                        DF_MAX_LOGICAL_LINE);
        if ((in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD) && !in->json) {
            mt_vec docs = {0};
            find_heredoc_markers(p, in, &docs);
            if (docs.len)
                read_heredoc_bodies(p, in, &docs);
            else
                in->heredocs = NULL;
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

/* Global ARG lookup (before the first FROM), for FROM lines. */
static const char *global_arg(const df_file *f, const char *name, size_t len)
{
    const char *val = NULL;
    for (size_t k = 0; k < f->ninstrs; k++) {
        const df_instr *in = f->instrs[k];
        if (in->kind == DF_FROM)
            break;
        if (in->kind != DF_ARG)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            if (strlen(in->kvs[j].key) == len && memcmp(in->kvs[j].key, name, len) == 0)
                val = in->kvs[j].value;
        }
    }
    return val;
}

typedef struct var_ctx {
    const df_file *f;
    size_t at;
    mt_arena *a;
    int depth;
} var_ctx;

static const char *lookup_at(void *ud, const char *name, size_t len);

static const char *resolve_value(var_ctx *c, size_t def_at, const char *value)
{
    if (!value || !strchr(value, '$'))
        return value;
    if (c->depth > 16)
        return NULL;
    var_ctx inner = {c->f, def_at, c->a, c->depth + 1};
    bool unresolved = false;
    char *v = df_expand(c->a, value, c->f->escape, lookup_at, &inner, &unresolved);
    return unresolved ? NULL : v;
}

static const char *lookup_at(void *ud, const char *name, size_t len)
{
    var_ctx *c = ud;
    const df_file *f = c->f;
    if (c->at >= f->ninstrs)
        return NULL;
    const df_instr *cur = f->instrs[c->at];
    if (cur->stage < 0 || cur->kind == DF_FROM) {
        /* Global scope: the last ARG before this point. */
        for (size_t k = c->at; k-- > 0;) {
            const df_instr *in = f->instrs[k];
            if (in->kind != DF_ARG)
                continue;
            for (size_t j = in->nkv; j-- > 0;) {
                if (strlen(in->kvs[j].key) == len && memcmp(in->kvs[j].key, name, len) == 0)
                    return resolve_value(c, k, in->kvs[j].value);
            }
        }
        return NULL;
    }
    int stage = cur->stage;
    while (stage >= 0) {
        const df_stage *st = f->stages[stage];
        size_t limit = stage == cur->stage ? c->at : st->last + 1;
        for (size_t k = limit; k-- > st->first + 1;) {
            const df_instr *in = f->instrs[k];
            if (in->kind != DF_ARG && in->kind != DF_ENV)
                continue;
            for (size_t j = in->nkv; j-- > 0;) {
                if (strlen(in->kvs[j].key) != len || memcmp(in->kvs[j].key, name, len) != 0)
                    continue;
                if (in->kind == DF_ARG && !in->kvs[j].value) {
                    /* ARG NAME inside a stage takes the global default. */
                    const char *g = global_arg(f, name, len);
                    var_ctx gc = {f, st->first, c->a, c->depth + 1};
                    return g ? resolve_value(&gc, st->first, g) : NULL;
                }
                /* ARGs do not carry over into child stages; ENV does. */
                if (in->kind == DF_ARG && stage != cur->stage)
                    continue;
                return resolve_value(c, k, in->kvs[j].value);
            }
        }
        stage = st->parent;
        if (stage >= cur->stage)
            break;
    }
    return NULL;
}

const char *df_var_at(const df_file *f, size_t at, const char *name, size_t len, mt_arena *a)
{
    var_ctx c = {f, at, a, 0};
    return lookup_at(&c, name, len);
}

char *df_expand_at(const df_file *f, size_t at, mt_arena *a, const char *s, bool *unresolved)
{
    var_ctx c = {f, at, a, 0};
    return df_expand(a, s, f->escape, lookup_at, &c, unresolved);
}

static void resolve_stages(parser *p)
{
    df_file *f = p->f;
    for (size_t k = 0; k < f->nstages; k++) {
        df_stage *st = f->stages[k];
        size_t at = 0;
        for (size_t j = 0; j < f->ninstrs; j++) {
            if (f->instrs[j] == st->from) {
                at = j;
                break;
            }
        }
        bool unresolved = false;
        char *img = df_expand_at(f, at, p->a, st->image, &unresolved);
        st->image_resolved = unresolved ? NULL : img;
        if (!st->image_resolved)
            continue;
        for (size_t j = 0; j < k; j++) {
            if (f->stages[j]->name && strcasecmp(f->stages[j]->name, st->image_resolved) == 0)
                st->parent = (int)j;
        }
    }
}

void df_parse(mt_arena *a, const char *data, size_t len, df_file *out)
{
    memset(out, 0, sizeof(*out));
    out->escape = '\\';
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
                        void *ud, bool *unresolved, mt_arena *a, int depth)
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
            while (j < n && lvl) {
                if (s[j] == '{')
                    lvl++;
                else if (s[j] == '}')
                    lvl--;
                if (lvl)
                    j++;
            }
            if (j >= n) { /* unterminated: keep literally */
                mt_buf_put(out, s + i, n - i);
                return;
            }
            size_t ns = i + 2, ne = ns;
            while (ne < j && var_char(s[ne], ne == ns))
                ne++;
            const char *val = ne > ns ? lookup(ud, s + ns, ne - ns) : NULL;
            const char *op = s + ne;
            size_t oplen = 0;
            if (ne < j) {
                if (s[ne] == ':' && ne + 1 < j && strchr("-+?", s[ne + 1]))
                    oplen = 2;
                else if (strchr("-+?", s[ne]))
                    oplen = 1;
            }
            const char *word = s + ne + oplen;
            size_t wlen = j - (ne + oplen);
            if (ne == ns || (ne < j && oplen == 0)) {
                /* ${#var}, ${var#pat}, ${var/a/b}, ...: not evaluated */
                *unresolved = true;
            } else if (oplen == 0) {
                if (val)
                    mt_buf_puts(out, val);
                else
                    *unresolved = true;
            } else {
                bool colon = oplen == 2;
                char kind = op[oplen - 1];
                bool set = val && (!colon || *val);
                if (kind == '-') {
                    /* An ARG without a default is empty at build time
                     * unless given, so the fallback is what Docker uses. */
                    if (set)
                        mt_buf_puts(out, val);
                    else
                        expand_into(out, word, wlen, esc, lookup, ud, unresolved, a, depth + 1);
                } else if (kind == '+') {
                    if (set)
                        expand_into(out, word, wlen, esc, lookup, ud, unresolved, a, depth + 1);
                    else if (!val)
                        *unresolved = true; /* might be set at build time */
                } else { /* '?' */
                    if (set)
                        mt_buf_puts(out, val);
                    else
                        *unresolved = true;
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
    expand_into(&out, s, strlen(s), escape, lookup, ud, &unres, a, 0);
    char *r = mt_arena_strndup(a, out.data ? out.data : "", out.len);
    mt_buf_free(&out);
    if (unresolved)
        *unresolved = unres;
    return r;
}
