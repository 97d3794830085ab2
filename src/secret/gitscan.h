/* gitscan.h — the blobs of a git repository's history, for `moat secret
 * --git REPO`: every blob added or changed by a commit (against its first
 * parent; everything for a root commit or the first commit of a shallow
 * clone), each blob once, in the oldest commit that has it; commits come
 * parents first, older first. Read with libgit2, which moat loads at run
 * time (dlopen; $MOAT_LIBGIT2 names another file) so that no other
 * command pays for it; nothing of the repository is executed (no hooks,
 * filters or fsmonitor: only objects and refs are read) and the working
 * tree is never touched. Symbolic links and submodules (gitlinks) are not
 * blobs to scan.
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
    const char *branch;   /* the history of this branch (or tag, commit ID, any revision
                             libgit2 parses); NULL = of HEAD and every ref, as
                             `git log --all`: branches, remote-tracking branches, tags,
                             notes, the stash */
    int64_t since;        /* skip commits authored before this Unix time (their blobs
                             are not reported; a later commit's are, unless unchanged
                             from its parent); 0 = all */
    size_t max_blob;      /* larger blobs are skipped (counted, never read whole);
                             0 = 64 MiB */
} sec_git_opts;

typedef struct sec_git_stats {
    size_t commits;       /* commits compared with their parent (not those before since) */
    size_t blobs;         /* blobs passed to the callback */
    size_t skipped_large; /* distinct blobs over max_blob */
} sec_git_stats;

/* Calls cb for each blob; a non-zero return stops the walk (which then
 * returns 0). REPO is a work tree's root, its .git, or a bare repository;
 * directories above it are not searched. o, st and err may be NULL.
 * Returns 0, or -1 with err naming REPO (not a repository, an unknown
 * revision, libgit2 missing, a missing or corrupt object), after which the
 * callback may have seen part of the history. */
int sec_git_walk(const char *repo, const sec_git_opts *o,
                 int (*cb)(void *ud, const sec_git_blob *b), void *ud, sec_git_stats *st, char *err,
                 size_t errlen);

#endif
