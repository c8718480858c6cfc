"""Translating suite kernels: `translate_case` (one file and case to one target) and
`xpiler bench --translate` (every suite file to every other model, direction x operator matrix)."""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..suite.bench import finish, launch_of, run_parallel
from ..suite.lift_bench import case_arguments, param_tolerance, subset_of
from ..suite.manifest import EXTENSIONS, SuiteKernel, discover, header_line
from .driver import MODELS, SizeCase, Translation, translate

SEEDS = (1, 2)


@dataclass
class TranslateOutcome:
    path: str
    operator: str
    source: str
    target: str
    status: str                  # verified | failed | error
    route: str = ""              # lifted | direct
    seconds: float = 0.0
    max_abs_err: float = 0.0
    compiled: bool | None = None     # the target's real compiler accepts it (None: not checked / none here)
    features: list = field(default_factory=list)
    passes: list = field(default_factory=list)
    message: str = ""
    notes: list = field(default_factory=list)        # the target's notes (e.g. loops left serial)
    size_generic: bool | None = None     # None: no other size checked (see driver.Translation.size_generic)
    sizes_failed: list = field(default_factory=list)


def other_sizes(kernel: SuiteKernel, params: list[str], seed: int = SEEDS[0]) -> list[SizeCase]:
    """The file's other cases (sizes and launches) as size checks for a translation of `kernel`."""
    out = []
    for c in range(len(kernel.meta["cases"])):
        if c != kernel.case:
            k = SuiteKernel(kernel.path, kernel.meta, c)
            out.append(SizeCase(f"case {c}", [case_arguments(k, seed, params)], launch_of(k.launch),
                                param_tolerance(k, params)))
    return out


def translate_case(kernel: SuiteKernel, target: str, seeds=SEEDS, check_sizes: bool = False) -> Translation:
    from ..runner import pick_entry
    from ..source.loader import load_source
    src = load_source(str(kernel.path), kernel.model)
    fn, _ = pick_entry(src, kernel.meta["entry"])
    params = [p.name for p in fn.params]
    sets = [case_arguments(kernel, s, params) for s in seeds]
    return translate(src, target, sets, kernel.meta["entry"], launch_of(kernel.launch),
                     tolerance=param_tolerance(kernel, params),
                     other_sizes=other_sizes(kernel, params) if check_sizes else ())


def save_as_suite_file(kernel: SuiteKernel, tr: Translation, root) -> Path:
    """Write a verified translation as a one-case suite file of the target model (its metadata: the
    source case with the launch the translation chose), so suite tools (e.g. tests/gpu/suite_on_gpu.py
    on a real GPU) can run it: ROOT/<target>/<source>/<operator>/<file>_c<case>.<ext>."""
    e = tr.emitted
    meta = dict(kernel.meta, model=tr.target, entry=e.entry, parametric=False,
                style=f"translated from {kernel.model} by xpiler")
    case = dict(kernel.case_meta)
    L = e.launch
    if L is None:
        case["launch"] = None
    elif L.func_type:
        case["launch"] = {"tasks": list(L.grid), "func_type": L.func_type}
    else:
        case["launch"] = {"grid": list(L.grid), "block": list(L.block), "shared": L.shared_bytes or 0}
    meta["cases"] = [case]
    dest = (Path(root) / tr.target / kernel.model / kernel.operator
            / f"{kernel.path.stem}_c{kernel.case}{EXTENSIONS[tr.target]}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(header_line(meta) + e.text)
    return dest


def _outcome(kernel: SuiteKernel, target: str, seeds, compile_check: bool = False,
             check_sizes: bool = False, save_root=None) -> TranslateOutcome:
    out = TranslateOutcome(f"{kernel.path}[{kernel.case}]", kernel.operator, kernel.model, target, "error")
    t0 = time.perf_counter()
    try:
        tr = translate_case(kernel, target, seeds, check_sizes)
    except Exception as e:
        out.message = f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"
        out.seconds = time.perf_counter() - t0
        return out
    out.seconds = (tr.seconds.get("total", time.perf_counter() - t0) - tr.seconds.get("verify", 0.0)
                   - tr.seconds.get("sizes", 0.0))
    out.route = tr.path
    if tr.emitted is not None:
        out.features = sorted(tr.emitted.features)
        out.passes = list(tr.emitted.passes)
        out.notes = list(tr.emitted.notes)
    if tr.emitted is not None and compile_check:
        from .compilers import check_compiles
        out.compiled, why = check_compiles(tr.emitted.text, target)
        if out.compiled is False:
            out.message = f"{target} compiler: {why}"
    if tr.ok:
        out.status, out.max_abs_err = "verified", tr.verdict.max_abs_err
        if save_root:
            save_as_suite_file(kernel, tr, save_root)
        out.size_generic = tr.size_generic
        out.sizes_failed = [label for label, _ in tr.sizes_failed]
    else:
        out.status = "failed" if tr.emitted is not None else "error"
        out.message = tr.error[:300]
    return out


def run_matrix(kernels, targets=MODELS, seeds=SEEDS, workers: int = 2, progress: bool = True,
               compile_check: bool = False, check_sizes: bool = False, save_root=None):
    jobs = [(k, t, seeds, compile_check, check_sizes, save_root) for k in kernels for t in targets if t != k.model]
    outcomes = run_parallel(_outcome, jobs, workers, progress, lambda o: o.status == "verified")
    outcomes.sort(key=lambda o: (o.source, o.target, o.operator, o.path))
    return outcomes


def matrix(outcomes: list[TranslateOutcome]) -> str:
    directions = sorted({(o.source, o.target) for o in outcomes})
    ops = sorted({o.operator for o in outcomes})
    names = [f"{s[:4]}>{t[:4]}" for s, t in directions]
    w = max([len(op) for op in ops] + [8]) + 2
    lines = ["operator".ljust(w) + "".join(n.rjust(11) for n in names)]
    cell = {}
    for o in outcomes:
        ok, n = cell.get((o.operator, o.source, o.target), (0, 0))
        cell[(o.operator, o.source, o.target)] = (ok + (o.status == "verified"), n + 1)
    for op in ops:
        lines.append(op.ljust(w) + "".join((f"{cell[(op, s, t)][0]}/{cell[(op, s, t)][1]}" if (op, s, t) in cell
                                            else "-").rjust(11) for s, t in directions))
    tot = "verified".ljust(w)
    use = "vec/matrix".ljust(w)
    for s, t in directions:
        sel = [o for o in outcomes if (o.source, o.target) == (s, t)]
        ok = sum(o.status == "verified" for o in sel)
        tot += f"{ok}/{len(sel)}".rjust(11)
        fancy = sum(o.status == "verified" and bool({"vector", "matrix"} & set(o.features)) for o in sel)
        use += f"{fancy}/{len(sel)}".rjust(11)
    comp = "compiled".ljust(w)
    for s, t in directions:
        sel = [o for o in outcomes if (o.source, o.target) == (s, t)]
        checked = [o for o in sel if o.compiled is not None]
        comp += (f"{sum(bool(o.compiled) for o in checked)}/{len(checked)}" if checked else "-").rjust(11)
    sizes = "all sizes".ljust(w)
    for s, t in directions:
        sel = [o for o in outcomes if (o.source, o.target) == (s, t) and o.size_generic is not None]
        sizes += (f"{sum(bool(o.size_generic) for o in sel)}/{len(sel)}" if sel else "-").rjust(11)
    lines += [tot, use, comp, sizes]
    verified = sum(o.status == "verified" for o in outcomes)
    lines.append(f"{verified}/{len(outcomes)} translations verified")
    times = [o.seconds for o in outcomes if o.status != "error"]
    if times:
        lines.append(f"translation time (lift + lower + emit, without verification): median "
                     f"{statistics.median(times):.2f} s, max {max(times):.2f} s")
    return "\n".join(lines)


def main_translate(args) -> int:
    kernels = subset_of(discover(args.suite, args.model, args.operator), getattr(args, "subset", "all"))
    if getattr(args, "subset", "all") == "ci":
        kernels = ci_subset(kernels)
    targets = tuple(args.target) if getattr(args, "target", None) else MODELS
    if not kernels:
        print("no suite kernels found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    outcomes = run_matrix(kernels, targets, SEEDS, args.jobs, progress=not args.quiet,
                          compile_check=getattr(args, "compile", False), check_sizes=getattr(args, "sizes", False),
                          save_root=getattr(args, "save", None))
    return finish(outcomes, matrix(outcomes), "verified", lambda o: f"{o.source}->{o.target} {o.path}",
                  f"{len(outcomes)} translations", args.json, t0)


CI_OPERATORS = ("add", "relu", "softmax", "reduce_sum", "gemm", "maxpool", "layernorm", "conv2d_nchw")


def ci_subset(kernels: list[SuiteKernel]) -> list[SuiteKernel]:
    """One file per (model, operator) for a handful of operators of every category."""
    seen, out = set(), []
    for k in kernels:
        key = (k.model, k.operator)
        if k.operator in CI_OPERATORS and key not in seen:
            seen.add(key)
            out.append(k)
    return out
