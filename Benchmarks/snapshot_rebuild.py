#!/usr/bin/env python3
"""Rebuilds the shipped snapshot and compares every file with Data/snapshot.

Not a comparison with a peer: the check `entente snapshot build` promises (the same data give the same files),
too slow for the test suite (about an hour and a half on two cores, 24 backtest origins for two ensembles).

  Benchmarks/snapshot_rebuild.py --entente .build/release/entente --database DB.sqlite [--out DIR]
  Benchmarks/snapshot_rebuild.py --built DIR          # compare a build made earlier, without building

A file passes when its bytes equal the shipped file's; otherwise, for JSON and CSV, when every number is within
1e-9 (relative, above 1) and every other field is equal, so that another machine's last-bit rounding does not
fail it. Prints one line per file, the build's time, and exits 1 when any file differs.
"""
import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = os.path.join(ROOT, "Data", "snapshot")
TOLERANCE = 1e-9


def files(folder):
    """Every snapshot file under folder, as paths relative to it."""
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            if name.endswith((".json", ".csv")):
                found.append(os.path.relpath(os.path.join(directory, name), folder))
    return sorted(found)


def close(a, b):
    return a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= TOLERANCE * max(1.0, abs(b))


def json_difference(a, b, where="$"):
    """The first place two JSON values differ beyond the tolerance, or None."""
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a == b else f"{where}: {a!r} vs {b!r}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if close(float(a), float(b)) else f"{where}: {a!r} vs {b!r}"
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return f"{where}: keys {sorted(a.keys() ^ b.keys())} in one only"
        for key in a:
            found = json_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = json_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"


def number(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def csv_difference(a, b):
    """The first cell two CSV texts differ in beyond the tolerance, or None."""
    rows_a, rows_b = list(csv.reader(io.StringIO(a))), list(csv.reader(io.StringIO(b)))
    if len(rows_a) != len(rows_b):
        return f"{len(rows_a)} lines vs {len(rows_b)}"
    if rows_a and rows_a[0] != rows_b[0]:
        return f"header {rows_a[0]} vs {rows_b[0]}"
    for line, (x, y) in enumerate(zip(rows_a, rows_b), start=1):
        if len(x) != len(y):
            return f"line {line}: {len(x)} fields vs {len(y)}"
        for column, (p, q) in enumerate(zip(x, y)):
            if p == q:
                continue
            u, v = number(p), number(q)
            if u is None or v is None or not close(u, v):
                name = rows_a[0][column] if rows_a else column
                return f"line {line}, {name}: {p!r} vs {q!r}"
    return None


def compare(built):
    """Compares every file of the built folder with the shipped one; returns the number that differ."""
    ours, theirs = files(built), files(SHIPPED)
    differing = 0
    for path in sorted(set(ours) | set(theirs)):
        if path not in ours or path not in theirs:
            print(f"  {path:32} only in {'the build' if path in ours else 'Data/snapshot'}")
            differing += 1
            continue
        with open(os.path.join(built, path), "rb") as f:
            a = f.read()
        with open(os.path.join(SHIPPED, path), "rb") as f:
            b = f.read()
        if a == b:
            print(f"  {path:32} identical ({len(a):,} bytes)")
            continue
        if path.endswith(".json"):
            found = json_difference(json.loads(a), json.loads(b))
        else:
            found = csv_difference(a.decode(), b.decode())
        if found:
            print(f"  {path:32} DIFFERS: {found}")
            differing += 1
        else:
            print(f"  {path:32} equal to {TOLERANCE:g} (bytes differ)")
    return differing


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entente", default=os.path.join(ROOT, ".build", "release", "entente"))
    parser.add_argument("--database", help="an imported database (`entente import all --from ../shared/data`)")
    parser.add_argument("--out", help="where to build (default: a temporary folder)")
    parser.add_argument("--built", help="compare this folder, built earlier, without building")
    args = parser.parse_args()
    if args.built:
        built = args.built
    else:
        if not args.database:
            parser.error("--database is needed to build")
        built = args.out or tempfile.mkdtemp(prefix="entente-snapshot-")
        started = time.monotonic()
        subprocess.run([args.entente, "snapshot", "build", "--database", args.database, "--out", built], check=True)
        print(f"entente snapshot build: {time.monotonic() - started:,.0f} s")
    print(f"{built} against {SHIPPED}:")
    differing = compare(built)
    print(f"{len(files(SHIPPED))} shipped files, {differing} differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
