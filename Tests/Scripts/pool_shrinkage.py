#!/usr/bin/env python3
"""Scores the ensemble's pool with its weights shrunk toward equal, w = (1 - a) w_stacked + a / M, on predictions
exported by `entente model backtest --export-predictions FILE.csv --format json > BACKTEST.json` (the export's
member_NAME columns; the JSON's weights per origin). Only windows that end by CUTOFF are scored (origin + horizon
<= CUTOFF), so a rule for later origins is chosen from years before them.

Usage: pool_shrinkage.py FILE.csv BACKTEST.json CUTOFF

Prints, per horizon, the log and Brier skill against the training base rate for a in {0, 0.25, 0.5, 0.75, 1}
and for each member alone. Log loss clips as scikit-learn's log_loss does.
"""
import json
import sys

import numpy as np
import pandas as pd

SHRINKAGE = [0, 0.25, 0.5, 0.75, 1]


def skills(y, p, base):
    eps = np.finfo(float).eps
    def log_loss(q):
        q = np.clip(q, eps, 1 - eps)
        return -(y * np.log(q) + (1 - y) * np.log(1 - q)).mean()
    return 1 - log_loss(p) / log_loss(base), 1 - ((p - y) ** 2).mean() / ((base - y) ** 2).mean()


def main(path, backtest_path, cutoff):
    frame = pd.read_csv(path)
    columns = [c for c in frame.columns if c.startswith("member_")]
    names = [c[len("member_"):] for c in columns]
    weights = {o["origin"]: np.array([o["weights"][n] for n in names]) for o in json.load(open(backtest_path))["origins"]}
    for horizon, group in frame.groupby("horizon"):
        group = group[group.origin + horizon <= cutoff]
        if group.empty:
            continue
        y, base = group.outcome.to_numpy(), group.base_probability.to_numpy()
        members = group[columns].to_numpy()
        stacked = np.stack([weights[o] for o in group.origin])
        print(f"horizon {horizon}: origins {group.origin.min()}-{group.origin.max()}, {len(group)} forecasts, {y.sum()} onsets")
        for a in SHRINKAGE:
            log, brier = skills(y, (((1 - a) * stacked + a / len(names)) * members).sum(axis=1), base)
            print(f"  shrinkage {a:<4}  log skill {log:+.3f}  Brier skill {brier:+.3f}")
        for k, name in enumerate(names):
            log, brier = skills(y, members[:, k], base)
            print(f"  {name:<14}  log skill {log:+.3f}  Brier skill {brier:+.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
