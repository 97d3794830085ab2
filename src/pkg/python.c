/* python.c — the Python parsers of lang.h (type "pypi"), and the helpers
 * that every parser of lang.h shares (lang_*).
 *
 * Installed packages: core metadata (the packaging specification's "Core
 * metadata", RFC 822 headers) in NAME.dist-info/METADATA (wheels, pip),
 * NAME.egg-info/PKG-INFO (setuptools, Debian's python3-* packages) and
 * NAME.egg-info files (distutils). The headers end at the first empty
 * line; a line starting with a blank continues the header before it.
 * Header names are matched without regard to case, as email.parser does.
 * A line that is neither a header nor a continuation ends the headers, as
 * it does for Python's email parser (importlib.metadata would not see the
 * headers after it): it is reported, and what was read before it is used.
 * Read: Name and Version (required, each once; Name must be a PEP 508
 * name, the Version has no blank), License-Expression, License and
 * Classifier. The license:
 *   1. License-Expression (metadata 2.4, PEP 639: an SPDX expression), if
 *      present and on one line;
 *   2. else License, if on one line and not empty nor "UNKNOWN" (which
 *      setuptools writes when none was given). A License that continues on
 *      more lines is the text of a license, not its name, and is skipped;
 *      when the header comes twice (it happens: outcome 1.3.0.post0) the
 *      first is taken;
 *   3. else the last part of each "License :: ..." classifier ("License ::
 *      OSI Approved :: MIT License" -> "MIT License"), leaving out the two
 *      classifiers that only group others ("License :: OSI Approved",
 *      "License :: DFSG approved"), in order, without repeats, joined with
 *      ", " (several classifiers may mean a choice or parts under different
 *      licenses: the join claims neither);
 *   4. else none.
 *
 * poetry.lock: every [[package]] table's name and version (poetry lists
 * only dependencies, never the project itself; packages from git, a
 * directory or a file are dependencies too and are listed). The same name
 * and version twice is an error. TOML errors are reported and skip the
 * [[package]] they are in.
 *
 * Pipfile.lock (JSON): the members of "default" and "develop"; each one's
 * "version" is "==X" (or "===X"): X is the version. A member without a
 * version (a git, path or editable dependency) is skipped silently; a
 * version of another form is an error. A package in both sections with the
 * same version is listed once.
 *
 * requirements*.txt: pip's requirement-file syntax, keeping only the
 * requirements that pin one version. Physical lines ending in '\' are
 * joined with the next; a comment is a '#' at the start of a line or after
 * a blank; a line starting with '-' is an option (-r, -c, -e, -i,
 * --index-url, ...) and is ignored, as are options after a requirement
 * (pip-compile's "--hash=..."). A requirement is NAME, optional
 * [extras], then a version specifier (bare or in parentheses), then
 * optional ";" environment markers (not evaluated: every pin is listed).
 * Listed: exactly one clause whose operator is "==" or "===" and whose
 * version holds no '*'. Skipped silently: no specifier, ranges, several
 * clauses, wildcards, "name @ URL", URLs and paths (pip's test: a '/' or
 * '\\' before the markers, or a leading '.'). Errors: no name or an
 * invalid one, unterminated extras or parenthesis, an unknown operator, an
 * empty or invalid version, text after the specifier, the same name pinned
 * to two versions by requirements without markers (pip refuses such a
 * file; with markers, "pytest==4.6.11; python_version<='3.4'" beside
 * "pytest==6.2.5; python_version>='3.10'", each pin is listed); a logical
 * line longer than 64 KiB. Errors carry the number of the first physical line of the
 * requirement.
 *
 * Names are kept as written; pkg_purl() applies PEP 503. Duplicates are
 * found on the PEP 503 form. */
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

/* ==== helpers shared by the parsers of lang.h ==== */

void lang_ctx_init(lang_ctx *c, mt_arena *a, const char *type, const char *db_path, mt_vec *out,
                   mt_vec *errs)
{
    memset(c, 0, sizeof(*c));
    c->a = a;
    c->type = type;
    c->db_path = db_path ? mt_arena_strdup(a, db_path) : NULL;
    c->out = out;
    c->err.a = a;
    c->err.errs = errs;
}

size_t lang_ctx_done(lang_ctx *c)
{
    mt_strmap_free(&c->seen);
    return c->added;
}

mt_pkg *lang_emit(lang_ctx *c, char *name, char *version)
{
    mt_pkg *p = mt_arena_alloc(c->a, sizeof(*p));
    p->type = c->type;
    p->name = name;
    p->version = version;
    p->source_name = name;
    p->source_version = version;
    p->db_path = c->db_path;
    p->layer = -1;
    mt_vec_push(c->out, p);
    c->added++;
    return p;
}

bool lang_seen(lang_ctx *c, const char *key)
{
    bool found = false;
    mt_strmap_get(&c->seen, key, &found);
    if (!found)
        mt_strmap_put(&c->seen, key, NULL);
    return found;
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const char *lang_check_version(const char *s, size_t n)
{
    if (n == 0)
        return "it is empty";
    if (n > PKG_MAX_VALUE)
        return "it is longer than 1024 bytes";
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u <= ' ' || u == 0x7f)
            return "it holds a blank or a control character";
    }
    return NULL;
}

const char *lang_check_name(const char *s, size_t n, const char *extra)
{
    if (n == 0)
        return "it is empty";
    if (n > PKG_MAX_VALUE)
        return "it is longer than 1024 bytes";
    if (!is_alnum(s[0]))
        return "it does not start with a letter or digit";
    for (size_t i = 1; i < n; i++) {
        if (!is_alnum(s[i]) && (s[i] == '\0' || !strchr(extra, s[i])))
            return "it holds a character that is not allowed";
    }
    return NULL;
}

const char *lang_check_text(const char *s, size_t n)
{
    if (n > PKG_MAX_VALUE)
        return "it is longer than 1024 bytes";
    if (pkg_has_ctl(s, n))
        return "it holds a control character";
    return NULL;
}

char *lang_quote(mt_arena *a, const char *s, size_t n)
{
    size_t k = n > 64 ? 64 : n;
    char *d = mt_arena_strndup(a, s, k);
    for (size_t i = 0; i < k; i++) {
        unsigned char u = (unsigned char)d[i];
        if (u < 0x20 || u >= 0x7f)
            d[i] = '?';
    }
    return d;
}

bool lang_parent_endswith(const char *path, const char *base, const char *suffix)
{
    if (base <= path + 1)
        return false; /* no directory, or only "/" */
    const char *dend = base - 1; /* the '/' before base */
    const char *dstart = dend;
    while (dstart > path && dstart[-1] != '/')
        dstart--;
    size_t dn = (size_t)(dend - dstart), sn = strlen(suffix);
    return dn > sn && memcmp(dend - sn, suffix, sn) == 0;
}

size_t lang_unknown_path(mt_arena *a, const char *db_path, const char *what, mt_vec *errs)
{
    pkg_errsink e = {.a = a, .errs = errs};
    pkg_error(&e, 0, "%s is not a %s manifest moat knows",
              db_path ? lang_quote(a, db_path, strlen(db_path)) : "(no path)", what);
    return 0;
}

pkg_lang_parser pkg_lang_parser_for(const char *path)
{
    if (!path)
        return NULL;
    pkg_lang_parser f = lang_python_parser_for(path);
    if (!f)
        f = lang_ruby_parser_for(path);
    if (!f)
        f = lang_php_parser_for(path);
    if (!f)
        f = lang_dotnet_parser_for(path);
    if (!f)
        f = lang_rust_parser_for(path);
    return f;
}

/* ==== Python ==== */

/* PEP 508 names: letters and digits, with '.', '_' and '-' inside. */
static const char *py_check_name(const char *s, size_t n)
{
    const char *why = lang_check_name(s, n, "._-");
    if (!why && !is_alnum(s[n - 1]))
        why = "it does not end with a letter or digit";
    return why;
}



/* ---- core metadata ---- */

enum { M_NAME, M_VERSION, M_LICENSE, M_LEXPR, M_COUNT };
static const char *const meta_fields[M_COUNT] = {"Name", "Version", "License",
                                                 "License-Expression"};

#define META_MAX_CLASSIFIERS 32

typedef struct {
    const char *s;
    size_t n;
    int line;
    bool set;
    bool multi; /* continued on other lines */
} meta_field;

/* email.parser's header-name bytes: printable ASCII but ':' and space. */
static bool header_name_char(char c)
{
    return c >= 0x21 && c <= 0x7e && c != ':';
}

/* The license of a package by the rule above, or NULL. */
static char *meta_license(mt_arena *a, const meta_field *f, const char *const *cls,
                          const size_t *clsn, size_t ncls)
{
    if (f[M_LEXPR].set && !f[M_LEXPR].multi && f[M_LEXPR].n &&
        !lang_check_text(f[M_LEXPR].s, f[M_LEXPR].n))
        return mt_arena_strndup(a, f[M_LEXPR].s, f[M_LEXPR].n);
    if (f[M_LICENSE].set && !f[M_LICENSE].multi && f[M_LICENSE].n &&
        !pkg_eq_ci(f[M_LICENSE].s, f[M_LICENSE].n, "UNKNOWN") &&
        !lang_check_text(f[M_LICENSE].s, f[M_LICENSE].n))
        return mt_arena_strndup(a, f[M_LICENSE].s, f[M_LICENSE].n);
    if (ncls == 0)
        return NULL;
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < ncls; i++) {
        if (b.len + 2 + clsn[i] > PKG_MAX_VALUE)
            break;
        if (b.len)
            mt_buf_puts(&b, ", ");
        mt_buf_put(&b, cls[i], clsn[i]);
    }
    char *r = b.len ? mt_arena_strndup(a, b.data, b.len) : NULL;
    mt_buf_free(&b);
    return r;
}

/* A "License :: ..." classifier's last part, unless it only groups. */
static bool license_classifier(const char *s, size_t n, const char **leaf, size_t *leafn)
{
    static const char prefix[] = "License ::";
    if (n < sizeof(prefix) - 1 || memcmp(s, prefix, sizeof(prefix) - 1) != 0)
        return false;
    const char *l = s + sizeof(prefix) - 1;
    size_t ln = n - (sizeof(prefix) - 1);
    bool group = true; /* only "License :: X" so far */
    for (size_t i = 0; i + 1 < ln; i++) {
        if (l[i] == ':' && l[i + 1] == ':') {
            l += i + 2;
            ln -= i + 2;
            i = (size_t)-1;
            group = false;
        }
    }
    pkg_trim(&l, &ln);
    if (ln == 0)
        return false;
    if (group && (pkg_eq_ci(l, ln, "OSI Approved") || pkg_eq_ci(l, ln, "DFSG approved")))
        return false;
    *leaf = l;
    *leafn = ln;
    return true;
}

size_t pkg_parse_python_metadata(mt_arena *a, const char *data, size_t len, const char *db_path,
                                 mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "pypi", db_path, out, errs);
    meta_field f[M_COUNT];
    memset(f, 0, sizeof(f));
    const char *cls[META_MAX_CLASSIFIERS];
    size_t clsn[META_MAX_CLASSIFIERS];
    size_t ncls = 0;
    int last = -1; /* field of the last header, -1 for others */
    bool any = false, bad = false;
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        if (n == 0)
            break; /* end of the headers */
        if (pkg_is_blank(s[0])) {
            if (!any) {
                pkg_error(&c.err, it.lineno, "continuation line before any header");
                continue;
            }
            if (last == M_NAME || last == M_VERSION) {
                pkg_error(&c.err, it.lineno, "%s continues on a second line",
                          meta_fields[last]);
                bad = true;
            } else if (last >= 0) {
                f[last].multi = true;
            }
            continue;
        }
        size_t k = 0;
        while (k < n && header_name_char(s[k]))
            k++;
        if (k == 0 || k == n || s[k] != ':') {
            pkg_error(&c.err, it.lineno,
                      "line is not a 'Field: value' header: the headers end here");
            break;
        }
        any = true;
        const char *v = s + k + 1;
        size_t vn = n - k - 1;
        pkg_trim(&v, &vn);
        last = -1;
        if (pkg_eq_ci(s, k, "Classifier")) {
            const char *leaf;
            size_t leafn;
            if (license_classifier(v, vn, &leaf, &leafn) && ncls < META_MAX_CLASSIFIERS &&
                !lang_check_text(leaf, leafn)) {
                bool dup = false;
                for (size_t i = 0; i < ncls && !dup; i++)
                    dup = clsn[i] == leafn && memcmp(cls[i], leaf, leafn) == 0;
                if (!dup) {
                    cls[ncls] = leaf;
                    clsn[ncls++] = leafn;
                }
            }
            continue;
        }
        for (int i = 0; i < M_COUNT; i++) {
            if (!pkg_eq_ci(s, k, meta_fields[i]))
                continue;
            if (f[i].set) {
                if (i == M_NAME || i == M_VERSION) {
                    pkg_error(&c.err, it.lineno, "second %s header (first on line %d)",
                              meta_fields[i], f[i].line);
                    bad = true;
                }
                break; /* a second License: the first is kept */
            }
            f[i] = (meta_field){.s = v, .n = vn, .line = it.lineno, .set = true};
            last = i;
            break;
        }
    }
    if (bad)
        return lang_ctx_done(&c);
    if (!f[M_NAME].set) {
        pkg_error(&c.err, 0, "no Name header");
        return lang_ctx_done(&c);
    }
    const char *why = py_check_name(f[M_NAME].s, f[M_NAME].n);
    if (why) {
        pkg_error(&c.err, f[M_NAME].line, "invalid Name '%s': %s",
                  lang_quote(a, f[M_NAME].s, f[M_NAME].n), why);
        return lang_ctx_done(&c);
    }
    char *name = mt_arena_strndup(a, f[M_NAME].s, f[M_NAME].n);
    if (!f[M_VERSION].set) {
        pkg_error(&c.err, 0, "package %s has no Version header", name);
        return lang_ctx_done(&c);
    }
    why = lang_check_version(f[M_VERSION].s, f[M_VERSION].n);
    if (why) {
        pkg_error(&c.err, f[M_VERSION].line, "package %s: invalid Version: %s", name, why);
        return lang_ctx_done(&c);
    }
    mt_pkg *p = lang_emit(&c, name, mt_arena_strndup(a, f[M_VERSION].s, f[M_VERSION].n));
    p->license = meta_license(a, f, cls, clsn, ncls);
    return lang_ctx_done(&c);
}

/* ---- poetry.lock ---- */

enum { PO_NAME, PO_VERSION, PO_COUNT };
static const char *const poetry_fields[PO_COUNT] = {"name", "version"};

static void poetry_record(void *ud, int line, const char *const *vals, const size_t *lens,
                          const int *lines)
{
    lang_ctx *c = ud;
    if (!vals[PO_NAME]) {
        pkg_error(&c->err, line, "[[package]] without a name");
        return;
    }
    const char *why = py_check_name(vals[PO_NAME], lens[PO_NAME]);
    if (why) {
        pkg_error(&c->err, lines[PO_NAME], "invalid package name '%s': %s",
                  lang_quote(c->a, vals[PO_NAME], lens[PO_NAME]), why);
        return;
    }
    const char *name = vals[PO_NAME];
    if (!vals[PO_VERSION]) {
        pkg_error(&c->err, line, "package %s has no version", name);
        return;
    }
    why = lang_check_version(vals[PO_VERSION], lens[PO_VERSION]);
    if (why) {
        pkg_error(&c->err, lines[PO_VERSION], "package %s: invalid version: %s", name, why);
        return;
    }
    char *key = mt_arena_printf(c->a, "%s %s", pkg_pypi_normalize(c->a, name, lens[PO_NAME]),
                                vals[PO_VERSION]);
    if (lang_seen(c, key)) {
        pkg_error(&c->err, line, "package %s %s is listed twice", name, vals[PO_VERSION]);
        return;
    }
    lang_emit(c, (char *)name, (char *)vals[PO_VERSION]);
}

size_t pkg_parse_poetry_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                             mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "pypi", db_path, out, errs);
    lt_records spec = {.array = "package",
                       .fields = poetry_fields,
                       .nfields = PO_COUNT,
                       .record = poetry_record,
                       .ud = &c};
    lt_read_records(&c, data, len, &spec);
    return lang_ctx_done(&c);
}

/* ---- Pipfile.lock ---- */

static void pipfile_section(lang_ctx *c, const lj_val *sec, const char *what)
{
    if (sec->type != LJ_OBJ) {
        pkg_error(&c->err, sec->line, "\"%s\" is %s, not an object", what, lj_type_name(sec));
        return;
    }
    for (const lj_val *m = sec->child; m; m = m->next) {
        const char *why = py_check_name(m->key, m->keylen);
        if (why) {
            pkg_error(&c->err, m->line, "invalid package name '%s': %s",
                      lang_quote(c->a, m->key, m->keylen), why);
            continue;
        }
        if (m->type != LJ_OBJ) {
            pkg_error(&c->err, m->line, "package %s is %s, not an object", m->key,
                      lj_type_name(m));
            continue;
        }
        const lj_val *v = lj_get(m, "version");
        if (!v)
            continue; /* git, path or editable: no version */
        if (v->type != LJ_STR) {
            pkg_error(&c->err, v->line, "package %s: version is %s, not a string", m->key,
                      lj_type_name(v));
            continue;
        }
        size_t op = v->n >= 3 && memcmp(v->s, "===", 3) == 0 ? 3
                    : v->n >= 2 && memcmp(v->s, "==", 2) == 0 ? 2
                                                               : 0;
        if (op == 0) {
            pkg_error(&c->err, v->line, "package %s: version '%s' is not '==VERSION'", m->key,
                      lang_quote(c->a, v->s, v->n));
            continue;
        }
        const char *ver = v->s + op;
        size_t vn = v->n - op;
        why = lang_check_version(ver, vn);
        if (why) {
            pkg_error(&c->err, v->line, "package %s: invalid version: %s", m->key, why);
            continue;
        }
        char *key = mt_arena_printf(c->a, "%s %s", pkg_pypi_normalize(c->a, m->key, m->keylen), ver);
        if (lang_seen(c, key))
            continue; /* in default and develop alike */
        lang_emit(c, (char *)m->key, (char *)ver);
    }
}

size_t pkg_parse_pipfile_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "pypi", db_path, out, errs);
    int eline = 0;
    const char *emsg = NULL;
    lj_val *root = lj_parse(a, data, len, 3, &eline, &emsg);
    if (!root) {
        pkg_error(&c.err, eline, "not valid JSON: %s", emsg);
        return lang_ctx_done(&c);
    }
    if (root->type != LJ_OBJ) {
        pkg_error(&c.err, root->line, "the file is %s, not an object", lj_type_name(root));
        return lang_ctx_done(&c);
    }
    const lj_val *def = lj_get(root, "default"), *dev = lj_get(root, "develop");
    if (!def && !dev)
        pkg_error(&c.err, 0, "no \"default\" or \"develop\" section");
    if (def)
        pipfile_section(&c, def, "default");
    if (dev)
        pipfile_section(&c, dev, "develop");
    return lang_ctx_done(&c);
}

/* ---- requirements.txt ---- */

#define REQ_MAX_LINE 65536

typedef struct {
    const char *version;
    bool markers; /* the requirement had environment markers */
    int line;
} req_pin;

typedef struct {
    lang_ctx c;
    mt_strmap pins; /* PEP 503 name -> its first req_pin */
} req_ctx;

static const char *const req_ops[] = {"===", "==", "!=", "~=", ">=", "<=", ">", "<"};

/* One requirement (comments and options removed, trimmed). */
static void req_one(req_ctx *rc, int line, const char *s, size_t n)
{
    lang_ctx *c = &rc->c;
    /* a path or URL (pip's test: it holds a '/' or starts with '.'); the
     * markers after ';' do not count */
    const char *semi = memchr(s, ';', n);
    size_t before = semi ? (size_t)(semi - s) : n;
    if (s[0] == '.' || memchr(s, '/', before) || memchr(s, '\\', before))
        return;
    size_t i = 0;
    while (i < n && (is_alnum(s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '-'))
        i++;
    if (i == 0) {
        pkg_error(&c->err, line, "requirement '%s' does not start with a project name",
                  lang_quote(c->a, s, n));
        return;
    }
    const char *name = s;
    size_t nn = i;
    const char *why = py_check_name(name, nn);
    if (why) {
        pkg_error(&c->err, line, "invalid project name '%s': %s", lang_quote(c->a, name, nn),
                  why);
        return;
    }
    while (i < n && pkg_is_blank(s[i]))
        i++;
    if (i < n && s[i] == '[') {
        const char *close = memchr(s + i, ']', n - i);
        if (!close) {
            pkg_error(&c->err, line, "%.*s: unterminated [extras]", (int)nn, name);
            return;
        }
        i = (size_t)(close - s) + 1;
        while (i < n && pkg_is_blank(s[i]))
            i++;
    }
    if (i == n || s[i] == ';' || s[i] == '@')
        return; /* no version specifier, or a direct URL */
    bool paren = s[i] == '(';
    if (paren)
        i++;
    size_t st = i;
    while (i < n && s[i] != ';' && !(paren && s[i] == ')'))
        i++;
    const char *spec = s + st;
    size_t sn = i - st;
    if (paren) {
        if (i == n || s[i] != ')') {
            pkg_error(&c->err, line, "%.*s: unterminated '(' around the version", (int)nn, name);
            return;
        }
        i++;
        while (i < n && pkg_is_blank(s[i]))
            i++;
        if (i < n && s[i] != ';') {
            pkg_error(&c->err, line, "%.*s: unexpected text after the version", (int)nn, name);
            return;
        }
    }
    pkg_trim(&spec, &sn);
    if (sn == 0) {
        pkg_error(&c->err, line, "%.*s: empty version specifier", (int)nn, name);
        return;
    }
    if (memchr(spec, ',', sn))
        return; /* several clauses: not one pinned version */
    size_t op = 0, k = 0;
    for (; k < MT_ARRAY_LEN(req_ops); k++) {
        size_t ol = strlen(req_ops[k]);
        if (sn >= ol && memcmp(spec, req_ops[k], ol) == 0) {
            op = ol;
            break;
        }
    }
    if (!op) {
        pkg_error(&c->err, line, "%.*s: invalid version specifier '%s'", (int)nn, name,
                  lang_quote(c->a, spec, sn));
        return;
    }
    bool pinned = k < 2; /* "===" or "==" */
    const char *ver = spec + op;
    size_t vn = sn - op;
    pkg_trim(&ver, &vn);
    if (vn == 0) {
        pkg_error(&c->err, line, "%.*s: '%.*s' without a version", (int)nn, name, (int)op, spec);
        return;
    }
    if (!pinned)
        return; /* a range */
    if (op == 2 && memchr(ver, '*', vn))
        return; /* a prefix match: "==1.4.*" */
    for (size_t j = 0; j < vn; j++) {
        char ch = ver[j];
        bool ok = op == 3 ? (unsigned char)ch > ' ' && ch != 0x7f
                          : is_alnum(ch) || ch == '.' || ch == '+' || ch == '!' || ch == '_' ||
                                ch == '-';
        if (!ok) {
            pkg_error(&c->err, line, "%.*s: invalid version '%s'", (int)nn, name,
                      lang_quote(c->a, ver, vn));
            return;
        }
    }
    why = lang_check_version(ver, vn);
    if (why) {
        pkg_error(&c->err, line, "%.*s: invalid version: %s", (int)nn, name, why);
        return;
    }
    bool markers = i < n && s[i] == ';';
    char *norm = pkg_pypi_normalize(c->a, name, nn);
    char *vdup = mt_arena_strndup(c->a, ver, vn);
    bool found = false;
    req_pin *first = mt_strmap_get(&rc->pins, norm, &found);
    if (found && strcmp(first->version, vdup) != 0 && !first->markers && !markers) {
        pkg_error(&c->err, line, "%.*s is pinned twice, to %s (line %d) and %s", (int)nn, name,
                  first->version, first->line, lang_quote(c->a, ver, vn));
        return;
    }
    if (lang_seen(c, mt_arena_printf(c->a, "%s %s", norm, vdup)))
        return; /* the same pin again */
    lang_emit(c, mt_arena_strndup(c->a, name, nn), vdup);
    if (!found) {
        req_pin *pin = mt_arena_alloc(c->a, sizeof(*pin));
        pin->version = vdup;
        pin->markers = markers;
        pin->line = line;
        mt_strmap_put(&rc->pins, norm, pin);
    }
}

/* One logical line. */
static void req_line(req_ctx *rc, int line, const char *s, size_t n)
{
    /* a comment: '#' at the start or after a blank */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '#' && (i == 0 || pkg_is_blank(s[i - 1]))) {
            n = i;
            break;
        }
    }
    pkg_trim(&s, &n);
    if (n == 0 || s[0] == '-')
        return; /* empty, or an option line */
    /* options after the requirement: a word starting with '-' */
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '-' && pkg_is_blank(s[i - 1])) {
            n = i;
            break;
        }
    }
    pkg_trim(&s, &n);
    if (pkg_has_ctl(s, n)) {
        pkg_error(&rc->c.err, line, "requirement holds a control character");
        return;
    }
    req_one(rc, line, s, n);
}

size_t pkg_parse_requirements(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs)
{
    req_ctx rc;
    memset(&rc, 0, sizeof(rc));
    lang_ctx_init(&rc.c, a, "pypi", db_path, out, errs);
    mt_buf b;
    mt_buf_init(&b);
    int start = 0;       /* first physical line of the logical line in b */
    bool toolong = false; /* the logical line in b is being dropped */
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    for (;;) {
        bool more = pkg_lines_next(&it, &s, &n);
        if (more && start == 0)
            start = it.lineno;
        bool comment_line = false;
        if (more) {
            const char *t = s;
            size_t tn = n;
            pkg_trim(&t, &tn);
            comment_line = tn > 0 && t[0] == '#';
        }
        bool cont = more && !comment_line && n > 0 && s[n - 1] == '\\';
        if (more && !comment_line) {
            size_t take = cont ? n - 1 : n;
            if (!toolong && b.len + take > REQ_MAX_LINE) {
                pkg_error(&rc.c.err, start, "requirement is longer than 65536 bytes");
                toolong = true;
            }
            if (!toolong)
                mt_buf_put(&b, s, take);
        }
        if (cont)
            continue;
        /* the logical line is complete (a comment line ends it too) */
        if (!toolong && b.len)
            req_line(&rc, start, b.data, b.len);
        mt_buf_clear(&b);
        toolong = false;
        start = 0;
        if (!more)
            break;
    }
    mt_buf_free(&b);
    mt_strmap_free(&rc.pins);
    return lang_ctx_done(&rc.c);
}

/* ---- paths ---- */

pkg_lang_parser lang_python_parser_for(const char *path)
{
    if (!path)
        return NULL;
    const char *base = mt_basename(path);
    if (strcmp(base, "METADATA") == 0)
        return lang_parent_endswith(path, base, ".dist-info") ? pkg_parse_python_metadata : NULL;
    if (strcmp(base, "PKG-INFO") == 0)
        return lang_parent_endswith(path, base, ".egg-info") ? pkg_parse_python_metadata : NULL;
    size_t bn = strlen(base);
    if (bn > 9 && mt_endswith(base, ".egg-info"))
        return pkg_parse_python_metadata;
    if (strcmp(base, "poetry.lock") == 0)
        return pkg_parse_poetry_lock;
    if (strcmp(base, "Pipfile.lock") == 0)
        return pkg_parse_pipfile_lock;
    if (mt_startswith(base, "requirements") && bn >= 16 && mt_endswith(base, ".txt"))
        return pkg_parse_requirements;
    return NULL;
}

bool pkg_python_is_manifest(const char *path)
{
    return lang_python_parser_for(path) != NULL;
}

size_t pkg_parse_python(mt_arena *a, const char *data, size_t len, const char *db_path,
                        mt_vec *out, mt_vec *errs)
{
    pkg_lang_parser f = lang_python_parser_for(db_path);
    if (!f)
        return lang_unknown_path(a, db_path, "Python", errs);
    return f(a, data, len, db_path, out, errs);
}
