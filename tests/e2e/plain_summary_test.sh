#!/usr/bin/env bash
# `run`'s summary as a person reads it, on the quickstart: spans rounded
# (the JSON report keeps them exact), the failing training's scheduled and
# fired instants, LEAN's message with a plain `why:`, the bucket that never
# refilled; colour on a terminal (a pty, from `script`), off with NO_COLOR,
# --color never, or a pipe.
#
# Usage: bash plain_summary_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: plain_summary_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: plain_summary_test.sh <trainsim> <source-dir>}" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
# shellcheck source=check_helpers.sh
source "$SRC/tests/e2e/check_helpers.sh"
cd "$SRC" || exit 1

"$BIN" run --config configs/quickstart.json --report "$tmp/q.json" >"$tmp/q.out" 2>"$tmp/q.err"
check "quickstart exits 1" test $? = 1
out=$tmp/q.out
# Rounded for people; the report keeps what was computed.
wall=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wall-minutes"])' "$tmp/q.json")
check "the JSON keeps the exact wall minutes ($wall)" python3 -c "import sys; w=float(sys.argv[1]); assert w != round(w, 1) and 120 < w < 132" "$wall"
hours=$(python3 -c "print(('%.1f' % ($wall / 60)).removesuffix('.0'))")
check "run line in wall hours" grep -qE "^run: +5,072 timeslices over 14 trading days, about $hours wall hours$" "$out"
check "outcome: LEAN's instant, then how far into the run" grep -qF "outcome:  FAILED at 2024-01-21T08:00:00-05:00 during 'weekly', $hours wall hours into the run" "$out"
check "no six-decimal minutes" bash -c "! grep -qE '[0-9]\.[0-9]{3,}' '$out'"
check "scheduled and fired" grep -qxF "when:     'weekly', scheduled Sun 2024-01-21 08:00, fired Mon 2024-01-22 09:31 at the first timeslice after it" "$out"
"$BIN" run --config configs/quickstart.json --one-draw --html "$tmp/q.html" >/dev/null 2>&1
check "the page says when it fired and was scheduled, too" grep -qF "<p class=\"when\">&#39;weekly&#39;, scheduled Sun 2024-01-21 08:00, fired Mon 2024-01-22 09:31 at the first timeslice after it.</p>" "$tmp/q.html"
check "LEAN's message kept" grep -qF "Runtime Error: Algorithm took longer than 10 minutes on a single time loop." "$out"
check "why in plain words" grep -qF "why:      a time step may take 10 minutes; a training (Train) runs longer only by drawing each further minute from the training bucket, and 'weekly' needed a minute when the bucket was empty" "$out"
check "the bucket never refilled" grep -qF "the bucket never refilled: it adds 18 every 24 wall hours and the run failed after $hours wall hours, so all of its training had one bucketful (120 minutes" "$out"
check "training minutes to 0.1, and in hours" grep -qE "^training: 4 sessions, 12[0-9](\.[0-9])? minutes \(2\.[0-9] hours\)$" "$out"
# A live run lasting weeks of wall time reads in days.
"$BIN" run --config configs/live-paper.json >"$tmp/live.out" 2>/dev/null
check "live run in wall days" grep -qF "about 60 wall days" "$tmp/live.out"
check "a run longer than the interval says nothing of never refilling" bash -c "! grep -q 'never refilled' '$tmp/live.out'"

# Colour: only on a terminal.
check "no colour into a file" bash -c "! grep -q $'\033\\[' '$out' '$tmp/q.err'"
if command -v script >/dev/null; then
  script -qec "'$BIN' run --config configs/quickstart.json" /dev/null >"$tmp/pty.out" 2>&1
  check "the verdict in red on a terminal" grep -qF $'outcome:  \033[1;31mFAILED\033[0m' "$tmp/pty.out"
  script -qec "'$BIN' run --config configs/odds-uniform.json" /dev/null >"$tmp/pty-warn.out" 2>&1
  check "a warning in yellow on a terminal" grep -qF $'trainsim: \033[1;33mwarning:\033[0m' "$tmp/pty-warn.out"
  NO_COLOR=1 script -qec "'$BIN' run --config configs/quickstart.json" /dev/null >"$tmp/pty-nc.out" 2>&1
  check "NO_COLOR turns it off" bash -c "! grep -q $'\033\\[1' '$tmp/pty-nc.out'"
  script -qec "'$BIN' run --config configs/quickstart.json --color never" /dev/null >"$tmp/pty-never.out" 2>&1
  check "--color never turns it off" bash -c "! grep -q $'\033\\[1' '$tmp/pty-never.out'"
  check "--color never: the verdict is still there" grep -qF "outcome:  FAILED at" "$tmp/pty-never.out"
else
  echo "skipping the terminal checks: no script(1)"
fi
"$BIN" run --config configs/quickstart.json --color always >"$tmp/always.out" 2>/dev/null
check "--color always paints into a pipe" grep -qF $'\033[1;31mFAILED' "$tmp/always.out"

[ "$failures" = 0 ] || { echo "$failures of $checks checks failed"; exit 1; }
echo "plain summary e2e: ok ($checks checks)"
