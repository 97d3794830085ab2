/* sh_split.c — see sh_split.h. */
#include "dockerfile/sh_split.h"

#include <ctype.h>
#include <string.h>

#define SH_MAX_PENDING 8 /* here-documents opened on one line */
#define SH_MAX_CASE 16   /* nested case statements tracked */

typedef struct lexer {
    mt_arena *a;
    const char *s;
    size_t n, i;
    int depth;           /* depth of this script's top-level commands */
    int level;           /* recursion: substitutions and sh -c bodies */
    int nest;            /* open ( ) and { } groups */
    bool substituted;
    bool outer;          /* reading the text an inner `sh -c` receives: the
                            substitutions were run by the outer shell */
    mt_vec *cmds;        /* sh_cmd* */
    sh_cmd *last;        /* the last command this script emitted */
    const char **error;
    /* pending here-document delimiters for the current line */
    char *pending[SH_MAX_PENDING];
    bool pending_strip[SH_MAX_PENDING];
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

static void split_into(mt_arena *a, const char *src, size_t len, int depth, int level,
                       bool substituted, mt_vec *cmds, const char **error);

/* Splits the text of a substitution as nested commands. */
static void split_sub(lexer *L, size_t from, size_t to)
{
    if (L->level < SH_MAX_DEPTH && to > from)
        split_into(L->a, L->s + from, to - from, L->depth + L->nest + 1, L->level + 1, true,
                   L->cmds, L->error);
}

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

/* A $( ) or backquote substitution from L->i to `close` (its closing
 * character, or n), whose text is [from, close): its commands are split
 * (unless `split` is false: arithmetic) and the word keeps its text; when
 * reading an `sh -c` body, "$_" stands for the output instead, which the
 * inner shell sees as a dynamic word. */
static void substitution(lexer *L, mt_buf *val, sh_word *w, size_t from, size_t close, bool split)
{
    size_t end = close < L->n ? close + 1 : L->n;
    if (L->outer) {
        mt_buf_puts(val, "$_");
    } else {
        if (split)
            split_sub(L, from, close);
        mt_buf_put(val, L->s + L->i, end - L->i);
    }
    w->dynamic = true;
    L->i = end;
}

static bool is_op_char(char c)
{
    return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

/* Reads one word at L->i into w. Returns false if no word starts here. */
static bool read_word(lexer *L, sh_word *w)
{
    mt_buf val;
    mt_buf_init(&val);
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
            w->quoted = true;
            if (L->i + 1 < L->n) {
                mt_buf_putc(&val, L->s[L->i + 1]);
                L->i += 2;
            } else {
                mt_buf_putc(&val, '\\'); /* a backslash at the very end stays */
                L->i++;
            }
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
                char e = peek(L, 1);
                if (d == '\\' && (e == '$' || e == '`' || e == '"' || e == '\\' || e == '\n')) {
                    if (e != '\n')
                        mt_buf_putc(&val, e);
                    L->i += 2;
                    continue;
                }
                if (d == '$' && e == '(') {
                    size_t open = L->i + 2;
                    /* $(( )) is arithmetic */
                    substitution(L, &val, w, open, skip_paren(L->s, L->n, open), peek(L, 2) != '(');
                    continue;
                }
                if (d == '`') {
                    substitution(L, &val, w, L->i + 1, skip_backquote(L->s, L->n, L->i + 1), true);
                    continue;
                }
                if (d == '$' && e && (isalnum((unsigned char)e) || strchr("_@*#?$!-{", e)))
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
            if (at_end(L))
                *L->error = "unterminated $'...' quote";
            else
                L->i++;
            continue;
        }
        if (c == '$' && peek(L, 1) == '(') {
            size_t open = L->i + 2;
            substitution(L, &val, w, open, skip_paren(L->s, L->n, open), peek(L, 2) != '(');
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
            substitution(L, &val, w, L->i + 1, skip_backquote(L->s, L->n, L->i + 1), true);
            continue;
        }
        char e = peek(L, 1);
        if (c == '$' && e && (isalnum((unsigned char)e) || strchr("_@*#?$!-", e)))
            w->dynamic = true;
        mt_buf_putc(&val, c);
        L->i++;
    }
    if (any) {
        w->value = mt_arena_strndup(L->a, val.data ? val.data : "", val.len);
        w->raw = mt_arena_strndup(L->a, L->s + start, L->i - start);
    }
    mt_buf_free(&val);
    return any;
}

static bool is_name_assignment(const char *r)
{
    if (!(isalpha((unsigned char)*r) || *r == '_'))
        return false;
    while (isalnum((unsigned char)*r) || *r == '_')
        r++;
    return *r == '=';
}

static bool is_assignment(const sh_word *w)
{
    return is_name_assignment(w->raw);
}

static const char *const keywords[] = {"if", "then", "else", "elif", "fi", "do",
                                       "done", "while", "until", "!", "esac", NULL};

static bool one_of(const char *s, const char *const *list)
{
    for (const char *const *k = list; *k; k++) {
        if (strcmp(s, *k) == 0)
            return true;
    }
    return false;
}

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

static const wrapper wrappers[] = {
    {"sudo", "ugCchprTDRU", sudo_long, true, 0},
    {"doas", "uC", none_long, false, 0},
    {"env", "uCS", env_long, true, 0},
    {"nice", "n", nice_long, false, 0},
    {"nohup", "", none_long, false, 0},
    {"time", "fo", none_long, false, 0},
    {"command", "", none_long, false, 0},
    {"exec", "a", none_long, false, 0},
    {"stdbuf", "ioe", none_long, false, 0},
    {"ionice", "cnp", ionice_long, false, 0},
    {"timeout", "sk", timeout_long, false, 1},
};

/* Index of the real command behind wrappers such as `sudo -u x cmd`. */
static size_t find_argi(const sh_word *w, size_t n)
{
    size_t i = 0;
    for (int guard = 0; guard < 8 && i < n; guard++) {
        const char *b = mt_basename(w[i].value);
        const wrapper *wr = NULL;
        for (size_t k = 0; k < MT_ARRAY_LEN(wrappers); k++) {
            if (strcmp(b, wrappers[k].name) == 0)
                wr = &wrappers[k];
        }
        if (!wr)
            break;
        i++;
        int operands = wr->positionals;
        while (i < n) {
            const char *o = w[i].value;
            if (strcmp(o, "--") == 0) {
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
            } else if (strcmp(o, "-") == 0 && strcmp(wr->name, "env") == 0) {
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
    return i < n ? i : 0;
}

static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", NULL};

/* `sh -c 'script'`: index of the script word, or 0. The script is the
 * first operand after the options when -c is among them. */
static size_t shell_script_arg(const sh_cmd *c)
{
    if (c->nwords < c->argi + 3 || !one_of(mt_basename(c->words[c->argi].value), shells))
        return 0;
    bool cflag = false;
    for (size_t k = c->argi + 1; k < c->nwords; k++) {
        const char *o = c->words[k].value;
        if (strcmp(o, "--") == 0)
            return cflag && k + 1 < c->nwords ? k + 1 : 0;
        if ((o[0] == '-' || o[0] == '+') && o[1]) {
            if (o[1] == '-') { /* --login, --norc, --rcfile FILE */
                if (strcmp(o, "--rcfile") == 0 || strcmp(o, "--init-file") == 0)
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

static void emit(lexer *L, mt_vec *words, mt_vec *assigns, mt_vec *redirs, sh_sep sep,
                 bool piped_in)
{
    if (words->len == 0 && assigns->len == 0 && redirs->len == 0)
        return;
    if (L->cmds->len >= SH_MAX_COMMANDS) {
        *L->error = "too many commands";
        words->len = assigns->len = redirs->len = 0;
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
    c->depth = L->depth + L->nest;
    c->substituted = L->substituted;
    mt_vec_push(L->cmds, c);
    L->last = c;
    words->len = assigns->len = redirs->len = 0;
    /* sh -c 'script': split the script as well, as the inner shell gets
     * it: substitutions the outer shell ran (in "..." or unquoted) are not
     * listed twice. */
    size_t k = shell_script_arg(c);
    if (k && L->level < SH_MAX_DEPTH) {
        const char *raw = c->words[k].raw;
        const char *ignored = NULL;
        lexer B = {.a = L->a, .s = raw, .n = strlen(raw), .outer = true, .cmds = L->cmds,
                   .error = &ignored};
        sh_word body = {0};
        if (read_word(&B, &body))
            split_into(L->a, body.value, strlen(body.value), c->depth + 1, L->level + 1,
                       L->substituted, L->cmds, L->error);
    }
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
    while (!at_end(L) && (L->s[L->i] == ' ' || L->s[L->i] == '\t'))
        L->i++;
}

/* Reads a redirection at L->i: [n]op target. Here-documents are queued so
 * their bodies are skipped at the end of the line. */
static sh_redir *read_redirect(lexer *L)
{
    size_t os = L->i;
    if (isdigit((unsigned char)L->s[L->i]) || L->s[L->i] == '&')
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
    sh_redir *r = mt_arena_alloc(L->a, sizeof(*r));
    r->op = mt_arena_strndup(L->a, L->s + os, L->i - os);
    skip_blanks(L);
    sh_word t = {0};
    r->target = read_word(L, &t) ? t.value : mt_arena_strdup(L->a, "");
    if (heredoc && *r->target && L->npending < SH_MAX_PENDING) {
        L->pending[L->npending] = r->target;
        L->pending_strip[L->npending] = strip;
        L->npending++;
    }
    return r;
}

enum { CASE_PATTERN, CASE_BODY };

static void split_into(mt_arena *a, const char *src, size_t len, int depth, int level,
                       bool substituted, mt_vec *cmds, const char **error)
{
    lexer L = {.a = a, .s = src, .n = len, .depth = depth, .level = level,
               .substituted = substituted, .cmds = cmds, .error = error};
    mt_vec words = {0}, assigns = {0}, redirs = {0};
    bool piped = false;
    bool for_header = false; /* inside `for x in ...` up to `do` */
    bool after_group = false; /* just after `)`, `}`, `done`, `fi` or `esac` */
    char cases[SH_MAX_CASE];
    int ncase = 0;
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
        if (c == '#') { /* '#' at the start of a token: a comment */
            while (!at_end(&L) && L.s[L.i] != '\n')
                L.i++;
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
            sh_word pw = {0};
            if (!read_word(&L, &pw)) {
                L.i++;
                continue;
            }
            if (!pw.quoted && strcmp(pw.value, "esac") == 0) {
                ncase--;
                after_group = true;
            }
            continue;
        }
        if (c == '(' && peek(&L, 1) == '(' && words.len == 0 && assigns.len == 0) {
            /* (( arithmetic )) */
            size_t close = skip_paren(L.s, L.n, L.i + 2);
            if (close + 1 < L.n && L.s[close + 1] == ')') {
                L.i = close + 2;
                continue;
            }
        }
        if (c == '(' && words.len == 1 && assigns.len == 0 && !for_header) {
            /* name() { ...; }: a function definition, not a command */
            size_t j = L.i + 1;
            while (j < L.n && (L.s[j] == ' ' || L.s[j] == '\t'))
                j++;
            if (j < L.n && L.s[j] == ')') {
                words.len = 0;
                L.i = j + 1;
                continue;
            }
        }
        if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
            sh_sep sep = SH_SEP_SEMI;
            size_t adv = 1;
            bool case_item_end = false;
            if (c == '&' && peek(&L, 1) == '>') {
                mt_vec_push(&redirs, read_redirect(&L)); /* &> and &>> */
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
                words.len = assigns.len = redirs.len = 0;
            else if (after_group && L.last && sep != SH_SEP_SEMI && words.len == 0 &&
                     assigns.len == 0 && redirs.len == 0)
                L.last->sep = sep; /* `(a; b) | c`: what follows the group */
            else
                emit(&L, &words, &assigns, &redirs, sep, piped);
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
        if (c == '<' || c == '>' ||
            (isdigit((unsigned char)c) && (peek(&L, 1) == '>' || peek(&L, 1) == '<'))) {
            sh_redir *r = read_redirect(&L);
            /* `done < file`, `} > log`: the redirection is the compound
             * command's, not a command of its own */
            if (!(after_group && words.len == 0 && assigns.len == 0))
                mt_vec_push(&redirs, r);
            continue;
        }
        sh_word *w = mt_arena_alloc(L.a, sizeof(*w));
        if (!read_word(&L, w)) {
            L.i++; /* unexpected byte: skip it */
            continue;
        }
        after_group = false;
        if (words.len == 0 && assigns.len == 0 && !w->quoted) {
            const char *v = w->value;
            if (for_header) {
                if (strcmp(v, "do") == 0)
                    for_header = false;
                continue;
            }
            if (strcmp(v, "for") == 0 || strcmp(v, "select") == 0) {
                for_header = true;
                continue;
            }
            if (strcmp(v, "case") == 0) {
                /* skip `case WORD in` (substitutions in WORD still count) */
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
                if (ncase < SH_MAX_CASE)
                    cases[ncase++] = CASE_PATTERN;
                continue;
            }
            if (strcmp(v, "esac") == 0) {
                if (ncase)
                    ncase--;
                after_group = true;
                continue;
            }
            if (strcmp(v, "function") == 0) {
                /* function name [()] { ...; } */
                skip_blanks(&L);
                sh_word name = {0};
                read_word(&L, &name);
                skip_blanks(&L);
                if (peek(&L, 0) == '(') {
                    size_t j = L.i + 1;
                    while (j < L.n && (L.s[j] == ' ' || L.s[j] == '\t'))
                        j++;
                    if (j < L.n && L.s[j] == ')')
                        L.i = j + 1;
                }
                continue;
            }
            if (strcmp(v, "{") == 0) {
                L.nest++;
                continue;
            }
            if (strcmp(v, "}") == 0) {
                if (L.nest > 0)
                    L.nest--;
                after_group = true;
                continue;
            }
            if (one_of(v, keywords)) {
                after_group = strcmp(v, "done") == 0 || strcmp(v, "fi") == 0;
                continue;
            }
        }
        if (for_header)
            continue;
        if (words.len == 0 && is_assignment(w)) {
            mt_vec_push(&assigns, w);
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
    split_into(a, src, len, 0, 0, false, &cmds, &out->error);
    out->cmds = mt_arena_alloc(a, (cmds.len + 1) * sizeof(sh_cmd));
    for (size_t k = 0; k < cmds.len; k++) {
        out->cmds[k] = *(sh_cmd *)cmds.items[k];
        if (out->cmds[k].sep == SH_SEP_PIPE || out->cmds[k].piped_in)
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
    return mt_basename(c->words[c->argi].value);
}

size_t sh_cmd_argc(const sh_cmd *c)
{
    return c->nwords > c->argi ? c->nwords - c->argi : 0;
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
        if (strcmp(w, "--") == 0)
            break;
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
    size_t ll = longopt ? strlen(longopt) : 0;
    for (size_t i = 1; i < n; i++) {
        const char *w = sh_cmd_arg(c, i);
        if (strcmp(w, "--") == 0)
            break;
        if (ll && strncmp(w, longopt, ll) == 0) {
            if (w[ll] == '=')
                return w + ll + 1;
            if (w[ll] == '\0')
                return i + 1 < n ? sh_cmd_arg(c, i + 1) : "";
        }
        if (shortopt && w[0] == '-' && w[1] && w[1] != '-') {
            /* -o v, -ov, and clusters of flags ending in it: -sSo v */
            for (const char *p = w + 1; *p; p++) {
                if (*p == shortopt) {
                    if (p[1])
                        return p + 1;
                    return i + 1 < n ? sh_cmd_arg(c, i + 1) : "";
                }
                if (!isalpha((unsigned char)*p))
                    break;
            }
        }
    }
    return NULL;
}

size_t sh_cmd_next_positional(const sh_cmd *c, size_t from, const char *const *with_value)
{
    size_t n = sh_cmd_argc(c);
    size_t dashdash = n; /* after `--` every word is positional */
    for (size_t i = 1; i < n; i++) {
        if (strcmp(sh_cmd_arg(c, i), "--") == 0) {
            dashdash = i;
            break;
        }
    }
    for (size_t i = from + 1; i < n; i++) {
        const char *w = sh_cmd_arg(c, i);
        if (i > dashdash)
            return i;
        if (i == dashdash)
            continue;
        if (w[0] == '-' && w[1]) {
            if (with_value && !strchr(w, '=') && one_of(w, with_value))
                i++;
            continue;
        }
        return i;
    }
    return 0;
}
