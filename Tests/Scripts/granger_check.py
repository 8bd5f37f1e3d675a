#!/usr/bin/env python3
"""Independent Granger F tests of Western sanctions on a state -> a dyad's UN voting agreement, from the raw files.

Usage: granger_check.py DATA_DIR REPO_DIR ccode1,ccode2 CAUSE_CCODE FIRST_YEAR LAST_YEAR MAX_LAG

The two yearly series come from panel_check.py's pandas reading of the raw files (not Entente's database):
un_agree of the non-directed dyad ccode1 < ccode2, and west_sanctions of CAUSE_CCODE (one of the two). Then, for
levels and for first differences, and each lag p in 1..MAX_LAG, OLS by numpy's lstsq:
  restricted    y_t on 1, y_{t-1} .. y_{t-p}
  unrestricted  y_t on 1, y_{t-1} .. y_{t-p}, x_{t-1} .. x_{t-p}
over the t with y_t and every lag present; F = ((RSS_r - RSS_u) / p) / (RSS_u / (n - 2p - 1)).

Prints CSV lines:
  series,YEAR,UN_AGREE,WEST_SANCTIONS            (empty field: missing)
  test,TRANSFORM,LAG,F,DF_NUM,DF_DEN,N,P         (TRANSFORM levels or differences; P empty without scipy)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import panel_check  # noqa: E402  (the independent raw-file reading, shared with the panel comparison)

try:
    from scipy.stats import f as f_distribution
except ImportError:  # CI may lack scipy: the Swift test then checks p through its own F distribution
    f_distribution = None


def granger(y, x, lag):
    usable = [t for t in range(lag, len(y))
              if y[t] is not None and all(y[t - k] is not None and x[t - k] is not None for k in range(1, lag + 1))]
    n = len(usable)
    response = np.array([y[t] for t in usable])
    own = [[y[t - k] for t in usable] for k in range(1, lag + 1)]
    cause = [[x[t - k] for t in usable] for k in range(1, lag + 1)]
    ones = [[1.0] * n]

    def rss(columns):
        design = np.array(columns, dtype=float).T
        coefficients = np.linalg.lstsq(design, response, rcond=None)[0]
        residuals = response - design @ coefficients
        return float(residuals @ residuals)

    restricted, unrestricted = rss(own + ones), rss(own + cause + ones)
    df_den = n - 2 * lag - 1
    f = (restricted - unrestricted) / lag / (unrestricted / df_den)
    p = float(f_distribution.sf(f, lag, df_den)) if f_distribution is not None else None
    return f, lag, df_den, n, p


def differences(values):
    return [None] + [b - a if a is not None and b is not None else None for a, b in zip(values, values[1:])]


def text(value):
    return "" if value is None else repr(float(value))


def main(argv):
    if len(argv) != 8:
        sys.exit(__doc__.split("\n\n")[1])
    data, repo = argv[1], argv[2]
    a, b = (int(c) for c in argv[3].split(","))
    cause_state, first, last, max_lag = int(argv[4]), int(argv[5]), int(argv[6]), int(argv[7])
    if not a < b or cause_state not in (a, b):
        sys.exit("ccode1 < ccode2, and the cause one of them")
    sources = panel_check.Sources(data, repo)
    years = list(range(first, last + 1))
    rows = [sources.row(a, b, year) for year in years]
    agree = [row["un_agree"] for row in rows]
    sanctions = [float(row["west_sanctions1" if cause_state == a else "west_sanctions2"]) for row in rows]
    for year, y, x in zip(years, agree, sanctions):
        print(f"series,{year},{text(y)},{text(x)}")
    for transform, (y, x) in (("levels", (agree, sanctions)), ("differences", (differences(agree), differences(sanctions)))):
        for lag in range(1, max_lag + 1):
            f, df_num, df_den, n, p = granger(y, x, lag)
            print(f"test,{transform},{lag},{text(f)},{df_num},{df_den},{n},{text(p)}")


if __name__ == "__main__":
    main(sys.argv)
