/* update.h — `moat db update`: downloads every feed (OSV per-ecosystem
 * all.zip archives, Alpine secdb JSON) with conditional requests and
 * imports what changed, all into one new database file that replaces the
 * live one only when every feed succeeded (db.h): a failed or interrupted
 * update leaves the previous database as it was.
 *
 * Feed URLs: https://osv-vulnerabilities.storage.googleapis.com/ECOSYSTEM/all.zip
 * and https://secdb.alpinelinux.org/vX.Y/REPO.json; with a mirror
 * (--db-repository URL) they become URL/ECOSYSTEM/all.zip and
 * URL/secdb/vX.Y/REPO.json.
 *
 * Ownership: everything returned is the caller's to free as documented;
 * nothing prints (progress and events go through callbacks). */
#ifndef MOAT_VULN_UPDATE_H
#define MOAT_VULN_UPDATE_H

#include <stdint.h>

#include "vuln/import.h"

typedef struct vu_feed {
    char *source; /* source name in the database: "osv:Go", "secdb:Alpine:v3.19/main" */
    char *url;
    char *label;  /* what progress shows: "OSV Go", "Alpine secdb v3.19 main" */
} vu_feed;

typedef struct vu_opts {
    const char *repository;   /* mirror base URL, or NULL for the upstream hosts */
    const mt_vec *only;       /* char*: OSV ecosystem names or "alpine-secdb"; NULL = all */
    const char *ca_file;      /* extra CA bundle, may be NULL */
    int backoff_ms;           /* first retry delay; 0 = 1000 */
    /* progress of the download of feed i of n */
    void (*progress)(void *ud, const vu_feed *f, size_t i, size_t n, uint64_t done, uint64_t total);
    /* one line of news: "not modified", "1234 records", ... */
    void (*event)(void *ud, const vu_feed *f, const char *what);
    vi_problem_fn problem;    /* a record or file that could not be read */
    void *ud;
} vu_opts;

/* The feeds an update fetches, in order (malloc()ed; vu_feeds_free). An
 * unknown name in o->only is an error. */
int vu_feeds(const vu_opts *o, mt_vec *out /* vu_feed* */, char *err, size_t errlen);
void vu_feeds_free(mt_vec *feeds);

/* Runs the update of DIR/vuln.db. Returns 0, or -1 with err (the live
 * database untouched). */
int vu_update(const char *dir, const vu_opts *o, vi_stats *st, char *err, size_t errlen);

#endif
