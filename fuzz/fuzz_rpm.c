/* fuzz_rpm.c — libFuzzer harness for the rpm database readers (rpm.h): the
 * input goes to the header blob decoder and to each of the three database
 * parsers (sqlite, Berkeley DB hash, ndb). Checks what they return: every
 * package has type "rpm", a non-empty name and version, a source name and
 * version, no gpg-pubkey, the db_path passed in and layer -1; each error
 * has a message and a line >= 0; then pkg_purl() on every package with and
 * without an operating system. Seeds (fuzz/corpus/rpm) are made by
 * tests/pkg/rpm/make-fuzz-seeds.sh. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/pkg.h"
#include "pkg/rpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pkg(mt_arena *a, mt_pkg *p, const char *db_path)
{
    static const mt_os os = {.id = "rocky", .version_id = "9.3"};
    if (!p || !p->type || strcmp(p->type, "rpm") != 0 || !p->name || !*p->name || !p->version ||
        !*p->version || !p->source_name || !*p->source_name || !p->source_version ||
        !*p->source_version || p->layer != -1 || p->purl || strcmp(p->name, "gpg-pubkey") == 0)
        __builtin_trap();
    if (db_path != p->db_path && (!db_path || !p->db_path || strcmp(db_path, p->db_path) != 0))
        __builtin_trap();
    if ((p->arch && !*p->arch) || (p->license && !*p->license))
        __builtin_trap();
    pkg_purl(a, p, NULL);
    if (!p->purl || strncmp(p->purl, "pkg:rpm/", 8) != 0)
        __builtin_trap();
    pkg_purl(a, p, &os);
    if (!p->purl || strncmp(p->purl, "pkg:rpm/rocky/", 14) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);

    mt_pkg one;
    const char *why = NULL;
    pkg_rpm_result r = pkg_rpm_header(&a, data, size, &one, &why);
    if (r == PKG_RPM_PACKAGE)
        check_pkg(&a, &one, NULL);
    else if (r == PKG_RPM_BAD && (!why || !*why))
        __builtin_trap();

    static size_t (*const parsers[])(mt_arena *, const char *, size_t, const char *, mt_vec *,
                                     mt_vec *) = {pkg_parse_rpm_sqlite, pkg_parse_rpm_bdb,
                                                  pkg_parse_rpm_ndb};
    static const char *const paths[] = {"var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages",
                                        "var/lib/rpm/Packages.db"};
    for (size_t k = 0; k < sizeof(parsers) / sizeof(parsers[0]); k++) {
        mt_vec pkgs = {0}, errs = {0};
        size_t n = parsers[k](&a, (const char *)data, size, paths[k], &pkgs, &errs);
        if (n != pkgs.len)
            __builtin_trap();
        for (size_t i = 0; i < errs.len; i++) {
            const mt_pkg_error *e = errs.items[i];
            if (e->line < 0 || !e->message || !*e->message)
                __builtin_trap();
        }
        for (size_t i = 0; i < pkgs.len; i++)
            check_pkg(&a, pkgs.items[i], paths[k]);
        mt_vec_free(&pkgs);
        mt_vec_free(&errs);
    }
    mt_arena_free(&a);
    return 0;
}
