/* secret_int.h — what the rule loader (rules.c) and the matching engine
 * (engine.c) of the secret scanner share: the private form of a rule and of
 * a ruleset, and the engine's constants. Not for use outside src/secret.
 *
 * Ownership: a ruleset owns its srule structs (each with its own arena for
 * its strings, so a replaced rule is freed whole), the global allowlist
 * (the ruleset's arena) and every compiled object (PCRE2 codes, the
 * Vectorscan database and prototype scratch). */
#ifndef MOAT_SECRET_INT_H
#define MOAT_SECRET_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>

#include "secret/secret.h"

/* The engine confirms a Vectorscan candidate ending at E by running PCRE2
 * over the W bytes before E, W = the regex's longest possible match capped
 * at SEC_WINDOW_MAX. */
#define SEC_WINDOW_MAX 8192u
/* Bytes before a window that PCRE2 may look at (lookbehind, \b, ^) and
 * that line_text may start at: lookbehinds are limited to SEC_CTX - 1. */
#define SEC_CTX 256u
/* Bytes after the last byte a match may end at that PCRE2 may look at
 * (lookahead, \b, $). */
#define SEC_LOOKAHEAD 64u
/* line_text: at most this many bytes, starting at most SEC_LINE_BACK
 * bytes before the secret. */
#define SEC_LINE_MAX 512u
#define SEC_LINE_BACK 128u
/* A run of merged candidate windows of one rule is cut after this many
 * bytes (bounds the memory a 10 MB line full of candidates needs). */
#define SEC_REGION_MAX 65536u
/* Lists in a rule file. */
#define SEC_MAX_LIST 256
#define SEC_MAX_KEYWORDS 64
#define SEC_MAX_DOC (8u << 20)

enum { SEC_TARGET_SECRET = 0, SEC_TARGET_MATCH, SEC_TARGET_LINE };

/* One allowlist regex with what it is searched in. */
typedef struct sec_allow_re {
    const char *src;
    int target;          /* SEC_TARGET_* */
    pcre2_code *code;    /* set by sec_ruleset_compile */
} sec_allow_re;

typedef struct srule {
    sec_rule pub;        /* first: a sec_rule* is an srule* */
    mt_arena a;          /* every string of this rule */
    const char *origin;  /* file that defined it, for compile errors */
    int line, col;       /* of its regex */
    sec_allow_re *allow_re; /* pub.allow.nregexes of them */
    /* set by sec_ruleset_compile */
    pcre2_code *re;
    uint32_t window;     /* W, see SEC_WINDOW_MAX */
    uint32_t ncaps;      /* capturing groups */
} srule;

struct sec_ruleset {
    mt_arena a;          /* global allowlist strings */
    mt_vec rules;        /* srule*, sorted by ID (any case) */
    mt_vec gpaths;       /* char*: global allowlist path globs */
    mt_vec gstop;        /* char*: global stop words (lower case) */
    mt_vec gregex;       /* sec_allow_re*: global allowlist regexes */
    bool compiled;
    hs_database_t *db;   /* NULL when there is no rule */
    hs_scratch_t *scratch; /* prototype cloned by every scanner */
    uint32_t max_window;
    uint32_t max_caps;
    char *cache_dir;     /* where compiled Vectorscan databases are kept, or NULL */
};

/* Compiles an allowlist regex (rules.c); NULL with err on failure. */
pcre2_code *sec_allow_compile(const char *src, char *err, size_t errlen);

#endif
