/* rustbin.h — the dependency list cargo-auditable embeds in Rust
 * executables: an ELF section named ".dep-v0" holding zlib-compressed JSON
 * ({"packages": [{"name", "version", "source", "kind", "dependencies",
 * "root"}]}), turned into packages of type "cargo".
 *
 * Pure functions over a buffer holding the whole executable, as the other
 * parsers of src/pkg: nothing is opened or printed, the section size, the
 * inflated size (16 MiB) and the package count are bounded, and problems
 * are appended to errs (line 0) while what could be read is returned.
 *
 * Ownership: packages and errors live in the arena passed in; the vectors
 * are the caller's. */
#ifndef MOAT_PKG_RUSTBIN_H
#define MOAT_PKG_RUSTBIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* True when data is an ELF file with a ".dep-v0" section. */
bool pkg_rustbin_sniff(const char *data, size_t len);

/* The crates of a cargo-auditable binary: every package of kind "runtime"
 * (build-time dependencies are not in the executable), the root crate
 * included. path is stored as db_path. Returns the number added. */
size_t pkg_parse_rust_binary(mt_arena *a, const char *data, size_t len, const char *path,
                             mt_vec *out, mt_vec *errs);

#endif
