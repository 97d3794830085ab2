/* finding.c — see finding.h. */
#include "core/finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sev_names[MT_SEV_COUNT] = {
    [MT_SEV_UNKNOWN] = "UNKNOWN", [MT_SEV_INFO] = "INFO",         [MT_SEV_LOW] = "LOW",
    [MT_SEV_MEDIUM] = "MEDIUM",   [MT_SEV_HIGH] = "HIGH",         [MT_SEV_CRITICAL] = "CRITICAL",
};

const char *mt_severity_name(mt_severity s)
{
    return (s >= 0 && s < MT_SEV_COUNT) ? sev_names[s] : "UNKNOWN";
}

int mt_severity_parse(const char *s, mt_severity *out)
{
    for (int i = 0; i < MT_SEV_COUNT; i++) {
        if (strcasecmp(s, sev_names[i]) == 0) {
            *out = (mt_severity)i;
            return 0;
        }
    }
    /* hadolint's levels, mapped as documented in docs/rules/README.md */
    static const struct {
        const char *name;
        mt_severity sev;
    } hl[] = {{"error", MT_SEV_HIGH},
              {"warning", MT_SEV_MEDIUM},
              {"info", MT_SEV_LOW},
              {"style", MT_SEV_INFO}};
    for (size_t i = 0; i < MT_ARRAY_LEN(hl); i++) {
        if (strcasecmp(s, hl[i].name) == 0) {
            *out = hl[i].sev;
            return 0;
        }
    }
    return -1;
}

bool mt_rule_matches(const mt_rule *r, const char *name)
{
    if (strcasecmp(r->id, name) == 0)
        return true;
    for (int i = 0; i < MT_MAX_ALIASES && r->aliases[i]; i++) {
        if (strcasecmp(r->aliases[i], name) == 0)
            return true;
        /* Trivy users write both AVD-DS-0002 and DS002. */
        if (mt_startswith_ci(r->aliases[i], "AVD-DS-") && mt_startswith_ci(name, "DS")) {
            char *end = NULL;
            long a = strtol(r->aliases[i] + 7, &end, 10);
            long b = strtol(name + 2, &end, 10);
            if (end && *end == '\0' && a == b && name[2] != '\0')
                return true;
        }
    }
    return false;
}

const char *mt_suppress_kind_name(mt_suppress_kind k)
{
    switch (k) {
    case MT_SUPPRESS_NONE: return "none";
    case MT_SUPPRESS_INLINE: return "inline";
    case MT_SUPPRESS_IGNOREFILE: return "ignorefile";
    case MT_SUPPRESS_HADOLINT: return "hadolint-config";
    case MT_SUPPRESS_VEX: return "vex";
    }
    return "none";
}

void mt_report_init(mt_report *r)
{
    memset(r, 0, sizeof(*r));
    mt_arena_init(&r->arena);
}

void mt_report_free(mt_report *r)
{
    for (size_t i = 0; i < r->results.len; i++) {
        mt_result *res = r->results.items[i];
        mt_vec_free(&res->findings);
        mt_vec_free(&res->packages);
        mt_vec_free(&res->vulns);
        free(res->rendered);
    }
    mt_vec_free(&r->results);
    mt_vec_free(&r->errors);
    mt_vec_free(&r->warnings);
    mt_arena_free(&r->arena);
    for (size_t i = 0; i < r->children.len; i++) {
        mt_report_free(r->children.items[i]);
        free(r->children.items[i]);
    }
    mt_vec_free(&r->children);
}

void mt_report_merge(mt_report *dst, mt_report *src)
{
    for (size_t i = 0; i < src->results.len; i++)
        mt_vec_push(&dst->results, src->results.items[i]);
    for (size_t i = 0; i < src->errors.len; i++)
        mt_vec_push(&dst->errors, src->errors.items[i]);
    for (size_t i = 0; i < src->warnings.len; i++)
        mt_vec_push(&dst->warnings, src->warnings.items[i]);
    dst->files_scanned += src->files_scanned;
    src->results.len = src->errors.len = src->warnings.len = 0;
    src->files_scanned = 0;
    mt_vec_push(&dst->children, src);
}

mt_result *mt_report_add_result(mt_report *r, const char *target, const char *class,
                                 const char *type)
{
    mt_result *res = mt_arena_alloc(&r->arena, sizeof(*res));
    res->target = mt_arena_strdup(&r->arena, target);
    res->class = class;
    res->type = type;
    res->fail_threshold = MT_SEV_UNKNOWN;
    mt_vec_push(&r->results, res);
    return res;
}

void mt_report_error_add(mt_report *r, const char *target, const char *fmt, ...)
{
    mt_report_error *e = mt_arena_alloc(&r->arena, sizeof(*e));
    e->target = mt_arena_strdup(&r->arena, target);
    va_list ap;
    va_start(ap, fmt);
    char tmp[1024];
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    e->message = mt_arena_strdup(&r->arena, tmp);
    mt_vec_push(&r->errors, e);
}

void mt_report_warn(mt_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[1024];
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    mt_vec_push(&r->warnings, mt_arena_strdup(&r->arena, tmp));
}

static int cmp_result(const void *a, const void *b)
{
    const mt_result *x = *(const mt_result *const *)a;
    const mt_result *y = *(const mt_result *const *)b;
    return strcmp(x->target, y->target);
}

static int cmp_finding(const void *a, const void *b)
{
    const mt_finding *x = *(const mt_finding *const *)a;
    const mt_finding *y = *(const mt_finding *const *)b;
    if (x->start_line != y->start_line)
        return x->start_line < y->start_line ? -1 : 1;
    if (x->start_col != y->start_col)
        return x->start_col < y->start_col ? -1 : 1;
    int c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

void mt_result_sort(mt_result *res)
{
    if (res->findings.len > 1)
        qsort(res->findings.items, res->findings.len, sizeof(void *), cmp_finding);
}

void mt_report_sort(mt_report *r)
{
    if (r->results.len > 1)
        qsort(r->results.items, r->results.len, sizeof(void *), cmp_result);
    for (size_t i = 0; i < r->results.len; i++)
        mt_result_sort(r->results.items[i]);
}

size_t mt_report_count(const mt_report *r, size_t counts[MT_SEV_COUNT], size_t *suppressed)
{
    size_t total = 0, sup = 0;
    for (int i = 0; i < MT_SEV_COUNT; i++)
        counts[i] = 0;
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed) {
                sup++;
                continue;
            }
            counts[f->severity]++;
            total++;
        }
    }
    if (suppressed)
        *suppressed = sup;
    return total;
}

void mt_finding_fingerprint(const mt_finding *f, char out[17])
{
    uint64_t h = mt_fnv1a64(f->rule->id, strlen(f->rule->id), 0);
    h = mt_fnv1a64("\0", 1, h);
    h = mt_fnv1a64(f->path, strlen(f->path), h);
    h = mt_fnv1a64("\0", 1, h);
    if (f->snippet) {
        /* Whitespace-insensitive so re-indenting does not change it.
         * FNV-1a over the other bytes; with the length known first the
         * loop can be unrolled. */
        const unsigned char *p = (const unsigned char *)f->snippet;
        size_t n = strlen(f->snippet);
#pragma GCC unroll 4
        for (size_t i = 0; i < n; i++) {
            if (p[i] != ' ' && p[i] != '\t') {
                h ^= p[i];
                h *= 0x100000001b3ull;
            }
        }
    } else {
        h = mt_fnv1a64(f->message, strlen(f->message), h);
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4)
        out[i] = hex[h & 15];
    out[16] = '\0';
}
