/* test_vuln_cvss.c — unit tests of the CVSS base-score calculator (cvss.h).
 *
 * 1. Hand tables of real vectors with their published scores (sources in
 *    the comments): 28 v2, 30 v3.0, 72 v3.1, 79 v4.0. Every score was also
 *    recomputed by tests/vuln/cvss-make-vectors.py (an independent
 *    implementation) and by a third-party JavaScript calculator; no
 *    disagreement.
 * 2. Every line of tests/vuln/cvss-v2.tsv, cvss-v3.tsv and cvss-v4.tsv,
 *    written by cvss-make-vectors.py: every v2, v3.0 and v3.1 base vector,
 *    1,800 v4.0 vectors (50 in each of the 36 macro vectors a base vector
 *    can fall in), and vectors carrying the ignored metrics in random order.
 * 3. All 104,976 v4.0 base vectors against the digest of their scores that
 *    cvss-make-vectors.py records, and range / one-decimal / zero-impact
 *    properties over every base vector of every version.
 * 4. Invalid vectors (missing, repeated, unknown metric or value, wrong
 *    prefix, junk around), the length bound, and the qualitative ratings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vuln/cvss.h"

#include "../vuln/fixture.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

typedef struct {
    const char *vector;
    const char *score; /* as published, one decimal */
} vs;

static const vs v2_table[] = {
    /* CVSS v2 guide §3.3 examples: CVE-2002-0392, CVE-2003-0818, CVE-2003-0062 */
    {"AV:N/AC:L/Au:N/C:N/I:N/A:C", "7.8"},
    {"AV:N/AC:L/Au:N/C:C/I:C/A:C", "10.0"},
    {"AV:L/AC:H/Au:N/C:C/I:C/A:C", "6.2"},
    /* frequent NVD v2 base vectors, with NVD's scores */
    {"AV:N/AC:L/Au:N/C:P/I:P/A:P", "7.5"},
    {"AV:N/AC:M/Au:N/C:N/I:P/A:N", "4.3"},
    {"AV:N/AC:L/Au:N/C:N/I:N/A:P", "5.0"},
    {"AV:N/AC:L/Au:N/C:P/I:N/A:N", "5.0"},
    {"AV:N/AC:M/Au:N/C:P/I:P/A:P", "6.8"},
    {"AV:L/AC:L/Au:N/C:C/I:C/A:C", "7.2"},
    {"AV:N/AC:M/Au:N/C:C/I:C/A:C", "9.3"},
    {"AV:N/AC:L/Au:S/C:P/I:P/A:P", "6.5"},
    {"AV:L/AC:L/Au:N/C:P/I:N/A:N", "2.1"},
    {"AV:N/AC:H/Au:N/C:P/I:P/A:P", "5.1"},
    {"AV:L/AC:L/Au:N/C:N/I:N/A:C", "4.9"},
    {"AV:N/AC:L/Au:S/C:N/I:P/A:N", "4.0"},
    {"AV:N/AC:M/Au:S/C:N/I:P/A:N", "3.5"},
    {"AV:L/AC:M/Au:N/C:C/I:C/A:C", "6.9"},
    {"AV:N/AC:L/Au:S/C:C/I:C/A:C", "9.0"},
    {"AV:L/AC:L/Au:N/C:P/I:P/A:P", "4.6"},
    {"AV:A/AC:L/Au:N/C:C/I:C/A:C", "8.3"},
    {"AV:N/AC:M/Au:N/C:N/I:N/A:P", "4.3"},
    {"AV:N/AC:H/Au:N/C:C/I:C/A:C", "7.6"},
    {"AV:L/AC:M/Au:N/C:P/I:N/A:N", "1.9"},
    {"AV:N/AC:L/Au:N/C:P/I:P/A:N", "6.4"},
    {"AV:L/AC:L/Au:N/C:N/I:N/A:P", "2.1"},
    {"AV:N/AC:M/Au:N/C:N/I:N/A:C", "7.1"},
    {"AV:N/AC:L/Au:S/C:N/I:N/A:P", "4.0"},
    /* no impact: 0.0 */
    {"AV:N/AC:L/Au:N/C:N/I:N/A:N", "0.0"},
};

static const vs v30_table[] = {
    /* FIRST, CVSS v3.0 Examples: the same CVEs as v3.1's below, same base scores */
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "6.1"},
    {"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", "6.4"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "3.1"},
    {"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", "9.9"},
    {"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", "4.2"},
    {"CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", "7.2"},
    {"CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", "7.8"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "7.5"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", "6.8"},
    {"CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "6.8"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", "5.8"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", "5.8"},
    {"CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", "9.3"},
    {"CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", "9.0"},
    {"CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "8.8"},
    {"CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", "4.6"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", "8.8"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "7.4"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", "5.3"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", "9.6"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", "6.8"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", "7.5"},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", "8.6"},
    {"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", "8.2"},
    {"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H", "6.0"},
    {"CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "7.6"},
    {"CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", "4.2"},
    /* a CVSS:3.0 vector with scope changed */
    {"CVSS:3.0/AV:L/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H", "7.7"},
    /* no impact: 0.0 */
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "0.0"},
};

static const vs v31_table[] = {
    /* FIRST, CVSS v3.1 Examples: CVE-2013-1937, CVE-2013-0375, CVE-2014-3566, CVE-2012-1516, CVE-2009-0783, CVE-2012-0384, CVE-2015-1098, CVE-2014-0160, CVE-2014-6271, CVE-2008-1447, CVE-2014-2005, CVE-2010-0467, CVE-2012-1342, CVE-2013-6014, ..., CVE-2014-9253, CVE-2004-0230 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "6.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", "6.4"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "3.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", "9.9"},
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", "4.2"},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", "7.2"},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", "7.8"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "7.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", "6.8"},
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "6.8"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", "5.8"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", "5.8"},
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", "9.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", "9.0"},
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "8.8"},
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", "4.6"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", "8.8"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "7.4"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N", "5.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", "9.6"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", "6.8"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", "7.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", "8.6"},
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", "8.2"},
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H", "6.0"},
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "7.6"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", "4.2"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", "5.4"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L", "3.7"},
    /* NVD (or the CNA's score NVD shows): CVE-2021-44228, CVE-2020-11022 (GitHub), CVE-2019-11043 (PHP), CVE-2021-3156, CVE-2019-5736, CVE-2018-11776, CVE-2024-11443 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "10.0"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:L/A:N", "6.9"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:N", "8.7"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "7.8"},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", "8.6"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "8.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "8.8"},
    /* frequent base vectors of NVD and GitHub advisories, scope unchanged and changed */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "7.5"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", "5.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:L/A:N", "8.5"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H", "7.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "5.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", "6.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "9.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", "6.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", "6.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", "6.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N", "5.4"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L", "7.3"},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "8.4"},
    {"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H", "7.0"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "5.9"},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", "5.9"},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", "5.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", "6.5"},
    {"CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", "5.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:N/A:N", "4.9"},
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "6.5"},
    {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "4.6"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:N/A:N", "4.7"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:N/A:N", "4.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", "8.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", "4.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N", "7.2"},
    {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "1.6"},
    {"CVSS:3.1/AV:A/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:N", "4.1"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", "5.4"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:N", "9.6"},
    {"CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:C/C:H/I:H/A:H", "7.7"},
    /* no impact at all, scope unchanged and changed: 0.0 */
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "0.0"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", "0.0"},
    /* one more frequent NVD vector */
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:N/I:L/A:L", "4.6"},
};

static const vs v40_table[] = {
    /* NVD cvssMetricV40 base scores (records with E:X): CVE-2025-64121, -64120, -64125, -64119, CVE-2026-21440, -22194, CVE-2025-68455, CVE-2026-22610, CVE-2025-9427, -13744, CVE-2026-21857, CVE-2025-64123, -68954, -40942, -69275, -66023, CVE-2026-22214, CVE-2025-69224, CVE-2026-21896, -22027, -22597, -22231, -22213, -22805, CVE-2025-12776, in that order */
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "10.0"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "9.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "9.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "9.3"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "9.2"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:L/SI:H/SA:H", "8.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.6"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.5"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:N", "8.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:N/SC:H/SI:H/SA:N", "8.3"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", "7.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.5"},
    {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "7.3"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:L/VA:N/SC:H/SI:L/SA:N", "7.1"},
    {"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H", "6.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", "6.8"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", "6.3"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:N/VI:H/VA:L/SC:N/SI:N/SA:N", "5.8"},
    {"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N", "5.7"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N", "5.1"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "4.8"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:A/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N", "2.4"},
    {"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:N/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N", "2.1"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", "1.8"},
    /* FIRST, CVSS v4.0 Examples (scores as FIRST's calculator gives them); E:A is the default threat value, so the base score is unchanged */
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "5.3"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.5"},
    {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N", "1.0"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", "5.3"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", "8.2"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "9.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", "8.7"},
    {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.3"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.7"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", "5.1"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", "6.9"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N", "5.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:N/SC:H/SI:H/SA:H", "9.3"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A", "6.8"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", "8.2"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L", "8.7"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:L/SI:L/SA:N", "5.1"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:L/SI:L/SA:N", "8.5"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "5.1"},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.7"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", "8.3"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.5"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", "8.7"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", "6.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", "6.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:L/SI:N/SA:H", "7.8"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:L/SI:L/SA:L", "6.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", "6.4"},
    {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", "0.0"},
    /* FIRST's v4.0 calculator (first.org/cvss/calculator/4-0): base vectors around the highest macro vectors */
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", "0.0"},
    {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "5.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.7"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "9.2"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.7"},
    {"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.5"},
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.7"},
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.6"},
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.5"},
    {"CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.7"},
    {"CVSS:4.0/AV:A/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.5"},
    {"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.3"},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "8.6"},
    {"CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.5"},
    {"CVSS:4.0/AV:L/AC:H/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.3"},
    {"CVSS:4.0/AV:L/AC:H/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.1"},
    {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.0"},
    {"CVSS:4.0/AV:P/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "7.0"},
    {"CVSS:4.0/AV:P/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "5.4"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N", "9.3"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:N/SI:N/SA:N", "8.8"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "6.9"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:L/SC:N/SI:N/SA:N", "8.8"},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:N/SA:N", "6.9"},
};

/* Tenths of a score, which must be exactly a one-decimal double. */
static int tenths_of(double s)
{
    int t = (int)(s * 10 + 0.5);
    assert_true(t >= 0 && t <= 100);
    assert_true(s == t / 10.0);
    return t;
}

/* Scores vector, expects version want_ver and the published score. */
static int check_one(const char *vector, const char *want, cvss_version want_ver)
{
    cvss_version ver = 0;
    double score = -1;
    if (cvss_base_score(vector, &ver, &score) != 0) {
        fprintf(stderr, "rejected: %s\n", vector);
        return 0;
    }
    tenths_of(score);
    if (ver != want_ver || score != strtod(want, NULL)) {
        fprintf(stderr, "%s: got %.1f (version %d), want %s (version %d)\n", vector, score,
                (int)ver, want, (int)want_ver);
        return 0;
    }
    return 1;
}

static void check_table(const char *name, const vs *t, size_t n, cvss_version ver, size_t min)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += (size_t)check_one(t[i].vector, t[i].score, ver);
    /* no vector twice: each row is a distinct check */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(t[i].vector, t[j].vector);
    printf("%s: %zu/%zu published scores reproduced\n", name, ok, n);
    assert_int_equal(ok, n);
    assert_true(n >= min);
}

static void test_v2_table(void **state)
{
    (void)state;
    check_table("v2", v2_table, N(v2_table), CVSS_V2, 20);
}

static void test_v30_table(void **state)
{
    (void)state;
    check_table("v3.0", v30_table, N(v30_table), CVSS_V30, 20);
}

static void test_v31_table(void **state)
{
    (void)state;
    check_table("v3.1", v31_table, N(v31_table), CVSS_V31, 60);
}

/* Value of metric name in a v4.0 vector of the table (base metrics only). */
static char v4_metric(const char *vector, const char *name)
{
    char key[8];
    snprintf(key, sizeof(key), "/%s:", name);
    const char *p = strstr(vector, key);
    assert_non_null(p);
    return p[strlen(key)];
}

static void test_v40_table(void **state)
{
    (void)state;
    check_table("v4.0", v40_table, N(v40_table), CVSS_V40, 60);
    /* The table reaches every level of every equivalence set a base vector
     * can reach (EQ4=0 needs MSI/MSA:S and EQ5>0 needs E:P/U: not base). */
    int eq1[3] = {0}, eq2[2] = {0}, eq3[3] = {0}, eq4[3] = {0}, eq6[2] = {0};
    for (size_t i = 0; i < N(v40_table); i++) {
        const char *v = v40_table[i].vector;
        char av = v4_metric(v, "AV"), pr = v4_metric(v, "PR"), ui = v4_metric(v, "UI");
        char vc = v4_metric(v, "VC"), vi = v4_metric(v, "VI"), va = v4_metric(v, "VA");
        char sc = v4_metric(v, "SC"), si = v4_metric(v, "SI"), sa = v4_metric(v, "SA");
        eq1[(av == 'N' && pr == 'N' && ui == 'N')                       ? 0
            : ((av == 'N' || pr == 'N' || ui == 'N') && av != 'P') ? 1
                                                                      : 2]++;
        eq2[(v4_metric(v, "AC") == 'L' && v4_metric(v, "AT") == 'N') ? 0 : 1]++;
        eq3[(vc == 'H' && vi == 'H') ? 0 : (vc == 'H' || vi == 'H' || va == 'H') ? 1 : 2]++;
        eq4[(sc == 'H' || si == 'H' || sa == 'H') ? 1 : 2]++;
        eq6[(vc == 'H' || vi == 'H' || va == 'H') ? 0 : 1]++;
    }
    for (int k = 0; k < 3; k++) {
        assert_true(eq1[k] >= 3);
        assert_true(eq3[k] >= 3);
    }
    assert_true(eq2[0] >= 3 && eq2[1] >= 3);
    assert_true(eq4[1] >= 3 && eq4[2] >= 3);
    assert_true(eq6[0] >= 3 && eq6[1] >= 3);
}

/* Checks every VECTOR<TAB>SCORE line of file; counts per version in
 * counts[2], [30], [31], [40]. "#" lines are comments, except
 * "# all-base-digest<TAB>count<TAB>hex", returned through digest. */
static void check_fixture(const char *file, int *counts, unsigned long long *digest,
                          long *digest_n)
{
    char *data = vulnfx_read(file, NULL);
    int bad = 0;
    char *cur = data, *line;
    while ((line = vulnfx_next_line(&cur)) != NULL) {
        if (line[0] == '#') {
            if (digest && !strncmp(line, "# all-base-digest\t", 18)) {
                char *end;
                *digest_n = strtol(line + 18, &end, 10);
                *digest = strtoull(end + 1, NULL, 16);
            }
        } else if (*line) {
            char *tab = strchr(line, '\t');
            assert_non_null(tab);
            *tab = '\0';
            cvss_version want = !strncmp(line, "CVSS:4.0/", 9)   ? CVSS_V40
                                : !strncmp(line, "CVSS:3.1/", 9) ? CVSS_V31
                                : !strncmp(line, "CVSS:3.0/", 9) ? CVSS_V30
                                                                 : CVSS_V2;
            if (check_one(line, tab + 1, want))
                counts[want]++;
            else
                bad++;
        }
    }
    free(data);
    assert_int_equal(bad, 0);
}

static void test_fixtures(void **state)
{
    (void)state;
    int counts[41] = {0};
    unsigned long long digest = 0;
    long digest_n = 0;
    check_fixture("cvss-v2.tsv", counts, NULL, NULL);
    check_fixture("cvss-v3.tsv", counts, NULL, NULL);
    check_fixture("cvss-v4.tsv", counts, &digest, &digest_n);
    printf("fixtures: v2 %d, v3.0 %d, v3.1 %d, v4.0 %d vectors agree with "
           "cvss-make-vectors.py\n",
           counts[2], counts[30], counts[31], counts[40]);
    /* every base vector of v2, v3.0, v3.1, plus the ones with extra metrics */
    assert_true(counts[2] > 729 && counts[30] > 2592 && counts[31] > 2592);
    assert_int_equal(counts[40], 1800);

    /* All 104,976 v4.0 base vectors, in the script's enumeration order (the
     * first metric varies slowest), folded into FNV-1a over the tenths. */
    static const char *const names[] = {"AV", "AC", "AT", "PR", "UI", "VC",
                                        "VI", "VA", "SC", "SI", "SA"};
    static const char *const vals[] = {"NALP", "LH", "NP", "NLH", "NPA", "HLN",
                                       "HLN",  "HLN", "HLN", "HLN", "HLN"};
    int idx[11] = {0};
    unsigned long long h = 0xCBF29CE484222325ull;
    long n = 0, zero = 0;
    for (;;) {
        char v[128] = "CVSS:4.0";
        size_t len = strlen(v);
        bool no_impact = true;
        for (int k = 0; k < 11; k++) {
            char c = vals[k][idx[k]];
            len += (size_t)snprintf(v + len, sizeof(v) - len, "/%s:%c", names[k], c);
            if (k >= 5 && c != 'N')
                no_impact = false;
        }
        cvss_version ver;
        double s;
        assert_int_equal(cvss_base_score(v, &ver, &s), 0);
        assert_int_equal(ver, CVSS_V40);
        int t = tenths_of(s);
        /* 0.0 exactly when nothing is impacted; else at least 0.1 */
        if ((t == 0) != no_impact) {
            fprintf(stderr, "%s: %.1f\n", v, s);
            fail();
        }
        zero += t == 0;
        h = (h ^ (unsigned long long)t) * 0x100000001B3ull;
        n++;
        int k = 10;
        while (k >= 0 && vals[k][++idx[k]] == '\0')
            idx[k--] = 0;
        if (k < 0)
            break;
    }
    printf("v4.0: all %ld base vectors (%ld of them 0.0), digest %016llx, script's %016llx\n",
           n, zero, h, digest);
    assert_int_equal(n, 104976);
    assert_int_equal(digest_n, n);
    assert_true(h == digest);
}

/* v2 and v3.x base vectors, all of them: one-decimal scores in range, 0.0
 * exactly when C, I and A are all None, and v3.0 == v3.1. The two
 * Roundup definitions differ only for sums a floating-point hair above a
 * tenth, and no base vector's sum is one (checked against FIRST-style
 * ceil in doubles by the script and by two JavaScript calculators). */
static void test_every_v2_v3_vector(void **state)
{
    (void)state;
    static const char *const v3n[] = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
    static const char *const v3v[] = {"NALP", "LH", "NLH", "NR", "UC", "HLN", "HLN", "HLN"};
    int idx[8] = {0};
    long n = 0;
    for (;;) {
        char b[96] = "";
        size_t len = 0;
        for (int k = 0; k < 8; k++)
            len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%s:%c", k ? "/" : "", v3n[k],
                                    v3v[k][idx[k]]);
        bool no_impact = idx[5] == 2 && idx[6] == 2 && idx[7] == 2;
        char v30[128], v31[128];
        snprintf(v30, sizeof(v30), "CVSS:3.0/%s", b);
        snprintf(v31, sizeof(v31), "CVSS:3.1/%s", b);
        double s30, s31;
        assert_int_equal(cvss_base_score(v30, NULL, &s30), 0);
        assert_int_equal(cvss_base_score(v31, NULL, &s31), 0);
        assert_true(s30 == s31);
        assert_int_equal(tenths_of(s31) == 0, no_impact);
        n++;
        int k = 7;
        while (k >= 0 && v3v[k][++idx[k]] == '\0')
            idx[k--] = 0;
        if (k < 0)
            break;
    }
    assert_int_equal(n, 2592);

    static const char *const v2n[] = {"AV", "AC", "Au", "C", "I", "A"};
    static const char *const v2v[] = {"LAN", "HML", "MSN", "NPC", "NPC", "NPC"};
    int j[6] = {0};
    n = 0;
    for (;;) {
        char v[64] = "";
        size_t len = 0;
        for (int k = 0; k < 6; k++)
            len += (size_t)snprintf(v + len, sizeof(v) - len, "%s%s:%c", k ? "/" : "", v2n[k],
                                    v2v[k][j[k]]);
        double s;
        assert_int_equal(cvss_base_score(v, NULL, &s), 0);
        assert_int_equal(tenths_of(s) == 0, j[3] == 0 && j[4] == 0 && j[5] == 0);
        n++;
        int k = 5;
        while (k >= 0 && v2v[k][++j[k]] == '\0')
            j[k--] = 0;
        if (k < 0)
            break;
    }
    assert_int_equal(n, 729);
}

/* Temporal, threat, environmental and supplemental metrics are accepted in
 * any order and do not change the base score. */
static void test_other_metrics_ignored(void **state)
{
    (void)state;
    static const vs same[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/IR:L/AR:L/"
         "MAV:P/MAC:H/MPR:H/MUI:R/MS:C/MC:N/MI:N/MA:N",
         "9.8"},
        {"CVSS:3.0/E:X/AV:N/RL:X/AC:L/RC:X/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:X", "9.8"},
        {"CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N", "9.8"},
        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/IR:L/AR:L/"
         "MAV:P/MAC:H/MAT:P/MPR:H/MUI:A/MVC:N/MVI:N/MVA:N/MSC:N/MSI:S/MSA:S/"
         "S:P/AU:Y/R:I/V:C/RE:H/U:Red",
         "9.3"},
        {"CVSS:4.0/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N/U:Clear/E:X", "9.3"},
        {"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:U/RL:OF/RC:UC/CDP:H/TD:N/CR:H/IR:H/AR:H", "7.5"},
        {"(AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND/IR:ND/AR:ND)", "7.5"},
        {"(AV:N/AC:L/Au:N/C:C/I:C/A:C)", "10.0"},
    };
    for (size_t i = 0; i < N(same); i++) {
        cvss_version want = !strncmp(same[i].vector, "CVSS:4.0/", 9)   ? CVSS_V40
                            : !strncmp(same[i].vector, "CVSS:3.1/", 9) ? CVSS_V31
                            : !strncmp(same[i].vector, "CVSS:3.0/", 9) ? CVSS_V30
                                                                       : CVSS_V2;
        assert_int_equal(check_one(same[i].vector, same[i].score, want), 1);
    }
}

static void test_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "CVSS:3.1/",
        "CVSS:3.1",
        "CVSS:4.0",
        /* missing a base metric */
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
        "AV:N/AC:L/Au:N/C:P/I:P",
        "CVSS:3.1/E:H/RL:U/RC:C",
        /* a metric twice, even with the same value, even a non-base one */
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
        "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:X",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/SI:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/Au:N",
        /* unknown value */
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:P/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:h/I:H/A:H",
        "CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:clear",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:X/VI:H/VA:H/SC:N/SI:N/SA:N",
        "AV:P/AC:L/Au:N/C:P/I:P/A:P",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X",
        "AV:N/AC:L/Au:N/C:H/I:P/A:P",
        /* unknown metric, or one of another version */
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:H",
        "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAT:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/C:H",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/S:U",
        "AV:N/AC:L/AU:N/C:P/I:P/A:P",
        "CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        /* wrong or missing prefix */
        "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        "CVSS:3.1:AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        /* junk before, inside or after */
        " CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Hx",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n",
        "CVSS:3.1/AV:N/AC:L//PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/junk",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N;",
        "(AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P)",
        "((AV:N/AC:L/Au:N/C:P/I:P/A:P))",
        "()",
        "(CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)",
        "9.8",
    };
    for (size_t i = 0; i < N(bad); i++) {
        cvss_version ver = (cvss_version)123;
        double score = 42;
        if (cvss_base_score(bad[i], &ver, &score) != -1) {
            fprintf(stderr, "accepted: '%s' (%.1f)\n", bad[i], score);
            fail();
        }
        /* nothing written on failure */
        assert_int_equal(ver, 123);
        assert_true(score == 42);
    }
    assert_int_equal(cvss_base_score(NULL, NULL, NULL), -1);
    printf("invalid: %zu vectors rejected\n", N(bad));
}

/* CVSS_MAX_VECTOR bytes at most; the longest real vector is far shorter. */
static void test_length_bound(void **state)
{
    (void)state;
    const char *full = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/"
                       "CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/"
                       "MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:Amber";
    assert_true(strlen(full) < 256);
    assert_int_equal(check_one(full, "9.3", CVSS_V40), 1);

    char *big = malloc(CVSS_MAX_VECTOR + 64);
    assert_non_null(big);
    /* a valid prefix followed by a long junk metric: rejected either way,
     * and the scan stops at the bound */
    memset(big, 'A', CVSS_MAX_VECTOR + 63);
    big[CVSS_MAX_VECTOR + 63] = '\0';
    assert_int_equal(cvss_base_score(big, NULL, NULL), -1);
    free(big);

    /* NULL outputs are allowed */
    assert_int_equal(cvss_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, NULL),
                     0);
}

static void test_severity(void **state)
{
    (void)state;
    static const struct {
        cvss_version ver;
        double score;
        mt_severity want;
    } t[] = {
        {CVSS_V31, 0.0, MT_SEV_INFO},     {CVSS_V31, 0.1, MT_SEV_LOW},
        {CVSS_V31, 3.9, MT_SEV_LOW},      {CVSS_V31, 4.0, MT_SEV_MEDIUM},
        {CVSS_V31, 6.9, MT_SEV_MEDIUM},   {CVSS_V31, 7.0, MT_SEV_HIGH},
        {CVSS_V31, 8.9, MT_SEV_HIGH},     {CVSS_V31, 9.0, MT_SEV_CRITICAL},
        {CVSS_V31, 10.0, MT_SEV_CRITICAL}, {CVSS_V30, 9.8, MT_SEV_CRITICAL},
        {CVSS_V30, 0.0, MT_SEV_INFO},     {CVSS_V40, 0.0, MT_SEV_INFO},
        {CVSS_V40, 1.0, MT_SEV_LOW},      {CVSS_V40, 6.9, MT_SEV_MEDIUM},
        {CVSS_V40, 8.7, MT_SEV_HIGH},     {CVSS_V40, 9.3, MT_SEV_CRITICAL},
        {CVSS_V2, 0.0, MT_SEV_LOW},       {CVSS_V2, 3.9, MT_SEV_LOW},
        {CVSS_V2, 4.0, MT_SEV_MEDIUM},    {CVSS_V2, 6.9, MT_SEV_MEDIUM},
        {CVSS_V2, 7.0, MT_SEV_HIGH},      {CVSS_V2, 10.0, MT_SEV_HIGH},
        /* a score computed as 6.95 or 3.95 is rated as its one-decimal value */
        {CVSS_V31, 6.95, MT_SEV_HIGH},    {CVSS_V31, 3.94, MT_SEV_LOW},
        {CVSS_V31, -0.1, MT_SEV_UNKNOWN}, {CVSS_V31, 10.1, MT_SEV_UNKNOWN},
        {CVSS_V2, -1, MT_SEV_UNKNOWN},    {(cvss_version)3, 5.0, MT_SEV_UNKNOWN},
    };
    for (size_t i = 0; i < N(t); i++) {
        mt_severity got = cvss_severity(t[i].ver, t[i].score);
        if (got != t[i].want) {
            fprintf(stderr, "v%d %.2f: got %s, want %s\n", (int)t[i].ver, t[i].score,
                    mt_severity_name(got), mt_severity_name(t[i].want));
            fail();
        }
    }
    double nan = strtod("nan", NULL);
    assert_int_equal(cvss_severity(CVSS_V40, nan), MT_SEV_UNKNOWN);

    /* end to end: the table's vectors rate as their scores say */
    double s;
    cvss_version v;
    assert_int_equal(cvss_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", &v, &s), 0);
    assert_int_equal(cvss_severity(v, s), MT_SEV_CRITICAL);
    assert_int_equal(cvss_base_score("AV:N/AC:L/Au:N/C:C/I:C/A:C", &v, &s), 0);
    assert_int_equal(cvss_severity(v, s), MT_SEV_HIGH);
    assert_int_equal(
        cvss_base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", &v, &s),
        0);
    assert_int_equal(cvss_severity(v, s), MT_SEV_INFO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_table),      cmocka_unit_test(test_v30_table),
        cmocka_unit_test(test_v31_table),     cmocka_unit_test(test_v40_table),
        cmocka_unit_test(test_fixtures),      cmocka_unit_test(test_every_v2_v3_vector),
        cmocka_unit_test(test_other_metrics_ignored), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_length_bound),  cmocka_unit_test(test_severity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
