/* test_wl_rules.c — unit tests of the workload rules (workload/wl.h,
 * wl_check): models are built by hand for each source (pod spec, Compose
 * service, docker run), starting from a hardened workload that no rule
 * reports; each test then weakens one setting and checks exactly which
 * rules fire, where, and what the message names. Also checks the rule
 * table (IDs in order, aliases, one docs/rules/ID.md page per rule whose
 * title and severity match). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "workload/wl.h"

#include "arena_fixture.h"

/* ---- collecting findings ---- */

#define MAX_HITS 256

typedef struct hit {
    char id[16];
    wl_loc loc;
    char msg[1024];
} hit;

static hit hits[MAX_HITS];
static int nhits;

static void collect(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    (void)ud;
    assert_true(nhits < MAX_HITS);
    hit *h = &hits[nhits++];
    snprintf(h->id, sizeof(h->id), "%s", rule->id);
    h->loc = loc;
    snprintf(h->msg, sizeof(h->msg), "%s", msg);
}

static void run(const wl_workload *w)
{
    nhits = 0;
    wl_check(w, collect, NULL);
}

static int count(const char *id)
{
    int n = 0;
    for (int i = 0; i < nhits; i++)
        n += !strcmp(hits[i].id, id);
    return n;
}

/* The k-th finding of rule id (0-based); fails the test when absent. */
static const hit *nth(const char *id, int k)
{
    for (int i = 0; i < nhits; i++) {
        if (!strcmp(hits[i].id, id) && k-- == 0)
            return &hits[i];
    }
    fail_msg("no finding %s", id);
    return NULL;
}

static const hit *the(const char *id)
{
    assert_int_equal(count(id), 1);
    return nth(id, 0);
}

/* Asserts the set of rules that fired is exactly the NULL-terminated list
 * (each at least once, nothing else). */
static void only(const char *first, ...)
{
    const char *want[64];
    int n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        want[n++] = s;
    va_end(ap);
    for (int i = 0; i < nhits; i++) {
        bool ok = false;
        for (int k = 0; k < n && !ok; k++)
            ok = !strcmp(hits[i].id, want[k]);
        if (!ok)
            fail_msg("unexpected %s at %d: %s", hits[i].id, hits[i].loc.line, hits[i].msg);
    }
    for (int k = 0; k < n; k++) {
        if (!count(want[k]))
            fail_msg("expected %s", want[k]);
    }
}

static void none(void)
{
    for (int i = 0; i < nhits; i++)
        print_error("  %s @%d: %s\n", hits[i].id, hits[i].loc.line, hits[i].msg);
    assert_int_equal(nhits, 0);
}

#define assert_has(s, sub)                                                                         \
    do {                                                                                           \
        if (!strstr((s), (sub)))                                                                   \
            fail_msg("\"%s\" does not contain \"%s\"", (s), (sub));                                \
    } while (0)

/* ---- building hardened models ---- */

static wl_loc L(int line)
{
    return (wl_loc){line, 3};
}

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A container no rule reports; lines line..line+9 hold its fields. */
static wl_container *good_ct(mt_arena *a, wl_workload *w, const char *role, const char *name,
                             int line)
{
    wl_container *ct = wl_container_new(a, w, role);
    ct->name = name;
    ct->loc = L(line);
    ct->sc_loc = L(line + 1);
    ct->image = (wl_str){"registry.example.com/team/web:1.4.2@" DIGEST, L(line + 2)};
    ct->allow_priv_esc = WL_FALSE;
    ct->allow_priv_esc_loc = L(line + 3);
    ct->read_only_root = WL_TRUE;
    ct->read_only_root_loc = L(line + 4);
    mt_vec_push(&ct->cap_drop, wl_str_new(a, "ALL", L(line + 5)));
    if (w->source == WL_SRC_POD) {
        ct->run_as_non_root = WL_TRUE;
        ct->run_as_non_root_loc = L(line + 6);
        ct->seccomp = (wl_str){"RuntimeDefault", L(line + 7)};
    } else {
        ct->user = (wl_str){"10001:10001", L(line + 6)};
        ct->has_run_as_user = true;
        ct->run_as_user = 10001;
        ct->run_as_user_loc = L(line + 6);
    }
    ct->has_resources_block = true;
    ct->resources_loc = L(line + 8);
    ct->res.cpu_request = (wl_str){"100m", L(line + 9)};
    ct->res.mem_request = (wl_str){"64Mi", L(line + 9)};
    ct->res.cpu_limit = (wl_str){"500m", L(line + 9)};
    ct->res.mem_limit = (wl_str){"128Mi", L(line + 9)};
    ct->res.ephemeral_limit = (wl_str){"1Gi", L(line + 9)};
    ct->res.pids_limit = (wl_str){"200", L(line + 9)};
    ct->has_liveness = ct->has_readiness = true;
    return ct;
}

static wl_workload *good_pod(mt_arena *a)
{
    wl_workload *w = wl_workload_new(a, WL_SRC_POD);
    w->kind = "Deployment";
    w->name = "shop";
    w->loc = L(1);
    w->spec_loc = L(5);
    w->automount_token = WL_FALSE;
    w->automount_token_loc = L(6);
    w->service_account = (wl_str){"shop", L(7)};
    good_ct(a, w, "container", "web", 10);
    return w;
}

static wl_workload *good_compose(mt_arena *a)
{
    wl_workload *w = wl_workload_new(a, WL_SRC_COMPOSE);
    w->kind = "service";
    w->name = "web";
    w->loc = L(2);
    w->spec_loc = L(2);
    good_ct(a, w, "service", "web", 3);
    return w;
}

static wl_workload *good_docker(mt_arena *a)
{
    wl_workload *w = wl_workload_new(a, WL_SRC_DOCKER_RUN);
    w->kind = "docker run";
    w->loc = L(1);
    w->spec_loc = L(1);
    wl_container *ct = good_ct(a, w, "docker run", NULL, 1);
    (void)ct;
    return w;
}

static wl_container *first(wl_workload *w)
{
    return w->containers.items[0];
}

/* ---- the rule table and its docs ---- */

static void repo_path(char *out, size_t n, const char *rel)
{
    mt_dirname(__FILE__, out, n); /* tests/unit */
    size_t k = strlen(out);
    snprintf(out + k, n - k, "/../../%s", rel);
}

static void test_rule_table(void **state)
{
    (void)state;
    size_t n;
    const mt_rule *r = wl_rules(&n);
    assert_int_equal(n, 37);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof(id), "WL%zu", 1001 + i);
        assert_string_equal(r[i].id, id);
        assert_string_equal(r[i].type, "workload");
        assert_true(r[i].title && *r[i].title && r[i].description && *r[i].description &&
                    r[i].remediation && *r[i].remediation);
        assert_true(r[i].severity >= MT_SEV_INFO && r[i].severity <= MT_SEV_CRITICAL);
        assert_true(mt_rule_matches(&r[i], id));

        /* its page exists, with the same title and severity */
        char rel[64], path[1024], *doc = NULL;
        size_t len;
        const char *err;
        snprintf(rel, sizeof(rel), "docs/rules/%s.md", id);
        repo_path(path, sizeof(path), rel);
        if (mt_read_file(path, 1 << 20, &doc, &len, &err) != 0)
            fail_msg("%s: %s", path, err);
        char head[256], sev[64];
        snprintf(head, sizeof(head), "# %s — %s\n", id, r[i].title);
        snprintf(sev, sizeof(sev), "- **Severity:** %s", mt_severity_name(r[i].severity));
        if (strncmp(doc, head, strlen(head)) != 0)
            fail_msg("%s does not start with \"%s\"", path, head);
        assert_has(doc, sev);
        assert_has(doc, "## Bad");
        assert_has(doc, "## Good");
        assert_has(doc, "(README.md)");
        for (int k = 0; k < MT_MAX_ALIASES && r[i].aliases[k]; k++)
            assert_has(doc, r[i].aliases[k]);
        free(doc);
    }
}

static void test_hardened_models_are_clean(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    good_ct(a, w, "initContainer", "migrate", 30);
    good_ct(a, w, "ephemeralContainer", "debug", 50);
    run(w);
    none();
    wl_workload_free(w);

    w = good_compose(a);
    run(w);
    none();
    wl_workload_free(w);

    w = good_docker(a);
    run(w);
    none();
    wl_workload_free(w);
}

/* ---- privileges ---- */

static void test_privileged(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    first(w)->privileged = WL_FALSE;
    run(w);
    none();
    first(w)->privileged = WL_TRUE;
    first(w)->privileged_loc = L(42);
    run(w);
    only("WL1001", NULL);
    assert_int_equal(the("WL1001")->loc.line, 42);
    assert_string_equal(the("WL1001")->msg,
                        "container \"web\" runs privileged (securityContext.privileged: true)");
    wl_workload_free(w);

    w = good_compose(a);
    first(w)->privileged = WL_TRUE;
    run(w);
    assert_string_equal(the("WL1001")->msg, "service \"web\" runs privileged (privileged: true)");
    wl_workload_free(w);

    w = good_docker(a);
    first(w)->privileged = WL_TRUE;
    run(w);
    assert_string_equal(the("WL1001")->msg, "docker run runs privileged (--privileged)");
    wl_workload_free(w);
}

static void test_privilege_escalation(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    ct->allow_priv_esc = WL_UNSET;
    run(w);
    only("WL1002", NULL);
    assert_int_equal(the("WL1002")->loc.line, ct->sc_loc.line);
    assert_has(the("WL1002")->msg, "allowPrivilegeEscalation is not set to false");

    ct->allow_priv_esc = WL_TRUE;
    run(w);
    assert_int_equal(the("WL1002")->loc.line, ct->allow_priv_esc_loc.line);
    assert_string_equal(the("WL1002")->msg,
                        "container \"web\" sets allowPrivilegeEscalation: true");
    wl_workload_free(w);

    /* Compose/docker: no no-new-privileges */
    w = good_compose(a);
    first(w)->allow_priv_esc = WL_UNSET;
    run(w);
    only("WL1002", NULL);
    assert_has(the("WL1002")->msg, "no-new-privileges");
    wl_workload_free(w);

    w = good_docker(a);
    first(w)->allow_priv_esc = WL_UNSET;
    run(w);
    assert_has(the("WL1002")->msg, "--security-opt no-new-privileges");
    wl_workload_free(w);
}

static void test_dangerous_caps(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    /* harmless additions, in every spelling */
    mt_vec_push(&ct->cap_add, wl_str_new(a, "NET_BIND_SERVICE", L(60)));
    mt_vec_push(&ct->cap_add, wl_str_new(a, "cap_chown", L(61)));
    mt_vec_push(&ct->cap_add, wl_str_new(a, "NET_RAW", L(62)));
    run(w);
    none();
    mt_vec_push(&ct->cap_add, wl_str_new(a, "CAP_sys_admin", L(63)));
    mt_vec_push(&ct->cap_add, wl_str_new(a, "all", L(64)));
    mt_vec_push(&ct->cap_add, wl_str_new(a, "SYS_PTRACE", L(65)));
    mt_vec_push(&ct->cap_add, wl_str_new(a, "CAP_SYS_ADMINX", L(66)));
    run(w);
    only("WL1003", NULL);
    assert_int_equal(count("WL1003"), 3);
    assert_int_equal(nth("WL1003", 0)->loc.line, 63);
    assert_has(nth("WL1003", 0)->msg, "container \"web\" adds capability CAP_sys_admin");
    assert_int_equal(nth("WL1003", 1)->loc.line, 64);
    assert_has(nth("WL1003", 1)->msg, "adds capability all (every capability)");
    assert_int_equal(nth("WL1003", 2)->loc.line, 65);
    wl_workload_free(w);

    w = good_compose(a);
    mt_vec_push(&first(w)->cap_add, wl_str_new(a, "NET_ADMIN", L(9)));
    run(w);
    assert_has(the("WL1003")->msg, "service \"web\" adds capability NET_ADMIN");
    wl_workload_free(w);
}

static void test_caps_not_dropped(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    /* "all" and "CAP_ALL" count as ALL */
    ((wl_str *)ct->cap_drop.items[0])->value = "all";
    run(w);
    none();
    ((wl_str *)ct->cap_drop.items[0])->value = "CAP_ALL";
    run(w);
    none();
    ((wl_str *)ct->cap_drop.items[0])->value = "NET_RAW";
    run(w);
    only("WL1004", NULL);
    assert_int_equal(the("WL1004")->loc.line, ct->sc_loc.line);
    assert_has(the("WL1004")->msg, "drops only some");
    ct->cap_drop.len = 0;
    run(w);
    assert_has(the("WL1004")->msg, "no capabilities.drop");
    wl_workload_free(w);

    w = good_docker(a);
    first(w)->cap_drop.len = 0;
    run(w);
    only("WL1004", NULL);
    assert_has(the("WL1004")->msg, "no --cap-drop");
    wl_workload_free(w);
}

/* ---- user ---- */

static void test_run_as_root_pod(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);

    /* nothing at either level */
    ct->run_as_non_root = WL_UNSET;
    run(w);
    only("WL1005", NULL);
    assert_int_equal(the("WL1005")->loc.line, ct->sc_loc.line);
    assert_string_equal(the("WL1005")->msg,
                        "container \"web\" may run as root: runAsNonRoot is not set and runAsUser "
                        "is not set");

    /* pod-level defaults apply to the container */
    w->run_as_non_root = WL_TRUE;
    w->run_as_non_root_loc = L(8);
    run(w);
    none();
    w->run_as_non_root = WL_UNSET;
    w->has_run_as_user = true;
    w->run_as_user = 1000;
    w->run_as_user_loc = L(9);
    run(w);
    none();

    /* ... and the container's own values override them */
    ct->run_as_non_root = WL_FALSE;
    ct->run_as_non_root_loc = L(70);
    w->run_as_non_root = WL_TRUE;
    w->has_run_as_user = false;
    run(w);
    only("WL1005", NULL);
    assert_int_equal(the("WL1005")->loc.line, 70);
    assert_has(the("WL1005")->msg, "runAsNonRoot is false and runAsUser is not set");

    /* runAsNonRoot false from the pod, no user */
    ct->run_as_non_root = WL_UNSET;
    w->run_as_non_root = WL_FALSE;
    run(w);
    assert_int_equal(the("WL1005")->loc.line, 8);
    assert_has(the("WL1005")->msg, "runAsNonRoot is false (pod)");

    /* container runAsUser 0 overrides the pod's 1000: both user rules */
    w->run_as_non_root = WL_UNSET;
    w->has_run_as_user = true;
    ct->has_run_as_user = true;
    ct->run_as_user = 0;
    ct->run_as_user_loc = L(71);
    run(w);
    only("WL1005", "WL1006", NULL);
    assert_int_equal(the("WL1005")->loc.line, 71);
    assert_has(the("WL1005")->msg, "runAsUser is 0");
    assert_string_equal(the("WL1006")->msg, "container \"web\" runs with runAsUser: 0");

    /* runAsNonRoot: true with a positive runAsUser at container level */
    ct->run_as_user = 10001;
    ct->run_as_non_root = WL_TRUE;
    run(w);
    none();
    wl_workload_free(w);
}

static void test_root_uid_pod_default(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *init = good_ct(a, w, "initContainer", "fix-perms", 30);
    w->has_run_as_user = true;
    w->run_as_user = 0;
    w->run_as_user_loc = L(9);
    /* init container overrides the pod's UID 0; web inherits it */
    init->has_run_as_user = true;
    init->run_as_user = 1000;
    init->run_as_user_loc = L(36);
    run(w);
    only("WL1006", NULL); /* web keeps runAsNonRoot: true, so WL1005 is quiet */
    assert_int_equal(the("WL1006")->loc.line, 9);
    assert_string_equal(the("WL1006")->msg,
                        "container \"web\" runs with runAsUser: 0 (from the pod securityContext)");
    wl_workload_free(w);
}

static void test_run_as_root_compose_docker(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_compose(a);
    wl_container *ct = first(w);

    /* no user: the image decides */
    ct->user.value = NULL;
    ct->has_run_as_user = false;
    run(w);
    only("WL1005", NULL);
    assert_int_equal(the("WL1005")->loc.line, ct->loc.line);
    assert_has(the("WL1005")->msg, "service \"web\" sets no user");

    /* a user name other than root is taken as non-root */
    ct->user = (wl_str){"app", L(40)};
    run(w);
    none();

    /* root by name or UID, as the front end records it or not */
    ct->user = (wl_str){"root", L(40)};
    ct->has_run_as_user = true;
    ct->run_as_user = 0;
    run(w);
    only("WL1005", "WL1006", NULL);
    assert_int_equal(the("WL1005")->loc.line, 40);
    assert_string_equal(the("WL1005")->msg, "service \"web\" runs as root (user: root)");
    assert_string_equal(the("WL1006")->msg, "service \"web\" sets user: root");

    ct->has_run_as_user = false;
    ct->user = (wl_str){"0:0", L(41)};
    run(w);
    only("WL1005", "WL1006", NULL);
    assert_int_equal(the("WL1006")->loc.line, 41);
    ct->user = (wl_str){"1000:0", L(41)};
    run(w);
    none();
    ct->user = (wl_str){"${UID}:${GID}", L(41)};
    run(w);
    none();
    wl_workload_free(w);

    w = good_docker(a);
    first(w)->user = (wl_str){"0", L(1)};
    first(w)->run_as_user = 0;
    run(w);
    only("WL1005", "WL1006", NULL);
    assert_string_equal(the("WL1006")->msg, "docker run sets --user 0");
    wl_workload_free(w);
}

static void test_writable_rootfs(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    ct->read_only_root = WL_UNSET;
    run(w);
    only("WL1007", NULL);
    assert_int_equal(the("WL1007")->loc.line, ct->sc_loc.line);
    assert_has(the("WL1007")->msg, "readOnlyRootFilesystem is not set to true");
    ct->read_only_root = WL_FALSE;
    run(w);
    assert_int_equal(the("WL1007")->loc.line, ct->read_only_root_loc.line);
    assert_string_equal(the("WL1007")->msg, "container \"web\" sets readOnlyRootFilesystem: false");
    wl_workload_free(w);

    w = good_compose(a);
    first(w)->read_only_root = WL_UNSET;
    run(w);
    assert_has(the("WL1007")->msg, "read_only is not set");
    wl_workload_free(w);
}

/* ---- host namespaces and ports ---- */

static void test_host_namespaces(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    w->host_network = w->host_pid = w->host_ipc = w->host_users = WL_FALSE;
    run(w);
    none();
    w->host_network = WL_TRUE;
    w->host_network_loc = L(20);
    w->host_pid = WL_TRUE;
    w->host_pid_loc = L(21);
    w->host_ipc = WL_TRUE;
    w->host_ipc_loc = L(22);
    w->host_users = WL_TRUE;
    w->host_users_loc = L(23);
    run(w);
    only("WL1008", "WL1009", "WL1010", "WL1011", NULL);
    assert_int_equal(the("WL1008")->loc.line, 20);
    assert_string_equal(
        the("WL1008")->msg,
        "Deployment \"shop\" shares the host network namespace (hostNetwork: true)");
    assert_int_equal(the("WL1009")->loc.line, 21);
    assert_has(the("WL1009")->msg, "PID namespace (hostPID: true)");
    assert_int_equal(the("WL1010")->loc.line, 22);
    assert_has(the("WL1010")->msg, "IPC namespace (hostIPC: true)");
    assert_int_equal(the("WL1011")->loc.line, 23);
    assert_has(the("WL1011")->msg, "user namespace (hostUsers: true)");
    /* the Kubernetes default (hostUsers unset) is not reported */
    w->host_users = WL_UNSET;
    run(w);
    assert_int_equal(count("WL1011"), 0);
    wl_workload_free(w);

    w = good_compose(a);
    w->host_network = w->host_pid = w->host_ipc = w->host_users = WL_TRUE;
    run(w);
    only("WL1008", "WL1009", "WL1010", "WL1011", NULL);
    assert_has(the("WL1008")->msg,
               "service \"web\" shares the host network namespace (network_mode: host)");
    assert_has(the("WL1009")->msg, "(pid: host)");
    assert_has(the("WL1010")->msg, "(ipc: host)");
    assert_has(the("WL1011")->msg, "(userns_mode: host)");
    wl_workload_free(w);

    w = good_docker(a);
    w->host_users = WL_TRUE;
    w->host_pid = WL_TRUE;
    run(w);
    only("WL1009", "WL1011", NULL);
    assert_string_equal(the("WL1011")->msg,
                        "docker run uses the host user namespace (--userns host)");
    assert_has(the("WL1009")->msg, "(--pid host)");
    wl_workload_free(w);
}

static void test_ports(void **state)
{
    mt_arena *a = *state;
    /* pods: hostPort (WL1012), never WL1037 */
    wl_workload *w = good_pod(a);
    mt_vec_push(&first(w)->ports, wl_port_new(a, NULL, 8443, 443, "TCP", L(80)));
    run(w);
    only("WL1012", NULL);
    assert_int_equal(the("WL1012")->loc.line, 80);
    assert_string_equal(the("WL1012")->msg,
                        "container \"web\" binds hostPort 8443 (containerPort 443)");
    wl_workload_free(w);

    /* Compose/docker: publishing is normal; all interfaces is INFO */
    w = good_compose(a);
    mt_vec_push(&first(w)->ports, wl_port_new(a, "127.0.0.1", 8080, 80, NULL, L(20)));
    mt_vec_push(&first(w)->ports, wl_port_new(a, "10.0.0.5", 8081, 81, NULL, L(21)));
    run(w);
    none();
    mt_vec_push(&first(w)->ports, wl_port_new(a, NULL, 8443, 443, "tcp", L(22)));
    mt_vec_push(&first(w)->ports, wl_port_new(a, "0.0.0.0", 9000, 9000, NULL, L(23)));
    mt_vec_push(&first(w)->ports, wl_port_new(a, "::", 9001, 9001, NULL, L(24)));
    mt_vec_push(&first(w)->ports, wl_port_new(a, NULL, 0, 5432, NULL, L(25)));
    run(w);
    only("WL1037", NULL);
    assert_int_equal(count("WL1037"), 4);
    assert_int_equal(nth("WL1037", 0)->loc.line, 22);
    assert_string_equal(
        nth("WL1037", 0)->msg,
        "service \"web\" publishes container port 443/tcp on 8443 of all interfaces");
    assert_has(nth("WL1037", 3)->msg, "port 5432 on a random port");
    wl_workload_free(w);

    w = good_docker(a);
    mt_vec_push(&first(w)->ports, wl_port_new(a, "[::]", 80, 80, NULL, L(1)));
    run(w);
    only("WL1037", NULL);
    wl_workload_free(w);
}

/* ---- host paths ---- */

static void mount(mt_arena *a, wl_container *ct, const char *host, const char *target, bool ro,
                  int line)
{
    mt_vec_push(&ct->mounts, wl_mount_new(a, host, target, ro, L(line)));
}

/* The rules one host path triggers, as a string like "1013 1015". */
static const char *path_rules(mt_arena *a, wl_source src, const char *host)
{
    static char out[64];
    wl_workload *w = src == WL_SRC_POD ? good_pod(a) : good_compose(a);
    mount(a, first(w), host, "/mnt", false, 90);
    run(w);
    out[0] = '\0';
    for (int i = 0; i < nhits; i++) {
        assert_int_equal(hits[i].loc.line, 90);
        strcat(out, out[0] ? " " : "");
        strcat(out, hits[i].id + 2);
    }
    wl_workload_free(w);
    return out;
}

static void test_host_paths(void **state)
{
    mt_arena *a = *state;
    /* plain host paths: WL1013 only */
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/log"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/etc/nginx/conf.d"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/etc/localtime"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/dev/shm"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/srv/../data"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/etcd"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/procedures"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "./data"), "1013");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "../etc"), "1013");

    /* runtime sockets, wherever they are and however written: CRITICAL */
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/run/docker.sock"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/run/docker.sock"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "//var//run/./docker.sock/"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/run/containerd/containerd.sock"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/run/crio/crio.sock"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/run/k3s/containerd/containerd.sock"),
                        "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/run/containerd/"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "/run/user/1000/podman/podman.sock"),
                        "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "~/.docker/run/docker.sock"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "\\\\.\\pipe\\docker_engine"), "1013 1014");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/run/docker.socket"), "1013");

    /* sensitive directories, normalised */
    assert_string_equal(path_rules(a, WL_SRC_POD, "/"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "//"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/data/.."), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/.."), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/etc/"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/./etc/../etc"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/proc"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/proc/sys/kernel"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/sys/fs/cgroup"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/run"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/run/"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/lib/kubelet/pods"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/var/lib/docker"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/root/.ssh"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/boot"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/dev"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_POD, "/etc/kubernetes/admin.conf"), "1013 1015");
    assert_string_equal(path_rules(a, WL_SRC_COMPOSE, "/etc/shadow"), "1013 1015");

    /* messages: container, path, target and mode */
    wl_workload *w = good_pod(a);
    mount(a, first(w), "/var/run/docker.sock", "/var/run/docker.sock", true, 91);
    run(w);
    assert_string_equal(the("WL1013")->msg,
                        "container \"web\" mounts hostPath /var/run/docker.sock at "
                        "/var/run/docker.sock (read-only)");
    assert_string_equal(the("WL1014")->msg,
                        "container \"web\" mounts hostPath /var/run/docker.sock at "
                        "/var/run/docker.sock: the Docker API socket");
    wl_workload_free(w);

    w = good_compose(a);
    mount(a, first(w), "/etc", "/host/etc", false, 92);
    run(w);
    assert_string_equal(the("WL1015")->msg,
                        "service \"web\" bind-mounts /etc at /host/etc (writable): "
                        "host configuration and credentials");
    wl_workload_free(w);
}

static void test_pod_host_volumes(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    /* a hostPath volume the container mounts is reported once, on the mount */
    mt_vec_push(&w->host_volumes, wl_mount_new(a, "/var/log", NULL, false, L(100)));
    mount(a, first(w), "/var/log", "/logs", true, 95);
    run(w);
    only("WL1013", NULL);
    assert_int_equal(the("WL1013")->loc.line, 95);

    /* a volume no container mounts is reported on the volume */
    mt_vec_push(&w->host_volumes, wl_mount_new(a, "/", NULL, false, L(101)));
    run(w);
    only("WL1013", "WL1015", NULL);
    assert_int_equal(count("WL1013"), 2);
    assert_int_equal(nth("WL1013", 1)->loc.line, 101);
    assert_string_equal(nth("WL1013", 1)->msg,
                        "Deployment \"shop\" declares hostPath volume / (writable)");
    assert_int_equal(the("WL1015")->loc.line, 101);
    wl_workload_free(w);
}

/* ---- seccomp, AppArmor, sysctls, /proc ---- */

static void test_seccomp(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);

    /* not set anywhere: WL1017 (pods only) */
    ct->seccomp.value = NULL;
    run(w);
    only("WL1017", NULL);
    assert_int_equal(the("WL1017")->loc.line, ct->sc_loc.line);
    /* the pod-level profile is the default */
    w->seccomp = (wl_str){"RuntimeDefault", L(8)};
    run(w);
    none();
    w->seccomp = (wl_str){"Localhost", L(8)};
    run(w);
    none();
    /* pod-level Unconfined applies to the container... */
    w->seccomp = (wl_str){"Unconfined", L(8)};
    run(w);
    only("WL1016", NULL);
    assert_int_equal(the("WL1016")->loc.line, 8);
    assert_string_equal(the("WL1016")->msg,
                        "container \"web\" runs without seccomp (profile Unconfined, from the pod "
                        "securityContext)");
    /* ...unless the container overrides it */
    ct->seccomp = (wl_str){"RuntimeDefault", L(17)};
    run(w);
    none();
    /* a container-level Unconfined overrides a good pod default */
    w->seccomp = (wl_str){"RuntimeDefault", L(8)};
    ct->seccomp = (wl_str){"Unconfined", L(17)};
    run(w);
    only("WL1016", NULL);
    assert_int_equal(the("WL1016")->loc.line, 17);
    wl_workload_free(w);

    /* Compose/docker: the runtime's default profile applies when unset */
    w = good_compose(a);
    run(w);
    none();
    first(w)->seccomp = (wl_str){"unconfined", L(30)};
    run(w);
    only("WL1016", NULL);
    assert_string_equal(the("WL1016")->msg,
                        "service \"web\" runs without seccomp (profile unconfined)");
    first(w)->seccomp = (wl_str){"./seccomp.json", L(30)};
    run(w);
    none();
    wl_workload_free(w);
}

static void test_apparmor(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    w->apparmor = (wl_str){"RuntimeDefault", L(8)};
    run(w);
    none();
    w->apparmor = (wl_str){"Unconfined", L(8)};
    run(w);
    only("WL1018", NULL);
    assert_int_equal(the("WL1018")->loc.line, 8);
    assert_has(the("WL1018")->msg, "from the pod securityContext");
    ct->apparmor = (wl_str){"Localhost", L(18)};
    run(w);
    none();
    w->apparmor.value = NULL;
    ct->apparmor = (wl_str){"unconfined", L(18)};
    run(w);
    assert_int_equal(the("WL1018")->loc.line, 18);
    wl_workload_free(w);

    w = good_docker(a);
    first(w)->apparmor = (wl_str){"unconfined", L(1)};
    run(w);
    assert_string_equal(the("WL1018")->msg,
                        "docker run runs without AppArmor (profile unconfined)");
    wl_workload_free(w);
}

static void test_sysctls(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    static const char *const safe[] = {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net/ipv4/tcp_syncookies",
    };
    for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
        mt_vec_push(&w->sysctls, wl_env_new(a, safe[i], "1", L(110)));
    run(w);
    none();
    mt_vec_push(&w->sysctls, wl_env_new(a, "net.core.somaxconn", "1024", L(111)));
    mt_vec_push(&w->sysctls, wl_env_new(a, "kernel.msgmax", "65536", L(112)));
    mt_vec_push(&w->sysctls, wl_env_new(a, "net.ipv4.tcp_syncookies.x", "1", L(113)));
    run(w);
    only("WL1019", NULL);
    assert_int_equal(count("WL1019"), 3);
    assert_int_equal(nth("WL1019", 0)->loc.line, 111);
    assert_string_equal(nth("WL1019", 0)->msg,
                        "Deployment \"shop\" sets unsafe sysctl net.core.somaxconn=1024");
    wl_workload_free(w);

    w = good_compose(a);
    mt_vec_push(&w->sysctls, wl_env_new(a, "net.ipv4.ip_forward", "1", L(9)));
    run(w);
    assert_has(the("WL1019")->msg, "service \"web\" sets unsafe sysctl net.ipv4.ip_forward=1");
    wl_workload_free(w);
}

static void test_proc_mount(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    ct->proc_mount = (wl_str){"Default", L(19)};
    run(w);
    none();
    ct->proc_mount = (wl_str){"Unmasked", L(19)};
    run(w);
    only("WL1020", NULL);
    assert_int_equal(the("WL1020")->loc.line, 19);
    assert_string_equal(the("WL1020")->msg, "container \"web\" sets procMount: Unmasked");
    wl_workload_free(w);
}

/* ---- resources ---- */

static void clear_res(wl_container *ct)
{
    memset(&ct->res, 0, sizeof(ct->res));
}

static void test_requests(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    ct->res.cpu_request.value = NULL;
    ct->res.mem_request.value = NULL;
    /* a limit without a request: Kubernetes copies the limit */
    run(w);
    none();
    ct->res.cpu_limit.value = NULL;
    run(w);
    only("WL1021", "WL1023", NULL);
    assert_int_equal(the("WL1021")->loc.line, ct->resources_loc.line);
    assert_string_equal(the("WL1021")->msg, "container \"web\" sets no resources.requests.cpu");
    ct->res.mem_limit.value = NULL;
    ct->has_resources_block = false;
    run(w);
    only("WL1021", "WL1022", "WL1023", "WL1024", NULL);
    assert_int_equal(the("WL1022")->loc.line, ct->loc.line);

    /* init containers are scheduled with their resources; ephemeral
     * containers take none */
    wl_container *init = good_ct(a, w, "initContainer", "migrate", 30);
    wl_container *dbg = good_ct(a, w, "ephemeralContainer", "debug", 50);
    clear_res(init);
    clear_res(dbg);
    run(w);
    assert_int_equal(count("WL1021"), 2);
    assert_has(nth("WL1021", 1)->msg, "initContainer \"migrate\"");
    assert_int_equal(count("WL1025"), 1);
    assert_has(the("WL1025")->msg,
               "initContainer \"migrate\" sets no resources.limits.ephemeral-storage");
    wl_workload_free(w);

    /* Compose/docker have no requests */
    w = good_compose(a);
    first(w)->res.cpu_request.value = NULL;
    first(w)->res.mem_request.value = NULL;
    first(w)->res.ephemeral_limit.value = NULL;
    run(w);
    none();
    wl_workload_free(w);
}

static void test_limits(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    ct->res.ephemeral_limit.value = NULL;
    ct->res.pids_limit.value = NULL; /* pods: no pids rule */
    run(w);
    only("WL1025", NULL);
    ct->res.mem_limit.value = NULL;
    run(w);
    only("WL1024", "WL1025", NULL);
    assert_string_equal(the("WL1024")->msg,
                        "container \"web\" has no memory limit (resources.limits.memory not set)");
    wl_workload_free(w);

    w = good_compose(a);
    ct = first(w);
    /* 0 and negative values mean unlimited */
    ct->res.cpu_limit = (wl_str){"0", L(50)};
    ct->res.mem_limit = (wl_str){"512m", L(51)};
    ct->res.pids_limit = (wl_str){"-1", L(52)};
    run(w);
    only("WL1023", "WL1026", NULL);
    assert_int_equal(the("WL1023")->loc.line, 50);
    assert_string_equal(the("WL1023")->msg, "service \"web\" has no CPU limit (0 means unlimited)");
    assert_int_equal(the("WL1026")->loc.line, 52);
    ct->res.cpu_limit = (wl_str){"0.5", L(50)};
    ct->res.pids_limit.value = NULL;
    ct->has_resources_block = false;
    run(w);
    only("WL1026", NULL);
    assert_int_equal(the("WL1026")->loc.line, ct->loc.line);
    assert_string_equal(the("WL1026")->msg,
                        "service \"web\" has no process limit (pids_limit not set)");
    clear_res(ct);
    run(w);
    only("WL1023", "WL1024", "WL1026", NULL);
    assert_has(the("WL1024")->msg, "deploy.resources.limits.memory / mem_limit not set");
    wl_workload_free(w);

    w = good_docker(a);
    clear_res(first(w));
    first(w)->res.pids_limit = (wl_str){"100", L(1)};
    run(w);
    only("WL1023", "WL1024", NULL);
    assert_has(the("WL1023")->msg, "--cpus not set");
    assert_has(the("WL1024")->msg, "--memory not set");
    wl_workload_free(w);
}

/* ---- probes ---- */

static void test_probes(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    wl_container *init = good_ct(a, w, "initContainer", "migrate", 30);
    wl_container *dbg = good_ct(a, w, "ephemeralContainer", "debug", 50);
    init->has_liveness = init->has_readiness = false;
    dbg->has_liveness = dbg->has_readiness = false;
    run(w);
    none();
    ct->has_liveness = false;
    run(w);
    only("WL1027", NULL);
    assert_int_equal(the("WL1027")->loc.line, ct->loc.line);
    assert_string_equal(the("WL1027")->msg, "container \"web\" has no livenessProbe");
    ct->has_readiness = false;
    run(w);
    only("WL1027", "WL1028", NULL);
    assert_string_equal(the("WL1028")->msg, "container \"web\" has no readinessProbe");
    /* batch workloads are not probed */
    w->kind = "Job";
    run(w);
    none();
    w->kind = "CronJob";
    run(w);
    none();
    w->kind = "Pod";
    run(w);
    only("WL1027", "WL1028", NULL);
    wl_workload_free(w);

    w = good_compose(a);
    first(w)->has_liveness = first(w)->has_readiness = false;
    run(w);
    none();
    wl_workload_free(w);
}

/* ---- images ---- */

/* Rules the image triggers in a pod, as "1029 1031 ..." */
static const char *image_rules(mt_arena *a, wl_source src, const char *image, const char *policy)
{
    static char out[64];
    wl_workload *w = src == WL_SRC_POD ? good_pod(a) : good_compose(a);
    first(w)->image = (wl_str){image, L(12)};
    if (policy)
        first(w)->pull_policy = (wl_str){policy, L(13)};
    run(w);
    out[0] = '\0';
    for (int i = 0; i < nhits; i++) {
        strcat(out, out[0] ? " " : "");
        strcat(out, hits[i].id + 2);
    }
    wl_workload_free(w);
    return out;
}

static void test_images(void **state)
{
    mt_arena *a = *state;
    /* no tag: Kubernetes pulls Always by default */
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx", NULL), "1029 1031");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:", NULL), "1029 1031");
    assert_string_equal(image_rules(a, WL_SRC_POD, "localhost:5000/team/nginx", NULL), "1029 1031");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx", "IfNotPresent"), "1029 1031 1032");
    /* latest */
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:latest", NULL), "1030 1031");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:latest", "Never"), "1030 1031 1032");
    assert_string_equal(image_rules(a, WL_SRC_POD, "localhost:5000/nginx:latest", "Always"),
                        "1030 1031");
    /* a version tag: IfNotPresent by default */
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:1.25", NULL), "1031 1032");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:1.25", "IfNotPresent"), "1031 1032");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:1.25", "Always"), "1031");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:latest-alpine", "Always"), "1031");
    /* a digest pins the image whatever the tag or pull policy */
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx@" DIGEST, "Never"), "");
    assert_string_equal(image_rules(a, WL_SRC_POD, "nginx:latest@" DIGEST, NULL), "");
    assert_string_equal(image_rules(a, WL_SRC_POD, "localhost:5000/nginx@" DIGEST, NULL), "");
    /* unresolved variables are not judged */
    assert_string_equal(image_rules(a, WL_SRC_POD, "${REGISTRY}/nginx", NULL), "");
    assert_string_equal(image_rules(a, WL_SRC_POD, "{{ .Values.image }}", NULL), "");
    assert_string_equal(image_rules(a, WL_SRC_POD, "", NULL), "");
    /* Compose: no pull-policy rule */
    assert_string_equal(image_rules(a, WL_SRC_COMPOSE, "nginx:1.25", "missing"), "1031");
    assert_string_equal(image_rules(a, WL_SRC_COMPOSE, "nginx", NULL), "1029 1031");

    /* locations and messages */
    wl_workload *w = good_pod(a);
    first(w)->image = (wl_str){"nginx:latest", L(12)};
    first(w)->pull_policy = (wl_str){"IfNotPresent", L(13)};
    run(w);
    assert_int_equal(the("WL1030")->loc.line, 12);
    assert_string_equal(the("WL1030")->msg, "container \"web\" uses image nginx:latest");
    assert_int_equal(the("WL1031")->loc.line, 12);
    assert_int_equal(the("WL1032")->loc.line, 13);
    assert_string_equal(the("WL1032")->msg,
                        "container \"web\" sets imagePullPolicy: IfNotPresent for "
                        "image nginx:latest, which is not pinned by digest");
    first(w)->image = (wl_str){"nginx:1.25", L(12)};
    first(w)->pull_policy.value = NULL;
    run(w);
    assert_int_equal(the("WL1032")->loc.line, 12);
    assert_has(the("WL1032")->msg, "sets no imagePullPolicy");
    first(w)->image = (wl_str){"nginx", L(12)};
    run(w);
    assert_string_equal(the("WL1029")->msg,
                        "container \"web\" uses image nginx without a tag (it means :latest)");
    /* a service without an image (Compose build:) is not judged */
    first(w)->image.value = NULL;
    run(w);
    none();
    wl_workload_free(w);
}

/* ---- service account ---- */

static void test_service_account(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    w->automount_token = WL_UNSET;
    run(w);
    only("WL1033", NULL);
    assert_int_equal(the("WL1033")->loc.line, w->spec_loc.line);
    assert_has(the("WL1033")->msg, "Deployment \"shop\" mounts a service account token");
    w->automount_token = WL_TRUE;
    run(w);
    assert_int_equal(the("WL1033")->loc.line, w->automount_token_loc.line);
    assert_string_equal(the("WL1033")->msg,
                        "Deployment \"shop\" sets automountServiceAccountToken: true");
    w->automount_token = WL_FALSE;

    w->service_account.value = NULL;
    run(w);
    only("WL1034", NULL);
    assert_int_equal(the("WL1034")->loc.line, w->spec_loc.line);
    assert_has(the("WL1034")->msg, "sets no serviceAccountName");
    w->service_account = (wl_str){"default", L(7)};
    run(w);
    assert_int_equal(the("WL1034")->loc.line, 7);
    assert_string_equal(the("WL1034")->msg, "Deployment \"shop\" uses serviceAccountName: default");
    w->service_account = (wl_str){"defaults", L(7)};
    run(w);
    none();
    wl_workload_free(w);

    /* not a Compose/docker concept */
    w = good_compose(a);
    run(w);
    none();
    wl_workload_free(w);
}

/* ---- environment ---- */

static void test_env_secrets(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *ct = first(w);
    static const char *const fine[][2] = {
        {"DB_PASSWORD", NULL},                 /* valueFrom */
        {"DB_PASSWORD", ""},                   /* empty */
        {"DB_PASSWORD", "${DB_PASSWORD}"},     /* a reference */
        {"API_TOKEN", "$(TOKEN_FROM_SECRET)"}, /* Kubernetes dependent variable */
        {"API_TOKEN", "$TOKEN"},
        {"PASSWORD_FILE", "/run/secrets/db"}, /* points at a secret */
        {"DB_PASSWORD", "/run/secrets/db"},
        {"MYSQL_ALLOW_EMPTY_PASSWORD", "yes"},
        {"TOKEN_URL", "https://auth.example.com/token"},
        {"LOG_LEVEL", "debug"},
    };
    for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
        mt_vec_push(&ct->env, wl_env_new(a, fine[i][0], fine[i][1], L(120 + (int)i)));
    run(w);
    none();
    mt_vec_push(&ct->env, wl_env_new(a, "DB_PASSWORD", "hunter2", L(140)));
    mt_vec_push(&ct->env,
                wl_env_new(a, "GIT_CONFIG", "ghp_0123456789abcdefghijABCDEFGHIJ012345", L(141)));
    mt_vec_push(&ct->env,
                wl_env_new(a, "DATABASE_URL", "postgres://app:s3cret@db:5432/app", L(142)));
    mt_vec_push(&ct->env, wl_env_new(a, "API_TOKEN", "${TOKEN}x", L(143)));
    run(w);
    only("WL1035", NULL);
    assert_int_equal(count("WL1035"), 4);
    assert_int_equal(nth("WL1035", 0)->loc.line, 140);
    assert_string_equal(
        nth("WL1035", 0)->msg,
        "container \"web\": environment variable DB_PASSWORD looks like a secret and "
        "has a literal value");
    assert_string_equal(nth("WL1035", 1)->msg,
                        "container \"web\": environment variable GIT_CONFIG holds a GitHub token");
    assert_has(nth("WL1035", 2)->msg, "DATABASE_URL holds a URL with an embedded password");
    /* messages never repeat the secret */
    for (int i = 0; i < nhits; i++) {
        assert_null(strstr(hits[i].msg, "hunter2"));
        assert_null(strstr(hits[i].msg, "ghp_"));
        assert_null(strstr(hits[i].msg, "s3cret"));
    }
    wl_workload_free(w);

    w = good_compose(a);
    mt_vec_push(&first(w)->env, wl_env_new(a, "AWS_SECRET_ACCESS_KEY", "abc/def+ghi", L(9)));
    run(w);
    assert_has(the("WL1035")->msg, "service \"web\": environment variable AWS_SECRET_ACCESS_KEY");
    wl_workload_free(w);
}

/* ---- devices ---- */

static void test_devices(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_compose(a);
    mt_vec_push(&first(w)->devices, wl_mount_new(a, "/dev/sda", "/dev/xvda", false, L(30)));
    mt_vec_push(&first(w)->devices, wl_mount_new(a, "/dev/fuse", NULL, false, L(31)));
    run(w);
    only("WL1036", NULL);
    assert_int_equal(count("WL1036"), 2);
    assert_int_equal(nth("WL1036", 0)->loc.line, 30);
    assert_string_equal(nth("WL1036", 0)->msg,
                        "service \"web\" maps host device /dev/sda as /dev/xvda");
    assert_string_equal(nth("WL1036", 1)->msg, "service \"web\" maps host device /dev/fuse");
    wl_workload_free(w);

    w = good_docker(a);
    run(w);
    none();
    mt_vec_push(&first(w)->devices, wl_mount_new(a, "/dev/net/tun", "/dev/net/tun", false, L(1)));
    run(w);
    assert_string_equal(the("WL1036")->msg, "docker run maps host device /dev/net/tun");
    wl_workload_free(w);
}

/* ---- several containers, names, speed ---- */

static void test_messages_name_each_container(void **state)
{
    mt_arena *a = *state;
    wl_workload *w = good_pod(a);
    wl_container *side = good_ct(a, w, "container", "sidecar", 30);
    wl_container *anon = good_ct(a, w, "container", NULL, 50);
    side->privileged = WL_TRUE;
    side->privileged_loc = L(33);
    anon->privileged = WL_TRUE;
    anon->privileged_loc = L(53);
    w->name = NULL;
    w->kind = NULL;
    w->host_pid = WL_TRUE;
    run(w);
    only("WL1001", "WL1009", NULL);
    assert_int_equal(count("WL1001"), 2);
    assert_has(nth("WL1001", 0)->msg, "container \"sidecar\" runs privileged");
    assert_has(nth("WL1001", 1)->msg, "container runs privileged");
    assert_has(the("WL1009")->msg, "workload shares the host PID namespace");
    wl_workload_free(w);
}

static void test_repeatable(void **state)
{
    mt_arena *a = *state;
    /* a weak pod with three containers: many findings per call */
    wl_workload *w = wl_workload_new(a, WL_SRC_POD);
    w->kind = "Deployment";
    w->name = "slow";
    for (int k = 0; k < 3; k++) {
        wl_container *ct = wl_container_new(a, w, k ? "container" : "initContainer");
        ct->name = "c";
        ct->image = (wl_str){"nginx:1.25", L(1)};
        mt_vec_push(&ct->mounts, wl_mount_new(a, "/var/run/docker.sock", "/s", false, L(2)));
        mt_vec_push(&ct->env, wl_env_new(a, "DB_PASSWORD", "x", L(3)));
    }
    /* the same model judged many times gives the same findings every time
     * (no state kept between calls); speed is measured by bench/k8s.sh */
    run(w);
    int first = nhits;
    assert_true(first > 20);
    for (int i = 0; i < 1000; i++) {
        run(w);
        assert_int_equal(nhits, first);
    }
    wl_workload_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table),
        cmocka_unit_test_setup_teardown(test_hardened_models_are_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_privileged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_privilege_escalation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dangerous_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps_not_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_as_root_pod, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_uid_pod_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_as_root_compose_docker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writable_rootfs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_namespaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pod_host_volumes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seccomp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apparmor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sysctls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proc_mount, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_probes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_service_account, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_secrets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_name_each_container, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeatable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
