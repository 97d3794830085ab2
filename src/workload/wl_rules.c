/* wl_rules.c — the workload rules (see wl.h): one table of rules, one check
 * function per rule, each judging the runtime model whatever front end
 * filled it (pod spec, Compose service, docker run).
 *
 * Pod-level security settings (runAsNonRoot, runAsUser, seccomp, AppArmor)
 * are defaults that a container's own value overrides, as in Kubernetes:
 * the rules fold them per container (eff_*() below) and point at whichever
 * level the effective value came from.
 *
 * wl_check() allocates nothing: messages and normalised paths live in stack
 * buffers, and the emit callback copies what it keeps. */
#include "workload/wl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secrets.h"

#define A(...)                                                                                     \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }
#define RULE(id, aliases, sev, title, desc, fix)                                                   \
    {                                                                                              \
        id, aliases, sev, "workload", title, desc, fix, false                                      \
    }

typedef struct wctx {
    const wl_workload *w;
    wl_emit_fn emit;
    void *ud;
} wctx;

/* In ID order: R_x is WL(1001 + x). */
enum {
    R_PRIVILEGED,          /* WL1001 */
    R_PRIV_ESC,            /* WL1002 */
    R_DANGEROUS_CAP,       /* WL1003 */
    R_CAPS_NOT_DROPPED,    /* WL1004 */
    R_RUN_AS_ROOT,         /* WL1005 */
    R_ROOT_UID,            /* WL1006 */
    R_WRITABLE_ROOTFS,     /* WL1007 */
    R_HOST_NETWORK,        /* WL1008 */
    R_HOST_PID,            /* WL1009 */
    R_HOST_IPC,            /* WL1010 */
    R_HOST_USERS,          /* WL1011 */
    R_HOST_PORT,           /* WL1012 */
    R_HOST_MOUNT,          /* WL1013 */
    R_RUNTIME_SOCKET,      /* WL1014 */
    R_SENSITIVE_MOUNT,     /* WL1015 */
    R_SECCOMP_UNCONFINED,  /* WL1016 */
    R_SECCOMP_UNSET,       /* WL1017 */
    R_APPARMOR_UNCONFINED, /* WL1018 */
    R_UNSAFE_SYSCTL,       /* WL1019 */
    R_PROC_UNMASKED,       /* WL1020 */
    R_CPU_REQUEST,         /* WL1021 */
    R_MEM_REQUEST,         /* WL1022 */
    R_CPU_LIMIT,           /* WL1023 */
    R_MEM_LIMIT,           /* WL1024 */
    R_EPHEMERAL_LIMIT,     /* WL1025 */
    R_PIDS_LIMIT,          /* WL1026 */
    R_LIVENESS,            /* WL1027 */
    R_READINESS,           /* WL1028 */
    R_IMAGE_NO_TAG,        /* WL1029 */
    R_IMAGE_LATEST,        /* WL1030 */
    R_IMAGE_NO_DIGEST,     /* WL1031 */
    R_PULL_POLICY,         /* WL1032 */
    R_SA_TOKEN,            /* WL1033 */
    R_DEFAULT_SA,          /* WL1034 */
    R_ENV_SECRET,          /* WL1035 */
    R_DEVICE,              /* WL1036 */
    R_PORT_ALL_IFACES,     /* WL1037 */
    R_COUNT
};

static const mt_rule rules[R_COUNT] = {
    [R_PRIVILEGED] = RULE("WL1001",
                          A("AVD-KSV-0017", "privileged-container", "runAsPrivileged",
                            "container-security-context-privileged"),
                          MT_SEV_HIGH, "Privileged container",
                          "A privileged container gets every capability and every host device, "
                          "and no seccomp or AppArmor confinement: root in it is root on the "
                          "host.",
                          "Remove privileged (securityContext.privileged: false, no "
                          "`privileged: true` in Compose, no --privileged); grant the single "
                          "capability or device the workload needs instead."),
    [R_PRIV_ESC] = RULE(
        "WL1002", A("AVD-KSV-0001", "privilege-escalation-container", "privilegeEscalationAllowed"),
        MT_SEV_MEDIUM, "Privilege escalation not disabled",
        "Without no_new_privs a process in the container can gain privileges "
        "through setuid/setgid binaries or file capabilities, turning a "
        "compromised unprivileged process into root in the container.",
        "Set securityContext.allowPrivilegeEscalation: false (Compose: "
        "security_opt: [\"no-new-privileges:true\"]; docker run: "
        "--security-opt no-new-privileges)."),
    [R_DANGEROUS_CAP] = RULE("WL1003", A("AVD-KSV-0005", "AVD-KSV-0120", "dangerousCapabilities"),
                             MT_SEV_HIGH, "Dangerous capability added",
                             "Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE or NET_ADMIN "
                             "give a container kernel-level powers that are enough to escape to "
                             "the host or to take over its network.",
                             "Remove the capability from capabilities.add / cap_add / --cap-add; "
                             "if the workload really needs it, isolate it on dedicated nodes."),
    [R_CAPS_NOT_DROPPED] = RULE("WL1004", A("AVD-KSV-0003", "insecureCapabilities"), MT_SEV_LOW,
                                "Capabilities not dropped",
                                "Containers start with the runtime's default capability set "
                                "(CHOWN, DAC_OVERRIDE, SETUID, NET_RAW...), most of which an "
                                "application never uses and an attacker can.",
                                "Drop ALL capabilities (capabilities.drop: [ALL], cap_drop: "
                                "[ALL], --cap-drop=ALL) and add back only the ones needed."),
    [R_RUN_AS_ROOT] = RULE("WL1005", A("AVD-KSV-0012", "run-as-non-root", "runAsRootAllowed"),
                           MT_SEV_MEDIUM, "Container may run as root",
                           "Nothing stops the container from running as UID 0, so a process "
                           "that breaks out through a kernel or runtime bug starts as root.",
                           "Set runAsNonRoot: true and a runAsUser above 0 (pod or container "
                           "securityContext); in Compose or docker run, set user / --user to a "
                           "non-root UID."),
    [R_ROOT_UID] = RULE("WL1006", A("AVD-KSV-0105"), MT_SEV_MEDIUM, "Container runs as UID 0",
                        "The workload explicitly asks for the root user, overriding whatever "
                        "non-root USER the image sets.",
                        "Use a non-zero runAsUser / user; if the process needs one privilege of "
                        "root, grant that single capability instead."),
    [R_WRITABLE_ROOTFS] =
        RULE("WL1007",
             A("AVD-KSV-0014", "no-read-only-root-fs", "notReadOnlyRootFilesystem",
               "container-security-context-readonlyrootfilesystem"),
             MT_SEV_MEDIUM, "Root filesystem is writable",
             "A writable root filesystem lets an intruder replace binaries, "
             "drop tools and persist changes for the life of the container.",
             "Set readOnlyRootFilesystem: true (Compose read_only: true, "
             "docker run --read-only) and mount writable emptyDir / tmpfs "
             "volumes where the application writes."),
    [R_HOST_NETWORK] = RULE("WL1008", A("AVD-KSV-0009", "host-network", "hostNetworkSet"),
                            MT_SEV_HIGH, "Host network namespace shared",
                            "The container uses the host's network stack: it can bind any host "
                            "port, reach services listening on localhost and sniff traffic.",
                            "Remove hostNetwork: true / network_mode: host / --network host and "
                            "publish the ports the workload needs."),
    [R_HOST_PID] = RULE("WL1009", A("AVD-KSV-0010", "host-pid", "hostPIDSet"), MT_SEV_HIGH,
                        "Host PID namespace shared",
                        "The container sees every process of the host: it can read their "
                        "command lines and environment, signal them and, with ptrace, enter "
                        "them.",
                        "Remove hostPID: true / pid: host / --pid=host."),
    [R_HOST_IPC] = RULE("WL1010", A("AVD-KSV-0008", "host-ipc", "hostIPCSet"), MT_SEV_HIGH,
                        "Host IPC namespace shared",
                        "The container shares System V IPC and POSIX message queues with the "
                        "host, so it can read or tamper with shared memory of host processes.",
                        "Remove hostIPC: true / ipc: host / --ipc=host."),
    [R_HOST_USERS] = RULE("WL1011", A(NULL), MT_SEV_MEDIUM, "Host user namespace used",
                          "The workload opts out of user-namespace isolation: UID 0 in the "
                          "container is UID 0 on the host.",
                          "Remove hostUsers: true (or set it to false), userns_mode: host, "
                          "--userns=host."),
    [R_HOST_PORT] =
        RULE("WL1012", A("AVD-KSV-0024", "hostPortSet"), MT_SEV_MEDIUM, "Host port used",
             "A hostPort binds the port on the node itself, bypassing Services and "
             "most NetworkPolicy implementations, and pins the pod to nodes where "
             "the port is free.",
             "Remove hostPort and expose the container through a Service."),
    [R_HOST_MOUNT] = RULE("WL1013", A("AVD-KSV-0023"), MT_SEV_MEDIUM, "Host path mounted",
                          "A hostPath volume or bind mount exposes part of the node's "
                          "filesystem to the container, and ties the workload to one host's "
                          "layout.",
                          "Use a volume (emptyDir, PersistentVolumeClaim, named volume, "
                          "ConfigMap/Secret) instead; if a host path is unavoidable, mount it "
                          "read-only and as narrowly as possible."),
    [R_RUNTIME_SOCKET] = RULE("WL1014", A("AVD-KSV-0006", "docker-sock"), MT_SEV_CRITICAL,
                              "Container runtime socket mounted",
                              "The Docker, containerd, CRI-O or Podman API socket lets the "
                              "container start a privileged container with the host's root "
                              "filesystem mounted: full control of the host.",
                              "Do not mount the runtime socket; use a rootless builder or a "
                              "narrowly scoped API proxy if the workload must talk to it."),
    [R_SENSITIVE_MOUNT] = RULE("WL1015", A("AVD-KSV-0121", "sensitive-host-mounts"), MT_SEV_HIGH,
                               "Sensitive host path mounted",
                               "Host directories such as /, /etc, /proc, /sys, /root, /var/run or "
                               "the kubelet and runtime state hold credentials and control "
                               "interfaces of the node.",
                               "Remove the mount; read what the workload needs through an API or "
                               "a narrowly scoped, read-only path."),
    [R_SECCOMP_UNCONFINED] = RULE("WL1016", A("AVD-KSV-0104"), MT_SEV_MEDIUM, "Seccomp disabled",
                                  "An Unconfined seccomp profile exposes every system call of "
                                  "the host kernel, including the rarely used ones most kernel "
                                  "exploits go through.",
                                  "Use the RuntimeDefault profile (or a Localhost profile); "
                                  "remove seccomp=unconfined from security_opt / --security-opt."),
    [R_SECCOMP_UNSET] = RULE("WL1017", A("AVD-KSV-0030", "container-seccomp-profile"), MT_SEV_LOW,
                             "Seccomp profile not set",
                             "Unless the kubelet runs with --seccomp-default, a pod without a "
                             "seccompProfile runs Unconfined: every system call is allowed.",
                             "Set securityContext.seccompProfile.type: RuntimeDefault on the pod "
                             "(or on each container)."),
    [R_APPARMOR_UNCONFINED] = RULE("WL1018", A("AVD-KSV-0002"), MT_SEV_MEDIUM, "AppArmor disabled",
                                   "An Unconfined AppArmor profile removes the mandatory access "
                                   "control the runtime applies by default (no writes to /proc "
                                   "and /sys, no mounts...).",
                                   "Use RuntimeDefault or a Localhost profile; remove "
                                   "apparmor=unconfined from security_opt / --security-opt."),
    [R_UNSAFE_SYSCTL] =
        RULE("WL1019", A("AVD-KSV-0026", "unsafe-sysctls"), MT_SEV_MEDIUM, "Unsafe sysctl set",
             "Sysctls outside the namespaced safe set change kernel behaviour "
             "for the whole node or can starve other workloads.",
             "Remove the sysctl, or set it on the node if the node is dedicated "
             "to this workload."),
    [R_PROC_UNMASKED] =
        RULE("WL1020", A("AVD-KSV-0027", "unsafe-proc-mount"), MT_SEV_MEDIUM, "Unmasked /proc",
             "procMount: Unmasked turns off the runtime's masking of sensitive "
             "/proc paths (/proc/kcore, /proc/sysrq-trigger...).",
             "Remove procMount (or set it to Default)."),
    [R_CPU_REQUEST] = RULE(
        "WL1021",
        A("AVD-KSV-0015", "unset-cpu-requirements", "cpuRequestsMissing", "container-resources"),
        MT_SEV_LOW, "CPU request not set",
        "Without a CPU request the scheduler places the pod as if it used no "
        "CPU, and under contention the container gets the smallest share.",
        "Set resources.requests.cpu to the CPU the container needs."),
    [R_MEM_REQUEST] =
        RULE("WL1022", A("AVD-KSV-0016", "memoryRequestsMissing", "container-resources"),
             MT_SEV_LOW, "Memory request not set",
             "Without a memory request the scheduler can overcommit the node, and "
             "the container is among the first evicted under memory pressure.",
             "Set resources.requests.memory to the memory the container needs."),
    [R_CPU_LIMIT] = RULE("WL1023", A("AVD-KSV-0011", "cpuLimitsMissing", "container-resources"),
                         MT_SEV_LOW, "CPU limit not set",
                         "A container without a CPU limit can use every core of the host, "
                         "slowing down everything else that runs there.",
                         "Set resources.limits.cpu (Compose deploy.resources.limits.cpus or "
                         "cpus, docker run --cpus)."),
    [R_MEM_LIMIT] = RULE("WL1024",
                         A("AVD-KSV-0018", "unset-memory-requirements", "memoryLimitsMissing",
                           "container-resources"),
                         MT_SEV_MEDIUM, "Memory limit not set",
                         "A container without a memory limit can exhaust the host's memory, "
                         "getting other processes killed by the kernel's OOM killer.",
                         "Set resources.limits.memory (Compose deploy.resources.limits.memory "
                         "or mem_limit, docker run --memory)."),
    [R_EPHEMERAL_LIMIT] = RULE("WL1025", A("container-ephemeral-storage-request-and-limit"),
                               MT_SEV_LOW, "Ephemeral storage limit not set",
                               "Logs, emptyDir volumes and the writable layer of a container "
                               "without an ephemeral-storage limit can fill the node's disk.",
                               "Set resources.limits.ephemeral-storage."),
    [R_PIDS_LIMIT] = RULE("WL1026", A(NULL), MT_SEV_LOW, "Process limit not set",
                          "Without a PIDs limit a fork bomb or a leak of processes in the "
                          "container exhausts the host's process table.",
                          "Set pids_limit (Compose; or deploy.resources.limits.pids) / "
                          "--pids-limit (docker run)."),
    [R_LIVENESS] = RULE("WL1027", A("no-liveness-probe", "livenessProbeMissing", "pod-probes"),
                        MT_SEV_LOW, "Liveness probe not set",
                        "Without a liveness probe Kubernetes restarts the container only when "
                        "its process exits, not when it hangs.",
                        "Add a livenessProbe that fails when the application cannot recover by "
                        "itself."),
    [R_READINESS] = RULE("WL1028", A("no-readiness-probe", "readinessProbeMissing", "pod-probes"),
                         MT_SEV_LOW, "Readiness probe not set",
                         "Without a readiness probe the pod receives traffic as soon as the "
                         "container starts, before the application is ready, and keeps "
                         "receiving it when it stops being able to serve.",
                         "Add a readinessProbe that checks the application can serve "
                         "requests."),
    [R_IMAGE_NO_TAG] =
        RULE("WL1029", A("AVD-KSV-0013", "latest-tag", "tagNotSpecified", "container-image-tag"),
             MT_SEV_MEDIUM, "Image has no tag",
             "An image without a tag means latest, which the publisher can move "
             "at any time: two nodes, or two restarts, may run different code.",
             "Reference a specific version tag, and preferably a digest."),
    [R_IMAGE_LATEST] =
        RULE("WL1030", A("AVD-KSV-0013", "latest-tag", "tagNotSpecified", "container-image-tag"),
             MT_SEV_MEDIUM, "Image uses the latest tag",
             "The latest tag moves with every release: what runs depends on when "
             "and where the image was pulled, and rollbacks are impossible.",
             "Reference a specific version tag, and preferably a digest."),
    [R_IMAGE_NO_DIGEST] = RULE("WL1031", A(NULL), MT_SEV_INFO, "Image not pinned by digest",
                               "Tags are mutable: the registry can serve different content "
                               "under the same tag. Only a digest identifies the exact image.",
                               "Append the digest: image: name:tag@sha256:..."),
    [R_PULL_POLICY] = RULE("WL1032", A("pullPolicyNotAlways", "container-image-pull-policy"),
                           MT_SEV_LOW, "Mutable image not always pulled",
                           "With IfNotPresent or Never, a node keeps running whatever it cached "
                           "under a mutable tag, and any pod on the node can use a cached "
                           "private image without presenting pull credentials.",
                           "Pin the image by digest, or set imagePullPolicy: Always."),
    [R_SA_TOKEN] = RULE("WL1033", A("AVD-KSV-0036", "automountServiceAccountToken"), MT_SEV_LOW,
                        "Service account token mounted",
                        "Every container of the pod gets an API token; an intruder in any of "
                        "them can use it against the Kubernetes API.",
                        "Set automountServiceAccountToken: false on the pod (or on its service "
                        "account) unless the workload calls the Kubernetes API."),
    [R_DEFAULT_SA] =
        RULE("WL1034", A("default-service-account"), MT_SEV_LOW, "Default service account used",
             "Pods that share the namespace's default service account share its "
             "permissions: granting one of them API access grants it to all.",
             "Create a dedicated ServiceAccount for the workload and set "
             "serviceAccountName."),
    [R_ENV_SECRET] = RULE("WL1035", A("env-var-secret", "sensitiveContainerEnvVar"), MT_SEV_HIGH,
                          "Secret in an environment variable value",
                          "A credential written into the manifest is readable by everyone who "
                          "can read the file or the object, ends up in version control and "
                          "cannot be rotated without a change.",
                          "Reference a Secret (valueFrom.secretKeyRef, Compose secrets, an "
                          "env_file kept out of version control) instead of a literal value."),
    [R_DEVICE] = RULE("WL1036", A(NULL), MT_SEV_MEDIUM, "Host device mapped",
                      "A host device node gives the container direct access to hardware or to "
                      "kernel interfaces (disks, /dev/mem, GPUs, TUN) outside its isolation.",
                      "Remove the device mapping unless the workload needs that device; never "
                      "map block devices or memory devices."),
    [R_PORT_ALL_IFACES] = RULE("WL1037", A(NULL), MT_SEV_INFO, "Port published on all interfaces",
                               "A port published without a host IP listens on every interface "
                               "of the host, including public ones, and Docker's iptables rules "
                               "bypass host firewalls such as ufw.",
                               "Bind the port to the interface that needs it, e.g. "
                               "\"127.0.0.1:8080:80\"."),
};

const mt_rule *wl_rules(size_t *n)
{
    *n = R_COUNT;
    return rules;
}

static void report(wctx *c, int r, wl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(wctx *c, int r, wl_loc loc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->emit(c->ud, &rules[r], loc, msg);
}

/* ---- helpers ---- */

#define CT(c, i) ((const wl_container *)(c)->w->containers.items[i])

static bool is_pod(const wctx *c)
{
    return c->w->source == WL_SRC_POD;
}

/* The wording of a setting in the syntax of the workload's source. */
static const char *by_src(const wctx *c, const char *pod, const char *compose, const char *docker)
{
    switch (c->w->source) {
    case WL_SRC_COMPOSE:
        return compose;
    case WL_SRC_DOCKER_RUN:
        return docker;
    default:
        return pod;
    }
}

static bool role_is(const wl_container *ct, const char *role)
{
    return ct->role && !strcmp(ct->role, role);
}

static bool is_ephemeral(const wl_container *ct)
{
    return role_is(ct, "ephemeralContainer");
}

static bool has_value(const wl_str *s)
{
    return s->value && *s->value;
}

/* "container "web"" / "service "web"" / "docker run" for messages. */
static const char *who(const wl_container *ct, char *buf, size_t n)
{
    const char *role = ct->role ? ct->role : "container";
    if (ct->name)
        snprintf(buf, n, "%s \"%s\"", role, ct->name);
    else
        snprintf(buf, n, "%s", role);
    return buf;
}

/* "Deployment "web"" / "service "web"" / "docker run" for messages. */
static const char *wname(const wl_workload *w, char *buf, size_t n)
{
    const char *kind = w->kind ? w->kind : "workload";
    if (w->name)
        snprintf(buf, n, "%s \"%s\"", kind, w->name);
    else
        snprintf(buf, n, "%s", kind);
    return buf;
}

/* A name and what it stands for: why a capability or host path is
 * dangerous, which runtime a socket belongs to. */
typedef struct why_entry {
    const char *name, *why;
} why_entry;

/* The why of the entry named exactly name, or NULL. */
static const char *why_of(const why_entry *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(name, t[i].name))
            return t[i].why;
    }
    return NULL;
}

/* ---- privileges ---- */

static void check_privileged(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (ct->privileged == WL_TRUE)
            report(
                c, R_PRIVILEGED, ct->privileged_loc, "%s runs privileged (%s)",
                who(ct, b, sizeof(b)),
                by_src(c, "securityContext.privileged: true", "privileged: true", "--privileged"));
    }
}

static void check_priv_esc(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (ct->allow_priv_esc == WL_FALSE)
            continue;
        if (ct->allow_priv_esc == WL_TRUE)
            report(c, R_PRIV_ESC, ct->allow_priv_esc_loc, "%s sets %s", who(ct, b, sizeof(b)),
                   by_src(c, "allowPrivilegeEscalation: true", "no-new-privileges:false",
                          "no-new-privileges=false"));
        else
            report(c, R_PRIV_ESC, ct->sc_loc, "%s can gain privileges: %s", who(ct, b, sizeof(b)),
                   by_src(c, "securityContext.allowPrivilegeEscalation is not set to false",
                          "security_opt has no no-new-privileges:true",
                          "no --security-opt no-new-privileges"));
    }
}

/* Capability name without CAP_, upper-cased, into buf ("" when too long). */
static const char *cap_norm(const char *s, char *buf, size_t n)
{
    if (mt_startswith_ci(s, "CAP_"))
        s += 4;
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        buf[i] = (char)toupper((unsigned char)s[i]);
    if (s[i])
        i = 0;
    buf[i] = '\0';
    return buf;
}

/* Why a capability is dangerous, or NULL. */
static const char *dangerous_cap(const char *cap)
{
    static const why_entry caps[] = {
        {"ALL", "every capability"},
        {"SYS_ADMIN", "mount, namespaces, BPF and much more: close to full root"},
        {"SYS_MODULE", "loads kernel modules"},
        {"SYS_PTRACE", "traces and injects code into other processes"},
        {"SYS_RAWIO", "raw I/O to devices and ports"},
        {"SYS_BOOT", "reboots the host"},
        {"NET_ADMIN", "reconfigures interfaces, routes and firewall rules"},
        {"DAC_READ_SEARCH", "reads any file and opens host files by handle"},
        {"BPF", "loads BPF programs into the kernel"},
        {"PERFMON", "reads kernel performance data and attaches BPF probes"},
        {"MAC_ADMIN", "changes AppArmor/SELinux policy"},
        {"MAC_OVERRIDE", "bypasses AppArmor/SELinux policy"},
    };
    return why_of(caps, MT_ARRAY_LEN(caps), cap);
}

static void check_dangerous_caps(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->cap_add.len; k++) {
            const wl_str *cap = ct->cap_add.items[k];
            char nb[64], b[256];
            if (!cap->value)
                continue;
            const char *why = dangerous_cap(cap_norm(cap->value, nb, sizeof(nb)));
            if (why)
                report(c, R_DANGEROUS_CAP, cap->loc, "%s adds capability %s (%s)",
                       who(ct, b, sizeof(b)), cap->value, why);
        }
    }
}

static void check_caps_dropped(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        bool all = false;
        for (size_t k = 0; k < ct->cap_drop.len && !all; k++) {
            const wl_str *cap = ct->cap_drop.items[k];
            char nb[64];
            all = cap->value && !strcmp(cap_norm(cap->value, nb, sizeof(nb)), "ALL");
        }
        if (all)
            continue;
        char b[256];
        report(c, R_CAPS_NOT_DROPPED, ct->sc_loc, "%s does not drop ALL capabilities (%s)",
               who(ct, b, sizeof(b)),
               ct->cap_drop.len
                   ? "it drops only some"
                   : by_src(c, "no capabilities.drop", "no cap_drop", "no --cap-drop"));
    }
}

/* ---- user ---- */

/* The effective user of a container, pod defaults folded in. */
typedef struct user_eff {
    wl_tri non_root;
    wl_loc non_root_loc;
    bool non_root_from_pod;
    bool has_uid;
    int64_t uid;
    wl_loc uid_loc;
    bool uid_from_pod;
} user_eff;

static user_eff eff_user(const wl_workload *w, const wl_container *ct)
{
    user_eff u = {.non_root = ct->run_as_non_root, .non_root_loc = ct->run_as_non_root_loc};
    if (u.non_root == WL_UNSET && w->run_as_non_root != WL_UNSET) {
        u.non_root = w->run_as_non_root;
        u.non_root_loc = w->run_as_non_root_loc;
        u.non_root_from_pod = true;
    }
    if (ct->has_run_as_user) {
        u.has_uid = true;
        u.uid = ct->run_as_user;
        u.uid_loc = ct->run_as_user_loc;
    } else if (w->has_run_as_user) {
        u.has_uid = true;
        u.uid = w->run_as_user;
        u.uid_loc = w->run_as_user_loc;
        u.uid_from_pod = true;
    }
    return u;
}

/* Compose/docker `user:` naming root: "root", "0", "root:...", "0:...". */
static bool user_str_root(const char *u)
{
    size_t n = strcspn(u, ":");
    if (n == 4 && !strncmp(u, "root", 4))
        return true;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (u[i] != '0')
            return false;
    }
    return true;
}

/* Compose/docker: true when the user is explicitly root; *loc is where. */
static bool explicit_root_user(const wl_container *ct, wl_loc *loc)
{
    if (ct->has_run_as_user) {
        *loc = ct->user.value ? ct->user.loc : ct->run_as_user_loc;
        return ct->run_as_user == 0;
    }
    if (ct->user.value && user_str_root(ct->user.value)) {
        *loc = ct->user.loc;
        return true;
    }
    return false;
}

static void check_run_as_root(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (!is_pod(c)) {
            wl_loc loc;
            if (explicit_root_user(ct, &loc))
                report(c, R_RUN_AS_ROOT, loc, "%s runs as root (%s %s)", who(ct, b, sizeof(b)),
                       by_src(c, "", "user:", "--user"), ct->user.value ? ct->user.value : "0");
            else if (!ct->user.value && !ct->has_run_as_user)
                report(c, R_RUN_AS_ROOT, ct->loc,
                       "%s sets no %s: it runs as the image's default user, root unless the "
                       "image sets USER",
                       who(ct, b, sizeof(b)), by_src(c, "", "user", "--user"));
            continue;
        }
        user_eff u = eff_user(c->w, ct);
        if (u.non_root == WL_TRUE || (u.has_uid && u.uid > 0))
            continue;
        char nr[64], uid[64];
        if (u.non_root == WL_UNSET)
            snprintf(nr, sizeof(nr), "not set");
        else
            snprintf(nr, sizeof(nr), "false%s", u.non_root_from_pod ? " (pod)" : "");
        if (!u.has_uid)
            snprintf(uid, sizeof(uid), "not set");
        else
            snprintf(uid, sizeof(uid), "%lld%s", (long long)u.uid, u.uid_from_pod ? " (pod)" : "");
        wl_loc loc = u.non_root == WL_FALSE ? u.non_root_loc : u.has_uid ? u.uid_loc : ct->sc_loc;
        report(c, R_RUN_AS_ROOT, loc, "%s may run as root: runAsNonRoot is %s and runAsUser is %s",
               who(ct, b, sizeof(b)), nr, uid);
    }
}

static void check_root_uid(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (!is_pod(c)) {
            wl_loc loc;
            if (explicit_root_user(ct, &loc))
                report(c, R_ROOT_UID, loc, "%s sets %s %s", who(ct, b, sizeof(b)),
                       by_src(c, "", "user:", "--user"), ct->user.value ? ct->user.value : "0");
            continue;
        }
        user_eff u = eff_user(c->w, ct);
        if (u.has_uid && u.uid == 0)
            report(c, R_ROOT_UID, u.uid_loc, "%s runs with runAsUser: 0%s", who(ct, b, sizeof(b)),
                   u.uid_from_pod ? " (from the pod securityContext)" : "");
    }
}

static void check_writable_rootfs(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (ct->read_only_root == WL_TRUE)
            continue;
        if (ct->read_only_root == WL_FALSE)
            report(c, R_WRITABLE_ROOTFS, ct->read_only_root_loc, "%s sets %s",
                   who(ct, b, sizeof(b)),
                   by_src(c, "readOnlyRootFilesystem: false", "read_only: false",
                          "--read-only=false"));
        else
            report(c, R_WRITABLE_ROOTFS, ct->sc_loc, "%s has a writable root filesystem (%s)",
                   who(ct, b, sizeof(b)),
                   by_src(c, "readOnlyRootFilesystem is not set to true", "read_only is not set",
                          "no --read-only"));
    }
}

/* ---- host namespaces ---- */

static void host_ns(wctx *c, int r, wl_tri v, wl_loc loc, const char *pod, const char *compose,
                    const char *docker, const char *what)
{
    char b[256];
    if (v == WL_TRUE)
        report(c, r, loc, "%s %s (%s)", wname(c->w, b, sizeof(b)), what,
               by_src(c, pod, compose, docker));
}

static void check_host_network(wctx *c)
{
    host_ns(c, R_HOST_NETWORK, c->w->host_network, c->w->host_network_loc, "hostNetwork: true",
            "network_mode: host", "--network host", "shares the host network namespace");
}

static void check_host_pid(wctx *c)
{
    host_ns(c, R_HOST_PID, c->w->host_pid, c->w->host_pid_loc, "hostPID: true", "pid: host",
            "--pid host", "shares the host PID namespace");
}

static void check_host_ipc(wctx *c)
{
    host_ns(c, R_HOST_IPC, c->w->host_ipc, c->w->host_ipc_loc, "hostIPC: true", "ipc: host",
            "--ipc host", "shares the host IPC namespace");
}

static void check_host_users(wctx *c)
{
    host_ns(c, R_HOST_USERS, c->w->host_users, c->w->host_users_loc, "hostUsers: true",
            "userns_mode: host", "--userns host", "uses the host user namespace");
}

static void check_host_ports(wctx *c)
{
    if (!is_pod(c))
        return; /* publishing ports is how Compose and docker run expose a service: WL1037 */
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->ports.len; k++) {
            const wl_port *p = ct->ports.items[k];
            char b[256];
            if (p->host_port > 0)
                report(c, R_HOST_PORT, p->loc, "%s binds hostPort %d (containerPort %d)",
                       who(ct, b, sizeof(b)), p->host_port, p->container_port);
        }
    }
}

/* ---- host paths ---- */

/* Normalises a path lexically into out: no empty or "." segments, ".."
 * applied, no trailing slash, /var/run read as /run (a symlink to it on
 * current systems). Returns false when the path is not absolute or does not
 * fit. */
static bool norm_path(const char *in, char *out, size_t n)
{
    if (in[0] != '/' || n < 2)
        return false;
    size_t len = 0;
    const char *p = in;
    while (*p) {
        while (*p == '/')
            p++;
        size_t seg = strcspn(p, "/");
        if (seg == 0)
            break;
        if (seg == 1 && p[0] == '.') {
            /* skip */
        } else if (seg == 2 && p[0] == '.' && p[1] == '.') {
            /* drop the last segment and its slash; ".." of / is / */
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else {
            if (len + 1 + seg >= n)
                return false;
            out[len++] = '/';
            memcpy(out + len, p, seg);
            len += seg;
        }
        p += seg;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    if (!strncmp(out, "/var/run", 8) && (out[8] == '\0' || out[8] == '/'))
        memmove(out, out + 4, len - 4 + 1);
    return true;
}

/* path is dir or below it. */
static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* A container runtime API socket (or a directory holding one): the kind
 * of runtime, else NULL. Works on relative paths too (~/.docker/run/...). */
static const char *runtime_socket(const char *raw, const char *norm)
{
    static const why_entry socks[] = {
        {"docker.sock", "Docker"},
        {"docker.sock.raw", "Docker"},
        {"docker_engine", "Docker"},
        {"dockershim.sock", "dockershim"},
        {"cri-dockerd.sock", "cri-dockerd"},
        {"containerd.sock", "containerd"},
        {"crio.sock", "CRI-O"},
        {"podman.sock", "Podman"},
    };
    static const why_entry dirs[] = {
        {"/run/docker", "Docker"},
        {"/run/containerd", "containerd"},
        {"/run/crio", "CRI-O"},
        {"/run/podman", "Podman"},
    };
    const char *p = norm ? norm : raw;
    size_t n = strlen(p);
    while (n > 1 && (p[n - 1] == '/' || p[n - 1] == '\\'))
        n--;
    size_t s = n;
    while (s > 0 && p[s - 1] != '/' && p[s - 1] != '\\')
        s--;
    for (size_t i = 0; i < MT_ARRAY_LEN(socks); i++) {
        if (n - s == strlen(socks[i].name) && !strncmp(p + s, socks[i].name, n - s))
            return socks[i].why;
    }
    return norm ? why_of(dirs, MT_ARRAY_LEN(dirs), norm) : NULL;
}

/* Why a (normalised, absolute) host path is sensitive, or NULL. */
static const char *sensitive_path(const char *p)
{
    static const why_entry exact[] = {
        {"/", "the host's whole filesystem"},
        {"/etc", "host configuration and credentials"},
        {"/dev", "every host device"},
        {"/run", "host runtime state and sockets"},
        {"/var", "host state, logs and container storage"},
        {"/var/lib", "host service state"},
        {"/usr", "host binaries"},
        {"/lib", "host libraries and kernel modules"},
        {"/home", "users' home directories"},
    };
    static const why_entry tree[] = {
        {"/proc", "host kernel and process interfaces"},
        {"/sys", "host kernel and device interfaces"},
        {"/boot", "the host kernel and boot loader"},
        {"/root", "root's home directory"},
        {"/var/lib/kubelet", "kubelet state, including pod secrets"},
        {"/var/lib/docker", "Docker's storage and state"},
        {"/var/lib/containerd", "containerd's storage and state"},
        {"/var/lib/containers", "Podman/CRI-O storage"},
        {"/etc/kubernetes", "cluster credentials"},
        {"/etc/ssh", "the host's SSH keys and configuration"},
        {"/etc/shadow", "password hashes"},
        {"/etc/sudoers", "sudo rules"},
        {"/etc/sudoers.d", "sudo rules"},
        {"/etc/docker", "Docker daemon configuration and TLS keys"},
    };
    const char *why = why_of(exact, MT_ARRAY_LEN(exact), p);
    for (size_t i = 0; !why && i < MT_ARRAY_LEN(tree); i++) {
        if (under(p, tree[i].name))
            why = tree[i].why;
    }
    return why;
}

/* Reports one host path (mount of a container when ct, else a pod volume). */
static void host_path(wctx *c, const wl_container *ct, const wl_mount *m)
{
    char b[256], norm[1024];
    const char *src = m->host_path;
    bool abs = norm_path(src, norm, sizeof(norm));
    const char *mode = m->read_only ? "read-only" : "writable";
    if (ct)
        who(ct, b, sizeof(b));
    else
        wname(c->w, b, sizeof(b));
    const char *how =
        ct ? (is_pod(c) ? "mounts hostPath" : "bind-mounts") : "declares hostPath volume";
    char target[600];
    if (m->target)
        snprintf(target, sizeof(target), " at %s", m->target);
    else
        target[0] = '\0';

    report(c, R_HOST_MOUNT, m->loc, "%s %s %s%s (%s)", b, how, src, target, mode);
    const char *rt = runtime_socket(src, abs ? norm : NULL);
    if (rt) {
        report(c, R_RUNTIME_SOCKET, m->loc, "%s %s %s%s: the %s API socket", b, how, src, target,
               rt);
        return;
    }
    const char *why = abs ? sensitive_path(norm) : NULL;
    if (why)
        report(c, R_SENSITIVE_MOUNT, m->loc, "%s %s %s%s (%s): %s", b, how, src, target, mode, why);
}

/* WL1013, WL1014 and WL1015 together: one walk over the host paths. */
static void check_host_paths(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->mounts.len; k++) {
            const wl_mount *m = ct->mounts.items[k];
            if (m->host_path && *m->host_path)
                host_path(c, ct, m);
        }
    }
    /* hostPath volumes no container mounts: the kubelet still creates or
     * checks them on the node. */
    for (size_t v = 0; v < c->w->host_volumes.len; v++) {
        const wl_mount *vol = c->w->host_volumes.items[v];
        if (!vol->host_path || !*vol->host_path)
            continue;
        bool mounted = false;
        for (size_t i = 0; i < c->w->containers.len; i++) {
            const wl_container *ct = CT(c, i);
            for (size_t k = 0; k < ct->mounts.len && !mounted; k++) {
                const wl_mount *m = ct->mounts.items[k];
                mounted = m->host_path && !strcmp(m->host_path, vol->host_path);
            }
        }
        if (!mounted)
            host_path(c, NULL, vol);
    }
}

/* ---- seccomp, AppArmor, sysctls, /proc ---- */

/* The container's value, else the pod's; NULL when neither is set. */
static const wl_str *eff_str(const wl_str *ct, const wl_str *pod, bool *from_pod)
{
    *from_pod = false;
    if (has_value(ct))
        return ct;
    if (has_value(pod)) {
        *from_pod = true;
        return pod;
    }
    return NULL;
}

static void check_seccomp(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        bool from_pod;
        const wl_str *s = eff_str(&ct->seccomp, &c->w->seccomp, &from_pod);
        if (s && mt_streq_ci(s->value, "unconfined"))
            report(c, R_SECCOMP_UNCONFINED, s->loc, "%s runs without seccomp (profile %s%s)",
                   who(ct, b, sizeof(b)), s->value,
                   from_pod ? ", from the pod securityContext" : "");
        else if (!s && is_pod(c))
            report(c, R_SECCOMP_UNSET, ct->sc_loc,
                   "%s has no seccomp profile (seccompProfile is set neither on it nor on the pod)",
                   who(ct, b, sizeof(b)));
    }
}

static void check_apparmor(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        bool from_pod;
        const wl_str *s = eff_str(&ct->apparmor, &c->w->apparmor, &from_pod);
        if (s && mt_streq_ci(s->value, "unconfined"))
            report(c, R_APPARMOR_UNCONFINED, s->loc, "%s runs without AppArmor (profile %s%s)",
                   who(ct, b, sizeof(b)), s->value,
                   from_pod ? ", from the pod securityContext" : "");
    }
}

/* The sysctls Kubernetes considers safe (namespaced, isolated per pod). */
static bool safe_sysctl(const char *name)
{
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
    };
    char buf[128];
    size_t n = strlen(name);
    if (n >= sizeof(buf))
        return false;
    /* net/ipv4/tcp_syncookies is the same sysctl */
    for (size_t i = 0; i <= n; i++)
        buf[i] = name[i] == '/' ? '.' : name[i];
    for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++) {
        if (!strcmp(buf, safe[i]))
            return true;
    }
    return false;
}

static void check_sysctls(wctx *c)
{
    for (size_t i = 0; i < c->w->sysctls.len; i++) {
        const wl_env *s = c->w->sysctls.items[i];
        char b[256];
        if (s->name && !safe_sysctl(s->name))
            report(c, R_UNSAFE_SYSCTL, s->loc, "%s sets unsafe sysctl %s=%s",
                   wname(c->w, b, sizeof(b)), s->name, s->value ? s->value : "");
    }
}

static void check_proc_mount(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (has_value(&ct->proc_mount) && mt_streq_ci(ct->proc_mount.value, "Unmasked"))
            report(c, R_PROC_UNMASKED, ct->proc_mount.loc, "%s sets procMount: %s",
                   who(ct, b, sizeof(b)), ct->proc_mount.value);
    }
}

/* ---- resources ---- */

static wl_loc res_loc(const wl_container *ct)
{
    return ct->has_resources_block ? ct->resources_loc : ct->loc;
}

/* A limit is set. Compose and docker read 0 and negative values as
 * "unlimited". */
static bool limit_set(const wctx *c, const wl_str *s)
{
    if (!has_value(s))
        return false;
    if (is_pod(c))
        return true;
    char *end;
    double d = strtod(s->value, &end);
    return !(end != s->value && d <= 0);
}

static void check_requests(wctx *c)
{
    if (!is_pod(c))
        return;
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (is_ephemeral(ct))
            continue; /* ephemeral containers take no resources */
        /* A limit without a request makes the request equal to the limit. */
        if (!has_value(&ct->res.cpu_request) && !has_value(&ct->res.cpu_limit))
            report(c, R_CPU_REQUEST, res_loc(ct), "%s sets no resources.requests.cpu",
                   who(ct, b, sizeof(b)));
        if (!has_value(&ct->res.mem_request) && !has_value(&ct->res.mem_limit))
            report(c, R_MEM_REQUEST, res_loc(ct), "%s sets no resources.requests.memory",
                   who(ct, b, sizeof(b)));
    }
}

/* A missing limit, or in Compose/docker one of 0 or less (unlimited). */
static void limit(wctx *c, int r, const wl_container *ct, const wl_str *s, const char *what,
                  const char *field)
{
    char b[256];
    if (limit_set(c, s))
        return;
    if (has_value(s))
        report(c, r, s->loc, "%s has no %s limit (%s means unlimited)", who(ct, b, sizeof(b)), what,
               s->value);
    else
        report(c, r, res_loc(ct), "%s has no %s limit (%s not set)", who(ct, b, sizeof(b)), what,
               field);
}

static void check_limits(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (is_ephemeral(ct))
            continue;
        limit(c, R_CPU_LIMIT, ct, &ct->res.cpu_limit, "CPU",
              by_src(c, "resources.limits.cpu", "deploy.resources.limits.cpus / cpus", "--cpus"));
        limit(c, R_MEM_LIMIT, ct, &ct->res.mem_limit, "memory",
              by_src(c, "resources.limits.memory", "deploy.resources.limits.memory / mem_limit",
                     "--memory"));
        if (is_pod(c) && !has_value(&ct->res.ephemeral_limit))
            report(c, R_EPHEMERAL_LIMIT, res_loc(ct),
                   "%s sets no resources.limits.ephemeral-storage", who(ct, b, sizeof(b)));
        if (!is_pod(c))
            limit(c, R_PIDS_LIMIT, ct, &ct->res.pids_limit, "process",
                  by_src(c, "", "pids_limit", "--pids-limit"));
    }
}

/* ---- probes ---- */

static void check_probes(wctx *c)
{
    if (!is_pod(c))
        return;
    /* Jobs run to completion: nothing routes traffic to them or waits for
     * them to become live again. */
    if (c->w->kind && (!strcmp(c->w->kind, "Job") || !strcmp(c->w->kind, "CronJob")))
        return;
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        if (!role_is(ct, "container"))
            continue; /* init containers exit; ephemeral containers take no probes */
        if (!ct->has_liveness)
            report(c, R_LIVENESS, ct->loc, "%s has no livenessProbe", who(ct, b, sizeof(b)));
        if (!ct->has_readiness)
            report(c, R_READINESS, ct->loc, "%s has no readinessProbe", who(ct, b, sizeof(b)));
    }
}

/* ---- images ---- */

typedef struct imgref {
    bool usable; /* set, no variables */
    bool has_tag, has_digest, latest;
} imgref;

static imgref parse_image(const char *img)
{
    imgref r = {0};
    if (!img || !*img || strchr(img, '$') || strstr(img, "{{"))
        return r;
    r.usable = true;
    const char *at = strchr(img, '@');
    r.has_digest = at != NULL;
    size_t n = at ? (size_t)(at - img) : strlen(img);
    /* the tag is after the last ':' that follows the last '/' (a ':'
     * before it is a registry port) */
    size_t colon = n;
    for (size_t i = 0; i < n; i++) {
        if (img[i] == '/')
            colon = n;
        else if (img[i] == ':')
            colon = i;
    }
    if (colon < n) {
        r.has_tag = colon + 1 < n;
        r.latest = n - colon - 1 == 6 && !strncmp(img + colon + 1, "latest", 6);
    }
    return r;
}

static void check_images(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        char b[256];
        imgref r = parse_image(ct->image.value);
        if (!r.usable)
            continue;
        const char *img = ct->image.value;
        if (!r.has_digest && !r.has_tag)
            report(c, R_IMAGE_NO_TAG, ct->image.loc,
                   "%s uses image %s without a tag (it means :latest)", who(ct, b, sizeof(b)), img);
        if (!r.has_digest && r.latest)
            report(c, R_IMAGE_LATEST, ct->image.loc, "%s uses image %s", who(ct, b, sizeof(b)),
                   img);
        if (!r.has_digest)
            report(c, R_IMAGE_NO_DIGEST, ct->image.loc, "%s uses image %s, not pinned by digest",
                   who(ct, b, sizeof(b)), img);
        if (is_pod(c) && !r.has_digest) {
            /* Kubernetes' default: Always for :latest or no tag, else IfNotPresent */
            bool dflt = !has_value(&ct->pull_policy);
            const char *pol =
                dflt ? (!r.has_tag || r.latest ? "Always" : "IfNotPresent") : ct->pull_policy.value;
            if (strcmp(pol, "Always") != 0) {
                if (dflt)
                    report(c, R_PULL_POLICY, ct->image.loc,
                           "%s sets no imagePullPolicy: image %s is pulled only if not present",
                           who(ct, b, sizeof(b)), img);
                else
                    report(
                        c, R_PULL_POLICY, ct->pull_policy.loc,
                        "%s sets imagePullPolicy: %s for image %s, which is not pinned by digest",
                        who(ct, b, sizeof(b)), pol, img);
            }
        }
    }
}

/* ---- service account ---- */

static void check_service_account(wctx *c)
{
    if (!is_pod(c))
        return;
    const wl_workload *w = c->w;
    char b[256];
    if (w->automount_token == WL_TRUE)
        report(c, R_SA_TOKEN, w->automount_token_loc, "%s sets automountServiceAccountToken: true",
               wname(w, b, sizeof(b)));
    else if (w->automount_token == WL_UNSET)
        report(
            c, R_SA_TOKEN, w->spec_loc,
            "%s mounts a service account token (automountServiceAccountToken is not set to false)",
            wname(w, b, sizeof(b)));
    const char *sa = w->service_account.value;
    if (!sa || !*sa)
        report(c, R_DEFAULT_SA, w->spec_loc,
               "%s sets no serviceAccountName: it runs as \"default\"", wname(w, b, sizeof(b)));
    else if (!strcmp(sa, "default"))
        report(c, R_DEFAULT_SA, w->service_account.loc, "%s uses serviceAccountName: default",
               wname(w, b, sizeof(b)));
}

/* ---- environment ---- */

/* Values that configure a switch rather than hold a secret
 * (MYSQL_ALLOW_EMPTY_PASSWORD=yes). */
static bool switch_value(const char *v)
{
    static const char *const words[] = {"yes", "no", "true", "false", "on", "off", "0", "1"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (mt_streq_ci(v, words[i]))
            return true;
    }
    return false;
}

static bool var_char(char ch, bool first)
{
    return ch == '_' || isalpha((unsigned char)ch) || (!first && isdigit((unsigned char)ch));
}

/* The whole value is one reference to another variable: $X, ${X...},
 * $(X) (Kubernetes dependent variables). */
static bool reference(const char *v)
{
    if (v[0] != '$')
        return false;
    size_t n = strlen(v);
    if (v[1] == '{' || v[1] == '(') {
        /* ${NAME...} / $(NAME): the first closing brace ends the value */
        char close = v[1] == '{' ? '}' : ')';
        return n > 3 && strchr(v + 2, close) == v + n - 1;
    }
    if (!var_char(v[1], true))
        return false;
    for (size_t i = 2; i < n; i++) {
        if (!var_char(v[i], false))
            return false;
    }
    return true;
}

static void check_env(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->env.len; k++) {
            const wl_env *e = ct->env.items[k];
            char b[256];
            if (!e->name || !e->value || !*e->value)
                continue;
            const char *what = mt_secret_value(e->value);
            if (what)
                report(c, R_ENV_SECRET, e->loc, "%s: environment variable %s holds %s",
                       who(ct, b, sizeof(b)), e->name, what);
            else if (mt_secret_name(e->name) && !switch_value(e->value) && !reference(e->value) &&
                     !mt_startswith(e->value, "/run/secrets/"))
                report(c, R_ENV_SECRET, e->loc,
                       "%s: environment variable %s looks like a secret and has a literal value",
                       who(ct, b, sizeof(b)), e->name);
        }
    }
}

/* ---- devices, published ports ---- */

static void check_devices(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->devices.len; k++) {
            const wl_mount *d = ct->devices.items[k];
            char b[256];
            if (!d->host_path)
                continue;
            if (d->target && strcmp(d->target, d->host_path) != 0)
                report(c, R_DEVICE, d->loc, "%s maps host device %s as %s", who(ct, b, sizeof(b)),
                       d->host_path, d->target);
            else
                report(c, R_DEVICE, d->loc, "%s maps host device %s", who(ct, b, sizeof(b)),
                       d->host_path);
        }
    }
}

static bool all_interfaces(const char *ip)
{
    return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") || !strcmp(ip, "[::]");
}

static void check_published_ports(wctx *c)
{
    if (is_pod(c))
        return; /* hostPort: WL1012 */
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = CT(c, i);
        for (size_t k = 0; k < ct->ports.len; k++) {
            const wl_port *p = ct->ports.items[k];
            char b[256], hp[32];
            if (!all_interfaces(p->host_ip))
                continue;
            if (p->host_port > 0)
                snprintf(hp, sizeof(hp), "%d", p->host_port);
            else
                snprintf(hp, sizeof(hp), "a random port");
            if (p->container_port == 0) {
                /* docker run -P: every port the image exposes */
                report(c, R_PORT_ALL_IFACES, p->loc,
                       "%s publishes every port the image exposes, on random ports of all interfaces",
                       who(ct, b, sizeof(b)));
                continue;
            }
            report(c, R_PORT_ALL_IFACES, p->loc,
                   "%s publishes container port %d%s%s on %s of all interfaces",
                   who(ct, b, sizeof(b)), p->container_port, p->protocol ? "/" : "",
                   p->protocol ? p->protocol : "", hp);
        }
    }
}

void wl_check(const wl_workload *w, wl_emit_fn emit, void *ud)
{
    wctx c = {.w = w, .emit = emit, .ud = ud};
    check_privileged(&c);
    check_priv_esc(&c);
    check_dangerous_caps(&c);
    check_caps_dropped(&c);
    check_run_as_root(&c);
    check_root_uid(&c);
    check_writable_rootfs(&c);
    check_host_network(&c);
    check_host_pid(&c);
    check_host_ipc(&c);
    check_host_users(&c);
    check_host_ports(&c);
    check_host_paths(&c);
    check_seccomp(&c);
    check_apparmor(&c);
    check_sysctls(&c);
    check_proc_mount(&c);
    check_requests(&c);
    check_limits(&c);
    check_probes(&c);
    check_images(&c);
    check_service_account(&c);
    check_env(&c);
    check_devices(&c);
    check_published_ports(&c);
}
