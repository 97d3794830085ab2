/* fuzz_node.c — libFuzzer harness for the Node.js parsers (pkg/node.h).
 * The first byte picks the parser the rest of the input goes to:
 *   0 package.json, 1 package-lock.json, 2 yarn.lock, 3 pnpm-lock.yaml
 * (byte & 3); the input, cut at its first NUL, is also given to
 * pkg_npm_is_installed_manifest() as a path. Checks on what comes back: the
 * count returned is the count appended; every error has a message and a
 * line within the input (0 = whole file); every package has type "npm", a
 * non-empty name without blanks or control characters that is "@scope/name"
 * or has no '/', a non-empty version without control characters, the
 * db_path given, layer -1; and pkg_purl() makes a purl of only the
 * characters the purl specification permits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/node.h"
#include "pkg/pkg.h"

#include "fuzz_purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, bool blanks_ok)
{
    if (!s || !*s)
        __builtin_trap();
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c < 0x20 && !(blanks_ok && *c == '\t')) || *c == 0x7f || (!blanks_ok && *c == ' '))
            __builtin_trap();
    }
}

static void check_name(const char *name)
{
    check_text(name, false);
    const char *slash = strchr(name, '/');
    if (name[0] == '@') {
        if (!slash || slash == name + 1 || !slash[1] || strchr(slash + 1, '/'))
            __builtin_trap();
    } else if (slash) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char *const paths[4] = {"app/node_modules/@s/x/package.json",
                                         "app/package-lock.json", "app/yarn.lock",
                                         "app/pnpm-lock.yaml"};
    static size_t (*const parsers[4])(mt_arena *, const char *, size_t, const char *, mt_vec *,
                                      mt_vec *) = {pkg_parse_npm_package_json, pkg_parse_npm_lock,
                                                   pkg_parse_yarn_lock, pkg_parse_pnpm_lock};
    int which = data[0] & 3;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    char *path = malloc(len + 1);
    if (!path)
        return 0;
    memcpy(path, text, len);
    path[len] = '\0';
    (void)pkg_npm_is_installed_manifest(path);
    free(path);

    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};
    size_t n = parsers[which](&a, text, len, paths[which], &pkgs, &errs);
    if (n != pkgs.len)
        __builtin_trap();
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    for (size_t i = 0; i < errs.len; i++) {
        const mt_pkg_error *e = errs.items[i];
        if (e->line < 0 || (size_t)e->line > lines || !e->message || !*e->message)
            __builtin_trap();
    }
    for (size_t i = 0; i < pkgs.len; i++) {
        mt_pkg *p = pkgs.items[i];
        if (!p->type || strcmp(p->type, "npm") != 0 || p->layer != -1 || p->arch ||
            p->source_name != p->name || p->source_version != p->version || !p->db_path ||
            strcmp(p->db_path, paths[which]) != 0)
            __builtin_trap();
        check_name(p->name);
        check_text(p->version, true);
        if (p->license)
            check_text(p->license, true);
        if (p->checksum)
            check_text(p->checksum, true);
        pkg_purl(&a, p, NULL);
        fuzz_check_purl(p->purl, "pkg:npm/");
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
