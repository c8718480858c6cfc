"""simplify(kernel): constant folding with C semantics and affine simplification.

- subexpressions of constants fold (semantics.py; undefined operations stay as written);
- integer ``+ - *`` are normalised as polynomials (exact under wrap-around), e.g.
  ``(o * 4 + i) - o * 4`` -> ``i``, terms ordered outer loop first;
- ``/`` and ``%`` by a positive constant split off the multiples when value ranges prove it:
  ``(o * 4 + i) / 4`` -> ``o`` and ``% 4`` -> ``i`` for ``0 <= i < 4``, ``o >= 0``;
- comparisons decided by value ranges fold (guards of exact splits disappear);
- float expressions only fold constants and exact identities (``x * 1``, ``x / 1``, ``x - 0``);
- statements: constant ``if`` keeps one branch, loops of extent <= 0 vanish, loops of extent 1
  without a hardware axis become their body, nested blocks flatten, empty statements go.
"""
from __future__ import annotations

import dataclasses

from .. import dtypes as dt
from ..analysis.affine import Poly, from_poly, to_poly
from ..analysis.ranges import bounds, poly_bounds
from ..evaluate import evaluate
from ..expr import Binary, Call, Cast, Compare, Const, Expr, Select, Unary, Var
from ..kernel import Kernel
from ..semantics import Undefined
from ..stmt import Alloc, Block, If, Let, Loop, Stmt
from ..visitor import substitute

MAX_TERMS = 32


def _const(e: Expr) -> bool:
    return isinstance(e, Const)


class Simplifier:
    def __init__(self):
        self.env: dict[str, tuple[int, int]] = {}
        self.rank: dict[str, int] = {}
        self.depth = 0

    # ------------------------------------------------------------------ expressions
    def expr(self, e: Expr) -> Expr:
        if isinstance(e, (Const, Var)):
            return e
        changes = {}
        for f in dataclasses.fields(e):
            v = getattr(e, f.name)
            if isinstance(v, Expr):
                nv = self.expr(v)
                if nv is not v:
                    changes[f.name] = nv
            elif isinstance(v, tuple) and v and isinstance(v[0], Expr):
                nv = tuple(self.expr(x) for x in v)
                if any(a is not b for a, b in zip(nv, v)):
                    changes[f.name] = nv
        if changes:
            e = dataclasses.replace(e, **changes)
        return self._rules(e)

    def _fold(self, e: Expr) -> Expr | None:
        if isinstance(e, (Binary, Compare, Unary, Cast, Call)):
            kids = [getattr(e, f.name) for f in dataclasses.fields(e)]
            kids = [x for k in kids for x in (k if isinstance(k, tuple) else (k,)) if isinstance(x, Expr)]
            if all(_const(k) for k in kids):
                try:
                    return Const(evaluate(e), e.dtype)
                except (Undefined, ValueError, OverflowError):
                    return None
        return None

    def _rules(self, e: Expr) -> Expr:
        folded = self._fold(e)
        if folded is not None:
            return folded
        t = e.dtype
        if isinstance(e, Select):
            if _const(e.cond):
                return e.then if e.cond.value else e.otherwise
            if e.then == e.otherwise:
                return e.then
            return e
        if isinstance(e, Compare):
            return self._compare(e)
        if isinstance(e, Unary) and e.op == "!" and isinstance(e.a, Unary) and e.a.op == "!":
            return e.a.a
        if not isinstance(e, Binary):
            return e
        if e.op in ("and", "or"):
            for x, y in ((e.a, e.b), (e.b, e.a)):
                if _const(x):
                    absorbing = (e.op == "and") != bool(x.value)
                    return x if absorbing else y
            return e
        if dt.is_float(t):
            if e.op == "*" and _const(e.b) and e.b.value == 1.0:
                return e.a
            if e.op == "*" and _const(e.a) and e.a.value == 1.0:
                return e.b
            if e.op == "/" and _const(e.b) and e.b.value == 1.0:
                return e.a
            if e.op == "-" and _const(e.b) and e.b.value == 0.0:
                return e.a
            return e
        if e.op in ("+", "-", "*") or (e.op == "<<" and _const(e.b)):
            return self._poly(e)
        if e.op in ("/", "%") and _const(e.b):
            return self._divmod(e)
        if e.op in ("min", "max"):
            a, b = bounds(e.a, self.env), bounds(e.b, self.env)
            if a is not None and b is not None:
                if a[1] <= b[0]:
                    return e.a if e.op == "min" else e.b
                if b[1] <= a[0]:
                    return e.b if e.op == "min" else e.a
        return e

    def _poly(self, e: Expr) -> Expr:
        p = to_poly(e)
        if len(p.terms) > MAX_TERMS:
            return e
        out = from_poly(p, self.rank)
        return e if out == e else out

    def _divmod(self, e: Binary) -> Expr:
        c = int(e.b.value)
        t = e.dtype
        if c == 1:
            return e.a if e.op == "/" else Const(0, t)
        if c <= 0:
            return e
        whole = bounds(e.a, self.env)
        if whole is None or whole[0] < 0:
            return e
        if whole[1] < c:
            return Const(0, t) if e.op == "/" else e.a
        p = to_poly(e.a)
        q = {m: _signed(k, t) // c for m, k in p.terms if _signed(k, t) % c == 0}
        r = {m: k for m, k in p.terms if _signed(k, t) % c != 0}
        if not q:
            return e
        rq = poly_bounds(tuple((m, _signed(k, t) // c) for m, k in p.terms if m in q), self.env)
        rr = poly_bounds(tuple((m, _signed(k, t)) for m, k in p.terms if m in r), self.env)
        if rq is None or rr is None or not (0 <= rr[0] and rr[1] < c):
            return e
        lo, hi = dt.int_range(t)
        if not (lo <= rq[0] and rq[1] <= hi):
            return e
        if e.op == "/":
            return from_poly(Poly.make(q, t), self.rank)
        return from_poly(Poly.make(r, t), self.rank)

    def _compare(self, e: Compare) -> Expr:
        if not dt.is_int(e.a.dtype):
            return e
        ra, rb = bounds(e.a, self.env), bounds(e.b, self.env)
        if ra is None or rb is None:
            return e
        pa, pb = to_poly(e.a), to_poly(e.b)
        diff = dict(pa.terms)
        for m, k in pb.terms:
            diff[m] = diff.get(m, 0) - k
        t = e.a.dtype
        d = poly_bounds(tuple((m, _signed(k, t)) for m, k in diff.items() if _signed(k, t)), self.env)
        if d is None:
            d = (ra[0] - rb[1], ra[1] - rb[0])
        lo, hi = d
        verdict = {"<": (hi < 0, lo >= 0), "<=": (hi <= 0, lo > 0), ">": (lo > 0, hi <= 0),
                   ">=": (lo >= 0, hi < 0), "==": (lo == hi == 0, lo > 0 or hi < 0),
                   "!=": (lo > 0 or hi < 0, lo == hi == 0)}[e.op]
        if verdict[0]:
            return Const(1, "bool")
        if verdict[1]:
            return Const(0, "bool")
        return e

    # ------------------------------------------------------------------ statements
    def stmt(self, s: Stmt) -> list[Stmt]:
        """The simplified statement as a list (empty: removed)."""
        if isinstance(s, Block):
            out = []
            for x in s.stmts:
                out.extend(self.stmt(x))
            return out
        if isinstance(s, Let):
            v = self.expr(s.value)
            r = bounds(v, self.env)
            if r is not None:
                self.env[s.var.name] = r
            self.rank[s.var.name] = self.depth
            return [s if v is s.value else dataclasses.replace(s, value=v)]
        if isinstance(s, If):
            c = self.expr(s.cond)
            if _const(c):
                chosen = s.then if c.value else s.otherwise
                return self.stmt(chosen) if chosen is not None else []
            then = self._body(s.then)
            other = self._body(s.otherwise) if s.otherwise is not None else None
            if other is not None and isinstance(other, Block) and not other.stmts:
                other = None
            if isinstance(then, Block) and not then.stmts and other is None:
                return []
            return [If(c, then, other)]
        if isinstance(s, Loop):
            ext = self.expr(s.extent)
            if _const(ext) and ext.value <= 0:
                return []
            if _const(ext) and ext.value == 1 and s.axis is None:
                return self.stmt(substitute(s.body, {s.var.name: Const(0, s.var.dtype)}))
            r = bounds(ext, self.env)
            saved = self.env.get(s.var.name)
            if r is not None and r[1] >= 1:
                self.env[s.var.name] = (0, r[1] - 1)
            self.depth += 1
            self.rank[s.var.name] = self.depth
            body = self._body(s.body)
            self.depth -= 1
            if saved is None:
                self.env.pop(s.var.name, None)
            if isinstance(body, Block) and not body.stmts:
                return []
            return [dataclasses.replace(s, extent=ext, body=body)]
        if isinstance(s, Alloc):
            return [s]
        if type(s).__name__ == "While":
            c = self.expr(s.cond)
            if _const(c) and not c.value:
                return []
            return [dataclasses.replace(s, cond=c, body=self._body(s.body))]
        # Store, IntrinsicCall, Barrier: simplify their expressions
        changes = {}
        for f in dataclasses.fields(s):
            v = getattr(s, f.name)
            if isinstance(v, Expr):
                nv = self.expr(v)
                if nv is not v:
                    changes[f.name] = nv
            elif isinstance(v, tuple) and v and isinstance(v[0], Expr):
                nv = tuple(self.expr(x) for x in v)
                if any(a is not b for a, b in zip(nv, v)):
                    changes[f.name] = nv
        return [dataclasses.replace(s, **changes) if changes else s]

    def _body(self, s: Stmt) -> Stmt:
        out = self.stmt(s)
        return out[0] if len(out) == 1 else Block(tuple(out))


def _signed(k: int, dtype: str) -> int:
    b = dt.bits(dtype)
    k &= (1 << b) - 1
    return k - (1 << b) if k >= 1 << (b - 1) else k


def simplify_expr(e: Expr, ranges: dict | None = None) -> Expr:
    s = Simplifier()
    s.env.update(ranges or {})
    return s.expr(e)


def simplify(k: Kernel) -> Kernel:
    """Constant folding and affine simplification of the whole kernel (see the module doc)."""
    s = Simplifier()
    for p in k.params:
        s.rank[p.name] = 0
    body = s._body(k.body)
    return k if body == k.body else k.with_body(body)
