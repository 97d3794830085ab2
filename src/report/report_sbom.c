/* report_sbom.c — software bills of materials from inventory results:
 * CycloneDX 1.6 JSON and SPDX 2.3 JSON. One document per report: every
 * inventory result (image) is a component/package holding its operating
 * system and OS packages. Output is deterministic: the serial number and
 * namespace derive from the content, and the timestamp comes from
 * SOURCE_DATE_EPOCH when it is set. */
#include "report/report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pkg/pkg.h"
#include "report/jsonw.h"

/* An image's main inventory result; its language results (lang-pkgs)
 * share its image metadata. */
static bool is_inventory(const mt_result *res)
{
    return strcmp(res->class, "os-pkgs") == 0;
}

static bool is_lang_of(const mt_result *lang, const mt_result *img)
{
    return strcmp(lang->class, "lang-pkgs") == 0 && lang->image && lang->image == img->image;
}

/* The OS packages of an image's result, then those of its languages. */
static void image_packages(const mt_report *r, const mt_result *img, mt_vec *out)
{
    for (size_t k = 0; k < img->packages.len; k++)
        mt_vec_push(out, img->packages.items[k]);
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *lr = r->results.items[i];
        if (is_lang_of(lr, img)) {
            for (size_t k = 0; k < lr->packages.len; k++)
                mt_vec_push(out, lr->packages.items[k]);
        }
    }
}


/* RFC 3339 UTC time: SOURCE_DATE_EPOCH, or now. */
static void timestamp(char out[32])
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (end && !*end && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A digest of everything the document lists, for identifiers that stay the
 * same for the same input (with the vulnerabilities for CycloneDX, which
 * lists them). */
static void content_hash(const mt_report *r, bool with_vulns, uint64_t h[2])
{
    h[0] = 0x6d6f617473626f6dull;
    h[1] = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (!is_inventory(res) && strcmp(res->class, "lang-pkgs") != 0)
            continue;
        h[0] = mt_fnv1a64(res->target, strlen(res->target) + 1, h[0]);
        for (size_t k = 0; k < res->packages.len; k++) {
            const mt_pkg *p = res->packages.items[k];
            h[0] = mt_fnv1a64(p->purl, strlen(p->purl) + 1, h[0]);
            h[1] = mt_fnv1a64(p->purl, strlen(p->purl) + 1, h[1] ^ h[0]);
        }
        for (size_t k = 0; with_vulns && k < res->vulns.len; k++) {
            const mt_vuln *v = res->vulns.items[k];
            const char *parts[] = {v->id, v->package_name, v->installed_version, v->fixed_version,
                                   mt_suppress_kind_name(v->suppressed)};
            for (size_t q = 0; q < MT_ARRAY_LEN(parts); q++) {
                const char *x = parts[q] ? parts[q] : "";
                h[1] = mt_fnv1a64(x, strlen(x) + 1, h[1]);
            }
        }
    }
}

/* The image's display name: its first tag, else the target. */
static const char *image_name(const mt_result *res)
{
    if (res->image && res->image->ntags)
        return res->image->tags[0];
    return res->target;
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

static void add_prop(json_t *props, const char *name, const char *value)
{
    if (!value)
        return;
    json_t *p = json_object();
    json_object_set_new(p, "name", json_string(name));
    json_object_set_new(p, "value", jstr(value));
    json_array_append_new(props, p);
}

static const char *layer_id(const mt_result *res, int layer)
{
    return layer >= 0 && (size_t)layer < res->nlayer_ids ? res->layer_ids[layer] : NULL;
}

static int dump(FILE *out, json_t *doc)
{
    /* CVSS scores as written ("9.8", not 9.8000000000000007) */
    int rc = json_dumpf(doc, out,
                        JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
    fputc('\n', out);
    json_decref(doc);
    return rc;
}

/* ---- CycloneDX 1.6 ---- */

static const char *cdx_severity(mt_severity s)
{
    switch (s) {
    case MT_SEV_CRITICAL: return "critical";
    case MT_SEV_HIGH: return "high";
    case MT_SEV_MEDIUM: return "medium";
    case MT_SEV_LOW: return "low";
    case MT_SEV_INFO: return "info";
    default: return "unknown";
    }
}

/* The scoring method of a CVSS vector, from its prefix (version 2 vectors
 * have none: "AV:N/AC:L/Au:N/C:P/I:P/A:P"). */
static const char *cvss_method(const char *vector)
{
    if (mt_startswith(vector, "CVSS:3.1/"))
        return "CVSSv31";
    if (mt_startswith(vector, "CVSS:3.0/"))
        return "CVSSv3";
    if (mt_startswith(vector, "CVSS:4.0/"))
        return "CVSSv4";
    if (mt_startswith(vector, "AV:") || mt_startswith(vector, "(AV:"))
        return "CVSSv2";
    return "other";
}

/* Who publishes an ID, from its prefix. */
static json_t *id_source(mt_arena *a, const char *id)
{
    static const struct {
        const char *prefix, *name, *url; /* url: prefix of the ID's page */
    } known[] = {
        {"CVE-", "NVD", "https://nvd.nist.gov/vuln/detail/"},
        {"GHSA-", "GitHub Advisories", "https://github.com/advisories/"},
        {"GO-", "Go Vulnerability Database", "https://pkg.go.dev/vuln/"},
        {"RUSTSEC-", "RustSec", "https://rustsec.org/advisories/"},
        {"PYSEC-", "PyPI Advisory Database", NULL},
        {"DSA-", "Debian", NULL},
        {"DLA-", "Debian", NULL},
        {"USN-", "Ubuntu", NULL},
        {"ALSA-", "AlmaLinux", NULL},
        {"RLSA-", "Rocky Linux", NULL},
    };
    json_t *src = json_object();
    for (size_t i = 0; i < MT_ARRAY_LEN(known); i++) {
        if (mt_startswith(id, known[i].prefix)) {
            json_object_set_new(src, "name", json_string(known[i].name));
            if (known[i].url)
                json_object_set_new(src, "url", jstr(mt_arena_printf(a, "%s%s", known[i].url, id)));
            return src;
        }
    }
    const char *dash = strchr(id, '-');
    json_object_set_new(src, "name",
                        jstr(dash && dash > id ? mt_arena_strndup(a, id, (size_t)(dash - id)) : id));
    return src;
}

/* CycloneDX impact analysis of a suppressed vulnerability. A VEX
 * statement's reason starts with its status ("fixed" / "resolved" or
 * "not_affected") and may name a justification, OpenVEX's or CycloneDX's
 * own; an ignore-file entry is the user's decision, not an analysis, so it
 * gets only a detail. *unaffected tells whether the version is stated
 * unaffected. */
static json_t *cdx_analysis(mt_arena *a, const mt_vuln *v, bool *unaffected)
{
    static const struct {
        const char *token, *justification;
    } just[] = {
        {"code_not_present", "code_not_present"}, /* also vulnerable_code_not_present */
        {"component_not_present", "code_not_present"},
        {"code_not_reachable", "code_not_reachable"},
        {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
        {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
        {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
        {"requires_configuration", "requires_configuration"},
        {"requires_dependency", "requires_dependency"},
        {"requires_environment", "requires_environment"},
        {"protected_by_compiler", "protected_by_compiler"},
        {"protected_at_runtime", "protected_at_runtime"},
        {"protected_at_perimeter", "protected_at_perimeter"},
        {"protected_by_mitigating_control", "protected_by_mitigating_control"},
    };
    json_t *an = json_object();
    const char *reason = v->suppress_reason;
    *unaffected = false;
    if (v->suppressed == MT_SUPPRESS_VEX) {
        bool resolved = reason && (mt_startswith_ci(reason, "fixed") || mt_startswith_ci(reason, "resolved"));
        json_object_set_new(an, "state", json_string(resolved ? "resolved" : "not_affected"));
        if (!resolved) {
            *unaffected = true;
            char *low = mt_arena_strdup(a, reason ? reason : "");
            for (char *c = low; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            for (size_t i = 0; i < MT_ARRAY_LEN(just); i++) {
                if (strstr(low, just[i].token)) {
                    json_object_set_new(an, "justification", json_string(just[i].justification));
                    break;
                }
            }
        }
        if (reason)
            json_object_set_new(an, "detail", jstr(reason));
    } else {
        json_object_set_new(an, "detail",
                            jstr(mt_arena_printf(a, "suppressed by %s%s%s",
                                                 mt_suppress_kind_name(v->suppressed), reason ? ": " : "",
                                                 reason ? reason : "")));
    }
    return an;
}

/* RFC 3339 date-time as CycloneDX wants it ("2024-01-31T12:00:00Z"); OSV
 * records have such timestamps, anything else is left out. */
static bool is_datetime(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    if (!s || strlen(s) < sizeof(shape))
        return false;
    for (size_t i = 0; i + 1 < sizeof(shape); i++) {
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    }
    return true;
}

/* One vulnerability of one package of image `ref`, the component
 * `component` (its bom-ref; NULL when the package is not listed). */
static json_t *cdx_vuln(mt_arena *a, const char *ref, const char *component, const mt_vuln *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "bom-ref", jstr(mt_arena_printf(a, "%s:%s:%s", ref, v->id,
                                                           component ? component + strlen(ref) + 1
                                                                     : v->package_name)));
    json_object_set_new(o, "id", jstr(v->id));
    if (v->data_source)
        json_object_set_new(o, "source", json_pack("{s:o}", "name", jstr(v->data_source)));
    if (v->naliases) {
        json_t *refs = json_array();
        for (size_t i = 0; i < v->naliases; i++) {
            json_t *rf = json_object();
            json_object_set_new(rf, "id", jstr(v->aliases[i]));
            json_object_set_new(rf, "source", id_source(a, v->aliases[i]));
            json_array_append_new(refs, rf);
        }
        json_object_set_new(o, "references", refs);
    }
    json_t *rating = json_object();
    if (v->cvss_vector && v->cvss_score >= 0 && v->cvss_score <= 10) {
        char num[32];
        snprintf(num, sizeof(num), "%.1f", v->cvss_score);
        json_object_set_new(rating, "score", json_real(strtod(num, NULL)));
    } else if (v->data_source) {
        json_object_set_new(rating, "source", json_pack("{s:o}", "name", jstr(v->data_source)));
    }
    json_object_set_new(rating, "severity", json_string(cdx_severity(v->severity)));
    if (v->cvss_vector) {
        json_object_set_new(rating, "method", json_string(cvss_method(v->cvss_vector)));
        json_object_set_new(rating, "vector", jstr(v->cvss_vector));
    } else {
        json_object_set_new(rating, "method", json_string("other"));
    }
    json_object_set_new(o, "ratings", json_pack("[o]", rating));
    if (v->title)
        json_object_set_new(o, "description", jstr(v->title));
    if (v->description && (!v->title || strcmp(v->description, v->title) != 0))
        json_object_set_new(o, "detail", jstr(v->description));
    if (v->fixed_version)
        json_object_set_new(o, "recommendation",
                            jstr(mt_arena_printf(a, "Upgrade %s to %s", v->package_name, v->fixed_version)));
    if (v->nreferences) {
        json_t *adv = json_array();
        for (size_t i = 0; i < v->nreferences; i++)
            json_array_append_new(adv, json_pack("{s:o}", "url", jstr(v->references[i])));
        json_object_set_new(o, "advisories", adv);
    }
    if (is_datetime(v->published))
        json_object_set_new(o, "published", jstr(v->published));
    if (is_datetime(v->modified))
        json_object_set_new(o, "updated", jstr(v->modified));
    bool unaffected = false;
    if (v->suppressed)
        json_object_set_new(o, "analysis", cdx_analysis(a, v, &unaffected));
    if (component) {
        json_t *ver = json_object();
        json_object_set_new(ver, "version", jstr(v->installed_version));
        json_object_set_new(ver, "status", json_string(unaffected ? "unaffected" : "affected"));
        json_t *af = json_object();
        json_object_set_new(af, "ref", jstr(component));
        json_object_set_new(af, "versions", json_pack("[o]", ver));
        json_object_set_new(o, "affects", json_pack("[o]", af));
    }
    json_t *props = json_array();
    add_prop(props, "moat:vulnerability:status",
             v->status ? v->status : v->fixed_version ? "fixed" : "affected");
    add_prop(props, "moat:vulnerability:fixed_version", v->fixed_version);
    add_prop(props, "moat:vulnerability:matched_name", v->matched_name);
    add_prop(props, "moat:vulnerability:severity_source", v->severity_source);
    add_prop(props, "moat:vulnerability:record_id", v->record_id);
    if (v->suppressed)
        add_prop(props, "moat:vulnerability:suppressed", mt_suppress_kind_name(v->suppressed));
    if (json_array_size(props))
        json_object_set_new(o, "properties", props);
    else
        json_decref(props);
    return o;
}

int mt_write_cyclonedx(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    mt_arena scratch; /* strings built here are copied by jansson */
    mt_arena_init(&scratch);
    uint64_t h[2];
    content_hash(r, true, h);
    char serial[64], ts[32];
    snprintf(serial, sizeof(serial), "urn:uuid:%08x-%04x-5%03x-%04x-%012llx", (unsigned)(h[0] >> 32),
             (unsigned)(h[0] >> 16) & 0xffff, (unsigned)h[0] & 0xfff,
             (unsigned)(0x8000 | ((h[1] >> 48) & 0x3fff)), (unsigned long long)(h[1] & 0xffffffffffffull));
    timestamp(ts);

    json_t *doc = json_object();
    json_object_set_new(doc, "$schema", json_string("http://cyclonedx.org/schema/bom-1.6.schema.json"));
    json_object_set_new(doc, "bomFormat", json_string("CycloneDX"));
    json_object_set_new(doc, "specVersion", json_string("1.6"));
    json_object_set_new(doc, "serialNumber", json_string(serial));
    json_object_set_new(doc, "version", json_integer(1));
    json_t *meta = json_object();
    json_object_set_new(meta, "timestamp", json_string(ts));
    json_t *tool = json_object();
    json_object_set_new(tool, "type", json_string("application"));
    json_object_set_new(tool, "name", json_string("moat"));
    json_object_set_new(tool, "version", json_string(o->version ? o->version : ""));
    json_t *tools = json_object();
    json_object_set_new(tools, "components", json_pack("[o]", tool));
    json_object_set_new(meta, "tools", tools);
    json_object_set_new(doc, "metadata", meta);

    json_t *components = json_array(), *deps = json_array(), *vulns = json_array();
    size_t nimages = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (!is_inventory(res))
            continue;
        char ref[64];
        snprintf(ref, sizeof(ref), "image-%zu", nimages++);
        json_t *img = json_object();
        json_object_set_new(img, "type", json_string("container"));
        json_object_set_new(img, "bom-ref", json_string(ref));
        json_object_set_new(img, "name", json_string(image_name(res)));
        if (res->image && res->image->config_digest)
            json_object_set_new(img, "version", json_string(res->image->config_digest));
        json_t *iprops = json_array();
        add_prop(iprops, "moat:target", res->target);
        if (res->image) {
            add_prop(iprops, "moat:image:kind", res->image->kind);
            add_prop(iprops, "moat:image:manifest_digest", res->image->manifest_digest);
            add_prop(iprops, "moat:image:config_digest", res->image->config_digest);
            for (size_t t = 0; t < res->image->ntags; t++)
                add_prop(iprops, "moat:image:tag", res->image->tags[t]);
            add_prop(iprops, "moat:image:os", res->image->os);
            add_prop(iprops, "moat:image:arch", res->image->arch);
        }
        for (size_t l = 0; l < res->nlayer_ids; l++)
            add_prop(iprops, "moat:image:layer_diff_id", res->layer_ids[l]);
        json_object_set_new(img, "properties", iprops);
        json_t *img_children = json_array();

        char osref[80];
        snprintf(osref, sizeof(osref), "%s-os", ref);
        json_t *os_children = json_array();
        if (res->os) {
            json_t *os = json_object();
            json_object_set_new(os, "type", json_string("operating-system"));
            json_object_set_new(os, "bom-ref", json_string(osref));
            json_object_set_new(os, "name", json_string(res->os->id));
            if (res->os->version_id)
                json_object_set_new(os, "version", json_string(res->os->version_id));
            if (res->os->pretty_name)
                json_object_set_new(os, "description", json_string(res->os->pretty_name));
            json_array_append_new(components, os);
            json_array_append_new(img_children, json_string(osref));
        }
        mt_vec all = {0};
        image_packages(r, res, &all);
        /* bom-refs: the purl, prefixed by the image so several images can
         * share a document; OS purls are unique per image (arch is a
         * qualifier), a language package vendored twice (same purl, two
         * lock files) gets "#2", "#3", ... on its later copies. pkg_ref
         * maps each package (by address) to its ref, for the
         * vulnerabilities' "affects". */
        char **refs = mt_xcalloc(all.len + 1, sizeof(char *));
        mt_strmap purl_seen = {0}, pkg_ref = {0};
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            bool found = false;
            uintptr_t copies = (uintptr_t)mt_strmap_get(&purl_seen, p->purl, &found) + 1;
            mt_strmap_put(&purl_seen, p->purl, (void *)copies);
            refs[k] = copies == 1 ? mt_arena_printf(&scratch, "%s:%s", ref, p->purl)
                                  : mt_arena_printf(&scratch, "%s:%s#%zu", ref, p->purl, (size_t)copies);
            char key[32];
            snprintf(key, sizeof(key), "%p", (const void *)p);
            mt_strmap_put(&pkg_ref, key, refs[k]);
        }
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            const char *pref = refs[k];
            json_t *c = json_object();
            json_object_set_new(c, "type", json_string("library"));
            json_object_set_new(c, "bom-ref", jstr(pref));
            json_object_set_new(c, "name", jstr(p->name));
            json_object_set_new(c, "version", jstr(p->version));
            if (p->license) {
                json_t *lic = json_object();
                json_object_set_new(lic, "name", jstr(p->license));
                json_object_set_new(c, "licenses", json_pack("[{s:o}]", "license", lic));
            }
            json_object_set_new(c, "purl", jstr(p->purl));
            json_t *props = json_array();
            add_prop(props, "moat:package:type", p->type);
            add_prop(props, "moat:package:source_name", p->source_name ? p->source_name : p->name);
            add_prop(props, "moat:package:source_version", p->source_version ? p->source_version : p->version);
            add_prop(props, "moat:package:arch", p->arch);
            add_prop(props, "moat:package:db_path", p->db_path);
            char li[16];
            snprintf(li, sizeof(li), "%d", p->layer);
            add_prop(props, "moat:layer:index", li);
            add_prop(props, "moat:layer:diff_id", layer_id(res, p->layer));
            json_object_set_new(c, "properties", props);
            json_array_append_new(components, c);
            json_array_append_new(res->os && pkg_is_os(p) ? os_children : img_children, json_string(pref));
        }
        /* package-to-package relations the databases record (dpkg
         * Depends), to the package of that name in the same image */
        mt_strmap by_name = {0};
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            bool found = false;
            mt_strmap_get(&by_name, p->name, &found);
            if (pkg_is_os(p) && !found)
                mt_strmap_put(&by_name, p->name, refs[k]);
        }
        json_t *pkg_deps = json_array();
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            if (!p->ndepends || !pkg_is_os(p))
                continue;
            json_t *on = json_array();
            for (size_t d = 0; d < p->ndepends; d++) {
                bool found = false;
                const char *to = mt_strmap_get(&by_name, p->depends[d], &found);
                bool dup = false;
                for (size_t e = 0; found && e < json_array_size(on) && !dup; e++)
                    dup = strcmp(json_string_value(json_array_get(on, e)), to) == 0;
                if (found && !dup)
                    json_array_append_new(on, jstr(to));
            }
            if (json_array_size(on) == 0) {
                json_decref(on);
                continue;
            }
            json_t *d = json_object();
            json_object_set_new(d, "ref", jstr(refs[k]));
            json_object_set_new(d, "dependsOn", on);
            json_array_append_new(pkg_deps, d);
        }
        mt_strmap_free(&by_name);
        json_array_append_new(components, img);
        json_t *d = json_object();
        json_object_set_new(d, "ref", json_string(ref));
        json_object_set_new(d, "dependsOn", img_children);
        json_array_append_new(deps, d);
        if (res->os) {
            json_t *od = json_object();
            json_object_set_new(od, "ref", json_string(osref));
            json_object_set_new(od, "dependsOn", os_children);
            json_array_append_new(deps, od);
        } else {
            json_decref(os_children);
        }
        json_array_extend(deps, pkg_deps);
        json_decref(pkg_deps);
        /* the vulnerabilities of its packages, OS first, as listed */
        for (size_t l = 0; l <= r->results.len; l++) {
            const mt_result *vr = l == 0 ? res : r->results.items[l - 1];
            if (l > 0 && !is_lang_of(vr, res))
                continue;
            for (size_t k = 0; k < vr->vulns.len; k++) {
                const mt_vuln *v = vr->vulns.items[k];
                char key[32];
                snprintf(key, sizeof(key), "%p", (const void *)v->pkg);
                bool found = false;
                const char *cref = v->pkg ? mt_strmap_get(&pkg_ref, key, &found) : NULL;
                json_array_append_new(vulns, cdx_vuln(&scratch, ref, found ? cref : NULL, v));
            }
        }
        mt_strmap_free(&purl_seen);
        mt_strmap_free(&pkg_ref);
        free(refs);
        mt_vec_free(&all);
    }
    json_object_set_new(doc, "components", components);
    json_object_set_new(doc, "dependencies", deps);
    if (json_array_size(vulns))
        json_object_set_new(doc, "vulnerabilities", vulns);
    else
        json_decref(vulns);
    int rc = dump(out, doc);
    mt_arena_free(&scratch);
    return rc;
}

/* ---- SPDX 2.3 ---- */

/* SPDX identifiers allow letters, digits, '.' and '-'. */
static char *spdx_id(mt_arena *a, const char *prefix, const char *name, size_t n)
{
    char *id = mt_arena_printf(a, "SPDXRef-%s-%s-%zu", prefix, name, n);
    for (char *c = id + 8; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '.' || *c == '-'))
            *c = '-';
    }
    return id;
}

static void relate(json_t *rels, const char *a, const char *type, const char *b)
{
    json_t *rl = json_object();
    json_object_set_new(rl, "spdxElementId", json_string(a));
    json_object_set_new(rl, "relationshipType", json_string(type));
    json_object_set_new(rl, "relatedSpdxElement", json_string(b));
    json_array_append_new(rels, rl);
}

static json_t *spdx_package(const char *id, const char *name, const char *version, const char *purpose)
{
    json_t *p = json_object();
    json_object_set_new(p, "SPDXID", json_string(id));
    json_object_set_new(p, "name", json_string(name));
    if (version)
        json_object_set_new(p, "versionInfo", json_string(version));
    json_object_set_new(p, "downloadLocation", json_string("NOASSERTION"));
    json_object_set_new(p, "filesAnalyzed", json_false());
    json_object_set_new(p, "primaryPackagePurpose", json_string(purpose));
    return p;
}

int mt_write_spdx(FILE *out, const mt_report *r, const mt_report_opts *o)
{
    mt_arena scratch; /* strings built here are copied by jansson */
    mt_arena_init(&scratch);
    mt_arena *a = &scratch;
    uint64_t h[2];
    content_hash(r, false, h);
    char ts[32];
    timestamp(ts);
    const char *docname = "moat-sbom";
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (is_inventory(res)) {
            docname = image_name(res);
            break;
        }
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "spdxVersion", json_string("SPDX-2.3"));
    json_object_set_new(doc, "dataLicense", json_string("CC0-1.0"));
    json_object_set_new(doc, "SPDXID", json_string("SPDXRef-DOCUMENT"));
    json_object_set_new(doc, "name", json_string(docname));
    json_object_set_new(doc, "documentNamespace",
                        json_string(mt_arena_printf(a, "https://moat.invalid/spdx/%016llx%016llx",
                                                    (unsigned long long)h[0], (unsigned long long)h[1])));
    json_t *ci = json_object();
    json_object_set_new(ci, "created", json_string(ts));
    json_object_set_new(ci, "creators", json_pack("[s]", mt_arena_printf(a, "Tool: moat-%s", o->version ? o->version : "")));
    json_object_set_new(doc, "creationInfo", ci);

    json_t *pkgs = json_array(), *rels = json_array();
    size_t n = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        if (!is_inventory(res))
            continue;
        const char *img_id = spdx_id(a, "Image", image_name(res), n++);
        json_t *img = spdx_package(img_id, image_name(res),
                                   res->image ? res->image->config_digest : NULL, "CONTAINER");
        if (res->image && res->image->config_digest &&
            strncmp(res->image->config_digest, "sha256:", 7) == 0) {
            json_t *cs = json_object();
            json_object_set_new(cs, "algorithm", json_string("SHA256"));
            json_object_set_new(cs, "checksumValue", json_string(res->image->config_digest + 7));
            json_object_set_new(img, "checksums", json_pack("[o]", cs));
        }
        json_object_set_new(img, "comment", json_string(mt_arena_printf(a, "moat target: %s", res->target)));
        json_array_append_new(pkgs, img);
        relate(rels, "SPDXRef-DOCUMENT", "DESCRIBES", img_id);
        const char *os_id = NULL;
        if (res->os) {
            os_id = spdx_id(a, "OS", res->os->id, n++);
            json_array_append_new(pkgs, spdx_package(os_id, res->os->id, res->os->version_id, "OPERATING_SYSTEM"));
            relate(rels, img_id, "CONTAINS", os_id);
        }
        mt_vec all = {0};
        image_packages(r, res, &all);
        const char **pids = mt_xcalloc(all.len + 1, sizeof(char *));
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            const char *pid = spdx_id(a, "Package", p->name, n++);
            json_t *pk = spdx_package(pid, p->name, p->version, "LIBRARY");
            if (p->license)
                json_object_set_new(pk, "licenseComments",
                                    json_string(mt_arena_printf(a, "as declared by the package database: %s", p->license)));
            json_object_set_new(pk, "licenseDeclared", json_string("NOASSERTION"));
            json_object_set_new(pk, "licenseConcluded", json_string("NOASSERTION"));
            json_object_set_new(pk, "copyrightText", json_string("NOASSERTION"));
            json_object_set_new(pk, "sourceInfo",
                                json_string(mt_arena_printf(a, "built package from: %s %s",
                                                            p->source_name ? p->source_name : p->name,
                                                            p->source_version ? p->source_version : p->version)));
            const char *lid = layer_id(res, p->layer);
            json_object_set_new(pk, "comment",
                                json_string(mt_arena_printf(a, "layer %d%s%s", p->layer, lid ? " " : "",
                                                            lid ? lid : "")));
            json_t *ref = json_object();
            json_object_set_new(ref, "referenceCategory", json_string("PACKAGE-MANAGER"));
            json_object_set_new(ref, "referenceType", json_string("purl"));
            json_object_set_new(ref, "referenceLocator", json_string(p->purl));
            json_object_set_new(pk, "externalRefs", json_pack("[o]", ref));
            json_array_append_new(pkgs, pk);
            relate(rels, os_id && pkg_is_os(p) ? os_id : img_id, "CONTAINS", pid);
            pids[k] = pid;
        }
        /* DEPENDS_ON between OS packages, as their databases record it */
        mt_strmap by_name = {0};
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            bool found = false;
            mt_strmap_get(&by_name, p->name, &found);
            if (pkg_is_os(p) && !found)
                mt_strmap_put(&by_name, p->name, (void *)pids[k]);
        }
        for (size_t k = 0; k < all.len; k++) {
            const mt_pkg *p = all.items[k];
            for (size_t d = 0; pkg_is_os(p) && d < p->ndepends; d++) {
                bool found = false;
                const char *to = mt_strmap_get(&by_name, p->depends[d], &found);
                if (found && strcmp(to, pids[k]) != 0)
                    relate(rels, pids[k], "DEPENDS_ON", to);
            }
        }
        mt_strmap_free(&by_name);
        free(pids);
        mt_vec_free(&all);
    }
    json_object_set_new(doc, "packages", pkgs);
    json_object_set_new(doc, "relationships", rels);
    int rc = dump(out, doc);
    mt_arena_free(&scratch);
    return rc;
}
