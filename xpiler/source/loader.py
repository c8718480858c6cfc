"""Loading a kernel source: read, recognise its programming model, parse, inspect."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceLocation, UnsupportedConstruct, XpilerError
from ..models import all_models, get_model
from .inspect import SourceInfo, inspect_source
from .syntax import ParsedSource, parse


@dataclass
class SourceFile:
    path: str
    text: bytes
    model: object
    parsed: ParsedSource
    info: SourceInfo

    @property
    def kernels(self):
        return self.info.kernels

    def intrinsics_used(self) -> dict[str, int]:
        known = self.model.intrinsic_names()
        return {name: len(locs) for name, locs in sorted(self.info.calls.items())
                if name in known or name.split("<")[0] in known}


def detect_model(path: str | None, text: str) -> str:
    models = all_models()
    scores = {}
    for name, model in models.items():
        score = sum(weight for token, weight in model.content_markers.items() if token in text)
        if path and os.path.splitext(path)[1].lower() in model.extensions:
            score += 3
        scores[name] = score
    best = max(scores.values())
    if best <= 0:
        raise XpilerError(f"cannot tell which programming model {path or 'the source'} is written in "
                          f"(pass platform=... / --platform)")
    winners = [n for n, s in scores.items() if s == best]
    return winners[0]


def load_source(source: str | os.PathLike, platform: str | None = None) -> SourceFile:
    """`source` is a path, or source text (anything containing a newline or a brace)."""
    src = str(source)
    if "\n" in src or "{" in src:
        path, text = "<string>", src.encode()
    else:
        p = Path(src)
        if not p.is_file():
            raise XpilerError(f"no such file: {src}")
        path, text = str(p), p.read_bytes()
    decoded = text.decode("utf-8", "replace")
    model = get_model(platform) if platform else get_model(detect_model(path if path != "<string>" else None, decoded))
    parsed = parse(text, path, model.parse_substitutions)
    info = inspect_source(parsed, model)
    _check_intrinsic_names(info, model)
    return SourceFile(path, text, model, parsed, info)


def _check_intrinsic_names(info: SourceInfo, model) -> None:
    """A call to an unknown name in the model's strict intrinsic namespace is an error."""
    if not model.strict_intrinsic_prefixes:
        return
    known = model.intrinsic_names()
    defined = {f.name for f in info.functions} | set(info.function_macros) | set(info.macros)
    for name, locations in info.calls.items():
        if not name.startswith(model.strict_intrinsic_prefixes) or name in known or name in defined:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UnsupportedConstruct(f"unknown {model.display_name} intrinsic '{name}'{hint}",
                                   locations[0], name)


__all__ = ["SourceFile", "load_source", "detect_model", "SourceLocation"]
