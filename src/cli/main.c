/* main.c — entry point: dispatches to the command table. */
#include "cli/cli.h"

#include <string.h>

const cli_command cli_commands[] = {
    {"config", cmd_config, CMD_CONFIG, "moat config [OPTIONS] PATH...",
     "Scan Dockerfiles, Kubernetes manifests, Compose files, docker run lines.",
     "Scan configuration files for misconfigurations: Dockerfiles and Containerfiles, Kubernetes "
     "manifests (YAML or JSON, multi-document, Lists, helm template output), Compose files, and "
     "the docker/podman run commands of shell scripts. PATH may be a file, a directory (walked "
     "recursively) or - for standard input. Dockerfiles are recognised by name (Dockerfile, "
     "*.Dockerfile, Dockerfile.*, Containerfile), Compose files by name or content, manifests by "
     "content (apiVersion and kind), scripts by extension or shebang. The Kubernetes files of one "
     "run are judged as one set: RoleBindings are followed to their roles and NetworkPolicies to "
     "the pods they select, across files. --docker-run judges the command line after --.",
     "  moat config .\n"
     "  moat config --format sarif --output moat.sarif services/\n"
     "  moat config --severity HIGH,CRITICAL --exit-code 1 Dockerfile\n"
     "  helm template ./chart | moat config --pss restricted -\n"
     "  moat config --docker-run -- docker run --privileged -v /:/host alpine\n"
     "  cat Dockerfile | moat config --type dockerfile -\n"},
    {"image", cmd_image, CMD_IMAGE, "moat image [OPTIONS] TARGET...",
     "Scan a container image: OS, packages, vulnerabilities, configuration.",
     "Read a container image without extracting it: its operating system, its OS packages "
     "(dpkg, apk, rpm) and language packages (Go and cargo-auditable binaries, npm, yarn, pnpm, "
     "Python, Ruby, PHP, .NET, Rust, Java), each with its purl, license where the source gives "
     "one, source package and the layer that introduced it; the known vulnerabilities of those "
     "packages (from the database 'moat db' manages: distribution advisories for OS packages, "
     "ecosystem advisories for language packages); and the image configuration audit "
     "(IM rules: root user, secrets in Env and history, setuid and world-writable files, "
     "credentials and caches left in layers, ...). TARGET is oci:DIR[:TAG] (OCI image layout), "
     "oci-archive:FILE[:TAG], docker-archive:FILE ('docker save' output), dir:PATH (a root "
     "filesystem) or a bare path, whose kind is detected. Every layer blob is checked against "
     "its digest and the config's diff IDs.",
     "  moat image oci:./layout:latest\n"
     "  moat image --format json docker-archive:app.tar\n"
     "  moat image --platform linux/arm64 oci:./multi\n"
     "  moat image --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 oci:./layout:latest\n"},
    {"fs", cmd_fs, CMD_FS, "moat fs [OPTIONS] DIR...",
     "Inventory, audit and scan a root filesystem in a directory.",
     "Inventory and audit a directory holding a root filesystem (an unpacked image, a chroot, "
     "a mounted disk), as 'moat image dir:DIR' does: its operating system, packages, their known "
     "vulnerabilities and the "
     "files the image audit reports (setuid/setgid, world-writable, credentials, histories, "
     "package caches). Nothing is executed and symbolic links are never followed.",
     "  moat fs ./rootfs\n  moat fs --format cyclonedx /mnt/image-root\n"},
    {"sbom", cmd_sbom, CMD_SBOM, "moat sbom [OPTIONS] TARGET...",
     "Write a CycloneDX or SPDX software bill of materials for images.",
     "Write a software bill of materials for images: CycloneDX 1.6 JSON (default) or SPDX 2.3 "
     "JSON, with the image identity (digests, tags), its operating system and every package "
     "with its purl, license where the source gives one, source package, layer of origin and "
     "the dependencies the package databases record. TARGET is read as by 'moat image'. The "
     "output is the same for the same image, apart from the timestamp, which SOURCE_DATE_EPOCH "
     "sets.",
     "  moat sbom oci:./layout:latest > sbom.cdx.json\n"
     "  moat sbom --format spdx-json --output sbom.spdx.json docker-archive:app.tar\n"},
    {"sbom-scan", cmd_sbom_scan, CMD_SBOM_SCAN, "moat sbom-scan [OPTIONS] FILE...",
     "Report the known vulnerabilities of the packages an SBOM lists.",
     "Read an existing software bill of materials (CycloneDX 1.4-1.6 JSON or SPDX 2.2/2.3 JSON, "
     "from moat, Trivy, Syft or any other producer) and report the known vulnerabilities of "
     "every package it lists with a purl, matched as 'moat image' matches installed packages: "
     "OS packages against their distribution's advisories (the distribution comes from the "
     "SBOM's operating-system component or the purls' distro qualifier), language packages "
     "against their ecosystem's.",
     "  moat sbom-scan sbom.cdx.json\n"
     "  moat sbom-scan --format json --severity HIGH,CRITICAL --exit-code 1 app.spdx.json\n"},
    {"secret", cmd_secret, CMD_SECRET, "moat secret [OPTIONS] PATH...",
     "Find leaked credentials in files, directories and git history.",
     "Find leaked credentials (cloud keys, tokens of source hosts, registries and SaaS, private "
     "keys, database URLs with passwords, high-entropy assignments to secret-looking names) in "
     "files and directories (every text file, streamed, on every core; binary files skipped; "
     "the base64 data of Kubernetes Secret manifests decoded), or with --git in every blob "
     "of a repository's history. Rules are data: the shipped rules/secrets.yaml, extended or "
     "overridden with --secret-config. Secrets are masked in every report unless "
     "--show-secrets. A line saying gitleaks:allow or moat:allow is suppressed, and so are the "
     "fingerprints listed in .gitleaksignore and the IDs in .moatignore; --baseline REPORT "
     "reports only what an earlier JSON report did not have.",
     "  moat secret .\n"
     "  moat secret --format sarif --output secrets.sarif src/\n"
     "  moat secret --git --since 2025-01-01 .\n"
     "  moat secret --format json . > baseline.json; moat secret --baseline baseline.json .\n"},
    {"db", cmd_db, CMD_DB, "moat db update|import|export|info [OPTIONS] [FILE|DIR...]",
     "Manage the vulnerability database: download, import, export, inspect.",
     "Manage the vulnerability database (an SQLite file, vuln.db, in the cache directory). "
     "'update' downloads the OSV archives of Debian, Alpine, Ubuntu, Go, npm, PyPI, Maven, "
     "crates.io, RubyGems, Packagist and NuGet and Alpine's secdb over HTTPS, asking only for "
     "what changed since the last update (ETag, If-Modified-Since), retrying with backoff, and "
     "replaces the database in one step when every feed arrived: a failed or interrupted "
     "update leaves the previous database in place. 'import' loads the same data from disk for "
     "air-gapped machines: OSV JSON files, directories of them and all.zip archives, secdb "
     "YAML or JSON, or a file written by 'export'. 'export FILE' writes the whole database to "
     "one portable file. 'info' shows the sources, their record counts and the database's "
     "age. Scans never refuse an old database: they warn about its age and go on.",
     "  moat db update\n"
     "  moat db update --feeds Debian,alpine-secdb --db-repository https://mirror.example/osv\n"
     "  moat db import ./osv/Go/all.zip ./secdb/v3.19/main.json\n"
     "  moat db export moat-vulndb.sqlite && moat db import moat-vulndb.sqlite\n"
     "  moat db info --format json\n"},
    {"rules", cmd_rules, CMD_RULES, "moat rules [OPTIONS]", "List every rule.",
     "List every rule: ID, the equivalent rule IDs of other tools (aliases), default severity, "
     "title and the page in docs/rules that explains it.",
     "  moat rules\n  moat rules --format json\n"},
    {"version", cmd_version, CMD_VERSION, "moat version", "Print moat's version.",
     "Print moat's version and the versions of the libraries it was built with.", ""},
    {"help", cmd_help, 0, "moat help [COMMAND]", "Show help for moat or for one command.",
     "Show help for moat or for one command. 'moat help --man' writes the man page.", ""},
};
const size_t cli_ncommands = MT_ARRAY_LEN(cli_commands);

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++) {
        if (strcmp(cli_commands[i].name, name) == 0)
            return &cli_commands[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_help(stderr, NULL);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        cli_print_help(stdout, NULL);
        return 0;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-v"))
        name = "version";
    const cli_command *cmd = cli_command_find(name);
    if (!cmd) {
        fprintf(stderr, "moat: unknown command '%s' (see 'moat help')\n", argv[1]);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}
