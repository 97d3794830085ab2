#!/usr/bin/env bash
# bench/run.sh — time `moat config` against dockerfilelint on a generated corpus.
#
#   bash bench/run.sh [--peer-only]
#
# Run from the repository root after `make`. Prints a markdown table on stdout;
# progress and notes about the run go to stderr. Environment knobs:
#   COUNT=1200   number of Dockerfiles to generate
#   SEED=42      generator seed
#   RUNS=3       timed runs per tool (the median wall time is reported)
#   HYPERFINE=1  also run hyperfine when it is installed (0 to skip)
#   CORPUS=DIR   use (and keep) this corpus directory instead of a temp one
#   MOAT=PATH    the moat binary (default build/moat)
# --peer-only skips moat (only for checking the dockerfilelint half).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

COUNT=${COUNT:-1200}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
HYPERFINE=${HYPERFINE:-1}
PEER_ONLY=0
for a in "$@"; do
    case $a in
        --peer-only) PEER_ONLY=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $a" >&2; exit 2 ;;
    esac
done

log() { printf '%s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

MOAT=${MOAT:-$root/build/moat}
if [ "$PEER_ONLY" = 0 ] && [ ! -x "$MOAT" ]; then
    die "$MOAT not found: build it first (run \`make\` in $root, or \`cmake -B build && cmake --build build\`)"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required: apt-get install time"
command -v node >/dev/null || die "node is required for dockerfilelint: apt-get install nodejs npm"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || die "python3 is required"

# ---- the peer tool ----------------------------------------------------------
PEER=$here/.peer
DFL=$PEER/node_modules/.bin/dockerfilelint
if [ ! -x "$DFL" ]; then
    command -v npm >/dev/null || die "npm is required to install dockerfilelint"
    log "installing dockerfilelint into bench/.peer ..."
    npm install --prefix "$PEER" --no-audit --no-fund dockerfilelint >&2 \
        || die "npm install dockerfilelint failed"
fi
DFL_VERSION=$(node -p "require('$PEER/node_modules/dockerfilelint/package.json').version")

# ---- corpus -----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/moat-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -n "${CORPUS:-}" ]; then
    corpus=$CORPUS
    if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ]; then
        [ -d "$corpus/proj0001" ] || die "CORPUS=$corpus exists and does not look like a generated corpus; not touching it"
        rm -rf "$corpus"
    fi
else
    corpus=$work/corpus
fi
log "generating $COUNT Dockerfiles (seed $SEED) in $corpus ..."
"$PY" "$here/gen_dockerfiles.py" --count "$COUNT" --seed "$SEED" --out "$corpus"
find "$corpus" -type f | LC_ALL=C sort > "$work/all.list"
nall=$(wc -l < "$work/all.list")
lines_of() { if [ -s "$1" ]; then tr '\n' '\0' < "$1" | xargs -0 cat | wc -l; else echo 0; fi; }
lall=$(lines_of "$work/all.list")

# dockerfilelint 1.8.0 throws (and abandons the whole run) on some valid
# files, e.g. `HEALTHCHECK CMD ...` with no options. Find those files with its
# own lint function so the CLI can be timed on the files it gets through.
node "$here/dfl_probe.js" "$PEER" < "$work/all.list" > "$work/crash.list" 2> "$work/probe.err" \
    || die "dfl_probe.js failed: $(cat "$work/probe.err")"
LC_ALL=C comm -23 "$work/all.list" "$work/crash.list" > "$work/ok.list"
nok=$(wc -l < "$work/ok.list")
lok=$(lines_of "$work/ok.list")
ncrash=$((nall - nok))

# ---- measuring --------------------------------------------------------------
# measure NAME CMD... : one warm-up run, then RUNS timed runs. Wall time comes
# from bash's $EPOCHREALTIME (microseconds; GNU time's %e has 10 ms steps),
# peak RSS from GNU time's %M. Writes NAME.wall (one per line), NAME.rss, NAME.rc
# and keeps stderr of the last run in NAME.err.
measure() {
    local name=$1; shift
    "$@" > /dev/null 2> "$work/$name.err" || true
    : > "$work/$name.wall"; : > "$work/$name.rss"; : > "$work/$name.rc"
    local i t0 t1 rc
    for ((i = 1; i <= RUNS; i++)); do
        t0=$EPOCHREALTIME
        rc=0
        /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" > /dev/null 2> "$work/$name.err" || rc=$?
        t1=$EPOCHREALTIME
        echo "$t0 $t1" | awk '{printf "%.6f\n", $2 - $1}' >> "$work/$name.wall"
        # The last line of -o holds "%e %M"; earlier lines may say the command
        # exited non-zero.
        tail -n 1 "$work/$name.time" | awk '{print $2}' >> "$work/$name.rss"
        echo "$rc" >> "$work/$name.rc"
    done
    log "  $name: wall $(paste -sd' ' "$work/$name.wall") s; rss $(paste -sd' ' "$work/$name.rss") KiB; exit $(paste -sd' ' "$work/$name.rc")"
}
median() { sort -g "$1" | awk '{a[NR]=$1} END{if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -g "$1" | tail -n 1; }

# Pass the files as arguments; fall back to xargs (several processes, total
# time reported; RSS is then the largest single process) when the list is
# larger than a quarter of ARG_MAX.
argmax=$(getconf ARG_MAX 2>/dev/null || echo 131072)
use_xargs() { [ "$(wc -c < "$1")" -gt $((argmax / 4)) ]; }

mapfile -t ok_files < "$work/ok.list"

declare -a rows=()
row() { # name files lines wallfile rssfile
    local med rss
    med=$(median "$4"); rss=$(maxof "$5")
    rows+=("$1|$2|$3|$med|$rss")
}

log "timing ($RUNS runs each, after one warm-up run) ..."
if [ "$PEER_ONLY" = 0 ]; then
    MOAT_VERSION=$("$MOAT" --version 2>/dev/null | head -n 1 || true)
    # Check once that moat really writes JSON for this corpus.
    rc=0
    "$MOAT" config --format json --output "$work/moat.json" "$corpus" 2> "$work/moat.check.err" || rc=$?
    [ "$rc" -lt 126 ] || die "moat config crashed (exit $rc) on the corpus: $(head -c 2000 "$work/moat.check.err")"
    "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/moat.json" 2>/dev/null \
        || log "warning: moat's --format json output did not parse as JSON (exit $rc)"
    moat_json_bytes=$(wc -c < "$work/moat.json")

    measure moat_dir "$MOAT" config --format json --output /dev/null "$corpus"
    row "moat config (corpus directory)" "$nall" "$lall" "$work/moat_dir.wall" "$work/moat_dir.rss"
    if [ "$ncrash" -gt 0 ]; then
        if use_xargs "$work/ok.list"; then
            measure moat_ok xargs -d '\n' -a "$work/ok.list" "$MOAT" config --format json --output /dev/null
        else
            measure moat_ok "$MOAT" config --format json --output /dev/null "${ok_files[@]}"
        fi
        row "moat config (same files as dockerfilelint)" "$nok" "$lok" "$work/moat_ok.wall" "$work/moat_ok.rss"
        # one core, as dockerfilelint's Node.js runs the linting on one
        if use_xargs "$work/ok.list"; then
            measure moat_one xargs -d '\n' -a "$work/ok.list" "$MOAT" config --parallel 1 --format json --output /dev/null
        else
            measure moat_one "$MOAT" config --parallel 1 --format json --output /dev/null "${ok_files[@]}"
        fi
        row "moat config --parallel 1 (same files, one core)" "$nok" "$lok" "$work/moat_one.wall" "$work/moat_one.rss"
    fi
fi

# The floor: the system calls any linter of these files needs (stat, the
# .hadolint.yaml lookups, open, read, close) on every CPU, with no parsing.
floor_lines=""
if command -v cc >/dev/null && cc -O2 -pthread -o "$work/io_floor" "$here/io_floor.c" 2> "$work/floor.cc.err"; then
    if use_xargs "$work/ok.list"; then
        floor_cmd=(xargs -d '\n' -a "$work/ok.list" "$work/io_floor")
    else
        floor_cmd=("$work/io_floor" "${ok_files[@]}")
    fi
    floor_lines=$("${floor_cmd[@]}" | awk '{s += $1} END {print s}')
    [ "$floor_lines" = "$lok" ] || log "warning: io_floor counted $floor_lines lines, expected $lok"
    measure floor "${floor_cmd[@]}"
    row "reading the same files only, no linting (bench/io_floor.c)" "$nok" "$lok" "$work/floor.wall" "$work/floor.rss"
else
    log "cannot compile bench/io_floor.c; the floor row is left out: $(head -c 500 "$work/floor.cc.err")"
fi

# dockerfilelint: -j (JSON) is the fair match for moat's JSON; its default
# text report is ~20x larger and slower to format. Its exit status is the
# number of issues modulo 256, so it says nothing about success: check that
# stderr is empty and stdout parses instead.
if use_xargs "$work/ok.list"; then
    dfl_cmd=(xargs -d '\n' -a "$work/ok.list" "$DFL" -j)
    dfl_note="run through xargs (argument list too long); wall time covers all batches"
else
    dfl_cmd=("$DFL" -j "${ok_files[@]}")
    dfl_note=""
fi
"${dfl_cmd[@]}" > "$work/dfl.json" 2> "$work/dfl.check.err" || true
if [ -s "$work/dfl.check.err" ]; then
    log "warning: dockerfilelint wrote to stderr: $(head -c 1000 "$work/dfl.check.err")"
fi
dfl_issues=$("$PY" -c '
import json, sys
tot = 0
dec = json.JSONDecoder(); s = open(sys.argv[1]).read().strip(); i = 0
while i < len(s):          # several documents when run through xargs
    d, i = dec.raw_decode(s, i); tot += d["totalIssues"]
    while i < len(s) and s[i].isspace(): i += 1
print(tot)' "$work/dfl.json" 2>/dev/null) || dfl_issues="?"
dfl_json_bytes=$(wc -c < "$work/dfl.json")
measure dfl "${dfl_cmd[@]}"
row "dockerfilelint $DFL_VERSION -j" "$nok" "$lok" "$work/dfl.wall" "$work/dfl.rss"
dfl_med=$(median "$work/dfl.wall")

# ---- hyperfine (optional) ---------------------------------------------------
hf_md=""
hf_how=""
if [ "$HYPERFINE" = 1 ] && command -v hyperfine >/dev/null; then
    log "hyperfine ..."
    hf_cmds=()
    if ! use_xargs "$work/ok.list" && ! grep -q '[[:space:]]' "$work/ok.list" && [[ "$work$MOAT$DFL" != *[[:space:]]* ]]; then
        # Each tool started directly (hyperfine -N, no shell), named so
        # that the file list stays out of the report.
        hf_how="each tool started directly, without a shell"
        if [ "$PEER_ONLY" = 0 ]; then
            hf_cmds+=(-n "moat config ($nok files)" "$MOAT config --format json --output /dev/null ${ok_files[*]}")
        fi
        if [ -n "$floor_lines" ]; then
            hf_cmds+=(-n "io_floor ($nok files, reading only)" "$work/io_floor ${ok_files[*]}")
        fi
        hf_cmds+=(-n "dockerfilelint -j ($nok files)" "$DFL -j ${ok_files[*]}")
    else
        # Wrapper scripts for lists too long for one command line (or
        # paths with spaces); each pays the same small bash start-up.
        hf_how="each command through a bash wrapper that reads the file list"
        # shellcheck disable=SC2016  # ${f[@]} is for the wrapper to expand
        printf '#!/usr/bin/env bash\nmapfile -t f < %q\nexec %q -j "${f[@]}" > /dev/null\n' \
            "$work/ok.list" "$DFL" > "$work/hf_dfl.sh"
        if [ "$PEER_ONLY" = 0 ]; then
            # shellcheck disable=SC2016  # ${f[@]} is for the wrapper to expand
            printf '#!/usr/bin/env bash\nmapfile -t f < %q\nexec %q config --format json --output /dev/null "${f[@]}"\n' \
                "$work/ok.list" "$MOAT" > "$work/hf_moat.sh"
            hf_cmds+=(-n "moat config ($nok files)" "bash $work/hf_moat.sh")
        fi
        if [ -n "$floor_lines" ]; then
            # shellcheck disable=SC2016  # ${f[@]} is for the wrapper to expand
            printf '#!/usr/bin/env bash\nmapfile -t f < %q\nexec %q "${f[@]}" > /dev/null\n' \
                "$work/ok.list" "$work/io_floor" > "$work/hf_floor.sh"
            hf_cmds+=(-n "io_floor ($nok files, reading only)" "bash $work/hf_floor.sh")
        fi
        hf_cmds+=(-n "dockerfilelint -j ($nok files)" "bash $work/hf_dfl.sh")
    fi
    if hyperfine -N -i --warmup 3 --runs "$((RUNS < 20 ? 20 : RUNS))" --style none \
        --export-markdown "$work/hf.md" "${hf_cmds[@]}" > "$work/hf.out" 2>&1; then
        hf_md=$(cat "$work/hf.md")
    else
        log "hyperfine failed: $(tail -n 5 "$work/hf.out")"
    fi
fi

# ---- report -----------------------------------------------------------------
echo "## moat config vs dockerfilelint"
echo
echo "Corpus: $nall generated Dockerfiles, $lall lines (\`gen_dockerfiles.py --count $COUNT --seed $SEED\`)."
echo "Machine: $(nproc) CPUs, $(uname -sm), node $(node --version)${MOAT_VERSION:+, $MOAT_VERSION}."
echo "Wall time is the median of $RUNS runs after one warm-up; peak RSS is the largest of those runs."
echo
echo "| tool | files | lines | wall time (median) | files/s | peak RSS MiB | speed vs dockerfilelint |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
dfl_fps=$(awk -v n="$nok" -v t="$dfl_med" 'BEGIN{printf "%.6f", (t > 0 ? n / t : 0)}')
for r in "${rows[@]}"; do
    IFS='|' read -r name files lines med rss <<< "$r"
    awk -v name="$name" -v files="$files" -v lines="$lines" -v med="$med" -v rss="$rss" \
        -v base="$dfl_fps" 'BEGIN {
        fps = (med > 0 ? files / med : 0)
        if (name ~ /^dockerfilelint/) ratio = "1.00x (baseline)"
        else ratio = sprintf("%.2fx", (base > 0 ? fps / base : 0))
        printf "| %s | %d | %d | %.3f s | %.0f | %.1f | %s |\n", name, files, lines, med, fps, rss / 1024, ratio
    }'
done
echo
echo "Speed ratio = files/s of the row / files/s of dockerfilelint (same machine, same run)."
if [ -n "$floor_lines" ]; then
    echo
    echo "50x dockerfilelint's speed means $(awk -v t="$dfl_med" 'BEGIN{printf "%.4f", t / 50}') s for these $nok files;" \
         "only reading them (the io_floor row: stat, .hadolint.yaml lookups, open, read, close on every CPU," \
         "no parsing) takes $(median "$work/floor.wall") s in the same run."
fi
if [ "$ncrash" -gt 0 ]; then
    same_note="; the second moat row lints exactly those files"
    [ "$PEER_ONLY" = 0 ] || same_note=""
    echo
    echo "dockerfilelint $DFL_VERSION throws on $ncrash of the $nall files and then abandons the whole run" \
         "($(sed 's/^dfl_probe: //' "$work/probe.err" | head -n 1)), so it is timed on the other $nok$same_note."
fi
echo
echo "Output sizes: dockerfilelint JSON $dfl_json_bytes bytes ($dfl_issues issues)${moat_json_bytes:+; moat JSON $moat_json_bytes bytes}."
if [ -n "$dfl_note" ]; then echo; echo "dockerfilelint was $dfl_note."; fi
if [ "$PEER_ONLY" = 0 ]; then
    echo
    echo "Exit statuses: moat $(sort -u "$work/moat_dir.rc" | paste -sd,), dockerfilelint $(sort -u "$work/dfl.rc" | paste -sd,) (its issue count modulo 256${dfl_note:+; xargs turns any non-zero into 123})."
else
    echo
    echo "(--peer-only: moat was not run.) dockerfilelint exit status: $(sort -u "$work/dfl.rc" | paste -sd,) (its issue count modulo 256)."
fi
if [ -n "$hf_md" ]; then
    echo
    echo "### hyperfine (same $nok files, $hf_how)"
    echo
    echo "$hf_md"
fi
