#!/usr/bin/env python3
"""Reference values for ForecastScoresTests, DistributionsTests and GrangerTestTests, from scikit-learn, scipy,
statsmodels and pandas (independent of Entente's Swift code).

Usage: scoring_reference.py      (needs numpy, scipy, statsmodels, scikit-learn, pandas)

Prints Swift literals: the deterministic inputs (drawn here from fixed seeds, rounded so that ties occur and the
values print exactly) and what the libraries compute from them. The tests embed this output; rerun the script and
compare when a library or an input changes. Floats print with repr, which round-trips exactly into Swift.
"""
import math
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score
from statsmodels.api import OLS, add_constant
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tsa.stattools import grangercausalitytests

warnings.simplefilter("ignore")


def swift(values):
    """A Swift array literal, nil for NaN, wrapped to fit 120 columns when indented in a test."""
    items = ["nil" if isinstance(v, float) and math.isnan(v) else
             ("true" if v is True else "false" if v is False else repr(v)) for v in values]
    lines, line = [], ""
    for item in items:
        if line and len(line) + len(item) + 2 > 106:
            lines.append(line.rstrip())
            line = ""
        line += item + ", "
    lines.append(line.rstrip().rstrip(","))
    return "[\n" + "\n".join("    " + l for l in lines) + "\n]"


def show(name, value):
    print(f"{name} = {value if not isinstance(value, (list, tuple)) else swift(list(value))}")


print(f"// numpy {np.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__}, "
      f"scikit-learn {sklearn.__version__}, pandas {pd.__version__}")

# ---------------------------------------------------------------- forecasts
print("\n// ForecastScoresTests: common forecasts (predictions to 2 decimals, so many ties; 0 and 1 included)")
rng = np.random.default_rng(20240511)
p = np.round(rng.beta(1.2, 3.0, 160), 2)
p[:3] = [0.0, 1.0, 0.5]
y = rng.random(160) < p
y[:3] = [False, False, True]  # p = 1 with no event: the log score's clip matters
show("common.predictions", [float(v) for v in p])
show("common.outcomes", [bool(v) for v in y])


def scores(name, p, y):
    yi = y.astype(int)
    show(f"{name}.count, events", (len(p), int(yi.sum())))
    auc = roc_auc_score(yi, p)
    u = stats.mannwhitneyu(p[y], p[~y]).statistic / (y.sum() * (~y).sum())
    assert abs(auc - u) < 1e-14, (auc, u)
    show(f"{name}.rocAUC (sklearn roc_auc_score = scipy mannwhitneyu U/(P·N))", float(auc))
    show(f"{name}.averagePrecision (sklearn average_precision_score)", float(average_precision_score(yi, p)))
    show(f"{name}.brierScore (sklearn brier_score_loss)", float(brier_score_loss(yi, p)))
    show(f"{name}.logScore (sklearn log_loss, labels [0, 1])", float(log_loss(yi, p, labels=[0, 1])))


scores("common", p, y)


def equal_count_bins(name, p, y, q):
    codes, edges = pd.qcut(p, q, labels=False, retbins=True, duplicates="drop")
    frame = pd.DataFrame({"bin": codes, "p": p, "y": y.astype(int)})
    grouped = frame.groupby("bin").agg(count=("y", "size"), events=("y", "sum"), mean=("p", "mean"))
    low, high = proportion_confint(grouped["events"], grouped["count"], alpha=0.05, method="wilson")
    print(f"// {name}: pandas qcut({q}, duplicates='drop') bins; statsmodels proportion_confint(method='wilson')")
    show(f"{name}.lower", [float(edges[i]) for i in grouped.index])
    show(f"{name}.upper", [float(edges[i + 1]) for i in grouped.index])
    show(f"{name}.count", [int(v) for v in grouped["count"]])
    show(f"{name}.events", [int(v) for v in grouped["events"]])
    show(f"{name}.meanPredicted", [float(v) for v in grouped["mean"]])
    show(f"{name}.wilsonLower", [float(v) for v in low])
    show(f"{name}.wilsonUpper", [float(v) for v in high])


def equal_width_bins(name, p, y, n):
    edges = np.arange(n + 1) / n
    codes = np.searchsorted(edges[1:-1], p, side="left")  # (e_i, e_i+1], the first bin holding 0
    frame = pd.DataFrame({"bin": codes, "p": p, "y": y.astype(int)})
    grouped = frame.groupby("bin").agg(count=("y", "size"), events=("y", "sum"), mean=("p", "mean"))
    # scikit-learn takes its edges from linspace (k * (1/n): 0.30000000000000004 for 3/10); with right-closed bins
    # no prediction here falls between the two, so its curve must be the same.
    assert (np.searchsorted(np.linspace(0, 1, n + 1)[1:-1], p) == codes).all()
    prob_true, prob_pred = calibration_curve(y.astype(int), p, n_bins=n, strategy="uniform")
    assert np.allclose(prob_true, grouped["events"] / grouped["count"], rtol=1e-14, atol=0)
    assert np.allclose(prob_pred, grouped["mean"], rtol=1e-14, atol=0)
    print(f"// {name}: bins (k/{n}, (k+1)/{n}] by numpy searchsorted; the observed rates and means equal sklearn "
          f"calibration_curve(strategy='uniform')")
    show(f"{name}.lower", [float(edges[i]) for i in grouped.index])
    show(f"{name}.count", [int(v) for v in grouped["count"]])
    show(f"{name}.events", [int(v) for v in grouped["events"]])
    show(f"{name}.meanPredicted", [float(v) for v in grouped["mean"]])


equal_count_bins("commonDeciles", p, y, 10)
equal_width_bins("commonWidth", p, y, 10)

print("\n// ForecastScoresTests: rare events (6 in 200; predictions to 4 decimals, a third tied at 0.0012)")
rng = np.random.default_rng(7)
rare_p = np.round(np.exp(rng.normal(-5.5, 1.3, 200)), 4)
rare_p[::3] = 0.0012  # a third tied: wider than a decile, so bins merge
rare_p = np.clip(rare_p, 0, 1)
rare_y = rng.random(200) < rare_p * 8
show("rare.predictions", [float(v) for v in rare_p])
show("rare.outcomes", [bool(v) for v in rare_y])
scores("rare", rare_p, rare_y)
equal_count_bins("rareDeciles", rare_p, rare_y, 10)

print("\n// Wilson 95% intervals, statsmodels proportion_confint(method='wilson')")
for events, count in [(0, 50), (3, 1000), (17, 40), (40, 40), (1, 1)]:
    low, high = proportion_confint(events, count, alpha=0.05, method="wilson")
    print(f"({events}, {count}, {float(low)!r}, {float(high)!r}),")

# ---------------------------------------------------------------- distributions
print("\n// DistributionsTests: scipy.stats")
print("// normal cdf (z, norm.cdf, norm.sf)")
for z in [-8.0, -5.5, -1.959963984540054, -0.3, 0.0, 0.7, 2.5, 6.0]:
    print(f"({z!r}, {float(stats.norm.cdf(z))!r}, {float(stats.norm.sf(z))!r}),")
print("// normal quantile (p, norm.ppf)")
for q in [0.975, 0.5, 1e-6, 1e-12, 0.02425, 0.3, 0.9999, 1 - 1e-10]:
    print(f"({q!r}, {float(stats.norm.ppf(q))!r}),")
print("// F (f, d1, d2, f.cdf, f.sf); the last rows have sf near 1e-8 and 1e-14")
f_tail = round(float(stats.f.isf(1e-8, 3, 100)), 4)
f_far = round(float(stats.f.isf(1e-14, 2, 60)), 4)
for f, d1, d2 in [(0.5, 1, 10), (2.3, 3, 47), (4.1, 2, 200), (1.0, 5, 5), (0.05, 4, 12), (f_tail, 3, 100),
                  (f_far, 2, 60)]:
    print(f"({f!r}, {d1}, {d2}, {float(stats.f.cdf(f, d1, d2))!r}, {float(stats.f.sf(f, d1, d2))!r}),")
print("// Student t (t, df, t.cdf, two-sided p = 2·t.sf(|t|))")
t_tail = round(float(stats.t.isf(0.5e-8, 40)), 4)
for t, df in [(2.1, 15), (-0.7, 3), (-2.5, 7), (1.3, 30), (2.0, 1000), (0.0, 4), (t_tail, 40), (-12.0, 200)]:
    print(f"({t!r}, {df}, {float(stats.t.cdf(t, df))!r}, {float(2 * stats.t.sf(abs(t), df))!r}),")
print("// chi-squared (x, df, chi2.cdf, chi2.sf)")
for x, df in [(3.84, 1), (10.0, 4), (0.5, 7), (150.0, 100), (60.0, 5), (0.001, 2)]:
    print(f"({x!r}, {df}, {float(stats.chi2.cdf(x, df))!r}, {float(stats.chi2.sf(x, df))!r}),")
print("// regularized incomplete beta (x, a, b, special.betainc) and lower gamma (a, x, special.gammainc)")
for x, a, b in [(0.3, 2.5, 4.0), (0.9, 0.5, 0.5), (0.001, 3.0, 200.0)]:
    print(f"({x!r}, {a!r}, {b!r}, {float(scipy.special.betainc(a, b, x))!r}),")
for a, x in [(2.5, 1.7), (10.0, 3.0), (0.5, 20.0)]:
    print(f"({a!r}, {x!r}, {float(scipy.special.gammainc(a, x))!r}),")

# ---------------------------------------------------------------- Granger and lead-lag
print("\n// GrangerTestTests: series to 4 decimals; statsmodels grangercausalitytests(column_stack([y, x]), maxlag=3)")
rng = np.random.default_rng(99)
n = 120
x = rng.normal(0, 1, n)
e = rng.normal(0, 1, n)
y = np.zeros(n)
for t in range(n):
    y[t] = (0.3 * y[t - 1] if t >= 1 else 0) + (0.6 * x[t - 1] if t >= 1 else 0) + (0.2 * x[t - 2] if t >= 2 else 0) + e[t]
x, y = np.round(x, 4), np.round(y, 4)
z = np.round(rng.normal(0, 1, n), 4)  # unrelated to y
show("leading.y", [float(v) for v in y])
show("leading.x", [float(v) for v in x])
show("unrelated.x", [float(v) for v in z])


def granger(name, y, x):
    results = grangercausalitytests(np.column_stack([y, x]), maxlag=3)
    print(f"// {name}: (lag, F, p, df_denom, df_num) from ssr_ftest")
    for lag in (1, 2, 3):
        f, pv, df_denom, df_num = results[lag][0]["ssr_ftest"]
        single = grangercausalitytests(np.column_stack([y, x]), maxlag=[lag])[lag][0]["ssr_ftest"]
        assert single == (f, pv, df_denom, df_num), "maxlag=[p] trims like maxlag=P"
        print(f"({lag}, {float(f)!r}, {float(pv)!r}, {int(df_denom)}, {int(df_num)}),")


granger("leading", y, x)
granger("unrelated", y, z)

# Missing values: the rows with y_t and every lag present, fitted with statsmodels OLS on a pandas-built design.
y_missing, x_missing = y.copy(), x.copy()
y_missing[[5, 40, 41, 77]] = np.nan
x_missing[[12, 60, 100]] = np.nan
show("missing.y", [float(v) for v in y_missing])
show("missing.x", [float(v) for v in x_missing])
print("// missing: (lag, F, p, df_denom, n, RSS_r, RSS_u): OLS on rows complete in y_t, y_t-1..t-p, x_t-1..t-p")
for lag in (1, 2, 3):
    frame = pd.DataFrame({"y": y_missing})
    for k in range(1, lag + 1):
        frame[f"y{k}"] = pd.Series(y_missing).shift(k)
    for k in range(1, lag + 1):
        frame[f"x{k}"] = pd.Series(x_missing).shift(k)
    frame = frame.dropna()
    own = add_constant(frame[[f"y{k}" for k in range(1, lag + 1)]])
    joint = add_constant(frame[[f"y{k}" for k in range(1, lag + 1)] + [f"x{k}" for k in range(1, lag + 1)]])
    restricted, unrestricted = OLS(frame["y"], own).fit(), OLS(frame["y"], joint).fit()
    f = (restricted.ssr - unrestricted.ssr) / lag / (unrestricted.ssr / unrestricted.df_resid)
    print(f"({lag}, {float(f)!r}, {float(stats.f.sf(f, lag, unrestricted.df_resid))!r}, {int(unrestricted.df_resid)}, "
          f"{len(frame)}, {float(restricted.ssr)!r}, {float(unrestricted.ssr)!r}),")
    if lag == 2:
        joint_lag2 = (frame, joint, unrestricted)

frame, joint, fit = joint_lag2
print("// LeastSquares: the lag-2 unrestricted design of the missing case (columns y1, y2, x1, x2, const), "
      "statsmodels OLS params and ssr")
show("ols.params", [float(fit.params[c]) for c in ["y1", "y2", "x1", "x2", "const"]])
show("ols.ssr", float(fit.ssr))
show("ols.rows", len(frame))

print("// lead-lag: (k, pandas y.corr(x.shift(k)), pairs) for the missing case, k = -3...3")
ys, xs = pd.Series(y_missing), pd.Series(x_missing)
for k in range(-3, 4):
    shifted = xs.shift(k)
    pairs = int((ys.notna() & shifted.notna()).sum())
    print(f"({k}, {float(ys.corr(shifted))!r}, {pairs}),")
sys.stdout.flush()
