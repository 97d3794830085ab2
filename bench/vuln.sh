#!/usr/bin/env bash
# bench/vuln.sh — vulnerability database import and matching.
#
#   bash bench/vuln.sh
#
# 1. Import of Go's whole vulnerability database (../shared/corpora/osv-go,
#    4,291 OSV records) into an empty database, next to the time
#    /usr/bin/python3 takes just to parse the same JSON files (a floor for
#    any importer that reads JSON; no peer scanner's importer is installable
#    here: Trivy, Grype and osv-scanner are neither Debian nor npm packages).
# 2. Matching the real Debian image (tests/fixtures/debian-image.sh, 89
#    packages from 64 source packages) against a database of more than
#    500,000 affected ranges: 250,000 synthetic Debian records of two
#    affected entries each (bench/gen_osv.py: 400 for every source package of
#    the image, the rest over 20,000 other names) plus the real Go, Debian
#    changelog and Alpine records. Matching time = `moat image` minus the
#    same command with --scanners misconfig (inventory and audit only);
#    --severity CRITICAL keeps the report small so output does not count.
#
# Run from the repository root after `make`. Prints markdown on stdout.
#   MOAT_TEST_CACHE=DIR  image cache (default ~/.cache/moat-test)
#   RUNS=5               timed runs per command (the median is reported)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
RUNS=${RUNS:-5}
MOAT=${MOAT:-$root/build/moat}
CACHE=${MOAT_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/moat-test}
SHARED=$root/../shared/corpora
log() { printf '%s\n' "$*" >&2; }
[ -x "$MOAT" ] || { log "build moat first (make)"; exit 1; }
[ -x /usr/bin/time ] || { log "/usr/bin/time (GNU time) is required"; exit 1; }
bash "$root/tests/fixtures/debian-image.sh" "$CACHE"
bash "$root/tests/fixtures/debian-advisories.sh" "$CACHE"
work=$(mktemp -d "${TMPDIR:-/tmp}/moat-bench-vuln.XXXXXX")
trap 'rm -rf "$work"' EXIT

# median of RUNS runs of a command: prints "seconds peak_kib"
measure() {
    local i out
    for i in $(seq "$RUNS"); do
        "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
        tail -n 1 "$work/err"
    done | sort -n | awk -v n="$RUNS" '{t[NR]=$1; m[NR]=$2} END {print t[int((n+1)/2)], m[int((n+1)/2)]}'
}
timed() { /usr/bin/time -f "%e %M" "$@"; }

echo "## Vulnerability database: import and matching"
echo
echo "Command: \`bash bench/vuln.sh\` (RUNS=$RUNS, medians), $(date -u +%Y-%m-%d), $(nproc) CPUs."
echo

fresh_import() { rm -rf "$work/go"; timed "$MOAT" db import --quiet --cache-dir "$work/go" "$SHARED/osv-go"; }
read -r t_imp m_imp < <(measure fresh_import)
read -r t_py m_py < <(measure timed /usr/bin/python3 -c '
import json, os, sys
d = sys.argv[1]
for f in os.listdir(d):
    if f.endswith(".json"):
        with open(os.path.join(d, f)) as fh: json.load(fh)' "$SHARED/osv-go")
recs=$("$MOAT" db info --format json --cache-dir "$work/go" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["records"], d["affected_ranges"])')
echo "### Import of Go's vulnerability database (4,291 OSV files, $(du -sh "$SHARED/osv-go" | cut -f1))"
echo
echo "| command | time (s) | peak memory (MiB) |"
echo "|---|---:|---:|"
printf '| `moat db import osv-go` (into an empty database: %s records, %s ranges) | %s | %.1f |\n' \
    ${recs% *} ${recs#* } "$t_imp" "$(echo "$m_imp/1024" | bc -l)"
printf '| `python3`: json.load of the same files, nothing stored (floor) | %s | %.1f |\n' "$t_py" "$(echo "$m_py/1024" | bc -l)"
echo

log "generating 250,000 synthetic records ..."
cut -f3,4 "$CACHE/debian-v1/expected-final.tsv" | sort -u > "$work/sources.tsv"
/usr/bin/python3 "$here/gen_osv.py" "$work/bench.zip" 250000 "$work/sources.tsv"
read -r t_big m_big < <(measure timed "$MOAT" db import --quiet --cache-dir "$work/big" "$work/bench.zip" \
    "$CACHE/debian-advisories-v1/osv" "$SHARED/osv-go" "$SHARED/alpine-secdb")
info=$("$MOAT" db info --format json --cache-dir "$work/big" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["records"], d["affected_ranges"])')
T="oci:$CACHE/debian-v1/oci:test"
read -r t_inv m_inv < <(measure timed "$MOAT" image --quiet --format json --severity CRITICAL --scanners misconfig --cache-dir "$work/big" "$T")
read -r t_all m_all < <(measure timed "$MOAT" image --quiet --format json --severity CRITICAL --cache-dir "$work/big" "$T")
nv=$("$MOAT" image --quiet --format json --cache-dir "$work/big" "$T" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(r.get("vulnerabilities",[])) for r in d["results"]))')
echo "### Matching the Debian image against ${info#* } affected ranges (${info% *} records, $(du -h "$work/big/vuln.db" | cut -f1) database)"
echo
echo "| command | time (s) | peak memory (MiB) |"
echo "|---|---:|---:|"
printf '| `moat db import` of all of it (repeated into the same database: every source replaced) | %s | %.1f |\n' "$t_big" "$(echo "$m_big/1024" | bc -l)"
printf '| `moat image --scanners misconfig` (inventory and audit, no matching) | %s | %.1f |\n' "$t_inv" "$(echo "$m_inv/1024" | bc -l)"
printf '| `moat image` (the same plus matching: %s vulnerabilities found) | %s | %.1f |\n' "$nv" "$t_all" "$(echo "$m_all/1024" | bc -l)"
printf '| **matching alone** (difference) | **%.2f** | %.1f |\n' "$(echo "$t_all - $t_inv" | bc -l)" "$(echo "($m_all - $m_inv)/1024" | bc -l)"
