#!/usr/bin/env bash
# The command line's own polish: --version (version, git commit, tz database),
# every subcommand's --help ending with examples and exit codes, `trainsim
# help COMMAND`, unknown commands and flags named with the nearest known one
# (exit 2), and a misspelt key given with --set an error naming --set.
#
# Usage: bash usage_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: usage_test.sh <trainsim> <source-dir>}
SRC=$(cd "${2:?usage: usage_test.sh <trainsim> <source-dir>}" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-usage-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
Q="$SRC/configs/quickstart.json"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# t EXPECTED-STATUS ARGS...: runs trainsim; output in $TMP/out, $TMP/err.
t() {
  local want=$1
  shift
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  [ "$rc" = "$want" ] || { fail "trainsim $*: exit $rc, expected $want"; sed 's/^/    /' "$TMP/err" >&2; }
  last="trainsim $*"
}
err_has() { grep -qF -- "$1" "$TMP/err" || { fail "$last: stderr lacks: $1"; sed 's/^/    /' "$TMP/err" >&2; }; }
out_has() { grep -qF -- "$1" "$TMP/out" || fail "$last: stdout lacks: $1"; }

# --version: the version, the commit (12 hex digits, maybe -dirty, or unknown), the tz database.
t 0 --version
grep -qE '^trainsim [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "--version: no 'trainsim X.Y.Z' line"
grep -qE '^commit: +([0-9a-f]{12}(-dirty)?|unknown)$' "$TMP/out" || fail "--version: no commit line"
# The commit it was built from is this checkout's HEAD or, for a binary not
# rebuilt since, one of its ancestors.
commit=$(sed -n 's/^commit: *\([0-9a-f]*\).*/\1/p' "$TMP/out")
if [ -n "$commit" ] && git -C "$SRC" rev-parse HEAD >/dev/null 2>&1; then
  git -C "$SRC" merge-base --is-ancestor "$commit" HEAD || fail "--version: commit $commit is not in this checkout's history"
fi
grep -qE '^tz database: +[0-9]{4}[a-z]$' "$TMP/out" || fail "--version: no tz database version (like 2024a)"
if [ -f /usr/share/zoneinfo/tzdata.zi ]; then
  out_has "$(sed -n 's/^# version //p' /usr/share/zoneinfo/tzdata.zi | head -1)"
fi

# Unknown commands and flags: named, with the nearest, exit 2, nothing run.
t 2 rn --config "$Q"
err_has "unknown command 'rn'; did you mean 'run'?"
t 2 swep
err_has "unknown command 'swep'; did you mean 'sweep'?"
t 2 frobnicate
err_has "unknown command 'frobnicate'"
grep -q "did you mean" "$TMP/err" && fail "$last: a far-off name should get no suggestion"
t 2 run --confg "$Q"
err_has "unknown option '--confg' for 'run'; did you mean '--config'?"
# After a flag (which takes no value), the next word is checked too.
t 2 run -q --confg "$Q"
err_has "unknown option '--confg' for 'run'; did you mean '--config'?"
t 2 run --config "$Q" --reprot r.json
err_has "unknown option '--reprot' for 'run'; did you mean '--report'?"
[ -e r.json ] && fail "a report was written despite the usage error"
t 2 sweep --config "$Q" --grd scheduled-event-leaky-bucket-capacity=1,2 --out -
err_has "did you mean '--grid'?"
t 2 --verison
err_has "unknown option '--verison'; did you mean '--version'?"
t 2
err_has "a command is required"
# Values that start with '-' are values, not flags.
t 0 sweep --config "$Q" --grid scheduled-event-leaky-bucket-capacity=2000 --out - --quiet

# A misspelt LEAN key in --set is an error naming --set, not a warning about the file.
t 2 run --config "$Q" --set scheduled-event-leaky-bucket-capacty=300
err_has "--set: scheduled-event-leaky-bucket-capacty: not a key trainsim reads"
err_has "did you mean 'scheduled-event-leaky-bucket-capacity'?"
grep -qF "quickstart.json" "$TMP/err" && fail "$last: the error blames the config file"
t 2 validate --config "$Q" --set 'simulatoin.seed=3'
err_has "did you mean 'simulation'?"
t 0 validate --config "$Q" --set scheduled-event-leaky-bucket-capacity=300
out_has "(--set)"

# Every subcommand's --help ends with examples and exit codes; `help X` is the same text.
for c in $("$BIN" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }'); do
  t 0 "$c" --help
  grep -q '^Examples:' "$TMP/out" || fail "trainsim $c --help has no examples"
  n=$(sed -n '/^Examples:/,/^$/p' "$TMP/out" | grep -c '^  ')
  [ "$n" -ge 2 ] && [ "$n" -le 3 ] || fail "trainsim $c --help has $n examples, expected 2 or 3"
  sed -n '/^Exit status:/,$p' "$TMP/out" | grep -qE '^  [0-3] ' || fail "trainsim $c --help has no exit codes"
  [ "$(grep . "$TMP/out" | tail -1 | grep -cE '^  [0-3] ')" = 1 ] || fail "trainsim $c --help does not end with the exit codes"
  cp "$TMP/out" "$TMP/help-$c"
  t 0 help "$c"
  cmp -s "$TMP/out" "$TMP/help-$c" || fail "trainsim help $c differs from trainsim $c --help"
done
t 0 help
out_has "Subcommands:"
t 2 help rnu
err_has "unknown command 'rnu'; did you mean 'run'?"

# Every JSON report written above follows the report's schema.
python3 "$(dirname "$0")/validate_reports.py" "$(dirname "$0")/../../share/schema/report.schema.json" "$TMP" ||
  failures=$((failures + 1))
[ "$failures" -eq 0 ] && echo "usage test passed"
[ "$failures" -eq 0 ]
