"""The online store's three named plans and the baseline compared on common random
numbers, as an analyst would in NumPy: each roadmap simulated on the same draws, then
every pair's difference, P(A better) and the difference had the horizon ended after each
month. Prints the pairs as JSON.

Usage: python3 store_compare.py SAMPLES [SEED]
"""
import itertools
import json
import sys

import numpy as np
from scipy import stats

from distributions import beta_from_mean_sd, interval, interval_at_scores, pert
from online_store import revenue, weight


def main():
    n = int(sys.argv[1])
    rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    r = 2 * np.sin(np.pi * -0.4 / 6)
    u = stats.norm.cdf(rng.standard_normal((n, 2)) @ np.linalg.cholesky(np.array([[1, r], [r, 1]])).T)
    inputs = dict(traffic=rng.normal(500_000, 40_000, n), conversion=beta_from_mean_sd(0.025, 0.003).ppf(u[:, 0]),
                  aov=interval_at_scores(45, 70, stats.norm.ppf(u[:, 1])),
                  churn=beta_from_mean_sd(0.08, 0.015).rvs(n, random_state=rng), repeat=rng.uniform(0.15, 0.25, n))
    works = lambda p: rng.random(n) < p
    checkout, reminders, referral = pert(rng, 0, 0.05, 0.12, n), pert(rng, 0, 0.04, 0.10, n), rng.normal(400, 150, n)
    loyalty = works(0.7)
    loyalty_churn = rng.triangular(-0.30, -0.15, 0, n) * loyalty
    loyalty_repeat = rng.normal(0.10, 0.05, n) * loyalty
    recommendations = interval(rng, 0.02, 0.08, n) * works(0.8)
    plans = {
        "checkout_first": dict(conversion_lift=lambda t: weight(t, 2, 2) * checkout,
                               repeat_lift=lambda t: weight(t, 2, 1) * reminders,
                               extra_customers=lambda t: weight(t, 4, 2) * referral),
        "loyalty_first": dict(churn_lift=lambda t: weight(t, 3, 3) * loyalty_churn,
                              repeat_lift=lambda t: (1 + weight(t, 3, 3) * loyalty_repeat) * (1 + weight(t, 2, 1) * reminders) - 1),
        "basket_value": dict(aov_lift=lambda t: weight(t, 4, 3) * recommendations,
                             conversion_lift=lambda t: weight(t, 2, 2) * checkout),
        "baseline": {},
    }
    months = {name: revenue(**inputs, **effects, by_month=True) for name, effects in plans.items()}
    pairs = []
    for a, b in itertools.combinations(plans, 2):
        cumulative = np.cumsum(months[a] - months[b], axis=0)
        total = cumulative[-1]
        pairs.append({"a": a, "b": b, "mean": float(total.mean()), "mcse": float(total.std(ddof=1) / np.sqrt(n)),
                      "p5": float(np.percentile(total, 5)), "p95": float(np.percentile(total, 95)),
                      "prob_a_better": float(np.mean(total > 0) + 0.5 * np.mean(total == 0)),
                      "by_horizon": [float(x) for x in cumulative.mean(axis=1)]})
    print(json.dumps({"pairs": pairs}))


if __name__ == "__main__":
    main()
