/* pkg.h — software inventory: the packages found in an image or a
 * directory, the operating system they belong to, and the parsers of the
 * package databases (dpkg, apk, ...). Parsers are pure functions over a
 * buffer: they never open files, and a malformed record is reported and
 * skipped while the rest of the database is still read.
 *
 * Ownership: every string of an mt_pkg / mt_os lives in the arena passed
 * to the parser; the mt_vec arrays themselves are freed by the caller with
 * mt_vec_free() (the items are arena memory). */
#ifndef MOAT_PKG_H
#define MOAT_PKG_H

#include "core/util.h"

/* The operating system of an image, from os-release and friends. */
typedef struct mt_os {
    char *id;          /* "debian", "alpine", "ubuntu", "rhel", ... (os-release ID) */
    char *version_id;  /* "12", "3.19.1", ... */
    char *codename;    /* VERSION_CODENAME, may be NULL */
    char *pretty_name; /* may be NULL */
    char *id_like;     /* may be NULL */
} mt_os;

typedef struct mt_pkg {
    const char *type;     /* purl type: "deb", "apk", "rpm", "golang", "npm", "pypi", ... */
    char *name;
    char *version;        /* full version as the database has it (with epoch for deb/rpm) */
    char *source_name;    /* dpkg Source:, rpm SOURCERPM name, apk origin; = name when absent */
    char *source_version; /* = version when the database gives none */
    char *arch;           /* may be NULL */
    char *license;        /* as declared, may be NULL */
    char *purl;           /* filled by pkg_purl() */
    char *checksum;       /* integrity data the source records (Go module "h1:..." sum,
                             npm "sha512-..." integrity), may be NULL */
    char *db_path;        /* the file it was read from (image path) */
    char **depends;       /* names of the packages it needs, as the source records them
                             (dpkg Depends and Pre-Depends, first alternative); may be NULL */
    size_t ndepends;
    int layer;            /* index of the layer that introduced it; -1 unknown */
} mt_pkg;

/* A problem found while parsing; line is 1-based (0 = whole file). */
typedef struct mt_pkg_error {
    int line;
    char *message;
} mt_pkg_error;

/* True for the packages of an operating system's package manager (deb,
 * apk, rpm), as opposed to language packages. */
bool pkg_is_os(const mt_pkg *p);

/* Parses /etc/os-release (or /usr/lib/os-release) KEY=value syntax with
 * shell quoting. Returns 0 when an ID was found. (*out is zeroed first;
 * absent or empty values are NULL.) */
int pkg_parse_os_release(mt_arena *a, const char *data, size_t len, mt_os *out);

/* Fallbacks for images without os-release; each fills *out (zeroed first)
 * and returns 0 when the file was understood, -1 otherwise.
 * etc/alpine-release "3.19.1"        -> id alpine, version_id 3.19.1
 * etc/debian_version "12.5"          -> id debian, version_id 12 (as os-release)
 *                    "trixie/sid"    -> id debian, codename trixie
 * etc/redhat-release (or system-release) "Rocky Linux release 9.3 (Blue Onyx)"
 *                                    -> id rocky, version_id 9.3, pretty_name the line
 *                    (rhel, centos, fedora, rocky, almalinux, ol, amzn; the
 *                    version_id as their os-release has it) */
int pkg_os_from_alpine_release(mt_arena *a, const char *data, size_t len, mt_os *out);
int pkg_os_from_debian_version(mt_arena *a, const char *data, size_t len, mt_os *out);
int pkg_os_from_redhat_release(mt_arena *a, const char *data, size_t len, mt_os *out);

/* var/lib/dpkg/status, or one file of var/lib/dpkg/status.d/ (distroless).
 * Lists what `dpkg-query -W` lists: every package whose Status is not
 * "not-installed" (so also config-files, half-installed, unpacked, ...), and
 * those that have no Status field, as in status.d. Appends mt_pkg* to out and
 * mt_pkg_error* to errs (errs may be NULL). Returns the number of packages
 * added. */
size_t pkg_parse_dpkg(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                      mt_vec *errs);

/* lib/apk/db/installed. Same conventions. */
size_t pkg_parse_apk(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                     mt_vec *errs);

/* Sets p->purl (package-url spec): pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12,
 * with the epoch as a qualifier for rpm and in the version for deb (as the
 * spec's deb type has it: pkg:deb/debian/attr@1:2.4.47-2%2Bb1), percent-encoding
 * as the spec requires. os may be NULL. */
void pkg_purl(mt_arena *a, mt_pkg *p, const mt_os *os);

#endif
