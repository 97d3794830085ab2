/* img_tar.c — index of an uncompressed outer tar (oci-archive,
 * docker-archive): member name -> data offset and size, read once, so
 * blobs are then read in place with pread. See img_internal.h. */
#include "image/img_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BLK 512
#define MAX_META (1u << 20) /* pax header or GNU long name */

static bool all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i])
            return false;
    }
    return true;
}

/* Octal field (spaces / NULs around the digits), or GNU base-256 when the
 * top bit of the first byte is set. Returns false when malformed. */
static bool parse_num(const unsigned char *f, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (f[0] & 0x80) {
        if (f[0] != 0x80)
            return false; /* negative or too large */
        for (size_t i = 1; i < n; i++) {
            if (v >> 56)
                return false;
            v = (v << 8) | f[i];
        }
        *out = v;
        return true;
    }
    size_t i = 0;
    while (i < n && f[i] == ' ')
        i++;
    bool any = false;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 61)
            return false;
        v = (v << 3) | (uint64_t)(f[i] - '0');
        any = true;
    }
    for (; i < n; i++) {
        if (f[i] != ' ' && f[i] != '\0')
            return false;
    }
    if (!any)
        v = 0;
    *out = v;
    return true;
}

static bool checksum_ok(const unsigned char *h)
{
    uint64_t stored;
    if (!parse_num(h + 148, 8, &stored))
        return false;
    uint64_t u = 0;
    int64_t s = 0;
    for (int i = 0; i < BLK; i++) {
        unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];
        u += c;
        s += (signed char)c;
    }
    return stored == u || (int64_t)stored == s;
}

/* A string field that may fill its whole width without a NUL. */
static char *field_str(mt_arena *a, const unsigned char *f, size_t n)
{
    size_t len = 0;
    while (len < n && f[len])
        len++;
    return mt_arena_strndup(a, (const char *)f, len);
}

/* Meta data (long name, pax records) as a NUL-terminated string. */
static int read_meta(const img_rd *r, uint64_t off, uint64_t size, char **out, char *err,
                     size_t errlen)
{
    if (size > MAX_META)
        return img_err(err, errlen, "extended header at offset %llu is too large (%llu bytes)",
                       (unsigned long long)off, (unsigned long long)size);
    char *b = mt_xmalloc((size_t)size + 1);
    ssize_t k = img_rd_read(r, off, b, (size_t)size);
    if (k != (ssize_t)size) {
        free(b);
        return img_err(err, errlen, "truncated extended header at offset %llu",
                       (unsigned long long)off);
    }
    b[size] = '\0';
    *out = b;
    return 0;
}

typedef struct pax_state {
    char *path, *linkpath;
    bool has_size, sparse;
    uint64_t size;
} pax_state;

static int parse_pax(mt_arena *a, const char *d, size_t n, pax_state *ps)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i, len = 0;
        while (j < n && d[j] >= '0' && d[j] <= '9') {
            if (len > MAX_META)
                return -1;
            len = len * 10 + (size_t)(d[j] - '0');
            j++;
        }
        if (j == i || j >= n || d[j] != ' ' || len <= j - i + 1 || i + len > n ||
            d[i + len - 1] != '\n') {
            /* trailing NUL padding is tolerated */
            if (all_zero((const unsigned char *)d + i, n - i))
                return 0;
            return -1;
        }
        const char *kv = d + j + 1, *end = d + i + len - 1;
        const char *eq = memchr(kv, '=', (size_t)(end - kv));
        if (!eq)
            return -1;
        size_t klen = (size_t)(eq - kv);
        const char *v = eq + 1;
        size_t vlen = (size_t)(end - v);
        if (klen == 4 && !memcmp(kv, "path", 4))
            ps->path = mt_arena_strndup(a, v, vlen);
        else if (klen == 8 && !memcmp(kv, "linkpath", 8))
            ps->linkpath = mt_arena_strndup(a, v, vlen);
        else if (klen == 4 && !memcmp(kv, "size", 4)) {
            uint64_t s = 0;
            if (vlen == 0 || vlen > 19)
                return -1;
            for (size_t k = 0; k < vlen; k++) {
                if (v[k] < '0' || v[k] > '9')
                    return -1;
                s = s * 10 + (uint64_t)(v[k] - '0');
            }
            ps->has_size = true;
            ps->size = s;
        } else if (klen > 11 && !memcmp(kv, "GNU.sparse.", 11))
            ps->sparse = true;
        i += len;
    }
    return 0;
}

int img_tar_index_build(img_tar_index *ix, const img_rd *r, size_t max_members, char *err,
                        size_t errlen)
{
    memset(ix, 0, sizeof(*ix));
    mt_arena_init(&ix->arena);
    mt_arena *a = &ix->arena;
    unsigned char h[BLK];
    uint64_t pos = 0;
    char *longname = NULL, *longlink = NULL;
    pax_state ps = {0};
    int rc = 0;
    size_t nheaders = 0;

    while (pos + BLK <= r->size) {
        ssize_t k = img_rd_read(r, pos, h, BLK);
        if (k != BLK) {
            rc = img_err(err, errlen, "read failed at offset %llu: %s", (unsigned long long)pos,
                         k < 0 ? strerror(errno) : "short read");
            break;
        }
        if (all_zero(h, BLK))
            break; /* end of archive */
        if (!checksum_ok(h)) {
            rc = img_err(err, errlen, "not a tar archive, or damaged: bad header at offset %llu",
                         (unsigned long long)pos);
            break;
        }
        if (++nheaders > max_members * 4 + 16) {
            rc = img_err(err, errlen, "more than %zu members", max_members);
            break;
        }
        uint64_t size;
        if (!parse_num(h + 124, 12, &size)) {
            rc = img_err(err, errlen, "bad size field in the header at offset %llu",
                         (unsigned long long)pos);
            break;
        }
        char type = (char)h[156];
        bool meta = type == 'L' || type == 'K' || type == 'x' || type == 'g';
        if (!meta && ps.has_size)
            size = ps.size;
        uint64_t data = pos + BLK;
        if (type == 'S' && h[482]) {
            /* old GNU sparse: extension headers follow the first one */
            unsigned char ext[BLK];
            do {
                if (img_rd_read(r, data, ext, BLK) != BLK) {
                    rc = img_err(err, errlen, "truncated sparse header at offset %llu",
                                 (unsigned long long)data);
                    goto out;
                }
                data += BLK;
            } while (ext[504]);
        }
        if (size > r->size || data > r->size - size) {
            rc = img_err(err, errlen,
                         "truncated archive: member at offset %llu claims %llu bytes, past the "
                         "end of the file",
                         (unsigned long long)pos, (unsigned long long)size);
            break;
        }
        uint64_t next = data + ((size + BLK - 1) & ~(uint64_t)(BLK - 1));

        if (type == 'L' || type == 'K') {
            char *s;
            if (read_meta(r, data, size, &s, err, errlen) < 0) {
                rc = -1;
                break;
            }
            char *c = mt_arena_strdup(a, s);
            free(s);
            if (type == 'L')
                longname = c;
            else
                longlink = c;
        } else if (type == 'x') {
            char *s;
            if (read_meta(r, data, size, &s, err, errlen) < 0) {
                rc = -1;
                break;
            }
            int pr = parse_pax(a, s, (size_t)size, &ps);
            free(s);
            if (pr < 0) {
                rc = img_err(err, errlen, "malformed pax header at offset %llu",
                             (unsigned long long)pos);
                break;
            }
        } else if (type == 'g') {
            /* global pax header: nothing we use */
        } else {
            char *name;
            if (ps.path)
                name = ps.path;
            else if (longname)
                name = longname;
            else {
                name = field_str(a, h, 100);
                if (!memcmp(h + 257, "ustar\0", 6) && h[345]) {
                    char *prefix = field_str(a, h + 345, 155);
                    name = mt_arena_printf(a, "%s/%s", prefix, name);
                }
            }
            char *link = ps.linkpath ? ps.linkpath : longlink ? longlink : field_str(a, h + 157, 100);
            char mtype = 0;
            if (type == '0' || type == '\0' || type == '7')
                mtype = 'f';
            else if (type == '1')
                mtype = 'h';
            else if (type == '2')
                mtype = 'l';
            size_t nlen = strlen(name) + 1;
            char *norm = mt_arena_alloc(a, nlen);
            if (mtype && !ps.sparse && img_path_norm(name, norm, nlen) == 0 && norm[0]) {
                if (ix->nmembers >= max_members) {
                    rc = img_err(err, errlen, "more than %zu members", max_members);
                    break;
                }
                img_tar_member *m = mt_arena_alloc(a, sizeof(*m));
                m->name = norm;
                m->type = mtype;
                m->off = data;
                m->size = mtype == 'f' ? size : 0;
                if (mtype == 'h') {
                    size_t llen = strlen(link) + 1;
                    m->link = mt_arena_alloc(a, llen);
                    if (img_path_norm(link, m->link, llen) != 0)
                        m->type = 0; /* unusable */
                } else if (mtype == 'l') {
                    m->link = link;
                }
                if (m->type) {
                    mt_strmap_put(&ix->map, norm, m);
                    ix->nmembers++;
                }
            }
            longname = longlink = NULL;
            memset(&ps, 0, sizeof(ps));
        }
        pos = next;
    }
out:
    if (rc < 0)
        img_tar_index_free(ix);
    return rc;
}

/* Resolves target (relative to dir, or absolute from the archive root)
 * lexically, ".." included. Returns false when it leaves the root or does
 * not fit. */
static bool resolve_link(const char *dir, const char *target, char *out, size_t outlen)
{
    size_t o = 0;
    out[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        const char *p = pass == 0 ? (target[0] == '/' ? "" : dir) : target;
        while (*p) {
            while (*p == '/')
                p++;
            if (!*p)
                break;
            const char *s = p;
            while (*p && *p != '/')
                p++;
            size_t n = (size_t)(p - s);
            if (n == 1 && s[0] == '.')
                continue;
            if (n == 2 && s[0] == '.' && s[1] == '.') {
                if (o == 0)
                    return false;
                while (o > 0 && out[o - 1] != '/')
                    o--;
                if (o > 0)
                    o--;
                out[o] = '\0';
                continue;
            }
            if (o + 1 + n + 1 > outlen)
                return false;
            if (o)
                out[o++] = '/';
            memcpy(out + o, s, n);
            o += n;
            out[o] = '\0';
        }
    }
    return o > 0;
}

const img_tar_member *img_tar_lookup(const img_tar_index *ix, const char *name)
{
    char buf[2][4096];
    int cur = 0;
    if (img_path_norm(name, buf[cur], sizeof(buf[cur])) != 0)
        return NULL;
    for (int hop = 0; hop < 8; hop++) {
        bool found;
        const img_tar_member *m = mt_strmap_get(&ix->map, buf[cur], &found);
        if (!found || !m)
            return NULL;
        if (m->type == 'f')
            return m;
        int nx = cur ^ 1;
        if (m->type == 'h') {
            if (strlen(m->link) >= sizeof(buf[nx]))
                return NULL;
            strcpy(buf[nx], m->link);
        } else {
            char dir[4096];
            mt_dirname(m->name, dir, sizeof(dir));
            if (!strcmp(dir, "."))
                dir[0] = '\0';
            if (!resolve_link(dir, m->link, buf[nx], sizeof(buf[nx])))
                return NULL;
        }
        cur = nx;
    }
    return NULL;
}

void img_tar_index_free(img_tar_index *ix)
{
    mt_strmap_free(&ix->map);
    mt_arena_free(&ix->arena);
    ix->nmembers = 0;
}
