/* version.c — version comparators of version.h. Every parser works on
 * [begin, end) ranges of the caller's strings: nothing is copied or
 * allocated, and every loop advances a pointer bounded by its range. */
#include "vuln/version.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

typedef struct {
    const char *p, *e;
} vrange;

static int sgn(long v)
{
    return (v > 0) - (v < 0);
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_alpha(int c)
{
    return is_lower(c) || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
    return is_digit(c) || is_alpha(c);
}

/* Byte at p, or 0 at the end of the range. */
static int at(const char *p, const char *e)
{
    return p < e ? (unsigned char)*p : 0;
}

/* Two runs of digits as unbounded non-negative integers. */
static int numcmp(const char *a, size_t an, const char *b, size_t bn)
{
    while (an && *a == '0')
        a++, an--;
    while (bn && *b == '0')
        b++, bn--;
    if (an != bn)
        return an < bn ? -1 : 1;
    return sgn(an ? memcmp(a, b, an) : 0);
}

/* Two byte strings, shorter prefix first (strcmp order). */
static int bytecmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = n ? memcmp(a, b, n) : 0;
    if (c)
        return sgn(c);
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

int mt_vercmp_natural(const char *a, const char *b)
{
    const char *x = a ? a : "", *y = b ? b : "";
    const char *p = x, *q = y;
    while (*p && *q) {
        if (is_digit(*p) && is_digit(*q)) {
            const char *ps = p, *qs = q;
            while (is_digit(*p))
                p++;
            while (is_digit(*q))
                q++;
            int c = numcmp(ps, (size_t)(p - ps), qs, (size_t)(q - qs));
            if (c)
                return c;
            continue;
        }
        if (*p != *q)
            return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
        p++, q++;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    return sgn(strcmp(x, y));
}

/* ---- Debian ---------------------------------------------------------- */

typedef struct {
    long epoch;
    vrange v, r;
} debver;

static bool deb_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* dpkg's parseversion(): false where it fails with an error (its warnings
 * do not stop dpkg --compare-versions, so they do not stop us). */
static bool deb_parse(const char *s, debver *out)
{
    if (!*s) { /* dpkg --compare-versions reads "" as the blank version */
        out->epoch = 0;
        out->v = out->r = (vrange){s, s};
        return true;
    }
    while (deb_blank(*s))
        s++;
    if (!*s)
        return false;
    const char *end = s;
    while (*end && !deb_blank(*end))
        end++;
    for (const char *p = end; *p; p++)
        if (!deb_blank(*p))
            return false;
    const char *colon = memchr(s, ':', (size_t)(end - s));
    out->epoch = 0;
    if (colon) {
        /* strtol(): leading white space, a sign, then digits */
        const char *p = s;
        while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
            p++;
        bool neg = false;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        const char *d = p;
        long v = 0;
        bool big = false;
        while (is_digit(*p)) {
            if (v > (LONG_MAX - 9) / 10)
                big = true;
            else
                v = v * 10 + (*p - '0');
            p++;
        }
        if (p == d || p != colon)
            return false; /* empty, or not a number */
        if (neg && v != 0)
            return false; /* negative */
        if (big || v > INT_MAX)
            return false; /* too big */
        if (!colon[1])
            return false; /* nothing after the colon */
        out->epoch = v;
        s = colon + 1;
    }
    const char *hyphen = NULL;
    for (const char *p = s; p < end; p++)
        if (*p == '-')
            hyphen = p;
    if (hyphen) {
        if (hyphen + 1 == end)
            return false; /* empty revision */
        out->v = (vrange){s, hyphen};
        out->r = (vrange){hyphen + 1, end};
    } else {
        out->v = (vrange){s, end};
        out->r = (vrange){end, end};
    }
    return out->v.p < out->v.e; /* an empty upstream version fails */
}

/* dpkg's order(): '~' first, then digits and the end, then letters, then
 * every other byte — dpkg reads a plain char, signed on the platforms we
 * build for, so bytes >= 0x80 land between letters and ASCII punctuation. */
static int deb_order(const char *p, const char *e)
{
    if (p >= e)
        return 0;
    int c = (signed char)*p;
    if (is_digit(c))
        return 0;
    if (is_alpha(c))
        return c;
    if (c == '~')
        return -1;
    return c + 256;
}

static int deb_verrevcmp(vrange x, vrange y)
{
    const char *a = x.p, *ae = x.e, *b = y.p, *be = y.e;
    while (a < ae || b < be) {
        while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
            int ac = deb_order(a, ae), bc = deb_order(b, be);
            if (ac != bc)
                return ac < bc ? -1 : 1;
            if (a < ae)
                a++;
            if (b < be)
                b++;
        }
        while (a < ae && *a == '0')
            a++;
        while (b < be && *b == '0')
            b++;
        int first_diff = 0;
        while (a < ae && b < be && is_digit(*a) && is_digit(*b)) {
            if (!first_diff)
                first_diff = *a - *b;
            a++, b++;
        }
        if (a < ae && is_digit(*a))
            return 1;
        if (b < be && is_digit(*b))
            return -1;
        if (first_diff)
            return sgn(first_diff);
    }
    return 0;
}

int mt_vercmp_deb(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    debver x, y;
    bool okx = deb_parse(a, &x), oky = deb_parse(b, &y);
    if (!okx || !oky)
        return okx == oky ? mt_vercmp_natural(a, b) : (okx ? 1 : -1);
    if (!*a || !*b) /* the blank version sorts before every other one */
        return (!*a == !*b) ? 0 : (*a ? 1 : -1);
    if (x.epoch != y.epoch)
        return x.epoch < y.epoch ? -1 : 1;
    int c = deb_verrevcmp(x.v, y.v);
    return c ? c : deb_verrevcmp(x.r, y.r);
}

/* ---- rpm ------------------------------------------------------------- */

/* rpm's rpmvercmp() on two ranges. */
static int rpm_segcmp(vrange x, vrange y)
{
    const char *one = x.p, *oe = x.e, *two = y.p, *te = y.e;
    if (bytecmp(one, (size_t)(oe - one), two, (size_t)(te - two)) == 0)
        return 0;
    while (one < oe || two < te) {
        while (one < oe && !is_alnum(*one) && *one != '~' && *one != '^')
            one++;
        while (two < te && !is_alnum(*two) && *two != '~' && *two != '^')
            two++;
        int c1 = at(one, oe), c2 = at(two, te);
        if (c1 == '~' || c2 == '~') {
            if (c1 != '~')
                return 1;
            if (c2 != '~')
                return -1;
            one++, two++;
            continue;
        }
        if (c1 == '^' || c2 == '^') {
            if (!c1)
                return -1;
            if (!c2)
                return 1;
            if (c1 != '^')
                return 1;
            if (c2 != '^')
                return -1;
            one++, two++;
            continue;
        }
        if (!c1 || !c2)
            break;
        const char *s1 = one, *s2 = two;
        bool isnum = is_digit(c1);
        if (isnum) {
            while (s1 < oe && is_digit(*s1))
                s1++;
            while (s2 < te && is_digit(*s2))
                s2++;
        } else {
            while (s1 < oe && is_alpha(*s1))
                s1++;
            while (s2 < te && is_alpha(*s2))
                s2++;
        }
        if (two == s2) /* numeric against alpha: numeric is newer */
            return isnum ? 1 : -1;
        int c = isnum ? numcmp(one, (size_t)(s1 - one), two, (size_t)(s2 - two))
                      : bytecmp(one, (size_t)(s1 - one), two, (size_t)(s2 - two));
        if (c)
            return c;
        one = s1, two = s2;
    }
    if (one >= oe && two >= te)
        return 0;
    return one >= oe ? -1 : 1;
}

typedef struct {
    vrange e, v, r;
    bool has_r;
} rpmevr;

/* rpm's parseEVR(). */
static void rpm_parse(const char *evr, rpmevr *out)
{
    const char *end = evr + strlen(evr);
    const char *s = evr;
    while (is_digit(*s))
        s++;
    const char *se = NULL;
    for (const char *p = s; p < end; p++)
        if (*p == '-')
            se = p;
    static const char zero[] = "0";
    if (*s == ':' && s > evr) {
        out->e = (vrange){evr, s};
        out->v.p = s + 1;
    } else {
        out->e = (vrange){zero, zero + 1}; /* absent or empty epoch: 0 */
        out->v.p = *s == ':' ? s + 1 : evr;
    }
    out->has_r = se != NULL;
    out->v.e = se ? se : end;
    out->r = se ? (vrange){se + 1, end} : (vrange){end, end};
}

int mt_vercmp_rpm(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    if (!*a || !*b)
        return (!*a == !*b) ? 0 : (*a ? 1 : -1);
    rpmevr x, y;
    rpm_parse(a, &x);
    rpm_parse(b, &y);
    int c = rpm_segcmp(x.e, y.e);
    if (!c)
        c = rpm_segcmp(x.v, y.v);
    if (!c && x.has_r && y.has_r)
        c = rpm_segcmp(x.r, y.r);
    else if (!c && x.has_r != y.has_r)
        c = x.has_r ? 1 : -1; /* a release, even "~" or "", beats none */
    return c;
}

/* ---- apk ------------------------------------------------------------- */

/* Suffix ranks; the absent suffix ranks APK_NONE. */
static const char *const apk_suffixes[] = {"alpha", "beta", "pre", "rc", NULL,
                                           "cvs", "svn", "git", "hg", "p"};
enum { APK_NONE = 4, APK_NSUF = 10 };

static int apk_suffix(const char *p, const char *e)
{
    for (int i = 0; i < APK_NSUF; i++)
        if (apk_suffixes[i] && strlen(apk_suffixes[i]) == (size_t)(e - p) &&
            memcmp(apk_suffixes[i], p, (size_t)(e - p)) == 0)
            return i;
    return -1;
}

static const char *digits(const char *p)
{
    while (is_digit(*p))
        p++;
    return p;
}

static bool apk_valid(const char *s)
{
    const char *p = s;
    if (!is_digit(*p))
        return false;
    for (;;) {
        p = digits(p);
        if (*p != '.')
            break;
        if (!is_digit(*++p))
            return false;
    }
    if (is_lower(*p))
        p++;
    while (*p == '_') {
        const char *n = ++p;
        while (is_lower(*p))
            p++;
        if (apk_suffix(n, p) < 0)
            return false;
        p = digits(p);
    }
    if (*p == '-') {
        if (p[1] != 'r' || !is_digit(p[2]))
            return false;
        p = digits(p + 2);
    }
    return *p == '\0';
}

/* PMS §3.3 on a numeric component after the first. */
static int apk_numcmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (*a != '0' && *b != '0')
        return numcmp(a, an, b, bn);
    while (an && a[an - 1] == '0')
        an--;
    while (bn && b[bn - 1] == '0')
        bn--;
    return bytecmp(a, an, b, bn);
}

/* The next suffix at *p (advancing it): rank and number range. */
static int apk_next_suffix(const char **p, vrange *num)
{
    if (**p != '_') {
        *num = (vrange){*p, *p};
        return APK_NONE;
    }
    const char *n = ++*p;
    while (is_lower(**p))
        ++*p;
    int rank = apk_suffix(n, *p);
    num->p = *p;
    *p = digits(*p);
    num->e = *p;
    return rank;
}

/* Both valid. */
static int apk_cmp_valid(const char *a, const char *b)
{
    const char *p = a, *q = b;
    for (int i = 0;; i++) {
        const char *pe = digits(p), *qe = digits(q);
        int c = i == 0 ? numcmp(p, (size_t)(pe - p), q, (size_t)(qe - q))
                       : apk_numcmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
        if (c)
            return c;
        p = pe, q = qe;
        if (*p == '.' && *q == '.') {
            p++, q++;
            continue;
        }
        if (*p == '.' || *q == '.')
            return *p == '.' ? 1 : -1;
        break;
    }
    int la = is_lower(*p) ? *p++ : 0, lb = is_lower(*q) ? *q++ : 0;
    if (la != lb)
        return la < lb ? -1 : 1;
    while (*p == '_' || *q == '_') {
        vrange na, nb;
        int ra = apk_next_suffix(&p, &na), rb = apk_next_suffix(&q, &nb);
        if (ra != rb)
            return ra < rb ? -1 : 1;
        int c = numcmp(na.p, (size_t)(na.e - na.p), nb.p, (size_t)(nb.e - nb.p));
        if (c)
            return c;
    }
    const char *ra = *p == '-' ? p + 2 : p, *rb = *q == '-' ? q + 2 : q;
    return numcmp(ra, strlen(ra), rb, strlen(rb));
}

int mt_vercmp_apk(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    bool okx = apk_valid(a), oky = apk_valid(b);
    if (!okx || !oky)
        return okx == oky ? mt_vercmp_natural(a, b) : (okx ? 1 : -1);
    return apk_cmp_valid(a, b);
}

/* ---- semver ---------------------------------------------------------- */

typedef struct {
    vrange num[3];
    vrange pre; /* without the '-'; empty when there is no pre-release */
} semver;

static bool sv_ident_char(int c)
{
    return is_alnum(c) || c == '-';
}

/* A dot-separated list of identifiers from *p; numeric ones without a
 * leading zero when strict_num. Advances *p past it. */
static bool sv_idents(const char **p, bool strict_num)
{
    for (;;) {
        const char *s = *p;
        bool num = true;
        while (sv_ident_char(**p)) {
            num = num && is_digit(**p);
            ++*p;
        }
        if (*p == s)
            return false;
        if (strict_num && num && *s == '0' && *p - s > 1)
            return false;
        if (**p != '.')
            return true;
        ++*p;
    }
}

static bool sv_parse(const char *s, semver *out)
{
    const char *p = s;
    if (*p == 'v')
        p++;
    for (int i = 0; i < 3; i++) {
        const char *d = p;
        p = digits(p);
        if (p == d || (*d == '0' && p - d > 1))
            return false;
        out->num[i] = (vrange){d, p};
        if (i < 2 && *p++ != '.')
            return false;
    }
    out->pre = (vrange){p, p};
    if (*p == '-') {
        const char *ps = ++p;
        if (!sv_idents(&p, true))
            return false;
        out->pre = (vrange){ps, p};
    }
    if (*p == '+') {
        p++;
        if (!sv_idents(&p, false))
            return false;
    }
    return *p == '\0';
}

static int sv_precmp(vrange x, vrange y)
{
    const char *p = x.p, *q = y.p;
    for (;;) {
        const char *pe = p, *qe = q;
        bool pn = true, qn = true;
        for (; pe < x.e && *pe != '.'; pe++)
            pn = pn && is_digit(*pe);
        for (; qe < y.e && *qe != '.'; qe++)
            qn = qn && is_digit(*qe);
        int c;
        if (pn && qn)
            c = numcmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
        else if (pn != qn)
            c = pn ? -1 : 1;
        else
            c = bytecmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
        if (c)
            return c;
        bool pmore = pe < x.e, qmore = qe < y.e;
        if (!pmore || !qmore)
            return pmore == qmore ? 0 : (pmore ? 1 : -1);
        p = pe + 1, q = qe + 1;
    }
}

int mt_vercmp_semver(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    semver x, y;
    bool okx = sv_parse(a, &x), oky = sv_parse(b, &y);
    if (!okx || !oky)
        return okx == oky ? mt_vercmp_natural(a, b) : (okx ? 1 : -1);
    for (int i = 0; i < 3; i++) {
        int c = numcmp(x.num[i].p, (size_t)(x.num[i].e - x.num[i].p), y.num[i].p,
                       (size_t)(y.num[i].e - y.num[i].p));
        if (c)
            return c;
    }
    bool px = x.pre.p < x.pre.e, py = y.pre.p < y.pre.e;
    if (!px || !py)
        return px == py ? 0 : (px ? -1 : 1);
    return sv_precmp(x.pre, y.pre);
}

/* ---- dispatch -------------------------------------------------------- */

typedef enum { ECO_DEB, ECO_RPM, ECO_APK, ECO_SEMVER } eco;

static eco eco_of(const char *ecosystem)
{
    if (!ecosystem)
        return ECO_SEMVER;
    if (!strcmp(ecosystem, "deb"))
        return ECO_DEB;
    if (!strcmp(ecosystem, "rpm"))
        return ECO_RPM;
    if (!strcmp(ecosystem, "apk"))
        return ECO_APK;
    return ECO_SEMVER; /* golang, npm, cargo, and the fallback */
}

bool mt_verok(const char *ecosystem, const char *v)
{
    v = v ? v : "";
    debver d;
    semver s;
    switch (eco_of(ecosystem)) {
    case ECO_DEB: return deb_parse(v, &d);
    case ECO_RPM: return *v != '\0';
    case ECO_APK: return apk_valid(v);
    case ECO_SEMVER: return sv_parse(v, &s);
    }
    return false;
}

int mt_vercmp(const char *ecosystem, const char *a, const char *b)
{
    switch (eco_of(ecosystem)) {
    case ECO_DEB: return mt_vercmp_deb(a, b);
    case ECO_RPM: return mt_vercmp_rpm(a, b);
    case ECO_APK: return mt_vercmp_apk(a, b);
    case ECO_SEMVER: return mt_vercmp_semver(a, b);
    }
    return 0;
}
