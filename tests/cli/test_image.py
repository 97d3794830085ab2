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
import gzip
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
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
            # and the relations dpkg records: bash Pre-Depends on libc6 and
            # libtinfo6, Depends on base-files and debianutils
            bash = [n for n in ("bash", "libc6", "libtinfo6", "base-files", "debianutils")]
            refs = {n: libs[n]["bom-ref"] for n in bash}
            self.assertEqual(sorted(deps[refs["bash"]]), sorted(refs[n] for n in bash[1:]))

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
            by_id = {p["SPDXID"]: p["name"] for p in doc["packages"]}
            bash_deps = {by_id[r["relatedSpdxElement"]] for r in doc["relationships"]
                         if r["relationshipType"] == "DEPENDS_ON" and by_id[r["spdxElementId"]] == "bash"}
            self.assertEqual(bash_deps, {"libc6", "libtinfo6", "base-files", "debianutils"})
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

    def test_audit(self):
        rc, out, err = moat("image", "--format", "json", "--quiet", self.targets["oci"])
        self.assertEqual(rc, 0, err)
        res = [r for r in json.loads(out)["results"] if r["type"] == "image"][0]
        ids = {f["id"] for f in res["findings"]}
        # root, the token the fixture puts in Env, su & co, the .debs
        # debootstrap leaves, EXPOSE 22, no HEALTHCHECK
        self.assertEqual(ids, {"IM1001", "IM1002", "IM1004", "IM1008", "IM1010", "IM1011"})
        setid = {f["location"]["path"] for f in res["findings"] if f["id"] == "IM1004"}
        self.assertIn("/usr/bin/su", setid)

    def test_unreadable_target(self):
        rc, out, err = moat("image", "--quiet", "--format", "json", "oci:/nonexistent/layout")
        self.assertEqual(rc, 3)
        doc = json.loads(out)
        jsonschema.validate(doc, REPORT_SCHEMA)
        self.assertEqual(len(doc["errors"]), 1)
        self.assertIn("/nonexistent/layout", doc["errors"][0]["message"] + doc["errors"][0]["target"])


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def make_layer(entries):
    """entries: (path, kind, mode, content) with kind 'f' file or 'd' dir."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, kind, mode, content in entries:
            info = tarfile.TarInfo(path)
            info.mode = mode
            info.mtime = 0
            if kind == "d":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    tar_bytes = raw.getvalue()
    return gzip.compress(tar_bytes, mtime=0), sha256(tar_bytes)


def write_oci(root, layers, config, tag):
    """An OCI image layout with the given gzip layers and config."""
    blobs = os.path.join(root, "blobs", "sha256")
    os.makedirs(blobs)

    def put(data):
        digest = sha256(data)
        with open(os.path.join(blobs, digest.split(":")[1]), "wb") as fh:
            fh.write(data)
        return {"digest": digest, "size": len(data)}

    config["rootfs"] = {"type": "layers", "diff_ids": [diff for _, diff in layers]}
    cfg = put(json.dumps(config).encode())
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": dict(cfg, mediaType="application/vnd.oci.image.config.v1+json"),
                "layers": [dict(put(blob), mediaType="application/vnd.oci.image.layer.v1.tar+gzip")
                           for blob, _ in layers]}
    man = put(json.dumps(manifest).encode())
    index = {"schemaVersion": 2, "manifests": [dict(man, mediaType=manifest["mediaType"],
                                                     annotations={"org.opencontainers.image.ref.name": tag})]}
    with open(os.path.join(root, "index.json"), "w") as fh:
        json.dump(index, fh)
    with open(os.path.join(root, "oci-layout"), "w") as fh:
        json.dump({"imageLayoutVersion": "1.0.0"}, fh)


class TestAudit(unittest.TestCase):
    """The image configuration audit on a small image built here, whose
    second layer deletes a setuid file and fixes a world-writable one."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        key = b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
        base = make_layer([
            ("usr/bin/suid-tool", "f", 0o4755, b"\x7fELF"),
            ("opt/gone-suid", "f", 0o4755, b"\x7fELF"),
            ("etc/app/world.conf", "f", 0o666, b"x=1\n"),
            ("scratch", "d", 0o777, b""),
            ("tmp", "d", 0o1777, b""),
            ("root/.bash_history", "f", 0o600, b"mysql -p secret\n"),
            ("root/.ssh/id_rsa", "f", 0o600, key),
            ("app/.env", "f", 0o644, b"DB_PASSWORD=hunter2\n"),
            ("app/.env.example", "f", 0o644, b"DB_PASSWORD=\n"),
            ("home/u/.npmrc", "f", 0o600, b"//registry.npmjs.org/:_authToken=npm_abc\n"),
            ("home/v/.npmrc", "f", 0o600, b"registry=https://registry.npmjs.org/\n"),
            ("usr/share/doc/x/test.key", "f", 0o644, key),
            ("var/cache/apk/APKINDEX.abc.tar.gz", "f", 0o644, b"index"),
            ("srv/deploy.sh", "f", 0o755, b"#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAZ7Q2LMNOPRSTUVWX\naws s3 ls\n"),
            ("opt/old.cfg", "f", 0o644, b"[slack]\nwebhook = https://hooks.slack.com/services/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\n"),
        ])
        fix = make_layer([
            ("opt/.wh.old.cfg", "f", 0o644, b""),
            ("opt/.wh.gone-suid", "f", 0o644, b""),
            ("etc/app/world.conf", "f", 0o644, b"x=1\n"),
        ])
        config = {
            "architecture": "amd64", "os": "linux",
            "config": {"Env": ["PATH=/usr/bin", "DB_PASSWORD=hunter2", "PASSWORD_FILE=/run/secrets/db"],
                       "Healthcheck": {"Test": ["CMD", "true"]}},
            "history": [
                {"created_by": "ADD https://example.com/tool.tgz /opt/ # buildkit"},
                {"created_by": "RUN |1 GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB /bin/sh -c make"},
                {"created_by": "RUN /bin/sh -c git clone https://x:ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3jK5@github.com/o/r"},
            ],
        }
        cls.layout = os.path.join(cls.tmp.name, "oci")
        write_oci(cls.layout, [base, fix], config, "latest")
        rc, out, err = moat("image", "--format", "json", "--quiet", "oci:%s:latest" % cls.layout)
        assert rc == 0, err
        cls.doc = json.loads(out)
        jsonschema.validate(cls.doc, REPORT_SCHEMA)
        cls.findings = [f for r in cls.doc["results"] if r["type"] == "image" for f in r["findings"]]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def found(self, rule):
        return sorted(f["location"]["path"] for f in self.findings if f["id"] == rule)

    def test_secrets_in_layers_and_config(self):
        # the secret engine runs on every layer file in the inventory's walk
        # (a file deleted by a later layer is still in the image) and on
        # the config's Env and history; secrets are masked
        sec = [(r["target"], f["location"]["path"], f["location"]["start_line"], f["message"])
               for r in self.doc["results"] if r["class"] == "secret" for f in r["findings"]]
        files = {(t.split(":latest:", 1)[-1], p, l) for t, p, l, m in sec}
        self.assertIn(("/srv/deploy.sh", "/srv/deploy.sh", 2), files)
        self.assertIn(("/opt/old.cfg", "/opt/old.cfg", 2), files)
        by_path = {p: m for t, p, l, m in sec}
        self.assertIn("(layer 0", by_path["/srv/deploy.sh"])
        self.assertNotIn("AKIAZ7Q2LMNOPRSTUVWX", by_path["/srv/deploy.sh"])
        cfg = [(p, m) for t, p, l, m in sec if t.endswith("(image config)")]
        self.assertTrue(any(p == "config history[2]" and "ghp_" in m for p, m in cfg), cfg)
        self.assertFalse(any("aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3jK5" in m for p, m in cfg))
        # --scanners without secret: none
        rc, out, err = moat("image", "--format", "json", "--quiet", "--scanners", "vuln,misconfig",
                            "oci:%s:latest" % self.layout)
        self.assertEqual([r for r in json.loads(out)["results"] if r["class"] == "secret"], [])

    def test_config(self):
        self.assertEqual(len(self.found("IM1001")), 1)        # no USER
        msgs = [f["message"] for f in self.findings if f["id"] == "IM1002"]
        self.assertEqual(msgs, ["Env DB_PASSWORD looks like a secret"])
        self.assertEqual(self.found("IM1010"), [])             # no port 22
        self.assertEqual(self.found("IM1011"), [])             # has a HEALTHCHECK
        self.assertEqual(len(self.found("IM1012")), 1)        # tagged latest

    def test_history(self):
        hist = [f for f in self.findings if f["location"]["path"] == "history"]
        self.assertEqual([f["location"]["start_line"] for f in hist if f["id"] == "IM1009"], [1])
        im1003 = [f for f in hist if f["id"] == "IM1003"]
        self.assertEqual([f["location"]["start_line"] for f in im1003], [2, 3])
        self.assertIn("GitHub token", im1003[0]["message"])
        self.assertIn("History entry 2", im1003[0]["message"])

    def test_files(self):
        self.assertEqual(self.found("IM1004"), ["/usr/bin/suid-tool"])      # /opt/gone-suid was deleted
        self.assertEqual(self.found("IM1005"), ["/scratch"])                # world.conf fixed, /tmp sticky
        self.assertEqual(self.found("IM1006"), ["/app/.env", "/home/u/.npmrc", "/root/.ssh/id_rsa"])
        self.assertEqual(self.found("IM1007"), ["/root/.bash_history"])
        self.assertEqual(self.found("IM1008"), ["/var/cache/apk/APKINDEX.abc.tar.gz"])
        layers = {f["location"]["path"]: f["message"] for f in self.findings}
        self.assertIn("added in layer 0", layers["/usr/bin/suid-tool"])

    def test_severity_and_exit_code(self):
        rc, out, err = moat("image", "--format", "json", "--quiet", "--severity", "CRITICAL",
                            "--exit-code", "4", "oci:%s:latest" % self.layout)
        self.assertEqual(rc, 4, err)
        ids = {f["id"] for r in json.loads(out)["results"] for f in r["findings"]}
        # the audit's critical rules, and the secret engine's AWS key and GitHub token
        self.assertEqual(ids, {"IM1002", "IM1003", "IM1006", "SE1001", "SE2001"})

    def test_ignorefile(self):
        with tempfile.NamedTemporaryFile("w", suffix=".moatignore", delete=False) as fh:
            fh.write("IM1004\nCIS-DI-0010  # aliases work too\n")
        try:
            rc, out, err = moat("image", "--format", "json", "--quiet", "--ignorefile", fh.name,
                                "oci:%s:latest" % self.layout)
        finally:
            os.unlink(fh.name)
        self.assertEqual(rc, 0, err)
        res = [r for r in json.loads(out)["results"] if r["type"] == "image"][0]
        active = {f["id"] for f in res["findings"]}
        self.assertNotIn("IM1004", active)
        self.assertNotIn("IM1006", active)
        self.assertEqual({f["id"] for f in res["suppressed"]} >= {"IM1004", "IM1002", "IM1003", "IM1006"}, True)

    def test_rules_listed(self):
        rc, out, err = moat("rules", "--format", "json")
        self.assertEqual(rc, 0, err)
        ids = {r["id"] for r in json.loads(out)["rules"]}
        self.assertTrue({"IM%04d" % n for n in range(1001, 1013)} <= ids)


class TestFs(unittest.TestCase):
    """moat fs on a root filesystem made here: an Alpine package database
    and files the audit reports."""

    def test_fs(self):
        with tempfile.TemporaryDirectory() as root:
            def put(path, content, mode=0o644):
                full = os.path.join(root, path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "wb") as fh:
                    fh.write(content)
                os.chmod(full, mode)
            fixtures = os.path.join(SRC, "tests", "pkg")
            with open(os.path.join(fixtures, "alpine319-installed"), "rb") as fh:
                put("lib/apk/db/installed", fh.read())
            put("etc/alpine-release", b"3.19.1\n")
            put("bin/tool", b"\x7fELF", 0o4755)
            put("srv/shared.conf", b"x\n", 0o666)
            put("srv/app/.env", b"TOKEN=abc\n")
            # a link to a credentials file outside the tree: reported only if
            # moat followed it (it must not)
            outside = tempfile.NamedTemporaryFile("w", delete=False)
            outside.write("https://user:token@example.com\n")
            outside.close()
            self.addCleanup(os.unlink, outside.name)
            os.symlink(outside.name, os.path.join(root, "srv", "app", ".git-credentials"))
            rc, out, err = moat("fs", "--format", "json", "--quiet", root)
            self.assertEqual(rc, 0, err)
            doc = json.loads(out)
            jsonschema.validate(doc, REPORT_SCHEMA)
            inv = [r for r in doc["results"] if r["class"] == "os-pkgs"][0]
            self.assertEqual(inv["type"], "alpine")
            self.assertEqual(inv["os"]["version_id"], "3.19.1")
            expected = set()
            with open(os.path.join(fixtures, "alpine319-installed.expected")) as fh:
                for line in fh:
                    if line.strip():
                        expected.add(tuple(line.rstrip("\n").split("\t")[:2]))
            got = {(p["name"], p["version"]) for p in inv["packages"]}
            self.assertEqual(got, expected)
            self.assertTrue(all(p["purl"].startswith("pkg:apk/alpine/") for p in inv["packages"]))
            audit = [r for r in doc["results"] if r["type"] == "image"][0]
            found = sorted((f["id"], f["location"]["path"]) for f in audit["findings"])
            self.assertEqual(found, [("IM1004", "/bin/tool"), ("IM1005", "/srv/shared.conf"),
                                     ("IM1006", "/srv/app/.env")])


class TestGo(unittest.TestCase):
    """Go binaries found in a root filesystem: Debian's skopeo and umoci
    (GOPATH builds: only the toolchain is recorded) and a real module-mode
    build (tests/pkg/gobin/app-min.bin, cut down to its build information)."""

    def test_go_binaries(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "usr", "bin"))
            os.makedirs(os.path.join(root, "usr", "local", "bin"))
            copies = {"/usr/bin/skopeo": "usr/bin/skopeo", "/usr/bin/umoci": "usr/bin/umoci",
                      os.path.join(SRC, "tests", "pkg", "gobin", "app-min.bin"): "usr/local/bin/app",
                      os.path.join(SRC, "tests", "pkg", "rustbin", "auditable-elf64le.bin"): "usr/local/bin/tool"}
            for src, dest in copies.items():
                with open(src, "rb") as fh, open(os.path.join(root, dest), "wb") as out:
                    out.write(fh.read())
                os.chmod(os.path.join(root, dest), 0o755)
            rc, out, err = moat("fs", "--format", "json", "--quiet", root)
            self.assertEqual(rc, 0, err)
            doc = json.loads(out)
            jsonschema.validate(doc, REPORT_SCHEMA)
            golang = [r for r in doc["results"] if r["class"] == "lang-pkgs" and r["type"] == "golang"][0]
            got = sorted((p["db_path"], p["name"], p["version"], p.get("checksum", ""))
                         for p in golang["packages"])
            self.assertEqual(got, [
                ("usr/bin/skopeo", "stdlib", "v1.19.8", ""),
                ("usr/bin/umoci", "stdlib", "v1.19.8", ""),
                ("usr/local/bin/app", "example.com/app", "(devel)", ""),
                ("usr/local/bin/app", "example.com/greet", "v1.2.3", "h1:WkiiIOTuFidvNwLYh0FoCYbjFtqj1X7RM2ehbtAG2cM="),
                ("usr/local/bin/app", "example.com/local", "(devel)", ""),
                ("usr/local/bin/app", "example.com/new", "v1.1.0", "h1:CoQsYiDLgPlXe1V7nbHv6FAdr/DN6ofZHBB6UrZre38="),
                ("usr/local/bin/app", "stdlib", "v1.19.8", ""),
            ])
            cargo = [r for r in doc["results"] if r["class"] == "lang-pkgs" and r["type"] == "cargo"][0]
            self.assertEqual(sorted((p["name"], p["version"]) for p in cargo["packages"]),
                             [("adler", "1.0.2"), ("miniz_oxide", "0.7.1"), ("serde", "1.0.193"), ("tool", "0.3.0")])


class TestLanguages(unittest.TestCase):
    """Language manifests and lock files found in a root filesystem go to one
    lang-pkgs result per ecosystem, each package with where it was found."""

    def test_lock_files_and_installed_metadata(self):
        lang = os.path.join(SRC, "tests", "pkg", "lang")
        files = {
            "jinja2-3.1.6.METADATA": "usr/lib/python3/dist-packages/jinja2-3.1.6.dist-info/METADATA",
            "poetry.lock": "app/poetry.lock",
            "Gemfile.lock": "app/Gemfile.lock",
            "composer.lock": "app/composer.lock",
            "MyApp.deps.json": "app/MyApp.deps.json",
            "Cargo.lock": "app/Cargo.lock",
            "../java/shop.war": "srv/tomcat/webapps/shop.war",
            "httplib2.requirements-test.txt": "usr/lib/python3/dist-packages/x/requirements-test.txt",
        }
        with tempfile.TemporaryDirectory() as root:
            for src, dest in files.items():
                os.makedirs(os.path.join(root, os.path.dirname(dest)), exist_ok=True)
                with open(os.path.join(lang, src), "rb") as fh, open(os.path.join(root, dest), "wb") as out:
                    out.write(fh.read())
            rc, out, err = moat("fs", "--format", "json", "--quiet", root)
            self.assertEqual(rc, 0, err)
            doc = json.loads(out)
            jsonschema.validate(doc, REPORT_SCHEMA)
            by_type = {r["type"]: r for r in doc["results"] if r["class"] == "lang-pkgs"}
            self.assertEqual(sorted(by_type), ["cargo", "composer", "gem", "maven", "nuget", "pypi"])
            maven = {(p["name"], p["version"], p["db_path"]) for p in by_type["maven"]["packages"]}
            self.assertIn(("org.slf4j:slf4j-api", "1.7.32", "srv/tomcat/webapps/shop.war!/WEB-INF/lib/slf4j-api-1.7.32.jar"), maven)
            self.assertIn(("com.example:shop", "1.4.0", "srv/tomcat/webapps/shop.war"), maven)
            sources = {t: {p["db_path"] for p in r["packages"]} for t, r in by_type.items()}
            self.assertEqual(sources["pypi"], {"app/poetry.lock",
                                               "usr/lib/python3/dist-packages/jinja2-3.1.6.dist-info/METADATA"})
            self.assertEqual(sources["gem"], {"app/Gemfile.lock"})
            self.assertEqual(sources["cargo"], {"app/Cargo.lock"})
            jinja = [p for p in by_type["pypi"]["packages"] if p["db_path"].endswith("METADATA")]
            self.assertEqual([(p["name"], p["version"]) for p in jinja], [("Jinja2", "3.1.6")])
            self.assertTrue(jinja[0]["purl"].startswith("pkg:pypi/jinja2@3.1.6"))
            for r in by_type.values():
                for p in r["packages"]:
                    self.assertTrue(p["purl"].startswith("pkg:" + r["type"] + "/"), p["purl"])


class TestNode(unittest.TestCase):
    """A node_modules tree installed by npm (tests/pkg/node: the package.json
    of every installed package, mirrored) inventoried exactly as `npm query
    '*'` lists it, and the project's package-lock.json read as well."""

    def test_node_modules(self):
        node = os.path.join(SRC, "tests", "pkg", "node")
        expected = set()
        with open(os.path.join(node, "npm-query.tsv")) as fh:
            for line in fh:
                location, name, version, lic = line.rstrip("\n").split("\t")
                expected.add(("srv/app/" + location + "/package.json", name, version, lic))
        with tempfile.TemporaryDirectory() as root:
            app = os.path.join(root, "srv", "app")
            import shutil
            shutil.copytree(os.path.join(node, "node_modules-manifests", "node_modules"),
                            os.path.join(app, "node_modules"))
            shutil.copy(os.path.join(node, "project", "package-lock.json"), app)
            rc, out, err = moat("fs", "--format", "json", "--quiet", root)
            self.assertEqual(rc, 0, err)
            doc = json.loads(out)
            jsonschema.validate(doc, REPORT_SCHEMA)
            npm = [r for r in doc["results"] if r["class"] == "lang-pkgs" and r["type"] == "npm"][0]
            installed = {(p["db_path"], p["name"], p["version"], p.get("license", ""))
                         for p in npm["packages"] if p["db_path"].endswith("/package.json")}
            self.assertEqual(installed, expected)
            locked = {(p["name"], p["version"]) for p in npm["packages"]
                      if p["db_path"] == "srv/app/package-lock.json"}
            self.assertEqual(locked, {(e[1], e[2]) for e in expected})
            scoped = [p["purl"] for p in npm["packages"] if p["name"] == "@types/node"]
            self.assertTrue(scoped and all(u.startswith("pkg:npm/%40types/node@") for u in scoped), scoped)


class TestRpm(unittest.TestCase):
    """An rpm database written by the rpm tool (tests/pkg/rpm), read through
    moat fs: the same packages as rpm -qa, gpg-pubkey left out."""

    def test_rpm_sqlite_and_ndb(self):
        fixtures = os.path.join(SRC, "tests", "pkg", "rpm")
        for db, dest in (("rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"),
                         ("Packages.db", "usr/lib/sysimage/rpm/Packages.db"),
                         ("Packages", "var/lib/rpm/Packages")):
            with tempfile.TemporaryDirectory() as root:
                os.makedirs(os.path.join(root, os.path.dirname(dest)))
                with open(os.path.join(fixtures, db), "rb") as src, open(os.path.join(root, dest), "wb") as out:
                    out.write(src.read())
                os.makedirs(os.path.join(root, "etc"))
                with open(os.path.join(root, "etc", "os-release"), "w") as fh:
                    fh.write('ID="rocky"\nVERSION_ID="9.3"\n')
                rc, out, err = moat("fs", "--format", "json", "--quiet", root)
                self.assertEqual(rc, 0, err)
                doc = json.loads(out)
                jsonschema.validate(doc, REPORT_SCHEMA)
                inv = [r for r in doc["results"] if r["class"] == "os-pkgs"][0]
                expected = set()
                with open(os.path.join(fixtures, db + ".expected")) as fh:
                    for line in fh:
                        name, evr, arch, srpm, lic, plain = line.rstrip("\n").split("\t")
                        if name == "gpg-pubkey":
                            continue
                        expected.add((name, plain, arch))  # %{EVR}: the epoch when there is one
                got = {(p["name"], p["version"], p["arch"]) for p in inv["packages"]}
                self.assertEqual(got, expected, db)
                self.assertTrue(all(p["purl"].startswith("pkg:rpm/rocky/") for p in inv["packages"]))


if __name__ == "__main__":
    unittest.main(verbosity=1)
