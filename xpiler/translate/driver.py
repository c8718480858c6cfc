"""translate(): source kernel -> target model, verified before anything is written.

    parse -> lift (verified canonical program) -> target plug-in (lower + emit) -> verify the
    emitted text on the target's CPU engine against the source on its own engine

The target plug-in is `models/<target>/translate.py` (see `target.py`). CUDA <-> HIP may take a
direct path (`direct_translate` in the target's plug-in) that keeps the source's structure; it is
verified the same way and the lifted path is used when it does not apply or fails.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field

from ..errors import XpilerError
from ..runner import pick_entry, run
from ..source.loader import SourceFile, load_source
from ..verify import Verdict, differential_test
from .target import Emitted, SourceParam, SourceSignature

MODELS = ("cuda", "hip", "bang", "c")


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

    @property
    def ok(self) -> bool:
        return self.emitted is not None and self.verdict is not None and self.verdict.ok

    def header(self) -> str:
        """The comment block written at the top of an output file."""
        status = self.verdict.summary() if self.verdict else f"NOT verified: {self.error}"
        launch = self.emitted.launch.describe() if self.emitted and self.emitted.launch else "host call"
        passes = ", ".join(self.emitted.passes) if self.emitted else ""
        lines = [f"translated by xpiler from {self.source} ({self.source_model} -> {self.target}, {self.path} path)",
                 f"entry {self.entry}; launch {launch}", f"passes: {passes}", status]
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


def _reference(src: SourceFile, entry: str, params: list[str], launch, timeout: float):
    def reference(arg_sets):
        outs = []
        for a in arg_sets:
            r = run(src.path if src.path != "<string>" else src.text.decode(), platform=src.model.name, entry=entry,
                    args=[a[p] for p in params], launch=launch, timeout=timeout)
            if not r.ok:
                raise RuntimeError(str(r.error))
            outs.append(r.outputs)
        return outs
    return reference


def _candidate(emitted: Emitted, target: str, params: list[str], timeout: float):
    def candidate(arg_sets):
        outs = []
        for a in arg_sets:
            r = run(emitted.text, platform=target, entry=emitted.entry, args=[a[p] for p in params],
                    launch=emitted.launch, timeout=timeout)
            if not r.ok:
                raise RuntimeError(str(r.error))
            outs.append(r.outputs)
        return outs
    return candidate


def translate(source, target: str, arg_sets: list[dict], entry: str | None = None, launch=None,
              platform: str | None = None, tolerance: dict | None = None, options: dict | None = None,
              timeout: float = 120.0, allow_direct: bool = True) -> Translation:
    """Translate `entry` of `source` to `target`, verified on `arg_sets` (argument dicts by parameter
    name; the first also fixes the buffer sizes the lifted program is specialised to)."""
    from ..lift.pipeline import lift
    options = dict(options or {})
    t0 = time.perf_counter()
    src = source if isinstance(source, SourceFile) else load_source(source, platform)
    fn, entry_text = pick_entry(src, entry)
    params = [p.name for p in fn.params]
    tr = Translation(src.path, src.model.name, target, entry_text)
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
        except Exception as e:      # a plug-in failure is this translation's error, not the tool's
            tr.error = f"{how}: {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"
            continue
        tr.seconds[f"{how}_emit"] = time.perf_counter() - t
        t = time.perf_counter()
        if launch is None and how == "direct":
            from ..launch import resolve_launch
            launch, _ = resolve_launch(src, fn, {}, None)
        verdict = differential_test(_reference(src, entry_text, params, launch, timeout),
                                    _candidate(emitted, target, params, timeout), arg_sets, tolerance)
        tr.seconds["verify"] = tr.seconds.get("verify", 0.0) + time.perf_counter() - t
        tr.emitted, tr.verdict, tr.path = emitted, verdict, how
        if verdict.ok:
            break
        tr.error = verdict.message
    tr.seconds["total"] = time.perf_counter() - t0
    return tr
