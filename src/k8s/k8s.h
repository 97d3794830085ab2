/* k8s.h — Kubernetes manifests: the object model every Kubernetes check
 * sees, the loader that reads YAML/JSON streams into it (manifest.c), and
 * the analyses that need the whole input set at once (RBAC in rbac.c,
 * NetworkPolicy in netpol.c).
 *
 * Cross-set analyses work in two steps so that no document has to stay in
 * memory: *_add() is called for each object as its file is scanned (from
 * any worker thread; the set locks) and copies the little it needs into the
 * set's own arena; *_finish() runs once, after every file, and reports
 * through a k8s_emit_fn. A finding's place is a k8s_ref: an opaque handle of
 * the file (the caller's) plus line and column.
 *
 * Ownership: a k8s_object and its strings point into the loaded document
 * and live as long as it (k8s_stream). Sets own their arenas and are freed
 * with *_free(). */
#ifndef MOAT_K8S_H
#define MOAT_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include <libfyaml.h>

#include "core/finding.h"
#include "core/util.h"

/* Where a finding goes: the file (opaque; the caller's handle) and a
 * 1-based line and column (0 = unknown). */
typedef struct k8s_ref {
    void *file;
    int line, col;
} k8s_ref;

typedef void (*k8s_emit_fn)(void *ud, k8s_ref where, const mt_rule *rule, const char *msg);

/* One Kubernetes object of the input (a List's items are objects too). */
typedef struct k8s_object {
    const char *api_version;   /* NULL when absent */
    const char *kind;
    const char *name;          /* metadata.name, NULL when absent */
    const char *namespace;     /* metadata.namespace, NULL when absent */
    struct fy_node *root;      /* the object mapping */
    struct fy_node *metadata;  /* may be NULL */
    const char *source;        /* Helm `# Source: chart/templates/x.yaml` of its document,
                                  else NULL */
    int doc;                   /* 0-based document index in the file */
    void *file;                /* the caller's file handle (for k8s_ref) */
} k8s_object;

/* ---- loading (manifest.c) ---- */

/* Bounds on untrusted manifests. */
#define K8S_MAX_DOCS 200000          /* documents per file */
#define K8S_MAX_SCALAR (3u << 19)    /* 1.5 MiB: etcd refuses larger objects anyway */
#define K8S_MAX_ALIAS_NODES 100000   /* nodes an alias expansion may produce per document */
#define K8S_MAX_DEPTH 64             /* nesting (libfyaml's own limit) */

typedef void (*k8s_object_fn)(void *ud, const k8s_object *obj);
/* A document that could not be read: position (1-based; 0 unknown) and why.
 * The other documents of the file are still read. */
typedef void (*k8s_error_fn)(void *ud, int line, int col, const char *msg);

typedef struct k8s_load_stats {
    size_t documents;  /* non-empty documents */
    size_t objects;    /* objects given to on_obj (List items count one each) */
    size_t errors;
} k8s_load_stats;

/* Reads a YAML stream (or, json = true, one JSON text) document by
 * document. Each object (a kind: List / *List's items one by one) goes to
 * on_obj while its document is alive; the document is freed afterwards.
 * Positions are those of the whole text in every document, and k8s_ref_of()
 * reports them. Aliases are expanded only within K8S_MAX_ALIAS_NODES;
 * duplicate keys, over-deep nesting and huge scalars are errors. */
void k8s_load(const char *data, size_t len, bool json, void *file, k8s_object_fn on_obj,
              k8s_error_fn on_err, void *ud, k8s_load_stats *stats);

/* True when the text looks like Kubernetes manifests: a top-level
 * apiVersion and kind (YAML at column 0, or JSON keys). Cheap; no parse. */
bool k8s_sniff(const char *data, size_t len);

/* ---- small readers over libfyaml nodes, shared by the checks ---- */

/* Mapping lookup by key; NULL unless m is a mapping holding key. */
struct fy_node *k8s_get(struct fy_node *m, const char *key);
/* Follows a path of keys: k8s_path(n, "spec", "template", NULL). */
struct fy_node *k8s_path(struct fy_node *n, ...);
/* A scalar's text (NUL-terminated, owned by the document) or NULL when n is
 * not a scalar. */
const char *k8s_str(struct fy_node *n);
/* true/false scalars (YAML 1.1 and 1.2 spellings); WL-style tri: -1 absent
 * or not a boolean. */
int k8s_bool(struct fy_node *n);
/* Integer scalar; returns false when n is not an integer. */
bool k8s_int(struct fy_node *n, long long *out);
/* Where n is (its nearest parent's position when n has none): fills a ref.
 * Positions are of the whole file for documents k8s_load() read. */
k8s_ref k8s_ref_of(void *file, struct fy_node *n);
/* The 0-based line k8s_load() started n's document at (0 for other documents). */
int k8s_line_base(struct fy_node *n);

/* ---- label selectors (node.c), as RBAC aggregation and NetworkPolicy
 * pod selectors match them ---- */

typedef struct k8s_label {
    const char *key, *value;
} k8s_label;

typedef enum { K8S_SEL_IN, K8S_SEL_NOT_IN, K8S_SEL_EXISTS, K8S_SEL_NOT_EXISTS } k8s_sel_op;

/* One matchExpressions requirement. */
typedef struct k8s_sel_req {
    const char *key;
    k8s_sel_op op;
    const char **values;
    size_t nvalues;
} k8s_sel_req;

/* True when the labels satisfy every matchLabels entry (match) and every
 * requirement (reqs); NotIn and DoesNotExist also match a missing key. An
 * empty selector matches everything. */
bool k8s_selector_matches(const k8s_label *match, size_t nmatch, const k8s_sel_req *reqs,
                          size_t nreqs, const k8s_label *labels, size_t nlabels);

/* ---- RBAC (rbac.c) ---- */

typedef struct k8s_rbac k8s_rbac;
k8s_rbac *k8s_rbac_new(void);
void k8s_rbac_free(k8s_rbac *r);
/* Records a Role, ClusterRole, RoleBinding or ClusterRoleBinding (other
 * kinds are ignored). Thread-safe. */
void k8s_rbac_add(k8s_rbac *r, const k8s_object *obj);
/* Reports roles with wildcards, and per subject what its bindings grant
 * (following aggregated ClusterRoles). Call once, after every add. */
void k8s_rbac_finish(k8s_rbac *r, k8s_emit_fn emit, void *ud);
/* The RBAC rules (type "kubernetes"), in ID order. */
const mt_rule *k8s_rbac_rules(size_t *n);

/* ---- NetworkPolicy (netpol.c) ---- */

typedef struct k8s_netpol k8s_netpol;
k8s_netpol *k8s_netpol_new(void);
void k8s_netpol_free(k8s_netpol *p);
/* Records a NetworkPolicy, a Namespace, or a workload (any object with a
 * pod template, or a Pod: its namespace and pod labels). Thread-safe. */
void k8s_netpol_add(k8s_netpol *p, const k8s_object *obj);
/* Reports, per namespace with workloads, missing default-deny ingress and
 * egress policies, workloads no policy selects, and egress to 0.0.0.0/0
 * (or ::/0) that does not except 169.254.169.254. */
void k8s_netpol_finish(k8s_netpol *p, k8s_emit_fn emit, void *ud);
const mt_rule *k8s_netpol_rules(size_t *n);

#endif
