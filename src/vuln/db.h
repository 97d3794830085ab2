/* db.h — moat's vulnerability database: one SQLite file (schema in
 * docs/vulndb.md) holding the records of every imported feed, indexed by
 * (ecosystem, package) for matching.
 *
 * Writers never touch the live file: vdb_begin_update() copies it (or starts
 * an empty one) to a temporary file beside it, the importers write there,
 * and vdb_commit_update() renames it over the live file only when every
 * step succeeded; vdb_abort_update() (or a crash) leaves the live database
 * as it was. Readers open the live file read-only.
 *
 * Ownership: a vdb handle is the caller's (vdb_close). Rows returned by
 * vdb_lookup() live in the arena the caller passes. Nothing prints. */
#ifndef MOAT_VULN_DB_H
#define MOAT_VULN_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/util.h"
#include "vuln/record.h"

#define VDB_SCHEMA_VERSION 1
#define VDB_FILE_NAME "vuln.db"

typedef struct vdb vdb;

/* One feed's bookkeeping (table source). */
typedef struct vdb_source {
    char *name;          /* "osv:Go", "secdb:v3.19/main", "import:debian-12" */
    char *url;           /* where it came from (URL or path), may be NULL */
    char *etag;          /* HTTP validators of the last download, may be NULL */
    char *last_modified;
    int64_t updated;     /* Unix time of the last successful import */
    int64_t records;     /* records it holds */
    int64_t ranges;      /* affected rows it holds */
} vdb_source;

/* The directory moat keeps its database in: --cache-dir, else
 * $MOAT_CACHE_DIR, else $XDG_CACHE_HOME/moat, else $HOME/.cache/moat.
 * Returns a malloc()ed path (no trailing slash). */
char *vdb_cache_dir(const char *flag);

/* Opens DIR/vuln.db read-only. Returns 0; 1 when there is no database
 * (the file does not exist); -1 with err when it exists but cannot be used
 * (corrupt, newer schema). */
int vdb_open(const char *dir, vdb **out, char *err, size_t errlen);
void vdb_close(vdb *db);

/* Starts an update of DIR/vuln.db (created with its directory if absent):
 * copies the live file, when there is one, to DIR/vuln.db.tmp-PID and opens
 * that. fresh = true starts from an empty database instead. */
int vdb_begin_update(const char *dir, bool fresh, vdb **out, char *err, size_t errlen);
/* Finishes the update: integrity check, fsync, rename over the live file.
 * Closes the handle in every case. */
int vdb_commit_update(vdb *db, char *err, size_t errlen);
/* Drops the temporary file and closes the handle. */
void vdb_abort_update(vdb *db);

/* Replaces everything the named source holds with what follows: deletes
 * its rows, then vdb_put() adds records until vdb_source_end() records the
 * counts and validators. Sources are independent: replacing one keeps the
 * others. */
int vdb_source_begin(vdb *db, const char *name, char *err, size_t errlen);
/* Adds one record to the source being replaced. Withdrawn records are
 * stored (so `db info` counts them) but never matched. Returns 0, 1 when
 * the record was skipped because it has nothing to match (no affected
 * package with a range or versions list), -1 on a database error. */
int vdb_put(vdb *db, const vr_record *r, char *err, size_t errlen);
int vdb_source_end(vdb *db, const char *url, const char *etag, const char *last_modified,
                   char *err, size_t errlen);

/* Whole-file import of another moat database (`moat db export` output):
 * each of its sources replaces the source of the same name here. Returns
 * the number of sources copied, or -1. */
int vdb_merge_file(vdb *db, const char *path, char *err, size_t errlen);

/* Writes a compacted copy of the open database to path (VACUUM INTO);
 * path must not exist. */
int vdb_export(vdb *db, const char *path, char *err, size_t errlen);

/* Sources, oldest first by name; strings in arena a. */
int vdb_sources(vdb *db, mt_arena *a, mt_vec *out /* vdb_source* */, char *err, size_t errlen);
/* When the database was last written (Unix time; 0 unknown). */
int64_t vdb_updated(vdb *db);

/* The normalised keys records are indexed under: ecosystem "Debian:12" ->
 * "debian:12", "Ubuntu:22.04:LTS" -> "ubuntu:22.04", "PyPI" -> "pypi";
 * package names as the ecosystem compares them (PyPI per PEP 503, NuGet
 * and Packagist case-insensitive, others exact). Results in a. */
char *vdb_ecosystem_key(mt_arena *a, const char *ecosystem);
char *vdb_name_key(mt_arena *a, const char *eco_key, const char *name);

/* One affected entry found for a package, with its record: record->affected
 * holds exactly the matching entry (naffected == 1). */
typedef struct vdb_hit {
    vr_record *record;
    const char *source;
} vdb_hit;

/* Every non-withdrawn affected entry stored under (eco_key, name_key),
 * ordered by record ID. Returns the number added to out (vdb_hit*), or -1. */
int vdb_lookup(vdb *db, mt_arena *a, const char *eco_key, const char *name_key, mt_vec *out,
               char *err, size_t errlen);

#endif
