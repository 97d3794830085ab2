#!/usr/bin/env python3
"""gen_corpus.py — a labelled corpus for measuring `moat secret`.

    /usr/bin/python3 tests/secret/gen_corpus.py [--seed N] [--copies N]
        [--rules rules/secrets.yaml] SAMPLES.yaml OUTDIR

Reads the samples file (tests/secret/samples.yaml: rule ID -> token
templates with the line they sit on, plus look-alike negatives) and writes

  OUTDIR/positives/   files of eight kinds (YAML configuration, package.json
                      style JSON, .env, deploy scripts, Python, JavaScript, Go,
                      Terraform), each holding several planted secrets among
                      ordinary lines;
  OUTDIR/positives/labels.json
                      [{"file", "line", "rule_id", "token", "kind"}]: file is
                      relative to positives/, line is the 1-based line of the
                      token's first character;
  OUTDIR/negatives/   the same kinds of files holding only the negatives of
                      the samples file and ordinary code: no secret at all.

Everything is drawn from one random.Random(seed): the same inputs give the
same bytes. With --rules, a drawn token that contains a stop word of its rule
(or of the global allowlist) or is below the rule's entropy is drawn again,
so that chance does not turn a sample into a non-secret. See README.md.
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import string
import sys

import yaml

KINDS = ("yaml", "json", "env", "shell", "python", "js", "go", "terraform")

CLASSES = {
    "A": string.ascii_uppercase,
    "a": string.ascii_lowercase,
    "d": string.digits,
    "h": "0123456789abcdef",
    "H": "0123456789ABCDEF",
    "an": string.ascii_lowercase + string.digits,
    "AN": string.ascii_letters + string.digits,
    "b64": string.ascii_letters + string.digits + "+/",
    "b64u": string.ascii_letters + string.digits + "-_",
}
# {A:20}, {h:32-40} (a length drawn in the range), {lit:text}
PLACEHOLDER = re.compile(r"\{(?:(b64u|b64|AN|an|A|a|d|h|H):(\d+)(?:-(\d+))?|lit:([^}]*))\}")
# anything that looks like a placeholder but is none of the above
SUSPECT = re.compile(r"\{[A-Za-z0-9]+:[^}\s\"]*\}")
TOKEN_MARK = "{token}"


class SampleError(Exception):
    pass


def check_template(tpl, where):
    """Warns about brace groups that look like a mistyped placeholder (they
    are copied literally, as the format says)."""
    for m in SUSPECT.finditer(tpl):
        if not PLACEHOLDER.fullmatch(m.group(0)):
            print("gen_corpus: warning: %s: %s is not a placeholder; copied as is" % (where, m.group(0)),
                  file=sys.stderr)


def expand(tpl, rng):
    out = []
    pos = 0
    for m in PLACEHOLDER.finditer(tpl):
        out.append(tpl[pos:m.start()])
        if m.group(4) is not None:
            out.append(m.group(4))
        else:
            lo = int(m.group(2))
            hi = int(m.group(3)) if m.group(3) else lo
            n = rng.randint(lo, hi) if hi > lo else lo
            alphabet = CLASSES[m.group(1)]
            out.append("".join(rng.choice(alphabet) for _ in range(n)))
        pos = m.end()
    out.append(tpl[pos:])
    return "".join(out)


def entropy(s):
    if not s:
        return 0.0
    counts = {}
    for ch in s.encode():
        counts[ch] = counts.get(ch, 0) + 1
    n = float(len(s.encode()))
    return -sum(c / n * math.log2(c / n) for c in counts.values())


# ---------------------------------------------------------------- rule filters

class RuleFilter:
    """Stop words, secret-target allowlist regexes and minimum entropy of the
    rules file, to redraw tokens that would be dropped by chance."""

    def __init__(self, path):
        self.rules = {}
        self.global_stop = []
        self.global_re = []
        if not path:
            return
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        g = doc.get("allowlist") or {}
        self.global_stop = [w.lower() for w in g.get("stopwords") or []]
        self.global_re = self._compile(g.get("regexes") or [], g.get("regex-target"))
        for r in doc.get("rules") or []:
            al = r.get("allowlist") or {}
            self.rules[str(r["id"])] = (
                [w.lower() for w in al.get("stopwords") or []],
                self._compile(al.get("regexes") or [], al.get("regex-target")),
                float(r.get("entropy") or 0),
            )

    @staticmethod
    def _compile(regexes, target):
        if target not in (None, "secret"):
            return []
        out = []
        for rx in regexes:
            try:
                out.append(re.compile(rx))
            except re.error:
                pass  # PCRE-only syntax: cannot check it here
        return out

    def rejects(self, rule_id, token):
        stop, rxs, ent = self.rules.get(rule_id, ([], [], 0.0))
        low = token.lower()
        if any(w in low for w in stop + self.global_stop):
            return True
        if any(rx.search(token) for rx in rxs + self.global_re):
            return True
        return ent > 0 and entropy(token) < ent


# ------------------------------------------------------------------ rendering

def yaml_plain_ok(v):
    if not v or v != v.strip() or v[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if ": " in v or " #" in v or v.endswith(":") or "\t" in v:
        return False
    if re.fullmatch(r"(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9._eE+:-]*", v):
        return False
    return True


def c_escape(v):
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def ident(name, kind):
    n = name
    # UPPER_SNAKE names are lower-cased in the kinds whose keys are usually
    # lower case; camelCase and other mixed names are kept
    if kind in ("yaml", "json", "js", "go", "terraform") and n == n.upper():
        n = n.lower()
    if kind in ("python", "js", "go", "shell", "env"):
        n = re.sub(r"[^A-Za-z0-9_]", "_", n)
    elif kind == "terraform":
        n = re.sub(r"[^A-Za-z0-9_-]", "_", n)
    if n[:1].isdigit():
        n = "_" + n
    return n


def render_assign(kind, name, pre, tok, suf, rng):
    """One assignment of value pre+tok+suf to name in the syntax of kind.
    Returns (lines, line of the token's first character within them,
    whether continuation lines take the block's indentation)."""
    v = pre + tok + suf
    multi = "\n" in v
    key = ident(name, kind)
    if kind == "yaml":
        if multi:
            return ["%s: |" % key] + [("  " + x) if x else "" for x in v.split("\n")], 1 + pre.count("\n"), True
        styles = ["plain", "double", "single"] if yaml_plain_ok(v) else ["double", "single"]
        style = rng.choice(styles)
        if style == "plain":
            return ["%s: %s" % (key, v)], 0, True
        if style == "single":
            return ["%s: '%s'" % (key, v.replace("'", "''"))], 0, True
        return ['%s: "%s"' % (key, c_escape(v))], 0, True
    if kind == "json":
        return ['"%s": %s' % (key, json.dumps(v, ensure_ascii=False))], 0, True
    if kind == "env":
        if multi:
            return ('%s="%s"' % (key, v.replace('"', '\\"'))).split("\n"), pre.count("\n"), False
        if re.fullmatch(r"[^\s\"'#$\\`]+", v) and rng.random() < 0.6:
            return ["%s=%s" % (key, v)], 0, False
        if not re.search(r"[\"\\$`]", v):
            return ['%s="%s"' % (key, v)], 0, False
        if "'" not in v:
            return ["%s='%s'" % (key, v)], 0, False
        return ['%s="%s"' % (key, c_escape(v))], 0, False
    if kind == "shell":
        if not re.search(r"[\"\\$`]", v):
            return ('export %s="%s"' % (key, v)).split("\n"), pre.count("\n"), False
        return ("export %s='%s'" % (key, v.replace("'", "'\\''"))).split("\n"), pre.count("\n"), False
    if kind == "python":
        if multi:
            body = v.replace("\\", "\\\\").replace('"""', '\\"""')
            return ('%s = """%s"""' % (key, body)).split("\n"), pre.count("\n"), False
        if "'" not in v and rng.random() < 0.3:
            return ["%s = '%s'" % (key, v.replace("\\", "\\\\"))], 0, False
        return ['%s = "%s"' % (key, c_escape(v))], 0, False
    if kind == "js":
        if multi:
            body = v.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
            return ("const %s = `%s`;" % (key, body)).split("\n"), pre.count("\n"), False
        if "'" not in v and rng.random() < 0.5:
            return ["const %s = '%s';" % (key, v.replace("\\", "\\\\"))], 0, False
        return ['const %s = "%s";' % (key, c_escape(v))], 0, False
    if kind == "go":
        if multi and "`" not in v:
            return ("%s := `%s`" % (key, v)).split("\n"), pre.count("\n"), False
        return ['%s := "%s"' % (key, c_escape(v))], 0, False
    if kind == "terraform":
        if multi:
            return ["%s = <<-EOT" % key] + v.split("\n") + ["EOT"], 1 + pre.count("\n"), False
        body = c_escape(v).replace("${", "$${").replace("%{", "%%{")
        return ['%s = "%s"' % (key, body)], 0, True
    raise ValueError(kind)


class Snippet:
    """Lines to plant; tok_off is the line of the token within them."""

    def __init__(self, lines, tok_off, raw, cont_indent, label=None, json_doc=False):
        self.lines = lines
        self.tok_off = tok_off
        self.raw = raw
        self.cont_indent = cont_indent
        self.label = label
        self.json_doc = json_doc  # raw text that is a JSON document
        self.start = None         # 1-based line in the file, set on assembly


def make_snippet(kind, context, raw, token, rng, where):
    """context holds {token} once or more (the first one is labelled)."""
    if TOKEN_MARK not in context:
        raise SampleError("%s: context has no {token}: %r" % (where, context))
    before, after = context.split(TOKEN_MARK, 1)
    if not raw:
        m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)\Z", before, re.S)
        if not m:
            raise SampleError("%s: context is not NAME=VALUE (use raw: true): %r" % (where, context))
        name, vpre = m.group(1), m.group(2).lstrip()
        vpost = after.replace(TOKEN_MARK, token)
        # NAME="{token}": the quotes are the file kind's business
        if len(vpre) >= 1 and vpre[0] in "\"'" and vpost.endswith(vpre[0]):
            vpre, vpost = vpre[1:], vpost[:-1]
        pre, suf = expand(vpre, rng), expand(vpost, rng)
        lines, off, cont = render_assign(kind, name, pre, token, suf, rng)
        return Snippet(lines, off, False, cont)
    pre = expand(before, rng)
    suf = expand(after.replace(TOKEN_MARK, "\x00"), rng).replace("\x00", token)
    while suf.endswith("\n"):  # a YAML block scalar's final newline
        suf = suf[:-1]
    text = pre + token + suf
    is_doc = False
    if kind == "json" and text.lstrip().startswith("{"):
        try:
            json.loads(text)
            is_doc = True
        except ValueError:
            pass
    return Snippet(text.split("\n"), pre.count("\n"), True, False, json_doc=is_doc)


# -------------------------------------------------------------------- fillers

SERVICES = ["billing-api", "inventory", "checkout", "notifier", "search-indexer", "edge-gateway",
            "report-worker", "media-proxy", "ledger", "scheduler", "catalog", "shipping",
            "user-profile", "metrics-relay", "webhooks", "pricing", "recommender", "audit-log",
            "geo-lookup", "mailer"]
ENVS = ["production", "staging", "development", "preprod"]
REGIONS = ["eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ca-central-1"]
LEVELS = ["info", "debug", "warn", "error"]
TEAMS = ["platform", "payments", "growth", "data", "infra", "mobile"]
WORDS = ["order", "invoice", "customer", "shipment", "report", "batch", "event", "session",
         "product", "account", "ticket", "upload", "message", "price", "route", "job"]
VERBS = ["load", "parse", "build", "fetch", "render", "sync", "resolve", "merge", "publish",
         "validate", "normalize", "collect", "schedule", "retry", "flush", "export"]
COMMENTS = [
    "Values below are read once at start-up; restart the service after a change.",
    "Keep this list sorted so diffs stay small.",
    "Timeouts are in seconds unless the name says otherwise.",
    "Owned by the {team} team; ask in #{team}-oncall before editing.",
    "See docs/runbook.md for what each setting does in production.",
    "Defaults match the {env} cluster.",
    "The retry budget is shared by every worker of the pool.",
    "Do not lower this below 2: the health check needs the headroom.",
    "Added for the {word} migration; remove once it has shipped everywhere.",
    "Mirrors the settings of the upstream chart.",
    "Hosts are resolved through the internal DNS zone.",
    "Feature flags default to off outside {env}.",
    "TODO: move this to the shared configuration module.",
    "Changed after the incident in March: the queue backed up under load.",
]
PACKAGES_NPM = [("express", "^4.18.2"), ("pino", "^8.16.0"), ("undici", "^6.2.1"), ("zod", "^3.22.4"),
                ("dotenv", "^16.3.1"), ("pg", "^8.11.3"), ("ioredis", "^5.3.2"), ("lodash", "^4.17.21"),
                ("yargs", "^17.7.2"), ("uuid", "^9.0.1"), ("dayjs", "^1.11.10"), ("fastify", "^4.25.2")]
PACKAGES_NPM_DEV = [("eslint", "^8.56.0"), ("jest", "^29.7.0"), ("prettier", "^3.1.1"), ("nodemon", "^3.0.2"),
                    ("typescript", "^5.3.3")]
PY_IMPORTS = ["import json", "import logging", "import os", "import sys", "import time",
              "from dataclasses import dataclass, field", "from pathlib import Path",
              "from typing import Any, Dict, List, Optional", "import functools", "import itertools"]
GO_IMPORTS = ["context", "encoding/json", "errors", "fmt", "log", "net/http", "os", "strconv",
              "strings", "sync", "time"]


class Filler:
    """Ordinary lines of each kind: comments, imports, functions, keys."""

    def __init__(self, rng, svc, env):
        self.r = rng
        self.svc = svc
        self.env = env
        self.team = rng.choice(TEAMS)
        self.used = {}
        self.funcs = []

    def uniq(self, cands):
        """One of cands whose name was not used yet in this file (a name
        gets a numeric suffix once all are used)."""
        free = [c for c in cands if self._name(c) not in self.used]
        line = self.r.choice(free or cands)
        name = self._name(line)
        n = self.used.get(name, 0)
        self.used[name] = n + 1
        if n and name:
            line = line.replace(name, "%s_%d" % (name, n + 1), 1)
        return line

    @staticmethod
    def _name(line):
        m = re.match(r"\s*\"?(?:export |readonly |const )?([A-Za-z_][A-Za-z0-9_]*)", line)
        return m.group(1) if m else ""

    def comment(self):
        c = self.r.choice(COMMENTS)
        return c.format(team=self.team, env=self.env, word=self.r.choice(WORDS))

    def word(self):
        return self.r.choice(WORDS)

    def fname(self, style="snake"):
        v, w = self.r.choice(VERBS), self.r.choice(WORDS)
        if style == "camel":
            return v + w.capitalize()
        if style == "pascal":
            return v.capitalize() + w.capitalize()
        return "%s_%s" % (v, w)

    def num(self, *choices):
        return self.r.choice(choices)

    # ---- YAML
    def yaml_section(self):
        r = self.r
        kind = r.randrange(9)
        if kind == 0:
            return ["server:", "  host: 0.0.0.0", "  port: %d" % self.num(8080, 8000, 3000, 9090),
                    "  read_timeout: %ds" % self.num(5, 10, 30), "  write_timeout: %ds" % self.num(10, 30, 60),
                    "  cors:", "    allowed_origins:", "      - https://%s.acme.internal" % self.svc,
                    "      - https://console.acme.internal"]
        if kind == 1:
            return ["logging:", "  level: %s" % r.choice(LEVELS), "  format: %s" % r.choice(["json", "text"]),
                    "  # " + self.comment(), "  outputs:", "    - stdout",
                    "    - file:/var/log/%s/%s.log" % (self.svc, self.svc)]
        if kind == 2:
            return ["database:", "  host: db-%s.internal" % self.env, "  port: 5432",
                    "  name: %s" % self.svc.replace("-", "_"), "  pool:",
                    "    min: %d" % self.num(1, 2, 4), "    max: %d" % self.num(10, 20, 50),
                    "  ssl_mode: require", "  statement_timeout_ms: %d" % self.num(5000, 15000, 30000)]
        if kind == 3:
            return ["cache:", "  backend: redis", "  address: cache.internal:6379",
                    "  ttl_seconds: %d" % self.num(60, 300, 3600), "  max_entries: %d" % self.num(1000, 50000)]
        if kind == 4:
            out = ["features:"]
            for _ in range(r.randint(2, 4)):
                out += ["  - name: %s-%s" % (self.r.choice(VERBS), self.word()),
                        "    enabled: %s" % r.choice(["true", "false"]),
                        "    rollout_percent: %d" % self.num(0, 10, 50, 100)]
            return out
        if kind == 5:
            return ["retry:", "  attempts: %d" % self.num(3, 5, 8), "  backoff_ms: %d" % self.num(100, 250, 500),
                    "  max_backoff_ms: %d" % self.num(5000, 10000), "  jitter: true"]
        if kind == 6:
            return ["metrics:", "  enabled: true", "  path: /metrics", "  port: %d" % self.num(9100, 9102),
                    "  labels:", "    team: %s" % self.team, "    env: %s" % self.env]
        if kind == 7:
            return ["queues:"] + ["  - %s-%s" % (self.svc, w) for w in r.sample(WORDS, r.randint(2, 5))]
        return ["schedule:", "  %s: \"*/%d * * * *\"" % (self.fname(), self.num(5, 10, 15)),
                "  %s: \"0 %d * * *\"" % (self.fname(), self.num(1, 2, 3)), "  timezone: UTC"]

    def yaml_kv(self):
        r = self.r
        return self.uniq(["enabled: true", "timeout_seconds: %d" % self.num(10, 30, 60),
                         "region: %s" % r.choice(REGIONS), "endpoint: https://%s.acme.internal" % self.word(),
                         "max_connections: %d" % self.num(8, 16, 64), "verify_tls: true",
                         "owner: %s" % self.team, "retries: %d" % self.num(2, 3, 5)])

    # ---- env
    def env_lines(self):
        r = self.r
        pool = ["NODE_ENV=%s" % self.env, "PORT=%d" % self.num(3000, 8080, 8000), "HOST=0.0.0.0",
                "LOG_LEVEL=%s" % r.choice(LEVELS), "DATABASE_HOST=db-%s.internal" % self.env,
                "DATABASE_PORT=5432", "DATABASE_NAME=%s" % self.svc.replace("-", "_"),
                "REDIS_URL=redis://cache.internal:6379/%d" % self.num(0, 1, 2), "TZ=UTC",
                "WORKERS=%d" % self.num(2, 4, 8), "REQUEST_TIMEOUT_MS=%d" % self.num(5000, 15000),
                "FEATURE_%s=%s" % (self.word().upper(), r.choice(["true", "false"])),
                "APP_NAME=%s" % self.svc, "AWS_REGION=%s" % r.choice(REGIONS),
                "PUBLIC_URL=https://%s.acme.example.org" % self.svc, "METRICS_PORT=9100",
                "QUEUE_NAME=%s-%s" % (self.svc, self.word()), "MAX_UPLOAD_MB=%d" % self.num(10, 25, 100)]
        out = []
        if r.random() < 0.4:
            out.append("# " + self.comment())
        out += [self.uniq(pool) for _ in range(r.randint(1, 3))]
        if r.random() < 0.3:
            out.append("")
        return out

    # ---- shell
    def sh_function(self):
        r = self.r
        name = self.fname()
        body = r.choice([
            ['    log "building %s:${TAG}"' % self.svc,
             '    docker build --pull -t "${IMAGE}:${TAG}" -f Dockerfile .',
             '    docker push "${IMAGE}:${TAG}"'],
            ['    local ns="${1:-%s}"' % self.env,
             '    kubectl -n "$ns" set image "deployment/%s" app="${IMAGE}:${TAG}"' % self.svc,
             '    kubectl -n "$ns" rollout status "deployment/%s" --timeout=%ds' % (self.svc, self.num(120, 300))],
            ['    local tries=0',
             '    until curl -fsS "http://localhost:${PORT}/healthz" > /dev/null; do',
             '        tries=$((tries + 1))',
             '        [ "$tries" -lt %d ] || die "service did not become healthy"' % self.num(10, 30),
             '        sleep 2',
             '    done'],
            ['    find "${BUILD_DIR}" -name "*.tmp" -mtime +%d -delete' % self.num(1, 7),
             '    rm -rf "${BUILD_DIR}/cache"'],
            ['    helm upgrade --install %s ./chart \\' % self.svc,
             '        --namespace "%s" \\' % self.env,
             '        --set image.tag="${TAG}" \\',
             '        --wait --timeout %dm' % self.num(5, 10)],
        ])
        self.funcs.append(name)
        return ["", "# " + self.comment(), "%s() {" % name] + body + ["}"]

    def sh_var(self):
        r = self.r
        return self.uniq(['readonly REGION="%s"' % r.choice(REGIONS), 'readonly PORT=%d' % self.num(8080, 3000),
                         'readonly BUILD_DIR="${TMPDIR:-/tmp}/%s-build"' % self.svc,
                         'NAMESPACE="${NAMESPACE:-%s}"' % self.env, 'readonly RETRIES=%d' % self.num(3, 5),
                         'readonly TIMEOUT=%ds' % self.num(30, 60, 120), 'CHART_DIR="${CHART_DIR:-./chart}"',
                         'readonly CONTEXT="%s-%s"' % (self.team, self.env), 'DRY_RUN="${DRY_RUN:-0}"'])

    # ---- python
    def py_function(self):
        r = self.r
        name = self.fname()
        w = self.word()
        body = r.choice([
            ['    """Read the JSON file at path and fill in missing settings."""',
             '    with open(path, encoding="utf-8") as fh:',
             '        data = json.load(fh)',
             '    for name, default in DEFAULTS.items():',
             '        data.setdefault(name, default)',
             '    return data'],
            ['    """Return the %ss grouped by status."""' % w,
             '    groups = {}',
             '    for item in items:',
             '        groups.setdefault(item.get("status", "unknown"), []).append(item)',
             '    LOG.debug("grouped %%d %ss", len(items))' % w,
             '    return groups'],
            ['    """Retry fn with exponential back-off."""',
             '    delay = 0.%d' % self.num(1, 2, 5),
             '    for attempt in range(RETRIES):',
             '        try:',
             '            return fn()',
             '        except OSError as exc:',
             '            LOG.warning("attempt %d failed: %s", attempt + 1, exc)',
             '            time.sleep(delay)',
             '            delay *= 2',
             '    raise RuntimeError("gave up after %d attempts" % RETRIES)'],
            ['    """Normalise a %s record coming from the queue."""' % w,
             '    out = dict(record)',
             '    out["id"] = int(out["id"])',
             '    out["name"] = out.get("name", "").strip().lower()',
             '    return out'],
        ])
        first = body[0]
        if "JSON file" in first:
            arg = "path"
        elif "grouped" in first:
            arg = "items"
        elif "Retry" in first:
            arg = "fn"
        else:
            arg = "record"
        return ["", "", "def %s(%s):" % (name, arg)] + body

    def py_const(self):
        r = self.r
        return self.uniq(["RETRIES = %d" % self.num(3, 5), "TIMEOUT_SECONDS = %d" % self.num(10, 30),
                         'REGION = "%s"' % r.choice(REGIONS), 'SERVICE_NAME = "%s"' % self.svc,
                         "BATCH_SIZE = %d" % self.num(100, 500, 1000), 'QUEUE = "%s-%s"' % (self.svc, self.word()),
                         'CACHE_DIR = BASE_DIR / "cache"', "MAX_WORKERS = %d" % self.num(4, 8, 16),
                         'ENDPOINT = "https://%s.acme.internal/v%d"' % (self.word(), self.num(1, 2)),
                         'DEFAULTS = {"region": "%s", "workers": %d}' % (r.choice(REGIONS), self.num(2, 4))])

    # ---- JavaScript
    def js_function(self):
        r = self.r
        name = self.fname("camel")
        return r.choice([
            ["", "async function %s(url, opts = {}) {" % name,
             "  const res = await fetch(url, { ...opts, signal: AbortSignal.timeout(TIMEOUT_MS) });",
             "  if (!res.ok) {",
             "    throw new Error(`${url}: HTTP ${res.status}`);",
             "  }",
             "  return res.json();",
             "}"],
            ["", "function %s(items) {" % name,
             "  return items",
             "    .filter((it) => it.status !== 'archived')",
             "    .map((it) => ({ ...it, name: it.name.trim() }))",
             "    .sort((a, b) => a.createdAt - b.createdAt);",
             "}"],
            ["", "// " + self.comment(),
             "const %s = (req, res) => {" % name,
             "  logger.info({ path: req.path }, 'request');",
             "  res.status(200).json({ ok: true, service: '%s' });" % self.svc,
             "};"],
            ["", "function %s(n) {" % name,
             "  let total = 0;",
             "  for (let i = 0; i < n; i += 1) {",
             "    total += i * %d;" % self.num(2, 3, 7),
             "  }",
             "  return total;",
             "}"],
        ])

    def js_const(self):
        r = self.r
        return self.uniq(["const TIMEOUT_MS = %d;" % self.num(5000, 10000, 30000),
                         "const PORT = Number(process.env.PORT || %d);" % self.num(3000, 8080),
                         "const REGION = '%s';" % r.choice(REGIONS), "const RETRIES = %d;" % self.num(3, 5),
                         "const SERVICE = '%s';" % self.svc, "const BATCH = %d;" % self.num(50, 100, 250),
                         "const ENDPOINT = 'https://%s.acme.internal/v%d';" % (self.word(), self.num(1, 2)),
                         "const CACHE_TTL_S = %d;" % self.num(60, 300),
                         "const QUEUE = '%s-%s';" % (self.svc, self.word())])

    # ---- Go
    def go_function(self):
        r = self.r
        name = self.fname("pascal")
        return r.choice([
            ["", "// %s fetches url with the client's timeouts." % name,
             "func %s(ctx context.Context, c *http.Client, url string) ([]byte, error) {" % name,
             "\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
             "\tif err != nil {",
             "\t\treturn nil, err",
             "\t}",
             "\tresp, err := c.Do(req)",
             "\tif err != nil {",
             "\t\treturn nil, fmt.Errorf(\"%s: %%w\", err)" % name,
             "\t}",
             "\tdefer resp.Body.Close()",
             "\treturn nil, nil",
             "}"],
            ["", "// %s counts the items, ignoring case." % name, "func %s(items []string) map[string]int {" % name,
             "\tcounts := make(map[string]int, len(items))",
             "\tfor _, it := range items {",
             "\t\tcounts[strings.ToLower(it)]++",
             "\t}",
             "\treturn counts",
             "}"],
            ["", "// %s parses a number of seconds, or returns def." % name,
             "func %s(s string, def time.Duration) time.Duration {" % name,
             "\tn, err := strconv.Atoi(s)",
             "\tif err != nil || n <= 0 {",
             "\t\treturn def",
             "\t}",
             "\treturn time.Duration(n) * time.Second",
             "}"],
        ])

    # ---- Terraform
    def tf_block(self):
        r = self.r
        w = self.word()
        return r.choice([
            ["", 'resource "aws_s3_bucket" "%s" {' % w,
             '  bucket = "acme-%s-%s-%s"' % (self.svc, w, self.env),
             "  tags = {",
             '    Team        = "%s"' % self.team,
             '    Environment = "%s"' % self.env,
             "  }",
             "}"],
            ["", 'variable "%s_count" {' % w,
             "  type        = number",
             "  default     = %d" % self.num(1, 2, 3),
             '  description = "How many %s workers to run."' % w,
             "}"],
            ["", 'resource "aws_cloudwatch_log_group" "%s" {' % w,
             '  name              = "/acme/%s/%s"' % (self.svc, w),
             "  retention_in_days = %d" % self.num(7, 14, 30, 90),
             "}"],
            ["", 'output "%s_bucket" {' % w,
             "  value = aws_s3_bucket.%s.id" % w,
             "}"],
            ["", "# " + self.comment(),
             'module "%s_queue" {' % w,
             '  source  = "./modules/queue"',
             '  name    = "%s-%s"' % (self.svc, w),
             "  fifo    = %s" % r.choice(["true", "false"]),
             "}"],
        ])

    def tf_attr(self):
        r = self.r
        return self.uniq(['region = "%s"' % r.choice(REGIONS), 'environment = "%s"' % self.env,
                         "replicas = %d" % self.num(1, 2, 3), 'service = "%s"' % self.svc,
                         'owner = "%s"' % self.team, "enable_logging = true"])


# ------------------------------------------------------------------ assembly

class Out:
    """Collects lines, places snippets and records where each one starts."""

    def __init__(self):
        self.lines = []

    def add(self, *lines):
        for x in lines:
            if isinstance(x, list):
                self.lines.extend(x)
            else:
                self.lines.append(x)

    def plant(self, snip, indent="", trailer=""):
        snip.start = len(self.lines) + 1
        lines = list(snip.lines)
        if trailer:
            lines[-1] += trailer
        for i, x in enumerate(lines):
            if snip.raw:
                self.lines.append(x)
            elif i == 0 or snip.cont_indent:
                self.lines.append(indent + x if x else x)
            else:
                self.lines.append(x)

    def text(self):
        return "\n".join(self.lines) + "\n"


def build_yaml(f, snips):
    o = Out()
    o.add("# %s — %s settings" % (f.svc, f.env), "# " + f.comment(), "version: %d" % f.num(1, 2, 3),
          "service: %s" % f.svc, "environment: %s" % f.env, "")
    for s in snips:
        o.add(f.yaml_section(), "")
        if s.raw:
            o.add("# " + f.comment())
            o.plant(s)
        elif f.r.random() < 0.5:
            o.add("%s:" % f.r.choice(["integrations", "upstream", "settings", "notifications", "storage"]))
            o.add("  " + f.yaml_kv())
            o.plant(s, "  ")
            o.add("  " + f.yaml_kv())
        else:
            o.add(f.yaml_kv())
            o.plant(s)
        o.add("")
    o.add(f.yaml_section())
    return o.text()


def build_json(f, snips):
    o = Out()
    deps = f.r.sample(PACKAGES_NPM, f.r.randint(3, 7))
    dev = f.r.sample(PACKAGES_NPM_DEV, f.r.randint(1, 3))
    o.add("{", '  "name": "@acme/%s",' % f.svc, '  "version": "%d.%d.%d",' % (f.num(0, 1, 2, 3), f.num(0, 4, 12), f.num(0, 1, 7)),
          '  "description": "The %s service of the %s team",' % (f.svc, f.team), '  "private": true,',
          '  "main": "src/index.js",', '  "scripts": {', '    "start": "node src/index.js",',
          '    "lint": "eslint src",', '    "build": "tsc -p ."', "  },")
    o.add('  "dependencies": {')
    o.add(['    "%s": "%s"%s' % (n, v, "," if i < len(deps) - 1 else "") for i, (n, v) in enumerate(deps)])
    o.add("  },", '  "devDependencies": {')
    o.add(['    "%s": "%s"%s' % (n, v, "," if i < len(dev) - 1 else "") for i, (n, v) in enumerate(dev)])
    o.add("  },", '  "config": {')
    fillers = ['"port": %d' % f.num(3000, 8080), '"region": "%s"' % f.r.choice(REGIONS),
               '"logLevel": "%s"' % f.r.choice(LEVELS), '"retries": %d' % f.num(2, 3, 5),
               '"queue": "%s-%s"' % (f.svc, f.word()), '"timeoutMs": %d' % f.num(5000, 10000),
               '"metrics": true', '"environment": "%s"' % f.env]
    entries = []
    for s in snips:
        entries.append(f.uniq(fillers))
        entries.append(s)
    entries.append(f.uniq(fillers))
    for i, e in enumerate(entries):
        comma = "," if i < len(entries) - 1 else ""
        if isinstance(e, Snippet):
            if e.raw and e.json_doc:
                e.lines = ['"embedded%d": %s' % (i, e.lines[0])] + e.lines[1:]
                e.raw = False
                e.cont_indent = True
            if e.raw:
                o.plant(e)
            else:
                o.plant(e, "    ", comma)
        else:
            o.add("    " + e + comma)
    o.add("  },", '  "engines": {', '    "node": ">=%d"' % f.num(18, 20), "  },", '  "license": "UNLICENSED"', "}")
    return o.text()


def build_env(f, snips):
    o = Out()
    o.add("# %s environment (%s)" % (f.svc, f.env), "# " + f.comment(), "")
    for s in snips:
        o.add(f.env_lines())
        if f.r.random() < 0.3:
            o.add("# " + f.comment())
        o.plant(s)
        o.add(f.env_lines())
    o.add(f.env_lines())
    return o.text()


def build_shell(f, snips):
    o = Out()
    o.add("#!/usr/bin/env bash", "# Build and roll out %s to %s." % (f.svc, f.env), "# " + f.comment(),
          "set -euo pipefail", "", 'readonly IMAGE="registry.acme.internal/%s/%s"' % (f.team, f.svc),
          'TAG="${TAG:-$(git rev-parse --short HEAD)}"', "")
    o.add('log() { printf \'[%s] %s\\n\' "$(date -u +%H:%M:%S)" "$*" >&2; }',
          'die() { log "error: $*"; exit 1; }')
    o.add("")
    for s in snips:
        o.add(f.sh_var(), f.sh_var())
        o.plant(s)
        o.add(f.sh_var())
        if f.r.random() < 0.5:
            o.add(f.sh_function())
        o.add("")
    o.add(f.sh_function(), f.sh_function(), "", 'main() {', '    case "${1:-all}" in')
    o.add(["        %s) %s ;;" % (fn, fn) for fn in f.funcs])
    o.add('        all) %s ;;' % " && ".join(f.funcs), '        *) die "unknown command: $1" ;;', '    esac', '}', "",
          'main "$@"')
    return o.text()


def build_python(f, snips):
    o = Out()
    mod = f.svc.replace("-", "_")
    o.add('"""%s.settings — %s"""' % (mod, f.comment()), "")
    imports = ["import json", "import logging", "import time", "from pathlib import Path"]
    imports += [i for i in f.r.sample(PY_IMPORTS, 3) if i not in imports]
    o.add(sorted(imports, key=lambda x: (x.startswith("from"), x)))
    o.add("", "LOG = logging.getLogger(__name__)", "BASE_DIR = Path(__file__).resolve().parent",
          "RETRIES = %d" % f.num(3, 5), 'DEFAULTS = {"region": "%s", "workers": %d}' % (f.r.choice(REGIONS), f.num(2, 4)))
    for n in ("LOG", "BASE_DIR", "RETRIES", "DEFAULTS"):
        f.used[n] = 1
    for s in snips:
        o.add(f.py_const(), f.py_const())
        if f.r.random() < 0.3:
            o.add("# " + f.comment())
        o.plant(s)
        o.add(f.py_const())
        if f.r.random() < 0.5:
            o.add(f.py_function(), "", "")
    o.add(f.py_function(), "", "", "class %sClient:" % "".join(w.capitalize() for w in mod.split("_")),
          '    """Thin wrapper around the %s HTTP interface."""' % f.svc, "",
          "    def __init__(self, base_url, timeout=30):", "        self.base_url = base_url.rstrip(\"/\")",
          "        self.timeout = timeout", "", "    def url(self, *parts):",
          '        return "/".join([self.base_url] + [str(p) for p in parts])')
    return o.text()


def build_js(f, snips):
    o = Out()
    o.add("'use strict';", "", "// %s: %s" % (f.svc, f.comment()))
    o.add(["const %s = require('%s');" % (n, n) for n in sorted(f.r.sample(["path", "fs", "os", "util", "http"], 3))])
    o.add("const logger = require('pino')({ level: '%s' });" % f.r.choice(LEVELS), "")
    for s in snips:
        o.add(f.js_const(), f.js_const())
        o.plant(s)
        o.add(f.js_const())
        if f.r.random() < 0.5:
            o.add(f.js_function())
        o.add("")
    o.add(f.js_function(), "", "module.exports = { %s };" % ", ".join(sorted({m.group(1) for s in snips if not s.raw
                                                          for m in [re.match(r"const (\w+)", s.lines[0])] if m})))
    return o.text()


def build_go(f, snips):
    o = Out()
    pkg = f.r.choice(["config", "main", "settings", "app"])
    o.add("// Package %s loads the settings of %s." % (pkg, f.svc), "//", "// " + f.comment(), "package %s" % pkg, "",
          "import (")
    o.add(['\t"%s"' % p for p in sorted(set(f.r.sample(GO_IMPORTS, 5)) | {"context", "fmt", "net/http", "strconv", "strings", "time"})])
    o.add(")", "", "// Settings holds the values the service starts with.", "type Settings struct {",
          "\tValues  map[string]string", "\tTimeout time.Duration", "\tRegion  string", "}", "")
    raw = [s for s in snips if s.raw]
    inner = [s for s in snips if not s.raw]
    o.add("func Load() *Settings {", "\ts := &Settings{Values: map[string]string{}, Timeout: %d * time.Second}" % f.num(10, 30),
          '\ts.Region = "%s"' % f.r.choice(REGIONS))
    for s in inner:
        o.add('\ts.Values["%s"] = "%s"' % (f.word(), f.r.choice(LEVELS + REGIONS)))
        o.plant(s, "\t")
        name = s.lines[0].split(":=")[0].strip()
        o.add('\ts.Values["%s"] = %s' % (name, name))
    o.add("\treturn s", "}")
    for s in raw:
        o.add(f.go_function(), "")
        o.plant(s)
    o.add(f.go_function())
    return o.text()


def build_terraform(f, snips):
    o = Out()
    o.add("terraform {", '  required_version = ">= 1.5"', "  required_providers {",
          "    aws = {", '      source  = "hashicorp/aws"', '      version = "~> 5.%d"' % f.num(0, 20, 31), "    }",
          "  }", "}", "", 'provider "aws" {', '  region = "%s"' % f.r.choice(REGIONS), "}")
    for s in snips:
        o.add(f.tf_block())
        o.add("")
        if s.raw:
            o.add("# " + f.comment())
            o.plant(s)
        else:
            head = f.r.choice(["locals {", 'module "%s" {' % f.word(), 'resource "null_resource" "%s" {' % f.word()])
            o.add(head)
            if head.startswith("module"):
                o.add('  source = "./modules/%s"' % f.svc)
            else:
                o.add("  " + f.tf_attr())
            o.plant(s, "  ")
            o.add("  " + f.tf_attr(), "}")
    o.add(f.tf_block())
    return o.text()


BUILDERS = {"yaml": build_yaml, "json": build_json, "env": build_env, "shell": build_shell,
            "python": build_python, "js": build_js, "go": build_go, "terraform": build_terraform}

FILENAMES = {
    "yaml": ["config/settings.yaml", "config.yml", "deploy/values.yaml", "application.yml", "conf/%s.yaml"],
    "json": ["package.json", "config/default.json", "appsettings.json", "conf/%s.json"],
    "env": [".env", ".env.production", "config/app.env", "deploy/%s.env"],
    "shell": ["deploy.sh", "scripts/release.sh", "bin/bootstrap.sh", "ci/%s-rollout.sh"],
    "python": ["settings.py", "app/config.py", "tasks.py", "%s/client.py"],
    "js": ["config.js", "src/client.js", "server.mjs", "lib/%s.js"],
    "go": ["main.go", "internal/config/config.go", "cmd/server/main.go", "pkg/%s/settings.go"],
    "terraform": ["main.tf", "providers.tf", "infra/%s.tf", "modules/app/main.tf"],
}


def file_name(rng, kind, svc):
    n = rng.choice(FILENAMES[kind])
    return n % svc.replace("-", "_") if "%s" in n else n


# ------------------------------------------------------------------ the corpus

def load_samples(path):
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    # the samples are under `samples:` (or `rules:`, as the rules file names them)
    top = doc.get("samples", doc.get("rules")) if isinstance(doc, dict) else None
    if not isinstance(top, dict):
        raise SampleError("%s: no top-level 'samples' mapping" % path)
    samples = {}
    for rid, lst in top.items():
        rid = str(rid)
        if not isinstance(lst, list) or not lst:
            raise SampleError("%s: %s: a list of samples is expected" % (path, rid))
        out = []
        for i, s in enumerate(lst):
            where = "%s: %s[%d]" % (path, rid, i)
            if not isinstance(s, dict) or "token" not in s:
                raise SampleError("%s: a mapping with 'token' is expected" % where)
            tok = str(s["token"])
            ctx = str(s.get("context") or TOKEN_MARK)
            raw = bool(s.get("raw", False)) or ctx == TOKEN_MARK
            kinds = s.get("kinds") or list(KINDS)
            for k in kinds:
                if k not in KINDS:
                    raise SampleError("%s: unknown kind %r" % (where, k))
            check_template(tok, where)
            check_template(ctx.replace(TOKEN_MARK, ""), where)
            if TOKEN_MARK not in ctx:
                raise SampleError("%s: context has no {token}" % where)
            out.append({"token": tok, "context": ctx, "raw": raw, "kinds": list(kinds)})
        samples[rid] = out
    negatives = []
    for i, n in enumerate(doc.get("negatives") or []):
        where = "%s: negatives[%d]" % (path, i)
        if not isinstance(n, dict) or ("value" not in n and "token" not in n):
            raise SampleError("%s: a mapping with 'value' (or 'token') is expected" % where)
        val = str(n["value"] if "value" in n else n["token"])
        ctx = str(n.get("context") or "value={value}")
        ctx = ctx.replace("{value}", TOKEN_MARK)
        kinds = n.get("kinds") or list(KINDS)
        for k in kinds:
            if k not in KINDS:
                raise SampleError("%s: unknown kind %r" % (where, k))
        check_template(val, where)
        check_template(ctx.replace(TOKEN_MARK, ""), where)
        if TOKEN_MARK not in ctx:
            raise SampleError("%s: context has neither {value} nor {token}" % where)
        negatives.append({"token": val, "context": ctx, "raw": bool(n.get("raw", False)), "kinds": list(kinds)})
    return samples, negatives


def draw_token(rng, tpl, rid, filt, stats):
    tok = expand(tpl, rng)
    for _ in range(50):
        if not filt.rejects(rid, tok):
            break
        stats["redrawn"] += 1
        tok = expand(tpl, rng)
    return tok


def write_files(rng, outdir, plan, with_labels, plain_per_kind=0):
    """plan: list of (kind, sample, rule_id or None, token). Groups the
    plantings of each kind into files of 3 to 6, writes them (and
    plain_per_kind files of each kind with ordinary lines only), and returns
    the labels and the number of files."""
    labels = []
    by_kind = {k: [] for k in KINDS}
    for p in plan:
        by_kind[p[0]].append(p)
    n = 0
    for kind in KINDS:
        items = by_kind[kind]
        rng.shuffle(items)
        groups = [[] for _ in range(plain_per_kind)]
        i = 0
        while i < len(items):
            size = rng.randint(3, 6)
            groups.append(items[i:i + size])
            i += size
        for group in groups:
            n += 1
            svc = rng.choice(SERVICES)
            env = rng.choice(ENVS)
            f = Filler(rng, svc, env)
            snips = []
            for (_, sample, rid, token) in group:
                where = "%s (%s)" % (rid or "negative", kind)
                s = make_snippet(kind, sample["context"], sample["raw"], token, rng, where)
                s.label = (rid, token)
                snips.append(s)
            text = BUILDERS[kind](f, snips)
            rel = os.path.join("%04d-%s" % (n, svc), file_name(rng, kind, svc))
            full = os.path.join(outdir, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            if with_labels:
                file_lines = text.split("\n")
                for s in snips:
                    line = s.start + s.tok_off
                    rid, token = s.label
                    # the token's first line must be on that line of the file
                    first = token.split("\n")[0]
                    if first and first not in file_lines[line - 1] and json.dumps(first)[1:-1] not in file_lines[line - 1]:
                        raise AssertionError("%s:%d does not hold %r" % (rel, line, first))
                    labels.append({"file": rel, "line": line, "rule_id": rid, "token": token, "kind": kind})
    labels.sort(key=lambda x: (x["file"], x["line"], x["rule_id"]))
    return labels, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samples")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--copies", type=int, default=2,
                    help="plantings of each sample, in different file kinds where allowed (default 2)")
    ap.add_argument("--negative-copies", type=int, default=3,
                    help="plantings of each negative (default 3)")
    ap.add_argument("--rules", help="rules file: redraw tokens its stop words, allowlists or entropy would drop")
    a = ap.parse_args()

    try:
        samples, negatives = load_samples(a.samples)
    except (SampleError, OSError, yaml.YAMLError) as e:
        print("gen_corpus: %s" % e, file=sys.stderr)
        return 2
    filt = RuleFilter(a.rules)
    rng = random.Random(a.seed)
    stats = {"redrawn": 0}

    plan = []
    for rid in sorted(samples):
        for sample in samples[rid]:
            kinds = sample["kinds"]
            start = rng.randrange(len(kinds))
            for c in range(a.copies):
                kind = kinds[(start + c) % len(kinds)]
                plan.append((kind, sample, rid, draw_token(rng, sample["token"], rid, filt, stats)))
    nplan = []
    for neg in negatives:
        kinds = neg["kinds"]
        start = rng.randrange(len(kinds))
        for c in range(a.negative_copies):
            nplan.append((kinds[(start + c) % len(kinds)], neg, None, expand(neg["token"], rng)))

    pos = os.path.join(a.outdir, "positives")
    neg_dir = os.path.join(a.outdir, "negatives")
    for d in (pos, neg_dir):
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(d)
    try:
        labels, npos = write_files(rng, pos, plan, True)
        _, nneg = write_files(rng, neg_dir, nplan, False, plain_per_kind=2)
    except SampleError as e:
        print("gen_corpus: %s" % e, file=sys.stderr)
        return 2
    with open(os.path.join(pos, "labels.json"), "w", encoding="utf-8") as fh:
        json.dump(labels, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print("gen_corpus: %d rules, %d samples, %d secrets in %d files; %d negatives in %d files; %d tokens redrawn"
          % (len(samples), sum(len(v) for v in samples.values()), len(labels), npos, len(nplan), nneg,
             stats["redrawn"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
