"""The BANG translation target: each lowering pass on small hand-built programs (checked natively
against its input with `ir.verify`, intrinsics replaced by their scalar meaning from
models/bang/lifting.py), and suite kernels of the other models translated to BANG C and verified on
the BANG engine against the source on its own engine."""
import numpy as np
import pytest

from xpiler import ir
from xpiler.ir.expr import bitwise, shift
from xpiler.ir.names import Names
from xpiler.ir.stmt import Alloc, IntrinsicCall, Loop
from xpiler.ir.transforms.util import all_names
from xpiler.ir.visitor import walk
from xpiler.lift.detensorize import detensorize
from xpiler.models.bang import lower as L
from xpiler.models.bang import pool
from xpiler.models.bang.lifting import INTRINSICS
from xpiler.translate.target import SourceParam, SourceSignature

F = "float32"


def scalar(k):
    """The lowered program with every BANG intrinsic replaced by its scalar loop nest."""
    return detensorize(k, INTRINSICS, Names(all_names(k)))


def intrinsics(k):
    return [n.name for n in walk(k.body) if isinstance(n, IntrinsicCall)]


def lowered(k, *passes, **params):
    for p in passes:
        k = ir.get_pass(p, implementation="bang", **params.get(p, {})).apply(k)
    return k


rng = np.random.default_rng(0)


def vec(n, lo=-3.0, hi=3.0):
    return rng.uniform(lo, hi, n).astype(np.float32)


# ------------------------------------------------------------------------------------------ passes

def _block_thread_program(size=1000, blocks=4):
    n = ir.Var("n")
    x = ir.Buffer("x", F, (size,))
    y = ir.Buffer("y", F, (size,))
    bx, tx = ir.Var("bx"), ir.Var("tx")
    i = bx * 256 + tx
    body = ir.loop(bx, blocks, ir.loop(tx, 256, ir.If(ir.lt(i, n), ir.Store(y, (i,), x[i] * 2.0 + 1.0)),
                                       "parallel", "threadIdx.x"), "parallel", "blockIdx.x")
    return ir.kernel("scale", [(x, "in"), (y, "out"), n], body)


def test_flatten_domains_block_thread_nest():
    k = _block_thread_program()
    after = L.flatten_domains(k)
    loops = [s for s in walk(after.body) if isinstance(s, Loop)]
    assert len(loops) == 1 and loops[0].kind == "parallel"
    for n in (1000, 999, 3, 0):
        args = {"x": vec(1000), "y": np.zeros(1000, np.float32), "n": n}
        assert ir.verify(k, after, args).ok


def test_flatten_domains_grid_stride_loop():
    n = ir.Var("n")
    x = ir.Buffer("x", F, (700,))
    y = ir.Buffer("y", F, (700,))
    tx, it = ir.Var("tx"), ir.Var("it")
    j = ir.Var("j")
    trip = ir.select(ir.lt(tx, n), (n - tx + 255) / 256, 0)
    body = ir.loop(tx, 256, ir.loop(it, trip, [ir.Let(j, it * 256 + tx), ir.Store(y, (j,), x[j] + 1.0)]),
                   "parallel", "threadIdx.x")
    k = ir.kernel("inc", [(x, "in"), (y, "out"), n], body)
    after = L.flatten_domains(k)
    loops = [s for s in walk(after.body) if isinstance(s, Loop)]
    assert len(loops) == 1
    for size in (700, 257, 1):
        assert ir.verify(k, after, {"x": vec(700), "y": np.zeros(700, np.float32), "n": size}).ok


def test_bind_tasks_distributes_contiguous_chunks():
    k = L.flatten_domains(_block_thread_program())
    after = L.bind_tasks(k)
    assert L.get_attr(after, "bang.tasks") == 16 and L.get_attr(after, "bang.func_type") == "union1"
    task_loops = [s for s in walk(after.body) if isinstance(s, Loop) and s.axis == "taskId"]
    assert len(task_loops) == 1 and task_loops[0].extent.value == 16
    for n in (1000, 17, 5, 0):
        assert ir.verify(k, after, {"x": vec(1000), "y": np.zeros(1000, np.float32), "n": n}).ok
    four = L.bind_tasks(k, tasks=4)
    assert L.get_attr(four, "bang.tasks") == 4
    assert ir.verify(k, four, {"x": vec(1000), "y": np.zeros(1000, np.float32), "n": 1000}).ok


def test_bind_tasks_keeps_a_loop_carried_dependence_on_one_task():
    x = ir.Buffer("x", F, (64,))
    y = ir.Buffer("y", F, (64,))
    i = ir.Var("i")
    # prefix sum: y[i] depends on y[i - 1]
    body = [ir.Store(y, (0,), x[0]),
            ir.loop(i, 63, ir.Store(y, (i + 1,), y[i] + x[i + 1]))]
    k = ir.kernel("scan", [(x, "in"), (y, "inout")], body)
    after = L.bind_tasks(k)
    assert L.get_attr(after, "bang.tasks") == 1 and L.get_attr(after, "bang.func_type") == "block"
    # an independent serial loop (no dependence between iterations) is distributed
    k2 = ir.kernel("copy", [(x, "in"), (y, "out")], ir.loop(i, 64, ir.Store(y, (i,), x[i] * 3.0)))
    assert L.get_attr(L.bind_tasks(k2), "bang.tasks") == 16


def test_stage_and_tensorize_elementwise_map():
    n = ir.Var("n")
    x = ir.Buffer("x", F, (3000,))
    z = ir.Buffer("z", F, (3000,))
    y = ir.Buffer("y", F, (3000,))
    i = ir.Var("i")
    e = 1.0 / (1.0 + ir.call("exp", 0.0 - x[i])) * z[i] + ir.maximum(x[i], 0.0) - z[i] / 4.0
    k = ir.kernel("ew", [(x, "in"), (z, "in"), (y, "out"), n], ir.loop(i, n, ir.Store(y, (i,), e), "parallel"))
    k = L.set_attr(k, "bang.nram_bytes", 8192)          # small NRAM: several chunks and a tail
    staged = lowered(k, "bind_tasks", "stage_nram")
    names = intrinsics(staged)
    assert "__memcpy" in names and not any(nm.startswith("__bang") for nm in names)
    assert any(isinstance(a, Alloc) and a.buffer.scope == "nram" for a in walk(staged.body))
    args = {"x": vec(3000), "z": vec(3000), "y": np.zeros(3000, np.float32), "n": 2999}
    assert ir.verify(k, scalar(staged), args).ok            # staging alone is exact
    done = lowered(staged, "tensorize_bang")
    names = intrinsics(done)
    for want in ("__bang_pow2", "__bang_recip", "__bang_relu", "__bang_mul", "__bang_div", "__bang_sub"):
        assert want in names, names
    assert not any(isinstance(s, Loop) and s.axis is None and s.kind == "serial" and
                   any(isinstance(m, ir.Store) for m in walk(s.body)) and
                   any(isinstance(m, ir.Load) and m.buffer.name.endswith("_nram") for m in walk(s.body))
                   for s in walk(done.body))
    assert ir.verify(k, scalar(done), args, rtol=1e-5, atol=1e-6).ok  # exp through pow2: ulp-level differences


def test_tensorize_reductions_sum_and_max():
    m, n = 5, 77
    x = ir.Buffer("x", F, (m * n,))
    s = ir.Buffer("s", F, (m,))
    mx = ir.Buffer("mx", F, (m,))
    acc = ir.Buffer("acc", F, (), "local")
    best = ir.Buffer("best", F, (), "local")
    r, j = ir.Var("r"), ir.Var("j")
    v = x[r * n + j]
    body = ir.loop(r, m, [ir.Alloc(acc), ir.Alloc(best), ir.Store(acc, (), 0.0), ir.Store(best, (), -1e30),
                          ir.loop(j, n, [ir.Store(acc, (), acc[()] + v * v),
                                         ir.Store(best, (), ir.select(ir.gt(v, best[()]), v, best[()]))]),
                          ir.Store(s, (r,), acc[()]), ir.Store(mx, (r,), best[()])], "parallel")
    k = ir.kernel("rows", [(x, "in"), (s, "out"), (mx, "out")], body)
    done = lowered(k, "bind_tasks", "stage_nram", "tensorize_bang")
    names = intrinsics(done)
    assert {"__bang_sumpool", "__bang_reduce_sum", "__bang_argmax", "__bang_mul"} <= set(names), names
    args = {"x": vec(m * n), "s": np.zeros(m, np.float32), "mx": np.zeros(m, np.float32)}
    assert ir.verify(k, scalar(done), args, rtol=1e-5).ok


def test_tensorize_select_patterns_are_exact():
    x = ir.Buffer("x", F, (64,))
    z = ir.Buffer("z", F, (64,))
    y = ir.Buffer("y", F, (64,))
    w = ir.Buffer("w", F, (64,))
    i = ir.Var("i")
    body = ir.loop(i, 64, [ir.Store(y, (i,), ir.select(ir.gt(x[i], z[i]), x[i], z[i])),
                           ir.Store(w, (i,), ir.select(ir.gt(x[i], 0.0), x[i], 0.0))])
    k = ir.kernel("sel", [(x, "in"), (z, "in"), (y, "out"), (w, "out")], body)
    done = lowered(k, "stage_nram", "tensorize_bang")
    assert {"__bang_maxequal", "__bang_relu"} <= set(intrinsics(done))
    xs = vec(64)
    xs[3] = np.nan
    zs = vec(64)
    zs[5] = np.nan
    zs[7] = xs[7]
    assert ir.verify(k, scalar(done), {"x": xs, "z": zs, "y": np.zeros(64, np.float32),
                                       "w": np.zeros(64, np.float32)}).ok


@pytest.mark.parametrize("layout", ["kn", "nk"])
def test_tensorize_matmul_nest(layout):
    M, N, K = 6, 10, 20
    A = ir.Buffer("A", F, (M * K,))
    B = ir.Buffer("B", F, (K * N,))
    bias = ir.Buffer("bias", F, (N,))
    C = ir.Buffer("C", F, (M * N,))
    acc = ir.Buffer("acc", F, (), "local")
    i, j, kk = ir.Var("i"), ir.Var("j"), ir.Var("kk")
    b = B[kk * N + j] if layout == "kn" else B[j * K + kk]
    body = ir.loop(i, M, ir.loop(j, N, [ir.Alloc(acc), ir.Store(acc, (), 0.0),
                                         ir.loop(kk, K, ir.Store(acc, (), acc[()] + A[i * K + kk] * b)),
                                         ir.Store(C, (i * N + j,), acc[()] + bias[j])]), "parallel")
    k = ir.kernel("dense", [(A, "in"), (B, "in"), (bias, "in"), (C, "out")], body)
    done = lowered(k, "normalize_bang", "bind_tasks", "tensorize_matmul", "stage_nram", "tensorize_bang")
    names = intrinsics(done)
    assert "__bang_matmul" in names and "__bang_reshape_filter" in names
    assert ("__bang_transpose" in names) == (layout == "kn")
    assert any(isinstance(a, Alloc) and a.buffer.scope == "wram" for a in walk(done.body))
    args = {"A": vec(M * K), "B": vec(K * N), "bias": vec(N), "C": np.zeros(M * N, np.float32)}
    assert ir.verify(k, scalar(done), args, rtol=1e-5, atol=1e-5).ok


def test_translate_prints_a_bang_kernel_and_runs_on_the_engine():
    from xpiler.models.bang.translate import translate
    from xpiler.runner import run
    k = _block_thread_program()
    sig = SourceSignature("scale", (SourceParam("x", F, True, True), SourceParam("y", F, True, False),
                                    SourceParam("n", "int32", False, False)))
    em = translate(k, sig, {})
    assert em.text.startswith("#include <bang.h>")
    assert "__mlu_global__ void scale(const float* x, float* y, int32_t n)" in em.text
    assert "__nram__" in em.text and "GDRAM2NRAM" in em.text and "NRAM2GDRAM" in em.text
    assert {"parallel", "onchip", "vector"} <= em.features
    assert em.launch.func_type == "union1" and em.launch.grid == (16, 1, 1)
    assert [p.split("(")[0].split(" ")[0] for p in em.passes] == ["normalize_bang", "pool_windows", "bind_tasks",
                                                                  "split_guards", "tensorize_matmul", "stage_nram",
                                                                  "tensorize_bang"]
    xs = vec(1000)
    r = run(em.text, platform="bang", entry="scale", args=[xs, np.zeros(1000, np.float32), 999], launch=em.launch)
    assert r.ok, r.error
    want = xs * 2 + 1
    want[999:] = 0
    np.testing.assert_allclose(r.outputs["y"], want, rtol=1e-6)


# ------------------------------------------------------------------------------------------ suite kernels

SUITE = [
    ("cuda", "add", 0, {"parallel", "onchip", "vector"}),
    ("hip", "relu", 1, {"parallel", "onchip", "vector"}),
    ("cuda", "sigmoid", 2, {"parallel", "onchip", "vector"}),
    ("c", "add", 0, {"onchip", "vector"}),
    ("cuda", "reduce_sum", 0, {"onchip", "vector"}),
    ("c", "reduce_sum", 0, {"onchip", "vector"}),
    ("hip", "softmax", 0, {"onchip", "vector"}),
    ("c", "softmax", 0, {"onchip", "vector"}),
    ("cuda", "gemm", 0, {"onchip", "matrix"}),
    ("hip", "maxpool", 0, {"parallel", "onchip", "vector"}),      # pool_windows: __bang_maxpool per row
    ("c", "maxpool", 0, {"onchip", "vector"}),
    ("hip", "gelu", 1, {"parallel", "onchip", "vector"}),        # items per thread: fuse_item_loops
    ("c", "sign", 2, {"parallel", "onchip", "vector"}),          # AVX-512 masks: forward_vector_constants
]


@pytest.mark.parametrize("model,op,index,features", SUITE, ids=[f"{m}-{o}" for m, o, _, _ in SUITE])
def test_suite_kernel_translates_to_bang(model, op, index, features):
    from xpiler.suite.lift_bench import representative
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import translate_case
    kernels = representative(discover(models=[model], operators=[op]))
    tr = translate_case(kernels[index], "bang")
    assert tr.ok, tr.error
    assert features <= tr.emitted.features, (tr.emitted.features, tr.emitted.notes)
    assert "#include <bang.h>" in tr.emitted.text and "__mlu_global__" in tr.emitted.text


def test_split_guards_turns_a_concatenation_into_two_plain_loops():
    n1 = ir.Var("n1")
    a = ir.Buffer("a", F, (40,))
    b = ir.Buffer("b", F, (40,))
    y = ir.Buffer("y", F, (80,))
    i = ir.Var("i")
    body = ir.loop(i, 80, ir.Store(y, (i,), ir.select(ir.lt(i, n1), a[i], b[ir.sub(i, n1)]) * 2.0), "parallel")
    k = ir.kernel("cat", [(a, "in"), (b, "in"), (y, "out"), n1], body)
    split = L.split_guards(k)
    assert not any(isinstance(n, ir.Select) for n in walk(split.body))
    assert ir.verify(k, split, {"a": vec(40), "b": vec(40), "y": np.zeros(80, np.float32), "n1": 40}).ok
    done = lowered(split, "stage_nram", "tensorize_bang")
    assert "__bang_mul_scalar" in intrinsics(done)
    assert ir.verify(k, scalar(done), {"a": vec(40), "b": vec(40), "y": np.zeros(80, np.float32), "n1": 40}).ok


def test_delinearize_and_strided_staging_of_a_flat_transpose():
    R, C = 24, 40
    x = ir.Buffer("x", F, (R * C,))
    y = ir.Buffer("y", F, (R * C,))
    f = ir.Var("f")
    # y[f] = x[(f % R) * C + f / R]: y is x transposed, written with one flat index
    body = ir.loop(f, R * C, ir.Store(y, (f,), x[(f % R) * C + f / R]), "parallel")
    k = ir.kernel("tr", [(x, "in"), (y, "out")], body)
    flat = L.normalize_bang(k)
    loops = [s for s in walk(flat.body) if isinstance(s, Loop)]
    assert [const for const in (lp.extent.value for lp in loops)] == [C, R]
    done = lowered(flat, "bind_tasks", "stage_nram", "tensorize_bang")
    copies = [n for n in walk(done.body) if isinstance(n, IntrinsicCall) and n.name == "__memcpy"]
    assert any(len(c.args) == 7 for c in copies)             # a 2D (strided) gather
    assert ir.verify(k, scalar(done), {"x": vec(R * C), "y": np.zeros(R * C, np.float32)}).ok


# ------------------------------------------------------------------------------------------ pool_windows

POOL_SIZE = 2 * 9 * 11 * 5


def _flat_pool_program(op, init, reverse_out=False):
    """A GPU-style NHWC pooling: one loop over the flat output index f = ((n*Ho + oh)*Wo + ow)*C + c
    with run-time sizes, a scalar accumulator and the KH x KW window loops."""
    N, H, W, C, KH, KW, S = (ir.Var(v) for v in ("N", "H", "W", "C", "KH", "KW", "S"))
    x = ir.Buffer("x", F, (POOL_SIZE,))
    y = ir.Buffer("y", F, (POOL_SIZE,))
    acc = ir.Buffer("acc", F, (1,), "local")
    f, i, j = ir.Var("f"), ir.Var("i"), ir.Var("j")
    Ho, Wo = (H - KH) / S + 1, (W - KW) / S + 1
    c, t = f % C, f / C
    ow, t2 = t % Wo, t / Wo
    oh, n = t2 % Ho, t2 / Ho
    v = x[((n * H + oh * S + i) * W + ow * S + j) * C + c]
    upd = {"max": ir.maximum, "min": ir.minimum, "+": lambda a, b: a + b}[op](acc[0], v)
    E = Wo * Ho * C * N
    body = ir.loop(f, ir.maximum(E, 0), [
        ir.Alloc(acc), ir.Store(acc, (0,), init),
        ir.loop(i, KH, ir.loop(j, KW, ir.Store(acc, (0,), upd))),
        ir.Store(y, ((E - 1 - f) if reverse_out else f,), acc[0])], "parallel")
    return ir.kernel("pool", [(x, "in"), (y, "out"), N, H, W, C, KH, KW, S], body)


POOL_SHAPES = [dict(N=2, H=9, W=11, C=5, KH=3, KW=2, S=2), dict(N=1, H=4, W=4, C=1, KH=2, KW=2, S=2),
               dict(N=2, H=9, W=11, C=5, KH=1, KW=1, S=1), dict(N=1, H=9, W=11, C=10, KH=9, KW=11, S=3)]


@pytest.mark.parametrize("op,init,name", [("max", -3.4028235e38, "__bang_maxpool"),
                                          ("min", float("inf"), "__bang_minpool"),
                                          ("+", 0.0, "__bang_sumpool")])
def test_pool_windows_flat_nhwc_loop_becomes_bang_pool_per_row(op, init, name):
    k = _flat_pool_program(op, init)
    assert pool.pool_windows is not None          # importing pool registers the pass
    done = lowered(k, "pool_windows", "bind_tasks")
    names = intrinsics(done)
    assert name in names and "__memcpy" in names, names
    assert ("__bang_maximum" in names) == (op == "max")     # -FLT_MAX is folded in; inf and 0 are neutral
    for shape in POOL_SHAPES:
        args = dict(shape, x=vec(POOL_SIZE), y=np.zeros(POOL_SIZE, np.float32))
        assert ir.verify(k, scalar(done), args, rtol=1e-5, atol=1e-6).ok, shape


def test_pool_windows_keeps_the_scalar_loop_for_sizes_that_do_not_fit():
    k = L.set_attr(_flat_pool_program("max", float("-inf")), "bang.nram_bytes", 4096)
    done = lowered(k, "pool_windows")
    assert "__bang_maxpool" in intrinsics(done)
    for shape in POOL_SHAPES:        # 512 input floats: the last shape (990) runs the scalar loop
        args = dict(shape, x=vec(POOL_SIZE), y=np.zeros(POOL_SIZE, np.float32))
        assert ir.verify(k, scalar(done), args).ok, shape


def test_pool_windows_rejects_a_non_contiguous_output():
    k = _flat_pool_program("max", float("-inf"), reverse_out=True)
    assert "__bang_maxpool" not in intrinsics(lowered(k, "pool_windows"))


# ------------------------------------------------------------------------------------------ sizes

def _run_bang(k, sig, args):
    from xpiler.models.bang.translate import translate
    from xpiler.runner import run
    em = translate(k, sig, {})
    r = run(em.text, platform="bang", entry=sig.name, args=args, launch=em.launch)
    assert r.ok, r.error
    return em, r.outputs


def test_staging_is_right_at_sizes_larger_than_the_buffers_it_was_lowered_with():
    # the buffers say 1000 elements (the verified case), the trip count is the run-time n: the
    # tiles must not be sized from the buffers, or a larger n overflows them
    n = ir.Var("n")
    x = ir.Buffer("x", F, (1000,))
    y = ir.Buffer("y", F, (1000,))
    i = ir.Var("i")
    k = ir.kernel("scale", [(x, "in"), (y, "out"), n],
                  ir.loop(i, n, ir.Store(y, (i,), x[i] * 2.0 + 1.0), "parallel"))
    sig = SourceSignature("scale", (SourceParam("x", F, True, True), SourceParam("y", F, True, False),
                                    SourceParam("n", "int32", False, False)))
    for size in (1000, 70001):
        xs = vec(size)
        em, out = _run_bang(k, sig, [xs, np.zeros(size, np.float32), size])
        np.testing.assert_allclose(out["y"], xs * 2 + 1, rtol=1e-6)
    assert "__bang_mul_scalar" in em.text or "__bang_fusion" in em.text or "__bang_add_scalar" in em.text


@pytest.mark.parametrize("layout", ["kn", "nk"])
def test_matmul_with_run_time_sizes_is_blocked(layout):
    # run-time M, N, K: blocks and K chunks of fixed size, so sizes past the buffers' run too
    M, N, K = ir.Var("M"), ir.Var("N"), ir.Var("K")
    A = ir.Buffer("A", F, (6 * 20,))
    B = ir.Buffer("B", F, (20 * 10,))
    C = ir.Buffer("C", F, (6 * 10,))
    acc = ir.Buffer("acc", F, (), "local")
    i, j, kk = ir.Var("i"), ir.Var("j"), ir.Var("kk")
    body = ir.loop(i, M, ir.loop(j, N, [ir.Alloc(acc), ir.Store(acc, (), 0.0),
                                         ir.loop(kk, K, ir.Store(acc, (), acc[()] + A[i * K + kk] *
                                                                 (B[kk * N + j] if layout == "kn" else B[j * K + kk]))),
                                         ir.Store(C, (i * N + j,), acc[()])]), "parallel")
    k = ir.kernel("mm", [(A, "in"), (B, "in"), (C, "out"), M, N, K], body)
    sig = SourceSignature("mm", tuple(SourceParam(p, F, True, p != "C") for p in "ABC") +
                          tuple(SourceParam(p, "int32", False, False) for p in "MNK"))
    for m, nn, kd in ((6, 10, 20), (130, 300, 700)):
        a, b = vec(m * kd), vec(kd * nn)
        em, out = _run_bang(k, sig, [a, b, np.zeros(m * nn, np.float32), m, nn, kd])
        assert "__bang_matmul" in em.text
        bm = b.reshape(kd, nn) if layout == "kn" else b.reshape(nn, kd).T
        want = a.reshape(m, kd).astype(np.float64) @ bm
        np.testing.assert_allclose(out["C"], want.ravel(), rtol=1e-4, atol=1e-4)


# ------------------------------------------------------------------------------------------ SIMD / item idioms

def _avx_sign_program(chunks=5):
    """What lifted AVX-512 sign code looks like: splat registers, a compare into a bit mask, a
    blend testing the mask bits, a tail under the constant mask 2^p - 1."""
    x = ir.Buffer("x", F, (chunks * 16,))
    y = ir.Buffer("y", F, (chunks * 16,))
    zero, one, mone = (ir.Buffer(nm, F, (16,), "local") for nm in ("zero", "one", "mone"))
    m = ir.Buffer("m", "uint16", (1,), "local")
    f, g, i, lane, h = (ir.Var(v) for v in ("f", "g", "i", "lane", "h"))
    splat = lambda b, v, var: [ir.Alloc(b), ir.loop(var, 16, ir.Store(b, (var,), ir.Const(v, F)), "parallel")]
    bit = ir.cast("uint32", shift("<<", ir.Const(1, "uint32"), lane))
    body = ir.block(
        ir.Alloc(m), ir.Store(m, (0,), ir.Const(0, "uint16")),
        ir.loop(lane, 16, ir.Store(m, (0,), ir.cast("uint16", bitwise(
            "|", ir.cast("uint32", m[0]), ir.select(ir.lt(x[i * 16 + lane], zero[lane]), bit, ir.Const(0, "uint32")))))),
        ir.Let(ir.Var("mv", "uint16"), m[0]),
        ir.loop(h, 16, ir.Store(y, (i * 16 + h,), ir.select(
            ir.ne(bitwise("&", shift(">>", ir.cast("int32", ir.Var("mv", "uint16")), h), 1), 0),
            mone[h], one[h])), "parallel"))
    tail = ir.loop(g, 16, ir.If(ir.ne(bitwise("&", shift(">>", ir.Const(255), g), 1), 0),
                                ir.Store(y, (g,), y[g] + one[g])))
    prog = ir.block(*splat(zero, 0.0, ir.Var("f0")), *splat(one, 1.0, ir.Var("f1")), *splat(mone, -1.0, f),
                    ir.loop(i, chunks, body), tail)
    return ir.kernel("sign", [(x, "in"), (y, "out")], prog)


def test_forward_vector_constants_turns_masks_and_splats_back_into_an_elementwise_map():
    from xpiler.ir.transforms.vector_constants import forward_vector_constants
    k = _avx_sign_program()
    out = forward_vector_constants(k)
    names = {n.buffer.name for n in walk(out.body) if isinstance(n, (ir.Load, ir.Store))}
    assert names == {"x", "y"}, names          # no splat registers, no mask left
    args = {"x": vec(80), "y": np.zeros(80, np.float32)}
    args["x"][::7] = 0.0
    assert ir.verify(k, out, args).ok
    # the blend is now a select on x < 0 with constant branches: the BANG vectorizer maps it
    done = lowered(L.normalize_bang(k), "bind_tasks", "stage_nram", "tensorize_bang")
    assert "__bang_lt_scalar" in intrinsics(done), intrinsics(done)
    assert ir.verify(k, scalar(done), args).ok


def test_forward_vector_constants_keeps_a_mask_whose_inputs_change_before_the_test():
    from xpiler.ir.transforms.vector_constants import forward_vector_constants
    x = ir.Buffer("x", F, (16,))
    y = ir.Buffer("y", F, (16,))
    m = ir.Buffer("m", "uint16", (1,), "local")
    lane, h = ir.Var("lane"), ir.Var("h")
    bit = ir.cast("uint32", shift("<<", ir.Const(1, "uint32"), lane))
    prog = ir.block(
        ir.Alloc(m), ir.Store(m, (0,), ir.Const(0, "uint16")),
        ir.loop(lane, 16, ir.Store(m, (0,), ir.cast("uint16", bitwise(
            "|", ir.cast("uint32", m[0]), ir.select(ir.lt(x[lane], 0.0), bit, ir.Const(0, "uint32")))))),
        ir.Let(ir.Var("mv", "uint16"), m[0]),
        ir.loop(ir.Var("h0"), 16, ir.Store(x, (ir.Var("h0"),), x[ir.Var("h0")] * -1.0)),  # x changes: the mask stays
        ir.loop(h, 16, ir.Store(y, (h,), ir.select(
            ir.ne(bitwise("&", shift(">>", ir.cast("int32", ir.Var("mv", "uint16")), h), 1), 0),
            ir.Const(1.0, F), ir.Const(2.0, F)))))
    k = ir.kernel("stale", [(x, "inout"), (y, "out")], prog)
    out = forward_vector_constants(k)
    assert any(isinstance(n, ir.Load) and n.buffer.name == "m" for n in walk(out.body))
    args = {"x": vec(16), "y": np.zeros(16, np.float32)}
    assert ir.verify(k, out, args).ok


def test_fuse_item_loops_makes_items_per_thread_one_map():
    from xpiler.models.bang.items import fuse_item_loops
    n = 1000
    x = ir.Buffer("x", F, (n,))
    y = ir.Buffer("y", F, (n,))
    v = ir.Buffer("v", F, (4,), "local")
    tx, kk, k2 = ir.Var("tx"), ir.Var("k"), ir.Var("k2")
    i1, i2 = tx + kk * 256, tx + k2 * 256
    body = ir.block(
        ir.Alloc(v),
        ir.loop(kk, 4, ir.Store(v, (kk,), ir.select(ir.lt(i1, n), x[i1], ir.Const(0.0, F)))),
        ir.loop(k2, 4, ir.If(ir.lt(i2, n), ir.Store(y, (i2,), v[k2] * v[k2] + 1.0))))
    k = ir.kernel("items", [(x, "in"), (y, "out")], ir.loop(tx, 256, body, "parallel", "threadIdx.x"))
    fused = fuse_item_loops(k)
    assert not any(isinstance(a, Alloc) and a.buffer.name == "v" for a in walk(fused.body))
    args = {"x": vec(n), "y": np.zeros(n, np.float32)}
    assert ir.verify(k, fused, args).ok
    flat = L.normalize_bang(k)                   # fused, scalarized and flattened: one loop over the data
    loops = [s for s in walk(flat.body) if isinstance(s, Loop)]
    assert len(loops) == 1 and ir.verify(k, flat, args).ok
    done = lowered(flat, "bind_tasks", "stage_nram", "tensorize_bang")
    assert "__bang_mul" in intrinsics(done) and ir.verify(k, scalar(done), args).ok


def _lifted_suite_kernel(model, op, index=0, case=None):
    from xpiler.lift.pipeline import lift
    from xpiler.runner import pick_entry
    from xpiler.source.loader import load_source
    from xpiler.suite.bench import launch_of
    from xpiler.suite.lift_bench import case_arguments, representative
    from xpiler.suite.manifest import discover
    kn = representative(discover(models=[model], operators=[op]))[index]
    if case is not None:
        kn = next(k for k in discover(models=[model], operators=[op]) if k.path == kn.path and k.case == case)
    src = load_source(str(kn.path), kn.model)
    fn, entry = pick_entry(src, kn.meta["entry"])
    params = [p.name for p in fn.params]
    args = [case_arguments(kn, seed, params) for seed in (0, 1)]
    return lift(src, entry, args=args[0], launch=launch_of(kn.launch)).kernel, args


def _exchange_reads(k):
    """Loads of block-shared buffers at an index other than the one the same loop stores to."""
    return [n for n in walk(k.body) if isinstance(n, ir.Load) and n.buffer.scope == "shared" and
            any(isinstance(m, ir.Select) for m in walk(n.indices[0]))]


@pytest.mark.parametrize("model,op", [("cuda", "gemv"), ("hip", "gemv"), ("cuda", "reduce_mean"),
                                      ("hip", "reduce_mean")])
def test_raise_lane_sums_replaces_shuffle_trees_by_sums(model, op):
    from xpiler.ir.transforms.lane_sums import raise_lane_sums
    index = 1 if op == "reduce_mean" else 0            # reduce_mean_1: TVM shuffle-down + broadcast
    k, args = _lifted_suite_kernel(model, op, index)
    k = L.simplify(L.scalarize_locals(k))
    assert _exchange_reads(k), "the lifted kernel has a shuffle tree"
    raised = raise_lane_sums(k)
    assert not _exchange_reads(raised), ir.print_c(raised)
    assert ir.verify(k, raised, args, rtol=1e-5, atol=1e-5).ok     # the sum in lane order instead of a tree


def test_raise_lane_sums_leaves_a_max_tree_alone():
    from xpiler.ir.transforms.lane_sums import raise_lane_sums
    k, args = _lifted_suite_kernel("cuda", "reduce_max", 0)
    k = L.simplify(L.scalarize_locals(k))
    assert _exchange_reads(k)
    raised = raise_lane_sums(k)
    assert ir.verify(k, raised, args).ok
    assert len(_exchange_reads(raised)) == len(_exchange_reads(k))


def test_raise_lane_sums_keeps_a_sum_read_only_under_a_while_loop(monkeypatch):
    """hip mha: the softmax denominator is read through a let inside a while loop (which the
    abstract execution does not run); the sum feeding it must survive the dead-round removal."""
    from xpiler.ir.transforms import lane_sums as R
    monkeypatch.setattr(R, "STEP_BUDGET", 200_000)       # large enough to take the whole block
    monkeypatch.setattr(R, "TOTAL_BUDGET", 2_000_000)
    k, args = _lifted_suite_kernel("hip", "mha", 0)
    k = L.simplify(L.scalarize_locals(k))
    raised = R.raise_lane_sums(k)
    assert any(isinstance(n, Alloc) and n.buffer.name.startswith("lane_sum") for n in walk(raised.body))
    assert ir.verify(k, raised, args, rtol=1e-5, atol=1e-5).ok


def _scalars(args):
    from xpiler.translate.driver import scalar_arguments
    return scalar_arguments(args)


def test_raise_matmul_finds_the_implicit_gemm_of_a_convolution():
    """conv1d: y[l][f] = sum_(c,k) x[l*stride + k*...] w[...]: rows of the input overlap (im2col)."""
    from xpiler.ir.transforms.matmul_recognition import raise_matmul
    k, args = _lifted_suite_kernel("c", "conv1d", 0)
    raised = raise_matmul(k, _scalars(args[0]))
    assert raised is not k and ir.verify(k, raised, args, rtol=1e-5, atol=1e-5).ok


def test_raise_matmul_turns_mfma_fragments_into_the_plain_nest():
    from xpiler.ir.transforms.matmul_recognition import raise_matmul
    k, args = _lifted_suite_kernel("hip", "batched_gemm", 0)      # MFMA 16x16x16 through lane exchange buffers
    raised = raise_matmul(k, _scalars(args[0]))
    assert raised is not k
    assert not any(isinstance(n, Alloc) and n.buffer.scope == "shared" for n in walk(raised.body))
    assert ir.verify(k, raised, args, rtol=1e-5, atol=1e-5).ok
    done = lowered(L.set_attr(raised, "bang.wram_bytes", 512 * 1024), "normalize_bang", "bind_tasks",
                   "tensorize_matmul")
    assert "__bang_matmul" in intrinsics(done)


@pytest.mark.parametrize("model,op,index", [("c", "mha", 0),             # products, then a softmax: not one product
                                            ("cuda", "softmax", 0), ("c", "layernorm", 0)])
def test_raise_matmul_leaves_other_programs_alone(model, op, index):
    from xpiler.ir.transforms.matmul_recognition import raise_matmul
    k, args = _lifted_suite_kernel(model, op, index)
    assert raise_matmul(k, _scalars(args[0])) is k


def test_raised_matmul_stays_size_generic():
    """hip dense (MFMA, run-time M, N, K): raised with the sizes as parameter expressions, so the
    BANG output is right at every case of the file, not only the verified one."""
    from xpiler.suite.lift_bench import representative
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import translate_case
    kernel = representative(discover(models=["hip"], operators=["dense"]))[0]
    tr = translate_case(kernel, "bang", check_sizes=True)
    assert tr.ok, tr.error
    assert "matrix" in tr.emitted.features and "__bang_matmul" in tr.emitted.text
    assert any(p.startswith("raise_matmul") for p in tr.emitted.passes)
    assert len(tr.sizes_ok) == len(kernel.meta["cases"]) - 1 and not tr.sizes_failed


@pytest.mark.parametrize("op,index", [("dense", 0), ("gemm", 0), ("batched_gemm", 0)])
def test_raise_matmul_reads_vnni_byte_packing_as_integer_products(op, index):
    """AVX-512 VNNI sources pack int8 / uint8 (int16) elements into words and split them again
    (shifts, masks, byte bitcasts); the byte-wise values see through it to sum_k x[..] * w[..]."""
    from xpiler.ir.transforms.matmul_recognition import raise_matmul
    k, args = _lifted_suite_kernel("c", op, index)
    raised = raise_matmul(k, _scalars(args[0]))
    assert raised is not k
    assert not any(isinstance(n, ir.Bitcast) for n in walk(raised.body))
    assert ir.verify(k, raised, args).ok                                   # int32: exact
    assert raise_matmul(k, _scalars(args[0]), integer=False) is k          # the BANG target keeps them


def test_gpu_target_binds_a_vnni_gemm_through_its_raised_product():
    """c/gemm.c (VNNI lanes under while loops) left 33 parallel loops serial in one block; the
    recognised product binds one output per thread and no loop stays serial."""
    from xpiler.suite.lift_bench import representative
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import translate_case
    kernel = representative(discover(models=["c"], operators=["gemm"]))[0]
    tr = translate_case(kernel, "cuda", check_sizes=True)
    assert tr.ok, tr.error
    assert tr.emitted.passes[0] == "raise_matmul" and not tr.emitted.notes, tr.emitted.notes
    assert "blockIdx" in tr.emitted.text and not tr.sizes_failed


@pytest.mark.parametrize("model,op,case", [("cuda", "reduce_sum", 1), ("hip", "layernorm", 1)])
def test_raise_lane_sums_is_not_fooled_by_zeros(model, op, case):
    """A thread's accumulator reads 0 before its first addition, and a sum over lanes that store
    0 is 0 too: such a match is no evidence (the abstract execution's sizes may leave lanes idle
    that are busy at the real size)."""
    from xpiler.ir.transforms.lane_sums import raise_lane_sums
    k, args = _lifted_suite_kernel(model, op, 0, case)
    k = L.simplify(L.scalarize_locals(k))
    raised = raise_lane_sums(k)
    assert ir.verify(k, raised, args, rtol=1e-4, atol=1e-4).ok
