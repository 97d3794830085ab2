/* wl.h — the runtime model of a workload, shared by every front end that
 * describes how containers run: a Kubernetes pod spec (k8s/), a Compose
 * service and a `docker run`/`podman run` command line (workload/). The
 * workload rules (wl_rules.c) judge this model only, so one rule covers a
 * pod spec, a compose service and a docker run alike.
 *
 * Front ends fill a wl_workload from their own syntax; every field that was
 * present carries the position it came from (wl_loc), and absent fields keep
 * the position of their nearest parent so findings still point somewhere
 * useful.
 *
 * Ownership: a wl_workload and everything it points to is allocated from
 * the arena given to wl_workload_new() (strings too), except the arrays of
 * its mt_vec members, which wl_workload_free() releases. The rules allocate nothing the caller must free: messages are
 * passed to the emit callback, which copies what it keeps. */
#ifndef MOAT_WL_H
#define MOAT_WL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/finding.h"
#include "core/util.h"

/* A position in the scanned file: 1-based line and column (0 = unknown). */
typedef struct wl_loc {
    int line, col;
} wl_loc;

/* Three-valued settings: not set, set false, set true. */
typedef enum { WL_UNSET = -1, WL_FALSE = 0, WL_TRUE = 1 } wl_tri;

typedef enum {
    WL_SRC_POD = 1,     /* a Kubernetes pod spec (Pod or a workload's template) */
    WL_SRC_COMPOSE,     /* a Compose service */
    WL_SRC_DOCKER_RUN,  /* a docker/podman run command line */
} wl_source;

/* A string value and where it is. */
typedef struct wl_str {
    const char *value;
    wl_loc loc;
} wl_str;

/* An environment variable. value is NULL when it comes from elsewhere
 * (valueFrom, env_file, `-e NAME` without a value). */
typedef struct wl_env {
    const char *name;
    const char *value;
    wl_loc loc;
} wl_env;

/* A host path made visible to a container (hostPath volume mounted by it,
 * a bind mount, `-v /src:/dst`), or a device. */
typedef struct wl_mount {
    const char *host_path;  /* as written; front ends do not resolve it */
    const char *target;     /* path in the container, may be NULL (unmounted hostPath volume) */
    bool read_only;
    wl_loc loc;
} wl_mount;

/* A published port. host_ip NULL: all interfaces. host_port 0: none
 * requested (Kubernetes containerPort without hostPort is not recorded). */
typedef struct wl_port {
    const char *host_ip;
    int host_port;
    int container_port;
    const char *protocol;   /* may be NULL */
    wl_loc loc;
} wl_port;

/* Resources: each value as written ("500m", "1Gi", "0.5", "100"); NULL
 * when absent. */
typedef struct wl_resources {
    wl_str cpu_request, mem_request;
    wl_str cpu_limit, mem_limit, ephemeral_limit;
    wl_str pids_limit;
} wl_resources;

typedef struct wl_container {
    const char *name;
    const char *role;       /* "container", "initContainer", "ephemeralContainer",
                               "service", "docker run" */
    wl_loc loc;             /* the container's entry (its name, else its first key) */
    wl_loc sc_loc;          /* its securityContext (or loc when absent) */
    wl_str image;           /* value NULL when absent */
    wl_str pull_policy;     /* imagePullPolicy / pull_policy / --pull */

    /* security context; pod-level defaults are NOT folded in (the rules do) */
    wl_tri privileged;           wl_loc privileged_loc;
    wl_tri allow_priv_esc;       wl_loc allow_priv_esc_loc; /* compose/docker: false when
                                                               no-new-privileges is set */
    wl_tri run_as_non_root;      wl_loc run_as_non_root_loc;
    bool has_run_as_user;        int64_t run_as_user;   wl_loc run_as_user_loc;
    bool has_run_as_group;       int64_t run_as_group;  wl_loc run_as_group_loc;
    wl_str user;                 /* compose `user:` / docker `--user` as written ("root",
                                    "0:0", "1000"); the front end also sets run_as_user
                                    when the user part is numeric or "root" */
    wl_tri read_only_root;       wl_loc read_only_root_loc;
    mt_vec cap_add;              /* wl_str*: as written (upper-cased by the rules) */
    mt_vec cap_drop;             /* wl_str* */
    wl_str seccomp;              /* "RuntimeDefault", "Unconfined", "Localhost",
                                    or a profile path (compose/docker) */
    wl_str apparmor;             /* "RuntimeDefault", "Unconfined", "Localhost", ... */
    wl_str proc_mount;           /* "Default", "Unmasked" */

    wl_resources res;
    bool has_resources_block;    wl_loc resources_loc;
    bool has_liveness, has_readiness;

    mt_vec env;                  /* wl_env* */
    mt_vec ports;                /* wl_port* */
    mt_vec mounts;               /* wl_mount*: host paths this container sees */
    mt_vec devices;              /* wl_mount*: host devices */
} wl_container;

typedef struct wl_workload {
    wl_source source;
    const char *kind;            /* "Deployment", "Pod", "CronJob", "service", "docker run" */
    const char *name;            /* object / service name; may be NULL */
    const char *namespace;       /* Kubernetes only; NULL = not given */
    wl_loc loc;                  /* the object (kind line) / service key / command */
    wl_loc spec_loc;             /* the pod spec (or loc) */

    wl_tri host_network;         wl_loc host_network_loc; /* also compose network_mode: host */
    wl_tri host_pid;             wl_loc host_pid_loc;
    wl_tri host_ipc;             wl_loc host_ipc_loc;
    wl_tri host_users;           wl_loc host_users_loc;   /* false/true as in k8s; compose
                                                             userns_mode: host => true */
    /* pod-level security context defaults */
    wl_tri run_as_non_root;      wl_loc run_as_non_root_loc;
    bool has_run_as_user;        int64_t run_as_user;  wl_loc run_as_user_loc;
    wl_str seccomp;
    wl_str apparmor;
    mt_vec sysctls;              /* wl_env*: name=value */

    wl_str service_account;      /* serviceAccountName (or deprecated serviceAccount) */
    wl_tri automount_token;      wl_loc automount_token_loc;
    mt_vec host_volumes;         /* wl_mount*: hostPath volumes of the pod (target NULL) */

    mt_vec containers;           /* wl_container*: init, regular, ephemeral in file order */
} wl_workload;

wl_workload *wl_workload_new(mt_arena *a, wl_source source);
/* Frees the vectors' arrays (their items live in the arena). */
void wl_workload_free(wl_workload *w);
wl_container *wl_container_new(mt_arena *a, wl_workload *w, const char *role);
/* Points every position of w (loc and spec_loc included) and of c at loc:
 * for front ends with one natural place (a Compose service key, a docker
 * run command); fields found later set their own. */
void wl_locate(wl_workload *w, wl_container *c, wl_loc loc);
/* A user as Compose `user:` and docker `--user` write it ("name", "uid",
 * "uid:gid", "name:group"; "root" is 0) into c: c->user (user itself, not
 * copied: it must live as long as the workload), and run_as_user /
 * run_as_group (all at loc) for each part that is numeric or "root". */
void wl_set_user(wl_container *c, const char *user, wl_loc loc);
/* Convenience constructors; every string is copied into the arena. */
wl_str *wl_str_new(mt_arena *a, const char *value, wl_loc loc);
wl_env *wl_env_new(mt_arena *a, const char *name, const char *value, wl_loc loc);
wl_mount *wl_mount_new(mt_arena *a, const char *host_path, const char *target, bool read_only,
                       wl_loc loc);
wl_port *wl_port_new(mt_arena *a, const char *host_ip, int host_port, int container_port,
                     const char *protocol, wl_loc loc);

/* ---- the rules ---- */

/* Called for each finding: the rule (from wl_rules()), where, and a message
 * naming the container/service and the offending value. */
typedef void (*wl_emit_fn)(void *ud, const mt_rule *rule, wl_loc loc, const char *msg);

/* Runs every workload rule on w. The caller decides which rules are enabled
 * (its emit callback may drop findings). */
void wl_check(const wl_workload *w, wl_emit_fn emit, void *ud);

/* An emit callback for wl_check() whose ud is an mt_scan_file (core/scan.h):
 * adds the finding with mt_emit_msg(), the file's line at loc as snippet. */
void wl_emit_to_file(void *ud, const mt_rule *rule, wl_loc loc, const char *msg);

/* The workload rules (IDs WL1xxx), in ID order. Their type is "workload". */
const mt_rule *wl_rules(size_t *n);

#endif
