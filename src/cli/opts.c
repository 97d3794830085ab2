/* opts.c — the option table and the argument parser. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/scan.h"
#include "report/report.h"

const cli_option cli_options[] = {
    {OPT_FORMAT, "format", 'f', "FORMAT", CMD_SBOM | CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_RULES | CMD_DB | CMD_SBOM_SCAN | CMD_SECRET,
     "Report format: table, json, sarif or junit (rules: table or json; image: table, json, "
     "cyclonedx or spdx-json; sbom: cyclonedx, spdx-json or json). Default: table (sbom: "
     "cyclonedx)."},
    {OPT_OUTPUT, "output", 'o', "FILE", CMD_SBOM | CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_RULES | CMD_SBOM_SCAN | CMD_SECRET,
     "Write the report to FILE instead of standard output."},
    {OPT_SEVERITY, "severity", 's', "LIST", CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_RULES | CMD_SBOM_SCAN | CMD_SECRET,
     "Report only these severities, comma-separated: CRITICAL,HIGH,MEDIUM,LOW,INFO,UNKNOWN."},
    {OPT_EXIT_CODE, "exit-code", 0, "N", CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_SBOM_SCAN | CMD_SECRET,
     "Exit with N when findings remain after the severity filter and suppressions. Default: 0."},
    {OPT_IGNOREFILE, "ignorefile", 0, "FILE", CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_SBOM_SCAN | CMD_SECRET,
     "Suppressions file: one rule ID per line, an optional path glob, an optional "
     "exp:YYYY-MM-DD expiry and a '# reason'. Default: .moatignore if present."},
    {OPT_CONFIG, "config", 'c', "FILE", CMD_CONFIG,
     "Configuration file (any flag, per-rule severity, disabled rules). Default: moat.yaml if "
     "present."},
    {OPT_QUIET, "quiet", 'q', NULL, CMD_SBOM | CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_DB | CMD_SBOM_SCAN | CMD_SECRET, "No progress and no warnings on standard error."},
    {OPT_NO_COLOR, "no-color", 0, NULL, CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_RULES | CMD_SBOM_SCAN | CMD_SECRET,
     "No colours in the table report (also when NO_COLOR is set or output is not a terminal)."},
    {OPT_SKIP_DIRS, "skip-dirs", 0, "GLOB", CMD_CONFIG | CMD_SECRET,
     "Do not descend into matching directories (repeatable, comma-separated). .git, "
     "node_modules, vendor and similar folders are always skipped."},
    {OPT_SKIP_FILES, "skip-files", 0, "GLOB", CMD_CONFIG | CMD_SECRET,
     "Do not scan matching files (repeatable, comma-separated)."},
    {OPT_TYPE, "type", 't', "TYPE", CMD_CONFIG,
     "Treat every file given as TYPE instead of detecting it (dockerfile, kubernetes, compose, shell)."},
    {OPT_PSS, "pss", 0, "LEVEL", CMD_CONFIG,
     "Also judge every pod spec against the Kubernetes Pod Security Standards at LEVEL (baseline or "
     "restricted), control by control as the Pod Security admission does (KS1001-KS1019)."},
    {OPT_PSS_VERSION, "pss-version", 0, "VERSION", CMD_CONFIG,
     "Judge the Pod Security Standards as Kubernetes VERSION defines them (v1.0 ... v1.35, or "
     "latest; default latest)."},
    {OPT_TRUSTED_REGISTRY, "trusted-registry", 0, "REGISTRY", CMD_CONFIG,
     "Only allow base images from these registries (repeatable; enables DF3026)."},
    {OPT_NO_HADOLINT, "no-hadolint-config", 0, NULL, CMD_CONFIG,
     "Do not read .hadolint.yaml files next to the scanned files."},
    {OPT_PARALLEL, "parallel", 0, "N", CMD_SBOM | CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_SECRET,
     "Scan with N threads (default: one per CPU)."},
    {OPT_PLATFORM, "platform", 0, "OS/ARCH[/VARIANT]", CMD_SBOM | CMD_IMAGE,
     "Image platform to read from a multi-platform index. Default: linux/amd64."},
    {OPT_CACHE_DIR, "cache-dir", 0, "DIR", CMD_DB | CMD_FS | CMD_IMAGE | CMD_SBOM_SCAN | CMD_SECRET,
     "Where the vulnerability database and the compiled secret rules live. Default: $MOAT_CACHE_DIR, else "
     "$XDG_CACHE_HOME/moat, else ~/.cache/moat."},
    {OPT_DB_REPOSITORY, "db-repository", 0, "URL", CMD_DB,
     "Mirror to download the feeds from instead of the upstream hosts: URL/ECOSYSTEM/all.zip "
     "and URL/secdb/vX.Y/REPO.json."},
    {OPT_FEEDS, "feeds", 0, "LIST", CMD_DB,
     "Update only these feeds (comma-separated): OSV ecosystems (Debian, Alpine, Ubuntu, Go, npm, "
     "PyPI, Maven, crates.io, RubyGems, Packagist, NuGet) and alpine-secdb."},
    {OPT_SCANNERS, "scanners", 0, "LIST", CMD_FS | CMD_IMAGE,
     "What to report besides the packages, comma-separated: vuln (known vulnerabilities), "
     "misconfig (the image audit), secret (leaked credentials in every layer file and in the "
     "image configuration). Default: vuln,misconfig,secret."},
    {OPT_IGNORE_UNFIXED, "ignore-unfixed", 0, NULL, CMD_FS | CMD_IMAGE | CMD_SBOM_SCAN,
     "Leave out vulnerabilities that have no fixed version yet."},
    {OPT_VEX, "vex", 0, "FILE", CMD_FS | CMD_IMAGE | CMD_SBOM_SCAN,
     "OpenVEX or CycloneDX VEX document (repeatable): vulnerabilities it states not_affected or "
     "fixed are reported as suppressed, with the justification."},
    {OPT_EXCLUDE_BASE, "exclude-base-image", 0, NULL, CMD_IMAGE,
     "Leave out packages of the base image's layers. The base comes from --base-image, else from "
     "the org.opencontainers.image.base.digest/name annotations when the base is in the same OCI "
     "layout."},
    {OPT_BASE_IMAGE, "base-image", 0, "TARGET", CMD_IMAGE,
     "The image the scanned one was built FROM (read as TARGET of 'moat image'); its layers are "
     "the base layers for --exclude-base-image."},
    {OPT_SECRET_CONFIG, "secret-config", 0, "FILE", CMD_SECRET | CMD_IMAGE | CMD_FS,
     "Extra secret rules (YAML, the format of rules/secrets.yaml; repeatable): new IDs add rules, "
     "existing IDs replace them, `disable:` removes some, `allowlist:` adds to the global one."},
    {OPT_SHOW_SECRETS, "show-secrets", 0, NULL, CMD_SECRET | CMD_IMAGE | CMD_FS,
     "Print secrets whole instead of masked (first 4 characters, then asterisks)."},
    {OPT_BASELINE, "baseline", 0, "REPORT", CMD_SECRET,
     "A JSON report of an earlier 'moat secret' run: only secrets not in it are reported."},
    {OPT_GIT, "git", 0, NULL, CMD_SECRET,
     "Each PATH is a git repository: scan every blob added in every commit of its history "
     "(not the working tree), reporting the commit, author and file."},
    {OPT_SINCE, "since", 0, "DATE", CMD_SECRET,
     "With --git: only commits authored on or after DATE (YYYY-MM-DD)."},
    {OPT_BRANCH, "branch", 0, "REV", CMD_SECRET,
     "With --git: only the history of this branch (or any revision) instead of every branch and tag."},
    {OPT_SCAN_ARCHIVES, "scan-archives", 0, NULL, CMD_SECRET,
     "Also scan the members of zip, jar and tar (gz, bz2, xz, zst) archives found in the tree."},
    {OPT_RESPECT_GITIGNORE, "respect-gitignore", 0, NULL, CMD_SECRET,
     "Leave out files that .gitignore files of the scanned tree ignore."},
    {OPT_DOCKER_RUN, "docker-run", 0, NULL, CMD_CONFIG,
     "Scan the docker run / podman run (or create) command line given after '--' instead of "
     "files, with the workload rules: moat config --docker-run -- docker run --privileged IMAGE."},
    {OPT_HELP, "help", 'h', NULL, CMD_SBOM | CMD_FS | CMD_IMAGE | CMD_CONFIG | CMD_RULES | CMD_VERSION | CMD_DB | CMD_SBOM_SCAN | CMD_SECRET, "Show this help."},
};
const size_t cli_noptions = MT_ARRAY_LEN(cli_options);

static void push_list(mt_vec *v, const char *arg)
{
    char *copy = mt_xstrdup(arg);
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (*t)
            mt_vec_push(v, mt_xstrdup(t));
    }
    free(copy);
}

static int set_option(const cli_option *opt, const char *val, cli_opts *o)
{
    switch (opt->id) {
    case OPT_FORMAT: o->format = val; break;
    case OPT_OUTPUT: o->output = val; break;
    case OPT_SEVERITY: o->severity = val; break;
    case OPT_EXIT_CODE: {
        char *end = NULL;
        long n = strtol(val, &end, 10);
        if (!*val || *end || n < 0 || n > 255) {
            fprintf(stderr, "moat: --exit-code wants a number from 0 to 255, not '%s'\n", val);
            return EXIT_USAGE;
        }
        o->has_exit_code = true;
        o->exit_code = (int)n;
        break;
    }
    case OPT_PARALLEL: {
        char *end = NULL;
        long n = strtol(val, &end, 10);
        if (!*val || *end || n < 1 || n > 16) {
            fprintf(stderr, "moat: --parallel wants a number from 1 to 16, not '%s'\n", val);
            return EXIT_USAGE;
        }
        o->parallel = (int)n;
        break;
    }
    case OPT_IGNOREFILE: o->ignorefile = val; break;
    case OPT_CONFIG: o->config = val; break;
    case OPT_QUIET: o->quiet = true; break;
    case OPT_NO_COLOR: o->no_color = true; break;
    case OPT_SKIP_DIRS: push_list(&o->skip_dirs, val); break;
    case OPT_SKIP_FILES: push_list(&o->skip_files, val); break;
    case OPT_TYPE: o->type = val; break;
    case OPT_PSS: o->pss = val; break;
    case OPT_PSS_VERSION: o->pss_version = val; break;
    case OPT_TRUSTED_REGISTRY: push_list(&o->trusted, val); break;
    case OPT_NO_HADOLINT: o->no_hadolint = true; break;
    case OPT_PLATFORM: o->platform = val; break;
    case OPT_CACHE_DIR: o->cache_dir = val; break;
    case OPT_DB_REPOSITORY: o->db_repository = val; break;
    case OPT_FEEDS: push_list(&o->feeds, val); break;
    case OPT_SCANNERS: {
        mt_vec v = {0};
        push_list(&v, val);
        o->no_vuln = o->no_audit = o->no_secret = true;
        int bad = 0;
        for (size_t i = 0; i < v.len; i++) {
            const char *s = v.items[i];
            if (!strcmp(s, "vuln"))
                o->no_vuln = false;
            else if (!strcmp(s, "misconfig"))
                o->no_audit = false;
            else if (!strcmp(s, "secret"))
                o->no_secret = false;
            else if (!bad) {
                fprintf(stderr, "moat: unknown scanner '%s' (want vuln, misconfig, secret)\n", s);
                bad = 1;
            }
            free(v.items[i]);
        }
        mt_vec_free(&v);
        if (bad)
            return EXIT_USAGE;
        break;
    }
    case OPT_IGNORE_UNFIXED: o->ignore_unfixed = true; break;
    case OPT_VEX: mt_vec_push(&o->vex, mt_xstrdup(val)); break;
    case OPT_EXCLUDE_BASE: o->exclude_base = true; break;
    case OPT_BASE_IMAGE: o->base_image = val; break;
    case OPT_SECRET_CONFIG: mt_vec_push(&o->secret_configs, mt_xstrdup(val)); break;
    case OPT_SHOW_SECRETS: o->show_secrets = true; break;
    case OPT_BASELINE: o->baseline = val; break;
    case OPT_GIT: o->git = true; break;
    case OPT_SINCE: o->since = val; break;
    case OPT_BRANCH: o->branch = val; break;
    case OPT_SCAN_ARCHIVES: o->scan_archives = true; break;
    case OPT_RESPECT_GITIGNORE: o->respect_gitignore = true; break;
    case OPT_DOCKER_RUN: o->docker_run = true; break;
    case OPT_HELP: o->help = true; break;
    }
    return 0;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o)
{
    memset(o, 0, sizeof(*o));
    bool only_paths = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            mt_vec_push(&o->paths, argv[i]);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
            o->has_dashdash = true;
            o->dashdash_at = o->paths.len;
            continue;
        }
        const cli_option *opt = NULL;
        const char *val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            size_t nl = strcspn(name, "=");
            for (size_t k = 0; k < cli_noptions; k++) {
                if (strlen(cli_options[k].name) == nl && strncmp(cli_options[k].name, name, nl) == 0)
                    opt = &cli_options[k];
            }
            if (opt && name[nl] == '=')
                val = name + nl + 1;
        } else {
            for (size_t k = 0; k < cli_noptions; k++) {
                if (cli_options[k].short_name && cli_options[k].short_name == a[1])
                    opt = &cli_options[k];
            }
            if (opt && a[2])
                val = a + 2;
        }
        if (!opt || !(opt->cmds & cmd->bit)) {
            fprintf(stderr, "moat %s: unknown option '%s' (see 'moat %s --help')\n", cmd->name, a,
                    cmd->name);
            return EXIT_USAGE;
        }
        if (opt->arg && !val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "moat %s: --%s needs a value (%s)\n", cmd->name, opt->name, opt->arg);
                return EXIT_USAGE;
            }
            val = argv[++i];
        } else if (!opt->arg && val) {
            fprintf(stderr, "moat %s: --%s takes no value\n", cmd->name, opt->name);
            return EXIT_USAGE;
        }
        int rc = set_option(opt, val, o);
        if (rc)
            return rc;
    }
    return 0;
}

static void free_owned(mt_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    mt_vec_free(v);
}

void cli_opts_free(cli_opts *o)
{
    free_owned(&o->skip_dirs);
    free_owned(&o->skip_files);
    free_owned(&o->trusted);
    free_owned(&o->feeds);
    free_owned(&o->vex);
    free_owned(&o->secret_configs);
    mt_vec_free(&o->paths);
}

int cli_severity_mask(const char *list, unsigned *mask)
{
    *mask = 0;
    char *copy = mt_xstrdup(list);
    char *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        mt_severity s;
        if (mt_severity_parse(t, &s) != 0) {
            fprintf(stderr, "moat: unknown severity '%s' (want CRITICAL, HIGH, MEDIUM, LOW, INFO, UNKNOWN)\n", t);
            rc = EXIT_USAGE;
            break;
        }
        *mask |= 1u << s;
    }
    free(copy);
    if (!rc && !*mask) {
        fprintf(stderr, "moat: --severity needs at least one severity\n");
        rc = EXIT_USAGE;
    }
    return rc;
}

FILE *cli_open_output(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "moat: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

int cli_load_ignorefile(const char *path, mt_scan_opts *so)
{
    struct stat sb;
    const char *ign = path ? path : (stat(".moatignore", &sb) == 0 && S_ISREG(sb.st_mode) ? ".moatignore" : NULL);
    if (!ign)
        return 0;
    char *err = NULL;
    if (mt_ignorefile_load(ign, &so->ignores, &err) != 0) {
        fprintf(stderr, "moat: %s\n", err);
        free(err);
        return EXIT_USAGE;
    }
    return 0;
}

bool cli_use_color(FILE *out, const cli_opts *o)
{
    if (o->no_color || getenv("NO_COLOR"))
        return false;
    return isatty(fileno(out));
}

bool cli_findings_fail(const mt_report *r)
{
    for (size_t i = 0; i < r->results.len; i++) {
        const mt_result *res = r->results.items[i];
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (!f->suppressed && f->severity >= res->fail_threshold)
                return true;
        }
        for (size_t j = 0; j < res->vulns.len; j++) {
            const mt_vuln *v = res->vulns.items[j];
            if (!v->suppressed)
                return true;
        }
    }
    return false;
}

int cli_write_report(const mt_writer *w, const char *format, const char *output, const cli_opts *o,
                     const mt_report *rep, const mt_scan_opts *so, bool has_exit_code, int exit_code)
{
    FILE *out = cli_open_output(output);
    if (!out)
        return EXIT_UNREADABLE;
    mt_report_opts ro = {.color = !strcmp(format, "table") && cli_use_color(out, o),
                         .version = MOAT_VERSION, .threads = o->parallel};
    w->write(out, rep, &ro);
    return cli_finish_report(out, output, o, rep, so, has_exit_code, exit_code);
}

int cli_finish_report(FILE *out, const char *output, const cli_opts *o, const mt_report *rep,
                      const mt_scan_opts *so, bool has_exit_code, int exit_code)
{
    int rc = 0;
    /* A write that failed earlier (a full disk, a closed pipe) leaves the
     * stream's error flag set even when nothing is left to flush. */
    bool failed = fflush(out) != 0 || ferror(out);
    int err = errno;
    if (out != stdout && fclose(out) != 0 && !failed) {
        failed = true;
        err = errno;
    }
    if (failed) {
        fprintf(stderr, "moat: cannot write %s: %s\n", out == stdout ? "standard output" : output,
                strerror(err ? err : EIO));
        rc = EXIT_UNREADABLE;
    }
    if (!o->quiet) {
        for (size_t i = 0; i < rep->warnings.len; i++)
            fprintf(stderr, "moat: warning: %s\n", (char *)rep->warnings.items[i]);
        for (size_t i = 0; so && i < so->ignores.len; i++) {
            const mt_ignore_entry *e = so->ignores.items[i];
            if (e->expires && so->today > e->expires)
                fprintf(stderr, "moat: warning: %s: ignore of %s expired on %04d-%02d-%02d\n", e->origin,
                        e->id, e->expires / 10000, e->expires / 100 % 100, e->expires % 100);
        }
    }
    for (size_t i = 0; i < rep->errors.len; i++) {
        const mt_report_error *e = rep->errors.items[i];
        fprintf(stderr, "moat: error: %s: %s\n", e->target, e->message);
    }
    if (!rc && rep->errors.len)
        rc = EXIT_UNREADABLE;
    else if (!rc && has_exit_code && cli_findings_fail(rep))
        rc = exit_code;
    return rc;
}
