/* inv.h — the software inventory of an image: walks every layer once (the
 * layers in parallel), keeps only the files that package analyzers
 * registered by path pattern ask for (package databases, os-release), then
 * replays the layers in order — whiteouts and opaque directories applied —
 * to find the final filesystem's packages and, for each, the layer that
 * introduced it (the first layer from which on the same version stays
 * installed).
 *
 * Ownership: everything in an inv_result lives in the arena passed to
 * inv_scan(); inv_result_free() releases only its vectors. Nothing is
 * written to the host filesystem. */
#ifndef MOAT_INV_H
#define MOAT_INV_H

#include "image/img.h"
#include "pkg/pkg.h"

struct sec_ruleset;

typedef struct inv_opts {
    int threads;            /* layers walked at once; 0 = one per CPU */
    size_t max_file;        /* largest database file read; 0 = 256 MiB */
    const struct sec_ruleset *secrets; /* compiled secret rules: every text file of every
                                          layer is scanned in the same walk; NULL = none */
} inv_opts;

/* A secret found in a layer file (the file may be deleted by a later
 * layer: it is still in the image). */
typedef struct inv_secret {
    char *path;             /* in the image, without a leading '/' */
    int layer;
    const void *rule;       /* const sec_rule* of the ruleset given */
    int line, col, end_line;
    char *secret;
    size_t secret_len;
    char *line_text;        /* for gitleaks:allow / moat:allow */
} inv_secret;

/* Files of the final filesystem that the image audit reports on. */
typedef enum {
    INV_SETID = 1,          /* setuid or setgid regular file */
    INV_WORLD_WRITABLE,     /* file or directory (without the sticky bit) anyone may write */
    INV_SECRET_FILE,        /* private key, cloud or registry credentials, .env */
    INV_HISTORY_FILE,       /* shell or REPL history */
    INV_CACHE,              /* package-manager cache left behind */
} inv_note_kind;

typedef struct inv_note {
    inv_note_kind kind;
    char *path;             /* in the image, without a leading '/' */
    uint32_t mode;
    int64_t size;
    int layer;              /* the layer that added it */
    const char *what;       /* static text: what the file is ("an SSH private key",
                               "apt package lists"), NULL for SETID/WORLD_WRITABLE */
} inv_note;

typedef struct inv_result {
    mt_os os;               /* zeroed when unknown (os.id == NULL) */
    const char *os_source;  /* the file the OS came from, or NULL */
    mt_vec pkgs;            /* mt_pkg*, sorted by type, name, arch, version */
    mt_vec problems;        /* char*: "LAYER PATH:LINE: message" for bad records */
    mt_vec notes;           /* inv_note*: what the audit reports, sorted by path */
    mt_vec secrets;         /* inv_secret*, by layer then path then line (empty without opts.secrets) */
    size_t secret_bytes;    /* text bytes scanned for secrets */
} inv_result;

/* Returns 0, or -1 with err naming the layer (a layer that cannot be read
 * fails the scan: a partial inventory would hide packages). */
int inv_scan(img_image *im, mt_arena *a, const inv_opts *o, inv_result *out, char *err,
             size_t errlen);
void inv_result_free(inv_result *r);

#endif
