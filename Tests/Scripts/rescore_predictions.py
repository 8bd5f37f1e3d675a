#!/usr/bin/env python3
"""Rescores predictions exported by `entente model validate|backtest --export-predictions` with scikit-learn,
independently of Entente's Swift scoring, and prints the scores as JSON.

Usage: rescore_predictions.py PREDICTIONS.csv

The file has one row per scored pair: ccode1, ccode2, year, origin, horizon (empty for a fixed split), outcome
(0/1), probability, base_probability. Scores are computed per horizon ("all" for a fixed split):
roc_auc (roc_auc_score), pr_auc (average_precision_score), brier (brier_score_loss), log_score (log_loss with
labels [0, 1]), the same for base_probability and for each member's column (member_NAME, scores prefixed
"member_NAME_"), and brier_skill / log_skill = 1 - score / base score.
"""
import json
import sys

import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score


def scores(frame):
    y = frame["outcome"].to_numpy(dtype=int)
    result = {"rows": int(len(frame)), "events": int(y.sum())}
    members = [(column + "_", column) for column in frame.columns if column.startswith("member_")]
    for name, column in [("", "probability"), ("base_", "base_probability")] + members:
        p = frame[column].to_numpy(dtype=float)
        result[name + "roc_auc"] = float(roc_auc_score(y, p))
        result[name + "pr_auc"] = float(average_precision_score(y, p))
        result[name + "brier"] = float(brier_score_loss(y, p))
        result[name + "log_score"] = float(log_loss(y, p, labels=[0, 1]))
    result["brier_skill"] = 1 - result["brier"] / result["base_brier"]
    result["log_skill"] = 1 - result["log_score"] / result["base_log_score"]
    return result


def main(path):
    frame = pd.read_csv(path, dtype={"horizon": "Int64", "origin": "Int64"})
    out = {}
    if frame["horizon"].isna().all():
        out["all"] = scores(frame)
    else:
        for horizon, group in frame.groupby("horizon"):
            out[str(int(horizon))] = scores(group)
            out[str(int(horizon))]["origins"] = int(group["origin"].nunique())
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
