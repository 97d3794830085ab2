/* pkg_internal.h — helpers shared by the package-database parsers of
 * src/pkg (not part of the public interface): line iteration over a
 * buffer, whitespace trimming and bounded error reporting.
 *
 * Ownership: nothing here allocates except pkg_error(), whose mt_pkg_error
 * and message live in the arena passed to it; the errs vector is the
 * caller's. */
#ifndef MOAT_PKG_INTERNAL_H
#define MOAT_PKG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* At most this many errors are reported by one parser call; one more
 * entry then says that the rest were dropped. */
#define PKG_MAX_ERRORS 1000

/* The longest value kept for a stored field (name, version, arch, ...). */
#define PKG_MAX_VALUE 1024

/* Cursor over the lines of a buffer. A line ends at '\n' (not included);
 * a '\r' just before it (or at the very end of the buffer) is dropped, so
 * CRLF files read like LF ones. */
typedef struct pkg_lines {
    const char *data;
    size_t len;
    size_t pos;
    int lineno; /* 1-based number of the line last returned */
} pkg_lines;

void pkg_lines_init(pkg_lines *it, const char *data, size_t len);
/* Sets [*s, *s + *n) to the next line; false at the end of the buffer. */
bool pkg_lines_next(pkg_lines *it, const char **s, size_t *n);

/* Error sink of one parser call. */
typedef struct pkg_errsink {
    mt_arena *a;
    mt_vec *errs; /* may be NULL: errors are then only counted */
    size_t count;
} pkg_errsink;

void pkg_error(pkg_errsink *e, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline bool pkg_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs on both sides of [*s, *s + *n). */
void pkg_trim(const char **s, size_t *n);

/* True when [s, s + n) equals the literal lit, ignoring ASCII case. */
bool pkg_eq_ci(const char *s, size_t n, const char *lit);

/* The PEP 503 form of a Python package name [s, s + n): lowercase, each
 * run of '-', '_' and '.' as one '-'. Arena string. */
char *pkg_pypi_normalize(mt_arena *a, const char *s, size_t n);

/* The value of a hexadecimal digit, or -1. */
static inline int pkg_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Writes code point cp (at most U+10FFFF; callers check) as UTF-8 into
 * out and returns the number of bytes (1 to 4). */
size_t pkg_utf8_encode(char out[4], uint32_t cp);

/* True when [s, s + n) contains a byte that cannot be kept in a C string
 * or a report (NUL or another ASCII control character but tab). */
bool pkg_has_ctl(const char *s, size_t n);

#endif
