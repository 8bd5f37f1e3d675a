#!/usr/bin/env python3
"""GDELT 2.0 directed dyad-day roll-up: DuckDB, a raw newline scan and (once it exists) `entente events import`,
on the same bytes, in one run.

Usage: Benchmarks/events_duckdb.py [--out-csv FILE] [--threads 2] [--no-entente] [--entente BINARY] DIR_OR_FILE...

Input: GDELT 2.0 event exports (61 tab-separated columns, no header), plain (*.CSV, *.csv, *.tsv) or zipped
(*.zip, one member each). DuckDB cannot read zip, so zipped input is first extracted to a temporary folder;
that extraction is timed and reported on its own line, and "DuckDB incl. unzip" adds it in. MB/s always
counts uncompressed bytes.

The roll-up (the default selection of issue 3):
- rows whose Actor1CountryCode and Actor2CountryCode are both non-empty and different;
- duplicate control: among those rows, only the first occurrence of each GLOBALEVENTID counts; "first" is
  the file that sorts first by name (GDELT names sort by time), ties inside one file broken by DATEADDED;
- grouped by (Actor1CountryCode, Actor2CountryCode, SQLDATE) into: events = count, mentions = sum(NumMentions),
  events_q1..events_q4 = count per QuadClass, goldstein_sum = sum(GoldsteinScale), goldstein_mean =
  goldstein_sum / events, tone_mean = avg(AvgTone), sources = count(distinct host of SOURCEURL), where host is
  the URL's authority lower-cased, without scheme, port, or a leading "www.".

--out-csv writes the result sorted by actor1, actor2, date with columns
actor1,actor2,date,events,mentions,events_q1,events_q2,events_q3,events_q4,goldstein_sum,goldstein_mean,tone_mean,sources
so that a test can compare it with Entente's stored roll-up.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
SCAN_SOURCE = os.path.join(HERE, "newline_scan.c")
SCAN_BINARY = os.path.join(OUT, "newline_scan")
ENTENTE = os.path.join(ROOT, ".build", "release", "entente")

COLUMNS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
           "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
           "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
           "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
           "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
           "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
           "NumMentions", "NumSources", "NumArticles", "AvgTone",
           "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
           "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
           "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
           "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
           "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
           "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
           "DATEADDED", "SOURCEURL"]
assert len(COLUMNS) == 61
TYPES = {"GLOBALEVENTID": "BIGINT", "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE",
         "NumMentions": "BIGINT", "AvgTone": "DOUBLE"}

QUERY = r"""
WITH selected AS (
    SELECT filename, GLOBALEVENTID, DATEADDED, Actor1CountryCode AS actor1, Actor2CountryCode AS actor2,
           SQLDATE AS date, NumMentions, QuadClass, GoldsteinScale, AvgTone, SOURCEURL
    FROM read_csv({files}, delim = '\t', header = false, quote = '', escape = '', auto_detect = false,
                  columns = {columns}, filename = true)
    WHERE Actor1CountryCode <> '' AND Actor2CountryCode <> '' AND Actor1CountryCode <> Actor2CountryCode
), first AS (
    SELECT * FROM selected
    QUALIFY row_number() OVER (PARTITION BY GLOBALEVENTID ORDER BY filename, DATEADDED) = 1
)
SELECT actor1, actor2, date,
       count(*) AS events,
       sum(NumMentions) AS mentions,
       count(*) FILTER (WHERE QuadClass = 1) AS events_q1,
       count(*) FILTER (WHERE QuadClass = 2) AS events_q2,
       count(*) FILTER (WHERE QuadClass = 3) AS events_q3,
       count(*) FILTER (WHERE QuadClass = 4) AS events_q4,
       sum(GoldsteinScale) AS goldstein_sum,
       sum(GoldsteinScale) / count(*) AS goldstein_mean,
       avg(AvgTone) AS tone_mean,
       count(DISTINCT nullif(lower(regexp_extract(SOURCEURL,
             '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[Ww][Ww][Ww]\.)?([^/:?#]+)', 1)), '')) AS sources
FROM first
GROUP BY actor1, actor2, date
"""


def collect(paths):
    plain, zipped = [], []
    for p in paths:
        entries = [os.path.join(p, n) for n in sorted(os.listdir(p))] if os.path.isdir(p) else [p]
        for f in entries:
            low = f.lower()
            if low.endswith(".zip"):
                zipped.append(f)
            elif low.endswith((".csv", ".tsv")):
                plain.append(f)
            elif not os.path.isdir(p):
                sys.exit(f"not a GDELT export: {f}")
    if plain and zipped:
        sys.exit("give either plain or zipped files, not both in one run")
    if not plain and not zipped:
        sys.exit("no *.CSV or *.zip files found")
    return sorted(plain, key=os.path.basename), sorted(zipped, key=os.path.basename)


def scanner():
    os.makedirs(OUT, exist_ok=True)
    if not os.path.exists(SCAN_BINARY) or os.path.getmtime(SCAN_BINARY) < os.path.getmtime(SCAN_SOURCE):
        subprocess.run(["cc", "-O2", "-o", SCAN_BINARY, SCAN_SOURCE], check=True)
    return SCAN_BINARY


def newline_scan(files):
    out = subprocess.run([scanner()] + files, check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (pair.split("=") for pair in out.split())}


def unzip(zips, into):
    files = []
    for z in zips:
        with zipfile.ZipFile(z) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) != 1:
                sys.exit(f"{z}: expected one member, found {len(members)}")
            target = os.path.join(into, os.path.basename(members[0].filename))
            with zf.open(members[0]) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 8 << 20)
            files.append(target)
    return files


def entente_available():
    if not os.path.exists(ENTENTE):
        return False
    # An unknown subcommand with --help prints the top-level help and exits 0, so look at the usage line.
    done = subprocess.run([ENTENTE, "events", "import", "--help"], capture_output=True, text=True)
    return done.returncode == 0 and "entente events import" in done.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", help="directories or files")
    ap.add_argument("--out-csv", help="write the DuckDB roll-up here")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-entente", action="store_true", help="skip Entente even if it is built")
    ap.add_argument("--entente", help="the entente binary (default .build/release/entente), e.g. a --scratch-path build")
    args = ap.parse_args()
    if args.entente:
        global ENTENTE
        ENTENTE = os.path.abspath(args.entente)

    plain, zipped = collect(args.inputs)
    tmp = tempfile.mkdtemp(prefix="events_duckdb_")
    try:
        unzip_seconds = 0.0
        if zipped:
            start = time.perf_counter()
            plain = unzip(zipped, tmp)
            unzip_seconds = time.perf_counter() - start
        size = sum(os.path.getsize(f) for f in plain)
        mb = size / 1e6

        newline_scan(plain)                     # warm the page cache so every reader sees the same state
        scan = newline_scan(plain)

        con = duckdb.connect()
        con.execute(f"SET threads = {args.threads}")
        columns = "{" + ", ".join(f"'{c}': '{TYPES.get(c, 'VARCHAR')}'" for c in COLUMNS) + "}"
        files = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in plain) + "]"
        start = time.perf_counter()
        con.execute("CREATE TEMP TABLE rollup AS " + QUERY.format(files=files, columns=columns))
        duck_seconds = time.perf_counter() - start
        dyad_days, events = con.execute("SELECT count(*), coalesce(sum(events), 0) FROM rollup").fetchone()
        if args.out_csv:
            con.execute(f"COPY (SELECT * FROM rollup ORDER BY actor1, actor2, date) TO "
                        f"'{os.path.abspath(args.out_csv)}' (HEADER, DELIMITER ',')")

        entente_seconds = None
        if not args.no_entente and entente_available():
            db = os.path.join(tmp, "entente.sqlite")
            start = time.perf_counter()
            subprocess.run([ENTENTE, "events", "import"] + (zipped or plain) + ["--database", db], check=True,
                           stdout=subprocess.DEVNULL)
            entente_seconds = time.perf_counter() - start

        kind = "zipped" if zipped else "plain"
        print(f"input: {len(plain)} {kind} files, {mb:.1f} MB uncompressed, {int(scan['lines'])} rows"
              + (f", {sum(os.path.getsize(z) for z in zipped) / 1e6:.1f} MB zipped" if zipped else ""))
        print(f"roll-up: {dyad_days} dyad-days, {events} events (DuckDB {duckdb.__version__}, threads={args.threads})")
        print(f"{'step':<34}{'seconds':>9}{'MB/s':>9}")

        def row(name, seconds):
            print(f"{name:<34}{seconds:>9.2f}{mb / seconds if seconds else float('inf'):>9.0f}")

        row("newline scan (memchr, 1 core)", scan["seconds"])
        if zipped:
            row("unzip (Python zipfile)", unzip_seconds)
        row("DuckDB read_csv + GROUP BY", duck_seconds)
        if zipped:
            row("DuckDB incl. unzip", duck_seconds + unzip_seconds)
        if entente_seconds is not None:
            row("entente events import" + (" (zip)" if zipped else ""), entente_seconds)
        else:
            print("entente events import: not available yet (no `entente events import` in .build/release)")
        duck_total = duck_seconds + unzip_seconds
        print(f"ratio DuckDB/newline-scan time: {duck_total / scan['seconds']:.1f}x")
        if entente_seconds is not None:
            print(f"ratio DuckDB/entente time: {duck_total / entente_seconds:.2f}x (target >= 2)")
            print(f"ratio entente/newline-scan time: {entente_seconds / scan['seconds']:.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
