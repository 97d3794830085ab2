/* fuzz_osrelease.c — libFuzzer harness for the operating-system readers:
 * pkg_parse_os_release() and the alpine-release, debian_version and
 * redhat-release fallbacks on the input, then pkg_purl() of a deb, an rpm
 * and an apk package with each mt_os found (arbitrary ids and versions end
 * up in the namespace and the distro qualifier), and of language packages
 * named after the input's first line. Each purl must hold only the
 * characters the purl spec permits. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/pkg.h"

#include "fuzz_purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
    if (s && !*s)
        __builtin_trap(); /* empty values are reported as NULL */
}

static void purls_for(mt_arena *a, const mt_os *os)
{
    static const char *const types[] = {"deb", "rpm", "apk"};
    check_str(os->id);
    check_str(os->version_id);
    check_str(os->codename);
    check_str(os->pretty_name);
    check_str(os->id_like);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        mt_pkg p = {0};
        p.type = types[i];
        p.name = (char *)"libfoo";
        p.version = (char *)"1:2.3+dfsg-4";
        p.arch = (char *)"amd64";
        pkg_purl(a, &p, os);
        fuzz_check_purl(p.purl, "pkg:");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    const char *s = (const char *)data;
    mt_os os;
    if (pkg_parse_os_release(&a, s, size, &os) == 0 && !os.id)
        __builtin_trap();
    purls_for(&a, &os);
    if (pkg_os_from_alpine_release(&a, s, size, &os) == 0 && !os.version_id)
        __builtin_trap();
    purls_for(&a, &os);
    if (pkg_os_from_debian_version(&a, s, size, &os) == 0 && !os.version_id && !os.codename)
        __builtin_trap();
    purls_for(&a, &os);
    if (pkg_os_from_redhat_release(&a, s, size, &os) == 0 && !os.id)
        __builtin_trap();
    purls_for(&a, &os);

    /* language packages named after the first line of the input */
    const char *nl = memchr(s, '\n', size);
    size_t n = nl ? (size_t)(nl - s) : size;
    if (n > 512)
        n = 512;
    char *name = mt_arena_strndup(&a, s, n);
    static const char *const langs[] = {"npm",   "pypi", "golang", "maven", "composer",
                                        "cargo", "gem",  "nuget",  "github", "generic"};
    for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
        mt_pkg p = {0};
        p.type = langs[i];
        p.name = name;
        p.version = name;
        pkg_purl(&a, &p, NULL);
        if (p.purl)
            fuzz_check_purl(p.purl, "pkg:");
    }
    mt_arena_free(&a);
    return 0;
}
