#!/usr/bin/env bash
# `run --explain` on the real binary and the sample configs: the quickstart's
# story (what drew the bucket, that it never refilled, the step that died,
# what the advised capacity does on a re-run), a completed backtest's closest
# call, a live run's thread and readiness, an algorithm read from a project;
# the same sentences as the JSON report's "explanation" (schema-checked),
# none without --explain, and --explain refused with --trials.
#
# Usage: bash explain_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: explain_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: explain_test.sh <trainsim> <source-dir>}" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
# shellcheck source=check_helpers.sh
source "$SRC/tests/e2e/check_helpers.sh"
cd "$SRC" || exit 1

# The explain block: its first line and the indented lines after it; and the output without it.
story() { awk '/^explain:  /{on=1; print; next} on && /^          /{print; next} {on=0}' "$1"; }
without_story() { awk '/^explain:  /{on=1; next} on && /^          /{next} {on=0; print}' "$1"; }

# --- the quickstart: fails in week 3 of a fast backtest
"$BIN" run --config configs/quickstart.json --explain --report "$tmp/q.json" >"$tmp/q.out" 2>"$tmp/q.err"
check "quickstart --explain exits 1" test $? = 1
story "$tmp/q.out" >"$tmp/q.story"
check "the story follows the summary" grep -qE '^explain:  LEAN lets every scheduled event run the first minute of its time step free' "$tmp/q.story"
check "what drew the bucket down, per event" has "$tmp/q.story" "It was drawn down by 'weekly', 76 minutes over 3 runs (at most 30 minutes, Mon 2024-01-08 09:31) and 'initial', 44 minutes in one run (Mon 2024-01-01 00:00); 120 minutes in all."
check "it never refilled, and why" has "$tmp/q.story" "It never refilled: the bucket adds 18 every 24 wall hours; the refill follows the wall clock of the machine running the backtest, not the dates it simulates, and this backtest ran 14 trading days in 2.1 wall hours before it failed"
check "the step that died: scheduled and fired" has "$tmp/q.story" "It died in 'weekly', scheduled Sun 2024-01-21 08:00, which fired Mon 2024-01-22 09:31 at the first timeslice after it: it found 17 minutes in the bucket, drew all of them, and 18 minutes in, the bucket refused its next minute"
check "LEAN's rule in one sentence" has "$tmp/q.story" "LEAN's rule: a scheduled event may run past its free first minute only by drawing each further minute from the bucket, and the algorithm stops as soon as the bucket refuses one, whatever the loop maximum (10 minutes)."
cap=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["advice"]["capacity"])' "$tmp/q.json")
capn=$(python3 -c "print(f'{int(\"$cap\"):,}')")
check "what the advised capacity ($cap) does, re-run" grep -qE "; or for this draw, a capacity of $capn \(refill held at 18\) starts the bucket [0-9,]+ minutes fuller for the same draws: re-run, it completes, [0-9.]+ wall hours long" "$tmp/q.story"
ocap=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["advice"]["odds"]["capacity"]; print(format(c, ","))' "$tmp/q.json")
check "random durations: the odds' capacity ($ocap) first" has "$tmp/q.story" "What the advice changes (each found by re-running the whole run): for the odds, a capacity of $ocap, which keeps P(fail) at most 5.00% over 2,000 trials of the random durations; or for this draw,"
check "no six-decimal minutes in the story" bash -c "! grep -qE '[0-9]\.[0-9]{3,}' '$tmp/q.story'"
# The same sentences in the JSON report, in order.
check "the report's explanation is the printed story" python3 - "$tmp/q.json" "$tmp/q.story" <<'PY'
import json, sys
said = json.load(open(sys.argv[1]))["explanation"]
lines = [l[10:].rstrip("\n") for l in open(sys.argv[2])]
assert said == lines, (said, lines)
assert len(said) == 4, said
PY
# Without --explain: no story, no key.
"$BIN" run --config configs/quickstart.json --report "$tmp/plain.json" >"$tmp/plain.out" 2>/dev/null
check "no story without --explain" bash -c "! grep -q '^explain:' '$tmp/plain.out'"
check "no explanation key without --explain" python3 -c 'import json,sys; assert "explanation" not in json.load(open(sys.argv[1]))' "$tmp/plain.json"
without_story "$tmp/q.out" >"$tmp/q.rest"
check "the rest of the output is the plain summary" cmp -s "$tmp/q.rest" "$tmp/plain.out"

# --- --format json: the explanation array on stdout
"$BIN" run --config configs/quickstart.json --explain --format json >"$tmp/fj.json" 2>/dev/null
check "--format json --explain: an explanation array" python3 - "$tmp/fj.json" "$tmp/q.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["explanation"] == b["explanation"], (a["explanation"], b["explanation"])
PY

# --- the schedule advice: train-at-open's refit completes when moved to the weekend
"$BIN" run --config configs/train-at-open.json --explain >"$tmp/open.out" 2>/dev/null
check "the schedule the advice found, in the story" has "$tmp/open.out" "or 'open-refit' scheduled by date-rule DateRules.Every(DayOfWeek.Saturday) instead, which completes when re-run."
check "... and in the advice lines" has "$tmp/open.out" "moving 'open-refit' to the weekend (date-rule DateRules.Every(DayOfWeek.Saturday)) lets the run complete."

# --- --html: a section of the run page, only with --explain
"$BIN" run --config configs/quickstart.json --explain --html "$tmp/q.html" >/dev/null 2>&1
"$BIN" run --config configs/quickstart.json --html "$tmp/plain.html" >/dev/null 2>&1
check "the run page tells the same story" python3 - "$tmp/q.html" "$tmp/q.json" "$tmp/plain.html" <<'PY'
import html, json, re, sys
page = open(sys.argv[1]).read()
said = json.load(open(sys.argv[2]))["explanation"]
m = re.search(r'<h2>What happened</h2><div class="explanation">(.*?)</div>', page, re.S)
assert m, "no 'What happened' section"
paras = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", m.group(1), re.S)]
assert paras == said, (paras, said)
assert "What happened" not in open(sys.argv[3]).read(), "a story on the page without --explain"
PY

# --- a completed backtest: how close it came
"$BIN" run --config configs/tuned-quotas.json --explain >"$tmp/t.out" 2>/dev/null
check "tuned-quotas completes" test $? = 0
check "the closest call, with its event and when" grep -qE "It completed; its closest call left 109 minutes of 5,200 minutes in the bucket, when 'weekly', fired Mon 2024-12-30 10:00, had drawn its [0-9]+ minutes, 3\.[0-9] wall days into the run: 110 minutes more drawn there would have stopped it\." "$tmp/t.out"
check "a completed run's refill, on the wall clock" has "$tmp/t.out" "It refilled 54 minutes in all (18 every 24 wall hours): the refill follows the wall clock of the machine running the backtest, not the dates it simulates, and this backtest ran 502 trading days in 3.6 wall days."
check "a completed run has no death and no advice" bash -c "! grep -qE 'It died|What the advice changes' '$tmp/t.out'"

# --- live: training on its own thread, readiness
"$BIN" run --config configs/live-paper.json --explain --report "$tmp/live.json" >"$tmp/live.out" 2>/dev/null
check "live-paper completes" test $? = 0
check "live: its own thread" has "$tmp/live.out" "Live, LEAN runs training on its scheduling thread beside the data: a training does not hold up the time step and never fails on the loop maximum"
check "live: readiness, as the model line says" has "$tmp/live.out" "Here it was not ready for 10.2 market hours in all (at most 15 minutes at a stretch), and 615 timeslices arrived while it trained."
check "live: the refill since deployment" has "$tmp/live.out" "The bucket refills on the clock since deployment (live, wall time is the market's), 18 every 24 hours: over the run's 60 days it refilled 618 minutes."

# --- an algorithm read from a Lean CLI project
"$BIN" run --algorithm configs/workspace/MLAlgorithm --explain >"$tmp/ws.out" 2>/dev/null
check "the workspace project's story names its methods' events" grep -qE "^explain:  .*It was drawn down by '" "$tmp/ws.out"

# --- one run's story only
"$BIN" run --config configs/quickstart.json --explain --trials 10 >"$tmp/tr.out" 2>"$tmp/tr.err"
check "--explain with --trials: exit 2" test $? = 2
check "--explain with --trials: said why" grep -qE -- "--explain.*excludes.*--trials|--trials.*excludes.*--explain" "$tmp/tr.err"

[ "$failures" = 0 ] || { echo "$failures of $checks checks failed"; exit 1; }
echo "explain e2e: ok ($checks checks)"
