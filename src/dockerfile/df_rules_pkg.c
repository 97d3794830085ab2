/* df_rules_pkg.c — checks on package-manager commands inside RUN: apt-get,
 * apk, yum, dnf/microdnf, zypper, pip, npm, yarn, gem and go. */
#include "dockerfile/df_rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---- shared helpers ---- */

/* Position (from argi) of the subcommand: the first positional argument,
 * skipping values of the listed options. 0 when there is none. */
static size_t subcommand(const sh_cmd *cmd, const char *const *with_value)
{
    return sh_cmd_next_positional(cmd, 0, with_value);
}

static bool subcommand_is(const sh_cmd *cmd, const char *const *with_value, const char *const *names)
{
    size_t i = subcommand(cmd, with_value);
    if (!i)
        return false;
    const char *s = sh_cmd_arg(cmd, i);
    for (const char *const *n = names; *n; n++) {
        if (strcmp(s, *n) == 0)
            return true;
    }
    return false;
}

/* Appends the packages (positionals after the subcommand) that `pinned`
 * rejects to msg; returns how many. Words with variables are not judged. */
static size_t unpinned(const sh_cmd *cmd, const char *const *with_value, bool (*pinned)(const char *),
                       mt_buf *msg)
{
    size_t n = 0;
    size_t i = subcommand(cmd, with_value);
    while (i && (i = sh_cmd_next_positional(cmd, i, with_value)) != 0) {
        const sh_word *w = &cmd->words[cmd->argi + i];
        if (w->dynamic || !*w->value)
            continue;
        if (!pinned(w->value)) {
            mt_buf_printf(msg, "%s%s", n ? ", " : "", w->value);
            n++;
        }
    }
    return n;
}

/* RUN --mount=type=cache,target=PREFIX... */
static bool has_cache_mount(const df_instr *in, const char *prefix)
{
    for (size_t k = 0; k < in->nflags; k++) {
        if (strcmp(in->flags[k].name, "mount") != 0 || !in->flags[k].value)
            continue;
        const char *v = in->flags[k].value;
        if (!strstr(v, "type=cache"))
            continue;
        const char *t = strstr(v, "target=");
        if (!t)
            t = strstr(v, "dst=");
        if (!t)
            t = strstr(v, "destination=");
        if (!t)
            continue;
        t = strchr(t, '=') + 1;
        if (strncmp(t, prefix, strlen(prefix)) == 0)
            return true;
    }
    return false;
}

static bool run_has(const df_run *run, bool (*pred)(const sh_cmd *))
{
    for (size_t k = 0; k < run->sh.ncmds; k++) {
        if (pred(&run->sh.cmds[k]))
            return true;
    }
    return false;
}

static bool rm_of(const sh_cmd *cmd, const char *prefix)
{
    if (!sh_cmd_is(cmd, "rm"))
        return false;
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        if (mt_startswith(sh_cmd_arg(cmd, i), prefix))
            return true;
    }
    return false;
}

/* ---- apt ---- */

static const char *const apt_val[] = {"-o", "-c", "-t", "--target-release", "--option",
                                      "--config-file", "-a", "--host-architecture", NULL};
static const char *const install_names[] = {"install", NULL};

static bool is_apt_get_install(const sh_cmd *cmd)
{
    return sh_cmd_is(cmd, "apt-get") && subcommand_is(cmd, apt_val, install_names);
}

static bool apt_pinned(const char *p)
{
    return strchr(p, '=') || strchr(p, '/') || mt_endswith(p, ".deb");
}

DF_CHECK(df_check_apt_pin)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_apt_get_install(cmd))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        if (unpinned(cmd, apt_val, apt_pinned, &msg))
            df_emit(c, r, in, "Pin versions in apt-get install: %s", msg.data);
        mt_buf_free(&msg);
    }
}

static bool apt_assume_yes(const sh_cmd *cmd)
{
    static const char *const yes[] = {"--yes", "--assume-yes", "-qq", "-q=2", "--quiet=2", NULL};
    if (sh_cmd_has_short(cmd, 'y') || sh_cmd_has_any(cmd, yes))
        return true;
    int q = 0;
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *w = sh_cmd_arg(cmd, i);
        if (strcmp(w, "-q") == 0 || strcmp(w, "--quiet") == 0)
            q++;
        if (strcasestr(w, "APT::Get::Assume-Yes=true") || strcasestr(w, "APT::Get::Assume-Yes=1"))
            return true;
    }
    return q >= 2;
}

DF_CHECK(df_check_apt_yes)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (is_apt_get_install(cmd) && !apt_assume_yes(cmd))
            df_emit(c, r, in, "apt-get install without -y waits for confirmation");
    }
}

DF_CHECK(df_check_apt_recommends)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_apt_get_install(cmd))
            continue;
        static const char *const opt[] = {"--no-install-recommends", NULL};
        bool ok = sh_cmd_has_any(cmd, opt);
        for (size_t i = 1; i < sh_cmd_argc(cmd) && !ok; i++)
            ok = strcasestr(sh_cmd_arg(cmd, i), "APT::Install-Recommends=false") ||
                 strcasestr(sh_cmd_arg(cmd, i), "APT::Install-Recommends=0");
        if (!ok)
            df_emit(c, r, in, "apt-get install without --no-install-recommends");
    }
}

DF_CHECK(df_check_apt_cli)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_is(cmd, "apt") && sh_cmd_argc(cmd) > 1)
            df_emit(c, r, in, "apt is meant for interactive use; use apt-get or apt-cache");
    }
}

DF_CHECK(df_check_apt_upgrade)
{
    static const char *const up[] = {"dist-upgrade", "full-upgrade", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if ((sh_cmd_is(cmd, "apt-get") || sh_cmd_is(cmd, "apt")) && subcommand_is(cmd, apt_val, up))
            df_emit(c, r, in, "%s %s changes the distribution under the base image", sh_cmd_name(cmd),
                    sh_cmd_arg(cmd, subcommand(cmd, apt_val)));
    }
}

static bool is_apt_update(const sh_cmd *cmd)
{
    static const char *const upd[] = {"update", NULL};
    return (sh_cmd_is(cmd, "apt-get") || sh_cmd_is(cmd, "apt")) && subcommand_is(cmd, apt_val, upd);
}

static bool is_apt_lists_rm(const sh_cmd *cmd)
{
    return rm_of(cmd, "/var/lib/apt/lists");
}

DF_CHECK(df_check_apt_lists)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        const df_run *run = c->runs[k];
        if (!run || !run->posix || in->stage < 0 || !df_stage_is_used_as_base(c, in->stage))
            continue;
        if (!run_has(run, is_apt_update) || run_has(run, is_apt_lists_rm))
            continue;
        if (has_cache_mount(in, "/var/lib/apt/lists") ||
            (has_cache_mount(in, "/var/lib/apt") && has_cache_mount(in, "/var/cache/apt")))
            continue;
        df_emit(c, r, in, "apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN");
    }
}

static bool is_pkg_install(const sh_cmd *cmd)
{
    static const char *const add[] = {"add", NULL};
    static const char *const inst[] = {"install", "in", "groupinstall", "localinstall", NULL};
    if (sh_cmd_is(cmd, "apk"))
        return subcommand_is(cmd, NULL, add);
    if (sh_cmd_is(cmd, "apt-get") || sh_cmd_is(cmd, "apt"))
        return subcommand_is(cmd, apt_val, inst);
    return false;
}

static bool is_index_update(const sh_cmd *cmd)
{
    static const char *const upd[] = {"update", NULL};
    return is_apt_update(cmd) || (sh_cmd_is(cmd, "apk") && subcommand_is(cmd, NULL, upd));
}

DF_CHECK(df_check_update_alone)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        if (run_has(run, is_index_update) && !run_has(run, is_pkg_install))
            df_emit(c, r, c->df->instrs[k],
                    "The package index is updated in a RUN that installs nothing");
    }
}

/* ---- apk ---- */

static const char *const apk_val[] = {"-t", "--virtual", "-X", "--repository", "-p", "--root",
                                      "--keys-dir", "--arch", "--repositories-file",
                                      "--cache-dir", NULL};

static bool is_apk(const sh_cmd *cmd, const char *sub)
{
    const char *const names[] = {sub, NULL};
    return sh_cmd_is(cmd, "apk") && subcommand_is(cmd, apk_val, names);
}

static bool apk_pinned(const char *p)
{
    return strpbrk(p, "=~<>") || mt_endswith(p, ".apk");
}

DF_CHECK(df_check_apk_pin)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_apk(cmd, "add"))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        if (unpinned(cmd, apk_val, apk_pinned, &msg))
            df_emit(c, r, in, "Pin versions in apk add: %s", msg.data);
        mt_buf_free(&msg);
    }
}

DF_CHECK(df_check_apk_cache)
{
    static const char *const nc[] = {"--no-cache", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (is_apk(cmd, "add") && !sh_cmd_has_any(cmd, nc) && !has_cache_mount(in, "/var/cache/apk"))
            df_emit(c, r, in, "apk add without --no-cache leaves the index cache in the image");
    }
}

DF_CHECK(df_check_apk_upgrade)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (is_apk(cmd, "upgrade"))
            df_emit(c, r, in, "apk upgrade changes packages of the base image");
    }
}

/* ---- yum / dnf / microdnf ---- */

static const char *const rpm_val[] = {"-c", "--config", "--installroot", "--releasever",
                                      "--enablerepo", "--disablerepo", "--setopt", "-x",
                                      "--exclude", "--repo", "--repoid", "--nobest", NULL};
static const char *const rpm_install[] = {"install", "groupinstall", "localinstall", NULL};

static bool is_yum(const sh_cmd *cmd)
{
    return sh_cmd_is(cmd, "yum");
}

static bool is_dnf(const sh_cmd *cmd)
{
    return sh_cmd_is(cmd, "dnf") || sh_cmd_is(cmd, "microdnf") || sh_cmd_is(cmd, "dnf5");
}

static bool rpm_is_install(const sh_cmd *cmd)
{
    if (subcommand_is(cmd, rpm_val, rpm_install))
        return true;
    static const char *const module[] = {"module", NULL};
    if (subcommand_is(cmd, rpm_val, module)) {
        size_t i = sh_cmd_next_positional(cmd, subcommand(cmd, rpm_val), rpm_val);
        return i && strcmp(sh_cmd_arg(cmd, i), "install") == 0;
    }
    return false;
}

static bool rpm_assume_yes(const sh_cmd *cmd)
{
    static const char *const yes[] = {"--assumeyes", NULL};
    return sh_cmd_has_short(cmd, 'y') || sh_cmd_has_any(cmd, yes);
}

/* name-version[-release]: some dash-separated part after the first starts
 * with a digit and every such part uses only version characters. */
static bool rpm_pinned(const char *p)
{
    if (mt_endswith(p, ".rpm") || p[0] == '@')
        return true;
    const char *dash = strchr(p, '-');
    bool digit = false;
    while (dash) {
        const char *part = dash + 1;
        size_t n = strcspn(part, "-");
        bool vchars = n > 0;
        for (size_t i = 0; i < n; i++)
            vchars &= isalnum((unsigned char)part[i]) || strchr(".~^_:+", part[i]) != NULL;
        if (vchars && isdigit((unsigned char)part[0]))
            digit = true;
        dash = part[n] ? part + n : NULL;
    }
    return digit;
}

static bool module_pinned(const char *p)
{
    return strchr(p, ':') != NULL;
}

static void rpm_pin(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_tool(cmd) || !rpm_is_install(cmd))
            continue;
        bool module = strcmp(sh_cmd_arg(cmd, subcommand(cmd, rpm_val)), "module") == 0;
        mt_buf msg;
        mt_buf_init(&msg);
        size_t n;
        if (module) {
            /* skip "module install" */
            size_t i = sh_cmd_next_positional(cmd, subcommand(cmd, rpm_val), rpm_val);
            n = 0;
            while ((i = sh_cmd_next_positional(cmd, i, rpm_val)) != 0) {
                const char *w = sh_cmd_arg(cmd, i);
                if (!module_pinned(w) && !cmd->words[cmd->argi + i].dynamic) {
                    mt_buf_printf(&msg, "%s%s", n ? ", " : "", w);
                    n++;
                }
            }
        } else {
            n = unpinned(cmd, rpm_val, rpm_pinned, &msg);
        }
        if (n)
            df_emit(c, r, in, "Pin versions in %s install: %s", sh_cmd_name(cmd), msg.data);
        mt_buf_free(&msg);
    }
}

DF_CHECK(df_check_yum_pin)
{
    rpm_pin(c, r, is_yum);
}

DF_CHECK(df_check_dnf_pin)
{
    rpm_pin(c, r, is_dnf);
}

static void rpm_yes(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (is_tool(cmd) && rpm_is_install(cmd) && !rpm_assume_yes(cmd))
            df_emit(c, r, in, "%s install without -y waits for confirmation", sh_cmd_name(cmd));
    }
}

DF_CHECK(df_check_yum_yes)
{
    rpm_yes(c, r, is_yum);
}

DF_CHECK(df_check_dnf_yes)
{
    rpm_yes(c, r, is_dnf);
}

static void rpm_update(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    static const char *const up[] = {"update", "upgrade", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (is_tool(cmd) && subcommand_is(cmd, rpm_val, up))
            df_emit(c, r, in, "%s %s changes packages of the base image", sh_cmd_name(cmd),
                    sh_cmd_arg(cmd, subcommand(cmd, rpm_val)));
    }
}

DF_CHECK(df_check_yum_update)
{
    rpm_update(c, r, is_yum);
}

DF_CHECK(df_check_dnf_update)
{
    rpm_update(c, r, is_dnf);
}

static bool is_rpm_clean(const sh_cmd *cmd)
{
    static const char *const clean[] = {"clean", NULL};
    if ((is_yum(cmd) || is_dnf(cmd)) && subcommand_is(cmd, rpm_val, clean)) {
        size_t i = sh_cmd_next_positional(cmd, subcommand(cmd, rpm_val), rpm_val);
        return i && strcmp(sh_cmd_arg(cmd, i), "all") == 0;
    }
    return rm_of(cmd, "/var/cache/yum") || rm_of(cmd, "/var/cache/dnf");
}

static void rpm_clean(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *), const char *tool)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        const df_instr *in = c->df->instrs[k];
        bool install = false;
        for (size_t q = 0; q < run->sh.ncmds; q++)
            install |= is_tool(&run->sh.cmds[q]) && rpm_is_install(&run->sh.cmds[q]);
        if (!install || run_has(run, is_rpm_clean))
            continue;
        if (has_cache_mount(in, "/var/cache/yum") || has_cache_mount(in, "/var/cache/dnf"))
            continue;
        df_emit(c, r, in, "%s install without '%s clean all' in the same RUN", tool, tool);
    }
}

DF_CHECK(df_check_yum_clean)
{
    rpm_clean(c, r, is_yum, "yum");
}

DF_CHECK(df_check_dnf_clean)
{
    rpm_clean(c, r, is_dnf, "dnf");
}

/* ---- zypper ---- */

static const char *const zyp_val[] = {"--root", "-R", "-c", "--config", "-r", "--repo",
                                      "--from", "-t", "--type", NULL};

static bool zypper_sub(const sh_cmd *cmd, const char *const *names)
{
    return sh_cmd_is(cmd, "zypper") && subcommand_is(cmd, zyp_val, names);
}

static const char *const zyp_install[] = {"install", "in", NULL};

DF_CHECK(df_check_zypper_yes)
{
    static const char *const subs[] = {"install", "in", "remove", "rm", "source-install", "si",
                                       "patch", NULL};
    static const char *const yes[] = {"-n", "--non-interactive", "-y", "--no-confirm", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (zypper_sub(cmd, subs) && !sh_cmd_has_any(cmd, yes))
            df_emit(c, r, in, "zypper %s without -n/-y waits for confirmation",
                    sh_cmd_arg(cmd, subcommand(cmd, zyp_val)));
    }
}

DF_CHECK(df_check_zypper_dist_upgrade)
{
    static const char *const dup[] = {"dist-upgrade", "dup", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (zypper_sub(cmd, dup))
            df_emit(c, r, in, "zypper dist-upgrade changes the distribution under the base image");
    }
}

static bool is_zypper_install(const sh_cmd *cmd)
{
    return zypper_sub(cmd, zyp_install);
}

static bool is_zypper_clean(const sh_cmd *cmd)
{
    static const char *const clean[] = {"clean", "cc", NULL};
    return zypper_sub(cmd, clean);
}

DF_CHECK(df_check_zypper_clean)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        if (run && run->posix && run_has(run, is_zypper_install) && !run_has(run, is_zypper_clean))
            df_emit(c, r, c->df->instrs[k], "zypper install without 'zypper clean' in the same RUN");
    }
}

static bool zypper_pinned(const char *p)
{
    return strpbrk(p, "=<>") || mt_endswith(p, ".rpm");
}

DF_CHECK(df_check_zypper_pin)
{
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_zypper_install(cmd))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        if (unpinned(cmd, zyp_val, zypper_pinned, &msg))
            df_emit(c, r, in, "Pin versions in zypper install: %s", msg.data);
        mt_buf_free(&msg);
    }
}

/* ---- pip ---- */

/* Index (from argi) of "install" for pip / python -m pip, or 0. */
static size_t pip_install_at(const sh_cmd *cmd)
{
    const char *n = sh_cmd_name(cmd);
    size_t base;
    if (strncmp(n, "pip", 3) == 0 && (n[3] == '\0' || isdigit((unsigned char)n[3]))) {
        base = 0;
    } else if (strncmp(n, "python", 6) == 0 && (n[6] == '\0' || isdigit((unsigned char)n[6]))) {
        const char *m = sh_cmd_arg(cmd, 1), *p = sh_cmd_arg(cmd, 2);
        if (!m || !p || strcmp(m, "-m") != 0 || strncmp(p, "pip", 3) != 0)
            return 0;
        base = 2;
    } else {
        return 0;
    }
    static const char *const val[] = {"--index-url", "-i", "--extra-index-url", "--find-links",
                                      "-f", "--target", "-t", "--prefix", "--root",
                                      "--trusted-host", "--platform", "--python-version",
                                      "--implementation", "--abi", "--src", "--cache-dir",
                                      "--log", "--proxy", "--retries", "--timeout",
                                      "--exists-action", "--cert", "--client-cert",
                                      "--upgrade-strategy", "--progress-bar", "--report",
                                      "--config-settings", "-C", "--global-option",
                                      "--no-binary", "--only-binary", NULL};
    size_t i = sh_cmd_next_positional(cmd, base, val);
    return i && strcmp(sh_cmd_arg(cmd, i), "install") == 0 ? i : 0;
}

static const char *const pip_val[] = {"--index-url", "-i", "--extra-index-url", "--find-links",
                                      "-f", "--target", "-t", "--prefix", "--root",
                                      "--trusted-host", "--platform", "--python-version",
                                      "--implementation", "--abi", "--src", "--cache-dir",
                                      "--log", "--proxy", "--retries", "--timeout",
                                      "--exists-action", "--cert", "--client-cert",
                                      "--upgrade-strategy", "--progress-bar", "--report",
                                      "--config-settings", "-C", "--global-option",
                                      "--no-binary", "--only-binary", "-c", "--constraint",
                                      "-r", "--requirement", "-e", "--editable", NULL};

static bool pip_pinned(const char *p)
{
    if (strstr(p, "==") || strstr(p, ">=") || strstr(p, "<=") || strstr(p, "!=") ||
        strstr(p, "~=") || strchr(p, '>') || strchr(p, '<'))
        return true;
    if (mt_endswith(p, ".whl") || mt_endswith(p, ".tar.gz") || mt_endswith(p, ".zip"))
        return true;
    if (mt_startswith(p, "git+") || mt_startswith(p, "hg+") || mt_startswith(p, "svn+") ||
        mt_startswith(p, "bzr+"))
        return strchr(p + 4, '@') != NULL;
    return strchr(p, '/') != NULL || strcmp(p, ".") == 0;
}

DF_CHECK(df_check_pip_pin)
{
    static const char *const exempt[] = {"-r", "--requirement", "-c", "--constraint", ".", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        size_t at = pip_install_at(cmd);
        if (!at || sh_cmd_has_any(cmd, exempt))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        size_t n = 0;
        size_t i = at;
        while ((i = sh_cmd_next_positional(cmd, i, pip_val)) != 0) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            if (w->dynamic || pip_pinned(w->value))
                continue;
            mt_buf_printf(&msg, "%s%s", n ? ", " : "", w->value);
            n++;
        }
        if (n)
            df_emit(c, r, in, "Pin versions in pip install: %s", msg.data);
        mt_buf_free(&msg);
    }
}

static bool truthy(const char *v)
{
    return v && (!strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
                 !strcasecmp(v, "yes"));
}

DF_CHECK(df_check_pip_cache)
{
    static const char *const nc[] = {"--no-cache-dir", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!pip_install_at(cmd) || sh_cmd_has_any(cmd, nc))
            continue;
        if (truthy(df_var_at(c->df, k, "PIP_NO_CACHE_DIR", 16, c->arena)))
            continue;
        if (has_cache_mount(in, "/root/.cache") || strstr(in->args, "PIP_NO_CACHE_DIR=1") ||
            strcasestr(in->args, "PIP_NO_CACHE_DIR=true") || strcasestr(in->args, "PIP_NO_CACHE_DIR=on") ||
            strcasestr(in->args, "PIP_NO_CACHE_DIR=yes"))
            continue;
        df_emit(c, r, in, "pip install without --no-cache-dir keeps the download cache");
    }
}

/* ---- npm / yarn ---- */

DF_CHECK(df_check_npm_pin)
{
    static const char *const npm_val[] = {"--registry", "--prefix", "--cache", "--tag",
                                          "--workspace", "-w", "--userconfig", NULL};
    static const char *const inst[] = {"install", "i", "add", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!sh_cmd_is(cmd, "npm") || !subcommand_is(cmd, npm_val, inst))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        size_t n = 0, i = subcommand(cmd, npm_val);
        while ((i = sh_cmd_next_positional(cmd, i, npm_val)) != 0) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            const char *p = w->value;
            if (w->dynamic)
                continue;
            bool pinned = mt_endswith(p, ".tar") || mt_endswith(p, ".tgz") ||
                          mt_endswith(p, ".tar.gz") || p[0] == '/' || mt_startswith(p, "./") ||
                          mt_startswith(p, "../") || mt_startswith(p, "~/") || strcmp(p, ".") == 0;
            if (!pinned && (mt_startswith(p, "git") || strstr(p, "://")))
                pinned = strchr(p, '#') != NULL;
            else if (!pinned) {
                const char *at = strchr(p + (p[0] == '@'), '@');
                pinned = at && at[1] && strcmp(at + 1, "latest") != 0;
            }
            if (!pinned) {
                mt_buf_printf(&msg, "%s%s", n ? ", " : "", p);
                n++;
            }
        }
        if (n)
            df_emit(c, r, in, "Pin versions in npm install: %s", msg.data);
        mt_buf_free(&msg);
    }
}

static bool is_yarn_install(const sh_cmd *cmd)
{
    if (!sh_cmd_is(cmd, "yarn"))
        return false;
    size_t i = subcommand(cmd, NULL);
    if (!i)
        return true; /* bare `yarn` installs */
    const char *s = sh_cmd_arg(cmd, i);
    return strcmp(s, "install") == 0 || strcmp(s, "add") == 0;
}

static bool is_yarn_cache_clean(const sh_cmd *cmd)
{
    if (!sh_cmd_is(cmd, "yarn"))
        return false;
    size_t i = subcommand(cmd, NULL);
    return i && strcmp(sh_cmd_arg(cmd, i), "cache") == 0;
}

DF_CHECK(df_check_yarn_cache)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        const df_instr *in = c->df->instrs[k];
        if (!run || !run->posix || in->stage < 0 || !df_stage_is_used_as_base(c, in->stage))
            continue;
        if (!run_has(run, is_yarn_install) || run_has(run, is_yarn_cache_clean))
            continue;
        bool mount = false;
        for (size_t f = 0; f < in->nflags; f++)
            mount |= in->flags[f].value && strstr(in->flags[f].value, "type=cache") &&
                     strstr(in->flags[f].value, "yarn");
        if (!mount)
            df_emit(c, r, in, "yarn install without 'yarn cache clean' in the same RUN");
    }
}

/* ---- gem ---- */

DF_CHECK(df_check_gem_pin)
{
    static const char *const gem_val[] = {"--source", "-s", "--install-dir", "-i", "--bindir",
                                          "-n", "--platform", NULL};
    static const char *const inst[] = {"install", "i", NULL};
    static const char *const ver[] = {"-v", "--version", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!sh_cmd_is(cmd, "gem") || !subcommand_is(cmd, gem_val, inst) || sh_cmd_has_any(cmd, ver))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        size_t n = 0, i = subcommand(cmd, gem_val);
        while ((i = sh_cmd_next_positional(cmd, i, gem_val)) != 0) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            if (w->dynamic || strchr(w->value, ':') || mt_endswith(w->value, ".gem"))
                continue;
            mt_buf_printf(&msg, "%s%s", n ? ", " : "", w->value);
            n++;
        }
        if (n)
            df_emit(c, r, in, "Pin versions in gem install: %s", msg.data);
        mt_buf_free(&msg);
    }
}

/* ---- go ---- */

DF_CHECK(df_check_go_pin)
{
    static const char *const subs[] = {"install", "get", "run", NULL};
    static const char *const go_val[] = {"-C", "-o", "-tags", "-ldflags", "-gcflags", "-mod",
                                         "-modfile", "-p", NULL};
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!sh_cmd_is(cmd, "go") || !subcommand_is(cmd, go_val, subs))
            continue;
        mt_buf msg;
        mt_buf_init(&msg);
        size_t n = 0, i = subcommand(cmd, go_val);
        bool is_run = strcmp(sh_cmd_arg(cmd, i), "run") == 0;
        while ((i = sh_cmd_next_positional(cmd, i, go_val)) != 0) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            const char *p = w->value;
            if (w->dynamic || p[0] == '.' || p[0] == '/' || mt_endswith(p, ".go"))
                continue;
            size_t first = strcspn(p, "/@");
            if (!memchr(p, '.', first)) {
                if (is_run)
                    break; /* arguments of the program */
                continue;  /* std packages and module-local paths */
            }
            const char *at = strchr(p, '@');
            if (!at || !at[1] || strcmp(at + 1, "latest") == 0) {
                mt_buf_printf(&msg, "%s%s", n ? ", " : "", p);
                n++;
            }
            if (is_run)
                break;
        }
        if (n)
            df_emit(c, r, in, "Pin versions in go %s: %s", sh_cmd_arg(cmd, subcommand(cmd, go_val)),
                    msg.data);
        mt_buf_free(&msg);
    }
}

/* ---- build tools in the final stage ---- */

static const char *const build_tools[] = {
    "gcc", "g++", "gcc-c++", "clang", "make", "cmake", "build-essential", "build-base",
    "autoconf", "automake", "libtool", "gfortran", "golang", "golang-go", "go", "rustc",
    "cargo", "maven", "gradle", "ninja-build", "meson", NULL};

static bool is_build_tool(const char *pkg)
{
    size_t n = strcspn(pkg, "=<>~:");
    for (const char *const *t = build_tools; *t; t++) {
        if (strlen(*t) == n && strncmp(pkg, *t, n) == 0)
            return true;
        /* gcc-12, g++-12, clang-15 */
        size_t tl = strlen(*t);
        if (n > tl + 1 && strncmp(pkg, *t, tl) == 0 && pkg[tl] == '-' && isdigit((unsigned char)pkg[tl + 1]))
            return true;
    }
    return false;
}

static bool removes(const sh_cmd *cmd, const char *pkg, const char *virt)
{
    static const char *const rm_apt[] = {"remove", "purge", "autoremove", NULL};
    static const char *const rm_apk[] = {"del", NULL};
    static const char *const rm_rpm[] = {"remove", "erase", "autoremove", NULL};
    bool rm = ((sh_cmd_is(cmd, "apt-get") || sh_cmd_is(cmd, "apt")) && subcommand_is(cmd, apt_val, rm_apt)) ||
              (sh_cmd_is(cmd, "apk") && subcommand_is(cmd, apk_val, rm_apk)) ||
              ((is_yum(cmd) || is_dnf(cmd)) && subcommand_is(cmd, rpm_val, rm_rpm));
    if (!rm)
        return false;
    size_t pl = strcspn(pkg, "=<>~:");
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *a = sh_cmd_arg(cmd, i);
        if ((strlen(a) == pl && strncmp(a, pkg, pl) == 0) || (virt && strcmp(a, virt) == 0))
            return true;
    }
    return false;
}

DF_CHECK(df_check_build_tools)
{
    int s = df_final_stage(c);
    if (s < 0)
        return;
    const df_stage *st = c->df->stages[s];
    for (size_t k = st->first; k <= st->last; k++) {
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        for (size_t q = 0; q < run->sh.ncmds; q++) {
            const sh_cmd *cmd = &run->sh.cmds[q];
            bool inst = is_pkg_install(cmd) || ((is_yum(cmd) || is_dnf(cmd)) && rpm_is_install(cmd));
            if (!inst)
                continue;
            const char *virt = sh_cmd_is(cmd, "apk") ? sh_cmd_opt_value(cmd, 't', "--virtual") : NULL;
            mt_buf msg;
            mt_buf_init(&msg);
            size_t n = 0;
            for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
                const char *pkg = sh_cmd_arg(cmd, i);
                if (pkg[0] == '-' || !is_build_tool(pkg))
                    continue;
                bool removed = false;
                for (size_t m = k; m <= st->last && !removed; m++) {
                    const df_run *later = c->runs[m];
                    for (size_t z = 0; later && z < later->sh.ncmds && !removed; z++)
                        removed = removes(&later->sh.cmds[z], pkg, virt);
                }
                if (!removed) {
                    mt_buf_printf(&msg, "%s%s", n ? ", " : "", pkg);
                    n++;
                }
            }
            if (n)
                df_emit(c, r, c->df->instrs[k], "Build tools stay in the final image: %s", msg.data);
            mt_buf_free(&msg);
        }
    }
}
