"""Well-formedness of a kernel: every name declared before use and declared once, buffers used as
declared, no stores into ``in`` parameters, names usable in C.

Unique names are what lets passes name loops by their variable (``split_loop(k, "i", 4)``) and
buffers by their name.
"""
from __future__ import annotations

from .buffer import Buffer
from .expr import Address, Load, Var
from .kernel import Kernel
from .stmt import Alloc, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While
from .visitor import walk

C_KEYWORDS = frozenset("""auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void
volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert
_Thread_local bool true false NULL main errno isnan isinf isfinite fmin fmax INFINITY NAN""".split())


class IRValidationError(ValueError):
    pass


def check_name(name: str, what: str) -> None:
    if name in C_KEYWORDS or name.startswith("xp_") or name.startswith("xpiler_") or name.startswith("__"):
        raise IRValidationError(f"{what} name {name!r} is reserved (C keyword or Xpiler prefix)")


def validate(k: Kernel) -> Kernel:
    """Raise IRValidationError for the first problem; return the kernel when it is well-formed."""
    declared: set[str] = set()
    for p in k.params:
        check_name(p.name, "parameter")
        declared.add(p.name)
    check_name(k.name, "kernel")
    env = {p.name: p.target for p in k.params}
    roles = {p.name: p.role for p in k.params}
    for p in k.params:
        if isinstance(p.target, Buffer):
            _check_exprs(p.target.shape, {q.name: q.target for q in k.params if not q.is_buffer},
                         f"shape of {p.name}")
    _stmt(k.body, dict(env), declared, roles)
    return k


def _declare(name: str, what: str, declared: set[str]) -> None:
    check_name(name, what)
    if name in declared:
        raise IRValidationError(f"{what} {name!r} is declared twice (names must be unique in a kernel)")
    declared.add(name)


def _check_exprs(exprs, env: dict, where: str) -> None:
    for e in exprs:
        for n in walk(e):
            if isinstance(n, Var):
                bound = env.get(n.name)
                if not isinstance(bound, Var):
                    raise IRValidationError(f"{where}: variable {n.name!r} is not in scope")
                if bound.dtype != n.dtype:
                    raise IRValidationError(f"{where}: variable {n.name} used as {n.dtype}, declared {bound.dtype}")
            elif isinstance(n, (Load, Address)):
                _check_buffer(n.buffer, env, where)


def _check_buffer(b: Buffer, env: dict, where: str) -> None:
    bound = env.get(b.name)
    if not isinstance(bound, Buffer):
        raise IRValidationError(f"{where}: buffer {b.name!r} is not in scope")
    if bound != b:
        raise IRValidationError(f"{where}: buffer {b.name} used with a different type/shape/scope than declared")


def _stmt(s: Stmt, env: dict, declared: set[str], roles: dict) -> None:
    if isinstance(s, Block):
        inner = dict(env)
        for x in s.stmts:
            _stmt(x, inner, declared, roles)      # Let/Alloc extend `inner` for what follows
        return
    if isinstance(s, Let):
        _check_exprs([s.value], env, f"let {s.var.name}")
        _declare(s.var.name, "variable", declared)
        env[s.var.name] = s.var
        return
    if isinstance(s, Alloc):
        _check_exprs(s.buffer.shape, env, f"shape of {s.buffer.name}")
        _declare(s.buffer.name, "buffer", declared)
        env[s.buffer.name] = s.buffer
        return
    if isinstance(s, Loop):
        _check_exprs([s.extent], env, f"extent of loop {s.var.name}")
        _declare(s.var.name, "loop variable", declared)
        inner = dict(env)
        inner[s.var.name] = s.var
        _stmt(s.body, inner, declared, roles)
        return
    if isinstance(s, Store):
        where = f"store to {s.buffer.name}"
        _check_buffer(s.buffer, env, where)
        if roles.get(s.buffer.name) == "in":
            raise IRValidationError(f"{where}: parameter {s.buffer.name} has role 'in'")
        _check_exprs([*s.indices, s.value], env, where)
        return
    if isinstance(s, IntrinsicCall):
        where = f"intrinsic {s.name}"
        _check_exprs(s.args, env, where)
        for name in (*s.reads, *s.writes):
            if not isinstance(env.get(name), Buffer):
                raise IRValidationError(f"{where}: buffer {name!r} is not in scope")
        for name in s.writes:
            if roles.get(name) == "in":
                raise IRValidationError(f"{where}: writes parameter {name} of role 'in'")
        return
    if isinstance(s, While):
        _check_exprs([s.cond], env, "while condition")
        _stmt(s.body, dict(env), declared, roles)
        return
    if isinstance(s, If):
        _check_exprs([s.cond], env, "if condition")
        _stmt(s.then, dict(env), declared, roles)
        if s.otherwise is not None:
            _stmt(s.otherwise, dict(env), declared, roles)
