#!/usr/bin/env bash
# End to end: trainsim reading the user's algorithm (--algorithm, extract, a
# Lean CLI workspace). `extract` then `run --config` must give the report
# `run --algorithm` gives, byte for byte, in both languages; bad algorithm
# files exit 2 with one file:line:column message; the config's explicit keys
# and --set override what the file says.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

ws=configs/workspace/MLAlgorithm
for alg in "$ws" "${ws}CSharp/Main.cs"; do
  "$bin" extract --algorithm "$alg" >"$tmp/extracted.json" 2>"$tmp/extract.err" || fail "extract $alg exited $?"
  grep -q "using trainsim's bundled sample data" "$tmp/extract.err" || fail "$alg: no data-folder fallback warning"
  "$bin" run --algorithm "$alg" --report "$tmp/from-algorithm.json" -q 2>/dev/null
  s1=$?
  # Run the extracted config from elsewhere: its paths must not depend on the folder.
  (cd "$tmp" && "$bin" run --config extracted.json --report from-config.json -q)
  s2=$?
  [ "$s1" = "$s2" ] || fail "$alg: run --algorithm exited $s1, run --config on the extract $s2"
  [ "$s1" = 0 ] || [ "$s1" = 1 ] || fail "$alg: run --algorithm exited $s1"
  # The same run; where it came from (the algorithm file, the extracted config) differs.
  python3 "$(dirname "$0")/same_run.py" "$tmp/from-algorithm.json" "$tmp/from-config.json" || fail "$alg: the two reports differ"
  # What was read: four equities, three events in declaration order, trainings that ran.
  python3 - "$tmp/extracted.json" "$tmp/from-algorithm.json" "$alg" <<'PY' || fail "$alg: extracted config or report content"
import json, sys
cfg, rep, alg = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
sim = cfg["simulation"]
assert [s["security"] for s in sim["securities"]] == ["Equity-usa-SPY", "Equity-usa-QQQ", "Equity-usa-TLT", "Equity-usa-GLD"], sim["securities"]
assert (sim["start"], sim["end"]) == ("2024-01-01", "2024-06-30")
ev = sim["events"]
assert [e["training"] for e in ev] == [True, True, False], ev
assert ev[0]["when"] == "now" and "date-rule" in ev[1] and "SPY" in ev[2]["date-rule"], ev
src = "main.py" if alg.endswith("MLAlgorithm") else "Main.cs"
assert all(e["source"].split("/")[-1].startswith(src + ":") for e in ev), ev
assert sim["on-data"] == {"cost": "15ms"}
assert rep["training"]["sessions"] >= 2, rep["training"]
assert rep["trading-days"] > 20, rep["trading-days"]
PY
done

# The text form names the line of each item.
"$bin" extract --algorithm "$ws" --format text >"$tmp/text.out" 2>/dev/null || fail "extract --format text"
grep -q "Equity-usa-QQQ .*main.py:25" "$tmp/text.out" || fail "text extract lacks QQQ with main.py:25"
grep -q "rebalance .*scheduled .*main.py:34" "$tmp/text.out" || fail "text extract lacks rebalance with main.py:34"

# validate says where each simulation key came from.
"$bin" validate --algorithm "$ws" >"$tmp/validate.out" 2>/dev/null || fail "validate --algorithm exited $?"
grep -q "start .*algorithm .*main.py:13" "$tmp/validate.out" || fail "validate does not say start came from main.py:13"
grep -q "methods .*config.json (trainsim)" "$tmp/validate.out" || fail "validate does not say methods came from config.json"

# The config's explicit keys override the file; --set applies last.
cat >"$tmp/override.json" <<'JSON'
{ "simulation": { "end": "2024-02-29", "methods": { "rebalance": { "duration": "1s" } } } }
JSON
"$bin" extract --algorithm "$ws" --config "$tmp/override.json" --set simulation.start=2024-02-01 >"$tmp/o.json" 2>/dev/null ||
  fail "extract with --config and --set"
python3 - "$tmp/o.json" <<'PY' || fail "overrides not applied"
import json, sys
s = json.load(open(sys.argv[1]))["simulation"]
assert (s["start"], s["end"]) == ("2024-02-01", "2024-02-29"), (s["start"], s["end"])
assert s["methods"]["rebalance"] == {"duration": "1s"} and "train_model" in s["methods"], s["methods"]
PY

# Bad input: exit 2, one message naming the place.
expect_error() {  # expected-substring, then the trainsim arguments
  local want=$1
  shift
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  [ "$status" = 2 ] || fail "$*: exit $status, expected 2"
  grep -qF -- "$want" "$tmp/err" || fail "$*: stderr lacks '$want': $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] || fail "$*: wrote to stdout on bad input"
}
expect_error "no-such.py: no such file or folder" run --algorithm "$tmp/no-such.py"
echo "x" >"$tmp/algo.txt"
expect_error "algo.txt: not an algorithm file" run --algorithm "$tmp/algo.txt"
mkdir -p "$tmp/empty-project"
expect_error "a project folder must hold main.py or Main.cs" validate --algorithm "$tmp/empty-project"
printf 'class A(QCAlgorithm):\n    def on_data(self, data):\n        pass\n' >"$tmp/noinit.py"
expect_error "noinit.py:1:1: no \`def initialize(self)\` found" run --algorithm "$tmp/noinit.py"
printf 'class A(QCAlgorithm):\n    def initialize(self):\n        self.add_equity("SPY")\n        self.train(self.date_rules.every_day("SPY"), self.fit)\n' >"$tmp/train2.py"
expect_error "train2.py:4:19: train takes a method" calendar --algorithm "$tmp/train2.py"
printf 'public class A : QCAlgorithm {\n  public override void Initialize() {\n    AddEquity("SPY", Resolution.Weekly);\n  }\n}\n' >"$tmp/Bad.cs"
expect_error "Bad.cs:3:33: unknown Resolution.Weekly" sweep --algorithm "$tmp/Bad.cs" --grid scheduled-event-leaky-bucket-capacity=1,2 --out "$tmp/x.csv"
expect_error "no project here: give a project" run
# A training method without a duration cannot be simulated; extract and validate only note it.
expect_error "simulation.methods.training_method.duration" run --algorithm tests/fixtures/algorithms/training_example.py
"$bin" validate --algorithm tests/fixtures/algorithms/training_example.py >/dev/null 2>&1 || fail "validate without durations exited $?"

# Algorithms in shapes the reader was not written against run once given durations.
run_fixture() {  # file, then --set arguments
  local f=$1
  shift
  "$bin" run --algorithm "tests/fixtures/algorithms/$f" "$@" --report "$tmp/r.json" -q 2>"$tmp/err"
  local status=$?
  [ "$status" = 0 ] || [ "$status" = 1 ] || fail "$f: run exited $status: $(cat "$tmp/err")"
}
# What was read from each: subscriptions and events (declaration order), and the warnings.
read_counts() {  # file, securities, events, then a warning substring or ""
  "$bin" extract --algorithm "tests/fixtures/algorithms/$1" >"$tmp/x.json" 2>"$tmp/x.err" || fail "extract $1 exited $?"
  python3 -c "
import json, sys
s = json.load(open('$tmp/x.json'))['simulation']
n, m = len(s.get('securities', [])), len(s['events'])
sys.exit(0 if (n, m) == ($2, $3) else 'securities %d, events %d' % (n, m))" || fail "$1: expected $2 securities and $3 events"
  [ -z "$4" ] || grep -qF -- "$4" "$tmp/x.err" || fail "$1: no warning '$4'"
}
read_counts basic_template.py 1 0 ""
read_counts training_example.py 1 2 ""
read_counts scheduled_events.py 1 7 ""
read_counts ScheduledEventsAlgorithm.cs 1 5 ""
read_counts momentum_ml.py 4 2 ""
read_counts CryptoRetrainAlgorithm.cs 3 2 ""
read_counts pascal_case_legacy.py 2 2 ""
# SetWarmUp is read as simulation.warm-up: a period, or bars at a resolution.
grep -q '"warm-up": "30d"' <("$bin" extract --algorithm tests/fixtures/algorithms/momentum_ml.py 2>/dev/null) ||
  fail "momentum_ml.py: set_warm_up(timedelta(days=30)) not read as warm-up 30d"
"$bin" extract --algorithm tests/fixtures/algorithms/pascal_case_legacy.py 2>/dev/null |
  python3 -c "import json,sys; w=json.load(sys.stdin)['simulation']['warm-up']; sys.exit(0 if w == {'bars': 20, 'resolution': 'daily'} else w)" ||
  fail "pascal_case_legacy.py: SetWarmUp(20, Resolution.Daily) not read as 20 daily bars"
grep -q '"daily-precise-end-time": false' <("$bin" extract --algorithm tests/fixtures/algorithms/momentum_ml.py 2>/dev/null) ||
  fail "momentum_ml.py: Settings.daily_precise_end_time not read"

run_fixture basic_template.py
run_fixture training_example.py --set simulation.methods.training_method.duration=20m
run_fixture pascal_case_legacy.py --set simulation.methods.TrainModel.duration=20m
run_fixture momentum_ml.py --set 'simulation.events[0].duration=20m'
run_fixture CryptoRetrainAlgorithm.cs --set simulation.methods.Retrain.duration=5m
run_fixture scheduled_events.py
run_fixture ScheduledEventsAlgorithm.cs

# A file that calls Train where no training could be read is refused by
# `run`, naming the call; extract says so in its summary.
expect_error "train_not_reached.py: calls Train (tests/fixtures/algorithms/train_not_reached.py:13)" \
  run --algorithm tests/fixtures/algorithms/train_not_reached.py
"$bin" extract --algorithm tests/fixtures/algorithms/train_not_reached.py --format text 2>/dev/null | tail -1 |
  grep -qF "read from tests/fixtures/algorithms/train_not_reached.py: 1 subscription, 0 scheduled events (0 trainings); not read exactly (see the warnings): line 13; Train calls not simulated: tests/fixtures/algorithms/train_not_reached.py:13" ||
  fail "extract --format text does not end with the summary of what was read"
# Train in a scheduled callback (the retrain-on-degradation pattern) is
# simulated as a training started after each `check`; the condition's
# probability is the default 1, said, or the one the config sets, said too.
"$bin" run --algorithm tests/fixtures/algorithms/retrain_on_degradation.py --set simulation.methods.refit.duration=1m \
  --report "$tmp/rt.json" >"$tmp/rt.out" 2>"$tmp/rt.err"
[ $? = 0 ] || fail "retrain_on_degradation.py: run exited non-zero: $(cat "$tmp/rt.err")"
grep -qF "retrain_on_degradation.py:16:13: train(refit) in \`check\` (called by event \`check\`) runs under a condition trainsim cannot decide: modelled as called after every completed occurrence of \`check\` (probability 1, the default)" "$tmp/rt.err" ||
  fail "retrain_on_degradation.py: the default probability is not said"
grep -q "^algorithm: read from tests/fixtures/algorithms/retrain_on_degradation.py: 1 subscription, 1 scheduled event (0 trainings), 1 training started at run time" "$tmp/rt.out" ||
  fail "retrain_on_degradation.py: run summary lacks the run-time training: $(head -3 "$tmp/rt.out")"
python3 -c "
import json, sys
r = json.load(open('$tmp/rt.json'))
calls = r['training']['runtime-calls']
# One call after each of the 21 trading days' check (January 2024), all made with probability 1.
sys.exit(0 if calls == 21 and r['training']['sessions'] == 21 else 'runtime-calls %s, sessions %s' % (calls, r['training']['sessions']))" ||
  fail "retrain_on_degradation.py: expected 21 run-time calls and sessions"
"$bin" run --algorithm tests/fixtures/algorithms/retrain_on_degradation.py --set simulation.methods.refit.duration=1m \
  --set 'simulation.events[1].when.probability=0.2' --report "$tmp/rt2.json" -q 2>"$tmp/rt2.err"
grep -qF "note: simulated with simulation.events[1].when.probability = 0.2, as the config sets it" "$tmp/rt2.err" ||
  fail "retrain_on_degradation.py: the probability set is not said: $(cat "$tmp/rt2.err")"
python3 -c "
import json, sys
r = json.load(open('$tmp/rt2.json'))
sys.exit(0 if 0 < r['training']['sessions'] < 21 else 'sessions %s' % r['training']['sessions'])" ||
  fail "retrain_on_degradation.py: probability 0.2 did not thin the run-time trainings"
# GetParameter branches follow the project's config.json `parameters`, and
# --parameter overrides them as `lean backtest --parameter` does.
"$bin" extract --algorithm tests/fixtures/algorithms/parameter_branches.py --parameter retrain-mode daily \
  --parameter ticker TLT --parameter extra-check yes 2>/dev/null | python3 -c "
import json, sys
s = json.load(sys.stdin)['simulation']
got = ([x['security'] for x in s['securities']], [(e['name'], e.get('date-rule'), e.get('time-rule')) for e in s['events']])
want = (['Equity-usa-TLT'], [('fit', 'self.date_rules.every_day()', 'self.time_rules.at(9, 30)'),
                             ('check', 'self.date_rules.every_day()', 'self.time_rules.at(12, 0)')])
sys.exit(0 if got == want else got)" || fail "parameter_branches.py: --parameter does not decide the branches"
# The run summary's header says what was read.
"$bin" run --algorithm tests/fixtures/algorithms/CryptoRetrainAlgorithm.cs --set simulation.methods.Retrain.duration=5m 2>/dev/null |
  grep -q "^algorithm: read from tests/fixtures/algorithms/CryptoRetrainAlgorithm.cs: 3 subscriptions, 2 scheduled events (1 training)" ||
  fail "run summary lacks what was read from the algorithm"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$tmp" ||
  failures=$((failures + 1))
[ "$failures" = 0 ] || exit 1
echo "algorithm e2e: ok"
