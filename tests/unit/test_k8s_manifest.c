/* test_k8s_manifest.c — unit tests of the manifest loader (k8s/manifest.c)
 * through k8s_load(): positions of the whole file in every document, List
 * items, JSON, Helm `# Source:` comments, directives, and the bounds on
 * hostile YAML (alias bombs, deep nesting, huge scalars, duplicate keys,
 * what libfyaml mishandles), each reported at its line while the other
 * documents are still read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "k8s/k8s.h"

typedef struct seen_obj {
    char kind[64], name[64], source[128];
    int line; /* of the object's first key */
    int doc;
} seen_obj;

typedef struct seen_err {
    int line;
    char msg[256];
} seen_err;

typedef struct rec {
    seen_obj objs[64];
    int nobjs;
    seen_err errs[16];
    int nerrs;
    k8s_load_stats st;
} rec;

static int file_handle; /* an address to pass as the file */

static void on_obj(void *ud, const k8s_object *o)
{
    rec *r = ud;
    assert_true(r->nobjs < 64);
    seen_obj *s = &r->objs[r->nobjs++];
    snprintf(s->kind, sizeof(s->kind), "%s", o->kind);
    snprintf(s->name, sizeof(s->name), "%s", o->name ? o->name : "");
    snprintf(s->source, sizeof(s->source), "%s", o->source ? o->source : "");
    assert_ptr_equal(o->file, &file_handle);
    s->line = k8s_ref_of(o->file, o->root).line;
    s->doc = o->doc;
}

static void on_err(void *ud, int line, int col, const char *msg)
{
    (void)col;
    rec *r = ud;
    assert_true(r->nerrs < 16);
    r->errs[r->nerrs].line = line;
    snprintf(r->errs[r->nerrs].msg, sizeof(r->errs[0].msg), "%s", msg);
    r->nerrs++;
}

static rec *load(const char *text, size_t len, bool json)
{
    rec *r = calloc(1, sizeof(*r));
    k8s_load(text, len, json, &file_handle, on_obj, on_err, r, &r->st);
    return r;
}

static rec *load_s(const char *text)
{
    return load(text, strlen(text), false);
}

#define POD(name) "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " name "\n"

static void test_positions_across_documents(void **state)
{
    (void)state;
    rec *r = load_s("# leading comment\n"        /* 1 */
                    POD("a")                     /* 2-5 */
                    "---\n"                      /* 6 */
                    "\n"                         /* 7 */
                    POD("b")                     /* 8-11 */
                    "...\n"                      /* 12 */
                    "---\n"                      /* 13 */
                    "# Source: chart/templates/c.yaml\n" /* 14 */
                    POD("c"));                   /* 15-18 */
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 3);
    assert_string_equal(r->objs[0].name, "a");
    assert_int_equal(r->objs[0].line, 2);
    assert_int_equal(r->objs[1].line, 8);
    assert_int_equal(r->objs[2].line, 15);
    assert_string_equal(r->objs[2].source, "chart/templates/c.yaml");
    assert_string_equal(r->objs[0].source, "");
    assert_int_equal(r->objs[2].doc, 2);
    assert_int_equal(r->st.documents, 3);
    free(r);
}

static void test_lone_cr_counts_as_a_line_break(void **state)
{
    (void)state;
    rec *r = load_s("# c\r" POD("x") "---\r\n" POD("y"));
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 2);
    assert_int_equal(r->objs[0].line, 2);
    assert_int_equal(r->objs[1].line, 7);
    free(r);
}

static void test_list_items_are_objects(void **state)
{
    (void)state;
    rec *r = load_s("apiVersion: v1\nkind: List\nitems:\n"
                    "- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n"
                    "- apiVersion: apps/v1\n  kind: DeploymentList\n  items:\n"
                    "  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n");
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 2);
    assert_string_equal(r->objs[0].kind, "Service");
    assert_int_equal(r->objs[0].line, 4);
    assert_string_equal(r->objs[1].kind, "Deployment");
    assert_int_equal(r->objs[1].line, 10);
    assert_int_equal(r->st.objects, 2);
    free(r);
}

static void test_json(void **state)
{
    (void)state;
    const char *j = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"j\"}\n}\n";
    rec *r = load(j, strlen(j), true);
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 1);
    assert_int_equal(r->objs[0].line, 2);
    free(r);
    const char *bad = "{\n  \"kind\": \"Pod\",\n  \"x\": [1,\n}\n";
    r = load(bad, strlen(bad), true);
    assert_int_equal(r->nerrs, 1);
    assert_non_null(strstr(r->errs[0].msg, "JSON:"));
    free(r);
}

static void test_directive_belongs_to_its_document(void **state)
{
    (void)state;
    rec *r = load_s("%YAML 1.2\n---\n" POD("d"));
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 1);
    assert_int_equal(r->objs[0].line, 3);
    free(r);
}

static void test_errors_cost_only_their_document(void **state)
{
    (void)state;
    rec *r = load_s(POD("a")              /* 1-4 */
                    "---\n"               /* 5 */
                    "kind: Pod\n"         /* 6 */
                    "spec: [1, 2\n"       /* 7 */
                    "---\n"               /* 8 */
                    POD("c"));            /* 9-12 */
    assert_int_equal(r->nobjs, 2);
    assert_string_equal(r->objs[1].name, "c");
    assert_int_equal(r->objs[1].line, 9);
    assert_int_equal(r->nerrs, 1);
    assert_true(r->errs[0].line >= 6 && r->errs[0].line <= 7);
    assert_non_null(strstr(r->errs[0].msg, "YAML:"));
    free(r);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    rec *r = load_s(POD("a") "  name: b\n");
    assert_int_equal(r->nobjs, 0);
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 5);
    assert_non_null(strstr(r->errs[0].msg, "duplicate key"));
    free(r);
}

static void test_alias_bomb_is_refused(void **state)
{
    (void)state;
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
    mt_buf_printf(&b, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'i'; c++)
        mt_buf_printf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c, c - 1,
                      c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    rec *r = load(b.data, b.len, false);
    assert_int_equal(r->nobjs, 0);
    assert_int_equal(r->nerrs, 1);
    assert_non_null(strstr(r->errs[0].msg, "alias expansion exceeds"));
    free(r);
    mt_buf_free(&b);
    /* a few aliases within the bound are expanded (merge keys too) */
    r = load_s("apiVersion: apps/v1\nkind: Deployment\nmetadata: &m {name: web}\n"
               "spec:\n  template:\n    metadata: *m\n");
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 1);
    assert_string_equal(r->objs[0].name, "web");
    free(r);
}

static void test_deep_nesting_is_refused(void **state)
{
    (void)state;
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "apiVersion: v1\nkind: ConfigMap\ndata: ");
    for (int i = 0; i < 5000; i++)
        mt_buf_put(&b, "[", 1);
    for (int i = 0; i < 5000; i++)
        mt_buf_put(&b, "]", 1);
    mt_buf_printf(&b, "\n---\n" POD("after"));
    rec *r = load(b.data, b.len, false);
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 3);
    assert_int_equal(r->nobjs, 1);
    assert_string_equal(r->objs[0].name, "after");
    free(r);
    mt_buf_free(&b);
}

static void test_huge_scalar_is_refused(void **state)
{
    (void)state;
    size_t n = K8S_MAX_SCALAR + 10;
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_printf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ");
    char *big = malloc(n);
    memset(big, 'A', n);
    mt_buf_put(&b, big, n);
    free(big);
    mt_buf_printf(&b, "\n");
    rec *r = load(b.data, b.len, false);
    assert_int_equal(r->nobjs, 0);
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 5);
    assert_non_null(strstr(r->errs[0].msg, "larger than 1.5 MiB"));
    free(r);
    mt_buf_free(&b);
}

static void test_what_libfyaml_mishandles_is_refused(void **state)
{
    (void)state;
    /* explicit keys (libfyaml 0.7.12 can crash), and runs of '' escapes
     * (it leaks a buffer per such scalar when reading it) */
    rec *r = load_s(POD("a") "  ? x\n  : y\n---\n" POD("b"));
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 5);
    assert_non_null(strstr(r->errs[0].msg, "explicit key"));
    assert_int_equal(r->nobjs, 1);
    free(r);
    r = load_s("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\ndata:\n  a: 'x''''y'\n");
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 5);
    free(r);
    /* the same characters as content are fine */
    r = load_s("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 'it''s'}\n"
               "data:\n  a: why? because\n  b: \"? x\"\n  c: 'one''two' # ? no\n");
    assert_int_equal(r->nerrs, 0);
    assert_int_equal(r->nobjs, 1);
    free(r);
}

static void test_invalid_utf8_and_kindless(void **state)
{
    (void)state;
    rec *r = load_s(POD("a") "  labels: {x: \"\xff\"}\n");
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 5);
    assert_int_equal(r->nobjs, 0);
    free(r);
    /* an object without kind is an error; a values file is nothing */
    r = load_s("apiVersion: v1\nmetadata: {name: x}\n---\nreplicas: 3\nimage: {tag: x}\n");
    assert_int_equal(r->nerrs, 1);
    assert_int_equal(r->errs[0].line, 1);
    assert_int_equal(r->nobjs, 0);
    free(r);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(k8s_sniff(POD("a"), strlen(POD("a"))));
    assert_true(k8s_sniff("\xEF\xBB\xBF" POD("a"), strlen(POD("a")) + 3));
    assert_true(k8s_sniff("{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}", 36));
    assert_false(k8s_sniff("services:\n  web:\n    image: x\n", 30));
    assert_false(k8s_sniff("  apiVersion: v1\n  kind: Pod\n", 29)); /* not top-level */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_across_documents),
        cmocka_unit_test(test_lone_cr_counts_as_a_line_break),
        cmocka_unit_test(test_list_items_are_objects),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_directive_belongs_to_its_document),
        cmocka_unit_test(test_errors_cost_only_their_document),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_alias_bomb_is_refused),
        cmocka_unit_test(test_deep_nesting_is_refused),
        cmocka_unit_test(test_huge_scalar_is_refused),
        cmocka_unit_test(test_what_libfyaml_mishandles_is_refused),
        cmocka_unit_test(test_invalid_utf8_and_kindless),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
