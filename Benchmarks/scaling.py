"""Scaling of Fulcrum's cost: wall time and peak resident memory against samples, features,
periods and threads, on generated variants of the online-store scenario. Prints Markdown
tables for Benchmarks/README.md.

    python3 scaling.py [--quick]
"""
import os
import random
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FULCRUM = os.path.join(HERE, "..", ".build", "release", "fulcrum")
STORE = open(os.path.join(HERE, "..", "scenarios", "online-store.yaml")).read()
TARGETS = ["traffic", "conversion", "aov", "churn", "repeat"]


def scenario(features, horizon):
    """The online store with `features` generated features and a horizon of `horizon` months."""
    head = STORE.split("\nfeatures:")[0]
    head = re.sub(r"horizon: \d+", f"horizon: {horizon}", head)
    rng = random.Random(features * 1000 + horizon)
    lines = [head, "features:"]
    for i in range(features):
        target = rng.choice(TARGETS)
        sign = -1 if target == "churn" else 1
        lines.append(f"  f{i}: {{effort: {rng.randint(1, 8)}, launch: {rng.randint(1, max(1, horizon // 2))}, "
                     f"ramp: {rng.randint(1, 3)}, success: {rng.choice([1, 0.8])}, "
                     f"effects: {{{target}: {{lift: \"normal({sign * rng.uniform(0.005, 0.03):.4f}, 0.01)\"}}}}}}")
    lines.append("plans:\n  everything: [" + ", ".join(f"f{i}" for i in range(features)) + "]\n")
    handle, path = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(handle, "w") as out:
        out.write("\n".join(lines))
    return path


def measure(arguments):
    """Median wall time of 3 runs (1 for long ones) and the peak resident set, via /usr/bin/time."""
    times, peak = [], 0
    for attempt in range(3):
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", FULCRUM] + arguments + ["--format", "json"],
                                capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        peak = max(peak, int(result.stderr.strip().splitlines()[-1]))
        if times[-1] > 5:
            break
    times.sort()
    return times[len(times) // 2], peak / 1024


def table(title, header, rows):
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + " ---: |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main():
    quick = "--quick" in sys.argv
    store = os.path.join(HERE, "..", "scenarios", "online-store.yaml")

    rows = []
    for samples in [10_000, 100_000, 1_000_000] + ([] if quick else [10_000_000]):
        seconds, mib = measure(["simulate", store, "--plan", "checkout_first", "--samples", str(samples)])
        rows.append([f"{samples:,}", f"{seconds:.3f}", f"{seconds / samples * 1e9:.0f}", f"{mib:.0f}"])
    table("`simulate`, online store `checkout_first`, 12 months, 2 threads: cost against samples",
          ["samples", "seconds", "ns per sample", "peak MiB"], rows)

    rows = []
    for samples in [10_000, 100_000, 1_000_000] + ([] if quick else [10_000_000]):
        seconds, mib = measure(["rank", os.path.join(HERE, "..", "scenarios", "subscription-app.yaml"), "--samples", str(samples)])
        rows.append([f"{samples:,}", f"{seconds:.3f}", f"{seconds / samples * 1e6:.1f}", f"{mib:.0f}"])
    table("`rank`, subscription app (8 features, exact Shapley), 2 threads: cost against samples",
          ["samples", "seconds", "µs per sample", "peak MiB"], rows)

    rows = []
    for features in [5, 10, 20, 50, 100]:
        path = scenario(features, 12)
        seconds, mib = measure(["simulate", path, "--plan", "everything", "--samples", "200000"])
        rank_seconds, rank_mib = measure(["rank", path, "--samples", "5000"])
        os.remove(path)
        rows.append([str(features), f"{seconds:.3f}", f"{mib:.0f}", f"{rank_seconds:.2f}", f"{rank_mib:.0f}"])
    table("Cost against features (generated features on the online store, 12 months, 2 threads)",
          ["features", "simulate all, 200k samples: s", "MiB", "rank, 5k samples: s", "MiB"], rows)

    rows = []
    for horizon in [1, 12, 60, 120]:
        path = scenario(7, horizon)
        seconds, mib = measure(["simulate", path, "--plan", "everything", "--samples", "200000"])
        os.remove(path)
        rows.append([str(horizon), f"{seconds:.3f}", f"{seconds / horizon * 1e3:.1f}", f"{mib:.0f}"])
    table("`simulate` against periods (7 features, 200k samples, 2 threads)", ["periods", "seconds", "ms per period", "peak MiB"], rows)

    rows = []
    for command in [["simulate", store, "--plan", "checkout_first", "--samples", "2000000"],
                    ["rank", os.path.join(HERE, "..", "scenarios", "subscription-app.yaml"), "--samples", "1000000"]]:
        one, two = alternate_threads(command, rounds=5)
        rows.append([f"`{command[0]}` ({command[-1]} samples)", f"{one:.3f}", f"{two:.3f}", f"{one / two:.2f}x"])
    table("Threads, runs alternated, medians of 5 (same numbers at any thread count)",
          ["command", "1 thread: s", "2 threads: s", "speed-up"], rows)


def alternate_threads(command, rounds):
    """Median wall times on 1 and 2 threads, the runs alternated so that drifts in the
    machine's load hit both alike."""
    times = {1: [], 2: []}
    for _ in range(rounds):
        for threads in (1, 2):
            start = time.perf_counter()
            subprocess.run([FULCRUM] + command + ["--threads", str(threads), "--format", "json"],
                           capture_output=True, check=True)
            times[threads].append(time.perf_counter() - start)
    return tuple(sorted(times[t])[rounds // 2] for t in (1, 2))

if __name__ == "__main__":
    main()
