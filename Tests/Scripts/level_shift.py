#!/usr/bin/env python3
"""How far a backtest's forecasts miss in level: from predictions exported by `entente model backtest
--export-predictions FILE.csv`, per horizon, the onsets against the sums of the pool's and the base rate's
probabilities, and the pool's log and Brier skill (against the base rate) after shifting every forecast's log-odds
by each of SHIFTS, with each member's skill beside them.

Usage: level_shift.py FILE.csv [SHIFT,SHIFT,...]   (default shifts 0,-0.5,-1,-1.5,-2,-2.5,-3)

A shift is hindsight, not a forecasting rule: it says how much of a loss is the level of the forecasts (the rate
of the years ahead) rather than their order.
"""
import sys

import numpy as np
import pandas as pd


def log_loss(y, p):
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def brier(y, p):
    return np.mean((y - p) ** 2)


def shifted(p, shift):
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return 1 / (1 + np.exp(-(np.log(p / (1 - p)) + shift)))


def main(path, shifts):
    frame = pd.read_csv(path)
    members = [c for c in frame.columns if c.startswith("member_")]
    for horizon, group in frame.groupby("horizon"):
        y = group.outcome.to_numpy()
        base = group.base_probability.to_numpy()
        base_log, base_brier = log_loss(y, base), brier(y, base)
        print(f"horizon {horizon}: {len(y)} forecasts, {int(y.sum())} onsets; expected by the pool "
              f"{group.probability.sum():.1f}, by the base rate {base.sum():.1f}")
        if y.sum() == 0:
            print("  no onsets: skills not computed")
            continue
        for shift in shifts:
            p = shifted(group.probability.to_numpy(), shift)
            print(f"  shift {shift:+.1f}: expected {p.sum():7.1f}  log skill {1 - log_loss(y, p) / base_log:+.3f}  "
                  f"Brier skill {1 - brier(y, p) / base_brier:+.3f}")
        for member in members:
            p = group[member].to_numpy()
            print(f"  {member[7:]:>10}: expected {p.sum():7.1f}  log skill {1 - log_loss(y, p) / base_log:+.3f}  "
                  f"Brier skill {1 - brier(y, p) / base_brier:+.3f}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], [float(s) for s in (sys.argv[2] if len(sys.argv) == 3 else "0,-0.5,-1,-1.5,-2,-2.5,-3").split(",")])
