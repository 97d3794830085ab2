/* osv.h — import of OSV vulnerability records (https://ossf.github.io/
 * osv-schema/, schema 1.x) into moat's record model (record.h): one JSON
 * document, a list of them as the OSV API and mirrors serve it, and the
 * members of an OSV "all.zip" export read straight from the archive.
 *
 * Ownership: every string and array of a parsed vr_record, and the
 * vr_record values osv_parse_many() pushes, live in the mt_arena passed in;
 * nothing is freed separately. osv_zip_each() hands its callback a buffer it
 * owns and reuses: the callback copies what it keeps. Nothing here prints,
 * exits or keeps global state; errors are written to err (NUL-terminated,
 * truncated to errlen; err may be NULL when errlen is 0).
 *
 * What is read (everything else is ignored, as the schema asks):
 *   id (required), modified, published, withdrawn, aliases[], summary,
 *   details, severity[].type/score, database_specific.severity (as
 *   db_severity), references[].url, affected[].package.ecosystem/name/purl,
 *   affected[].ranges[].type (ECOSYSTEM, SEMVER or GIT) and .events[]
 *   (each exactly one of introduced, fixed, last_affected, limit, kept in
 *   order), affected[].versions[], and the package's own rating: the first
 *   string among affected[].ecosystem_specific.severity,
 *   .database_specific.severity, .ecosystem_specific.urgency (Debian) and
 *   .database_specific.urgency. Ubuntu's rating is a severity[] entry of
 *   type "Ubuntu" and stays one.
 *
 * Strictness. A known field of the wrong JSON type is an error that names
 * its path ("affected[2].ranges[0].events[1]: expected an object"); so is
 * an unknown range type or an event without exactly one kind. JSON null
 * counts as absent for optional fields. The free-form objects
 * (ecosystem_specific, database_specific) must be objects, but a rating
 * inside them that is not a string is ignored. An affected[] entry without
 * a package (GIT ranges only) gets "" for ecosystem and name.
 * Duplicate object keys are refused (jansson's JSON_REJECT_DUPLICATES): two
 * readers of the same record must not see different fixed versions; the
 * error names the line and column. So are "\u0000" in strings (jansson's
 * default) and invalid UTF-8.
 *
 * Bounds (input is hostile): documents above OSV_MAX_DOC bytes, known
 * strings above OSV_MAX_STRING bytes, more than OSV_MAX_AFFECTED affected[]
 * entries in one record, and JSON nesting deeper than jansson's own limit
 * (JSON_PARSER_MAX_DEPTH, 2048) are refused. */
#ifndef MOAT_VULN_OSV_H
#define MOAT_VULN_OSV_H

#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "vuln/record.h"

#define OSV_MAX_DOC ((size_t)64 << 20)    /* one JSON document */
#define OSV_MAX_STRING ((size_t)1 << 20)  /* one string of a known field */
#define OSV_MAX_AFFECTED 100000           /* affected[] entries of a record */

/* Parses one OSV record (a JSON object). Returns 0, or -1 with err set
 * (*out is then zeroed). */
int osv_parse(mt_arena *a, const char *data, size_t len, vr_record *out, char *err,
              size_t errlen);

/* Parses any of: one record; a JSON array of records; {"vulns": [...]}
 * (the OSV API's /v1/query answer, {} when nothing matched); or
 * {"results": [{"vulns": [...]}, ...]} (/v1/querybatch, whose records
 * carry only id and modified). Pushes one vr_record* per record onto out,
 * in document order, and returns how many; on error returns -1 with err
 * set and out unchanged. Paths in errors start at the list: "[3].id",
 * "vulns[0].affected[1]", "results[2].vulns[0].id". */
int osv_parse_many(mt_arena *a, const char *data, size_t len, mt_vec *out, char *err,
                   size_t errlen);

/* OSV all.zip archives. */
typedef struct osv_zip_limits {
    uint64_t max_member;  /* uncompressed bytes of one *.json member */
    uint64_t max_total;   /* uncompressed bytes of all *.json members */
    uint64_t max_members; /* archive entries of any kind */
} osv_zip_limits;

#define OSV_ZIP_MAX_MEMBER ((uint64_t)64 << 20)
#define OSV_ZIP_MAX_TOTAL ((uint64_t)32 << 30)
#define OSV_ZIP_MAX_MEMBERS ((uint64_t)4000000)

/* Called once per regular-file member whose name ends in ".json", in
 * archive order, with its whole uncompressed content (data[len] is '\0',
 * which is not part of the member). Returns 0 to go on, anything else to
 * stop (osv_zip_each then returns the count so far, without error). */
typedef int (*osv_zip_cb)(void *ud, const char *name, const char *data, size_t len);

/* Reads the zip archive at path (when path is not NULL) or the memlen bytes
 * at mem, with libarchive, entirely in memory: nothing is written to disk.
 * Returns the number of members handed to cb, or -1 with err set when the
 * archive cannot be read or breaks a limit: a member above
 * OSV_ZIP_MAX_MEMBER bytes, more than OSV_ZIP_MAX_TOTAL bytes of *.json
 * content, or more than OSV_ZIP_MAX_MEMBERS entries; the members before
 * the error have been handed to cb already (the archive is streamed). Other
 * members (directories, symlinks, other names) are skipped without being
 * decompressed. Member names are passed as stored, never used as paths. */
int osv_zip_each(const char *path, const void *mem, size_t memlen, osv_zip_cb cb, void *ud,
                 char *err, size_t errlen);

/* The same with explicit limits (NULL: the defaults above). */
int osv_zip_each_limits(const char *path, const void *mem, size_t memlen,
                        const osv_zip_limits *lim, osv_zip_cb cb, void *ud, char *err,
                        size_t errlen);

#endif
