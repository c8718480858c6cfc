"""Memory accesses of a region and the dependence directions between loop iterations.

For two accesses to one buffer (at least one a write) inside loops `band` (outermost first),
`directions` describes the iteration distances ``d = I_b - I_a`` (one entry per band variable) at
which both touch the same element: None when they never do, else a tuple whose entries are an int
(the distance is always that value) or ``"*"`` (unknown / any). It is an over-approximation, so a
transformation that is legal for every distance it allows is legal:

- index expressions become polynomials (analysis/affine.py); in every dimension
  ``f_a(I) = f_b(I + d)`` is a linear equation in ``d``, in the iterations themselves where the two
  accesses use a variable with different coefficients, and in free unknowns for everything else
  (parameters whose coefficients differ, inner loop variables, loads, divisions, products
  with band variables such as the ``i * n`` of a flattened index);
- the system is reduced exactly over the rationals; an inconsistent system or a forced
  non-integer distance means no dependence; a distance is a constant when the reduced system fixes
  it, else ``"*"``. Loop bounds are not used, and integer index arithmetic is taken not to wrap.

Buffers allocated inside the region are private to an iteration and not reported. Multi-dimensional
buffers analyse best: lifting should delinearize flat indices (``A[i * n + j]`` -> ``A[i, j]``).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from ..expr import Address, Expr, Load, Var
from ..stmt import Alloc, IntrinsicCall, Let, Loop, Stmt, Store
from ..visitor import Visitor, free_vars, substitute, walk
from .affine import to_poly


@dataclass(frozen=True)
class Access:
    buffer: str
    indices: tuple[Expr, ...] | None    # None: unknown element(s) (intrinsic call)
    write: bool
    inner: frozenset[str] = frozenset()  # variables bound inside the region (inner loops)


class _Collect(Visitor):
    def __init__(self):
        self.out: list[Access] = []
        self.lets: dict[str, Expr] = {}
        self.inner: set[str] = set()
        self.private: set[str] = set()

    def _idx(self, idx):
        return tuple(substitute(i, self.lets) for i in idx)

    def _reads(self, e: Expr):
        for n in walk(e):
            if isinstance(n, (Load, Address)) and n.buffer.name not in self.private:
                self.out.append(Access(n.buffer.name, self._idx(n.indices), False,
                                       frozenset(self.inner)))

    def visit_Let(self, s: Let):
        self._reads(s.value)
        self.lets[s.var.name] = substitute(s.value, self.lets)

    def visit_Alloc(self, s: Alloc):
        self.private.add(s.buffer.name)

    def visit_Store(self, s: Store):
        for i in s.indices:
            self._reads(i)
        self._reads(s.value)
        if s.buffer.name not in self.private:
            self.out.append(Access(s.buffer.name, self._idx(s.indices), True, frozenset(self.inner)))

    def visit_Loop(self, s: Loop):
        self._reads(s.extent)
        self.inner.add(s.var.name)
        self.visit(s.body)

    def visit_If(self, s):
        self._reads(s.cond)
        self.visit(s.then)
        if s.otherwise is not None:
            self.visit(s.otherwise)

    def visit_IntrinsicCall(self, s: IntrinsicCall):
        for a in s.args:
            self._reads(a)
        for b in s.reads:
            if b not in self.private:
                self.out.append(Access(b, None, False, frozenset(self.inner)))
        for b in s.writes:
            if b not in self.private:
                self.out.append(Access(b, None, True, frozenset(self.inner)))


def collect_accesses(region: Stmt) -> list[Access]:
    """Reads and writes of non-private buffers in `region`; lets inside it are substituted into
    the indices (so they speak of loop variables and parameters)."""
    c = _Collect()
    c.visit(region)
    return c.out


def _split(e: Expr, band: tuple[str, ...], inner: frozenset[str]):
    """(band coefficients {v: c}, invariant terms {monomial: c}, per-access terms {monomial: c},
    constant) of an index expression."""
    p = to_poly(e)
    bandc, inv, own, const = {}, {}, {}, 0
    for m, c in p.terms:
        c = p.signed(c)
        if not m:
            const = c
            continue
        names = set()
        loads = False
        for a in m:
            names |= free_vars(a)
            loads = loads or any(isinstance(n, (Load, Address)) for n in walk(a))
        if len(m) == 1 and isinstance(m[0], Var) and m[0].name in band:
            bandc[m[0].name] = c
        elif loads or names & set(band) or names & inner:
            own[m] = c
        else:
            inv[m] = c
    return bandc, inv, own, const


def directions(a: Access, b: Access, band: tuple[str, ...]):
    """Possible iteration distances (b minus a) per band variable: None (independent) or a tuple of
    ints and "*"."""
    k = len(band)
    star = tuple("*" for _ in band)
    if a.indices is None or b.indices is None:
        return star
    if len(a.indices) != len(b.indices):
        return star
    rows = []           # (coefficients dict column -> Fraction, rhs)
    for ea, eb in zip(a.indices, b.indices):
        ba, ia, oa, ca = _split(ea, band, a.inner)
        bb, ib, ob, cb = _split(eb, band, b.inner)
        row: dict = {}
        for v in band:
            av, bv = ba.get(v, 0), bb.get(v, 0)
            if bv:
                row[("d", v)] = Fraction(bv)
            if bv != av:
                row[("I", v)] = Fraction(bv - av)
        for m in set(ia) | set(ib):
            diff = ib.get(m, 0) - ia.get(m, 0)
            if diff:
                row[("inv", m)] = Fraction(diff)
        for m, c in oa.items():
            row[("a", m)] = Fraction(-c)
        for m, c in ob.items():
            row[("b", m)] = Fraction(c)
        rows.append((row, Fraction(ca - cb)))
    cols = [("d", v) for v in band]
    extra = sorted({c for r, _ in rows for c in r if c[0] != "d"}, key=repr)
    cols += extra
    mat = [[r.get(c, Fraction(0)) for c in cols] + [rhs] for r, rhs in rows]
    # reduced row echelon form
    pivots = []
    row_i = 0
    for col in range(len(cols)):
        piv = next((r for r in range(row_i, len(mat)) if mat[r][col] != 0), None)
        if piv is None:
            continue
        mat[row_i], mat[piv] = mat[piv], mat[row_i]
        pv = mat[row_i][col]
        mat[row_i] = [x / pv for x in mat[row_i]]
        for r in range(len(mat)):
            if r != row_i and mat[r][col] != 0:
                f = mat[r][col]
                mat[r] = [x - f * y for x, y in zip(mat[r], mat[row_i])]
        pivots.append(col)
        row_i += 1
    for r in mat[row_i:]:
        if r[-1] != 0:
            return None             # inconsistent: never the same element
    out = []
    for j in range(k):
        if j in pivots:
            r = mat[pivots.index(j)]
            if all(r[c] == 0 for c in range(len(cols)) if c != j):
                val = r[-1]
                if val.denominator != 1:
                    return None     # the distance would have to be a fraction
                out.append(int(val))
                continue
        out.append("*")
    return tuple(out)


def dependences(region: Stmt, band: tuple[str, ...], other: Stmt | None = None):
    """[(buffer, directions)] for every pair of accesses in `region` (or between `region` and
    `other`) that may touch one element across iterations, at least one of them a write.
    Between two regions a distance is from the access in `region` to the one in `other`; within
    one region a constant distance vector is reported lexicographically positive."""
    acc_a = collect_accesses(region)
    acc_b = collect_accesses(other) if other is not None else acc_a
    out = []
    for x in acc_a:
        for y in acc_b:
            if x.buffer != y.buffer or not (x.write or y.write):
                continue
            d = directions(x, y, band)
            if d is not None and any(v != 0 for v in d):
                if other is None and all(v != "*" for v in d) and _lex_sign([(v > 0) - (v < 0) for v in d]) < 0:
                    d = tuple(-v for v in d)        # within one region: from the access that runs first
                out.append((x.buffer, d))
    return out


def _sign_options(v):
    if v == "*":
        return (-1, 0, 1)
    return ((v > 0) - (v < 0),)


def _lex_sign(vec) -> int:
    for s in vec:
        if s:
            return s
    return 0


def permutation_violation(dirs, old: tuple[str, ...], new: tuple[str, ...]):
    """A sign vector (in `old` order) allowed by `dirs` whose lexicographic sign differs between the
    two loop orders, or None."""
    pos = [old.index(v) for v in new]
    for signs in itertools.product(*(_sign_options(v) for v in dirs)):
        if not any(signs):
            continue
        if _lex_sign(signs) != _lex_sign([signs[p] for p in pos]):
            return signs
    return None
