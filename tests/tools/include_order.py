#!/usr/bin/env python3
"""tests/tools/include_order.py — the floors of lib/ (docs/architecture.md), checked.

A folder of lib/ may include only folders on lower floors, or earlier folders of
its own floor. The few known exceptions are listed below with the issue that
removes them; a new upward include fails, and so does an exception that is gone
(so the list only shrinks). Usage: include_order.py [REPO_ROOT]
"""
import os
import re
import sys

# Lowest first; within a floor, a folder may include those listed before it.
FLOORS = [
    ["civil", "install", "text", "grammar", "input"],
    ["secrets", "presets"],
    ["cost", "quota", "calendar", "rules"],
    ["config"],
    ["sim"],
    ["algorithm", "exec", "workspace", "project"],
    ["parallel", "trials", "sweep", "advice"],
    ["output", "report", "explain", "html", "diff"],
    ["calibrate"],
]
# Upward includes that exist today (none: the list may only shrink, and a new one fails).
KNOWN: set = set()

def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    lib = os.path.join(root, "lib")
    rank = {f: i for i, f in enumerate(f for floor in FLOORS for f in floor)}
    found, errors = set(), []
    for folder in sorted(os.listdir(lib)):
        path = os.path.join(lib, folder)
        if not os.path.isdir(path):
            continue
        if folder not in rank:
            errors.append(f"lib/{folder}/: not on any floor; add it to FLOORS and docs/architecture.md")
            continue
        for name in sorted(os.listdir(path)):
            if name.endswith("_test.cpp") or not name.endswith((".h", ".cpp")):
                continue
            with open(os.path.join(path, name), encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    m = re.match(r'\s*#\s*include\s+"([a-z_]+)/', line)
                    if not m or m.group(1) == folder or m.group(1) not in rank:
                        continue
                    to = m.group(1)
                    if rank[to] < rank[folder]:
                        continue
                    found.add((folder, to))
                    if (folder, to) not in KNOWN:
                        errors.append(f"lib/{folder}/{name}:{n}: includes {to}/, which is above {folder}/ "
                                      "(docs/architecture.md#the-floors)")
    for gone in sorted(KNOWN - found):
        errors.append(f"known exception {gone[0]} -> {gone[1]} no longer occurs: remove it from KNOWN")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
