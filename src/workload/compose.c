/* compose.c — Docker Compose files (see compose.h): the loader (libfyaml
 * documents copied into a small tree with aliases and merge keys expanded
 * under a budget), the mapping of each service onto the workload model,
 * the Compose rules, and the `moat config` analyzer of type "compose". */
#include "workload/compose.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libfyaml.h>

#include "core/config.h"
#include "core/scan.h"
#include "core/pragma.h"
#include "core/yaml.h"

/* ---- rules ---- */

enum { R_PARSE, R_INTERNAL_NET, R_COUNT };

static const mt_rule cp_rule_table[R_COUNT] = {
    [R_PARSE] = {.id = "CP0001",
                 .severity = MT_SEV_HIGH,
                 .type = "compose",
                 .title = "Compose file cannot be parsed",
                 .description = "The file is not valid YAML, breaks one of moat's reading bounds "
                                "(alias expansion, nesting, scalar size), or has a shape Compose "
                                "rejects (services not a mapping, a list field that is not a "
                                "list). Compose would refuse it, and moat cannot check what it "
                                "cannot read.",
                 .remediation = "Fix the file at the position the message gives; `docker compose "
                                "config` reports the same class of problems."},
    [R_INTERNAL_NET] = {.id = "CP0002",
                        .severity = MT_SEV_LOW,
                        .type = "compose",
                        .title = "Backend service is not on an internal network",
                        .description = "A service that publishes no ports and that other services "
                                       "use (a database, a cache, a queue) is attached to a "
                                       "network without `internal: true`, so it can open "
                                       "connections to the internet: an attacker who reaches it "
                                       "can download tools and send data out.",
                        .remediation = "Attach backends only to networks declared with `internal: "
                                       "true`; keep a non-internal network for the services that "
                                       "must be reached from outside or call out."},
};

const mt_rule *cp_rules(size_t *n)
{
    *n = R_COUNT;
    return cp_rule_table;
}

/* ---- the tree: a copy of the document with aliases and merges expanded ---- */

typedef enum { CN_SCALAR = 1, CN_SEQ, CN_MAP } cn_kind;

typedef struct cnode cnode;
struct cnode {
    cn_kind kind;
    bool plain;     /* a plain (unquoted) scalar: only those can be null */
    const char *s;  /* scalar text, NUL-terminated (in the arena) */
    size_t len;
    wl_loc loc;     /* a scalar's own position; a collection's first child's */
    cnode **kids;   /* sequence items; mapping: key, value, key, value... (a value may be NULL) */
    size_t n;       /* items, or pairs */
};

typedef struct bctx {
    mt_arena *a;
    const char *data; /* the text being parsed */
    size_t len;
    bool json;
    size_t alias_nodes, alias_bytes;
    int in_alias;                            /* > 0 while expanding an alias */
    wl_loc alias_origin;                     /* the outermost alias being expanded */
    struct fy_node *stack[CP_MAX_DEPTH + 2]; /* alias targets being expanded */
    int nstack;
    bool failed;
    wl_loc err_loc;
    char err[400];
} bctx;

static void bfail(bctx *c, wl_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void bfail(bctx *c, wl_loc loc, const char *fmt, ...)
{
    if (c->failed)
        return;
    c->failed = true;
    c->err_loc = loc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof(c->err), fmt, ap);
    va_end(ap);
}

/* The length of s[0..n) without a UTF-8 sequence cut at its end. */
static size_t utf8_whole(const char *s, size_t n)
{
    size_t k = n, back = 0;
    while (k > 0 && back < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) {
        k--;
        back++;
    }
    if (k == 0)
        return n;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return want == back + 1 ? n : k - 1 + (lead < 0x80);
}

/* Cuts a string truncated by snprintf() back to whole characters. */
static void utf8_trim(char *s)
{
    s[utf8_whole(s, strlen(s))] = '\0';
}

/* Shortens s for messages (to whole characters). */
static const char *shown(const char *s, char *buf, size_t n)
{
    size_t l = strlen(s);
    if (l < n)
        return s;
    size_t k = utf8_whole(s, n - 4);
    memcpy(buf, s, k);
    memcpy(buf + k, "...", 4);
    return buf;
}

static wl_loc fy_loc(struct fy_node *n, wl_loc fallback)
{
    const struct fy_mark *m = n && fy_node_get_type(n) == FYNT_SCALAR ? mt_yaml_mark(n) : NULL;
    if (!m)
        return fallback;
    return (wl_loc){m->line + 1, m->column + 1};
}

static cnode *build(bctx *c, struct fy_node *n, int depth, wl_loc at);

/* An alias: the node it names, copied again (and counted). */
static cnode *build_alias(bctx *c, struct fy_node *n, int depth, wl_loc loc)
{
    size_t nl = 0;
    const char *name = fy_node_get_scalar(n, &nl);
    if (!name)
        name = "", nl = 0;
    int shown = nl > 64 ? 64 : (int)nl;
    struct fy_node *target = fy_node_resolve_alias(n);
    if (!target) {
        bfail(c, loc, "alias *%.*s refers to no anchor defined before it", shown, name);
        return NULL;
    }
    for (int i = 0; i < c->nstack; i++) {
        if (c->stack[i] == target) {
            bfail(c, loc, "alias *%.*s is used inside the node it names (a recursive alias)",
                  shown, name);
            return NULL;
        }
    }
    c->stack[c->nstack++] = target;
    if (!c->in_alias)
        c->alias_origin = loc;
    c->in_alias++;
    cnode *r = build(c, target, depth + 1, loc);
    c->in_alias--;
    c->nstack--;
    return r;
}

/* The text of a single-quoted scalar from its source, raw[0..n) between
 * the quotes: '' is a quote, and lines fold (a line break between text
 * becomes a space, each empty line a line feed; the blanks around breaks
 * go). libfyaml 0.7.12 leaks memory formatting scalars with four '' in a
 * row, so moat does not ask it. */
static char *single_quoted(mt_arena *a, const char *raw, size_t n, size_t *outlen)
{
    char *out = mt_arena_alloc(a, n + 1);
    size_t o = 0, line_start = 0;
    for (size_t i = 0; i < n;) {
        char ch = raw[i];
        if (ch == '\'' && i + 1 < n && raw[i + 1] == '\'') {
            out[o++] = '\'';
            i += 2;
            continue;
        }
        if (ch != '\n' && ch != '\r') {
            out[o++] = ch;
            i++;
            continue;
        }
        /* a line break: drop the blanks before it, count empty lines */
        while (o > line_start && (out[o - 1] == ' ' || out[o - 1] == '\t'))
            o--;
        size_t breaks = 0;
        while (i < n && (raw[i] == '\n' || raw[i] == '\r' || raw[i] == ' ' || raw[i] == '\t')) {
            if (raw[i] == '\n' || raw[i] == '\r') {
                breaks++;
                if (raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n')
                    i++;
            }
            i++;
        }
        if (breaks == 1)
            out[o++] = ' ';
        else
            for (size_t k = 1; k < breaks; k++)
                out[o++] = '\n';
        line_start = o;
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

static cnode *build_scalar(bctx *c, struct fy_node *n, wl_loc at)
{
    size_t len = 0;
    const char *s = NULL;
    char *own = NULL;
    if (fy_node_get_style(n) == FYNS_SINGLE_QUOTED) {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *sm = t ? fy_token_start_mark(t) : NULL;
        const struct fy_mark *em = t ? fy_token_end_mark(t) : NULL;
        if (sm && em && sm->input_pos <= em->input_pos && em->input_pos <= c->len) {
            if (em->input_pos - sm->input_pos > CP_SCALAR_MAX) {
                bfail(c, fy_loc(n, at), "a scalar of %zu bytes; moat reads scalars of up to %u "
                      "bytes", em->input_pos - sm->input_pos, CP_SCALAR_MAX);
                return NULL;
            }
            s = own = single_quoted(c->a, c->data + sm->input_pos, em->input_pos - sm->input_pos,
                                    &len);
        }
    }
    if (!s)
        s = fy_node_get_scalar(n, &len);
    if (!s)
        s = "", len = 0;
    cnode *cn = mt_arena_alloc(c->a, sizeof(*cn));
    cn->kind = CN_SCALAR;
    cn->loc = fy_loc(n, at);
    if (len > CP_SCALAR_MAX) {
        bfail(c, cn->loc, "a scalar of %zu bytes; moat reads scalars of up to %u bytes", len,
              CP_SCALAR_MAX);
        return NULL;
    }
    if (c->in_alias) {
        c->alias_bytes += len;
        if (c->alias_bytes > CP_ALIAS_BYTES) {
            bfail(c, c->alias_origin,
                  "aliases expand to more than %u bytes of text; moat stops there (an alias "
                  "bomb?)",
                  CP_ALIAS_BYTES);
            return NULL;
        }
    }
    cn->plain = fy_node_get_style(n) == FYNS_PLAIN;
    cn->s = own ? own : mt_arena_strndup(c->a, s, len);
    cn->len = len;
    return cn;
}

static bool is_merge_key(const bctx *c, const cnode *k)
{
    return !c->json && k && k->kind == CN_SCALAR && k->plain && k->len == 2 &&
           memcmp(k->s, "<<", 2) == 0;
}

/* Adds the pairs of src not already in seen (merge keys: explicit keys and
 * earlier sources win). */
static void merge_from(bctx *c, mt_vec *pairs, mt_strmap *seen, const cnode *src, wl_loc loc,
                       bool in_list)
{
    if (src && src->kind == CN_MAP) {
        for (size_t i = 0; i < src->n; i++) {
            cnode *k = src->kids[2 * i];
            if (k && k->kind == CN_SCALAR) {
                bool found = false;
                mt_strmap_get(seen, k->s, &found);
                if (found)
                    continue;
                mt_strmap_put(seen, k->s, k);
            }
            mt_vec_push(pairs, k);
            mt_vec_push(pairs, src->kids[2 * i + 1]);
        }
        return;
    }
    if (src && src->kind == CN_SEQ && !in_list) {
        for (size_t i = 0; i < src->n && !c->failed; i++)
            merge_from(c, pairs, seen, src->kids[i], src->kids[i] ? src->kids[i]->loc : loc, true);
        return;
    }
    bfail(c, loc, "a merge key (<<) takes a mapping or a list of mappings (e.g. <<: *defaults)");
}

/* True when key k is already among the explicit keys (pairs, or seen once
 * the mapping is large). */
static bool key_seen(const mt_vec *pairs, mt_strmap *seen, const cnode *k)
{
    if (!k || k->kind != CN_SCALAR)
        return false;
    bool found = false;
    if (seen->cap || pairs->len / 2 >= 16) {
        if (!seen->cap) {
            for (size_t i = 0; i < pairs->len; i += 2) {
                const cnode *pk = pairs->items[i];
                if (pk && pk->kind == CN_SCALAR)
                    mt_strmap_put(seen, pk->s, (void *)pk);
            }
        }
        mt_strmap_get(seen, k->s, &found);
        if (!found)
            mt_strmap_put(seen, k->s, (void *)k);
        return found;
    }
    for (size_t i = 0; i < pairs->len && !found; i += 2) {
        const cnode *pk = pairs->items[i];
        found = pk && pk->kind == CN_SCALAR && pk->len == k->len && !memcmp(pk->s, k->s, k->len);
    }
    return found;
}

static cnode *build_map(bctx *c, struct fy_node *n, int depth, wl_loc at)
{
    mt_vec pairs = {0};
    mt_vec merges = {0};
    mt_strmap seen = {0};
    void *it = NULL;
    struct fy_node_pair *p;
    while (!c->failed && (p = fy_node_mapping_iterate(n, &it)) != NULL) {
        cnode *k = build(c, fy_node_pair_key(p), depth + 1, at);
        if (c->failed)
            break;
        cnode *v = build(c, fy_node_pair_value(p), depth + 1, k ? k->loc : at);
        if (c->failed)
            break;
        if (is_merge_key(c, k)) {
            if (!v) {
                bfail(c, k->loc, "a merge key (<<) without a value");
                break;
            }
            if (merges.len) {
                bfail(c, k->loc,
                      "duplicate merge key <<: merge several mappings with one list, <<: [*a, "
                      "*b]");
                break;
            }
            mt_vec_push(&merges, v);
            continue;
        }
        /* libfyaml's own check is quadratic in the size of a mapping */
        if (key_seen(&pairs, &seen, k)) {
            char b[80];
            bfail(c, k->loc, "duplicate key \"%s\": a mapping holds each key once (Compose "
                  "rejects the file)", shown(k->s, b, sizeof(b)));
            break;
        }
        mt_vec_push(&pairs, k);
        mt_vec_push(&pairs, v);
    }
    mt_strmap_free(&seen);
    if (!c->failed && merges.len) {
        mt_strmap seen2 = {0};
        for (size_t i = 0; i < pairs.len; i += 2) {
            cnode *k = pairs.items[i];
            if (k && k->kind == CN_SCALAR)
                mt_strmap_put(&seen2, k->s, k);
        }
        for (size_t i = 0; i < merges.len && !c->failed; i++) {
            cnode *src = merges.items[i];
            merge_from(c, &pairs, &seen2, src, src->loc, false);
        }
        mt_strmap_free(&seen2);
    }
    cnode *cn = NULL;
    if (!c->failed) {
        cn = mt_arena_alloc(c->a, sizeof(*cn));
        cn->kind = CN_MAP;
        cn->n = pairs.len / 2;
        cn->kids = mt_arena_alloc(c->a, (pairs.len + 1) * sizeof(cnode *));
        if (pairs.len)
            memcpy(cn->kids, pairs.items, pairs.len * sizeof(cnode *));
        cn->loc = at;
        for (size_t i = 0; i < pairs.len; i += 2) {
            cnode *k = pairs.items[i];
            if (k && k->loc.line) {
                cn->loc = k->loc;
                break;
            }
        }
    }
    mt_vec_free(&pairs);
    mt_vec_free(&merges);
    return cn;
}

static cnode *build_seq(bctx *c, struct fy_node *n, int depth, wl_loc at)
{
    mt_vec items = {0};
    void *it = NULL;
    struct fy_node *item;
    while (!c->failed && (item = fy_node_sequence_iterate(n, &it)) != NULL) {
        cnode *v = build(c, item, depth + 1, at);
        if (!c->failed && v)
            mt_vec_push(&items, v);
    }
    cnode *cn = NULL;
    if (!c->failed) {
        cn = mt_arena_alloc(c->a, sizeof(*cn));
        cn->kind = CN_SEQ;
        cn->n = items.len;
        cn->kids = mt_arena_alloc(c->a, (items.len + 1) * sizeof(cnode *));
        if (items.len)
            memcpy(cn->kids, items.items, items.len * sizeof(cnode *));
        cn->loc = items.len ? ((cnode *)items.items[0])->loc : at;
    }
    mt_vec_free(&items);
    return cn;
}

static cnode *build(bctx *c, struct fy_node *n, int depth, wl_loc at)
{
    if (!n || c->failed)
        return NULL;
    if (depth > CP_MAX_DEPTH) {
        bfail(c, c->in_alias ? c->alias_origin : at, "nesting deeper than %d levels (aliases included); moat stops there",
              CP_MAX_DEPTH);
        return NULL;
    }
    if (c->in_alias && ++c->alias_nodes > CP_ALIAS_NODES) {
        bfail(c, c->alias_origin, "aliases expand to more than %d nodes; moat stops there (an alias bomb?)",
              CP_ALIAS_NODES);
        return NULL;
    }
    if (fy_node_is_alias(n))
        return build_alias(c, n, depth, fy_loc(n, at));
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR:
        return build_scalar(c, n, at);
    case FYNT_SEQUENCE:
        return build_seq(c, n, depth, at);
    case FYNT_MAPPING:
        return build_map(c, n, depth, at);
    }
    return NULL;
}

/* ---- reading the tree ---- */

static bool cn_null(const cnode *n)
{
    if (!n)
        return true;
    if (n->kind != CN_SCALAR || !n->plain)
        return false;
    return n->len == 0 || !strcmp(n->s, "~") || !strcmp(n->s, "null") || !strcmp(n->s, "Null") ||
           !strcmp(n->s, "NULL");
}

static bool cn_is_map(const cnode *n)
{
    return n && n->kind == CN_MAP;
}

static bool cn_is_seq(const cnode *n)
{
    return n && n->kind == CN_SEQ;
}

/* The value under key in mapping m (NULL when absent or null); the key node
 * in *keyp when wanted. */
static cnode *cn_get_kv(const cnode *m, const char *key, cnode **keyp)
{
    if (keyp)
        *keyp = NULL;
    if (!cn_is_map(m))
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        cnode *k = m->kids[2 * i];
        if (k && k->kind == CN_SCALAR && !strcmp(k->s, key)) {
            if (keyp)
                *keyp = k;
            cnode *v = m->kids[2 * i + 1];
            return cn_null(v) ? NULL : v;
        }
    }
    return NULL;
}

static cnode *cn_get(const cnode *m, const char *key)
{
    return cn_get_kv(m, key, NULL);
}

/* A scalar's text, NULL when n is not a scalar or is null. */
static const char *cn_str(const cnode *n)
{
    return n && n->kind == CN_SCALAR && !cn_null(n) ? n->s : NULL;
}

/* Booleans as Compose reads them (YAML 1.1 spellings too, and quoted text,
 * which interpolation turns into booleans). */
static wl_tri cn_bool(const cnode *n)
{
    const char *s = cn_str(n);
    if (!s)
        return WL_UNSET;
    static const char *const yes[] = {"true", "yes", "on", "y"};
    static const char *const no[] = {"false", "no", "off", "n"};
    for (size_t i = 0; i < MT_ARRAY_LEN(yes); i++) {
        if (!strcasecmp(s, yes[i]))
            return WL_TRUE;
        if (!strcasecmp(s, no[i]))
            return WL_FALSE;
    }
    return WL_UNSET;
}

/* ---- interpolation ---- */

static bool var_start(char ch)
{
    return isalpha((unsigned char)ch) || ch == '_';
}

static bool var_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* Length of the variable reference at s ($NAME, ${...}), 0 when none. */
static size_t var_ref_len(const char *s)
{
    if (s[0] != '$')
        return 0;
    if (var_start(s[1])) {
        size_t i = 2;
        while (var_char(s[i]))
            i++;
        return i;
    }
    if (s[1] != '{' || !var_start(s[2]))
        return 0;
    size_t i = 3;
    while (var_char(s[i]))
        i++;
    if (s[i] == '}')
        return i + 1;
    static const char *const ops[] = {":-", ":?", ":+", "-", "?", "+"};
    size_t ol = 0;
    for (size_t k = 0; k < MT_ARRAY_LEN(ops) && !ol; k++)
        if (!strncmp(s + i, ops[k], strlen(ops[k])))
            ol = strlen(ops[k]);
    if (!ol)
        return 0;
    i += ol;
    int depth = 1;
    while (s[i]) {
        if (s[i] == '$' && s[i + 1] == '$') {
            i += 2;
            continue;
        }
        if (s[i] == '$' && s[i + 1] == '{') {
            depth++;
            i += 2;
            continue;
        }
        if (s[i] == '}' && --depth == 0)
            return i + 1;
        i++;
    }
    return 0;
}

bool cp_only_variable(const char *s)
{
    if (!s)
        return false;
    size_t n = var_ref_len(s);
    return n && s[n] == '\0';
}

/* True when s holds a variable reference anywhere ($$ is a literal $). */
static bool has_variable(const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != '$')
            continue;
        if (s[i + 1] == '$') {
            i++;
            continue;
        }
        if (var_ref_len(s + i))
            return true;
    }
    return false;
}

/* A copy of s (into out, n bytes) with every variable reference replaced
 * by 'V's, so that separators (:, /) are found outside ${...} only. False
 * when s does not fit. */
static bool mask_variables(const char *s, char *out, size_t n)
{
    size_t len = strlen(s);
    if (len >= n)
        return false;
    memcpy(out, s, len + 1);
    for (size_t i = 0; i < len;) {
        size_t v = s[i] == '$' ? var_ref_len(s + i) : 0;
        if (s[i] == '$' && s[i + 1] == '$') {
            i += 2;
            continue;
        }
        if (!v) {
            i++;
            continue;
        }
        memset(out + i, 'V', v);
        i += v;
    }
    return true;
}

/* The text of a scalar value unless it is only a variable. */
static const char *known_str(const cnode *n)
{
    const char *s = cn_str(n);
    return s && !cp_only_variable(s) ? s : NULL;
}

/* ---- parse context ---- */

#define MAX_PROBLEMS 1000

typedef struct pctx {
    mt_arena *a;
    cp_file *out;
    mt_strmap by_name;       /* the current document's services by name (for extends) */
    const cnode *volumes;    /* its top-level volumes */
    size_t dropped;          /* problems past MAX_PROBLEMS */
    size_t extends_keys;     /* keys copied by extends, bounded like aliases */
} pctx;

static void problem(pctx *p, wl_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(pctx *p, wl_loc loc, const char *fmt, ...)
{
    if (p->out->problems.len >= MAX_PROBLEMS) {
        p->dropped++;
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    utf8_trim(msg);
    cp_problem *pr = mt_arena_alloc(p->a, sizeof(*pr));
    pr->loc = loc;
    pr->msg = mt_arena_strdup(p->a, msg);
    mt_vec_push(&p->out->problems, pr);
}

/* ---- service fields ---- */

typedef struct sctx {
    pctx *p;
    cp_service *svc;
    wl_workload *w;
    wl_container *ct;
    const char *name;
    wl_loc loc; /* the service key */
} sctx;

/* A list field: NULL when absent; a problem when it is not a sequence. */
/* Appends the names a list or a mapping gives (`networks: [a, b]` or
 * `networks: {a: {...}}`; depends_on alike) to out, as wl_str*. False when
 * n is neither. */
static bool push_names(mt_arena *a, const cnode *n, mt_vec *out)
{
    bool seq = cn_is_seq(n);
    if (!seq && !cn_is_map(n))
        return false;
    for (size_t i = 0; i < n->n; i++) {
        const cnode *k = n->kids[seq ? i : 2 * i];
        const char *name = cn_str(k);
        if (name)
            mt_vec_push(out, wl_str_new(a, name, k->loc));
    }
    return true;
}

static const cnode *list_field(sctx *s, const cnode *svc, const char *key)
{
    cnode *k = NULL;
    cnode *v = cn_get_kv(svc, key, &k);
    if (!v)
        return NULL;
    if (v->kind != CN_SEQ) {
        if (!(v->kind == CN_SCALAR && cp_only_variable(v->s)))
            problem(s->p, v->loc, "service \"%s\": %s must be a list", s->name, key);
        return NULL;
    }
    return v;
}

static void set_tri(sctx *s, const cnode *svc, const char *key, wl_tri *out, wl_loc *loc)
{
    cnode *v = cn_get(svc, key);
    if (!v)
        return;
    wl_tri t = cn_bool(v);
    if (t == WL_UNSET) {
        const char *str = cn_str(v);
        if (!str || !has_variable(str)) {
            char b[64];
            problem(s->p, v->loc, "service \"%s\": %s must be true or false, not %s%s%s", s->name,
                    key, str ? "\"" : "", str ? shown(str, b, sizeof(b)) : "a collection",
                    str ? "\"" : "");
        }
        return;
    }
    *out = t;
    *loc = v->loc;
}

/* A scalar setting into a wl_str (numbers and booleans as written). */
static void set_str(sctx *s, const cnode *m, const char *key, wl_str *out)
{
    cnode *v = cn_get(m, key);
    if (!v)
        return;
    if (v->kind != CN_SCALAR) {
        problem(s->p, v->loc, "service \"%s\": %s must be a single value", s->name, key);
        return;
    }
    const char *str = known_str(v);
    if (!str || out->value)
        return;
    out->value = str;
    out->loc = v->loc;
}

/* host, or another mode: network_mode, pid, ipc, userns_mode. */
static void set_host_mode(const cnode *svc, const char *key, wl_tri *out, wl_loc *loc)
{
    cnode *v = cn_get(svc, key);
    const char *str = known_str(v);
    if (!str)
        return;
    *out = !strcmp(str, "host") ? WL_TRUE : WL_FALSE;
    *loc = v->loc;
}

static bool parse_int(const char *s, size_t n, long long lo, long long hi, long long *out)
{
    if (n == 0 || n > 18)
        return false;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* user: "name", "uid", "uid:gid", "name:group". */
static void read_user(sctx *s, const cnode *svc)
{
    cnode *v = cn_get(svc, "user");
    const char *str = known_str(v);
    if (str)
        wl_set_user(s->ct, str, v->loc);
}

static void read_caps(sctx *s, const cnode *svc, const char *key, mt_vec *out)
{
    const cnode *l = list_field(s, svc, key);
    for (size_t i = 0; l && i < l->n; i++) {
        const char *str = known_str(l->kids[i]);
        if (str)
            mt_vec_push(out, wl_str_new(s->p->a, str, l->kids[i]->loc));
    }
}

/* security_opt entries: NAME, NAME=VALUE or the older NAME:VALUE. */
static void read_security_opt(sctx *s, const cnode *svc)
{
    const cnode *l = list_field(s, svc, "security_opt");
    wl_container *ct = s->ct;
    for (size_t i = 0; l && i < l->n; i++) {
        const cnode *e = l->kids[i];
        const char *str = known_str(e);
        if (!str)
            continue;
        size_t nl = strcspn(str, "=:");
        const char *val = str[nl] ? str + nl + 1 : NULL;
        if (nl == 7 && !strncmp(str, "seccomp", 7) && val) {
            ct->seccomp.value = !strcmp(val, "unconfined") ? "Unconfined" : val;
            ct->seccomp.loc = e->loc;
        } else if (nl == 8 && !strncmp(str, "apparmor", 8) && val) {
            ct->apparmor.value = !strcmp(val, "unconfined") ? "Unconfined" : val;
            ct->apparmor.loc = e->loc;
        } else if (nl == 17 && !strncmp(str, "no-new-privileges", 17)) {
            if (!val || !strcmp(val, "true")) {
                ct->allow_priv_esc = WL_FALSE;
                ct->allow_priv_esc_loc = e->loc;
            } else if (!strcmp(val, "false")) {
                ct->allow_priv_esc = WL_TRUE;
                ct->allow_priv_esc_loc = e->loc;
            }
        } else if (nl == 11 && !strncmp(str, "systempaths", 11) && val &&
                   !strcmp(val, "unconfined")) {
            ct->proc_mount.value = "Unmasked";
            ct->proc_mount.loc = e->loc;
        }
        /* label=..., others: not part of the model */
    }
}

static void set_res(sctx *s, const cnode *m, const char *key, wl_str *out)
{
    cnode *k = NULL;
    cnode *v = cn_get_kv(m, key, &k);
    if (!k)
        return;
    if (!s->ct->has_resources_block) {
        s->ct->has_resources_block = true;
        s->ct->resources_loc = k->loc;
    }
    if (v)
        set_str(s, m, key, out);
}

/* mem_limit, cpus, pids_limit..., then deploy.resources for what is left. */
static void read_resources(sctx *s, const cnode *svc)
{
    wl_resources *r = &s->ct->res;
    set_res(s, svc, "mem_limit", &r->mem_limit);
    set_res(s, svc, "mem_reservation", &r->mem_request);
    set_res(s, svc, "cpus", &r->cpu_limit);
    set_res(s, svc, "pids_limit", &r->pids_limit);
    /* cpu_quota is in microseconds per cpu_period (default 100000 µs) */
    cnode *qk = NULL;
    cnode *q = cn_get_kv(svc, "cpu_quota", &qk);
    const char *qs = known_str(q);
    long long quota, period = 100000;
    if (qk && !s->ct->has_resources_block) {
        s->ct->has_resources_block = true;
        s->ct->resources_loc = qk->loc;
    }
    if (!r->cpu_limit.value && qs && parse_int(qs, strlen(qs), 1, 1LL << 40, &quota)) {
        const char *ps = known_str(cn_get(svc, "cpu_period"));
        if (ps && !parse_int(ps, strlen(ps), 1000, 1000000, &period))
            period = 100000;
        r->cpu_limit.value = mt_arena_printf(s->p->a, "%.6g", (double)quota / (double)period);
        r->cpu_limit.loc = q->loc;
    }
    cnode *dk = NULL;
    cnode *res = cn_get_kv(cn_get(svc, "deploy"), "resources", &dk);
    if (!cn_is_map(res))
        return;
    if (!s->ct->has_resources_block) {
        s->ct->has_resources_block = true;
        s->ct->resources_loc = dk->loc;
    }
    const cnode *lim = cn_get(res, "limits");
    if (cn_is_map(lim)) {
        set_str(s, lim, "cpus", &r->cpu_limit);
        set_str(s, lim, "memory", &r->mem_limit);
        set_str(s, lim, "pids", &r->pids_limit);
    }
    const cnode *resv = cn_get(res, "reservations");
    if (cn_is_map(resv)) {
        set_str(s, resv, "cpus", &r->cpu_request);
        set_str(s, resv, "memory", &r->mem_request);
    }
}

/* environment: a list of NAME=VALUE / NAME, or a mapping. */
static void read_env_like(sctx *s, const cnode *svc, const char *key, mt_vec *out)
{
    cnode *v = cn_get(svc, key);
    if (!v)
        return;
    mt_arena *a = s->p->a;
    if (v->kind == CN_SEQ) {
        for (size_t i = 0; i < v->n; i++) {
            const char *str = cn_str(v->kids[i]);
            if (!str || cp_only_variable(str))
                continue;
            const char *eq = strchr(str, '=');
            char *name = eq ? mt_arena_strndup(a, str, (size_t)(eq - str)) : (char *)str;
            const char *val = eq ? eq + 1 : NULL;
            if (val && cp_only_variable(val))
                val = NULL;
            mt_vec_push(out, wl_env_new(a, name, val, v->kids[i]->loc));
        }
    } else if (v->kind == CN_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const cnode *k = v->kids[2 * i], *val = v->kids[2 * i + 1];
            const char *name = cn_str(k);
            if (!name)
                continue;
            const char *vs = NULL;
            if (val && val->kind == CN_SCALAR)
                vs = known_str(val);
            mt_vec_push(out, wl_env_new(a, name, vs, k->loc));
        }
    } else if (!cp_only_variable(v->s)) {
        problem(s->p, v->loc, "service \"%s\": %s must be a list or a mapping", s->name, key);
    }
}

/* "N" or "N-M"; a variable reads as 0 (unknown). Returns false when
 * malformed. */
static bool port_part(const char *s, size_t n, bool allow_empty, int *first)
{
    *first = 0;
    if (n == 0)
        return allow_empty;
    char buf[64];
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (has_variable(buf))
        return true;
    const char *dash = strchr(buf, '-');
    size_t fl = dash ? (size_t)(dash - buf) : n;
    long long a, b;
    if (!parse_int(buf, fl, 0, 65535, &a))
        return false;
    if (dash && (!parse_int(dash + 1, strlen(dash + 1), 0, 65535, &b) || b < a))
        return false;
    *first = (int)a;
    return true;
}

/* An IPv4 address (four numbers), an IPv6 address (hex digits and at least
 * two colons) or text with a variable. */
static bool ip_like(const char *ip)
{
    if (has_variable(ip))
        return true;
    size_t dots = 0, colons = 0;
    for (const char *p = ip; *p; p++) {
        if (*p == '.')
            dots++;
        else if (*p == ':')
            colons++;
        else if (!isxdigit((unsigned char)*p) && *p != '%')
            return false;
    }
    return dots == 3 || colons >= 2;
}

/* Short syntax: [[IP:](HOST|)]:]CONTAINER[/PROTOCOL]; IPv6 addresses in
 * brackets or bare. */
static bool port_short(sctx *s, const cnode *e, const char *str)
{
    mt_arena *a = s->p->a;
    char buf[256], mask[256];
    if (!mask_variables(str, mask, sizeof(mask)))
        return false;
    memcpy(buf, str, strlen(str) + 1);
    char *proto = NULL;
    char *slash = strrchr(mask, '/');
    if (slash) {
        buf[slash - mask] = *slash = '\0';
        proto = buf + (slash - mask) + 1;
    }
    char *ip = NULL, *host = NULL, *cont = buf;
    char *last = strrchr(mask, ':');
    if (last) {
        size_t li = (size_t)(last - mask);
        buf[li] = *last = '\0';
        cont = buf + li + 1;
        host = buf;
        char *prev = strrchr(mask, ':');
        if (buf[0] == '[') {
            char *rb = strchr(buf, ']');
            if (!rb || rb[1] != ':')
                return false;
            *rb = '\0';
            ip = buf + 1;
            host = rb + 2;
        } else if (prev) {
            size_t pi = (size_t)(prev - mask);
            buf[pi] = '\0';
            ip = buf;
            host = buf + pi + 1;
        }
    }
    if (ip && *ip && !ip_like(ip))
        return false;
    int hp = 0, cp = 0;
    if (!port_part(cont, strlen(cont), false, &cp))
        return false;
    if (host && !port_part(host, strlen(host), ip != NULL, &hp))
        return false;
    if (ip && !*ip)
        ip = NULL;
    if (proto && !*proto)
        proto = NULL;
    mt_vec_push(&s->ct->ports, wl_port_new(a, ip, hp, cp, proto, e->loc));
    return true;
}

static void read_ports(sctx *s, const cnode *svc)
{
    const cnode *l = list_field(s, svc, "ports");
    for (size_t i = 0; l && i < l->n; i++) {
        const cnode *e = l->kids[i];
        if (e->kind == CN_SCALAR) {
            const char *str = cn_str(e);
            if (!str || cp_only_variable(str))
                continue;
            if (!port_short(s, e, str) && !has_variable(str)) {
                char b[80];
                problem(s->p, e->loc,
                        "service \"%s\": port \"%s\" is not [[IP:]HOST:]CONTAINER[/PROTOCOL]",
                        s->name, shown(str, b, sizeof(b)));
            }
        } else if (e->kind == CN_MAP) {
            const cnode *t = cn_get(e, "target");
            const cnode *pub = cn_get(e, "published");
            const char *ts = cn_str(t), *ps = cn_str(pub);
            int cport = 0, hport = 0;
            bool ok = ts && port_part(ts, strlen(ts), false, &cport);
            ok = ok && (!ps || port_part(ps, strlen(ps), true, &hport));
            if (!ok) {
                if (!(ts && has_variable(ts)) && !(ps && has_variable(ps)))
                    problem(s->p, e->loc,
                            "service \"%s\": a port needs a numeric target (and published, when "
                            "given, a port or a range)",
                            s->name);
                if (!ts || !has_variable(ts))
                    continue;
            }
            const char *ip = known_str(cn_get(e, "host_ip"));
            const char *proto = known_str(cn_get(e, "protocol"));
            mt_vec_push(&s->ct->ports,
                        wl_port_new(s->p->a, ip, hport, cport, proto, pub ? pub->loc : e->loc));
        } else {
            problem(s->p, e->loc, "service \"%s\": a port must be a string or a mapping", s->name);
        }
    }
}

/* The host path behind a named volume declared as a bind
 * (driver_opts: {type: none, o: bind, device: /path}), else NULL. */
static const char *named_volume_bind(sctx *s, const char *name)
{
    const cnode *def = cn_get(s->p->volumes, name);
    const cnode *opts = cn_get(def, "driver_opts");
    const char *o = known_str(cn_get(opts, "o"));
    const char *dev = known_str(cn_get(opts, "device"));
    if (!o || !dev || !strstr(o, "bind"))
        return NULL;
    return dev;
}

static bool is_drive(const char *s)
{
    return isalpha((unsigned char)s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

/* A path on the host rather than a volume name. */
static bool host_path_like(const char *src)
{
    return src[0] == '/' || src[0] == '.' || src[0] == '~' || src[0] == '\\' || is_drive(src) ||
           strchr(src, '/') != NULL;
}

static void add_volume(sctx *s, const cnode *e, const char *src, const char *dst, bool ro)
{
    mt_arena *a = s->p->a;
    if (cp_only_variable(src))
        return; /* a volume name or a path, unknown until run time */
    if (host_path_like(src)) {
        mt_vec_push(&s->ct->mounts, wl_mount_new(a, src, dst, ro, e->loc));
        return;
    }
    if (has_variable(src))
        return; /* a volume name or a path, unknown until run time */
    const char *dev = named_volume_bind(s, src);
    if (dev)
        mt_vec_push(&s->ct->mounts, wl_mount_new(a, dev, dst, ro, e->loc));
}

static bool mode_has(const char *mode, const char *opt)
{
    size_t ol = strlen(opt);
    for (const char *p = mode; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n == ol && !strncmp(p, opt, ol))
            return true;
        p += n;
        if (*p == ',')
            p++;
    }
    return false;
}

static void read_volumes(sctx *s, const cnode *svc)
{
    const cnode *l = list_field(s, svc, "volumes");
    mt_arena *a = s->p->a;
    for (size_t i = 0; l && i < l->n; i++) {
        const cnode *e = l->kids[i];
        if (e->kind == CN_SCALAR) {
            const char *str = cn_str(e);
            if (!str || cp_only_variable(str))
                continue;
            /* SOURCE:TARGET[:MODE]; a Windows source may start with a drive */
            size_t ml = strlen(str) + 1;
            char *mask = mt_arena_alloc(a, ml);
            mask_variables(str, mask, ml);
            size_t skip = is_drive(mask) ? 2 : 0;
            const char *m1 = strchr(mask + skip, ':');
            if (!m1)
                continue; /* an anonymous volume */
            const char *c1 = str + (m1 - mask);
            const char *dst = c1 + 1, *mdst = m1 + 1;
            const char *m2 = strchr(mdst + (is_drive(mdst) ? 2 : 0), ':');
            const char *c2 = m2 ? str + (m2 - mask) : NULL;
            char *src = mt_arena_strndup(a, str, (size_t)(c1 - str));
            char *target = c2 ? mt_arena_strndup(a, dst, (size_t)(c2 - dst)) : (char *)dst;
            if (!*src || !*target) {
                char b[80];
                problem(s->p, e->loc, "service \"%s\": volume \"%s\" is not SOURCE:TARGET[:MODE]",
                        s->name, shown(str, b, sizeof(b)));
                continue;
            }
            add_volume(s, e, src, target, c2 && mode_has(c2 + 1, "ro"));
        } else if (e->kind == CN_MAP) {
            const char *type = known_str(cn_get(e, "type"));
            const char *src = known_str(cn_get(e, "source"));
            const char *dst = known_str(cn_get(e, "target"));
            wl_tri ro = cn_bool(cn_get(e, "read_only"));
            if (!src)
                continue;
            if (!type) {
                add_volume(s, e, src, dst, ro == WL_TRUE);
            } else if (!strcmp(type, "bind") || !strcmp(type, "npipe")) {
                /* a bind source is a path even without a slash (relative to the project) */
                mt_vec_push(&s->ct->mounts, wl_mount_new(a, src, dst, ro == WL_TRUE, e->loc));
            } else if (!strcmp(type, "volume")) {
                const char *dev = has_variable(src) ? NULL : named_volume_bind(s, src);
                if (dev)
                    mt_vec_push(&s->ct->mounts, wl_mount_new(a, dev, dst, ro == WL_TRUE, e->loc));
            }
            /* tmpfs, image, cluster: nothing of the host */
        } else {
            problem(s->p, e->loc, "service \"%s\": a volume must be a string or a mapping",
                    s->name);
        }
    }
}

/* devices: HOST[:CONTAINER[:PERMISSIONS]], or a CDI name (vendor/class=name). */
static void read_devices(sctx *s, const cnode *svc)
{
    const cnode *l = list_field(s, svc, "devices");
    mt_arena *a = s->p->a;
    for (size_t i = 0; l && i < l->n; i++) {
        const cnode *e = l->kids[i];
        const char *str = known_str(e);
        if (!str)
            continue;
        if (str[0] != '/' && strchr(str, '=')) {
            mt_vec_push(&s->ct->devices, wl_mount_new(a, str, NULL, false, e->loc));
            continue;
        }
        const char *c1 = strchr(str, ':');
        const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        char *host = c1 ? mt_arena_strndup(a, str, (size_t)(c1 - str)) : (char *)str;
        char *target = c1 ? (c2 ? mt_arena_strndup(a, c1 + 1, (size_t)(c2 - c1 - 1))
                                : (char *)c1 + 1)
                          : host;
        bool ro = c2 && !strchr(c2 + 1, 'w');
        mt_vec_push(&s->ct->devices, wl_mount_new(a, host, target, ro, e->loc));
    }
}

/* networks (a list of names or a mapping), depends_on, links, expose. */
static void read_relations(sctx *s, const cnode *svc)
{
    mt_arena *a = s->p->a;
    cp_service *cs = s->svc;
    cnode *nk = NULL;
    cnode *nets = cn_get_kv(svc, "networks", &nk);
    cs->has_networks = nk != NULL;
    if (!push_names(a, nets, &cs->networks) && nets)
        problem(s->p, nets->loc, "service \"%s\": networks must be a list or a mapping", s->name);
    push_names(a, cn_get(svc, "depends_on"), &cs->uses);
    const cnode *links = list_field(s, svc, "links");
    for (size_t i = 0; links && i < links->n; i++) {
        const char *n = cn_str(links->kids[i]);
        if (!n)
            continue;
        size_t l = strcspn(n, ":");
        mt_vec_push(&cs->uses, wl_str_new(a, mt_arena_strndup(a, n, l), links->kids[i]->loc));
    }
    const cnode *ex = list_field(s, svc, "expose");
    cs->has_expose = ex && ex->n > 0;
    cnode *nm = cn_get(svc, "network_mode");
    const char *nms = known_str(nm);
    if (nms) {
        cs->network_mode.value = nms;
        cs->network_mode.loc = nm->loc;
    }
}

/* sysctls: a list of NAME=VALUE or a mapping. */
static void read_sysctls(sctx *s, const cnode *svc)
{
    read_env_like(s, svc, "sysctls", &s->w->sysctls);
}

/* `extends: NAME` or `extends: {service: NAME}` in this file: the service's
 * own keys over those of the one it extends (lists are not merged). */
static const cnode *apply_extends(pctx *p, const char *name, const cnode *svc, int depth,
                                  const char **base_out)
{
    cnode *ext = cn_get(svc, "extends");
    if (!ext)
        return svc;
    const char *base = cn_str(ext);
    if (cn_is_map(ext)) {
        if (cn_get(ext, "file"))
            return svc; /* another file: not followed */
        base = cn_str(cn_get(ext, "service"));
    }
    if (!base || cp_only_variable(base))
        return svc;
    if (base_out)
        *base_out = base;
    if (depth >= 8 || !strcmp(base, name)) {
        problem(p, ext->loc, "service \"%s\": extends chain is circular or deeper than 8", name);
        return svc;
    }
    bool known = false;
    const cnode *bnode = mt_strmap_get(&p->by_name, base, &known);
    if (!cn_is_map(bnode)) {
        problem(p, ext->loc, "service \"%s\" extends \"%s\", which this file does not define",
                name, base);
        return svc;
    }
    /* every key looked at counts, so that many services extending a large
     * one stay linear */
    p->extends_keys += svc->n + bnode->n;
    if (p->extends_keys > CP_ALIAS_NODES) {
        problem(p, ext->loc,
                "service \"%s\": extends copies more than %d keys in this file; not followed",
                name, CP_ALIAS_NODES);
        return svc;
    }
    const cnode *bflat = apply_extends(p, name, bnode, depth + 1, NULL);
    cnode *m = mt_arena_alloc(p->a, sizeof(*m));
    *m = *svc;
    m->kids = mt_arena_alloc(p->a, 2 * (svc->n + bflat->n + 1) * sizeof(cnode *));
    size_t n = 0;
    mt_strmap have = {0};
    for (size_t i = 0; i < svc->n; i++) {
        const cnode *k = svc->kids[2 * i];
        const char *ks = cn_str(k);
        if (ks && !strcmp(ks, "extends"))
            continue;
        if (ks)
            mt_strmap_put(&have, ks, (void *)k);
        m->kids[2 * n] = svc->kids[2 * i];
        m->kids[2 * n + 1] = svc->kids[2 * i + 1];
        n++;
    }
    for (size_t i = 0; i < bflat->n; i++) {
        const char *k = cn_str(bflat->kids[2 * i]);
        bool found = false;
        if (k)
            mt_strmap_get(&have, k, &found);
        if (found || (k && !strcmp(k, "extends")))
            continue;
        m->kids[2 * n] = bflat->kids[2 * i];
        m->kids[2 * n + 1] = bflat->kids[2 * i + 1];
        n++;
    }
    mt_strmap_free(&have);
    m->n = n;
    return m;
}

static void read_service(pctx *p, const cnode *key, const cnode *val)
{
    mt_arena *a = p->a;
    const char *name = key->s;
    if (!cn_is_map(val)) {
        if (cn_null(val))
            problem(p, key->loc, "service \"%s\" is empty (it needs at least an image or build)",
                    name);
        else
            problem(p, val->loc, "service \"%s\" is not a mapping", name);
        return;
    }
    cp_service *cs = mt_arena_alloc(a, sizeof(*cs));
    const cnode *svc = apply_extends(p, name, val, 0, &cs->extends);
    wl_loc loc = key->loc;
    wl_workload *w = wl_workload_new(a, WL_SRC_COMPOSE);
    w->kind = "service";
    w->name = name;
    wl_container *ct = wl_container_new(a, w, "service");
    ct->name = name;
    wl_locate(w, ct, loc);
    w->spec_loc = val->loc.line ? val->loc : loc;
    cs->w = w;
    cs->network_mode.loc = loc;
    sctx s = {.p = p, .svc = cs, .w = w, .ct = ct, .name = name, .loc = loc};

    set_str(&s, svc, "image", &ct->image);
    set_str(&s, svc, "pull_policy", &ct->pull_policy);
    set_tri(&s, svc, "privileged", &ct->privileged, &ct->privileged_loc);
    set_tri(&s, svc, "read_only", &ct->read_only_root, &ct->read_only_root_loc);
    read_caps(&s, svc, "cap_add", &ct->cap_add);
    read_caps(&s, svc, "cap_drop", &ct->cap_drop);
    set_host_mode(svc, "network_mode", &w->host_network, &w->host_network_loc);
    set_host_mode(svc, "pid", &w->host_pid, &w->host_pid_loc);
    set_host_mode(svc, "ipc", &w->host_ipc, &w->host_ipc_loc);
    /* userns_mode: host turns user namespaces off, as hostUsers: true does */
    set_host_mode(svc, "userns_mode", &w->host_users, &w->host_users_loc);
    read_user(&s, svc);
    read_security_opt(&s, svc);
    read_resources(&s, svc);
    read_env_like(&s, svc, "environment", &ct->env);
    read_ports(&s, svc);
    read_volumes(&s, svc);
    read_devices(&s, svc);
    read_sysctls(&s, svc);
    read_relations(&s, svc);
    mt_vec_push(&p->out->services, cs);
}

static void read_networks(pctx *p, const cnode *nets)
{
    if (!nets)
        return;
    if (!cn_is_map(nets)) {
        problem(p, nets->loc, "networks (top level) must be a mapping of network names");
        return;
    }
    for (size_t i = 0; i < nets->n; i++) {
        const cnode *k = nets->kids[2 * i], *v = nets->kids[2 * i + 1];
        const char *name = cn_str(k);
        if (!name)
            continue;
        cp_network *n = mt_arena_alloc(p->a, sizeof(*n));
        n->name = name;
        n->loc = k->loc;
        n->internal = WL_UNSET;
        if (cn_is_map(v)) {
            const cnode *in = cn_get(v, "internal");
            const cnode *ex = cn_get(v, "external");
            n->internal = cn_bool(in);
            n->external = cn_is_map(ex) || cn_bool(ex) == WL_TRUE;
            n->variable = (cn_str(in) && has_variable(in->s)) || (cn_str(ex) && has_variable(ex->s));
        } else if (!cn_null(v)) {
            problem(p, v->loc, "network \"%s\" must be a mapping", name);
        }
        mt_vec_push(&p->out->networks, n);
    }
}

static const char *const TOP_KEYS[] = {"version", "name",    "services", "networks", "volumes",
                                       "configs", "secrets", "include",  "models"};

/* Service names as the Compose specification allows them. */
static bool service_name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
            return false;
    return true;
}

static void read_document(pctx *p, const cnode *root)
{
    if (!root)
        return;
    if (!cn_is_map(root)) {
        problem(p, root->loc, "a Compose file is a mapping (services:, networks:, ...), not %s",
                root->kind == CN_SEQ ? "a list" : "a single value");
        return;
    }
    cnode *sk = NULL;
    const cnode *services = cn_get_kv(root, "services", &sk);
    p->volumes = cn_get(root, "volumes");
    read_networks(p, cn_get(root, "networks"));
    if (!sk) {
        /* the legacy version 1 format put services at the top level */
        for (size_t i = 0; i < root->n; i++) {
            const cnode *k = root->kids[2 * i];
            const char *name = cn_str(k);
            if (!name || !strncmp(name, "x-", 2))
                continue;
            bool known = false;
            for (size_t j = 0; j < MT_ARRAY_LEN(TOP_KEYS) && !known; j++)
                known = !strcmp(name, TOP_KEYS[j]);
            if (!known) {
                problem(p, k->loc,
                        "top-level key \"%s\" is not part of the Compose specification (the "
                        "legacy version 1 format, with services at the top level, is not read)",
                        name);
                return;
            }
        }
        return;
    }
    if (!services)
        return;
    if (!cn_is_map(services)) {
        problem(p, services->loc, "services must be a mapping of service names to services");
        return;
    }
    for (size_t i = 0; i < services->n; i++) {
        const cnode *k = services->kids[2 * i];
        if (cn_str(k))
            mt_strmap_put(&p->by_name, k->s, services->kids[2 * i + 1]);
    }
    for (size_t i = 0; i < services->n; i++) {
        const cnode *k = services->kids[2 * i];
        if (!cn_str(k)) {
            problem(p, k ? k->loc : sk->loc, "a service name must be a plain string");
            continue;
        }
        if (!service_name_ok(k->s)) {
            char b[80];
            problem(p, k->loc,
                    "service name \"%s\" may hold only letters, digits, '.', '_' and '-'",
                    shown(k->s, b, sizeof(b)));
            continue;
        }
        read_service(p, k, services->kids[2 * i + 1]);
    }
    mt_strmap_free(&p->by_name);
}

/* ---- loading ---- */

/* Builds every document; returns false (and records nothing) when the
 * text does not parse, with the first error in line, col and msg. */
static bool load(pctx *p, const char *data, size_t len, bool json, int *line, int *col, char *msg,
                 size_t msglen)
{
    *line = *col = 0;
    msg[0] = '\0';
    struct fy_diag *diag = mt_yaml_quiet_diag();
    if (!diag) {
        snprintf(msg, msglen, "cannot create a YAML parser");
        return false;
    }
    /* duplicate keys are found while building (linear, with a clearer
     * message) */
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS |
                                        (json ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE),
                               .diag = diag};
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp || fy_parser_set_string(fyp, data, len) != 0) {
        if (fyp)
            fy_parser_destroy(fyp);
        fy_diag_destroy(diag);
        snprintf(msg, msglen, "cannot create a YAML parser");
        return false;
    }
    /* Build every document first: a syntax error anywhere refuses the file. */
    mt_vec roots = {0};
    bctx c = {.a = p->a, .data = data, .len = len, .json = json};
    struct fy_document *doc;
    bool ok = true;
    while ((doc = fy_parse_load_document(fyp)) != NULL) {
        struct fy_node *root = fy_document_root(doc);
        if (root && !c.failed) {
            cnode *cn = build(&c, root, 0, (wl_loc){1, 1});
            if (!c.failed && cn)
                mt_vec_push(&roots, cn);
        }
        fy_parse_document_destroy(fyp, doc);
    }
    if (fy_parser_get_stream_error(fyp)) {
        ok = false;
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        if (e) {
            *line = e->line;
            *col = e->column;
            snprintf(msg, msglen, "%s", e->msg ? e->msg : "syntax error");
        } else {
            snprintf(msg, msglen, "not valid %s", json ? "JSON" : "YAML");
        }
    }
    if (ok) {
        if (c.failed)
            problem(p, c.err_loc, "%s", c.err);
        for (size_t i = 0; i < roots.len; i++) {
            p->out->documents++;
            read_document(p, roots.items[i]);
        }
    }
    mt_vec_free(&roots);
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    return ok;
}

/* The length of the line starting at d[i] without its break, and in
 * *next where the next line starts: lines end at LF, CRLF or a lone CR, as
 * YAML (and libfyaml's positions) count them. */
static size_t line_len(const char *d, size_t len, size_t i, size_t *next)
{
    size_t k = i;
    while (k < len && d[k] != '\n' && d[k] != '\r')
        k++;
    size_t n = k - i;
    if (k < len && d[k] == '\r' && k + 1 < len && d[k + 1] == '\n')
        k++;
    *next = k + 1;
    return n;
}

/* 1-based line and column (in characters) of byte offset off of d. */
static wl_loc offset_loc(const char *d, size_t len, size_t off)
{
    wl_loc l = {1, 1};
    for (size_t i = 0; i < off; i++) {
        if (d[i] == '\r' && i + 1 < len && d[i + 1] == '\n')
            continue;
        if (d[i] == '\n' || d[i] == '\r') {
            l.line++;
            l.col = 1;
        } else if (((unsigned char)d[i] & 0xC0) != 0x80) {
            l.col++;
        }
    }
    return l;
}

/* libfyaml may place an error at the end of input one line past the text:
 * keep positions inside it. */
static wl_loc clamp_loc(const char *data, size_t len, int line, int col)
{
    wl_loc end = offset_loc(data, len, len);
    if (line > end.line || (line == end.line && col > end.col))
        return end;
    return (wl_loc){line, col};
}

/* libfyaml 0.7.12 frees memory twice when it cleans up after some errors
 * in explicit keys: a `?` key indicator, and a tab before a block indicator
 * ("? a:\t- b", "? a:\t?"). Random and fuzzed inputs that crash it all
 * hold both, which Compose files do not use; returns the offset of such a
 * tab, or len. */
static size_t libfyaml_crash_at(const char *d, size_t len)
{
    bool question = false;
    size_t tab = len;
    for (size_t k = 0; k < len; k++) {
        if (d[k] == '?' && (k + 1 == len || d[k + 1] == ' ' || d[k + 1] == '\t' ||
                            d[k + 1] == '\n' || d[k + 1] == '\r'))
            question = true;
        if (d[k] == '\t' && tab == len) {
            size_t j = k;
            while (j < len && (d[j] == ' ' || d[j] == '\t'))
                j++;
            if (j < len && strchr("-?:|>", d[j]))
                tab = k;
        }
        if (question && tab < len)
            return tab;
    }
    return len;
}

void cp_parse(mt_arena *a, const char *data, size_t len, cp_file *out)
{
    memset(out, 0, sizeof(*out));
    pctx p = {.a = a, .out = out};
    size_t bad = mt_utf8_invalid_at(data, len);
    if (bad < len) {
        problem(&p, offset_loc(data, len, bad), "invalid UTF-8 (byte 0x%02x at offset %zu)",
                (unsigned char)data[bad], bad);
        return;
    }
    /* YAML allows no control characters but tab, LF and CR (and libfyaml
     * 0.7.12 crashes on some NUL bytes) */
    for (size_t k = 0; k < len; k++) {
        unsigned char ch = (unsigned char)data[k];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F) {
            problem(&p, offset_loc(data, len, k),
                    "control character U+%04X; YAML allows only tab, line feed and carriage "
                    "return",
                    ch);
            return;
        }
    }
    size_t tab = libfyaml_crash_at(data, len);
    if (tab < len) {
        problem(&p, offset_loc(data, len, tab),
                "a tab before an indicator (-, ?, :, |, >) in a file with explicit keys (? ); "
                "moat does not read this combination (the YAML library crashes on some of it): "
                "use spaces");
        return;
    }
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    if (i == len)
        return; /* empty */
    /* Line breaks become LF: YAML reads CR LF and a lone CR as LF anyway,
     * lines and columns stay the same, and libfyaml 0.7.12 leaks memory
     * formatting quoted scalars that span CR line breaks. */
    char *norm = NULL;
    const char *text = data;
    size_t tlen = len;
    if (memchr(data, '\r', len)) {
        norm = mt_xmalloc(len + 1);
        tlen = 0;
        for (size_t k = 0; k < len; k++) {
            if (data[k] == '\r') {
                norm[tlen++] = '\n';
                if (k + 1 < len && data[k + 1] == '\n')
                    k++;
            } else {
                norm[tlen++] = data[k];
            }
        }
        norm[tlen] = '\0';
        text = norm;
    }
    int line, col;
    char msg[320];
    if (!(data[i] == '{' && load(&p, text, tlen, true, &line, &col, msg, sizeof(msg))) &&
        !load(&p, text, tlen, false, &line, &col, msg, sizeof(msg)))
        problem(&p, clamp_loc(data, len, line, col), "not valid YAML: %s", msg);
    free(norm);
    if (p.dropped) {
        /* the last slot says how many were left out */
        cp_problem *last = out->problems.items[out->problems.len - 1];
        last->msg = mt_arena_printf(a, "%s (and %zu more problems not listed)", last->msg,
                                    p.dropped);
    }
}

void cp_file_free(cp_file *f)
{
    for (size_t i = 0; i < f->services.len; i++) {
        cp_service *s = f->services.items[i];
        mt_vec_free(&s->networks);
        mt_vec_free(&s->uses);
        wl_workload_free(s->w);
    }
    mt_vec_free(&f->services);
    mt_vec_free(&f->networks);
    mt_vec_free(&f->problems);
}

/* ---- detection ---- */

bool cp_match_name(const char *path)
{
    const char *b = mt_basename(path);
    static const char *const stems[] = {"compose", "docker-compose"};
    for (size_t i = 0; i < MT_ARRAY_LEN(stems); i++) {
        size_t sl = strlen(stems[i]);
        if (strncasecmp(b, stems[i], sl) != 0 || b[sl] != '.')
            continue;
        /* STEM.yaml, STEM.yml, STEM.ANYTHING.yaml (override, prod, ...) */
        const char *rest = b + sl;
        if (!strcasecmp(rest, ".yaml") || !strcasecmp(rest, ".yml"))
            return true;
        if (rest[1] != '.' && strlen(rest) > 5 &&
            (mt_endswith_ci(rest, ".yaml") || mt_endswith_ci(rest, ".yml")))
            return true;
    }
    return false;
}

bool cp_maybe_name(const char *path)
{
    return mt_endswith_ci(path, ".yaml") || mt_endswith_ci(path, ".yml");
}

/* `key:` at the start of line (plain, or quoted). */
static bool line_key(const char *l, size_t n, const char *key, size_t *after)
{
    size_t kl = strlen(key);
    size_t i = 0;
    char q = (n > 0 && (l[0] == '"' || l[0] == '\'')) ? l[0] : 0;
    if (q)
        i = 1;
    if (n < i + kl || memcmp(l + i, key, kl) != 0)
        return false;
    i += kl;
    if (q) {
        if (i >= n || l[i] != q)
            return false;
        i++;
    }
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    if (i >= n || l[i] != ':')
        return false;
    i++;
    if (i < n && l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
        return false;
    *after = i;
    return true;
}

static bool sniff_json(const char *d, size_t len)
{
    /* a JSON object with a "services" key whose value is an object, and no
     * Kubernetes apiVersion */
    bool services = false;
    for (size_t i = 0; i + 10 <= len; i++) {
        if (d[i] != '"')
            continue;
        if (len - i >= 12 && !memcmp(d + i, "\"apiVersion\"", 12))
            return false;
        if (memcmp(d + i, "\"services\"", 10) != 0)
            continue;
        size_t j = i + 10;
        while (j < len && isspace((unsigned char)d[j]))
            j++;
        if (j < len && d[j] == ':') {
            j++;
            while (j < len && isspace((unsigned char)d[j]))
                j++;
            if (j < len && d[j] == '{')
                services = true;
        }
    }
    return services;
}

/* A line of the services block that holds a key every Compose service has
 * one of: image, build or extends (or a merge key bringing them), at its
 * start or inside a flow mapping ({image: x}). */
static bool service_key_line(const char *l, size_t n)
{
    static const char *const keys[] = {"image", "build", "extends", "<<"};
    for (size_t p = 0; p < n; p++) {
        if (p > 0 && l[p - 1] != '{' && l[p - 1] != ',' && l[p - 1] != ' ')
            continue;
        size_t q = p + (l[p] == '"' || l[p] == '\'');
        for (size_t k = 0; k < MT_ARRAY_LEN(keys); k++) {
            size_t kl = strlen(keys[k]);
            if (q + kl > n || memcmp(l + q, keys[k], kl) != 0)
                continue;
            size_t e = q + kl + (q > p);
            if (e < n && l[e] == ':')
                return true;
        }
    }
    return false;
}

bool cp_sniff(const char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
        i = 3;
    size_t k = i;
    while (k < len && isspace((unsigned char)d[k]))
        k++;
    if (k < len && d[k] == '{')
        return sniff_json(d + k, len - k);
    /* a top-level services mapping holding a key of a service (image,
     * build, extends), and no Kubernetes apiVersion + kind */
    bool services = false, api = false, kind = false, service_key = false;
    bool want_block = false; /* after `services:` with nothing on the line */
    bool in_services = false;
    while (i < len) {
        const char *l = d + i;
        size_t n = line_len(d, len, i, &i);
        size_t ind = 0;
        while (ind < n && (l[ind] == ' ' || l[ind] == '\t'))
            ind++;
        if (ind == n || l[ind] == '#')
            continue; /* blank or comment */
        if (want_block) {
            want_block = false;
            /* the services mapping: indented, and not a list */
            if (ind > 0 && l[ind] != '-')
                services = in_services = true;
        }
        if (ind > 0) {
            if (in_services && service_key_line(l + ind, n - ind))
                service_key = true;
            continue;
        }
        in_services = false;
        if (n >= 3 && (!memcmp(l, "---", 3) || !memcmp(l, "...", 3)))
            continue;
        size_t after;
        if (line_key(l, n, "apiVersion", &after))
            api = true;
        else if (line_key(l, n, "kind", &after))
            kind = true;
        else if (line_key(l, n, "services", &after)) {
            while (after < n && (l[after] == ' ' || l[after] == '\t'))
                after++;
            if (after == n || l[after] == '#')
                want_block = true;
            else if (l[after] == '*')
                services = service_key = true;
            else if (l[after] == '{') {
                /* a flow mapping, maybe continued on the next lines */
                services = in_services = true;
                service_key = service_key || service_key_line(l + after, n - after);
            }
        }
    }
    return services && service_key && !(api && kind);
}

/* ---- inline suppressions ---- */

#define MAX_IGNORE_COMMENTS 10000

/* A suppression comment alone on its line, waiting for the code it covers. */
typedef struct ignore_comment {
    int line;
    const char *text; /* after the '#', in the file's text */
    size_t len;
} ignore_comment;

/* Registers the suppressions written in `#` comments (`# moat:ignore=ID[,ID]
 * reason`, `# trivy:ignore:ID[:exp:YYYY-MM-DD]`, read by core/pragma.c). A
 * comment after other text covers its own line; a comment alone on its line
 * covers that line and the next line that is not blank or a comment. At most
 * MAX_IGNORE_COMMENTS per file. */
static void hash_comment_ignores(mt_scan_file *f)
{
    const char *d = f->data;
    size_t len = f->len, i = 0;
    int line = 0;
    size_t added = 0;
    bool capped = false;
    mt_vec pending = {0}; /* ignore_comment*: alone on their line, waiting for code */
    while (i < len) {
        const char *l = d + i;
        size_t n = line_len(d, len, i, &i);
        line++;
        /* the comment: a # at the start or after a blank, outside quotes */
        char q = 0;
        size_t h = n;
        bool text_before = false;
        for (size_t k = 0; k < n; k++) {
            char ch = l[k];
            if (q) {
                if (ch == q)
                    q = 0;
                continue;
            }
            if (ch == '#' && (k == 0 || l[k - 1] == ' ' || l[k - 1] == '\t')) {
                h = k;
                break;
            }
            if (ch == '"' || ch == '\'')
                q = ch;
            if (ch != ' ' && ch != '\t' && ch != '\r')
                text_before = true;
        }
        if (text_before) {
            /* code: the comments waiting above cover it */
            for (size_t k = 0; k < pending.len; k++) {
                ignore_comment *ic = pending.items[k];
                mt_pragma_comment(f, ic->text, ic->len, ic->line, line);
                free(ic);
            }
            pending.len = 0;
        }
        if (h == n || (!memmem(l + h, n - h, "moat:ignore=", 12) && !memmem(l + h, n - h, "trivy:ignore:", 13)))
            continue;
        if (added >= MAX_IGNORE_COMMENTS) {
            capped = true;
            continue;
        }
        added++;
        if (text_before) {
            mt_pragma_comment(f, l + h + 1, n - h - 1, line, line);
        } else {
            ignore_comment *ic = mt_xmalloc(sizeof(*ic));
            *ic = (ignore_comment){line, l + h + 1, n - h - 1};
            mt_vec_push(&pending, ic);
        }
    }
    for (size_t k = 0; k < pending.len; k++) {
        ignore_comment *ic = pending.items[k];
        mt_pragma_comment(f, ic->text, ic->len, ic->line, ic->line);
        free(ic);
    }
    mt_vec_free(&pending);
    if (capped)
        mt_report_warn(f->report, "%s: more than %d suppression comments; the rest are not used",
                       f->path, MAX_IGNORE_COMMENTS);
}

/* ---- emitting ---- */

/* wl_emit_fn for the analyzer: like wl_emit_to_file(), with YAML's line
 * breaks (a lone CR ends a line too), through the engine's line index. */
typedef struct emit_ctx {
    mt_scan_file *f;
} emit_ctx;

static void emit_init(emit_ctx *e, mt_scan_file *f)
{
    e->f = f;
}

static void emit_finding(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    emit_ctx *e = ud;
    char snippet[241]; /* what mt_emit_msg() keeps */
    const char *snip = mt_scan_line(e->f, loc.line, true, snippet, sizeof(snippet));
    mt_emit_msg(e->f, rule, loc.line, loc.line, loc.col, snip, msg);
}

/* ---- CP0002: backends on networks that are not internal ---- */

/* True when the network is known not to be internal: declared without
 * `internal: true`, or the implicit default network. Networks made outside
 * the file (external), set through variables, or not declared here (an
 * override file may use its base file's) are unknown: false. */
static bool network_open(const mt_strmap *nets, const char *name)
{
    bool found = false;
    const cp_network *def = mt_strmap_get(nets, name, &found);
    if (!found)
        return !strcmp(name, "default");
    if (def->variable || def->external)
        return false;
    return def->internal != WL_TRUE;
}

static void check_internal_networks(emit_ctx *e, const cp_file *cf)
{
    const mt_rule *rule = &cp_rule_table[R_INTERNAL_NET];
    if (!mt_rule_enabled(e->f, rule))
        return;
    /* networks by name (the last definition wins, as in a later document),
     * and the services others use */
    mt_strmap nets = {0}, used = {0};
    for (size_t i = 0; i < cf->networks.len; i++) {
        cp_network *n = cf->networks.items[i];
        mt_strmap_put(&nets, n->name, n);
    }
    for (size_t i = 0; i < cf->services.len; i++) {
        const cp_service *s = cf->services.items[i];
        for (size_t j = 0; j < s->uses.len; j++) {
            const wl_str *u = s->uses.items[j];
            if (strcmp(u->value, s->w->name) != 0)
                mt_strmap_put(&used, u->value, (void *)s);
        }
    }
    for (size_t i = 0; i < cf->services.len; i++) {
        const cp_service *s = cf->services.items[i];
        const wl_container *ct = s->w->containers.items[0];
        bool is_used = false;
        mt_strmap_get(&used, s->w->name, &is_used);
        if (ct->ports.len || (!s->has_expose && !is_used))
            continue; /* published (a front end), or nobody uses it */
        char nets_msg[256] = "";
        wl_loc at = {0, 0};
        int count = 0;
        if (s->network_mode.value) {
            /* host: WL1008; none, service:, container:: no network of its own */
            if (strcmp(s->network_mode.value, "bridge") != 0)
                continue;
            snprintf(nets_msg, sizeof(nets_msg), "\"bridge\"");
            at = s->network_mode.loc;
            count = 1;
        } else if (s->networks.len == 0) {
            if (!network_open(&nets, "default"))
                continue;
            snprintf(nets_msg, sizeof(nets_msg), "\"default\"");
            at = s->w->loc;
            count = 1;
        } else {
            for (size_t j = 0; j < s->networks.len; j++) {
                const wl_str *ns = s->networks.items[j];
                if (!network_open(&nets, ns->value))
                    continue;
                if (!count)
                    at = ns->loc;
                size_t l = strlen(nets_msg);
                if (l + strlen(ns->value) + 8 < sizeof(nets_msg))
                    snprintf(nets_msg + l, sizeof(nets_msg) - l, "%s\"%s\"", count ? ", " : "",
                             ns->value);
                count++;
            }
        }
        if (!count)
            continue;
        char msg[512];
        snprintf(msg, sizeof(msg),
                 "service \"%s\" publishes no ports and serves other services, but network%s %s "
                 "%s not internal: it can reach the internet",
                 s->w->name, count > 1 ? "s" : "", nets_msg, count > 1 ? "are" : "is");
        utf8_trim(msg);
        emit_finding(e, rule, at, msg);
    }
    mt_strmap_free(&nets);
    mt_strmap_free(&used);
}

/* ---- the analyzer ---- */

static void cp_scan(mt_scan_file *f)
{
    if (!f->settings->disable_ignore_pragma)
        hash_comment_ignores(f);
    mt_arena a;
    mt_arena_init(&a);
    cp_file cf;
    cp_parse(&a, f->data, f->len, &cf);
    emit_ctx e;
    emit_init(&e, f);
    for (size_t i = 0; i < cf.problems.len; i++) {
        const cp_problem *pr = cf.problems.items[i];
        emit_finding(&e, &cp_rule_table[R_PARSE], pr->loc, pr->msg);
    }
    for (size_t i = 0; i < cf.services.len; i++) {
        const cp_service *s = cf.services.items[i];
        wl_check(s->w, emit_finding, &e);
    }
    check_internal_networks(&e, &cf);
    cp_file_free(&cf);
    mt_arena_free(&a);
}

/* The Compose rules; the workload rules it also runs are listed once, by
 * the rules-only "workload" entry of the analyzer table (wl.c). */
static const mt_rule *cp_rule_at(size_t i)
{
    return i < R_COUNT ? &cp_rule_table[i] : NULL;
}

const mt_analyzer mt_compose_analyzer = {
    .type = "compose",
    .class = "config",
    .match_name = cp_match_name,
    .sniff = cp_sniff,
    .maybe_name = cp_maybe_name,
    .scan = cp_scan,
    .nrules = R_COUNT,
    .rule_at = cp_rule_at,
};
