"""Transformations as plain functions: structure of their results, legality checks, and outputs
(verified natively against the original)."""
import numpy as np
import pytest

from xpiler import ir
from xpiler.ir.transforms import (IllegalTransformError, TransformError, eliminate_dead_stores, fuse_adjacent_loops,
                                  fuse_loops, reorder_loops, simplify, simplify_expr, split_loop, unroll_loop)

n = ir.Var("n")
i, j, k = ir.Var("i"), ir.Var("j"), ir.Var("k")


def _saxpy(extent=n):
    x = ir.Buffer("x", "float32", (n,))
    y = ir.Buffer("y", "float32", (n,))
    return ir.kernel("saxpy", [(x, "in"), (y, "inout"), n],
                     ir.loop(i, extent, ir.Store(y, (i,), y[i] + x[i] * 2.0), "parallel", "threadIdx.x"))


def _saxpy_args(size=10):
    rng = np.random.default_rng(0)
    return {"x": rng.standard_normal(size).astype(np.float32), "y": rng.standard_normal(size).astype(np.float32),
            "n": size}


def _mm(M=5, N=4, K=7):
    A = ir.Buffer("A", "float32", (M, K))
    B = ir.Buffer("B", "float32", (K, N))
    C = ir.Buffer("C", "float32", (M, N))
    return ir.kernel("mm", [(A, "in"), (B, "in"), (C, "inout")],
                     ir.loop(i, M, ir.loop(j, N, ir.loop(k, K, ir.Store(C, (i, j), C[i, j] + A[i, k] * B[k, j])))))


def _mm_args(M=5, N=4, K=7):
    rng = np.random.default_rng(1)
    return {"A": rng.standard_normal((M, K)).astype(np.float32), "B": rng.standard_normal((K, N)).astype(np.float32),
            "C": rng.standard_normal((M, N)).astype(np.float32)}


def test_split_guard_remainder_and_exact():
    g = split_loop(_saxpy(), "i", 4)
    text = ir.print_ir(g)
    assert "for i_o in range((n + 3) / 4) parallel(threadIdx.x) {" in text
    assert "for i_i in range(4) parallel {" in text
    assert "let i: int32 = i_o * 4 + i_i" in text and "if i < n {" in text
    r = split_loop(_saxpy(), "i", 4, tail="remainder")
    text = ir.print_ir(r)
    assert "for i_o in range(n / 4)" in text and "for i_r in range(n % 4)" in text
    assert "let i_1: int32 = n / 4 * 4 + i_r" in text
    exact = split_loop(_saxpy(ir.Const(12)), "i", 4)
    assert "if" not in ir.print_ir(exact) and "range(3)" in ir.print_ir(exact)
    for size in (0, 1, 7, 8, 10):
        assert ir.verify(_saxpy(), g, _saxpy_args(size)).ok
        assert ir.verify(_saxpy(), r, _saxpy_args(size)).ok
    with pytest.raises(TransformError, match="positive int"):
        split_loop(_saxpy(), "i", 0)
    with pytest.raises(TransformError, match="no loop over 'q'"):
        split_loop(_saxpy(), "q", 2)


def test_split_then_simplify_removes_provable_guards():
    k = split_loop(_saxpy(ir.Const(12)), "i", 5)             # 12 = 2 * 5 + 2: guard needed
    assert "if i < 12" in ir.print_ir(simplify(k))
    k2 = split_loop(split_loop(_saxpy(ir.Const(12)), "i", 4), "i_i", 2)   # 4 = 2 * 2 exactly
    assert "if" not in ir.print_ir(simplify(k2))


def test_fuse_nested_loops():
    f = fuse_loops(_mm(), "i", "j")
    text = ir.print_ir(f)
    assert "for i_j in range(20) {" in text
    assert "let i: int32 = i_j / 4" in text and "let j: int32 = i_j % 4" in text
    assert ir.verify(_mm(), f, _mm_args()).ok
    with pytest.raises(TransformError, match="perfect nest"):
        fuse_loops(_mm(), "i", "k")
    sym = ir.kernel("s", [(ir.Buffer("y", "float32", (n, n)), "out"), n],
                    ir.loop(i, n, ir.loop(j, n, ir.Store(ir.Buffer("y", "float32", (n, n)), (i, j), 1.0))))
    assert "range(n * max(n, 0))" in ir.print_ir(fuse_loops(sym, "i", "j"))   # negative n still runs nothing


def test_reorder_legal_matmul_permutations():
    for order in (["i", "k", "j"], ["k", "i", "j"], ["j", "i", "k"], ["k", "j", "i"]):
        r = reorder_loops(_mm(), order)
        loops = [s.var.name for s in ir.walk(r.body) if isinstance(s, ir.Loop)]
        assert loops == order
        assert ir.verify(_mm(), r, _mm_args()).ok


def test_reorder_refuses_reversing_a_dependence():
    # wavefront: A[i + 1, j] = A[i, j + 1] + 1  has distance (1, -1): interchange is illegal
    A = ir.Buffer("A", "float32", (6, 6))
    wave = ir.kernel("wave", [(A, "inout")],
                     ir.loop(i, 5, ir.loop(j, 5, ir.Store(A, (i + 1, j), A[i, j + 1] + 1.0))))
    with pytest.raises(IllegalTransformError, match=r"buffer 'A'.*distance vector \(1, -1\)"):
        reorder_loops(wave, ["j", "i"])
    # a scalar accumulator is written by every iteration: any interchange changes the summation order
    acc = ir.Buffer("acc", "float32", ())
    X = ir.Buffer("X", "float32", (4, 4))
    red = ir.kernel("red", [(X, "in"), (acc, "inout")],
                    ir.loop(i, 4, ir.loop(j, 4, ir.Store(acc, (), acc[()] + X[i, j]))))
    with pytest.raises(IllegalTransformError, match="buffer 'acc'"):
        reorder_loops(red, ["j", "i"])
    # a stencil along j only (distance (0, 1)) may be interchanged
    ok = ir.kernel("ok", [(A, "inout")], ir.loop(i, 6, ir.loop(j, 5, ir.Store(A, (i, j + 1), A[i, j] * 0.5))))
    r = reorder_loops(ok, ["j", "i"])
    rng = np.random.default_rng(2)
    assert ir.verify(ok, r, {"A": rng.standard_normal((6, 6)).astype(np.float32)}).ok
    with pytest.raises(TransformError, match="perfect nest"):
        reorder_loops(_softmax_like(), ["r", "c"])


def _softmax_like():
    x = ir.Buffer("x", "float32", (3, 4))
    m = ir.Buffer("m", "float32", (3,))
    r, c = ir.Var("r"), ir.Var("c")
    return ir.kernel("sm", [(x, "in"), (m, "out")],
                     ir.loop(r, 3, [ir.Store(m, (r,), -1e30), ir.loop(c, 4, ir.Store(m, (r,), ir.maximum(m[r], x[r, c])))]))


def test_fuse_adjacent_loops_checks_dependences():
    x = ir.Buffer("x", "float32", (8,))
    y = ir.Buffer("y", "float32", (8,))
    z = ir.Buffer("z", "float32", (8,))
    a, b = ir.Var("a"), ir.Var("b")
    # y[a] = x[a] * 2; z[b] = y[b] + 1  -> same-iteration dependence: legal
    k1 = ir.kernel("k1", [(x, "in"), (y, "out"), (z, "out")],
                   [ir.loop(a, 8, ir.Store(y, (a,), x[a] * 2.0), "parallel"),
                    ir.loop(b, 8, ir.Store(z, (b,), y[b] + 1.0), "parallel")])
    f = fuse_adjacent_loops(k1, "a", "b")
    assert [s.var.name for s in ir.walk(f.body) if isinstance(s, ir.Loop)] == ["a"]
    assert [s.kind for s in ir.walk(f.body) if isinstance(s, ir.Loop)] == ["parallel"]   # no carried dependence
    rng = np.random.default_rng(3)
    args = {"x": rng.standard_normal(8).astype(np.float32), "y": np.zeros(8, np.float32), "z": np.zeros(8, np.float32)}
    assert ir.verify(k1, f, args).ok
    # z[b] = y[b + 1]: the second loop would read y[b + 1] before the first loop writes it
    k2 = ir.kernel("k2", [(x, "in"), (y, "out"), (z, "out")],
                   [ir.loop(a, 8, ir.Store(y, (a,), x[a] * 2.0)),
                    ir.loop(b, 7, ir.Store(z, (b,), y[b + 1] + 1.0))])
    with pytest.raises(TransformError, match="different extents"):
        fuse_adjacent_loops(k2, "a", "b")
    k3 = ir.kernel("k3", [(x, "in"), (y, "out"), (z, "out")],
                   [ir.loop(a, 7, ir.Store(y, (a,), x[a] * 2.0)),
                    ir.loop(b, 7, ir.Store(z, (b,), y[b + 1] + 1.0))])
    with pytest.raises(IllegalTransformError, match="buffer 'y'"):
        fuse_adjacent_loops(k3, "a", "b")


def test_unroll():
    u = unroll_loop(_mm(), "k")
    assert [s.var.name for s in ir.walk(u.body) if isinstance(s, ir.Loop)] == ["i", "j"]
    assert sum(isinstance(s, ir.Store) for s in ir.walk(u.body)) == 7
    assert ir.verify(_mm(), u, _mm_args()).ok
    with pytest.raises(TransformError, match="no constant extent"):
        unroll_loop(_saxpy(), "i")
    uf = unroll_loop(_saxpy(), "i", factor=3)
    assert ir.verify(_saxpy(), uf, _saxpy_args(10)).ok
    # copies of a body that declares names get fresh names
    acc = ir.Buffer("t", "float32", (), "local")
    y = ir.Buffer("y", "float32", (4,))
    kk = ir.kernel("u", [(y, "out")], ir.loop(i, 4, [ir.Alloc(acc), ir.Let(ir.Var("v"), i * 2),
                                                    ir.Store(acc, (), ir.cast("float32", ir.Var("v"))),
                                                    ir.Store(y, (i,), acc[()])]))
    uk = ir.validate(unroll_loop(kk, "i"))
    assert ir.compile_and_run(uk, {"y": np.zeros(4, np.float32)})["y"].tolist() == [0, 2, 4, 6]


def test_simplify_rules():
    o, ii = ir.Var("o"), ir.Var("ii")
    env = {"o": (0, 10), "ii": (0, 3)}
    assert simplify_expr((o * 4 + ii) / 4, env) == o
    assert simplify_expr((o * 4 + ii) % 4, env) == ii
    assert simplify_expr((o * 4 + ii) / 4) != o                      # no ranges: nothing proven
    assert simplify_expr(ir.Const(-7) / 2) == ir.Const(-3)          # C truncation
    assert simplify_expr(ir.Const(-7) % 2) == ir.Const(-1)
    assert simplify_expr(ir.Const(1) / 0) == ir.Binary("/", ir.Const(1), ir.Const(0))   # UB stays
    assert ir.print_ir(simplify_expr((o + 1) * (o - 1) - o * o)) == "-1"
    x = ir.Var("x", "float32")
    assert simplify_expr(x * 1.0) == x
    assert simplify_expr(x + 0.0) == x + 0.0                         # -0.0 + 0.0 is +0.0: kept
    assert simplify_expr(ir.select(ir.lt(ir.Const(1), 2), x, x * 2.0)) == x
    # statements: constant conditions, empty and single-iteration loops
    y = ir.Buffer("y", "float32", (4,))
    kern = ir.kernel("s", [(y, "out")], [
        ir.If(ir.lt(ir.Const(3), 2), ir.Store(y, (0,), 1.0), ir.Store(y, (0,), 2.0)),
        ir.loop(i, 0, ir.Store(y, (1,), 3.0)),
        ir.loop(j, 1, ir.Store(y, (j + 2,), 4.0))])
    assert ir.print_ir(simplify(kern)) == ("kernel s(out y: float32[4] global) {\n  y[0] = 2.0f\n  y[2] = 4.0f\n}\n")


def test_simplify_preserves_outputs_of_int_arithmetic():
    x = ir.Buffer("x", "int32", (40,))
    y = ir.Buffer("y", "int32", (40,))
    t = ir.Var("t")
    idx = ((t - 9) / 4 + 3) * 2 + ((t * 3 - 7) % 5) - ((t - 9) / 4 + 3) * 2 + 4
    kern = ir.kernel("ia", [(x, "in"), (y, "out")], ir.loop(t, 30, ir.Store(y, (t,), x[idx] * (t - 15) / 4)))
    s = simplify(kern)
    assert ir.print_ir(s) != ir.print_ir(kern)
    assert ir.verify(kern, s, {"x": np.arange(40, dtype=np.int32) - 20, "y": np.zeros(40, np.int32)}).ok


def test_dead_store_elimination():
    y = ir.Buffer("y", "float32", (4,))
    tmp = ir.Buffer("tmp", "float32", (4,), "local")
    v = ir.Var("v", "float32")
    kern = ir.kernel("d", [(y, "out")], [
        ir.Alloc(tmp), ir.loop(i, 4, ir.Store(tmp, (i,), 1.0)),      # never read
        ir.Let(v, ir.Const(3.0, "float32")),                           # never used
        ir.Store(y, (0,), 1.0), ir.Store(y, (1,), 5.0), ir.Store(y, (0,), 2.0),   # first y[0] overwritten
        ir.Store(y, (2,), 1.0), ir.Store(y, (3,), y[2]), ir.Store(y, (2,), 7.0)])  # read in between: kept
    d = eliminate_dead_stores(kern)
    assert ir.print_ir(d) == ("kernel d(out y: float32[4] global) {\n  y[1] = 5.0f\n  y[0] = 2.0f\n"
                              "  y[2] = 1.0f\n  y[3] = y[2]\n  y[2] = 7.0f\n}\n")
    assert ir.verify(kern, d, {"y": np.zeros(4, np.float32)}).ok
