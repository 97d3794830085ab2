/* fuzz_compose.c — libFuzzer harness for the Compose front end
 * (workload/compose.h) on hostile files: the input is parsed into the
 * workload model, sniffed, and scanned by the compose analyzer (workload
 * rules, CP0002, inline suppressions) through mt_scan_buffer(). Checks:
 * every problem has a message and a position inside the text, every
 * service has one container with a name and positions inside the text,
 * and ports, mounts and environment entries are well formed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/finding.h"
#include "core/scan.h"
#include "core/util.h"
#include "workload/compose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines as YAML counts them: LF, CRLF and a lone CR end a line. */
static int lines_of(const char *d, size_t n)
{
    int l = 1;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
            continue;
        l += d[i] == '\n' || d[i] == '\r';
    }
    return l;
}

static void check_loc(wl_loc l, int max_line)
{
    if (l.line < 0 || l.line > max_line || l.col < 0)
        __builtin_trap();
}

static void check_str(const wl_str *s, int max_line)
{
    if (s->value)
        check_loc(s->loc, max_line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    const char *text = (const char *)data;
    int max_line = lines_of(text, size);
    (void)cp_sniff(text, size);

    mt_arena a;
    mt_arena_init(&a);
    cp_file cf;
    cp_parse(&a, text, size, &cf);
    for (size_t i = 0; i < cf.problems.len; i++) {
        const cp_problem *p = cf.problems.items[i];
        if (!p->msg || !*p->msg)
            __builtin_trap();
        check_loc(p->loc, max_line);
    }
    for (size_t i = 0; i < cf.services.len; i++) {
        const cp_service *s = cf.services.items[i];
        const wl_workload *w = s->w;
        if (!w || w->source != WL_SRC_COMPOSE || !w->name || w->containers.len != 1)
            __builtin_trap();
        check_loc(w->loc, max_line);
        if (w->loc.line < 1)
            __builtin_trap();
        const wl_container *c = w->containers.items[0];
        if (!c->name || strcmp(c->role, "service") != 0)
            __builtin_trap();
        check_str(&c->image, max_line);
        check_str(&c->user, max_line);
        check_loc(c->privileged_loc, max_line);
        for (size_t k = 0; k < c->ports.len; k++) {
            const wl_port *p = c->ports.items[k];
            if (p->container_port < 0 || p->container_port > 65535 || p->host_port < 0 ||
                p->host_port > 65535)
                __builtin_trap();
            check_loc(p->loc, max_line);
        }
        for (size_t k = 0; k < c->mounts.len; k++) {
            const wl_mount *m = c->mounts.items[k];
            if (!m->host_path)
                __builtin_trap();
            check_loc(m->loc, max_line);
        }
        for (size_t k = 0; k < c->env.len; k++) {
            const wl_env *e = c->env.items[k];
            if (!e->name)
                __builtin_trap();
        }
        for (size_t k = 0; k < s->networks.len; k++)
            check_str(s->networks.items[k], max_line);
    }
    cp_file_free(&cf);
    mt_arena_free(&a);

    /* the whole analyzer, findings and suppressions included */
    mt_scan_opts o;
    mt_scan_opts_init(&o);
    o.today = 20260101;
    mt_report rep;
    mt_report_init(&rep);
    if (mt_scan_buffer(&o, "compose.yaml", text, size, "compose", &rep) != 0)
        __builtin_trap();
    for (size_t i = 0; i < rep.results.len; i++) {
        const mt_result *r = rep.results.items[i];
        for (size_t k = 0; k < r->findings.len; k++) {
            const mt_finding *f = r->findings.items[k];
            if (!f->message || f->start_line < 0 || f->start_line > max_line)
                __builtin_trap();
            if (f->snippet && strpbrk(f->snippet, "\r\n"))
                __builtin_trap();
        }
    }
    mt_report_free(&rep);
    mt_scan_opts_free(&o);
    return 0;
}
