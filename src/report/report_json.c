/* report_json.c — moat's JSON report (docs/report.schema.json). */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/jsonw.h"

static void kv_str(jsonw *w, const char *k, const char *v)
{
    jsonw_key(w, k);
    jsonw_string(w, v);
}

static void kv_int(jsonw *w, const char *k, long long v)
{
    jsonw_key(w, k);
    jsonw_int(w, v);
}

static void finding_json(jsonw *w, const mt_finding *f)
{
    jsonw_object(w);
    kv_str(w, "id", f->rule->id);
    jsonw_key(w, "aliases");
    jsonw_array(w);
    for (int i = 0; i < MT_MAX_ALIASES && f->rule->aliases[i]; i++)
        jsonw_string(w, f->rule->aliases[i]);
    jsonw_end_array(w);
    kv_str(w, "severity", mt_severity_name(f->severity));
    kv_str(w, "title", f->rule->title);
    kv_str(w, "message", f->message);
    kv_str(w, "remediation", f->rule->remediation);
    jsonw_key(w, "location");
    jsonw_object(w);
    kv_str(w, "path", f->path);
    kv_int(w, "start_line", f->start_line);
    kv_int(w, "end_line", f->end_line);
    if (f->start_col > 0)
        kv_int(w, "start_column", f->start_col);
    jsonw_end_object(w);
    char fp[17];
    mt_finding_fingerprint(f, fp);
    kv_str(w, "fingerprint", fp);
    char doc[64];
    mt_rule_doc_path(f->rule, doc, sizeof(doc));
    kv_str(w, "doc", doc);
    if (f->suppressed) {
        jsonw_key(w, "suppression");
        jsonw_object(w);
        kv_str(w, "kind", mt_suppress_kind_name(f->suppressed));
        kv_str(w, "reason", f->suppress_reason);
        jsonw_end_object(w);
    }
    jsonw_end_object(w);
}

int mt_write_json(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    mt_buf b;
    mt_buf_init(&b);
    jsonw w;
    jsonw_init(&w, &b);
    jsonw_object(&w);
    kv_int(&w, "schema_version", 1);
    jsonw_key(&w, "tool");
    jsonw_object(&w);
    kv_str(&w, "name", "moat");
    kv_str(&w, "version", o->version ? o->version : "");
    jsonw_end_object(&w);

    size_t by_kind[MT_SUPPRESS_HADOLINT + 1] = {0};
    jsonw_key(&w, "results");
    jsonw_array(&w);
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        jsonw_object(&w);
        kv_str(&w, "target", res->target);
        kv_str(&w, "class", res->class);
        kv_str(&w, "type", res->type);
        for (int pass = 0; pass < 2; pass++) {
            jsonw_key(&w, pass ? "suppressed" : "findings");
            jsonw_array(&w);
            for (size_t j = 0; j < res->findings.len; j++) {
                const mt_finding *f = res->findings.items[j];
                if ((f->suppressed != 0) != (pass != 0))
                    continue;
                finding_json(&w, f);
                if (pass)
                    by_kind[f->suppressed]++;
            }
            jsonw_end_array(&w);
        }
        jsonw_end_object(&w);
        /* flush large reports as we go */
        if (b.len > (1u << 20)) {
            fwrite(b.data, 1, b.len, out);
            mt_buf_clear(&b);
        }
    }
    jsonw_end_array(&w);

    jsonw_key(&w, "errors");
    jsonw_array(&w);
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        jsonw_object(&w);
        kv_str(&w, "target", e->target);
        kv_str(&w, "message", e->message);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);

    size_t counts[MT_SEV_COUNT], suppressed;
    size_t total = mt_report_count(r, counts, &suppressed);
    jsonw_key(&w, "summary");
    jsonw_object(&w);
    kv_int(&w, "files_scanned", (long long)r->files_scanned);
    kv_int(&w, "findings", (long long)total);
    jsonw_key(&w, "by_severity");
    jsonw_object(&w);
    for (int s = MT_SEV_CRITICAL; s >= MT_SEV_UNKNOWN; s--)
        kv_int(&w, mt_severity_name((mt_severity)s), (long long)counts[s]);
    jsonw_end_object(&w);
    kv_int(&w, "suppressed", (long long)suppressed);
    jsonw_key(&w, "suppressed_by");
    jsonw_object(&w);
    for (int k = MT_SUPPRESS_INLINE; k <= MT_SUPPRESS_HADOLINT; k++)
        kv_int(&w, mt_suppress_kind_name((mt_suppress_kind)k), (long long)by_kind[k]);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    size_t n = fwrite(b.data, 1, b.len, out);
    int rc = n == b.len ? 0 : -1;
    mt_buf_free(&b);
    return rc;
}
