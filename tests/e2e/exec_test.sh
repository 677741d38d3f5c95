#!/usr/bin/env bash
# End to end: `--exec` reads a Python algorithm by running its Initialize
# against trainsim's stand-in of LEAN. Where the static reader has no warning
# both readings agree (`extract --compare`, every Python fixture and LEAN's own
# Python algorithms when ../shared/lean is there); what it cannot read
# (parameters, files, computed lists, helpers, branches) the run reads exactly;
# a missing module, an exception, an endless loop and a megabyte of output
# each give the documented result in bounded time. Skips without python3.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
cd "$src" || exit 1
. tests/e2e/check_helpers.sh
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
fx=tests/fixtures/algorithms

# --- agreement wherever the static reading has no warning
compare() {  # compare FILE: 0 when the readings agree or the static reading warns
  local f=$1 out=$tmp/compare.json
  "$bin" extract --algorithm "$f" --compare --format json >"$out" 2>"$tmp/compare.err"
  local s=$?
  if [ "$s" = 2 ]; then
    # Both readings may refuse a file: a syntax error the static reader refuses
    # too, or an Initialize that needs what only a real run has (a parameter)
    # where the static reading warns.
    "$bin" extract --algorithm "$f" >/dev/null 2>"$tmp/static.err"
    local st=$?
    [ "$st" = 2 ] && return 0
    [ -s "$tmp/static.err" ] && return 0
  fi
  [ "$s" = 0 ] || [ "$s" = 1 ] || { echo "compare $f exited $s: $(head -c 600 "$tmp/compare.err")"; return 1; }
  python3 - "$out" "$s" "$f" <<'PY'
import json, sys
d, status, f = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
assert (status == 0) == (not d["differences"]), (status, d["differences"])
if not d["static-warnings"] and "static-error" not in d:
    assert not d["differences"], (f, d["differences"])
    assert d["static"]["events"] or d["static"].get("securities"), f  # something was read
PY
}
n=0
for f in $fx/*.py configs/workspace/MLAlgorithm; do
  check "--compare agrees on $f" compare "$f"
  n=$((n + 1))
done
lean=../shared/lean
if [ -d "$lean" ]; then
  # LEAN's own Python algorithms that the unit tests read too.
  for f in $(grep -ohE 'Algorithm\.Python/[A-Za-z0-9_]+\.py' lib/algorithm/*_test.cpp tests/e2e/*.sh 2>/dev/null | sort -u); do
    [ -f "$lean/$f" ] && { check "--compare agrees on LEAN's $f" compare "$lean/$f"; n=$((n + 1)); }
  done
fi
check "compared at least the 6 fixtures" test "$n" -ge 6

# The static reader warns on this one and runs it exactly with --exec: same report as the extract.
ws=configs/workspace/MLAlgorithm
"$bin" extract --algorithm "$ws" --exec >"$tmp/ws.json" 2>"$tmp/ws.err"
check "extract --exec prints the static reader's block" python3 - "$tmp/ws.json" <<'PY'
import json, sys
sim = json.load(open(sys.argv[1]))["simulation"]
assert [s["security"] for s in sim["securities"]] == ["Equity-usa-SPY", "Equity-usa-QQQ", "Equity-usa-TLT", "Equity-usa-GLD"]
assert sim["time-zone"] == "America/New_York" and sim["start"] == "2024-01-01"
assert [e.get("name") for e in sim["events"]] == ["initial_training", "train_model", "rebalance"], sim["events"]
assert sim["events"][2]["source"].endswith("main.py:34"), sim["events"][2]
PY
"$bin" run --algorithm "$ws" --exec --report "$tmp/exec.json" -q 2>/dev/null
s1=$?
"$bin" run --algorithm "$ws" --report "$tmp/static.json" -q 2>/dev/null
s2=$?
check "run --exec exits as run does ($s1, $s2)" test "$s1" = "$s2"
check "run --exec gives the static run's report" python3 "$(dirname "$0")/same_run.py" "$tmp/exec.json" "$tmp/static.json"
for cmd in validate calendar; do
  check "$cmd --exec" bash -c '"$1" $2 --algorithm "$3" --exec >/dev/null 2>&1' _ "$bin" "$cmd" "$ws"
done

# --- what only running reads
d=$fx/exec/dynamic
"$bin" extract --algorithm "$d" --exec >"$tmp/dyn.json" 2>"$tmp/dyn.err"
check "extract --exec on the dynamic algorithm exits 0" test $? = 0
check "dynamic: parameters, file, computed list, helper, branch" python3 - "$tmp/dyn.json" <<'PY'
import json, sys
sim = json.load(open(sys.argv[1]))["simulation"]
secs = [(s["security"], s["resolution"]) for s in sim["securities"]]
assert secs == [("Equity-usa-AAPL", "minute"), ("Equity-usa-MSFT", "minute"), ("Equity-usa-TLT", "hour"),
                ("Equity-usa-GLD", "hour"), ("Equity-usa-SMH", "minute"), ("Equity-usa-XLE", "minute"),
                ("Equity-usa-XLK", "minute"), ("Equity-usa-SPY", "minute")], secs
ev = sim["events"]
assert [(e["name"], e["training"]) for e in ev] == [("retrain", True), ("rebalance", False)], ev
assert ev[0]["date-rule"] == 'DateRules.EveryDay("SPY")' and ev[0]["time-rule"] == 'TimeRules.BeforeMarketOpen("SPY", 45)', ev[0]
assert ev[1]["time-rule"] == 'TimeRules.AfterMarketOpen("SPY", 15)', ev[1]   # config.json's "delay"
assert ev[0]["source"].endswith("dynamic/main.py:34") and ev[1]["source"].endswith("dynamic/main.py:36"), ev
assert sim["securities"][0]["source"].endswith("dynamic/main.py:20"), sim["securities"][0]
PY
check "dynamic: the static reading would have missed it, said once" \
  test "$(grep -c 'static reading would have missed: .*Equity-usa-AAPL' "$tmp/dyn.err")" = 1
"$bin" extract --algorithm "$d" --exec --parameter schedule weekly --parameter tickers QQQ >"$tmp/dyn2.json" 2>/dev/null
check "--parameter overrides config.json and takes the branch" python3 - "$tmp/dyn2.json" <<'PY'
import json, sys
sim = json.load(open(sys.argv[1]))["simulation"]
assert sim["securities"][0]["security"] == "Equity-usa-QQQ", sim["securities"]
assert sim["events"][0]["date-rule"] == 'DateRules.WeekStart("SPY")' and sim["events"][0]["time-rule"] == "TimeRules.At(7, 30)"
PY
# As `lean backtest PROJECT --parameter NAME VALUE` takes them: the project positional, the parameters after it.
"$bin" extract "$d" --exec --parameter schedule weekly --parameter tickers QQQ >"$tmp/dyn3.json" 2>/dev/null
check "PROJECT --parameter NAME VALUE reads as --algorithm PROJECT" cmp -s "$tmp/dyn2.json" "$tmp/dyn3.json"
"$bin" extract --algorithm "$d" --compare --format text >"$tmp/cmp.txt" 2>/dev/null
check "--compare exits 1 where the readings differ" test $? = 1
check "--compare text marks the subscription the static reading missed" grep -qE '^! securities\[0\] .*\| Equity-usa-AAPL minute' "$tmp/cmp.txt"

# --- bounded, documented failures
t0=$(date +%s)
"$bin" extract --algorithm $fx/exec/torch_model --exec >"$tmp/torch.json" 2>"$tmp/torch.err"
check "a missing torch is replaced by a no-op module (exit 0)" test $? = 0
check "... with a note naming the import's line" grep -q "torch_model/main.py:2: module \`torch\` is not installed" "$tmp/torch.err"
check "... and still reads the subscription and the training" python3 -c "
import json; sim = json.load(open('$tmp/torch.json'))['simulation']
assert sim['securities'][0]['security'] == 'Crypto-coinbase-BTCUSD' and sim['events'][0]['name'] == 'fit'"

"$bin" extract --algorithm $fx/exec/raises --exec >/dev/null 2>"$tmp/raises.err"
check "an exception in Initialize exits 2" test $? = 2
check "... at the traceback's innermost line in the algorithm" grep -q "raises/main.py:12: Initialize raised KeyError: 'SPY'" "$tmp/raises.err"
check "... with its output shown" grep -q "reading the universe" "$tmp/raises.err"
check "... and the traceback" grep -q "in _ticker" "$tmp/raises.err"

s0=$(date +%s)
# 4 s: long enough for Python to start and print on a loaded machine (1.5 s was not).
"$bin" extract --algorithm $fx/exec/endless --exec --exec-timeout 4 >/dev/null 2>"$tmp/endless.err"
check "an endless Initialize exits 2" test $? = 2
check "... within the limit" test $(($(date +%s) - s0)) -le 15
check "... saying so, with its output" grep -q "did not finish within 4 s" "$tmp/endless.err"
check "... its output shown" grep -q "waiting for a model server" "$tmp/endless.err"

"$bin" extract --algorithm $fx/exec/chatty --exec >"$tmp/chatty.json" 2>"$tmp/chatty.err"
check "a megabyte of output does not block the run (exit 0)" test $? = 0
check "... and is not shown when Initialize succeeds" test "$(wc -c <"$tmp/chatty.err")" -lt 20000
check "... the reading is complete" grep -q "Equity-usa-SPY" "$tmp/chatty.json"
check "the failure cases all ran in bounded time" test $(($(date +%s) - t0)) -le 30

# --- usage
"$bin" extract --algorithm $fx/exec/dynamic --exec --python /nonexistent/python3 >/dev/null 2>"$tmp/nopy.err"
check "no python: exit 2" test $? = 2
check "no python: names --exec and how to install Python" grep -q -- "--exec cannot run /nonexistent/python3 .*apt install python3" "$tmp/nopy.err"
"$bin" extract --algorithm ${ws}CSharp/Main.cs --exec >/dev/null 2>"$tmp/cs.err"
check "--exec on C#: exit 2 with a clear message" grep -q "runs Python algorithms" "$tmp/cs.err"
"$bin" validate --config configs/quickstart.json --exec >/dev/null 2>"$tmp/noalg.err"
check "--exec without --algorithm: exit 2" grep -q "give --algorithm" "$tmp/noalg.err"

echo "$checks checks, $failures failures"
[ "$failures" = 0 ]
