#!/usr/bin/env python3
"""Scores `newsmon match` output against a labelled JSON Lines corpus.

Topics: precision, recall and F1 per topic, with the ids of misses and false alarms.
Events (items whose label has an `event`): the share where one extracted event names the
labelled supplier and recipient, and the shares with the right system and quantity.
Names are compared through the gazetteer in rules/lists (state_* and group_* lists), so
"Türkiye", "Ankara" and "Turkey" are one party.
"""
import argparse
import json
import re
import sys
import unicodedata

TOPICS = ["arms_transfer", "alliance_diplomacy"]
# Words that say what kind of thing a system is, not which one.
GENERIC = {
    "system", "systems", "missile", "missiles", "tank", "tanks", "jet", "jets", "fighter", "fighters",
    "aircraft", "drone", "drones", "rocket", "rockets", "launcher", "launchers", "battery", "batteries",
    "air", "defence", "defense", "weapons", "weapon", "arms", "military", "ammunition", "munitions",
    "shells", "cruise", "anti", "surface", "to", "and", "incl", "including", "the", "of", "new",
    "main", "battle", "self", "propelled", "unspecified", "support", "aid", "equipment", "exports",
    "export", "licensed", "alleged", "co", "production", "technology", "guided", "multiple", "launch",
}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def load_aliases(lists_dir):
    aliases = {}
    try:
        import yaml
    except ImportError:
        print("rules-quality: python3-yaml missing: names are compared as written", file=sys.stderr)
        return aliases
    import glob
    for path in sorted(glob.glob(f"{lists_dir}/*.yaml")):
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle) or {}
        for name, entries in (document.get("lists") or {}).items():
            if not (name.startswith("state_") or name.startswith("group_")) or not isinstance(entries, list):
                continue
            if name == "state_lookalikes":
                continue
            canonical = entries[0].removeprefix("cased:")
            for entry in entries:
                entry = str(entry).removeprefix("cased:")
                if "*" not in entry and not entry.startswith("$"):
                    aliases[fold(entry)] = canonical
    return aliases


def parties(text, aliases):
    """The canonical parties a labelled supplier or recipient names (several for 'A and B')."""
    if not text:
        return set()
    whole = fold(text)
    if whole in aliases:
        return {aliases[whole]}
    found = set()
    inner = re.findall(r"\(([^)]*)\)", text)
    outer = re.sub(r"\([^)]*\)", " ", text)
    for piece in re.split(r",| and | & ", outer) + inner:
        key = fold(piece)
        if key in aliases:
            found.add(aliases[key])
    return found or {text}


def canonical(name, aliases):
    return aliases.get(fold(name or ""), name or "")


def system_matches(expected, extracted):
    want = set(fold(expected).split())
    have = {w.rstrip("s") for w in fold(extracted).split()} | set(fold(extracted).split())
    specific = {w for w in want if w not in GENERIC}
    if specific:
        return any(w in have or w.rstrip("s") in have for w in specific)
    return bool({w.rstrip("s") for w in want} & have)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--matches", required=True)
    parser.add_argument("--lists", required=True)
    args = parser.parse_args()
    aliases = load_aliases(args.lists)
    items = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    results = {}
    for line in open(args.matches, encoding="utf-8"):
        if line.strip():
            result = json.loads(line)
            results[result["id"]] = result

    print(f"corpus: {args.corpus} ({len(items)} items)")
    print(f"{'topic':<20} {'precision':>9} {'recall':>7} {'F1':>6}   tp  fp  fn")
    details = []
    for topic in TOPICS:
        tp = fp = fn = 0
        misses, alarms = [], []
        for item in items:
            truth = topic in item.get("labels", [])
            got = topic in results.get(item["id"], {}).get("topics", [])
            tp += truth and got
            fp += got and not truth
            fn += truth and not got
            if truth and not got:
                misses.append(item)
            if got and not truth:
                alarms.append(item)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{topic:<20} {precision:9.3f} {recall:7.3f} {f1:6.3f} {tp:4d} {fp:3d} {fn:3d}")
        details.append((topic, misses, alarms))
    for topic, misses, alarms in details:
        for label, group in (("misses", misses), ("false alarms", alarms)):
            print(f"\n{topic} {label}: {len(group)}")
            for item in group:
                rules = [m["rule"] for m in results.get(item["id"], {}).get("matches", [])]
                extra = f"  [{', '.join(rules)}]" if rules else ""
                print(f"  {item['id']}  {item['title']}{extra}")

    labelled = [item for item in items if item.get("event")]
    pair_ok = system_ok = quantity_ok = both_ok = 0
    event_misses = []
    for item in labelled:
        gold = item["event"]
        suppliers = parties(gold.get("supplier"), aliases)
        recipients = parties(gold.get("recipient"), aliases)
        # Transfers only: alliance events name parties, not a supplier and a recipient.
        events = [e for m in results.get(item["id"], {}).get("matches", []) for e in m.get("events", [])
                  if "act" not in e]
        paired = [e for e in events
                  if canonical(e.get("supplier"), aliases) in suppliers
                  and canonical(e.get("recipient"), aliases) in recipients]
        system = any(system_matches(gold.get("system") or "", e.get("system") or "") for e in paired)
        quantity = any(e.get("quantity") == gold.get("quantity") for e in paired)
        both = any(system_matches(gold.get("system") or "", e.get("system") or "")
                   and e.get("quantity") == gold.get("quantity") for e in paired)
        pair_ok += bool(paired)
        system_ok += system
        quantity_ok += quantity
        both_ok += both
        if not both:
            first = events[0] if events else None
            shown = (f"{first.get('supplier')} -> {first.get('recipient')}: {first.get('system')}"
                     f" x{first.get('quantity')} ({first.get('status')})") if first else "no event"
            event_misses.append((item["id"], bool(paired), gold, shown, len(events)))
    n = len(labelled) or 1
    print(f"\nevents: {len(labelled)} labelled items")
    print(f"  supplier and recipient in one event: {pair_ok}/{len(labelled)} = {pair_ok / n:.3f}")
    print(f"  ... and the right system:            {system_ok}/{len(labelled)} = {system_ok / n:.3f}")
    print(f"  ... and the right quantity:          {quantity_ok}/{len(labelled)} = {quantity_ok / n:.3f}")
    print(f"  ... and both system and quantity:    {both_ok}/{len(labelled)} = {both_ok / n:.3f}")
    print("\nevent misses (pair found?, labelled, first extracted of n):")
    for item_id, paired, gold, shown, count in event_misses:
        print(f"  {item_id} pair={'yes' if paired else 'no '} want {gold['supplier']} -> {gold['recipient']}:"
              f" {gold['system']} x{gold['quantity']}")
        print(f"  {'':7}          got  {shown} (of {count})")


if __name__ == "__main__":
    main()
