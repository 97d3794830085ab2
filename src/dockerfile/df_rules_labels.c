/* df_rules_labels.c — label-schema checks (hadolint's label-schema and
 * strict-labels settings): required, superfluous and typed labels. */
#include "dockerfile/df_rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct label_ref {
    const df_instr *in;
    size_t at;
    const char *key;
    const char *value; /* resolved; NULL if it has unresolved variables */
} label_ref;

/* Labels visible in the final stage (its own and its parents'), last
 * definition of each key wins. Returns the count; *out is arena memory. */
static size_t final_labels(df_ctx *c, label_ref **out)
{
    mt_vec v = {0};
    int s = df_final_stage(c);
    int chain[64];
    int depth = 0;
    while (s >= 0 && depth < 64) {
        chain[depth++] = s;
        s = c->df->stages[s]->parent;
    }
    for (int d = depth - 1; d >= 0; d--) {
        const df_stage *st = c->df->stages[chain[d]];
        for (size_t k = st->first; k <= st->last; k++) {
            const df_instr *in = c->df->instrs[k];
            if (in->kind != DF_LABEL)
                continue;
            for (size_t j = 0; j < in->nkv; j++) {
                label_ref *l = mt_arena_alloc(c->arena, sizeof(*l));
                l->in = in;
                l->at = k;
                l->key = in->kvs[j].key;
                l->value = in->kvs[j].value ? df_resolve(c, k, in->kvs[j].value) : "";
                for (size_t m = 0; m < v.len; m++) {
                    label_ref *o = v.items[m];
                    if (o && strcmp(o->key, l->key) == 0)
                        v.items[m] = NULL;
                }
                mt_vec_push(&v, l);
            }
        }
    }
    label_ref *arr = mt_arena_alloc(c->arena, (v.len + 1) * sizeof(label_ref));
    size_t n = 0;
    for (size_t m = 0; m < v.len; m++) {
        if (v.items[m])
            arr[n++] = *(label_ref *)v.items[m];
    }
    mt_vec_free(&v);
    *out = arr;
    return n;
}

static const mt_label_rule *schema_for(const df_ctx *c, const char *key)
{
    const mt_vec *s = &c->sf->settings->label_schema;
    for (size_t k = 0; k < s->len; k++) {
        const mt_label_rule *l = s->items[k];
        if (strcmp(l->name, key) == 0)
            return l;
    }
    return NULL;
}

DF_CHECK(df_check_label_missing)
{
    const mt_vec *schema = &c->sf->settings->label_schema;
    if (!schema->len || df_final_stage(c) < 0)
        return;
    label_ref *labels;
    size_t n = final_labels(c, &labels);
    for (size_t k = 0; k < schema->len; k++) {
        const mt_label_rule *l = schema->items[k];
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(labels[j].key, l->name) == 0;
        if (!found)
            df_emit(c, r, c->df->stages[df_final_stage(c)]->from, "Label '%s' is missing", l->name);
    }
}

DF_CHECK(df_check_label_superfluous)
{
    if (!c->sf->settings->strict_labels)
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            if (!schema_for(c, in->kvs[j].key))
                df_emit(c, r, in, "Label '%s' is not in the label schema", in->kvs[j].key);
        }
    }
}

/* Runs `valid` on every label of the schema with kind `kind`. */
static void check_kind(df_ctx *c, const mt_rule *r, const char *kind, bool (*valid)(const char *),
                       const char *what)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            const mt_label_rule *l = schema_for(c, in->kvs[j].key);
            if (!l || (kind && strcmp(l->kind, kind) != 0))
                continue;
            const char *v = in->kvs[j].value ? df_resolve(c, k, in->kvs[j].value) : "";
            if (!v)
                continue;
            if (!kind) {
                if (!*v)
                    df_emit(c, r, in, "Label '%s' is empty", l->name);
                continue;
            }
            if (*v && !valid(v))
                df_emit(c, r, in, "Label '%s' value '%s' is not %s", l->name, v, what);
        }
    }
}

DF_CHECK(df_check_label_empty)
{
    check_kind(c, r, NULL, NULL, NULL);
}

static bool valid_url(const char *v)
{
    const char *p = v;
    if (!isalpha((unsigned char)*p))
        return false;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (strncmp(p, "://", 3) != 0)
        return false;
    p += 3;
    size_t host = strcspn(p, "/?#");
    if (host == 0)
        return false;
    for (const char *q = v; *q; q++) {
        if (isspace((unsigned char)*q))
            return false;
    }
    return true;
}

DF_CHECK(df_check_label_url)
{
    check_kind(c, r, "url", valid_url, "a valid URL");
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static bool valid_rfc3339(const char *v)
{
    /* YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
    if (strlen(v) < 20 || !digits(v, 4) || v[4] != '-' || !digits(v + 5, 2) || v[7] != '-' ||
        !digits(v + 8, 2) || (v[10] != 'T' && v[10] != 't' && v[10] != ' ') || !digits(v + 11, 2) ||
        v[13] != ':' || !digits(v + 14, 2) || v[16] != ':' || !digits(v + 17, 2))
        return false;
    int mon = (v[5] - '0') * 10 + (v[6] - '0'), day = (v[8] - '0') * 10 + (v[9] - '0');
    int hh = (v[11] - '0') * 10 + (v[12] - '0'), mm = (v[14] - '0') * 10 + (v[15] - '0');
    int ss = (v[17] - '0') * 10 + (v[18] - '0');
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
        return false;
    const char *p = v + 19;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
        return true;
    return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' && digits(p + 4, 2) &&
           p[6] == '\0';
}

DF_CHECK(df_check_label_rfc3339)
{
    check_kind(c, r, "rfc3339", valid_rfc3339, "an RFC 3339 date-time");
}

/* Common SPDX license identifiers; LicenseRef-* and expressions with AND,
 * OR, WITH and parentheses are accepted too. */
static const char *const spdx_ids[] = {
    "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1",
    "Apache-2.0", "APSL-2.0", "Artistic-2.0", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause",
    "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0",
    "BUSL-1.1", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0",
    "CDDL-1.0", "CDDL-1.1", "CECILL-2.1", "CPL-1.0", "ECL-2.0", "EPL-1.0", "EPL-2.0",
    "EUPL-1.1", "EUPL-1.2", "GFDL-1.3", "GFDL-1.3-only", "GFDL-1.3-or-later", "GPL-1.0",
    "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only",
    "GPL-3.0-or-later", "ISC", "LGPL-2.0", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "LPL-1.02", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
    "MS-PL", "MS-RL", "NCSA", "ODbL-1.0", "OFL-1.1", "OpenSSL", "OSL-3.0", "PHP-3.01",
    "PostgreSQL", "Python-2.0", "Ruby", "SSPL-1.0", "Unicode-DFS-2016", "Unlicense", "UPL-1.0",
    "Vim", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1", "Classpath-exception-2.0",
    "LLVM-exception", "GCC-exception-3.1", NULL};

static bool spdx_id(const char *s, size_t n)
{
    if (n > 11 && strncmp(s, "LicenseRef-", 11) == 0)
        return true;
    size_t m = n;
    if (m && s[m - 1] == '+')
        m--;
    for (const char *const *id = spdx_ids; *id; id++) {
        if (strlen(*id) == m && strncasecmp(s, *id, m) == 0)
            return true;
    }
    return false;
}

static bool valid_spdx(const char *v)
{
    /* tokens: ids, AND/OR/WITH, parentheses */
    const char *p = v;
    bool want_id = true;
    int depth = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p == '(') {
            if (!want_id)
                return false;
            depth++;
            p++;
            continue;
        }
        if (*p == ')') {
            if (want_id || --depth < 0)
                return false;
            p++;
            continue;
        }
        size_t n = strcspn(p, " ()");
        if (want_id) {
            if (!spdx_id(p, n))
                return false;
            want_id = false;
        } else {
            if (!(n == 3 && !strncmp(p, "AND", 3)) && !(n == 2 && !strncmp(p, "OR", 2)) &&
                !(n == 4 && !strncmp(p, "WITH", 4)))
                return false;
            want_id = true;
        }
        p += n;
    }
    return !want_id && depth == 0;
}

DF_CHECK(df_check_label_spdx)
{
    check_kind(c, r, "spdx", valid_spdx, "an SPDX license expression");
}

static bool valid_hash(const char *v)
{
    size_t n = strlen(v);
    return (n == 40 || n == 64) && strspn(v, "0123456789abcdefABCDEF") == n;
}

DF_CHECK(df_check_label_hash)
{
    check_kind(c, r, "hash", valid_hash, "a full git commit hash");
}

static bool semver_ident(const char **pp, bool numeric_only)
{
    const char *p = *pp;
    const char *s = p;
    while (isalnum((unsigned char)*p) || (!numeric_only && *p == '-'))
        p++;
    if (p == s)
        return false;
    if (numeric_only) {
        for (const char *q = s; q < p; q++) {
            if (!isdigit((unsigned char)*q))
                return false;
        }
        if (p - s > 1 && *s == '0')
            return false;
    }
    *pp = p;
    return true;
}

static bool valid_semver(const char *v)
{
    const char *p = v;
    for (int i = 0; i < 3; i++) {
        if (!semver_ident(&p, true))
            return false;
        if (i < 2 && *p++ != '.')
            return false;
    }
    for (char sep = '-'; sep; sep = sep == '-' ? '+' : 0) {
        if (*p != sep)
            continue;
        p++;
        do {
            if (!semver_ident(&p, false))
                return false;
        } while (*p == '.' && p++);
    }
    return *p == '\0';
}

DF_CHECK(df_check_label_semver)
{
    check_kind(c, r, "semver", valid_semver, "a semantic version");
}

static bool valid_email(const char *v)
{
    const char *at = strchr(v, '@');
    if (!at || at == v || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *q = v; *q; q++) {
        if (isspace((unsigned char)*q) || *q == '<' || *q == '>' || *q == ',')
            return false;
    }
    return true;
}

DF_CHECK(df_check_label_email)
{
    check_kind(c, r, "email", valid_email, "an email address");
}
