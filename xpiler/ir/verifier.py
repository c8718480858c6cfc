"""verify(before, after, inputs): the differential check every pass implementation answers to.

Both programs run natively (one compile, one sandboxed process) on the same inputs; every ``out``
and ``inout`` buffer must agree. Agreement is bitwise (NaNs equal) unless a tolerance is given or
`after` uses a math call of a looser precision class than `before` (then ``approx`` allows a
relative error of 1e-3 and ``ulp`` of 1e-5, relative to the output's magnitude). A transformed program that fails to print, compile or run
(a fault in the sandbox, a timeout) gives a failed result; a failing original raises.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .expr import Call
from .kernel import Kernel
from .visitor import walk

_RANK = {"exact": 0, "ulp": 1, "approx": 2}
_RTOL = {0: 0.0, 1: 1e-5, 2: 1e-3}


@dataclass
class VerifyResult:
    ok: bool
    mismatches: list[str] = field(default_factory=list)
    before: list[dict] = field(default_factory=list)
    after: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return "ok" if self.ok else "; ".join(self.mismatches)


def _loosest(k: Kernel) -> int:
    return max((_RANK[n.precision] for n in walk(k.body) if isinstance(n, Call)), default=0)


def _same_signature(a: Kernel, b: Kernel) -> str | None:
    sa = [(p.name, p.role, p.target.dtype, getattr(p.target, "shape", None)) for p in a.params]
    sb = [(p.name, p.role, p.target.dtype, getattr(p.target, "shape", None)) for p in b.params]
    return None if sa == sb else f"parameters differ: {sa} vs {sb}"


def _compare(name: str, x: np.ndarray, y: np.ndarray, rtol: float, atol: float) -> str | None:
    if x.shape != y.shape:
        return f"{name}: shape {x.shape} vs {y.shape}"
    if rtol == 0 and atol == 0:
        if x.dtype.kind == "f":
            same = (x == y) | (np.isnan(x) & np.isnan(y))
        else:
            same = x == y
    else:
        xf, yf = x.astype(np.float64), y.astype(np.float64)
        scale = np.maximum(np.abs(xf), np.abs(yf))
        same = (np.abs(xf - yf) <= atol + rtol * scale) | (np.isnan(xf) & np.isnan(yf)) | (xf == yf)
    if bool(np.all(same)):
        return None
    bad = np.argwhere(~same)
    idx = tuple(int(v) for v in bad[0])
    return f"{name}: {len(bad)} element(s) differ, first at {idx}: {x[idx]!r} vs {y[idx]!r}"


def verify(before: Kernel, after: Kernel, inputs, rtol: float | None = None, atol: float = 0.0,
           timeout: float = 60.0) -> VerifyResult:
    """Run both programs on `inputs` (one argument dict, or a list of them) and compare outputs."""
    from ..engine.toolchain import CompileError
    from .native import NativeExecutionError, run_many
    from .printer_c import PrintError
    sets = inputs if isinstance(inputs, list) else [inputs]
    why = _same_signature(before, after)
    if why:
        return VerifyResult(False, [why])
    if rtol is None:
        loose = _loosest(after)
        rtol = _RTOL[loose] if loose > _loosest(before) else 0.0
    jobs = [(k, args) for args in sets for k in (before, after)]
    try:
        results = run_many(jobs, timeout=timeout)
    except (NativeExecutionError, CompileError, PrintError) as err:
        # both ran in one process: blame `after` only if `before` runs cleanly on its own
        run_many([(before, args) for args in sets], timeout=timeout)
        return VerifyResult(False, [f"the transformed program fails: {err}"])
    outs = [p.name for p in before.params if p.is_buffer and p.role in ("out", "inout")]
    res = VerifyResult(True)
    for i in range(len(sets)):
        b, a = results[2 * i], results[2 * i + 1]
        res.before.append(b)
        res.after.append(a)
        for name in outs:
            m = _compare(name, b[name], a[name], rtol, atol)
            if m:
                res.ok = False
                res.mismatches.append((f"input set {i}: " if len(sets) > 1 else "") + m)
    return res
