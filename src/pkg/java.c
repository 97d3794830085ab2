/* java.c — pkg_parse_java_archive(): Maven packages of JAR, WAR, EAR,
 * JPI and HPI archives, nested ones included (see java.h for the
 * interface).
 *
 * Reading. The archive is a zip read from memory with libarchive (zip
 * format only, no filters). Its entries are looked at in order; only three
 * kinds have their data read, everything else is skipped (for a zip with a
 * central directory libarchive skips without decompressing):
 *  - META-INF/maven/G/A/pom.properties (exactly two path parts between
 *    "META-INF/maven/" and the file name): at most 64 KiB;
 *  - META-INF/MANIFEST.MF (name compared case-insensitively, as the JDK
 *    does): at most 1 MiB;
 *  - a nested archive: any regular entry whose name pkg_java_is_archive()
 *    accepts, wherever it is (WEB-INF/lib/x.jar of a WAR, BOOT-INF/lib/
 *    and lib/ of fat jars, the x.war and x.jar modules at the root of an
 *    EAR, the bundled plugins of a Jenkins WAR, ...), read into memory and
 *    parsed the same way, down to pkg_java_limits.max_depth levels below
 *    the archive given.
 * Every byte decompressed for those counts against max_total_bytes for the
 * whole call; a nested archive bigger than max_entry_bytes (by its
 * recorded size or as read), or expanding more than max_ratio times the
 * compressed bytes libarchive consumed for it once past 1 MiB (a zip bomb),
 * is refused with an error and skipped; at most max_entries entries and
 * max_archives nested archives are looked at in all. An archive libarchive
 * cannot read is reported (its packages read so far are kept); a damaged
 * entry is reported and skipped, and eight damaged headers in a row end the
 * archive.
 *
 * pom.properties is read as java.util.Properties does: '#' and '!'
 * comment lines, "key=value", "key: value" or "key value", backslash
 * escapes (\t \n \r \f \uXXXX, any other character kept) and lines
 * continued by a trailing backslash; the last groupId, artifactId and
 * version win. One package "groupId:artifactId" at version per file; the
 * three must be present, groupId and artifactId made of the characters
 * Maven allows ([A-Za-z0-9_.-]), the version without blanks or control
 * characters and not an unresolved "${...}" property; otherwise the file is
 * reported and skipped. The same name and version twice in one archive
 * (shaded copies) is listed once.
 *
 * MANIFEST.MF fallback, used for an archive only when none of its own
 * pom.properties gave a package. The main section is read (up to the first
 * empty line; lines end with CRLF, LF or CR; a line starting with one space
 * continues the previous header; header names are case-insensitive; the
 * last of a repeated header wins; a value longer than PKG_MAX_VALUE bytes,
 * continuations included, is ignored). Then:
 *   artifact = Implementation-Title when it is a valid Maven id (a title
 *              such as "Apache Commons Lang" is not), else the
 *              Bundle-SymbolicName up to its first ';' when valid;
 *   group    = Implementation-Vendor-Id when it is a valid Maven id;
 *   version  = Implementation-Version, else Bundle-Version (valid as
 *              above);
 * and a package is listed only when an artifact and a version are known:
 * named "group:artifact", or just "artifact" when there is no group (the
 * purl then has no namespace: the group cannot be guessed reliably).
 *
 * Paths. db_path is the archive the metadata was found in: path for the
 * outer one, "path!/ENTRY" for a nested one, "!/" again for each level.
 * Control characters of entry names are written as '?'; an entry name
 * longer than 4096 bytes is reported and skipped. Errors are of line 0 and
 * their message starts with that path (and the entry name when it is about
 * one entry). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>

#include "pkg/java.h"
#include "pkg/pkg_internal.h"

#define JAVA_MAX_POM_PROPS (64u << 10)
#define JAVA_MAX_MANIFEST (1u << 20)
#define JAVA_MAX_NAME 4096
#define JAVA_RATIO_FLOOR (1u << 20)
#define JAVA_MAX_BAD_HEADERS 8

void pkg_java_default_limits(pkg_java_limits *lim)
{
    lim->max_depth = 4;
    lim->max_total_bytes = 1ull << 30;
    lim->max_entry_bytes = 256ull << 20;
    lim->max_ratio = 100;
    lim->max_entries = 1000000;
    lim->max_archives = 10000;
}

bool pkg_java_is_archive(const char *path)
{
    if (!path)
        return false;
    const char *base = mt_basename(path);
    static const char *const exts[] = {".jar", ".war", ".ear", ".jpi", ".hpi"};
    size_t n = strlen(base);
    if (n <= 4)
        return false;
    for (size_t i = 0; i < MT_ARRAY_LEN(exts); i++) {
        if (mt_endswith_ci(base, exts[i]))
            return true;
    }
    return false;
}

/* One call. */
typedef struct {
    mt_arena *a;
    mt_vec *out;
    pkg_errsink err;
    pkg_java_limits lim;
    uint64_t total;    /* bytes decompressed so far */
    size_t entries;    /* entries looked at */
    size_t archives;   /* nested archives opened */
    bool total_hit;    /* max_total_bytes reached: read nothing more */
    bool entries_hit;  /* max_entries reached */
    bool archives_hit; /* max_archives reached (reported once) */
    size_t added;
} java_ctx;

/* The packages of one archive level. */
typedef struct {
    char *db_path;
    mt_vec pkgs;    /* from pom.properties */
    mt_strmap seen; /* "name\tversion" of pkgs */
    char *mf_name;  /* from MANIFEST.MF, NULL when it gave none */
    char *mf_version;
    bool deep_reported;
} java_level;

/* An entry name fit for a path or a message: control bytes as '?'. */
static char *safe_name(mt_arena *a, const char *s)
{
    char *d = mt_arena_strdup(a, s);
    for (char *p = d; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            *p = '?';
    }
    return d;
}

static bool is_maven_id(const char *s, size_t n)
{
    if (n == 0 || n > PKG_MAX_VALUE)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

/* NULL when [s, s + n) is an acceptable version, else why not. */
static const char *check_version(const char *s, size_t n)
{
    if (n == 0)
        return "empty version";
    if (n > PKG_MAX_VALUE)
        return "version too long";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return "version holds a blank or control character";
    }
    if (memmem(s, n, "${", 2))
        return "version is an unresolved ${...} property";
    return NULL;
}

/* ---- reading entry data ---- */

/* Reads the data of the current entry into a malloc()ed buffer of at most
 * max bytes (*len set; the caller frees it). Returns NULL with *why (arena
 * or static) on failure; *budget tells that the whole call's budget is
 * spent. check_ratio applies max_ratio. */
static char *read_entry(java_ctx *c, struct archive *ar, struct archive_entry *e, uint64_t max,
                        bool check_ratio, size_t *len, const char **why)
{
    *len = 0;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
        (uint64_t)archive_entry_size(e) > max) {
        *why = mt_arena_printf(c->a, "entry of %lld bytes is larger than the limit of %llu",
                               (long long)archive_entry_size(e), (unsigned long long)max);
        return NULL;
    }
    if (max > SIZE_MAX - 1)
        max = SIZE_MAX - 1;
    la_int64_t start = archive_filter_bytes(ar, 0);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > max + 1)
                ncap = (size_t)max + 1;
            if (ncap <= cap) {
                *why = mt_arena_printf(c->a, "entry is larger than the limit of %llu bytes",
                                       (unsigned long long)max);
                goto fail;
            }
            buf = mt_xrealloc(buf, ncap);
            cap = ncap;
        }
        la_ssize_t r = archive_read_data(ar, buf + n, cap - n);
        if (r == 0)
            break;
        if (r < 0) {
            const char *msg = archive_error_string(ar);
            *why = mt_arena_printf(c->a, "cannot read entry: %s", msg ? msg : "read error");
            goto fail;
        }
        n += (size_t)r;
        c->total += (uint64_t)r;
        if (c->total > c->lim.max_total_bytes) {
            c->total_hit = true;
            *why = mt_arena_printf(c->a,
                                   "the limit of %llu uncompressed bytes read per archive is "
                                   "reached; the rest of the archive is not read",
                                   (unsigned long long)c->lim.max_total_bytes);
            goto fail;
        }
        if (n > max) {
            *why = mt_arena_printf(c->a, "entry is larger than the limit of %llu bytes",
                                   (unsigned long long)max);
            goto fail;
        }
        if (check_ratio && n > JAVA_RATIO_FLOOR) {
            la_int64_t used = archive_filter_bytes(ar, 0) - start;
            if (used <= 0 || (uint64_t)n / c->lim.max_ratio > (uint64_t)used) {
                *why = mt_arena_printf(c->a,
                                       "entry expands more than %llu times (%zu bytes from %lld): "
                                       "refused as a possible zip bomb",
                                       (unsigned long long)c->lim.max_ratio, n,
                                       (long long)(used > 0 ? used : 0));
                goto fail;
            }
        }
    }
    *len = n;
    return buf;
fail:
    free(buf);
    return NULL;
}

/* ---- pom.properties ---- */

enum { P_GROUP, P_ARTIFACT, P_VERSION, P_COUNT };

static bool prop_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

/* Reads the Properties text [s, s + n); sets vals[P_*] (arena, NULL when
 * absent). Returns NULL, or why the text is malformed. */
static const char *parse_props(mt_arena *a, const char *s, size_t n, char *vals[P_COUNT])
{
    static const char *const keys[P_COUNT] = {"groupId", "artifactId", "version"};
    for (int k = 0; k < P_COUNT; k++)
        vals[k] = NULL;
    const char *bad = NULL;
    mt_buf key, val;
    mt_buf_init(&key);
    mt_buf_init(&val);
    size_t i = 0;
    while (i < n && !bad) {
        while (i < n && prop_ws(s[i]))
            i++;
        if (i == n)
            break;
        if (s[i] == '\n' || s[i] == '\r') {
            i++;
            continue;
        }
        if (s[i] == '#' || s[i] == '!') {
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
            continue;
        }
        mt_buf_clear(&key);
        mt_buf_clear(&val);
        int state = 0; /* 0 key, 1 separator, 2 value */
        bool eq = false;
        while (i < n) {
            char ch = s[i];
            if (ch == '\n' || ch == '\r') {
                i++;
                if (ch == '\r' && i < n && s[i] == '\n')
                    i++;
                break;
            }
            if (ch == '\\') {
                if (i + 1 >= n) {
                    i++;
                    break;
                }
                char d = s[i + 1];
                i += 2;
                if (d == '\n' || d == '\r') {
                    if (d == '\r' && i < n && s[i] == '\n')
                        i++;
                    while (i < n && prop_ws(s[i]))
                        i++;
                    continue;
                }
                mt_buf *dst = state == 0 ? &key : &val;
                if (state == 1)
                    state = 2;
                switch (d) {
                case 't': mt_buf_putc(dst, '\t'); break;
                case 'n': mt_buf_putc(dst, '\n'); break;
                case 'r': mt_buf_putc(dst, '\r'); break;
                case 'f': mt_buf_putc(dst, '\f'); break;
                case 'u': {
                    unsigned cp = 0;
                    for (int h = 0; h < 4; h++) {
                        int v = i < n ? pkg_hexval(s[i]) : -1;
                        if (v < 0) {
                            bad = "malformed \\uXXXX escape";
                            break;
                        }
                        cp = cp * 16 + (unsigned)v;
                        i++;
                    }
                    if (!bad) {
                        char u8[4];
                        mt_buf_put(dst, u8, pkg_utf8_encode(u8, cp));
                    }
                    break;
                }
                default: mt_buf_putc(dst, d); break;
                }
                if (bad)
                    break;
                continue;
            }
            i++;
            if (state == 0) {
                if (ch == '=' || ch == ':') {
                    eq = true;
                    state = 1;
                } else if (prop_ws(ch)) {
                    state = 1;
                } else {
                    mt_buf_putc(&key, ch);
                }
            } else if (state == 1) {
                if (prop_ws(ch))
                    continue;
                if ((ch == '=' || ch == ':') && !eq) {
                    eq = true;
                    continue;
                }
                state = 2;
                mt_buf_putc(&val, ch);
            } else {
                mt_buf_putc(&val, ch);
            }
        }
        if (bad)
            break;
        for (int k = 0; k < P_COUNT; k++) {
            if (key.len && strcmp(key.data, keys[k]) == 0)
                vals[k] = mt_arena_strndup(a, val.len ? val.data : "", val.len);
        }
    }
    mt_buf_free(&key);
    mt_buf_free(&val);
    return bad;
}

/* META-INF/maven/G/A/pom.properties */
static bool is_pom_props(const char *name)
{
    static const char pre[] = "META-INF/maven/";
    if (strncmp(name, pre, sizeof(pre) - 1) != 0)
        return false;
    const char *g = name + sizeof(pre) - 1;
    const char *s1 = strchr(g, '/');
    if (!s1 || s1 == g)
        return false;
    const char *art = s1 + 1;
    const char *s2 = strchr(art, '/');
    if (!s2 || s2 == art)
        return false;
    return strcmp(s2 + 1, "pom.properties") == 0;
}

static void level_add(java_ctx *c, java_level *lv, char *name, char *version)
{
    char *key = mt_arena_printf(c->a, "%s\t%s", name, version);
    bool found = false;
    mt_strmap_get(&lv->seen, key, &found);
    if (found)
        return;
    mt_strmap_put(&lv->seen, key, NULL);
    mt_pkg *p = mt_arena_alloc(c->a, sizeof(*p));
    p->type = "maven";
    p->name = name;
    p->version = version;
    p->source_name = name;
    p->source_version = version;
    p->db_path = lv->db_path;
    p->layer = -1;
    mt_vec_push(&lv->pkgs, p);
}

static void handle_pom(java_ctx *c, java_level *lv, const char *ename, const char *data,
                       size_t len)
{
    char *v[P_COUNT];
    const char *why = parse_props(c->a, data, len, v);
    if (!why && !v[P_GROUP])
        why = "no groupId";
    if (!why && !v[P_ARTIFACT])
        why = "no artifactId";
    if (!why && !v[P_VERSION])
        why = "no version";
    if (!why && !is_maven_id(v[P_GROUP], strlen(v[P_GROUP])))
        why = "groupId is not a valid Maven id";
    if (!why && !is_maven_id(v[P_ARTIFACT], strlen(v[P_ARTIFACT])))
        why = "artifactId is not a valid Maven id";
    if (!why)
        why = check_version(v[P_VERSION], strlen(v[P_VERSION]));
    if (why) {
        pkg_error(&c->err, 0, "%s: %s: %s", lv->db_path, ename, why);
        return;
    }
    level_add(c, lv, mt_arena_printf(c->a, "%s:%s", v[P_GROUP], v[P_ARTIFACT]), v[P_VERSION]);
}

/* ---- MANIFEST.MF ---- */

enum { M_VENDOR_ID, M_TITLE, M_IMPL_VERSION, M_BSN, M_BUNDLE_VERSION, M_COUNT };

static void handle_manifest(java_ctx *c, java_level *lv, const char *data, size_t len)
{
    static const char *const names[M_COUNT] = {"Implementation-Vendor-Id", "Implementation-Title",
                                               "Implementation-Version", "Bundle-SymbolicName",
                                               "Bundle-Version"};
    mt_buf vals[M_COUNT];
    bool set[M_COUNT] = {false};
    bool over[M_COUNT] = {false}; /* longer than PKG_MAX_VALUE: not used */
    for (int k = 0; k < M_COUNT; k++)
        mt_buf_init(&vals[k]);
    int cur = -1; /* header the last line belongs to, -1 when not kept */
    size_t i = 0;
    while (i < len) {
        size_t st = i;
        while (i < len && data[i] != '\n' && data[i] != '\r')
            i++;
        size_t ln = i - st;
        if (i < len) {
            if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
                i++;
            i++;
        }
        const char *l = data + st;
        if (ln == 0)
            break; /* end of the main section */
        if (l[0] == ' ') {
            if (cur >= 0 && vals[cur].len + ln - 1 <= PKG_MAX_VALUE)
                mt_buf_put(&vals[cur], l + 1, ln - 1);
            else if (cur >= 0)
                over[cur] = true;
            continue;
        }
        cur = -1;
        const char *colon = memchr(l, ':', ln);
        if (!colon)
            continue;
        size_t kn = (size_t)(colon - l);
        for (int k = 0; k < M_COUNT; k++) {
            if (strlen(names[k]) == kn && strncasecmp(l, names[k], kn) == 0) {
                cur = k;
                break;
            }
        }
        if (cur < 0)
            continue;
        const char *v = colon + 1;
        size_t vn = ln - kn - 1;
        if (vn && *v == ' ') {
            v++;
            vn--;
        }
        mt_buf_clear(&vals[cur]);
        over[cur] = vn > PKG_MAX_VALUE;
        if (!over[cur])
            mt_buf_put(&vals[cur], v, vn);
        set[cur] = true;
    }
    const char *s[M_COUNT];
    size_t n[M_COUNT];
    for (int k = 0; k < M_COUNT; k++) {
        bool use = set[k] && !over[k] && vals[k].len;
        s[k] = use ? vals[k].data : "";
        n[k] = use ? vals[k].len : 0;
        pkg_trim(&s[k], &n[k]);
    }
    /* Bundle-SymbolicName: "name;singleton:=true" */
    const char *semi = memchr(s[M_BSN], ';', n[M_BSN]);
    if (semi) {
        n[M_BSN] = (size_t)(semi - s[M_BSN]);
        pkg_trim(&s[M_BSN], &n[M_BSN]);
    }
    int art = is_maven_id(s[M_TITLE], n[M_TITLE]) ? M_TITLE
              : is_maven_id(s[M_BSN], n[M_BSN])   ? M_BSN
                                                  : -1;
    int ver = n[M_IMPL_VERSION] && !check_version(s[M_IMPL_VERSION], n[M_IMPL_VERSION])
                  ? M_IMPL_VERSION
              : n[M_BUNDLE_VERSION] && !check_version(s[M_BUNDLE_VERSION], n[M_BUNDLE_VERSION])
                  ? M_BUNDLE_VERSION
                  : -1;
    if (art >= 0 && ver >= 0) {
        if (is_maven_id(s[M_VENDOR_ID], n[M_VENDOR_ID]))
            lv->mf_name = mt_arena_printf(c->a, "%.*s:%.*s", (int)n[M_VENDOR_ID], s[M_VENDOR_ID],
                                          (int)n[art], s[art]);
        else
            lv->mf_name = mt_arena_strndup(c->a, s[art], n[art]);
        lv->mf_version = mt_arena_strndup(c->a, s[ver], n[ver]);
    } else {
        lv->mf_name = lv->mf_version = NULL;
    }
    for (int k = 0; k < M_COUNT; k++)
        mt_buf_free(&vals[k]);
}

/* ---- archives ---- */

static void scan_archive(java_ctx *c, const char *data, size_t len, char *db_path, int depth);

static void handle_nested(java_ctx *c, java_level *lv, struct archive *ar,
                          struct archive_entry *e, const char *ename, int depth)
{
    if (depth >= c->lim.max_depth) {
        if (!lv->deep_reported)
            pkg_error(&c->err, 0,
                      "%s: %s: nested archives more than %d levels deep are not read (nor the "
                      "others of this archive)",
                      lv->db_path, ename, c->lim.max_depth);
        lv->deep_reported = true;
        return;
    }
    if (c->archives >= c->lim.max_archives) {
        if (!c->archives_hit)
            pkg_error(&c->err, 0, "%s: %s: more than %zu nested archives: the rest are not read",
                      lv->db_path, ename, c->lim.max_archives);
        c->archives_hit = true;
        return;
    }
    c->archives++;
    size_t n = 0;
    const char *why = NULL;
    char *buf = read_entry(c, ar, e, c->lim.max_entry_bytes, true, &n, &why);
    if (!buf) {
        pkg_error(&c->err, 0, "%s: %s: %s", lv->db_path, ename, why);
        return;
    }
    char *sub = mt_arena_printf(c->a, "%s!/%s", lv->db_path, ename);
    scan_archive(c, buf, n, sub, depth + 1);
    free(buf);
}

/* Moves the packages of lv in front of those its nested archives added to
 * c->out since index start. */
static void level_flush(java_ctx *c, java_level *lv, size_t start)
{
    mt_pkg *only = NULL;
    mt_vec *mine = &lv->pkgs;
    mt_vec one = {0};
    if (mine->len == 0 && lv->mf_name) {
        only = mt_arena_alloc(c->a, sizeof(*only));
        only->type = "maven";
        only->name = lv->mf_name;
        only->version = lv->mf_version;
        only->source_name = only->name;
        only->source_version = only->version;
        only->db_path = lv->db_path;
        only->layer = -1;
        mt_vec_push(&one, only);
        mine = &one;
    }
    size_t m = mine->len;
    if (m) {
        size_t k = c->out->len - start; /* packages of nested archives */
        for (size_t j = 0; j < m; j++)
            mt_vec_push(c->out, mine->items[j]);
        if (k) {
            void **tmp = mt_xmalloc(k * sizeof(*tmp));
            memcpy(tmp, c->out->items + start, k * sizeof(*tmp));
            memmove(c->out->items + start, c->out->items + start + k, m * sizeof(*tmp));
            memcpy(c->out->items + start + m, tmp, k * sizeof(*tmp));
            free(tmp);
        }
        c->added += m;
    }
    mt_vec_free(&one);
}

static void scan_archive(java_ctx *c, const char *data, size_t len, char *db_path, int depth)
{
    java_level lv = {.db_path = db_path};
    size_t start = c->out->len;
    struct archive *ar = archive_read_new();
    if (!ar) {
        pkg_error(&c->err, 0, "%s: cannot create an archive reader", db_path);
        return;
    }
    archive_read_support_format_zip(ar);
    if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK) {
        const char *msg = archive_error_string(ar);
        pkg_error(&c->err, 0, "%s: not a readable zip archive: %s", db_path,
                  msg ? msg : "unknown error");
        archive_read_free(ar);
        return;
    }
    int bad_run = 0;
    for (;;) {
        if (c->total_hit)
            break;
        struct archive_entry *e = NULL;
        int r = archive_read_next_header(ar, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (c->entries >= c->lim.max_entries) {
            if (!c->entries_hit)
                pkg_error(&c->err, 0, "%s: more than %zu zip entries: the rest are not read",
                          db_path, c->lim.max_entries);
            c->entries_hit = true;
            break;
        }
        c->entries++;
        if (r < ARCHIVE_WARN) {
            const char *msg = archive_error_string(ar);
            pkg_error(&c->err, 0, "%s: damaged zip entry: %s", db_path,
                      msg ? msg : "unknown error");
            if (r == ARCHIVE_FATAL || ++bad_run >= JAVA_MAX_BAD_HEADERS)
                break;
            continue;
        }
        bad_run = 0;
        const char *name = archive_entry_pathname(e);
        if (!name || !*name || archive_entry_filetype(e) != AE_IFREG)
            continue;
        bool pom = is_pom_props(name);
        bool mf = !pom && strcasecmp(name, "META-INF/MANIFEST.MF") == 0;
        bool nested = !pom && !mf && pkg_java_is_archive(name);
        if (!pom && !mf && !nested)
            continue;
        if (strlen(name) > JAVA_MAX_NAME) {
            pkg_error(&c->err, 0, "%s: an entry name of %zu bytes is too long", db_path,
                      strlen(name));
            continue;
        }
        char *ename = safe_name(c->a, name);
        if (nested) {
            handle_nested(c, &lv, ar, e, ename, depth);
            continue;
        }
        size_t n = 0;
        const char *why = NULL;
        char *buf = read_entry(c, ar, e, pom ? JAVA_MAX_POM_PROPS : JAVA_MAX_MANIFEST, false, &n,
                               &why);
        if (!buf) {
            pkg_error(&c->err, 0, "%s: %s: %s", db_path, ename, why);
            continue;
        }
        if (pom)
            handle_pom(c, &lv, ename, buf, n);
        else
            handle_manifest(c, &lv, buf, n);
        free(buf);
    }
    archive_read_free(ar);
    level_flush(c, &lv, start);
    mt_vec_free(&lv.pkgs);
    mt_strmap_free(&lv.seen);
}

size_t pkg_parse_java_archive_limits(mt_arena *a, const char *data, size_t len, const char *path,
                                     mt_vec *out, mt_vec *errs, const pkg_java_limits *lim)
{
    java_ctx c = {.a = a, .out = out, .err = {.a = a, .errs = errs}};
    if (lim)
        c.lim = *lim;
    else
        pkg_java_default_limits(&c.lim);
    if (c.lim.max_ratio == 0)
        c.lim.max_ratio = 1;
    char *db_path = safe_name(a, path ? path : "");
    if (!data)
        len = 0;
    scan_archive(&c, data ? data : "", len, db_path, 0);
    return c.added;
}

size_t pkg_parse_java_archive(mt_arena *a, const char *data, size_t len, const char *path,
                              mt_vec *out, mt_vec *errs)
{
    return pkg_parse_java_archive_limits(a, data, len, path, out, errs, NULL);
}
