/* pkg_util.c — see pkg_internal.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pkg/pkg_internal.h"

void pkg_lines_init(pkg_lines *it, const char *data, size_t len)
{
    it->data = data;
    it->len = data ? len : 0;
    it->pos = 0;
    it->lineno = 0;
}

bool pkg_lines_next(pkg_lines *it, const char **s, size_t *n)
{
    if (it->pos >= it->len)
        return false;
    const char *start = it->data + it->pos;
    size_t rest = it->len - it->pos;
    const char *nl = memchr(start, '\n', rest);
    size_t l = nl ? (size_t)(nl - start) : rest;
    it->pos += nl ? l + 1 : l;
    if (l > 0 && start[l - 1] == '\r')
        l--;
    it->lineno++;
    *s = start;
    *n = l;
    return true;
}

void pkg_error(pkg_errsink *e, int line, const char *fmt, ...)
{
    e->count++;
    if (!e->errs || e->count > PKG_MAX_ERRORS + 1)
        return;
    mt_pkg_error *err = mt_arena_alloc(e->a, sizeof(*err));
    err->line = line;
    if (e->count == PKG_MAX_ERRORS + 1) {
        err->message =
            mt_arena_strdup(e->a, "too many errors; the following ones are not reported");
    } else {
        char tmp[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        err->message = mt_arena_strdup(e->a, tmp);
    }
    mt_vec_push(e->errs, err);
}

void pkg_trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t l = *n;
    while (l && pkg_is_blank(*p)) {
        p++;
        l--;
    }
    while (l && pkg_is_blank(p[l - 1]))
        l--;
    *s = p;
    *n = l;
}

bool pkg_has_ctl(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

size_t pkg_utf8_encode(char out[4], uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

bool pkg_eq_ci(const char *s, size_t n, const char *lit)
{
    if (strlen(lit) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i], d = lit[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (d >= 'A' && d <= 'Z')
            d = (char)(d - 'A' + 'a');
        if (c != d)
            return false;
    }
    return true;
}

char *pkg_pypi_normalize(mt_arena *a, const char *s, size_t n)
{
    char *d = mt_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' || c == '_' || c == '.') {
            if (o == 0 || d[o - 1] != '-')
                d[o++] = '-';
            continue;
        }
        d[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    d[o] = '\0';
    return d;
}

bool pkg_is_os(const mt_pkg *p)
{
    return !strcmp(p->type, "deb") || !strcmp(p->type, "apk") || !strcmp(p->type, "rpm");
}
