/* test_secret_cache.c — the compiled-database cache of the secret rules
 * (sec_ruleset_set_cache): the first compile writes it, the next one of the
 * same rules reads it (the file is not rewritten) and finds the same
 * secrets, other rules get another file, and a damaged file is rebuilt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <cmocka.h>

#include "secret/secret.h"

static const char rules_a[] = "rules:\n"
                              "  - id: T0001\n"
                              "    title: test token\n"
                              "    severity: high\n"
                              "    regex: 'tok_[a-z0-9]{20}'\n";
static const char rules_b[] = "rules:\n"
                              "  - id: T0002\n"
                              "    title: other token\n"
                              "    severity: high\n"
                              "    regex: 'oth_[a-z0-9]{20}'\n";

static int count_matches(const sec_ruleset *rs, const char *text)
{
    sec_scanner *sc = sec_scanner_new(rs);
    int n = sec_scan_buffer(sc, "x", text, strlen(text), NULL, NULL);
    sec_scanner_free(sc);
    return n;
}

static sec_ruleset *compiled(const char *yaml, const char *dir)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[512];
    assert_int_equal(sec_ruleset_load(rs, yaml, strlen(yaml), "t.yaml", err, sizeof(err)), 0);
    sec_ruleset_set_cache(rs, dir);
    if (sec_ruleset_compile(rs, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        fail();
    }
    return rs;
}

/* The one cache file of dir (its path in out); the number of files. */
static int cache_files(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, "secrets-", 8) != 0)
            continue;
        count++;
        snprintf(out, n, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    return count;
}

static void test_cache(void **state)
{
    (void)state;
    char dir[] = "/tmp/moat-secret-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300], file[600];
    snprintf(sub, sizeof(sub), "%s/cache", dir); /* created on demand */
    const char *text = "a = tok_abcdefghij0123456789\nb = oth_abcdefghij0123456789\n";

    sec_ruleset *rs = compiled(rules_a, sub);
    assert_int_equal(count_matches(rs, text), 1);
    sec_ruleset_free(rs);
    assert_int_equal(cache_files(sub, file, sizeof(file)), 1);
    struct stat st1, st2;
    assert_int_equal(stat(file, &st1), 0);

    /* the same rules: read from the cache, not rewritten */
    rs = compiled(rules_a, sub);
    assert_int_equal(count_matches(rs, text), 1);
    sec_ruleset_free(rs);
    assert_int_equal(stat(file, &st2), 0);
    assert_int_equal(st1.st_ino, st2.st_ino);
    assert_int_equal(cache_files(sub, file, sizeof(file)), 1);

    /* other rules: another file */
    rs = compiled(rules_b, sub);
    assert_int_equal(count_matches(rs, text), 1);
    sec_ruleset_free(rs);
    char other[600];
    assert_int_equal(cache_files(sub, other, sizeof(other)), 2);

    /* a damaged file (truncated, then garbage) is rebuilt, not trusted */
    for (int k = 0; k < 2; k++) {
        assert_int_equal(stat(file, &st1), 0);
        FILE *f = fopen(file, k == 0 ? "r+b" : "wb");
        assert_non_null(f);
        if (k == 0)
            assert_int_equal(ftruncate(fileno(f), st1.st_size / 2), 0);
        else
            fputs("moat-hsdb-1\ngarbage garbage garbage garbage garbage garbage", f);
        fclose(f);
        rs = compiled(rules_a, sub);
        assert_int_equal(count_matches(rs, text), 1);
        sec_ruleset_free(rs);
        /* rewritten whole: found again from the rebuilt file */
        assert_int_equal(stat(file, &st2), 0);
        assert_true(st2.st_size > st1.st_size / 2);
        rs = compiled(rules_a, sub);
        assert_int_equal(count_matches(rs, text), 1);
        sec_ruleset_free(rs);
    }
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cache)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
