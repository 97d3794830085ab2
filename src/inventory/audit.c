/* audit.c — see audit.h. Findings are located in one of three places:
 *   "config"                 the image configuration (line 1),
 *   "history"                the build history, line N = history entry N,
 *   "/PATH"                  a file of the final filesystem (line 1). */
#include "inventory/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secrets.h"

#define A(...) {__VA_ARGS__}
#define RULE(id, aliases, sev, title, desc, fix)                                              \
    {id, aliases, sev, "image", title, desc, fix, false}

enum {
    R_ROOT,
    R_ENV_SECRET,
    R_HISTORY_SECRET,
    R_SETID,
    R_WORLD_WRITABLE,
    R_SECRET_FILE,
    R_HISTORY_FILE,
    R_CACHE,
    R_ADD_URL,
    R_SSH_PORT,
    R_NO_HEALTHCHECK,
    R_FLOATING_TAG,
    R_COUNT
};

static const mt_rule rules[R_COUNT] = {
    [R_ROOT] = RULE("IM1001", A("CIS-DI-0001", "AVD-DS-0002", "DL3002"), MT_SEV_HIGH,
                    "Image runs as root",
                    "The image configuration names no user, or root (0). A process that breaks "
                    "out of the application then holds root inside the container, one kernel "
                    "bug away from the host.",
                    "Create an unprivileged user in the Dockerfile and end with USER NAME or USER "
                    "UID (e.g. USER 10001)."),
    [R_ENV_SECRET] = RULE("IM1002", A("CIS-DI-0010", "AVD-DS-0031"), MT_SEV_CRITICAL,
                          "Secret in the image environment",
                          "Config.Env holds a credential: anyone who can pull the image reads it "
                          "with `docker inspect`.",
                          "Pass secrets at run time (a secret store, an orchestrator secret "
                          "mounted as a file), never with ENV; rotate the exposed one."),
    [R_HISTORY_SECRET] = RULE("IM1003", A("CIS-DI-0010"), MT_SEV_CRITICAL, "Secret in the build history",
                              "A history entry (the command that built a layer, with its build "
                              "arguments) holds a credential. `docker history --no-trunc` shows it "
                              "to anyone with the image.",
                              "Use BuildKit secrets (RUN --mount=type=secret) instead of ARG or "
                              "ENV for credentials, rebuild, and rotate the exposed one."),
    [R_SETID] = RULE("IM1004", A("CIS-DI-0008"), MT_SEV_LOW, "setuid or setgid file",
                     "A setuid/setgid program runs with its owner's rights whatever the caller; "
                     "each one is a way to escalate inside the container.",
                     "Remove the bit where it is not needed: RUN chmod u-s,g-s FILE (or find / "
                     "-perm /6000 -type f -exec chmod a-s {} +), or run with "
                     "--security-opt no-new-privileges."),
    [R_WORLD_WRITABLE] = RULE("IM1005", A(NULL), MT_SEV_MEDIUM, "World-writable file or directory",
                              "Any user in the container can change it; a directory without the "
                              "sticky bit also lets anyone delete or replace what others put there.",
                              "chmod o-w the file, or use a directory with the sticky bit (1777) "
                              "for shared scratch space."),
    [R_SECRET_FILE] = RULE("IM1006", A("CIS-DI-0010"), MT_SEV_CRITICAL,
                           "Credentials or private key left in the image",
                           "A private key, cloud or registry credential or .env file is part of "
                           "the final filesystem: every copy of the image carries it.",
                           "Do not COPY secrets into images; use build secrets or runtime "
                           "mounts, rebuild, and rotate the key or token."),
    [R_HISTORY_FILE] = RULE("IM1007", A(NULL), MT_SEV_LOW, "Shell history left in the image",
                            "A shell or REPL history file records the commands typed while the "
                            "image was prepared, often with passwords and hostnames.",
                            "Build images from Dockerfiles only, and delete history files (or "
                            "set HISTFILE=/dev/null) in the same layer that creates them."),
    [R_CACHE] = RULE("IM1008", A("DKL-DI-0005"), MT_SEV_LOW, "Package manager cache left in the image",
                     "Downloaded package archives and index files serve no purpose at run time; "
                     "they make the image larger and stale.",
                     "Clean in the same RUN: apt-get clean && rm -rf /var/lib/apt/lists/*, "
                     "apk add --no-cache, dnf clean all, pip install --no-cache-dir, npm cache "
                     "clean --force."),
    [R_ADD_URL] = RULE("IM1009", A("CIS-DI-0009"), MT_SEV_MEDIUM, "Layer added from a remote URL",
                       "The history shows ADD of a URL: the file was fetched at build time without "
                       "a checksum, so the image holds whatever the server sent.",
                       "Download with curl/wget and verify a checksum or signature in a RUN, or use "
                       "ADD --checksum=sha256:..."),
    [R_SSH_PORT] = RULE("IM1010", A("AVD-DS-0004"), MT_SEV_MEDIUM, "Port 22 exposed",
                        "The image exposes the SSH port: containers are managed through the "
                        "runtime, and an SSH server is one more service to attack.",
                        "Remove EXPOSE 22 and the SSH server; use docker exec / kubectl exec."),
    [R_NO_HEALTHCHECK] = RULE("IM1011", A("CIS-DI-0006"), MT_SEV_INFO, "No HEALTHCHECK",
                              "Without a health check the runtime cannot tell a hung service "
                              "from a working one.",
                              "Add HEALTHCHECK CMD ... to the Dockerfile (or define probes in the "
                              "orchestrator)."),
    [R_FLOATING_TAG] = RULE("IM1012", A("DKL-DI-0006"), MT_SEV_LOW, "Image referenced by latest or no tag",
                            "The image is named by the tag latest or by none: what it points to "
                            "changes, so scans and deployments may not see the same image.",
                            "Tag images with a version and deploy them by digest "
                            "(name@sha256:...)."),
};

static const mt_rule *rule_at(size_t i)
{
    return &rules[i];
}

const mt_analyzer mt_image_audit_analyzer = {
    .type = "image",
    .class = "config",
    .nrules = R_COUNT,
    .rule_at = rule_at,
};

typedef struct audit_ctx {
    const img_image *im;
    const inv_result *inv;
} audit_ctx;

static void at_config(mt_scan_file *f, int r, const char *msg)
{
    mt_emit_msg(f, &rules[r], 1, 1, 0, msg, msg);
}

static void at_file(mt_scan_file *f, int r, const inv_note *n, const char *msg, bool layered)
{
    char path[4200];
    snprintf(path, sizeof(path), "/%s", n->path);
    mt_finding *fd = layered ? mt_emit(f, &rules[r], 1, 1, 0, path, "%s (added in layer %d)", msg, n->layer)
                             : mt_emit_msg(f, &rules[r], 1, 1, 0, path, msg);
    if (fd)
        fd->path = mt_arena_strdup(&f->report->arena, path);
}

static bool root_user(const char *u)
{
    if (!u || !*u)
        return true;
    size_t n = strcspn(u, ":");
    return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

/* NAME=value pairs in a history command (ENV, ARG, `|2 A=b C=d /bin/sh -c`)
 * whose name or value is a secret; returns a description, or NULL. */
static const char *history_secret(const char *cmd, char *name_out, size_t n)
{
    const char *v = mt_secret_value(cmd);
    if (v) {
        snprintf(name_out, n, "a value");
        return v;
    }
    for (const char *p = cmd; (p = strchr(p, '=')) != NULL; p++) {
        const char *start = p;
        while (start > cmd && (start[-1] == '_' || (start[-1] >= 'A' && start[-1] <= 'Z') ||
                               (start[-1] >= 'a' && start[-1] <= 'z') || (start[-1] >= '0' && start[-1] <= '9')))
            start--;
        size_t len = (size_t)(p - start);
        if (len == 0 || len >= n || (start > cmd && start[-1] != ' ' && start[-1] != '\t'))
            continue;
        memcpy(name_out, start, len);
        name_out[len] = '\0';
        const char *val = p + 1;
        if (!*val || *val == ' ' || *val == '$' || !strncmp(val, "/run/secrets/", 13))
            continue;
        if (mt_secret_name(name_out))
            return "a secret-looking variable";
    }
    return NULL;
}

static void audit(mt_scan_file *f, void *ud)
{
    const audit_ctx *c = ud;
    const img_config *cfg = &c->im->config;
    bool is_dir = strcmp(c->im->kind, "dir") == 0;

    if (!is_dir) {
        char msg[512];
        if (root_user(cfg->user)) {
            if (cfg->user && *cfg->user)
                snprintf(msg, sizeof(msg), "The image runs as %s", cfg->user);
            else
                snprintf(msg, sizeof(msg), "The image runs as root (no user set)");
            at_config(f, R_ROOT, msg);
        }
        for (size_t i = 0; i < cfg->nenv; i++) {
            const char *kv = cfg->env[i];
            const char *eq = strchr(kv, '=');
            if (!eq)
                continue;
            char name[256];
            size_t nl = (size_t)(eq - kv) < sizeof(name) - 1 ? (size_t)(eq - kv) : sizeof(name) - 1;
            memcpy(name, kv, nl);
            name[nl] = '\0';
            const char *what = mt_secret_value(eq + 1);
            if (what)
                mt_emit(f, &rules[R_ENV_SECRET], 1, 1, 0, name, "Env %s holds %s", name, what);
            else if (eq[1] && mt_secret_name(name) && strncmp(eq + 1, "/run/secrets/", 13) != 0)
                mt_emit(f, &rules[R_ENV_SECRET], 1, 1, 0, name, "Env %s looks like a secret", name);
        }
        for (size_t i = 0; i < cfg->nexposed; i++) {
            if (!strcmp(cfg->exposed_ports[i], "22/tcp") || !strcmp(cfg->exposed_ports[i], "22")) {
                snprintf(msg, sizeof(msg), "The image exposes %s", cfg->exposed_ports[i]);
                at_config(f, R_SSH_PORT, msg);
            }
        }
        if (!cfg->has_healthcheck)
            at_config(f, R_NO_HEALTHCHECK, "The image defines no HEALTHCHECK");
        for (size_t i = 0; i < cfg->nhistory; i++) {
            const char *cmd = cfg->history[i].created_by;
            if (!cmd)
                continue;
            int line = (int)i + 1;
            char name[256];
            const char *what = history_secret(cmd, name, sizeof(name));
            if (what) {
                mt_finding *fd = mt_emit(f, &rules[R_HISTORY_SECRET], line, line, 0, cmd,
                                         "History entry %d holds %s (%s)", line, what, name);
                if (fd)
                    fd->path = mt_arena_strdup(&f->report->arena, "history");
            }
            const char *add = strstr(cmd, "ADD ");
            if (add && (strstr(add, " http://") || strstr(add, " https://")) && !strstr(add, "--checksum")) {
                mt_finding *fd = mt_emit(f, &rules[R_ADD_URL], line, line, 0, cmd,
                                         "History entry %d adds a remote URL without a checksum", line);
                if (fd)
                    fd->path = mt_arena_strdup(&f->report->arena, "history");
            }
        }
        /* latest, or no tag at all */
        bool floating = c->im->ntags == 0;
        for (size_t i = 0; i < c->im->ntags; i++) {
            const char *t = c->im->tags[i];
            const char *colon = strrchr(t, ':');
            const char *slash = strrchr(t, '/');
            if (!strcmp(t, "latest") || (colon && (!slash || colon > slash) && !strcmp(colon + 1, "latest")) ||
                (!colon && strchr(t, '/')))
                floating = true;
        }
        if (floating) {
            snprintf(msg, sizeof(msg), "The image is named %s", c->im->ntags ? c->im->tags[0] : "by no tag");
            at_config(f, R_FLOATING_TAG, msg);
        }
    }

    /* files of the final filesystem */
    const char *caches_seen[16];
    size_t ncaches = 0;
    for (size_t i = 0; i < c->inv->notes.len; i++) {
        const inv_note *n = c->inv->notes.items[i];
        char msg[512];
        switch (n->kind) {
        case INV_SETID:
            snprintf(msg, sizeof(msg), "/%s is %s%s%s (mode %04o)", n->path, n->mode & 04000 ? "setuid" : "",
                     (n->mode & 06000) == 06000 ? " and " : "", n->mode & 02000 ? "setgid" : "",
                     (unsigned)(n->mode & 07777));
            at_file(f, R_SETID, n, msg, !is_dir);
            break;
        case INV_WORLD_WRITABLE:
            snprintf(msg, sizeof(msg), "/%s is world-writable (mode %04o)", n->path, (unsigned)(n->mode & 07777));
            at_file(f, R_WORLD_WRITABLE, n, msg, !is_dir);
            break;
        case INV_SECRET_FILE:
            snprintf(msg, sizeof(msg), "/%s is %s", n->path, n->what);
            at_file(f, R_SECRET_FILE, n, msg, !is_dir);
            break;
        case INV_HISTORY_FILE:
            snprintf(msg, sizeof(msg), "/%s is %s (%lld bytes)", n->path, n->what, (long long)n->size);
            at_file(f, R_HISTORY_FILE, n, msg, !is_dir);
            break;
        case INV_CACHE: {
            /* one finding per cache, at its first file, with the totals */
            bool seen = false;
            for (size_t k = 0; k < ncaches; k++)
                seen |= caches_seen[k] == n->what;
            if (seen || ncaches == MT_ARRAY_LEN(caches_seen))
                break;
            caches_seen[ncaches++] = n->what;
            long long files = 0, bytes = 0;
            for (size_t k = 0; k < c->inv->notes.len; k++) {
                const inv_note *m = c->inv->notes.items[k];
                if (m->kind == INV_CACHE && m->what == n->what) {
                    files++;
                    bytes += m->size;
                }
            }
            snprintf(msg, sizeof(msg), "%s: %lld file%s, %lld bytes", n->what, files, files == 1 ? "" : "s", bytes);
            at_file(f, R_CACHE, n, msg, !is_dir);
            break;
        }
        }
    }
}

void audit_image(const mt_scan_opts *o, const img_image *im, const inv_result *inv,
                 const char *target, mt_report *rep)
{
    audit_ctx c = {.im = im, .inv = inv};
    mt_scan_target(o, rep, target, "config", "image", audit, &c);
}
