"""Feature contributions of the subscription-app scenario, written as a careful analyst
would in NumPy and SciPy: inputs and effect sizes drawn once, then the 12-month model run
vectorised over all samples for every roadmap needed, each once (common random numbers
throughout, a cache keyed by the features that can work).

It computes what `fulcrum rank` reports as numbers per feature: the standalone
contribution (the feature with what it requires, against what it requires alone), the
marginal contribution in the full roadmap, and the exact Shapley value over every subset
of the roadmap, where a feature counts only when its requirements are in the subset. It
prints each one's mean and Monte Carlo standard error as JSON.

Usage: python3 subscription_rank.py SAMPLES [SEED] [--standalone-only]
"""
import itertools
import json
import math
import sys

import numpy as np
from scipy import stats

from distributions import beta_from_mean_sd, interval, pert


def triangular(rng, low, mode, high, size):
    return rng.triangular(low, mode, high, size)


FEATURES = {
    # id: (launch, ramp, success, requires, [(target, kind, sampler)])
    "onboarding_checklist": (2, 2, 1.0, [], [("activation", "lift", lambda r, n: pert(r, 0.02, 0.08, 0.18, n))]),
    "personalised_first_week": (4, 2, 0.6, ["onboarding_checklist"], [("activation", "lift", lambda r, n: interval(r, 0.05, 0.20, n))]),
    "paywall_redesign": (2, 1, 1.0, [], [("trial_conversion", "lift", lambda r, n: r.normal(0.06, 0.04, n))]),
    "annual_plan_push": (3, 1, 1.0, [], [("churn", "lift", lambda r, n: triangular(r, -0.35, -0.2, -0.05, n)),
                                          ("arpu", "lift", lambda r, n: r.normal(-0.06, 0.02, n))]),
    "win_back_campaign": (2, 3, 0.8, [], [("churn", "lift", lambda r, n: pert(r, -0.12, -0.05, 0, n))]),
    "streaks_and_reminders": (3, 4, 0.7, [], [("churn", "lift", lambda r, n: interval(r, -0.20, -0.02, n)),
                                               ("activation", "lift", lambda r, n: r.normal(0.03, 0.02, n))]),
    "premium_tier": (5, 3, 0.5, [], [("arpu", "lift", lambda r, n: interval(r, 0.08, 0.25, n))]),
    "referral_rewards": (3, 3, 1.0, [], [("signups", "lift", lambda r, n: pert(r, 0, 0.06, 0.15, n))]),
}


def draw(n, seed):
    rng = np.random.default_rng(seed)
    r = 2 * np.sin(np.pi * 0.5 / 6)
    z = rng.standard_normal((n, 2)) @ np.linalg.cholesky(np.array([[1, r], [r, 1]])).T
    u = stats.norm.cdf(z)
    inputs = {
        "signups": rng.normal(60000, 8000, n),
        "signup_growth": rng.normal(0.02, 0.01, n),
        "activation": beta_from_mean_sd(0.35, 0.05).ppf(u[:, 0]),
        "trial_conversion": beta_from_mean_sd(0.22, 0.04).ppf(u[:, 1]),
        "churn": beta_from_mean_sd(0.06, 0.012).rvs(n, random_state=rng),
        "arpu": interval(rng, 9, 13, n),
        "subscribers_now": rng.normal(90000, 5000, n),
    }
    effects = {}
    for fid, (_, _, success, _, fx) in FEATURES.items():
        works = rng.random(n) < success
        effects[fid] = [(target, kind, sampler(rng, n) * works) for target, kind, sampler in fx]
    return inputs, effects


def simulate(inputs, effects, active):
    n = len(inputs["signups"])
    subscribers = inputs["subscribers_now"].copy()
    mrr = np.zeros(n)
    for t in range(1, 13):
        value = {}
        for name in ["signups", "activation", "trial_conversion", "churn", "arpu"]:
            v = inputs[name]
            for fid in active:
                launch, ramp = FEATURES[fid][0], FEATURES[fid][1]
                w = min(1.0, max(0.0, (t - launch + 1) / ramp))
                for target, kind, magnitude in effects[fid]:
                    if target == name and w > 0:
                        v = v * (1 + w * magnitude)
            value[name] = v
        monthly_signups = value["signups"] * (1 + inputs["signup_growth"]) ** (t - 1)
        new_subscribers = monthly_signups * value["activation"] * value["trial_conversion"]
        subscribers = subscribers * (1 - value["churn"]) + new_subscribers
        mrr = subscribers * value["arpu"]
    return mrr


ROADMAP = [f for f in FEATURES if f != "premium_tier"]  # premium_tier excludes annual_plan_push, declared first


def active(features):
    """The features that can work: each whose requirements are all present, repeatedly."""
    kept = set(features)
    while True:
        dropped = {f for f in kept if not set(FEATURES[f][3]) <= kept}
        if not dropped:
            return frozenset(kept)
        kept -= dropped


def estimate(per_sample):
    n = len(per_sample)
    return {"mean": float(per_sample.mean()), "mcse": float(per_sample.std(ddof=1) / np.sqrt(n))}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0])
    seed = int(args[1]) if len(args) > 1 else 2026
    standalone_only = "--standalone-only" in sys.argv
    inputs, effects = draw(n, seed)
    cache = {}

    def value(features):
        key = active(features)
        if key not in cache:
            cache[key] = simulate(inputs, effects, key)
        return cache[key]

    out = {}
    for fid, (_, _, _, requires, _) in FEATURES.items():
        out[fid] = {"contribution": estimate(value(set(requires) | {fid}) - value(set(requires)))}
    if standalone_only:
        print(json.dumps(out))
        return

    full = value(ROADMAP)
    for fid in ROADMAP:
        dependents = {f for f in ROADMAP if fid in FEATURES[f][3]}
        out[fid]["marginal"] = estimate(full - value(set(ROADMAP) - {fid} - dependents))

    m = len(ROADMAP)
    weight = [math.factorial(k) * math.factorial(m - k - 1) / math.factorial(m) for k in range(m)]
    shapley = {fid: np.zeros(n) for fid in ROADMAP}
    for subset in itertools.chain.from_iterable(itertools.combinations(ROADMAP, k) for k in range(m)):
        low = value(subset)
        for fid in ROADMAP:
            if fid not in subset:
                shapley[fid] += weight[len(subset)] * (value(subset + (fid,)) - low)
    for fid in ROADMAP:
        out[fid]["shapley"] = estimate(shapley[fid])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
