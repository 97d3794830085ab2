/* report_sarif.c — SARIF 2.1.0, shaped for GitHub code scanning: one rule
 * entry per rule used (help text, security-severity), a region for every
 * result, partialFingerprints, suppressions for suppressed findings. */
#include "report/report.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/pkg.h"
#include "report/jsonw.h"

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

/* A JSON string of untrusted text: invalid UTF-8 (jansson refuses it)
 * becomes U+FFFD, as in the JSON report; NULL becomes "". */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s ? s : "");
    if (j)
        return j;
    mt_buf b;
    mt_buf_init(&b);
    jsonw_escape(&b, s);
    j = json_loads(b.data, JSON_DECODE_ANY, NULL);
    mt_buf_free(&b);
    return j ? j : json_string("");
}

static json_t *text(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", jstr(s));
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

/* ---- vulnerabilities: one rule per vulnerability ID ---- */

/* GitHub reads security-severity as: 9.0 and over critical, 7.0-8.9 high,
 * 4.0-6.9 medium, under 4.0 low. */
static mt_severity score_band(double score)
{
    return score >= 9.0 ? MT_SEV_CRITICAL : score >= 7.0 ? MT_SEV_HIGH
           : score >= 4.0 ? MT_SEV_MEDIUM : MT_SEV_LOW;
}

/* A vulnerability's security-severity: its CVSS score when it has one that
 * agrees with its severity (the severity may come from the distribution
 * rather than the CVSS vector), else the number of its severity; NULL for
 * UNKNOWN and INFO, which GitHub then shows by level. */
static const char *vuln_security_severity(const mt_vuln *v, char buf[16])
{
    if (v->cvss_score > 0 && v->cvss_score <= 10 && v->severity >= MT_SEV_LOW &&
        v->severity <= MT_SEV_CRITICAL && score_band(v->cvss_score) == v->severity) {
        snprintf(buf, 16, "%.1f", v->cvss_score);
        return buf;
    }
    return security_severity(v->severity);
}

/* The vulnerabilities of one ID, over every result. */
typedef struct vuln_rule {
    const mt_vuln *first;  /* title, description, references */
    const char *kind;      /* rule name: OS or language package */
    mt_severity severity;  /* the highest */
    const mt_vuln *scored; /* the one with the highest security-severity */
    mt_vec uses;           /* mt_vuln* */
} vuln_rule;

static bool is_url(const char *s)
{
    return s && (mt_startswith(s, "https://") || mt_startswith(s, "http://"));
}

/* Markdown table cell: '|' and newlines would end the cell. */
static void md_cell(mt_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            mt_buf_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            mt_buf_putc(b, ' ');
        else
            mt_buf_putc(b, *s);
    }
}

#define HELP_MAX_PACKAGES 20 /* rows of the affected-package list */
#define HELP_MAX_REFS 10

static json_t *vuln_rule_json(const vuln_rule *vr)
{
    const mt_vuln *v = vr->first;
    const char *title = v->title ? v->title : v->id;
    json_t *o = json_object();
    json_object_set_new(o, "id", jstr(v->id));
    json_object_set_new(o, "name", jstr(vr->kind));
    json_object_set_new(o, "shortDescription", text(title));
    json_object_set_new(o, "fullDescription", text(v->description ? v->description : title));
    for (size_t i = 0; i < v->nreferences; i++) {
        if (is_url(v->references[i])) {
            json_object_set_new(o, "helpUri", jstr(v->references[i]));
            break;
        }
    }
    mt_buf h, md;
    mt_buf_init(&h);
    mt_buf_init(&md);
    mt_buf_printf(&h, "%s: %s\nSeverity: %s", v->id, title, mt_severity_name(vr->severity));
    mt_buf_printf(&md, "**%s**: ", v->id);
    md_cell(&md, title);
    mt_buf_printf(&md, "\n\n**Severity:** %s", mt_severity_name(vr->severity));
    if (vr->scored->cvss_vector) {
        mt_buf_printf(&h, " (CVSS %.1f %s)", vr->scored->cvss_score, vr->scored->cvss_vector);
        mt_buf_printf(&md, " (CVSS %.1f `%s`)", vr->scored->cvss_score, vr->scored->cvss_vector);
    }
    if (v->naliases) {
        mt_buf_puts(&h, "\nAliases:");
        mt_buf_puts(&md, "\n\n**Aliases:**");
        for (size_t i = 0; i < v->naliases; i++) {
            mt_buf_printf(&h, " %s", v->aliases[i]);
            mt_buf_printf(&md, " `%s`", v->aliases[i]);
        }
    }
    mt_buf_puts(&h, "\n\nAffected packages:");
    mt_buf_puts(&md, "\n\n| Package | Installed version | Fixed version |\n| --- | --- | --- |");
    for (size_t k = 0; k < vr->uses.len && k < HELP_MAX_PACKAGES; k++) {
        const mt_vuln *u = vr->uses.items[k];
        mt_buf_printf(&h, "\n  %s %s: %s%s", u->package_name, u->installed_version,
                      u->fixed_version ? "fixed in " : "no fix yet",
                      u->fixed_version ? u->fixed_version : "");
        mt_buf_puts(&md, "\n| ");
        md_cell(&md, u->package_name);
        mt_buf_puts(&md, " | ");
        md_cell(&md, u->installed_version);
        mt_buf_puts(&md, " | ");
        md_cell(&md, u->fixed_version ? u->fixed_version : "no fix yet");
        mt_buf_puts(&md, " |");
    }
    if (vr->uses.len > HELP_MAX_PACKAGES) {
        mt_buf_printf(&h, "\n  and %zu more", vr->uses.len - HELP_MAX_PACKAGES);
        mt_buf_printf(&md, "\n\nand %zu more", vr->uses.len - HELP_MAX_PACKAGES);
    }
    if (v->nreferences) {
        mt_buf_puts(&h, "\n\nReferences:");
        mt_buf_puts(&md, "\n\n**References:**\n");
        for (size_t i = 0; i < v->nreferences && i < HELP_MAX_REFS; i++) {
            mt_buf_printf(&h, "\n  %s", v->references[i]);
            mt_buf_printf(&md, "\n- <%s>", v->references[i]);
        }
    }
    json_t *help = json_object();
    json_object_set_new(help, "text", jstr(h.data));
    json_object_set_new(help, "markdown", jstr(md.data));
    json_object_set_new(o, "help", help);
    mt_buf_free(&h);
    mt_buf_free(&md);
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", jstr(sarif_level(vr->severity)));
    json_object_set_new(o, "defaultConfiguration", cfg);
    json_t *props = json_object();
    char buf[16];
    const char *ss = vuln_security_severity(vr->scored, buf);
    if (ss)
        json_object_set_new(props, "security-severity", jstr(ss));
    json_t *tags = json_array();
    json_array_append_new(tags, jstr("vulnerability"));
    json_array_append_new(tags, jstr("security"));
    json_array_append_new(tags, jstr(mt_severity_name(vr->severity)));
    json_object_set_new(props, "tags", tags);
    json_object_set_new(props, "precision", jstr("very-high"));
    json_object_set_new(o, "properties", props);
    return o;
}

/* Stable across runs: vulnerability, package, installed version, target. */
static void vuln_fingerprint(const mt_vuln *v, const char *target, char out[24])
{
    const char *parts[] = {v->id, v->package_name, v->installed_version, target};
    uint64_t h = 0x6d6f61742d76756cull;
    for (size_t i = 0; i < MT_ARRAY_LEN(parts); i++) {
        const char *p = parts[i] ? parts[i] : "";
        h = mt_fnv1a64(p, strlen(p) + 1, h);
    }
    snprintf(out, 24, "%016llx:1", (unsigned long long)h);
}

static json_t *vuln_result_json(const mt_result *res, const mt_vuln *v, size_t rule_index)
{
    json_t *jr = json_object();
    json_object_set_new(jr, "ruleId", jstr(v->id));
    json_object_set_new(jr, "ruleIndex", json_integer((json_int_t)rule_index));
    json_object_set_new(jr, "level", jstr(sarif_level(v->severity)));
    mt_buf m;
    mt_buf_init(&m);
    mt_buf_printf(&m, "Package %s %s is affected by %s (%s); ", v->package_name, v->installed_version,
                  v->id, mt_severity_name(v->severity));
    if (v->fixed_version)
        mt_buf_printf(&m, "fixed version: %s", v->fixed_version);
    else
        mt_buf_puts(&m, "no fixed version yet");
    if (v->title)
        mt_buf_printf(&m, "\n%s", v->title);
    json_object_set_new(jr, "message", text(m.data));
    mt_buf_free(&m);

    /* the package database, relative to the image root */
    const char *db = v->pkg && v->pkg->db_path ? v->pkg->db_path : NULL;
    char *uri;
    if (db) {
        while (*db == '/')
            db++;
        uri = path_uri(*db ? db : res->target);
    } else {
        uri = path_uri(res->target);
    }
    json_t *art = json_object();
    json_object_set_new(art, "uri", jstr(uri));
    free(uri);
    json_t *region = json_object();
    json_object_set_new(region, "startLine", json_integer(1));
    json_object_set_new(region, "endLine", json_integer(1));
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", art);
    json_object_set_new(phys, "region", region);
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", phys);
    json_object_set_new(loc, "message", text(res->target));
    json_object_set_new(jr, "locations", json_pack("[o]", loc));
    char fp[24];
    vuln_fingerprint(v, res->target, fp);
    json_t *pf = json_object();
    json_object_set_new(pf, "primaryLocationLineHash", jstr(fp));
    json_object_set_new(jr, "partialFingerprints", pf);
    if (v->suppressed) {
        json_t *sup = json_object();
        json_object_set_new(sup, "kind", jstr("external"));
        if (v->suppress_reason)
            json_object_set_new(sup, "justification", jstr(v->suppress_reason));
        json_object_set_new(jr, "suppressions", json_pack("[o]", sup));
    }
    json_t *props = json_object();
    json_object_set_new(props, "severity", jstr(mt_severity_name(v->severity)));
    json_object_set_new(props, "target", jstr(res->target));
    json_object_set_new(props, "package_name", jstr(v->package_name));
    json_object_set_new(props, "installed_version", jstr(v->installed_version));
    json_object_set_new(props, "fixed_version", v->fixed_version ? jstr(v->fixed_version) : json_null());
    json_object_set_new(props, "status",
                        jstr(v->status ? v->status : v->fixed_version ? "fixed" : "affected"));
    if (v->pkg && v->pkg->purl)
        json_object_set_new(props, "purl", jstr(v->pkg->purl));
    if (v->pkg) {
        json_object_set_new(props, "layer", json_integer(v->pkg->layer));
        if (v->pkg->layer >= 0 && (size_t)v->pkg->layer < res->nlayer_ids && res->layer_ids[v->pkg->layer])
            json_object_set_new(props, "layer_diff_id", jstr(res->layer_ids[v->pkg->layer]));
    }
    if (v->data_source)
        json_object_set_new(props, "data_source", jstr(v->data_source));
    json_object_set_new(jr, "properties", props);
    return jr;
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

    /* Vulnerability IDs used, in first-seen order, after the rules. */
    mt_strmap vindex = {0}; /* ID -> index into vrules + 1 */
    vuln_rule *vrules = NULL;
    size_t nvrules = 0, capvrules = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        for (size_t j = 0; j < res->vulns.len; j++) {
            const mt_vuln *v = res->vulns.items[j];
            bool found = false;
            uintptr_t k = (uintptr_t)mt_strmap_get(&vindex, v->id, &found);
            if (!found) {
                if (nvrules == capvrules) {
                    capvrules = capvrules ? 2 * capvrules : 16;
                    vrules = mt_xrealloc(vrules, capvrules * sizeof(*vrules));
                }
                vrules[nvrules] = (vuln_rule){
                    .first = v,
                    .kind = strcmp(res->class, "os-pkgs") == 0 ? "OsPackageVulnerability"
                                                               : "LanguagePackageVulnerability",
                    .severity = v->severity,
                    .scored = v,
                };
                k = ++nvrules;
                mt_strmap_put(&vindex, v->id, (void *)k);
            }
            vuln_rule *vr = &vrules[k - 1];
            mt_vec_push(&vr->uses, (void *)v);
            if (v->severity > vr->severity)
                vr->severity = v->severity;
            char a[16], b[16];
            const char *sa = vuln_security_severity(v, a), *sb = vuln_security_severity(vr->scored, b);
            if (sa && (!sb || strtod(sa, NULL) > strtod(sb, NULL)))
                vr->scored = v;
        }
    }
    for (size_t k = 0; k < nvrules; k++)
        json_array_append_new(rules, vuln_rule_json(&vrules[k]));

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
            if (f->origin)
                json_object_set_new(props, "origin", json_string(f->origin));
            json_object_set_new(jr, "properties", props);
            json_array_append_new(results, jr);
        }
        free(uri);
        for (size_t j = 0; j < res->vulns.len; j++) {
            const mt_vuln *v = res->vulns.items[j];
            bool found = false;
            uintptr_t k = (uintptr_t)mt_strmap_get(&vindex, v->id, &found);
            json_array_append_new(results, vuln_result_json(res, v, used.len + k - 1));
        }
    }
    for (size_t k = 0; k < nvrules; k++)
        mt_vec_free(&vrules[k].uses);
    free(vrules);
    mt_strmap_free(&vindex);

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
