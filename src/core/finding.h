/* finding.h — moat's finding model: severities, rule metadata, findings,
 * per-target results and the report that holds them.
 *
 * Ownership: an mt_report owns an arena; every string and struct reachable
 * from it (results, findings, messages, warnings) lives in that arena and is
 * released by mt_report_free(). mt_rule structs are static data owned by the
 * analyzer that defines them. */
#ifndef MOAT_FINDING_H
#define MOAT_FINDING_H

#include "core/util.h"

typedef enum {
    MT_SEV_UNKNOWN = 0,
    MT_SEV_INFO,
    MT_SEV_LOW,
    MT_SEV_MEDIUM,
    MT_SEV_HIGH,
    MT_SEV_CRITICAL,
    MT_SEV_COUNT
} mt_severity;

const char *mt_severity_name(mt_severity s);
/* Parses CRITICAL/HIGH/... (any case) and hadolint's error/warning/info/
 * style. Returns 0 on success. */
int mt_severity_parse(const char *s, mt_severity *out);

#define MT_MAX_ALIASES 4

typedef struct mt_rule {
    const char *id;                        /* stable moat ID, e.g. DF3006 */
    const char *aliases[MT_MAX_ALIASES];   /* peer IDs (hadolint, Trivy); NULL-terminated */
    mt_severity severity;                  /* default severity */
    const char *type;                      /* target type, e.g. "dockerfile" */
    const char *title;                     /* one line */
    const char *description;               /* why it matters */
    const char *remediation;               /* how to fix it */
    bool off_by_default;                   /* needs configuration to run */
} mt_rule;

/* True when `name` is the rule's ID or one of its aliases (any case). */
bool mt_rule_matches(const mt_rule *r, const char *name);

typedef enum {
    MT_SUPPRESS_NONE = 0,
    MT_SUPPRESS_INLINE,    /* a comment in the file (moat, hadolint, trivy) */
    MT_SUPPRESS_IGNOREFILE,/* .moatignore / --ignorefile */
    MT_SUPPRESS_HADOLINT,  /* `ignored:` in .hadolint.yaml */
    MT_SUPPRESS_VEX,       /* a VEX statement (not_affected, fixed) */
} mt_suppress_kind;

const char *mt_suppress_kind_name(mt_suppress_kind k);

/* The commit a finding was found in (secrets in git history). */
typedef struct mt_commit_ref {
    char *id, *author, *email;
    int64_t time; /* author time, Unix seconds */
} mt_commit_ref;

typedef struct mt_finding {
    const mt_rule *rule;
    mt_severity severity;     /* effective severity (after overrides) */
    char *message;
    char *path;               /* path of the scanned file as given */
    int start_line, end_line; /* 1-based; 0 when unknown */
    int start_col, end_col;   /* 1-based; 0 when unknown */
    char *snippet;            /* offending source text (one line), may be NULL */
    mt_suppress_kind suppressed;
    char *suppress_reason;    /* may be NULL */
    char *gitleaks_fingerprint; /* secrets: [commit:]path:rule:line, as .gitleaksignore lists them */
    const mt_commit_ref *commit; /* secrets in git history, else NULL */
    char *origin;             /* where the text came from, when generated: the Helm template
                                 (`# Source:`) of a rendered manifest; else NULL */
} mt_finding;

/* A known vulnerability of one installed package (vulnerability matching
 * fills these; report writers print them). */
typedef struct mt_vuln {
    char *id;                  /* the CVE when the record or an alias is one, else the record ID */
    char **aliases;            /* every other ID of the same vulnerability, sorted */
    size_t naliases;
    const struct mt_pkg *pkg;  /* the installed package (name, version, purl, layer) */
    char *package_name;        /* = pkg->name */
    char *installed_version;   /* = pkg->version */
    char *matched_name;        /* the name the advisory uses (source package, module path) */
    char *fixed_version;       /* lowest fixed version above the installed one; NULL: no fix */
    const char *status;        /* "fixed" (a fix exists) or "affected" (none yet) */
    mt_severity severity;
    const char *severity_source; /* "cvss", "database", "ecosystem" or NULL */
    char *cvss_vector;         /* the vector the severity came from, may be NULL */
    double cvss_score;         /* 0 when none */
    char *title;               /* summary, or the first line of details; may be NULL */
    char *description;         /* may be NULL */
    char **references;         /* URLs */
    size_t nreferences;
    char *data_source;         /* the advisory's ecosystem: "Debian:12", "Go", ... */
    char *record_id;           /* the database record that matched */
    char *published, *modified;/* may be NULL */
    mt_suppress_kind suppressed;
    char *suppress_reason;     /* may be NULL */
} mt_vuln;

/* What identifies a scanned image (inventory results). */
typedef struct mt_image_meta {
    const char *kind;            /* "oci", "oci-archive", "docker-archive", "dir" */
    char *manifest_digest;       /* may be NULL */
    char *config_digest;         /* the image ID; may be NULL */
    char **tags;                 /* repo tags / ref names */
    size_t ntags;
    char *os, *arch;             /* platform; may be NULL */
} mt_image_meta;

typedef struct mt_result {
    char *target;
    const char *class;        /* "config", "os-pkgs" */
    const char *type;         /* "dockerfile", or the OS ID ("debian") for os-pkgs */
    mt_vec findings;          /* mt_finding*, active and suppressed alike */
    mt_severity fail_threshold; /* findings below it never trigger --exit-code */
    /* Inventory results (class os-pkgs) only; all in the report arena. */
    const struct mt_os *os;   /* NULL when unknown */
    const mt_image_meta *image; /* NULL unless the target is an image */
    mt_vec packages;          /* struct mt_pkg* (pkg/pkg.h) */
    char **layer_ids;         /* diff ID of each layer, indexed by mt_pkg.layer */
    size_t nlayer_ids;
    mt_vec vulns;             /* mt_vuln*, sorted by package, then ID */
    int base_layers;          /* layers [0, base_layers) are the base image's (0 = unknown) */
    size_t skipped_objects;   /* config: objects of kinds moat does not check (CRDs) */
    /* A writer's rendering of this result, made on the scan thread as soon
     * as the result was final (mt_writer.prerender); malloc'd, owned by the
     * result (mt_report_free frees it) until the writer writes and releases
     * it. NULL when none was made (the one writer of a run makes it, so
     * the text is that writer's). streamed: the result was written while
     * the scan went on. */
    char *rendered;
    size_t rendered_len;
    bool streamed;
} mt_result;

typedef struct mt_report_error {
    char *target;
    char *message;
} mt_report_error;

typedef struct mt_report {
    mt_arena arena;
    mt_vec results;   /* mt_result* */
    mt_vec errors;    /* mt_report_error*: targets that could not be read */
    mt_vec warnings;  /* char*: notes for the user (expired ignores, ...) */
    size_t files_scanned;
    mt_vec children;  /* mt_report*: merged reports whose arenas we keep */
} mt_report;

void mt_report_init(mt_report *r);
void mt_report_free(mt_report *r);
mt_result *mt_report_add_result(mt_report *r, const char *target, const char *class,
                                 const char *type);
void mt_report_error_add(mt_report *r, const char *target, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mt_report_warn(mt_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Moves src's results, errors and warnings into dst; dst takes ownership of
 * src (a heap-allocated report) and frees it with itself. */
void mt_report_merge(mt_report *dst, mt_report *src);

/* Sorts results by target and findings by line, column, rule ID. */
void mt_report_sort(mt_report *r);
/* Sorts one result's findings the same way. */
void mt_result_sort(mt_result *res);

/* Counts active (unsuppressed) findings per severity into counts[MT_SEV_COUNT]
 * and returns the total; suppressed findings go to *suppressed if non-NULL. */
size_t mt_report_count(const mt_report *r, size_t counts[MT_SEV_COUNT], size_t *suppressed);

/* A stable fingerprint of a finding (rule, path, snippet), hex, 16 chars. */
void mt_finding_fingerprint(const mt_finding *f, char out[17]);

#endif
