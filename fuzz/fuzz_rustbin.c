/* fuzz_rustbin.c — libFuzzer harness for the cargo-auditable reader: the
 * ELF section search, the bounded inflate and the JSON walk of
 * pkg_parse_rust_binary(), then pkg_purl() on what it returns. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/rustbin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};
    (void)pkg_rustbin_sniff((const char *)data, size);
    size_t n = pkg_parse_rust_binary(&a, (const char *)data, size, "usr/bin/x", &pkgs, &errs);
    if (n != pkgs.len)
        __builtin_trap();
    for (size_t i = 0; i < pkgs.len; i++) {
        mt_pkg *p = pkgs.items[i];
        if (!p->name[0] || !p->version[0])
            __builtin_trap();
        pkg_purl(&a, p, NULL);
        if (!p->purl || strncmp(p->purl, "pkg:cargo/", 10) != 0)
            __builtin_trap();
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
