/* img_json.c — parsers of the JSON documents of an image: OCI index /
 * Docker manifest list, OCI / Docker v2 schema 2 manifest, image config,
 * and docker save's manifest.json; platform strings. See img_internal.h. */
#include "image/img_internal.h"

#include <stdio.h>
#include <string.h>

json_t *img_json_load(const char *buf, size_t len, uint64_t max, char *err, size_t errlen)
{
    if (len > max) {
        img_err(err, errlen, "%zu bytes, more than the limit of %llu", len,
                (unsigned long long)max);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        img_err(err, errlen, "invalid JSON (line %d, column %d): %s", je.line, je.column, je.text);
        return NULL;
    }
    return j;
}

/* ---- typed field access: absent or null -> NULL; a wrong type is an
 * error (Go's encoding/json, which Docker and containerd use, rejects it
 * too). ---- */

static json_t *field(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_null(v) ? NULL : v;
}

static int get_str(mt_arena *a, const json_t *o, const char *key, char **out, const char *where,
                   char *err, size_t errlen)
{
    json_t *v = field(o, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v))
        return img_err(err, errlen, "%s%s is not a string", where, key);
    *out = mt_arena_strndup(a, json_string_value(v), json_string_length(v));
    return 0;
}

/* Array of strings, NULL-terminated (one spare slot); string_ok accepts a
 * lone string as a one-element array. */
static int get_strv(mt_arena *a, const json_t *o, const char *key, char ***out, size_t *n,
                    bool string_ok, const char *where, char *err, size_t errlen)
{
    json_t *v = field(o, key);
    *out = NULL;
    if (n)
        *n = 0;
    if (!v)
        return 0;
    if (string_ok && json_is_string(v)) {
        char **r = mt_arena_alloc(a, 2 * sizeof(char *));
        r[0] = mt_arena_strndup(a, json_string_value(v), json_string_length(v));
        *out = r;
        if (n)
            *n = 1;
        return 0;
    }
    if (!json_is_array(v))
        return img_err(err, errlen, "%s%s is not an array", where, key);
    size_t len = json_array_size(v);
    char **r = mt_arena_alloc(a, (len + 1) * sizeof(char *));
    for (size_t i = 0; i < len; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s))
            return img_err(err, errlen, "%s%s[%zu] is not a string", where, key, i);
        r[i] = mt_arena_strndup(a, json_string_value(s), json_string_length(s));
    }
    *out = r;
    if (n)
        *n = len;
    return 0;
}

static int get_obj(const json_t *o, const char *key, json_t **out, const char *where, char *err,
                   size_t errlen)
{
    json_t *v = field(o, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_object(v))
        return img_err(err, errlen, "%s%s is not an object", where, key);
    *out = v;
    return 0;
}

/* ---- platforms ---- */

const char *img_arch_canon(const char *arch)
{
    static const struct {
        const char *alias, *canon;
    } map[] = {{"x86_64", "amd64"}, {"x86-64", "amd64"}, {"aarch64", "arm64"},
               {"armhf", "arm"},    {"armel", "arm"},    {"i686", "386"},
               {"i386", "386"},     {"ppc64el", "ppc64le"}};
    if (!arch)
        return NULL;
    for (size_t i = 0; i < MT_ARRAY_LEN(map); i++) {
        if (!strcmp(arch, map[i].alias))
            return map[i].canon;
    }
    return arch;
}

int img_platform_parse(mt_arena *a, const char *s, img_platform *out)
{
    memset(out, 0, sizeof(*out));
    if (!s || !*s)
        return -1;
    const char *p1 = strchr(s, '/');
    if (!p1 || p1 == s || !p1[1])
        return -1;
    const char *p2 = strchr(p1 + 1, '/');
    if (p2 && (p2 == p1 + 1 || !p2[1] || strchr(p2 + 1, '/')))
        return -1;
    out->os = mt_arena_strndup(a, s, (size_t)(p1 - s));
    char *arch = p2 ? mt_arena_strndup(a, p1 + 1, (size_t)(p2 - p1 - 1))
                    : mt_arena_strdup(a, p1 + 1);
    out->arch = mt_arena_strdup(a, img_arch_canon(arch));
    out->variant = p2 ? mt_arena_strdup(a, p2 + 1) : NULL;
    return 0;
}

static const char *default_variant(const char *arch)
{
    if (!arch)
        return "";
    if (!strcmp(arch, "arm64"))
        return "v8";
    if (!strcmp(arch, "arm"))
        return "v7";
    return "";
}

int img_platform_score(const img_platform *want, bool want_variant, const img_platform *have)
{
    if (!have->os || !have->arch || !want->os || !want->arch)
        return 0;
    if (strcmp(want->os, have->os) != 0)
        return 0;
    const char *harch = img_arch_canon(have->arch);
    if (strcmp(img_arch_canon(want->arch), harch) != 0)
        return 0;
    const char *def = default_variant(harch);
    const char *hv = have->variant && *have->variant ? have->variant : def;
    if (want_variant) {
        const char *wv = want->variant && *want->variant ? want->variant : def;
        return strcmp(wv, hv) == 0 ? 2 : 0;
    }
    return strcmp(hv, def) == 0 ? 2 : 1;
}

/* ---- descriptors, indexes, manifests ---- */

static int parse_desc(mt_arena *a, const json_t *j, img_desc *d, const char *where, char *err,
                      size_t errlen)
{
    memset(d, 0, sizeof(*d));
    d->size = -1;
    if (!json_is_object(j))
        return img_err(err, errlen, "%s is not an object", where);
    char w[160];
    snprintf(w, sizeof(w), "%s.", where);
    if (get_str(a, j, "mediaType", &d->media_type, w, err, errlen) < 0 ||
        get_str(a, j, "digest", &d->digest, w, err, errlen) < 0)
        return -1;
    if (!d->digest)
        return img_err(err, errlen, "%s has no digest", where);
    json_t *sz = field(j, "size");
    if (sz) {
        if (!json_is_integer(sz) || json_integer_value(sz) < 0)
            return img_err(err, errlen, "%s.size is not a non-negative integer", where);
        d->size = (int64_t)json_integer_value(sz);
    }
    json_t *pl;
    if (get_obj(j, "platform", &pl, w, err, errlen) < 0)
        return -1;
    if (pl) {
        char pw[176];
        snprintf(pw, sizeof(pw), "%splatform.", w);
        d->has_platform = true;
        if (get_str(a, pl, "os", &d->platform.os, pw, err, errlen) < 0 ||
            get_str(a, pl, "architecture", &d->platform.arch, pw, err, errlen) < 0 ||
            get_str(a, pl, "variant", &d->platform.variant, pw, err, errlen) < 0)
            return -1;
    }
    json_t *an;
    if (get_obj(j, "annotations", &an, w, err, errlen) < 0)
        return -1;
    if (an) {
        json_t *rn = json_object_get(an, "org.opencontainers.image.ref.name");
        if (json_is_string(rn))
            d->ref_name = mt_arena_strndup(a, json_string_value(rn), json_string_length(rn));
    }
    return 0;
}

static int check_schema(const json_t *doc, char *err, size_t errlen)
{
    json_t *sv = json_object_get(doc, "schemaVersion");
    if (!sv)
        return 0;
    if (!json_is_integer(sv))
        return img_err(err, errlen, "schemaVersion is not an integer");
    if (json_integer_value(sv) == 1)
        return img_err(err, errlen, "Docker schema 1 manifests are not supported");
    if (json_integer_value(sv) != 2)
        return img_err(err, errlen, "unsupported schemaVersion %lld",
                       (long long)json_integer_value(sv));
    return 0;
}

const char *img_json_kind(const json_t *doc)
{
    if (!json_is_object(doc))
        return NULL;
    const char *mt = json_string_value(json_object_get(doc, "mediaType"));
    if (mt) {
        if (!strcmp(mt, IMG_MT_OCI_INDEX) || !strcmp(mt, IMG_MT_DOCKER_LIST))
            return "index";
        if (!strcmp(mt, IMG_MT_OCI_MANIFEST) || !strcmp(mt, IMG_MT_DOCKER_MANIFEST))
            return "manifest";
    }
    if (json_is_array(json_object_get(doc, "manifests")))
        return "index";
    if (json_object_get(doc, "layers") || json_object_get(doc, "config") ||
        json_object_get(doc, "fsLayers"))
        return "manifest";
    return NULL;
}

int img_parse_index(mt_arena *a, const json_t *doc, img_index_doc *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(doc))
        return img_err(err, errlen, "not a JSON object");
    if (check_schema(doc, err, errlen) < 0 ||
        get_str(a, doc, "mediaType", &out->media_type, "", err, errlen) < 0)
        return -1;
    if (out->media_type && strcmp(out->media_type, IMG_MT_OCI_INDEX) != 0 &&
        strcmp(out->media_type, IMG_MT_DOCKER_LIST) != 0)
        return img_err(err, errlen, "not an image index (mediaType %s)", out->media_type);
    json_t *m = json_object_get(doc, "manifests");
    if (!json_is_array(m))
        return img_err(err, errlen, "no manifests array");
    size_t n = json_array_size(m);
    out->manifests = mt_arena_alloc(a, (n ? n : 1) * sizeof(img_desc));
    for (size_t i = 0; i < n; i++) {
        char w[48];
        snprintf(w, sizeof(w), "manifests[%zu]", i);
        if (parse_desc(a, json_array_get(m, i), &out->manifests[i], w, err, errlen) < 0)
            return -1;
    }
    out->nmanifests = n;
    return 0;
}

int img_parse_manifest(mt_arena *a, const json_t *doc, img_manifest_doc *out, char *err,
                       size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(doc))
        return img_err(err, errlen, "not a JSON object");
    if (check_schema(doc, err, errlen) < 0 ||
        get_str(a, doc, "mediaType", &out->media_type, "", err, errlen) < 0)
        return -1;
    if (out->media_type && strcmp(out->media_type, IMG_MT_OCI_MANIFEST) != 0 &&
        strcmp(out->media_type, IMG_MT_DOCKER_MANIFEST) != 0)
        return img_err(err, errlen, "unsupported manifest media type %s", out->media_type);
    if (json_object_get(doc, "fsLayers"))
        return img_err(err, errlen, "Docker schema 1 manifests are not supported");
    json_t *c = json_object_get(doc, "config");
    if (!c)
        return img_err(err, errlen, "no config descriptor");
    if (parse_desc(a, c, &out->config, "config", err, errlen) < 0)
        return -1;
    json_t *l = json_object_get(doc, "layers");
    if (!json_is_array(l))
        return img_err(err, errlen, "no layers array");
    size_t n = json_array_size(l);
    out->layers = mt_arena_alloc(a, (n ? n : 1) * sizeof(img_desc));
    for (size_t i = 0; i < n; i++) {
        char w[48];
        snprintf(w, sizeof(w), "layers[%zu]", i);
        if (parse_desc(a, json_array_get(l, i), &out->layers[i], w, err, errlen) < 0)
            return -1;
    }
    out->nlayers = n;
    json_t *an = json_object_get(doc, "annotations");
    if (json_is_object(an)) {
        size_t na = json_object_size(an), k = 0;
        if (na > 4096)
            return img_err(err, errlen, "more than 4096 annotations");
        out->annotations = mt_arena_alloc(a, (na + 1) * sizeof(char *));
        const char *key;
        json_t *val;
        json_object_foreach(an, key, val) {
            if (json_is_string(val))
                out->annotations[k++] = mt_arena_printf(a, "%s=%s", key, json_string_value(val));
        }
        out->nannotations = k;
    }
    return 0;
}

/* ---- config ---- */

/* Keys of an object, or "K=V" pairs when values is set (string values). */
static int get_keys(mt_arena *a, const json_t *o, const char *key, bool values, char ***out,
                    size_t *n, const char *where, char *err, size_t errlen)
{
    json_t *v;
    *out = NULL;
    *n = 0;
    if (get_obj(o, key, &v, where, err, errlen) < 0)
        return -1;
    if (!v)
        return 0;
    size_t len = json_object_size(v);
    char **r = mt_arena_alloc(a, (len + 1) * sizeof(char *));
    size_t i = 0;
    const char *k;
    json_t *val;
    json_object_foreach(v, k, val)
    {
        if (i >= len)
            break;
        if (values) {
            if (json_is_null(val))
                r[i++] = mt_arena_printf(a, "%s=", k);
            else if (!json_is_string(val))
                return img_err(err, errlen, "%s%s.%s is not a string", where, key, k);
            else
                r[i++] = mt_arena_printf(a, "%s=%s", k, json_string_value(val));
        } else {
            r[i++] = mt_arena_strdup(a, k);
        }
    }
    *out = r;
    *n = i;
    return 0;
}

int img_parse_config(mt_arena *a, const json_t *doc, img_config *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(doc))
        return img_err(err, errlen, "not a JSON object");
    if (get_str(a, doc, "os", &out->os, "", err, errlen) < 0 ||
        get_str(a, doc, "architecture", &out->arch, "", err, errlen) < 0 ||
        get_str(a, doc, "variant", &out->variant, "", err, errlen) < 0)
        return -1;
    json_t *c;
    if (get_obj(doc, "config", &c, "", err, errlen) < 0)
        return -1;
    if (c) {
        const char *w = "config.";
        if (get_str(a, c, "User", &out->user, w, err, errlen) < 0 ||
            get_strv(a, c, "Env", &out->env, &out->nenv, false, w, err, errlen) < 0 ||
            get_keys(a, c, "ExposedPorts", false, &out->exposed_ports, &out->nexposed, w, err,
                     errlen) < 0 ||
            get_strv(a, c, "Entrypoint", &out->entrypoint, NULL, true, w, err, errlen) < 0 ||
            get_strv(a, c, "Cmd", &out->cmd, NULL, true, w, err, errlen) < 0 ||
            get_keys(a, c, "Labels", true, &out->labels, &out->nlabels, w, err, errlen) < 0)
            return -1;
        json_t *hc;
        if (get_obj(c, "Healthcheck", &hc, w, err, errlen) < 0)
            return -1;
        if (hc) {
            char **test = NULL;
            size_t ntest = 0;
            if (get_strv(a, hc, "Test", &test, &ntest, false, "config.Healthcheck.", err,
                         errlen) < 0)
                return -1;
            out->has_healthcheck = ntest > 0 && strcmp(test[0], "NONE") != 0;
        }
    }
    json_t *h = field(doc, "history");
    if (h) {
        if (!json_is_array(h))
            return img_err(err, errlen, "history is not an array");
        size_t n = json_array_size(h);
        out->history = mt_arena_alloc(a, (n ? n : 1) * sizeof(img_history));
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_array_get(h, i);
            char w[48];
            snprintf(w, sizeof(w), "history[%zu].", i);
            if (!json_is_object(e))
                return img_err(err, errlen, "history[%zu] is not an object", i);
            img_history *hi = &out->history[i];
            if (get_str(a, e, "created_by", &hi->created_by, w, err, errlen) < 0 ||
                get_str(a, e, "created", &hi->created, w, err, errlen) < 0)
                return -1;
            json_t *el = field(e, "empty_layer");
            if (el && !json_is_boolean(el))
                return img_err(err, errlen, "%sempty_layer is not a boolean", w);
            hi->empty_layer = json_is_true(el);
        }
        out->nhistory = n;
    }
    json_t *rootfs;
    if (get_obj(doc, "rootfs", &rootfs, "", err, errlen) < 0)
        return -1;
    if (rootfs) {
        if (get_strv(a, rootfs, "diff_ids", &out->diff_ids, &out->ndiff_ids, false,
                     "rootfs.", err, errlen) < 0)
            return -1;
        for (size_t i = 0; i < out->ndiff_ids; i++) {
            if (!img_digest_valid(out->diff_ids[i]))
                return img_err(err, errlen, "rootfs.diff_ids[%zu] is not a sha256 digest: %.80s", i,
                               out->diff_ids[i]);
        }
    }
    return 0;
}

/* ---- docker save manifest.json ---- */

int img_parse_docker_manifest(mt_arena *a, const json_t *doc, img_docker_entry **out, size_t *n,
                              char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    if (!json_is_array(doc))
        return img_err(err, errlen, "not a JSON array");
    size_t len = json_array_size(doc);
    img_docker_entry *r = mt_arena_alloc(a, (len ? len : 1) * sizeof(*r));
    for (size_t i = 0; i < len; i++) {
        json_t *e = json_array_get(doc, i);
        char w[48];
        snprintf(w, sizeof(w), "[%zu].", i);
        if (!json_is_object(e))
            return img_err(err, errlen, "[%zu] is not an object", i);
        if (get_str(a, e, "Config", &r[i].config, w, err, errlen) < 0 ||
            get_strv(a, e, "RepoTags", &r[i].repo_tags, &r[i].ntags, false, w, err,
                     errlen) < 0 ||
            get_strv(a, e, "Layers", &r[i].layers, &r[i].nlayers, false, w, err, errlen) < 0)
            return -1;
        if (!r[i].config)
            return img_err(err, errlen, "[%zu] has no Config", i);
        if (!r[i].layers)
            return img_err(err, errlen, "[%zu] has no Layers", i);
    }
    *out = r;
    *n = len;
    return 0;
}

void img_map_history(img_image *im)
{
    size_t li = 0;
    for (size_t i = 0; i < im->config.nhistory && li < im->nlayers; i++) {
        const img_history *h = &im->config.history[i];
        if (h->empty_layer)
            continue;
        im->layers[li++].created_by = h->created_by;
    }
}
