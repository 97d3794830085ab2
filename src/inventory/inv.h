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

typedef struct inv_opts {
    int threads;            /* layers walked at once; 0 = one per CPU */
    size_t max_file;        /* largest database file read; 0 = 256 MiB */
} inv_opts;

typedef struct inv_result {
    mt_os os;               /* zeroed when unknown (os.id == NULL) */
    const char *os_source;  /* the file the OS came from, or NULL */
    mt_vec pkgs;            /* mt_pkg*, sorted by type, name, arch, version */
    mt_vec problems;        /* char*: "LAYER PATH:LINE: message" for bad records */
} inv_result;

/* Returns 0, or -1 with err naming the layer (a layer that cannot be read
 * fails the scan: a partial inventory would hide packages). */
int inv_scan(img_image *im, mt_arena *a, const inv_opts *o, inv_result *out, char *err,
             size_t errlen);
void inv_result_free(inv_result *r);

#endif
