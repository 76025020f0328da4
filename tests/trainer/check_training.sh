#!/usr/bin/env bash
# Training end to end on a small slice of the data, in seconds:
#   - the outputs are written and load in the core (cmdseq info / translate)
#   - the same seed gives byte-identical model files
#   - stopping after one epoch and resuming gives the same model as one run
#   - Ctrl-C (SIGINT) leaves a checkpoint that --resume continues from
#
#   check_training.sh CMDSEQ_TRAIN CMDSEQ SCRATCH_DIR
set -euo pipefail
train=$1 cmdseq=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
small=(--embedding_dim 16 --hidden_dim 24 --limit 600 --batch_size 32 --threads 1 --sample_every 0 --seed 5)
fail() { echo "FAIL: $*" >&2; exit 1; }

"$train" train "${small[@]}" --epochs 2 --out "$scratch/a" 2>"$scratch/a.log" || { cat "$scratch/a.log"; fail "training run a"; }
for f in model.cmdseq model-int8.cmdseq encoder.onnx decoder.onnx model_config.json train_log.csv curves.svg best.pt last.pt; do
    [ -s "$scratch/a/$f" ] || fail "training wrote no $f"
done
[ "$(wc -l < "$scratch/a/train_log.csv")" -eq 3 ] || fail "train_log.csv should hold a header and 2 epochs"
grep -q "valid exact" "$scratch/a.log" || fail "no per-epoch report on stderr"
"$cmdseq" info --model "$scratch/a/model-int8.cmdseq" | grep -q "int8" || fail "cmdseq cannot read the int8 model"
"$cmdseq" --model "$scratch/a/model.cmdseq" "show disk usage" >/dev/null || fail "cmdseq cannot translate with the trained model"

"$train" train "${small[@]}" --epochs 2 --out "$scratch/b" 2>/dev/null || fail "training run b"
# rarer words out of the vocabulary, read as the core reads them: a smaller source vocabulary
"$train" train "${small[@]}" --epochs 1 --min_count 4 --rare_words match --out "$scratch/e" 2>"$scratch/e.log" || { cat "$scratch/e.log"; fail "--min_count/--rare_words"; }
vocab_a=$(sed -n 's/.*vocab \([0-9]*\) source.*/\1/p' "$scratch/a.log") vocab_e=$(sed -n 's/.*vocab \([0-9]*\) source.*/\1/p' "$scratch/e.log")
[ -n "$vocab_e" ] && [ "$vocab_e" -lt "$vocab_a" ] || fail "--min_count 4 should shrink the source vocabulary ($vocab_a -> $vocab_e)"
"$cmdseq" info --model "$scratch/e/model.cmdseq" | grep -q '"min_count":4,"preset":"standard","rare_words":"match"' || fail "metadata lacks min_count/rare_words"
status=0; "$train" train "${small[@]}" --rare_words sometimes --out "$scratch/f" 2>"$scratch/f.log" || status=$?
[ "$status" -ne 0 ] && grep -q "\-\-rare_words must be unk or match, got 'sometimes'" "$scratch/f.log" || fail "a bad --rare_words: exit $status, $(cat "$scratch/f.log")"
cmp -s "$scratch/a/model.cmdseq" "$scratch/b/model.cmdseq" || fail "the same seed gave different models"

"$train" train "${small[@]}" --epochs 2 --stop_after 1 --out "$scratch/c" 2>/dev/null || fail "training run c"
[ ! -e "$scratch/c/model-int8.cmdseq" ] || fail "a stopped run must not write final models"
"$train" train "${small[@]}" --epochs 2 --resume --out "$scratch/c" 2>"$scratch/c.log" || { cat "$scratch/c.log"; fail "resume"; }
grep -q "resuming after epoch 1" "$scratch/c.log" || fail "resume did not say where it goes on from"
cmp -s "$scratch/a/model.cmdseq" "$scratch/c/model.cmdseq" || fail "stop + resume gave a different model than one run"

# SIGINT mid-training: exit status 130 and a checkpoint to resume from
"$train" train "${small[@]}" --limit 6000 --epochs 50 --out "$scratch/d" 2>"$scratch/d.log" &
pid=$!
for _ in $(seq 100); do grep -q "epoch 1/50" "$scratch/d.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
kill -INT $pid
status=0; wait $pid || status=$?
[ "$status" -eq 130 ] || fail "Ctrl-C should exit with 130, got $status"
grep -q "interrupted: saving" "$scratch/d.log" || fail "Ctrl-C did not say it saved"
"$train" train "${small[@]}" --limit 6000 --epochs 50 --stop_after 1 --resume --out "$scratch/d" 2>"$scratch/d2.log" || fail "resume after Ctrl-C"
grep -q "resuming after epoch" "$scratch/d2.log" || fail "no resume after Ctrl-C"
# word vectors as the request words' start: the words found are named, the metadata records them,
# and vectors of another size are refused by name
{ echo "5 16"; for w in the to of in zzzunseen; do printf '%s' "$w"; for i in $(seq 16); do printf ' 0.%d' $(( (i * ${#w}) % 9 + 1 )); done; echo; done; } > "$scratch/v16.vec"
"$train" train "${small[@]}" --epochs 1 --vectors "$scratch/v16.vec" --out "$scratch/g" 2>"$scratch/g.log" || { cat "$scratch/g.log"; fail "--vectors"; }
grep -q "word vectors: 4 of [0-9]* request words start from $scratch/v16.vec" "$scratch/g.log" || fail "--vectors should start 4 words: $(grep 'word vectors' "$scratch/g.log")"
"$cmdseq" info --model "$scratch/g/model.cmdseq" | grep -q '"vectors":{"file":"v16.vec","words":4}' || fail "metadata lacks the vectors"
sed -i '1s/.*/5 8/' "$scratch/v16.vec"
status=0; "$train" train "${small[@]}" --epochs 1 --vectors "$scratch/v16.vec" --out "$scratch/h" 2>"$scratch/h.log" || status=$?
[ "$status" -ne 0 ] && grep -q "the vectors have 8 dimensions, the embedding 16" "$scratch/h.log" || fail "vectors of another size: exit $status, $(cat "$scratch/h.log")"
echo "training: outputs, determinism, stop+resume, Ctrl-C and word vectors all as expected"
