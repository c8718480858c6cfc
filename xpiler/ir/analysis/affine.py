"""Integer expressions as polynomials over atoms.

Wrapping integer ``+ - *`` (and ``<<`` by a constant) in one dtype is arithmetic in the ring
Z/2^bits, so rewriting an expression into a sum of monomials is exact even where intermediate
values overflow. Atoms are variables and any other subexpression (loads, divisions, casts, calls),
kept whole. `to_poly` / `from_poly` convert; `from_poly` prints terms in a deterministic order
(variables by the rank given, e.g. loop depth, then name; constant last).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import dtypes as dt
from ..expr import Binary, Const, Expr, Unary, Var
from ..printer_ir import expr_text

Monomial = tuple  # sorted tuple of atoms (Expr), () for the constant term


def _atom_key(a: Expr, rank: dict | None = None):
    if isinstance(a, Var):
        return (0, (rank or {}).get(a.name, 0), a.name)
    return (1, 0, expr_text(a))


@dataclass(frozen=True)
class Poly:
    terms: tuple            # ((monomial, coeff), ...) sorted, coeff != 0, wrapped to dtype
    dtype: str

    @staticmethod
    def make(d: dict, dtype: str) -> "Poly":
        items = []
        for m, c in d.items():
            c = dt.wrap(c, dtype)
            if c:
                items.append((m, c))
        items.sort(key=lambda mc: tuple(_atom_key(a) for a in mc[0]))
        return Poly(tuple(items), dtype)

    def as_dict(self) -> dict:
        return dict(self.terms)

    @property
    def constant(self) -> int:
        return self.as_dict().get((), 0)

    def is_constant(self) -> bool:
        return all(m == () for m, _ in self.terms)

    def linear(self) -> dict:
        """Non-constant monomials -> coefficient."""
        return {m: c for m, c in self.terms if m}

    def signed(self, c: int) -> int:
        """A coefficient as the nearest-to-zero representative (for printing and reasoning)."""
        return _centered(c, self.dtype)


def _centered(c: int, dtype: str) -> int:
    b = dt.bits(dtype)
    c &= (1 << b) - 1
    return c - (1 << b) if c >= 1 << (b - 1) else c


def _mul(p: dict, q: dict) -> dict:
    out: dict = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = tuple(sorted(m1 + m2, key=_atom_key))
            out[m] = out.get(m, 0) + c1 * c2
    return out


def _poly(e: Expr, dtype: str) -> dict:
    if isinstance(e, Const):
        return {(): int(e.value)}
    if isinstance(e, Binary) and e.dtype == dtype:
        if e.op in ("+", "-"):
            a, b = _poly(e.a, dtype), _poly(e.b, dtype)
            s = 1 if e.op == "+" else -1
            out = dict(a)
            for m, c in b.items():
                out[m] = out.get(m, 0) + s * c
            return out
        if e.op == "*":
            return _mul(_poly(e.a, dtype), _poly(e.b, dtype))
        if e.op == "<<" and isinstance(e.b, Const) and 0 <= int(e.b.value) < dt.bits(dt.integer_promotion(dtype)):
            return {m: c << int(e.b.value) for m, c in _poly(e.a, dtype).items()}
    if isinstance(e, Unary) and e.op == "-" and e.dtype == dtype:
        return {m: -c for m, c in _poly(e.a, dtype).items()}
    return {(e,): 1}


def to_poly(e: Expr) -> Poly:
    """The polynomial of an integer expression (atoms: everything that is not + - * or <<const)."""
    if not dt.is_int(e.dtype):
        raise TypeError(f"to_poly needs an integer expression, got {e.dtype}")
    return Poly.make(_poly(e, e.dtype), e.dtype)


def from_poly(p: Poly, rank: dict | None = None) -> Expr:
    """An expression for `p`: terms ordered by their variables' rank (then name), constant last;
    negative coefficients become subtractions."""
    t = p.dtype
    terms = [(m, _centered(c, t)) for m, c in p.terms if m]
    terms.sort(key=lambda mc: (tuple(_atom_key(a, rank) for a in mc[0]), -abs(mc[1])))
    const = _centered(p.constant, t)
    out: Expr | None = None
    for m, c in terms:
        prod: Expr = m[0]
        for a in m[1:]:
            prod = Binary("*", prod, a)
        mag = abs(c)
        term = prod if mag == 1 else Binary("*", prod, Const(mag, t))
        if out is None:
            out = term if c > 0 else (Unary("-", term) if mag == 1 else Binary("*", prod, Const(c, t)))
        else:
            out = Binary("+" if c > 0 else "-", out, term)
    if out is None:
        return Const(const, t)
    if const:
        out = Binary("+" if const > 0 else "-", out, Const(abs(const), t))
    return out


def atoms(p: Poly) -> set:
    return {a for m, _ in p.terms for a in m}
