/* version.c — version comparators of version.h. Every parser works on
 * [begin, end) ranges of the caller's strings: nothing is copied or
 * allocated, and every loop advances a pointer bounded by its range. */
#include "vuln/version.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
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

/* ---- helpers of the language ecosystems ------------------------------ */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

/* Length of w (lower case ASCII) when [p, e) starts with it, ignoring
 * ASCII case; 0 otherwise. */
static size_t iprefix(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(e - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)p[i]) != w[i])
            return 0;
    return n;
}

/* Whether [p, p + n) is w (lower case ASCII), ignoring ASCII case. */
static bool iequal(const char *p, size_t n, const char *w)
{
    return strlen(w) == n && iprefix(p, p + n, w) == n;
}

/* Two byte strings with ASCII letters folded by fold, shorter prefix
 * first. */
static int foldcmp(const char *a, size_t an, const char *b, size_t bn, int (*fold)(int))
{
    size_t n = an < bn ? an : bn;
    for (size_t i = 0; i < n; i++) {
        int x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return an == bn ? 0 : (an < bn ? -1 : 1);
}

/* ASCII white space: space, \t \n \v \f \r (Ruby's and PCRE's \s, the
 * ASCII part of .NET's white space). */
static bool ascii_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static const char *digits_to(const char *p, const char *e)
{
    while (p < e && is_digit(*p))
        p++;
    return p;
}

static bool all_zero(const char *p, const char *e)
{
    for (; p < e; p++)
        if (*p != '0')
            return false;
    return true;
}

/* Length of the white-space character at p (p < e), 0 if none: the ASCII
 * \t \n \v \f \r and space, and the UTF-8 encodings of U+0085, U+00A0,
 * U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the
 * characters both Python's str.isspace() and .NET's char.IsWhiteSpace()
 * accept); with info_seps also \x1c-\x1f, which Python counts too. */
static size_t uspace(const char *p, const char *e, bool info_seps)
{
    unsigned c = (unsigned char)*p;
    size_t n = (size_t)(e - p);
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (info_seps && c >= 0x1c && c <= 0x1f)
        return 1;
    if (c == 0xc2 && n >= 2)
        return (unsigned char)p[1] == 0x85 || (unsigned char)p[1] == 0xa0 ? 2 : 0;
    if (n < 3)
        return 0;
    unsigned d = (unsigned char)p[1], f = (unsigned char)p[2];
    if (c == 0xe1)
        return d == 0x9a && f == 0x80 ? 3 : 0;
    if (c == 0xe2 && d == 0x80)
        return (f >= 0x80 && f <= 0x8a) || f == 0xa8 || f == 0xa9 || f == 0xaf ? 3 : 0;
    if (c == 0xe2 && d == 0x81)
        return f == 0x9f ? 3 : 0;
    if (c == 0xe3)
        return d == 0x80 && f == 0x80 ? 3 : 0;
    return 0;
}

/* s without its leading and trailing white space (uspace()). */
static vrange utrim(const char *s, bool info_seps)
{
    const char *p = s, *e = s + strlen(s);
    size_t n;
    while (p < e && (n = uspace(p, e, info_seps)) > 0)
        p += n;
    const char *end = p;
    for (const char *q = p; q < e;) {
        n = uspace(q, e, info_seps);
        if (n)
            q += n;
        else
            end = ++q;
    }
    return (vrange){p, end};
}

/* Invalid-first rule shared by every comparator: ok* say whether each side
 * parsed; returns 2 when both did (the caller compares them). */
static int invalid_first(bool okx, bool oky, const char *a, const char *b)
{
    if (okx && oky)
        return 2;
    return okx == oky ? mt_vercmp_natural(a, b) : (okx ? 1 : -1);
}

/* ---- PEP 440 --------------------------------------------------------- */

typedef struct {
    vrange epoch;  /* digits; empty = 0 */
    vrange rel;    /* digits and dots */
    int pre;       /* 0 none, 1 a, 2 b, 3 rc */
    vrange pre_n;  /* digits; empty = 0 */
    bool post, dev, local;
    vrange post_n, dev_n;
    vrange loc;    /* after the '+' */
} pep440;

static bool py_sep(const char *p, const char *e)
{
    return p < e && (*p == '-' || *p == '_' || *p == '.');
}

/* The longest of the n words found at p (ASCII case ignored): its index
 * (and *len), or -1. */
static int py_word(const char *p, const char *e, const char *const *words, int n, size_t *len)
{
    int best = -1;
    *len = 0;
    for (int i = 0; i < n; i++) {
        size_t l = iprefix(p, e, words[i]);
        if (l > *len)
            best = i, *len = l;
    }
    return best;
}

/* An optional labelled part: [sep] word [sep] [digits], the word one of
 * words. Returns the word's index and advances *pp, or -1. Taking the
 * trailing separator even when no digits follow is what the reference
 * regular expression's first match does: every part that can follow
 * accepts a separator of its own before it. */
static int py_part(const char **pp, const char *e, const char *const *words, int n, vrange *num)
{
    const char *p = *pp;
    if (py_sep(p, e))
        p++;
    size_t len;
    int k = py_word(p, e, words, n, &len);
    if (k < 0)
        return -1;
    p += len;
    if (py_sep(p, e))
        p++;
    num->p = p;
    p = digits_to(p, e);
    num->e = p;
    *pp = p;
    return k;
}

/* packaging.version.Version's grammar (PEP 440 with its normalisations:
 * ASCII case, a leading 'v', separators, spellings, implicit numbers). */
static bool pep440_parse(const char *s, pep440 *v)
{
    static const char *const pre_w[] = {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"};
    static const int pre_rank[] = {1, 2, 3, 3, 1, 2, 3, 3};
    static const char *const post_w[] = {"post", "rev", "r"};
    static const char *const dev_w[] = {"dev"};
    memset(v, 0, sizeof(*v));
    vrange t = utrim(s, true);
    const char *p = t.p, *e = t.e;
    if (p < e && (*p == 'v' || *p == 'V'))
        p++;
    const char *d = p;
    p = digits_to(p, e);
    if (p == d)
        return false;
    v->epoch = (vrange){d, d};
    if (p < e && *p == '!') {
        v->epoch.e = p;
        d = ++p;
        p = digits_to(p, e);
        if (p == d)
            return false;
    }
    while (p + 1 < e && *p == '.' && is_digit(p[1]))
        p = digits_to(p + 1, e);
    v->rel = (vrange){d, p};
    int k = py_part(&p, e, pre_w, 4 + 4, &v->pre_n);
    v->pre = k < 0 ? 0 : pre_rank[k];
    if (p + 1 < e && *p == '-' && is_digit(p[1])) { /* "1.0-1" */
        v->post = true;
        v->post_n.p = p + 1;
        p = v->post_n.e = digits_to(p + 1, e);
    } else {
        v->post = py_part(&p, e, post_w, 3, &v->post_n) >= 0;
    }
    v->dev = py_part(&p, e, dev_w, 1, &v->dev_n) >= 0;
    if (p < e && *p == '+') {
        v->local = true;
        v->loc.p = ++p;
        for (;;) {
            const char *ps = p;
            while (p < e && is_alnum(*p))
                p++;
            if (p == ps)
                return false;
            if (!py_sep(p, e) || p + 1 >= e || !is_alnum(p[1]))
                break;
            p++;
        }
        v->loc.e = p;
    }
    return p == e;
}

static int rcmp(vrange x, vrange y)
{
    return numcmp(x.p, (size_t)(x.e - x.p), y.p, (size_t)(y.e - y.p));
}

/* Dot-separated digit runs, the shorter padded with zeros. */
static int py_relcmp(vrange x, vrange y)
{
    const char *p = x.p, *q = y.p;
    while (p < x.e || q < y.e) {
        const char *pe = digits_to(p, x.e), *qe = digits_to(q, y.e);
        int c = numcmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
        if (c)
            return c;
        p = pe < x.e ? pe + 1 : pe;
        q = qe < y.e ? qe + 1 : qe;
    }
    return 0;
}

/* Local versions: parts split at '-', '_', '.'; a numeric part beats an
 * alphanumeric one; numbers compare as integers, the others as lower-case
 * strings; more parts win. */
static int py_localcmp(vrange x, vrange y)
{
    const char *p = x.p, *q = y.p;
    for (;;) {
        if (p >= x.e || q >= y.e)
            return (p >= x.e) == (q >= y.e) ? 0 : (p >= x.e ? -1 : 1);
        const char *pe = p, *qe = q;
        bool pn = true, qn = true;
        for (; pe < x.e && is_alnum(*pe); pe++)
            pn = pn && is_digit(*pe);
        for (; qe < y.e && is_alnum(*qe); qe++)
            qn = qn && is_digit(*qe);
        int c;
        if (pn && qn)
            c = numcmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
        else if (pn != qn)
            c = pn ? 1 : -1;
        else
            c = foldcmp(p, (size_t)(pe - p), q, (size_t)(qe - q), lower);
        if (c)
            return c;
        p = pe < x.e ? pe + 1 : pe;
        q = qe < y.e ? qe + 1 : qe;
    }
}

/* Rank of the pre-release key: a dev release of a final version (no pre,
 * no post) sorts before every pre-release, a version without a pre-release
 * after all of them. */
static int py_prekey(const pep440 *v)
{
    if (v->pre)
        return v->pre;
    return !v->post && v->dev ? 0 : 4;
}

static int pep440_cmp(const pep440 *x, const pep440 *y)
{
    int c = rcmp(x->epoch, y->epoch);
    if (!c)
        c = py_relcmp(x->rel, y->rel);
    if (c)
        return c;
    int kx = py_prekey(x), ky = py_prekey(y);
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->pre && (c = rcmp(x->pre_n, y->pre_n)) != 0)
        return c;
    if (x->post != y->post)
        return x->post ? 1 : -1;
    if (x->post && (c = rcmp(x->post_n, y->post_n)) != 0)
        return c;
    if (x->dev != y->dev)
        return x->dev ? -1 : 1;
    if (x->dev && (c = rcmp(x->dev_n, y->dev_n)) != 0)
        return c;
    if (x->local != y->local)
        return x->local ? 1 : -1;
    return x->local ? py_localcmp(x->loc, y->loc) : 0;
}

int mt_vercmp_pypi(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    pep440 x, y;
    int r = invalid_first(pep440_parse(a, &x), pep440_parse(b, &y), a, b);
    return r != 2 ? r : pep440_cmp(&x, &y);
}

/* ---- Maven ----------------------------------------------------------- */

/* ComparableVersion's parse is replayed as a stream of tokens: items
 * (integers, qualifiers) and the opening of a sub-list. Every sub-list is
 * the last element of its parent, so the whole version is one spine of
 * lists and the stream is flat. */
enum { MV_END, MV_INT, MV_STR, MV_OPEN };

typedef struct {
    int kind;
    const char *p, *e; /* the item's bytes; an empty MV_INT is 0 */
    bool digit_next;   /* a qualifier directly followed by a digit */
    size_t idx;        /* position in the stream */
} mvtok;

typedef struct {
    const char *i, *e, *start;
    bool isdig, nonempty, finished;
    mvtok q[3];
    int qn, qi;
    size_t idx;
} mvlex;

static void mv_lex_init(mvlex *l, const char *s)
{
    memset(l, 0, sizeof(*l));
    l->i = l->start = s;
    l->e = s + strlen(s);
}

static void mv_push(mvlex *l, int kind, const char *p, const char *e, bool digit_next)
{
    l->q[l->qn++] = (mvtok){kind, p, e, digit_next, l->idx++};
    l->nonempty = kind != MV_OPEN;
}

/* parseItem() of [p, e); an empty range is the 0 of "1..2" and "-1". */
static void mv_item(mvlex *l, const char *p, const char *e)
{
    mv_push(l, p == e || l->isdig ? MV_INT : MV_STR, p, e, false);
}

static mvtok mv_next(mvlex *l)
{
    while (l->qi == l->qn) {
        l->qi = l->qn = 0;
        if (l->finished)
            return (mvtok){MV_END, l->e, l->e, false, l->idx};
        if (l->i == l->e) {
            l->finished = true;
            if (l->e > l->start) {
                if (!l->isdig && l->nonempty)
                    mv_push(l, MV_OPEN, l->e, l->e, false);
                mv_item(l, l->start, l->e);
            }
            continue;
        }
        const char *i = l->i++;
        if (*i == '.' || *i == '-') {
            mv_item(l, l->start, i);
            l->start = i + 1;
            if (*i == '-')
                mv_push(l, MV_OPEN, i, i, false);
        } else if (is_digit(*i)) {
            if (!l->isdig && i > l->start) {
                if (l->nonempty)
                    mv_push(l, MV_OPEN, i, i, false);
                mv_push(l, MV_STR, l->start, i, true);
                l->start = i;
                mv_push(l, MV_OPEN, i, i, false);
            }
            l->isdig = true;
        } else {
            if (l->isdig && i > l->start) {
                mv_push(l, MV_INT, l->start, i, false);
                l->start = i;
                mv_push(l, MV_OPEN, i, i, false);
            }
            l->isdig = false;
        }
    }
    return l->q[l->qi++];
}

/* A qualifier's rank: alpha 0, beta 1, milestone 2, rc 3, snapshot 4,
 * release 5, sp 6, anything else 7 (then ordered by its text). */
static int mv_qual(const mvtok *t)
{
    size_t n = (size_t)(t->e - t->p);
    if (t->digit_next && n == 1) {
        int c = lower((unsigned char)*t->p);
        if (c == 'a' || c == 'b' || c == 'm')
            return c == 'a' ? 0 : c == 'b' ? 1 : 2;
    }
    static const char *const names[] = {"alpha", "beta", "milestone", "rc", "snapshot",
                                        "ga",    "sp",   "final",     "release", "cr"};
    static const int ranks[] = {0, 1, 2, 3, 4, 5, 6, 5, 5, 3};
    for (size_t i = 0; i < sizeof(ranks) / sizeof(ranks[0]); i++)
        if (iequal(t->p, n, names[i]))
            return ranks[i];
    return 7;
}

static bool mv_null(const mvtok *t)
{
    return t->kind == MV_INT ? all_zero(t->p, t->e) : mv_qual(t) == 5;
}

static int mv_itemcmp(const mvtok *x, const mvtok *y)
{
    if (x->kind == MV_INT && y->kind == MV_INT)
        return numcmp(x->p, (size_t)(x->e - x->p), y->p, (size_t)(y->e - y->p));
    if (x->kind != y->kind)
        return x->kind == MV_INT ? 1 : -1;
    int qx = mv_qual(x), qy = mv_qual(y);
    if (qx != qy)
        return qx < qy ? -1 : 1;
    if (qx < 7)
        return 0;
    return foldcmp(x->p, (size_t)(x->e - x->p), y->p, (size_t)(y->e - y->p), lower);
}

/* An item against a missing one. */
static int mv_vsnull(const mvtok *t)
{
    if (t->kind == MV_INT)
        return all_zero(t->p, t->e) ? 0 : 1;
    int q = mv_qual(t);
    return q < 5 ? -1 : q > 5;
}

/* The normalised stream: ListItem.normalize() removes, from the end of
 * every list, null items (0, "", ga, final, release) and an empty
 * sub-list, so a null item is kept only when a non-null item follows in
 * its own list, and a sub-list only when a non-null item follows at all. */
enum { MVN_END, MVN_ITEM, MVN_CHILD };

typedef struct {
    mvlex lx;
    bool any;       /* a non-null item exists */
    size_t last;    /* the stream position of the last one */
    size_t keep;    /* null items before this position are kept */
} mvnorm;

static void mvn_init(mvnorm *n, const char *s)
{
    mv_lex_init(&n->lx, s);
    mvlex scan = n->lx;
    n->any = false;
    n->last = n->keep = 0;
    for (mvtok t; (t = mv_next(&scan)).kind != MV_END;)
        if (t.kind != MV_OPEN && !mv_null(&t))
            n->any = true, n->last = t.idx;
}

static int mvn_next(mvnorm *n, mvtok *out)
{
    mvtok t = mv_next(&n->lx);
    if (t.kind == MV_END || !n->any || t.idx > n->last)
        return MVN_END;
    if (t.kind == MV_OPEN)
        return MVN_CHILD;
    *out = t;
    if (t.idx < n->keep || !mv_null(&t))
        return MVN_ITEM;
    /* a null item with a non-null one somewhere after it */
    mvlex look = n->lx;
    for (;;) {
        mvtok u = mv_next(&look);
        if (u.kind == MV_OPEN) { /* trailing in its list: dropped */
            n->lx = look;
            return MVN_CHILD;
        }
        if (u.kind != MV_END && !mv_null(&u)) {
            n->keep = u.idx;
            return MVN_ITEM;
        }
        if (u.kind == MV_END) /* unreachable: t.idx < n->last */
            return MVN_END;
    }
}

int mt_vercmp_maven(const char *a, const char *b)
{
    mvnorm x, y;
    mvn_init(&x, a ? a : "");
    mvn_init(&y, b ? b : "");
    mvtok tx = {0}, ty = {0};
    int ex = mvn_next(&x, &tx), ey = mvn_next(&y, &ty);
    for (;;) {
        int c = 0;
        if (ex == MVN_END && ey == MVN_END)
            return 0;
        if (ex == MVN_ITEM && ey == MVN_ITEM)
            c = mv_itemcmp(&tx, &ty);
        else if (ex == MVN_ITEM && ey == MVN_CHILD) /* 1.1 > 1-1, 1-sp < 1-1 */
            return tx.kind == MV_INT ? 1 : -1;
        else if (ex == MVN_CHILD && ey == MVN_ITEM)
            return ty.kind == MV_INT ? -1 : 1;
        else if (ex == MVN_ITEM) /* the other one has ended */
            c = mv_vsnull(&tx);
        else if (ey == MVN_ITEM)
            c = -mv_vsnull(&ty);
        if (c)
            return c;
        if (ex != MVN_END)
            ex = mvn_next(&x, &tx);
        if (ey != MVN_END)
            ey = mvn_next(&y, &ty);
    }
}

/* ---- RubyGems -------------------------------------------------------- */

static bool gem_pre_char(int c)
{
    return is_alnum(c) || c == '-';
}

static const char *alnums(const char *p)
{
    while (is_alnum(*p))
        p++;
    return p;
}

static const char *gem_pre_run(const char *p)
{
    while (gem_pre_char(*p))
        p++;
    return p;
}

/* Gem::Version.correct?: /\A\s*(VERSION_PATTERN)?\s*\z/ with
 * VERSION_PATTERN = [0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
 * Sets *core to the version without the white space around it. */
static bool gem_parse(const char *s, vrange *core)
{
    const char *p = s;
    while (ascii_space(*p))
        p++;
    core->p = p;
    if (is_digit(*p)) {
        p = digits(p);
        while (*p == '.' && is_alnum(p[1]))
            p = alnums(p + 1);
        if (*p == '-' && gem_pre_char(p[1])) {
            p = gem_pre_run(p + 1);
            while (*p == '.' && gem_pre_char(p[1]))
                p = gem_pre_run(p + 1);
        }
    }
    core->e = p;
    while (ascii_space(*p))
        p++;
    return *p == '\0';
}

/* Segments: the runs of digits and of letters of the version with every
 * '-' read as ".pre."; numbers compare as integers, strings by bytes. */
typedef struct {
    bool str;
    const char *p, *e;
} gemseg;

typedef struct {
    const char *p, *e;
    bool in_str;      /* a string segment was seen */
    const char *keep; /* zeros of the numeric prefix before this are kept */
} gemcur;

static bool gem_raw(const char **pp, const char *e, gemseg *s)
{
    const char *p = *pp;
    while (p < e && *p == '.')
        p++;
    if (p >= e)
        return false;
    static const char pre[] = "pre";
    if (*p == '-') {
        *s = (gemseg){true, pre, pre + 3};
        *pp = p + 1;
        return true;
    }
    s->str = !is_digit(*p);
    s->p = p;
    while (p < e && (s->str ? is_alpha(*p) : is_digit(*p)))
        p++;
    s->e = *pp = p;
    return true;
}

/* The next of canonical_segments: the numeric prefix (segments before
 * the first string) loses its trailing zeros; later zeros stay (trailing
 * ones there do not matter: the shorter side is padded with zeros). */
static bool gem_next(gemcur *c, gemseg *s)
{
    for (;;) {
        if (!gem_raw(&c->p, c->e, s))
            return false;
        if (s->str)
            c->in_str = true;
        if (s->str || c->in_str || !all_zero(s->p, s->e) || s->p < c->keep)
            return true;
        /* a zero in the numeric prefix: kept when a non-zero number
         * follows before any string */
        const char *q = c->p, *before = q;
        gemseg t;
        for (;;) {
            before = q;
            if (!gem_raw(&q, c->e, &t))
                return false; /* only zeros up to the end */
            if (t.str) {
                c->p = before; /* dropped up to the string */
                break;
            }
            if (!all_zero(t.p, t.e)) {
                c->keep = t.p;
                return true;
            }
        }
    }
}

int mt_vercmp_gem(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    vrange ca, cb;
    int r = invalid_first(gem_parse(a, &ca), gem_parse(b, &cb), a, b);
    if (r != 2)
        return r;
    gemcur x = {ca.p, ca.e, false, ca.p}, y = {cb.p, cb.e, false, cb.p};
    gemseg l, m;
    static const char zero[] = "0";
    bool hl = gem_next(&x, &l), hm = gem_next(&y, &m);
    while (hl || hm) {
        gemseg u = hl ? l : (gemseg){false, zero, zero + 1};
        gemseg v = hm ? m : (gemseg){false, zero, zero + 1};
        int c;
        if (u.str != v.str)
            c = u.str ? -1 : 1;
        else if (u.str)
            c = bytecmp(u.p, (size_t)(u.e - u.p), v.p, (size_t)(v.e - v.p));
        else
            c = numcmp(u.p, (size_t)(u.e - u.p), v.p, (size_t)(v.e - v.p));
        if (c)
            return c;
        if (hl)
            hl = gem_next(&x, &l);
        if (hm)
            hm = gem_next(&y, &m);
    }
    return 0;
}

/* ---- NuGet ----------------------------------------------------------- */

typedef struct {
    vrange num[4];   /* digits; empty = 0 */
    vrange labels;   /* dot-separated release labels */
    bool pre;
} nuget;

static bool nu_ident(int c)
{
    return is_alnum(c) || c == '-';
}

/* Dot-separated non-empty [0-9A-Za-z-] parts; with strict, an all-digit
 * part longer than one must not start with '0'. */
static bool nu_parts(const char *p, const char *e, bool strict)
{
    for (;;) {
        const char *s = p;
        bool num = true;
        for (; p < e && *p != '.'; p++) {
            if (!nu_ident(*p))
                return false;
            num = num && is_digit(*p);
        }
        if (p == s || (strict && num && *s == '0' && p - s > 1))
            return false;
        if (p == e)
            return true;
        p++;
    }
}

/* int.TryParse(NumberStyles.Integer) of a version component, which holds
 * no sign here: blanks, digits, blanks, at most int.MaxValue. */
static bool nu_component(const char *p, const char *e, vrange *out)
{
    while (p < e && ascii_space(*p))
        p++;
    const char *d = p;
    p = digits_to(p, e);
    if (p == d)
        return false;
    *out = (vrange){d, p};
    while (p < e && ascii_space(*p))
        p++;
    static const char max[] = "2147483647";
    return p == e && numcmp(d, (size_t)(out->e - d), max, sizeof(max) - 1) <= 0;
}

/* NuGetVersion.TryParse(). */
static bool nu_parse(const char *s, nuget *v)
{
    memset(v, 0, sizeof(*v));
    vrange t = utrim(s, false);
    const char *p = t.p, *e = t.e, *q = p;
    if (p == e)
        return false;
    while (q < e && *q != '-' && *q != '+')
        q++;
    const char *vend = q;
    if (q < e) {
        if (q + 1 == e) /* "1.0-", "1.0+": the sign stays in the version */
            return false;
        const char *plus = q;
        if (*q == '-') {
            plus = q + 1;
            while (plus < e && *plus != '+')
                plus++;
            if (plus + 1 == e) /* "1.0-a+": the '+' stays in the label */
                return false;
            v->pre = true;
            v->labels = (vrange){q + 1, plus};
            if (!nu_parts(q + 1, plus, true))
                return false;
        }
        if (plus < e && !nu_parts(plus + 1, e, false))
            return false;
    }
    /* System.Version: 2 to 4 components ("1" is read as "1.0") */
    int n = 0;
    for (const char *c = p;; n++) {
        const char *ce = c;
        while (ce < vend && *ce != '.')
            ce++;
        if (n == 4 || !nu_component(c, ce, &v->num[n]))
            return false;
        if (ce == vend)
            break;
        c = ce + 1;
    }
    return true;
}

/* int.TryParse() of a release label: an optional '-', digits, within
 * the range of a 32-bit int. */
static bool nu_label_int(const char *p, const char *e, long long *out)
{
    bool neg = p < e && *p == '-';
    if (neg)
        p++;
    if (p == e || digits_to(p, e) != e)
        return false;
    while (p < e - 1 && *p == '0')
        p++;
    if (e - p > 10)
        return false;
    long long v = 0;
    for (; p < e; p++)
        v = v * 10 + (*p - '0');
    if (v > 2147483647LL + neg)
        return false;
    *out = neg ? -v : v;
    return true;
}

static int nu_labelcmp(vrange x, vrange y)
{
    const char *p = x.p, *q = y.p;
    for (;;) {
        const char *pe = p, *qe = q;
        while (pe < x.e && *pe != '.')
            pe++;
        while (qe < y.e && *qe != '.')
            qe++;
        long long a, b;
        bool an = nu_label_int(p, pe, &a), bn = nu_label_int(q, qe, &b);
        int c;
        if (an && bn)
            c = (a > b) - (a < b);
        else if (an != bn)
            c = an ? -1 : 1;
        else /* StringComparer.OrdinalIgnoreCase */
            c = foldcmp(p, (size_t)(pe - p), q, (size_t)(qe - q), upper);
        if (c)
            return c;
        bool pm = pe < x.e, qm = qe < y.e;
        if (!pm || !qm)
            return pm == qm ? 0 : (pm ? 1 : -1);
        p = pe + 1, q = qe + 1;
    }
}

int mt_vercmp_nuget(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    nuget x, y;
    int r = invalid_first(nu_parse(a, &x), nu_parse(b, &y), a, b);
    if (r != 2)
        return r;
    for (int i = 0; i < 4; i++) {
        int c = rcmp(x.num[i], y.num[i]);
        if (c)
            return c;
    }
    if (!x.pre || !y.pre)
        return x.pre == y.pre ? 0 : (x.pre ? -1 : 1);
    return nu_labelcmp(x.labels, y.labels);
}

/* ---- Composer -------------------------------------------------------- */

enum { CP_CLASSIC, CP_DATE, CP_BRANCH };
/* version_compare()'s order of special forms; a number is "#" (4) */
enum { CP_NONE = -2, CP_OTHER = -1, CP_DEV = 0, CP_ALPHA, CP_BETA, CP_RC, CP_NUM, CP_PATCH };

typedef struct {
    int kind;
    vrange num[4];   /* classic, branch: empty = 0 */
    bool wild[4];    /* branch: x, X, * or missing (9999999) */
    vrange date;     /* date: its digit runs are the numbers */
    int stab;        /* CP_NONE or the special form of the stability */
    vrange stabnum;  /* its digit runs follow it */
    bool dev;
} composer;

static bool php_trim_char(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

/* PCRE's '$' without /D: the end, or a newline that ends the subject. */
static bool pcre_end(const char *p, const char *e)
{
    return p == e || (p + 1 == e && *p == '\n');
}

/* The end of the run of bytes from p (< e) that are neither ',' nor
 * white space nor, with plus, '+'. */
static const char *cp_word(const char *p, const char *e, bool plus)
{
    while (p < e && *p != ',' && !ascii_space(*p) && !(plus && *p == '+'))
        p++;
    return p;
}

/* VersionParser's modifier regex from p to the end of [p, e):
 *   [._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$
 * (case-insensitive), taking PCRE's first match: alternatives in order,
 * optional parts tried present first. */
static bool cp_modifier(const char *p, const char *e, composer *v)
{
    static const char *const words[] = {"stable", "beta", "b",     "rc", "alpha",
                                        "a",      "patch", "pl",   "p"};
    static const int forms[] = {CP_OTHER, CP_BETA, CP_BETA, CP_RC, CP_ALPHA,
                                CP_ALPHA, CP_PATCH, CP_PATCH, CP_PATCH};
    enum { NW = 9 };
    for (int sep = 1; sep >= 0; sep--) {
        const char *q = p;
        if (sep && !(q < e && (*q == '.' || *q == '_' || *q == '-')))
            continue;
        q += sep;
        for (int w = 0; w <= NW; w++) {
            const char *r = q;
            size_t n = 0;
            if (w < NW && (n = iprefix(r, e, words[w])) == 0)
                continue;
            r += n;
            vrange num = {r, r};
            if (w < NW)
                for (;;) { /* (?:[.-]?\d+)*+ */
                    const char *t = r < e && (*r == '.' || *r == '-') ? r + 1 : r;
                    if (!(t < e && is_digit(*t)))
                        break;
                    r = num.e = digits_to(t, e);
                }
            for (int d = 2; d >= 0; d--) { /* ([.-]?dev)? */
                const char *t = r;
                if (d == 2 && !(t < e && (*t == '.' || *t == '-')))
                    continue;
                t += d == 2;
                if (d >= 1 && !iprefix(t, e, "dev"))
                    continue;
                t += d >= 1 ? 3 : 0;
                if (!pcre_end(t, e))
                    continue;
                v->stab = CP_NONE;
                v->dev = d >= 1;
                if (w < NW && n == 6 && !memcmp(q, "stable", 6)) {
                    v->dev = false; /* exactly "stable": the bare version */
                } else if (w < NW) {
                    v->stab = forms[w];
                    v->stabnum = num;
                }
                return true;
            }
        }
    }
    return false;
}

/* \d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})? matching all of [p, e),
 * after n two-digit groups. At most 26 bytes long, so the backtracking
 * is bounded. */
static bool cp_date_rest(const char *p, const char *e, int n)
{
    if (n >= 1) {
        const char *t = p < e && (*p == '.' || *p == ':' || *p == '-') ? p + 1 : p;
        if (p == e || (t < e && digits_to(t, e) == e && e - t <= 3))
            return true;
    }
    if (n == 6)
        return false;
    const char *t = p < e && (*p == '.' || *p == ':' || *p == '-') ? p + 1 : p;
    return e - t >= 2 && is_digit(t[0]) && is_digit(t[1]) && cp_date_rest(t + 2, e, n + 1);
}

static bool cp_date(const char *p, const char *e)
{
    return e - p <= 26 && e - p >= 4 && digits_to(p, p + 4) == p + 4 && cp_date_rest(p + 4, e, 0);
}

/* normalizeBranch() of [p, e) gives a number, not "dev-...":
 * v?(\d++)(\.(?:\d++|[xX*]))? x3 after PHP's trim(). */
static bool cp_branch(const char *p, const char *e, composer *v)
{
    while (p < e && php_trim_char(*p))
        p++;
    while (e > p && php_trim_char(e[-1]))
        e--;
    if (p < e && (*p == 'v' || *p == 'V'))
        p++;
    v->kind = CP_BRANCH;
    for (int i = 0; i < 4; i++) {
        v->wild[i] = i > 0;
        v->num[i] = (vrange){p, p};
    }
    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            if (pcre_end(p, e))
                return true;
            if (*p != '.')
                return false;
            p++;
            if (p < e && (*p == 'x' || *p == 'X' || *p == '*')) {
                p++;
                continue;
            }
        }
        const char *d = p;
        p = digits_to(p, e);
        if (p == d)
            return false;
        v->wild[i] = false;
        v->num[i] = (vrange){d, p};
    }
    return pcre_end(p, e);
}

/* VersionParser::normalize() succeeds and gives no "dev-" branch. */
static bool cp_parse(const char *s, composer *v)
{
    memset(v, 0, sizeof(*v));
    v->stab = CP_NONE;
    const char *p = s, *e = s + strlen(s);
    while (p < e && php_trim_char(*p))
        p++;
    while (e > p && php_trim_char(e[-1]))
        e--;
    /* "A as B" aliases: ^([^,\s]++) ++as ++([^,\s]++)$ */
    const char *x = cp_word(p, e, false), *q = x;
    if (x > p && q < e && *q == ' ') {
        while (q < e && *q == ' ')
            q++;
        if (e - q >= 3 && q[0] == 'a' && q[1] == 's' && q[2] == ' ') {
            q += 2;
            while (q < e && *q == ' ')
                q++;
            const char *y = cp_word(q, e, false);
            if (y > q && pcre_end(y, e))
                e = x;
        }
    }
    /* a stability flag: @(?:stable|RC|beta|alpha|dev)$ */
    static const char *const flags[] = {"@stable", "@rc", "@beta", "@alpha", "@dev"};
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(flags[i]);
        if ((size_t)(e - p) >= n && iprefix(e - n, e, flags[i])) {
            e -= n;
            break;
        }
    }
    /* branches: master, trunk, default, dev-* */
    size_t len = (size_t)(e - p);
    if ((len == 6 && !memcmp(p, "master", 6)) || (len == 5 && !memcmp(p, "trunk", 5)) ||
        (len == 7 && !memcmp(p, "default", 7)) || iprefix(p, e, "dev-"))
        return false;
    /* build metadata: ^([^,\s+]++)\+[^\s]++$ */
    x = cp_word(p, e, true);
    if (x > p && x < e && *x == '+') {
        q = x + 1;
        while (q < e && !ascii_space(*q))
            q++;
        if (q > x + 1 && pcre_end(q, e))
            e = x;
    }
    /* classical: ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)? modifier $ */
    const char *b = p < e && (*p == 'v' || *p == 'V') ? p + 1 : p;
    q = digits_to(b, e);
    if (q > b && q - b <= 5) {
        v->kind = CP_CLASSIC;
        v->num[0] = (vrange){b, q};
        for (int i = 1; i < 4 && q + 1 < e && *q == '.' && is_digit(q[1]); i++) {
            v->num[i].p = q + 1;
            q = v->num[i].e = digits_to(q + 1, e);
        }
        for (int i = 1; i < 4; i++)
            if (!v->num[i].p)
                v->num[i] = (vrange){q, q};
        if (cp_modifier(q, e, v))
            return true;
    }
    /* dates: ^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?) modifier $ */
    q = b;
    while (q < e && (is_digit(*q) || *q == '.' || *q == ':' || *q == '-'))
        q++;
    while (q > b && !is_digit(q[-1]))
        q--;
    memset(v, 0, sizeof(*v));
    v->stab = CP_NONE;
    if (cp_date(b, q) && cp_modifier(q, e, v)) {
        v->kind = CP_DATE;
        v->date = (vrange){b, q};
        return true;
    }
    /* numeric branches: (.*?)[.-]?dev$ searched, then normalizeBranch() */
    memset(v, 0, sizeof(*v));
    v->stab = CP_NONE;
    const char *end = e > p && e[-1] == '\n' ? e - 1 : e;
    if (end - p < 3 || !iprefix(end - 3, end, "dev"))
        return false;
    const char *m = end - 3, *start = m;
    while (start > p && start[-1] != '\n')
        start--;
    if (m > start && (m[-1] == '.' || m[-1] == '-'))
        m--;
    if (!cp_branch(start, m, v))
        return false;
    v->dev = true;
    return true;
}

/* version_compare() on the normalised version, element by element: the
 * numbers (strtol(): clamped to LONG_MAX), then the stability's special
 * form and its numbers, then "dev". */
typedef struct {
    bool num;
    unsigned long long val;
    int form;
} cpel;

typedef struct {
    const composer *v;
    int stage, i;
    const char *p; /* within the date or the stability's numbers */
} cpcur;

static unsigned long long cp_strtol(const char *p, const char *e)
{
    const unsigned long long max = 9223372036854775807ULL;
    while (p < e && *p == '0')
        p++;
    if (e - p > 19)
        return max;
    unsigned long long v = 0;
    for (; p < e; p++)
        v = v * 10 + (unsigned)(*p - '0');
    return v > max ? max : v;
}

/* The next digit run at or after c->p within [c->p, e). */
static bool cp_run(cpcur *c, const char *e, cpel *out)
{
    while (c->p < e && !is_digit(*c->p))
        c->p++;
    if (c->p >= e)
        return false;
    const char *d = c->p;
    c->p = digits_to(d, e);
    *out = (cpel){true, cp_strtol(d, c->p), CP_NUM};
    return true;
}

static bool cp_next(cpcur *c, cpel *out)
{
    const composer *v = c->v;
    for (;;) {
        switch (c->stage) {
        case 0: /* the numbers */
            if (v->kind == CP_DATE) {
                if (!c->p)
                    c->p = v->date.p;
                if (cp_run(c, v->date.e, out))
                    return true;
            } else if (c->i < 4) {
                int i = c->i++;
                *out = (cpel){true,
                              v->wild[i] ? 9999999ULL : cp_strtol(v->num[i].p, v->num[i].e),
                              CP_NUM};
                return true;
            }
            c->stage = 1;
            break;
        case 1:
            c->stage = 2;
            c->p = v->stabnum.p;
            if (v->stab != CP_NONE) {
                *out = (cpel){false, 0, v->stab};
                return true;
            }
            break;
        case 2:
            if (v->stab != CP_NONE && cp_run(c, v->stabnum.e, out))
                return true;
            c->stage = 3;
            break;
        case 3:
            c->stage = 4;
            if (v->dev) {
                *out = (cpel){false, 0, CP_DEV};
                return true;
            }
            break;
        default:
            return false;
        }
    }
}

int mt_vercmp_composer(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    composer x, y;
    int r = invalid_first(cp_parse(a, &x), cp_parse(b, &y), a, b);
    if (r != 2)
        return r;
    cpcur cx = {&x, 0, 0, NULL}, cy = {&y, 0, 0, NULL};
    cpel ex, ey;
    bool hx = cp_next(&cx, &ex), hy = cp_next(&cy, &ey);
    while (hx && hy) {
        int c;
        if (ex.num && ey.num)
            c = (ex.val > ey.val) - (ex.val < ey.val);
        else
            c = (ex.form > ey.form) - (ex.form < ey.form);
        if (c)
            return c;
        hx = cp_next(&cx, &ex);
        hy = cp_next(&cy, &ey);
    }
    /* the longer one: a number makes it newer, a special form is
     * compared with "#" (a number) */
    if (hx)
        return ex.num ? 1 : (ex.form > CP_NUM) - (ex.form < CP_NUM);
    if (hy)
        return ey.num ? -1 : (CP_NUM > ey.form) - (CP_NUM < ey.form);
    return 0;
}

/* ---- Go toolchain versions ------------------------------------------- */

/* A run of digits without a leading zero ("0" itself is fine). */
static const char *go_num(const char *p, const char *e)
{
    const char *d = digits_to(p, e);
    return d == p || (*p == '0' && d - p > 1) ? NULL : d;
}

bool mt_go_version_normalize(const char *go, char *out, size_t outlen)
{
    if (out && outlen)
        *out = '\0';
    if (!go || !out || !outlen)
        return false;
    const char *p = go;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    const char *e = p;
    while (*e && *e != ' ' && !(*e >= '\t' && *e <= '\r'))
        e++;
    if (e - p >= 2 && p[0] == 'g' && p[1] == 'o')
        p += 2;
    else if (p < e && *p == 'v')
        p++;
    const char *maj = p, *maje = go_num(p, e), *min = NULL, *mine = NULL, *pat = NULL,
               *pate = NULL, *pre = NULL, *pren = NULL, *prene = NULL;
    if (!maje)
        return false;
    p = maje;
    if (p == e && maje - maj == 1 && *maj == '1') { /* "go1" */
        min = "0", mine = min + 1;
    } else {
        if (p >= e || *p != '.' || !(mine = go_num(min = p + 1, e)))
            return false;
        p = mine;
        if (p < e && *p == '.') {
            if (!(pate = go_num(pat = p + 1, e)))
                return false;
            p = pate;
        }
        size_t n = e - p >= 4 && !memcmp(p, "beta", 4) ? 4 : e - p >= 2 && !memcmp(p, "rc", 2) ? 2 : 0;
        if (n) {
            pre = p;
            pren = p + n;
            if (!(prene = go_num(pren, e)))
                return false;
            p = prene;
        }
        if (p != e)
            return false;
    }
    int len = snprintf(out, outlen, "%.*s.%.*s.%.*s%s%.*s%s%.*s", (int)(maje - maj), maj,
                       (int)(mine - min), min, pat ? (int)(pate - pat) : 1, pat ? pat : "0",
                       pre ? "-" : "", pre ? (int)(pren - pre) : 0, pre ? pre : "",
                       pre ? "." : "", pre ? (int)(prene - pren) : 0, pre ? pren : "");
    if (len < 0 || (size_t)len >= outlen) {
        *out = '\0';
        return false;
    }
    return true;
}

/* ---- OSV ecosystems -------------------------------------------------- */

const char *mt_ecosystem_vertype(const char *osv_ecosystem)
{
    if (!osv_ecosystem)
        return NULL;
    static const struct {
        const char *name, *type;
    } map[] = {
        {"Debian", "deb"},       {"Ubuntu", "deb"},
        {"Alpine", "apk"},       {"Wolfi", "apk"},           {"Chainguard", "apk"},
        {"AlmaLinux", "rpm"},    {"Rocky Linux", "rpm"},     {"Red Hat", "rpm"},
        {"openSUSE", "rpm"},     {"SUSE", "rpm"},            {"Mageia", "rpm"},
        {"openEuler", "rpm"},    {"Azure Linux", "rpm"},
        {"Go", "golang"},        {"npm", "npm"},             {"crates.io", "cargo"},
        {"PyPI", "pypi"},        {"Maven", "maven"},         {"RubyGems", "gem"},
        {"Packagist", "composer"}, {"NuGet", "nuget"},
    };
    size_t n = strcspn(osv_ecosystem, ":");
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strlen(map[i].name) == n && !memcmp(map[i].name, osv_ecosystem, n))
            return map[i].type;
    return NULL;
}

/* ---- dispatch -------------------------------------------------------- */

typedef enum {
    ECO_DEB,
    ECO_RPM,
    ECO_APK,
    ECO_SEMVER,
    ECO_PYPI,
    ECO_MAVEN,
    ECO_GEM,
    ECO_NUGET,
    ECO_COMPOSER
} eco;

static eco eco_of(const char *ecosystem)
{
    static const struct {
        const char *type;
        eco e;
    } types[] = {{"deb", ECO_DEB},   {"rpm", ECO_RPM},     {"apk", ECO_APK},
                 {"pypi", ECO_PYPI}, {"maven", ECO_MAVEN}, {"gem", ECO_GEM},
                 {"nuget", ECO_NUGET}, {"composer", ECO_COMPOSER}};
    for (size_t i = 0; ecosystem && i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcmp(ecosystem, types[i].type))
            return types[i].e;
    return ECO_SEMVER; /* golang, npm, cargo, and the fallback */
}

bool mt_verok(const char *ecosystem, const char *v)
{
    v = v ? v : "";
    debver d;
    semver s;
    pep440 py;
    vrange g;
    nuget nu;
    composer cp;
    switch (eco_of(ecosystem)) {
    case ECO_DEB: return deb_parse(v, &d);
    case ECO_RPM: return *v != '\0';
    case ECO_APK: return apk_valid(v);
    case ECO_SEMVER: return sv_parse(v, &s);
    case ECO_PYPI: return pep440_parse(v, &py);
    case ECO_MAVEN: return true;
    case ECO_GEM: return gem_parse(v, &g);
    case ECO_NUGET: return nu_parse(v, &nu);
    case ECO_COMPOSER: return cp_parse(v, &cp);
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
    case ECO_PYPI: return mt_vercmp_pypi(a, b);
    case ECO_MAVEN: return mt_vercmp_maven(a, b);
    case ECO_GEM: return mt_vercmp_gem(a, b);
    case ECO_NUGET: return mt_vercmp_nuget(a, b);
    case ECO_COMPOSER: return mt_vercmp_composer(a, b);
    }
    return 0;
}
