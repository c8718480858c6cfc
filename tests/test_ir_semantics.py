"""C semantics of IR operations: the Python definition (constant folding) against the printed C
executed natively, on random expressions over runtime values of every dtype."""
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xpiler import ir
from xpiler.ir import dtypes as dt
from xpiler.ir import semantics as sem
from xpiler.ir.evaluate import NotConstant, evaluate


def test_division_truncates_and_modulo_takes_dividend_sign():
    assert sem.c_div(-7, 2) == -3 and sem.c_mod(-7, 2) == -1
    assert sem.c_div(7, -2) == -3 and sem.c_mod(7, -2) == 1
    assert sem.c_div(-7, -2) == 3 and sem.c_mod(-7, -2) == -1
    assert sem.binary("/", -128, -1, "int8") == -128               # computed in int, wrapped back
    with pytest.raises(sem.Undefined):
        sem.binary("/", -2**31, -1, "int32")
    with pytest.raises(sem.Undefined):
        sem.binary("%", 5, 0, "uint32")
    with pytest.raises(sem.Undefined):
        sem.binary("<<", 1, 32, "int32")
    assert sem.binary("<<", -5, 3, "int32") == -40
    assert sem.binary(">>", -5, 1, "int32") == -3                  # arithmetic shift
    assert sem.binary("-", 0, 1, "uint32") == 2**32 - 1
    assert sem.binary("*", 2**31 - 1, 2, "int32") == -2            # wraps (-fwrapv)


def test_conversions():
    assert sem.cast(-2.9, "float32", "int32") == -2
    with pytest.raises(sem.Undefined):
        sem.cast(3e9, "float32", "int32")
    assert sem.cast(2**24 + 1, "int32", "float32") == 2**24        # nearest even
    assert sem.cast(2**24 + 3, "int32", "float32") == 2**24 + 4
    assert sem.cast(300, "int32", "uint8") == 44
    assert sem.cast(float("nan"), "float32", "bool") == 1
    assert sem.cast(65520.0, "float32", "float16") == math.inf
    assert sem.cast(1.0 + 2**-8, "float32", "bfloat16") == 1.0      # ties to even
    assert sem.binary("min", float("nan"), 1.0, "float32") == 1.0


def test_promotion_rules():
    assert dt.promote("int8", "uint8") == "int32"
    assert dt.promote("uint32", "int32") == "uint32"
    assert dt.promote("int64", "uint32") == "int64"
    assert dt.promote("uint64", "int64") == "uint64"
    assert dt.promote("float16", "int64") == "float16"
    assert dt.promote("float32", "float64") == "float64"


# --------------------------------------------------------------------------- random expressions

INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOATS = ["float16", "bfloat16", "float32", "float64"]
VARS = {t: [ir.Var(f"{t}_{k}", t) for k in range(2)] for t in INTS + FLOATS}


def _value(draw, t):
    if dt.is_int(t):
        lo, hi = dt.int_range(t)
        return draw(st.one_of(st.integers(lo, hi), st.sampled_from([lo, hi, 0, 1, -1 if lo else 1, 7, -7 if lo else 7])))
    v = draw(st.one_of(st.floats(-1e4, 1e4, width=32), st.sampled_from([0.0, -0.0, 1.5, -2.25, 1e-3, 65504.0,
                                                                         float("inf")])))
    return sem.round_float(v, t)


@st.composite
def expr_of(draw, t, depth=3):
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return draw(st.sampled_from(VARS[t]))
        return ir.Const(_value(draw, t), t)
    kind = draw(st.sampled_from(["bin", "bin", "bin", "cast", "select", "unary", "minmax", "call"]))
    if kind == "bin":
        ops = ["+", "-", "*", "/"] + (["%", "&", "|", "^", "<<", ">>"] if dt.is_int(t) else [])
        op = draw(st.sampled_from(ops))
        a = draw(expr_of(t, depth - 1))
        if op in ("<<", ">>"):
            return ir.Binary(op, a, ir.Const(draw(st.integers(0, dt.bits(dt.integer_promotion(t)) - 1)), "int32"))
        return ir.Binary(op, a, draw(expr_of(t, depth - 1)))
    if kind == "minmax":
        return ir.Binary(draw(st.sampled_from(["min", "max"])), draw(expr_of(t, depth - 1)), draw(expr_of(t, depth - 1)))
    if kind == "cast":
        src = draw(st.sampled_from(INTS + FLOATS))
        return ir.Cast(t, draw(expr_of(src, depth - 1))) if src != t else draw(expr_of(t, depth - 1))
    if kind == "select":
        u = draw(st.sampled_from(INTS + FLOATS))
        cond = ir.Compare(draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="])), draw(expr_of(u, depth - 1)),
                          draw(expr_of(u, depth - 1)))
        return ir.Select(cond, draw(expr_of(t, depth - 1)), draw(expr_of(t, depth - 1)))
    if kind == "unary":
        return ir.Unary(draw(st.sampled_from(["-", "~"] if dt.is_int(t) else ["-"])), draw(expr_of(t, depth - 1)))
    name = draw(st.sampled_from(["abs"] if dt.is_int(t) else ["abs", "floor", "ceil", "trunc", "sqrt"]))
    return ir.Call(name, (draw(expr_of(t, depth - 1)),))


@st.composite
def programs(draw):
    env = {v.name: _value(draw, t) for t, vs in VARS.items() for v in vs}
    exprs = []
    for _ in range(24):
        t = draw(st.sampled_from(INTS + FLOATS))
        exprs.append(draw(expr_of(t)))
    return env, exprs


@settings(max_examples=int(os.environ.get("XPILER_IR_EXAMPLES", "15")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs())
def test_folding_semantics_match_native_c(case):
    env, exprs = case
    expected_i, expected_f, ints, floats = [], [], [], []
    for e in exprs:
        try:
            v = evaluate(e, env)
        except (sem.Undefined, NotConstant):
            continue                       # undefined in C: not compared
        if dt.is_float(e.dtype):
            floats.append(ir.Cast("float64", e))
            expected_f.append(sem.cast(v, e.dtype, "float64"))
        else:
            ints.append(ir.Cast("int64", e) if e.dtype != "int64" else e)
            expected_i.append(sem.cast(v, e.dtype, "int64"))
    oi = ir.Buffer("oi", "int64", (max(len(ints), 1),))
    of = ir.Buffer("of", "float64", (max(len(floats), 1),))
    body = [ir.Store(oi, (n,), e) for n, e in enumerate(ints)] + [ir.Store(of, (n,), e) for n, e in enumerate(floats)]
    params = [(oi, "out"), (of, "out")] + [v for vs in VARS.values() for v in vs]
    k = ir.kernel("sem", params, body)
    args = {"oi": np.zeros(oi.shape[0].value, np.int64), "of": np.zeros(of.shape[0].value), **env}
    out = ir.compile_and_run(k, args)
    for n, (e, want) in enumerate(zip(ints, expected_i)):
        assert int(out["oi"][n]) == want, f"{ir.print_ir(e)}: C gives {out['oi'][n]}, folding gives {want}"
    for n, (e, want) in enumerate(zip(floats, expected_f)):
        got = float(out["of"][n])
        same = (math.isnan(got) and math.isnan(want)) or (got == want and math.copysign(1, got) == math.copysign(1, want))
        assert same, f"{ir.print_ir(e)}: C gives {got!r}, folding gives {want!r} (env {env})"
