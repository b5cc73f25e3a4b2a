"""A whole portfolio on one machine (issue 15): generated scenarios of 10 to 500 features on
the online store's driver tree, with interacting effects (lifts on shared drivers
multiply), chains of `requires`, pairs that exclude each other and a budget, and the time
and peak memory of rank, optimize, stress, sensitivity and voi on each. Prints Markdown
tables for Benchmarks/README.md; a command that passes its time limit is shown as such.

    python3 portfolio.py [--samples N] [--features 10,25,50] [--limit SECONDS] [--commands rank,optimize]
"""
import argparse
import os
import random
import re
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FULCRUM = os.path.join(HERE, "..", ".build", "release", "fulcrum")
STORE = open(os.path.join(HERE, "..", "scenarios", "online-store.yaml")).read()
DRIVERS = [("traffic", 1), ("conversion", 1), ("aov", 1), ("churn", -1), ("repeat", 1)]


def portfolio(features):
    """The online store with `features` generated features: every 7th requires the one
    before (chains), every 11th excludes the one after, lifts multiply on five shared
    drivers, and the budget is a third of the total effort."""
    head = STORE.split("\nfeatures:")[0]
    rng = random.Random(features)
    lines, efforts = [], []
    for i in range(features):
        target, sign = rng.choice(DRIVERS)
        effort = rng.randint(1, 8)
        efforts.append(effort)
        extra = ""
        if i % 7 == 6:
            extra += f", requires: [f{i - 1}]"
        if i % 11 == 10 and i + 1 < features and (i + 1) % 7 != 6:
            extra += f", excludes: [f{i + 1}]"
        lines.append(f"  f{i}: {{effort: {effort}, launch: {rng.randint(1, 6)}, ramp: {rng.randint(1, 3)}, "
                     f"success: {rng.choice([1, 0.9, 0.7])}{extra}, "
                     f"effects: {{{target}: {{lift: \"normal({sign * rng.uniform(0.002, 0.02):.4f}, 0.005)\"}}}}}}")
    head = re.sub(r"budget: \d+", f"budget: {max(1, sum(efforts) // 3)}", head)
    head = re.sub(r"\nplans:.*?(?=\n\S|\Z)", "", head, flags=re.S)
    handle, path = tempfile.mkstemp(suffix=".yaml", prefix=f"portfolio-{features}-")
    with os.fdopen(handle, "w") as out:
        out.write(head + "\nfeatures:\n" + "\n".join(lines) + "\n")
    return path


def measure(arguments, limit):
    """Wall time and peak resident MiB of one run, or None past `limit` seconds."""
    start = time.perf_counter()
    # Its own process group, so that a run past the limit is stopped with /usr/bin/time.
    process = subprocess.Popen(["/usr/bin/time", "-f", "%M", FULCRUM] + arguments + ["--format", "json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    if process.returncode != 0:
        raise RuntimeError(f"{arguments}: {stderr[-500:]}")
    return time.perf_counter() - start, int(stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--features", default="10,25,50,100,200,500")
    parser.add_argument("--limit", type=float, default=300)
    parser.add_argument("--commands", default="rank,optimize,stress,sensitivity,voi")
    options = parser.parse_args()
    commands = options.commands.split(",")
    print(f"\n{options.samples:,} samples, 12 months, 2 threads; time in seconds (peak MiB); "
          f"'>{options.limit:.0f} s' ran past the limit\n")
    print("| features | " + " | ".join(f"`{c}`" for c in commands) + " |")
    print("| ---: |" + " ---: |" * len(commands))
    for features in [int(f) for f in options.features.split(",")]:
        path = portfolio(features)
        cells = []
        for command in commands:
            extra = ["--method", "regression"] if command == "sensitivity" else []
            outcome = measure([command, path, "--samples", str(options.samples)] + extra, options.limit)
            cells.append(f">{options.limit:.0f} s" if outcome is None else f"{outcome[0]:.1f} ({outcome[1]:.0f})")
        os.remove(path)
        print(f"| {features} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
