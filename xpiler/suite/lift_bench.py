"""`xpiler bench --lift`: lift every suite kernel (each case: its launch and sizes) to the canonical
loop program and verify it against the source kernel on its CPU engine (`verify.differential_test`)."""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass

from ..runner import run
from ..verify import differential_test
from .bench import finish, launch_of, make_inputs, run_parallel
from .manifest import SuiteKernel, discover

LIFT_SEEDS = (1, 2)


@dataclass
class LiftOutcome:
    path: str
    operator: str
    model: str
    status: str              # verified | failed | error
    lift_seconds: float = 0.0
    verify_seconds: float = 0.0
    max_abs_err: float = 0.0
    message: str = ""


def case_arguments(kernel: SuiteKernel, seed: int, fn_params: list[str]) -> dict:
    values = make_inputs(kernel, seed)
    ordered = [values[name] if name in values else kernel.shape[name] for name in kernel.meta["args"]]
    return dict(zip(fn_params, ordered))


def param_tolerance(kernel: SuiteKernel, fn_params: list[str]) -> dict:
    by_tensor = dict(zip(kernel.meta["args"], fn_params))
    return {by_tensor[t]: tuple(v) for t, v in kernel.tolerance.items() if t in by_tensor}


def lift_and_verify(kernel: SuiteKernel, seeds=LIFT_SEEDS, timeout: float = 120.0) -> LiftOutcome:
    from ..ir.native import run_many
    from ..lift.pipeline import lift
    from ..runner import pick_entry
    from ..source.loader import load_source
    out = LiftOutcome(f"{kernel.path}[{kernel.case}]", kernel.operator, kernel.model, "error")
    try:
        src = load_source(str(kernel.path), kernel.model)
        fn, _ = pick_entry(src, kernel.meta["entry"])
        params = [p.name for p in fn.params]
        sets = [case_arguments(kernel, s, params) for s in seeds]
        launch = launch_of(kernel.launch)
        t0 = time.perf_counter()
        lifted = lift(src, kernel.meta["entry"], args=sets[0], launch=launch)
        out.lift_seconds = time.perf_counter() - t0
    except Exception as e:
        out.message = f"lift: {type(e).__name__}: {str(e).splitlines()[0][:300]}"
        return out

    def reference(arg_sets):
        results = []
        for a in arg_sets:
            r = run(str(kernel.path), platform=kernel.model, entry=kernel.meta["entry"],
                    args=[a[p] for p in params], launch=launch, timeout=timeout)
            if not r.ok:
                raise RuntimeError(str(r.error))
            results.append(r.outputs)
        return results

    def candidate(arg_sets):
        return run_many([(lifted.kernel, a) for a in arg_sets], timeout=timeout)

    t0 = time.perf_counter()
    verdict = differential_test(reference, candidate, sets, param_tolerance(kernel, params))
    out.verify_seconds = time.perf_counter() - t0
    out.max_abs_err = verdict.max_abs_err
    out.status = "verified" if verdict.ok else "failed"
    out.message = "" if verdict.ok else verdict.message
    return out


def run_lift_suite(kernels, seeds=LIFT_SEEDS, workers: int = 2, progress: bool = True) -> list[LiftOutcome]:
    outcomes = run_parallel(lift_and_verify, [(k, seeds) for k in kernels], workers, progress,
                            lambda o: o.status == "verified")
    outcomes.sort(key=lambda o: (o.model, o.operator, o.path))
    return outcomes


def table(outcomes: list[LiftOutcome]) -> str:
    models = sorted({o.model for o in outcomes})
    ops = sorted({o.operator for o in outcomes})
    cell = {}
    for o in outcomes:
        ok, n = cell.get((o.operator, o.model), (0, 0))
        cell[(o.operator, o.model)] = (ok + (o.status == "verified"), n + 1)
    w = max(len(op) for op in ops) + 2
    lines = ["operator".ljust(w) + "".join(m.rjust(10) for m in models)]
    for op in ops:
        row = op.ljust(w)
        for m in models:
            ok, n = cell.get((op, m), (0, 0))
            row += (f"{ok}/{n}" if n else "-").rjust(10)
        lines.append(row)
    total_row = "total".ljust(w)
    for m in models:
        ok = sum(v[0] for (op, mm), v in cell.items() if mm == m)
        n = sum(v[1] for (op, mm), v in cell.items() if mm == m)
        total_row += f"{ok}/{n}".rjust(10)
    lines.append(total_row)
    verified = sum(o.status == "verified" for o in outcomes)
    lines.append(f"{verified}/{len(outcomes)} cases lift and verify")
    times = [o.lift_seconds for o in outcomes if o.status != "error"]
    if times:
        lines.append(f"lift time per case: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    return "\n".join(lines)


def main_lift(args) -> int:
    kernels = subset_of(discover(args.suite, args.model, args.operator), getattr(args, "subset", "all"))
    if not kernels:
        print("no suite kernels found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    outcomes = run_lift_suite(kernels, LIFT_SEEDS, args.jobs, progress=not args.quiet)
    return finish(outcomes, table(outcomes), "verified", lambda o: o.path,
                  f"{len(outcomes)} cases x {len(LIFT_SEEDS)} seeds", args.json, t0)


def representative(kernels: list[SuiteKernel]) -> list[SuiteKernel]:
    """One case per (model, operator, file): the smallest shape of each file (CI subset)."""
    seen, out = set(), []
    for k in sorted(kernels, key=lambda k: (str(k.path), _size(k))):
        if str(k.path) not in seen:
            seen.add(str(k.path))
            out.append(k)
    return out


def subset_of(kernels: list[SuiteKernel], subset: str) -> list[SuiteKernel]:
    """all: every case; files / ci: the smallest case of each file; parametric: of each parametric file."""
    if subset == "all":
        return kernels
    kernels = representative(kernels)
    return [k for k in kernels if k.meta.get("parametric")] if subset == "parametric" else kernels


def _size(k: SuiteKernel) -> int:
    n = 1
    for v in k.shape.values():
        n *= int(v) if isinstance(v, int) else 1
    return n
