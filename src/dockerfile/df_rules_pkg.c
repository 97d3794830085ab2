/* df_rules_pkg.c — checks on package-manager commands inside RUN: apt-get,
 * apk, yum, dnf/microdnf, zypper, pip, npm, yarn, gem and go. */
#include "dockerfile/df_rules.h"

#include <ctype.h>
#include <stdlib.h>
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
        if (mt_streq(s, *n))
            return true;
    }
    return false;
}

/* The unpinned packages of one RUN, so that a RUN is reported once even
 * when several of its commands install something. */
typedef struct pins {
    mt_buf list;
    size_t n;
    size_t at;        /* instruction index the list belongs to */
    const char *what; /* "apt-get install", for the message */
} pins;

static void pins_init(pins *p)
{
    mt_buf_init(&p->list);
    p->n = 0;
    p->at = SIZE_MAX;
    p->what = NULL;
}

/* Reports the list gathered so far, if any, and empties it. */
static void pins_flush(df_ctx *c, const mt_rule *r, pins *p)
{
    if (p->n)
        df_emit(c, r, c->df->instrs[p->at], "Pin versions in %s: %s", p->what, p->list.data);
    mt_buf_free(&p->list);
    mt_buf_init(&p->list);
    p->n = 0;
}

/* Starts collecting for instruction k (flushing another RUN's list). */
static void pins_at(df_ctx *c, const mt_rule *r, pins *p, size_t k, const char *what)
{
    if (p->at != k) {
        pins_flush(c, r, p);
        p->at = k;
        p->what = what;
    }
}

static void pins_add(pins *p, const char *pkg)
{
    if (p->n)
        mt_buf_puts(&p->list, ", ");
    mt_buf_puts(&p->list, pkg);
    p->n++;
}

/* Adds the packages (positionals after the subcommand) that `pinned`
 * rejects. Words with variables are not judged. */
static void unpinned(const sh_cmd *cmd, const char *const *with_value, bool (*pinned)(const char *),
                     pins *p)
{
    size_t i = subcommand(cmd, with_value);
    while (i && (i = sh_cmd_next_positional(cmd, i, with_value)) != 0) {
        const sh_word *w = &cmd->words[cmd->argi + i];
        if (!w->dynamic && *w->value && !pinned(w->value))
            pins_add(p, w->value);
    }
}

/* True when `dir` is `path` or one of its ancestor folders ("/var/lib/apt"
 * covers "/var/lib/apt/lists"). A trailing slash on dir is ignored. */
static bool covers_path(const char *dir, size_t dl, const char *path)
{
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    return strncmp(dir, path, dl) == 0 && (path[dl] == '\0' || path[dl] == '/');
}

/* The target of a --mount=type=cache (or type=tmpfs) flag, whose content
 * never reaches the layer; NULL for other flags. Sets *len. */
static const char *cache_mount_target(const df_flag *f, size_t *len)
{
    if (strcmp(f->name, "mount") != 0 || !f->value)
        return NULL;
    bool cache = false;
    const char *target = NULL;
    for (const char *p = f->value; *p;) {
        size_t n = strcspn(p, ",");
        if ((n == 10 && strncmp(p, "type=cache", 10) == 0) ||
            (n == 10 && strncmp(p, "type=tmpfs", 10) == 0))
            cache = true;
        static const char *const keys[] = {"target=", "dst=", "destination=", NULL};
        for (const char *const *key = keys; *key; key++) {
            size_t kl = strlen(*key);
            if (n > kl && strncmp(p, *key, kl) == 0) {
                target = p + kl;
                *len = n - kl;
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return cache ? target : NULL;
}

/* A cache or tmpfs mount on `path` or on a folder above it. */
static bool has_cache_mount(const df_instr *in, const char *path)
{
    for (size_t k = 0; k < in->nflags; k++) {
        size_t tl = 0;
        const char *t = cache_mount_target(&in->flags[k], &tl);
        if (t && covers_path(t, tl, path))
            return true;
    }
    return false;
}

/* Index + 1 of the last command of the RUN matching pred, or 0. */
static size_t last_of(const df_run *run, bool (*pred)(const sh_cmd *))
{
    for (size_t k = run->sh.ncmds; k-- > 0;) {
        if (pred(&run->sh.cmds[k]))
            return k + 1;
    }
    return 0;
}

/* True when a command from index `from` on matches pred. */
static bool any_from(const df_run *run, size_t from, bool (*pred)(const sh_cmd *))
{
    for (size_t k = from; k < run->sh.ncmds; k++) {
        if (pred(&run->sh.cmds[k]))
            return true;
    }
    return false;
}

/* True when the RUN does what `made` matches (installs, updates an index)
 * and does not follow the last of those with what `clean` matches: a
 * clean-up before the install leaves the new files in the layer. */
static bool left_behind(const df_run *run, bool (*made)(const sh_cmd *), bool (*clean)(const sh_cmd *))
{
    size_t last = last_of(run, made);
    return last && !any_from(run, last, clean);
}

/* rm of `path`, of something inside it (the files of /var/lib/apt/lists)
 * or of a folder above it (rm -rf /var/cache removes /var/cache/apk too). */
static bool rm_of(const sh_cmd *cmd, const char *path)
{
    if (sh_cmd_prog(cmd) != SH_PROG_RM)
        return false;
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *a = sh_cmd_arg(cmd, i);
        if (a[0] == '-')
            continue;
        if (mt_startswith(a, path))
            return true;
        size_t n = strlen(a);
        while (n > 1 && (a[n - 1] == '*' || a[n - 1] == '/'))
            n--;
        if (n > 1 && covers_path(a, n, path))
            return true;
    }
    return false;
}

/* ---- apt ---- */

static const char *const apt_val[] = {"-o", "-c", "-t", "--target-release", "--option",
                                      "--config-file", "-a", "--host-architecture", NULL};
static const char *const install_names[] = {"install", NULL};
static const char *const apk_val[] = {"-t", "--virtual", "-X", "--repository", "-p", "--root",
                                      "--keys-dir", "--arch", "--repositories-file",
                                      "--cache-dir", NULL};

/* apt-get or apt */
static bool is_apt(const sh_cmd *cmd)
{
    sh_prog p = sh_cmd_prog(cmd);
    return p == SH_PROG_APT_GET || p == SH_PROG_APT;
}

static bool is_apt_get_install(const sh_cmd *cmd)
{
    return sh_cmd_prog(cmd) == SH_PROG_APT_GET && subcommand_is(cmd, apt_val, install_names);
}

static bool apt_pinned(const char *p)
{
    return strchr(p, '=') || strchr(p, '/') || mt_endswith(p, ".deb");
}

DF_CHECK(df_check_apt_pin)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_apt_get_install(cmd))
            continue;
        pins_at(c, r, &p, k, "apt-get install");
        unpinned(cmd, apt_val, apt_pinned, &p);
    }
    pins_flush(c, r, &p);
}

/* `yes | tool ...`: the prompt is answered. `cmd` points into run's list. */
static bool piped_from_yes(const df_run *run, const sh_cmd *cmd)
{
    if (!cmd->piped_in)
        return false;
    /* The previous command of the same nesting level feeds the pipe;
     * commands of substitutions in between are listed before it. */
    for (size_t k = (size_t)(cmd - run->sh.cmds); k-- > 0;) {
        const sh_cmd *prev = &run->sh.cmds[k];
        if (prev->depth > cmd->depth)
            continue;
        return prev->depth == cmd->depth && prev->sep == SH_SEP_PIPE &&
               sh_cmd_prog(prev) == SH_PROG_YES;
    }
    return false;
}

/* -y, --yes, --assume-yes, -o APT::Get::Assume-Yes=true, or quiet level 2
 * (-qq, -q -q, -q=2, --quiet=2), which implies -y. */
static bool apt_assume_yes(const sh_cmd *cmd)
{
    static const char *const yes[] = {"--yes", "--assume-yes", NULL};
    if (sh_cmd_has_short(cmd, 'y') || sh_cmd_has_any(cmd, yes))
        return true;
    int q = 0;
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *w = sh_cmd_arg(cmd, i);
        if (strchr(w, '=') && (df_has_setting_ci(w, "APT::Get::Assume-Yes", "true") ||
                               df_has_setting_ci(w, "APT::Get::Assume-Yes", "1")))
            return true;
        if (strcmp(w, "--quiet") == 0) {
            q++;
        } else if (mt_startswith(w, "--quiet=") || mt_startswith(w, "-q=")) {
            q += (int)strtol(strchr(w, '=') + 1, NULL, 10);
        } else if (w[0] == '-' && w[1] != '-') {
            /* a short cluster such as -qq or -qqs */
            for (const char *p = w + 1; isalpha((unsigned char)*p); p++)
                q += *p == 'q';
        }
    }
    return q >= 2;
}

DF_CHECK(df_check_apt_yes)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    size_t last = SIZE_MAX; /* one finding per RUN */
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !is_apt_get_install(cmd) || apt_assume_yes(cmd) || piped_from_yes(c->runs[k], cmd))
            continue;
        df_emit(c, r, in, "apt-get install without -y waits for confirmation");
        last = k;
    }
}

DF_CHECK(df_check_apt_recommends)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !is_apt_get_install(cmd))
            continue;
        static const char *const opt[] = {"--no-install-recommends", NULL};
        bool ok = sh_cmd_has_any(cmd, opt);
        for (size_t i = 1; i < sh_cmd_argc(cmd) && !ok; i++) {
            const char *w = sh_cmd_arg(cmd, i);
            ok = strchr(w, '=') && (df_has_setting_ci(w, "APT::Install-Recommends", "false") ||
                                    df_has_setting_ci(w, "APT::Install-Recommends", "0"));
        }
        if (!ok) {
            df_emit(c, r, in, "apt-get install without --no-install-recommends");
            last = k;
        }
    }
}

DF_CHECK(df_check_apt_cli)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k != last && sh_cmd_prog(cmd) == SH_PROG_APT && sh_cmd_argc(cmd) > 1) {
            df_emit(c, r, in, "apt is meant for interactive use; use apt-get or apt-cache");
            last = k;
        }
    }
}

DF_CHECK(df_check_apt_upgrade)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    static const char *const up[] = {"dist-upgrade", "full-upgrade", NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        bool apt = is_apt(cmd);
        if (k != last && apt && subcommand_is(cmd, apt_val, up)) {
            df_emit(c, r, in, "%s %s changes the distribution under the base image", sh_cmd_name(cmd),
                    sh_cmd_arg(cmd, subcommand(cmd, apt_val)));
            last = k;
        }
    }
}

static bool is_apt_update(const sh_cmd *cmd)
{
    static const char *const upd[] = {"update", NULL};
    return is_apt(cmd) && subcommand_is(cmd, apt_val, upd);
}

static bool is_apt_lists_rm(const sh_cmd *cmd)
{
    return rm_of(cmd, "/var/lib/apt/lists");
}

DF_CHECK(df_check_apt_lists)
{
    if (!df_uses(c, DF_FAM_APT))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        const df_run *run = c->runs[k];
        if (!run || !run->posix || in->stage < 0 || !df_stage_is_used_as_base(c, in->stage))
            continue;
        if (!left_behind(run, is_apt_update, is_apt_lists_rm))
            continue;
        /* A cache or tmpfs mount on the lists, or on /var/lib/apt above
         * them (hadolint also wants /var/cache/apt mounted then). */
        if (has_cache_mount(in, "/var/lib/apt/lists"))
            continue;
        df_emit(c, r, in, "apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN");
    }
}

/* Commands that read the package index: installs, upgrades and downloads.
 * An index update followed by one of them in the same RUN is fine. */
static bool uses_index(const sh_cmd *cmd)
{
    static const char *const apt_use[] = {"install", "reinstall", "upgrade", "dist-upgrade",
                                          "full-upgrade", "build-dep", "source", "download",
                                          NULL};
    static const char *const apk_use[] = {"add", "upgrade", "fix", "fetch", NULL};
    if (sh_cmd_prog(cmd) == SH_PROG_XARGS) {
        /* xargs apt-get install -y < packages.txt: judge the command xargs
         * runs (the first word naming a package manager). */
        for (size_t i = cmd->argi + 1; i < cmd->nwords; i++) {
            const char *b = mt_basename(cmd->words[i].value);
            if (strcmp(b, "apt-get") == 0 || strcmp(b, "apt") == 0 || strcmp(b, "apk") == 0) {
                sh_cmd inner = *cmd;
                inner.argi = i;
                return uses_index(&inner);
            }
        }
        return false;
    }
    if (sh_cmd_prog(cmd) == SH_PROG_APK)
        return subcommand_is(cmd, apk_val, apk_use);
    if (is_apt(cmd))
        return subcommand_is(cmd, apt_val, apt_use);
    return false;
}

static bool is_index_update(const sh_cmd *cmd)
{
    static const char *const upd[] = {"update", NULL};
    return is_apt_update(cmd) ||
           (sh_cmd_prog(cmd) == SH_PROG_APK && subcommand_is(cmd, apk_val, upd));
}

DF_CHECK(df_check_update_alone)
{
    if (!df_uses(c, DF_FAM_APT | DF_FAM_APK))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        if (left_behind(run, is_index_update, uses_index))
            df_emit(c, r, c->df->instrs[k],
                    "The package index is updated in a RUN that installs nothing");
    }
}

/* ---- apk ---- */

static bool is_apk(const sh_cmd *cmd, const char *sub)
{
    const char *const names[] = {sub, NULL};
    return sh_cmd_prog(cmd) == SH_PROG_APK && subcommand_is(cmd, apk_val, names);
}

static bool apk_pinned(const char *p)
{
    return strpbrk(p, "=~<>") || mt_endswith(p, ".apk");
}

DF_CHECK(df_check_apk_pin)
{
    if (!df_uses(c, DF_FAM_APK))
        return;
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_apk(cmd, "add"))
            continue;
        pins_at(c, r, &p, k, "apk add");
        unpinned(cmd, apk_val, apk_pinned, &p);
    }
    pins_flush(c, r, &p);
}

static bool is_apk_cache_rm(const sh_cmd *cmd)
{
    return rm_of(cmd, "/var/cache/apk") || rm_of(cmd, "/etc/apk/cache");
}

DF_CHECK(df_check_apk_cache)
{
    if (!df_uses(c, DF_FAM_APK))
        return;
    static const char *const nc[] = {"--no-cache", NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !is_apk(cmd, "add") || sh_cmd_has_any(cmd, nc))
            continue;
        if (has_cache_mount(in, "/var/cache/apk"))
            continue;
        /* Deleting the cache in the same RUN keeps it out of the layer too. */
        if (any_from(c->runs[k], (size_t)(cmd - c->runs[k]->sh.cmds) + 1, is_apk_cache_rm))
            continue;
        df_emit(c, r, in, "apk add without --no-cache leaves the index cache in the image");
        last = k;
    }
}

DF_CHECK(df_check_apk_upgrade)
{
    if (!df_uses(c, DF_FAM_APK))
        return;
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k != last && is_apk(cmd, "upgrade")) {
            df_emit(c, r, in, "apk upgrade changes packages of the base image");
            last = k;
        }
    }
}

/* ---- yum / dnf / microdnf ---- */

/* Options of yum, dnf and microdnf that take a separate value. */
static const char *const rpm_val[] = {"-c", "--config", "--installroot", "--releasever",
                                      "--enablerepo", "--disablerepo", "--setopt", "-x",
                                      "--exclude", "--repo", "--repoid", "--repofrompath",
                                      "-d", "--debuglevel", "-e", "--errorlevel",
                                      "--rpmverbosity", "--downloaddir", "--destdir",
                                      "--forcearch", "--color", "--comment", "--disableplugin",
                                      "--enableplugin", "--exclude-from", "--advisory",
                                      "--advisories", "--bz", "--cve", "--sec-severity",
                                      "--secseverity", NULL};
static const char *const rpm_install[] = {"install", "groupinstall", "localinstall", NULL};

static bool is_yum(const sh_cmd *cmd)
{
    return sh_cmd_prog(cmd) == SH_PROG_YUM;
}

static bool is_dnf(const sh_cmd *cmd)
{
    sh_prog p = sh_cmd_prog(cmd);
    return p == SH_PROG_DNF || p == SH_PROG_MICRODNF || p == SH_PROG_DNF5;
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

/* name-version[-release][.arch]: the last dash-separated part starts with a
 * digit and holds only version characters (tzdata-2024a, curl-7.76.1-26.el9,
 * but not java-17-openjdk). Also pinned: .rpm files and URLs, version
 * relations ("foo >= 1.2"), groups (@core) and capabilities (/usr/bin/x,
 * dnf-command(config-manager)), which name no version. */
static bool rpm_pinned(const char *p)
{
    if (mt_endswith(p, ".rpm") || p[0] == '@' || p[0] == '/' || strpbrk(p, "=<>()"))
        return true;
    const char *last = strrchr(p, '-');
    if (!last || last == p || !isdigit((unsigned char)last[1]))
        return false;
    for (const char *q = last + 1; *q; q++) {
        if (!isalnum((unsigned char)*q) && !strchr(".~^_:+*", *q))
            return false;
    }
    return true;
}

static bool module_pinned(const char *p)
{
    return strchr(p, ':') != NULL;
}

static void rpm_pin(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_tool(cmd) || !rpm_is_install(cmd))
            continue;
        pins_at(c, r, &p, k, mt_arena_printf(c->arena, "%s install", sh_cmd_name(cmd)));
        size_t sub = subcommand(cmd, rpm_val);
        if (strcmp(sh_cmd_arg(cmd, sub), "module") != 0) {
            unpinned(cmd, rpm_val, rpm_pinned, &p);
            continue;
        }
        /* module install NAME:STREAM[/PROFILE] */
        size_t i = sh_cmd_next_positional(cmd, sub, rpm_val);
        while ((i = sh_cmd_next_positional(cmd, i, rpm_val)) != 0) {
            const char *w = sh_cmd_arg(cmd, i);
            if (!module_pinned(w) && !cmd->words[cmd->argi + i].dynamic)
                pins_add(&p, w);
        }
    }
    pins_flush(c, r, &p);
}

DF_CHECK(df_check_yum_pin)
{
    if (!df_uses(c, DF_FAM_YUM))
        return;
    rpm_pin(c, r, is_yum);
}

DF_CHECK(df_check_dnf_pin)
{
    if (!df_uses(c, DF_FAM_DNF))
        return;
    rpm_pin(c, r, is_dnf);
}

static void rpm_yes(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !is_tool(cmd) || !rpm_is_install(cmd) || rpm_assume_yes(cmd) ||
            piped_from_yes(c->runs[k], cmd))
            continue;
        df_emit(c, r, in, "%s install without -y waits for confirmation", sh_cmd_name(cmd));
        last = k;
    }
}

DF_CHECK(df_check_yum_yes)
{
    if (!df_uses(c, DF_FAM_YUM))
        return;
    rpm_yes(c, r, is_yum);
}

DF_CHECK(df_check_dnf_yes)
{
    if (!df_uses(c, DF_FAM_DNF))
        return;
    rpm_yes(c, r, is_dnf);
}

static void rpm_update(df_ctx *c, const mt_rule *r, bool (*is_tool)(const sh_cmd *))
{
    static const char *const up[] = {"update", "upgrade", "update-minimal", "upgrade-minimal",
                                     NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k != last && is_tool(cmd) && subcommand_is(cmd, rpm_val, up)) {
            df_emit(c, r, in, "%s %s changes packages of the base image", sh_cmd_name(cmd),
                    sh_cmd_arg(cmd, subcommand(cmd, rpm_val)));
            last = k;
        }
    }
}

DF_CHECK(df_check_yum_update)
{
    if (!df_uses(c, DF_FAM_YUM))
        return;
    rpm_update(c, r, is_yum);
}

DF_CHECK(df_check_dnf_update)
{
    if (!df_uses(c, DF_FAM_DNF))
        return;
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
        size_t last = 0; /* index + 1 of the last install */
        for (size_t q = 0; q < run->sh.ncmds; q++) {
            if (is_tool(&run->sh.cmds[q]) && rpm_is_install(&run->sh.cmds[q]))
                last = q + 1;
        }
        if (!last || any_from(run, last, is_rpm_clean))
            continue;
        if (has_cache_mount(in, "/var/cache/yum") || has_cache_mount(in, "/var/cache/dnf"))
            continue;
        df_emit(c, r, in, "%s install without '%s clean all' in the same RUN", tool, tool);
    }
}

DF_CHECK(df_check_yum_clean)
{
    if (!df_uses(c, DF_FAM_YUM))
        return;
    rpm_clean(c, r, is_yum, "yum");
}

DF_CHECK(df_check_dnf_clean)
{
    if (!df_uses(c, DF_FAM_DNF))
        return;
    rpm_clean(c, r, is_dnf, "dnf");
}

/* ---- zypper ---- */

static const char *const zyp_val[] = {"--root", "-R", "-c", "--config", "-r", "--repo",
                                      "--from", "-t", "--type", NULL};

static bool zypper_sub(const sh_cmd *cmd, const char *const *names)
{
    return sh_cmd_prog(cmd) == SH_PROG_ZYPPER && subcommand_is(cmd, zyp_val, names);
}

static const char *const zyp_install[] = {"install", "in", NULL};

DF_CHECK(df_check_zypper_yes)
{
    if (!df_uses(c, DF_FAM_ZYPPER))
        return;
    /* Every subcommand that asks before changing the system: hadolint's
     * install/remove/source-install/patch, plus update and dist-upgrade. */
    static const char *const subs[] = {"install", "in", "remove", "rm", "source-install", "si",
                                       "patch", "update", "up", "dist-upgrade", "dup", NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !zypper_sub(cmd, subs) || piped_from_yes(c->runs[k], cmd))
            continue;
        /* -n is the global --non-interactive only before the subcommand;
         * after it (zypper in -n) it means --name. -y / --no-confirm belong
         * to the subcommand. */
        size_t sub = subcommand(cmd, zyp_val);
        bool ok = false;
        for (size_t i = 1; i < sh_cmd_argc(cmd) && !ok; i++) {
            const char *w = sh_cmd_arg(cmd, i);
            ok = strcmp(w, "--non-interactive") == 0 || strcmp(w, "--no-confirm") == 0 ||
                 strcmp(w, "-y") == 0 || (i < sub && strcmp(w, "-n") == 0);
            if (!ok && w[0] == '-' && w[1] != '-') {
                for (const char *p = w + 1; isalpha((unsigned char)*p) && !ok; p++)
                    ok = *p == 'y' || (i < sub && *p == 'n');
            }
        }
        if (!ok) {
            df_emit(c, r, in, "zypper %s without -n/-y waits for confirmation",
                    sh_cmd_arg(cmd, sub));
            last = k;
        }
    }
}

DF_CHECK(df_check_zypper_dist_upgrade)
{
    if (!df_uses(c, DF_FAM_ZYPPER))
        return;
    static const char *const dup[] = {"dist-upgrade", "dup", NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k != last && zypper_sub(cmd, dup)) {
            df_emit(c, r, in, "zypper dist-upgrade changes the distribution under the base image");
            last = k;
        }
    }
}

static bool is_zypper_install(const sh_cmd *cmd)
{
    return zypper_sub(cmd, zyp_install);
}

static bool is_zypper_clean(const sh_cmd *cmd)
{
    static const char *const clean[] = {"clean", "cc", NULL};
    return zypper_sub(cmd, clean) || rm_of(cmd, "/var/cache/zypp");
}

DF_CHECK(df_check_zypper_clean)
{
    if (!df_uses(c, DF_FAM_ZYPPER))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        const df_instr *in = c->df->instrs[k];
        if (!run || !run->posix || !left_behind(run, is_zypper_install, is_zypper_clean))
            continue;
        if (has_cache_mount(in, "/var/cache/zypp"))
            continue;
        df_emit(c, r, in, "zypper install without 'zypper clean' in the same RUN");
    }
}

static bool zypper_pinned(const char *p)
{
    return strpbrk(p, "=<>") || mt_endswith(p, ".rpm");
}

DF_CHECK(df_check_zypper_pin)
{
    if (!df_uses(c, DF_FAM_ZYPPER))
        return;
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (!is_zypper_install(cmd))
            continue;
        pins_at(c, r, &p, k, "zypper install");
        unpinned(cmd, zyp_val, zypper_pinned, &p);
    }
    pins_flush(c, r, &p);
}

/* ---- pip ---- */

/* Options of pip and of pip install that take a separate value. */
static const char *const pip_val[] = {
    "--index-url", "-i", "--extra-index-url", "--find-links", "-f", "--target", "-t",
    "--prefix", "--root", "--trusted-host", "--platform", "--python-version",
    "--implementation", "--abi", "--src", "--cache-dir", "--log", "--log-file", "--proxy",
    "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
    "--upgrade-strategy", "--progress-bar", "--report", "--config-settings", "-C",
    "--global-option", "--build-option", "--install-option", "--no-binary", "--only-binary",
    "--root-user-action", "--python", "--keyring-provider", "--use-feature",
    "--use-deprecated", "-c", "--constraint", "-r", "--requirement", "-e", "--editable", NULL};

/* stem followed by an optional version: pip, pip3, pip3.12, python3.12
 * (not pipx or pipenv). */
static bool is_versioned(const char *n, const char *stem)
{
    size_t sl = strlen(stem);
    if (n[0] != stem[0] || strncmp(n, stem, sl) != 0)
        return false;
    for (n += sl; *n; n++) {
        if (!isdigit((unsigned char)*n) && *n != '.')
            return false;
    }
    return true;
}

/* Index (from argi) of "install" for pip / python -m pip, or 0. */
static size_t pip_install_at(const sh_cmd *cmd)
{
    const char *n = sh_cmd_name(cmd);
    size_t base = 0;
    if (is_versioned(n, "python")) {
        /* python3 [-u -I ...] -m pip */
        size_t i = 1;
        while (sh_cmd_arg(cmd, i) && sh_cmd_arg(cmd, i)[0] == '-' && strcmp(sh_cmd_arg(cmd, i), "-m"))
            i++;
        const char *mod = sh_cmd_arg(cmd, i + 1);
        if (!sh_cmd_arg(cmd, i) || !mod || !is_versioned(mod, "pip"))
            return 0;
        base = i + 1;
    } else if (!is_versioned(n, "pip")) {
        return 0;
    }
    size_t i = sh_cmd_next_positional(cmd, base, pip_val);
    return i && strcmp(sh_cmd_arg(cmd, i), "install") == 0 ? i : 0;
}

/* Pinned: a version specifier (==, >=, <=, !=, ~=, <, >), an archive, a
 * path or URL, or a VCS URL with @ref after the host. */
static bool pip_pinned(const char *p)
{
    if (mt_startswith(p, "git+") || mt_startswith(p, "hg+") || mt_startswith(p, "svn+") ||
        mt_startswith(p, "bzr+")) {
        /* git+https://user@host/org/repo.git@v1.2#egg=name: the user part
         * before the path does not count. */
        const char *sep = strstr(p, "://");
        const char *path = sep ? strchr(sep + 3, '/') : strchr(p, '/');
        if (!path)
            return false;
        size_t n = strcspn(path, "#");
        const char *at = memchr(path, '@', n);
        return at && at + 1 < path + n;
    }
    if (mt_endswith(p, ".whl") || mt_endswith(p, ".tar.gz") || mt_endswith(p, ".tgz") ||
        mt_endswith(p, ".tar.bz2") || mt_endswith(p, ".zip"))
        return true;
    return strpbrk(p, "=<>/") != NULL || strcmp(p, ".") == 0;
}

/* Requirement or constraint files pin what they list (-r, -rfile,
 * --requirement=file, -c, --constraint), and so does installing the local
 * project ("."). */
static bool pip_from_files(const sh_cmd *cmd)
{
    static const char *const exempt[] = {"--requirement", "--constraint", ".", NULL};
    if (sh_cmd_has_any(cmd, exempt))
        return true;
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *w = sh_cmd_arg(cmd, i);
        if (w[0] == '-' && (w[1] == 'r' || w[1] == 'c'))
            return true;
    }
    return false;
}

DF_CHECK(df_check_pip_pin)
{
    if (!df_uses(c, DF_FAM_PIP))
        return;
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        size_t at = pip_install_at(cmd);
        if (!at || pip_from_files(cmd))
            continue;
        pins_at(c, r, &p, k, "pip install");
        for (size_t i = at; (i = sh_cmd_next_positional(cmd, i, pip_val)) != 0;) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            if (!w->dynamic && *w->value && !pip_pinned(w->value))
                pins_add(&p, w->value);
        }
    }
    pins_flush(c, r, &p);
}

static bool truthy(const char *v)
{
    return v && (!strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
                 !strcasecmp(v, "yes"));
}

/* PIP_NO_CACHE_DIR=<true> among these words. */
static bool sets_no_cache_dir(const sh_word *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (mt_startswith(w[i].value, "PIP_NO_CACHE_DIR=") && truthy(w[i].value + 17))
            return true;
    }
    return false;
}

/* PIP_NO_CACHE_DIR set for this pip command by the shell: as a prefix
 * assignment, through env, or by an earlier export or assignment. */
static bool shell_no_cache_dir(const df_run *run, const sh_cmd *cmd)
{
    if (sets_no_cache_dir(cmd->assigns, cmd->nassigns) || sets_no_cache_dir(cmd->words, cmd->argi))
        return true;
    for (const sh_cmd *prev = run->sh.cmds; prev < cmd; prev++) {
        if (prev->nwords == 0 && sets_no_cache_dir(prev->assigns, prev->nassigns))
            return true;
        if (sh_cmd_prog(prev) == SH_PROG_EXPORT && sets_no_cache_dir(prev->words, prev->nwords))
            return true;
    }
    return false;
}

/* A cache or tmpfs mount on pip's cache: ~/.cache/pip or ~/.cache of any
 * user, or /root/.cache/pip. */
static bool pip_cache_mount(const df_instr *in)
{
    for (size_t k = 0; k < in->nflags; k++) {
        size_t tl = 0;
        const char *t = cache_mount_target(&in->flags[k], &tl);
        while (t && tl > 1 && t[tl - 1] == '/')
            tl--;
        if (t && ((tl >= 7 && strncmp(t + tl - 7, "/.cache", 7) == 0) ||
                  (tl >= 11 && strncmp(t + tl - 11, "/.cache/pip", 11) == 0)))
            return true;
    }
    return false;
}

DF_CHECK(df_check_pip_cache)
{
    if (!df_uses(c, DF_FAM_PIP))
        return;
    static const char *const nc[] = {"--no-cache-dir", NULL};
    size_t last = SIZE_MAX;
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (k == last || !pip_install_at(cmd) || sh_cmd_has_any(cmd, nc))
            continue;
        /* ENV or ARG of this stage or of a stage it builds on */
        if (truthy(df_var_at(c->df, k, "PIP_NO_CACHE_DIR", 16, c->arena)))
            continue;
        if (shell_no_cache_dir(c->runs[k], cmd) || pip_cache_mount(in))
            continue;
        df_emit(c, r, in, "pip install without --no-cache-dir keeps the download cache");
        last = k;
    }
}

/* ---- npm / yarn ---- */

/* A package spec of npm install that names a fixed version: name@version
 * (not @latest), @scope/name@version, a tarball, a local folder, or a git
 * URL / GitHub shorthand (user/repo, github:user/repo) with #ref. */
static bool npm_pinned(const char *p)
{
    if (mt_endswith(p, ".tar") || mt_endswith(p, ".tgz") || mt_endswith(p, ".tar.gz") ||
        p[0] == '/' || mt_startswith(p, "./") || mt_startswith(p, "../") ||
        mt_startswith(p, "~/") || strcmp(p, ".") == 0 || strcmp(p, "..") == 0 ||
        mt_startswith(p, "file:"))
        return true;
    static const char *const git[] = {"git:", "git+", "git@", "github:", "gitlab:",
                                      "bitbucket:", "gist:", "http:", "https:", NULL};
    bool remote = p[0] != '@' && strchr(p, '/') != NULL; /* user/repo shorthand */
    for (const char *const *g = git; *g && !remote; g++)
        remote = mt_startswith(p, *g);
    if (remote) {
        const char *hash = strchr(p, '#');
        return hash && hash[1];
    }
    /* alias:name@version (npm:pkg@1.2.3) pins through its target */
    const char *npm = strstr(p, "@npm:");
    if (npm)
        p = npm + 5;
    const char *at = strchr(p + (p[0] == '@'), '@');
    return at && at[1] && strcmp(at + 1, "latest") != 0;
}

DF_CHECK(df_check_npm_pin)
{
    if (!df_uses(c, DF_FAM_NODE))
        return;
    static const char *const npm_val[] = {"--registry", "--prefix", "--cache", "--tag",
                                          "--workspace", "-w", "--userconfig", "--loglevel",
                                          "--omit", "--include", "--install-strategy",
                                          "--before", "--location", "--globalconfig", NULL};
    static const char *const inst[] = {"install", "i", "add", "isntall", "in", "ins", "inst",
                                       "insta", "instal", "isnt", "isnta", "isntal", NULL};
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_prog(cmd) != SH_PROG_NPM || !subcommand_is(cmd, npm_val, inst))
            continue;
        pins_at(c, r, &p, k, "npm install");
        unpinned(cmd, npm_val, npm_pinned, &p);
    }
    pins_flush(c, r, &p);
}

/* Options of yarn (1 and berry) that take a separate value. */
static const char *const yarn_val[] = {"--cwd", "--cache-folder", "--modules-folder",
                                       "--registry", "--network-timeout", "--mutex",
                                       "--global-folder", "--link-folder", "--use-yarnrc",
                                       NULL};

static bool is_yarn_install(const sh_cmd *cmd)
{
    if (sh_cmd_prog(cmd) != SH_PROG_YARN)
        return false;
    size_t i = subcommand(cmd, yarn_val);
    if (!i)
        return true; /* bare `yarn` installs */
    const char *s = sh_cmd_arg(cmd, i);
    if (strcmp(s, "global") == 0 || strcmp(s, "workspace") == 0) {
        /* yarn global add x, yarn workspace NAME add x */
        if (strcmp(s, "workspace") == 0)
            i = sh_cmd_next_positional(cmd, i, yarn_val);
        i = i ? sh_cmd_next_positional(cmd, i, yarn_val) : 0;
        s = i ? sh_cmd_arg(cmd, i) : "";
    }
    return strcmp(s, "install") == 0 || strcmp(s, "add") == 0;
}

/* yarn cache clean, or rm of yarn's cache folder. */
static bool is_yarn_cache_clean(const sh_cmd *cmd)
{
    if (sh_cmd_prog(cmd) == SH_PROG_RM) {
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            if (strstr(sh_cmd_arg(cmd, i), ".cache/yarn") || strstr(sh_cmd_arg(cmd, i), ".yarn/cache") ||
                strstr(sh_cmd_arg(cmd, i), ".yarn/berry/cache"))
                return true;
        }
        return false;
    }
    if (sh_cmd_prog(cmd) != SH_PROG_YARN)
        return false;
    size_t i = subcommand(cmd, yarn_val);
    if (!i || strcmp(sh_cmd_arg(cmd, i), "cache") != 0)
        return false;
    i = sh_cmd_next_positional(cmd, i, yarn_val);
    return i && strcmp(sh_cmd_arg(cmd, i), "clean") == 0;
}

DF_CHECK(df_check_yarn_cache)
{
    if (!df_uses(c, DF_FAM_NODE))
        return;
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        const df_instr *in = c->df->instrs[k];
        if (!run || !run->posix || in->stage < 0 || !df_stage_is_used_as_base(c, in->stage))
            continue;
        if (!left_behind(run, is_yarn_install, is_yarn_cache_clean))
            continue;
        bool mount = false;
        for (size_t f = 0; f < in->nflags && !mount; f++) {
            size_t tl = 0;
            const char *t = cache_mount_target(&in->flags[f], &tl);
            while (t && tl > 1 && t[tl - 1] == '/')
                tl--;
            /* yarn's cache folder, or the ~/.cache holding it */
            mount = t && (memmem(t, tl, "yarn", 4) != NULL ||
                          (tl >= 7 && strncmp(t + tl - 7, "/.cache", 7) == 0));
        }
        if (!mount)
            df_emit(c, r, in, "yarn install without 'yarn cache clean' in the same RUN");
    }
}

/* ---- gem ---- */

/* name:version, or a local .gem file */
static bool gem_pinned(const char *p)
{
    return strchr(p, ':') || mt_endswith(p, ".gem");
}

DF_CHECK(df_check_gem_pin)
{
    if (!df_uses(c, DF_FAM_GEM))
        return;
    static const char *const gem_val[] = {"--source", "-s", "--install-dir", "-i", "--bindir",
                                          "-n", "--platform", "-P", "--trust-policy",
                                          "--build-root", NULL};
    static const char *const inst[] = {"install", "i", NULL};
    /* -v / --version pins every gem of the command */
    static const char *const ver[] = {"-v", "--version", NULL};
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_prog(cmd) != SH_PROG_GEM || !subcommand_is(cmd, gem_val, inst) ||
            sh_cmd_has_any(cmd, ver))
            continue;
        pins_at(c, r, &p, k, "gem install");
        unpinned(cmd, gem_val, gem_pinned, &p);
    }
    pins_flush(c, r, &p);
}

/* ---- go ---- */

/* A module query that names no fixed version: none, a moving query
 * (latest, upgrade, patch) or a common branch name. */
static bool go_unpinned_query(const char *at)
{
    static const char *const moving[] = {"latest", "upgrade", "patch", "master", "main", "HEAD",
                                         NULL};
    if (!at || !at[1])
        return true;
    for (const char *const *m = moving; *m; m++) {
        if (strcmp(at + 1, *m) == 0)
            return true;
    }
    return false;
}

DF_CHECK(df_check_go_pin)
{
    if (!df_uses(c, DF_FAM_GO))
        return;
    static const char *const subs[] = {"install", "get", "run", NULL};
    static const char *const go_val[] = {"-C", "-o", "-tags", "-ldflags", "-gcflags", "-asmflags",
                                         "-gccgoflags", "-mod", "-modfile", "-p", "-pkgdir",
                                         "-toolexec", "-overlay", "-exec", "-buildmode",
                                         "-compiler", "-installsuffix", "-pgo", "-covermode",
                                         "-coverpkg", NULL};
    pins p;
    pins_init(&p);
    DF_FOR_EACH_CMD(c, k, in, cmd)
    {
        if (sh_cmd_prog(cmd) != SH_PROG_GO || !subcommand_is(cmd, go_val, subs))
            continue;
        size_t i = subcommand(cmd, go_val);
        pins_at(c, r, &p, k, mt_arena_printf(c->arena, "go %s", sh_cmd_arg(cmd, i)));
        bool is_run = strcmp(sh_cmd_arg(cmd, i), "run") == 0, files = false;
        while ((i = sh_cmd_next_positional(cmd, i, go_val)) != 0) {
            const sh_word *w = &cmd->words[cmd->argi + i];
            const char *path = w->value;
            if (mt_endswith(path, ".go")) {
                files = true; /* go run main.go util.go: the main package's files */
                continue;
            }
            if (is_run && files)
                break; /* the program's arguments */
            /* Remote module paths start with a host name (github.com/...);
             * std packages, module-local paths and ./dirs do not. */
            size_t first = strcspn(path, "/@");
            bool remote = !w->dynamic && path[0] != '.' && path[0] != '/' && memchr(path, '.', first);
            if (remote && go_unpinned_query(strchr(w->value, '@')))
                pins_add(&p, w->value);
            if (is_run)
                break; /* what follows are the program's arguments */
        }
    }
    pins_flush(c, r, &p);
}

/* ---- build tools in the final stage ---- */

static const char *const build_tools[] = {
    "gcc", "g++", "gcc-c++", "clang", "make", "cmake", "build-essential", "build-base",
    "autoconf", "automake", "libtool", "gfortran", "golang", "golang-go", "go", "go-toolset",
    "rust", "rustc", "rust-toolset", "cargo", "maven", "gradle", "ninja-build", "meson",
    "gcc-toolset", "devtoolset", "pkgconf", "pkg-config", "bison", "flex", "nasm", NULL};

/* Is pkg the package `name`, maybe with a version: name=1.2 (apt, apk),
 * name-1.2-3.el9 (rpm), or a versioned package name such as gcc-12,
 * gcc-toolset-13, gcc12 or go1.21? */
static bool is_package(const char *pkg, const char *name)
{
    size_t nl = strlen(name);
    if (strncmp(pkg, name, nl) != 0)
        return false;
    const char *rest = pkg + nl;
    if (*rest == '\0' || strchr("=<>~:", *rest))
        return true;
    if (rest[0] == '-' && isdigit((unsigned char)rest[1]))
        return true;
    return isdigit((unsigned char)*rest) && strspn(rest, "0123456789.") == strlen(rest);
}

static bool is_build_tool(const char *pkg)
{
    for (const char *const *t = build_tools; *t; t++) {
        if (pkg[0] == (*t)[0] && is_package(pkg, *t))
            return true;
    }
    return false;
}

/* The value-taking options of a package install command (apk add, apt-get
 * install, yum/dnf install, zypper install), or NULL for other commands. */
static const char *const *install_opts(const sh_cmd *cmd)
{
    if (is_apk(cmd, "add"))
        return apk_val;
    if (is_apt(cmd) && subcommand_is(cmd, apt_val, install_names))
        return apt_val;
    if ((is_yum(cmd) || is_dnf(cmd)) && rpm_is_install(cmd))
        return rpm_val;
    if (is_zypper_install(cmd))
        return zyp_val;
    return NULL;
}

/* Does cmd uninstall pkg (or the apk virtual package virt)? */
static bool removes(const sh_cmd *cmd, const char *pkg, const char *virt)
{
    static const char *const rm_apt[] = {"remove", "purge", "autoremove", NULL};
    static const char *const rm_apk[] = {"del", NULL};
    static const char *const rm_rpm[] = {"remove", "erase", "autoremove", NULL};
    static const char *const rm_zyp[] = {"remove", "rm", NULL};
    bool rm = (is_apt(cmd) && subcommand_is(cmd, apt_val, rm_apt)) ||
              (sh_cmd_prog(cmd) == SH_PROG_APK && subcommand_is(cmd, apk_val, rm_apk)) ||
              ((is_yum(cmd) || is_dnf(cmd)) && subcommand_is(cmd, rpm_val, rm_rpm)) ||
              zypper_sub(cmd, rm_zyp);
    if (!rm)
        return false;
    size_t pl = strcspn(pkg, "=<>~:");
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        /* apt-get purge gcc removes gcc=4:12.2.0-3; dnf remove gcc removes
         * gcc-11.4.1-2.1.el9 (but apt-get purge gcc keeps gcc-12, which
         * is another package) */
        const char *a = sh_cmd_arg(cmd, i);
        if (a[0] == '-')
            continue;
        if ((strlen(a) == pl && strncmp(a, pkg, pl) == 0) || (virt && strcmp(a, virt) == 0))
            return true;
        size_t al = strlen(a);
        if (strncmp(pkg, a, al) != 0 || pkg[al] != '-')
            continue;
        const char *ver = pkg + al + 1;
        size_t vl = pl > al + 1 ? pl - al - 1 : 0;
        if (vl && isdigit((unsigned char)*ver) && strspn(ver, "0123456789") < vl)
            return true;
    }
    return false;
}

/* Is pkg, installed by command q of RUN k, removed later on the way to the
 * final image: after q in the same RUN, or by any later RUN of the chain
 * of stages (chain[0] builds on nothing known, chain[n-1] is final)? */
static bool removed_later(const df_ctx *c, const int *chain, int nchain, size_t k, size_t q,
                          const char *pkg, const char *virt)
{
    for (int j = 0; j < nchain; j++) {
        const df_stage *st = c->df->stages[chain[j]];
        for (size_t m = st->first; m <= st->last; m++) {
            const df_run *run = c->runs[m];
            if (!run || m < k)
                continue;
            for (size_t z = m == k ? q + 1 : 0; z < run->sh.ncmds; z++) {
                if (removes(&run->sh.cmds[z], pkg, virt))
                    return true;
            }
        }
    }
    return false;
}

DF_CHECK(df_check_build_tools)
{
    if (!df_uses(c, DF_FAM_APT | DF_FAM_APK | DF_FAM_YUM | DF_FAM_DNF | DF_FAM_ZYPPER))
        return;
    int s = df_final_stage(c);
    if (s < 0)
        return;
    /* The final stage and the stages it builds on (FROM builder), oldest
     * first: packages installed in any of them are in the final image. */
    int chain[64], nchain = 0;
    for (int t = s; t >= 0 && nchain < 64; t = c->df->stages[t]->parent)
        chain[nchain++] = t;
    for (int a = 0, b = nchain - 1; a < b; a++, b--) {
        int tmp = chain[a];
        chain[a] = chain[b];
        chain[b] = tmp;
    }
    for (int j = 0; j < nchain; j++) {
        const df_stage *st = c->df->stages[chain[j]];
        for (size_t k = st->first; k <= st->last; k++) {
            const df_run *run = c->runs[k];
            if (!run || !run->posix)
                continue;
            mt_buf msg;
            mt_buf_init(&msg);
            size_t n = 0;
            for (size_t q = 0; q < run->sh.ncmds; q++) {
                const sh_cmd *cmd = &run->sh.cmds[q];
                const char *const *opts = install_opts(cmd);
                if (!opts)
                    continue;
                const char *virt =
                    sh_cmd_prog(cmd) == SH_PROG_APK ? sh_cmd_opt_value(cmd, 't', "--virtual") : NULL;
                for (size_t i = subcommand(cmd, opts); (i = sh_cmd_next_positional(cmd, i, opts)) != 0;) {
                    const char *pkg = sh_cmd_arg(cmd, i);
                    if (!is_build_tool(pkg) || removed_later(c, chain + j, nchain - j, k, q, pkg, virt))
                        continue;
                    if (n)
                        mt_buf_puts(&msg, ", ");
                    mt_buf_puts(&msg, pkg);
                    n++;
                }
            }
            if (n && chain[j] == s)
                df_emit(c, r, c->df->instrs[k], "Build tools stay in the final image: %s", msg.data);
            else if (n)
                df_emit(c, r, c->df->instrs[k],
                        "Build tools stay in the final image, which builds on this stage: %s", msg.data);
            mt_buf_free(&msg);
        }
    }
}
