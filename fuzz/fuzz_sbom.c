/* fuzz_sbom.c — libFuzzer harness for the SBOM reader: sbom_parse() on the
 * input, then checks of what it returns (a failure leaves no package and
 * an empty OS and says why; every package has a type, name, version and
 * source, no field holds a control character, its purl parses and names
 * the package's type; errors have a message), pkg_purl() on a copy of
 * every package and a check that the purl it builds holds only what the
 * purl spec permits and parses back. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/sbom_in.h"

#include "fuzz_purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const char *s, bool may_be_null)
{
    if (!s) {
        if (!may_be_null)
            __builtin_trap();
        return;
    }
    if (!*s)
        __builtin_trap();
    for (const char *c = s; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};
    mt_os os;
    char err[512];
    int rc = sbom_parse(&a, (const char *)data, size, "fuzz.json", &pkgs, &os, &errs, err,
                        sizeof(err));
    if (rc != 0) {
        if (rc != -1 || pkgs.len || os.id || !err[0] || strncmp(err, "fuzz.json: ", 11) != 0)
            __builtin_trap();
    } else {
        if (err[0])
            __builtin_trap();
        check_field(os.id, true);
        check_field(os.version_id, true);
        check_field(os.codename, true);
        check_field(os.pretty_name, true);
        if (!os.id && (os.version_id || os.codename || os.pretty_name))
            __builtin_trap();
    }
    for (size_t i = 0; i < errs.len; i++) {
        const mt_pkg_error *e = errs.items[i];
        if (e->line != 0 || !e->message || !*e->message)
            __builtin_trap();
    }
    for (size_t i = 0; i < pkgs.len; i++) {
        const mt_pkg *p = pkgs.items[i];
        check_field(p->type, false);
        check_field(p->name, false);
        check_field(p->version, false);
        check_field(p->source_name, false);
        check_field(p->source_version, false);
        check_field(p->arch, true);
        check_field(p->license, true);
        check_field(p->db_path, false);
        check_field(p->purl, false);
        if (p->layer < -1)
            __builtin_trap();
        sbom_purl pu;
        const char *why = NULL;
        if (sbom_purl_parse(&a, p->purl, strlen(p->purl), &pu, &why) != 0 ||
            strcmp(pu.type, p->type) != 0)
            __builtin_trap();
        mt_pkg copy = *p;
        pkg_purl(&a, &copy, os.id ? &os : NULL);
        if (copy.purl) {
            fuzz_check_purl(copy.purl, "pkg:");
            if (sbom_purl_parse(&a, copy.purl, strlen(copy.purl), &pu, &why) != 0)
                __builtin_trap();
        }
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
