/* fuzz_osv.c — libFuzzer harness for the OSV importer (vuln/osv.h):
 * osv_parse_many() and osv_parse() on the input, with checks of what they
 * return (an error has a message and leaves the list alone; every record
 * has an id, every affected entry an ecosystem and a name, every event a
 * known kind and a version, counts match the arrays; osv_parse() agrees
 * with osv_parse_many() on a single record). An input starting with "PK"
 * is also read as an all.zip archive from memory, with small limits, and
 * each member parsed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const vr_record *r)
{
    if (!r->id || !*r->id)
        __builtin_trap();
    if ((r->naliases && !r->aliases) || (r->nreferences && !r->references) ||
        (r->nseverity && !r->severity) || (r->naffected && !r->affected) ||
        r->naffected > OSV_MAX_AFFECTED)
        __builtin_trap();
    for (size_t i = 0; i < r->naliases; i++)
        if (!r->aliases[i])
            __builtin_trap();
    for (size_t i = 0; i < r->nreferences; i++)
        if (!r->references[i])
            __builtin_trap();
    for (size_t i = 0; i < r->nseverity; i++)
        if (!r->severity[i].type || !r->severity[i].score)
            __builtin_trap();
    for (size_t i = 0; i < r->naffected; i++) {
        const vr_affected *af = &r->affected[i];
        if (!af->ecosystem || !af->name || (af->nranges && !af->ranges) ||
            (af->nversions && !af->versions))
            __builtin_trap();
        for (size_t k = 0; k < af->nversions; k++)
            if (!af->versions[k] || strlen(af->versions[k]) > OSV_MAX_STRING)
                __builtin_trap();
        for (size_t k = 0; k < af->nranges; k++) {
            const vr_range *rg = &af->ranges[k];
            if (rg->type > VR_RANGE_GIT || (rg->nevents && !rg->events))
                __builtin_trap();
            for (size_t e = 0; e < rg->nevents; e++)
                if (rg->events[e].kind > VR_EV_LIMIT || !rg->events[e].version)
                    __builtin_trap();
        }
    }
}

typedef struct {
    size_t members;
} zip_state;

static int on_member(void *ud, const char *name, const char *buf, size_t len)
{
    zip_state *z = ud;
    if (!name || !buf || buf[len] != '\0' || len > 1 << 20)
        __builtin_trap();
    z->members++;
    mt_arena a;
    mt_arena_init(&a);
    vr_record r;
    char err[256];
    if (osv_parse(&a, buf, len, &r, err, sizeof(err)) == 0)
        check_record(&r);
    mt_arena_free(&a);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    mt_arena a;
    mt_arena_init(&a);
    char err[512];
    mt_vec out = {0};
    mt_vec_push(&out, (void *)"sentinel");
    int n = osv_parse_many(&a, s, size, &out, err, sizeof(err));
    if (n < 0) {
        if (n != -1 || !err[0] || out.len != 1)
            __builtin_trap();
    } else {
        if (out.len != (size_t)n + 1 || err[0])
            __builtin_trap();
        for (size_t i = 1; i < out.len; i++)
            check_record(out.items[i]);
    }

    vr_record r;
    memset(&r, 0x5A, sizeof(r));
    int one = osv_parse(&a, s, size, &r, err, sizeof(err));
    if (one == 0) {
        check_record(&r);
        /* one record: the list entry point read the same one */
        if (n != 1 || strcmp(r.id, ((vr_record *)out.items[1])->id) != 0)
            __builtin_trap();
    } else if (one != -1 || !err[0] || r.id || r.naffected) {
        __builtin_trap();
    }
    mt_vec_free(&out);
    mt_arena_free(&a);

    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        osv_zip_limits lim = {.max_member = 1 << 20, .max_total = 4 << 20, .max_members = 64};
        zip_state z = {0};
        int m = osv_zip_each_limits(NULL, data, size, &lim, on_member, &z, err, sizeof(err));
        if ((m < 0 && (m != -1 || !err[0])) || (m >= 0 && (size_t)m != z.members))
            __builtin_trap();
    }
    return 0;
}
