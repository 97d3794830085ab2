#!/bin/sh
# replay.sh BUILD_DIR — runs each fuzzer of a -DMOAT_FUZZ=ON build once over
# its seed corpus (-runs=0: every file is executed, nothing new is tried).
# Exits non-zero if any input crashes, leaks or trips a sanitizer.
set -u
build=${1:?usage: fuzz/replay.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
status=0
# every harness fuzz/fuzz_NAME.c has its seeds in fuzz/corpus/NAME
for src in "$here"/fuzz_*.c; do
    name=$(basename "$src" .c)
    bin=$build/fuzz/$name
    corpus=$here/corpus/${name#fuzz_}
    if [ ! -x "$bin" ]; then
        echo "replay: $bin is not built (configure with -DMOAT_FUZZ=ON)" >&2
        exit 2
    fi
    echo "== $bin $corpus"
    if ! "$bin" -runs=0 "$corpus"; then
        echo "replay: $bin failed on an input of $corpus" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "replay: all inputs passed"
exit "$status"
