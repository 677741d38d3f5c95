#!/usr/bin/env python3
"""tests/tools/doc_citations.py — code cites only documents in this repository.

Every `docs/<file>.md#anchor` named in lib/, app/ or tests/ must exist (the file,
and a heading whose GitHub anchor is `anchor`); no comment may cite the product
brief's documents (SPEC §N, lean-semantics §N), which are not in the repository.
Usage: doc_citations.py [REPO_ROOT]
"""
import os
import re
import sys

def anchors(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#+\s+(.*)", line)
            if m:
                text = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower())
                out.add(text.replace(" ", "-"))
    return out

def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    cache, errors = {}, []
    cite = re.compile(r"docs/([\w.-]+\.md)(?:#([\w-]+))?")
    outside = re.compile(r"SPEC §|lean-semantics §|SPEC\.md|lean-semantics\.md")
    for top in ("lib", "app", "tests"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if not name.endswith((".h", ".cpp", ".sh", ".py")) or name == "doc_citations.py":
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        if outside.search(line):
                            errors.append(f"{rel}:{n}: cites a document outside the repository; "
                                          "cite docs/semantics.md#... instead")
                        for doc, anchor in cite.findall(line):
                            target = os.path.join(root, "docs", doc)
                            if not os.path.exists(target):
                                errors.append(f"{rel}:{n}: docs/{doc} does not exist")
                                continue
                            if anchor:
                                if target not in cache:
                                    cache[target] = anchors(target)
                                if anchor not in cache[target]:
                                    errors.append(f"{rel}:{n}: docs/{doc} has no heading #{anchor}")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
