/* df_rules_image.c — checks on FROM lines and stages: tags, digests,
 * registries, platforms, stage names, what comes before FROM, HEALTHCHECK. */
#include "dockerfile/df_rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Resolved base image of stage s if it is an external image (not scratch,
 * not an earlier stage, not unresolved); else NULL. */
static const char *external_image(df_ctx *c, int s)
{
    const df_stage *st = c->df->stages[s];
    if (st->from->error || !st->image_resolved || !*st->image_resolved)
        return NULL;
    if (strcasecmp(st->image_resolved, "scratch") == 0)
        return NULL;
    if (st->parent >= 0 || df_is_stage_alias(c, s, st->image_resolved))
        return NULL;
    return st->image_resolved;
}

DF_CHECK(df_check_untagged)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *img = external_image(c, (int)s);
        if (!img)
            continue;
        const df_image_ref ref = *df_stage_image_ref(c, (int)s);
        if (!ref.tag && !ref.digest)
            df_emit(c, r, c->df->stages[s]->from,
                    "Base image '%s' has no tag; pin a version, e.g. '%s:<version>'", img, img);
    }
}

DF_CHECK(df_check_latest)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *img = external_image(c, (int)s);
        if (!img)
            continue;
        const df_image_ref ref = *df_stage_image_ref(c, (int)s);
        if (ref.tag && strcmp(ref.tag, "latest") == 0 && !ref.digest)
            df_emit(c, r, c->df->stages[s]->from, "Base image '%s' uses the 'latest' tag", img);
    }
}

DF_CHECK(df_check_base_digest)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *img = external_image(c, (int)s);
        if (!img)
            continue;
        const df_image_ref ref = *df_stage_image_ref(c, (int)s);
        if (!ref.digest)
            df_emit(c, r, c->df->stages[s]->from, "Base image '%s' is not pinned by digest", img);
    }
}

/* Docker Hub answers under several host names; they all mean docker.io. */
static const char *canonical_registry(const char *reg)
{
    static const char *const hub[] = {"docker.io", "index.docker.io", "registry-1.docker.io",
                                      "registry.hub.docker.com", "hub.docker.com"};
    for (size_t k = 0; k < MT_ARRAY_LEN(hub); k++) {
        if (strcasecmp(reg, hub[k]) == 0)
            return "docker.io";
    }
    return reg;
}

DF_CHECK(df_check_trusted_registry)
{
    const mt_vec *trusted = &c->sf->settings->trusted_registries;
    if (trusted->len == 0)
        return;
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *img = external_image(c, (int)s);
        if (!img)
            continue;
        const df_image_ref ref = *df_stage_image_ref(c, (int)s);
        /* An image without a registry host comes from Docker Hub. */
        const char *reg = canonical_registry(ref.registry ? ref.registry : "docker.io");
        bool ok = false;
        for (size_t k = 0; k < trusted->len && !ok; k++) {
            const char *t = canonical_registry(trusted->items[k]);
            ok = strcasecmp(t, reg) == 0 || mt_glob_match(t, reg);
        }
        if (!ok)
            df_emit(c, r, c->df->stages[s]->from,
                    "Base image '%s' comes from registry '%s', which is not in the trusted list",
                    img, reg);
    }
}

/* True when a --platform value names one of the platform ARGs BuildKit sets
 * for every build ($BUILDPLATFORM, ${TARGETOS}, ...). */
static bool uses_automatic_platform_arg(const char *v)
{
    static const char *const autos[] = {"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
                                        "TARGETPLATFORM", "TARGETOS", "TARGETARCH",
                                        "TARGETVARIANT"};
    for (const char *p = strchr(v, '$'); p; p = strchr(p + 1, '$')) {
        const char *n = p[1] == '{' ? p + 2 : p + 1;
        size_t len = 0;
        while (n[len] == '_' || isalnum((unsigned char)n[len]))
            len++;
        for (size_t k = 0; k < MT_ARRAY_LEN(autos); k++) {
            if (strlen(autos[k]) == len && strncmp(n, autos[k], len) == 0)
                return true;
        }
    }
    return false;
}

DF_CHECK(df_check_from_platform)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const df_stage *st = c->df->stages[s];
        const char *plat = st->platform;
        if (!plat || uses_automatic_platform_arg(plat))
            continue;
        /* A build argument without a known value is chosen per build, so
         * it is not a hard-coded platform. */
        const char *res = df_resolve(c, st->first, plat);
        if (!res)
            continue;
        if (strcmp(res, plat) != 0)
            df_emit(c, r, st->from, "FROM uses a fixed --platform=%s (%s)", plat, res);
        else
            df_emit(c, r, st->from, "FROM uses a fixed --platform=%s", plat);
    }
}

DF_CHECK(df_check_duplicate_alias)
{
    for (size_t s = 1; s < c->df->nstages; s++) {
        const char *name = c->df->stages[s]->name;
        if (!name)
            continue;
        for (size_t k = 0; k < s; k++) {
            if (c->df->stages[k]->name && strcmp(c->df->stages[k]->name, name) == 0) {
                df_emit(c, r, c->df->stages[s]->from,
                        "Stage name '%s' is already used by the FROM on line %d", name,
                        c->df->stages[k]->from->line);
                break;
            }
        }
    }
}

DF_CHECK(df_check_first_instruction)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind == DF_FROM)
            return;
        /* Unknown instructions are reported as parse errors (DF1000). */
        if (in->kind != DF_ARG && in->kind != DF_UNKNOWN)
            df_emit(c, r, in, "%s comes before the first FROM; only ARG may", in->keyword);
    }
}

static bool stage_has_healthcheck(const df_ctx *c, int s, int depth)
{
    if (s < 0 || depth > 64)
        return false;
    const df_stage *st = c->df->stages[s];
    for (size_t k = st->first; k <= st->last && k < c->df->ninstrs; k++) {
        if (c->df->instrs[k]->kind == DF_HEALTHCHECK)
            return true;
    }
    return stage_has_healthcheck(c, st->parent, depth + 1);
}

DF_CHECK(df_check_healthcheck_missing)
{
    int s = df_final_stage(c);
    if (s < 0)
        return;
    const df_stage *st = c->df->stages[s];
    if (st->image_resolved && strcasecmp(st->image_resolved, "scratch") == 0 &&
        st->last == st->first)
        return;
    if (!stage_has_healthcheck(c, s, 0))
        df_emit(c, r, st->from, "The final stage defines no HEALTHCHECK");
}
