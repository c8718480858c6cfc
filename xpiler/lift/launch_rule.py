"""Launch rules: a GPU kernel's grid as a function of its scalar parameters.

A suite file (or any caller) gives a kernel several sizes, each with the launch its host code
would use (e.g. ``grid = ceil(n / 256)``). Lifting bakes the launch as constants, so a lifted
program is right at one size only. `infer_launch_rule` fits, per grid axis, the simplest candidate
that reproduces EVERY given case:

    constant C  <  ceil(P / k)  <  min(ceil(P / k), C)

where P is one of the kernel's integer scalar parameters or a product of two or three of them, and
k a "round" divisor (a power of two, or the threads per block times a power of two). The block (and the
dynamic shared memory) must be the same in every case: they size per-block storage and warps.
Few cases fit too much: a rule needs three cases, and the cases must leave one round divisor. An
axis no candidate reproduces, or one two different candidates of the same simplicity reproduce, means
no rule (the caller keeps the specialised lifting). A rule is only a hypothesis about the
host code: what is lifted with it is verified like anything else.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..ir.expr import Const, Expr, Var, cast, minimum

_MAX_FACTORS = 3
_MAX_DIVISOR = 1 << 22
_MIN_CASES = 3                 # fewer cases cannot tell a rule from a coincidence


@dataclass(frozen=True)
class Extent:
    """One grid axis: ``const`` when `params` is empty, else ``min(ceil(prod(params) / divisor), cap)``."""

    params: tuple[str, ...] = ()
    divisor: int = 1
    cap: int | None = None
    const: int = 1

    @property
    def symbolic(self) -> bool:
        return bool(self.params)

    def evaluate(self, scalars: dict) -> int:
        if not self.params:
            return self.const
        p = 1
        for name in self.params:
            p *= int(scalars[name])
        v = -(-p // self.divisor)
        return v if self.cap is None else min(v, self.cap)

    def expr(self, dtypes: dict[str, str]) -> Expr:
        """The extent as an int64 IR expression over the scalar parameters (`dtypes`: their IR types);
        computed in 64 bits so that ``n + k - 1`` cannot wrap."""
        if not self.params:
            return Const(self.const, "int64")
        p = None
        for name in self.params:
            v = cast("int64", Var(name, dtypes[name]))
            p = v if p is None else p * v
        e = p if self.divisor == 1 else (p + Const(self.divisor - 1, "int64")) / Const(self.divisor, "int64")
        return e if self.cap is None else minimum(e, Const(self.cap, "int64"))

    def describe(self) -> str:
        if not self.params:
            return str(self.const)
        p = "*".join(self.params)
        e = p if self.divisor == 1 else f"ceil({p}/{self.divisor})"
        return e if self.cap is None else f"min({e}, {self.cap})"


@dataclass(frozen=True)
class LaunchRule:
    grid: tuple[Extent, Extent, Extent]
    block: tuple[int, int, int]
    shared_bytes: int = 0

    @property
    def symbolic(self) -> bool:
        return any(e.symbolic for e in self.grid)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for e in self.grid for p in e.params))

    def grid_for(self, scalars: dict) -> tuple[int, int, int]:
        return tuple(e.evaluate(scalars) for e in self.grid)

    def grid_exprs(self, dtypes: dict[str, str]) -> tuple:
        """Per axis: the constant (int) or, for a symbolic axis, its int64 expression."""
        return tuple(e.expr(dtypes) if e.symbolic else e.const for e in self.grid)

    def describe(self) -> str:
        return f"grid=({', '.join(e.describe() for e in self.grid)}) block=({','.join(map(str, self.block))})"


def _int_scalars(scalars: dict) -> dict[str, int]:
    return {k: int(v) for k, v in scalars.items()
            if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))}


def _round_divisors(threads: int) -> list[int]:
    """Powers of two and the threads per block times a power of two (elements per block)."""
    out = {1 << j for j in range(23)} | {threads << j for j in range(12)}
    return sorted(d for d in out if 1 <= d <= _MAX_DIVISOR)


def _divisor_range(products: list[int], values: list[int], cap: int | None):
    """[lo, hi] of the k with min(ceil(P_i / k), cap) == v_i for every case (None: empty)."""
    lo, hi = 1, _MAX_DIVISOR
    for p, v in zip(products, values):
        if p <= 0 or v <= 0:
            return None
        if cap is not None and v == cap:
            # ceil(p / k) >= cap  <=>  k < p / (cap - 1)
            if cap > 1:
                hi = min(hi, -(-p // (cap - 1)) - 1)
            continue
        # ceil(p / k) == v  <=>  p / v <= k < p / (v - 1)
        lo = max(lo, -(-p // v))
        if v > 1:
            hi = min(hi, -(-p // (v - 1)) - 1)
        if lo > hi:
            return None
    return (lo, hi) if lo <= hi else None


def _fit_axis(cases: list[tuple[dict, int]], names: list[str], threads: int) -> Extent | None:
    values = [v for _, v in cases]
    if len(set(values)) == 1:
        return Extent(const=values[0])
    divisors = _round_divisors(threads)
    for capped in (False, True):
        cap = max(values) if capped else None
        if capped and (values.count(cap) == len(values) or len({v for v in values if v != cap}) < 2):
            continue        # a cap needs at least two distinct uncapped values to fit the rest
        for nf in range(1, _MAX_FACTORS + 1):
            found = []
            for combo in itertools.combinations(names, nf):
                products = []
                for s, _ in cases:
                    p = 1
                    for n in combo:
                        p *= s[n]
                    products.append(p)
                r = _divisor_range(products, values, cap)
                if r is None:
                    continue
                ks = [d for d in divisors if r[0] <= d <= r[1]]
                if len(ks) == 1:     # several round divisors fit: the cases do not pin the rule down
                    found.append(Extent(tuple(combo), ks[0], cap))
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return None          # ambiguous: the cases do not tell the candidates apart
    return None


def infer_launch_rule(cases: list[tuple[dict, object]]) -> LaunchRule | None:
    """The rule reproducing every (scalar arguments by name, launch) case, or None. Launches are
    GPU launches (grid, block, shared_bytes); a case without one means no rule."""
    if len(cases) < _MIN_CASES or any(launch is None or getattr(launch, "func_type", None) for _, launch in cases):
        return None
    blocks = {tuple(launch.block) for _, launch in cases}
    shared = {int(getattr(launch, "shared_bytes", 0) or 0) for _, launch in cases}
    if len(blocks) != 1 or len(shared) != 1:
        return None
    block = next(iter(blocks))
    ints = [_int_scalars(s) for s, _ in cases]
    names = [n for n in ints[0] if all(n in s for s in ints)]
    threads = block[0] * block[1] * block[2]
    grid = []
    for axis in range(3):
        e = _fit_axis([(s, int(launch.grid[axis])) for s, (_, launch) in zip(ints, cases)], names, threads)
        if e is None:
            return None
        grid.append(e)
    rule = LaunchRule(tuple(grid), block, next(iter(shared)))
    assert all(rule.grid_for(s) == tuple(int(g) for g in launch.grid) for s, (_, launch) in zip(ints, cases))
    return rule
