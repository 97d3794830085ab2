/* test_k8s_rbac.c — unit tests of the cross-set RBAC analysis (k8s.h,
 * rbac.c): manifests are parsed from YAML text with libfyaml, each
 * document is handed to k8s_rbac_add() and freed at once, and the findings
 * of k8s_rbac_finish() are compared as "ID@line" lists (with the file when
 * a test uses several) and, where the wording matters, by message. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "core/yaml.h"
#include "k8s/k8s.h"

/* Dummy file handles: findings name them by index. */
static int files[4];

static int file_index(const void *f)
{
    for (int i = 0; i < 4; i++)
        if (f == &files[i])
            return i;
    return -1;
}

typedef struct found {
    char *id;
    int file, line, col;
    char *msg;
} found;

typedef struct rec {
    mt_vec items; /* found* */
} rec;

static void record(void *ud, k8s_ref where, const mt_rule *rule, const char *msg)
{
    rec *r = ud;
    found *f = mt_xcalloc(1, sizeof(*f));
    f->id = mt_xstrdup(rule->id);
    f->file = file_index(where.file);
    f->line = where.line;
    f->col = where.col;
    f->msg = mt_xstrdup(msg);
    mt_vec_push(&r->items, f);
}

static void rec_free(rec *r)
{
    for (size_t i = 0; i < r->items.len; i++) {
        found *f = r->items.items[i];
        free(f->id);
        free(f->msg);
        free(f);
    }
    mt_vec_free(&r->items);
}

/* Parses every document of text and adds it (the document is destroyed
 * right after add(), as the analyzer does). */
static void load(k8s_rbac *r, const char *text, void *file)
{
    size_t len = strlen(text);
    assert_int_equal(mt_utf8_invalid_at(text, len), len);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_parser *fyp = fy_parser_create(&cfg);
    assert_non_null(fyp);
    assert_int_equal(fy_parser_set_string(fyp, text, len), 0);
    struct fy_document *doc;
    int index = 0;
    while ((doc = fy_parse_load_document(fyp)) != NULL) {
        struct fy_node *root = fy_document_root(doc);
        if (root) {
            bool deep = false;
            assert_null(mt_yaml_first_alias(root, 64, &deep));
            struct fy_node *md = k8s_get(root, "metadata");
            k8s_object o = {
                .api_version = k8s_str(k8s_get(root, "apiVersion")),
                .kind = k8s_str(k8s_get(root, "kind")),
                .name = k8s_str(k8s_get(md, "name")),
                .namespace = k8s_str(k8s_get(md, "namespace")),
                .root = root,
                .metadata = md,
                .doc = index,
                .file = file,
            };
            k8s_rbac_add(r, &o);
        }
        fy_parse_document_destroy(fyp, doc);
        index++;
    }
    assert_false(fy_parser_get_stream_error(fyp));
    fy_parser_destroy(fyp);
}

/* "ID@line ..." in emit order; with_file prefixes "N:" (file index). */
static char *summary(const rec *r, bool with_file)
{
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < r->items.len; i++) {
        const found *f = r->items.items[i];
        if (i)
            mt_buf_putc(&b, ' ');
        if (with_file)
            mt_buf_printf(&b, "%d:", f->file);
        mt_buf_printf(&b, "%s@%d", f->id, f->line);
    }
    return b.data ? mt_buf_steal(&b) : mt_xstrdup("");
}

/* Runs one set over one text (file 0) and compares the summary. */
static void expect_text(const char *text, const char *want, rec *out)
{
    k8s_rbac *r = k8s_rbac_new();
    load(r, text, &files[0]);
    rec got = {0};
    k8s_rbac_finish(r, record, &got);
    k8s_rbac_free(r);
    char *s = summary(&got, false);
    if (strcmp(s, want) != 0) {
        for (size_t i = 0; i < got.items.len; i++) {
            const found *f = got.items.items[i];
            print_message("  %s@%d: %s\n", f->id, f->line, f->msg);
        }
        fail_msg("findings \"%s\", expected \"%s\"", s, want);
    }
    free(s);
    if (out)
        *out = got;
    else
        rec_free(&got);
}

/* The message of the finding id@line (fails when there is none). */
static const char *msg_at(const rec *r, const char *id, int line)
{
    for (size_t i = 0; i < r->items.len; i++) {
        const found *f = r->items.items[i];
        if (strcmp(f->id, id) == 0 && f->line == line)
            return f->msg;
    }
    fail_msg("no %s@%d", id, line);
    return NULL;
}

static void assert_has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* ---- rules table ---- */

static void test_rules_table(void **state)
{
    (void)state;
    size_t n = 0;
    const mt_rule *rs = k8s_rbac_rules(&n);
    assert_int_equal(n, 10);
    static const char *const ids[] = {"KS2001", "KS2002", "KS2003", "KS2004", "KS2005",
                                      "KS2006", "KS2007", "KS2008", "KS2009", "KS2010"};
    static const mt_severity sev[] = {MT_SEV_CRITICAL, MT_SEV_HIGH,     MT_SEV_HIGH, MT_SEV_CRITICAL,
                                      MT_SEV_HIGH,     MT_SEV_MEDIUM,   MT_SEV_HIGH, MT_SEV_CRITICAL,
                                      MT_SEV_HIGH,     MT_SEV_MEDIUM};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rs[i].id, ids[i]);
        assert_int_equal(rs[i].severity, sev[i]);
        assert_string_equal(rs[i].type, "kubernetes");
        assert_non_null(rs[i].title);
        assert_non_null(rs[i].description);
        assert_non_null(rs[i].remediation);
        assert_false(rs[i].off_by_default);
    }
    assert_true(mt_rule_matches(&rs[1], "AVD-KSV-0041"));
    assert_true(mt_rule_matches(&rs[9], "wildcard-in-rules"));
}

/* ---- KS2010: wildcards in roles, bound or not ---- */

static const char wild_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: Role\n"
    "metadata:\n"
    "  name: w1\n"
    "  namespace: dev\n" /* 5 */
    "rules:\n"
    "- apiGroups: [\"\"]\n"
    "  resources: [\"pods\"]\n"
    "  verbs: [\"get\", \"*\"]\n" /* 9: verbs */
    "- apiGroups: [\"apps\"]\n"   /* 10: no wildcard */
    "  resources: [\"deployments\"]\n"
    "  verbs: [\"get\"]\n"
    "- apiGroups: [\"batch\"]\n"
    "  resources: [\"*\"]\n"    /* 14 */
    "  verbs: [\"*\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 18 */
    "metadata:\n"
    "  name: w2\n"
    "rules:\n"
    "- verbs: [\"get\"]\n"
    "  apiGroups:\n" /* 23 */
    "  - \"*\"\n"    /* 24: first wildcard of this rule */
    "  resources:\n"
    "  - \"*\"\n"
    "- nonResourceURLs: [\"*\"]\n" /* 27 */
    "  verbs: [\"get\"]\n"
    "- nonResourceURLs: [\"/healthz\"]\n"
    "  verbs: [\"get\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 33 */
    "metadata:\n"
    "  name: clean\n"
    "rules:\n"
    "- apiGroups: [\"\"]\n"
    "  resources: [\"configmaps\"]\n" /* 38 */
    "  verbs: [\"get\", \"list\"]\n";

static void test_wildcards(void **state)
{
    (void)state;
    rec got;
    expect_text(wild_yaml, "KS2010@9 KS2010@14 KS2010@24 KS2010@27", &got);
    assert_string_equal(msg_at(&got, "KS2010", 9), "Role \"dev/w1\" rule 1 uses \"*\" in verbs");
    assert_string_equal(msg_at(&got, "KS2010", 14),
                        "Role \"dev/w1\" rule 3 uses \"*\" in verbs and resources: every verb on "
                        "every resource of its API groups");
    assert_string_equal(msg_at(&got, "KS2010", 24),
                        "ClusterRole \"w2\" rule 1 uses \"*\" in resources and apiGroups");
    assert_string_equal(msg_at(&got, "KS2010", 27),
                        "ClusterRole \"w2\" rule 2 uses \"*\" in nonResourceURLs");
    rec_free(&got);
}

/* ---- KS2001: full access ---- */

static const char admin_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRoleBinding\n"
    "metadata:\n"
    "  name: ops-admin\n"
    "roleRef:\n" /* 5 */
    "  apiGroup: rbac.authorization.k8s.io\n"
    "  kind: ClusterRole\n"
    "  name: cluster-admin\n"
    "subjects:\n"
    "- kind: Group\n" /* 10 */
    "  name: ops\n"
    "  apiGroup: rbac.authorization.k8s.io\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n" /* 15 */
    "metadata:\n"
    "  name: ci-admin\n"
    "  namespace: ci\n"
    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n"
    "subjects:\n" /* 20 */
    "- kind: ServiceAccount\n"
    "  name: runner\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 25 */
    "metadata:\n"
    "  name: god\n"
    "rules:\n"
    "- apiGroups: [\"*\"]\n"
    "  resources: [\"*\"]\n" /* 30 */
    "  verbs: [\"*\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata:\n" /* 35 */
    "  name: god-binding\n"
    "roleRef: {kind: ClusterRole, name: god}\n"
    "subjects:\n"
    "- {kind: User, name: alice}\n" /* 39 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: core-only\n"
    "rules:\n" /* 45 */
    "- apiGroups: [\"\"]\n"
    "  resources: [\"pods\", \"configmaps\"]\n"
    "  verbs: [\"get\", \"list\", \"watch\", \"create\", \"update\", \"patch\", \"delete\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 50 */
    "kind: ClusterRoleBinding\n"
    "metadata:\n"
    "  name: core-only\n"
    "roleRef: {kind: ClusterRole, name: core-only}\n"
    "subjects:\n" /* 55 */
    "- {kind: User, name: bob}\n";

static void test_full_access(void **state)
{
    (void)state;
    rec got;
    /* Full access hides what it implies (no KS2002..KS2007 for ops, runner,
     * alice); bob can only create pods (KS2006). KS2010 flags god. */
    expect_text(admin_yaml, "KS2001@10 KS2001@21 KS2010@29 KS2001@39 KS2006@56", &got);
    assert_string_equal(msg_at(&got, "KS2001", 10),
                        "Group \"ops\" can do everything (every verb on every resource) cluster-wide, "
                        "through ClusterRoleBinding \"ops-admin\" -> ClusterRole \"cluster-admin\" "
                        "(built-in)");
    assert_string_equal(msg_at(&got, "KS2001", 21),
                        "ServiceAccount \"ci/runner\" can do everything (every verb on every "
                        "resource) in namespace \"ci\", through RoleBinding \"ci/ci-admin\" -> "
                        "ClusterRole \"cluster-admin\" (built-in)");
    assert_has(msg_at(&got, "KS2001", 39), "ClusterRoleBinding \"god-binding\" -> ClusterRole \"god\"");
    assert_string_equal(msg_at(&got, "KS2010", 29),
                        "ClusterRole \"god\" rule 1 uses \"*\" in verbs, resources and apiGroups: "
                        "full access");
    assert_string_equal(msg_at(&got, "KS2006", 56),
                        "User \"bob\" can create or change pods cluster-wide, through "
                        "ClusterRoleBinding \"core-only\" -> ClusterRole \"core-only\"");
    rec_free(&got);
}

/* A namespaced full-access grant hides only that namespace's other grants. */
static void test_full_access_scope(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: a, namespace: one}\n"
        "roleRef: {kind: ClusterRole, name: cluster-admin}\n"
        "subjects:\n" /* 5 */
        "- {kind: User, name: carol}\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: b, namespace: one}\n" /* 10 */
        "roleRef: {kind: ClusterRole, name: secret-reader}\n"
        "subjects:\n"
        "- {kind: User, name: carol}\n" /* 13: covered by cluster-admin in "one" */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n" /* 15 */
        "kind: RoleBinding\n"
        "metadata: {name: c, namespace: two}\n"
        "roleRef: {kind: ClusterRole, name: secret-reader}\n"
        "subjects:\n"
        "- {kind: User, name: carol}\n" /* 20: not covered */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: secret-reader}\n"
        "rules:\n" /* 25 */
        "- {apiGroups: [\"\"], resources: [secrets], verbs: [get, list]}\n";
    rec got;
    expect_text(yaml, "KS2001@6 KS2002@20", &got);
    assert_string_equal(msg_at(&got, "KS2002", 20),
                        "User \"carol\" can read Secrets (get and list) in namespace \"two\", through "
                        "RoleBinding \"two/c\" -> ClusterRole \"secret-reader\"");
    rec_free(&got);
}

/* ---- KS2002: Secrets, scope, resourceNames ---- */

static const char secrets_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRole\n"
    "metadata: {name: secret-reader}\n"
    "rules:\n"
    "- apiGroups: [\"\"]\n" /* 5 */
    "  resources: [\"secrets\"]\n"
    "  verbs: [\"get\", \"watch\", \"list\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 10 */
    "metadata: {name: one-secret}\n"
    "rules:\n"
    "- apiGroups: [\"\"]\n"
    "  resources: [\"secrets\"]\n"
    "  resourceNames: [\"app-config\"]\n" /* 15 */
    "  verbs: [\"get\", \"list\", \"watch\"]\n"
    "- apiGroups: [\"apps\"]\n" /* secrets are not in apps */
    "  resources: [\"secrets\"]\n"
    "  verbs: [\"get\"]\n"
    "- apiGroups: [\"\"]\n" /* 20: writing is not reading */
    "  resources: [\"secrets\"]\n"
    "  verbs: [\"create\", \"delete\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n" /* 25 */
    "metadata: {name: read-all}\n"
    "roleRef: {kind: ClusterRole, name: secret-reader}\n"
    "subjects:\n"
    "- kind: ServiceAccount\n"
    "  name: backup\n" /* 30 */
    "  namespace: ops\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n"
    "metadata: {name: team-reads, namespace: team}\n" /* 35 */
    "roleRef: {kind: ClusterRole, name: secret-reader}\n"
    "subjects:\n"
    "- {kind: User, name: dave}\n" /* 38 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 40 */
    "kind: ClusterRoleBinding\n"
    "metadata: {name: one-secret}\n"
    "roleRef: {kind: ClusterRole, name: one-secret}\n"
    "subjects:\n"
    "- {kind: User, name: erin}\n" /* 45: nothing to report */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: Role\n"
    "metadata: {name: core-all, namespace: team}\n"
    "rules:\n" /* 50 */
    "- apiGroups: [~]\n"     /* a null entry is the core group */
    "  resources: [\"*\"]\n" /* 52: KS2010 */
    "  verbs: [\"list\"]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 55 */
    "kind: RoleBinding\n"
    "metadata: {name: core-all, namespace: team}\n"
    "roleRef: {kind: Role, name: core-all}\n"
    "subjects:\n"
    "- {kind: User, name: frank}\n"; /* 60 */

static void test_secrets(void **state)
{
    (void)state;
    rec got;
    expect_text(secrets_yaml, "KS2002@29 KS2002@38 KS2010@52 KS2002@60", &got);
    assert_string_equal(msg_at(&got, "KS2002", 29),
                        "ServiceAccount \"ops/backup\" can read Secrets (get, list and watch) "
                        "cluster-wide, through ClusterRoleBinding \"read-all\" -> ClusterRole "
                        "\"secret-reader\"");
    /* A RoleBinding to a ClusterRole grants it in the binding's namespace only. */
    assert_string_equal(msg_at(&got, "KS2002", 38),
                        "User \"dave\" can read Secrets (get, list and watch) in namespace \"team\", "
                        "through RoleBinding \"team/team-reads\" -> ClusterRole \"secret-reader\"");
    assert_has(msg_at(&got, "KS2002", 60), "can read Secrets (list) in namespace \"team\"");
    rec_free(&got);
}

/* A Role is looked up in the binding's namespace; an absent namespace is
 * "default". */
static void test_role_namespace(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: Role\n"
        "metadata: {name: r}\n" /* namespace default */
        "rules:\n"
        "- {apiGroups: [\"\"], resources: [secrets], verbs: [get]}\n" /* 5 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: b, namespace: other}\n"
        "roleRef: {kind: Role, name: r}\n" /* 10: no Role r in "other" */
        "subjects: [{kind: User, name: u1}]\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: b}\n" /* 15 */
        "roleRef: {kind: Role, name: r}\n"
        "subjects: [{kind: User, name: u2}]\n" /* 17 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n" /* 20 */
        "metadata: {name: c}\n"
        "roleRef: {kind: Role, name: r}\n" /* a ClusterRoleBinding cannot use a Role */
        "subjects: [{kind: User, name: u3}]\n";
    rec got;
    expect_text(yaml, "KS2002@17", &got);
    assert_has(msg_at(&got, "KS2002", 17),
               "User \"u2\" can read Secrets (get) in namespace \"default\"");
    rec_free(&got);
}

/* ---- KS2003..KS2007 ---- */

static const char verbs_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRole\n"
    "metadata: {name: powers}\n"
    "rules:\n"
    "- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}\n" /* 5 */
    "- {apiGroups: [\"\"], resources: [users, groups], verbs: [impersonate]}\n"
    "- {apiGroups: [\"\"], resources: [\"*/exec\"], verbs: [create]}\n"
    "- {apiGroups: [\"\"], resources: [nodes/proxy], verbs: [get]}\n"
    "- {apiGroups: [apps], resources: [deployments, daemonsets], verbs: [create]}\n"
    "- {apiGroups: [batch], resources: [cronjobs], verbs: [patch]}\n" /* 10 */
    "- {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: harmless}\n" /* 15 */
    "rules:\n"
    "- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind],"
    " resourceNames: [view]}\n"
    "- {apiGroups: [\"\"], resources: [users], verbs: [impersonate], resourceNames: [alice]}\n"
    "- {apiGroups: [\"\"], resources: [pods/log, pods/exec], verbs: [list, watch]}\n"
    "- {apiGroups: [\"\"], resources: [pods/exec], verbs: [create], resourceNames: [debug]}\n" /* 20 */
    "- {apiGroups: [\"\"], resources: [deployments], verbs: [create]}\n" /* wrong group */
    "- {apiGroups: [apps], resources: [pods, deployments], verbs: [get, list, delete]}\n"
    "- {apiGroups: [\"\"], resources: [serviceaccounts], verbs: [create, get]}\n"
    "- {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create], resourceNames: [ci]}\n"
    "- {apiGroups: [apps], resources: [deployments], verbs: [create], resourceNames: [web]}\n" /* 25 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: named-powers}\n"
    "rules:\n" /* 30 */
    "- {apiGroups: [\"\"], resources: [groups], verbs: [impersonate], resourceNames: [system:masters]}\n"
    "- {apiGroups: [apps], resources: [deployments], verbs: [patch], resourceNames: [web]}\n"
    "- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind]}\n"
    "- {apiGroups: [\"\"], resources: [serviceaccounts], verbs: [impersonate]}\n"
    "---\n" /* 35 */
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: p}\n"
    "roleRef: {kind: ClusterRole, name: powers}\n"
    "subjects: [{kind: User, name: p}]\n" /* 40 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: h}\n"
    "roleRef: {kind: ClusterRole, name: harmless}\n" /* 45 */
    "subjects: [{kind: User, name: h}]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: n}\n" /* 50 */
    "roleRef: {kind: ClusterRole, name: named-powers}\n"
    "subjects: [{kind: User, name: n}]\n";

static void test_verbs(void **state)
{
    (void)state;
    rec got;
    expect_text(verbs_yaml,
                "KS2003@40 KS2004@40 KS2005@40 KS2006@40 KS2007@40 "
                "KS2003@52 KS2004@52 KS2006@52",
                &got);
    assert_has(msg_at(&got, "KS2003", 40), "User \"p\" can escalate roles cluster-wide");
    assert_has(msg_at(&got, "KS2004", 40), "can impersonate any user and any group cluster-wide");
    assert_has(msg_at(&got, "KS2005", 40),
               "can exec into pods and reach the kubelet API through nodes/proxy cluster-wide");
    assert_has(msg_at(&got, "KS2006", 40), "can create or change deployments, daemonsets and cronjobs");
    assert_has(msg_at(&got, "KS2007", 40), "can create service account tokens cluster-wide");
    assert_has(msg_at(&got, "KS2003", 52), "can bind any role and impersonate service accounts");
    assert_has(msg_at(&got, "KS2004", 52), "can impersonate system:masters cluster-wide");
    /* update/patch of a named workload still rewrites its pod template */
    assert_has(msg_at(&got, "KS2006", 52), "can create or change deployments");
    rec_free(&got);
}

/* ---- built-in roles ---- */

static const char builtin_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: RoleBinding\n"
    "metadata: {name: devs-edit, namespace: app}\n"
    "roleRef: {kind: ClusterRole, name: edit}\n"
    "subjects: [{kind: Group, name: devs}]\n" /* 5 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n"
    "metadata: {name: leads-admin, namespace: app}\n"
    "roleRef: {kind: ClusterRole, name: admin}\n" /* 10 */
    "subjects: [{kind: Group, name: leads}]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: all-view}\n" /* 15 */
    "roleRef: {kind: ClusterRole, name: view}\n"
    "subjects: [{kind: Group, name: readers}]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n" /* 20 */
    "metadata: {name: unknown}\n"
    "roleRef: {kind: ClusterRole, name: system:auth-delegator}\n"
    "subjects: [{kind: Group, name: others}]\n";

static void test_builtin_roles(void **state)
{
    (void)state;
    rec got;
    /* edit and admin: Secrets, service account impersonation, exec/attach,
     * workloads, tokens; view: nothing that matters; a built-in role this
     * code does not model: nothing. */
    expect_text(builtin_yaml,
                "KS2002@5 KS2003@5 KS2005@5 KS2006@5 KS2007@5 "
                "KS2002@11 KS2003@11 KS2005@11 KS2006@11 KS2007@11",
                &got);
    assert_string_equal(msg_at(&got, "KS2005", 5),
                        "Group \"devs\" can exec into pods and attach to pods in namespace \"app\", "
                        "through RoleBinding \"app/devs-edit\" -> ClusterRole \"edit\" (built-in)");
    assert_has(msg_at(&got, "KS2003", 11), "can impersonate service accounts in namespace \"app\"");
    assert_has(msg_at(&got, "KS2006", 11),
               "can create or change pods, deployments, daemonsets, statefulsets, replicasets, jobs, "
               "cronjobs and replicationcontrollers");
    rec_free(&got);
}

/* A role defined in the input replaces the built-in of the same name. */
static void test_builtin_overridden(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: edit}\n"
        "rules:\n"
        "- {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}\n" /* 5 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: b, namespace: x}\n"
        "roleRef: {kind: ClusterRole, name: edit}\n" /* 10 */
        "subjects: [{kind: User, name: u}]\n";
    expect_text(yaml, "", NULL);
}

/* ---- aggregation ---- */

static const char agg_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRole\n"
    "metadata: {name: monitoring}\n"
    "aggregationRule:\n"
    "  clusterRoleSelectors:\n" /* 5 */
    "  - matchLabels: {example.com/aggregate-to-monitoring: \"true\"}\n"
    "rules: []\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 10 */
    "metadata:\n"
    "  name: monitoring-secrets\n"
    "  labels: {example.com/aggregate-to-monitoring: \"true\"}\n"
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [secrets], verbs: [list]}\n" /* 15 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: monitoring-off\n" /* 20: label value does not match */
    "  labels: {example.com/aggregate-to-monitoring: \"false\"}\n"
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 25 */
    "kind: ClusterRoleBinding\n"
    "metadata: {name: prometheus}\n"
    "roleRef: {kind: ClusterRole, name: monitoring}\n"
    "subjects:\n"
    "- {kind: ServiceAccount, name: prometheus, namespace: monitoring}\n" /* 30 */
    "---\n"
    /* matchExpressions: In, NotIn, Exists, DoesNotExist, all to hold */
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: expr}\n"
    "aggregationRule:\n" /* 35 */
    "  clusterRoleSelectors:\n"
    "  - matchExpressions:\n"
    "    - {key: tier, operator: In, values: [a, b]}\n"
    "    - {key: env, operator: NotIn, values: [prod]}\n"
    "    - {key: team, operator: Exists}\n" /* 40 */
    "    - {key: legacy, operator: DoesNotExist}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n" /* 45 */
    "  name: expr-yes\n"
    "  labels: {tier: b, team: x}\n"
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create]}\n"
    "---\n" /* 50 */
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: expr-prod\n"
    "  labels: {tier: a, team: x, env: prod}\n" /* 55: NotIn fails */
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [secrets], verbs: [get]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n" /* 60 */
    "metadata:\n"
    "  name: expr-legacy\n"
    "  labels: {tier: a, team: x, legacy: \"1\"}\n" /* DoesNotExist fails */
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [pods/attach], verbs: [create]}\n" /* 65 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: expr-noteam\n" /* 70: Exists fails */
    "  labels: {tier: a}\n"
    "rules:\n"
    "- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 75 */
    "kind: ClusterRoleBinding\n"
    "metadata: {name: expr}\n"
    "roleRef: {kind: ClusterRole, name: expr}\n"
    "subjects: [{kind: User, name: x}]\n"; /* 79 */

static void test_aggregation(void **state)
{
    (void)state;
    rec got;
    expect_text(agg_yaml, "KS2002@30 KS2007@79", &got);
    assert_string_equal(msg_at(&got, "KS2002", 30),
                        "ServiceAccount \"monitoring/prometheus\" can read Secrets (list) cluster-wide, "
                        "through ClusterRoleBinding \"prometheus\" -> ClusterRole \"monitoring\" "
                        "(aggregated from \"monitoring-secrets\")");
    assert_has(msg_at(&got, "KS2007", 79), "(aggregated from \"expr-yes\")");
    rec_free(&got);
}

/* Aggregation is transitive, survives cycles, and reaches the built-in
 * admin/edit/view roles through their labels. */
static const char agg_chain_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRole\n"
    "metadata: {name: top, labels: {ring: b}}\n"
    "aggregationRule:\n"
    "  clusterRoleSelectors: [{matchLabels: {level: mid}}]\n" /* 5 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: mid, labels: {level: mid, ring: a}}\n"
    "aggregationRule:\n" /* 10 */
    "  clusterRoleSelectors: [{matchLabels: {level: leaf}}, {matchLabels: {ring: b}}]\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: leaf, labels: {level: leaf}}\n" /* 15 */
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [nodes/proxy], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n" /* 20 */
    "metadata: {name: top}\n"
    "roleRef: {kind: ClusterRole, name: top}\n"
    "subjects: [{kind: Group, name: g}]\n" /* 23 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 25 */
    "kind: ClusterRoleBinding\n"
    "metadata: {name: mid}\n"
    "roleRef: {kind: ClusterRole, name: mid}\n"
    "subjects: [{kind: Group, name: h}]\n" /* 29 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: crd-viewer\n"
    "  labels: {rbac.authorization.k8s.io/aggregate-to-view: \"true\"}\n" /* 35 */
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [secrets], verbs: [get]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n" /* 40 */
    "metadata: {name: viewers}\n"
    "roleRef: {kind: ClusterRole, name: view}\n"
    "subjects: [{kind: Group, name: viewers}]\n"; /* 43 */

static void test_aggregation_chain(void **state)
{
    (void)state;
    rec got;
    expect_text(agg_chain_yaml, "KS2005@23 KS2005@29 KS2002@43", &got);
    assert_has(msg_at(&got, "KS2005", 23), "ClusterRole \"top\" (aggregated from \"leaf\")");
    assert_has(msg_at(&got, "KS2005", 29), "ClusterRole \"mid\" (aggregated from \"leaf\")");
    /* view aggregates crd-viewer, which adds reading Secrets to it */
    assert_string_equal(msg_at(&got, "KS2002", 43),
                        "Group \"viewers\" can read Secrets (get) cluster-wide, through "
                        "ClusterRoleBinding \"viewers\" -> ClusterRole \"view\" (built-in; "
                        "aggregated from \"crd-viewer\")");
    rec_free(&got);
}

/* An aggregated role that selects itself only, or a selector with an
 * unknown operator: nothing, and no endless loop. An empty selector
 * selects every ClusterRole (cluster-admin included). */
static void test_aggregation_edge(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: self, labels: {me: \"1\"}}\n"
        "aggregationRule: {clusterRoleSelectors: [{matchLabels: {me: \"1\"}}]}\n"
        "---\n" /* 5 */
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: bad-op}\n"
        "aggregationRule:\n"
        "  clusterRoleSelectors: [{matchExpressions: [{key: a, operator: Near}]}]\n" /* 10 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: everything}\n"
        "aggregationRule: {clusterRoleSelectors: [{}]}\n" /* 15 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n"
        "metadata: {name: b}\n"
        "roleRef: {kind: ClusterRole, name: self}\n" /* 20 */
        "subjects: [{kind: User, name: s}]\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n"
        "metadata: {name: c}\n" /* 25 */
        "roleRef: {kind: ClusterRole, name: bad-op}\n"
        "subjects: [{kind: User, name: t}]\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n" /* 30 */
        "metadata: {name: d}\n"
        "roleRef: {kind: ClusterRole, name: everything}\n"
        "subjects: [{kind: User, name: e}]\n"; /* 33 */
    rec got;
    expect_text(yaml, "KS2001@33", &got);
    assert_has(msg_at(&got, "KS2001", 33),
               "ClusterRole \"everything\" (aggregated from \"cluster-admin\")");
    rec_free(&got);
}

/* ---- KS2008 / KS2009 ---- */

static const char public_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRoleBinding\n"
    "metadata: {name: open}\n"
    "roleRef: {kind: ClusterRole, name: view}\n"
    "subjects:\n" /* 5 */
    "- {kind: Group, name: system:unauthenticated}\n"
    "- {kind: User, name: system:anonymous}\n"
    "- {kind: Group, name: system:authenticated}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 10 */
    "kind: RoleBinding\n"
    "metadata: {name: ghost, namespace: web}\n"
    "roleRef: {kind: Role, name: does-not-exist}\n"
    "subjects: [{kind: Group, name: system:authenticated}]\n" /* 14 */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: system:discovery}\n"
    "roleRef: {kind: ClusterRole, name: system:discovery}\n"
    "subjects:\n" /* 20: a default binding of every cluster */
    "- {kind: Group, name: system:authenticated}\n"
    "- {kind: Group, name: system:unauthenticated}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n" /* 25 */
    "metadata: {name: anon-admin}\n"
    "roleRef: {kind: ClusterRole, name: cluster-admin}\n"
    "subjects: [{kind: User, name: system:anonymous}]\n"; /* 28 */

static void test_public_subjects(void **state)
{
    (void)state;
    rec got;
    expect_text(public_yaml, "KS2008@6 KS2008@7 KS2009@8 KS2009@14 KS2001@28 KS2008@28", &got);
    assert_string_equal(msg_at(&got, "KS2008", 6),
                        "ClusterRoleBinding \"open\" binds ClusterRole \"view\" to Group "
                        "\"system:unauthenticated\" (anyone who can reach the API server, without "
                        "credentials) cluster-wide");
    assert_string_equal(msg_at(&got, "KS2009", 14),
                        "RoleBinding \"web/ghost\" binds Role \"does-not-exist\" (not in the input) to "
                        "Group \"system:authenticated\" (every authenticated identity, every service "
                        "account included) in namespace \"web\"");
    assert_has(msg_at(&got, "KS2001", 28), "User \"system:anonymous\" can do everything");
    rec_free(&got);
}

/* ---- deduplication ---- */

static const char dup_yaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n" /* 1 */
    "kind: ClusterRole\n"
    "metadata: {name: reader}\n"
    "rules:\n"
    "- {apiGroups: [\"\"], resources: [secrets], verbs: [get]}\n" /* 5 */
    "- {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: RoleBinding\n"
    "metadata: {name: a-ns, namespace: ci}\n" /* 10 */
    "roleRef: {kind: ClusterRole, name: reader}\n"
    "subjects:\n"
    "- {kind: ServiceAccount, name: bot}\n" /* 13: namespace from the binding */
    "- {kind: ServiceAccount, name: bot, namespace: ci}\n" /* 14: the same subject again */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: z-cluster}\n"
    "roleRef: {kind: ClusterRole, name: reader}\n"
    "subjects:\n" /* 20 */
    "- {kind: User, name: \"system:serviceaccount:ci:bot\"}\n" /* 21: the same principal */
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRoleBinding\n"
    "metadata: {name: y-cluster}\n" /* 25 */
    "roleRef: {kind: ClusterRole, name: reader}\n"
    "subjects:\n"
    "- {kind: ServiceAccount, name: bot, namespace: ci}\n"; /* 28 */

static void test_dedup(void **state)
{
    (void)state;
    rec got;
    /* One finding per permission, at the first cluster-wide binding by
     * name (y-cluster), naming the others. */
    expect_text(dup_yaml, "KS2002@28 KS2005@28", &got);
    assert_string_equal(msg_at(&got, "KS2002", 28),
                        "ServiceAccount \"ci/bot\" can read Secrets (get) cluster-wide, through "
                        "ClusterRoleBinding \"y-cluster\" -> ClusterRole \"reader\"; also through "
                        "ClusterRoleBinding \"z-cluster\" -> ClusterRole \"reader\"; RoleBinding "
                        "\"ci/a-ns\" -> ClusterRole \"reader\"");
    rec_free(&got);
}

/* The same permission in two namespaces: one finding, at the first
 * binding (namespace order), naming both namespaces. */
static void test_dedup_namespaced_first(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: Role\n"
        "metadata: {name: r, namespace: b}\n"
        "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: [watch]}]\n"
        "---\n" /* 5 */
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: Role\n"
        "metadata: {name: r, namespace: a}\n"
        "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: [list]}]\n"
        "---\n" /* 10 */
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: r, namespace: b}\n"
        "roleRef: {kind: Role, name: r}\n"
        "subjects: [{kind: User, name: u}]\n" /* 15 */
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: RoleBinding\n"
        "metadata: {name: r, namespace: a}\n"
        "roleRef: {kind: Role, name: r}\n" /* 20 */
        "subjects: [{kind: User, name: u}]\n";
    rec got;
    expect_text(yaml, "KS2002@21", &got);
    assert_string_equal(msg_at(&got, "KS2002", 21),
                        "User \"u\" can read Secrets (list and watch) in namespaces \"a\", \"b\", "
                        "through RoleBinding \"a/r\" -> Role \"r\"; also through RoleBinding \"b/r\" "
                        "-> Role \"r\"");
    rec_free(&got);
}

/* Two files define the same ClusterRole: a binding gets the rules of both,
 * and each finding goes to the file that holds its line. */
static void test_two_files(void **state)
{
    (void)state;
    static const char a[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: dup}\n"
        "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: [get]}]\n"
        "---\n" /* 5 */
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n"
        "metadata: {name: b}\n"
        "roleRef: {kind: ClusterRole, name: dup}\n"
        "subjects: [{kind: User, name: u}]\n"; /* 10 */
    static const char b[] =
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: dup}\n"
        "rules:\n"
        "- apiGroups: [\"\"]\n" /* 5 */
        "  resources: [pods/exec, secrets]\n"
        "  verbs: [\"*\"]\n"; /* 7 */
    for (int order = 0; order < 2; order++) {
        k8s_rbac *r = k8s_rbac_new();
        load(r, order ? b : a, &files[order ? 1 : 0]);
        load(r, order ? a : b, &files[order ? 0 : 1]);
        rec got = {0};
        k8s_rbac_finish(r, record, &got);
        k8s_rbac_free(r);
        char *s = summary(&got, true);
        assert_string_equal(s, "0:KS2002@10 0:KS2005@10 1:KS2010@7");
        free(s);
        const found *f = got.items.items[0];
        assert_string_equal(f->msg, "User \"u\" can read Secrets (get, list and watch) cluster-wide, "
                                    "through ClusterRoleBinding \"b\" -> ClusterRole \"dup\"");
        rec_free(&got);
    }
}

/* ---- what is not RBAC ---- */

static void test_ignored(void **state)
{
    (void)state;
    static const char yaml[] =
        "apiVersion: example.com/v1\n"
        "kind: Role\n"
        "metadata: {name: x}\n"
        "rules: [{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}]\n"
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: x}\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata: {name: odd}\n"
        "rules: \"*\"\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRoleBinding\n"
        "metadata: {name: odd}\n"
        "roleRef: cluster-admin\n"
        "subjects: [{kind: Robot, name: r}, {kind: User}, \"x\", {kind: ServiceAccount, name: nons}]\n"
        "---\n"
        "- just a list\n";
    expect_text(yaml, "", NULL);
}

/* ---- threads ---- */

#define NTHREADS 4

static char *thread_docs[64];
static size_t nthread_docs;

typedef struct tjob {
    k8s_rbac *r;
    size_t first;
} tjob;

static void *thread_main(void *arg)
{
    tjob *j = arg;
    for (size_t i = j->first; i < nthread_docs; i += NTHREADS)
        load(j->r, thread_docs[i], &files[i % 2]);
    return NULL;
}

static char *full_summary(const rec *r)
{
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < r->items.len; i++) {
        const found *f = r->items.items[i];
        mt_buf_printf(&b, "%d:%s@%d:%d %s\n", f->file, f->id, f->line, f->col, f->msg);
    }
    return b.data ? mt_buf_steal(&b) : mt_xstrdup("");
}

/* Splits the YAML texts of the other tests into single documents. */
static void split_docs(const char *text)
{
    const char *p = text;
    while (*p && nthread_docs < MT_ARRAY_LEN(thread_docs)) {
        const char *e = strstr(p, "---\n");
        size_t len = e ? (size_t)(e - p) : strlen(p);
        thread_docs[nthread_docs++] = mt_xstrndup(p, len);
        if (!e)
            break;
        p = e + 4;
    }
}

static void test_threads(void **state)
{
    (void)state;
    nthread_docs = 0;
    split_docs(admin_yaml);
    split_docs(secrets_yaml);
    split_docs(agg_yaml);
    split_docs(dup_yaml);
    split_docs(public_yaml);
    assert_true(nthread_docs > 20);

    /* Sequentially, in reverse order. */
    k8s_rbac *seq = k8s_rbac_new();
    for (size_t i = nthread_docs; i-- > 0;)
        load(seq, thread_docs[i], &files[i % 2]);
    rec a = {0};
    k8s_rbac_finish(seq, record, &a);
    k8s_rbac_free(seq);
    char *want = full_summary(&a);
    assert_true(a.items.len > 10);
    /* both files got findings, each at its own lines */
    bool f0 = false, f1 = false;
    for (size_t i = 0; i < a.items.len; i++) {
        const found *f = a.items.items[i];
        f0 |= f->file == 0;
        f1 |= f->file == 1;
    }
    assert_true(f0 && f1);
    rec_free(&a);

    for (int round = 0; round < 5; round++) {
        k8s_rbac *par = k8s_rbac_new();
        pthread_t th[NTHREADS];
        tjob jobs[NTHREADS];
        for (int t = 0; t < NTHREADS; t++) {
            jobs[t] = (tjob){par, (size_t)t};
            assert_int_equal(pthread_create(&th[t], NULL, thread_main, &jobs[t]), 0);
        }
        for (int t = 0; t < NTHREADS; t++)
            pthread_join(th[t], NULL);
        rec b = {0};
        k8s_rbac_finish(par, record, &b);
        k8s_rbac_free(par);
        char *got = full_summary(&b);
        assert_string_equal(got, want);
        free(got);
        rec_free(&b);
    }
    free(want);
    for (size_t i = 0; i < nthread_docs; i++)
        free(thread_docs[i]);
}

/* ---- hostile sizes ---- */

static void test_many(void **state)
{
    (void)state;
    /* 300 ClusterRoles that aggregate each other (all share one label):
     * every one reaches every other; a binding to one of them is judged
     * once, without blowing up. */
    mt_buf b;
    mt_buf_init(&b);
    for (int i = 0; i < 300; i++)
        mt_buf_printf(&b,
                      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
                      "metadata: {name: r%d, labels: {all: \"yes\"}}\n"
                      "aggregationRule: {clusterRoleSelectors: [{matchLabels: {all: \"yes\"}}]}\n"
                      "rules: [{apiGroups: [\"\"], resources: [r%d], verbs: [get]}]\n---\n",
                      i, i);
    mt_buf_puts(&b, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
                    "metadata: {name: leak, labels: {all: \"yes\"}}\n"
                    "rules: [{apiGroups: [\"\"], resources: [secrets], verbs: [get]}]\n---\n");
    mt_buf_puts(&b, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
                    "metadata: {name: b}\nroleRef: {kind: ClusterRole, name: r7}\n"
                    "subjects: [{kind: User, name: u}]\n");
    k8s_rbac *r = k8s_rbac_new();
    load(r, b.data, &files[0]);
    rec got = {0};
    k8s_rbac_finish(r, record, &got);
    k8s_rbac_free(r);
    assert_int_equal(got.items.len, 1);
    const found *f = got.items.items[0];
    assert_string_equal(f->id, "KS2002");
    assert_has(f->msg, "(aggregated from \"leak\")");
    rec_free(&got);
    mt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_table),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_full_access),
        cmocka_unit_test(test_full_access_scope),
        cmocka_unit_test(test_secrets),
        cmocka_unit_test(test_role_namespace),
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_builtin_roles),
        cmocka_unit_test(test_builtin_overridden),
        cmocka_unit_test(test_aggregation),
        cmocka_unit_test(test_aggregation_chain),
        cmocka_unit_test(test_aggregation_edge),
        cmocka_unit_test(test_public_subjects),
        cmocka_unit_test(test_dedup),
        cmocka_unit_test(test_dedup_namespaced_first),
        cmocka_unit_test(test_two_files),
        cmocka_unit_test(test_ignored),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
