/* util.c — see util.h. */
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
    fputs("moat: out of memory\n", stderr);
    abort();
}

void *mt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *mt_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *mt_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *mt_xstrdup(const char *s)
{
    return mt_xstrndup(s, strlen(s));
}

char *mt_xstrndup(const char *s, size_t n)
{
    char *p = mt_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- arena ---- */

struct mt_arena_block {
    mt_arena_block *next;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK 65536

void mt_arena_init(mt_arena *a)
{
    a->head = NULL;
}

void mt_arena_free(mt_arena *a)
{
    mt_arena_block *b = a->head;
    while (b) {
        mt_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* n bytes, 16-byte aligned, not zeroed. */
static void *arena_take(mt_arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0)
        n = 16;
    mt_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;
        mt_arena_block *nb = mt_xmalloc(sizeof(*nb) + cap);
        nb->used = 0;
        nb->cap = cap;
        if (b && n > ARENA_BLOCK / 2) {
            /* Large allocation: keep the current block at the head so its
             * free space stays usable. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *mt_arena_alloc(mt_arena *a, size_t n)
{
    void *p = arena_take(a, n);
    memset(p, 0, n);
    return p;
}

char *mt_arena_strndup(mt_arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mt_arena_strdup(mt_arena *a, const char *s)
{
    return s ? mt_arena_strndup(a, s, strlen(s)) : NULL;
}

char *mt_arena_printf(mt_arena *a, const char *fmt, ...)
{
    /* One formatting pass when the result fits a stack buffer. */
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof(tmp))
        return mt_arena_strndup(a, tmp, (size_t)n);
    char *p = arena_take(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- buffer ---- */

void mt_buf_init(mt_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void mt_buf_free(mt_buf *b)
{
    free(b->data);
    mt_buf_init(b);
}

void mt_buf_reserve(mt_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    mt_buf_grow(b, extra);
}

void mt_buf_grow(mt_buf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = mt_xrealloc(b->data, cap);
    b->cap = cap;
}

void mt_buf_puts(mt_buf *b, const char *s)
{
    mt_buf_put(b, s, strlen(s));
}

void mt_buf_printf(mt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    mt_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void mt_buf_clear(mt_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *mt_buf_steal(mt_buf *b)
{
    char *p = b->data ? b->data : mt_xstrdup("");
    mt_buf_init(b);
    return p;
}

/* ---- vector ---- */

void mt_vec_push(mt_vec *v, void *item)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->items = mt_xrealloc(v->items, v->cap * sizeof(void *));
    }
    v->items[v->len++] = item;
}

void mt_vec_free(mt_vec *v)
{
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

/* ---- string map ---- */

static size_t strmap_slot(const mt_strmap *m, const char *key)
{
    uint64_t h = mt_fnv1a64(key, strlen(key), 0);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *mt_strmap_get(const mt_strmap *m, const char *key, bool *found)
{
    *found = false;
    if (!m->cap)
        return NULL;
    size_t i = strmap_slot(m, key);
    if (!m->keys[i])
        return NULL;
    *found = true;
    return m->vals[i];
}

void mt_strmap_put(mt_strmap *m, const char *key, void *val)
{
    if ((m->len + 1) * 2 > m->cap) {
        mt_strmap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = mt_xcalloc(m->cap, sizeof(char *));
        m->vals = mt_xcalloc(m->cap, sizeof(void *));
        m->len = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (old.keys[i]) {
                size_t j = strmap_slot(m, old.keys[i]);
                m->keys[j] = old.keys[i];
                m->vals[j] = old.vals[i];
                m->len++;
            }
        }
        free(old.keys);
        free(old.vals);
    }
    size_t i = strmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = mt_xstrdup(key);
        m->len++;
    }
    m->vals[i] = val;
}

void mt_strmap_free(mt_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

/* ---- strings ---- */

bool mt_streq_ci(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

bool mt_startswith(const char *s, const char *prefix)
{
    while (*prefix) {
        if (*s++ != *prefix++)
            return false;
    }
    return true;
}

bool mt_startswith_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool mt_endswith(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool mt_endswith_ci(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

const char *mt_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void mt_dirname(const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s", path);
    char *slash = strrchr(out, '/');
    if (slash == out)
        out[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(out, n, ".");
}

char *mt_udec(char *end, unsigned long long u)
{
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    return p;
}

char *mt_dec(char *end, long long v)
{
    char *p = mt_udec(end, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
    if (v < 0)
        *--p = '-';
    return p;
}

uint64_t mt_fnv1a64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ? seed : 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ---- glob ---- */

/* Matches a bracket expression starting at p (just after '['). Returns the
 * pointer after ']' or NULL when the expression is malformed. */
static const char *match_bracket(const char *p, char c, bool *matched)
{
    bool neg = false;
    *matched = false;
    if (*p == '!' || *p == '^') {
        neg = true;
        p++;
    }
    bool first = true;
    while (*p && (first || *p != ']')) {
        first = false;
        char lo = *p, hi = *p;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 3;
        } else {
            p++;
        }
        if (c >= lo && c <= hi)
            *matched = true;
    }
    if (*p != ']')
        return NULL;
    if (neg)
        *matched = !*matched;
    return p + 1;
}

static bool glob_rec(const char *p, const char *s, int depth)
{
    if (depth > 64)
        return false;
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            const char *rest = p + 2;
            bool slash_after = *rest == '/';
            if (slash_after)
                rest++;
            /* '**' matches zero or more characters including '/'. When
             * written as "**" + "/", it may also match nothing at all. */
            if (glob_rec(rest, s, depth + 1))
                return true;
            for (const char *t = s; *t; t++) {
                if (slash_after) {
                    if (*t == '/' && glob_rec(rest, t + 1, depth + 1))
                        return true;
                } else if (glob_rec(rest, t + 1, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (*p == '*') {
            p++;
            for (const char *t = s;; t++) {
                if (glob_rec(p, t, depth + 1))
                    return true;
                if (!*t || *t == '/')
                    return false;
            }
        }
        if (!*s)
            return false;
        if (*p == '?') {
            if (*s == '/')
                return false;
        } else if (*p == '[') {
            bool m;
            const char *after = match_bracket(p + 1, *s, &m);
            if (after) {
                if (!m || *s == '/')
                    return false;
                p = after;
                s++;
                continue;
            }
            if (*s != '[')
                return false;
        } else if (*p == '\\' && p[1]) {
            p++;
            if (*p != *s)
                return false;
        } else if (*p != *s) {
            return false;
        }
        p++;
        s++;
    }
    return *s == '\0';
}

bool mt_glob_match(const char *pattern, const char *path)
{
    return glob_rec(pattern, path, 0);
}

/* ---- files ---- */

int mt_read_file(const char *path, size_t max_size, char **out, size_t *out_len, const char **err)
{
    *out = NULL;
    *out_len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *err = strerror(errno);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *err = strerror(errno);
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        *err = "is a directory";
        close(fd);
        return -1;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
        *err = "file exceeds the size limit";
        close(fd);
        return -1;
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
    char *data = mt_xmalloc(cap);
    size_t len = 0;
    for (;;) {
        if (len + 1 >= cap) {
            if (cap > max_size) {
                free(data);
                close(fd);
                *err = "file exceeds the size limit";
                return -1;
            }
            cap *= 2;
            data = mt_xrealloc(data, cap);
        }
        ssize_t r = read(fd, data + len, cap - len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *err = strerror(errno);
            free(data);
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        /* A regular file read to its size needs no extra read for EOF. */
        if (S_ISREG(st.st_mode) && len == (size_t)st.st_size && st.st_size > 0)
            break;
        if (len > max_size) {
            free(data);
            close(fd);
            *err = "file exceeds the size limit";
            return -1;
        }
    }
    close(fd);
    data[len] = '\0';
    *out = data;
    *out_len = len;
    return 0;
}

/* ---- parallel loop ---- */

typedef struct pfor {
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ud, size_t i);
    void *ud;
} pfor;

static void *pfor_main(void *arg)
{
    pfor *p = arg;
    for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->fn(p->ud, i);
    return NULL;
}

void mt_parallel_for(size_t n, int threads, void (*fn)(void *ud, size_t i), void *ud)
{
    long t = threads > 0 ? threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (t < 1)
        t = 1;
    if (t > 16)
        t = 16;
    if ((size_t)t > n)
        t = (long)n;
    pfor p = {.n = n, .fn = fn, .ud = ud};
    atomic_init(&p.next, 0);
    pthread_t tids[16];
    int started = 0;
    for (long k = 1; k < t; k++) {
        if (pthread_create(&tids[started], NULL, pfor_main, &p) != 0)
            break;
        started++;
    }
    pfor_main(&p);
    for (int k = 0; k < started; k++)
        pthread_join(tids[k], NULL);
}

size_t mt_utf8_invalid_at(const char *d, size_t len)
{
    const unsigned char *s = (const unsigned char *)d;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            if (c == 0xe0)
                lo = 0xa0;
            else if (c == 0xed)
                hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            if (c == 0xf0)
                lo = 0x90;
            else if (c == 0xf4)
                hi = 0x8f;
        } else {
            return i;
        }
        if (n >= len - i)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= n; k++) {
            if (s[i + k] < 0x80 || s[i + k] > 0xbf)
                return i;
        }
        i += n + 1;
    }
    return len;
}

void mt_seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
