/* rustbin.c — see rustbin.h. Format facts: cargo-auditable stores the
 * dependency tree of the build as JSON, compressed with zlib (RFC 1950), in
 * a section named ".dep-v0"; each package has "name", "version", "source"
 * ("crates.io", "git", "local", "registry", ...), an optional "kind"
 * ("build" for build-time dependencies; runtime when absent), "dependencies"
 * (indexes) and "root" (the crate of the executable). */
#include "pkg/rustbin.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "pkg/pkg_internal.h"

#define SECTION_MAX ((size_t)8 << 20)
#define JSON_MAX ((size_t)16 << 20)
#define PACKAGES_MAX 100000

typedef struct elf {
    const unsigned char *d;
    size_t len;
    bool is64, be;
} elf;

static uint64_t rd(const elf *e, size_t off, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        unsigned b = e->d[off + (size_t)(e->be ? i : n - 1 - i)];
        v = (v << 8) | b;
    }
    return v;
}

/* Finds section `name`: its file offset and size, bounds-checked. */
static bool find_section(const char *data, size_t len, const char *name, size_t *off, size_t *size)
{
    if (len < 52 || memcmp(data, "\x7f" "ELF", 4) != 0)
        return false;
    elf e = {(const unsigned char *)data, len, data[4] == 2, data[5] == 2};
    if ((data[4] != 1 && data[4] != 2) || (data[5] != 1 && data[5] != 2))
        return false;
    if (e.is64 && len < 64)
        return false;
    uint64_t shoff = e.is64 ? rd(&e, 0x28, 8) : rd(&e, 0x20, 4);
    unsigned shentsize = (unsigned)rd(&e, e.is64 ? 0x3a : 0x2e, 2);
    unsigned shnum = (unsigned)rd(&e, e.is64 ? 0x3c : 0x30, 2);
    unsigned shstrndx = (unsigned)rd(&e, e.is64 ? 0x3e : 0x32, 2);
    unsigned need = e.is64 ? 64 : 40;
    if (shnum == 0 || shentsize < need || shstrndx >= shnum || shoff > len ||
        (uint64_t)shnum * shentsize > len - shoff)
        return false;
    /* the section-name string table */
    size_t sh = (size_t)shoff + (size_t)shstrndx * shentsize;
    uint64_t stroff = e.is64 ? rd(&e, sh + 0x18, 8) : rd(&e, sh + 0x10, 4);
    uint64_t strsize = e.is64 ? rd(&e, sh + 0x20, 8) : rd(&e, sh + 0x14, 4);
    if (stroff > len || strsize > len - stroff)
        return false;
    size_t nl = strlen(name);
    for (unsigned i = 0; i < shnum; i++) {
        size_t h = (size_t)shoff + (size_t)i * shentsize;
        uint64_t nameoff = rd(&e, h, 4);
        if (nameoff >= strsize || strsize - nameoff < nl + 1)
            continue;
        if (memcmp(data + stroff + nameoff, name, nl + 1) != 0)
            continue;
        uint64_t o = e.is64 ? rd(&e, h + 0x18, 8) : rd(&e, h + 0x10, 4);
        uint64_t s = e.is64 ? rd(&e, h + 0x20, 8) : rd(&e, h + 0x14, 4);
        if (o > len || s > len - o)
            return false;
        *off = (size_t)o;
        *size = (size_t)s;
        return true;
    }
    return false;
}

bool pkg_rustbin_sniff(const char *data, size_t len)
{
    size_t off, size;
    return find_section(data, len, ".dep-v0", &off, &size);
}

/* zlib-inflates src into a malloc()ed buffer of at most JSON_MAX bytes. */
static char *inflate_bounded(const unsigned char *src, size_t n, size_t *out_len, const char **why)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit(&z) != Z_OK) {
        *why = "cannot start zlib";
        return NULL;
    }
    size_t cap = n * 4 + 1024 < JSON_MAX ? n * 4 + 1024 : JSON_MAX;
    char *buf = mt_xmalloc(cap + 1);
    z.next_in = (unsigned char *)src;
    z.avail_in = (uInt)n;
    size_t got = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (got == cap) {
            if (cap == JSON_MAX) {
                *why = "the dependency list inflates to more than 16 MiB";
                free(buf);
                inflateEnd(&z);
                return NULL;
            }
            cap = cap * 2 < JSON_MAX ? cap * 2 : JSON_MAX;
            buf = mt_xrealloc(buf, cap + 1);
        }
        z.next_out = (unsigned char *)buf + got;
        z.avail_out = (uInt)(cap - got);
        rc = inflate(&z, Z_NO_FLUSH);
        got = cap - z.avail_out;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        *why = "the dependency list is not valid zlib data";
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    *out_len = got;
    return buf;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

size_t pkg_parse_rust_binary(mt_arena *a, const char *data, size_t len, const char *path,
                             mt_vec *out, mt_vec *errs)
{
    pkg_errsink es = {a, errs, 0};
    size_t off, size;
    if (!find_section(data, len, ".dep-v0", &off, &size)) {
        pkg_error(&es, 0, "%s: no cargo-auditable .dep-v0 section", path ? path : "binary");
        return 0;
    }
    if (size > SECTION_MAX) {
        pkg_error(&es, 0, "%s: the .dep-v0 section is larger than 8 MiB", path ? path : "binary");
        return 0;
    }
    const char *why = NULL;
    size_t jl = 0;
    char *json = inflate_bounded((const unsigned char *)data + off, size, &jl, &why);
    if (!json) {
        pkg_error(&es, 0, "%s: %s", path ? path : "binary", why);
        return 0;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(json, jl, JSON_REJECT_DUPLICATES, &jerr);
    free(json);
    json_t *pkgs = doc ? json_object_get(doc, "packages") : NULL;
    if (!json_is_array(pkgs)) {
        pkg_error(&es, 0, "%s: the dependency list is not the JSON cargo-auditable writes%s%s",
                  path ? path : "binary", doc ? "" : ": ", doc ? "" : jerr.text);
        json_decref(doc);
        return 0;
    }
    size_t added = 0;
    size_t n = json_array_size(pkgs);
    if (n > PACKAGES_MAX) {
        pkg_error(&es, 0, "%s: more than %d packages; the rest is not read", path ? path : "binary",
                  PACKAGES_MAX);
        n = PACKAGES_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(pkgs, i);
        const char *name = str_of(p, "name"), *version = str_of(p, "version");
        const char *kind = str_of(p, "kind");
        if (!name || !version || !*name || !*version || strlen(name) > 256 || strlen(version) > 256 ||
            pkg_has_ctl(name, strlen(name)) || pkg_has_ctl(version, strlen(version))) {
            pkg_error(&es, 0, "%s: package %zu has no usable name or version", path ? path : "binary", i);
            continue;
        }
        if (kind && strcmp(kind, "build") == 0)
            continue; /* build scripts and proc macros are not in the executable */
        mt_pkg *pk = mt_arena_alloc(a, sizeof(*pk));
        pk->type = "cargo";
        pk->name = mt_arena_strdup(a, name);
        pk->version = mt_arena_strdup(a, version);
        pk->source_name = pk->name;
        pk->source_version = pk->version;
        pk->db_path = path ? mt_arena_strdup(a, path) : NULL;
        pk->layer = -1;
        mt_vec_push(out, pk);
        added++;
    }
    json_decref(doc);
    return added;
}
