/* sh_split.c — see sh_split.h. */
#include "dockerfile/sh_split.h"

#include <ctype.h>
#include <string.h>

typedef struct lexer {
    mt_arena *a;
    const char *s;
    size_t n, i;
    int depth;
    bool substituted;
    mt_vec *cmds;        /* sh_cmd* */
    const char **error;
    /* pending here-document delimiters for the current line */
    char *pending[8];
    bool pending_strip[8];
    int npending;
} lexer;

static bool at_end(const lexer *L)
{
    return L->i >= L->n;
}

static char peek(const lexer *L, size_t off)
{
    return L->i + off < L->n ? L->s[L->i + off] : '\0';
}

static void split_into(mt_arena *a, const char *src, size_t len, int depth, bool substituted,
                       mt_vec *cmds, const char **error);

/* Skips a balanced $( ... ) starting after "$(" and returns the end index
 * (the closing paren) honouring quotes. */
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

static bool is_op_char(char c)
{
    return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

/* Reads one word at L->i into w. Returns false if no word starts here. */
static bool read_word(lexer *L, sh_word *w)
{
    mt_buf val, raw;
    mt_buf_init(&val);
    mt_buf_init(&raw);
    size_t start = L->i;
    bool any = false;
    while (!at_end(L)) {
        char c = L->s[L->i];
        if (c == ' ' || c == '\t' || c == '\n' || is_op_char(c))
            break;
        any = true;
        if (c == '\\') {
            if (peek(L, 1) == '\n') { /* line continuation */
                L->i += 2;
                continue;
            }
            if (L->i + 1 < L->n)
                mt_buf_putc(&val, L->s[L->i + 1]);
            w->quoted = true;
            L->i += 2;
            continue;
        }
        if (c == '\'') {
            w->quoted = true;
            L->i++;
            while (!at_end(L) && L->s[L->i] != '\'')
                mt_buf_putc(&val, L->s[L->i++]);
            if (at_end(L))
                *L->error = "unterminated single quote";
            else
                L->i++;
            continue;
        }
        if (c == '"') {
            w->quoted = true;
            L->i++;
            while (!at_end(L) && L->s[L->i] != '"') {
                char d = L->s[L->i];
                if (d == '\\' && L->i + 1 < L->n && strchr("$`\"\\\n", L->s[L->i + 1])) {
                    if (L->s[L->i + 1] != '\n')
                        mt_buf_putc(&val, L->s[L->i + 1]);
                    L->i += 2;
                    continue;
                }
                if (d == '$' && peek(L, 1) == '(') {
                    size_t open = L->i + 2;
                    size_t close = skip_paren(L->s, L->n, open);
                    if (L->depth < SH_MAX_DEPTH && peek(L, 2) != '(')
                        split_into(L->a, L->s + open, close - open, L->depth + 1, true, L->cmds,
                                   L->error);
                    w->dynamic = true;
                    size_t end = close < L->n ? close + 1 : L->n;
                    mt_buf_put(&val, L->s + L->i, end - L->i);
                    L->i = end;
                    continue;
                }
                if (d == '`') {
                    size_t j = L->i + 1;
                    while (j < L->n && L->s[j] != '`')
                        j++;
                    if (L->depth < SH_MAX_DEPTH)
                        split_into(L->a, L->s + L->i + 1, j - L->i - 1, L->depth + 1, true,
                                   L->cmds, L->error);
                    w->dynamic = true;
                    size_t end = j < L->n ? j + 1 : L->n;
                    mt_buf_put(&val, L->s + L->i, end - L->i);
                    L->i = end;
                    continue;
                }
                if (d == '$')
                    w->dynamic = true;
                mt_buf_putc(&val, d);
                L->i++;
            }
            if (at_end(L))
                *L->error = "unterminated double quote";
            else
                L->i++;
            continue;
        }
        if (c == '$' && peek(L, 1) == '\'') { /* $'...' */
            w->quoted = true;
            L->i += 2;
            while (!at_end(L) && L->s[L->i] != '\'') {
                if (L->s[L->i] == '\\' && L->i + 1 < L->n) {
                    char e = L->s[L->i + 1];
                    mt_buf_putc(&val, e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    L->i += 2;
                } else {
                    mt_buf_putc(&val, L->s[L->i++]);
                }
            }
            if (!at_end(L))
                L->i++;
            continue;
        }
        if (c == '$' && peek(L, 1) == '(') {
            size_t open = L->i + 2;
            size_t close = skip_paren(L->s, L->n, open);
            if (L->depth < SH_MAX_DEPTH && peek(L, 2) != '(')
                split_into(L->a, L->s + open, close - open, L->depth + 1, true, L->cmds, L->error);
            w->dynamic = true;
            size_t end = close < L->n ? close + 1 : L->n;
            mt_buf_put(&val, L->s + L->i, end - L->i);
            L->i = end;
            continue;
        }
        if (c == '$' && peek(L, 1) == '{') {
            size_t j = L->i + 2;
            while (j < L->n && L->s[j] != '}')
                j++;
            size_t end = j < L->n ? j + 1 : L->n;
            mt_buf_put(&val, L->s + L->i, end - L->i);
            w->dynamic = true;
            L->i = end;
            continue;
        }
        if (c == '`') {
            size_t j = L->i + 1;
            while (j < L->n && L->s[j] != '`')
                j++;
            if (L->depth < SH_MAX_DEPTH)
                split_into(L->a, L->s + L->i + 1, j - L->i - 1, L->depth + 1, true, L->cmds,
                           L->error);
            w->dynamic = true;
            size_t end = j < L->n ? j + 1 : L->n;
            mt_buf_put(&val, L->s + L->i, end - L->i);
            L->i = end;
            continue;
        }
        if (c == '$' && (isalnum((unsigned char)peek(L, 1)) || strchr("_@*#?$!-", peek(L, 1))))
            w->dynamic = true;
        mt_buf_putc(&val, c);
        L->i++;
    }
    if (any) {
        w->value = mt_arena_strndup(L->a, val.data ? val.data : "", val.len);
        mt_buf_put(&raw, L->s + start, L->i - start);
        w->raw = mt_arena_strndup(L->a, raw.data, raw.len);
    }
    mt_buf_free(&val);
    mt_buf_free(&raw);
    return any;
}

static bool is_assignment(const sh_word *w)
{
    const char *r = w->raw;
    if (!(isalpha((unsigned char)*r) || *r == '_'))
        return false;
    while (isalnum((unsigned char)*r) || *r == '_')
        r++;
    return *r == '=';
}

static const char *const keywords[] = {"if",   "then", "else", "elif", "fi", "do", "done",
                                       "while", "until", "!",   "{",    "}",  "esac"};

static bool is_keyword(const char *s)
{
    for (size_t k = 0; k < MT_ARRAY_LEN(keywords); k++) {
        if (strcmp(s, keywords[k]) == 0)
            return true;
    }
    return false;
}

static const char *base_of(const char *s)
{
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

/* Index of the real command behind wrappers such as `sudo -u x cmd`. */
static size_t find_argi(const sh_word *w, size_t n)
{
    size_t i = 0;
    for (int guard = 0; guard < 8 && i < n; guard++) {
        const char *b = base_of(w[i].value);
        if (strcmp(b, "sudo") == 0 || strcmp(b, "doas") == 0) {
            i++;
            while (i < n && w[i].value[0] == '-') {
                /* options of sudo that take a value */
                const char *o = w[i].value;
                bool takes = strlen(o) == 2 && strchr("ugCchprTD", o[1]);
                i += takes ? 2 : 1;
            }
        } else if (strcmp(b, "env") == 0) {
            i++;
            while (i < n && (w[i].value[0] == '-' || strchr(w[i].value, '=')))
                i++;
        } else if (strcmp(b, "nice") == 0 || strcmp(b, "nohup") == 0 || strcmp(b, "time") == 0 ||
                   strcmp(b, "command") == 0 || strcmp(b, "exec") == 0 ||
                   strcmp(b, "stdbuf") == 0 || strcmp(b, "ionice") == 0) {
            i++;
            while (i < n && w[i].value[0] == '-') {
                if ((strcmp(w[i].value, "-n") == 0 || strcmp(w[i].value, "-c") == 0) && i + 1 < n)
                    i++;
                i++;
            }
        } else {
            break;
        }
    }
    return i < n ? i : 0;
}

static void emit(lexer *L, mt_vec *words, mt_vec *assigns, mt_vec *redirs, sh_sep sep,
                 bool piped_in)
{
    if (words->len == 0 && assigns->len == 0 && redirs->len == 0)
        return;
    if (L->cmds->len >= SH_MAX_COMMANDS) {
        *L->error = "too many commands";
        return;
    }
    sh_cmd *c = mt_arena_alloc(L->a, sizeof(*c));
    c->words = mt_arena_alloc(L->a, (words->len + 1) * sizeof(sh_word));
    for (size_t k = 0; k < words->len; k++)
        c->words[k] = *(sh_word *)words->items[k];
    c->nwords = words->len;
    c->assigns = mt_arena_alloc(L->a, (assigns->len + 1) * sizeof(sh_word));
    for (size_t k = 0; k < assigns->len; k++)
        c->assigns[k] = *(sh_word *)assigns->items[k];
    c->nassigns = assigns->len;
    c->redirs = mt_arena_alloc(L->a, (redirs->len + 1) * sizeof(sh_redir));
    for (size_t k = 0; k < redirs->len; k++)
        c->redirs[k] = *(sh_redir *)redirs->items[k];
    c->nredirs = redirs->len;
    c->argi = find_argi(c->words, c->nwords);
    c->sep = sep;
    c->piped_in = piped_in;
    c->depth = L->depth;
    c->substituted = L->substituted;
    mt_vec_push(L->cmds, c);
    /* sh -c 'script': split the script as well. */
    if (c->nwords >= c->argi + 3 && L->depth < SH_MAX_DEPTH) {
        const char *nm = base_of(c->words[c->argi].value);
        if (!strcmp(nm, "sh") || !strcmp(nm, "bash") || !strcmp(nm, "ash") ||
            !strcmp(nm, "dash") || !strcmp(nm, "zsh")) {
            for (size_t k = c->argi + 1; k + 1 < c->nwords; k++) {
                const char *o = c->words[k].value;
                if (o[0] != '-')
                    break;
                if (strchr(o, 'c') && o[1] != '-') {
                    const char *body = c->words[k + 1].value;
                    split_into(L->a, body, strlen(body), L->depth + 1, L->substituted, L->cmds,
                               L->error);
                    break;
                }
            }
        }
    }
    words->len = assigns->len = redirs->len = 0;
}

/* After a newline: skip the bodies of here-documents opened on that line. */
static void skip_heredocs(lexer *L)
{
    for (int h = 0; h < L->npending; h++) {
        const char *delim = L->pending[h];
        size_t dl = strlen(delim);
        while (!at_end(L)) {
            size_t ls = L->i;
            while (L->i < L->n && L->s[L->i] != '\n')
                L->i++;
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
            if (len == dl && memcmp(line, delim, dl) == 0)
                break;
        }
    }
    L->npending = 0;
}

static void split_into(mt_arena *a, const char *src, size_t len, int depth, bool substituted,
                       mt_vec *cmds, const char **error)
{
    lexer L = {.a = a, .s = src, .n = len, .depth = depth, .substituted = substituted,
               .cmds = cmds, .error = error};
    mt_vec words = {0}, assigns = {0}, redirs = {0};
    bool piped = false;
    int skip_until_do = 0; /* inside `for x in ...` or `case ... in` header */
    int group_depth = 0;
    while (!at_end(&L)) {
        char c = L.s[L.i];
        if (c == ' ' || c == '\t' || c == '\r') {
            L.i++;
            continue;
        }
        if (c == '\\' && peek(&L, 1) == '\n') {
            L.i += 2;
            continue;
        }
        if (c == '#' && words.len == 0 && assigns.len == 0) {
            while (!at_end(&L) && L.s[L.i] != '\n')
                L.i++;
            continue;
        }
        if (c == '#' && L.i > 0 && (L.s[L.i - 1] == ' ' || L.s[L.i - 1] == '\t')) {
            while (!at_end(&L) && L.s[L.i] != '\n')
                L.i++;
            continue;
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
            sh_sep sep = SH_SEP_SEMI;
            size_t adv = 1;
            if (c == '&' && peek(&L, 1) == '&') {
                sep = SH_SEP_AND;
                adv = 2;
            } else if (c == '|' && peek(&L, 1) == '|') {
                sep = SH_SEP_OR;
                adv = 2;
            } else if (c == '|') {
                sep = SH_SEP_PIPE;
                adv = peek(&L, 1) == '&' ? 2 : 1;
            } else if (c == '&' && peek(&L, 1) == '>') {
                /* &> redirection */
                goto redirect;
            } else if (c == '&') {
                sep = SH_SEP_BG;
            } else if (c == ';' && peek(&L, 1) == ';') {
                adv = 2; /* ;; in case */
            }
            if (c == '(' || c == ')') {
                group_depth += c == '(' ? 1 : -1;
                if (c == ')' && skip_until_do == 2 && words.len) {
                    /* a case pattern: `pat)` */
                    words.len = 0;
                    L.i++;
                    continue;
                }
            }
            if (skip_until_do == 1 && (c == ';' || c == '\n')) {
                words.len = assigns.len = redirs.len = 0;
            } else {
                emit(&L, &words, &assigns, &redirs, sep, piped);
            }
            if (sep == SH_SEP_PIPE)
                piped = true;
            else if (c != '(' && c != ')')
                piped = false;
            L.i += adv;
            if (c == '\n' && L.npending)
                skip_heredocs(&L);
            continue;
        }
        if (c == '<' || c == '>' || (isdigit((unsigned char)c) && (peek(&L, 1) == '>' || peek(&L, 1) == '<'))) {
        redirect:;
            size_t os = L.i;
            if (isdigit((unsigned char)c) || c == '&')
                L.i++;
            char d = L.s[L.i];
            L.i++;
            bool heredoc = false, strip = false;
            if (d == '<' && peek(&L, 0) == '<') {
                L.i++;
                if (peek(&L, 0) == '<') {
                    L.i++; /* here-string */
                } else {
                    heredoc = true;
                    if (peek(&L, 0) == '-') {
                        strip = true;
                        L.i++;
                    }
                }
            } else if (peek(&L, 0) == '>' || peek(&L, 0) == '&' || peek(&L, 0) == '|') {
                L.i++;
            }
            sh_redir *r = mt_arena_alloc(L.a, sizeof(*r));
            r->op = mt_arena_strndup(L.a, L.s + os, L.i - os);
            while (!at_end(&L) && (L.s[L.i] == ' ' || L.s[L.i] == '\t'))
                L.i++;
            sh_word t = {0};
            if (read_word(&L, &t))
                r->target = t.value;
            else
                r->target = mt_arena_strdup(L.a, "");
            if (heredoc && L.npending < 8) {
                L.pending[L.npending] = r->target;
                L.pending_strip[L.npending] = strip;
                L.npending++;
            }
            mt_vec_push(&redirs, r);
            continue;
        }
        sh_word *w = mt_arena_alloc(L.a, sizeof(*w));
        if (!read_word(&L, w)) {
            L.i++; /* unexpected byte: skip it */
            continue;
        }
        if (words.len == 0 && !w->quoted) {
            if (skip_until_do == 1) {
                if (strcmp(w->value, "do") == 0 || strcmp(w->value, "in") == 0) {
                    if (strcmp(w->value, "do") == 0)
                        skip_until_do = 0;
                }
                continue;
            }
            if (strcmp(w->value, "for") == 0 || strcmp(w->value, "select") == 0) {
                skip_until_do = 1;
                continue;
            }
            if (strcmp(w->value, "case") == 0) {
                /* skip `case WORD in` */
                sh_word tmp = {0};
                while (!at_end(&L)) {
                    while (!at_end(&L) && (L.s[L.i] == ' ' || L.s[L.i] == '\t' || L.s[L.i] == '\n'))
                        L.i++;
                    if (!read_word(&L, &tmp)) {
                        if (!at_end(&L))
                            L.i++;
                        continue;
                    }
                    if (strcmp(tmp.value, "in") == 0)
                        break;
                }
                skip_until_do = 2;
                continue;
            }
            if (strcmp(w->value, "esac") == 0) {
                skip_until_do = 0;
                continue;
            }
            if (is_keyword(w->value))
                continue;
            if (assigns.len == 0 && is_assignment(w)) {
                mt_vec_push(&assigns, w);
                continue;
            }
        } else if (words.len == 0 && is_assignment(w)) {
            mt_vec_push(&assigns, w);
            continue;
        }
        if (words.len == 0 && assigns.len > 0 && is_assignment(w)) {
            mt_vec_push(&assigns, w);
            continue;
        }
        if (skip_until_do == 1) {
            continue;
        }
        mt_vec_push(&words, w);
    }
    emit(&L, &words, &assigns, &redirs, SH_SEP_END, piped);
    mt_vec_free(&words);
    mt_vec_free(&assigns);
    mt_vec_free(&redirs);
}

void sh_split(mt_arena *a, const char *src, size_t len, sh_script *out)
{
    memset(out, 0, sizeof(*out));
    mt_vec cmds = {0};
    split_into(a, src, len, 0, false, &cmds, &out->error);
    out->cmds = mt_arena_alloc(a, (cmds.len + 1) * sizeof(sh_cmd));
    for (size_t k = 0; k < cmds.len; k++) {
        out->cmds[k] = *(sh_cmd *)cmds.items[k];
        if (out->cmds[k].sep == SH_SEP_PIPE)
            out->has_pipe = true;
    }
    out->ncmds = cmds.len;
    mt_vec_free(&cmds);
}

/* ---- queries ---- */

const char *sh_cmd_name(const sh_cmd *c)
{
    if (c->nwords == 0)
        return "";
    return base_of(c->words[c->argi].value);
}

size_t sh_cmd_argc(const sh_cmd *c)
{
    return c->nwords - c->argi;
}

const char *sh_cmd_arg(const sh_cmd *c, size_t i)
{
    return c->argi + i < c->nwords ? c->words[c->argi + i].value : NULL;
}

bool sh_cmd_is(const sh_cmd *c, const char *name)
{
    return c->nwords > 0 && strcmp(sh_cmd_name(c), name) == 0;
}

bool sh_cmd_has_any(const sh_cmd *c, const char *const *opts)
{
    for (size_t i = 1; i < sh_cmd_argc(c); i++) {
        const char *w = sh_cmd_arg(c, i);
        for (const char *const *o = opts; *o; o++) {
            size_t ol = strlen(*o);
            if (strcmp(w, *o) == 0)
                return true;
            if ((*o)[0] == '-' && (*o)[1] == '-' && strncmp(w, *o, ol) == 0 && w[ol] == '=')
                return true;
        }
    }
    return false;
}

bool sh_cmd_has_short(const sh_cmd *c, char letter)
{
    for (size_t i = 1; i < sh_cmd_argc(c); i++) {
        const char *w = sh_cmd_arg(c, i);
        if (w[0] != '-' || w[1] == '-' || w[1] == '\0')
            continue;
        for (const char *p = w + 1; *p && isalpha((unsigned char)*p); p++) {
            if (*p == letter)
                return true;
        }
    }
    return false;
}

const char *sh_cmd_opt_value(const sh_cmd *c, char shortopt, const char *longopt)
{
    size_t n = sh_cmd_argc(c);
    for (size_t i = 1; i < n; i++) {
        const char *w = sh_cmd_arg(c, i);
        if (longopt) {
            size_t ll = strlen(longopt);
            if (strncmp(w, longopt, ll) == 0) {
                if (w[ll] == '=')
                    return w + ll + 1;
                if (w[ll] == '\0')
                    return i + 1 < n ? sh_cmd_arg(c, i + 1) : "";
            }
        }
        if (shortopt && w[0] == '-' && w[1] == shortopt) {
            if (w[2])
                return w + 2;
            return i + 1 < n ? sh_cmd_arg(c, i + 1) : "";
        }
    }
    return NULL;
}

size_t sh_cmd_next_positional(const sh_cmd *c, size_t from, const char *const *with_value)
{
    size_t n = sh_cmd_argc(c);
    for (size_t i = from + 1; i < n; i++) {
        const char *w = sh_cmd_arg(c, i);
        if (w[0] == '-' && w[1]) {
            if (with_value && !strchr(w, '=')) {
                for (const char *const *o = with_value; *o; o++) {
                    if (strcmp(w, *o) == 0) {
                        i++;
                        break;
                    }
                }
            }
            continue;
        }
        return i;
    }
    return 0;
}
