/* k8s_analyzer.c — the Kubernetes analyzer of `moat config`: reads every
 * manifest of the input set (manifest.c), judges each pod spec with the
 * workload rules (through podspec.c) and, with --pss, the Pod Security
 * Standards (pss.c); checks Namespaces, Secrets and Services; and hands
 * RBAC and NetworkPolicy objects to the analyses of the whole set, which
 * report once every file is read. */
#include "k8s/k8s.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pragma.h"
#include "core/scan.h"
#include "k8s/podspec.h"
#include "k8s/pss.h"

#define A(...) {__VA_ARGS__}
#define RULE(id, aliases, sev, title, desc, fix) {id, aliases, sev, "kubernetes", title, desc, fix, false}

enum {
    R_PARSE,
    /* Pod Security Standards controls (only with --pss) */
    R_PSS_FIRST,
    R_PSS_PRIVILEGED = R_PSS_FIRST,
    R_PSS_HOST_NS,
    R_PSS_HOST_PATH,
    R_PSS_HOST_PORTS,
    R_PSS_HOST_PROBES,
    R_PSS_CAPS_BASELINE,
    R_PSS_APPARMOR,
    R_PSS_SELINUX,
    R_PSS_PROCMOUNT,
    R_PSS_SECCOMP_BASELINE,
    R_PSS_SYSCTLS,
    R_PSS_WINDOWS_HOSTPROCESS,
    R_PSS_VOLUMES,
    R_PSS_PRIV_ESC,
    R_PSS_RUN_AS_NON_ROOT,
    R_PSS_RUN_AS_USER,
    R_PSS_SECCOMP_RESTRICTED,
    R_PSS_CAPS_RESTRICTED,
    R_PSS_PROCMOUNT_RESTRICTED,
    R_PSS_LAST = R_PSS_PROCMOUNT_RESTRICTED,
    /* objects */
    R_NS_LABELS_MISSING,
    R_NS_LABELS_WEAK,
    R_SECRET_DATA,
    R_SVC_NODEPORT,
    R_SVC_LB_OPEN,
    R_COUNT
};

#define PSS_FIX_BASELINE "Remove the setting, or run the workload in a namespace that does not enforce " \
                         "the Baseline level (and document why it needs it)."

static const mt_rule rules[R_COUNT] = {
    [R_PARSE] = RULE("KS0001", A(NULL), MT_SEV_HIGH, "Manifest cannot be read",
                     "A document is not valid YAML/JSON, breaks a bound moat puts on untrusted input "
                     "(alias expansion, nesting, scalar size), or is an object without a kind. kubectl "
                     "would reject it too. The other documents of the file are still checked.",
                     "Fix the document as the message says (`kubectl apply --dry-run=client -f FILE` "
                     "shows the same problem)."),
    [R_PSS_PRIVILEGED] = RULE("KS1001", A("pss:privileged"), MT_SEV_HIGH,
                              "Pod Security Baseline: privileged container",
                              "The Baseline level forbids privileged containers.", PSS_FIX_BASELINE),
    [R_PSS_HOST_NS] = RULE("KS1002", A("pss:hostNamespaces"), MT_SEV_HIGH,
                           "Pod Security Baseline: host namespaces",
                           "The Baseline level forbids sharing the host's network, PID or IPC namespace.",
                           PSS_FIX_BASELINE),
    [R_PSS_HOST_PATH] = RULE("KS1003", A("pss:hostPathVolumes"), MT_SEV_HIGH,
                             "Pod Security Baseline: hostPath volume",
                             "The Baseline level forbids hostPath volumes.", PSS_FIX_BASELINE),
    [R_PSS_HOST_PORTS] = RULE("KS1004", A("pss:hostPorts"), MT_SEV_HIGH,
                              "Pod Security Baseline: host port",
                              "The Baseline level forbids host ports (or allows only a known list).",
                              PSS_FIX_BASELINE),
    [R_PSS_HOST_PROBES] = RULE("KS1005", A("pss:hostProbesAndHostLifecycle"), MT_SEV_HIGH,
                               "Pod Security Baseline: probe or lifecycle handler with host",
                               "From v1.34 the Baseline level forbids the host field of probes and "
                               "lifecycle handlers, which would make the kubelet contact another host.",
                               PSS_FIX_BASELINE),
    [R_PSS_CAPS_BASELINE] = RULE("KS1006", A("pss:capabilities_baseline"), MT_SEV_HIGH,
                                 "Pod Security Baseline: capability added",
                                 "The Baseline level allows adding only the capabilities of the "
                                 "container runtime's default set.",
                                 PSS_FIX_BASELINE),
    [R_PSS_APPARMOR] = RULE("KS1007", A("pss:appArmorProfile"), MT_SEV_HIGH,
                            "Pod Security Baseline: AppArmor profile overridden",
                            "The Baseline level allows only the runtime's default or a localhost "
                            "AppArmor profile.",
                            PSS_FIX_BASELINE),
    [R_PSS_SELINUX] = RULE("KS1008", A("pss:seLinuxOptions"), MT_SEV_HIGH,
                           "Pod Security Baseline: SELinux options",
                           "The Baseline level forbids custom SELinux users and roles and allows only "
                           "the container types.",
                           PSS_FIX_BASELINE),
    [R_PSS_PROCMOUNT] = RULE("KS1009", A("pss:procMount"), MT_SEV_HIGH,
                             "Pod Security Baseline: /proc mask disabled",
                             "The Baseline level requires the default /proc mount (from v1.35 any "
                             "value is allowed in a user namespace, hostUsers: false).",
                             PSS_FIX_BASELINE),
    [R_PSS_SECCOMP_BASELINE] = RULE("KS1010", A("pss:seccompProfile_baseline"), MT_SEV_HIGH,
                                    "Pod Security Baseline: seccomp unconfined",
                                    "The Baseline level forbids the Unconfined seccomp profile.",
                                    PSS_FIX_BASELINE),
    [R_PSS_SYSCTLS] = RULE("KS1011", A("pss:sysctls"), MT_SEV_HIGH,
                           "Pod Security Baseline: unsafe sysctl",
                           "The Baseline level allows only the namespaced sysctls Kubernetes "
                           "considers safe (the list grew across versions).",
                           PSS_FIX_BASELINE),
    [R_PSS_WINDOWS_HOSTPROCESS] = RULE("KS1012", A("pss:windowsHostProcess"), MT_SEV_HIGH,
                                       "Pod Security Baseline: Windows HostProcess",
                                       "The Baseline level forbids Windows HostProcess containers, which "
                                       "run with the node's privileges.",
                                       PSS_FIX_BASELINE),
    [R_PSS_VOLUMES] = RULE("KS1013", A("pss:restrictedVolumes"), MT_SEV_MEDIUM,
                           "Pod Security Restricted: volume type not allowed",
                           "The Restricted level allows only configMap, csi, downwardAPI, emptyDir, "
                           "ephemeral, persistentVolumeClaim, projected and secret volumes.",
                           "Use one of the allowed volume types, or a namespace at the Baseline level."),
    [R_PSS_PRIV_ESC] = RULE("KS1014", A("pss:allowPrivilegeEscalation"), MT_SEV_MEDIUM,
                            "Pod Security Restricted: privilege escalation allowed",
                            "The Restricted level requires allowPrivilegeEscalation: false on every "
                            "container (Linux pods).",
                            "Set securityContext.allowPrivilegeEscalation: false on each container."),
    [R_PSS_RUN_AS_NON_ROOT] = RULE("KS1015", A("pss:runAsNonRoot"), MT_SEV_MEDIUM,
                                   "Pod Security Restricted: runAsNonRoot not true",
                                   "The Restricted level requires runAsNonRoot: true, on the pod or "
                                   "on every container (from v1.25 hostUsers: false relaxes it).",
                                   "Set spec.securityContext.runAsNonRoot: true."),
    [R_PSS_RUN_AS_USER] = RULE("KS1016", A("pss:runAsUser"), MT_SEV_MEDIUM,
                               "Pod Security Restricted: runAsUser 0",
                               "From v1.23 the Restricted level forbids runAsUser: 0.",
                               "Run as a non-zero UID (runAsUser: 10001)."),
    [R_PSS_SECCOMP_RESTRICTED] = RULE("KS1017", A("pss:seccompProfile_restricted"), MT_SEV_MEDIUM,
                                      "Pod Security Restricted: seccomp profile not set",
                                      "From v1.19 the Restricted level requires the RuntimeDefault "
                                      "or a Localhost seccomp profile.",
                                      "Set spec.securityContext.seccompProfile.type: RuntimeDefault."),
    [R_PSS_CAPS_RESTRICTED] = RULE("KS1018", A("pss:capabilities_restricted"), MT_SEV_MEDIUM,
                                   "Pod Security Restricted: capabilities",
                                   "From v1.22 the Restricted level requires dropping ALL "
                                   "capabilities and adding back at most NET_BIND_SERVICE.",
                                   "Set securityContext.capabilities.drop: [ALL] on each container."),
    [R_PSS_PROCMOUNT_RESTRICTED] = RULE("KS1019", A("pss:procMount_restricted"), MT_SEV_MEDIUM,
                                        "Pod Security Restricted: /proc mask disabled",
                                        "From v1.35 the Restricted level requires the default /proc "
                                        "mount even in a user namespace.",
                                        "Remove securityContext.procMount or set it to Default."),
    [R_NS_LABELS_MISSING] = RULE("KS4001", A(NULL), MT_SEV_MEDIUM,
                                 "Namespace has no Pod Security labels",
                                 "Without pod-security.kubernetes.io/enforce (and warn, audit) labels "
                                 "the namespace gets the cluster's default level, usually privileged: "
                                 "any pod is admitted.",
                                 "Label the namespace: pod-security.kubernetes.io/enforce: restricted, "
                                 "and the same for warn and audit."),
    [R_NS_LABELS_WEAK] = RULE("KS4002", A(NULL), MT_SEV_MEDIUM,
                              "Namespace Pod Security level below restricted",
                              "An application namespace labelled privileged or baseline admits pods "
                              "that run as root, keep capabilities or escalate privileges.",
                              "Set pod-security.kubernetes.io/enforce (and warn, audit) to restricted; "
                              "keep lower levels for system namespaces that need them."),
    [R_SECRET_DATA] = RULE("KS4003", A(NULL), MT_SEV_HIGH, "Secret with data committed",
                           "A Secret manifest with data or stringData puts the credential in the "
                           "repository, readable by everyone with access to it and kept in history "
                           "(base64 is an encoding, not encryption).",
                           "Keep Secrets out of the repository: create them from a secret store "
                           "(External Secrets, Sealed Secrets, SOPS) and rotate the committed value."),
    [R_SVC_NODEPORT] = RULE("KS4004", A("service-type"), MT_SEV_LOW, "Service of type NodePort",
                            "A NodePort service opens the port on every node of the cluster, "
                            "bypassing ingress controllers and load-balancer source filtering.",
                            "Use a ClusterIP service behind an Ingress or Gateway, or a LoadBalancer "
                            "with loadBalancerSourceRanges."),
    [R_SVC_LB_OPEN] = RULE("KS4005", A(NULL), MT_SEV_MEDIUM,
                           "LoadBalancer without source ranges",
                           "A LoadBalancer service without loadBalancerSourceRanges is reachable from "
                           "any address the load balancer faces, usually the internet.",
                           "List the client networks in spec.loadBalancerSourceRanges, or make the "
                           "load balancer internal."),
};

/* check ID of pss.c -> rule */
static const struct {
    const char *check;
    int rule;
} pss_rules[] = {
    {"privileged", R_PSS_PRIVILEGED},
    {"hostNamespaces", R_PSS_HOST_NS},
    {"hostPathVolumes", R_PSS_HOST_PATH},
    {"hostPorts", R_PSS_HOST_PORTS},
    {"hostProbesAndHostLifecycle", R_PSS_HOST_PROBES},
    {"capabilities_baseline", R_PSS_CAPS_BASELINE},
    {"appArmorProfile", R_PSS_APPARMOR},
    {"seLinuxOptions", R_PSS_SELINUX},
    {"procMount", R_PSS_PROCMOUNT},
    {"seccompProfile_baseline", R_PSS_SECCOMP_BASELINE},
    {"sysctls", R_PSS_SYSCTLS},
    {"windowsHostProcess", R_PSS_WINDOWS_HOSTPROCESS},
    {"restrictedVolumes", R_PSS_VOLUMES},
    {"allowPrivilegeEscalation", R_PSS_PRIV_ESC},
    {"runAsNonRoot", R_PSS_RUN_AS_NON_ROOT},
    {"runAsUser", R_PSS_RUN_AS_USER},
    {"seccompProfile_restricted", R_PSS_SECCOMP_RESTRICTED},
    {"capabilities_restricted", R_PSS_CAPS_RESTRICTED},
    {"procMount_restricted", R_PSS_PROCMOUNT_RESTRICTED},
};

/* The kinds moat knows (built-in API kinds); others are counted as skipped. */
static const char *const known_kinds[] = {
    "APIService", "Binding", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding",
    "ComponentStatus", "ConfigMap", "ControllerRevision", "CronJob", "CSIDriver", "CSINode",
    "CSIStorageCapacity", "CustomResourceDefinition", "DaemonSet", "Deployment", "EndpointSlice",
    "Endpoints", "Event", "FlowSchema", "HorizontalPodAutoscaler", "Ingress", "IngressClass",
    "Job", "Lease", "LimitRange", "MutatingWebhookConfiguration", "Namespace", "NetworkPolicy",
    "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodDisruptionBudget",
    "PodTemplate", "PriorityClass", "PriorityLevelConfiguration", "ReplicaSet",
    "ReplicationController", "ResourceQuota", "Role", "RoleBinding", "RuntimeClass", "Secret",
    "Service", "ServiceAccount", "StatefulSet", "StorageClass", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
};

static bool known_kind(const char *kind)
{
    for (size_t i = 0; i < sizeof(known_kinds) / sizeof(known_kinds[0]); i++) {
        if (kind[0] == known_kinds[i][0] && strcmp(kind, known_kinds[i]) == 0)
            return true;
    }
    return false;
}

/* ---- the input set ---- */

typedef struct k8s_set {
    const mt_scan_opts *opts;
    k8s_rbac *rbac;
    k8s_netpol *netpol;
    pthread_mutex_t lock;
    mt_vec files; /* struct k8s_file* whose vectors set_free() releases */
} k8s_set;

static void *set_new(const mt_scan_opts *o)
{
    k8s_set *s = mt_xcalloc(1, sizeof(*s));
    s->opts = o;
    s->rbac = k8s_rbac_new();
    s->netpol = k8s_netpol_new();
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

/* Helm-rendered documents: the line each starts at and its `# Source:` */
typedef struct doc_source {
    int line;
    const char *source;
} doc_source;

/* finish-time findings: ref.file is the object's k8s_file */
typedef struct k8s_file {
    mt_scan_file *f;
    mt_vec sources; /* doc_source*, in line order (arena items; array freed in set_free) */
} k8s_file;

static void emit_ref(void *ud, k8s_ref where, const mt_rule *rule, const char *msg)
{
    (void)ud;
    k8s_file *kf = where.file;
    if (!kf)
        return;
    mt_finding *fd = mt_emit_msg(kf->f, rule, where.line, where.line, where.col, NULL, msg);
    const char *origin = NULL;
    for (size_t i = 0; i < kf->sources.len; i++) {
        const doc_source *ds = kf->sources.items[i];
        if (ds->line > where.line)
            break;
        origin = ds->source;
    }
    if (fd && origin)
        fd->origin = (char *)origin;
}

static void set_finish(void *set)
{
    k8s_set *s = set;
    k8s_rbac_finish(s->rbac, emit_ref, NULL);
    k8s_netpol_finish(s->netpol, emit_ref, NULL);
}

static void set_free(void *set)
{
    k8s_set *s = set;
    k8s_rbac_free(s->rbac);
    k8s_netpol_free(s->netpol);
    for (size_t i = 0; i < s->files.len; i++) {
        struct k8s_file *kf = s->files.items[i];
        mt_vec_free(&kf->sources);
    }
    mt_vec_free(&s->files);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* ---- per file ---- */

typedef struct fctx {
    mt_scan_file *f;
    k8s_file *kf;
    k8s_set *set;
    mt_arena scratch;
    const k8s_object *obj; /* the object being checked */
    char prefix[256];      /* "Deployment prod/web: " */
    int last_doc;          /* the document whose source was recorded last */
} fctx;

static void emit_at(fctx *c, const mt_rule *rule, int line, int col, const char *msg)
{
    char snip[512], full[1400];
    snprintf(full, sizeof(full), "%s%s", c->prefix, msg);
    mt_finding *fd = mt_emit_msg(c->f, rule, line, line, col, mt_scan_line(c->f, line, true, snip, sizeof(snip)), full);
    if (fd && c->obj && c->obj->source)
        fd->origin = mt_arena_strdup(&c->f->report->arena, c->obj->source);
}

static void emitf(fctx *c, int r, struct fy_node *n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void emitf(fctx *c, int r, struct fy_node *n, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    k8s_ref ref = k8s_ref_of(c->kf, n);
    emit_at(c, &rules[r], ref.line, ref.col, msg);
}

static void wl_emit(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    fctx *c = ud;
    /* messages about the whole workload name it already ("Deployment "web"
     * shares ..."); the others get the object as a prefix */
    size_t kl = c->obj && c->obj->kind ? strlen(c->obj->kind) : 0;
    if (kl && strncmp(msg, c->obj->kind, kl) == 0 && msg[kl] == ' ') {
        char saved[sizeof(c->prefix)];
        memcpy(saved, c->prefix, sizeof(saved));
        if (c->obj->namespace)
            snprintf(c->prefix, sizeof(c->prefix), "namespace %s: ", c->obj->namespace);
        else
            c->prefix[0] = '\0';
        emit_at(c, rule, loc.line, loc.col, msg);
        memcpy(c->prefix, saved, sizeof(saved));
        return;
    }
    emit_at(c, rule, loc.line, loc.col, msg);
}

static void on_error(void *ud, int line, int col, const char *msg)
{
    fctx *c = ud;
    c->obj = NULL;
    c->prefix[0] = '\0';
    emit_at(c, &rules[R_PARSE], line, col, msg);
}

static void check_pss(fctx *c, const k8s_pod_parts *pod)
{
    const mt_scan_opts *o = c->f->opts;
    mt_vec out = {0};
    pss_evaluate(&c->scratch, pod->metadata, pod->spec, o->pss_level == 2 ? PSS_RESTRICTED : PSS_BASELINE,
                 o->pss_minor, &out);
    for (size_t i = 0; i < out.len; i++) {
        const pss_violation *v = out.items[i];
        int r = -1;
        for (size_t k = 0; k < sizeof(pss_rules) / sizeof(pss_rules[0]); k++) {
            if (!strcmp(pss_rules[k].check, v->check)) {
                r = pss_rules[k].rule;
                break;
            }
        }
        if (r < 0)
            continue;
        struct fy_node *at = v->node ? v->node : pod->anchor;
        emitf(c, r, at, "%s", v->message);
    }
    mt_vec_free(&out);
}

static bool system_namespace(const char *name)
{
    return name && mt_startswith(name, "kube-");
}

static void check_namespace(fctx *c, const k8s_object *obj)
{
    if (system_namespace(obj->name))
        return;
    struct fy_node *labels = k8s_get(obj->metadata, "labels");
    static const char *const modes[] = {"enforce", "warn", "audit"};
    char missing[64] = "";
    for (size_t i = 0; i < 3; i++) {
        char key[64];
        snprintf(key, sizeof(key), "pod-security.kubernetes.io/%s", modes[i]);
        struct fy_node *v = k8s_get(labels, key);
        const char *lvl = k8s_str(v);
        if (!lvl) {
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
                     *missing ? ", " : "", modes[i]);
        } else if (strcmp(lvl, "restricted") != 0) {
            emitf(c, R_NS_LABELS_WEAK, v, "namespace %s sets %s=%s", obj->name ? obj->name : "?",
                  key, lvl);
        }
    }
    if (*missing)
        emitf(c, R_NS_LABELS_MISSING, labels ? labels : (obj->metadata ? obj->metadata : obj->root),
              "namespace %s has no pod-security.kubernetes.io label for %s",
              obj->name ? obj->name : "?", missing);
}

static bool nonempty_map(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_MAPPING && fy_node_mapping_item_count(n) > 0;
}

static void check_secret(fctx *c, const k8s_object *obj)
{
    struct fy_node *data = k8s_get(obj->root, "data"), *sdata = k8s_get(obj->root, "stringData");
    struct fy_node *d = nonempty_map(data) ? data : nonempty_map(sdata) ? sdata : NULL;
    if (!d)
        return;
    /* name the keys (never the values) */
    char keys[256] = "";
    void *it = NULL;
    struct fy_node_pair *p;
    int n = 0;
    while ((p = fy_node_mapping_iterate(d, &it)) != NULL) {
        const char *k = k8s_str(fy_node_pair_key(p));
        if (k && strlen(keys) + strlen(k) + 8 < sizeof(keys))
            snprintf(keys + strlen(keys), sizeof(keys) - strlen(keys), "%s%s", n ? ", " : "", k);
        n++;
    }
    emitf(c, R_SECRET_DATA, d, "Secret holds %d value%s in %s (%s)", n, n == 1 ? "" : "s",
          d == data ? "data" : "stringData", keys);
}

static void check_service(fctx *c, const k8s_object *obj)
{
    struct fy_node *spec = k8s_get(obj->root, "spec");
    struct fy_node *type = k8s_get(spec, "type");
    const char *t = k8s_str(type);
    if (!t)
        return;
    if (!strcmp(t, "NodePort")) {
        emitf(c, R_SVC_NODEPORT, type, "service type NodePort opens the port on every node");
    } else if (!strcmp(t, "LoadBalancer")) {
        /* internal load balancers (cloud annotations) and the source-range
         * annotation some providers read instead of the field */
        struct fy_node *ann = k8s_get(obj->metadata, "annotations");
        static const char *const internal[] = {
            "service.beta.kubernetes.io/aws-load-balancer-internal",
            "service.beta.kubernetes.io/azure-load-balancer-internal",
            "networking.gke.io/load-balancer-type",
            "cloud.google.com/load-balancer-type",
            "service.beta.kubernetes.io/oci-load-balancer-internal",
            "service.beta.kubernetes.io/openstack-internal-load-balancer",
        };
        for (size_t i = 0; i < sizeof(internal) / sizeof(internal[0]); i++) {
            const char *v = k8s_str(k8s_get(ann, internal[i]));
            if (v && (!strcasecmp(v, "true") || !strcasecmp(v, "internal")))
                return;
        }
        struct fy_node *ranges = k8s_get(spec, "loadBalancerSourceRanges");
        struct fy_node *aranges = k8s_get(ann, "service.beta.kubernetes.io/load-balancer-source-ranges");
        if (!ranges && k8s_str(aranges)) {
            const char *r = k8s_str(aranges);
            if (!strstr(r, "0.0.0.0/0") && !strstr(r, "::/0"))
                return;
            emitf(c, R_SVC_LB_OPEN, aranges, "LoadBalancer source ranges %s include every address", r);
            return;
        }
        bool none = !ranges || fy_node_get_type(ranges) != FYNT_SEQUENCE ||
                    fy_node_sequence_item_count(ranges) == 0;
        if (none) {
            emitf(c, R_SVC_LB_OPEN, ranges ? ranges : type,
                  "LoadBalancer accepts clients from any address (no loadBalancerSourceRanges)");
            return;
        }
        void *it = NULL;
        struct fy_node *e;
        while ((e = fy_node_sequence_iterate(ranges, &it)) != NULL) {
            const char *r = k8s_str(e);
            if (r && (!strcmp(r, "0.0.0.0/0") || !strcmp(r, "::/0"))) {
                emitf(c, R_SVC_LB_OPEN, e, "loadBalancerSourceRanges lists %s: every address", r);
                return;
            }
        }
    }
}

/* Annotations peers use to silence checks on one object: kube-linter
 * `ignore-check.kube-linter.io/CHECK`, kube-score `kube-score/ignore: a,b`,
 * Polaris `polaris.fairwinds.com/CHECK-exempt: "true"`; and moat's own
 * `moat.dev/ignore: ID,ID`. They cover the object's document. */
static void annotation_ignores(fctx *c, const k8s_object *obj, int first, int last)
{
    struct fy_node *ann = k8s_get(obj->metadata, "annotations");
    void *it = NULL;
    struct fy_node_pair *p;
    while (ann && fy_node_get_type(ann) == FYNT_MAPPING && (p = fy_node_mapping_iterate(ann, &it)) != NULL) {
        const char *k = k8s_str(fy_node_pair_key(p));
        const char *v = k8s_str(fy_node_pair_value(p));
        if (!k)
            continue;
        if (!strncmp(k, "ignore-check.kube-linter.io/", 28)) {
            mt_inline_ignore_add(c->f, first, last, k + 28, strlen(k + 28), v ? v : "kube-linter ignore-check");
        } else if (!strcmp(k, "kube-score/ignore") && v) {
            mt_inline_ignore_add(c->f, first, last, v, strlen(v), "kube-score/ignore");
        } else if (!strncmp(k, "polaris.fairwinds.com/", 22) && v && !strcasecmp(v, "true")) {
            const char *id = k + 22;
            size_t n = strlen(id);
            if (n > 7 && !strcmp(id + n - 7, "-exempt"))
                mt_inline_ignore_add(c->f, first, last, id, n - 7, "polaris exempt");
        } else if (!strcmp(k, "moat.dev/ignore") && v) {
            mt_inline_ignore_add(c->f, first, last, v, strlen(v), "moat.dev/ignore");
        }
    }
}

/* The last line of node n: where its last descendant scalar ends. */
static int node_last_line(struct fy_node *n)
{
    for (int depth = 0; n && depth < 200; depth++) {
        switch (fy_node_get_type(n)) {
        case FYNT_SCALAR: {
            struct fy_token *t = fy_node_get_scalar_token(n);
            const struct fy_mark *m = t ? fy_token_end_mark(t) : NULL;
            return m ? m->line + 1 + k8s_line_base(n) : 0;
        }
        case FYNT_SEQUENCE: {
            int count = fy_node_sequence_item_count(n);
            struct fy_node *last = count > 0 ? fy_node_sequence_get_by_index(n, count - 1) : NULL;
            if (!last)
                return 0;
            n = last;
            break;
        }
        case FYNT_MAPPING: {
            int count = fy_node_mapping_item_count(n);
            struct fy_node_pair *p = count > 0 ? fy_node_mapping_get_by_index(n, count - 1) : NULL;
            if (!p)
                return 0;
            struct fy_node *v = fy_node_pair_value(p);
            n = v && !(fy_node_get_type(v) == FYNT_SCALAR && fy_node_get_scalar_length(v) == 0)
                    ? v
                    : fy_node_pair_key(p);
            break;
        }
        }
    }
    return 0;
}

static void on_object(void *ud, const k8s_object *obj)
{
    fctx *c = ud;
    c->obj = obj;
    if (obj->source && obj->doc != c->last_doc) {
        c->last_doc = obj->doc;
        doc_source *ds = mt_arena_alloc(&c->f->report->arena, sizeof(*ds));
        ds->line = k8s_line_base(obj->root) + 1;
        ds->source = mt_arena_strdup(&c->f->report->arena, obj->source);
        mt_vec_push(&c->kf->sources, ds);
    }
    const char *kind = obj->kind;
    if (!known_kind(kind)) {
        c->f->result->skipped_objects++;
        return;
    }
    if (obj->namespace)
        snprintf(c->prefix, sizeof(c->prefix), "%s %s/%s: ", kind, obj->namespace, obj->name ? obj->name : "?");
    else
        snprintf(c->prefix, sizeof(c->prefix), "%s %s: ", kind, obj->name ? obj->name : "?");
    if (obj->metadata && k8s_get(obj->metadata, "annotations") && !c->f->settings->disable_ignore_pragma) {
        int first = k8s_ref_of(c->kf, obj->root).line;
        int last = node_last_line(obj->root);
        annotation_ignores(c, obj, first, last >= first ? last : first);
    }
    k8s_pod_parts pod;
    if (k8s_pod_template(obj, &pod)) {
        wl_workload *w = k8s_pod_model(&c->scratch, obj, &pod);
        wl_check(w, wl_emit, c);
        wl_workload_free(w);
        if (c->f->opts && c->f->opts->pss_level)
            check_pss(c, &pod);
    } else if (!strcmp(kind, "Namespace")) {
        check_namespace(c, obj);
    } else if (!strcmp(kind, "Secret")) {
        check_secret(c, obj);
    } else if (!strcmp(kind, "Service")) {
        check_service(c, obj);
    }
    k8s_rbac_add(c->set->rbac, obj);
    k8s_netpol_add(c->set->netpol, obj);
    c->obj = NULL;
}

static bool looks_json(const char *path, const char *data, size_t len)
{
    if (mt_endswith(path, ".json"))
        return true;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')
            continue;
        return data[i] == '{' || data[i] == '[';
    }
    return false;
}

/* Go template actions where YAML structure goes: a line starting with
 * `{{`, or a value or item that does (`key: {{ ... }}`, `- {{ ... }}`). */
static bool template_syntax(const char *d, size_t len)
{
    if (!memmem(d, len, "{{", 2))
        return false;
    const char *p = d, *end = d + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *q = p;
        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if (le - q >= 2 && q[0] == '-' && q[1] == ' ')
            q += 2;
        if (le - q >= 2 && q[0] == '{' && q[1] == '{')
            return true;
        const char *v = memmem(q, (size_t)(le - q), ": {{", 4);
        if (v)
            return true;
        p = nl ? nl + 1 : end;
    }
    return false;
}

/* A mapping key that is itself a collection: what `{{ x }}` parses to
 * (a flow mapping) where a value was meant; no manifest has one. */
static bool complex_key(struct fy_node *n, int depth)
{
    if (!n || depth > 100)
        return false;
    if (fy_node_get_type(n) == FYNT_SEQUENCE) {
        void *it = NULL;
        struct fy_node *e;
        while ((e = fy_node_sequence_iterate(n, &it)) != NULL) {
            if (complex_key(e, depth + 1))
                return true;
        }
    } else if (fy_node_get_type(n) == FYNT_MAPPING) {
        void *it = NULL;
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
            struct fy_node *k = fy_node_pair_key(p);
            if (k && fy_node_get_type(k) != FYNT_SCALAR)
                return true;
            if (complex_key(fy_node_pair_value(p), depth + 1))
                return true;
        }
    }
    return false;
}

static void probe_object(void *ud, const k8s_object *obj)
{
    bool *templ = ud;
    if (!*templ && complex_key(obj->root, 0))
        *templ = true;
}

static void k8s_scan(mt_scan_file *f)
{
    fctx c = {.f = f, .set = f->set, .last_doc = -1};
    mt_arena_init(&c.scratch);
    c.kf = mt_arena_alloc(&f->report->arena, sizeof(*c.kf));
    c.kf->f = f;
    pthread_mutex_lock(&c.set->lock);
    mt_vec_push(&c.set->files, c.kf);
    pthread_mutex_unlock(&c.set->lock);
    mt_pragma_yaml(f);
    k8s_load_stats st;
    k8s_load(f->data, f->len, looks_json(f->path, f->data, f->len), c.kf, on_object, on_error, &c, &st);
    mt_arena_free(&c.scratch);
}

static bool k8s_maybe_name(const char *path)
{
    return mt_endswith(path, ".yaml") || mt_endswith(path, ".yml") || mt_endswith(path, ".json");
}

static bool k8s_sniff_text(const char *data, size_t len)
{
    if (!k8s_sniff(data, len))
        return false;
    if (template_syntax(data, len)) {
        /* a chart's template, not its output: {{ }} where YAML structure
         * goes, and the text does not parse or parses into collections used
         * as keys (rendered manifests may hold template text in their data). --type kubernetes still reads it. */
        k8s_load_stats probe;
        bool templ = false;
        k8s_load(data, len, false, NULL, probe_object, NULL, &templ, &probe);
        if (probe.errors || templ)
            return false;
    }
    return true;
}

static const mt_rule *rule_at(size_t i)
{
    if (i < R_COUNT)
        return &rules[i];
    i -= R_COUNT;
    size_t n;
    const mt_rule *r = k8s_rbac_rules(&n);
    if (i < n)
        return &r[i];
    i -= n;
    r = k8s_netpol_rules(&n);
    return i < n ? &r[i] : NULL;
}

static size_t rule_count(void)
{
    size_t a, b;
    k8s_rbac_rules(&a);
    k8s_netpol_rules(&b);
    return R_COUNT + a + b;
}

const mt_analyzer mt_k8s_analyzer = {
    .type = "kubernetes",
    .class = "config",
    .sniff = k8s_sniff_text,
    .maybe_name = k8s_maybe_name,
    .scan = k8s_scan,
    .nrules = R_COUNT,
    .rule_at = rule_at,
    .rule_count = rule_count,
    .set_new = set_new,
    .set_finish = set_finish,
    .set_free = set_free,
};
