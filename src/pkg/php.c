/* php.c — the PHP parsers of lang.h (type "composer"), and the JSON reader
 * (lj_*, see lang.h) that they, Pipfile.lock (python.c) and deps.json
 * (dotnet.c) share.
 *
 * composer.lock: the objects of its "packages" and "packages-dev" arrays
 * (what `composer install` installs, with and without --no-dev);
 * vendor/composer/installed.json: what Composer installed, written by
 * Composer 1 as an array of the same objects and by Composer 2 as
 * {"packages": [...], "dev": ..., "dev-package-names": [...]}; every entry
 * is listed, dev packages too, since they are on disk. Of each object:
 * "name" ("vendor/package": two parts of letters, digits and "._-", each
 * starting with a letter or digit), "version" as written ("v6.4.1",
 * "1.2.3", "dev-main"), and "license": a string, or an array of SPDX
 * identifiers that Composer's schema defines as a choice, joined with
 * " OR " ("LGPL-2.1-only OR GPL-3.0-or-later"); entries of it that are not
 * strings are left out. Errors (with the line of the entry or of the bad
 * value): an entry that is not an object, a missing or invalid name or
 * version, a name listed twice (names are compared without case, as
 * Composer does); the entry is skipped. A file that is not JSON is one
 * error at the line where it stops being JSON.
 *
 * The JSON reader is written here rather than using jansson because the
 * errors must name the line of the record, and jansson keeps no position
 * for the values it returns. It is a recursive-descent parser of RFC 8259
 * (nothing more is accepted: no comments, no trailing commas, no
 * non-finite numbers) that keeps only the values up to a depth its caller
 * names and at most LJ_MAX_NODES of them, so memory stays proportional to
 * the shallow part of the document; recursion is bounded by LJ_MAX_DEPTH.
 * A UTF-8 byte-order mark at the start is skipped. Invalid UTF-8 inside
 * strings is passed through (the checks of each parser decide). */
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

/* ==== JSON reader ==== */

typedef struct {
    mt_arena *a;
    const char *p, *end;
    int line;
    int keep;     /* deepest depth whose values are stored */
    size_t nodes; /* values stored */
    const char *err;
    int errline;
} lj_parser;

static bool lj_fail_at(lj_parser *P, int line, const char *msg)
{
    if (!P->err) {
        P->err = msg;
        P->errline = line;
    }
    return false;
}

static bool lj_fail(lj_parser *P, const char *msg)
{
    return lj_fail_at(P, P->line, msg);
}

static void lj_ws(lj_parser *P)
{
    while (P->p < P->end) {
        char c = *P->p;
        if (c == '\n')
            P->line++;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        P->p++;
    }
}

static int lj_hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int h = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}


/* A string at p (on its quote). Its end is found first (which also
 * bounds the decoded size: no escape decodes to more bytes than it
 * takes), then it is decoded into the arena when keep, else only checked. */
static bool lj_string(lj_parser *P, bool keep, const char **out, size_t *olen)
{
    int start = P->line;
    const char *st = ++P->p, *q = st;
    while (q < P->end && *q != '"') {
        unsigned char u = (unsigned char)*q;
        if (u < 0x20)
            return lj_fail_at(P, start, "control character in a string");
        if (u == '\\' && P->end - q < 2)
            break; /* unterminated */
        q += u == '\\' ? 2 : 1;
    }
    if (q >= P->end || *q != '"')
        return lj_fail_at(P, start, "unterminated string");
    char *buf = keep ? mt_arena_alloc(P->a, (size_t)(q - st) + 1) : NULL;
    size_t o = 0;
    char tmp[4];
    for (const char *s = st; s < q;) {
        if (*s != '\\') {
            if (buf)
                buf[o] = *s;
            o++;
            s++;
            continue;
        }
        char e = s[1]; /* s + 1 < q: the scan above skipped the escaped byte */
        const char *simple = NULL;
        switch (e) {
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        case '/': simple = "/"; break;
        case 'b': simple = "\b"; break;
        case 'f': simple = "\f"; break;
        case 'n': simple = "\n"; break;
        case 'r': simple = "\r"; break;
        case 't': simple = "\t"; break;
        default: break;
        }
        if (simple) {
            if (buf)
                buf[o] = *simple;
            o++;
            s += 2;
            continue;
        }
        if (e != 'u')
            return lj_fail_at(P, start, "invalid escape in a string");
        if (q - s < 6 || lj_hex4(s + 2) < 0)
            return lj_fail_at(P, start, "invalid \\u escape in a string");
        unsigned long cp = (unsigned long)lj_hex4(s + 2);
        s += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && q - s >= 6 && s[0] == '\\' && s[1] == 'u') {
            int lo = lj_hex4(s + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (unsigned long)(lo - 0xDC00);
                s += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD; /* a lone surrogate */
        size_t tn = pkg_utf8_encode(tmp, (uint32_t)cp);
        if (buf)
            memcpy(buf + o, tmp, tn);
        o += tn;
    }
    if (buf) {
        buf[o] = '\0';
        *out = buf;
    } else {
        *out = NULL;
    }
    *olen = o;
    P->p = q + 1;
    return true;
}

static bool lj_digits(lj_parser *P)
{
    const char *st = P->p;
    while (P->p < P->end && *P->p >= '0' && *P->p <= '9')
        P->p++;
    return P->p > st;
}

static bool lj_number(lj_parser *P)
{
    if (P->p < P->end && *P->p == '-')
        P->p++;
    if (P->p < P->end && *P->p == '0')
        P->p++;
    else if (!lj_digits(P))
        return lj_fail(P, "invalid value");
    if (P->p < P->end && *P->p == '.') {
        P->p++;
        if (!lj_digits(P))
            return lj_fail(P, "invalid number");
    }
    if (P->p < P->end && (*P->p == 'e' || *P->p == 'E')) {
        P->p++;
        if (P->p < P->end && (*P->p == '+' || *P->p == '-'))
            P->p++;
        if (!lj_digits(P))
            return lj_fail(P, "invalid number");
    }
    return true;
}

static bool lj_literal(lj_parser *P, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(P->end - P->p) < n || memcmp(P->p, lit, n) != 0)
        return lj_fail(P, "invalid value");
    P->p += n;
    return true;
}

/* A value at p (blanks before it skipped here); *out is its node, or NULL
 * when it is deeper than P->keep. */
static bool lj_value(lj_parser *P, int depth, lj_val **out)
{
    *out = NULL;
    lj_ws(P);
    if (P->p >= P->end)
        return lj_fail(P, "unexpected end of the input");
    lj_val *v = NULL;
    if (depth <= P->keep) {
        if (++P->nodes > LJ_MAX_NODES)
            return lj_fail(P, "more than 1048576 values");
        v = mt_arena_alloc(P->a, sizeof(*v));
        v->line = P->line;
    }
    char c = *P->p;
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        char close = obj ? '}' : ']';
        if (depth >= LJ_MAX_DEPTH)
            return lj_fail(P, "objects and arrays nest more than 64 deep");
        P->p++;
        if (v)
            v->type = obj ? LJ_OBJ : LJ_ARR;
        lj_val **tail = v ? &v->child : NULL;
        lj_ws(P);
        if (P->p < P->end && *P->p == close) {
            P->p++;
            *out = v;
            return true;
        }
        for (;;) {
            const char *key = NULL;
            size_t keylen = 0;
            int kline = 0;
            if (obj) {
                lj_ws(P);
                if (P->p >= P->end || *P->p != '"')
                    return lj_fail(P, "expected a member name (a string)");
                kline = P->line;
                if (!lj_string(P, depth + 1 <= P->keep, &key, &keylen))
                    return false;
                lj_ws(P);
                if (P->p >= P->end || *P->p != ':')
                    return lj_fail(P, "expected ':' after a member name");
                P->p++;
            }
            lj_val *child = NULL;
            if (!lj_value(P, depth + 1, &child))
                return false;
            if (child && v) {
                if (obj) {
                    child->key = key;
                    child->keylen = keylen;
                    child->line = kline;
                }
                *tail = child;
                tail = &child->next;
                v->len++;
            }
            lj_ws(P);
            if (P->p < P->end && *P->p == ',') {
                P->p++;
                continue;
            }
            if (P->p < P->end && *P->p == close) {
                P->p++;
                break;
            }
            return lj_fail(P, obj ? "expected ',' or '}' in an object"
                                  : "expected ',' or ']' in an array");
        }
        *out = v;
        return true;
    }
    if (c == '"') {
        const char *s = NULL;
        size_t n = 0;
        if (!lj_string(P, v != NULL, &s, &n))
            return false;
        if (v) {
            v->type = LJ_STR;
            v->s = s;
            v->n = n;
        }
        *out = v;
        return true;
    }
    if (c == 't' || c == 'f') {
        if (!lj_literal(P, c == 't' ? "true" : "false"))
            return false;
        if (v) {
            v->type = LJ_BOOL;
            v->b = c == 't';
        }
        *out = v;
        return true;
    }
    if (c == 'n') {
        if (!lj_literal(P, "null"))
            return false;
        if (v)
            v->type = LJ_NULL;
        *out = v;
        return true;
    }
    const char *st = P->p;
    if (!lj_number(P))
        return false;
    if (v) {
        v->type = LJ_NUM;
        v->n = (size_t)(P->p - st);
        v->s = mt_arena_strndup(P->a, st, v->n);
    }
    *out = v;
    return true;
}

lj_val *lj_parse(mt_arena *a, const char *data, size_t len, int keep_depth, int *err_line,
                 const char **err_msg)
{
    lj_parser P;
    memset(&P, 0, sizeof(P));
    P.a = a;
    P.p = data;
    P.end = data ? data + len : data;
    P.line = 1;
    P.keep = keep_depth;
    if (data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        P.p += 3;
    lj_val *root = NULL;
    bool ok = lj_value(&P, 0, &root);
    if (ok) {
        lj_ws(&P);
        if (P.p < P.end)
            ok = lj_fail(&P, "unexpected text after the JSON value");
    }
    if (ok && !root)
        ok = lj_fail_at(&P, 0, "nothing kept"); /* keep_depth < 0 */
    if (!ok) {
        *err_line = P.errline;
        *err_msg = P.err;
        return NULL;
    }
    return root;
}

lj_val *lj_get(const lj_val *obj, const char *key)
{
    if (!obj || obj->type != LJ_OBJ)
        return NULL;
    size_t kn = strlen(key);
    lj_val *found = NULL;
    for (lj_val *m = obj->child; m; m = m->next) {
        if (m->keylen == kn && memcmp(m->key, key, kn) == 0)
            found = m;
    }
    return found;
}

const char *lj_type_name(const lj_val *v)
{
    switch (v ? v->type : LJ_NULL) {
    case LJ_NULL: return "null";
    case LJ_BOOL: return "a boolean";
    case LJ_NUM: return "a number";
    case LJ_STR: return "a string";
    case LJ_ARR: return "an array";
    case LJ_OBJ: return "an object";
    }
    return "a value";
}

/* ==== Composer ==== */

static char *lower_dup(mt_arena *a, const char *s, size_t n)
{
    char *d = mt_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++) {
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = (char)(d[i] - 'A' + 'a');
    }
    return d;
}

static const char *composer_check_name(const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    if (!slash)
        return "it is not 'vendor/package'";
    size_t vn = (size_t)(slash - s);
    const char *why = lang_check_name(s, vn, "._-");
    if (!why)
        why = lang_check_name(slash + 1, n - vn - 1, "._-");
    return why;
}

static char *composer_license(mt_arena *a, const lj_val *l)
{
    if (!l)
        return NULL;
    if (l->type == LJ_STR)
        return l->n && !lang_check_text(l->s, l->n) ? (char *)l->s : NULL;
    if (l->type != LJ_ARR)
        return NULL;
    mt_buf b;
    mt_buf_init(&b);
    for (const lj_val *e = l->child; e; e = e->next) {
        if (e->type != LJ_STR || e->n == 0 || lang_check_text(e->s, e->n))
            continue;
        if (b.len + 4 + e->n > PKG_MAX_VALUE)
            break;
        if (b.len)
            mt_buf_puts(&b, " OR ");
        mt_buf_put(&b, e->s, e->n);
    }
    char *r = b.len ? mt_arena_strndup(a, b.data, b.len) : NULL;
    mt_buf_free(&b);
    return r;
}

static void composer_entry(lang_ctx *c, const lj_val *e)
{
    if (e->type != LJ_OBJ) {
        pkg_error(&c->err, e->line, "package entry is %s, not an object", lj_type_name(e));
        return;
    }
    const lj_val *name = lj_get(e, "name"), *ver = lj_get(e, "version");
    if (!name || name->type != LJ_STR) {
        pkg_error(&c->err, name ? name->line : e->line, "package entry without a \"name\" string");
        return;
    }
    const char *why = composer_check_name(name->s, name->n);
    if (why) {
        pkg_error(&c->err, name->line, "invalid package name '%s': %s",
                  lang_quote(c->a, name->s, name->n), why);
        return;
    }
    if (!ver || ver->type != LJ_STR) {
        pkg_error(&c->err, ver ? ver->line : e->line, "package %s has no \"version\" string",
                  name->s);
        return;
    }
    why = lang_check_version(ver->s, ver->n);
    if (why) {
        pkg_error(&c->err, ver->line, "package %s: invalid version: %s", name->s, why);
        return;
    }
    if (lang_seen(c, lower_dup(c->a, name->s, name->n))) {
        pkg_error(&c->err, e->line, "package %s is listed twice", name->s);
        return;
    }
    mt_pkg *p = lang_emit(c, (char *)name->s, (char *)ver->s);
    p->license = composer_license(c->a, lj_get(e, "license"));
}

static void composer_list(lang_ctx *c, const lj_val *arr, const char *what)
{
    if (arr->type != LJ_ARR) {
        pkg_error(&c->err, arr->line, "\"%s\" is %s, not an array", what, lj_type_name(arr));
        return;
    }
    for (const lj_val *e = arr->child; e; e = e->next)
        composer_entry(c, e);
}

/* Keeps root -> packages -> entry -> license -> its items. */
#define COMPOSER_KEEP 4

static lj_val *composer_root(lang_ctx *c, const char *data, size_t len)
{
    int eline = 0;
    const char *emsg = NULL;
    lj_val *root = lj_parse(c->a, data, len, COMPOSER_KEEP, &eline, &emsg);
    if (!root)
        pkg_error(&c->err, eline, "not valid JSON: %s", emsg);
    return root;
}

size_t pkg_parse_composer_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                               mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "composer", db_path, out, errs);
    lj_val *root = composer_root(&c, data, len);
    if (!root)
        return lang_ctx_done(&c);
    if (root->type != LJ_OBJ) {
        pkg_error(&c.err, root->line, "the file is %s, not an object", lj_type_name(root));
        return lang_ctx_done(&c);
    }
    const lj_val *pk = lj_get(root, "packages"), *dev = lj_get(root, "packages-dev");
    if (!pk && !dev)
        pkg_error(&c.err, 0, "no \"packages\" or \"packages-dev\" array");
    if (pk)
        composer_list(&c, pk, "packages");
    if (dev)
        composer_list(&c, dev, "packages-dev");
    return lang_ctx_done(&c);
}

size_t pkg_parse_composer_installed(mt_arena *a, const char *data, size_t len,
                                    const char *db_path, mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "composer", db_path, out, errs);
    lj_val *root = composer_root(&c, data, len);
    if (!root)
        return lang_ctx_done(&c);
    if (root->type == LJ_ARR) { /* Composer 1 */
        composer_list(&c, root, "installed");
    } else if (root->type == LJ_OBJ) { /* Composer 2 */
        const lj_val *pk = lj_get(root, "packages");
        if (pk)
            composer_list(&c, pk, "packages");
        else
            pkg_error(&c.err, 0, "no \"packages\" array");
    } else {
        pkg_error(&c.err, root->line, "the file is %s, not an array or object",
                  lj_type_name(root));
    }
    return lang_ctx_done(&c);
}

/* ---- paths ---- */

pkg_lang_parser lang_php_parser_for(const char *path)
{
    if (!path)
        return NULL;
    const char *base = mt_basename(path);
    if (strcmp(base, "composer.lock") == 0)
        return pkg_parse_composer_lock;
    if (strcmp(path, "vendor/composer/installed.json") == 0 ||
        mt_endswith(path, "/vendor/composer/installed.json"))
        return pkg_parse_composer_installed;
    return NULL;
}

bool pkg_php_is_manifest(const char *path)
{
    return lang_php_parser_for(path) != NULL;
}

size_t pkg_parse_php(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                     mt_vec *errs)
{
    pkg_lang_parser f = lang_php_parser_for(db_path);
    if (!f)
        return lang_unknown_path(a, db_path, "PHP", errs);
    return f(a, data, len, db_path, out, errs);
}
