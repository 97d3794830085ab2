/* report_table.c — the human report: grouped by target, colours on a
 * terminal, a severity summary per target and overall. */
#include "report/report.h"

#include <string.h>

#include "pkg/pkg.h"

static const char *sev_color(mt_severity s)
{
    switch (s) {
    case MT_SEV_CRITICAL: return "\033[1;31m";
    case MT_SEV_HIGH: return "\033[31m";
    case MT_SEV_MEDIUM: return "\033[33m";
    case MT_SEV_LOW: return "\033[36m";
    default: return "\033[2m";
    }
}

static void print_counts(FILE *out, const size_t counts[MT_SEV_COUNT], const mt_report_opts *o)
{
    bool first = true;
    for (int s = MT_SEV_CRITICAL; s >= MT_SEV_INFO; s--) {
        const char *name = mt_severity_name((mt_severity)s);
        if (o->color && counts[s])
            fprintf(out, "%s%s: %zu\033[0m", first ? "" : ", ", name, counts[s]);
        else
            fprintf(out, "%s%s: %zu", first ? "" : ", ", name, counts[s]);
        first = false;
    }
}

/* An inventory result: the OS and a package list. */
static void packages_table(FILE *out, const mt_result *res, const mt_report_opts *o)
{
    const char *bold = o->color ? "\033[1m" : "", *dim = o->color ? "\033[2m" : "",
               *reset = o->color ? "\033[0m" : "";
    fprintf(out, "\n%s%s%s\n", bold, res->target, reset);
    size_t ul = strlen(res->target);
    for (size_t k = 0; k < ul; k++)
        fputc('=', out);
    if (strcmp(res->class, "os-pkgs") == 0)
        fprintf(out, "\nOS: %s; packages: %zu; layers: %zu\n\n",
                res->os && res->os->pretty_name ? res->os->pretty_name : res->type, res->packages.len,
                res->nlayer_ids);
    else
        fprintf(out, "\n%s packages: %zu\n\n", res->type, res->packages.len);
    if (!res->packages.len)
        return;
    int wn = 4, wv = 7;
    for (size_t i = 0; i < res->packages.len; i++) {
        const mt_pkg *p = res->packages.items[i];
        int n = (int)strlen(p->name), v = (int)strlen(p->version);
        wn = n > wn ? (n > 40 ? 40 : n) : wn;
        wv = v > wv ? (v > 40 ? 40 : v) : wv;
    }
    fprintf(out, "  %s%-*s  %-*s  LAYER  SOURCE%s\n", dim, wn, "NAME", wv, "VERSION", reset);
    for (size_t i = 0; i < res->packages.len; i++) {
        const mt_pkg *p = res->packages.items[i];
        fprintf(out, "  %-*s  %-*s  %5d  %s\n", wn, p->name, wv, p->version, p->layer,
                p->source_name ? p->source_name : p->name);
    }
}

int mt_write_table(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    const char *bold = o->color ? "\033[1m" : "", *dim = o->color ? "\033[2m" : "",
               *reset = o->color ? "\033[0m" : "";
    size_t clean = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (strcmp(res->class, "os-pkgs") == 0 || strcmp(res->class, "lang-pkgs") == 0) {
            packages_table(out, res, o);
            continue;
        }
        size_t counts[MT_SEV_COUNT] = {0}, active = 0, suppressed = 0;
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed)
                suppressed++;
            else {
                counts[f->severity]++;
                active++;
            }
        }
        if (active == 0) {
            clean++;
            if (suppressed == 0)
                continue;
        }
        fprintf(out, "\n%s%s%s (%s)\n", bold, res->target, reset, res->type);
        size_t ul = strlen(res->target) + strlen(res->type) + 3;
        for (size_t k = 0; k < ul; k++)
            fputc('=', out);
        fprintf(out, "\nFindings: %zu (", active);
        print_counts(out, counts, o);
        fputc(')', out);
        if (suppressed)
            fprintf(out, ", suppressed: %zu", suppressed);
        fputs("\n\n", out);
        if (active)
            fprintf(out, "  %sLINE   SEVERITY  ID       TITLE%s\n", dim, reset);
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed)
                continue;
            char lines[32];
            if (f->end_line > f->start_line)
                snprintf(lines, sizeof(lines), "%d-%d", f->start_line, f->end_line);
            else
                snprintf(lines, sizeof(lines), "%d", f->start_line);
            fprintf(out, "  %-6s %s%-9s%s %-8s %s\n", lines, o->color ? sev_color(f->severity) : "",
                    mt_severity_name(f->severity), reset, f->rule->id, f->rule->title);
            fprintf(out, "  %-6s %-9s %-8s %s%s%s\n", "", "", "", dim, f->message, reset);
        }
    }
    size_t counts[MT_SEV_COUNT], suppressed;
    size_t total = mt_report_count(r, counts, &suppressed);
    bool images = false;
    for (size_t i = 0; i < r->results.len && !images; i++)
        images = strcmp(((const mt_result *)r->results.items[i])->class, "os-pkgs") == 0;
    fprintf(out, "\n%sSummary:%s %zu %s%s scanned, %zu clean; %zu finding%s (", bold, reset,
            r->files_scanned, images ? "target" : "file", r->files_scanned == 1 ? "" : "s", clean, total,
            total == 1 ? "" : "s");
    print_counts(out, counts, o);
    fputc(')', out);
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    fputc('\n', out);
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        fprintf(out, "%sError:%s %s: %s\n", o->color ? "\033[31m" : "", reset, e->target, e->message);
    }
    return 0;
}
