#!/usr/bin/env python3
"""Independent roll-up of GDELT event files with pandas, for EventImportTests.

Usage: gdelt_rollup.py CAMEO_COUNTRIES_CSV FILE...   prints CSV: source,target,day,events,mentions,events_q1..q4,
goldstein_sum,tone_sum,sources — the directed dyad-day roll-up under Entente's default selection: both actor
country codes set and different, both naming COW states (per cameo-countries.csv), different states; each
GLOBALEVENTID counted once (its first occurrence, files in the order given); sources = distinct SOURCEURL hosts (lower-cased, without a leading www.).
"""
import sys
from urllib.parse import urlsplit

import pandas as pd

cameo = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
to_cow = {row.cameo: int(row.ccode) for row in cameo.itertuples() if row.ccode}

def source_host(url):
    """A source: the URL's host, lower-cased, without a leading www."""
    host = (urlsplit(url).hostname or "") if "://" in url else url.split("/")[0].lower()
    return host[4:] if host.startswith("www.") else host


frames = []
for path in sys.argv[2:]:
    frame = pd.read_csv(path, sep="\t", header=None, dtype=str, keep_default_na=False, quoting=3)
    frames.append(frame)
events = pd.concat(frames, ignore_index=True)
url_column = events.columns[-1] if events.shape[1] in (58, 61) else None
events = events[(events[7] != "") & (events[17] != "") & (events[7] != events[17])]
events = events.assign(source=events[7].map(to_cow), target=events[17].map(to_cow))
events = events.dropna(subset=["source", "target"])
events = events[events["source"] != events["target"]]
events = events.drop_duplicates(subset=[0], keep="first")
events = events.assign(
    day=events[1].astype(int), quad=events[29].astype(int), goldstein=events[30].astype(float),
    mentions=events[31].astype(int), tone=events[34].astype(float),
    host=events[url_column].map(source_host) if url_column is not None else "")
for quad in range(1, 5):
    events[f"events_q{quad}"] = (events["quad"] == quad).astype(int)
grouped = events.groupby(["source", "target", "day"])
out = grouped.agg(events=("quad", "size"), mentions=("mentions", "sum"), events_q1=("events_q1", "sum"),
                  events_q2=("events_q2", "sum"), events_q3=("events_q3", "sum"), events_q4=("events_q4", "sum"),
                  goldstein_sum=("goldstein", "sum"), tone_sum=("tone", "sum"),
                  sources=("host", lambda hosts: hosts[hosts != ""].nunique())).reset_index()
out["source"] = out["source"].astype(int)
out["target"] = out["target"].astype(int)
out.to_csv(sys.stdout, index=False, float_format="%.10g")
