"""The scalar meaning of BANG C intrinsics as IR (detensorization), derived from the intrinsic table.

Every entry of `intrinsics.INTRINSICS` that computes or moves data gets an `IntrinsicLifting` whose
builder returns loop nests with the engine's exact effect (runtime/bang_ops.cpp, bang_runtime.cpp):

* the overload is chosen from the table's C signature patterns (`FORMS`): argument count and which
  arguments are pointers (`Address`) select the form, the pointers' element types select the
  overload (a type the table lacks for that form is a `ValueError`);
* element-wise operations follow the engine's op code (`entry.op`): +, -, *, / in the element type
  (the engine computes in double and rounds once, which equals one IR operation per element for these);
  integer results wrap; math functions are `Call`s of class ``ulp`` (4.1 accurate functions) or
  ``approx`` (4.4 activations, Taylor approximations); composite functions of half/bfloat16 compute in
  float32 and round once;
* sums (reduce_sum, sum, sumpool/avgpool, conv, mlp, matmul) accumulate in float64 in the engine's
  order and round once at the end as the engine does (through float32 for half/bfloat16; integer
  outputs of tensor ops round to nearest even and saturate), so the lifted code is bit-identical
  to the engine;
* an in-place call (dst is a source) is computed in place when every source is read only at the
  element being written from the same address; any other overlap is staged through a local buffer
  (the engine computes into scratch memory first);
* `__memcpy` / `__memcpy_async` / `__bang_move` copy bytes: sizes and strides (bytes) are divided by
  the element sizes; pointers of different element types of the same width are reinterpreted
  (`Bitcast`), of different widths are split into or composed from bytes (little-endian). Copies
  within one buffer have memmove semantics per segment (forward or backward by the addresses).
  Byte counts must be whole elements of both sides (a constant that is not is a `ValueError`;
  run-time values are assumed to be);
* the fills take the element width from the value's C type (`__bang_write_value(half_ptr, n, 0)`
  writes n 4-byte ints), as cncc's overload set does.

Scalar arguments are converted as C converts them to the parameter type (counts, strides and
fixed-point positions become int32: values past 2^31 are invalid calls anyway). Arguments that read
memory are bound once (`Let`) before the loops, as C evaluates them before the call.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ... import ir
from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.expr import Address, Binary, Bitcast, Cast, Const, Expr, Load, Var
from ...ir.evaluate import evaluate
from ...ir.names import Names
from ...ir.stmt import Alloc, Barrier, Block, If, Let, Loop, Stmt, Store, block
from ...ir.visitor import walk
from ...lift.calls import IntrinsicLifting
from .intrinsics import FORMS, INTRINSICS as TABLE, NUMPY, ROUNDINGS, Intrinsic

# ------------------------------------------------------------------------------------------ constants

_TYPES_H = Path(__file__).parent / "include" / "xpiler_bang" / "types.h"


def _enum_values(text: str, type_name: str) -> dict[str, int]:
    m = re.search(r"typedef\s+enum\s*\{([^}]*)\}\s*" + type_name + r"\s*;", text)
    if not m:
        raise RuntimeError(f"{_TYPES_H}: no enum {type_name}")
    return {k: int(v) for k, v in re.findall(r"(\w+)\s*=\s*(\d+)", m.group(1))}


def _constants() -> dict[str, int]:
    text = _TYPES_H.read_text()
    out: dict[str, int] = {}
    out.update(_enum_values(text, "mluMemcpyDirection_t"))
    out.update(_enum_values(text, "mluFusionOpCode"))
    return out


CONSTANTS: dict[str, int] = _constants()
VALUE_TYPES: dict[str, tuple[str, int]] = {}
FUSION_CODES = {k: v for k, v in CONSTANTS.items() if k.startswith("FUSION_")}

# ------------------------------------------------------------------------------------------ helpers

F64, F32, I32, U32 = "float64", "float32", "int32", "uint32"


class LiftError(ValueError):
    pass


class _NoOverload(LiftError):
    """The argument pattern fits a form but not its element types (another form may fit)."""


def _int_const(e) -> int | None:
    return int(e.value) if isinstance(e, Const) and dt.is_int(e.dtype) else None


def _lift_int(a, b):
    """Python ints next to an integer expression become constants of its type."""
    if isinstance(a, int) and not isinstance(a, bool) and isinstance(b, Expr) and dt.is_int(b.dtype):
        a = Const(a, b.dtype)
    if isinstance(b, int) and not isinstance(b, bool) and isinstance(a, Expr) and dt.is_int(a.dtype):
        b = Const(b, a.dtype)
    return a, b


def _add(a, b) -> Expr:
    """a + b (C conversions), folding integer constants."""
    a, b = _lift_int(a, b)
    if isinstance(a, Expr) and isinstance(b, Expr) and dt.is_int(a.dtype) and dt.is_int(b.dtype):
        ca, cb = _int_const(a), _int_const(b)
        t = dt.promote(a.dtype, b.dtype)
        if ca is not None and cb is not None:
            return Const(ca + cb, t)
        if ca == 0 and t == b.dtype:
            return b
        if cb == 0 and t == a.dtype:
            return a
    return ir.add(a, b)


def _mul(a, b) -> Expr:
    """a * b (C conversions), folding integer constants."""
    a, b = _lift_int(a, b)
    if isinstance(a, Expr) and isinstance(b, Expr) and dt.is_int(a.dtype) and dt.is_int(b.dtype):
        ca, cb = _int_const(a), _int_const(b)
        t = dt.promote(a.dtype, b.dtype)
        if ca is not None and cb is not None:
            return Const(ca * cb, t)
        if ca == 1 and t == b.dtype:
            return b
        if cb == 1 and t == a.dtype:
            return a
    return ir.mul(a, b)


def _has_load(e: Expr) -> bool:
    return any(isinstance(n, Load) for n in walk(e))


def _fold(e: Expr) -> Expr:
    """`e` as a constant when it has no variables and loads."""
    if isinstance(e, Const) or any(isinstance(n, (Var, Load)) for n in walk(e)):
        return e
    try:
        return Const(evaluate(e), e.dtype)
    except Exception:
        return e


class _Ctx:
    """Per-call state: fresh names and the statements that bind arguments before the loops."""

    def __init__(self, name: str, names: Names):
        self.name = name
        self.names = names
        self.pre: list[Stmt] = []

    def fresh(self, hint: str) -> str:
        return self.names.fresh(hint)

    def var(self, hint: str, dtype: str = I32) -> Var:
        return Var(self.fresh(hint), dtype)

    def value(self, hint: str, e: Expr) -> Expr:
        """A constant when `e` folds to one, else a variable bound before the call's effect."""
        e = _fold(e)
        return e if isinstance(e, (Const, Var)) else self.let(hint, e)

    def let(self, hint: str, value: Expr, out: list | None = None) -> Var:
        v = Var(self.fresh(hint), value.dtype)
        (self.pre if out is None else out).append(Let(v, value))
        return v

    def bind(self, hint: str, e: Expr) -> Expr:
        """`e` itself unless it reads memory: then a variable bound before the call's effect."""
        return self.let(hint, e) if _has_load(e) else e

    def local(self, hint: str, dtype: str, shape=()) -> Buffer:
        return Buffer(self.fresh(hint), dtype, tuple(shape), "local")

    def error(self, msg: str) -> LiftError:
        return LiftError(f"{self.name}: {msg}")


class _Ptr:
    """A pointer argument: element e is the element at row-major position off + e of buf (for the
    1-D buffers of the call convention: buf[off + e]; a 0-d buffer is its single element)."""

    def __init__(self, buf: Buffer, off: Expr):
        self.buf, self.off = buf, off

    @property
    def dtype(self) -> str:
        return self.buf.dtype

    @property
    def width(self) -> int:
        return dt.itemsize(self.dtype)

    def index(self, i) -> Expr:
        i = ir.as_expr(i)
        if isinstance(self.off, Const) and self.off.value == 0:
            return i
        if isinstance(i, Const) and i.value == 0:
            return self.off
        return _add(self.off, i)

    def _indices(self, i) -> tuple:
        shape = self.buf.shape
        if not shape:
            return ()
        lin = self.index(i)
        if len(shape) == 1:
            return (lin,)
        out = []
        for k in range(len(shape) - 1, -1, -1):
            out.append(ir.mod(lin, shape[k]) if k else lin)
            lin = ir.div(lin, shape[k])
        return tuple(reversed(out))

    def at(self, i) -> Expr:
        return Load(self.buf, self._indices(i))

    def store(self, i, value: Expr) -> Stmt:
        value = ir.as_expr(value, self.dtype)
        if value.dtype != self.dtype:
            value = ir.cast(self.dtype, value)
        return Store(self.buf, self._indices(i), value)

    def same_buffer(self, other: "_Ptr") -> bool:
        return self.buf.name == other.buf.name


def _ptr(ctx: _Ctx, e: Expr, what: str) -> _Ptr:
    if not isinstance(e, Address):
        raise ctx.error(f"{what} must be a pointer (an Address), got {type(e).__name__} of type {e.dtype}")
    b = e.buffer
    if not e.indices:
        off = Const(0, I32)
    elif len(e.indices) == 1:
        off = e.indices[0]
    else:                      # &buf[i][j] of a row-major buffer: the linear position
        off = e.indices[0]
        for ext, idx in zip(b.shape[1:], e.indices[1:]):
            off = _add(_mul(off, ext), idx)
    return _Ptr(b, ctx.bind(f"{what}_off", off))


def _count(ctx: _Ctx, e: Expr, what: str) -> Expr:
    """A scalar argument converted to int32 (unsigned int / int parameters)."""
    if isinstance(e, Address):
        raise ctx.error(f"{what} must be a scalar, got a pointer")
    if e.dtype == "bool":
        e = ir.cast(I32, e)
    return ctx.bind(what, _to_int32(e))


def _to_int32(e: Expr) -> Expr:
    """`e` converted to int32 as C converts an integer (or truncates a float)."""
    # integer casts to 32 bits or more keep the low 32 bits of the value: (int)(uint64_t)n is n
    while isinstance(e, Cast) and dt.is_int(e.dtype) and dt.bits(e.dtype) >= 32 and dt.is_int(e.value.dtype):
        e = e.value
    if isinstance(e, Const) and dt.is_int(e.dtype):
        return Const(dt.wrap(int(e.value), I32), I32)
    return e if e.dtype == I32 else ir.cast(I32, e)


def _try_div(e: Expr, w: int) -> Expr | None:
    """e / w rewritten without a division when e is visibly a multiple of w (n * 4 / 4 is n)."""
    if w == 1:
        return e
    if isinstance(e, Const) and dt.is_int(e.dtype):
        return Const(int(e.value) // w, e.dtype) if e.value % w == 0 else None
    if isinstance(e, Binary) and e.op == "*":
        for a, b in ((e.a, e.b), (e.b, e.a)):
            if isinstance(b, Const) and b.value % w == 0:
                k = int(b.value) // w
                return a if k == 1 else Binary("*", a, Const(k, b.dtype))
        for a, b in ((e.a, e.b), (e.b, e.a)):
            q = _try_div(a, w)
            if q is not None:
                return Binary("*", q, b)
        return None
    if isinstance(e, Binary) and e.op in ("+", "-"):
        a, b = _try_div(e.a, w), _try_div(e.b, w)
        return Binary(e.op, a, b) if a is not None and b is not None else None
    if isinstance(e, Cast) and dt.is_int(e.dtype) and dt.is_int(e.value.dtype):
        q = _try_div(e.value, w)
        return None if q is None else (_to_int32(q) if e.dtype == I32 else ir.cast(e.dtype, q))
    return None


def _exact_div(ctx: _Ctx, e: Expr, w: int, what: str) -> Expr:
    """e / w for an int32 byte count that is a whole number of w-byte elements (a constant that is
    not is an error; a run-time value is assumed to be)."""
    q = _try_div(e, w)
    if q is not None:
        return q
    if isinstance(e, Const):
        raise ctx.error(f"{what} ({e.value} bytes) is not a whole number of {w}-byte elements")
    return ir.div(e, w)


def _loop(ctx: _Ctx, hint: str, extent: Expr, body: Callable[[Var], Stmt | list]) -> Loop:
    v = ctx.var(hint, I32)
    extent = ir.as_expr(extent, I32)
    if extent.dtype != I32:
        extent = ir.cast(I32, extent)
    return Loop(v, extent, block(body(v)))


def _c(value, dtype: str) -> Const:
    return Const(value, dtype)


def _f64(e: Expr) -> Expr:
    return ir.cast(F64, e)


def _uint(w: int) -> str:
    return {1: "uint8", 2: "uint16", 4: "uint32", 8: "uint64"}[w]


def _bits(e: Expr) -> Expr:
    """The bits of a value as an unsigned integer of its width."""
    if e.dtype == "bool":
        return ir.cast("uint8", e)
    u = _uint(dt.itemsize(e.dtype))
    if e.dtype == u:
        return e
    if dt.is_int(e.dtype):
        return ir.cast(u, e)
    return Bitcast(u, e)


def _from_bits(bits: Expr, dtype: str) -> Expr:
    """A value of `dtype` from unsigned bits of its width."""
    if dtype == "bool":
        return ir.cast("bool", bits)
    if dt.is_int(dtype):
        return ir.cast(dtype, bits)
    return Bitcast(dtype, bits)


def _reinterpret(e: Expr, dtype: str) -> Expr:
    """The same bits read as `dtype` (same width)."""
    if e.dtype == dtype:
        return e
    if dt.itemsize(e.dtype) != dt.itemsize(dtype):
        raise TypeError(f"cannot reinterpret {e.dtype} as {dtype}")
    return _from_bits(_bits(e), dtype)


def _put(v: Expr, dtype: str) -> Expr:
    """The engine's put(): a float64 result rounded to a float element type (through float32 for
    half/bfloat16, as the engine does), or truncated and wrapped to an integer type."""
    if dtype == F32:
        return ir.cast(F32, v)
    if dtype in ("float16", "bfloat16"):
        return ir.cast(dtype, ir.cast(F32, v))
    if dt.is_int(dtype):
        return ir.cast(dtype, ir.cast("int64", v)) if dt.is_float(v.dtype) else ir.cast(dtype, v)
    return ir.cast(dtype, v)


def _int_round(ctx: _Ctx, v: Expr, mode: str, lo: int, hi: int, out: list) -> Expr:
    """The engine's float_to_int(v, mode, lo, hi) on a float64 `v` (NaN gives hi), as an int64."""
    v = ctx.let("v", v, out) if not isinstance(v, (Var, Const)) else v
    r = {"rn": lambda: ir.call("rint", v), "tz": lambda: ir.call("trunc", v), "up": lambda: ir.call("ceil", v),
         "dn": lambda: ir.call("floor", v),
         "oz": lambda: ir.select(ir.gt(v, 0.0), ir.call("ceil", v), ir.call("floor", v)),
         "rd": lambda: ir.call("round", v), "rm": lambda: ir.call("floor", _add(v, 0.5))}[mode]()
    r = ctx.let("r", r, out)
    return ir.select(ir.call("isnan", v), _c(hi, "int64"),
                     ir.select(ir.lt(r, float(lo)), _c(lo, "int64"),
                               ir.select(ir.gt(r, float(hi)), _c(hi, "int64"), ir.cast("int64", r))))


def _put_sat(ctx: _Ctx, v: Expr, dtype: str, out: list) -> Expr:
    """Tensor-op outputs: integers round to nearest even and saturate; floats as `_put`."""
    if dt.is_int(dtype):
        lo, hi = dt.int_range(dtype)
        return ir.cast(dtype, _int_round(ctx, v, "rn", lo, hi, out))
    return _put(v, dtype)


_INF16 = {"float16": 0x7C00, "bfloat16": 0x7F80}


def _round16(ctx: _Ctx, v: Expr, dtype: str, mode: str, out: list) -> Expr:
    """The engine's round16: float64 `v` to half/bfloat16 with a rounding mode (bang_ops.cpp)."""
    h = ctx.let("h", ir.cast(dtype, ir.cast(F32, v)), out)
    if mode == "rn":
        return h
    inf = _INF16[dtype]
    u = "uint16"
    b = ctx.let("hb", Bitcast(u, h), out)
    neg = ir.ne(b & 0x8000, 0)
    up = ir.select(ir.eq(b, 0x8000), _c(1, u),
                   ir.select(neg, ir.cast(u, b - 1), ir.select(ir.eq(b, inf), b, ir.cast(u, b + 1))))
    down = ir.select(ir.eq(b, 0), _c(0x8001, u),
                     ir.select(neg, ir.select(ir.eq(b, inf | 0x8000), b, ir.cast(u, b + 1)), ir.cast(u, b - 1)))
    hv = ctx.let("hv", _f64(h), out)
    above = ctx.let("above", ir.gt(hv, v), out)
    lo = ctx.let("lo", ir.select(above, down, b), out)
    hi = ctx.let("hi", ir.select(above, b, up), out)
    lv = ctx.let("lv", _f64(Bitcast(dtype, lo)), out)
    uv = ctx.let("uv", _f64(Bitcast(dtype, hi)), out)
    overflow = ir.logical_or(ir.call("isinf", lv), ir.call("isinf", uv))
    dl, du = ir.sub(v, lv), ir.sub(uv, v)
    pos = ir.gt(v, 0.0)
    nearest = ir.select(ir.lt(dl, du), lo, hi)
    choice = {
        "tz": ir.select(pos, lo, hi), "oz": ir.select(pos, hi, lo), "up": hi, "dn": lo,
        "rd": ir.select(ir.logical_or(overflow, ir.ne(dl, du)), ir.select(overflow, b, nearest),
                        ir.select(pos, hi, lo)),
        "rm": ir.select(ir.logical_or(overflow, ir.ne(dl, du)), ir.select(overflow, b, nearest), hi),
    }[mode]
    return ir.select(ir.logical_or(ir.call("isnan", v), ir.eq(hv, v)), h, Bitcast(dtype, choice))


# ------------------------------------------------------------------------------------------ forms

def _parse_params(text: str) -> list[tuple[str, bool, bool]]:
    """(name, is_pointer, has_default) of each C parameter of a form."""
    out = []
    for p in text.split(","):
        p = p.strip()
        if not p:
            continue
        default = "=" in p
        decl = p.split("=")[0]
        out.append((re.findall(r"\w+", decl)[-1], "*" in decl, default))
    return out


_PARAMS = {name: _parse_params(f.params) for name, f in FORMS.items()}
_RETURNS_VALUE = {name for name, f in FORMS.items() if f.ret != "void"}


def _match(form: str, args: list[Expr]) -> dict[str, Expr] | None:
    params = _PARAMS[form]
    required = sum(1 for _, _, d in params if not d)
    if not required <= len(args) <= len(params):
        return None
    for (_, is_ptr, _), a in zip(params, args):
        if is_ptr != isinstance(a, Address):
            return None
    return {p[0]: a for p, a in zip(params, args)}


def _types_of(entry: Intrinsic, form: str) -> list[dict[str, str]]:
    """The overload substitutions of `form` as IR dtypes ({"T": "float32"}, {"D": ..., "S": ...})."""
    out = []
    for ov in entry.overloads:
        if ov.form == form:
            for sub in ov.types:
                out.append({k: NUMPY.get(v, v) for k, v in sub.items() if k != "@"})
    return out


def _check_types(ctx: _Ctx, entry: Intrinsic, form: str, **have: str) -> None:
    subs = _types_of(entry, form)
    keys = [k for k in have if any(k in s for s in subs)]
    if not keys:
        return
    if not any(all(s.get(k) == have[k] for k in keys) for s in subs):
        options = sorted({", ".join(f"{k}={s[k]}" for k in keys if k in s) for s in subs})
        got = ", ".join(f"{k}={have[k]}" for k in keys)
        raise _NoOverload(f"{ctx.name}: no overload of the {form} form for {got} (the table has: "
                          f"{'; '.join(options)})")


def _op_code(entry: Intrinsic) -> str:
    return entry.op.rsplit("::", 1)[-1]


def _rounding(entry: Intrinsic) -> str:
    """The rounding mode of a conversion: its engine op (R_TZ, ...) or the entry's `rounding`."""
    code = _op_code(entry)
    modes = {v: k for k, v in ROUNDINGS.items()}
    return modes.get(code, entry.rounding or "rn")


# ------------------------------------------------------------------------------------------ scalar ops

_ACTIVE_PRECISION = "approx"


def _precision(entry: Intrinsic) -> str:
    if entry.family == "activation":
        return "exact" if entry.exact else _ACTIVE_PRECISION
    return "" if entry.exact else "ulp"


def _work(dtype: str) -> str:
    return F32 if dtype in ("float16", "bfloat16") else dtype


def _unary_value(ctx: _Ctx, entry: Intrinsic, op: str, x: Expr, dtype: str, dst: str) -> Expr:
    """The engine's unary_real / unary_int of `x` (element type `dtype`), as a `dst` value."""
    prec = _precision(entry)
    if dt.is_int(dtype):
        if op in ("U_RELU", "U_ACTIVE_RELU"):
            return ir.select(ir.gt(x, 0), x, _c(0, dtype))
        if op in ("U_ABS", "U_ACTIVE_ABS"):
            return ir.call("abs", x)
        if op == "U_NEG":
            return ir.cast(dtype, ir.neg(x))
        if op == "U_SQUARE":
            xd = ir.cast(dst, x)
            return ir.cast(dst, _mul(xd, xd))
        if op == "U_NOT":
            return ir.select(ir.eq(x, 0), _c(1, dtype), _c(0, dtype))
        if op == "U_BNOT":
            return ir.cast(dtype, ~x)
        raise ctx.error(f"no integer form of {op}")
    one, zero = _c(1, dtype), _c(0, dtype)
    simple = {
        "U_RELU": lambda: ir.select(ir.gt(x, zero), x, zero),
        "U_ACTIVE_RELU": lambda: ir.select(ir.gt(x, zero), x, zero),
        "U_ABS": lambda: ir.call("abs", x), "U_ACTIVE_ABS": lambda: ir.call("abs", x),
        "U_NEG": lambda: ir.neg(x),
        "U_FLOOR": lambda: ir.call("floor", x),
        "U_ROUND": lambda: ir.call("round", x),
        "U_SQUARE": lambda: _mul(x, x),
        "U_NOT": lambda: ir.select(ir.eq(x, zero), one, zero),
        "U_ACTIVE_SIGN": lambda: ir.select(ir.ge(x, zero), one, _c(-1, dtype)),
    }
    if op in simple:
        return simple[op]()
    if op in ("U_RECIP", "U_ACTIVE_RECIP", "U_ACTIVE_RECIPHP", "U_ACTIVE_RECIP_GREATER_1"):
        return ir.div(one, x)
    single = {"U_SQRT": "sqrt", "U_ACTIVE_SQRT": "sqrt", "U_ACTIVE_SQRTHP": "sqrt", "U_RSQRT": "rsqrt",
              "U_ACTIVE_RSQRT": "rsqrt", "U_ACTIVE_RSQRTHP": "rsqrt", "U_SIN": "sin", "U_ACTIVE_SIN": "sin",
              "U_TAYLOR3_SIN": "sin", "U_TAYLOR4_SIN": "sin", "U_COS": "cos", "U_ACTIVE_COS": "cos",
              "U_TAYLOR3_COS": "cos", "U_TAYLOR4_COS": "cos", "U_POW2": "exp2", "U_ACTIVE_POW2": "exp2",
              "U_LOG": "log2", "U_ACTIVE_LOG": "log", "U_ACTIVE_LOGHP": "log", "U_ACTIVE_EXP": "exp",
              "U_ACTIVE_EXPHP": "exp", "U_ACTIVE_EXP_LESS_0": "exp", "U_ACTIVE_TANH": "tanh",
              "U_TAYLOR3_TANH": "tanh", "U_TAYLOR4_TANH": "tanh"}
    if op in single:
        return ir.call(single[op], x, precision=prec)
    # composite functions: computed in float32 (or the element type) and rounded once
    w = _work(dtype)
    xw = ir.cast(w, x)
    p = prec or "ulp"
    if op in ("U_ACTIVE_SIGMOID", "U_TAYLOR3_SIGMOID", "U_TAYLOR4_SIGMOID"):
        r = ir.div(_c(1.0, w), _add(_c(1.0, w), ir.call("exp", ir.neg(xw), precision=p)))
    elif op in ("U_ACTIVE_GELU", "U_ACTIVE_GELUP"):
        r = _mul(_mul(_c(0.5, w), xw),
                   _add(_c(1.0, w), ir.call("erf", _mul(xw, _c(0.7071067811865476, w)), precision=p)))
    elif op in ("U_TAYLOR3_SOFTPLUS", "U_TAYLOR4_SOFTPLUS"):
        r = ir.call("log1p", ir.call("exp", xw, precision=p), precision=p)
    else:
        raise ctx.error(f"no lifting for unary op {op}")
    return ir.cast(dst, r)


_FIRST = {"FUSION_FMA": "B_MUL", "FUSION_FMS": "B_MUL", "FUSION_FAM": "B_ADD", "FUSION_FSM": "B_SUB",
          "FUSION_FAA": "B_ADD", "FUSION_FAS": "B_ADD", "FUSION_FSS": "B_SUB", "FUSION_FSA": "B_SUB"}
_SECOND = {"FUSION_FMA": "B_ADD", "FUSION_FMS": "B_SUB", "FUSION_FAM": "B_MUL", "FUSION_FSM": "B_MUL",
           "FUSION_FAA": "B_ADD", "FUSION_FAS": "B_SUB", "FUSION_FSS": "B_SUB", "FUSION_FSA": "B_ADD"}


def _binary_value(ctx: _Ctx, op: str, a: Expr, b: Expr, dtype: str) -> Expr:
    """The engine's binary_real / binary_int of two `dtype` values, as a `dtype` value."""
    one, zero = _c(1, dtype), _c(0, dtype)

    def flag(cond):
        return ir.select(cond, one, zero)
    if dt.is_int(dtype):
        arith = {"B_ADD": ir.add, "B_ADD_TZ": ir.add, "B_SUB": ir.sub, "B_MUL": ir.mul, "B_DIV": ir.div,
                 "B_BAND": lambda x, y: x & y, "B_BOR": lambda x, y: x | y, "B_BXOR": lambda x, y: x ^ y}
        if op in arith:
            return ir.cast(dtype, arith[op](a, b))
        if op in ("B_MAXEQUAL", "B_MAXIMUM", "B_NAN_MAXIMUM"):
            return ir.select(ir.ge(a, b), a, b)
        if op in ("B_MINEQUAL", "B_MINIMUM", "B_NAN_MINIMUM"):
            return ir.select(ir.le(a, b), a, b)
    else:
        if op in ("B_ADD", "B_SUB", "B_MUL", "B_DIV"):
            return {"B_ADD": ir.add, "B_SUB": ir.sub, "B_MUL": ir.mul, "B_DIV": ir.div}[op](a, b)
        if op == "B_MAXEQUAL":          # NaN on either side gives a
            return ir.select(ir.logical_not(ir.lt(a, b)), a, b)
        if op == "B_MINEQUAL":
            return ir.select(ir.logical_not(ir.gt(a, b)), a, b)
        if op == "B_MAXIMUM":
            return ir.maximum(a, b)
        if op == "B_MINIMUM":
            return ir.minimum(a, b)
        if op in ("B_NAN_MAXIMUM", "B_NAN_MINIMUM"):
            nan = ir.logical_or(ir.call("isnan", a), ir.call("isnan", b))
            m = ir.maximum(a, b) if op == "B_NAN_MAXIMUM" else ir.minimum(a, b)
            return ir.select(nan, _c(float("nan"), dtype), m)
        if op == "B_NE":                # NaN compares unequal to nothing
            return flag(ir.logical_or(ir.lt(a, b), ir.gt(a, b)))
    cmp = {"B_EQ": ir.eq, "B_NE": ir.ne, "B_LT": ir.lt, "B_LE": ir.le, "B_GT": ir.gt, "B_GE": ir.ge}
    if op in cmp:
        return flag(cmp[op](a, b))
    if op in ("B_AND", "B_OR", "B_XOR"):
        x, y = ir.ne(a, zero), ir.ne(b, zero)
        logic = {"B_AND": ir.logical_and, "B_OR": ir.logical_or, "B_XOR": lambda p, q: ir.Compare("!=", p, q)}
        return flag(logic[op](x, y))
    raise ctx.error(f"no lifting for binary op {op} on {dtype}")


def _add_tz(ctx: _Ctx, a: Expr, b: Expr, dtype: str, out: list) -> Expr:
    """a + b rounded toward zero (the engine's add_tz followed by put(R_TZ))."""
    if dtype == F32:
        s = ctx.let("s", _add(a, b), out)
        bb = ctx.let("bb", ir.sub(s, a), out)
        err = ctx.let("err", _add(ir.sub(a, ir.sub(s, bb)), ir.sub(b, bb)), out)
        finite = ir.logical_and(ir.call("isfinite", a), ir.call("isfinite", b))
        overflow = ir.logical_and(ir.call("isinf", s), finite)
        away = ir.logical_and(ir.ne(err, 0.0), ir.Compare("!=", ir.gt(err, 0.0), ir.gt(s, 0.0)))
        step = Bitcast(F32, ir.cast(U32, Bitcast(U32, s) - 1))
        return ir.select(ir.logical_or(overflow, ir.logical_and(away, ir.call("isfinite", s))), step, s)
    if dtype in ("float16", "bfloat16"):
        return _round16(ctx, _add(_f64(a), _f64(b)), dtype, "tz", out)
    raise ctx.error(f"no round-toward-zero addition for {dtype}")


# ------------------------------------------------------------------------------------------ builders

def _elementwise(ctx: _Ctx, dst: _Ptr, n: Expr, value: Callable[[Expr, list], Expr],
                 pointwise: list[_Ptr], other: list[_Ptr] = ()) -> Stmt:
    """dst[i] = value(i) for i < n. Sources in `pointwise` are read only at element i; when one is
    dst's buffer at another address, or an `other` source is dst's buffer, the results are staged."""
    staged = any(p.same_buffer(dst) and p.off != dst.off for p in pointwise) or any(p.same_buffer(dst) for p in other)

    def body(target: _Ptr):
        def inner(i):
            lets: list[Stmt] = []
            v = value(i, lets)
            return lets + [target.store(i, v)]
        return _loop(ctx, "i", n, inner)
    if not staged:
        return body(dst)
    tmp = ctx.local("tmp", dst.dtype, (n,))
    return block(Alloc(tmp), body(_Ptr(tmp, Const(0, I32))),
                 _loop(ctx, "i", n, lambda j: dst.store(j, Load(tmp, (j,)))))


def _staged(ctx: _Ctx, dst: _Ptr, size: Expr, alias: bool, body: Callable[[_Ptr], Stmt]) -> Stmt:
    """body(target) writes elements [0, size) of target; through a local buffer when `alias`."""
    if not alias:
        return body(dst)
    tmp = ctx.local("tmp", dst.dtype, (size,))
    return block(Alloc(tmp), body(_Ptr(tmp, Const(0, I32))),
                 _loop(ctx, "i", size, lambda j: dst.store(j, Load(tmp, (j,)))))


def _elem_as(ctx: _Ctx, p: _Ptr, i, dtype: str, what: str) -> Expr:
    """Element i of p read as `dtype` (a pointer of another type of the same width is reinterpreted)."""
    v = p.at(i)
    if p.dtype == dtype:
        return v
    if dt.itemsize(p.dtype) == dt.itemsize(dtype) and "bool" not in (p.dtype, dtype):
        return _reinterpret(v, dtype)
    raise ctx.error(f"{what} points to {p.dtype} elements but the operation works on {dtype}")


def _scalar_value(ctx: _Ctx, e: Expr, dtype: str, what: str) -> Expr:
    """A scalar argument converted to the element type as C++ converts it."""
    if isinstance(e, Address):
        raise ctx.error(f"{what} must be a scalar")
    return ctx.bind(what, ir.cast(dtype, e))


def b_unary(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    if form == "unary_widen":
        _check_types(ctx, entry, form, D=dst.dtype, S=src.dtype)
        d, s = dst.dtype, src.dtype
    else:
        _check_types(ctx, entry, form, T=dst.dtype)
        d = s = dst.dtype
    op = _op_code(entry)
    return _elementwise(ctx, dst, n, lambda i, out: _unary_value(ctx, entry, op, _elem_as(ctx, src, i, s, "src"), s, d),
                        [src] if d == s else [], [] if d == s else [src])


def _binary_fn(ctx, entry, dtype):
    op = _op_code(entry)
    if op == "B_ADD_TZ":
        return lambda x, y, out: _add_tz(ctx, x, y, dtype, out)
    return lambda x, y, out: _binary_value(ctx, op, x, y, dtype)


def b_binary(entry, form, a, ctx):
    dst, s0, s1 = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src0"], "src0"), _ptr(ctx, a["src1"], "src1")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    fn = _binary_fn(ctx, entry, t)
    return _elementwise(ctx, dst, n, lambda i, out: fn(_elem_as(ctx, s0, i, t, "src0"), _elem_as(ctx, s1, i, t, "src1"),
                                                       out), [s0, s1])


def b_scalar(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    value = _scalar_value(ctx, a["value"], t, "value")
    n = _count(ctx, a["n"], "n")
    fn = _binary_fn(ctx, entry, t)
    return _elementwise(ctx, dst, n, lambda i, out: fn(_elem_as(ctx, src, i, t, "src"), value, out), [src])


def b_cycle(entry, form, a, ctx):
    dst, src, seg = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src"), _ptr(ctx, a["seg"], "seg")
    n, seg_n = _count(ctx, a["src_n"], "src_n"), _count(ctx, a["seg_n"], "seg_n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    fn = _binary_fn(ctx, entry, t)
    return _elementwise(ctx, dst, n, lambda i, out: fn(_elem_as(ctx, src, i, t, "src"),
                                                       _elem_as(ctx, seg, ir.mod(i, seg_n), t, "seg"), out),
                        [src], [seg])


def b_distance(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    dist, n = _count(ctx, a["distance"], "distance"), _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    fn = _binary_fn(ctx, entry, t)
    return _elementwise(ctx, dst, n, lambda i, out: fn(_elem_as(ctx, src, i, t, "src"),
                                                       _elem_as(ctx, src, _add(i, dist), t, "src"), out), [], [src])


def b_div_work(entry, form, a, ctx):
    dst, s0, s1 = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src0"], "src0"), _ptr(ctx, a["src1"], "src1")
    work = _ptr(ctx, a["work"], "work")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    fn = _binary_fn(ctx, entry, t)
    compute = _elementwise(ctx, dst, n, lambda i, out: fn(_elem_as(ctx, s0, i, t, "src0"),
                                                          _elem_as(ctx, s1, i, t, "src1"), out), [s0, s1])
    # the engine leaves the work buffer filled with 0xff bytes (its contents are undefined)
    ones = _from_bits(_c(-1, _uint(work.width)), work.dtype)
    return block(compute, _loop(ctx, "i", n, lambda i: work.store(i, ones)))


def b_fusion(entry, form, a, ctx):
    dst, s0 = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src0"], "src0")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    n = _count(ctx, a["n"], "n")
    seg_n = _count(ctx, a["seg_n"], "seg_n") if "seg_n" in a else None
    operands, others = [], []
    for key in ("src1", "src2"):
        e = a[key]
        if isinstance(e, Address):
            p = _ptr(ctx, e, key)
            operands.append(p)
            (others if seg_n is not None else []).append(p)
        else:
            operands.append(_scalar_value(ctx, e, t, key))
    code = a["op"]

    def compose(name, x, y, z):
        return _binary_value(ctx, _SECOND[name], _binary_value(ctx, _FIRST[name], x, y, t), z, t)

    def value(i, out):
        j = ir.mod(i, seg_n) if seg_n is not None else i
        y, z = (_elem_as(ctx, o, j, t, k) if isinstance(o, _Ptr) else o for o, k in zip(operands, ("src1", "src2")))
        x = _elem_as(ctx, s0, i, t, "src0")
        c = _int_const(code) if not isinstance(code, Address) else None
        if c is not None:
            names = [k for k, v in FUSION_CODES.items() if v == c]
            if not names:
                raise ctx.error(f"{c} is not a mluFusionOpCode")
            return compose(names[0], x, y, z)
        r = _c(float("nan"), t)
        for name, v in sorted(FUSION_CODES.items(), key=lambda kv: -kv[1]):
            r = ir.select(ir.eq(code, v), compose(name, x, y, z), r)
        return r
    pointwise = [s0] + [o for o in operands if isinstance(o, _Ptr) and o not in others]
    return _elementwise(ctx, dst, n, value, pointwise, others)


def _acc_loop(ctx: _Ctx, acc: Buffer, extent: Expr, term: Callable[[Var], Expr], hint="k") -> Stmt:
    return _loop(ctx, hint, extent, lambda k: Store(acc, (), _add(Load(acc, ()), term(k))))


def b_reduce_sum(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    lanes = 128 // dt.itemsize(t)
    blocks = ctx.value("blocks", ir.div(n, lanes))
    acc = ctx.local("acc", F64)

    def sums(store):
        return _loop(ctx, "j", blocks, lambda j: [
            Store(acc, (), _c(0.0, F64)),
            _acc_loop(ctx, acc, _c(lanes, I32), lambda e: _f64(_elem_as(ctx, src, _add(_mul(j, lanes), e), t, "src"))),
            store(j, _put(Load(acc, ()), t))])
    # in place at the same address is safe: block j's sum lands on block j's first lane
    if not src.same_buffer(dst) or src.off == dst.off:
        return block(Alloc(acc), sums(lambda j, v: dst.store(_mul(j, lanes), v)))
    tmp = ctx.local("sums", t, (blocks,))
    return block(Alloc(acc), Alloc(tmp), sums(lambda j, v: Store(tmp, (j,), v)),
                 _loop(ctx, "j", blocks, lambda j: dst.store(_mul(j, lanes), Load(tmp, (j,)))))


def _result(ctx: _Ctx, args: list[Expr]) -> _Ptr:
    if not args or not isinstance(args[0], Address):
        raise ctx.error("a value-returning intrinsic gets its result buffer (an Address) first")
    return _ptr(ctx, args[0], "result")


def b_sum(entry, form, a, ctx, res):
    src = _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    t = src.dtype
    _check_types(ctx, entry, form, T=t)
    acc = ctx.local("acc", F64)
    return block(Alloc(acc), Store(acc, (), _c(0.0, F64)), _acc_loop(ctx, acc, n, lambda i: _f64(src.at(i)), "i"),
                 res.store(0, ir.cast(res.dtype, _put(Load(acc, ()), t))))


def _store_bits(ctx: _Ctx, p: _Ptr, elem: Expr, bits: Expr) -> list[Stmt]:
    """Store the bytes of `bits` (an unsigned value) from element `elem` of p on (little-endian)."""
    w, bw = p.width, dt.itemsize(bits.dtype)
    if w == bw:
        return [p.store(elem, _from_bits(bits, p.dtype))]
    if w < bw:
        u = _uint(w)
        return [p.store(_add(elem, q), _from_bits(ir.cast(u, bits >> (8 * w * q)), p.dtype)) for q in range(bw // w)]
    raise ctx.error(f"cannot store a {bw}-byte value into {p.dtype} elements")


def b_argext(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    is_max = entry.op == "true"
    best = ctx.local("best", U32)
    bv = ctx.local("bv", t)

    def step(i):
        v = ctx.var("v", t)
        cur = Load(bv, ())
        better = ir.gt(v, cur) if is_max else ir.lt(v, cur)
        cond = ir.logical_and(ir.logical_not(ir.call("isnan", v)), ir.logical_or(ir.call("isnan", cur), better))
        return [Let(v, _elem_as(ctx, src, i, t, "src")),
                If(cond, block(Store(bv, (), v), Store(best, (), ir.cast(U32, i))))]
    value = ctx.var("value", t)
    index = ctx.var("index", U32)
    return block(Alloc(best), Alloc(bv), Store(best, (), _c(0, U32)), Store(bv, (), _c(float("nan"), t)),
                 _loop(ctx, "i", n, step), Let(index, Load(best, ())),
                 Let(value, _elem_as(ctx, src, ir.cast(I32, index), t, "src")),
                 dst.store(0, value), *_store_bits(ctx, dst, _c(1, I32), index))


def b_count(entry, form, a, ctx, res):
    src = _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    _check_types(ctx, entry, form, T=src.dtype)
    c = ctx.local("count", U32)
    return block(Alloc(c), Store(c, (), _c(0, U32)),
                 _loop(ctx, "i", n, lambda i: If(ir.ne(src.at(i), _c(0, src.dtype)),
                                                 Store(c, (), _add(Load(c, ()), _c(1, U32))))),
                 res.store(0, ir.cast(res.dtype, Load(c, ()))))


def b_find1(entry, form, a, ctx, res):
    src = _ptr(ctx, a["src"], "src")
    n = _count(ctx, a["n"], "n")
    _check_types(ctx, entry, form, T=src.dtype)
    last = entry.op == "true"
    r = ctx.local("found", U32)
    none = _c(0xFFFFFFFF, U32)

    def step(i):
        nz = ir.ne(src.at(i), _c(0, src.dtype))
        cond = nz if last else ir.logical_and(nz, ir.eq(Load(r, ()), none))
        return If(cond, Store(r, (), ir.cast(U32, i)))
    return block(Alloc(r), Store(r, (), none), _loop(ctx, "i", n, step), res.store(0, ir.cast(res.dtype, Load(r, ()))))


def _pack(ctx, src, index, n, target: _Ptr, k: Buffer, t) -> Stmt:
    def step(i):
        kk = ctx.var("k", U32)
        return If(ir.ne(_elem_as(ctx, index, i, t, "index"), _c(0, t)),
                  block(Let(kk, Load(k, ())), target.store(ir.cast(I32, kk), _elem_as(ctx, src, i, t, "src")),
                        Store(k, (), _add(kk, _c(1, U32)))))
    return _loop(ctx, "i", n, step)


def b_filter(entry, form, a, ctx, res):
    dst, src, index = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src"), _ptr(ctx, a["index"], "index")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    k = ctx.local("kept", U32)
    head = [Alloc(k), Store(k, (), _c(0, U32))]
    tail = [res.store(0, ir.cast(res.dtype, Load(k, ())))]
    if not (dst.same_buffer(src) or dst.same_buffer(index)):
        return block(head, _pack(ctx, src, index, n, dst, k, t), tail)
    tmp = ctx.local("tmp", t, (n,))
    return block(head, Alloc(tmp), _pack(ctx, src, index, n, _Ptr(tmp, Const(0, I32)), k, t),
                 _loop(ctx, "i", ir.cast(I32, Load(k, ())), lambda i: dst.store(i, Load(tmp, (i,)))), tail)


def b_select(entry, form, a, ctx):
    dst, src, index = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src"), _ptr(ctx, a["index"], "index")
    n = _count(ctx, a["n"], "n")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    es = dt.itemsize(t)
    head_n = 128 // es
    k = ctx.local("kept", U32)
    tmp = ctx.local("tmp", t, (n,))
    kk = ctx.var("k", I32)
    pad_end = ctx.var("pad_end", I32)
    zero = _c(0, t)
    return block(
        Alloc(k), Store(k, (), _c(0, U32)), Alloc(tmp), _pack(ctx, src, index, n, _Ptr(tmp, Const(0, I32)), k, t),
        Let(kk, ir.cast(I32, Load(k, ()))), Let(pad_end, _mul(ir.div(_add(_mul(kk, es), 127), 128), head_n)),
        _loop(ctx, "i", kk, lambda i: dst.store(_add(i, head_n), Load(tmp, (i,)))),
        _loop(ctx, "i", ir.sub(pad_end, kk), lambda i: dst.store(_add(_add(i, kk), head_n), zero)),
        _loop(ctx, "i", _c(head_n, I32), lambda i: dst.store(i, zero)),
        _store_bits(ctx, dst, _c(0, I32), ir.cast(U32, kk)))


def b_pool(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    C, H, W = (_count(ctx, a[k], k) for k in ("channel", "height", "width"))
    KH, KW = _count(ctx, a["kernel_height"], "kh"), _count(ctx, a["kernel_width"], "kw")
    if form == "pool":
        SW, SH = _count(ctx, a["stride_width"], "sw"), _count(ctx, a["stride_height"], "sh")
    else:
        SW, SH = KW, KH
    Ho = ctx.value("ho", _add(ir.div(ir.sub(H, KH), SH), 1))
    Wo = ctx.value("wo", _add(ir.div(ir.sub(W, KW), SW), 1))
    op = _op_code(entry)
    summing = op in ("POOL_SUM", "POOL_AVG")
    acc = ctx.local("acc", F64 if summing else t)

    def body(target: _Ptr):
        def at(oh, ow, c):
            def window(kh, kw):
                v = _elem_as(ctx, src, _add(_mul(_add(_mul(_add(_mul(oh, SH), kh), W),
                                                             _add(_mul(ow, SW), kw)), C), c), t, "src")
                if summing:
                    return Store(acc, (), _add(Load(acc, ()), _f64(v)))
                first = ir.logical_and(ir.eq(kh, 0), ir.eq(kw, 0))
                better = ir.gt(v, Load(acc, ())) if op == "POOL_MAX" else ir.lt(v, Load(acc, ()))
                return If(ir.logical_or(first, better), Store(acc, (), v))
            init = Store(acc, (), _c(0.0, F64)) if summing else []
            result = Load(acc, ())
            if op == "POOL_AVG":
                result = ir.div(result, _mul(_f64(KH), _f64(KW)))
            out = _put(result, t) if summing else result
            return [init, _loop(ctx, "kh", KH, lambda kh: _loop(ctx, "kw", KW, lambda kw: window(kh, kw))),
                    target.store(_add(_mul(_add(_mul(oh, Wo), ow), C), c), out)]
        return block(Alloc(acc), _loop(ctx, "oh", Ho, lambda oh: _loop(ctx, "ow", Wo, lambda ow: _loop(
            ctx, "c", C, lambda c: at(oh, ow, c)))))
    return _staged(ctx, dst, _mul(_mul(Ho, Wo), C), dst.same_buffer(src), body)


def _scale(ctx: _Ctx, pos: Expr | None) -> Expr | None:
    """2^pos as a float64 (pos in [-127, 127]), None for pos 0."""
    if pos is None:
        return None
    c = _int_const(pos)
    if c is not None:
        return None if c == 0 else _c(2.0 ** c, F64)
    return Bitcast(F64, ir.cast("int64", _add(ir.cast("int64", pos), 1023)) << 52)


def _finish(ctx: _Ctx, acc: Buffer, scale, bias_value, dtype, out: list) -> Expr:
    v = Load(acc, ())
    if scale is not None:
        v = _mul(v, scale)
    if bias_value is not None:
        v = _add(v, _f64(bias_value))
    return _put_sat(ctx, v, dtype, out)


def b_conv(entry, form, a, ctx):
    dst, src, ker = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src"), _ptr(ctx, a["kernel"], "kernel")
    bias = _ptr(ctx, a["bias"], "bias") if "bias" in a else None
    d, s = dst.dtype, src.dtype
    _check_types(ctx, entry, form, D=d, S=s)
    Ci, H, W, KH, KW, SW, SH, Co = (_count(ctx, a[k], k) for k in ("ci", "h", "w", "kh", "kw", "sw", "sh", "co"))
    pos = _count(ctx, a["fix_position"], "pos") if "fix_position" in a else None
    scale = _scale(ctx, pos)
    Ho = ctx.value("ho", _add(ir.div(ir.sub(H, KH), SH), 1))
    Wo = ctx.value("wo", _add(ir.div(ir.sub(W, KW), SW), 1))
    acc = ctx.local("acc", F64)
    alias = any(p is not None and p.same_buffer(dst) for p in (src, ker, bias))

    def body(target: _Ptr):
        def at(oh, ow, co):
            def term(kh, kw, ci):
                x = _elem_as(ctx, src, _add(_mul(_add(_mul(_add(_mul(oh, SH), kh), W),
                                                             _add(_mul(ow, SW), kw)), Ci), ci), s, "src")
                w = _elem_as(ctx, ker, _add(_mul(_add(_mul(_add(_mul(co, KH), kh), KW), kw), Ci), ci),
                             s, "kernel")
                return Store(acc, (), _add(Load(acc, ()), _mul(_f64(x), _f64(w))))
            out: list[Stmt] = []
            v = _finish(ctx, acc, scale, _elem_as(ctx, bias, co, d, "bias") if bias else None, d, out)
            return [Store(acc, (), _c(0.0, F64)),
                    _loop(ctx, "kh", KH, lambda kh: _loop(ctx, "kw", KW, lambda kw: _loop(
                        ctx, "ci", Ci, lambda ci: term(kh, kw, ci)))),
                    out, target.store(_add(_mul(_add(_mul(oh, Wo), ow), Co), co), v)]
        return block(Alloc(acc), _loop(ctx, "oh", Ho, lambda oh: _loop(ctx, "ow", Wo, lambda ow: _loop(
            ctx, "co", Co, lambda co: at(oh, ow, co)))))
    return _staged(ctx, dst, _mul(_mul(Ho, Wo), Co), alias, body)


def b_mlp(entry, form, a, ctx):
    dst, src, flt = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src"), _ptr(ctx, a["filter"], "filter")
    bias = _ptr(ctx, a["bias"], "bias") if "bias" in a else None
    d, s = dst.dtype, src.dtype
    _check_types(ctx, entry, form, D=d, S=s)
    Hh, Ww = _count(ctx, a["height"], "height"), _count(ctx, a["width"], "width")
    pos = _count(ctx, a["fix_position"], "pos") if "fix_position" in a else None
    scale = _scale(ctx, pos)
    acc = ctx.local("acc", F64)
    alias = any(p is not None and p.same_buffer(dst) for p in (src, flt, bias))

    def body(target: _Ptr):
        def row(h):
            out: list[Stmt] = []
            v = _finish(ctx, acc, scale, _elem_as(ctx, bias, h, d, "bias") if bias else None, d, out)
            return [Store(acc, (), _c(0.0, F64)),
                    _acc_loop(ctx, acc, Ww, lambda w: _mul(_f64(_elem_as(ctx, src, w, s, "src")),
                                                             _f64(_elem_as(ctx, flt, _add(_mul(h, Ww), w), s,
                                                                           "filter"))), "w"),
                    out, target.store(h, v)]
        return block(Alloc(acc), _loop(ctx, "h", Hh, row))
    return _staged(ctx, dst, Hh, alias, body)


def b_matmul(entry, form, a, ctx):
    dst, A, B = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["A"], "A"), _ptr(ctx, a["B"], "B")
    C = _ptr(ctx, a["C"], "C") if "C" in a else None
    d, s = dst.dtype, A.dtype
    _check_types(ctx, entry, form, D=d, S=s)
    M, K, N = (_count(ctx, a[k], k) for k in ("M", "K", "N"))
    pos = _count(ctx, a["fix_position"], "pos") if "fix_position" in a else None
    scale = _scale(ctx, pos)
    acc = ctx.local("acc", F64)
    # C is read at the element being written: in place on C at the same address needs no staging
    alias = A.same_buffer(dst) or B.same_buffer(dst) or (C is not None and C.same_buffer(dst) and C.off != dst.off)

    def body(target: _Ptr):
        def at(m, n_):
            out: list[Stmt] = []
            idx = _add(_mul(m, N), n_)
            v = _finish(ctx, acc, scale, _elem_as(ctx, C, idx, d, "C") if C else None, d, out)
            return [Store(acc, (), _c(0.0, F64)),
                    _acc_loop(ctx, acc, K, lambda k: _mul(_f64(_elem_as(ctx, A, _add(_mul(m, K), k), s, "A")),
                                                            _f64(_elem_as(ctx, B, _add(_mul(n_, K), k), s, "B")))),
                    out, target.store(idx, v)]
        return block(Alloc(acc), _loop(ctx, "m", M, lambda m: _loop(ctx, "n", N, lambda n_: at(m, n_))))
    return _staged(ctx, dst, _mul(M, N), alias, body)


def b_reshape_filter(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    n, h, w, c = (_count(ctx, a[k], k) for k in ("n", "h", "w", "c"))
    total = _mul(_mul(_mul(n, h), w), c)
    # WRAM keeps the logical layout in the engine (bang.md 4.10 convention b): a copy
    return _staged(ctx, dst, total, dst.same_buffer(src),
                   lambda target: _loop(ctx, "i", total, lambda i: target.store(i, _elem_as(ctx, src, i, t, "src"))))


def b_transpose(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    t = dst.dtype
    _check_types(ctx, entry, form, T=t)
    Hh, Ww = _count(ctx, a["height"], "height"), _count(ctx, a["width"], "width")
    return _staged(ctx, dst, _mul(Hh, Ww), dst.same_buffer(src), lambda target: _loop(
        ctx, "h", Hh, lambda h: _loop(ctx, "w", Ww, lambda w: target.store(
            _add(_mul(w, Hh), h), _elem_as(ctx, src, _add(_mul(h, Ww), w), t, "src")))))


def _convert_value(ctx: _Ctx, entry: Intrinsic, x: Expr, d: str, s: str, pos: Expr | None, out: list) -> Expr:
    """The engine's convert() of one element (rounding mode entry.rounding, 2^pos fixed point)."""
    mode = _rounding(entry)
    scale = _scale(ctx, pos)
    v = _f64(x)
    if dt.is_int(d):
        if not dt.is_int(s) and scale is not None:
            v = ir.div(v, scale)
        lo, hi = dt.int_range(d)
        return ir.cast(d, _int_round(ctx, v, mode, lo, hi, out))
    if dt.is_int(s) and scale is not None:
        v = _mul(v, scale)
    if mode == "rn":
        return _put(v, d) if dt.is_int(s) or scale is not None else ir.cast(d, x)
    if d in ("float16", "bfloat16"):
        return _round16(ctx, v, d, mode, out)
    raise ctx.error(f"no rounding mode {mode} for {d}")


def b_convert(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    d, s = dst.dtype, src.dtype
    _check_types(ctx, entry, form, D=d, S=s)
    n = _count(ctx, a["n"], "n")
    pos = _count(ctx, a["fix_position"], "pos") if "fix_position" in a else None

    def value(i, out):
        return _convert_value(ctx, entry, src.at(i), d, s, pos, out)
    if form != "convert_strided":
        return _elementwise(ctx, dst, n, value, [src] if d == s else [], [] if d == s else [src])
    dst_stride = _exact_div(ctx, _count(ctx, a["dst_stride"], "dst_stride"), dt.itemsize(d), "dst_stride")
    src_stride = _exact_div(ctx, _count(ctx, a["src_stride"], "src_stride"), dt.itemsize(s), "src_stride")
    segs = _add(_count(ctx, a["segnum"], "segnum"), 1)
    staged = dst.same_buffer(src)

    def body(target_of):
        def seg(g):
            def el(i):
                out: list[Stmt] = []
                v = _convert_value(ctx, entry, src.at(_add(_mul(g, src_stride), i)), d, s, pos, out)
                return out + [target_of(g, i, v)]
            return _loop(ctx, "i", n, el)
        return _loop(ctx, "g", segs, seg)
    if not staged:
        return body(lambda g, i, v: dst.store(_add(_mul(g, dst_stride), i), v))
    tmp = ctx.local("tmp", d, (_mul(segs, n),))
    return block(Alloc(tmp), body(lambda g, i, v: Store(tmp, (_add(_mul(g, n), i),), v)),
                 _loop(ctx, "g", segs, lambda g: _loop(ctx, "i", n, lambda i: dst.store(
                     _add(_mul(g, dst_stride), i), Load(tmp, (_add(_mul(g, n), i),))))))


_SCALAR_CONV_DST = {"to_half": "float16", "to_bf16": "bfloat16", "to_float": F32, "to_int": I32}


def b_scalar_convert(entry, form, a, ctx, res):
    x = a["value"]
    if isinstance(x, Address):
        raise ctx.error("the value must be a scalar")
    sub = _types_of(entry, form)[0]
    s = sub["S"]
    d = _SCALAR_CONV_DST[form]
    x = ctx.bind("x", ir.cast(s, x))
    out: list[Stmt] = []
    if form == "to_int":
        # the engine: float_to_int((double)(float)value, mode, INT_MIN, INT_MAX)
        v = ir.cast(I32, _int_round(ctx, _f64(ir.cast(F32, x)), _rounding(entry), -2 ** 31, 2 ** 31 - 1, out))
    elif form == "to_float":
        v = ir.cast(F32, x) if not dt.is_int(s) else _put(_f64(x), F32)
    else:
        v = _round16(ctx, _f64(ir.cast(F32, x)), d, _rounding(entry), out)
    return block(out, res.store(0, ir.cast(res.dtype, v)))


# ----- data movement

def _copy_run(ctx: _Ctx, dst: _Ptr, d0: Expr, src: _Ptr, s0: Expr, count: Expr) -> Stmt:
    """Copy `count` dst elements starting at dst element d0 from the bytes at src element s0 on.
    Within one buffer: memmove semantics (backward when the destination lies after the source)."""
    wd, ws = dst.width, src.width
    if dst.same_buffer(src):
        fwd = _loop(ctx, "e", count, lambda e: dst.store(_add(d0, e), src.at(_add(s0, e))))

        def back(e):
            r = ir.sub(ir.sub(count, 1), e)
            return dst.store(_add(d0, r), src.at(_add(s0, r)))
        bwd = _loop(ctx, "e", count, back)
        return If(ir.le(dst.index(d0), src.index(s0)), fwd, bwd)

    def value(e):
        if wd == ws:
            v = src.at(_add(s0, e))
            return v if dst.dtype == src.dtype else _reinterpret(v, dst.dtype)
        if wd < ws:
            k = ws // wd
            word = _bits(src.at(_add(s0, ir.div(e, k))))
            part = ir.cast(_uint(wd), word >> _mul(ir.mod(e, k), 8 * wd))
            return _from_bits(part, dst.dtype)
        k = wd // ws
        u = _uint(wd)
        acc = None
        for q in range(k):
            piece = ir.cast(u, _bits(src.at(_add(s0, _add(_mul(e, k), q)))))
            if q:
                piece = ir.cast(u, piece << (8 * ws * q))
            acc = piece if acc is None else ir.cast(u, acc | piece)
        return _from_bits(acc, dst.dtype)
    return _loop(ctx, "e", count, lambda e: dst.store(_add(d0, e), value(e)))


def _check_widths(ctx, dst: _Ptr, src: _Ptr) -> None:
    if "bool" in (dst.dtype, src.dtype) and dst.dtype != src.dtype and dst.width != src.width:
        raise ctx.error(f"copy between {dst.dtype} and {src.dtype} elements")


def b_memcpy(entry, form, a, ctx):
    dst, src = _ptr(ctx, a["dst"], "dst"), _ptr(ctx, a["src"], "src")
    _check_widths(ctx, dst, src)
    size = _count(ctx, a["size"], "size")
    # any direction (a scalar, checked by the form): the effect is the copy
    wd, ws = dst.width, src.width
    wmax = max(wd, ws)
    _exact_div(ctx, size, wmax, "size")   # whole elements on both sides (checked when constant)
    count = _exact_div(ctx, size, wd, "size")
    zero = Const(0, I32)
    if form in ("memcpy", "move"):
        return _copy_run(ctx, dst, zero, src, zero, count)
    if form in ("memcpy_2d", "move_strided"):
        ds = _exact_div(ctx, _count(ctx, a["dst_stride"], "dst_stride"), wd, "dst_stride")
        ss = _exact_div(ctx, _count(ctx, a["src_stride"], "src_stride"), ws, "src_stride")
        segs = _add(_count(ctx, a["segnum"], "segnum"), 1)
        return _loop(ctx, "r", segs, lambda r: _copy_run(ctx, dst, _mul(r, ds), src, _mul(r, ss), count))
    # 3D: chunk k = j*(sn1+1) + i goes to dst (k / (dn1+1)) * ds1 + (k % (dn1+1)) * ds0
    ds0, ds1 = (_exact_div(ctx, _count(ctx, a[k], k), wd, k) for k in ("dst_stride0", "dst_stride1"))
    ss0, ss1 = (_exact_div(ctx, _count(ctx, a[k], k), ws, k) for k in ("src_stride0", "src_stride1"))
    dn1 = _add(_count(ctx, a["dst_segnum1"], "dst_segnum1"), 1)
    sn1 = _add(_count(ctx, a["src_segnum1"], "src_segnum1"), 1)
    sn2 = _add(_count(ctx, a["src_segnum2"], "src_segnum2"), 1)
    # dst_segnum2 only has to agree with the source's chunk count; the chunks are the source's

    def chunk(j, i):
        k = ctx.var("chunk", I32)
        d0 = _add(_mul(ir.div(k, dn1), ds1), _mul(ir.mod(k, dn1), ds0))
        s0 = _add(_mul(j, ss1), _mul(i, ss0))
        return [Let(k, _add(_mul(j, sn1), i)), _copy_run(ctx, dst, d0, src, s0, count)]
    return _loop(ctx, "j", sn2, lambda j: _loop(ctx, "i", sn1, lambda i: chunk(j, i)))


_FILL_TYPES = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "float16", "float32", "bfloat16")


def b_fill(entry, form, a, ctx):
    dst = _ptr(ctx, a["dst"], "dst")
    n = _count(ctx, a["n"], "n")
    value = a["value"]
    if isinstance(value, Address):
        raise ctx.error("the value must be a scalar")
    if form == "fill_typed":
        _check_types(ctx, entry, form, T=dst.dtype)
        v = _scalar_value(ctx, value, dst.dtype, "value")
        return _loop(ctx, "i", n, lambda i: dst.store(i, v))
    # the value's C type selects the overload and so the element width
    vt = value.dtype
    if vt == "bool":
        vt = I32
    elif vt == F64:        # no exact overload in cncc (ambiguous); take the destination's float type
        vt = dst.dtype if dt.is_float(dst.dtype) and dst.dtype != F64 else F32
    elif vt in ("int64", "uint64"):
        vt = I32 if vt == "int64" else U32
    if vt not in _FILL_TYPES:
        raise ctx.error(f"no overload for a {value.dtype} value")
    v = _scalar_value(ctx, value, vt, "value")
    wv, wd = dt.itemsize(vt), dst.width
    if "bool" == dst.dtype and wv != 1:
        raise ctx.error("fill of a bool buffer with a wider value")
    if wv == wd:
        val = v if vt == dst.dtype else _reinterpret(v, dst.dtype)
        return _loop(ctx, "i", n, lambda i: dst.store(i, val))
    count = _exact_div(ctx, _mul(n, wv), wd, "n * sizeof(value)")
    bits = ctx.bind("bits", _bits(v)) if not isinstance(v, Var) else _bits(v)
    if wd < wv:
        k = wv // wd
        return _loop(ctx, "i", count, lambda i: dst.store(i, _from_bits(
            ir.cast(_uint(wd), bits >> _mul(ir.mod(i, k), 8 * wd)), dst.dtype)))
    u = _uint(wd)
    acc = None
    for q in range(wd // wv):
        piece = ir.cast(u, bits)
        if q:
            piece = ir.cast(u, piece << (8 * wv * q))
        acc = piece if acc is None else ir.cast(u, acc | piece)
    pattern = ctx.let("pattern", _from_bits(acc, dst.dtype))
    return _loop(ctx, "i", count, lambda i: dst.store(i, pattern))


def b_write_zero(entry, form, a, ctx):
    dst = _ptr(ctx, a["dst"], "dst")
    _check_types(ctx, entry, form, T=dst.dtype)
    n = _count(ctx, a["n"], "n")
    zero = _c(0, dst.dtype)
    return _loop(ctx, "i", n, lambda i: dst.store(i, zero))


def b_barrier(entry, form, a, ctx):
    return Barrier("block" if entry.op == "cluster" else "grid")


def b_fence(entry, form, a, ctx):
    return Block(())


_BUILDERS = {
    "unary": b_unary, "unary_widen": b_unary, "binary": b_binary, "scalar": b_scalar, "cycle": b_cycle,
    "distance": b_distance, "div_work": b_div_work, "fusion_vv": b_fusion, "fusion_sv": b_fusion,
    "fusion_vs": b_fusion, "fusion_ss": b_fusion, "fusion_seg": b_fusion, "reduce_sum": b_reduce_sum,
    "sum": b_sum, "argext": b_argext, "count": b_count, "find1": b_find1, "filter": b_filter, "select": b_select,
    "pool": b_pool, "pool_nostride": b_pool, "conv": b_conv, "conv_fix": b_conv, "conv_bias": b_conv,
    "mlp": b_mlp, "mlp_fix": b_mlp, "mlp_bias": b_mlp, "matmul": b_matmul, "matmul_fix": b_matmul,
    "matmul_bias": b_matmul, "reshape_filter": b_reshape_filter, "transpose": b_transpose,
    "convert": b_convert, "convert_strided": b_convert, "convert_fix": b_convert,
    "to_half": b_scalar_convert, "to_bf16": b_scalar_convert, "to_float": b_scalar_convert,
    "to_int": b_scalar_convert, "memcpy": b_memcpy, "memcpy_2d": b_memcpy, "memcpy_3d": b_memcpy,
    "move": b_memcpy, "move_strided": b_memcpy, "fill": b_fill, "fill_typed": b_fill,
    "write_zero": b_write_zero, "barrier": b_barrier, "fence": b_fence, "fence_pipes": b_fence,
}


def _returns(entry: Intrinsic) -> str | None:
    forms = {ov.form for ov in entry.overloads}
    rets = {FORMS[f].ret for f in forms}
    if rets == {"void"}:
        return None
    (ret,) = rets
    if ret == "{T}":
        # the element type of the overload: the builder converts to the result buffer's dtype
        types = [NUMPY[s["T"]] for ov in entry.overloads for s in ov.types]
        return F32 if F32 in types else types[0]
    return {"unsigned int": U32, "int": I32, "half": "float16", "bfloat16_t": "bfloat16", "float": F32}[ret]


def _make(entry: Intrinsic) -> IntrinsicLifting:
    forms = list(dict.fromkeys(ov.form for ov in entry.overloads))
    returns = _returns(entry)

    def build(args: list[Expr], names: Names) -> Stmt:
        args = list(args)
        mismatch = None
        for form in forms:
            ctx = _Ctx(entry.name, names)
            res = None
            rest = args
            if returns is not None:
                res = _result(ctx, args)
                rest = args[1:]
            a = _match(form, rest)
            if a is None:
                continue
            fn = _BUILDERS[form]
            try:
                body = fn(entry, form, a, ctx, res) if form in _RETURNS_VALUE else fn(entry, form, a, ctx)
            except _NoOverload as err:
                mismatch = err
                continue
            return block(ctx.pre, body) if ctx.pre else body
        if mismatch is not None:
            raise mismatch
        sigs = "; ".join(entry.signatures())
        kinds = ", ".join("pointer" if isinstance(x, Address) else x.dtype for x in args)
        raise LiftError(f"{entry.name}: no overload takes ({kinds}); the table has: {sigs}")

    doc = entry.constraints + (f" [{entry.note}]" if entry.note else "")
    return IntrinsicLifting(entry.name, build, returns, doc)


_LIFTED_FAMILIES = ("elementwise", "compare", "logic", "cycle", "fusion", "activation", "reduction", "pooling",
                    "tensor", "conversion", "scalar_conversion", "movement", "sync")

INTRINSICS: dict[str, IntrinsicLifting] = {
    name: _make(e) for name, e in TABLE.items()
    if e.family in _LIFTED_FAMILIES and all(ov.form in _BUILDERS for ov in e.overloads)
}

__all__ = ["INTRINSICS", "VALUE_TYPES", "CONSTANTS", "LiftError"]


def hardware(launch):
    """Tasks of the launch: Block tasks or UnionN jobs of N clusters x 4 cores (see hardware.py)."""
    from .hardware import BangHardware
    return BangHardware(launch.grid, launch.func_type or "union1")
