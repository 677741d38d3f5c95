#!/usr/bin/env bash
# End-to-end test of the up-front output check in a sticky folder (such as
# /tmp): only a file's owner or the folder's may rename over it, so a report
# that would replace another user's file there is refused before anything is
# simulated, with the reason, and the file is left as it was. Needs root to
# create a second user (useradd) and run trainsim as that user; skips with
# exit 77 otherwise. The user is removed at the end.
#
# Usage: bash sticky_folder_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: sticky_folder_test.sh <trainsim> <source-dir>}
SRC=${2:?usage: sticky_folder_test.sh <trainsim> <source-dir>}
if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v userdel >/dev/null ||
   ! command -v setpriv >/dev/null; then
  echo "skipped: needs root, useradd, userdel and setpriv to act as a second user"
  exit 77
fi
BIN=$(readlink -f "$BIN")
user="tsim-sticky-$$"
if ! useradd --system --no-create-home --shell /usr/sbin/nologin "$user" 2>/dev/null; then
  echo "skipped: useradd could not create a user"
  exit 77
fi
uid=$(id -u "$user"); gid=$(id -g "$user")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-sticky.XXXXXX") || { userdel "$user"; exit 1; }
trap 'rm -rf "$TMP"; userdel "$user" 2>/dev/null' EXIT
chmod 755 "$TMP"
# shellcheck source=expect_helpers.sh
source "$(dirname "$0")/expect_helpers.sh"
# As the second user: no supplementary groups, no capabilities.
as_user() { setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all -- "$@"; }
run_as_user() { local name=$1; shift; as_user "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"; rc=$?; last=$name; }

# The binary must be reachable by the second user (a build under a private home is not).
as_user test -x "$BIN" || { echo "skipped: $BIN is not executable by another user"; exit 77; }
cp "$SRC/configs/quickstart.json" "$TMP/c.json"
chmod 644 "$TMP/c.json"

# A sticky, world-writable folder owned by root, like /tmp; in it root's
# report, writable by everyone (so only the sticky rule stands in the way).
mkdir "$TMP/sticky" && chmod 1777 "$TMP/sticky"
echo '{"root": "keeps this"}' > "$TMP/sticky/report.json"
chmod 666 "$TMP/sticky/report.json"
cp "$TMP/sticky/report.json" "$TMP/report.orig"

# The kernel agrees: the second user cannot rename over root's file there.
as_user sh -c "echo x > '$TMP/sticky/mine.tmp' && mv -f '$TMP/sticky/mine.tmp' '$TMP/sticky/report.json'" 2>/dev/null &&
  fail "the second user could rename over root's file in a sticky folder: the premise does not hold"
rm -f "$TMP/sticky/mine.tmp"
cmp -s "$TMP/sticky/report.json" "$TMP/report.orig" || { fail "the premise check changed the file"; cp "$TMP/report.orig" "$TMP/sticky/report.json"; }

# 1. Refused up front: exit 2, the reason named, nothing simulated (no
#    summary on stdout, no timeline written), root's file unchanged.
mkdir "$TMP/own" && chown "$uid:$gid" "$TMP/own"
run_as_user refused run --config "$TMP/c.json" --report "$TMP/sticky/report.json" --timeline "$TMP/own/t.csv"
expect_rc 2
expect_err "--report: $TMP/sticky/report.json: belongs to another user in a sticky folder ($TMP/sticky), so it cannot be replaced"
[ -s "$TMP/refused.out" ] && fail "refused: printed a summary, so it simulated: $(head -3 "$TMP/refused.out")"
[ -e "$TMP/own/t.csv" ] && fail "refused: wrote the timeline"
cmp -s "$TMP/sticky/report.json" "$TMP/report.orig" || fail "refused: root's report was changed"
ls -A "$TMP/sticky" "$TMP/own" | grep -q '\.tmp\.' && fail "refused: temporaries left behind"

# 2. The rule is exact: the same user may replace its own file in the same
#    folder, and write a new one there.
as_user sh -c "echo old > '$TMP/sticky/mine.json'"
run_as_user own_file run --config "$TMP/c.json" --report "$TMP/sticky/mine.json" -q
expect_rc 1  # the quickstart's documented outcome: stopped by the quota
grep -q '"outcome"' "$TMP/sticky/mine.json" || fail "own_file: the user's own report was not replaced"
run_as_user new_file run --config "$TMP/c.json" --report "$TMP/sticky/new.json" -q
expect_rc 1
[ "$(stat -c %u "$TMP/sticky/new.json" 2>/dev/null)" = "$uid" ] || fail "new_file: no report owned by the user"

# 3. Root may replace anything: the check does not refuse it.
run_cli as_root run --config "$TMP/c.json" --report "$TMP/sticky/mine.json" -q
expect_rc 1
expect_no_err "sticky"

[ "$failures" = 0 ] && echo "sticky folder: all checks passed"
exit $((failures > 0))
