#!/usr/bin/env python3
"""Malformed GDELT files for the Spark roll-up's keep-going test: every kind of bad line the native reader reports.

Usage: gdelt_malformed.py DATA_DIR OUT_DIR   writes OUT_DIR/20240819140000.export.CSV (2.0 layout: bad date, ID,
quad class, Goldstein, tone, column count, UTF-8, IsRootEvent, a non-dyadic row's bad ID, a signed count; and
lines that are fine: `.5`, `-0`, `+2.5`, UTF-8 text, an empty line) and OUT_DIR/1979.reduced.tsv.zip (reduced
layout, zipped: quad class 9, a bad NumEvents, too few fields, a bad date).
"""
import os
import sys
import zipfile

data, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def edit(row, index, value):
    fields = row.split(b"\t")
    fields[index] = value
    return b"\t".join(fields)


rows = [row for row in open(os.path.join(data, "gdelt/gdelt2_20240819130000.export.sample6rows.CSV"), "rb").read().split(b"\n") if row]
dyadic = rows[3]  # RUS -> USA
lines = [rows[0], edit(dyadic, 1, b"20241301"), edit(dyadic, 0, b"12a4"), edit(dyadic, 29, b"7"), edit(dyadic, 30, b"1e"),
         edit(dyadic, 34, b"--3"), edit(dyadic, 34, b"1e999"), edit(dyadic, 30, b".5"), edit(dyadic, 0, b"-0"),
         b"\t".join(dyadic.split(b"\t")[:40]), edit(dyadic, 5, b"caf\xc3\xa9"), edit(dyadic, 5, b"caf\xe9"), b"",
         edit(dyadic, 25, b""), edit(edit(rows[0], 7, b""), 0, b"x1"), edit(edit(rows[0], 7, b""), 25, b"zz"),
         edit(dyadic, 31, b"+3"), edit(dyadic, 30, b"+2.5")]
with open(os.path.join(out, "20240819140000.export.CSV"), "wb") as handle:
    handle.write(b"\n".join(lines) + b"\n")

reduced = [row for row in open(os.path.join(data, "gdelt/gdelt1_reduced_1979_sample.tsv"), "rb").read().split(b"\n") if row]
pairs = [row for row in reduced[1:] if row.split(b"\t")[1][:3] == b"USA" and row.split(b"\t")[2][:3] in (b"RUS", b"CHN", b"FRA", b"GBR")]
lines = [reduced[0], reduced[1], edit(pairs[0], 6, b"9"), edit(reduced[2], 4, b"x"), b"a\tb", edit(pairs[1], 0, b"19790230x"), pairs[2]]
with zipfile.ZipFile(os.path.join(out, "1979.reduced.tsv.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("1979.reduced.tsv", b"\n".join(lines) + b"\n")
