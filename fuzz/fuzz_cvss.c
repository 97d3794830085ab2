/* fuzz_cvss.c — libFuzzer harness for the CVSS calculator (vuln/cvss.h).
 * The input is one vector (up to its first NUL). cvss_base_score() must
 * return 0 or -1; on -1 it writes nothing; on 0 the version is one of the
 * four, the score is in [0, 10] with exactly one decimal, its rating is
 * known, and the input passes the structural checks any valid vector
 * passes (known prefix, no empty or repeated metric, bounded length). A
 * valid vector must also score the same with its metrics in reverse order,
 * and become invalid when its last metric is repeated. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vuln/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP (2 * CVSS_MAX_VECTOR + 16)
static char in[CAP + 1], alt[CAP + 1];

/* Offset of the metric list: after "CVSS:x.y/" or an opening '(' of v2. */
static size_t body_start(const char *s, cvss_version v)
{
    if (v != CVSS_V2)
        return 9;
    return s[0] == '(' ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > CAP)
        size = CAP; /* longer than the bound anyway */
    memcpy(in, data, size);
    in[size] = '\0';

    cvss_version ver = (cvss_version)7;
    double score = -3;
    int r = cvss_base_score(in, &ver, &score);
    if (r == -1) {
        if (ver != (cvss_version)7 || score != -3)
            __builtin_trap(); /* wrote on failure */
        return 0;
    }
    if (r != 0)
        __builtin_trap();
    if (ver != CVSS_V2 && ver != CVSS_V30 && ver != CVSS_V31 && ver != CVSS_V40)
        __builtin_trap();
    if (!(score >= 0 && score <= 10))
        __builtin_trap();
    int t = (int)(score * 10 + 0.5);
    if (score != t / 10.0)
        __builtin_trap(); /* not a one-decimal number */
    if (cvss_severity(ver, score) == MT_SEV_UNKNOWN)
        __builtin_trap();

    /* Structural checks every valid vector passes. */
    size_t len = strlen(in);
    if (len > CVSS_MAX_VECTOR)
        __builtin_trap();
    if (ver == CVSS_V30 && memcmp(in, "CVSS:3.0/", 9))
        __builtin_trap();
    if (ver == CVSS_V31 && memcmp(in, "CVSS:3.1/", 9))
        __builtin_trap();
    if (ver == CVSS_V40 && memcmp(in, "CVSS:4.0/", 9))
        __builtin_trap();
    size_t b = body_start(in, ver), e = len;
    if (ver == CVSS_V2 && b == 1) {
        if (in[len - 1] != ')')
            __builtin_trap();
        e = len - 1;
    }
    /* components: NAME:VALUE, no empty one, no name twice */
    const char *names[64];
    size_t nlen[64], ncomp = 0, i = b;
    while (i <= e) {
        size_t j = i;
        while (j < e && in[j] != '/')
            j++;
        const char *colon = memchr(in + i, ':', j - i);
        if (!colon || colon == in + i || colon + 1 == in + j || ncomp == 64)
            __builtin_trap();
        for (const char *p = in + i; p < in + j; p++)
            if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == ':'))
                __builtin_trap();
        names[ncomp] = in + i;
        nlen[ncomp] = (size_t)(colon - (in + i));
        for (size_t k = 0; k < ncomp; k++)
            if (nlen[k] == nlen[ncomp] && !memcmp(names[k], names[ncomp], nlen[k]))
                __builtin_trap();
        ncomp++;
        if (j == e)
            break;
        i = j + 1;
    }

    /* Same metrics in reverse order: same score. */
    size_t o = 0;
    memcpy(alt, in, b);
    o = b;
    size_t end = e;
    while (end > b) {
        size_t st = end;
        while (st > b && in[st - 1] != '/')
            st--;
        memcpy(alt + o, in + st, end - st);
        o += end - st;
        if (st > b)
            alt[o++] = '/';
        end = st > b ? st - 1 : b;
    }
    memcpy(alt + o, in + e, len - e); /* the closing ')' */
    o += len - e;
    alt[o] = '\0';
    cvss_version ver2;
    double score2;
    if (cvss_base_score(alt, &ver2, &score2) != 0 || ver2 != ver || score2 != score)
        __builtin_trap();

    /* The last metric repeated: invalid (when it still fits the bound). */
    size_t st = e;
    while (st > b && in[st - 1] != '/')
        st--;
    if (e + 1 + (e - st) + (len - e) <= CVSS_MAX_VECTOR) {
        memcpy(alt, in, e);
        o = e;
        alt[o++] = '/';
        memcpy(alt + o, in + st, e - st);
        o += e - st;
        memcpy(alt + o, in + e, len - e);
        o += len - e;
        alt[o] = '\0';
        if (cvss_base_score(alt, NULL, NULL) != -1)
            __builtin_trap();
    }
    return 0;
}
