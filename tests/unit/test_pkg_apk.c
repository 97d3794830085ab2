/* test_pkg_apk.c — unit tests of pkg_parse_apk() (pkg.h): an Alpine 3.19
 * installed database (tests/pkg/alpine319-installed, see tests/pkg/README.md)
 * compared with its expected listing, then record separation, CRLF,
 * missing and duplicate fields, malformed lines with their line numbers,
 * and the purls of the packages read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/pkg.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

typedef pkgfx_parsed parsed;

static parsed parse_n(void **state, const char *data, size_t len)
{
    parsed r = {0};
    size_t n = pkg_parse_apk(*state, data, len, "lib/apk/db/installed", &r.pkgs, &r.errs);
    assert_int_equal(n, r.pkgs.len);
    return r;
}

static parsed parse(void **state, const char *data)
{
    return parse_n(state, data, strlen(data));
}

static void test_alpine319_installed(void **state)
{
    mt_arena *a = *state;
    size_t len, elen;
    char *data = pkgfx_read("alpine319-installed", &len);
    char *exp = pkgfx_read("alpine319-installed.expected", &elen);
    parsed r = parse_n(state, data, len);
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 15);
    mt_vec got = {0};
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = pkgfx_pkg_at(&r, i);
        assert_string_equal(p->type, "apk");
        assert_string_equal(p->db_path, "lib/apk/db/installed");
        assert_int_equal(p->layer, -1);
        assert_string_equal(p->source_version, p->version);
        mt_vec_push(&got, mt_arena_printf(a, "%s\t%s\t%s\t%s\t%s", p->name, p->version,
                                          p->source_name, p->arch, p->license));
    }
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    mt_vec want = pkgfx_lines(a, exp, elen);
    pkgfx_assert_same(&got, &want);
    mt_vec_free(&got);
    mt_vec_free(&want);
    pkgfx_parsed_free(&r);
    free(data);
    free(exp);
}

static void test_alpine319_purls(void **state)
{
    size_t len;
    char *data = pkgfx_read("alpine319-installed", &len);
    parsed r = parse_n(state, data, len);
    mt_os os = {.id = "alpine", .version_id = "3.19.1"};
    for (size_t i = 0; i < r.pkgs.len; i++)
        pkg_purl(*state, pkgfx_pkg_at(&r, i), &os);
    assert_string_equal(
        pkgfx_pkg_at(&r, 0)->purl,
        "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->purl,
                        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1");
    pkgfx_parsed_free(&r);
    free(data);
}

static void test_records_and_defaults(void **state)
{
    /* no origin: the source is the package itself; no license, no arch;
     * no blank line at the end; lines of blanks separate records too */
    parsed r =
        parse(state, "P:a\nV:1.0-r0\n\n\n\nP:b\nV:2.0-r1\nA:aarch64\nL:MIT\no:bsrc\n  \nP:c\nV:3");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 3);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "a");
    assert_string_equal(p->source_name, "a");
    assert_null(p->license);
    assert_null(p->arch);
    p = pkgfx_pkg_at(&r, 1);
    assert_string_equal(p->source_name, "bsrc");
    assert_string_equal(p->license, "MIT");
    assert_string_equal(p->arch, "aarch64");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->version, "3");
    pkgfx_parsed_free(&r);
}

static void test_crlf(void **state)
{
    parsed r = parse(
        state,
        "C:Q1abc=\r\nP:zlib\r\nV:1.3.1-r0\r\nA:x86_64\r\nL:Zlib\r\n\r\nP:musl\r\nV:1.2.4-r4\r\n");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 2);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "1.3.1-r0");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "Zlib");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->version, "1.2.4-r4");
    pkgfx_parsed_free(&r);
}

static void test_malformed_records(void **state)
{
    parsed r = parse(state, "P:ok1\nV:1\n\n"              /* 1-3 */
                            "P:bad\nnot a field\nV:1\n\n" /* 4-7: line 5 */
                            "V:2\nA:x86_64\n\n"           /* 8-10: no P, record at 8 */
                            "P:nover\nA:x86_64\n\n"       /* 11-13: no V, record at 11 */
                            "P:dup\nP:dup2\nV:1\n\n"      /* 14-17: line 15 */
                            "P:ok1\nV:9\n\n"              /* 18-20: twice, record at 18 */
                            "P:has space\nV:1\n\n"        /* 21-23: line 21 */
                            ":x\nP:colon\n\n"             /* 24-26: line 24 */
                            "P:ok2\nV:2\n");
    static const int lines[] = {5, 8, 11, 15, 18, 21, 24};
    for (size_t i = 0; i < r.errs.len; i++)
        fprintf(stderr, "  line %d: %s\n", pkgfx_err_at(&r, i)->line, pkgfx_err_at(&r, i)->message);
    assert_int_equal(r.errs.len, MT_ARRAY_LEN(lines));
    for (size_t i = 0; i < MT_ARRAY_LEN(lines); i++)
        assert_int_equal(pkgfx_err_at(&r, i)->line, lines[i]);
    assert_int_equal(r.pkgs.len, 2);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "ok1");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "1");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "ok2");
    pkgfx_parsed_free(&r);
}

static void test_names_and_versions(void **state)
{
    /* a virtual package of `apk add --virtual` is a real record */
    parsed r = parse(state, "P:.build-deps\nV:20240101.120000\nA:noarch\n\n"
                            "P:/\nV:1\n\n"            /* 5-6: '/' in a name */
                            "P:bad\nV:r1.0\n\n"        /* 8-9: version must start with a digit */
                            "P:caf\xc3\xa9\nV:1\n\n" /* 11-12: not ASCII */
                            "P:py3-foo\nV:1.0\xff\n"); /* 14-15 */
    static const int lines[] = {5, 9, 11, 15};
    assert_int_equal(r.errs.len, MT_ARRAY_LEN(lines));
    for (size_t i = 0; i < MT_ARRAY_LEN(lines); i++)
        assert_int_equal(pkgfx_err_at(&r, i)->line, lines[i]);
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, ".build-deps");
    pkg_purl(*state, pkgfx_pkg_at(&r, 0), NULL);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->purl, "pkg:apk/alpine/.build-deps@20240101.120000?arch=noarch");
    pkgfx_parsed_free(&r);
}

static void test_huge_and_empty(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "P:big\nV:1\nT:");
    for (int i = 0; i < 1 << 20; i++)
        mt_buf_putc(&b, 'd');
    mt_buf_puts(&b, "\n\nP:bigver\nV:");
    for (int i = 0; i < 2000; i++)
        mt_buf_putc(&b, '1');
    mt_buf_puts(&b, "\n\nP:next\nV:2\n");
    parsed r = parse_n(state, b.data, b.len);
    assert_int_equal(r.pkgs.len, 2);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(pkgfx_err_at(&r, 0)->line, 6);
    pkgfx_parsed_free(&r);
    mt_buf_free(&b);

    mt_vec out = {0};
    assert_int_equal(pkg_parse_apk(*state, NULL, 0, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_apk(*state, "\n\n", 2, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_apk(*state, "junk\n\nP:a\nV:1\n", 14, NULL, &out, NULL), 1);
    assert_null(((mt_pkg *)out.items[0])->db_path);
    mt_vec_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_alpine319_installed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alpine319_purls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_and_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_and_empty, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
