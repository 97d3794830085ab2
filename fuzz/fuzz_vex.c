/* fuzz_vex.c — libFuzzer harness for the VEX reader: vex_parse() on the
 * input (OpenVEX or CycloneDX JSON), checks of the statements (identifier,
 * status, origin, products and scopes), then lookups: every statement is
 * found for its own vulnerability and first product (itself or a later
 * one that supersedes it), also through vex_lookup_in() with its scope,
 * and a lookup of an unrelated vulnerability finds nothing. The input is
 * also read a second time into the same vector, which must double it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/vex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec v = {0};
    char err[768];
    int rc = vex_parse(&a, (const char *)data, size, "fuzz.json", &v, err, sizeof(err));
    if (rc != 0) {
        if (rc != -1 || v.len || strncmp(err, "fuzz.json: ", 11) != 0)
            __builtin_trap();
    } else {
        size_t n = v.len;
        for (size_t i = 0; i < n; i++) {
            const vex_statement *s = v.items[i];
            if (!s->vuln_id || !*s->vuln_id || !s->origin ||
                strncmp(s->origin, "fuzz.json#", 10) != 0 || (unsigned)s->status > 3 ||
                strcmp(vex_status_name(s->status), "unknown") == 0)
                __builtin_trap();
            for (size_t k = 0; k < s->naliases; k++) {
                if (!s->aliases[k] || !*s->aliases[k])
                    __builtin_trap();
            }
            for (size_t k = 0; k < s->nproducts; k++) {
                if (!s->products[k] || !*s->products[k])
                    __builtin_trap();
            }
            const char *prod = s->nproducts ? s->products[0] : "pkg:generic/anything@1";
            const vex_statement *f = vex_lookup(&v, s->vuln_id, NULL, 0, prod);
            if (!f)
                __builtin_trap();
            if (s->nproducts && s->scopes[0] &&
                !vex_lookup_in(&v, s->vuln_id, NULL, 0, prod, s->scopes[0]))
                __builtin_trap();
            if (s->naliases &&
                !vex_lookup(&v, "MOAT-FUZZ-NONE", (const char *const *)s->aliases, 1, prod))
                __builtin_trap();
        }
        for (size_t i = 0; i < n; i++) {
            const vex_statement *s = v.items[i];
            bool named = strcmp(s->vuln_id, "MOAT-FUZZ-NONE") == 0;
            for (size_t k = 0; k < s->naliases; k++)
                named |= mt_streq_ci(s->aliases[k], "MOAT-FUZZ-NONE");
            if (named)
                goto done;
        }
        if (vex_lookup(&v, "MOAT-FUZZ-NONE", NULL, 0, "pkg:npm/a@1"))
            __builtin_trap();
        if (vex_parse(&a, (const char *)data, size, "fuzz.json", &v, err, sizeof(err)) != 0 ||
            v.len != 2 * n)
            __builtin_trap();
    }
done:
    mt_vec_free(&v);
    mt_arena_free(&a);
    return 0;
}
