/* report_junit.c — JUnit XML for CI systems: one testsuite per target, one
 * failing testcase per finding, one passing testcase for a clean target. */
#include "report/report.h"

#include <string.h>

static void xml_escape(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fputc('?', out); /* not allowed in XML 1.0 */
            else
                fputc(*p, out);
        }
    }
}

int mt_write_junit(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    (void)o;
    size_t counts[MT_SEV_COUNT];
    size_t total = mt_report_count(r, counts, NULL);
    size_t tests = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        size_t active = 0;
        for (size_t j = 0; j < res->findings.len; j++)
            active += !((const mt_finding *)res->findings.items[j])->suppressed;
        tests += active ? active : 1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"moat\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
            tests, total, r->errors.len);
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        size_t active = 0;
        for (size_t j = 0; j < res->findings.len; j++)
            active += !((const mt_finding *)res->findings.items[j])->suppressed;
        fputs("  <testsuite name=\"", out);
        xml_escape(out, res->target);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", active ? active : 1, active);
        if (!active) {
            fputs("    <testcase classname=\"", out);
            xml_escape(out, res->target);
            fprintf(out, "\" name=\"%s: no findings\"/>\n", res->type);
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
