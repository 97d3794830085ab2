/* match.c — packages against advisories (match.h). */
#include "vuln/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vuln/cvss.h"
#include "vuln/version.h"

/* ---- which advisories a package is looked up in ---- */

static const struct {
    const char *codename, *version;
} debian_codenames[] = {
    {"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},
};

/* The leading "N" or "N.M" of a version_id. */
static char *leading(mt_arena *a, const char *v, int parts)
{
    size_t i = 0;
    int seen = 0;
    while (v[i]) {
        if (v[i] == '.') {
            if (++seen == parts)
                break;
        } else if (v[i] < '0' || v[i] > '9') {
            break;
        }
        i++;
    }
    return mt_arena_strndup(a, v, i);
}

static const char *os_eco(mt_arena *a, const mt_os *os, const char *type)
{
    if (!os || !os->id)
        return NULL;
    const char *vid = os->version_id;
    if (!strcmp(type, "deb")) {
        if (!strcmp(os->id, "debian")) {
            if (vid && *vid)
                return mt_arena_printf(a, "debian:%s", leading(a, vid, 1));
            for (size_t i = 0; os->codename && i < MT_ARRAY_LEN(debian_codenames); i++)
                if (!strcmp(os->codename, debian_codenames[i].codename))
                    return mt_arena_printf(a, "debian:%s", debian_codenames[i].version);
            return NULL;
        }
        if (!strcmp(os->id, "ubuntu") && vid && *vid)
            return mt_arena_printf(a, "ubuntu:%s", vid);
        return NULL;
    }
    if (!strcmp(type, "apk")) {
        if (strcmp(os->id, "alpine") != 0 || !vid || !*vid)
            return NULL;
        return mt_arena_printf(a, "alpine:v%s", leading(a, vid, 2));
    }
    if (!strcmp(type, "rpm") && vid && *vid) {
        static const struct {
            const char *id, *eco;
        } rpm_os[] = {{"almalinux", "almalinux"}, {"rocky", "rocky linux"}, {"mageia", "mageia"}};
        for (size_t i = 0; i < MT_ARRAY_LEN(rpm_os); i++)
            if (!strcmp(os->id, rpm_os[i].id))
                return mt_arena_printf(a, "%s:%s", rpm_os[i].eco, leading(a, vid, 1));
    }
    return NULL;
}

static const struct {
    const char *type, *eco;
} lang_eco[] = {
    {"golang", "go"},      {"npm", "npm"},         {"pypi", "pypi"},     {"maven", "maven"},
    {"gem", "rubygems"},   {"composer", "packagist"}, {"nuget", "nuget"}, {"cargo", "crates.io"},
    {"pub", "pub"},        {"hex", "hex"},         {"swift", "swifturl"},
};

/* OSV writes the standard library's versions as SemVer without the 'v':
 * the toolchain's go1.21rc2 (v1.21rc2 in the inventory) is 1.21.0-rc.2. */
static const char *go_stdlib_version(mt_arena *a, const char *v)
{
    char buf[128];
    if (!mt_go_version_normalize(v, buf, sizeof(buf)))
        return v;
    return mt_arena_strdup(a, buf);
}

bool vm_package_key(mt_arena *a, const mt_os *os, const mt_pkg *p, const char **eco,
                    const char **name, const char **version)
{
    if (!p->type || !p->name || !p->version || !*p->version)
        return false;
    if (pkg_is_os(p)) {
        const char *e = os_eco(a, os, p->type);
        if (!e)
            return false;
        *eco = e;
        /* Distributions publish advisories per source package, at the
         * source version (a binNMU "+b1" is the same source). */
        const char *src = p->source_name && *p->source_name ? p->source_name : p->name;
        *name = vdb_name_key(a, e, src);
        *version = !strcmp(p->type, "deb") && p->source_version && *p->source_version
                       ? p->source_version
                       : p->version;
        return true;
    }
    for (size_t i = 0; i < MT_ARRAY_LEN(lang_eco); i++) {
        if (strcmp(p->type, lang_eco[i].type) != 0)
            continue;
        if (!strcmp(p->version, "(devel)"))
            return false;
        *eco = lang_eco[i].eco;
        *name = vdb_name_key(a, *eco, p->name);
        *version = !strcmp(p->type, "golang") && !strcmp(p->name, "stdlib")
                       ? go_stdlib_version(a, p->version)
                       : p->version;
        return true;
    }
    return false;
}

/* ---- OSV range evaluation ---- */

typedef struct {
    const char *vtype;
    bool semver;
} cmpctx;

static int vcmp(const cmpctx *c, const char *x, const char *y)
{
    return c->semver ? mt_vercmp_semver(x, y) : mt_vercmp(c->vtype, x, y);
}

/* introduced "0" sorts before everything. */
static int event_cmp(const cmpctx *c, const vr_event *x, const vr_event *y)
{
    bool x0 = x->kind == VR_EV_INTRODUCED && !strcmp(x->version, "0");
    bool y0 = y->kind == VR_EV_INTRODUCED && !strcmp(y->version, "0");
    if (x0 || y0)
        return y0 - x0;
    return vcmp(c, x->version, y->version);
}

#define MAX_EVENTS 512

bool vm_affected(const char *vtype, const vr_affected *af, const char *ver, const char **fixed)
{
    *fixed = NULL;
    bool hit = false;
    /* A version list entry names the same version: the same string, or
     * (PyPI, Maven, ... spell one version several ways) equal by the
     * ecosystem's order when the installed version is valid there. */
    for (size_t i = 0; i < af->nversions && !hit; i++)
        hit = !strcmp(af->versions[i], ver) ||
              (mt_verok(vtype, ver) && mt_vercmp(vtype, af->versions[i], ver) == 0);
    const char *best_fix = NULL;
    for (size_t r = 0; r < af->nranges; r++) {
        const vr_range *rg = &af->ranges[r];
        if (rg->type == VR_RANGE_GIT || rg->nevents == 0 || rg->nevents > MAX_EVENTS)
            continue;
        cmpctx c = {vtype, rg->type == VR_RANGE_SEMVER};
        const vr_event *ev[MAX_EVENTS];
        size_t n = 0;
        for (size_t k = 0; k < rg->nevents; k++)
            if (rg->events[k].version)
                ev[n++] = &rg->events[k];
        /* insertion sort: ranges have a handful of events */
        for (size_t k = 1; k < n; k++) {
            const vr_event *e = ev[k];
            size_t j = k;
            while (j > 0 && event_cmp(&c, ev[j - 1], e) > 0) {
                ev[j] = ev[j - 1];
                j--;
            }
            ev[j] = e;
        }
        bool in = false, limited = false, has_limit = false;
        for (size_t k = 0; k < n; k++) {
            const vr_event *e = ev[k];
            switch (e->kind) {
            case VR_EV_INTRODUCED:
                if (!strcmp(e->version, "0") || vcmp(&c, ver, e->version) >= 0)
                    in = true;
                break;
            case VR_EV_FIXED:
                if (vcmp(&c, ver, e->version) >= 0)
                    in = false;
                break;
            case VR_EV_LAST_AFFECTED:
                if (vcmp(&c, ver, e->version) > 0)
                    in = false;
                break;
            case VR_EV_LIMIT:
                has_limit = true;
                if (vcmp(&c, ver, e->version) < 0)
                    limited = true;
                break;
            }
        }
        if (has_limit && !limited)
            in = false;
        if (!in)
            continue;
        hit = true;
        for (size_t k = 0; k < n; k++) {
            const vr_event *e = ev[k];
            if (e->kind != VR_EV_FIXED || vcmp(&c, e->version, ver) <= 0)
                continue;
            if (!best_fix || vcmp(&c, e->version, best_fix) < 0)
                best_fix = e->version;
        }
    }
    if (hit)
        *fixed = best_fix;
    return hit;
}

/* ---- severity ---- */

static int text_severity(const char *s, mt_severity *out)
{
    if (!s || !*s)
        return -1;
    static const struct {
        const char *name;
        mt_severity sev;
    } names[] = {
        {"critical", MT_SEV_CRITICAL}, {"high", MT_SEV_HIGH},       {"important", MT_SEV_HIGH},
        {"moderate", MT_SEV_MEDIUM},   {"medium", MT_SEV_MEDIUM},   {"low", MT_SEV_LOW},
        {"negligible", MT_SEV_LOW},    {"unimportant", MT_SEV_LOW}, {"minor", MT_SEV_LOW},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(names); i++)
        if (mt_streq_ci(s, names[i].name)) {
            *out = names[i].sev;
            return 0;
        }
    return -1;
}

mt_severity vm_record_severity(const vr_record *r, const char **vector, double *score,
                               const char **source)
{
    *vector = NULL;
    *score = 0;
    *source = NULL;
    static const char *const order[] = {"CVSS_V3", "CVSS_V4", "CVSS_V2"};
    for (size_t o = 0; o < MT_ARRAY_LEN(order); o++) {
        for (size_t i = 0; i < r->nseverity; i++) {
            const vr_severity *s = &r->severity[i];
            if (!s->type || strcmp(s->type, order[o]) != 0 || !s->score)
                continue;
            cvss_version v;
            double sc;
            if (cvss_base_score(s->score, &v, &sc) != 0)
                continue;
            *vector = s->score;
            *score = sc;
            *source = "cvss";
            return cvss_severity(v, sc);
        }
    }
    mt_severity sev;
    if (text_severity(r->db_severity, &sev) == 0) {
        *source = "database";
        return sev;
    }
    for (size_t i = 0; i < r->nseverity; i++)
        if (r->severity[i].type && strncmp(r->severity[i].type, "CVSS", 4) != 0 &&
            text_severity(r->severity[i].score, &sev) == 0) {
            *source = "database";
            return sev;
        }
    for (size_t i = 0; i < r->naffected; i++)
        if (text_severity(r->affected[i].severity, &sev) == 0) {
            *source = "ecosystem";
            return sev;
        }
    return MT_SEV_UNKNOWN;
}

/* ---- merging aliases ---- */

/* The CVE a distribution record is about: "DEBIAN-CVE-2024-1" -> "CVE-2024-1". */
static const char *embedded_cve(const char *id)
{
    const char *p = strstr(id, "-CVE-");
    return p && p != id ? p + 1 : NULL;
}

typedef struct {
    vr_record *rec;
    const char *fixed;
    const char *emb; /* embedded_cve(rec->id) */
    const char *cve; /* record_cve(rec) */
    int group;
} match_item;

/* The CVE a record is about: its ID, the CVE inside a distribution ID, or
 * its only CVE alias; NULL when none or several. */
static const char *record_cve(const vr_record *r)
{
    if (!strncmp(r->id, "CVE-", 4))
        return r->id;
    const char *e = embedded_cve(r->id);
    if (e)
        return e;
    const char *found = NULL;
    for (size_t i = 0; i < r->naliases; i++) {
        if (strncmp(r->aliases[i], "CVE-", 4) != 0)
            continue;
        if (found && strcmp(found, r->aliases[i]) != 0)
            return NULL;
        found = r->aliases[i];
    }
    return found;
}

/* The CVE of a group of items, NULL when it has none. */
static const char *group_cve(const match_item *items, size_t n, int g)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = items[i].group == g ? items[i].cve : NULL;
        if (c)
            return c;
    }
    return NULL;
}

static bool shares_id(const match_item *mx, const match_item *my)
{
    const vr_record *x = mx->rec, *y = my->rec;
    const char *xi[2] = {x->id, mx->emb};
    const char *yi[2] = {y->id, my->emb};
    for (int i = 0; i < 2; i++) {
        if (!xi[i])
            continue;
        for (int j = 0; j < 2; j++)
            if (yi[j] && !strcmp(xi[i], yi[j]))
                return true;
        for (size_t k = 0; k < y->naliases; k++)
            if (!strcmp(xi[i], y->aliases[k]))
                return true;
    }
    for (size_t k = 0; k < x->naliases; k++) {
        for (int j = 0; j < 2; j++)
            if (yi[j] && !strcmp(x->aliases[k], yi[j]))
                return true;
        for (size_t m = 0; m < y->naliases; m++)
            if (!strcmp(x->aliases[k], y->aliases[m]))
                return true;
    }
    return false;
}

static int id_rank(const char *id)
{
    if (!strncmp(id, "CVE-", 4))
        return 0;
    if (!strncmp(id, "GHSA-", 5))
        return 1;
    return 2;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void add_unique(mt_vec *v, char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (!strcmp(v->items[i], s))
            return;
    mt_vec_push(v, s);
}

static char *first_line(mt_arena *a, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
    size_t n = strcspn(s, "\n");
    if (n > 200)
        n = 200;
    return n ? mt_arena_strndup(a, s, n) : NULL;
}

static mt_vuln *build(mt_arena *a, const mt_pkg *p, const char *matched, match_item *items,
                      size_t n, const char *vtype)
{
    mt_vuln *v = mt_arena_alloc(a, sizeof(*v));
    v->pkg = p;
    v->package_name = p->name;
    v->installed_version = p->version;
    v->matched_name = mt_arena_strdup(a, matched);
    mt_vec ids = {0}, refs = {0};
    const char *fix = NULL;
    mt_severity best_text = MT_SEV_UNKNOWN;
    const char *best_text_src = NULL;
    bool have_cvss = false;
    for (size_t i = 0; i < n; i++) {
        vr_record *r = items[i].rec;
        add_unique(&ids, r->id);
        if (items[i].emb)
            add_unique(&ids, (char *)items[i].emb);
        for (size_t k = 0; k < r->naliases; k++)
            add_unique(&ids, r->aliases[k]);
        for (size_t k = 0; k < r->nreferences; k++)
            add_unique(&refs, r->references[k]);
        /* The fix that resolves every merged record: the highest. */
        if (items[i].fixed && (!fix || mt_vercmp(vtype, items[i].fixed, fix) > 0))
            fix = items[i].fixed;
        const char *vec, *src;
        double score;
        mt_severity s = vm_record_severity(r, &vec, &score, &src);
        if (vec && (!have_cvss || score > v->cvss_score)) {
            have_cvss = true;
            v->severity = s;
            v->cvss_vector = (char *)vec; /* arena memory of the lookup */
            v->cvss_score = score;
            v->severity_source = "cvss";
        } else if (!vec && s > best_text) {
            best_text = s;
            best_text_src = src;
        }
        if (!v->title)
            v->title = r->summary && *r->summary ? r->summary : first_line(a, r->details);
        if (!v->description && r->details)
            v->description = r->details;
        if (!v->published && r->published)
            v->published = r->published;
        if (r->modified && (!v->modified || strcmp(r->modified, v->modified) > 0))
            v->modified = r->modified;
        if (!v->data_source)
            v->data_source = r->affected[0].ecosystem;
    }
    if (!have_cvss) {
        v->severity = best_text;
        v->severity_source = best_text_src;
    }
    /* Primary ID: a CVE, else a GHSA, else the first in order. */
    qsort(ids.items, ids.len, sizeof(char *), cmp_str);
    size_t pi = 0;
    for (size_t i = 1; i < ids.len; i++)
        if (id_rank(ids.items[i]) < id_rank(ids.items[pi]))
            pi = i;
    v->id = ids.items[pi];
    v->aliases = mt_arena_alloc(a, (ids.len ? ids.len : 1) * sizeof(char *));
    for (size_t i = 0; i < ids.len; i++)
        if (i != pi)
            v->aliases[v->naliases++] = ids.items[i];
    v->references = mt_arena_alloc(a, (refs.len ? refs.len : 1) * sizeof(char *));
    for (size_t i = 0; i < refs.len; i++)
        v->references[v->nreferences++] = refs.items[i];
    v->record_id = items[0].rec->id;
    v->fixed_version = fix ? mt_arena_strdup(a, fix) : NULL;
    v->status = fix ? "fixed" : "affected";
    mt_vec_free(&ids);
    mt_vec_free(&refs);
    return v;
}

static int cmp_vuln(const void *x, const void *y)
{
    const mt_vuln *a = *(mt_vuln *const *)x, *b = *(mt_vuln *const *)y;
    int c = strcmp(a->package_name, b->package_name);
    if (!c)
        c = strcmp(a->installed_version, b->installed_version);
    if (!c)
        c = strcmp(a->id, b->id);
    return c;
}

int vm_match_packages(vdb *db, mt_arena *a, const mt_os *os, const mt_vec *pkgs, mt_vec *out,
                      size_t *os_unchecked, char *err, size_t errlen)
{
    mt_strmap cache = {0}; /* "eco\tname" -> mt_vec* of vdb_hit*, one lookup each */
    mt_vec caches = {0};   /* the mt_vec*, to free */
    int added = 0, ret = 0;
    size_t first = out->len, unchecked = 0;
    for (size_t i = 0; i < pkgs->len; i++) {
        const mt_pkg *p = pkgs->items[i];
        const char *eco, *name, *ver;
        if (!vm_package_key(a, os, p, &eco, &name, &ver)) {
            unchecked += pkg_is_os(p);
            continue;
        }
        char key[2048];
        snprintf(key, sizeof(key), "%s\t%s", eco, name);
        bool found = false;
        mt_vec *hits = mt_strmap_get(&cache, key, &found);
        if (!found) {
            hits = mt_xcalloc(1, sizeof(*hits));
            mt_vec_push(&caches, hits);
            mt_strmap_put(&cache, key, hits);
            if (vdb_lookup(db, a, eco, name, hits, err, errlen) < 0) {
                ret = -1;
                break;
            }
        }
        if (hits->len == 0)
            continue;
        match_item *items = mt_xcalloc(hits->len, sizeof(*items));
        size_t n = 0;
        for (size_t k = 0; k < hits->len; k++) {
            vdb_hit *h = hits->items[k];
            const char *fixed;
            if (!vm_affected(p->type, &h->record->affected[0], ver, &fixed))
                continue;
            items[n].rec = h->record;
            items[n].fixed = fixed;
            items[n].emb = embedded_cve(h->record->id);
            items[n].cve = record_cve(h->record);
            items[n].group = (int)n;
            n++;
        }
        /* union the records that name each other (transitively), but never
         * two different CVEs: an advisory covering several CVEs (a Xen XSA,
         * a DSA) must not hide all but one of them */
        for (bool changed = true; changed;) {
            changed = false;
            for (size_t x = 0; x < n; x++)
                for (size_t y = x + 1; y < n; y++) {
                    if (items[x].group == items[y].group || !shares_id(&items[x], &items[y]))
                        continue;
                    int from = items[y].group, to = items[x].group;
                    const char *cx = group_cve(items, n, to), *cy = group_cve(items, n, from);
                    if (cx && cy && strcmp(cx, cy) != 0)
                        continue;
                    if (from < to) {
                        int t = from;
                        from = to;
                        to = t;
                    }
                    for (size_t z = 0; z < n; z++)
                        if (items[z].group == from)
                            items[z].group = to;
                    changed = true;
                }
        }
        match_item *grp = mt_xcalloc(n ? n : 1, sizeof(*grp));
        for (size_t g = 0; g < n; g++) {
            size_t m = 0;
            for (size_t z = 0; z < n; z++)
                if (items[z].group == (int)g)
                    grp[m++] = items[z];
            if (!m)
                continue;
            mt_vec_push(out, build(a, p, name, grp, m, p->type));
            added++;
        }
        free(grp);
        free(items);
    }
    for (size_t i = 0; i < caches.len; i++) {
        mt_vec_free(caches.items[i]);
        free(caches.items[i]);
    }
    mt_vec_free(&caches);
    mt_strmap_free(&cache);
    if (os_unchecked)
        *os_unchecked = unchecked;
    if (ret < 0)
        return -1;
    if (out->len > first)
        qsort(out->items + first, out->len - first, sizeof(void *), cmp_vuln);
    return added;
}
