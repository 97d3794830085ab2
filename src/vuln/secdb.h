/* secdb.h — import of Alpine's security database ("secdb": the YAML files
 * of the old alpine-secdb repository and the JSON files served at
 * https://secdb.alpinelinux.org/vX.Y/{main,community}.json, one structure:
 * distroversion, reponame, urlprefix, apkurl, archs, and packages[].pkg
 * with a name and secfixes {fixed version: [ids...]}) into moat's record
 * model (record.h). Both forms are read with libfyaml (JSON is YAML).
 *
 * Ownership: the vr_record values, their strings and arrays, and the
 * problem strings live in the mt_arena passed in. Nothing here prints,
 * exits or keeps global state.
 *
 * The records. One vr_record per vulnerability id of the file, sorted by id
 * (strcmp): id "ALPINE-" + the id ("ALPINE-CVE-2019-10206",
 * "ALPINE-XSA-295"), aliases the id itself first, then the other ids the
 * same entries name beside it (sorted); one vr_affected per package that
 * lists it: ecosystem "Alpine:" + distroversion ("Alpine:v3.10"), name the
 * secdb package name (an aports origin, i.e. a source package), no purl,
 * and one ECOSYSTEM range {introduced "0", fixed VERSION}. Affected entries
 * are sorted by package name, then file order.
 *   - When a package lists the same id under several versions (a backport
 *     and an upgrade, or a fix completed later) the range keeps the highest
 *     of them in apk order (mt_vercmp_apk): OSV reads several affected
 *     entries as a union, so the lower fixes would change nothing.
 *   - Entries under the version "0" mean "this release was never affected"
 *     (the maintainers' way to reject a CVE for a package): they add no
 *     affected entry, and an id listed only under "0" gives no record.
 *
 * Identifiers. An entry is free text that usually is one id; the parser
 * takes every id it can find in it:
 *   - "CVE-YYYY-NNNN" (4+ digits), also spelled "CVE_YYYY-N" or
 *     "CVE YYYY-N", written upper-case; a suffix after a non-alphanumeric
 *     byte is dropped ("CVE-2017-17434-1" and "CVE-2019-19451.patch" name
 *     CVE-2017-17434 and CVE-2019-19451);
 *   - other advisory ids, PREFIX-PART[-PART...] of letters and digits with a
 *     digit somewhere ("XSA-295", "TALOS-2017-0488", "ZBX-11023",
 *     "wnpa-sec-2017-18", "GHSA-xxxx-xxxx-xxxx"), kept as written;
 *   - text between parentheses is a comment and skipped, as are separators
 *     (blanks, ',', ';') and the placeholder "CVE-????-?????" (no CVE yet).
 * When an entry names CVEs, the CVEs are its records and its other ids
 * (XSA-, TALOS-...) become aliases of each: "CVE-2017-8903 XSA-213" is one
 * vulnerability, not two. An entry without a CVE gives a record per id.
 * Anything else in an entry (a stray word, an entry with no id at all, an
 * empty entry, more than SECDB_MAX_IDS ids) is a problem: it is reported
 * ("FILE:LINE:COL: ...") and the rest of the file is imported all the same.
 *
 * Errors (the file is refused, err says "FILE:LINE:COL: ..."): input that
 * is not UTF-8 or holds a NUL byte (checked before libfyaml sees it),
 * invalid YAML or JSON, any alias ("*name": aliases are refused, never expanded,
 * so alias bombs fail at once), nesting deeper than libfyaml's limit (64),
 * duplicate keys, a document above SECDB_MAX_DOC bytes, a scalar above
 * SECDB_MAX_SCALAR bytes or holding a NUL, a missing or non-scalar
 * distroversion, a package without a name, and any known field of the
 * wrong shape (packages not a sequence, secfixes not a mapping, ...), and
 * more than SECDB_MAX_AFFECTED affected entries in all. Unknown keys are
 * ignored. */
#ifndef MOAT_VULN_SECDB_H
#define MOAT_VULN_SECDB_H

#include <stddef.h>

#include "core/util.h"
#include "vuln/record.h"

/* Bounds. The largest real secdb file is around a megabyte; a YAML tree
 * takes many times its text in memory, hence the 16 MiB. */
#define SECDB_MAX_DOC ((size_t)16 << 20)
#define SECDB_MAX_SCALAR ((size_t)1 << 20)
#define SECDB_MAX_IDS 64            /* ids taken from one entry */
#define SECDB_MAX_AFFECTED 1000000  /* (id, package) pairs of one file */
#define SECDB_MAX_PROBLEMS 1000     /* problem strings kept (all are counted) */

/* Parses one secdb file; path is used in messages only (NULL: "<secdb>")
 * and, when it ends in ".json", makes libfyaml read strict JSON. Pushes the
 * records (vr_record*) onto out and returns how many, or -1 with err set
 * (out unchanged). When problems is not NULL, one string per problem (the
 * first SECDB_MAX_PROBLEMS) is pushed on it. On success err holds "" when
 * there was no problem, else a summary: "N problem(s), first: FILE:LINE:COL:
 * ..." (N counts them all). */
int secdb_parse_ex(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                   mt_vec *problems, char *err, size_t errlen);

/* secdb_parse_ex() without the problem list. */
int secdb_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                char *err, size_t errlen);

#endif
