/* wl.c — constructors of the workload model (see wl.h). */
#include "workload/wl.h"

#include <string.h>

#include "core/scan.h"

wl_workload *wl_workload_new(mt_arena *a, wl_source source)
{
    wl_workload *w = mt_arena_alloc(a, sizeof(*w));
    w->source = source;
    w->host_network = w->host_pid = w->host_ipc = w->host_users = WL_UNSET;
    w->run_as_non_root = WL_UNSET;
    w->automount_token = WL_UNSET;
    return w;
}

wl_container *wl_container_new(mt_arena *a, wl_workload *w, const char *role)
{
    wl_container *c = mt_arena_alloc(a, sizeof(*c));
    c->role = role;
    c->privileged = c->allow_priv_esc = c->run_as_non_root = c->read_only_root = WL_UNSET;
    mt_vec_push(&w->containers, c);
    return c;
}

void wl_locate(wl_workload *w, wl_container *c, wl_loc loc)
{
    w->loc = w->spec_loc = loc;
    w->host_network_loc = w->host_pid_loc = w->host_ipc_loc = w->host_users_loc = loc;
    w->run_as_non_root_loc = w->run_as_user_loc = w->automount_token_loc = loc;
    w->seccomp.loc = w->apparmor.loc = w->service_account.loc = loc;
    c->loc = c->sc_loc = loc;
    c->image.loc = c->pull_policy.loc = c->user.loc = loc;
    c->privileged_loc = c->allow_priv_esc_loc = c->run_as_non_root_loc = loc;
    c->run_as_user_loc = c->run_as_group_loc = c->read_only_root_loc = loc;
    c->seccomp.loc = c->apparmor.loc = c->proc_mount.loc = c->resources_loc = loc;
    wl_resources *r = &c->res;
    r->cpu_request.loc = r->mem_request.loc = r->cpu_limit.loc = loc;
    r->mem_limit.loc = r->ephemeral_limit.loc = r->pids_limit.loc = loc;
}

/* A user or group id: "root" (0) or a decimal up to 2^32-1; -1 otherwise. */
static int64_t user_id(const char *s, size_t len)
{
    if (len == 4 && !strncmp(s, "root", 4))
        return 0;
    if (len == 0 || len > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v <= 0xffffffffLL ? v : -1;
}

void wl_set_user(wl_container *c, const char *user, wl_loc loc)
{
    c->user = (wl_str){user, loc};
    size_t ul = strcspn(user, ":");
    int64_t uid = user_id(user, ul);
    if (uid >= 0) {
        c->has_run_as_user = true;
        c->run_as_user = uid;
        c->run_as_user_loc = loc;
    }
    if (user[ul] == ':') {
        int64_t gid = user_id(user + ul + 1, strlen(user + ul + 1));
        if (gid >= 0) {
            c->has_run_as_group = true;
            c->run_as_group = gid;
            c->run_as_group_loc = loc;
        }
    }
}

wl_str *wl_str_new(mt_arena *a, const char *value, wl_loc loc)
{
    wl_str *s = mt_arena_alloc(a, sizeof(*s));
    s->value = value ? mt_arena_strdup(a, value) : NULL;
    s->loc = loc;
    return s;
}

wl_env *wl_env_new(mt_arena *a, const char *name, const char *value, wl_loc loc)
{
    wl_env *e = mt_arena_alloc(a, sizeof(*e));
    e->name = name ? mt_arena_strdup(a, name) : NULL;
    e->value = value ? mt_arena_strdup(a, value) : NULL;
    e->loc = loc;
    return e;
}

wl_mount *wl_mount_new(mt_arena *a, const char *host_path, const char *target, bool read_only,
                       wl_loc loc)
{
    wl_mount *m = mt_arena_alloc(a, sizeof(*m));
    m->host_path = host_path ? mt_arena_strdup(a, host_path) : NULL;
    m->target = target ? mt_arena_strdup(a, target) : NULL;
    m->read_only = read_only;
    m->loc = loc;
    return m;
}

wl_port *wl_port_new(mt_arena *a, const char *host_ip, int host_port, int container_port,
                     const char *protocol, wl_loc loc)
{
    wl_port *p = mt_arena_alloc(a, sizeof(*p));
    p->host_ip = host_ip ? mt_arena_strdup(a, host_ip) : NULL;
    p->host_port = host_port;
    p->container_port = container_port;
    p->protocol = protocol ? mt_arena_strdup(a, protocol) : NULL;
    p->loc = loc;
    return p;
}

void wl_workload_free(wl_workload *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->containers.len; i++) {
        wl_container *c = w->containers.items[i];
        mt_vec_free(&c->cap_add);
        mt_vec_free(&c->cap_drop);
        mt_vec_free(&c->env);
        mt_vec_free(&c->ports);
        mt_vec_free(&c->mounts);
        mt_vec_free(&c->devices);
    }
    mt_vec_free(&w->containers);
    mt_vec_free(&w->sysctls);
    mt_vec_free(&w->host_volumes);
}

void wl_emit_to_file(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    mt_scan_file *f = ud;
    char snippet[256];
    const char *snip = mt_scan_line(f, loc.line, false, snippet, sizeof(snippet));
    mt_emit_msg(f, rule, loc.line, loc.line, loc.col, snip, msg);
}

static const mt_rule *wl_rule_at(size_t i)
{
    size_t n;
    const mt_rule *r = wl_rules(&n);
    return i < n ? &r[i] : NULL;
}

static size_t wl_rule_count(void)
{
    size_t n;
    wl_rules(&n);
    return n;
}

/* Rules only: the front ends (kubernetes, compose, shell) run them. */
const mt_analyzer mt_workload_rules = {
    .type = "workload",
    .class = "config",
    .rule_at = wl_rule_at,
    .rule_count = wl_rule_count,
};
