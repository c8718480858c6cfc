"""Half-precision matrix instructions across CUDA and HIP: the lifted MFMA (register fragments in its
lane layout) becomes WMMA on CUDA, the lifted WMMA becomes MFMA on HIP (tensorize_mma + GPU printer),
checked on the MFMA lane layout against NumPy and on suite kernels verified on the CPU engines."""
from __future__ import annotations

import numpy as np
import pytest

from xpiler import ir
from xpiler.ir import Alloc, Buffer, Const, If, IntrinsicCall, Let, Loop, Store, Var, block, walk
from xpiler.ir.evaluate import evaluate
from xpiler.ir.passes import get_pass
from xpiler.lower import gpu
from xpiler.lower.gpu_mma import mma_operands
from xpiler.models.hip.lifting import MFMA, _build_mfma
from xpiler.suite.manifest import discover
from xpiler.translate.suite import translate_case


class _Names:
    def __init__(self):
        self.n = 0

    def fresh(self, hint):
        self.n += 1
        return f"{hint}_{self.n}"


def _mfma_kernel(G: int, KPL: int, threads: int = 128):
    """The lifted form of one MFMA per wavefront (hip/lifting.py): lanes publish half values to
    float exchange buffers, lane 0 of each 64 computes D in the lane layout."""
    CPL = G * G // 64
    per = {"a": KPL, "b": KPL, "c": CPL, "d": CPL}
    src = {x: Buffer(f"h{x}", "float16" if x in "ab" else "float32", (threads * per[x],), "shared") for x in "abc"}
    xb = {x: Buffer(f"x{x}", "float32", (threads * per[x],), "shared") for x in "abcd"}
    f, f2 = Var("f"), Var("f2")
    es = {x: Var("p" + x) for x in "abc"}
    publish = [ir.loop(es[x], per[x], Store(xb[x], (f * per[x] + es[x],), ir.cast("float32", src[x][f * per[x] + es[x]])))
               for x in "abc"]
    base = lambda x: ir.Address(xb[x], (ir.cast("int64", f2 / 64 * 64) * per[x],))
    nest = _build_mfma((base("d"), base("a"), base("b"), base("c"), Const(G, "int32"), Const(KPL, "int32")), _Names())
    body = [Alloc(b) for b in list(src.values()) + list(xb.values())]
    body += [Loop(f, Const(threads), block(publish), "parallel", gpu.THREAD),
             Loop(f2, Const(threads), If(ir.eq(f2 % 64, 0), nest), "parallel", gpu.THREAD)]
    k = ir.kernel("mfma", [], body)
    return gpu.with_attrs(k, gpu_mode="single", gpu_block=threads, gpu_grid=1), xb


def _mfma_reference(G, KPL, xa, xb, xc):
    """D of one wavefront from the documented MFMA lane layout (gpu_cpu.md B.3.2), by loops."""
    CPL, K = G * G // 64, KPL * (64 // G)
    d = np.zeros(64 * CPL)
    for l in range(64):
        for e in range(CPL):
            row, col = 4 * (64 // G) * (e // 4) + 4 * (l // G) + e % 4, l % G
            d[l * CPL + e] = xc[l * CPL + e] + sum(
                xa[((k // KPL) * G + row) * KPL + k % KPL] * xb[((k // KPL) * G + col) * KPL + k % KPL] for k in range(K))
    return d


@pytest.mark.parametrize("name", ["__builtin_amdgcn_mfma_f32_16x16x16f16", "__builtin_amdgcn_mfma_f32_32x32x8f16"])
def test_mfma_lane_layout_becomes_a_tile_product(name):
    G, KPL, CPL, _ = MFMA[name]
    k, xb = _mfma_kernel(G, KPL)
    out = get_pass("tensorize_mma", wave=32, staging=True).apply(k)
    calls = [n for n in walk(out.body) if isinstance(n, IntrinsicCall)]
    assert len(calls) == 1 and calls[0].name == gpu.MMA
    mc = mma_operands(calls[0])
    K = KPL * (64 // G)
    assert (mc.M, mc.N, mc.K, mc.group) == (G, G, K, 64) and mc.stage is not None
    lead = next(n for n in walk(out.body) if isinstance(n, Let)).var
    r, c = Var("r", "int32"), Var("c", "int32")
    rng = np.random.default_rng(0)
    vals = {x: rng.normal(size=64 * (KPL if x in "ab" else CPL)) for x in "abc"}

    def tile(op, rows, cols):
        """Operand `op` of the wavefront at lead 0 gathered through its decoded index expression."""
        idx = mc.index(op, r, c)
        return np.array([[evaluate(idx, {lead.name: 0, "r": i, "c": j}) for j in range(cols)] for i in range(rows)])
    ia, ib, ic, i_d = tile("A", G, K), tile("B", K, G), tile("C", G, G), tile("D", G, G)
    assert ia.max() < 64 * KPL and ib.max() < 64 * KPL and ic.max() < 64 * CPL
    assert len(np.unique(i_d)) == G * G                 # every result element written once
    d = np.full(64 * CPL, np.nan)
    d[i_d] = vals["c"][ic] + vals["a"][ia] @ vals["b"][ib]
    np.testing.assert_allclose(d, _mfma_reference(G, KPL, vals["a"], vals["b"], vals["c"]), rtol=1e-12)
    # the exchange buffers only ever hold half values: a float store of another value is no MMA
    bad = k.with_body(block(_flat_with(k, Store(xb["a"], (0,), Const(0.1, "float32")))))
    assert get_pass("tensorize_mma", wave=32, staging=True).apply(bad) is bad


def _flat_with(k, extra):
    items = list(k.body.stmts) if hasattr(k.body, "stmts") else [k.body]
    return items[:-1] + [Loop(Var("g0"), Const(1), extra, "parallel", gpu.THREAD), items[-1]]


def _case(model, operator, file, case=0):
    return next(k for k in discover() if k.model == model and k.operator == operator
                and k.path.name == file and k.case == case)


@pytest.mark.parametrize("operator,file,case", [("gemm", "gemm.hip", 4), ("dense", "dense.hip", 0),
                                                 ("batched_gemm", "batched_gemm_3.hip", 0)])
def test_hip_mfma_translates_to_verified_wmma(operator, file, case):
    tr = translate_case(_case("hip", operator, file, case), "cuda")
    assert tr.ok, tr.error
    text = tr.emitted.text
    assert "wmma::mma_sync" in text and "__builtin_amdgcn" not in text and "matrix" in tr.emitted.features


def test_cuda_wmma_translates_to_verified_mfma():
    tr = translate_case(_case("cuda", "gemm", "gemm.cu"), "hip")
    assert tr.ok, tr.error
    assert "__builtin_amdgcn_mfma_f32_16x16x16f16" in tr.emitted.text and "matrix" in tr.emitted.features
