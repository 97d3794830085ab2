/* test_scan_engine.c — the scan engine's job queue and its result_ready hook
 * (core/scan.h): files found by the walk are scanned while the walk goes on,
 * on several threads; every result reaches the hook exactly once, after its
 * suppressions; and a JSON report whose results were rendered by the hook on
 * the scan threads is byte for byte the one rendered at the end. */
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
    int not_suppressed;   /* DF3006 active in a file that suppresses it */
    bool prerender;
} seen;

static void on_ready(void *ud, mt_report *owner, mt_result *res)
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
        mt_report_opts ro = {.version = "test"};
        mt_prerender_json(owner, res, &ro);
    }
    pthread_mutex_lock(&s->lock);
    mt_vec_push(&s->results, res);
    s->not_suppressed += bad;
    pthread_mutex_unlock(&s->lock);
}

/* Scans the tree; returns the JSON report (malloc'd) and fills *out_seen. */
static char *scan_to_json(int threads, bool hook, bool prerender, seen *sn)
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
    mt_report rep;
    mt_report_init(&rep);
    char *paths[] = {root};
    assert_int_equal(mt_scan_paths(&o, paths, 1, &rep), 0);
    assert_int_equal(rep.results.len, NDIRS * PER_DIR);
    assert_int_equal(rep.files_scanned, NDIRS * PER_DIR);
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

static void test_hook_once_per_result_after_suppression(void **state)
{
    (void)state;
    seen sn;
    char *json = scan_to_json(2, true, false, &sn);
    assert_int_equal(sn.results.len, NDIRS * PER_DIR);
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
    assert_int_equal(c.results.len, NDIRS * PER_DIR);
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
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
