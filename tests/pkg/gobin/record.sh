#!/bin/sh
# record.sh — re-records the ground truth of tests/unit/test_pkg_gobin.c:
#  1. `go version -m` of the Debian-packaged Go binaries /usr/bin/skopeo and
#     /usr/bin/umoci, with the package versions they were recorded for
#     (debian-packages.txt: package, version, the golang-1.x of Built-Using);
#  2. the synthetic executables of gen_fixtures.py;
#  3. two real module-mode builds (linux/amd64 and linux/mips) of a small
#     program with a plain, a replaced and a locally replaced dependency,
#     fetched offline from a file:// module proxy, cut down to their
#     .go.buildinfo section;
#  4. `go version -m` of every file of 2 and 3 (NAME.bin.go-version-m);
#  5. copies of the files of 2 and 3 as fuzz seeds (fuzz/corpus/gobin).
# Needs Debian's Go toolchain, which moat itself does not use:
#   apt-get install golang-go      (apt-get purge golang-go golang-1.19-go
#                                   golang-1.19-src afterwards, if you like)
# Run it again when the test says the installed skopeo/umoci changed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
if ! command -v go >/dev/null 2>&1; then
    echo "record.sh: needs the Go toolchain: apt-get install golang-go" >&2
    exit 1
fi

: >"$here/debian-packages.txt"
for b in skopeo umoci; do
    go version -m "/usr/bin/$b" >"$here/$b.go-version-m"
    dpkg-query -W -f='${Package}\t${Version}\t${Built-Using}\n' "$b" |
        awk -F '\t' '{ g = ""; n = split($3, a, ", ");
                       for (i = 1; i <= n; i++) if (a[i] ~ /^golang-1\./) g = a[i];
                       print $1 "\t" $2 "\t" g }' >>"$here/debian-packages.txt"
done

python3 "$here/gen_fixtures.py" synth "$here"

work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
python3 "$here/gen_fixtures.py" modproject "$work"
for target in linux/amd64 linux/mips; do
    (cd "$work/app" &&
        env GOPATH="$work/gopath" GOCACHE="$work/cache" GOMODCACHE="$work/modcache" \
            GOPROXY="file://$work/proxy" GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
            GOOS="${target%/*}" GOARCH="${target#*/}" \
            go build -trimpath -buildvcs=false -o "$work/app-${target#*/}" .)
done
python3 "$here/gen_fixtures.py" minimize "$work/app-amd64" "$here/app-min.bin"
python3 "$here/gen_fixtures.py" minimize "$work/app-mips" "$here/app-mips-min.bin"
# the cut-down files must read as the full builds do
for a in amd64 mips; do
    m=app-min.bin
    [ "$a" = mips ] && m=app-mips-min.bin
    go version -m "$work/app-$a" | tail -n +2 >"$work/full.txt"
    go version -m "$here/$m" | tail -n +2 >"$work/min.txt"
    cmp "$work/full.txt" "$work/min.txt"
done

cd "$here"
for f in *.bin; do
    go version -m "./$f" >"$f.go-version-m"
done
mkdir -p "$root/fuzz/corpus/gobin"
cp ./*.bin "$root/fuzz/corpus/gobin/"
set -- ./*.bin
echo "record.sh: recorded $# files and the Debian binaries"
