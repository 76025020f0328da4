#!/usr/bin/env bash
# The shipped models (models/): values the model never saw reach the command
# verbatim, int8 agrees with fp32 on the held-out test split, and accuracy has
# not fallen below what models/README.md reports (minus half a point).
#
#   check_shipped.sh MODELS_DIR TEST_SPLIT [EMULATOR...] CMDSEQ
set -euo pipefail
models=$1 test_split=$2
shift 2
cmdseq=("$@")  # a cross build runs cmdseq through its emulator (qemu-user)
fail=0

expect() {  # model request expected-command
    local got
    got=$("${cmdseq[@]}" --model "$1" "$2")
    if [ "$got" != "$3" ]; then
        echo "FAIL: $(basename "$1"): \"$2\" gave \`$got\`, expected \`$3\`" >&2
        fail=1
    fi
}
for m in standard.cmdseq standard-int8.cmdseq tiny-int8.cmdseq; do
    expect "$models/$m" "ping 10.41.7.3 five times" "ping -c 5 10.41.7.3"
    expect "$models/$m" "copy zqxwv.txt to /opt/blorp" "cp zqxwv.txt /opt/blorp"
    expect "$models/$m" "show the last 30 lines of /var/log/frobnicate.log" "tail -n 30 /var/log/frobnicate.log"
    expect "$models/$m" "restart the quuxd service" "sudo systemctl restart quuxd"
done
[ $fail -eq 0 ] && echo "unseen values pass through verbatim with every shipped model"

# floors: the card's figures minus half a point (models/floors.txt), and how
# often int8 prints fp32's command
floor() { sed -n "s/^$1-floor: //p" "$models/floors.txt"; }
"${cmdseq[@]}" eval "$test_split" --model "$models/standard.cmdseq" --compare "$models/standard-int8.cmdseq" \
    --min-agreement "$(floor standard-int8-agreement)" --min-exact "$(floor standard-exact)" >/dev/null || fail=1
"${cmdseq[@]}" eval "$test_split" --model "$models/tiny-int8.cmdseq" \
    --min-exact "$(floor tiny-int8-exact)" >/dev/null || fail=1
[ $fail -eq 0 ] && echo "int8 agrees with fp32 and accuracy is at or above the recorded floors, on the test split"
exit $fail
