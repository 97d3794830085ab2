/* img_internal.h — private interfaces of the image reader (src/image): byte
 * ranges blobs are read from, the index of an outer tar, the JSON parsers
 * for indexes, manifests, configs and docker manifest.json, the layer
 * stream (decompress + hash + tar walk), the dir: walk, and the entry
 * points used by tests and fuzzers.
 *
 * Ownership: parsers allocate every string and array they return from the
 * mt_arena they are given; an img_tar_index owns its member table until
 * img_tar_index_free(); walks own nothing the caller sees after they
 * return (entries are valid during the callback only). Nothing here prints
 * or writes to the host filesystem. */
#ifndef MOAT_IMG_INTERNAL_H
#define MOAT_IMG_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "image/img.h"

/* ---- limits and errors ---- */

#define IMG_DEF_MAX_BLOB (16ull << 30)
#define IMG_DEF_MAX_LAYER (64ull << 30)
#define IMG_DEF_MAX_RATIO 200ull
#define IMG_DEF_MAX_ENTRIES 4000000ull
#define IMG_DEF_MAX_PATH 4096u
#define IMG_DEF_MAX_JSON (8ull << 20)
#define IMG_MAX_PATH_CAP (1u << 20) /* max_path above this is lowered to it */
/* The ratio bound applies only once this much has come out of a layer,
 * so tiny, very compressible layers (an empty tar is 1 KiB of zeros) pass. */
#define IMG_RATIO_SLACK (64ull << 20)

/* Copies in, replacing zero fields by the defaults (and capping max_path).
 * in may be NULL. */
void img_limits_fill(img_limits *out, const img_limits *in);

/* snprintf into err (when errlen > 0); always returns -1. */
int img_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True for "sha256:" followed by 64 lowercase hex digits. */
bool img_digest_valid(const char *d);

/* Lowercase hex "sha256:<hex>" of a finished SHA-256 (32 bytes) into out
 * (at least 72 bytes). */
void img_digest_format(const unsigned char md[32], char *out);

/* SHA-256 of a buffer as "sha256:<hex>" into out (72 bytes). */
void img_sha256_buf(const void *data, size_t len, char *out);

/* Normalises a path from a tar header or a link target: drops leading '/'
 * and "./", empty and "." components, and a trailing '/'. Writes the result
 * (possibly "" for the root) into out. Returns 0, 1 when a ".." component
 * makes it unusable, or -1 when it does not fit outlen. */
int img_path_norm(const char *in, char *out, size_t outlen);

/* ---- byte ranges ---- */

/* A range of a file (pread, so one fd serves several threads) or of
 * memory. */
typedef struct img_rd {
    int fd;              /* -1 when mem is used */
    const uint8_t *mem;
    uint64_t off;        /* start of the range within the file or mem */
    uint64_t size;
} img_rd;

/* Reads up to n bytes at pos (relative to the range). Returns the count
 * (short only at the end of the range), or -1 with errno set. */
ssize_t img_rd_read(const img_rd *r, uint64_t pos, void *buf, size_t n);

/* Reads a whole range of at most max bytes into malloc()ed, NUL-terminated
 * memory. Returns 0 or -1 with a message in err. */
int img_rd_slurp(const img_rd *r, uint64_t max, char **out, size_t *len, char *err, size_t errlen);

/* ---- outer tar index (oci-archive, docker-archive) ---- */

typedef struct img_tar_member {
    char *name;     /* normalised */
    char type;      /* 'f' regular, 'l' symlink, 'h' hardlink */
    char *link;     /* symlink target as written / hardlink target normalised */
    uint64_t off;   /* data offset in the archive */
    uint64_t size;
} img_tar_member;

typedef struct img_tar_index {
    mt_arena arena;
    mt_strmap map;  /* name -> img_tar_member* (the last one of a name wins) */
    size_t nmembers;
} img_tar_index;

/* Indexes an uncompressed tar (ustar, GNU long names, pax path/size).
 * Directories and other types are left out. Returns 0 or -1 with err. */
int img_tar_index_build(img_tar_index *ix, const img_rd *r, size_t max_members, char *err,
                        size_t errlen);
/* The regular-file member a name leads to, following member symlinks and
 * hardlinks (a few levels); NULL when there is none. */
const img_tar_member *img_tar_lookup(const img_tar_index *ix, const char *name);
void img_tar_index_free(img_tar_index *ix);

/* ---- JSON documents ---- */

/* Media types. */
#define IMG_MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define IMG_MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define IMG_MT_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define IMG_MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define IMG_MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define IMG_MT_DOCKER_CONFIG "application/vnd.docker.container.image.v1+json"

typedef struct img_platform {
    char *os, *arch, *variant; /* NULL when absent */
} img_platform;

typedef struct img_desc {
    char *media_type;   /* NULL when absent */
    char *digest;       /* not validated here */
    int64_t size;       /* -1 when absent */
    bool has_platform;
    img_platform platform;
    char *ref_name;     /* org.opencontainers.image.ref.name, NULL when absent */
} img_desc;

typedef struct img_index_doc {
    char *media_type;
    img_desc *manifests;
    size_t nmanifests;
} img_index_doc;

typedef struct img_manifest_doc {
    char *media_type;
    img_desc config;
    img_desc *layers;
    size_t nlayers;
    char **annotations;  /* "KEY=VALUE" of the manifest's string annotations */
    size_t nannotations;
} img_manifest_doc;

typedef struct img_docker_entry {
    char *config;   /* member name */
    char **repo_tags;
    size_t ntags;
    char **layers;  /* member names */
    size_t nlayers;
} img_docker_entry;

/* Parses a JSON document of at most max bytes (duplicate keys rejected).
 * Returns the value (json_decref() it) or NULL with err. */
json_t *img_json_load(const char *buf, size_t len, uint64_t max, char *err, size_t errlen);

/* "index", "manifest" or NULL: what a document is, from its mediaType or,
 * when it has none, its shape. */
const char *img_json_kind(const json_t *doc);

/* Each returns 0 or -1 with err; strings are copied into a. */
int img_parse_index(mt_arena *a, const json_t *doc, img_index_doc *out, char *err, size_t errlen);
int img_parse_manifest(mt_arena *a, const json_t *doc, img_manifest_doc *out, char *err,
                       size_t errlen);
int img_parse_config(mt_arena *a, const json_t *doc, img_config *out, char *err, size_t errlen);
int img_parse_docker_manifest(mt_arena *a, const json_t *doc, img_docker_entry **out, size_t *n,
                              char *err, size_t errlen);

/* "os/arch[/variant]" (arch aliases such as x86_64 and aarch64 folded).
 * Returns 0 or -1. */
int img_platform_parse(mt_arena *a, const char *s, img_platform *out);
/* 0 = no match, 1 = os/arch match with another variant, 2 = exact (the
 * default variant of the architecture counts as an exact match). */
int img_platform_score(const img_platform *want, bool want_variant, const img_platform *have);
/* Canonical architecture name ("amd64" for "x86_64", ...). */
const char *img_arch_canon(const char *arch);

/* Fills layers[i].created_by from the config's history (empty_layer
 * entries skipped). */
void img_map_history(img_image *im);

/* ---- walking ---- */

/* Counters of one walk (img_walk_layer_stats, img_walk_blob*). */
typedef struct img_walk_stats {
    uint64_t entries;      /* entries reported to the callback */
    uint64_t skipped;      /* entries left out: ".." paths, unusable names, aufs metadata,
                              unreadable directories (dir:) */
    uint64_t blob_bytes;   /* compressed bytes read */
    uint64_t tar_bytes;    /* uncompressed bytes produced */
} img_walk_stats;

/* Options of a blob walk. */
typedef struct img_blob_opts {
    img_limits limits;     /* zero fields take the defaults */
    const char *digest;    /* expected blob digest, or NULL */
    const char *diff_id;   /* expected digest of the uncompressed tar, or NULL */
    const char *what;      /* names the layer in messages, e.g. "oci:x: layer 1 (sha256:..)" */
    bool use_zlib;         /* gzip through zlib even when ISA-L is built in */
} img_blob_opts;

/* Streams one layer blob: detects gzip / zstd / plain tar by magic,
 * hashes as it goes, walks the tar, drains it and verifies the digests.
 * Returns 0, the callback's non-zero value, or -1 with err. st may be
 * NULL. */
int img_walk_blob(const img_rd *r, const img_blob_opts *o, img_entry_fn fn, void *ud,
                  img_walk_stats *st, char *err, size_t errlen);
int img_walk_blob_memory(const void *data, size_t len, const img_blob_opts *o, img_entry_fn fn,
                         void *ud, img_walk_stats *st, char *err, size_t errlen);

/* Walks a root filesystem directory without following symlinks. */
int img_dir_walk(const char *root, const img_limits *lim, const char *what, img_entry_fn fn,
                 void *ud, img_walk_stats *st, char *err, size_t errlen);

/* img_walk_read for a dir: walk (img_dir.c). */
int img_dir_read(img_walk *w, size_t max, char **data, size_t *len, bool *truncated);
int img_dir_stream(img_walk *w, char *buf, size_t cap, int (*fn)(void *ud, const char *data, size_t len),
                   void *ud);

/* img_walk_layer with counters (st may be NULL). */
int img_walk_layer_stats(img_image *im, size_t i, img_entry_fn fn, void *ud, img_walk_stats *st,
                         char *err, size_t errlen);

/* How the current entry's content is reached, per kind of walk. */
struct archive;
struct img_walk {
    int kind;               /* 0 layer (libarchive), 1 dir */
    /* layer */
    struct archive *ar;
    struct img_stream *stream;
    /* dir */
    int dirfd;              /* directory holding the current entry */
    const char *name;       /* its name in that directory */
    dev_t dev;
    ino_t ino;
    /* current entry */
    bool readable;          /* a regular file whose content can be read */
    bool read_done;
    int64_t size;
    /* a failure while reading content: the walk ends with it */
    bool failed;
    char msg[768];
};

#endif
