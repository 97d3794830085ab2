/* version.h — version ordering for vulnerability matching: is the
 * installed version of a package older than the version a fix shipped in?
 * One comparator per packaging ecosystem, each a pure function of two
 * NUL-terminated strings; the mapping from OSV ecosystem names to them; the
 * OSV spelling of Go toolchain versions.
 *
 * Ownership: nothing is allocated, nothing is written (but the caller's
 * buffer of mt_go_version_normalize()), no global state; the strings stay
 * the caller's. Every function runs in time linear in the
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
#include <stddef.h>

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
 * tolerated and build metadata ignored ("1.0.0+a" == "1.0.0+b",
 * "v2.0.0+incompatible" == "2.0.0"). Invalid: anything not
 * MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] by the spec's grammar (numeric
 * parts without leading zeros, non-empty identifiers), including Go's short
 * forms v1 and v1.2. Exactly golang.org/x/mod/semver.Compare on full
 * versions. Go pseudo-versions need nothing more: the pre-release rules
 * put vX.Y.(Z+1)-0.yyyymmddhhmmss-hash after vX.Y.Z and before
 * vX.Y.(Z+1) (and before its named pre-releases, -alpha or -rc.1),
 * vX.Y.Z-pre.0.yyyymmddhhmmss-hash after vX.Y.Z-pre, vX.0.0-yyyymmddhhmmss-
 * hash before vX.0.0, and pseudo-versions of one base in time order. */
int mt_vercmp_semver(const char *a, const char *b);

/* PEP 440 (PyPI), exactly as packaging.version.Version (packaging 23):
 * [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], after the spec's
 * normalisations: ASCII case ignored, one leading 'v', white space around
 * the version (Python's: ASCII, \x1c-\x1f and the Unicode spaces in UTF-8),
 * '-', '_' or '.' (or nothing) before and after each label, alpha/beta/c/
 * pre/preview spelling a/b/rc, rev/r spelling post, "1.0-1" for 1.0.post1,
 * a missing number read as 0. Order: epoch, then release numbers with
 * zero padding (1.0 == 1.0.0), then 1.0.dev1 < 1.0a1.dev1 < 1.0a1 <
 * 1.0a1.post1 < 1.0b1 < 1.0rc1 < 1.0 < 1.0.post1.dev1 < 1.0.post1; a local
 * version sorts after the same version without one, local parts (split at
 * '-', '_', '.') compare numerically when both are digits, a numeric part
 * after an alphanumeric one, others as lower-case strings, more parts win
 * ("1.0+abc" < "1.0+abc.1" < "1.0+1"). Numbers of any length.
 * Invalid: anything else (empty, "1.0-", "1..0", "1.0+", "1.0a1a1", ...),
 * including labels spelt with the two non-ASCII letters Python's
 * case-insensitive matching also takes for s and i (U+017F, U+0131:
 * "1.0.po\xc5\xbft1"), which packaging accepts. */
int mt_vercmp_pypi(const char *a, const char *b);

/* Maven 3.8's org.apache.maven.artifact.versioning.ComparableVersion (the
 * order `mvn` uses). The version is lower-cased (ASCII) and split into
 * items at '.', at '-' and at every digit/non-digit transition; an empty
 * item is 0; a '-' and a transition also start a sub-list that holds the
 * rest, and so does a qualifier directly followed by a digit or ending the
 * version when its list already has items ("1.0.x" reads as "1.0-x",
 * "1.0.x1" as "1.0-x-1", but "1.x.2" keeps x in the top list). From the
 * end of every list, null items (0, "ga", "final", "release") and an empty
 * sub-list are dropped, so 1 == 1.0 == 1-0 == 1.ga and 1.0-alpha ==
 * 1-alpha. Qualifiers: alpha < beta < milestone < rc == cr < snapshot <
 * (release: "", ga, final) < sp < any other, those compared as lower-case
 * strings; a single a, b or m directly followed by a digit means alpha,
 * beta, milestone ("1-a1" == "1-alpha-1", but "1-a-1" holds the unknown
 * "a"). Lists compare item by item: number > sub-list > qualifier, numbers
 * as integers of any length; against a missing item a number counts as
 * 0, a qualifier as release, a sub-list by its first item that differs
 * from a missing one (so 1-alpha < 1 < 1-sp < 1-1 < 1.0.1 < 1.1).
 * Bytes >= 0x80 are letters that are not case-folded (Maven folds and
 * classifies non-ASCII characters by Unicode: exact for ASCII versions).
 * Maven accepts every string: there is no invalid version, "" sorts as 0.
 * Like Maven's, this order is not transitive where a sub-list meets a
 * qualifier and a missing item: 1-0a1 > 1-x > 1, yet 1-0a1 < 1 (all three
 * are what Maven 3.8 answers). */
int mt_vercmp_maven(const char *a, const char *b);

/* RubyGems' Gem::Version#<=> (RubyGems 3.3): a version is
 * [0-9]+(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? with ASCII white
 * space around it, or only white space (read as "0"). Every '-' reads as
 * ".pre."; the segments are the runs of digits and of letters; the numeric
 * segments before the first letter segment lose their trailing zeros
 * ("1.0.a" == "1.a", "1.0" == "1"), the rest is compared segment by
 * segment with the shorter side padded with 0: numbers as integers (any
 * length), letters as case-sensitive strings ("A" < "a"), a string before
 * a number (so any letter makes a pre-release: "1.0.a" < "1.0" and
 * "1.a" < "1.0.1"). Invalid: anything else ("1a", "1.0-", "v1", "1..0"). */
int mt_vercmp_gem(const char *a, const char *b);

/* NuGet's NuGetVersion (NuGet.Versioning, VersionComparer.Default):
 * N[.N[.N[.N]]][-LABELS][+METADATA] after trimming white space (.NET's:
 * ASCII and the Unicode spaces in UTF-8), 1 to 4 numbers of at most
 * 2147483647 (leading zeros and ASCII blanks around a number allowed),
 * missing numbers 0 ("1" == "1.0.0.0"); LABELS dot-separated [0-9A-Za-z-]
 * identifiers without leading zeros in all-digit ones, METADATA the same
 * with leading zeros allowed and ignored in the order. No leading 'v'.
 * Order: the four numbers, then a version with labels before the same
 * without; labels one by one: both integers (a 32-bit int, "-1" included)
 * numerically, an integer before a string, strings case-insensitively
 * (ordinal, ASCII upper case); more labels win. Invalid: anything else. */
int mt_vercmp_nuget(const char *a, const char *b);

/* Composer (Packagist): PHP 8's version_compare() on the versions as
 * Composer's VersionParser::normalize() (composer/semver 3) writes them.
 * Normalisation: PHP's trim(); "X as Y" read as X; a trailing @stable,
 * @RC, @beta, @alpha or @dev flag and "+build" metadata dropped; then
 * [vV]N[.N[.N[.N]]] (the first number at most 5 digits, 4 numbers, missing
 * ones 0) or a date YYYY(sNN){1,6}(sN{1,3})? (s an optional '.', ':' or
 * '-'), either followed by an optional separator ('.', '_', '-'), an
 * optional stability with numbers (a/alpha, b/beta, RC, p/pl/patch, ASCII
 * case ignored, then digit runs each after an optional '.' or '-': "b.2",
 * "beta2-1") and an optional [.-]dev ("1.0-" is 1.0); "stable" drops the
 * suffix, dev included, though spelt otherwise ("STABLE") it stays and
 * sorts before dev; or else a numeric branch [vV]N[.N|.x[.N|.x[.N|.x]]]
 * with [.-]dev, x (X, *, missing) read as 9999999. PCRE's '$' also
 * matching before a final newline is honoured ("1.0\n@dev" is 1.0).
 * Order, number by number (strtol(): numbers past LONG_MAX are equal):
 * dev < alpha < beta < RC < (a number, or nothing) < patch, so 1.0-dev <
 * 1.0-alpha1 < 1.0-beta < 1.0-RC1 < 1.0 == 1.0.0.0 < 1.0-patch1 and
 * 1.0-beta1-dev < 1.0-beta1. Invalid: what normalize() rejects, and
 * branches (dev-*, master, trunk, default), which Composer never orders
 * against versions. */
int mt_vercmp_composer(const char *a, const char *b);

/* Natural order used for invalid versions: digit runs compare numerically
 * (leading zeros ignored), other bytes by unsigned value; when that finds
 * no difference, byte order (strcmp) decides, so only equal strings are
 * equal. */
int mt_vercmp_natural(const char *a, const char *b);

/* Whether the comparator of ecosystem (a purl type, as mt_vercmp()) can
 * parse v (see above); always true for "maven". */
bool mt_verok(const char *ecosystem, const char *v);

/* Dispatch by purl type: "deb" -> deb, "rpm" -> rpm, "apk" -> apk,
 * "pypi" -> pypi (PEP 440), "maven" -> maven, "gem" -> gem, "nuget" ->
 * nuget, "composer" -> composer, "golang", "npm", "cargo" -> semver. Any
 * other type (and NULL) falls back to semver, whose invalid-version rule
 * makes that a natural order for non-semver strings ("2.31" and "1.0"
 * still compare sensibly; "1.0" sorts before every semver-valid version).
 * The type is matched case-sensitively, as purl types are lowercase. */
int mt_vercmp(const char *ecosystem, const char *a, const char *b);

/* The purl type whose comparator orders the versions of an OSV ecosystem
 * (the part of osv_ecosystem before its first ':', case-sensitive):
 * Debian, Ubuntu -> "deb"; Alpine, Wolfi, Chainguard -> "apk"; AlmaLinux,
 * Rocky Linux, Red Hat, openSUSE, SUSE, Mageia, openEuler, Azure Linux ->
 * "rpm"; Go -> "golang"; npm -> "npm"; crates.io -> "cargo"; PyPI ->
 * "pypi"; Maven -> "maven"; RubyGems -> "gem"; Packagist -> "composer";
 * NuGet -> "nuget". NULL for any other (and for NULL). The string is
 * static. */
const char *mt_ecosystem_vertype(const char *osv_ecosystem);

/* The OSV form of a Go toolchain version, as Go's vulnerability database
 * writes the versions of the "stdlib" module: "go1.21.5" -> "1.21.5",
 * "go1.21" -> "1.21.0", "go1.21rc2" -> "1.21.0-rc.2", "go1.13beta1" ->
 * "1.13.0-beta.1", "go1" -> "1.0.0". Only the first blank-separated word
 * counts ("go1.21.0 X:boringcrypto"); "v" (as pkg_gobin_stdlib_version()
 * writes it: "v1.22rc1") or nothing may stand for "go". Writes a
 * NUL-terminated string of at most outlen bytes to out and returns true;
 * returns false, with out "" (when outlen > 0), for anything else
 * ("devel go1.23-abcdef ...", leading zeros, other suffixes) or when out is
 * too small. */
bool mt_go_version_normalize(const char *go, char *out, size_t outlen);

#endif
