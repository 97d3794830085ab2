/* config.h — loaders for the files that steer a scan: moat.yaml (--config),
 * .moatignore (--ignorefile) and hadolint's .hadolint.yaml, so users keep the
 * configuration they already have.
 *
 * Ownership: loaders fill caller-provided structs with malloc()ed data that
 * mt_config_free(), mt_scan_opts_free() or mt_file_settings_free() release.
 * Errors are returned as malloc()ed strings naming file and line; the
 * loaders never print. */
#ifndef MOAT_CONFIG_H
#define MOAT_CONFIG_H

#include "core/scan.h"

/* moat.yaml: every common flag plus per-rule settings. Fields left unset in
 * the file keep has_* false so the command line can take precedence. */
typedef struct mt_config {
    char *format;
    char *output;
    char *severity;      /* comma list as on the command line */
    bool has_exit_code;
    int exit_code;
    char *ignorefile;
    bool has_quiet, quiet;
    bool has_no_color, no_color;
    char *type;
    char *pss;           /* Pod Security level, as --pss */
    char *pss_version;   /* as --pss-version */
    mt_vec skip_dirs;    /* char* */
    mt_vec skip_files;   /* char* */
    bool has_hadolint, hadolint;
    mt_file_settings settings; /* rules, trusted registries, label schema */
} mt_config;

void mt_config_init(mt_config *c);
void mt_config_free(mt_config *c);

/* Loads moat.yaml. Returns 0, or -1 with *err (malloc()ed) set. */
int mt_config_load(const char *path, mt_config *c, char **err);

/* Loads a .hadolint.yaml into s (which must be zeroed or already hold data:
 * entries are appended). Returns 0, or -1 with *err set. */
int mt_hadolint_load(const char *path, mt_file_settings *s, char **err);

/* Parses .moatignore text; entries are appended to o->ignores. Returns 0, or
 * -1 with *err set (the first bad line). */
int mt_ignorefile_parse(const char *path, const char *data, size_t len, mt_vec *ignores,
                        char **err);
int mt_ignorefile_load(const char *path, mt_vec *ignores, char **err);

/* YYYY-MM-DD -> YYYYMMDD, or -1. */
int mt_parse_date(const char *s, size_t n);

#endif
