/* fuzz_dpkg.c — libFuzzer harness for the dpkg status parser:
 * pkg_parse_dpkg() on the input, checks of what it returns (every package
 * has a valid name and version, errors have a line within the input), then
 * pkg_purl() on every package with and without an operating system, and a
 * check that each purl holds only the characters the purl spec permits. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/pkg.h"

#include "fuzz_purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mt_os os = {.id = "debian", .version_id = "12", .codename = "bookworm"};
    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};
    size_t n = pkg_parse_dpkg(&a, (const char *)data, size, "var/lib/dpkg/status", &pkgs, &errs);
    if (n != pkgs.len)
        __builtin_trap();
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    for (size_t i = 0; i < errs.len; i++) {
        const mt_pkg_error *e = errs.items[i];
        if (e->line < 1 || (size_t)e->line > lines || !e->message || !*e->message)
            __builtin_trap();
    }
    for (size_t i = 0; i < pkgs.len; i++) {
        mt_pkg *p = pkgs.items[i];
        if (!p->name || !*p->name || !p->version || !*p->version || !p->source_name ||
            !*p->source_name || !p->source_version || !*p->source_version || p->layer != -1 ||
            strcmp(p->type, "deb") != 0 || strcmp(p->db_path, "var/lib/dpkg/status") != 0)
            __builtin_trap();
        pkg_purl(&a, p, NULL);
        fuzz_check_purl(p->purl, "pkg:deb/debian/");
        pkg_purl(&a, p, &os);
        fuzz_check_purl(p->purl, "pkg:deb/debian/");
        if (!strstr(p->purl, "distro=debian-12"))
            __builtin_trap();
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
