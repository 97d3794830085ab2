/* fuzz_version.c — libFuzzer harness for the version comparators
 * (vuln/version.h): the input is split at its first NUL or newline into
 * two strings a and b, and c is b without its last byte. Every comparator
 * (and mt_vercmp() for each dispatched type) must be reflexive,
 * antisymmetric in sign, transitive on a, b, c (all but Maven's, which is
 * not: see version.h), return only -1, 0 or 1,
 * and agree with mt_verok()'s invalid-first rule; mt_go_version_normalize()
 * must give a valid semver or "", and mt_ecosystem_vertype() a dispatched
 * type or NULL. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char abuf[4096], bbuf[4096], cbuf[4096];

static void check(int (*cmp)(const char *, const char *), const char *a, const char *b,
                  const char *c, bool transitive)
{
    int ab = cmp(a, b), ba = cmp(b, a);
    if (ab < -1 || ab > 1 || ab != -ba)
        __builtin_trap();
    if (cmp(a, a) != 0 || cmp(b, b) != 0)
        __builtin_trap();
    if (!transitive)
        return;
    int bc = cmp(b, c), ac = cmp(a, c);
    if (ab == bc && ac != ab)
        __builtin_trap(); /* a < b < c but not a < c (or the same for = and >) */
    if (ab == 0 && ac != bc)
        __builtin_trap();
}

static const char *const ecos[] = {"deb",   "rpm", "apk",   "golang",   "npm",  "cargo",
                                   "pypi",  "maven", "gem", "composer", "nuget", "hex"};

static void check_eco(const char *eco, const char *a, const char *b)
{
    int r = mt_vercmp(eco, a, b);
    if (r != -mt_vercmp(eco, b, a) || r < -1 || r > 1)
        __builtin_trap();
    bool oka = mt_verok(eco, a), okb = mt_verok(eco, b);
    if (oka != okb && r != (oka ? 1 : -1))
        __builtin_trap(); /* an invalid version sorts first */
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
    size_t bl = strlen(bbuf);
    memcpy(cbuf, bbuf, bl);
    cbuf[bl ? bl - 1 : 0] = '\0';
    const char *a = abuf, *b = bbuf, *c = cbuf;

    int (*const cmps[])(const char *, const char *) = {
        mt_vercmp_deb,  mt_vercmp_rpm,   mt_vercmp_apk, mt_vercmp_semver,   mt_vercmp_natural,
        mt_vercmp_pypi, mt_vercmp_maven, mt_vercmp_gem, mt_vercmp_composer, mt_vercmp_nuget,
    };
    for (size_t i = 0; i < sizeof(cmps) / sizeof(cmps[0]); i++)
        check(cmps[i], a, b, c, cmps[i] != mt_vercmp_maven);
    for (size_t i = 0; i < sizeof(ecos) / sizeof(ecos[0]); i++)
        check_eco(ecos[i], a, b);

    char out[64];
    out[0] = 'x';
    if (mt_go_version_normalize(a, out, sizeof(out))) {
        if (!mt_verok("golang", out))
            __builtin_trap();
    } else if (out[0] != '\0') {
        __builtin_trap();
    }
    const char *t = mt_ecosystem_vertype(a);
    if (t) {
        bool known = false;
        for (size_t i = 0; i < sizeof(ecos) / sizeof(ecos[0]); i++)
            known = known || !strcmp(t, ecos[i]);
        if (!known)
            __builtin_trap();
    }
    return 0;
}
