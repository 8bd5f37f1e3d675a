#!/usr/bin/env python3
"""`entente import all` side by side with pandas read_csv + to_sql into SQLite, on the same files, in one run.

Usage: Benchmarks/import_all.py [DATA_DIR]   (needs a release build and a venv with pandas: see README.md)
"""
import json, os, sqlite3, subprocess, sys, tempfile, time

import pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data"))
entente = os.path.join(root, ".build", "release", "entente")

datasets = json.loads(subprocess.run([entente, "datasets", "--format", "json"], check=True,
                                     capture_output=True, text=True).stdout)
files = []
for d in datasets:
    found = [p for p in d["import_all_paths"].split(" | ") if os.path.exists(os.path.join(data, p))]
    if found:
        files.append((d["table"], os.path.join(data, found[0])))
size = sum(os.path.getsize(p) for _, p in files)

with tempfile.TemporaryDirectory() as tmp:
    start = time.perf_counter()
    out = subprocess.run([entente, "import", "all", "--from", data, "--database", os.path.join(tmp, "e.sqlite"),
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    entente_seconds = time.perf_counter() - start
    entente_rows = sum(r["stored"] for r in json.loads(out))

    start = time.perf_counter()
    con = sqlite3.connect(os.path.join(tmp, "p.sqlite"))
    pandas_rows = 0
    for table, path in files:
        options = {}
        if "sipri_arms" in path:
            options["skiprows"] = 11
        if "milex" in path:
            options["encoding"] = "cp1252"
        frame = pd.read_csv(path, low_memory=False, **options)
        frame.to_sql(table, con, if_exists="replace", index=False, chunksize=100_000)
        pandas_rows += len(frame)
    con.commit()
    con.close()
    pandas_seconds = time.perf_counter() - start

print(f"files: {len(files)}, {size / 1e6:.1f} MB on disk (several gzip-compressed)")
print(f"{'tool':<34}{'seconds':>9}{'rows':>11}{'rows/s':>12}")
print(f"{'entente import all (validated)':<34}{entente_seconds:>9.2f}{entente_rows:>11}{entente_rows / entente_seconds:>12.0f}")
print(f"{'pandas read_csv + to_sql':<34}{pandas_seconds:>9.2f}{pandas_rows:>11}{pandas_rows / pandas_seconds:>12.0f}")
print(f"ratio pandas/entente: {pandas_seconds / entente_seconds:.2f}x")
