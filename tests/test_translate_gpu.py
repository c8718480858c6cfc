"""CUDA / HIP translation targets: lowering passes on hand-built programs (checked with the IR
verifier), the direct CUDA <-> HIP mapping, and suite kernels translated and verified on the CPU
engines (xpiler.translate.driver), plus real-compiler checks where nvcc / hipcc exist."""
from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest

from xpiler import ir
from xpiler.ir import Alloc, Barrier, Buffer, Const, If, IntrinsicCall, Let, Loop, Store, Var, block, walk
from xpiler.ir.passes import get_pass
from xpiler.ir.verifier import verify
from xpiler.lower import gpu
from xpiler.lower.cuda_hip import direct_translate
from xpiler.source.loader import load_source
from xpiler.translate.target import SourceParam, SourceSignature


def lowered(k, *names, **params):
    for name in names:
        k = get_pass(name, **params.get(name, {})).apply(k)
    return k


def thread_loops(k):
    return [n for n in walk(k.body) if isinstance(n, Loop) and n.axis == gpu.THREAD]


def unbound(k):
    return [n for n in walk(k.body) if isinstance(n, Loop) and n.kind in ("parallel", "vectorized") and n.axis is None]


ALL = ("gpu_prepare", "parallelize_independent", "bind_gpu", "block_reduce", "place_memory", "insert_barriers")


# ------------------------------------------------------------------------------ passes on hand-built IR

def test_parallelize_independent_marks_only_independent_loops():
    n = 300
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n,))
    i, j = Var("i"), Var("j")
    indep = ir.loop(i, n, Store(y, (i,), x[i] * 2.0))
    carried = ir.loop(j, n - 1, Store(y, (j + 1,), y[j] + x[j]))
    k = ir.kernel("k", [(x, "in"), (y, "inout")], [indep, carried])
    out = lowered(k, "gpu_prepare", "parallelize_independent")
    kinds = {n.var.name: n.kind for n in walk(out.body) if isinstance(n, Loop)}
    assert kinds == {"i": "parallel", "j": "serial"}


def test_privatized_scalar_makes_a_row_loop_parallel():
    m, n = 20, 50
    x, y = Buffer("x", "float32", (m * n,)), Buffer("y", "float32", (m,))
    acc = Buffer("acc", "float32", (1,), "local")
    r, c = Var("r"), Var("c")
    body = [Store(acc, (0,), 0.0), ir.loop(c, n, Store(acc, (0,), acc[0] + x[r * n + c])), Store(y, (r,), acc[0])]
    k = ir.kernel("rows", [(x, "in"), (y, "inout")], [Alloc(acc), ir.loop(r, m, body)])
    out = lowered(k, "gpu_prepare", "parallelize_independent")
    assert [L.kind for L in walk(out.body) if isinstance(L, Loop) and L.var.name == "r"] == ["parallel"]
    args = {"x": np.random.default_rng(0).normal(size=m * n).astype(np.float32), "y": np.zeros(m, np.float32)}
    assert verify(k, out, args).ok


def test_bind_flat_grid_for_an_elementwise_loop():
    n = 1000
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n,))
    i = Var("i")
    k = ir.kernel("scale", [(x, "in"), (y, "inout")], ir.loop(i, n, Store(y, (i,), x[i] * 3.0), kind="parallel"))
    out = lowered(k, *ALL)
    assert gpu.get_attr(out, "gpu_mode") == "flat"
    assert gpu.get_attr(out, "gpu_block") == 256 and gpu.get_attr(out, "gpu_grid") == 4
    assert not unbound(out)
    args = {"x": np.arange(n, dtype=np.float32), "y": np.zeros(n, np.float32)}
    assert verify(k, out, args).ok


def _warp_softmax_like():
    """for w in 4 par { for row in range(trips(w)) { per-lane partials; exchange through shared memory } }
    -- the shape lifted from warp-per-row GPU code (a warp-dependent trip count)."""
    rows, n = 10, 64
    x, y = Buffer("x", "float32", (rows * n,)), Buffer("y", "float32", (rows * n,))
    sh = Buffer("sh", "float32", (128,), "shared")
    part = Buffer("part", "float32", (32,), "local")
    w, row, lane, l2, j = Var("w"), Var("row"), Var("lane"), Var("lane2"), Var("j")
    r = Var("r")
    trips = ir.select(ir.lt(w, rows), (rows - w + 3) / 4, 0)
    body = [Let(r, w + row * 4), Alloc(part),
            ir.loop(lane, 32, [Store(part, (lane,), 0.0),
                               ir.loop(j, 2, Store(part, (lane,), part[lane] + x[r * n + j * 32 + lane])),
                               Store(sh, (w * 32 + lane,), part[lane])], kind="parallel"),
            ir.loop(l2, 32, [Store(y, (r * n + l2,), sh[w * 32 + l2] + sh[w * 32 + (l2 + 1) % 32])],
                    kind="parallel")]
    k = ir.kernel("rows", [(x, "in"), (y, "inout")],
                  [Alloc(sh), ir.loop(w, 4, ir.loop(row, trips, body), kind="parallel")])
    args = {"x": np.random.default_rng(1).normal(size=rows * n).astype(np.float32),
            "y": np.zeros(rows * n, np.float32)}
    return k, args


def test_bind_sinks_the_warp_loop_to_the_lanes():
    k, args = _warp_softmax_like()
    out = lowered(k, *ALL)
    assert gpu.get_attr(out, "gpu_block") == 128            # warps x lanes, not 4 threads
    assert not unbound(out)
    assert all(gpu._const(L.extent) in (1, 128) for L in thread_loops(out))
    assert any(isinstance(n, Barrier) for n in walk(out.body))
    assert dict(gpu.get_attr(out, "gpu_registers", ())) == {"part_1": 2}   # part[w, lane]: one register a thread
    assert verify(k, out, args).ok
    # without sinking the warp loop is a 4-thread loop and the lanes run serially
    plain = lowered(k, "gpu_prepare", "parallelize_independent", "bind_gpu", **{"bind_gpu": {"sink_parallel": False}})
    assert gpu.get_attr(plain, "gpu_block") == 4 and unbound(plain)


def test_block_reduce_and_barriers():
    n = 5000
    x, out_ = Buffer("x", "float32", (n,)), Buffer("out", "float32", (2,))
    acc = Buffer("acc", "float32", (1,), "local")
    mx = Buffer("mx", "float32", (1,), "local")
    i, j = Var("i"), Var("j")
    k = ir.kernel("stats", [(x, "in"), (out_, "inout")], [
        Alloc(acc), Alloc(mx), Store(acc, (0,), 0.0), Store(mx, (0,), Const(float("-inf"), "float32")),
        ir.loop(i, n, Store(acc, (0,), acc[0] + x[i] * x[i])),
        ir.loop(j, n, Store(mx, (0,), ir.maximum(mx[0], x[j]))),
        Store(out_, (0,), acc[0]), Store(out_, (1,), mx[0])])
    out = lowered(k, *ALL)
    assert gpu.get_attr(out, "gpu_reductions") == 2 and gpu.get_attr(out, "gpu_block") == 256
    assert gpu.get_attr(out, "gpu_barriers") >= 8
    # no barrier inside a thread loop
    for L in thread_loops(out):
        assert not any(isinstance(n, Barrier) for n in walk(L.body))
    args = {"x": np.random.default_rng(2).normal(size=n).astype(np.float32), "out": np.zeros(2, np.float32)}
    assert verify(k, out, args, rtol=1e-4).ok


def test_uniform_side_effects_run_on_thread_zero_and_locals_stay_replicated():
    n = 64
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n + 1,))
    cnt = Buffer("cnt", "int32", (1,), "local")
    i = Var("i")
    k = ir.kernel("k", [(x, "in"), (y, "inout")], [
        Alloc(cnt), Store(cnt, (0,), 5), Store(y, (n,), 1.0),
        ir.loop(i, n, Store(y, (i,), x[i] + ir.cast("float32", cnt[0])), kind="parallel")])
    out = lowered(k, "gpu_prepare", "bind_gpu", "place_memory", "insert_barriers")
    assert "cnt" in gpu.get_attr(out, "gpu_replicated")
    singles = [L for L in thread_loops(out) if gpu._const(L.extent) == 1]
    assert len(singles) == 1 and isinstance(singles[0].body, Store) and singles[0].body.buffer.name == "y"
    args = {"x": np.arange(n, dtype=np.float32), "y": np.zeros(n + 1, np.float32)}
    assert verify(k, out, args).ok


def test_tensorize_mma_recognises_a_lane0_tile_product():
    a, b = Buffer("a", "float16", (512,), "shared"), Buffer("b", "float16", (512,), "shared")
    c = Buffer("c", "float32", (512,), "shared")
    f, i, j, kk = Var("f"), Var("i"), Var("j"), Var("kk")
    warp = Var("warp")
    prod = ir.cast("float32", a[warp * 256 + i * 16 + kk]) * ir.cast("float32", b[warp * 256 + kk * 16 + j])
    nest = ir.loop(i, 16, ir.loop(j, 16, ir.loop(kk, 16, Store(c, (warp * 256 + i * 16 + j,),
                                                              c[warp * 256 + i * 16 + j] + prod))))
    tl = Loop(f, Const(64), block(Let(warp, f / 32), If(ir.eq(f % 32, 0), nest)), "parallel", gpu.THREAD)
    k = gpu.with_attrs(ir.kernel("mm", [], [Alloc(a), Alloc(b), Alloc(c), tl]), gpu_mode="single", gpu_block=64,
                       gpu_grid=1)
    for wave, staging in ((32, True), (64, False)):
        out = get_pass("tensorize_mma", wave=wave, staging=staging).apply(k)
        calls = [n for n in walk(out.body) if isinstance(n, IntrinsicCall)]
        from xpiler.lower.gpu_mma import mma_operands
        mc = mma_operands(calls[0])
        assert len(calls) == 1 and calls[0].name == gpu.MMA and mc.group == 32 and (mc.M, mc.N, mc.K) == (16, 16, 16)
        assert mc.ops["A"][1:] == ([16, 32, 64, 128], [1, 2, 4, 8])      # A: row stride 16, k stride 1 (bit weights)
        assert mc.ops["B"][1:] == ([16, 32, 64, 128], [1, 2, 4, 8])      # B: k stride 16, column 1
    assert get_pass("tensorize_mma", wave=64).apply(gpu.with_attrs(k, gpu_block=32)) is not None


# ------------------------------------------------------------------------------ printer

def test_printer_signature_and_half():
    n = 256
    x, y = Buffer("x", "float16", (n,)), Buffer("y", "float32", (n,))
    s = Var("s", "float32")
    i = Var("i")
    k = ir.kernel("h", [(x, "in"), (y, "inout"), s],
                  ir.loop(i, n, Store(y, (i,), ir.cast("float32", x[i] + x[i]) * s), kind="parallel"))
    sig = SourceSignature("h", (SourceParam("x", "float16", True, True), SourceParam("y", "float32", True, False),
                                SourceParam("s", "float32", False, False)))
    cu = gpu.translate_gpu(k, sig, {}, "cuda")
    assert "__global__ void h(const half* __restrict__ x, float* __restrict__ y, float s)" in cu.text
    assert "#include <cuda_fp16.h>" in cu.text and "_Float16" not in cu.text
    hip = gpu.translate_gpu(k, sig, {}, "hip")
    assert hip.text.startswith("/* HIP") and "#include <hip/hip_runtime.h>" in hip.text
    assert "const _Float16* __restrict__ x" in hip.text
    assert cu.launch.block == (256, 1, 1) and "parallel" in cu.features


# ------------------------------------------------------------------------------ direct CUDA <-> HIP

CUDA_SRC = """#include <cuda_runtime.h>
#include <math_constants.h>
__global__ void k(const float* x, float* y, int n) {
  float v = threadIdx.x < n ? x[threadIdx.x] : -CUDART_INF_F;
  for (int o = warpSize / 2; o > 0; o /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  unsigned m = __activemask();
  if (__any_sync(m, v > 0.0f)) y[threadIdx.x] = __shfl_sync(m, v, 0, 16);
  __syncwarp();
}
void host(float* d, int n) { float* p; cudaMalloc(&p, n * sizeof(float)); k<<<1, 32>>>(p, d, n); cudaFree(p); }
"""


def test_direct_cuda_to_hip_maps_through_the_tree():
    em = direct_translate(load_source(CUDA_SRC, "cuda"), "hip", entry="k")
    t = em.text
    assert "#include <hip/hip_runtime.h>" in t and "cuda_runtime" not in t and "math_constants" not in t
    assert "__shfl_xor(v, o, 32)" in t and "__shfl(v, 0, 16)" in t and "_sync" not in t
    assert "32 / 2" in t and "warpSize" not in t
    assert "-INFINITY" in t and "hipMalloc(&p" in t and "hipFree(p)" in t
    assert "xp32_ballot(1)" in t and "#define xp32_ballot" in t
    assert "__builtin_amdgcn_wave_barrier()" in t
    assert "vector" in em.features and em.passes[0].startswith("direct_cuda_to_hip")


def test_direct_path_not_applicable():
    wmma = "#include <mma.h>\n__global__ void k(float* c) { nvcuda::wmma::fragment<nvcuda::wmma::accumulator, 16, 16, 16, float> f; }\n"
    assert direct_translate(load_source(wmma, "cuda"), "hip") is None
    wave64 = "#include <hip/hip_runtime.h>\n__global__ void k(float* y) { y[0] = __shfl_down(y[threadIdx.x], 1, 64); }\n"
    assert direct_translate(load_source(wave64, "hip"), "cuda") is None
    narrow = ("#include <hip/hip_runtime.h>\n__global__ void k(float* y) { y[threadIdx.x] = __shfl_down(y[threadIdx.x], 1, 16); }\n"
              "void h(float* y) { hipLaunchKernelGGL(k, dim3(1), dim3(32), 0, 0, y); }\n")
    t = direct_translate(load_source(narrow, "hip"), "cuda", entry="k").text
    assert "__shfl_down_sync(0xffffffffu, y[threadIdx.x], 1, 16)" in t and "k<<<dim3(1), dim3(32), 0, 0>>>(y)" in t
    assert direct_translate(load_source(CUDA_SRC, "cuda"), "cuda") is None


# ------------------------------------------------------------------------------ suite kernels end to end

def _suite_case(path: str):
    from xpiler.suite.lift_bench import representative
    from xpiler.suite.manifest import discover
    for k in representative(discover()):
        if str(k.path).endswith(path):
            return k
    raise LookupError(path)


def _translate(path: str, target: str, direct: bool = True):
    from xpiler.runner import pick_entry
    from xpiler.suite.bench import launch_of
    from xpiler.suite.lift_bench import case_arguments, param_tolerance
    from xpiler.translate.driver import translate
    k = _suite_case(path)
    src = load_source(str(k.path), k.model)
    fn, _ = pick_entry(src, k.meta["entry"])
    params = [p.name for p in fn.params]
    sets = [case_arguments(k, 1, params)]
    return translate(src, target, sets, k.meta["entry"], launch_of(k.launch), tolerance=param_tolerance(k, params),
                     allow_direct=direct)


CASES = [  # (suite file, target, route, features that must be present)
    ("bang/add/add.mlu", "cuda", "lifted", {"parallel"}),
    ("bang/reduce_sum/reduce_sum.mlu", "hip", "lifted", {"parallel", "vector"}),
    ("bang/softmax/softmax.mlu", "cuda", "lifted", {"parallel"}),
    ("c/gemm/gemm.c", "hip", "lifted", {"parallel"}),
    ("c/conv2d_nhwc/conv2d_nhwc.c", "cuda", "lifted", {"parallel"}),
    ("c/dense/dense_1.c", "hip", "lifted", {"parallel", "onchip"}),     # per-iteration shared arrays in a loop
    ("cuda/softmax/softmax.cu", "hip", "direct", {"parallel", "vector"}),
    ("cuda/gemm/gemm.cu", "hip", "lifted", {"matrix"}),
    ("hip/reduce_sum/reduce_sum.hip", "cuda", "lifted", {"parallel"}),
    ("hip/add/add.hip", "cuda", "direct", {"parallel"}),
]


@pytest.mark.parametrize("path,target,route,features", CASES, ids=[f"{c[0]}->{c[1]}" for c in CASES])
def test_suite_translation_verifies(path, target, route, features):
    tr = _translate(path, target)
    assert tr.ok, tr.error
    assert tr.path == route
    assert features <= tr.emitted.features


def test_lifted_path_for_gpu_sources_binds_warps_and_lanes():
    tr = _translate("cuda/softmax/softmax.cu", "hip", direct=False)
    assert tr.ok, tr.error
    assert tr.emitted.launch.block == (256, 1, 1)
    assert not [n for n in tr.emitted.notes if "serially" in n]


# ------------------------------------------------------------------------------ real compilers

def _compile(cmd, text, suffix, tmp_path, env=None):
    f = tmp_path / ("k" + suffix)
    f.write_text(text)
    r = subprocess.run(cmd + [str(f), "-o", str(tmp_path / "k.o")], capture_output=True, text=True, timeout=300,
                       env=env)
    assert r.returncode == 0, r.stderr[-2000:]


@pytest.mark.skipif(shutil.which("nvcc") is None, reason="nvcc not installed")
def test_nvcc_compiles_lifted_output(tmp_path):
    tr = _translate("cuda/gemm/gemm.cu", "cuda", direct=False)   # WMMA, shared memory, barriers
    assert "matrix" in tr.emitted.features
    _compile(["nvcc", "-c", "-arch=sm_90"], tr.emitted.text, ".cu", tmp_path)


@pytest.mark.skipif(shutil.which("hipcc") is None, reason="hipcc not installed")
def test_hipcc_compiles_lifted_output(tmp_path):
    tr = _translate("cuda/gemm/gemm.cu", "hip", direct=False)    # MFMA
    _compile(["hipcc", "--offload-arch=gfx90a", "-c"], tr.emitted.text, ".hip", tmp_path,
             env={**os.environ, "HIP_PLATFORM": "amd"})


# ------------------------------------------------------------------------------ every parallel loop bound

def _run_emitted(em, args: dict, names):
    """Outputs of an emitted kernel on its target's CPU engine."""
    from xpiler.runner import run
    r = run(em.text, platform="cuda", entry=em.entry, args=[args[n] for n in names], launch=em.launch, timeout=120)
    assert r.ok, r.error
    return r.outputs


def _rows(setup: bool):
    """Rows x 16-lane vector code as lifted from SIMD sources: for r < n (run-time) par
    { t[l] = x[r, l] * c[l]; y[r, l] = t[l] + t[15 - l] } (c a local constant vector set up first when
    `setup`, else a parameter), then a transpose z[h + w * n] = y[h, w]."""
    rows = 37
    x, y = Buffer("x", "float32", (rows * 16,)), Buffer("y", "float32", (rows * 16,))
    z = Buffer("z", "float32", (rows * 16,))
    c = Buffer("c", "float32", (16,), "local") if setup else Buffer("c", "float32", (16,))
    t = Buffer("t", "float32", (16,), "local")
    n = Var("n")
    r, l0, l1, l2, h, w = Var("r"), Var("l0"), Var("l1"), Var("l2"), Var("h"), Var("w")
    main = ir.loop(r, n, [Alloc(t),
                          ir.loop(l1, 16, Store(t, (l1,), x[r * 16 + l1] * c[l1]), kind="vectorized"),
                          ir.loop(l2, 16, Store(y, (r * 16 + l2,), t[l2] + t[15 - l2]), kind="vectorized")],
                   kind="parallel")
    body = [Alloc(c), ir.loop(l0, 16, Store(c, (l0,), ir.cast("float32", l0) * 0.25 + 0.5), kind="vectorized"), main] \
        if setup else [main, ir.loop(h, n, ir.loop(w, 16, Store(z, (h + w * n,), y[h * 16 + w])))]
    params = [(x, "in"), (y, "inout")] + ([] if setup else [(c, "in"), (z, "inout")]) + [n]
    k = ir.kernel("rows", params, body)
    rng = np.random.default_rng(3)
    args = {"x": rng.normal(size=rows * 16).astype(np.float32), "y": np.zeros(rows * 16, np.float32),
            "n": np.int32(rows)}
    if not setup:
        args.update(c=rng.normal(size=16).astype(np.float32), z=np.zeros(rows * 16, np.float32))
    return k, args


def _sig(k):
    return SourceSignature(k.name, tuple(
        SourceParam(p.name, p.target.dtype, isinstance(p.target, Buffer), p.role == "in") for p in k.params))


def test_setup_code_is_recomputed_per_block_and_the_rows_span_the_grid():
    k, args = _rows(setup=True)
    out = lowered(k, *ALL)
    assert gpu.get_attr(out, "gpu_mode") == "grid" and gpu.get_attr(out, "gpu_grid") > 1   # not one block
    assert not unbound(out)
    assert verify(k, out, args).ok
    em = gpu.translate_gpu(k, _sig(k), {}, "cuda")
    assert not [n for n in em.notes if "serially" in n]
    got = _run_emitted(em, args, [p.name for p in k.params])
    c = np.arange(16, dtype=np.float32) * 0.25 + 0.5
    t = args["x"].reshape(-1, 16) * c
    np.testing.assert_allclose(got["y"].reshape(-1, 16), t + t[:, ::-1], rtol=1e-6)


def test_rows_of_lanes_with_a_run_time_extent_are_tiled_onto_the_threads():
    k, args = _rows(setup=False)
    out = lowered(k, *ALL)
    assert gpu.get_attr(out, "gpu_mode") == "single"       # the transpose reads y: one block
    assert not unbound(out)
    # tiles of 16 rows x 16 lanes on the threads (not one thread per row with serial lanes), and the
    # transpose (independent only given h < n) parallel too
    assert 256 in {gpu._const(L.extent) for L in thread_loops(out)}
    assert gpu.get_attr(out, "gpu_block") == 256
    assert verify(k, out, args).ok
    em = gpu.translate_gpu(k, _sig(k), {}, "cuda")
    got = _run_emitted(em, args, [p.name for p in k.params])
    t = args["x"].reshape(-1, 16) * args["c"]
    y = t + t[:, ::-1]
    np.testing.assert_allclose(got["y"].reshape(-1, 16), y, rtol=1e-6)
    np.testing.assert_allclose(got["z"].reshape(16, -1), y.T, rtol=1e-6)


def test_transpose_is_independent_given_the_loop_bounds():
    n, m = Var("n"), 8
    x, z = Buffer("x", "float32", (64,)), Buffer("z", "float32", (64,))
    h, w = Var("h"), Var("w")
    ok = ir.loop(h, n, ir.loop(w, m, Store(z, (h + w * n,), x[h * m + w])))
    assert gpu.independent(ok)
    # w * (n - 1): rows overlap, a real dependence
    bad = ir.loop(h, n, ir.loop(w, m, Store(z, (h + w * (n - 1),), z[h] + x[h * m + w])))
    assert not gpu.independent(bad)


def test_conv1d_bang_run_time_scratch_is_bounded_not_on_the_device_heap():
    # the detensorized transposes / copies of NRAM data have run-time sizes: bounded by the NRAM array
    # they are copied to, they live in fixed per-block __device__ pools (an in-kernel malloc per
    # thread overran the 8 MiB device heap on a real GPU)
    for target in ("cuda", "hip"):
        tr = _translate("bang/conv1d/conv1d.mlu", target)
        assert tr.ok, tr.error
        assert "malloc(" not in tr.emitted.text
        assert not [n for n in tr.emitted.notes if "heap" in n]
