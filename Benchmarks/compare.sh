#!/usr/bin/env bash
# Runs Fulcrum and the NumPy/SciPy peer alternately on the online-store `checkout_first`
# plan at the same sample count, checks that they agree, and prints the speed ratio.
#   ./compare.sh [SAMPLES] [ROUNDS]     (defaults: 1000000 samples, 5 rounds)
set -euo pipefail
cd "$(dirname "$0")"
samples=${1:-1000000}
rounds=${2:-5}
fulcrum=../.build/release/fulcrum
[ -x "$fulcrum" ] || (cd .. && swift build -c release --product fulcrum >/dev/null)
python3 -c "import numpy, scipy" 2>/dev/null || python3 -m pip install --quiet numpy scipy

python3 - "$fulcrum" "$samples" "$rounds" <<'PY'
import json, statistics, subprocess, sys, time
fulcrum, samples, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
commands = {
    "fulcrum": [fulcrum, "simulate", "../scenarios/online-store.yaml", "--plan", "checkout_first",
                "--samples", str(samples), "--format", "json"],
    "numpy peer": [sys.executable, "peer/online_store.py", str(samples)],
}
times = {name: [] for name in commands}
outputs = {}
for _ in range(rounds):
    for name, command in commands.items():
        start = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times[name].append(time.perf_counter() - start)
        outputs[name] = json.loads(out)
fulcrum_primary = outputs["fulcrum"]["primary"]
peer = outputs["numpy peer"]
gap = abs(fulcrum_primary["mean"] - peer["mean"])
se = (fulcrum_primary["mcse"] ** 2 + peer["mcse"] ** 2) ** 0.5
print(f"samples: {samples:,}, rounds: {rounds} (alternating), whole-process wall time")
for name in commands:
    print(f"  {name:11s} median {statistics.median(times[name]):.3f} s   (min {min(times[name]):.3f} s)")
print(f"  mean revenue: fulcrum {fulcrum_primary['mean']:,.0f}, peer {peer['mean']:,.0f}, "
      f"difference {gap / se:.2f} standard errors")
print(f"  P(target): fulcrum {fulcrum_primary['prob_target']:.4f}, peer {peer['prob_target']:.4f}")
ratio = statistics.median(times["numpy peer"]) / statistics.median(times["fulcrum"])
print(f"ratio: fulcrum is {ratio:.1f}x faster than the NumPy peer")
if gap > 4 * se:
    sys.exit("the two disagree by more than 4 standard errors")
PY
