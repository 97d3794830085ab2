/* fuzz_purl.h — the purl check the package-parser harnesses share: a purl
 * must start with `prefix` and hold only what the purl spec permits
 * (letters, digits, ".-_~:", the separators "/@?=&" and "%XX" escapes);
 * anything else stops the fuzzer (__builtin_trap). Header-only: each
 * harness is its own program. */
#ifndef MOAT_FUZZ_PURL_H
#define MOAT_FUZZ_PURL_H

#include <string.h>

static inline void fuzz_check_purl(const char *purl, const char *prefix)
{
    if (!purl || strncmp(purl, prefix, strlen(prefix)) != 0)
        __builtin_trap();
    for (const char *c = purl; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
            strchr(".-_~:/@?=&", u))
            continue;
        if (u == '%' && c[1] && strchr("0123456789ABCDEF", c[1]) && c[2] &&
            strchr("0123456789ABCDEF", c[2])) {
            c += 2;
            continue;
        }
        __builtin_trap();
    }
}

#endif
