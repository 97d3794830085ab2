/* sh_split.h — splits a POSIX shell script (a RUN body) into simple commands
 * with shell word rules: single and double quotes, backslash escapes, line
 * continuations, operators (&&, ||, ;, |, &), subshells and groups, command
 * substitution ($(...) and backticks, whose commands are listed too),
 * redirections, here-documents (their bodies are skipped), comments and
 * compound commands (if, while, until, for, case, functions, (( )): the
 * keywords, for-lists, case patterns and function names are not commands;
 * an operator after a compound command becomes the separator of its last
 * command, and the compound command's redirections make no command of
 * their own). `sh -c '...'` and `bash -o pipefail -c "..."` bodies are
 * split as well.
 *
 * Ownership: all output lives in the arena passed to sh_split(). The
 * splitter never fails: unterminated quotes end at the end of input and are
 * reported in sh_script.error. */
#ifndef MOAT_SH_SPLIT_H
#define MOAT_SH_SPLIT_H

#include "core/util.h"

typedef struct sh_word {
    char *value;   /* after quote removal */
    char *raw;     /* as written; the same string as value for a word with
                      no quote, escape, '$' or backquote (read-only, like
                      all the output) */
    bool quoted;   /* some part was quoted */
    bool dynamic;  /* contains $-expansion or command substitution */
} sh_word;

typedef enum {
    SH_SEP_END = 0, /* end of script */
    SH_SEP_SEMI,    /* ; or newline */
    SH_SEP_AND,     /* && */
    SH_SEP_OR,      /* || */
    SH_SEP_PIPE,    /* | or |& */
    SH_SEP_BG,      /* & */
} sh_sep;

/* Commands the Dockerfile rules ask about. sh_split() recognises the
 * effective command name once per command (sh_cmd_prog()), so that a check
 * compares a number instead of strings; any other name is SH_PROG_OTHER.
 * There are fewer than 64, so a set of them fits a uint64_t (sh_prog_bit). */
typedef enum {
    SH_PROG_OTHER = 0,
    /* package managers */
    SH_PROG_APT_GET, SH_PROG_APT, SH_PROG_APTITUDE, SH_PROG_APK, SH_PROG_YUM, SH_PROG_DNF,
    SH_PROG_DNF5, SH_PROG_MICRODNF, SH_PROG_ZYPPER, SH_PROG_RPM, SH_PROG_NPM, SH_PROG_YARN,
    SH_PROG_PNPM, SH_PROG_GEM, SH_PROG_GO,
    /* downloads and files */
    SH_PROG_CURL, SH_PROG_WGET, SH_PROG_GIT, SH_PROG_TAR, SH_PROG_RM, SH_PROG_CD, SH_PROG_LN,
    SH_PROG_MKDIR, SH_PROG_INSTALL, SH_PROG_CHMOD, SH_PROG_USERADD,
    /* builtins and helpers */
    SH_PROG_SET, SH_PROG_EXPORT, SH_PROG_ECHO, SH_PROG_PRINTF, SH_PROG_EVAL, SH_PROG_SOURCE,
    SH_PROG_DOT, SH_PROG_XARGS, SH_PROG_YES,
    /* shells and interpreters */
    SH_PROG_SH, SH_PROG_BASH, SH_PROG_ASH, SH_PROG_DASH, SH_PROG_ZSH, SH_PROG_KSH, SH_PROG_MKSH,
    SH_PROG_PERL, SH_PROG_RUBY, SH_PROG_NODE, SH_PROG_PHP,
    /* interactive or system-management commands */
    SH_PROG_FREE, SH_PROG_KILL, SH_PROG_MOUNT, SH_PROG_PS, SH_PROG_SERVICE, SH_PROG_SHUTDOWN,
    SH_PROG_SSH, SH_PROG_TOP, SH_PROG_VIM,
    SH_PROG_COUNT
} sh_prog;

typedef struct sh_redir {
    char *op;      /* ">", ">>", "<", "2>", "&>", ... */
    char *target;
} sh_redir;

typedef struct sh_cmd {
    sh_word *words;     /* command name and arguments */
    size_t nwords;
    sh_word *assigns;   /* leading NAME=value words */
    size_t nassigns;
    sh_redir *redirs;
    size_t nredirs;
    size_t argi;        /* index of the effective command after wrappers
                           (sudo, doas, env, nice, nohup, time, command,
                           exec, stdbuf, ionice, timeout) and their
                           options; 0 when nothing follows the wrapper */
    sh_sep sep;         /* what follows this command */
    bool piped_in;      /* receives a pipe from the previous command */
    int depth;          /* nesting: ( ) subshells, { } groups and function
                           bodies, substitutions, sh -c bodies */
    bool substituted;   /* from $(...) or backticks */
    /* The effective command name cached by sh_split(): the basename of
     * words[argi].value, or "" when nwords is 0. Read it with
     * sh_cmd_name(): name_argi is argi + 1 for the argi it was computed
     * for, so a copy whose argi was changed (or a zeroed sh_cmd) is
     * answered from words[argi] instead. */
    const char *name;
    sh_prog prog;       /* cached with name: what name is */
    size_t name_argi;
    size_t dashdash;    /* cached: index of the first "--" after argi, or
                           nwords (valid when name_argi == argi + 1) */
} sh_cmd;

typedef struct sh_script {
    sh_cmd *cmds;
    size_t ncmds;
    bool has_pipe;
    const char *error;  /* NULL, or a static message */
} sh_script;

#define SH_MAX_DEPTH 16
#define SH_MAX_COMMANDS 20000

void sh_split(mt_arena *a, const char *src, size_t len, sh_script *out);

/* These small queries run for almost every command a rule looks at, so
 * they are inline. */

/* The caches (name, prog, dashdash) hold for c's argi: false for a copy
 * whose argi was changed, or an sh_cmd not made by sh_split(). */
static inline bool sh_cmd_cached(const sh_cmd *c)
{
    return c->name_argi == c->argi + 1;
}
/* sh_cmd_name() of a command whose cached name does not hold. */
const char *sh_cmd_name_uncached(const sh_cmd *c);
/* The effective command name (basename of words[argi]), or "" if none. */
static inline const char *sh_cmd_name(const sh_cmd *c)
{
    return sh_cmd_cached(c) ? c->name : sh_cmd_name_uncached(c);
}
/* Number of words from argi on. */
static inline size_t sh_cmd_argc(const sh_cmd *c)
{
    return c->nwords > c->argi ? c->nwords - c->argi : 0;
}
/* Word i counted from argi (0 = command name), or NULL past the end. */
static inline const char *sh_cmd_arg(const sh_cmd *c, size_t i)
{
    return c->argi + i < c->nwords ? c->words[c->argi + i].value : NULL;
}

/* sh_cmd_prog() of a command whose cached name does not hold (a copy
 * whose argi was changed): works from words[argi]. */
sh_prog sh_cmd_prog_uncached(const sh_cmd *c);
/* What the effective command is (SH_PROG_OTHER for names not listed). */
static inline sh_prog sh_cmd_prog(const sh_cmd *c)
{
    return sh_cmd_cached(c) ? c->prog : sh_cmd_prog_uncached(c);
}
/* The sh_prog a command name (a basename) stands for. */
sh_prog sh_prog_of(const char *name);
/* The name of an sh_prog ("" for SH_PROG_OTHER). */
const char *sh_prog_name(sh_prog p);

static inline uint64_t sh_prog_bit(sh_prog p)
{
    return (uint64_t)1 << p;
}
/* The shells: sh bash ash dash zsh ksh mksh (sh_split() splits their -c
 * scripts too). */
static inline bool sh_prog_is_shell(sh_prog p)
{
    const uint64_t shells = sh_prog_bit(SH_PROG_SH) | sh_prog_bit(SH_PROG_BASH) |
                            sh_prog_bit(SH_PROG_ASH) | sh_prog_bit(SH_PROG_DASH) |
                            sh_prog_bit(SH_PROG_ZSH) | sh_prog_bit(SH_PROG_KSH) |
                            sh_prog_bit(SH_PROG_MKSH);
    return (sh_prog_bit(p) & shells) != 0;
}
/* True when any argument is exactly one of the NULL-terminated list, or is
 * a long option of the list written with '=value'. */
bool sh_cmd_has_any(const sh_cmd *c, const char *const *opts);
/* True when a short-option cluster (-abc, not --long) before any `--`
 * contains letter. */
bool sh_cmd_has_short(const sh_cmd *c, char letter);
/* Returns the value of an option (`-o v`, `-ov`, `-sSo v`, `--opt v`,
 * `--opt=v`; "" when it ends the command), or NULL. `shortopt` may be 0,
 * `longopt` (written with its dashes) may be NULL. */
const char *sh_cmd_opt_value(const sh_cmd *c, char shortopt, const char *longopt);
/* sh_cmd_next_positional() in full. */
size_t sh_cmd_next_positional_scan(const sh_cmd *c, size_t from, const char *const *with_value);
/* Index (from argi) of the first non-option argument after position
 * `from`, skipping values of the listed options that take one (the list
 * may be NULL); words after `--` are all positional. 0 when none.
 * Inline for the common case, a next word that is no option and comes
 * before any `--` (with the cached dashdash); the rest is the scan. */
static inline size_t sh_cmd_next_positional(const sh_cmd *c, size_t from,
                                            const char *const *with_value)
{
    size_t i = c->argi + from + 1; /* the next word, counted from 0 */
    if (sh_cmd_cached(c) && i < c->nwords && i < c->dashdash) {
        const char *w = c->words[i].value;
        if (w[0] != '-' || !w[1])
            return from + 1;
    }
    return sh_cmd_next_positional_scan(c, from, with_value);
}

/* Index of the command behind wrappers (sudo -u x, env A=1, nice -n 5,
 * nohup, time, command, exec, stdbuf, ionice, timeout 10, doas) in an array
 * of n word structs of `stride` bytes whose first member is the word's text
 * (const char *, as sh_word and dr_word have it); n when only wrappers. */
size_t sh_skip_wrappers(const void *words, size_t stride, size_t n);

#endif
