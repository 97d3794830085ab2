/* os_release.c — the operating system of an image: pkg_parse_os_release()
 * (os-release(5)) and the older single-line files used when it is missing
 * (etc/alpine-release, etc/debian_version, etc/redhat-release).
 *
 * os-release syntax, per os-release(5): KEY=value assignments, one per
 * line, with shell quoting: single quotes keep everything literally; in
 * double quotes a backslash escapes '"', '\\', '$', '`' and a newline (any
 * other backslash stays); outside quotes a backslash escapes the next
 * character. Lines starting with '#' are comments and blank lines are
 * ignored. Leniencies (what systemd's own reader accepts too): blanks
 * around '=' and before the key, CRLF line ends, quoted values spanning
 * lines, concatenated quoted pieces, a " #comment" after an unquoted value.
 * A line that is not an assignment, or whose quote is never closed, is
 * skipped; the last assignment of a key wins. Values longer than
 * OS_MAX_VALUE bytes or holding control characters (a newline included)
 * are dropped. */
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"

#define OS_MAX_VALUE 4096

enum {
    K_ID,
    K_VERSION_ID,
    K_VERSION_CODENAME,
    K_UBUNTU_CODENAME,
    K_PRETTY_NAME,
    K_ID_LIKE,
    K_COUNT
};

static const char *const os_keys[K_COUNT] = {
    "ID", "VERSION_ID", "VERSION_CODENAME", "UBUNTU_CODENAME", "PRETTY_NAME", "ID_LIKE"};

static bool is_key_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_key_char(char c)
{
    return is_key_start(c) || (c >= '0' && c <= '9');
}

/* Position just after the end of the line containing pos. */
static size_t skip_line(const char *d, size_t len, size_t pos)
{
    const char *nl = pos < len ? memchr(d + pos, '\n', len - pos) : NULL;
    return nl ? (size_t)(nl - d) + 1 : len;
}

/* True when d[pos] ends a line: '\n', "\r\n", a '\r' at the end, or EOF. */
static bool at_eol(const char *d, size_t len, size_t pos)
{
    return pos >= len || d[pos] == '\n' ||
           (d[pos] == '\r' && (pos + 1 == len || d[pos + 1] == '\n'));
}

/* Parses the value starting at *pos into out. Returns false when a quote
 * is not closed (the caller then skips the line). On success *pos is at
 * the end of the line. */
static bool parse_value(const char *d, size_t len, size_t *pos, mt_buf *out)
{
    size_t i = *pos;
    size_t keep = 0; /* out->len after the last non-blank unquoted char */
    while (!at_eol(d, len, i)) {
        char c = d[i];
        if (c == '\'') {
            const char *q = memchr(d + i + 1, '\'', len - i - 1);
            if (!q)
                return false;
            for (const char *p = d + i + 1; p < q; p++) {
                if (*p == '\r' && p + 1 < q && p[1] == '\n')
                    continue;
                mt_buf_putc(out, *p);
            }
            i = (size_t)(q - d) + 1;
            keep = out->len;
        } else if (c == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return false;
                char e = d[i];
                if (e == '"') {
                    i++;
                    break;
                }
                if (e == '\\' && i + 1 < len) {
                    char f = d[i + 1];
                    if (f == '"' || f == '\\' || f == '$' || f == '`') {
                        mt_buf_putc(out, f);
                        i += 2;
                        continue;
                    }
                    if (f == '\n') {
                        i += 2;
                        continue;
                    }
                    if (f == '\r' && i + 2 < len && d[i + 2] == '\n') {
                        i += 3;
                        continue;
                    }
                }
                if (!(e == '\r' && i + 1 < len && d[i + 1] == '\n'))
                    mt_buf_putc(out, e);
                i++;
            }
            keep = out->len;
        } else if (c == '\\') {
            if (i + 1 >= len) {
                i++;
                continue;
            }
            if (d[i + 1] == '\n') {
                i += 2; /* line continuation */
                continue;
            }
            if (d[i + 1] == '\r' && i + 2 < len && d[i + 2] == '\n') {
                i += 3;
                continue;
            }
            mt_buf_putc(out, d[i + 1]);
            i += 2;
            keep = out->len;
        } else if (pkg_is_blank(c)) {
            size_t j = i;
            while (j < len && pkg_is_blank(d[j]))
                j++;
            if (j < len && d[j] == '#') {
                i = j;
                while (!at_eol(d, len, i))
                    i++;
                break;
            }
            mt_buf_putc(out, c);
            i++;
        } else {
            mt_buf_putc(out, c);
            i++;
            keep = out->len;
        }
    }
    /* trailing unquoted blanks are not part of the value */
    out->len = keep;
    if (out->data)
        out->data[keep] = '\0';
    *pos = i;
    return true;
}

static char *value_or_null(mt_arena *a, const char *v)
{
    return v && *v ? mt_arena_strdup(a, v) : NULL;
}

int pkg_parse_os_release(mt_arena *a, const char *data, size_t len, mt_os *out)
{
    memset(out, 0, sizeof(*out));
    char *vals[K_COUNT] = {0};
    mt_buf b;
    mt_buf_init(&b);
    size_t pos = 0;
    if (!data)
        len = 0;
    while (pos < len) {
        size_t line_start = pos;
        while (pos < len && pkg_is_blank(data[pos]))
            pos++;
        if (at_eol(data, len, pos) || data[pos] == '#' || !is_key_start(data[pos])) {
            pos = skip_line(data, len, pos);
            continue;
        }
        size_t ks = pos;
        while (pos < len && is_key_char(data[pos]))
            pos++;
        size_t kn = pos - ks;
        while (pos < len && pkg_is_blank(data[pos]))
            pos++;
        if (pos >= len || data[pos] != '=') {
            pos = skip_line(data, len, pos);
            continue;
        }
        pos++;
        while (pos < len && pkg_is_blank(data[pos]))
            pos++;
        mt_buf_clear(&b);
        if (!parse_value(data, len, &pos, &b)) {
            pos = skip_line(data, len, line_start);
            continue;
        }
        pos = skip_line(data, len, pos);
        int k = -1;
        for (int j = 0; j < K_COUNT; j++) {
            if (strlen(os_keys[j]) == kn && memcmp(os_keys[j], data + ks, kn) == 0) {
                k = j;
                break;
            }
        }
        if (k < 0)
            continue;
        if (b.len > OS_MAX_VALUE || (b.len && pkg_has_ctl(b.data, b.len))) {
            vals[k] = NULL;
            continue;
        }
        vals[k] = value_or_null(a, b.len ? b.data : NULL);
    }
    mt_buf_free(&b);
    out->id = vals[K_ID];
    out->version_id = vals[K_VERSION_ID];
    out->codename = vals[K_VERSION_CODENAME] ? vals[K_VERSION_CODENAME] : vals[K_UBUNTU_CODENAME];
    out->pretty_name = vals[K_PRETTY_NAME];
    out->id_like = vals[K_ID_LIKE];
    return out->id ? 0 : -1;
}

/* The first line of a one-line release file, trimmed; false when empty
 * or unusable. */
static bool first_line(const char *data, size_t len, const char **s, size_t *n)
{
    if (!data)
        return false;
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    if (!pkg_lines_next(&it, s, n))
        return false;
    pkg_trim(s, n);
    return *n > 0 && *n <= 256 && !pkg_has_ctl(*s, *n);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int pkg_os_from_alpine_release(mt_arena *a, const char *data, size_t len, mt_os *out)
{
    memset(out, 0, sizeof(*out));
    const char *s;
    size_t n;
    if (!first_line(data, len, &s, &n) || !is_digit(s[0]))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(is_digit(c) || (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-'))
            return -1;
    }
    out->id = mt_arena_strdup(a, "alpine");
    out->version_id = mt_arena_strndup(a, s, n);
    return 0;
}

int pkg_os_from_debian_version(mt_arena *a, const char *data, size_t len, mt_os *out)
{
    memset(out, 0, sizeof(*out));
    const char *s;
    size_t n;
    if (!first_line(data, len, &s, &n))
        return -1;
    if (is_digit(s[0])) {
        size_t d = 0;
        while (d < n && is_digit(s[d]))
            d++;
        out->version_id = mt_arena_strndup(a, s, d);
    } else {
        /* testing and unstable: "trixie/sid" */
        size_t w = 0;
        while (w < n && s[w] >= 'a' && s[w] <= 'z')
            w++;
        if (w == 0 || (w < n && s[w] != '/'))
            return -1;
        out->codename = mt_arena_strndup(a, s, w);
    }
    out->id = mt_arena_strdup(a, "debian");
    return 0;
}

/* "NAME release VERSION (CODENAME)" of the Red Hat family, with the
 * os-release ID of each vendor and whether its VERSION_ID keeps only the
 * major number. */
static const struct {
    const char *prefix;
    const char *id;
    bool major_only;
} redhat_names[] = {
    {"Red Hat Enterprise Linux", "rhel", false},
    {"CentOS Stream", "centos", true},
    {"CentOS", "centos", true},
    {"Fedora", "fedora", true},
    {"Rocky Linux", "rocky", false},
    {"AlmaLinux", "almalinux", false},
    {"Oracle Linux", "ol", false},
    {"Amazon Linux", "amzn", true},
};

int pkg_os_from_redhat_release(mt_arena *a, const char *data, size_t len, mt_os *out)
{
    memset(out, 0, sizeof(*out));
    const char *s;
    size_t n;
    if (!first_line(data, len, &s, &n))
        return -1;
    out->pretty_name = mt_arena_strndup(a, s, n);
    const char *line = out->pretty_name;
    size_t k = 0;
    for (; k < MT_ARRAY_LEN(redhat_names); k++) {
        if (mt_startswith(line, redhat_names[k].prefix))
            break;
    }
    if (k == MT_ARRAY_LEN(redhat_names))
        return -1;
    out->id = mt_arena_strdup(a, redhat_names[k].id);
    const char *r = strstr(line, " release ");
    if (r) {
        const char *v = r + strlen(" release ");
        size_t vn = 0;
        while (is_digit(v[vn]) || (v[vn] == '.' && vn > 0 && is_digit(v[vn + 1])))
            vn++;
        if (redhat_names[k].major_only) {
            size_t m = 0;
            while (m < vn && is_digit(v[m]))
                m++;
            vn = m;
        }
        if (vn)
            out->version_id = mt_arena_strndup(a, v, vn);
    }
    return 0;
}
