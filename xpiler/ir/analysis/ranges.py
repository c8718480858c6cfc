"""Value ranges of integer expressions (intervals), for proving guards and divisions.

`bounds(e, env)` is ``(lo, hi)`` with every value `e` can take, or None when nothing better than the
dtype's range is known (a possible wrap-around also gives None, so a known range means the
expression computes its mathematical value). `env` maps variable names to ranges (loop variables:
``[0, extent - 1]``).
"""
from __future__ import annotations

from .. import dtypes as dt
from .. import semantics as sem
from ..expr import Binary, Call, Cast, Const, Expr, Select, Unary, Var

Range = tuple[int, int]


def _fit(lo: int, hi: int, dtype: str) -> Range | None:
    a, b = dt.int_range(dtype)
    return (lo, hi) if a <= lo and hi <= b else None


def bounds(e: Expr, env: dict | None = None) -> Range | None:
    env = env or {}
    t = e.dtype
    if not (dt.is_int(t) or t == "bool"):
        return None
    if isinstance(e, Const):
        return (int(e.value), int(e.value))
    if isinstance(e, Var):
        r = env.get(e.name)
        return _fit(*r, t) if r is not None else None
    if isinstance(e, Cast):
        if dt.is_int(e.value.dtype) or e.value.dtype == "bool":
            r = bounds(e.value, env)
            return _fit(*r, t) if r is not None else None
        return None
    if isinstance(e, Select):
        a, b = bounds(e.then, env), bounds(e.otherwise, env)
        if a is None or b is None:
            return None
        return (min(a[0], b[0]), max(a[1], b[1]))
    if isinstance(e, Unary):
        if e.op == "-":
            r = bounds(e.a, env)
            return _fit(-r[1], -r[0], t) if r is not None else None
        return None
    if isinstance(e, Call) and e.name == "abs":
        r = bounds(e.args[0], env)
        if r is None:
            return None
        lo = 0 if r[0] <= 0 <= r[1] else min(abs(r[0]), abs(r[1]))
        return _fit(lo, max(abs(r[0]), abs(r[1])), t)
    if not isinstance(e, Binary) or t == "bool":
        return None
    a = bounds(e.a, env)
    b = bounds(e.b, env)
    if a is None or b is None:
        if e.op == "%" and b is not None and b[0] > 0:          # sign of the dividend unknown
            m = b[1] - 1
            return (-m, m) if dt.is_signed(t) else (0, m)
        if e.op == "&" and dt.is_int(t) and ((a and a[0] >= 0) or (b and b[0] >= 0)):
            return (0, min(x[1] for x in (a, b) if x is not None and x[0] >= 0))
        return None
    op = e.op
    if op == "+":
        return _fit(a[0] + b[0], a[1] + b[1], t)
    if op == "-":
        return _fit(a[0] - b[1], a[1] - b[0], t)
    if op == "*":
        c = [x * y for x in a for y in b]
        return _fit(min(c), max(c), t)
    if op == "/":
        if b[0] <= 0 <= b[1]:
            return None
        c = [sem.c_div(x, y) for x in a for y in b]
        return _fit(min(c), max(c), t)
    if op == "%":
        if b[0] <= 0 <= b[1]:
            return None
        m = max(abs(b[0]), abs(b[1])) - 1
        if a[0] >= 0:
            return (0, min(a[1], m))
        if a[1] <= 0:
            return (max(a[0], -m), 0)
        return (-m, m)
    if op == "min":
        return (min(a[0], b[0]), min(a[1], b[1]))
    if op == "max":
        return (max(a[0], b[0]), max(a[1], b[1]))
    if op == "&" and a[0] >= 0 and b[0] >= 0:
        return (0, min(a[1], b[1]))
    if op == ">>" and a[0] >= 0 and b[0] == b[1] and 0 <= b[0] < 64:
        return (a[0] >> b[0], a[1] >> b[0])
    if op == "<<" and a[0] >= 0 and b[0] == b[1] and 0 <= b[0] < 64:
        return _fit(a[0] << b[0], a[1] << b[0], t)
    return None


def poly_bounds(terms, env: dict) -> Range | None:
    """Mathematical range of a polynomial (``((monomial, coeff), ...)`` with coefficients taken as
    given, no wrap-around) whose atoms have known ranges."""
    lo = hi = 0
    for m, c in terms:
        r = (1, 1)
        for atom in m:
            ar = bounds(atom, env)
            if ar is None:
                return None
            prods = [x * y for x in r for y in ar]
            r = (min(prods), max(prods))
        prods = [c * r[0], c * r[1]]
        lo += min(prods)
        hi += max(prods)
    return (lo, hi)
