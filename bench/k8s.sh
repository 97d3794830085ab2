#!/usr/bin/env bash
# bench/k8s.sh — time `moat config` on a generated corpus of Kubernetes
# manifests (bench/gen_k8s.py: Deployments/StatefulSets/DaemonSets/CronJobs,
# Services, ServiceAccounts, Roles, RoleBindings, Namespaces,
# NetworkPolicies, aggregated ClusterRoles), side by side with the same
# command on the generated Dockerfile corpus of bench/run.sh.
#
#   bash bench/k8s.sh
#
# Run from the repository root after `make`. Prints a markdown table on
# stdout; progress goes to stderr. Environment knobs:
#   FILES=10000   manifests files to generate
#   DOCKERFILES=1200
#   SEED=42       generator seed
#   RUNS=5        timed runs per command (the median wall time is reported)
#   MOAT=PATH     the moat binary (default build/moat)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

FILES=${FILES:-10000}
DOCKERFILES=${DOCKERFILES:-1200}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
MOAT=${MOAT:-$root/build/moat}
PY=/usr/bin/python3
log() { printf '%s\n' "$*" >&2; }
die() { printf 'k8s.sh: %s\n' "$*" >&2; exit 1; }
[ -x "$MOAT" ] || die "$MOAT not found: run make first"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required: apt-get install time"

work=$(mktemp -d "${TMPDIR:-/tmp}/moat-k8s-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "generating $FILES manifest files (seed $SEED) ..."
read -r nfiles ndocs < <("$PY" "$here/gen_k8s.py" "$work/k8s" --files "$FILES" --seed "$SEED")
klines=$(find "$work/k8s" -type f -print0 | xargs -0 cat | wc -l)
log "generating $DOCKERFILES Dockerfiles (seed $SEED) ..."
"$PY" "$here/gen_dockerfiles.py" --count "$DOCKERFILES" --seed "$SEED" --out "$work/df" >/dev/null
dfiles=$(find "$work/df" -type f | wc -l)
dlines=$(find "$work/df" -type f -print0 | xargs -0 cat | wc -l)

# measure NAME CMD...: one warm-up run, then RUNS timed runs (wall time from
# $EPOCHREALTIME, peak RSS from GNU time).
measure() {
    local name=$1; shift
    "$@" > /dev/null 2>&1 || true
    : > "$work/$name.wall"; : > "$work/$name.rss"
    local i t0 t1
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$work/$name.time" "$@" > /dev/null 2> "$work/$name.err" || true
        t1=$EPOCHREALTIME
        echo "$t0 $t1" | awk '{printf "%.6f\n", $2 - $1}' >> "$work/$name.wall"
        tail -n 1 "$work/$name.time" >> "$work/$name.rss"
    done
    log "  $name: wall $(paste -sd' ' "$work/$name.wall") s"
}
median() { sort -g "$1" | awk '{a[NR]=$1} END{if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -g "$1" | tail -n 1; }

# the scan must really work: JSON that parses, findings of every family
"$MOAT" config --format json --output "$work/k8s.json" "$work/k8s" 2>/dev/null || true
"$PY" - "$work/k8s.json" <<'EOF' >&2 || die "moat's JSON for the corpus is not what it should be"
import collections, json, sys
d = json.load(open(sys.argv[1]))
ids = collections.Counter(f["id"][:3] for r in d["results"] for f in r["findings"])
print("  findings by rule family:", dict(sorted(ids.items())))
assert d["summary"]["files_scanned"] > 0
EOF

log "timing ($RUNS runs each, after one warm-up run) ..."
measure k8s "$MOAT" config --format json --output /dev/null "$work/k8s"
measure k8s_pss "$MOAT" config --pss restricted --format json --output /dev/null "$work/k8s"
measure k8s_1 "$MOAT" config --parallel 1 --format json --output /dev/null "$work/k8s"
measure df "$MOAT" config --format json --output /dev/null "$work/df"

printf '| command | corpus | files | documents | lines | wall time (median of %d) | documents/s | peak RSS MiB |\n' "$RUNS"
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
row() { # label corpus files docs lines name
    local med rss
    med=$(median "$work/$6.wall"); rss=$(maxof "$work/$6.rss")
    awk -v l="$1" -v c="$2" -v f="$3" -v d="$4" -v n="$5" -v t="$med" -v r="$rss" \
        'BEGIN{printf "| %s | %s | %d | %s | %d | %.3f s | %s | %.1f |\n", l, c, f, d, n, t, (d=="–"?"–":sprintf("%d", d/t)), r/1024}'
}
row "moat config" "Kubernetes manifests" "$nfiles" "$ndocs" "$klines" k8s
row "moat config --pss restricted" "Kubernetes manifests" "$nfiles" "$ndocs" "$klines" k8s_pss
row "moat config --parallel 1" "Kubernetes manifests" "$nfiles" "$ndocs" "$klines" k8s_1
row "moat config" "Dockerfiles (bench/run.sh corpus)" "$dfiles" "–" "$dlines" df
log "machine: $(nproc) CPUs, $(uname -sr); moat $("$MOAT" version 2>/dev/null | head -n 1)"
