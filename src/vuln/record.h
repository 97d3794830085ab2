/* record.h — a vulnerability record in moat's model, which is OSV's
 * (https://ossf.github.io/osv-schema/): every importer (OSV JSON, Alpine
 * secdb, ...) turns its feed into vr_record values, the database stores
 * them, and matching reads them back.
 *
 * Ownership: every string and array of a vr_record lives in the mt_arena
 * given to the parser that produced it; nothing is freed separately.
 * Arrays are plain (pointer + count); counts of zero mean absent. */
#ifndef MOAT_VULN_RECORD_H
#define MOAT_VULN_RECORD_H

#include <stddef.h>

#include "core/util.h"

typedef enum {
    VR_EV_INTRODUCED = 0, /* "0" means: every version before the first fix */
    VR_EV_FIXED,
    VR_EV_LAST_AFFECTED,
    VR_EV_LIMIT,
} vr_event_kind;

typedef struct vr_event {
    vr_event_kind kind;
    char *version;
} vr_event;

typedef enum {
    VR_RANGE_ECOSYSTEM = 0, /* versions compared as the ecosystem defines */
    VR_RANGE_SEMVER,        /* SemVer 2.0.0, no leading 'v' in OSV */
    VR_RANGE_GIT,           /* commit hashes: never matched against versions */
} vr_range_type;

typedef struct vr_range {
    vr_range_type type;
    vr_event *events; /* in the order the record lists them */
    size_t nevents;
} vr_range;

typedef struct vr_affected {
    char *ecosystem;  /* as written: "Debian:12", "Alpine:v3.19", "Go", "PyPI" */
    char *name;       /* package name as written (source package for distros) */
    char *purl;       /* package.purl, may be NULL */
    vr_range *ranges;
    size_t nranges;
    char **versions;  /* explicit affected versions */
    size_t nversions;
    char *severity;   /* the package's own rating (ecosystem_specific or
                         database_specific "severity"/"urgency"), may be NULL */
} vr_affected;

typedef struct vr_severity {
    char *type;  /* "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", ... */
    char *score; /* the vector ("CVSS:3.1/AV:N/...") or the rating */
} vr_severity;

typedef struct vr_record {
    char *id;          /* "GO-2023-1234", "CVE-2024-1", "ALPINE-CVE-2019-5", ... */
    char *modified;    /* RFC 3339, may be NULL */
    char *published;   /* may be NULL */
    char *withdrawn;   /* non-NULL: the record is withdrawn and never matches */
    char **aliases;
    size_t naliases;
    char *summary;     /* may be NULL */
    char *details;     /* may be NULL */
    vr_severity *severity;
    size_t nseverity;
    char *db_severity; /* top-level database_specific.severity ("HIGH",
                          "MODERATE", ...), may be NULL */
    char **references; /* URLs */
    size_t nreferences;
    vr_affected *affected;
    size_t naffected;
} vr_record;

#endif
