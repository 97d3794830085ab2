/* pss.c — Pod Security Standards controls (see pss.h). Each control below
 * notes the Kubernetes minor version from which the admission applies it
 * in that form. */
#include "k8s/pss.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"
#include "k8s/k8s.h"

typedef struct {
    mt_arena *a;
    mt_vec *out;
    int count;
    int minor;
    pss_level level;
    bool windows;           /* spec.os.name: windows */
    bool host_users_false;  /* spec.hostUsers: false */
    bool pod_nonroot;       /* spec.securityContext.runAsNonRoot: true */
    bool pod_seccomp_valid; /* pod-level RuntimeDefault or Localhost */
} pctx;

static void add(pctx *c, const char *check, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(pctx *c, const char *check, struct fy_node *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pss_violation *v = mt_arena_alloc(c->a, sizeof(*v));
    v->check = check;
    v->message = mt_arena_strdup(c->a, msg);
    v->node = n;
    mt_vec_push(c->out, v);
    c->count++;
}

static bool is_map(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_MAPPING;
}

static bool is_seq(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_SEQUENCE;
}

/* The scalar text of n (NUL-terminated copy in buf, truncated), or NULL
 * when n is not a scalar or is YAML null. */
static const char *sval(struct fy_node *n, char *buf, size_t nbuf)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR || mt_yaml_is_null(n))
        return NULL;
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
    if (!s)
        return NULL;
    if (len >= nbuf)
        len = nbuf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* Value of key `key` in mapping m (k8s_get), or NULL when absent or YAML
 * null: the admission treats a null field as unset. */
static struct fy_node *get(struct fy_node *m, const char *key)
{
    struct fy_node *v = k8s_get(m, key);
    return mt_yaml_is_null(v) ? NULL : v;
}

static bool str_is(struct fy_node *n, const char *want)
{
    const char *s = k8s_str(n);
    return s && strcmp(s, want) == 0;
}

/* YAML booleans as Kubernetes' decoder reads them: sigs.k8s.io/yaml
 * resolves plain scalars with YAML 1.1 rules, so y/yes/on are true too */
static bool bool_is(struct fy_node *n, bool want)
{
    static const char *const t[] = {"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const f[] = {"false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF"};
    const char *const *list = want ? t : f;
    bool plain = n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) == FYNS_PLAIN;
    /* quoted "true" is a string the API server would refuse; the three
     * spellings of YAML 1.2 are still taken, as before */
    size_t count = plain ? sizeof(t) / sizeof(t[0]) : 3;
    for (size_t i = 0; i < count; i++) {
        if (str_is(n, list[i]))
            return true;
    }
    return false;
}

static bool is_true(struct fy_node *n)
{
    return bool_is(n, true);
}

static bool is_false(struct fy_node *n)
{
    return bool_is(n, false);
}

/* A scalar integer; *ok false when n is set but not an integer. */
static long long int_val(struct fy_node *n, bool *ok)
{
    char b[64];
    const char *s = sval(n, b, sizeof(b));
    *ok = false;
    if (!s || !*s)
        return 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 0);
    if (end && *end == '\0')
        *ok = true;
    return v;
}

/* ---- containers ---- */

static const char *const CONTAINER_LISTS[] = {"containers", "initContainers",
                                              "ephemeralContainers"};

typedef void (*container_fn)(pctx *c, struct fy_node *ctr, const char *name);

static void each_container(pctx *c, struct fy_node *spec, container_fn fn)
{
    for (size_t i = 0; i < sizeof(CONTAINER_LISTS) / sizeof(CONTAINER_LISTS[0]); i++) {
        struct fy_node *list = get(spec, CONTAINER_LISTS[i]);
        if (!is_seq(list))
            continue;
        void *it = NULL;
        struct fy_node *ctr;
        while ((ctr = fy_node_sequence_iterate(list, &it)) != NULL) {
            if (!is_map(ctr))
                continue;
            char nb[256];
            const char *name = sval(get(ctr, "name"), nb, sizeof(nb));
            fn(c, ctr, name ? name : "");
        }
    }
}

static struct fy_node *ctr_sc(struct fy_node *ctr)
{
    struct fy_node *sc = get(ctr, "securityContext");
    return is_map(sc) ? sc : NULL;
}

/* where to point when a required field is missing */
static struct fy_node *at(struct fy_node *preferred, struct fy_node *fallback)
{
    return preferred ? preferred : fallback;
}

/* ---- baseline ---- */

static void c_privileged(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *v = get(ctr_sc(ctr), "privileged");
    if (is_true(v))
        add(c, "privileged", v, "container \"%s\" sets securityContext.privileged=true", name);
}

static void check_host_namespaces(pctx *c, struct fy_node *spec)
{
    static const char *const keys[] = {"hostNetwork", "hostPID", "hostIPC"};
    for (size_t i = 0; i < 3; i++) {
        struct fy_node *v = get(spec, keys[i]);
        if (is_true(v))
            add(c, "hostNamespaces", v, "spec.%s=true", keys[i]);
    }
}

static void check_volumes(pctx *c, struct fy_node *spec)
{
    /* "image" (read-only OCI volumes) is allowed at every policy version
     * by the admission releases that know it (v1.33+) */
    static const char *const allowed[] = {"configMap", "csi",       "downwardAPI",
                                          "emptyDir",  "ephemeral", "persistentVolumeClaim",
                                          "projected", "secret",    "image"};
    struct fy_node *vols = get(spec, "volumes");
    if (!is_seq(vols))
        return;
    void *it = NULL;
    struct fy_node *vol;
    while ((vol = fy_node_sequence_iterate(vols, &it)) != NULL) {
        if (!is_map(vol))
            continue;
        char nb[256];
        const char *vname = sval(get(vol, "name"), nb, sizeof(nb));
        if (!vname)
            vname = "";
        struct fy_node *hp = get(vol, "hostPath");
        /* at restricted the admission reports a hostPath volume once, as
         * restrictedVolumes */
        if (hp && c->level != PSS_RESTRICTED)
            add(c, "hostPathVolumes", hp, "volume \"%s\" uses hostPath", vname);
        if (c->level != PSS_RESTRICTED)
            continue;
        void *it2 = NULL;
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(vol, &it2)) != NULL) {
            char kb[128];
            struct fy_node *k = fy_node_pair_key(p);
            const char *key = sval(k, kb, sizeof(kb));
            if (!key || strcmp(key, "name") == 0 || mt_yaml_is_null(fy_node_pair_value(p)))
                continue;
            bool ok = false;
            for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
                ok = ok || strcmp(key, allowed[i]) == 0;
            if (!ok)
                add(c, "restrictedVolumes", k, "volume \"%s\" uses restricted volume type %s",
                    vname, key);
        }
    }
}

static void c_host_ports(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *ports = get(ctr, "ports");
    if (!is_seq(ports))
        return;
    void *it = NULL;
    struct fy_node *p;
    while ((p = fy_node_sequence_iterate(ports, &it)) != NULL) {
        struct fy_node *hp = get(p, "hostPort");
        if (!hp)
            continue;
        bool ok;
        long long v = int_val(hp, &ok);
        if (!ok || v != 0)
            add(c, "hostPorts", hp, "container \"%s\" sets hostPort %lld", name, v);
    }
}

static void host_in_handler(pctx *c, struct fy_node *h, const char *name, const char *where)
{
    static const char *const kinds[] = {"httpGet", "tcpSocket"};
    for (size_t i = 0; i < 2; i++) {
        struct fy_node *host = get(get(h, kinds[i]), "host");
        char b[256];
        const char *s = sval(host, b, sizeof(b));
        if (s && *s)
            add(c, "hostProbesAndHostLifecycle", host, "container \"%s\" sets %s.%s.host=%s", name,
                where, kinds[i], s);
    }
}

static void c_host_probes(pctx *c, struct fy_node *ctr, const char *name)
{
    static const char *const probes[] = {"livenessProbe", "readinessProbe", "startupProbe"};
    for (size_t i = 0; i < 3; i++)
        host_in_handler(c, get(ctr, probes[i]), name, probes[i]);
    struct fy_node *lc = get(ctr, "lifecycle");
    host_in_handler(c, get(lc, "postStart"), name, "lifecycle.postStart");
    host_in_handler(c, get(lc, "preStop"), name, "lifecycle.preStop");
}

static const char *const BASELINE_CAPS[] = {
    "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};

static void c_caps_baseline(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *add_list = get(get(ctr_sc(ctr), "capabilities"), "add");
    if (!is_seq(add_list))
        return;
    void *it = NULL;
    struct fy_node *cap;
    while ((cap = fy_node_sequence_iterate(add_list, &it)) != NULL) {
        char b[128];
        const char *s = sval(cap, b, sizeof(b));
        bool ok = false;
        for (size_t i = 0; s && i < sizeof(BASELINE_CAPS) / sizeof(BASELINE_CAPS[0]); i++)
            ok = ok || strcmp(s, BASELINE_CAPS[i]) == 0;
        if (!ok)
            add(c, "capabilities_baseline", cap, "container \"%s\" adds capability %s", name,
                s ? s : "(non-scalar)");
    }
}

static void c_caps_restricted(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *sc = ctr_sc(ctr);
    struct fy_node *caps = get(sc, "capabilities");
    struct fy_node *drop = get(caps, "drop");
    bool all = false;
    if (is_seq(drop)) {
        void *it = NULL;
        struct fy_node *d;
        while ((d = fy_node_sequence_iterate(drop, &it)) != NULL)
            all = all || str_is(d, "ALL");
    }
    if (!all)
        add(c, "capabilities_restricted", at(drop, at(caps, at(sc, ctr))),
            "container \"%s\" must set securityContext.capabilities.drop=[\"ALL\"]", name);
    struct fy_node *add_list = get(caps, "add");
    if (!is_seq(add_list))
        return;
    void *it = NULL;
    struct fy_node *cap;
    while ((cap = fy_node_sequence_iterate(add_list, &it)) != NULL) {
        if (!str_is(cap, "NET_BIND_SERVICE")) {
            char b[128];
            const char *s = sval(cap, b, sizeof(b));
            add(c, "capabilities_restricted", cap,
                "container \"%s\" adds capability %s (only NET_BIND_SERVICE is "
                "allowed)",
                name, s ? s : "(non-scalar)");
        }
    }
}

#define APPARMOR_PREFIX "container.apparmor.security.beta.kubernetes.io/"

static bool apparmor_type_ok(struct fy_node *prof)
{
    struct fy_node *t = get(prof, "type");
    return !t || str_is(t, "RuntimeDefault") || str_is(t, "Localhost");
}

static void c_apparmor(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *prof = get(ctr_sc(ctr), "appArmorProfile");
    if (!apparmor_type_ok(prof))
        add(c, "appArmorProfile", get(prof, "type"),
            "container \"%s\" sets securityContext.appArmorProfile.type to a value "
            "other than "
            "RuntimeDefault or Localhost",
            name);
}

static void check_annotations(pctx *c, struct fy_node *metadata)
{
    struct fy_node *ann = get(metadata, "annotations");
    if (!is_map(ann))
        return;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(ann, &it)) != NULL) {
        char kb[512], vb[512];
        const char *k = sval(fy_node_pair_key(p), kb, sizeof(kb));
        struct fy_node *vn = fy_node_pair_value(p);
        const char *v = sval(vn, vb, sizeof(vb));
        if (!k)
            continue;
        if (mt_startswith(k, APPARMOR_PREFIX)) {
            /* v1.0+: only the runtime default or a node-local profile */
            if (v && *v && strcmp(v, "runtime/default") != 0 && !mt_startswith(v, "localhost/"))
                add(c, "appArmorProfile", vn, "annotation %s=%s", k, v);
        }
        /* seccomp annotations: checked before v1.19, fields afterwards */
        if (c->minor < 19 && v && strcmp(v, "unconfined") == 0 &&
            (strcmp(k, "seccomp.security.alpha.kubernetes.io/pod") == 0 ||
             mt_startswith(k, "container.seccomp.security.alpha.kubernetes.io/")))
            add(c, "seccompProfile_baseline", vn, "annotation %s=%s", k, v);
    }
}

static void selinux(pctx *c, struct fy_node *opts, const char *who)
{
    if (!is_map(opts))
        return;
    struct fy_node *t = get(opts, "type");
    char b[256];
    const char *s = sval(t, b, sizeof(b));
    if (s && *s && strcmp(s, "container_t") != 0 && strcmp(s, "container_init_t") != 0 &&
        strcmp(s, "container_kvm_t") != 0 &&
        !(c->minor >= 31 && strcmp(s, "container_engine_t") == 0))
        add(c, "seLinuxOptions", t, "%s sets seLinuxOptions.type=%s", who, s);
    static const char *const empty[] = {"user", "role"};
    for (size_t i = 0; i < 2; i++) {
        struct fy_node *u = get(opts, empty[i]);
        s = sval(u, b, sizeof(b));
        if (s && *s)
            add(c, "seLinuxOptions", u, "%s sets seLinuxOptions.%s=%s", who, empty[i], s);
    }
}

static void c_selinux(pctx *c, struct fy_node *ctr, const char *name)
{
    char who[320];
    snprintf(who, sizeof(who), "container \"%s\"", name);
    selinux(c, get(ctr_sc(ctr), "seLinuxOptions"), who);
}

/* v1.0+: Default only; from v1.35 baseline allows any with hostUsers: false
 * while restricted (procMount_restricted) still requires Default */
static void c_procmount(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *v = get(ctr_sc(ctr), "procMount");
    if (!v || str_is(v, "Default"))
        return;
    char b[128];
    const char *s = sval(v, b, sizeof(b));
    if (c->minor >= 35 && c->level == PSS_RESTRICTED)
        add(c, "procMount_restricted", v, "container \"%s\" sets securityContext.procMount=%s",
            name, s ? s : "");
    else if (!(c->minor >= 35 && c->host_users_false))
        add(c, "procMount", v, "container \"%s\" sets securityContext.procMount=%s", name,
            s ? s : "");
}

static bool seccomp_unconfined(struct fy_node *prof)
{
    return str_is(get(prof, "type"), "Unconfined");
}

static void c_seccomp_baseline(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *prof = get(ctr_sc(ctr), "seccompProfile");
    if (seccomp_unconfined(prof))
        add(c, "seccompProfile_baseline", get(prof, "type"),
            "container \"%s\" sets securityContext.seccompProfile.type=Unconfined", name);
}

static bool sysctl_safe(const char *s, int minor)
{
    static const struct {
        const char *name;
        int since;
    } safe[] = {
        {"kernel.shm_rmid_forced", 0},
        {"net.ipv4.ip_local_port_range", 0},
        {"net.ipv4.tcp_syncookies", 0},
        {"net.ipv4.ping_group_range", 0},
        {"net.ipv4.ip_unprivileged_port_start", 0},
        {"net.ipv4.ip_local_reserved_ports", 27},
        {"net.ipv4.tcp_keepalive_time", 29},
        {"net.ipv4.tcp_fin_timeout", 29},
        {"net.ipv4.tcp_keepalive_intvl", 29},
        {"net.ipv4.tcp_keepalive_probes", 29},
        {"net.ipv4.tcp_rmem", 32},
        {"net.ipv4.tcp_wmem", 32},
        {"net.ipv4.tcp_slow_start_after_idle", 37},
        {"net.ipv4.tcp_notsent_lowat", 37},
    };
    for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
        if (minor >= safe[i].since && strcmp(s, safe[i].name) == 0)
            return true;
    return false;
}

static void check_sysctls(pctx *c, struct fy_node *psc)
{
    struct fy_node *list = get(psc, "sysctls");
    if (!is_seq(list))
        return;
    void *it = NULL;
    struct fy_node *e;
    while ((e = fy_node_sequence_iterate(list, &it)) != NULL) {
        struct fy_node *n = get(e, "name");
        char b[256];
        const char *s = sval(n, b, sizeof(b));
        if (!s || !sysctl_safe(s, c->minor))
            add(c, "sysctls", at(n, e), "spec.securityContext.sysctls sets %s",
                s ? s : "(no name)");
    }
}

static void c_hostprocess(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *v = get(get(ctr_sc(ctr), "windowsOptions"), "hostProcess");
    if (is_true(v))
        add(c, "windowsHostProcess", v,
            "container \"%s\" sets securityContext.windowsOptions.hostProcess=true", name);
}

/* ---- restricted ---- */

static void c_ape(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *sc = ctr_sc(ctr);
    struct fy_node *v = get(sc, "allowPrivilegeEscalation");
    if (!is_false(v))
        add(c, "allowPrivilegeEscalation", at(v, at(sc, ctr)),
            "container \"%s\" must set "
            "securityContext.allowPrivilegeEscalation=false",
            name);
}

static void c_nonroot(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *sc = ctr_sc(ctr);
    struct fy_node *v = get(sc, "runAsNonRoot");
    if (is_false(v))
        add(c, "runAsNonRoot", v, "container \"%s\" sets securityContext.runAsNonRoot=false", name);
    else if (!c->pod_nonroot && !is_true(v))
        add(c, "runAsNonRoot", at(sc, ctr),
            "container \"%s\" must set securityContext.runAsNonRoot=true (or the "
            "pod must)",
            name);
}

static void c_runasuser(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *v = get(ctr_sc(ctr), "runAsUser");
    bool ok;
    if (v && int_val(v, &ok) == 0 && ok)
        add(c, "runAsUser", v, "container \"%s\" sets securityContext.runAsUser=0", name);
}

static bool seccomp_valid(struct fy_node *prof)
{
    struct fy_node *t = get(prof, "type");
    return str_is(t, "RuntimeDefault") || str_is(t, "Localhost");
}

static void c_seccomp_restricted(pctx *c, struct fy_node *ctr, const char *name)
{
    struct fy_node *sc = ctr_sc(ctr);
    struct fy_node *prof = get(sc, "seccompProfile");
    if (prof) {
        if (!seccomp_valid(prof)) {
            char b[128];
            const char *s = sval(get(prof, "type"), b, sizeof(b));
            add(c, "seccompProfile_restricted", at(get(prof, "type"), prof),
                "container \"%s\" sets securityContext.seccompProfile.type=%s", name,
                s ? s : "(unset)");
        }
    } else if (!c->pod_seccomp_valid) {
        add(c, "seccompProfile_restricted", at(sc, ctr),
            "container \"%s\" must set securityContext.seccompProfile.type to "
            "RuntimeDefault or "
            "Localhost (or the pod must)",
            name);
    }
}

/* ---- driver ---- */

int pss_evaluate(mt_arena *a, struct fy_node *metadata, struct fy_node *spec, pss_level level,
                 int minor, mt_vec *out)
{
    pctx c = {.a = a, .out = out, .minor = minor < 0 ? 0 : minor, .level = level};
    if (!is_map(spec))
        spec = NULL;
    if (!is_map(metadata))
        metadata = NULL;
    c.windows = str_is(get(get(spec, "os"), "name"), "windows");
    c.host_users_false = is_false(get(spec, "hostUsers"));
    struct fy_node *psc = get(spec, "securityContext");
    if (!is_map(psc))
        psc = NULL;
    bool restricted = level == PSS_RESTRICTED;
    /* restricted from v1.25 exempts Windows pods from the Linux-only checks */
    bool win_exempt = restricted && c.windows && c.minor >= 25;

    /* baseline, all v1.0+ unless noted */
    each_container(&c, spec, c_privileged);
    check_host_namespaces(&c, spec);
    check_volumes(&c, spec); /* hostPathVolumes; restrictedVolumes */
    each_container(&c, spec, c_host_ports);
    if (c.minor >= 34)
        each_container(&c, spec, c_host_probes);
    if (restricted && c.minor >= 22 && !win_exempt)
        each_container(&c, spec, c_caps_restricted); /* replaces capabilities_baseline */
    else
        each_container(&c, spec, c_caps_baseline);
    check_annotations(&c, metadata); /* appArmorProfile; seccompProfile_baseline < v1.19 */
    struct fy_node *pap = get(psc, "appArmorProfile");
    if (!apparmor_type_ok(pap))
        add(&c, "appArmorProfile", get(pap, "type"),
            "spec.securityContext.appArmorProfile.type is not RuntimeDefault or "
            "Localhost");
    each_container(&c, spec, c_apparmor);
    selinux(&c, get(psc, "seLinuxOptions"), "spec.securityContext");
    each_container(&c, spec, c_selinux);
    each_container(&c, spec, c_procmount);
    if (c.minor >= 19) {
        if (restricted && !win_exempt) {
            struct fy_node *pprof = get(psc, "seccompProfile");
            c.pod_seccomp_valid = seccomp_valid(pprof);
            if (pprof && !c.pod_seccomp_valid) {
                char b[128];
                const char *s = sval(get(pprof, "type"), b, sizeof(b));
                add(&c, "seccompProfile_restricted", at(get(pprof, "type"), pprof),
                    "spec.securityContext.seccompProfile.type=%s", s ? s : "(unset)");
            }
            each_container(&c, spec, c_seccomp_restricted);
        } else {
            struct fy_node *pprof = get(psc, "seccompProfile");
            if (seccomp_unconfined(pprof))
                add(&c, "seccompProfile_baseline", get(pprof, "type"),
                    "spec.securityContext.seccompProfile.type=Unconfined");
            each_container(&c, spec, c_seccomp_baseline);
        }
    }
    check_sysctls(&c, psc);
    struct fy_node *hp = get(get(psc, "windowsOptions"), "hostProcess");
    if (is_true(hp))
        add(&c, "windowsHostProcess", hp, "spec.securityContext.windowsOptions.hostProcess=true");
    each_container(&c, spec, c_hostprocess);

    if (!restricted)
        return c.count;

    if (c.minor >= 8 && !win_exempt)
        each_container(&c, spec, c_ape);
    /* from v1.35 a pod in its own user namespace (hostUsers: false) may run
     * as root: root there is not root on the host */
    bool userns_exempt = c.minor >= 35 && c.host_users_false;
    struct fy_node *nr = get(psc, "runAsNonRoot");
    c.pod_nonroot = is_true(nr);
    if (is_false(nr) && !userns_exempt)
        add(&c, "runAsNonRoot", nr, "spec.securityContext.runAsNonRoot=false");
    if (!userns_exempt)
        each_container(&c, spec, c_nonroot);
    if (c.minor >= 23 && !userns_exempt) {
        struct fy_node *u = get(psc, "runAsUser");
        bool ok;
        if (u && int_val(u, &ok) == 0 && ok)
            add(&c, "runAsUser", u, "spec.securityContext.runAsUser=0");
        each_container(&c, spec, c_runasuser);
    }
    return c.count;
}

int pss_parse_version(const char *s)
{
    if (!s)
        return -1;
    if (strcmp(s, "latest") == 0)
        return PSS_LATEST;
    if (s[0] != 'v' || s[1] != '1' || s[2] != '.')
        return -1;
    const char *p = s + 3;
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] != '\0'))
        return -1;
    int v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 99)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v >= PSS_LATEST ? -1 : v;
}
