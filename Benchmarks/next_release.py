"""Fulcrum's optimize against an exact integer-programming solver (HiGHS, through SciPy's
milp) on instances shaped like the next-release problem: requirements with a cost, customers
who pay only when every requirement they want ships, a budget.

In Fulcrum each requirement is an input at 0 that its feature lifts to 1 (`delta: 1`), each
customer a metric `profit * min(requirements...)`, and the goal their sum; the model has no
uncertainty, so every sample agrees and a few suffice. Prints a Markdown table for
Benchmarks/README.md:

    python3 Benchmarks/next_release.py [FULCRUM]
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
FULCRUM = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", ".build", "release", "fulcrum")
SIZES = [(50, 30), (100, 60), (200, 120), (300, 200)]
SEEDS = [1, 2, 3]
#: Seconds a Fulcrum run may take before it counts as not finished.
LIMIT = 300


def instance(requirements, customers, seed):
    """Costs 1-9, each customer wanting 1-4 requirements for a profit of 5-50, and a budget of
    a third of the total cost."""
    rng = random.Random(seed)
    cost = [rng.randint(1, 9) for _ in range(requirements)]
    wants = [sorted(rng.sample(range(requirements), rng.randint(1, 4))) for _ in range(customers)]
    profit = [rng.randint(5, 50) for _ in range(customers)]
    return cost, wants, profit, sum(cost) // 3


def scenario(cost, wants, profit, budget):
    lines = ["name: next release", "horizon: 1", "samples: 64", "primary: {metric: value}", "inputs:"]
    lines += [f"  r{i}: 0" for i in range(len(cost))]
    lines.append("metrics:")
    for j, w in enumerate(wants):
        reads = f"min({', '.join(f'r{i}' for i in w)})" if len(w) > 1 else f"r{w[0]}"
        lines.append(f"  c{j}: {profit[j]} * {reads}")
    lines.append("  value: " + " + ".join(f"c{j}" for j in range(len(wants))))
    lines.append("features:")
    lines += [f"  f{i}: {{effort: {c}, effects: {{r{i}: {{delta: 1}}}}}}" for i, c in enumerate(cost)]
    lines.append(f"budget: {budget}")
    return "\n".join(lines) + "\n"


def exact(cost, wants, profit, budget):
    """Maximise the profit of satisfied customers: y_j <= x_i for each wanted i, cost.x <= budget."""
    r, c = len(cost), len(wants)
    objective = np.concatenate([np.zeros(r), -np.array(profit, float)])
    rows = 1 + sum(len(w) for w in wants)
    a = lil_matrix((rows, r + c))
    upper = np.zeros(rows)
    a[0, :r] = cost
    upper[0] = budget
    k = 1
    for j, w in enumerate(wants):
        for i in w:
            a[k, r + j], a[k, i] = 1, -1
            k += 1
    start = time.perf_counter()
    result = milp(objective, constraints=LinearConstraint(a.tocsr(), -np.inf, upper), integrality=np.ones(r + c), bounds=Bounds(0, 1))
    assert result.status == 0, result.message
    return -result.fun, time.perf_counter() - start


def fulcrum(text):
    handle, path = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(handle, "w") as out:
        out.write(text)
    start = time.perf_counter()
    try:
        run = subprocess.run([FULCRUM, "optimize", path, "--format", "json"], capture_output=True, text=True, check=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return None, LIMIT, None
    finally:
        os.unlink(path)
    result = json.loads(run.stdout)
    return result["best"]["objective_value"], time.perf_counter() - start, result["method"]


def main():
    print("| requirements | customers | seed | HiGHS optimum | HiGHS s | Fulcrum value | Fulcrum s | gap | Fulcrum's method |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for requirements, customers in SIZES:
        for seed in SEEDS:
            problem = instance(requirements, customers, seed)
            optimum, exact_time = exact(*problem)
            value, fulcrum_time, method = fulcrum(scenario(*problem))
            if value is None:
                print(f"| {requirements} | {customers} | {seed} | {optimum:.0f} | {exact_time:.2f} | - | > {LIMIT} | - | did not finish |")
                continue
            gap = (optimum - value) / optimum
            kind = method["kind"] + (", claims optimal" if method["optimal"] else ", not claimed optimal")
            print(f"| {requirements} | {customers} | {seed} | {optimum:.0f} | {exact_time:.2f} | {value:.0f} | {fulcrum_time:.2f} | {gap:.1%} | {kind} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
