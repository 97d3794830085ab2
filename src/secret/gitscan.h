/* gitscan.h — the blobs of a git repository's history, for `moat secret
 * --git REPO`: every blob added or changed by a commit (against its first
 * parent; everything for a root commit), each blob once (the oldest commit
 * that introduced it), newest commits first. Read with libgit2, which moat
 * loads at run time (dlopen) so that no other command pays for it; nothing
 * of the repository is executed (no hooks, filters or fsmonitor: only
 * objects are read) and the working tree is never touched.
 *
 * Ownership: a sec_git_blob and its strings are valid only during the
 * callback. Nothing prints. */
#ifndef MOAT_SECRET_GITSCAN_H
#define MOAT_SECRET_GITSCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct sec_git_blob {
    const char *commit;   /* full hex ID of the commit that introduced the blob */
    const char *author;   /* author name */
    const char *email;    /* author email */
    int64_t time;         /* author time, Unix seconds */
    const char *path;     /* path in that commit's tree */
    const char *data;     /* the blob's content */
    size_t len;
} sec_git_blob;

typedef struct sec_git_opts {
    const char *branch;   /* start from this branch (or any revision); NULL = every branch and tag */
    int64_t since;        /* skip commits authored before this Unix time; 0 = all */
    size_t max_blob;      /* larger blobs are skipped (counted); 0 = 64 MiB */
} sec_git_opts;

typedef struct sec_git_stats {
    size_t commits, blobs, skipped_large;
} sec_git_stats;

/* Calls cb for each blob; a non-zero return stops the walk. Returns 0, or
 * -1 with err (not a repository, libgit2 missing, a corrupt object). */
int sec_git_walk(const char *repo, const sec_git_opts *o,
                 int (*cb)(void *ud, const sec_git_blob *b), void *ud, sec_git_stats *st, char *err,
                 size_t errlen);

#endif
