/* util.h — small building blocks shared by every moat module: an arena
 * allocator, a growable string buffer, a pointer vector and file reading.
 *
 * Ownership: everything allocated from an mt_arena belongs to that arena and
 * is released by mt_arena_free(); callers never free() it. mt_buf and mt_vec
 * own their storage until mt_buf_free()/mt_vec_free(). mt_read_file() returns
 * malloc()ed memory the caller frees. Allocation failure aborts (moat cannot
 * do anything useful without memory, and every input size is bounded). */
#ifndef MOAT_UTIL_H
#define MOAT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *mt_xmalloc(size_t n);
void *mt_xcalloc(size_t n, size_t size);
void *mt_xrealloc(void *p, size_t n);
char *mt_xstrdup(const char *s);
char *mt_xstrndup(const char *s, size_t n);

/* Arena: bump allocator made of chained blocks. */
typedef struct mt_arena_block mt_arena_block;
typedef struct {
    mt_arena_block *head;
} mt_arena;

void mt_arena_init(mt_arena *a);
void mt_arena_free(mt_arena *a);
void *mt_arena_alloc(mt_arena *a, size_t n); /* zeroed, 16-byte aligned */
char *mt_arena_strdup(mt_arena *a, const char *s);
char *mt_arena_strndup(mt_arena *a, const char *s, size_t n);
char *mt_arena_printf(mt_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable NUL-terminated byte buffer. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} mt_buf;

void mt_buf_init(mt_buf *b);
void mt_buf_free(mt_buf *b);
void mt_buf_reserve(mt_buf *b, size_t extra);
void mt_buf_grow(mt_buf *b, size_t extra);
static inline void mt_buf_putc(mt_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        mt_buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
static inline void mt_buf_put(mt_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap)
        mt_buf_grow(b, n);
    if (n)
        __builtin_memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void mt_buf_puts(mt_buf *b, const char *s);
void mt_buf_printf(mt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mt_buf_clear(mt_buf *b);
char *mt_buf_steal(mt_buf *b); /* returns malloc()ed string, buffer is reset */

/* Growable vector of pointers. */
typedef struct {
    void **items;
    size_t len;
    size_t cap;
} mt_vec;

void mt_vec_push(mt_vec *v, void *item);
void mt_vec_free(mt_vec *v); /* frees the array, not the items */

/* String-keyed hash map (open addressing). Keys are copied and owned by the
 * map; values are borrowed pointers. */
typedef struct {
    char **keys;
    void **vals;
    size_t cap, len;
} mt_strmap;

void *mt_strmap_get(const mt_strmap *m, const char *key, bool *found);
void mt_strmap_put(mt_strmap *m, const char *key, void *val);
void mt_strmap_free(mt_strmap *m);

/* String helpers. */
/* strcmp(a, b) == 0, deciding most mismatches at the first byte without a
 * call: for comparing names and words against literals. */
static inline bool mt_streq(const char *a, const char *b)
{
    return a[0] == b[0] && __builtin_strcmp(a, b) == 0;
}
bool mt_streq_ci(const char *a, const char *b);
bool mt_startswith(const char *s, const char *prefix);
bool mt_endswith(const char *s, const char *suffix);
bool mt_startswith_ci(const char *s, const char *prefix);
bool mt_endswith_ci(const char *s, const char *suffix);
const char *mt_basename(const char *path);
/* Writes the directory part of path into out ("." when there is none,
 * "/" for a file in the root). */
void mt_dirname(const char *path, char *out, size_t n);
uint64_t mt_fnv1a64(const void *data, size_t n, uint64_t seed);

/* Decimal digits written backwards so that they end just before `end`;
 * returns the first byte. The buffer needs MT_DEC_MAX bytes before end. */
#define MT_DEC_MAX 21 /* the digits of 2^64 - 1 and a minus sign */
char *mt_udec(char *end, unsigned long long u);
char *mt_dec(char *end, long long v);
/* Offset of the first byte of d that is not part of valid UTF-8 (RFC 3629:
 * overlong forms, surrogates and code points past U+10FFFF are invalid;
 * NUL is valid), or len. Every YAML text is checked with it before
 * libfyaml sees it: libfyaml 0.7.12 loops forever on some invalid bytes (a
 * directive line "%a \377" is enough). */
size_t mt_utf8_invalid_at(const char *d, size_t len);

/* Formats an error message into err (errlen bytes, truncated); does
 * nothing when err is NULL or errlen 0. For library functions that report
 * problems through a caller's buffer. */
void mt_seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Glob match with '*', '?', '[...]' (not matching '/') and '**' (matching
 * across '/'). Returns true when `path` matches `pattern` as a whole. */
bool mt_glob_match(const char *pattern, const char *path);

/* Runs fn(ud, i) for every i in [0, n) on up to `threads` threads (0 = one
 * per CPU, at most 16; the calling thread works too) and returns when all
 * calls are done. Indexes are handed out in increasing order. */
void mt_parallel_for(size_t n, int threads, void (*fn)(void *ud, size_t i), void *ud);

/* Reads a whole regular file, refusing anything larger than max_size.
 * Returns 0 on success; otherwise -1 with *err set to a static message. */
int mt_read_file(const char *path, size_t max_size, char **out, size_t *out_len, const char **err);

#endif
