"""Fits an exported Entente design with statsmodels, independently of Entente, and prints the estimates as JSON.

Usage: logit_check.py DESIGN.csv   (clusters from DESIGN.keys.csv when present)
The design is what `entente model fit --export-design` writes: outcome first, then the predictors. The fit is
statsmodels' Logit by Newton's method; standard errors are clustered by dyad (ccode1, ccode2) as Entente's are,
with statsmodels' default small-sample correction.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm


def fit(path):
    design = pd.read_csv(path)
    y = design.iloc[:, 0].to_numpy(dtype=float)
    x = sm.add_constant(design.iloc[:, 1:], has_constant="add")
    x = x.rename(columns={"const": "(Intercept)"})
    keys_path = path[:-4] + ".keys.csv" if path.endswith(".csv") else path + ".keys.csv"
    model = sm.Logit(y, x)
    if os.path.exists(keys_path):
        keys = pd.read_csv(keys_path)
        groups = pd.factorize(keys.ccode1.astype(str) + "-" + keys.ccode2.astype(str))[0]
        result = model.fit(method="newton", maxiter=100, tol=1e-12, disp=0,
                           cov_type="cluster", cov_kwds={"groups": groups})
    else:
        result = model.fit(method="newton", maxiter=100, tol=1e-12, disp=0)
    return {
        "coefficients": result.params.to_dict(),
        "standard_errors": result.bse.to_dict(),
        "log_likelihood": float(result.llf),
        "observations": int(result.nobs),
    }


if __name__ == "__main__":
    print(json.dumps(fit(sys.argv[1])))
