/* df_rules_hardening.c — container-hardening practices hadolint lacks:
 * remote scripts piped into a shell, disabled TLS/signature checks,
 * secrets in ENV/ARG, sensitive files copied in, world-writable modes and
 * insecure RUN. */
#include "dockerfile/df_rules.h"

#include "core/secrets.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The instruction a check looks at: the trigger of an ONBUILD, or the
 * instruction itself (findings stay at the ONBUILD line). */
static const df_instr *effective(const df_instr *in)
{
    return in->kind == DF_ONBUILD && in->trigger ? in->trigger : in;
}

/* ---- remote script piped into a shell ---- */

/* A shell, python* (python3.12), perl, ruby, node or php; p is what the
 * command name n is. */
static bool is_interpreter(sh_prog p, const char *n)
{
    return sh_prog_is_shell(p) || p == SH_PROG_PERL || p == SH_PROG_RUBY || p == SH_PROG_NODE ||
           p == SH_PROG_PHP || !strncmp(n, "python", 6);
}

/* Does an interpreter that receives a pipe execute it as its program?
 * `bash`, `bash -s ...`, `python3 -` do; `bash -c '...'`, `python3 -c ...`,
 * `python3 -m json.tool`, `node -e ...` or `perl script.pl` treat it as
 * data. */
static bool runs_stdin(const sh_cmd *cmd)
{
    const char *n = sh_cmd_name(cmd);
    sh_prog p = sh_cmd_prog(cmd);
    bool shell = sh_prog_is_shell(p);
    const char *inline_code; /* short options that give the program inline */
    const char *with_value;  /* short options that take the next word */
    if (shell) {
        inline_code = "c";
        with_value = "oO";
    } else if (!strncmp(n, "python", 6)) {
        inline_code = "cm";
        with_value = "WX";
    } else if (p == SH_PROG_PERL) {
        inline_code = "eE";
        with_value = "";
    } else if (p == SH_PROG_RUBY) {
        inline_code = "e";
        with_value = "Ir";
    } else if (p == SH_PROG_NODE) {
        inline_code = "ep";
        with_value = "r";
    } else {
        inline_code = "r"; /* php -r */
        with_value = "dc";
    }
    for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
        const char *w = sh_cmd_arg(cmd, i);
        if (!strcmp(w, "-"))
            return true;
        if (!strcmp(w, "--"))
            return i + 1 >= sh_cmd_argc(cmd);
        if (w[0] == '-' && w[1] == '-') {
            if (!strcmp(w, "--eval") || !strcmp(w, "--print") || mt_startswith(w, "--eval=") ||
                !strcmp(w, "--command"))
                return false;
            continue;
        }
        if ((w[0] == '-' || (shell && w[0] == '+')) && w[1]) {
            for (const char *f = w + 1; *f; f++) {
                if (strchr(inline_code, *f))
                    return false;
                if (shell && *f == 's')
                    return true; /* the rest are arguments of the stdin script */
            }
            if (strchr(with_value, w[strlen(w) - 1]))
                i++;
            continue;
        }
        return false; /* a script file */
    }
    return true;
}

static bool downloads_to_stdout(const sh_cmd *cmd)
{
    if (sh_cmd_prog(cmd) == SH_PROG_CURL) {
        static const char *const out[] = {"-o", "--output", "-O", "--remote-name",
                                          "--remote-name-all", NULL};
        const char *o = sh_cmd_opt_value(cmd, 'o', "--output");
        if (o)
            return strcmp(o, "-") == 0 || strcmp(o, "/dev/stdout") == 0;
        return !sh_cmd_has_any(cmd, out) && !sh_cmd_has_short(cmd, 'O');
    }
    if (sh_cmd_prog(cmd) == SH_PROG_WGET) {
        const char *o = sh_cmd_opt_value(cmd, 'O', "--output-document");
        if (o && (strcmp(o, "-") == 0 || strcmp(o, "/dev/stdout") == 0))
            return true;
        /* clusters such as -qO- */
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            if (w[0] == '-' && w[1] != '-' && mt_endswith(w, "O-"))
                return true;
        }
    }
    return false;
}

/* If `p` (just after "$(", "`" or "<(") starts a curl or wget command,
 * returns the tool's name. */
static const char *download_at(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, " \t)`\"'");
    const char *b = p;
    for (const char *q = p; q < p + n; q++) {
        if (*q == '/')
            b = q + 1;
    }
    size_t bl = (size_t)(p + n - b);
    if (bl == 4 && !strncmp(b, "curl", 4))
        return "curl";
    if (bl == 4 && !strncmp(b, "wget", 4))
        return "wget";
    return NULL;
}

/* The download tool whose output a word substitutes ("$(curl ...)",
 * `wget ...`), or NULL. */
static const char *word_runs_download(const char *raw)
{
    for (const char *p = raw; *p; p++) {
        const char *t = NULL;
        if (p[0] == '$' && p[1] == '(' && p[2] != '(')
            t = download_at(p + 2);
        else if (p[0] == '`')
            t = download_at(p + 1);
        if (t)
            return t;
    }
    return NULL;
}

/* Commands that execute their argument as code; p is what the command
 * name n is. */
static bool executes_argument(sh_prog p, const char *n)
{
    return is_interpreter(p, n) || p == SH_PROG_EVAL || p == SH_PROG_SOURCE || p == SH_PROG_DOT;
}

/* `bash <(curl ...)`, `source <(wget -O- ...)`, `bash < <(curl ...)`: the
 * word before the process substitution (after options) must be a command
 * that runs it. Works on the text, since the splitter does not model
 * process substitution. */
static const char *process_substitution_download(mt_arena *a, const char *text,
                                                 const char **runner)
{
    for (const char *lt = strstr(text, "<("); lt; lt = strstr(lt + 2, "<(")) {
        const char *tool = download_at(lt + 2);
        if (!tool)
            continue;
        const char *e = lt;
        for (;;) {
            while (e > text && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (e > text && e[-1] == '<') { /* bash < <(...) */
                e--;
                continue;
            }
            const char *b = e;
            while (b > text && !strchr(" \t;&|(", b[-1]))
                b--;
            if (b == e)
                break;
            if (*b == '-' && b > text) { /* an option: look further back */
                e = b;
                continue;
            }
            const char *base = b;
            for (const char *q = b; q < e; q++) {
                if (*q == '/')
                    base = q + 1;
            }
            char *name = mt_arena_strndup(a, base, (size_t)(e - base));
            if (executes_argument(sh_prog_of(name), name)) {
                *runner = name;
                return tool;
            }
            break;
        }
    }
    return NULL;
}

DF_CHECK(df_check_curl_pipe_sh)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        const df_instr *in = c->df->instrs[k];
        bool hit = false;
        const char *tool = NULL, *sh = NULL;
        for (size_t q = 0; q + 1 < run->sh.ncmds && !hit; q++) {
            const sh_cmd *a = &run->sh.cmds[q];
            if (a->sep != SH_SEP_PIPE || !downloads_to_stdout(a))
                continue;
            /* follow the pipeline to its consumers */
            for (size_t z = q + 1; z < run->sh.ncmds && !hit; z++) {
                const sh_cmd *b = &run->sh.cmds[z];
                if (!b->piped_in)
                    break;
                if (is_interpreter(sh_cmd_prog(b), sh_cmd_name(b)) && runs_stdin(b)) {
                    hit = true;
                    tool = sh_cmd_name(a);
                    sh = sh_cmd_name(b);
                }
                if (b->sep != SH_SEP_PIPE)
                    break;
            }
        }
        /* sh -c "$(curl ...)", eval "$(wget -qO- ...)" */
        for (size_t q = 0; q < run->sh.ncmds && !hit; q++) {
            const sh_cmd *b = &run->sh.cmds[q];
            if (!executes_argument(sh_cmd_prog(b), sh_cmd_name(b)))
                continue;
            for (size_t i = 1; i < sh_cmd_argc(b) && !hit; i++) {
                const char *t = word_runs_download(b->words[b->argi + i].raw);
                if (t) {
                    hit = true;
                    tool = t;
                    sh = sh_cmd_name(b);
                }
            }
        }
        /* bash <(curl ...) */
        if (!hit && (tool = process_substitution_download(c->arena, in->args, &sh)) != NULL)
            hit = true;
        if (hit)
            df_emit(c, r, in, "A script downloaded with %s is executed by %s without verification",
                    tool, sh);
    }
}

/* ---- TLS and signature verification ---- */

static bool falsy(const char *v)
{
    return !strcasecmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
           !strcasecmp(v, "off");
}

/* Environment settings that turn verification off; returns a description
 * or NULL. */
static const char *env_disables_tls(const char *name, const char *value)
{
    if (!value)
        return NULL;
    if (mt_streq(name, "NODE_TLS_REJECT_UNAUTHORIZED") && !strcmp(value, "0"))
        return "NODE_TLS_REJECT_UNAUTHORIZED=0";
    /* git only checks that the variable exists: even "false" disables. */
    if (mt_streq(name, "GIT_SSL_NO_VERIFY"))
        return "GIT_SSL_NO_VERIFY (git ignores its value)";
    if (mt_streq(name, "PYTHONHTTPSVERIFY") && !strcmp(value, "0"))
        return "PYTHONHTTPSVERIFY=0";
    if ((!strcasecmp(name, "NPM_CONFIG_STRICT_SSL") || !strcasecmp(name, "YARN_STRICT_SSL")) && falsy(value))
        return "npm strict-ssl=false";
    if (mt_streq(name, "PIP_TRUSTED_HOST") && *value)
        return "PIP_TRUSTED_HOST";
    return NULL;
}

static const char *cmd_disables_tls(const sh_cmd *cmd)
{
    const char *n = sh_cmd_name(cmd);
    sh_prog p = sh_cmd_prog(cmd);
    static const char *const curl_k[] = {"--insecure", "--proxy-insecure", NULL};
    static const char *const wget_k[] = {"--no-check-certificate", NULL};
    static const char *const pip_k[] = {"--trusted-host", NULL};
    static const char *const apt_k[] = {"--allow-unauthenticated", "--allow-insecure-repositories",
                                        "--force-yes", NULL};
    static const char *const rpm_k[] = {"--nogpgcheck", "--no-gpgcheck", "--no-gpg-checks",
                                        "--no-check-signatures", "--nosignature", NULL};
    static const char *const apk_k[] = {"--allow-untrusted", NULL};
    if (p == SH_PROG_CURL && (sh_cmd_has_any(cmd, curl_k) || sh_cmd_has_short(cmd, 'k')))
        return "curl --insecure (-k)";
    if (p == SH_PROG_WGET && sh_cmd_has_any(cmd, wget_k))
        return "wget --no-check-certificate";
    if (!strncmp(n, "pip", 3) || !strncmp(n, "python", 6)) {
        if (sh_cmd_has_any(cmd, pip_k))
            return "pip --trusted-host";
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            if (strstr(sh_cmd_arg(cmd, i), "trusted-host"))
                return "pip trusted-host";
        }
    }
    if (p == SH_PROG_APT_GET || p == SH_PROG_APT || p == SH_PROG_APTITUDE) {
        if (sh_cmd_has_any(cmd, apt_k))
            return "apt --allow-unauthenticated";
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            if (strchr(w, '=') && (df_has_setting_ci(w, "Verify-Peer", "false") ||
                df_has_setting_ci(w, "Verify-Host", "false") ||
                df_has_setting_ci(w, "AllowUnauthenticated", "true") ||
                df_has_setting_ci(w, "AllowInsecureRepositories", "true")))
                return "apt verification option";
        }
    }
    if (p == SH_PROG_YUM || p == SH_PROG_DNF || p == SH_PROG_MICRODNF || p == SH_PROG_ZYPPER ||
        p == SH_PROG_RPM) {
        if (sh_cmd_has_any(cmd, rpm_k))
            return "package signature check disabled (--nogpgcheck)";
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            if (strchr(w, '=') &&
                (df_has_setting_ci(w, "sslverify", "false") || df_has_setting_ci(w, "sslverify", "0") ||
                 df_has_setting_ci(w, "gpgcheck", "0") || df_has_setting_ci(w, "gpgcheck", "false")))
                return "repository verification option";
        }
    }
    if (p == SH_PROG_APK && sh_cmd_has_any(cmd, apk_k))
        return "apk --allow-untrusted";
    if (p == SH_PROG_NPM || p == SH_PROG_YARN || p == SH_PROG_PNPM) {
        /* --strict-ssl=false, config set strict-ssl false, strict-ssl=false */
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            if (mt_startswith(w, "--"))
                w += 2;
            if (!strncmp(w, "strict-ssl", 10) &&
                ((w[10] == '=' && falsy(w + 11)) ||
                 (!w[10] && i + 1 < sh_cmd_argc(cmd) && falsy(sh_cmd_arg(cmd, i + 1)))))
                return "npm strict-ssl false";
        }
    }
    if (p == SH_PROG_GIT) {
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            if (!strcasecmp(w, "http.sslVerify=false") ||
                (!strcasecmp(w, "http.sslVerify") && i + 1 < sh_cmd_argc(cmd) &&
                 falsy(sh_cmd_arg(cmd, i + 1))))
                return "git http.sslVerify false";
        }
    }
    if (p == SH_PROG_EXPORT) {
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            const char *w = sh_cmd_arg(cmd, i);
            const char *eq = strchr(w, '=');
            if (!eq)
                continue;
            char name[64];
            size_t nl = (size_t)(eq - w) < sizeof(name) - 1 ? (size_t)(eq - w) : sizeof(name) - 1;
            memcpy(name, w, nl);
            name[nl] = '\0';
            const char *d = env_disables_tls(name, eq + 1);
            if (d)
                return d;
        }
    }
    /* `echo ... [trusted=yes]` into apt sources */
    if (p == SH_PROG_ECHO || p == SH_PROG_PRINTF) {
        for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
            if (strstr(sh_cmd_arg(cmd, i), "[trusted=yes]"))
                return "apt source marked [trusted=yes]";
        }
    }
    for (size_t i = 0; i < cmd->nassigns; i++) {
        const char *w = cmd->assigns[i].value;
        const char *eq = strchr(w, '=');
        if (!eq)
            continue;
        char name[64];
        size_t nl = (size_t)(eq - w) < sizeof(name) - 1 ? (size_t)(eq - w) : sizeof(name) - 1;
        memcpy(name, w, nl);
        name[nl] = '\0';
        const char *d = env_disables_tls(name, eq + 1);
        if (d)
            return d;
    }
    return NULL;
}

DF_CHECK(df_check_tls_disabled)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = effective(c->df->instrs[k]);
        if (in->kind == DF_ENV || in->kind == DF_ARG) {
            for (size_t j = 0; j < in->nkv; j++) {
                const char *d = env_disables_tls(in->kvs[j].key, in->kvs[j].value);
                if (d)
                    df_emit(c, r, c->df->instrs[k], "%s sets %s, which turns off verification",
                            in->keyword, d);
            }
            continue;
        }
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        for (size_t q = 0; q < run->sh.ncmds; q++) {
            const char *d = cmd_disables_tls(&run->sh.cmds[q]);
            if (d)
                df_emit(c, r, in, "Verification is turned off: %s", d);
        }
    }
}

/* ---- secrets in ENV / ARG ---- */

/* Values that configure a switch rather than hold a secret
 * (MYSQL_ALLOW_EMPTY_PASSWORD=yes). */
static bool switch_value(const char *v)
{
    static const char *const words[] = {"yes", "no", "true", "false", "on", "off", NULL};
    for (const char *const *w = words; *w; w++) {
        if (!strcasecmp(v, *w))
            return true;
    }
    return false;
}

DF_CHECK(df_check_secret_env)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = effective(c->df->instrs[k]);
        const df_instr *at = c->df->instrs[k];
        if (in->kind != DF_ENV && in->kind != DF_ARG && in->kind != DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            const char *key = in->kvs[j].key, *val = in->kvs[j].value;
            const char *what = val ? mt_secret_value(val) : NULL;
            if (what) {
                df_emit(c, r, at, "%s %s holds %s", in->keyword, key, what);
                continue;
            }
            if (in->kind == DF_LABEL || !mt_secret_name(key) || (val && switch_value(val)))
                continue;
            if (in->kind == DF_ARG) {
                /* With or without a default: the value given with
                 * --build-arg is what leaks. */
                df_emit(c, r, at, "ARG %s looks like a secret; build arguments are recorded in "
                                  "the image history",
                        key);
            } else if (val && *val && !mt_startswith(val, "/run/secrets/")) {
                df_emit(c, r, at, "ENV %s looks like a secret and is stored in the image config",
                        key);
            }
        }
    }
}

/* ---- sensitive files copied in ---- */

static const char *sensitive_file(const char *src)
{
    char buf[512];
    size_t n = strlen(src);
    while (n > 1 && src[n - 1] == '/')
        n--;
    if (n >= sizeof(buf))
        n = sizeof(buf) - 1;
    memcpy(buf, src, n);
    buf[n] = '\0';
    const char *b = mt_basename(buf);
    static const char *const keys[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", NULL};
    for (const char *const *k = keys; *k; k++) {
        if (mt_streq(b, *k))
            return "an SSH private key";
    }
    if (mt_streq(b, ".env") ||
        (mt_startswith(b, ".env.") && !strstr(b, "example") && !strstr(b, "sample") &&
         !strstr(b, "template") && !strstr(b, "dist") && !strstr(b, "defaults")))
        return "a .env file";
    static const struct {
        const char *name, *what;
    } files[] = {{".npmrc", "an .npmrc (registry tokens)"}, {".pypirc", "a .pypirc (PyPI tokens)"},
                 {".netrc", "a .netrc (passwords)"}, {".git-credentials", "git credentials"},
                 {".dockercfg", "Docker registry credentials"}, {".htpasswd", "an htpasswd file"},
                 {".ssh", "an .ssh folder"}, {".aws", "an .aws folder"}, {".kube", "a .kube folder"},
                 {".gnupg", "a GnuPG folder"}, {"kubeconfig", "a kubeconfig"},
                 {"credentials.json", "a credentials file"},
                 {"service-account.json", "a service-account key"}};
    for (size_t k = 0; k < MT_ARRAY_LEN(files); k++) {
        if (mt_streq(b, files[k].name))
            return files[k].what;
    }
    if (strstr(buf, ".docker/config.json"))
        return "Docker registry credentials";
    if (strstr(buf, ".aws/credentials"))
        return "AWS credentials";
    if (strstr(buf, ".kube/config"))
        return "a kubeconfig";
    /* public parts of an .ssh folder are fine */
    if (strstr(buf, ".ssh/") && !mt_streq(b, "known_hosts") && !mt_streq(b, "authorized_keys") &&
        !mt_endswith(b, ".pub"))
        return "a file from an .ssh folder";
    if (mt_endswith(b, ".key") || mt_endswith(b, ".p12") || mt_endswith(b, ".pfx") ||
        mt_endswith(b, ".jks") || mt_endswith(b, ".keystore"))
        return "a private key or keystore";
    if (mt_endswith(b, ".pem") && (strstr(b, "key") || strstr(b, "private")))
        return "a private key";
    if (mt_endswith(b, ".tfstate"))
        return "Terraform state (holds secrets)";
    return NULL;
}

DF_CHECK(df_check_sensitive_copy)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = effective(c->df->instrs[k]);
        if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->argc < 2)
            continue;
        for (size_t j = 0; j + 1 < in->argc; j++) {
            const char *src = in->argv[j];
            if (mt_startswith(src, "<<") || strstr(src, "://"))
                continue;
            const char *what = sensitive_file(src);
            if (what)
                df_emit(c, r, c->df->instrs[k], "%s copies %s ('%s') into the image", in->keyword,
                        what, src);
        }
    }
}

/* ---- world-writable modes ---- */

/* True when a chmod mode grants write to others. */
static bool mode_world_writable(const char *m)
{
    if (isdigit((unsigned char)m[0])) {
        size_t n = strlen(m);
        if (n > 4 || strspn(m, "01234567") != n)
            return false;
        if (n == 4 && (m[0] - '0') & 1)
            return false; /* sticky bit: shared dirs such as /tmp */
        return ((m[n - 1] - '0') & 2) != 0;
    }
    /* symbolic: [ugoa]*[+=][rwxXst]* clauses, comma separated */
    const char *p = m;
    while (*p) {
        const char *who = p;
        while (*p && strchr("ugoa", *p))
            p++;
        size_t wl = (size_t)(p - who);
        bool others = wl == 0 ? false : (memchr(who, 'o', wl) || memchr(who, 'a', wl));
        if (*p != '+' && *p != '=' && *p != '-')
            return false;
        char op = *p++;
        const char *perm = p;
        while (*p && *p != ',')
            p++;
        if (others && op != '-' && memchr(perm, 'w', (size_t)(p - perm)) &&
            !memchr(perm, 't', (size_t)(p - perm)))
            return true;
        if (*p == ',')
            p++;
    }
    return false;
}

DF_CHECK(df_check_world_writable)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = effective(c->df->instrs[k]);
        if (in->kind == DF_COPY || in->kind == DF_ADD) {
            const char *m = df_flag_get(in, "chmod");
            if (m && mode_world_writable(m))
                df_emit(c, r, c->df->instrs[k], "%s --chmod=%s makes files world-writable",
                        in->keyword, m);
            continue;
        }
        const df_run *run = c->runs[k];
        if (!run || !run->posix)
            continue;
        for (size_t q = 0; q < run->sh.ncmds; q++) {
            const sh_cmd *cmd = &run->sh.cmds[q];
            if (sh_cmd_prog(cmd) == SH_PROG_MKDIR || sh_cmd_prog(cmd) == SH_PROG_INSTALL) {
                const char *m = sh_cmd_opt_value(cmd, 'm', "--mode");
                if (m && mode_world_writable(m))
                    df_emit(c, r, c->df->instrs[k], "%s -m %s creates world-writable files",
                            sh_cmd_name(cmd), m);
                continue;
            }
            if (sh_cmd_prog(cmd) != SH_PROG_CHMOD)
                continue;
            for (size_t i = 1; i < sh_cmd_argc(cmd); i++) {
                const char *m = sh_cmd_arg(cmd, i);
                if (m[0] == '-' && !isdigit((unsigned char)m[1]) && !strchr("+=", m[1]))
                    continue; /* option such as -R */
                if (mode_world_writable(m))
                    df_emit(c, r, in, "chmod %s makes files world-writable", m);
                break; /* only the first non-option word is the mode */
            }
        }
    }
}

DF_CHECK(df_check_run_insecure)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        const char *sec = in->kind == DF_RUN ? df_flag_get(in, "security") : NULL;
        if (sec && strcmp(sec, "insecure") == 0)
            df_emit(c, r, in, "RUN --security=insecure runs the step without the build sandbox");
    }
}
