/* wl_rules.c — the workload rules (see wl.h): one table of rules, one check
 * function per rule, each judging the runtime model whatever front end
 * filled it (pod spec, Compose service, docker run). */
#include "workload/wl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define A(...) {__VA_ARGS__}
#define RULE(id, aliases, sev, title, desc, fix) {id, aliases, sev, "workload", title, desc, fix, false}

typedef struct wctx {
    const wl_workload *w;
    wl_emit_fn emit;
    void *ud;
} wctx;

enum {
    R_PRIVILEGED,
    R_HOST_NETWORK,
    R_COUNT
};

static const mt_rule rules[R_COUNT] = {
    [R_PRIVILEGED] = RULE("WL1001",
                          A("AVD-KSV-0017", "privileged-container", "privilegedContainer",
                            "container-security-context-privileged"),
                          MT_SEV_HIGH, "Privileged container",
                          "A privileged container gets every capability and every host device, "
                          "and no seccomp or AppArmor confinement: root in it is root on the "
                          "host.",
                          "Remove privileged (securityContext.privileged: false, no "
                          "`privileged: true` in Compose, no --privileged); grant the single "
                          "capability or device the workload needs instead."),
    [R_HOST_NETWORK] = RULE("WL1008", A("AVD-KSV-0009", "host-network", "hostNetworkSet"),
                            MT_SEV_HIGH, "Host network namespace shared",
                            "The container uses the host's network stack: it can bind any host "
                            "port, reach services listening on localhost and sniff traffic.",
                            "Remove hostNetwork: true / network_mode: host / --network host and "
                            "publish the ports the workload needs."),
};

const mt_rule *wl_rules(size_t *n)
{
    *n = R_COUNT;
    return rules;
}

static void report(wctx *c, int r, wl_loc loc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(wctx *c, int r, wl_loc loc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->emit(c->ud, &rules[r], loc, msg);
}

/* "container "web"" / "service "web"" / "docker run" for messages. */
static const char *who(const wl_container *ct, char *buf, size_t n)
{
    if (ct->name)
        snprintf(buf, n, "%s \"%s\"", ct->role, ct->name);
    else
        snprintf(buf, n, "%s", ct->role);
    return buf;
}

static void check_privileged(wctx *c)
{
    for (size_t i = 0; i < c->w->containers.len; i++) {
        const wl_container *ct = c->w->containers.items[i];
        char b[256];
        if (ct->privileged == WL_TRUE)
            report(c, R_PRIVILEGED, ct->privileged_loc, "%s runs privileged", who(ct, b, sizeof(b)));
    }
}

static void check_host_network(wctx *c)
{
    if (c->w->host_network == WL_TRUE)
        report(c, R_HOST_NETWORK, c->w->host_network_loc, "%s%s%s shares the host network namespace",
               c->w->kind ? c->w->kind : "workload", c->w->name ? " " : "",
               c->w->name ? c->w->name : "");
}

void wl_check(const wl_workload *w, wl_emit_fn emit, void *ud)
{
    wctx c = {.w = w, .emit = emit, .ud = ud};
    check_privileged(&c);
    check_host_network(&c);
}
