/* gobin.h — the build information the Go toolchain embeds in every
 * executable it links (the toolchain version, the main package path, the
 * main module, the module dependencies with their go.sum hashes and the
 * build settings: what `go version -m FILE` prints), and the packages of
 * type "golang" a scanner lists for such a binary.
 *
 * Like the other parsers of src/pkg these are pure functions over a buffer
 * holding the whole executable (ELF; PE and Mach-O too): they never open
 * files, every length and count read from the input is bounded, and a
 * malformed structure is reported as an mt_pkg_error (line 0: a binary has
 * no lines; errors inside the module text name their line in the message)
 * while whatever could be read is still returned. The format and the
 * mapping to packages are described at the top of gobin.c.
 *
 * Ownership: every string and array of a pkg_gobin_info and of the mt_pkg
 * and mt_pkg_error records lives in the arena passed in; the mt_vec arrays
 * are the caller's (mt_vec_free()). Nothing points into the input buffer,
 * which may be freed as soon as a call returns. */
#ifndef MOAT_PKG_GOBIN_H
#define MOAT_PKG_GOBIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* One module of the build information; strings are never NULL ("" when
 * the binary records nothing). */
typedef struct pkg_gobin_module {
    char *path;                       /* module path, or a directory for a local replacement */
    char *version;                    /* "v1.2.3", "(devel)", ... */
    char *sum;                        /* "h1:..." go.sum hash */
    struct pkg_gobin_module *replace; /* the "=>" line that follows it, or NULL */
} pkg_gobin_module;

/* A "build" line: KEY=VALUE, unquoted when the binary quotes them. */
typedef struct pkg_gobin_setting {
    char *key;
    char *value;
} pkg_gobin_setting;

typedef struct pkg_gobin_info {
    const char *container;    /* "elf", "pe" or "macho" */
    size_t offset;            /* file offset of the build-information header */
    int ptr_size;             /* 4 or 8, as the header says */
    bool big_endian;          /* byte order of the pointers (old format only) */
    bool inline_strings;      /* Go >= 1.18 layout: strings follow the header */
    char *go_version;         /* as recorded: "go1.19.8", "go1.21.0 X:boringcrypto" */
    char *modinfo;            /* module text between its sentinels, "" when none */
    size_t modinfo_len;       /* its length (a NUL byte in it would end the C string) */
    char *path;               /* main package path, NULL when not recorded */
    pkg_gobin_module *main;   /* main module, NULL when not built in module mode */
    pkg_gobin_module **deps;  /* ndeps dependencies, in the binary's order */
    size_t ndeps;
    pkg_gobin_setting *settings; /* nsettings build settings, in order */
    size_t nsettings;
} pkg_gobin_info;

/* Cheap test: is this an executable (ELF, PE or Mach-O) holding Go build
 * information? Looks at the container headers and for the build-info
 * header; decodes nothing. data must hold the whole file. */
bool pkg_gobin_sniff(const char *data, size_t len);

/* Decodes the build information of a Go executable into *out (zeroed
 * first). Returns 0 when a build-information header and the Go version
 * were read (problems of the module text are then appended to errs but do
 * not fail the call), -1 otherwise with the reason appended to errs.
 * errs may be NULL. */
int pkg_gobin_read(mt_arena *a, const char *data, size_t len, pkg_gobin_info *out, mt_vec *errs);

/* The version of the "stdlib" package for a toolchain version:
 * "go1.19.8" -> "v1.19.8", "go1.21.0 X:boringcrypto" -> "v1.21.0",
 * "go1.22rc1" -> "v1.22rc1"; a version not of the form "go<digit>..."
 * ("devel go1.23-abc ...") is returned whole. Arena string. */
char *pkg_gobin_stdlib_version(mt_arena *a, const char *go_version);

/* The packages of a Go executable: "stdlib" at the toolchain version, the
 * main module and one per dependency, all of type "golang" (see gobin.c
 * for replacements). path is the binary's path in the image, stored as
 * db_path. Appends mt_pkg* to out and mt_pkg_error* to errs (may be NULL);
 * returns the number of packages added (0 and an error when no build
 * information is found). */
size_t pkg_parse_go_binary(mt_arena *a, const char *data, size_t len, const char *path,
                           mt_vec *out, mt_vec *errs);

#endif
