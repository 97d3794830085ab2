/* report_table.c — the human report: grouped by target, colours on a
 * terminal, a severity summary per target and overall. */
#include "report/report.h"

#include <stdlib.h>
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
            fprintf(out, "%s%s%s: %zu\033[0m", first ? "" : ", ", sev_color((mt_severity)s), name,
                    counts[s]);
        else
            fprintf(out, "%s%s: %zu", first ? "" : ", ", name, counts[s]);
        first = false;
    }
}

/* Vulnerability counts the way Trivy prints them: "Total: 12 (UNKNOWN: 1,
 * LOW: 3, MEDIUM: 5, HIGH: 2, CRITICAL: 1)"; INFO only when there is one. */
static void print_vuln_counts(FILE *out, size_t total, const size_t counts[MT_SEV_COUNT],
                              const mt_report_opts *o)
{
    fprintf(out, "Total: %zu (", total);
    bool first = true;
    for (int s = MT_SEV_UNKNOWN; s <= MT_SEV_CRITICAL; s++) {
        if (s == MT_SEV_INFO && !counts[s])
            continue;
        const char *name = mt_severity_name((mt_severity)s);
        if (o->color && counts[s])
            fprintf(out, "%s%s%s: %zu\033[0m", first ? "" : ", ", sev_color((mt_severity)s), name,
                    counts[s]);
        else
            fprintf(out, "%s%s: %zu", first ? "" : ", ", name, counts[s]);
        first = false;
    }
    fputc(')', out);
}

/* Active vulnerabilities of a result per severity; returns their number
 * and adds the suppressed ones to *suppressed. */
static size_t count_vulns(const mt_result *res, size_t counts[MT_SEV_COUNT], size_t *suppressed)
{
    size_t total = 0;
    for (size_t j = 0; j < res->vulns.len; j++) {
        const mt_vuln *v = res->vulns.items[j];
        if (v->suppressed) {
            (*suppressed)++;
            continue;
        }
        counts[v->severity < MT_SEV_COUNT ? v->severity : MT_SEV_UNKNOWN]++;
        total++;
    }
    return total;
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Display width of s in code points (wide characters count one). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; w++) {
        size_t n = utf8_len(*p);
        while (n-- && *p)
            p++;
    }
    return w;
}

/* Prints one cell: control characters (advisory texts and package
 * databases are untrusted: no terminal escapes) as spaces, cut to max
 * code points with "..." (max 0: whole), then padded to width. */
static void put_cell(FILE *out, const char *s, size_t width, size_t max)
{
    if (!s)
        s = "";
    size_t w = text_width(s), shown = 0;
    bool cut = max > 3 && w > max;
    size_t limit = cut ? max - 3 : w;
    mt_buf b;
    mt_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p && shown < limit; shown++) {
        size_t n = utf8_len(*p);
        if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && *p < 0xc0) ||
            (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)) {
            /* C0, DEL, C1 (U+0080..U+009F) and stray continuation bytes */
            mt_buf_putc(&b, ' ');
            p += *p == 0xc2 ? 2 : 1;
            continue;
        }
        /* a sequence cut short by the end of the string is printed as is */
        for (; n && *p; n--)
            mt_buf_putc(&b, (char)*p++);
    }
    if (cut) {
        while (b.len && b.data[b.len - 1] == ' ') {
            b.data[--b.len] = '\0';
            shown--;
        }
        mt_buf_puts(&b, "...");
        shown += 3;
    }
    if (b.len)
        fwrite(b.data, 1, b.len, out);
    mt_buf_free(&b);
    for (; shown < width; shown++)
        fputc(' ', out);
}

#define VULN_COL_MAX 32   /* package and version columns grow up to this */
#define VULN_TITLE_MAX 60 /* titles are cut to this many characters */

static const char *vuln_path(const mt_vuln *v)
{
    return v->pkg && v->pkg->db_path ? v->pkg->db_path : "";
}

typedef struct vuln_row {
    const mt_vuln *v;
    size_t idx; /* in the result */
} vuln_row;

/* Language packages: by the file they were found in (a library vendored
 * by two binaries is two rows that would otherwise look the same), then
 * in the result's order. */
static int cmp_by_path(const void *a, const void *b)
{
    const vuln_row *x = a, *y = b;
    int c = strcmp(vuln_path(x->v), vuln_path(y->v));
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* The active vulnerabilities of an inventory result, one row each:
 * PACKAGE, VULNERABILITY, SEVERITY, STATUS, INSTALLED, FIXED, TITLE;
 * those of language packages under the file each was found in. */
static void vulns_table(FILE *out, const mt_result *res, const mt_report_opts *o)
{
    const char *dim = o->color ? "\033[2m" : "", *bold = o->color ? "\033[1m" : "",
               *reset = o->color ? "\033[0m" : "";
    size_t wp = 7, wi = 13, wv = 9, wf = 5; /* the headers' widths */
    vuln_row *rows = mt_xcalloc(res->vulns.len + 1, sizeof(*rows));
    size_t nrows = 0;
    for (size_t j = 0; j < res->vulns.len; j++) {
        const mt_vuln *v = res->vulns.items[j];
        if (v->suppressed)
            continue;
        rows[nrows++] = (vuln_row){v, j};
        size_t n;
        if ((n = text_width(v->package_name ? v->package_name : "")) > wp)
            wp = n > VULN_COL_MAX ? VULN_COL_MAX : n;
        if ((n = text_width(v->id ? v->id : "")) > wi)
            wi = n > VULN_COL_MAX ? VULN_COL_MAX : n;
        if ((n = text_width(v->installed_version ? v->installed_version : "")) > wv)
            wv = n > VULN_COL_MAX ? VULN_COL_MAX : n;
        if ((n = text_width(v->fixed_version ? v->fixed_version : "")) > wf)
            wf = n > VULN_COL_MAX ? VULN_COL_MAX : n;
    }
    bool by_path = strcmp(res->class, "lang-pkgs") == 0;
    if (by_path && nrows > 1)
        qsort(rows, nrows, sizeof(*rows), cmp_by_path);
    fprintf(out, "  %s", dim);
    put_cell(out, "PACKAGE", wp + 2, 0);
    put_cell(out, "VULNERABILITY", wi + 2, 0);
    put_cell(out, "SEVERITY", 10, 0);
    put_cell(out, "STATUS", 10, 0);
    put_cell(out, "INSTALLED", wv + 2, 0);
    put_cell(out, "FIXED", wf + 2, 0);
    fprintf(out, "TITLE%s\n", reset);
    for (size_t j = 0; j < nrows; j++) {
        const mt_vuln *v = rows[j].v;
        if (by_path && (j == 0 || strcmp(vuln_path(v), vuln_path(rows[j - 1].v)) != 0)) {
            fprintf(out, "  %s", bold);
            put_cell(out, *vuln_path(v) ? vuln_path(v) : "(unknown file)", 0, 0);
            fprintf(out, "%s\n", reset);
        }
        fputs("  ", out);
        /* long names and versions are printed whole (they are what one
         * searches for), the row then runs past its column */
        put_cell(out, v->package_name, wp + 2, 0);
        put_cell(out, v->id, wi + 2, 0);
        if (o->color)
            fputs(sev_color(v->severity), out);
        put_cell(out, mt_severity_name(v->severity), 8, 0);
        fputs(reset, out);
        fputs("  ", out);
        put_cell(out, v->status ? v->status : v->fixed_version ? "fixed" : "affected", 10, 0);
        put_cell(out, v->installed_version, wv + 2, 0);
        put_cell(out, v->fixed_version, wf + 2, 0);
        put_cell(out, v->title ? v->title : "-", 0, VULN_TITLE_MAX);
        fputc('\n', out);
    }
    free(rows);
}

/* An inventory result: the OS, then its vulnerabilities when any were
 * matched, else the package list (a vulnerability scan of a large image
 * would bury its few vulnerabilities under hundreds of packages; the JSON
 * report has both). */
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
    if (res->vulns.len) {
        size_t counts[MT_SEV_COUNT] = {0}, suppressed = 0;
        size_t active = count_vulns(res, counts, &suppressed);
        fputs("Vulnerabilities: ", out);
        print_vuln_counts(out, active, counts, o);
        if (suppressed)
            fprintf(out, ", suppressed: %zu", suppressed);
        fputs("\n\n", out);
        if (active)
            vulns_table(out, res, o);
        return;
    }
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
    size_t clean = 0, secret_results = 0, dirty_secret = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (strcmp(res->class, "secret") == 0) {
            secret_results++;
            for (size_t j = 0; j < res->findings.len; j++)
                if (!((const mt_finding *)res->findings.items[j])->suppressed) {
                    dirty_secret++;
                    break;
                }
        }
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
            if (f->origin)
                fprintf(out, "  %-6s %-9s %-8s %sfrom %s%s\n", "", "", "", dim, f->origin, reset);
        }
    }
    size_t counts[MT_SEV_COUNT], suppressed;
    size_t total = mt_report_count(r, counts, &suppressed);
    bool images = false;
    for (size_t i = 0; i < r->results.len && !images; i++)
        images = strcmp(((const mt_result *)r->results.items[i])->class, "os-pkgs") == 0;
    /* secret scans add results only for files with findings: the
     * others scanned are clean too */
    bool only_secrets = secret_results == r->results.len;
    if (only_secrets)
        clean = r->files_scanned > dirty_secret ? r->files_scanned - dirty_secret : 0;
    fprintf(out, "\n%sSummary:%s %zu %s%s scanned, %zu clean; %zu finding%s (", bold, reset,
            r->files_scanned, images ? "target" : "file", r->files_scanned == 1 ? "" : "s", clean, total,
            total == 1 ? "" : "s");
    print_counts(out, counts, o);
    fputc(')', out);
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    fputc('\n', out);
    size_t skipped = 0;
    for (size_t i = 0; i < r->results.len; i++)
        skipped += ((const mt_result *)r->results.items[i])->skipped_objects;
    if (skipped)
        fprintf(out, "%zu Kubernetes object%s of kinds moat does not check (custom resources) skipped\n",
                skipped, skipped == 1 ? "" : "s");
    size_t vcounts[MT_SEV_COUNT] = {0}, vactive = 0, vsuppressed = 0;
    bool vulns = false;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        vulns |= res->vulns.len > 0;
        vactive += count_vulns(res, vcounts, &vsuppressed);
    }
    if (vulns) {
        fprintf(out, "%sVulnerabilities:%s ", bold, reset);
        print_vuln_counts(out, vactive, vcounts, o);
        if (vsuppressed)
            fprintf(out, ", %zu suppressed", vsuppressed);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        fprintf(out, "%sError:%s %s: %s\n", o->color ? "\033[31m" : "", reset, e->target, e->message);
    }
    return 0;
}
