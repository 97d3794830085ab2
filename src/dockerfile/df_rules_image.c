/* df_rules_image.c — checks on FROM lines and stages: tags, digests,
 * registries, platforms, stage names, what comes before FROM, HEALTHCHECK. */
#include "dockerfile/df_rules.h"

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
        df_image_ref ref;
        df_parse_image_ref(c->arena, img, &ref);
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
        df_image_ref ref;
        df_parse_image_ref(c->arena, img, &ref);
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
        df_image_ref ref;
        df_parse_image_ref(c->arena, img, &ref);
        if (!ref.digest)
            df_emit(c, r, c->df->stages[s]->from, "Base image '%s' is not pinned by digest", img);
    }
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
        df_image_ref ref;
        df_parse_image_ref(c->arena, img, &ref);
        const char *reg = ref.registry ? ref.registry : "docker.io";
        bool ok = false;
        for (size_t k = 0; k < trusted->len && !ok; k++) {
            const char *t = trusted->items[k];
            ok = strcasecmp(t, reg) == 0 || mt_glob_match(t, reg);
            if (!ref.registry && (strcasecmp(t, "hub.docker.com") == 0 ||
                                  strcasecmp(t, "index.docker.io") == 0))
                ok = true;
        }
        if (!ok)
            df_emit(c, r, c->df->stages[s]->from,
                    "Base image '%s' comes from registry '%s', which is not in the trusted list",
                    img, reg);
    }
}

DF_CHECK(df_check_from_platform)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *plat = c->df->stages[s]->platform;
        if (!plat)
            continue;
        if (strstr(plat, "BUILDPLATFORM") || strstr(plat, "TARGETPLATFORM"))
            continue;
        df_emit(c, r, c->df->stages[s]->from, "FROM uses a fixed --platform=%s", plat);
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
        if (in->kind != DF_ARG && in->kind != DF_UNKNOWN) {
            df_emit(c, r, in, "%s comes before the first FROM; only ARG may", in->keyword);
            return;
        }
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
