/* sbom_in.c — see sbom_in.h. Two parts: a package-url parser following the
 * purl specification's parsing steps, and the readers of CycloneDX and
 * SPDX JSON documents (through jansson), which turn each component with a
 * purl into an mt_pkg spelled as moat's own inventory spells packages.
 *
 * Producers differ in where they put what a vulnerability matcher needs;
 * the conventions read here are:
 *   moat      CycloneDX properties moat:package:source_name/source_version,
 *             moat:package:arch, moat:package:db_path, moat:layer:index;
 *             SPDX sourceInfo "built package from: NAME VERSION",
 *             licenseComments "as declared by the package database: L",
 *             comment "layer N ...". The deb epoch is in the purl version,
 *             the rpm epoch a qualifier.
 *   Trivy     properties aquasecurity:trivy:SrcName, SrcVersion (upstream
 *             part), SrcRelease, SrcEpoch, FilePath; the epoch of deb and
 *             rpm packages is an "epoch" qualifier and the component's
 *             "version" carries it ("1:5.2.15-2+b2"); golang purls are
 *             lowercased; SPDX sourceInfo as moat.
 *   Syft      properties syft:metadata:source and sourceVersion (deb),
 *             sourceRpm (rpm), originPackage (apk), syft:location:0:path;
 *             the purl qualifier "upstream": "src" or "src@version" (deb,
 *             apk) or the source RPM file name (rpm).
 * An operating system comes from a CycloneDX operating-system component
 * or an SPDX OPERATING-SYSTEM package (Trivy, moat, Syft's CycloneDX), or
 * from the "distro" qualifier of the OS packages' purls (Syft's SPDX). */
#include "pkg/sbom_in.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg_internal.h"

/* ------------------------------------------------------------------ */
/* package URLs                                                        */
/* ------------------------------------------------------------------ */

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower_c(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char *lower_dup(mt_arena *a, const char *s, size_t n)
{
    char *d = mt_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++)
        d[i] = lower_c(d[i]);
    return d;
}

/* Whether [s, s + n) is well-formed UTF-8 (no overlong forms, no
 * surrogates, at most U+10FFFF). */
static bool utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

/* Percent-decodes [s, s + n) into an arena string. The result must be
 * UTF-8 without control characters. */
static char *pct_decode(mt_arena *a, const char *s, size_t n, const char **why)
{
    char *d = mt_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            d[o++] = s[i];
            continue;
        }
        if (n - i < 3) {
            *why = "invalid percent-encoding";
            return NULL;
        }
        int h = pkg_hexval(s[i + 1]), l = pkg_hexval(s[i + 2]);
        if (h < 0 || l < 0) {
            *why = "invalid percent-encoding";
            return NULL;
        }
        d[o++] = (char)(h * 16 + l);
        i += 2;
    }
    d[o] = '\0';
    if (pkg_has_ctl(d, o) || memchr(d, '\t', o)) {
        *why = "a control character";
        return NULL;
    }
    if (!utf8_ok((const unsigned char *)d, o)) {
        *why = "invalid UTF-8";
        return NULL;
    }
    return d;
}

/* Decodes the '/'-separated segments of [s, s + n), skipping empty ones
 * (and '.' and '..' when dots is set), and joins them with '/'. NULL with
 * *why unset when nothing is left. */
static char *segments(mt_arena *a, const char *s, size_t n, bool dots, const char **why)
{
    mt_buf b;
    mt_buf_init(&b);
    size_t i = 0;
    bool any = false;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        size_t l = j - i;
        bool skip = l == 0 || (dots && ((l == 1 && s[i] == '.') || (l == 2 && s[i] == '.' &&
                                                                       s[i + 1] == '.')));
        if (!skip) {
            char *seg = pct_decode(a, s + i, l, why);
            if (!seg) {
                mt_buf_free(&b);
                return NULL;
            }
            if (strchr(seg, '/')) {
                *why = "a '/' encoded inside a segment";
                mt_buf_free(&b);
                return NULL;
            }
            if (any)
                mt_buf_putc(&b, '/');
            mt_buf_puts(&b, seg);
            any = true;
        }
        i = j + 1;
    }
    char *r = any ? mt_arena_strndup(a, b.data, b.len) : NULL;
    mt_buf_free(&b);
    return r;
}

typedef struct {
    char *key, *value;
} purl_q;

static int q_cmp(const void *x, const void *y)
{
    return strcmp(((const purl_q *)x)->key, ((const purl_q *)y)->key);
}

static bool valid_qual_key(const char *k, size_t n)
{
    if (n == 0 || is_digit(k[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!is_alpha(k[i]) && !is_digit(k[i]) && k[i] != '.' && k[i] != '-' && k[i] != '_')
            return false;
    }
    return true;
}

#define PURL_MAX_QUALS 64

static int parse_quals(mt_arena *a, const char *s, size_t n, sbom_purl *out, const char **why)
{
    purl_q q[PURL_MAX_QUALS];
    size_t nq = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        if (j > i) {
            const char *eq = memchr(s + i, '=', j - i);
            if (!eq) {
                *why = "a qualifier without '='";
                return -1;
            }
            size_t kn = (size_t)(eq - (s + i));
            if (!valid_qual_key(s + i, kn)) {
                *why = "an invalid qualifier key";
                return -1;
            }
            char *val = pct_decode(a, eq + 1, (size_t)(s + j - eq - 1), why);
            if (!val)
                return -1;
            if (*val) {
                char *key = lower_dup(a, s + i, kn);
                for (size_t k = 0; k < nq; k++) {
                    if (strcmp(q[k].key, key) == 0) {
                        *why = "a qualifier key given twice";
                        return -1;
                    }
                }
                if (nq == PURL_MAX_QUALS) {
                    *why = "more than 64 qualifiers";
                    return -1;
                }
                q[nq].key = key;
                q[nq].value = val;
                nq++;
            }
        }
        i = j + 1;
    }
    if (nq == 0)
        return 0;
    qsort(q, nq, sizeof(q[0]), q_cmp);
    out->qual_keys = mt_arena_alloc(a, nq * sizeof(char *));
    out->qual_values = mt_arena_alloc(a, nq * sizeof(char *));
    for (size_t k = 0; k < nq; k++) {
        out->qual_keys[k] = q[k].key;
        out->qual_values[k] = q[k].value;
    }
    out->nquals = nq;
    return 0;
}

int sbom_purl_parse(mt_arena *a, const char *s, size_t n, sbom_purl *out, const char **why)
{
    memset(out, 0, sizeof(*out));
    const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = "no purl";
        return -1;
    }
    if (n > SBOM_PURL_MAX) {
        *why = "longer than 4096 bytes";
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            *why = "a control character";
            return -1;
        }
    }
    /* subpath: after the last '#' */
    size_t end = n;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '#') {
            *why = NULL;
            out->subpath = segments(a, s + i, n - i, true, why);
            if (!out->subpath && *why)
                return -1;
            end = i - 1;
            break;
        }
    }
    /* qualifiers: after the last '?' */
    for (size_t i = end; i > 0; i--) {
        if (s[i - 1] == '?') {
            if (parse_quals(a, s + i, end - i, out, why) != 0)
                return -1;
            end = i - 1;
            break;
        }
    }
    /* scheme */
    if (end < 4 || lower_c(s[0]) != 'p' || lower_c(s[1]) != 'k' || lower_c(s[2]) != 'g' ||
        s[3] != ':') {
        *why = "does not start with \"pkg:\"";
        return -1;
    }
    size_t i = 4;
    while (i < end && s[i] == '/')
        i++;
    /* type */
    size_t t = i;
    while (i < end && s[i] != '/')
        i++;
    if (i == t) {
        *why = "no type";
        return -1;
    }
    if (!is_alpha(s[t])) {
        *why = "an invalid type";
        return -1;
    }
    for (size_t k = t; k < i; k++) {
        if (!is_alpha(s[k]) && !is_digit(s[k]) && s[k] != '.' && s[k] != '+' && s[k] != '-') {
            *why = "an invalid type";
            return -1;
        }
    }
    if (i == end) {
        *why = "no name";
        return -1;
    }
    out->type = lower_dup(a, s + t, i - t);
    i++;
    /* version: after the last '@', unless that '@' starts a namespace
     * segment (an unencoded npm "@scope" of a purl without version) */
    size_t rest = i;
    bool slash_after = false;
    for (size_t k = end; k > rest; k--) {
        if (s[k - 1] == '/')
            slash_after = true;
        bool seg_start = k - 1 == rest || s[k - 2] == '/';
        if (s[k - 1] == '@' && !(seg_start && slash_after)) {
            if (k < end) {
                out->version = pct_decode(a, s + k, end - k, why);
                if (!out->version)
                    return -1;
            }
            end = k - 1;
            break;
        }
    }
    /* name: the last segment; namespace: the others */
    while (end > rest && s[end - 1] == '/')
        end--;
    while (rest < end && s[rest] == '/')
        rest++;
    size_t slash = end;
    while (slash > rest && s[slash - 1] != '/')
        slash--;
    if (slash == end) {
        *why = "no name";
        return -1;
    }
    out->name = pct_decode(a, s + slash, end - slash, why);
    if (!out->name)
        return -1;
    if (!*out->name) {
        *why = "no name";
        return -1;
    }
    if (slash > rest) {
        *why = NULL;
        out->ns = segments(a, s + rest, slash - 1 - rest, false, why);
        if (!out->ns && *why)
            return -1;
    }
    return 0;
}

const char *sbom_purl_qualifier(const sbom_purl *p, const char *key)
{
    for (size_t i = 0; p && i < p->nquals; i++) {
        if (strcmp(p->qual_keys[i], key) == 0)
            return p->qual_values[i];
    }
    return NULL;
}

/* The length of a leading "DIGITS:" epoch of v, 0 when there is none. */
static size_t epoch_len(const char *v)
{
    size_t d = 0;
    while (is_digit(v[d]))
        d++;
    return d > 0 && v[d] == ':' ? d + 1 : 0;
}

char *sbom_purl_full_version(mt_arena *a, const sbom_purl *p)
{
    if (!p || !p->version)
        return NULL;
    bool epochs = strcmp(p->type, "deb") == 0 || strcmp(p->type, "rpm") == 0;
    const char *e = epochs ? sbom_purl_qualifier(p, "epoch") : NULL;
    if (!e || epoch_len(p->version))
        return mt_arena_strdup(a, p->version);
    size_t d = 0;
    while (is_digit(e[d]))
        d++;
    if (d == 0 || e[d] || d > 10)
        return mt_arena_strdup(a, p->version);
    while (*e == '0' && e[1])
        e++;
    if (strcmp(e, "0") == 0)
        return mt_arena_strdup(a, p->version);
    return mt_arena_printf(a, "%s:%s", e, p->version);
}

/* Case-folding of the namespace and name of a purl type. */
enum { FOLD_NONE = 0, FOLD_NS = 1, FOLD_NAME = 2, FOLD_PEP503 = 4 };

static int type_fold(const char *type)
{
    static const struct {
        const char *type;
        int fold;
    } rules[] = {
        {"deb", FOLD_NS | FOLD_NAME},       {"apk", FOLD_NS | FOLD_NAME},
        {"alpm", FOLD_NS | FOLD_NAME},      {"npm", FOLD_NS | FOLD_NAME},
        {"composer", FOLD_NS | FOLD_NAME},  {"github", FOLD_NS | FOLD_NAME},
        {"bitbucket", FOLD_NS | FOLD_NAME}, {"hex", FOLD_NS | FOLD_NAME},
        {"golang", FOLD_NS | FOLD_NAME},    {"nuget", FOLD_NAME},
        {"oci", FOLD_NAME},                 {"rpm", FOLD_NS},
        {"pypi", FOLD_NS | FOLD_PEP503},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(rules); i++) {
        if (strcmp(rules[i].type, type) == 0)
            return rules[i].fold;
    }
    return FOLD_NONE;
}

static bool eq_opt(const char *x, const char *y, bool fold)
{
    if (!x || !y)
        return !x && !y;
    return fold ? mt_streq_ci(x, y) : strcmp(x, y) == 0;
}

/* PEP 503 equality without allocating: runs of "-_." are one separator,
 * ASCII case ignored. */
static bool pep503_eq(const char *x, const char *y)
{
    for (;;) {
        bool sx = *x == '-' || *x == '_' || *x == '.';
        bool sy = *y == '-' || *y == '_' || *y == '.';
        if (sx != sy)
            return false;
        if (sx) {
            while (*x == '-' || *x == '_' || *x == '.')
                x++;
            while (*y == '-' || *y == '_' || *y == '.')
                y++;
            continue;
        }
        if (lower_c(*x) != lower_c(*y))
            return false;
        if (!*x)
            return true;
        x++;
        y++;
    }
}

bool sbom_purl_same_package(const sbom_purl *x, const sbom_purl *y)
{
    if (!x || !y || !x->type || !y->type || strcmp(x->type, y->type) != 0)
        return false;
    int f = type_fold(x->type);
    if (!eq_opt(x->ns, y->ns, f & FOLD_NS))
        return false;
    if (!x->name || !y->name)
        return false;
    if (f & FOLD_PEP503)
        return pep503_eq(x->name, y->name);
    return eq_opt(x->name, y->name, f & FOLD_NAME);
}

static bool vendor_ns(const char *type)
{
    return !strcmp(type, "deb") || !strcmp(type, "apk") || !strcmp(type, "rpm") ||
           !strcmp(type, "alpm");
}

char *sbom_purl_pkg_name(mt_arena *a, const sbom_purl *p)
{
    if (!p->ns || vendor_ns(p->type))
        return mt_arena_strdup(a, p->name);
    return mt_arena_printf(a, "%s%c%s", p->ns, strcmp(p->type, "maven") == 0 ? ':' : '/',
                           p->name);
}

/* ------------------------------------------------------------------ */
/* SBOM documents                                                      */
/* ------------------------------------------------------------------ */

#define SB_MAX_DISTROS 8
#define SB_MAX_LICENSES 32

typedef struct {
    mt_arena *a;
    const char *path;
    mt_vec *pkgs;     /* this call's packages, handed over on success */
    mt_os *os;
    pkg_errsink err;
    size_t ncomp;     /* components / packages visited */
    bool os_known;    /* *os comes from an OS component or package */
    char *distros[SB_MAX_DISTROS]; /* distinct "distro" qualifiers of OS purls */
    size_t ndistros;
    char *first_ns;   /* namespace (vendor) of the first OS purl */
    char fatal[512];  /* set when the document cannot be read */
} sb_ctx;

/* What one component or package says about itself. */
typedef struct {
    const char *loc;         /* "components[3]", "packages[7]" */
    const char *purl;
    const char *name, *group, *version;
    json_t *props;           /* CycloneDX properties, or NULL */
    const char *source_info; /* SPDX sourceInfo */
    const char *comment;     /* SPDX comment */
    const char *license;
} sb_comp;

static void fatal(sb_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fatal(sb_ctx *c, const char *fmt, ...)
{
    if (c->fatal[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->fatal, sizeof(c->fatal), fmt, ap);
    va_end(ap);
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* s when it can be kept as a field of a package: not empty, at most
 * PKG_MAX_VALUE bytes, no control character (tab included). */
static const char *clean(const char *s)
{
    if (!s || !*s)
        return NULL;
    size_t n = strlen(s);
    if (n > PKG_MAX_VALUE || pkg_has_ctl(s, n) || memchr(s, '\t', n))
        return NULL;
    return s;
}

/* s for a message: at most 80 bytes, control characters as '?'. */
static char *shown(mt_arena *a, const char *s)
{
    size_t n = strlen(s);
    bool cut = n > 80;
    if (cut)
        n = 77;
    char *d = mt_arena_alloc(a, n + 4);
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (cut)
        memcpy(d + n, "...", 3);
    return d;
}

/* "components[3] (curl 7.88.1-10)": where a component is, for messages. */
static char *describe(sb_ctx *c, const sb_comp *k)
{
    if (!k->name || !*k->name)
        return (char *)k->loc;
    if (!k->version || !*k->version)
        return mt_arena_printf(c->a, "%s (%s)", k->loc, shown(c->a, k->name));
    return mt_arena_printf(c->a, "%s (%s %s)", k->loc, shown(c->a, k->name),
                           shown(c->a, k->version));
}

/* The value of the first CycloneDX property called name. */
static const char *prop(json_t *props, const char *name)
{
    if (!json_is_array(props))
        return NULL;
    size_t i;
    json_t *p;
    json_array_foreach(props, i, p)
    {
        const char *n = jstr(p, "name");
        if (n && strcmp(n, name) == 0)
            return jstr(p, "value");
    }
    return NULL;
}

static const char *intern_type(mt_arena *a, const char *t)
{
    static const char *const known[] = {"deb",   "apk",      "rpm",   "golang", "npm",
                                        "pypi",  "maven",    "gem",   "composer", "nuget",
                                        "cargo", "alpm",     "generic", "oci",  "github"};
    for (size_t i = 0; i < MT_ARRAY_LEN(known); i++) {
        if (strcmp(known[i], t) == 0)
            return known[i];
    }
    return mt_arena_strdup(a, t);
}

/* Whether the names x and y of a package of this type are the same once
 * folded as the type's purls are (case, or the PEP 503 form for pypi).
 * Types whose names are case-sensitive (maven, gem, cargo, rpm, ...) are
 * compared exactly. */
static bool same_name(const char *type, const char *x, const char *y)
{
    int f = type_fold(type);
    if (f & FOLD_PEP503)
        return pep503_eq(x, y);
    return (f & FOLD_NAME) ? mt_streq_ci(x, y) : strcmp(x, y) == 0;
}

/* The document's own spelling of the name when the purl's is the same
 * folded (producers lowercase Go module paths, npm and composer names,
 * PyPI names). */
static char *preferred_name(sb_ctx *c, const sbom_purl *p, char *derived, const sb_comp *k)
{
    const char *cands[2] = {clean(k->name), NULL};
    if (!vendor_ns(p->type) && clean(k->group) && cands[0])
        cands[1] = mt_arena_printf(c->a, "%s%c%s", k->group,
                                   strcmp(p->type, "maven") == 0 ? ':' : '/', k->name);
    for (size_t i = 0; i < 2; i++) {
        if (!cands[i] || strlen(cands[i]) > PKG_MAX_VALUE)
            continue;
        if (strcmp(cands[i], derived) == 0)
            return derived;
        if (same_name(p->type, cands[i], derived))
            return mt_arena_strdup(c->a, cands[i]);
    }
    return derived;
}

/* Splits a source RPM file name "NAME-VERSION-RELEASE.src.rpm" (or
 * .nosrc.rpm, or without the suffix) into NAME and VERSION-RELEASE. */
static bool split_srpm(mt_arena *a, const char *s, char **name, char **vr)
{
    size_t n = strlen(s);
    static const char *const suffixes[] = {".src.rpm", ".nosrc.rpm"};
    for (size_t k = 0; k < MT_ARRAY_LEN(suffixes); k++) {
        size_t l = strlen(suffixes[k]);
        if (n > l && memcmp(s + n - l, suffixes[k], l) == 0) {
            n -= l;
            break;
        }
    }
    size_t r = n;
    while (r > 0 && s[r - 1] != '-')
        r--;
    if (r <= 1 || r == n)
        return false;
    size_t v = r - 1;
    while (v > 0 && s[v - 1] != '-')
        v--;
    if (v <= 1 || v == r - 1)
        return false;
    *name = mt_arena_strndup(a, s, v - 1);
    *vr = mt_arena_strndup(a, s + v, n - v);
    return true;
}

/* Sets source_name and source_version of pk (name, version and type set). */
static void set_source(sb_ctx *c, const sb_comp *k, const sbom_purl *p, mt_pkg *pk)
{
    mt_arena *a = c->a;
    const char *type = p->type;
    bool rpm = strcmp(type, "rpm") == 0;
    const char *sn = NULL, *sv = NULL;
    char *bin_epoch = mt_arena_strndup(a, pk->version, epoch_len(pk->version));

    /* moat */
    sn = clean(prop(k->props, "moat:package:source_name"));
    sv = clean(prop(k->props, "moat:package:source_version"));
    if (!sn && !sv) {
        /* Trivy */
        const char *tn = clean(prop(k->props, "aquasecurity:trivy:SrcName"));
        const char *tv = clean(prop(k->props, "aquasecurity:trivy:SrcVersion"));
        const char *tr = clean(prop(k->props, "aquasecurity:trivy:SrcRelease"));
        const char *te = clean(prop(k->props, "aquasecurity:trivy:SrcEpoch"));
        if (tn || tv) {
            sn = tn;
            if (tv) {
                bool ep = te && strspn(te, "0123456789") == strlen(te) && strspn(te, "0") != strlen(te);
                sv = mt_arena_printf(a, "%s%s%s%s%s", ep ? te : "", ep ? ":" : "", tv,
                                     tr ? "-" : "", tr ? tr : "");
            }
        }
    }
    if (!sn && !sv) {
        /* Syft */
        const char *srpm = clean(prop(k->props, "syft:metadata:sourceRpm"));
        char *n = NULL, *vr = NULL;
        if (rpm && srpm && split_srpm(a, srpm, &n, &vr)) {
            sn = n;
            sv = mt_arena_printf(a, "%s%s", bin_epoch, vr);
        } else if (!strcmp(type, "deb")) {
            sn = clean(prop(k->props, "syft:metadata:source"));
            sv = sn ? clean(prop(k->props, "syft:metadata:sourceVersion")) : NULL;
        } else if (!strcmp(type, "apk")) {
            sn = clean(prop(k->props, "syft:metadata:originPackage"));
        }
    }
    if (!sn && !sv && k->source_info) {
        /* SPDX, as Trivy and moat write it */
        static const char pre[] = "built package from: ";
        if (strncmp(k->source_info, pre, sizeof(pre) - 1) == 0) {
            const char *s = k->source_info + sizeof(pre) - 1;
            const char *sp = strchr(s, ' ');
            if (sp) {
                sn = clean(mt_arena_strndup(a, s, (size_t)(sp - s)));
                sv = clean(sp + 1);
            } else {
                sn = clean(s);
            }
        }
    }
    if (!sn && !sv) {
        /* the purl's upstream qualifier (Syft, Trivy) */
        const char *up = clean(sbom_purl_qualifier(p, "upstream"));
        char *n = NULL, *vr = NULL;
        if (up && rpm) {
            if (split_srpm(a, up, &n, &vr)) {
                sn = n;
                sv = mt_arena_printf(a, "%s%s", bin_epoch, vr);
            } else {
                sn = up;
            }
        } else if (up) {
            const char *at = strchr(up, '@');
            if (at && at > up && at[1]) {
                sn = mt_arena_strndup(a, up, (size_t)(at - up));
                sv = at + 1;
            } else if (!at) {
                sn = up;
            }
        }
    }
    pk->source_name = sn ? mt_arena_strdup(a, sn) : pk->name;
    pk->source_version = sv ? mt_arena_strdup(a, sv) : pk->version;
}

static void note_distro(sb_ctx *c, const sbom_purl *p)
{
    if (!vendor_ns(p->type))
        return;
    if (!c->first_ns && p->ns && clean(p->ns))
        c->first_ns = lower_dup(c->a, p->ns, strlen(p->ns));
    const char *d = clean(sbom_purl_qualifier(p, "distro"));
    if (!d)
        return;
    for (size_t i = 0; i < c->ndistros; i++) {
        if (strcmp(c->distros[i], d) == 0)
            return;
    }
    if (c->ndistros < SB_MAX_DISTROS)
        c->distros[c->ndistros++] = mt_arena_strdup(c->a, d);
}

/* "debian-12" -> id debian, version_id 12; "opensuse-leap-15.5" ->
 * opensuse-leap, 15.5; "debian-bookworm" -> debian, codename bookworm. */
static void parse_distro(mt_arena *a, const char *d, mt_os *os)
{
    size_t n = strlen(d), cut = n;
    for (size_t i = 1; i + 1 < n; i++) {
        if (d[i] == '-' && is_digit(d[i + 1])) {
            cut = i;
            break;
        }
    }
    bool codename = false;
    if (cut == n) {
        for (size_t i = n; i > 1; i--) {
            if (d[i - 1] == '-' && i < n) {
                cut = i - 1;
                codename = true;
                break;
            }
        }
    }
    os->id = lower_dup(a, d, cut);
    if (cut < n) {
        char *rest = mt_arena_strdup(a, d + cut + 1);
        if (codename)
            os->codename = rest;
        else
            os->version_id = rest;
    }
}

static void add_package(sb_ctx *c, const sb_comp *k)
{
    sbom_purl p;
    const char *why = NULL;
    if (sbom_purl_parse(c->a, k->purl, strlen(k->purl), &p, &why) != 0) {
        pkg_error(&c->err, 0, "%s: invalid purl \"%s\": %s; skipped", describe(c, k),
                  shown(c->a, k->purl), why);
        return;
    }
    note_distro(c, &p);
    char *name = preferred_name(c, &p, sbom_purl_pkg_name(c->a, &p), k);
    char *version = sbom_purl_full_version(c->a, &p);
    const char *cv = clean(k->version);
    if (!version && cv) {
        version = mt_arena_strdup(c->a, cv);
    } else if (version && cv && strcmp(cv, version) != 0) {
        /* "0:1.2-3" as the database has it, "1.2-3" in the purl */
        size_t e = epoch_len(cv);
        if (e && strspn(cv, "0") == e - 1 && strcmp(cv + e, version) == 0)
            version = mt_arena_strdup(c->a, cv);
    }
    if (!version || !*version) {
        pkg_error(&c->err, 0, "%s: no version in purl \"%s\" nor in the document; skipped",
                  describe(c, k), shown(c->a, k->purl));
        return;
    }
    if (strlen(name) > PKG_MAX_VALUE || strlen(version) > PKG_MAX_VALUE) {
        pkg_error(&c->err, 0, "%s: name or version longer than %d bytes; skipped",
                  describe(c, k), PKG_MAX_VALUE);
        return;
    }
    mt_pkg *pk = mt_arena_alloc(c->a, sizeof(*pk));
    pk->type = intern_type(c->a, p.type);
    pk->name = name;
    pk->version = version;
    const char *arch = sbom_purl_qualifier(&p, "arch");
    if (!arch && strcmp(p.type, "gem") == 0)
        arch = sbom_purl_qualifier(&p, "platform");
    if (!arch)
        arch = prop(k->props, "moat:package:arch");
    arch = clean(arch);
    pk->arch = arch ? mt_arena_strdup(c->a, arch) : NULL;
    const char *lic = clean(k->license);
    pk->license = lic ? mt_arena_strdup(c->a, lic) : NULL;
    pk->purl = mt_arena_strdup(c->a, k->purl);
    const char *loc = clean(prop(k->props, "moat:package:db_path"));
    if (!loc)
        loc = clean(prop(k->props, "aquasecurity:trivy:FilePath"));
    if (!loc)
        loc = clean(prop(k->props, "syft:location:0:path"));
    pk->db_path = mt_arena_strdup(c->a, loc ? loc : c->path);
    pk->layer = -1;
    const char *li = prop(k->props, "moat:layer:index");
    if (!li && k->comment && strncmp(k->comment, "layer ", 6) == 0)
        li = k->comment + 6;
    if (li && is_digit(*li)) {
        char *end = NULL;
        long v = strtol(li, &end, 10);
        if (v >= 0 && v < 1000000 && (!*end || *end == ' '))
            pk->layer = (int)v;
    }
    set_source(c, k, &p, pk);
    mt_vec_push(c->pkgs, pk);
}

static void set_os(sb_ctx *c, const char *name, const char *version, const char *pretty)
{
    name = clean(name);
    if (c->os_known || !name)
        return;
    c->os->id = lower_dup(c->a, name, strlen(name));
    version = clean(version);
    pretty = clean(pretty);
    c->os->version_id = version ? mt_arena_strdup(c->a, version) : NULL;
    c->os->pretty_name = pretty ? mt_arena_strdup(c->a, pretty) : NULL;
    c->os_known = true;
}

static bool visit(sb_ctx *c)
{
    if (++c->ncomp > SBOM_MAX_COMPONENTS) {
        fatal(c, "%s: more than %d components", c->path, SBOM_MAX_COMPONENTS);
        return false;
    }
    return true;
}

/* ---- CycloneDX ---- */

static bool is(const char *s, const char *lit)
{
    return s && strcmp(s, lit) == 0;
}

/* The licenses of a component: ids, names or an expression, joined. */
static const char *cdx_license(sb_ctx *c, json_t *comp)
{
    json_t *lics = json_object_get(comp, "licenses");
    if (!json_is_array(lics))
        return NULL;
    mt_buf b;
    mt_buf_init(&b);
    size_t i, n = 0;
    json_t *l;
    json_array_foreach(lics, i, l)
    {
        if (n == SB_MAX_LICENSES)
            break;
        const char *s = jstr(l, "expression");
        if (!s) {
            json_t *lic = json_object_get(l, "license");
            s = jstr(lic, "id");
            if (!s)
                s = jstr(lic, "name");
        }
        if (!clean(s))
            continue;
        if (n++)
            mt_buf_puts(&b, ", ");
        mt_buf_puts(&b, s);
    }
    const char *r = b.len ? mt_arena_strndup(c->a, b.data, b.len) : NULL;
    mt_buf_free(&b);
    return r;
}

static void cdx_component(sb_ctx *c, json_t *comp, const char *loc, bool subject)
{
    if (!json_is_object(comp)) {
        pkg_error(&c->err, 0, "%s: not an object; skipped", loc);
        return;
    }
    const char *type = jstr(comp, "type");
    if (is(type, "operating-system")) {
        set_os(c, jstr(comp, "name"), jstr(comp, "version"), jstr(comp, "description"));
        return;
    }
    bool lib = !type || is(type, "library") || is(type, "framework");
    if (!lib && !is(type, "application") && !is(type, "firmware"))
        return;
    sb_comp k = {.loc = loc,
                 .name = jstr(comp, "name"),
                 .group = jstr(comp, "group"),
                 .version = jstr(comp, "version"),
                 .props = json_object_get(comp, "properties")};
    json_t *pj = json_object_get(comp, "purl");
    if (!pj) {
        if (lib && !subject)
            pkg_error(&c->err, 0, "%s: no purl; skipped", describe(c, &k));
        return;
    }
    if (!json_is_string(pj)) {
        pkg_error(&c->err, 0, "%s: purl is not a string; skipped", describe(c, &k));
        return;
    }
    k.purl = json_string_value(pj);
    k.license = cdx_license(c, comp);
    add_package(c, &k);
}

static void cdx_walk(sb_ctx *c, json_t *arr, const char *where, int depth)
{
    if (!arr || c->fatal[0])
        return;
    if (!json_is_array(arr)) {
        fatal(c, "%s: %s is not an array", c->path, where);
        return;
    }
    if (depth > SBOM_MAX_DEPTH && json_array_size(arr)) {
        fatal(c, "%s: components nested more than %d levels deep", c->path, SBOM_MAX_DEPTH);
        return;
    }
    size_t i;
    json_t *comp;
    json_array_foreach(arr, i, comp)
    {
        if (!visit(c))
            return;
        char *loc = mt_arena_printf(c->a, "%s[%zu]", where, i);
        cdx_component(c, comp, loc, false);
        if (json_is_object(comp))
            cdx_walk(c, json_object_get(comp, "components"),
                     mt_arena_printf(c->a, "%s.components", loc), depth + 1);
        if (c->fatal[0])
            return;
    }
}

static void cdx_read(sb_ctx *c, json_t *root)
{
    json_t *meta = json_object_get(root, "metadata");
    json_t *mc = json_is_object(meta) ? json_object_get(meta, "component") : NULL;
    if (json_is_object(mc)) {
        visit(c);
        cdx_component(c, mc, "metadata.component", true);
        cdx_walk(c, json_object_get(mc, "components"), "metadata.component.components", 1);
    }
    cdx_walk(c, json_object_get(root, "components"), "components", 1);
}

/* ---- SPDX ---- */

static const char *spdx_license(json_t *pkg)
{
    static const char pre[] = "as declared by the package database: ";
    const char *s = jstr(pkg, "licenseComments");
    if (s && strncmp(s, pre, sizeof(pre) - 1) == 0 && clean(s + sizeof(pre) - 1))
        return s + sizeof(pre) - 1;
    static const char *const keys[] = {"licenseDeclared", "licenseConcluded"};
    for (size_t i = 0; i < MT_ARRAY_LEN(keys); i++) {
        s = jstr(pkg, keys[i]);
        if (clean(s) && !is(s, "NOASSERTION") && !is(s, "NONE"))
            return s;
    }
    return NULL;
}

static void spdx_read(sb_ctx *c, json_t *root)
{
    json_t *pkgs = json_object_get(root, "packages");
    if (!pkgs)
        return;
    if (!json_is_array(pkgs)) {
        fatal(c, "%s: packages is not an array", c->path);
        return;
    }
    /* what the document describes: its subject, which commonly has no purl */
    mt_strmap described = {0};
    size_t i;
    json_t *x;
    json_t *dd = json_object_get(root, "documentDescribes");
    if (json_is_array(dd)) {
        json_array_foreach(dd, i, x)
        {
            if (json_is_string(x))
                mt_strmap_put(&described, json_string_value(x), NULL);
        }
    }
    json_t *rels = json_object_get(root, "relationships");
    if (json_is_array(rels)) {
        json_array_foreach(rels, i, x)
        {
            const char *to = jstr(x, "relatedSpdxElement");
            if (to && is(jstr(x, "spdxElementId"), "SPDXRef-DOCUMENT") &&
                is(jstr(x, "relationshipType"), "DESCRIBES"))
                mt_strmap_put(&described, to, NULL);
        }
    }
    json_t *pj;
    json_array_foreach(pkgs, i, pj)
    {
        if (!visit(c))
            break;
        char *loc = mt_arena_printf(c->a, "packages[%zu]", i);
        if (!json_is_object(pj)) {
            pkg_error(&c->err, 0, "%s: not an object; skipped", loc);
            continue;
        }
        const char *purpose = jstr(pj, "primaryPackagePurpose");
        if (is(purpose, "OPERATING-SYSTEM") || is(purpose, "OPERATING_SYSTEM")) {
            set_os(c, jstr(pj, "name"), jstr(pj, "versionInfo"), NULL);
            continue;
        }
        if (is(purpose, "CONTAINER"))
            continue;
        sb_comp k = {.loc = loc,
                     .name = jstr(pj, "name"),
                     .version = jstr(pj, "versionInfo"),
                     .source_info = jstr(pj, "sourceInfo"),
                     .comment = jstr(pj, "comment"),
                     .license = spdx_license(pj)};
        json_t *refs = json_object_get(pj, "externalRefs");
        size_t r;
        json_t *ref;
        if (json_is_array(refs)) {
            json_array_foreach(refs, r, ref)
            {
                if (is(jstr(ref, "referenceType"), "purl") && jstr(ref, "referenceLocator")) {
                    k.purl = jstr(ref, "referenceLocator");
                    break;
                }
            }
        }
        if (!k.purl) {
            const char *id = jstr(pj, "SPDXID");
            bool subject = false;
            if (id)
                mt_strmap_get(&described, id, &subject);
            if (!subject && (!purpose || is(purpose, "LIBRARY") || is(purpose, "FRAMEWORK")))
                pkg_error(&c->err, 0, "%s: no purl; skipped", describe(c, &k));
            continue;
        }
        add_package(c, &k);
    }
    mt_strmap_free(&described);
}

/* ---- the document ---- */

static void finish_os(sb_ctx *c)
{
    mt_os *os = c->os;
    if (!c->os_known) {
        if (c->ndistros)
            parse_distro(c->a, c->distros[0], os);
        else if (c->first_ns)
            os->id = c->first_ns;
    }
    if (!os->id || !c->ndistros)
        return;
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < c->ndistros; i++) {
        mt_os d = {0};
        parse_distro(c->a, c->distros[i], &d);
        if (mt_streq_ci(d.id, os->id))
            continue;
        if (b.len)
            mt_buf_puts(&b, ", ");
        mt_buf_puts(&b, shown(c->a, c->distros[i]));
    }
    if (b.len)
        pkg_error(&c->err, 0,
                  "packages of other distributions than %s: %s (vulnerabilities are matched "
                  "for %s)",
                  shown(c->a, os->id), b.data, shown(c->a, os->id));
    mt_buf_free(&b);
}

int sbom_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *pkgs,
               mt_os *os, mt_vec *errs, char *err, size_t errlen)
{
    if (os)
        memset(os, 0, sizeof(*os));
    if (err && errlen)
        err[0] = '\0';
    mt_os dummy_os;
    mt_vec mine = {0};
    sb_ctx c = {.a = a, .path = path && *path ? path : "SBOM", .pkgs = &mine,
                .os = os ? os : &dummy_os};
    memset(c.os, 0, sizeof(*c.os));
    c.err.a = a;
    c.err.errs = errs;
    if (!data)
        len = 0;
    if (len > SBOM_MAX_SIZE) {
        fatal(&c, "%s: larger than %u MiB", c.path, SBOM_MAX_SIZE >> 20);
        goto out;
    }
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t ws = 0;
    while (ws < len && (data[ws] == ' ' || data[ws] == '\t' || data[ws] == '\r' || data[ws] == '\n'))
        ws++;
    if (ws < len && data[ws] == '<') {
        fatal(&c, "%s: an XML document; only JSON SBOMs (CycloneDX JSON, SPDX JSON) are read",
              c.path);
        goto out;
    }
    if (len - ws >= 12 && memcmp(data + ws, "SPDXVersion:", 12) == 0) {
        fatal(&c, "%s: an SPDX tag-value document; only SPDX JSON is read", c.path);
        goto out;
    }
    json_error_t je;
    json_t *root = json_loadb(data ? data : "", len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        fatal(&c, "%s: not valid JSON: %s (line %d, column %d)", c.path, je.text, je.line,
              je.column);
        goto out;
    }
    const char *spdx = jstr(root, "spdxVersion");
    const char *spec = jstr(root, "specVersion");
    json_t *ctx = json_object_get(root, "@context");
    if (!json_is_object(root)) {
        fatal(&c, "%s: not a CycloneDX or SPDX document (the top level is not a JSON object)",
              c.path);
    } else if (is(jstr(root, "bomFormat"), "CycloneDX")) {
        if (spec && !(spec[0] == '1' && spec[1] == '.'))
            fatal(&c, "%s: CycloneDX specVersion \"%s\" is not supported (1.x is)", c.path,
                  shown(a, spec));
        else
            cdx_read(&c, root);
    } else if (spdx) {
        if (strncmp(spdx, "SPDX-2.", 7) != 0)
            fatal(&c, "%s: SPDX version \"%s\" is not supported (SPDX-2.x JSON is)", c.path,
                  shown(a, spdx));
        else
            spdx_read(&c, root);
    } else if (json_is_string(ctx) && strstr(json_string_value(ctx), "spdx")) {
        fatal(&c, "%s: an SPDX 3 document; only SPDX 2.x JSON is read", c.path);
    } else {
        fatal(&c,
              "%s: neither CycloneDX (no \"bomFormat\": \"CycloneDX\") nor SPDX (no "
              "\"spdxVersion\")",
              c.path);
    }
    json_decref(root);
    if (!c.fatal[0])
        finish_os(&c);
out:
    if (c.fatal[0]) {
        if (err && errlen)
            snprintf(err, errlen, "%s", c.fatal);
        if (os)
            memset(os, 0, sizeof(*os));
        mt_vec_free(&mine);
        return -1;
    }
    for (size_t i = 0; i < mine.len; i++)
        mt_vec_push(pkgs, mine.items[i]);
    mt_vec_free(&mine);
    return 0;
}
