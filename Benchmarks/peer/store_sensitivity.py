"""Sobol indices of the online store's 12-month revenue (baseline, inputs independent)
with SALib, as an analyst would: Saltelli sampling of uniforms, SciPy quantile functions
for the marginals, the model vectorised in NumPy, Jansen/Saltelli estimators with
bootstrap intervals (SALib's defaults). Prints first- and total-order indices as JSON.

Usage: python3 store_sensitivity.py BASE_SAMPLES
"""
import json
import sys

import numpy as np
from SALib.analyze import sobol
from SALib.sample import sobol as saltelli
from scipy import stats

from distributions import Z95, beta_from_mean_sd
from online_store import revenue as store_revenue

NAMES = ["traffic", "conversion", "aov", "churn", "repeat"]


def revenue(u):
    traffic = stats.norm(500_000, 40_000).ppf(u[:, 0])
    conversion = beta_from_mean_sd(0.025, 0.003).ppf(u[:, 1])
    aov = np.exp((np.log(45) + np.log(70)) / 2 + (np.log(70) - np.log(45)) / (2 * Z95) * stats.norm.ppf(u[:, 2]))
    churn = beta_from_mean_sd(0.08, 0.015).ppf(u[:, 3])
    repeat = 0.15 + 0.10 * u[:, 4]
    return store_revenue(traffic, conversion, aov, churn, repeat)


def main():
    n = int(sys.argv[1])
    problem = {"num_vars": len(NAMES), "names": NAMES, "bounds": [[0, 1]] * len(NAMES)}
    u = saltelli.sample(problem, n, calc_second_order=False, scramble=True, seed=7)
    u = np.clip(u, 1e-12, 1 - 1e-12)
    result = sobol.analyze(problem, revenue(u), calc_second_order=False, num_resamples=200, seed=7)
    print(json.dumps({name: {"first_order": float(result["S1"][i]), "total_order": float(result["ST"][i]),
                             "total_order_ci": float(result["ST_conf"][i])} for i, name in enumerate(NAMES)}))


if __name__ == "__main__":
    main()
