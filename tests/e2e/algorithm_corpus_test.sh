#!/usr/bin/env bash
# End to end: every algorithm under tests/fixtures/algorithms is read as
# tests/fixtures/algorithms/expected.json says: its securities, its events
# (name, training or not, time rule) in declaration order, the trainings
# started at run time (name, `when`), the warnings it must give; a file
# with a syntax error exits 2 with its file:line:column and writes nothing
# to stdout. The events read are the ones `calendar --events`
# lists. No fixture may be missing from the manifest.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src/tests/fixtures/algorithms" || exit 1
python3 - "$bin" "$tmp" <<'PY'
import json, os, subprocess, sys
bin, tmp = sys.argv[1], sys.argv[2]
expected = json.load(open("expected.json"))
failures = []
files = sorted(f for f in os.listdir(".") if f.endswith((".py", ".cs")))
for f in files:
    if f not in expected:
        failures.append(f"{f}: not in expected.json")
for f, want in expected.items():
    if f.startswith("_"):
        continue
    r = subprocess.run([bin, "extract", "--algorithm", f], capture_output=True, text=True)
    if "error" in want:
        if r.returncode != 2:
            failures.append(f"{f}: exit {r.returncode}, expected 2")
        if want["error"] not in r.stderr:
            failures.append(f"{f}: stderr lacks {want['error']!r}: {r.stderr.strip()}")
        if r.stdout:
            failures.append(f"{f}: wrote to stdout on a syntax error")
        continue
    if r.returncode != 0:
        failures.append(f"{f}: extract exited {r.returncode}: {r.stderr.strip()}")
        continue
    sim = json.loads(r.stdout)["simulation"]
    if len(sim.get("securities", [])) != want["securities"]:
        failures.append(f"{f}: {len(sim.get('securities', []))} securities, expected {want['securities']}")
    for key, value in want.get("simulation", {}).items():
        if sim.get(key) != value:
            failures.append(f"{f}: simulation.{key} is {sim.get(key)!r}, expected {value!r}")
    if "start" in want and sim.get("start") != want["start"]:
        failures.append(f"{f}: start {sim.get('start')}, expected {want['start']}")
    events = sim["events"]
    got = [[e.get("name"), e["training"], e.get("time-rule")] for e in events]
    if isinstance(want["events"], int):
        if len(events) != want["events"]:
            failures.append(f"{f}: {len(events)} events, expected {want['events']}")
    elif got != want["events"]:
        failures.append(f"{f}: events {got}, expected {want['events']}")
    # Train called while the algorithm runs: [name, when] of each entry with a `when` object.
    runtime = [[e.get("name"), e["when"]] for e in events if isinstance(e.get("when"), dict)]
    if runtime != want.get("runtime", []):
        failures.append(f"{f}: run-time trainings {runtime}, expected {want.get('runtime', [])}")
    for w in want.get("warnings", []):
        if w not in r.stderr:
            failures.append(f"{f}: no warning {w!r} in: {r.stderr.strip()}")
    # calendar --events lists one block per event read, in the same order.
    c = subprocess.run([bin, "calendar", "--algorithm", f, "--events", "--format", "json"], capture_output=True, text=True)
    if c.returncode != 0:
        failures.append(f"{f}: calendar --events exited {c.returncode}: {c.stderr.strip()[-300:]}")
        continue
    listed = json.loads(c.stdout).get("events", [])
    if len(listed) != len(events):
        failures.append(f"{f}: calendar --events lists {len(listed)} events, extract read {len(events)}")
for x in failures:
    print("FAIL:", x)
sys.exit(1 if failures else 0)
PY
status=$?
[ "$status" = 0 ] && echo "algorithm corpus e2e: ok"
exit "$status"
