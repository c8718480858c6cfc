"""translate(): source kernel -> target model, verified before anything is written.

    parse -> lift (verified canonical program) -> target plug-in (lower + emit) -> verify the
    emitted text on the target's CPU engine against the source on its own engine

The target plug-in is `models/<target>/translate.py` (see `target.py`). CUDA <-> HIP may take a
direct path (`direct_translate` in the target's plug-in) that keeps the source's structure; it is
verified the same way and the lifted path is used when it does not apply or fails. A lifted CUDA /
HIP / BANG translation gets a host entry (`models/<target>/host.py`, see `host.py`) that launches it
with the configuration the lowering chose; verification runs through it.

Sizes: the lifted program is specialised to the first argument set's sizes and launch. Given other
sizes (`other_sizes`, e.g. a parametric suite file's other cases), the verified translation is run
on them too; if it fails on any, it is *specialised*: the report says so and the host entry refuses
other values of the size parameters (returns the runtime's invalid-value status).

Run-time grid: when a lifted translation is specialised, its CUDA / HIP source's grid differs
between the sizes and a launch rule (`lift/launch_rule.py`, e.g. grid = ceil(n / 256)) reproduces
every one of them, the kernel is lifted again with the grid computed from the scalar parameters at
run time. That translation replaces the specialised one only if it verifies AND is right at every
other size; otherwise the specialised one is kept and guarded (the report says why). A translation
that is already right at every size (e.g. a grid-stride loop lifted with the smallest grid) is kept
as it is.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field

import numpy as np

from ..errors import XpilerError
from ..runner import pick_entry, run
from ..source.loader import SourceFile, load_source
from ..verify import Verdict, differential_test
from .target import Emitted, SourceParam, SourceSignature

MODELS = ("cuda", "hip", "bang", "c")


@dataclass
class SizeCase:
    """Another size to check a translation on: its argument sets, the source's launch for it, and
    the tolerance to compare with."""
    label: str
    arg_sets: list
    launch: object = None
    tolerance: dict | None = None


@dataclass
class Translation:
    source: str
    source_model: str
    target: str
    entry: str
    emitted: Emitted | None = None
    verdict: Verdict | None = None
    path: str = ""                    # "lifted" | "direct"
    seconds: dict = field(default_factory=dict)
    error: str = ""
    sizes_ok: list = field(default_factory=list)      # labels of other sizes the output also computes right
    sizes_failed: list = field(default_factory=list)  # (label, reason)
    guards: dict = field(default_factory=dict)        # size parameter -> the value the output is restricted to
    launch_rule: str = ""             # the run-time grid rule of a size-generic lifting (when used)
    generic_failed: str = ""          # why a size-generic attempt was not kept

    @property
    def size_generic(self) -> bool | None:
        """True: verified on every other size given; False: specialised; None: no other size given."""
        if not self.sizes_ok and not self.sizes_failed:
            return None
        return not self.sizes_failed

    def sizes_summary(self) -> str:
        if self.size_generic is None:
            return "sizes: only the verified size was checked"
        if self.size_generic:
            rule = f"; grid computed at run time: {self.launch_rule}" if self.launch_rule else ""
            return f"sizes: also verified on {len(self.sizes_ok)} other size(s) ({', '.join(self.sizes_ok)}){rule}"
        failed = ", ".join(lbl for lbl, _ in self.sizes_failed)
        held = ", ".join(f"{k}={v}" for k, v in self.guards.items())
        guard = (f"; the host entry refuses other values of {held}" if self.guards
                 else "; no size parameter to guard: do not use at other sizes")
        tried = f"; a run-time grid was tried and not kept ({self.generic_failed[:200]})" if self.generic_failed else ""
        return (f"sizes: SPECIALISED to the verified size (wrong or unchecked at {failed}"
                f"{'; right at ' + ', '.join(self.sizes_ok) if self.sizes_ok else ''}){guard}{tried}")

    @property
    def ok(self) -> bool:
        return self.emitted is not None and self.verdict is not None and self.verdict.ok

    def header(self) -> str:
        """The comment block written at the top of an output file."""
        status = self.verdict.summary() if self.verdict else f"NOT verified: {self.error}"
        launch = self.emitted.launch.describe() if self.emitted and self.emitted.launch else "host call"
        passes = ", ".join(self.emitted.passes) if self.emitted else ""
        lines = [f"translated by xpiler from {self.source} ({self.source_model} -> {self.target}, {self.path} path)",
                 f"entry {self.entry}; launch {launch}"
                 + (f"; host entry {self.emitted.host_entry}" if self.emitted and self.emitted.host_entry else ""),
                 f"passes: {passes}", status]
        if self.ok:
            lines.append(self.sizes_summary())
        if not self.ok:
            lines.insert(0, "UNVERIFIED TRANSLATION: do not use without checking")
        return "/* " + "\n * ".join(lines) + " */\n"


def plugin(model: str):
    if model not in MODELS:
        raise XpilerError(f"unknown target model '{model}' (one of {', '.join(MODELS)})")
    try:
        return importlib.import_module(f"xpiler.models.{model}.translate")
    except ModuleNotFoundError as e:
        raise XpilerError(f"no translation target for {model} yet ({e})") from None


def signature_of(src: SourceFile, fn, program) -> SourceSignature:
    dtypes = {p.name: p.target.dtype for p in program.params}
    roles = {p.name: p.role for p in program.params}
    params = tuple(SourceParam(p.name, dtypes[p.name], p.is_pointer, p.is_pointer and (p.is_const or roles[p.name] == "in"))
                   for p in fn.params)
    return SourceSignature(fn.name, params)


class _Checker:
    """Runs the source (on its engine) and a translation (on the target's engine) and compares them.
    The source's outputs are kept per (argument sets, launch): a translation is checked on the same
    sets several times (plain, size-generic, guarded), and the source need run only once for each."""

    def __init__(self, src: SourceFile, target: str, entry: str, params: list[str], timeout: float):
        self.src, self.target, self.entry, self.params, self.timeout = src, target, entry, params, timeout
        self._source_outputs: dict = {}

    def reference(self, launch):
        def reference(arg_sets):
            key = (id(arg_sets), repr(launch))
            if key not in self._source_outputs:
                self._source_outputs[key] = (arg_sets, [self._run_source(a, launch) for a in arg_sets])
            return self._source_outputs[key][1]       # (the sets are held so their id stays theirs)
        return reference

    def _run_source(self, args: dict, launch):
        src = self.src
        r = run(src.path if src.path != "<string>" else src.text.decode(), platform=src.model.name, entry=self.entry,
                args=[args[p] for p in self.params], launch=launch, timeout=self.timeout)
        if not r.ok:
            raise RuntimeError(str(r.error))
        return r.outputs

    def candidate(self, emitted: Emitted, launch=None):
        """Runs the translation: through its host entry when it has one (the launch it encodes is part
        of what is verified), else the kernel with `launch` (direct path: the caller's launch)."""
        host = emitted.host_entry

        def candidate(arg_sets):
            outs = []
            for a in arg_sets:
                args = [a[p] for p in self.params] + ([None] if host else [])
                r = run(emitted.text, platform=self.target, entry=host or emitted.entry, args=args,
                        launch=None if host else (launch or emitted.launch), timeout=self.timeout,
                        options={"device_args": True} if host else None)
                if not r.ok:
                    raise RuntimeError(str(r.error))
                outs.append(r.outputs)
            return outs
        return candidate

    def verify(self, emitted: Emitted, arg_sets: list, source_launch, tolerance, candidate_launch=None) -> Verdict:
        return differential_test(self.reference(source_launch), self.candidate(emitted, candidate_launch), arg_sets,
                                 tolerance)

    def verify_size(self, emitted: Emitted, case: SizeCase, tolerance, candidate_launch=None) -> Verdict:
        return self.verify(emitted, case.arg_sets, case.launch,
                           case.tolerance if case.tolerance is not None else tolerance, candidate_launch)


def host_module(target: str):
    try:
        return importlib.import_module(f"xpiler.models.{target}.host")
    except ModuleNotFoundError:
        return None


def _with_host_entry(emitted: Emitted, target: str, guards: dict) -> Emitted:
    host = host_module(target)
    return emitted if host is None else host.host_entry(emitted, guards)


def size_guards(arg_sets: list[dict], other_sizes: list[SizeCase], scalars: list[str]) -> dict:
    """The integer scalars to pin: those whose value differs in some other size (all integer
    scalars when none differs; sizes then live in buffer lengths only)."""
    first = arg_sets[0]
    ints = [p for p in scalars if isinstance(first.get(p), (int, np.integer)) and not isinstance(first.get(p), bool)]
    varying = [p for p in ints if any(s.arg_sets and s.arg_sets[0].get(p) != first[p] for s in other_sizes)]
    return {p: int(first[p]) for p in (varying or ints)}


def scalar_arguments(args: dict) -> dict:
    """The scalar entries of an argument dict (numbers and 0-d arrays, not buffers)."""
    return {n: v for n, v in args.items() if getattr(v, "shape", ()) == ()}


def translate(source, target: str, arg_sets: list[dict], entry: str | None = None, launch=None,
              platform: str | None = None, tolerance: dict | None = None, options: dict | None = None,
              timeout: float = 120.0, allow_direct: bool = True, other_sizes: list[SizeCase] = ()) -> Translation:
    """Translate `entry` of `source` to `target`, verified on `arg_sets` (argument dicts by parameter
    name; the first also fixes the buffer sizes the lifted program is specialised to), then checked
    on `other_sizes` (see the module docstring)."""
    from ..lift.pipeline import lift
    options = dict(options or {})
    t0 = time.perf_counter()
    # scalar arguments of the verified case: lowering may specialise to them (raise_matmul does),
    # since what it emits is verified with them and checked at other sizes
    options.setdefault("example_scalars", scalar_arguments(arg_sets[0] if arg_sets else {}))
    src = source if isinstance(source, SourceFile) else load_source(source, platform)
    fn, entry_text = pick_entry(src, entry)
    params = [p.name for p in fn.params]
    tr = Translation(src.path, src.model.name, target, entry_text)
    check = _Checker(src, target, entry_text, params, timeout)
    if not arg_sets:
        raise XpilerError("translation needs at least one set of arguments to verify with")
    mod = plugin(target)
    attempts = []
    if allow_direct and hasattr(mod, "direct_translate") and src.model.name != target:
        attempts.append("direct")
    attempts.append("lifted")
    lifted = None
    for how in attempts:
        t = time.perf_counter()
        try:
            if how == "direct":
                emitted = mod.direct_translate(src, entry_text, launch, options)
                if emitted is None:
                    continue
            else:
                if lifted is None:
                    lifted = lift(src, entry_text, args=arg_sets[0], launch=launch)
                    tr.seconds["lift"] = time.perf_counter() - t
                    launch = lifted.launch
                    t = time.perf_counter()
                emitted = mod.translate(lifted.kernel, signature_of(src, fn, lifted.kernel), options)
                emitted = _with_host_entry(emitted, target, {})
        except Exception as e:      # a plug-in failure is this translation's error, not the tool's
            tr.error = f"{how}: {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"
            continue
        tr.seconds[f"{how}_emit"] = time.perf_counter() - t
        t = time.perf_counter()
        if launch is None and how == "direct":
            from ..launch import resolve_launch
            launch, _ = resolve_launch(src, fn, {}, None)
        verdict = check.verify(emitted, arg_sets, launch, tolerance)
        tr.seconds["verify"] = tr.seconds.get("verify", 0.0) + time.perf_counter() - t
        tr.emitted, tr.verdict, tr.path = emitted, verdict, how
        if verdict.ok:
            break
        tr.error = verdict.message
    if tr.ok and other_sizes:
        t = time.perf_counter()
        scalars = [p.name for p in fn.params if not p.is_pointer]
        _check_sizes(tr, check, other_sizes, tolerance)
        if tr.sizes_failed and tr.path == "lifted":
            _try_generic(tr, check, fn, mod, arg_sets, launch, other_sizes, tolerance, options)
        if tr.sizes_failed and tr.path == "lifted":
            _add_guards(tr, check, launch, arg_sets, other_sizes, tolerance, scalars)
        tr.seconds["sizes"] = time.perf_counter() - t
    tr.seconds["total"] = time.perf_counter() - t0
    return tr


def _try_generic(tr: Translation, check: _Checker, fn, mod, arg_sets, launch, other_sizes, tolerance,
                 options) -> None:
    """A specialised lifted translation: lift again with the grid as a run-time function of the
    scalar parameters (a launch rule that reproduces every size's launch) and keep that translation
    when it verifies at the verified size AND at every other size."""
    from ..lift.pipeline import lift
    src = check.src
    rule = launch_rule_of(src, fn, arg_sets, launch, other_sizes)
    if rule is None or not rule.symbolic:
        return
    t = time.perf_counter()
    try:
        generic = lift(src, check.entry, args=arg_sets[0], launch=launch, launch_rule=rule)
        tr.seconds["lift_generic"] = time.perf_counter() - t
        emitted = mod.translate(generic.kernel, signature_of(src, fn, generic.kernel), options)
        emitted = _with_host_entry(emitted, check.target, {})
    except Exception as e:
        tr.generic_failed = f"{rule.describe()}: {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"
        return
    verdict = check.verify(emitted, arg_sets, launch, tolerance)
    if not verdict.ok:
        tr.generic_failed = f"{rule.describe()}: {verdict.message}"
        return
    ok = []
    for case in other_sizes:
        v = check.verify_size(emitted, case, tolerance)
        if not v.ok:
            tr.generic_failed = f"{rule.describe()}: wrong at {case.label}: {v.message}"
            return
        ok.append(case.label)
    emitted.notes.append(f"size-generic: the grid follows {rule.describe()} at run time")
    tr.emitted, tr.verdict, tr.launch_rule = emitted, verdict, rule.describe()
    tr.sizes_ok, tr.sizes_failed = ok, []


def _check_sizes(tr: Translation, check: _Checker, other_sizes, tolerance) -> None:
    """Run the verified output on other sizes."""
    for case in other_sizes:
        # the direct path keeps the source's launch semantics, so it runs with the caller's launch
        cand_launch = case.launch if tr.path == "direct" else None
        v = check.verify_size(tr.emitted, case, tolerance, cand_launch)
        if v.ok:
            tr.sizes_ok.append(case.label)
        else:
            tr.sizes_failed.append((case.label, v.message))


def _add_guards(tr: Translation, check: _Checker, launch, arg_sets, other_sizes, tolerance, scalars) -> None:
    """Pin a specialised output with host-entry guards on the size parameters."""
    guards = size_guards(arg_sets, other_sizes, scalars)
    if not guards:
        return
    guarded = _with_host_entry(tr.emitted, check.target, guards)
    v = check.verify(guarded, arg_sets, launch, tolerance)
    if v.ok:
        tr.emitted, tr.verdict, tr.guards = guarded, v, guards
    else:     # cannot happen unless the guard itself is wrong: keep the unguarded, verified output
        tr.emitted.notes.append(f"size guards not added: {v.message}")


def launch_rule_of(src: SourceFile, fn, arg_sets: list[dict], launch, other_sizes: list[SizeCase]):
    """The launch rule (`lift/launch_rule.py`) reproducing the grid of the verified size and of every
    other size, or None (not a CUDA / HIP source, a launch that cannot be resolved, no rule fits)."""
    from ..launch import resolve_launch
    from ..lift.launch_rule import infer_launch_rule
    if src.model.name not in ("cuda", "hip"):
        return None
    scalar_names = [p.name for p in fn.params if not p.is_pointer]
    cases = []
    for args, given in [(arg_sets[0], launch)] + [(c.arg_sets[0] if c.arg_sets else None, c.launch)
                                                   for c in other_sizes]:
        if args is None:
            return None
        scalars = {n: args[n] for n in scalar_names if n in args}
        try:
            resolved, _ = resolve_launch(src, fn, scalars, given)
        except Exception:       # no launch for this size: nothing to fit
            return None
        cases.append((scalars, resolved))
    return infer_launch_rule(cases)
