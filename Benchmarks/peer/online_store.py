"""The online-store scenario's `checkout_first` plan, written as a careful analyst would
in NumPy and SciPy: vectorised over samples, one loop over months, a Gaussian copula for
the rank correlation. It prints the same summary of the primary metric as
`fulcrum simulate --format json`, so the two can be checked against each other.

Usage: python3 online_store.py SAMPLES [SEED]
"""
import json
import sys

import numpy as np
from scipy import stats

from distributions import beta_from_mean_sd, interval_at_scores, pert


def weight(t, launch, ramp):
    return np.clip((t - launch + 1) / ramp, 0, 1)


def simulate(n, seed):
    rng = np.random.default_rng(seed)
    # Inputs, with conversion and order value rank-correlated at -0.4.
    traffic = rng.normal(500_000, 40_000, n)
    r = 2 * np.sin(np.pi * -0.4 / 6)
    z = rng.standard_normal((n, 2)) @ np.linalg.cholesky(np.array([[1, r], [r, 1]])).T
    u = stats.norm.cdf(z)
    conversion = beta_from_mean_sd(0.025, 0.003).ppf(u[:, 0])
    aov = interval_at_scores(45, 70, stats.norm.ppf(u[:, 1]))
    churn = beta_from_mean_sd(0.08, 0.015).rvs(n, random_state=rng)
    repeat = rng.uniform(0.15, 0.25, n)
    # Effects of the plan's three features.
    checkout_lift = pert(rng, 0, 0.05, 0.12, n)
    reminder_lift = pert(rng, 0, 0.04, 0.10, n)
    referral_delta = rng.normal(400, 150, n)

    return revenue(traffic, conversion, aov, churn, repeat,
                   conversion_lift=lambda t: weight(t, 2, 2) * checkout_lift,
                   repeat_lift=lambda t: weight(t, 2, 1) * reminder_lift,
                   extra_customers=lambda t: weight(t, 4, 2) * referral_delta)


def revenue(traffic, conversion, aov, churn, repeat, conversion_lift=None, repeat_lift=None, extra_customers=None,
            churn_lift=None, aov_lift=None, by_month=False):
    """The store's 12 months: customers as a stock, orders from new and returning customers.
    The optional functions of the month t give a roadmap's effects. With `by_month`, the
    revenue of each month (12 x samples) instead of their sum."""
    none = lambda t: 0
    conversion_lift, repeat_lift, extra_customers = conversion_lift or none, repeat_lift or none, extra_customers or none
    churn_lift, aov_lift = churn_lift or none, aov_lift or none
    customers = np.full(len(traffic), 40_000.0)
    months = []
    for t in range(1, 13):
        churn_t = churn * (1 + churn_lift(t))
        new_customers = traffic * conversion * (1 + conversion_lift(t)) + extra_customers(t)
        orders = new_customers + customers * (1 - churn_t) * repeat * (1 + repeat_lift(t))
        customers = customers * (1 - churn_t) + new_customers
        months.append(orders * aov * (1 + aov_lift(t)))
    return np.array(months) if by_month else np.sum(months, axis=0)


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    values = simulate(n, seed)
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    print(json.dumps({"mean": values.mean(), "sd": values.std(ddof=1),
                      "mcse": values.std(ddof=1) / np.sqrt(n), "p5": p5, "p50": p50, "p95": p95,
                      "prob_target": float(np.mean(values >= 20_000_000))}))


if __name__ == "__main__":
    main()
