/* sbom_in.h — reading existing software bills of materials, so that moat
 * can report the vulnerabilities of software it did not inventory itself:
 * CycloneDX JSON (1.2 to 1.6) and SPDX 2.x JSON documents become the same
 * mt_pkg records moat's own inventory produces (pkg.h), with the package
 * names, versions and source packages spelled as moat's parsers spell
 * them, so that vulnerability matching works identically. Also the
 * package-url parser this needs (moat's purl.c only builds purls).
 *
 * Like the parsers of pkg.h these are pure functions over a buffer: they
 * never open files, never print, and bound every size, depth and count.
 *
 * Ownership: every string of the returned mt_pkg, mt_os, mt_pkg_error and
 * sbom_purl records lives in the arena passed in; nothing points into the
 * input buffer. The mt_vec arrays are the caller's (mt_vec_free()). */
#ifndef MOAT_PKG_SBOM_IN_H
#define MOAT_PKG_SBOM_IN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* ---- package URLs ---- */

/* A purl split into its components as the purl specification's "how to
 * parse" section says, every component percent-decoded. Type and
 * qualifier keys are lowercased; nothing else is normalised (the
 * case-folding rules of each type are applied by sbom_purl_equal()). */
typedef struct sbom_purl {
    char *type;
    char *ns;           /* namespace: its segments joined by '/'; NULL when none */
    char *name;
    char *version;      /* NULL when none */
    char **qual_keys;   /* sorted, unique, non-empty values only */
    char **qual_values;
    size_t nquals;
    char *subpath;      /* segments joined by '/' ('.' and '..' dropped); NULL when none */
} sbom_purl;

/* The longest purl sbom_purl_parse() accepts. */
#define SBOM_PURL_MAX 4096

/* Parses the purl [s, s + n). Returns 0, or -1 with *why set to a static
 * message ("does not start with \"pkg:\"", "invalid percent-encoding",
 * ...). Tolerated as the specification says: "pkg://" (slashes after the
 * scheme), empty namespace segments, a scheme in upper case; an '@'
 * starting a namespace segment (npm's "@scope" written unencoded) is not
 * taken for the version separator. Rejected: no type or name, a type or
 * qualifier key with characters the specification does not allow, a
 * qualifier key given twice, a '/' encoded inside a namespace segment, a
 * decoded NUL or other control character, more than SBOM_PURL_MAX bytes. */
int sbom_purl_parse(mt_arena *a, const char *s, size_t n, sbom_purl *out, const char **why);

/* The value of qualifier key (lowercase) or NULL. */
const char *sbom_purl_qualifier(const sbom_purl *p, const char *key);

/* The version of a deb or rpm purl with its epoch: "E:version" when an
 * epoch qualifier (digits, not zero) is given and the version has none
 * (Trivy writes the epoch as a qualifier for both types, the purl
 * specification for rpm); the version as it is otherwise, and for every
 * other type. NULL when the purl has no version. */
char *sbom_purl_full_version(mt_arena *a, const sbom_purl *p);

/* Whether two purls name the same package as far as their types define
 * identity: same type; namespace and name compared as each type's
 * definition says (lowercase for deb, apk, alpm, npm, composer, github,
 * bitbucket, hex, nuget, oci names, golang (module paths are
 * case-sensitive, but producers differ: Trivy lowercases them), rpm and
 * others case-sensitive; pypi names by their PEP 503 form). Versions and
 * qualifiers are not compared. */
bool sbom_purl_same_package(const sbom_purl *x, const sbom_purl *y);

/* The name moat's inventory gives a package of this purl: for deb, apk,
 * rpm and alpm the name alone (the namespace is the vendor); for maven
 * "group:artifact"; for every other type "namespace/name" ("@scope/name"
 * for npm, the module path for golang, "vendor/name" for composer), or
 * the name when there is no namespace. Arena string. */
char *sbom_purl_pkg_name(mt_arena *a, const sbom_purl *p);

/* ---- SBOM documents ---- */

/* Bounds of one sbom_parse() call. */
#define SBOM_MAX_SIZE (256u << 20)   /* bytes of the document */
#define SBOM_MAX_DEPTH 64            /* nesting of CycloneDX components */
#define SBOM_MAX_COMPONENTS 1000000  /* components or SPDX packages */

/* Reads the CycloneDX or SPDX JSON document [data, data + len) (path
 * names it in messages and is the db_path of packages whose producer did
 * not record where it found them). Appends one mt_pkg* to pkgs for every
 * component / package that has a purl, and fills *os (zeroed first; id
 * NULL when unknown). Returns 0; or -1 with err set ("PATH: message")
 * when the document cannot be read at all: not JSON, neither format, an
 * unsupported version, a bound exceeded. A problem with one component
 * (no purl, an invalid purl, no version) is appended to errs (which may be
 * NULL) as an mt_pkg_error of line 0 naming the component, and that
 * component is skipped while the rest is read.
 *
 * Packages: type is the purl type; name as sbom_purl_pkg_name() says,
 * except that the spelling the document gives the component (CycloneDX
 * "group" and "name", SPDX "name") is kept when it differs only in case,
 * or for pypi only in its PEP 503 form, so "Flask" or a Go module path in
 * its real case survives producers that lowercase purls; version from the
 * purl with the epoch folded in (sbom_purl_full_version()), or the
 * component's own version when it says the same with a "0:" epoch, or when
 * the purl has none; arch from the "arch" qualifier (gem: "platform");
 * source_name / source_version from, in this order, moat's properties
 * (moat:package:source_name / source_version), Trivy's
 * (aquasecurity:trivy:SrcName, SrcVersion, SrcRelease, SrcEpoch), Syft's
 * (syft:metadata:source, sourceVersion, sourceRpm, originPackage), an SPDX
 * sourceInfo "built package from: NAME VERSION", the purl's "upstream"
 * qualifier ("name", "name@version", or a source RPM file name), and
 * otherwise name and version; license from CycloneDX licenses (ids, names
 * or an expression, joined by ", ") or SPDX licenseDeclared /
 * licenseConcluded (NOASSERTION and NONE ignored); db_path from the
 * producer's location property (moat:package:db_path,
 * aquasecurity:trivy:FilePath, syft:location:0:path) or path; layer from
 * moat:layer:index, else -1; purl the document's string verbatim.
 *
 * Which components are packages: CycloneDX components (recursively,
 * nested components included, and those of metadata.component) of type
 * library, framework, application, firmware or of no type, and SPDX
 * packages of any purpose but OPERATING-SYSTEM and CONTAINER. Only
 * libraries, frameworks, type-less components and SPDX LIBRARY /
 * FRAMEWORK / purpose-less packages without a purl are reported missing
 * one: applications, images and the document's subject (CycloneDX
 * metadata.component, what an SPDX document DESCRIBES) commonly have none.
 *
 * The operating system: the first CycloneDX component of type
 * operating-system (id = its name lowercased, version_id = its version,
 * pretty_name = its description), or the first SPDX package of purpose
 * OPERATING-SYSTEM (or OPERATING_SYSTEM, as the SPDX JSON schema spells
 * it); failing that the "distro" qualifier of the first deb, apk, rpm or
 * alpm purl ("debian-12" -> debian 12, "opensuse-leap-15.5" ->
 * opensuse-leap 15.5, "debian-bookworm" -> debian, codename bookworm),
 * or its namespace. When packages name other distributions than the one
 * chosen, errs says so once. */
int sbom_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *pkgs,
               mt_os *os, mt_vec *errs, char *err, size_t errlen);

#endif
