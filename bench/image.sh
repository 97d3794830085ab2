#!/usr/bin/env bash
# bench/image.sh — times `moat image` against `gzip -dc` of the same layer
# blobs, and measures moat's peak memory on the Debian test image and on an
# image ten times larger.
#
#   bash bench/image.sh
#
# Run from the repository root after `make`, as root (the images are built
# with debootstrap and umoci; see tests/fixtures/debian-image.sh). Prints a
# markdown table on stdout. Environment knobs:
#   MOAT_TEST_CACHE=DIR  where the images are cached (default ~/.cache/moat-test)
#   RUNS=5               timed runs per command (the median is reported)
#   MOAT=PATH            the moat binary (default build/moat)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
RUNS=${RUNS:-5}
MOAT=${MOAT:-$root/build/moat}
CACHE=${MOAT_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/moat-test}
log() { printf '%s\n' "$*" >&2; }
[ -x "$MOAT" ] || { log "build moat first (make)"; exit 1; }
[ -x /usr/bin/time ] || { log "/usr/bin/time (GNU time) is required"; exit 1; }

bash "$root/tests/fixtures/debian-image.sh" "$CACHE"
small=$CACHE/debian-v1/oci

# The larger image: the Debian root filesystem once at / and nine more
# times under /copyN, one layer each (ten times the files and bytes).
big=$CACHE/debian-x10-v1/oci
if [ ! -f "$CACHE/debian-x10-v1/done" ]; then
    log "building the 10x image (a few minutes) ..."
    rm -rf "$CACHE/debian-x10-v1"
    mkdir -p "$CACHE/debian-x10-v1"
    work=$(mktemp -d "${TMPDIR:-/tmp}/moat-x10.XXXXXX")
    umoci unpack --image "$small:base" "$work/bundle" > /dev/null
    umoci init --layout "$big"
    umoci new --image "$big:test"
    umoci insert --image "$big:test" "$work/bundle/rootfs" /
    for i in 1 2 3 4 5 6 7 8 9; do
        umoci insert --image "$big:test" "$work/bundle/rootfs" "/copy$i"
    done
    umoci gc --layout "$big"
    rm -rf "$work"
    touch "$CACHE/debian-x10-v1/done"
fi

# The layer blobs of an OCI image tag, from its manifest.
blobs() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import json, os, sys
layout, tag = sys.argv[1], sys.argv[2]
def blob(d):
    return os.path.join(layout, "blobs", *d.split(":", 1))
index = json.load(open(os.path.join(layout, "index.json")))
m = [m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag][0]
man = json.load(open(blob(m["digest"])))
print("\n".join(blob(l["digest"]) for l in man["layers"]))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# time_cmd NAME CMD... : median wall seconds and max RSS (KiB) over RUNS
time_cmd() {
    local name=$1; shift
    "$@" > /dev/null 2>&1 # warm-up (page cache)
    local walls=() rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o /tmp/moat-bench-time.$$ "$@" > /dev/null 2>/dev/null
        read -r w m < /tmp/moat-bench-time.$$
        walls+=("$w")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    rm -f /tmp/moat-bench-time.$$
    printf '%s\t%s\t%s\n' "$name" "$(printf '%s\n' "${walls[@]}" | median)" "$rss"
}

results=$(mktemp)
for img in small big; do
    dir=${!img}
    mapfile -t layers < <(blobs "$dir" test)
    csize=$(du -cb "${layers[@]}" | tail -1 | cut -f1)
    usize=$(cat "${layers[@]}" | gzip -dc | wc -c)
    files=$(for l in "${layers[@]}"; do gzip -dc "$l" | tar -t 2>/dev/null; done | wc -l)
    log "$img: ${#layers[@]} layers, $csize bytes compressed, $usize uncompressed, $files entries"
    {
        time_cmd "moat image ($img)" "$MOAT" image --quiet --format json --output /dev/null "oci:$dir:test"
        time_cmd "moat image --parallel 1 ($img)" "$MOAT" image --quiet --parallel 1 --format json --output /dev/null "oci:$dir:test"
        time_cmd "gzip -dc, all layers ($img)" sh -c 'for f; do gzip -dc "$f"; done > /dev/null' sh "${layers[@]}"
        if command -v igzip > /dev/null; then
            time_cmd "igzip -dc, all layers ($img)" sh -c 'for f; do igzip -dc "$f"; done > /dev/null' sh "${layers[@]}"
        fi
    } | sed "s/\$/\t$img\t${#layers[@]}\t$csize\t$usize\t$files/" >> "$results"
done

echo "| command | image | layers | compressed MB | uncompressed MB | entries | wall time (median of $RUNS) | peak RSS MiB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
while IFS=$'\t' read -r name wall rss img n cs us files; do
    awk -v n="$name" -v w="$wall" -v r="$rss" -v i="$img" -v l="$n" -v c="$cs" -v u="$us" -v f="$files" \
        'BEGIN { printf "| %s | %s | %d | %.1f | %.1f | %d | %.2f s | %.1f |\n", n, i, l, c/1048576, u/1048576, f, w, r/1024 }'
done < "$results"
rm -f "$results"
echo
echo "Machine: $(nproc) CPUs, $(uname -sm); $("$MOAT" version 2>/dev/null | head -1); $(gzip --version | head -1)."
