/* test_img_layer.c — unit tests of layer streaming (img_walk_blob*): gzip
 * (ISA-L and zlib, multi-member), zstd and plain layers built here with
 * real digests; entry types, path normalisation, whiteouts and opaque
 * directories, hardlinks and symlinks, content reads; digest and diff ID
 * mismatches; a decompression bomb; ".." paths; bounds; damaged input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../image/img_fixture.h"

/* A tar with one of every kind of entry. */
static char *rich_tar(size_t *len)
{
    fx_tar t;
    fx_tar_begin(&t);
    fx_tar_dir(&t, "./");
    fx_tar_dir(&t, "./etc/");
    fx_tar_file(&t, "./etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    fx_tar_entry(&t, "/usr/bin/su", AE_IFREG, 04755, "ELF", 3, NULL);
    fx_tar_symlink(&t, "etc/localtime", "/usr/share/zoneinfo/UTC");
    fx_tar_hardlink(&t, "usr/bin/su2", "./usr/bin/su");
    fx_tar_file(&t, "var/.wh.cache", "");
    fx_tar_file(&t, "opt/app/.wh..wh..opq", "");
    fx_tar_file(&t, ".wh..wh.plnk", "");
    fx_tar_entry(&t, "dev/null", AE_IFCHR, 0666, NULL, 0, NULL);
    fx_tar_file(&t, "a//b/./c", "x");
    return fx_tar_end(&t, len);
}

static void check_rich(const fx_seen *s)
{
    int i;
    assert_int_equal(fx_find(s, ""), -1);
    i = fx_find(s, "etc");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_DIR);
    i = fx_find(s, "etc/passwd");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_REG);
    assert_int_equal(s->size[i], 30);
    if (s->want_content)
        assert_string_equal(s->content[i], "root:x:0:0:root:/root:/bin/sh\n");
    i = fx_find(s, "usr/bin/su");
    assert_true(i >= 0);
    assert_int_equal(s->mode[i], 04755);
    i = fx_find(s, "etc/localtime");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_SYMLINK);
    assert_string_equal(s->link[i], "/usr/share/zoneinfo/UTC");
    i = fx_find(s, "usr/bin/su2");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_HARDLINK);
    assert_string_equal(s->link[i], "usr/bin/su");
    i = fx_find(s, "var/cache");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_WHITEOUT);
    i = fx_find(s, "opt/app");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_OPAQUE);
    assert_int_equal(fx_find(s, ".wh..wh.plnk"), -1);
    i = fx_find(s, "dev/null");
    assert_true(i >= 0);
    assert_int_equal(s->type[i], IMG_OTHER);
    assert_true(fx_find(s, "a/b/c") >= 0);
}

static void walk_ok(const fx_layer *l, bool zlib, fx_seen *s, img_walk_stats *st)
{
    img_blob_opts o = {0};
    o.digest = l->digest;
    o.diff_id = l->diff_id;
    o.use_zlib = zlib;
    o.what = "test layer";
    char err[1024] = "";
    int rc = img_walk_blob_memory(l->blob, l->len, &o, fx_collect, s, st, err, sizeof(err));
    if (rc != 0)
        fail_msg("walk failed: %s", err);
}

static void test_compressions(void **state)
{
    (void)state;
    size_t len;
    char *tar = rich_tar(&len);
    const char comps[] = {'n', 'g', 'z'};
    for (size_t k = 0; k < sizeof(comps); k++) {
        for (int zlib = 0; zlib < 2; zlib++) {
            fx_layer l;
            fx_layer_make(&l, tar, len, comps[k]);
            fx_seen s = {0};
            s.want_content = true;
            img_walk_stats st;
            walk_ok(&l, zlib, &s, &st);
            check_rich(&s);
            assert_int_equal(st.skipped, 2); /* "./" and .wh..wh.plnk */
            assert_int_equal(st.tar_bytes, len);
            assert_int_equal(st.blob_bytes, l.len);
            fx_seen_free(&s);
            fx_layer_free(&l);
        }
    }
    free(tar);
}

/* Two gzip members back to back (pigz --independent, appended layers). */
static void test_gzip_multi_member(void **state)
{
    (void)state;
    size_t len;
    char *tar = rich_tar(&len);
    size_t half = len / 2 + 100;
    size_t l1, l2;
    char *g1 = fx_gzip(tar, half, &l1);
    char *g2 = fx_gzip(tar + half, len - half, &l2);
    fx_layer l = {0};
    l.blob = mt_xmalloc(l1 + l2);
    memcpy(l.blob, g1, l1);
    memcpy(l.blob + l1, g2, l2);
    l.len = l1 + l2;
    img_sha256_buf(l.blob, l.len, l.digest);
    img_sha256_buf(tar, len, l.diff_id);
    for (int zlib = 0; zlib < 2; zlib++) {
        fx_seen s = {0};
        s.want_content = true;
        walk_ok(&l, zlib, &s, NULL);
        check_rich(&s);
        fx_seen_free(&s);
    }
    /* garbage after the last member is an error */
    char *bad = mt_xmalloc(l.len + 16);
    memcpy(bad, l.blob, l.len);
    memcpy(bad + l.len, "not gzip at all!", 16);
    for (int zlib = 0; zlib < 2; zlib++) {
        img_blob_opts o = {0};
        o.use_zlib = zlib;
        fx_seen s = {0};
        char err[1024] = "";
        assert_int_equal(img_walk_blob_memory(bad, l.len + 16, &o, fx_collect, &s, NULL, err,
                                              sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "gzip"));
        fx_seen_free(&s);
    }
    free(bad);
    free(g1);
    free(g2);
    fx_layer_free(&l);
    free(tar);
}

static void test_digest_mismatch(void **state)
{
    (void)state;
    size_t len;
    char *tar = fx_simple_tar("etc/hosts", "127.0.0.1 localhost\n", &len);
    fx_layer l;
    fx_layer_make(&l, tar, len, 'g');
    const char *wrong = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    img_blob_opts o = {0};
    o.digest = wrong;
    o.diff_id = l.diff_id;
    o.what = "img: layer 3 (sha256:0000)";
    fx_seen s = {0};
    char err[1024] = "";
    assert_int_equal(img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "img: layer 3"));
    assert_non_null(strstr(err, "blob digest mismatch"));
    assert_non_null(strstr(err, wrong));
    assert_non_null(strstr(err, l.digest));
    fx_seen_free(&s);

    /* the diff ID */
    o.digest = l.digest;
    o.diff_id = wrong;
    assert_int_equal(img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "diff ID mismatch"));
    assert_non_null(strstr(err, l.diff_id));
    assert_non_null(strstr(err, wrong));
    fx_seen_free(&s);

    /* a plain tar: blob digest and diff ID are the same thing */
    fx_layer p;
    fx_layer_make(&p, tar, len, 'n');
    assert_string_equal(p.digest, p.diff_id);
    o.digest = p.digest;
    o.diff_id = p.diff_id;
    assert_int_equal(img_walk_blob_memory(p.blob, p.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     0);
    fx_seen_free(&s);
    fx_layer_free(&p);
    fx_layer_free(&l);
    free(tar);
}

/* The digest covers the whole blob even when the callback reads nothing
 * and the tar ends long before the blob (padding after the archive). */
static void test_drain_covers_whole_blob(void **state)
{
    (void)state;
    size_t len;
    char *tar = fx_simple_tar("a", "b", &len);
    char *padded = mt_xcalloc(1, len + 100000);
    memcpy(padded, tar, len);
    fx_layer l;
    fx_layer_make(&l, padded, len + 100000, 'z');
    fx_seen s = {0};
    img_walk_stats st;
    walk_ok(&l, false, &s, &st);
    assert_int_equal(s.n, 1);
    assert_int_equal(st.tar_bytes, len + 100000);
    fx_seen_free(&s);
    fx_layer_free(&l);
    free(padded);
    free(tar);
}

/* 200 MiB of zeros gzip'ed is ~200 KB: the ratio bound trips. */
static void test_decompression_bomb(void **state)
{
    (void)state;
    /* header of a 200 MiB file, written by hand so nothing big is kept */
    char hdr[512];
    fx_ustar_header(hdr, "zeros", '0', 200ull << 20);
    size_t hlen = sizeof(hdr);
    z_stream z;
    memset(&z, 0, sizeof(z));
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
    mt_buf out;
    mt_buf_init(&out);
    static char zeros[1 << 20];
    char obuf[1 << 16];
    for (int i = -1; i <= 200; i++) {
        z.next_in = (Bytef *)(i < 0 ? hdr : zeros);
        z.avail_in = (uInt)(i < 0 ? hlen : i == 200 ? 1024 : sizeof(zeros));
        int flush = i == 200 ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = (Bytef *)obuf;
            z.avail_out = sizeof(obuf);
            deflate(&z, flush);
            mt_buf_put(&out, obuf, sizeof(obuf) - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    assert_true(out.len < (1u << 20));

    for (int zlib = 0; zlib < 2; zlib++) {
        img_blob_opts o = {0};
        o.use_zlib = zlib;
        o.what = "bomb.tar.gz";
        fx_seen s = {0};
        s.want_content = true;
        s.max_read = 1 << 30; /* the reading callback must not escape the bound */
        char err[1024] = "";
        img_walk_stats st;
        int rc = img_walk_blob_memory(out.data, out.len, &o, fx_collect, &s, &st, err,
                                      sizeof(err));
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, "decompression ratio"));
        assert_non_null(strstr(err, "bomb.tar.gz"));
        assert_non_null(strstr(err, "zeros"));
        assert_true(st.tar_bytes < (80ull << 20));
        fx_seen_free(&s);
    }
    /* with a laxer ratio it is read through */
    img_blob_opts o = {0};
    o.limits.max_ratio = 100000;
    fx_seen s = {0};
    char err[1024] = "";
    assert_int_equal(img_walk_blob_memory(out.data, out.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.size[0], 200ll << 20);
    fx_seen_free(&s);
    /* and the uncompressed size bound stops it too */
    o.limits.max_layer_size = 10 << 20;
    assert_int_equal(img_walk_blob_memory(out.data, out.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "larger than the limit"));
    fx_seen_free(&s);
    mt_buf_free(&out);
}

static void test_dotdot_skipped(void **state)
{
    (void)state;
    fx_tar t;
    fx_tar_begin(&t);
    fx_tar_file(&t, "../evil", "x");
    fx_tar_file(&t, "a/../../b", "x");
    fx_tar_file(&t, "/../../etc/shadow", "x");
    fx_tar_hardlink(&t, "c", "../outside");
    fx_tar_file(&t, "ok/..data", "fine");
    fx_tar_symlink(&t, "up", "../../..");
    size_t len;
    char *tar = fx_tar_end(&t, &len);
    fx_layer l;
    fx_layer_make(&l, tar, len, 'g');
    fx_seen s = {0};
    img_walk_stats st;
    walk_ok(&l, false, &s, &st);
    assert_int_equal(s.n, 2);
    assert_int_equal(st.skipped, 4);
    assert_true(fx_find(&s, "ok/..data") >= 0);
    int i = fx_find(&s, "up");
    assert_true(i >= 0);
    assert_string_equal(s.link[i], "../../..");
    fx_seen_free(&s);
    fx_layer_free(&l);
    free(tar);
}

static void test_path_norm(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(img_path_norm("./etc/passwd", out, sizeof(out)), 0);
    assert_string_equal(out, "etc/passwd");
    assert_int_equal(img_path_norm("/usr//bin/./x/", out, sizeof(out)), 0);
    assert_string_equal(out, "usr/bin/x");
    assert_int_equal(img_path_norm("./", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(img_path_norm("a/../b", out, sizeof(out)), 1);
    assert_int_equal(img_path_norm("..", out, sizeof(out)), 1);
    assert_int_equal(img_path_norm("...", out, sizeof(out)), 0);
    assert_string_equal(out, "...");
    assert_int_equal(img_path_norm("abcdefgh", out, 8), -1);
    assert_int_equal(img_path_norm("abcdefg", out, 8), 0);
}

static void test_bounds(void **state)
{
    (void)state;
    fx_tar t;
    fx_tar_begin(&t);
    for (int i = 0; i < 20; i++) {
        char p[32];
        snprintf(p, sizeof(p), "f%02d", i);
        fx_tar_file(&t, p, "x");
    }
    char longp[300];
    memset(longp, 'p', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = '\0';
    fx_tar_file(&t, longp, "x");
    size_t len;
    char *tar = fx_tar_end(&t, &len);
    fx_layer l;
    fx_layer_make(&l, tar, len, 'g');
    img_blob_opts o = {0};
    o.what = "L";
    o.limits.max_entries = 10;
    fx_seen s = {0};
    char err[1024] = "";
    assert_int_equal(
        img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "more than 10 entries"));
    fx_seen_free(&s);

    o.limits.max_entries = 0;
    o.limits.max_path = 100;
    assert_int_equal(
        img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "longer than the limit of 100"));
    assert_int_equal(s.n, 20);
    fx_seen_free(&s);

    o.limits.max_path = 0;
    o.limits.max_blob_size = 10;
    assert_int_equal(
        img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "larger than the limit"));
    fx_seen_free(&s);
    fx_layer_free(&l);
    free(tar);
}

static void test_damaged(void **state)
{
    (void)state;
    size_t len;
    char *tar = rich_tar(&len);
    fx_layer g, z;
    fx_layer_make(&g, tar, len, 'g');
    fx_layer_make(&z, tar, len, 'z');
    img_blob_opts o = {0};
    o.what = "D";
    char err[1024] = "";
    fx_seen s = {0};
    for (int zlib = 0; zlib < 2; zlib++) {
        o.use_zlib = zlib;
        assert_int_equal(img_walk_blob_memory(g.blob, g.len - 20, &o, fx_collect, &s, NULL, err,
                                              sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "gzip"));
        fx_seen_free(&s);
        /* a flipped byte in the deflate data */
        char *c = mt_xmalloc(g.len);
        memcpy(c, g.blob, g.len);
        c[g.len / 2] ^= 0x55;
        assert_int_equal(img_walk_blob_memory(c, g.len, &o, fx_collect, &s, NULL, err,
                                              sizeof(err)),
                         -1);
        fx_seen_free(&s);
        free(c);
    }
    assert_int_equal(img_walk_blob_memory(z.blob, z.len - 5, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "zstd"));
    fx_seen_free(&s);

    /* not a tar */
    const char junk[] = "this is not a tar archive, just some text that goes on for a while "
                        "and is long enough to fill a header block? no, it is not.";
    assert_int_equal(img_walk_blob_memory(junk, sizeof(junk), &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "D: "));
    fx_seen_free(&s);

    /* xz is recognised and refused */
    const char xz[] = "\xfd" "7zXZ\0\0\0\0\0\0";
    assert_int_equal(img_walk_blob_memory(xz, sizeof(xz), &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "xz"));
    fx_seen_free(&s);

    /* a tar cut in the middle of a file's data */
    fx_tar t;
    fx_tar_begin(&t);
    char big[3000];
    memset(big, 'q', sizeof(big));
    fx_tar_entry(&t, "big", AE_IFREG, 0644, big, sizeof(big), NULL);
    size_t blen;
    char *btar = fx_tar_end(&t, &blen);
    s.want_content = true;
    assert_int_equal(img_walk_blob_memory(btar, 512 + 1000, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "big"));
    fx_seen_free(&s);
    /* ... but one that ends right after the data (umoci writes those) is
     * complete, as for Go's archive/tar */
    s.want_content = false;
    assert_int_equal(img_walk_blob_memory(btar, 512 + 3000, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     0);
    assert_int_equal(s.n, 1);
    fx_seen_free(&s);
    assert_int_equal(img_walk_blob_memory(btar, 512 + 3072, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     0);
    fx_seen_free(&s);
    assert_int_equal(img_walk_blob_memory(btar, 512 + 3000 + 10, &o, fx_collect, &s, NULL, err,
                                          sizeof(err)),
                     -1);
    fx_seen_free(&s);
    free(btar);
    fx_layer_free(&g);
    fx_layer_free(&z);
    free(tar);
}

/* Gzip header details both decoders (ISA-L, zlib) must treat alike:
 * reserved flag bits, a header CRC, extra field, name and comment. */
static void test_gzip_header_variants(void **state)
{
    (void)state;
    size_t len, glen;
    char *tar = fx_simple_tar("f", "gzip header", &len);
    char *g = fx_gzip(tar, len, &glen);
    /* raw deflate data: after the 10-byte header, before the 8-byte trailer */
    const char *deflate = g + 10;
    size_t dlen = glen - 18;
    const char *trailer = g + glen - 8;
    for (int variant = 0; variant < 4; variant++) {
        mt_buf b;
        mt_buf_init(&b);
        unsigned char hdr[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        bool ok = true;
        if (variant == 0) {
            hdr[3] = 0x80; /* reserved bit */
            ok = false;
        } else {
            hdr[3] = 0x02 | 0x04 | 0x08 | 0x10; /* FHCRC FEXTRA FNAME FCOMMENT */
        }
        mt_buf_put(&b, (const char *)hdr, 10);
        if (variant > 0) {
            mt_buf_put(&b, "\x04\x00" "ab" "\x00\x00", 6); /* XLEN 4: subfield "ab", empty */
            mt_buf_put(&b, "name\0", 5);
            mt_buf_put(&b, "comment\0", 8);
            uint32_t crc = (uint32_t)crc32(0, (const Bytef *)b.data, (uInt)b.len);
            if (variant == 2)
                crc ^= 1; /* a wrong header CRC */
            char c2[2] = {(char)(crc & 0xff), (char)((crc >> 8) & 0xff)};
            mt_buf_put(&b, c2, 2);
            ok = variant != 2;
        }
        mt_buf_put(&b, deflate, dlen);
        mt_buf_put(&b, trailer, 8);
        if (variant == 3) {
            b.data[b.len - 1] ^= 1; /* ISIZE */
            ok = false;
        }
        for (int zlib = 0; zlib < 2; zlib++) {
            img_blob_opts o = {0};
            o.use_zlib = zlib;
            fx_seen s = {0};
            char err[512] = "";
            int rc = img_walk_blob_memory(b.data, b.len, &o, fx_collect, &s, NULL, err,
                                          sizeof(err));
            if (rc != (ok ? 0 : -1))
                fail_msg("variant %d zlib %d: rc %d (%s)", variant, zlib, rc, err);
            fx_seen_free(&s);
        }
        mt_buf_free(&b);
    }
    free(g);
    free(tar);
}

static void test_empty_layers(void **state)
{
    (void)state;
    img_blob_opts o = {0};
    char err[1024] = "";
    fx_seen s = {0};
    char d[72];
    img_sha256_buf("", 0, d);
    o.digest = d;
    o.diff_id = d;
    assert_int_equal(img_walk_blob_memory(NULL, 0, &o, fx_collect, &s, NULL, err, sizeof(err)), 0);
    assert_int_equal(s.n, 0);
    /* an empty tar (1 KiB of zeros), gzip'ed as registries know it */
    char zeros[1024] = {0};
    fx_layer l;
    fx_layer_make(&l, zeros, sizeof(zeros), 'g');
    o.digest = l.digest;
    o.diff_id = l.diff_id;
    assert_int_equal(
        img_walk_blob_memory(l.blob, l.len, &o, fx_collect, &s, NULL, err, sizeof(err)), 0);
    assert_int_equal(s.n, 0);
    fx_layer_free(&l);
}

static int stop_at_second(void *ud, img_walk *w, const img_entry *e)
{
    (void)w;
    (void)e;
    return ++*(int *)ud == 2 ? 42 : 0;
}

typedef struct read_probe {
    int reads_ok, second_read_failed, dir_read_failed;
    char *content;
    bool truncated;
} read_probe;

static int probe_reads(void *ud, img_walk *w, const img_entry *e)
{
    read_probe *p = ud;
    char *data;
    size_t len;
    bool tr;
    if (e->type == IMG_DIR) {
        p->dir_read_failed += img_walk_read(w, 100, &data, &len, &tr) < 0;
        return 0;
    }
    if (e->type != IMG_REG)
        return 0;
    if (img_walk_read(w, 5, &data, &len, &tr) == 0) {
        p->reads_ok++;
        if (!strcmp(e->path, "etc/passwd")) {
            p->content = data;
            p->truncated = tr;
            assert_int_equal(len, 5);
        } else {
            free(data);
        }
    }
    p->second_read_failed += img_walk_read(w, 5, &data, &len, &tr) < 0;
    return 0;
}

static void test_callback_and_reads(void **state)
{
    (void)state;
    size_t len;
    char *tar = rich_tar(&len);
    fx_layer l;
    fx_layer_make(&l, tar, len, 'g');
    img_blob_opts o = {0};
    char err[256] = "";
    int count = 0;
    assert_int_equal(img_walk_blob_memory(l.blob, l.len, &o, stop_at_second, &count, NULL, err,
                                          sizeof(err)),
                     42);
    read_probe p = {0};
    o.digest = l.digest;
    o.diff_id = l.diff_id;
    assert_int_equal(
        img_walk_blob_memory(l.blob, l.len, &o, probe_reads, &p, NULL, err, sizeof(err)), 0);
    assert_int_equal(p.reads_ok, 3); /* etc/passwd, usr/bin/su, a/b/c */
    assert_string_equal(p.content, "root:");
    assert_true(p.truncated);
    assert_int_equal(p.second_read_failed, p.reads_ok);
    assert_true(p.dir_read_failed >= 1);
    free(p.content);
    fx_layer_free(&l);
    free(tar);
}

/* img_walk_stream: the same bytes img_walk_read gives, in order; once per
 * entry (a read after it fails); a callback can stop it early. */
typedef struct stream_probe {
    mt_buf got;      /* streamed content of etc/passwd */
    char *whole;     /* read whole, in a second walk */
    int after_fail, stops;
} stream_probe;

static int collect(void *ud, const char *data, size_t len)
{
    mt_buf_put(ud, data, len);
    return 0;
}

static int stop_now(void *ud, const char *data, size_t len)
{
    (void)data;
    (void)len;
    ++*(int *)ud;
    return 1;
}

static int probe_stream(void *ud, img_walk *w, const img_entry *e)
{
    stream_probe *p = ud;
    char *data;
    size_t len;
    bool tr;
    if (e->type != IMG_REG)
        return 0;
    if (!strcmp(e->path, "etc/passwd"))
        assert_int_equal(img_walk_stream(w, collect, &p->got), 0);
    else
        assert_int_equal(img_walk_stream(w, stop_now, &p->stops), 0);
    p->after_fail += img_walk_read(w, 5, &data, &len, &tr) < 0;
    return 0;
}

static int probe_whole(void *ud, img_walk *w, const img_entry *e)
{
    stream_probe *p = ud;
    size_t len;
    bool tr;
    if (e->type == IMG_REG && !strcmp(e->path, "etc/passwd"))
        assert_int_equal(img_walk_read(w, 1 << 20, &p->whole, &len, &tr), 0);
    return 0;
}

static void test_stream(void **state)
{
    (void)state;
    size_t len;
    char *tar = rich_tar(&len);
    fx_layer l;
    fx_layer_make(&l, tar, len, 'g');
    img_blob_opts o = {.digest = l.digest, .diff_id = l.diff_id};
    char err[256] = "";
    stream_probe p = {0};
    mt_buf_init(&p.got);
    assert_int_equal(img_walk_blob_memory(l.blob, l.len, &o, probe_stream, &p, NULL, err, sizeof(err)), 0);
    assert_int_equal(img_walk_blob_memory(l.blob, l.len, &o, probe_whole, &p, NULL, err, sizeof(err)), 0);
    assert_non_null(p.whole);
    assert_true(p.got.len > 5);
    assert_string_equal(p.got.data, p.whole);
    assert_int_equal(p.after_fail, 3); /* every regular file */
    assert_int_equal(p.stops, 2);      /* usr/bin/su and a/b/c stopped at their first piece */
    free(p.whole);
    mt_buf_free(&p.got);
    fx_layer_free(&l);
    free(tar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compressions),
        cmocka_unit_test(test_gzip_multi_member),
        cmocka_unit_test(test_digest_mismatch),
        cmocka_unit_test(test_drain_covers_whole_blob),
        cmocka_unit_test(test_decompression_bomb),
        cmocka_unit_test(test_dotdot_skipped),
        cmocka_unit_test(test_path_norm),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_gzip_header_variants),
        cmocka_unit_test(test_empty_layers),
        cmocka_unit_test(test_callback_and_reads),
        cmocka_unit_test(test_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
