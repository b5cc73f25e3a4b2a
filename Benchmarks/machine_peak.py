"""The machine's own limits, to set Fulcrum's rates against: dense matrix multiply
(OpenBLAS dgemm through NumPy) and a streaming read of a large array.

    python3 machine_peak.py
"""
import os
import subprocess
import sys
import time

CHILD = r"""
import time, numpy as np
n = 2048
a, b = np.random.rand(n, n), np.random.rand(n, n)
a @ b
best = min(((lambda s: (a @ b, time.perf_counter() - s)[1])(time.perf_counter())) for _ in range(5))
print(2 * n**3 / best / 1e9)
"""


def gemm(threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    return float(subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True).stdout)


def stream():
    import numpy as np
    data = np.ones(100_000_000)  # 800 MB: far beyond every cache
    data.sum()
    best = min(((lambda s: (data.sum(), time.perf_counter() - s)[1])(time.perf_counter())) for _ in range(5))
    return data.nbytes / best / 1e9


if __name__ == "__main__":
    print(f"dgemm, 1 thread: {gemm(1):.1f} GFLOP/s")
    print(f"dgemm, 2 threads: {gemm(2):.1f} GFLOP/s")
    print(f"streaming read (NumPy sum of 800 MB): {stream():.1f} GB/s")
