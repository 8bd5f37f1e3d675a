"""The ensemble members' L2-penalised logistic fits: Entente vs scikit-learn vs statsmodels on the same matrices.

Usage: Benchmarks/.venv/bin/python Benchmarks/member_fit.py [--database DB] [--entente PATH] [--designs PREFIX] [--repeat N]

1. Exports each member's final training design (standardised columns, the rows the member is fitted on) with
   `entente model forecast CHN RUS --grid 30:5 --export-designs PREFIX` (or reads PREFIX-MEMBER.csv already written).
   Every member then carries the penalty λ = 30 the grid allows.
2. Fits each design with `entente model fit --from-design FILE --penalty 30 --no-cluster` (the fit time Entente
   reports, reading excluded), scikit-learn LogisticRegression(C = 1/λ; newton-cholesky and lbfgs; the intercept
   unpenalised, as in Entente) and statsmodels Logit with an L2 penalty on the slopes (PenalizedMixin, Newton),
   timing the fit alone, best of N.
3. Prints times, ratios (peer / Entente) and the largest coefficient difference from statsmodels.

Both objectives are log-likelihood − λ/2 · Σ β_j² over the slopes.
"""
import argparse
import glob
import json
import os
import subprocess
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from statsmodels.base._penalized import PenalizedMixin
from statsmodels.base._penalties import L2
from timing import best

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PENALTY = 30.0


class PenalizedLogit(PenalizedMixin, sm.Logit):
    """statsmodels' Logit with a penalty term subtracted from the log-likelihood."""



def main():
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=os.environ.get("ENTENTE_DATABASE"))
    parser.add_argument("--entente", default=os.path.join(ROOT, ".build/release/entente"))
    parser.add_argument("--designs", help="PREFIX of designs already exported (PREFIX-MEMBER.csv)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    prefix = args.designs
    if prefix is None:
        prefix = os.path.join(os.environ.get("TMPDIR", "/tmp"), "entente-member-designs")
        database = ["--database", args.database] if args.database else []
        subprocess.run([args.entente, "model", "forecast", "CHN", "RUS", *database, "--grid", f"{PENALTY:g}:5",
                        "--export-designs", prefix], check=True, stdout=subprocess.DEVNULL)
    paths = sorted(p for p in glob.glob(prefix + "-*.csv") if not p.endswith(".keys.csv"))
    print(f"{'member':10s} {'rows':>8s} {'cols':>4s} {'tool':34s} {'fit s':>7s} {'ratio':>6s}  max |Δβ| vs statsmodels")
    for path in paths:
        member = path[len(prefix) + 1:-4]
        design = pd.read_csv(path)
        y = design.iloc[:, 0].to_numpy(dtype=float)
        x = design.iloc[:, 1:].to_numpy(dtype=float)
        rows, cols = x.shape

        def entente_fit():
            run = subprocess.run([args.entente, "model", "fit", "--from-design", path, "--penalty", f"{PENALTY:g}",
                                  "--no-cluster", "--format", "json"], check=True, capture_output=True, text=True)
            return float(run.stderr.split("fitted in ")[1].split(" s")[0]), json.loads(run.stdout)

        runs = [entente_fit() for _ in range(args.repeat)]
        entente_seconds = min(seconds for seconds, _ in runs)
        names = ["(Intercept)"] + list(design.columns[1:])
        ours = np.array([runs[0][1]["coefficients"][n] for n in names])

        with_constant = sm.add_constant(x, has_constant="add")
        weights = np.r_[0.0, np.ones(cols)]
        # statsmodels' L2 penalty is Σ w·β² (no ½), subtracted as pen_weight × it: pen_weight = λ / 2.
        sm_seconds, sm_fit = best(lambda: PenalizedLogit(y, with_constant, penal=L2(weights=weights), pen_weight=PENALTY / 2)
                                  .fit(method="newton", tol=1e-12, maxiter=100, disp=0), args.repeat)
        reference = np.asarray(sm_fit.params)
        newton_seconds, newton = best(lambda: LogisticRegression(C=1 / PENALTY, solver="newton-cholesky", tol=1e-12,
                                                                  max_iter=100).fit(x, y), args.repeat)
        lbfgs_seconds, lbfgs = best(lambda: LogisticRegression(C=1 / PENALTY, solver="lbfgs", tol=1e-12,
                                                                max_iter=1000).fit(x, y), args.repeat)

        def diff(beta):
            return np.max(np.abs(np.asarray(beta) - reference))

        def sk(model):
            return np.concatenate([model.intercept_, model.coef_[0]])

        print(f"{member:10s} {rows:8d} {cols:4d} {'entente (Newton, L2)':34s} {entente_seconds:7.3f} {1:6.2f}  {diff(ours):.1e}")
        for label, seconds, beta in [("statsmodels Logit + L2 (Newton)", sm_seconds, reference),
                                     ("sklearn newton-cholesky", newton_seconds, sk(newton)),
                                     ("sklearn lbfgs", lbfgs_seconds, sk(lbfgs))]:
            print(f"{'':10s} {'':8s} {'':4s} {label:34s} {seconds:7.3f} {seconds / entente_seconds:6.2f}  {diff(beta):.1e}")
    print("ratio = peer time / entente time (above 1: entente faster)")


if __name__ == "__main__":
    main()
