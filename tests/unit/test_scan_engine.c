/* test_scan_engine.c — the scan engine's job queue and its result hooks
 * (core/scan.h): files found by the walk are scanned while the walk goes on,
 * on several threads; every result reaches result_ready exactly once, after
 * its suppressions; a JSON report whose results were rendered by the hook on
 * the scan threads is byte for byte the one rendered at the end; and
 * result_next gets every result once, in the report's order, when the
 * paths allow it (names that sort differently from their folders
 * included), and none when they do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>

#include <cmocka.h>

#include "core/scan.h"
#include "report/report.h"

#define NDIRS 30
#define PER_DIR 3 /* 90 files: more than the engine needs to start threads */
#define NFILES (NDIRS * PER_DIR + 2)

static char root[64];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int make_tree(void **state)
{
    (void)state;
    snprintf(root, sizeof(root), "/tmp/moat-engine.XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char path[256];
    for (int d = 0; d < NDIRS; d++) {
        snprintf(path, sizeof(path), "%s/app%02d", root, d);
        mkdir(path, 0755);
        for (int k = 0; k < PER_DIR; k++) {
            snprintf(path, sizeof(path), "%s/app%02d/Dockerfile.v%d", root, d, k);
            /* every third file suppresses its untagged FROM inline */
            char text[256];
            snprintf(text, sizeof(text),
                     "%sFROM ubuntu\nRUN apt-get install -y curl%s\nUSER %d\n",
                     k == 1 ? "# hadolint ignore=DL3006\n" : "", d % 2 ? " git" : "", 1000 + k);
            write_file(path, text);
        }
    }
    /* Names whose paths sort differently from a plain walk of sorted names:
     * "app00" < "app00-x" < "app00.Dockerfile" as names, but as paths
     * "app00-x/..." < "app00.Dockerfile" < "app00/...". */
    snprintf(path, sizeof(path), "%s/app00-x", root);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/app00-x/Dockerfile", root);
    write_file(path, "FROM alpine\n");
    snprintf(path, sizeof(path), "%s/app00.Dockerfile", root);
    write_file(path, "FROM alpine\n");
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

typedef struct seen {
    pthread_mutex_t lock;
    mt_vec results;       /* mt_result* the hook was given */
    mt_vec ordered;       /* copies of the targets result_next was given, in its order */
    int next_before_ready; /* result_next called for a result result_ready did not see */
    int not_suppressed;   /* DF3006 active in a file that suppresses it */
    bool prerender;
} seen;

static void on_ready(void *ud, mt_result *res)
{
    seen *s = ud;
    bool bad = false;
    bool suppresses = strstr(res->target, ".v1") != NULL;
    for (size_t i = 0; i < res->findings.len; i++) {
        const mt_finding *f = res->findings.items[i];
        if (suppresses && strcmp(f->rule->id, "DF3006") == 0 && f->suppressed != MT_SUPPRESS_INLINE)
            bad = true;
    }
    if (s->prerender) {
        mt_result_sort(res);
        mt_prerender_json(res);
    }
    pthread_mutex_lock(&s->lock);
    mt_vec_push(&s->results, res);
    s->not_suppressed += bad;
    pthread_mutex_unlock(&s->lock);
}

/* Called one at a time by the engine's contract; the lock only keeps the
 * test honest if it is not. */
static void on_next(void *ud, mt_result *res)
{
    seen *s = ud;
    pthread_mutex_lock(&s->lock);
    bool known = false;
    for (size_t i = 0; i < s->results.len && !known; i++)
        known = s->results.items[i] == res;
    s->next_before_ready += !known;
    mt_vec_push(&s->ordered, strdup(res->target));
    pthread_mutex_unlock(&s->lock);
}

/* Scans the tree; returns the JSON report (malloc'd) and fills *out_seen. */
static char *scan_paths_to_json(char **paths, size_t npaths, int threads, bool hook,
                                bool prerender, bool next, seen *sn)
{
    mt_scan_opts o;
    mt_scan_opts_init(&o);
    o.threads = threads;
    memset(sn, 0, sizeof(*sn));
    pthread_mutex_init(&sn->lock, NULL);
    sn->prerender = prerender;
    if (hook) {
        o.result_ready = on_ready;
        o.result_ready_ud = sn;
    }
    if (next)
        o.result_next = on_next;
    mt_report rep;
    mt_report_init(&rep);
    assert_int_equal(mt_scan_paths(&o, paths, npaths, &rep), 0);
    if (npaths == 1 && paths[0] == root) {
        assert_int_equal(rep.results.len, NFILES);
        assert_int_equal(rep.files_scanned, NFILES);
    }
    mt_report_sort(&rep);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mt_report_opts ro = {.version = "test", .threads = threads};
    assert_int_equal(mt_write_json(out, &rep, &ro), 0);
    fclose(out);
    if (prerender) {
        for (size_t i = 0; i < rep.results.len; i++)
            assert_non_null(((mt_result *)rep.results.items[i])->rendered);
    }
    mt_report_free(&rep);
    mt_scan_opts_free(&o);
    return text;
}

static char *scan_to_json(int threads, bool hook, bool prerender, seen *sn)
{
    char *paths[] = {root};
    return scan_paths_to_json(paths, 1, threads, hook, prerender, false, sn);
}

static void free_ordered(seen *sn)
{
    for (size_t i = 0; i < sn->ordered.len; i++)
        free(sn->ordered.items[i]);
    mt_vec_free(&sn->ordered);
}

/* The targets result_next was given, in order, are the report's targets
 * in its sorted order. */
static void assert_in_report_order(const seen *sn)
{
    assert_int_equal(sn->ordered.len, NFILES);
    assert_int_equal(sn->next_before_ready, 0);
    for (size_t i = 0; i + 1 < sn->ordered.len; i++) {
        const char *a = sn->ordered.items[i], *b = sn->ordered.items[i + 1];
        if (strcmp(a, b) >= 0)
            fail_msg("result_next order: %s before %s", a, b);
    }
}

static void test_next_in_report_order(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 2; threads++) {
        seen sn;
        char *paths[] = {root};
        char *json = scan_paths_to_json(paths, 1, threads, true, false, true, &sn);
        assert_in_report_order(&sn);
        mt_vec_free(&sn.results);
        free_ordered(&sn);
        pthread_mutex_destroy(&sn.lock);
        free(json);
    }
}

static void test_next_only_when_paths_allow(void **state)
{
    (void)state;
    char a[128], b[128], c[128];
    snprintf(a, sizeof(a), "%s/app00", root);
    snprintf(b, sizeof(b), "%s/app00-x", root);
    snprintf(c, sizeof(c), "%s/app01", root);
    seen sn;
    /* sorted, none a prefix of the next: handed on */
    char *in_order[] = {b, c};
    free(scan_paths_to_json(in_order, 2, 2, true, false, true, &sn));
    assert_int_equal(sn.ordered.len, sn.results.len);
    assert_int_equal(sn.ordered.len, 4);
    mt_vec_free(&sn.results);
    free_ordered(&sn);
    pthread_mutex_destroy(&sn.lock);
    /* "app00" is a prefix of "app00-x", whose files sort before app00's */
    char *prefix[] = {a, b};
    free(scan_paths_to_json(prefix, 2, 2, true, false, true, &sn));
    assert_int_equal(sn.results.len, 4);
    assert_int_equal(sn.ordered.len, 0);
    mt_vec_free(&sn.results);
    pthread_mutex_destroy(&sn.lock);
    /* not sorted */
    char *unsorted[] = {c, b};
    free(scan_paths_to_json(unsorted, 2, 2, true, false, true, &sn));
    assert_int_equal(sn.ordered.len, 0);
    mt_vec_free(&sn.results);
    pthread_mutex_destroy(&sn.lock);
}

static void test_hook_once_per_result_after_suppression(void **state)
{
    (void)state;
    seen sn;
    char *json = scan_to_json(2, true, false, &sn);
    assert_int_equal(sn.results.len, NFILES);
    /* each result exactly once */
    for (size_t i = 0; i < sn.results.len; i++)
        for (size_t j = i + 1; j < sn.results.len; j++)
            assert_ptr_not_equal(sn.results.items[i], sn.results.items[j]);
    assert_int_equal(sn.not_suppressed, 0);
    /* the suppressed findings are reported as such */
    assert_non_null(strstr(json, "\"suppressed\": 30"));
    mt_vec_free(&sn.results);
    pthread_mutex_destroy(&sn.lock);
    free(json);
}

static void test_prerendered_report_is_identical(void **state)
{
    (void)state;
    seen a, b, c;
    char *plain = scan_to_json(1, false, false, &a);
    char *threaded = scan_to_json(2, false, false, &b);
    char *pre = scan_to_json(2, true, true, &c);
    assert_int_equal(c.results.len, NFILES);
    assert_string_equal(plain, threaded);
    assert_string_equal(plain, pre);
    /* the report is not empty: every file has findings */
    assert_non_null(strstr(plain, "\"id\": \"DF3015\""));
    mt_vec_free(&c.results);
    pthread_mutex_destroy(&a.lock);
    pthread_mutex_destroy(&b.lock);
    pthread_mutex_destroy(&c.lock);
    free(plain);
    free(threaded);
    free(pre);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hook_once_per_result_after_suppression),
        cmocka_unit_test(test_prerendered_report_is_identical),
        cmocka_unit_test(test_next_in_report_order),
        cmocka_unit_test(test_next_only_when_paths_allow),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
