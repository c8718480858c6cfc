"""Expressions of the canonical IR: immutable dataclasses, each with a `dtype`.

Nodes check their operand types on construction and never convert implicitly; the builder
functions at the end of this file (and Python operators on expressions: ``+ - * / % & | ^ << >>``,
unary ``- ~``) apply C's usual arithmetic conversions and turn Python numbers into constants.
``/`` and ``%`` are C's: integer division truncates toward zero and ``%`` takes the sign of the
dividend. Comparisons are functions (``lt(a, b)``, ``a.lt(b)``) because ``==`` stays structural
equality of nodes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import dtypes as dt
from .mathfns import PRECISIONS, lookup

if TYPE_CHECKING:
    from .buffer import Buffer

ARITH_OPS = ("+", "-", "*", "/", "%", "min", "max")
BIT_OPS = ("&", "|", "^", "<<", ">>")
LOGIC_OPS = ("and", "or")
BINARY_OPS = ARITH_OPS + BIT_OPS + LOGIC_OPS
COMPARE_OPS = ("<", "<=", ">", ">=", "==", "!=")
UNARY_OPS = ("-", "~", "!")


class Node:
    """Base of every IR node (expressions, statements, buffers, kernels)."""

    __slots__ = ()


class Expr(Node):
    __slots__ = ()
    dtype: str

    # arithmetic with C conversions
    def __add__(self, o): return add(self, o)
    def __radd__(self, o): return add(o, self)
    def __sub__(self, o): return sub(self, o)
    def __rsub__(self, o): return sub(o, self)
    def __mul__(self, o): return mul(self, o)
    def __rmul__(self, o): return mul(o, self)
    def __truediv__(self, o): return div(self, o)
    def __rtruediv__(self, o): return div(o, self)
    def __mod__(self, o): return mod(self, o)
    def __rmod__(self, o): return mod(o, self)
    def __and__(self, o): return bitwise("&", self, o)
    def __rand__(self, o): return bitwise("&", o, self)
    def __or__(self, o): return bitwise("|", self, o)
    def __ror__(self, o): return bitwise("|", o, self)
    def __xor__(self, o): return bitwise("^", self, o)
    def __rxor__(self, o): return bitwise("^", o, self)
    def __lshift__(self, o): return shift("<<", self, o)
    def __rshift__(self, o): return shift(">>", self, o)
    def __neg__(self): return neg(self)
    def __invert__(self): return Unary("~", self)

    def __floordiv__(self, o):
        raise TypeError("the IR has C division only: use '/' (truncates toward zero for integers)")

    def lt(self, o): return compare("<", self, o)
    def le(self, o): return compare("<=", self, o)
    def gt(self, o): return compare(">", self, o)
    def ge(self, o): return compare(">=", self, o)
    def eq(self, o): return compare("==", self, o)
    def ne(self, o): return compare("!=", self, o)

    def __bool__(self):
        raise TypeError("an IR expression has no truth value (use ir.lt(...) etc. to build a condition)")


@dataclass(frozen=True, eq=True)
class Const(Expr):
    value: object
    dtype: str = "int32"

    def __post_init__(self):
        dt.check(self.dtype)
        v = self.value
        if dt.is_float(self.dtype):
            from .semantics import round_float
            v = round_float(float(v), self.dtype)
        else:
            if isinstance(v, float):
                if not v.is_integer():
                    raise TypeError(f"constant {v!r} is not an integer for {self.dtype}")
            v = dt.wrap(int(v), self.dtype)
        object.__setattr__(self, "value", v)

    def __hash__(self):
        # NaN constants: structural identity by bits
        v = self.value
        return hash((self.dtype, "nan" if isinstance(v, float) and math.isnan(v) else v))

    def __eq__(self, other):
        if not isinstance(other, Const) or other.dtype != self.dtype:
            return False
        a, b = self.value, other.value
        if isinstance(a, float):
            return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
        return a == b


@dataclass(frozen=True)
class Var(Expr):
    """A scalar name: loop variable, let-bound value or scalar parameter."""

    name: str
    dtype: str = "int32"

    def __post_init__(self):
        dt.check(self.dtype)
        if not self.name.isidentifier():
            raise ValueError(f"variable name {self.name!r} is not an identifier")


@dataclass(frozen=True)
class Binary(Expr):
    op: str
    a: Expr
    b: Expr

    def __post_init__(self):
        if self.op not in BINARY_OPS:
            raise ValueError(f"unknown binary operator {self.op!r}")
        ta, tb = self.a.dtype, self.b.dtype
        if self.op in ("<<", ">>"):
            if not dt.is_int(ta) or not dt.is_int(tb):
                raise TypeError(f"shift needs integer operands, got {ta} {self.op} {tb}")
            return
        if ta != tb:
            raise TypeError(f"operands of {self.op} differ in type: {ta} and {tb} (insert a Cast)")
        if self.op in LOGIC_OPS and ta != "bool":
            raise TypeError(f"'{self.op}' needs bool operands, got {ta}")
        if self.op in ("&", "|", "^") and dt.is_float(ta):
            raise TypeError(f"bitwise '{self.op}' is not defined on {ta}")
        if self.op == "%" and not dt.is_int(ta):
            raise TypeError(f"'%' needs integer operands, got {ta} (use the math call fmod)")
        if self.op in ARITH_OPS and ta == "bool":
            raise TypeError(f"arithmetic '{self.op}' on bool (cast to an integer type first)")

    @property
    def dtype(self) -> str:
        return self.a.dtype


@dataclass(frozen=True)
class Compare(Expr):
    op: str
    a: Expr
    b: Expr

    def __post_init__(self):
        if self.op not in COMPARE_OPS:
            raise ValueError(f"unknown comparison {self.op!r}")
        if self.a.dtype != self.b.dtype:
            raise TypeError(f"operands of {self.op} differ in type: {self.a.dtype} and {self.b.dtype}")

    @property
    def dtype(self) -> str:
        return "bool"


@dataclass(frozen=True)
class Unary(Expr):
    op: str
    a: Expr

    def __post_init__(self):
        if self.op not in UNARY_OPS:
            raise ValueError(f"unknown unary operator {self.op!r}")
        t = self.a.dtype
        if self.op == "!" and t != "bool":
            raise TypeError(f"'!' needs a bool operand, got {t}")
        if self.op == "~" and not dt.is_int(t):
            raise TypeError(f"'~' needs an integer operand, got {t}")
        if self.op == "-" and t == "bool":
            raise TypeError("negation of a bool")

    @property
    def dtype(self) -> str:
        return self.a.dtype


@dataclass(frozen=True)
class Cast(Expr):
    dtype: str
    value: Expr

    def __post_init__(self):
        dt.check(self.dtype)


@dataclass(frozen=True)
class Bitcast(Expr):
    """The bits of `value` read as `dtype` of the same width (C's ``memcpy`` type pun), e.g. the
    int32 lanes of an AVX-512 register seen as float32."""

    dtype: str
    value: Expr

    def __post_init__(self):
        dt.check(self.dtype)
        if dt.bits(self.dtype) != dt.bits(self.value.dtype) or "bool" in (self.dtype, self.value.dtype):
            raise TypeError(f"bitcast from {self.value.dtype} to {self.dtype}: widths differ")


@dataclass(frozen=True)
class Select(Expr):
    """``cond ? then : otherwise``; only the chosen operand is evaluated (a guarded load is safe)."""

    cond: Expr
    then: Expr
    otherwise: Expr

    def __post_init__(self):
        if self.cond.dtype != "bool":
            raise TypeError(f"select condition must be bool, got {self.cond.dtype}")
        if self.then.dtype != self.otherwise.dtype:
            raise TypeError(f"select branches differ in type: {self.then.dtype} and {self.otherwise.dtype}")

    @property
    def dtype(self) -> str:
        return self.then.dtype


@dataclass(frozen=True)
class Load(Expr):
    """An element of a buffer; one index per dimension (a 0-d buffer takes none)."""

    buffer: "Buffer"
    indices: tuple[Expr, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "indices", tuple(as_expr(i) for i in self.indices))
        _check_indices(self.buffer, self.indices)

    @property
    def dtype(self) -> str:
        return self.buffer.dtype


@dataclass(frozen=True)
class Address(Expr):
    """The address of an element (``&buf[idx]``), only as an argument of an intrinsic call."""

    buffer: "Buffer"
    indices: tuple[Expr, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "indices", tuple(as_expr(i) for i in self.indices))
        _check_indices(self.buffer, self.indices)

    @property
    def dtype(self) -> str:
        return "handle"


@dataclass(frozen=True)
class Call(Expr):
    """A math function (``mathfns.MATH_FUNCTIONS``) with its precision class."""

    name: str
    args: tuple[Expr, ...]
    precision: str = ""

    def __post_init__(self):
        fn = lookup(self.name)
        object.__setattr__(self, "args", tuple(self.args))
        if not self.precision:
            object.__setattr__(self, "precision", fn.precision)
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision class must be one of {PRECISIONS}, not {self.precision!r}")
        if len(self.args) != fn.arity:
            raise TypeError(f"{self.name} takes {fn.arity} arguments, got {len(self.args)}")
        t = self.args[0].dtype
        if any(a.dtype != t for a in self.args):
            raise TypeError(f"arguments of {self.name} differ in type: {[a.dtype for a in self.args]}")
        if not (dt.is_float(t) or (fn.ints and dt.is_int(t))):
            raise TypeError(f"{self.name} is not defined on {t}")

    @property
    def dtype(self) -> str:
        return "bool" if lookup(self.name).result == "bool" else self.args[0].dtype


def _check_indices(buffer, indices):
    if len(indices) != len(buffer.shape):
        raise TypeError(f"buffer {buffer.name} has {len(buffer.shape)} dimensions, got {len(indices)} indices")
    for i in indices:
        if not dt.is_int(i.dtype):
            raise TypeError(f"index of {buffer.name} must be an integer, got {i.dtype}")


# ---------------------------------------------------------------------------------------- builders

def as_expr(x, like: str | None = None) -> Expr:
    """An expression for `x`; Python numbers become constants of dtype `like` (or int32/float32)."""
    if isinstance(x, Expr):
        return x
    if isinstance(x, bool):
        return Const(int(x), "bool")
    if isinstance(x, int):
        if like is not None and like != "bool":
            return Const(x, like)
        lo, hi = dt.int_range("int32")
        return Const(x, "int32" if lo <= x <= hi else "int64")
    if isinstance(x, float):
        if like is not None and dt.is_float(like):
            return Const(x, like)
        if like is not None:
            raise TypeError(f"float literal {x!r} with a {like} operand: cast explicitly")
        return Const(x, "float32")
    raise TypeError(f"cannot make an IR expression from {type(x).__name__} {x!r}")


def _pair(a, b) -> tuple[Expr, Expr]:
    if not isinstance(a, Expr) and not isinstance(b, Expr):
        return as_expr(a), as_expr(b)
    if not isinstance(a, Expr):
        a = as_expr(a, b.dtype)
    if not isinstance(b, Expr):
        b = as_expr(b, a.dtype)
    return a, b


def cast(dtype: str, x) -> Expr:
    x = as_expr(x)
    return x if x.dtype == dtype else Cast(dtype, x)


def _arith(op: str, a, b) -> Expr:
    a, b = _pair(a, b)
    t = dt.promote(a.dtype, b.dtype)
    return Binary(op, cast(t, a), cast(t, b))


def add(a, b) -> Expr: return _arith("+", a, b)
def sub(a, b) -> Expr: return _arith("-", a, b)
def mul(a, b) -> Expr: return _arith("*", a, b)
def div(a, b) -> Expr: return _arith("/", a, b)
def mod(a, b) -> Expr: return _arith("%", a, b)
def minimum(a, b) -> Expr: return _arith("min", a, b)
def maximum(a, b) -> Expr: return _arith("max", a, b)


def bitwise(op: str, a, b) -> Expr:
    return _arith(op, a, b)


def shift(op: str, a, b) -> Expr:
    a, b = _pair(a, b)
    return Binary(op, cast(dt.integer_promotion(a.dtype), a), b)


def neg(a) -> Expr:
    a = as_expr(a)
    return Unary("-", cast(dt.integer_promotion(a.dtype), a) if not dt.is_float(a.dtype) else a)


def compare(op: str, a, b) -> Expr:
    a, b = _pair(a, b)
    t = dt.promote(a.dtype, b.dtype)
    return Compare(op, cast(t, a), cast(t, b))


def lt(a, b) -> Expr: return compare("<", a, b)
def le(a, b) -> Expr: return compare("<=", a, b)
def gt(a, b) -> Expr: return compare(">", a, b)
def ge(a, b) -> Expr: return compare(">=", a, b)
def eq(a, b) -> Expr: return compare("==", a, b)
def ne(a, b) -> Expr: return compare("!=", a, b)


def _as_bool(x) -> Expr:
    x = as_expr(x)
    return x if x.dtype == "bool" else Compare("!=", x, Const(0, x.dtype))


def logical_and(a, b) -> Expr: return Binary("and", _as_bool(a), _as_bool(b))
def logical_or(a, b) -> Expr: return Binary("or", _as_bool(a), _as_bool(b))
def logical_not(a) -> Expr: return Unary("!", _as_bool(a))


def select(cond, then, otherwise) -> Expr:
    then, otherwise = _pair(then, otherwise)
    t = dt.promote(then.dtype, otherwise.dtype) if then.dtype != otherwise.dtype else then.dtype
    return Select(_as_bool(cond), cast(t, then), cast(t, otherwise))


def call(name: str, *args, precision: str = "") -> Expr:
    """A math call; integer arguments of float-only functions are converted as C would (to double
    for a float64 or integer operand, else to the float operand's dtype)."""
    exprs = [as_expr(a) for a in args]
    fn = lookup(name)
    t = exprs[0].dtype
    for e in exprs[1:]:
        t = dt.promote(t, e.dtype)
    if not dt.is_float(t) and not fn.ints:
        t = "float64"
    return Call(name, tuple(cast(t, e) for e in exprs), precision)


def ceildiv(a, b) -> Expr:
    """(a + b - 1) / b for non-negative a and positive b."""
    a, b = _pair(a, b)
    return (a + (b - 1)) / b
