"""The C (+AVX-512 / VNNI, OpenMP) translation target: xpiler/models/c/translate.py, lower.py, emit.py.

Unit tests build small IR programs by hand and check each lowering pass twice: the lowered program
against the original, both run natively as plain C (`ir.verify`), and the emitted C file (OpenMP
pragmas, AVX-512 / VNNI intrinsics) on the C engine against the original's native run. Suite tests
translate kernels of every source model through the driver, which verifies the emitted file on
the C engine against the source kernel on its own engine.
"""
from __future__ import annotations

import numpy as np
import pytest

from xpiler import ir
from xpiler.ir import Alloc, Barrier, Buffer, Let, Loop, Store, Var, call, cast, kernel, select
from xpiler.models.c import cpu
from xpiler.models.c import lower
from xpiler.models.c.translate import lower_program, translate
from xpiler.runner import run
from xpiler.translate.target import SourceParam, SourceSignature

pytestmark = pytest.mark.skipif(bool(cpu.missing_for_native()) and cpu.simde_include_root() is None,
                                reason="the C engine needs AVX-512 VNNI or SIMDe")


def signature(k: ir.Kernel) -> SourceSignature:
    return SourceSignature(k.name, tuple(SourceParam(p.name, p.target.dtype, p.is_buffer, p.is_buffer and p.role == "in")
                                         for p in k.params))


def emit_and_run(k: ir.Kernel, args: dict, options: dict | None = None):
    """Translate `k`, run the C file on the C engine; (Emitted, outputs by name). Buffers missing
    from `args` start zero-filled."""
    em = translate(k, signature(k), options or {})
    values = [args[p.name] if p.name in args else np.zeros(_elements(p, args), np.dtype(p.target.dtype))
              for p in k.params]
    r = run(em.text, platform="c", entry=em.entry, args=values)
    assert r.ok, f"{r.error}\n{em.text}"
    return em, r.outputs


def _elements(p, args) -> int:
    from xpiler.ir.evaluate import evaluate
    scalars = {name: v for name, v in args.items() if np.ndim(v) == 0}
    return int(np.prod([evaluate(s, scalars) for s in p.target.shape]))


def native(k: ir.Kernel, args: dict) -> dict:
    return ir.compile_and_run(k, {n: v for n, v in args.items() if v is not None})


# ------------------------------------------------------------------------------------------ kernels

n, m = Var("n"), Var("m")


def elementwise() -> ir.Kernel:
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n,))
    i = Var("i")
    return kernel("ew", [(x, "in"), (y, "out"), n],
                  Loop(i, n, Store(y, (i,), call("exp", x[i]) * 2.0 + select(ir.gt(x[i], 0.0), x[i], x[i] * 0.1)
                                   - call("sqrt", call("abs", x[i])))))


def reductions() -> ir.Kernel:
    x, s = Buffer("x", "float32", (n,)), Buffer("s", "float32", (3,))
    i, j, k = Var("i"), Var("j"), Var("k")
    return kernel("red", [(x, "in"), (s, "out"), n], [
        Store(s, (0,), 0.0), Loop(i, n, Store(s, (0,), s[0] + x[i] * x[i])),
        Store(s, (1,), float("-inf")), Loop(j, n, Store(s, (1,), ir.maximum(s[1], x[j]))),
        Store(s, (2,), float("inf")), Loop(k, n, Store(s, (2,), ir.minimum(x[k], s[2])))])


def rows() -> ir.Kernel:
    """y[r, c] = x[r, c] * 2 + 1 over flattened rows (serial loops; independence needs bounds)."""
    x, y = Buffer("x", "float32", (m * n,)), Buffer("y", "float32", (m * n,))
    r, c = Var("r"), Var("c")
    return kernel("rows", [(x, "in"), (y, "out"), m, n],
                  Loop(r, m, Loop(c, n, Store(y, (r * n + c,), x[r * n + c] * 2.0 + 1.0))))


def prefix_sum() -> ir.Kernel:
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n,))
    i = Var("i")
    return kernel("scan", [(x, "in"), (y, "inout"), n],
                  Loop(i, n - 1, Store(y, (i + 1,), y[i] + x[i + 1])))


# ------------------------------------------------------------------------------------------ passes

def test_parallelize_outer_loop_picks_the_outermost_independent_loop(rng):
    k = rows()
    after = lower.parallelize_outer_loop(k)
    assert lower.get_attr(after, lower.ATTR_OMP) == ("r",)       # flattened r * n + c, c < n: proven by bounds
    args = {"x": rng.standard_normal(6 * 21).astype(np.float32), "m": 6, "n": 21}
    assert ir.verify(k, after, args).ok
    em, out = emit_and_run(k, args)
    assert "#pragma omp parallel for" in em.text and "#include <omp.h>" in em.text
    assert "parallel" in em.features and "vector" in em.features
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


def test_parallelize_outer_loop_leaves_carried_dependences_serial(rng):
    k = prefix_sum()
    assert lower.carried_dependences(k.body)
    assert lower.get_attr(lower.parallelize_outer_loop(k), lower.ATTR_OMP) == ()
    # a serial time loop around an independent (parallel) sweep: the sweep is parallelised
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "float32", (n,))
    t, i = Var("t"), Var("i")
    k2 = kernel("sweep", [(x, "in"), (y, "inout"), n],
                Loop(t, 3, Loop(i, n, Store(y, (i,), y[i] * 0.5 + x[i]), kind="parallel")))
    assert lower.get_attr(lower.parallelize_outer_loop(k2), lower.ATTR_OMP) == ("i",)
    args = {"x": rng.standard_normal(40).astype(np.float32), "y": rng.standard_normal(40).astype(np.float32), "n": 40}
    em, out = emit_and_run(k, args)
    assert "vector" not in em.features and "parallel" not in em.features
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])
    em2, out2 = emit_and_run(k2, args)
    np.testing.assert_array_equal(out2["y"], native(k2, args)["y"])


@pytest.mark.parametrize("size", [37, 16, 5])
def test_vectorize_elementwise_map_main_steps_and_masked_tail(rng, size):
    k = elementwise()
    after = lower.vectorize_inner_loops(k)
    assert len(lower.get_attr(after, lower.ATTR_AVX)) == 2      # 16-lane steps + tail
    args = {"x": rng.standard_normal(size).astype(np.float32), "n": size}
    assert ir.verify(k, after, args).ok
    em, out = emit_and_run(k, args)
    for intrinsic in ("_mm512_loadu_ps", "_mm512_storeu_ps", "_mm512_maskz_loadu_ps", "_mm512_mask_storeu_ps",
                      "_mm512_sqrt_ps", "_mm512_abs_ps", "_mm512_mask_blend_ps"):
        assert intrinsic in em.text, intrinsic
    assert "vector" in em.features
    # libm's expf lane by lane, exact arithmetic otherwise: bit-identical to the scalar program
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


def test_vectorize_reductions_with_vector_accumulators(rng):
    k = reductions()
    after = lower.vectorize_inner_loops(k)
    assert len(lower.get_attr(after, lower.ATTR_VREDUCE)) == 3
    args = {"x": rng.standard_normal(45).astype(np.float32), "n": 45}
    assert ir.verify(k, after, args, rtol=1e-5, atol=1e-6).ok
    em, out = emit_and_run(k, args)
    for intrinsic in ("_mm512_reduce_add_ps", "_mm512_reduce_max_ps", "_mm512_reduce_min_ps", "__m512 s_part"):
        assert intrinsic in em.text, intrinsic
    ref = native(k, args)["s"]
    np.testing.assert_allclose(out["s"], ref, rtol=1e-5)
    assert out["s"][1] == ref[1] and out["s"][2] == ref[2]          # max / min are exact


def test_vectorized_guarded_loads_never_touch_masked_off_elements(rng):
    # y[i] = i < m ? x[i] : -1 with x only m long: a plain 16-lane load would run off its end
    x, y = Buffer("x", "float32", (m,)), Buffer("y", "float32", (n,))
    i = Var("i")
    k = kernel("guard", [(x, "in"), (y, "out"), m, n],
               Loop(i, n, Store(y, (i,), select(ir.lt(i, m), x[i], -1.0)), kind="parallel"))
    args = {"x": rng.standard_normal(19).astype(np.float32), "m": 19, "n": 50}
    em, out = emit_and_run(k, args)
    assert "vector" in em.features and "_mm512_maskz_loadu_ps" in em.text
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


def test_dependent_loop_stays_scalar_and_correct(rng):
    k = prefix_sum()
    assert lower.get_attr(lower.vectorize_inner_loops(k), lower.ATTR_AVX) == ()


def test_sink_parallel_thread_loop_below_per_thread_loop(rng):
    # GPU shape: for tx (parallel): for j: y[j * 64 + tx] = ... -- stride 64 in j, unit in tx
    x, y = Buffer("x", "float32", (256,)), Buffer("y", "float32", (256,))
    tx, j = Var("tx"), Var("j")
    k = kernel("threads", [(x, "in"), (y, "out")],
               ir.loop(tx, 64, [Let(Var("base"), tx * 1), Loop(j, 4, Store(y, (j * 64 + Var("base"),),
                                                                         x[j * 64 + Var("base")] * 3.0))],
                    kind="parallel", axis="threadIdx.x"))
    after = lower.vectorize_inner_loops(k)
    assert lower.get_attr(after, lower.ATTR_AVX)
    args = {"x": rng.standard_normal(256).astype(np.float32)}
    assert ir.verify(k, after, args).ok
    em, out = emit_and_run(k, args)
    assert "_mm512_loadu_ps" in em.text
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


@pytest.mark.parametrize("ta,tb", [("uint8", "int8"), ("int8", "uint8"), ("int8", "int8"), ("uint8", "uint8")])
def test_tensorize_vnni_dot_products(rng, ta, tb):
    M, K = 3, 100                            # one 64-wide step and a masked tail of 36
    a, b, c = Buffer("a", ta, (M, K)), Buffer("b", tb, (K,)), Buffer("c", "int32", (M,))
    r, kk = Var("r"), Var("kk")
    acc = Buffer("acc", "int32", (), "local")
    k = kernel("dot", [(a, "in"), (b, "in"), (c, "out")],
               ir.loop(r, M, [Alloc(acc), Store(acc, (), 0),
                              Loop(kk, K, Store(acc, (), acc[()] + cast("int32", a[r, kk]) * cast("int32", b[kk]))),
                              Store(c, (r,), acc[()])], kind="parallel"))
    after = lower.tensorize_vnni(k)
    assert len(lower.get_attr(after, lower.ATTR_VNNI)) == 2
    args = {"a": rng.integers(np.iinfo(ta).min, np.iinfo(ta).max + 1, (M, K)).astype(ta),
            "b": rng.integers(np.iinfo(tb).min, np.iinfo(tb).max + 1, K).astype(tb)}
    assert ir.verify(k, after, args).ok
    em, out = emit_and_run(k, args)
    assert "_mm512_dpbusd_epi32" in em.text and "_mm512_maskz_loadu_epi8" in em.text
    assert em.features == {"matrix", "parallel"}
    expected = (args["a"].astype(np.int64) @ args["b"].astype(np.int64)).astype(np.int32)
    np.testing.assert_array_equal(out["c"], expected)


def test_localize_buffers_and_signature(rng):
    x, y = Buffer("x", "float32", (32,)), Buffer("y", "float32", (32,))
    sh = Buffer("sh", "float32", (32,), "shared")
    t, u = Var("t"), Var("u")
    k = kernel("stage", [(x, "in"), (y, "out")], [
        Alloc(sh), Loop(t, 32, Store(sh, (t,), x[t] + 1.0), kind="parallel", axis="threadIdx.x"), Barrier("block"),
        Loop(u, 32, Store(y, (u,), sh[31 - u]), kind="parallel", axis="threadIdx.x")])
    low = lower.localize_buffers(k)
    assert not any(isinstance(s, Barrier) for s in ir.walk(low.body))
    assert all(s.buffer.scope == "local" for s in ir.walk(low.body) if isinstance(s, Alloc))
    src = SourceSignature("stage_kernel", (SourceParam("x", "float32", True, False), SourceParam("y", "float32", True, False)))
    em = translate(k, src, {})
    assert "void stage_kernel(const float* restrict x, float* restrict y)" in em.text
    args = {"x": rng.standard_normal(32).astype(np.float32)}
    r = run(em.text, platform="c", entry="stage_kernel", args=[args["x"], np.zeros(32, np.float32)])
    assert r.ok, r.error
    np.testing.assert_array_equal(r.outputs["y"], native(k, args)["y"])


def test_passes_are_registered_and_options_switch_them_off():
    from xpiler.ir.passes import registered_passes
    names = registered_passes()
    for p in ("parallelize_outer_loop", "vectorize_inner_loops", "tensorize_vnni", "localize_buffers",
              "promote_vector_registers"):
        assert p in names
    low, records = lower_program(elementwise(), {"vector": False, "parallel": False})
    assert not any(r.startswith(("vectorize", "parallelize")) for r in records)
    em = translate(elementwise(), signature(elementwise()), {"vector": False, "parallel": False})
    assert em.features == set() and "_mm512" not in em.text


# ------------------------------------------------------------------------------------------ suite kernels

SUITE = [("cuda", "add", "parallel"), ("cuda", "softmax", "vector"), ("cuda", "gemm", "vector"),
         ("hip", "reduce_sum", "vector"), ("hip", "layernorm", "vector"), ("bang", "add", "vector"),
         ("bang", "softmax", "vector"), ("bang", "conv2d_nchw", "vector"), ("c", "softmax", "vector"),
         ("c", "reduce_max", "vector"), ("c", "gemv", "matrix"), ("c", "batched_gemm", "matrix")]


@pytest.mark.parametrize("model,operator,feature", SUITE)
def test_suite_kernel_translates_to_c_and_verifies(model, operator, feature):
    from xpiler.suite.lift_bench import _size as size
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import translate_case
    ks = sorted(discover(models=[model], operators=[operator]), key=lambda k: (str(k.path), size(k)))
    first = [k for k in ks if k.path == ks[0].path]
    case = first[min(1, len(first) - 1)]           # the second smallest shape: full vector steps and tails
    tr = translate_case(case, "c")
    assert tr.ok, f"{case.path}[{case.case}]: {tr.error}"
    assert tr.path == "lifted"
    assert feature in tr.emitted.features, tr.emitted.passes
    assert tr.emitted.text.count(f"void {tr.entry.split('<')[0]}(") == 1


def test_vectorize_guarded_reduction(rng):
    # if (x[i] > 0) s += x[i]: folds x[i] > 0 ? x[i] : 0
    x, s = Buffer("x", "float32", (n,)), Buffer("s", "float32", (1,))
    i = Var("i")
    k = kernel("possum", [(x, "in"), (s, "out"), n],
               [Store(s, (0,), 0.0), Loop(i, n, ir.If(ir.gt(x[i], 0.0), Store(s, (0,), s[0] + x[i])))])
    after = lower.vectorize_inner_loops(k)
    assert lower.get_attr(after, lower.ATTR_VREDUCE)
    args = {"x": rng.standard_normal(29).astype(np.float32), "n": 29}
    assert ir.verify(k, after, args, rtol=1e-5, atol=1e-6).ok
    em, out = emit_and_run(k, args)
    assert "_mm512_reduce_add_ps" in em.text
    np.testing.assert_allclose(out["s"], native(k, args)["s"], rtol=1e-5)


@pytest.mark.skipif(cpu.simde_include_root() is None, reason="needs SIMDe's headers")
def test_emitted_intrinsics_also_build_on_the_simde_path(rng):
    # hosts without AVX-512 VNNI run the C engine on SIMDe: the emitted file must build and agree there
    x, y = Buffer("x", "float32", (n,)), Buffer("y", "uint32", (n,))
    i = Var("i")
    k = kernel("mix", [(x, "in"), (y, "out"), n],
               Loop(i, n, Store(y, (i,), select(ir.lt(cast("uint32", i), 7), cast("uint32", i) * 3, cast("uint32", i) >> 1)
                                + cast("uint32", select(ir.gt(call("floor", x[i]), 0.0), 1, 2))), kind="parallel"))
    args = {"x": rng.standard_normal(21).astype(np.float32), "n": 21}
    em = translate(k, signature(k), {})
    assert "vector" in em.features
    r = run(em.text, platform="c", entry="mix", args=[args["x"], np.zeros(21, np.uint32), 21], options={"vnni_path": "simde"})
    assert r.ok, r.error
    np.testing.assert_array_equal(r.outputs["y"], native(k, args)["y"])
    a, b, c = Buffer("a", "int8", (70,)), Buffer("b", "int8", (70,)), Buffer("c", "int32", (1,))
    kk = Var("kk")
    dot = kernel("sdot", [(a, "in"), (b, "in"), (c, "out")],
                 [Store(c, (0,), 0), Loop(kk, 70, Store(c, (0,), c[0] + cast("int32", a[kk]) * cast("int32", b[kk])))])
    em = translate(dot, signature(dot), {})
    av, bv = (rng.integers(-128, 128, 70).astype(np.int8) for _ in range(2))
    r = run(em.text, platform="c", entry="sdot", args=[av, bv, np.zeros(1, np.int32)], options={"vnni_path": "simde"})
    assert r.ok, r.error
    assert "matrix" in em.features and r.outputs["c"][0] == int(av.astype(np.int64) @ bv.astype(np.int64))


@pytest.mark.parametrize("path", ["native", "simde"])
def test_strided_loads_gather_with_masked_tail(rng, path):
    if path == "native" and cpu.missing_for_native():
        pytest.skip("needs a CPU with AVX-512")
    if path == "simde" and cpu.simde_include_root() is None:
        pytest.skip("needs SIMDe's headers")
    # y[i] = x[3 * i + 1] + (float)(v[i] >> s[i]): a stride-3 gather (masked in the tail), a variable shift
    x, v, s = Buffer("x", "float32", (3 * n,)), Buffer("v", "int32", (n,)), Buffer("s", "int32", (n,))
    y = Buffer("y", "float32", (n,))
    i = Var("i")
    k = kernel("strided", [(x, "in"), (v, "in"), (s, "in"), (y, "out"), n],
               Loop(i, n, Store(y, (i,), x[3 * i + 1] + cast("float32", v[i] >> s[i])), kind="parallel"))
    N = 23
    args = {"x": rng.standard_normal(3 * N).astype(np.float32), "v": rng.integers(-1000, 1000, N).astype(np.int32),
            "s": rng.integers(0, 31, N).astype(np.int32), "n": N}
    em = translate(k, signature(k), {})
    assert "_mm512_i32gather_ps" in em.text and "xp_mask_gather_ps" in em.text
    r = run(em.text, platform="c", entry="strided", args=[args["x"], args["v"], args["s"], np.zeros(N, np.float32), N],
            options={"vnni_path": path})
    assert r.ok, r.error
    np.testing.assert_array_equal(r.outputs["y"], native(k, args)["y"])


# ------------------------------------------------------------------------------------------ outer loops, computed indices

def _run_path(em, k, args, path):
    values = [args[p.name] if p.name in args else np.zeros(_elements(p, args), np.dtype(p.target.dtype)) for p in k.params]
    r = run(em.text, platform="c", entry=em.entry, args=values, options={"vnni_path": path})
    assert r.ok, f"{r.error}\n{em.text}"
    return r.outputs


def _path_or_skip(path):
    if path == "native" and cpu.missing_for_native():
        pytest.skip("needs a CPU with AVX-512 VNNI")
    if path == "simde" and cpu.simde_include_root() is None:
        pytest.skip("needs SIMDe's headers")


@pytest.mark.parametrize("path", ["native", "simde"])
def test_integer_division_and_computed_index_gathers_and_scatters(rng, path):
    _path_or_skip(path)
    # q[i] = a[i] / b[i], r[i] = a[i] % b[i] (C truncation, negative operands), y[i] = x[i % 7] + x[i / 5]
    # (gathers through computed indices) and z[perm[i]] = x[i] (a scatter)
    N = 37
    a, b, q, r_ = (Buffer(nm, "int32", (N,)) for nm in ("a", "b", "q", "r"))
    x, y, z = Buffer("x", "float32", (N,)), Buffer("y", "float32", (N,)), Buffer("z", "float32", (N,))
    perm = Buffer("perm", "int32", (N,))
    i = Var("i")
    k = kernel("idiv", [(a, "in"), (b, "in"), (x, "in"), (perm, "in"), (q, "out"), (r_, "out"), (y, "out"), (z, "out")],
               Loop(i, N, ir.Block((Store(q, (i,), a[i] / b[i]), Store(r_, (i,), a[i] % b[i]),
                                    Store(y, (i,), x[i % 7] + x[i / 5]), Store(z, (perm[i],), x[i]))), kind="parallel"))
    bv = rng.integers(-9, 10, N).astype(np.int32)
    bv[bv == 0] = 3
    bv[:2] = [1, 2**31 - 1]
    av = rng.integers(-2**31, 2**31, N, dtype=np.int64).astype(np.int32)
    args = {"a": av, "b": bv, "x": rng.standard_normal(N).astype(np.float32), "perm": rng.permutation(N).astype(np.int32)}
    em = translate(k, signature(k), {})
    assert "vector" in em.features
    for text in ("xp_div_epi32", "_mm512_i32gather_ps", "xp_mask_scatter_ps"):
        assert text in em.text, text
    out = _run_path(em, k, args, path)
    qt = (np.abs(av.astype(np.int64)) // np.abs(bv.astype(np.int64))) * np.sign(av.astype(np.int64)) * np.sign(bv.astype(np.int64))
    np.testing.assert_array_equal(out["q"], qt.astype(np.int32))
    np.testing.assert_array_equal(out["r"], (av.astype(np.int64) - qt * bv).astype(np.int32))
    idx = np.arange(N)
    np.testing.assert_array_equal(out["y"], args["x"][idx % 7] + args["x"][idx // 5])
    np.testing.assert_array_equal(out["z"][args["perm"]], args["x"])


def pooling() -> ir.Kernel:
    """y[o] = a recurrence acc = max(acc, x[3 * o + 7 * k]) * 0.5 over windows of 4: the output loop
    is parallel, the window loop carries acc (not a reduction form: it does not vectorize)."""
    x, y = Buffer("x", "float32", (3 * 40 + 21,)), Buffer("y", "float32", (n,))
    o, kk = Var("o"), Var("kk")
    acc = Buffer("acc", "float32", (1,), "local")
    return kernel("pool", [(x, "in"), (y, "out"), n],
                  ir.loop(o, n, [Alloc(acc), Store(acc, (0,), float("-inf")),
                                 Loop(kk, 4, Store(acc, (0,), ir.maximum(acc[0], x[o * 3 + kk * 7]) * 0.5)),
                                 Store(y, (o,), acc[0])], kind="parallel"))


@pytest.mark.parametrize("size", [40, 16, 7])
def test_outer_loop_vectorized_when_the_inner_loop_is_not(rng, size):
    k = pooling()
    after = lower.vectorize_inner_loops(k)
    avx = lower.get_attr(after, lower.ATTR_AVX)
    assert avx and all(name.startswith("o_") or name == "o" for name in avx)
    args = {"x": rng.standard_normal(141).astype(np.float32), "n": size}
    assert ir.verify(k, after, args).ok
    em, out = emit_and_run(k, args)
    assert "vector" in em.features and "__m512 acc" in em.text and "_mm512_i32gather_ps" in em.text
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


@pytest.mark.parametrize("path", ["native", "simde"])
def test_outer_loop_lanes_with_different_trip_counts(rng, path):
    _path_or_skip(path)
    # y[i] = s + p: s a recurrence s = s * 0.5 + x[i] * j over j < cnt[i] (a counted loop that does
    # not vectorize itself), p counted up by a while loop p < cnt[i] / 2
    N = 21
    x, cnt, y = Buffer("x", "float32", (N,)), Buffer("cnt", "int32", (N,)), Buffer("y", "float32", (N,))
    i, j = Var("i"), Var("j")
    s, p = Buffer("s", "float32", (1,), "local"), Buffer("p", "int32", (1,), "local")
    k = kernel("trips", [(x, "in"), (cnt, "in"), (y, "out")],
               ir.loop(i, N, [Alloc(s), Alloc(p), Store(s, (0,), 0.0), Store(p, (0,), 0),
                              Loop(j, cnt[i], Store(s, (0,), s[0] * 0.5 + x[i] * cast("float32", j))),
                              ir.While(ir.lt(p[0], cnt[i] / 2), Store(p, (0,), p[0] + 1)),
                              Store(y, (i,), s[0] + cast("float32", p[0]))], kind="parallel"))
    args = {"x": rng.standard_normal(N).astype(np.float32), "cnt": rng.integers(0, 9, N).astype(np.int32)}
    em = translate(k, signature(k), {})
    assert "vector" in em.features and "_mm512_reduce_max_epi32" in em.text and "for (;;)" in em.text
    out = _run_path(em, k, args, path)
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])


def test_serial_scatter_with_repeated_indices_keeps_the_last_write(rng):
    # y[idx[i]] = x[i] in a serial loop, indices repeating: only output dependences, so 16-lane
    # scatters (lanes in order, steps in order) leave what the scalar loop leaves; the steps stay serial
    N = 45
    x, ix, y = Buffer("x", "float32", (N,)), Buffer("ix", "int32", (N,)), Buffer("y", "float32", (8,))
    i = Var("i")
    k = kernel("lastw", [(x, "in"), (ix, "in"), (y, "inout")], Loop(i, N, Store(y, (ix[i],), x[i])))
    assert lower.carried_dependences(k.body)
    args = {"x": rng.standard_normal(N).astype(np.float32), "ix": rng.integers(0, 8, N).astype(np.int32),
            "y": np.zeros(8, np.float32)}
    em, out = emit_and_run(k, args)
    assert "vector" in em.features and "xp_mask_scatter_ps" in em.text and "parallel" not in em.features
    np.testing.assert_array_equal(out["y"], native(k, args)["y"])
