#!/usr/bin/env bash
# make-fixtures.sh — rebuilds the rpm database fixtures of this directory
# from the spec files in specs/ with the real rpm tools, and the listing
# rpm itself prints for each database (*.expected).
#
#   tests/pkg/rpm/make-fixtures.sh [OUTDIR]      (default: this directory)
#
# Needs rpmbuild and rpm (Debian: rpm), sqlite3, db5.3_load (db5.3-util)
# and gpg (gnupg). Debian's rpm 4.18 has the sqlite and read-only Berkeley
# DB (bdb_ro) backends but not ndb: set RPM_NDB to an rpm binary built with
# --enable-ndb (e.g. from Debian's own source package, `apt-get source rpm`,
# configured with --enable-ndb --enable-bdb-ro) to write Packages.db; without
# it the ndb fixture is left as it is.
#
# What is made:
#   rpmdb.sqlite      sqlite backend, written by `rpm -i --justdb` and
#                     `rpm --import` (a gpg-pubkey pseudo-package)
#   Packages.db       ndb backend, same packages, written by $RPM_NDB
#   Packages          Berkeley DB hash database, little-endian, 4 KiB pages:
#                     rpm 4.18 can no longer write one, so the header blobs
#                     rpm stored in rpmdb.sqlite are loaded by db5.3_load
#                     under the same keys (the 4-byte native-endian package
#                     number), with the key-0 record old rpm versions kept;
#                     rpm's bdb_ro backend reads it back (Packages.expected)
#   Packages.be       the same as a big-endian Berkeley DB (db_lorder=4321),
#                     the byte order of s390x and ppc64 images, with 8 KiB
#                     pages: most headers then fit on the hash pages
#                     themselves instead of overflow pages
#   Packages.chksum   little-endian with page checksums (chksum=1: the item
#                     table starts at byte 32, not 26) and 512-byte pages;
#                     rpm's bdb_ro cannot read this variant, so it has no
#                     .expected of its own: it holds what Packages holds
#   *.expected        `rpm -qa --queryformat` of each database, by the rpm
#                     backend that reads it (EXPECTED_FMT below)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

EXPECTED_FMT='%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{EVR}\n'

# ---- packages ----
top=$tmp/build
mkdir -p "$top/SPECS"
cp "$here"/specs/*.spec "$top/SPECS/"
# Binary packages whose source package has another name (python-bulk-NN
# builds only python3-bulk-NN): enough records to spread a Berkeley DB
# hash database over several buckets and pages.
for i in $(seq -w 1 12); do
    cat > "$top/SPECS/python-bulk-$i.spec" <<EOF
Name:           python-bulk-$i
Version:        1.$i.0
Release:        ${i}.fc40
Summary:        Bulk package $i (moat test fixture)
License:        BSD-3-Clause
BuildArch:      noarch

%description
Test fixture of moat's rpm database readers.

%package -n python3-bulk-$i
Summary:        Bulk package $i (moat test fixture)

%description -n python3-bulk-$i
Test fixture of moat's rpm database readers.

%install
mkdir -p %{buildroot}/usr/lib/python3/site-packages/bulk$i
echo x > %{buildroot}/usr/lib/python3/site-packages/bulk$i/__init__.py

%files -n python3-bulk-$i
/usr/lib/python3/site-packages/bulk$i
EOF
done
for spec in "$top"/SPECS/*.spec; do
    rpmbuild --quiet --define "_topdir $top" --define '_binary_payload w2.gzdio' \
        --define 'source_date_epoch_from_changelog 0' --define '_buildhost moat-fixtures' \
        -bb "$spec" >/dev/null
done
mapfile -t rpms < <(find "$top/RPMS" -name '*.rpm' | sort)
echo "built ${#rpms[@]} packages"

# a signing key, imported as rpm does it: a gpg-pubkey pseudo-package
export GNUPGHOME=$tmp/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'moat fixtures <fixtures@moat.invalid>' \
    rsa2048 sign never 2>/dev/null
gpg --batch --armor --export > "$tmp/key.asc"

# ---- sqlite ----
install_db() { # RPM BACKEND DIR
    local rpm=$1 backend=$2 dir=$3
    mkdir -p "$dir"
    "$rpm" --dbpath "$dir" --define "_db_backend $backend" --initdb
    "$rpm" --dbpath "$dir" --define "_db_backend $backend" -i --nodeps --justdb \
        --noscripts --notriggers --ignorearch --ignoreos "${rpms[@]}"
    "$rpm" --dbpath "$dir" --define "_db_backend $backend" --import "$tmp/key.asc"
}
query() { # RPM BACKEND DIR
    "$1" --dbpath "$3" --define "_db_backend $2" -qa --queryformat "$EXPECTED_FMT" | LC_ALL=C sort
}

install_db rpm sqlite "$tmp/sqlite"
cp "$tmp/sqlite/rpmdb.sqlite" "$out/rpmdb.sqlite"
query rpm sqlite "$tmp/sqlite" > "$out/rpmdb.sqlite.expected"

# ---- ndb ----
if [ -n "${RPM_NDB:-}" ]; then
    install_db "$RPM_NDB" ndb "$tmp/ndb"
    cp "$tmp/ndb/Packages.db" "$out/Packages.db"
    query "$RPM_NDB" ndb "$tmp/ndb" > "$out/Packages.db.expected"
else
    echo "RPM_NDB is not set: Packages.db left as it is" >&2
fi

# ---- Berkeley DB (hash) from the sqlite blobs ----
make_bdb() { # LORDER PAGESIZE FILE [CHKSUM]
    local lorder=$1 pagesize=$2 file=$3 chksum=${4:-0} endian=le
    [ "$lorder" = 4321 ] && endian=be
    {
        printf 'VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=%s\nchksum=%s\nHEADER=END\n' \
            "$pagesize" "$chksum"
        # key 0: the next package number, as rpm < 4.16 kept it
        local max
        max=$(sqlite3 "$out/rpmdb.sqlite" 'SELECT max(hnum) + 1 FROM Packages')
        printf ' %s\n %s\n' "$(u32 0 $endian)" "$(u32 "$max" $endian)"
        sqlite3 -separator ' ' "$out/rpmdb.sqlite" 'SELECT hnum, lower(hex(blob)) FROM Packages' |
        while read -r hnum hex; do
            printf ' %s\n %s\n' "$(u32 "$hnum" $endian)" "$hex"
        done
        printf 'DATA=END\n'
    } > "$tmp/dump.txt"
    rm -f "$file"
    db5.3_load -c "db_lorder=$lorder" -f "$tmp/dump.txt" "$file"
}
u32() { # VALUE le|be -> 8 hex digits
    local v=$1
    if [ "$2" = le ]; then
        printf '%02x%02x%02x%02x' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255))
    else
        printf '%08x' "$v"
    fi
}
make_bdb 1234 4096 "$out/Packages"
make_bdb 4321 8192 "$out/Packages.be"
make_bdb 1234 512 "$out/Packages.chksum" 1
for f in Packages Packages.be; do
    mkdir -p "$tmp/bdb-$f"
    cp "$out/$f" "$tmp/bdb-$f/Packages"
    query rpm bdb_ro "$tmp/bdb-$f" > "$out/$f.expected"
done
ls -l "$out"/rpmdb.sqlite "$out"/Packages*
