#!/usr/bin/env bash
# The desktop studio end to end:
#   - options: --help, a bad option (exit 2), a model file that is not there (exit 1)
#   - exports without a window: heatmap PNG and trace JSON against the CLI's --explain
#   - a screenshot under Xvfb: the heatmap has one cell per (step, request token)
#     and is not blank, and the command is the CLI's (check_screenshot.cpp)
#
#   check_studio.sh CMDSEQ_STUDIO CMDSEQ CHECK_SCREENSHOT SCRATCH_DIR
set -euo pipefail
studio=$1 cmdseq=$2 check=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$studio" --help | grep -q -- "--screenshot PNG" || fail "--help does not list --screenshot"
status=0; "$studio" --frobnicate 2>"$scratch/err" || status=$?
[ "$status" -eq 2 ] && grep -q "unknown option '--frobnicate'" "$scratch/err" || fail "a bad option: exit $status, $(cat "$scratch/err")"
status=0; "$studio" --model "$scratch/missing.cmdseq" --export-json "$scratch/x.json" 2>"$scratch/err" || status=$?
[ "$status" -eq 1 ] && grep -q "cannot open" "$scratch/err" || fail "a missing model: exit $status, $(cat "$scratch/err")"
printf 'CMDSEQ\x1a\nnot a model' > "$scratch/bad.cmdseq"
status=0; "$studio" --model "$scratch/bad.cmdseq" --export-json "$scratch/x.json" 2>"$scratch/err" || status=$?
[ "$status" -eq 1 ] && [ -s "$scratch/err" ] && [ ! -e "$scratch/x.json" ] || fail "a malformed model: exit $status, $(cat "$scratch/err")"

for request in "show disk usage" "copy zqxwv.txt to /opt/blorp" "ping 10.41.7.3 five times"; do
    "$cmdseq" --json --explain --top 10 "$request" > "$scratch/cli.json"
    "$studio" --request "$request" --export-png "$scratch/heatmap.png" --export-json "$scratch/trace.json" >/dev/null
    "$check" --exports "$scratch/heatmap.png" "$scratch/trace.json" "$scratch/cli.json" || fail "exports for '$request'"
done

request="show disk usage"
"$cmdseq" --json --explain --top 10 "$request" > "$scratch/cli.json"
xvfb-run -a -s "-screen 0 1400x900x24" "$studio" --request "$request" --screenshot "$scratch/studio.png" > "$scratch/layout.json" \
    || fail "the studio did not render under Xvfb"
"$check" "$scratch/studio.png" "$scratch/layout.json" "$scratch/cli.json" || fail "screenshot for '$request'"
echo "studio: options, exports and the screenshot as expected (screenshot: $scratch/studio.png)"
