/* df_analyzer.c — the Dockerfile analyzer: file-name matching, the rule
 * table, inline suppression comments, and the per-file context the checks
 * share. */
#include "dockerfile/df_rules.h"

#include "core/config.h"
#include "core/pragma.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HL_ERROR MT_SEV_HIGH
#define HL_WARNING MT_SEV_MEDIUM
#define HL_INFO MT_SEV_LOW
#define HL_STYLE MT_SEV_INFO

#define RULE(ID, ALIASES, SEV, TITLE, DESC, FIX, CHECK)                                          \
    {{.id = ID, .aliases = ALIASES, .severity = SEV, .type = "dockerfile", .title = TITLE,        \
      .description = DESC, .remediation = FIX}, CHECK}
#define RULE_OFF(ID, ALIASES, SEV, TITLE, DESC, FIX, CHECK)                                      \
    {{.id = ID, .aliases = ALIASES, .severity = SEV, .type = "dockerfile", .title = TITLE,        \
      .description = DESC, .remediation = FIX, .off_by_default = true}, CHECK}
#define A(...) {__VA_ARGS__}

static const df_rule rules[] = {
    RULE("DF1000", A("DL1000"), MT_SEV_HIGH, "Dockerfile cannot be parsed",
         "An instruction is malformed, so the builder would reject the file or build something "
         "other than intended. The rest of the file is still checked.",
         "Fix the instruction as the message describes.", df_check_parse_error),
    RULE("DF3000", A("DL3000", "AVD-DS-0009"), HL_ERROR, "WORKDIR path is not absolute",
         "A relative WORKDIR depends on the previous working directory, which the base image "
         "may change.",
         "Use an absolute path, e.g. WORKDIR /app.", df_check_workdir_absolute),
    RULE("DF3001", A("DL3001"), HL_INFO, "Command makes little sense in a container",
         "Interactive or system-management commands (ssh, vim, service, shutdown, ps, top, "
         "free, kill, mount) do nothing useful during a build.",
         "Remove the command; manage processes from the orchestrator.", df_check_pointless_cmd),
    RULE("DF3002", A("DL3002"), HL_WARNING, "Stage ends with USER root",
         "The last USER of this build stage is root, so its RUN steps and any image built from "
         "it run with full privileges.",
         "Switch to an unprivileged user (USER app or a numeric UID) at the end of the stage.",
         df_check_stage_user_root),
    RULE("DF3003", A("DL3003", "AVD-DS-0013"), HL_WARNING, "Use WORKDIR instead of cd",
         "cd in RUN changes the directory only for that RUN, which makes later instructions "
         "harder to follow.",
         "Set the directory with WORKDIR.", df_check_cd),
    RULE("DF3004", A("DL3004", "AVD-DS-0010"), HL_ERROR, "Do not use sudo",
         "sudo has unpredictable TTY and signal behaviour and is not needed: RUN already runs as "
         "the current USER.",
         "Drop sudo; switch with USER root around the steps that need it, or use gosu in "
         "entrypoints.",
         df_check_sudo),
    RULE_OFF("DF3005", A("DL3005", "AVD-DS-0024"), HL_ERROR, "Do not use apt-get dist-upgrade",
             "dist-upgrade can change the distribution release under the base image. (Removed "
             "from current hadolint; off by default.)",
             "Use a newer base image instead, or upgrade specific packages.",
             df_check_apt_upgrade),
    RULE("DF3006", A("DL3006"), HL_WARNING, "Base image has no tag",
         "Without a tag the build uses whatever 'latest' points to at build time, so builds are "
         "not reproducible.",
         "Pin a tag (FROM debian:12.5) or, better, a digest.", df_check_untagged),
    RULE("DF3007", A("DL3007", "AVD-DS-0001"), HL_WARNING, "Base image uses the latest tag",
         "'latest' moves; the same Dockerfile builds different images over time.",
         "Pin a specific version tag or a digest.", df_check_latest),
    RULE("DF3008", A("DL3008"), HL_WARNING, "Pin versions in apt-get install",
         "Unpinned packages make builds unreproducible and can pull in unexpected changes.",
         "Install package=version, e.g. apt-get install -y curl=7.88.1-10+deb12u5.",
         df_check_apt_pin),
    RULE("DF3009", A("DL3009"), HL_INFO, "apt lists are not deleted",
         "apt-get update leaves package lists in /var/lib/apt/lists that bloat the image.",
         "End the RUN with rm -rf /var/lib/apt/lists/*, or use a cache mount.",
         df_check_apt_lists),
    RULE("DF3010", A("DL3010"), HL_INFO, "Use ADD to extract a local archive",
         "A local archive is copied and then extracted in a later step, keeping both in the "
         "image layers.",
         "ADD extracts local tar archives directly; or extract in a build stage.",
         df_check_copy_then_extract),
    RULE("DF3011", A("DL3011", "AVD-DS-0008"), HL_ERROR, "EXPOSE port out of range",
         "Valid ports are 0 to 65535.", "Fix the port number.", df_check_expose_range),
    RULE("DF3012", A("DL3012", "AVD-DS-0023"), HL_ERROR, "Multiple HEALTHCHECK instructions",
         "Only the last HEALTHCHECK of a stage takes effect; the others are misleading.",
         "Keep one HEALTHCHECK per stage.", df_check_multiple_healthcheck),
    RULE("DF3013", A("DL3013"), HL_WARNING, "Pin versions in pip install",
         "Unpinned Python packages make builds unreproducible.",
         "Pin with ==, or install from a requirements file with pinned versions.",
         df_check_pip_pin),
    RULE("DF3014", A("DL3014", "AVD-DS-0021"), HL_WARNING, "apt-get install without -y",
         "Without -y the build stops at the confirmation prompt.",
         "Add -y (or --yes / --assume-yes).", df_check_apt_yes),
    RULE("DF3015", A("DL3015", "AVD-DS-0029"), HL_INFO, "apt-get install without --no-install-recommends",
         "Recommended packages add size and attack surface the image rarely needs.",
         "Add --no-install-recommends.", df_check_apt_recommends),
    RULE("DF3016", A("DL3016"), HL_WARNING, "Pin versions in npm install",
         "Unpinned npm packages make builds unreproducible.",
         "Install name@version, or use npm ci with a lock file.", df_check_npm_pin),
    RULE_OFF("DF3017", A("DL3017"), HL_ERROR, "Do not use apk upgrade",
             "apk upgrade changes packages of the base image. (Removed from current hadolint; "
             "off by default.)",
             "Use a newer base image.", df_check_apk_upgrade),
    RULE("DF3018", A("DL3018"), HL_WARNING, "Pin versions in apk add",
         "Unpinned Alpine packages make builds unreproducible.",
         "Install name=version, e.g. apk add --no-cache curl=8.5.0-r0.", df_check_apk_pin),
    RULE("DF3019", A("DL3019", "AVD-DS-0025"), HL_INFO, "apk add without --no-cache",
         "The apk index cache stays in the image.",
         "Use apk add --no-cache, or a cache mount on /var/cache/apk.", df_check_apk_cache),
    RULE("DF3020", A("DL3020", "AVD-DS-0005"), HL_ERROR, "Use COPY instead of ADD for files",
         "ADD also fetches URLs and unpacks archives; for plain files that hidden behaviour is a "
         "surprise waiting to happen.",
         "Use COPY for files and folders.", df_check_add_for_copy),
    RULE("DF3021", A("DL3021", "AVD-DS-0011"), HL_ERROR, "COPY to several sources needs a folder destination",
         "With more than one source the destination must be a folder, written with a trailing "
         "slash.",
         "End the destination with '/'.", df_check_copy_dest_slash),
    RULE("DF3022", A("DL3022"), HL_WARNING, "COPY --from names no earlier stage",
         "--from should name a stage defined above (or an explicit image reference).",
         "Define the stage with FROM ... AS name before copying from it.",
         df_check_copy_from_unknown),
    RULE("DF3023", A("DL3023", "AVD-DS-0006"), HL_ERROR, "COPY --from its own stage",
         "A stage cannot copy from itself.", "Copy from another stage.", df_check_copy_from_self),
    RULE("DF3024", A("DL3024", "AVD-DS-0012"), HL_ERROR, "Duplicate stage name",
         "Two FROM instructions use the same alias; references to it become ambiguous.",
         "Give every stage a unique name.", df_check_duplicate_alias),
    RULE("DF3025", A("DL3025"), HL_WARNING, "Use JSON form for CMD and ENTRYPOINT",
         "Shell form wraps the command in /bin/sh -c, so the process does not receive signals "
         "(no graceful shutdown).",
         "Write CMD [\"executable\", \"arg\"].", df_check_json_cmd),
    RULE("DF3026", A("DL3026"), HL_ERROR, "Base image from an untrusted registry",
         "The image comes from a registry outside the configured trusted list.",
         "Pull from a trusted registry or add it to trusted-registries.",
         df_check_trusted_registry),
    RULE("DF3027", A("DL3027"), HL_WARNING, "Use apt-get or apt-cache instead of apt",
         "apt is an interactive front end with no stable command-line interface.",
         "Use apt-get or apt-cache.", df_check_apt_cli),
    RULE("DF3028", A("DL3028"), HL_WARNING, "Pin versions in gem install",
         "Unpinned gems make builds unreproducible.", "Use gem install name:version or -v.",
         df_check_gem_pin),
    RULE("DF3029", A("DL3029"), HL_WARNING, "Do not use --platform with FROM",
         "A hard-coded platform breaks multi-platform builds.",
         "Drop --platform or use $BUILDPLATFORM / $TARGETPLATFORM.", df_check_from_platform),
    RULE("DF3030", A("DL3030"), HL_WARNING, "yum install without -y",
         "Without -y the build stops at the confirmation prompt.", "Add -y.", df_check_yum_yes),
    RULE_OFF("DF3031", A("DL3031"), HL_ERROR, "Do not use yum update",
             "yum update changes packages of the base image. (Removed from current hadolint; off "
             "by default.)",
             "Use a newer base image.", df_check_yum_update),
    RULE("DF3032", A("DL3032", "AVD-DS-0015"), HL_WARNING, "yum clean all missing",
         "yum caches stay in the layer.", "End the RUN with yum clean all.", df_check_yum_clean),
    RULE("DF3033", A("DL3033"), HL_WARNING, "Pin versions in yum install",
         "Unpinned packages make builds unreproducible.", "Install name-version.",
         df_check_yum_pin),
    RULE("DF3034", A("DL3034"), HL_WARNING, "zypper without a non-interactive switch",
         "Without -y the build stops at the confirmation prompt.",
         "Add -y (or --no-confirm).", df_check_zypper_yes),
    RULE("DF3035", A("DL3035"), HL_WARNING, "Do not use zypper dist-upgrade",
         "dist-upgrade can change the distribution release under the base image.",
         "Use a newer base image.", df_check_zypper_dist_upgrade),
    RULE("DF3036", A("DL3036", "AVD-DS-0020"), HL_WARNING, "zypper clean missing",
         "zypper caches stay in the layer.", "End the RUN with zypper clean.",
         df_check_zypper_clean),
    RULE("DF3037", A("DL3037"), HL_WARNING, "Pin versions in zypper install",
         "Unpinned packages make builds unreproducible.", "Install name=version.",
         df_check_zypper_pin),
    RULE("DF3038", A("DL3038"), HL_WARNING, "dnf install without -y",
         "Without -y the build stops at the confirmation prompt.", "Add -y.", df_check_dnf_yes),
    RULE_OFF("DF3039", A("DL3039"), HL_ERROR, "Do not use dnf update",
             "dnf update changes packages of the base image. (Removed from current hadolint; off "
             "by default.)",
             "Use a newer base image.", df_check_dnf_update),
    RULE("DF3040", A("DL3040", "AVD-DS-0019", "AVD-DS-0027"), HL_WARNING, "dnf clean all missing",
         "dnf caches stay in the layer.", "End the RUN with dnf clean all.", df_check_dnf_clean),
    RULE("DF3041", A("DL3041"), HL_WARNING, "Pin versions in dnf install",
         "Unpinned packages make builds unreproducible.", "Install name-version.",
         df_check_dnf_pin),
    RULE("DF3042", A("DL3042"), HL_WARNING, "pip install without --no-cache-dir",
         "pip's download cache stays in the layer.",
         "Add --no-cache-dir, or set ENV PIP_NO_CACHE_DIR=1.", df_check_pip_cache),
    RULE("DF3043", A("DL3043"), HL_ERROR, "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
         "These instructions are not allowed as ONBUILD triggers.", "Remove the trigger.",
         df_check_onbuild_forbidden),
    RULE("DF3044", A("DL3044"), HL_ERROR, "ENV refers to a variable set in the same instruction",
         "Within one ENV instruction, variables are expanded before any of its assignments take "
         "effect, so the reference sees the old value.",
         "Split the assignments into two ENV instructions.", df_check_env_self_ref),
    RULE("DF3045", A("DL3045"), HL_WARNING, "COPY to a relative destination without WORKDIR",
         "The destination depends on the base image's working directory.",
         "Set WORKDIR first or use an absolute destination.", df_check_copy_relative_dest),
    RULE("DF3046", A("DL3046"), HL_WARNING, "useradd with a high UID and without -l",
         "Without -l (--no-log-init), useradd fills /var/log/faillog and lastlog sparsely for a "
         "high UID, which can produce a huge layer.",
         "Add -l to useradd.", df_check_useradd_uid),
    RULE("DF3047", A("DL3047"), HL_INFO, "wget without --progress",
         "wget's default progress output floods build logs on large downloads.",
         "Add --progress=dot:giga, or -q / -nv.", df_check_wget_progress),
    RULE("DF3048", A("DL3048"), HL_STYLE, "Invalid label key",
         "Label keys should be lower-case reverse-DNS names and must not use reserved "
         "namespaces.",
         "Rename the key, e.g. org.opencontainers.image.source.", df_check_label_key),
    RULE("DF3049", A("DL3049"), HL_INFO, "Required label missing",
         "The label schema requires this label in every stage.",
         "Add the label.", df_check_label_missing),
    RULE("DF3050", A("DL3050"), HL_INFO, "Label not in the schema",
         "With strict labels only labels of the schema are allowed.",
         "Remove the label or add it to the schema.", df_check_label_superfluous),
    RULE("DF3051", A("DL3051"), HL_WARNING, "Label is empty",
         "A label of the schema has an empty value.", "Set a value.", df_check_label_empty),
    RULE("DF3052", A("DL3052"), HL_WARNING, "Label is not a valid URL",
         "The schema says this label holds a URL.", "Use an absolute URL.", df_check_label_url),
    RULE("DF3053", A("DL3053"), HL_WARNING, "Label is not an RFC 3339 time",
         "The schema says this label holds a date-time.",
         "Use e.g. 2026-11-22T10:00:00Z.", df_check_label_rfc3339),
    RULE("DF3054", A("DL3054"), HL_WARNING, "Label is not an SPDX license identifier",
         "The schema says this label holds an SPDX license.", "Use e.g. Apache-2.0.",
         df_check_label_spdx),
    RULE("DF3055", A("DL3055"), HL_WARNING, "Label is not a git hash",
         "The schema says this label holds a git commit hash.", "Use the full 40-hex hash.",
         df_check_label_hash),
    RULE("DF3056", A("DL3056"), HL_WARNING, "Label is not a semantic version",
         "The schema says this label holds a SemVer version.", "Use e.g. 1.4.2.",
         df_check_label_semver),
    RULE_OFF("DF3057", A("DL3057", "AVD-DS-0026"), MT_SEV_LOW, "No HEALTHCHECK",
             "Without HEALTHCHECK the runtime cannot tell a hung container from a healthy one. "
             "Off by default, as in hadolint; orchestrators usually probe instead.",
             "Add a HEALTHCHECK, or HEALTHCHECK NONE to state the choice.",
             df_check_healthcheck_missing),
    RULE("DF3058", A("DL3058"), HL_WARNING, "Label is not an email address",
         "The schema says this label holds an email address.", "Use name@example.org.",
         df_check_label_email),
    RULE("DF3059", A("DL3059"), HL_INFO, "Consecutive RUN instructions",
         "Each RUN adds a layer; short consecutive RUNs are better merged.",
         "Join them with &&.", df_check_consecutive_run),
    RULE("DF3060", A("DL3060"), HL_INFO, "yarn cache clean missing",
         "yarn's cache stays in the layer.", "Run yarn cache clean after yarn install.",
         df_check_yarn_cache),
    RULE("DF3061", A("DL3061"), HL_ERROR, "Instruction before FROM",
         "Only ARG (and comments and parser directives) may come before the first FROM.",
         "Move the instruction after FROM.", df_check_first_instruction),
    RULE("DF3062", A("DL3062"), HL_WARNING, "Pin versions in go install",
         "go install pkg@latest or without a version is not reproducible.",
         "Use go install pkg@v1.2.3.", df_check_go_pin),
    RULE("DF4000", A("DL4000", "AVD-DS-0022"), HL_ERROR, "MAINTAINER is deprecated",
         "MAINTAINER was replaced by labels.",
         "Use LABEL org.opencontainers.image.authors=\"...\".", df_check_maintainer),
    RULE("DF4001", A("DL4001", "AVD-DS-0014"), HL_WARNING, "Both wget and curl are used",
         "Using two download tools adds size and inconsistency.",
         "Pick one of them.", df_check_wget_and_curl),
    RULE("DF4003", A("DL4003", "AVD-DS-0016"), HL_WARNING, "Multiple CMD instructions",
         "Only the last CMD of a stage takes effect.", "Keep one CMD.", df_check_multiple_cmd),
    RULE("DF4004", A("DL4004", "AVD-DS-0007"), HL_ERROR, "Multiple ENTRYPOINT instructions",
         "Only the last ENTRYPOINT of a stage takes effect.", "Keep one ENTRYPOINT.",
         df_check_multiple_entrypoint),
    RULE("DF4005", A("DL4005"), HL_WARNING, "Use SHELL to change the default shell",
         "Replacing /bin/sh with a symlink changes every later RUN invisibly.",
         "Use the SHELL instruction.", df_check_ln_sh),
    RULE("DF4006", A("DL4006", "AVD-DS-0032"), HL_WARNING, "Pipe without pipefail",
         "In a pipeline only the last command's status counts, so a failed download piped into "
         "another command does not fail the build.",
         "Add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN.",
         df_check_pipefail),
    RULE("DF5001", A(NULL), MT_SEV_HIGH, "Remote script piped into a shell",
         "A script downloaded and executed in one step is not verified: whoever controls the "
         "server or the network controls the build.",
         "Download to a file, verify a checksum or signature, then run it.",
         df_check_curl_pipe_sh),
    RULE("DF5002", A(NULL), MT_SEV_HIGH, "TLS or signature verification disabled",
         "Turning off certificate or package-signature checks lets a network attacker replace "
         "what the build downloads.",
         "Remove the flag; install the CA certificate or the repository key instead.",
         df_check_tls_disabled),
    RULE("DF5003", A("AVD-DS-0031"), MT_SEV_CRITICAL, "Secret in ENV or ARG",
         "ENV values are stored in the image config and ARG values in its history: anyone who "
         "can pull the image can read them.",
         "Use a BuildKit secret mount (RUN --mount=type=secret) or inject the secret at run "
         "time.",
         df_check_secret_env),
    RULE("DF5004", A(NULL), MT_SEV_HIGH, "Credentials or private key copied into the image",
         "Keys, .env files and credential files copied into a layer stay in the image even if "
         "a later step deletes them.",
         "Exclude them with .dockerignore; use secret mounts at build time.",
         df_check_sensitive_copy),
    RULE("DF5005", A("AVD-DS-0002", "DL3002"), MT_SEV_HIGH, "Image runs as root",
         "The final stage has no USER, or sets USER root/0, so the container's process runs as "
         "root.",
         "Create an unprivileged user and add USER app (or a numeric UID) in the final stage.",
         df_check_final_root),
    RULE("DF5006", A(NULL), MT_SEV_MEDIUM, "ADD of a remote URL without --checksum",
         "The downloaded file is not verified; a changed or tampered file goes straight into "
         "the image.",
         "Use ADD --checksum=sha256:... URL, or download and verify in RUN.",
         df_check_add_checksum),
    RULE("DF5007", A(NULL), MT_SEV_MEDIUM, "World-writable permissions",
         "Files any user can write let a compromised process alter binaries or configuration.",
         "Grant the least permission needed (e.g. 755 / 644) and set ownership with --chown.",
         df_check_world_writable),
    RULE("DF5008", A("AVD-DS-0004"), MT_SEV_MEDIUM, "Port 22 exposed",
         "Running SSH in a container widens the attack surface; use docker exec or kubectl exec.",
         "Remove EXPOSE 22 and the SSH server.", df_check_expose_ssh),
    RULE("DF5009", A(NULL), MT_SEV_HIGH, "RUN with --security=insecure",
         "The step runs without the sandbox (like a privileged container) and can reach the "
         "build host.",
         "Remove --security=insecure.", df_check_run_insecure),
    RULE("DF5010", A(NULL), MT_SEV_INFO, "Base image not pinned by digest",
         "A tag can be moved to another image; only a digest names exactly one image.",
         "Append the digest: FROM debian:12@sha256:...", df_check_base_digest),
    RULE("DF5011", A("AVD-DS-0017"), MT_SEV_MEDIUM, "Package index update without install",
         "A RUN that only updates the package index is cached on its own, so later installs can "
         "use a stale index.",
         "Update and install in the same RUN.", df_check_update_alone),
    RULE("DF5012", A(NULL), MT_SEV_LOW, "Build tools left in the final stage",
         "Compilers and build tools in the runtime image add size and give an attacker tools.",
         "Build in an earlier stage and copy only the artefacts, or remove the tools in the "
         "same RUN.",
         df_check_build_tools),
};

static const mt_rule *df_rule_at(size_t i)
{
    return &rules[i].meta;
}

/* ---- helpers shared by the checks ---- */

/* Appends n bytes of s to the message at *len, keeping it within cap - 1
 * bytes as snprintf() would. */
static void msg_put(char *msg, size_t cap, size_t *len, const char *s, size_t n)
{
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(msg + *len, s, n);
    *len += n;
}

/* vsnprintf(msg, cap, fmt, ap) for the conversions the checks use (%s, %d,
 * %zu and %%), without the cost of stdio; false (and nothing usable in
 * msg) for any other conversion. */
static bool format_simple(char *msg, size_t cap, const char *fmt, va_list ap)
{
    size_t len = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            msg_put(msg, cap, &len, p, strlen(p));
            break;
        }
        msg_put(msg, cap, &len, p, (size_t)(pct - p));
        char num[MT_DEC_MAX], *end = num + sizeof(num), *digits;
        if (pct[1] == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)"; /* as glibc prints it */
            msg_put(msg, cap, &len, s, strlen(s));
            p = pct + 2;
            continue;
        } else if (pct[1] == '%') {
            msg_put(msg, cap, &len, "%", 1);
            p = pct + 2;
            continue;
        } else if (pct[1] == 'd') {
            digits = mt_dec(end, va_arg(ap, int));
            p = pct + 2;
        } else if (pct[1] == 'z' && pct[2] == 'u') {
            digits = mt_udec(end, va_arg(ap, size_t));
            p = pct + 3;
        } else {
            return false;
        }
        msg_put(msg, cap, &len, digits, (size_t)(end - digits));
    }
    msg[len] = '\0';
    return true;
}

void df_emit(df_ctx *c, const mt_rule *r, const df_instr *in, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    bool done = format_simple(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!done) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
    }
    mt_emit_msg(c->sf, r, in->line, in->end_line, in->col, in->text, msg);
}

int df_final_stage(const df_ctx *c)
{
    return (int)c->df->nstages - 1;
}

bool df_stage_is_used_as_base(const df_ctx *c, int s)
{
    if (s == df_final_stage(c))
        return true;
    for (size_t k = 0; k < c->df->nstages; k++) {
        if (c->df->stages[k]->parent == s)
            return true;
    }
    return false;
}

const char *df_resolve(df_ctx *c, size_t at, const char *s)
{
    if (!df_has_var(s))
        return s;
    bool unresolved = false;
    char *v = df_expand_at(c->df, at, c->arena, s, &unresolved);
    return unresolved ? NULL : v;
}

bool df_has_var(const char *s)
{
    for (const char *p = strchr(s, '$'); p; p = strchr(p + 1, '$')) {
        if (p[1] == '{' || p[1] == '_' || isalpha((unsigned char)p[1]))
            return true;
    }
    return false;
}

static void parse_image_ref(mt_arena *a, const char *ref, df_image_ref *out)
{
    memset(out, 0, sizeof(*out));
    const char *at = strchr(ref, '@');
    size_t name_len = at ? (size_t)(at - ref) : strlen(ref);
    if (at)
        out->digest = mt_arena_strdup(a, at + 1);
    char *name = mt_arena_strndup(a, ref, name_len);
    char *slash = strrchr(name, '/');
    char *colon = strrchr(name, ':');
    if (colon && (!slash || colon > slash)) {
        out->tag = mt_arena_strdup(a, colon + 1);
        *colon = '\0';
    }
    char *first = strchr(name, '/');
    if (first) {
        size_t hl = (size_t)(first - name);
        bool is_registry = memchr(name, '.', hl) || memchr(name, ':', hl) ||
                           (hl == 9 && strncmp(name, "localhost", 9) == 0);
        if (is_registry) {
            out->registry = mt_arena_strndup(a, name, hl);
            out->path = mt_arena_strdup(a, first + 1);
            return;
        }
    }
    out->path = mt_arena_strdup(a, name);
}

const df_image_ref *df_stage_image_ref(df_ctx *c, int s)
{
    if (!c->stage_refs)
        c->stage_refs = mt_arena_alloc(c->arena, (c->df->nstages + 1) * sizeof(df_image_ref *));
    if (!c->stage_refs[s]) {
        c->stage_refs[s] = mt_arena_alloc(c->arena, sizeof(df_image_ref));
        parse_image_ref(c->arena, c->df->stages[s]->image_resolved, c->stage_refs[s]);
    }
    return c->stage_refs[s];
}

bool df_is_stage_alias(const df_ctx *c, int s, const char *name)
{
    for (int k = 0; k < s && k < (int)c->df->nstages; k++) {
        if (c->df->stages[k]->name && strcasecmp(c->df->stages[k]->name, name) == 0)
            return true;
    }
    return false;
}

/* ---- file matching ---- */

static bool df_match_name(const char *path)
{
    const char *b = mt_basename(path);
    static const char *const stems[] = {"dockerfile", "containerfile"};
    for (size_t i = 0; i < MT_ARRAY_LEN(stems); i++) {
        size_t sl = strlen(stems[i]);
        if (strcasecmp(b, stems[i]) == 0)
            return true;
        /* Dockerfile.dev, Dockerfile.prod ... */
        if (strncasecmp(b, stems[i], sl) == 0 && b[sl] == '.' && b[sl + 1])
            return true;
        /* api.Dockerfile, build.containerfile ... */
        size_t bl = strlen(b);
        if (bl > sl + 1 && b[bl - sl - 1] == '.' && strcasecmp(b + bl - sl, stems[i]) == 0)
            return true;
    }
    return false;
}

/* Content check for files named explicitly: the first instruction is FROM
 * (after comments, directives and ARGs). */
static bool df_sniff(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)data[i]))
            i++;
        if (i >= len)
            return false;
        if (data[i] == '#') {
            while (i < len && data[i] != '\n')
                i++;
            continue;
        }
        if (len - i >= 5 && strncasecmp(data + i, "FROM", 4) == 0 && isspace((unsigned char)data[i + 4]))
            return true;
        if (len - i >= 4 && strncasecmp(data + i, "ARG", 3) == 0 && isspace((unsigned char)data[i + 3])) {
            while (i < len && data[i] != '\n')
                i++;
            continue;
        }
        return false;
    }
    return false;
}

/* ---- RUN bodies ---- */

static bool is_shell_name(const char *s)
{
    const char *b = mt_basename(s);
    return !strcmp(b, "sh") || !strcmp(b, "bash") || !strcmp(b, "ash") || !strcmp(b, "dash") ||
           !strcmp(b, "zsh");
}

/* The DF_FAM_* family of a command name (see df_rules.h); generous, since
 * a missing bit would silence a rule. */
static unsigned command_family(const char *n)
{
    switch (n[0]) {
    case 'a':
        if (!strncmp(n, "apt", 3))
            return DF_FAM_APT;
        return !strcmp(n, "apk") ? DF_FAM_APK : 0;
    case 'y':
        if (!strcmp(n, "yum"))
            return DF_FAM_YUM;
        return !strcmp(n, "yarn") ? DF_FAM_NODE : 0;
    case 'd':
        return !strncmp(n, "dnf", 3) ? DF_FAM_DNF : 0;
    case 'm':
        return !strcmp(n, "microdnf") ? DF_FAM_DNF : 0;
    case 'z':
        return !strcmp(n, "zypper") ? DF_FAM_ZYPPER : 0;
    case 'p':
        if (!strncmp(n, "pip", 3) || !strncmp(n, "python", 6))
            return DF_FAM_PIP;
        return !strcmp(n, "pnpm") ? DF_FAM_NODE : 0;
    case 'n':
        return !strncmp(n, "np", 2) ? DF_FAM_NODE : 0;
    case 'g':
        if (!strcmp(n, "gem"))
            return DF_FAM_GEM;
        return !strncmp(n, "go", 2) ? DF_FAM_GO : 0;
    case 'x':
        return !strcmp(n, "xargs") ? ~0u : 0; /* runs a command named in its arguments */
    default:
        return 0;
    }
}

static void build_run(df_ctx *c, size_t idx, bool posix)
{
    const df_instr *in = c->df->instrs[idx];
    df_run *run = mt_arena_alloc(c->arena, sizeof(*run));
    run->posix = posix;
    mt_buf script;
    mt_buf_init(&script);
    if (in->json) {
        /* ["sh", "-c", "script"] runs a script; other exec forms run one
         * command whose words we quote back. */
        if (in->argc >= 3 && is_shell_name(in->argv[0]) && strcmp(in->argv[1], "-c") == 0) {
            mt_buf_puts(&script, in->argv[2]);
        } else {
            for (size_t k = 0; k < in->argc; k++) {
                mt_buf_puts(&script, k ? " '" : "'");
                for (const char *p = in->argv[k]; *p; p++) {
                    if (*p == '\'')
                        mt_buf_puts(&script, "'\\''");
                    else
                        mt_buf_putc(&script, *p);
                }
                mt_buf_putc(&script, '\'');
            }
        }
    } else if (!in->nheredocs) {
        /* the common case: split the instruction's text in place */
        sh_split(c->arena, in->args, strlen(in->args), &run->sh);
        c->runs[idx] = run;
        return;
    } else {
        /* `RUN <<EOF` or `RUN bash <<EOF`: the bodies are the script (unless
         * a shebang names another interpreter). Otherwise the bodies are
         * data for the commands on the RUN line. */
        sh_script head;
        sh_split(c->arena, in->args, strlen(in->args), &head);
        size_t with_words = 0;
        bool shell_reads = true;
        for (size_t k = 0; k < head.ncmds; k++) {
            if (head.cmds[k].nwords == 0)
                continue; /* the bare `<<EOF` redirection */
            with_words++;
            shell_reads &= is_shell_name(sh_cmd_name(&head.cmds[k]));
        }
        shell_reads &= with_words <= 1;
        if (!shell_reads)
            mt_buf_puts(&script, in->args);
        for (size_t h = 0; h < in->nheredocs && shell_reads; h++) {
            const char *body = in->heredocs[h].body;
            size_t first_len = strcspn(body, "\n");
            if (mt_startswith(body, "#!") && !memmem(body, first_len, "sh", 2))
                continue;
            mt_buf_puts(&script, body);
            mt_buf_putc(&script, '\n');
        }
    }
    sh_split(c->arena, script.data ? script.data : "", script.len, &run->sh);
    mt_buf_free(&script);
    c->runs[idx] = run;
}

/* ---- inline suppressions ---- */

static const df_instr *next_instr_after(const df_file *f, int line)
{
    for (size_t k = 0; k < f->ninstrs; k++) {
        if (f->instrs[k]->line > line)
            return f->instrs[k];
    }
    return NULL;
}

static bool inside_instr(const df_file *f, int line)
{
    for (size_t k = 0; k < f->ninstrs; k++) {
        if (f->instrs[k]->line < line && f->instrs[k]->end_line >= line)
            return true;
    }
    return false;
}

/* Parses one comment for suppression pragmas. */
static void handle_pragma(df_ctx *c, const df_comment *cm, bool *posix_all)
{
    const char *t = cm->text;
    const df_instr *next = inside_instr(c->df, cm->line) ? NULL : next_instr_after(c->df, cm->line);
    int first = next ? next->line : cm->line + 1;
    int last = next ? next->end_line : cm->line + 1;

    if (mt_startswith_ci(t, "hadolint")) {
        const char *p = t + 8;
        while (*p == ' ' || *p == '\t')
            p++;
        bool global = false;
        if (mt_startswith_ci(p, "global")) {
            global = true;
            p += 6;
            while (*p == ' ' || *p == '\t')
                p++;
        }
        if (mt_startswith_ci(p, "shell=")) {
            const char *sh = p + 6;
            if (!mt_startswith(sh, "sh") && !mt_startswith(sh, "bash") && !mt_startswith(sh, "/bin/"))
                *posix_all = false;
            return;
        }
        if (!mt_startswith_ci(p, "ignore="))
            return;
        p += 7;
        size_t n = 0;
        while (p[n] && p[n] != '#' && (isalnum((unsigned char)p[n]) || p[n] == ',' || p[n] == ' ' ||
                                       p[n] == '-'))
            n++;
        const char *reason = p[n] == '#' ? p + n + 1 : NULL;
        while (reason && *reason == ' ')
            reason++;
        if (global)
            mt_inline_ignore_add(c->sf, 1, c->df->nlines + 1, p, n, reason ? reason : "hadolint global ignore");
        else
            mt_inline_ignore_add(c->sf, first, last, p, n, reason ? reason : "hadolint ignore");
        return;
    }
    mt_pragma_comment(c->sf, t, strlen(t), first, last);
}

/* ---- the analyzer ---- */

static void df_scan(mt_scan_file *sf)
{
    mt_arena scratch;
    mt_arena_init(&scratch);
    df_file df;
    df_parse(&scratch, sf->data, sf->len, &df);
    df_ctx c = {.sf = sf, .df = &df, .arena = &scratch};
    c.runs = mt_arena_alloc(&scratch, (df.ninstrs + 1) * sizeof(df_run *));

    bool posix_all = true;
    if (!sf->settings->disable_ignore_pragma) {
        for (size_t k = 0; k < df.ncomments; k++)
            handle_pragma(&c, &df.comments[k], &posix_all);
    } else {
        for (size_t k = 0; k < df.ncomments; k++) {
            if (mt_startswith_ci(df.comments[k].text, "hadolint shell="))
                handle_pragma(&c, &df.comments[k], &posix_all);
        }
    }
    /* Which shell each RUN uses: SHELL applies until the end of its stage. */
    bool posix = posix_all;
    for (size_t k = 0; k < df.ninstrs; k++) {
        const df_instr *in = df.instrs[k];
        if (in->kind == DF_FROM)
            posix = posix_all;
        if (in->kind == DF_SHELL && in->json && in->argc > 0) {
            const char *b = mt_basename(in->argv[0]);
            posix = posix_all && is_shell_name(b);
        }
        if (in->kind == DF_RUN) {
            build_run(&c, k, posix);
            df_run *run = c.runs[k];
            const sh_script *sh = &run->sh;
            for (size_t q = 0; q < sh->ncmds; q++) {
                c.families |= command_family(sh_cmd_name(&sh->cmds[q]));
                run->progs |= sh_prog_bit(sh_cmd_prog(&sh->cmds[q]));
            }
            if (run->posix)
                c.progs |= run->progs;
        }
    }
    for (size_t i = 0; i < MT_ARRAY_LEN(rules); i++) {
        if (mt_rule_enabled(sf, &rules[i].meta))
            rules[i].check(&c, &rules[i].meta);
    }
    mt_arena_free(&scratch);
}

const mt_analyzer mt_dockerfile_analyzer = {
    .type = "dockerfile",
    .class = "config",
    .match_name = df_match_name,
    .sniff = df_sniff,
    .scan = df_scan,
    .nrules = MT_ARRAY_LEN(rules),
    .rule_at = df_rule_at,
};
