/* test_pkg_osrelease.c — unit tests of pkg_parse_os_release() and the
 * alpine-release / debian_version / redhat-release fallbacks (pkg.h):
 * the real os-release of the Debian 12 test image, Alpine and Ubuntu
 * files, shell quoting and escapes, comments, CRLF, unterminated quotes. */
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

static int osr(void **state, const char *s, mt_os *os)
{
    return pkg_parse_os_release(*state, s, strlen(s), os);
}

static void test_debian12_real(void **state)
{
    size_t len;
    char *data = pkgfx_read("debian12.os-release", &len);
    mt_os os;
    assert_int_equal(pkg_parse_os_release(*state, data, len, &os), 0);
    assert_string_equal(os.id, "debian");
    assert_string_equal(os.version_id, "12");
    assert_string_equal(os.codename, "bookworm");
    assert_string_equal(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
    assert_null(os.id_like);
    free(data);
}

static void test_alpine_and_ubuntu(void **state)
{
    mt_os os;
    assert_int_equal(
        osr(state,
            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"
            "PRETTY_NAME=\"Alpine Linux v3.19\"\nHOME_URL=\"https://alpinelinux.org/\"\n"
            "BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n",
            &os),
        0);
    assert_string_equal(os.id, "alpine");
    assert_string_equal(os.version_id, "3.19.1");
    assert_null(os.codename);
    assert_string_equal(os.pretty_name, "Alpine Linux v3.19");

    assert_int_equal(
        osr(state,
            "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
            "VERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\n"
            "ID_LIKE=debian\nUBUNTU_CODENAME=jammy\n",
            &os),
        0);
    assert_string_equal(os.id, "ubuntu");
    assert_string_equal(os.version_id, "22.04");
    assert_string_equal(os.codename, "jammy");
    assert_string_equal(os.id_like, "debian");

    /* only UBUNTU_CODENAME (older releases) */
    assert_int_equal(osr(state, "ID=ubuntu\nUBUNTU_CODENAME=xenial\n", &os), 0);
    assert_string_equal(os.codename, "xenial");

    assert_int_equal(
        osr(state, "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n", &os), 0);
    assert_string_equal(os.id_like, "rhel centos fedora");
}

static void test_quoting(void **state)
{
    mt_os os;
    assert_int_equal(osr(state,
                         "ID='single \\n $x \"q\"'\n"
                         "PRETTY_NAME=\"a \\\"b\\\" \\\\ \\$HOME \\` \\n c\"\n"
                         "VERSION_ID=unquoted\\ with\\ escapes\n"
                         "ID_LIKE=\"con\"'cat'enated\n",
                         &os),
                     0);
    assert_string_equal(os.id, "single \\n $x \"q\"");
    /* in double quotes, \n is not an escape: the backslash stays */
    assert_string_equal(os.pretty_name, "a \"b\" \\ $HOME ` \\n c");
    assert_string_equal(os.version_id, "unquoted with escapes");
    assert_string_equal(os.id_like, "concatenated");
}

static void test_comments_blanks_spacing(void **state)
{
    mt_os os;
    assert_int_equal(osr(state,
                         "# comment ID=wrong\n\n   \n  # indented comment\n"
                         "  ID = debian   \n"
                         "VERSION_ID=12 # trailing comment\n"
                         "VERSION_CODENAME=\n"
                         "not an assignment\n"
                         "9KEY=x\n"
                         "id=lowercase-key-is-another-key\n"
                         "PRETTY_NAME=Debian  GNU/Linux\n",
                         &os),
                     0);
    assert_string_equal(os.id, "debian");
    assert_string_equal(os.version_id, "12");
    assert_null(os.codename); /* empty value */
    assert_string_equal(os.pretty_name, "Debian  GNU/Linux");
}

static void test_crlf_and_last_wins(void **state)
{
    mt_os os;
    assert_int_equal(osr(state,
                         "ID=fedora\r\nVERSION_ID=\"39\"\r\nID=\"fedora2\"\r\n"
                         "PRETTY_NAME='Fedora\r\nLinux'\r\nVERSION_CODENAME=\"a\\\r\nb\"\r\n",
                         &os),
                     0);
    assert_string_equal(os.id, "fedora2");
    assert_string_equal(os.version_id, "39");
    /* a quoted value may span lines, but a value holding a newline is not
     * kept (values are single-line text) */
    assert_null(os.pretty_name);
    /* an escaped newline in double quotes is removed */
    assert_string_equal(os.codename, "ab");
}

static void test_unterminated_quote(void **state)
{
    mt_os os;
    /* the broken line is skipped; the next lines still count */
    assert_int_equal(osr(state, "PRETTY_NAME=\"never closed\nID=alpine\nVERSION_ID='3.20\n", &os),
                     0);
    assert_string_equal(os.id, "alpine");
    assert_null(os.pretty_name);
    assert_null(os.version_id);
}

static void test_no_id(void **state)
{
    mt_os os;
    assert_int_equal(osr(state, "NAME=Linux\nVERSION_ID=1\n", &os), -1);
    assert_null(os.id);
    assert_string_equal(os.version_id, "1");
    assert_int_equal(pkg_parse_os_release(*state, NULL, 0, &os), -1);
    assert_int_equal(osr(state, "ID=\n", &os), -1);
    /* control characters are not kept */
    assert_int_equal(osr(state, "ID=\"a\x01\"\n", &os), -1);
    /* a backslash at the very end */
    assert_int_equal(osr(state, "ID=x\\", &os), 0);
    assert_string_equal(os.id, "x");
}

static void test_alpine_release(void **state)
{
    mt_os os;
    assert_int_equal(pkg_os_from_alpine_release(*state, "3.19.1\n", 7, &os), 0);
    assert_string_equal(os.id, "alpine");
    assert_string_equal(os.version_id, "3.19.1");
    assert_int_equal(pkg_os_from_alpine_release(*state, "3.20.0_alpha20240329\r\n", 22, &os), 0);
    assert_string_equal(os.version_id, "3.20.0_alpha20240329");
    assert_int_equal(pkg_os_from_alpine_release(*state, "\n", 1, &os), -1);
    assert_null(os.id);
    assert_int_equal(pkg_os_from_alpine_release(*state, "edge <script>", 13, &os), -1);
}

static void test_debian_version(void **state)
{
    mt_os os;
    assert_int_equal(pkg_os_from_debian_version(*state, "12.5\n", 5, &os), 0);
    assert_string_equal(os.id, "debian");
    assert_string_equal(os.version_id, "12");
    assert_null(os.codename);
    assert_int_equal(pkg_os_from_debian_version(*state, "trixie/sid\n", 11, &os), 0);
    assert_null(os.version_id);
    assert_string_equal(os.codename, "trixie");
    assert_int_equal(pkg_os_from_debian_version(*state, "???", 3, &os), -1);
}

static void test_redhat_release(void **state)
{
    static const struct {
        const char *line, *id, *version;
    } cases[] = {
        {"Red Hat Enterprise Linux release 8.9 (Ootpa)\n", "rhel", "8.9"},
        {"CentOS Linux release 7.9.2009 (Core)\n", "centos", "7"},
        {"CentOS Stream release 9\n", "centos", "9"},
        {"Fedora release 39 (Thirty Nine)\n", "fedora", "39"},
        {"Rocky Linux release 9.3 (Blue Onyx)\n", "rocky", "9.3"},
        {"AlmaLinux release 9.3 (Shamrock Pampas Cat)\n", "almalinux", "9.3"},
        {"Oracle Linux Server release 8.9\n", "ol", "8.9"},
        {"Amazon Linux release 2023.3.20240117 (Amazon Linux)\n", "amzn", "2023"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        mt_os os;
        assert_int_equal(
            pkg_os_from_redhat_release(*state, cases[i].line, strlen(cases[i].line), &os), 0);
        assert_string_equal(os.id, cases[i].id);
        assert_string_equal(os.version_id, cases[i].version);
        assert_non_null(os.pretty_name);
    }
    mt_os os;
    assert_int_equal(pkg_os_from_redhat_release(*state, "Unknown OS 1.0\n", 15, &os), -1);
    assert_null(os.id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_debian12_real, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alpine_and_ubuntu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments_blanks_spacing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_and_last_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alpine_release, setup, teardown),
        cmocka_unit_test_setup_teardown(test_debian_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redhat_release, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
