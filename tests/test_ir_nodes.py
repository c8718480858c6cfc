"""IR nodes, builders (C conversions), validation, traversal and both printers."""
import pytest

from xpiler import ir
from xpiler.ir import dtypes as dt


def _matmul():
    M, N, K = ir.Var("M"), ir.Var("N"), ir.Var("K")
    A = ir.Buffer("A", "float32", (M, K))
    B = ir.Buffer("B", "float32", (K, N))
    C = ir.Buffer("C", "float32", (M, N))
    acc = ir.Buffer("acc", "float32", (), "local")
    i, j, k = ir.Var("i"), ir.Var("j"), ir.Var("k")
    body = ir.loop(i, M, ir.loop(j, N, [
        ir.Alloc(acc), ir.Store(acc, (), 0.0),
        ir.loop(k, K, ir.Store(acc, (), acc[()] + A[i, k] * B[k, j])),
        ir.Store(C, (i, j), acc[()])], kind="parallel", axis="threadIdx.x"), kind="parallel", axis="blockIdx.x")
    return ir.kernel("matmul", [(A, "in"), (B, "in"), (C, "out"), M, N, K], body)


def test_usual_arithmetic_conversions():
    a, b = ir.Var("a", "int8"), ir.Var("b", "int8")
    e = a + b
    assert e.dtype == "int32" and isinstance(e.a, ir.Cast)          # int8 + int8 is int in C
    u, s = ir.Var("u", "uint32"), ir.Var("s", "int32")
    assert (u + s).dtype == "uint32"
    assert (ir.Var("l", "int64") + u).dtype == "int64"
    assert (ir.Var("h", "float16") * ir.Var("f", "float32")).dtype == "float32"
    assert (ir.Var("h", "float16") + 1.0).dtype == "float16"        # literal takes the operand's type
    assert dt.promote("float16", "bfloat16") == "float32"
    assert (ir.Var("i") + 1).b == ir.Const(1, "int32")
    assert ir.lt(ir.Var("i"), 3).dtype == "bool"


def test_node_type_checks():
    with pytest.raises(TypeError):
        ir.Binary("+", ir.Var("a", "int32"), ir.Var("b", "int64"))
    with pytest.raises(TypeError):
        ir.Binary("%", ir.Var("x", "float32"), ir.Var("y", "float32"))
    with pytest.raises(TypeError):
        ir.Buffer("A", "float32", (4,))[1.5]
    with pytest.raises(TypeError):
        ir.Store(ir.Buffer("A", "float32", (4,)), (0,), ir.Var("i"))   # int into a float buffer
    with pytest.raises(TypeError):
        ir.Buffer("A", "float32", (4, 4))[1]                            # rank mismatch
    with pytest.raises(ValueError):
        ir.Loop(ir.Var("i"), 4, ir.Block(()), kind="serial", axis="threadIdx.x")
    with pytest.raises(ValueError):
        ir.Call("expo", (ir.Var("x", "float32"),))
    with pytest.raises(TypeError):
        ir.Var("i") // 2
    with pytest.raises(TypeError):
        bool(ir.lt(ir.Var("i"), 2))
    with pytest.raises(TypeError):
        ir.Alloc(ir.Buffer("t", "float32", (ir.Var("n"),), "shared"))


def test_constants_wrap_and_round():
    assert ir.Const(300, "int8").value == 44
    assert ir.Const(-1, "uint32").value == 2**32 - 1
    assert ir.Const(0.1, "float32").value == float(__import__("numpy").float32(0.1))
    assert ir.Const(float("nan"), "float32") == ir.Const(float("nan"), "float32")
    assert ir.Const(0.0, "float32") != ir.Const(-0.0, "float32")
    assert ir.call("exp", ir.Var("x", "float32"), precision="approx").precision == "approx"
    assert ir.call("sqrt", ir.Var("x", "float32")).precision == "exact"
    assert ir.call("exp", ir.Var("i")).dtype == "float64"                # int argument -> double, as C


def test_ir_printer_golden():
    text = ir.print_ir(_matmul())
    assert text == """\
kernel matmul(in A: float32[M, K] global, in B: float32[K, N] global, out C: float32[M, N] global, M: int32, N: int32, K: int32) {
  for i in range(M) parallel(blockIdx.x) {
    for j in range(N) parallel(threadIdx.x) {
      alloc acc: float32[] local
      acc[] = 0.0f
      for k in range(K) {
        acc[] = acc[] + A[i, k] * B[k, j]
      }
      C[i, j] = acc[]
    }
  }
}
"""
    assert ir.print_ir(ir.Var("a") - (ir.Var("b") - ir.Var("c"))) == "a - (b - c)"
    assert ir.print_ir(ir.select(ir.lt(ir.Var("i"), 3), ir.call("exp", ir.Var("x", "float32"), precision="approx"),
                                 2.0)) == "select(i < 3, exp.approx(x), 2.0f)"
    assert ir.print_ir(ir.Const(5, "int64")) == "5:int64"
    assert ir.print_ir(ir.cast("float16", ir.Const(1.5, "float32"))) == "float16(1.5f)"
    assert ir.print_ir(ir.Const(1.5, "float16")) == "1.5:float16"


def test_c_printer_golden():
    text = ir.print_c(_matmul())
    assert "void matmul(const float* restrict A, const float* restrict B, float* restrict C, int32_t M, int32_t N, " \
           "int32_t K) {" in text
    assert "  for (int32_t i = 0; i < M; ++i) {  // parallel blockIdx.x" in text
    assert "      float acc[1] = {0};  // local scalar" in text
    assert "        acc[0] = acc[0] + A[i * K + k] * B[k * N + j];" in text
    assert "      C[i * N + j] = acc[0];" in text
    assert text == ir.print_c(_matmul())            # deterministic
    assert "xp_bf16" not in text                     # helpers only when used
    assert "const float* A, const float* B, float* C" in ir.print_c(_matmul(), restrict=False)


def test_c_printer_parenthesises_and_types():
    p = ir.CPrinter()
    i, j = ir.Var("i"), ir.Var("j")
    assert p.expr((i + j) * 2) == "(i + j) * 2"
    assert p.expr(i - (j - 1)) == "i - (j - 1)"
    assert p.expr(i - j - 1) == "i - j - 1"
    assert p.expr(ir.eq(i & 3, 1)) == "(i & 3) == 1"
    assert p.expr(ir.Const(-2**31, "int32")) == "(-2147483647 - 1)"
    assert p.expr(ir.minimum(i, j)) == "xp_min_int32(i, j)"
    h = ir.Var("h", "float16")
    assert p.expr(h + h) == "(_Float16)(h + h)"
    assert p.expr(ir.Binary("+", ir.Var("a", "int8"), ir.Var("b", "int8"))) == "(int8_t)(a + b)"
    assert p.expr(ir.call("rsqrt", ir.Var("x", "float32"))) == "1.0f / sqrtf(x)"
    assert p.expr(ir.cast("float32", ir.Var("g", "bfloat16"))) == "xp_bf2f(g)"


def test_barrier_inside_thread_loop_is_refused_by_the_c_printer():
    t = ir.Var("t")
    s = ir.Buffer("s", "float32", (32,), "shared")
    y = ir.Buffer("y", "float32", (32,))
    bad = ir.kernel("k", [(y, "out")], [ir.Alloc(s), ir.loop(t, 32, [ir.Store(s, (t,), 1.0), ir.Barrier("block"),
                                                                      ir.Store(y, (t,), s[31 - t])],
                                                            kind="parallel", axis="threadIdx.x")])
    with pytest.raises(ir.PrintError, match="split the loop at the barrier"):
        ir.print_c(bad)
    t2 = ir.Var("t2")
    good = ir.kernel("k", [(y, "out")], [ir.Alloc(s), ir.loop(t, 32, ir.Store(s, (t,), 1.0), "parallel", "threadIdx.x"),
                                         ir.Barrier("block"),
                                         ir.loop(t2, 32, ir.Store(y, (t2,), s[31 - t2]), "parallel", "threadIdx.x")])
    assert "// barrier(block)" in ir.print_c(good)


def test_validate():
    x = ir.Buffer("x", "float32", (4,))
    i = ir.Var("i")
    with pytest.raises(ir.IRValidationError, match="role 'in'"):
        ir.validate(ir.kernel("k", [(x, "in")], ir.loop(i, 4, ir.Store(x, (i,), 0.0))))
    with pytest.raises(ir.IRValidationError, match="not in scope"):
        ir.validate(ir.kernel("k", [(x, "out")], ir.Store(x, (i,), 0.0)))
    with pytest.raises(ir.IRValidationError, match="declared twice"):
        ir.validate(ir.kernel("k", [(x, "out")], [ir.loop(i, 4, ir.Store(x, (i,), 0.0)),
                                                  ir.loop(i, 4, ir.Store(x, (i,), 1.0))]))
    with pytest.raises(ir.IRValidationError, match="reserved"):
        ir.validate(ir.kernel("k", [(x, "out")], ir.loop(ir.Var("int"), 4, ir.Store(x, (0,), 0.0))))
    other = ir.Buffer("x", "float32", (5,))
    with pytest.raises(ir.IRValidationError, match="different type"):
        ir.validate(ir.kernel("k", [(x, "out")], ir.Store(other, (0,), 0.0)))
    v = ir.Var("v")
    with pytest.raises(ir.IRValidationError, match="not in scope"):      # a let is visible after it only
        ir.validate(ir.kernel("k", [(x, "out")], [ir.If(ir.lt(0, 1), ir.Let(v, 1)), ir.Store(x, (v,), 0.0)]))
    assert ir.validate(_matmul())


def test_visitor_mutator_substitute():
    k = _matmul()
    loads = [n for n in ir.walk(k.body) if isinstance(n, ir.Load)]
    assert sorted(l.buffer.name for l in loads) == ["A", "B", "acc", "acc"]

    class Count(ir.Visitor):
        n = 0

        def visit_Loop(self, node):
            self.n += 1
            self.generic_visit(node)
    c = Count()
    c.visit(k.body)
    assert c.n == 3

    class Double(ir.Mutator):
        def visit_Const(self, node):
            return ir.Const(node.value * 2, node.dtype) if ir.dtypes.is_float(node.dtype) else node
    assert Double().visit(ir.Const(3, "int32")) == ir.Const(3, "int32")
    unchanged = Double().visit(ir.Var("q"))
    assert unchanged == ir.Var("q")
    e = ir.Var("i") * 4 + ir.Var("j")
    assert ir.substitute(e, {"i": ir.Const(2)}) == ir.Const(2) * 4 + ir.Var("j")
    # binders are not substituted
    lp = ir.loop(ir.Var("i"), 4, ir.Store(ir.Buffer("x", "int32", (4,)), (ir.Var("i"),), ir.Var("n")))
    out = ir.substitute(lp, {"i": ir.Const(0), "n": ir.Const(7)})
    assert out.var == ir.Var("i") and out.body.value == ir.Const(7)
    assert ir.free_vars(e) == {"i", "j"}
