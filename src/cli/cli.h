/* cli.h — the moat command-line tool: the command table, the option table
 * (one source for parsing, --help and the man page) and the parsed
 * options. Only the CLI prints; the library under src/core, src/report and
 * src/dockerfile never does.
 *
 * Ownership: cli_opts points into argv or owns malloc()ed copies listed in
 * its vectors; cli_opts_free() releases them. */
#ifndef MOAT_CLI_H
#define MOAT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/util.h"

#define EXIT_USAGE 2
#define EXIT_UNREADABLE 3

enum {
    CMD_CONFIG = 1u << 0,
    CMD_RULES = 1u << 1,
    CMD_VERSION = 1u << 2,
    CMD_IMAGE = 1u << 3,
    CMD_SBOM = 1u << 4,
    CMD_FS = 1u << 5,
    CMD_DB = 1u << 6,
    CMD_SBOM_SCAN = 1u << 7,
    CMD_SECRET = 1u << 8,
};

typedef enum {
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_SEVERITY,
    OPT_EXIT_CODE,
    OPT_IGNOREFILE,
    OPT_CONFIG,
    OPT_QUIET,
    OPT_NO_COLOR,
    OPT_SKIP_DIRS,
    OPT_SKIP_FILES,
    OPT_TYPE,
    OPT_DOCKER_RUN,
    OPT_TRUSTED_REGISTRY,
    OPT_NO_HADOLINT,
    OPT_PARALLEL,
    OPT_PLATFORM,
    OPT_CACHE_DIR,
    OPT_DB_REPOSITORY,
    OPT_FEEDS,
    OPT_SCANNERS,
    OPT_IGNORE_UNFIXED,
    OPT_VEX,
    OPT_EXCLUDE_BASE,
    OPT_BASE_IMAGE,
    OPT_SECRET_CONFIG,
    OPT_SHOW_SECRETS,
    OPT_BASELINE,
    OPT_GIT,
    OPT_SINCE,
    OPT_BRANCH,
    OPT_SCAN_ARCHIVES,
    OPT_RESPECT_GITIGNORE,
    OPT_PSS,
    OPT_PSS_VERSION,
    OPT_HELP,
} cli_opt_id;

typedef struct cli_option {
    cli_opt_id id;
    const char *name;   /* long name without "--" */
    char short_name;    /* 0 if none */
    const char *arg;    /* NULL for switches */
    unsigned cmds;      /* commands that accept it */
    const char *help;
} cli_option;

extern const cli_option cli_options[];
extern const size_t cli_noptions;

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    unsigned bit;
    const char *synopsis;
    const char *summary;
    const char *description;
    const char *examples;
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
const cli_command *cli_command_find(const char *name);

typedef struct cli_opts {
    const char *format;
    const char *output;
    const char *severity;
    const char *ignorefile;
    const char *config;
    const char *type;
    const char *pss;         /* --pss baseline|restricted */
    const char *pss_version; /* --pss-version v1.N|latest */
    const char *platform;
    const char *cache_dir;
    const char *db_repository;
    const char *base_image;
    bool ignore_unfixed, exclude_base;
    bool no_vuln, no_audit; /* from --scanners */
    bool no_secret;         /* from --scanners (image, fs) */
    mt_vec secret_configs;  /* char*, owned */
    const char *baseline;
    const char *since;
    const char *branch;
    bool show_secrets, git, scan_archives, respect_gitignore;
    mt_vec feeds;       /* char*, owned */
    mt_vec vex;         /* char*, owned */
    bool has_exit_code;
    int exit_code;
    int parallel;
    bool quiet, no_color, no_hadolint, help;
    mt_vec skip_dirs;   /* char*, owned */
    mt_vec skip_files;  /* char*, owned */
    mt_vec trusted;     /* char*, owned */
    mt_vec paths;       /* char*, borrowed from argv */
    bool docker_run;    /* config --docker-run: the words after "--" are a command line */
    bool has_dashdash;  /* "--" was given: paths from index dashdash_at on came after it */
    size_t dashdash_at;
} cli_opts;

/* Parses argv (argv[0] is the command name). Returns 0, or EXIT_USAGE after
 * printing the problem to stderr. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o);
void cli_opts_free(cli_opts *o);

/* Parses a comma-separated severity list into a bit mask (bit per
 * mt_severity). Returns 0, or EXIT_USAGE after printing the problem. */
int cli_severity_mask(const char *list, unsigned *mask);
/* Opens --output (or returns stdout). Returns NULL after printing why. */
FILE *cli_open_output(const char *path);
/* Would --exit-code fire? Active findings that passed the severity filter
 * and are at or above their result's failure threshold. */
struct mt_report;
bool cli_findings_fail(const struct mt_report *r);
/* Writes the report with writer w to output (stdout when NULL), then the
 * warnings (unless --quiet, with expired ignores of so, which may be NULL)
 * and the errors on stderr. Returns the exit status: 0, EXIT_UNREADABLE
 * when a target or the output could not be read or written, or exit_code
 * when has_exit_code and findings remain. */
struct mt_writer;
struct mt_scan_opts;
int cli_write_report(const struct mt_writer *w, const char *format, const char *output,
                     const struct cli_opts *o, const struct mt_report *rep,
                     const struct mt_scan_opts *so, bool has_exit_code, int exit_code);
/* The second half of cli_write_report, for a report already written to
 * out (opened by cli_open_output): closes out, prints the warnings and
 * errors and returns the exit status. */
int cli_finish_report(FILE *out, const char *output, const struct cli_opts *o,
                      const struct mt_report *rep, const struct mt_scan_opts *so,
                      bool has_exit_code, int exit_code);
/* Loads --ignorefile, or .moatignore in the working directory when there
 * is one, into so. Returns 0, or EXIT_USAGE after printing the problem. */
int cli_load_ignorefile(const char *path, struct mt_scan_opts *so);
/* Colours: only on a terminal, without --no-color and NO_COLOR. */
bool cli_use_color(FILE *out, const cli_opts *o);

/* Prints a command's help (or the general help when cmd is NULL). */
void cli_print_help(FILE *out, const cli_command *cmd);
/* Writes the man page in roff. */
void cli_print_man(FILE *out);

int cmd_config(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_fs(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_sbom_scan(int argc, char **argv);
int cmd_secret(int argc, char **argv);
/* The built-in secret rules plus every --secret-config, compiled; NULL
 * after printing the problem (cmd_secret.c). */
struct sec_ruleset;
struct sec_ruleset *cli_secret_rules(const cli_opts *o);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
