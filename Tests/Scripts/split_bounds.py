"""How far a fixed split's forecasts are from the targets, and what hindsight could and could not fix.

Usage: Benchmarks/.venv/bin/python Tests/Scripts/split_bounds.py FILE.csv [FILE.csv ...]

FILE is `entente model validate --train-through YEAR --export-predictions FILE` (the ensemble, with every member's
probability beside it). For each file it prints, against the training base rate (`base_probability`):

1. the shipped pool's ROC-AUC, PR-AUC, Brier skill and log skill;
2. the same after a recalibration logit(q) = a + b·logit(p) fitted on the test rows themselves: hindsight, an
   upper bound on what any rule for the level and spread of the forecasts (chosen before the test years) could
   give, since it changes neither order nor PR-AUC;
3. each member alone: how high PR-AUC gets without pooling;
4. the members pooled with the shipped weights (recovered by least squares, the pool being linear) but averaged on
   the log-odds scale, and with equal weights on either scale: hindsight too, since the weights are the inner
   blocks' and only the rule changes.
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.metrics import average_precision_score, roc_auc_score

FLOOR = 1e-12


def logit(p):
    p = np.clip(p, FLOOR, 1 - FLOOR)
    return np.log(p / (1 - p))


def skills(y, p, base):
    p = np.clip(p, FLOOR, 1 - FLOOR)
    brier = np.mean((p - y) ** 2) / np.mean((base - y) ** 2)
    log = np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) / np.mean(y * np.log(base) + (1 - y) * np.log(1 - base))
    return roc_auc_score(y, p), average_precision_score(y, p), 1 - brier, 1 - log


def main(paths):
    print(f"{'file':<28} {'forecast':<40} {'roc_auc':>8} {'pr_auc':>8} {'brier_sk':>9} {'log_sk':>8}")
    for path in paths:
        d = pd.read_csv(path)
        y = d.outcome.to_numpy(dtype=float)
        base = d.base_probability.to_numpy()
        members = [c for c in d.columns if c.startswith("member_")]
        member_p = d[members].to_numpy()
        p = d.probability.to_numpy()
        rows = [("pool as shipped", p)]
        fit = sm.Logit(y, sm.add_constant(logit(p))).fit(disp=0)
        a, b = fit.params
        rows.append((f"hindsight recal. a={a:.2f} b={b:.2f}", fit.predict(sm.add_constant(logit(p)))))
        rows += [(m.removeprefix("member_") + " alone", d[m].to_numpy()) for m in members]
        weights = np.linalg.lstsq(member_p, p, rcond=None)[0]
        rows.append(("weights " + "/".join(f"{w:.2f}" for w in weights) + ", log-odds", 1 / (1 + np.exp(-(logit(member_p) @ weights)))))
        rows.append(("equal weights, linear", member_p.mean(axis=1)))
        rows.append(("equal weights, log-odds", 1 / (1 + np.exp(-logit(member_p).mean(axis=1)))))
        for name, q in rows:
            print(f"{path.split('/')[-1]:<28} {name:<40} " + " ".join(f"{v:>8.4f}" for v in skills(y, q, base)))


if __name__ == "__main__":
    main(sys.argv[1:])
