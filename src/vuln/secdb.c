/* secdb.c — see secdb.h. Alpine secdb (YAML or JSON) with libfyaml. */
#include "vuln/secdb.h"

#include "core/yaml.h"

#include <libfyaml.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/version.h"

#define SECDB_MAX_ID 128 /* bytes of one identifier */

/* One vulnerability being gathered: its id, aliases and affected packages. */
typedef struct {
    const char *pkg; /* in the output arena */
    const char *ver; /* in the output arena: the highest fix seen */
    size_t seq;      /* file order of the first listing */
} sb_aff;

typedef struct {
    char *id; /* in the temporary arena */
    mt_vec aliases; /* char*, output arena; [0] is the id itself */
    mt_vec aff;     /* sb_aff* */
} sb_rec;

typedef struct idlist idlist;

typedef struct {
    mt_arena *a;   /* output */
    mt_arena tmp;  /* builders */
    const char *path;
    char *err;
    size_t errlen;
    bool failed;
    mt_vec problem_list; /* char*, output arena */
    size_t nproblems;
    char first_problem[720];
    const char *ecosystem; /* "Alpine:" + distroversion, output arena */
    mt_strmap recs;        /* id -> sb_rec* */
    mt_vec order;          /* sb_rec*, creation order */
    mt_strmap seen;        /* "a"+id+alias -> 1, "f"+id+pkg -> sb_aff* */
    size_t seq;
    idlist *ids;   /* scratch for one entry */
    char snip[96]; /* scratch for snippet() */
} sctx;

/* ---- positions and messages ---- */

static const char *src_name(const sctx *c)
{
    return c->path ? c->path : "<secdb>";
}

/* "FILE:LINE:COL: " (or "FILE: ") for node n into buf. */
static void where(const sctx *c, struct fy_node *n, char *buf, size_t n_buf)
{
    const struct fy_mark *m = mt_yaml_mark(n);
    if (m) {
        int col = m->column + 1;
        /* libfyaml marks an alias at its name, one past the '*', and a
         * quoted scalar at its text, one past the quote */
        enum fy_node_style st =
            fy_node_get_type(n) == FYNT_SCALAR ? fy_node_get_style(n) : FYNS_ANY;
        if ((st == FYNS_ALIAS || st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED) && col > 1)
            col--;
        snprintf(buf, n_buf, "%s:%d:%d: ", src_name(c), m->line + 1, col);
    } else {
        snprintf(buf, n_buf, "%s: ", src_name(c));
    }
}

/* "FILE:LINE:COL: MESSAGE" about node n into out. */
static void vmessage(const sctx *c, struct fy_node *n, char *out, size_t outlen, const char *fmt,
                     va_list ap) __attribute__((format(printf, 5, 0)));
static void vmessage(const sctx *c, struct fy_node *n, char *out, size_t outlen, const char *fmt,
                     va_list ap)
{
    char pos[320], msg[384];
    where(c, n, pos, sizeof(pos));
    vsnprintf(msg, sizeof(msg), fmt, ap);
    snprintf(out, outlen, "%s%s", pos, msg);
}

static int fail(sctx *c, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(sctx *c, struct fy_node *n, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    if (!c->err || !c->errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vmessage(c, n, c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static void problem(sctx *c, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(sctx *c, struct fy_node *n, const char *fmt, ...)
{
    char text[sizeof(c->first_problem)];
    va_list ap;
    va_start(ap, fmt);
    vmessage(c, n, text, sizeof(text), fmt, ap);
    va_end(ap);
    if (c->nproblems++ == 0)
        memcpy(c->first_problem, text, sizeof(text));
    if (c->problem_list.len < SECDB_MAX_PROBLEMS)
        mt_vec_push(&c->problem_list, mt_arena_strdup(c->a, text));
}

/* ---- document access ---- */

/* Every alias anywhere in the document is an error: none is expanded. */
static int refuse_aliases(sctx *c, struct fy_node *n, int depth)
{
    bool deep = false;
    struct fy_node *bad = mt_yaml_first_alias(n, 100 - depth, &deep);
    if (!bad)
        return 0;
    return fail(c, bad, deep ? "nesting too deep" : "YAML aliases are not supported");
}


/* Where to point at value v of key k: a scalar value itself, else its key
 * (a collection has no position of its own, only its children). */
static struct fy_node *pos(struct fy_node *v, struct fy_node *k)
{
    if (v && fy_node_get_type(v) == FYNT_SCALAR && mt_yaml_mark(v))
        return v;
    return k && mt_yaml_mark(k) ? k : v;
}

/* The text of scalar n, the value of key k (may be NULL; what names it in
 * errors). Fails on non-scalars, on scalars above SECDB_MAX_SCALAR bytes
 * and on embedded NULs. */
static int scalar(sctx *c, struct fy_node *n, struct fy_node *k, const char *what,
                  const char **s, size_t *len)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR)
        return fail(c, pos(n, k), "%s: expected a scalar", what);
    *s = fy_node_get_scalar(n, len);
    if (!*s) {
        *s = "";
        *len = 0;
    }
    if (*len > SECDB_MAX_SCALAR)
        return fail(c, n, "%s: longer than %zu bytes", what, SECDB_MAX_SCALAR);
    if (memchr(*s, '\0', *len))
        return fail(c, n, "%s: holds a NUL byte", what);
    return 0;
}

/* The value of key in mapping m, or NULL; *keyp gets the key node. */
static struct fy_node *map_get(struct fy_node *m, const char *key, struct fy_node **keyp)
{
    *keyp = NULL;
    void *it = NULL;
    struct fy_node_pair *p;
    size_t klen = strlen(key);
    while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR)
            continue;
        size_t len;
        const char *s = fy_node_get_scalar(k, &len);
        if (s && len == klen && memcmp(s, key, len) == 0) {
            *keyp = k;
            return fy_node_pair_value(p);
        }
    }
    return NULL;
}

/* ---- identifiers ---- */

struct idlist {
    char cve[SECDB_MAX_IDS][SECDB_MAX_ID + 1];
    size_t ncve;
    char other[SECDB_MAX_IDS][SECDB_MAX_ID + 1];
    size_t nother;
    bool too_many;
    struct {
        size_t off, len;
    } bad[8]; /* words that are no identifier (the first 8) */
    size_t nbad;
};

/* Up to 80 bytes of s for a message, control bytes shown as '?'. */
static const char *snippet(sctx *c, const char *s, size_t n)
{
    size_t k = 0;
    for (; k < n && k < 80; k++)
        c->snip[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
    if (k < n) {
        memcpy(c->snip + k, "...", 3);
        k += 3;
    }
    c->snip[k] = '\0';
    return c->snip;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_alnum(char ch)
{
    return is_digit(ch) || is_alpha(ch);
}

static bool is_sep(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',' || ch == ';';
}

static void add_id(idlist *l, bool cve, const char *s, size_t n)
{
    char (*arr)[SECDB_MAX_ID + 1] = cve ? l->cve : l->other;
    size_t *cnt = cve ? &l->ncve : &l->nother;
    for (size_t i = 0; i < *cnt; i++)
        if (strlen(arr[i]) == n && memcmp(arr[i], s, n) == 0)
            return; /* "CVE-2017-17434-1" and "-2" name one CVE */
    if (*cnt == SECDB_MAX_IDS) {
        l->too_many = true;
        return;
    }
    memcpy(arr[*cnt], s, n);
    arr[*cnt][n] = '\0';
    (*cnt)++;
}

/* Whether t[0..n) starts with "CVE" in any case. */
static bool cve_prefix(const char *t, size_t n)
{
    return n >= 3 && (t[0] | 0x20) == 'c' && (t[1] | 0x20) == 'v' && (t[2] | 0x20) == 'e';
}

/* Length of a CVE id at t (t[0..3] is "CVE" in any case, t[3] one of
 * sep_ok), written into out as "CVE-YYYY-N..."; 0 if t is not one. */
static size_t match_cve(const char *t, size_t n, char *out)
{
    if (!cve_prefix(t, n))
        return 0;
    size_t i = 3;
    if (i >= n || (t[i] != '-' && t[i] != '_' && t[i] != ' '))
        return 0;
    i++;
    size_t y = i;
    while (i < n && is_digit(t[i]))
        i++;
    if (i - y != 4 || i >= n || t[i] != '-')
        return 0;
    i++;
    size_t d = i;
    while (i < n && is_digit(t[i]))
        i++;
    size_t nd = i - d;
    if (nd < 4 || nd > 19)
        return 0;
    if (i < n && is_alnum(t[i]))
        return 0; /* "CVE-2019-1234abc": not a CVE with a suffix */
    snprintf(out, SECDB_MAX_ID + 1, "CVE-%.4s-%.*s", t + y, (int)nd, t + d);
    return i;
}

/* "CVE-????-?????": a CVE not assigned yet. */
static bool is_placeholder(const char *t, size_t n)
{
    if (n < 5 || !cve_prefix(t, n) || t[3] != '-')
        return false;
    bool q = false;
    for (size_t i = 4; i < n; i++) {
        if (t[i] == '?')
            q = true;
        else if (t[i] != '-')
            return false;
    }
    return q;
}

/* PREFIX-PART[-PART...]: letters and digits, a letter first, a digit
 * somewhere (GHSA ids may lack one), at most SECDB_MAX_ID bytes. */
static bool is_advisory_id(const char *t, size_t n)
{
    if (n == 0 || n > SECDB_MAX_ID || !is_alpha(t[0]))
        return false;
    bool dash = false, digit = false, prev_dash = false;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '-') {
            if (prev_dash || i + 1 == n)
                return false;
            dash = prev_dash = true;
        } else if (is_alnum(t[i])) {
            digit |= is_digit(t[i]);
            prev_dash = false;
        } else {
            return false;
        }
    }
    return dash && (digit || (n > 5 && memcmp(t, "GHSA-", 5) == 0));
}

/* Finds the ids of one entry, and the words that are none. */
static void extract_ids(const char *s, size_t len, idlist *l)
{
    size_t i = 0;
    while (i < len) {
        char ch = s[i];
        if (is_sep(ch) || ch == ')') {
            i++;
            continue;
        }
        if (ch == '(') { /* a comment, nested parentheses included */
            size_t depth = 0;
            while (i < len) {
                if (s[i] == '(')
                    depth++;
                else if (s[i] == ')' && --depth == 0)
                    break;
                i++;
            }
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_sep(s[j]) && s[j] != '(' && s[j] != ')')
            j++;
        const char *t = s + i;
        size_t tn = j - i;
        char cve[SECDB_MAX_ID + 1];
        /* "CVE 2018-16859": the id is split by a blank */
        if (tn == 3 && cve_prefix(t, tn)) {
            size_t k = j;
            while (k < len && (s[k] == ' ' || s[k] == '\t'))
                k++;
            size_t e = k;
            while (e < len && !is_sep(s[e]) && s[e] != '(' && s[e] != ')')
                e++;
            char joined[64];
            if (k > j && e - k < sizeof(joined) - 4) {
                snprintf(joined, sizeof(joined), "CVE-%.*s", (int)(e - k), s + k);
                if (match_cve(joined, strlen(joined), cve)) {
                    add_id(l, true, cve, strlen(cve));
                    i = e;
                    continue;
                }
            }
        }
        if (match_cve(t, tn, cve)) {
            add_id(l, true, cve, strlen(cve));
        } else if (is_placeholder(t, tn)) {
            /* no CVE assigned yet: nothing to take */
        } else {
            size_t tl = tn;
            while (tl && (t[tl - 1] == '.' || t[tl - 1] == ':'))
                tl--;
            bool cve_like = tn > 3 && cve_prefix(t, tn) && (t[3] == '-' || t[3] == '_');
            if (!cve_like && is_advisory_id(t, tl)) {
                add_id(l, false, t, tl);
            } else {
                if (l->nbad < MT_ARRAY_LEN(l->bad)) {
                    l->bad[l->nbad].off = i;
                    l->bad[l->nbad].len = tn;
                }
                l->nbad++;
            }
        }
        i = j;
    }
}

/* ---- gathering ---- */

/* A map key made of length-prefixed parts: never ambiguous. */
static char *key3(mt_buf *b, char tag, const char *x, const char *y)
{
    mt_buf_clear(b);
    mt_buf_printf(b, "%c%zu:%s%zu:%s", tag, strlen(x), x, strlen(y), y);
    return b->data;
}

static sb_rec *get_rec(sctx *c, const char *id)
{
    bool found;
    sb_rec *r = mt_strmap_get(&c->recs, id, &found);
    if (found)
        return r;
    r = mt_arena_alloc(&c->tmp, sizeof(*r));
    r->id = mt_arena_strdup(&c->tmp, id);
    mt_vec_push(&r->aliases, mt_arena_strdup(c->a, id));
    mt_strmap_put(&c->recs, id, r);
    mt_vec_push(&c->order, r);
    return r;
}

static void add_alias(sctx *c, mt_buf *kb, sb_rec *r, const char *alias)
{
    bool found;
    if (strcmp(r->id, alias) == 0)
        return;
    key3(kb, 'a', r->id, alias);
    mt_strmap_get(&c->seen, kb->data, &found);
    if (found)
        return;
    mt_strmap_put(&c->seen, kb->data, r);
    mt_vec_push(&r->aliases, mt_arena_strdup(c->a, alias));
}

static int add_fix(sctx *c, mt_buf *kb, sb_rec *r, const char *pkg, const char *ver,
                   struct fy_node *at)
{
    bool found;
    key3(kb, 'f', r->id, pkg);
    sb_aff *f = mt_strmap_get(&c->seen, kb->data, &found);
    if (found) {
        if (mt_vercmp_apk(ver, f->ver) > 0)
            f->ver = ver;
        return 0;
    }
    if (c->seq == SECDB_MAX_AFFECTED)
        return fail(c, at, "more than %d affected entries in one file", SECDB_MAX_AFFECTED);
    f = mt_arena_alloc(&c->tmp, sizeof(*f));
    f->pkg = pkg;
    f->ver = ver;
    f->seq = c->seq++;
    mt_strmap_put(&c->seen, kb->data, f);
    mt_vec_push(&r->aff, f);
    return 0;
}

static int parse_secfixes(sctx *c, mt_buf *kb, const char *pkg, struct fy_node *fixes,
                          struct fy_node *fixes_key)
{
    if (mt_yaml_is_null(fixes))
        return 0;
    if (fy_node_get_type(fixes) != FYNT_MAPPING)
        return fail(c, pos(fixes, fixes_key), "%s: secfixes: expected a mapping of versions",
                    pkg);
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(fixes, &it)) != NULL) {
        struct fy_node *vk = fy_node_pair_key(p), *vv = fy_node_pair_value(p);
        const char *vs;
        size_t vlen;
        if (mt_yaml_is_null(vk)) {
            problem(c, mt_yaml_mark(vk) ? vk : vv ? vv : fixes, "%s: an empty version", pkg);
            continue;
        }
        if (scalar(c, vk, NULL, "version", &vs, &vlen))
            return -1;
        const char *ver = mt_arena_strndup(c->a, vs, vlen);
        bool never = strcmp(ver, "0") == 0; /* "not affected in this release" */
        if (mt_yaml_is_null(vv))
            continue;
        if (fy_node_get_type(vv) != FYNT_SEQUENCE)
            return fail(c, pos(vv, vk), "%s %s: expected a sequence of identifiers", pkg, ver);
        void *it2 = NULL;
        struct fy_node *entry;
        while ((entry = fy_node_sequence_iterate(vv, &it2)) != NULL) {
            if (mt_yaml_is_null(entry)) { /* no position of its own: the version's */
                problem(c, mt_yaml_mark(entry) ? entry : vk, "%s %s: an empty entry", pkg, ver);
                continue;
            }
            const char *es;
            size_t elen;
            if (scalar(c, entry, NULL, "entry", &es, &elen))
                return -1;
            idlist *l = c->ids;
            l->ncve = l->nother = l->nbad = 0;
            l->too_many = false;
            extract_ids(es, elen, l);
            if (l->too_many)
                problem(c, entry, "%s %s: more than %d identifiers in one entry", pkg, ver,
                        SECDB_MAX_IDS);
            if (l->ncve == 0 && l->nother == 0) {
                problem(c, entry, "%s %s: no identifier in \"%s\"", pkg, ver,
                        snippet(c, es, elen));
            } else {
                for (size_t k = 0; k < l->nbad && k < MT_ARRAY_LEN(l->bad); k++) {
                    size_t bl = l->bad[k].len;
                    problem(c, entry, "%s %s: not an identifier: \"%s\"", pkg, ver,
                            snippet(c, es + l->bad[k].off, bl));
                }
                if (l->nbad > MT_ARRAY_LEN(l->bad))
                    problem(c, entry, "%s %s: %zu more words that are no identifier", pkg, ver,
                            l->nbad - MT_ARRAY_LEN(l->bad));
            }
            if ((l->ncve || l->nother) && !never) {
                if (l->ncve) {
                    for (size_t i = 0; i < l->ncve; i++) {
                        sb_rec *r = get_rec(c, l->cve[i]);
                        if (add_fix(c, kb, r, pkg, ver, entry))
                            return -1;
                        for (size_t k = 0; k < l->nother; k++)
                            add_alias(c, kb, r, l->other[k]);
                    }
                } else {
                    for (size_t k = 0; k < l->nother; k++)
                        if (add_fix(c, kb, get_rec(c, l->other[k]), pkg, ver, entry))
                            return -1;
                }
            }
        }
    }
    return 0;
}

static int parse_root(sctx *c, struct fy_node *root)
{
    if (!root || fy_node_get_type(root) != FYNT_MAPPING)
        return fail(c, root, "expected a mapping at the top of the document");
    struct fy_node *dvk, *dvn = map_get(root, "distroversion", &dvk);
    if (mt_yaml_is_null(dvn))
        return fail(c, root, "distroversion: missing");
    const char *dv;
    size_t dvlen;
    if (scalar(c, dvn, dvk, "distroversion", &dv, &dvlen))
        return -1;
    if (dvlen == 0)
        return fail(c, pos(dvn, dvk), "distroversion: empty");
    c->ecosystem = mt_arena_printf(c->a, "Alpine:%.*s", (int)dvlen, dv);

    struct fy_node *pkgsk, *pkgs = map_get(root, "packages", &pkgsk);
    if (!pkgs)
        return fail(c, root, "packages: missing");
    if (mt_yaml_is_null(pkgs))
        return 0;
    if (fy_node_get_type(pkgs) != FYNT_SEQUENCE)
        return fail(c, pos(pkgs, pkgsk), "packages: expected a sequence");

    mt_buf kb;
    mt_buf_init(&kb);
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while (rc == 0 && (item = fy_node_sequence_iterate(pkgs, &it)) != NULL) {
        if (fy_node_get_type(item) != FYNT_MAPPING) {
            rc = fail(c, item, "packages: expected a mapping with a pkg");
            break;
        }
        struct fy_node *pkgk, *pkg = map_get(item, "pkg", &pkgk);
        if (!pkg || fy_node_get_type(pkg) != FYNT_MAPPING) {
            rc = fail(c, pkg ? pos(pkg, pkgk) : item, "pkg: expected a mapping with a name");
            break;
        }
        struct fy_node *nk, *nn = map_get(pkg, "name", &nk);
        const char *name;
        size_t nlen;
        if (mt_yaml_is_null(nn)) {
            rc = fail(c, pos(nn, nk) ? pos(nn, nk) : pkg, "pkg: no name");
            break;
        }
        if (scalar(c, nn, nk, "name", &name, &nlen)) {
            rc = -1;
            break;
        }
        if (nlen == 0) {
            rc = fail(c, pos(nn, nk), "pkg: empty name");
            break;
        }
        const char *pname = mt_arena_strndup(c->a, name, nlen);
        struct fy_node *sk, *sv = map_get(pkg, "secfixes", &sk);
        rc = parse_secfixes(c, &kb, pname, sv, sk);
    }
    mt_buf_free(&kb);
    return rc;
}

/* ---- output ---- */

static int cmp_rec(const void *x, const void *y)
{
    const sb_rec *a = *(sb_rec *const *)x, *b = *(sb_rec *const *)y;
    return strcmp(a->id, b->id);
}

static int cmp_aff(const void *x, const void *y)
{
    const sb_aff *a = *(sb_aff *const *)x, *b = *(sb_aff *const *)y;
    int r = strcmp(a->pkg, b->pkg);
    if (r)
        return r;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static vr_record *emit(sctx *c, sb_rec *sr)
{
    vr_record *r = mt_arena_alloc(c->a, sizeof(*r));
    r->id = mt_arena_printf(c->a, "ALPINE-%s", sr->id);
    r->naliases = sr->aliases.len;
    r->aliases = mt_arena_alloc(c->a, r->naliases * sizeof(*r->aliases));
    for (size_t i = 0; i < r->naliases; i++)
        r->aliases[i] = sr->aliases.items[i];
    if (r->naliases > 2)
        qsort(r->aliases + 1, r->naliases - 1, sizeof(*r->aliases), cmp_str);
    if (sr->aff.len > 1)
        qsort(sr->aff.items, sr->aff.len, sizeof(void *), cmp_aff);
    r->naffected = sr->aff.len;
    r->affected = mt_arena_alloc(c->a, r->naffected * sizeof(*r->affected));
    for (size_t i = 0; i < r->naffected; i++) {
        const sb_aff *f = sr->aff.items[i];
        vr_affected *af = &r->affected[i];
        af->ecosystem = (char *)c->ecosystem;
        af->name = (char *)f->pkg;
        af->ranges = mt_arena_alloc(c->a, sizeof(*af->ranges));
        af->nranges = 1;
        af->ranges[0].type = VR_RANGE_ECOSYSTEM;
        af->ranges[0].events = mt_arena_alloc(c->a, 2 * sizeof(vr_event));
        af->ranges[0].nevents = 2;
        af->ranges[0].events[0].kind = VR_EV_INTRODUCED;
        af->ranges[0].events[0].version = mt_arena_strdup(c->a, "0");
        af->ranges[0].events[1].kind = VR_EV_FIXED;
        af->ranges[0].events[1].version = (char *)f->ver;
    }
    return r;
}

/* ---- entry points ---- */

/* Checks that data is UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF) without NUL bytes, as YAML and JSON require.
 * Besides keeping bad bytes out of the records, this keeps them away from
 * libfyaml 0.7.12, which loops forever on a reserved directive ("%x ...")
 * holding invalid UTF-8. Returns 0, or -1 with line and column (1-based,
 * in bytes) of the first bad byte. */
static int check_utf8(const unsigned char *s, size_t n, int *line, int *col)
{
    size_t bad = mt_utf8_invalid_at((const char *)s, n);
    const unsigned char *nul = memchr(s, 0, bad);
    if (nul)
        bad = (size_t)(nul - s);
    if (bad == n)
        return 0;
    int ln = 1;
    size_t bol = 0;
    for (size_t i = 0; i < bad; i++)
        if (s[i] == '\n') {
            ln++;
            bol = i + 1;
        }
    *line = ln;
    *col = (int)(bad - bol) + 1;
    return -1;
}

static struct fy_document *load(sctx *c, const char *data, size_t len)
{
    bool json = c->path && mt_endswith_ci(c->path, ".json");
    bool empty;
    int line, col;
    char msg[256];
    /* Aliases are left unresolved: the walk below refuses any alias before
     * anything reads the tree. libfyaml's depth limit (64) and duplicate-key
     * check stay on. */
    struct fy_document *doc = mt_yaml_load(data, len, json, &empty, &line, &col, msg, sizeof(msg));
    if (doc)
        return doc;
    c->failed = true;
    if (c->err && c->errlen) {
        if (empty)
            snprintf(c->err, c->errlen, "%s: invalid %s: empty document", src_name(c),
                     json ? "JSON" : "YAML");
        else
            snprintf(c->err, c->errlen, "%s:%d:%d: invalid %s: %s", src_name(c), line, col,
                     json ? "JSON" : "YAML", msg);
    }
    return NULL;
}

int secdb_parse_ex(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                   mt_vec *problems, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    sctx c = {.a = a, .path = path, .err = err, .errlen = errlen};
    if (len > SECDB_MAX_DOC) {
        fail(&c, NULL, "document larger than %zu bytes", SECDB_MAX_DOC);
        return -1;
    }
    if (!data)
        data = "";
    int bl, bc;
    if (check_utf8((const unsigned char *)data, len, &bl, &bc) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s:%d:%d: not UTF-8 text (or a NUL byte)", src_name(&c), bl,
                     bc);
        return -1;
    }
    mt_arena_init(&c.tmp);
    c.ids = mt_xcalloc(1, sizeof(*c.ids));
    struct fy_document *doc = load(&c, data, len);
    int rc = -1;
    if (doc) {
        struct fy_node *root = fy_document_root(doc);
        if (refuse_aliases(&c, root, 0) == 0 && parse_root(&c, root) == 0)
            rc = 0;
        fy_document_destroy(doc);
    }
    if (rc == 0) {
        if (c.order.len > 1)
            qsort(c.order.items, c.order.len, sizeof(void *), cmp_rec);
        for (size_t i = 0; i < c.order.len; i++)
            mt_vec_push(out, emit(&c, c.order.items[i]));
        rc = (int)c.order.len;
        for (size_t i = 0; problems && i < c.problem_list.len; i++)
            mt_vec_push(problems, c.problem_list.items[i]);
        if (c.nproblems && err && errlen)
            snprintf(err, errlen, "%zu problem%s, first: %s", c.nproblems,
                     c.nproblems == 1 ? "" : "s", c.first_problem);
    }
    for (size_t i = 0; i < c.order.len; i++) {
        sb_rec *r = c.order.items[i];
        mt_vec_free(&r->aliases);
        mt_vec_free(&r->aff);
    }
    mt_vec_free(&c.order);
    mt_vec_free(&c.problem_list);
    mt_strmap_free(&c.recs);
    mt_strmap_free(&c.seen);
    mt_arena_free(&c.tmp);
    free(c.ids);
    return rc;
}

int secdb_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                char *err, size_t errlen)
{
    return secdb_parse_ex(a, data, len, path, out, NULL, err, errlen);
}
