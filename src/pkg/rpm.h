/* rpm.h — readers of the three rpm package databases, each a pure function
 * over the file's contents in memory (nothing is opened or written):
 *   rpmdb.sqlite  (rpm >= 4.16 default; Fedora 33+, RHEL 9, Amazon Linux 2023)
 *   Packages      (Berkeley DB hash; RHEL <= 8, CentOS 7, Amazon Linux 2)
 *   Packages.db   (rpm's own "ndb" format; openSUSE, SLES 15 SP3+)
 * found in var/lib/rpm/ or usr/lib/sysimage/rpm/ (Fedora 36+ and openSUSE,
 * where var/lib/rpm is a symbolic link to it), and the decoder of the rpm
 * header blobs they store.
 *
 * What is listed is what `rpm -qa` lists, less the gpg-pubkey
 * pseudo-packages (the signing keys `rpm --import` records as packages; no
 * software, and vulnerability scanners skip them too). Each package:
 *   type           "rpm"
 *   name           NAME
 *   version        [EPOCH:]VERSION-RELEASE — the epoch is written when the
 *                  header has an EPOCH tag, even 0: this is rpm's own
 *                  %{EVR} (and syft's version); `rpm -q --qf '%{EPOCH}'`
 *                  prints "(none)" for a package without one, and a package
 *                  built with "Epoch: 0" prints "0:" in %{EVR}.
 *   source_name,   from SOURCERPM "bash-5.1.8-6.el9.src.rpm": "bash" and
 *   source_version "5.1.8-6.el9", with the binary package's epoch in front
 *                  when it has one (SOURCERPM never holds the epoch, and a
 *                  source package and its binaries share it; trivy and grype
 *                  assume the same). Without a SOURCERPM of the form
 *                  NAME-VERSION-RELEASE.src.rpm (or .nosrc.rpm): the
 *                  package's own name and version.
 *   arch           ARCH ("x86_64", "noarch"), NULL when absent
 *   license        LICENSE, NULL when absent
 *   purl, checksum NULL (pkg_purl() is the caller's)
 *   db_path        copy of db_path; layer -1
 *
 * Errors: a record that cannot be read is reported and skipped, the others
 * are still listed. mt_pkg_error.line is the package's number in the
 * database (sqlite hnum, Berkeley DB key, ndb package index) when known and
 * between 1 and INT_MAX, else 0 (the file, or a page or slot of it, which
 * the message names).
 *
 * Ownership: as pkg.h — every string lives in the arena passed in; the
 * vectors are the caller's. Nothing is kept between calls; the functions
 * may run concurrently on different buffers. */
#ifndef MOAT_PKG_RPM_H
#define MOAT_PKG_RPM_H

#include <stddef.h>

#include "pkg/pkg.h"

/* rpmdb.sqlite: the Packages(hnum, blob) table. The buffer is copied into
 * a private, read-only in-memory SQLite database (sqlite3_deserialize);
 * the reading is bounded in time (VM steps) and in value size, and runs
 * with defensive settings (Packages must be an ordinary table: no views,
 * triggers or virtual tables; schema not trusted). A WAL-mode file is
 * read as it is: transactions still in a rpmdb.sqlite-wal file beside it
 * are not seen (rpm checkpoints and removes the WAL when it closes the
 * database, so images normally have none).
 * Reading stops, with an error, once the blobs read add up to more than the
 * file (cells sharing overflow pages). */
size_t pkg_parse_rpm_sqlite(mt_arena *a, const char *data, size_t len, const char *db_path,
                            mt_vec *out, mt_vec *errs);

/* Packages: a Berkeley DB hash database (either byte order, hash versions
 * 8 to 10, as rpm's bdb_ro backend reads) whose values are header blobs.
 * Every hash page is read in file order and values on overflow pages are
 * reassembled; the bucket chains are not followed, so a damaged bucket
 * directory loses no package. Each overflow page may serve one value only,
 * which bounds the work by the file size. The key-0 record (the package
 * counter of old rpm versions) is skipped. Pages with checksums are read
 * (the checksums are not verified); encrypted databases are refused. */
size_t pkg_parse_rpm_bdb(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs);

/* Packages.db: rpm's ndb format — a 32-byte file header, slot pages of
 * 16-byte slots (package index, block offset, block count), blobs framed by
 * a head and a tail. Like rpm, the blob's adler32 is not checked when
 * reading; every other field is, and blobs may not overlap (a slot naming
 * bytes another slot's blob holds is reported), so each byte is decoded
 * once. */
size_t pkg_parse_rpm_ndb(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs);

/* Result of pkg_rpm_header(). */
typedef enum {
    PKG_RPM_BAD = -1,   /* malformed: *why says why */
    PKG_RPM_SKIPPED = 0, /* a valid header not listed (gpg-pubkey) */
    PKG_RPM_PACKAGE = 1, /* *out filled */
} pkg_rpm_result;

/* Decodes one header blob as rpm stores it in its databases: no lead and
 * no magic, the big-endian index count and data length, the index entries
 * (tag, type, offset, count) and the data store; the blob must be exactly
 * that long. Every entry is checked as rpm does (type, alignment, offset
 * within the data store), and the entries read (NAME, VERSION, RELEASE,
 * EPOCH, ARCH, LICENSE, SOURCERPM) fully: strings must end inside the data
 * store, hold no control character and fit in PKG_MAX_VALUE bytes.
 * On PKG_RPM_PACKAGE, *out is filled as described above but for db_path
 * (NULL) and layer (-1); *why is a static string on PKG_RPM_BAD. */
pkg_rpm_result pkg_rpm_header(mt_arena *a, const void *blob, size_t len, mt_pkg *out,
                              const char **why);

#endif
