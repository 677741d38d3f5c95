#!/usr/bin/env bash
# A sweep's validation holds a chunk of points, not the grid: on a grid of
# 100,000,000 points over two non-quota axes (every point its own scenario),
# a bad point just past the first chunk is refused in seconds with little
# memory (validation once listed every combination first: 2 GB and
# std::bad_alloc), and a shard of that grid validates and runs.
#
# Usage: bash sweep_validation_memory_test.sh <path-to-trainsim> <source-dir>
set -u
BIN=${1:?usage: sweep_validation_memory_test.sh <trainsim> <source-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainsim-sweepmem.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=expect_helpers.sh
source "$(dirname "$0")/expect_helpers.sh"

cat >"$TMP/c.json" <<'JSON'
{ "simulation": { "start": "2024-01-02", "end": "2024-01-02",
  "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                { "name": "daily", "date-rule": "EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "20m" } ] } }
JSON
# 10,000 x 10,000 points; 31622400 s is 366 days, the longest duration, so on
# the second axis the 4,102nd value (31622401s) is the first bad one.
BIG=(--grid 'simulation.training[1].duration=1m:10000m:1m'
     --grid 'simulation.training[0].duration=31618300s:31628299s:1s')

"${timed[@]}" "$BIN" run --config "$TMP/c.json" -q >/dev/null 2>&1
base_kb=$(rss)

# 1. The first bad point is found without listing the grid.
start=$(date +%s)
# An address-space cap (4 GB) keeps a regression from taking the machine's
# memory; a sanitized build reserves terabytes of address space, so not there.
( grep -qa __asan_init "$BIN" || ulimit -v 4000000 2>/dev/null; exec "${timed[@]}" timeout 120 "$BIN" sweep --config "$TMP/c.json" "${BIG[@]}" \
    --jobs 2 --out "$TMP/bad.csv" >"$TMP/bad.out" 2>"$TMP/bad.err" )
rc=$? last=bad
took=$(( $(date +%s) - start ))
expect_rc 2
expect_err "grid point simulation.training[1].duration=1m, simulation.training[0].duration=31622401s:"
expect_err "longer than the limit of 366 days"
[ ! -e "$TMP/bad.csv" ] || fail "bad: the CSV was written"
kb=$(rss)
echo "bad point 4,101 of 100,000,000: exit $rc in ${took} s, peak RSS $kb KB (a plain run: $base_kb KB)"
[ "$kb" -lt $((base_kb + 64 * 1024)) ] || fail "bad: peak RSS $kb KB, over 64 MB more than a plain run's $base_kb KB"
[ "$took" -lt 60 ] || fail "bad: took $took s"

# 2. A shard of such a grid (500 points, each its own combination) validates and runs.
"${timed[@]}" "$BIN" sweep --config "$TMP/c.json" --grid 'simulation.training[1].duration=1m:10000m:1m' \
  --grid 'simulation.training[0].duration=1s:10000s:1s' --shard 1/200000 --jobs 2 --out "$TMP/shard.csv" -q \
  >"$TMP/shard.out" 2>"$TMP/shard.err"
rc=$? last=shard
expect_rc 0
rows=$(grep -vc '^#' "$TMP/shard.csv")
[ "$rows" -eq 501 ] || fail "shard: $rows CSV lines (a header and 500 rows expected)"
kb=$(rss)
[ "$kb" -lt $((base_kb + 64 * 1024)) ] || fail "shard: peak RSS $kb KB, over 64 MB more than a plain run's $base_kb KB"

[ "$failures" -eq 0 ] && echo "sweep validation memory: all passed"
[ "$failures" -eq 0 ]
