"""The wave-size-independent HIP feature cases: for each such kernel in this folder, realistic random
inputs, the launch, and an independent NumPy reference. Shared by tests/test_hip_engine.py (CPU
engine against the reference) and tests/gpu/crosscheck.py (HIP engine against a real NVIDIA GPU,
the .hip files compiled by nvcc through tests/gpu/hip_to_cuda.h).

Only kernels whose results do not depend on the wavefront width are here (the engine runs 64-lane
wavefronts, an NVIDIA GPU 32-lane warps): in wave_ops.hip `block_reduce_sum` and `shfl_width32`;
every kernel of shared_matmul.hip, atomics.hip and half_math.hip; host_program.hip's y and z
(its info[0] reports warpSize and is informational). mfma.hip and ext_vector.hip are HIP-only.

Same structure as tests/kernels/cuda/cases.py. Case names start with `hip_` so that one cross-check
directory can hold the CUDA and the HIP cases. Every case is deterministic: `inputs(rng)` gets a
generator seeded from the case name. Outputs start poisoned (NaN, or an unlikely integer) so that
unwritten elements are caught.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from casekit import L, close, equal, fpoison, ipoison, registry  # noqa: E402,F401

HERE = Path(__file__).resolve().parent
MODEL = "hip"


CASES, case = registry(HERE)


# ------------------------------------------------------------------------------------------ wave_ops.hip
_BR = (700, 256, 3)       # n, block, grid: 4 wavefronts of 64 (8 warps of 32) per block, last block partial


def _br_in(rng):
    n, _block, grid = _BR
    return dict(x=rng.standard_normal(n).astype(np.float32), block_sums=fpoison(grid), n=n)


def _br_check(i, o):
    n, block, grid = _BR
    x = i["x"].astype(np.float64)
    close(o["block_sums"], [x[b * block:(b + 1) * block].sum() for b in range(grid)], 1e-5, 1e-4, "block_sums")


case("hip_block_reduce_sum", "wave_ops.hip", "block_reduce_sum", L(_BR[2], _BR[1]),
     gpu_tol={"block_sums": (1e-4, 1e-5)})((_br_in, _br_check))


def _sw_in(rng):
    n = 256
    return dict(x=rng.standard_normal(n).astype(np.float32), **{k: fpoison(n) for k in ("bcast", "xored", "up", "down")})


def _sw_check(i, o):
    x = i["x"]
    n = len(x)
    j = np.arange(n)
    lane = j % 32
    base = j - lane
    equal(o["bcast"], x[base + 5], "__shfl(v, 5, 32)")
    equal(o["xored"], x[base + (lane ^ 3)], "__shfl_xor(v, 3, 32)")
    equal(o["up"], np.where(lane >= 2, x[np.maximum(j - 2, 0)], x), "__shfl_up(v, 2, 32)")
    equal(o["down"], np.where(lane + 7 < 32, x[np.minimum(j + 7, n - 1)], x), "__shfl_down(v, 7, 32)")


case("hip_shfl_width32", "wave_ops.hip", "shfl_width32", L(2, 128))((_sw_in, _sw_check))


# ------------------------------------------------------------------------------------------ shared_matmul.hip
_MM = (40, 24, 50)       # M, N, K: partial tiles in every dimension


def _mm_in(rng):
    M, N, K = _MM
    return dict(A=rng.standard_normal(M * K).astype(np.float32), B=rng.standard_normal(K * N).astype(np.float32),
                C=fpoison(M * N), M=M, N=N, K=K)


def _mm_check(i, o):
    M, N, K = _MM
    ref = i["A"].reshape(M, K).astype(np.float64) @ i["B"].reshape(K, N)
    close(o["C"], ref.ravel(), 1e-5, 1e-4, "C")


case("hip_matmul_tiled", "shared_matmul.hip", "matmul_tiled", L((2, 3), (16, 16)),
     gpu_tol={"C": (1e-4, 1e-5)})((_mm_in, _mm_check))
case("hip_matmul_dynamic_shared", "shared_matmul.hip", "matmul_dynamic_shared", L((2, 3), (16, 16), 2 * 16 * 16 * 4),
     gpu_tol={"C": (1e-4, 1e-5)})((_mm_in, _mm_check))


# ------------------------------------------------------------------------------------------ atomics.hip
def _fs_in(rng):
    n = 1000
    return dict(x=rng.standard_normal(n).astype(np.float32), stats=np.array([-np.inf, np.inf, 0.0], np.float32), n=n)


def _fs_check(i, o):
    x = i["x"]
    equal(o["stats"][:2], np.array([x.max(), x.min()], np.float32), "float atomicMax/atomicMin")
    close(o["stats"][2], x.astype(np.float64).sum(), 1e-4, 1e-3, "float atomicAdd")


case("hip_float_atomics", "atomics.hip", "float_stats", L(4, 256),
     gpu_tol={"stats": (1e-4, 1e-5)})((_fs_in, _fs_check))


def _dm_in(rng):
    n = 300
    return dict(x=rng.standard_normal(n), result=np.array([-1e300]), n=n)


def _dm_check(i, o):
    equal(o["result"], np.array([i["x"].max()]), "double atomicMax")


case("hip_double_atomic_max", "atomics.hip", "double_max", L(2, 256))((_dm_in, _dm_check))


def _hist_in(rng):
    n = 1000
    return dict(values=rng.integers(0, 1000, n).astype(np.int32), bins=np.zeros(17, np.uint32), n=n, nbins=17)


def _hist_check(i, o):
    equal(o["bins"], np.bincount(i["values"] % 17, minlength=17).astype(np.uint32), "bins")


case("hip_histogram", "atomics.hip", "histogram", L(4, 256))((_hist_in, _hist_check))


def _ia_in(rng):
    n = 500
    return dict(x=rng.integers(-(1 << 20), 1 << 20, n).astype(np.int32),
                ints=np.array([np.iinfo(np.int32).min, np.iinfo(np.int32).max, 0, 0, 0], np.int32),
                slot=np.array([-1], np.int32), n=n)


def _ia_check(i, o):
    x = i["x"]
    ref = [x.max(), x.min(), np.bitwise_or.reduce(x & 0xFF), np.bitwise_xor.reduce(x), 1]
    equal(o["ints"], np.array(ref, np.int32), "atomicMax/Min/Or/Xor, one successful atomicCAS")
    assert 0 <= o["slot"][0] < len(x), f"slot claimed by {o['slot'][0]}"


# which thread wins the atomicCAS depends on scheduling
case("hip_int_atomics", "atomics.hip", "int_atomics", L(2, 256),
     gpu_informational=("slot",))((_ia_in, _ia_check))


# ------------------------------------------------------------------------------------------ half_math.hip
def _ho_in(rng):
    n = 300
    a, b, c = (rng.uniform(-2, 2, n).astype(np.float16) for _ in range(3))
    a[:4] = [-0.0, 1.5, 10.5, -9.5]      # signed zeros against __hge; hexp near the top and the bottom
    b[:2] = [0.0, 1.5]                    # of half's normal range
    return dict(a=a, b=b, c=c, fma_out=fpoison(n, np.float16), exp_out=fpoison(n, np.float16),
                max_out=fpoison(n, np.float16), as_float=fpoison(n), n=n)


def _ho_check(i, o):
    a, b, c = i["a"], i["b"], i["c"]
    a64, b64, c64 = (v.astype(np.float64) for v in (a, b, c))
    equal(o["fma_out"], (a64 * b64 + c64).astype(np.float16), "__hfma")
    close(o["exp_out"].astype(np.float64), np.exp(a64), 2e-3, 0, "hexp")
    equal(o["max_out"], np.where(a >= b, a, b), "__hge(a, b) ? a : b")
    equal(o["as_float"], 2 * ((a + b) + c).astype(np.float32), "__hadd, __half2float")


case("hip_half_ops", "half_math.hip", "half_ops", L(2, 256),
     gpu_tol={"exp_out": (0.0, 1e-3)})((_ho_in, _ho_check))


def _hd_in(rng):
    n = 150
    return dict(a=rng.uniform(-2, 2, 2 * n).astype(np.float16), b=rng.uniform(-2, 2, 2 * n).astype(np.float16),
                out=fpoison(n), n=n)


def _hd_check(i, o):
    prod = (i["a"] * i["b"]).astype(np.float32).reshape(-1, 2)      # __hmul2 rounds each product to half
    equal(o["out"], prod[:, 0] + prod[:, 1], "__hmul2, __half22float2")


case("hip_half2_dot", "half_math.hip", "half2_dot", L(1, 256))((_hd_in, _hd_check))


# ------------------------------------------------------------------------------------------ host_program.hip
_HN = 1000


def _hp_in(rng):
    n = _HN
    return dict(x=rng.standard_normal(n).astype(np.float32), y=rng.standard_normal(n).astype(np.float32),
                z=fpoison(n), info=ipoison(3), a=1.5, n=n)


def _hp_check(i, o):
    x, y = i["x"].astype(np.float64), i["y"].astype(np.float64)
    close(o["y"], 1.5 * x + y, 1e-6, 1e-6, "y")
    equal(o["z"], i["x"][(np.arange(_HN) * 3) % _HN], "z")
    # info[0] is warpSize: 64 on the engine's CDNA device, 32 on an NVIDIA GPU
    assert int(o["info"][0]) in (32, 64), f"warpSize {o['info'][0]}"
    equal(o["info"][1:], np.array([0, 1], np.int32), "info[1:] (no error, event time >= 0)")


case("hip_host_program", "host_program.hip", "host_saxpy", None,
     gpu_tol={"y": (1e-6, 1e-6)}, gpu_informational=("info",))((_hp_in, _hp_check))


def _hk_in(rng):
    n = _HN
    return dict(a=2.0, x=rng.standard_normal(n).astype(np.float32), y=rng.standard_normal(n).astype(np.float32), n=n)


def _hk_check(i, o):
    close(o["y"], 2.0 * i["x"].astype(np.float64) + i["y"], 1e-6, 1e-6, "y")


# a kernel entry whose launch (4 x 256) the engine finds in the host code's hipLaunchKernelGGL
case("hip_launch_from_host_code", "host_program.hip", "saxpy", None,
     gpu_tol={"y": (1e-6, 1e-6)})((_hk_in, _hk_check))

BY_NAME = {c.name: c for c in CASES}
