#!/usr/bin/python3
"""make_fuzz_seeds.py SRC_DIR — (re)writes the small seed corpora of the image
reader's fuzzers: fuzz/corpus/layer (layer blobs: plain, gzip, multi-member
gzip, zstd tars with every entry kind; an outer OCI archive) and
fuzz/corpus/manifest (indexes, manifests, configs, docker manifest.json).
Every seed stays under 8 KB. Needs the zstd command for the zstd seed."""
import base64
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile

src = sys.argv[1] if len(sys.argv) > 1 else "."
layer_dir = os.path.join(src, "fuzz/corpus/layer")
man_dir = os.path.join(src, "fuzz/corpus/manifest")
os.makedirs(layer_dir, exist_ok=True)
os.makedirs(man_dir, exist_ok=True)


def tar_bytes(entries, fmt=tarfile.PAX_FORMAT, end=True):
    """entries: (name, kind, data_or_link). Returns the tar without the
    record padding Python adds (keeps the two end-of-archive blocks)."""
    buf = io.BytesIO()
    tf = tarfile.open(fileobj=buf, mode="w", format=fmt)
    for name, kind, payload in entries:
        ti = tarfile.TarInfo(name)
        ti.mtime = 1700000000
        ti.uid, ti.gid = 0, 0
        if kind == "f":
            ti.size = len(payload)
            ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(payload))
            continue
        if kind == "d":
            ti.type, ti.mode = tarfile.DIRTYPE, 0o755
        elif kind == "l":
            ti.type, ti.linkname, ti.mode = tarfile.SYMTYPE, payload, 0o777
        elif kind == "h":
            ti.type, ti.linkname = tarfile.LNKTYPE, payload
        elif kind == "c":
            ti.type, ti.devmajor, ti.devminor = tarfile.CHRTYPE, 1, 3
        tf.addfile(ti)
    offset = tf.offset
    tf.close()
    raw = buf.getvalue()
    return raw[: offset + 1024] if end else raw[:offset]


def write(path, data):
    assert len(data) < 8192, (path, len(data))
    with open(path, "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


rich = tar_bytes([
    ("./", "d", None),
    ("./etc/", "d", None),
    ("./etc/passwd", "f", b"root:x:0:0:root:/root:/bin/sh\n"),
    ("usr/bin/su", "f", b"\x7fELF"),
    ("usr/bin/su2", "h", "usr/bin/su"),
    ("etc/localtime", "l", "/usr/share/zoneinfo/UTC"),
    ("var/.wh.cache", "f", b""),
    ("opt/.wh..wh..opq", "f", b""),
    ("dev/null", "c", None),
])
write(os.path.join(layer_dir, "rich.tar"), rich)
write(os.path.join(layer_dir, "rich.tar.gz"), gz(rich))
half = len(rich) // 2
write(os.path.join(layer_dir, "multi-member.tar.gz"), gz(rich[:half]) + gz(rich[half:]))
zst = subprocess.run(["zstd", "-q", "-c", "--check", "-19"], input=rich, stdout=subprocess.PIPE,
                     check=True).stdout
write(os.path.join(layer_dir, "rich.tar.zst"), zst)
write(os.path.join(layer_dir, "long-names-pax.tar"), tar_bytes([
    ("d" * 120 + "/" + "f" * 80, "f", b"x"),
    ("l" * 30, "l", "t" * 150),
]))
write(os.path.join(layer_dir, "long-names-gnu.tar"), tar_bytes([
    ("g" * 130, "f", b"gnu"),
    ("h" * 10, "h", "g" * 130),
], fmt=tarfile.GNU_FORMAT))
write(os.path.join(layer_dir, "dotdot.tar"), tar_bytes([
    ("../evil", "f", b"x"), ("a/../../b", "f", b"y"), ("ok", "h", "../x"), ("fine", "f", b"z"),
], fmt=tarfile.USTAR_FORMAT))
write(os.path.join(layer_dir, "no-end-marker.tar"),
      tar_bytes([("etc/moat.txt", "f", b"moat e2e\n")], fmt=tarfile.USTAR_FORMAT, end=False)[:521])
write(os.path.join(layer_dir, "empty.tar.gz"), gz(b"\0" * 1024))
# regression: a gzip header with a reserved FLG bit, which ISA-L accepted and
# zlib refused (found by fuzz_layer's decoder comparison)
write(os.path.join(layer_dir, "gzip-reserved-flag.gz"),
      base64.b64decode("H4sIgAAAAAACA2NgGAWjYBSMVAAALq+17wAEAAA="))

# an outer archive (oci-archive shape) for the tar index
blob = b'{"schemaVersion":2}'
outer = tar_bytes([
    ("oci-layout", "f", b'{"imageLayoutVersion":"1.0.0"}'),
    ("index.json", "f", b'{"schemaVersion":2,"manifests":[]}'),
    ("blobs/", "d", None),
    ("blobs/sha256/" + "ab" * 32, "f", blob),
    ("blobs/sha256/x", "l", "ab" * 32),
    ("a/layer.tar", "l", "../blobs/sha256/x"),
    ("manifest.json", "h", "index.json"),
], fmt=tarfile.USTAR_FORMAT)
write(os.path.join(layer_dir, "outer-oci.tar"), outer)

D = "sha256:" + "0123456789abcdef" * 4
E = "sha256:" + "fedcba9876543210" * 4
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MAN = "application/vnd.oci.image.manifest.v1+json"


def wj(name, obj):
    write(os.path.join(man_dir, name), json.dumps(obj, separators=(",", ":")).encode())


wj("index.json", {"schemaVersion": 2, "manifests": [
    {"mediaType": OCI_MAN, "digest": D, "size": 500,
     "annotations": {"org.opencontainers.image.ref.name": "latest"}}]})
wj("index-multi.json", {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
    {"mediaType": OCI_MAN, "digest": D, "size": 1,
     "platform": {"os": "linux", "architecture": "amd64"}},
    {"mediaType": OCI_MAN, "digest": E, "size": 2,
     "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
    {"mediaType": OCI_MAN, "digest": E, "size": 2,
     "platform": {"os": "unknown", "architecture": "unknown"},
     "annotations": {"vnd.docker.reference.type": "attestation-manifest"}}]})
wj("manifest-list-docker.json", {
    "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
    "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                   "digest": D, "size": 7, "platform": {"os": "linux", "architecture": "arm",
                                                        "variant": "v7"}}]})
wj("manifest-oci.json", {"schemaVersion": 2, "mediaType": OCI_MAN,
                         "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                    "digest": D, "size": 100},
                         "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                     "digest": E, "size": 1000},
                                    {"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd",
                                     "digest": D, "size": 10}]})
wj("manifest-docker.json", {
    "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": D,
               "size": 1},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": E,
                "size": 2}]})
wj("manifest-schema1.json", {"schemaVersion": 1, "name": "x", "tag": "y",
                             "fsLayers": [{"blobSum": D}], "history": []})
wj("config.json", {
    "architecture": "amd64", "os": "linux", "variant": None,
    "config": {"User": "app", "Env": ["PATH=/usr/bin", "A=1"],
               "ExposedPorts": {"22/tcp": {}}, "Healthcheck": {"Test": ["CMD", "true"]},
               "Entrypoint": ["/bin/sh"], "Cmd": "run", "Labels": {"a": "b", "n": None}},
    "history": [{"created_by": "ADD x", "created": "2024-01-01T00:00:00Z"},
                {"created_by": "ENV y", "empty_layer": True}, {"created_by": "RUN z"}],
    "rootfs": {"type": "layers", "diff_ids": [D, E]}})
wj("docker-manifest.json", [
    {"Config": "abc.json", "RepoTags": ["debian:test", "x:1"], "Layers": ["a/layer.tar", "b.tar"]},
    {"Config": "blobs/sha256/" + "ab" * 32, "RepoTags": None,
     "Layers": ["blobs/sha256/" + "cd" * 32]}])
write(os.path.join(man_dir, "platform.txt"), b"linux/arm64/v8\n{}")
print("seeds written to", layer_dir, "and", man_dir)
