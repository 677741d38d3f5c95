#!/usr/bin/env bash
# A sweep spread over 4 shards with GNU parallel (as over ssh hosts, here on
# this machine) and merged equals the unsharded sweep byte for byte; merge
# refuses a missing shard, a duplicated shard and a shard of another grid
# (exit 2, nothing written). Skips (77) without GNU parallel.
set -u
bin="$1"; root="$2"
command -v parallel > /dev/null || { echo "SKIP: GNU parallel is not installed (apt install parallel)"; exit 77; }
parallel --version 2> /dev/null | grep -q "GNU parallel" || { echo "SKIP: 'parallel' is not GNU parallel"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
config="$root/configs/quickstart.json"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

grid=(--grid "simulation.training[1].duration=20m:40m:5m" --grid "scheduled-event-leaky-bucket-capacity=100:2000:100")
"$bin" sweep --config "$config" "${grid[@]}" --out "$tmp/whole.csv" --quiet || fail "unsharded sweep"

# {} is the shard number; --jobs 1 each, 4 at a time, as 4 machines would.
parallel --will-cite --halt now,fail=1 -j 4 \
  "$bin" sweep --config "$config" "${grid[@]}" --jobs 1 --shard {}/4 --out "$tmp/shard{}.csv" --quiet ::: 1 2 3 4 ||
  fail "parallel sweep"
for k in 1 2 3 4; do
  grep -qx "# shard: $k/4" "$tmp/shard$k.csv" || fail "shard$k.csv lacks its shard line"
done
# 5 x 20 = 100 points: 25 rows per shard.
[ "$(grep -c ',\(completed\|failed\),' "$tmp/shard3.csv")" = 25 ] || fail "shard 3 should have 25 rows"

"$bin" merge "$tmp/shard3.csv" "$tmp/shard1.csv" "$tmp/shard4.csv" "$tmp/shard2.csv" --out "$tmp/merged.csv" ||
  fail "merge exit $?"
cmp "$tmp/whole.csv" "$tmp/merged.csv" || { fail "merged shards differ from the unsharded sweep"; diff "$tmp/whole.csv" "$tmp/merged.csv" | head; }

# expect_refusal <message part> <merge inputs...>
expect_refusal() {
  local want="$1"; shift
  local status=0
  rm -f "$tmp/bad.csv"
  "$bin" merge "$@" --out "$tmp/bad.csv" 2> "$tmp/stderr" || status=$?
  [ "$status" = 2 ] || fail "merge $*: exit $status, expected 2"
  grep -qF -- "$want" "$tmp/stderr" || { fail "merge $*: stderr lacks '$want'"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/bad.csv" ] || fail "merge $*: wrote output"
}
expect_refusal "shard 3/4 missing: the merged result would be incomplete" \
  "$tmp/shard1.csv" "$tmp/shard2.csv" "$tmp/shard4.csv"
expect_refusal "shard 2/4 is given twice" "$tmp/shard1.csv" "$tmp/shard2.csv" "$tmp/shard2.csv" "$tmp/shard3.csv" "$tmp/shard4.csv"
"$bin" sweep --config "$config" --grid "scheduled-event-leaky-bucket-capacity=100:2000:100" --shard 2/4 \
  --out "$tmp/other2.csv" --quiet || fail "other grid"
expect_refusal "come from different grids" "$tmp/shard1.csv" "$tmp/other2.csv" "$tmp/shard3.csv" "$tmp/shard4.csv"
"$bin" sweep --config "$config" --set simulation.seed=2 "${grid[@]}" --shard 2/4 --out "$tmp/seed2.csv" --quiet ||
  fail "other config"
expect_refusal "were run on different configs" "$tmp/shard1.csv" "$tmp/seed2.csv" "$tmp/shard3.csv" "$tmp/shard4.csv"
head -n 20 "$tmp/shard4.csv" > "$tmp/cut4.csv"  # 5 preamble lines, the header, 14 rows
expect_refusal "has 14 rows, not the 25" "$tmp/shard1.csv" "$tmp/shard2.csv" "$tmp/shard3.csv" "$tmp/cut4.csv"
expect_refusal "not a trainsim sweep CSV" "$tmp/shard1.csv" "$config"
expect_refusal "cannot be read" "$tmp/shard1.csv" "$tmp/nonexistent.csv"

echo "shard/merge round trip checked, $failures failures"
[ "$failures" -eq 0 ]
