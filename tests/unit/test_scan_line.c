/* test_scan_line.c — mt_scan_line() (core/scan.h): the line a finding points
 * at, found through the engine's index, with \n, \r\n and (for YAML) lone
 * \r line breaks, out-of-range lines, and cuts at whole UTF-8 characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/scan.h"

static mt_scan_file file_of(const char *text)
{
    mt_scan_file f = {0};
    f.data = text;
    f.len = strlen(text);
    return f;
}

static void test_breaks(void **state)
{
    (void)state;
    char b[64];
    const char *t = "one\ntwo\r\nthree\rfour\n";
    mt_scan_file f = file_of(t);
    assert_string_equal(mt_scan_line(&f, 1, false, b, sizeof(b)), "one");
    assert_string_equal(mt_scan_line(&f, 2, false, b, sizeof(b)), "two");
    /* without lone-CR breaks, line 3 ends at the \r */
    assert_string_equal(mt_scan_line(&f, 3, false, b, sizeof(b)), "three");
    assert_string_equal(mt_scan_line(&f, 4, false, b, sizeof(b)), "");
    assert_null(mt_scan_line(&f, 5, false, b, sizeof(b)));
    assert_int_equal(f.nlines, 4); /* "one", "two", "three\rfour", "" */
    free(f.line_starts);

    mt_scan_file g = file_of(t);
    assert_string_equal(mt_scan_line(&g, 3, true, b, sizeof(b)), "three");
    assert_string_equal(mt_scan_line(&g, 4, true, b, sizeof(b)), "four");
    assert_int_equal(g.nlines, 5);
    assert_null(mt_scan_line(&g, 6, true, b, sizeof(b)));
    assert_null(mt_scan_line(&g, 0, true, b, sizeof(b)));
    free(g.line_starts);
}

static void test_cut_at_whole_characters(void **state)
{
    (void)state;
    char b[5];
    mt_scan_file f = file_of("ab\xc3\xa9\xc3\xa9\n"); /* "abéé" */
    assert_string_equal(mt_scan_line(&f, 1, false, b, sizeof(b)), "ab\xc3\xa9");
    char c[4];
    assert_string_equal(mt_scan_line(&f, 1, false, c, sizeof(c)), "ab");
    free(f.line_starts);
    mt_scan_file gone = {0};
    assert_null(mt_scan_line(&gone, 1, false, b, sizeof(b)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_cut_at_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
