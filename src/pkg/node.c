/* node.c — the Node.js parsers of node.h: installed package.json files,
 * npm lock files (v1, v2, v3), yarn.lock (classic v1 and berry) and
 * pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x).
 *
 * JSON is parsed with jansson (duplicate keys: the last one wins, as with
 * JSON.parse in npm), YAML with libfyaml (aliases are never resolved, so an
 * alias bomb cannot grow; libfyaml bounds the nesting depth), the yarn v1
 * format by hand, line by line. libfyaml 0.7.12 (Debian 12) hangs, crashes
 * or leaks on some inputs that fuzzing found; none of them is YAML that a
 * lock file holds, so YAML text is first made valid UTF-8 and checked
 * against the part of YAML the lock writers use (yaml_unsupported()), and
 * duplicate keys, which libfyaml finds in quadratic time, are found here. Everything an error needs to name its line
 * is found from the text: libfyaml keeps the mark of each scalar; for JSON,
 * which jansson does not locate, the key of the offending entry is looked up
 * in the text (a forward scan per object, so reporting stays linear in the
 * size of the file), and line 0 is given when it cannot be found.
 *
 * Checks on what is kept: a name is non-empty, at most PKG_MAX_VALUE bytes,
 * without blanks or control characters, and either has no '/' or is
 * "@scope/name" with exactly one; a version is non-empty, at most
 * PKG_MAX_VALUE bytes and without control characters (it may be a URL or a
 * git reference: lock files record those as the version of a package that
 * does not come from a registry). A license or checksum that fails the same
 * checks is reported and dropped, the package is kept. */
#include "pkg/node.h"

#include <jansson.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg_internal.h"

/* ---- the packages of one parser call ---- */

typedef struct {
    mt_arena *a;
    char *db_path;
    mt_vec *out;
    pkg_errsink err;
    size_t added;
    bool full;      /* PKG_NODE_MAX_PACKAGES reached: nothing more is read */
    bool dedup;     /* list a name@version once */
    mt_strmap seen; /* "name@version" when dedup */
    int max_line;   /* lines of the input when known: a larger line is 0 */
} node_ctx;

static void ctx_init(node_ctx *c, mt_arena *a, const char *path, mt_vec *out, mt_vec *errs,
                     bool dedup)
{
    memset(c, 0, sizeof(*c));
    c->a = a;
    c->db_path = path ? mt_arena_strdup(a, path) : NULL;
    c->out = out;
    c->err.a = a;
    c->err.errs = errs;
    c->dedup = dedup;
}

static size_t ctx_done(node_ctx *c)
{
    mt_strmap_free(&c->seen);
    return c->added;
}

/* Reports an error. libfyaml also breaks lines at a lone '\r' (YAML
 * does), so its line numbers can pass the count of '\n' lines: such a
 * line is given as 0 (whole file) rather than a line the file lacks. */
static void nerr(node_ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void nerr(node_ctx *c, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (line < 0 || (c->max_line > 0 && line > c->max_line))
        line = 0;
    pkg_error(&c->err, line, "%s", msg);
}

/* Shortened form of a text for a message. */
#define SHOW(s, n) (int)((n) > 80 ? 80 : (n)), (s)

static const char *check_name(const char *s, size_t n)
{
    if (n == 0)
        return "empty name";
    if (n > PKG_MAX_VALUE)
        return "name is too long";
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u <= ' ' || u == 0x7f)
            return "name holds a blank or a control character";
    }
    const char *slash = memchr(s, '/', n);
    if (s[0] == '@') {
        if (!slash || slash == s + 1 || slash == s + n - 1)
            return "scoped name is not \"@scope/name\"";
        if (memchr(slash + 1, '/', (size_t)(s + n - slash - 1)))
            return "name holds more than one '/'";
    } else if (slash) {
        return "name holds a '/' but does not start with '@'";
    }
    return NULL;
}

static const char *check_value(const char *s, size_t n)
{
    if (n == 0)
        return "is empty";
    if (n > PKG_MAX_VALUE)
        return "is too long";
    if (pkg_has_ctl(s, n))
        return "holds a control character";
    return NULL;
}

/* Lists one package; line locates the entry for errors. lic and sum may be
 * NULL. Returns whether it was listed. */
static bool emit(node_ctx *c, int line, const char *name, size_t nn, const char *ver, size_t vn,
                 const char *lic, size_t ln, const char *sum, size_t sn)
{
    if (c->full)
        return false;
    if (c->added >= PKG_NODE_MAX_PACKAGES) {
        nerr(c, line, "more than %u packages: the rest of the file is not read",
             PKG_NODE_MAX_PACKAGES);
        c->full = true;
        return false;
    }
    const char *why = check_name(name, nn);
    if (why) {
        nerr(c, line, "invalid package name '%.*s': %s", SHOW(name, nn), why);
        return false;
    }
    pkg_trim(&ver, &vn);
    why = check_value(ver, vn);
    if (why) {
        nerr(c, line, "package %.*s: version %s", SHOW(name, nn), why);
        return false;
    }
    char *key = NULL;
    if (c->dedup) {
        key = mt_arena_printf(c->a, "%.*s@%.*s", (int)nn, name, (int)vn, ver);
        bool found = false;
        mt_strmap_get(&c->seen, key, &found);
        if (found)
            return false;
    }
    if (lic) {
        pkg_trim(&lic, &ln);
        if (ln == 0) {
            lic = NULL;
        } else if ((why = check_value(lic, ln)) != NULL) {
            nerr(c, line, "package %.*s: license %s; left out", SHOW(name, nn), why);
            lic = NULL;
        }
    }
    if (sum) {
        pkg_trim(&sum, &sn);
        if (sn == 0) {
            sum = NULL;
        } else if ((why = check_value(sum, sn)) != NULL) {
            nerr(c, line, "package %.*s: checksum %s; left out", SHOW(name, nn), why);
            sum = NULL;
        }
    }
    if (key)
        mt_strmap_put(&c->seen, key, NULL);
    mt_pkg *p = mt_arena_alloc(c->a, sizeof(*p));
    p->type = "npm";
    p->name = mt_arena_strndup(c->a, name, nn);
    p->version = mt_arena_strndup(c->a, ver, vn);
    p->source_name = p->name;
    p->source_version = p->version;
    p->arch = NULL;
    p->license = lic ? mt_arena_strndup(c->a, lic, ln) : NULL;
    p->purl = NULL;
    p->checksum = sum ? mt_arena_strndup(c->a, sum, sn) : NULL;
    p->db_path = c->db_path;
    p->layer = -1;
    mt_vec_push(c->out, p);
    c->added++;
    return true;
}

/* Which field emit() would report: 'n'ame, 'v'ersion, 'l'icense,
 * 'c'hecksum, or 0 when none. The JSON parsers look for the line of an
 * entry only then (finding it costs a scan of the text). */
static char emit_problem(const char *name, size_t nn, const char *ver, size_t vn, const char *lic,
                         const char *sum, size_t sn)
{
    pkg_trim(&ver, &vn);
    if (check_name(name, nn))
        return 'n';
    if (check_value(ver, vn))
        return 'v';
    if (lic) {
        size_t ln = strlen(lic);
        pkg_trim(&lic, &ln);
        if (ln && check_value(lic, ln))
            return 'l';
    }
    if (sum) {
        pkg_trim(&sum, &sn);
        if (sn && check_value(sum, sn))
            return 'c';
    }
    return 0;
}

/* Refuses a file over max bytes; drops a UTF-8 byte order mark. */
static bool take_input(node_ctx *c, const char **data, size_t *len, size_t max)
{
    if (!*data) {
        *data = "";
        *len = 0;
    }
    if (*len > max) {
        nerr(c, 0, "file of %zu bytes is larger than the limit of %zu bytes", *len, max);
        return false;
    }
    if (*len >= 3 && memcmp(*data, "\xef\xbb\xbf", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    return true;
}

/* Position of '@' that ends the name of a "name@rest" text (a scope's own
 * leading '@' is skipped), or NULL. */
static const char *name_end(const char *s, size_t n)
{
    if (n < 2)
        return NULL;
    return memchr(s + 1, '@', n - 1);
}

/* The package a yarn or npm descriptor "name@range" installs: the name, or
 * for an alias "name@npm:real@range" the real name. *ver and *vn get what
 * follows (the range, or the version of the alias), NULL/0 when none. */
static void descriptor_name(const char *s, size_t n, const char **name, size_t *nn,
                            const char **ver, size_t *vn)
{
    const char *at = name_end(s, n);
    *name = s;
    *nn = at ? (size_t)(at - s) : n;
    *ver = NULL;
    *vn = 0;
    if (!at)
        return;
    const char *r = at + 1;
    size_t rn = (size_t)(s + n - r);
    *ver = r;
    *vn = rn;
    if (rn > 4 && memcmp(r, "npm:", 4) == 0) {
        const char *t = r + 4;
        size_t tn = rn - 4;
        const char *at2 = name_end(t, tn);
        if (at2) {
            *name = t;
            *nn = (size_t)(at2 - t);
            *ver = at2 + 1;
            *vn = (size_t)(t + tn - *ver);
        } else if (t[0] == '@' && memchr(t, '/', tn)) {
            *name = t;
            *nn = tn;
            *ver = NULL;
            *vn = 0;
        }
    }
}

/* ---- installed-manifest paths ---- */

static bool seg_eq(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* Splits off the last up-to-four segments of path: seg[0] is the last. */
static size_t last_segments(const char *path, const char *seg[4], size_t segn[4])
{
    size_t k = 0;
    size_t end = strlen(path);
    while (k < 4) {
        size_t st = end;
        while (st > 0 && path[st - 1] != '/')
            st--;
        seg[k] = path + st;
        segn[k] = end - st;
        k++;
        if (st == 0)
            break;
        end = st - 1;
    }
    return k;
}

static bool folder_name_ok(const char *s, size_t n)
{
    return n > 0 && s[0] != '.' && s[0] != '@' && !seg_eq(s, n, "node_modules");
}

/* Sets [*s, *s + *n) to the package name given by the folder of an
 * installed manifest path; false when path is not one. */
static bool installed_name(const char *path, const char **s, size_t *n)
{
    if (!path)
        return false;
    const char *seg[4];
    size_t segn[4];
    size_t k = last_segments(path, seg, segn);
    if (k < 3 || !seg_eq(seg[0], segn[0], "package.json") || !folder_name_ok(seg[1], segn[1]))
        return false;
    if (seg_eq(seg[2], segn[2], "node_modules")) {
        *s = seg[1];
        *n = segn[1];
        return true;
    }
    if (k == 4 && segn[2] > 1 && seg[2][0] == '@' && seg_eq(seg[3], segn[3], "node_modules")) {
        *s = seg[2];
        *n = segn[2] + 1 + segn[1];
        return true;
    }
    return false;
}

bool pkg_npm_is_installed_manifest(const char *path)
{
    const char *s;
    size_t n;
    return installed_name(path, &s, &n);
}

/* ---- JSON ---- */

/* Line numbers of offsets, counted forward from the last answer. */
typedef struct {
    const char *d;
    size_t len;
    size_t off;
    int line;
} linecache;

static int lc_line(linecache *lc, size_t off)
{
    if (off > lc->len)
        return 0;
    if (off < lc->off) {
        lc->off = 0;
        lc->line = 1;
    }
    while (lc->off < off) {
        const char *nl = memchr(lc->d + lc->off, '\n', off - lc->off);
        if (!nl) {
            lc->off = off;
            break;
        }
        lc->line++;
        lc->off = (size_t)(nl - lc->d) + 1;
    }
    return lc->line;
}

static bool js_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static size_t js_skip_ws(const char *d, size_t len, size_t i)
{
    while (i < len && js_ws(d[i]))
        i++;
    return i;
}

/* i is at a '"': the offset after the closing quote. */
static size_t js_string_end(const char *d, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (d[i] == '\\')
            i++;
        else if (d[i] == '"')
            return i + 1;
    }
    return len;
}

/* The offset after the value starting at (or after blanks from) i. */
static size_t js_skip_value(const char *d, size_t len, size_t i)
{
    i = js_skip_ws(d, len, i);
    if (i >= len)
        return len;
    if (d[i] == '"')
        return js_string_end(d, len, i);
    if (d[i] == '{' || d[i] == '[') {
        size_t depth = 0;
        while (i < len) {
            char ch = d[i];
            if (ch == '"') {
                i = js_string_end(d, len, i);
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return len;
    }
    while (i < len && !js_ws(d[i]) && d[i] != ',' && d[i] != '}' && d[i] != ']')
        i++;
    return i;
}

/* Forward locator of the members of one object of the text. A failed
 * look-up disables it (later ones would rescan the rest of the object). */
typedef struct {
    size_t pos; /* where the next look-up starts: after '{' or at a member */
    bool ok;
} jobj;

static bool jobj_open(const char *d, size_t len, size_t at, jobj *o)
{
    size_t i = js_skip_ws(d, len, at);
    o->ok = i < len && d[i] == '{';
    o->pos = i + 1;
    return o->ok;
}

/* Finds the member whose raw key text is [key, key + kl): *koff is the
 * offset of its key, *voff of its value. The same key can be found again. */
static bool jobj_find(const char *d, size_t len, jobj *o, const char *key, size_t kl, size_t *koff,
                      size_t *voff)
{
    if (!o->ok)
        return false;
    size_t i = o->pos;
    for (;;) {
        i = js_skip_ws(d, len, i);
        if (i < len && d[i] == ',')
            i = js_skip_ws(d, len, i + 1);
        if (i >= len || d[i] != '"')
            break;
        size_t ks = i, ke = js_string_end(d, len, i);
        size_t j = js_skip_ws(d, len, ke);
        if (j >= len || d[j] != ':')
            break;
        j = js_skip_ws(d, len, j + 1);
        if (ke - ks == kl + 2 && memcmp(d + ks + 1, key, kl) == 0) {
            *koff = ks;
            *voff = j;
            o->pos = ks;
            return true;
        }
        i = js_skip_value(d, len, j);
    }
    o->ok = false;
    return false;
}

/* Parses a JSON document whose root must be an object. */
static json_t *json_root(node_ctx *c, const char *data, size_t len)
{
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    if (!root) {
        int line = je.line > 0 ? je.line : 0;
        nerr(c, line, "invalid JSON (column %d): %s", je.column, je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        nerr(c, 1, "the JSON document is not an object");
        json_decref(root);
        return NULL;
    }
    return root;
}

/* A string member: true and its text when present and a string. */
static bool jstr(const json_t *o, const char *key, const char **s, size_t *n)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return false;
    *s = json_string_value(v);
    *n = json_string_length(v);
    return true;
}

static bool jpresent(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v && !json_is_null(v);
}

/* Appends one license form (a string, or an object's "type") to b. */
static void license_add(mt_buf *b, const json_t *v)
{
    const char *s = NULL;
    size_t n = 0;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_object(v)) {
        jstr(v, "type", &s, &n);
    }
    pkg_trim(&s, &n);
    if (!s || n == 0 || b->len > PKG_MAX_VALUE)
        return;
    if (b->len)
        mt_buf_puts(b, " OR ");
    mt_buf_put(b, s, n);
}

/* The declared license of a package.json or lock entry, or NULL:
 * "license" (string, {type}, or an array of them), else legacy "licenses". */
static char *json_license(mt_arena *a, const json_t *o)
{
    mt_buf b;
    mt_buf_init(&b);
    const char *keys[2] = {"license", "licenses"};
    for (size_t k = 0; k < 2 && b.len == 0; k++) {
        const json_t *v = json_object_get(o, keys[k]);
        if (json_is_array(v)) {
            size_t n = json_array_size(v);
            for (size_t i = 0; i < n && i < 64; i++)
                license_add(&b, json_array_get(v, i));
        } else if (v) {
            license_add(&b, v);
        }
    }
    char *r = b.len ? mt_arena_strndup(a, b.data, b.len) : NULL;
    mt_buf_free(&b);
    return r;
}

/* ---- package.json ---- */

/* Line of a member of the root object; 1 when it cannot be found. */
static int member_line(const char *data, size_t len, const char *key)
{
    jobj o;
    size_t k, v;
    if (!jobj_open(data, len, 0, &o) || !jobj_find(data, len, &o, key, strlen(key), &k, &v))
        return 1;
    linecache lc = {data, len, 0, 1};
    return lc_line(&lc, k);
}

size_t pkg_parse_npm_package_json(mt_arena *a, const char *data, size_t len, const char *path,
                                  mt_vec *out, mt_vec *errs)
{
    node_ctx c;
    ctx_init(&c, a, path, out, errs, false);
    if (!take_input(&c, &data, &len, PKG_NODE_MAX_MANIFEST))
        return ctx_done(&c);
    json_t *root = json_root(&c, data, len);
    if (!root)
        return ctx_done(&c);
    const char *name = NULL, *ver = NULL;
    size_t nn = 0, vn = 0;
    if (!jstr(root, "name", &name, &nn)) {
        if (jpresent(root, "name")) {
            nerr(&c, member_line(data, len, "name"), "\"name\" is not a string");
            goto done;
        }
        if (!installed_name(path, &name, &nn)) {
            nerr(&c, 1, "package.json has no \"name\"");
            goto done;
        }
    }
    if (!jstr(root, "version", &ver, &vn)) {
        if (jpresent(root, "version"))
            nerr(&c, member_line(data, len, "version"), "package %.*s: \"version\" is not a string",
                 SHOW(name, nn));
        else
            nerr(&c, 1, "package %.*s: package.json has no \"version\"", SHOW(name, nn));
        goto done;
    }
    const char *sum = NULL;
    size_t sn = 0;
    jstr(root, "_integrity", &sum, &sn);
    char *lic = json_license(a, root);
    int line = 1;
    switch (emit_problem(name, nn, ver, vn, lic, sum, sn)) {
    case 'n':
        line = member_line(data, len, "name");
        break;
    case 'v':
        line = member_line(data, len, "version");
        break;
    case 'l':
        line = member_line(data, len, jpresent(root, "license") ? "license" : "licenses");
        break;
    case 'c':
        line = member_line(data, len, "_integrity");
        break;
    }
    emit(&c, line, name, nn, ver, vn, lic, lic ? strlen(lic) : 0, sum, sn);
done:
    json_decref(root);
    return ctx_done(&c);
}

/* ---- package-lock.json ---- */

typedef struct {
    node_ctx c;
    const char *d;
    size_t len;
    linecache lc;
    jobj root;
    jobj pkgs;      /* the "packages" object, once located */
    int pkgs_state; /* 0 not looked up, 1 located, 2 not found */
    bool deep_reported;
} npm_ctx;

/* Line of the key of a "packages" entry, 0 when it cannot be found. */
static int pkgs_line(npm_ctx *n, const char *key)
{
    size_t k, v;
    if (n->pkgs_state == 0) {
        n->pkgs_state = 2;
        jobj r = n->root;
        if (jobj_find(n->d, n->len, &r, "packages", 8, &k, &v) &&
            jobj_open(n->d, n->len, v, &n->pkgs))
            n->pkgs_state = 1;
    }
    if (n->pkgs_state == 1 && jobj_find(n->d, n->len, &n->pkgs, key, strlen(key), &k, &v))
        return lc_line(&n->lc, k);
    return 0;
}

/* Where the package folder of a location starts: after its last
 * "node_modules/" segment; NULL when it is in none. */
static const char *location_folder(const char *loc)
{
    const char *best = NULL;
    for (const char *p = loc; (p = strstr(p, "node_modules/")) != NULL; p++) {
        if (p == loc || p[-1] == '/')
            best = p + 13;
    }
    return best;
}

static void lock_packages(npm_ctx *n, json_t *pkgs)
{
    node_ctx *c = &n->c;
    const char *key;
    json_t *val;
    json_object_foreach(pkgs, key, val)
    {
        if (c->full)
            break;
        if (!*key)
            continue; /* the project itself */
        const char *folder = location_folder(key);
        if (!folder)
            continue; /* a workspace or link source: listed through its link */
        size_t fn = strlen(folder);
        if (check_name(folder, fn)) {
            nerr(c, pkgs_line(n, key), "location '%s' is not a package folder", key);
            continue;
        }
        if (!json_is_object(val)) {
            nerr(c, pkgs_line(n, key), "entry '%s' is not an object", key);
            continue;
        }
        const json_t *src = val;
        const char *name = folder, *ver, *s;
        size_t nn = fn, vn, sn = 0;
        const char *sum = NULL;
        if (json_is_true(json_object_get(val, "link"))) {
            const char *res;
            size_t rn;
            const json_t *t = NULL;
            if (jstr(val, "resolved", &res, &rn))
                t = json_object_get(pkgs, res);
            if (!json_is_object(t)) {
                nerr(c, pkgs_line(n, key),
                     "link '%s' does not resolve to an entry of the lock file", key);
                continue;
            }
            src = t;
            size_t tn;
            if (jstr(t, "name", &s, &tn)) {
                name = s;
                nn = tn;
            }
        } else {
            jstr(val, "integrity", &sum, &sn);
        }
        size_t an;
        if (jstr(val, "name", &s, &an)) {
            name = s;
            nn = an;
        }
        if (!jstr(src, "version", &ver, &vn)) {
            nerr(c, pkgs_line(n, key), "entry '%s' has no \"version\" string", key);
            continue;
        }
        char *lic = json_license(c->a, src);
        int line = emit_problem(name, nn, ver, vn, lic, sum, sn) ? pkgs_line(n, key) : 0;
        emit(c, line, name, nn, ver, vn, lic, lic ? strlen(lic) : 0, sum, sn);
    }
}

/* One "dependencies" object of a v1 lock, for locating its members. */
typedef struct v1frame {
    struct v1frame *up;
    const char *key; /* the entry of up whose "dependencies" this is; NULL at the top */
    jobj deps;
    int state; /* 0 not looked up, 1 located, 2 not found */
} v1frame;

static jobj *frame_deps(npm_ctx *n, v1frame *f)
{
    if (f->state == 0) {
        f->state = 2;
        size_t k, v;
        jobj holder;
        bool have = false;
        if (!f->up) {
            holder = n->root;
            have = true;
        } else {
            jobj *pd = frame_deps(n, f->up);
            have = pd && jobj_find(n->d, n->len, pd, f->key, strlen(f->key), &k, &v) &&
                   jobj_open(n->d, n->len, v, &holder);
        }
        if (have && jobj_find(n->d, n->len, &holder, "dependencies", 12, &k, &v) &&
            jobj_open(n->d, n->len, v, &f->deps))
            f->state = 1;
    }
    return f->state == 1 ? &f->deps : NULL;
}

static int v1_line(npm_ctx *n, v1frame *f, const char *key)
{
    jobj *d = frame_deps(n, f);
    size_t k, v;
    if (d && jobj_find(n->d, n->len, d, key, strlen(key), &k, &v))
        return lc_line(&n->lc, k);
    return 0;
}

static void lock_v1(npm_ctx *n, json_t *deps, v1frame *f, int depth)
{
    node_ctx *c = &n->c;
    const char *key;
    json_t *val;
    json_object_foreach(deps, key, val)
    {
        if (c->full)
            return;
        if (!json_is_object(val)) {
            nerr(c, v1_line(n, f, key), "dependency '%s' is not an object", key);
            continue;
        }
        const char *ver, *sum = NULL;
        size_t vn, sn = 0;
        const char *name = key;
        size_t nn = strlen(key);
        if (!jstr(val, "version", &ver, &vn)) {
            nerr(c, v1_line(n, f, key), "dependency '%s' has no \"version\" string", key);
        } else {
            if (vn > 4 && memcmp(ver, "npm:", 4) == 0) {
                /* an alias: "version": "npm:real@1.2.3" */
                const char *t = ver + 4, *dv;
                size_t tn = vn - 4, dvn;
                const char *at = name_end(t, tn);
                if (at) {
                    descriptor_name(t, tn, &name, &nn, &dv, &dvn);
                    ver = dv;
                    vn = dvn;
                }
            }
            jstr(val, "integrity", &sum, &sn);
            int line = emit_problem(name, nn, ver, vn, NULL, sum, sn) ? v1_line(n, f, key) : 0;
            emit(c, line, name, nn, ver, vn, NULL, 0, sum, sn);
        }
        json_t *sub = json_object_get(val, "dependencies");
        if (!sub || json_is_null(sub))
            continue;
        if (!json_is_object(sub)) {
            nerr(c, v1_line(n, f, key), "\"dependencies\" of '%s' is not an object", key);
            continue;
        }
        if (depth + 1 >= PKG_NODE_MAX_DEPTH) {
            if (!n->deep_reported)
                nerr(c, v1_line(n, f, key), "dependencies nested more than %d deep are not read",
                     PKG_NODE_MAX_DEPTH);
            n->deep_reported = true;
            continue;
        }
        v1frame child = {f, key, {0, false}, 0};
        lock_v1(n, sub, &child, depth + 1);
    }
}

size_t pkg_parse_npm_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                          mt_vec *errs)
{
    npm_ctx n;
    memset(&n, 0, sizeof(n));
    ctx_init(&n.c, a, path, out, errs, false);
    if (!take_input(&n.c, &data, &len, PKG_NODE_MAX_LOCK))
        return ctx_done(&n.c);
    json_t *root = json_root(&n.c, data, len);
    if (!root)
        return ctx_done(&n.c);
    n.d = data;
    n.len = len;
    n.lc = (linecache){data, len, 0, 1};
    jobj_open(data, len, 0, &n.root);
    json_t *lv = json_object_get(root, "lockfileVersion");
    if (lv && !json_is_integer(lv)) {
        size_t k, v;
        jobj r = n.root;
        int line = jobj_find(data, len, &r, "lockfileVersion", 15, &k, &v) ? lc_line(&n.lc, k) : 0;
        nerr(&n.c, line, "\"lockfileVersion\" is not a number");
    }
    json_t *pkgs = json_object_get(root, "packages");
    json_t *deps = json_object_get(root, "dependencies");
    if (json_is_object(pkgs)) {
        lock_packages(&n, pkgs);
    } else if (pkgs && !json_is_null(pkgs)) {
        size_t k, v;
        jobj r = n.root;
        int line = jobj_find(data, len, &r, "packages", 8, &k, &v) ? lc_line(&n.lc, k) : 0;
        nerr(&n.c, line, "\"packages\" is not an object");
    } else if (json_is_object(deps)) {
        v1frame top = {NULL, NULL, {0, false}, 0};
        lock_v1(&n, deps, &top, 0);
    } else if (deps && !json_is_null(deps)) {
        size_t k, v;
        jobj r = n.root;
        int line = jobj_find(data, len, &r, "dependencies", 12, &k, &v) ? lc_line(&n.lc, k) : 0;
        nerr(&n.c, line, "\"dependencies\" is not an object");
    }
    json_decref(root);
    return ctx_done(&n.c);
}

/* ---- YAML (yarn berry, pnpm) ---- */

static void y_quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

typedef struct {
    struct fy_diag *diag;
    struct fy_parser *parser;
} ydocs;

static bool ydocs_open(ydocs *y, const char *data, size_t len)
{
    memset(y, 0, sizeof(*y));
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = y_quiet;
    dcfg.colorize = false;
    y->diag = fy_diag_create(&dcfg);
    if (!y->diag)
        return false;
    fy_diag_set_collect_errors(y->diag, true);
    /* No FYPCF_RESOLVE_DOCUMENT: aliases stay unresolved. Duplicate keys
     * are allowed because libfyaml 0.7.12 looks for them with a linear scan
     * of the mapping per key, quadratic in the thousands of entries of a
     * real lock file; the parsers find them themselves (y_dupkey). */
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS, .diag = y->diag};
    y->parser = fy_parser_create(&cfg);
    if (!y->parser || fy_parser_set_string(y->parser, data, len) != 0) {
        if (y->parser)
            fy_parser_destroy(y->parser);
        fy_diag_destroy(y->diag);
        return false;
    }
    return true;
}

/* Reports the parse errors libfyaml collected (the first few). */
static void ydocs_close(ydocs *y, node_ctx *c)
{
    void *it = NULL;
    struct fy_diag_error *e;
    int k = 0;
    while ((e = fy_diag_errors_iterate(y->diag, &it)) != NULL && k < 8) {
        nerr(c, e->line, "invalid YAML: %s", e->msg ? e->msg : "parse error");
        k++;
    }
    fy_parser_destroy(y->parser);
    fy_diag_destroy(y->diag);
}

static int count_lines(const char *d, size_t len)
{
    size_t n = 1;
    for (const char *p = d; p && (p = memchr(p, '\n', (size_t)(d + len - p))) != NULL; p++)
        n++;
    return n > INT32_MAX ? INT32_MAX : (int)n;
}

/* YAML input that is not UTF-8 is reported (line of the first bad byte)
 * and read with every invalid byte replaced by U+FFFD, as a JavaScript tool
 * reading it would. Returns the text to parse, *len updated: data itself, or
 * a malloc()ed copy left in *owned for the caller to free. */
static const char *yaml_input(node_ctx *c, const char *data, size_t *len, char **owned)
{
    *owned = NULL;
    size_t n = *len, bad = mt_utf8_invalid_at(data, n);
    if (bad == n)
        return data;
    linecache lc = {data, n, 0, 1};
    nerr(c, lc_line(&lc, bad), "not valid UTF-8 (byte 0x%02x): read as U+FFFD",
         (unsigned char)data[bad]);
    mt_buf b;
    mt_buf_init(&b);
    size_t from = 0;
    while (bad < n) {
        mt_buf_put(&b, data + from, bad - from);
        mt_buf_puts(&b, "\xef\xbf\xbd");
        from = bad + 1;
        bad = from + mt_utf8_invalid_at(data + from, n - from);
    }
    mt_buf_put(&b, data + from, n - from);
    *len = b.len;
    *owned = mt_buf_steal(&b);
    return *owned;
}

static bool y_blank_or_end(const char *d, size_t len, size_t i)
{
    return i >= len || d[i] == ' ' || d[i] == '\n' || d[i] == '\r';
}

/* The YAML that yarn berry and pnpm write is a small part of YAML: block
 * and flow mappings and sequences, plain and quoted scalars, comments,
 * "---" between documents. libfyaml 0.7.12 crashes on some input outside it
 * (an explicit key "? a:<tab>:" makes fy_parser_destroy() write through a
 * NULL pointer), so text using what lock files never use is refused before
 * libfyaml sees it: control characters (tabs included; the lock writers
 * escape them in quoted scalars), directives ('%' at the start of a line),
 * explicit keys ("? ") and tags ('!' starting a token); and "''''" in a
 * single-quoted scalar (two escaped quotes in a row: libfyaml leaks the
 * chunk buffer of such a scalar, 512 bytes and more each, so a crafted file
 * could make it allocate hundreds of times its size). The scan follows
 * quoted scalars and comments, so such characters inside them are content;
 * elsewhere it errs on the side of refusing. Returns NULL, or what was
 * found and its offset in *at. */
static const char *yaml_unsupported(const char *d, size_t len, size_t *at)
{
    enum { PLAIN, SQUOTE, DQUOTE } st = PLAIN;
    bool token = true; /* an indicator here would start a token */
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)d[i];
        *at = i;
        if ((ch < 0x20 && ch != '\n' && ch != '\r') || ch == 0x7f)
            return "a control character";
        if (st == SQUOTE) {
            if (ch == '\'') {
                if (i + 1 < len && d[i + 1] == '\'') {
                    if (i + 3 < len && d[i + 2] == '\'' && d[i + 3] == '\'')
                        return "repeated '' escapes in a single-quoted scalar";
                    i++;
                } else {
                    st = PLAIN;
                }
            }
            continue;
        }
        if (st == DQUOTE) {
            if (ch == '\\' && i + 1 < len && d[i + 1] != '\n' && d[i + 1] != '\r') {
                i++;
                unsigned char e = (unsigned char)d[i];
                *at = i;
                if (e < 0x20 || e == 0x7f)
                    return "a control character";
            } else if (ch == '"') {
                st = PLAIN;
            }
            continue;
        }
        bool line_start = i == 0 || d[i - 1] == '\n' || d[i - 1] == '\r';
        if (ch == '\n' || ch == '\r') {
            token = true;
            continue;
        }
        if (ch == '%' && line_start)
            return "a directive";
        if (ch == ' ')
            continue;
        if (ch == '#' && (line_start || d[i - 1] == ' ')) {
            while (i + 1 < len && d[i + 1] != '\n' && d[i + 1] != '\r')
                i++;
            continue;
        }
        if (token) {
            if (ch == '?' && y_blank_or_end(d, len, i + 1))
                return "an explicit key";
            if (ch == '!')
                return "a tag";
            if (ch == '\'') {
                st = SQUOTE;
                token = false;
                continue;
            }
            if (ch == '"') {
                st = DQUOTE;
                token = false;
                continue;
            }
            if ((ch == '-' && y_blank_or_end(d, len, i + 1)) || ch == '[' || ch == '{' || ch == ',')
                continue;
            token = false;
            continue;
        }
        if ((ch == ':' && (y_blank_or_end(d, len, i + 1) || strchr(",[]{}", d[i + 1]))) ||
            ch == ',' || ch == '[' || ch == '{')
            token = true;
    }
    return NULL;
}

/* Prepares YAML text for libfyaml: NULL (with an error) when it must not be
 * parsed, see yaml_unsupported(). */
static const char *yaml_prepare(node_ctx *c, const char *data, size_t *len, char **owned)
{
    data = yaml_input(c, data, len, owned);
    c->max_line = count_lines(data, *len);
    size_t at = 0;
    const char *what = yaml_unsupported(data, *len, &at);
    if (!what)
        return data;
    linecache lc = {data, *len, 0, 1};
    nerr(c, lc_line(&lc, at), "uses %s, which lock files do not: the file is not read", what);
    return NULL;
}

/* 1-based line of a node: its own token for a scalar, else its first
 * key or item; 0 when unknown. */
static int y_line(struct fy_node *n, int depth)
{
    if (!n || depth > 8)
        return 0;
    void *it = NULL;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        return m ? m->line + 1 : 0;
    }
    case FYNT_MAPPING: {
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? y_line(fy_node_pair_key(p), depth + 1) : 0;
    }
    case FYNT_SEQUENCE:
        return y_line(fy_node_sequence_iterate(n, &it), depth + 1);
    }
    return 0;
}

/* The text of a scalar that is not an alias. */
static bool y_scalar(struct fy_node *n, const char **s, size_t *len)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR || fy_node_is_alias(n))
        return false;
    *s = fy_node_get_scalar(n, len);
    return *s != NULL;
}

static bool y_is_map(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_MAPPING;
}

/* The value of key in mapping m (keys compared as scalar texts). */
static struct fy_node *y_get(struct fy_node *m, const char *key)
{
    if (!y_is_map(m))
        return NULL;
    size_t kl = strlen(key);
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
        const char *s;
        size_t n;
        if (y_scalar(fy_node_pair_key(p), &s, &n) && n == kl && memcmp(s, key, kl) == 0)
            return fy_node_pair_value(p);
    }
    return NULL;
}

static bool y_get_str(struct fy_node *m, const char *key, const char **s, size_t *n)
{
    return y_scalar(y_get(m, key), s, n);
}

/* True, with an error, when key was already seen in the mapping whose keys
 * *seen collects (YAML forbids it; the later entry is skipped). */
static bool y_dupkey(node_ctx *c, mt_strmap *seen, int line, const char *key, size_t kn)
{
    char *k = mt_arena_strndup(c->a, key, kn);
    bool found = false;
    mt_strmap_get(seen, k, &found);
    if (found) {
        nerr(c, line, "duplicate key '%.*s': the later entry is skipped", SHOW(key, kn));
        return true;
    }
    mt_strmap_put(seen, k, NULL);
    return false;
}

/* ---- yarn.lock ---- */

/* Appends the UTF-8 form of code point u. */

static int hex4(const char *s, size_t n, size_t i)
{
    if (i + 4 > n)
        return -1;
    int v = 0;
    for (size_t k = i; k < i + 4; k++) {
        char h = s[k];
        int d = (h >= '0' && h <= '9')   ? h - '0'
                : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Reads the quoted string at s[*i] == '"' (yarn writes them with
 * JSON.stringify) into b, decoded; *i ends after the closing quote.
 * Returns NULL or what is wrong. */
static const char *read_quoted(const char *s, size_t n, size_t *i, mt_buf *b)
{
    mt_buf_clear(b);
    size_t k = *i + 1;
    while (k < n) {
        char ch = s[k];
        if (ch == '"') {
            *i = k + 1;
            return NULL;
        }
        if (ch != '\\') {
            mt_buf_putc(b, ch);
            k++;
            continue;
        }
        if (k + 1 >= n)
            break;
        char e = s[k + 1];
        k += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            mt_buf_putc(b, e);
            break;
        case 'b':
            mt_buf_putc(b, '\b');
            break;
        case 'f':
            mt_buf_putc(b, '\f');
            break;
        case 'n':
            mt_buf_putc(b, '\n');
            break;
        case 'r':
            mt_buf_putc(b, '\r');
            break;
        case 't':
            mt_buf_putc(b, '\t');
            break;
        case 'u': {
            int u = hex4(s, n, k);
            if (u < 0)
                return "invalid \\u escape";
            k += 4;
            uint32_t cp = (uint32_t)u;
            if (u >= 0xd800 && u <= 0xdbff && k + 1 < n && s[k] == '\\' && s[k + 1] == 'u') {
                int lo = hex4(s, n, k + 2);
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + (((uint32_t)u - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
                    k += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
                cp = 0xfffd;
            char u8[4];
            mt_buf_put(b, u8, pkg_utf8_encode(u8, cp));
            break;
        }
        default:
            return "invalid escape in a quoted string";
        }
    }
    return "quoted string is not closed";
}

typedef struct {
    int line;         /* of the header; 0 = no entry */
    bool bad;         /* an error was reported: the entry is skipped */
    size_t indent;    /* of the fields; 0 = not known yet */
    bool in_block;    /* the last field opened a nested block */
    const char *head; /* the header line, without its ':' */
    size_t headn;
    char *version, *integrity;
    size_t versionn, integrityn;
} y1entry;

/* The package the first descriptor of a header names (arena copy); checks
 * that every other one names the same package. Returns NULL or what is
 * wrong with the header. */
static const char *y1_descriptors(node_ctx *c, const y1entry *e, const char **name, size_t *nn)
{
    const char *s = e->head;
    size_t n = e->headn, i = 0;
    mt_buf one;
    mt_buf_init(&one);
    const char *why = NULL;
    size_t count = 0;
    char *first = NULL;
    size_t firstn = 0;
    while (i <= n) {
        while (i < n && pkg_is_blank(s[i]))
            i++;
        const char *d;
        size_t dn;
        if (i < n && s[i] == '"') {
            why = read_quoted(s, n, &i, &one);
            if (why)
                break;
            d = one.data ? one.data : "";
            dn = one.len;
            while (i < n && pkg_is_blank(s[i]))
                i++;
            if (i < n && s[i] != ',') {
                why = "text after a quoted descriptor";
                break;
            }
        } else {
            size_t st = i;
            while (i < n && s[i] != ',')
                i++;
            d = s + st;
            dn = i - st;
            pkg_trim(&d, &dn);
        }
        if (dn == 0) {
            why = "empty descriptor";
            break;
        }
        const char *dname, *dv;
        size_t dnn, dvn;
        descriptor_name(d, dn, &dname, &dnn, &dv, &dvn);
        if (count == 0) {
            first = mt_arena_strndup(c->a, dname, dnn);
            firstn = dnn;
        } else if (dnn != firstn || memcmp(dname, first, dnn) != 0) {
            nerr(c, e->line, "descriptors of one entry name different packages (%s, %.*s)", first,
                 SHOW(dname, dnn));
        }
        count++;
        i++; /* past ',' (or the end) */
    }
    mt_buf_free(&one);
    if (why)
        return why;
    *name = first;
    *nn = firstn;
    return NULL;
}

static void y1_finish(node_ctx *c, y1entry *e)
{
    if (!e->line || e->bad || c->full) {
        e->line = 0;
        return;
    }
    const char *name = NULL;
    size_t nn = 0;
    const char *why = y1_descriptors(c, e, &name, &nn);
    if (why) {
        nerr(c, e->line, "entry header: %s", why);
    } else if (!e->version) {
        nerr(c, e->line, "entry %.*s has no version", SHOW(name, nn));
    } else {
        emit(c, e->line, name, nn, e->version, e->versionn, NULL, 0, e->integrity, e->integrityn);
    }
    e->line = 0;
}

/* A field line "key value", "key \"value\"" or "key:" (a nested block). */
static void y1_field(node_ctx *c, y1entry *e, int lineno, const char *s, size_t n, mt_buf *b)
{
    size_t i = 0;
    const char *key;
    size_t kn;
    char *kcopy = NULL;
    if (s[0] == '"') {
        const char *why = read_quoted(s, n, &i, b);
        if (why) {
            nerr(c, lineno, "%s", why);
            e->bad = true;
            return;
        }
        kcopy = mt_arena_strndup(c->a, b->data ? b->data : "", b->len);
        key = kcopy;
        kn = b->len;
    } else {
        while (i < n && !pkg_is_blank(s[i]) && s[i] != ':')
            i++;
        key = s;
        kn = i;
    }
    const char *rest = s + i;
    size_t rn = n - i;
    pkg_trim(&rest, &rn);
    e->in_block = false;
    if (rn >= 1 && rest[0] == ':') {
        if (rn > 1) {
            nerr(c, lineno, "text after ':' (yarn v1 fields are \"key value\")");
            e->bad = true;
            return;
        }
        e->in_block = true;
        return;
    }
    if (rn == 0) {
        nerr(c, lineno, "field '%.*s' has no value", SHOW(key, kn));
        e->bad = true;
        return;
    }
    char **slot = NULL;
    size_t *slotn = NULL;
    if (seg_eq(key, kn, "version")) {
        slot = &e->version;
        slotn = &e->versionn;
    } else if (seg_eq(key, kn, "integrity")) {
        slot = &e->integrity;
        slotn = &e->integrityn;
    }
    if (!slot)
        return;
    if (*slot) {
        nerr(c, lineno, "duplicate field '%.*s'", SHOW(key, kn));
        e->bad = true;
        return;
    }
    if (rest[0] == '"') {
        size_t k = 0;
        const char *why = read_quoted(rest, rn, &k, b);
        if (!why && k != rn)
            why = "text after a quoted value";
        if (why) {
            nerr(c, lineno, "%s", why);
            e->bad = true;
            return;
        }
        *slot = mt_arena_strndup(c->a, b->data ? b->data : "", b->len);
        *slotn = b->len;
    } else {
        *slot = mt_arena_strndup(c->a, rest, rn);
        *slotn = rn;
    }
}

static void yarn_v1(node_ctx *c, const char *data, size_t len)
{
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    y1entry e;
    memset(&e, 0, sizeof(e));
    mt_buf b;
    mt_buf_init(&b);
    while (!c->full && pkg_lines_next(&it, &s, &n)) {
        size_t ind = 0;
        while (ind < n && s[ind] == ' ')
            ind++;
        if (ind == n || s[ind] == '#')
            continue;
        if (s[ind] == '\t') {
            nerr(c, it.lineno, "tab in the indentation");
            e.bad = true;
            continue;
        }
        if (ind == 0) {
            y1_finish(c, &e);
            memset(&e, 0, sizeof(e));
            e.line = it.lineno;
            const char *h = s;
            size_t hn = n;
            pkg_trim(&h, &hn);
            if (hn == 0 || h[hn - 1] != ':') {
                nerr(c, it.lineno, "entry header does not end with ':'");
                e.bad = true;
                continue;
            }
            e.head = h;
            e.headn = hn - 1;
            continue;
        }
        if (!e.line) {
            if (!e.bad)
                nerr(c, it.lineno, "indented line outside an entry");
            e.bad = true; /* one report per run of such lines */
            continue;
        }
        if (e.bad)
            continue;
        if (e.indent == 0)
            e.indent = ind;
        if (ind == e.indent) {
            const char *f = s + ind;
            size_t fn = n - ind;
            while (fn && pkg_is_blank(f[fn - 1]))
                fn--;
            y1_field(c, &e, it.lineno, f, fn, &b);
        } else if (ind > e.indent) {
            if (!e.in_block) {
                nerr(c, it.lineno, "unexpected indentation");
                e.bad = true;
            }
        } else {
            nerr(c, it.lineno, "inconsistent indentation");
            e.bad = true;
        }
    }
    y1_finish(c, &e);
    mt_buf_free(&b);
}

/* True when a top-level line of the file is the __metadata key of berry. */
static bool is_berry(const char *data, size_t len)
{
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        if ((n >= 11 && memcmp(s, "__metadata:", 11) == 0) ||
            (n >= 13 && memcmp(s, "\"__metadata\":", 13) == 0))
            return true;
    }
    return false;
}

static void yarn_berry(node_ctx *c, const char *data, size_t len)
{
    ydocs y;
    char *owned;
    data = yaml_prepare(c, data, &len, &owned);
    if (!data) {
        free(owned);
        return;
    }
    if (!ydocs_open(&y, data, len)) {
        nerr(c, 0, "cannot set up the YAML parser");
        free(owned);
        return;
    }
    struct fy_document *doc = fy_parse_load_document(y.parser);
    struct fy_node *root = doc ? fy_document_root(doc) : NULL;
    if (root && !y_is_map(root))
        nerr(c, y_line(root, 0), "yarn.lock is not a YAML mapping");
    void *it = NULL;
    struct fy_node_pair *p;
    mt_strmap seen = {0};
    while (y_is_map(root) && !c->full && (p = fy_node_mapping_iterate(root, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        int line = y_line(k, 0);
        const char *key, *s;
        size_t kn, sn;
        if (!y_scalar(k, &key, &kn)) {
            nerr(c, line, "entry key is not a string");
            continue;
        }
        if (y_dupkey(c, &seen, line, key, kn))
            continue;
        if (seg_eq(key, kn, "__metadata"))
            continue;
        if (!y_is_map(v)) {
            nerr(c, line, "entry '%.*s' is not a mapping", SHOW(key, kn));
            continue;
        }
        const char *ver;
        size_t vn;
        if (!y_get_str(v, "version", &ver, &vn)) {
            nerr(c, line, "entry '%.*s' has no version", SHOW(key, kn));
            continue;
        }
        if (seg_eq(ver, vn, "0.0.0-use.local"))
            continue; /* a workspace, link: or portal: folder of the project */
        const char *name, *dv;
        size_t nn, dvn;
        if (y_get_str(v, "resolution", &s, &sn) && name_end(s, sn)) {
            name = s;
            nn = (size_t)(name_end(s, sn) - s);
        } else {
            const char *comma = memchr(key, ',', kn);
            size_t first = comma ? (size_t)(comma - key) : kn;
            const char *d = key;
            pkg_trim(&d, &first);
            descriptor_name(d, first, &name, &nn, &dv, &dvn);
        }
        const char *sum = NULL;
        sn = 0;
        y_get_str(v, "checksum", &sum, &sn);
        emit(c, line, name, nn, ver, vn, NULL, 0, sum, sn);
    }
    mt_strmap_free(&seen);
    if (doc)
        fy_parse_document_destroy(y.parser, doc);
    ydocs_close(&y, c);
    free(owned);
}

size_t pkg_parse_yarn_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                           mt_vec *errs)
{
    node_ctx c;
    ctx_init(&c, a, path, out, errs, true);
    if (!take_input(&c, &data, &len, PKG_NODE_MAX_LOCK))
        return ctx_done(&c);
    if (is_berry(data, len))
        yarn_berry(&c, data, len);
    else
        yarn_v1(&c, data, len);
    return ctx_done(&c);
}

/* ---- pnpm-lock.yaml ---- */

enum { PNPM_V5, PNPM_V6, PNPM_V9 };

/* Name and version of a "packages" key. */
static const char *pnpm_key(int fmt, const char *k, size_t kn, const char **name, size_t *nn,
                            const char **ver, size_t *vn)
{
    if (kn && k[0] == '/') {
        k++;
        kn--;
    } else if (fmt != PNPM_V9) {
        return "key is not a registry package (\"/name...\") and the entry has no name and "
               "version";
    }
    const char *v;
    if (fmt == PNPM_V5) {
        /* name/1.2.3 or @scope/name/1.2.3, then an optional _peers suffix */
        const char *slash = memchr(k, '/', kn);
        if (slash && k[0] == '@')
            slash = memchr(slash + 1, '/', (size_t)(k + kn - slash - 1));
        if (!slash)
            return "key is not \"/name/version\"";
        *name = k;
        *nn = (size_t)(slash - k);
        v = slash + 1;
    } else {
        const char *at = name_end(k, kn);
        if (!at)
            return "key is not \"name@version\"";
        *name = k;
        *nn = (size_t)(at - k);
        v = at + 1;
    }
    size_t rest = (size_t)(k + kn - v), l = 0;
    while (l < rest && v[l] != '(' && !(fmt == PNPM_V5 && v[l] == '_'))
        l++;
    *ver = v;
    *vn = l;
    return NULL;
}

static int pnpm_format(struct fy_node *root, struct fy_node *pkgs)
{
    const char *s;
    size_t n;
    if (y_get_str(root, "lockfileVersion", &s, &n) && n && s[0] >= '0' && s[0] <= '9') {
        long major = 0;
        for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9' && major < 1000; i++)
            major = major * 10 + (s[i] - '0');
        return major >= 9 ? PNPM_V9 : major >= 6 ? PNPM_V6 : PNPM_V5;
    }
    /* no usable lockfileVersion: judge by the first key */
    void *it = NULL;
    struct fy_node_pair *p = fy_node_mapping_iterate(pkgs, &it);
    if (p && y_scalar(fy_node_pair_key(p), &s, &n) && n) {
        if (s[0] != '/')
            return PNPM_V9;
        const char *at = name_end(s + 1, n - 1);
        return at ? PNPM_V6 : PNPM_V5;
    }
    return PNPM_V9;
}

static void pnpm_doc(node_ctx *c, struct fy_node *root)
{
    if (!y_is_map(root)) {
        nerr(c, y_line(root, 0), "pnpm-lock.yaml is not a YAML mapping");
        return;
    }
    struct fy_node *pkgs = y_get(root, "packages");
    if (!pkgs)
        return;
    if (!y_is_map(pkgs)) {
        if (fy_node_get_type(pkgs) != FYNT_SCALAR || fy_node_get_scalar_length(pkgs) != 0)
            nerr(c, y_line(pkgs, 0), "\"packages\" is not a mapping");
        return;
    }
    int fmt = pnpm_format(root, pkgs);
    void *it = NULL;
    struct fy_node_pair *p;
    mt_strmap seen = {0};
    while (!c->full && (p = fy_node_mapping_iterate(pkgs, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        int line = y_line(k, 0);
        const char *key;
        size_t kn;
        if (!y_scalar(k, &key, &kn)) {
            nerr(c, line, "package key is not a string");
            continue;
        }
        if (y_dupkey(c, &seen, line, key, kn))
            continue;
        if (!y_is_map(v)) {
            nerr(c, line, "package '%.*s' is not a mapping", SHOW(key, kn));
            continue;
        }
        const char *fname = NULL, *fver = NULL, *name = NULL, *ver = NULL;
        size_t fnn = 0, fvn = 0, nn = 0, vn = 0;
        bool has_name = y_get_str(v, "name", &fname, &fnn);
        bool has_ver = y_get_str(v, "version", &fver, &fvn);
        if (!has_name || !has_ver) {
            const char *why = pnpm_key(fmt, key, kn, &name, &nn, &ver, &vn);
            if (why) {
                nerr(c, line, "package '%.*s': %s", SHOW(key, kn), why);
                continue;
            }
        }
        if (has_name) {
            name = fname;
            nn = fnn;
        }
        if (has_ver) {
            ver = fver;
            vn = fvn;
        }
        const char *sum = NULL;
        size_t sn = 0;
        y_get_str(y_get(v, "resolution"), "integrity", &sum, &sn);
        emit(c, line, name, nn, ver, vn, NULL, 0, sum, sn);
    }
    mt_strmap_free(&seen);
}

size_t pkg_parse_pnpm_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                           mt_vec *errs)
{
    node_ctx c;
    ctx_init(&c, a, path, out, errs, true);
    if (!take_input(&c, &data, &len, PKG_NODE_MAX_LOCK))
        return ctx_done(&c);
    ydocs y;
    char *owned;
    data = yaml_prepare(&c, data, &len, &owned);
    if (!data) {
        free(owned);
        return ctx_done(&c);
    }
    if (!ydocs_open(&y, data, len)) {
        nerr(&c, 0, "cannot set up the YAML parser");
        free(owned);
        return ctx_done(&c);
    }
    struct fy_document *doc;
    while (!c.full && (doc = fy_parse_load_document(y.parser)) != NULL) {
        struct fy_node *root = fy_document_root(doc);
        if (root)
            pnpm_doc(&c, root);
        fy_parse_document_destroy(y.parser, doc);
    }
    ydocs_close(&y, &c);
    free(owned);
    return ctx_done(&c);
}
