"""flatten_memory: reads of an on-chip / local staging buffer that only holds a copy of global
data are redirected to the global buffer, so the canonical program reads global memory directly;
the copy then dies (eliminate_dead_stores removes it when nothing else reads the buffer).

Pattern (one statement list, e.g. after a BANG `__memcpy` or a per-thread staging loop):

    for v in range(n):  B[a + v] = G[g(v)]          # B on-chip/local, G a global parameter
    ... later statements reading B[k] ...

Each later load `B[k]` with `k - a` provably in [0, n) (k - a is a loop variable whose extent is n,
or a value range inside [0, n)) becomes `G[g(k - a)]`, up to the first statement that writes B or
G (after that the copy no longer describes B). Index expressions must be free of loads.
"""
from __future__ import annotations

from ..ir.analysis.ranges import bounds
from ..ir.expr import Expr, Load, Var, cast, sub
from ..ir.kernel import Kernel
from ..ir.stmt import Block, If, Loop, Stmt, Store, While
from ..ir.transforms.simplify import simplify_expr
from ..ir.transforms.util import buffers_written
from ..ir.visitor import Mutator, substitute, walk

STAGING_SCOPES = ("local", "shared", "nram", "wram", "sram")


def _load_free(e: Expr) -> bool:
    return not any(isinstance(n, Load) for n in walk(e))


def _copy(s: Stmt):
    """(B, a, n, G, g as a function of the loop var, var) if `s` is a pure 1-D copy loop."""
    if not isinstance(s, Loop) or not isinstance(s.body, Store):
        return None
    st = s.body
    if st.buffer.scope not in STAGING_SCOPES or len(st.indices) != 1 or not isinstance(st.value, Load):
        return None
    src = st.value
    if src.buffer.scope != "global" or len(src.indices) != 1 or src.buffer.dtype != st.buffer.dtype:
        return None
    v = s.var
    idx = st.indices[0]
    if not (_load_free(idx) and _load_free(src.indices[0]) and _load_free(s.extent)):
        return None
    a = simplify_expr(sub(idx, cast(idx.dtype, v)))
    if any(isinstance(n, Var) and n.name == v.name for n in walk(a)):
        return None                   # not unit stride in v
    return st.buffer, a, s.extent, src.buffer, src.indices[0], v


class _Redirect(Mutator):
    def __init__(self, B, a, n, G, g, v):
        self.B, self.a, self.n, self.G, self.g, self.v = B, a, n, G, g, v
        self.ranges: dict = {}
        self.extents: dict = {}
        self.count = 0

    def visit_Loop(self, s: Loop):
        r = bounds(s.extent, self.ranges)
        if r is not None and r[1] >= 1:
            self.ranges[s.var.name] = (0, r[1] - 1)
        self.extents[s.var.name] = simplify_expr(s.extent)
        out = self.generic_visit(s)
        self.ranges.pop(s.var.name, None)
        self.extents.pop(s.var.name, None)
        return out

    def visit_Load(self, e: Load):
        e = self.generic_visit(e)
        if e.buffer != self.B or not _load_free(e.indices[0]):
            return e
        d = simplify_expr(sub(e.indices[0], cast(e.indices[0].dtype, self.a)))
        if not self._in_range(d):
            return e
        self.count += 1
        return Load(self.G, (simplify_expr(substitute(self.g, {self.v.name: cast(self.v.dtype, d)})),))

    def _in_range(self, d: Expr) -> bool:
        n = simplify_expr(cast(d.dtype, self.n)) if d.dtype != self.n.dtype else self.n
        if isinstance(d, Var) and d.name in self.extents and self.extents[d.name] == simplify_expr(cast(d.dtype, self.n)):
            return True
        inner = d.value if type(d).__name__ == "Cast" else d
        if isinstance(inner, Var) and inner.name in self.extents and \
                self.extents[inner.name] == simplify_expr(cast(inner.dtype, self.n)):
            return True
        r, rn = bounds(d, self.ranges), bounds(n, self.ranges)
        return r is not None and rn is not None and r[0] >= 0 and r[1] < rn[0]


def _writes(s: Stmt, names: set[str]) -> bool:
    return bool(buffers_written(s) & names)      # stores and intrinsic calls' declared writes


def _flatten_list(stmts: list[Stmt]) -> list[Stmt]:
    stmts = [_flatten_stmt(s) for s in stmts]
    for i, s in enumerate(stmts):
        c = _copy(s)
        if c is None:
            continue
        B, a, n, G, g, v = c
        for j in range(i + 1, len(stmts)):
            if _writes(stmts[j], {B.name, G.name}):
                break
            stmts[j] = _Redirect(B, a, n, G, g, v).visit(stmts[j])
    return stmts


def _flatten_stmt(s: Stmt) -> Stmt:
    if isinstance(s, Block):
        return Block(tuple(_flatten_list(list(s.stmts))))
    if isinstance(s, Loop):
        return Loop(s.var, s.extent, _flatten_stmt(s.body), s.kind, s.axis)
    if isinstance(s, While):
        return While(s.cond, _flatten_stmt(s.body))
    if isinstance(s, If):
        return If(s.cond, _flatten_stmt(s.then), _flatten_stmt(s.otherwise) if s.otherwise is not None else None)
    return s


def flatten_memory(k: Kernel) -> Kernel:
    return k.with_body(_flatten_stmt(k.body))

