#!/usr/bin/env bash
# A short fuzz run as a test:
#   run_fuzz.sh FUZZER WORKDIR SECONDS [libFuzzer flags...] -- SEED...
# SEEDs are corpus folders (read, never written) or single files (linked into
# WORKDIR/seeds/). New inputs go to a fresh WORKDIR/corpus/; a crash, leak,
# timeout or out-of-memory input is kept in WORKDIR/crashes/ and printed, and
# the run fails.
set -euo pipefail
fuzzer=$1 work=$2 seconds=$3
shift 3
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
[ $# -gt 0 ] && shift

rm -rf "$work/corpus" "$work/seeds"
mkdir -p "$work/corpus" "$work/seeds" "$work/crashes"
dirs=()
for seed in "$@"; do
    if [ -d "$seed" ]; then dirs+=("$seed")
    else ln -s "$(realpath "$seed")" "$work/seeds/"; fi
done
[ -n "$(ls -A "$work/seeds")" ] && dirs+=("$work/seeds")

stamp="$work/started"
touch "$stamp"
echo "\$ $fuzzer -max_total_time=$seconds ${flags[*]} -artifact_prefix=$work/crashes/ $work/corpus ${dirs[*]}"
rc=0
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 "${flags[@]}" \
    -artifact_prefix="$work/crashes/" "$work/corpus" "${dirs[@]}" || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "run_fuzz: $(basename "$fuzzer") failed (exit $rc)"
    found=0
    while IFS= read -r -d '' f; do
        found=1
        echo "run_fuzz: input kept at $f ($(stat -c %s "$f") bytes); reproduce with: $fuzzer $f"
        od -A d -t x1z -v "$f" | head -n 16
    done < <(find "$work/crashes" -type f -newer "$stamp" -print0)
    [ "$found" -eq 1 ] || echo "run_fuzz: no input was written (see the output above)"
    exit 1
fi
echo "run_fuzz: $(basename "$fuzzer"): no crash in ${seconds} s; $(ls "$work/corpus" | wc -l) new inputs in $work/corpus"
