#!/usr/bin/python3
"""Times Debian's python3-feedparser on every file of a folder, repeating the whole set
until --seconds have passed. Prints one line: MB/s items/s items-per-pass, per second of CPU time."""
import argparse
import os
import time

import feedparser


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seconds', type=float, default=2.0)
    parser.add_argument('folder')
    args = parser.parse_args()
    names = sorted(os.listdir(args.folder))
    documents = [open(os.path.join(args.folder, name), 'rb').read() for name in names]
    size = sum(len(d) for d in documents)
    items = 0
    for document in documents:
        try:
            items += len(feedparser.parse(document).entries)
        except Exception:  # feedparser 6.0.10 raises on a few inputs
            pass
    passes = 0
    # CPU time, as on the C++ side: the machine may be shared.
    start = time.process_time()
    elapsed = 0.0
    while elapsed < args.seconds or passes == 0:
        for document in documents:
            try:
                feedparser.parse(document)
            except Exception:
                pass
        passes += 1
        elapsed = time.process_time() - start
    print('%.4f %.1f %d' % (size * passes / elapsed / 1e6, items * passes / elapsed, items))


if __name__ == '__main__':
    main()
