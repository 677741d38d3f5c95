#!/usr/bin/env python3
"""Validates trainsim JSON reports against share/schema/report.schema.json.

  validate_reports.py SCHEMA PATH...

Each PATH is a report, or a folder searched for the reports in it: every
*.json file whose top level is an object with "schema-version" (what every
report trainsim writes starts with) or the run/trials report's own keys
("outcome" and "events", or a "trials" object), so a report missing its
header is still checked. Other JSON (calendars, tune output, hand-made
inputs) is left alone. Exit 0 when every report is valid, 1 otherwise.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate_reports.py: needs the Python package jsonschema (Debian: python3-jsonschema)")


def looks_like_report(j):
    if not isinstance(j, dict):
        return False
    if "schema-version" in j:
        return True
    if "outcome" in j and "events" in j:
        return True
    return isinstance(j.get("trials"), dict) and "failure-probability" in j["trials"]


def candidates(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in sorted(files):
                    if f.endswith(".json"):
                        yield os.path.join(root, f), False
        else:
            yield p, True


def main():
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    checked = bad = 0
    for path, named in candidates(sys.argv[2:]):
        try:
            with open(path, encoding="utf-8") as f:
                j = json.load(f)
        except (OSError, ValueError, RecursionError) as e:
            if named:
                print(f"FAIL {path}: not JSON ({e})")
                bad += 1
            continue
        if not named and not looks_like_report(j):
            continue
        checked += 1
        errors = sorted(validator.iter_errors(j), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            where = "/".join(str(p) for p in e.absolute_path) or "(top level)"
            print(f"FAIL {path}: {where}: {e.message[:300]}")
        if errors:
            bad += 1
    print(f"schema: {checked} report(s) validated, {bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
