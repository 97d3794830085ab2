/* cvss.c — CVSS v2 / v3.0 / v3.1 / v4.0 base scores (cvss.h).
 *
 * One table-driven parser for every version (a table of the metrics a
 * version defines, with their values), then one scoring function per
 * version working on the indexes of the base metric values. Scores are
 * computed in tenths (an int 0..100) and only turned into a double at the
 * end, so every score is exactly the double nearest to a one-decimal
 * number. Nothing is allocated; every loop is bounded by the vector's
 * length, itself bounded by CVSS_MAX_VECTOR. */
#include "vuln/cvss.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* One metric of a vector: its abbreviated name, its values (NULL after the
 * last) and, for a base metric, the slot its value index is stored in. */
typedef struct {
    const char *name;
    const char *values[7]; /* at most 6 values: one slot stays NULL */
    int slot; /* -1: accepted, checked, ignored for the base score */
} cvss_metric;

#define MAX_METRICS 40
#define MAX_BASE 11

/* --- Metric tables ------------------------------------------------------ */

/* v2: CVSS v2 guide §2 and §2.4 (vector form). */
enum { V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A, V2_NBASE };
static const cvss_metric v2_metrics[] = {
    {"AV", {"L", "A", "N"}, V2_AV},
    {"AC", {"H", "M", "L"}, V2_AC},
    {"Au", {"M", "S", "N"}, V2_AU},
    {"C", {"N", "P", "C"}, V2_C},
    {"I", {"N", "P", "C"}, V2_I},
    {"A", {"N", "P", "C"}, V2_A},
    {"E", {"U", "POC", "F", "H", "ND"}, -1},
    {"RL", {"OF", "TF", "W", "U", "ND"}, -1},
    {"RC", {"UC", "UR", "C", "ND"}, -1},
    {"CDP", {"N", "L", "LM", "MH", "H", "ND"}, -1},
    {"TD", {"N", "L", "M", "H", "ND"}, -1},
    {"CR", {"L", "M", "H", "ND"}, -1},
    {"IR", {"L", "M", "H", "ND"}, -1},
    {"AR", {"L", "M", "H", "ND"}, -1},
};

/* v3.0 and v3.1: specification §6 (Table 15 of 3.1), same metrics. */
enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A, V3_NBASE };
static const cvss_metric v3_metrics[] = {
    {"AV", {"N", "A", "L", "P"}, V3_AV},
    {"AC", {"L", "H"}, V3_AC},
    {"PR", {"N", "L", "H"}, V3_PR},
    {"UI", {"N", "R"}, V3_UI},
    {"S", {"U", "C"}, V3_S},
    {"C", {"H", "L", "N"}, V3_C},
    {"I", {"H", "L", "N"}, V3_I},
    {"A", {"H", "L", "N"}, V3_A},
    {"E", {"X", "U", "P", "F", "H"}, -1},
    {"RL", {"X", "O", "T", "W", "U"}, -1},
    {"RC", {"X", "U", "R", "C"}, -1},
    {"CR", {"X", "L", "M", "H"}, -1},
    {"IR", {"X", "L", "M", "H"}, -1},
    {"AR", {"X", "L", "M", "H"}, -1},
    {"MAV", {"X", "N", "A", "L", "P"}, -1},
    {"MAC", {"X", "L", "H"}, -1},
    {"MPR", {"X", "N", "L", "H"}, -1},
    {"MUI", {"X", "N", "R"}, -1},
    {"MS", {"X", "U", "C"}, -1},
    {"MC", {"X", "N", "L", "H"}, -1},
    {"MI", {"X", "N", "L", "H"}, -1},
    {"MA", {"X", "N", "L", "H"}, -1},
};

/* v4.0: specification §7 (Table 23). The value order of the base metrics
 * is their severity order, most severe first, which the scoring relies on. */
enum { V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA, V4_NBASE };
static const cvss_metric v4_metrics[] = {
    {"AV", {"N", "A", "L", "P"}, V4_AV},
    {"AC", {"L", "H"}, V4_AC},
    {"AT", {"N", "P"}, V4_AT},
    {"PR", {"N", "L", "H"}, V4_PR},
    {"UI", {"N", "P", "A"}, V4_UI},
    {"VC", {"H", "L", "N"}, V4_VC},
    {"VI", {"H", "L", "N"}, V4_VI},
    {"VA", {"H", "L", "N"}, V4_VA},
    {"SC", {"H", "L", "N"}, V4_SC},
    {"SI", {"H", "L", "N"}, V4_SI},
    {"SA", {"H", "L", "N"}, V4_SA},
    {"E", {"X", "A", "P", "U"}, -1},
    {"CR", {"X", "H", "M", "L"}, -1},
    {"IR", {"X", "H", "M", "L"}, -1},
    {"AR", {"X", "H", "M", "L"}, -1},
    {"MAV", {"X", "N", "A", "L", "P"}, -1},
    {"MAC", {"X", "L", "H"}, -1},
    {"MAT", {"X", "N", "P"}, -1},
    {"MPR", {"X", "N", "L", "H"}, -1},
    {"MUI", {"X", "N", "P", "A"}, -1},
    {"MVC", {"X", "H", "L", "N"}, -1},
    {"MVI", {"X", "H", "L", "N"}, -1},
    {"MVA", {"X", "H", "L", "N"}, -1},
    {"MSC", {"X", "H", "L", "N"}, -1},
    {"MSI", {"X", "S", "H", "L", "N"}, -1},
    {"MSA", {"X", "S", "H", "L", "N"}, -1},
    {"S", {"X", "N", "P"}, -1},
    {"AU", {"X", "N", "Y"}, -1},
    {"R", {"X", "A", "U", "I"}, -1},
    {"V", {"X", "D", "C"}, -1},
    {"RE", {"X", "L", "M", "H"}, -1},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, -1},
};

_Static_assert(MT_ARRAY_LEN(v4_metrics) <= MAX_METRICS, "metric bitmask");
_Static_assert(MT_ARRAY_LEN(v3_metrics) <= MAX_METRICS, "metric bitmask");
_Static_assert(MT_ARRAY_LEN(v2_metrics) <= MAX_METRICS, "metric bitmask");

static bool span_is(const char *p, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(p, s, n) == 0;
}

/* Parses the "NAME:VALUE/NAME:VALUE/..." list s[0..n) against tab and stores
 * the value index of each base metric in base[slot]. Returns -1 on any
 * empty component, unknown name or value, repeated metric, or missing base
 * metric. */
static int parse_metrics(const char *s, size_t n, const cvss_metric *tab, size_t ntab,
                         int nbase, int *base)
{
    uint64_t seen = 0;
    for (int k = 0; k < nbase; k++)
        base[k] = -1;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        const char *c = s + i;
        const char *colon = memchr(c, ':', j - i);
        if (!colon)
            return -1; /* also an empty component: "", "a//b", trailing '/' */
        size_t nlen = (size_t)(colon - c), vlen = j - i - nlen - 1;
        size_t k = 0;
        while (k < ntab && !span_is(c, nlen, tab[k].name))
            k++;
        if (k == ntab || (seen >> k & 1))
            return -1;
        seen |= (uint64_t)1 << k;
        int v = 0;
        while (tab[k].values[v] && !span_is(colon + 1, vlen, tab[k].values[v]))
            v++;
        if (!tab[k].values[v])
            return -1; /* unknown value (an empty one, or one holding ':', too) */
        if (tab[k].slot >= 0)
            base[tab[k].slot] = v;
        if (j == n)
            break;
        i = j + 1;
    }
    for (int k = 0; k < nbase; k++)
        if (base[k] < 0)
            return -1;
    return 0;
}

/* --- v2 ----------------------------------------------------------------- */

/* CVSS v2 guide §3.2.1. Doubles, in the order the guide writes the
 * equations; the result is rounded half up to one decimal. */
static int v2_tenths(const int *m)
{
    static const double av[] = {0.395, 0.646, 1.0};
    static const double ac[] = {0.35, 0.61, 0.71};
    static const double au[] = {0.45, 0.56, 0.704};
    static const double cia[] = {0.0, 0.275, 0.660};
    double impact = 10.41 * (1 - (1 - cia[m[V2_C]]) * (1 - cia[m[V2_I]]) * (1 - cia[m[V2_A]]));
    double exploitability = 20 * av[m[V2_AV]] * ac[m[V2_AC]] * au[m[V2_AU]];
    double f = impact == 0 ? 0 : 1.176;
    double base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
    if (!(base > 0))
        return 0;
    int t = (int)(base * 10 + 0.5);
    return t > 100 ? 100 : t;
}

/* --- v3.0 / v3.1 -------------------------------------------------------- */

/* x to the 15th by squaring: no libm needed. */
static double pow15(double x)
{
    double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;
    return x8 * x4 * x2 * x;
}

/* v3.0 §8.1 Roundup: the smallest one-decimal number >= x, computed as
 * FIRST's v3.0 calculator does, ceil(x * 10) in doubles (so an x a hair
 * above a tenth through floating-point error goes up a tenth). */
static int roundup30(double x)
{
    double t = x * 10;
    int i = (int)t;
    return (double)i < t ? i + 1 : i;
}

/* v3.1 Appendix A Roundup: work on x * 100000 rounded to an integer, so
 * floating-point noise below 1e-5 no longer moves the result. */
static int roundup31(double x)
{
    long long i = (long long)(x * 100000 + 0.5);
    return i % 10000 == 0 ? (int)(i / 10000) : (int)(i / 10000) + 1;
}

/* v3.0 §8.1 / v3.1 §7.1, with the operations in the specification's (and
 * FIRST's calculators') order so that v3.0's floating-point Roundup gives
 * the calculator's results. */
static int v3_tenths(const int *m, bool v31)
{
    static const double av[] = {0.85, 0.62, 0.55, 0.2};
    static const double ac[] = {0.77, 0.44};
    static const double pr_u[] = {0.85, 0.62, 0.27}, pr_c[] = {0.85, 0.68, 0.5};
    static const double ui[] = {0.85, 0.62};
    static const double cia[] = {0.56, 0.22, 0};
    bool changed = m[V3_S] == 1;
    double pr = changed ? pr_c[m[V3_PR]] : pr_u[m[V3_PR]];
    double exploitability = 8.22 * av[m[V3_AV]] * ac[m[V3_AC]] * pr * ui[m[V3_UI]];
    double iss = 1 - ((1 - cia[m[V3_C]]) * (1 - cia[m[V3_I]]) * (1 - cia[m[V3_A]]));
    double impact;
    if (changed)
        impact = 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02);
    else
        impact = 6.42 * iss;
    if (impact <= 0)
        return 0;
    double sum = exploitability + impact;
    if (changed)
        sum = 1.08 * sum;
    if (sum > 10)
        sum = 10;
    return v31 ? roundup31(sum) : roundup30(sum);
}

/* --- v4.0 --------------------------------------------------------------- */

/* Score of each macro vector, in tenths, indexed [EQ1][EQ2][EQ3][EQ4][EQ5]
 * [EQ6]; -1 where the combination cannot occur (EQ3=2 with EQ6=0). Data of
 * the v4.0 specification's macro-vector table (as published with FIRST's
 * calculator), transcribed as numbers. */
static const signed char v4_macro[3][2][3][3][3][2] = {
    /* 000xxx */ {{{{{100, 99}, {98, 95}, {95, 92}}, {{100, 96}, {93, 87}, {91, 81}}, {{93, 90}, {89, 80}, {81, 68}}},
    /* 001xxx */ {{{98, 95}, {95, 92}, {90, 84}}, {{93, 92}, {89, 81}, {81, 65}}, {{88, 80}, {78, 70}, {69, 48}}},
    /* 002xxx */ {{{-1, 92}, {-1, 82}, {-1, 72}}, {{-1, 79}, {-1, 69}, {-1, 50}}, {{-1, 69}, {-1, 55}, {-1, 27}}}},
    /* 010xxx */ {{{{99, 97}, {95, 92}, {92, 85}}, {{95, 91}, {90, 83}, {84, 71}}, {{92, 81}, {82, 71}, {72, 53}}},
    /* 011xxx */ {{{95, 93}, {92, 85}, {85, 73}}, {{92, 82}, {80, 72}, {70, 59}}, {{84, 70}, {71, 52}, {50, 30}}},
    /* 012xxx */ {{{-1, 86}, {-1, 75}, {-1, 52}}, {{-1, 71}, {-1, 52}, {-1, 29}}, {{-1, 63}, {-1, 29}, {-1, 17}}}}},
    /* 100xxx */ {{{{{98, 95}, {94, 87}, {91, 81}}, {{94, 89}, {86, 74}, {77, 64}}, {{87, 75}, {74, 63}, {63, 49}}},
    /* 101xxx */ {{{94, 89}, {88, 77}, {76, 67}}, {{86, 76}, {74, 58}, {59, 50}}, {{72, 57}, {57, 52}, {52, 25}}},
    /* 102xxx */ {{{-1, 83}, {-1, 70}, {-1, 54}}, {{-1, 65}, {-1, 58}, {-1, 26}}, {{-1, 53}, {-1, 21}, {-1, 13}}}},
    /* 110xxx */ {{{{95, 90}, {88, 76}, {76, 70}}, {{90, 77}, {75, 62}, {61, 53}}, {{77, 66}, {68, 59}, {52, 30}}},
    /* 111xxx */ {{{89, 78}, {76, 67}, {62, 58}}, {{74, 59}, {57, 57}, {47, 23}}, {{61, 52}, {57, 29}, {24, 16}}},
    /* 112xxx */ {{{-1, 71}, {-1, 59}, {-1, 30}}, {{-1, 58}, {-1, 26}, {-1, 15}}, {{-1, 23}, {-1, 13}, {-1, 6}}}}},
    /* 200xxx */ {{{{{93, 87}, {86, 72}, {75, 58}}, {{86, 74}, {74, 61}, {56, 34}}, {{70, 54}, {52, 40}, {40, 22}}},
    /* 201xxx */ {{{85, 75}, {74, 55}, {62, 51}}, {{72, 57}, {55, 41}, {46, 19}}, {{53, 36}, {34, 19}, {19, 8}}},
    /* 202xxx */ {{{-1, 64}, {-1, 51}, {-1, 20}}, {{-1, 47}, {-1, 21}, {-1, 11}}, {{-1, 24}, {-1, 9}, {-1, 4}}}},
    /* 210xxx */ {{{{88, 75}, {73, 53}, {60, 50}}, {{73, 55}, {59, 40}, {41, 20}}, {{54, 43}, {45, 22}, {20, 11}}},
    /* 211xxx */ {{{75, 55}, {58, 45}, {40, 21}}, {{61, 51}, {48, 18}, {20, 9}}, {{46, 18}, {17, 7}, {8, 2}}},
    /* 212xxx */ {{{-1, 53}, {-1, 24}, {-1, 14}}, {{-1, 24}, {-1, 12}, {-1, 5}}, {{-1, 10}, {-1, 3}, {-1, 1}}}}},
};

/* Severity levels used for the distances (spec §8.2; FIRST's calculator
 * writes them as multiples of 0.1, here they are the integer tenths). */
typedef struct {
    int av, pr, ui;        /* EQ1 */
    int ac, at;            /* EQ2 */
    int vc, vi, va;        /* EQ3 (with EQ6) */
    int cr, ir, ar;        /* EQ6; always H (0) for a base score */
    int sc, si, sa;        /* EQ4 */
} v4_levels;

/* Highest-severity vectors of each EQ level (spec Tables 24-30), as
 * levels; the first of them that the scored vector does not exceed is the
 * one its distance is measured from. */
typedef struct {
    int av, pr, ui;
} v4_max1;
typedef struct {
    int ac, at;
} v4_max2;
typedef struct {
    int vc, vi, va, cr, ir, ar;
} v4_max36;
typedef struct {
    int sc, si, sa;
} v4_max4;

#define MAXN 5
static const struct {
    int n;
    v4_max1 v[MAXN];
} v4_eq1_max[3] = {
    {1, {{0, 0, 0}}},                        /* AV:N/PR:N/UI:N */
    {3, {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},  /* AV:A/PR:N/UI:N, AV:N/PR:L/UI:N, AV:N/PR:N/UI:P */
    {2, {{3, 0, 0}, {1, 1, 1}}},             /* AV:P/PR:N/UI:N, AV:A/PR:L/UI:P */
};
static const struct {
    int n;
    v4_max2 v[MAXN];
} v4_eq2_max[2] = {
    {1, {{0, 0}}},         /* AC:L/AT:N */
    {2, {{1, 0}, {0, 1}}}, /* AC:H/AT:N, AC:L/AT:P */
};
/* [EQ3][EQ6] */
static const struct {
    int n;
    v4_max36 v[MAXN];
} v4_eq36_max[3][2] = {
    {
        {1, {{0, 0, 0, 0, 0, 0}}},                     /* VC:H/VI:H/VA:H/CR:H/IR:H/AR:H */
        {2, {{0, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 1, 1}}}, /* VA:L CR:M IR:M; CR:M IR:M AR:M */
    },
    {
        {2, {{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}}}, /* VC:L/VI:H/VA:H, VC:H/VI:L/VA:H */
        {5,
         {{1, 0, 1, 0, 1, 0},
          {1, 0, 0, 0, 1, 1},
          {0, 1, 0, 1, 0, 1},
          {0, 1, 1, 1, 0, 0},
          {1, 1, 0, 0, 0, 1}}},
    },
    {
        {0, {{0}}},                    /* EQ3=2 with EQ6=0 cannot occur */
        {1, {{1, 1, 1, 0, 0, 0}}},     /* VC:L/VI:L/VA:L/CR:H/IR:H/AR:H */
    },
};
static const struct {
    int n;
    v4_max4 v[MAXN];
} v4_eq4_max[3] = {
    {1, {{1, 0, 0}}}, /* SC:H/SI:S/SA:S */
    {1, {{1, 1, 1}}}, /* SC:H/SI:H/SA:H */
    {1, {{2, 2, 2}}}, /* SC:L/SI:L/SA:L */
};

/* Depth of each EQ level plus one ("max severity" in FIRST's calculator):
 * the number of 0.1 steps a vector of the level can be from its highest. */
static const int v4_eq1_depth[3] = {1, 4, 5};
static const int v4_eq2_depth[2] = {1, 2};
static const int v4_eq36_depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int v4_eq4_depth[3] = {6, 5, 4};
#define V4_DEPTH_LCM 840 /* lcm of every depth above */

static int v4_at(int e1, int e2, int e3, int e4, int e5, int e6)
{
    if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1)
        return -1;
    return v4_macro[e1][e2][e3][e4][e5][e6];
}

/* v4.0 §8.2 for a base vector (CVSS-B): the threat metric is taken as its
 * default E:A (EQ5=0), the security requirements as H, no modified metric. */
static int v4_tenths(const int *m)
{
    if (m[V4_VC] == 2 && m[V4_VI] == 2 && m[V4_VA] == 2 && m[V4_SC] == 2 && m[V4_SI] == 2 &&
        m[V4_SA] == 2)
        return 0; /* no impact on any system */

    v4_levels l = {
        .av = m[V4_AV], .pr = m[V4_PR], .ui = m[V4_UI], .ac = m[V4_AC], .at = m[V4_AT],
        .vc = m[V4_VC], .vi = m[V4_VI], .va = m[V4_VA], .cr = 0, .ir = 0, .ar = 0,
        /* SC has no S: H=1 L=2 N=3; SI, SA: S=0 H=1 L=2 N=3 */
        .sc = m[V4_SC] + 1, .si = m[V4_SI] + 1, .sa = m[V4_SA] + 1,
    };
    bool avn = l.av == 0, prn = l.pr == 0, uin = l.ui == 0;
    int eq1 = (avn && prn && uin) ? 0 : ((avn || prn || uin) && l.av != 3) ? 1 : 2;
    int eq2 = (l.ac == 0 && l.at == 0) ? 0 : 1;
    bool vch = l.vc == 0, vih = l.vi == 0, vah = l.va == 0;
    int eq3 = (vch && vih) ? 0 : (vch || vih || vah) ? 1 : 2;
    int eq4 = (l.si == 0 || l.sa == 0) ? 0 : (l.sc == 1 || l.si == 1 || l.sa == 1) ? 1 : 2;
    int eq5 = 0;
    int eq6 = ((l.cr == 0 && vch) || (l.ir == 0 && vih) || (l.ar == 0 && vah)) ? 0 : 1;

    int value = v4_at(eq1, eq2, eq3, eq4, eq5, eq6);

    /* Next lower macro vector of each EQ; -1 when there is none. */
    int lower1 = v4_at(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    int lower2 = v4_at(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    int lower36;
    if (eq3 == 0 && eq6 == 0) {
        /* two ways down (EQ6 or EQ3): the higher-scoring one */
        int left = v4_at(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
        int right = v4_at(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
        lower36 = left > right ? left : right;
    } else if (eq3 == 1 && eq6 == 0) {
        lower36 = v4_at(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if (eq6 == 1 && eq3 < 2) {
        lower36 = v4_at(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else {
        lower36 = -1; /* 21: the lowest */
    }
    int lower4 = v4_at(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    int lower5 = v4_at(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    /* Distance from the first highest-severity vector of each EQ level that
     * is at least as severe as the scored one, metric by metric. (For a
     * base vector one always exists.) */
    int d1 = 0, d2 = 0, d36 = 0, d4 = 0;
    for (int i = 0; i < v4_eq1_max[eq1].n; i++) {
        const v4_max1 *x = &v4_eq1_max[eq1].v[i];
        if (l.av < x->av || l.pr < x->pr || l.ui < x->ui)
            continue;
        d1 = (l.av - x->av) + (l.pr - x->pr) + (l.ui - x->ui);
        break;
    }
    for (int i = 0; i < v4_eq2_max[eq2].n; i++) {
        const v4_max2 *x = &v4_eq2_max[eq2].v[i];
        if (l.ac < x->ac || l.at < x->at)
            continue;
        d2 = (l.ac - x->ac) + (l.at - x->at);
        break;
    }
    for (int i = 0; i < v4_eq36_max[eq3][eq6].n; i++) {
        const v4_max36 *x = &v4_eq36_max[eq3][eq6].v[i];
        if (l.vc < x->vc || l.vi < x->vi || l.va < x->va || l.cr < x->cr || l.ir < x->ir ||
            l.ar < x->ar)
            continue;
        d36 = (l.vc - x->vc) + (l.vi - x->vi) + (l.va - x->va) + (l.cr - x->cr) +
              (l.ir - x->ir) + (l.ar - x->ar);
        break;
    }
    for (int i = 0; i < v4_eq4_max[eq4].n; i++) {
        const v4_max4 *x = &v4_eq4_max[eq4].v[i];
        if (l.sc < x->sc || l.si < x->si || l.sa < x->sa)
            continue;
        d4 = (l.sc - x->sc) + (l.si - x->si) + (l.sa - x->sa);
        break;
    }

    /* Each EQ with a lower macro vector contributes (value - lower) times
     * its distance over its depth; EQ5's distance is always 0 but it still
     * counts in the mean. score = value - mean, all in tenths; the sum is
     * kept over the common denominator V4_DEPTH_LCM so nothing is rounded
     * before the final rounding. */
    long num = 0;
    int n = 0;
    if (lower1 >= 0) {
        num += (long)(value - lower1) * d1 * (V4_DEPTH_LCM / v4_eq1_depth[eq1]);
        n++;
    }
    if (lower2 >= 0) {
        num += (long)(value - lower2) * d2 * (V4_DEPTH_LCM / v4_eq2_depth[eq2]);
        n++;
    }
    if (lower36 >= 0) {
        num += (long)(value - lower36) * d36 * (V4_DEPTH_LCM / v4_eq36_depth[eq3][eq6]);
        n++;
    }
    if (lower4 >= 0) {
        num += (long)(value - lower4) * d4 * (V4_DEPTH_LCM / v4_eq4_depth[eq4]);
        n++;
    }
    if (lower5 >= 0)
        n++;
    if (n == 0)
        return value;
    /* score (tenths) = value - num / (LCM * n) = x / den */
    long den = (long)V4_DEPTH_LCM * n;
    long x = (long)value * den - num;
    if (x <= 0)
        return 0;
    if (x >= 100 * den)
        return 100;
    return (int)((2 * x + den) / (2 * den)); /* half up */
}

/* --- Entry points ------------------------------------------------------- */

int cvss_base_score(const char *vector, cvss_version *ver, double *score)
{
    if (!vector)
        return -1;
    size_t n = strnlen(vector, CVSS_MAX_VECTOR + 1);
    if (n > CVSS_MAX_VECTOR)
        return -1;
    int m[MAX_BASE];
    cvss_version v;
    int tenths;
    static const char p30[] = "CVSS:3.0/", p31[] = "CVSS:3.1/", p40[] = "CVSS:4.0/";
    const size_t plen = sizeof(p30) - 1;
    if (n >= plen && (memcmp(vector, p30, plen) == 0 || memcmp(vector, p31, plen) == 0)) {
        v = vector[7] == '0' ? CVSS_V30 : CVSS_V31;
        if (parse_metrics(vector + plen, n - plen, v3_metrics, MT_ARRAY_LEN(v3_metrics),
                          V3_NBASE, m) < 0)
            return -1;
        tenths = v3_tenths(m, v == CVSS_V31);
    } else if (n >= plen && memcmp(vector, p40, plen) == 0) {
        v = CVSS_V40;
        if (parse_metrics(vector + plen, n - plen, v4_metrics, MT_ARRAY_LEN(v4_metrics),
                          V4_NBASE, m) < 0)
            return -1;
        tenths = v4_tenths(m);
    } else {
        /* v2 has no prefix; the guide writes the vector in parentheses */
        const char *s = vector;
        if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
            s++;
            n -= 2;
        }
        v = CVSS_V2;
        if (parse_metrics(s, n, v2_metrics, MT_ARRAY_LEN(v2_metrics), V2_NBASE, m) < 0)
            return -1;
        tenths = v2_tenths(m);
    }
    if (ver)
        *ver = v;
    if (score)
        *score = tenths / 10.0;
    return 0;
}

mt_severity cvss_severity(cvss_version ver, double score)
{
    if (!(score >= 0 && score <= 10))
        return MT_SEV_UNKNOWN; /* NaN too */
    int t = (int)(score * 10 + 0.5);
    switch (ver) {
    case CVSS_V2:
        return t >= 70 ? MT_SEV_HIGH : t >= 40 ? MT_SEV_MEDIUM : MT_SEV_LOW;
    case CVSS_V30:
    case CVSS_V31:
    case CVSS_V40:
        return t >= 90   ? MT_SEV_CRITICAL
               : t >= 70 ? MT_SEV_HIGH
               : t >= 40 ? MT_SEV_MEDIUM
               : t >= 1  ? MT_SEV_LOW
                         : MT_SEV_INFO;
    }
    return MT_SEV_UNKNOWN;
}
