"""The keyword baseline of bench/match: what a quick script of two regular-expression
alternations, one per topic, does with the same stories.

Usage: /usr/bin/python3 keywords.py STORIES.jsonl > topics.jsonl
Reads JSON Lines stories ({"id","title","summary","content"}), writes one line per story
with the topics whose alternation occurs anywhere in its text. No proximity, no fields,
no masks, no exceptions, no events: far less than the rule packs do.
"""

import json
import re
import sys

ARMS = re.compile(
    r"\b(?:arms|weapons?|missiles?|tanks?|fighter jets?|fighters?|jets?|drones?|artillery"
    r"|howitzers?|ammunition|munitions|shells|rockets?|air defen[cs]e|helicopters?"
    r"|warships?|frigates?|submarines?|rifles?|arms (?:sales?|deals?|exports?|embargo))\b",
    re.IGNORECASE)
ALLIANCE = re.compile(
    r"\b(?:nato|alliance|allies|ally|summit|treaty|pact|aukus|quad|csto|accession"
    r"|defen[cs]e ministers?|secretary general|security (?:pact|agreement|guarantees?))\b",
    re.IGNORECASE)


def main(path):
    write = sys.stdout.write
    with open(path, encoding="utf-8") as stories:
        for line in stories:
            story = json.loads(line)
            text = "\n".join(story.get(field) or "" for field in ("title", "summary", "content"))
            topics = []
            if ARMS.search(text):
                topics.append("arms_transfer")
            if ALLIANCE.search(text):
                topics.append("alliance_diplomacy")
            write(json.dumps({"id": story.get("id"), "topics": topics}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
