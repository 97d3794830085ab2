/* scan.h — the scan engine: walks the targets, picks the analyzer for each
 * file (by name, by content, or forced with --type), runs it, then applies
 * severity overrides and every kind of suppression. Analyzers are registered
 * in a static table (scan.c) and only see an mt_scan_file.
 *
 * Ownership: mt_scan_opts and what it points to belong to the caller and
 * must outlive the scan. Everything the engine adds to the mt_report lives in
 * the report's arena. The engine never prints; progress is reported through a
 * callback and problems through the report's errors and warnings. */
#ifndef MOAT_SCAN_H
#define MOAT_SCAN_H

#include "core/finding.h"

/* One .moatignore line: rule ID or alias, optional path glob, optional
 * expiry date (YYYYMMDD; 0 = never). */
typedef struct mt_ignore_entry {
    char *id;
    char *glob;
    int expires;
    char *reason;
    char *origin; /* "FILE:LINE" */
} mt_ignore_entry;

/* Per-rule settings from moat.yaml or .hadolint.yaml `override`. */
typedef struct mt_rule_setting {
    char *id;           /* ID or alias */
    bool has_severity;
    mt_severity severity;
    int enabled;        /* -1 unchanged, 0 disabled, 1 enabled */
} mt_rule_setting;

/* label-schema entry: label name and the kind of value it must hold. */
typedef struct mt_label_rule {
    char *name;
    char *kind; /* text, url, email, rfc3339, semver, hash, spdx */
} mt_label_rule;

/* Settings that can differ per file (a .hadolint.yaml next to the file adds
 * to the command-line ones). */
typedef struct mt_file_settings {
    mt_vec rules;              /* mt_rule_setting* (later entries win) */
    mt_vec ignored;            /* char*: IDs from hadolint `ignored:` */
    mt_vec trusted_registries; /* char* */
    mt_vec label_schema;       /* mt_label_rule* */
    bool strict_labels;
    bool disable_ignore_pragma;
    mt_severity fail_threshold;
} mt_file_settings;

typedef void (*mt_progress_fn)(void *ud, size_t files_done, const char *path);

typedef struct mt_scan_opts {
    const char *forced_type;   /* NULL or an analyzer type ("dockerfile") */
    mt_vec skip_dirs;          /* char* globs */
    mt_vec skip_files;         /* char* globs */
    mt_vec ignores;            /* mt_ignore_entry* */
    mt_file_settings base;     /* from the command line and moat.yaml */
    bool use_hadolint_config;  /* honour .hadolint.yaml files (default on) */
    size_t max_file_size;      /* bytes; files above it are reported, not read */
    int today;                 /* YYYYMMDD, for ignore expiry */
    int threads;               /* worker threads; 0 = one per CPU */
    int pss_level;             /* Kubernetes: 0 = no Pod Security Standards check, else
                                  1 baseline, 2 restricted (k8s/pss.h) */
    int pss_minor;             /* the Kubernetes minor version they are judged at */
    mt_progress_fn progress;   /* called from worker threads, serialised */
    void *progress_ud;
    /* When set, called once per file result as soon as it is final (its
     * findings emitted and suppressed), on the thread that scanned it and
     * possibly on several threads at once. The report writer uses it to
     * render results while other files are still being scanned. */
    void (*result_ready)(void *ud, mt_result *res);
    void *result_ready_ud;     /* also result_next's */
    /* When set, mt_scan_paths() may also hand every result, after
     * result_ready, to result_next in the order mt_report_sort() will give
     * them, one call at a time, as soon as a result and all before it are
     * final: it does so for every result when mt_scan_paths_ordered() holds
     * for the paths, and for none otherwise. The report writer uses it to
     * write results while the scan goes on. */
    void (*result_next)(void *ud, mt_result *res);
    /* A file never to read (skip_file set): the report being written while
     * the scan runs, when it is a regular file, by device and inode, so that
     * a report written into the scanned tree is not scanned half-written.
     * A named target that is this file gets a warning. */
    bool skip_file;
    unsigned long long skip_dev, skip_ino;
} mt_scan_opts;

void mt_scan_opts_init(mt_scan_opts *o);
/* Frees what mt_scan_opts_init and the loaders (config.h) allocated. */
void mt_scan_opts_free(mt_scan_opts *o);
void mt_file_settings_free(mt_file_settings *s);

/* True when .moatignore entry e suppresses a finding of `rule` at `path` on
 * day `today` (YYYYMMDD): not expired, its ID is the rule's ID or an alias,
 * and its glob (if any) matches the path (a leading ./ ignored; a bare name
 * matches that file in any folder). Every kind of finding uses it. */
bool mt_ignore_entry_applies(const mt_ignore_entry *e, const mt_rule *rule, const char *path,
                             int today);

/* ---- analyzer interface ---- */

typedef struct mt_inline_ignore {
    int first_line, last_line; /* finding start lines covered */
    char **ids;                /* NULL-terminated; IDs or aliases */
    char *reason;
} mt_inline_ignore;

typedef struct mt_scan_file {
    const mt_scan_opts *opts;
    mt_report *report;
    mt_result *result;
    const mt_file_settings *settings; /* effective settings for this file */
    const char *path;
    const char *data;
    size_t len;
    int today;             /* YYYYMMDD, for dated suppressions */
    mt_vec inline_ignores; /* mt_inline_ignore*, in report arena */
    void *set;             /* the analyzer's input-set state (set_new), else NULL */
    size_t *line_starts;   /* mt_scan_line()'s index (engine-owned), or NULL */
    size_t nlines;
} mt_scan_file;

typedef struct mt_analyzer {
    const char *type;   /* "dockerfile" */
    const char *class;  /* "config" */
    bool (*match_name)(const char *path);      /* NULL: never picked by name */
    bool (*sniff)(const char *data, size_t len); /* NULL: never picked by content */
    bool (*maybe_name)(const char *path); /* names worth reading in a directory walk so that
                                             sniff() can decide (*.yaml, *.sh); files no
                                             analyzer then claims are skipped quietly */
    void (*scan)(mt_scan_file *f);             /* NULL: not an analyzer of files */
    size_t nrules;
    const mt_rule *(*rule_at)(size_t i); /* rules in ID order */
    size_t (*rule_count)(void); /* when set, the number of rules (rules loaded at run
                                   time, as the secret rules are) instead of nrules */
    /* Analyzers that judge the whole input set (Kubernetes RBAC and
     * NetworkPolicy) set these. set_new() runs before the first file and
     * scan() finds its result in f->set (scan() runs on several threads at
     * once). set_finish() runs once, on one thread, after every file: it may
     * mt_emit() into any mt_scan_file the analyzer was given, which stays
     * valid until then; suppressions of those files are applied after it.
     * set_free() releases the state. */
    void *(*set_new)(const mt_scan_opts *o);
    void (*set_finish)(void *set);
    void (*set_free)(void *set);
} mt_analyzer;

/* The number of rules of an analyzer. */
size_t mt_analyzer_nrules(const mt_analyzer *a);

const mt_analyzer *const *mt_analyzers(size_t *n);
const mt_analyzer *mt_analyzer_by_type(const char *type);
/* Finds a rule by ID or alias; NULL if unknown. */
const mt_rule *mt_rule_lookup(const char *name);

/* True when the rule runs for this file (default, config and overrides). */
bool mt_rule_enabled(const mt_scan_file *f, const mt_rule *rule);

/* Adds a finding unless the rule is disabled. Lines are 1-based. The snippet
 * (may be NULL) is the offending source line used for fingerprints. */
mt_finding *mt_emit(mt_scan_file *f, const mt_rule *rule, int start_line, int end_line,
                    int start_col, const char *snippet, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The same with a ready message (no formatting). */
mt_finding *mt_emit_msg(mt_scan_file *f, const mt_rule *rule, int start_line, int end_line,
                        int start_col, const char *snippet, const char *msg);

/* Copies the text of line `line` (1-based) of f's data, without its line
 * break, into buf (at most n - 1 bytes, cut at a whole UTF-8 character) and
 * returns buf; NULL when the line does not exist or the text is gone (after
 * scan()). Lines end at \n and \r\n, and also at a lone \r when
 * cr_breaks is true (YAML counts them so); the first call decides. The
 * index it builds is freed by the engine with the file. */
const char *mt_scan_line(mt_scan_file *f, int line, bool cr_breaks, char *buf, size_t n);

/* Registers an inline suppression. `ids` is a list separated by commas or
 * spaces. */
void mt_inline_ignore_add(mt_scan_file *f, int first_line, int last_line, const char *ids,
                          size_t ids_len, const char *reason);

/* ---- driver ---- */

/* True when mt_scan_paths() hands results to result_next for these paths:
 * they are in strcmp order and none is a prefix of the next (one path
 * always is). */
bool mt_scan_paths_ordered(char *const *paths, size_t n);

/* Scans every path (files and directories). Unreadable targets are recorded
 * in report->errors and the scan goes on. Returns the number of such errors. */
size_t mt_scan_paths(const mt_scan_opts *o, char *const *paths, size_t npaths, mt_report *report);

/* Scans one in-memory file. type may be NULL (detect by name and content).
 * Returns 0 if an analyzer ran, -1 if the type could not be determined. */
int mt_scan_buffer(const mt_scan_opts *o, const char *path, const char *data, size_t len,
                   const char *type, mt_report *report);

/* Scans a target that is not a file (an image): adds a result for it and
 * calls fn, whose findings (mt_emit) get the same settings, overrides and
 * suppressions as a file's. Returns the result. */
mt_result *mt_scan_target(const mt_scan_opts *o, mt_report *report, const char *target,
                          const char *class, const char *type,
                          void (*fn)(mt_scan_file *f, void *ud), void *ud);

/* Removes findings and vulnerabilities whose severity is not in mask (bit
 * per mt_severity). */
void mt_report_filter_severity(mt_report *r, unsigned mask);
/* The same for one result. */
void mt_result_filter_severity(mt_result *res, unsigned mask);

#endif
