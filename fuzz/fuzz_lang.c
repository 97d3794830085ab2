/* fuzz_lang.c — libFuzzer harness for the language-ecosystem parsers of
 * lang.h: every parser runs on the input (METADATA, poetry.lock,
 * Pipfile.lock, requirements.txt, Gemfile.lock, gemspec, composer.lock,
 * installed.json, deps.json, Cargo.lock), and what they return is checked:
 * the count matches, every package has the parser's type, a name and a
 * version without control characters, checksums have their documented
 * form, every error has a message and a line within the input (0 for the
 * whole file), and pkg_purl() gives a purl of the characters the purl spec
 * permits. The TOML and JSON readers also run on their own, the JSON one
 * keeping every depth, with their trees and events checked; and the first
 * line of the input is tried as an image path on the path helpers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

#include "fuzz_purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    pkg_lang_parser f;
    const char *type;
    const char *path;
} parsers[] = {
    {pkg_parse_python_metadata, "pypi", "usr/lib/python3/dist-packages/x-1.dist-info/METADATA"},
    {pkg_parse_poetry_lock, "pypi", "app/poetry.lock"},
    {pkg_parse_pipfile_lock, "pypi", "app/Pipfile.lock"},
    {pkg_parse_requirements, "pypi", "app/requirements.txt"},
    {pkg_parse_gemfile_lock, "gem", "app/Gemfile.lock"},
    {pkg_parse_gemspec, "gem", "usr/local/lib/ruby/gems/3.3.0/specifications/x-1.gemspec"},
    {pkg_parse_composer_lock, "composer", "app/composer.lock"},
    {pkg_parse_composer_installed, "composer", "app/vendor/composer/installed.json"},
    {pkg_parse_deps_json, "nuget", "app/x.deps.json"},
    {pkg_parse_cargo_lock, "cargo", "app/Cargo.lock"},
};

static void check_purl(const char *purl, const char *type)
{
    char prefix[64];
    snprintf(prefix, sizeof(prefix), "pkg:%s/", type);
    fuzz_check_purl(purl, prefix);
}

/* Non-empty, NUL-terminated, no control character, at most 1024 bytes. */
static void check_value(const char *s, bool blanks_ok)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 1024)
        __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if ((u < 0x20 && !(blanks_ok && u == '\t')) || u == 0x7f || (!blanks_ok && u == ' '))
            __builtin_trap();
    }
}

static void check_checksum(const char *sum, const char *type)
{
    if (!sum)
        return;
    if (strcmp(type, "cargo") == 0 || strcmp(type, "gem") == 0) {
        if (strlen(sum) != 71 || strncmp(sum, "sha256:", 7) != 0)
            __builtin_trap();
        for (int i = 7; i < 71; i++) {
            if (!strchr("0123456789abcdef", sum[i]))
                __builtin_trap();
        }
    } else if (strcmp(type, "nuget") == 0) {
        if (strncmp(sum, "sha512-", 7) != 0 || strlen(sum) < 11)
            __builtin_trap();
    } else {
        __builtin_trap(); /* no other format records one */
    }
}

static size_t json_walk(const lj_val *v, int depth)
{
    if (depth > LJ_MAX_DEPTH || v->line < 1)
        __builtin_trap();
    size_t n = 1, kids = 0;
    for (const lj_val *c = v->child; c; c = c->next) {
        if ((v->type == LJ_OBJ) != (c->key != NULL))
            __builtin_trap();
        if (c->key && c->key[c->keylen] != '\0')
            __builtin_trap();
        n += json_walk(c, depth + 1);
        kids++;
    }
    if (kids != v->len || (v->child && v->type != LJ_ARR && v->type != LJ_OBJ))
        __builtin_trap();
    if ((v->type == LJ_STR || v->type == LJ_NUM) && (!v->s || v->s[v->n] != '\0'))
        __builtin_trap();
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    mt_arena a;
    mt_arena_init(&a);

    for (size_t k = 0; k < MT_ARRAY_LEN(parsers); k++) {
        mt_vec pkgs = {0}, errs = {0};
        size_t n = parsers[k].f(&a, in, size, parsers[k].path, &pkgs, &errs);
        if (n != pkgs.len || errs.len > 1001)
            __builtin_trap();
        for (size_t i = 0; i < errs.len; i++) {
            const mt_pkg_error *e = errs.items[i];
            if (e->line < 0 || e->line > lines || !e->message || !*e->message)
                __builtin_trap();
        }
        for (size_t i = 0; i < pkgs.len; i++) {
            mt_pkg *p = pkgs.items[i];
            if (strcmp(p->type, parsers[k].type) != 0 || p->layer != -1 ||
                p->source_name != p->name || p->source_version != p->version ||
                strcmp(p->db_path, parsers[k].path) != 0)
                __builtin_trap();
            check_value(p->name, false);
            check_value(p->version, false);
            if (p->arch)
                check_value(p->arch, false);
            if (p->license)
                check_value(p->license, true);
            check_checksum(p->checksum, p->type);
            pkg_purl(&a, p, NULL);
            check_purl(p->purl, p->type);
        }
        mt_vec_free(&pkgs);
        mt_vec_free(&errs);
    }

    /* the readers on their own */
    int eline = -1;
    const char *emsg = NULL;
    lj_val *root = lj_parse(&a, in, size, LJ_MAX_DEPTH, &eline, &emsg);
    if (root) {
        if (json_walk(root, 0) > LJ_MAX_NODES)
            __builtin_trap();
    } else if (eline < 0 || eline > lines || !emsg || !*emsg) {
        __builtin_trap();
    }
    lt_reader r;
    lt_init(&r, &a, in, size);
    lt_event ev;
    int last = 0;
    while (lt_next(&r, &ev)) {
        if (ev.line < 1 || ev.line > lines || ev.line < last || ev.nkeys > LT_MAX_KEYS)
            __builtin_trap();
        last = ev.line;
        if (ev.kind == LT_ERROR && (!ev.msg || !*ev.msg))
            __builtin_trap();
        if (ev.kind != LT_ERROR && ev.kind != LT_KEYVAL && ev.nkeys == 0)
            __builtin_trap();
        if (ev.is_string && (ev.slen > LT_MAX_STRING || ev.str[ev.slen] != '\0'))
            __builtin_trap();
    }

    /* the first line as an image path */
    size_t pl = 0;
    while (pl < size && pl < 512 && data[pl] != '\n' && data[pl] != '\0')
        pl++;
    char *path = mt_arena_strndup(&a, in, pl);
    pkg_lang_parser f = pkg_lang_parser_for(path);
    int hits = pkg_python_is_manifest(path) + pkg_ruby_is_manifest(path) +
               pkg_php_is_manifest(path) + pkg_dotnet_is_manifest(path) +
               pkg_rust_is_manifest(path);
    if (hits != (f ? 1 : 0))
        __builtin_trap();

    mt_arena_free(&a);
    return 0;
}
