/* purl.c — pkg_purl(): the package-url of a package, built as the purl
 * specification's "how to build" section says: "pkg:" type, '/',
 * namespace segments, '/', name, '@' version, '?' qualifiers sorted by key
 * (empty values dropped). Every component is percent-encoded byte by byte
 * (UTF-8) except the characters the specification forbids encoding:
 * letters, digits, ".-_~" and ':'. So '+' is %2B, ' ' %20, '@' %40, '/'
 * inside a name %2F.
 *
 * mt_pkg has no namespace field: where a type has one, it is taken from the
 * name or the operating system:
 *   deb    pkg:deb/<os id, default debian>/<name>@<version>?arch=&distro=
 *          The version keeps its epoch ("1:2.4.47-2+b1" -> @1:2.4.47-2%2Bb1):
 *          that is the deb type definition and test suite of the purl
 *          specification, and what syft/grype emit; the deb type defines no
 *          epoch qualifier.
 *   rpm    pkg:rpm/<os id>/<name>@<version-release>?arch=&distro=&epoch=
 *          The epoch is a qualifier and the version is written without it,
 *          as the rpm type definition says (syft and trivy do the same); a
 *          zero epoch is left out.
 *   apk    pkg:apk/<os id, default alpine>/<name>@<version>?arch=&distro=
 *   distro is "<os id>-<VERSION_ID>" (debian-12, alpine-3.19.1), or
 *   "<os id>-<codename>" when there is no VERSION_ID; names of deb and apk
 *   are lowercased, as their definitions require.
 * Language types (no distro, no arch):
 *   npm       "@scope/name": namespace "@scope" (written %40scope);
 *             both lowercased as the npm definition says.
 *   pypi      lowercased, runs of '-', '_', '.' become one '-' (PEP 503).
 *   golang    the module path: namespace = all but the last segment. Case is
 *             kept: Go module paths are case-sensitive, the golang
 *             definition's lowercasing is only a validation warning, and
 *             the reference implementations and scanners keep it.
 *   maven     "groupId:artifactId" (or "groupId/artifactId"), case kept.
 *   composer  "vendor/name", lowercased.
 *   cargo, gem, nuget: the name as is, no namespace.
 *   any other type: the part of the name before its last '/' is the
 *             namespace, case kept.
 * p->purl is left NULL when the package has no type or name. */
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"

typedef struct {
    const char *key;
    const char *value;
} purl_qual;

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void put_enc(mt_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_alnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
            mt_buf_putc(b, c);
        } else {
            unsigned char u = (unsigned char)c;
            mt_buf_putc(b, '%');
            mt_buf_putc(b, hex[u >> 4]);
            mt_buf_putc(b, hex[u & 15]);
        }
    }
}

static char *lower(mt_arena *a, const char *s, size_t n)
{
    char *d = mt_arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++) {
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = (char)(d[i] - 'A' + 'a');
    }
    return d;
}


/* Appends the namespace segments of [s, s+n), each encoded, joined by '/',
 * skipping empty ones. Returns whether anything was written. */
static bool put_namespace(mt_buf *b, const char *s, size_t n)
{
    bool any = false;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        if (j > i) {
            if (any)
                mt_buf_putc(b, '/');
            put_enc(b, s + i, j - i);
            any = true;
        }
        i = j + 1;
    }
    return any;
}

static int qual_cmp(const void *x, const void *y)
{
    const purl_qual *a = x, *b = y;
    return strcmp(a->key, b->key);
}

static bool valid_type(const char *t)
{
    if (!((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z')))
        return false;
    for (const char *c = t; *c; c++) {
        if (!is_alnum(*c) && *c != '.' && *c != '-')
            return false;
    }
    return true;
}

static char *distro_of(mt_arena *a, const mt_os *os)
{
    if (!os || !os->id || !*os->id)
        return NULL;
    char *id = lower(a, os->id, strlen(os->id));
    if (os->version_id && *os->version_id)
        return mt_arena_printf(a, "%s-%s", id, os->version_id);
    if (os->codename && *os->codename)
        return mt_arena_printf(a, "%s-%s", id, os->codename);
    return id;
}

void pkg_purl(mt_arena *a, mt_pkg *p, const mt_os *os)
{
    if (!p)
        return;
    p->purl = NULL;
    if (!p->type || !*p->type || !valid_type(p->type) || !p->name || !*p->name)
        return;
    char *type = lower(a, p->type, strlen(p->type));
    const char *ns = NULL; /* namespace, '/'-separated, not encoded */
    const char *name = p->name;
    const char *version = p->version;
    purl_qual quals[4];
    size_t nq = 0;
    bool os_type = false;
    char *epoch = NULL;

    if (strcmp(type, "deb") == 0 || strcmp(type, "apk") == 0) {
        os_type = true;
        const char *def = type[0] == 'd' ? "debian" : "alpine";
        ns = os && os->id && *os->id ? lower(a, os->id, strlen(os->id)) : def;
        name = lower(a, name, strlen(name));
    } else if (strcmp(type, "rpm") == 0) {
        os_type = true;
        ns = os && os->id && *os->id ? lower(a, os->id, strlen(os->id)) : NULL;
        if (version) {
            size_t d = 0;
            while (version[d] >= '0' && version[d] <= '9')
                d++;
            if (d > 0 && version[d] == ':') {
                size_t z = 0;
                while (z + 1 < d && version[z] == '0')
                    z++;
                if (!(d - z == 1 && version[z] == '0'))
                    epoch = mt_arena_strndup(a, version + z, d - z);
                version += d + 1;
            }
        }
    } else if (strcmp(type, "npm") == 0) {
        const char *slash = name[0] == '@' ? strchr(name, '/') : NULL;
        if (slash) {
            ns = lower(a, name, (size_t)(slash - name));
            name = slash + 1;
        }
        name = lower(a, name, strlen(name));
    } else if (strcmp(type, "pypi") == 0) {
        name = pkg_pypi_normalize(a, name, strlen(name));
    } else if (strcmp(type, "maven") == 0) {
        const char *sep = strchr(name, ':');
        if (!sep)
            sep = strrchr(name, '/');
        if (sep) {
            ns = mt_arena_strndup(a, name, (size_t)(sep - name));
            name = sep + 1;
        }
    } else if (strcmp(type, "cargo") == 0 || strcmp(type, "gem") == 0 ||
               strcmp(type, "nuget") == 0) {
        /* no namespace; the name as is */
    } else {
        bool fold = strcmp(type, "composer") == 0;
        /* strip trailing '/' before looking for the last separator */
        size_t n = strlen(name);
        while (n && name[n - 1] == '/')
            n--;
        const char *slash = NULL;
        for (size_t i = n; i > 0; i--) {
            if (name[i - 1] == '/') {
                slash = name + i - 1;
                break;
            }
        }
        if (slash) {
            ns = fold ? lower(a, name, (size_t)(slash - name))
                      : mt_arena_strndup(a, name, (size_t)(slash - name));
            name = slash + 1;
        }
        if (fold)
            name = lower(a, name, strlen(name));
    }

    /* the name: leading and trailing '/' are not significant */
    size_t nn = strlen(name);
    while (nn && name[0] == '/') {
        name++;
        nn--;
    }
    while (nn && name[nn - 1] == '/')
        nn--;
    if (nn == 0)
        return;

    if (os_type) {
        if (p->arch && *p->arch)
            quals[nq++] = (purl_qual){"arch", p->arch};
        char *distro = distro_of(a, os);
        if (distro)
            quals[nq++] = (purl_qual){"distro", distro};
        if (epoch)
            quals[nq++] = (purl_qual){"epoch", epoch};
    }
    qsort(quals, nq, sizeof(quals[0]), qual_cmp);

    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "pkg:");
    mt_buf_puts(&b, type);
    mt_buf_putc(&b, '/');
    if (ns && put_namespace(&b, ns, strlen(ns)))
        mt_buf_putc(&b, '/');
    put_enc(&b, name, nn);
    if (version && *version) {
        mt_buf_putc(&b, '@');
        put_enc(&b, version, strlen(version));
    }
    char sep = '?';
    for (size_t i = 0; i < nq; i++) {
        mt_buf_putc(&b, sep);
        mt_buf_puts(&b, quals[i].key);
        mt_buf_putc(&b, '=');
        put_enc(&b, quals[i].value, strlen(quals[i].value));
        sep = '&';
    }
    p->purl = mt_arena_strndup(a, b.data, b.len);
    mt_buf_free(&b);
}
