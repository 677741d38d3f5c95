#!/usr/bin/env bash
# The failure-probability gate for CI: `run --trials N --max-failure-probability P`
# exits 0 when the 95% interval's upper bound is at most P, 1 when its lower
# bound is above P, 3 when the interval straddles P; `merge` of the trial
# shards gives the same status; a config with nothing random passes or fails
# outright; a bad P, or P on a shard run, is bad input (2).
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
odds="$root/configs/odds-uniform.json"  # P(fail) = 0.5 by hand
n=400
gate() {  # gate WANT P: run and merge both exit WANT
  local want=$1 p=$2 s
  "$bin" run --config "$odds" --trials "$n" --jobs 2 --max-failure-probability "$p" >"$tmp/run-$p.txt" 2>/dev/null; s=$?
  check "run --max-failure-probability $p exits $want (got $s)" test "$s" = "$want"
  "$bin" merge "$tmp/s1.csv" "$tmp/s2.csv" --out "$tmp/m.json" --max-failure-probability "$p" >"$tmp/merge-$p.txt" 2>/dev/null; s=$?
  check "merge --max-failure-probability $p exits $want (got $s)" test "$s" = "$want"
}
"$bin" run --config "$odds" --trials "$n" --shard 1/2 --out "$tmp/s1.csv" -q 2>/dev/null || echo "FAIL shard 1"
"$bin" run --config "$odds" --trials "$n" --shard 2/2 --out "$tmp/s2.csv" -q 2>/dev/null || echo "FAIL shard 2"
"$bin" run --config "$odds" --trials "$n" --report "$tmp/r.json" -q 2>/dev/null
read -r low high < <(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['trials']; print(t['failure-probability-low'], t['failure-probability-high'])" "$tmp/r.json")
# The interval around 0.5 decides which P gives which status.
check "the interval straddles 0.5 ($low .. $high)" python3 -c "assert $low < 0.5 < $high"
gate 0 0.9
gate 1 0.1
gate 3 0.5
gate 0 "$(python3 -c "print($high + 0.000001)")"   # just above the (rounded) upper bound: pass
check "the pass line" has "$tmp/run-0.9.txt" "-> pass (exit 0)"
check "the fail line" has "$tmp/run-0.1.txt" "-> fail (exit 1)"
check "the undecided line says what to do" has "$tmp/run-0.5.txt" "undecided (exit 3): run more trials"
check "merge prints the gate" has "$tmp/merge-0.5.txt" "undecided (exit 3)"

# Nothing random: one outcome, pass or fail outright.
fixed="$root/tests/fixtures/quotas/cloud-backtest.json"
"$bin" run --config "$fixed" --quota B4-12 --trials 50 --max-failure-probability 0.01 >"$tmp/fx.txt" 2>/dev/null; s=$?
check "a completing fixed run passes (got $s)" test "$s" = 0
"$bin" run --config "$fixed" --quota B-MICRO --trials 50 --max-failure-probability 0.99 >/dev/null 2>&1; s=$?
check "a failing fixed run fails (got $s)" test "$s" = 1

# Bad input.
for bad in 0 1 1.5 -0.1; do
  "$bin" run --config "$odds" --trials 10 --max-failure-probability "$bad" >/dev/null 2>&1; s=$?
  check "P=$bad is bad input (got $s)" test "$s" = 2
done
"$bin" run --config "$odds" --trials 10 --shard 1/2 --out "$tmp/x.csv" --max-failure-probability 0.05 >/dev/null 2>&1; s=$?
check "a shard run cannot gate (got $s)" test "$s" = 2
# Without --trials, P asks for the advice at that failure probability; the exit is the plain run's.
"$bin" run --config "$odds" >/dev/null 2>&1; plain=$?
"$bin" run --config "$odds" --max-failure-probability 0.05 >"$tmp/advice.txt" 2>/dev/null; s=$?
check "without --trials, P does not gate: the plain run's exit $plain (got $s)" test "$s" = "$plain"
check "without --trials, P gives the advice for it" grep -q "^advice:   for P(fail) <= 5.00%" "$tmp/advice.txt"
"$bin" --help >/dev/null
"$bin" run --help >"$tmp/help.txt"
check "run --help lists exit 3" grep -q "^ *3  with --max-failure-probability" "$tmp/help.txt"
echo "$checks checks, $failures failures"
[ "$failures" = 0 ]
