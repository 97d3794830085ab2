/* test_img_source.c — unit tests of img_open / img_walk_layer on image
 * sources built here: OCI layout directories (tags, nested multi-platform
 * indexes), oci-archive, docker-archive (legacy and Docker 25+ OCI-based),
 * bare path detection, dir: root filesystems, concurrent layer walks, and
 * the errors of broken images (digests, diff IDs, missing blobs,
 * compressed archives). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>

#include "../image/img_fixture.h"

typedef struct env {
    char *dir;
    fx_layer layers[3];
    char mdigest[72];
    size_t msize;
    char *config;
} env;

static const char *CONFIG_BODY =
    "\"User\":\"app\",\"Env\":[\"PATH=/usr/bin\",\"SECRET=1\"],"
    "\"ExposedPorts\":{\"22/tcp\":{},\"80/tcp\":{}},"
    "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]},"
    "\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":null,"
    "\"Labels\":{\"maintainer\":\"me\"}";

static const char *HISTORY =
    "{\"created_by\":\"ADD base\",\"created\":\"2024-01-01T00:00:00Z\"},"
    "{\"created_by\":\"ENV x\",\"empty_layer\":true},"
    "{\"created_by\":\"RUN zstd\"},"
    "{\"created_by\":\"RUN plain\"}";

/* Three layers: gzip (base with a file and a symlink), zstd (a whiteout
 * and an opaque dir), plain (a hardlink). */
static void make_layers(env *e)
{
    fx_tar t;
    size_t len;
    char *tar;
    fx_tar_begin(&t);
    fx_tar_dir(&t, "etc");
    fx_tar_file(&t, "etc/os-release", "ID=test\n");
    fx_tar_file(&t, "var/lib/dpkg/status", "Package: base\n");
    fx_tar_symlink(&t, "bin", "usr/bin");
    tar = fx_tar_end(&t, &len);
    fx_layer_make(&e->layers[0], tar, len, 'g');
    free(tar);

    fx_tar_begin(&t);
    fx_tar_file(&t, "etc/.wh.os-release", "");
    fx_tar_file(&t, "opt/.wh..wh..opq", "");
    tar = fx_tar_end(&t, &len);
    fx_layer_make(&e->layers[1], tar, len, 'z');
    free(tar);

    fx_tar_begin(&t);
    fx_tar_file(&t, "usr/bin/tool", "#!/bin/sh\n");
    fx_tar_hardlink(&t, "usr/bin/tool2", "usr/bin/tool");
    tar = fx_tar_end(&t, &len);
    fx_layer_make(&e->layers[2], tar, len, 'n');
    free(tar);
}

static int setup(void **state)
{
    env *e = mt_xcalloc(1, sizeof(*e));
    e->dir = fx_tmpdir();
    make_layers(e);
    e->config = fx_config(e->layers, 3, "linux", "amd64", NULL, CONFIG_BODY, HISTORY);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env *e = *state;
    fx_rmrf(e->dir);
    free(e->dir);
    for (int i = 0; i < 3; i++)
        fx_layer_free(&e->layers[i]);
    free(e->config);
    free(e);
    return 0;
}

static char *path_in(env *e, const char *name)
{
    size_t n = strlen(e->dir) + strlen(name) + 2;
    char *p = mt_xmalloc(n);
    snprintf(p, n, "%s/%s", e->dir, name);
    return p;
}

/* The standard single-image layout as a file set. */
static void std_files(env *e, fx_files *fs, const char *tag)
{
    memset(fs, 0, sizeof(*fs));
    fx_add_oci_image(fs, e->layers, 3, e->config, e->mdigest, &e->msize);
    char *idx = fx_index1(e->mdigest, e->msize, tag);
    fx_add_oci_layout(fs, idx);
    free(idx);
}

static img_image *open_ok(const char *target, const char *platform)
{
    img_open_opts o = {0};
    o.platform = platform;
    img_image *im = NULL;
    char err[1024] = "";
    if (img_open(target, &o, &im, err, sizeof(err)) != 0)
        fail_msg("img_open(%s) failed: %s", target, err);
    return im;
}

static void open_fails(const char *target, const char *platform, const char *needle)
{
    img_open_opts o = {0};
    o.platform = platform;
    img_image *im = NULL;
    char err[1024] = "";
    int rc = img_open(target, &o, &im, err, sizeof(err));
    if (rc == 0) {
        img_close(im);
        fail_msg("img_open(%s) succeeded, expected '%s'", target, needle);
    }
    assert_null(im);
    if (!strstr(err, needle))
        fail_msg("img_open(%s): '%s' does not mention '%s'", target, err, needle);
}

/* Walks every layer; checks the standard layers' entries. */
static void check_std_walk(img_image *im)
{
    assert_int_equal(im->nlayers, 3);
    fx_seen s[3];
    for (size_t i = 0; i < 3; i++) {
        memset(&s[i], 0, sizeof(s[i]));
        s[i].want_content = true;
        char err[1024] = "";
        if (img_walk_layer(im, i, fx_collect, &s[i], err, sizeof(err)) != 0)
            fail_msg("walk %zu: %s", i, err);
    }
    int k = fx_find(&s[0], "var/lib/dpkg/status");
    assert_true(k >= 0);
    assert_string_equal(s[0].content[k], "Package: base\n");
    k = fx_find(&s[0], "bin");
    assert_true(k >= 0);
    assert_int_equal(s[0].type[k], IMG_SYMLINK);
    k = fx_find(&s[1], "etc/os-release");
    assert_true(k >= 0);
    assert_int_equal(s[1].type[k], IMG_WHITEOUT);
    k = fx_find(&s[1], "opt");
    assert_true(k >= 0);
    assert_int_equal(s[1].type[k], IMG_OPAQUE);
    k = fx_find(&s[2], "usr/bin/tool2");
    assert_true(k >= 0);
    assert_int_equal(s[2].type[k], IMG_HARDLINK);
    assert_string_equal(s[2].link[k], "usr/bin/tool");
    for (size_t i = 0; i < 3; i++)
        fx_seen_free(&s[i]);
}

static void check_std_config(img_image *im)
{
    const img_config *c = &im->config;
    assert_string_equal(c->os, "linux");
    assert_string_equal(c->arch, "amd64");
    assert_string_equal(c->user, "app");
    assert_int_equal(c->nenv, 2);
    assert_string_equal(c->env[1], "SECRET=1");
    assert_int_equal(c->nexposed, 2);
    assert_true(c->has_healthcheck);
    assert_string_equal(c->entrypoint[0], "/bin/sh");
    assert_string_equal(c->entrypoint[1], "-c");
    assert_null(c->entrypoint[2]);
    assert_null(c->cmd);
    assert_int_equal(c->nlabels, 1);
    assert_string_equal(c->labels[0], "maintainer=me");
    assert_int_equal(c->nhistory, 4);
    assert_true(c->history[1].empty_layer);
    assert_int_equal(c->ndiff_ids, 3);
    assert_string_equal(im->layers[0].created_by, "ADD base");
    assert_string_equal(im->layers[1].created_by, "RUN zstd");
    assert_string_equal(im->layers[2].created_by, "RUN plain");
}

static void test_oci_dir(void **state)
{
    env *e = *state;
    fx_files fs;
    std_files(e, &fs, "v1");
    char *lay = path_in(e, "oci");
    fx_files_to_dir(&fs, lay);
    char target[1200];
    snprintf(target, sizeof(target), "oci:%s:v1", lay);
    img_image *im = open_ok(target, NULL);
    assert_string_equal(im->kind, "oci");
    assert_string_equal(im->manifest_digest, e->mdigest);
    assert_non_null(im->config_digest);
    assert_int_equal(im->ntags, 1);
    assert_string_equal(im->tags[0], "v1");
    for (int i = 0; i < 3; i++) {
        assert_string_equal(im->layers[i].digest, e->layers[i].digest);
        assert_string_equal(im->layers[i].diff_id, e->layers[i].diff_id);
        assert_string_equal(im->layers[i].media_type, e->layers[i].media_type);
        assert_int_equal(im->layers[i].size, (int64_t)e->layers[i].len);
    }
    check_std_config(im);
    check_std_walk(im);
    char err[256];
    assert_int_equal(img_walk_layer(im, 3, fx_collect, NULL, err, sizeof(err)), -1);
    img_close(im);

    /* untagged: the only image; bare path detection */
    snprintf(target, sizeof(target), "oci:%s", lay);
    im = open_ok(target, NULL);
    img_close(im);
    im = open_ok(lay, NULL);
    assert_string_equal(im->kind, "oci");
    img_close(im);

    snprintf(target, sizeof(target), "oci:%s:nope", lay);
    open_fails(target, NULL, "no image tagged 'nope' (tags: v1)");
    /* an explicit platform the image is not for */
    snprintf(target, sizeof(target), "oci:%s", lay);
    open_fails(target, "linux/arm64", "not linux/arm64");
    open_fails(target, "linux", "invalid platform");
    fx_files_free(&fs);
    free(lay);
}

typedef struct par_job {
    img_image *im;
    size_t layer;
    int rc;
    char err[512];
    fx_seen seen;
} par_job;

static void *par_walk(void *arg)
{
    par_job *j = arg;
    j->seen.want_content = true;
    for (int round = 0; round < 5 && j->rc == 0; round++) {
        fx_seen_free(&j->seen);
        j->rc = img_walk_layer(j->im, j->layer, fx_collect, &j->seen, j->err, sizeof(j->err));
    }
    return NULL;
}

static void walk_parallel(img_image *im)
{
    par_job jobs[6];
    pthread_t th[6];
    memset(jobs, 0, sizeof(jobs));
    for (size_t i = 0; i < 6; i++) {
        jobs[i].im = im;
        jobs[i].layer = i % im->nlayers;
        assert_int_equal(pthread_create(&th[i], NULL, par_walk, &jobs[i]), 0);
    }
    for (size_t i = 0; i < 6; i++) {
        pthread_join(th[i], NULL);
        if (jobs[i].rc != 0)
            fail_msg("parallel walk %zu: %s", i, jobs[i].err);
        assert_true(jobs[i].seen.n > 0);
        fx_seen_free(&jobs[i].seen);
    }
}

static void test_oci_archive(void **state)
{
    env *e = *state;
    fx_files fs;
    std_files(e, &fs, "latest");
    char *tar = path_in(e, "img.tar");
    fx_files_to_tar(&fs, tar, "./");
    char target[1200];
    snprintf(target, sizeof(target), "oci-archive:%s:latest", tar);
    img_image *im = open_ok(target, NULL);
    assert_string_equal(im->kind, "oci-archive");
    assert_string_equal(im->manifest_digest, e->mdigest);
    check_std_config(im);
    check_std_walk(im);
    walk_parallel(im);
    img_close(im);
    im = open_ok(tar, NULL);
    assert_string_equal(im->kind, "oci-archive");
    walk_parallel(im);
    img_close(im);
    fx_files_free(&fs);

    /* a gzip'ed archive is refused with a clear message */
    size_t len = 0;
    char *raw;
    const char *why;
    assert_int_equal(mt_read_file(tar, 1 << 26, &raw, &len, &why), 0);
    size_t glen;
    char *gz = fx_gzip(raw, len, &glen);
    char *tgz = path_in(e, "img.tar.gz");
    fx_write(tgz, gz, glen);
    snprintf(target, sizeof(target), "oci-archive:%s", tgz);
    open_fails(target, NULL, "gzip-compressed");
    open_fails(tgz, NULL, "gzip-compressed");
    free(raw);
    free(gz);
    free(tgz);
    free(tar);
}

/* A multi-platform image: index.json -> image index -> amd64, arm64/v8,
 * arm/v7 and an attestation manifest. */
static void test_multi_platform(void **state)
{
    env *e = *state;
    fx_files fs = {0};
    const char *plats[3][3] = {{"linux", "amd64", NULL}, {"linux", "arm64", "v8"},
                               {"linux", "arm", "v7"}};
    char md[4][72];
    size_t ms[4];
    char *cfgs[3];
    for (int i = 0; i < 3; i++) {
        char body[64];
        snprintf(body, sizeof(body), "\"User\":\"u%d\"", i);
        cfgs[i] = fx_config(e->layers, 1, plats[i][0], plats[i][1], plats[i][2], body, NULL);
        fx_add_oci_image(&fs, e->layers, 1, cfgs[i], md[i], &ms[i]);
    }
    /* attestation-like manifest: platform unknown/unknown */
    char *acfg = fx_config(e->layers, 1, "unknown", "unknown", NULL, "", NULL);
    fx_add_oci_image(&fs, e->layers, 1, acfg, md[3], &ms[3]);
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[",
                  IMG_MT_OCI_INDEX);
    for (int i = 0; i < 4; i++) {
        const char *os = i < 3 ? plats[i][0] : "unknown";
        const char *arch = i < 3 ? plats[i][1] : "unknown";
        const char *var = i < 3 ? plats[i][2] : NULL;
        mt_buf_printf(&b,
                      "%s{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu,"
                      "\"platform\":{\"os\":\"%s\",\"architecture\":\"%s\"%s%s%s}}",
                      i ? "," : "", IMG_MT_OCI_MANIFEST, md[i], ms[i], os, arch,
                      var ? ",\"variant\":\"" : "", var ? var : "", var ? "\"" : "");
    }
    mt_buf_puts(&b, "]}");
    char idig[72];
    fx_add_blob(&fs, b.data, b.len, idig);
    char top[512];
    snprintf(top, sizeof(top),
             "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"%s\",\"digest\":\"%s\","
             "\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}",
             IMG_MT_OCI_INDEX, idig, b.len);
    fx_add_oci_layout(&fs, top);
    mt_buf_free(&b);
    char *lay = path_in(e, "multi");
    fx_files_to_dir(&fs, lay);
    char *tar = path_in(e, "multi.tar");
    fx_files_to_tar(&fs, tar, NULL);

    char target[1200];
    for (int form = 0; form < 2; form++) {
        snprintf(target, sizeof(target), "%s:%s:multi", form ? "oci-archive" : "oci",
                 form ? tar : lay);
        img_image *im = open_ok(target, NULL);
        assert_string_equal(im->config.arch, "amd64");
        assert_string_equal(im->config.user, "u0");
        assert_string_equal(im->manifest_digest, md[0]);
        assert_string_equal(im->tags[0], "multi");
        img_close(im);
        const char *arm64[] = {"linux/arm64", "linux/arm64/v8", "linux/aarch64"};
        for (size_t k = 0; k < MT_ARRAY_LEN(arm64); k++) {
            im = open_ok(target, arm64[k]);
            assert_string_equal(im->config.arch, "arm64");
            assert_string_equal(im->config.user, "u1");
            assert_string_equal(im->manifest_digest, md[1]);
            char err[512];
            fx_seen s = {0};
            assert_int_equal(img_walk_layer(im, 0, fx_collect, &s, err, sizeof(err)), 0);
            fx_seen_free(&s);
            img_close(im);
        }
        im = open_ok(target, "linux/arm");
        assert_string_equal(im->config.user, "u2");
        img_close(im);
        open_fails(target, "linux/arm/v6", "no image for platform linux/arm/v6");
        open_fails(target, "linux/s390x",
                   "available: linux/amd64, linux/arm64/v8, linux/arm/v7, unknown/unknown");
    }
    for (int i = 0; i < 3; i++)
        free(cfgs[i]);
    free(acfg);
    fx_files_free(&fs);
    free(lay);
    free(tar);
}

/* Two tags in one layout. */
static void test_tags(void **state)
{
    env *e = *state;
    fx_files fs = {0};
    char m1[72], m2[72];
    size_t s1, s2;
    char *c2 = fx_config(e->layers, 1, "linux", "amd64", NULL, "\"User\":\"two\"", NULL);
    fx_add_oci_image(&fs, e->layers, 3, e->config, m1, &s1);
    fx_add_oci_image(&fs, e->layers, 1, c2, m2, &s2);
    char idx[1024];
    snprintf(idx, sizeof(idx),
             "{\"schemaVersion\":2,\"manifests\":["
             "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu,"
             "\"annotations\":{\"org.opencontainers.image.ref.name\":\"one\"}},"
             "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu,"
             "\"annotations\":{\"org.opencontainers.image.ref.name\":\"two\"}},"
             "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%zu,"
             "\"annotations\":{\"org.opencontainers.image.ref.name\":\"uno\"}}]}",
             IMG_MT_OCI_MANIFEST, m1, s1, IMG_MT_OCI_MANIFEST, m2, s2, IMG_MT_OCI_MANIFEST, m1,
             s1);
    fx_add_oci_layout(&fs, idx);
    char *lay = path_in(e, "tags");
    fx_files_to_dir(&fs, lay);
    char target[1200];
    snprintf(target, sizeof(target), "oci:%s:two", lay);
    img_image *im = open_ok(target, NULL);
    assert_string_equal(im->config.user, "two");
    assert_int_equal(im->nlayers, 1);
    img_close(im);
    snprintf(target, sizeof(target), "oci:%s:one", lay);
    im = open_ok(target, NULL);
    assert_int_equal(im->ntags, 2); /* one and uno name the same manifest */
    img_close(im);
    snprintf(target, sizeof(target), "oci:%s", lay);
    open_fails(target, NULL, "name one with :TAG (tags: one, two, uno)");
    free(c2);
    fx_files_free(&fs);
    free(lay);
}

/* docker save, legacy layout: <id>/layer.tar, <config-hex>.json, a layer
 * shared through a symlink, RepoTags. */
static void test_docker_legacy(void **state)
{
    env *e = *state;
    fx_files fs = {0};
    /* legacy layers are plain tars; reuse the uncompressed content */
    fx_layer plain[3];
    const char *ids[3] = {"aaaa", "bbbb", "cccc"};
    mt_buf mj;
    mt_buf_init(&mj);
    char cdig[72];
    img_sha256_buf(e->config, strlen(e->config), cdig);
    char cname[96];
    snprintf(cname, sizeof(cname), "%s.json", cdig + 7);
    fx_add_str(&fs, cname, e->config);
    mt_buf_printf(&mj, "[{\"Config\":\"%s\",\"RepoTags\":[\"example/app:1.0\"],\"Layers\":[",
                  cname);
    for (int i = 0; i < 3; i++) {
        plain[i] = e->layers[i];
        char name[64];
        snprintf(name, sizeof(name), "%s/layer.tar", ids[i]);
        mt_buf_printf(&mj, "%s\"%s\"", i ? "," : "", name);
    }
    mt_buf_puts(&mj, "]}]");
    fx_add_str(&fs, "manifest.json", mj.data);
    fx_add_str(&fs, "repositories", "{\"example/app\":{\"1.0\":\"x\"}}");
    /* layer 0: the gzip blob as stored (docker accepts compressed layer.tar);
     * layer 1: zstd; layer 2: a symlink to a plain tar elsewhere */
    fx_add(&fs, "aaaa/layer.tar", plain[0].blob, plain[0].len);
    fx_add(&fs, "bbbb/layer.tar", plain[1].blob, plain[1].len);
    fx_add(&fs, "shared/layer.tar", plain[2].blob, plain[2].len);
    fx_add_symlink(&fs, "cccc/layer.tar", "../shared/layer.tar");
    char *tar = path_in(e, "docker.tar");
    fx_files_to_tar(&fs, tar, NULL);
    char target[1200];
    snprintf(target, sizeof(target), "docker-archive:%s", tar);
    img_image *im = open_ok(target, NULL);
    assert_string_equal(im->kind, "docker-archive");
    assert_null(im->manifest_digest);
    assert_string_equal(im->config_digest, cdig);
    assert_int_equal(im->ntags, 1);
    assert_string_equal(im->tags[0], "example/app:1.0");
    for (int i = 0; i < 3; i++) {
        assert_null(im->layers[i].digest);
        assert_string_equal(im->layers[i].diff_id, e->layers[i].diff_id);
    }
    check_std_config(im);
    check_std_walk(im);
    walk_parallel(im);
    img_close(im);
    im = open_ok(tar, NULL);
    assert_string_equal(im->kind, "docker-archive");
    img_close(im);
    snprintf(target, sizeof(target), "docker-archive:%s:example/app:1.0", tar);
    im = open_ok(target, NULL);
    img_close(im);
    snprintf(target, sizeof(target), "docker-archive:%s:example/app:2.0", tar);
    open_fails(target, NULL, "no image tagged 'example/app:2.0'");
    fx_files_free(&fs);
    mt_buf_free(&mj);

    /* a layer whose content does not match its diff ID */
    memset(&fs, 0, sizeof(fs));
    fx_add_str(&fs, cname, e->config);
    char m2[512];
    snprintf(m2, sizeof(m2),
             "[{\"Config\":\"%s\",\"RepoTags\":null,\"Layers\":[\"a/layer.tar\",\"b/layer.tar\","
             "\"c/layer.tar\"]}]",
             cname);
    fx_add_str(&fs, "manifest.json", m2);
    fx_add(&fs, "a/layer.tar", plain[0].blob, plain[0].len);
    fx_add(&fs, "b/layer.tar", plain[2].blob, plain[2].len); /* swapped */
    fx_add(&fs, "c/layer.tar", plain[1].blob, plain[1].len);
    char *bad = path_in(e, "bad-docker.tar");
    fx_files_to_tar(&fs, bad, NULL);
    snprintf(target, sizeof(target), "docker-archive:%s", bad);
    im = open_ok(target, NULL);
    char err[1024] = "";
    fx_seen s = {0};
    assert_int_equal(img_walk_layer(im, 0, fx_collect, &s, err, sizeof(err)), 0);
    fx_seen_free(&s);
    assert_int_equal(img_walk_layer(im, 1, fx_collect, &s, err, sizeof(err)), -1);
    fx_seen_free(&s);
    assert_non_null(strstr(err, "layer 1"));
    assert_non_null(strstr(err, "b/layer.tar"));
    assert_non_null(strstr(err, "diff ID mismatch"));
    assert_non_null(strstr(err, e->layers[1].diff_id));
    assert_non_null(strstr(err, e->layers[2].diff_id));
    img_close(im);
    fx_files_free(&fs);
    free(bad);
    free(tar);
}

/* docker save from Docker 25+: an OCI layout plus manifest.json. */
static void test_docker_oci_based(void **state)
{
    env *e = *state;
    fx_files fs;
    std_files(e, &fs, NULL);
    char cdig[72];
    img_sha256_buf(e->config, strlen(e->config), cdig);
    mt_buf mj;
    mt_buf_init(&mj);
    mt_buf_printf(&mj,
                  "[{\"Config\":\"blobs/sha256/%s\",\"RepoTags\":[\"app:latest\"],\"Layers\":[",
                  cdig + 7);
    for (int i = 0; i < 3; i++)
        mt_buf_printf(&mj, "%s\"blobs/sha256/%s\"", i ? "," : "", e->layers[i].digest + 7);
    mt_buf_puts(&mj, "]}]");
    fx_add_str(&fs, "manifest.json", mj.data);
    mt_buf_free(&mj);
    char *tar = path_in(e, "docker25.tar");
    fx_files_to_tar(&fs, tar, NULL);
    img_image *im = open_ok(tar, NULL);
    assert_string_equal(im->kind, "docker-archive");
    assert_string_equal(im->manifest_digest, e->mdigest);
    assert_string_equal(im->config_digest, cdig);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(im->layers[i].digest, e->layers[i].digest);
        assert_string_equal(im->layers[i].media_type, e->layers[i].media_type);
    }
    check_std_walk(im);
    img_close(im);
    char target[1200];
    snprintf(target, sizeof(target), "docker-archive:%s:app", tar);
    im = open_ok(target, NULL);
    img_close(im);
    /* as an oci-archive it opens too (it has an OCI layout) */
    snprintf(target, sizeof(target), "oci-archive:%s", tar);
    im = open_ok(target, NULL);
    assert_string_equal(im->kind, "oci-archive");
    img_close(im);
    fx_files_free(&fs);
    free(tar);
}

/* Corrupted blobs and broken layouts. */
static void test_broken_oci(void **state)
{
    env *e = *state;
    fx_files fs;
    std_files(e, &fs, NULL);
    char *lay = path_in(e, "broken");
    fx_files_to_dir(&fs, lay);
    char target[1200];
    snprintf(target, sizeof(target), "oci:%s", lay);

    /* layer 1's blob replaced by other bytes of the same size */
    char blob[1200];
    snprintf(blob, sizeof(blob), "%s/blobs/sha256/%s", lay, e->layers[1].digest + 7);
    char *junk = mt_xmalloc(e->layers[1].len);
    memcpy(junk, e->layers[1].blob, e->layers[1].len);
    junk[e->layers[1].len - 1] ^= 1; /* zstd checksum / trailing byte */
    fx_write(blob, junk, e->layers[1].len);
    img_image *im = open_ok(target, NULL);
    char err[1024] = "";
    fx_seen s = {0};
    assert_int_equal(img_walk_layer(im, 1, fx_collect, &s, err, sizeof(err)), -1);
    fx_seen_free(&s);
    assert_non_null(strstr(err, target));
    assert_non_null(strstr(err, "layer 1"));
    assert_non_null(strstr(err, e->layers[1].digest));
    /* layer 2 is fine */
    assert_int_equal(img_walk_layer(im, 2, fx_collect, &s, err, sizeof(err)), 0);
    fx_seen_free(&s);
    img_close(im);
    /* same size, valid zstd of another tar: the digest check catches it */
    size_t tl;
    char *other = fx_simple_tar("x", "y", &tl);
    fx_layer ol;
    fx_layer_make(&ol, other, tl, 'n');
    fx_write(blob, ol.blob, ol.len);
    im = open_ok(target, NULL);
    assert_int_equal(img_walk_layer(im, 1, fx_collect, &s, err, sizeof(err)), -1);
    fx_seen_free(&s);
    if (!strstr(err, "bytes, its descriptor says"))
        fail_msg("unexpected: %s", err);
    img_close(im);
    fx_layer_free(&ol);
    free(other);
    free(junk);

    /* a missing blob */
    unlink(blob);
    im = open_ok(target, NULL);
    assert_int_equal(img_walk_layer(im, 1, fx_collect, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "layer 1"));
    assert_non_null(strstr(err, "No such file"));
    img_close(im);

    /* the manifest altered: its digest no longer matches index.json */
    char mpath[1200];
    snprintf(mpath, sizeof(mpath), "%s/blobs/sha256/%s", lay, e->mdigest + 7);
    char *mraw;
    size_t mlen;
    const char *why;
    assert_int_equal(mt_read_file(mpath, 1 << 20, &mraw, &mlen, &why), 0);
    mraw[mlen - 1] = ' ';
    fx_write(mpath, mraw, mlen);
    open_fails(target, NULL, "digest mismatch");
    free(mraw);

    /* no oci-layout file: a plain directory for bare paths, an error for oci: */
    char lpath[1200];
    snprintf(lpath, sizeof(lpath), "%s/oci-layout", lay);
    unlink(lpath);
    open_fails(target, NULL, "oci-layout");
    im = open_ok(lay, NULL);
    assert_string_equal(im->kind, "dir");
    img_close(im);

    open_fails("docker://library/debian", NULL, "unsupported source type 'docker'");
    open_fails("/nonexistent/moat/image", NULL, "No such file");
    fx_files_free(&fs);
    free(lay);
}

/* The config lists fewer diff IDs than the manifest has layers; a config
 * whose diff ID is wrong fails the walk of that layer. */
static void test_config_mismatches(void **state)
{
    env *e = *state;
    fx_files fs = {0};
    char *c = fx_config(e->layers, 2, "linux", "amd64", NULL, "", NULL);
    char md[72];
    size_t ms;
    fx_add_oci_image(&fs, e->layers, 3, c, md, &ms);
    char *idx = fx_index1(md, ms, NULL);
    fx_add_oci_layout(&fs, idx);
    char *lay = path_in(e, "cfg1");
    fx_files_to_dir(&fs, lay);
    char target[1200];
    snprintf(target, sizeof(target), "oci:%s", lay);
    open_fails(target, NULL, "lists 3 layers but the config has 2 diff IDs");
    fx_files_free(&fs);
    free(idx);
    free(c);
    free(lay);

    /* layer 0's diff ID swapped for layer 2's */
    fx_layer swapped[3] = {e->layers[0], e->layers[1], e->layers[2]};
    memcpy(swapped[0].diff_id, e->layers[2].diff_id, 72);
    c = fx_config(swapped, 3, "linux", "amd64", NULL, "", NULL);
    memset(&fs, 0, sizeof(fs));
    fx_add_oci_image(&fs, e->layers, 3, c, md, &ms);
    idx = fx_index1(md, ms, NULL);
    fx_add_oci_layout(&fs, idx);
    lay = path_in(e, "cfg2");
    fx_files_to_dir(&fs, lay);
    snprintf(target, sizeof(target), "oci:%s", lay);
    img_image *im = open_ok(target, NULL);
    char err[1024] = "";
    fx_seen s = {0};
    assert_int_equal(img_walk_layer(im, 0, fx_collect, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "layer 0"));
    assert_non_null(strstr(err, "diff ID mismatch"));
    fx_seen_free(&s);
    img_close(im);
    fx_files_free(&fs);
    free(idx);
    free(c);
    free(lay);
}

static void test_dir_source(void **state)
{
    env *e = *state;
    char *root = path_in(e, "rootfs");
    char p[1200];
    snprintf(p, sizeof(p), "%s/etc/passwd", root);
    fx_write(p, "root:x:0:0\n", 11);
    snprintf(p, sizeof(p), "%s/usr/bin/big", root);
    fx_write(p, "0123456789", 10);
    char l1[1200], l2[1200];
    snprintf(l1, sizeof(l1), "%s/usr/bin/big", root);
    snprintf(l2, sizeof(l2), "%s/usr/bin/big-link", root);
    assert_int_equal(link(l1, l2), 0);
    snprintf(p, sizeof(p), "%s/etc/shadow-link", root);
    assert_int_equal(symlink("/etc/shadow", p), 0);
    snprintf(p, sizeof(p), "%s/hostroot", root);
    assert_int_equal(symlink("/", p), 0);
    snprintf(p, sizeof(p), "%s/run/fifo", root);
    mt_dirname(p, l1, sizeof(l1));
    fx_mkdirs(l1);
    assert_int_equal(mkfifo(p, 0600), 0);
    char target[1200];
    snprintf(target, sizeof(target), "dir:%s", root);
    for (int form = 0; form < 2; form++) {
        img_image *im = open_ok(form ? root : target, NULL);
        assert_string_equal(im->kind, "dir");
        assert_int_equal(im->nlayers, 1);
        assert_null(im->layers[0].digest);
        fx_seen s = {0};
        s.want_content = true;
        s.max_read = 4;
        char err[1024] = "";
        img_walk_stats st;
        if (img_walk_layer_stats(im, 0, fx_collect, &s, &st, err, sizeof(err)) != 0)
            fail_msg("dir walk: %s", err);
        int i = fx_find(&s, "etc/passwd");
        assert_true(i >= 0);
        assert_string_equal(s.content[i], "root");
        assert_true(s.truncated[i]);
        i = fx_find(&s, "etc/shadow-link");
        assert_true(i >= 0);
        assert_int_equal(s.type[i], IMG_SYMLINK);
        assert_string_equal(s.link[i], "/etc/shadow");
        assert_null(s.content[i]);
        i = fx_find(&s, "hostroot");
        assert_int_equal(s.type[i], IMG_SYMLINK);
        assert_int_equal(fx_find(&s, "hostroot/etc"), -1); /* not followed */
        i = fx_find(&s, "run/fifo");
        assert_int_equal(s.type[i], IMG_OTHER);
        int a = fx_find(&s, "usr/bin/big"), b = fx_find(&s, "usr/bin/big-link");
        assert_int_equal(s.type[a], IMG_REG);
        assert_int_equal(s.type[b], IMG_HARDLINK);
        assert_string_equal(s.link[b], "usr/bin/big");
        /* sorted, parents first */
        assert_true(fx_find(&s, "usr") < fx_find(&s, "usr/bin"));
        assert_true(fx_find(&s, "etc") < fx_find(&s, "usr"));
        assert_int_equal(st.entries, s.n);
        fx_seen_free(&s);
        img_close(im);
    }
    snprintf(target, sizeof(target), "dir:%s/etc/passwd", root);
    open_fails(target, NULL, "not a directory");
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_oci_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oci_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multi_platform, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docker_legacy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docker_oci_based, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broken_oci, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_mismatches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dir_source, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
