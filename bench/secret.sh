#!/usr/bin/env bash
# bench/secret.sh — `moat secret` throughput and memory next to secretlint and cat.
#
#   bash bench/secret.sh
#
# Run from the repository root after `make`. Prints a markdown table on stdout;
# progress goes to stderr. The corpus is the text files (no NUL in the first
# 8 KiB, no symbolic links) of /usr/include and /usr/share/doc, copied into a
# temp directory; copies 2 to 4 of it (real copies, no links) show whether
# memory stays flat as the input grows. Environment knobs:
#   RUNS=3          timed runs per command (the median wall time is reported)
#   DIRS="/usr/include /usr/share/doc"   the source directories
#   PEER_DIRS=/usr/include/linux  the part of the corpus secretlint scans
#                   ("all" for all of it; secretlint needs minutes for every
#                   few tens of MB, about 10 minutes for /usr/include alone)
#   SCALES="1 2 4"  corpus copies moat is run on
#   MOAT=PATH       the moat binary (default build/moat)
#   KEEP=DIR        build the corpus in DIR and keep it (default: a temp dir)
# --peer-only skips moat (only for checking the secretlint half).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

RUNS=${RUNS:-3}
DIRS=${DIRS:-/usr/include /usr/share/doc}
PEER_DIRS=${PEER_DIRS:-/usr/include/linux}
SCALES=${SCALES:-1 2 4}
PEER_ONLY=0
for a in "$@"; do
    case $a in
        --peer-only) PEER_ONLY=1 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "secret.sh: unknown argument: $a" >&2; exit 2 ;;
    esac
done

log() { printf '%s\n' "$*" >&2; }
die() { printf 'secret.sh: %s\n' "$*" >&2; exit 1; }

MOAT=${MOAT:-$root/build/moat}
if [ "$PEER_ONLY" = 0 ] && [ ! -x "$MOAT" ]; then
    die "$MOAT not found: build it first (run \`make\` in $root, or \`cmake -B build && cmake --build build\`)"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required: apt-get install time"
command -v node >/dev/null || die "node is required for secretlint: apt-get install nodejs npm"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || die "python3 is required"
for d in $DIRS; do [ -d "$d" ] || die "$d is missing (set DIRS)"; done

# ---- the peer tool ----------------------------------------------------------
PEER=$here/.peer
SL=$PEER/node_modules/.bin/secretlint
if [ ! -x "$SL" ] || [ ! -d "$PEER/node_modules/@secretlint/secretlint-rule-preset-recommend" ]; then
    command -v npm >/dev/null || die "npm is required to install secretlint"
    log "installing secretlint into bench/.peer ..."
    npm install --prefix "$PEER" --no-audit --no-fund secretlint @secretlint/secretlint-rule-preset-recommend >&2 \
        || die "npm install secretlint failed"
fi
SL_VERSION=$(node -p "require('$PEER/node_modules/secretlint/package.json').version")
PRESET_VERSION=$(node -p "require('$PEER/node_modules/@secretlint/secretlint-rule-preset-recommend/package.json').version")

# ---- corpus -----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/moat-bench-secret.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -n "${KEEP:-}" ]; then
    corpus=$KEEP
    if [ -e "$corpus" ] && [ -n "$(ls -A "$corpus" 2>/dev/null)" ]; then
        [ -f "$corpus/.moat-bench-secret" ] || die "KEEP=$corpus exists and is not a corpus of this script; not touching it"
        rm -rf "$corpus"
    fi
else
    corpus=$work/corpus
fi
maxscale=1
for s in $SCALES; do [ "$s" -gt "$maxscale" ] && maxscale=$s; done
log "copying the text files of $DIRS into $corpus/c1 ..."
mkdir -p "$corpus/c1"
touch "$corpus/.moat-bench-secret"
# c1/<dir without its leading slash>/...: regular files without a NUL in the
# first 8 KiB (the test's and moat's notion of text), no symbolic links
# shellcheck disable=SC2086  # DIRS is a list
"$PY" - "$corpus/c1" $DIRS <<'EOF'
import os, shutil, sys
dest = sys.argv[1]
for top in sys.argv[2:]:
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(root, d)))
        for n in sorted(files):
            p = os.path.join(root, n)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            try:
                with open(p, "rb") as fh:
                    if b"\0" in fh.read(8192):
                        continue
                out = os.path.join(dest, p.lstrip("/"))
                os.makedirs(os.path.dirname(out), exist_ok=True)
                shutil.copyfile(p, out)
            except OSError:
                pass
EOF
for ((i = 2; i <= maxscale; i++)); do cp -r "$corpus/c1" "$corpus/c$i"; done

# list FILE... : files and bytes under the given directories
count() { find "$@" -type f -printf '%s\n' | awk '{n++; b+=$1} END{printf "%d %d\n", n, b}'; }
read -r files1 bytes1 < <(count "$corpus/c1")
[ "$files1" -gt 0 ] || die "no text files under $DIRS"
if [ "$PEER_DIRS" = all ]; then
    peer_rel=()
    for d in $DIRS; do peer_rel+=("${d#/}"); done
else
    peer_rel=()
    for d in $PEER_DIRS; do
        [ -d "$corpus/c1/${d#/}" ] || die "PEER_DIRS: $d is not part of DIRS"
        peer_rel+=("${d#/}")
    done
fi
peer_paths=()
for r in "${peer_rel[@]}"; do peer_paths+=("$corpus/c1/$r"); done
read -r filesp bytesp < <(count "${peer_paths[@]}")
find "$corpus/c1" -type f -print0 > "$work/all.list0"
find "${peer_paths[@]}" -type f -print0 > "$work/peer.list0"

# ---- measuring --------------------------------------------------------------
# measure NAME CMD... : one warm-up run (unless NOWARM=1: the page cache
# already holds the files), then RUNS timed runs. Wall time from bash's
# $EPOCHREALTIME, peak RSS from GNU time's %M (largest single process).
measure() {
    local name=$1; shift
    [ "${NOWARM:-0}" = 1 ] || "$@" > /dev/null 2> "$work/$name.err" || true
    : > "$work/$name.wall"; : > "$work/$name.rss"; : > "$work/$name.rc"
    local i t0 t1 rc
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME
        rc=0
        /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > /dev/null 2> "$work/$name.err" || rc=$?
        t1=$EPOCHREALTIME
        echo "$t0 $t1" | awk '{printf "%.6f\n", $2 - $1}' >> "$work/$name.wall"
        tail -n 1 "$work/$name.time" | awk '{print $2}' >> "$work/$name.rss"
        echo "$rc" >> "$work/$name.rc"
    done
    log "  $name: wall $(paste -sd' ' "$work/$name.wall") s; rss $(paste -sd' ' "$work/$name.rss") KiB; exit $(paste -sd' ' "$work/$name.rc")"
}
median() { sort -g "$1" | awk '{a[NR]=$1} END{if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -g "$1" | tail -n 1; }

declare -a rows=()
row() { # tool corpus files bytes name findings
    rows+=("$1|$2|$3|$4|$(median "$work/$5.wall")|$(maxof "$work/$5.rss")|$6")
}

log "timing ($RUNS runs each, after one warm-up run) ..."
measure cat1 xargs -0 -a "$work/all.list0" cat
row "\`cat\` (ceiling)" "all, 1×" "$files1" "$bytes1" cat1 "–"

if [ "$PEER_ONLY" = 0 ]; then
    MOAT_VERSION=$("$MOAT" --version 2>/dev/null | head -n 1 || true)
    moat_findings() { # dirs... : active findings of one JSON run
        "$MOAT" secret --format json --quiet "$@" 2> "$work/moat.check.err" \
            | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(r["findings"]) for r in d["results"]))' \
            || die "moat secret failed: $(head -c 2000 "$work/moat.check.err")"
    }
    for s in $SCALES; do
        dirs=()
        for ((i = 1; i <= s; i++)); do dirs+=("$corpus/c$i"); done
        nf=$(moat_findings "${dirs[@]}")
        for p in 1 2; do
            measure "moat_p${p}_x$s" "$MOAT" secret --format json --quiet --parallel "$p" "${dirs[@]}"
            row "moat secret --parallel $p" "all, ${s}×" "$((files1 * s))" "$((bytes1 * s))" "moat_p${p}_x$s" "$nf"
        done
    done
    nfp=$(moat_findings "${peer_paths[@]}")
    measure moat_p1_peer "$MOAT" secret --format json --quiet --parallel 1 "${peer_paths[@]}"
    row "moat secret --parallel 1" "secretlint's part" "$filesp" "$bytesp" moat_p1_peer "$nfp"
fi

# secretlint: the recommended preset, its default (stylish) output: the JSON
# formatter repeats every file's content and would time the formatter.
printf '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n' > "$work/secretlintrc.json"
globs=()
for r in "${peer_rel[@]}"; do globs+=("$corpus/c1/$r/**/*"); done
sl_cmd=("$SL" --no-color --maskSecrets --secretlintrc "$work/secretlintrc.json" "${globs[@]}")
"${sl_cmd[@]}" > "$work/sl.out" 2> "$work/sl.check.err" || true
nsl=$(sed -n 's/^✖ \([0-9]*\) problem.*/\1/p' "$work/sl.out" | tail -n 1)
if [ -z "$nsl" ]; then
    if [ -s "$work/sl.check.err" ]; then
        log "warning: secretlint wrote to stderr: $(head -c 1000 "$work/sl.check.err")"
        nsl="?"
    else
        nsl=0
    fi
fi
measure catp xargs -0 -a "$work/peer.list0" cat
row "\`cat\` (ceiling)" "secretlint's part" "$filesp" "$bytesp" catp "–"
# the check run above was its warm-up
NOWARM=1 measure secretlint "${sl_cmd[@]}"
row "secretlint $SL_VERSION (preset-recommend $PRESET_VERSION)" "secretlint's part" "$filesp" "$bytesp" secretlint "$nsl"

# ---- report -----------------------------------------------------------------
echo "## moat secret vs secretlint"
echo
echo "Corpus: the text files of \`$DIRS\` ($files1 files, $(awk -v b="$bytes1" 'BEGIN{printf "%.1f", b/1e6}') MB;" \
     "a file is text when its first 8 KiB hold no NUL; symbolic links left out), copied to a temp directory;" \
     "\"N×\" = N real copies of it scanned in one run."
echo "secretlint's part: \`${peer_rel[*]/#//}\` ($filesp files, $(awk -v b="$bytesp" 'BEGIN{printf "%.1f", b/1e6}') MB) —" \
     "secretlint is run on that part only, with its own glob, and its MB/s is computed on those bytes."
echo "Machine: $(nproc) CPUs, $(uname -sm), node $(node --version)${MOAT_VERSION:+, $MOAT_VERSION}."
echo "Wall time is the median of $RUNS runs after one warm-up (files in the page cache); peak RSS is the largest of those runs. MB = 10^6 bytes."
echo
echo "| tool | corpus | files | MB | wall time (median) | MB/s | peak RSS MiB | findings |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do
    IFS='|' read -r name corp files bytes med rss nf <<< "$r"
    awk -v name="$name" -v corp="$corp" -v files="$files" -v bytes="$bytes" -v med="$med" -v rss="$rss" -v nf="$nf" 'BEGIN {
        printf "| %s | %s | %d | %.1f | %.3f s | %.1f | %.1f | %s |\n", name, corp, files, bytes / 1e6, med,
            (med > 0 ? bytes / 1e6 / med : 0), rss / 1024, nf
    }'
done
echo
echo "Findings are active findings of one run (moat: JSON report; secretlint: its problem count)."
if [ "$PEER_ONLY" = 0 ]; then
    echo "Exit statuses: moat $(cat "$work"/moat_*.rc | sort -u | paste -sd,), secretlint $(sort -u "$work/secretlint.rc" | paste -sd,) (1 = problems found)."
else
    echo "(--peer-only: moat was not run.) secretlint exit status: $(sort -u "$work/secretlint.rc" | paste -sd,)."
fi
