/* img_fixture.h — builders for the image reader's unit tests
 * (tests/unit/test_img_*.c): tar streams written with libarchive, gzip
 * (zlib) and zstd compression, real SHA-256 digests, and sets of files
 * written out as an OCI layout directory or packed into a tar (oci-archive,
 * docker-archive). Everything lives under a mkdtemp() directory the tests
 * remove.
 *
 * Ownership: fx_tar_end(), fx_gzip(), fx_zstd() and fx_config() return
 * malloc()ed memory the caller frees; an fx_files owns copies of what is
 * added to it until fx_files_free(). Failures abort (test code). */
#ifndef MOAT_TEST_IMG_FIXTURE_H
#define MOAT_TEST_IMG_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include <zstd.h>

#include "image/img.h"
#include "image/img_internal.h"

#define FX_UNUSED __attribute__((unused))

static FX_UNUSED void fx_die(const char *what)
{
    fprintf(stderr, "fixture: %s failed (%s)\n", what, strerror(errno));
    abort();
}

/* ---- tar streams ---- */

typedef struct fx_tar {
    struct archive *a;
    mt_buf out;
} fx_tar;

static la_ssize_t fx_tar_write_cb(struct archive *a, void *ud, const void *buf, size_t n)
{
    (void)a;
    mt_buf_put(&((fx_tar *)ud)->out, buf, n);
    return (la_ssize_t)n;
}

static FX_UNUSED void fx_tar_begin(fx_tar *t)
{
    mt_buf_init(&t->out);
    t->a = archive_write_new();
    archive_write_set_format_pax_restricted(t->a);
    archive_write_set_bytes_per_block(t->a, 512);
    if (archive_write_open(t->a, t, NULL, fx_tar_write_cb, NULL) != ARCHIVE_OK)
        fx_die("archive_write_open");
}

static FX_UNUSED void fx_tar_entry(fx_tar *t, const char *path, int type, unsigned mode,
                                   const void *data, size_t len, const char *link)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, path);
    archive_entry_set_mode(e, (mode_t)(type | (int)mode));
    archive_entry_set_uid(e, 1000);
    archive_entry_set_gid(e, 100);
    archive_entry_set_mtime(e, 1700000000, 0);
    if (type == AE_IFREG)
        archive_entry_set_size(e, (la_int64_t)len);
    if (type == AE_IFLNK)
        archive_entry_set_symlink(e, link);
    if (link && type == 0) {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, link);
        archive_entry_set_size(e, 0);
    }
    if (archive_write_header(t->a, e) != ARCHIVE_OK)
        fx_die(archive_error_string(t->a));
    if (type == AE_IFREG && len && archive_write_data(t->a, data, len) != (la_ssize_t)len)
        fx_die("archive_write_data");
    archive_entry_free(e);
}

static FX_UNUSED void fx_tar_file(fx_tar *t, const char *path, const char *content)
{
    fx_tar_entry(t, path, AE_IFREG, 0644, content, strlen(content), NULL);
}

static FX_UNUSED void fx_tar_dir(fx_tar *t, const char *path)
{
    fx_tar_entry(t, path, AE_IFDIR, 0755, NULL, 0, NULL);
}

static FX_UNUSED void fx_tar_symlink(fx_tar *t, const char *path, const char *target)
{
    fx_tar_entry(t, path, AE_IFLNK, 0777, NULL, 0, target);
}

static FX_UNUSED void fx_tar_hardlink(fx_tar *t, const char *path, const char *target)
{
    fx_tar_entry(t, path, 0, 0644, NULL, 0, target);
}

/* Finishes the tar; returns it (malloc()ed). */
static FX_UNUSED char *fx_tar_end(fx_tar *t, size_t *len)
{
    if (archive_write_close(t->a) != ARCHIVE_OK)
        fx_die("archive_write_close");
    archive_write_free(t->a);
    *len = t->out.len;
    if (!t->out.data)
        return mt_xcalloc(1, 1);
    return mt_buf_steal(&t->out);
}

/* A ustar header block written by hand (type '0', '5', ...). */
static FX_UNUSED void fx_ustar_header(char *h, const char *name, char type, uint64_t size)
{
    memset(h, 0, 512);
    snprintf(h, 100, "%s", name);
    snprintf(h + 100, 8, "%07o", 0644);
    snprintf(h + 108, 8, "%07o", 0);
    snprintf(h + 116, 8, "%07o", 0);
    snprintf(h + 124, 12, "%011llo", (unsigned long long)size);
    snprintf(h + 136, 12, "%011o", 0);
    h[156] = type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += (unsigned char)h[i];
    snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
}

/* A tar holding one small file. */
static FX_UNUSED char *fx_simple_tar(const char *path, const char *content, size_t *len)
{
    fx_tar t;
    fx_tar_begin(&t);
    fx_tar_file(&t, path, content);
    return fx_tar_end(&t, len);
}

/* ---- compression ---- */

static FX_UNUSED char *fx_gzip(const void *data, size_t len, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        fx_die("deflateInit2");
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    char *out = mt_xmalloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        fx_die("deflate");
    *outlen = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static FX_UNUSED char *fx_zstd(const void *data, size_t len, size_t *outlen)
{
    size_t cap = ZSTD_compressBound(len);
    char *out = mt_xmalloc(cap);
    size_t r = ZSTD_compress(out, cap, data, len, 3);
    if (ZSTD_isError(r))
        fx_die("ZSTD_compress");
    *outlen = r;
    return out;
}

/* ---- layers ---- */

typedef struct fx_layer {
    char *blob;
    size_t len;
    const char *media_type;
    char digest[72];
    char diff_id[72];
} fx_layer;

/* comp: 'n' none, 'g' gzip, 'z' zstd. Takes a copy of tar. */
static FX_UNUSED void fx_layer_make(fx_layer *l, const char *tar, size_t tarlen, char comp)
{
    img_sha256_buf(tar, tarlen, l->diff_id);
    if (comp == 'g') {
        l->blob = fx_gzip(tar, tarlen, &l->len);
        l->media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
    } else if (comp == 'z') {
        l->blob = fx_zstd(tar, tarlen, &l->len);
        l->media_type = "application/vnd.oci.image.layer.v1.tar+zstd";
    } else {
        l->blob = mt_xmalloc(tarlen + 1);
        memcpy(l->blob, tar, tarlen);
        l->len = tarlen;
        l->media_type = "application/vnd.oci.image.layer.v1.tar";
    }
    img_sha256_buf(l->blob, l->len, l->digest);
}

static FX_UNUSED void fx_layer_free(fx_layer *l)
{
    free(l->blob);
    l->blob = NULL;
}

/* An image config JSON for these layers. platform "os/arch[/variant]";
 * config_body is the inside of "config": {...} (may be ""); history is
 * the inside of "history": [...] (NULL: one entry per layer). */
static FX_UNUSED char *fx_config(const fx_layer *layers, size_t n, const char *os,
                                 const char *arch, const char *variant, const char *config_body,
                                 const char *history)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "{\"architecture\":\"%s\",\"os\":\"%s\",", arch, os);
    if (variant)
        mt_buf_printf(&b, "\"variant\":\"%s\",", variant);
    mt_buf_printf(&b, "\"config\":{%s},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[",
                  config_body ? config_body : "");
    for (size_t i = 0; i < n; i++)
        mt_buf_printf(&b, "%s\"%s\"", i ? "," : "", layers[i].diff_id);
    mt_buf_puts(&b, "]},\"history\":[");
    if (history) {
        mt_buf_puts(&b, history);
    } else {
        for (size_t i = 0; i < n; i++)
            mt_buf_printf(&b, "%s{\"created_by\":\"layer %zu\"}", i ? "," : "", i);
    }
    mt_buf_puts(&b, "]}");
    return mt_buf_steal(&b);
}

/* ---- file sets: a layout in memory ---- */

#define FX_MAX_FILES 128

typedef struct fx_files {
    size_t n;
    char *name[FX_MAX_FILES];
    char *data[FX_MAX_FILES];
    size_t len[FX_MAX_FILES];
    char *link[FX_MAX_FILES]; /* symlink target, or NULL */
} fx_files;

static FX_UNUSED void fx_add(fx_files *fs, const char *name, const void *data, size_t len)
{
    if (fs->n >= FX_MAX_FILES)
        abort();
    fs->name[fs->n] = mt_xstrdup(name);
    fs->data[fs->n] = mt_xmalloc(len + 1);
    if (len)
        memcpy(fs->data[fs->n], data, len);
    fs->len[fs->n] = len;
    fs->link[fs->n] = NULL;
    fs->n++;
}

static FX_UNUSED void fx_add_str(fx_files *fs, const char *name, const char *s)
{
    fx_add(fs, name, s, strlen(s));
}

static FX_UNUSED void fx_add_symlink(fx_files *fs, const char *name, const char *target)
{
    fx_add(fs, name, "", 0);
    fs->link[fs->n - 1] = mt_xstrdup(target);
}

/* Adds blobs/sha256/<digest>; writes the digest into digest (72 bytes). */
static FX_UNUSED void fx_add_blob(fx_files *fs, const void *data, size_t len, char *digest)
{
    char d[72], name[96];
    img_sha256_buf(data, len, d);
    snprintf(name, sizeof(name), "blobs/sha256/%s", d + 7);
    fx_add(fs, name, data, len);
    if (digest)
        memcpy(digest, d, 72);
}

static FX_UNUSED void fx_files_free(fx_files *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->name[i]);
        free(fs->data[i]);
        free(fs->link[i]);
    }
    fs->n = 0;
}

/* Adds layers, config and manifest of an OCI image; returns the manifest
 * digest and size. */
static FX_UNUSED void fx_add_oci_image(fx_files *fs, fx_layer *layers, size_t n,
                                       const char *config, char *mdigest, size_t *msize)
{
    char cdigest[72];
    fx_add_blob(fs, config, strlen(config), cdigest);
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b,
                  "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"config\":{\"mediaType\":\"%s\","
                  "\"digest\":\"%s\",\"size\":%zu},\"layers\":[",
                  IMG_MT_OCI_MANIFEST, IMG_MT_OCI_CONFIG, cdigest, strlen(config));
    for (size_t i = 0; i < n; i++) {
        fx_add_blob(fs, layers[i].blob, layers[i].len, NULL);
        mt_buf_printf(&b, "%s{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu}", i ? "," : "",
                      layers[i].media_type, layers[i].digest, layers[i].len);
    }
    mt_buf_puts(&b, "]}");
    fx_add_blob(fs, b.data, b.len, mdigest);
    if (msize)
        *msize = b.len;
    mt_buf_free(&b);
}

static FX_UNUSED void fx_add_oci_layout(fx_files *fs, const char *index_json)
{
    fx_add_str(fs, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
    fx_add_str(fs, "index.json", index_json);
}

/* index.json with one manifest entry, tagged when tag is not NULL. */
static FX_UNUSED char *fx_index1(const char *mdigest, size_t msize, const char *tag)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b,
                  "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"%s\",\"digest\":\"%s\","
                  "\"size\":%zu",
                  IMG_MT_OCI_MANIFEST, mdigest, msize);
    if (tag)
        mt_buf_printf(&b, ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"%s\"}", tag);
    mt_buf_puts(&b, "}]}");
    return mt_buf_steal(&b);
}

static FX_UNUSED void fx_mkdirs(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof(tmp), "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
                fx_die("mkdir");
            *p = '/';
        }
    }
    if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
        fx_die("mkdir");
}

static FX_UNUSED void fx_write(const char *path, const void *data, size_t len)
{
    char dir[1024];
    mt_dirname(path, dir, sizeof(dir));
    fx_mkdirs(dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fx_die(path);
    if (len && write(fd, data, len) != (ssize_t)len)
        fx_die("write");
    close(fd);
}

static FX_UNUSED void fx_files_to_dir(const fx_files *fs, const char *dir)
{
    fx_mkdirs(dir);
    for (size_t i = 0; i < fs->n; i++) {
        char p[1024];
        snprintf(p, sizeof(p), "%s/%s", dir, fs->name[i]);
        if (fs->link[i]) {
            char d[1024];
            mt_dirname(p, d, sizeof(d));
            fx_mkdirs(d);
            if (symlink(fs->link[i], p) < 0)
                fx_die("symlink");
        } else {
            fx_write(p, fs->data[i], fs->len[i]);
        }
    }
}

/* Packs the set into an uncompressed tar; prefix (e.g. "./") is put before
 * every name. */
static FX_UNUSED void fx_files_to_tar(const fx_files *fs, const char *path, const char *prefix)
{
    fx_tar t;
    fx_tar_begin(&t);
    for (size_t i = 0; i < fs->n; i++) {
        char name[1024];
        snprintf(name, sizeof(name), "%s%s", prefix ? prefix : "", fs->name[i]);
        if (fs->link[i])
            fx_tar_symlink(&t, name, fs->link[i]);
        else
            fx_tar_entry(&t, name, AE_IFREG, 0644, fs->data[i], fs->len[i], NULL);
    }
    size_t len;
    char *tar = fx_tar_end(&t, &len);
    fx_write(path, tar, len);
    free(tar);
}

/* ---- temporary directories ---- */

static FX_UNUSED char *fx_tmpdir(void)
{
    char tmpl[] = "/tmp/moat-img-test-XXXXXX";
    if (!mkdtemp(tmpl))
        fx_die("mkdtemp");
    return mt_xstrdup(tmpl);
}

static FX_UNUSED void fx_rmrf(const char *dir)
{
    if (!dir || strncmp(dir, "/tmp/moat-img-test-", 19) != 0)
        return;
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fixture: could not remove %s\n", dir);
}

/* ---- collecting entries ---- */

typedef struct fx_seen {
    size_t n;
    char type[256];
    char *path[256];
    char *link[256];
    char *content[256]; /* read when want_content */
    bool want_content;
    size_t max_read;
    bool truncated[256];
    uint32_t mode[256];
    int64_t size[256];
} fx_seen;

static FX_UNUSED int fx_collect(void *ud, img_walk *w, const img_entry *e)
{
    fx_seen *s = ud;
    if (s->n >= 256)
        return 0;
    size_t i = s->n++;
    s->type[i] = (char)e->type;
    s->path[i] = mt_xstrdup(e->path);
    s->link[i] = e->link ? mt_xstrdup(e->link) : NULL;
    s->mode[i] = e->mode;
    s->size[i] = e->size;
    s->content[i] = NULL;
    if (s->want_content && e->type == IMG_REG) {
        char *data;
        size_t len;
        bool tr;
        if (img_walk_read(w, s->max_read ? s->max_read : 1 << 20, &data, &len, &tr) == 0) {
            s->content[i] = data;
            s->truncated[i] = tr;
        }
    }
    return 0;
}

/* Index of path in what was seen, or -1. */
static FX_UNUSED int fx_find(const fx_seen *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!strcmp(s->path[i], path))
            return (int)i;
    }
    return -1;
}

static FX_UNUSED void fx_seen_free(fx_seen *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->path[i]);
        free(s->link[i]);
        free(s->content[i]);
    }
    s->n = 0;
}

#endif
