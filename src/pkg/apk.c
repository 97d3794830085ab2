/* apk.c — pkg_parse_apk(): Alpine's installed database, lib/apk/db/installed.
 *
 * The file is a list of records separated by empty lines; each line of a
 * record is one field, a single letter, a colon and the value ("P:busybox").
 * The same letters serve the package index (APKINDEX). Read here: P name,
 * V version, A architecture, o origin (the aport, i.e. the source package),
 * L license. Other fields (C checksum, S/I sizes, T description, U url,
 * m maintainer, t build time, c commit, D/p/r/i dependencies, F/R/a/M/Z
 * the file list, ...) are skipped. apk-tools rejects a line that is not
 * "X:..."; here such a line makes its record be reported and skipped.
 * A record without P or V, with one of the kept fields twice, with an
 * invalid name or version (see valid_name(), valid_version()), or a second
 * record for the same name is reported and skipped too. Lines of blanks
 * end a record like empty lines; CRLF line ends are accepted. Values are
 * trimmed of surrounding blanks and must fit in PKG_MAX_VALUE bytes.
 */
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"

enum { A_NAME, A_VERSION, A_ARCH, A_ORIGIN, A_LICENSE, A_COUNT };

static const char field_letters[A_COUNT] = {'P', 'V', 'A', 'o', 'L'};

typedef struct {
    const char *s;
    size_t n;
    int line;
    bool set;
} apk_field;

typedef struct {
    int start_line;
    bool bad;
    apk_field f[A_COUNT];
} apk_rec;

typedef struct {
    mt_arena *a;
    char *db_path; /* arena copy shared by the packages of one call */
    mt_vec *out;
    pkg_errsink err;
    mt_strmap seen;
    size_t added;
} apk_ctx;

/* apk names: printable ASCII without blanks (apk splits dependency lists
 * on them) nor '/' (names are file names in the cache). A leading '.' is
 * fine: `apk add --virtual .build-deps` records such a package. */
static bool valid_name(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == '/')
            return false;
    }
    return true;
}

/* apk versions start with a digit (apk_version_validate() requires it)
 * and are printable ASCII without blanks. */
static bool valid_version(const char *s, size_t n)
{
    if (n == 0 || s[0] < '0' || s[0] > '9')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f)
            return false;
    }
    return true;
}

static void rec_finish(apk_ctx *c, apk_rec *r)
{
    if (r->bad || r->start_line == 0)
        return;
    const apk_field *f = r->f;
    if (!f[A_NAME].set) {
        pkg_error(&c->err, r->start_line, "record without a P: (package name) field");
        return;
    }
    if (!valid_name(f[A_NAME].s, f[A_NAME].n)) {
        pkg_error(&c->err, f[A_NAME].line, "invalid package name");
        return;
    }
    char *name = mt_arena_strndup(c->a, f[A_NAME].s, f[A_NAME].n);
    if (!f[A_VERSION].set) {
        pkg_error(&c->err, r->start_line, "package %s has no V: (version) field", name);
        return;
    }
    if (!valid_version(f[A_VERSION].s, f[A_VERSION].n)) {
        pkg_error(&c->err, f[A_VERSION].line, "package %s: invalid version", name);
        return;
    }
    bool found = false;
    mt_strmap_get(&c->seen, name, &found);
    if (found) {
        pkg_error(&c->err, r->start_line, "package %s is listed twice", name);
        return;
    }
    mt_strmap_put(&c->seen, name, NULL);

    mt_pkg *p = mt_arena_alloc(c->a, sizeof(*p));
    p->type = "apk";
    p->name = name;
    p->version = mt_arena_strndup(c->a, f[A_VERSION].s, f[A_VERSION].n);
    p->arch =
        f[A_ARCH].set && f[A_ARCH].n ? mt_arena_strndup(c->a, f[A_ARCH].s, f[A_ARCH].n) : NULL;
    p->source_name = f[A_ORIGIN].set && f[A_ORIGIN].n
                         ? mt_arena_strndup(c->a, f[A_ORIGIN].s, f[A_ORIGIN].n)
                         : name;
    p->source_version = p->version;
    p->license = f[A_LICENSE].set && f[A_LICENSE].n
                     ? mt_arena_strndup(c->a, f[A_LICENSE].s, f[A_LICENSE].n)
                     : NULL;
    p->purl = NULL;
    p->db_path = c->db_path;
    p->layer = -1;
    mt_vec_push(c->out, p);
    c->added++;
}

static void rec_line(apk_ctx *c, apk_rec *r, int lineno, const char *s, size_t n)
{
    if (r->start_line == 0)
        r->start_line = lineno;
    if (r->bad)
        return;
    if (n < 2 || s[1] != ':') {
        pkg_error(&c->err, lineno, "line is not an 'X:value' field");
        r->bad = true;
        return;
    }
    for (int k = 0; k < A_COUNT; k++) {
        if (s[0] != field_letters[k])
            continue;
        apk_field *f = &r->f[k];
        if (f->set) {
            pkg_error(&c->err, lineno, "duplicate %c: field", s[0]);
            r->bad = true;
            return;
        }
        const char *v = s + 2;
        size_t vn = n - 2;
        pkg_trim(&v, &vn);
        if (vn > PKG_MAX_VALUE) {
            pkg_error(&c->err, lineno, "field %c: is too long (%zu bytes)", s[0], vn);
            r->bad = true;
            return;
        }
        if (pkg_has_ctl(v, vn)) {
            pkg_error(&c->err, lineno, "field %c: holds a control character", s[0]);
            r->bad = true;
            return;
        }
        f->s = v;
        f->n = vn;
        f->line = lineno;
        f->set = true;
        return;
    }
}

size_t pkg_parse_apk(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                     mt_vec *errs)
{
    apk_ctx c;
    memset(&c, 0, sizeof(c));
    c.a = a;
    c.db_path = mt_arena_strdup(a, db_path);
    c.out = out;
    c.err.a = a;
    c.err.errs = errs;
    apk_rec r;
    memset(&r, 0, sizeof(r));
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        size_t k = 0;
        while (k < n && pkg_is_blank(s[k]))
            k++;
        if (k == n) {
            rec_finish(&c, &r);
            memset(&r, 0, sizeof(r));
            continue;
        }
        rec_line(&c, &r, it.lineno, s, n);
    }
    rec_finish(&c, &r);
    mt_strmap_free(&c.seen);
    return c.added;
}
