/* df_parse.h — Dockerfile parser: parser directives (syntax, escape), line
 * continuations with either escape character, comments inside
 * continuations, heredocs, JSON (exec) and shell forms, instruction flags,
 * ONBUILD triggers, stages with aliases and ARG/ENV expansion.
 *
 * Ownership: df_parse() allocates every structure and string from the arena
 * it is given; the caller frees them all at once with mt_arena_free(). The
 * parser never prints and never fails as a whole: a malformed instruction
 * gets its `error` set and parsing continues with the next one. */
#ifndef MOAT_DF_PARSE_H
#define MOAT_DF_PARSE_H

#include "core/util.h"

typedef enum {
    DF_UNKNOWN = 0,
    DF_ADD,
    DF_ARG,
    DF_CMD,
    DF_COPY,
    DF_ENTRYPOINT,
    DF_ENV,
    DF_EXPOSE,
    DF_FROM,
    DF_HEALTHCHECK,
    DF_LABEL,
    DF_MAINTAINER,
    DF_ONBUILD,
    DF_RUN,
    DF_SHELL,
    DF_STOPSIGNAL,
    DF_USER,
    DF_VOLUME,
    DF_WORKDIR,
} df_kind;

typedef struct df_flag {
    char *name;  /* without the leading "--" */
    char *value; /* NULL when written without '=' */
} df_flag;

typedef struct df_heredoc {
    char *word;       /* delimiter */
    bool strip_tabs;  /* <<- */
    bool quoted;      /* <<"EOF" or <<'EOF': no expansion in the body */
    char *body;       /* content lines joined with '\n' (with a final '\n') */
    int start_line;   /* first body line */
    int end_line;     /* the delimiter line */
} df_heredoc;

typedef struct df_kv {
    char *key;
    char *value;      /* NULL for `ARG NAME` without a default. Quotes are
                         removed; a '$' that must stay literal ('$x', \$x)
                         is kept as escape+'$', which df_expand() turns
                         back into '$' */
    int line;
} df_kv;

typedef struct df_instr {
    df_kind kind;
    char *keyword;          /* upper-case */
    int line, end_line;     /* first and last physical line, heredocs included */
    int col;                /* 1-based column of the keyword */
    char *text;             /* the logical line, continuations joined */
    char *args;             /* text after the keyword and flags, trimmed */
    df_flag *flags;
    size_t nflags;
    bool json;              /* exec form: args is a JSON array of strings */
    char **argv;            /* exec form: the elements; otherwise the words
                               (quotes removed; literal '$' kept escaped as
                               in df_kv.value for instructions that expand
                               variables: ADD COPY EXPOSE FROM STOPSIGNAL
                               USER VOLUME WORKDIR). Never NULL, but empty
                               (argc 0) for RUN in shell form, whose args
                               are a script for sh_split(), and for ENV,
                               LABEL and ARG, whose words are in kvs */
    size_t argc;
    df_kv *kvs;             /* ENV, LABEL and ARG pairs */
    size_t nkv;
    df_heredoc *heredocs;
    size_t nheredocs;
    struct df_instr *trigger; /* ONBUILD: the instruction it registers */
    int stage;              /* index into df_file.stages; -1 before the first FROM */
    char *error;            /* NULL, or why the instruction is malformed
                               (unknown keyword, missing arguments, bad or
                               unknown flags, invalid stage name, non-string
                               JSON array, unterminated heredoc, ...) */
} df_instr;

typedef struct df_stage {
    int index;
    char *name;             /* alias after AS, lower-case; NULL if none */
    df_instr *from;
    char *image;            /* as written */
    char *image_resolved;   /* after ARG expansion; NULL if it uses an unresolved variable */
    char *platform;         /* --platform value, or NULL */
    size_t first, last;     /* instruction index range [first, last] */
    int parent;             /* stage this one builds on (FROM <alias>), or -1 */
} df_stage;

typedef struct df_comment {
    int line;
    int col;
    char *text; /* after '#', trimmed */
} df_comment;

typedef struct df_error {
    int line, col;
    char *msg;
} df_error;

typedef struct df_file {
    char escape;            /* '\\' or '`' */
    char *syntax;           /* `# syntax=` directive, or NULL */
    df_instr **instrs;
    size_t ninstrs;
    df_stage **stages;
    size_t nstages;
    df_comment *comments;
    size_t ncomments;
    df_error *errors;       /* problems outside any instruction */
    size_t nerrors;
    int nlines;
} df_file;

/* Limits that keep hostile input bounded. */
#define DF_MAX_INSTRUCTIONS 100000
#define DF_MAX_LOGICAL_LINE (1u << 20)
#define DF_MAX_HEREDOCS 16
#define DF_MAX_FLAGS 64

void df_parse(mt_arena *a, const char *data, size_t len, df_file *out);

df_kind df_kind_from_name(const char *name);

/* df_flag_get() for an instruction with flags. */
const char *df_flag_find(const df_instr *in, const char *name);
/* Returns the flag's value (or "" when it has none) if present, else NULL.
 * Inline: the rules ask often, and most instructions have no flags. */
static inline const char *df_flag_get(const df_instr *in, const char *name)
{
    return in->nflags ? df_flag_find(in, name) : NULL;
}

/* Variable lookup for df_expand: returns the value or NULL if unknown. */
typedef const char *(*df_lookup_fn)(void *ud, const char *name, size_t len);

/* Expands $VAR, ${VAR}, ${VAR:-word}, ${VAR-word}, ${VAR:+word} and
 * ${VAR+word} as BuildKit does; escape+'$' is a literal '$'. Sets
 * *unresolved when the result depends on a variable with no known value
 * (a plain $VAR or ${VAR:?}); in the :- and :+ forms such a variable counts
 * as unset. */
char *df_expand(mt_arena *a, const char *s, char escape, df_lookup_fn lookup, void *ud,
                bool *unresolved);

/* Variables visible at instruction index `at`: FROM lines and instructions
 * before the first FROM see the global ARGs; other instructions see their
 * stage's ARG and ENV (an `ARG NAME` without a default takes the global
 * default) and the ENV of the stages it builds on. Resolves name to value
 * or NULL. */
const char *df_var_at(const df_file *f, size_t at, const char *name, size_t len, mt_arena *a);

/* Expands s as seen by instruction `at`. */
char *df_expand_at(const df_file *f, size_t at, mt_arena *a, const char *s, bool *unresolved);

#endif
