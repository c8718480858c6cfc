"""Differential testing: one function that decides whether a derived program (a lifted loop
program, a translated kernel) computes what the source kernel computes.

Both sides are callables taking a list of argument sets (dicts by parameter name) and returning one
dict of output arrays per set; they run untrusted code only through the sandboxed engines. Every
buffer the source writes is compared, with a tolerance per output (relative + absolute, as the
suite's `tolerance.compare`); buffers the source only reads must come back unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .suite.tolerance import compare

DEFAULT_TOLERANCE = (1e-5, 1e-6)


@dataclass
class Verdict:
    ok: bool
    sets: int = 0
    max_abs_err: float = 0.0
    worst_ratio: float = 0.0
    message: str = ""
    details: list = field(default_factory=list)

    def summary(self) -> str:
        if self.ok:
            return (f"verified on {self.sets} input set(s): max |err| {self.max_abs_err:.3g}, "
                    f"worst err/tolerance {self.worst_ratio:.3g}")
        return f"NOT verified: {self.message}"


def differential_test(reference: Callable[[list], list], candidate: Callable[[list], list], input_sets: list[dict],
                      tolerance: dict | None = None, compare_names: list[str] | None = None) -> Verdict:
    """Run both sides on every argument set and compare outputs.

    `tolerance`: output name -> (rtol, atol); names not listed use DEFAULT_TOLERANCE when the
    reference changed them and must be bit-identical when it did not."""
    tolerance = tolerance or {}
    try:
        expected = reference(input_sets)
    except Exception as e:
        return Verdict(False, 0, message=f"the source kernel failed: {str(e).splitlines()[0][:300]}")
    try:
        got = candidate(input_sets)
    except Exception as e:
        return Verdict(False, 0, message=f"the derived program failed: {str(e).splitlines()[0][:300]}")
    v = Verdict(True, len(input_sets))
    for i, (args, exp, out) in enumerate(zip(input_sets, expected, got)):
        names = compare_names or sorted(exp)
        for name in names:
            if name not in exp:
                continue
            if name not in out:
                v.ok, v.message = False, f"set {i}: output '{name}' missing from the derived program"
                return v
            e = np.asarray(exp[name], dtype=np.float64).reshape(-1)
            g = np.asarray(out[name], dtype=np.float64).reshape(-1)
            if e.size != g.size:
                v.ok, v.message = False, f"set {i}: '{name}' has {g.size} elements, expected {e.size}"
                return v
            before = args.get(name)
            changed = before is None or not np.array_equal(np.asarray(before, dtype=np.float64).reshape(-1), e,
                                                           equal_nan=True)
            rtol, atol = tolerance.get(name, DEFAULT_TOLERANCE if changed else (0.0, 0.0))
            worst, max_err, bad = compare(g, e, rtol, atol)
            if not np.isnan(max_err):
                v.max_abs_err = max(v.max_abs_err, max_err)
            v.worst_ratio = max(v.worst_ratio, worst)
            if not worst <= 1.0:
                v.ok = False
                v.message = (f"set {i}: '{name}'[{bad}] = {g[bad]!r}, source gives {e[bad]!r} "
                             f"(rtol {rtol:g}, atol {atol:g})")
                return v
    return v
