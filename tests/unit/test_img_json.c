/* test_img_json.c — unit tests of the image JSON parsers (img_internal.h):
 * configs (every field, nulls, wrong types, healthchecks), indexes and
 * manifests (media types, schema 1, descriptors), docker manifest.json,
 * platform strings and matching, history mapping, the outer tar index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../image/img_fixture.h"

#include "arena_fixture.h"

static json_t *load(const char *s)
{
    char err[256];
    json_t *j = img_json_load(s, strlen(s), 1 << 20, err, sizeof(err));
    if (!j)
        fail_msg("load: %s", err);
    return j;
}

static void test_config_full(void **state)
{
    mt_arena *a = *state;
    json_t *j = load(
        "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\","
        "\"config\":{\"User\":\"1000:1000\",\"Env\":[\"A=1\",\"B=\"],"
        "\"ExposedPorts\":{\"8080/tcp\":{}},\"Healthcheck\":{\"Test\":[\"NONE\"]},"
        "\"Entrypoint\":null,\"Cmd\":\"sleep 1\",\"Labels\":{\"a\":\"b\",\"c\":null}},"
        "\"history\":[{\"created_by\":\"x\",\"empty_layer\":true},{\"created\":\"t\"}],"
        "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        "\"sha256:1111111111111111111111111111111111111111111111111111111111111111\"]}}");
    img_config c;
    char err[256] = "";
    assert_int_equal(img_parse_config(a, j, &c, err, sizeof(err)), 0);
    json_decref(j);
    assert_string_equal(c.arch, "arm64");
    assert_string_equal(c.variant, "v8");
    assert_string_equal(c.user, "1000:1000");
    assert_int_equal(c.nenv, 2);
    assert_string_equal(c.env[1], "B=");
    assert_int_equal(c.nexposed, 1);
    assert_string_equal(c.exposed_ports[0], "8080/tcp");
    assert_false(c.has_healthcheck); /* NONE */
    assert_null(c.entrypoint);
    assert_string_equal(c.cmd[0], "sleep 1");
    assert_null(c.cmd[1]);
    assert_int_equal(c.nlabels, 2);
    assert_string_equal(c.labels[0], "a=b");
    assert_string_equal(c.labels[1], "c=");
    assert_int_equal(c.nhistory, 2);
    assert_true(c.history[0].empty_layer);
    assert_null(c.history[1].created_by);
    assert_string_equal(c.history[1].created, "t");
    assert_int_equal(c.ndiff_ids, 1);
}

static void test_config_minimal_and_bad(void **state)
{
    mt_arena *a = *state;
    img_config c;
    char err[256] = "";
    json_t *j = load("{}");
    assert_int_equal(img_parse_config(a, j, &c, err, sizeof(err)), 0);
    json_decref(j);
    assert_null(c.user);
    assert_int_equal(c.nenv, 0);
    assert_null(c.env);

    const char *bad[][2] = {
        {"{\"config\":{\"Env\":\"A=1\"}}", "config.Env is not an array"},
        {"{\"config\":{\"Env\":[1]}}", "config.Env[0] is not a string"},
        {"{\"config\":{\"User\":5}}", "config.User is not a string"},
        {"{\"config\":[]}", "config is not an object"},
        {"{\"history\":{}}", "history is not an array"},
        {"{\"history\":[{\"empty_layer\":\"yes\"}]}", "history[0].empty_layer"},
        {"{\"rootfs\":{\"diff_ids\":[\"md5:abc\"]}}", "not a sha256 digest"},
        {"{\"config\":{\"Labels\":{\"a\":1}}}", "config.Labels.a is not a string"},
        {"[]", "not a JSON object"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        j = load(bad[i][0]);
        err[0] = '\0';
        assert_int_equal(img_parse_config(a, j, &c, err, sizeof(err)), -1);
        if (!strstr(err, bad[i][1]))
            fail_msg("%s: '%s' lacks '%s'", bad[i][0], err, bad[i][1]);
        json_decref(j);
    }
    /* healthcheck with a real test */
    j = load("{\"config\":{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"curl -f x\"]}}}");
    assert_int_equal(img_parse_config(a, j, &c, err, sizeof(err)), 0);
    assert_true(c.has_healthcheck);
    json_decref(j);
}

static void test_json_load_bounds(void **state)
{
    (void)state;
    char err[256] = "";
    const char *dup = "{\"a\":1,\"a\":2}";
    assert_null(img_json_load(dup, strlen(dup), 1000, err, sizeof(err)));
    assert_non_null(strstr(err, "invalid JSON"));
    const char *big = "{\"a\":\"0123456789\"}";
    assert_null(img_json_load(big, strlen(big), 10, err, sizeof(err)));
    assert_non_null(strstr(err, "limit"));
    assert_null(img_json_load("{", 1, 10, err, sizeof(err)));
}

static void test_index_and_manifest(void **state)
{
    mt_arena *a = *state;
    char err[256] = "";
    json_t *j = load(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list."
        "v2+json\",\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution."
        "manifest.v2+json\",\"digest\":\"sha256:ab\",\"size\":10,\"platform\":{\"os\":\"linux\","
        "\"architecture\":\"arm\",\"variant\":\"v7\"}},{\"digest\":\"sha256:cd\","
        "\"annotations\":{\"org.opencontainers.image.ref.name\":\"t\"}}]}");
    assert_string_equal(img_json_kind(j), "index");
    img_index_doc ix;
    assert_int_equal(img_parse_index(a, j, &ix, err, sizeof(err)), 0);
    json_decref(j);
    assert_int_equal(ix.nmanifests, 2);
    assert_true(ix.manifests[0].has_platform);
    assert_string_equal(ix.manifests[0].platform.variant, "v7");
    assert_int_equal(ix.manifests[0].size, 10);
    assert_int_equal(ix.manifests[1].size, -1);
    assert_string_equal(ix.manifests[1].ref_name, "t");

    j = load("{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:ee\",\"size\":2},"
             "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
             "\"digest\":\"sha256:ff\",\"size\":3}]}");
    assert_string_equal(img_json_kind(j), "manifest");
    img_manifest_doc m;
    assert_int_equal(img_parse_manifest(a, j, &m, err, sizeof(err)), 0);
    json_decref(j);
    assert_int_equal(m.nlayers, 1);
    assert_string_equal(m.layers[0].digest, "sha256:ff");

    const char *bad[][2] = {
        {"{\"schemaVersion\":1,\"fsLayers\":[]}", "schema 1"},
        {"{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":{},\"layers\":[]}",
         "unsupported manifest media type"},
        {"{\"schemaVersion\":2,\"layers\":[]}", "no config"},
        {"{\"config\":{\"digest\":\"sha256:a\"}}", "no layers"},
        {"{\"config\":{\"digest\":\"sha256:a\"},\"layers\":[{\"size\":1}]}",
         "layers[0] has no digest"},
        {"{\"config\":{\"digest\":\"sha256:a\",\"size\":-1},\"layers\":[]}",
         "config.size is not a non-negative integer"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        j = load(bad[i][0]);
        assert_int_equal(img_parse_manifest(a, j, &m, err, sizeof(err)), -1);
        if (!strstr(err, bad[i][1]))
            fail_msg("%s: '%s' lacks '%s'", bad[i][0], err, bad[i][1]);
        json_decref(j);
    }
    j = load("{\"manifests\":{}}");
    assert_int_equal(img_parse_index(a, j, &ix, err, sizeof(err)), -1);
    json_decref(j);
    j = load("{\"foo\":1}");
    assert_null(img_json_kind(j));
    json_decref(j);
}

static void test_docker_manifest(void **state)
{
    mt_arena *a = *state;
    char err[256] = "";
    json_t *j = load("[{\"Config\":\"abc.json\",\"RepoTags\":[\"a:1\",\"b:2\"],"
                     "\"Layers\":[\"x/layer.tar\"]},{\"Config\":\"d.json\",\"RepoTags\":null,"
                     "\"Layers\":[]}]");
    img_docker_entry *e;
    size_t n;
    assert_int_equal(img_parse_docker_manifest(a, j, &e, &n, err, sizeof(err)), 0);
    json_decref(j);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].config, "abc.json");
    assert_int_equal(e[0].ntags, 2);
    assert_string_equal(e[0].layers[0], "x/layer.tar");
    assert_int_equal(e[1].ntags, 0);
    j = load("[{\"Layers\":[]}]");
    assert_int_equal(img_parse_docker_manifest(a, j, &e, &n, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no Config"));
    json_decref(j);
    j = load("{}");
    assert_int_equal(img_parse_docker_manifest(a, j, &e, &n, err, sizeof(err)), -1);
    json_decref(j);
}

static void test_platforms(void **state)
{
    mt_arena *a = *state;
    img_platform w, h;
    assert_int_equal(img_platform_parse(a, "linux/x86_64", &w), 0);
    assert_string_equal(w.arch, "amd64");
    assert_null(w.variant);
    assert_int_equal(img_platform_parse(a, "linux/arm/v7", &w), 0);
    assert_string_equal(w.variant, "v7");
    assert_int_equal(img_platform_parse(a, "linux", &w), -1);
    assert_int_equal(img_platform_parse(a, "linux//v7", &w), -1);
    assert_int_equal(img_platform_parse(a, "a/b/c/d", &w), -1);
    assert_int_equal(img_platform_parse(a, "/amd64", &w), -1);

    img_platform_parse(a, "linux/arm64", &w);
    h = (img_platform){"linux", "arm64", "v8"};
    assert_int_equal(img_platform_score(&w, false, &h), 2);
    h.variant = NULL;
    assert_int_equal(img_platform_score(&w, false, &h), 2);
    h.variant = "v9";
    assert_int_equal(img_platform_score(&w, false, &h), 1);
    img_platform_parse(a, "linux/arm64/v8", &w);
    h.variant = NULL;
    assert_int_equal(img_platform_score(&w, true, &h), 2);
    h.variant = "v9";
    assert_int_equal(img_platform_score(&w, true, &h), 0);
    h = (img_platform){"windows", "arm64", NULL};
    assert_int_equal(img_platform_score(&w, true, &h), 0);
    h = (img_platform){"linux", "aarch64", NULL};
    assert_int_equal(img_platform_score(&w, true, &h), 2);
}

static void test_history_mapping(void **state)
{
    mt_arena *a = *state;
    img_image im;
    memset(&im, 0, sizeof(im));
    img_history h[5] = {{"FROM", NULL, false}, {"ENV", NULL, true}, {"RUN 1", NULL, false},
                        {"CMD", NULL, true}, {"RUN 2", NULL, false}};
    im.config.history = h;
    im.config.nhistory = 5;
    im.nlayers = 2; /* fewer layers than non-empty entries: extra ignored */
    im.layers = mt_arena_alloc(a, 2 * sizeof(img_layer));
    img_map_history(&im);
    assert_string_equal(im.layers[0].created_by, "FROM");
    assert_string_equal(im.layers[1].created_by, "RUN 1");
}

static void test_tar_index(void **state)
{
    (void)state;
    fx_tar t;
    fx_tar_begin(&t);
    char longname[200];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    fx_tar_file(&t, "./index.json", "{}");
    fx_tar_file(&t, longname, "long");
    fx_tar_dir(&t, "blobs");
    fx_tar_file(&t, "blobs/real", "data!");
    fx_tar_symlink(&t, "blobs/link", "real");
    fx_tar_symlink(&t, "x/up", "../blobs/link");
    fx_tar_hardlink(&t, "hard", "blobs/real");
    fx_tar_symlink(&t, "loop", "loop");
    fx_tar_symlink(&t, "escape", "../../etc/passwd");
    size_t len;
    char *tar = fx_tar_end(&t, &len);
    img_rd rd = {.fd = -1, .mem = (const uint8_t *)tar, .off = 0, .size = len};
    img_tar_index ix;
    char err[256] = "";
    assert_int_equal(img_tar_index_build(&ix, &rd, 100, err, sizeof(err)), 0);
    const img_tar_member *m = img_tar_lookup(&ix, "index.json");
    assert_non_null(m);
    assert_int_equal(m->size, 2);
    assert_memory_equal(tar + m->off, "{}", 2);
    m = img_tar_lookup(&ix, longname);
    assert_non_null(m);
    assert_memory_equal(tar + m->off, "long", 4);
    const img_tar_member *real = img_tar_lookup(&ix, "blobs/real");
    assert_non_null(real);
    assert_ptr_equal(img_tar_lookup(&ix, "blobs/link"), real);
    assert_ptr_equal(img_tar_lookup(&ix, "x/up"), real);
    assert_ptr_equal(img_tar_lookup(&ix, "./hard"), real);
    assert_null(img_tar_lookup(&ix, "loop"));
    assert_null(img_tar_lookup(&ix, "escape"));
    assert_null(img_tar_lookup(&ix, "blobs"));
    assert_null(img_tar_lookup(&ix, "missing"));
    img_tar_index_free(&ix);
    /* member limit, truncation, damage */
    assert_int_equal(img_tar_index_build(&ix, &rd, 2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "more than 2 members"));
    rd.size = 512 + 1; /* cut in the first member's data */
    assert_int_equal(img_tar_index_build(&ix, &rd, 100, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated"));
    rd.size = 1024; /* cut after it: what is there is indexed */
    assert_int_equal(img_tar_index_build(&ix, &rd, 100, err, sizeof(err)), 0);
    assert_non_null(img_tar_lookup(&ix, "index.json"));
    assert_null(img_tar_lookup(&ix, longname));
    img_tar_index_free(&ix);
    rd.size = len;
    tar[148] ^= 1; /* checksum */
    assert_int_equal(img_tar_index_build(&ix, &rd, 100, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "bad header"));
    free(tar);
    /* a member claiming more data than the file has */
    char h[1024] = {0};
    fx_ustar_header(h, "big", '0', 1 << 20);
    rd.mem = (const uint8_t *)h;
    rd.size = sizeof(h);
    assert_int_equal(img_tar_index_build(&ix, &rd, 100, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_minimal_and_bad, setup, teardown),
        cmocka_unit_test(test_json_load_bounds),
        cmocka_unit_test_setup_teardown(test_index_and_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docker_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platforms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_mapping, setup, teardown),
        cmocka_unit_test(test_tar_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
