"""The math functions an IR `Call` may name, with their default precision class.

Precision classes say how far a result may be from the correctly rounded one:
- ``exact``: correctly rounded (sqrt, fabs, floor, fma, ...);
- ``ulp``: within a few ulp, as C's libm and CUDA's non-intrinsic functions (expf, tanhf, ...);
- ``approx``: a fast hardware approximation (CUDA ``__expf``, BANG ``__bang_active_exp``); the
  verifier compares programs that use one with a relative tolerance.

The C printer always calls the libm function of the operand's dtype (float16 / bfloat16 compute in
float and round back), which meets every class; a lowering to a target chooses a function of the
class the IR asks for.
"""
from __future__ import annotations

from dataclasses import dataclass

PRECISIONS = ("exact", "ulp", "approx")


@dataclass(frozen=True)
class MathFn:
    name: str
    arity: int
    precision: str
    c_name: str | None = None     # libm double spelling when it differs from `name`
    result: str = "same"          # "same" (the operands' dtype) or "bool"
    ints: bool = False            # also defined on integer dtypes


_TABLE = [
    MathFn("exp", 1, "ulp"), MathFn("exp2", 1, "ulp"), MathFn("expm1", 1, "ulp"), MathFn("log", 1, "ulp"),
    MathFn("log2", 1, "ulp"), MathFn("log10", 1, "ulp"), MathFn("log1p", 1, "ulp"), MathFn("cbrt", 1, "ulp"),
    MathFn("sin", 1, "ulp"), MathFn("cos", 1, "ulp"), MathFn("tan", 1, "ulp"), MathFn("asin", 1, "ulp"),
    MathFn("acos", 1, "ulp"), MathFn("atan", 1, "ulp"), MathFn("atan2", 2, "ulp"), MathFn("sinh", 1, "ulp"),
    MathFn("cosh", 1, "ulp"), MathFn("tanh", 1, "ulp"), MathFn("asinh", 1, "ulp"), MathFn("acosh", 1, "ulp"),
    MathFn("atanh", 1, "ulp"), MathFn("erf", 1, "ulp"), MathFn("erfc", 1, "ulp"), MathFn("pow", 2, "ulp"),
    MathFn("hypot", 2, "ulp"), MathFn("rsqrt", 1, "ulp"),
    MathFn("sqrt", 1, "exact"), MathFn("abs", 1, "exact", c_name="fabs", ints=True),
    MathFn("floor", 1, "exact"), MathFn("ceil", 1, "exact"), MathFn("trunc", 1, "exact"),
    MathFn("round", 1, "exact"), MathFn("rint", 1, "exact"), MathFn("fmod", 2, "exact"),
    MathFn("fma", 3, "exact"), MathFn("copysign", 2, "exact"),
    MathFn("isnan", 1, "exact", result="bool"), MathFn("isinf", 1, "exact", result="bool"),
    MathFn("isfinite", 1, "exact", result="bool"),
]
MATH_FUNCTIONS: dict[str, MathFn] = {f.name: f for f in _TABLE}


def lookup(name: str) -> MathFn:
    try:
        return MATH_FUNCTIONS[name]
    except KeyError:
        raise ValueError(f"unknown math function {name!r}; known: {', '.join(sorted(MATH_FUNCTIONS))}") from None
