#!/usr/bin/env bash
# The Lean CLI's way of naming a project, end to end: `trainsim run "My
# Project"` from the workspace root or any folder in it, no argument inside a
# project folder (nested too), main.py / Main.cs as the argument; what a
# --config replaces of the algorithm's declarations said aloud (run and
# validate); a typo's warning naming the file it is in, shown by every command
# that stops on it; a `methods` entry naming no method of the algorithm
# refused with "did you mean" (a plain config's left alone).
#
# Usage: bash project_args_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: project_args_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: project_args_test.sh <trainsim> <source-dir>}" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-project-args.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=expect_helpers.sh
source "$SRC/tests/e2e/expect_helpers.sh"

# A Lean CLI workspace whose project has a space in its name.
WS=$TMP/ws
cp -r "$SRC/configs/workspace" "$WS"
mv "$WS/MLAlgorithm" "$WS/Momentum Ridge"
mv "$WS/MLAlgorithmCSharp" "$WS/Momentum Ridge CSharp"
mkdir -p "$WS/Momentum Ridge/research/notes" "$WS/Other"
P="$WS/Momentum Ridge"
in_dir() { local d=$1; shift; pushd "$d" >/dev/null || exit 1; "$@"; popd >/dev/null || exit 1; }

# --- the positional project, from the workspace root
in_dir "$WS" run_cli root run "Momentum Ridge"
[ "$rc" -le 1 ] || { fail "run \"Momentum Ridge\": exit $rc"; cat "$TMP/root.err" >&2; }
grep -qF "algorithm: read from Momentum Ridge/main.py: 4 subscriptions" "$TMP/root.out" ||
  fail "run \"Momentum Ridge\" did not read Momentum Ridge/main.py: $(head -3 "$TMP/root.out")"
# The same run as --algorithm gives the same summary.
in_dir "$WS" run_cli flag run --algorithm "Momentum Ridge"
cmp -s "$TMP/root.out" "$TMP/flag.out" || fail "PROJECT and --algorithm PROJECT differ"
# From another folder of the workspace: the name is the workspace root's.
in_dir "$WS/Other" run_cli other run "Momentum Ridge"
grep -qF "algorithm: read from ../Momentum Ridge/main.py" "$TMP/other.out" ||
  fail "run \"Momentum Ridge\" from Other/: $(head -3 "$TMP/other.out") $(cat "$TMP/other.err")"
# The algorithm file itself, Python or C#.
in_dir "$WS" run_cli cs extract "Momentum Ridge CSharp/Main.cs" --format text
expect_rc 0
grep -qF "algorithm: Momentum Ridge CSharp/Main.cs (C#)" "$TMP/cs.out" || fail "extract \"Momentum Ridge CSharp/Main.cs\": $(head -2 "$TMP/cs.out")"
# Each project's config.json names its own language's methods: both run.
in_dir "$WS" run_cli csrun run "Momentum Ridge CSharp"
[ "$rc" -le 1 ] || { fail "run \"Momentum Ridge CSharp\": exit $rc"; cat "$TMP/csrun.err" >&2; }

# --- no argument inside a project folder, nested too
in_dir "$P/research/notes" run_cli nested run
[ "$rc" -le 1 ] || { fail "run in a nested folder: exit $rc"; cat "$TMP/nested.err" >&2; }
grep -qF "algorithm: read from ../../main.py: 4 subscriptions" "$TMP/nested.out" ||
  fail "run in Momentum Ridge/research/notes did not find the project: $(head -3 "$TMP/nested.out")"
in_dir "$P" run_cli here validate
expect_rc 0
grep -qF "simulation keys read from ./main.py" "$TMP/here.out" || fail "validate in the project folder: $(grep 'read from' "$TMP/here.out")"
# Every command that reads a config takes the project.
for c in calendar extract validate; do
  in_dir "$WS" run_cli "cmd-$c" "$c" "Momentum Ridge"
  expect_rc 0
done
in_dir "$WS" run_cli sweep sweep "Momentum Ridge" --grid scheduled-event-leaky-bucket-capacity=120,5000 --out "$TMP/s.csv"
expect_rc 0
in_dir "$WS" run_cli tune tune "Momentum Ridge" --minimize scheduled-event-leaky-bucket-capacity --range 1:100000
[ "$rc" -le 1 ] || fail "tune \"Momentum Ridge\": exit $rc: $(cat "$TMP/tune.err")"

# A PROJECT after a repeatable option stays the project.
in_dir "$WS" run_cli after run --set scheduled-event-leaky-bucket-capacity=100000 "Momentum Ridge"
expect_rc 0
grep -qF "algorithm: read from Momentum Ridge/main.py" "$TMP/after.out" || fail "run --set K=V \"Momentum Ridge\": $(cat "$TMP/after.err")"
in_dir "$WS" run_cli aftergrid sweep --grid scheduled-event-leaky-bucket-capacity=120,5000 "Momentum Ridge" --out "$TMP/s2.csv"
expect_rc 0

# --- what is not a project
in_dir "$WS" run_cli missing run "Momentum Rdge"
expect_rc 2
expect_err "Momentum Rdge: no such project folder or algorithm file in the current folder or in the Lean CLI workspace"
in_dir "$WS" run_cli two run "Momentum Ridge" --algorithm "Momentum Ridge/main.py"
expect_rc 2
expect_err "name two algorithms"
in_dir "$WS/Other" run_cli none run
expect_rc 2
expect_err "no project here"

# --- precedence said aloud: the quickstart config replaces the algorithm's securities, dates and events
in_dir "$WS" run_cli prec run "Momentum Ridge" --config "$SRC/configs/quickstart.json"
expect_rc 1
expect_err "note: config $SRC/configs/quickstart.json replaces the algorithm's securities, SPY, QQQ, TLT, GLD (Momentum Ridge/main.py:"
expect_err "), with SPY"
expect_err "replaces the algorithm's end \"2024-06-30\" (Momentum Ridge/main.py:"
expect_err ") with \"2024-12-31\""
expect_err "replaces the algorithm's 3 events (initial_training, train_model, rebalance) with its training, 2 events"
in_dir "$WS" run_cli precv validate "Momentum Ridge" --config "$SRC/configs/quickstart.json"
expect_rc 0
grep -qF "replaced by a config (the config wins):" "$TMP/precv.out" || fail "validate does not list what the config replaced"
grep -qF "replaces the algorithm's securities, SPY, QQQ, TLT, GLD" "$TMP/precv.out" || fail "validate: no securities note"
# Nothing replaced, nothing said.
in_dir "$WS" run_cli quiet run "Momentum Ridge"
expect_no_err "replaces the algorithm's"

# --- a typo in the project's config.json, named in that file, by every command
cp "$P/config.json" "$TMP/config.json.orig"
sed -i 's/"train_model": { "duration"/"train_model": { "duraton"/' "$P/config.json"
grep -q duraton "$P/config.json" || fail "the typo was not planted"
want="Momentum Ridge/config.json: trainsim.methods.train_model.duraton: unknown key, ignored; did you mean 'duration'?"
for c in run extract validate calendar; do
  in_dir "$WS" run_cli "typo-$c" "$c" "Momentum Ridge"
  expect_err "$want"
  expect_no_err "lean.json: simulation.methods.train_model.duraton"
done
in_dir "$WS" run_cli typo-sweep sweep "Momentum Ridge" --grid scheduled-event-leaky-bucket-capacity=120,5000 --out "$TMP/t.csv"
expect_rc 2
expect_err "$want"
in_dir "$WS" run_cli typo-tune tune "Momentum Ridge" --minimize scheduled-event-leaky-bucket-capacity --range 1:100000
expect_rc 2
expect_err "$want"
# run stops on the missing duration, and says why beside it.
in_dir "$WS" run_cli typo-run2 run "Momentum Ridge"
expect_rc 2
expect_err "train_model"
cp "$TMP/config.json.orig" "$P/config.json"

# --- a misspelt method name under `methods`: refused, with the method meant
sed -i 's/"train_model": {/"train_modle": {/' "$P/config.json"
in_dir "$WS" run_cli method run "Momentum Ridge"
expect_rc 2
expect_err "Momentum Ridge/config.json: trainsim.methods.train_modle: no event calls a method of this name, so its duration would be ignored; did you mean 'train_model'?"
# The other language's spelling of a called method is named as such.
cp "$TMP/config.json.orig" "$P/config.json"
sed -i 's/"rebalance": {/"TrainModel": { "duration": "1m" }, "rebalance": {/' "$P/config.json"
in_dir "$WS" run_cli otherlang run "Momentum Ridge"
expect_rc 2
expect_err "Momentum Ridge/config.json: trainsim.methods.TrainModel: no event calls a method of this name, so its duration would be ignored; did you mean 'train_model'? (the algorithm's spelling of it)"
# A name far from any: the methods the algorithm's events call are listed, by every command that reads it.
cp "$TMP/config.json.orig" "$P/config.json"
sed -i 's/"rebalance": {/"retrain_nightly": { "duration": "1m" }, "rebalance": {/' "$P/config.json"
for c in run validate extract; do
  in_dir "$WS" run_cli "far-$c" "$c" "Momentum Ridge"
  expect_rc 2
  expect_err "Momentum Ridge/config.json: trainsim.methods.retrain_nightly: no event calls a method of this name, so its duration would be ignored; the algorithm's events call 'initial_training', 'train_model', 'rebalance'"
done
# A config whose events replace the algorithm's: the algorithm's own methods are still its methods.
cp "$TMP/config.json.orig" "$P/config.json"
in_dir "$WS" run_cli replaced run "Momentum Ridge" --config "$SRC/configs/quickstart.json"
[ "$rc" -le 1 ] || { fail "run with the quickstart's events: exit $rc"; cat "$TMP/replaced.err" >&2; }
expect_no_err "no event calls a method"
# A plain config has no algorithm to check against: an entry far from every called method is left alone.
cat >"$TMP/plain.json" <<'JSON'
{ "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY", "resolution": "daily",
  "methods": { "fit": { "duration": "5m" }, "SomeOtherAlgorithmsMethod": { "duration": "9m" } },
  "training": [ { "name": "weekly", "method": "fit", "date-rule": "DateRules.EveryDay()", "time-rule": "TimeRules.At(10, 0)" } ] } }
JSON
run_cli plain run --config "$TMP/plain.json"
expect_rc 0
expect_no_err "no event calls a method"
# From --set too.
in_dir "$WS" run_cli setm run "Momentum Ridge" --set simulation.methods.rebalanse.duration=1s
expect_rc 2
expect_err "simulation.methods.rebalanse: no event calls a method of this name, so its duration would be ignored; did you mean 'rebalance'?"

[ "$failures" = 0 ] || exit 1
echo "project args e2e: ok"
