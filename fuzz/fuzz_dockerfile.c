/* fuzz_dockerfile.c — libFuzzer harness for the Dockerfile side: the input
 * is parsed with df_parse() and every instruction's arguments and
 * variables are expanded as the rules would; then the whole Dockerfile
 * analyzer runs on it through mt_scan_buffer() with every rule enabled and
 * the opt-in settings (label schema, trusted registries) filled in. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/scan.h"
#include "dockerfile/df_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mt_scan_opts opts; /* built once, kept for the whole run */

static void setup_opts(void)
{
    mt_scan_opts_init(&opts);
    opts.today = 20260101;
    opts.use_hadolint_config = false;
    const mt_analyzer *an = mt_analyzer_by_type("dockerfile");
    for (size_t i = 0; an && i < an->nrules; i++) {
        mt_rule_setting *rs = mt_xcalloc(1, sizeof(*rs));
        rs->id = mt_xstrdup(an->rule_at(i)->id);
        rs->enabled = 1;
        mt_vec_push(&opts.base.rules, rs);
    }
    static const char *const schema[][2] = {
        {"org.opencontainers.image.title", "text"},   {"org.opencontainers.image.source", "url"},
        {"org.opencontainers.image.authors", "email"}, {"org.opencontainers.image.created", "rfc3339"},
        {"org.opencontainers.image.version", "semver"}, {"org.opencontainers.image.revision", "hash"},
        {"org.opencontainers.image.licenses", "spdx"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(schema); i++) {
        mt_label_rule *l = mt_xcalloc(1, sizeof(*l));
        l->name = mt_xstrdup(schema[i][0]);
        l->kind = mt_xstrdup(schema[i][1]);
        mt_vec_push(&opts.base.label_schema, l);
    }
    mt_vec_push(&opts.base.trusted_registries, mt_xstrdup("docker.io"));
    mt_vec_push(&opts.base.trusted_registries, mt_xstrdup("gcr.io"));
    opts.base.strict_labels = true;
}

/* Reads every field the parser fills, so ASan sees bad pointers. */
static size_t touch_instr(const df_instr *in)
{
    size_t n = strlen(in->keyword) + strlen(in->text) + strlen(in->args);
    for (size_t j = 0; j < in->nflags; j++)
        n += strlen(in->flags[j].name) + (in->flags[j].value ? strlen(in->flags[j].value) : 0);
    if (!in->argv || in->argv[in->argc]) /* never NULL, NULL-terminated */
        __builtin_trap();
    for (size_t j = 0; j < in->argc; j++)
        n += strlen(in->argv[j]);
    for (size_t j = 0; j < in->nkv; j++)
        n += strlen(in->kvs[j].key) + (in->kvs[j].value ? strlen(in->kvs[j].value) : 0);
    for (size_t j = 0; j < in->nheredocs; j++)
        n += strlen(in->heredocs[j].word) + strlen(in->heredocs[j].body);
    if (in->error)
        n += strlen(in->error);
    if (in->trigger)
        n += touch_instr(in->trigger);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        setup_opts();
        ready = 1;
    }
    const char *src = (const char *)data;

    mt_arena a;
    mt_arena_init(&a);
    df_file f;
    df_parse(&a, src, size, &f);
    size_t n = 0;
    for (size_t k = 0; k < f.ninstrs; k++) {
        const df_instr *in = f.instrs[k];
        n += touch_instr(in);
        bool unresolved = false;
        n += strlen(df_expand_at(&f, k, &a, in->args, &unresolved));
        for (size_t j = 0; j < in->argc; j++)
            n += strlen(df_expand_at(&f, k, &a, in->argv[j], &unresolved));
        for (size_t j = 0; j < in->nkv; j++) {
            const char *v = df_var_at(&f, k + 1, in->kvs[j].key, strlen(in->kvs[j].key), &a);
            n += v ? strlen(v) : 0;
        }
        if (in->stage >= (int)f.nstages || in->stage < -1)
            __builtin_trap();
    }
    for (size_t k = 0; k < f.nstages; k++) {
        const df_stage *st = f.stages[k];
        if (st->parent >= (int)k || st->first > st->last || st->last >= f.ninstrs)
            __builtin_trap();
        n += strlen(st->image) + (st->name ? strlen(st->name) : 0);
    }
    for (size_t k = 0; k < f.ncomments; k++)
        n += strlen(f.comments[k].text);
    for (size_t k = 0; k < f.nerrors; k++)
        n += strlen(f.errors[k].msg);
    (void)n;
    mt_arena_free(&a);

    mt_report rep;
    mt_report_init(&rep);
    mt_scan_buffer(&opts, "Dockerfile", src, size, "dockerfile", &rep);
    mt_report_free(&rep);
    return 0;
}
