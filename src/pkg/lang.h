/* lang.h — parsers of the package manifests of language ecosystems found in
 * images: what Python (pypi), Ruby (gem), PHP (composer), .NET (nuget) and
 * Rust (cargo) record about the packages an application installed or
 * locked, and which image paths hold those records.
 *
 * Every parser has the signature of pkg_parse_dpkg() (pkg.h) and follows
 * the conventions of pkg.h: a pure function over a buffer (it never opens a
 * file; db_path is only recorded in each package and, for the dispatching
 * pkg_parse_<ecosystem>() functions, used to pick the format); bounded
 * (strings, nesting and counts are capped, see the per-format notes in the
 * .c files); a malformed record is appended to errs (which may be NULL)
 * with its 1-based line, or line 0 when the problem is the whole file
 * (not JSON at all, no Name header, ...), and skipped while the rest of the
 * file is still read. Each returns the number of mt_pkg* appended to out.
 *
 * Packages: type is the purl type ("pypi", "gem", "composer", "nuget",
 * "cargo"); name is as the file writes it (pkg_purl() applies each type's
 * normalisation, e.g. PEP 503 for pypi); version as written; source_name
 * and source_version equal name and version; arch is the Ruby platform of
 * a platform gem ("x86_64-linux") and NULL otherwise; license as declared
 * (the rule of each format is in its .c file) or NULL; checksum is what the
 * format records for the package archive, prefixed with its algorithm
 * ("sha256:<hex>" for Cargo.lock and Gemfile.lock CHECKSUMS,
 * "sha512-<base64>" as deps.json writes it), or NULL; layer is -1.
 *
 * Paths given to the pkg_*_is_manifest() helpers are image paths, relative
 * (no leading '/'), of regular files.
 *
 * Ownership: as in pkg.h, every string of a package and of an error lives
 * in the arena passed to the parser; the caller frees the mt_vec arrays
 * with mt_vec_free(). The parsers keep no state between calls. */
#ifndef MOAT_PKG_LANG_H
#define MOAT_PKG_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "pkg/pkg.h"

/* The signature shared by every parser of pkg.h and lang.h. */
typedef size_t (*pkg_lang_parser)(mt_arena *a, const char *data, size_t len, const char *db_path,
                                  mt_vec *out, mt_vec *errs);

/* ---- which image paths each ecosystem reads ---- */

/* Python: ".../NAME.dist-info/METADATA", ".../NAME.egg-info/PKG-INFO", a
 * file named ".../NAME.egg-info" (distutils), "poetry.lock",
 * "Pipfile.lock" and "requirements*.txt" anywhere. */
bool pkg_python_is_manifest(const char *path);
/* Ruby: "Gemfile.lock" and "gems.locked" anywhere; "*.gemspec" directly in
 * a "specifications" directory or its "default" subdirectory (installed
 * gems: usr/local/lib/ruby/gems/3.2.0/specifications/rake-13.0.6.gemspec,
 * usr/share/rubygems-integration/all/specifications/..., default gems). */
bool pkg_ruby_is_manifest(const char *path);
/* PHP: "composer.lock" anywhere; ".../vendor/composer/installed.json". */
bool pkg_php_is_manifest(const char *path);
/* .NET: "*.deps.json" anywhere. */
bool pkg_dotnet_is_manifest(const char *path);
/* Rust: "Cargo.lock" anywhere. */
bool pkg_rust_is_manifest(const char *path);

/* The parser of a path that one of the helpers above accepts (the format
 * chosen from the path as they describe it), or NULL. */
pkg_lang_parser pkg_lang_parser_for(const char *path);

/* ---- one function per ecosystem: the format chosen from db_path ---- */

/* Each picks the format from db_path as its pkg_*_is_manifest() does and
 * reports an error (line 0) and returns 0 for a path it does not know.
 * .NET and Rust have one format each: their parsers are
 * pkg_parse_deps_json() and pkg_parse_cargo_lock(). */
size_t pkg_parse_python(mt_arena *a, const char *data, size_t len, const char *db_path,
                        mt_vec *out, mt_vec *errs);
size_t pkg_parse_ruby(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                      mt_vec *errs);
size_t pkg_parse_php(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                     mt_vec *errs);

/* ---- the formats ---- */

/* Python core metadata (RFC 822 headers): an installed METADATA, a
 * PKG-INFO or an egg-info file. One package: Name and Version; license
 * from License-Expression, else a one-line License (not "UNKNOWN"), else
 * the "Classifier: License :: ..." leaves (python.c). */
size_t pkg_parse_python_metadata(mt_arena *a, const char *data, size_t len, const char *db_path,
                                 mt_vec *out, mt_vec *errs);
/* poetry.lock: every [[package]] (name, version). */
size_t pkg_parse_poetry_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                             mt_vec *out, mt_vec *errs);
/* Pipfile.lock: the "default" and "develop" packages pinned with "==x". */
size_t pkg_parse_pipfile_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs);
/* requirements.txt: the lines pinning one version ("name[extras]==x"). */
size_t pkg_parse_requirements(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs);

/* Gemfile.lock (or gems.locked): the specs of its GEM and GIT sections. */
size_t pkg_parse_gemfile_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs);
/* An installed gem's specification, as RubyGems writes it (s.name,
 * s.version, s.licenses, s.platform lines). */
size_t pkg_parse_gemspec(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs);

/* composer.lock: "packages" and "packages-dev". */
size_t pkg_parse_composer_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                               mt_vec *out, mt_vec *errs);
/* vendor/composer/installed.json, Composer 1 (an array) or 2
 * ({"packages": [...]}). */
size_t pkg_parse_composer_installed(mt_arena *a, const char *data, size_t len,
                                    const char *db_path, mt_vec *out, mt_vec *errs);

/* *.deps.json: the "libraries" of type "package". */
size_t pkg_parse_deps_json(mt_arena *a, const char *data, size_t len, const char *db_path,
                           mt_vec *out, mt_vec *errs);

/* Cargo.lock: the [[package]] entries that have a source (registry or
 * git); workspace members and path dependencies are left out (rust.c). */
size_t pkg_parse_cargo_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                            mt_vec *out, mt_vec *errs);

#ifdef MOAT_PKG_LANG_INTERNAL
/* ==== Internal to src/pkg/{python,ruby,php,dotnet,rust}.c ====
 * (and to their unit test and fuzz harness, which define
 * MOAT_PKG_LANG_INTERNAL to reach them). Shared pieces of the parsers above. The common helpers (lang_*) are in
 * python.c, the TOML subset reader (lt_*) in rust.c and the JSON reader
 * (lj_*) in php.c. */
#include "pkg/pkg_internal.h"

/* One parser call. */
typedef struct lang_ctx {
    mt_arena *a;
    const char *type; /* purl type */
    char *db_path;    /* arena copy shared by the packages of the call */
    mt_vec *out;
    pkg_errsink err;
    mt_strmap seen; /* keys of the packages listed so far (lang_seen()) */
    size_t added;
} lang_ctx;

void lang_ctx_init(lang_ctx *c, mt_arena *a, const char *type, const char *db_path, mt_vec *out,
                   mt_vec *errs);
/* Releases what the call held outside the arena; returns c->added. */
size_t lang_ctx_done(lang_ctx *c);
/* Appends a package of c->type (name, version: arena strings) and returns
 * it for the caller to fill arch, license or checksum. */
mt_pkg *lang_emit(lang_ctx *c, char *name, char *version);
/* Records key; true when it had been recorded before. */
bool lang_seen(lang_ctx *c, const char *key);

/* The parser of each ecosystem for a path, or NULL (python.c, ruby.c,
 * php.c, dotnet.c, rust.c); pkg_*_is_manifest() and pkg_lang_parser_for()
 * are built on them. */
pkg_lang_parser lang_python_parser_for(const char *path);
pkg_lang_parser lang_ruby_parser_for(const char *path);
pkg_lang_parser lang_php_parser_for(const char *path);
pkg_lang_parser lang_dotnet_parser_for(const char *path);
pkg_lang_parser lang_rust_parser_for(const char *path);
/* For pkg_parse_<ecosystem>() given a path it does not know: reports it
 * (line 0) and returns 0. */
size_t lang_unknown_path(mt_arena *a, const char *db_path, const char *what, mt_vec *errs);
/* True when the directory holding the file `base` of path (base points
 * into path) is named "<something>suffix". */
bool lang_parent_endswith(const char *path, const char *base, const char *suffix);

/* Value checks; each returns NULL when [s, s + n) is fine, else why not. */
/* A version: 1..PKG_MAX_VALUE bytes, no blank, no control character. */
const char *lang_check_version(const char *s, size_t n);
/* A name of letters, digits and the bytes of `extra` (e.g. "._-"), at
 * most PKG_MAX_VALUE bytes, starting with a letter or digit. */
const char *lang_check_name(const char *s, size_t n, const char *extra);
/* A free-text value kept as is (license): at most PKG_MAX_VALUE bytes and
 * no control character but tab. */
const char *lang_check_text(const char *s, size_t n);
/* At most 64 bytes of s for an error message, with control bytes as '?'. */
char *lang_quote(mt_arena *a, const char *s, size_t n);

/* -- TOML subset reader (rust.c) --
 * Reads the TOML that Cargo.lock and poetry.lock are written in: comments,
 * [table] and [[array-of-tables]] headers, key = value pairs with bare,
 * quoted and dotted keys; values: basic and literal strings (single- and
 * multi-line, every escape of TOML 1.0), and — read only to be skipped —
 * arrays, inline tables, numbers, booleans and dates. Strings are at most
 * LT_MAX_STRING bytes, keys at most LT_MAX_KEYS parts, arrays and inline
 * tables nest at most LT_MAX_DEPTH deep. After an error the reader skips to
 * the next line that starts with '[' in its first column. */
#define LT_MAX_STRING 65536
#define LT_MAX_KEYS 8
#define LT_MAX_DEPTH 32

typedef enum { LT_TABLE, LT_ARRAY_TABLE, LT_KEYVAL, LT_ERROR } lt_kind;

typedef struct lt_event {
    lt_kind kind;
    int line;                        /* where the header, key or error is */
    size_t nkeys;                    /* header path or dotted key */
    const char *keys[LT_MAX_KEYS];   /* decoded, NUL-terminated (arena) */
    bool is_string;                  /* LT_KEYVAL: the value is a string */
    const char *str;                 /* its decoded value (arena), else NULL */
    size_t slen;                     /* its length (a "\u0000" makes it differ
                                        from strlen(str)) */
    const char *msg;                 /* LT_ERROR: what is wrong (arena) */
    bool header;                     /* LT_ERROR: on a line starting with '[' */
} lt_event;

typedef struct lt_reader {
    mt_arena *a;
    const char *p, *end;
    int line;
    const char *err; /* set by a failing step, turned into an LT_ERROR */
    int errline;
} lt_reader;

void lt_init(lt_reader *r, mt_arena *a, const char *data, size_t len);
/* Reads the next header, key/value pair or error; false at the end. */
bool lt_next(lt_reader *r, lt_event *ev);

/* Reads the records of a lock file made of [[NAME]] tables (Cargo.lock,
 * poetry.lock): for each [[NAME]] that had no error, record() gets the
 * string values of `fields` found directly in it (NULL / 0 when absent;
 * subtables such as [NAME.dependencies] are part of the record but their
 * keys are not fields). Errors are reported to c; a record with one (a
 * field given twice or not as a string, a line that is not TOML) is
 * skipped. other(), when set, gets the key/value pairs outside the
 * records with the header of the table they are in (NULL at the top). */
#define LT_MAX_FIELDS 8
typedef struct lt_records {
    const char *array;
    const char *const *fields;
    size_t nfields; /* at most LT_MAX_FIELDS */
    void (*record)(void *ud, int line, const char *const *vals, const size_t *lens,
                   const int *lines);
    void (*other)(void *ud, const lt_event *kv, const lt_event *table);
    void *ud;
} lt_records;
void lt_read_records(lang_ctx *c, const char *data, size_t len, const lt_records *spec);

/* -- JSON reader (php.c) --
 * RFC 8259 JSON into a tree of arena nodes that remember their line;
 * nesting at most LJ_MAX_DEPTH deep. Strings are decoded (\u escapes to
 * UTF-8, a lone surrogate to U+FFFD) and NUL-terminated; n is their
 * length. A duplicate member name is kept: lj_get() returns the last one,
 * as PHP and Python do. */
#define LJ_MAX_DEPTH 64

typedef enum { LJ_NULL, LJ_BOOL, LJ_NUM, LJ_STR, LJ_ARR, LJ_OBJ } lj_type;

typedef struct lj_val lj_val;
struct lj_val {
    lj_type type;
    int line;       /* line of the value's first byte */
    const char *key; /* member name (decoded) when inside an object */
    size_t keylen;
    const char *s;  /* LJ_STR: decoded text; LJ_NUM: the number as written */
    size_t n;
    bool b;         /* LJ_BOOL */
    lj_val *child;  /* LJ_ARR, LJ_OBJ: first element or member */
    lj_val *next;   /* next sibling */
    size_t len;     /* LJ_ARR, LJ_OBJ: number of elements or members */
};

/* The root value, or NULL with *err_line and *err_msg (arena) set. Only
 * the values at most keep_depth deep (the root is at depth 0) are kept:
 * deeper ones are checked but not stored, so a container at keep_depth
 * looks empty. At most LJ_MAX_NODES values are kept. */
#define LJ_MAX_NODES (1u << 20)
lj_val *lj_parse(mt_arena *a, const char *data, size_t len, int keep_depth, int *err_line,
                 const char **err_msg);
/* The last member of an object named key, or NULL (also when obj is not
 * an object). */
lj_val *lj_get(const lj_val *obj, const char *key);
/* The name of a JSON type for messages ("a string", "an object", ...). */
const char *lj_type_name(const lj_val *v);
#endif /* MOAT_PKG_LANG_INTERNAL */

#endif
