"""Hand-built IR programs executed natively (printed C in the sandboxed engine) against NumPy."""
import numpy as np
import pytest

from xpiler import ir


def test_matmul(rng):
    M, N, K = ir.Var("M"), ir.Var("N"), ir.Var("K")
    A = ir.Buffer("A", "float32", (M, K))
    B = ir.Buffer("B", "float32", (K, N))
    C = ir.Buffer("C", "float32", (M, N))
    acc = ir.Buffer("acc", "float32", (), "local")
    i, j, k = ir.Var("i"), ir.Var("j"), ir.Var("k")
    kern = ir.kernel("matmul", [(A, "in"), (B, "in"), (C, "out"), M, N, K], ir.loop(i, M, ir.loop(j, N, [
        ir.Alloc(acc), ir.Store(acc, (), 0.0),
        ir.loop(k, K, ir.Store(acc, (), acc[()] + A[i, k] * B[k, j])),
        ir.Store(C, (i, j), acc[()])], "parallel", "threadIdx.x"), "parallel", "blockIdx.x"))
    a = rng.standard_normal((5, 7)).astype(np.float32)
    b = rng.standard_normal((7, 3)).astype(np.float32)
    out = ir.compile_and_run(kern, {"A": a, "B": b, "C": np.zeros((5, 3), np.float32), "M": 5, "N": 3, "K": 7})
    np.testing.assert_allclose(out["C"], a @ b, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(out["A"], a)          # inputs come back unchanged


def _softmax():
    R, L = ir.Var("R"), ir.Var("L")
    x = ir.Buffer("x", "float32", (R, L))
    y = ir.Buffer("y", "float32", (R, L))
    m = ir.Buffer("m", "float32", (), "local")
    s = ir.Buffer("s", "float32", (), "local")
    r, c1, c2, c3 = ir.Var("r"), ir.Var("c1"), ir.Var("c2"), ir.Var("c3")
    body = ir.loop(r, R, [
        ir.Alloc(m), ir.Alloc(s),
        ir.Store(m, (), float("-inf")),
        ir.loop(c1, L, ir.Store(m, (), ir.maximum(m[()], x[r, c1]))),
        ir.Store(s, (), 0.0),
        ir.loop(c2, L, ir.Store(s, (), s[()] + ir.call("exp", x[r, c2] - m[()]))),
        ir.loop(c3, L, ir.Store(y, (r, c3), ir.call("exp", x[r, c3] - m[()]) / s[()])),
    ], "parallel", "blockIdx.x")
    return ir.kernel("softmax", [(x, "in"), (y, "out"), R, L], body)


def test_softmax(rng):
    x = rng.standard_normal((4, 9)).astype(np.float32) * 3
    out = ir.compile_and_run(_softmax(), {"x": x, "R": 4, "L": 9})["y"]      # `out` buffers start zeroed
    e = np.exp(x - x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(out, e / e.sum(axis=1, keepdims=True), rtol=2e-6, atol=1e-7)


def test_reduction_with_negative_integer_division_and_modulo(rng):
    # out[(t - 7) % 3 + 2] += x[(t - 7) / 3 + 2] * (t - 7) / 2   with C's truncating / and %
    T = 12
    x = ir.Buffer("x", "int32", (4,))
    out = ir.Buffer("out", "int32", (5,))
    t = ir.Var("t")
    d = t - 7
    kern = ir.kernel("red", [(x, "in"), (out, "inout")],
                     ir.loop(t, T, ir.Store(out, (d % 3 + 2,), out[d % 3 + 2] + x[d / 3 + 2] * d / 2)))
    xv = rng.integers(-50, 50, 4).astype(np.int32)
    got = ir.compile_and_run(kern, {"x": xv, "out": np.zeros(5, np.int32)})["out"]
    ref = np.zeros(5, np.int64)
    for tv in range(T):
        dv = tv - 7
        q = int(np.trunc(dv / 3))
        r = int(np.fmod(dv, 3))
        prod = int(xv[q + 2]) * dv
        ref[r + 2] += int(np.trunc(prod / 2))
    np.testing.assert_array_equal(got, ref)
    assert ref[0] != 0                               # negative remainders were exercised


def test_narrow_and_half_types(rng):
    n = 64
    a8 = ir.Buffer("a8", "int8", (n,))
    b8 = ir.Buffer("b8", "int8", (n,))
    o8 = ir.Buffer("o8", "int8", (n,))
    h = ir.Buffer("h", "float16", (n,))
    g = ir.Buffer("g", "bfloat16", (n,))
    oh = ir.Buffer("oh", "float16", (n,))
    og = ir.Buffer("og", "bfloat16", (n,))
    i = ir.Var("i")
    kern = ir.kernel("narrow", [(a8, "in"), (b8, "in"), (o8, "out"), (h, "in"), (g, "in"), (oh, "out"), (og, "out")],
                     ir.loop(i, n, [
                         ir.Store(o8, (i,), ir.Binary("*", a8[i], b8[i])),        # wraps to 8 bits
                         ir.Store(oh, (i,), ir.Binary("*", h[i], h[i]) + h[i]),    # rounded per operation
                         ir.Store(og, (i,), ir.Binary("*", g[i], g[i]) + g[i])]))
    av = rng.integers(-128, 128, n).astype(np.int8)
    bv = rng.integers(-128, 128, n).astype(np.int8)
    hv = (rng.standard_normal(n) * 10).astype(np.float16)
    gv = rng.standard_normal(n).astype(np.float32)
    out = ir.compile_and_run(kern, {"a8": av, "b8": bv, "o8": np.zeros(n, np.int8), "h": hv, "g": gv,
                                    "oh": np.zeros(n, np.float16), "og": np.zeros(n, np.float32)})
    np.testing.assert_array_equal(out["o8"], (av.astype(np.int32) * bv).astype(np.int8))
    np.testing.assert_array_equal(out["oh"], (hv * hv) + hv)            # numpy float16 rounds per op too
    from xpiler.dtypes import bf16_bits_to_float, float_to_bf16_bits

    def bf(a):
        return bf16_bits_to_float(float_to_bf16_bits(np.asarray(a, np.float32)))
    gq = bf(gv)
    np.testing.assert_array_equal(out["og"], bf(bf(gq * gq) + gq))


def test_run_many_batches_kernels_and_big_allocations():
    y = ir.Buffer("y", "float32", (4,))
    big = ir.Buffer("big", "float32", (40000,), "local")     # 160 KB: heap, freed at block end
    i, j = ir.Var("i"), ir.Var("j")
    k1 = ir.kernel("fill", [(y, "out")], [ir.Alloc(big), ir.loop(j, 40000, ir.Store(big, (j,), ir.cast("float32", j))),
                                         ir.loop(i, 4, ir.Store(y, (i,), big[i * 10000]))])
    assert "calloc(40000, sizeof(float))" in ir.print_c(k1) and "free(big);" in ir.print_c(k1)
    k2 = ir.kernel("fill2", [(y, "inout")], ir.loop(i, 4, ir.Store(y, (i,), y[i] + 1.0)))
    r1, r2 = ir.run_many([(k1, {"y": np.zeros(4)}), (k2, [np.ones(4)])])
    np.testing.assert_array_equal(r1["y"], [0, 10000, 20000, 30000])
    np.testing.assert_array_equal(r2["y"], [2, 2, 2, 2])


def test_out_of_bounds_is_reported():
    y = ir.Buffer("y", "float32", (ir.Var("n"),))
    i = ir.Var("i")
    kern = ir.kernel("oob", [(y, "out"), ir.Var("n")], ir.loop(i, ir.Var("n") + 1, ir.Store(y, (i,), 1.0)))
    with pytest.raises(ir.NativeExecutionError) as e:
        ir.compile_and_run(kern, {"y": np.zeros(16, np.float32), "n": 16})
    assert e.value.kind == "out_of_bounds"
    assert "y[i] = 1.0f;" in e.value.c_line


def test_argument_checks():
    y = ir.Buffer("y", "float32", (ir.Var("n"),))
    kern = ir.kernel("k", [(y, "out"), ir.Var("n")], ir.Block(()))
    with pytest.raises(Exception, match="expected 5 elements"):
        ir.compile_and_run(kern, {"y": np.zeros(4, np.float32), "n": 5})
    with pytest.raises(Exception, match="missing arguments"):
        ir.compile_and_run(kern, {"y": np.zeros(4, np.float32)})
