/* secret.h — the secret scanner: rules as data (a YAML file shipped with
 * moat, extendable with --secret-config), every rule matched at once by
 * Vectorscan over the bytes, each candidate confirmed and its secret
 * extracted by PCRE2 (JIT), then filtered by entropy, keywords, stop words
 * and allowlists.
 *
 * Ownership: a sec_ruleset owns its rules, compiled databases and every
 * string in them (sec_ruleset_free). A sec_scanner holds per-thread
 * scratch space; one scanner per thread, any number of scanners per
 * ruleset. A sec_match passed to a callback is valid only during the
 * callback (copy what you keep). Nothing prints. */
#ifndef MOAT_SECRET_H
#define MOAT_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/finding.h"
#include "core/util.h"

/* Bounds on rule files (hostile input too: a --secret-config from a
 * repository). */
#define SEC_MAX_RULES 4096
#define SEC_MAX_REGEX 4096       /* bytes of one regex */
#define SEC_MAX_SECRET 4096      /* longest secret extracted */

typedef struct sec_allowlist {
    char **paths;     /* globs (mt_glob_match) on the scanned path */
    size_t npaths;
    char **regexes;   /* PCRE2; a secret matching one is not reported */
    size_t nregexes;
    char **stopwords; /* a secret containing one (any case) is not reported */
    size_t nstopwords;
} sec_allowlist;

typedef struct sec_rule {
    mt_rule meta;        /* id ("SE1001"), aliases (gitleaks / Trivy rule IDs),
                            severity, title, description, remediation; type "secret" */
    char *regex;         /* PCRE2 syntax; Vectorscan compiles it as a prefilter */
    int secret_group;    /* capture group holding the secret (0 = the whole match) */
    double entropy;      /* minimum Shannon entropy (bits per byte) of the secret; 0 = none */
    char **keywords;     /* lower case; the match must contain one (any case); may be empty */
    size_t nkeywords;
    sec_allowlist allow;
} sec_rule;

typedef struct sec_ruleset sec_ruleset;

sec_ruleset *sec_ruleset_new(void);
void sec_ruleset_free(sec_ruleset *rs);

/* Adds the rules of a YAML document (the format of rules/secrets.yaml,
 * documented there): a rule with an ID already present replaces it, so a
 * --secret-config file can override shipped rules; `disable: [IDs]`
 * removes rules; a top-level `allowlist` adds to the global one. origin
 * names the document in errors ("FILE:LINE:COL: message"). Returns 0, or
 * -1 with err (the ruleset is then unchanged). */
int sec_ruleset_load(sec_ruleset *rs, const char *yaml, size_t len, const char *origin, char *err,
                     size_t errlen);
/* The rules shipped with moat (rules/secrets.yaml, built into the binary). */
int sec_ruleset_load_builtin(sec_ruleset *rs, char *err, size_t errlen);
/* Compiles every regex (PCRE2 with JIT, and one Vectorscan database of them
 * all). Must be called once after the last load and before scanning.
 * Returns 0, or -1 with err naming the rule. */
int sec_ruleset_compile(sec_ruleset *rs, char *err, size_t errlen);

/* Keeps the compiled Vectorscan database in dir (created if needed), named
 * by a SHA-256 of the Vectorscan version and every rule's regex, so the
 * next compile of the same rules loads it instead of compiling (about
 * 140 ms for the shipped rules). A cache file that is missing, damaged or
 * for other rules is simply rebuilt; the cache is never needed. */
void sec_ruleset_set_cache(sec_ruleset *rs, const char *dir);

size_t sec_ruleset_count(const sec_ruleset *rs);
const sec_rule *sec_ruleset_rule(const sec_ruleset *rs, size_t i); /* in ID order */
const sec_rule *sec_ruleset_find(const sec_ruleset *rs, const char *id_or_alias);

/* One confirmed secret. Offsets are from the start of the file or stream
 * (not of the chunk); lines and columns are 1-based. */
typedef struct sec_match {
    const sec_rule *rule;
    uint64_t start, end;        /* the secret (capture group) */
    uint64_t match_start, match_end; /* the whole regex match */
    int line, col;              /* of the secret's first byte */
    int end_line;
    const char *secret;         /* NUL-terminated copy, at most SEC_MAX_SECRET bytes */
    size_t secret_len;
    const char *line_text;      /* the line holding the secret, at most 512 bytes, NUL-terminated */
    double entropy;
} sec_match;

typedef void (*sec_match_fn)(void *ud, const sec_match *m);

typedef struct sec_scanner sec_scanner;

sec_scanner *sec_scanner_new(const sec_ruleset *rs);
void sec_scanner_free(sec_scanner *sc);

/* Scans one whole buffer. path is matched against the allowlists' path
 * globs (may be NULL). Matches come in file order. Returns the number of
 * matches, or -1 on an engine error. */
int sec_scan_buffer(sec_scanner *sc, const char *path, const char *data, size_t len, sec_match_fn fn,
                    void *ud);

/* Streaming: chunks of any size, in order; a secret that spans two chunks
 * is found (the engine keeps an overlap of the previous chunk), and the
 * matches are exactly those of sec_scan_buffer() over the concatenation.
 * feed and end return the number of matches they reported (a match is
 * reported once no later byte can change it, so often by a later call), or
 * -1. */
int sec_stream_begin(sec_scanner *sc, const char *path);
int sec_stream_feed(sec_scanner *sc, const char *data, size_t len, sec_match_fn fn, void *ud);
int sec_stream_end(sec_scanner *sc, sec_match_fn fn, void *ud);

/* Reads fd in chunks through the stream functions. A file whose first
 * chunk sec_looks_binary() is not scanned (0 is returned and
 * sec_scanner_skipped_binary() tells). Returns the number of matches or -1
 * (errno set on a read error). */
int sec_scan_fd(sec_scanner *sc, const char *path, int fd, sec_match_fn fn, void *ud);
/* True when the last sec_scan_fd() skipped its file as binary. */
bool sec_scanner_skipped_binary(const sec_scanner *sc);
/* Bytes of memory the scanner holds for streaming (its buffer and queues);
 * bounded whatever the input (tests check it). */
size_t sec_scanner_buffered(const sec_scanner *sc);
/* How many PCRE2 searches of the current or last scan stopped at a match,
 * depth or heap limit (a catastrophic regex on hostile bytes): the rest of
 * such a candidate region is not confirmed, so non-zero means secrets may
 * have been missed there. */
size_t sec_scanner_limit_hits(const sec_scanner *sc);

/* True when the bytes look binary (a NUL, or more than 10% control bytes
 * other than tab, LF, CR, FF, VT, BS and ESC, in the first 8 KiB): such
 * files are skipped. */
bool sec_looks_binary(const char *data, size_t len);

/* The secret as reports show it unless --show-secrets: the first 4
 * characters then asterisks ("AKIA****************"), or all asterisks for
 * secrets shorter than 12. Writes at most outlen bytes (NUL-terminated). */
void sec_mask(const char *secret, size_t len, char *out, size_t outlen);

/* Shannon entropy in bits per byte. */
double sec_entropy(const char *s, size_t len);

#endif
