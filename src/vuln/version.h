/* version.h — version ordering for vulnerability matching: is the
 * installed version of a package older than the version a fix shipped in?
 * One comparator per packaging ecosystem, each a pure function of two
 * NUL-terminated strings.
 *
 * Ownership: nothing is allocated, nothing is written, no global state; the
 * strings stay the caller's. Every function runs in time linear in the
 * lengths of its arguments, accepts any bytes (NULL is read as ""), and is
 * a consistent order: cmp(a, a) == 0 and sign(cmp(a, b)) == -sign(cmp(b, a)).
 * Every comparator returns -1, 0 or 1.
 *
 * Invalid versions. Each comparator says below which strings it cannot
 * parse; such a version sorts BEFORE every valid version of the ecosystem,
 * and two invalid versions are ordered by mt_vercmp_natural() (so a caller
 * asking "is the installed version < the fixed version" with a garbage
 * installed version gets "yes": the finding is reported, not hidden). */
#ifndef MOAT_VULN_VERSION_H
#define MOAT_VULN_VERSION_H

#include <stdbool.h>

/* Debian policy §5.6.12, exactly as `dpkg --compare-versions` (dpkg 1.21):
 * [epoch:]upstream[-revision]; '~' sorts before everything, even the end,
 * then the end and digits, then letters, then every other byte; digit runs
 * compare numerically (any length). As dpkg does, versions it merely warns
 * about (not starting with a digit, odd characters) are compared all the
 * same, and "" is the blank version, before every other valid one.
 * Invalid (dpkg refuses them): only blanks, blanks inside, an epoch that
 * is empty, not a number, negative or above INT_MAX, nothing after the epoch's ':', an empty
 * upstream version, or an empty revision (trailing '-'). */
int mt_vercmp_deb(const char *a, const char *b);

/* rpm 4.18's rpmverCmp() of two [epoch:]version[-release] strings, as
 * rpm.vercmp() in rpm's Lua: epochs (absent = 0) compared with rpmvercmp(),
 * then versions, then releases; a version with a release, even an empty
 * one, is newer than the same without ("1.0" < "1.0-" < "1.0-0").
 * rpmvercmp(): alphanumeric segments, other ASCII and non-ASCII bytes only
 * separate; digit segments compare numerically and beat letter segments;
 * '~' sorts before everything, '^' after the end but before anything else.
 * Invalid: only "" (rpm refuses an empty EVR). */
int mt_vercmp_rpm(const char *a, const char *b);

/* Alpine apk: digits{.digits}[letter]{_suffix[digits]}[-rDIGITS], per
 * apk-tools' documented format. The first numeric component compares as
 * an integer (any length); later ones too, unless either has a leading
 * zero: then as strings with trailing zeros removed (Gentoo PMS §3.3,
 * whose rules apk's follow): "1.01" < "1.1" < "1.10", "1.010" == "1.01".
 * More components win ("1.0" < "1.0.0");
 * a letter beats none; suffixes order
 * _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p,
 * a missing suffix number is 0; a missing -rN is -r0. Invalid: anything
 * else (empty, leading 'v', unknown suffix, "-r" without digits, ...). */
int mt_vercmp_apk(const char *a, const char *b);

/* Semantic Versioning 2.0.0 precedence, with a leading 'v' (Go modules)
 * tolerated and build metadata ignored ("1.0.0+a" == "1.0.0+b"). Invalid:
 * anything not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] by the spec's grammar
 * (numeric parts without leading zeros, non-empty identifiers). */
int mt_vercmp_semver(const char *a, const char *b);

/* Natural order used for invalid versions: digit runs compare numerically
 * (leading zeros ignored), other bytes by unsigned value; when that finds
 * no difference, byte order (strcmp) decides, so only equal strings are
 * equal. */
int mt_vercmp_natural(const char *a, const char *b);

/* Whether the comparator of ecosystem can parse v (see above). */
bool mt_verok(const char *ecosystem, const char *v);

/* Dispatch by purl type: "deb" -> deb, "rpm" -> rpm, "apk" -> apk,
 * "golang", "npm", "cargo" -> semver. Any other type (pypi, maven, gem,
 * nuget, ..., and NULL) falls back to semver, whose invalid-version rule
 * makes that a natural order for non-semver strings ("2.31.0" and "1.0"
 * still compare sensibly; "1.0" sorts before every semver-valid version).
 * The type is matched case-sensitively, as purl types are lowercase. */
int mt_vercmp(const char *ecosystem, const char *a, const char *b);

#endif
