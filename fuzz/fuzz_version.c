/* fuzz_version.c — libFuzzer harness for the version comparators
 * (vuln/version.h): the input is split at its first NUL or newline into
 * two strings a and b, and every comparator (and mt_vercmp() for each
 * dispatched type) must be reflexive, antisymmetric in sign, return only
 * -1, 0 or 1, and agree with mt_verok()'s invalid-first rule. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char abuf[4096], bbuf[4096];

static void check(int (*cmp)(const char *, const char *), const char *a, const char *b)
{
    int ab = cmp(a, b), ba = cmp(b, a);
    if (ab < -1 || ab > 1 || ab != -ba)
        __builtin_trap();
    if (cmp(a, a) != 0 || cmp(b, b) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2 * sizeof(abuf) - 2)
        return 0;
    size_t cut = 0;
    while (cut < size && data[cut] != '\0' && data[cut] != '\n')
        cut++;
    size_t alen = cut, blen = cut < size ? size - cut - 1 : 0;
    if (alen >= sizeof(abuf) || blen >= sizeof(bbuf))
        return 0;
    memcpy(abuf, data, alen);
    abuf[alen] = '\0';
    if (blen)
        memcpy(bbuf, data + cut + 1, blen);
    bbuf[blen] = '\0'; /* b may hold NULs: it then ends at the first */
    const char *a = abuf, *b = bbuf;

    check(mt_vercmp_deb, a, b);
    check(mt_vercmp_rpm, a, b);
    check(mt_vercmp_apk, a, b);
    check(mt_vercmp_semver, a, b);
    check(mt_vercmp_natural, a, b);

    static const char *const ecos[] = {"deb", "rpm", "apk", "golang", "npm", "cargo", "pypi"};
    for (size_t i = 0; i < sizeof(ecos) / sizeof(ecos[0]); i++) {
        int r = mt_vercmp(ecos[i], a, b);
        if (r != -mt_vercmp(ecos[i], b, a))
            __builtin_trap();
        bool oka = mt_verok(ecos[i], a), okb = mt_verok(ecos[i], b);
        if (oka != okb && r != (oka ? 1 : -1))
            __builtin_trap(); /* an invalid version sorts first */
    }
    return 0;
}
