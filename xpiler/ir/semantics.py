"""C semantics of IR operations on Python values (the single definition that constant folding and
shape evaluation use, and that the C printer implements).

Values are Python ``int`` for integer and bool dtypes and Python ``float`` holding a value exactly
representable in the dtype for floating dtypes. Every function returns a value of the result dtype
or raises ``Undefined`` where C leaves the result undefined (division by zero, ``INT_MIN / -1``,
out-of-range shift counts, float-to-integer conversion out of range): folding then leaves the
expression alone, so the program keeps C's behaviour.

Rules (C11 with GCC's choices on x86-64, ``-fwrapv``):
- integer ``+ - *`` wrap to the dtype (types narrower than int compute in int, then convert back,
  which also wraps); ``/`` truncates toward zero; ``%`` has the sign of the dividend
  (``a == (a / b) * b + a % b``); ``>>`` of a negative value is arithmetic; ``<<`` wraps;
- float16 / float32 / float64 operations are correctly rounded; bfloat16 operations compute in
  float32 and round to bfloat16 (nearest even), as the printed C does; ``min``/``max`` on floats
  are C's ``fmin``/``fmax`` (a NaN operand yields the other operand);
- conversions: float -> integer truncates toward zero, int -> float and float -> narrower float
  round to nearest even (float64 -> bfloat16 goes through float32), anything -> bool is ``!= 0``.
"""
from __future__ import annotations

import math

import numpy as np

from . import dtypes as dt
from ..dtypes import bf16_bits_to_float, float_to_bf16_bits


class Undefined(ArithmeticError):
    """The operation has no defined result in C (the folder leaves such expressions alone)."""


def round_float(value: float, dtype: str) -> float:
    """Round a Python float (float64) to `dtype` and return it as a Python float."""
    with np.errstate(all="ignore"):
        if dtype == "float64":
            return float(value)
        if dtype == "float32":
            return float(np.float32(value))
        if dtype == "float16":
            return float(np.float16(value))
        if dtype == "bfloat16":
            f32 = np.array([value], dtype=np.float32)
            return float(bf16_bits_to_float(float_to_bf16_bits(f32))[0])
    raise TypeError(f"{dtype} is not a float dtype")


_MANTISSA = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}


def _int_to_float(v: int, dtype: str) -> float:
    if dtype == "bfloat16":            # C: int -> float -> bfloat16
        return round_float(_int_to_float(v, "float32"), "bfloat16")
    p = _MANTISSA[dtype]
    a = abs(v)
    shift = a.bit_length() - p
    if shift > 0:
        q, r = divmod(a, 1 << shift)
        half = 1 << (shift - 1)
        if r > half or (r == half and q & 1):
            q += 1
        a = q << shift
    try:
        f = float(a)
    except OverflowError:
        f = math.inf
    return round_float(-f if v < 0 else f, dtype)


def cast(value, src: str, dst: str):
    """C conversion of `value` (of dtype `src`) to `dst`."""
    if dst == "bool":
        return int(value != 0) if not (isinstance(value, float) and math.isnan(value)) else 1
    if dt.is_float(dst):
        if dt.is_float(src):
            if src == "float64" and dst == "bfloat16":
                return round_float(round_float(value, "float32"), "bfloat16")
            return round_float(value, dst)
        return _int_to_float(int(value), dst)
    # integer destination
    if dt.is_float(src):
        if math.isnan(value) or math.isinf(value):
            raise Undefined(f"conversion of {value} to {dst}")
        t = math.trunc(value)
        lo, hi = dt.int_range(dst)
        if not lo <= t <= hi:
            raise Undefined(f"conversion of {value} to {dst} is out of range")
        return t
    return dt.wrap(int(value), dst)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def c_div(a: int, b: int) -> int:
    """C integer division (truncates toward zero); raises Undefined for b == 0."""
    if b == 0:
        raise Undefined("integer division by zero")
    return _trunc_div(a, b)


def c_mod(a: int, b: int) -> int:
    """C remainder: the sign of the dividend; raises Undefined for b == 0."""
    if b == 0:
        raise Undefined("integer remainder by zero")
    return a - b * _trunc_div(a, b)


def _float_binary(op: str, a: float, b: float, dtype: str) -> float:
    if op in ("min", "max"):
        if math.isnan(a):
            return b
        if math.isnan(b):
            return a
        if a == b == 0.0 and math.copysign(1, a) != math.copysign(1, b):
            raise Undefined(f"f{op}(-0, +0) may return either zero in C")
        return min(a, b) if op == "min" else max(a, b)
    with np.errstate(all="ignore"):
        if dtype == "bfloat16":
            x, y = np.float32(a), np.float32(b)
        else:
            x, y = np.float64(a), np.float64(b)
        if op == "+":
            r = x + y
        elif op == "-":
            r = x - y
        elif op == "*":
            r = x * y
        elif op == "/":
            r = x / y
        else:
            raise TypeError(f"operator {op} is not defined on {dtype}")
    return round_float(float(r), dtype)


def binary(op: str, a, b, dtype: str, rhs_dtype: str | None = None):
    """`a op b` where both operands have `dtype` (shifts: rhs of `rhs_dtype`); result in `dtype`."""
    if dt.is_float(dtype):
        return _float_binary(op, float(a), float(b), dtype)
    if op in ("and", "or"):
        return int(bool(a) and bool(b)) if op == "and" else int(bool(a) or bool(b))
    work = dt.integer_promotion(dtype)           # C computes narrow types in int
    a, b = int(a), int(b)
    if op == "+":
        r = a + b
    elif op == "-":
        r = a - b
    elif op == "*":
        r = a * b
    elif op in ("/", "%"):
        if b == 0:
            raise Undefined("integer division by zero")
        r = c_div(a, b) if op == "/" else c_mod(a, b)
        if dt.is_signed(work) and op == "/" and r > dt.int_range(work)[1]:
            raise Undefined(f"{a} / {b} overflows {work}")
        if dt.is_signed(work) and op == "%" and a == dt.int_range(work)[0] and b == -1:
            raise Undefined(f"{a} % {b} overflows {work}")
    elif op == "min":
        r = min(a, b)
    elif op == "max":
        r = max(a, b)
    elif op == "&":
        r = a & b
    elif op == "|":
        r = a | b
    elif op == "^":
        r = a ^ b
    elif op in ("<<", ">>"):
        if not 0 <= b < dt.bits(work):
            raise Undefined(f"shift count {b} is out of range for {work}")
        r = (a << b) if op == "<<" else (a >> b)     # Python >> on negatives is arithmetic
    else:
        raise TypeError(f"unknown binary operator {op}")
    return dt.wrap(r, dtype)


def compare(op: str, a, b) -> int:
    if op == "<":
        return int(a < b)
    if op == "<=":
        return int(a <= b)
    if op == ">":
        return int(a > b)
    if op == ">=":
        return int(a >= b)
    if op == "==":
        return int(a == b)
    if op == "!=":
        return int(a != b)
    raise TypeError(f"unknown comparison {op}")


def unary(op: str, a, dtype: str):
    if op == "-":
        if dt.is_float(dtype):
            return -float(a)
        return dt.wrap(-int(a), dtype)
    if op == "~":
        return dt.wrap(~int(a), dtype)
    if op == "!":
        return int(not a)
    raise TypeError(f"unknown unary operator {op}")


# math functions that are folded (their results do not depend on the C library)
def math_call(name: str, args: list, dtype: str):
    x = [float(v) for v in args]
    with np.errstate(all="ignore"):
        if name == "abs":
            r = abs(x[0])
        elif name == "floor":
            r = math.floor(x[0]) if math.isfinite(x[0]) else x[0]
        elif name == "ceil":
            r = math.ceil(x[0]) if math.isfinite(x[0]) else x[0]
        elif name == "trunc":
            r = math.trunc(x[0]) if math.isfinite(x[0]) else x[0]
        elif name == "sqrt" and dtype in ("float32", "float64"):
            r = float(np.sqrt(np.float64(x[0]))) if x[0] >= 0 or math.isnan(x[0]) else math.nan
        else:
            raise Undefined(f"{name} is not folded")
    if isinstance(r, int):
        r = float(r)
    if r == 0.0:
        r = 0.0 if name == "abs" else math.copysign(0.0, x[0])     # floor/ceil/trunc/sqrt keep the sign
    return round_float(r, dtype)


def int_abs(a: int, dtype: str) -> int:
    return dt.wrap(abs(a), dtype)
