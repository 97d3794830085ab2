/* fuzz_gobin.c — libFuzzer harness for the Go build-information reader:
 * pkg_gobin_sniff(), pkg_gobin_read() and pkg_parse_go_binary() on the
 * input, with checks of what they return (sniff agrees with read; every
 * package is a "golang" one with a name and a version, stdlib first;
 * strings are as long as they say; the header lies in the input (it is
 * aligned on 16 bytes of its virtual address, which need not be its file
 * offset); the module counts fit the text; errors have messages and line
 * 0), then pkg_purl() on every package. Seeds in fuzz/corpus/gobin are
 * small ELF, PE and Mach-O files of both layouts (tests/pkg/gobin/record.sh
 * writes them). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/gobin.h"
#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};

    bool sniff = pkg_gobin_sniff(d, size);
    pkg_gobin_info info;
    int rc = pkg_gobin_read(&a, d, size, &info, &errs);
    if (sniff != (rc == 0))
        __builtin_trap();
    if (rc == 0) {
        if (!info.go_version || !*info.go_version || !info.modinfo ||
            strlen(info.modinfo) > info.modinfo_len || info.offset + 32 > size ||
            (info.ptr_size != 4 && info.ptr_size != 8))
            __builtin_trap();
        if (info.ndeps + info.nsettings > info.modinfo_len)
            __builtin_trap();
        for (size_t i = 0; i < info.ndeps; i++) {
            const pkg_gobin_module *m = info.deps[i];
            if (!m || !m->path || !m->version || !m->sum)
                __builtin_trap();
        }
        for (size_t i = 0; i < info.nsettings; i++) {
            if (!info.settings[i].key || !info.settings[i].value)
                __builtin_trap();
        }
    } else if (errs.len == 0) {
        __builtin_trap();
    }
    for (size_t i = 0; i < errs.len; i++) {
        const mt_pkg_error *e = errs.items[i];
        if (e->line != 0 || !e->message || !*e->message)
            __builtin_trap();
    }

    size_t n = pkg_parse_go_binary(&a, d, size, "usr/local/bin/app", &pkgs, NULL);
    if (n != pkgs.len || (rc == 0) != (n > 0))
        __builtin_trap();
    for (size_t i = 0; i < pkgs.len; i++) {
        mt_pkg *p = pkgs.items[i];
        if (strcmp(p->type, "golang") != 0 || !p->name || !*p->name || !p->version ||
            !*p->version || p->source_name != p->name || p->source_version != p->version ||
            p->layer != -1 || strcmp(p->db_path, "usr/local/bin/app") != 0 ||
            (p->checksum && !*p->checksum))
            __builtin_trap();
        if (i == 0 && strcmp(p->name, "stdlib") != 0)
            __builtin_trap();
        pkg_purl(&a, p, NULL);
        if (!p->purl || strncmp(p->purl, "pkg:golang/", 11) != 0)
            __builtin_trap();
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
