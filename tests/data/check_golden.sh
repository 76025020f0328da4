#!/usr/bin/env bash
# The checked-in v1 model files must still load and decode exactly as they did
# when they were written (tests/data/*.golden.txt). A difference means the
# format reader or the engine changed behaviour: if that was intended, say why
# in the commit and regenerate with
#   decode_tokens tests/data/NAME.cmdseq tests/data/requests.txt > tests/data/NAME.golden.txt
#   check_golden.sh [EMULATOR...] DECODE_TOKENS
set -euo pipefail
decode=("$@")
data="$(cd "$(dirname "$0")" && pwd)"
n=0
for model in "$data"/*.cmdseq; do
    golden="${model%.cmdseq}.golden.txt"
    if ! diff -u "$golden" <("${decode[@]}" "$model" "$data/requests.txt"); then
        echo "FAIL: $(basename "$model") no longer decodes as recorded in $(basename "$golden")" >&2
        exit 1
    fi
    echo "$(basename "$model"): $(grep -c '=>' "$golden") decodings as recorded"
    n=$((n + 1))
done
[ "$n" -ge 2 ] || { echo "FAIL: expected at least 2 checked-in models, found $n" >&2; exit 1; }
