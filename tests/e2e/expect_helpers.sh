# tests/e2e/expect_helpers.sh — sourced by e2e scripts that run the binary
# ($BIN) into a scratch folder ($TMP) and check its exit status and stderr:
# `run_cli NAME ARGS...`, then `expect_rc N`, `expect_err TEXT`,
# `expect_no_err TEXT`; `fail MESSAGE` counts into $failures.
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run_cli() { local name=$1; shift; "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; rc=$?; last=$name; }
expect_rc() { [ "$rc" -eq "$1" ] || { fail "$last: exit $rc, expected $1"; sed 's/^/    stderr: /' "$TMP/$last.err" >&2; }; }
expect_err() { grep -qF -- "$1" "$TMP/$last.err" || { fail "$last: stderr lacks: $1"; sed 's/^/    stderr: /' "$TMP/$last.err" >&2; }; }
expect_no_err() { ! grep -qF -- "$1" "$TMP/$last.err" || fail "$last: stderr has: $1"; }
# Peak memory: put "${timed[@]}" before a command to record its peak RSS, then
# `rss` prints it in KB (0 when /usr/bin/time is absent: checks then pass).
# ASan's quarantine of freed memory is not what a command keeps: kept small.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
timed=()
if [ -x /usr/bin/time ]; then timed=(/usr/bin/time -f %M -o "$TMP/rss.txt"); fi
rss() { if [ -x /usr/bin/time ]; then tail -1 "$TMP/rss.txt"; else echo 0; fi; }
