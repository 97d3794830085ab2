#!/usr/bin/env bash
# regenerate.sh — rebuilds the demo vulnerability data of examples/vulndb
# (osv/, expected.tsv, sources.tsv) from Debian's own changelogs, for the
# packages of examples/rootfs/var/lib/dpkg/status: see README.md. Needs
# network access to deb.debian.org, /usr/bin/python3, dpkg, dpkg-deb, gpgv
# and debian-archive-keyring; no root. The result follows the archive of the
# day: commit it only when the change is wanted.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/examples/vulndb
work=$(mktemp -d "${TMPDIR:-/tmp}/moat-vulndb.XXXXXX")
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 "$root/tests/fixtures/make-advisories.py" status \
    --status "$root/examples/rootfs/var/lib/dpkg/status" --out "$work/out" \
    --suites bookworm,bookworm-updates,bookworm-security --since 2016-01-01 --per-source 8
rm -rf "$here/osv"
mv "$work/out/osv" "$here/osv"
mv "$work/out/expected.tsv" "$work/out/sources.tsv" "$here/"
echo "regenerate.sh: $(ls "$here/osv" | wc -l) records in $here/osv" >&2
