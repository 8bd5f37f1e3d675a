#!/usr/bin/env python3
"""Independent count of GDELT events from Western states against each state in one month, for PressureTests.

Usage: pressure_month_check.py REFERENCE_DIR YYYYMM FILE...   prints CSV: target,events,conflict — per target
state, the events whose source is a Western state (western-senders.csv, rows with a COW code) dated in the month,
and of those the conflictual ones (quad classes 3 and 4). Events are selected and de-duplicated as in
gdelt_rollup.py (Entente's default selection), which this script runs on the raw files and then sums per day.
"""
import io
import os
import subprocess
import sys

import pandas as pd

reference, month, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
here = os.path.dirname(os.path.abspath(__file__))
rollup = subprocess.run([sys.executable, os.path.join(here, "gdelt_rollup.py"), os.path.join(reference, "cameo-countries.csv")]
                        + files, check=True, capture_output=True, text=True).stdout
days = pd.read_csv(io.StringIO(rollup))
western = pd.read_csv(os.path.join(reference, "western-senders.csv"), dtype=str, keep_default_na=False)
western = {int(code) for code in western["ccode"] if code}
chosen = days[days["source"].isin(western) & (days["day"] // 100 == month)]
out = chosen.assign(conflict=chosen["events_q3"] + chosen["events_q4"]).groupby("target")[["events", "conflict"]].sum()
out.reset_index().to_csv(sys.stdout, index=False)
