"""Property tests: lifting preserves results on generated kernels.

Hypothesis generates small CUDA kernels (random element-wise expressions with guards and
grid-stride loops; block reductions through shared memory and warp shuffles with random block
sizes and offsets); each is run on the CUDA CPU engine and, lifted, natively; outputs must agree
bit for bit (the same operations in the same order)."""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xpiler.ir.native import compile_and_run
from xpiler.lift.pipeline import lift
from xpiler.models.base import Launch
from xpiler.runner import run

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))

leaf = st.sampled_from(["x[i]", "y[i]", "1.5f", "-0.25f", "(float)(i % 7)", "x[(i * 3) % n]"])


def _expr(depth):
    if depth == 0:
        return leaf
    sub = _expr(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(sub, st.sampled_from(["+", "-", "*"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["fminf", "fmaxf"]), sub, sub).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(sub, sub, sub).map(lambda t: f"({t[0]} > {t[1]} ? {t[1]} : {t[2]})"),
    )


def _agree(src, entry, args, launch):
    lifted = lift(src, entry, args=dict(args), launch=launch, platform="cuda")
    native = compile_and_run(lifted.kernel, dict(args))
    engine = run(src, "cuda", entry, args=list(args.values()), launch=launch)
    assert engine.ok, engine.error
    for name in native:
        np.testing.assert_array_equal(native[name], engine.outputs[name], err_msg=f"{name} differs\n{src}")


@SETTINGS
@given(expr=_expr(3), block=st.sampled_from([32, 64, 96, 128, 256]), grid=st.integers(1, 5),
       n=st.integers(1, 700), stride=st.booleans(), seed=st.integers(0, 2**16))
def test_elementwise_kernels_lift_exactly(expr, block, grid, n, stride, seed):
    loop = ("for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)" if stride else
            "int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n)")
    src = f"__global__ void k(const float* x, const float* y, float* out, int n) {{\n  {loop} out[i] = {expr};\n}}\n"
    rng = np.random.default_rng(seed)
    args = {"x": rng.standard_normal(n).astype(np.float32), "y": rng.standard_normal(n).astype(np.float32),
            "out": np.zeros(n, np.float32), "n": n}
    _agree(src, "k", args, Launch(grid=(grid, 1, 1), block=(block, 1, 1)))


@SETTINGS
@given(log_t=st.integers(5, 8), grid=st.integers(1, 4), use_shuffle=st.booleans(), width=st.sampled_from([8, 16, 32]),
       seed=st.integers(0, 2**16))
def test_block_reductions_lift_exactly(log_t, grid, use_shuffle, width, seed):
    T = 1 << log_t
    stop = 32 if use_shuffle else 0
    shuffle = (f"  float v = sh[threadIdx.x];\n"
               f"  if (threadIdx.x < 32) {{\n"
               f"    for (int off = {width} / 2; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off, {width});\n"
               f"    if (threadIdx.x % {width} == 0) out[blockIdx.x * 32 + threadIdx.x] = v;\n  }}\n") if use_shuffle else \
        "  if (threadIdx.x == 0) out[blockIdx.x * 32] = sh[0];\n"
    src = (f"__global__ void r(const float* x, float* out) {{\n  __shared__ float sh[{T}];\n"
           f"  sh[threadIdx.x] = x[blockIdx.x * {T} + threadIdx.x];\n  __syncthreads();\n"
           f"  for (int s = {T} / 2; s > {stop}; s >>= 1) {{\n"
           f"    if (threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];\n    __syncthreads();\n  }}\n"
           f"{shuffle}}}\n")
    rng = np.random.default_rng(seed)
    args = {"x": rng.standard_normal(grid * T).astype(np.float32), "out": np.zeros(grid * 32, np.float32)}
    _agree(src, "r", args, Launch(grid=(grid, 1, 1), block=(T, 1, 1)))
