"""Helpers the transformations share: finding loops by variable name, replacing statements,
fresh names and renaming the names a copied statement declares."""
from __future__ import annotations

import dataclasses
from typing import Callable

from ..buffer import Buffer
from ..expr import Address, Expr, Load, Var
from ..kernel import Kernel
from ..stmt import Alloc, Block, IntrinsicCall, Let, Loop, Stmt, Store
from ..visitor import Mutator, substitute, walk


class TransformError(ValueError):
    """A transformation cannot be applied (missing loop, bad parameter, precondition)."""


class IllegalTransformError(TransformError):
    """The transformation would change what the program computes (a dependence forbids it)."""


def declared_names(node) -> set[str]:
    out = set()
    for n in walk(node):
        if isinstance(n, Loop):
            out.add(n.var.name)
        elif isinstance(n, Let):
            out.add(n.var.name)
        elif isinstance(n, Alloc):
            out.add(n.buffer.name)
    return out


def all_names(k: Kernel) -> set[str]:
    return {p.name for p in k.params} | declared_names(k.body)


def fresh_name(base: str, taken: set[str]) -> str:
    """`base` or `base_1`, `base_2`, ... whichever is not in `taken` (and add it)."""
    name, n = base, 0
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def find_loop(k: Kernel | Stmt, name: str) -> Loop:
    for n in walk(k.body if isinstance(k, Kernel) else k):
        if isinstance(n, Loop) and n.var.name == name:
            return n
    raise TransformError(f"no loop over '{name}'")


class _Replace(Mutator):
    def __init__(self, pred: Callable[[Stmt], bool], fn: Callable[[Stmt], Stmt | list]):
        self.pred, self.fn, self.count = pred, fn, 0

    def visit(self, node):
        if isinstance(node, Stmt) and self.pred(node):
            self.count += 1
            out = self.fn(node)
            return Block(tuple(out)) if isinstance(out, (list, tuple)) else out
        return super().visit(node)


def replace_stmts(k: Kernel, pred, fn) -> tuple[Kernel, int]:
    """Replace every statement matching `pred` (outermost first, not descending into the result)."""
    r = _Replace(pred, fn)
    body = r.visit(k.body)
    return k.with_body(body), r.count


def replace_loop(k: Kernel, name: str, fn) -> Kernel:
    out, n = replace_stmts(k, lambda s: isinstance(s, Loop) and s.var.name == name, fn)
    if n == 0:
        raise TransformError(f"no loop over '{name}' in kernel {k.name}")
    return out


class _Rename(Mutator):
    """Rename declared variables / buffers (and their uses) by a mapping."""

    def __init__(self, mapping: dict[str, str]):
        self.m = mapping
        self.buffers: dict[str, Buffer] = {}

    def visit_Var(self, v: Var):
        return Var(self.m[v.name], v.dtype) if v.name in self.m else v

    def visit_Buffer(self, b: Buffer):
        if b.name in self.m:
            return dataclasses.replace(b, name=self.m[b.name], shape=tuple(self.visit(s) for s in b.shape))
        return self.generic_visit(b)

    def visit_IntrinsicCall(self, s: IntrinsicCall):
        s = self.generic_visit(s)
        return dataclasses.replace(s, reads=tuple(self.m.get(n, n) for n in s.reads),
                                   writes=tuple(self.m.get(n, n) for n in s.writes))


def rename(node, mapping: dict[str, str]):
    return _Rename(mapping).visit(node) if mapping else node


def rename_declared(s: Stmt, taken: set[str]) -> Stmt:
    """A copy of `s` whose declared names (loop variables, lets, allocations) are fresh in `taken`."""
    mapping = {}
    for name in sorted(declared_names(s)):
        mapping[name] = fresh_name(name, taken)
    return rename(s, mapping)


def buffers_read(node) -> set[str]:
    out = set()
    for n in walk(node):
        if isinstance(n, (Load, Address)):
            out.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            out.update(n.reads)
    return out


def buffers_written(node) -> set[str]:
    out = set()
    for n in walk(node):
        if isinstance(n, Store):
            out.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            out.update(n.writes)
    return out


def let_values(node) -> dict[str, Expr]:
    """Every `Let` in `node`: name -> value (names are unique in a kernel)."""
    return {n.var.name: n.value for n in walk(node) if isinstance(n, Let)}


def inline_lets(e: Expr, lets: dict[str, Expr]) -> Expr:
    """`e` with the variables bound in `lets` replaced by their values, recursively (lets are
    acyclic: a let only refers to names bound before it)."""
    names = {n.name for n in walk(e) if isinstance(n, Var)} & set(lets)
    if not names:
        return e
    return substitute(e, {n: inline_lets(lets[n], lets) for n in names})
