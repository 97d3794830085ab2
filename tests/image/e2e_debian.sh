#!/bin/sh
# e2e_debian.sh BUILD_DIR [WORKDIR] — manual end-to-end check of the image
# reader on a real Debian image (not part of ctest: it needs umoci, skopeo
# and the debootstrap rootfs, and takes a while).
#
# From the read-only rootfs (default /var/tmp/moat-img/rootfs, never written
# to) it builds in WORKDIR (default /tmp/moat-img-e2e):
#   oci/            umoci layout, tag latest: the rootfs as one gzip layer,
#                   then a layer adding a file and one whiting out a dir
#   oci.tar         the same layout as an oci-archive (tar of the layout)
#   docker.tar      skopeo copy oci:... docker-archive:... (legacy layout)
#   skopeo.tar      skopeo copy oci:... oci-archive:...
#   oci-zstd/       skopeo copy --dest-compress-format zstd (zstd layers)
# then walks every layer of each with tests/image/img_walk.c (linked against
# BUILD_DIR/libmoatcore.a) and checks var/lib/dpkg/status is found and read.
# With TIME=1 it also times the walk against gzip -dc of the layer blobs.
set -eu
build=$(cd "${1:?usage: tests/image/e2e_debian.sh BUILD_DIR [WORKDIR]}" && pwd)
work=${2:-/tmp/moat-img-e2e}
rootfs=${ROOTFS:-/var/tmp/moat-img/rootfs}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)

mkdir -p "$work"
libs="jansson libarchive libcrypto zlib libzstd libfyaml"
pkg-config --exists libisal && libs="$libs libisal"
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -I"$src/src" "$here/img_walk.c" "$build/libmoatcore.a" \
    $(pkg-config --libs $libs) -lpthread -o "$work/img_walk"

if [ ! -f "$work/oci/index.json" ]; then
    rm -rf "$work/oci" "$work/extra"
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:latest"
    umoci insert --image "$work/oci:latest" "$rootfs" /
    mkdir -p "$work/extra"
    echo "moat e2e" > "$work/extra/hello.txt"
    umoci insert --image "$work/oci:latest" "$work/extra/hello.txt" /etc/moat-e2e.txt
    umoci insert --image "$work/oci:latest" --whiteout /usr/share/doc
fi
if [ ! -f "$work/oci.tar" ]; then
    tar -C "$work/oci" -cf "$work/oci.tar.tmp" . && mv "$work/oci.tar.tmp" "$work/oci.tar"
fi
if [ ! -f "$work/docker.tar" ]; then
    skopeo copy --quiet "oci:$work/oci:latest" "docker-archive:$work/docker.tar.tmp:debian:test"
    mv "$work/docker.tar.tmp" "$work/docker.tar"
fi

if [ ! -f "$work/skopeo.tar" ]; then
    skopeo copy --quiet "oci:$work/oci:latest" "oci-archive:$work/skopeo.tar.tmp:latest"
    mv "$work/skopeo.tar.tmp" "$work/skopeo.tar"
fi
if [ ! -f "$work/oci-zstd/index.json" ]; then
    rm -rf "$work/oci-zstd"
    skopeo copy --quiet --dest-compress-format zstd "oci:$work/oci:latest" "oci:$work/oci-zstd:latest"
fi

status=0
for t in "oci:$work/oci:latest" "$work/oci" "oci-archive:$work/oci.tar:latest" \
         "$work/oci.tar" "oci-archive:$work/skopeo.tar" "oci:$work/oci-zstd:latest" \
         "docker-archive:$work/docker.tar" "$work/docker.tar" "dir:$rootfs"; do
    echo "== $t"
    extra="-f etc/moat-e2e.txt"
    case $t in dir:*) extra= ;; esac
    # shellcheck disable=SC2086
    if ! "$work/img_walk" -j 2 -f var/lib/dpkg/status -f usr/lib/os-release $extra "$t"; then
        echo "e2e: FAILED on $t" >&2
        status=1
    fi
done

if [ "${TIME:-0}" = 1 ]; then
    # the layer blobs of a layout, in order
    blobs_of() {
        python3 -c '
import json, sys
d = sys.argv[1]
idx = json.load(open(d + "/index.json"))
m = json.load(open(d + "/blobs/sha256/" + idx["manifests"][0]["digest"][7:]))
print(" ".join(d + "/blobs/sha256/" + l["digest"][7:] for l in m["layers"]))
' "$1"
    }
    gz=$(blobs_of "$work/oci")
    zs=$(blobs_of "$work/oci-zstd")
    big=${gz%% *}
    hyperfine -N -w 1 -r 7 \
        -n "img_walk oci (gzip layers, ISA-L; digests + tar walk)" "$work/img_walk -q oci:$work/oci" \
        -n "img_walk --blob base layer, zlib inflate" "$work/img_walk --blob $big --zlib" \
        -n "gzip -dc (the same blobs)" "sh -c 'cat $gz | gzip -dc > /dev/null'" \
        -n "img_walk oci-zstd (zstd layers)" "$work/img_walk -q oci:$work/oci-zstd" \
        -n "zstd -dc (the same blobs)" "sh -c 'cat $zs | zstd -dc > /dev/null'" \
        -n "img_walk docker-archive (plain layers)" "$work/img_walk -q docker-archive:$work/docker.tar" \
        -n "img_walk dir: (no content read)" "$work/img_walk -q dir:$rootfs"
fi
exit "$status"
