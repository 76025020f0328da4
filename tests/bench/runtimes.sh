#!/usr/bin/env bash
# Per-request greedy latency of one model in four runtimes, in one run, on one
# thread each: the core fp32, the core int8, LibTorch eager, ONNX Runtime (Node).
# Prints a table with each runtime's median against the core's.
#
#   tests/bench/runtimes.sh FP32.cmdseq INT8.cmdseq ONNX_DIR [ROUNDS] [REQUESTS]
#
# Needs build/trainer/cmdseq-train (CMDSEQ_BUILD_TRAINER=ON) and tests/onnx/node_modules.
# The core's time covers the whole translation (tokenizing, decoding, filling
# placeholders); LibTorch and ONNX Runtime get the core's token ids and time the
# network only, which favours them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fp32=$1 int8=$2 onnx=$3 rounds=${4:-30} requests=${5:-$root/tests/data/requests.txt}
train=${CMDSEQ_TRAIN:-$root/build/trainer/cmdseq-train}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$train" parity --model "$fp32" --requests "$requests" --reference "$tmp/ref.json" >/dev/null
"$train" bench --model "$fp32" --int8 "$int8" --requests "$requests" --rounds "$rounds" --json "$tmp/native.json" >/dev/null
node "$root/tests/onnx/check_ort.js" "$onnx" "$tmp/ref.json" --bench "$rounds" --json "$tmp/ort.json" >/dev/null

node -e '
const a = require(process.argv[1]), b = require(process.argv[2]);
const all = Object.assign({}, a, b), base = all["core int8"] || all["core fp32"];
console.log(`${process.argv[3]} requests x ${process.argv[4]} rounds, one thread, greedy`);
console.log("| runtime | p50 ms | mean ms | p50 vs core int8 |");
console.log("|---|---:|---:|---:|");
for (const [name, r] of Object.entries(all))
    console.log(`| ${name} | ${r.p50_ms.toFixed(3)} | ${r.mean_ms.toFixed(3)} | ${(r.p50_ms / base.p50_ms).toFixed(1)}x |`);
' "$tmp/native.json" "$tmp/ort.json" "$(grep -vc '^#' "$requests")" "$rounds"
