#!/usr/bin/env python3
"""Generate a deterministic corpus of realistic Dockerfiles for benchmarking.

    python3 bench/gen_dockerfiles.py --count 1200 --out /tmp/corpus [--seed 42]

Writes COUNT files below OUT, one per project directory:
    proj0001/Dockerfile, proj0002/build.Dockerfile, proj0003/Dockerfile.dev,
    proj0004/docker/Dockerfile, ...
The files imitate what real repositories contain: many base images (tagged,
untagged, pinned by digest, chosen through `ARG BASE` + `FROM ${BASE}`),
multi-stage builds, package installs for every common package manager (pinned
or not, with or without cleanup), long `&& \\` chains, heredocs, BuildKit
`--mount=type=cache`, `# hadolint ignore=` pragmas, `curl | sh`, and the usual
LABEL/ENV/ARG/EXPOSE/USER/WORKDIR/HEALTHCHECK/CMD/ENTRYPOINT instructions.
Sizes range from about 10 to about 150 lines.

Standard library only. The same --seed and --count always give byte-identical
files, and file N does not depend on --count (each file has its own RNG).
A summary line (files, lines, bytes) is printed to stderr.
"""

import argparse
import os
import random
import sys

MIN_LINES = 10
MAX_LINES = 150

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

ORGS = ["acme", "initech", "globex", "umbrella", "hooli", "stark", "wayne",
        "tyrell", "cyberdyne", "soylent", "aperture", "oscorp", "vandelay",
        "kramerica", "dunder", "piedpiper", "massive", "wonka", "blueth"]
APPS = ["api", "web", "worker", "gateway", "scheduler", "billing", "auth",
        "search", "ingest", "notifier", "reports", "frontend", "backend",
        "proxy", "exporter", "crawler", "indexer", "cli", "agent", "relay",
        "dashboard", "metrics", "mailer", "uploader", "sync", "queue"]
PEOPLE = ["Jane Doe <jane@example.com>", "ops@example.org",
          "John Smith <jsmith@example.net>", "devops team <devops@example.com>",
          "maintainers@example.io", "Alex Kim <alex.kim@example.com>",
          "platform@example.dev"]
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "MPL-2.0",
            "proprietary"]

DEBIAN_TAGS = ["bookworm", "bookworm-slim", "bullseye", "bullseye-slim",
               "buster", "12", "11-slim", "stable-slim", "sid", "latest"]
UBUNTU_TAGS = ["22.04", "20.04", "24.04", "jammy", "focal", "noble",
               "18.04", "latest", "jammy-20240111"]
ALPINE_TAGS = ["3.19", "3.18", "3.17", "3.16", "3.15", "3.12", "edge",
               "latest", "3.19.1", "3"]
CENTOS_TAGS = ["7", "centos7", "8", "stream8", "7.9.2009"]
FEDORA_TAGS = ["39", "38", "40", "37", "latest", "rawhide"]
OPENSUSE = [("opensuse/leap", ["15.5", "15.4", "15", "latest"]),
            ("opensuse/tumbleweed", ["latest", ""])]
NODE_TAGS = ["20", "18", "16", "21", "lts", "20-alpine", "18-alpine",
             "20-bullseye", "18-bullseye-slim", "20-slim", "16-buster",
             "14-alpine3.17", "20.11.1-alpine3.19", "lts-alpine"]
PYTHON_TAGS = ["3.12", "3.11", "3.10", "3.9", "3.8", "3.12-slim",
               "3.11-slim", "3.11-slim-bookworm", "3.10-alpine",
               "3.12-alpine3.19", "3.9-slim-buster", "3-slim", "3.11.8-slim"]
GOLANG_TAGS = ["1.22", "1.21", "1.20", "1.19", "1.22-alpine", "1.21-alpine",
               "1.21-bookworm", "1.20-bullseye", "1.22.1-alpine3.19",
               "alpine", "latest"]
OPENJDK_TAGS = ["17", "17-jdk-slim", "11-jre-slim", "11", "8-jre",
                "8-jdk-alpine", "17-alpine", "21-jdk", "11-jdk-slim-buster"]
TEMURIN_TAGS = ["17-jre", "17-jdk", "21-jre-alpine", "11-jre-focal",
                "17-jre-jammy", "8-jre"]
NGINX_TAGS = ["1.25", "1.25-alpine", "1.24", "alpine", "stable-alpine",
              "mainline", "1.23.4", "latest", "1.25.3-alpine-slim"]
RUBY_TAGS = ["3.3", "3.2", "3.2-slim", "3.1-alpine", "3.3-slim-bookworm",
             "2.7", "2.7-slim-buster"]
RUST_TAGS = ["1.76", "1.75-slim", "1.77-bookworm", "1.76-alpine", "latest",
             "slim"]
MAVEN_TAGS = ["3.9-eclipse-temurin-17", "3.8-openjdk-11",
              "3.9.6-eclipse-temurin-21", "3-openjdk-17-slim"]
GRADLE_TAGS = ["8.5-jdk17", "7.6-jdk11", "8-jdk21-alpine", "jdk17"]
REGISTRY_PREFIXES = ["docker.io/library/", "docker.io/", "",
                     "registry.example.com/mirror/", "mirror.gcr.io/library/",
                     "public.ecr.aws/docker/library/"]

APT_PKGS = [("curl", "7.88.1-10+deb12u5"), ("ca-certificates", "20230311"),
            ("git", "1:2.39.2-1.1"), ("wget", "1.21.3-1+b2"),
            ("gnupg", "2.2.40-1.1"), ("build-essential", "12.9"),
            ("libpq-dev", "15.6-0+deb12u1"), ("libssl-dev", "3.0.11-1~deb12u2"),
            ("unzip", "6.0-28"), ("jq", "1.6-2.1"), ("tzdata", "2024a-0+deb12u1"),
            ("locales", "2.36-9+deb12u4"), ("procps", "2:4.0.2-3"),
            ("netcat-openbsd", "1.219-1"), ("openssh-client", "1:9.2p1-2+deb12u2"),
            ("python3", "3.11.2-1+b1"), ("python3-pip", "23.0.1+dfsg-1"),
            ("gcc", "4:12.2.0-3"), ("make", "4.3-4.1"), ("pkg-config", "1.8.1-1"),
            ("libffi-dev", "3.4.4-1"), ("zlib1g-dev", "1:1.2.13.dfsg-1"),
            ("tini", "0.19.0-1"), ("gosu", "1.14-1+b6"), ("vim-tiny", "2:9.0.1378-2"),
            ("less", "590-2.1~deb12u2"), ("dumb-init", "1.2.5-2"),
            ("iproute2", "6.1.0-3"), ("dnsutils", "1:9.18.24-1"),
            ("xz-utils", "5.4.1-0.2"), ("apt-transport-https", "2.6.1"),
            ("software-properties-common", "0.99.30-4"), ("rsync", "3.2.7-1"),
            ("postgresql-client", "15+248"), ("default-libmysqlclient-dev", "1.1.0"),
            ("libxml2-dev", "2.9.14+dfsg-1.3~deb12u1"), ("file", "1:5.44-3"),
            ("sudo", "1.9.13p3-1+deb12u1"), ("cron", "3.0pl1-162"),
            ("supervisor", "4.2.5-1"), ("nginx", "1.22.1-9"),
            ("imagemagick", "8:6.9.11.60+dfsg-1.6"), ("ffmpeg", "7:5.1.4-0+deb12u1")]
APK_PKGS = [("curl", "8.5.0-r0"), ("ca-certificates", "20240226-r0"),
            ("git", "2.43.0-r0"), ("bash", "5.2.21-r0"), ("tzdata", "2024a-r0"),
            ("openssl", "3.1.4-r5"), ("build-base", "0.5-r3"),
            ("musl-dev", "1.2.4_git20230717-r4"), ("gcc", "13.2.1_git20231014-r0"),
            ("libffi-dev", "3.4.4-r3"), ("postgresql-dev", "16.2-r0"),
            ("jq", "1.7.1-r0"), ("tini", "0.19.0-r2"), ("su-exec", "0.2-r3"),
            ("wget", "1.21.4-r0"), ("unzip", "6.0-r14"), ("make", "4.4.1-r2"),
            ("openssh-client", "9.6_p1-r0"), ("libc6-compat", "1.2.4_git20230717-r4"),
            ("python3", "3.11.8-r0"), ("py3-pip", "23.3.1-r0"), ("nodejs", "20.11.1-r0"),
            ("npm", "10.2.5-r0"), ("shadow", "4.14.2-r0"), ("coreutils", "9.4-r2"),
            ("gettext", "0.22.3-r0"), ("dumb-init", "1.2.5-r3"), ("rsync", "3.2.7-r4"),
            ("gnupg", "2.4.4-r0"), ("libstdc++", "13.2.1_git20231014-r0")]
RPM_PKGS = [("curl", "7.76.1"), ("ca-certificates", "2023.2.60"),
            ("git", "2.39.3"), ("wget", "1.21.1"), ("gcc", "11.4.1"),
            ("gcc-c++", "11.4.1"), ("make", "4.3"), ("openssl-devel", "3.0.7"),
            ("python3", "3.9.18"), ("python3-pip", "21.2.3"), ("tar", "1.34"),
            ("gzip", "1.12"), ("unzip", "6.0"), ("which", "2.21"),
            ("procps-ng", "3.3.17"), ("shadow-utils", "4.9"), ("jq", "1.6"),
            ("findutils", "4.8.0"), ("hostname", "3.23"), ("iproute", "6.2.0"),
            ("java-17-openjdk-headless", "17.0.10.0.7"), ("libffi-devel", "3.4.2"),
            ("postgresql", "13.14"), ("nginx", "1.20.1"), ("sudo", "1.9.5p2"),
            ("epel-release", "9"), ("bzip2", "1.0.8"), ("xz", "5.2.5")]
PIP_PKGS = [("flask", "3.0.2"), ("gunicorn", "21.2.0"), ("requests", "2.31.0"),
            ("django", "5.0.3"), ("psycopg2-binary", "2.9.9"), ("celery", "5.3.6"),
            ("redis", "5.0.3"), ("uvicorn", "0.27.1"), ("fastapi", "0.110.0"),
            ("pydantic", "2.6.3"), ("sqlalchemy", "2.0.28"), ("boto3", "1.34.59"),
            ("numpy", "1.26.4"), ("pandas", "2.2.1"), ("pyyaml", "6.0.1"),
            ("click", "8.1.7"), ("awscli", "1.32.59"), ("ansible", "9.3.0"),
            ("poetry", "1.8.2"), ("pipenv", "2023.12.1"), ("setuptools", "69.1.1"),
            ("wheel", "0.42.0"), ("supervisor", "4.2.5"), ("pytest", "8.0.2")]
NPM_PKGS = [("pm2", "5.3.1"), ("serve", "14.2.1"), ("typescript", "5.4.2"),
            ("yarn", "1.22.21"), ("pnpm", "8.15.4"), ("nodemon", "3.1.0"),
            ("@angular/cli", "17.2.3"), ("http-server", "14.1.1"),
            ("npm", "10.5.0"), ("ts-node", "10.9.2"), ("prisma", "5.10.2"),
            ("@nestjs/cli", "10.3.2"), ("corepack", "0.25.2")]
GEM_PKGS = [("bundler", "2.5.6"), ("rails", "7.1.3"), ("puma", "6.4.2"),
            ("foreman", "0.87.2"), ("sass", "3.7.4"), ("jekyll", "4.3.3"),
            ("rake", "13.1.0"), ("nokogiri", "1.16.2")]
GO_TOOLS = [("github.com/go-delve/delve/cmd/dlv", "v1.22.1"),
            ("golang.org/x/tools/cmd/goimports", "v0.19.0"),
            ("github.com/golangci/golangci-lint/cmd/golangci-lint", "v1.56.2"),
            ("github.com/swaggo/swag/cmd/swag", "v1.16.3"),
            ("github.com/cosmtrek/air", "v1.51.0"),
            ("google.golang.org/protobuf/cmd/protoc-gen-go", "v1.33.0"),
            ("github.com/pressly/goose/v3/cmd/goose", "v3.19.1"),
            ("honnef.co/go/tools/cmd/staticcheck", "2023.1.7"),
            ("github.com/grpc-ecosystem/grpc-health-probe", "v0.4.25")]
CURL_SH = [
    "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
    "curl -sSL https://install.python-poetry.org | python3 -",
    "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal",
    "curl -fsSL https://get.docker.com | sh",
    "wget -qO- https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh | bash",
    "curl -sL https://sentry.io/get-cli/ | bash",
    "curl -fsSL https://bun.sh/install | bash",
    "curl -sfL https://raw.githubusercontent.com/aquasecurity/trivy/main/contrib/install.sh | sh -s -- -b /usr/local/bin",
    "curl -s https://packagecloud.io/install/repositories/github/git-lfs/script.deb.sh | bash",
    "wget -O - https://apt.releases.hashicorp.com/gpg | gpg --dearmor -o /usr/share/keyrings/hashicorp.gpg",
]
HADOLINT_IDS = ["DL3008", "DL3018", "DL3013", "DL3016", "DL3028", "DL3033",
                "DL3041", "DL3037", "DL4006", "DL3003", "DL3015", "SC2086",
                "DL3059", "DL3006", "DL3007", "DL3009", "DL3002", "SC2046"]
PORTS = ["80", "443", "8080", "3000", "5000", "8000", "8443", "9090", "9100",
         "6379", "5432", "8081", "4000", "53/udp", "8080/tcp", "9000",
         "1883", "50051"]


def hexdigest(rng):
    return "".join(rng.choice("0123456789abcdef") for _ in range(64))


# --------------------------------------------------------------------------
# Output builder
# --------------------------------------------------------------------------

class DF:
    """Accumulates Dockerfile lines and a bit of state."""

    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.style_indent = rng.choice(["    ", "    ", "  ", "\t", "        "])
        self.comments = rng.random() < 0.7      # this author comments code
        self.pragmas = rng.random() < 0.18      # uses # hadolint ignore=
        self.buildkit = rng.random() < 0.25     # uses --mount / heredocs
        self.lowercase = rng.random() < 0.02    # writes `run` instead of `RUN`
        self.pin = rng.random()                 # how likely to pin versions
        self.cleanup = rng.random() < 0.7       # cleans package caches
        self.blank_between = rng.random() < 0.75
        self.one_per_line = rng.random() < 0.3  # long package lists, 1 a line

    def add(self, *lines):
        self.lines.extend(lines)

    def blank(self):
        if self.blank_between and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def comment(self, text, p=0.5):
        if self.comments and self.rng.random() < p:
            self.lines.append("# " + text)

    def kw(self, word):
        return word.lower() if self.lowercase else word

    def chain(self, first, cmds, joiner="&&"):
        """`first cmd0 && \\` / `    cmd1 && \\` / `    cmdN` style chains."""
        rng = self.rng
        if not cmds:
            return
        if len(cmds) == 1:
            self.add(first + cmds[0])
            return
        lead = rng.random() < 0.3  # `    && cmd` leading-operator style
        ind = self.style_indent
        if lead:
            self.add(first + cmds[0] + " \\")
            for i, c in enumerate(cmds[1:]):
                end = "" if i == len(cmds) - 2 else " \\"
                self.add(ind + joiner + " " + c + end)
        else:
            self.add(first + cmds[0] + " " + joiner + " \\")
            for i, c in enumerate(cmds[1:]):
                end = "" if i == len(cmds) - 2 else " " + joiner + " \\"
                self.add(ind + c + end)

    def run(self, cmds, flags="", pragma_ids=None):
        if pragma_ids and self.pragmas and self.rng.random() < 0.6:
            self.add("# hadolint ignore=" + ",".join(pragma_ids))
        self.chain(self.kw("RUN") + " " + (flags + " " if flags else ""), cmds)

    def text(self):
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


# --------------------------------------------------------------------------
# Base images
# --------------------------------------------------------------------------

def pick_base(rng, family):
    """Return (image_ref, distro) for a family. distro picks the package
    manager: deb, apk, rpm-yum, rpm-dnf, zypper, none."""
    if family == "debian":
        return "debian", rng.choice(DEBIAN_TAGS), "deb"
    if family == "ubuntu":
        return "ubuntu", rng.choice(UBUNTU_TAGS), "deb"
    if family == "alpine":
        return "alpine", rng.choice(ALPINE_TAGS), "apk"
    if family == "centos":
        if rng.random() < 0.3:
            return "quay.io/centos/centos", rng.choice(["stream9", "stream8"]), "rpm-dnf"
        return "centos", rng.choice(CENTOS_TAGS), "rpm-yum"
    if family == "fedora":
        return "fedora", rng.choice(FEDORA_TAGS), "rpm-dnf"
    if family == "rocky":
        return rng.choice(["rockylinux", "almalinux"]), rng.choice(["9", "8", "9-minimal"]), "rpm-dnf"
    if family == "opensuse":
        img, tags = rng.choice(OPENSUSE)
        return img, rng.choice(tags), "zypper"
    tagsets = {"node": NODE_TAGS, "python": PYTHON_TAGS, "golang": GOLANG_TAGS,
               "openjdk": OPENJDK_TAGS, "eclipse-temurin": TEMURIN_TAGS,
               "nginx": NGINX_TAGS, "ruby": RUBY_TAGS, "rust": RUST_TAGS,
               "maven": MAVEN_TAGS, "gradle": GRADLE_TAGS}
    tag = rng.choice(tagsets[family])
    return family, tag, ("apk" if "alpine" in tag else "deb")


def from_line(df, image, tag, alias=None, allow_arg=True, platform=False):
    """Emit FROM (possibly preceded by ARGs) and return nothing."""
    rng = df.rng
    r = rng.random()
    if tag == "":
        ref = image
    elif r < 0.06:
        ref = image  # untagged, implicit latest
    elif r < 0.13:
        ref = "%s:%s@sha256:%s" % (image, tag, hexdigest(rng))
    elif r < 0.16:
        ref = "%s@sha256:%s" % (image, hexdigest(rng))
    else:
        ref = "%s:%s" % (image, tag)
    if "/" not in image and rng.random() < 0.08:
        ref = rng.choice(REGISTRY_PREFIXES) + ref
    plat = "--platform=$BUILDPLATFORM " if platform else ""
    tail = (" " + rng.choice(["AS", "AS", "AS", "as"]) + " " + alias) if alias else ""
    fw = df.kw("FROM")
    if allow_arg and tag and "@" not in ref and rng.random() < 0.14:
        style = rng.randrange(3)
        if style == 0:
            df.add("ARG BASE=" + ref)
            df.add("%s %s${BASE}%s" % (fw, plat, tail))
        elif style == 1:
            var = rng.choice(["BASE_IMAGE", "IMAGE", "BUILDER_IMAGE", "RUNTIME_IMAGE"])
            df.add("ARG %s=%s" % (var, ref.split(":")[0]))
            df.add("ARG %s_TAG=%s" % (var, tag) if rng.random() < 0.5 else "ARG TAG=%s" % tag)
            tagvar = df.lines[-1].split()[1].split("=")[0]
            df.add("%s %s${%s}:${%s}%s" % (fw, plat, var, tagvar, tail))
        else:
            df.add("ARG VERSION=%s" % tag)
            df.add("%s %s%s:$VERSION%s" % (fw, plat, ref.split(":")[0], tail))
        return
    df.add("%s %s%s%s" % (fw, plat, ref, tail))


# --------------------------------------------------------------------------
# Package installation
# --------------------------------------------------------------------------

def pick_pkgs(rng, table, lo, hi):
    n = rng.randint(lo, min(hi, len(table)))
    return rng.sample(table, n)


def fmt_pkg(df, distro, name, ver):
    if df.rng.random() >= df.pin:
        return name
    if distro == "deb":
        return "%s=%s" % (name, ver)
    if distro == "apk":
        return "%s=%s" % (name, ver) if df.rng.random() < 0.7 else "%s~=%s" % (name, ver.split("-")[0])
    if distro in ("rpm-yum", "rpm-dnf"):
        return "%s-%s" % (name, ver)
    if distro == "zypper":
        return "%s=%s" % (name, ver)
    return name


def pkg_list_lines(df, pkgs, per_line):
    """Split a package list over continuation lines when it's long."""
    out = []
    for i in range(0, len(pkgs), per_line):
        out.append(" ".join(pkgs[i:i + per_line]))
    return out


def install_os_packages(df, distro, lo=1, hi=9, extra_cmds=None):
    rng = df.rng
    if distro == "none":
        return
    table = {"deb": APT_PKGS, "apk": APK_PKGS, "rpm-yum": RPM_PKGS,
             "rpm-dnf": RPM_PKGS, "zypper": RPM_PKGS}[distro]
    raw = pick_pkgs(rng, table, lo, hi)
    if rng.random() < 0.5:
        raw.sort()
    pkgs = [fmt_pkg(df, distro, n, v) for n, v in raw]
    extra = list(extra_cmds or [])
    flags = ""
    ids = []
    cmds = []
    multiline = len(pkgs) > 4 and (df.one_per_line or rng.random() < 0.6)
    if distro == "deb":
        ids = ["DL3008"] + (["DL3015"] if rng.random() < 0.3 else [])
        if df.buildkit and rng.random() < 0.4:
            flags = ("--mount=type=cache,target=/var/cache/apt,sharing=locked "
                     "--mount=type=cache,target=/var/lib/apt,sharing=locked")
            if rng.random() < 0.5:
                df.add(df.kw("RUN") + " rm -f /etc/apt/apt.conf.d/docker-clean")
        apt = rng.choice(["apt-get", "apt-get", "apt-get", "apt"])
        upd = apt + " update"
        if rng.random() < 0.15:
            upd = "export DEBIAN_FRONTEND=noninteractive && " + upd
        cmds.append(upd)
        if rng.random() < 0.12:
            cmds.append(apt + " upgrade -y")
        opt = rng.choice(["-y --no-install-recommends", "-y", "-yq", "--yes --no-install-recommends",
                          "-y --no-install-recommends", "-qq -y"])
        if rng.random() < 0.2:
            opt = "DEBIAN_FRONTEND=noninteractive " + apt + " install " + opt
        else:
            opt = apt + " install " + opt
        if multiline:
            cmds.append(opt)
            head = cmds[:-1]
            body = pkg_list_lines(df, pkgs, 1 if df.one_per_line else rng.choice([1, 1, 2, 3]))
            tail = []
            if df.cleanup and not flags:
                tail.append(rng.choice(["rm -rf /var/lib/apt/lists/*",
                                        "apt-get clean && rm -rf /var/lib/apt/lists/*",
                                        "rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*"]))
            tail += extra
            emit_pkg_block(df, head, opt, body, tail, flags, ids)
            return
        cmds.append(opt + " " + " ".join(pkgs))
        if df.cleanup and not flags:
            cmds.append(rng.choice(["rm -rf /var/lib/apt/lists/*", "apt-get clean",
                                    "apt-get clean && rm -rf /var/lib/apt/lists/*"]))
    elif distro == "apk":
        ids = ["DL3018"]
        nocache = df.cleanup and rng.random() < 0.85
        if df.buildkit and not nocache and rng.random() < 0.4:
            flags = "--mount=type=cache,target=/var/cache/apk"
        if not nocache and rng.random() < 0.6:
            cmds.append("apk update")
        virt = rng.random() < 0.15
        base = "apk add" + (" --no-cache" if nocache else "") + \
            (" --update" if not nocache and rng.random() < 0.3 else "")
        if virt:
            base += " --virtual .build-deps"
        if multiline:
            body = pkg_list_lines(df, pkgs, 1 if df.one_per_line else rng.choice([1, 2, 3]))
            tail = list(extra)
            if virt:
                tail.append("apk del .build-deps")
            if not nocache and df.cleanup:
                tail.append("rm -rf /var/cache/apk/*")
            emit_pkg_block(df, cmds, base, body, tail, flags, ids)
            return
        cmds.append(base + " " + " ".join(pkgs))
        if virt:
            cmds += extra
            extra = []
            cmds.append("apk del .build-deps")
        if not nocache and df.cleanup and not flags:
            cmds.append("rm -rf /var/cache/apk/*")
    elif distro in ("rpm-yum", "rpm-dnf"):
        ids = ["DL3033"] if distro == "rpm-yum" else ["DL3041"]
        pm = "yum" if distro == "rpm-yum" else rng.choice(["dnf", "dnf", "microdnf"])
        if rng.random() < 0.2:
            cmds.append(pm + " -y update")
        if rng.random() < 0.15 and pm != "microdnf":
            cmds.append(pm + " install -y epel-release")
        inst = pm + " install -y" + (" --setopt=tsflags=nodocs" if rng.random() < 0.3 else "") + \
            (" --nodocs" if pm == "microdnf" and rng.random() < 0.5 else "")
        if multiline:
            tail = list(extra)
            if df.cleanup:
                tail.append(rng.choice([pm + " clean all", pm + " clean all && rm -rf /var/cache/" + pm.replace("micro", "")]))
            emit_pkg_block(df, cmds, inst, pkg_list_lines(df, pkgs, rng.choice([1, 2, 4])), tail, flags, ids)
            return
        cmds.append(inst + " " + " ".join(pkgs))
        if df.cleanup:
            cmds.append(pm + " clean all")
    elif distro == "zypper":
        ids = ["DL3037"]
        if rng.random() < 0.4:
            cmds.append("zypper --non-interactive refresh")
        inst = rng.choice(["zypper --non-interactive install", "zypper -n in",
                           "zypper install -y", "zypper -n install --no-recommends"])
        if multiline:
            tail = list(extra)
            if df.cleanup:
                tail.append("zypper clean -a")
            emit_pkg_block(df, cmds, inst, pkg_list_lines(df, pkgs, rng.choice([1, 3])), tail, flags, ids)
            return
        cmds.append(inst + " " + " ".join(pkgs))
        if df.cleanup:
            cmds.append(rng.choice(["zypper clean -a", "zypper clean --all"]))
    cmds += extra
    df.run(cmds, flags, ids)


def emit_pkg_block(df, head, install, body, tail, flags, ids):
    """RUN head && \\ / install \\ / pkg \\ / pkg && \\ / tail..."""
    if ids and df.pragmas and df.rng.random() < 0.6:
        df.add("# hadolint ignore=" + ",".join(ids))
    ind = df.style_indent
    ind2 = ind + df.rng.choice(["    ", "  "]) if ind != "\t" else "\t\t"
    first = df.kw("RUN") + " " + (flags + " " if flags else "")
    lines = []
    if head:
        lines.append(first + head[0] + " && \\")
        for h in head[1:]:
            lines.append(ind + h + " && \\")
        lines.append(ind + install + " \\")
    else:
        lines.append(first + install + " \\")
    for i, b in enumerate(body):
        last = i == len(body) - 1
        if last:
            lines.append(ind2 + b + (" && \\" if tail else ""))
        else:
            lines.append(ind2 + b + " \\")
    for i, t in enumerate(tail):
        lines.append(ind + t + ("" if i == len(tail) - 1 else " && \\"))
    df.add(*lines)


def lang_pkgs(df, table, lo, hi, sep):
    rng = df.rng
    out = []
    for n, v in pick_pkgs(rng, table, lo, hi):
        if rng.random() < df.pin:
            out.append(n + sep + v)
        else:
            out.append(n)
    return out


def pip_install(df, pkgs=None, reqs=True):
    rng = df.rng
    pip = rng.choice(["pip", "pip", "pip3", "python -m pip", "python3 -m pip"])
    flags = ""
    nocache = rng.random() < 0.6
    if df.buildkit and rng.random() < 0.5:
        flags = "--mount=type=cache,target=/root/.cache/pip"
        nocache = False
    opt = " --no-cache-dir" if nocache else ""
    cmds = []
    if rng.random() < 0.35:
        cmds.append(pip + " install" + opt + " --upgrade pip" +
                    (" setuptools wheel" if rng.random() < 0.5 else ""))
    if reqs:
        cmds.append(pip + " install" + opt + " -r requirements.txt")
    if pkgs:
        cmds.append(pip + " install" + opt + " " + " ".join(pkgs))
    df.run(cmds, flags, ["DL3013"] if pkgs else ["DL3042"])


# --------------------------------------------------------------------------
# Common instruction snippets
# --------------------------------------------------------------------------

def labels(df, app, org):
    rng = df.rng
    r = rng.random()
    if r < 0.04:
        df.add(df.kw("MAINTAINER") + " " + rng.choice(PEOPLE))
        return
    if r < 0.35:
        df.add('LABEL maintainer="%s"' % rng.choice(PEOPLE))
        return
    if r < 0.6:
        return
    items = [
        ('org.opencontainers.image.title', app),
        ('org.opencontainers.image.description', "%s service for %s" % (app.capitalize(), org)),
        ('org.opencontainers.image.source', "https://github.com/%s/%s" % (org, app)),
        ('org.opencontainers.image.licenses', rng.choice(LICENSES)),
        ('org.opencontainers.image.vendor', org.capitalize() + " Inc."),
        ('org.opencontainers.image.version', "%d.%d.%d" % (rng.randint(0, 4), rng.randint(0, 20), rng.randint(0, 9))),
        ('org.opencontainers.image.authors', rng.choice(PEOPLE)),
        ('org.opencontainers.image.url', "https://%s.example.com" % org),
        ('org.opencontainers.image.created', "2024-0%d-1%dT10:00:00Z" % (rng.randint(1, 9), rng.randint(0, 9))),
    ]
    items = rng.sample(items, rng.randint(2, len(items)))
    if rng.random() < 0.5:
        df.add("LABEL " + ' \\\n'.join(
            ("" if i == 0 else df.style_indent) + '%s="%s"' % kv for i, kv in enumerate(items)))
    else:
        for kv in items:
            df.add('LABEL %s="%s"' % kv)


def envs(df, pairs):
    rng = df.rng
    if not pairs:
        return
    r = rng.random()
    if r < 0.12:
        for k, v in pairs:                  # legacy `ENV KEY value`
            df.add("ENV %s %s" % (k, v))
    elif r < 0.5 and len(pairs) > 1:
        df.add("ENV " + " \\\n".join(
            ("" if i == 0 else df.style_indent) + "%s=%s" % kv for i, kv in enumerate(pairs)))
    else:
        for k, v in pairs:
            df.add("ENV %s=%s" % (k, v))


def create_user(df, distro, name):
    rng = df.rng
    uid = rng.choice(["1000", "1001", "10001", "999", "65532"])
    if distro == "apk":
        if rng.random() < 0.5:
            df.run(["addgroup -S %s" % name, "adduser -S -G %s -u %s %s" % (name, uid, name)])
        else:
            df.run(["adduser -D -u %s -h /home/%s %s" % (uid, name, name)])
    elif distro == "deb":
        if rng.random() < 0.5:
            df.run(["groupadd -r %s" % name,
                    "useradd -r -g %s -u %s -d /home/%s -s /sbin/nologin %s" % (name, uid, name, name)])
        else:
            df.run(["useradd --create-home --uid %s --shell /bin/bash %s" % (uid, name)])
    else:
        df.run(["groupadd -g %s %s" % (uid, name), "useradd -u %s -g %s -m %s" % (uid, name, name)])
    return uid


def user_line(df, name, uid):
    rng = df.rng
    df.add("USER " + rng.choice([name, name, uid, "%s:%s" % (name, name), "%s:%s" % (uid, uid)]))


def healthcheck(df, port, distro):
    rng = df.rng
    r = rng.random()
    if r < 0.08:
        df.add("HEALTHCHECK NONE")
        return
    opts = " ".join(rng.sample(["--interval=30s", "--timeout=3s", "--start-period=10s",
                                "--retries=3", "--interval=1m", "--timeout=10s",
                                "--start-interval=2s"], rng.randint(0, 3)))
    opts = (opts + " ") if opts else ""
    path = rng.choice(["/health", "/healthz", "/", "/ping", "/api/health", "/status"])
    if distro == "apk" or rng.random() < 0.3:
        check = "wget -qO- http://localhost:%s%s || exit 1" % (port, path)
    else:
        check = "curl -f http://localhost:%s%s || exit 1" % (port, path)
    if rng.random() < 0.25:
        df.add('HEALTHCHECK %sCMD ["curl", "-f", "http://localhost:%s%s"]' % (opts, port, path))
    elif len(opts) > 30 and rng.random() < 0.5:
        df.add("HEALTHCHECK %s\\\n%sCMD %s" % (opts, df.style_indent, check))
    else:
        df.add("HEALTHCHECK %sCMD %s" % (opts, check))


def exec_form(args):
    return "[" + ", ".join('"%s"' % a for a in args) + "]"


def cmd_entry(df, argv, entry=None):
    """CMD/ENTRYPOINT in exec or shell form."""
    rng = df.rng
    shell = rng.random() < 0.25
    if entry:
        if rng.random() < 0.85:
            df.add(df.kw("ENTRYPOINT") + " " + exec_form(entry))
        else:
            df.add(df.kw("ENTRYPOINT") + " " + " ".join(entry))
    if argv is None:
        return
    if shell:
        df.add(df.kw("CMD") + " " + " ".join(argv))
    elif rng.random() < 0.05:
        df.add(df.kw("CMD") + " [" + ",".join('"%s"' % a for a in argv) + "]")
    elif rng.random() < 0.06:
        df.add(df.kw("CMD") + " " + exec_form(["sh", "-c", " ".join(argv)]))
    else:
        df.add(df.kw("CMD") + " " + exec_form(argv))


def expose(df, ports):
    rng = df.rng
    if rng.random() < 0.3 and len(ports) > 1:
        df.add("EXPOSE " + " ".join(ports))
    else:
        for p in ports:
            df.add("EXPOSE " + p)


def heredoc_run(df, distro, app):
    rng = df.rng
    body = rng.choice([
        ["set -eux", "mkdir -p /var/lib/%s /var/log/%s" % (app, app),
         "chmod 0750 /var/lib/%s" % app, "echo 'ready' > /var/lib/%s/.init" % app],
        ["set -e", "if [ -f /etc/os-release ]; then", "    . /etc/os-release",
         "    echo \"building on $ID $VERSION_ID\"", "fi",
         "ln -sf /usr/share/zoneinfo/UTC /etc/localtime"],
        ["#!/usr/bin/env bash", "set -euo pipefail", "for d in cache tmp logs; do",
         "  mkdir -p \"/srv/%s/$d\"" % app, "done", "touch /srv/%s/.keep" % app],
        ["set -ex", "case \"$(uname -m)\" in",
         "  x86_64) ARCH=amd64 ;;", "  aarch64) ARCH=arm64 ;;",
         "  *) echo \"unsupported\"; exit 1 ;;", "esac",
         "echo \"$ARCH\" > /etc/%s-arch" % app],
    ])
    delim = rng.choice(["EOF", "EOF", "EOT", "SCRIPT", "'EOF'"])
    end = delim.strip("'")
    if rng.random() < 0.3:
        df.add(df.kw("RUN") + " <<%s bash" % delim if body[0].startswith("set") else df.kw("RUN") + " <<" + delim)
    else:
        df.add(df.kw("RUN") + " <<" + delim)
    df.add(*body)
    df.add(end)


def heredoc_copy(df, app, port):
    rng = df.rng
    target = rng.choice(["/etc/%s/config.yaml" % app, "/app/config.ini", "/etc/nginx/conf.d/default.conf"])
    df.add("COPY <<EOF " + target)
    if target.endswith(".yaml"):
        df.add("server:", "  port: %s" % port, "  host: 0.0.0.0", "log:", "  level: info")
    elif target.endswith(".ini"):
        df.add("[server]", "port = %s" % port, "workers = 4", "", "[log]", "level = info")
    else:
        df.add("server {", "    listen %s;" % port, "    location / {",
               "        proxy_pass http://127.0.0.1:8080;", "    }", "}")
    df.add("EOF")


def curl_sh(df):
    rng = df.rng
    c = rng.choice(CURL_SH)
    if rng.random() < 0.4:
        df.add(df.kw("SHELL") + ' ["/bin/bash", "-o", "pipefail", "-c"]')
    df.run([c], "", ["DL4006"])


def misc_tail(df, app):
    """Rare extra instructions."""
    rng = df.rng
    if rng.random() < 0.12:
        df.add("VOLUME " + rng.choice(['["/data"]', "/var/lib/%s" % app, '["/var/log/%s", "/tmp"]' % app]))
    if rng.random() < 0.05:
        df.add("STOPSIGNAL " + rng.choice(["SIGTERM", "SIGQUIT", "SIGINT", "9"]))


def scratch_download(df, distro, app):
    """ADD or curl a release tarball, optionally verifying a checksum."""
    rng = df.rng
    ver = "%d.%d.%d" % (rng.randint(0, 3), rng.randint(0, 30), rng.randint(0, 9))
    tool = rng.choice(["kubectl", "helm", "terraform", "yq", "hadolint", "tini", "gosu",
                       "dockerize", "confd", "caddy", "promtool"])
    url = "https://github.com/%s/%s/releases/download/v%s/%s-linux-amd64.tar.gz" % (
        rng.choice(ORGS), tool, ver, tool)
    r = rng.random()
    if r < 0.3:
        df.add("ADD %s /tmp/%s.tar.gz" % (url, tool))
        df.run(["tar -xzf /tmp/%s.tar.gz -C /usr/local/bin" % tool, "rm /tmp/%s.tar.gz" % tool])
    elif r < 0.45:
        df.add("ADD --checksum=sha256:%s %s /tmp/" % (hexdigest(rng), url))
    else:
        df.add("ARG %s_VERSION=%s" % (tool.upper(), ver))
        cmds = ["curl -fsSLo /tmp/%s.tgz %s" % (tool, url.replace("v" + ver, "v${%s_VERSION}" % tool.upper())),
                ]
        if rng.random() < 0.5:
            cmds.append('echo "%s  /tmp/%s.tgz" | sha256sum -c -' % (hexdigest(rng), tool))
        cmds += ["tar -xzf /tmp/%s.tgz -C /usr/local/bin %s" % (tool, tool),
                 "chmod +x /usr/local/bin/%s" % tool, "rm -f /tmp/%s.tgz" % tool]
        if rng.random() < 0.3:
            cmds.insert(0, "cd /tmp")
        df.run(cmds)


# --------------------------------------------------------------------------
# Archetypes
# --------------------------------------------------------------------------

def extra_stages(df, alias, kind):
    """Optional test/dev/lint stages hung off a build stage (`FROM builder AS test`)."""
    rng = df.rng
    if rng.random() >= 0.3:
        return
    cmds = {"go": ["go vet ./...", "go test -race -count=1 ./..."],
            "python": ["pip install --no-cache-dir -r requirements-dev.txt", "pytest -q"],
            "node": ["npm run lint", "npm test -- --ci"]}[kind]
    for name in rng.sample(["test", "lint", "dev"], rng.randint(1, 2)):
        df.blank()
        df.comment("%s stage: docker build --target %s ." % (name, name), 0.7)
        df.add("FROM %s %s %s" % (alias, rng.choice(["AS", "as"]), name))
        if name == "dev":
            if kind == "go":
                df.run(["go install github.com/cosmtrek/air@latest"])
                cmd_entry(df, ["air", "-c", ".air.toml"])
            elif kind == "python":
                pip_install(df, ["debugpy", "watchdog"], False)
                cmd_entry(df, ["python", "-m", "debugpy", "--listen", "0.0.0.0:5678", "app.py"])
            else:
                df.add("ENV NODE_ENV=development")
                cmd_entry(df, ["npm", "run", "dev"])
        elif name == "lint":
            df.run([cmds[0]])
        else:
            if rng.random() < 0.5:
                df.add("COPY tests/ tests/" if kind == "python" else "COPY . .")
            df.run(cmds if rng.random() < 0.5 else cmds[1:])


def header(df):
    rng = df.rng
    if df.buildkit and rng.random() < 0.7:
        df.add("# syntax=docker/dockerfile:" + rng.choice(["1", "1", "1.4", "1.6", "1-labs", "1.5"]))
    elif rng.random() < 0.05:
        df.add("# syntax=docker/dockerfile:1")
    if df.pragmas and rng.random() < 0.25:
        df.add("# hadolint global ignore=" + ",".join(rng.sample(HADOLINT_IDS, rng.randint(1, 3))))
    if df.comments and rng.random() < 0.35:
        df.add(rng.choice([
            "# Build with: docker build -t %s ." % df.name,
            "# Copyright (c) 2024 %s. All rights reserved." % df.org.capitalize(),
            "# Dockerfile for %s" % df.name,
            "# This image is rebuilt nightly by CI; do not edit by hand.",
            "# Usage:\n#   docker build -t %s .\n#   docker run --rm -p 8080:8080 %s" % (df.name, df.name),
        ]))
    df.blank()


def final_os_stage(df, distro, app, port, argv, entry=None, pkgs=(0, 4)):
    """Shared tail for single stage images and final stages."""
    rng = df.rng
    if pkgs[1] and rng.random() < 0.8:
        df.comment("runtime dependencies")
        install_os_packages(df, distro, max(1, pkgs[0]), pkgs[1])
        df.blank()
    user = None
    if rng.random() < 0.55 and distro != "none":
        user = rng.choice(["app", app, "appuser", "nonroot", "svc"])
        uid = create_user(df, distro, user)
    wd = rng.choice(["/app", "/app", "/srv/" + app, "/opt/" + app, "/usr/src/app", "/home/app"])
    df.add("WORKDIR " + wd)
    return user, (uid if user else None), wd


def arch_python(df):
    rng = df.rng
    app, org = df.app, df.org
    multi = rng.random() < 0.35
    port = rng.choice(["8000", "5000", "8080", "80"])
    image, tag, distro = pick_base(rng, "python")
    if multi:
        df.comment("---- build stage ----", 0.6)
        from_line(df, image, tag, "builder")
        df.blank()
        envs(df, [("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("PYTHONDONTWRITEBYTECODE", "1")][:rng.randint(1, 2)])
        install_os_packages(df, distro, 2, 6)
        df.add("WORKDIR /build")
        df.add("COPY requirements.txt .")
        if rng.random() < 0.5:
            df.run(["pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt"])
        else:
            df.run(["python -m venv /opt/venv", "/opt/venv/bin/pip install --no-cache-dir -r requirements.txt"])
        extra_stages(df, "builder", "python")
        df.blank()
        df.comment("---- runtime stage ----", 0.6)
        if rng.random() < 0.6:
            image, tag, distro = pick_base(rng, "python")
        from_line(df, image, tag, "runtime" if rng.random() < 0.3 else None)
    else:
        from_line(df, image, tag)
    df.blank()
    labels(df, app, org)
    envs(df, rng.sample([("PYTHONUNBUFFERED", "1"), ("PYTHONDONTWRITEBYTECODE", "1"),
                         ("PIP_NO_CACHE_DIR", "off"), ("APP_HOME", "/app"),
                         ("PORT", port), ("LANG", "C.UTF-8"),
                         ("PATH", '"/opt/venv/bin:$PATH"')], rng.randint(0, 4)))
    df.blank()
    user, uid, wd = final_os_stage(df, distro, app, port, None, pkgs=(1, 5 if not multi else 3))
    df.blank()
    if multi:
        if rng.random() < 0.5:
            df.add("COPY --from=builder /wheels /wheels")
            df.run(["pip install --no-cache-dir /wheels/*", "rm -rf /wheels"])
        else:
            df.add("COPY --from=builder /opt/venv /opt/venv")
    else:
        df.add("COPY requirements.txt " + rng.choice(["./", ".", wd + "/"]))
        extra = lang_pkgs(df, PIP_PKGS, 0, 4, "==") if rng.random() < 0.4 else None
        pip_install(df, extra, True)
    if rng.random() < 0.15:
        curl_sh(df)
    if df.buildkit and rng.random() < 0.3:
        heredoc_run(df, distro, app)
    df.blank()
    if user and rng.random() < 0.6:
        df.add("COPY --chown=%s:%s . ." % (user, user))
    else:
        df.add("COPY . " + rng.choice([".", wd, "./"]))
    if rng.random() < 0.3:
        df.run(["python manage.py collectstatic --noinput"] if rng.random() < 0.5 else
               ["python -m compileall -q ."])
    df.blank()
    if user:
        user_line(df, user, uid)
    expose(df, [port])
    if rng.random() < 0.4:
        healthcheck(df, port, distro)
    misc_tail(df, app)
    argv = rng.choice([
        ["gunicorn", "--bind", "0.0.0.0:%s" % port, "--workers", "4", "%s.wsgi:application" % app],
        ["python", "app.py"], ["python", "-m", app],
        ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", port],
        ["celery", "-A", app, "worker", "--loglevel=info"],
        ["flask", "run", "--host=0.0.0.0"]])
    entry = ["/entrypoint.sh"] if rng.random() < 0.15 else None
    if entry:
        df.add("COPY --chmod=755 docker-entrypoint.sh /entrypoint.sh" if df.buildkit
               else "COPY docker-entrypoint.sh /entrypoint.sh")
    cmd_entry(df, argv, entry)


def arch_node(df):
    rng = df.rng
    app, org = df.app, df.org
    port = rng.choice(["3000", "8080", "80", "4000"])
    image, tag, distro = pick_base(rng, "node")
    static = rng.random() < 0.35
    multi = static or rng.random() < 0.4
    pm = rng.choice(["npm", "npm", "npm", "yarn", "pnpm"])
    if multi:
        from_line(df, image, tag, rng.choice(["build", "builder", "deps", "base"]),
                  platform=df.buildkit and rng.random() < 0.2)
    else:
        from_line(df, image, tag)
    df.blank()
    if not multi:
        labels(df, app, org)
    if rng.random() < 0.3:
        install_os_packages(df, distro, 1, 4)
    nwd = rng.choice(["/app", "/app", "/usr/src/app", "/home/node/app"])
    df.add("WORKDIR " + nwd)
    if pm == "npm":
        df.add("COPY package*.json ./" if rng.random() < 0.7 else "COPY package.json package-lock.json ./")
        inst = rng.choice(["npm ci", "npm ci --only=production", "npm install",
                           "npm ci --omit=dev", "npm install --production"])
    elif pm == "yarn":
        df.add("COPY package.json yarn.lock ./")
        inst = rng.choice(["yarn install --frozen-lockfile", "yarn install", "yarn --production"])
    else:
        df.add("COPY package.json pnpm-lock.yaml ./")
        df.run(["corepack enable"] if rng.random() < 0.6 else ["npm install -g pnpm@8.15.4"])
        inst = "pnpm install --frozen-lockfile"
    if df.buildkit and rng.random() < 0.5:
        df.run([inst], "--mount=type=cache,target=/root/.npm" if pm != "yarn"
               else "--mount=type=cache,target=/usr/local/share/.cache/yarn")
    else:
        cmds = [inst]
        if pm == "npm" and rng.random() < 0.3:
            cmds.append("npm cache clean --force")
        df.run(cmds, "", ["DL3016"])
    if rng.random() < 0.3:
        df.run(["npm install -g " + " ".join(lang_pkgs(df, NPM_PKGS, 1, 3, "@"))], "", ["DL3016"])
    df.add("COPY . .")
    if multi:
        df.run([{"npm": rng.choice(["npm run build", "npm run build -- --prod"]),
                 "yarn": "yarn build", "pnpm": "pnpm run build"}[pm]])
        extra_stages(df, df.lines_alias(), "node")
        df.blank()
        if static:
            df.comment("serve the static bundle with nginx")
            image, tag2, distro2 = pick_base(rng, "nginx")
            from_line(df, image, tag2)
            labels(df, app, org)
            if rng.random() < 0.5:
                df.add("COPY nginx.conf /etc/nginx/conf.d/default.conf")
            elif df.buildkit and rng.random() < 0.5:
                heredoc_copy(df, app, "80")
            out = nwd + rng.choice(["/dist", "/build", "/dist/" + app, "/public"])
            df.add("COPY --from=%s %s /usr/share/nginx/html" % (
                df.lines_alias(), out))
            expose(df, ["80"])
            if rng.random() < 0.3:
                healthcheck(df, "80", distro2)
            cmd_entry(df, ["nginx", "-g", "daemon off;"])
            return
        if rng.random() < 0.5:
            image, tag, distro = pick_base(rng, "node")
        from_line(df, image, tag)
        labels(df, app, org)
        envs(df, [("NODE_ENV", "production")] + ([("PORT", port)] if rng.random() < 0.5 else []))
        df.add("WORKDIR /app")
        alias = df.lines_alias()
        df.add("COPY --from=%s %s/node_modules ./node_modules" % (alias, nwd))
        df.add("COPY --from=%s %s/dist ./dist" % (alias, nwd))
        df.add("COPY package.json .")
    else:
        envs(df, [("NODE_ENV", "production")] if rng.random() < 0.5 else [])
    df.blank()
    if rng.random() < 0.5:
        df.add("USER node")
    expose(df, [port])
    if rng.random() < 0.35:
        healthcheck(df, port, distro)
    misc_tail(df, app)
    argv = rng.choice([["node", "server.js"], ["node", "dist/main.js"], ["npm", "start"],
                       ["npm", "run", "start:prod"], ["yarn", "start"],
                       ["pm2-runtime", "ecosystem.config.js"], ["node", "index.js"]])
    entry = ["dumb-init", "--"] if rng.random() < 0.1 else (["tini", "--"] if rng.random() < 0.1 else None)
    cmd_entry(df, argv, entry)


def arch_go(df):
    rng = df.rng
    app, org = df.app, df.org
    port = rng.choice(["8080", "9090", "8000", "50051", "9100"])
    image, tag, distro = pick_base(rng, "golang")
    alias = rng.choice(["builder", "build", "build-env", "golang"])
    cross = df.buildkit and rng.random() < 0.3
    df.comment("Build the %s binary" % app, 0.5)
    from_line(df, image, tag, alias, platform=cross)
    if cross:
        df.add("ARG TARGETOS", "ARG TARGETARCH")
    df.blank()
    if rng.random() < 0.5:
        install_os_packages(df, distro, 1, 3)
    wd = rng.choice(["/src", "/app", "/workspace", "/go/src/github.com/%s/%s" % (org, app), "/build"])
    df.add("WORKDIR " + wd)
    df.add("COPY go.mod go.sum ./")
    if df.buildkit and rng.random() < 0.6:
        df.run(["go mod download"], "--mount=type=cache,target=/go/pkg/mod")
    else:
        df.run(["go mod download"] + (["go mod verify"] if rng.random() < 0.3 else []))
    if rng.random() < 0.3:
        tools = rng.sample(GO_TOOLS, rng.randint(1, 3))
        df.run(["go install %s@%s" % (t, v if rng.random() < df.pin + 0.3 else "latest") for t, v in tools])
    df.add("COPY . .")
    goos = "${TARGETOS}" if cross else "linux"
    goarch = "${TARGETARCH}" if cross else rng.choice(["amd64", "amd64", "arm64"])
    build = 'CGO_ENABLED=0 GOOS=%s GOARCH=%s go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/%s ./cmd/%s' % (
        goos, goarch, app, app)
    if rng.random() < 0.3:
        build = "CGO_ENABLED=0 go build -o /out/%s ." % app
    if rng.random() < 0.3:
        df.add("ARG VERSION=dev")
    flags = "--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build" \
        if df.buildkit and rng.random() < 0.6 else ""
    cmds = [build]
    if rng.random() < 0.25:
        cmds.insert(0, "go test ./...")
    if rng.random() < 0.15:
        cmds.insert(0, "go vet ./...")
    df.run(cmds, flags)
    extra_stages(df, alias, "go")
    df.blank()
    final = rng.choice(["alpine", "alpine", "scratch", "distroless", "distroless", "debian", "ubuntu"])
    if final == "scratch":
        df.add("FROM scratch")
        if rng.random() < 0.6:
            df.add("COPY --from=%s /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/" % alias)
        if rng.random() < 0.3:
            df.add("COPY --from=%s /usr/share/zoneinfo /usr/share/zoneinfo" % alias)
        fdistro = "none"
    elif final == "distroless":
        img = rng.choice(["gcr.io/distroless/static", "gcr.io/distroless/static-debian12",
                          "gcr.io/distroless/base-debian11", "gcr.io/distroless/static"])
        tg = rng.choice(["nonroot", "latest", "", "debug"])
        df.add("FROM " + img + (":" + tg if tg else ""))
        fdistro = "none"
    else:
        image, tag2, fdistro = pick_base(rng, final)
        from_line(df, image, tag2)
        install_os_packages(df, fdistro, 1, 3)
    labels(df, app, org)
    df.blank()
    if rng.random() < 0.5:
        df.add("WORKDIR /")
    if rng.random() < 0.5:
        df.add("COPY --from=%s /out/%s /usr/local/bin/%s" % (alias, app, app))
    else:
        df.add("COPY --from=%s /out/%s /%s" % (rng.choice([alias, "0"]), app, app))
    if fdistro == "none":
        if rng.random() < 0.6:
            df.add("USER " + rng.choice(["65532:65532", "nonroot:nonroot", "nobody"]))
    elif rng.random() < 0.5:
        uid = create_user(df, fdistro, "app")
        user_line(df, "app", uid)
    expose(df, rng.sample(PORTS, 1) if rng.random() < 0.2 else [port])
    if fdistro != "none" and rng.random() < 0.3:
        healthcheck(df, port, fdistro)
    misc_tail(df, app)
    binpath = "/usr/local/bin/" + app
    if rng.random() < 0.6:
        cmd_entry(df, ["serve"] if rng.random() < 0.4 else None, [binpath])
    else:
        cmd_entry(df, [binpath, "--port", port])


def arch_java(df):
    rng = df.rng
    app, org = df.app, df.org
    port = rng.choice(["8080", "8081", "9000"])
    tool = rng.choice(["maven", "gradle"])
    image, tag, distro = pick_base(rng, tool)
    from_line(df, image, tag, "build")
    df.add("WORKDIR /workspace/app")
    if tool == "maven":
        if rng.random() < 0.5:
            df.add("COPY mvnw .", "COPY .mvn .mvn")
        df.add("COPY pom.xml .")
        flags = "--mount=type=cache,target=/root/.m2" if df.buildkit else ""
        df.run(["mvn -B dependency:go-offline"], flags)
        df.add("COPY src src")
        df.run([rng.choice(["mvn -B package -DskipTests", "./mvnw install -DskipTests",
                            "mvn clean package -Dmaven.test.skip=true"])], flags)
        jar = "target/*.jar"
    else:
        df.add("COPY build.gradle settings.gradle ./", "COPY gradle gradle", "COPY src src")
        flags = "--mount=type=cache,target=/home/gradle/.gradle" if df.buildkit else ""
        df.run([rng.choice(["gradle build --no-daemon -x test", "gradle bootJar --no-daemon"])], flags)
        jar = "build/libs/*.jar"
    if rng.random() < 0.3:
        df.run(["mkdir -p target/dependency", "(cd target/dependency; jar -xf ../*.jar)"])
    df.blank()
    fam = rng.choice(["openjdk", "eclipse-temurin", "eclipse-temurin"])
    image, tag2, distro = pick_base(rng, fam)
    from_line(df, image, tag2)
    labels(df, app, org)
    envs(df, rng.sample([("JAVA_OPTS", '"-Xms256m -Xmx512m"'), ("SPRING_PROFILES_ACTIVE", "prod"),
                         ("TZ", "UTC"), ("SERVER_PORT", port)], rng.randint(0, 3)))
    if rng.random() < 0.4:
        install_os_packages(df, distro, 1, 3)
    user = None
    if rng.random() < 0.5:
        user = "spring"
        uid = create_user(df, distro, user)
    df.add("WORKDIR /app")
    df.add("COPY --from=build /workspace/app/%s app.jar" % jar)
    if user:
        user_line(df, user, uid)
    expose(df, [port])
    if rng.random() < 0.4:
        healthcheck(df, port, distro)
    if rng.random() < 0.4:
        df.add(df.kw("ENTRYPOINT") + " java $JAVA_OPTS -jar /app/app.jar")
    else:
        cmd_entry(df, None, ["java", "-jar", "/app/app.jar"])


def arch_ruby(df):
    rng = df.rng
    app, org = df.app, df.org
    port = rng.choice(["3000", "9292", "4567"])
    image, tag, distro = pick_base(rng, "ruby")
    from_line(df, image, tag)
    labels(df, app, org)
    envs(df, [("RAILS_ENV", "production"), ("BUNDLE_WITHOUT", '"development test"'),
              ("RAILS_LOG_TO_STDOUT", "true")][:rng.randint(1, 3)])
    df.blank()
    install_os_packages(df, distro, 2, 7)
    if rng.random() < 0.3:
        curl_sh(df)
    df.add("WORKDIR /app")
    df.run(["gem install " + " ".join(lang_pkgs(df, GEM_PKGS, 1, 2, " -v "))], "", ["DL3028"])
    df.add("COPY Gemfile Gemfile.lock ./")
    df.run(["bundle config set --local deployment 'true'",
            "bundle install --jobs 4 --retry 3"][rng.randint(0, 1):])
    df.add("COPY . .")
    if rng.random() < 0.5:
        df.run(["bundle exec rake assets:precompile"])
    expose(df, [port])
    cmd_entry(df, rng.choice([["bundle", "exec", "puma", "-C", "config/puma.rb"],
                              ["rails", "server", "-b", "0.0.0.0"],
                              ["bundle", "exec", "rackup", "-o", "0.0.0.0"]]))


def arch_rust(df):
    rng = df.rng
    app = df.app
    image, tag, distro = pick_base(rng, "rust")
    from_line(df, image, tag, "builder")
    df.add("WORKDIR /usr/src/" + app)
    if rng.random() < 0.5:
        df.comment("cache dependencies")
        df.add("COPY Cargo.toml Cargo.lock ./")
        df.run(["mkdir src", "echo 'fn main() {}' > src/main.rs", "cargo build --release",
                "rm -rf src"])
    df.add("COPY . .")
    flags = ("--mount=type=cache,target=/usr/local/cargo/registry "
             "--mount=type=cache,target=/usr/src/%s/target" % app) if df.buildkit else ""
    cmds = ["cargo build --release --locked"]
    if flags:
        cmds.append("cp target/release/%s /usr/local/bin/%s" % (app, app))
    df.run(cmds, flags)
    df.blank()
    fam = rng.choice(["debian", "debian", "alpine", "ubuntu"])
    image, tag2, fdistro = pick_base(rng, fam)
    from_line(df, image, tag2)
    install_os_packages(df, fdistro, 1, 3)
    src = "/usr/local/bin/" + app if flags else "/usr/src/%s/target/release/%s" % (app, app)
    df.add("COPY --from=builder %s /usr/local/bin/%s" % (src, app))
    if rng.random() < 0.5:
        df.add("USER 1000")
    cmd_entry(df, None, [app])


def arch_nginx(df):
    rng = df.rng
    app, org = df.app, df.org
    image, tag, distro = pick_base(rng, "nginx")
    from_line(df, image, tag)
    labels(df, app, org)
    if rng.random() < 0.4:
        install_os_packages(df, distro, 1, 3)
    if rng.random() < 0.5:
        df.run(["rm -rf /usr/share/nginx/html/*"] + (["rm /etc/nginx/conf.d/default.conf"] if rng.random() < 0.5 else []))
    if df.buildkit and rng.random() < 0.4:
        heredoc_copy(df, app, "8080")
    else:
        df.add("COPY nginx.conf /etc/nginx/nginx.conf")
        if rng.random() < 0.5:
            df.add("COPY conf.d/ /etc/nginx/conf.d/")
    df.add("COPY " + rng.choice(["public/", "dist/", "site/", "html"]) + " /usr/share/nginx/html" + rng.choice(["", "/"]))
    if rng.random() < 0.3:
        df.run(["chown -R nginx:nginx /var/cache/nginx /var/log/nginx /etc/nginx/conf.d",
                "touch /var/run/nginx.pid", "chown nginx:nginx /var/run/nginx.pid"])
        df.add("USER nginx")
        ports = ["8080"]
    else:
        ports = rng.choice([["80"], ["80", "443"], ["8080"]])
    expose(df, ports)
    if rng.random() < 0.4:
        healthcheck(df, ports[0], distro)
    if rng.random() < 0.2:
        df.add("STOPSIGNAL SIGQUIT")
    cmd_entry(df, ["nginx", "-g", "daemon off;"])


def arch_os_service(df, family=None, big=False):
    """A service or tool image on a plain distro base; `big` makes the long
    kitchen-sink kind (CI images, dev containers)."""
    rng = df.rng
    app, org = df.app, df.org
    family = family or rng.choice(["debian", "ubuntu", "ubuntu", "alpine", "alpine", "centos",
                                   "fedora", "opensuse", "rocky"])
    image, tag, distro = pick_base(rng, family)
    from_line(df, image, tag)
    df.blank()
    labels(df, app, org)
    args = rng.sample([("VERSION", "1.%d.%d" % (rng.randint(0, 9), rng.randint(0, 9))),
                       ("APP_USER", "app"), ("BUILD_DATE", ""), ("VCS_REF", ""),
                       ("TZ", "Etc/UTC"), ("TARGETARCH", "")], rng.randint(0, 3))
    for k, v in args:
        df.add("ARG " + k + ("=" + v if v else ""))
    env_pairs = rng.sample([("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8"), ("TZ", "UTC"),
                            ("APP_HOME", "/opt/" + app), ("PATH", "/opt/%s/bin:$PATH" % app),
                            ("DEBIAN_FRONTEND", "noninteractive") if distro == "deb" else ("HOME", "/root"),
                            ("%s_CONFIG" % app.upper(), "/etc/%s/config.yaml" % app)],
                           rng.randint(0, 4))
    envs(df, env_pairs)
    df.blank()
    df.comment(rng.choice(["install dependencies", "system packages", "Install base tools",
                           "TODO: pin these"]))
    if big:
        df.one_per_line = df.one_per_line or rng.random() < 0.5
    install_os_packages(df, distro, 3 if big else 1, 25 if big else 8)
    rounds = rng.randint(3, 14) if big else (1 if rng.random() < 0.3 else 0)
    for _ in range(rounds):
        df.blank()
        if big:
            df.comment(rng.choice(["Install %s" % t for t in ("kubectl", "helm", "the cloud CLI",
                                   "language runtimes", "linters", "build tools", "test deps")]
                                  + ["see https://github.com/%s/%s/issues/%d" % (org, app, rng.randint(10, 999)),
                                     "FIXME: remove once upstream ships a package",
                                     "keep this layer separate so it caches well"]), 0.7)
        r = rng.random()
        if r < 0.25:
            df.comment("extra tooling")
            install_os_packages(df, distro, 1, 12 if big else 6)
        elif r < 0.45:
            scratch_download(df, distro, app)
        elif r < 0.6:
            curl_sh(df)
        elif r < 0.72 and df.buildkit:
            heredoc_run(df, distro, app)
        elif r < 0.85:
            pip_install(df, lang_pkgs(df, PIP_PKGS, 1, 5, "=="), False)
        else:
            df.run(["npm install -g " + " ".join(lang_pkgs(df, NPM_PKGS, 1, 4, "@"))], "", ["DL3016"])
    if big and rng.random() < 0.6:
        df.blank()
        df.comment("configure locale and timezone")
        cmds = ["ln -snf /usr/share/zoneinfo/$TZ /etc/localtime", "echo $TZ > /etc/timezone"]
        if distro == "deb":
            cmds += ["sed -i -e 's/# en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen",
                     "locale-gen"]
        df.run(cmds)
    if rng.random() < 0.15:
        df.run(["cd /tmp", "git clone --depth 1 https://github.com/%s/%s-plugins.git" % (org, app),
                "cd %s-plugins" % app, "make && make install", "cd / && rm -rf /tmp/%s-plugins" % app])
    df.blank()
    user = None
    if rng.random() < 0.5:
        user = rng.choice(["app", app, "svc", "runner"])
        uid = create_user(df, distro, user)
    wd = rng.choice(["/opt/" + app, "/app", "/srv", "/data", "/workspace", "app"])
    df.add("WORKDIR " + wd)
    copies = rng.sample(["COPY . .", "COPY bin/ /usr/local/bin/", "COPY config/ /etc/%s/" % app,
                         "COPY docker-entrypoint.sh /usr/local/bin/",
                         "ADD scripts /opt/%s/scripts" % app, "ADD . /app",
                         "COPY --chown=%s:%s . ." % (user, user) if user else "COPY ./src ./src",
                         "ADD vendor.tar.gz /opt/vendor/"], rng.randint(1, 4))
    for c in copies:
        df.add(c)
    if any("entrypoint" in c for c in copies):
        df.run(["chmod +x /usr/local/bin/docker-entrypoint.sh"])
    if rng.random() < 0.2:
        df.run(["sudo mkdir -p /var/run/%s" % app] if rng.random() < 0.3 else
               ["mkdir -p /var/run/%s" % app, "chown -R %s /var/run/%s" % (user or "root", app)])
    if rng.random() < 0.08:
        df.add("ONBUILD COPY . /app/src", "ONBUILD RUN make -C /app/src")
    df.blank()
    ports = rng.sample(PORTS, rng.randint(0, 3))
    if ports:
        expose(df, ports)
    if user:
        user_line(df, user, uid)
    elif rng.random() < 0.05:
        df.add("USER root")
    if ports and rng.random() < 0.3:
        healthcheck(df, ports[0].split("/")[0], distro)
    misc_tail(df, app)
    if any("entrypoint" in c for c in copies):
        cmd_entry(df, [app] if rng.random() < 0.5 else ["--help"], ["docker-entrypoint.sh"])
    else:
        r = rng.random()
        if r < 0.15:
            df.add(df.kw("CMD") + ' ["/bin/bash"]')
        elif r < 0.25:
            df.add(df.kw("ENTRYPOINT") + " /opt/%s/bin/%s start" % (app, app))
        elif r < 0.9:
            cmd_entry(df, ["/opt/%s/bin/%s" % (app, app)] + rng.choice([[], ["--config", "/etc/%s/config.yaml" % app], ["serve"]]))


def arch_tiny(df):
    """The smallest realistic files: a base, a package or two, a copy, a cmd."""
    rng = df.rng
    app = df.app
    fam = rng.choice(["alpine", "alpine", "debian", "ubuntu", "python", "node", "busybox"])
    if fam == "busybox":
        df.add("FROM busybox" + rng.choice(["", ":1.36", ":latest", ":stable-musl"]))
        distro = "none"
    else:
        image, tag, distro = pick_base(rng, fam)
        from_line(df, image, tag)
    if rng.random() < 0.5:
        df.add('LABEL maintainer="%s"' % rng.choice(PEOPLE))
    if distro != "none":
        install_os_packages(df, distro, 1, 3)
    if rng.random() < 0.4:
        df.add("ENV " + rng.choice(["APP_ENV=production", "PORT=8080", "LOG_LEVEL=info"]))
    df.add("WORKDIR " + rng.choice(["/app", "/work", "/data"]))
    df.add("COPY " + rng.choice(["%s.sh /usr/local/bin/%s" % (app, app), ". .", "config.json /etc/%s/" % app,
                                 "entrypoint.sh /"]))
    if rng.random() < 0.4:
        df.run(["chmod +x /usr/local/bin/%s" % app])
    if rng.random() < 0.4:
        expose(df, [rng.choice(PORTS)])
    if rng.random() < 0.3:
        df.add("USER nobody")
    cmd_entry(df, [app] if rng.random() < 0.5 else ["sh", "/entrypoint.sh"])


ARCHETYPES = [
    (arch_python, 16), (arch_node, 15), (arch_go, 13), (arch_java, 7),
    (arch_ruby, 4), (arch_rust, 3), (arch_nginx, 6), (arch_tiny, 10),
    (lambda df: arch_os_service(df), 18), (lambda df: arch_os_service(df, big=True), 9),
]


def weighted(rng, items):
    total = sum(w for _, w in items)
    x = rng.uniform(0, total)
    for item, w in items:
        x -= w
        if x <= 0:
            return item
    return items[-1][0]


def _alias_of_first_stage(df):
    for line in df.lines:
        parts = line.split()
        if len(parts) >= 4 and parts[0].upper() == "FROM" and parts[-2].upper() == "AS":
            return parts[-1]
    return "0"


DF.lines_alias = _alias_of_first_stage


def generate_one(seed, index):
    """Return Dockerfile text for file number `index` (deterministic)."""
    for attempt in range(50):
        rng = random.Random("%d:%d:%d" % (seed, index, attempt))
        df = DF(rng)
        df.org = rng.choice(ORGS)
        df.app = rng.choice(APPS)
        df.name = "%s/%s" % (df.org, df.app)
        header(df)
        weighted(rng, ARCHETYPES)(df)
        text = df.text()
        n = text.count("\n")
        if MIN_LINES <= n <= MAX_LINES:
            break
    if rng.random() < 0.01:
        text = text.replace("\n", "\r\n")   # a few files come from Windows
    return text


def file_name(rng, index):
    d = "proj%04d" % index
    r = rng.random()
    if r < 0.80:
        return os.path.join(d, "Dockerfile")
    if r < 0.87:
        return os.path.join(d, rng.choice(["build", "prod", "ci", "base", "app", "worker"]) + ".Dockerfile")
    if r < 0.94:
        return os.path.join(d, "Dockerfile." + rng.choice(["dev", "prod", "test", "alpine", "ci", "debug"]))
    return os.path.join(d, rng.choice(["docker", "build/docker", ".devcontainer", "deploy"]), "Dockerfile")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1200, help="number of files (default 1200)")
    ap.add_argument("--out", default="corpus", help="output directory (created if missing)")
    ap.add_argument("--seed", type=int, default=42, help="RNG seed (default 42)")
    ap.add_argument("--list", action="store_true", help="print the written paths on stdout")
    a = ap.parse_args(argv)
    if a.count < 0:
        ap.error("--count must be >= 0")
    total_lines = total_bytes = 0
    for i in range(1, a.count + 1):
        text = generate_one(a.seed, i)
        rel = file_name(random.Random("name:%d:%d" % (a.seed, i)), i)
        path = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        total_lines += text.count("\n")
        total_bytes += len(data)
        if a.list:
            print(path)
    sys.stderr.write("gen_dockerfiles: %d files, %d lines, %d bytes in %s\n"
                     % (a.count, total_lines, total_bytes, a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
