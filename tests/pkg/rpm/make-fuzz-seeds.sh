#!/usr/bin/env bash
# make-fuzz-seeds.sh — rebuilds the small seeds of fuzz/corpus/rpm (each
# under 8 KiB) from one real package, specs/zero-epoch.spec:
#   header.blob    its header blob as rpm stores it (from an rpm sqlite db)
#   ndb.db         an ndb Packages.db holding it, written by $RPM_NDB
#                  (an rpm built with --enable-ndb, see make-fixtures.sh)
#   sqlite.db      a Packages(hnum, blob) table holding it in an SQLite
#                  database of 512-byte pages, WAL mode as rpm leaves it
#                  (rpm's own rpmdb.sqlite has some 50 tables: 200 KiB)
#   bdb-le.db      Berkeley DB hash databases of 512-byte pages holding it
#   bdb-be.db      on overflow pages (with the key-0 counter record); the
#   bdb-chksum.db  last little-endian with page checksums
#
#   tests/pkg/rpm/make-fuzz-seeds.sh [OUTDIR]   (default fuzz/corpus/rpm)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../../fuzz/corpus/rpm}
: "${RPM_NDB:?set RPM_NDB to an rpm binary built with --enable-ndb}"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

top=$tmp/build
mkdir -p "$top/SPECS"
cp "$here/specs/zero-epoch.spec" "$top/SPECS/"
rpmbuild --quiet --define "_topdir $top" --define '_buildhost moat-fixtures' \
    -bb "$top/SPECS/zero-epoch.spec" >/dev/null
rpm=$(find "$top/RPMS" -name '*.rpm')

for backend in sqlite ndb; do
    bin=rpm
    [ "$backend" = ndb ] && bin=$RPM_NDB
    mkdir -p "$tmp/$backend"
    "$bin" --dbpath "$tmp/$backend" --define "_db_backend $backend" --initdb
    "$bin" --dbpath "$tmp/$backend" --define "_db_backend $backend" -i --nodeps --justdb \
        --noscripts --notriggers "$rpm" 2>/dev/null
done
cp "$tmp/ndb/Packages.db" "$out/ndb.db"
hex=$(sqlite3 "$tmp/sqlite/rpmdb.sqlite" 'SELECT lower(hex(blob)) FROM Packages LIMIT 1')
printf '%s' "$hex" | xxd -r -p > "$out/header.blob"

rm -f "$out/sqlite.db"
sqlite3 "$out/sqlite.db" >/dev/null <<EOF
PRAGMA page_size = 512;
CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);
INSERT INTO Packages (blob) VALUES (x'$hex');
PRAGMA journal_mode = WAL;
EOF

for order in le be chksum; do
    chksum=0 lorder=1234 k0=00000000 k1=01000000 v0=02000000
    [ $order = chksum ] && chksum=1
    [ $order = be ] && lorder=4321 k1=00000001 v0=00000002
    printf 'VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=512\nchksum=%s\nHEADER=END\n %s\n %s\n %s\n %s\nDATA=END\n' \
        $chksum $k0 $v0 $k1 "$hex" > "$tmp/dump.txt"
    rm -f "$out/bdb-$order.db"
    db5.3_load -c "db_lorder=$lorder" -f "$tmp/dump.txt" "$out/bdb-$order.db"
done
ls -l "$out"
