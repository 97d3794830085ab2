/* test_k8s_netpol.c — unit tests of the NetworkPolicy set analysis
 * (k8s_netpol_* in k8s/k8s.h, rules KS3001..KS3004): manifests are YAML
 * text parsed with libfyaml, one k8s_object per document (its document
 * freed right after k8s_netpol_add(), as the analyzer does), with a file
 * name string as the file handle; every finding is recorded as
 * "ID file:line" and compared exactly, in emission order. Lines are found
 * by a unique marker (usually a comment) in the text. */
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

/* ---- harness ---- */

typedef struct rec {
    mt_buf ids;        /* "ID file:line\n" per finding */
    mt_buf msgs;       /* "ID file:line:col message\n" per finding */
    const char *only;  /* record only this rule, NULL for all */
} rec;

static void record(void *ud, k8s_ref where, const mt_rule *rule, const char *msg)
{
    rec *r = ud;
    assert_non_null(rule);
    assert_string_equal(rule->type, "kubernetes");
    assert_non_null(where.file);
    assert_true(where.line > 0);
    if (r->only && strcmp(r->only, rule->id) != 0)
        return;
    mt_buf_printf(&r->ids, "%s %s:%d\n", rule->id, (const char *)where.file, where.line);
    mt_buf_printf(&r->msgs, "%s %s:%d:%d %s\n", rule->id, (const char *)where.file, where.line,
                  where.col, msg);
}

/* Adds every document of text (a file named `file`) to the set. Each
 * document is built on its own with fy_document_build_from_string(),
 * preceded by as many newlines as lines before it, so that positions are
 * those of the file. */
static void add_yaml(k8s_netpol *p, const char *file, const char *text)
{
    size_t len = strlen(text);
    assert_int_equal(mt_utf8_invalid_at(text, len), len);
    size_t start = 0;
    int doc_index = 0;
    while (start < len) {
        /* the document ends at the next line that is exactly "---" */
        size_t end = start;
        for (;;) {
            const char *nl = memchr(text + end, '\n', len - end);
            size_t line_end = nl ? (size_t)(nl - text) : len;
            if (line_end - end == 3 && memcmp(text + end, "---", 3) == 0 && end > start)
                break;
            if (!nl) {
                end = len;
                break;
            }
            end = line_end + 1;
        }
        size_t lines_before = 0;
        for (size_t i = 0; i < start; i++)
            lines_before += text[i] == '\n';
        mt_buf b;
        mt_buf_init(&b);
        for (size_t i = 0; i < lines_before; i++)
            mt_buf_putc(&b, '\n');
        const char *body = text + start;
        size_t blen = end - start;
        if (blen >= 4 && memcmp(body, "---\n", 4) == 0) { /* a leading separator */
            mt_buf_putc(&b, '\n');
            body += 4;
            blen -= 4;
        }
        mt_buf_put(&b, body, blen);
        struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
        struct fy_document *doc = fy_document_build_from_string(&cfg, b.data, b.len);
        assert_non_null(doc);
        struct fy_node *root = fy_document_root(doc);
        if (root) {
            bool deep = false;
            assert_null(mt_yaml_first_alias(root, 64, &deep));
            k8s_object obj = {0};
            obj.root = root;
            obj.api_version = k8s_str(k8s_get(root, "apiVersion"));
            obj.kind = k8s_str(k8s_get(root, "kind"));
            obj.metadata = k8s_get(root, "metadata");
            obj.name = k8s_str(k8s_get(obj.metadata, "name"));
            obj.namespace = k8s_str(k8s_get(obj.metadata, "namespace"));
            obj.doc = doc_index;
            obj.file = (void *)file;
            if (obj.kind)
                k8s_netpol_add(p, &obj);
        }
        fy_document_destroy(doc); /* the set must have copied what it needs */
        mt_buf_free(&b);
        doc_index++;
        start = end < len ? end + 4 : len; /* past "---\n" */
    }
}

/* 1-based line of the first occurrence of needle in text. */
static int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    if (!at)
        fail_msg("marker not found: %s", needle);
    int line = 1;
    for (const char *q = text; q < at; q++)
        line += *q == '\n';
    return line;
}

/* Runs the set over one file and returns its findings as "ID file:line"
 * lines (malloc'ed); *msgs gets the full lines. */
static char *run(const char *text, const char *only, char **msgs)
{
    k8s_netpol *p = k8s_netpol_new();
    add_yaml(p, "a.yaml", text);
    rec r = {.only = only};
    mt_buf_init(&r.ids);
    mt_buf_init(&r.msgs);
    k8s_netpol_finish(p, record, &r);
    k8s_netpol_free(p);
    printf("%s", r.msgs.data ? r.msgs.data : "(no findings)\n");
    if (msgs)
        *msgs = mt_buf_steal(&r.msgs);
    else
        mt_buf_free(&r.msgs);
    return r.ids.data ? mt_buf_steal(&r.ids) : mt_xstrdup("");
}

/* Asserts the findings of text (restricted to `only` when not NULL) are
 * exactly the ones listed: "ID:marker" entries, each expected at the line
 * of its marker in a.yaml. */
static void expect(const char *text, const char *only, ...)
{
    mt_buf want;
    mt_buf_init(&want);
    va_list ap;
    va_start(ap, only);
    const char *e;
    while ((e = va_arg(ap, const char *)) != NULL) {
        const char *colon = strchr(e, ':');
        assert_non_null(colon);
        mt_buf_printf(&want, "%.*s a.yaml:%d\n", (int)(colon - e), e, line_of(text, colon + 1));
    }
    va_end(ap);
    char *got = run(text, only, NULL);
    assert_string_equal(got, want.data ? want.data : "");
    free(got);
    mt_buf_free(&want);
}

static void expect_msg(const char *text, const char *needle)
{
    char *msgs = NULL;
    char *got = run(text, NULL, &msgs);
    if (!msgs || !strstr(msgs, needle))
        fail_msg("no message contains: %s", needle);
    free(msgs);
    free(got);
}

/* ---- rule table ---- */

static void test_rules(void **state)
{
    (void)state;
    size_t n = 0;
    const mt_rule *r = k8s_netpol_rules(&n);
    assert_int_equal(n, 4);
    static const char *const ids[] = {"KS3001", "KS3002", "KS3003", "KS3004"};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r[i].id, ids[i]);
        assert_string_equal(r[i].type, "kubernetes");
        assert_true(r[i].severity > MT_SEV_UNKNOWN);
        assert_non_null(r[i].title);
        assert_non_null(r[i].description);
        assert_non_null(r[i].remediation);
    }
    assert_true(mt_rule_matches(&r[2], "non-isolated-pod"));
    assert_true(mt_rule_matches(&r[2], "pod-networkpolicy"));
    assert_true(mt_rule_matches(&r[0], "MissingDefaultDenyIngressNetworkPolicy"));
    assert_true(mt_rule_matches(&r[1], "MissingDefaultDenyEgressNetworkPolicy"));
}

/* ---- default deny (KS3001, KS3002) ---- */

#define NS_PROD                                                                                  \
    "apiVersion: v1\n"                                                                           \
    "kind: Namespace  # ns\n"                                                                    \
    "metadata:\n"                                                                                \
    "  name: prod\n"

#define DEPLOY(name, ns, label)                                                                  \
    "apiVersion: apps/v1\n"                                                                      \
    "kind: Deployment  # " name "\n"                                                             \
    "metadata:\n"                                                                                \
    "  name: " name "\n"                                                                         \
    "  namespace: " ns "\n"                                                                      \
    "spec:\n"                                                                                    \
    "  template:\n"                                                                              \
    "    metadata:\n"                                                                            \
    "      labels:\n"                                                                            \
    "        app: " label "\n"                                                                   \
    "    spec:\n"                                                                                \
    "      containers:\n"                                                                        \
    "      - name: c\n"                                                                          \
    "        image: nginx:1.25\n"

static void test_deny_both_clean(void **state)
{
    (void)state;
    static const char y[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n"
                                    "apiVersion: networking.k8s.io/v1\n"
                                    "kind: NetworkPolicy\n"
                                    "metadata:\n"
                                    "  name: default-deny\n"
                                    "  namespace: prod\n"
                                    "spec:\n"
                                    "  podSelector: {}\n"
                                    "  policyTypes: [Ingress, Egress]\n";
    expect(y, NULL, NULL);
}

static void test_deny_ingress_only(void **state)
{
    (void)state;
    static const char y[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n"
                                    "apiVersion: networking.k8s.io/v1\n"
                                    "kind: NetworkPolicy\n"
                                    "metadata:\n"
                                    "  name: deny-in\n"
                                    "  namespace: prod\n"
                                    "spec:\n"
                                    "  podSelector:\n"
                                    "    matchLabels: {}\n"
                                    "  policyTypes:\n"
                                    "  - Ingress\n"
                                    "  ingress: []\n";
    /* ingress denied: the workload is isolated, so no KS3003 either */
    expect(y, NULL, "KS3002:# ns", NULL);
    expect_msg(y, "namespace \"prod\" has no NetworkPolicy that denies all egress by default "
                  "(1 workload; 1 may send egress to any destination)");
}

static void test_no_policy(void **state)
{
    (void)state;
    /* no Namespace object: located at the first workload in name order */
    static const char y[] = DEPLOY("zeta", "shop", "z") "---\n" DEPLOY("alpha", "shop", "a");
    expect(y, NULL, "KS3001:# alpha", "KS3002:# alpha", "KS3003:# alpha", "KS3003:# zeta", NULL);
    expect_msg(y, "namespace \"shop\" has no NetworkPolicy that denies all ingress by default "
                  "(2 workloads; 2 accept ingress from any source)");
    expect_msg(y, "Deployment \"zeta\" in namespace \"shop\" is not selected by any NetworkPolicy");
}

static void test_namespace_without_workloads(void **state)
{
    (void)state;
    static const char y[] = NS_PROD "---\n"
                                    "apiVersion: networking.k8s.io/v1\n"
                                    "kind: NetworkPolicy\n"
                                    "metadata:\n"
                                    "  name: web\n"
                                    "  namespace: prod\n"
                                    "spec:\n"
                                    "  podSelector:\n"
                                    "    matchLabels: {app: web}\n";
    expect(y, NULL, NULL);
}

#define POLICY_HEAD(name)                                                                        \
    "apiVersion: networking.k8s.io/v1\n"                                                         \
    "kind: NetworkPolicy\n"                                                                      \
    "metadata:\n"                                                                                \
    "  name: " name "\n"                                                                         \
    "  namespace: prod\n"                                                                        \
    "spec:\n"

static void test_policy_types_absent(void **state)
{
    (void)state;
    /* no policyTypes, no rules: Ingress implied, Egress not */
    static const char y1[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("p")
                                     "  podSelector: {}\n"
                                     "  egress: []\n";
    expect(y1, NULL, "KS3002:# ns", NULL);
    /* policyTypes: [] is the same as absent */
    static const char y2[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("p")
                                     "  podSelector: {}\n"
                                     "  policyTypes: []\n";
    expect(y2, NULL, "KS3002:# ns", NULL);
    /* no policyTypes, egress rules: both types, ingress denied, egress
     * allowed to 10.0.0.0/8 only (no KS3004) */
    static const char y3[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("p")
                                     "  podSelector: {}\n"
                                     "  egress:\n"
                                     "  - to:\n"
                                     "    - ipBlock:\n"
                                     "        cidr: 10.0.0.0/8\n";
    expect(y3, NULL, "KS3002:# ns", NULL);
    /* Egress only, explicitly: egress denied, ingress not */
    static const char y4[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("p")
                                     "  podSelector: {}\n"
                                     "  policyTypes: [Egress]\n";
    expect(y4, NULL, "KS3001:# ns", NULL);
    /* an empty-selector policy with ingress rules is no default deny */
    static const char y5[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("p")
                                     "  podSelector: {}\n"
                                     "  policyTypes: [Ingress, Egress]\n"
                                     "  ingress:\n"
                                     "  - from:\n"
                                     "    - podSelector: {}\n";
    expect(y5, NULL, "KS3001:# ns", NULL);
}

static void test_default_deny_undone(void **state)
{
    (void)state;
    static const char y[] = NS_PROD "---\n" DEPLOY("web", "prod", "web") "---\n" POLICY_HEAD("deny")
                                    "  podSelector: {}\n"
                                    "  policyTypes: [Ingress, Egress]\n"
                                    "---\n" POLICY_HEAD("allow-in")
                                    "  podSelector: {}\n"
                                    "  ingress:\n"
                                    "  - {}\n";
    /* ingress is open for every pod, egress still denied: KS3001 only */
    expect(y, NULL, "KS3001:# ns", NULL);
    expect_msg(y, "the default-deny ingress of NetworkPolicy \"deny\" is undone by "
                  "NetworkPolicy \"allow-in\", which allows all ingress to every pod "
                  "(1 workload; 1 accepts ingress from any source)");
}

/* ---- selection (KS3003) ---- */

#define POD(name, labels)                                                                        \
    "apiVersion: v1\n"                                                                           \
    "kind: Pod  # " name "\n"                                                                    \
    "metadata:\n"                                                                                \
    "  name: " name "\n"                                                                         \
    "  namespace: prod\n"                                                                        \
    "  labels: " labels "\n"                                                                     \
    "spec:\n"                                                                                    \
    "  containers: [{name: c, image: x}]\n"

/* Pods p-web (tier=web), p-api (tier=api), p-db (tier=db, env=prod),
 * p-none (no labels), p-empty (tier: null) and one policy with the given
 * pod selector that restricts ingress. */
#define PODS                                                                                     \
    POD("p-web", "{tier: web, env: dev}") "---\n" POD("p-api", "{tier: api}") "---\n"            \
    POD("p-db", "{tier: db, env: prod}") "---\n" POD("p-none", "{}") "---\n"                     \
    POD("p-empty", "{tier: }") "---\n"
#define SEL_POLICY(sel)                                                                          \
    PODS POLICY_HEAD("sel") "  podSelector:\n" sel "  policyTypes: [Ingress]\n"                  \
                            "  ingress:\n"                                                       \
                            "  - from: [{podSelector: {}}]\n"

static void test_selectors(void **state)
{
    (void)state;
    static const char ml[] = SEL_POLICY("    matchLabels: {tier: web}\n");
    expect(ml, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none",
           NULL);
    static const char in[] = SEL_POLICY("    matchExpressions:\n"
                                        "    - {key: tier, operator: In, values: [web, api]}\n");
    expect(in, "KS3003", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none", NULL);
    /* NotIn also selects pods without the key */
    static const char notin[] = SEL_POLICY("    matchExpressions:\n"
                                           "    - {key: env, operator: NotIn, values: [prod]}\n");
    expect(notin, "KS3003", "KS3003:# p-db", NULL);
    /* Exists: a key with an empty value exists */
    static const char ex[] = SEL_POLICY("    matchExpressions:\n"
                                        "    - {key: tier, operator: Exists}\n");
    expect(ex, "KS3003", "KS3003:# p-none", NULL);
    static const char nex[] = SEL_POLICY("    matchExpressions:\n"
                                         "    - key: tier\n"
                                         "      operator: DoesNotExist\n");
    expect(nex, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-web",
           NULL);
    /* matchLabels and expressions are ANDed */
    static const char both[] = SEL_POLICY("    matchLabels: {env: prod}\n"
                                          "    matchExpressions:\n"
                                          "    - {key: tier, operator: In, values: [db, web]}\n");
    expect(both, "KS3003", "KS3003:# p-api", "KS3003:# p-empty", "KS3003:# p-none",
           "KS3003:# p-web", NULL);
    /* the empty value is matched as "" */
    static const char emptyval[] = SEL_POLICY("    matchLabels: {tier: \"\"}\n");
    expect(emptyval, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-none",
           "KS3003:# p-web", NULL);
    /* empty selectors select every pod of the namespace */
    static const char empty1[] = SEL_POLICY("    matchLabels: {}\n    matchExpressions: []\n");
    expect(empty1, "KS3003", NULL);
    static const char empty2[] = PODS POLICY_HEAD("sel") "  ingress:\n"
                                                         "  - from: [{podSelector: {}}]\n";
    expect(empty2, "KS3003", NULL);
}

static void test_invalid_selectors(void **state)
{
    (void)state;
    /* selectors the API server refuses: the policy does not exist */
    static const char *const bad[] = {
        SEL_POLICY("    matchExpressions:\n    - {key: tier, operator: Like, values: [web]}\n"),
        SEL_POLICY("    matchExpressions:\n    - {key: tier, operator: In, values: []}\n"),
        SEL_POLICY("    matchExpressions:\n    - {key: tier, operator: Exists, values: [web]}\n"),
        SEL_POLICY("    matchLabels: [tier]\n"),
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++)
        expect(bad[i], "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty",
               "KS3003:# p-none", "KS3003:# p-web", NULL);
}

static void test_other_namespace(void **state)
{
    (void)state;
    /* a default deny in "other" does not select pods of "prod" */
    static const char y[] = DEPLOY("web", "prod", "web") "---\n"
                            "apiVersion: networking.k8s.io/v1\n"
                            "kind: NetworkPolicy\n"
                            "metadata:\n"
                            "  name: deny\n"
                            "  namespace: other\n"
                            "spec:\n"
                            "  podSelector: {}\n"
                            "  policyTypes: [Ingress, Egress]\n";
    expect(y, NULL, "KS3001:# web", "KS3002:# web", "KS3003:# web", NULL);
    /* no namespace means "default" */
    static const char y2[] = DEPLOY("web", "default", "web") "---\n"
                             "apiVersion: networking.k8s.io/v1\n"
                             "kind: NetworkPolicy\n"
                             "metadata:\n"
                             "  name: deny\n"
                             "spec:\n"
                             "  podSelector: {}\n"
                             "  policyTypes: [Ingress, Egress]\n";
    expect(y2, NULL, NULL);
    /* a Calico NetworkPolicy is not a Kubernetes one */
    static const char y3[] = DEPLOY("web", "default", "web") "---\n"
                             "apiVersion: projectcalico.org/v3\n"
                             "kind: NetworkPolicy\n"
                             "metadata:\n"
                             "  name: deny\n"
                             "spec:\n"
                             "  podSelector: {}\n"
                             "  policyTypes: [Ingress, Egress]\n";
    expect(y3, NULL, "KS3001:# web", "KS3002:# web", "KS3003:# web", NULL);
}

static void test_cronjob_and_owners(void **state)
{
    (void)state;
    static const char y[] =
        "apiVersion: batch/v1\n"
        "kind: CronJob  # cron-good\n"
        "metadata: {name: cron-good, namespace: prod}\n"
        "spec:\n"
        "  schedule: '* * * * *'\n"
        "  jobTemplate:\n"
        "    spec:\n"
        "      template:\n"
        "        metadata:\n"
        "          labels: {app: cron}\n"
        "        spec: {containers: [{name: c, image: x}]}\n"
        "---\n"
        "apiVersion: batch/v1\n"
        "kind: CronJob  # cron-bad\n"
        "metadata: {name: cron-bad, namespace: prod}\n"
        "spec:\n"
        "  template:\n"
        "    metadata:\n"
        "      labels: {app: cron}\n"
        "  jobTemplate:\n"
        "    spec:\n"
        "      template:\n"
        "        metadata:\n"
        "          labels: {app: other}\n"
        "        spec: {containers: [{name: c, image: x}]}\n"
        "---\n"
        "apiVersion: batch/v1\n"
        "kind: Job  # job-owned\n"
        "metadata:\n"
        "  name: job-owned\n"
        "  namespace: prod\n"
        "  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: cron-bad, uid: x}]\n"
        "spec:\n"
        "  template:\n"
        "    metadata: {labels: {app: other}}\n"
        "    spec: {containers: [{name: c, image: x}]}\n"
        "---\n"
        "apiVersion: v1\n"
        "kind: Pod  # pod-orphan\n"
        "metadata:\n"
        "  name: pod-orphan\n"
        "  namespace: prod\n"
        "  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: gone, uid: y}]\n"
        "spec: {containers: [{name: c, image: x}]}\n"
        "---\n" POLICY_HEAD("cron") "  podSelector: {matchLabels: {app: cron}}\n"
        "  policyTypes: [Egress]\n"
        "  egress:\n"
        "  - to: [{namespaceSelector: {}}]\n";
    /* cron-good is selected through jobTemplate labels; cron-bad's
     * spec.template is not its pod template; the Job is cron-bad's */
    expect(y, "KS3003", "KS3003:# cron-bad", "KS3003:# pod-orphan", NULL);
}

static void test_allow_all_policies(void **state)
{
    (void)state;
    /* selected only by a policy allowing all ingress: still open */
    static const char y1[] = PODS POLICY_HEAD("open") "  podSelector: {matchLabels: {tier: web}}\n"
                                                      "  ingress:\n"
                                                      "  - {}\n";
    expect(y1, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none",
           "KS3003:# p-web", NULL);
    expect_msg(y1, "Pod \"p-web\" in namespace \"prod\" is selected only by NetworkPolicies that "
                   "allow all of its traffic (\"open\")");
    /* ... unless another policy restricts its egress */
    static const char y2[] = PODS POLICY_HEAD("open") "  podSelector: {matchLabels: {tier: web}}\n"
                                                      "  ingress:\n"
                                                      "  - {}\n"
                                                      "---\n" POLICY_HEAD("eg")
                                                      "  podSelector: {matchLabels: {tier: web}}\n"
                                                      "  policyTypes: [Egress]\n";
    expect(y2, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none",
           NULL);
    /* a rule with ports only is no allow-all rule */
    static const char y3[] = PODS POLICY_HEAD("ports") "  podSelector: {matchLabels: {tier: web}}\n"
                                                       "  ingress:\n"
                                                       "  - ports: [{port: 8080}]\n";
    expect(y3, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none",
           NULL);
    /* restricting ingress only is enough to count as isolated */
    static const char y4[] = PODS POLICY_HEAD("both") "  podSelector: {matchLabels: {tier: web}}\n"
                                                      "  policyTypes: [Ingress, Egress]\n"
                                                      "  egress:\n"
                                                      "  - {}\n";
    expect(y4, "KS3003", "KS3003:# p-api", "KS3003:# p-db", "KS3003:# p-empty", "KS3003:# p-none",
           NULL);
}

/* ---- metadata egress (KS3004) ---- */

#define EGRESS_POLICY(rules)                                                                     \
    POLICY_HEAD("eg") "  podSelector: {}\n"                                                      \
                      "  policyTypes: [Egress]\n"                                                \
                      "  egress:\n" rules

static void test_metadata_cidrs(void **state)
{
    (void)state;
    static const char clean[] =
        EGRESS_POLICY("  - to:\n"
                      "    - ipBlock:\n"
                      "        cidr: 0.0.0.0/0\n"
                      "        except: [169.254.169.254/32]\n"
                      "  - to:\n"
                      "    - ipBlock:\n"
                      "        cidr: 0.0.0.0/0\n"
                      "        except: [10.0.0.0/8, 169.254.0.0/16]\n"
                      "  - to:\n"
                      "    - ipBlock: {cidr: 170.0.0.0/8}\n"
                      "    - ipBlock: {cidr: 169.254.169.255/32}\n"
                      "    - ipBlock: {cidr: 169.254.169.0/25}\n"
                      "    - ipBlock: {cidr: '2001:db8::/32'}\n"
                      "    - ipBlock: {cidr: '::/0', except: ['fd00:ec2::/32']}\n"
                      "    - ipBlock: {cidr: 169.254.1.1/16, except: [169.254.169.1/24]}\n"
                      "    - ipBlock: {cidr: 0.0.0.0}\n"
                      "    - ipBlock: {cidr: 300.0.0.0/8}\n"
                      "    - ipBlock: {cidr: 0.0.0.0/33}\n"
                      "    - ipBlock: {cidr: '::/129'}\n"
                      "    - podSelector: {}\n"
                      "      namespaceSelector: {}\n");
    expect(clean, "KS3004", NULL);
    static const char bad[] =
        EGRESS_POLICY("  - to:\n"
                      "    - ipBlock:\n"
                      "        cidr: 0.0.0.0/0  # ten\n"
                      "        except: [10.0.0.0/8, '::/0', bogus]\n"
                      "  - to:\n"
                      "    - ipBlock: {cidr: 160.0.0.0/4}  # slash4\n"
                      "    - ipBlock: {cidr: 169.254.169.254/32}  # exact\n"
                      "    - ipBlock: {cidr: 169.254.0.1/16, except: [169.254.170.0/24]}  # hostbits\n"
                      "    - ipBlock: {cidr: '::/0'}  # v6all\n"
                      "    - ipBlock: {cidr: 'fd00::/8', except: ['fd00:ec2::255/128']}  # v6ula\n"
                      "    - ipBlock: {cidr: 169.254.169.254/0}  # zero\n");
    expect(bad, "KS3004", "KS3004:# ten", "KS3004:# slash4", "KS3004:# exact", "KS3004:# hostbits",
           "KS3004:# v6all", "KS3004:# v6ula", "KS3004:# zero", NULL);
    expect_msg(bad, "NetworkPolicy \"eg\" allows egress to 0.0.0.0/0, which contains the cloud "
                    "metadata address 169.254.169.254, and no `except` entry covers it");
    expect_msg(bad, "allows egress to ::/0, which contains the cloud metadata address "
                    "fd00:ec2::254");
}

static void test_metadata_ports_and_empty_to(void **state)
{
    (void)state;
    static const char clean[] =
        EGRESS_POLICY("  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n"
                      "    ports: [{port: 443}, {protocol: UDP, port: 80}]\n"
                      "  - ports:\n"
                      "    - {protocol: UDP, port: 53}\n"
                      "    - {protocol: TCP, port: 53}\n"
                      "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n"
                      "    ports: [{port: 81, endPort: 1024}, {protocol: SCTP}]\n");
    expect(clean, "KS3004", NULL);
    static const char bad[] =
        EGRESS_POLICY("  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]  # p80\n"
                      "    ports: [{port: 443}, {port: 80}]\n"
                      "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]  # range\n"
                      "    ports: [{protocol: TCP, port: 1, endPort: 1024}]\n"
                      "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]  # named\n"
                      "    ports: [{port: http}]\n"
                      "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]  # anyport\n"
                      "    ports: [{protocol: TCP}]\n"
                      "  - {}  # allowall\n"
                      "  - to: []  # emptyto\n"
                      "  - ports: [{port: 80}]  # portonly\n");
    expect(bad, "KS3004", "KS3004:# p80", "KS3004:# range", "KS3004:# named", "KS3004:# anyport",
           "KS3004:egress:", "KS3004:# emptyto", "KS3004:# portonly", NULL);
    expect_msg(bad, "egress rule 5 of NetworkPolicy \"eg\" has no `to`: it allows every "
                    "destination");
    /* egress rules of a policy without the Egress type are ignored */
    static const char ingress_only[] =
        POLICY_HEAD("in") "  podSelector: {}\n"
                          "  policyTypes: [Ingress]\n"
                          "  egress:\n"
                          "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n"
                          "  - {}\n";
    expect(ingress_only, "KS3004", NULL);
    /* with policyTypes absent, egress rules imply Egress */
    static const char implied[] = POLICY_HEAD("imp") "  podSelector: {}\n"
                                                     "  egress:\n"
                                                     "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]  # imp\n";
    expect(implied, "KS3004", "KS3004:# imp", NULL);
}

/* ---- threads and order ---- */

#define NFILES 12
static char *files_text[NFILES];
static char files_name[NFILES][16];

static void make_files(void)
{
    static const char *const nss[] = {"alpha", "beta", "gamma"};
    for (int f = 0; f < NFILES; f++) {
        const char *ns = nss[f % 3];
        mt_buf b;
        mt_buf_init(&b);
        snprintf(files_name[f], sizeof(files_name[f]), "f%02d.yaml", f);
        for (int d = 0; d < 4; d++) {
            if (d)
                mt_buf_puts(&b, "---\n");
            mt_buf_printf(&b,
                          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w%d-%d\n"
                          "  namespace: %s\nspec:\n  template:\n    metadata:\n      labels:\n"
                          "        app: a%d\n        tier: t%d\n",
                          f, d, ns, d, f % 4);
        }
        if (f % 4 == 1)
            mt_buf_printf(&b,
                          "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
                          "  name: np%d\n  namespace: %s\nspec:\n  podSelector:\n"
                          "    matchExpressions: [{key: app, operator: In, values: [a%d, a1]}]\n"
                          "  policyTypes: [Ingress, Egress]\n  egress:\n"
                          "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n",
                          f, ns, f % 4);
        if (f == 5)
            mt_buf_printf(&b, "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n",
                          ns);
        if (f == 6)
            mt_buf_printf(&b,
                          "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                          "metadata:\n  name: deny\n  namespace: %s\nspec:\n  podSelector: {}\n"
                          "  policyTypes: [Ingress]\n",
                          ns);
        files_text[f] = mt_buf_steal(&b);
    }
}

typedef struct thread_arg {
    k8s_netpol *p;
    int t, nthreads;
} thread_arg;

static void *add_files(void *ud)
{
    thread_arg *a = ud;
    /* odd threads walk their files backwards */
    for (int i = 0; i < NFILES; i++) {
        int f = a->t % 2 ? NFILES - 1 - i : i;
        if (f % a->nthreads == a->t)
            add_yaml(a->p, files_name[f], files_text[f]);
    }
    return NULL;
}

static char *finish_all(k8s_netpol *p)
{
    rec r = {0};
    mt_buf_init(&r.ids);
    mt_buf_init(&r.msgs);
    k8s_netpol_finish(p, record, &r);
    k8s_netpol_free(p);
    mt_buf_free(&r.ids);
    return mt_buf_steal(&r.msgs);
}

static void test_threads_same_result(void **state)
{
    (void)state;
    make_files();
    k8s_netpol *p = k8s_netpol_new();
    for (int f = 0; f < NFILES; f++)
        add_yaml(p, files_name[f], files_text[f]);
    char *ref = finish_all(p);
    printf("%s", ref);
    /* what the reference holds: alpha (files 0, 3, 6, 9) has a default
     * deny for ingress (f06) only; gamma's Namespace object is in f05;
     * np1/np5/np9 restrict egress to 0.0.0.0/0 for app=a1 pods (so 12 of
     * 16 workloads per namespace stay open) and each gives one KS3004;
     * beta and gamma have 12 unselected workloads each. */
    assert_non_null(strstr(ref, "KS3002 f00.yaml:2:7 namespace \"alpha\" has no NetworkPolicy "
                                "that denies all egress by default (16 workloads; 12 may send "
                                "egress to any destination)"));
    assert_null(strstr(ref, "KS3001 f00.yaml"));
    assert_non_null(strstr(ref, "KS3001 f05.yaml:62:7 namespace \"gamma\""));
    assert_non_null(strstr(ref, "KS3004 f01.yaml:59:27 NetworkPolicy \"np1\""));
    assert_non_null(strstr(ref, "KS3003 f10.yaml:2:7 Deployment \"w10-0\""));
    assert_null(strstr(ref, "\"w10-1\"")); /* app=a1: selected by np1 */
    size_t lines = 0;
    for (const char *q = ref; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 2 + 15 + 15);

    /* backwards, one thread */
    p = k8s_netpol_new();
    for (int f = NFILES - 1; f >= 0; f--)
        add_yaml(p, files_name[f], files_text[f]);
    char *rev = finish_all(p);
    assert_string_equal(rev, ref);
    free(rev);

    for (int round = 0; round < 20; round++) {
        int nthreads = 2 + round % 4;
        p = k8s_netpol_new();
        pthread_t tids[8];
        thread_arg args[8];
        for (int t = 0; t < nthreads; t++) {
            args[t] = (thread_arg){p, t, nthreads};
            assert_int_equal(pthread_create(&tids[t], NULL, add_files, &args[t]), 0);
        }
        for (int t = 0; t < nthreads; t++)
            pthread_join(tids[t], NULL);
        char *got = finish_all(p);
        assert_string_equal(got, ref);
        free(got);
    }
    free(ref);
    for (int f = 0; f < NFILES; f++)
        free(files_text[f]);
}

static void test_empty_set(void **state)
{
    (void)state;
    k8s_netpol *p = k8s_netpol_new();
    rec r = {0};
    mt_buf_init(&r.ids);
    mt_buf_init(&r.msgs);
    k8s_netpol_finish(p, record, &r);
    assert_int_equal(r.ids.len, 0);
    k8s_netpol_free(p);
    k8s_netpol_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_deny_both_clean),
        cmocka_unit_test(test_deny_ingress_only),
        cmocka_unit_test(test_no_policy),
        cmocka_unit_test(test_namespace_without_workloads),
        cmocka_unit_test(test_policy_types_absent),
        cmocka_unit_test(test_default_deny_undone),
        cmocka_unit_test(test_selectors),
        cmocka_unit_test(test_invalid_selectors),
        cmocka_unit_test(test_other_namespace),
        cmocka_unit_test(test_cronjob_and_owners),
        cmocka_unit_test(test_allow_all_policies),
        cmocka_unit_test(test_metadata_cidrs),
        cmocka_unit_test(test_metadata_ports_and_empty_to),
        cmocka_unit_test(test_threads_same_result),
        cmocka_unit_test(test_empty_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
