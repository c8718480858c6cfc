"""Evaluating expressions on Python values with C semantics (shapes, constant folding, tests)."""
from __future__ import annotations

from . import semantics as sem
from .expr import Binary, Call, Cast, Compare, Const, Expr, Select, Unary, Var


class NotConstant(ValueError):
    """The expression reads memory or a variable without a value."""


def evaluate(e: Expr, env: dict | None = None):
    """Value of `e` with variables from `env` (name -> value); raises NotConstant or
    semantics.Undefined."""
    env = env or {}
    if isinstance(e, Const):
        return e.value
    if isinstance(e, Var):
        if e.name not in env:
            raise NotConstant(f"variable {e.name} has no value")
        v = env[e.name]
        return sem.cast(v, "float64" if isinstance(v, float) else "int64", e.dtype) if not isinstance(v, bool) else int(v)
    if isinstance(e, Binary):
        if e.op == "and":
            return int(bool(evaluate(e.a, env)) and bool(evaluate(e.b, env)))
        if e.op == "or":
            return int(bool(evaluate(e.a, env)) or bool(evaluate(e.b, env)))
        return sem.binary(e.op, evaluate(e.a, env), evaluate(e.b, env), e.dtype, e.b.dtype)
    if isinstance(e, Compare):
        return sem.compare(e.op, evaluate(e.a, env), evaluate(e.b, env))
    if isinstance(e, Unary):
        return sem.unary(e.op, evaluate(e.a, env), e.dtype)
    if isinstance(e, Cast):
        return sem.cast(evaluate(e.value, env), e.value.dtype, e.dtype)
    if isinstance(e, Select):
        return evaluate(e.then, env) if evaluate(e.cond, env) else evaluate(e.otherwise, env)
    if isinstance(e, Call):
        args = [evaluate(a, env) for a in e.args]
        if e.name == "abs" and isinstance(args[0], int):
            return sem.int_abs(args[0], e.dtype)
        return sem.math_call(e.name, args, e.dtype)
    raise NotConstant(f"{type(e).__name__} is not a constant expression")
