"""Compile and run time of typical kernels on the CPU engines (cold compile cache).

Usage: python benchmarks/engine_speed.py [--json out.json]
Goal (issue 2): compile <= 3 s and run <= 1 s for kernels with <= 1M elements and <= 1024 threads
per block on the 2-core development machine.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xpiler  # noqa: E402
from xpiler.models.base import Launch  # noqa: E402

N = 1 << 20

CUDA_REDUCE = r'''
__global__ void block_sum(const float* x, float* out, int n) {
  __shared__ float s[1024];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}
'''
CUDA_WARP = r'''
__global__ void warp_sum(const float* x, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  if ((threadIdx.x & 31) == 0) out[i / 32] = v;
}
'''
CUDA_MATMUL = r'''
#define T 16
__global__ void matmul(const float* A, const float* B, float* C, int n) {
  __shared__ float a[T][T], b[T][T];
  int r = blockIdx.y * T + threadIdx.y, c = blockIdx.x * T + threadIdx.x;
  float acc = 0.0f;
  for (int k0 = 0; k0 < n; k0 += T) {
    a[threadIdx.y][threadIdx.x] = A[r * n + k0 + threadIdx.x];
    b[threadIdx.y][threadIdx.x] = B[(k0 + threadIdx.y) * n + c];
    __syncthreads();
    for (int k = 0; k < T; ++k) acc += a[threadIdx.y][k] * b[k][threadIdx.x];
    __syncthreads();
  }
  C[r * n + c] = acc;
}
'''


def cases():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(N).astype(np.float32)
    yield ("cuda vector_add 1M, 256 thr/blk", ROOT / "examples/vector_add.cu", "vector_add",
           [x, x, np.empty_like(x), N], None)
    yield ("cuda block reduction 1M, 1024 thr/blk, barriers", CUDA_REDUCE, "block_sum",
           [x, np.empty(N // 1024, np.float32), N], Launch(grid=(N // 1024, 1, 1), block=(1024, 1, 1)))
    yield ("cuda warp-shuffle reduction 1M", CUDA_WARP, "warp_sum",
           [x, np.empty(N // 32, np.float32), N], Launch(grid=(N // 256, 1, 1), block=(256, 1, 1)))
    n = 256
    A = rng.standard_normal((n, n)).astype(np.float32)
    yield ("cuda tiled matmul 256^3, shared memory", CUDA_MATMUL, "matmul",
           [A, A, np.empty_like(A), n], Launch(grid=(n // 16, n // 16, 1), block=(16, 16, 1)))
    yield ("hip wave64 block reduction 1M, 256 thr/blk", ROOT / "tests/kernels/hip/wave_ops.hip", "block_reduce_sum",
           [x, np.empty(N // 256, np.float32), N], Launch(grid=(N // 256, 1, 1), block=(256, 1, 1)))
    yield ("bang scale_shift_relu 1M, Union1 16 tasks", ROOT / "examples/bang_scale_relu.mlu", "scale_shift_relu",
           [np.empty_like(x), x, 0.5, 0.1, N], None)
    m = k = nn = 256
    a8 = rng.integers(0, 256, (m, k)).astype(np.uint8)
    b8 = rng.integers(-128, 128, (k, nn)).astype(np.int8)
    yield ("c vnni int8 gemm 256^3 (dpbusd)", ROOT / "examples/vnni_gemm_int8.c", "gemm_u8s8_s32",
           [a8, b8.reshape(k // 4, 4, nn).transpose(0, 2, 1).copy(), np.empty((m, nn), np.int32), m, nn, k], None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XPILER_CACHE"] = cache
        for name, src, entry, argv, launch in cases():
            r = xpiler.run(src if isinstance(src, str) else str(src), entry=entry, args=argv, launch=launch)
            r.raise_for_error()
            rows.append({"case": name, "compile_s": r.compile_seconds, "run_s": r.kernel_seconds,
                         "wall_s": r.wall_seconds})
            print(f"{name:55s} compile {r.compile_seconds:6.2f} s   run {r.kernel_seconds:7.3f} s   "
                  f"total {r.wall_seconds:6.2f} s", flush=True)
    worst_c = max(rows, key=lambda r: r["compile_s"])
    worst_r = max(rows, key=lambda r: r["run_s"])
    print(f"slowest compile: {worst_c['case']} ({worst_c['compile_s']:.2f} s); "
          f"slowest run: {worst_r['case']} ({worst_r['run_s']:.3f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
