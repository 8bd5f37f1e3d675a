#!/usr/bin/env python3
"""Splits a backtest's log loss beyond the base rate's between the pairs that include any of some states and the
rest, from predictions exported by `entente model backtest --export-predictions FILE.csv`.

Usage: loss_by_states.py FILE.csv CCODE[,CCODE...]

Per horizon: the excess log loss (natural log, clipped as scikit-learn's log_loss) of the pool over the training
base rate, summed over the pairs with one of the states and over the rest, their onsets, and the log skill of
the rest alone.
"""
import sys

import numpy as np
import pandas as pd


def log_loss(y, p):
    eps = np.finfo(float).eps
    p = np.clip(p, eps, 1 - eps)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def main(path, states):
    frame = pd.read_csv(path)
    for horizon, group in frame.groupby("horizon"):
        y = group.outcome.to_numpy()
        pool, base = log_loss(y, group.probability.to_numpy()), log_loss(y, group.base_probability.to_numpy())
        named = (group.ccode1.isin(states) | group.ccode2.isin(states)).to_numpy()
        print(f"horizon {horizon}: excess loss {(pool - base).sum():.1f}; pairs with the states {(pool - base)[named].sum():.1f} "
              f"({named.sum()} forecasts, {y[named].sum()} onsets); the rest {(pool - base)[~named].sum():.1f} "
              f"({(~named).sum()} forecasts, {y[~named].sum()} onsets, log skill {1 - pool[~named].sum() / base[~named].sum():+.3f})")


if __name__ == "__main__":
    main(sys.argv[1], {int(c) for c in sys.argv[2].split(",")})
