/* img_open.c — image sources: parse the target, detect bare paths, open an
 * OCI layout (directory or inside a tar), a docker save archive (legacy or
 * OCI-based) or a root filesystem directory, select the image and
 * platform, parse manifest and config, and hand layers to the layer or
 * directory walker. See img.h and img_internal.h. */
#include "image/img_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SRC_OCI, SRC_OCI_ARCHIVE, SRC_DOCKER_ARCHIVE, SRC_DIR };

static const char *const kind_names[] = {"oci", "oci-archive", "docker-archive", "dir"};

#define MAX_INDEX_DEPTH 8
#define MAX_ARCHIVE_MEMBERS 1000000

typedef struct img_layer_loc {
    const char *name;    /* layout-relative path or archive member */
    const char *digest;  /* expected blob digest, NULL when unknown */
    const char *diff_id; /* expected diff ID, NULL when unknown */
} img_layer_loc;

struct img_source {
    int type;
    char *path;           /* the directory or archive file */
    int fd;               /* layout directory or archive file; -1 for dir: */
    img_tar_index idx;
    bool has_idx;
    img_limits lim;
    img_layer_loc *locs;
};

/* ---- reading files of a source ---- */

/* Opens a file of the layout or a member of the archive as a byte range.
 * *own tells whether rd->fd must be closed by the caller. */
static int src_open(const struct img_source *src, const char *name, img_rd *rd, bool *own,
                    char *err, size_t errlen)
{
    *own = false;
    memset(rd, 0, sizeof(*rd));
    rd->fd = -1;
    if (src->type == SRC_OCI) {
        int fd = openat(src->fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return img_err(err, errlen, "%s: %s", name, strerror(errno));
        struct stat st;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            close(fd);
            return img_err(err, errlen, "%s: not a regular file", name);
        }
        rd->fd = fd;
        rd->size = (uint64_t)st.st_size;
        *own = true;
        return 0;
    }
    const img_tar_member *m = img_tar_lookup(&src->idx, name);
    if (!m)
        return img_err(err, errlen, "%s: no such member in the archive", name);
    rd->fd = src->fd;
    rd->off = m->off;
    rd->size = m->size;
    return 0;
}

/* Reads and parses a JSON file of the source, checking its size and digest
 * when given. *digest_out (optional) receives its sha256 digest. */
static json_t *src_json(img_image *im, const char *name, const char *digest, int64_t size,
                        char *digest_out, char *err, size_t errlen)
{
    struct img_source *src = im->src;
    img_rd rd;
    bool own;
    char e2[512];
    if (src_open(src, name, &rd, &own, e2, sizeof(e2)) < 0) {
        img_err(err, errlen, "%s: %s", im->target, e2);
        return NULL;
    }
    char *buf;
    size_t len;
    int rc = img_rd_slurp(&rd, src->lim.max_json, &buf, &len, e2, sizeof(e2));
    if (own)
        close(rd.fd);
    if (rc < 0) {
        img_err(err, errlen, "%s: %s: %s", im->target, name, e2);
        return NULL;
    }
    char d[72];
    img_sha256_buf(buf, len, d);
    if (digest_out)
        memcpy(digest_out, d, sizeof(d));
    if (size >= 0 && (uint64_t)size != len) {
        img_err(err, errlen, "%s: %s: %zu bytes, but its descriptor says %lld", im->target, name,
                len, (long long)size);
        free(buf);
        return NULL;
    }
    if (digest && strcmp(digest, d) != 0) {
        img_err(err, errlen, "%s: %s: digest mismatch: expected %s, content is %s", im->target,
                name, digest, d);
        free(buf);
        return NULL;
    }
    json_t *j = img_json_load(buf, len, src->lim.max_json, e2, sizeof(e2));
    free(buf);
    if (!j)
        img_err(err, errlen, "%s: %s: %s", im->target, name, e2);
    return j;
}

/* "blobs/sha256/<hex>" for a valid digest, else NULL with err. */
static char *blob_path(img_image *im, const char *digest, const char *what, char *err,
                       size_t errlen)
{
    if (!img_digest_valid(digest)) {
        if (digest && strncmp(digest, "sha256:", 7) != 0 && strchr(digest, ':'))
            img_err(err, errlen, "%s: %s: unsupported digest algorithm in %.100s", im->target, what,
                    digest);
        else
            img_err(err, errlen, "%s: %s: malformed digest %.100s", im->target, what,
                    digest ? digest : "(none)");
        return NULL;
    }
    return mt_arena_printf(&im->arena, "blobs/sha256/%s", digest + 7);
}

/* ---- selection in an index ---- */

typedef struct want_plat {
    img_platform p;
    bool explicit_, variant;
    const char *text;
} want_plat;

static void list_tags(mt_buf *b, const img_index_doc *ix)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->nmanifests; i++) {
        if (ix->manifests[i].ref_name)
            mt_buf_printf(b, "%s%s", n++ ? ", " : "", ix->manifests[i].ref_name);
    }
    if (!n)
        mt_buf_puts(b, "none");
}

static const img_desc *select_desc(img_image *im, const img_index_doc *ix, const char *where,
                                   const char *tag, const want_plat *want, char *err,
                                   size_t errlen)
{
    const img_desc **c = mt_arena_alloc(&im->arena, (ix->nmanifests + 1) * sizeof(*c));
    size_t n = 0;
    for (size_t i = 0; i < ix->nmanifests; i++) {
        const img_desc *d = &ix->manifests[i];
        if (!tag || (tag[0] == '@' ? d->digest && !strcmp(d->digest, tag + 1)
                                   : d->ref_name && !strcmp(d->ref_name, tag)))
            c[n++] = d;
    }
    mt_buf b;
    mt_buf_init(&b);
    if (n == 0) {
        if (tag) {
            list_tags(&b, ix);
            if (tag[0] == '@')
                img_err(err, errlen, "%s: %s: no manifest %s", im->target, where, tag + 1);
            else
                img_err(err, errlen, "%s: %s: no image tagged '%s' (tags: %s)", im->target, where,
                        tag, b.data);
        } else {
            img_err(err, errlen, "%s: %s lists no images", im->target, where);
        }
        mt_buf_free(&b);
        return NULL;
    }
    bool same = true;
    for (size_t i = 1; i < n; i++)
        same = same && c[i]->digest && c[0]->digest && !strcmp(c[i]->digest, c[0]->digest);
    if (n == 1 || same)
        return c[0];
    const img_desc *best = NULL;
    int best_score = 0;
    bool any_platform = false;
    for (size_t i = 0; i < n; i++) {
        if (!c[i]->has_platform)
            continue;
        any_platform = true;
        int sc = img_platform_score(&want->p, want->variant, &c[i]->platform);
        if (sc > best_score) {
            best = c[i];
            best_score = sc;
        }
    }
    if (best)
        return best;
    if (any_platform) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            const img_platform *p = &c[i]->platform;
            if (!c[i]->has_platform || !p->os || !p->arch)
                continue;
            mt_buf_printf(&b, "%s%s/%s%s%s", k++ ? ", " : "", p->os, p->arch,
                          p->variant ? "/" : "", p->variant ? p->variant : "");
        }
        img_err(err, errlen, "%s: %s: no image for platform %s (available: %s)", im->target, where,
                want->text, k ? b.data : "none");
    } else {
        list_tags(&b, ix);
        img_err(err, errlen, "%s: %s lists %zu images; name one with :TAG (tags: %s)", im->target,
                where, n, b.data);
    }
    mt_buf_free(&b);
    return NULL;
}

static bool is_index_type(const char *mt)
{
    return mt && (!strcmp(mt, IMG_MT_OCI_INDEX) || !strcmp(mt, IMG_MT_DOCKER_LIST));
}

static bool is_manifest_type(const char *mt)
{
    return mt && (!strcmp(mt, IMG_MT_OCI_MANIFEST) || !strcmp(mt, IMG_MT_DOCKER_MANIFEST));
}

/* Loads and parses the config of a manifest and fills the image's layers. */
static int load_image(img_image *im, const img_manifest_doc *m, const char *mname, char *err,
                      size_t errlen)
{
    const char *cmt = m->config.media_type;
    if (cmt && strcmp(cmt, IMG_MT_OCI_CONFIG) != 0 && strcmp(cmt, IMG_MT_DOCKER_CONFIG) != 0)
        return img_err(err, errlen, "%s: %s: not a container image (config media type %s)",
                       im->target, mname, cmt);
    char *cpath = blob_path(im, m->config.digest, "config", err, errlen);
    if (!cpath)
        return -1;
    json_t *cj = src_json(im, cpath, m->config.digest, m->config.size, NULL, err, errlen);
    if (!cj)
        return -1;
    char e2[512];
    int rc = img_parse_config(&im->arena, cj, &im->config, e2, sizeof(e2));
    json_decref(cj);
    if (rc < 0)
        return img_err(err, errlen, "%s: config %s: %s", im->target, m->config.digest, e2);
    im->config_digest = mt_arena_strdup(&im->arena, m->config.digest);
    im->annotations = m->annotations;
    im->nannotations = m->nannotations;
    if (im->config.ndiff_ids != m->nlayers)
        return img_err(err, errlen,
                       "%s: %s lists %zu layers but the config has %zu diff IDs", im->target,
                       mname, m->nlayers, im->config.ndiff_ids);
    im->nlayers = m->nlayers;
    im->layers = mt_arena_alloc(&im->arena, (m->nlayers + 1) * sizeof(img_layer));
    im->src->locs = mt_arena_alloc(&im->arena, (m->nlayers + 1) * sizeof(img_layer_loc));
    for (size_t i = 0; i < m->nlayers; i++) {
        const img_desc *d = &m->layers[i];
        char w[48];
        snprintf(w, sizeof(w), "layer %zu", i);
        char *p = blob_path(im, d->digest, w, err, errlen);
        if (!p)
            return -1;
        img_layer *l = &im->layers[i];
        l->digest = mt_arena_strdup(&im->arena, d->digest);
        l->diff_id = im->config.diff_ids[i];
        l->media_type = d->media_type;
        l->size = d->size;
        im->src->locs[i].name = p;
        im->src->locs[i].digest = l->digest;
        im->src->locs[i].diff_id = l->diff_id;
    }
    img_map_history(im);
    return 0;
}

static int check_config_platform(img_image *im, const want_plat *want, char *err, size_t errlen)
{
    if (!want->explicit_ || !im->config.os || !im->config.arch)
        return 0;
    img_platform have = {im->config.os, im->config.arch, im->config.variant};
    if (img_platform_score(&want->p, want->variant, &have) == 0)
        return img_err(err, errlen, "%s: the image is for %s/%s%s%s, not %s", im->target,
                       have.os, have.arch, have.variant ? "/" : "",
                       have.variant ? have.variant : "", want->text);
    return 0;
}

static int open_oci(img_image *im, const char *tag, const want_plat *want, char *err,
                    size_t errlen)
{
    json_t *lj = src_json(im, "oci-layout", NULL, -1, NULL, err, errlen);
    if (!lj)
        return -1;
    bool ok = json_is_string(json_object_get(lj, "imageLayoutVersion"));
    json_decref(lj);
    if (!ok)
        return img_err(err, errlen, "%s: oci-layout: no imageLayoutVersion", im->target);
    json_t *ij = src_json(im, "index.json", NULL, -1, NULL, err, errlen);
    if (!ij)
        return -1;
    img_index_doc top;
    char e2[512];
    int rc = img_parse_index(&im->arena, ij, &top, e2, sizeof(e2));
    json_decref(ij);
    if (rc < 0)
        return img_err(err, errlen, "%s: index.json: %s", im->target, e2);
    const img_desc *d = select_desc(im, &top, "index.json", tag, want, err, errlen);
    if (!d)
        return -1;
    /* tags: every ref name of the chosen top-level entry */
    mt_vec tags = {0};
    for (size_t i = 0; i < top.nmanifests; i++) {
        const img_desc *t = &top.manifests[i];
        if (t->ref_name && t->digest && d->digest && !strcmp(t->digest, d->digest))
            mt_vec_push(&tags, t->ref_name);
    }
    im->tags = mt_arena_alloc(&im->arena, (tags.len + 1) * sizeof(char *));
    for (size_t i = 0; i < tags.len; i++)
        im->tags[i] = tags.items[i];
    im->ntags = tags.len;
    mt_vec_free(&tags);

    for (int depth = 0;; depth++) {
        if (depth >= MAX_INDEX_DEPTH)
            return img_err(err, errlen, "%s: image indexes nested deeper than %d", im->target,
                           MAX_INDEX_DEPTH);
        char *p = blob_path(im, d->digest, "index.json entry", err, errlen);
        if (!p)
            return -1;
        json_t *j = src_json(im, p, d->digest, d->size, NULL, err, errlen);
        if (!j)
            return -1;
        const char *kind = is_index_type(d->media_type)      ? "index"
                           : is_manifest_type(d->media_type) ? "manifest"
                                                             : img_json_kind(j);
        if (kind && !strcmp(kind, "index")) {
            img_index_doc sub;
            rc = img_parse_index(&im->arena, j, &sub, e2, sizeof(e2));
            json_decref(j);
            if (rc < 0)
                return img_err(err, errlen, "%s: index %s: %s", im->target, d->digest, e2);
            char *where = mt_arena_printf(&im->arena, "index %s", d->digest);
            d = select_desc(im, &sub, where, NULL, want, err, errlen);
            if (!d)
                return -1;
            continue;
        }
        if (!kind) {
            json_decref(j);
            return img_err(err, errlen, "%s: %s is neither an image index nor a manifest%s%s",
                           im->target, d->digest, d->media_type ? " but " : "",
                           d->media_type ? d->media_type : "");
        }
        img_manifest_doc m;
        rc = img_parse_manifest(&im->arena, j, &m, e2, sizeof(e2));
        json_decref(j);
        if (rc < 0)
            return img_err(err, errlen, "%s: manifest %s: %s", im->target, d->digest, e2);
        im->manifest_digest = mt_arena_strdup(&im->arena, d->digest);
        char *mname = mt_arena_printf(&im->arena, "manifest %s", d->digest);
        if (load_image(im, &m, mname, err, errlen) < 0)
            return -1;
        return check_config_platform(im, want, err, errlen);
    }
}

/* ---- docker-archive ---- */

/* "sha256:<hex>" when name is blobs/sha256/<hex> (optionally with a
 * suffix such as ".json" or ".tar" after the hex), else NULL. */
static char *digest_from_name(img_image *im, const char *name, const char *suffix)
{
    const char *base = mt_basename(name);
    size_t blen = strlen(base), slen = suffix ? strlen(suffix) : 0;
    if (blen != 64 + slen || (slen && strcmp(base + 64, suffix) != 0))
        return NULL;
    char *d = mt_arena_printf(&im->arena, "sha256:%.64s", base);
    return img_digest_valid(d) ? d : NULL;
}

/* Docker 25+ writes an OCI layout next to manifest.json: find the manifest
 * whose config is ours, for the manifest digest and the layer media types.
 * Best effort: any problem just leaves them unknown. */
static void docker_oci_enrich(img_image *im)
{
    if (!img_tar_lookup(&im->src->idx, "index.json"))
        return;
    char e2[256];
    json_t *ij = src_json(im, "index.json", NULL, -1, NULL, e2, sizeof(e2));
    if (!ij)
        return;
    img_index_doc ix;
    int rc = img_parse_index(&im->arena, ij, &ix, e2, sizeof(e2));
    json_decref(ij);
    if (rc < 0)
        return;
    /* breadth-first over nested indexes, a bounded number of documents */
    mt_vec queue = {0};
    for (size_t i = 0; i < ix.nmanifests; i++)
        mt_vec_push(&queue, &ix.manifests[i]);
    for (size_t qi = 0; qi < queue.len && qi < 16; qi++) {
        const img_desc *d = queue.items[qi];
        if (!img_digest_valid(d->digest))
            continue;
        char *p = mt_arena_printf(&im->arena, "blobs/sha256/%s", d->digest + 7);
        json_t *j = src_json(im, p, d->digest, d->size, NULL, e2, sizeof(e2));
        if (!j)
            continue;
        const char *kind = img_json_kind(j);
        if (kind && !strcmp(kind, "index")) {
            img_index_doc sub;
            if (img_parse_index(&im->arena, j, &sub, e2, sizeof(e2)) == 0) {
                for (size_t i = 0; i < sub.nmanifests; i++)
                    mt_vec_push(&queue, &sub.manifests[i]);
            }
        } else if (kind) {
            img_manifest_doc m;
            if (img_parse_manifest(&im->arena, j, &m, e2, sizeof(e2)) == 0 && m.config.digest &&
                !strcmp(m.config.digest, im->config_digest) && m.nlayers == im->nlayers) {
                bool match = true;
                for (size_t i = 0; i < m.nlayers; i++) {
                    const char *ld = im->layers[i].digest;
                    if (ld && (!m.layers[i].digest || strcmp(ld, m.layers[i].digest) != 0))
                        match = false;
                }
                if (match) {
                    im->manifest_digest = mt_arena_strdup(&im->arena, d->digest);
                    for (size_t i = 0; i < m.nlayers; i++)
                        im->layers[i].media_type = m.layers[i].media_type;
                    json_decref(j);
                    break;
                }
            }
        }
        json_decref(j);
    }
    mt_vec_free(&queue);
}

static bool repo_tag_matches(const char *have, const char *want)
{
    if (!strcmp(have, want))
        return true;
    /* "name" means "name:latest" */
    const char *slash = strrchr(want, '/');
    if (!strchr(slash ? slash : want, ':')) {
        size_t n = strlen(want);
        return !strncmp(have, want, n) && !strcmp(have + n, ":latest");
    }
    return false;
}

static int open_docker(img_image *im, const char *tag, const want_plat *want, char *err,
                       size_t errlen)
{
    json_t *mj = src_json(im, "manifest.json", NULL, -1, NULL, err, errlen);
    if (!mj) {
        if (!img_tar_lookup(&im->src->idx, "manifest.json"))
            return img_err(err, errlen,
                           "%s: no manifest.json: not a docker save archive (or one older than "
                           "Docker 1.10)",
                           im->target);
        return -1;
    }
    img_docker_entry *ents;
    size_t n;
    char e2[512];
    int rc = img_parse_docker_manifest(&im->arena, mj, &ents, &n, e2, sizeof(e2));
    json_decref(mj);
    if (rc < 0)
        return img_err(err, errlen, "%s: manifest.json: %s", im->target, e2);
    if (n == 0)
        return img_err(err, errlen, "%s: manifest.json lists no images", im->target);
    const img_docker_entry *e = &ents[0];
    if (tag) {
        e = NULL;
        for (size_t i = 0; i < n && !e; i++) {
            for (size_t k = 0; k < ents[i].ntags; k++) {
                if (repo_tag_matches(ents[i].repo_tags[k], tag)) {
                    e = &ents[i];
                    break;
                }
            }
        }
        if (!e)
            return img_err(err, errlen, "%s: manifest.json: no image tagged '%s'", im->target, tag);
    }
    im->tags = e->repo_tags ? e->repo_tags : mt_arena_alloc(&im->arena, sizeof(char *));
    im->ntags = e->ntags;

    char cd[72];
    char *expect = digest_from_name(im, e->config, ".json");
    if (!expect)
        expect = digest_from_name(im, e->config, NULL);
    json_t *cj = src_json(im, e->config, expect, -1, cd, err, errlen);
    if (!cj)
        return -1;
    rc = img_parse_config(&im->arena, cj, &im->config, e2, sizeof(e2));
    json_decref(cj);
    if (rc < 0)
        return img_err(err, errlen, "%s: %s: %s", im->target, e->config, e2);
    im->config_digest = mt_arena_strdup(&im->arena, cd);
    if (im->config.ndiff_ids != e->nlayers)
        return img_err(err, errlen, "%s: manifest.json lists %zu layers but the config has %zu "
                       "diff IDs", im->target, e->nlayers, im->config.ndiff_ids);
    im->nlayers = e->nlayers;
    im->layers = mt_arena_alloc(&im->arena, (e->nlayers + 1) * sizeof(img_layer));
    im->src->locs = mt_arena_alloc(&im->arena, (e->nlayers + 1) * sizeof(img_layer_loc));
    for (size_t i = 0; i < e->nlayers; i++) {
        const img_tar_member *m = img_tar_lookup(&im->src->idx, e->layers[i]);
        if (!m)
            return img_err(err, errlen, "%s: layer %zu: %s: no such member in the archive",
                           im->target, i, e->layers[i]);
        img_layer *l = &im->layers[i];
        /* OCI-based archives (Docker 25+) name layers by blob digest */
        const char *dir = strstr(e->layers[i], "blobs/sha256/");
        l->digest = dir ? digest_from_name(im, e->layers[i], NULL) : NULL;
        l->diff_id = im->config.diff_ids[i];
        l->size = (int64_t)m->size;
        im->src->locs[i].name = e->layers[i];
        im->src->locs[i].digest = l->digest;
        im->src->locs[i].diff_id = l->diff_id;
    }
    img_map_history(im);
    docker_oci_enrich(im);
    return check_config_platform(im, want, err, errlen);
}

/* ---- targets ---- */

static bool path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Splits "PATH[:TAG]" or "PATH@sha256:HEX": the whole string when it
 * exists, else the longest existing prefix before a ':' (a tag may itself
 * hold ':'); the digest form gives the tag "@sha256:HEX". */
static void split_tag(mt_arena *a, const char *rest, char **path, char **tag)
{
    *path = mt_arena_strdup(a, rest);
    *tag = NULL;
    if (path_exists(rest))
        return;
    /* PATH@sha256:HEX selects a manifest by digest */
    const char *at = strstr(rest, "@sha256:");
    if (at && at > rest) {
        char *p = mt_arena_strndup(a, rest, (size_t)(at - rest));
        if (path_exists(p)) {
            *path = p;
            *tag = mt_arena_strdup(a, at);
            return;
        }
    }
    for (size_t k = strlen(rest); k-- > 0;) {
        if (rest[k] != ':')
            continue;
        char *p = mt_arena_strndup(a, rest, k);
        if (k && path_exists(p)) {
            *path = p;
            *tag = mt_arena_strdup(a, rest + k + 1);
            return;
        }
    }
}

static const char *compressed_kind(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return "gzip";
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
        return "zstd";
    if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
        return "xz";
    if (n >= 3 && !memcmp(p, "BZh", 3))
        return "bzip2";
    return NULL;
}

/* Opens an archive file and indexes it. */
static int open_archive(img_image *im, char *err, size_t errlen)
{
    struct img_source *src = im->src;
    int fd = open(src->path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return img_err(err, errlen, "%s: %s: %s", im->target, src->path, strerror(errno));
    src->fd = fd;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return img_err(err, errlen, "%s: not a regular file", im->target);
    img_rd rd = {.fd = fd, .off = 0, .size = (uint64_t)st.st_size};
    unsigned char head[8];
    ssize_t k = img_rd_read(&rd, 0, head, sizeof(head));
    const char *ck = k > 0 ? compressed_kind(head, (size_t)k) : NULL;
    if (ck)
        return img_err(err, errlen,
                       "%s: the archive is %s-compressed; only uncompressed tar archives are read "
                       "in place (decompress it first)",
                       im->target, ck);
    char e2[512];
    if (img_tar_index_build(&src->idx, &rd, MAX_ARCHIVE_MEMBERS, e2, sizeof(e2)) < 0)
        return img_err(err, errlen, "%s: %s", im->target, e2);
    src->has_idx = true;
    return 0;
}

void img_close(img_image *im)
{
    if (!im)
        return;
    if (im->src) {
        if (im->src->fd >= 0)
            close(im->src->fd);
        if (im->src->has_idx)
            img_tar_index_free(&im->src->idx);
    }
    mt_arena_free(&im->arena);
    free(im);
}

int img_open(const char *target, const img_open_opts *o, img_image **out, char *err,
             size_t errlen)
{
    *out = NULL;
    if (!target || !*target)
        return img_err(err, errlen, "no image given");
    img_image *im = mt_xcalloc(1, sizeof(*im));
    mt_arena_init(&im->arena);
    im->target = mt_arena_strdup(&im->arena, target);
    struct img_source *src = mt_arena_alloc(&im->arena, sizeof(*src));
    src->fd = -1;
    im->src = src;
    img_limits_fill(&src->lim, o ? &o->limits : NULL);

    want_plat want = {0};
    want.text = o && o->platform ? o->platform : "linux/amd64";
    want.explicit_ = o && o->platform;
    if (img_platform_parse(&im->arena, want.text, &want.p) < 0) {
        img_err(err, errlen, "%s: invalid platform '%s' (want os/arch[/variant])", target,
                want.text);
        goto fail;
    }
    want.variant = want.p.variant != NULL;

    static const struct {
        const char *prefix;
        int type;
    } prefixes[] = {{"oci:", SRC_OCI},
                    {"oci-archive:", SRC_OCI_ARCHIVE},
                    {"docker-archive:", SRC_DOCKER_ARCHIVE},
                    {"dir:", SRC_DIR}};
    int type = -1;
    char *tag = NULL;
    for (size_t i = 0; i < MT_ARRAY_LEN(prefixes); i++) {
        if (mt_startswith(target, prefixes[i].prefix)) {
            type = prefixes[i].type;
            const char *rest = target + strlen(prefixes[i].prefix);
            if (type == SRC_DIR)
                src->path = mt_arena_strdup(&im->arena, rest);
            else
                split_tag(&im->arena, rest, &src->path, &tag);
            break;
        }
    }
    if (type < 0) {
        /* a bare path */
        struct stat st;
        if (stat(target, &st) < 0) {
            const char *colon = strchr(target, ':');
            size_t sl = colon ? (size_t)(colon - target) : 0;
            if (colon && sl > 1 && strspn(target, "abcdefghijklmnopqrstuvwxyz-") == sl)
                img_err(err, errlen, "%s: unsupported source type '%.*s' (use oci:, oci-archive:, "
                        "docker-archive: or dir:)", target, (int)sl, target);
            else
                img_err(err, errlen, "%s: %s", target, strerror(errno));
            goto fail;
        }
        src->path = im->target;
        if (S_ISDIR(st.st_mode)) {
            char *lay = mt_arena_printf(&im->arena, "%s/oci-layout", target);
            struct stat lst;
            type = stat(lay, &lst) == 0 && S_ISREG(lst.st_mode) ? SRC_OCI : SRC_DIR;
        } else if (S_ISREG(st.st_mode)) {
            src->type = SRC_OCI_ARCHIVE;
            if (open_archive(im, err, errlen) < 0)
                goto fail;
            type = img_tar_lookup(&src->idx, "oci-layout") &&
                           !img_tar_lookup(&src->idx, "manifest.json")
                       ? SRC_OCI_ARCHIVE
                       : SRC_DOCKER_ARCHIVE;
        } else {
            img_err(err, errlen, "%s: neither a directory nor a regular file", target);
            goto fail;
        }
    }
    src->type = type;
    im->kind = kind_names[type];

    switch (type) {
    case SRC_DIR: {
        struct stat st;
        if (stat(src->path, &st) < 0) {
            img_err(err, errlen, "%s: %s", target, strerror(errno));
            goto fail;
        }
        if (!S_ISDIR(st.st_mode)) {
            img_err(err, errlen, "%s: not a directory", target);
            goto fail;
        }
        im->nlayers = 1;
        im->layers = mt_arena_alloc(&im->arena, sizeof(img_layer));
        im->layers[0].size = -1;
        im->tags = mt_arena_alloc(&im->arena, sizeof(char *));
        break;
    }
    case SRC_OCI: {
        int fd = open(src->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            img_err(err, errlen, "%s: %s: %s", target, src->path, strerror(errno));
            goto fail;
        }
        src->fd = fd;
        if (open_oci(im, tag, &want, err, errlen) < 0)
            goto fail;
        break;
    }
    case SRC_OCI_ARCHIVE:
        if (!src->has_idx && open_archive(im, err, errlen) < 0)
            goto fail;
        if (!img_tar_lookup(&src->idx, "oci-layout")) {
            img_err(err, errlen, "%s: not an OCI image layout archive (no oci-layout member)%s",
                    target,
                    img_tar_lookup(&src->idx, "manifest.json") ? "; it looks like a docker-archive"
                                                               : "");
            goto fail;
        }
        if (open_oci(im, tag, &want, err, errlen) < 0)
            goto fail;
        break;
    case SRC_DOCKER_ARCHIVE:
        if (!src->has_idx && open_archive(im, err, errlen) < 0)
            goto fail;
        if (open_docker(im, tag, &want, err, errlen) < 0)
            goto fail;
        break;
    }
    if (!im->tags)
        im->tags = mt_arena_alloc(&im->arena, sizeof(char *));
    im->path = src->path;
    *out = im;
    return 0;
fail:
    img_close(im);
    return -1;
}

/* ---- walking ---- */

int img_walk_layer_stats(img_image *im, size_t i, img_entry_fn fn, void *ud, img_walk_stats *st,
                         char *err, size_t errlen)
{
    if (st)
        memset(st, 0, sizeof(*st));
    if (!im || !fn)
        return img_err(err, errlen, "no image");
    if (i >= im->nlayers)
        return img_err(err, errlen, "%s: no layer %zu (the image has %zu)", im->target, i,
                       im->nlayers);
    const struct img_source *src = im->src;
    if (src->type == SRC_DIR)
        return img_dir_walk(src->path, &src->lim, im->target, fn, ud, st, err, errlen);

    const img_layer *l = &im->layers[i];
    const img_layer_loc *loc = &src->locs[i];
    char what[768];
    if (l->digest)
        snprintf(what, sizeof(what), "%s: layer %zu (%s)", im->target, i, l->digest);
    else
        snprintf(what, sizeof(what), "%s: layer %zu (%s, diff ID %s)", im->target, i, loc->name,
                 l->diff_id ? l->diff_id : "unknown");
    if (l->media_type && strstr(l->media_type, "encrypted"))
        return img_err(err, errlen, "%s: encrypted layers are not supported (%s)", what,
                       l->media_type);
    img_rd rd;
    bool own;
    char e2[512];
    if (src_open(src, loc->name, &rd, &own, e2, sizeof(e2)) < 0)
        return img_err(err, errlen, "%s: %s", what, e2);
    int rc;
    if (l->size >= 0 && l->digest && (uint64_t)l->size != rd.size) {
        rc = img_err(err, errlen, "%s: the blob is %llu bytes, its descriptor says %lld", what,
                     (unsigned long long)rd.size, (long long)l->size);
    } else {
        img_blob_opts bo = {0};
        bo.limits = src->lim;
        bo.digest = loc->digest;
        bo.diff_id = loc->diff_id;
        bo.what = what;
        rc = img_walk_blob(&rd, &bo, fn, ud, st, err, errlen);
    }
    if (own)
        close(rd.fd);
    return rc;
}

int img_walk_layer(img_image *im, size_t i, img_entry_fn fn, void *ud, char *err, size_t errlen)
{
    return img_walk_layer_stats(im, i, fn, ud, NULL, err, errlen);
}
