/* test_pkg_dpkg.c — unit tests of pkg_parse_dpkg() (pkg.h) on real data:
 * the status database of a Debian 12 minbase root file system and a
 * database holding every package state, each compared field by field with
 * what dpkg-query -W printed for it (the .expected files of tests/pkg); distroless
 * status.d files; CRLF; Source forms; version normalisation; malformed
 * paragraphs with their line numbers; huge fields; the error cap. */
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

/* ---- helpers ---- */

typedef struct {
    mt_vec pkgs;
    mt_vec errs;
    size_t added;
} parsed;

static parsed parse_n(void **state, const char *data, size_t len, const char *db_path)
{
    parsed r = {0};
    r.added = pkg_parse_dpkg(*state, data, len, db_path, &r.pkgs, &r.errs);
    assert_int_equal(r.added, r.pkgs.len);
    return r;
}

static parsed parse(void **state, const char *data)
{
    return parse_n(state, data, strlen(data), "var/lib/dpkg/status");
}

static void parsed_free(parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

static mt_pkg *pkg_at(const parsed *r, size_t i)
{
    assert_true(i < r->pkgs.len);
    return r->pkgs.items[i];
}

static mt_pkg_error *err_at(const parsed *r, size_t i)
{
    assert_true(i < r->errs.len);
    return r->errs.items[i];
}

static mt_pkg *find(const parsed *r, const char *name, const char *arch)
{
    for (size_t i = 0; i < r->pkgs.len; i++) {
        mt_pkg *p = r->pkgs.items[i];
        if (strcmp(p->name, name) == 0 && (!arch || (p->arch && strcmp(p->arch, arch) == 0)))
            return p;
    }
    return NULL;
}

/* Compares the parse of a fixture with the dpkg-query listing stored
 * beside it; returns the number of packages. */
static size_t check_against_dpkg_query(void **state, const char *status, const char *expected)
{
    mt_arena *a = *state;
    size_t len, elen;
    char *data = pkgfx_read(status, &len);
    char *exp = pkgfx_read(expected, &elen);
    parsed r = parse_n(state, data, len, "var/lib/dpkg/status");
    assert_int_equal(r.errs.len, 0);
    mt_vec got = {0};
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = pkg_at(&r, i);
        assert_string_equal(p->type, "deb");
        assert_string_equal(p->db_path, "var/lib/dpkg/status");
        assert_int_equal(p->layer, -1);
        assert_null(p->license);
        assert_null(p->purl);
        assert_non_null(p->arch);
        mt_vec_push(&got, pkgfx_deb_line(a, p));
    }
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    mt_vec want = pkgfx_lines(a, exp, elen);
    pkgfx_assert_same(&got, &want);
    size_t n = r.pkgs.len;
    mt_vec_free(&got);
    mt_vec_free(&want);
    parsed_free(&r);
    free(data);
    free(exp);
    return n;
}

/* ---- real databases against dpkg-query ---- */

static void test_minbase_matches_dpkg_query(void **state)
{
    /* 88 packages, all "install ok installed", 65 with Source (some with
     * a version), epochs (libcap2 1:2.66-4+deb12u3+b1, ...). */
    assert_int_equal(
        check_against_dpkg_query(state, "debian12-minbase.status", "debian12-minbase.expected"),
        88);
}

static void test_minbase_details(void **state)
{
    size_t len;
    char *data = pkgfx_read("debian12-minbase.status", &len);
    parsed r = parse_n(state, data, len, "/var/lib/dpkg/status");
    mt_pkg *p = find(&r, "libcap2", NULL);
    assert_non_null(p);
    assert_string_equal(p->version, "1:2.66-4+deb12u3+b1");
    assert_string_equal(p->source_name, "libcap2");
    assert_string_equal(p->source_version, "1:2.66-4+deb12u3");
    assert_string_equal(p->arch, "amd64");
    assert_string_equal(p->db_path, "/var/lib/dpkg/status");
    p = find(&r, "debian-archive-keyring", NULL);
    assert_non_null(p);
    assert_string_equal(p->arch, "all");
    p = find(&r, "libc6", NULL);
    assert_non_null(p);
    assert_string_equal(p->source_name, "glibc");
    assert_string_equal(p->source_version, p->version);
    parsed_free(&r);
    free(data);
}

static void test_states_match_dpkg_query(void **state)
{
    /* 16 records: 2 not-installed ones are left out, every other state
     * (config-files, half-installed, unpacked, half-configured,
     * triggers-awaited, triggers-pending, installed with want hold or
     * deinstall) is listed, like dpkg-query -W does. */
    assert_int_equal(check_against_dpkg_query(state, "states.status", "states.expected"), 14);
}

static void test_states_which(void **state)
{
    size_t len;
    char *data = pkgfx_read("states.status", &len);
    parsed r = parse_n(state, data, len, NULL);
    assert_null(find(&r, "apache2", NULL));          /* purge ok not-installed */
    assert_null(find(&r, "gpgv", NULL));             /* unknown ok not-installed */
    assert_non_null(find(&r, "nginx-common", NULL)); /* config-files */
    assert_non_null(find(&r, "ucf", NULL));          /* purge ok config-files */
    assert_non_null(find(&r, "curl", NULL));         /* half-installed */
    assert_non_null(find(&r, "vim-tiny", NULL));     /* deinstall ok installed */
    /* multi-arch: one package per architecture */
    mt_pkg *amd = find(&r, "libgcc-s1", "amd64");
    mt_pkg *i386 = find(&r, "libgcc-s1", "i386");
    assert_non_null(amd);
    assert_non_null(i386);
    assert_ptr_not_equal(amd, i386);
    assert_string_equal(i386->source_name, "gcc-12");
    assert_string_equal(i386->source_version, "12.2.0-14");
    /* Source with its own version, distinct from the binary's */
    mt_pkg *k = find(&r, "linux-image-6.1.0-18-amd64", NULL);
    assert_string_equal(k->version, "6.1.76-1");
    assert_string_equal(k->source_name, "linux-signed-amd64");
    assert_string_equal(k->source_version, "6.1.76+1");
    /* a zero epoch is dropped, as dpkg prints it */
    assert_string_equal(find(&r, "tar", NULL)->version, "1.34+dfsg-1.2+deb12u1");
    assert_null(find(&r, "tar", NULL)->db_path);
    parsed_free(&r);
    free(data);
}

static void test_crlf_same_as_lf(void **state)
{
    mt_arena *a = *state;
    size_t len;
    char *data = pkgfx_read("states.status", &len);
    mt_buf crlf;
    mt_buf_init(&crlf);
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n')
            mt_buf_putc(&crlf, '\r');
        mt_buf_putc(&crlf, data[i]);
    }
    parsed lf = parse_n(state, data, len, NULL);
    parsed cr = parse_n(state, crlf.data, crlf.len, NULL);
    assert_int_equal(cr.errs.len, 0);
    assert_int_equal(cr.pkgs.len, lf.pkgs.len);
    for (size_t i = 0; i < lf.pkgs.len; i++) {
        assert_string_equal(pkgfx_deb_line(a, pkg_at(&cr, i)), pkgfx_deb_line(a, pkg_at(&lf, i)));
        assert_string_equal(pkg_at(&cr, i)->arch, pkg_at(&lf, i)->arch);
    }
    parsed_free(&lf);
    parsed_free(&cr);
    mt_buf_free(&crlf);
    free(data);
}

/* ---- distroless ---- */

static void test_distroless_status_d(void **state)
{
    /* status.d/NAME files are the packages' control paragraphs, without
     * Status: each counts as installed. Compared with the dpkg-query lines
     * of the same packages in the full database they were taken from. */
    mt_arena *a = *state;
    static const char *const names[] = {"base-files", "libc6", "tzdata", "zlib1g"};
    size_t elen;
    char *exp = pkgfx_read("debian12-minbase.expected", &elen);
    mt_vec want = pkgfx_lines(a, exp, elen);
    for (size_t k = 0; k < MT_ARRAY_LEN(names); k++) {
        char path[128];
        snprintf(path, sizeof(path), "distroless-status.d/%s", names[k]);
        size_t len;
        char *data = pkgfx_read(path, &len);
        char *db = mt_arena_printf(a, "var/lib/dpkg/status.d/%s", names[k]);
        parsed r = parse_n(state, data, len, db);
        assert_int_equal(r.errs.len, 0);
        assert_int_equal(r.pkgs.len, 1);
        mt_pkg *p = pkg_at(&r, 0);
        assert_string_equal(p->name, names[k]);
        assert_string_equal(p->db_path, db);
        const char *line = pkgfx_deb_line(a, p);
        bool found = false;
        for (size_t i = 0; i < want.len; i++)
            found |= strcmp(want.items[i], line) == 0;
        if (!found)
            fprintf(stderr, "not in dpkg-query output: %s\n", line);
        assert_true(found);
        parsed_free(&r);
        free(data);
    }
    mt_vec_free(&want);
    free(exp);
}

/* ---- fields ---- */

static void test_source_forms(void **state)
{
    parsed r = parse(state, "Package: a\nVersion: 1.0-1\nArchitecture: amd64\n\n"
                            "Package: b\nVersion: 1.0-1+b2\nSource: bsrc\n\n"
                            "Package: c\nVersion: 2.0\nSource:   csrc   (  1:2.0-0.1  )  \n\n"
                            "Package: d\nVersion: 3\nSource: dsrc (0:3-1\n\n"
                            "Package: e\nVersion: 4\nSource: esrc (4-2) trailing\n");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 5);
    assert_string_equal(pkg_at(&r, 0)->source_name, "a");
    assert_string_equal(pkg_at(&r, 0)->source_version, "1.0-1");
    assert_string_equal(pkg_at(&r, 1)->source_name, "bsrc");
    assert_string_equal(pkg_at(&r, 1)->source_version, "1.0-1+b2");
    assert_string_equal(pkg_at(&r, 2)->source_name, "csrc");
    assert_string_equal(pkg_at(&r, 2)->source_version, "1:2.0-0.1");
    assert_string_equal(pkg_at(&r, 3)->source_version, "3-1"); /* no ')', zero epoch */
    assert_string_equal(pkg_at(&r, 4)->source_version, "4-2");
    assert_null(pkg_at(&r, 1)->arch);
    parsed_free(&r);
}

static void test_field_names_case_and_spacing(void **state)
{
    parsed r = parse(state, "package: Foo.Bar+X\nSTATUS: Install OK Installed\nversion:1.0\n"
                            "Architecture :  arm64  \n");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "foo.bar+x"); /* dpkg lowercases */
    assert_string_equal(pkg_at(&r, 0)->version, "1.0");
    assert_string_equal(pkg_at(&r, 0)->arch, "arm64");
    parsed_free(&r);
}

static void test_version_normalisation(void **state)
{
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"0:1.0", "1.0"},
        {"00:1.0-1", "1.0-1"},
        {"01:2", "1:2"},
        {"0:1:2", "0:1:2"},
        {"1:2-3-4", "1:2-3-4"},
        {"abc", "abc"},
        {"1.0~rc1+dfsg-1", "1.0~rc1+dfsg-1"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(ok); i++) {
        char *src = mt_arena_printf(*state, "Package: p\nVersion: %s\n", ok[i].in);
        parsed r = parse(state, src);
        assert_int_equal(r.errs.len, 0);
        assert_string_equal(pkg_at(&r, 0)->version, ok[i].out);
        parsed_free(&r);
    }
    static const char *const bad[] = {"1:",    ":1", "a:1", "1a:2", "1.0-", "-1", "99999999999:1",
                                      "1.0 1", ""};
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        char *src = mt_arena_printf(
            *state, "Package: p\nStatus: install ok installed\nVersion: %s\n", bad[i]);
        parsed r = parse(state, src);
        assert_int_equal(r.pkgs.len, 0);
        assert_int_equal(r.errs.len, 1);
        assert_int_equal(err_at(&r, 0)->line, 3);
        parsed_free(&r);
    }
}

static void test_not_installed_needs_no_version(void **state)
{
    parsed r = parse(state, "Package: gone\nStatus: purge ok not-installed\n\n"
                            "Package: here\nStatus: install ok installed\nVersion: 1\n");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "here");
    parsed_free(&r);
}

/* ---- malformed input ---- */

static void test_malformed_paragraphs(void **state)
{
    size_t len;
    char *data = pkgfx_read("malformed.status", &len);
    parsed r = parse_n(state, data, len, "status");
    static const int lines[] = {13, 16, 20, 26, 37, 39, 44, 50, 52};
    static const char *const words[] = {
        "not a 'Field: value'", "without a Package", "no Version",
        "invalid Version",      "duplicate Version", "invalid Package",
        "status word",          "continues",         "listed twice"};
    for (size_t i = 0; i < r.errs.len; i++)
        fprintf(stderr, "  line %d: %s\n", err_at(&r, i)->line, err_at(&r, i)->message);
    assert_int_equal(r.errs.len, MT_ARRAY_LEN(lines));
    for (size_t i = 0; i < MT_ARRAY_LEN(lines); i++) {
        assert_int_equal(err_at(&r, i)->line, lines[i]);
        assert_non_null(strstr(err_at(&r, i)->message, words[i]));
    }
    assert_int_equal(r.pkgs.len, 3);
    assert_string_equal(pkgfx_deb_line(*state, pkg_at(&r, 0)), "good-one\t1.0-1\tgood-one\t1.0-1");
    assert_string_equal(pkgfx_deb_line(*state, pkg_at(&r, 1)),
                        "good-two\t2:0.5\tgood-src\t2:0.5-0.1");
    assert_string_equal(pkgfx_deb_line(*state, pkg_at(&r, 2)), "good-three\t3.0\tgood-three\t3.0");
    parsed_free(&r);
    free(data);
}

static void test_duplicate_name_arch(void **state)
{
    parsed r = parse(state, "Package: x\nVersion: 1\nArchitecture: amd64\n\n"
                            "Package: x\nVersion: 1\nArchitecture: arm64\n\n"
                            "Package: X\nVersion: 2\nArchitecture: amd64\n");
    assert_int_equal(r.pkgs.len, 2);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(err_at(&r, 0)->line, 9);
    parsed_free(&r);
}

static void test_huge_fields_bounded(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    /* a 4 MB description is skipped without being kept */
    mt_buf_puts(&b, "Package: big\nVersion: 1\nDescription: x\n");
    for (int i = 0; i < 65536; i++)
        mt_buf_puts(&b, " 0123456789012345678901234567890123456789012345678901234567890\n");
    /* a version and a name longer than PKG_MAX_VALUE are refused */
    mt_buf_puts(&b, "\nPackage: longver\nVersion: 1.");
    for (int i = 0; i < 5000; i++)
        mt_buf_putc(&b, '1');
    mt_buf_puts(&b, "\n\nPackage: ");
    for (int i = 0; i < 100000; i++)
        mt_buf_putc(&b, 'n');
    mt_buf_puts(&b, "\nVersion: 1\n\nPackage: after\nVersion: 2\n");
    parsed r = parse_n(state, b.data, b.len, NULL);
    assert_int_equal(r.pkgs.len, 2);
    assert_string_equal(pkg_at(&r, 0)->name, "big");
    assert_string_equal(pkg_at(&r, 1)->name, "after");
    assert_int_equal(r.errs.len, 2);
    assert_int_equal(err_at(&r, 0)->line, 65536 + 3 + 3);
    assert_non_null(strstr(err_at(&r, 0)->message, "too long"));
    assert_non_null(strstr(err_at(&r, 1)->message, "too long"));
    parsed_free(&r);
    mt_buf_free(&b);
}

static void test_error_cap(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    for (int i = 0; i < 1500; i++)
        mt_buf_puts(&b, "garbage\n\n");
    mt_buf_puts(&b, "Package: ok\nVersion: 1\n");
    parsed r = parse_n(state, b.data, b.len, NULL);
    assert_int_equal(r.pkgs.len, 1);
    assert_int_equal(r.errs.len, 1001);
    assert_int_equal(err_at(&r, 999)->line, 999 * 2 + 1);
    assert_non_null(strstr(err_at(&r, 1000)->message, "too many errors"));
    parsed_free(&r);
    mt_buf_free(&b);
}

static void test_errs_null_and_empty(void **state)
{
    mt_vec out = {0};
    assert_int_equal(pkg_parse_dpkg(*state, NULL, 0, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_dpkg(*state, "", 0, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_dpkg(*state, "\n\n\n", 3, NULL, &out, NULL), 0);
    const char *s = "bad\n\nPackage: a\nVersion: 1\n\nPackage: b\nVersion: 2";
    assert_int_equal(pkg_parse_dpkg(*state, s, strlen(s), NULL, &out, NULL), 2);
    /* appends to what the vector already holds */
    assert_int_equal(pkg_parse_dpkg(*state, s, strlen(s), NULL, &out, NULL), 2);
    assert_int_equal(out.len, 4);
    mt_vec_free(&out);
}

static void test_control_characters_refused(void **state)
{
    static const char s[] =
        "Package: a\nVersion: 1\x01\n\nPackage: b\nVersion: 1\0x\n\nPackage: c\nVersion: 3\n";
    parsed r = parse_n(state, s, sizeof(s) - 1, NULL);
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "c");
    assert_int_equal(r.errs.len, 2);
    assert_int_equal(err_at(&r, 0)->line, 2);
    assert_int_equal(err_at(&r, 1)->line, 5);
    parsed_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_minbase_matches_dpkg_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minbase_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_states_match_dpkg_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_states_which, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_same_as_lf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distroless_status_d, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_names_case_and_spacing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_normalisation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_installed_needs_no_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_paragraphs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_name_arch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_fields_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errs_null_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_characters_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
