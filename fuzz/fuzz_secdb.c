/* fuzz_secdb.c — libFuzzer harness for the Alpine secdb importer
 * (vuln/secdb.h): secdb_parse_ex() on the input read as YAML and as JSON
 * (the ".json" name), with checks of what it returns: an error has a
 * message and leaves the lists alone; records are sorted by id without
 * duplicates, each "ALPINE-" + its first alias, with at least one affected
 * entry of one ECOSYSTEM range {introduced "0", fixed VERSION} whose
 * version is never "0"; every problem has a message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/secdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const char *s, size_t size, const char *path)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec out = {0}, probs = {0};
    char err[1024];
    int n = secdb_parse_ex(&a, s, size, path, &out, &probs, err, sizeof(err));
    if (n < 0) {
        if (n != -1 || !err[0] || out.len || probs.len)
            __builtin_trap();
    } else {
        if ((size_t)n != out.len || (probs.len == 0) != (err[0] == '\0'))
            __builtin_trap();
        for (size_t i = 0; i < probs.len; i++)
            if (!probs.items[i] || !*(const char *)probs.items[i])
                __builtin_trap();
        for (size_t i = 0; i < out.len; i++) {
            const vr_record *r = out.items[i];
            if (!r->id || strncmp(r->id, "ALPINE-", 7) != 0 || r->naliases < 1 ||
                strcmp(r->id + 7, r->aliases[0]) != 0 || r->naffected < 1)
                __builtin_trap();
            if (i && strcmp(((const vr_record *)out.items[i - 1])->id, r->id) >= 0)
                __builtin_trap();
            for (size_t k = 1; k < r->naliases; k++)
                if (!r->aliases[k] || strcmp(r->aliases[k], r->aliases[0]) == 0 ||
                    (k > 1 && strcmp(r->aliases[k - 1], r->aliases[k]) >= 0))
                    __builtin_trap();
            for (size_t k = 0; k < r->naffected; k++) {
                const vr_affected *af = &r->affected[k];
                if (!af->ecosystem || strncmp(af->ecosystem, "Alpine:", 7) != 0 || !af->name ||
                    af->nranges != 1 || af->ranges[0].type != VR_RANGE_ECOSYSTEM ||
                    af->ranges[0].nevents != 2 ||
                    af->ranges[0].events[0].kind != VR_EV_INTRODUCED ||
                    strcmp(af->ranges[0].events[0].version, "0") != 0 ||
                    af->ranges[0].events[1].kind != VR_EV_FIXED ||
                    strcmp(af->ranges[0].events[1].version, "0") == 0)
                    __builtin_trap();
                if (k && strcmp(r->affected[k - 1].name, af->name) > 0)
                    __builtin_trap();
            }
        }
    }
    mt_vec_free(&out);
    mt_vec_free(&probs);
    mt_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run((const char *)data, size, "fuzz.yaml");
    run((const char *)data, size, "fuzz.json");
    return 0;
}
