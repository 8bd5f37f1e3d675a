#!/usr/bin/env python3
"""Synthetic GDELT 2.0 event export files, for benchmarks only (never for analysis).

Each file looks like a real 15-minute GDELT 2.0 export: 61 tab-separated columns, no header, LF line endings
(as in the real sample shared/data/gdelt/gdelt2_20240819130000.export.sample6rows.CSV), named
`YYYYMMDDHHMMSS.export.CSV`, or `YYYYMMDDHHMMSS.export.CSV.zip` holding one member of that name (--zip).

Shape, taken from the real samples in shared/data/gdelt and the CAMEO tables in Data/reference:
- GLOBALEVENTID increases from file to file and row to row; --duplicate-rate re-emits an earlier event
  (same ID and fields, later DATEADDED), also across files, as GDELT sometimes does.
- DATEADDED is the file's 15-minute slot; SQLDATE is that day for most rows, else an earlier day of the range.
  FractionDate follows GDELT's formula YYYY + ((month-1)*30 + day)/365 to 4 decimals.
- Actor country codes are real CAMEO codes (Data/reference/cameo-countries.csv), USA/CHN/RUS/GBR/... heavier.
  In the real 1.0 daily sample 62.7 % of rows set Actor1CountryCode, 46.2 % Actor2CountryCode, 27.6 % both,
  19.6 % both and different: the defaults reproduce those shares.
- Event codes are real 3- and 4-digit CAMEO codes with root code, quad class and Goldstein value read from
  Data/reference/cameo-event-codes.csv, roots weighted as in the real samples.
- NumMentions/NumSources/NumArticles are heavy-tailed, AvgTone is a float printed with 15 significant digits,
  geo blocks are real places with FIPS codes, SOURCEURL comes from a weighted pool of news domains.

Deterministic for a given --seed (and numpy version). Writes in large chunks: about 1 GB a minute or better.

Usage: gdelt_synth.py --out DIR [--size-mb 1024] [--files 16] [--seed 1] [--zip] [--duplicate-rate 0.01]
                      [--start 2024-08-19] [--days 30]
"""
import argparse
import csv
import datetime as dt
import os
import sys
import time
import zipfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "Data", "reference")

# Share of each root code among events (real 1.0 daily + 2.0 samples, rounded).
ROOT_WEIGHTS = {"01": 114, "02": 58, "03": 45, "04": 175, "05": 42, "06": 13, "07": 14, "08": 34, "09": 7,
                "10": 14, "11": 54, "12": 22, "13": 10, "14": 8, "15": 5, "16": 9, "17": 35, "18": 7,
                "19": 49, "20": 2}

# Heavier weights for the countries that dominate GDELT coverage; every other state and region gets 1.
COUNTRY_WEIGHTS = {"USA": 220, "GBR": 45, "CHN": 45, "RUS": 45, "ISR": 30, "IND": 30, "UKR": 28, "IRN": 22,
                   "FRA": 20, "DEU": 20, "PAK": 16, "AUS": 16, "CAN": 15, "JPN": 14, "TUR": 14, "SYR": 12,
                   "PSE": 10, "KOR": 10, "PRK": 8, "SAU": 10, "EGY": 9, "NGA": 9, "AFG": 9, "IRQ": 9,
                   "ITA": 8, "MEX": 8, "BRA": 8, "ZAF": 8, "PHL": 7, "LBN": 7, "QAT": 5, "TWN": 6, "VNM": 5,
                   "IDN": 5, "ESP": 5, "POL": 5, "KEN": 5, "SDN": 4, "YEM": 4, "BLR": 4, "NZL": 4, "MYS": 4,
                   "EUR": 4, "AFR": 2, "MEA": 2, "WST": 1}

ACTOR_TYPES = ["GOV", "GOV", "GOV", "MIL", "COP", "JUD", "LEG", "BUS", "MED", "CVL", "EDU", "OPP", "REB",
               "LAB", "HLH", "REF", "CRM", "SPY", "ELI", "NGO"]
TYPE_NAMES = {"GOV": "PRESIDENT", "MIL": "MILITARY", "COP": "POLICE", "JUD": "COURT", "LEG": "PARLIAMENT",
              "BUS": "COMPANY", "MED": "JOURNALIST", "CVL": "CITIZEN", "EDU": "STUDENT", "OPP": "OPPOSITION",
              "REB": "REBEL", "LAB": "WORKER", "HLH": "DOCTOR", "REF": "REFUGEE", "CRM": "CRIMINAL",
              "SPY": "INTELLIGENCE", "ELI": "BILLIONAIRE", "NGO": "CHARITY"}

# Geo blocks: Type, FullName, CountryCode (FIPS), ADM1, ADM2, Lat, Long, FeatureID (as GDELT 2.0 prints them).
PLACES = [
    ("3", "Washington, District of Columbia, United States", "US", "USDC", "DC001", "38.8951", "-77.0364", "531871"),
    ("3", "Chicago, Illinois, United States", "US", "USIL", "IL031", "41.85", "-87.6501", "423587"),
    ("3", "Hollywood, California, United States", "US", "USCA", "CA037", "34.0983", "-118.327", "1660757"),
    ("3", "New York, New York, United States", "US", "USNY", "NY061", "40.7143", "-74.006", "975772"),
    ("2", "Texas, United States", "US", "USTX", "", "31.106", "-97.6475", "TX"),
    ("1", "United States", "US", "US", "", "39.828175", "-98.5795", "US"),
    ("1", "China", "CH", "CH", "", "35", "105", "CH"),
    ("4", "Beijing, Beijing, China", "CH", "CH22", "13001", "39.9289", "116.388", "-1898541"),
    ("4", "Moscow, Moskva, Russia", "RS", "RS48", "25106", "55.7522", "37.6156", "-2960561"),
    ("1", "Russia", "RS", "RS", "", "60", "100", "RS"),
    ("4", "London, London, City of, United Kingdom", "UK", "UKH9", "40110", "51.5", "-0.116667", "-2601889"),
    ("4", "Kyiv, Kyyiv, Misto, Ukraine", "UP", "UP12", "32088", "50.4333", "30.5167", "-1044367"),
    ("1", "Ukraine", "UP", "UP", "", "49", "32", "UP"),
    ("4", "New Delhi, Delhi, India", "IN", "IN07", "17911", "28.6", "77.2", "-2106102"),
    ("1", "India", "IN", "IN", "", "20", "77", "IN"),
    ("4", "Gaza, Israel (general), Israel", "IS", "IS00", "18315", "31.4167", "34.3333", "-797156"),
    ("4", "Jerusalem, Israel (general), Israel", "IS", "IS00", "18315", "31.7833", "35.2167", "-797251"),
    ("1", "Israel", "IS", "IS", "", "31.5", "34.75", "IS"),
    ("4", "Tehran, Tehran, Iran", "IR", "IR26", "53425", "35.6719", "51.4244", "10074674"),
    ("4", "Paris, Paris, France", "FR", "FRA8", "15955", "48.8667", "2.33333", "-1456928"),
    ("4", "Berlin, Berlin, Germany", "GM", "GM16", "16538", "52.5167", "13.4", "-1746443"),
    ("4", "Islamabad, Islamabad, Pakistan", "PK", "PK08", "24371", "33.7", "73.1667", "-2762734"),
    ("4", "Tokyo, Tokyo, Japan", "JA", "JA40", "22531", "35.685", "139.751", "-246227"),
    ("4", "Seoul, Soul-t'ukpyolsi, South Korea", "KS", "KS11", "22937", "37.5664", "127", "-716583"),
    ("4", "Ankara, Ankara, Turkey", "TU", "TU68", "51137", "39.9272", "32.8644", "-736679"),
    ("4", "Damascus, Dimashq, Syria", "SY", "SY13", "50419", "33.5", "36.3", "-3008163"),
    ("4", "Sydney, New South Wales, Australia", "AS", "AS02", "4207", "-33.8833", "151.217", "-1603135"),
    ("4", "Ottawa, Ontario, Canada", "CA", "CA08", "8143", "45.4167", "-75.7", "-570760"),
    ("4", "Riyadh, Ar Riyad, Saudi Arabia", "SA", "SA10", "49012", "24.6408", "46.7728", "-3092186"),
    ("4", "Cairo, Al Qahirah, Egypt", "EG", "EG11", "15004", "30.05", "31.25", "-290692"),
    ("4", "Lagos, Lagos, Nigeria", "NI", "NI05", "23218", "6.45306", "3.39583", "-2017355"),
    ("4", "Kabul, Kabol, Afghanistan", "AF", "AF13", "3423", "34.5167", "69.1833", "-3378435"),
    ("4", "Baghdad, Baghdad, Iraq", "IZ", "IZ07", "13870", "33.3386", "44.3939", "-3070802"),
    ("4", "Beirut, Beyrouth, Lebanon", "LE", "LE04", "17828", "33.8719", "35.5097", "-801546"),
    ("4", "Taipei, T'ai-pei, Taiwan", "TW", "TW03", "31230", "25.0392", "121.525", "-2637824"),
    ("4", "Brussels, Bruxelles-Capitale, Belgium", "BE", "BE11", "8375", "50.8333", "4.33333", "-1955538"),
    ("1", "Sudan", "SU", "SU", "", "16", "30", "SU"),
    ("1", "Nepal", "NP", "NP", "", "28", "84", "NP"),
    ("4", "Manila, Manila, Philippines", "RP", "RPD9", "24560", "14.6042", "120.982", "-2437790"),
    ("4", "Nairobi, Nairobi Area, Kenya", "KE", "KE05", "18069", "-1.28333", "36.8167", "-1941876"),
]

DOMAINS = ["reuters.com", "apnews.com", "bbc.co.uk", "theguardian.com", "nytimes.com", "washingtonpost.com",
           "foxnews.com", "cnn.com", "aljazeera.com", "scmp.com", "tass.com", "globaltimes.cn", "xinhuanet.com",
           "chinadaily.com.cn", "timesofindia.indiatimes.com", "hindustantimes.com", "dailyexcelsior.com",
           "businesstimes.com.sg", "straitstimes.com", "japantimes.co.jp", "koreaherald.com", "abc.net.au",
           "smh.com.au", "cbc.ca", "theglobeandmail.com", "dw.com", "france24.com", "lemonde.fr", "spiegel.de",
           "euronews.com", "themoscowtimes.com", "kyivindependent.com", "ukrinform.net", "haaretz.com",
           "timesofisrael.com", "jpost.com", "arabnews.com", "thenationalnews.com", "dawn.com",
           "tribune.com.pk", "allafrica.com", "news24.com", "nation.africa", "premiumtimesng.com", "wtop.com",
           "yahoo.com", "msn.com", "newsweek.com", "politico.com", "thehill.com", "bloomberg.com", "ft.com",
           "wsj.com", "care.org", "rferl.org", "voanews.com", "independent.co.uk", "telegraph.co.uk",
           "dailymail.co.uk", "nypost.com", "usatoday.com", "latimes.com", "npr.org", "cbsnews.com",
           "nbcnews.com", "abcnews.go.com", "breitbart.com", "thestar.com.my", "bangkokpost.com",
           "jakartaglobe.id", "inquirer.net", "rappler.com", "tehrantimes.com", "dailysabah.com",
           "hurriyetdailynews.com", "ansa.it", "elpais.com", "lefigaro.fr", "kathimerini.gr", "irishtimes.com"]
SECTIONS = ["news", "world", "politics", "business", "opinion", "world-news", "international", "local",
            "asia", "europe", "middle-east", "africa", "americas", "national", "article", "story"]
WORDS = ("talks minister president summit sanctions military trade deal visit security border attack police "
         "protest election court ruling aid government leaders meeting foreign policy ceasefire troops "
         "exercise drills talks energy gas oil pipeline alliance partnership strategic cooperation warns "
         "condemns urges rejects accuses agrees signs pledges threatens calls new first after amid over "
         "against between with china russia united states india israel ukraine iran gaza beijing moscow "
         "washington kremlin nato europe africa economy market investment tariffs arms missile nuclear "
         "navy strike hostage refugees crisis report says officials week").split()


def load_reference():
    events = list(csv.DictReader(open(os.path.join(REFERENCE, "cameo-event-codes.csv"), encoding="utf-8")))
    countries = list(csv.DictReader(open(os.path.join(REFERENCE, "cameo-countries.csv"), encoding="utf-8")))
    return events, countries


def build_pools(rng, events, countries):
    # Event blocks: EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale.
    by_root = {}
    for e in events:
        if len(e["code"]) >= 3:
            by_root.setdefault(e["root_code"], []).append(e)
    blocks, weights = [], []
    for root, w in ROOT_WEIGHTS.items():
        codes = by_root[root]
        for e in codes:
            base_heavier = 3.0 if len(e["code"]) == 3 else 1.0
            blocks.append(f'{e["code"]}\t{e["code"][:3]}\t{root}\t{e["quad_class"]}\t{e["goldstein"]}')
            weights.append(w * base_heavier / sum(3.0 if len(x["code"]) == 3 else 1.0 for x in codes))
    event_p = np.array(weights) / sum(weights)

    # Country actors: ten actor fields (Code, Name, CountryCode, KnownGroup, Ethnic, Religion1, Religion2,
    # Type1, Type2, Type3), a few variants per country.
    usable = [c for c in countries if c["kind"] in ("state", "region") or c["cameo"] in ("PSE", "HKG")]
    usable = [c for c in usable if c["cameo"] not in ("ROM", "GMW")]  # 1979-era spellings, not in current files
    codes = [c["cameo"] for c in usable]
    cw = np.array([COUNTRY_WEIGHTS.get(c, 1.0) for c in codes], dtype=float)
    country_p = cw / cw.sum()
    variants = []
    for c in usable:
        name = c["name"].upper()
        vs = [f'{c["cameo"]}\t{name}\t{c["cameo"]}\t\t\t\t\t\t\t'] * 3
        for t in rng.choice(ACTOR_TYPES, size=5):
            vs.append(f'{c["cameo"]}{t}\t{TYPE_NAMES[t]}\t{c["cameo"]}\t\t\t\t\t{t}\t\t')
        variants.append(vs)
    # Non-country actors (type only), like the real "EDU / STUDENT" rows.
    loose = [f'{t}\t{TYPE_NAMES[t]}\t\t\t\t\t\t{t}\t\t' for t in sorted(set(ACTOR_TYPES))]
    empty_actor = "\t" * 9

    geo = ["\t".join(p) for p in PLACES]
    tone = [("%.15g" % v) for v in np.clip(rng.normal(-2.2, 3.6, 1 << 16), -25, 15)]
    dom_w = 1.0 / np.arange(1, len(DOMAINS) + 1) ** 0.9
    dom_idx = rng.choice(len(DOMAINS), size=60000, p=dom_w / dom_w.sum())
    sec_idx = rng.integers(0, len(SECTIONS), 60000)
    words = rng.integers(0, len(WORDS), (60000, 6))
    ids = rng.integers(10**6, 10**8, 60000)
    scheme = rng.random(60000) < 0.85
    urls = [f'{"https" if scheme[i] else "http"}://www.{DOMAINS[dom_idx[i]]}/{SECTIONS[sec_idx[i]]}/'
            f'{"-".join(WORDS[w] for w in words[i])}-{ids[i]}' for i in range(60000)]
    return dict(event_blocks=blocks, event_p=event_p, country_p=country_p, variants=variants, loose=loose,
                empty_actor=empty_actor, geo=geo, tone=tone, urls=urls)


def date_fields(days_since_epoch):
    d = dt.date.fromordinal(days_since_epoch)
    frac = d.year + ((d.month - 1) * 30 + d.day) / 365
    return f"{d.year:04d}{d.month:02d}{d.day:02d}\t{d.year:04d}{d.month:02d}\t{d.year:04d}\t{frac:.4f}"


def generate_rows(rng, pools, n, start_id, dateadded, day0, day_file, history, dup_rate):
    """Return (lines, next id, candidates). history: earlier (id, middle, url) that duplicates re-emit;
    candidates: (line index, id, middle, url) that the caller adds to history once those lines are written."""
    P = pools
    a1_country = rng.random(n) < 0.627
    u = rng.random(n)
    # P(a2 country | a1 country) = 0.276/0.627; P(a2 country | no a1 country) = 0.186/0.373
    a2_country = np.where(a1_country, u < 0.44, u < 0.50)
    same = rng.random(n) < 0.22   # plus chance collisions (USA-USA, ...): about 29 % of both-set rows
    c1 = rng.choice(len(P["variants"]), size=n, p=P["country_p"])
    c2 = rng.choice(len(P["variants"]), size=n, p=P["country_p"])
    c2 = np.where(same, c1, c2)
    v1 = rng.integers(0, 8, n)
    v2 = rng.integers(0, 8, n)
    a1_loose = rng.random(n) < 0.84   # rows without a country actor mostly still have a typed actor
    a2_loose = rng.random(n) < 0.45
    lo1 = rng.integers(0, len(P["loose"]), n)
    lo2 = rng.integers(0, len(P["loose"]), n)
    ev = rng.choice(len(P["event_blocks"]), size=n, p=P["event_p"])
    is_root = rng.random(n) < 0.63
    sources = np.where(rng.random(n) < 0.83, 1, 1 + rng.geometric(0.3, n))
    mentions = np.maximum(sources, np.floor(np.exp(rng.normal(0.9, 1.1, n))).astype(np.int64))
    articles = np.where(rng.random(n) < 0.9, mentions, np.maximum(1, mentions - 1))
    tone = rng.integers(0, len(P["tone"]), n)
    g1 = rng.integers(0, len(P["geo"]), n)
    g2 = rng.integers(0, len(P["geo"]), n)
    ga = rng.random(n)
    url = rng.integers(0, len(P["urls"]), n)
    same_day = rng.random(n) < 0.85
    earlier = rng.integers(day0, day_file + 1, n)
    sqldays = np.where(same_day, day_file, earlier)
    dup = rng.random(n) < dup_rate if dup_rate > 0 else np.zeros(n, dtype=bool)
    dup_pick = rng.random(n)

    date_cache = {}
    variants, loose, empty_actor = P["variants"], P["loose"], P["empty_actor"]
    blocks, tones, geos, urls = P["event_blocks"], P["tone"], P["geo"], P["urls"]
    empty_geo = "0\t\t\t\t\t\t\t"
    lines = []
    candidates = []
    next_id = start_id
    for i in range(n):
        if dup[i] and history:
            hid, middle, hurl = history[int(dup_pick[i] * len(history))]
            lines.append(f"{hid}\t{middle}\t{dateadded}\t{hurl}\n")
            continue
        sd = int(sqldays[i])
        dfields = date_cache.get(sd)
        if dfields is None:
            dfields = date_cache[sd] = date_fields(sd)
        if a1_country[i]:
            a1 = variants[c1[i]][v1[i]]
            geo1 = geos[g1[i]]
        elif a1_loose[i]:
            a1 = loose[lo1[i]]
            geo1 = geos[g1[i]]
        else:
            a1 = empty_actor
            geo1 = empty_geo
        if a2_country[i]:
            a2 = variants[c2[i]][v2[i]]
            geo2 = geos[g2[i]]
        elif a2_loose[i]:
            a2 = loose[lo2[i]]
            geo2 = geos[g2[i]]
        else:
            a2 = empty_actor
            geo2 = empty_geo
        action = geo1 if (ga[i] < 0.6 and geo1 is not empty_geo) else (geo2 if geo2 is not empty_geo else geos[g2[i]])
        middle = (f"{dfields}\t{a1}\t{a2}\t{1 if is_root[i] else 0}\t{blocks[ev[i]]}\t"
                  f"{mentions[i]}\t{sources[i]}\t{articles[i]}\t{tones[tone[i]]}\t{geo1}\t{geo2}\t{action}")
        u = urls[url[i]]
        lines.append(f"{next_id}\t{middle}\t{dateadded}\t{u}\n")
        if dup_rate > 0 and (next_id & 7) == 0:
            candidates.append((len(lines) - 1, next_id, middle, u))
        next_id += 1 + (1 if (next_id % 5) == 0 else 0)
    return lines, next_id, candidates


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--size-mb", type=float, default=1024, help="total uncompressed size (MB = 10^6 bytes)")
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--zip", action="store_true", help="write YYYYMMDDHHMMSS.export.CSV.zip files")
    ap.add_argument("--duplicate-rate", type=float, default=0.01,
                    help="share of rows that re-emit an earlier event ID (default 0.01)")
    ap.add_argument("--start", default="2024-08-19", help="first day of the date range")
    ap.add_argument("--days", type=int, default=30, help="length of the date range in days")
    args = ap.parse_args()
    if args.files < 1 or args.size_mb <= 0 or not 0 <= args.duplicate_rate < 1:
        ap.error("need --files >= 1, --size-mb > 0, 0 <= --duplicate-rate < 1")

    rng = np.random.Generator(np.random.PCG64(args.seed))
    events, countries = load_reference()
    pools = build_pools(rng, events, countries)
    os.makedirs(args.out, exist_ok=True)
    start = dt.datetime.fromisoformat(args.start)
    day0 = start.date().toordinal()
    slots = args.days * 96
    per_file = int(args.size_mb * 1e6 / args.files)
    chunk_rows = 20000
    next_id = 1193447399
    history = []
    t0 = time.perf_counter()
    total = rows_total = 0
    for k in range(args.files):
        slot = start + dt.timedelta(minutes=15 * (k * slots // args.files))
        stamp = slot.strftime("%Y%m%d%H%M%S")
        member = f"{stamp}.export.CSV"
        path = os.path.join(args.out, member + (".zip" if args.zip else ""))
        if args.zip:
            zf = zipfile.ZipFile(path, "w")
            info = zipfile.ZipInfo(member, date_time=slot.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED   # zlib's default level, like GDELT's own zips
            # Zip64 only when a member may pass 2 GiB: GDELT's zips are plain (no Zip64 records).
            out = zf.open(info, "w", force_zip64=per_file >= 2**31)
        else:
            zf = None
            out = open(path, "wb")
        written = 0
        while written < per_file:
            lines, next_id, candidates = generate_rows(rng, pools, chunk_rows, next_id, stamp, day0, slot.date().toordinal(),
                                           history, args.duplicate_rate)
            data = "".join(lines).encode("utf-8")
            last = written + len(data) >= per_file
            if last:   # stop at the line boundary nearest below the target size (at least one line)
                cut = data.rfind(b"\n", 0, per_file - written) + 1
                data = data[:cut] if cut > 0 or written > 0 else data[:data.find(b"\n") + 1]
            out.write(data)
            written += len(data)
            kept = data.count(b"\n")
            rows_total += kept
            for index, *entry in candidates:   # only events that were written can be duplicated later
                if index >= kept:
                    break
                if len(history) < 50000:
                    history.append(tuple(entry))
                else:
                    history[entry[0] % 50000] = tuple(entry)
            if last:
                break
        out.close()
        if zf:
            zf.close()
        total += written
    seconds = time.perf_counter() - t0
    print(f"{args.files} files, {rows_total} rows, {total / 1e6:.1f} MB uncompressed in {args.out} "
          f"({seconds:.1f} s, {total / 1e6 / seconds:.0f} MB/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
