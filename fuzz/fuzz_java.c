/* fuzz_java.c — libFuzzer harness for the Java archive reader:
 * pkg_parse_java_archive() on the input as a WAR, with checks of what it
 * returns (every package is a "maven" one with a name and a version,
 * source fields shared, db_path the archive or a nested path under it;
 * errors of line 0 with a message starting with the archive path), then
 * pkg_purl() on every package; and once more with tight limits (depth 1,
 * 64 KiB per nested entry, 256 KiB in all, 64 entries) to reach their
 * paths. Seeds in fuzz/corpus/java are small jars and WARs (a real jar of
 * Debian's libslf4j-java, a WAR nesting it, a manifest-only jar, a zip
 * bomb, a broken pom.properties; see tests/pkg/java/README.md). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/java.h"
#include "pkg/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(mt_arena *a, const mt_vec *pkgs, const mt_vec *errs, size_t n)
{
    static const char path[] = "srv/app.war";
    if (n != pkgs->len)
        __builtin_trap();
    for (size_t i = 0; i < pkgs->len; i++) {
        mt_pkg *p = pkgs->items[i];
        if (strcmp(p->type, "maven") != 0 || !p->name || !*p->name || !p->version ||
            !*p->version || p->source_name != p->name || p->source_version != p->version ||
            p->layer != -1 || p->license || p->arch || p->checksum || !p->db_path ||
            strncmp(p->db_path, path, sizeof(path) - 1) != 0 ||
            (p->db_path[sizeof(path) - 1] && strncmp(p->db_path + sizeof(path) - 1, "!/", 2)))
            __builtin_trap();
        pkg_purl(a, p, NULL);
        if (!p->purl || strncmp(p->purl, "pkg:maven/", 10) != 0)
            __builtin_trap();
    }
    for (size_t i = 0; i < errs->len; i++) {
        const mt_pkg_error *e = errs->items[i];
        if (e->line != 0 || !e->message || strncmp(e->message, path, sizeof(path) - 1) != 0)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    mt_arena a;
    mt_arena_init(&a);
    mt_vec pkgs = {0}, errs = {0};
    size_t n = pkg_parse_java_archive(&a, d, size, "srv/app.war", &pkgs, &errs);
    check(&a, &pkgs, &errs, n);
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);

    pkg_java_limits lim;
    pkg_java_default_limits(&lim);
    lim.max_depth = 1;
    lim.max_entry_bytes = 64u << 10;
    lim.max_total_bytes = 256u << 10;
    lim.max_entries = 64;
    n = pkg_parse_java_archive_limits(&a, d, size, "srv/app.war", &pkgs, &errs, &lim);
    check(&a, &pkgs, &errs, n);
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    mt_arena_free(&a);
    return 0;
}
