/* df_rules_shell.c — checks on general shell commands inside RUN: sudo,
 * cd, pointless commands, useradd, wget/curl, ln /bin/sh, pipefail.
 * Apart from useradd, each check reports a RUN once, however many
 * offending commands it holds. */
#include "dockerfile/df_rules.h"

#include <limits.h>
#include <string.h>

/* The RUN at instruction index k when its shell commands can be analysed. */
static const df_run *posix_run(const df_ctx *c, size_t k)
{
    const df_run *run = c->runs[k];
    return run && run->posix ? run : NULL;
}

DF_CHECK(df_check_pointless_cmd)
{
    static const sh_prog names[] = {SH_PROG_FREE,    SH_PROG_KILL,     SH_PROG_MOUNT,
                                    SH_PROG_PS,      SH_PROG_SERVICE,  SH_PROG_SHUTDOWN,
                                    SH_PROG_SSH,     SH_PROG_TOP,      SH_PROG_VIM};
    uint64_t any = 0;
    for (unsigned n = 0; n < MT_ARRAY_LEN(names); n++)
        any |= sh_prog_bit(names[n]);
    if (!(c->progs & any))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = posix_run(c, k);
        if (!run || !(run->progs & any))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        unsigned seen = 0; /* bit per name, so each is listed once */
        for (size_t q = 0; q < run->sh.ncmds; q++) {
            sh_prog prog = sh_cmd_prog(&run->sh.cmds[q]);
            for (unsigned n = 0; n < MT_ARRAY_LEN(names); n++) {
                if (!(seen & (1u << n)) && prog == names[n]) {
                    mt_buf_puts(&msg, seen ? ", '" : "'");
                    mt_buf_puts(&msg, sh_prog_name(names[n]));
                    mt_buf_puts(&msg, "'");
                    seen |= 1u << n;
                }
            }
        }
        if (seen)
            df_emit(c, r, c->df->instrs[k], "%s make%s little sense in a container build",
                    msg.data, (seen & (seen - 1)) ? "" : "s");
        mt_buf_free(&msg);
    }
}

DF_CHECK(df_check_cd)
{
    if (!df_calls(c, SH_PROG_CD))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = posix_run(c, k);
        if (run && !df_run_calls(run, SH_PROG_CD))
            continue;
        for (size_t q = 0; run && q < run->sh.ncmds; q++) {
            const sh_cmd *cmd = &run->sh.cmds[q];
            if (sh_cmd_prog(cmd) == SH_PROG_CD) {
                df_emit(c, r, c->df->instrs[k], "RUN uses cd%s%s; set the directory with WORKDIR",
                        sh_cmd_argc(cmd) > 1 ? " " : "", sh_cmd_argc(cmd) > 1 ? sh_cmd_arg(cmd, 1) : "");
                break; /* once per RUN */
            }
        }
    }
}

/* sudo as the command or as one of the wrappers in front of it
 * (env sudo ..., nice sudo ...). */
static bool uses_sudo(const sh_cmd *cmd)
{
    for (size_t i = 0; i <= cmd->argi && i < cmd->nwords; i++) {
        if (mt_streq(mt_basename(cmd->words[i].value), "sudo"))
            return true;
    }
    return false;
}

DF_CHECK(df_check_sudo)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = posix_run(c, k);
        for (size_t q = 0; run && q < run->sh.ncmds; q++) {
            if (uses_sudo(&run->sh.cmds[q])) {
                df_emit(c, r, c->df->instrs[k], "RUN uses sudo");
                break;
            }
        }
    }
}

DF_CHECK(df_check_useradd_uid)
{
    static const char *const nolog[] = {"-l", "--no-log-init", NULL};
    if (!df_calls(c, SH_PROG_USERADD))
        return;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_prog(cmd) != SH_PROG_USERADD || sh_cmd_has_any(cmd, nolog) ||
            sh_cmd_has_short(cmd, 'l'))
            continue;
        const char *uid = sh_cmd_opt_value(cmd, 'u', "--uid");
        if (uid && strlen(uid) > 5 && strspn(uid, "0123456789") == strlen(uid))
            df_emit(c, r, in, "useradd -u %s without -l can create a huge sparse log file", uid);
    }
}

/* wget that prints no progress bar: quiet, non-verbose, a log file, or an
 * explicit --progress style. */
static bool wget_quiet(const sh_cmd *cmd)
{
    static const char *const quiet[] = {"--progress", "--quiet", "-nv", "--no-verbose", "-o",
                                        "--output-file", "-a", "--append-output", NULL};
    return sh_cmd_has_any(cmd, quiet) || sh_cmd_has_short(cmd, 'q');
}

DF_CHECK(df_check_wget_progress)
{
    if (!df_calls(c, SH_PROG_WGET))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = posix_run(c, k);
        if (run && !df_run_calls(run, SH_PROG_WGET))
            continue;
        for (size_t q = 0; run && q < run->sh.ncmds; q++) {
            const sh_cmd *cmd = &run->sh.cmds[q];
            if (sh_cmd_prog(cmd) == SH_PROG_WGET && !wget_quiet(cmd)) {
                df_emit(c, r, c->df->instrs[k], "wget without --progress floods the build log");
                break;
            }
        }
    }
}

static unsigned run_downloaders(const df_run *run)
{
    return (df_run_calls(run, SH_PROG_CURL) ? 1u : 0u) | (df_run_calls(run, SH_PROG_WGET) ? 2u : 0u);
}

DF_CHECK(df_check_wget_and_curl)
{
    if (!df_calls(c, SH_PROG_CURL) || !df_calls(c, SH_PROG_WGET))
        return;
    for (size_t s = 0; s < c->df->nstages; s++) {
        const df_stage *st = c->df->stages[s];
        unsigned seen = 0;
        for (size_t k = st->first; k <= st->last; k++) {
            const df_run *run = posix_run(c, k);
            if (!run)
                continue;
            unsigned m = run_downloaders(run);
            seen |= m;
            if (seen == 3 && m)
                df_emit(c, r, c->df->instrs[k], "This stage uses both wget and curl");
        }
    }
}

/* ln whose link name (the last operand) is the system shell: /bin/sh,
 * /usr/bin/sh, or sh after `cd /bin`. Linking from /bin/sh to somewhere
 * else leaves the shell alone. */
static bool ln_replaces_sh(const sh_cmd *cmd, bool in_bin)
{
    static const char *const val[] = {"-S", "--suffix", NULL};
    const char *last = NULL;
    size_t npos = 0;
    for (size_t i = 0; (i = sh_cmd_next_positional(cmd, i, val)) != 0; npos++)
        last = sh_cmd_arg(cmd, i);
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        /* ln -s -t DIR TARGET...: every operand is a target */
        const char *w = sh_cmd_arg(cmd, i);
        if (strcmp(w, "-t") == 0 || mt_startswith(w, "--target-directory"))
            return false;
    }
    if (!last || npos < 2)
        return false;
    return strcmp(last, "/bin/sh") == 0 || strcmp(last, "/usr/bin/sh") == 0 ||
           (in_bin && (strcmp(last, "sh") == 0 || strcmp(last, "./sh") == 0));
}

DF_CHECK(df_check_ln_sh)
{
    if (!df_calls(c, SH_PROG_LN))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = posix_run(c, k);
        if (run && !df_run_calls(run, SH_PROG_LN))
            continue;
        bool in_bin = false;
        for (size_t q = 0; run && q < run->sh.ncmds; q++) {
            const sh_cmd *cmd = &run->sh.cmds[q];
            if (sh_cmd_prog(cmd) == SH_PROG_CD) {
                const char *d = sh_cmd_argc(cmd) > 1 ? sh_cmd_arg(cmd, 1) : "";
                in_bin = !strcmp(d, "/bin") || !strcmp(d, "/bin/") || !strcmp(d, "/usr/bin") ||
                         !strcmp(d, "/usr/bin/");
            }
            if (sh_cmd_prog(cmd) == SH_PROG_LN && ln_replaces_sh(cmd, in_bin)) {
                df_emit(c, r, c->df->instrs[k], "ln replaces /bin/sh; use the SHELL instruction instead");
                break;
            }
        }
    }
}

/* -o pipefail among args[from..n), also as the end of a cluster (-eo). */
static bool args_set_pipefail(char *const *args, size_t n, size_t from)
{
    for (size_t k = from; k + 1 < n; k++) {
        const char *o = args[k];
        if (o[0] == '-' && o[1] != '-' && o[strlen(o) - 1] == 'o' && strcmp(args[k + 1], "pipefail") == 0)
            return true;
    }
    return false;
}

/* The shells that have pipefail: bash zsh ash ksh mksh. */
static bool is_pipefail_shell(sh_prog p)
{
    return p == SH_PROG_BASH || p == SH_PROG_ZSH || p == SH_PROG_ASH || p == SH_PROG_KSH ||
           p == SH_PROG_MKSH;
}

/* Does this SHELL instruction enable pipefail in a shell that has it? */
static bool shell_sets_pipefail(const df_instr *in)
{
    if (!in->json || in->argc < 2 || !is_pipefail_shell(sh_prog_of(mt_basename(in->argv[0]))))
        return false;
    return args_set_pipefail(in->argv, in->argc, 1);
}

/* Is `cmd` (a `set` or a shell started with options) turning pipefail on? */
static bool cmd_sets_pipefail(const sh_cmd *cmd)
{
    sh_prog p = sh_cmd_prog(cmd);
    bool set = p == SH_PROG_SET;
    if (!set && !is_pipefail_shell(p))
        return false;
    size_t n = sh_cmd_argc(cmd);
    for (size_t i = 1; i + 1 < n; i++) {
        const char *o = sh_cmd_arg(cmd, i);
        if (!set && o[0] != '-')
            break; /* bash script.sh -o pipefail: arguments of the script */
        if (o[0] == '-' && o[1] != '-' && o[strlen(o) - 1] == 'o' &&
            strcmp(sh_cmd_arg(cmd, i + 1), "pipefail") == 0)
            return true;
    }
    return false;
}

/* True when some pipe of the RUN runs without pipefail. `set -o pipefail`
 * covers what follows in the same shell (its depth and deeper, until the
 * script leaves that level); `bash -o pipefail -c '...'` covers its -c
 * script, one level deeper. */
static bool run_has_unguarded_pipe(const df_run *run)
{
    int guard = INT_MAX; /* commands this deep or deeper have pipefail */
    for (size_t k = 0; k < run->sh.ncmds; k++) {
        const sh_cmd *cmd = &run->sh.cmds[k];
        if (cmd->depth < guard)
            guard = INT_MAX;
        if (cmd->sep == SH_SEP_PIPE && cmd->depth < guard)
            return true;
        if (cmd_sets_pipefail(cmd)) {
            int from = sh_cmd_prog(cmd) == SH_PROG_SET ? cmd->depth : cmd->depth + 1;
            if (from < guard)
                guard = from;
        }
    }
    return false;
}

DF_CHECK(df_check_pipefail)
{
    bool pipefail = false;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind == DF_FROM)
            pipefail = false;
        if (in->kind == DF_SHELL)
            pipefail = shell_sets_pipefail(in);
        const df_run *run = posix_run(c, k);
        if (!run || !run->sh.has_pipe)
            continue;
        /* SHELL applies to shell-form RUNs only; an exec form picks its
         * own shell. */
        if (pipefail && !in->json)
            continue;
        if (!run_has_unguarded_pipe(run))
            continue;
        df_emit(c, r, in, "RUN has a pipe but pipefail is not set; a failure before the last "
                          "command goes unnoticed");
    }
}
