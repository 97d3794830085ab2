/* node.h — Node.js package inventory: installed packages (the package.json
 * of every folder of a node_modules tree) and the lock files of npm
 * (package-lock.json, npm-shrinkwrap.json, node_modules/.package-lock.json),
 * yarn (yarn.lock, classic v1 and berry) and pnpm (pnpm-lock.yaml).
 *
 * Every parser follows the conventions of pkg.h: a pure function over a
 * buffer the caller read (it never opens files), bounded in size, nesting
 * and count, that appends mt_pkg* to out and mt_pkg_error* to errs (errs
 * may be NULL), reports a malformed entry and goes on with the next one,
 * and returns the number of packages added. Every package has type "npm",
 * the npm package name in name ("@scope/name" for a scoped package: the
 * form pkg_purl() expects), source_name = name, source_version = version,
 * arch NULL, layer -1, db_path = path (NULL when path is), and the
 * integrity data the source records in checksum ("sha512-..." subresource
 * integrity; yarn berry's "10c0/<hex>" cache checksum), or NULL.
 *
 * YAML input (yarn berry, pnpm) that is not UTF-8 is reported and read
 * with U+FFFD for each invalid byte; YAML using what lock files never use
 * (control characters or tabs, directives, explicit "? " keys, tags, "''''"
 * in a single-quoted scalar) is reported and not read, because libfyaml
 * 0.7.12 hangs, crashes or leaks on some of it. A duplicate key is reported
 * and its later entry skipped.
 *
 * Ownership: every string of a package or an error lives in the arena a;
 * the vectors are the caller's (mt_vec_free() them; the items are arena
 * memory). Nothing here prints. */
#ifndef MOAT_PKG_NODE_H
#define MOAT_PKG_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* Bounds: a larger file is refused whole (one error, line 0); past the
 * package limit the rest of the file is not read; deeper nesting of the
 * npm v1 "dependencies" tree is reported and not followed. */
#define PKG_NODE_MAX_MANIFEST (16u << 20) /* package.json */
#define PKG_NODE_MAX_LOCK (256u << 20)    /* lock files */
#define PKG_NODE_MAX_PACKAGES 1000000u    /* packages of one file */
#define PKG_NODE_MAX_DEPTH 128            /* npm v1 dependencies tree */

/* True when path (an image or file-system path, '/'-separated, relative or
 * absolute) is the manifest of an installed package, so the caller should
 * hand the file to pkg_parse_npm_package_json():
 *   .../node_modules/NAME/package.json
 *   .../node_modules/@SCOPE/NAME/package.json
 * at any depth (node_modules/a/node_modules/b/package.json too, and pnpm's
 * node_modules/.pnpm/a@1.0.0/node_modules/a/package.json). NAME must not
 * start with '.' or '@' nor be "node_modules"; SCOPE is '@' and at least one
 * more character. Not: .../node_modules/pkg/lib/package.json (a file of the
 * package), .../node_modules/.package-lock.json, .../node_modules/.bin/...,
 * a project's own package.json outside node_modules. */
bool pkg_npm_is_installed_manifest(const char *path);

/* The package.json of one installed package: at most one package. name and
 * version are required (a missing name is taken from the folder in path, as
 * npm does); license is "license" as a string, or its "type" when it is an
 * object, else the legacy "licenses" (a string, an object with "type", or an
 * array of them, joined with " OR "); checksum is the "_integrity" that npm
 * up to version 6 wrote into installed manifests. */
size_t pkg_parse_npm_package_json(mt_arena *a, const char *data, size_t len, const char *path,
                                  mt_vec *out, mt_vec *errs);

/* package-lock.json / npm-shrinkwrap.json / node_modules/.package-lock.json.
 * lockfileVersion 2 and 3: the "packages" map keyed by install location;
 * the root entry "" and entries outside any node_modules folder (workspace
 * and link sources) are skipped; an entry "link": true is listed with the
 * version (and license) of the entry its "resolved" names, under the name of
 * its location. lockfileVersion 1 (or no "packages"): the nested
 * "dependencies" tree. One package per install location, so a name@version
 * installed twice (nested copies) is listed twice, as `npm ls` does. The
 * name is the entry's "name" (an alias "x": "npm:y@1" has name y), else the
 * last folder of the location; v1 aliases ("version": "npm:y@1.0.0") are
 * resolved the same way. Nothing is skipped for the "dev", "optional",
 * "peer", "extraneous" or "inBundle" flags (mt_pkg has no field for them,
 * and a lock file lists all platforms' optional packages too).
 * checksum = "integrity". */
size_t pkg_parse_npm_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                          mt_vec *errs);

/* yarn.lock: the classic v1 format ("# yarn lockfile v1": entries
 * "desc, desc:" with indented "key value" fields), or yarn berry's YAML
 * (recognised by its top-level __metadata key). Each entry is one resolved
 * package: its name comes from berry's "resolution" ("name@npm:1.2.3"), else
 * from its first descriptor ("@babel/core@^7.0.0" -> @babel/core; an alias
 * "x@npm:y@^1" -> y), its version from "version". Berry's workspace, link
 * and portal entries (version "0.0.0-use.local": the project's own folders)
 * are skipped. A name@version is listed once (berry's patch: entries repeat
 * their base package). checksum = "integrity" (v1) or "checksum" (berry). */
size_t pkg_parse_yarn_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                           mt_vec *errs);

/* pnpm-lock.yaml, every YAML document of it: the "packages" map, whose keys
 * are "/name/1.2.3" and "/@scope/name/1.2.3_peer@1.0.0" (lockfileVersion
 * 5.x), "/name@1.2.3(peer@1.0.0)" (6.x) and "name@1.2.3" (9.x; its
 * "snapshots" repeat them with peer suffixes and are not read); the entry's
 * own "name" and "version" (git, tarball and directory packages) take
 * precedence over the key. "importers" (the project's own folders and their
 * link: dependencies) are not read. A name@version is listed once (peer
 * variants collapse). checksum = resolution.integrity. */
size_t pkg_parse_pnpm_lock(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
                           mt_vec *errs);

#endif
