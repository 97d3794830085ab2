/* df_rules.h — what Dockerfile rule checks share: the per-file context
 * (parsed file, the shell commands of every RUN, which shell is active) and
 * helpers to walk instructions and emit findings. Each df_rules_*.c file
 * holds the checks of one domain; df_analyzer.c holds the rule table.
 *
 * Ownership: everything in a df_ctx lives in the context's scratch arena
 * and dies with it after the file is scanned; findings are copied into the
 * report by mt_emit(). */
#ifndef MOAT_DF_RULES_H
#define MOAT_DF_RULES_H

#include "core/scan.h"
#include "dockerfile/df_parse.h"
#include "dockerfile/sh_split.h"

#include <string.h>
#include <strings.h>

typedef struct df_run {
    sh_script sh;    /* commands of the RUN (shell form, exec form, heredocs) */
    bool posix;      /* false when a non-POSIX SHELL is active (pwsh, cmd) */
    uint64_t progs;  /* sh_prog_bit() of each command's sh_cmd_prog() */
} df_run;

/* Command families a file's RUNs call (df_ctx.families), so that the rules
 * about one package manager return at once in files that never call it. */
enum {
    DF_FAM_APT = 1u << 0,    /* apt-get, apt, aptitude */
    DF_FAM_APK = 1u << 1,    /* apk */
    DF_FAM_YUM = 1u << 2,    /* yum */
    DF_FAM_DNF = 1u << 3,    /* dnf, dnf5, microdnf */
    DF_FAM_ZYPPER = 1u << 4, /* zypper */
    DF_FAM_PIP = 1u << 5,    /* pip*, python* */
    DF_FAM_NODE = 1u << 6,   /* npm, yarn, pnpm */
    DF_FAM_GEM = 1u << 7,    /* gem */
    DF_FAM_GO = 1u << 8,     /* go */
};

typedef struct df_ctx {
    mt_scan_file *sf;
    df_file *df;
    mt_arena *arena;  /* scratch, freed after the file */
    df_run **runs;    /* per instruction index; NULL unless a RUN */
    unsigned families;/* DF_FAM_* bits of the commands of all RUNs (all
                         bits when a command such as xargs runs another) */
    uint64_t progs;   /* the df_run.progs of all RUNs with a POSIX shell */
    struct df_image_ref **stage_refs; /* per stage, see df_stage_image_ref() */
} df_ctx;

/* True when some RUN calls a command of one of the families. */
static inline bool df_uses(const df_ctx *c, unsigned families)
{
    return (c->families & families) != 0;
}

/* True when some RUN with a POSIX shell calls the command `p` directly
 * (not through xargs or the like), so that a check looking only at
 * commands named p can return at once when it is false. */
static inline bool df_calls(const df_ctx *c, sh_prog p)
{
    return (c->progs & sh_prog_bit(p)) != 0;
}

/* True when the RUN calls the command `p`. */
static inline bool df_run_calls(const df_run *run, sh_prog p)
{
    return (run->progs & sh_prog_bit(p)) != 0;
}

typedef void (*df_check_fn)(df_ctx *c, const mt_rule *r);

/* A rule of the table in df_analyzer.c: metadata first, so a pointer to
 * the mt_rule is a pointer to the df_rule. */
typedef struct df_rule {
    mt_rule meta;
    df_check_fn check;
} df_rule;

/* Emits a finding located at an instruction. */
void df_emit(df_ctx *c, const mt_rule *r, const df_instr *in, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Index of the final stage, or -1 when there is no FROM. */
int df_final_stage(const df_ctx *c);
/* True when stage s is the final stage or another stage builds FROM it. */
bool df_stage_is_used_as_base(const df_ctx *c, int s);

/* Expands a value as seen at instruction index `at`; NULL if unresolved. */
const char *df_resolve(df_ctx *c, size_t at, const char *s);

/* An image reference in parts (all arena-allocated, NULL when absent):
 * registry (only if explicit), repository path, tag and digest. */
typedef struct df_image_ref {
    char *registry;
    char *path;
    char *tag;
    char *digest;
} df_image_ref;
/* Stage s's image_resolved (which must not be NULL) in parts, parsed once
 * per file for all the checks that ask. */
const df_image_ref *df_stage_image_ref(df_ctx *c, int s);
/* True when `name` names an earlier stage (by alias) as seen from stage `s`. */
bool df_is_stage_alias(const df_ctx *c, int s, const char *name);

/* strcasestr(w, "KEY=VALUE") != NULL for a key without '=', found from
 * the '=' signs of w: most words have none, or a short key before it.
 * Inline, so that the lengths of literal keys and values are known. */
static inline bool df_has_setting_ci(const char *w, const char *key, const char *value)
{
    size_t kl = strlen(key), vl = strlen(value);
    for (const char *eq = strchr(w, '='); eq; eq = strchr(eq + 1, '=')) {
        if ((size_t)(eq - w) >= kl && strncasecmp(eq - kl, key, kl) == 0 &&
            strncasecmp(eq + 1, value, vl) == 0)
            return true;
    }
    return false;
}

/* True when the string contains a variable reference ($X or ${X}). */
bool df_has_var(const char *s);

/* Rule checks, one per rule, defined in the df_rules_*.c files. */
#define DF_CHECK(name) void name(df_ctx *c, const mt_rule *r)
/* image and stages */
DF_CHECK(df_check_untagged);
DF_CHECK(df_check_latest);
DF_CHECK(df_check_trusted_registry);
DF_CHECK(df_check_from_platform);
DF_CHECK(df_check_duplicate_alias);
DF_CHECK(df_check_first_instruction);
DF_CHECK(df_check_healthcheck_missing);
DF_CHECK(df_check_base_digest);
/* instructions */
DF_CHECK(df_check_parse_error);
DF_CHECK(df_check_workdir_absolute);
DF_CHECK(df_check_stage_user_root);
DF_CHECK(df_check_expose_range);
DF_CHECK(df_check_multiple_healthcheck);
DF_CHECK(df_check_add_for_copy);
DF_CHECK(df_check_copy_dest_slash);
DF_CHECK(df_check_copy_from_unknown);
DF_CHECK(df_check_copy_from_self);
DF_CHECK(df_check_json_cmd);
DF_CHECK(df_check_onbuild_forbidden);
DF_CHECK(df_check_env_self_ref);
DF_CHECK(df_check_copy_relative_dest);
DF_CHECK(df_check_label_key);
DF_CHECK(df_check_maintainer);
DF_CHECK(df_check_multiple_cmd);
DF_CHECK(df_check_multiple_entrypoint);
DF_CHECK(df_check_consecutive_run);
DF_CHECK(df_check_copy_then_extract);
/* package managers */
DF_CHECK(df_check_apt_upgrade);
DF_CHECK(df_check_apt_pin);
DF_CHECK(df_check_apt_lists);
DF_CHECK(df_check_apt_yes);
DF_CHECK(df_check_apt_recommends);
DF_CHECK(df_check_apt_cli);
DF_CHECK(df_check_pip_pin);
DF_CHECK(df_check_pip_cache);
DF_CHECK(df_check_npm_pin);
DF_CHECK(df_check_apk_upgrade);
DF_CHECK(df_check_apk_pin);
DF_CHECK(df_check_apk_cache);
DF_CHECK(df_check_gem_pin);
DF_CHECK(df_check_yum_yes);
DF_CHECK(df_check_yum_update);
DF_CHECK(df_check_yum_clean);
DF_CHECK(df_check_yum_pin);
DF_CHECK(df_check_zypper_yes);
DF_CHECK(df_check_zypper_dist_upgrade);
DF_CHECK(df_check_zypper_clean);
DF_CHECK(df_check_zypper_pin);
DF_CHECK(df_check_dnf_yes);
DF_CHECK(df_check_dnf_update);
DF_CHECK(df_check_dnf_clean);
DF_CHECK(df_check_dnf_pin);
DF_CHECK(df_check_yarn_cache);
DF_CHECK(df_check_go_pin);
DF_CHECK(df_check_update_alone);
DF_CHECK(df_check_build_tools);
/* shell commands */
DF_CHECK(df_check_pointless_cmd);
DF_CHECK(df_check_cd);
DF_CHECK(df_check_sudo);
DF_CHECK(df_check_useradd_uid);
DF_CHECK(df_check_wget_progress);
DF_CHECK(df_check_wget_and_curl);
DF_CHECK(df_check_ln_sh);
DF_CHECK(df_check_pipefail);
/* labels */
DF_CHECK(df_check_label_missing);
DF_CHECK(df_check_label_superfluous);
DF_CHECK(df_check_label_empty);
DF_CHECK(df_check_label_url);
DF_CHECK(df_check_label_rfc3339);
DF_CHECK(df_check_label_spdx);
DF_CHECK(df_check_label_hash);
DF_CHECK(df_check_label_semver);
DF_CHECK(df_check_label_email);
/* hardening */
DF_CHECK(df_check_curl_pipe_sh);
DF_CHECK(df_check_tls_disabled);
DF_CHECK(df_check_secret_env);
DF_CHECK(df_check_sensitive_copy);
DF_CHECK(df_check_final_root);
DF_CHECK(df_check_add_checksum);
DF_CHECK(df_check_world_writable);
DF_CHECK(df_check_expose_ssh);
DF_CHECK(df_check_run_insecure);

/* Iterates over every shell command of every RUN with a POSIX shell:
 *   DF_FOR_EACH_CMD(c, idx, in, cmd) { ... } */
#define DF_FOR_EACH_CMD(c, idx, in, cmd)                                                        \
    for (size_t idx = 0; idx < (c)->df->ninstrs; idx++)                                         \
        for (const df_instr *in = (c)->df->instrs[idx]; in; in = NULL)                           \
            if ((c)->runs[idx] && (c)->runs[idx]->posix)                                         \
                for (size_t idx##_k = 0; idx##_k < (c)->runs[idx]->sh.ncmds; idx##_k++)           \
                    for (const sh_cmd *cmd = &(c)->runs[idx]->sh.cmds[idx##_k]; cmd; cmd = NULL)

#endif
