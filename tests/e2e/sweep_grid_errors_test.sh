#!/usr/bin/env bash
# trainsim sweep: malformed --grid, --shard and keys are usage errors (exit 2)
# with a message naming the argument, and nothing is written.
set -u
bin="$1"; root="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
config="$root/configs/quickstart.json"
failures=0

# expect_error <message part> <sweep arguments...>
expect_error() {
  local want="$1"; shift
  local status=0
  "$bin" sweep --config "$config" --out "${out:-$tmp/out.csv}" "$@" > "$tmp/stdout" 2> "$tmp/stderr" || status=$?
  if [ "$status" != 2 ]; then
    echo "FAIL sweep $*: exit $status, expected 2"; failures=$((failures + 1))
  elif ! grep -qF -- "$want" "$tmp/stderr"; then
    echo "FAIL sweep $*: stderr lacks '$want':"; cat "$tmp/stderr"; failures=$((failures + 1))
  fi
  if [ -e "$tmp/out.csv" ]; then
    echo "FAIL sweep $*: wrote a CSV"; failures=$((failures + 1)); rm -f "$tmp/out.csv"
  fi
}

cap=scheduled-event-leaky-bucket-capacity
expect_error "--grid: foo: no '='" --grid foo
expect_error "--grid: $cap=1:0:1: empty range: lo 1 is greater than hi 0" --grid "$cap=1:0:1"
expect_error "--grid: $cap=a:b:c: lo 'a' is not a number" --grid "$cap=a:b:c"
expect_error "--grid: $cap=0:100:0: step must be greater than 0" --grid "$cap=0:100:0"
expect_error "--grid: $cap=0:100:-5: step must be greater than 0" --grid "$cap=0:100:-5"
expect_error "lo, hi and step must have the same unit" --grid "simulation.training[1].duration=10m:60m:5"
expect_error "value 2 is empty" --grid "$cap=1,,3"
expect_error "'100' is listed twice" --grid "$cap=100,200,100"
expect_error "has two --grid axes" --grid "$cap=1,2" --grid "$cap=3"
expect_error "did you mean '$cap'" --grid "scheduled-event-leaky-bucket-capacty=100,200"
expect_error "grid point $cap=-1: " --grid "$cap=100,-1"
expect_error "has no element [9]" --grid "simulation.training[9].duration=30m"
expect_error "not a duration" --grid "simulation.training[1].duration=30m,soon"
expect_error "--shard: 5/4: expected K/N" --grid "$cap=100,200" --shard 5/4
expect_error "--shard: 0/4" --grid "$cap=100,200" --shard 0/4
expect_error "--shard: two: expected K/N" --grid "$cap=100,200" --shard two
out=/nonexistent-folder/out.csv \
  expect_error "--out: /nonexistent-folder/out.csv: the folder /nonexistent-folder does not exist" --grid "$cap=100,200"
expect_error "--grid is required" --jobs 2
expect_error "--jobs" --grid "$cap=100,200" --jobs 0
# The page draws every point: more than it offers is refused before any work
# (the CSV alone streams any number of points).
expect_error "--html: $tmp/page.html: the page draws every point, at most 100000, and this sweep has 100001" \
  --grid "$cap=1:100001:1" --html "$tmp/page.html"
[ -e "$tmp/page.html" ] && { echo "FAIL sweep --html over the bound: wrote the page"; failures=$((failures + 1)); }

echo "sweep usage errors checked, $failures failures"
[ "$failures" -eq 0 ]
