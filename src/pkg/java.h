/* java.h — the Maven packages of Java archives (JAR, WAR, EAR and the
 * Jenkins plugin archives JPI/HPI) found in an image: what each archive's
 * META-INF/maven/GROUP/ARTIFACT/pom.properties says, or failing that its
 * META-INF/MANIFEST.MF, for the archive itself and for the archives nested
 * in it (WEB-INF/lib/x.jar of a WAR, BOOT-INF/lib/x.jar of a Spring Boot
 * "fat" jar, the modules of an EAR, ...).
 *
 * Like the other parsers of src/pkg these are pure functions over a buffer
 * holding the whole archive: they never open files, every size and count
 * is bounded (pkg_java_limits), and a problem (an archive that is not a
 * readable zip, a malformed pom.properties, a nested entry refused by a
 * limit) is appended to errs as an mt_pkg_error of line 0 (an archive has
 * no lines) whose message starts with the path of the archive concerned,
 * while everything else is still read. The rules are described at the top
 * of java.c.
 *
 * Ownership: every string of the mt_pkg and mt_pkg_error records lives in
 * the arena passed in; the mt_vec arrays are the caller's (mt_vec_free()).
 * Nothing points into the input buffer, which may be freed as soon as a
 * call returns; the temporary copies of nested archives are malloc()ed and
 * freed inside the call. */
#ifndef MOAT_PKG_JAVA_H
#define MOAT_PKG_JAVA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* True when the file name of path ends in .jar, .war, .ear, .jpi or .hpi
 * (case-insensitive) and is more than the extension. */
bool pkg_java_is_archive(const char *path);

/* Bounds of one pkg_parse_java_archive() call. */
typedef struct pkg_java_limits {
    int max_depth;             /* nesting levels read below the archive given (4) */
    uint64_t max_total_bytes;  /* uncompressed bytes read in the whole call (1 GiB) */
    uint64_t max_entry_bytes;  /* size of one nested archive (256 MiB) */
    uint64_t max_ratio;        /* uncompressed / compressed bytes of one nested
                                  archive, checked once it passes 1 MiB (100) */
    size_t max_entries;        /* zip entries looked at in the whole call (1,000,000) */
    size_t max_archives;       /* nested archives opened in the whole call (10,000) */
} pkg_java_limits;

/* The defaults given in parentheses above. */
void pkg_java_default_limits(pkg_java_limits *lim);

/* The packages of the Java archive [data, data + len) found at path (its
 * image path, relative; recorded as db_path). One mt_pkg per package:
 * type "maven", name "groupId:artifactId" (or only the artifact when a
 * manifest gives no group, see java.c), version as written, source_name
 * and source_version equal to name and version, arch, license and checksum
 * NULL, layer -1, db_path the archive holding the metadata: path itself,
 * or "path!/WEB-INF/lib/x.jar" for a nested archive, one "!/" per level
 * ("app.ear!/web.war!/WEB-INF/lib/x.jar"). The packages of an archive come
 * before those of the archives nested in it. Appends mt_pkg* to out and
 * mt_pkg_error* to errs (may be NULL); returns the number of packages
 * added. */
size_t pkg_parse_java_archive(mt_arena *a, const char *data, size_t len, const char *path,
                              mt_vec *out, mt_vec *errs);

/* The same with other bounds (lim NULL: the defaults). */
size_t pkg_parse_java_archive_limits(mt_arena *a, const char *data, size_t len, const char *path,
                                     mt_vec *out, mt_vec *errs, const pkg_java_limits *lim);

#endif
