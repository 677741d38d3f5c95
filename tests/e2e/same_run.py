#!/usr/bin/env python3
"""Whether two trainsim reports describe the same run.

  same_run.py A B [--ignore KEY]...

Compares every top-level field (values and order) but the parts that say
where a run came from, which legitimately differ between two ways of
running one simulation: `trainsim` (its commit), `config` (file and digest),
`quota` (each value's source) and `warnings`; --ignore names more (e.g.
`advice`, `trial` for a --trial K report). Exit 0 when they agree, 1 (naming
the fields that differ) otherwise.
"""
import json
import sys

IDENTITY = {"trainsim", "config", "quota", "warnings"}


def main():
    args = sys.argv[1:]
    ignored = set(IDENTITY)
    files = []
    while args:
        a = args.pop(0)
        if a == "--ignore":
            ignored.add(args.pop(0))
        else:
            files.append(a)
    a, b = (json.load(open(f)) for f in files)
    keep = lambda j: {k: v for k, v in j.items() if k not in ignored}
    ra, rb = keep(a), keep(b)
    if ra == rb and list(ra) == list(rb):
        return 0
    differ = sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k)) or ["(the order of the fields)"]
    print(f"{files[0]} and {files[1]} differ in: {', '.join(differ)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
