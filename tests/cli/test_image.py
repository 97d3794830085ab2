#!/usr/bin/env python3
"""End-to-end tests of `moat image` on a real Debian 12 image.

tests/fixtures/debian-image.sh builds the image once (debootstrap minbase,
then a second layer that installs hello and less, purges tzdata and deletes
files), packs it with umoci into an OCI layout and with skopeo into a
docker-archive, and records what dpkg-query itself lists for the base layer
and for the final filesystem. moat must list exactly the same packages
(names, versions, source names and versions) from both formats, and say
which layer introduced each one.

The image is cached in $MOAT_TEST_CACHE (default ~/.cache/moat-test).
Run by ctest with MOAT (the binary) and MOAT_SRC (the repository) set."""
import json
import os
import subprocess
import unittest

import jsonschema

MOAT = os.path.abspath(os.environ.get("MOAT", "build/moat"))
SRC = os.path.abspath(os.environ.get("MOAT_SRC", "."))
CACHE = os.environ.get("MOAT_TEST_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "moat-test")

SHARED = os.path.join(SRC, "..", "shared", "schemas")

with open(os.path.join(SRC, "docs", "report.schema.json")) as fh:
    REPORT_SCHEMA = json.load(fh)


def load(path):
    with open(path) as fh:
        return json.load(fh)


def validate_cyclonedx(doc):
    """CycloneDX 1.6, with the schemas it references resolved from ../shared."""
    bom = load(os.path.join(SHARED, "bom-1.6.schema.json"))
    store = {}
    for name in ("bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json",
                 "cryptography-defs.schema.json"):
        schema = load(os.path.join(SHARED, name))
        store[schema["$id"]] = schema
    resolver = jsonschema.RefResolver.from_schema(bom, store=store)
    jsonschema.Draft7Validator(bom, resolver=resolver).validate(doc)


def validate_spdx(doc):
    """SPDX 2.3 (the SPDX project's schema, kept in tests/schemas)."""
    schema = load(os.path.join(SRC, "tests", "schemas", "spdx-2.3.schema.json"))
    jsonschema.Draft7Validator(schema).validate(doc)


def build_image():
    script = os.path.join(SRC, "tests", "fixtures", "debian-image.sh")
    subprocess.run(["bash", script, CACHE], check=True)
    return os.path.join(CACHE, "debian-v1")


def read_tsv(path):
    rows = set()
    with open(path) as fh:
        for line in fh:
            name, version, src, srcver = line.rstrip("\n").split("\t")
            rows.add((name, version, src, srcver))
    return rows


def moat(*args):
    p = subprocess.run([MOAT] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class TestDebianImage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = build_image()
        cls.expected = read_tsv(os.path.join(cls.dir, "expected-final.tsv"))
        cls.base = {r[0] for r in read_tsv(os.path.join(cls.dir, "expected-base.tsv"))}
        cls.targets = {
            "oci": "oci:%s:test" % os.path.join(cls.dir, "oci"),
            "docker-archive": "docker-archive:%s" % os.path.join(cls.dir, "docker.tar"),
        }

    def inventory(self, target):
        rc, out, err = moat("image", "--format", "json", "--quiet", target)
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        jsonschema.validate(doc, REPORT_SCHEMA)
        self.assertEqual(doc["errors"], [])
        results = [r for r in doc["results"] if r["class"] == "os-pkgs"]
        self.assertEqual(len(results), 1)
        return results[0]

    def check(self, kind):
        res = self.inventory(self.targets[kind])
        self.assertEqual(res["type"], "debian")
        self.assertEqual(res["os"]["id"], "debian")
        self.assertEqual(res["os"]["version_id"], "12")
        got = {(p["name"], p["version"], p["source_name"], p["source_version"]) for p in res["packages"]}
        self.assertEqual(len(got), len(res["packages"]), "duplicate packages")
        self.assertEqual(got - self.expected, set(), "listed by moat, not by dpkg-query")
        self.assertEqual(self.expected - got, set(), "listed by dpkg-query, not by moat")
        by_name = {p["name"]: p for p in res["packages"]}
        # the second layer installed hello and less and purged tzdata
        self.assertIn("tzdata", self.base)
        self.assertNotIn("tzdata", by_name)
        self.assertEqual(by_name["hello"]["layer"], 1)
        self.assertEqual(by_name["less"]["layer"], 1)
        for name, p in by_name.items():
            if name in ("hello", "less"):
                continue
            # dpkg rewrote its status file in layer 1, but these were
            # already installed, at the same version, in layer 0
            self.assertEqual(p["layer"], 0, name)
            self.assertTrue(p["layer_diff_id"].startswith("sha256:"))
            self.assertTrue(p["purl"].startswith("pkg:deb/debian/%s@" % name.replace("+", "%2B")), p["purl"])
            self.assertIn("distro=debian-12", p["purl"])
        return res

    def test_oci_layout(self):
        self.check("oci")

    def test_docker_archive(self):
        self.check("docker-archive")

    def test_formats_agree(self):
        a = self.inventory(self.targets["oci"])["packages"]
        b = self.inventory(self.targets["docker-archive"])["packages"]
        self.assertEqual(a, b)

    def test_table(self):
        rc, out, err = moat("image", "--quiet", self.targets["oci"])
        self.assertEqual(rc, 0, err)
        self.assertIn("OS: Debian GNU/Linux 12 (bookworm)", out)
        self.assertRegex(out, r"\n  hello +2\.10-3 +1  hello\n")

    def sbom(self, fmt, target, epoch="1700000000"):
        env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
        p = subprocess.run([MOAT, "sbom", "--format", fmt, target], capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_cyclonedx(self):
        for kind, target in sorted(self.targets.items()):
            doc = json.loads(self.sbom("cyclonedx", target))
            validate_cyclonedx(doc)
            self.assertEqual(doc["specVersion"], "1.6")
            self.assertEqual(doc["metadata"]["timestamp"], "2023-11-14T22:13:20Z")
            libs = {c["name"]: c for c in doc["components"] if c["type"] == "library"}
            self.assertEqual({(n, c["version"]) for n, c in libs.items()},
                             {(e[0], e[1]) for e in self.expected}, kind)
            oses = [c for c in doc["components"] if c["type"] == "operating-system"]
            self.assertEqual([(o["name"], o["version"]) for o in oses], [("debian", "12")])
            image = [c for c in doc["components"] if c["type"] == "container"][0]
            props = {(p["name"], p["value"]) for p in image["properties"]}
            self.assertIn(("moat:image:kind", kind), props)
            hello = {p["name"]: p["value"] for p in libs["hello"]["properties"]}
            self.assertEqual(hello["moat:layer:index"], "1")
            # the image holds the OS, the OS holds every package
            deps = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
            self.assertEqual(len(deps[oses[0]["bom-ref"]]), len(libs))

    def test_spdx(self):
        for kind, target in sorted(self.targets.items()):
            doc = json.loads(self.sbom("spdx-json", target))
            validate_spdx(doc)
            self.assertEqual(doc["spdxVersion"], "SPDX-2.3")
            libs = [p for p in doc["packages"] if p["primaryPackagePurpose"] == "LIBRARY"]
            self.assertEqual({(p["name"], p["versionInfo"]) for p in libs},
                             {(e[0], e[1]) for e in self.expected}, kind)
            purls = [r["referenceLocator"] for p in libs for r in p["externalRefs"]]
            self.assertEqual(len(purls), len(libs))
            self.assertTrue(all(u.startswith("pkg:deb/debian/") for u in purls))
            ids = {p["SPDXID"] for p in doc["packages"]}
            self.assertEqual(len(ids), len(doc["packages"]))
            for rel in doc["relationships"]:
                self.assertIn(rel["relatedSpdxElement"], ids)

    def test_sbom_deterministic(self):
        target = self.targets["oci"]
        for fmt in ("cyclonedx", "spdx-json"):
            self.assertEqual(self.sbom(fmt, target), self.sbom(fmt, target), fmt)
            # only the timestamp follows SOURCE_DATE_EPOCH
            a = json.loads(self.sbom(fmt, target, "0"))
            b = json.loads(self.sbom(fmt, target, "86400"))
            if fmt == "cyclonedx":
                self.assertNotEqual(a["metadata"].pop("timestamp"), b["metadata"].pop("timestamp"))
            else:
                self.assertNotEqual(a["creationInfo"].pop("created"), b["creationInfo"].pop("created"))
            self.assertEqual(a, b)

    def test_unreadable_target(self):
        rc, out, err = moat("image", "--quiet", "--format", "json", "oci:/nonexistent/layout")
        self.assertEqual(rc, 3)
        doc = json.loads(out)
        jsonschema.validate(doc, REPORT_SCHEMA)
        self.assertEqual(len(doc["errors"]), 1)
        self.assertIn("/nonexistent/layout", doc["errors"][0]["message"] + doc["errors"][0]["target"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
