"""Structural traversal: `Visitor` (read-only), `Mutator` (rebuilds changed nodes), `walk`,
`substitute`.

Both dispatch on the class name (``visit_Load``, ``visit_Loop``, ...); a node without a method is
traversed generically through its dataclass fields (nodes and tuples of nodes), so adding a node
class needs no change here. A mutator returns the same object when nothing below it changed.
"""
from __future__ import annotations

import dataclasses
from typing import Iterator

from .expr import Expr, Node, Var


def children(node: Node) -> Iterator[Node]:
    for f in dataclasses.fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            yield v
        elif isinstance(v, tuple):
            for x in v:
                if isinstance(x, Node):
                    yield x


class Visitor:
    def visit(self, node: Node):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        return self.generic_visit(node)

    def generic_visit(self, node: Node):
        for c in children(node):
            self.visit(c)


class Mutator:
    def visit(self, node: Node):
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        return self.generic_visit(node)

    def generic_visit(self, node: Node):
        changes = {}
        for f in dataclasses.fields(node):
            v = getattr(node, f.name)
            if isinstance(v, Node):
                nv = self.visit(v)
                if nv is not v:
                    changes[f.name] = nv
            elif isinstance(v, tuple) and any(isinstance(x, Node) for x in v):
                nv = tuple(self.visit(x) if isinstance(x, Node) else x for x in v)
                if any(a is not b for a, b in zip(nv, v)):
                    changes[f.name] = nv
        return dataclasses.replace(node, **changes) if changes else node


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node` (itself first), depth first, in field order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(list(children(n))))


class _Substitute(Mutator):
    def __init__(self, mapping: dict[str, Expr]):
        self.mapping = mapping

    def visit_Var(self, v: Var):
        e = self.mapping.get(v.name)
        if e is None:
            return v
        if e.dtype != v.dtype:
            raise TypeError(f"substituting {v.name}: {v.dtype} by an expression of type {e.dtype}")
        return e

    # binders are names, not uses
    def visit_Loop(self, node):
        extent, body = self.visit(node.extent), self.visit(node.body)
        if extent is node.extent and body is node.body:
            return node
        return dataclasses.replace(node, extent=extent, body=body)

    def visit_Let(self, node):
        value = self.visit(node.value)
        return node if value is node.value else dataclasses.replace(node, value=value)


def substitute(node: Node, mapping: dict) -> Node:
    """Replace variables (keys: names or Vars) by expressions everywhere below `node`."""
    m = {(k.name if isinstance(k, Var) else k): v for k, v in mapping.items()}
    return _Substitute(m).visit(node) if m else node


def free_vars(node: Node) -> set[str]:
    """Names of the variables used below `node` (loop variables and lets bound inside included)."""
    return {n.name for n in walk(node) if isinstance(n, Var)}
