"""Time `fulcrum rank` on one model split into S markets, S = 1, 2, 4, 8, 16.

Every market has its own traffic, conversion, order value and churn and a stock of
customers; six features act on every market or on one. The cost should grow about as S
(every segmented node is S nodes), never faster. Usage, from the repository root:
    python3 Benchmarks/segment_scaling.py .build/release/fulcrum [SAMPLES]
"""
import os, statistics, subprocess, sys, tempfile, time

def scenario(markets):
    names = [f"m{i}" for i in range(markets)]
    per = lambda f: "{ " + ", ".join(f"{n}: {f(i)}" for i, n in enumerate(names)) + " }"
    return f"""name: {markets} markets
horizon: 12
primary: {{ metric: revenue, aggregate: sum }}
segments:
  market: [{", ".join(names)}]
inputs:
  traffic: {per(lambda i: f"normal({100000 + 1000 * i}, 8000)")}
  conversion: {per(lambda i: "beta(mean=0.025, sd=0.003)")}
  aov: {per(lambda i: "45 to 70")}
  churn: {per(lambda i: "beta(mean=0.08, sd=0.015)")}
  repeat: uniform(0.15, 0.25)
metrics:
  new_customers: traffic * conversion
  customers: {{ formula: "customers[t-1] * (1 - churn) + new_customers", initial: 4000 }}
  orders: new_customers + customers[t-1] * (1 - churn) * repeat
  revenue: sum(orders * aov)
features:
  checkout: {{ effort: 5, launch: 2, ramp: 2, effects: {{ conversion: {{ lift: pert(0, 0.05, 0.12) }} }} }}
  seo: {{ effort: 4, launch: 3, ramp: 6, success: 0.6, effects: {{ traffic: {{ lift: 5% to 20% }} }} }}
  loyalty: {{ effort: 8, launch: 3, ramp: 3, success: 0.7, effects: {{ churn: {{ lift: "triangular(-0.3, -0.15, 0)" }} }} }}
  reminders: {{ effort: 2, launch: 2, effects: {{ repeat: {{ lift: pert(0, 0.04, 0.1) }} }} }}
  basket: {{ effort: 6, launch: 4, ramp: 3, success: 0.8, effects: {{ aov: {{ lift: 2% to 8% }} }} }}
  local: {{ effort: 3, launch: 5, effects: {{ "conversion[m0]": {{ lift: 10% to 30% }} }} }}
"""

def main():
    binary, samples = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "100000"
    base = None
    print("| markets | rank (median of 3) | / 1 market |")
    print("| --- | --- | --- |")
    for markets in [1, 2, 4, 8, 16]:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(scenario(markets))
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([binary, "rank", f.name, "--samples", samples, "--threads", "1"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        os.unlink(f.name)
        median = statistics.median(times)
        base = base or median
        print(f"| {markets} | {median:.3f} s | {median / base:.2f} |")

if __name__ == "__main__":
    main()
