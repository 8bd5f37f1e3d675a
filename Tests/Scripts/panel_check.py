#!/usr/bin/env python3
"""Independent pandas computation of non-directed dyad-year panel rows, from the raw files (not Entente's database).

Usage: panel_check.py DATA_DIR REPO_DIR ccode1,ccode2,year [ccode1,ccode2,year ...]      (ccode1 < ccode2)

Prints CSV with exactly the columns of Docs/panel-columns.md, in that order, one row per dyad-year asked for, in
the order given. NULL is an empty field; floats are printed with repr (shortest round-trip) precision, integers
without a decimal point (trade_flow and arms_tiv are floats: "1347.0").

Interpretations of Docs/panel-columns.md (v1) chosen here:
- Universe: state-system.csv; a pair is a dyad in year y if both were members on a common day of y (their
  membership periods, clipped to y, overlap); an end of 2016-12-31 means "still a member" (in every later
  year). The panel starts in 1816, so a dyad's "first panel year" is the first year >= 1816 in which it is a
  dyad; it runs to the latest year any yearly source has data (2024), each column NULL after its source's
  last year as below.
- Sources' last years: ATOP = the ATOP file's last year; UN = the last roll-call year of a vote; MID = the MID
  file's last year; GSDB = the latest case end. After ATOP's last year the ten ATOP columns are NULL, and
  defense_years (and powers), allies_common and triad_closure after the year after it; un_votes_n (hence the
  shares) after UN's; mid_years after the year after MID's and common_foe after MID's; common_sender and
  west_sanctions after GSDB's.
- ATOP non-directed: each provision is the max of the two directed rows (i,j) and (j,i); no row = 0.
  Onset: provision is 1 in y and the non-directed ATOP value in y-1 (straight from the ATOP file, whether or not
  the dyad was in the panel in y-1; ATOP starts in 1815) is 0 or absent, and the tie does not continue: a pair
  that was no dyad in y-1 continues a provision when an alliance of atop4_01_member_level.csv (member rows
  yrent <= y <= yrexit, yrexit 0 = open) has both as members with the provision in y and both had it in that
  alliance in y-1 -- a successor of successor-states.csv in its `year` counting its predecessor's rows.
- defense_years (Docs as of 1e6a402): year - (latest earlier year with non-directed atop_defense = 1 in the ATOP
  file) - 1, or year - (the dyad's first panel year) if there is none. Calendar years: years outside the panel
  count, and a pact from before the dyad entered the panel counts (Guatemala-Honduras 1899 = 8, pact 1890).
  mid_years: the same with "a MID row (ongoing) in the MID file" in place of the pact; it keeps counting
  after 2014 (the file's end).
  defense_years2/3 are the square and cube (integers).
- allies_common: third states k (k not i, j; any code in the ATOP file, member or not) with non-directed
  atop_defense(i,k)=1 and atop_defense(j,k)=1 in y-1. triad_closure: third states k linked to i by at least
  one of the five provisions and to j by at least one (not necessarily the same provision) in y-1; an ATOP
  row with all five provisions 0 is no link.
- cinc: NMC cinc, -9 or blank = NULL. cap_ratio_ln = ln(max/min), NULL if either NULL or 0.
- gdp_ln, pop_ln: cow_sdp_gdp wbgdp2011est and wbpopest by ccode and year; blank = NULL.
- maoz_regional, maoz_global: maoz_powers spells (start date year <= y <= end date year; an end of 2019-12-31,
  the file's last day, is open-ended); none = 0.
- ethfrac, relfrac: creg by ccode and year, among rows with a value the one whose creg_ccode equals ccode first,
  else the other (Russia 365/393, Serbia 345/340). efindex: hief, the first row of a repeated ccode-year.
- ucdp_*: ucdp_acd conflict-years; a conflict-year's side A = its gwno_a and gwno_a_2nd values over all its rows,
  side B = gwno_b and gwno_b_2nd; GW codes to COW by year (260 -> 255 from 1991, 678 -> 679 from 1990, 340 -> 345,
  970 971 972 973 -> 946 970 955 947, GW-only 89 99 396 397 563 564 711 815 dropped). ucdp_conflicts = conflict-years with the state on either side;
  ucdp_opposed = 1 if one is on side A and the other on side B of a conflict-year; ucdp_together = both on one
  side. NULL outside the file's years.
- terrthreat: lterrthreat by ccode and year.
- conttype: cow_contdir rows (either direction) with stdate.year <= y <= enddate.year, enddate >= 2016-12-01
  meaning open-ended; the minimum conttype among rows with conttype 1..5; rows coded conttype 0 in the file
  (e.g. 2-365 1816-1958) are "no contiguity" and never win; none = 0.
- major: cow_majors rows with styear <= y <= endyear; endyear 2016 (the release end) = open-ended.
- polity2: Polity5 polity2, Polity's own codes mapped to COW through Data/reference/polity-codes.csv (364 USSR
  -> 365, 347 Serbia and Montenegro -> 345, ...).
  joint_democracy = 1 if both >= 6 else 0; NULL if either NULL.
- polyarchy: V-Dem v2x_polyarchy by COWcode (rows without a COWcode ignored).
- UN votes: year = year of the roll call's date; country names resolved for that year through
  country-names.csv, then countries.csv canonical names (normalised as in SOURCES.md); a roll call counts if
  both states have a vote row (yes/no/abstain; absent = not voting). un_sscore = 1 - mean|v1-v2|,
  yes=1, abstain=2, no=3.
- ideal_distance: IdealpointsJuly2025 by its ccode column and int(year), abs difference of idealpointall;
  ideal_distance_fp the same of idealpointfp.
- IGO: state_year_format3 by ccode/year; columns after ccode,year,state are the IGOs; full member = value 1.
  NULL for years after the file's last year (2014); a state without a row in a year <= 2014 shares 0.
- MIDs: cow_mid_ddydisps rows, unordered pair; mid_ongoing = any row for the pair in y with cowmidongoing=1,
  mid_onset = any with cowmidonset=1; NULL for years after the file's last year (2014).
  common_foe: third states k with a MID row (ongoing) against i and one against j in y (any disputes).
  common_foe is 0 (not NULL) after 2014, as the doc's missing rule says.
- GSDB: cells split on commas, joining at each position the longest run of pieces that is a known name;
  each name resolved for each year the case is in effect (begin <= y <= end). Senders: a state by its COW
  code, anything else (organisations, also GSDB sender groups such as "Western countries") by its normalised
  name. common_sender = number of distinct senders with a case in effect against i and a case (the same or
  another) in effect against j. west_sanctions = number of distinct cases in effect against the state with at
  least one sender in western-senders.csv (ccode, or the normalised `sender` name where ccode is empty).
- trade: cow_trade_ndy; a flow that is blank/NA or negative (-9) is missing; trade_flow = sum of the present
  flows, NULL if no row or both missing. A state's total = sum over its rows in the year of the present flows.
- arms_tiv: SIPRI rows by Delivery year, Supplier/Recipient resolved for that year (non-states dropped), TIV
  delivery values summed over both directions; 0.0 in 2000-2023 when none, NULL outside 2000-2023.
- capital_distance_ln: cow_capitals rows whose stdate year <= y <= enddate year; of several (a capital moved in
  y), the one with the earliest stdate. Haversine with math.radians, R = 6371.0 km, then math.log1p. NULL if
  either state has no such row.
- mindist: cow_mindist by the unordered pair and year (the file holds one order); NULL without a row.
- rivalries: tss_rivalries rows in effect in y (start <= y <= end), the pair in either order. rivalry = any;
  rivalry_<kind> = 1 if a row in effect has that kind column 1; rivals_common = third states k (any code) with
  a row in effect with i and one with j. All NULL after the file's last end year (2020).
"""
import functools
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

import pandas as pd

COLUMNS = [
    "ccode1", "ccode2", "year",
    "atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul",
    "atop_defense_onset", "atop_offense_onset", "atop_neutral_onset", "atop_nonagg_onset", "atop_consul_onset",
    "defense_years", "defense_years2", "defense_years3", "allies_common", "triad_closure",
    "cinc1", "cinc2", "cap_ratio_ln", "conttype", "gdp_ln1", "gdp_ln2", "pop_ln1", "pop_ln2", "major1", "major2",
    "maoz_regional1", "maoz_regional2", "maoz_global1", "maoz_global2",
    "polity2_1", "polity2_2", "polity_diff", "joint_democracy", "polyarchy1", "polyarchy2",
    "ethfrac1", "ethfrac2", "relfrac1", "relfrac2", "efindex1", "efindex2",
    "un_votes_n", "un_agree", "un_sscore", "ideal_distance", "ideal_distance_fp",
    "igo_shared", "sco_both", "nato_both",
    "mid_ongoing", "mid_onset", "mid_years", "common_foe",
    "common_sender", "west_sanctions1", "west_sanctions2",
    "trade_flow", "trade_dep1", "trade_dep2", "arms_tiv",
    "capital_distance_ln", "mindist",
    "rivalry", "rivals_common", "rivalry_positional", "rivalry_spatial", "rivalry_ideological",
    "ucdp_conflicts1", "ucdp_conflicts2", "ucdp_opposed", "ucdp_together", "terrthreat1", "terrthreat2",
]
GW_ONLY = {89, 99, 396, 397, 563, 564, 711, 815}
# Kiribati, Nauru, Tonga and Tuvalu: Gleditsch and Ward's microstate numbers, COW's.
GW_PACIFIC = {970: 946, 971: 970, 972: 955, 973: 947}


def gw_to_cow(code, year):
    if code == 260 and year >= 1991:
        return 255
    if code == 678 and year >= 1990:
        return 679
    if code == 340:
        return 345
    return None if code in GW_ONLY else GW_PACIFIC.get(code, code)
RIVALRY_KINDS = ["positional", "spatial", "ideological"]
PROVISIONS = ["defense", "offense", "neutral", "nonagg", "consul"]
FIRST_YEAR = 1816
OPEN_END = 9999
EARTH_RADIUS_KM = 6371.0
ARMS_YEARS = (2000, 2023)


# ---------------------------------------------------------------------------------------------- names

@functools.lru_cache(maxsize=None)
def normalise(name):
    """SOURCES.md: case-fold, strip diacritics (NFKD, drop combining marks), non-alphanumeric runs -> one space."""
    text = unicodedata.normalize("NFKD", str(name).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", "".join(c if c.isalnum() else " " for c in text)).strip()


class Names:
    """The crosswalk: country-names.csv (year ranges), countries.csv canonical names, non-states.csv."""

    def __init__(self, repo):
        ref = os.path.join(repo, "Data", "reference")
        self.ranged = defaultdict(list)
        for row in pd.read_csv(os.path.join(ref, "country-names.csv"), dtype=str, keep_default_na=False).itertuples():
            self.ranged[normalise(row.name)].append(
                (int(row.ccode), int(row.from_year) if row.from_year else -OPEN_END,
                 int(row.to_year) if row.to_year else OPEN_END))
        self.canonical = {normalise(r.name): int(r.ccode) for r in
                          pd.read_csv(os.path.join(ref, "countries.csv"), dtype=str, keep_default_na=False).itertuples()}
        self.nonstate = {normalise(r.name): r.kind for r in
                         pd.read_csv(os.path.join(ref, "non-states.csv"), dtype=str, keep_default_na=False).itertuples()}

    def known(self, name):
        key = normalise(name)
        return key in self.ranged or key in self.canonical or key in self.nonstate

    def resolve(self, name, year):
        """COW code (int) for the year, or the normalised name (str) for a non-state, or None if unknown."""
        key = normalise(name)
        if key in self.ranged:
            for ccode, low, high in self.ranged[key]:
                if low <= year <= high:
                    return ccode
            return None
        if key in self.canonical:
            return self.canonical[key]
        if key in self.nonstate:
            return key
        return None

    def split(self, cell):
        """A GSDB cell: split on commas, at each position join the longest run of pieces that is a known name."""
        pieces = [p.strip() for p in str(cell).split(",")]
        names, i = [], 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):
                candidate = ", ".join(pieces[i:j])
                if self.known(candidate):
                    names.append(candidate)
                    i = j
                    break
            else:
                raise ValueError(f"GSDB: unknown name {pieces[i]!r} in {cell!r}")
        return names


# ---------------------------------------------------------------------------------------------- loading

class Members:
    """Membership periods of state-system.csv as ISO date strings (an end of 2016-12-31 runs on)."""

    def __init__(self, repo):
        system = pd.read_csv(os.path.join(repo, "Data", "reference", "state-system.csv"))
        self.periods = defaultdict(list)
        for row in system.itertuples():
            self.periods[int(row.ccode)].append((row.start, "9999-12-31" if row.end == "2016-12-31" else row.end))

    def spans(self, code, year):
        first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
        return [(max(s, first), min(e, last)) for s, e in self.periods.get(code, []) if s <= last and e >= first]

    def coexist(self, a, b, year):
        """Both members on a common day of the year."""
        return any(max(s1, s2) <= min(e1, e2) for s1, e1 in self.spans(a, year) for s2, e2 in self.spans(b, year))

    def first_dyad_year(self, a, b, through):
        return next((y for y in range(FIRST_YEAR, through + 1) if self.coexist(a, b, y)), None)


def number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


class Sources:
    def __init__(self, data, repo):
        p = lambda *parts: os.path.join(data, *parts)
        self.names = Names(repo)
        self.members = Members(repo)

        atop = pd.read_csv(p("peacesciencer_csv", "atop_alliance.csv.gz"))
        atop = atop.assign(a=atop[["ccode1", "ccode2"]].min(axis=1), b=atop[["ccode1", "ccode2"]].max(axis=1))
        cols = [f"atop_{x}" for x in PROVISIONS]
        self.atop_last = int(atop.year.max())
        nd = atop.groupby(["a", "b", "year"])[cols].max()
        self.atop = {key: tuple(int(v) for v in values) for key, values in zip(nd.index, nd.to_numpy())}
        self.defense_partners = defaultdict(set)   # (state, year) -> partners
        self.any_partners = defaultdict(set)
        # ATOP 4.01 member rows: (state, alliance) -> [(entry year, exit year, provisions)]; successions
        members = pd.read_csv(p("atop", "atop4_01_member_level.csv"), usecols=["atopid", "member", "yrent", "yrexit"] + PROVISIONS)
        self.pact_spells = defaultdict(list)
        for r in members.itertuples():
            self.pact_spells[(r.member, r.atopid)].append(
                (r.yrent, OPEN_END if r.yrexit == 0 else r.yrexit, tuple(getattr(r, x) == 1 for x in PROVISIONS)))
        self.alliances_of = defaultdict(set)
        for state, alliance in self.pact_spells:
            self.alliances_of[state].add(alliance)
        successors = pd.read_csv(os.path.join(repo, "Data", "reference", "successor-states.csv"))
        self.predecessors = defaultdict(list)
        for r in successors.itertuples():
            self.predecessors[(r.successor, r.year)].append(r.predecessor)
        for (a, b, year), values in self.atop.items():
            if values[0]:
                self.defense_partners[(a, year)].add(b)
                self.defense_partners[(b, year)].add(a)
            if any(values):
                self.any_partners[(a, year)].add(b)
                self.any_partners[(b, year)].add(a)

        nmc = pd.read_csv(p("peacesciencer_csv", "cow_nmc.csv"))
        self.cinc = {(c, y): float(v) for c, y, v in zip(nmc.ccode, nmc.year, nmc.cinc) if not pd.isna(v) and v != -9}

        sdp = pd.read_csv(p("peacesciencer_csv", "cow_sdp_gdp.csv"))
        self.sdp = {column: {(c, y): float(v) for c, y, v in zip(sdp.ccode, sdp.year, sdp[column]) if not pd.isna(v)}
                    for column in ("wbgdp2011est", "wbpopest")}

        cont = pd.read_csv(p("peacesciencer_csv", "cow_contdir.csv"))
        self.contiguity = defaultdict(list)
        for r in cont.itertuples():
            if 1 <= r.conttype <= 5:
                end = OPEN_END if r.enddate >= "2016-12-01" else int(r.enddate[:4])
                self.contiguity[(min(r.ccode1, r.ccode2), max(r.ccode1, r.ccode2))].append(
                    (int(r.stdate[:4]), end, int(r.conttype)))

        majors = pd.read_csv(p("peacesciencer_csv", "cow_majors.csv"))
        self.majors = defaultdict(list)
        for r in majors.itertuples():
            self.majors[r.ccode].append((r.styear, OPEN_END if r.endyear >= 2016 else r.endyear))

        maoz = pd.read_csv(p("peacesciencer_csv", "maoz_powers.csv"), dtype=str, keep_default_na=False)
        self.maoz = {"regional": defaultdict(list), "global": defaultdict(list)}
        for r in maoz.itertuples():
            for kind, start, end in (("regional", r.regstdate, r.regenddate), ("global", r.globstdate, r.globenddate)):
                if start and end:
                    self.maoz[kind][int(r.ccode)].append((int(start[:4]), OPEN_END if end >= "2019-12-31" else int(end[:4])))

        creg = pd.read_csv(p("peacesciencer_csv", "creg.csv"))
        self.creg = {}
        for column in ("ethfrac", "relfrac"):
            rows = creg.dropna(subset=[column]).assign(own=lambda d: d.creg_ccode == d.ccode)
            rows = rows.sort_values("own", ascending=False, kind="stable").drop_duplicates(["ccode", "year"])
            self.creg[column] = {(int(c), int(y)): float(v) for c, y, v in zip(rows.ccode, rows.year, rows[column])}
        hief = pd.read_csv(p("peacesciencer_csv", "hief.csv")).drop_duplicates(["ccode", "year"])
        self.efindex = {(int(c), int(y)): float(v) for c, y, v in zip(hief.ccode, hief.year, hief.efindex)}

        ucdp = pd.read_csv(p("peacesciencer_csv", "ucdp_acd.csv"))
        self.ucdp_years = (int(ucdp.year.min()), int(ucdp.year.max()))
        sides = defaultdict(lambda: (set(), set()))
        for r in ucdp.itertuples():
            side_a, side_b = sides[(r.conflict_id, r.year)]
            for value, side in ((r.gwno_a, side_a), (r.gwno_a_2nd, side_a), (r.gwno_b, side_b), (r.gwno_b_2nd, side_b)):
                if not pd.isna(value) and gw_to_cow(int(value), int(r.year)) is not None:
                    side.add(gw_to_cow(int(value), int(r.year)))
        self.ucdp_count = defaultdict(int)
        self.ucdp_opposed, self.ucdp_together = set(), set()
        for (_, year), (side_a, side_b) in sides.items():
            for state in side_a | side_b:
                self.ucdp_count[(state, year)] += 1
            for x in side_a:
                for z in side_b:
                    self.ucdp_opposed.add((min(x, z), max(x, z), year))
            for side in (side_a, side_b):
                for x in side:
                    for z in side:
                        if x < z:
                            self.ucdp_together.add((x, z, year))
        threat = pd.read_csv(p("peacesciencer_csv", "terrthreat.csv"))
        self.terrthreat = {(int(c), int(y)): float(v) for c, y, v in zip(threat.ccode, threat.year, threat.lterrthreat)}

        polity = pd.read_csv(p("polity", "p5v2018.csv"), encoding="utf-8-sig")
        codes = pd.read_csv(os.path.join(repo, "Data", "reference", "polity-codes.csv"))
        def mapping(code, year):
            for rank, r in enumerate(codes.itertuples()):
                low = -10**9 if pd.isna(r.from_year) else r.from_year
                high = 10**9 if pd.isna(r.to_year) else r.to_year
                if r.polity_ccode == code and low <= year <= high:
                    return rank, int(r.ccode)
            return None
        # Where two rows land on one COW code and year, the row already under the COW code wins, then the mapping
        # listed first in polity-codes.csv.
        self.polity = {}
        mapped = []
        for c, y, v in zip(polity.ccode, polity.year, polity.polity2):
            if pd.isna(v):
                continue
            found = mapping(c, y)
            if found is None:
                self.polity[(int(c), int(y))] = int(v)
            else:
                mapped.append((found[0], (found[1], int(y)), int(v)))
        for _, key, value in sorted(mapped, key=lambda item: item[0]):
            self.polity.setdefault(key, value)

        vdem = pd.read_csv(p("vdem", "vdem_polyarchy_cow.csv")).dropna(subset=["COWcode", "v2x_polyarchy"])
        self.polyarchy = {(int(c), int(y)): float(v) for c, y, v in zip(vdem.COWcode, vdem.year, vdem.v2x_polyarchy)}

        ideal = pd.read_csv(p("un_ideal_points", "IdealpointsJuly2025.csv"))
        self.ideal = {column: {(int(c), int(y)): float(v) for c, y, v in zip(ideal.ccode, ideal.year, ideal[column]) if not pd.isna(v)}
                      for column in ("idealpointall", "idealpointfp")}

        calls = pd.read_csv(p("unvotes", "un_roll_calls.csv"), usecols=["rcid", "date"])
        calls["year"] = calls.date.str[:4].astype(int)
        votes = pd.read_csv(p("unvotes", "un_votes.csv.gz"), usecols=["rcid", "country", "vote"])
        votes = votes.merge(calls[["rcid", "year"]], on="rcid")
        pairs = votes[["country", "year"]].drop_duplicates()
        codes = {(n, y): self.names.resolve(n, y) for n, y in zip(pairs.country, pairs.year)}
        votes["ccode"] = [codes[(n, y)] for n, y in zip(votes.country, votes.year)]
        bad = votes[~votes.ccode.map(lambda c: isinstance(c, int))]
        if len(bad):
            raise ValueError(f"UN votes: names not resolved to a state: {sorted(set(bad.country))[:10]}")
        votes["ccode"] = votes.ccode.astype(int)
        votes["v"] = votes.vote.map({"yes": 1, "abstain": 2, "no": 3})
        self.votes = {year: g[["rcid", "ccode", "v"]] for year, g in votes.groupby("year")}
        self.un_last = int(votes.year.max())

        igo = pd.read_csv(p("cow_igo_v3", "state_year_format3.csv.gz"))
        self.igo_columns = [c for c in igo.columns if c not in ("ccode", "year", "state")]
        self.igo_last = int(igo.year.max())
        self.igo = {(int(c), int(y)): row for c, y, row in
                    zip(igo.ccode, igo.year, igo[self.igo_columns].to_numpy() == 1)}
        self.igo_sco = self.igo_columns.index("sco")
        self.igo_nato = self.igo_columns.index("nato")

        mid = pd.read_csv(p("peacesciencer_csv", "cow_mid_ddydisps.csv"))
        self.mid_last = int(mid.year.max())
        self.mid_ongoing, self.mid_onset = set(), set()
        self.mid_partners = defaultdict(set)
        for a, b, y, ongoing, onset in zip(mid.ccode1, mid.ccode2, mid.year, mid.cowmidongoing, mid.cowmidonset):
            key = (min(a, b), max(a, b), y)
            if ongoing == 1:
                self.mid_ongoing.add(key)
                self.mid_partners[(a, y)].add(b)
                self.mid_partners[(b, y)].add(a)
            if onset == 1:
                self.mid_onset.add(key)

        western = pd.read_csv(os.path.join(repo, "Data", "reference", "western-senders.csv"),
                              dtype=str, keep_default_na=False)
        self.western = {int(r.ccode) if r.ccode else normalise(r.sender) for r in western.itertuples()}
        gsdb = pd.read_csv(p("sanctions_gsdb", "GSDB_V3.csv"))
        self.gsdb_last = int(gsdb.end.max())
        self.senders_against = defaultdict(set)   # (state, year) -> sender ids
        self.west_cases = defaultdict(set)        # (state, year) -> case ids
        for r in gsdb.itertuples():
            targets, senders = self.names.split(r.sanctioned_state), self.names.split(r.sanctioning_state)
            for year in range(int(r.begin), int(r.end) + 1):
                sender_ids = {self.names.resolve(s, year) for s in senders}
                if None in sender_ids:
                    raise ValueError(f"GSDB case {r.case_id}: a sender does not resolve in {year}: {senders}")
                western_case = bool(sender_ids & self.western)
                for t in targets:
                    target = self.names.resolve(t, year)
                    if isinstance(target, int):
                        self.senders_against[(target, year)].update(sender_ids)
                        if western_case:
                            self.west_cases[(target, year)].add(r.case_id)

        trade = pd.read_csv(p("peacesciencer_csv", "cow_trade_ndy.csv.gz"), usecols=["ccode1", "ccode2", "year", "flow1", "flow2"])
        flows = trade[["flow1", "flow2"]]
        trade["flow"] = flows.where(flows >= 0).sum(axis=1, min_count=1)
        trade["a"] = trade[["ccode1", "ccode2"]].min(axis=1)
        trade["b"] = trade[["ccode1", "ccode2"]].max(axis=1)
        self.trade = trade.set_index(["a", "b", "year"]).flow
        sides = pd.concat([trade[["ccode1", "year", "flow"]].set_axis(["ccode", "year", "flow"], axis=1),
                           trade[["ccode2", "year", "flow"]].set_axis(["ccode", "year", "flow"], axis=1)])
        self.trade_total = sides.groupby(["ccode", "year"]).flow.sum()

        arms = pd.read_csv(p("sipri", "sipri_arms_transfers_2000_2024_deliveries_by_year.csv"), skiprows=11,
                           usecols=["Supplier", "Recipient", "Delivery year", "TIV delivery values"])
        self.arms = defaultdict(float)
        for s, r, y, tiv in zip(arms.Supplier, arms.Recipient, arms["Delivery year"], arms["TIV delivery values"]):
            a, b = self.names.resolve(s, int(y)), self.names.resolve(r, int(y))
            if a is None or b is None:
                raise ValueError(f"SIPRI: unknown name {s!r} or {r!r}")
            if isinstance(a, int) and isinstance(b, int) and not pd.isna(tiv):
                self.arms[(min(a, b), max(a, b), int(y))] += float(tiv)

        capitals = pd.read_csv(p("peacesciencer_csv", "cow_capitals.csv"))
        self.capitals = defaultdict(list)   # ccode -> [(stdate, first year, last year, lat, lng)]
        for r in capitals.itertuples():
            self.capitals[r.ccode].append((r.stdate, int(r.stdate[:4]), int(r.enddate[:4]), r.lat, r.lng))

        mindist = pd.read_csv(p("peacesciencer_csv", "cow_mindist.csv.gz"))
        self.mindist = {(min(a, b), max(a, b), y): d for a, b, y, d in
                        zip(mindist.ccode1, mindist.ccode2, mindist.year, mindist.mindist)}

        tss = pd.read_csv(p("peacesciencer_csv", "tss_rivalries.csv"))
        self.rivalry_last = int(tss.end.max())
        self.rivalries = defaultdict(list)   # unordered pair -> [(start, end, kinds)]
        self.rivals = defaultdict(list)      # state -> [(start, end, rival)]
        for r in tss.itertuples():
            kinds = tuple(getattr(r, k) == 1 for k in RIVALRY_KINDS)
            self.rivalries[(min(r.ccode1, r.ccode2), max(r.ccode1, r.ccode2))].append((r.start, r.end, kinds))
            self.rivals[r.ccode1].append((r.start, r.end, r.ccode2))
            self.rivals[r.ccode2].append((r.start, r.end, r.ccode1))

    def capital(self, code, year):
        """(lat, lng) of the capital with the earliest start among those in effect in the year, or None."""
        rows = sorted(r for r in self.capitals[code] if r[1] <= year <= r[2])
        return rows[0][3:] if rows else None

    # ------------------------------------------------------------------------------------------ one row

    def atop_row(self, a, b, year):
        return self.atop.get((a, b, year), (0, 0, 0, 0, 0))

    def in_pact(self, state, alliance, year, k):
        return any(lo <= year <= hi and provisions[k] for lo, hi, provisions in self.pact_spells.get((state, alliance), []))

    def continues(self, a, b, y, k):
        """Provision k of a pair that was no dyad in y-1 continues a tie of an alliance both were in with it in y-1."""
        if self.members.coexist(a, b, y - 1):
            return False
        def before(state, alliance):
            return any(self.in_pact(s, alliance, y - 1, k) for s in [state] + self.predecessors.get((state, y), []))
        return any(self.in_pact(a, i, y, k) and self.in_pact(b, i, y, k) and before(a, i) and before(b, i)
                   for i in self.alliances_of[a])

    def spell(self, a, b, year, flag):
        """defense_years / mid_years: year - (latest earlier year t with flag(t)) - 1, searching the source file's
        years (also before the dyad entered the panel), or year - (the dyad's first panel year) if there is none."""
        first = self.members.first_dyad_year(a, b, year)
        if first is None:
            return None
        for t in range(year - 1, 1799, -1):
            if flag(t):
                return year - t - 1
        return year - first

    def row(self, a, b, y):
        out = {"ccode1": a, "ccode2": b, "year": y}
        now, before = self.atop_row(a, b, y), self.atop_row(a, b, y - 1)
        for k, x in enumerate(PROVISIONS):
            out[f"atop_{x}"] = now[k]
        for k, x in enumerate(PROVISIONS):
            out[f"atop_{x}_onset"] = int(now[k] == 1 and before[k] == 0 and not self.continues(a, b, y, k))
        d = self.spell(a, b, y, lambda t: self.atop_row(a, b, t)[0] == 1)
        out["defense_years"] = d
        out["defense_years2"], out["defense_years3"] = (d ** 2, d ** 3) if d is not None else (None, None)
        out["allies_common"] = len((self.defense_partners[(a, y - 1)] & self.defense_partners[(b, y - 1)]) - {a, b})
        out["triad_closure"] = len((self.any_partners[(a, y - 1)] & self.any_partners[(b, y - 1)]) - {a, b})
        c1, c2 = self.cinc.get((a, y)), self.cinc.get((b, y))
        out["cinc1"], out["cinc2"] = c1, c2
        out["cap_ratio_ln"] = math.log(max(c1, c2) / min(c1, c2)) if c1 and c2 else None
        types = [t for lo, hi, t in self.contiguity.get((a, b), []) if lo <= y <= hi]
        out["conttype"] = min(types) if types else 0
        for name, column in (("gdp_ln", "wbgdp2011est"), ("pop_ln", "wbpopest")):
            out[name + "1"], out[name + "2"] = self.sdp[column].get((a, y)), self.sdp[column].get((b, y))
        out["major1"] = int(any(lo <= y <= hi for lo, hi in self.majors.get(a, [])))
        out["major2"] = int(any(lo <= y <= hi for lo, hi in self.majors.get(b, [])))
        for kind in ("regional", "global"):
            for side, c in (("1", a), ("2", b)):
                out[f"maoz_{kind}{side}"] = int(any(lo <= y <= hi for lo, hi in self.maoz[kind].get(c, [])))
        p1, p2 = self.polity.get((a, y)), self.polity.get((b, y))
        out["polity2_1"], out["polity2_2"] = p1, p2
        both = p1 is not None and p2 is not None
        out["polity_diff"] = abs(p1 - p2) if both else None
        out["joint_democracy"] = int(p1 >= 6 and p2 >= 6) if both else None
        out["polyarchy1"], out["polyarchy2"] = self.polyarchy.get((a, y)), self.polyarchy.get((b, y))
        for column in ("ethfrac", "relfrac"):
            out[column + "1"], out[column + "2"] = self.creg[column].get((a, y)), self.creg[column].get((b, y))
        out["efindex1"], out["efindex2"] = self.efindex.get((a, y)), self.efindex.get((b, y))
        votes = self.votes.get(y)
        common = []
        if votes is not None:
            v1 = votes[votes.ccode == a]
            v2 = votes[votes.ccode == b]
            both = v1.merge(v2, on="rcid")
            common = list(zip(both.v_x.tolist(), both.v_y.tolist()))
        out["un_votes_n"] = len(common)
        out["un_agree"] = sum(x == z for x, z in common) / len(common) if common else None
        out["un_sscore"] = 1 - sum(abs(x - z) for x, z in common) / len(common) if common else None
        for name, column in (("ideal_distance", "idealpointall"), ("ideal_distance_fp", "idealpointfp")):
            i1, i2 = self.ideal[column].get((a, y)), self.ideal[column].get((b, y))
            out[name] = abs(i1 - i2) if i1 is not None and i2 is not None else None
        if y > self.igo_last:
            out["igo_shared"] = out["sco_both"] = out["nato_both"] = None
        elif (a, y) in self.igo and (b, y) in self.igo:
            shared = self.igo[(a, y)] & self.igo[(b, y)]
            out["igo_shared"] = int(shared.sum())
            out["sco_both"], out["nato_both"] = int(shared[self.igo_sco]), int(shared[self.igo_nato])
        else:
            out["igo_shared"] = out["sco_both"] = out["nato_both"] = 0
        if y > self.mid_last:
            out["mid_ongoing"] = out["mid_onset"] = None
        else:
            out["mid_ongoing"] = int((a, b, y) in self.mid_ongoing)
            out["mid_onset"] = int((a, b, y) in self.mid_onset)
        out["mid_years"] = self.spell(a, b, y, lambda t: (a, b, t) in self.mid_ongoing)
        out["common_foe"] = len((self.mid_partners[(a, y)] & self.mid_partners[(b, y)]) - {a, b})
        out["common_sender"] = len(self.senders_against[(a, y)] & self.senders_against[(b, y)])
        out["west_sanctions1"] = len(self.west_cases[(a, y)])
        out["west_sanctions2"] = len(self.west_cases[(b, y)])
        flow = number(self.trade.get((a, b, y)))
        out["trade_flow"] = None if flow is None else float(flow)
        for side, c in (("trade_dep1", a), ("trade_dep2", b)):
            total = self.trade_total.get((c, y), 0.0)
            out[side] = flow / total if flow is not None and total else None
        out["arms_tiv"] = self.arms.get((a, b, y), 0.0) if ARMS_YEARS[0] <= y <= ARMS_YEARS[1] else None
        c1, c2 = self.capital(a, y), self.capital(b, y)
        if c1 and c2:
            (lat1, lng1), (lat2, lng2) = map(math.radians, c1), map(math.radians, c2)
            h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
            out["capital_distance_ln"] = math.log1p(2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h))))
        else:
            out["capital_distance_ln"] = None
        distance = self.mindist.get((a, b, y))
        out["mindist"] = None if distance is None else float(distance)
        ongoing = [kinds for lo, hi, kinds in self.rivalries.get((a, b), []) if lo <= y <= hi]
        out["rivalry"] = int(bool(ongoing))
        rivals = [{k for lo, hi, k in self.rivals.get(c, []) if lo <= y <= hi} for c in (a, b)]
        out["rivals_common"] = len((rivals[0] & rivals[1]) - {a, b})
        for index, kind in enumerate(RIVALRY_KINDS):
            out[f"rivalry_{kind}"] = int(any(kinds[index] for kinds in ongoing))
        out["ucdp_conflicts1"], out["ucdp_conflicts2"] = self.ucdp_count[(a, y)], self.ucdp_count[(b, y)]
        out["ucdp_opposed"] = int((a, b, y) in self.ucdp_opposed)
        out["ucdp_together"] = int((a, b, y) in self.ucdp_together)
        out["terrthreat1"], out["terrthreat2"] = self.terrthreat.get((a, y)), self.terrthreat.get((b, y))
        nulls = []
        if not self.ucdp_years[0] <= y <= self.ucdp_years[1]:
            nulls += ["ucdp_conflicts1", "ucdp_conflicts2", "ucdp_opposed", "ucdp_together"]
        if y > self.atop_last:
            nulls += [f"atop_{x}" for x in PROVISIONS] + [f"atop_{x}_onset" for x in PROVISIONS]
        if y > self.atop_last + 1:
            nulls += ["defense_years", "defense_years2", "defense_years3", "allies_common", "triad_closure"]
        if y > self.un_last:
            nulls += ["un_votes_n", "un_agree", "un_sscore"]
        if y > self.mid_last:
            nulls += ["common_foe"]
        if y > self.mid_last + 1:
            nulls += ["mid_years"]
        if y > self.gsdb_last:
            nulls += ["common_sender", "west_sanctions1", "west_sanctions2"]
        if y > self.rivalry_last:
            nulls += ["rivalry", "rivals_common"] + [f"rivalry_{kind}" for kind in RIVALRY_KINDS]
        out.update(dict.fromkeys(nulls))
        return out


def field(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    return str(int(value))


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__.split("\n\n")[1])
    data, repo = argv[1], argv[2]
    keys = []
    for arg in argv[3:]:
        a, b, y = (int(x) for x in arg.split(","))
        if not a < b:
            sys.exit(f"ccode1 < ccode2 required: {arg}")
        keys.append((a, b, y))
    sources = Sources(data, repo)
    print(",".join(COLUMNS))
    for a, b, y in keys:
        if not sources.members.coexist(a, b, y):
            print(f"warning: {a},{b},{y} is not a dyad of system members", file=sys.stderr)
        row = sources.row(a, b, y)
        assert list(row) == COLUMNS
        print(",".join(field(row[c]) for c in COLUMNS))


if __name__ == "__main__":
    main(sys.argv)
