"""Uniformity of values across the workers of an SPMD kernel (see `spmd.py`), for loop recovery.

Workers form levels, outermost first: 0 is the grid (blocks / clusters), then the block level —
either one level (threads / cores) or, when the block is organised in warps, two: 1 the warp and
2 the lane. `Uniformity.level(e)` is the deepest level that the value of `e` may depend on, or -1
when every worker computes the same value: control flow around a barrier that synchronises the
workers of level k must have a level < k (it may depend on the enclosing levels only).

The analysis is flow-insensitive over the whole kernel (names are unique) and iterates to a
fixpoint:

* a grid index variable has level 0;
* an expression computed from block index variables and constants only (`threadIdx_x / 32u`,
  also through `Let`s) is evaluated for every worker of the block: it is uniform if it has one
  value, of the warp level if it is constant within each warp, else of the deepest level — so
  ``warp = threadIdx.x / 32`` is uniform across the lanes of a warp;
* a `Let` or loop variable has the level of its value / extent;
* a load has the level of its indices and of the buffer's contents: global memory is uniform
  (its contents are the same for everyone), block memory (shared / sram) is per grid worker
  (level 0), per-worker memory (local / nram / wram) has the level of everything ever stored
  into it (values, indices and the control the store sits under; an intrinsic that writes it
  counts its arguments and the buffers it reads).
"""
from __future__ import annotations

import itertools

from ..ir.evaluate import NotConstant, evaluate
from ..ir.expr import Address, Const, Expr, Load, Var
from ..ir.semantics import Undefined
from ..ir.stmt import Alloc, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While
from ..ir.visitor import children, substitute, walk

PER_WORKER_SCOPES = ("local", "nram", "wram")
BLOCK_SCOPES = ("shared", "sram")

_THREAD_ONLY = object()       # marker: the expression depends on block index variables only


class Uniformity:
    """Levels of the values of one SPMD body.

    `grid_vars`: names of the grid index variables; `block_axes`: (index variable name, extent)
    of the block level, outermost first; `warp_size`: > 0 when the block level is split into warp
    (level 1) and lane (level 2), else 0 (the block level is level 1)."""

    def __init__(self, body: Stmt, grid_vars, block_axes, warp_size: int = 0):
        self.grid_vars = set(grid_vars)
        self.block_vars = {name for name, _ in block_axes}
        self.warp_size = warp_size
        self.deepest = 2 if warp_size > 0 else 1
        # every worker of a block: index variable values, in linear order (x fastest)
        exts = [e for _, e in block_axes]
        self.points = [dict(zip((n for n, _ in block_axes), idx))
                       for idx in itertools.product(*(range(e) for e in exts))]
        self.var_level: dict[str, int] = {}       # let and loop variables
        self.buffer_level: dict[str, int] = {}    # per-worker buffers
        self.inline: dict[str, Expr] = {}         # lets computed from block index variables only
        self.scopes: dict[str, str] = {}          # allocated buffers
        self._enum_cache: dict[Expr, int] = {}
        self._cache: dict[int, tuple] = {}
        changed = True
        while changed:
            before = (dict(self.var_level), dict(self.buffer_level))
            self._cache = {}
            self._scan(body, -1)
            changed = before != (self.var_level, self.buffer_level)
        self._cache = {}

    # ------------------------------------------------------------------ queries
    def level(self, e: Expr) -> int:
        r = self._dep(e)
        return self._enum(e) if r is _THREAD_ONLY else r

    def uniform_below(self, e: Expr, k: int) -> bool:
        """True when `e` has one value for all workers of levels >= k (with levels < k fixed)."""
        return self.level(e) < k

    def alias(self, buffer_name: str, level: int) -> None:
        """Declare a per-worker buffer whose contents have `level` (a promoted `Let`)."""
        self.buffer_level[buffer_name] = max(self.buffer_level.get(buffer_name, -1), level)
        self._cache = {}

    # ------------------------------------------------------------------ expressions
    def _dep(self, e: Expr):
        """_THREAD_ONLY, or the level of `e`."""
        key = id(e)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is e:
            return hit[1]
        r = self._dep_uncached(e)
        self._cache[key] = (e, r)
        return r

    def _dep_uncached(self, e: Expr):
        if isinstance(e, Const):
            return _THREAD_ONLY
        if isinstance(e, Var):
            n = e.name
            if n in self.block_vars or n in self.inline:
                return _THREAD_ONLY
            if n in self.grid_vars:
                return 0
            return self.var_level.get(n, -1)      # parameters, loop recovery's placeholders: -1
        if isinstance(e, (Load, Address)):
            b = e.buffer
            d = self._buffer(b.name, b.scope)
            for i in e.indices:
                d = max(d, self.level(i))
            return d
        kids = [c for c in children(e) if isinstance(c, Expr)]
        deps = [self._dep(c) for c in kids]
        if all(d is _THREAD_ONLY for d in deps):
            return _THREAD_ONLY
        return max((self._enum(c) if d is _THREAD_ONLY else d) for c, d in zip(kids, deps))

    def _buffer(self, name: str, scope: str) -> int:
        if scope in PER_WORKER_SCOPES:
            return self.buffer_level.get(name, -1)
        if scope in BLOCK_SCOPES:
            return 0
        return -1

    def _enum(self, e: Expr) -> int:
        """Level of an expression of block index variables (and lets of them) only, by evaluating
        it for every worker of the block."""
        if isinstance(e, Const):
            return -1
        e = substitute(e, self.inline) if self.inline else e
        hit = self._enum_cache.get(e)
        if hit is not None:
            return hit
        if not any(isinstance(n, Var) for n in walk(e)):
            return -1
        first = None
        warp_values: dict[int, object] = {}
        result = -1
        ws = self.warp_size
        for t, env in enumerate(self.points):
            try:
                v = evaluate(e, env)
            except (NotConstant, Undefined, ArithmeticError, ValueError):
                result = self.deepest
                break
            if ws > 0:
                w = t // ws
                if w not in warp_values:
                    warp_values[w] = v
                elif warp_values[w] != v:
                    result = self.deepest
                    break
            if first is None:
                first = (v,)
            elif first[0] != v:
                result = 1 if ws > 0 else self.deepest
                if ws <= 0:
                    break
        self._enum_cache[e] = result
        return result

    # ------------------------------------------------------------------ statements
    def _scan(self, s: Stmt, ctx: int) -> None:
        if isinstance(s, Block):
            for x in s.stmts:
                self._scan(x, ctx)
        elif isinstance(s, Let):
            r = self._dep(s.value)
            if r is _THREAD_ONLY:
                self.inline[s.var.name] = substitute(s.value, self.inline) if self.inline else s.value
            else:
                self._raise_var(s.var.name, self._enum(s.value) if r is _THREAD_ONLY else r)
        elif isinstance(s, Loop):
            d = self.level(s.extent)
            self._raise_var(s.var.name, d)
            self._scan(s.body, max(ctx, d))
        elif isinstance(s, While):
            self._scan(s.body, max(ctx, self.level(s.cond)))
        elif isinstance(s, If):
            c = max(ctx, self.level(s.cond))
            self._scan(s.then, c)
            if s.otherwise is not None:
                self._scan(s.otherwise, c)
        elif isinstance(s, Store):
            if s.buffer.scope in PER_WORKER_SCOPES:
                d = max([ctx, self.level(s.value)] + [self.level(i) for i in s.indices])
                self._raise_buffer(s.buffer.name, d)
        elif isinstance(s, IntrinsicCall):
            d = max([ctx] + [self.level(a) for a in s.args])
            for r in s.reads:
                d = max(d, self._buffer(r, self.scopes.get(r, "global")))
            for w in s.writes:
                self._raise_buffer(w, d)
        elif isinstance(s, Alloc):
            self.scopes[s.buffer.name] = s.buffer.scope

    def _raise_var(self, name: str, d: int) -> None:
        if d > self.var_level.get(name, -1):
            self.var_level[name] = d

    def _raise_buffer(self, name: str, d: int) -> None:
        if d > self.buffer_level.get(name, -1):
            self.buffer_level[name] = d
