"""An independent NumPy implementation of the two-market model in SegmentTests, written
market by market as a user would without segments. Prints the mean, sd and count of
revenue summed over the horizon under the roadmap [de_launch, checkout].
Usage: python3 two_markets.py SAMPLES SEED"""
import json, sys
import numpy as np

def beta(rng, mean, sd, n):
    k = mean * (1 - mean) / sd ** 2 - 1
    return rng.beta(mean * k, (1 - mean) * k, n)

def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(seed)
    traffic = {"home": rng.normal(1000, 100, n), "de": rng.uniform(200, 400, n)}
    conversion = beta(rng, 0.05, 0.01, n)
    churn = {"home": 0.1, "de": 0.2}
    aov = {"home": rng.uniform(40, 60, n), "de": rng.normal(55, 5, n)}
    lift = 0.10
    customers = {"home": np.full(n, 500.0), "de": np.zeros(n)}
    revenue = np.zeros(n)
    for t in range(1, 9):
        weight = min(1.0, max(0.0, (t - 2 + 1) / 2))       # checkout: launch 2, ramp 2
        open_ = {"home": 1.0, "de": 1.0 if t >= 4 else 0.0}  # de_launch in period 4
        for market in ("home", "de"):
            orders = traffic[market] * (1 + weight * lift) * conversion * open_[market]
            customers[market] = customers[market] * (1 - churn[market]) + orders
            revenue += customers[market] * aov[market]
    print(json.dumps({"mean": float(revenue.mean()), "sd": float(revenue.std(ddof=1)), "samples": n}))

if __name__ == "__main__":
    main()
