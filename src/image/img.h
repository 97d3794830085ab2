/* img.h — reading container images without extracting them: open an image
 * from any source (OCI layout, oci-archive, docker-archive, a root
 * filesystem directory), select the platform, parse its manifest and
 * config, and stream each layer's entries through a callback with digests
 * verified and whiteouts reported (not applied: the caller merges layers).
 *
 * Sources:   oci:DIR[:TAG]  oci-archive:FILE[:TAG]  docker-archive:FILE  dir:PATH
 *            (instead of :TAG, @sha256:HEX picks a manifest of the index by digest)
 *            or a bare path (a directory with oci-layout -> oci, other
 *            directory -> dir, a tar file -> oci-archive when it holds
 *            oci-layout and no manifest.json, else docker-archive).
 *
 * Ownership: an img_image owns everything reachable from it (its own
 * arena) and the open source handle; img_close() frees it all. Entry
 * structs passed to callbacks are valid only during the callback. Nothing
 * is ever written to the host filesystem. */
#ifndef MOAT_IMG_H
#define MOAT_IMG_H

#include <stdint.h>

#include "core/util.h"

/* Bounds for hostile images; zero fields take the defaults. */
typedef struct img_limits {
    uint64_t max_blob_size;       /* compressed blob; default 16 GiB */
    uint64_t max_layer_size;      /* uncompressed layer tar; default 64 GiB */
    uint64_t max_ratio;           /* uncompressed/compressed; default 200 (bombs) */
    uint64_t max_entries;         /* entries per layer; default 4,000,000 */
    uint32_t max_path;            /* bytes of an entry path; default 4096 */
    uint64_t max_json;            /* manifest, index or config; default 8 MiB */
} img_limits;

typedef struct img_open_opts {
    const char *platform;  /* "os/arch[/variant]"; NULL = linux/amd64 */
    img_limits limits;
} img_open_opts;

typedef struct img_history {
    char *created_by;  /* may be NULL */
    char *created;     /* RFC 3339, may be NULL */
    bool empty_layer;
} img_history;

typedef struct img_config {
    char *os, *arch, *variant;
    char *user;                 /* Config.User, NULL or "" when unset */
    char **env;                 /* Config.Env "K=V" */
    size_t nenv;
    char **exposed_ports;       /* Config.ExposedPorts keys, e.g. "22/tcp" */
    size_t nexposed;
    bool has_healthcheck;       /* Config.Healthcheck with a test other than NONE */
    char **entrypoint, **cmd;   /* NULL-terminated, may be NULL */
    char **labels;              /* "K=V" */
    size_t nlabels;
    img_history *history;
    size_t nhistory;
    char **diff_ids;            /* rootfs.diff_ids */
    size_t ndiff_ids;
} img_config;

typedef struct img_layer {
    char *digest;      /* blob digest "sha256:<hex>"; NULL when the source does not
                          name one (legacy docker-archive: then diff_id is verified) */
    char *diff_id;     /* "sha256:<hex>" of the uncompressed tar (config rootfs) */
    char *media_type;  /* as declared; NULL if none */
    int64_t size;      /* blob size as declared, -1 unknown */
    char *created_by;  /* the history entry that made the layer, if known */
} img_layer;

typedef struct img_image {
    mt_arena arena;
    char *target;          /* as given */
    const char *kind;      /* "oci", "oci-archive", "docker-archive", "dir" */
    char *manifest_digest; /* NULL for dir and legacy docker-archive */
    char *config_digest;   /* NULL for dir */
    char **tags;           /* repo tags / ref names known for the image */
    size_t ntags;
    char *path;            /* the file or directory read (without kind prefix and tag) */
    char **annotations;    /* the manifest's annotations, "KEY=VALUE"; NULL for dir and
                              docker-archive without an OCI manifest */
    size_t nannotations;
    img_config config;     /* zeroed for dir */
    img_layer *layers;     /* a dir source has one pseudo-layer */
    size_t nlayers;
    struct img_source *src; /* private */
} img_image;

/* Opens and parses. Returns 0, or -1 with a message naming the file and
 * the problem in err. */
int img_open(const char *target, const img_open_opts *o, img_image **out, char *err, size_t errlen);
void img_close(img_image *im);

/* ---- layer walking ---- */

typedef enum {
    IMG_REG = 'f',        /* regular file */
    IMG_DIR = 'd',
    IMG_SYMLINK = 'l',
    IMG_HARDLINK = 'h',   /* link names the earlier entry (normalised) */
    IMG_OTHER = 'o',      /* device, fifo, socket */
    IMG_WHITEOUT = 'w',   /* .wh.NAME: path is the deleted path */
    IMG_OPAQUE = 'q',     /* .wh..wh..opq: path is the directory emptied */
} img_entry_type;

typedef struct img_entry {
    const char *path;     /* normalised: relative, no "./", no "..", no trailing '/' */
    img_entry_type type;
    uint32_t mode;        /* permission bits incl. setuid/setgid/sticky */
    int64_t uid, gid;
    int64_t size;         /* regular files */
    const char *link;     /* symlink target as written, or hardlink target path */
} img_entry;

typedef struct img_walk img_walk; /* the walk in progress */

/* Called for every entry of a layer in archive order. Return 0 to go on,
 * non-zero to stop the walk (img_walk_layer then returns that value). */
typedef int (*img_entry_fn)(void *ud, img_walk *w, const img_entry *e);

/* Reads the current regular file's content (up to max bytes; *truncated
 * set when the file is longer) into memory malloc()ed for the caller.
 * Only valid inside the callback, once per entry. Returns 0 or -1. */
int img_walk_read(img_walk *w, size_t max, char **data, size_t *len, bool *truncated);

/* The same content in pieces of at most 1 MiB, in order, without holding
 * it whole: fn returns 0 to go on, non-zero to stop reading. Instead of
 * img_walk_read(), once per entry. Returns 0 or -1. */
int img_walk_stream(img_walk *w, int (*fn)(void *ud, const char *data, size_t len), void *ud);

/* Streams layer i (0 = base). Verifies the blob digest and the diff ID
 * when the walk reaches the end. Safe to call for different layers from
 * different threads at once. Returns 0, the callback's non-zero value, or
 * -1 with err naming the layer and entry. */
int img_walk_layer(img_image *im, size_t i, img_entry_fn fn, void *ud, char *err, size_t errlen);

#endif
