#!/usr/bin/env python3
"""The full non-directed dyad-year panel 1816-2024 (every column of Docs/panel-columns.md) with pandas/numpy,
side by side with `entente panel` when the release build has it.

Usage: Benchmarks/panel_pandas.py [--data DATA_DIR] [--out-csv FILE] [--entente-out FILE] [--entente BINARY]
                                  [--skip-entente]

Timed separately, in one run:
  (a) load   -- read_csv of every raw input, plus resolving country names (UN votes, GSDB, SIPRI) to COW codes:
                what Entente's database already holds after `entente import all`;
  (b) derive -- the universe of dyad-years and every join, group-by and derived column.
The column rules (and their interpretations) are those of Tests/Scripts/panel_check.py, whose name resolver this
script reuses; the joins here are written separately (vectorised) so the two scripts can check each other.
Entente is timed on `entente panel --years 1816-LAST --nondirected --out FILE --database DB`, against a
database built once beforehand (not timed) by `entente import all --from DATA --database DB`; its CSV is then
compared with the pandas panel cell for cell (numbers equal within a relative 1e-9, NULL on both sides or neither).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "Tests", "Scripts"))
from panel_check import COLUMNS, EARTH_RADIUS_KM, PROVISIONS, RIVALRY_KINDS, Names, normalise  # noqa: E402

FIRST, LAST = 1816, 2024  # LAST: --last-year
ARMS_YEARS = (2000, 2023)
ATOP = [f"atop_{p}" for p in PROVISIONS]
KEY = ["ccode1", "ccode2", "year"]


def ordered(frame, x="ccode1", y="ccode2"):
    """Return frame with columns a=min, b=max of x, y."""
    u, v = frame[x].to_numpy(), frame[y].to_numpy()
    return frame.assign(a=np.minimum(u, v), b=np.maximum(u, v))


def expand_years(frame, start, end):
    """One row per year in start..end (inclusive) for each row of frame."""
    lengths = (frame[end] - frame[start] + 1).clip(lower=0).to_numpy()
    out = frame.loc[frame.index.repeat(lengths)].copy()
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out["year"] = out[start].to_numpy().repeat(1) + offsets if len(out) else []
    return out


# ------------------------------------------------------------------------------------------------ (a) load

def load(data):
    p = lambda *parts: os.path.join(data, *parts)
    ref = os.path.join(root, "Data", "reference")
    names = Names(root)
    s = {}
    s["system"] = pd.read_csv(os.path.join(ref, "state-system.csv"), usecols=["ccode", "start", "end"])
    s["successors"] = pd.read_csv(os.path.join(ref, "successor-states.csv"), usecols=["predecessor", "successor", "year"])
    s["atop"] = pd.read_csv(p("peacesciencer_csv", "atop_alliance.csv.gz"))
    s["atop_members"] = pd.read_csv(p("atop", "atop4_01_member_level.csv"), usecols=["atopid", "member", "yrent", "yrexit"] + PROVISIONS)
    s["nmc"] = pd.read_csv(p("peacesciencer_csv", "cow_nmc.csv"), usecols=["ccode", "year", "cinc"])
    s["sdp"] = pd.read_csv(p("peacesciencer_csv", "cow_sdp_gdp.csv"), usecols=["ccode", "year", "wbgdp2011est", "wbpopest"])
    s["cont"] = pd.read_csv(p("peacesciencer_csv", "cow_contdir.csv"))
    s["majors"] = pd.read_csv(p("peacesciencer_csv", "cow_majors.csv"), usecols=["ccode", "styear", "endyear"])
    s["polity"] = pd.read_csv(p("polity", "p5v2018.csv"), encoding="utf-8-sig", usecols=["ccode", "year", "polity2"])
    s["polity_codes"] = pd.read_csv(os.path.join(ref, "polity-codes.csv"))
    s["vdem"] = pd.read_csv(p("vdem", "vdem_polyarchy_cow.csv"))
    s["ideal"] = pd.read_csv(p("un_ideal_points", "IdealpointsJuly2025.csv"), usecols=["ccode", "year", "idealpointall", "idealpointfp"])
    s["igo"] = pd.read_csv(p("cow_igo_v3", "state_year_format3.csv.gz"))
    s["mid"] = pd.read_csv(p("peacesciencer_csv", "cow_mid_ddydisps.csv"),
                           usecols=["ccode1", "ccode2", "year", "cowmidongoing", "cowmidonset"])
    s["trade"] = pd.read_csv(p("peacesciencer_csv", "cow_trade_ndy.csv.gz"), usecols=["ccode1", "ccode2", "year", "flow1", "flow2"])
    s["capitals"] = pd.read_csv(p("peacesciencer_csv", "cow_capitals.csv"), usecols=["ccode", "stdate", "enddate", "lat", "lng"])
    s["mindist"] = pd.read_csv(p("peacesciencer_csv", "cow_mindist.csv.gz"))
    s["tss"] = pd.read_csv(p("peacesciencer_csv", "tss_rivalries.csv"), usecols=["ccode1", "ccode2", "start", "end"] + RIVALRY_KINDS)
    s["maoz"] = pd.read_csv(p("peacesciencer_csv", "maoz_powers.csv"), dtype=str, keep_default_na=False)
    s["creg"] = pd.read_csv(p("peacesciencer_csv", "creg.csv"), usecols=["ccode", "creg_ccode", "year", "ethfrac", "relfrac"])
    s["hief"] = pd.read_csv(p("peacesciencer_csv", "hief.csv"), usecols=["ccode", "year", "efindex"])
    s["ucdp"] = pd.read_csv(p("peacesciencer_csv", "ucdp_acd.csv"), usecols=["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"])
    s["terrthreat"] = pd.read_csv(p("peacesciencer_csv", "terrthreat.csv"), usecols=["ccode", "year", "lterrthreat"])

    # UN votes: year from the roll call, names resolved per (name, year)
    calls = pd.read_csv(p("unvotes", "un_roll_calls.csv"), usecols=["rcid", "date"])
    calls["year"] = calls["date"].str[:4].astype(int)
    votes = pd.read_csv(p("unvotes", "un_votes.csv.gz"), usecols=["rcid", "country", "vote"])
    votes = votes.merge(calls[["rcid", "year"]], on="rcid")
    pairs = votes[["country", "year"]].drop_duplicates()
    pairs["ccode"] = [names.resolve(n, y) for n, y in zip(pairs["country"], pairs["year"])]
    votes = votes.merge(pairs, on=["country", "year"])
    assert votes["ccode"].map(lambda c: isinstance(c, int)).all(), "UN votes: a name did not resolve to a state"
    votes["ccode"] = votes["ccode"].astype(int)
    votes["v"] = votes["vote"].map({"yes": 1, "abstain": 2, "no": 3}).astype(np.int8)
    s["votes"] = votes[["rcid", "year", "ccode", "v"]]

    # GSDB: cells split, expanded to case-years, names resolved per year
    gsdb = pd.read_csv(p("sanctions_gsdb", "GSDB_V3.csv"), usecols=["case_id", "sanctioned_state", "sanctioning_state", "begin", "end"])
    rows_t, rows_s = [], []
    for case, targets, senders, begin, end in gsdb.itertuples(index=False):
        targets, senders = names.split(targets), names.split(senders)
        for year in range(int(begin), int(end) + 1):
            rows_t += [(case, year, names.resolve(t, year)) for t in targets]
            rows_s += [(case, year, names.resolve(x, year)) for x in senders]
    targets = pd.DataFrame(rows_t, columns=["case", "year", "target"])
    targets = targets[targets["target"].map(lambda c: isinstance(c, int))].astype({"target": int})
    senders = pd.DataFrame(rows_s, columns=["case", "year", "sender"])
    assert senders["sender"].notna().all(), "GSDB: a sender did not resolve"
    senders["sender"] = senders["sender"].astype(str)   # COW codes as "2", organisations by normalised name
    western = pd.read_csv(os.path.join(ref, "western-senders.csv"), dtype=str, keep_default_na=False)
    s["western"] = {r.ccode if r.ccode else normalise(r.sender) for r in western.itertuples()}
    s["gsdb_targets"], s["gsdb_senders"] = targets, senders

    # SIPRI: names resolved for the delivery year
    arms = pd.read_csv(p("sipri", "sipri_arms_transfers_2000_2024_deliveries_by_year.csv"), skiprows=11,
                       usecols=["Supplier", "Recipient", "Delivery year", "TIV delivery values"])
    arms = arms.rename(columns={"Delivery year": "year", "TIV delivery values": "tiv"})
    for side in ("Supplier", "Recipient"):
        keys = arms[[side, "year"]].drop_duplicates()
        keys[side + "_c"] = [names.resolve(n, int(y)) for n, y in zip(keys[side], keys["year"])]
        arms = arms.merge(keys, on=[side, "year"])
    state = arms["Supplier_c"].map(lambda c: isinstance(c, int)) & arms["Recipient_c"].map(lambda c: isinstance(c, int))
    s["arms"] = arms.loc[state, ["Supplier_c", "Recipient_c", "year", "tiv"]].astype(
        {"Supplier_c": int, "Recipient_c": int}).rename(columns={"Supplier_c": "ccode1", "Recipient_c": "ccode2"})
    return s


# ------------------------------------------------------------------------------------------------ (b) derive

def pair_counts(edges, node, partner, name):
    """edges: (node, partner, year), both orientations, unique. Count partners k shared by node pairs i<j."""
    e = edges[[node, partner, "year"]].drop_duplicates()
    m = e.merge(e, on=[partner, "year"], suffixes=("1", "2"))
    m = m[m[node + "1"] < m[node + "2"]]
    m = m[(m[partner] != m[node + "1"]) & (m[partner] != m[node + "2"])]
    return (m.groupby([node + "1", node + "2", "year"]).size().rename(name).reset_index()
            .rename(columns={node + "1": "ccode1", node + "2": "ccode2"}))


def both_orientations(frame, x="a", y="b"):
    return pd.concat([frame.rename(columns={x: "i", y: "k"}), frame.rename(columns={x: "k", y: "i"})], ignore_index=True)


def spell(panel, flagged):
    """Years since the last flagged year (flagged: frame of ccode1, ccode2, year): y - (latest flagged t < y) - 1,
    or y - (the dyad's first panel year) if none."""
    first = panel.groupby(["ccode1", "ccode2"], sort=False)["year"].transform("min").to_numpy()
    # flags (as year t+1) and panel rows in one frame, sorted by dyad and year (a flag before a row of the same
    # year); the last flag seen within the dyad is carried forward onto each panel row
    events = pd.concat([
        pd.DataFrame({"ccode1": flagged["ccode1"].to_numpy(), "ccode2": flagged["ccode2"].to_numpy(),
                      "year": flagged["year"].to_numpy() + 1, "kind": 0, "row": -1}),
        pd.DataFrame({"ccode1": panel["ccode1"].to_numpy(), "ccode2": panel["ccode2"].to_numpy(),
                      "year": panel["year"].to_numpy(), "kind": 1, "row": np.arange(len(panel))})], ignore_index=True)
    events = events.sort_values(["ccode1", "ccode2", "year", "kind"], ignore_index=True)
    events["last"] = events["year"].where(events["kind"] == 0)
    events["last"] = events.groupby(["ccode1", "ccode2"], sort=False)["last"].ffill()
    rows = events[events["kind"] == 1]
    last = np.empty(len(panel))
    last[rows["row"].to_numpy()] = rows["last"].to_numpy(dtype=float)
    start = np.where(np.isnan(last), first, last)
    return (panel["year"].to_numpy() - start).astype(np.int64)


def apart_pairs(system, first, last):
    """(ccode1, ccode2, year) of members of a year never members on a common day of it, from the membership
    spans clipped to each year (ISO date strings compare as dates; an end of 2016-12-31 runs on)."""
    spans = system.assign(end=system["end"].where(system["end"] != "2016-12-31", "9999-12-31"))
    rows = []
    for year in range(first, last + 1):
        lo, hi = f"{year:04d}-01-01", f"{year:04d}-12-31"
        inside = spans[(spans["start"] <= hi) & (spans["end"] >= lo)]
        clipped = {}
        for code, start, end in zip(inside["ccode"], inside["start"].clip(lower=lo), inside["end"].clip(upper=hi)):
            clipped.setdefault(code, []).append((start, end))
        partial = sorted(c for c, v in clipped.items() if v != [(lo, hi)])
        rows += [(a, b, year) for i, a in enumerate(partial) for b in partial[i + 1:]
                 if not any(max(s1, s2) <= min(e1, e2) for s1, e1 in clipped[a] for s2, e2 in clipped[b])]
    return pd.DataFrame(rows, columns=KEY, dtype=np.int64)


def continuing(candidates, members, successors):
    """Of candidates (ccode1, ccode2, year, provision), those continuing a tie: an ATOP 4.01 alliance has both as
    members with the provision in the year, and each had it in that alliance the year before (a successor in its
    first year through its predecessor)."""
    m = members.assign(yrexit=members["yrexit"].where(members["yrexit"] != 0, 9999))
    m = m.melt(id_vars=["atopid", "member", "yrent", "yrexit"], value_vars=PROVISIONS, var_name="provision", value_name="has")
    m = m[m["has"] == 1].drop(columns="has")

    def pacts(frame, state, year):
        """Each row of frame once per alliance in which `state` had the row's provision in `year`."""
        hit = frame.merge(m, left_on=[state, "provision"], right_on=["member", "provision"])
        return hit[(hit["yrent"] <= hit[year]) & (hit[year] <= hit["yrexit"])].drop(columns=["member", "yrent", "yrexit"])

    c = candidates.assign(before=candidates["year"] - 1)
    key = list(c.columns) + ["atopid"]
    both = pacts(c, "ccode1", "year").merge(pacts(c, "ccode2", "year")[key], on=key).drop_duplicates()
    for side in ("ccode1", "ccode2"):
        heirs = both.merge(successors, left_on=[side, "year"], right_on=["successor", "year"])
        states = pd.concat([both.assign(state=both[side]), heirs.assign(state=heirs["predecessor"])[key + ["state"]]],
                           ignore_index=True).rename(columns={"atopid": "pact"})
        was = pacts(states, "state", "before")
        was = was[was["atopid"] == was["pact"]].drop(columns=["atopid", "state"]).rename(columns={"pact": "atopid"})
        both = both.merge(was.drop_duplicates(), on=key)
    return both[["ccode1", "ccode2", "year", "provision"]].drop_duplicates()


def derive(s):
    # universe: member years, then all pairs per year that were members on a common day
    system = s["system"]
    sy = system.assign(st=system["start"].str[:4].astype(int),
                       en=np.where(system["end"] == "2016-12-31", LAST, system["end"].str[:4].astype(int)))
    sy = sy.assign(st=sy["st"].clip(lower=FIRST), en=sy["en"].clip(upper=LAST))
    members = expand_years(sy[["ccode", "st", "en"]], "st", "en")[["ccode", "year"]].drop_duplicates()
    panel = members.merge(members, on="year", suffixes=("1", "2"))
    panel = panel[panel["ccode1"] < panel["ccode2"]][KEY]
    apart = apart_pairs(system, FIRST, LAST)
    panel = panel.merge(apart.assign(apart=True), on=KEY, how="left")
    panel = panel[panel["apart"].isna()][KEY].sort_values(KEY, ignore_index=True)

    # ATOP: non-directed = max of the two directions; an onset is in force now, not the year before, and not a
    # tie that a pair new to the panel continues
    atop = ordered(s["atop"]).groupby(["a", "b", "year"], as_index=False)[ATOP].max()
    atop = atop.rename(columns={"a": "ccode1", "b": "ccode2"})
    prev = atop.assign(year=atop["year"] + 1).rename(columns={c: c + "_prev" for c in ATOP})
    panel = panel.merge(atop, on=KEY, how="left").merge(prev, on=KEY, how="left")
    for c in ATOP:
        panel[c] = panel[c].fillna(0).astype(np.int8)
        panel[c + "_onset"] = ((panel[c] == 1) & (panel[c + "_prev"].fillna(0) == 0)).astype(np.int8)
    # the state system starts in 1816, so no pair of FIRST had a row the year before
    had_row = panel[KEY].assign(year=panel["year"] + 1, had_row=True)
    new = panel[KEY + [c + "_onset" for c in ATOP]].merge(had_row, on=KEY, how="left")
    new = new[new["had_row"].isna()].drop(columns="had_row")
    candidates = new.melt(id_vars=KEY, var_name="provision", value_name="onset")
    candidates = candidates[candidates["onset"] == 1].drop(columns="onset")
    candidates["provision"] = candidates["provision"].str[len("atop_"):-len("_onset")]
    for provision, rows in continuing(candidates, s["atop_members"], s["successors"]).groupby("provision"):
        hit = panel[KEY].merge(rows[KEY].assign(hit=True), on=KEY, how="left")["hit"].notna().to_numpy()
        panel.loc[hit, f"atop_{provision}_onset"] = 0
    d = spell(panel, atop.loc[atop["atop_defense"] == 1, KEY])
    panel["defense_years"], panel["defense_years2"], panel["defense_years3"] = d, d ** 2, d ** 3
    panel = panel.drop(columns=[c + "_prev" for c in ATOP])

    # allies in common / triadic closure in year-1
    defense = both_orientations(atop.loc[atop["atop_defense"] == 1, ["ccode1", "ccode2", "year"]], "ccode1", "ccode2")
    linked = both_orientations(atop.loc[atop[ATOP].any(axis=1), ["ccode1", "ccode2", "year"]], "ccode1", "ccode2")
    for edges, name in ((defense, "allies_common"), (linked, "triad_closure")):
        counts = pair_counts(edges, "i", "k", name)
        counts["year"] += 1
        panel = panel.merge(counts, on=KEY, how="left")
        panel[name] = panel[name].fillna(0).astype(np.int32)

    # capabilities
    nmc = s["nmc"]
    nmc = nmc[nmc["cinc"].notna() & (nmc["cinc"] != -9)]
    for side in ("1", "2"):
        panel = panel.merge(nmc.rename(columns={"ccode": "ccode" + side, "cinc": "cinc" + side}),
                            on=["ccode" + side, "year"], how="left")
    hi, lo = np.fmax(panel["cinc1"], panel["cinc2"]), np.fmin(panel["cinc1"], panel["cinc2"])
    with np.errstate(divide="ignore", invalid="ignore"):
        panel["cap_ratio_ln"] = np.where((lo > 0) & panel["cinc1"].notna() & panel["cinc2"].notna(), np.log(hi / lo), np.nan)

    # GDP and population
    sdp = s["sdp"].rename(columns={"wbgdp2011est": "gdp_ln", "wbpopest": "pop_ln"})
    for side in ("1", "2"):
        panel = panel.merge(sdp.rename(columns={"ccode": "ccode" + side, "gdp_ln": "gdp_ln" + side, "pop_ln": "pop_ln" + side}),
                            on=["ccode" + side, "year"], how="left")

    # contiguity
    cont = ordered(s["cont"])
    cont = cont[cont["conttype"].between(1, 5)]
    cont = cont.assign(
        st=cont["stdate"].str[:4].astype(int),
        en=np.where(cont["enddate"] >= "2016-12-01", LAST, cont["enddate"].str[:4].astype(int).clip(upper=LAST)))
    cont = expand_years(cont[["a", "b", "st", "en", "conttype"]], "st", "en")
    cont = cont.groupby(["a", "b", "year"], as_index=False)["conttype"].min().rename(columns={"a": "ccode1", "b": "ccode2"})
    panel = panel.merge(cont, on=KEY, how="left")
    panel["conttype"] = panel["conttype"].fillna(0).astype(np.int8)

    # majors
    majors = s["majors"].assign(endyear=np.where(s["majors"]["endyear"] >= 2016, LAST, s["majors"]["endyear"]))
    majors = expand_years(majors, "styear", "endyear")[["ccode", "year"]].drop_duplicates().assign(major=1)
    for side in ("1", "2"):
        panel = panel.merge(majors.rename(columns={"ccode": "ccode" + side, "major": "major" + side}),
                            on=["ccode" + side, "year"], how="left")
        panel["major" + side] = panel["major" + side].fillna(0).astype(np.int8)

    # regimes
    polity = s["polity"].dropna(subset=["polity2"]).copy()
    # Polity's own codes to COW (Data/reference/polity-codes.csv); where two rows land on one COW code and year,
    # the row already under the COW code wins, then the mapping listed first.
    polity["rank"] = -1
    for rank, r in enumerate(s["polity_codes"].itertuples()):
        low = -10**9 if pd.isna(r.from_year) else r.from_year
        high = 10**9 if pd.isna(r.to_year) else r.to_year
        hit = (polity["ccode"] == r.polity_ccode) & polity["year"].between(low, high) & (polity["rank"] == -1)
        polity.loc[hit, "ccode"] = r.ccode
        polity.loc[hit, "rank"] = rank
    polity = (polity.sort_values("rank", kind="mergesort").drop_duplicates(["ccode", "year"], keep="first")
              .drop(columns="rank"))
    vdem = s["vdem"].dropna(subset=["COWcode", "v2x_polyarchy"]).astype({"COWcode": int})
    vdem = vdem.rename(columns={"COWcode": "ccode", "v2x_polyarchy": "polyarchy"})
    for side in ("1", "2"):
        panel = panel.merge(polity.rename(columns={"ccode": "ccode" + side, "polity2": "polity2_" + side}),
                            on=["ccode" + side, "year"], how="left")
    panel["polity_diff"] = (panel["polity2_1"] - panel["polity2_2"]).abs()
    panel["joint_democracy"] = np.where(panel["polity_diff"].isna(), np.nan,
                                        ((panel["polity2_1"] >= 6) & (panel["polity2_2"] >= 6)).astype(float))
    for side in ("1", "2"):
        panel = panel.merge(vdem.rename(columns={"ccode": "ccode" + side, "polyarchy": "polyarchy" + side}),
                            on=["ccode" + side, "year"], how="left")

    # UN voting: per year, country x roll-call matrices; pairwise counts by matrix products
    parts = []
    for year, v in s["votes"].groupby("year"):
        states, si = np.unique(v["ccode"].to_numpy(), return_inverse=True)
        _, ri = np.unique(v["rcid"].to_numpy(), return_inverse=True)
        mat = np.zeros((len(states), ri.max() + 1), dtype=np.int8)
        mat[si, ri] = v["v"].to_numpy()
        present = (mat > 0).astype(np.float32)
        n = present @ present.T
        agree = sum(((mat == k).astype(np.float32) @ (mat == k).astype(np.float32).T) for k in (1, 2, 3))
        dist = np.zeros_like(n)
        for t in (1, 2):   # |x - y| = sum over thresholds t of [x > t] xor [y > t], both present
            above = (mat > t).astype(np.float32)
            below = present - above
            dist += above @ below.T + below @ above.T
        i, j = np.triu_indices(len(states), k=1)
        parts.append(pd.DataFrame({"ccode1": states[i], "ccode2": states[j], "year": year,
                                   "un_votes_n": n[i, j].astype(np.int64), "agree": agree[i, j].astype(np.int64),
                                   "dist": dist[i, j].astype(np.int64)}))
    un = pd.concat(parts, ignore_index=True)
    un = un[un["un_votes_n"] > 0]
    un["un_agree"] = un["agree"] / un["un_votes_n"]
    un["un_sscore"] = 1 - un["dist"] / un["un_votes_n"]
    panel = panel.merge(un[KEY + ["un_votes_n", "un_agree", "un_sscore"]], on=KEY, how="left")
    panel["un_votes_n"] = panel["un_votes_n"].fillna(0).astype(np.int32)

    ideal = s["ideal"].astype({"year": int})
    for side in ("1", "2"):
        panel = panel.merge(ideal.rename(columns={"ccode": "ccode" + side, "idealpointall": "ideal" + side, "idealpointfp": "fp" + side}),
                            on=["ccode" + side, "year"], how="left")
    panel["ideal_distance"] = (panel["ideal1"] - panel["ideal2"]).abs()
    panel["ideal_distance_fp"] = (panel["fp1"] - panel["fp2"]).abs()

    # IGOs: per year, full-membership matrix; shared = M M^T
    igo = s["igo"]
    columns = [c for c in igo.columns if c not in ("ccode", "year", "state")]
    sco, nato = columns.index("sco"), columns.index("nato")
    full = (igo[columns].to_numpy() == 1)
    parts = []
    for year, index in igo.groupby("year").indices.items():
        m = full[index].astype(np.float32)
        states = igo["ccode"].to_numpy()[index]
        i, j = np.triu_indices(len(states), k=1)
        a, b = states[i], states[j]
        swap = a > b
        a, b = np.where(swap, b, a), np.where(swap, a, b)
        parts.append(pd.DataFrame({"ccode1": a, "ccode2": b, "year": year, "igo_shared": (m @ m.T)[i, j],
                                   "sco_both": m[i, sco] * m[j, sco], "nato_both": m[i, nato] * m[j, nato]}))
    igo_pairs = pd.concat(parts, ignore_index=True)
    panel = panel.merge(igo_pairs, on=KEY, how="left")
    igo_last = int(igo["year"].max())
    for c in ("igo_shared", "sco_both", "nato_both"):
        panel[c] = panel[c].fillna(0).where(panel["year"] <= igo_last)

    # MIDs
    mid = ordered(s["mid"])
    mid_last = int(mid["year"].max())
    mid_dy = mid.groupby(["a", "b", "year"], as_index=False)[["cowmidongoing", "cowmidonset"]].max()
    mid_dy = mid_dy.rename(columns={"a": "ccode1", "b": "ccode2", "cowmidongoing": "mid_ongoing", "cowmidonset": "mid_onset"})
    panel = panel.merge(mid_dy, on=KEY, how="left")
    for c in ("mid_ongoing", "mid_onset"):
        panel[c] = panel[c].fillna(0).where(panel["year"] <= mid_last)
    panel["mid_years"] = spell(panel, mid_dy.loc[mid_dy["mid_ongoing"] == 1, KEY])
    foes = both_orientations(mid.loc[mid["cowmidongoing"] == 1, ["a", "b", "year"]])
    panel = panel.merge(pair_counts(foes, "i", "k", "common_foe"), on=KEY, how="left")
    panel["common_foe"] = panel["common_foe"].fillna(0).astype(np.int32)

    # sanctions
    against = s["gsdb_targets"].merge(s["gsdb_senders"], on=["case", "year"])
    shared = pair_counts(against[["target", "sender", "year"]], "target", "sender", "common_sender")
    panel = panel.merge(shared, on=KEY, how="left")
    panel["common_sender"] = panel["common_sender"].fillna(0).astype(np.int32)
    west_cases = s["gsdb_senders"].loc[s["gsdb_senders"]["sender"].isin(s["western"]), ["case", "year"]].drop_duplicates()
    west = (s["gsdb_targets"].merge(west_cases, on=["case", "year"]).drop_duplicates(["target", "year", "case"])
            .groupby(["target", "year"]).size().rename("west").reset_index())
    for side in ("1", "2"):
        panel = panel.merge(west.rename(columns={"target": "ccode" + side, "west": "west_sanctions" + side}),
                            on=["ccode" + side, "year"], how="left")
        panel["west_sanctions" + side] = panel["west_sanctions" + side].fillna(0).astype(np.int32)

    # trade
    trade = ordered(s["trade"])
    flows = trade[["flow1", "flow2"]]
    trade["trade_flow"] = flows.where(flows >= 0).sum(axis=1, min_count=1)
    total = (pd.concat([trade[["ccode1", "year", "trade_flow"]].rename(columns={"ccode1": "ccode"}),
                        trade[["ccode2", "year", "trade_flow"]].rename(columns={"ccode2": "ccode"})])
             .groupby(["ccode", "year"], as_index=False)["trade_flow"].sum().rename(columns={"trade_flow": "total"}))
    panel = panel.merge(trade[["a", "b", "year", "trade_flow"]].rename(columns={"a": "ccode1", "b": "ccode2"}),
                        on=KEY, how="left")
    for side in ("1", "2"):
        panel = panel.merge(total.rename(columns={"ccode": "ccode" + side, "total": "total" + side}),
                            on=["ccode" + side, "year"], how="left")
        panel["trade_dep" + side] = panel["trade_flow"] / panel["total" + side].where(panel["total" + side] != 0)

    # arms
    arms = ordered(s["arms"]).groupby(["a", "b", "year"], as_index=False)["tiv"].sum()
    panel = panel.merge(arms.rename(columns={"a": "ccode1", "b": "ccode2", "tiv": "arms_tiv"}), on=KEY, how="left")
    panel["arms_tiv"] = panel["arms_tiv"].fillna(0.0).where(panel["year"].between(*ARMS_YEARS))

    # distances: each state-year's capital (of those in effect in the year, the earliest start), haversine km
    capitals = s["capitals"].assign(st=s["capitals"]["stdate"].str[:4].astype(int).clip(lower=FIRST),
                                    en=s["capitals"]["enddate"].str[:4].astype(int).clip(upper=LAST))
    capitals = (expand_years(capitals, "st", "en").sort_values("stdate", kind="mergesort")
                .drop_duplicates(["ccode", "year"], keep="first"))
    for side in ("1", "2"):
        panel = panel.merge(capitals[["ccode", "year", "lat", "lng"]].rename(
            columns={"ccode": "ccode" + side, "lat": "lat" + side, "lng": "lng" + side}), on=["ccode" + side, "year"], how="left")
    lat1, lat2, lng1, lng2 = (np.radians(panel[c].to_numpy()) for c in ("lat1", "lat2", "lng1", "lng2"))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    panel["capital_distance_ln"] = np.log1p(2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))))
    mindist = ordered(s["mindist"])[["a", "b", "year", "mindist"]].rename(columns={"a": "ccode1", "b": "ccode2"})
    panel = panel.merge(mindist, on=KEY, how="left")

    # strategic rivalries: rows in effect in the year, either order; kinds by max; rivals shared by both
    tss = s["tss"]
    rivalry_last = int(tss["end"].max())
    tss = expand_years(ordered(tss).assign(start=tss["start"].clip(lower=FIRST), end=tss["end"].clip(upper=LAST)), "start", "end")
    kinds = [f"rivalry_{k}" for k in RIVALRY_KINDS]
    pairs = (tss.rename(columns=dict(zip(RIVALRY_KINDS, kinds))).assign(rivalry=1)
             .groupby(["a", "b", "year"], as_index=False)[["rivalry"] + kinds].max()
             .rename(columns={"a": "ccode1", "b": "ccode2"}))
    panel = panel.merge(pairs, on=KEY, how="left")
    panel = panel.merge(pair_counts(both_orientations(tss[["a", "b", "year"]]), "i", "k", "rivals_common"), on=KEY, how="left")
    for c in ["rivalry", "rivals_common"] + kinds:
        panel[c] = panel[c].fillna(0).where(panel["year"] <= rivalry_last)

    def by_side(frame, columns):
        """frame (ccode, year, columns...) merged onto both sides as column1, column2."""
        nonlocal panel
        for side in ("1", "2"):
            panel = panel.merge(frame.rename(columns={"ccode": "ccode" + side, **{c: c + side for c in columns}}),
                                on=["ccode" + side, "year"], how="left")

    # Maoz's powers: dated spells, one running at 2019-12-31 open-ended
    for kind, prefix in (("regional", "reg"), ("global", "glob")):
        spells = s["maoz"][(s["maoz"][prefix + "stdate"] != "") & (s["maoz"][prefix + "enddate"] != "")]
        spells = pd.DataFrame({"ccode": spells["ccode"].astype(int), "st": spells[prefix + "stdate"].str[:4].astype(int),
                               "en": np.where(spells[prefix + "enddate"] >= "2019-12-31", LAST, spells[prefix + "enddate"].str[:4].astype(int))})
        spells = expand_years(spells, "st", "en")[["ccode", "year"]].drop_duplicates().assign(**{"maoz_" + kind: 1})
        by_side(spells, ["maoz_" + kind])
        for side in ("1", "2"):
            panel[f"maoz_{kind}{side}"] = panel[f"maoz_{kind}{side}"].fillna(0).astype(np.int8)

    # fractionalisation: CREG's unit with the state's own number first; HIEF's first row
    for column in ("ethfrac", "relfrac"):
        creg = s["creg"].dropna(subset=[column]).assign(own=lambda d: d["creg_ccode"] == d["ccode"])
        creg = creg.sort_values("own", ascending=False, kind="mergesort").drop_duplicates(["ccode", "year"])
        by_side(creg[["ccode", "year", column]], [column])
    by_side(s["hief"].drop_duplicates(["ccode", "year"]), ["efindex"])
    by_side(s["terrthreat"].rename(columns={"lterrthreat": "terrthreat"}), ["terrthreat"])

    # UCDP: each conflict-year's sides, GW codes to COW by year
    ucdp = s["ucdp"]
    parties = pd.concat([ucdp[["conflict_id", "year", column]].set_axis(["conflict_id", "year", "gw"], axis=1).assign(side=column[5])
                         for column in ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd")]).dropna(subset=["gw"])
    gw, year = parties["gw"].astype(int).to_numpy(), parties["year"].to_numpy()
    # The Pacific microstates Kiribati, Nauru, Tonga and Tuvalu are GW 970-973 and COW 946, 970, 955, 947.
    cow = np.select([(gw == 260) & (year >= 1991), (gw == 678) & (year >= 1990), gw == 340,
                     np.isin(gw, [89, 99, 396, 397, 563, 564, 711, 815]), gw == 970, gw == 971, gw == 972, gw == 973],
                    [255, 679, 345, -1, 946, 970, 955, 947], gw)
    parties = parties.assign(ccode=cow)
    parties = parties[parties["ccode"] >= 0].drop_duplicates(["conflict_id", "year", "side", "ccode"])
    counts = parties.drop_duplicates(["conflict_id", "year", "ccode"]).groupby(["ccode", "year"]).size().rename("ucdp_conflicts").reset_index()
    by_side(counts, ["ucdp_conflicts"])
    joined = parties.merge(parties, on=["conflict_id", "year"])
    joined = ordered(joined[joined["ccode_x"] != joined["ccode_y"]], "ccode_x", "ccode_y")
    for name, same in (("ucdp_opposed", False), ("ucdp_together", True)):
        hits = joined[(joined["side_x"] == joined["side_y"]) == same][["a", "b", "year"]].drop_duplicates()
        panel = panel.merge(hits.rename(columns={"a": "ccode1", "b": "ccode2"}).assign(**{name: 1}), on=KEY, how="left")
    inside = panel["year"].between(int(ucdp["year"].min()), int(ucdp["year"].max()))
    for c in ("ucdp_conflicts1", "ucdp_conflicts2", "ucdp_opposed", "ucdp_together"):
        panel[c] = panel[c].fillna(0).where(inside)

    # each column NULL after its source's last year (a lag or a count of years since: the year after it)
    atop_last, mid_last = int(s["atop"]["year"].max()), int(s["mid"]["year"].max())
    gsdb_last, un_last = int(s["gsdb_senders"]["year"].max()), int(s["votes"]["year"].max())
    for columns, last in ((ATOP + [c + "_onset" for c in ATOP], atop_last),
                          (["defense_years", "defense_years2", "defense_years3", "allies_common", "triad_closure"], atop_last + 1),
                          (["un_votes_n", "un_agree", "un_sscore"], un_last), (["common_foe"], mid_last), (["mid_years"], mid_last + 1),
                          (["common_sender", "west_sanctions1", "west_sanctions2"], gsdb_last)):
        for c in columns:
            panel[c] = panel[c].where(panel["year"] <= last)

    return panel[COLUMNS]


# ------------------------------------------------------------------------------------------------ output

INT_COLUMNS = [c for c in COLUMNS if c not in {
    "cinc1", "cinc2", "cap_ratio_ln", "gdp_ln1", "gdp_ln2", "pop_ln1", "pop_ln2", "polyarchy1", "polyarchy2", "un_agree", "un_sscore", "ideal_distance", "ideal_distance_fp",
    "ethfrac1", "ethfrac2", "relfrac1", "relfrac2", "efindex1", "efindex2", "terrthreat1", "terrthreat2",
    "trade_flow", "trade_dep1", "trade_dep2", "arms_tiv", "capital_distance_ln", "mindist"}]


def write_csv(panel, path):
    out = panel.copy()
    for c in INT_COLUMNS:
        out[c] = out[c].astype("Int64")
    for c in set(COLUMNS) - set(INT_COLUMNS):
        out[c] = [repr(float(x)) if x == x else "" for x in out[c].to_numpy()]
    out.to_csv(path, index=False, na_rep="")


def compare(panel, path):
    """Entente's CSV against the pandas panel, rows matched by key: (cells differing beyond a relative 1e-9 or in
    NULL-ness, per column), cells not bit-identical, cells compared. None if the keys or columns differ."""
    theirs = pd.read_csv(path)
    if list(theirs.columns) != COLUMNS or len(theirs) != len(panel):
        return None
    order = ["year", "ccode1", "ccode2"]
    ours = panel.sort_values(order, ignore_index=True)
    theirs = theirs.sort_values(order, ignore_index=True)
    if not (ours[KEY].to_numpy() == theirs[KEY].to_numpy()).all():
        return None
    differing, inexact = {}, 0
    for c in COLUMNS:
        x = ours[c].to_numpy(dtype=float, na_value=np.nan)
        z = theirs[c].to_numpy(dtype=float, na_value=np.nan)
        null = np.isnan(x) & np.isnan(z)
        count = int((~(null | (np.abs(x - z) <= 1e-9 * np.maximum(1, np.abs(z))))).sum())
        inexact += int((~(null | (x == z))).sum())
        if count:
            differing[c] = count
    return differing, inexact, len(ours) * len(COLUMNS)


def entente_help(entente):
    if not os.path.exists(entente):
        return False
    run = subprocess.run([entente, "panel", "--help"], capture_output=True, text=True)
    text = run.stdout + run.stderr
    return "--nondirected" in text and "--years" in text


def main():
    global LAST
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    parser.add_argument("--out-csv", help="write the pandas panel here (repr floats, NULL empty)")
    parser.add_argument("--entente-out", default=None, help="where entente panel writes (default: a temp file)")
    parser.add_argument("--entente", default=os.path.join(root, ".build", "release", "entente"),
                        help="the entente binary (default: .build/release/entente)")
    parser.add_argument("--skip-entente", action="store_true")
    parser.add_argument("--last-year", type=int, default=LAST, help="the panel's last year (default: 2024, the latest with data)")
    args = parser.parse_args()
    LAST = args.last_year
    data = os.path.abspath(args.data)

    start = time.perf_counter()
    sources = load(data)
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    panel = derive(sources)
    derive_seconds = time.perf_counter() - start
    pandas_seconds = load_seconds + derive_seconds
    print(f"pandas {pd.__version__}, numpy {np.__version__}")
    print(f"{'tool':<44}{'seconds':>9}{'rows':>11}")
    print(f"{'pandas: load (read_csv + name resolution)':<44}{load_seconds:>9.2f}")
    print(f"{'pandas: derive (universe + joins)':<44}{derive_seconds:>9.2f}{len(panel):>11}")
    print(f"{'pandas: total':<44}{pandas_seconds:>9.2f}{len(panel):>11}")
    if args.out_csv:
        write_csv(panel, args.out_csv)

    entente = args.entente
    if args.skip_entente or not entente_help(entente):
        print(f"entente panel: not available at {entente} (skipped)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "panel.sqlite")
        subprocess.run([entente, "import", "all", "--from", data, "--database", db], check=True, capture_output=True)
        out = args.entente_out or os.path.join(tmp, "panel.csv")
        start = time.perf_counter()
        subprocess.run([entente, "panel", "--years", f"{FIRST}-{LAST}", "--nondirected", "--out", out,
                        "--database", db], check=True, capture_output=True)
        entente_seconds = time.perf_counter() - start
        with open(out, "rb") as f:
            entente_rows = sum(1 for _ in f) - 1
        comparison = compare(panel, out)
    print(f"{'entente panel (from its database)':<44}{entente_seconds:>9.2f}{entente_rows:>11}")
    print(f"ratio pandas total / entente: {pandas_seconds / entente_seconds:.2f}x "
          f"(derive only: {derive_seconds / entente_seconds:.2f}x)")
    if comparison is None:
        print(f"warning: keys or columns differ (pandas {len(panel)} rows, entente {entente_rows})")
    else:
        differing, inexact, cells = comparison
        print(f"cells differing (beyond a relative 1e-9, or NULL on one side): {sum(differing.values())} of {cells:,}"
              + (f" {differing}" if differing else "") + f"; not bit-identical: {inexact:,}")


if __name__ == "__main__":
    main()
