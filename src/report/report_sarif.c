/* report_sarif.c — SARIF 2.1.0, shaped for GitHub code scanning: one rule
 * entry per rule used (help text, security-severity), a region for every
 * result, partialFingerprints, suppressions for suppressed findings. */
#include "report/report.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *sarif_level(mt_severity s)
{
    switch (s) {
    case MT_SEV_CRITICAL:
    case MT_SEV_HIGH: return "error";
    case MT_SEV_MEDIUM: return "warning";
    default: return "note";
    }
}

static const char *security_severity(mt_severity s)
{
    switch (s) {
    case MT_SEV_CRITICAL: return "9.5";
    case MT_SEV_HIGH: return "8.0";
    case MT_SEV_MEDIUM: return "5.5";
    case MT_SEV_LOW: return "2.0";
    default: return NULL;
    }
}

/* RFC 3986 path: keep unreserved characters and '/', encode the rest. */
static char *path_uri(const char *path)
{
    mt_buf b;
    mt_buf_init(&b);
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (path[0] == '/')
        mt_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("-._~/", *p))
            mt_buf_putc(&b, (char)*p);
        else
            mt_buf_printf(&b, "%%%02X", *p);
    }
    return mt_buf_steal(&b);
}

static json_t *text(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(s));
    return o;
}

static json_t *rule_json(const mt_rule *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->id));
    json_object_set_new(o, "shortDescription", text(r->title));
    json_object_set_new(o, "fullDescription", text(r->description));
    mt_buf h, md;
    mt_buf_init(&h);
    mt_buf_init(&md);
    mt_buf_printf(&h, "%s\n\nFix: %s", r->description, r->remediation);
    mt_buf_printf(&md, "**%s**\n\n%s\n\n**Fix:** %s", r->title, r->description, r->remediation);
    if (r->aliases[0]) {
        mt_buf_puts(&h, "\n\nSame check as:");
        mt_buf_puts(&md, "\n\nSame check as:");
        for (int i = 0; i < MT_MAX_ALIASES && r->aliases[i]; i++) {
            mt_buf_printf(&h, " %s", r->aliases[i]);
            mt_buf_printf(&md, " `%s`", r->aliases[i]);
        }
    }
    json_t *help = json_object();
    json_object_set_new(help, "text", json_string(h.data));
    json_object_set_new(help, "markdown", json_string(md.data));
    json_object_set_new(o, "help", help);
    mt_buf_free(&h);
    mt_buf_free(&md);
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", json_string(sarif_level(r->severity)));
    json_object_set_new(o, "defaultConfiguration", cfg);
    json_t *props = json_object();
    const char *ss = security_severity(r->severity);
    if (ss)
        json_object_set_new(props, "security-severity", json_string(ss));
    json_t *tags = json_array();
    json_array_append_new(tags, json_string("security"));
    json_array_append_new(tags, json_string(r->type));
    for (int i = 0; i < MT_MAX_ALIASES && r->aliases[i]; i++)
        json_array_append_new(tags, json_string(r->aliases[i]));
    json_object_set_new(props, "tags", tags);
    json_object_set_new(props, "precision", json_string("high"));
    json_object_set_new(o, "properties", props);
    return o;
}

int mt_write_sarif(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    /* Rules used, in first-seen order (results are already sorted). */
    mt_vec used = {0};
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            bool seen = false;
            for (size_t k = 0; k < used.len && !seen; k++)
                seen = used.items[k] == f->rule;
            if (!seen)
                mt_vec_push(&used, (void *)f->rule);
        }
    }
    json_t *rules = json_array();
    for (size_t k = 0; k < used.len; k++)
        json_array_append_new(rules, rule_json(used.items[k]));

    json_t *results = json_array();
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        char *uri = path_uri(res->target);
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            size_t idx = 0;
            while (idx < used.len && used.items[idx] != f->rule)
                idx++;
            json_t *jr = json_object();
            json_object_set_new(jr, "ruleId", json_string(f->rule->id));
            json_object_set_new(jr, "ruleIndex", json_integer((json_int_t)idx));
            json_object_set_new(jr, "level", json_string(sarif_level(f->severity)));
            json_object_set_new(jr, "message", text(f->message));
            json_t *art = json_object();
            json_object_set_new(art, "uri", json_string(uri));
            json_t *region = json_object();
            json_object_set_new(region, "startLine", json_integer(f->start_line > 0 ? f->start_line : 1));
            json_object_set_new(region, "endLine", json_integer(f->end_line > 0 ? f->end_line : 1));
            if (f->start_col > 0)
                json_object_set_new(region, "startColumn", json_integer(f->start_col));
            json_t *phys = json_object();
            json_object_set_new(phys, "artifactLocation", art);
            json_object_set_new(phys, "region", region);
            json_t *loc = json_object();
            json_object_set_new(loc, "physicalLocation", phys);
            json_t *locs = json_array();
            json_array_append_new(locs, loc);
            json_object_set_new(jr, "locations", locs);
            char fp[17], fpv[24];
            mt_finding_fingerprint(f, fp);
            snprintf(fpv, sizeof(fpv), "%s:1", fp);
            json_t *pf = json_object();
            json_object_set_new(pf, "primaryLocationLineHash", json_string(fpv));
            json_object_set_new(jr, "partialFingerprints", pf);
            if (f->suppressed) {
                json_t *sup = json_object();
                json_object_set_new(sup, "kind", json_string(f->suppressed == MT_SUPPRESS_INLINE ? "inSource" : "external"));
                if (f->suppress_reason)
                    json_object_set_new(sup, "justification", json_string(f->suppress_reason));
                json_t *sups = json_array();
                json_array_append_new(sups, sup);
                json_object_set_new(jr, "suppressions", sups);
            }
            json_t *props = json_object();
            json_object_set_new(props, "severity", json_string(mt_severity_name(f->severity)));
            json_object_set_new(jr, "properties", props);
            json_array_append_new(results, jr);
        }
        free(uri);
    }

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("moat"));
    json_object_set_new(driver, "version", json_string(o->version ? o->version : "0"));
    json_object_set_new(driver, "semanticVersion", json_string(o->version ? o->version : "0.0.0"));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);
    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "results", results);
    json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    mt_vec_free(&used);
    return rc;
}
