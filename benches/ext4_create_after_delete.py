#!/usr/bin/env python3
"""The ext4 figure of docs/BENCHMARKS.md: the time to create an empty file right after
deleting many files, and again some seconds later (on ext4 without a journal, creating a
file skips recently deleted inodes: `recently_deleted()` in fs/ext4/ialloc.c).

Usage: benches/ext4_create_after_delete.py [DIR] [--files 20000] [--after 20]
DIR (default: target/bench/ext4) must be on the file system to measure.
"""
import argparse
import os
import shutil
import statistics
import time

ap = argparse.ArgumentParser()
ap.add_argument("dir", nargs="?", default="target/bench/ext4")
ap.add_argument("--files", type=int, default=20000)
ap.add_argument("--after", type=float, default=20.0, help="seconds before the second probe")
a = ap.parse_args()


def probe(d, n=200):
    """Median µs to create (and keep) one empty file, over n files."""
    ts = []
    for i in range(n):
        p = os.path.join(d, f"probe-{time.monotonic_ns()}-{i}")
        t = time.perf_counter()
        with open(p, "x"):
            pass
        ts.append((time.perf_counter() - t) * 1e6)
    return statistics.median(ts)


shutil.rmtree(a.dir, ignore_errors=True)
bulk = os.path.join(a.dir, "bulk")
os.makedirs(bulk)
for i in range(a.files):
    open(os.path.join(bulk, str(i)), "w").close()
shutil.rmtree(bulk)
print(f"right after deleting {a.files} files: {probe(a.dir):.0f} µs per create (median)")
time.sleep(a.after)  # the measured quantity: how creation cost changes with time since the deletion
print(f"{a.after:.0f} s later: {probe(a.dir):.0f} µs per create (median)")
shutil.rmtree(a.dir, ignore_errors=True)
