/* netpol.c — NetworkPolicy analysis over the whole input set (see k8s.h):
 * which namespaces lack a default-deny policy, which workloads no policy
 * isolates, and which egress rules reach the cloud metadata service.
 *
 * k8s_netpol_add() copies, under the set's lock, what the analysis needs
 * into the set's arena: per NetworkPolicy its pod selector, effective
 * policy types, whether it has a rule allowing all traffic per direction
 * and the egress rules that reach the metadata address (already judged);
 * per workload its namespace, pod labels and owners; per Namespace object
 * its position. k8s_netpol_finish() sorts everything by stable keys (never
 * by the order of add() calls, which threads make arbitrary) and reports
 * namespace by namespace.
 *
 * Semantics follow the NetworkPolicy API (networking.k8s.io/v1):
 * - a policy only selects pods of its own namespace; an empty (or absent)
 *   podSelector selects all of them; matchLabels and matchExpressions
 *   (In, NotIn, Exists, DoesNotExist) are evaluated as the API server's
 *   label selectors are (NotIn also matches pods without the key);
 * - with policyTypes absent or empty a policy has type Ingress, and Egress
 *   too when it has egress rules;
 * - a pod is isolated in a direction when a policy of that type selects
 *   it; what is allowed is the union of the rules of those policies, so
 *   one selecting policy with a rule that has neither peers nor ports
 *   ("allow all") opens that direction completely.
 * A policy whose podSelector the API server would refuse (unknown
 * operator, In without values, ...) is ignored as if it did not exist.
 *
 * Ownership: everything recorded lives in the set's arena; findings'
 * messages are passed to the emit callback, which copies what it keeps. */
#include "k8s/k8s.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"
#include "k8s/podspec.h"

/* Bounds against hostile input. A selector larger than these is treated
 * as invalid (its policy is ignored, so nothing looks better protected
 * than it is); extra labels, rules, peers or ports are not read. */
#define NP_MAX_LABELS 512
#define NP_MAX_REQS 512
#define NP_MAX_VALUES 512
#define NP_MAX_OWNERS 64
#define NP_MAX_RULES 1024
#define NP_MAX_PEERS 1024
#define NP_MAX_PORTS 1024
#define NP_MAX_EXCEPTS 1024
#define NP_MAX_OPEN 256   /* KS3004 findings kept per policy */
#define NP_MAX_NAMES 3    /* policy names listed in a KS3003 message */

/* ---- rules ---- */

#define A(...) {__VA_ARGS__}
#define RULE(id, aliases, sev, title, desc, fix) {id, aliases, sev, "kubernetes", title, desc, fix, false}

enum { R_DENY_INGRESS, R_DENY_EGRESS, R_UNSELECTED, R_METADATA, R_COUNT };

static const mt_rule rules[R_COUNT] = {
    [R_DENY_INGRESS] = RULE(
        "KS3001", A("MissingDefaultDenyIngressNetworkPolicy"), MT_SEV_MEDIUM,
        "Namespace has no default-deny ingress NetworkPolicy",
        "Without a NetworkPolicy that selects every pod of the namespace and allows no "
        "ingress, any pod no other policy isolates accepts connections from every pod of the "
        "cluster (and from outside it, wherever it is exposed). Each new workload starts "
        "open until someone writes a policy for it.",
        "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no ingress "
        "rules to the namespace, then allow the traffic each workload needs with policies "
        "that select it. Remove policies that select every pod and allow all ingress."),
    [R_DENY_EGRESS] = RULE(
        "KS3002", A("MissingDefaultDenyEgressNetworkPolicy"), MT_SEV_LOW,
        "Namespace has no default-deny egress NetworkPolicy",
        "Without a NetworkPolicy that selects every pod of the namespace and allows no "
        "egress, a compromised pod can connect anywhere: other workloads, the Kubernetes "
        "API, the cloud metadata service and the internet, which makes lateral movement "
        "and data exfiltration easy.",
        "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Egress]` and no egress "
        "rules to the namespace, then allow the destinations each workload needs (DNS "
        "included) with policies that select it."),
    [R_UNSELECTED] = RULE(
        "KS3003", A("non-isolated-pod", "pod-networkpolicy"), MT_SEV_MEDIUM,
        "Workload is not isolated by any NetworkPolicy",
        "Pods that no NetworkPolicy selects (or that only policies allowing all traffic "
        "select) accept connections from any pod and may connect anywhere: nothing limits "
        "what an attacker who reaches or compromises them can do on the network.",
        "Select the workload's pods with a NetworkPolicy (a namespace-wide default-deny "
        "policy does this for every workload) that allows only the traffic it needs; do "
        "not rely on policies whose rules allow everything."),
    [R_METADATA] = RULE(
        "KS3004", A(), MT_SEV_HIGH,
        "Egress rule allows the cloud metadata service",
        "An egress rule that allows 0.0.0.0/0 (or ::/0, or any range containing "
        "169.254.169.254) or that has no `to` at all lets the selected pods reach the cloud "
        "provider's instance metadata service, which hands out the node's credentials. "
        "Server-side request forgery in the pod then becomes access to the cloud account.",
        "Add an `except` entry that covers the metadata address (169.254.169.254/32, or "
        "fd00:ec2::254/128 for IPv6) to the ipBlock, or allow only the ranges the workload "
        "needs; give rules without `to` a list of destinations."),
};

const mt_rule *k8s_netpol_rules(size_t *n)
{
    *n = R_COUNT;
    return rules;
}

/* ---- the recorded model ---- */

typedef struct np_kv {
    const char *key, *value;
} np_kv;

/* A label selector (k8s.h); matchLabels entries become In requirements
 * with one value. */
typedef struct np_sel {
    k8s_sel_req *reqs;
    size_t nreqs; /* 0: selects every pod of the namespace */
} np_sel;

typedef struct np_workload {
    const char *ns, *kind, *name, *source;
    int doc;
    k8s_ref at;
    k8s_label *labels;
    size_t nlabels;
    np_kv *owners; /* key = owner kind, value = owner name */
    size_t nowners;
} np_workload;

/* A KS3004 finding, judged at add() time. */
typedef struct np_open {
    k8s_ref at;
    const char *msg;
} np_open;

typedef struct np_policy {
    const char *ns, *name, *source;
    int doc;
    k8s_ref at;
    np_sel sel;
    bool ingress, egress; /* effective policy types */
    size_t n_ingress, n_egress; /* rules */
    bool ingress_all, egress_all; /* a rule of that direction allows everything */
    np_open *opens;
    size_t nopens;
} np_policy;

typedef struct np_nsobj {
    const char *name, *source;
    int doc;
    k8s_ref at;
} np_nsobj;

struct k8s_netpol {
    pthread_mutex_t lock;
    mt_arena arena;
    mt_vec workloads; /* np_workload* */
    mt_vec policies;  /* np_policy* */
    mt_vec nsobjs;    /* np_nsobj* */
};

k8s_netpol *k8s_netpol_new(void)
{
    k8s_netpol *p = mt_xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    mt_arena_init(&p->arena);
    return p;
}

void k8s_netpol_free(k8s_netpol *p)
{
    if (!p)
        return;
    mt_vec_free(&p->workloads);
    mt_vec_free(&p->policies);
    mt_vec_free(&p->nsobjs);
    mt_arena_free(&p->arena);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* ---- small readers ---- */

static bool is_null(struct fy_node *n)
{
    return !n || mt_yaml_is_null(n);
}

static bool is_type(struct fy_node *n, enum fy_node_type t)
{
    return n && fy_node_get_type(n) == t;
}

static size_t seq_len(struct fy_node *n)
{
    return is_type(n, FYNT_SEQUENCE) ? (size_t)fy_node_sequence_item_count(n) : 0;
}

/* A label value: a scalar's text, "" for null (as the API's JSON decoding
 * gives), NULL for anything else. */
static const char *label_value(struct fy_node *n)
{
    if (is_null(n))
        return "";
    return k8s_str(n);
}

static const char *adup(mt_arena *a, const char *s)
{
    return s ? mt_arena_strdup(a, s) : NULL;
}

/* "apps/v1" -> true when the group is one of groups (NULL-terminated; ""
 * is the core group). A missing apiVersion is accepted. */
static bool api_group_is(const char *api_version, const char *const *groups)
{
    if (!api_version)
        return true;
    const char *slash = strchr(api_version, '/');
    size_t glen = slash ? (size_t)(slash - api_version) : 0;
    for (size_t i = 0; groups[i]; i++)
        if (strlen(groups[i]) == glen && strncmp(api_version, groups[i], glen) == 0)
            return true;
    return false;
}

/* ---- label selectors ---- */

/* Reads a label selector as the API server does. An absent or null
 * selector is empty (NetworkPolicy's podSelector is not optional: an
 * omitted one is the empty selector). Returns false when the API server
 * would refuse it, or when it exceeds the bounds. */
static bool parse_selector(mt_arena *a, struct fy_node *n, np_sel *out)
{
    memset(out, 0, sizeof(*out));
    if (is_null(n))
        return true;
    if (!is_type(n, FYNT_MAPPING))
        return false;
    struct fy_node *ml = k8s_get(n, "matchLabels");
    struct fy_node *me = k8s_get(n, "matchExpressions");
    size_t nml = 0, nme = 0;
    if (!is_null(ml)) {
        if (!is_type(ml, FYNT_MAPPING))
            return false;
        nml = (size_t)fy_node_mapping_item_count(ml);
    }
    if (!is_null(me)) {
        if (!is_type(me, FYNT_SEQUENCE))
            return false;
        nme = (size_t)fy_node_sequence_item_count(me);
    }
    if (nml + nme > NP_MAX_REQS)
        return false;
    if (nml + nme == 0)
        return true;
    k8s_sel_req *reqs = mt_arena_alloc(a, (nml + nme) * sizeof(*reqs));
    size_t k = 0;
    void *it = NULL;
    struct fy_node_pair *pair;
    while (nml && (pair = fy_node_mapping_iterate(ml, &it)) != NULL) {
        const char *key = k8s_str(fy_node_pair_key(pair));
        const char *val = label_value(fy_node_pair_value(pair));
        if (!key || !*key || !val)
            return false;
        k8s_sel_req *r = &reqs[k++];
        r->key = mt_arena_strdup(a, key);
        r->op = K8S_SEL_IN;
        r->values = mt_arena_alloc(a, sizeof(*r->values));
        r->values[0] = mt_arena_strdup(a, val);
        r->nvalues = 1;
    }
    it = NULL;
    struct fy_node *e;
    while (nme && (e = fy_node_sequence_iterate(me, &it)) != NULL) {
        if (!is_type(e, FYNT_MAPPING))
            return false;
        const char *key = k8s_str(k8s_get(e, "key"));
        const char *op = k8s_str(k8s_get(e, "operator"));
        struct fy_node *vals = k8s_get(e, "values");
        if (!key || !*key || !op)
            return false;
        if (!is_null(vals) && !is_type(vals, FYNT_SEQUENCE))
            return false;
        size_t nv = seq_len(vals);
        if (nv > NP_MAX_VALUES)
            return false;
        k8s_sel_req *r = &reqs[k++];
        r->key = mt_arena_strdup(a, key);
        if (strcmp(op, "In") == 0)
            r->op = K8S_SEL_IN;
        else if (strcmp(op, "NotIn") == 0)
            r->op = K8S_SEL_NOT_IN;
        else if (strcmp(op, "Exists") == 0)
            r->op = K8S_SEL_EXISTS;
        else if (strcmp(op, "DoesNotExist") == 0)
            r->op = K8S_SEL_NOT_EXISTS;
        else
            return false;
        /* In and NotIn need values; Exists and DoesNotExist take none. */
        if ((r->op == K8S_SEL_IN || r->op == K8S_SEL_NOT_IN) != (nv > 0))
            return false;
        if (nv) {
            r->values = mt_arena_alloc(a, nv * sizeof(*r->values));
            void *vit = NULL;
            struct fy_node *v;
            while ((v = fy_node_sequence_iterate(vals, &vit)) != NULL) {
                const char *s = label_value(v);
                if (!s)
                    return false;
                r->values[r->nvalues++] = mt_arena_strdup(a, s);
            }
        }
    }
    out->reqs = reqs;
    out->nreqs = k;
    return true;
}

static bool sel_matches(const np_sel *s, const np_workload *w)
{
    return k8s_selector_matches(NULL, 0, s->reqs, s->nreqs, w->labels, w->nlabels);
}

/* ---- CIDRs ---- */

typedef struct np_cidr {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int prefix;
} np_cidr;

/* Dotted quad with decimal parts (leading zeros read as decimal, as the
 * API server's lenient parser does). */
static bool parse_ipv4(const char *s, unsigned char out[4])
{
    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            if (*s != '.')
                return false;
            s++;
        }
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s++ - '0');
            if (++digits > 3)
                return false;
        }
        if (!digits || v > 255)
            return false;
        out[i] = (unsigned char)v;
    }
    return *s == '\0';
}

/* "a.b.c.d/n" or an IPv6 address "/n". Host bits may be set (the API
 * accepts them; the network is what counts). */
static bool parse_cidr(const char *s, np_cidr *out)
{
    memset(out, 0, sizeof(*out));
    const char *slash = s ? strchr(s, '/') : NULL;
    if (!slash || slash == s || (size_t)(slash - s) >= 64)
        return false;
    char addr[64];
    memcpy(addr, s, (size_t)(slash - s));
    addr[slash - s] = '\0';
    int prefix = 0, digits = 0;
    for (const char *q = slash + 1; *q; q++) {
        if (*q < '0' || *q > '9' || ++digits > 3)
            return false;
        prefix = prefix * 10 + (*q - '0');
    }
    if (!digits)
        return false;
    if (strchr(addr, ':')) {
        if (prefix > 128 || inet_pton(AF_INET6, addr, out->addr) != 1)
            return false;
        out->family = AF_INET6;
    } else {
        if (prefix > 32 || !parse_ipv4(addr, out->addr))
            return false;
        out->family = AF_INET;
    }
    out->prefix = prefix;
    return true;
}

static bool cidr_contains(const np_cidr *c, int family, const unsigned char *a)
{
    if (c->family != family)
        return false;
    int full = c->prefix / 8, rem = c->prefix % 8;
    if (memcmp(c->addr, a, (size_t)full) != 0)
        return false;
    if (rem) {
        unsigned char mask = (unsigned char)(0xffu << (8 - rem));
        if ((c->addr[full] ^ a[full]) & mask)
            return false;
    }
    return true;
}

/* The instance metadata service: 169.254.169.254 (AWS, Google Cloud,
 * Azure, Oracle Cloud, OpenStack), and fd00:ec2::254 for AWS over IPv6. */
typedef struct np_meta_addr {
    int family;
    unsigned char addr[16];
    const char *text;
} np_meta_addr;

static const np_meta_addr meta_addrs[] = {
    {AF_INET, {169, 254, 169, 254}, "169.254.169.254"},
    {AF_INET6, {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54}, "fd00:ec2::254"},
};

/* Whether a rule's ports let TCP port 80 (where every metadata service
 * listens) through: no ports, a TCP entry without a port, with 80, with
 * a range holding 80, or with a named port (which cannot be resolved
 * here, so it may be 80). */
static bool ports_reach_metadata(struct fy_node *ports)
{
    if (seq_len(ports) == 0)
        return true;
    void *it = NULL;
    struct fy_node *pe;
    size_t seen = 0;
    while ((pe = fy_node_sequence_iterate(ports, &it)) != NULL && seen++ < NP_MAX_PORTS) {
        const char *proto = k8s_str(k8s_get(pe, "protocol"));
        if (proto && strcmp(proto, "TCP") != 0)
            continue;
        struct fy_node *port = k8s_get(pe, "port");
        if (is_null(port))
            return true;
        long long v, end;
        if (k8s_int(port, &v)) {
            if (k8s_int(k8s_get(pe, "endPort"), &end) ? (v <= 80 && 80 <= end) : v == 80)
                return true;
        } else if (k8s_str(port)) {
            return true;
        }
    }
    return false;
}

/* ---- recording ---- */

static const char *or_unnamed(const char *s)
{
    return s && *s ? s : "(unnamed)";
}

static void add_open(mt_arena *a, np_policy *pol, struct fy_node *at, void *file, size_t *cap,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add_open(mt_arena *a, np_policy *pol, struct fy_node *at, void *file, size_t *cap,
                     const char *fmt, ...)
{
    if (pol->nopens >= NP_MAX_OPEN)
        return;
    if (pol->nopens == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        np_open *n = mt_arena_alloc(a, ncap * sizeof(*n));
        if (pol->nopens)
            memcpy(n, pol->opens, pol->nopens * sizeof(*n));
        pol->opens = n;
        *cap = ncap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    np_open *o = &pol->opens[pol->nopens++];
    o->at = k8s_ref_of(file, at);
    o->msg = mt_arena_strdup(a, msg);
}

/* A rule allows everything in its direction when it has neither peers
 * nor ports (a null list item is such a rule too). */
static bool rule_allows_all(struct fy_node *rule, const char *peers_key)
{
    if (is_null(rule))
        return true;
    return seq_len(k8s_get(rule, peers_key)) == 0 && seq_len(k8s_get(rule, "ports")) == 0;
}

/* The key node of `key` in mapping m (a scalar, so it has a position). */
static struct fy_node *key_node(struct fy_node *m, const char *key)
{
    if (!is_type(m, FYNT_MAPPING))
        return NULL;
    void *it = NULL;
    struct fy_node_pair *pair;
    while ((pair = fy_node_mapping_iterate(m, &it)) != NULL) {
        const char *k = k8s_str(fy_node_pair_key(pair));
        if (k && strcmp(k, key) == 0)
            return fy_node_pair_key(pair);
    }
    return NULL;
}

/* Judges the egress rules of a policy for KS3004. egress_key is the
 * `egress` key, where findings about a rule without a position of its own
 * (`- {}`) go. */
static void judge_egress(mt_arena *a, np_policy *pol, struct fy_node *egress,
                         struct fy_node *egress_key, void *file)
{
    size_t cap = 0, ri = 0;
    void *it = NULL;
    struct fy_node *rule;
    const char *pname = or_unnamed(pol->name);
    while ((rule = fy_node_sequence_iterate(egress, &it)) != NULL && ri++ < NP_MAX_RULES) {
        if (!is_null(rule) && !is_type(rule, FYNT_MAPPING))
            continue;
        if (!ports_reach_metadata(k8s_get(rule, "ports")))
            continue;
        struct fy_node *to = k8s_get(rule, "to");
        if (seq_len(to) == 0) {
            struct fy_node *at = to ? to : rule;
            if (!to && !mt_yaml_mark(rule) && egress_key)
                at = egress_key; /* an empty mapping has no position */
            add_open(a, pol, at, file, &cap,
                     "egress rule %zu of NetworkPolicy \"%.200s\" has no `to`: it allows every "
                     "destination, the cloud metadata service (169.254.169.254) included",
                     ri, pname);
            continue;
        }
        void *pit = NULL;
        struct fy_node *peer;
        size_t pi = 0;
        while ((peer = fy_node_sequence_iterate(to, &pit)) != NULL && pi++ < NP_MAX_PEERS) {
            struct fy_node *block = k8s_get(peer, "ipBlock");
            struct fy_node *cidr_node = k8s_get(block, "cidr");
            const char *cidr_text = k8s_str(cidr_node);
            np_cidr cidr;
            if (!cidr_text || !parse_cidr(cidr_text, &cidr))
                continue;
            struct fy_node *except = k8s_get(block, "except");
            for (size_t m = 0; m < MT_ARRAY_LEN(meta_addrs); m++) {
                const np_meta_addr *ma = &meta_addrs[m];
                if (!cidr_contains(&cidr, ma->family, ma->addr))
                    continue;
                bool covered = false;
                void *eit = NULL;
                struct fy_node *ex;
                size_t ei = 0;
                while (!covered && (ex = fy_node_sequence_iterate(except, &eit)) != NULL &&
                       ei++ < NP_MAX_EXCEPTS) {
                    np_cidr ec;
                    if (parse_cidr(k8s_str(ex), &ec) && cidr_contains(&ec, ma->family, ma->addr))
                        covered = true;
                }
                if (!covered)
                    add_open(a, pol, cidr_node, file, &cap,
                             "NetworkPolicy \"%.200s\" allows egress to %.64s, which contains the "
                             "cloud metadata address %s, and no `except` entry covers it",
                             pname, cidr_text, ma->text);
            }
        }
    }
}

static void record_policy(k8s_netpol *p, const k8s_object *obj, const char *ns)
{
    mt_arena *a = &p->arena;
    struct fy_node *spec = k8s_get(obj->root, "spec");
    np_sel sel;
    if (!parse_selector(a, k8s_get(spec, "podSelector"), &sel))
        return; /* the API server would refuse the policy */
    np_policy *pol = mt_arena_alloc(a, sizeof(*pol));
    pol->ns = mt_arena_strdup(a, ns);
    pol->name = adup(a, obj->name);
    pol->source = adup(a, obj->source);
    pol->doc = obj->doc;
    struct fy_node *kind = k8s_get(obj->root, "kind");
    pol->at = k8s_ref_of(obj->file, kind ? kind : obj->root);
    pol->sel = sel;

    struct fy_node *ingress = k8s_get(spec, "ingress");
    struct fy_node *egress = k8s_get(spec, "egress");
    pol->n_ingress = seq_len(ingress);
    pol->n_egress = seq_len(egress);
    struct fy_node *types = k8s_get(spec, "policyTypes");
    size_t ntypes = seq_len(types);
    if (ntypes == 0) {
        pol->ingress = true;
        pol->egress = pol->n_egress > 0;
    } else {
        void *it = NULL;
        struct fy_node *t;
        while ((t = fy_node_sequence_iterate(types, &it)) != NULL) {
            const char *s = k8s_str(t);
            if (s && strcmp(s, "Ingress") == 0)
                pol->ingress = true;
            else if (s && strcmp(s, "Egress") == 0)
                pol->egress = true;
        }
    }
    void *it = NULL;
    struct fy_node *r;
    size_t ri = 0;
    while (pol->n_ingress && (r = fy_node_sequence_iterate(ingress, &it)) != NULL &&
           ri++ < NP_MAX_RULES)
        if (rule_allows_all(r, "from"))
            pol->ingress_all = true;
    it = NULL;
    ri = 0;
    while (pol->n_egress && (r = fy_node_sequence_iterate(egress, &it)) != NULL &&
           ri++ < NP_MAX_RULES)
        if (rule_allows_all(r, "to"))
            pol->egress_all = true;
    /* Egress rules of a policy without the Egress type are ignored by
     * Kubernetes, so they open nothing. */
    if (pol->egress && pol->n_egress)
        judge_egress(a, pol, egress, key_node(spec, "egress"), obj->file);
    mt_vec_push(&p->policies, pol);
}

/* The pod labels of a workload kind (the pod template k8s_pod_template()
 * finds), or false when kind is not one of the built-in workload API's. */
static bool workload_labels(const k8s_object *obj, struct fy_node **labels)
{
    static const char *const core[] = {"", NULL};
    static const char *const apps[] = {"apps", "extensions", NULL};
    static const char *const batch[] = {"batch", NULL};
    static const struct {
        const char *kind;
        const char *const *groups;
    } kinds[] = {
        {"Pod", core},         {"ReplicationController", core}, {"Deployment", apps},
        {"StatefulSet", apps}, {"DaemonSet", apps},             {"ReplicaSet", apps},
        {"Job", batch},        {"CronJob", batch},
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (strcmp(obj->kind, kinds[i].kind) != 0)
            continue;
        k8s_pod_parts pod;
        if (!api_group_is(obj->api_version, kinds[i].groups) || !k8s_pod_template(obj, &pod))
            return false;
        *labels = k8s_get(pod.metadata, "labels");
        return true;
    }
    return false;
}

static void record_workload(k8s_netpol *p, const k8s_object *obj, const char *ns,
                            struct fy_node *labels)
{
    mt_arena *a = &p->arena;
    np_workload *w = mt_arena_alloc(a, sizeof(*w));
    w->ns = mt_arena_strdup(a, ns);
    w->kind = mt_arena_strdup(a, obj->kind);
    w->name = adup(a, obj->name);
    w->source = adup(a, obj->source);
    w->doc = obj->doc;
    struct fy_node *kind = k8s_get(obj->root, "kind");
    w->at = k8s_ref_of(obj->file, kind ? kind : obj->root);
    if (is_type(labels, FYNT_MAPPING)) {
        size_t n = (size_t)fy_node_mapping_item_count(labels);
        if (n > NP_MAX_LABELS)
            n = NP_MAX_LABELS;
        w->labels = mt_arena_alloc(a, (n ? n : 1) * sizeof(*w->labels));
        void *it = NULL;
        struct fy_node_pair *pair;
        while (w->nlabels < n && (pair = fy_node_mapping_iterate(labels, &it)) != NULL) {
            const char *key = k8s_str(fy_node_pair_key(pair));
            const char *val = label_value(fy_node_pair_value(pair));
            if (!key || !val)
                continue;
            w->labels[w->nlabels].key = mt_arena_strdup(a, key);
            w->labels[w->nlabels].value = mt_arena_strdup(a, val);
            w->nlabels++;
        }
    }
    struct fy_node *owners = k8s_get(obj->metadata, "ownerReferences");
    size_t no = seq_len(owners);
    if (no > NP_MAX_OWNERS)
        no = NP_MAX_OWNERS;
    if (no) {
        w->owners = mt_arena_alloc(a, no * sizeof(*w->owners));
        void *it = NULL;
        struct fy_node *o;
        while (w->nowners < no && (o = fy_node_sequence_iterate(owners, &it)) != NULL) {
            const char *ok = k8s_str(k8s_get(o, "kind"));
            const char *on = k8s_str(k8s_get(o, "name"));
            if (!ok || !on)
                continue;
            w->owners[w->nowners].key = mt_arena_strdup(a, ok);
            w->owners[w->nowners].value = mt_arena_strdup(a, on);
            w->nowners++;
        }
    }
    mt_vec_push(&p->workloads, w);
}

static void record_namespace(k8s_netpol *p, const k8s_object *obj)
{
    mt_arena *a = &p->arena;
    np_nsobj *n = mt_arena_alloc(a, sizeof(*n));
    n->name = mt_arena_strdup(a, obj->name);
    n->source = adup(a, obj->source);
    n->doc = obj->doc;
    struct fy_node *kind = k8s_get(obj->root, "kind");
    n->at = k8s_ref_of(obj->file, kind ? kind : obj->root);
    mt_vec_push(&p->nsobjs, n);
}

void k8s_netpol_add(k8s_netpol *p, const k8s_object *obj)
{
    static const char *const netgroups[] = {"networking.k8s.io", "extensions", NULL};
    static const char *const core[] = {"", NULL};
    if (!p || !obj || !obj->kind || !is_type(obj->root, FYNT_MAPPING))
        return;
    const char *ns = obj->namespace && *obj->namespace ? obj->namespace : "default";
    struct fy_node *labels = NULL;
    if (strcmp(obj->kind, "NetworkPolicy") == 0) {
        /* Calico and others have NetworkPolicy kinds of their own. */
        if (!api_group_is(obj->api_version, netgroups))
            return;
        pthread_mutex_lock(&p->lock);
        record_policy(p, obj, ns);
        pthread_mutex_unlock(&p->lock);
    } else if (strcmp(obj->kind, "Namespace") == 0) {
        if (!api_group_is(obj->api_version, core) || !obj->name || !*obj->name)
            return;
        pthread_mutex_lock(&p->lock);
        record_namespace(p, obj);
        pthread_mutex_unlock(&p->lock);
    } else if (workload_labels(obj, &labels)) {
        pthread_mutex_lock(&p->lock);
        record_workload(p, obj, ns, labels);
        pthread_mutex_unlock(&p->lock);
    }
}

/* ---- judging ---- */

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_place(const char *src_a, int doc_a, k8s_ref at_a, const char *src_b, int doc_b,
                     k8s_ref at_b)
{
    int c = cmp_opt(src_a, src_b);
    if (c)
        return c;
    if (doc_a != doc_b)
        return doc_a < doc_b ? -1 : 1;
    if (at_a.line != at_b.line)
        return at_a.line < at_b.line ? -1 : 1;
    if (at_a.col != at_b.col)
        return at_a.col < at_b.col ? -1 : 1;
    return 0;
}

static int cmp_workload(const void *x, const void *y)
{
    const np_workload *a = *(np_workload *const *)x, *b = *(np_workload *const *)y;
    int c = strcmp(a->ns, b->ns);
    if (!c)
        c = cmp_opt(a->name, b->name);
    if (!c)
        c = strcmp(a->kind, b->kind);
    return c ? c : cmp_place(a->source, a->doc, a->at, b->source, b->doc, b->at);
}

static int cmp_policy(const void *x, const void *y)
{
    const np_policy *a = *(np_policy *const *)x, *b = *(np_policy *const *)y;
    int c = strcmp(a->ns, b->ns);
    if (!c)
        c = cmp_opt(a->name, b->name);
    return c ? c : cmp_place(a->source, a->doc, a->at, b->source, b->doc, b->at);
}

static int cmp_nsobj(const void *x, const void *y)
{
    const np_nsobj *a = *(np_nsobj *const *)x, *b = *(np_nsobj *const *)y;
    int c = strcmp(a->name, b->name);
    return c ? c : cmp_place(a->source, a->doc, a->at, b->source, b->doc, b->at);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void sort_vec(mt_vec *v, int (*cmp)(const void *, const void *))
{
    if (v->len > 1)
        qsort(v->items, v->len, sizeof(void *), cmp);
}

static void emitf(k8s_emit_fn emit, void *ud, k8s_ref at, int r, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void emitf(k8s_emit_fn emit, void *ud, k8s_ref at, int r, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    emit(ud, at, &rules[r], msg);
}

/* "ns\x1fkind\x1fname" for the ownership map. */
static char *owner_key(mt_buf *b, const char *ns, const char *kind, const char *name)
{
    mt_buf_clear(b);
    mt_buf_printf(b, "%s\x1f%s\x1f%s", ns, kind, name);
    return b->data;
}

/* Whether any owner of w is a workload of the input (then w's pods are
 * that workload's, which is judged instead). */
static bool owned_in_input(const np_workload *w, const mt_strmap *names, mt_buf *b)
{
    for (size_t i = 0; i < w->nowners; i++) {
        bool found = false;
        const np_kv *o = &w->owners[i];
        if (w->name && strcmp(o->key, w->kind) == 0 && strcmp(o->value, w->name) == 0)
            continue; /* itself */
        mt_strmap_get(names, owner_key(b, w->ns, o->key, o->value), &found);
        if (found)
            return true;
    }
    return false;
}

/* How the policies of its namespace treat one workload. */
typedef struct np_verdict {
    size_t selecting;       /* policies selecting it */
    bool ingress_isolated, ingress_open;
    bool egress_isolated, egress_open;
} np_verdict;

static np_verdict judge_workload(const np_workload *w, np_policy **pols, size_t npols)
{
    np_verdict v = {0};
    for (size_t i = 0; i < npols; i++) {
        const np_policy *pol = pols[i];
        if (!sel_matches(&pol->sel, w))
            continue;
        v.selecting++;
        if (pol->ingress) {
            v.ingress_isolated = true;
            v.ingress_open |= pol->ingress_all;
        }
        if (pol->egress) {
            v.egress_isolated = true;
            v.egress_open |= pol->egress_all;
        }
    }
    return v;
}

static bool restricted(bool isolated, bool open)
{
    return isolated && !open;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* KS3001 / KS3002 for one namespace and direction. */
static void judge_default_deny(k8s_emit_fn emit, void *ud, int rule, const char *dir,
                               const char *ns, k8s_ref at, np_policy **pols, size_t npols,
                               size_t nwork, size_t nopen)
{
    const np_policy *deny = NULL, *allow = NULL;
    bool ingress = rule == R_DENY_INGRESS;
    for (size_t i = 0; i < npols; i++) {
        const np_policy *pol = pols[i];
        if (pol->sel.nreqs != 0 || !(ingress ? pol->ingress : pol->egress))
            continue;
        if (!deny && (ingress ? pol->n_ingress : pol->n_egress) == 0)
            deny = pol;
        if (!allow && (ingress ? pol->ingress_all : pol->egress_all))
            allow = pol;
    }
    const char *verb = !ingress ? "may send" : nopen == 1 ? "accepts" : "accept";
    const char *what = ingress ? "ingress from any source" : "egress to any destination";
    if (!deny)
        emitf(emit, ud, at, rule,
              "namespace \"%.200s\" has no NetworkPolicy that denies all %s by default "
              "(%zu workload%s; %zu %s %s)",
              ns, dir, nwork, plural(nwork), nopen, verb, what);
    else if (allow)
        emitf(emit, ud, at, rule,
              "namespace \"%.200s\": the default-deny %s of NetworkPolicy \"%.200s\" is undone "
              "by NetworkPolicy \"%.200s\", which allows all %s to every pod (%zu workload%s; "
              "%zu %s %s)",
              ns, dir, or_unnamed(deny->name), or_unnamed(allow->name), dir, nwork,
              plural(nwork), nopen, verb, what);
}

static void judge_namespace(k8s_emit_fn emit, void *ud, const char *ns, const np_nsobj *nsobj,
                            np_workload **works, size_t nwork, np_policy **pols, size_t npols)
{
    if (nwork) {
        np_verdict *vs = mt_xcalloc(nwork, sizeof(*vs));
        size_t open_in = 0, open_eg = 0;
        for (size_t i = 0; i < nwork; i++) {
            vs[i] = judge_workload(works[i], pols, npols);
            open_in += !restricted(vs[i].ingress_isolated, vs[i].ingress_open);
            open_eg += !restricted(vs[i].egress_isolated, vs[i].egress_open);
        }
        k8s_ref at = nsobj ? nsobj->at : works[0]->at;
        judge_default_deny(emit, ud, R_DENY_INGRESS, "ingress", ns, at, pols, npols, nwork,
                           open_in);
        judge_default_deny(emit, ud, R_DENY_EGRESS, "egress", ns, at, pols, npols, nwork,
                           open_eg);
        for (size_t i = 0; i < nwork; i++) {
            const np_workload *w = works[i];
            const np_verdict *v = &vs[i];
            if (restricted(v->ingress_isolated, v->ingress_open) ||
                restricted(v->egress_isolated, v->egress_open))
                continue;
            if (!v->selecting) {
                emitf(emit, ud, w->at, R_UNSELECTED,
                      "%s \"%.200s\" in namespace \"%.200s\" is not selected by any "
                      "NetworkPolicy: its pods accept all ingress and may send all egress",
                      w->kind, or_unnamed(w->name), ns);
                continue;
            }
            char names[800];
            size_t len = 0, listed = 0;
            names[0] = '\0';
            for (size_t j = 0; j < npols && len < sizeof(names); j++) {
                if (!sel_matches(&pols[j]->sel, w))
                    continue;
                if (listed++ == NP_MAX_NAMES) {
                    len += (size_t)snprintf(names + len, sizeof(names) - len, ", ...");
                    break;
                }
                len += (size_t)snprintf(names + len, sizeof(names) - len, "%s\"%.200s\"",
                                        listed > 1 ? ", " : "", or_unnamed(pols[j]->name));
            }
            emitf(emit, ud, w->at, R_UNSELECTED,
                  "%s \"%.200s\" in namespace \"%.200s\" is selected only by NetworkPolicies "
                  "that allow all of its traffic (%s): its pods accept all ingress and may send "
                  "all egress",
                  w->kind, or_unnamed(w->name), ns, names);
        }
        free(vs);
    }
    for (size_t i = 0; i < npols; i++)
        for (size_t j = 0; j < pols[i]->nopens; j++)
            emit(ud, pols[i]->opens[j].at, &rules[R_METADATA], pols[i]->opens[j].msg);
}

void k8s_netpol_finish(k8s_netpol *p, k8s_emit_fn emit, void *ud)
{
    if (!p || !emit)
        return;
    pthread_mutex_lock(&p->lock);
    sort_vec(&p->workloads, cmp_workload);
    sort_vec(&p->policies, cmp_policy);
    sort_vec(&p->nsobjs, cmp_nsobj);

    /* Workloads whose owner is in the input are that owner's pods. */
    mt_strmap names = {0};
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < p->workloads.len; i++) {
        np_workload *w = p->workloads.items[i];
        if (w->name)
            mt_strmap_put(&names, owner_key(&b, w->ns, w->kind, w->name), w);
    }
    mt_vec works = {0};
    for (size_t i = 0; i < p->workloads.len; i++)
        if (!owned_in_input(p->workloads.items[i], &names, &b))
            mt_vec_push(&works, p->workloads.items[i]);
    mt_strmap_free(&names);
    mt_buf_free(&b);

    /* Every namespace something lives in, in name order. */
    mt_vec nss = {0};
    for (size_t i = 0; i < works.len; i++)
        mt_vec_push(&nss, (void *)((np_workload *)works.items[i])->ns);
    for (size_t i = 0; i < p->policies.len; i++)
        mt_vec_push(&nss, (void *)((np_policy *)p->policies.items[i])->ns);
    sort_vec(&nss, cmp_str);

    size_t wi = 0, pi = 0, ni = 0;
    for (size_t i = 0; i < nss.len; i++) {
        const char *ns = nss.items[i];
        if (i > 0 && strcmp(ns, nss.items[i - 1]) == 0)
            continue;
        size_t w0 = wi, p0 = pi;
        while (wi < works.len && strcmp(((np_workload *)works.items[wi])->ns, ns) == 0)
            wi++;
        while (pi < p->policies.len && strcmp(((np_policy *)p->policies.items[pi])->ns, ns) == 0)
            pi++;
        const np_nsobj *nsobj = NULL;
        while (ni < p->nsobjs.len && strcmp(((np_nsobj *)p->nsobjs.items[ni])->name, ns) < 0)
            ni++;
        if (ni < p->nsobjs.len && strcmp(((np_nsobj *)p->nsobjs.items[ni])->name, ns) == 0)
            nsobj = p->nsobjs.items[ni];
        judge_namespace(emit, ud, ns, nsobj,
                        wi > w0 ? (np_workload **)works.items + w0 : NULL, wi - w0,
                        pi > p0 ? (np_policy **)p->policies.items + p0 : NULL, pi - p0);
    }
    mt_vec_free(&nss);
    mt_vec_free(&works);
    pthread_mutex_unlock(&p->lock);
}
