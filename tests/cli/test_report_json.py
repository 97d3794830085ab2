#!/usr/bin/env python3
"""The layout of moat's JSON report, byte for byte.

The JSON writer lays most findings out from fragments prepared once per
rule (src/report/report_json.c, fast_finding) and the rest key by key; both
must give the same text. These tests hold every report to one layout: the
text is exactly what Python's json.dumps(..., indent=2) makes of the parsed
report (two-space indentation, ", " nowhere, ASCII with \\u escapes, a
final newline). Reports come from inputs that take both paths: plain
findings, suppressed ones (inline, .moatignore, .hadolint.yaml), findings
with columns, rendered Helm manifests (`origin`), Kubernetes sets, non-ASCII
and control characters in messages, several threads and one.

Run by ctest with MOAT (the binary) and MOAT_SRC (the repository) set."""
import json
import os
import subprocess
import tempfile
import unittest

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))


def report_text(args, cwd=None):
    p = subprocess.run([MOAT, "config", "--format", "json"] + args, cwd=cwd,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise AssertionError(f"moat config {args}: exit {p.returncode}: {p.stderr}")
    return p.stdout


class Layout(unittest.TestCase):
    def assert_canonical(self, text):
        doc = json.loads(text)
        want = json.dumps(doc, indent=2) + "\n"
        if text != want:
            at = next(i for i, (a, b) in enumerate(zip(text, want)) if a != b) \
                if any(a != b for a, b in zip(text, want)) else min(len(text), len(want))
            self.fail(f"layout differs at byte {at}: {text[max(0, at - 80):at + 40]!r} "
                      f"!= {want[max(0, at - 80):at + 40]!r}")
        return doc

    def test_dockerfile_cases_one_and_two_threads(self):
        cases = os.path.join(SRC, "tests", "cases", "dockerfile")
        texts = []
        for threads in ("1", "2"):
            text = report_text(["--parallel", threads, cases])
            doc = self.assert_canonical(text)
            texts.append(text)
        self.assertEqual(texts[0], texts[1])
        findings = [f for r in doc["results"] for f in r["findings"]]
        suppressed = [f for r in doc["results"] for f in r["suppressed"]]
        self.assertGreater(len(findings), 500)
        self.assertGreater(len(suppressed), 10)
        self.assertTrue(any("start_column" in f["location"] for f in findings))
        self.assertTrue(any(f["aliases"] == [] for f in findings))
        self.assertTrue(any(len(f["aliases"]) >= 2 for f in findings))

    def test_streamed_report_equals_report_written_at_the_end(self):
        # One folder: results are written as the scan hands them on. Its
        # subfolders in reverse order: the engine cannot hand them on in
        # report order, so the report is written at the end. Same files,
        # same report.
        cases = os.path.join(SRC, "tests", "cases", "dockerfile")
        subdirs = sorted((os.path.join(cases, d) for d in os.listdir(cases)
                          if os.path.isdir(os.path.join(cases, d))), reverse=True)
        loose = [os.path.join(cases, f) for f in os.listdir(cases)
                 if os.path.isfile(os.path.join(cases, f))]
        self.assertGreater(len(subdirs), 50)
        self.assertEqual(loose, [])
        streamed = report_text([cases])
        at_end = report_text(subdirs)
        self.assertEqual(streamed, at_end)
        # and to a file as to standard output
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "r.json")
            report_text(["--output", out, cases])
            with open(out) as fh:
                self.assertEqual(fh.read(), streamed)

    def test_report_written_into_the_scanned_tree_is_not_scanned(self):
        # The streamed report is created before the walk reaches it; a name
        # the walk picks up (Dockerfile.*), or any name with --type, must
        # not make moat read its own half-written report.
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "Dockerfile.app"), "w") as fh:
                fh.write("FROM ubuntu\nRUN apt-get install -y curl\n")
            for extra, name in (([], "Dockerfile.json"), (["--type", "dockerfile"], "report.json")):
                out = os.path.join(d, name)
                p = subprocess.run([MOAT, "config", "--format", "json", "--output", out] + extra + [d],
                                   capture_output=True, text=True)
                self.assertEqual(p.returncode, 0, p.stderr)
                with open(out) as fh:
                    doc = self.assert_canonical(fh.read())
                targets = [r["target"] for r in doc["results"]]
                self.assertNotIn(out, targets)
                self.assertIn(os.path.join(d, "Dockerfile.app"), targets)
                os.unlink(out)
            # named as a target: a warning, not a scan of it
            out = os.path.join(d, "Dockerfile.app")
            p = subprocess.run([MOAT, "config", "--format", "json", "--output", out, out],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("is the report being written; not scanned", p.stderr)

    def test_write_error_is_exit_3(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        cases = os.path.join(SRC, "tests", "cases", "dockerfile")
        for fmt in ("json", "sarif", "table"):
            p = subprocess.run([MOAT, "config", "--format", fmt, "--output", "/dev/full", cases],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 3, fmt)
            self.assertIn("cannot write /dev/full", p.stderr)
        with open("/dev/full", "w") as full:
            p = subprocess.run([MOAT, "config", "--format", "json", cases], stdout=full,
                               stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.returncode, 3)
        self.assertIn("cannot write standard output", p.stderr)

    def test_kubernetes_cases_with_origin(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "rendered.yaml"), "w") as fh:
                fh.write("---\n# Source: web/templates/deployment.yaml\n"
                         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                         "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n"
                         "    metadata:\n      labels: {app: web}\n    spec:\n"
                         "      containers:\n        - name: web\n          image: nginx\n"
                         "          securityContext: {privileged: true}\n")
            doc = self.assert_canonical(report_text(
                ["--pss", "restricted", os.path.join(SRC, "tests", "cases", "kubernetes"), d]))
        findings = [f for r in doc["results"] for f in r["findings"]]
        self.assertGreater(len(findings), 200)
        self.assertTrue(any(f["location"].get("origin") == "web/templates/deployment.yaml"
                            for f in findings))

    def test_examples(self):
        self.assert_canonical(report_text([os.path.join(SRC, "examples")]))

    def test_escapes_and_every_suppression_kind(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "app"))
            with open(os.path.join(d, "app", "Dockerfile"), "w", encoding="utf-8") as fh:
                fh.write('FROM ubuntu:caf\u00e9\u2603\n'
                         '# hadolint ignore=DL3008\n'
                         'RUN apt-get install -y "caf\u00e9\u2603\U0001F600" tab\there\n'
                         'ENV API_TOKEN="quote\\"and\\\\back\x7f"\n'
                         'LABEL maintainer="\u00e9l\u00e8ve"\n'
                         'EXPOSE 22\n')
            with open(os.path.join(d, ".hadolint.yaml"), "w") as fh:
                fh.write("ignored:\n  - DL3015\n")
            with open(os.path.join(d, ".moatignore"), "w") as fh:
                fh.write("DF5005\n")
            text = report_text(["--ignorefile", os.path.join(d, ".moatignore"), d], cwd=d)
            doc = self.assert_canonical(text)
        kinds = {f["suppression"]["kind"] for r in doc["results"] for f in r["suppressed"]}
        self.assertEqual(len(kinds), 3, kinds)
        messages = " ".join(f["message"] for r in doc["results"] for f in r["findings"])
        self.assertIn("\u2603", messages)  # the non-ASCII text came through


if __name__ == "__main__":
    unittest.main()
