#!/usr/bin/env bash
# Decodes the same requests with the native and the WASM build of the core and
# fails on any difference in tokens or commands.
#   compare.sh NATIVE_DECODE_TOKENS WASM_DECODE_TOKENS_JS CMDSEQ_FIXTURE WORKDIR
set -euo pipefail
native=$1 wasm=$2 fixture=$3 dir=$4
mkdir -p "$dir"
requests="$(dirname "$0")/../data/requests.txt"
"$fixture" --out "$dir/fp32.cmdseq" --seed 21 --eos-bias 0.5
"$fixture" --out "$dir/int8.cmdseq" --seed 22 --eos-bias 0.5 --storage int8 --bidirectional --layers 2
"$fixture" --out "$dir/standard.cmdseq" --seed 23 --eos-bias 1 --storage int8 --preset standard --bidirectional
"$fixture" --out "$dir/wordmap.cmdseq" --seed 24 --eos-bias 0.5 --storage int8 --word-map
export NODE_PATH=/usr/share/nodejs
data="$(dirname "$0")/../data"
cp "$data"/*.cmdseq "$dir/"
for model in "$dir"/*.cmdseq; do
    m=$(basename "$model" .cmdseq)
    # the word map's readings: synonyms and base forms the model's vocabulary lacks
    reqs=$requests
    if [ "$m" = wordmap ]; then reqs="$data/requests-words.txt"; fi
    "$native" "$model" "$reqs" > "$dir/$m.native.txt"
    node --no-experimental-fetch "$wasm" "$model" "$reqs" > "$dir/$m.wasm.txt"
    if ! diff -u "$dir/$m.native.txt" "$dir/$m.wasm.txt"; then
        echo "FAIL: $m model: WASM and native decode differently" >&2
        exit 1
    fi
    lines=$(grep -c '=>' "$dir/$m.native.txt")
    want=$((5 * $(grep -c . "$reqs")))
    [ "$lines" -ge "$want" ] || { echo "FAIL: only $lines decodings for $m, $want expected" >&2; exit 1; }
    echo "$m: $lines decodings (greedy, beam, 3 sampling seeds per request) identical in WASM and native"
done
reads=$(grep -c "(meaning)" "$dir/wordmap.native.txt")
[ "$reads" -ge 6 ] || { echo "FAIL: only $reads words read through the word map" >&2; exit 1; }
echo "wordmap: $reads words read through the word map, the same in WASM and native"
[ "$(ls "$dir"/*.native.txt | wc -l)" -ge 5 ] || { echo "FAIL: fewer models compared than expected" >&2; exit 1; }
