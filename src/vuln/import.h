/* import.h — loading vulnerability feeds from disk into the database
 * (`moat db import`, and `moat db update` once a feed is downloaded): OSV
 * JSON files, directories of them and OSV all.zip archives, Alpine secdb
 * files (YAML or JSON), and whole moat databases (`moat db export`).
 *
 * Each import replaces one source of the database (db.h): a directory or
 * file of OSV records is the source "import:REALPATH" (importing the same
 * path again replaces what it brought), an Alpine secdb file the source
 * "secdb:Alpine:vX.Y/REPO" (the same name `moat db update` uses, so either
 * path refreshes the same data), a moat database its own sources.
 *
 * Ownership: the vdb handle is the caller's and must be in an update
 * (vdb_begin_update). Problems with single files or records are passed
 * to the callback and the import goes on; nothing prints. */
#ifndef MOAT_VULN_IMPORT_H
#define MOAT_VULN_IMPORT_H

#include <stddef.h>

#include "vuln/db.h"

typedef struct vi_stats {
    size_t files;    /* files read */
    size_t records;  /* records stored */
    size_t skipped;  /* records with nothing to match (no range, no versions) */
    size_t problems; /* files or records that could not be read */
    size_t sources;  /* sources replaced */
} vi_stats;

/* path: the file or record ("dir/GO-2020-1.json", "all.zip:GO-1.json");
 * msg: what went wrong. */
typedef void (*vi_problem_fn)(void *ud, const char *path, const char *msg);

typedef struct vi_opts {
    vi_problem_fn problem; /* may be NULL */
    void *ud;
    const char *url;       /* recorded as the source's origin (default: the path) */
    const char *etag, *last_modified; /* HTTP validators to record */
    const char *source;    /* force the source name (OSV and secdb inputs), may be NULL */
} vi_opts;

/* Imports one path (file or directory, kind detected by content). Returns
 * 0 when it was read (problems with single records are only counted), -1
 * with err when nothing could be imported (unreadable, unknown format, a
 * database error). */
int vi_import_path(vdb *db, const char *path, const vi_opts *o, vi_stats *st, char *err,
                   size_t errlen);

#endif
