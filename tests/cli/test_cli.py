#!/usr/bin/env python3
"""End-to-end tests of the moat command line: flags, exit codes, every
report format (validated against the JSON Schema in docs/ and the SARIF
2.1.0 schema in ../shared), suppressions and configuration files.

Run by ctest with MOAT (the binary) and MOAT_SRC (the repository) set."""
import json
import os
import pty
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import jsonschema

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))
SHARED = os.path.join(SRC, "..", "shared")

with open(os.path.join(SRC, "docs", "report.schema.json")) as fh:
    REPORT_SCHEMA = json.load(fh)
with open(os.path.join(SHARED, "schemas", "sarif-schema-2.1.0.json")) as fh:
    SARIF_SCHEMA = json.load(fh)

BAD = """FROM ubuntu:latest
RUN apt-get update && apt-get install -y curl
RUN curl -fsSL https://example.com/install.sh | sh
ENV API_TOKEN=abc123
EXPOSE 22
CMD python app.py
"""

GOOD = """FROM debian:12.5@sha256:0000000000000000000000000000000000000000000000000000000000000000
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\
 && rm -rf /var/lib/apt/lists/*
USER 10001
CMD ["/usr/bin/curl", "--version"]
"""


def run(args, cwd=None, stdin=None):
    p = subprocess.run([MOAT] + args, cwd=cwd, input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def validate_json(test, text):
    doc = json.loads(text)
    jsonschema.validate(doc, REPORT_SCHEMA)
    return doc


def validate_sarif(test, text):
    doc = json.loads(text)
    jsonschema.validate(doc, SARIF_SCHEMA)
    return doc


def ids(doc):
    return sorted(f["id"] for r in doc["results"] for f in r["findings"])


class Tree:
    """A temporary directory with files."""

    def __init__(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = self.tmp.name
        for name, text in files.items():
            p = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.tmp.cleanup()

    def p(self, name=""):
        return os.path.join(self.path, name)


class TestCommands(unittest.TestCase):
    def test_version(self):
        rc, out, _ = run(["version"])
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^moat \d+\.\d+\.\d+")
        rc2, out2, _ = run(["--version"])
        self.assertEqual((rc2, out2), (rc, out))

    def test_help_lists_every_option_of_the_command(self):
        rc, out, _ = run(["help", "config"])
        self.assertEqual(rc, 0)
        for opt in ["--format", "--output", "--severity", "--exit-code", "--ignorefile", "--config",
                    "--quiet", "--no-color", "--skip-dirs", "--skip-files", "--type"]:
            self.assertIn(opt, out)
        rc, out2, _ = run(["config", "--help"])
        self.assertEqual((rc, out2), (0, out))

    def test_help_has_summary_description_and_examples(self):
        rc, out, _ = run(["help"])
        self.assertEqual(rc, 0)
        for cmd in ["config", "image", "fs", "sbom", "rules", "version", "help"]:
            line = [l for l in out.splitlines() if l.startswith("  %s " % cmd)]
            self.assertEqual(len(line), 1, cmd)
            self.assertLess(len(line[0]), 100, "the command list holds one-line summaries")
        for cmd in ["config", "image", "fs", "sbom", "rules"]:
            rc, text, _ = run([cmd, "--help"])
            self.assertEqual(rc, 0)
            usage, _, rest = text.partition("\n\n")
            self.assertTrue(usage.startswith("Usage: moat %s" % cmd))
            self.assertFalse(rest.lstrip().startswith("moat "), "the description comes before the examples")
            examples = text.split("\nExamples:\n", 1)[1].splitlines()
            self.assertTrue(examples and all(l.startswith("  ") for l in examples if l), examples)
            self.assertTrue(any(("moat " + cmd) in l for l in examples))

    def test_man_page_comes_from_the_same_tables(self):
        rc, man, _ = run(["help", "--man"])
        self.assertEqual(rc, 0)
        self.assertTrue(man.startswith(".TH MOAT 1"))
        _, help_text, _ = run(["help", "config"])
        for line in help_text.splitlines():
            line = line.strip()
            if line.startswith("--") or line.startswith("-"):
                long_name = [w for w in line.split() if w.startswith("--")][0].rstrip(",")
                self.assertIn(long_name.replace("-", "\\-"), man)
        self.assertIn("EXIT STATUS", man)

    def test_usage_errors_exit_2(self):
        with Tree({"Dockerfile": GOOD}) as t:
            for args in (["config"], ["config", "--format", "xml", t.p()], ["config", "--bogus", t.p()],
                         ["config", "--severity", "SEVERE", t.p()], ["config", "--exit-code", "x", t.p()],
                         ["config", "--type", "terraform", t.p()], ["frobnicate"], ["rules", "--format", "sarif"]):
                rc, out, err = run(args)
                self.assertEqual(rc, 2, args)
                self.assertEqual(out, "", args)
                self.assertTrue(err.startswith("moat"), (args, err))

    def test_rules_lists_every_rule_with_aliases_and_docs(self):
        rc, out, _ = run(["rules", "--format", "json"])
        self.assertEqual(rc, 0)
        rules = json.loads(out)["rules"]
        self.assertGreater(len(rules), 80)
        by_id = {r["id"]: r for r in rules}
        self.assertIn("DL3006", by_id["DF3006"]["aliases"])
        self.assertIn("AVD-DS-0001", by_id["DF3007"]["aliases"])
        dl = {a for r in rules for a in r["aliases"] if a.startswith("DL")}
        for n in list(range(3000, 3063)) + [4000, 4001, 4003, 4004, 4005, 4006]:
            self.assertIn("DL%d" % n, dl)
        for r in rules:
            self.assertIn(r["severity"], ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"])
            self.assertTrue(os.path.exists(os.path.join(SRC, r["doc"])), r["doc"])
        rc, table, _ = run(["rules"])
        self.assertEqual(rc, 0)
        self.assertEqual(len(table.strip().splitlines()), len(rules) + 1)


class TestScan(unittest.TestCase):
    def test_json_report_shape_and_schema(self):
        with Tree({"Dockerfile": BAD}) as t:
            rc, out, err = run(["config", "--format", "json", t.p()])
            self.assertEqual(rc, 0, err)
            doc = validate_json(self, out)
            self.assertEqual(doc["schema_version"], 1)
            res = doc["results"][0]
            self.assertEqual((res["class"], res["type"]), ("config", "dockerfile"))
            f = {f["id"]: f for f in res["findings"]}
            self.assertIn("DF3007", f)
            self.assertEqual(f["DF3007"]["location"]["start_line"], 1)
            self.assertIn("ubuntu:latest", f["DF3007"]["message"])
            self.assertEqual(f["DF5001"]["severity"], "HIGH")
            self.assertEqual(f["DF5001"]["location"]["start_line"], 3)
            self.assertIn("DL3007", f["DF3007"]["aliases"])
            self.assertEqual(doc["summary"]["findings"], len(res["findings"]))

    def test_dockerfile_messages_as_printf_writes_them(self):
        # df_emit formats %s %d %zu itself and hands other conversions to
        # vsnprintf; either way a message is cut to 1023 bytes.
        img = "registry.example.com/" + "a" * 979  # 1000 bytes: the cut falls after it
        text = "FROM %s AS one\nCOPY a b /dst\nENV A=1 B=$A\nFROM alpine:3 AS one\n" % img
        with Tree({"Dockerfile": text}) as t:
            rc, out, err = run(["config", "--format", "json", t.p("Dockerfile")])
            self.assertEqual(rc, 0, err)
            msgs = {f["id"]: f["message"] for f in validate_json(self, out)["results"][0]["findings"]}
        full = "Base image '%s' has no tag; pin a version, e.g. '%s:<version>'" % (img, img)
        self.assertGreater(len(full), 1023)
        self.assertEqual(msgs["DF3006"], full[:1023])
        self.assertTrue(msgs["DF3006"].endswith(img + "' has no ta"))
        self.assertEqual(msgs["DF3021"], "COPY has 2 sources; end the destination '/dst' with '/'")
        self.assertEqual(msgs["DF3024"], "Stage name 'one' is already used by the FROM on line 1")
        self.assertEqual(msgs["DF3044"],
                         "B refers to A, which this same ENV sets; the reference sees the previous value")

    def test_clean_file(self):
        with Tree({"Dockerfile": GOOD}) as t:
            rc, out, _ = run(["config", "--format", "json", "--exit-code", "1", t.p()])
            self.assertEqual(rc, 0)
            doc = validate_json(self, out)
            self.assertEqual(ids(doc), [])
            rc, out, _ = run(["config", "--format", "sarif", t.p()])
            sarif = validate_sarif(self, out)
            self.assertEqual(sarif["runs"][0]["results"], [])

    def test_sarif_for_github_code_scanning(self):
        with Tree({"sub dir/Dockerfile": BAD}) as t:
            rc, out, _ = run(["config", "--format", "sarif", t.p()], cwd=t.p())
            doc = validate_sarif(self, out)
            run0 = doc["runs"][0]
            rules = run0["tool"]["driver"]["rules"]
            rule_ids = [r["id"] for r in rules]
            self.assertEqual(len(rule_ids), len(set(rule_ids)))
            for r in rules:
                self.assertTrue(r["help"]["text"])
                self.assertTrue(r["shortDescription"]["text"])
            sev = {r["id"]: r["properties"].get("security-severity") for r in rules}
            self.assertEqual(sev["DF5001"], "8.0")
            for res in run0["results"]:
                self.assertEqual(rule_ids[res["ruleIndex"]], res["ruleId"])
                loc = res["locations"][0]["physicalLocation"]
                self.assertGreaterEqual(loc["region"]["startLine"], 1)
                self.assertIn("%20", loc["artifactLocation"]["uri"])
                self.assertRegex(res["partialFingerprints"]["primaryLocationLineHash"], r"^[0-9a-f]{16}:1$")
            self.assertEqual(len(run0["results"]), len(set((r["ruleId"], r["message"]["text"]) for r in run0["results"])))

    def test_junit(self):
        with Tree({"a/Dockerfile": BAD, "b/Dockerfile": GOOD}) as t:
            rc, out, _ = run(["config", "--format", "junit", t.p()])
            self.assertEqual(rc, 0)
            root = ET.fromstring(out)
            suites = root.findall("testsuite")
            self.assertEqual(len(suites), 2)
            failures = sum(int(s.get("failures")) for s in suites)
            self.assertEqual(failures, int(root.get("failures")))
            self.assertGreater(failures, 3)
            self.assertEqual(suites[1].get("failures"), "0")
            self.assertEqual(len(suites[1].findall("testcase")), 1)

    def test_table_colour_only_on_a_terminal(self):
        with Tree({"Dockerfile": BAD}) as t:
            rc, out, _ = run(["config", t.p()])
            self.assertNotIn("\x1b[", out)
            self.assertIn("Summary:", out)
            self.assertIn("DF3007", out)
            master, slave = pty.openpty()
            env = dict(os.environ)
            env.pop("NO_COLOR", None)
            p = subprocess.Popen([MOAT, "config", t.p()], stdout=slave, stderr=subprocess.PIPE, env=env)
            os.close(slave)
            data = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            p.wait()
            os.close(master)
            self.assertIn(b"\x1b[", data)
            p = subprocess.run([MOAT, "config", "--no-color", t.p()], capture_output=True)
            self.assertNotIn(b"\x1b[", p.stdout)

    def test_output_file_and_stdout_only_report(self):
        with Tree({"Dockerfile": BAD}) as t:
            rc, out, err = run(["config", "--format", "json", "--output", t.p("r.json"), t.p()])
            self.assertEqual((rc, out), (0, ""))
            with open(t.p("r.json")) as fh:
                validate_json(self, fh.read())

    def test_exit_code_and_severity_filter(self):
        with Tree({"Dockerfile": BAD}) as t:
            self.assertEqual(run(["config", "--exit-code", "7", t.p()])[0], 7)
            rc, out, _ = run(["config", "--exit-code", "7", "--severity", "CRITICAL", "--format", "json", t.p()])
            doc = validate_json(self, out)
            self.assertEqual(set(f["severity"] for r in doc["results"] for f in r["findings"]), {"CRITICAL"})
            self.assertEqual(rc, 7)
            rc, out, _ = run(["config", "--exit-code", "7", "--severity", "INFO", "--format", "json", t.p()])
            doc = validate_json(self, out)
            self.assertEqual(set(f["severity"] for r in doc["results"] for f in r["findings"]), {"INFO"})
            self.assertEqual(rc, 7)
        with Tree({"Dockerfile": "FROM debian:12\nUSER app\nCMD [\"x\"]\n"}) as t:
            rc, out, _ = run(["config", "--exit-code", "4", "--severity", "HIGH,CRITICAL", "--format", "json", t.p()])
            self.assertEqual(rc, 0)
            self.assertEqual(ids(validate_json(self, out)), [])

    def test_unreadable_target_exit_3_and_scan_goes_on(self):
        with Tree({"Dockerfile": BAD}) as t:
            rc, out, err = run(["config", "--format", "json", "--exit-code", "1", t.p("missing"), t.p()])
            self.assertEqual(rc, 3)
            doc = validate_json(self, out)
            self.assertEqual(len(doc["errors"]), 1)
            self.assertIn("missing", doc["errors"][0]["target"])
            self.assertIn("DF3007", ids(doc))
            self.assertIn("missing", err)

    def test_directory_walk_detection_and_skips(self):
        files = {
            "Dockerfile": BAD, "api.Dockerfile": BAD, "Dockerfile.dev": BAD, "svc/Containerfile": BAD,
            "README.md": "FROM ubuntu\n", "node_modules/x/Dockerfile": BAD, ".git/Dockerfile": BAD,
            "vendor/Dockerfile": BAD, "skipme/Dockerfile": BAD, "deep/a/b/c/dockerfile": BAD,
            "tmp/old.Dockerfile": BAD,
        }
        with Tree(files) as t:
            rc, out, _ = run(["config", "--format", "json", "--skip-dirs", "skipme", "--skip-files", "tmp/*.Dockerfile", t.p()])
            doc = validate_json(self, out)
            targets = sorted(os.path.relpath(r["target"], t.p()) for r in doc["results"])
            self.assertEqual(targets, ["Dockerfile", "Dockerfile.dev", "api.Dockerfile", "deep/a/b/c/dockerfile", "svc/Containerfile"])
            self.assertEqual(doc["summary"]["files_scanned"], 5)

    def test_type_forcing_content_sniffing_and_stdin(self):
        with Tree({"build.txt": BAD, "notes.txt": "hello\n"}) as t:
            rc, out, _ = run(["config", "--format", "json", t.p("build.txt")])
            self.assertIn("DF3007", ids(validate_json(self, out)))  # sniffed: starts with FROM
            rc, out, err = run(["config", "--format", "json", t.p("notes.txt")])
            self.assertEqual(ids(validate_json(self, out)), [])
            self.assertIn("skipped", err)
            rc, out, _ = run(["config", "--format", "json", "--type", "dockerfile", t.p("notes.txt")])
            self.assertIn("DF1000", ids(validate_json(self, out)))
        rc, out, _ = run(["config", "--format", "json", "--type", "dockerfile", "-"], stdin=BAD)
        doc = validate_json(self, out)
        self.assertEqual(doc["results"][0]["target"], "-")
        self.assertIn("DF5001", ids(doc))

    def test_deterministic_order(self):
        files = {"b/Dockerfile": BAD, "a/Dockerfile": BAD, "c/Dockerfile": GOOD}
        with Tree(files) as t:
            outs = {run(["config", "--format", "json", "--parallel", str(n), t.p()])[1] for n in (1, 2, 4)}
            self.assertEqual(len(outs), 1)
            doc = validate_json(self, outs.pop())
            targets = [r["target"] for r in doc["results"]]
            self.assertEqual(targets, sorted(targets))
            for r in doc["results"]:
                lines = [f["location"]["start_line"] for f in r["findings"]]
                self.assertEqual(lines, sorted(lines))


class TestSuppression(unittest.TestCase):
    def test_inline_pragmas_are_counted(self):
        text = ("# hadolint ignore=DL3007\nFROM ubuntu:latest\n# moat:ignore=DF5001 vendor script, pinned by hash upstream\n"
                "RUN curl -fsSL https://example.com/i.sh | sh\n# trivy:ignore:AVD-DS-0004\nEXPOSE 22\n")
        with Tree({"Dockerfile": text}) as t:
            rc, out, _ = run(["config", "--format", "json", t.p()])
            doc = validate_json(self, out)
            active = ids(doc)
            for rid in ("DF3007", "DF5001", "DF5008"):
                self.assertNotIn(rid, active)
            sup = {f["id"]: f["suppression"] for r in doc["results"] for f in r["suppressed"]}
            self.assertEqual(sup["DF5001"]["reason"], "vendor script, pinned by hash upstream")
            self.assertEqual(sup["DF3007"]["kind"], "inline")
            self.assertEqual(doc["summary"]["suppressed_by"]["inline"], 3)
            self.assertEqual(doc["summary"]["suppressed"], 3)

    def test_moatignore_ids_globs_expiry(self):
        ign = ("DF3007 # base image is pinned by the CI\n"
               "DL3025 svc/* exp:2099-01-01\n"
               "DF5008 exp:2020-01-01\n")
        with Tree({"Dockerfile": BAD, "svc/Dockerfile": BAD, ".moatignore": ign}) as t:
            rc, out, err = run(["config", "--format", "json", "Dockerfile", "svc"], cwd=t.p())
            doc = validate_json(self, out)
            by_target = {r["target"]: r for r in doc["results"]}
            top, svc = by_target["Dockerfile"], by_target["svc/Dockerfile"]
            top_ids = [f["id"] for f in top["findings"]]
            self.assertNotIn("DF3007", top_ids)
            self.assertIn("DF3025", top_ids)          # glob does not match
            self.assertNotIn("DF3025", [f["id"] for f in svc["findings"]])
            self.assertIn("DF5008", top_ids)          # expired
            self.assertIn("expired", err)
            reasons = [f["suppression"]["reason"] for f in top["suppressed"] if f["id"] == "DF3007"]
            self.assertEqual(reasons, ["base image is pinned by the CI"])
            self.assertEqual(doc["summary"]["suppressed_by"]["ignorefile"], 3)
            rc, out, _ = run(["config", "--format", "json", "--ignorefile", "/nonexistent", "Dockerfile"], cwd=t.p())
            self.assertEqual(rc, 2)

    def test_hadolint_yaml_in_parent_directory(self):
        hl = ("ignored:\n  - DL3007\ntrustedRegistries:\n  - my.registry.example\n"
              "override:\n  info:\n    - DL3025\nfailure-threshold: error\n")
        with Tree({".hadolint.yaml": hl, "app/Dockerfile": BAD}) as t:
            rc, out, _ = run(["config", "--format", "json", t.p("app")])
            doc = validate_json(self, out)
            f = {x["id"]: x for r in doc["results"] for x in r["findings"]}
            self.assertNotIn("DF3007", f)
            self.assertIn("DF3026", f)                # trusted registries enabled the rule
            self.assertEqual(f["DF3025"]["severity"], "LOW")
            rc, out, _ = run(["config", "--format", "json", "--exit-code", "5", "--severity", "LOW,MEDIUM", t.p("app")])
            self.assertEqual(rc, 0)                   # only LOW/MEDIUM left, threshold is error
            rc, _, _ = run(["config", "--format", "json", "--exit-code", "5", t.p("app")])
            self.assertEqual(rc, 5)
            rc, out, _ = run(["config", "--format", "json", "--no-hadolint-config", t.p("app")])
            self.assertIn("DF3007", ids(validate_json(self, out)))
            sup = [x for r in doc["results"] for x in r["suppressed"]]
            self.assertEqual([x["suppression"]["kind"] for x in sup], ["hadolint-config"])

    def test_hadolint_yaml_not_utf8(self):
        # libfyaml 0.7.12 loops forever on this directive line: moat must
        # refuse the file (naming it) and still lint the Dockerfile
        with Tree({"app/Dockerfile": BAD}) as t:
            with open(t.p(".hadolint.yaml"), "wb") as fh:
                fh.write(b"ignored: [DL3007]\n%a \xff\n")
            p = subprocess.run([MOAT, "config", "--format", "json", t.p("app")], capture_output=True,
                               text=True, timeout=60)
            self.assertIn(".hadolint.yaml", p.stderr)
            self.assertIn("line 2: not UTF-8 (byte 0xff)", p.stderr)
            self.assertIn("DF3007", ids(validate_json(self, p.stdout)))

    def test_moat_yaml(self):
        cfg = ("format: json\nseverity: [HIGH, CRITICAL, MEDIUM]\nrules:\n  DF3007: off\n"
               "  DF5008: {severity: CRITICAL}\n  DF3057: on\n")
        with Tree({"Dockerfile": BAD, "moat.yaml": cfg}) as t:
            rc, out, _ = run(["config", "Dockerfile"], cwd=t.p())
            doc = validate_json(self, out)
            f = {x["id"]: x for r in doc["results"] for x in r["findings"]}
            self.assertNotIn("DF3007", f)
            self.assertEqual(f["DF5008"]["severity"], "CRITICAL")
            self.assertNotIn("DF3057", f)             # LOW: filtered by severity
            rc, out, _ = run(["config", "--severity", "LOW", "Dockerfile"], cwd=t.p())
            self.assertIn("DF3057", ids(validate_json(self, out)))
        with Tree({"Dockerfile": BAD, "moat.yaml": "formt: json\n"}) as t:
            rc, out, err = run(["config", "Dockerfile"], cwd=t.p())
            self.assertEqual(rc, 2)
            self.assertIn("moat.yaml:1:1", err)
            self.assertIn("formt", err)


if __name__ == "__main__":
    unittest.main(verbosity=1)
