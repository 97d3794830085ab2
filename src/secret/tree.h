/* tree.h — `moat secret PATH...`: walks files and directories, streams
 * every text file through the secret engine on all cores, decodes the
 * base64 `data` of Kubernetes Secret manifests, optionally reads archives
 * and honours .gitignore, and turns matches into findings (class
 * "secret"). Also the glue every other scan of secrets uses (git history,
 * image layers): one function from a match to a finding.
 *
 * Ownership: options and the ruleset are the caller's and must outlive the
 * call; findings, results and messages live in the report's arena.
 * Nothing prints; progress goes through the callback. */
#ifndef MOAT_SECRET_TREE_H
#define MOAT_SECRET_TREE_H

#include "core/scan.h"
#include "secret/secret.h"

typedef struct sec_tree_opts {
    const sec_ruleset *rules;
    const mt_vec *skip_dirs;    /* char* globs on paths relative to the root; may be NULL */
    const mt_vec *skip_files;   /* the same for files */
    bool respect_gitignore;     /* leave out what .gitignore files of the tree ignore */
    bool scan_archives;         /* read zip/tar(.gz/.bz2/.xz/.zst)/jar members */
    bool show_secrets;          /* messages hold the secret instead of its mask */
    int threads;                /* 0 = one per CPU */
    mt_progress_fn progress;    /* called from worker threads, serialised */
    void *progress_ud;
} sec_tree_opts;

/* Scans each path (a file, a directory walked recursively without
 * following symbolic links, .git directories left out) and adds one result
 * per file with findings to rep; unreadable paths become report errors
 * and the rest goes on. */
void sec_tree_scan(const sec_tree_opts *o, const char *const *paths, size_t n, mt_report *rep);

/* Where a secret was found besides its file (a git commit). */
typedef struct sec_origin {
    const char *commit, *author, *email;
    int64_t time;
} sec_origin;

/* Adds the finding of match m in file path to res: message with the
 * masked (or, with show, the whole) secret; suppressed as inline when the
 * line says gitleaks:allow or moat:allow; the secret itself is the
 * fingerprint's snippet (never printed); the gitleaks-style fingerprint
 * ([commit:]path:rule:line) as match_fingerprint. origin may be NULL. */
mt_finding *sec_add_finding(mt_report *rep, mt_result *res, const char *path, const sec_match *m,
                            bool show, const sec_origin *origin);

/* Applies, in this order, .gitleaksignore fingerprints (fps: char*), the
 * ignore entries of so (IDs or aliases, path globs, expiry) and a baseline
 * (char* fingerprints of an earlier JSON report: those findings are
 * dropped, not suppressed: the report shows only what is new). */
void sec_apply_suppressions(mt_report *rep, const mt_vec *gitleaks_fps, const mt_scan_opts *so,
                            const mt_vec *baseline);

#endif
