/* docker_run.c — see docker_run.h. */
#include "workload/docker_run.h"

#include "dockerfile/sh_split.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- option tables ---- */

/* What an option of `run`/`create` means for the model. Every id but the
 * switches takes a value. */
enum {
    F_VALUE = 1,      /* takes a value the model does not hold */
    F_SWITCH,         /* a switch the model does not hold */
    F_PRIVILEGED,     /* switches the model holds: */
    F_READ_ONLY,
    F_PUBLISH_ALL,
    F_NO_HEALTHCHECK,
    F_CAP_ADD,        /* values the model holds: */
    F_CAP_DROP,
    F_NETWORK,
    F_PID,
    F_IPC,
    F_USERNS,
    F_VOLUME,
    F_MOUNT,
    F_DEVICE,
    F_USER,
    F_SECURITY_OPT,
    F_MEMORY,
    F_MEM_RESERVATION,
    F_CPUS,
    F_CPU_QUOTA,
    F_CPU_PERIOD,
    F_PIDS_LIMIT,
    F_PUBLISH,
    F_ENV,
    F_PULL,
    F_NAME,
    F_SYSCTL,
    F_HEALTH_CMD,
};

static bool takes_value(int id)
{
    return id != F_SWITCH && id != F_PRIVILEGED && id != F_READ_ONLY && id != F_PUBLISH_ALL &&
           id != F_NO_HEALTHCHECK;
}

typedef struct flagdef {
    const char *name; /* without the dashes */
    int id;
} flagdef;

/* The long options of docker run/create and podman run/create. */
static const flagdef run_flags[] = {
    /* switches */
    {"detach", F_SWITCH}, {"interactive", F_SWITCH}, {"tty", F_SWITCH}, {"rm", F_SWITCH},
    {"init", F_SWITCH}, {"help", F_SWITCH}, {"quiet", F_SWITCH}, {"sig-proxy", F_SWITCH},
    {"oom-kill-disable", F_SWITCH}, {"disable-content-trust", F_SWITCH},
    {"use-api-socket", F_SWITCH},
    /* podman switches */
    {"env-host", F_SWITCH}, {"http-proxy", F_SWITCH}, {"no-hosts", F_SWITCH},
    {"passwd", F_SWITCH}, {"read-only-tmpfs", F_SWITCH}, {"replace", F_SWITCH},
    {"rmi", F_SWITCH}, {"rootfs", F_SWITCH}, {"tls-verify", F_SWITCH},
    {"unsetenv-all", F_SWITCH},
    /* switches the model holds */
    {"privileged", F_PRIVILEGED}, {"read-only", F_READ_ONLY}, {"publish-all", F_PUBLISH_ALL},
    {"no-healthcheck", F_NO_HEALTHCHECK},
    /* values the model holds */
    {"cap-add", F_CAP_ADD}, {"cap-drop", F_CAP_DROP}, {"network", F_NETWORK}, {"net", F_NETWORK},
    {"pid", F_PID}, {"ipc", F_IPC}, {"userns", F_USERNS}, {"volume", F_VOLUME},
    {"mount", F_MOUNT}, {"device", F_DEVICE}, {"user", F_USER}, {"security-opt", F_SECURITY_OPT},
    {"memory", F_MEMORY}, {"memory-reservation", F_MEM_RESERVATION}, {"cpus", F_CPUS},
    {"cpu-quota", F_CPU_QUOTA}, {"cpu-period", F_CPU_PERIOD}, {"pids-limit", F_PIDS_LIMIT},
    {"publish", F_PUBLISH}, {"env", F_ENV}, {"pull", F_PULL}, {"name", F_NAME},
    {"sysctl", F_SYSCTL}, {"health-cmd", F_HEALTH_CMD},
    /* other values (docker) */
    {"add-host", F_VALUE}, {"annotation", F_VALUE}, {"attach", F_VALUE},
    {"blkio-weight", F_VALUE}, {"blkio-weight-device", F_VALUE}, {"cgroup-parent", F_VALUE},
    {"cgroupns", F_VALUE}, {"cidfile", F_VALUE}, {"cpu-count", F_VALUE},
    {"cpu-percent", F_VALUE}, {"cpu-rt-period", F_VALUE}, {"cpu-rt-runtime", F_VALUE},
    {"cpu-shares", F_VALUE}, {"cpuset-cpus", F_VALUE}, {"cpuset-mems", F_VALUE},
    {"detach-keys", F_VALUE}, {"device-cgroup-rule", F_VALUE}, {"device-read-bps", F_VALUE},
    {"device-read-iops", F_VALUE}, {"device-write-bps", F_VALUE},
    {"device-write-iops", F_VALUE}, {"dns", F_VALUE}, {"dns-opt", F_VALUE},
    {"dns-option", F_VALUE}, {"dns-search", F_VALUE}, {"domainname", F_VALUE},
    {"entrypoint", F_VALUE}, {"env-file", F_VALUE}, {"expose", F_VALUE}, {"gpus", F_VALUE},
    {"group-add", F_VALUE}, {"health-interval", F_VALUE}, {"health-retries", F_VALUE},
    {"health-start-interval", F_VALUE}, {"health-start-period", F_VALUE},
    {"health-timeout", F_VALUE}, {"hostname", F_VALUE}, {"io-maxbandwidth", F_VALUE},
    {"io-maxiops", F_VALUE}, {"ip", F_VALUE}, {"ip6", F_VALUE}, {"isolation", F_VALUE},
    {"kernel-memory", F_VALUE}, {"label", F_VALUE}, {"label-file", F_VALUE}, {"link", F_VALUE},
    {"link-local-ip", F_VALUE}, {"log-driver", F_VALUE}, {"log-opt", F_VALUE},
    {"mac-address", F_VALUE}, {"memory-swap", F_VALUE}, {"memory-swappiness", F_VALUE},
    {"net-alias", F_VALUE}, {"network-alias", F_VALUE}, {"oom-score-adj", F_VALUE},
    {"platform", F_VALUE}, {"restart", F_VALUE}, {"runtime", F_VALUE}, {"shm-size", F_VALUE},
    {"stop-signal", F_VALUE}, {"stop-timeout", F_VALUE}, {"storage-opt", F_VALUE},
    {"tmpfs", F_VALUE}, {"ulimit", F_VALUE}, {"uts", F_VALUE}, {"volume-driver", F_VALUE},
    {"volumes-from", F_VALUE}, {"workdir", F_VALUE},
    /* other values (podman) */
    {"arch", F_VALUE}, {"authfile", F_VALUE}, {"cert-dir", F_VALUE}, {"cgroup-conf", F_VALUE},
    {"cgroups", F_VALUE}, {"chrootdirs", F_VALUE}, {"conmon-pidfile", F_VALUE},
    {"creds", F_VALUE}, {"decryption-key", F_VALUE}, {"env-merge", F_VALUE},
    {"gidmap", F_VALUE}, {"group-entry", F_VALUE}, {"health-log-destination", F_VALUE},
    {"health-max-log-count", F_VALUE}, {"health-max-log-size", F_VALUE},
    {"health-on-failure", F_VALUE}, {"health-startup-cmd", F_VALUE},
    {"health-startup-interval", F_VALUE}, {"health-startup-retries", F_VALUE},
    {"health-startup-success", F_VALUE}, {"health-startup-timeout", F_VALUE},
    {"hostuser", F_VALUE}, {"hosts-file", F_VALUE}, {"image-volume", F_VALUE},
    {"init-path", F_VALUE}, {"os", F_VALUE}, {"passwd-entry", F_VALUE},
    {"personality", F_VALUE}, {"pidfile", F_VALUE}, {"pod", F_VALUE}, {"pod-id-file", F_VALUE},
    {"preserve-fd", F_VALUE}, {"preserve-fds", F_VALUE}, {"rdt-class", F_VALUE},
    {"requires", F_VALUE}, {"retry", F_VALUE}, {"retry-delay", F_VALUE}, {"sdnotify", F_VALUE},
    {"seccomp-policy", F_VALUE}, {"secret", F_VALUE}, {"shm-size-systemd", F_VALUE},
    {"subgidname", F_VALUE}, {"subuidname", F_VALUE}, {"systemd", F_VALUE},
    {"timeout", F_VALUE}, {"tz", F_VALUE}, {"uidmap", F_VALUE}, {"umask", F_VALUE},
    {"unsetenv", F_VALUE}, {"variant", F_VALUE},
};

/* Short options of run/create (the same letters in docker and podman). */
static int short_flag(char c)
{
    switch (c) {
    case 'd': case 'i': case 't': case 'q': return F_SWITCH;
    case 'P': return F_PUBLISH_ALL;
    case 'a': case 'c': case 'h': case 'l': case 'w': return F_VALUE;
    case 'e': return F_ENV;
    case 'm': return F_MEMORY;
    case 'p': return F_PUBLISH;
    case 'u': return F_USER;
    case 'v': return F_VOLUME;
    default: return F_SWITCH; /* unknown: assumed to be a switch */
    }
}

static int long_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(run_flags); i++) {
        if (strlen(run_flags[i].name) == len && memcmp(run_flags[i].name, name, len) == 0)
            return run_flags[i].id;
    }
    return 0;
}

/* Global options of the engines that take a value (before the subcommand). */
static const char *const docker_global_long[] = {"config", "context", "host", "log-level",
                                                 "tlscacert", "tlscert", "tlskey", NULL};
static const char docker_global_short[] = "cHl";
static const char *const podman_global_long[] = {
    "cdi-spec-dir", "cgroup-manager", "config", "conmon", "connection", "events-backend",
    "hooks-dir", "identity", "imagestore", "log-level", "module", "network-cmd-path",
    "network-config-dir", "cni-config-dir", "out", "root", "runroot", "runtime",
    "runtime-flag", "ssh", "storage-driver", "storage-opt", "tmpdir", "url", "volumepath",
    "registries-conf", "db-backend", "default-mounts-file", "namespace", NULL};
static const char podman_global_short[] = "c";

static bool in_list(const char *s, size_t len, const char *const *list)
{
    for (const char *const *k = list; *k; k++) {
        if (strlen(*k) == len && memcmp(*k, s, len) == 0)
            return true;
    }
    return false;
}

/* ---- words ---- */

/* Part [s, s+len) of word w cannot be resolved: the word holds an
 * expansion and this part shows one. */
static bool unknown_part(const dr_word *w, const char *s, size_t len)
{
    if (!w->dynamic)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '$' || s[i] == '`')
            return true;
    }
    return false;
}

static bool unknown_str(const dr_word *w, const char *s)
{
    return unknown_part(w, s, strlen(s));
}

/* dr_word starts with its text, as sh_skip_wrappers() wants */
_Static_assert(offsetof(dr_word, value) == 0, "dr_word must start with its text");

bool dr_match(const dr_word *w, size_t n, dr_command *out)
{
    size_t i = sh_skip_wrappers(w, sizeof(*w), n);
    if (i >= n)
        return false;
    const char *b = mt_basename(w[i].value);
    dr_engine engine;
    if (strcmp(b, "docker") == 0 || strcmp(b, "docker.exe") == 0)
        engine = DR_DOCKER;
    else if (strcmp(b, "podman") == 0 || strcmp(b, "podman-remote") == 0)
        engine = DR_PODMAN;
    else
        return false;
    size_t engine_at = i++;
    const char *const *glong = engine == DR_DOCKER ? docker_global_long : podman_global_long;
    const char *gshort = engine == DR_DOCKER ? docker_global_short : podman_global_short;
    /* global options */
    while (i < n && w[i].value[0] == '-' && w[i].value[1]) {
        const char *o = w[i].value;
        if (strcmp(o, "--") == 0)
            return false;
        if (o[1] == '-') {
            const char *name = o + 2;
            size_t len = strcspn(name, "=");
            i += !name[len] && in_list(name, len, glong) ? 2 : 1;
        } else {
            size_t step = 1;
            for (const char *p = o + 1; *p; p++) {
                if (strchr(gshort, *p)) {
                    step = p[1] ? 1 : 2;
                    break;
                }
            }
            i += step;
        }
    }
    if (i >= n)
        return false;
    if (strcmp(w[i].value, "container") == 0)
        i++;
    if (i >= n)
        return false;
    bool create;
    if (strcmp(w[i].value, "run") == 0)
        create = false;
    else if (strcmp(w[i].value, "create") == 0)
        create = true;
    else
        return false;
    if (out) {
        out->engine = engine;
        out->engine_at = engine_at;
        out->sub_at = i;
        out->create = create;
    }
    return true;
}

/* ---- the parse ---- */

typedef struct dr_ctx {
    mt_arena *a;
    wl_workload *w;
    wl_container *c;
    size_t nports;
    const char *cpu_quota, *cpu_period;
    const dr_word *quota_word;
    wl_loc quota_loc;
} dr_ctx;

/* Go's strconv.ParseBool: 1 when true, 0 when false, -1 otherwise. */
static int parse_bool(const char *s)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True", NULL};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False", NULL};
    for (size_t i = 0; t[i]; i++) {
        if (strcmp(s, t[i]) == 0)
            return 1;
        if (strcmp(s, f[i]) == 0)
            return 0;
    }
    return -1;
}

/* A switch's value: NULL (written alone) is true. */
static wl_tri switch_value(const dr_word *w, const char *val)
{
    if (!val)
        return WL_TRUE;
    if (unknown_str(w, val))
        return WL_UNSET;
    int b = parse_bool(val);
    return b < 0 ? WL_UNSET : b ? WL_TRUE : WL_FALSE;
}

static void note_resources(dr_ctx *x, wl_loc loc)
{
    if (!x->c->has_resources_block) {
        x->c->has_resources_block = true;
        x->c->resources_loc = loc;
    }
}

/* Comma list into v (wl_str*), skipping parts that cannot be resolved. */
static void push_list(dr_ctx *x, mt_vec *v, const dr_word *w, const char *val, wl_loc loc)
{
    const char *p = val;
    for (int count = 0; *p && count < DR_MAX_LIST; count++) {
        size_t len = strcspn(p, ",");
        const char *s = p;
        size_t l = len;
        while (l && isspace((unsigned char)*s)) {
            s++;
            l--;
        }
        while (l && isspace((unsigned char)s[l - 1]))
            l--;
        if (l && !unknown_part(w, s, l))
            mt_vec_push(v, wl_str_new(x->a, mt_arena_strndup(x->a, s, l), loc));
        p += len;
        if (*p == ',')
            p++;
    }
}

/* "X:\" or "X:/" */
static bool drive_letter(const char *s)
{
    return isalpha((unsigned char)s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

static bool host_path_like(const char *s)
{
    return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '\\' || drive_letter(s);
}

/* Volume options: ro/readonly among a comma list. */
static bool options_read_only(const char *opts)
{
    const char *p = opts;
    while (*p) {
        size_t len = strcspn(p, ",");
        if ((len == 2 && !strncmp(p, "ro", 2)) || (len == 8 && !strncmp(p, "readonly", 8)))
            return true;
        p += len;
        if (*p == ',')
            p++;
    }
    return false;
}

/* Splits a -v spec into at most 4 parts at ':' (a drive letter's colon is
 * part of its path). Returns the number of parts. */
static int split_colons(char *s, char **parts, int max)
{
    int n = 0;
    char *p = s;
    while (n < max) {
        parts[n++] = p;
        char *q = p + (drive_letter(p) ? 2 : 0);
        q = strchr(q, ':');
        if (!q || n == max)
            break;
        *q = '\0';
        p = q + 1;
    }
    return n;
}

static void apply_volume(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    char *spec = mt_arena_strdup(x->a, val);
    char *parts[4];
    int n = split_colons(spec, parts, 4);
    const char *src = NULL, *dst = NULL, *opts = "";
    if (n == 1)
        return; /* an anonymous volume */
    if (n == 2) {
        /* the target is an absolute path: "/data:ro" is a target with a
         * mode, which the engines refuse */
        if (!strchr(parts[1], '/') && !strchr(parts[1], '\\') && !unknown_str(w, parts[1]))
            return;
        src = parts[0];
        dst = parts[1];
    } else {
        src = parts[0];
        dst = parts[1];
        opts = parts[2];
    }
    if (!*src || !host_path_like(src) || unknown_str(w, src))
        return; /* a named volume, or a source that cannot be resolved */
    mt_vec_push(&x->c->mounts, wl_mount_new(x->a, src, *dst ? dst : NULL, options_read_only(opts), loc));
}

/* --mount: comma-separated key=value fields, each possibly in double quotes. */
static void apply_mount(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    const char *type = "volume", *src = NULL, *dst = NULL;
    bool ro = false, src_unknown = false;
    mt_buf field;
    mt_buf_init(&field);
    const char *p = val;
    for (int count = 0; count < DR_MAX_LIST; count++) {
        mt_buf_clear(&field);
        bool quoted = false;
        while (*p && (quoted || *p != ',')) {
            if (*p == '"') {
                quoted = !quoted;
                p++;
                continue;
            }
            mt_buf_putc(&field, *p++);
        }
        mt_buf_putc(&field, '\0');
        const char *f = field.data;
        const char *eq = strchr(f, '=');
        size_t kl = eq ? (size_t)(eq - f) : strlen(f);
        const char *v = eq ? eq + 1 : NULL;
#define KEY(k) (kl == strlen(k) && strncmp(f, k, kl) == 0)
        if (KEY("type") && v) {
            type = mt_arena_strdup(x->a, v);
        } else if ((KEY("source") || KEY("src")) && v) {
            src = mt_arena_strdup(x->a, v);
            src_unknown = unknown_str(w, v);
        } else if ((KEY("target") || KEY("destination") || KEY("dst")) && v) {
            dst = mt_arena_strdup(x->a, v);
        } else if (KEY("readonly") || KEY("ro")) {
            ro = !v || parse_bool(v) == 1;
        }
#undef KEY
        if (!*p)
            break;
        p++;
    }
    mt_buf_free(&field);
    if ((strcmp(type, "bind") != 0 && strcmp(type, "glob") != 0) || !src || !*src || src_unknown)
        return;
    mt_vec_push(&x->c->mounts, wl_mount_new(x->a, src, dst, ro, loc));
}

static bool device_mode(const char *s)
{
    if (!*s || strlen(s) > 3)
        return false;
    return strspn(s, "rwm") == strlen(s);
}

static void apply_device(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    char *spec = mt_arena_strdup(x->a, val);
    char *parts[4];
    int n = split_colons(spec, parts, 3);
    const char *host = parts[0], *dst = NULL, *perms = NULL;
    if (n == 2) {
        if (device_mode(parts[1]))
            perms = parts[1];
        else
            dst = parts[1];
    } else if (n >= 3) {
        dst = parts[1];
        perms = parts[2];
    }
    if (!*host || unknown_str(w, host))
        return;
    bool ro = perms && !strchr(perms, 'w');
    mt_vec_push(&x->c->devices, wl_mount_new(x->a, host, dst ? dst : host, ro, loc));
}

static void apply_user(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    const char *user = mt_arena_strdup(x->a, val);
    if (unknown_str(w, val))
        x->c->user = (wl_str){user, loc}; /* a user was chosen; which one is not known */
    else
        wl_set_user(x->c, user, loc);
}

static void apply_security_opt(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    wl_container *c = x->c;
    if (unknown_str(w, val))
        return;
    size_t kl = strcspn(val, "=:");
    const char *v = val[kl] ? val + kl + 1 : NULL;
#define KEY(k) (kl == strlen(k) && strncmp(val, k, kl) == 0)
    if (KEY("no-new-privileges")) {
        int b = v ? parse_bool(v) : 1;
        if (b >= 0) {
            c->allow_priv_esc = b ? WL_FALSE : WL_TRUE;
            c->allow_priv_esc_loc = loc;
        }
    } else if (KEY("seccomp") && v && *v) {
        const char *s = !strcasecmp(v, "unconfined") ? "Unconfined"
                        : !strcmp(v, "builtin")      ? "RuntimeDefault"
                                                     : v;
        c->seccomp = (wl_str){mt_arena_strdup(x->a, s), loc};
    } else if (KEY("apparmor") && v && *v) {
        const char *s = !strcasecmp(v, "unconfined")  ? "Unconfined"
                        : !strcmp(v, "docker-default") ? "RuntimeDefault"
                                                       : v;
        c->apparmor = (wl_str){mt_arena_strdup(x->a, s), loc};
    } else if ((KEY("systempaths") && v && !strcasecmp(v, "unconfined")) ||
               (KEY("unmask") && v && !strcmp(v, "ALL"))) {
        c->proc_mount = (wl_str){"Unmasked", loc};
    }
#undef KEY
}

/* A port or a range "a-b": returns false when invalid. */
static bool parse_range(const char *s, size_t len, int *lo, int *hi)
{
    size_t i = 0;
    long a = 0, b = 0;
    if (len == 0)
        return false;
    while (i < len && isdigit((unsigned char)s[i]) && a <= 65535)
        a = a * 10 + (s[i++] - '0');
    if (i == 0 || a > 65535)
        return false;
    if (i == len) {
        *lo = *hi = (int)a;
        return true;
    }
    if (s[i] != '-')
        return false;
    size_t j = ++i;
    while (i < len && isdigit((unsigned char)s[i]) && b <= 65535)
        b = b * 10 + (s[i++] - '0');
    if (i == j || i != len || b > 65535 || b < a)
        return false;
    *lo = (int)a;
    *hi = (int)b;
    return true;
}

static void add_port(dr_ctx *x, const char *ip, int host, int cont, const char *proto, wl_loc loc)
{
    if (x->nports >= DR_MAX_PORTS)
        return;
    x->nports++;
    mt_vec_push(&x->c->ports, wl_port_new(x->a, ip, host, cont, proto, loc));
}

/* [ip:][host:]container[/proto], ip possibly in brackets; every part is
 * split at the last colons as the engines do. */
static void apply_publish(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    if (unknown_str(w, val))
        return;
    char *spec = mt_arena_strdup(x->a, val);
    const char *proto = NULL;
    char *slash = strrchr(spec, '/');
    if (slash) {
        *slash = '\0';
        proto = slash + 1;
        if (!*proto)
            proto = NULL;
    }
    char *last = strrchr(spec, ':');
    const char *cont = last ? last + 1 : spec;
    const char *host = "", *ip = NULL;
    if (last) {
        *last = '\0';
        char *prev = strrchr(spec, ':');
        if (prev) {
            *prev = '\0';
            host = prev + 1;
            ip = spec;
        } else {
            host = spec;
        }
    }
    if (ip) {
        size_t il = strlen(ip);
        if (il >= 2 && ip[0] == '[' && ip[il - 1] == ']')
            ip = mt_arena_strndup(x->a, ip + 1, il - 2);
        if (!*ip)
            ip = NULL;
    }
    int clo, chi, hlo = 0, hhi = 0;
    if (!parse_range(cont, strlen(cont), &clo, &chi))
        return;
    if (*host && !parse_range(host, strlen(host), &hlo, &hhi))
        return;
    int count = chi - clo + 1;
    bool pairs = *host && hhi - hlo + 1 == count;
    for (int k = 0; k < count && x->nports < DR_MAX_PORTS; k++) {
        int hp = !*host ? 0 : pairs ? hlo + k : hlo; /* a host range for one port: the first */
        add_port(x, ip, hp, clo + k, proto, loc);
    }
}

static void apply_env(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    const char *eq = strchr(val, '=');
    size_t nl = eq ? (size_t)(eq - val) : strlen(val);
    if (nl == 0 || unknown_part(w, val, nl))
        return;
    char *name = mt_arena_strndup(x->a, val, nl);
    const char *value = eq && !unknown_str(w, eq + 1) ? eq + 1 : NULL;
    mt_vec_push(&x->c->env, wl_env_new(x->a, name, value, loc));
}

static void apply_sysctl(dr_ctx *x, const dr_word *w, const char *val, wl_loc loc)
{
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || unknown_str(w, val))
        return;
    char *name = mt_arena_strndup(x->a, val, (size_t)(eq - val));
    mt_vec_push(&x->w->sysctls, wl_env_new(x->a, name, eq + 1, loc));
}

/* --network/--pid/--ipc/--userns: "host" or another mode. */
static void apply_mode(const dr_word *w, const char *val, wl_loc loc, wl_tri *field, wl_loc *at)
{
    if (unknown_str(w, val))
        return;
    if (strcmp(val, "host") == 0) {
        *field = WL_TRUE;
        *at = loc;
    } else if (*field != WL_TRUE) {
        *field = WL_FALSE;
        *at = loc;
    }
}

/* One option: its id, the word holding the flag, the value (NULL for a
 * switch written alone) and the word holding the value. */
static void apply(dr_ctx *x, int id, const dr_word *flag, const char *val, const dr_word *vw)
{
    wl_workload *w = x->w;
    wl_container *c = x->c;
    wl_loc loc = flag->loc;
    if (takes_value(id) && !val)
        return; /* the value is missing: the command ends here */
    switch (id) {
    case F_PRIVILEGED: {
        wl_tri t = switch_value(vw, val);
        if (t != WL_UNSET) {
            c->privileged = t;
            c->privileged_loc = loc;
        }
        break;
    }
    case F_READ_ONLY: {
        wl_tri t = switch_value(vw, val);
        if (t != WL_UNSET) {
            c->read_only_root = t;
            c->read_only_root_loc = loc;
        }
        break;
    }
    case F_PUBLISH_ALL:
        if (switch_value(vw, val) == WL_TRUE)
            add_port(x, NULL, 0, 0, NULL, loc);
        break;
    case F_NO_HEALTHCHECK:
        if (switch_value(vw, val) == WL_TRUE)
            c->has_liveness = false;
        break;
    case F_HEALTH_CMD:
        c->has_liveness = true;
        break;
    case F_CAP_ADD: push_list(x, &c->cap_add, vw, val, loc); break;
    case F_CAP_DROP: push_list(x, &c->cap_drop, vw, val, loc); break;
    case F_NETWORK: apply_mode(vw, val, loc, &w->host_network, &w->host_network_loc); break;
    case F_PID: apply_mode(vw, val, loc, &w->host_pid, &w->host_pid_loc); break;
    case F_IPC: apply_mode(vw, val, loc, &w->host_ipc, &w->host_ipc_loc); break;
    case F_USERNS: apply_mode(vw, val, loc, &w->host_users, &w->host_users_loc); break;
    case F_VOLUME: apply_volume(x, vw, val, loc); break;
    case F_MOUNT: apply_mount(x, vw, val, loc); break;
    case F_DEVICE: apply_device(x, vw, val, loc); break;
    case F_USER: apply_user(x, vw, val, loc); break;
    case F_SECURITY_OPT: apply_security_opt(x, vw, val, loc); break;
    case F_MEMORY:
        c->res.mem_limit = (wl_str){mt_arena_strdup(x->a, val), loc};
        note_resources(x, loc);
        break;
    case F_MEM_RESERVATION:
        c->res.mem_request = (wl_str){mt_arena_strdup(x->a, val), loc};
        note_resources(x, loc);
        break;
    case F_CPUS:
        c->res.cpu_limit = (wl_str){mt_arena_strdup(x->a, val), loc};
        note_resources(x, loc);
        break;
    case F_CPU_QUOTA:
        x->cpu_quota = val;
        x->quota_word = vw;
        x->quota_loc = loc;
        note_resources(x, loc);
        break;
    case F_CPU_PERIOD: x->cpu_period = unknown_str(vw, val) ? NULL : val; break;
    case F_PIDS_LIMIT:
        c->res.pids_limit = (wl_str){mt_arena_strdup(x->a, val), loc};
        note_resources(x, loc);
        break;
    case F_PUBLISH: apply_publish(x, vw, val, loc); break;
    case F_ENV: apply_env(x, vw, val, loc); break;
    case F_SYSCTL: apply_sysctl(x, vw, val, loc); break;
    case F_PULL:
        if (!unknown_str(vw, val))
            c->pull_policy = (wl_str){mt_arena_strdup(x->a, val), loc};
        break;
    case F_NAME:
        if (!unknown_str(vw, val) && *val) {
            c->name = mt_arena_strdup(x->a, val);
            w->name = c->name;
        }
        break;
    default: break;
    }
}

/* --cpu-quota (and --cpu-period) as a CPU count when --cpus is absent. */
static void finish_cpu_quota(dr_ctx *x)
{
    wl_container *c = x->c;
    if (c->res.cpu_limit.value || !x->cpu_quota)
        return;
    c->res.cpu_limit.loc = x->quota_loc;
    if (unknown_str(x->quota_word, x->cpu_quota)) {
        c->res.cpu_limit.value = mt_arena_strdup(x->a, x->cpu_quota); /* set; value unknown */
        return;
    }
    char *end = NULL;
    long long q = strtoll(x->cpu_quota, &end, 10);
    if (*end || q <= 0)
        return; /* -1 or 0: no limit */
    long long per = 100000;
    if (x->cpu_period) {
        per = strtoll(x->cpu_period, &end, 10);
        if (*end || per <= 0)
            return;
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%g", (double)q / (double)per);
    c->res.cpu_limit.value = mt_arena_strdup(x->a, buf);
}

wl_workload *dr_parse(mt_arena *a, const dr_word *words, size_t n, wl_loc cmd_loc)
{
    dr_command m;
    if (!dr_match(words, n, &m))
        return NULL;
    wl_workload *w = wl_workload_new(a, WL_SRC_DOCKER_RUN);
    w->kind = "docker run";
    wl_container *c = wl_container_new(a, w, "docker run");
    wl_locate(w, c, cmd_loc);
    dr_ctx x = {.a = a, .w = w, .c = c};

    size_t i = m.sub_at + 1, image = n;
    while (i < n) {
        const dr_word *fw = &words[i];
        const char *o = fw->value;
        if (strcmp(o, "--") == 0) {
            image = i + 1;
            break;
        }
        if (o[0] != '-' || !o[1]) {
            image = i;
            break;
        }
        if (o[1] == '-') {
            const char *name = o + 2;
            size_t len = strcspn(name, "=");
            int id = long_flag(name, len);
            if (!id)
                id = F_SWITCH; /* unknown: a switch, unless written with '=' */
            const char *val = name[len] == '=' ? name + len + 1 : NULL;
            const dr_word *vw = fw;
            if (takes_value(id) && !val && i + 1 < n) {
                vw = &words[++i];
                val = vw->value;
            }
            apply(&x, id, fw, val, vw);
            i++;
            continue;
        }
        /* a cluster of short options */
        for (const char *p = o + 1; *p; p++) {
            int id = short_flag(*p);
            if (p[1] == '=') {
                apply(&x, id, fw, p + 2, fw);
                break;
            }
            if (!takes_value(id)) {
                apply(&x, id, fw, NULL, fw);
                continue;
            }
            if (p[1]) {
                apply(&x, id, fw, p + 1, fw);
            } else if (i + 1 < n) {
                i++;
                apply(&x, id, fw, words[i].value, &words[i]);
            }
            break;
        }
        i++;
    }
    finish_cpu_quota(&x);
    if (image < n) {
        const dr_word *iw = &words[image];
        c->image.loc = iw->loc;
        if (!unknown_str(iw, iw->value))
            c->image.value = mt_arena_strdup(a, iw->value);
    }
    return w;
}

wl_workload *dr_parse_argv(mt_arena *a, size_t argc, const char *const *argv)
{
    dr_word *words = mt_arena_alloc(a, (argc + 1) * sizeof(*words));
    for (size_t i = 0; i < argc; i++)
        words[i] = (dr_word){.value = argv[i], .loc = {1, 0}};
    return dr_parse(a, words, argc, (wl_loc){1, 0});
}
