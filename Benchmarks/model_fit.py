"""Logistic fit on the same design matrix: Entente vs statsmodels vs scikit-learn, in one run.

Usage: Benchmarks/.venv/bin/python Benchmarks/model_fit.py [--database DB] [--entente PATH] [--repeat N]

1. Exports two designs with `entente model fit --export-design` from an imported database:
   - "default": the shipped default model (defence-pact onset, dyad-years at risk 1950-2018, 13 predictors);
   - "full": the presence of a defence pact on every dyad-year 1816-2018 with predictors observed in all years.
2. Fits each design with `entente model fit --from-design` (fit time as Entente reports it, reading excluded),
   statsmodels Logit (Newton, cluster-robust by dyad and plain), and scikit-learn LogisticRegression with no
   penalty (lbfgs and newton-cholesky), timing the fit alone (data already in memory), best of N.
3. Prints times, ratios and the largest coefficient / standard-error differences against statsmodels.
"""
import argparse
import json
import os
import subprocess
import tempfile
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from timing import best

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DESIGNS = {
    "default": [],
    "full": ["--outcome", "defense", "--years", "1816-2018", "--predictors",
             "allies_common,triad_closure,land_contiguity,major_any,mid_years,common_foe,common_sender,west_sanctions_min"],
}



def main():
    # lbfgs on unscaled columns stops at max_iter without converging; its distance from statsmodels shows it.
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=os.environ.get("ENTENTE_DATABASE"))
    parser.add_argument("--entente", default=os.path.join(ROOT, ".build/release/entente"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = ["--database", args.database] if args.database else []
    work = tempfile.mkdtemp(prefix="entente-model-bench-")
    print(f"{'design':8s} {'rows':>8s} {'cols':>4s} {'tool':32s} {'fit s':>7s} {'ratio':>6s}  max |Δβ|, max |Δse| vs statsmodels")
    for name, options in DESIGNS.items():
        path = os.path.join(work, f"{name}.csv")
        subprocess.run([args.entente, "model", "fit", *database, *options, "--export-design", path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        design = pd.read_csv(path)
        keys = pd.read_csv(path[:-4] + ".keys.csv")
        y = design.iloc[:, 0].to_numpy(dtype=float)
        x = sm.add_constant(design.iloc[:, 1:].to_numpy(dtype=float), has_constant="add")
        groups = pd.factorize(keys.ccode1.astype(str) + "-" + keys.ccode2.astype(str))[0]

        def entente_fit():
            run = subprocess.run([args.entente, "model", "fit", "--from-design", path, "--format", "json"],
                                 check=True, capture_output=True, text=True)
            seconds = float(run.stderr.split("fitted in ")[1].split(" s")[0])
            return seconds, json.loads(run.stdout)

        runs = [entente_fit() for _ in range(args.repeat)]
        entente_seconds = min(seconds for seconds, _ in runs)
        ours = runs[0][1]
        sm_seconds, sm_result = best(lambda: sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0,
                                                                  cov_type="cluster", cov_kwds={"groups": groups}), args.repeat)
        plain_seconds, _ = best(lambda: sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0), args.repeat)
        lbfgs_seconds, lbfgs = best(lambda: LogisticRegression(C=np.inf, solver="lbfgs", tol=1e-10, max_iter=1000)
                                    .fit(x[:, 1:], y), args.repeat)
        newton_seconds, newton = best(lambda: LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-10,
                                                                  max_iter=100).fit(x[:, 1:], y), args.repeat)
        names = ["(Intercept)"] + list(design.columns[1:])
        ours_beta = np.array([ours["coefficients"][n] for n in names])
        ours_se = np.array([ours["standard_errors"][n] for n in names])
        d_beta = np.max(np.abs(ours_beta - sm_result.params))
        d_se = np.max(np.abs(ours_se - sm_result.bse))

        def sk_diff(model):
            return np.max(np.abs(np.concatenate([model.intercept_, model.coef_[0]]) - sm_result.params))

        rows, cols = x.shape
        print(f"{name:8s} {rows:8d} {cols - 1:4d} {'entente (Newton, cluster SE)':32s} {entente_seconds:7.3f} {1:6.2f}  {d_beta:.1e}, {d_se:.1e}")
        print(f"{'':8s} {'':8s} {'':4s} {'statsmodels Logit (cluster SE)':32s} {sm_seconds:7.3f} {sm_seconds / entente_seconds:6.2f}")
        print(f"{'':8s} {'':8s} {'':4s} {'statsmodels Logit (plain SE)':32s} {plain_seconds:7.3f} {plain_seconds / entente_seconds:6.2f}")
        print(f"{'':8s} {'':8s} {'':4s} {'sklearn lbfgs 1000 it (no SE)':32s} {lbfgs_seconds:7.3f} {lbfgs_seconds / entente_seconds:6.2f}  {sk_diff(lbfgs):.1e}")
        print(f"{'':8s} {'':8s} {'':4s} {'sklearn newton-cholesky (no SE)':32s} {newton_seconds:7.3f} {newton_seconds / entente_seconds:6.2f}  {sk_diff(newton):.1e}")
    print("ratio = peer time / entente time (above 1: entente faster)")


if __name__ == "__main__":
    main()
