"""Runs Fulcrum and its NumPy/SciPy peers alternately on the same scenario and sample
count, checks that their answers agree within Monte Carlo standard errors, and prints
the speed ratio (peer time / Fulcrum time, whole processes, median of the rounds).

    python3 compare.py [simulate|rank|compare|sensitivity|all] [--samples N] [--rounds R]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FULCRUM = os.path.join(HERE, "..", ".build", "release", "fulcrum")
SCENARIOS = os.path.join(HERE, "..", "scenarios")


def timed(command):
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)


def gap(a, b):
    """|mean difference| of two estimates {mean, mcse} in combined standard errors."""
    return abs(a["mean"] - b["mean"]) / (a["mcse"] ** 2 + b["mcse"] ** 2) ** 0.5


def alternate(commands, rounds):
    times = {name: [] for name in commands}
    outputs = {}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, outputs[name] = timed(command)
            times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}, outputs


def simulate(samples, rounds):
    commands = {
        "fulcrum": [FULCRUM, "simulate", os.path.join(SCENARIOS, "online-store.yaml"), "--plan", "checkout_first",
                    "--samples", str(samples), "--format", "json"],
        "peer": [sys.executable, os.path.join(HERE, "peer", "online_store.py"), str(samples)],
    }
    times, out = alternate(commands, rounds)
    f, p = out["fulcrum"]["primary"], out["peer"]
    z = (f["mean"] - p["mean"]) / (f["mcse"] ** 2 + p["mcse"] ** 2) ** 0.5  # signed, for the report
    print(f"simulate online-store checkout_first, {samples:,} samples x 12 months")
    print(f"  fulcrum {times['fulcrum']:.3f} s, NumPy peer {times['peer']:.3f} s: ratio {times['peer'] / times['fulcrum']:.1f}x")
    print(f"  mean revenue {f['mean']:,.0f} vs {p['mean']:,.0f} ({z:+.2f} standard errors)")
    return abs(z) < 4


def rank(samples, rounds):
    peer = [sys.executable, os.path.join(HERE, "peer", "subscription_rank.py"), str(samples)]
    commands = {
        "fulcrum": [FULCRUM, "rank", os.path.join(SCENARIOS, "subscription-app.yaml"), "--samples", str(samples), "--format", "json"],
        "peer": peer,
        "peer, standalone only": peer + ["--standalone-only"],
    }
    times, out = alternate(commands, rounds)
    worst = {"contribution": 0.0, "marginal": 0.0, "shapley": 0.0}
    for feature in out["fulcrum"]["features"]:
        for key in worst:
            if key in out["peer"][feature["id"]]:
                worst[key] = max(worst[key], gap(feature[key], out["peer"][feature["id"]][key]))
    plans = 2 ** len(out["fulcrum"]["roadmap"]["features"])
    print(f"rank subscription-app, {samples:,} samples x 12 months, {len(out['peer'])} features")
    print(f"  fulcrum {times['fulcrum']:.3f} s (standalone, marginal, exact Shapley over {plans} coalitions, rank odds, point scores)")
    print(f"  NumPy peer {times['peer']:.3f} s (standalone, marginal, exact Shapley): ratio {times['peer'] / times['fulcrum']:.1f}x")
    quick = times["peer, standalone only"]
    print(f"  NumPy peer {quick:.3f} s (standalone contributions only): ratio {quick / times['fulcrum']:.2f}x")
    print("  means agree, largest difference in standard errors: "
          + ", ".join(f"{key} {value:.2f}" for key, value in worst.items()))
    return max(worst.values()) < 4


def compare(samples, rounds):
    commands = {
        "fulcrum": [FULCRUM, "compare", os.path.join(SCENARIOS, "online-store.yaml"), "--samples", str(samples), "--format", "json"],
        "peer": [sys.executable, os.path.join(HERE, "peer", "store_compare.py"), str(samples)],
    }
    times, out = alternate(commands, rounds)
    worst = 0.0
    for f, p in zip(out["fulcrum"]["pairs"], out["peer"]["pairs"]):
        worst = max(worst, gap(f["diff"], p))
    print(f"compare online-store, 3 plans and baseline (6 pairs), {samples:,} samples x 12 months")
    print(f"  fulcrum {times['fulcrum']:.3f} s, NumPy peer {times['peer']:.3f} s: ratio {times['peer'] / times['fulcrum']:.1f}x")
    print(f"  pair differences agree: largest gap {worst:.2f} standard errors over {len(out['peer']['pairs'])} pairs")
    return worst < 4


def sensitivity(samples, rounds):
    """Sobol indices of the online store's baseline with its one rank correlation removed
    (Sobol indices need independent inputs), against SALib at the same base sample count."""
    import re
    import tempfile
    base = 1 << max(10, (samples - 1).bit_length() - 4)  # a power of two, as SALib's Sobol sequence wants
    text = open(os.path.join(SCENARIOS, "online-store.yaml")).read()
    text = re.sub(r"correlations:\n(  - .*\n)+", "", text)
    handle, path = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(handle, "w") as out:
        out.write(text)
    commands = {
        "fulcrum": [FULCRUM, "sensitivity", path, "--samples", str(base), "--format", "json"],
        "peer": [sys.executable, os.path.join(HERE, "peer", "store_sensitivity.py"), str(base)],
    }
    try:
        times, out = alternate(commands, rounds)
    finally:
        os.remove(path)
    worst = 0.0
    for index in out["fulcrum"]["inputs"]:
        peer = out["peer"][index["name"]]
        low, high = index["total_order_ci"]
        spread = max((high - low) / 2, peer["total_order_ci"], 1e-9)
        worst = max(worst, abs(index["total_order"] - peer["total_order"]) / spread)
    print(f"sensitivity online store (baseline, inputs independent), {base:,} base samples x 12 months, 5 inputs")
    print(f"  fulcrum {times['fulcrum']:.3f} s, SALib peer {times['peer']:.3f} s: ratio {times['peer'] / times['fulcrum']:.1f}x")
    print(f"  total-order indices agree within {worst:.2f} of their 95% interval half-widths")
    return worst < 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("which", nargs="?", default="all", choices=["simulate", "rank", "compare", "sensitivity", "all"])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not os.access(FULCRUM, os.X_OK):
        subprocess.run(["swift", "build", "-c", "release", "--product", "fulcrum"], cwd=os.path.join(HERE, ".."), check=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; rounds alternate fulcrum and peer, median wall time")
    ok = True
    if args.which in ("simulate", "all"):
        ok &= simulate(args.samples, args.rounds)
    if args.which in ("rank", "all"):
        ok &= rank(args.samples, args.rounds)
    if args.which in ("compare", "all"):
        ok &= compare(args.samples, args.rounds)
    if args.which in ("sensitivity", "all"):
        ok &= sensitivity(args.samples, args.rounds)
    if not ok:
        sys.exit("a peer disagrees with fulcrum by more than 4 standard errors")


if __name__ == "__main__":
    main()
