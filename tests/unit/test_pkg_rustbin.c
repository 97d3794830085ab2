/* test_pkg_rustbin.c — unit tests of the cargo-auditable reader
 * (pkg/rustbin.h) on the ELF fixtures of tests/pkg/rustbin (make.py): both
 * byte orders and word sizes, build-time dependencies left out, purls,
 * bad zlib data, truncated and damaged files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/rustbin.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

static void check_listing(void **state, const char *file)
{
    size_t len = 0;
    char *data = pkgfx_read(file, &len);
    assert_true(pkg_rustbin_sniff(data, len));
    mt_vec pkgs = {0}, errs = {0};
    size_t n = pkg_parse_rust_binary(*state, data, len, "usr/bin/tool", &pkgs, &errs);
    assert_int_equal(errs.len, 0);
    assert_int_equal(n, 4); /* cc is a build dependency */
    static const char *const want[][2] = {
        {"adler", "1.0.2"}, {"miniz_oxide", "0.7.1"}, {"serde", "1.0.193"}, {"tool", "0.3.0"}};
    for (size_t i = 0; i < n; i++) {
        mt_pkg *p = pkgs.items[i];
        assert_string_equal(p->type, "cargo");
        assert_string_equal(p->name, want[i][0]);
        assert_string_equal(p->version, want[i][1]);
        assert_string_equal(p->db_path, "usr/bin/tool");
        pkg_purl(*state, p, NULL);
        char purl[128];
        snprintf(purl, sizeof(purl), "pkg:cargo/%s@%s", want[i][0], want[i][1]);
        assert_string_equal(p->purl, purl);
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    free(data);
}

static void test_elf64le(void **state)
{
    check_listing(state, "rustbin/auditable-elf64le.bin");
}

static void test_elf32be(void **state)
{
    check_listing(state, "rustbin/auditable-elf32be.bin");
}

static void test_bad_zlib(void **state)
{
    size_t len = 0;
    char *data = pkgfx_read("rustbin/bad-zlib.bin", &len);
    assert_true(pkg_rustbin_sniff(data, len));
    mt_vec pkgs = {0}, errs = {0};
    assert_int_equal(pkg_parse_rust_binary(*state, data, len, "x", &pkgs, &errs), 0);
    assert_int_equal(errs.len, 1);
    assert_non_null(strstr(((mt_pkg_error *)errs.items[0])->message, "zlib"));
    mt_vec_free(&errs);
    free(data);
}

/* Every truncation and every single-byte change: never a crash, and a
 * damaged file gives packages or errors, not garbage. */
static void test_damaged(void **state)
{
    size_t len = 0;
    char *data = pkgfx_read("rustbin/auditable-elf64le.bin", &len);
    char *copy = malloc(len);
    for (size_t cut = 0; cut < len; cut++) {
        memcpy(copy, data, cut);
        mt_vec pkgs = {0}, errs = {0};
        pkg_parse_rust_binary(*state, copy, cut, "x", &pkgs, &errs);
        assert_true(pkgs.len <= 4);
        mt_vec_free(&pkgs);
        mt_vec_free(&errs);
    }
    for (size_t i = 0; i < len; i++) {
        memcpy(copy, data, len);
        copy[i] ^= 0x5a;
        mt_vec pkgs = {0}, errs = {0};
        pkg_parse_rust_binary(*state, copy, len, "x", &pkgs, &errs);
        for (size_t k = 0; k < pkgs.len; k++)
            assert_true(((mt_pkg *)pkgs.items[k])->name[0] != '\0');
        mt_vec_free(&pkgs);
        mt_vec_free(&errs);
    }
    free(copy);
    free(data);
    /* not an ELF file at all */
    assert_false(pkg_rustbin_sniff("#!/bin/sh\n", 10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_elf64le, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elf32be, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_zlib, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
