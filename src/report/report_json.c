/* report_json.c — moat's JSON report (docs/report.schema.json). */
#include "report/report.h"

#include <jansson.h>
#include <stdio.h>

static json_t *aliases_json(const mt_rule *rule)
{
    json_t *a = json_array();
    for (int i = 0; i < MT_MAX_ALIASES && rule->aliases[i]; i++)
        json_array_append_new(a, json_string(rule->aliases[i]));
    return a;
}

static json_t *finding_json(const mt_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(f->rule->id));
    json_object_set_new(o, "aliases", aliases_json(f->rule));
    json_object_set_new(o, "severity", json_string(mt_severity_name(f->severity)));
    json_object_set_new(o, "title", json_string(f->rule->title));
    json_object_set_new(o, "message", json_string(f->message));
    json_object_set_new(o, "remediation", json_string(f->rule->remediation));
    json_t *loc = json_object();
    json_object_set_new(loc, "path", json_string(f->path));
    json_object_set_new(loc, "start_line", json_integer(f->start_line));
    json_object_set_new(loc, "end_line", json_integer(f->end_line));
    if (f->start_col > 0)
        json_object_set_new(loc, "start_column", json_integer(f->start_col));
    json_object_set_new(o, "location", loc);
    char fp[17];
    mt_finding_fingerprint(f, fp);
    json_object_set_new(o, "fingerprint", json_string(fp));
    char doc[64];
    snprintf(doc, sizeof(doc), MT_RULE_DOC_FMT, f->rule->id);
    json_object_set_new(o, "doc", json_string(doc));
    if (f->suppressed) {
        json_t *s = json_object();
        json_object_set_new(s, "kind", json_string(mt_suppress_kind_name(f->suppressed)));
        json_object_set_new(s, "reason", f->suppress_reason ? json_string(f->suppress_reason) : json_null());
        json_object_set_new(o, "suppression", s);
    }
    return o;
}

int mt_write_json(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(1));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("moat"));
    json_object_set_new(tool, "version", json_string(o->version ? o->version : ""));
    json_object_set_new(root, "tool", tool);

    json_t *results = json_array();
    size_t by_kind[8] = {0};
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        json_t *jr = json_object();
        json_object_set_new(jr, "target", json_string(res->target));
        json_object_set_new(jr, "class", json_string(res->class));
        json_object_set_new(jr, "type", json_string(res->type));
        json_t *fs = json_array(), *ss = json_array();
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed) {
                json_array_append_new(ss, finding_json(f));
                by_kind[f->suppressed]++;
            } else {
                json_array_append_new(fs, finding_json(f));
            }
        }
        json_object_set_new(jr, "findings", fs);
        json_object_set_new(jr, "suppressed", ss);
        json_array_append_new(results, jr);
    }
    json_object_set_new(root, "results", results);

    json_t *errors = json_array();
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        json_t *je = json_object();
        json_object_set_new(je, "target", json_string(e->target));
        json_object_set_new(je, "message", json_string(e->message));
        json_array_append_new(errors, je);
    }
    json_object_set_new(root, "errors", errors);

    size_t counts[MT_SEV_COUNT], suppressed;
    size_t total = mt_report_count(r, counts, &suppressed);
    json_t *sum = json_object();
    json_object_set_new(sum, "files_scanned", json_integer((json_int_t)r->files_scanned));
    json_object_set_new(sum, "findings", json_integer((json_int_t)total));
    json_t *bs = json_object();
    for (int s = MT_SEV_CRITICAL; s >= MT_SEV_UNKNOWN; s--)
        json_object_set_new(bs, mt_severity_name((mt_severity)s), json_integer((json_int_t)counts[s]));
    json_object_set_new(sum, "by_severity", bs);
    json_object_set_new(sum, "suppressed", json_integer((json_int_t)suppressed));
    json_t *bk = json_object();
    for (int k = MT_SUPPRESS_INLINE; k <= MT_SUPPRESS_HADOLINT; k++)
        json_object_set_new(bk, mt_suppress_kind_name((mt_suppress_kind)k), json_integer((json_int_t)by_kind[k]));
    json_object_set_new(sum, "suppressed_by", bk);
    json_object_set_new(root, "summary", sum);

    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    return rc;
}
