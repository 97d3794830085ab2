/* rbac.c — Kubernetes RBAC judged across the whole input set (see k8s.h).
 *
 * k8s_rbac_add() copies, under the set's lock, what the analysis needs of
 * each Role, ClusterRole, RoleBinding and ClusterRoleBinding into the set's
 * arena (the document is freed when add() returns). k8s_rbac_finish() then
 *   1. flags wildcards in every Role and ClusterRole of the input (KS2010),
 *   2. resolves each binding's roleRef, following aggregated ClusterRoles
 *      (aggregationRule label selectors, transitively, cycles cut) and the
 *      built-in ClusterRoles the input refers to but does not define,
 *   3. reports bindings to anonymous / all authenticated users (KS2008/9),
 *   4. reports per subject what it can do (KS2001..KS2007), once per
 *      subject and permission, at the first binding that grants it, naming
 *      the others.
 *
 * What the built-in roles grant is a model of the Kubernetes bootstrap
 * policy of recent releases (1.24 and later), reduced to what the checks
 * look at; see builtins[] below and docs/rules/KS2001.md.
 *
 * Ownership: the set owns its arena; finish() allocates its working state
 * in a second arena that it frees before returning. Messages passed to the
 * emit callback live until the callback returns. */
#include "k8s/k8s.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"

/* Limits on hostile input: past them objects or entries are ignored. */
#define RB_MAX_ROLES 20000     /* Roles and ClusterRoles */
#define RB_MAX_BINDINGS 20000  /* RoleBindings and ClusterRoleBindings */
#define RB_MAX_RULES 1000      /* policy rules per role */
#define RB_MAX_ITEMS 512       /* entries per list (verbs, resources, ...) */
#define RB_MAX_SUBJECTS 1000   /* subjects per binding */
#define RB_MAX_LABELS 256      /* labels per ClusterRole, keys per matchLabels */
#define RB_MAX_SELECTORS 64    /* clusterRoleSelectors; matchExpressions each */
#define RB_MAX_STR 1024        /* longer strings are ignored */
#define RB_MAX_EDGES 2000000   /* aggregation matches over the whole set */
#define RB_MAX_WORK 50000000   /* label comparisons, and aggregation steps, per finish() */
#define RB_MSG_GRANTS 5        /* other grants named in a message */

#define RBAC_GROUP "rbac.authorization.k8s.io"
#define SEP "\x1f" /* separator in map keys */

enum {
    R_FULL,        /* KS2001 */
    R_SECRETS,     /* KS2002 */
    R_ESCALATE,    /* KS2003 */
    R_IMPERSONATE, /* KS2004 */
    R_EXEC,        /* KS2005 */
    R_WORKLOAD,    /* KS2006 */
    R_TOKEN,       /* KS2007 */
    R_ANON,        /* KS2008 */
    R_AUTHN,       /* KS2009 */
    R_WILDCARD,    /* KS2010 */
    R_COUNT
};
#define P_COUNT (R_TOKEN + 1) /* the per-subject permissions are rules 0..R_TOKEN */

#define A(...) {__VA_ARGS__}
#define RULE(id, aliases, sev, title, desc, fix) \
    {id, aliases, sev, "kubernetes", title, desc, fix, false}

static const mt_rule rules[R_COUNT] = {
    [R_FULL] = RULE("KS2001",
                    A("AVD-KSV-0111", "cluster-admin-role-binding", "clusterrolebindingClusterAdmin",
                      "rolebindingClusterAdminClusterRole"),
                    MT_SEV_CRITICAL, "Subject has full access",
                    "A user, group or service account is bound to cluster-admin, or to a role that "
                    "allows every verb on every resource of every API group. Through a "
                    "ClusterRoleBinding that is the whole cluster; through a RoleBinding it is "
                    "everything in the namespace, its Secrets and the right to run any pod "
                    "included. Whoever holds that subject's credentials owns what it can reach.",
                    "Bind a role that lists the resources and verbs the subject needs. Keep "
                    "cluster-admin for a few break-glass users, never for service accounts or "
                    "broad groups."),
    [R_SECRETS] = RULE("KS2002", A("AVD-KSV-0041", "AVD-KSV-0113", "access-to-secrets"), MT_SEV_HIGH,
                       "Subject can read Secrets",
                       "The subject can get, list or watch Secrets without a resourceNames "
                       "restriction. Secrets hold service account tokens, registry and cloud "
                       "credentials and TLS keys; reading them usually leads to a more powerful "
                       "identity. Cluster-wide (ClusterRoleBinding) it can read every Secret of "
                       "every namespace.",
                       "Remove get/list/watch on secrets, or restrict the rule with resourceNames "
                       "to the Secrets the subject needs, in the namespace where they live "
                       "(RoleBinding rather than ClusterRoleBinding)."),
    [R_ESCALATE] = RULE("KS2003", A("escalate-verb-in-role", "bind-verb-in-role"), MT_SEV_HIGH,
                        "Subject can escalate privileges with RBAC verbs",
                        "The escalate verb on roles lets the subject write roles with permissions "
                        "it does not have; the bind verb lets it bind any role, whatever that role "
                        "grants; impersonating service accounts lets it act with their "
                        "permissions. Each bypasses the rule that RBAC grants cannot exceed the "
                        "granter's own.",
                        "Remove escalate and bind on roles/clusterroles and impersonate on "
                        "serviceaccounts, or limit them with resourceNames to the roles or "
                        "service accounts the subject must handle."),
    [R_IMPERSONATE] = RULE("KS2004", A("AVD-KSV-0043", "impersonate-without-resource-names"),
                           MT_SEV_CRITICAL, "Subject can impersonate any user or group",
                           "With impersonate on users or groups and no resourceNames, the subject "
                           "can send requests as any identity, such as a member of "
                           "system:masters, which no RBAC rule restricts: it is equivalent to "
                           "cluster-admin.",
                           "Remove impersonate on users and groups, or restrict it with "
                           "resourceNames to specific harmless identities."),
    [R_EXEC] = RULE("KS2005",
                    A("AVD-KSV-0053", "AVD-KSV-0054", "AVD-KSV-0047", "clusterrolebindingPodExecAttach"),
                    MT_SEV_HIGH, "Subject can exec into pods, attach to them or proxy to nodes",
                    "pods/exec and pods/attach run commands in, or take over the terminal of, "
                    "other workloads, with their service account tokens and mounted Secrets. "
                    "nodes/proxy reaches the kubelet API, which can run commands in any pod on the "
                    "node and bypasses admission and audit of those actions.",
                    "Remove create/get on pods/exec, pods/attach and nodes/proxy; grant them "
                    "only for debugging, in one namespace, for a limited time."),
    [R_WORKLOAD] = RULE("KS2006", A("AVD-KSV-0048", "access-to-create-pods"), MT_SEV_MEDIUM,
                        "Subject can create or change workloads",
                        "Creating or modifying pods or the controllers that make them "
                        "(Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs, "
                        "ReplicationControllers) runs any image with any service account of the "
                        "namespace, and, unless Pod Security admission stops it, privileged or "
                        "with host access.",
                        "Grant create/update/patch on workloads only to deployment pipelines and "
                        "controllers, in their own namespaces, and enforce Pod Security Standards "
                        "there."),
    [R_TOKEN] = RULE("KS2007", A(NULL), MT_SEV_HIGH, "Subject can create service account tokens",
                     "create on serviceaccounts/token mints a token for any service account in "
                     "reach (TokenRequest), so the subject gets the permissions of the most "
                     "powerful service account of the namespace, or of the cluster.",
                     "Remove create on serviceaccounts/token, or restrict it with resourceNames "
                     "to the service accounts the subject must issue tokens for."),
    [R_ANON] = RULE("KS2008", A("AVD-KSV-0122"), MT_SEV_CRITICAL,
                    "Role bound to anonymous or unauthenticated users",
                    "A binding names system:anonymous or system:unauthenticated: whatever the role "
                    "grants, anyone who can reach the API server gets it, without credentials.",
                    "Remove the subject from the binding. Grant access to authenticated "
                    "identities only."),
    [R_AUTHN] = RULE("KS2009", A("AVD-KSV-01011"), MT_SEV_HIGH,
                     "Role bound to every authenticated user",
                     "A binding names system:authenticated: every identity that can authenticate "
                     "gets the role, every service account of every namespace included (and, on "
                     "some managed clusters, any account of the cloud provider).",
                     "Bind the role to the specific users, groups or service accounts that need "
                     "it."),
    [R_WILDCARD] = RULE("KS2010",
                        A("AVD-KSV-0044", "AVD-KSV-0045", "AVD-KSV-0046", "wildcard-in-rules"),
                        MT_SEV_MEDIUM, "Role uses a wildcard",
                        "A rule of a Role or ClusterRole uses `*` in verbs, resources, apiGroups "
                        "or nonResourceURLs. It grants more than anyone reviewed, including "
                        "resources and verbs added later by new API versions or CRDs. Reported "
                        "whether or not the input binds the role.",
                        "List the verbs, resources and API groups the role needs explicitly."),
};

const mt_rule *k8s_rbac_rules(size_t *n)
{
    *n = R_COUNT;
    return rules;
}

/* ---- the copied model ---- */

typedef struct strs {
    const char **v;
    size_t n;
} strs;

enum { W_VERBS = 1, W_RESOURCES = 2, W_GROUPS = 4, W_URLS = 8 };

typedef struct prule {
    strs groups, resources, verbs, names, urls;
    int index;              /* 0-based position in the role's rules */
    unsigned wild;          /* W_* fields holding "*" */
    k8s_ref wild_ref;       /* the first "*" */
    unsigned caps[P_COUNT]; /* finish(): detail bits per permission */
} prule;

typedef struct selector {
    k8s_label *labels;
    size_t nlabels;
    k8s_sel_req *exprs;
    size_t nexprs;
    bool invalid; /* an unknown operator: the API server refuses it, it selects nothing */
} selector;

typedef struct role {
    bool cluster;  /* ClusterRole */
    bool builtin;  /* modelled, not from the input */
    const char *ns; /* Roles only */
    const char *name;
    k8s_ref ref;
    int doc;
    uint64_t hash; /* of the copied content, the last tie-breaker of the order */
    k8s_label *labels;
    size_t nlabels;
    bool aggregated;
    selector *sels;
    size_t nsels;
    prule *rules;
    size_t nrules;
    /* finish() */
    mt_vec matched;         /* role*: ClusterRoles the selectors match */
    unsigned mark;
    unsigned caps[P_COUNT]; /* its rules' caps together */
} role;

enum { S_USER, S_GROUP, S_SA };

typedef struct subject {
    int kind;
    const char *name;
    const char *ns;      /* ServiceAccounts */
    const char *written; /* the name as written (User "system:serviceaccount:..." too) */
    int written_kind;
    k8s_ref ref;
} subject;

typedef struct binding {
    bool cluster; /* ClusterRoleBinding */
    const char *ns, *name;
    bool ref_cluster; /* roleRef.kind ClusterRole */
    const char *role_name;
    k8s_ref ref;
    int doc;
    uint64_t hash;
    subject *subs;
    size_t nsubs;
} binding;

struct k8s_rbac {
    pthread_mutex_t mu;
    mt_arena arena;
    mt_vec roles;    /* role* */
    mt_vec bindings; /* binding* */
    size_t dropped;  /* objects past the limits */
};

k8s_rbac *k8s_rbac_new(void)
{
    k8s_rbac *r = mt_xcalloc(1, sizeof(*r));
    pthread_mutex_init(&r->mu, NULL);
    mt_arena_init(&r->arena);
    return r;
}

void k8s_rbac_free(k8s_rbac *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->mu);
    mt_vec_free(&r->roles);
    mt_vec_free(&r->bindings);
    mt_arena_free(&r->arena);
    free(r);
}

/* ---- add(): copying out of the document ---- */

typedef struct actx {
    k8s_rbac *r;
    const k8s_object *obj;
    uint64_t hash;
} actx;

/* A scalar's text for a string field: YAML null reads as "" (as the API
 * server decodes a null list entry); NULL for non-scalars and strings past
 * the limit. */
static const char *scalar(struct fy_node *n)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR)
        return NULL;
    if (mt_yaml_is_null(n))
        return "";
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
    if (!s || len > RB_MAX_STR || memchr(s, '\0', len))
        return NULL;
    return fy_node_get_scalar0(n);
}

static const char *copy(actx *c, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    c->hash = mt_fnv1a64(s, len + 1, c->hash);
    return mt_arena_strndup(&c->r->arena, s, len);
}

static const char *copy_str(actx *c, struct fy_node *n)
{
    const char *s = k8s_str(n);
    if (!s || strlen(s) > RB_MAX_STR)
        return NULL;
    return copy(c, s);
}

/* A namespaced object's namespace: "default" when none is written. */
static const char *namespace_of(const k8s_object *obj)
{
    const char *ns = obj->namespace;
    return ns && *ns && strlen(ns) <= RB_MAX_STR ? ns : "default";
}

static bool ref_before(k8s_ref a, k8s_ref b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* Copies a list of strings; a "*" entry sets wbit in p->wild (p may be
 * NULL) and keeps the first such entry's position. */
static void read_strs(actx *c, struct fy_node *seq, strs *out, prule *p, unsigned wbit)
{
    out->v = NULL;
    out->n = 0;
    if (!seq || fy_node_get_type(seq) != FYNT_SEQUENCE)
        return;
    int count = fy_node_sequence_item_count(seq);
    if (count <= 0)
        return;
    if (count > RB_MAX_ITEMS)
        count = RB_MAX_ITEMS;
    out->v = mt_arena_alloc(&c->r->arena, (size_t)count * sizeof(char *));
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(seq, &it)) != NULL && out->n < (size_t)count) {
        const char *s = scalar(item);
        if (!s)
            continue;
        out->v[out->n++] = copy(c, s);
        if (p && wbit && strcmp(s, "*") == 0) {
            k8s_ref ref = k8s_ref_of(c->obj->file, item);
            if (!p->wild || ref_before(ref, p->wild_ref))
                p->wild_ref = ref;
            p->wild |= wbit;
        }
    }
}

/* Copies a string map (labels, matchLabels). */
static k8s_label *read_map(actx *c, struct fy_node *m, size_t *n)
{
    *n = 0;
    if (!m || fy_node_get_type(m) != FYNT_MAPPING)
        return NULL;
    int count = fy_node_mapping_item_count(m);
    if (count <= 0)
        return NULL;
    if (count > RB_MAX_LABELS)
        count = RB_MAX_LABELS;
    k8s_label *out = mt_arena_alloc(&c->r->arena, (size_t)count * sizeof(k8s_label));
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(m, &it)) != NULL && *n < (size_t)count) {
        const char *k = scalar(fy_node_pair_key(p));
        const char *v = scalar(fy_node_pair_value(p));
        if (!k || !v)
            continue;
        out[*n].key = copy(c, k);
        out[*n].value = copy(c, v);
        (*n)++;
    }
    return out;
}

static void read_selector(actx *c, struct fy_node *n, selector *s)
{
    memset(s, 0, sizeof(*s));
    if (!n || fy_node_get_type(n) != FYNT_MAPPING) {
        s->invalid = true;
        return;
    }
    s->labels = read_map(c, k8s_get(n, "matchLabels"), &s->nlabels);
    struct fy_node *ex = k8s_get(n, "matchExpressions");
    if (!ex || fy_node_get_type(ex) != FYNT_SEQUENCE)
        return;
    int count = fy_node_sequence_item_count(ex);
    if (count <= 0)
        return;
    if (count > RB_MAX_SELECTORS) {
        s->invalid = true; /* cannot judge it: select nothing rather than too much */
        return;
    }
    s->exprs = mt_arena_alloc(&c->r->arena, (size_t)count * sizeof(k8s_sel_req));
    void *it = NULL;
    struct fy_node *e;
    while ((e = fy_node_sequence_iterate(ex, &it)) != NULL && s->nexprs < (size_t)count) {
        k8s_sel_req *x = &s->exprs[s->nexprs++];
        x->key = copy_str(c, k8s_get(e, "key"));
        const char *op = k8s_str(k8s_get(e, "operator"));
        if (!x->key || !op) {
            s->invalid = true;
            continue;
        }
        if (strcmp(op, "In") == 0)
            x->op = K8S_SEL_IN;
        else if (strcmp(op, "NotIn") == 0)
            x->op = K8S_SEL_NOT_IN;
        else if (strcmp(op, "Exists") == 0)
            x->op = K8S_SEL_EXISTS;
        else if (strcmp(op, "DoesNotExist") == 0)
            x->op = K8S_SEL_NOT_EXISTS;
        else
            s->invalid = true;
        strs values;
        read_strs(c, k8s_get(e, "values"), &values, NULL, 0);
        x->values = values.v;
        x->nvalues = values.n;
    }
}

static void add_role(actx *c, bool cluster)
{
    k8s_rbac *r = c->r;
    const k8s_object *obj = c->obj;
    if (r->roles.len >= RB_MAX_ROLES) {
        r->dropped++;
        return;
    }
    role *ro = mt_arena_alloc(&r->arena, sizeof(*ro));
    ro->cluster = cluster;
    ro->ns = cluster ? NULL : copy(c, namespace_of(obj));
    ro->name = obj->name && strlen(obj->name) <= RB_MAX_STR ? copy(c, obj->name) : NULL;
    ro->ref = k8s_ref_of(obj->file, obj->root);
    ro->doc = obj->doc;
    if (cluster) {
        ro->labels = read_map(c, k8s_get(obj->metadata, "labels"), &ro->nlabels);
        struct fy_node *agg = k8s_get(obj->root, "aggregationRule");
        if (agg && fy_node_get_type(agg) == FYNT_MAPPING) {
            ro->aggregated = true;
            struct fy_node *sels = k8s_get(agg, "clusterRoleSelectors");
            int count = sels && fy_node_get_type(sels) == FYNT_SEQUENCE
                            ? fy_node_sequence_item_count(sels) : 0;
            if (count > RB_MAX_SELECTORS)
                count = RB_MAX_SELECTORS;
            if (count > 0) {
                ro->sels = mt_arena_alloc(&r->arena, (size_t)count * sizeof(selector));
                void *it = NULL;
                struct fy_node *s;
                while ((s = fy_node_sequence_iterate(sels, &it)) != NULL && ro->nsels < (size_t)count)
                    read_selector(c, s, &ro->sels[ro->nsels++]);
            }
        }
    }
    struct fy_node *rs = k8s_get(obj->root, "rules");
    if (rs && fy_node_get_type(rs) == FYNT_SEQUENCE) {
        int count = fy_node_sequence_item_count(rs);
        if (count > RB_MAX_RULES)
            count = RB_MAX_RULES;
        if (count > 0) {
            ro->rules = mt_arena_alloc(&r->arena, (size_t)count * sizeof(prule));
            void *it = NULL;
            struct fy_node *n;
            int index = 0;
            while ((n = fy_node_sequence_iterate(rs, &it)) != NULL && ro->nrules < (size_t)count) {
                int at = index++;
                if (fy_node_get_type(n) != FYNT_MAPPING)
                    continue;
                prule *p = &ro->rules[ro->nrules++];
                p->index = at;
                read_strs(c, k8s_get(n, "verbs"), &p->verbs, p, W_VERBS);
                read_strs(c, k8s_get(n, "apiGroups"), &p->groups, p, W_GROUPS);
                read_strs(c, k8s_get(n, "resources"), &p->resources, p, W_RESOURCES);
                read_strs(c, k8s_get(n, "resourceNames"), &p->names, NULL, 0);
                read_strs(c, k8s_get(n, "nonResourceURLs"), &p->urls, p, W_URLS);
            }
        }
    }
    ro->hash = c->hash;
    mt_vec_push(&r->roles, ro);
}

static void add_binding(actx *c, bool cluster)
{
    k8s_rbac *r = c->r;
    const k8s_object *obj = c->obj;
    if (r->bindings.len >= RB_MAX_BINDINGS) {
        r->dropped++;
        return;
    }
    struct fy_node *rr = k8s_get(obj->root, "roleRef");
    const char *rkind = k8s_str(k8s_get(rr, "kind"));
    binding *b = mt_arena_alloc(&r->arena, sizeof(*b));
    b->cluster = cluster;
    b->ns = cluster ? NULL : copy(c, namespace_of(obj));
    b->name = obj->name && strlen(obj->name) <= RB_MAX_STR ? copy(c, obj->name) : NULL;
    b->ref = k8s_ref_of(obj->file, obj->root);
    b->doc = obj->doc;
    b->role_name = copy_str(c, k8s_get(rr, "name"));
    if (rkind && strcmp(rkind, "ClusterRole") == 0)
        b->ref_cluster = true;
    else if (!rkind || strcmp(rkind, "Role") != 0 || cluster)
        b->role_name = NULL; /* a ClusterRoleBinding cannot reference a Role */
    struct fy_node *ss = k8s_get(obj->root, "subjects");
    int count = ss && fy_node_get_type(ss) == FYNT_SEQUENCE ? fy_node_sequence_item_count(ss) : 0;
    if (count > RB_MAX_SUBJECTS)
        count = RB_MAX_SUBJECTS;
    if (count > 0) {
        b->subs = mt_arena_alloc(&r->arena, (size_t)count * sizeof(subject));
        void *it = NULL;
        struct fy_node *n;
        while ((n = fy_node_sequence_iterate(ss, &it)) != NULL && b->nsubs < (size_t)count) {
            const char *kind = k8s_str(k8s_get(n, "kind"));
            const char *name = k8s_str(k8s_get(n, "name"));
            if (!kind || !name || !*name || strlen(name) > RB_MAX_STR)
                continue;
            subject *s = &b->subs[b->nsubs];
            memset(s, 0, sizeof(*s));
            s->ref = k8s_ref_of(obj->file, n);
            if (strcmp(kind, "User") == 0)
                s->kind = S_USER;
            else if (strcmp(kind, "Group") == 0)
                s->kind = S_GROUP;
            else if (strcmp(kind, "ServiceAccount") == 0)
                s->kind = S_SA;
            else
                continue;
            s->written_kind = s->kind;
            s->written = s->name = copy(c, name);
            if (s->kind == S_SA) {
                /* The authorizer takes the binding's namespace when the
                 * subject has none; a ClusterRoleBinding must name one. */
                struct fy_node *nsn = k8s_get(n, "namespace");
                const char *ns = copy_str(c, nsn);
                if (!ns && k8s_str(nsn))
                    continue; /* past the limit */
                if (!ns || !*ns)
                    ns = b->ns;
                if (!ns)
                    continue;
                s->ns = ns;
            } else if (s->kind == S_USER && mt_startswith(name, "system:serviceaccount:")) {
                /* the user name of a service account is the same principal */
                const char *rest = name + strlen("system:serviceaccount:");
                const char *colon = strchr(rest, ':');
                if (colon && colon > rest && colon[1] && !strchr(colon + 1, ':')) {
                    s->kind = S_SA;
                    s->ns = mt_arena_strndup(&r->arena, rest, (size_t)(colon - rest));
                    s->name = mt_arena_strdup(&r->arena, colon + 1);
                }
            }
            b->nsubs++;
        }
    }
    b->hash = c->hash;
    mt_vec_push(&r->bindings, b);
}

void k8s_rbac_add(k8s_rbac *r, const k8s_object *obj)
{
    if (!r || !obj || !obj->kind || !obj->root || fy_node_get_type(obj->root) != FYNT_MAPPING)
        return;
    int kind;
    if (strcmp(obj->kind, "Role") == 0)
        kind = 0;
    else if (strcmp(obj->kind, "ClusterRole") == 0)
        kind = 1;
    else if (strcmp(obj->kind, "RoleBinding") == 0)
        kind = 2;
    else if (strcmp(obj->kind, "ClusterRoleBinding") == 0)
        kind = 3;
    else
        return;
    /* Other API groups have kinds named Role too. */
    if (obj->api_version && !mt_startswith(obj->api_version, RBAC_GROUP "/"))
        return;
    pthread_mutex_lock(&r->mu);
    actx c = {.r = r, .obj = obj, .hash = 1469598103934665603ULL};
    if (kind < 2)
        add_role(&c, kind == 1);
    else
        add_binding(&c, kind == 3);
    pthread_mutex_unlock(&r->mu);
}

/* ---- built-in ClusterRoles ----
 *
 * Roles every cluster has, used when the input refers to one without
 * defining it. admin, edit and view are aggregated as in the bootstrap
 * policy, so ClusterRoles of the input labelled aggregate-to-{admin,edit,
 * view} add to them. Lists are space separated; "." is the core group "". */

typedef struct brule {
    const char *groups, *resources, *verbs;
} brule;

typedef struct brole {
    const char *name;
    const char *labels[3][2]; /* besides kubernetes.io/bootstrapping: rbac-defaults */
    const char *select;       /* aggregation: matchLabels {select: "true"}, or NULL */
    brule rules[14];
} brole;

#define RD "get list watch"
#define WR "create update patch delete deletecollection"
#define RW RD " " WR
#define AGG "rbac.authorization.k8s.io/aggregate-to-"

static const brole builtins[] = {
    {"cluster-admin", {{0}}, NULL, {{"*", "*", "*"}}},
    {"admin", {{0}}, AGG "admin", {{0}}},
    {"edit", {{AGG "admin", "true"}}, AGG "edit", {{0}}},
    {"view", {{AGG "edit", "true"}}, AGG "view", {{0}}},
    {"system:aggregate-to-admin",
     {{AGG "admin", "true"}},
     NULL,
     {{"authorization.k8s.io", "localsubjectaccessreviews", "create"},
      {RBAC_GROUP, "roles rolebindings", RW}}},
    {"system:aggregate-to-edit",
     {{AGG "edit", "true"}},
     NULL,
     {{".", "pods/attach pods/proxy pods/exec pods/portforward secrets services/proxy", RD},
      {".", "serviceaccounts", "impersonate"},
      {".", "pods pods/attach pods/proxy pods/exec pods/portforward", WR},
      {".", "pods/eviction", "create"},
      {".",
       "replicationcontrollers replicationcontrollers/scale serviceaccounts services "
       "services/proxy persistentvolumeclaims configmaps secrets",
       WR},
      {".", "serviceaccounts/token", "create"},
      {"apps",
       "statefulsets statefulsets/scale daemonsets deployments deployments/scale "
       "deployments/rollback replicasets replicasets/scale",
       WR},
      {"autoscaling", "horizontalpodautoscalers", WR},
      {"batch", "jobs cronjobs", WR},
      {"extensions",
       "daemonsets deployments deployments/scale deployments/rollback ingresses replicasets "
       "replicasets/scale replicationcontrollers/scale networkpolicies",
       WR},
      {"policy", "poddisruptionbudgets", WR},
      {"networking.k8s.io", "networkpolicies ingresses", WR}}},
    {"system:aggregate-to-view",
     {{AGG "view", "true"}},
     NULL,
     {{".",
       "pods replicationcontrollers replicationcontrollers/scale serviceaccounts services "
       "services/status endpoints persistentvolumeclaims persistentvolumeclaims/status configmaps "
       "limitranges resourcequotas bindings events pods/status resourcequotas/status "
       "namespaces/status replicationcontrollers/status pods/log namespaces",
       RD},
      {"discovery.k8s.io", "endpointslices", RD},
      {"apps",
       "controllerrevisions statefulsets statefulsets/status statefulsets/scale daemonsets "
       "daemonsets/status deployments deployments/status deployments/scale replicasets "
       "replicasets/status replicasets/scale",
       RD},
      {"autoscaling", "horizontalpodautoscalers horizontalpodautoscalers/status", RD},
      {"batch", "jobs cronjobs cronjobs/status jobs/status", RD},
      {"extensions",
       "daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses "
       "ingresses/status replicasets replicasets/scale replicasets/status "
       "replicationcontrollers/scale networkpolicies",
       RD},
      {"policy", "poddisruptionbudgets poddisruptionbudgets/status", RD},
      {"networking.k8s.io", "networkpolicies ingresses ingresses/status", RD}}},
};

/* Default bindings of every cluster that name system:authenticated or
 * system:unauthenticated on purpose: not reported by KS2008/KS2009 when
 * the input does not redefine the role. */
static const char *const harmless_public_roles[] = {"system:discovery", "system:basic-user",
                                                    "system:public-info-viewer"};

static strs split(mt_arena *a, const char *list)
{
    strs out = {0};
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ' ';
    out.v = mt_arena_alloc(a, cap * sizeof(char *));
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 1 && *p == '.')
            out.v[out.n++] = "";
        else if (len)
            out.v[out.n++] = mt_arena_strndup(a, p, len);
        p += len;
        while (*p == ' ')
            p++;
    }
    return out;
}

static role *builtin_role(mt_arena *a, const brole *b)
{
    role *ro = mt_arena_alloc(a, sizeof(*ro));
    ro->cluster = true;
    ro->builtin = true;
    ro->name = b->name;
    size_t nl = 1;
    while (nl <= MT_ARRAY_LEN(b->labels) && b->labels[nl - 1][0])
        nl++;
    ro->labels = mt_arena_alloc(a, nl * sizeof(k8s_label));
    ro->labels[0] = (k8s_label){"kubernetes.io/bootstrapping", "rbac-defaults"};
    for (size_t i = 1; i < nl; i++)
        ro->labels[i] = (k8s_label){b->labels[i - 1][0], b->labels[i - 1][1]};
    ro->nlabels = nl;
    if (b->select) {
        ro->aggregated = true;
        ro->nsels = 1;
        ro->sels = mt_arena_alloc(a, sizeof(selector));
        ro->sels[0].labels = mt_arena_alloc(a, sizeof(k8s_label));
        ro->sels[0].labels[0] = (k8s_label){b->select, "true"};
        ro->sels[0].nlabels = 1;
    }
    size_t n = 0;
    while (n < MT_ARRAY_LEN(b->rules) && b->rules[n].verbs)
        n++;
    ro->rules = n ? mt_arena_alloc(a, n * sizeof(prule)) : NULL;
    for (size_t i = 0; i < n; i++) {
        prule *p = &ro->rules[i];
        p->index = (int)i;
        p->groups = split(a, b->rules[i].groups);
        p->resources = split(a, b->rules[i].resources);
        p->verbs = split(a, b->rules[i].verbs);
    }
    ro->nrules = n;
    return ro;
}

/* ---- matching ---- */

static bool has(const strs *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return true;
    return false;
}

static bool group_ok(const prule *p, const char *g)
{
    return has(&p->groups, g) || has(&p->groups, "*");
}

static bool verb_ok(const prule *p, const char *v)
{
    return has(&p->verbs, v) || has(&p->verbs, "*");
}

/* As the RBAC authorizer matches resources: "*", the exact name, or
 * "*\/sub" for any resource's subresource sub. */
static bool res_ok(const prule *p, const char *res)
{
    const char *slash = strchr(res, '/');
    for (size_t i = 0; i < p->resources.n; i++) {
        const char *r = p->resources.v[i];
        if (strcmp(r, "*") == 0 || strcmp(r, res) == 0)
            return true;
        if (slash && r[0] == '*' && r[1] == '/' && strcmp(r + 1, slash) == 0)
            return true;
    }
    return false;
}

/* Detail bits per permission. */
enum { D_GET = 1, D_LIST = 2, D_WATCH = 4 };              /* secrets */
enum { D_ESCALATE = 1, D_BIND = 2, D_IMP_SA = 4 };         /* escalate */
enum { D_USERS = 1, D_GROUPS = 2, D_MASTERS = 4 };         /* impersonate */
enum { D_EXEC = 1, D_ATTACH = 2, D_NODEPROXY = 4 };        /* exec */

static const struct {
    const char *group, *group2, *resource;
} workloads[] = {
    {"", NULL, "pods"},           {"apps", "extensions", "deployments"},
    {"apps", "extensions", "daemonsets"}, {"apps", NULL, "statefulsets"},
    {"apps", "extensions", "replicasets"}, {"batch", NULL, "jobs"},
    {"batch", NULL, "cronjobs"},  {"", NULL, "replicationcontrollers"},
};

/* What one policy rule grants, per permission. resourceNames restrict a
 * rule to named objects: such a rule is not counted, except update/patch
 * of a named workload (changing its pod template runs any code) and
 * impersonation of a name of system:masters. A create request has no name
 * to check, so a rule with resourceNames never allows create. */
static void rule_caps(prule *p)
{
    memset(p->caps, 0, sizeof(p->caps));
    bool named = p->names.n > 0;
    if (!p->verbs.n || !p->resources.n || !p->groups.n)
        return;
    if (!named && has(&p->verbs, "*") && has(&p->resources, "*") && has(&p->groups, "*"))
        p->caps[R_FULL] = 1;
    bool core = group_ok(p, "");
    if (!named && core && res_ok(p, "secrets"))
        p->caps[R_SECRETS] = (verb_ok(p, "get") ? D_GET : 0) | (verb_ok(p, "list") ? D_LIST : 0) |
                             (verb_ok(p, "watch") ? D_WATCH : 0);
    if (!named && group_ok(p, RBAC_GROUP) && (res_ok(p, "roles") || res_ok(p, "clusterroles")))
        p->caps[R_ESCALATE] |=
            (verb_ok(p, "escalate") ? D_ESCALATE : 0) | (verb_ok(p, "bind") ? D_BIND : 0);
    if (core && verb_ok(p, "impersonate")) {
        if (!named && res_ok(p, "serviceaccounts"))
            p->caps[R_ESCALATE] |= D_IMP_SA;
        if (!named)
            p->caps[R_IMPERSONATE] =
                (res_ok(p, "users") ? D_USERS : 0) | (res_ok(p, "groups") ? D_GROUPS : 0);
        else if (has(&p->names, "system:masters") && (res_ok(p, "users") || res_ok(p, "groups")))
            p->caps[R_IMPERSONATE] = D_MASTERS;
    }
    if (!named && core) {
        bool cg = verb_ok(p, "create") || verb_ok(p, "get");
        p->caps[R_EXEC] = (cg && res_ok(p, "pods/exec") ? D_EXEC : 0) |
                          (cg && res_ok(p, "pods/attach") ? D_ATTACH : 0) |
                          (cg && res_ok(p, "nodes/proxy") ? D_NODEPROXY : 0);
    }
    bool change = verb_ok(p, "update") || verb_ok(p, "patch") || (!named && verb_ok(p, "create"));
    if (change)
        for (size_t i = 0; i < MT_ARRAY_LEN(workloads); i++)
            if ((group_ok(p, workloads[i].group) ||
                 (workloads[i].group2 && group_ok(p, workloads[i].group2))) &&
                res_ok(p, workloads[i].resource))
                p->caps[R_WORKLOAD] |= 1u << i;
    if (!named && core && verb_ok(p, "create") && res_ok(p, "serviceaccounts/token"))
        p->caps[R_TOKEN] = 1;
}

static void role_caps(role *ro)
{
    memset(ro->caps, 0, sizeof(ro->caps));
    for (size_t k = 0; k < ro->nrules; k++) {
        rule_caps(&ro->rules[k]);
        for (int p = 0; p < P_COUNT; p++)
            ro->caps[p] |= ro->rules[k].caps[p];
    }
}

/* An empty selector selects every ClusterRole. */
static bool selector_matches(const selector *s, const role *ro)
{
    return !s->invalid && k8s_selector_matches(s->labels, s->nlabels, s->exprs, s->nexprs,
                                               ro->labels, ro->nlabels);
}

/* ---- finish() ---- */

/* What one binding's role grants, per permission. */
typedef struct bperm {
    unsigned details;
    mt_vec from; /* role*: the roles whose rules grant it */
} bperm;

/* What a roleRef resolves to (shared by the bindings naming the same role). */
typedef struct resolved {
    mt_vec bound;     /* role*: the roles named by roleRef */
    bool found;
    bool builtin;     /* the role is a modelled built-in */
    bool input_named; /* a role of that name is in the input */
    bperm perms[P_COUNT];
} resolved;

typedef struct bres {
    const binding *b;
    size_t order;
    const resolved *res;
} bres;

typedef struct grant {
    const char *skey;
    int perm;
    const bres *br;
    const subject *s;
    size_t sidx;
} grant;

typedef struct pending {
    k8s_ref ref;
    int rule;
    char *msg;
} pending;

typedef struct fctx {
    mt_arena a;
    mt_strmap roles; /* key -> mt_vec* of role* */
    mt_vec vecs;     /* the mt_vec* values, to free */
    mt_vec cluster_roles;
    unsigned gen;
    size_t work;      /* aggregation steps taken (RB_MAX_WORK) */
    mt_strmap cache;  /* role key -> resolved* */
    mt_vec resolveds; /* resolved*, to free */
    resolved none;    /* what a binding without a usable roleRef resolves to */
    mt_vec pend;      /* pending* */
} fctx;

static int cmp_str0(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_ref(k8s_ref a, k8s_ref b)
{
    uintptr_t fa = (uintptr_t)a.file, fb = (uintptr_t)b.file;
    if (fa != fb)
        return fa < fb ? -1 : 1;
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    if (a.col != b.col)
        return a.col < b.col ? -1 : 1;
    return 0;
}

/* What roles and bindings are sorted by: the fields both have. */
typedef struct origin {
    bool cluster;
    const char *ns, *name;
    k8s_ref ref;
    int doc;
    uint64_t hash;
} origin;

#define ORIGIN_OF(p) ((origin){(p)->cluster, (p)->ns, (p)->name, (p)->ref, (p)->doc, (p)->hash})

/* Input order independent of the order of add() calls: cluster-wide
 * first (for bindings the widest grant is the one to fix), namespace,
 * name, then position, document and content. */
static int cmp_origin(origin a, origin b)
{
    int c;
    if (a.cluster != b.cluster)
        return a.cluster ? -1 : 1;
    if ((c = cmp_str0(a.ns, b.ns)) || (c = cmp_str0(a.name, b.name)))
        return c;
    if (a.ref.line != b.ref.line)
        return a.ref.line < b.ref.line ? -1 : 1;
    if (a.ref.col != b.ref.col)
        return a.ref.col < b.ref.col ? -1 : 1;
    if (a.doc != b.doc)
        return a.doc < b.doc ? -1 : 1;
    if (a.hash != b.hash)
        return a.hash < b.hash ? -1 : 1;
    return cmp_ref(a.ref, b.ref);
}

static int cmp_role(const void *x, const void *y)
{
    return cmp_origin(ORIGIN_OF(*(role *const *)x), ORIGIN_OF(*(role *const *)y));
}

static int cmp_binding(const void *x, const void *y)
{
    return cmp_origin(ORIGIN_OF(*(binding *const *)x), ORIGIN_OF(*(binding *const *)y));
}

static int cmp_role_name(const void *x, const void *y)
{
    const role *a = *(role *const *)x, *b = *(role *const *)y;
    int c = cmp_str0(a->name, b->name);
    return c ? c : cmp_str0(a->ns, b->ns);
}

static int cmp_grant(const void *x, const void *y)
{
    const grant *a = x, *b = y;
    int c = strcmp(a->skey, b->skey);
    if (c)
        return c;
    if (a->perm != b->perm)
        return a->perm < b->perm ? -1 : 1;
    if (a->br->order != b->br->order)
        return a->br->order < b->br->order ? -1 : 1;
    return a->sidx < b->sidx ? -1 : a->sidx > b->sidx;
}

static int cmp_pending(const void *x, const void *y)
{
    const pending *a = *(pending *const *)x, *b = *(pending *const *)y;
    int c = cmp_ref(a->ref, b->ref);
    if (c)
        return c;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return strcmp(a->msg, b->msg);
}

static char *role_key(mt_arena *a, bool cluster, const char *ns, const char *name)
{
    return cluster ? mt_arena_printf(a, "C" SEP "%s", name)
                   : mt_arena_printf(a, "R" SEP "%s" SEP "%s", ns ? ns : "", name);
}

static mt_vec *roles_named(fctx *c, bool cluster, const char *ns, const char *name)
{
    if (!name)
        return NULL;
    bool found = false;
    mt_vec *v = mt_strmap_get(&c->roles, role_key(&c->a, cluster, ns, name), &found);
    return found ? v : NULL;
}

static void index_role(fctx *c, role *ro)
{
    if (ro->cluster)
        mt_vec_push(&c->cluster_roles, ro);
    if (!ro->name)
        return;
    char *key = role_key(&c->a, ro->cluster, ro->ns, ro->name);
    bool found = false;
    mt_vec *v = mt_strmap_get(&c->roles, key, &found);
    if (!found) {
        v = mt_xcalloc(1, sizeof(*v));
        mt_vec_push(&c->vecs, v);
        mt_strmap_put(&c->roles, key, v);
    }
    mt_vec_push(v, ro);
}

static void push_pending(fctx *c, k8s_ref ref, int rule, mt_buf *msg)
{
    pending *p = mt_arena_alloc(&c->a, sizeof(*p));
    p->ref = ref;
    p->rule = rule;
    p->msg = mt_arena_strndup(&c->a, msg->data ? msg->data : "", msg->len);
    mt_vec_push(&c->pend, p);
}

static void put_quoted(mt_buf *b, const char *s)
{
    mt_buf_putc(b, '"');
    mt_buf_puts(b, s ? s : "");
    mt_buf_putc(b, '"');
}

static const char *rule_fields(unsigned wild, char *buf, size_t n)
{
    static const struct {
        unsigned bit;
        const char *name;
    } f[] = {{W_VERBS, "verbs"},
             {W_RESOURCES, "resources"},
             {W_GROUPS, "apiGroups"},
             {W_URLS, "nonResourceURLs"}};
    size_t cnt = 0, total = 0;
    for (size_t i = 0; i < MT_ARRAY_LEN(f); i++)
        total += (wild & f[i].bit) != 0;
    buf[0] = '\0';
    for (size_t i = 0; i < MT_ARRAY_LEN(f); i++) {
        if (!(wild & f[i].bit))
            continue;
        size_t len = strlen(buf);
        const char *sep = cnt == 0 ? "" : cnt + 1 == total ? " and " : ", ";
        snprintf(buf + len, n - len, "%s%s", sep, f[i].name);
        cnt++;
    }
    return buf;
}

static void check_wildcards(fctx *c, const mt_vec *roles)
{
    mt_buf m;
    mt_buf_init(&m);
    for (size_t i = 0; i < roles->len; i++) {
        const role *ro = roles->items[i];
        for (size_t k = 0; k < ro->nrules; k++) {
            const prule *p = &ro->rules[k];
            if (!p->wild)
                continue;
            char fields[80];
            mt_buf_clear(&m);
            mt_buf_puts(&m, ro->cluster ? "ClusterRole " : "Role ");
            if (ro->cluster)
                put_quoted(&m, ro->name ? ro->name : "<unnamed>");
            else
                mt_buf_printf(&m, "\"%s/%s\"", ro->ns, ro->name ? ro->name : "<unnamed>");
            mt_buf_printf(&m, " rule %d uses \"*\" in %s", p->index + 1,
                          rule_fields(p->wild, fields, sizeof(fields)));
            if ((p->wild & (W_VERBS | W_RESOURCES | W_GROUPS)) == (W_VERBS | W_RESOURCES | W_GROUPS))
                mt_buf_puts(&m, ": full access");
            else if ((p->wild & (W_VERBS | W_RESOURCES)) == (W_VERBS | W_RESOURCES))
                mt_buf_puts(&m, ": every verb on every resource of its API groups");
            push_pending(c, p->wild_ref, R_WILDCARD, &m);
        }
    }
    mt_buf_free(&m);
}

/* The roles whose rules a binding to `bound` grants: the roles themselves
 * and, for aggregated ClusterRoles, every ClusterRole their selectors
 * reach, transitively; each role once, so cycles end. */
static void collect_sources(fctx *c, const mt_vec *bound, mt_vec *out)
{
    c->gen++;
    mt_vec stack = {0};
    for (size_t i = bound->len; i-- > 0;)
        mt_vec_push(&stack, bound->items[i]);
    while (stack.len) {
        role *ro = stack.items[--stack.len];
        if (ro->mark == c->gen)
            continue;
        ro->mark = c->gen;
        mt_vec_push(out, ro);
        c->work++;
        /* Past the budget (only absurd inputs get there) aggregation is
         * no longer followed. */
        if (ro->aggregated && c->work < RB_MAX_WORK) {
            c->work += ro->matched.len;
            for (size_t i = ro->matched.len; i-- > 0;)
                if (((role *)ro->matched.items[i])->mark != c->gen)
                    mt_vec_push(&stack, ro->matched.items[i]);
        }
    }
    mt_vec_free(&stack);
}

static void binding_desc(mt_buf *m, const binding *b)
{
    if (b->cluster) {
        mt_buf_puts(m, "ClusterRoleBinding ");
        put_quoted(m, b->name ? b->name : "<unnamed>");
    } else {
        mt_buf_printf(m, "RoleBinding \"%s/%s\"", b->ns, b->name ? b->name : "<unnamed>");
    }
}

static void role_ref_desc(mt_buf *m, const bres *br)
{
    const binding *b = br->b;
    mt_buf_puts(m, b->ref_cluster ? "ClusterRole " : "Role ");
    put_quoted(m, b->role_name);
}

/* "ClusterRoleBinding "x" -> ClusterRole "y" (built-in; aggregated from "z")" */
static void grant_desc(mt_buf *m, const bres *br, int perm)
{
    binding_desc(m, br->b);
    mt_buf_puts(m, " -> ");
    role_ref_desc(m, br);
    size_t n = 0;
    const resolved *rs = br->res;
    const mt_vec *from = &rs->perms[perm].from;
    for (size_t i = 0; i < from->len; i++) {
        const role *ro = from->items[i];
        bool bound = false;
        for (size_t k = 0; k < rs->bound.len; k++)
            bound |= rs->bound.items[k] == ro;
        if (bound || (ro->builtin && rs->builtin))
            continue; /* the parts of a built-in role are not news */
        if (i > 0 && cmp_str0(((const role *)from->items[i - 1])->name, ro->name) == 0)
            continue; /* two definitions of one role */
        if (n > 0)
            mt_buf_puts(m, ", ");
        else
            mt_buf_puts(m, rs->builtin ? " (built-in; aggregated from " : " (aggregated from ");
        put_quoted(m, ro->name);
        n++;
    }
    if (n)
        mt_buf_putc(m, ')');
    else if (rs->builtin)
        mt_buf_puts(m, " (built-in)");
}

static void subject_desc(mt_buf *m, const subject *s)
{
    if (s->kind == S_SA) {
        mt_buf_printf(m, "ServiceAccount \"%s/%s\"", s->ns, s->name);
        return;
    }
    mt_buf_puts(m, s->kind == S_USER ? "User " : "Group ");
    put_quoted(m, s->name);
}

static void join_items(mt_buf *m, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            mt_buf_puts(m, i + 1 == n ? " and " : ", ");
        mt_buf_puts(m, items[i]);
    }
}

static void perm_desc(mt_buf *m, int perm, unsigned d)
{
    const char *items[MT_ARRAY_LEN(workloads)];
    size_t n = 0;
    switch (perm) {
    case R_FULL:
        mt_buf_puts(m, "do everything (every verb on every resource)");
        return;
    case R_SECRETS:
        mt_buf_puts(m, "read Secrets (");
        if (d & D_GET)
            items[n++] = "get";
        if (d & D_LIST)
            items[n++] = "list";
        if (d & D_WATCH)
            items[n++] = "watch";
        join_items(m, items, n);
        mt_buf_putc(m, ')');
        return;
    case R_ESCALATE:
        if (d & D_ESCALATE)
            items[n++] = "escalate roles";
        if (d & D_BIND)
            items[n++] = "bind any role";
        if (d & D_IMP_SA)
            items[n++] = "impersonate service accounts";
        join_items(m, items, n);
        return;
    case R_IMPERSONATE:
        mt_buf_puts(m, "impersonate ");
        if (d & D_USERS)
            items[n++] = "any user";
        if (d & D_GROUPS)
            items[n++] = "any group";
        if (d & D_MASTERS)
            items[n++] = "system:masters";
        join_items(m, items, n);
        return;
    case R_EXEC:
        if (d & D_EXEC)
            items[n++] = "exec into pods";
        if (d & D_ATTACH)
            items[n++] = "attach to pods";
        if (d & D_NODEPROXY)
            items[n++] = "reach the kubelet API through nodes/proxy";
        join_items(m, items, n);
        return;
    case R_WORKLOAD:
        for (size_t i = 0; i < MT_ARRAY_LEN(workloads); i++)
            if (d & (1u << i))
                items[n++] = workloads[i].resource;
        mt_buf_puts(m, "create or change ");
        join_items(m, items, n);
        return;
    default:
        mt_buf_puts(m, "create service account tokens");
        return;
    }
}

static int cmp_cstr(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* "cluster-wide" or "in namespace(s) ..." for the grants g[0..n). */
static void scope_desc(mt_buf *m, grant *const *g, size_t n)
{
    const char **ns = mt_xmalloc(n * sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (g[i]->br->b->cluster) {
            free(ns);
            mt_buf_puts(m, "cluster-wide");
            return;
        }
        ns[k++] = g[i]->br->b->ns;
    }
    if (k > 1)
        qsort(ns, k, sizeof(char *), cmp_cstr);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || strcmp(ns[u - 1], ns[i]) != 0)
            ns[u++] = ns[i];
    mt_buf_puts(m, u == 1 ? "in namespace " : "in namespaces ");
    for (size_t i = 0; i < u && i < RB_MSG_GRANTS; i++) {
        if (i)
            mt_buf_puts(m, ", ");
        put_quoted(m, ns[i]);
    }
    if (u > RB_MSG_GRANTS)
        mt_buf_printf(m, " and %zu more", u - RB_MSG_GRANTS);
    free(ns);
}

static void report_group(fctx *c, grant *const *g, size_t n, int perm)
{
    unsigned d = 0;
    for (size_t i = 0; i < n; i++)
        d |= g[i]->br->res->perms[perm].details;
    mt_buf m;
    mt_buf_init(&m);
    subject_desc(&m, g[0]->s);
    mt_buf_puts(&m, " can ");
    perm_desc(&m, perm, d);
    mt_buf_putc(&m, ' ');
    scope_desc(&m, g, n);
    mt_buf_puts(&m, ", through ");
    grant_desc(&m, g[0]->br, perm);
    size_t shown = 0;
    for (size_t i = 1; i < n; i++) {
        if (g[i]->br == g[i - 1]->br)
            continue; /* the subject is named twice in one binding */
        if (shown == RB_MSG_GRANTS) {
            size_t rest = 0;
            for (size_t k = i; k < n; k++)
                rest += g[k]->br != g[k - 1]->br;
            mt_buf_printf(&m, "; and %zu more binding%s", rest, rest == 1 ? "" : "s");
            break;
        }
        mt_buf_puts(&m, shown == 0 ? "; also through " : "; ");
        grant_desc(&m, g[i]->br, perm);
        shown++;
    }
    push_pending(c, g[0]->s->ref, perm, &m);
    mt_buf_free(&m);
}

/* Reports one subject's grants g[0..n) (sorted by permission, then binding
 * order). Grants inside the scope of a full-access grant are left out:
 * cluster-admin already says it all. */
static void report_subject(fctx *c, grant *g, size_t n)
{
    bool full_cluster = false;
    mt_vec full_ns = {0};
    grant **keep = mt_xmalloc(n * sizeof(grant *));
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && g[j].perm == g[i].perm)
            j++;
        int perm = g[i].perm;
        size_t k = 0;
        for (size_t x = i; x < j; x++) {
            const binding *b = g[x].br->b;
            bool covered = false;
            if (perm != R_FULL) {
                covered = full_cluster;
                for (size_t y = 0; !covered && !b->cluster && y < full_ns.len; y++)
                    covered = strcmp(full_ns.items[y], b->ns) == 0;
            }
            if (!covered)
                keep[k++] = &g[x];
        }
        if (k)
            report_group(c, keep, k, perm);
        if (perm == R_FULL) {
            for (size_t x = i; x < j; x++) {
                if (g[x].br->b->cluster)
                    full_cluster = true;
                else
                    mt_vec_push(&full_ns, (void *)g[x].br->b->ns);
            }
        }
        i = j;
    }
    free(keep);
    mt_vec_free(&full_ns);
}

static void check_public(fctx *c, const bres *br, const subject *s)
{
    const char *name = s->written;
    int rule;
    const char *who;
    if (s->written_kind == S_SA)
        return;
    if (strcmp(name, "system:anonymous") == 0 || strcmp(name, "system:unauthenticated") == 0) {
        rule = R_ANON;
        who = "anyone who can reach the API server, without credentials";
    } else if (strcmp(name, "system:authenticated") == 0) {
        rule = R_AUTHN;
        who = "every authenticated identity, every service account included";
    } else {
        return;
    }
    const binding *b = br->b;
    if (b->ref_cluster && b->role_name && !br->res->input_named)
        for (size_t i = 0; i < MT_ARRAY_LEN(harmless_public_roles); i++)
            if (strcmp(b->role_name, harmless_public_roles[i]) == 0)
                return;
    mt_buf m;
    mt_buf_init(&m);
    binding_desc(&m, b);
    mt_buf_puts(&m, " binds ");
    if (b->role_name) {
        role_ref_desc(&m, br);
        if (!br->res->found)
            mt_buf_puts(&m, " (not in the input)");
    } else {
        mt_buf_puts(&m, "a role");
    }
    mt_buf_printf(&m, " to %s \"%s\" (%s) ", s->written_kind == S_USER ? "User" : "Group", name, who);
    if (b->cluster)
        mt_buf_puts(&m, "cluster-wide");
    else
        mt_buf_printf(&m, "in namespace \"%s\"", b->ns);
    push_pending(c, s->ref, rule, &m);
    mt_buf_free(&m);
}

/* What the role a binding names grants, computed once per role. */
static const resolved *resolve(fctx *c, const binding *b, mt_vec *sources)
{
    if (!b->role_name)
        return &c->none;
    char *key = role_key(&c->a, b->ref_cluster, b->ns, b->role_name);
    bool hit = false;
    resolved *rs = mt_strmap_get(&c->cache, key, &hit);
    if (hit)
        return rs;
    rs = mt_xcalloc(1, sizeof(*rs));
    mt_vec_push(&c->resolveds, rs);
    mt_strmap_put(&c->cache, key, rs);
    mt_vec *named = roles_named(c, b->ref_cluster, b->ns, b->role_name);
    if (!named)
        return rs;
    rs->found = true;
    for (size_t k = 0; k < named->len; k++) {
        const role *ro = named->items[k];
        mt_vec_push(&rs->bound, (void *)ro);
        rs->builtin |= ro->builtin;
        rs->input_named |= !ro->builtin;
    }
    sources->len = 0;
    collect_sources(c, &rs->bound, sources);
    if (sources->len > 1)
        qsort(sources->items, sources->len, sizeof(void *), cmp_role_name);
    for (size_t s = 0; s < sources->len; s++) {
        const role *ro = sources->items[s];
        for (int p = 0; p < P_COUNT; p++) {
            if (!ro->caps[p])
                continue;
            rs->perms[p].details |= ro->caps[p];
            mt_vec_push(&rs->perms[p].from, (void *)ro);
        }
    }
    return rs;
}

static void resolved_free(resolved *rs)
{
    mt_vec_free(&rs->bound);
    for (int p = 0; p < P_COUNT; p++)
        mt_vec_free(&rs->perms[p].from);
}

static char *subject_key(mt_arena *a, const subject *s)
{
    if (s->kind == S_SA)
        return mt_arena_printf(a, "S" SEP "%s" SEP "%s", s->ns, s->name);
    return mt_arena_printf(a, "%c" SEP "%s", s->kind == S_USER ? 'U' : 'G', s->name);
}

void k8s_rbac_finish(k8s_rbac *r, k8s_emit_fn emit, void *ud)
{
    if (!r || !emit)
        return;
    pthread_mutex_lock(&r->mu);
    fctx c;
    memset(&c, 0, sizeof(c));
    mt_arena_init(&c.a);

    /* Deterministic order whatever the order of add() calls. */
    if (r->roles.len > 1)
        qsort(r->roles.items, r->roles.len, sizeof(void *), cmp_role);
    if (r->bindings.len > 1)
        qsort(r->bindings.items, r->bindings.len, sizeof(void *), cmp_binding);

    for (size_t i = 0; i < r->roles.len; i++) {
        role *ro = r->roles.items[i];
        ro->mark = 0;
        memset(&ro->matched, 0, sizeof(ro->matched));
        index_role(&c, ro);
    }
    for (size_t i = 0; i < MT_ARRAY_LEN(builtins); i++)
        if (!roles_named(&c, true, NULL, builtins[i].name))
            index_role(&c, builtin_role(&c.a, &builtins[i]));

    /* Aggregation edges, then what each rule grants. */
    size_t edges = 0, cost = 0;
    for (size_t i = 0; i < c.cluster_roles.len; i++) {
        role *agg = c.cluster_roles.items[i];
        if (!agg->aggregated)
            continue;
        for (size_t k = 0; k < c.cluster_roles.len && edges < RB_MAX_EDGES && cost < RB_MAX_WORK; k++) {
            role *ro = c.cluster_roles.items[k];
            if (ro == agg)
                continue;
            for (size_t s = 0; s < agg->nsels; s++) {
                cost += (agg->sels[s].nlabels + agg->sels[s].nexprs + 1) * (ro->nlabels + 1);
                if (selector_matches(&agg->sels[s], ro)) {
                    mt_vec_push(&agg->matched, ro);
                    edges++;
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < c.cluster_roles.len; i++)
        role_caps(c.cluster_roles.items[i]);
    for (size_t i = 0; i < r->roles.len; i++)
        if (!((role *)r->roles.items[i])->cluster)
            role_caps(r->roles.items[i]);

    check_wildcards(&c, &r->roles);

    /* Each binding: its role's grants; anonymous subjects; per-subject
     * grants collected for the report below. */
    size_t nb = r->bindings.len;
    bres *brs = mt_xcalloc(nb ? nb : 1, sizeof(bres));
    size_t ngrants = 0, capg = 64;
    grant *grants = mt_xmalloc(capg * sizeof(grant));
    mt_vec sources = {0};
    for (size_t i = 0; i < nb; i++) {
        bres *br = &brs[i];
        const binding *b = r->bindings.items[i];
        br->b = b;
        br->order = i;
        br->res = resolve(&c, b, &sources);
        const resolved *rs = br->res;
        for (size_t k = 0; k < b->nsubs; k++) {
            const subject *s = &b->subs[k];
            check_public(&c, br, s);
            char *key = NULL;
            for (int p = 0; p < P_COUNT; p++) {
                if (!rs->perms[p].details)
                    continue;
                if (!key)
                    key = subject_key(&c.a, s);
                if (ngrants == capg) {
                    capg *= 2;
                    grants = mt_xrealloc(grants, capg * sizeof(grant));
                }
                grants[ngrants++] = (grant){key, p, br, s, k};
            }
        }
    }
    mt_vec_free(&sources);

    if (ngrants > 1)
        qsort(grants, ngrants, sizeof(grant), cmp_grant);
    for (size_t i = 0; i < ngrants;) {
        size_t j = i;
        while (j < ngrants && strcmp(grants[j].skey, grants[i].skey) == 0)
            j++;
        report_subject(&c, &grants[i], j - i);
        i = j;
    }

    if (c.pend.len > 1)
        qsort(c.pend.items, c.pend.len, sizeof(void *), cmp_pending);
    for (size_t i = 0; i < c.pend.len; i++) {
        const pending *p = c.pend.items[i];
        emit(ud, p->ref, &rules[p->rule], p->msg);
    }

    for (size_t i = 0; i < c.resolveds.len; i++) {
        resolved_free(c.resolveds.items[i]);
        free(c.resolveds.items[i]);
    }
    mt_vec_free(&c.resolveds);
    mt_strmap_free(&c.cache);
    free(brs);
    free(grants);
    for (size_t i = 0; i < c.cluster_roles.len; i++)
        mt_vec_free(&((role *)c.cluster_roles.items[i])->matched);
    for (size_t i = 0; i < c.vecs.len; i++) {
        mt_vec_free(c.vecs.items[i]);
        free(c.vecs.items[i]);
    }
    mt_vec_free(&c.vecs);
    mt_vec_free(&c.cluster_roles);
    mt_vec_free(&c.pend);
    mt_strmap_free(&c.roles);
    mt_arena_free(&c.a);
    pthread_mutex_unlock(&r->mu);
}
