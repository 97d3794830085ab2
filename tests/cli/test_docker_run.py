#!/usr/bin/env python3
"""End-to-end tests of docker run / podman run command lines as inputs of
`moat config`:

- `moat config --docker-run -- docker run ...`: the findings of the workload
  rules, their positions in the command line, the JSON report (validated
  against docs/report.schema.json) and SARIF (against the SARIF 2.1.0
  schema), words that hold shell syntax, options after the image, exit
  codes and the usage errors (exit 2);
- shell scripts: *.sh by name, scripts without an extension found by their
  shebang in a directory walk while other files are skipped quietly,
  content sniffing of explicit targets, --type shell on standard input.

Run by ctest with MOAT (the binary) and MOAT_SRC (the repository) set."""
import json
import os
import subprocess
import tempfile
import unittest

import jsonschema

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))
SHARED = os.path.join(SRC, "..", "shared")
TARGET = "<docker-run>"

with open(os.path.join(SRC, "docs", "report.schema.json")) as fh:
    REPORT_SCHEMA = json.load(fh)
with open(os.path.join(SHARED, "schemas", "sarif-schema-2.1.0.json")) as fh:
    SARIF_SCHEMA = json.load(fh)


def run(args, cwd=None, stdin=None):
    p = subprocess.run([MOAT] + args, cwd=cwd, input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def report(test, args, **kw):
    rc, out, err = run(["config", "--format", "json"] + args, **kw)
    doc = json.loads(out)
    jsonschema.validate(doc, REPORT_SCHEMA)
    return rc, doc, err


# The rules these tests are about; the other workload rules (capabilities,
# user, limits, image pinning...) judge the same commands and are left out.
CHECKED = ("WL1001", "WL1008")


def findings(doc, key="findings"):
    return sorted((f["id"], f["location"]["start_line"]) for r in doc["results"] for f in r[key]
                  if f["id"] in CHECKED)


def ids(doc, key="findings"):
    return sorted(f["id"] for r in doc["results"] for f in r[key] if f["id"] in CHECKED)


def by_id(findings_list):
    return {f["id"]: f for f in findings_list if f["id"] in CHECKED}


class Tree:
    """A temporary directory with files (str: text, bytes: binary; an int
    value after the content in a tuple: its mode)."""

    def __init__(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = self.tmp.name
        for name, content in files.items():
            p = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as fh:
                fh.write(content if isinstance(content, bytes) else content.encode())

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.tmp.cleanup()

    def p(self, name=""):
        return os.path.join(self.path, name)


class TestDockerRunSwitch(unittest.TestCase):
    def test_findings_positions_and_schema(self):
        cmd = ["docker", "run", "--privileged", "-v", "/:/host", "--network", "host", "alpine"]
        rc, doc, err = report(self, ["--docker-run", "--"] + cmd)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(doc["results"]), 1)
        res = doc["results"][0]
        self.assertEqual((res["target"], res["class"], res["type"]), (TARGET, "config", "shell"))
        got = by_id(res["findings"])
        self.assertEqual(sorted(got), ["WL1001", "WL1008"])
        line = " ".join(cmd)
        self.assertEqual(got["WL1001"]["location"]["start_line"], 1)
        self.assertEqual(got["WL1001"]["location"]["start_column"], line.index("--privileged") + 1)
        self.assertEqual(got["WL1008"]["location"]["start_column"], line.index("--network") + 1)
        self.assertEqual(got["WL1001"]["location"]["path"], TARGET)
        self.assertIn("AVD-KSV-0017", got["WL1001"]["aliases"])
        self.assertEqual(doc["summary"]["files_scanned"], 1)

    def test_sarif(self):
        rc, out, err = run(["config", "--format", "sarif", "--docker-run", "--", "podman", "run",
                            "--net=host", "--privileged", "quay.io/x/y:1"])
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        jsonschema.validate(doc, SARIF_SCHEMA)
        run0 = doc["runs"][0]
        self.assertEqual(sorted(r["ruleId"] for r in run0["results"] if r["ruleId"] in CHECKED),
                         ["WL1001", "WL1008"])
        uri = run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        self.assertIn("docker-run", uri)

    def test_exit_code_severity_and_ignorefile(self):
        cmd = ["--docker-run", "--", "docker", "run", "--privileged", "alpine"]
        self.assertEqual(run(["config", "--exit-code", "5"] + cmd)[0], 5)
        # no rule is of UNKNOWN severity: nothing is left, exit 0
        rc, doc, _ = report(self, ["--exit-code", "5", "--severity", "UNKNOWN"] + cmd)
        self.assertEqual((rc, doc["summary"]["findings"]), (0, 0))
        rc, doc, _ = report(self, ["--severity", "HIGH"] + cmd)
        self.assertEqual(ids(doc), ["WL1001"])
        with Tree({".moatignore": "WL1001 # dind for CI\n"}) as t:
            rc, doc, _ = report(self, ["--ignorefile", t.p(".moatignore")] + cmd)
            self.assertEqual(ids(doc), [])
            self.assertEqual(ids(doc, "suppressed"), ["WL1001"])
        # neither rule fires on a command without the flags
        rc, doc, _ = report(self, ["--docker-run", "--", "docker", "run", "--rm", "--read-only",
                                   "--cap-drop", "ALL", "-u", "1000", "alpine:3.20"])
        self.assertEqual((rc, ids(doc)), (0, []))

    def test_words_with_shell_syntax_stay_words(self):
        # one argv word holding `;`, quotes, `$` and a command: a value, never a command
        rc, doc, err = report(self, ["--docker-run", "--", "docker", "run", "-e",
                                     "X=it's $HOME; docker run --net=host y", "--label",
                                     "a=$(docker run --privileged z)", "alpine"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(ids(doc), [])
        # quoted words before a flag do not shift its column
        cmd = ["docker", "run", "-e", "MSG=hello world", "--privileged", "alpine"]
        rc, doc, _ = report(self, ["--docker-run", "--"] + cmd)
        f = by_id(doc["results"][0]["findings"])["WL1001"]
        self.assertEqual(f["location"]["start_column"], len("docker run -e 'MSG=hello world' ") + 1)

    def test_options_after_the_image_belong_to_the_container(self):
        rc, doc, _ = report(self, ["--docker-run", "--", "docker", "run", "--rm", "alpine",
                                   "--privileged", "--network", "host"])
        self.assertEqual(ids(doc), [])
        rc, doc, _ = report(self, ["--docker-run", "--", "docker", "run", "-itd", "-p8080:80",
                                   "-h", "web", "--net", "host", "nginx", "--privileged"])
        self.assertEqual(ids(doc), ["WL1008"])

    def test_wrappers_globals_and_create(self):
        for cmd in (["sudo", "docker", "run", "--privileged", "x"],
                    ["sudo", "-u", "root", "podman", "--remote", "run", "--privileged", "x"],
                    ["docker", "--context", "prod", "container", "create", "--privileged", "x"],
                    ["env", "DOCKER_HOST=tcp://h:2375", "docker", "run", "--privileged", "x"]):
            rc, doc, err = report(self, ["--docker-run", "--"] + cmd)
            self.assertEqual((rc, ids(doc)), (0, ["WL1001"]), (cmd, err))

    def test_usage_errors_exit_2(self):
        cases = [
            (["--docker-run"], "needs a command"),
            (["--docker-run", "--"], "needs a command"),
            (["--docker-run", "--", "ls", "-l"], "not a docker/podman run"),
            (["--docker-run", "--", "docker", "ps", "-a"], "not a docker/podman run"),
            (["--docker-run", "--", "docker", "compose", "run", "web"], "not a docker/podman run"),
            (["--docker-run", "--", "docker"], "not a docker/podman run"),
            (["--docker-run", "Dockerfile", "--", "docker", "run", "x"], "takes no PATH"),
            (["--docker-run", "--type", "dockerfile", "--", "docker", "run", "x"], "--type"),
        ]
        for args, why in cases:
            rc, out, err = run(["config"] + args)
            self.assertEqual(rc, 2, args)
            self.assertEqual(out, "", args)
            self.assertTrue(err.startswith("moat"), (args, err))
            self.assertIn(why, err, args)

    def test_help_and_rules(self):
        rc, out, _ = run(["config", "--help"])
        self.assertEqual(rc, 0)
        self.assertIn("--docker-run", out)
        rc, out, _ = run(["rules", "--format", "json"])
        rules = {r["id"]: r for r in json.loads(out)["rules"]}
        for rid in ("WL1001", "WL1008"):
            self.assertEqual(rules[rid]["type"], "workload")
        listed = [r["id"] for r in json.loads(out)["rules"]]
        self.assertEqual(len(listed), len(set(listed)), "each rule is listed once")


DEPLOY = """#!/bin/bash
set -euo pipefail
# moat:ignore=WL1008 metrics exporter
docker run -d --network host prom/node-exporter
docker run -d \\
  --name dind \\
  --privileged \\
  docker:27-dind
"""

ENTRY = """#!/usr/bin/env -S bash -e
exec sudo podman run --net=host "$IMAGE"
"""

RUN_SH = """docker run --network=host nginx
"""

PYTOOL = """#!/usr/bin/python3
import os
os.system("docker run --privileged alpine")
"""


class TestShellScripts(unittest.TestCase):
    def test_walk_finds_scripts_by_shebang_and_skips_others_quietly(self):
        files = {
            "deploy": DEPLOY,                       # no extension, bash shebang
            "bin/entry": ENTRY,                     # env -S bash
            "scripts/run.sh": RUN_SH,               # by name, no shebang needed
            "notes": "docker run --privileged alpine\n",  # no shebang: not a script
            "tool": PYTOOL,                         # a python script
            "Makefile": "all:\n\tdocker run --privileged alpine\n",
            "blob": bytes(range(256)) * 64,         # binary, no extension
            "README.md": "docker run --privileged alpine\n",
            "tools/run.py": PYTOOL,
        }
        with Tree(files) as t:
            rc, doc, err = report(self, [t.p()])
            self.assertEqual(rc, 0, err)
            self.assertEqual(err, "", "other files are skipped quietly")
            targets = sorted(os.path.relpath(r["target"], t.p()) for r in doc["results"])
            self.assertEqual(targets, ["bin/entry", "deploy", "scripts/run.sh"])
            self.assertEqual(doc["summary"]["files_scanned"], 3)
            for r in doc["results"]:
                self.assertEqual((r["class"], r["type"]), ("config", "shell"))
            got = {os.path.relpath(r["target"], t.p()): sorted((f["id"], f["location"]["start_line"])
                                                                  for f in r["findings"] if f["id"] in CHECKED)
                   for r in doc["results"]}
            self.assertEqual(got["deploy"], [("WL1001", 7)])
            self.assertEqual(got["bin/entry"], [("WL1008", 2)])
            self.assertEqual(got["scripts/run.sh"], [("WL1008", 1)])
            supp = [r["suppressed"] for r in doc["results"] if r["target"].endswith("deploy")][0]
            self.assertEqual([(s["id"], s["location"]["start_line"]) for s in supp if s["id"] in CHECKED],
                             [("WL1008", 4)])

    def test_explicit_targets_are_sniffed(self):
        with Tree({"deploy.txt": DEPLOY, "notes.txt": "docker run --privileged x\n"}) as t:
            rc, doc, err = report(self, [t.p("deploy.txt")])
            self.assertEqual(findings(doc), [("WL1001", 7)])
            rc, doc, err = report(self, [t.p("notes.txt")])
            self.assertEqual(ids(doc), [])
            self.assertIn("skipped", err)
            rc, doc, err = report(self, ["--type", "shell", t.p("notes.txt")])
            self.assertEqual(findings(doc), [("WL1001", 1)])

    def test_stdin_with_type_shell(self):
        rc, doc, err = report(self, ["--type", "shell", "-"], stdin=DEPLOY)
        self.assertEqual(rc, 0, err)
        self.assertEqual(doc["results"][0]["target"], "-")
        self.assertEqual(findings(doc), [("WL1001", 7)])


if __name__ == "__main__":
    unittest.main(verbosity=1)
