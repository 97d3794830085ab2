/* report_json.c — moat's JSON report (docs/report.schema.json). */
#include "report/report.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkg/pkg.h"
#include "report/jsonw.h"

static void kv_str(jsonw *w, const char *k, const char *v)
{
    jsonw_key_lit(w, k);
    jsonw_string(w, v);
}

static void kv_int(jsonw *w, const char *k, long long v)
{
    jsonw_key_lit(w, k);
    jsonw_int(w, v);
}

/* The parts of a finding that come from its rule, encoded once per rule:
 * a report repeats the same few rules thousands of times. */
typedef struct rule_json {
    const mt_rule *rule;
    mt_buf id, title, remediation, doc;
    mt_buf aliases[MT_MAX_ALIASES];
    /* The same parts laid out as finding_json() writes them for a finding
     * at FINDING_DEPTH, with keys, separators and indentation (see
     * fast_finding): */
    mt_buf head; /* members up to `"severity": ` */
    mt_buf mid;  /* `, "title": ..., "message": ` */
    mt_buf loc;  /* `, "remediation": ..., "location": { "path": ` */
    mt_buf tail; /* `, "doc": ...` */
} rule_json;

typedef struct rule_cache {
    rule_json **slots; /* open addressing on the rule pointer; the entries
                          never move, so a pointer handed out stays valid
                          while other threads add rules */
    size_t cap, len;
} rule_cache;

/* Findings are members of a result's "findings" array: result objects sit
 * at depth 2 ({"results": [ here ]}), so findings sit at 4, their members
 * at 5 and their location's members at 6. */
#define RESULT_DEPTH 2
#define FINDING_DEPTH (RESULT_DEPTH + 2)

static void encode(mt_buf *b, const char *s)
{
    mt_buf_init(b);
    jsonw_escape(b, s ? s : "");
}

/* Starts a writer that appends to b what a writer at `depth` would write
 * next, after `first` ? no : some members of the current container. */
static void capture(jsonw *w, mt_buf *b, int depth, bool first)
{
    mt_buf_init(b);
    jsonw_init_at(w, b, depth);
    w->first[depth] = first;
}

static void rule_layout(rule_json *rj)
{
    jsonw w;
    capture(&w, &rj->head, FINDING_DEPTH + 1, true);
    jsonw_key_lit(&w, "id");
    jsonw_raw(&w, rj->id.data, rj->id.len);
    jsonw_key_lit(&w, "aliases");
    jsonw_array(&w);
    for (int i = 0; i < MT_MAX_ALIASES && rj->rule->aliases[i]; i++)
        jsonw_raw(&w, rj->aliases[i].data, rj->aliases[i].len);
    jsonw_end_array(&w);
    jsonw_key_lit(&w, "severity");
    capture(&w, &rj->mid, FINDING_DEPTH + 1, false);
    jsonw_key_lit(&w, "title");
    jsonw_raw(&w, rj->title.data, rj->title.len);
    jsonw_key_lit(&w, "message");
    capture(&w, &rj->loc, FINDING_DEPTH + 1, false);
    jsonw_key_lit(&w, "remediation");
    jsonw_raw(&w, rj->remediation.data, rj->remediation.len);
    jsonw_key_lit(&w, "location");
    jsonw_object(&w);
    jsonw_key_lit(&w, "path");
    capture(&w, &rj->tail, FINDING_DEPTH + 1, false);
    jsonw_key_lit(&w, "doc");
    jsonw_raw(&w, rj->doc.data, rj->doc.len);
}

/* The parts every plain finding shares, laid out the same way. */
static struct {
    pthread_once_t once;
    mt_buf start_line, end_line, start_column; /* `, "start_line": ` ... at depth 6 */
    mt_buf loc_end;                            /* the location's closing brace */
    mt_buf fingerprint;                        /* `, "fingerprint": ` at depth 5 */
    mt_buf severity[MT_SEV_COUNT];             /* `"HIGH"` ... */
} fixed = {.once = PTHREAD_ONCE_INIT};

static void fixed_layout(void)
{
    jsonw w;
    capture(&w, &fixed.start_line, FINDING_DEPTH + 2, false);
    jsonw_key_lit(&w, "start_line");
    capture(&w, &fixed.end_line, FINDING_DEPTH + 2, false);
    jsonw_key_lit(&w, "end_line");
    capture(&w, &fixed.start_column, FINDING_DEPTH + 2, false);
    jsonw_key_lit(&w, "start_column");
    capture(&w, &fixed.loc_end, FINDING_DEPTH + 2, false);
    jsonw_end_object(&w);
    capture(&w, &fixed.fingerprint, FINDING_DEPTH + 1, false);
    jsonw_key_lit(&w, "fingerprint");
    for (int s = 0; s < MT_SEV_COUNT; s++)
        encode(&fixed.severity[s], mt_severity_name((mt_severity)s));
}

static size_t rule_slot(const rule_cache *rc, const mt_rule *r)
{
    size_t h = (size_t)(((uintptr_t)r >> 4) * 0x9e3779b97f4a7c15ull);
    size_t i = h & (rc->cap - 1);
    while (rc->slots[i] && rc->slots[i]->rule != r)
        i = (i + 1) & (rc->cap - 1);
    return i;
}

/* One cache for the process: rule texts never change, and results are
 * rendered on several threads at once. */
static rule_cache cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const rule_json *rule_get_locked(rule_cache *rc, const mt_rule *r)
{
    if (2 * (rc->len + 1) > rc->cap) {
        rule_cache grown = {mt_xcalloc(rc->cap ? rc->cap * 2 : 64, sizeof(rule_json *)),
                            rc->cap ? rc->cap * 2 : 64, rc->len};
        for (size_t i = 0; i < rc->cap; i++) {
            if (rc->slots[i])
                grown.slots[rule_slot(&grown, rc->slots[i]->rule)] = rc->slots[i];
        }
        free(rc->slots);
        *rc = grown;
    }
    size_t slot = rule_slot(rc, r);
    if (rc->slots[slot])
        return rc->slots[slot];
    rule_json *rj = mt_xcalloc(1, sizeof(*rj));
    rc->slots[slot] = rj;
    rj->rule = r;
    rc->len++;
    encode(&rj->id, r->id);
    encode(&rj->title, r->title);
    encode(&rj->remediation, r->remediation);
    char doc[64];
    mt_rule_doc_path(r, doc, sizeof(doc));
    encode(&rj->doc, doc);
    for (int i = 0; i < MT_MAX_ALIASES && r->aliases[i]; i++)
        encode(&rj->aliases[i], r->aliases[i]);
    rule_layout(rj);
    return rj;
}

/* Each thread keeps the rules it met last in a small table of its own, in
 * front of the shared cache, so threads rendering at once do not take turns
 * at its lock for every finding. Entries never move or go away. */
#define RULE_TLS_SLOTS 64
static _Thread_local const rule_json *rule_tls[RULE_TLS_SLOTS];

static const rule_json *rule_get(const mt_rule *r)
{
    size_t k = (size_t)(((uintptr_t)r >> 4) * 0x9e3779b97f4a7c15ull >> 58);
    const rule_json *rj = rule_tls[k];
    if (rj && rj->rule == r)
        return rj;
    pthread_mutex_lock(&cache_lock);
    rj = rule_get_locked(&cache, r);
    pthread_mutex_unlock(&cache_lock);
    rule_tls[k] = rj;
    return rj;
}

static void kv_raw(jsonw *w, const char *k, const mt_buf *v)
{
    jsonw_key_lit(w, k);
    jsonw_raw(w, v->data, v->len);
}

static void put_buf(mt_buf *out, const mt_buf *b)
{
    mt_buf_put(out, b->data, b->len);
}

static void put_uint(mt_buf *out, int v)
{
    char tmp[MT_DEC_MAX];
    const char *p = mt_udec(tmp + sizeof(tmp), v > 0 ? (unsigned)v : 0);
    mt_buf_put(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* A finding without the optional parts (origin, secrets' extras, a
 * suppression) at FINDING_DEPTH: the most common kind by far, written from
 * the fragments above instead of key by key. The bytes are the ones the
 * general path below writes (tests/cli/test_report_json.py checks the
 * layout of whole reports). */
static bool fast_finding(jsonw *w, const mt_buf *path, const mt_finding *f, const rule_json *rj)
{
    if (w->depth != FINDING_DEPTH || !path || f->origin || f->gitleaks_fingerprint || f->commit ||
        f->suppressed || f->start_line < 0 || f->end_line < 0 || f->start_col < 0 ||
        (unsigned)f->severity >= MT_SEV_COUNT)
        return false;
    pthread_once(&fixed.once, fixed_layout);
    jsonw_object(w);
    mt_buf *out = w->out;
    put_buf(out, &rj->head);
    put_buf(out, &fixed.severity[f->severity]);
    put_buf(out, &rj->mid);
    jsonw_escape(out, f->message);
    put_buf(out, &rj->loc);
    put_buf(out, path);
    put_buf(out, &fixed.start_line);
    put_uint(out, f->start_line);
    put_buf(out, &fixed.end_line);
    put_uint(out, f->end_line);
    if (f->start_col > 0) {
        put_buf(out, &fixed.start_column);
        put_uint(out, f->start_col);
    }
    put_buf(out, &fixed.loc_end);
    put_buf(out, &fixed.fingerprint);
    char q[19];
    q[0] = '"';
    mt_finding_fingerprint(f, q + 1);
    q[17] = '"';
    mt_buf_put(out, q, 18);
    put_buf(out, &rj->tail);
    w->first[w->depth] = false; /* members were written */
    jsonw_end_object(w);
    return true;
}

static void finding_json(jsonw *w, const mt_buf *path, const mt_finding *f)
{
    const rule_json *rj = rule_get(f->rule);
    if (fast_finding(w, path, f, rj))
        return;
    jsonw_object(w);
    kv_raw(w, "id", &rj->id);
    jsonw_key_lit(w, "aliases");
    jsonw_array(w);
    for (int i = 0; i < MT_MAX_ALIASES && f->rule->aliases[i]; i++)
        jsonw_raw(w, rj->aliases[i].data, rj->aliases[i].len);
    jsonw_end_array(w);
    kv_str(w, "severity", mt_severity_name(f->severity));
    kv_raw(w, "title", &rj->title);
    kv_str(w, "message", f->message);
    kv_raw(w, "remediation", &rj->remediation);
    jsonw_key_lit(w, "location");
    jsonw_object(w);
    if (path)
        kv_raw(w, "path", path);
    else
        kv_str(w, "path", f->path);
    kv_int(w, "start_line", f->start_line);
    kv_int(w, "end_line", f->end_line);
    if (f->start_col > 0)
        kv_int(w, "start_column", f->start_col);
    if (f->origin)
        kv_str(w, "origin", f->origin);
    jsonw_end_object(w);
    char fp[17];
    mt_finding_fingerprint(f, fp);
    jsonw_key_lit(w, "fingerprint");
    char q[19];
    q[0] = '"';
    memcpy(q + 1, fp, 16);
    q[17] = '"';
    jsonw_raw(w, q, 18);
    if (f->gitleaks_fingerprint)
        kv_str(w, "gitleaks_fingerprint", f->gitleaks_fingerprint);
    if (f->commit) {
        jsonw_key_lit(w, "commit");
        jsonw_object(w);
        kv_str(w, "id", f->commit->id);
        kv_str(w, "author", f->commit->author);
        kv_str(w, "email", f->commit->email);
        char date[32];
        time_t t = (time_t)f->commit->time;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
        kv_str(w, "date", date);
        jsonw_end_object(w);
    }
    kv_raw(w, "doc", &rj->doc);
    if (f->suppressed) {
        jsonw_key_lit(w, "suppression");
        jsonw_object(w);
        kv_str(w, "kind", mt_suppress_kind_name(f->suppressed));
        kv_str(w, "reason", f->suppress_reason);
        jsonw_end_object(w);
    }
    jsonw_end_object(w);
}

static void os_json(jsonw *w, const mt_os *os)
{
    jsonw_key_lit(w, "os");
    jsonw_object(w);
    kv_str(w, "id", os->id);
    kv_str(w, "version_id", os->version_id);
    if (os->codename)
        kv_str(w, "codename", os->codename);
    if (os->pretty_name)
        kv_str(w, "pretty_name", os->pretty_name);
    jsonw_end_object(w);
}

static void image_json(jsonw *w, const mt_image_meta *m)
{
    jsonw_key_lit(w, "image");
    jsonw_object(w);
    kv_str(w, "kind", m->kind);
    if (m->manifest_digest)
        kv_str(w, "manifest_digest", m->manifest_digest);
    if (m->config_digest)
        kv_str(w, "config_digest", m->config_digest);
    jsonw_key_lit(w, "tags");
    jsonw_array(w);
    for (size_t i = 0; i < m->ntags; i++)
        jsonw_string(w, m->tags[i]);
    jsonw_end_array(w);
    if (m->os)
        kv_str(w, "os", m->os);
    if (m->arch)
        kv_str(w, "arch", m->arch);
    jsonw_end_object(w);
}

static void packages_json(jsonw *w, const mt_result *res)
{
    jsonw_key_lit(w, "packages");
    jsonw_array(w);
    for (size_t i = 0; i < res->packages.len; i++) {
        const mt_pkg *p = res->packages.items[i];
        jsonw_object(w);
        kv_str(w, "type", p->type);
        kv_str(w, "name", p->name);
        kv_str(w, "version", p->version);
        kv_str(w, "source_name", p->source_name ? p->source_name : p->name);
        kv_str(w, "source_version", p->source_version ? p->source_version : p->version);
        if (p->arch)
            kv_str(w, "arch", p->arch);
        if (p->license)
            kv_str(w, "license", p->license);
        kv_str(w, "purl", p->purl);
        kv_int(w, "layer", p->layer);
        if (p->layer >= 0 && (size_t)p->layer < res->nlayer_ids && res->layer_ids[p->layer])
            kv_str(w, "layer_diff_id", res->layer_ids[p->layer]);
        if (p->checksum)
            kv_str(w, "checksum", p->checksum);
        if (p->db_path)
            kv_str(w, "db_path", p->db_path);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

static bool is_inventory(const mt_result *res)
{
    return strcmp(res->class, "os-pkgs") == 0 || strcmp(res->class, "lang-pkgs") == 0;
}

static void kv_str_opt(jsonw *w, const char *k, const char *v)
{
    if (v)
        kv_str(w, k, v);
}

/* One known vulnerability of an installed package. */
static void vuln_json(jsonw *w, const mt_result *res, const mt_vuln *v)
{
    const mt_pkg *p = v->pkg;
    jsonw_object(w);
    kv_str(w, "id", v->id);
    jsonw_key_lit(w, "aliases");
    jsonw_array(w);
    for (size_t i = 0; i < v->naliases; i++)
        jsonw_string(w, v->aliases[i]);
    jsonw_end_array(w);
    kv_str(w, "package_name", v->package_name ? v->package_name : p ? p->name : "");
    if (p && p->type)
        kv_str(w, "package_type", p->type);
    kv_str(w, "installed_version", v->installed_version ? v->installed_version : p ? p->version : "");
    kv_str(w, "fixed_version", v->fixed_version); /* null: no fix yet */
    kv_str(w, "status", v->status ? v->status : v->fixed_version ? "fixed" : "affected");
    kv_str(w, "severity", mt_severity_name(v->severity));
    kv_str_opt(w, "severity_source", v->severity_source);
    if (v->cvss_vector) {
        jsonw_key_lit(w, "cvss");
        jsonw_object(w);
        kv_str(w, "vector", v->cvss_vector);
        char num[32];
        /* (a score out of range, NaN included, would not be JSON) */
        double score = v->cvss_score >= 0 && v->cvss_score <= 10 ? v->cvss_score : 0;
        int n = snprintf(num, sizeof(num), "%.1f", score);
        jsonw_key_lit(w, "score");
        jsonw_raw(w, num, (size_t)n);
        jsonw_end_object(w);
    }
    kv_str(w, "title", v->title);
    kv_str_opt(w, "description", v->description);
    jsonw_key_lit(w, "references");
    jsonw_array(w);
    for (size_t i = 0; i < v->nreferences; i++)
        jsonw_string(w, v->references[i]);
    jsonw_end_array(w);
    if (p && p->purl)
        kv_str(w, "purl", p->purl);
    kv_str(w, "matched_name", v->matched_name ? v->matched_name : v->package_name);
    int layer = p ? p->layer : -1;
    kv_int(w, "layer", layer);
    if (layer >= 0 && (size_t)layer < res->nlayer_ids && res->layer_ids[layer])
        kv_str(w, "layer_diff_id", res->layer_ids[layer]);
    if (p && p->db_path)
        kv_str(w, "db_path", p->db_path);
    kv_str(w, "data_source", v->data_source);
    kv_str_opt(w, "record_id", v->record_id);
    kv_str_opt(w, "published", v->published);
    kv_str_opt(w, "modified", v->modified);
    if (v->suppressed) {
        jsonw_key_lit(w, "suppression");
        jsonw_object(w);
        kv_str(w, "kind", mt_suppress_kind_name(v->suppressed));
        kv_str(w, "reason", v->suppress_reason);
        jsonw_end_object(w);
    }
    jsonw_end_object(w);
}

/* Active vulnerabilities, then the suppressed ones (each with its
 * suppression), in the result's order (package, then ID). */
static void vulns_json(jsonw *w, const mt_result *res)
{
    for (int pass = 0; pass < 2; pass++) {
        jsonw_key_lit(w, pass ? "suppressed_vulnerabilities" : "vulnerabilities");
        jsonw_array(w);
        for (size_t j = 0; j < res->vulns.len; j++) {
            const mt_vuln *v = res->vulns.items[j];
            if ((v->suppressed != MT_SUPPRESS_NONE) == (pass != 0))
                vuln_json(w, res, v);
        }
        jsonw_end_array(w);
    }
}

static void result_json(jsonw *w, const mt_result *res)
{
    mt_buf path; /* the target, encoded once for all its findings */
    mt_buf_init(&path);
    jsonw_escape(&path, res->target);
    jsonw_object(w);
    kv_str(w, "target", res->target);
    kv_str(w, "class", res->class);
    kv_str(w, "type", res->type);
    if (res->image)
        image_json(w, res->image);
    if (res->os)
        os_json(w, res->os);
    if (is_inventory(res)) {
        packages_json(w, res);
        vulns_json(w, res);
    }
    if (res->skipped_objects)
        kv_int(w, "skipped_objects", (long long)res->skipped_objects);
    for (int pass = 0; pass < 2; pass++) {
        jsonw_key_lit(w, pass ? "suppressed" : "findings");
        jsonw_array(w);
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if ((f->suppressed != 0) != (pass != 0))
                continue;
            /* findings carry their target's path (merged results could
             * differ, so check) */
            finding_json(w, strcmp(f->path, res->target) == 0 ? &path : NULL, f);
        }
        jsonw_end_array(w);
    }
    jsonw_end_object(w);
    mt_buf_free(&path);
}

/* ---- the report, as a stream ---- */

/* What the writer keeps between results: the text not yet written and the
 * counts the summary needs that mt_report_count() does not give. */
typedef struct json_stream {
    FILE *out;
    mt_buf b;
    jsonw w;
    /* suppressed findings and vulnerabilities by kind; active
     * vulnerabilities by severity */
    size_t by_kind[MT_SUPPRESS_VEX + 1], vby_kind[MT_SUPPRESS_VEX + 1];
    size_t vcounts[MT_SEV_COUNT], vtotal, vsuppressed;
} json_stream;

void *mt_json_stream_begin(FILE *out, const mt_report_opts *o)
{
    json_stream *js = mt_xcalloc(1, sizeof(*js));
    js->out = out;
    mt_buf_init(&js->b);
    jsonw_init(&js->w, &js->b);
    jsonw_object(&js->w);
    kv_int(&js->w, "schema_version", 1);
    jsonw_key(&js->w, "tool");
    jsonw_object(&js->w);
    kv_str(&js->w, "name", "moat");
    kv_str(&js->w, "version", o->version ? o->version : "");
    jsonw_end_object(&js->w);
    jsonw_key(&js->w, "results");
    jsonw_array(&js->w);
    return js;
}

/* Adds one result: its text when given (rendered ahead), else rendered
 * here. */
static void put_result(json_stream *js, const mt_result *res, const char *text, size_t len)
{
    if (text)
        jsonw_splice(&js->w, text, len);
    else
        result_json(&js->w, res);
    for (size_t j = 0; j < res->findings.len; j++) {
        const mt_finding *f = res->findings.items[j];
        if (f->suppressed > MT_SUPPRESS_NONE && f->suppressed <= MT_SUPPRESS_VEX)
            js->by_kind[f->suppressed]++;
    }
    for (size_t j = 0; j < res->vulns.len; j++) {
        const mt_vuln *v = res->vulns.items[j];
        if (v->suppressed) {
            js->vsuppressed++;
            if (v->suppressed <= MT_SUPPRESS_VEX)
                js->vby_kind[v->suppressed]++;
        } else {
            js->vcounts[v->severity < MT_SEV_COUNT ? v->severity : MT_SEV_UNKNOWN]++;
            js->vtotal++;
        }
    }
    /* Flush as we go, in pieces small enough that the buffer's pages are
     * the same ones over and over (a 1 MiB buffer cost 256 page faults). */
    if (js->b.len > (64u << 10)) {
        fwrite(js->b.data, 1, js->b.len, js->out);
        mt_buf_clear(&js->b);
    }
}

static bool prerendered(const mt_result *res)
{
    return res->rendered != NULL;
}

void mt_json_stream_result(void *stream, mt_result *res)
{
    json_stream *js = stream;
    if (prerendered(res)) {
        put_result(js, res, res->rendered, res->rendered_len);
        free(res->rendered); /* written: its memory serves the next results */
        res->rendered = NULL;
    } else {
        put_result(js, res, NULL, 0);
    }
    res->streamed = true;
}

int mt_json_stream_end(void *stream, const mt_report *r)
{
    json_stream *js = stream;
    jsonw_end_array(&js->w);

    jsonw_key(&js->w, "errors");
    jsonw_array(&js->w);
    for (size_t i = 0; i < r->errors.len; i++) {
        const mt_report_error *e = r->errors.items[i];
        jsonw_object(&js->w);
        kv_str(&js->w, "target", e->target);
        kv_str(&js->w, "message", e->message);
        jsonw_end_object(&js->w);
    }
    jsonw_end_array(&js->w);

    size_t counts[MT_SEV_COUNT], suppressed;
    size_t total = mt_report_count(r, counts, &suppressed);
    jsonw_key(&js->w, "summary");
    jsonw_object(&js->w);
    kv_int(&js->w, "files_scanned", (long long)r->files_scanned);
    kv_int(&js->w, "findings", (long long)total);
    jsonw_key(&js->w, "by_severity");
    jsonw_object(&js->w);
    for (int s = MT_SEV_CRITICAL; s >= MT_SEV_UNKNOWN; s--)
        kv_int(&js->w, mt_severity_name((mt_severity)s), (long long)counts[s]);
    jsonw_end_object(&js->w);
    kv_int(&js->w, "suppressed", (long long)suppressed);
    jsonw_key(&js->w, "suppressed_by");
    jsonw_object(&js->w);
    for (int k = MT_SUPPRESS_INLINE; k <= MT_SUPPRESS_HADOLINT; k++)
        kv_int(&js->w, mt_suppress_kind_name((mt_suppress_kind)k), (long long)js->by_kind[k]);
    jsonw_end_object(&js->w);
    jsonw_key(&js->w, "vulnerabilities");
    jsonw_object(&js->w);
    kv_int(&js->w, "total", (long long)js->vtotal);
    jsonw_key(&js->w, "by_severity");
    jsonw_object(&js->w);
    for (int s = MT_SEV_CRITICAL; s >= MT_SEV_UNKNOWN; s--)
        kv_int(&js->w, mt_severity_name((mt_severity)s), (long long)js->vcounts[s]);
    jsonw_end_object(&js->w);
    kv_int(&js->w, "suppressed", (long long)js->vsuppressed);
    jsonw_key(&js->w, "suppressed_by");
    jsonw_object(&js->w);
    kv_int(&js->w, mt_suppress_kind_name(MT_SUPPRESS_IGNOREFILE), (long long)js->vby_kind[MT_SUPPRESS_IGNOREFILE]);
    kv_int(&js->w, mt_suppress_kind_name(MT_SUPPRESS_VEX), (long long)js->vby_kind[MT_SUPPRESS_VEX]);
    jsonw_end_object(&js->w);
    jsonw_end_object(&js->w);
    jsonw_end_object(&js->w);
    jsonw_end_object(&js->w);
    size_t n = fwrite(js->b.data, 1, js->b.len, js->out);
    int ret = n == js->b.len ? 0 : -1;
    mt_buf_free(&js->b);
    free(js);
    return ret;
}

void mt_prerender_json(mt_result *res)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_reserve(&b, 16384); /* most results fit: no regrowth */
    jsonw w;
    jsonw_init_at(&w, &b, RESULT_DEPTH);
    result_json(&w, res);
    free(res->rendered);
    res->rendered = mt_xrealloc(b.data, b.len + 1); /* give back the unused part */
    res->rendered_len = b.len;
}

/* ---- the report at once ---- */

/* Results not rendered ahead are rendered on all threads a window at a
 * time, so memory stays bounded by the window, not the report. */
#define WINDOW 256

typedef struct render_job {
    const mt_report *r;
    size_t first;
    mt_buf *bufs; /* WINDOW buffers, reused from window to window */
} render_job;

static void render_one(void *ud, size_t k)
{
    render_job *j = ud;
    mt_buf_clear(&j->bufs[k]);
    const mt_result *res = j->r->results.items[j->first + k];
    if (prerendered(res))
        return;
    jsonw w;
    jsonw_init_at(&w, &j->bufs[k], RESULT_DEPTH);
    result_json(&w, res);
}

int mt_write_json(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    json_stream *js = mt_json_stream_begin(out, o);
    /* Threads pay off only with a few dozen results left to render (the
     * ones rendered while the scan ran are only copied). */
    size_t unrendered = 0;
    for (size_t i = 0; i < r->results.len; i++)
        unrendered += !prerendered(r->results.items[i]);
    bool parallel = o->threads != 1 && unrendered >= 64;
    render_job job = {.r = r, .bufs = parallel ? mt_xcalloc(WINDOW, sizeof(mt_buf)) : NULL};
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        size_t k = i % WINDOW;
        if (parallel && k == 0) {
            job.first = i;
            size_t n = r->results.len - i < WINDOW ? r->results.len - i : WINDOW;
            mt_parallel_for(n, o->threads, render_one, &job);
        }
        if (prerendered(res))
            put_result(js, res, res->rendered, res->rendered_len);
        else if (parallel)
            put_result(js, res, job.bufs[k].data, job.bufs[k].len);
        else
            put_result(js, res, NULL, 0);
    }
    if (job.bufs) {
        for (size_t k = 0; k < WINDOW; k++)
            mt_buf_free(&job.bufs[k]);
        free(job.bufs);
    }
    return mt_json_stream_end(js, r);
}
