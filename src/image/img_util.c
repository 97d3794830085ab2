/* img_util.c — small helpers of the image reader: limits, messages,
 * digests, path normalisation, byte ranges. See img_internal.h. */
#include "image/img_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

void img_limits_fill(img_limits *out, const img_limits *in)
{
    img_limits z = {0};
    if (!in)
        in = &z;
    out->max_blob_size = in->max_blob_size ? in->max_blob_size : IMG_DEF_MAX_BLOB;
    out->max_layer_size = in->max_layer_size ? in->max_layer_size : IMG_DEF_MAX_LAYER;
    out->max_ratio = in->max_ratio ? in->max_ratio : IMG_DEF_MAX_RATIO;
    out->max_entries = in->max_entries ? in->max_entries : IMG_DEF_MAX_ENTRIES;
    out->max_path = in->max_path ? in->max_path : IMG_DEF_MAX_PATH;
    if (out->max_path > IMG_MAX_PATH_CAP)
        out->max_path = IMG_MAX_PATH_CAP; /* path buffers are allocated at this size */
    out->max_json = in->max_json ? in->max_json : IMG_DEF_MAX_JSON;
}

int img_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

bool img_digest_valid(const char *d)
{
    if (!d || strncmp(d, "sha256:", 7) != 0)
        return false;
    d += 7;
    size_t n = 0;
    for (; d[n]; n++) {
        char c = d[n];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return n == 64;
}

void img_digest_format(const unsigned char md[32], char *out)
{
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "sha256:", 7);
    for (int i = 0; i < 32; i++) {
        out[7 + 2 * i] = hex[md[i] >> 4];
        out[8 + 2 * i] = hex[md[i] & 15];
    }
    out[71] = '\0';
}

void img_sha256_buf(const void *data, size_t len, char *out)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
        memset(md, 0, sizeof(md));
    img_digest_format(md, out);
}

int img_path_norm(const char *in, char *out, size_t outlen)
{
    size_t o = 0;
    const char *p = in;
    if (outlen == 0)
        return -1;
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
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return 1;
        if (o + (o ? 1 : 0) + n + 1 > outlen)
            return -1;
        if (o)
            out[o++] = '/';
        memcpy(out + o, s, n);
        o += n;
    }
    out[o] = '\0';
    return 0;
}

ssize_t img_rd_read(const img_rd *r, uint64_t pos, void *buf, size_t n)
{
    if (pos >= r->size)
        return 0;
    if (n > r->size - pos)
        n = (size_t)(r->size - pos);
    if (r->fd < 0) {
        memcpy(buf, r->mem + r->off + pos, n);
        return (ssize_t)n;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(r->fd, (char *)buf + got, n - got, (off_t)(r->off + pos + got));
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

int img_rd_slurp(const img_rd *r, uint64_t max, char **out, size_t *len, char *err, size_t errlen)
{
    *out = NULL;
    *len = 0;
    if (r->size > max)
        return img_err(err, errlen, "%llu bytes, more than the limit of %llu",
                       (unsigned long long)r->size, (unsigned long long)max);
    size_t n = (size_t)r->size;
    char *buf = mt_xmalloc(n + 1);
    ssize_t k = img_rd_read(r, 0, buf, n);
    if (k < 0) {
        int e = errno;
        free(buf);
        return img_err(err, errlen, "read failed: %s", strerror(e));
    }
    if ((size_t)k != n) {
        free(buf);
        return img_err(err, errlen, "truncated: %zu of %zu bytes", (size_t)k, n);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
