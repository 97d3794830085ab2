/* dpkg.c — pkg_parse_dpkg(): the dpkg status database (var/lib/dpkg/status)
 * and the one-paragraph-per-file databases of distroless images
 * (var/lib/dpkg/status.d/NAME).
 *
 * Which packages are listed. The result is meant to equal what
 *   dpkg-query --admindir=DIR -W \
 *     -f '${Package}\t${Version}\t${source:Package}\t${source:Version}\n'
 * prints. dpkg-query(1) says of --list (and -W is "just like" it): with no
 * pattern it lists "all packages in /var/lib/dpkg/status, excluding the ones
 * marked as not-installed (i.e. those which have been previously purged)".
 * dpkg 1.21.22 run on a database holding every state confirms it: a record
 * is listed whatever its want (unknown/install/hold/deinstall/purge) and
 * error flag (ok/reinstreq) when its status word is installed,
 * config-files, half-installed, unpacked, half-configured,
 * triggers-awaited or triggers-pending, and only not-installed records are
 * left out. So config-files packages (removed, configuration kept) and
 * half-installed ones are listed too; a caller that wants only unpacked
 * software can tell them apart by nothing here, which is the price of
 * matching dpkg-query. A paragraph without a Status field (status.d files
 * never have one) counts as installed; dpkg itself would take such a
 * paragraph of its status file as not-installed, but dpkg never writes one.
 *
 * What else follows dpkg (checked against dpkg-query on crafted databases):
 * - field names are case-insensitive and may have blanks before the colon;
 *   values are trimmed; status words are case-insensitive;
 * - package names must start with a letter or digit and hold only letters,
 *   digits and "-+._"; they are lowercased, as dpkg does;
 * - versions are checked like dpkg's parseversion() (empty, embedded
 *   blanks, bad or too big epoch, nothing after the colon, empty upstream
 *   version or revision are errors) and printed in dpkg's form: a zero
 *   epoch is dropped ("0:1.0" -> "1.0") unless the rest holds a colon,
 *   leading zeros of the epoch go ("01:2" -> "1:2");
 * - "Source: name (version)": the name is the first word, the version what
 *   is between '(' and ')' (a missing ')' is tolerated, text after it is
 *   ignored); without a version the binary version is the source version;
 * - the same name with two architectures (Multi-Arch: same) gives two
 *   packages; the same name and architecture twice is an error.
 * Deliberate differences, for robustness: CRLF line ends are accepted;
 * lines starting with '#' are skipped as comments; a line of blanks inside
 * a paragraph is ignored; a malformed paragraph is reported and skipped
 * instead of failing the whole database; the fields kept here must fit on
 * one line and in PKG_MAX_VALUE bytes. Errors carry the number of the
 * offending line, or of the paragraph's first line when a field is missing.
 */
#include <limits.h>
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"

enum { F_PACKAGE, F_STATUS, F_VERSION, F_ARCH, F_SOURCE, F_COUNT };

static const char *const field_names[F_COUNT] = {"Package", "Status", "Version", "Architecture",
                                                 "Source"};

typedef struct {
    const char *s;
    size_t n;
    int line;
    bool set;
} dpkg_field;

/* Dependency fields are kept when present but never make a paragraph bad
 * (they only feed the dependency relations of SBOMs). */
#define DEP_FIELDS 2
#define DEP_MAX_VALUE 65536
#define DEP_MAX_NAMES 1024

typedef struct {
    int start_line; /* first line of the paragraph; 0 = no content yet */
    bool bad;       /* an error was reported: skip to the next paragraph */
    int last;       /* index of the last field seen, -1 for other fields */
    dpkg_field f[F_COUNT];
    dpkg_field deps[DEP_FIELDS]; /* Depends, Pre-Depends */
} dpkg_para;

typedef struct {
    mt_arena *a;
    char *db_path; /* arena copy shared by the packages of one call */
    mt_vec *out;
    pkg_errsink err;
    mt_strmap seen; /* "name:arch" of the packages listed so far */
    size_t added;
} dpkg_ctx;


static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* dpkg's rule for package names; NULL when valid, else the reason. */
static const char *check_pkg_name(const char *s, size_t n)
{
    if (n == 0)
        return "empty package name";
    if (!is_alnum(s[0]))
        return "package name must start with a letter or digit";
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!is_alnum(c) && c != '-' && c != '+' && c != '.' && c != '_')
            return "package name may only hold letters, digits and '-+._'";
    }
    return NULL;
}

static char *lower_dup(mt_arena *a, const char *s, size_t n)
{
    char *d = mt_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++) {
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = (char)(d[i] - 'A' + 'a');
    }
    return d;
}

/* Checks a Debian version like dpkg's parseversion() and returns it in
 * dpkg's canonical form in *out (arena). Returns NULL on success, else the
 * reason it is invalid. */
static const char *deb_version(mt_arena *a, const char *s, size_t n, char **out)
{
    pkg_trim(&s, &n);
    if (n == 0)
        return "version string is empty";
    for (size_t i = 0; i < n; i++) {
        if (pkg_is_blank(s[i]))
            return "version string has embedded spaces";
    }
    const char *colon = memchr(s, ':', n);
    long epoch = 0;
    const char *rest = s;
    size_t rn = n;
    if (colon) {
        size_t en = (size_t)(colon - s);
        if (en == 0 || !is_digit(s[0]))
            return "epoch in version is empty";
        for (size_t i = 0; i < en; i++) {
            if (!is_digit(s[i]))
                return "epoch in version is not a number";
            epoch = epoch * 10 + (s[i] - '0');
            if (epoch > INT_MAX)
                return "epoch in version is too big";
        }
        rest = colon + 1;
        rn = n - en - 1;
        if (rn == 0)
            return "nothing after the colon in version";
    }
    const char *dash = NULL;
    for (size_t i = rn; i > 0; i--) {
        if (rest[i - 1] == '-') {
            dash = rest + i - 1;
            break;
        }
    }
    if (dash == rest)
        return "upstream version is empty";
    if (dash && dash == rest + rn - 1)
        return "revision is empty";
    if (epoch != 0 || memchr(rest, ':', rn))
        *out = mt_arena_printf(a, "%ld:%.*s", epoch, (int)rn, rest);
    else
        *out = mt_arena_strndup(a, rest, rn);
    return NULL;
}

static const char *const want_words[] = {"unknown", "install", "hold", "deinstall", "purge"};
static const char *const eflag_words[] = {"ok", "reinstreq"};
static const char *const status_words[] = {
    "not-installed",   "config-files",     "half-installed",   "unpacked",
    "half-configured", "triggers-awaited", "triggers-pending", "installed"};

static bool word_in(const char *s, size_t n, const char *const *words, size_t nwords)
{
    for (size_t i = 0; i < nwords; i++) {
        if (pkg_eq_ci(s, n, words[i]))
            return true;
    }
    return false;
}

/* Parses "want eflag status"; returns NULL and sets *not_installed, or
 * the reason the field is invalid. */
static const char *parse_status(const char *s, size_t n, bool *not_installed)
{
    const char *w[3];
    size_t wn[3];
    size_t k = 0, i = 0;
    while (i < n) {
        while (i < n && pkg_is_blank(s[i]))
            i++;
        if (i == n)
            break;
        size_t st = i;
        while (i < n && !pkg_is_blank(s[i]))
            i++;
        if (k == 3)
            return "Status has trailing words after the status";
        w[k] = s + st;
        wn[k] = i - st;
        k++;
    }
    if (k == 0)
        return "Status is empty";
    if (!word_in(w[0], wn[0], want_words, MT_ARRAY_LEN(want_words)))
        return "Status has an unknown want word (first word)";
    if (k < 2)
        return "Status lacks its error-flag word (second word)";
    if (!word_in(w[1], wn[1], eflag_words, MT_ARRAY_LEN(eflag_words)))
        return "Status has an unknown error-flag word (second word)";
    if (k < 3)
        return "Status lacks its status word (third word)";
    if (!word_in(w[2], wn[2], status_words, MT_ARRAY_LEN(status_words)))
        return "Status has an unknown status word (third word)";
    *not_installed = pkg_eq_ci(w[2], wn[2], "not-installed");
    return NULL;
}

/* dpkg architecture names: a letter or digit, then letters, digits, '-'. */
static bool valid_arch(const char *s, size_t n)
{
    if (n == 0 || !is_alnum(s[0]))
        return false;
    for (size_t i = 1; i < n; i++) {
        if (!is_alnum(s[i]) && s[i] != '-')
            return false;
    }
    return true;
}

/* The first alternative of each comma-separated relation, without version
 * constraint or architecture qualifier: "libc6 (>= 2.36), a | b, c:any"
 * gives libc6, a, c. */
static void parse_depends(mt_arena *a, const dpkg_para *p, mt_pkg *pkg)
{
    size_t cap = 0;
    for (int k = 0; k < DEP_FIELDS; k++)
        cap += p->deps[k].set ? p->deps[k].n / 2 + 1 : 0;
    if (cap == 0)
        return;
    if (cap > DEP_MAX_NAMES)
        cap = DEP_MAX_NAMES;
    pkg->depends = mt_arena_alloc(a, cap * sizeof(char *));
    for (int k = 0; k < DEP_FIELDS; k++) {
        if (!p->deps[k].set)
            continue;
        const char *s = p->deps[k].s, *end = s + p->deps[k].n;
        while (s < end && pkg->ndepends < cap) {
            const char *comma = memchr(s, ',', (size_t)(end - s));
            const char *rel_end = comma ? comma : end;
            const char *t = s;
            while (t < rel_end && pkg_is_blank(*t))
                t++;
            const char *n = t;
            while (t < rel_end && !pkg_is_blank(*t) && *t != '(' && *t != '|' && *t != ':' && *t != '[')
                t++;
            if (t > n && !check_pkg_name(n, (size_t)(t - n)))
                pkg->depends[pkg->ndepends++] = lower_dup(a, n, (size_t)(t - n));
            s = comma ? comma + 1 : end;
        }
    }
}

static void para_reset(dpkg_para *p)
{
    memset(p, 0, sizeof(*p));
    p->last = -1;
}

static void para_finish(dpkg_ctx *c, dpkg_para *p)
{
    if (p->bad || p->start_line == 0)
        return;
    const dpkg_field *f = p->f;
    if (!f[F_PACKAGE].set) {
        pkg_error(&c->err, p->start_line, "paragraph without a Package field");
        return;
    }
    const char *why = check_pkg_name(f[F_PACKAGE].s, f[F_PACKAGE].n);
    if (why) {
        pkg_error(&c->err, f[F_PACKAGE].line, "invalid Package '%.*s': %s",
                  (int)(f[F_PACKAGE].n > 64 ? 64 : f[F_PACKAGE].n), f[F_PACKAGE].s, why);
        return;
    }
    char *name = lower_dup(c->a, f[F_PACKAGE].s, f[F_PACKAGE].n);
    if (f[F_STATUS].set) {
        bool not_installed = false;
        why = parse_status(f[F_STATUS].s, f[F_STATUS].n, &not_installed);
        if (why) {
            pkg_error(&c->err, f[F_STATUS].line, "package %s: %s", name, why);
            return;
        }
        if (not_installed)
            return; /* purged: dpkg-query -W does not list it */
    }
    if (!f[F_VERSION].set) {
        pkg_error(&c->err, p->start_line, "package %s has no Version field", name);
        return;
    }
    char *version = NULL;
    why = deb_version(c->a, f[F_VERSION].s, f[F_VERSION].n, &version);
    if (why) {
        pkg_error(&c->err, f[F_VERSION].line, "package %s: invalid Version: %s", name, why);
        return;
    }
    char *arch = NULL;
    if (f[F_ARCH].set && f[F_ARCH].n) {
        if (!valid_arch(f[F_ARCH].s, f[F_ARCH].n)) {
            pkg_error(&c->err, f[F_ARCH].line, "package %s: invalid Architecture", name);
            return;
        }
        arch = mt_arena_strndup(c->a, f[F_ARCH].s, f[F_ARCH].n);
    }
    char *src_name = name, *src_version = version;
    if (f[F_SOURCE].set && f[F_SOURCE].n) {
        const char *s = f[F_SOURCE].s;
        size_t n = f[F_SOURCE].n, w = 0;
        while (w < n && !pkg_is_blank(s[w]))
            w++;
        if (check_pkg_name(s, w)) {
            pkg_error(&c->err, f[F_SOURCE].line,
                      "package %s: invalid source package name in Source", name);
            return;
        }
        src_name = mt_arena_strndup(c->a, s, w);
        const char *open = memchr(s + w, '(', n - w);
        if (open) {
            const char *v = open + 1;
            const char *end = s + n;
            const char *close = memchr(v, ')', (size_t)(end - v));
            size_t vn = (size_t)((close ? close : end) - v);
            why = deb_version(c->a, v, vn, &src_version);
            if (why) {
                pkg_error(&c->err, f[F_SOURCE].line, "package %s: invalid version in Source: %s",
                          name, why);
                return;
            }
        }
    }
    char *key = mt_arena_printf(c->a, "%s:%s", name, arch ? arch : "");
    bool found = false;
    mt_strmap_get(&c->seen, key, &found);
    if (found) {
        pkg_error(&c->err, p->start_line, "package %s%s%s is listed twice", name, arch ? ":" : "",
                  arch ? arch : "");
        return;
    }
    mt_strmap_put(&c->seen, key, NULL);

    mt_pkg *pkg = mt_arena_alloc(c->a, sizeof(*pkg));
    pkg->type = "deb";
    pkg->name = name;
    pkg->version = version;
    pkg->source_name = src_name;
    pkg->source_version = src_version;
    pkg->arch = arch;
    pkg->license = NULL;
    pkg->purl = NULL;
    pkg->db_path = c->db_path;
    pkg->layer = -1;
    parse_depends(c->a, p, pkg);
    mt_vec_push(c->out, pkg);
    c->added++;
}

static void para_line(dpkg_ctx *c, dpkg_para *p, int lineno, const char *s, size_t n)
{
    if (p->start_line == 0)
        p->start_line = lineno;
    if (p->bad)
        return;
    if (pkg_is_blank(s[0])) {
        /* Continuation line: only free-text fields (Description,
         * Conffiles, ...) have them; the fields kept here fit on one. */
        if (p->last >= 0 || p->start_line == lineno) {
            if (p->last >= 0)
                pkg_error(&c->err, lineno, "field %s continues on a second line",
                          field_names[p->last]);
            else
                pkg_error(&c->err, lineno, "continuation line before any field");
            p->bad = true;
        }
        return;
    }
    const char *colon = memchr(s, ':', n);
    if (!colon) {
        pkg_error(&c->err, lineno, "line is not a 'Field: value' line");
        p->bad = true;
        return;
    }
    const char *name = s;
    size_t nn = (size_t)(colon - s);
    while (nn && pkg_is_blank(name[nn - 1]))
        nn--;
    if (nn == 0) {
        pkg_error(&c->err, lineno, "empty field name");
        p->bad = true;
        return;
    }
    p->last = -1;
    static const char *const dep_names[DEP_FIELDS] = {"Depends", "Pre-Depends"};
    for (int k = 0; k < DEP_FIELDS; k++) {
        if (!pkg_eq_ci(name, nn, dep_names[k]))
            continue;
        const char *v = colon + 1;
        size_t vn = (size_t)(s + n - v);
        pkg_trim(&v, &vn);
        if (!p->deps[k].set && vn <= DEP_MAX_VALUE && !pkg_has_ctl(v, vn))
            p->deps[k] = (dpkg_field){v, vn, lineno, true};
        return;
    }
    for (int k = 0; k < F_COUNT; k++) {
        if (!pkg_eq_ci(name, nn, field_names[k]))
            continue;
        dpkg_field *f = &p->f[k];
        if (f->set) {
            pkg_error(&c->err, lineno, "duplicate %s field", field_names[k]);
            p->bad = true;
            return;
        }
        const char *v = colon + 1;
        size_t vn = (size_t)(s + n - v);
        pkg_trim(&v, &vn);
        if (vn > PKG_MAX_VALUE) {
            pkg_error(&c->err, lineno, "field %s is too long (%zu bytes)", field_names[k], vn);
            p->bad = true;
            return;
        }
        if (pkg_has_ctl(v, vn)) {
            pkg_error(&c->err, lineno, "field %s holds a control character", field_names[k]);
            p->bad = true;
            return;
        }
        f->s = v;
        f->n = vn;
        f->line = lineno;
        f->set = true;
        p->last = k;
        break;
    }
}

size_t pkg_parse_dpkg(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                      mt_vec *errs)
{
    dpkg_ctx c;
    memset(&c, 0, sizeof(c));
    c.a = a;
    c.db_path = mt_arena_strdup(a, db_path);
    c.out = out;
    c.err.a = a;
    c.err.errs = errs;
    dpkg_para p;
    para_reset(&p);
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        if (n == 0) {
            para_finish(&c, &p);
            para_reset(&p);
            continue;
        }
        size_t k = 0;
        while (k < n && pkg_is_blank(s[k]))
            k++;
        if (k == n || s[0] == '#')
            continue; /* a line of blanks, or a comment */
        para_line(&c, &p, it.lineno, s, n);
    }
    para_finish(&c, &p);
    mt_strmap_free(&c.seen);
    return c.added;
}
