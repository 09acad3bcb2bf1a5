"""Story by story differences between two outputs of `newsmon match --explain`.

Usage: golden-match-diff.py BEFORE.jsonl AFTER.jsonl
Prints, for each story whose line differs, the rules that now match or no longer do,
and for rules in both, which of hits, events, topics, severity or explanations changed.
Exits 1 when anything differs.
"""

import json
import sys


def by_rule(entries):
    return {entry["rule"]: entry for entry in entries}


def describe(before, after):
    out = []
    old, new = by_rule(before.get("matches", [])), by_rule(after.get("matches", []))
    for rule in sorted(old.keys() - new.keys()):
        out.append(f"  - {rule} no longer matches (hits {hits(old[rule])})")
    for rule in sorted(new.keys() - old.keys()):
        out.append(f"  + {rule} now matches (hits {hits(new[rule])})")
    for rule in sorted(old.keys() & new.keys()):
        for key in sorted(set(old[rule]) | set(new[rule])):
            if old[rule].get(key) != new[rule].get(key):
                out.append(f"  ~ {rule} {key}:\n      before {json.dumps(old[rule].get(key))}"
                           f"\n      after  {json.dumps(new[rule].get(key))}")
    for key in ("topics", "dropped"):
        if before.get(key) != after.get(key):
            out.append(f"  ~ {key}:\n      before {json.dumps(before.get(key))}"
                       f"\n      after  {json.dumps(after.get(key))}")
    return out


def hits(match):
    return ", ".join(f'"{hit["text"]}" ({hit["field"]} {hit["start"]}-{hit["end"]})'
                     for hit in match.get("hits", []))


def main(before_path, after_path):
    with open(before_path, encoding="utf-8") as before_file:
        before_lines = before_file.read().splitlines()
    with open(after_path, encoding="utf-8") as after_file:
        after_lines = after_file.read().splitlines()
    changed = 0
    if len(before_lines) != len(after_lines):
        print(f"{len(before_lines)} lines before, {len(after_lines)} after")
        changed += 1
    for old_line, new_line in zip(before_lines, after_lines):
        if old_line == new_line:
            continue
        changed += 1
        old, new = json.loads(old_line), json.loads(new_line)
        print(f"{new.get('id')}:")
        print("\n".join(describe(old, new) or ["  the same content, written differently"]))
    print(f"{changed} of {len(after_lines)} stories differ")
    return 1 if changed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
