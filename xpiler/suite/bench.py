"""`xpiler bench --sources`: run every suite kernel on its CPU engine against the NumPy reference."""
from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field

import numpy as np

from ..runner import run
from .manifest import SuiteKernel, discover
from .operators import BY_NAME, case_inputs
from .tolerance import compare

DEFAULT_SEEDS = (1, 2, 3)


@dataclass
class KernelOutcome:
    path: str
    operator: str
    model: str
    status: str                       # pass | fail | error
    max_abs_err: float = 0.0
    worst_ratio: float = 0.0          # max |err| / (atol + rtol |ref|); <= 1 passes
    message: str = ""
    seconds: float = 0.0
    seeds: list = field(default_factory=list)


def launch_of(spec: dict | None):
    from ..models.base import Launch
    if not spec:
        return None
    if "tasks" in spec:
        tasks = spec["tasks"]
        grid = tuple(tasks) if isinstance(tasks, list) else (int(tasks), 1, 1)
        return Launch(grid=grid, func_type=spec.get("func_type", "union1"))
    return Launch(grid=tuple(spec["grid"]), block=tuple(spec["block"]), shared_bytes=int(spec.get("shared", 0)))


def make_inputs(kernel: SuiteKernel, seed: int) -> dict[str, np.ndarray]:
    return case_inputs(BY_NAME[kernel.operator], kernel.shape, kernel.dtype, np.random.default_rng(seed))


def _as_float64(arr: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "bfloat16":
        from ..dtypes import bf16_bits_to_float, float_to_bf16_bits
        return bf16_bits_to_float(float_to_bf16_bits(arr)).astype(np.float64)
    return np.asarray(arr).astype(dtype).astype(np.float64)


def check_kernel(kernel: SuiteKernel, seeds=DEFAULT_SEEDS, timeout: float = 120.0) -> KernelOutcome:
    op = BY_NAME[kernel.operator]
    t0 = time.perf_counter()
    outcome = KernelOutcome(f"{kernel.path}[{kernel.case}]", kernel.operator, kernel.model, "pass", seeds=list(seeds))
    for seed in seeds:
        values = make_inputs(kernel, seed)
        args = [values[name] if name in values else kernel.shape[name] for name in kernel.meta["args"]]
        try:
            result = run(str(kernel.path), platform=kernel.model, entry=kernel.meta["entry"], args=args,
                         launch=launch_of(kernel.launch), timeout=timeout)
        except Exception as e:   # a load/compile problem is this kernel's error, not the harness's
            outcome.status, outcome.message = "error", str(e).splitlines()[0][:300]
            break
        if not result.ok:
            outcome.status, outcome.message = "error", str(result.error)[:300]
            break
        ref_inputs = {t.name: _as_float64(values[t.name], kernel.dtype(t.name)) for t in op.tensors if t.role != "out"}
        expected = op.reference(ref_inputs, kernel.shape)
        # Result.outputs holds the pointer arguments in parameter order; those are the tensors of `args`
        tensors = {t.name for t in op.tensors}
        outputs = dict(zip([n for n in kernel.meta["args"] if n in tensors], result.outputs.values()))
        for name in op.outputs:
            if name not in outputs:
                outcome.status, outcome.message = "error", f"output '{name}' is not among the kernel's args"
                break
            rtol, atol = kernel.tolerance[name]
            ref = expected[name]
            got = np.asarray(outputs[name], dtype=np.float64).reshape(ref.shape)
            worst, max_err, bad = compare(got, ref, rtol, atol)
            outcome.max_abs_err = max(outcome.max_abs_err, max_err)
            outcome.worst_ratio = max(outcome.worst_ratio, worst)
            if not worst <= 1.0:
                outcome.status = "fail"
                outcome.message = (f"seed {seed}: '{name}'[{np.unravel_index(bad, ref.shape)}] = {got.flat[bad]!r}, "
                                   f"expected {ref.flat[bad]!r} (rtol {rtol:g}, atol {atol:g})")
        if outcome.status != "pass":
            break
    outcome.seconds = time.perf_counter() - t0
    return outcome


class Progress:
    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.failed, self.stream, self.t0 = total, 0, 0, stream, time.perf_counter()

    def step(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        width = 30
        filled = int(width * self.done / max(1, self.total))
        elapsed = time.perf_counter() - self.t0
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                          f"failed {self.failed}  {elapsed:5.0f} s")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def run_parallel(fn, jobs: list[tuple], workers: int, progress: bool, passed) -> list:
    """fn(*job) for every job on `workers` threads (the work runs in child processes), with a
    progress bar counting results for which `passed(result)` holds."""
    bar = Progress(len(jobs)) if progress else None
    outcomes = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for f in as_completed([pool.submit(fn, *job) for job in jobs]):
            o = f.result()
            outcomes.append(o)
            if bar:
                bar.step(passed(o))
    return outcomes


def run_suite(kernels: list[SuiteKernel], seeds=DEFAULT_SEEDS, workers: int = 2, progress: bool = True):
    outcomes = run_parallel(check_kernel, [(k, seeds) for k in kernels], workers, progress,
                            lambda o: o.status == "pass")
    outcomes.sort(key=lambda o: o.path)
    return outcomes


def table(outcomes: list[KernelOutcome]) -> str:
    models = sorted({o.model for o in outcomes})
    ops = sorted({o.operator for o in outcomes}, key=lambda n: [op.name for op in BY_NAME.values()].index(n))
    cells = {}
    for o in outcomes:
        c = cells.setdefault((o.operator, o.model), {"pass": 0, "total": 0, "err": 0.0, "bad": ""})
        c["total"] += 1
        c["pass"] += o.status == "pass"
        c["err"] = max(c["err"], o.max_abs_err)
        if o.status != "pass" and not c["bad"]:
            c["bad"] = o.status
    lines = [f"{'operator':20s}" + "".join(f"{m:>26s}" for m in models)]
    for op_name in ops:
        row = f"{op_name:20s}"
        for m in models:
            c = cells.get((op_name, m))
            if not c:
                row += f"{'-':>26s}"
            else:
                tag = "pass" if c["pass"] == c["total"] else c["bad"]
                row += f"{tag + ' ' + str(c['pass']) + '/' + str(c['total']) + ' err ' + format(c['err'], '.1e'):>26s}"
        lines.append(row)
    total = len(outcomes)
    passed = sum(o.status == "pass" for o in outcomes)
    lines.append(f"{passed}/{total} kernels pass")
    return "\n".join(lines)


def main_sources(args) -> int:
    kernels = discover(args.suite, args.model, args.operator)
    if not kernels:
        print("no suite kernels found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    outcomes = run_suite(kernels, tuple(args.seeds), args.jobs, progress=not args.quiet)
    return finish(outcomes, table(outcomes), "pass", lambda o: o.path,
                  f"{len(outcomes)} kernels x {len(args.seeds)} seeds", args.json, t0)


def finish(outcomes: list, table_text: str, ok: str, where, what: str, json_path: str | None, t0: float) -> int:
    """Print a bench's table, its failures and time, write its JSON; the exit status."""
    print(table_text)
    for o in outcomes:
        if o.status != ok:
            print(f"{o.status}: {where(o)}: {o.message}")
    print(f"time: {time.perf_counter() - t0:.1f} s for {what}")
    if json_path:
        with open(json_path, "w") as f:
            json.dump([asdict(o) for o in outcomes], f, indent=1)
    return 0 if all(o.status == ok for o in outcomes) else 1
