/* rules.c — the secret scanner's rules: loading rule files (YAML),
 * building the ruleset and compiling it (PCRE2 + Vectorscan). See secret.h
 * for the API and engine.c for matching.
 *
 * Rule file format (rules/secrets.yaml, --secret-config FILE)
 * ------------------------------------------------------------
 * One YAML document (UTF-8; aliases are refused). Top level: a mapping with
 * at most the keys
 *   rules:      a sequence of rule mappings
 *   allowlist:  the global allowlist (adds to any loaded before)
 *   disable:    a sequence of rule IDs or aliases to remove
 * Inside one document the rules are added first, then the allowlist, then
 * `disable` is applied. A rule whose ID was loaded by an earlier document is
 * replaced whole; the same ID twice in one document is an error, and so is
 * a `disable` entry naming no rule. On any error nothing changes.
 *
 * Rule keys (unknown keys are errors):
 *   id            required; 1-64 of [A-Za-z0-9._-]
 *   title         required
 *   severity      required; critical, high, medium, low or info (any case)
 *   regex         required; at most SEC_MAX_REGEX bytes, the dialect below
 *   secret-group  capture group holding the secret; 0 (default) = the
 *                 whole match; at most the regex's number of groups. A
 *                 match whose group is unset or empty is dropped.
 *   keywords      strings (lower-cased); the whole match must contain one,
 *                 in any case; none = no keyword check
 *   entropy       minimum Shannon entropy of the secret, bits per byte, 0-8
 *   aliases       at most 3 peer rule IDs (gitleaks, Trivy)
 *   description, remediation   free text (empty = none)
 *   allowlist     this rule's allowlist
 * Allowlist keys (per rule and global):
 *   paths         globs (mt_glob_match) on the scanned path: the rule (every
 *                 rule, for the global list) is skipped for such a file
 *   regexes       PCRE2 regexes (any PCRE2 syntax) searched in the target; a
 *                 hit suppresses the finding
 *   regex-target  secret (default), match (the whole regex match) or line
 *                 (the line holding the secret, at most 512 bytes of it)
 *   stopwords     strings (lower-cased); a secret containing one, in any
 *                 case, is not reported
 * A finding must pass its rule's allowlist and the global one.
 *
 * Regex dialect: what PCRE2 (8-bit, no UTF: bytes and ASCII classes) and
 * Vectorscan both accept with the same meaning: literals and escapes,
 * classes (POSIX ones inside brackets too), \d \w \s and negations, `.`,
 * greedy and lazy quantifiers, capturing, non-capturing and named groups,
 * alternation, ^ $ \A \z \Z \b \B, the flags i m s x (leading or scoped).
 * Refused: \p \P \X \R \K \N \u \G \C \h \H \v \V, branch reset (?|,
 * (?U) (?J) (?^), recursion and subroutines, conditionals, callouts and
 * (*VERBS). Tolerated (PCRE2 applies them exactly; Vectorscan's prefilter
 * ignores them, loosening candidates only): lookahead, lookbehind (at most
 * SEC_CTX - 1 bytes), back-references, atomic groups, possessive
 * quantifiers. A regex must not match the empty string. The engine confirms
 * a candidate by searching the W bytes before its end, W = the regex's
 * longest match capped at SEC_WINDOW_MAX (8 KiB): longer matches are not
 * found whole. Avoid large bounded repeats ({64,8000}): Vectorscan compiles
 * them very slowly; write {64,} instead. */
#include <ctype.h>
#include <errno.h>
#include <libfyaml.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/yaml.h"
#include "secret/secret_int.h"

/* The shipped rules, generated at build time from rules/secrets.yaml. */
extern const char sec_builtin_yaml[];
extern const size_t sec_builtin_yaml_len;

#define SEC_MAX_TEXT 16384u /* title, description, remediation */
#define SEC_MAX_ID 64u

/* ---- rules and rulesets ---- */

static void srule_free(srule *r)
{
    if (!r)
        return;
    if (r->re)
        pcre2_code_free(r->re);
    for (size_t i = 0; r->allow_re && i < r->pub.allow.nregexes; i++)
        if (r->allow_re[i].code)
            pcre2_code_free(r->allow_re[i].code);
    mt_arena_free(&r->a);
    free(r);
}

sec_ruleset *sec_ruleset_new(void)
{
    sec_ruleset *rs = mt_xcalloc(1, sizeof(*rs));
    mt_arena_init(&rs->a);
    return rs;
}

void sec_ruleset_free(sec_ruleset *rs)
{
    if (!rs)
        return;
    free(rs->cache_dir);
    for (size_t i = 0; i < rs->rules.len; i++)
        srule_free(rs->rules.items[i]);
    for (size_t i = 0; i < rs->gregex.len; i++) {
        sec_allow_re *ar = rs->gregex.items[i];
        if (ar->code)
            pcre2_code_free(ar->code);
    }
    mt_vec_free(&rs->rules);
    mt_vec_free(&rs->gpaths);
    mt_vec_free(&rs->gstop);
    mt_vec_free(&rs->gregex);
    if (rs->scratch)
        hs_free_scratch(rs->scratch);
    if (rs->db)
        hs_free_database(rs->db);
    mt_arena_free(&rs->a);
    free(rs);
}

size_t sec_ruleset_count(const sec_ruleset *rs)
{
    return rs ? rs->rules.len : 0;
}

const sec_rule *sec_ruleset_rule(const sec_ruleset *rs, size_t i)
{
    if (!rs || i >= rs->rules.len)
        return NULL;
    return &((srule *)rs->rules.items[i])->pub;
}

/* Index of the rule with this ID (any case), or -1; *ins gets where it
 * would go. */
static long find_id(const mt_vec *rules, const char *id, size_t *ins)
{
    size_t lo = 0, hi = rules->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcasecmp(((srule *)rules->items[mid])->pub.meta.id, id);
        if (c == 0) {
            if (ins)
                *ins = mid;
            return (long)mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (ins)
        *ins = lo;
    return -1;
}

const sec_rule *sec_ruleset_find(const sec_ruleset *rs, const char *id_or_alias)
{
    if (!rs || !id_or_alias)
        return NULL;
    long i = find_id(&rs->rules, id_or_alias, NULL);
    if (i >= 0)
        return &((srule *)rs->rules.items[i])->pub;
    for (size_t k = 0; k < rs->rules.len; k++) {
        srule *r = rs->rules.items[k];
        if (mt_rule_matches(&r->pub.meta, id_or_alias))
            return &r->pub;
    }
    return NULL;
}

/* ---- loading: YAML helpers ---- */

typedef struct lctx {
    const char *origin;
    char *err;
    size_t errlen;
    bool failed;
    const char *src;  /* the document's text */
    size_t srclen;
    mt_arena tmp;     /* decoded single-quoted scalars */
} lctx;

/* 1-based line and column of node n (0 when unknown). */
static void node_pos(struct fy_node *n, int *line, int *col)
{
    *line = *col = 0;
    const struct fy_mark *m = mt_yaml_mark(n);
    if (!m)
        return;
    *line = m->line + 1;
    *col = m->column + 1;
    /* libfyaml marks a quoted scalar at its text, one past the quote, and
     * an alias at its name, one past the '*' */
    enum fy_node_style st = fy_node_get_type(n) == FYNT_SCALAR ? fy_node_get_style(n) : FYNS_ANY;
    if ((st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED || st == FYNS_ALIAS) && *col > 1)
        (*col)--;
}

/* Single-quoted scalars are decoded here from the source text, not by
 * libfyaml: its 0.7.12 leaks a buffer for a single-quoted scalar holding
 * four or more '' escapes (regexes often do: ["'']). The raw text sits
 * between the token's marks; '' is a quote, and line breaks fold (YAML 1.2
 * flow folding: one break is a space, n > 1 breaks are n - 1 newlines,
 * white space around breaks is dropped). */
static bool sq_raw(const lctx *c, struct fy_node *n, const char **raw, size_t *rawlen)
{
    if (!c->src || !n || fy_node_get_type(n) != FYNT_SCALAR ||
        fy_node_get_style(n) != FYNS_SINGLE_QUOTED)
        return false;
    struct fy_token *t = fy_node_get_scalar_token(n);
    const struct fy_mark *a = t ? fy_token_start_mark(t) : NULL;
    const struct fy_mark *b = t ? fy_token_end_mark(t) : NULL;
    if (!a || !b || a->input_pos < 1 || a->input_pos > b->input_pos || b->input_pos >= c->srclen ||
        c->src[a->input_pos - 1] != '\'' || c->src[b->input_pos] != '\'')
        return false;
    *raw = c->src + a->input_pos;
    *rawlen = b->input_pos - a->input_pos;
    return true;
}

/* Decodes raw (see above) into out, at most cap bytes; returns the whole
 * decoded length. */
static size_t sq_decode(const char *raw, size_t n, char *out, size_t cap)
{
    size_t o = 0, i = 0;
#define SQ_PUT(ch)                                                                             \
    do {                                                                                       \
        if (o < cap)                                                                           \
            out[o] = (ch);                                                                     \
        o++;                                                                                   \
    } while (0)
    while (i < n) {
        char ch = raw[i];
        if (ch == '\'' && i + 1 < n && raw[i + 1] == '\'') {
            SQ_PUT('\'');
            i += 2;
            continue;
        }
        if (ch != '\n' && ch != '\r') {
            /* white space before a break is dropped: look ahead */
            if (ch == ' ' || ch == '\t') {
                size_t j = i;
                while (j < n && (raw[j] == ' ' || raw[j] == '\t'))
                    j++;
                if (j < n && (raw[j] == '\n' || raw[j] == '\r')) {
                    i = j;
                    continue;
                }
            }
            SQ_PUT(ch);
            i++;
            continue;
        }
        /* a run of line breaks and the white space between them */
        size_t breaks = 0;
        while (i < n) {
            if (raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n')
                i++;
            if (raw[i] != '\n' && raw[i] != '\r')
                break;
            breaks++;
            i++;
            while (i < n && (raw[i] == ' ' || raw[i] == '\t'))
                i++;
        }
        if (breaks == 1)
            SQ_PUT(' ');
        else
            for (size_t k = 1; k < breaks; k++)
                SQ_PUT('\n');
    }
#undef SQ_PUT
    return o;
}

/* The text of scalar n (NULL for other nodes). */
static const char *text_of(lctx *c, struct fy_node *n, size_t *len)
{
    *len = 0;
    if (!n || fy_node_get_type(n) != FYNT_SCALAR)
        return NULL;
    const char *raw;
    size_t rawlen;
    if (sq_raw(c, n, &raw, &rawlen)) {
        char *out = mt_arena_alloc(&c->tmp, rawlen + 1);
        *len = sq_decode(raw, rawlen, out, rawlen);
        out[*len] = '\0';
        return out;
    }
    const char *s = fy_node_get_scalar(n, len);
    if (!s)
        *len = 0;
    return s ? s : "";
}

/* The first bytes of key k into buf (NUL-terminated); returns the whole
 * length, or (size_t)-1 if k is not a scalar. */
static size_t key_peek(lctx *c, struct fy_node *k, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!k || fy_node_get_type(k) != FYNT_SCALAR)
        return (size_t)-1;
    const char *raw;
    size_t rawlen, len;
    if (sq_raw(c, k, &raw, &rawlen)) {
        len = sq_decode(raw, rawlen, buf, cap - 1);
    } else {
        const char *s = fy_node_get_scalar(k, &len);
        if (!s)
            len = 0;
        memcpy(buf, s ? s : "", len < cap - 1 ? len : cap - 1);
    }
    buf[len < cap - 1 ? len : cap - 1] = '\0';
    return len;
}

static int fail(lctx *c, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(lctx *c, struct fy_node *n, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    if (!c->err || !c->errlen)
        return -1;
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line, col;
    node_pos(n, &line, &col);
    if (line)
        snprintf(c->err, c->errlen, "%s:%d:%d: %s", c->origin, line, col, msg);
    else
        snprintf(c->err, c->errlen, "%s: %s", c->origin, msg);
    return -1;
}

static int refuse_aliases(lctx *c, struct fy_node *n, int depth)
{
    bool deep = false;
    struct fy_node *bad = mt_yaml_first_alias(n, 64 - depth, &deep);
    if (!bad)
        return 0;
    return fail(c, bad, deep ? "nesting too deep" : "YAML aliases are not supported");
}


/* Where to point at value v of key k: the value when it has a position,
 * else the key. */
static struct fy_node *at(struct fy_node *v, struct fy_node *k)
{
    return v && mt_yaml_mark(v) ? v : k;
}

/* The text of scalar v (value of key k, named `what` in errors): no NUL,
 * 1..max bytes unless empty_ok. */
static int scalar(lctx *c, struct fy_node *v, struct fy_node *k, const char *what, size_t max,
                  bool empty_ok, const char **s, size_t *len)
{
    if (!v || fy_node_get_type(v) != FYNT_SCALAR)
        return fail(c, at(v, k), "%s: expected a scalar", what);
    *s = text_of(c, v, len);
    if (*len == 0 && !empty_ok)
        return fail(c, at(v, k), "%s: empty", what);
    if (*len > max)
        return fail(c, v, "%s: longer than %zu bytes", what, max);
    if (memchr(*s, '\0', *len))
        return fail(c, v, "%s: holds a NUL byte", what);
    return 0;
}

/* True when key k is `name`; *ks then points at the static name. */
static bool key_is(lctx *c, struct fy_node *k, const char *name, const char **ks)
{
    char buf[32];
    size_t len = key_peek(c, k, buf, sizeof(buf));
    *ks = name;
    return len == strlen(name) && strcmp(buf, name) == 0;
}

/* The key's text for "unknown key" messages (bounded, printable). */
static void key_text(lctx *c, struct fy_node *k, char *out, size_t n)
{
    char buf[72];
    size_t len = key_peek(c, k, buf, sizeof(buf));
    if (len == (size_t)-1)
        len = 0;
    size_t j = 0;
    for (size_t i = 0; i < len && i < 64 && j + 1 < n; i++)
        out[j++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? buf[i] : '?';
    out[j] = '\0';
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* A sequence of strings (a null value = none) copied into arena a. */
static int strlist(lctx *c, mt_arena *a, struct fy_node *v, struct fy_node *k, const char *what,
                   size_t maxn, size_t maxlen, bool lc, char ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (mt_yaml_is_null(v))
        return 0;
    if (fy_node_get_type(v) != FYNT_SEQUENCE)
        return fail(c, at(v, k), "%s: expected a sequence", what);
    size_t n = (size_t)fy_node_sequence_item_count(v);
    if (n > maxn)
        return fail(c, k ? k : v, "%s: more than %zu entries", what, maxn);
    char **arr = mt_arena_alloc(a, (n ? n : 1) * sizeof(char *));
    size_t i = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(v, &it)) != NULL && i < n) {
        const char *s;
        size_t len;
        if (scalar(c, item, k, what, maxlen, false, &s, &len))
            return -1;
        arr[i] = mt_arena_strndup(a, s, len);
        if (lc)
            lower(arr[i]);
        i++;
    }
    *out = arr;
    *nout = i;
    return 0;
}

static bool id_ok(const char *s, size_t len)
{
    if (len == 0 || len > SEC_MAX_ID)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && ch != '.' && ch != '_' && ch != '-')
            return false;
    }
    return true;
}

/* ---- the regex dialect ---- */

/* NULL when regex stays within the dialect (see the top of this file),
 * else why not; *at gets the offending offset. */
static const char *dialect_check(const char *re, size_t len, size_t *where)
{
    bool in_class = false, in_q = false;
    size_t class_start = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = re[i];
        *where = i;
        if (in_q) {
            if (ch == '\\' && i + 1 < len && re[i + 1] == 'E') {
                in_q = false;
                i++;
            }
            continue;
        }
        if (ch == '\\') {
            if (i + 1 >= len)
                return NULL; /* PCRE2 reports the trailing backslash */
            char e = re[++i];
            switch (e) {
            case 'p': case 'P': return "Unicode properties (\\p, \\P) are not supported";
            case 'X': return "\\X is not supported";
            case 'R': return "\\R is not supported";
            case 'K': return "\\K is not supported";
            case 'N': return "\\N is not supported";
            case 'u': return "\\u is not supported";
            case 'G': return "\\G is not supported";
            case 'C': return "\\C is not supported";
            case 'h': case 'H': case 'v': case 'V':
                return "\\h, \\H, \\v and \\V are not supported (write a class)";
            case 'g':
                if (i + 1 < len && (re[i + 1] == '<' || re[i + 1] == '\''))
                    return "subroutine calls are not supported";
                break;
            case 'Q':
                in_q = true;
                break;
            default:
                break;
            }
            continue;
        }
        if (in_class) {
            if (ch == '[' && i + 1 < len && re[i + 1] == ':') {
                const char *end = memchr(re + i + 2, ']', len - i - 2);
                if (end && end[-1] == ':')
                    i = (size_t)(end - re);
            } else if (ch == ']' && i > class_start + 1 &&
                       !(i == class_start + 2 && re[class_start + 1] == '^')) {
                in_class = false;
            }
            continue;
        }
        if (ch == '[') {
            in_class = true;
            class_start = i;
            continue;
        }
        if (ch == '(' && i + 1 < len && re[i + 1] == '*')
            return "(*VERB) directives are not supported";
        if (ch != '(' || i + 1 >= len || re[i + 1] != '?')
            continue;
        if (i + 2 >= len)
            return NULL;
        char g = re[i + 2];
        switch (g) {
        case ':': case '=': case '!': case '>': case '#': case '\'':
            break;
        case '<':
            break; /* lookbehind or a named group */
        case 'P':
            if (i + 3 < len && re[i + 3] == '>')
                return "subroutine calls are not supported";
            break;
        case '|': return "branch reset groups (?| are not supported";
        case '(': return "conditional groups are not supported";
        case 'C': return "callouts are not supported";
        case '&': case 'R': return "recursion and subroutine calls are not supported";
        case '^': return "(?^ is not supported";
        default:
            if (isdigit((unsigned char)g) || ((g == '+' || g == '-') && i + 3 < len &&
                                              isdigit((unsigned char)re[i + 3])))
                return "recursion and subroutine calls are not supported";
            /* option setting: only i, m, s, x */
            for (size_t j = i + 2; j < len && re[j] != ')' && re[j] != ':'; j++) {
                if (!strchr("imsx-", re[j])) {
                    *where = j;
                    return "only the flags i, m, s and x are supported";
                }
            }
            break;
        }
    }
    return NULL;
}

#define SEC_PCRE2_OPTS (PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C)

/* Compiles regex for a rule; NULL with msg (and *offset) on failure. */
static pcre2_code *rule_pcre(const char *re, size_t len, uint32_t extra, char *msg, size_t msglen,
                             size_t *offset)
{
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, len, SEC_PCRE2_OPTS | extra, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR buf[256];
        if (pcre2_get_error_message(ec, buf, sizeof(buf)) < 0)
            snprintf((char *)buf, sizeof(buf), "error %d", ec);
        snprintf(msg, msglen, "%s", (const char *)buf);
        *offset = eo;
    }
    return code;
}

pcre2_code *sec_allow_compile(const char *src, char *err, size_t errlen)
{
    size_t off = 0;
    pcre2_code *code = rule_pcre(src, strlen(src), 0, err, errlen, &off);
    if (code)
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* the interpreter if this fails */
    return code;
}

/* Checks an allowlist regex at load time. */
static int check_allow_regex(lctx *c, struct fy_node *n, const char *what, const char *src)
{
    char msg[256];
    size_t off = 0;
    pcre2_code *code = rule_pcre(src, strlen(src), 0, msg, sizeof(msg), &off);
    if (!code)
        return fail(c, n, "%s: %s at offset %zu", what, msg, off);
    pcre2_code_free(code);
    return 0;
}

/* ---- loading: allowlists and rules ---- */

/* Parses an allowlist mapping into *al (strings in arena a); the regexes'
 * target goes to *target. */
static int parse_allow(lctx *c, mt_arena *a, struct fy_node *v, struct fy_node *k,
                       const char *who, sec_allowlist *al, int *target)
{
    memset(al, 0, sizeof(*al));
    *target = SEC_TARGET_SECRET;
    if (mt_yaml_is_null(v))
        return 0;
    if (fy_node_get_type(v) != FYNT_MAPPING)
        return fail(c, at(v, k), "%sallowlist: expected a mapping", who);
    void *it = NULL;
    struct fy_node_pair *p;
    char what[160];
    while ((p = fy_node_mapping_iterate(v, &it)) != NULL) {
        struct fy_node *pk = fy_node_pair_key(p), *pv = fy_node_pair_value(p);
        const char *ks;
        if (key_is(c, pk, "paths", &ks)) {
            snprintf(what, sizeof(what), "%sallowlist.paths", who);
            if (strlist(c, a, pv, pk, what, SEC_MAX_LIST, 4096, false, &al->paths, &al->npaths))
                return -1;
        } else if (key_is(c, pk, "regexes", &ks)) {
            snprintf(what, sizeof(what), "%sallowlist.regexes", who);
            if (strlist(c, a, pv, pk, what, SEC_MAX_LIST, SEC_MAX_REGEX, false, &al->regexes,
                        &al->nregexes))
                return -1;
            void *it2 = NULL;
            struct fy_node *item;
            size_t i = 0;
            while ((item = fy_node_sequence_iterate(pv, &it2)) != NULL && i < al->nregexes)
                if (check_allow_regex(c, item, what, al->regexes[i++]))
                    return -1;
        } else if (key_is(c, pk, "stopwords", &ks)) {
            snprintf(what, sizeof(what), "%sallowlist.stopwords", who);
            if (strlist(c, a, pv, pk, what, SEC_MAX_LIST, 256, true, &al->stopwords,
                        &al->nstopwords))
                return -1;
        } else if (key_is(c, pk, "regex-target", &ks)) {
            const char *s;
            size_t len;
            snprintf(what, sizeof(what), "%sallowlist.regex-target", who);
            if (scalar(c, pv, pk, what, 16, false, &s, &len))
                return -1;
            if (len == 6 && !memcmp(s, "secret", 6))
                *target = SEC_TARGET_SECRET;
            else if (len == 5 && !memcmp(s, "match", 5))
                *target = SEC_TARGET_MATCH;
            else if (len == 4 && !memcmp(s, "line", 4))
                *target = SEC_TARGET_LINE;
            else
                return fail(c, pv, "%s: expected secret, match or line", what);
        } else {
            char kt[80];
            key_text(c, pk, kt, sizeof(kt));
            return fail(c, pk, "%sunknown key '%s' in allowlist", who, kt);
        }
    }
    return 0;
}

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};
static const mt_severity sev_vals[] = {MT_SEV_INFO, MT_SEV_LOW, MT_SEV_MEDIUM, MT_SEV_HIGH,
                                       MT_SEV_CRITICAL};

/* Parses rule mapping n (the index-th of the document). */
static srule *parse_rule(lctx *c, struct fy_node *n, size_t index)
{
    if (!n || fy_node_get_type(n) != FYNT_MAPPING) {
        fail(c, n, "rule #%zu: expected a mapping", index + 1);
        return NULL;
    }
    srule *r = mt_xcalloc(1, sizeof(*r));
    mt_arena_init(&r->a);
    r->pub.meta.type = "secret";
    /* what reports say when the rule gives no text of its own */
    r->pub.meta.description = "A credential in a file can be used by anyone who can read the file, "
                              "the image or the repository history.";
    r->pub.meta.remediation = "Revoke the credential where it was issued, issue a new one, and load "
                              "it from the environment or a secret manager instead of a file.";
    r->origin = mt_arena_strdup(&r->a, c->origin);
    char who[96];

    /* the ID first, to name the rule in every other message */
    void *it = NULL;
    struct fy_node_pair *p;
    struct fy_node *idv = NULL, *idk = NULL;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        const char *ks;
        if (key_is(c, fy_node_pair_key(p), "id", &ks)) {
            idk = fy_node_pair_key(p);
            idv = fy_node_pair_value(p);
        }
    }
    if (!idk) {
        fail(c, n, "rule #%zu: missing id", index + 1);
        goto bad;
    }
    {
        const char *s;
        size_t len;
        snprintf(who, sizeof(who), "rule #%zu: id", index + 1);
        if (scalar(c, idv, idk, who, SEC_MAX_ID, false, &s, &len))
            goto bad;
        if (!id_ok(s, len)) {
            fail(c, idv, "rule #%zu: id must be 1-64 of A-Z a-z 0-9 . _ -", index + 1);
            goto bad;
        }
        r->pub.meta.id = mt_arena_strndup(&r->a, s, len);
    }
    snprintf(who, sizeof(who), "rule %s: ", r->pub.meta.id);

    bool have_title = false, have_sev = false, have_regex = false, have_group = false;
    struct fy_node *regex_node = NULL, *group_node = NULL;
    char what[160];
    it = NULL;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        const char *ks, *s;
        size_t len;
        if (key_is(c, k, "id", &ks)) {
            continue;
        } else if (key_is(c, k, "title", &ks) || key_is(c, k, "description", &ks) ||
                   key_is(c, k, "remediation", &ks)) {
            snprintf(what, sizeof(what), "%s%s", who, ks[0] == 't' ? "title" : ks[0] == 'd'
                                                                              ? "description"
                                                                              : "remediation");
            /* an empty description or remediation is none */
            if (scalar(c, v, k, what, SEC_MAX_TEXT, ks[0] != 't', &s, &len))
                goto bad;
            char *copy = len ? mt_arena_strndup(&r->a, s, len) : NULL;
            if (ks[0] == 't') {
                r->pub.meta.title = copy;
                have_title = true;
            } else if (ks[0] == 'd') {
                if (copy)
                    r->pub.meta.description = copy;
            } else if (copy) {
                r->pub.meta.remediation = copy;
            }
        } else if (key_is(c, k, "severity", &ks)) {
            snprintf(what, sizeof(what), "%sseverity", who);
            if (scalar(c, v, k, what, 16, false, &s, &len))
                goto bad;
            size_t i = 0;
            while (i < MT_ARRAY_LEN(sev_names) &&
                   !(strlen(sev_names[i]) == len && !strncasecmp(sev_names[i], s, len)))
                i++;
            if (i == MT_ARRAY_LEN(sev_names)) {
                fail(c, v, "%sseverity must be critical, high, medium, low or info, not '%.*s'",
                     who, (int)len, s);
                goto bad;
            }
            r->pub.meta.severity = sev_vals[i];
            have_sev = true;
        } else if (key_is(c, k, "regex", &ks)) {
            snprintf(what, sizeof(what), "%sregex", who);
            if (scalar(c, v, k, what, SEC_MAX_REGEX, false, &s, &len))
                goto bad;
            r->pub.regex = mt_arena_strndup(&r->a, s, len);
            regex_node = v;
            have_regex = true;
        } else if (key_is(c, k, "secret-group", &ks)) {
            snprintf(what, sizeof(what), "%ssecret-group", who);
            if (scalar(c, v, k, what, 16, false, &s, &len))
                goto bad;
            char buf[20], *end = NULL;
            memcpy(buf, s, len);
            buf[len] = '\0';
            errno = 0;
            long g = strtol(buf, &end, 10);
            if (errno || end == buf || *end || g < 0 || g > 99) {
                fail(c, v, "%ssecret-group must be an integer from 0 to 99", who);
                goto bad;
            }
            r->pub.secret_group = (int)g;
            group_node = v;
            have_group = true;
        } else if (key_is(c, k, "entropy", &ks)) {
            snprintf(what, sizeof(what), "%sentropy", who);
            if (scalar(c, v, k, what, 32, false, &s, &len))
                goto bad;
            char buf[40], *end = NULL;
            memcpy(buf, s, len);
            buf[len] = '\0';
            errno = 0;
            double e = strtod(buf, &end);
            if (errno || end == buf || *end || !isfinite(e) || e < 0 || e > 8) {
                fail(c, v, "%sentropy must be a number from 0 to 8", who);
                goto bad;
            }
            r->pub.entropy = e;
        } else if (key_is(c, k, "keywords", &ks)) {
            snprintf(what, sizeof(what), "%skeywords", who);
            if (strlist(c, &r->a, v, k, what, SEC_MAX_KEYWORDS, 64, true, &r->pub.keywords,
                        &r->pub.nkeywords))
                goto bad;
        } else if (key_is(c, k, "aliases", &ks)) {
            snprintf(what, sizeof(what), "%saliases", who);
            char **al;
            size_t nal;
            if (strlist(c, &r->a, v, k, what, MT_MAX_ALIASES - 1, SEC_MAX_ID, false, &al, &nal))
                goto bad;
            size_t na = 0;
            for (size_t i = 0; i < nal; i++) {
                if (!id_ok(al[i], strlen(al[i]))) {
                    fail(c, v, "%saliases: '%s' must be 1-64 of A-Z a-z 0-9 . _ -", who, al[i]);
                    goto bad;
                }
                /* gitleaks and Trivy often use the same name: list it once */
                bool dup = false;
                for (size_t j = 0; j < na && !dup; j++)
                    dup = !strcmp(r->pub.meta.aliases[j], al[i]);
                if (!dup)
                    r->pub.meta.aliases[na++] = al[i];
            }
        } else if (key_is(c, k, "allowlist", &ks)) {
            int target;
            if (parse_allow(c, &r->a, v, k, who, &r->pub.allow, &target))
                goto bad;
            if (r->pub.allow.nregexes) {
                r->allow_re = mt_arena_alloc(&r->a, r->pub.allow.nregexes * sizeof(sec_allow_re));
                for (size_t i = 0; i < r->pub.allow.nregexes; i++) {
                    r->allow_re[i].src = r->pub.allow.regexes[i];
                    r->allow_re[i].target = target;
                }
            }
        } else {
            char kt[80];
            key_text(c, k, kt, sizeof(kt));
            fail(c, k, "%sunknown key '%s'", who, kt);
            goto bad;
        }
    }
    if (!have_title || !have_sev || !have_regex) {
        fail(c, n, "%smissing %s", who, !have_title ? "title" : !have_sev ? "severity" : "regex");
        goto bad;
    }

    /* the regex: dialect, PCRE2 syntax, groups, lookbehind */
    {
        size_t rlen = strlen(r->pub.regex), where = 0;
        const char *why = dialect_check(r->pub.regex, rlen, &where);
        if (why) {
            fail(c, regex_node, "%sregex: %s (at offset %zu)", who, why, where);
            goto bad;
        }
        char msg[256];
        size_t off = 0;
        pcre2_code *code = rule_pcre(r->pub.regex, rlen, 0, msg, sizeof(msg), &off);
        if (!code) {
            fail(c, regex_node, "%sregex: %s at offset %zu", who, msg, off);
            goto bad;
        }
        uint32_t caps = 0, lb = 0;
        pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &caps);
        pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &lb);
        pcre2_code_free(code);
        if (have_group && (uint32_t)r->pub.secret_group > caps) {
            fail(c, group_node, "%ssecret-group %d but the regex has %u capturing group%s", who,
                 r->pub.secret_group, caps, caps == 1 ? "" : "s");
            goto bad;
        }
        if (lb >= SEC_CTX) {
            fail(c, regex_node, "%sregex: lookbehind longer than %u bytes", who, SEC_CTX - 1);
            goto bad;
        }
        node_pos(regex_node, &r->line, &r->col);
    }
    return r;
bad:
    srule_free(r);
    return NULL;
}

/* ---- loading: documents ---- */

static struct fy_document *parse_yaml(lctx *c, const char *data, size_t len)
{
    bool empty;
    int line, col;
    char msg[256];
    struct fy_document *doc = mt_yaml_load(data, len, false, &empty, &line, &col, msg, sizeof(msg));
    if (doc)
        return doc;
    if (empty) {
        fail(c, NULL, "empty document");
    } else {
        c->failed = true;
        if (c->err && c->errlen)
            snprintf(c->err, c->errlen, "%s:%d:%d: invalid YAML: %s", c->origin, line, col, msg);
    }
    return NULL;
}

/* What one document adds, gathered before anything changes. */
typedef struct pending {
    mt_vec rules;   /* srule* */
    mt_vec gpaths, gstop, gregex; /* char* (in the ruleset arena), sec_allow_re* */
    mt_vec disable; /* char* (pointing into the document) */
    mt_vec disable_nodes;
} pending;

static void pending_free(pending *pd)
{
    for (size_t i = 0; i < pd->rules.len; i++)
        srule_free(pd->rules.items[i]);
    mt_vec_free(&pd->rules);
    mt_vec_free(&pd->gpaths);
    mt_vec_free(&pd->gstop);
    mt_vec_free(&pd->gregex);
    for (size_t i = 0; i < pd->disable.len; i++)
        free(pd->disable.items[i]);
    mt_vec_free(&pd->disable);
    mt_vec_free(&pd->disable_nodes);
}

static bool rule_named(const srule *r, const char *name)
{
    return mt_rule_matches(&r->pub.meta, name);
}

static int parse_doc(lctx *c, sec_ruleset *rs, struct fy_node *root, mt_arena *ga, pending *pd)
{
    if (fy_node_get_type(root) != FYNT_MAPPING)
        return fail(c, root, "expected a mapping with rules, allowlist or disable");
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(root, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        const char *ks;
        if (key_is(c, k, "rules", &ks)) {
            if (mt_yaml_is_null(v))
                continue;
            if (fy_node_get_type(v) != FYNT_SEQUENCE)
                return fail(c, at(v, k), "rules: expected a sequence");
            void *it2 = NULL;
            struct fy_node *item;
            size_t idx = 0;
            while ((item = fy_node_sequence_iterate(v, &it2)) != NULL) {
                if (pd->rules.len + rs->rules.len >= SEC_MAX_RULES)
                    return fail(c, item, "more than %d rules", SEC_MAX_RULES);
                srule *r = parse_rule(c, item, idx++);
                if (!r)
                    return -1;
                for (size_t i = 0; i < pd->rules.len; i++) {
                    srule *o = pd->rules.items[i];
                    if (!strcasecmp(o->pub.meta.id, r->pub.meta.id)) {
                        int l = o->line;
                        srule_free(r);
                        struct fy_node *idn = NULL;
                        void *it3 = NULL;
                        struct fy_node_pair *q;
                        const char *ks2;
                        while ((q = fy_node_mapping_iterate(item, &it3)) != NULL)
                            if (key_is(c, fy_node_pair_key(q), "id", &ks2))
                                idn = fy_node_pair_value(q);
                        return fail(c, idn ? idn : item,
                                    "rule %s: duplicate id (the rule with its regex at line %d)",
                                    o->pub.meta.id, l);
                    }
                }
                mt_vec_push(&pd->rules, r);
            }
        } else if (key_is(c, k, "allowlist", &ks)) {
            sec_allowlist al;
            int target;
            if (parse_allow(c, ga, v, k, "", &al, &target))
                return -1;
            for (size_t i = 0; i < al.npaths; i++)
                mt_vec_push(&pd->gpaths, al.paths[i]);
            for (size_t i = 0; i < al.nstopwords; i++)
                mt_vec_push(&pd->gstop, al.stopwords[i]);
            for (size_t i = 0; i < al.nregexes; i++) {
                sec_allow_re *ar = mt_arena_alloc(ga, sizeof(*ar));
                ar->src = al.regexes[i];
                ar->target = target;
                mt_vec_push(&pd->gregex, ar);
            }
            if (rs->gpaths.len + pd->gpaths.len > 4 * SEC_MAX_LIST ||
                rs->gstop.len + pd->gstop.len > 4 * SEC_MAX_LIST ||
                rs->gregex.len + pd->gregex.len > 4 * SEC_MAX_LIST)
                return fail(c, k, "allowlist: more than %d entries in all", 4 * SEC_MAX_LIST);
        } else if (key_is(c, k, "disable", &ks)) {
            if (mt_yaml_is_null(v))
                continue;
            if (fy_node_get_type(v) != FYNT_SEQUENCE)
                return fail(c, at(v, k), "disable: expected a sequence");
            void *it2 = NULL;
            struct fy_node *item;
            while ((item = fy_node_sequence_iterate(v, &it2)) != NULL) {
                const char *s;
                size_t len;
                if (pd->disable.len >= SEC_MAX_RULES)
                    return fail(c, item, "disable: more than %d entries", SEC_MAX_RULES);
                if (scalar(c, item, k, "disable", SEC_MAX_ID, false, &s, &len))
                    return -1;
                mt_vec_push(&pd->disable, mt_xstrndup(s, len));
                mt_vec_push(&pd->disable_nodes, item);
            }
        } else {
            char kt[80];
            key_text(c, k, kt, sizeof(kt));
            return fail(c, k, "unknown key '%s' (expected rules, allowlist or disable)", kt);
        }
    }
    /* every disable entry must name a rule of the result */
    for (size_t d = 0; d < pd->disable.len; d++) {
        const char *name = pd->disable.items[d];
        bool found = false;
        for (size_t i = 0; i < pd->rules.len && !found; i++)
            found = rule_named(pd->rules.items[i], name);
        for (size_t i = 0; i < rs->rules.len && !found; i++) {
            srule *o = rs->rules.items[i];
            bool replaced = false;
            for (size_t j = 0; j < pd->rules.len && !replaced; j++)
                replaced = !strcasecmp(((srule *)pd->rules.items[j])->pub.meta.id, o->pub.meta.id);
            found = !replaced && rule_named(o, name);
        }
        if (!found)
            return fail(c, pd->disable_nodes.items[d], "disable: no rule '%s'", name);
    }
    return 0;
}

int sec_ruleset_load(sec_ruleset *rs, const char *yaml, size_t len, const char *origin, char *err,
                     size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    lctx c = {.origin = origin ? origin : "<rules>", .err = err, .errlen = errlen, .src = yaml,
              .srclen = len};
    mt_arena_init(&c.tmp);
    if (!rs)
        return fail(&c, NULL, "no ruleset");
    if (rs->compiled)
        return fail(&c, NULL, "the ruleset is already compiled");
    if (len > SEC_MAX_DOC)
        return fail(&c, NULL, "larger than %u bytes", SEC_MAX_DOC);
    if (!yaml)
        yaml = "";
    c.src = yaml;
    size_t bad = mt_utf8_invalid_at(yaml, len);
    if (bad == len && memchr(yaml, '\0', len))
        bad = (size_t)((const char *)memchr(yaml, '\0', len) - yaml);
    if (bad != len) {
        int line = 1;
        size_t bol = 0;
        for (size_t i = 0; i < bad; i++)
            if (yaml[i] == '\n') {
                line++;
                bol = i + 1;
            }
        if (err && errlen)
            snprintf(err, errlen, "%s:%d:%zu: not UTF-8 text (or a NUL byte)", c.origin, line,
                     bad - bol + 1);
        return -1;
    }
    struct fy_document *doc = parse_yaml(&c, yaml, len);
    if (!doc)
        return -1;
    /* Global allowlist strings go to a scratch arena first and are copied
     * to the ruleset's only on success. */
    mt_arena ga;
    mt_arena_init(&ga);
    pending pd = {0};
    struct fy_node *root = fy_document_root(doc);
    int rc = -1;
    if (refuse_aliases(&c, root, 0) == 0 && parse_doc(&c, rs, root, &ga, &pd) == 0)
        rc = 0;
    fy_document_destroy(doc);
    if (rc == 0) {
        /* commit: replace or insert rules, then the allowlist, then disable */
        for (size_t i = 0; i < pd.rules.len; i++) {
            srule *r = pd.rules.items[i];
            size_t ins;
            long at_i = find_id(&rs->rules, r->pub.meta.id, &ins);
            if (at_i >= 0) {
                srule_free(rs->rules.items[at_i]);
                rs->rules.items[at_i] = r;
            } else {
                mt_vec_push(&rs->rules, r);
                memmove(rs->rules.items + ins + 1, rs->rules.items + ins,
                        (rs->rules.len - 1 - ins) * sizeof(void *));
                rs->rules.items[ins] = r;
            }
        }
        pd.rules.len = 0;
        for (size_t i = 0; i < pd.gpaths.len; i++)
            mt_vec_push(&rs->gpaths, mt_arena_strdup(&rs->a, pd.gpaths.items[i]));
        for (size_t i = 0; i < pd.gstop.len; i++)
            mt_vec_push(&rs->gstop, mt_arena_strdup(&rs->a, pd.gstop.items[i]));
        for (size_t i = 0; i < pd.gregex.len; i++) {
            const sec_allow_re *src = pd.gregex.items[i];
            sec_allow_re *ar = mt_arena_alloc(&rs->a, sizeof(*ar));
            ar->src = mt_arena_strdup(&rs->a, src->src);
            ar->target = src->target;
            mt_vec_push(&rs->gregex, ar);
        }
        for (size_t d = 0; d < pd.disable.len; d++) {
            size_t w = 0;
            for (size_t i = 0; i < rs->rules.len; i++) {
                srule *r = rs->rules.items[i];
                if (rule_named(r, pd.disable.items[d]))
                    srule_free(r);
                else
                    rs->rules.items[w++] = r;
            }
            rs->rules.len = w;
        }
    }
    pending_free(&pd);
    mt_arena_free(&ga);
    mt_arena_free(&c.tmp);
    return rc;
}

int sec_ruleset_load_builtin(sec_ruleset *rs, char *err, size_t errlen)
{
    return sec_ruleset_load(rs, sec_builtin_yaml, sec_builtin_yaml_len, "rules/secrets.yaml", err,
                            errlen);
}

/* ---- compiling ---- */

static int cfail(char *err, size_t errlen, const srule *r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int cfail(char *err, size_t errlen, const srule *r, const char *fmt, ...)
{
    if (!err || !errlen)
        return -1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (r && r->line)
        snprintf(err, errlen, "%s:%d:%d: rule %s: %s", r->origin, r->line, r->col,
                 r->pub.meta.id, msg);
    else if (r)
        snprintf(err, errlen, "%s: rule %s: %s", r->origin, r->pub.meta.id, msg);
    else
        snprintf(err, errlen, "%s", msg);
    return -1;
}

static void uncompile(sec_ruleset *rs)
{
    for (size_t i = 0; i < rs->rules.len; i++) {
        srule *r = rs->rules.items[i];
        if (r->re)
            pcre2_code_free(r->re);
        r->re = NULL;
        for (size_t j = 0; r->allow_re && j < r->pub.allow.nregexes; j++) {
            if (r->allow_re[j].code)
                pcre2_code_free(r->allow_re[j].code);
            r->allow_re[j].code = NULL;
        }
    }
    for (size_t i = 0; i < rs->gregex.len; i++) {
        sec_allow_re *ar = rs->gregex.items[i];
        if (ar->code)
            pcre2_code_free(ar->code);
        ar->code = NULL;
    }
    if (rs->scratch)
        hs_free_scratch(rs->scratch);
    if (rs->db)
        hs_free_database(rs->db);
    rs->scratch = NULL;
    rs->db = NULL;
}

void sec_ruleset_set_cache(sec_ruleset *rs, const char *dir)
{
    free(rs->cache_dir);
    rs->cache_dir = dir && *dir ? mt_xstrdup(dir) : NULL;
}

/* ---- the compiled-database cache ---- */

#define DB_CACHE_MAGIC "moat-hsdb-1\n"
#define DB_CACHE_MAX ((size_t)256 << 20)

/* DIR/secrets-<sha256 of the inputs>.hsdb */
static char *db_cache_path(const sec_ruleset *rs, const char **exprs, const unsigned *flags, size_t n)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char h[32];
    unsigned hl = 0;
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    const char *ver = hs_version();
    EVP_DigestUpdate(md, ver, strlen(ver) + 1);
    for (size_t i = 0; i < n; i++) {
        EVP_DigestUpdate(md, exprs[i], strlen(exprs[i]) + 1);
        EVP_DigestUpdate(md, &flags[i], sizeof(flags[i]));
    }
    EVP_DigestFinal_ex(md, h, &hl);
    EVP_MD_CTX_free(md);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    return mt_arena_printf(&((sec_ruleset *)rs)->a, "%s/secrets-%s.hsdb", rs->cache_dir, hex);
}

/* The file holds the magic, the SHA-256 of the serialized bytes, then
 * them: a truncated or damaged file is recognised and rebuilt. */
static hs_database_t *db_cache_load(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    const char *e = NULL;
    if (mt_read_file(path, DB_CACHE_MAX, &data, &len, &e) != 0)
        return NULL;
    size_t ml = strlen(DB_CACHE_MAGIC);
    hs_database_t *db = NULL;
    if (len > ml + 32 && !memcmp(data, DB_CACHE_MAGIC, ml)) {
        unsigned char h[32];
        unsigned hl = 0;
        EVP_Digest(data + ml + 32, len - ml - 32, h, &hl, EVP_sha256(), NULL);
        if (hl == 32 && !memcmp(h, data + ml, 32) &&
            hs_deserialize_database(data + ml + 32, len - ml - 32, &db) != HS_SUCCESS)
            db = NULL;
    }
    free(data);
    return db;
}

static void db_cache_store(const char *dir, const char *path, const hs_database_t *db)
{
    char *bytes = NULL;
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS)
        return;
    mkdir(dir, 0755);
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f) {
        unsigned char h[32];
        unsigned hl = 0;
        EVP_Digest(bytes, n, h, &hl, EVP_sha256(), NULL);
        bool ok = fwrite(DB_CACHE_MAGIC, 1, strlen(DB_CACHE_MAGIC), f) == strlen(DB_CACHE_MAGIC) &&
                  fwrite(h, 1, 32, f) == 32 && fwrite(bytes, 1, n, f) == n;
        ok = fclose(f) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(bytes); /* hs_serialize_database allocates with malloc by default */
}

int sec_ruleset_compile(sec_ruleset *rs, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!rs)
        return cfail(err, errlen, NULL, "no ruleset");
    if (rs->compiled)
        return 0;
    size_t n = rs->rules.len;
    const char **exprs = mt_xcalloc(n ? n : 1, sizeof(char *));
    unsigned *flags = mt_xcalloc(n ? n : 1, sizeof(unsigned));
    unsigned *ids = mt_xcalloc(n ? n : 1, sizeof(unsigned));
    int rc = -1;
    rs->max_window = 0;
    rs->max_caps = 0;
    for (size_t i = 0; i < n; i++) {
        srule *r = rs->rules.items[i];
        char msg[256];
        size_t off = 0;
        r->re = rule_pcre(r->pub.regex, strlen(r->pub.regex), PCRE2_USE_OFFSET_LIMIT, msg,
                          sizeof(msg), &off);
        if (!r->re) {
            cfail(err, errlen, r, "regex: %s at offset %zu", msg, off);
            goto out;
        }
        pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* the interpreter if this fails */
        pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &r->ncaps);
        if ((uint32_t)r->pub.secret_group > r->ncaps) {
            cfail(err, errlen, r, "secret-group %d but the regex has %u capturing groups",
                  r->pub.secret_group, r->ncaps);
            goto out;
        }
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *ce = NULL;
        if (hs_expression_info(r->pub.regex, HS_FLAG_PREFILTER, &info, &ce) != HS_SUCCESS) {
            cfail(err, errlen, r, "regex: Vectorscan: %s", ce && ce->message ? ce->message : "?");
            hs_free_compile_error(ce);
            goto out;
        }
        unsigned minw = info->min_width, maxw = info->max_width;
        free(info);
        if (minw == 0) {
            cfail(err, errlen, r, "regex: can match the empty string");
            goto out;
        }
        if (minw > SEC_WINDOW_MAX) {
            cfail(err, errlen, r, "regex: its matches are at least %u bytes long, more than %u",
                  minw, SEC_WINDOW_MAX);
            goto out;
        }
        r->window = maxw > SEC_WINDOW_MAX ? SEC_WINDOW_MAX : maxw;
        if (r->window > rs->max_window)
            rs->max_window = r->window;
        if (r->ncaps > rs->max_caps)
            rs->max_caps = r->ncaps;
        for (size_t j = 0; j < r->pub.allow.nregexes; j++) {
            r->allow_re[j].code = sec_allow_compile(r->allow_re[j].src, msg, sizeof(msg));
            if (!r->allow_re[j].code) {
                cfail(err, errlen, r, "allowlist regex '%s': %s", r->allow_re[j].src, msg);
                goto out;
            }
        }
        exprs[i] = r->pub.regex;
        flags[i] = HS_FLAG_PREFILTER;
        ids[i] = (unsigned)i;
    }
    for (size_t i = 0; i < rs->gregex.len; i++) {
        sec_allow_re *ar = rs->gregex.items[i];
        char msg[256];
        ar->code = sec_allow_compile(ar->src, msg, sizeof(msg));
        if (!ar->code) {
            cfail(err, errlen, NULL, "global allowlist regex '%s': %s", ar->src, msg);
            goto out;
        }
    }
    char *cache = n && rs->cache_dir ? db_cache_path(rs, exprs, flags, n) : NULL;
    if (cache)
        rs->db = db_cache_load(cache);
    if (n && !rs->db) {
        hs_compile_error_t *ce = NULL;
        if (hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_STREAM, NULL, &rs->db, &ce) !=
            HS_SUCCESS) {
            srule *r = ce && ce->expression >= 0 && (size_t)ce->expression < n
                           ? rs->rules.items[ce->expression]
                           : NULL;
            cfail(err, errlen, r, "Vectorscan: %s", ce && ce->message ? ce->message : "?");
            hs_free_compile_error(ce);
            rs->db = NULL;
            goto out;
        }
        if (cache)
            db_cache_store(rs->cache_dir, cache, rs->db);
    }
    if (n) {
        if (hs_alloc_scratch(rs->db, &rs->scratch) != HS_SUCCESS) {
            cfail(err, errlen, NULL, "Vectorscan: cannot allocate scratch space");
            goto out;
        }
    }
    rs->compiled = true;
    rc = 0;
out:
    if (rc != 0)
        uncompile(rs);
    free(exprs);
    free(flags);
    free(ids);
    return rc;
}
