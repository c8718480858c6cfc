"""Lifting: the frontend + passes on hand-written kernels of every model, checked against NumPy and
against the source kernel on its CPU engine; located errors for what cannot be lifted; the
differential check catches a wrong program."""
import numpy as np
import pytest

from xpiler.errors import UnsupportedConstruct, XpilerError
from xpiler.ir.expr import Const
from xpiler.ir.native import compile_and_run
from xpiler.ir.stmt import Barrier, IntrinsicCall, Loop, Store
from xpiler.ir.visitor import Mutator, walk
from xpiler.lift.pipeline import lift
from xpiler.models.base import Launch
from xpiler.runner import run
from xpiler.verify import differential_test

RNG = np.random.default_rng(7)


def lifted_outputs(src, entry, args, launch=None, platform=None):
    lifted = lift(src, entry, args=args, launch=launch, platform=platform)
    return lifted, compile_and_run(lifted.kernel, args)


def test_grid_stride_elementwise_with_tail():
    src = """
__global__ void saxpy(const float* x, float* y, float a, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) y[i] = a * x[i] + y[i];
}"""
    n = 1000
    x, y = RNG.standard_normal(n).astype(np.float32), RNG.standard_normal(n).astype(np.float32)
    lifted, out = lifted_outputs(src, "saxpy", {"x": x, "y": y.copy(), "a": np.float32(1.5), "n": n},
                                 Launch(grid=(3, 1, 1), block=(128, 1, 1)), "cuda")
    np.testing.assert_array_equal(out["y"], (np.float32(1.5) * x + y).astype(np.float32))
    assert not any(isinstance(s, Barrier) for s in walk(lifted.kernel.body))
    assert [p.role for p in lifted.kernel.params if p.is_buffer] == ["in", "inout"]


def test_block_reduction_with_shared_tree_and_early_return():
    src = """
#define T 128
__global__ void block_sum(const float* x, float* out, int n) {
  __shared__ float sh[T];
  int i = blockIdx.x * T + threadIdx.x;
  sh[threadIdx.x] = i < n ? x[i] : 0.0f;
  __syncthreads();
  for (int s = T / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x != 0) return;
  out[blockIdx.x] = sh[0];
}"""
    n = 1000
    x = RNG.standard_normal(n).astype(np.float32)
    args = {"x": x, "out": np.zeros(8, np.float32), "n": n}
    launch = Launch(grid=(8, 1, 1), block=(128, 1, 1))
    _, out = lifted_outputs(src, "block_sum", args, launch, "cuda")
    engine = run(src, "cuda", "block_sum", args=[x, np.zeros(8, np.float32), n], launch=launch)
    np.testing.assert_array_equal(out["out"], engine.outputs["out"])
    np.testing.assert_allclose(out["out"], np.add.reduceat(np.pad(x, (0, 24)), range(0, 1024, 128)), rtol=1e-5)


def test_warp_shuffle_reduction_hip_wave64():
    src = """
#include <hip/hip_runtime.h>
__global__ void wave_sum(const float* x, float* out) {
  float v = x[blockIdx.x * 64 + threadIdx.x];
  for (int off = 32; off > 0; off >>= 1) v += __shfl_down(v, off);
  if (threadIdx.x == 0) out[blockIdx.x] = v;
}"""
    x = RNG.standard_normal(4 * 64).astype(np.float32)
    args = {"x": x, "out": np.zeros(4, np.float32)}
    launch = Launch(grid=(4, 1, 1), block=(64, 1, 1))
    _, out = lifted_outputs(src, "wave_sum", args, launch, "hip")
    engine = run(src, "hip", "wave_sum", args=[x, np.zeros(4, np.float32)], launch=launch)
    np.testing.assert_array_equal(out["out"], engine.outputs["out"])


def test_bang_intrinsics_detensorized():
    src = """
#include <bang.h>
__nram__ float buf[1024];
__mlu_global__ void scale(const float* x, float* y, int n) {
  int per = n / taskDim;
  __memcpy(buf, x + taskId * per, per * sizeof(float), GDRAM2NRAM);
  __bang_mul_scalar(buf, buf, 2.0f, per);
  __bang_add_scalar(buf, buf, 1.0f, per);
  __memcpy(y + taskId * per, buf, per * sizeof(float), NRAM2GDRAM);
}"""
    n = 16 * 64
    x = RNG.standard_normal(n).astype(np.float32)
    lifted, out = lifted_outputs(src, "scale", {"x": x, "y": np.zeros(n, np.float32), "n": n},
                                 Launch(grid=(16, 1, 1), func_type="union1"), "bang")
    np.testing.assert_array_equal(out["y"], x * np.float32(2) + np.float32(1))
    assert not any(isinstance(s, IntrinsicCall) for s in walk(lifted.kernel.body))
    assert any(n.scope == "nram" for n in walk(lifted.kernel.body) if hasattr(n, "scope"))


def test_c_avx512_with_masked_tail_and_heap_workspace():
    src = """
#include <immintrin.h>
#include <stdlib.h>
void relu_copy(const float* x, float* y, int n) {
  float* tmp = (float*)malloc(n * sizeof(float));
  int i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(tmp + i, _mm512_max_ps(_mm512_loadu_ps(x + i), _mm512_setzero_ps()));
  if (i < n) {
    __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(tmp + i, m, _mm512_max_ps(_mm512_maskz_loadu_ps(m, x + i), _mm512_setzero_ps()));
  }
  for (int j = 0; j < n; ++j) y[j] = tmp[j];
  free(tmp);
}"""
    n = 37
    x = RNG.standard_normal(n).astype(np.float32)
    _, out = lifted_outputs(src, "relu_copy", {"x": x, "y": np.zeros(n, np.float32), "n": n}, platform="c")
    np.testing.assert_array_equal(out["y"], np.maximum(x, 0))


def test_wmma_gemm_tile_lifts_to_plain_loops():
    src = """
#include <mma.h>
using namespace nvcuda;
__global__ void tile(const half* a, const half* b, float* c) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> fc;
  wmma::fill_fragment(fc, 0.0f);
  wmma::load_matrix_sync(fa, a, 16);
  wmma::load_matrix_sync(fb, b, 16);
  wmma::mma_sync(fc, fa, fb, fc);
  wmma::store_matrix_sync(c, fc, 16, wmma::mem_row_major);
}"""
    a = RNG.standard_normal((16, 16)).astype(np.float16)
    b = RNG.standard_normal((16, 16)).astype(np.float16)
    _, out = lifted_outputs(src, "tile", {"a": a.reshape(-1), "b": b.reshape(-1), "c": np.zeros(256, np.float32)},
                            Launch(grid=(1, 1, 1), block=(32, 1, 1)), "cuda")
    ref = a.astype(np.float32) @ b.astype(np.float32)
    np.testing.assert_allclose(out["c"].reshape(16, 16), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("body, construct", [
    ("  switch (n) { case 1: y[0] = 1; }\n", "switch"),
    ("  y[0] = mystery(n);\n", "mystery"),
    ("  goto end; end: y[0] = 0;\n", "goto"),
])
def test_unsupported_constructs_are_located(body, construct):
    src = "__global__ void k(float* y, int n) {\n" + body + "}\n"
    with pytest.raises(XpilerError) as err:
        lift(src, "k", args={"y": np.zeros(4, np.float32), "n": 1}, launch=Launch(grid=(1, 1, 1), block=(1, 1, 1)),
             platform="cuda")
    assert isinstance(err.value, UnsupportedConstruct)
    assert err.value.location is not None and err.value.location.line == 2
    assert construct in (err.value.construct or "") + err.value.message


def test_barrier_under_thread_dependent_control_is_refused():
    src = """
__global__ void bad(float* y) {
  __shared__ float s[64];
  if (threadIdx.x < 32) { s[threadIdx.x] = 1.0f; __syncthreads(); }
  y[threadIdx.x] = s[threadIdx.x];
}"""
    with pytest.raises(Exception) as err:
        lift(src, "bad", args={"y": np.zeros(64, np.float32)}, launch=Launch(grid=(1, 1, 1), block=(64, 1, 1)),
             platform="cuda")
    assert "barrier" in str(err.value).lower()


class _FlipFirstConstant(Mutator):
    """Changes one float constant in a store: a plausible wrong lifting."""

    def __init__(self):
        self.done = False

    def visit_Const(self, c):
        if not self.done and c.dtype == "float32" and c.value == 2.0:
            self.done = True
            return Const(2.5, "float32")
        return c


def test_differential_check_catches_a_wrong_program():
    src = """
__global__ void twice(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 2.0f * x[i];
}"""
    n = 100
    x = RNG.standard_normal(n).astype(np.float32)
    args = {"x": x, "y": np.zeros(n, np.float32), "n": n}
    launch = Launch(grid=(1, 1, 1), block=(128, 1, 1))
    lifted = lift(src, "twice", args=args, launch=launch, platform="cuda")
    mutator = _FlipFirstConstant()
    wrong = lifted.kernel.with_body(mutator.visit(lifted.kernel.body))
    assert mutator.done

    def reference(sets):
        return [run(src, "cuda", "twice", args=[s["x"], s["y"], s["n"]], launch=launch).outputs for s in sets]

    good = differential_test(reference, lambda sets: [compile_and_run(lifted.kernel, s) for s in sets], [args])
    bad = differential_test(reference, lambda sets: [compile_and_run(wrong, s) for s in sets], [args])
    assert good.ok and good.max_abs_err == 0
    assert not bad.ok and "'y'" in bad.message


def test_grid_stride_loop_becomes_one_parallel_loop_over_the_data():
    src = """
__global__ void scale(const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) y[i] = 3.0f * x[i];
}"""
    n = 777
    x = RNG.standard_normal(n).astype(np.float32)
    # one block: the worker index is threadIdx.x alone (compound block*T + thread indices under a
    # cast are not recognised yet, see the issue note)
    lifted, out = lifted_outputs(src, "scale", {"x": x, "y": np.zeros(n, np.float32), "n": n},
                                 Launch(grid=(1, 1, 1), block=(64, 1, 1)), "cuda")
    np.testing.assert_array_equal(out["y"], np.float32(3) * x)
    loops = [s for s in walk(lifted.kernel.body) if isinstance(s, Loop)]
    assert len(loops) == 1 and loops[0].kind == "parallel"          # no block / thread / stride loops left
    assert "n" in {v.name for v in walk(loops[0].extent) if hasattr(v, "name")}


def test_flatten_memory_reads_global_data_instead_of_its_staged_copy():
    from xpiler.ir import Alloc, Buffer, Var, kernel, loop
    from xpiler.ir.native import run_many
    from xpiler.lift.flatten_memory import flatten_memory
    from xpiler.ir.transforms.dead_store import eliminate_dead_stores
    g = Buffer("g", "float32", (64,))
    out = Buffer("out", "float32", (32,))
    b = Buffer("b", "float32", (48,), "nram")
    i, j = Var("i"), Var("j")
    k = kernel("k", [(g, "in"), (out, "out")], [
        Alloc(b),
        loop(i, 32, Store(b, (i + 16,), g[i + 8])),                       # stage g[8:40] into b[16:48]
        loop(j, 32, Store(out, (j,), b[j + 16] * 2.0)),
    ])
    flat = eliminate_dead_stores(flatten_memory(k))
    assert not any(getattr(n, "buffer", None) == b for n in walk(flat.body))   # staging gone
    data = RNG.standard_normal(64).astype(np.float32)
    before, after = run_many([(k, {"g": data}), (flat, {"g": data})])
    np.testing.assert_array_equal(before["out"], after["out"])
    np.testing.assert_array_equal(after["out"], data[8:40] * np.float32(2))
