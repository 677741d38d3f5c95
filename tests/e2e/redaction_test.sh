#!/usr/bin/env bash
# No secrets: a Lean CLI workspace whose lean.json holds credentials (API
# token, brokerage password, account id, in the root and in an environment)
# is run through every command and every output format; the planted values
# never appear on stdout, stderr or in any file written, and `extract` shows
# each as "<redacted>" with one note.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
secret="PLANTED-SECRET-7f3a"
cp -r "$root/configs/workspace" "$tmp/ws"
python3 - "$tmp/ws/lean.json" "$secret" <<'PY'
import json, re, sys
path, secret = sys.argv[1], sys.argv[2]
c = json.loads(re.sub(r'^\s*//.*$', '', open(path).read(), flags=re.M))
c["api-access-token"] = secret + "-token"
c["job-user-id"] = secret + "-user"
c["ib-password"] = secret + "-password"
c["alpaca-api-secret"] = secret + "-alpaca"
c["environments"]["live-paper"]["ib-account"] = secret + "-account"
json.dump(c, open(path, "w"), indent=2)
PY
alg=(--algorithm "$tmp/ws/MLAlgorithm")
out="$tmp/out"; mkdir -p "$out"
n=0
run() {  # run <command...>: stdout and stderr kept under $out
  n=$((n + 1))
  "$bin" "$@" >"$out/$n.stdout" 2>"$out/$n.stderr"
}
q=(--set scheduled-event-leaky-bucket-capacity=300)
run run "${alg[@]}"
run run "${alg[@]}" --format json
run run "${alg[@]}" --report "$out/r.json" --timeline "$out/t.csv" --html "$out/r.html"
run run "${alg[@]}" --set environment=live-paper --report "$out/live.json" --html "$out/live.html"
run run "${alg[@]}" "${q[@]}" --trials 20 --report "$out/odds.json" --html "$out/odds.html"
run run "${alg[@]}" "${q[@]}" --trials 20 --shard 1/2 --out "$out/s1.csv"
run run "${alg[@]}" "${q[@]}" --trials 20 --shard 2/2 --out "$out/s2.csv"
run merge "$out/s1.csv" "$out/s2.csv" --out "$out/merged.json" --html "$out/merged.html"
run validate "${alg[@]}"
run validate "${alg[@]}" --set environment=live-paper
run calendar "${alg[@]}"
run calendar "${alg[@]}" --events --format json
run sweep "${alg[@]}" --grid scheduled-event-leaky-bucket-capacity=100,300 --out "$out/sweep.csv" --html "$out/sweep.html"
run tune "${alg[@]}" --minimize scheduled-event-leaky-bucket-capacity --range 100:2000 --html "$out/tune.html"
run tune "${alg[@]}" --minimize scheduled-event-leaky-bucket-capacity --range 100:2000 --format json
run extract "${alg[@]}"
cp "$out/$n.stdout" "$tmp/extract.json"
run extract "${alg[@]}" --format text
run extract "${alg[@]}" --set environment=live-paper
run diff "$out/r.json" "$out/live.json"
# --config on the workspace's lean.json itself.
run validate --config "$tmp/ws/lean.json"

check "$n commands ran and wrote files" test "$(ls "$out" | wc -l)" -gt 40
leaks=$(grep -rl -- "$secret" "$out" || true)
check "no planted secret in any output (found in: $leaks)" test -z "$leaks"
check "extract shows <redacted>" grep -q '"api-access-token": "<redacted>"' "$tmp/extract.json"
check "extract keeps other keys" grep -q '"algorithm-manager-time-loop-maximum": 10' "$tmp/extract.json"
notes=$(grep -c 'shown as "<redacted>"' "$out/16.stderr")
check "one redaction note (got $notes)" test "$notes" = 1
# The redacted config still runs as the original does.
"$bin" run --config "$tmp/extract.json" -q 2>/dev/null; a=$?
"$bin" run "${alg[@]}" -q 2>/dev/null; b=$?
check "the redacted extract runs as the algorithm does ($a vs $b)" test "$a" = "$b"
echo "$checks checks, $failures failures"
[ "$failures" = 0 ]
