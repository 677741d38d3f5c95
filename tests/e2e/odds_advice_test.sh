#!/usr/bin/env bash
# Advice for a failure probability: with random durations, `run
# --max-failure-probability P` gives the capacity whose P(fail) has a 95 %
# upper bound <= P over 2,000 trials with common random numbers — tune's
# answer, by the same machinery — and labels the single-draw advice as one
# draw. The advised capacity, rerun with 10,000 trials, fails at most P within
# its interval, and one less misses the target over the advice's trials.
# Unasked, a run of up to about five years gets the advice for 5 %;
# --one-draw skips it. A config with nothing random gets no odds advice; P
# with --trial K, or outside (0, 1), is bad input.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
cd "$root"
q=configs/quickstart.json
cap=scheduled-event-leaky-bucket-capacity
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }

"$bin" run --config "$q" --max-failure-probability 0.05 --report "$tmp/r.json" >"$tmp/r.txt" 2>/dev/null; s=$?
check "the verdict is still the plain run's (exit $s)" test "$s" = 1
x="$(field "$tmp/r.json" "j['advice']['odds']['capacity']")"
check "an advised capacity ($x)" test "$x" -gt 120
check "the summary's first advice line is for P" grep -qE "^advice:   for P\(fail\) <= 5\.00%: capacity $x completes in >= 95\.00% of runs \(2,000 trials, common random numbers: P\(fail\) [0-9.]+%, upper 95% bound [0-9.]+%\) with the refill following ceil\(capacity / 7\) = $(( (x + 6) / 7 )); --set $cap=$x\$" "$tmp/r.txt"
check "the single-draw advice is labelled" grep -qE "^          one draw: " "$tmp/r.txt"
check "the odds line says the verdict is one draw" has "$tmp/r.txt" "odds:     durations are random: this verdict is one draw; the advice's first line is for P(fail) <= 5.00% over 2000 trials"
check "the report's odds: target, trials, bound" python3 - "$tmp/r.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["advice"]["odds"]
sys.exit(0 if o["max-failure-probability"] == 0.05 and o["trials"] == 2000 and o["failure-probability-high"] <= 0.05
         and not o["configured-meets"] and o["line"].startswith("for P(fail)") else 1)
PY
# The same refill rule (the key unset: ceil(capacity / 7)) for one draw.
single="$(field "$tmp/r.json" "j['advice']['capacity-default-refill']")"
check "the single-draw figure ($single) is still there, below the odds one ($x)" test "$single" -lt "$x"

# tune's answer: the same search, the same trials.
"$bin" tune --config "$q" --minimize "$cap" --trials 2000 --max-failure-probability 0.05 --format json >"$tmp/tune.json" 2>/dev/null
check "tune agrees" test "$(field "$tmp/tune.json" "j['boundary']")" = "$x"

# The advised capacity over 10,000 trials fails at most P within its interval.
"$bin" run --config "$q" --set "$cap=$x" --trials 10000 --report "$tmp/x.json" -q 2>/dev/null
check "10,000 trials at $x: the interval's lower bound is <= 5%" python3 -c "
import json,sys; t=json.load(open('$tmp/x.json'))['trials']
print('  p_fail', t['failure-probability'], 'interval', t['failure-probability-low'], t['failure-probability-high'])
sys.exit(0 if t['failure-probability-low'] <= 0.05 else 1)"
"$bin" run --config "$q" --set "$cap=$((x - 1))" --trials 2000 --report "$tmp/x1.json" -q 2>/dev/null
check "one less ($((x - 1))) misses the target over 2,000 trials" python3 -c "
import json,sys; t=json.load(open('$tmp/x1.json'))['trials']; sys.exit(0 if t['failure-probability-high'] > 0.05 else 1)"

# A Cloud preset: the smallest node of its kind that meets P, tried smallest
# first. The fixture's 40-minute initial training made uniform on 10..40
# minutes: B-MICRO (20-minute bucket) fails about 2 runs in 3.
fix=tests/fixtures/quotas/cloud-backtest.json
rnd=(--set 'simulation.training[0].duration={"uniform": {"min": "10m", "max": "40m"}}')
"$bin" run --config "$fix" --quota B-MICRO "${rnd[@]}" --max-failure-probability 0.05 --report "$tmp/node.json" \
  >"$tmp/node.txt" 2>/dev/null
node="$(field "$tmp/node.json" "j['advice']['odds']['node']")"
check "a node is advised ($node), not a key" grep -qE "^advice:   for P\(fail\) <= 5\.00%: the smallest Cloud backtest node that meets it is $node: it completes in >= 95\.00% of runs .*; --quota $node \(B-MICRO P\(fail\) " "$tmp/node.txt"
check "the odds advice sets no key on the Cloud" bash -c '! grep -q "^advice:   for P.*--set" "$0"' "$tmp/node.txt"
"$bin" run --config "$fix" --quota "$node" "${rnd[@]}" --trials 10000 --report "$tmp/node10k.json" -q 2>/dev/null
check "10,000 trials on $node: the lower bound is <= 5%" python3 -c "
import json,sys; t=json.load(open('$tmp/node10k.json'))['trials']; sys.exit(0 if t['failure-probability-low'] <= 0.05 else 1)"
smaller="$(python3 -c "
nodes = ['B-MICRO', 'B2-8', 'B4-12', 'B8-16']; i = nodes.index('$node'); print(nodes[i - 1] if i else '')")"
if [ -n "$smaller" ]; then
  "$bin" run --config "$fix" --quota "$smaller" "${rnd[@]}" --trials 2000 --report "$tmp/smaller.json" -q 2>/dev/null
  check "the node below ($smaller) misses 5% over 2,000 trials" python3 -c "
import json,sys; t=json.load(open('$tmp/smaller.json'))['trials']; sys.exit(0 if t['failure-probability-high'] > 0.05 else 1)"
fi

# Nothing random: the verdict is exact, no odds advice.
"$bin" run --config tests/fixtures/quotas/cloud-backtest.json --quota B-MICRO --max-failure-probability 0.05 \
  --report "$tmp/fixed.json" >"$tmp/fixed.txt" 2>/dev/null
check "nothing random: no odds advice" test "$(field "$tmp/fixed.json" "j['advice']['odds']")" = None
check "nothing random: the node advice stands unlabelled" grep -q "^          the smallest" "$tmp/fixed.txt"

# Without the option, a one-year run gets the same advice for 5 % unasked
# (the same report), and says how to set P or skip the trials.
"$bin" run --config "$q" --report "$tmp/default.json" >"$tmp/default.txt" 2>/dev/null
check "unasked, the first advice line is for P(fail) <= 5%" grep -qE "^advice:   for P\(fail\) <= 5\.00%: capacity $x completes" "$tmp/default.txt"
check "unasked, the summary names both options" has "$tmp/default.txt" "(--max-failure-probability P sets P, --one-draw skips the trials)"
check "unasked, the report's odds are those asked for 5%" python3 - "$tmp/r.json" "$tmp/default.json" <<'PY'
import json, sys
a, b = (json.load(open(f))["advice"] for f in sys.argv[1:])
sys.exit(0 if a == b else 1)
PY
# --one-draw: the plain advice, and how to ask for the odds one.
"$bin" run --config "$q" --one-draw --report "$tmp/plain.json" >"$tmp/plain.txt" 2>/dev/null
check "--one-draw: the summary says how to get the advice for P" has "$tmp/plain.txt" "add --max-failure-probability 0.05"
check "--one-draw: no odds advice, nothing labelled one draw" bash -c '! grep -qE "^advice:   for P|one draw: " "$0"' "$tmp/plain.txt"
check "--one-draw: the report has no odds" python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))['advice']['odds'] is not None)" "$tmp/plain.json"
"$bin" run --config "$q" --one-draw --max-failure-probability 0.05 >/dev/null 2>&1; s=$?
check "--one-draw with P: exit 2 (got $s)" test "$s" = 2
# A run longer than about five years (quickstart over 2014-2024) gets no
# trials unasked, and says so.
"$bin" run --config "$q" --set simulation.start=2014-01-01 >"$tmp/long.txt" 2>/dev/null
check "a long run: no odds advice unasked" bash -c '! grep -q "^advice:   for P" "$0"' "$tmp/long.txt"
check "a long run: says why and how to ask" has "$tmp/long.txt" "this verdict (and its advice) is one draw (a run this long gets no odds advice unasked)"

# A sweep with trials counts its points by p_fail (odds-uniform: capacity 19
# always fails, 39 never does, those between sometimes), the plain run apart.
"$bin" sweep --config configs/odds-uniform.json --grid "$cap=19:39:5" --trials 200 --out "$tmp/sweep.csv" >"$tmp/sweep.txt" 2>/dev/null
check "the sweep summary counts by p_fail" grep -qE "^sweep: 5 points, by p_fail over 200 trials each: 1 never failed, 3 failed in some trials, 1 failed in all \(one draw, the plain run: [0-9] completed, [0-9] failed\); wrote $tmp/sweep.csv\$" "$tmp/sweep.txt"

# Bad input.
"$bin" run --config "$q" --trial 3 --max-failure-probability 0.05 >/dev/null 2>&1; s=$?
check "--trial K with P: exit 2 (got $s)" test "$s" = 2
"$bin" run --config "$q" --max-failure-probability 1.5 >/dev/null 2>&1; s=$?
check "P outside (0, 1): exit 2 (got $s)" test "$s" = 2

echo "odds advice: $checks checks, $failures failures"
[ "$failures" -eq 0 ]
