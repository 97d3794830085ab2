/* report_junit.c — JUnit XML for CI systems: one testsuite per target, one
 * failing testcase per finding and per known vulnerability of a package
 * (named "ID PACKAGE VERSION", stable across runs), a skipped testcase per
 * suppressed vulnerability, one passing testcase for a clean target. */
#include "report/report.h"

#include <string.h>

#include "pkg/pkg.h"

/* Length of the valid UTF-8 sequence of a character XML allows at p
 * (p[0] >= 0x80), 0 when there is none (stray, overlong, surrogate). */
static size_t utf8_valid(const unsigned char *p)
{
    unsigned cp;
    size_t n;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        cp = p[0] & 0x1fu;
        n = 2;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        cp = p[0] & 0x0fu;
        n = 3;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        cp = p[0] & 0x07u;
        n = 4;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0; /* also stops at the terminating NUL */
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
        return 0;
    return n;
}

static void xml_escape(FILE *out, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t') {
                fputc('?', out); /* not allowed in XML 1.0 */
            } else if (*p < 0x80) {
                fputc(*p, out);
            } else {
                size_t n = utf8_valid(p);
                if (!n) {
                    fputc('?', out); /* the document is UTF-8: no stray bytes */
                } else {
                    fwrite(p, 1, n, out);
                    p += n - 1;
                }
            }
        }
    }
}

typedef struct counts {
    size_t findings; /* active findings */
    size_t vulns;    /* active vulnerabilities */
    size_t skipped;  /* suppressed vulnerabilities */
} counts;

static counts count_result(const mt_result *res)
{
    counts c = {0};
    for (size_t j = 0; j < res->findings.len; j++)
        c.findings += !((const mt_finding *)res->findings.items[j])->suppressed;
    for (size_t j = 0; j < res->vulns.len; j++) {
        if (((const mt_vuln *)res->vulns.items[j])->suppressed)
            c.skipped++;
        else
            c.vulns++;
    }
    return c;
}

/* Testcases of a result: its failures and skips, or one passing case. */
static size_t tests_of(counts c)
{
    size_t n = c.findings + c.vulns + c.skipped;
    return c.findings + c.vulns ? n : n + 1;
}

static void vuln_case(FILE *out, const mt_result *res, const mt_vuln *v)
{
    fputs("    <testcase classname=\"", out);
    xml_escape(out, res->target);
    fputs("\" name=\"", out);
    xml_escape(out, v->id);
    fputc(' ', out);
    xml_escape(out, v->package_name);
    fputc(' ', out);
    xml_escape(out, v->installed_version);
    fputs("\">\n", out);
    if (v->suppressed) {
        fprintf(out, "      <skipped message=\"suppressed by %s", mt_suppress_kind_name(v->suppressed));
        if (v->suppress_reason) {
            fputs(": ", out);
            xml_escape(out, v->suppress_reason);
        }
        fputs("\"/>\n    </testcase>\n", out);
        return;
    }
    const char *sev = mt_severity_name(v->severity);
    fputs("      <failure message=\"", out);
    xml_escape(out, v->package_name);
    fputc(' ', out);
    xml_escape(out, v->installed_version);
    fprintf(out, " is affected by ");
    xml_escape(out, v->id);
    fprintf(out, " (%s); ", sev);
    if (v->fixed_version) {
        fputs("fixed version: ", out);
        xml_escape(out, v->fixed_version);
    } else {
        fputs("no fixed version yet", out);
    }
    fprintf(out, "\" type=\"%s\">", sev);
    if (v->title)
        xml_escape(out, v->title);
    else
        xml_escape(out, v->id);
    fputs("\nPackage: ", out);
    xml_escape(out, v->package_name);
    fputs("\nInstalled version: ", out);
    xml_escape(out, v->installed_version);
    fputs("\nFixed version: ", out);
    xml_escape(out, v->fixed_version ? v->fixed_version : "none yet");
    if (v->pkg && v->pkg->layer >= 0) {
        fprintf(out, "\nLayer: %d", v->pkg->layer);
        if ((size_t)v->pkg->layer < res->nlayer_ids && res->layer_ids[v->pkg->layer]) {
            fputc(' ', out);
            xml_escape(out, res->layer_ids[v->pkg->layer]);
        }
    }
    for (size_t i = 0; i < v->nreferences; i++) {
        fputs(i ? "\n  " : "\nReferences:\n  ", out);
        xml_escape(out, v->references[i]);
    }
    fputs("</failure>\n    </testcase>\n", out);
}

int mt_write_junit(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    (void)o;
    size_t sev_counts[MT_SEV_COUNT];
    size_t failures = mt_report_count(r, sev_counts, NULL);
    size_t tests = 0, skipped = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        counts c = count_result(r->results.items[i]);
        tests += tests_of(c);
        failures += c.vulns;
        skipped += c.skipped;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"moat\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"", tests,
            failures, r->errors.len);
    if (skipped)
        fprintf(out, " skipped=\"%zu\"", skipped);
    fputs(">\n", out);
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        counts c = count_result(res);
        fputs("  <testsuite name=\"", out);
        xml_escape(out, res->target);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\"", tests_of(c), c.findings + c.vulns);
        if (c.skipped)
            fprintf(out, " skipped=\"%zu\"", c.skipped);
        fputs(">\n", out);
        if (!c.findings && !c.vulns) {
            fputs("    <testcase classname=\"", out);
            xml_escape(out, res->target);
            fputs("\" name=\"", out);
            xml_escape(out, res->type);
            fputs(": no findings\"/>\n", out);
        }
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed)
                continue;
            fputs("    <testcase classname=\"", out);
            xml_escape(out, res->target);
            fprintf(out, "\" name=\"[%s] %s: ", mt_severity_name(f->severity), f->rule->id);
            xml_escape(out, f->rule->title);
            fputs("\">\n      <failure message=\"", out);
            xml_escape(out, f->message);
            fprintf(out, "\" type=\"%s\">", mt_severity_name(f->severity));
            xml_escape(out, f->path);
            fprintf(out, ":%d: ", f->start_line);
            xml_escape(out, f->message);
            fputs("\nFix: ", out);
            xml_escape(out, f->rule->remediation);
            fputs("</failure>\n    </testcase>\n", out);
        }
        for (size_t j = 0; j < res->vulns.len; j++)
            vuln_case(out, res, res->vulns.items[j]);
        fputs("  </testsuite>\n", out);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        fputs("  <testsuite name=\"", out);
        xml_escape(out, e->target);
        fputs("\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"", out);
        xml_escape(out, e->target);
        fputs("\" name=\"read\">\n      <error message=\"", out);
        xml_escape(out, e->message);
        fputs("\"/>\n    </testcase>\n  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return 0;
}
