#!/usr/bin/env bash
# Quota presets through the real binary: `trainsim quotas` lists every preset;
# `validate` shows each preset's values with the preset as their source, and
# explicit keys over it; an unknown name is an error; the Cloud advice names
# the smallest node that completes, checked against runs at each node, and
# never advises a key a Cloud user cannot set; `sweep --grid quota=...` agrees
# with the runs; a Lean CLI project's `trainsim.quota` applies.
set -u
bin="$1"; root="$2"
. "$root/tests/e2e/check_helpers.sh"
fix="$root/tests/fixtures/quotas/cloud-backtest.json"

# 1. The list: every preset with its figures and source, as text and JSON.
"$bin" quotas >"$tmp/q.txt" || { echo "FAIL quotas exit $?"; exit 1; }
while read -r name cap refill loop; do
  check "quotas lists $name $cap/$refill loop $loop" grep -Eq "^$name +[A-Za-z ]+ +$cap +$refill +1440 +$loop +[A-Z]" "$tmp/q.txt"
  # 2. validate: the preset's values, each from the preset.
  "$bin" validate --config "$fix" --quota "$name" >"$tmp/v.txt" 2>/dev/null || echo "FAIL validate --quota $name"
  check "validate $name capacity" grep -Eq "^  scheduled-event-leaky-bucket-capacity +$cap +\(preset $name\)" "$tmp/v.txt"
  check "validate $name refill" grep -Eq "^  scheduled-event-leaky-bucket-refill-amount +$refill +\(preset $name\)" "$tmp/v.txt"
  check "validate $name interval" grep -Eq "^  scheduled-event-leaky-bucket-time-interval-minutes +1440 +\(preset $name\)" "$tmp/v.txt"
  check "validate $name loop maximum" grep -Eq "^  algorithm-manager-time-loop-maximum +$loop +\(preset $name\)" "$tmp/v.txt"
  check "validate $name names the preset" has "$tmp/v.txt" "quota preset: $name"
done <<'LIST'
lean-local 120 18 20
docs 120 18 10
B-MICRO 20 1 10
B2-8 30 5 10
B4-12 60 10 10
B8-16 90 15 10
L-MICRO 30 5 10
L1-1 60 10 10
L1-2 90 15 10
L1-4 120 20 10
O2-8 30 5 10
O4-12 60 10 10
O8-16 90 15 10
LIST
"$bin" quotas --format json >"$tmp/q.json"
check "quotas --format json: 13 presets" python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==13 and d[2]['name']=='B-MICRO' and d[2]['scheduled-event-leaky-bucket-capacity']==20" "$tmp/q.json"

# simulation.quota in the file, a key set explicitly over it, and --quota in any case.
python3 - "$fix" "$tmp/in-file.json" <<'PY'
import json, re, sys
text = re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M)
c = json.loads(text)
c["simulation"]["quota"] = "L1-2"
c["scheduled-event-leaky-bucket-capacity"] = 45
json.dump(c, open(sys.argv[2], "w"))
PY
"$bin" validate --config "$tmp/in-file.json" >"$tmp/f.txt" 2>"$tmp/f.err"
check "simulation.quota named in the file" has "$tmp/f.txt" "quota preset: L1-2 (Cloud live"
check "explicit key over the preset" grep -Eq "capacity +45 +\(file, over preset L1-2\)" "$tmp/f.txt"
check "the preset's refill under it" grep -Eq "refill-amount +15 +\(preset L1-2\)" "$tmp/f.txt"
check "a note for the key over the preset" has "$tmp/f.err" "overrides the quota preset L1-2"
"$bin" validate --config "$fix" --quota b-micro >"$tmp/lc.txt" 2>/dev/null
check "--quota ignores case" has "$tmp/lc.txt" "quota preset: B-MICRO"

# Unknown names: exit 2, before anything runs, with the nearest preset.
sed 's/"L1-2"/"B-MICR"/' "$tmp/in-file.json" >"$tmp/bad.json"
"$bin" run --config "$tmp/bad.json" >/dev/null 2>"$tmp/bad.err"; s=$?
check "unknown simulation.quota exits 2 (got $s)" test "$s" = 2
check "unknown preset names the key" has "$tmp/bad.err" "simulation.quota: unknown quota preset \"B-MICR\""
check "unknown preset suggests" has "$tmp/bad.err" "did you mean 'B-MICRO'"
"$bin" run --config "$fix" --quota B16-32 >/dev/null 2>&1; s=$?
check "unknown --quota exits 2 (got $s)" test "$s" = 2

# 3. Cloud advice: the smallest backtest node that completes, from runs at each node.
expected=""
for node in B-MICRO B2-8 B4-12 B8-16; do
  "$bin" run --config "$fix" --quota "$node" -q; s=$?
  if [ "$s" = 0 ] && [ -z "$expected" ]; then expected=$node; fi
  echo "$node,$s" >>"$tmp/by-node.txt"
done
check "the fixture fails on B-MICRO and some node completes (got '$expected')" test -n "$expected" -a "$expected" != B-MICRO
"$bin" run --config "$fix" --quota B-MICRO >"$tmp/a.txt" 2>/dev/null; s=$?
check "B-MICRO run exits 1 (got $s)" test "$s" = 1
check "advice names the smallest node ($expected)" has "$tmp/a.txt" "the smallest Cloud backtest node that completes is $expected"
check "advice says how to select it" has "$tmp/a.txt" "--quota $expected"
check "advice gives the local figure" has "$tmp/a.txt" "on local LEAN"
check "Cloud advice advises no bucket key" bash -c "! grep -Eq 'refill-amount [0-9]+ \(now|capacity [0-9]+ \(now' '$tmp/a.txt'"
"$bin" run --config "$fix" --quota lean-local -q; s=$?
check "the local claim (LEAN's defaults complete) holds (exit $s)" test "$s" = 0
# A config that fails on every backtest node: the advice says so and gives the local capacity, which completes.
"$bin" run --config "$fix" --quota B2-8 --set 'simulation.training[0].duration=150m' >"$tmp/none.txt" 2>/dev/null
check "no node completes" has "$tmp/none.txt" "no larger Cloud backtest node completes"
cap=$(sed -n 's/.*on local LEAN (loop maximum 20 minutes), scheduled-event-leaky-bucket-capacity \([0-9]*\) completes.*/\1/p' "$tmp/none.txt")
check "a local capacity is given" test -n "$cap"
if [ -n "$cap" ]; then
  "$bin" run --config "$fix" --quota lean-local --set "scheduled-event-leaky-bucket-capacity=$cap" \
    --set "scheduled-event-leaky-bucket-refill-amount=$(((cap + 6) / 7))" --set 'simulation.training[0].duration=150m' -q 2>/dev/null
  check "the local capacity $cap completes" test $? = 0
  "$bin" run --config "$fix" --quota lean-local --set "scheduled-event-leaky-bucket-capacity=$((cap - 1))" \
    --set "scheduled-event-leaky-bucket-refill-amount=$(((cap + 5) / 7))" --set 'simulation.training[0].duration=150m' -q 2>/dev/null
  check "one less than $cap fails" test $? = 1
fi

check "the summary names the preset" has "$tmp/a.txt" "quota:    preset B-MICRO (Cloud backtest)"
check "a fixed-duration run has no odds line" bash -c "! grep -q '^odds:' '$tmp/a.txt'"
"$bin" run --config "$root/configs/quickstart.json" >"$tmp/rand.txt" 2>/dev/null
check "a random run says its verdict is one draw" has "$tmp/rand.txt" "odds:     durations are random: this verdict is one draw; the advice's first line is for P(fail) <= 5.00%"
"$bin" run --config "$root/configs/quickstart.json" --one-draw >"$tmp/rand1.txt" 2>/dev/null
check "and with --one-draw, how to get the odds" has "$tmp/rand1.txt" "--trials 2000"

# 4. A node axis: the sweep agrees with the runs at each node.
"$bin" sweep --config "$fix" --grid quota=B-MICRO,B2-8,B4-12,B8-16 --out "$tmp/s.csv" --html "$tmp/s.html" >/dev/null 2>&1
check "sweep --grid quota: header" grep -q '^simulation.quota,outcome' "$tmp/s.csv"
while IFS=, read -r node s; do
  want=completed; [ "$s" = 0 ] || want=failed
  check "sweep row $node is $want" grep -q "^$node,$want," "$tmp/s.csv"
done <"$tmp/by-node.txt"
check "sweep page has the node axis" has "$tmp/s.html" "simulation.quota"

# 5. A Lean CLI project's config.json `trainsim.quota`.
cp -r "$root/configs/workspace" "$tmp/ws"
python3 - "$tmp/ws" <<'PY'
import json, re, sys
ws = sys.argv[1]
lean = re.sub(r'^\s*//.*$', '', open(ws + "/lean.json").read(), flags=re.M)
lean = json.loads(lean)
for k in list(lean):
    if k.startswith("scheduled-event-leaky-bucket") or k == "algorithm-manager-time-loop-maximum":
        del lean[k]
json.dump(lean, open(ws + "/lean.json", "w"))
p = json.load(open(ws + "/MLAlgorithm/config.json"))
p["trainsim"]["quota"] = "B8-16"
json.dump(p, open(ws + "/MLAlgorithm/config.json", "w"))
PY
"$bin" validate --algorithm "$tmp/ws/MLAlgorithm" >"$tmp/w.txt" 2>/dev/null
check "project trainsim.quota applies" grep -Eq "capacity +90 +\(preset B8-16\)" "$tmp/w.txt"
check "project trainsim.quota source listed" grep -Eq "^  quota +project .*config.json \(trainsim\)" "$tmp/w.txt"

echo "$checks checks, $failures failures"
[ "$failures" = 0 ]
