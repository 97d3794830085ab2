#!/usr/bin/env python3
"""End-to-end tests of the vulnerability database and matching on real
records, each checked against an oracle that does not use moat:

- Go's vulnerability database (../shared/corpora/osv-go) against Debian's
  real Go binaries (skopeo, umoci: standard library go1.19.8): the records
  whose SEMVER ranges include 1.19.8, evaluated here in Python.
- Alpine's secdb (../shared/corpora/alpine-secdb/v3.10) against an apk
  database listing every package of the file at chosen versions.
- Debian 12 records built from Debian's changelogs
  (tests/fixtures/debian-advisories.sh) against the real Debian image of
  tests/fixtures/debian-image.sh: exactly the pairs dpkg --compare-versions
  says are affected, none of the backported fixes.
- The demo data (examples/vulndb) against examples/rootfs.

Plus `moat db` import/export/info/update (a local mirror served over HTTP),
atomicity of failed updates, staleness, and the user controls:
--ignore-unfixed, --severity/--exit-code, .moatignore with expiry, VEX,
--exclude-base-image, sbom-scan. Run by ctest with MOAT and MOAT_SRC set."""
import functools
import http.server
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile

import jsonschema

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))
SHARED = os.path.abspath(os.path.join(SRC, "..", "shared"))
OSV_GO = os.path.join(SHARED, "corpora", "osv-go")
SECDB = os.path.join(SHARED, "corpora", "alpine-secdb")
CACHE = os.environ.get("MOAT_TEST_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "moat-test")

with open(os.path.join(SRC, "docs", "report.schema.json")) as fh:
    REPORT_SCHEMA = json.load(fh)


def load(path):
    with open(path) as fh:
        return json.load(fh)


def moat(*args, env=None):
    e = dict(os.environ)
    e.pop("MOAT_CACHE_DIR", None)
    if env:
        e.update(env)
    p = subprocess.run([MOAT] + list(args), capture_output=True, text=True, env=e)
    return p.returncode, p.stdout, p.stderr


def scan_json(*args):
    rc, out, err = moat(*args, "--format", "json")
    if rc != 0:
        raise AssertionError("moat %s: rc %d: %s" % (" ".join(args), rc, err))
    doc = json.loads(out)
    jsonschema.validate(doc, REPORT_SCHEMA)
    return doc, err


def vulns(doc, cls=None):
    out = []
    for r in doc["results"]:
        if cls and r["class"] != cls:
            continue
        out.extend(r.get("vulnerabilities", []))
    return out


def suppressed(doc):
    out = []
    for r in doc["results"]:
        out.extend(r.get("suppressed_vulnerabilities", []))
    return out


# ---- an independent SemVer order for the Go oracle ----

def semver_key(v):
    v = v.lstrip("v").split("+")[0]
    core, _, pre = v.partition("-")
    nums = tuple(int(x) for x in core.split("."))
    if not pre:
        return (nums, 1, ())
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (nums, 0, ids)


def osv_affected(events, version, key):
    """OSV's evaluation of one range (events sorted, introduced 0 first)."""
    def k(e):
        kind, v = next(iter(e.items()))
        return (0,) if (kind == "introduced" and v == "0") else (1, key(v))
    affected = False
    for e in sorted(events, key=k):
        kind, v = next(iter(e.items()))
        if kind == "introduced" and (v == "0" or key(version) >= key(v)):
            affected = True
        elif kind == "fixed" and key(version) >= key(v):
            affected = False
        elif kind == "last_affected" and key(version) > key(v):
            affected = False
    return affected


# ---- an independent apk version order for the Alpine oracle ----

SUFFIX = {"alpha": 0, "beta": 1, "pre": 2, "rc": 3, None: 4, "cvs": 5, "svn": 6, "git": 7, "hg": 8, "p": 9}
APK_RE = re.compile(r"^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:-r(\d+))?$")


def apk_cmp(a, b):
    ma, mb = APK_RE.match(a), APK_RE.match(b)
    assert ma and mb, (a, b)
    na, nb = ma.group(1).split("."), mb.group(1).split(".")
    for i in range(max(len(na), len(nb))):
        if i >= len(na):
            return -1
        if i >= len(nb):
            return 1
        x, y = na[i], nb[i]
        if i > 0 and (x.startswith("0") or y.startswith("0")):
            x, y = x.rstrip("0"), y.rstrip("0")
            if x != y:
                return -1 if x < y else 1
        elif int(x) != int(y):
            return -1 if int(x) < int(y) else 1
    if ma.group(2) != mb.group(2):
        return -1 if ma.group(2) < mb.group(2) else 1

    def sufs(s):
        out = []
        for part in s.split("_")[1:]:
            m = re.match(r"([a-z]+)(\d*)", part)
            out.append((SUFFIX[m.group(1)], int(m.group(2) or 0)))
        return out
    sa, sb = sufs(ma.group(3)), sufs(mb.group(3))
    for i in range(max(len(sa), len(sb))):
        x = sa[i] if i < len(sa) else (SUFFIX[None], 0)
        y = sb[i] if i < len(sb) else (SUFFIX[None], 0)
        if x != y:
            return -1 if x < y else 1
    ra, rb = int(ma.group(4) or 0), int(mb.group(4) or 0)
    return (ra > rb) - (ra < rb)


class Cache:
    """A private cache directory (database) for one test class."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="moat-vuln-")

    def args(self):
        return ["--cache-dir", self.dir]

    def db(self, *args):
        return moat("db", *args, "--cache-dir", self.dir, "--quiet")

    def info(self):
        rc, out, err = moat("db", "info", "--format", "json", "--cache-dir", self.dir)
        assert rc == 0, err
        return json.loads(out)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def make_root(root, files):
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(full, mode) as fh:
            fh.write(data)


class TestGo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cache = Cache()
        rc, out, err = cls.cache.db("import", OSV_GO)
        assert rc == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.cache.cleanup()

    def test_import_counts(self):
        files = [f for f in os.listdir(OSV_GO) if f.endswith(".json")]
        info = self.cache.info()
        self.assertEqual(len(info["sources"]), 1)
        src = info["sources"][0]
        self.assertEqual(src["name"], "import:" + os.path.realpath(OSV_GO))
        self.assertEqual(src["records"], len(files))
        # affected entries with a SEMVER range or a versions list
        entries = 0
        for f in files:
            rec = load(os.path.join(OSV_GO, f))
            for a in rec.get("affected", []):
                if a.get("versions") or any(r["type"] != "GIT" for r in a.get("ranges", [])):
                    entries += 1
        self.assertEqual(src["affected_ranges"], entries)
        self.assertEqual(info["age_days"], 0)

    def test_reimport_replaces(self):
        before = self.cache.info()["sources"][0]
        rc, out, err = self.cache.db("import", OSV_GO)
        self.assertEqual(rc, 0, err)
        after = self.cache.info()["sources"][0]
        self.assertEqual((before["records"], before["affected_ranges"]), (after["records"], after["affected_ranges"]))

    def test_stdlib_of_debian_binaries(self):
        """skopeo and umoci from Debian, built with go1.19.8: every Go record
        whose stdlib ranges include 1.19.8, with the lowest fix above it."""
        expected = {}
        for f in sorted(os.listdir(OSV_GO)):
            if not f.endswith(".json"):
                continue
            rec = load(os.path.join(OSV_GO, f))
            if rec.get("withdrawn"):
                continue
            for a in rec.get("affected", []):
                if a["package"]["name"] != "stdlib":
                    continue
                for r in a.get("ranges", []):
                    if r["type"] != "SEMVER" or not osv_affected(r["events"], "1.19.8", semver_key):
                        continue
                    fixes = [e["fixed"] for e in r["events"] if "fixed" in e and semver_key(e["fixed"]) > semver_key("1.19.8")]
                    fix = min(fixes, key=semver_key) if fixes else None
                    old = expected.get(rec["id"])
                    if old is None or (fix and (old == "none" or semver_key(fix) < semver_key(old))):
                        expected[rec["id"]] = fix or "none"
        self.assertGreater(len(expected), 50)
        with tempfile.TemporaryDirectory() as root:
            for b in ("skopeo", "umoci"):
                os.makedirs(os.path.join(root, "usr/bin"), exist_ok=True)
                shutil.copy("/usr/bin/" + b, os.path.join(root, "usr/bin", b))
            doc, err = scan_json("fs", "--quiet", *self.cache.args(), root)
        got = {}
        for v in vulns(doc, "lang-pkgs"):
            self.assertEqual(v["package_name"], "stdlib")
            self.assertEqual(v["installed_version"], "v1.19.8")
            got.setdefault(v["db_path"], {})[v["record_id"]] = v["fixed_version"] or "none"
        self.assertEqual(sorted(got), ["usr/bin/skopeo", "usr/bin/umoci"])
        for path, recs in got.items():
            self.assertEqual(recs, expected, path)


class TestAlpine(unittest.TestCase):
    """secdb v3.10 main against an apk database of the same packages."""

    @classmethod
    def setUpClass(cls):
        import yaml
        cls.cache = Cache()
        rc, out, err = cls.cache.db("import", os.path.join(SECDB, "v3.10", "main.yaml"))
        assert rc == 0, err
        with open(os.path.join(SECDB, "v3.10", "main.yaml")) as fh:
            cls.secdb = yaml.safe_load(fh)

    @classmethod
    def tearDownClass(cls):
        cls.cache.cleanup()

    def fixes(self):
        """{package: {version: [ids]}} of the file, valid apk versions only."""
        out = {}
        for p in self.secdb["packages"]:
            pkg = p["pkg"]
            for ver, ids in (pkg.get("secfixes") or {}).items():
                ver = str(ver)
                if ver == "0" or not APK_RE.match(ver):
                    continue
                cves = set()
                for entry in ids or []:
                    cves.update(re.findall(r"CVE-\d{4}-\d+", str(entry)))
                if cves:
                    out.setdefault(pkg["name"], {}).setdefault(ver, set()).update(cves)
        return out

    def test_source_named_by_release(self):
        info = self.cache.info()
        self.assertEqual([s["name"] for s in info["sources"]], ["secdb:Alpine:v3.10/main"])

    def test_every_package_at_a_middle_version(self):
        fixes = self.fixes()
        self.assertGreater(len(fixes), 100)
        installed = {}
        for name, vers in fixes.items():
            order = sorted(vers, key=functools.cmp_to_key(apk_cmp))
            installed[name] = order[len(order) // 2]  # the middle fix (the only one when there is one)
        stanzas = []
        for name in sorted(installed):
            stanzas.append("P:%s\nV:%s\nA:x86_64\no:%s\n" % (name, installed[name], name))
        expected = set()
        for name, vers in fixes.items():
            for ver, cves in vers.items():
                if apk_cmp(installed[name], ver) < 0:
                    for c in cves:
                        expected.add((name, c))
        with tempfile.TemporaryDirectory() as root:
            make_root(root, {
                "etc/os-release": 'ID=alpine\nVERSION_ID=3.10.9\nPRETTY_NAME="Alpine Linux v3.10"\n',
                "lib/apk/db/installed": "\n".join(stanzas) + "\n",
            })
            doc, err = scan_json("fs", "--quiet", *self.cache.args(), root)
        got = set()
        for v in vulns(doc, "os-pkgs"):
            ids = [v["id"]] + v["aliases"]
            cve = [i for i in ids if i.startswith("CVE-")]
            self.assertLessEqual(len(cve), 1, v)
            if not cve:
                # other IDs (XSA-235, ...): a fix of that package above the installed version
                self.assertTrue(v["record_id"].startswith("ALPINE-"), v)
                self.assertEqual(apk_cmp(v["installed_version"], v["fixed_version"]), -1, v)
                continue
            got.add((v["package_name"], cve[0]))
            # the fix is the secdb version that lists it
            self.assertIn(cve[0], fixes[v["package_name"]][v["fixed_version"]])
        self.assertGreater(len(expected), 100)
        self.assertEqual(got - expected, set(), "reported, not affected")
        self.assertEqual(expected - got, set(), "affected, not reported")


class TestDebian(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        subprocess.run(["bash", os.path.join(SRC, "tests", "fixtures", "debian-image.sh"), CACHE], check=True)
        subprocess.run(["bash", os.path.join(SRC, "tests", "fixtures", "debian-advisories.sh"), CACHE], check=True)
        cls.image = os.path.join(CACHE, "debian-v1")
        cls.adv = os.path.join(CACHE, "debian-advisories-v1")
        cls.cache = Cache()
        rc, out, err = cls.cache.db("import", os.path.join(cls.adv, "osv"))
        assert rc == 0, err
        cls.expected = set()
        with open(os.path.join(cls.adv, "expected.tsv")) as fh:
            for line in fh:
                pkg, ver, src, srcver, cve, rid, fixed = line.rstrip("\n").split("\t")
                cls.expected.add((pkg, ver, rid, fixed))
        cls.target = "oci:%s:test" % os.path.join(cls.image, "oci")

    @classmethod
    def tearDownClass(cls):
        cls.cache.cleanup()

    def test_image_matches_dpkg_oracle(self):
        for target in (self.target, "docker-archive:%s" % os.path.join(self.image, "docker.tar")):
            doc, err = scan_json("image", "--quiet", *self.cache.args(), target)
            got = {(v["package_name"], v["installed_version"], v["record_id"], v["fixed_version"])
                   for v in vulns(doc, "os-pkgs")}
            self.assertTrue(self.expected)
            self.assertEqual(got - self.expected, set(), "reported, not affected (dpkg)")
            self.assertEqual(self.expected - got, set(), "affected (dpkg), not reported")
            for v in vulns(doc, "os-pkgs"):
                self.assertEqual(v["status"], "fixed")
                self.assertEqual(v["data_source"], "Debian:12")
                self.assertTrue(v["id"].startswith("CVE-"), v["id"])
                self.assertIn(v["record_id"], v["aliases"])
                self.assertEqual(v["layer"], 0)

    def test_backports_not_reported(self):
        doc, err = scan_json("image", "--quiet", *self.cache.args(), self.target)
        ids = {v["record_id"] for v in vulns(doc)}
        # glibc's fix of CVE-2023-4911 is in the installed 2.36-9+deb12u*
        self.assertNotIn("DEBIAN-CVE-2023-4911", ids)

    def test_sarif_and_cyclonedx(self):
        rc, out, err = moat("image", "--quiet", "--format", "sarif", *self.cache.args(), self.target)
        self.assertEqual(rc, 0, err)
        sarif = json.loads(out)
        jsonschema.validate(sarif, load(os.path.join(SHARED, "schemas", "sarif-schema-2.1.0.json")))
        rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        results = sarif["runs"][0]["results"]
        self.assertTrue({r["ruleId"] for r in results if r["ruleId"].startswith("CVE-")} <= rules)
        self.assertEqual(len([r for r in results if r["ruleId"].startswith("CVE-")]), len(self.expected))
        rc, out, err = moat("image", "--quiet", "--format", "cyclonedx", *self.cache.args(), self.target)
        self.assertEqual(rc, 0, err)
        bom = json.loads(out)
        sys_path = os.path.join(SRC, "tests", "cli")
        import sys
        sys.path.insert(0, sys_path)
        from test_image import validate_cyclonedx
        validate_cyclonedx(bom)
        self.assertEqual(len(bom["vulnerabilities"]), len(self.expected))

    def test_exit_code_and_severity(self):
        rc, out, err = moat("image", "--quiet", "--exit-code", "5", *self.cache.args(), self.target)
        self.assertEqual(rc, 5, err)
        # the changelog records carry no severity: UNKNOWN
        rc, out, err = moat("image", "--quiet", "--exit-code", "5", "--severity", "HIGH,CRITICAL",
                            "--scanners", "vuln", *self.cache.args(), self.target)
        self.assertEqual(rc, 0, err)
        doc, err = scan_json("image", "--quiet", "--severity", "UNKNOWN", *self.cache.args(), self.target)
        self.assertEqual(len(vulns(doc, "os-pkgs")), len(self.expected))

    def test_ignorefile_with_expiry(self):
        rid = sorted(self.expected)[0][2]
        cve = "CVE-" + rid.split("-CVE-")[1]
        with tempfile.TemporaryDirectory() as d:
            ign = os.path.join(d, "ignore")
            with open(ign, "w") as fh:
                fh.write("%s exp:2999-01-01 # accepted risk\n" % cve)
                fh.write("%s exp:2000-01-01 # expired\n" % sorted(self.expected)[-1][2])
            doc, err = scan_json("image", "--ignorefile", ign, *self.cache.args(), self.target)
        sup = suppressed(doc)
        self.assertTrue(sup)
        self.assertTrue(all(s["id"] == cve for s in sup))
        self.assertEqual(sup[0]["suppression"]["kind"], "ignorefile")
        self.assertNotIn(cve, {v["id"] for v in vulns(doc)})
        self.assertIn("expired", err)
        self.assertIn(sorted(self.expected)[-1][2], {v["record_id"] for v in vulns(doc)})

    def scan_with_vex(self, name, vex):
        """The JSON report of the image scanned with document vex (written as name) as --vex."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, name)
            with open(path, "w") as fh:
                json.dump(vex, fh)
            doc, err = scan_json("image", "--quiet", "--vex", path, *self.cache.args(), self.target)
        return doc

    def test_openvex(self):
        row = sorted(self.expected)[0]
        cve = "CVE-" + row[2].split("-CVE-")[1]
        vex = {
            "@context": "https://openvex.dev/ns/v0.2.0",
            "@id": "https://example.com/vex/1",
            "author": "test",
            "timestamp": "2026-01-01T00:00:00Z",
            "version": 1,
            "statements": [{
                "vulnerability": {"name": cve},
                "products": [{"@id": "pkg:deb/debian/%s" % row[0]}],
                "status": "not_affected",
                "justification": "vulnerable_code_not_in_execute_path",
            }],
        }
        doc = self.scan_with_vex("vex.json", vex)
        sup = suppressed(doc)
        self.assertEqual([(s["package_name"], s["id"]) for s in sup], [(row[0], cve)])
        self.assertEqual(sup[0]["suppression"]["kind"], "vex")
        self.assertIn("vulnerable_code_not_in_execute_path", sup[0]["suppression"]["reason"])
        self.assertEqual(len(vulns(doc)), len(self.expected) - 1)

    def test_cyclonedx_vex(self):
        row = sorted(self.expected)[-1]
        cve = "CVE-" + row[2].split("-CVE-")[1]
        vex = {
            "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "components": [{"type": "library", "bom-ref": "comp-1", "name": row[0],
                            "purl": "pkg:deb/debian/%s?arch=amd64" % row[0]}],
            "vulnerabilities": [{
                "id": cve,
                "analysis": {"state": "resolved", "detail": "patched in our rebuild"},
                "affects": [{"ref": "comp-1"}],
            }],
        }
        sup = suppressed(self.scan_with_vex("vex.cdx.json", vex))
        self.assertEqual([(s["package_name"], s["id"]) for s in sup], [(row[0], cve)])
        self.assertEqual(sup[0]["suppression"]["kind"], "vex")
        self.assertIn("fixed", sup[0]["suppression"]["reason"])
        self.assertIn("patched in our rebuild", sup[0]["suppression"]["reason"])
        # a malformed VEX document is a usage error naming it
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(path, "w") as fh:
                fh.write('{"statements": 3}')
            rc, out, err = moat("image", "--quiet", "--vex", path, *self.cache.args(), self.target)
            self.assertEqual(rc, 2)
            self.assertIn("bad.json", err)

    def test_exclude_base_image(self):
        base = "oci:%s:base" % os.path.join(self.image, "oci")
        doc, err = scan_json("image", "--quiet", "--exclude-base-image", "--base-image", base,
                             *self.cache.args(), self.target)
        # every affected package came with the base layer
        self.assertEqual(vulns(doc), [])
        doc, err = scan_json("image", "--exclude-base-image", *self.cache.args(), self.target)
        self.assertIn("base image is unknown", err)
        self.assertEqual(len(vulns(doc)), len(self.expected))
        # the base named by the OCI annotations, in the same layout (a copy:
        # blobs hard-linked, index.json copied, since umoci rewrites it)
        with tempfile.TemporaryDirectory() as d:
            lay = os.path.join(d, "oci")
            subprocess.run(["cp", "-al", os.path.join(self.image, "oci"), lay], check=True)
            os.unlink(os.path.join(lay, "index.json"))
            shutil.copy(os.path.join(self.image, "oci", "index.json"), lay)
            index = load(os.path.join(lay, "index.json"))
            digest = [m["digest"] for m in index["manifests"]
                      if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "base"][0]
            for tag, ann in (("by-digest", "org.opencontainers.image.base.digest=" + digest),
                             ("by-name", "org.opencontainers.image.base.name=docker.io/library/debian:base")):
                subprocess.run(["umoci", "config", "--image", lay + ":test", "--tag", tag,
                                "--manifest.annotation", ann], check=True)
                doc, err = scan_json("image", "--exclude-base-image", *self.cache.args(), "oci:%s:%s" % (lay, tag))
                self.assertEqual(vulns(doc), [], tag)
                self.assertNotIn("base image", err)
                # without the flag, the same image reports everything
                doc, err = scan_json("image", "--quiet", *self.cache.args(), "oci:%s:%s" % (lay, tag))
                self.assertEqual(len(vulns(doc)), len(self.expected))

    def test_sbom_scan_agrees(self):
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("cyclonedx", "spdx-json"):
                path = os.path.join(d, "sbom." + fmt)
                rc, out, err = moat("sbom", "--quiet", "--format", fmt, "--output", path, self.target)
                self.assertEqual(rc, 0, err)
                doc, err = scan_json("sbom-scan", "--quiet", *self.cache.args(), path)
                got = {(v["package_name"], v["installed_version"], v["record_id"], v["fixed_version"])
                       for v in vulns(doc)}
                self.assertEqual(got, self.expected, fmt)

    def test_ignore_unfixed(self):
        rec = {"id": "DEBIAN-CVE-2099-0001", "modified": "2099-01-01T00:00:00Z",
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "hello"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}],
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
        cache = Cache()
        try:
            with tempfile.TemporaryDirectory() as d:
                with open(os.path.join(d, "r.json"), "w") as fh:
                    json.dump(rec, fh)
                rc, out, err = cache.db("import", d, os.path.join(self.adv, "osv"))
                self.assertEqual(rc, 0, err)
            doc, err = scan_json("image", "--quiet", *cache.args(), self.target)
            hello = [v for v in vulns(doc) if v["package_name"] == "hello"]
            self.assertEqual(len(hello), 1)
            self.assertEqual((hello[0]["id"], hello[0]["status"], hello[0]["fixed_version"], hello[0]["severity"]),
                             ("CVE-2099-0001", "affected", None, "CRITICAL"))
            self.assertEqual(hello[0]["cvss"]["score"], 9.8)
            self.assertEqual(hello[0]["layer"], 1)
            doc, err = scan_json("image", "--quiet", "--ignore-unfixed", *cache.args(), self.target)
            self.assertEqual([v for v in vulns(doc) if v["package_name"] == "hello"], [])
            self.assertEqual(len(vulns(doc)), len(self.expected))
        finally:
            cache.cleanup()


class TestDatabase(unittest.TestCase):
    def test_no_database(self):
        with tempfile.TemporaryDirectory() as d:
            doc, err = scan_json("fs", "--cache-dir", os.path.join(d, "none"), os.path.join(SRC, "examples", "rootfs"))
        self.assertIn("no vulnerability database", err)
        self.assertTrue(any(r["packages"] for r in doc["results"] if r["class"] == "os-pkgs"))
        self.assertEqual(vulns(doc), [])

    def test_distribution_without_feed(self):
        # Kali uses dpkg, but no advisory feed moat reads covers it: the
        # packages are listed and the report says they were not checked
        c = Cache()
        try:
            self.assertEqual(c.db("import", os.path.join(SRC, "examples", "vulndb", "osv"))[0], 0)
            with tempfile.TemporaryDirectory() as root:
                make_root(root, {"etc/os-release": "ID=kali\nVERSION_ID=2024.1\nID_LIKE=debian\n"})
                os.makedirs(os.path.join(root, "var/lib/dpkg"))
                shutil.copy(os.path.join(SRC, "examples/rootfs/var/lib/dpkg/status"),
                            os.path.join(root, "var/lib/dpkg/status"))
                doc, err = scan_json("fs", *c.args(), root)
            self.assertIn("4 OS packages not checked for vulnerabilities: no advisory feed for kali 2024.1", err)
            self.assertEqual(vulns(doc), [])
        finally:
            c.cleanup()

    def test_export_import_and_stale_warning(self):
        a, b = Cache(), Cache()
        try:
            self.assertEqual(a.db("import", os.path.join(SECDB, "v3.10"), os.path.join(SECDB, "v3.11"))[0], 0)
            info = a.info()
            self.assertEqual(sorted(s["name"] for s in info["sources"]),
                             ["secdb:Alpine:v3.10/community", "secdb:Alpine:v3.10/main",
                              "secdb:Alpine:v3.11/community", "secdb:Alpine:v3.11/main"])
            exp = os.path.join(b.dir, "export.sqlite")
            self.assertEqual(a.db("export", exp)[0], 0)
            rc, out, err = b.db("export", exp)
            self.assertNotEqual(rc, 0)  # no database yet in b
            self.assertEqual(b.db("import", exp)[0], 0)
            self.assertEqual([(s["name"], s["records"], s["affected_ranges"]) for s in b.info()["sources"]],
                             [(s["name"], s["records"], s["affected_ranges"]) for s in info["sources"]])
            # an old database warns and still scans
            con = sqlite3.connect(os.path.join(b.dir, "vuln.db"))
            con.execute("UPDATE meta SET value = ? WHERE key = 'updated'", (int(time.time()) - 30 * 86400,))
            con.commit()
            con.close()
            doc, err = scan_json("fs", *b.args(), os.path.join(SRC, "examples", "rootfs"))
            self.assertRegex(err, r"database is 30 days old")
            self.assertEqual(b.info()["age_days"], 30)
        finally:
            a.cleanup()
            b.cleanup()

    def test_bad_input_leaves_database(self):
        c = Cache()
        try:
            self.assertEqual(c.db("import", os.path.join(SECDB, "v3.10", "main.yaml"))[0], 0)
            db = os.path.join(c.dir, "vuln.db")
            before = open(db, "rb").read()
            with tempfile.TemporaryDirectory() as d:
                bad = os.path.join(d, "x.json")
                with open(bad, "w") as fh:
                    fh.write('{"id": "X-1", "affected": 5}')
                rc, out, err = c.db("import", os.path.join(SECDB, "v3.11", "main.yaml"), bad)
                self.assertEqual(rc, 1)
                self.assertIn("x.json", err)
                self.assertIn("not changed", err)
            self.assertEqual(open(db, "rb").read(), before)
            self.assertEqual(os.listdir(c.dir), ["vuln.db"])
            # a directory with one bad file: the rest is imported, the bad one named
            with tempfile.TemporaryDirectory() as d:
                shutil.copy(os.path.join(OSV_GO, "GO-2020-0001.json"), d)
                with open(os.path.join(d, "GO-bad.json"), "w") as fh:
                    fh.write("{not json")
                rc, out, err = moat("db", "import", "--cache-dir", c.dir, d)
                self.assertEqual(rc, 0, err)
                self.assertIn("GO-bad.json", err)
        finally:
            c.cleanup()

    def test_update_from_mirror(self):
        """`moat db update --db-repository` against a local HTTP mirror:
        first download, 304 on the second run, and a failing feed that
        leaves the database as it was."""
        c = Cache()
        with tempfile.TemporaryDirectory() as mirror:
            os.makedirs(os.path.join(mirror, "Go"))
            names = sorted(os.listdir(OSV_GO))[:300]
            with zipfile.ZipFile(os.path.join(mirror, "Go", "all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
                for n in names:
                    z.write(os.path.join(OSV_GO, n), n)
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=mirror)
            handler.log_message = lambda *a: None
            srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            t = threading.Thread(target=srv.serve_forever, daemon=True)
            t.start()
            url = "http://127.0.0.1:%d" % srv.server_address[1]
            try:
                rc, out, err = moat("db", "update", "--feeds", "Go", "--db-repository", url, *c.args())
                self.assertEqual(rc, 0, err)
                src = c.info()["sources"]
                self.assertEqual([(s["name"], s["records"], s["origin"]) for s in src],
                                 [("osv:Go", 300, url + "/Go/all.zip")])
                rc, out, err = moat("db", "update", "--feeds", "Go", "--db-repository", url, *c.args())
                self.assertEqual(rc, 0, err)
                self.assertIn("not modified", err)
                db = os.path.join(c.dir, "vuln.db")
                before = open(db, "rb").read()
                rc, out, err = moat("db", "update", "--feeds", "Go,Debian", "--db-repository", url, *c.args(),
                                    env={"MOAT_DB_BACKOFF_MS": "1"})
                self.assertEqual(rc, 1)
                self.assertIn("404", err)
                self.assertIn("not changed", err)
                self.assertEqual(open(db, "rb").read(), before)
                self.assertEqual(sorted(os.listdir(c.dir)), ["vuln.db"])
                rc, out, err = moat("db", "update", "--feeds", "Nope", *c.args())
                self.assertEqual(rc, 1)
                self.assertIn("unknown feed 'Nope' (known: alpine-secdb and the OSV ecosystems Debian, Alpine, "
                              "Ubuntu, Go, npm, PyPI, Maven, crates.io, RubyGems, Packagist, NuGet)", err)
            finally:
                srv.shutdown()
                c.cleanup()


class TestDemo(unittest.TestCase):
    """The demo data: examples/vulndb against examples/rootfs."""

    def test_demo(self):
        c = Cache()
        try:
            self.assertEqual(c.db("import", os.path.join(SRC, "examples", "vulndb", "osv"))[0], 0)
            doc, err = scan_json("fs", "--quiet", *c.args(), os.path.join(SRC, "examples", "rootfs"))
            got = {(v["package_name"], v["installed_version"], v["record_id"], v["fixed_version"]) for v in vulns(doc)}
            expected = set()
            with open(os.path.join(SRC, "examples", "vulndb", "expected.tsv")) as fh:
                for line in fh:
                    pkg, ver, src, srcver, cve, rid, fixed = line.rstrip("\n").split("\t")
                    expected.add((pkg, ver, rid, fixed))
            self.assertTrue(expected)
            self.assertEqual(got, expected)
        finally:
            c.cleanup()


if __name__ == "__main__":
    unittest.main()
