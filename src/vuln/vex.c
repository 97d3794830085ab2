/* vex.c — see vex.h. Documents are read with jansson (duplicate keys
 * rejected: a statement with two "status" members says nothing certain);
 * every statement is checked whole and the document is refused at the
 * first bad one, since a VEX statement silences findings and one read
 * wrongly would hide a vulnerability. Product purls are parsed once here
 * (sbom_purl_parse() of src/pkg/sbom_in.h) and kept with the statement
 * for vex_lookup(). */
#include "vuln/vex.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/sbom_in.h"

/* Longest identifier (vulnerability, alias, non-purl product) and longest
 * free text (impact, action, detail) kept. */
#define VEX_MAX_ID 1024
#define VEX_MAX_TEXT 65536

/* A product (or scope) prepared for matching. */
typedef struct vex_prod {
    const char *raw;
    bool is_purl;
    sbom_purl purl;
    const char *version; /* the version without its epoch (deb, rpm) or as written; may be NULL */
    const char *epoch;   /* deb, rpm: the epoch digits without leading zeros, "" for none */
    bool epoch_given;    /* deb, rpm: an epoch is written, in the version or as a qualifier */
} vex_prod;

typedef struct vex_match {
    vex_prod *prods;  /* nproducts */
    vex_prod *scopes; /* nproducts; raw NULL when unscoped */
} vex_match;

const char *vex_status_name(vex_status s)
{
    switch (s) {
    case VEX_NOT_AFFECTED:
        return "not_affected";
    case VEX_FIXED:
        return "fixed";
    case VEX_AFFECTED:
        return "affected";
    case VEX_UNDER_INVESTIGATION:
        return "under_investigation";
    }
    return "unknown";
}

static bool starts_pkg(const char *s)
{
    return s && (s[0] == 'p' || s[0] == 'P') && (s[1] == 'k' || s[1] == 'K') &&
           (s[2] == 'g' || s[2] == 'G') && s[3] == ':';
}

static bool epoch_type(const char *type)
{
    return strcmp(type, "deb") == 0 || strcmp(type, "rpm") == 0;
}

/* Prepares raw for matching. Returns false with *why when it starts with
 * "pkg:" but is not a valid purl. deb and rpm versions are split into
 * epoch and the rest, the epoch taken from the version or else from a
 * valid "epoch" qualifier (digits), so that "1:2.0", "2.0?epoch=1" and
 * "01:2.0" compare equal and "0:2.0" equals "2.0". */
static bool prod_prepare(mt_arena *a, vex_prod *p, const char *raw, const char **why)
{
    memset(p, 0, sizeof(*p));
    p->raw = raw;
    p->epoch = "";
    if (!raw || !starts_pkg(raw))
        return true;
    if (sbom_purl_parse(a, raw, strlen(raw), &p->purl, why) != 0)
        return false;
    p->is_purl = true;
    p->version = p->purl.version;
    if (!epoch_type(p->purl.type))
        return true;
    const char *e = NULL;
    size_t el = 0;
    const char *v = p->purl.version;
    if (v) {
        size_t d = 0;
        while (v[d] >= '0' && v[d] <= '9')
            d++;
        if (d > 0 && v[d] == ':') {
            e = v;
            el = d;
            p->version = v + d + 1;
        }
    }
    if (!e) {
        const char *q = sbom_purl_qualifier(&p->purl, "epoch");
        if (q && *q && strspn(q, "0123456789") == strlen(q)) {
            e = q;
            el = strlen(q);
        }
    }
    if (e) {
        p->epoch_given = true;
        while (el > 1 && *e == '0') {
            e++;
            el--;
        }
        p->epoch = el == 1 && *e == '0' ? "" : mt_arena_strndup(a, e, el);
    }
    return true;
}

/* Whether product prod applies to package pkg (both prepared). */
static bool prod_match(const vex_prod *prod, const vex_prod *pkg)
{
    if (!prod->raw || !pkg->raw)
        return false;
    if (!prod->is_purl || !pkg->is_purl)
        return strcmp(prod->raw, pkg->raw) == 0;
    if (!sbom_purl_same_package(&prod->purl, &pkg->purl))
        return false;
    bool epochs = epoch_type(prod->purl.type);
    if (prod->version && (!pkg->version || strcmp(prod->version, pkg->version) != 0))
        return false;
    if (epochs && (prod->version || prod->epoch_given) && strcmp(prod->epoch, pkg->epoch) != 0)
        return false;
    for (size_t i = 0; i < prod->purl.nquals; i++) {
        const char *k = prod->purl.qual_keys[i];
        if (epochs && strcmp(k, "epoch") == 0)
            continue; /* compared above */
        const char *v = sbom_purl_qualifier(&pkg->purl, k);
        if (!v || strcmp(v, prod->purl.qual_values[i]) != 0)
            return false;
    }
    if (prod->purl.subpath &&
        (!pkg->purl.subpath || strcmp(prod->purl.subpath, pkg->purl.subpath) != 0))
        return false;
    return true;
}

static bool vuln_match(const vex_statement *st, const char *id, const char *const *aliases,
                       size_t naliases)
{
    for (size_t i = 0; i <= st->naliases; i++) {
        const char *s = i == 0 ? st->vuln_id : st->aliases[i - 1];
        if (!s)
            continue;
        if (id && mt_streq_ci(s, id))
            return true;
        for (size_t k = 0; aliases && k < naliases; k++) {
            if (aliases[k] && mt_streq_ci(s, aliases[k]))
                return true;
        }
    }
    return false;
}

const vex_statement *vex_lookup_in(const mt_vec *stmts, const char *vuln_id,
                                   const char *const *aliases, size_t naliases,
                                   const char *pkg_purl, const char *artifact_purl)
{
    if (!stmts || !stmts->len)
        return NULL;
    mt_arena a;
    mt_arena_init(&a);
    vex_prod pkg, art;
    const char *why;
    if (!prod_prepare(&a, &pkg, pkg_purl, &why))
        pkg.is_purl = false;
    if (!prod_prepare(&a, &art, artifact_purl, &why))
        art.is_purl = false;
    const vex_statement *found = NULL;
    for (size_t i = stmts->len; i > 0 && !found; i--) {
        const vex_statement *st = stmts->items[i - 1];
        if (!st || !vuln_match(st, vuln_id, aliases, naliases))
            continue;
        if (st->nproducts == 0) {
            found = st;
            break;
        }
        const vex_match *m = st->match;
        for (size_t j = 0; m && j < st->nproducts && !found; j++) {
            const vex_prod *prod = &m->prods[j], *scope = &m->scopes[j];
            bool hit;
            if (!artifact_purl)
                hit = prod_match(prod, &pkg);
            else if (scope->raw)
                hit = prod_match(scope, &art) && prod_match(prod, &pkg);
            else
                hit = prod_match(prod, &pkg) || prod_match(prod, &art);
            if (hit)
                found = st;
        }
    }
    mt_arena_free(&a);
    return found;
}

const vex_statement *vex_lookup(const mt_vec *stmts, const char *vuln_id,
                                const char *const *aliases, size_t naliases,
                                const char *pkg_purl)
{
    return vex_lookup_in(stmts, vuln_id, aliases, naliases, pkg_purl, NULL);
}

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
    mt_arena *a;
    const char *path;
    mt_vec *out;       /* this call's statements */
    char err[768];
    /* the statement being built */
    mt_vec prods, scopes; /* char* (scope NULL when none) */
} vx_ctx;

static void fail(vx_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(vx_ctx *c, const char *fmt, ...)
{
    if (c->err[0])
        return;
    int n = snprintf(c->err, sizeof(c->err), "%s: ", c->path);
    if (n < 0 || (size_t)n >= sizeof(c->err))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, sizeof(c->err) - (size_t)n, fmt, ap);
    va_end(ap);
}

/* s for a message: at most 80 bytes, control characters as '?'. */
static char *shown(mt_arena *a, const char *s)
{
    size_t n = strlen(s);
    bool cut = n > 80;
    if (cut)
        n = 77;
    char *d = mt_arena_alloc(a, n + 4);
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (cut)
        memcpy(d + n, "...", 3);
    return d;
}

/* v as a string: fails (and returns NULL) when it is not a non-empty
 * string of at most max bytes without control characters (free text may
 * hold tabs and line breaks). what names it in the message. */
static const char *str_value(vx_ctx *c, json_t *v, const char *where, const char *what,
                             size_t max, bool text)
{
    const char *sep = *what ? ": " : "";
    if (!json_is_string(v)) {
        fail(c, "%s%s%s is not a string", where, sep, what);
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n == 0) {
        fail(c, "%s%s%s is empty", where, sep, what);
        return NULL;
    }
    if (n > max) {
        fail(c, "%s%s%s is longer than %zu bytes", where, sep, what, max);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if ((u < 0x20 && !(text && (u == '\t' || u == '\n' || u == '\r'))) || u == 0x7f) {
            fail(c, "%s%s%s holds a control character", where, sep, what);
            return NULL;
        }
    }
    return s;
}

/* The string member key of o, checked as str_value() does; NULL when
 * absent. */
static const char *get_str(vx_ctx *c, json_t *o, const char *key, const char *where, size_t max,
                           bool text)
{
    json_t *v = json_object_get(o, key);
    return v ? str_value(c, v, where, key, max, text) : NULL;
}

static char *dup_opt(vx_ctx *c, const char *s)
{
    return s ? mt_arena_strdup(c->a, s) : NULL;
}

/* Checks an identifier of a product (a purl or anything else). */
static bool check_id(vx_ctx *c, const char *id, const char *where)
{
    size_t n = strlen(id);
    if (n == 0 || n > (starts_pkg(id) ? SBOM_PURL_MAX : VEX_MAX_ID)) {
        fail(c, "%s: an identifier that is empty or too long", where);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f) {
            fail(c, "%s: identifier holds a control character", where);
            return false;
        }
    }
    if (starts_pkg(id)) {
        mt_arena tmp;
        mt_arena_init(&tmp);
        sbom_purl p;
        const char *why = NULL;
        bool ok = sbom_purl_parse(&tmp, id, n, &p, &why) == 0;
        if (!ok)
            fail(c, "%s: invalid purl \"%s\": %s", where, shown(c->a, id), why);
        mt_arena_free(&tmp);
        return ok;
    }
    return true;
}

static bool add_product(vx_ctx *c, const char *id, const char *scope, const char *where)
{
    if (c->prods.len >= VEX_MAX_PRODUCTS) {
        fail(c, "%s: more than %d products", where, VEX_MAX_PRODUCTS);
        return false;
    }
    mt_vec_push(&c->prods, mt_arena_strdup(c->a, id));
    mt_vec_push(&c->scopes, scope ? mt_arena_strdup(c->a, scope) : NULL);
    return true;
}

/* Builds the statement from the fields read and c->prods / c->scopes. */
static vex_statement *finish(vx_ctx *c, const char *id, mt_vec *aliases, vex_status st,
                             const char *just, const char *detail, const char *action, size_t n)
{
    vex_statement *s = mt_arena_alloc(c->a, sizeof(*s));
    s->vuln_id = mt_arena_strdup(c->a, id);
    s->naliases = aliases->len;
    s->aliases = mt_arena_alloc(c->a, (aliases->len + 1) * sizeof(char *));
    for (size_t i = 0; i < aliases->len; i++)
        s->aliases[i] = aliases->items[i];
    s->status = st;
    s->justification = dup_opt(c, just);
    s->detail = dup_opt(c, detail);
    s->action = dup_opt(c, action);
    s->origin = mt_arena_printf(c->a, "%s#%zu", c->path, n);
    s->nproducts = c->prods.len;
    s->products = mt_arena_alloc(c->a, (c->prods.len + 1) * sizeof(char *));
    s->scopes = mt_arena_alloc(c->a, (c->prods.len + 1) * sizeof(char *));
    vex_match *m = mt_arena_alloc(c->a, sizeof(*m));
    m->prods = mt_arena_alloc(c->a, (c->prods.len + 1) * sizeof(vex_prod));
    m->scopes = mt_arena_alloc(c->a, (c->prods.len + 1) * sizeof(vex_prod));
    for (size_t i = 0; i < c->prods.len; i++) {
        const char *why;
        s->products[i] = c->prods.items[i];
        s->scopes[i] = c->scopes.items[i];
        /* both were checked by check_id(): preparing cannot fail */
        prod_prepare(c->a, &m->prods[i], s->products[i], &why);
        prod_prepare(c->a, &m->scopes[i], s->scopes[i], &why);
    }
    s->match = m;
    c->prods.len = c->scopes.len = 0;
    mt_vec_push(c->out, s);
    return s;
}

/* ---- OpenVEX ---- */

static const char *const ov_statuses[] = {"not_affected", "fixed", "affected",
                                          "under_investigation"};
static const vex_status ov_status_values[] = {VEX_NOT_AFFECTED, VEX_FIXED, VEX_AFFECTED,
                                              VEX_UNDER_INVESTIGATION};
static const char *const ov_justifications[] = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

/* The identifier of an OpenVEX component (product or subcomponent): a
 * string (0.0.x) or an object (0.2.0). NULL after fail() when none. */
static const char *ov_component_id(vx_ctx *c, json_t *comp, const char *where)
{
    const char *id = NULL;
    if (json_is_string(comp)) {
        id = json_string_value(comp);
    } else if (json_is_object(comp)) {
        const char *at = get_str(c, comp, "@id", where, SBOM_PURL_MAX, false);
        json_t *ids = json_object_get(comp, "identifiers");
        if (ids && !json_is_object(ids)) {
            fail(c, "%s: identifiers is not an object", where);
            return NULL;
        }
        const char *purl = ids ? get_str(c, ids, "purl", where, SBOM_PURL_MAX, false) : NULL;
        const char *cpe23 = ids ? get_str(c, ids, "cpe23", where, VEX_MAX_ID, false) : NULL;
        const char *cpe22 = ids ? get_str(c, ids, "cpe22", where, VEX_MAX_ID, false) : NULL;
        if (c->err[0])
            return NULL;
        id = at && starts_pkg(at) ? at : purl ? purl : at ? at : cpe23 ? cpe23 : cpe22;
    } else {
        fail(c, "%s: neither a string nor an object", where);
        return NULL;
    }
    if (!id) {
        fail(c, "%s: no @id and no identifiers (purl, cpe23, cpe22)", where);
        return NULL;
    }
    return check_id(c, id, where) ? id : NULL;
}

static bool ov_array(vx_ctx *c, json_t *v, const char *where, const char *key)
{
    if (v && !json_is_array(v)) {
        fail(c, "%s: %s is not an array", where, key);
        return false;
    }
    return true;
}

static void ov_statement(vx_ctx *c, json_t *s, const char *where, size_t n)
{
    if (!json_is_object(s)) {
        fail(c, "%s: not an object", where);
        return;
    }
    const char *id = NULL;
    mt_vec aliases = {0};
    json_t *vul = json_object_get(s, "vulnerability");
    if (json_is_string(vul)) {
        id = get_str(c, s, "vulnerability", where, VEX_MAX_ID, false);
    } else if (json_is_object(vul)) {
        char *vw = mt_arena_printf(c->a, "%s.vulnerability", where);
        id = get_str(c, vul, "name", vw, VEX_MAX_ID, false);
        json_t *al = json_object_get(vul, "aliases");
        if (ov_array(c, al, vw, "aliases")) {
            size_t i;
            json_t *x;
            json_array_foreach(al, i, x)
            {
                if (aliases.len >= VEX_MAX_ALIASES) {
                    fail(c, "%s: more than %d aliases", vw, VEX_MAX_ALIASES);
                    break;
                }
                char *aw = mt_arena_printf(c->a, "%s.aliases[%zu]", vw, i);
                const char *as = str_value(c, x, aw, "", VEX_MAX_ID, false);
                if (!as)
                    break;
                mt_vec_push(&aliases, mt_arena_strdup(c->a, as));
            }
        }
        if (!id && !c->err[0])
            fail(c, "%s: no name", vw);
    } else {
        fail(c, "%s: no vulnerability", where);
    }
    const char *status = get_str(c, s, "status", where, VEX_MAX_ID, false);
    const char *just = get_str(c, s, "justification", where, VEX_MAX_ID, false);
    const char *impact = get_str(c, s, "impact_statement", where, VEX_MAX_TEXT, true);
    const char *action = get_str(c, s, "action_statement", where, VEX_MAX_TEXT, true);
    const char *notes = get_str(c, s, "status_notes", where, VEX_MAX_TEXT, true);
    if (c->err[0])
        goto done;
    if (!status) {
        fail(c, "%s: no status", where);
        goto done;
    }
    size_t k = 0;
    while (k < MT_ARRAY_LEN(ov_statuses) && strcmp(ov_statuses[k], status) != 0)
        k++;
    if (k == MT_ARRAY_LEN(ov_statuses)) {
        fail(c,
             "%s: status \"%s\" is not an OpenVEX status (not_affected, affected, fixed, "
             "under_investigation)",
             where, shown(c->a, status));
        goto done;
    }
    vex_status st = ov_status_values[k];
    if (just) {
        size_t j = 0;
        while (j < MT_ARRAY_LEN(ov_justifications) && strcmp(ov_justifications[j], just) != 0)
            j++;
        if (j == MT_ARRAY_LEN(ov_justifications)) {
            fail(c, "%s: justification \"%s\" is not an OpenVEX justification", where,
                 shown(c->a, just));
            goto done;
        }
    }
    if (st == VEX_NOT_AFFECTED && !just && !impact) {
        fail(c, "%s: a not_affected statement needs a justification or an impact_statement",
             where);
        goto done;
    }

    /* products, their subcomponents, and 0.0.x statement-level subcomponents */
    json_t *prods = json_object_get(s, "products");
    json_t *ssubs = json_object_get(s, "subcomponents");
    if (!ov_array(c, prods, where, "products") || !ov_array(c, ssubs, where, "subcomponents"))
        goto done;
    size_t i;
    json_t *p;
    json_array_foreach(prods, i, p)
    {
        char *pw = mt_arena_printf(c->a, "%s.products[%zu]", where, i);
        const char *pid = ov_component_id(c, p, pw);
        if (!pid)
            goto done;
        json_t *subs = json_is_object(p) ? json_object_get(p, "subcomponents") : NULL;
        if (!ov_array(c, subs, pw, "subcomponents"))
            goto done;
        size_t added = 0;
        for (int pass = 0; pass < 2; pass++) {
            json_t *list = pass == 0 ? subs : ssubs;
            size_t j;
            json_t *sc;
            json_array_foreach(list, j, sc)
            {
                char *sw = pass == 0 ? mt_arena_printf(c->a, "%s.subcomponents[%zu]", pw, j)
                                     : mt_arena_printf(c->a, "%s.subcomponents[%zu]", where, j);
                const char *sid = ov_component_id(c, sc, sw);
                if (!sid || !add_product(c, sid, pid, sw))
                    goto done;
                added++;
            }
        }
        if (!added && !add_product(c, pid, NULL, pw))
            goto done;
    }
    if (!json_array_size(prods)) {
        json_array_foreach(ssubs, i, p)
        {
            char *sw = mt_arena_printf(c->a, "%s.subcomponents[%zu]", where, i);
            const char *sid = ov_component_id(c, p, sw);
            if (!sid || !add_product(c, sid, NULL, sw))
                goto done;
        }
    }
    finish(c, id, &aliases, st, just, impact ? impact : notes, action, n);
done:
    c->prods.len = c->scopes.len = 0;
    mt_vec_free(&aliases);
}

static void ov_read(vx_ctx *c, json_t *root)
{
    json_t *stmts = json_object_get(root, "statements");
    if (!json_is_array(stmts)) {
        fail(c, "%s", stmts ? "statements is not an array" : "no statements");
        return;
    }
    if (json_array_size(stmts) > VEX_MAX_STATEMENTS) {
        fail(c, "more than %d statements", VEX_MAX_STATEMENTS);
        return;
    }
    size_t i;
    json_t *s;
    json_array_foreach(stmts, i, s)
    {
        ov_statement(c, s, mt_arena_printf(c->a, "statements[%zu]", i), i + 1);
        if (c->err[0])
            return;
    }
}

/* ---- CycloneDX ---- */

static const char *const cdx_states[] = {"resolved",  "resolved_with_pedigree", "exploitable",
                                         "in_triage", "false_positive",         "not_affected"};
static const vex_status cdx_state_values[] = {VEX_FIXED,        VEX_FIXED,
                                              VEX_AFFECTED,     VEX_UNDER_INVESTIGATION,
                                              VEX_NOT_AFFECTED, VEX_NOT_AFFECTED};
static const char *const cdx_justifications[] = {
    "code_not_present",       "code_not_reachable",     "requires_configuration",
    "requires_dependency",    "requires_environment",   "protected_by_compiler",
    "protected_at_runtime",   "protected_at_perimeter", "protected_by_mitigating_control"};

#define CDX_MAX_DEPTH 64
#define CDX_MAX_COMPONENTS 1000000

/* bom-ref -> purl of the component ("" when it has none). */
typedef struct {
    mt_strmap refs;
    size_t count;
} cdx_refs;

static void cdx_collect(vx_ctx *c, cdx_refs *r, json_t *comp, const char *where, int depth)
{
    if (c->err[0] || !json_is_object(comp))
        return;
    if (++r->count > CDX_MAX_COMPONENTS) {
        fail(c, "more than %d components", CDX_MAX_COMPONENTS);
        return;
    }
    json_t *ref = json_object_get(comp, "bom-ref");
    json_t *purl = json_object_get(comp, "purl");
    if (json_is_string(ref)) {
        bool found = false;
        mt_strmap_get(&r->refs, json_string_value(ref), &found);
        if (!found)
            mt_strmap_put(&r->refs, json_string_value(ref),
                          mt_arena_strdup(c->a, json_is_string(purl) ? json_string_value(purl)
                                                                     : ""));
    }
    json_t *kids = json_object_get(comp, "components");
    if (!json_is_array(kids))
        return;
    if (depth >= CDX_MAX_DEPTH) {
        fail(c, "%s: components nested more than %d levels deep", where, CDX_MAX_DEPTH);
        return;
    }
    size_t i;
    json_t *k;
    json_array_foreach(kids, i, k)
    {
        cdx_collect(c, r, k, where, depth + 1);
        if (c->err[0])
            return;
    }
}

/* What affects[].ref names: the purl of that component, the purl the ref
 * is, or the ref as written. */
static const char *cdx_resolve(cdx_refs *r, const char *ref)
{
    const char *key = ref;
    if (strncmp(ref, "urn:cdx:", 8) == 0 && strchr(ref, '#'))
        key = strchr(ref, '#') + 1;
    bool found = false;
    const char *purl = mt_strmap_get(&r->refs, key, &found);
    if (found && purl && *purl)
        return purl;
    if (!found && starts_pkg(key))
        return key;
    return ref;
}

static const char *pick(vx_ctx *c, const char *v, const char *const *list, size_t n,
                        const char *where, const char *what)
{
    for (size_t i = 0; v && i < n; i++) {
        if (strcmp(list[i], v) == 0)
            return v;
    }
    if (v) {
        mt_buf b;
        mt_buf_init(&b);
        for (size_t i = 0; i < n; i++)
            mt_buf_printf(&b, "%s%s", i ? ", " : "", list[i]);
        fail(c, "%s: %s \"%s\" is not one of %s", where, what, shown(c->a, v), b.data);
        mt_buf_free(&b);
    }
    return NULL;
}

static void cdx_vuln(vx_ctx *c, cdx_refs *r, json_t *v, const char *where, size_t n)
{
    if (!json_is_object(v)) {
        fail(c, "%s: not an object", where);
        return;
    }
    json_t *an = json_object_get(v, "analysis");
    if (!an)
        return; /* a finding, not a VEX statement */
    if (!json_is_object(an)) {
        fail(c, "%s: analysis is not an object", where);
        return;
    }
    char *aw = mt_arena_printf(c->a, "%s.analysis", where);
    const char *state = get_str(c, an, "state", aw, VEX_MAX_ID, false);
    if (!state)
        return; /* no conclusion (or fail() was called) */
    const char *id = get_str(c, v, "id", where, VEX_MAX_ID, false);
    const char *just = get_str(c, an, "justification", aw, VEX_MAX_ID, false);
    const char *detail = get_str(c, an, "detail", aw, VEX_MAX_TEXT, true);
    if (c->err[0])
        return;
    if (!id) {
        fail(c, "%s: no id", where);
        return;
    }
    size_t k = 0;
    while (k < MT_ARRAY_LEN(cdx_states) && strcmp(cdx_states[k], state) != 0)
        k++;
    if (k == MT_ARRAY_LEN(cdx_states)) {
        pick(c, state, cdx_states, MT_ARRAY_LEN(cdx_states), aw, "state");
        return;
    }
    if (just && !pick(c, just, cdx_justifications, MT_ARRAY_LEN(cdx_justifications), aw,
                      "justification"))
        return;
    /* responses */
    char *action = NULL;
    json_t *resp = json_object_get(an, "response");
    if (!ov_array(c, resp, aw, "response"))
        return;
    if (json_array_size(resp)) {
        mt_buf b;
        mt_buf_init(&b);
        size_t i;
        json_t *x;
        json_array_foreach(resp, i, x)
        {
            if (!json_is_string(x) || json_string_length(x) == 0 ||
                json_string_length(x) > VEX_MAX_ID) {
                fail(c, "%s: response[%zu] is not a response", aw, i);
                break;
            }
            if (i >= 16)
                break;
            mt_buf_printf(&b, "%s%s", i ? ", " : "", shown(c->a, json_string_value(x)));
        }
        action = mt_arena_strndup(c->a, b.data, b.len);
        mt_buf_free(&b);
        if (c->err[0])
            return;
    }
    /* aliases: references[].id */
    mt_vec aliases = {0};
    json_t *refs = json_object_get(v, "references");
    if (ov_array(c, refs, where, "references")) {
        size_t i;
        json_t *x;
        json_array_foreach(refs, i, x)
        {
            char *rw = mt_arena_printf(c->a, "%s.references[%zu]", where, i);
            if (!json_is_object(x)) {
                fail(c, "%s: not an object", rw);
                break;
            }
            const char *al = get_str(c, x, "id", rw, VEX_MAX_ID, false);
            if (c->err[0])
                break;
            if (al && aliases.len < VEX_MAX_ALIASES)
                mt_vec_push(&aliases, mt_arena_strdup(c->a, al));
        }
    }
    json_t *aff = json_object_get(v, "affects");
    if (!c->err[0] && ov_array(c, aff, where, "affects")) {
        size_t i;
        json_t *x;
        json_array_foreach(aff, i, x)
        {
            char *fw = mt_arena_printf(c->a, "%s.affects[%zu]", where, i);
            if (!json_is_object(x)) {
                fail(c, "%s: not an object", fw);
                break;
            }
            const char *ref = get_str(c, x, "ref", fw, SBOM_PURL_MAX, false);
            if (!ref && !c->err[0])
                fail(c, "%s: no ref", fw);
            if (c->err[0])
                break;
            const char *pid = cdx_resolve(r, ref);
            if (!check_id(c, pid, fw) || !add_product(c, pid, NULL, fw))
                break;
        }
    }
    if (!c->err[0])
        finish(c, id, &aliases, cdx_state_values[k], just, detail, action, n);
    c->prods.len = c->scopes.len = 0;
    mt_vec_free(&aliases);
}

static void cdx_read(vx_ctx *c, json_t *root)
{
    json_t *vulns = json_object_get(root, "vulnerabilities");
    if (!json_is_array(vulns)) {
        fail(c, "%s", vulns ? "vulnerabilities is not an array"
                            : "a CycloneDX document without vulnerabilities: no VEX in it");
        return;
    }
    if (json_array_size(vulns) > VEX_MAX_STATEMENTS) {
        fail(c, "more than %d vulnerabilities", VEX_MAX_STATEMENTS);
        return;
    }
    cdx_refs r = {0};
    json_t *meta = json_object_get(root, "metadata");
    if (json_is_object(meta))
        cdx_collect(c, &r, json_object_get(meta, "component"), "metadata.component", 0);
    json_t *comps = json_object_get(root, "components");
    if (json_is_array(comps)) {
        size_t i;
        json_t *x;
        json_array_foreach(comps, i, x)
        {
            cdx_collect(c, &r, x, "components", 1);
            if (c->err[0])
                break;
        }
    }
    size_t i;
    json_t *v;
    json_array_foreach(vulns, i, v)
    {
        if (c->err[0])
            break;
        cdx_vuln(c, &r, v, mt_arena_printf(c->a, "vulnerabilities[%zu]", i), i + 1);
    }
    mt_strmap_free(&r.refs);
}

int vex_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
              char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    mt_vec mine = {0};
    vx_ctx c = {.a = a, .path = path && *path ? path : "VEX", .out = &mine};
    if (!data)
        len = 0;
    if (len > VEX_MAX_SIZE) {
        fail(&c, "larger than %u MiB", VEX_MAX_SIZE >> 20);
    } else {
        if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
            data += 3;
            len -= 3;
        }
        json_error_t je;
        json_t *root = json_loadb(data ? data : "", len, JSON_REJECT_DUPLICATES, &je);
        if (!root) {
            fail(&c, "not valid JSON: %s (line %d, column %d)", je.text, je.line, je.column);
        } else {
            json_t *ctx = json_object_get(root, "@context");
            const char *cs = json_is_string(ctx) ? json_string_value(ctx) : NULL;
            json_t *bf = json_object_get(root, "bomFormat");
            if (!json_is_object(root))
                fail(&c, "not a VEX document (the top level is not a JSON object)");
            else if (json_is_string(bf) && strcmp(json_string_value(bf), "CycloneDX") == 0)
                cdx_read(&c, root);
            else if ((cs && strncmp(cs, "https://openvex.dev/ns", 22) == 0) ||
                     (!ctx && json_object_get(root, "statements")))
                ov_read(&c, root);
            else
                fail(&c, "neither OpenVEX (\"@context\": \"https://openvex.dev/ns/...\") nor "
                         "CycloneDX (\"bomFormat\": \"CycloneDX\")");
            json_decref(root);
        }
    }
    mt_vec_free(&c.prods);
    mt_vec_free(&c.scopes);
    if (c.err[0]) {
        if (err && errlen)
            snprintf(err, errlen, "%s", c.err);
        mt_vec_free(&mine);
        return -1;
    }
    for (size_t i = 0; i < mine.len; i++)
        mt_vec_push(out, mine.items[i]);
    mt_vec_free(&mine);
    return 0;
}
