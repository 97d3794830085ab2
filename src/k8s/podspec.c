/* podspec.c — the Kubernetes front end of the workload model: a pod spec
 * (a Pod's, or a workload's pod template) read into a wl_workload (see
 * podspec.h), every field with its line. */
#include "k8s/podspec.h"

#include <string.h>

static wl_loc loc_of(const k8s_object *obj, struct fy_node *n, wl_loc fallback)
{
    if (!n)
        return fallback;
    k8s_ref r = k8s_ref_of(obj->file, n);
    if (!r.line)
        return fallback;
    return (wl_loc){r.line, r.col};
}

static bool is_seq(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_SEQUENCE;
}

static wl_tri tri(struct fy_node *n)
{
    int b = k8s_bool(n);
    return b < 0 ? WL_UNSET : b ? WL_TRUE : WL_FALSE;
}

/* A true/false field of parent: its value and where it is (fallback when
 * it is absent). */
static void read_tri(const k8s_object *obj, struct fy_node *parent, const char *key,
                     wl_loc fallback, wl_tri *out, wl_loc *loc)
{
    struct fy_node *n = k8s_get(parent, key);
    *out = tri(n);
    *loc = loc_of(obj, n, fallback);
}

/* Annotation profile values ("runtime/default", "docker/default",
 * "unconfined", "localhost/x") in the field spelling. */
static const char *annotation_profile(mt_arena *a, const char *v)
{
    if (!v)
        return NULL;
    if (!strcmp(v, "runtime/default") || !strcmp(v, "docker/default"))
        return "RuntimeDefault";
    if (!strcmp(v, "unconfined"))
        return "Unconfined";
    if (!strncmp(v, "localhost/", 10))
        return "Localhost";
    return mt_arena_strdup(a, v);
}

const k8s_pod_parts *k8s_pod_template(const k8s_object *obj, k8s_pod_parts *out)
{
    memset(out, 0, sizeof(*out));
    const char *k = obj->kind;
    if (!k)
        return NULL;
    struct fy_node *tmpl = NULL;
    if (!strcmp(k, "Pod")) {
        out->metadata = obj->metadata;
        out->spec = k8s_get(obj->root, "spec");
        out->anchor = obj->root;
        return out;
    }
    if (!strcmp(k, "Deployment") || !strcmp(k, "StatefulSet") || !strcmp(k, "DaemonSet") ||
        !strcmp(k, "ReplicaSet") || !strcmp(k, "ReplicationController") || !strcmp(k, "Job"))
        tmpl = k8s_path(obj->root, "spec", "template", NULL);
    else if (!strcmp(k, "CronJob"))
        tmpl = k8s_path(obj->root, "spec", "jobTemplate", "spec", "template", NULL);
    else if (!strcmp(k, "PodTemplate"))
        tmpl = k8s_get(obj->root, "template");
    else
        return NULL;
    out->metadata = k8s_get(tmpl, "metadata");
    out->spec = k8s_get(tmpl, "spec");
    out->anchor = tmpl ? tmpl : obj->root;
    return out;
}

static void read_sc_profiles(mt_arena *a, const k8s_object *obj, struct fy_node *sc, wl_str *seccomp,
                             wl_str *apparmor, wl_loc fallback)
{
    struct fy_node *sp = k8s_get(sc, "seccompProfile");
    struct fy_node *t = k8s_get(sp, "type");
    if (k8s_str(t)) {
        seccomp->value = mt_arena_strdup(a, k8s_str(t));
        seccomp->loc = loc_of(obj, t, fallback);
    }
    struct fy_node *ap = k8s_get(sc, "appArmorProfile");
    t = k8s_get(ap, "type");
    if (k8s_str(t)) {
        apparmor->value = mt_arena_strdup(a, k8s_str(t));
        apparmor->loc = loc_of(obj, t, fallback);
    }
}

/* hostPath volumes of the pod: name -> path, for the containers' mounts */
typedef struct hostvol {
    const char *name;
    const char *path;
} hostvol;

#define MAX_HOSTVOLS 256

static void read_container(mt_arena *a, const k8s_object *obj, wl_workload *w, struct fy_node *c,
                           const char *role, const hostvol *hv, size_t nhv,
                           struct fy_node *annotations)
{
    wl_container *ct = wl_container_new(a, w, role);
    struct fy_node *name = k8s_get(c, "name");
    ct->name = k8s_str(name) ? mt_arena_strdup(a, k8s_str(name)) : NULL;
    ct->loc = loc_of(obj, name ? name : c, w->spec_loc);
    struct fy_node *image = k8s_get(c, "image");
    if (k8s_str(image))
        ct->image = (wl_str){mt_arena_strdup(a, k8s_str(image)), loc_of(obj, image, ct->loc)};
    else
        ct->image.loc = ct->loc;
    struct fy_node *pp = k8s_get(c, "imagePullPolicy");
    if (k8s_str(pp))
        ct->pull_policy = (wl_str){mt_arena_strdup(a, k8s_str(pp)), loc_of(obj, pp, ct->loc)};
    else
        ct->pull_policy.loc = ct->image.loc;

    struct fy_node *sc = k8s_get(c, "securityContext");
    ct->sc_loc = loc_of(obj, sc, ct->loc);
    struct fy_node *n;
    read_tri(obj, sc, "privileged", ct->sc_loc, &ct->privileged, &ct->privileged_loc);
    read_tri(obj, sc, "allowPrivilegeEscalation", ct->sc_loc, &ct->allow_priv_esc,
             &ct->allow_priv_esc_loc);
    read_tri(obj, sc, "runAsNonRoot", ct->sc_loc, &ct->run_as_non_root, &ct->run_as_non_root_loc);
    read_tri(obj, sc, "readOnlyRootFilesystem", ct->sc_loc, &ct->read_only_root,
             &ct->read_only_root_loc);
    long long v;
    n = k8s_get(sc, "runAsUser");
    ct->run_as_user_loc = loc_of(obj, n, ct->sc_loc);
    if (k8s_int(n, &v)) {
        ct->has_run_as_user = true;
        ct->run_as_user = v;
    }
    n = k8s_get(sc, "runAsGroup");
    ct->run_as_group_loc = loc_of(obj, n, ct->sc_loc);
    if (k8s_int(n, &v)) {
        ct->has_run_as_group = true;
        ct->run_as_group = v;
    }
    struct fy_node *caps = k8s_get(sc, "capabilities");
    const char *lists[2] = {"add", "drop"};
    mt_vec *dst[2] = {&ct->cap_add, &ct->cap_drop};
    for (int i = 0; i < 2; i++) {
        struct fy_node *l = k8s_get(caps, lists[i]);
        void *it = NULL;
        struct fy_node *e;
        while (is_seq(l) && (e = fy_node_sequence_iterate(l, &it)) != NULL) {
            if (k8s_str(e))
                mt_vec_push(dst[i], wl_str_new(a, k8s_str(e), loc_of(obj, e, ct->sc_loc)));
        }
    }
    read_sc_profiles(a, obj, sc, &ct->seccomp, &ct->apparmor, ct->sc_loc);
    /* the older annotations, when the fields are absent */
    if (!ct->apparmor.value && ct->name && annotations) {
        char key[320];
        snprintf(key, sizeof(key), "container.apparmor.security.beta.kubernetes.io/%s", ct->name);
        struct fy_node *an = k8s_get(annotations, key);
        if (k8s_str(an))
            ct->apparmor = (wl_str){annotation_profile(a, k8s_str(an)), loc_of(obj, an, ct->loc)};
    }
    if (!ct->seccomp.value && ct->name && annotations) {
        char key[320];
        snprintf(key, sizeof(key), "container.seccomp.security.alpha.kubernetes.io/%s", ct->name);
        struct fy_node *an = k8s_get(annotations, key);
        if (k8s_str(an))
            ct->seccomp = (wl_str){annotation_profile(a, k8s_str(an)), loc_of(obj, an, ct->loc)};
    }
    n = k8s_get(sc, "procMount");
    if (k8s_str(n))
        ct->proc_mount = (wl_str){mt_arena_strdup(a, k8s_str(n)), loc_of(obj, n, ct->sc_loc)};

    struct fy_node *res = k8s_get(c, "resources");
    ct->has_resources_block = res != NULL;
    ct->resources_loc = loc_of(obj, res, ct->loc);
    struct fy_node *req = k8s_get(res, "requests"), *lim = k8s_get(res, "limits");
    struct {
        struct fy_node *m;
        const char *key;
        wl_str *dst;
    } rs[] = {
        {req, "cpu", &ct->res.cpu_request},        {req, "memory", &ct->res.mem_request},
        {lim, "cpu", &ct->res.cpu_limit},          {lim, "memory", &ct->res.mem_limit},
        {lim, "ephemeral-storage", &ct->res.ephemeral_limit},
    };
    for (size_t i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
        struct fy_node *x = k8s_get(rs[i].m, rs[i].key);
        if (k8s_str(x))
            *rs[i].dst = (wl_str){mt_arena_strdup(a, k8s_str(x)), loc_of(obj, x, ct->resources_loc)};
        else
            rs[i].dst->loc = loc_of(obj, rs[i].m, ct->resources_loc);
    }
    ct->has_liveness = k8s_get(c, "livenessProbe") != NULL;
    ct->has_readiness = k8s_get(c, "readinessProbe") != NULL;

    struct fy_node *env = k8s_get(c, "env");
    void *it = NULL;
    struct fy_node *e;
    while (is_seq(env) && (e = fy_node_sequence_iterate(env, &it)) != NULL) {
        struct fy_node *en = k8s_get(e, "name"), *ev = k8s_get(e, "value");
        if (!k8s_str(en))
            continue;
        mt_vec_push(&ct->env, wl_env_new(a, k8s_str(en), k8s_str(ev), loc_of(obj, ev ? ev : en, ct->loc)));
    }
    struct fy_node *ports = k8s_get(c, "ports");
    it = NULL;
    while (is_seq(ports) && (e = fy_node_sequence_iterate(ports, &it)) != NULL) {
        struct fy_node *hp = k8s_get(e, "hostPort");
        long long host = 0, cport = 0;
        if (!k8s_int(hp, &host) || host <= 0)
            continue;
        k8s_int(k8s_get(e, "containerPort"), &cport);
        mt_vec_push(&ct->ports, wl_port_new(a, k8s_str(k8s_get(e, "hostIP")), (int)host, (int)cport,
                                            k8s_str(k8s_get(e, "protocol")), loc_of(obj, hp, ct->loc)));
    }
    struct fy_node *vms = k8s_get(c, "volumeMounts");
    it = NULL;
    while (is_seq(vms) && (e = fy_node_sequence_iterate(vms, &it)) != NULL) {
        const char *vn = k8s_str(k8s_get(e, "name"));
        if (!vn)
            continue;
        for (size_t i = 0; i < nhv; i++) {
            if (strcmp(hv[i].name, vn) != 0)
                continue;
            mt_vec_push(&ct->mounts, wl_mount_new(a, hv[i].path, k8s_str(k8s_get(e, "mountPath")),
                                                  k8s_bool(k8s_get(e, "readOnly")) == 1,
                                                  loc_of(obj, e, ct->loc)));
            break;
        }
    }
}

wl_workload *k8s_pod_model(mt_arena *a, const k8s_object *obj, const k8s_pod_parts *pod)
{
    wl_workload *w = wl_workload_new(a, WL_SRC_POD);
    w->kind = obj->kind;
    w->name = obj->name;
    w->namespace = obj->namespace;
    w->loc = loc_of(obj, k8s_get(obj->root, "kind"), (wl_loc){0, 0});
    if (!w->loc.line)
        w->loc = loc_of(obj, obj->root, (wl_loc){1, 1});
    struct fy_node *spec = pod->spec;
    w->spec_loc = loc_of(obj, spec ? spec : pod->anchor, w->loc);
    struct fy_node *n;
    read_tri(obj, spec, "hostNetwork", w->spec_loc, &w->host_network, &w->host_network_loc);
    read_tri(obj, spec, "hostPID", w->spec_loc, &w->host_pid, &w->host_pid_loc);
    read_tri(obj, spec, "hostIPC", w->spec_loc, &w->host_ipc, &w->host_ipc_loc);
    read_tri(obj, spec, "hostUsers", w->spec_loc, &w->host_users, &w->host_users_loc);
    read_tri(obj, spec, "automountServiceAccountToken", w->spec_loc, &w->automount_token,
             &w->automount_token_loc);
    struct fy_node *psc = k8s_get(spec, "securityContext");
    wl_loc psc_loc = loc_of(obj, psc, w->spec_loc);
    n = k8s_get(psc, "runAsNonRoot");
    w->run_as_non_root = tri(n);
    w->run_as_non_root_loc = loc_of(obj, n, psc_loc);
    long long v;
    n = k8s_get(psc, "runAsUser");
    w->run_as_user_loc = loc_of(obj, n, psc_loc);
    if (k8s_int(n, &v)) {
        w->has_run_as_user = true;
        w->run_as_user = v;
    }
    read_sc_profiles(a, obj, psc, &w->seccomp, &w->apparmor, psc_loc);
    struct fy_node *annotations = k8s_get(pod->metadata, "annotations");
    if (!w->seccomp.value) {
        struct fy_node *an = k8s_get(annotations, "seccomp.security.alpha.kubernetes.io/pod");
        if (k8s_str(an))
            w->seccomp = (wl_str){annotation_profile(a, k8s_str(an)), loc_of(obj, an, w->spec_loc)};
    }
    struct fy_node *sysctls = k8s_get(psc, "sysctls");
    void *it = NULL;
    struct fy_node *e;
    while (is_seq(sysctls) && (e = fy_node_sequence_iterate(sysctls, &it)) != NULL) {
        struct fy_node *sn = k8s_get(e, "name");
        if (k8s_str(sn))
            mt_vec_push(&w->sysctls, wl_env_new(a, k8s_str(sn), k8s_str(k8s_get(e, "value")),
                                                loc_of(obj, sn, psc_loc)));
    }
    n = k8s_get(spec, "serviceAccountName");
    if (!k8s_str(n))
        n = k8s_get(spec, "serviceAccount");
    if (k8s_str(n))
        w->service_account = (wl_str){mt_arena_strdup(a, k8s_str(n)), loc_of(obj, n, w->spec_loc)};
    else
        w->service_account.loc = w->spec_loc;

    hostvol hv[MAX_HOSTVOLS];
    size_t nhv = 0;
    struct fy_node *vols = k8s_get(spec, "volumes");
    it = NULL;
    while (is_seq(vols) && (e = fy_node_sequence_iterate(vols, &it)) != NULL) {
        struct fy_node *hp = k8s_get(e, "hostPath");
        if (!hp)
            continue;
        struct fy_node *path = k8s_get(hp, "path");
        const char *p = k8s_str(path);
        const char *vn = k8s_str(k8s_get(e, "name"));
        if (!p)
            continue;
        mt_vec_push(&w->host_volumes, wl_mount_new(a, p, NULL, false, loc_of(obj, path, w->spec_loc)));
        if (vn && nhv < MAX_HOSTVOLS)
            hv[nhv++] = (hostvol){vn, p};
    }
    static const struct {
        const char *key, *role;
    } groups[] = {
        {"initContainers", "initContainer"},
        {"containers", "container"},
        {"ephemeralContainers", "ephemeralContainer"},
    };
    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        struct fy_node *list = k8s_get(spec, groups[g].key);
        it = NULL;
        while (is_seq(list) && (e = fy_node_sequence_iterate(list, &it)) != NULL) {
            if (fy_node_get_type(e) == FYNT_MAPPING)
                read_container(a, obj, w, e, groups[g].role, hv, nhv, annotations);
        }
    }
    return w;
}
