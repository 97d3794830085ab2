/* match.h — vulnerability matching: the packages of an inventory against
 * the advisories of the vulnerability database, with OSV's range semantics
 * and each ecosystem's own version order. OS packages are looked up by
 * their distribution release ("Debian:12", "Alpine:v3.19") and source
 * package; language packages by their ecosystem and name; Go binaries by
 * every module and the standard library.
 *
 * Ownership: matched vulnerabilities (mt_vuln, core/finding.h) and their
 * strings live in the arena given (the report's); the database handle stays
 * the caller's. Nothing prints. */
#ifndef MOAT_VULN_MATCH_H
#define MOAT_VULN_MATCH_H

#include "core/finding.h"
#include "pkg/pkg.h"
#include "vuln/db.h"

/* The database keys a package is looked up under: eco (normalised OSV
 * ecosystem), name and the version to compare. Returns false when moat
 * knows no advisory source for it (an rpm of an unknown distribution, a
 * Go module at "(devel)", ...). Strings in a. */
bool vm_package_key(mt_arena *a, const mt_os *os, const mt_pkg *p, const char **eco,
                    const char **name, const char **version);

/* Whether version ver (of the package's ecosystem, purl type vtype) is
 * affected by the entry af (OSV semantics: versions list, ECOSYSTEM and
 * SEMVER ranges with introduced / fixed / last_affected / limit; GIT
 * ranges never match). When affected, *fixed is set to the lowest fixed
 * version above ver (NULL: none). */
bool vm_affected(const char *vtype, const vr_affected *af, const char *ver, const char **fixed);

/* Severity of a record: its CVSS vector (v3.x first, then v4.0, then v2),
 * else the database's rating, else the package's own; MT_SEV_UNKNOWN when
 * it has none. *vector and *score describe the CVSS used (NULL / 0). */
mt_severity vm_record_severity(const vr_record *r, const char **vector, double *score,
                               const char **source);

/* Matches every package of one result (os may be NULL) and appends one
 * mt_vuln per (package, vulnerability) to out, IDs that are aliases of
 * each other merged into one. *os_unchecked (may be NULL) gets the number
 * of OS packages no advisory source covers (vm_package_key() false): they
 * were not checked (on -1, those seen before the failure). Returns the
 * number added, or -1. */
int vm_match_packages(vdb *db, mt_arena *a, const mt_os *os, const mt_vec *pkgs, mt_vec *out,
                      size_t *os_unchecked, char *err, size_t errlen);

#endif
