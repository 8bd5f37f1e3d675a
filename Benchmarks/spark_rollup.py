#!/usr/bin/env python3
"""Spark local[2] against the native `entente events import` on the same GDELT files (issue 18).

Usage: spark_rollup.py [--data DIR] [--size-mb 1024] [--files 16] [--entente BINARY] [--submit "spark-submit"]
                       [--keep]

Without --data it writes synthetic GDELT 2.0 exports with gdelt_synth.py (seed 1) into a temporary folder. Then:
1. `entente events import DIR` into a fresh database (the native import; its wall time);
2. `entente events spark-job` and `spark-submit --master local[2] JOB/entente_rollup.py --out OUT DIR` (with
   spark.sql.shuffle.partitions=4, twice the cores, instead of 200 tiny shuffle tasks), with
   Spark's start-up (launch to "session ready"), the roll-up itself (to "rolled up") and the shutdown timed apart;
3. `entente events import-rollup OUT` into another fresh database, and both stores compared (dyad-days, events,
   mentions, host bytes; the full comparison is the Spark tests' job).
It prints the times, MB/s of input and the ratios, and what the job's stages carried (see the note at the end).
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def folder_bytes(path):
    total = 0
    for base, _, names in os.walk(path):
        total += sum(os.path.getsize(os.path.join(base, name)) for name in names)
    return total


def store_totals(path):
    con = sqlite3.connect(path)
    return con.execute("SELECT count(*), sum(events), sum(mentions), sum(length(hosts)), round(sum(goldstein_sum), 6) "
                       "FROM event_dyad_day").fetchone()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="GDELT files to read (default: synthetic, written to a temporary folder)")
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--entente", default=os.path.join(ROOT, ".build/release/entente"))
    ap.add_argument("--submit", default="spark-submit", help="the submit command (--master local[2] is added)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="entente-spark-bench-")
    data = args.data
    if not data:
        data = os.path.join(work, "gdelt")
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/gdelt_synth.py"), "--out", data, "--size-mb",
                        str(args.size_mb), "--files", str(args.files), "--seed", "1"], check=True)
    size = folder_bytes(data)
    print(f"input: {data}, {size / 1e6:.0f} MB")

    native_db = os.path.join(work, "native.sqlite")
    started = time.perf_counter()
    subprocess.run([args.entente, "events", "import", data, "--database", native_db, "--format", "csv"], check=True,
                   stdout=subprocess.DEVNULL)
    native = time.perf_counter() - started

    job, out = os.path.join(work, "job"), os.path.join(work, "rollup")
    subprocess.run([args.entente, "events", "spark-job", "--out", job], check=True, stdout=subprocess.DEVNULL)
    command = (f"{args.submit} --master 'local[2]' --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=4 "
               f"'{job}/entente_rollup.py' --out '{out}' '{data}'")
    started = time.perf_counter()
    ready = done = None
    process = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        now = time.perf_counter() - started
        if line.startswith("entente: Spark") and "session ready" in line:
            ready = now
        elif line.startswith("entente: rolled up"):
            done = now
            print("  " + line.strip())
    process.wait()
    total = time.perf_counter() - started
    if process.returncode != 0 or ready is None or done is None:
        sys.exit(f"the Spark job failed (exit status {process.returncode})")

    rollup_db = os.path.join(work, "rollup.sqlite")
    started = time.perf_counter()
    subprocess.run([args.entente, "events", "import-rollup", out, "--database", rollup_db, "--format", "csv"], check=True,
                   stdout=subprocess.DEVNULL)
    merge = time.perf_counter() - started
    same = store_totals(native_db) == store_totals(rollup_db)

    processing = done - ready
    mb = size / 1e6
    print(f"native events import:        {native:7.2f} s  {mb / native:7.1f} MB/s")
    print(f"Spark local[2] start-up:     {ready:7.2f} s  (launch to session ready)")
    print(f"Spark local[2] roll-up:      {processing:7.2f} s  {mb / processing:7.1f} MB/s  (listing, parse, SQL, writing)")
    print(f"Spark local[2] shutdown:     {total - done:7.2f} s")
    print(f"import-rollup:               {merge:7.2f} s")
    print(f"ratio Spark roll-up / native:                 {processing / native:6.1f}x")
    print(f"ratio Spark whole run + import-rollup / native: {(total + merge) / native:6.1f}x")
    print(f"stores agree (dyad-days, events, mentions, hosts, Goldstein): {same}")
    parsed = folder_bytes(os.path.join(out, "_parsed"))
    registered = folder_bytes(os.path.join(out, "_registered"))
    rollup = folder_bytes(os.path.join(out, "rollup"))
    print(f"stage data: parsed events {parsed / 1e6:.1f} MB (Parquet; what the duplicate shuffle reads), "
          f"registered {registered / 1e6:.1f} MB, roll-up CSV {rollup / 1e6:.1f} MB")
    print("scaling: each input file is one task (zip and gzip cannot be split, and duplicate control needs each file's "
          "line order), so a cluster runs as many files at once as it has cores; only the selected events (about a fifth "
          "of the rows, ~40 bytes each) are shuffled, by event ID and then by dyad-day.")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
