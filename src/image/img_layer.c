/* img_layer.c — layer streaming: read a blob range, detect its compression
 * by magic bytes (gzip via zlib or ISA-L, zstd, plain tar), hash the
 * compressed and uncompressed bytes as they flow, walk the tar with
 * libarchive (tar formats only, no filters), drain the rest and verify
 * both digests. See img_internal.h. */
#include "image/img_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <zlib.h>
#include <zstd.h>
#ifdef MOAT_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#define IN_CHUNK (256u << 10)
#define OUT_CHUNK (1u << 20)

enum { COMP_NONE, COMP_GZIP, COMP_ZSTD };

typedef struct img_stream {
    img_rd rd;
    img_limits lim;
    uint64_t pos;           /* compressed bytes read so far */
    int comp;
    bool use_isal;
    EVP_MD_CTX *blob_md, *diff_md;
    /* compressed input: the current chunk */
    uint8_t *inbuf;
    const uint8_t *in;
    size_t in_len, in_pos;
    bool in_eof;
    /* decompressed output */
    uint8_t *out;
    z_stream z;
    bool z_ready;
#ifdef MOAT_HAVE_ISAL
    struct inflate_state *isal;
#endif
    ZSTD_DStream *zs;
    bool member_open;       /* inside a gzip member or zstd frame */
    uint32_t member_bytes;  /* gzip (ISA-L): bytes of the member consumed, up to 4 */
    bool end;               /* no more uncompressed bytes */
    uint64_t tar_bytes;
    /* the first chunk, produced before libarchive starts */
    const void *pending;
    size_t pending_len;
    bool failed;
    char msg[512];
} img_stream;

static int sfail(img_stream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sfail(img_stream *s, const char *fmt, ...)
{
    if (!s->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
        va_end(ap);
        s->failed = true;
    }
    return -1;
}

/* Next compressed chunk into s->in (hashed). Sets in_eof at the end. */
static int fill_input(img_stream *s)
{
    s->in_pos = 0;
    s->in_len = 0;
    if (s->pos >= s->rd.size) {
        s->in_eof = true;
        return 0;
    }
    uint64_t left = s->rd.size - s->pos;
    size_t n = left < IN_CHUNK ? (size_t)left : IN_CHUNK;
    if (s->rd.fd < 0) {
        s->in = s->rd.mem + s->rd.off + s->pos;
    } else {
        ssize_t k = img_rd_read(&s->rd, s->pos, s->inbuf, n);
        if (k < 0)
            return sfail(s, "read failed at blob offset %llu: %s", (unsigned long long)s->pos,
                         strerror(errno));
        if ((size_t)k != n)
            return sfail(s, "blob truncated at offset %llu (file changed while reading?)",
                         (unsigned long long)(s->pos + (uint64_t)k));
        s->in = s->inbuf;
    }
    s->in_len = n;
    s->pos += n;
    if (s->pos > s->lim.max_blob_size)
        return sfail(s, "blob larger than the limit of %llu bytes",
                     (unsigned long long)s->lim.max_blob_size);
    if (EVP_DigestUpdate(s->blob_md, s->in, n) != 1)
        return sfail(s, "SHA-256 failed");
    return 0;
}

/* Accounts for n uncompressed bytes at p: hash and bounds. */
static int account(img_stream *s, const void *p, size_t n)
{
    s->tar_bytes += n;
    if (s->tar_bytes > s->lim.max_layer_size)
        return sfail(s, "uncompressed layer larger than the limit of %llu bytes",
                     (unsigned long long)s->lim.max_layer_size);
    if (s->comp != COMP_NONE && s->tar_bytes > IMG_RATIO_SLACK &&
        s->tar_bytes / s->lim.max_ratio > s->pos)
        return sfail(s,
                     "decompression ratio above %llu:1 (%llu bytes out of %llu compressed): "
                     "refusing a likely decompression bomb",
                     (unsigned long long)s->lim.max_ratio, (unsigned long long)s->tar_bytes,
                     (unsigned long long)s->pos);
    if (s->comp != COMP_NONE && EVP_DigestUpdate(s->diff_md, p, n) != 1)
        return sfail(s, "SHA-256 failed");
    return 0;
}

/* ---- gzip ---- */

static ssize_t gzip_zlib(img_stream *s)
{
    z_stream *z = &s->z;
    z->next_out = s->out;
    z->avail_out = OUT_CHUNK;
    while (z->avail_out > 0) {
        if (s->in_pos >= s->in_len) {
            if (fill_input(s) < 0)
                return -1;
            if (s->in_len == 0) {
                if (s->member_open)
                    return sfail(s, "truncated gzip stream");
                s->end = true;
                break;
            }
        }
        if (!s->member_open) {
            if (inflateReset(z) != Z_OK)
                return sfail(s, "zlib reset failed");
            s->member_open = true;
        }
        z->next_in = (Bytef *)(s->in + s->in_pos);
        z->avail_in = (uInt)(s->in_len - s->in_pos);
        int ret = inflate(z, Z_NO_FLUSH);
        s->in_pos = s->in_len - z->avail_in;
        if (ret == Z_STREAM_END) {
            s->member_open = false;
            continue;
        }
        if (ret == Z_BUF_ERROR && (z->avail_in == 0 || z->avail_out == 0))
            continue; /* needs more input, or the output is full */
        if (ret != Z_OK)
            return sfail(s, "corrupt gzip data at blob offset ~%llu: %s",
                         (unsigned long long)(s->pos - (s->in_len - s->in_pos)),
                         z->msg ? z->msg : "inflate failed");
    }
    return (ssize_t)(OUT_CHUNK - z->avail_out);
}

#ifdef MOAT_HAVE_ISAL
static const char *isal_strerror(int ret)
{
    switch (ret) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect checksum";
    case ISAL_NEED_DICT: return "dictionary needed";
    default: return "inflate failed";
    }
}

static ssize_t gzip_isal(img_stream *s)
{
    struct inflate_state *st = s->isal;
    st->next_out = s->out;
    st->avail_out = OUT_CHUNK;
    while (st->avail_out > 0) {
        if (s->in_pos >= s->in_len) {
            if (fill_input(s) < 0)
                return -1;
            if (s->in_len == 0) {
                if (s->member_open)
                    return sfail(s, "truncated gzip stream");
                s->end = true;
                break;
            }
        }
        if (!s->member_open) {
            uint8_t *no = st->next_out;
            uint32_t ao = st->avail_out;
            isal_inflate_reset(st);
            st->crc_flag = ISAL_GZIP;
            st->next_out = no;
            st->avail_out = ao;
            s->member_open = true;
            s->member_bytes = 0;
        }
        st->next_in = (uint8_t *)(s->in + s->in_pos);
        st->avail_in = (uint32_t)(s->in_len - s->in_pos);
        uint32_t before_out = st->avail_out, before_in = st->avail_in;
        int ret = isal_inflate(st);
        size_t from = s->in_pos;
        s->in_pos = s->in_len - st->avail_in;
        /* ISA-L ignores the reserved FLG bits zlib (and RFC 1952) reject:
         * check them as the header goes by, so both decoders agree */
        for (size_t k = from; k < s->in_pos && s->member_bytes < 4; k++) {
            if (s->member_bytes++ == 3 && (s->in[k] & 0xe0))
                return sfail(s, "corrupt gzip data at blob offset ~%llu: unknown header flags set",
                             (unsigned long long)(s->pos - (s->in_len - k)));
        }
        if (ret < 0)
            return sfail(s, "corrupt gzip data at blob offset ~%llu: %s",
                         (unsigned long long)(s->pos - (s->in_len - s->in_pos)),
                         isal_strerror(ret));
        if (st->block_state == ISAL_BLOCK_FINISH) {
            s->member_open = false;
            continue;
        }
        if (st->avail_in > 0 && st->avail_out > 0 && before_out == st->avail_out &&
            before_in == st->avail_in)
            return sfail(s, "gzip decoder made no progress at blob offset ~%llu",
                         (unsigned long long)(s->pos - (s->in_len - s->in_pos)));
    }
    return (ssize_t)(OUT_CHUNK - st->avail_out);
}
#endif

/* ---- zstd ---- */

static ssize_t zstd_dec(img_stream *s)
{
    ZSTD_outBuffer ob = {s->out, OUT_CHUNK, 0};
    while (ob.pos < ob.size) {
        if (s->in_pos >= s->in_len) {
            if (fill_input(s) < 0)
                return -1;
            if (s->in_len == 0) {
                if (!s->member_open) {
                    s->end = true;
                    break;
                }
                /* inside a frame: flush what the decoder still holds */
                ZSTD_inBuffer eb = {NULL, 0, 0};
                size_t before = ob.pos;
                size_t r = ZSTD_decompressStream(s->zs, &ob, &eb);
                if (ZSTD_isError(r))
                    return sfail(s, "corrupt zstd data: %s", ZSTD_getErrorName(r));
                s->member_open = r != 0;
                if (ob.pos > before || !s->member_open)
                    continue;
                return sfail(s, "truncated zstd stream");
            }
        }
        ZSTD_inBuffer ib = {s->in + s->in_pos, s->in_len - s->in_pos, 0};
        size_t r = ZSTD_decompressStream(s->zs, &ob, &ib);
        s->in_pos += ib.pos;
        if (ZSTD_isError(r))
            return sfail(s, "corrupt zstd data at blob offset ~%llu: %s",
                         (unsigned long long)(s->pos - (s->in_len - s->in_pos)),
                         ZSTD_getErrorName(r));
        s->member_open = r != 0;
    }
    return (ssize_t)ob.pos;
}

/* Next chunk of the uncompressed stream: > 0 bytes, 0 at the end, -1 on
 * error (s->msg). */
static ssize_t stream_next(img_stream *s, const void **buf)
{
    if (s->failed)
        return -1;
    if (s->pending) {
        *buf = s->pending;
        size_t n = s->pending_len;
        s->pending = NULL;
        s->pending_len = 0;
        return (ssize_t)n;
    }
    for (;;) {
        if (s->end)
            return 0;
        ssize_t n;
        if (s->comp == COMP_NONE) {
            if (s->in_pos >= s->in_len && fill_input(s) < 0)
                return -1;
            if (s->in_len == 0) {
                s->end = true;
                return 0;
            }
            *buf = s->in + s->in_pos;
            n = (ssize_t)(s->in_len - s->in_pos);
            s->in_pos = s->in_len;
        } else {
            if (s->comp == COMP_ZSTD)
                n = zstd_dec(s);
#ifdef MOAT_HAVE_ISAL
            else if (s->use_isal)
                n = gzip_isal(s);
#endif
            else
                n = gzip_zlib(s);
            if (n < 0)
                return -1;
            *buf = s->out;
        }
        if (n > 0) {
            if (account(s, *buf, (size_t)n) < 0)
                return -1;
            return n;
        }
    }
}

static void stream_free(img_stream *s)
{
    EVP_MD_CTX_free(s->blob_md);
    EVP_MD_CTX_free(s->diff_md);
    free(s->inbuf);
    free(s->out);
    if (s->z_ready)
        inflateEnd(&s->z);
#ifdef MOAT_HAVE_ISAL
    free(s->isal);
#endif
    ZSTD_freeDStream(s->zs);
}

static bool is_zstd_magic(const uint8_t *p, size_t n)
{
    if (n < 4)
        return false;
    uint32_t m = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return m == 0xFD2FB528u || (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

/* Sets up the stream: reads the first chunk and picks the decoder. */
static int stream_init(img_stream *s, const img_rd *r, const img_blob_opts *o)
{
    memset(s, 0, sizeof(*s));
    s->rd = *r;
    img_limits_fill(&s->lim, &o->limits);
#ifdef MOAT_HAVE_ISAL
    s->use_isal = !o->use_zlib;
#endif
    s->blob_md = EVP_MD_CTX_new();
    s->diff_md = EVP_MD_CTX_new();
    if (!s->blob_md || !s->diff_md || EVP_DigestInit_ex(s->blob_md, EVP_sha256(), NULL) != 1 ||
        EVP_DigestInit_ex(s->diff_md, EVP_sha256(), NULL) != 1)
        return sfail(s, "cannot set up SHA-256");
    if (r->size > s->lim.max_blob_size)
        return sfail(s, "blob of %llu bytes is larger than the limit of %llu",
                     (unsigned long long)r->size, (unsigned long long)s->lim.max_blob_size);
    if (r->fd >= 0)
        s->inbuf = mt_xmalloc(IN_CHUNK);
    if (fill_input(s) < 0)
        return -1;
    const uint8_t *p = s->in;
    size_t n = s->in_len;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        s->comp = COMP_GZIP;
    } else if (is_zstd_magic(p, n)) {
        s->comp = COMP_ZSTD;
    } else if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6)) {
        return sfail(s, "xz-compressed layers are not supported");
    } else if (n >= 3 && !memcmp(p, "BZh", 3)) {
        return sfail(s, "bzip2-compressed layers are not supported");
    } else {
        s->comp = COMP_NONE;
        return 0;
    }
    s->out = mt_xmalloc(OUT_CHUNK);
    if (s->comp == COMP_GZIP) {
#ifdef MOAT_HAVE_ISAL
        if (s->use_isal) {
            s->isal = mt_xmalloc(sizeof(*s->isal));
            isal_inflate_init(s->isal);
            return 0;
        }
#endif
        if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
            return sfail(s, "zlib initialisation failed");
        s->z_ready = true;
    } else {
        s->zs = ZSTD_createDStream();
        if (!s->zs)
            return sfail(s, "zstd initialisation failed");
        /* bounds the decoder's window memory (128 MiB) */
        ZSTD_DCtx_setParameter(s->zs, ZSTD_d_windowLogMax, 27);
    }
    return 0;
}

/* ---- libarchive glue ---- */

static la_ssize_t ar_read(struct archive *a, void *ud, const void **buf)
{
    img_stream *s = ud;
    ssize_t n = stream_next(s, buf);
    if (n < 0) {
        archive_set_error(a, EIO, "%s", s->msg);
        return -1;
    }
    return n;
}

typedef struct walk_ctx {
    const char *what;
    img_limits lim;
    img_stream s;
    char *path, *link;       /* max_path + 1 bytes each */
    char *last;              /* the last entry's path, for messages */
    img_walk_stats st;
} walk_ctx;

/* Message for a failure while the tar is being read. */
static int walk_fail(walk_ctx *c, struct archive *ar, char *err, size_t errlen, const char *doing)
{
    const char *why = c->s.failed ? c->s.msg : ar ? archive_error_string(ar) : NULL;
    if (!why)
        why = "unknown error";
    if (c->last[0])
        return img_err(err, errlen, "%s: %s (at or after entry '%s'): %s", c->what, doing, c->last,
                       why);
    return img_err(err, errlen, "%s: %s: %s", c->what, doing, why);
}

/* Turns a libarchive entry into an img_entry. Returns 1 to report it, 0 to
 * skip it, -1 on error. */
static int convert(walk_ctx *c, struct archive_entry *ae, img_entry *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    const char *raw = archive_entry_pathname(ae);
    if (!raw)
        raw = archive_entry_pathname_utf8(ae);
    if (!raw)
        return 0;
    size_t rawlen = strlen(raw);
    if (rawlen > c->lim.max_path)
        return img_err(err, errlen, "%s: entry '%.200s...': path of %zu bytes is longer than the "
                       "limit of %u", c->what, raw, rawlen, c->lim.max_path);
    int nr = img_path_norm(raw, c->path, c->lim.max_path + 1);
    if (nr != 0)
        return 0; /* ".." */
    snprintf(c->last, c->lim.max_path + 1, "%s", c->path);
    if (!c->path[0])
        return 0; /* the root directory itself */
    e->path = c->path;
    e->mode = (uint32_t)(archive_entry_perm(ae) & 07777);
    e->uid = archive_entry_uid(ae);
    e->gid = archive_entry_gid(ae);

    char *slash = strrchr(c->path, '/');
    char *base = slash ? slash + 1 : c->path;
    if (!strncmp(base, ".wh.", 4)) {
        if (!strcmp(base, ".wh..wh..opq")) {
            if (slash)
                *slash = '\0';
            else
                c->path[0] = '\0';
            e->type = IMG_OPAQUE;
            return 1;
        }
        if (!strncmp(base, ".wh..wh.", 8))
            return 0; /* aufs metadata (.wh..wh.plnk, .wh..wh.aufs) */
        const char *name = base + 4;
        if (!*name)
            return 0;
        memmove(base, name, strlen(name) + 1);
        e->type = IMG_WHITEOUT;
        return 1;
    }
    const char *hl = archive_entry_hardlink(ae);
    if (!hl)
        hl = archive_entry_hardlink_utf8(ae);
    if (hl) {
        if (strlen(hl) > c->lim.max_path)
            return img_err(err, errlen, "%s: entry '%s': hardlink target longer than %u bytes",
                           c->what, c->path, c->lim.max_path);
        if (img_path_norm(hl, c->link, c->lim.max_path + 1) != 0 || !c->link[0])
            return 0;
        e->type = IMG_HARDLINK;
        e->link = c->link;
        return 1;
    }
    switch (archive_entry_filetype(ae)) {
    case AE_IFREG:
        e->type = IMG_REG;
        e->size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) : 0;
        break;
    case AE_IFDIR:
        e->type = IMG_DIR;
        break;
    case AE_IFLNK: {
        const char *t = archive_entry_symlink(ae);
        if (!t)
            t = archive_entry_symlink_utf8(ae);
        e->type = IMG_SYMLINK;
        e->link = t ? t : "";
        break;
    }
    default:
        e->type = IMG_OTHER;
        break;
    }
    return 1;
}

int img_walk_blob(const img_rd *r, const img_blob_opts *o, img_entry_fn fn, void *ud,
                  img_walk_stats *st, char *err, size_t errlen)
{
    walk_ctx c;
    memset(&c, 0, sizeof(c));
    c.what = o->what ? o->what : "layer";
    img_limits_fill(&c.lim, &o->limits);
    c.path = mt_xmalloc((size_t)c.lim.max_path + 1);
    c.link = mt_xmalloc((size_t)c.lim.max_path + 1);
    c.last = mt_xmalloc((size_t)c.lim.max_path + 1);
    c.last[0] = '\0';
    struct archive *ar = NULL;
    int rc = 0;
    img_stream *s = &c.s;

    if (stream_init(s, r, o) < 0) {
        rc = walk_fail(&c, NULL, err, errlen, "cannot read the blob");
        goto done;
    }
    const void *first;
    ssize_t n = stream_next(s, &first);
    if (n < 0) {
        rc = walk_fail(&c, NULL, err, errlen, "cannot read the layer");
        goto done;
    }
    if (n > 0) {
        s->pending = first;
        s->pending_len = (size_t)n;
        ar = archive_read_new();
        if (!ar) {
            rc = img_err(err, errlen, "%s: cannot set up libarchive", c.what);
            goto done;
        }
        archive_read_support_format_tar(ar);
        archive_read_support_format_gnutar(ar);
        if (archive_read_open(ar, s, NULL, ar_read, NULL) != ARCHIVE_OK) {
            rc = walk_fail(&c, ar, err, errlen, "cannot read the layer tar");
            goto done;
        }
        img_walk w;
        memset(&w, 0, sizeof(w));
        w.kind = 0;
        w.ar = ar;
        w.stream = s;
        uint64_t retries = 0;
        /* where the last entry's data ends in the tar stream, for tars
         * that stop right after it (see below) */
        uint64_t last_end = 0;
        bool have_last = false;
        for (;;) {
            struct archive_entry *ae;
            int ar_rc = archive_read_next_header(ar, &ae);
            if (ar_rc == ARCHIVE_EOF)
                break;
            if (ar_rc == ARCHIVE_RETRY && ++retries < 1000)
                continue;
            if (ar_rc < ARCHIVE_WARN || ar_rc == ARCHIVE_RETRY) {
                /* Some writers (umoci, for one) end a layer right after the
                 * last entry's data or padding, with no end-of-archive
                 * blocks. Go's archive/tar, which Docker and containerd
                 * use, takes that as the end; so do we, but only when the
                 * stream ended exactly there. */
                uint64_t padded = (last_end + 511) & ~(uint64_t)511;
                if (have_last && s->end && !s->failed &&
                    (s->tar_bytes == last_end || s->tar_bytes == padded))
                    break;
                rc = walk_fail(&c, ar, err, errlen, "bad layer tar");
                goto done;
            }
            la_int64_t data_start = archive_filter_bytes(ar, 0);
            have_last = data_start >= 0 && archive_entry_sparse_count(ae) == 0;
            last_end = (uint64_t)(data_start >= 0 ? data_start : 0);
            if (archive_entry_filetype(ae) == AE_IFREG && archive_entry_size_is_set(ae) &&
                archive_entry_size(ae) > 0)
                last_end += (uint64_t)archive_entry_size(ae);
            if (c.st.entries + c.st.skipped >= c.lim.max_entries) {
                rc = img_err(err, errlen, "%s: more than %llu entries in the layer", c.what,
                             (unsigned long long)c.lim.max_entries);
                goto done;
            }
            img_entry e;
            int cv = convert(&c, ae, &e, err, errlen);
            if (cv < 0) {
                rc = -1;
                goto done;
            }
            if (cv == 0) {
                c.st.skipped++;
                continue;
            }
            c.st.entries++;
            w.readable = e.type == IMG_REG;
            w.read_done = false;
            w.size = e.size;
            int cb = fn(ud, &w, &e);
            if (w.failed) {
                rc = img_err(err, errlen, "%s: entry '%s': %s", c.what, c.last, w.msg);
                goto done;
            }
            if (cb != 0) {
                img_err(err, errlen, "%s: walk stopped by the callback at entry '%s'", c.what,
                        c.last);
                rc = cb;
                goto done;
            }
        }
        archive_read_free(ar);
        ar = NULL;
    }
    /* the rest of the stream (tar padding and anything after the end of
     * the archive) so the digests cover the whole blob */
    for (;;) {
        const void *b;
        ssize_t k = stream_next(s, &b);
        if (k < 0) {
            rc = walk_fail(&c, NULL, err, errlen, "cannot read the end of the layer");
            goto done;
        }
        if (k == 0)
            break;
    }
    unsigned char md[32];
    unsigned int mdlen = 0;
    char blob_d[72], diff_d[72];
    if (EVP_DigestFinal_ex(s->blob_md, md, &mdlen) != 1 || mdlen != 32) {
        rc = img_err(err, errlen, "%s: SHA-256 failed", c.what);
        goto done;
    }
    img_digest_format(md, blob_d);
    if (s->comp == COMP_NONE) {
        memcpy(diff_d, blob_d, sizeof(diff_d));
    } else {
        if (EVP_DigestFinal_ex(s->diff_md, md, &mdlen) != 1 || mdlen != 32) {
            rc = img_err(err, errlen, "%s: SHA-256 failed", c.what);
            goto done;
        }
        img_digest_format(md, diff_d);
    }
    if (o->digest && strcmp(o->digest, blob_d) != 0) {
        rc = img_err(err, errlen, "%s: blob digest mismatch: expected %s, content is %s", c.what,
                     o->digest, blob_d);
        goto done;
    }
    if (o->diff_id && strcmp(o->diff_id, diff_d) != 0) {
        rc = img_err(err, errlen,
                     "%s: diff ID mismatch: the config says %s, the uncompressed layer is %s",
                     c.what, o->diff_id, diff_d);
        goto done;
    }
done:
    c.st.blob_bytes = s->pos;
    c.st.tar_bytes = s->tar_bytes;
    if (st)
        *st = c.st;
    if (ar)
        archive_read_free(ar);
    stream_free(s);
    free(c.path);
    free(c.link);
    free(c.last);
    return rc;
}

int img_walk_blob_memory(const void *data, size_t len, const img_blob_opts *o, img_entry_fn fn,
                         void *ud, img_walk_stats *st, char *err, size_t errlen)
{
    static const uint8_t empty[1];
    img_rd r = {.fd = -1, .mem = data ? data : empty, .off = 0, .size = len};
    return img_walk_blob(&r, o, fn, ud, st, err, errlen);
}

/* ---- content of the current entry ---- */

/* Marks the walk failed after archive_read_data() failed, saying why. */
static void content_failed(img_walk *w)
{
    const char *why = w->stream->failed ? w->stream->msg : archive_error_string(w->ar);
    snprintf(w->msg, sizeof(w->msg), "cannot read the content: %s", why ? why : "unknown error");
    w->failed = true;
}

int img_walk_stream(img_walk *w, int (*fn)(void *ud, const char *data, size_t len), void *ud)
{
    if (!w || !w->readable || w->read_done || w->failed)
        return -1;
    w->read_done = true;
    enum { CHUNK = 1 << 20 };
    char *buf = mt_xmalloc(CHUNK);
    int rc = 0;
    if (w->kind == 1) {
        rc = img_dir_stream(w, buf, CHUNK, fn, ud);
    } else {
        for (;;) {
            la_ssize_t k = archive_read_data(w->ar, buf, CHUNK);
            if (k < 0) {
                content_failed(w);
                rc = -1;
                break;
            }
            if (k == 0 || fn(ud, buf, (size_t)k) != 0)
                break;
        }
    }
    free(buf);
    return rc;
}

int img_walk_read(img_walk *w, size_t max, char **data, size_t *len, bool *truncated)
{
    *data = NULL;
    *len = 0;
    if (truncated)
        *truncated = false;
    if (!w || !w->readable || w->read_done || w->failed)
        return -1;
    w->read_done = true;
    if (w->kind == 1)
        return img_dir_read(w, max, data, len, truncated);
    uint64_t size = w->size > 0 ? (uint64_t)w->size : 0;
    size_t want = size < max ? (size_t)size : max;
    char *buf = mt_xmalloc(want + 1);
    size_t got = 0;
    while (got < want) {
        la_ssize_t k = archive_read_data(w->ar, buf + got, want - got);
        if (k < 0) {
            content_failed(w);
            free(buf);
            return -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    if (truncated)
        *truncated = size > max;
    return 0;
}
