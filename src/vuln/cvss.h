/* cvss.h — CVSS base scores of the vectors found in vulnerability records
 * (OSV "severity": CVSS_V2, CVSS_V3, CVSS_V4), and the qualitative rating
 * moat reports for them.
 *
 * Ownership: nothing is allocated and there is no global state; the vector
 * stays the caller's. Every function is a pure function of its arguments
 * and runs in time bounded by CVSS_MAX_VECTOR.
 *
 * Versions and vector forms accepted:
 *   v2    "AV:N/AC:L/Au:N/C:P/I:P/A:P", no prefix, optionally wrapped in one
 *         pair of parentheses "(AV:N/...)" as the v2 guide writes it;
 *   v3.0  "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
 *   v3.1  "CVSS:3.1/..." (same metrics);
 *   v4.0  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N".
 * Parsing is strict: metric names and values are case-sensitive and must
 * be ones the version defines; every base metric must appear exactly once;
 * no metric may repeat; no empty component, no blank, nothing after the
 * last metric. Metrics may come in any order (FIRST's v3 calculators accept
 * any order; moat does the same for every version: the score does not
 * depend on it).
 * Temporal / threat / environmental / supplemental metrics with a value
 * the version defines (X / ND included) are accepted and IGNORED: the
 * score is always the base score (for v4.0, CVSS-B).
 *
 * Scoring follows each specification exactly:
 *   v2    CVSS v2 guide §3.2.1, rounded half up to one decimal;
 *   v3.0  v3.0 spec §8.1 with its Roundup = ceil(x * 10) / 10 computed in
 *         IEEE doubles, the way FIRST's v3.0 calculator computes it;
 *   v3.1  v3.1 spec §7.1 and Appendix A's integer-based Roundup;
 *   v4.0  v4.0 spec §8: macro vector (EQ1..EQ6), the spec's macro-vector
 *         score table, severity-distance interpolation, rounded half up in
 *         exact rational arithmetic (FIRST's calculator adds an epsilon to
 *         get the same result from doubles; implementations that round the
 *         bare double give 0.1 less on a few hundred base vectors whose
 *         exact score ends in 5 hundredths).
 * No base vector scores differently under v3.0 and v3.1: the two Roundups
 * part only for sums a floating-point hair above a tenth, which no base
 * vector produces (the unit tests check all 2,592). */
#ifndef MOAT_VULN_CVSS_H
#define MOAT_VULN_CVSS_H

#include "core/finding.h"

/* Longest vector accepted, in bytes (a v4.0 vector with every metric of
 * every group is under 250). */
#define CVSS_MAX_VECTOR 512

typedef enum { CVSS_V2 = 2, CVSS_V30 = 30, CVSS_V31 = 31, CVSS_V40 = 40 } cvss_version;

/* Returns 0 and stores the version and the base score (0.0-10.0, exactly
 * one decimal: the double nearest to a multiple of 0.1) when vector is
 * valid; returns -1 and writes nothing when it is not (NULL, too long,
 * malformed, see above). ver and score may be NULL. */
int cvss_base_score(const char *vector, cvss_version *ver, double *score);

/* Qualitative rating of a score of that version, after rounding the score
 * to one decimal:
 *   v3.0/v3.1/v4.0 (FIRST): 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium,
 *                           7.0-8.9 High, 9.0-10.0 Critical;
 *   v2 (NVD's bands):       0.0-3.9 Low, 4.0-6.9 Medium, 7.0-10.0 High
 *                           (v2 has no Critical and no None).
 * "None" (a v3/v4 vector with no impact at all) maps to MT_SEV_INFO: the
 * record was assessed and found harmless, which is what Grype shows as
 * "Negligible" — it must not read as "severity unknown" nor hide among
 * real Low findings. MT_SEV_UNKNOWN is returned only for what cannot be
 * rated: an unknown version, a NaN, or a score outside 0..10. */
mt_severity cvss_severity(cvss_version ver, double score);

#endif
