/* df_rules_shell.c — checks on general shell commands inside RUN: sudo,
 * cd, pointless commands, useradd, wget/curl, ln /bin/sh, pipefail. */
#include "dockerfile/df_rules.h"

#include <string.h>

DF_CHECK(df_check_pointless_cmd)
{
    static const char *const names[] = {"free", "kill", "mount", "ps", "service", "shutdown",
                                        "ssh",  "top",  "vim",   NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        for (const char *const *n = names; *n; n++) {
            if (sh_cmd_is(cmd, *n)) {
                df_emit(c, r, in, "'%s' makes little sense in a container build", *n);
                break;
            }
        }
    }
}

DF_CHECK(df_check_cd)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_is(cmd, "cd")) {
            df_emit(c, r, in, "RUN uses cd%s%s; set the directory with WORKDIR",
                    sh_cmd_argc(cmd) > 1 ? " " : "", sh_cmd_argc(cmd) > 1 ? sh_cmd_arg(cmd, 1) : "");
            break; /* once per RUN */
        }
    }
}

DF_CHECK(df_check_sudo)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        for (size_t i = 0; i < cmd->argi + 1 && i < cmd->nwords; i++) {
            if (strcmp(mt_basename(cmd->words[i].value), "sudo") == 0) {
                df_emit(c, r, in, "RUN uses sudo");
                goto next;
            }
        }
    next:;
    }
}

DF_CHECK(df_check_useradd_uid)
{
    static const char *const nolog[] = {"-l", "--no-log-init", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!sh_cmd_is(cmd, "useradd") || sh_cmd_has_any(cmd, nolog) || sh_cmd_has_short(cmd, 'l'))
            continue;
        const char *uid = sh_cmd_opt_value(cmd, 'u', "--uid");
        if (uid && strlen(uid) > 5 && strspn(uid, "0123456789") == strlen(uid))
            df_emit(c, r, in, "useradd -u %s without -l can create a huge sparse log file", uid);
    }
}

DF_CHECK(df_check_wget_progress)
{
    static const char *const quiet[] = {"--progress", "--quiet", "-nv", "--no-verbose", "-o",
                                        "--output-file", "-a", "--append-output", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_is(cmd, "wget") && !sh_cmd_has_any(cmd, quiet) && !sh_cmd_has_short(cmd, 'q'))
            df_emit(c, r, in, "wget without --progress floods the build log");
    }
}

static unsigned run_downloaders(const df_run *run)
{
    unsigned m = 0;
    for (size_t k = 0; k < run->sh.ncmds; k++) {
        if (sh_cmd_is(&run->sh.cmds[k], "curl"))
            m |= 1;
        if (sh_cmd_is(&run->sh.cmds[k], "wget"))
            m |= 2;
    }
    return m;
}

DF_CHECK(df_check_wget_and_curl)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const df_stage *st = c->df->stages[s];
        unsigned seen = 0;
        for (size_t k = st->first; k <= st->last; k++) {
            const df_run *run = c->runs[k];
            if (!run || !run->posix)
                continue;
            unsigned m = run_downloaders(run);
            seen |= m;
            if (seen == 3 && m)
                df_emit(c, r, c->df->instrs[k], "This stage uses both wget and curl");
        }
    }
}

DF_CHECK(df_check_ln_sh)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!sh_cmd_is(cmd, "ln"))
            continue;
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            if (strcmp(sh_cmd_arg(cmd, i), "/bin/sh") == 0) {
                df_emit(c, r, in, "ln replaces /bin/sh; use the SHELL instruction instead");
                break;
            }
        }
    }
}

/* Does this SHELL instruction enable pipefail in a shell that has it? */
static bool shell_sets_pipefail(const df_instr *in)
{
    if (!in->json || in->argc < 2)
        return false;
    const char *b = mt_basename(in->argv[0]);
    if (strcmp(b, "bash") && strcmp(b, "zsh") && strcmp(b, "ash") && strcmp(b, "ksh") &&
        strcmp(b, "mksh"))
        return false;
    for (size_t k = 1; k + 1 < in->argc; k++) {
        const char *o = in->argv[k];
        if (o[0] == '-' && o[1] != '-' && strchr(o, 'o') && o[strlen(o) - 1] == 'o' &&
            strcmp(in->argv[k + 1], "pipefail") == 0)
            return true;
    }
    return false;
}

static bool run_sets_pipefail(const df_run *run)
{
    for (size_t k = 0; k < run->sh.ncmds; k++) {
        const sh_cmd *cmd = &run->sh.cmds[k];
        if (!sh_cmd_is(cmd, "set"))
            continue;
        for (size_t i = 1; i + 1 < sh_cmd_argc(cmd); i++) {
            const char *o = sh_cmd_arg(cmd, i);
            if (o[0] == '-' && o[strlen(o) - 1] == 'o' && strcmp(sh_cmd_arg(cmd, i + 1), "pipefail") == 0)
                return true;
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
        const df_run *run = c->runs[k];
        if (!run || !run->posix || pipefail || !run->sh.has_pipe)
            continue;
        if (run_sets_pipefail(run))
            continue;
        df_emit(c, r, in, "RUN has a pipe but pipefail is not set; a failure before the last "
                          "command goes unnoticed");
    }
}
