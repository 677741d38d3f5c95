#!/usr/bin/env bash
# tests/bench/workloads.sh — the issue-24 workloads end to end, as processes:
# median CPU time (user+sys) of interleaved runs, against a C++ hello-world
# built with the same compiler (the process floor), and, with --callgrind,
# instruction counts (load-independent).
#   tests/bench/workloads.sh BUILD_DIR [--repeat N] [--callgrind] [--only "NAME ..."] [--against OTHER_BUILD_DIR]
# NAME: hello cli-only one-day 20-year 20-year-report event-heavy sweep tune trials
# --against: each workload also run with OTHER_BUILD_DIR's binary, interleaved
# (rows "NAME@other"), for before/after figures under the same load.
# Needs LEAN's market-hours-database.json: in $TRAINSIM_LEAN, else ../shared/lean
# beside the checkout (skips without it).
set -euo pipefail
build=$(cd "$1" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
repeat=11; callgrind=0; only=""; against=""
while [ $# -gt 0 ]; do
  case $1 in
    --repeat) repeat=$2; shift ;;
    --callgrind) callgrind=1 ;;
    --only) only=$2; shift ;;
    --against) against=$(cd "$2" && pwd); shift ;;
  esac
  shift
done
lean=${TRAINSIM_LEAN:-$here/../../../shared/lean}/market-hours-database.json
[ -f "$lean" ] || { echo "no $lean: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data/market-hours"; ln -s "$(cd "$(dirname "$lean")" && pwd)/market-hours-database.json" "$tmp/data/market-hours/"
printf '#include <cstdio>\nint main(){std::puts("hello");}\n' > "$tmp/hello.cpp"
${CXX:-c++} -O2 -o "$tmp/hello" "$tmp/hello.cpp"
t=$build/trainsim; d="--set data-folder=$tmp/data"; w=$here/workloads
declare -A cmd=(
  [hello]="$tmp/hello"
  [cli-only]="$t run --help"
  [one-day]="$t run --config $w/one-day.json $d -q"
  [20-year]="$t run --config $w/20-year.json $d -q"
  [20-year-report]="$t run --config $w/20-year.json $d -q --report $tmp/r.json"
  [event-heavy]="$t run --config $w/event-heavy.json $d -q"
  [sweep]="$t sweep --config $w/sweep-10-year.json $d --grid scheduled-event-leaky-bucket-capacity=2000:101900:100 --jobs 1 --out $tmp/s.csv"
  [tune]="$t tune --config $w/sweep-10-year.json $d --minimize scheduled-event-leaky-bucket-capacity --range 120:100000"
  [trials]="$t run --config $w/trials-one-year.json $d -q --trials 10000 --jobs 1"
)
# cli-only (the binary starting and building its command line) and one-day
# (the 20-year config over one day: everything but the simulation) are the
# floor under the others.
names="hello cli-only one-day 20-year 20-year-report event-heavy sweep tune trials"
[ -n "$only" ] && names="hello $only"
if [ -n "$against" ]; then
  for n in $names; do
    [ $n = hello ] && continue
    cmd[$n@other]=${cmd[$n]//$t /$against/trainsim }
    names+=" $n@other"
  done
fi
# CPU ms (user+sys) of one run; the exit status is ignored (a failing run is a result too).
cpu_ms() { python3 -c '
import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, ru = os.wait4(p.pid, 0)
print("%.3f" % ((ru.ru_utime + ru.ru_stime) * 1000))' $1; }
declare -A samples
for ((r = 0; r < repeat; r++)); do
  for n in $names; do samples[$n]+="$(cpu_ms "${cmd[$n]}") "; done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
h=$(echo "${samples[hello]}" | median)
for n in $names; do
  m=$(echo "${samples[$n]}" | median)
  line=$(printf '%-15s %9s CPU ms (median of %d; %.1fx hello)' "$n" "$m" "$repeat" "$(awk -v a="$m" -v b="$h" 'BEGIN{print (b>0?a/b:0)}')")
  if [ $callgrind = 1 ] && [ $n != hello ]; then
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" ${cmd[$n]} >/dev/null 2>"$tmp/cg.err" || true
    line+=$(grep -o 'Collected : [0-9]*' "$tmp/cg.err" | awk '{printf "; %.1f M instructions", $3/1e6}')
  fi
  echo "$line"
done
