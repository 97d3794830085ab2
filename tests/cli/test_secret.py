#!/usr/bin/env python3
"""End-to-end tests of `moat secret`:

- accuracy on the labelled corpus of tests/secret/gen_corpus.py, generated
  from tests/secret/samples.yaml: recall >= 0.98 of the planted secrets
  (same file, line and rule), no finding at all in the negatives, every rule
  of rules/secrets.yaml sampled at least three times, messages masked unless
  --show-secrets;
- a clean real corpus (/usr/include and /usr/share/doc): fewer than one
  finding per 100 MB of text, every finding printed;
- the user controls and input handling: gitleaks:allow / moat:allow,
  .gitleaksignore, .moatignore with expiry, --baseline, a secret across the
  1 MiB read chunks, binary files, --respect-gitignore, --scan-archives,
  Kubernetes Secret manifests, --git history with --since, SARIF and JSON
  schemas, --exit-code, --secret-config (errors and custom rules), and
  `moat rules`.

Run by ctest with MOAT (the binary) and MOAT_SRC (the repository) set."""
import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

import jsonschema
import yaml

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))
SHARED = os.path.abspath(os.path.join(SRC, "..", "shared"))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
GEN = os.path.join(SRC, "tests", "secret", "gen_corpus.py")
SAMPLES = os.path.join(SRC, "tests", "secret", "samples.yaml")
RULES = os.path.join(SRC, "rules", "secrets.yaml")
CLEAN_DIRS = ["/usr/include", "/usr/share/doc"]
MB = 1000 * 1000

with open(os.path.join(SRC, "docs", "report.schema.json")) as fh:
    REPORT_SCHEMA = json.load(fh)


def log(*a):
    print(*a, file=sys.stderr)


def moat(*args, cwd=None, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([MOAT] + list(args), capture_output=True, text=True, cwd=cwd, env=e)
    return p.returncode, p.stdout, p.stderr


def scan(*args, cwd=None, validate=True):
    """`moat secret --format json ARGS`: the parsed report and stderr."""
    rc, out, err = moat("secret", "--format", "json", *args, cwd=cwd)
    if rc != 0:
        raise AssertionError("moat secret %s: exit %d: %s" % (" ".join(args), rc, err[-4000:]))
    doc = json.loads(out)
    if validate:
        jsonschema.validate(doc, REPORT_SCHEMA)
    return doc, err


def findings(doc):
    """[(result, finding)] of the active findings."""
    out = []
    for r in doc["results"]:
        assert r["class"] == "secret" and r["type"] == "secret", (r["class"], r["type"])
        out.extend((r, f) for f in r["findings"])
    return out


def suppressed(doc):
    return [(r, f) for r in doc["results"] for f in r.get("suppressed", [])]


def where(pairs):
    """{(path, line)} of findings."""
    return {(os.path.normpath(f["location"]["path"]), f["location"]["start_line"]) for _, f in pairs}


def write(root, files):
    for name, data in files.items():
        p = os.path.join(root, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb" if isinstance(data, bytes) else "w") as fh:
            fh.write(data)


RNG = random.Random(4711)
ALNUM = string.ascii_letters + string.digits


def rand(alphabet, n):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def github_pat():
    return "ghp_" + rand(ALNUM, 36)


def aws_key():
    return "AKIA" + rand(string.ascii_uppercase + "234567", 16)


def gen_corpus(outdir):
    p = subprocess.run([PYTHON, GEN, "--rules", RULES, SAMPLES, outdir], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("gen_corpus.py failed: %s" % p.stderr)
    log(p.stderr.strip())
    with open(os.path.join(outdir, "positives", "labels.json")) as fh:
        return json.load(fh)


def token_windows(token, n=16):
    """Pieces of the token that a masked message must not show and an
    unmasked one shows: the token itself if short, else every run of n
    characters of its lines that holds no space (for a PEM block, its
    base64 lines rather than the BEGIN line)."""
    lines = [x for x in token.split("\n") if x]
    out = []
    for x in lines:
        if len(x) <= n:
            if " " not in x and len(lines) == 1:
                out.append(x)
            continue
        for i in range(len(x) - n + 1):
            w = x[i:i + n]
            if " " not in w and "-----" not in w:
                out.append(w)
    return out


# ---------------------------------------------------------------- accuracy

class TestAccuracy(unittest.TestCase):
    """The generated corpus: recall, clean negatives, masking."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="moat-secret-corpus-")
        cls.labels = gen_corpus(cls.tmp)
        cls.pos = os.path.join(cls.tmp, "positives")
        cls.neg = os.path.join(cls.tmp, "negatives")
        rc, cls.out, err = moat("secret", "--format", "json", "--quiet", cls.pos)
        assert rc == 0, err
        cls.doc = json.loads(cls.out)
        jsonschema.validate(cls.doc, REPORT_SCHEMA)
        cls.neg_doc, _ = scan("--quiet", cls.neg)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def by_place(self, doc):
        out = {}
        for _, f in findings(doc):
            key = (os.path.normpath(f["location"]["path"]), f["location"]["start_line"])
            out.setdefault(key, []).append(f)
        return out

    def label_path(self, lab):
        return os.path.normpath(os.path.join(self.pos, lab["file"]))

    def test_every_rule_has_samples(self):
        with open(RULES) as fh:
            rules = yaml.safe_load(fh)["rules"]
        with open(SAMPLES) as fh:
            doc = yaml.safe_load(fh)
        samples = doc.get("samples", doc.get("rules"))
        ids = [str(r["id"]) for r in rules]
        self.assertGreaterEqual(len(ids), 150)
        self.assertEqual(len(ids), len(set(ids)))
        few = {i: len(samples.get(i) or []) for i in ids if len(samples.get(i) or []) < 3}
        self.assertEqual(few, {}, "rules with fewer than 3 samples")
        self.assertEqual(sorted(set(map(str, samples)) - set(ids)), [], "samples of unknown rules")
        # every sample is planted (twice), each rule's in the labels
        self.assertEqual({lab["rule_id"] for lab in self.labels}, set(ids))
        self.assertGreaterEqual(len(self.labels), 2 * sum(len(v) for v in samples.values()))

    def test_recall(self):
        places = self.by_place(self.doc)
        found, wrong_rule, misses = 0, [], {}
        for lab in self.labels:
            got = places.get((self.label_path(lab), lab["line"]), [])
            ids = [f["id"] for f in got]
            if lab["rule_id"] in ids:
                found += 1
            elif ids:
                wrong_rule.append((lab, ids))
            else:
                misses.setdefault(lab["rule_id"], []).append(lab)
        n = len(self.labels)
        log("recall: %d of %d planted secrets (%.4f); %d found by another rule; %d missed"
            % (found, n, found / n, len(wrong_rule), sum(len(v) for v in misses.values())))
        for lab, ids in wrong_rule:
            log("  misattributed: %s:%d planted for %s, reported as %s (%s)"
                % (lab["file"], lab["line"], lab["rule_id"], ",".join(ids), lab["kind"]))
        for rid in sorted(misses):
            for lab in misses[rid]:
                log("  missed %s: %s:%d (%s) %s" % (rid, lab["file"], lab["line"], lab["kind"],
                                                     lab["token"].split("\n")[0][:60]))
        self.assertGreater(n, 0)
        self.assertGreaterEqual(found / n, 0.98)

    def test_lines_and_paths(self):
        # every finding points into a file of the corpus, within its lines
        for _, f in findings(self.doc):
            path = f["location"]["path"]
            self.assertTrue(os.path.normpath(path).startswith(os.path.normpath(self.pos) + os.sep), path)
            with open(path, encoding="utf-8") as fh:
                nlines = len(fh.read().split("\n"))
            self.assertLessEqual(f["location"]["start_line"], f["location"]["end_line"])
            self.assertLessEqual(f["location"]["end_line"], nlines, path)
            self.assertTrue(f["gitleaks_fingerprint"])
            self.assertRegex(f["id"], r"^SE\d{4}$")

    def test_negatives_clean(self):
        got = findings(self.neg_doc)
        for _, f in got:
            log("  false positive %s: %s:%d %s" % (f["id"], f["location"]["path"], f["location"]["start_line"],
                                                  f["message"]))
        self.assertEqual(len(got), 0, "findings in the negatives")
        # and not because files were left out (dot files such as .env included)
        nfiles = sum(len(names) for _, _, names in os.walk(self.neg))
        self.assertEqual(self.neg_doc["summary"]["files_scanned"], nfiles)

    def test_masked_unless_show_secrets(self):
        places = self.by_place(self.doc)
        checked = 0
        for lab in self.labels:
            for f in places.get((self.label_path(lab), lab["line"]), []):
                if f["id"] != lab["rule_id"]:
                    continue
                for w in token_windows(lab["token"]):
                    self.assertNotIn(w, f["message"], "%s:%d" % (lab["file"], lab["line"]))
                checked += 1
        self.assertGreater(checked, len(self.labels) // 2)
        # nowhere in the report (the planted token of any label; short ones
        # could occur in a fingerprint by chance)
        for lab in self.labels:
            if "\n" not in lab["token"] and len(lab["token"]) >= 12:
                self.assertNotIn(lab["token"], self.out)
        doc, _ = scan("--quiet", "--show-secrets", self.pos)
        places = self.by_place(doc)
        shown = 0
        for lab in self.labels:
            for f in places.get((self.label_path(lab), lab["line"]), []):
                if f["id"] != lab["rule_id"]:
                    continue
                self.assertTrue(any(w in f["message"] for w in token_windows(lab["token"])),
                                "%s:%d: %s" % (lab["file"], lab["line"], f["message"]))
                shown += 1
        self.assertEqual(shown, checked)


# ------------------------------------------------------------ clean corpus

def text_bytes(dirs):
    """Bytes and count of the regular non-binary files under dirs (a file
    is binary when its first 8 KiB hold a NUL); symbolic links are not
    followed."""
    total = files = 0
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = [s for s in subdirs if not os.path.islink(os.path.join(root, s))]
            for n in names:
                p = os.path.join(root, n)
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                try:
                    with open(p, "rb") as fh:
                        head = fh.read(8192)
                    if b"\0" in head:
                        continue
                    total += os.path.getsize(p)
                    files += 1
                except OSError:
                    continue
    return total, files


class TestCleanCorpus(unittest.TestCase):
    def test_system_text_has_almost_no_findings(self):
        dirs = [d for d in CLEAN_DIRS if os.path.isdir(d)]
        if len(dirs) != len(CLEAN_DIRS):
            self.skipTest("missing %s" % ", ".join(sorted(set(CLEAN_DIRS) - set(dirs))))
        nbytes, nfiles = text_bytes(dirs)
        doc, _ = scan("--quiet", *dirs, validate=False)
        got = findings(doc)
        log("clean corpus: %d text files, %.1f MB; %d findings (%.2f per 100 MB)"
            % (nfiles, nbytes / MB, len(got), len(got) / (nbytes / (100.0 * MB))))
        for _, f in got:
            log("  %s %s:%d %s" % (f["id"], f["location"]["path"], f["location"]["start_line"], f["title"]))
        self.assertGreater(nbytes, 10 * MB)
        self.assertLess(len(got), nbytes / (100.0 * MB))


# --------------------------------------------------------------- behaviours

class Tree:
    def __init__(self, files=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="moat-secret-")
        self.path = self.tmp.name
        if files:
            write(self.path, files)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.tmp.cleanup()

    def p(self, *names):
        return os.path.join(self.path, *names)


class TestBehaviours(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # which rules report a GitHub token line (learned, not assumed)
        tok = github_pat()
        with Tree({"t.env": "GITHUB_TOKEN=%s\n" % tok}) as t:
            doc, _ = scan("--quiet", t.p())
        got = [f for _, f in findings(doc)]
        assert got, "a GitHub token is not found at all"
        cls.gh_ids = sorted(f["id"] for f in got)
        # the GitHub rule itself (others may be generic rules on the name)
        cls.gh_rule = ([f["id"] for f in got if "github" in f["title"].lower()] or cls.gh_ids)[0]

    def ids_at(self, doc, path, line):
        return sorted(f["id"] for _, f in findings(doc)
                      if os.path.normpath(f["location"]["path"]) == os.path.normpath(path)
                      and f["location"]["start_line"] == line)

    def test_inline_allow(self):
        a, b, c = github_pat(), github_pat(), github_pat()
        text = ('#!/bin/sh\nexport GITHUB_TOKEN="%s"  # gitleaks:allow\n'
                'export GH_TOKEN="%s" # moat:allow\nexport GH_ENTERPRISE_TOKEN="%s"\n' % (a, b, c))
        with Tree({"deploy.sh": text}) as t:
            doc, _ = scan("--quiet", t.p())
            self.assertEqual(where(findings(doc)), {(t.p("deploy.sh"), 4)})
            sup = suppressed(doc)
            self.assertEqual(where(sup), {(t.p("deploy.sh"), 2), (t.p("deploy.sh"), 3)})
            self.assertEqual({f["suppression"]["kind"] for _, f in sup}, {"inline"})
            self.assertEqual(doc["summary"]["suppressed"], len(sup))
            # one secret remains: --exit-code applies
            rc, out, err = moat("secret", "--quiet", "--exit-code", "1", t.p("deploy.sh"))
            self.assertEqual(rc, 1, err)
        # all suppressed: exit 0
        with Tree({"deploy.sh": text.split("export GH_ENTERPRISE")[0]}) as t:
            rc, out, err = moat("secret", "--quiet", "--exit-code", "1", t.p())
            self.assertEqual(rc, 0, err)
            rc, out, err = moat("secret", "--quiet", t.p())
            self.assertEqual(rc, 0, err)

    def test_exit_code(self):
        with Tree({"a.env": "GITHUB_TOKEN=%s\n" % github_pat(), "b.txt": "nothing here\n"}) as t:
            self.assertEqual(moat("secret", "--quiet", "--exit-code", "1", t.p())[0], 1)
            self.assertEqual(moat("secret", "--quiet", "--exit-code", "1", t.p("b.txt"))[0], 0)
            self.assertEqual(moat("secret", "--quiet", t.p())[0], 0)

    def test_gitleaksignore(self):
        files = {"a.env": "GITHUB_TOKEN=%s\n" % github_pat(), "b.env": "GITHUB_TOKEN=%s\n" % github_pat()}
        with Tree(files) as t:
            doc, _ = scan("--quiet", t.p())
            a = [f for _, f in findings(doc) if f["location"]["path"].endswith("a.env")]
            self.assertTrue(a)
            write(t.path, {".gitleaksignore": "# accepted\n" + "".join(f["gitleaks_fingerprint"] + "\n" for f in a)})
            doc, _ = scan("--quiet", t.p())
            self.assertEqual(where(findings(doc)), {(t.p("b.env"), 1)})
            sup = suppressed(doc)
            self.assertEqual(where(sup), {(t.p("a.env"), 1)})
            self.assertEqual({f["suppression"]["kind"] for _, f in sup}, {"ignorefile"})
            self.assertEqual(sorted(f["gitleaks_fingerprint"] for _, f in sup),
                             sorted(f["gitleaks_fingerprint"] for f in a))

    def test_moatignore_glob_and_expiry(self):
        files = {"src/app.env": "GITHUB_TOKEN=%s\n" % github_pat(), "lib/app.env": "GITHUB_TOKEN=%s\n" % github_pat()}
        src, lib = os.path.join("src", "app.env"), os.path.join("lib", "app.env")
        with Tree(files) as t:
            write(t.path, {".moatignore": "".join("%s src/* exp:2999-01-01 # rotated in March\n" % i
                                                  for i in self.gh_ids)})
            doc, err = scan("src", "lib", cwd=t.p())
            self.assertEqual(where(findings(doc)), {(lib, 1)})
            self.assertEqual(sorted((f["id"], f["location"]["path"], f["suppression"]["kind"], f["suppression"]["reason"])
                                    for _, f in suppressed(doc)),
                             [(i, src, "ignorefile", "rotated in March") for i in self.gh_ids])
            self.assertNotIn("expired", err)
            # expired: reported again, with a warning
            write(t.path, {".moatignore": "".join("%s src/* exp:2000-01-01 # rotated in March\n" % i
                                                  for i in self.gh_ids)})
            doc, err = scan("src", "lib", cwd=t.p())
            self.assertEqual(suppressed(doc), [])
            self.assertEqual(where(findings(doc)), {(lib, 1), (src, 1)})
            self.assertIn("expired", err)
            # by ID alone: everywhere
            write(t.path, {".moatignore": "".join("%s\n" % i for i in self.gh_ids)})
            doc, err = scan("src", "lib", cwd=t.p())
            self.assertEqual(findings(doc), [])
            self.assertEqual(where(suppressed(doc)), {(lib, 1), (src, 1)})
            # the same path rules as every other finding: a bare file name
            # in any folder, a leading ./ ignored, the entry's place as the
            # reason when it gives none
            write(t.path, {".moatignore": "".join("%s app.env\n" % i for i in self.gh_ids)})
            doc, err = scan("./src", "lib", cwd=t.p())
            self.assertEqual(findings(doc), [])
            self.assertEqual({f["suppression"]["reason"].split(":")[0] for _, f in suppressed(doc)}, {".moatignore"})

    def test_baseline_reports_only_new(self):
        with Tree({"repo/app.env": "# app\nGITHUB_TOKEN=%s\n" % github_pat()}) as t:
            rc, out, err = moat("secret", "--format", "json", "--quiet", "--output", t.p("base.json"), t.p("repo"))
            self.assertEqual(rc, 0, err)
            with open(t.p("base.json")) as fh:
                self.assertEqual(where(findings(json.load(fh))), {(t.p("repo", "app.env"), 2)})
            doc, _ = scan("--quiet", "--baseline", t.p("base.json"), t.p("repo"))
            self.assertEqual(findings(doc), [])
            with open(t.p("repo", "app.env"), "a") as fh:
                fh.write("GH_TOKEN=%s\n" % github_pat())
            write(t.p("repo"), {"new/settings.yaml": "service: x\ngithub_token: %s\n" % github_pat()})
            doc, _ = scan("--quiet", "--baseline", t.p("base.json"), t.p("repo"))
            self.assertEqual(where(findings(doc)), {(t.p("repo", "app.env"), 3), (t.p("repo", "new", "settings.yaml"), 2)})
            # without the baseline all three
            doc, _ = scan("--quiet", t.p("repo"))
            self.assertEqual(len(where(findings(doc))), 3)

    def test_secret_across_chunk_boundaries(self):
        """A 3 MiB file read in 1 MiB chunks: tokens that straddle the first
        and second boundaries are each found once, at the right line."""
        filler = "the quick brown fox jumps over the lazy dog, again and again.\n"
        prefix = "GITHUB_TOKEN="
        parts, size, nlines, places = [], 0, 0, []
        for boundary in (1 << 20, 2 << 20):
            line_start = boundary - len(prefix) - 18  # the token's first 18 bytes before the boundary
            while line_start - size > len(filler):
                parts.append(filler)
                size += len(filler)
                nlines += 1
            pad = "x" * (line_start - size - 1) + "\n"
            parts.append(pad)
            size += len(pad)
            nlines += 1
            self.assertEqual(size, line_start)
            line = prefix + github_pat() + "\n"
            parts.append(line)
            size += len(line)
            nlines += 1
            places.append(nlines)
        while size < 3 << 20:
            parts.append(filler)
            size += len(filler)
        data = "".join(parts)
        for boundary, ln in zip((1 << 20, 2 << 20), places):
            tok = data.index("ghp_", boundary - 40)
            self.assertTrue(tok < boundary < tok + 40)
            self.assertEqual(data.count("\n", 0, tok) + 1, ln)
        with Tree({"big.txt": data}) as t:
            doc, _ = scan("--quiet", t.p())
            got = sorted((f["location"]["start_line"], f["id"]) for _, f in findings(doc))
            self.assertEqual(got, sorted((ln, i) for ln in places for i in self.gh_ids))

    def test_binary_files_skipped(self):
        tok = github_pat()
        with Tree({"bin.dat": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + ("GITHUB_TOKEN=%s\n" % tok).encode(),
                   "text.env": "GITHUB_TOKEN=%s\n" % tok}) as t:
            doc, _ = scan("--quiet", t.p())
            self.assertEqual({p for p, _ in where(findings(doc))}, {t.p("text.env")})

    def test_respect_gitignore(self):
        files = {".gitignore": "ignored/\n*.log\n", "ignored/a.env": "GITHUB_TOKEN=%s\n" % github_pat(),
                 "b.log": "token %s\n" % github_pat(), "kept.env": "GITHUB_TOKEN=%s\n" % github_pat()}
        with Tree(files) as t:
            git(t.path, "init", "-q")
            doc, _ = scan("--quiet", t.p())
            self.assertEqual({p for p, _ in where(findings(doc))}, {t.p("ignored/a.env"), t.p("b.log"), t.p("kept.env")})
            doc, _ = scan("--quiet", "--respect-gitignore", t.p())
            self.assertEqual({p for p, _ in where(findings(doc))}, {t.p("kept.env")})

    def test_archives(self):
        inner = "# settings\nservice: x\ngithub_token: %s\n" % github_pat()
        with Tree() as t:
            src = t.p("src")
            write(src, {"inner/file.yaml": inner, "inner/readme.txt": "nothing\n"})
            with zipfile.ZipFile(t.p("archive.zip"), "w", zipfile.ZIP_DEFLATED) as z:
                z.write(os.path.join(src, "inner/readme.txt"), "inner/readme.txt")
                z.write(os.path.join(src, "inner/file.yaml"), "inner/file.yaml")
            with tarfile.open(t.p("archive.tar.gz"), "w:gz") as tf:
                tf.add(os.path.join(src, "inner"), "inner")
            shutil.rmtree(src)
            doc, _ = scan("--quiet", "archive.zip", "archive.tar.gz", cwd=t.path)
            self.assertEqual(findings(doc), [])  # compressed archives are binary
            doc, _ = scan("--quiet", "--scan-archives", "archive.zip", "archive.tar.gz", cwd=t.path)
            self.assertEqual(where(findings(doc)), {("archive.zip!inner/file.yaml", 3),
                                                    ("archive.tar.gz!inner/file.yaml", 3)})

    def test_kubernetes_secret_base64(self):
        import base64
        tok = github_pat()
        b64 = base64.b64encode(tok.encode()).decode()
        manifest = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: prod\n"
                    "type: Opaque\ndata:\n  username: YWRtaW4=\n  GITHUB_TOKEN: %s\n" % b64)
        with Tree({"k8s/secret.yaml": manifest}) as t:
            self.assertNotIn(tok, manifest)
            doc, _ = scan("--quiet", t.p())
            self.assertIn(self.gh_rule, self.ids_at(doc, t.p("k8s/secret.yaml"), 9))
            self.assertEqual({p for p, _ in where(findings(doc))}, {t.p("k8s/secret.yaml")})
            for _, f in findings(doc):
                self.assertNotIn(tok, f["message"])

    def test_git_history(self):
        if not shutil.which("git"):
            self.skipTest("git is not installed")
        tok = github_pat()
        with Tree() as t:
            repo = t.p("repo")
            os.makedirs(repo)
            git(repo, "init", "-q", "-b", "main", home=t.path)
            write(repo, {"README.md": "# demo\n"})
            git(repo, "add", "README.md", home=t.path)
            git(repo, "commit", "-q", "-m", "start", date="2020-01-01T10:00:00Z", home=t.path)
            write(repo, {"config.env": "PORT=8080\nGITHUB_TOKEN=%s\n" % tok})
            git(repo, "add", "config.env", home=t.path)
            git(repo, "commit", "-q", "-m", "add config", date="2020-02-01T10:00:00Z", home=t.path)
            sha = git(repo, "rev-parse", "HEAD", home=t.path).strip()
            git(repo, "rm", "-q", "config.env", home=t.path)
            git(repo, "commit", "-q", "-m", "remove config", date="2020-03-01T10:00:00Z", home=t.path)
            self.assertFalse(os.path.exists(os.path.join(repo, "config.env")))
            # the working tree has nothing
            doc, _ = scan("--quiet", repo)
            self.assertEqual(findings(doc), [])
            doc, _ = scan("--quiet", "--git", repo)
            got = findings(doc)
            self.assertEqual(sorted(f["id"] for _, f in got), self.gh_ids)
            for r, f in got:
                self.assertTrue(f["location"]["path"].endswith("config.env"), f["location"])
                self.assertEqual(f["location"]["start_line"], 2)
                commit = f.get("commit") or r.get("commit")
                self.assertEqual((commit["id"], commit["author"], commit["email"]),
                                 (sha, "Ada Lovelace", "ada@example.org"))
                self.assertNotIn(tok, f["message"])
            doc, _ = scan("--quiet", "--git", "--since", "2020-01-15", repo)
            self.assertEqual(len(findings(doc)), len(self.gh_ids))
            doc, _ = scan("--quiet", "--git", "--since", "2020-02-15", repo)
            self.assertEqual(findings(doc), [])

    def test_sarif_and_json_schemas(self):
        files = {"a.env": "GITHUB_TOKEN=%s\nAWS_ACCESS_KEY_ID=%s\n" % (github_pat(), aws_key()),
                 "b.py": 'TOKEN = "%s"  # moat:allow\n' % github_pat()}
        with Tree(files) as t:
            doc, _ = scan("--quiet", t.p())  # validates against docs/report.schema.json
            n = len(findings(doc))
            self.assertGreaterEqual(n, 2)
            self.assertEqual({p for p, _ in where(suppressed(doc))}, {t.p("b.py")})
            rc, out, err = moat("secret", "--format", "sarif", "--quiet", t.p())
            self.assertEqual(rc, 0, err)
            sarif = json.loads(out)
            with open(os.path.join(SHARED, "schemas", "sarif-schema-2.1.0.json")) as fh:
                jsonschema.validate(sarif, json.load(fh))
            run = sarif["runs"][0]
            rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
            active = [r for r in run["results"] if not r.get("suppressions")]
            self.assertEqual(len(active), n)
            self.assertTrue({r["ruleId"] for r in run["results"]} <= rules)
            self.assertNotIn(files["a.env"].split("\n")[0].split("=")[1], out)

    def test_bad_secret_config(self):
        rid = free_rule_id()
        cfg = ("rules:\n  - id: %s\n    title: x\n    severity: high\n    regex: 'acme_[a-z0-9]{24}'\n"
               "    colour: red\n" % rid)
        with Tree({"cfg.yaml": cfg, "a.env": "X=1\n"}) as t:
            rc, out, err = moat("secret", "--quiet", "--secret-config", t.p("cfg.yaml"), t.p("a.env"))
            self.assertEqual(rc, 2, err)
            self.assertEqual(out, "")
            self.assertIn("%s:6:5: " % t.p("cfg.yaml"), err)
            self.assertIn("unknown key 'colour'", err)
            rc, out, err = moat("secret", "--quiet", "--secret-config", t.p("missing.yaml"), t.p("a.env"))
            self.assertEqual(rc, 2, err)
            self.assertIn("missing.yaml", err)

    def test_custom_rule(self):
        rid = free_rule_id()
        cfg = ("rules:\n  - id: %s\n    title: Acme deploy token\n    severity: high\n"
               "    regex: '\\b(acme_[a-z0-9]{24})\\b'\n    secret-group: 1\n    keywords: [acme_]\n"
               "    entropy: 3\n" % rid)
        tok = "acme_" + rand(string.ascii_lowercase + string.digits, 24)
        with Tree({"cfg.yaml": cfg, "app/deploy.sh": "#!/bin/sh\nexport DEPLOY=%s\n" % tok}) as t:
            doc, _ = scan("--quiet", t.p("app"))
            self.assertEqual([f for _, f in findings(doc) if f["id"] == rid], [])
            doc, _ = scan("--quiet", "--secret-config", t.p("cfg.yaml"), t.p("app"))
            got = [f for _, f in findings(doc) if f["id"] == rid]
            self.assertEqual([(f["location"]["start_line"], f["severity"], f["title"]) for f in got],
                             [(2, "HIGH", "Acme deploy token")])
            self.assertNotIn(tok, got[0]["message"])
            # the built-in rules still apply next to it
            write(t.path, {"app/more.env": "GITHUB_TOKEN=%s\n" % github_pat()})
            doc, _ = scan("--quiet", "--secret-config", t.p("cfg.yaml"), t.p("app"))
            self.assertEqual(self.ids_at(doc, t.p("app/more.env"), 1), self.gh_ids)

    def test_rules_lists_secret_rules(self):
        with open(RULES) as fh:
            ids = sorted(str(r["id"]) for r in yaml.safe_load(fh)["rules"])
        rc, out, err = moat("rules", "--format", "json")
        self.assertEqual(rc, 0, err)
        listed = {r["id"]: r for r in json.loads(out)["rules"]}
        self.assertEqual(sorted(i for i in listed if i.startswith("SE")), ids)
        for i in ids:
            self.assertIn(listed[i]["severity"], ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"])
        rc, table, err = moat("rules")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len([ln for ln in table.splitlines() if re.match(r"\s*SE\d{4}\b", ln)]), len(ids))


def free_rule_id():
    """An SE ID that rules/secrets.yaml does not use (a custom rule with a
    shipped ID would replace the shipped rule)."""
    with open(RULES) as fh:
        used = {str(r["id"]) for r in yaml.safe_load(fh)["rules"]}
    return next("SE%04d" % n for n in range(1, 10000) if "SE%04d" % n not in used)


def git(repo, *args, date="2020-01-01T00:00:00Z", home=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": home or repo, "GIT_AUTHOR_NAME": "Ada Lovelace", "GIT_AUTHOR_EMAIL": "ada@example.org",
           "GIT_COMMITTER_NAME": "Ada Lovelace", "GIT_COMMITTER_EMAIL": "ada@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    p = subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise AssertionError("git %s: %s" % (" ".join(args), p.stderr))
    return p.stdout


if __name__ == "__main__":
    unittest.main()
