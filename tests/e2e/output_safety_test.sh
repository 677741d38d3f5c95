#!/usr/bin/env bash
# End-to-end tests of issue 19, through the real binary: nothing the user owns
# is damaged. An output never names an input nor another output; outputs are
# committed together or not at all; every write, stdout included, is checked;
# a replaced file keeps its mode, read-only and hard-linked files are refused;
# deep JSON in diff's reports and merge's shards is refused, not a crash; a
# hostile input size is refused.
#
# Usage: bash output_safety_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: output_safety_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: output_safety_test.sh <trainsim> <source-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-outputs.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# shellcheck source=expect_helpers.sh
source "$(dirname "$0")/expect_helpers.sh"
same() { cmp -s "$1" "$2" || fail "$3: $1 was changed"; }
no_temporaries() { ! ls -A "$1" | grep -q '\.tmp\.' || fail "$2: temporaries left in $1: $(ls -A "$1" | grep '\.tmp\.')"; }

mkdir -p "$TMP/w"
cat >"$TMP/w/c.json" <<'JSON'
{ "simulation": { "start": "2024-01-02", "end": "2024-01-05",
  "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                { "name": "daily", "date-rule": "EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "20m" } ] } }
JSON
cp "$TMP/w/c.json" "$TMP/c.orig"

# 1. An output never replaces an input: the algorithm, the config, by any spelling.
cp -r "$SRC/configs/workspace" "$TMP/ws"
cp "$TMP/ws/MLAlgorithm/main.py" "$TMP/main.orig"
run_cli onto_algorithm run --algorithm "$TMP/ws/MLAlgorithm/main.py" --report "$TMP/ws/MLAlgorithm/main.py"
expect_rc 2
expect_err "--report: $TMP/ws/MLAlgorithm/main.py: is also an input of this command ($TMP/ws/MLAlgorithm/main.py)"
same "$TMP/ws/MLAlgorithm/main.py" "$TMP/main.orig" onto_algorithm
run_cli onto_lean_json run --algorithm "$TMP/ws/MLAlgorithm" --html "$TMP/ws/lean.json"
expect_rc 2
expect_err "is also an input"
run_cli onto_config run --config "$TMP/w/c.json" --timeline "$TMP/w/./c.json"
expect_rc 2
expect_err "--timeline"
expect_err "is also an input of this command ($TMP/w/c.json)"
same "$TMP/w/c.json" "$TMP/c.orig" onto_config
ln -s c.json "$TMP/w/alias.json"
run_cli sweep_onto_config sweep --config "$TMP/w/c.json" --grid scheduled-event-leaky-bucket-capacity=100,200 --out "$TMP/w/alias.json"
expect_rc 2
expect_err "is also an input"
same "$TMP/w/c.json" "$TMP/c.orig" sweep_onto_config
"$BIN" run --config "$SRC/configs/odds-uniform.json" --trials 4 --shard 1/1 --out "$TMP/s1.csv" -q >/dev/null 2>&1 ||
  fail "shard run failed"
cp "$TMP/s1.csv" "$TMP/s1.orig"
run_cli merge_onto_shard merge "$TMP/s1.csv" --out "$TMP/s1.csv"
expect_rc 2
expect_err "is also an input"
same "$TMP/s1.csv" "$TMP/s1.orig" merge_onto_shard
no_temporaries "$TMP/w" inputs

# 2. Two outputs naming one file, or an empty name, are errors.
run_cli same_twice run --config "$TMP/w/c.json" --report "$TMP/x" --timeline "$TMP/x" --html "$TMP/x"
expect_rc 2
expect_err "names the same file as --report"
[ ! -e "$TMP/x" ] || fail "same_twice: $TMP/x was written"
run_cli empty_report run --config "$TMP/w/c.json" --report ""
expect_rc 2
expect_err "--report"
expect_err "needs a file name"

# 3. All or nothing: the page fails (ENOSPC), the old report stays.
echo "old report" >"$TMP/r.json"
run_cli page_full run --config "$TMP/w/c.json" --report "$TMP/r.json" --html /dev/full
expect_rc 2
expect_err "No space left on device"
[ "$(cat "$TMP/r.json")" = "old report" ] || fail "page_full: the report was replaced although the page failed"
no_temporaries "$TMP" page_full

# 4. Every write to stdout is checked: a full disk is exit 2, never a success.
for cmd in "run --config $TMP/w/c.json --format json" "run --config $TMP/w/c.json" \
           "calendar --config $TMP/w/c.json" "validate --config $TMP/w/c.json" \
           "extract --algorithm $TMP/ws/MLAlgorithm"; do
  # shellcheck disable=SC2086
  "$BIN" $cmd >/dev/full 2>"$TMP/full.err"; rc=$?
  [ "$rc" -eq 2 ] || fail "'$cmd > /dev/full': exit $rc, expected 2"
  grep -qF "writing standard output failed: No space left on device" "$TMP/full.err" ||
    fail "'$cmd > /dev/full': stderr lacks the reason: $(cat "$TMP/full.err")"
done

# 5. A replaced report keeps its mode; read-only and hard-linked ones are refused.
"$BIN" run --config "$TMP/w/c.json" --report "$TMP/private.json" -q
chmod 600 "$TMP/private.json"
"$BIN" run --config "$TMP/w/c.json" --report "$TMP/private.json" -q
[ "$(stat -c %a "$TMP/private.json")" = 600 ] || fail "mode: the report is now $(stat -c %a "$TMP/private.json")"
echo "read only" >"$TMP/ro.json"; chmod 444 "$TMP/ro.json"
run_cli read_only run --config "$TMP/w/c.json" --report "$TMP/ro.json"
expect_rc 2
expect_err "is read-only"
[ "$(cat "$TMP/ro.json")" = "read only" ] || fail "read_only: replaced"
echo "linked" >"$TMP/linked.json"; ln "$TMP/linked.json" "$TMP/linked2.json"
run_cli hard_link run --config "$TMP/w/c.json" --report "$TMP/linked.json"
expect_rc 2
expect_err "2 hard links"
ln -s loop2 "$TMP/loop1"; ln -s loop1 "$TMP/loop2"
run_cli loop run --config "$TMP/w/c.json" --report "$TMP/loop1"
expect_rc 2
expect_err "symlink loop"
[ -L "$TMP/loop1" ] || fail "loop: the link was replaced"
run_cli huge_fd run --config "$TMP/w/c.json" --report /dev/fd/99999999999
expect_rc 2
expect_err "not an open file descriptor"
expect_no_err "stoi"
run_cli long_name run --config "$TMP/w/c.json" --report "$TMP/$(printf 'n%.0s' $(seq 1 300))"
expect_rc 2
expect_err "longer than"
"$BIN" run --config "$TMP/w/c.json" --report "$TMP/$(printf 'm%.0s' $(seq 1 250))" -q ||
  fail "a 250-byte name: its temporary name did not fit"

# 6. A signal removes the temporaries and exits 128 + N.
cat >"$TMP/long.json" <<'JSON'
{ "scheduled-event-leaky-bucket-capacity": 2000000000, "algorithm-manager-time-loop-maximum": 100000,
  "simulation": { "start": "2000-01-03", "end": "2030-12-31",
  "training": [ { "name": "t", "date-rule": "EveryDay()", "time-rule": "TimeRules.Every(TimeSpan.FromMinutes(1))", "duration": "1s" } ] } }
JSON
mkdir -p "$TMP/sig"
set -m  # job control: a background job's SIGINT is not ignored
for sig in INT TERM HUP; do
  "$BIN" run --config "$TMP/long.json" --timeline "$TMP/sig/tl.csv" --report "$TMP/sig/r.json" -q 2>/dev/null &
  pid=$!
  for _ in $(seq 1 50); do ls -A "$TMP/sig" | grep -q '\.tmp\.' && break; sleep 0.1; done
  kill -s "$sig" "$pid"; wait "$pid"; rc=$?
  want=$((128 + $(kill -l "$sig")))
  [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, expected $want"
  [ -z "$(ls -A "$TMP/sig")" ] || fail "SIG$sig: files left: $(ls -A "$TMP/sig")"
done
set +m

# 7. Deep JSON in diff's reports and merge's shards: refused, not a crash.
python3 -c 'print("{\"outcome\": " + "[" * 100000 + "]" * 100000 + "}")' >"$TMP/deep.json"
"$BIN" run --config "$TMP/w/c.json" --report "$TMP/base.json" -q
run_cli diff_deep diff "$TMP/base.json" "$TMP/deep.json"
expect_rc 2
expect_err "deep.json:1:"
expect_err "nested more than 100 levels deep"
python3 - "$TMP/s1.csv" "$TMP/deep.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
out = [("# context: " + "[" * 100000 + "]" * 100000) if l.startswith("# context: ") else l for l in lines]
open(sys.argv[2], "w").write("\n".join(out))
PY
run_cli merge_deep merge "$TMP/deep.csv" --out "$TMP/merged.json"
expect_rc 2
expect_err "nested more than 100 levels deep"
python3 - "$TMP/base.json" "$TMP/typed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["events"][0]["charged"] = "lots"
json.dump(r, open(sys.argv[2], "w"))
PY
run_cli diff_types diff "$TMP/base.json" "$TMP/typed.json"
expect_rc 2
expect_err "typed.json: events[0].charged: expected a whole number, got string"
rm -f "$TMP/typed.json"  # made invalid on purpose: not one of trainsim's reports to validate

# 8. A hostile input size is refused, not read until memory runs out.
run_cli dev_zero run --config /dev/zero
expect_rc 2
expect_err "/dev/zero: is larger than 64 MB"

# 9. A count no machine can hold is refused before any work, not a bare bad_alloc.
run_cli huge_trials run --config "$SRC/configs/odds-uniform.json" --trials 1099511627776
expect_rc 2
expect_err "--trials: 1099511627776: would keep about"
expect_err "more than this machine's memory"
expect_no_err "bad_alloc"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  fail "a report does not follow share/schema/report.schema.json"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "output safety: all checks passed"
