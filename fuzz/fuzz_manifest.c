/* fuzz_manifest.c — libFuzzer harness for the image JSON parsers: the
 * input is parsed once (img_json_load) and handed to every parser — image
 * index, manifest, config, docker manifest.json — the way img_open uses
 * them, then platform matching over the index entries and history mapping
 * over the config. The input's first line is also tried as a platform
 * string. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "image/img_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t slen(const char *s)
{
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    char err[512];
    size_t n = 0;

    /* the first line as a platform */
    const uint8_t *nl = memchr(data, '\n', size < 128 ? size : 128);
    if (nl) {
        char *line = mt_arena_strndup(&a, (const char *)data, (size_t)(nl - data));
        img_platform p;
        if (img_platform_parse(&a, line, &p) == 0) {
            if (!p.os || !p.arch || !*p.os || !*p.arch)
                __builtin_trap();
            n += img_platform_score(&p, p.variant != NULL, &p) == 2;
        }
    }

    json_t *j = img_json_load((const char *)data, size, 1 << 20, err, sizeof(err));
    if (!j) {
        if (!err[0])
            __builtin_trap();
        mt_arena_free(&a);
        return 0;
    }
    const char *kind = img_json_kind(j);
    n += slen(kind);

    img_platform want[3];
    img_platform_parse(&a, "linux/amd64", &want[0]);
    img_platform_parse(&a, "linux/arm64", &want[1]);
    img_platform_parse(&a, "linux/arm/v7", &want[2]);

    img_index_doc ix;
    if (img_parse_index(&a, j, &ix, err, sizeof(err)) == 0) {
        for (size_t i = 0; i < ix.nmanifests; i++) {
            const img_desc *d = &ix.manifests[i];
            if (!d->digest)
                __builtin_trap();
            n += img_digest_valid(d->digest) + slen(d->ref_name) + slen(d->media_type);
            if (d->has_platform) {
                for (int w = 0; w < 3; w++) {
                    int sc = img_platform_score(&want[w], w == 2, &d->platform);
                    if (sc < 0 || sc > 2)
                        __builtin_trap();
                    n += (size_t)sc;
                }
            }
        }
    }

    img_manifest_doc m;
    if (img_parse_manifest(&a, j, &m, err, sizeof(err)) == 0) {
        if (!m.config.digest)
            __builtin_trap();
        for (size_t i = 0; i < m.nlayers; i++)
            n += img_digest_valid(m.layers[i].digest) + slen(m.layers[i].media_type);
    }

    img_image im;
    memset(&im, 0, sizeof(im));
    if (img_parse_config(&a, j, &im.config, err, sizeof(err)) == 0) {
        const img_config *c = &im.config;
        for (size_t i = 0; i < c->nenv; i++)
            n += slen(c->env[i]);
        for (size_t i = 0; i < c->nexposed; i++)
            n += slen(c->exposed_ports[i]);
        for (size_t i = 0; i < c->nlabels; i++)
            n += slen(c->labels[i]);
        for (char **p = c->entrypoint; p && *p; p++)
            n += slen(*p);
        for (char **p = c->cmd; p && *p; p++)
            n += slen(*p);
        for (size_t i = 0; i < c->ndiff_ids; i++) {
            if (!img_digest_valid(c->diff_ids[i]))
                __builtin_trap();
        }
        im.nlayers = c->ndiff_ids;
        im.layers = mt_arena_alloc(&a, (im.nlayers + 1) * sizeof(img_layer));
        img_map_history(&im);
        for (size_t i = 0; i < im.nlayers; i++)
            n += slen(im.layers[i].created_by);
    }

    img_docker_entry *de;
    size_t nde;
    if (img_parse_docker_manifest(&a, j, &de, &nde, err, sizeof(err)) == 0) {
        for (size_t i = 0; i < nde; i++) {
            if (!de[i].config || !de[i].layers)
                __builtin_trap();
            for (size_t k = 0; k < de[i].nlayers; k++)
                n += slen(de[i].layers[k]);
            for (size_t k = 0; k < de[i].ntags; k++)
                n += slen(de[i].repo_tags[k]);
        }
    }
    json_decref(j);
    mt_arena_free(&a);
    (void)n;
    return 0;
}
