"""CUDA as a translation target: `translate` lowers a canonical loop program (xpiler.lower.gpu);
`direct_translate` maps a HIP source to CUDA through its syntax tree (xpiler.lower.cuda_hip)."""
from __future__ import annotations

from ...lower.gpu import translate_gpu
from ...translate.target import Emitted, SourceSignature

TARGET = "cuda"


def translate(program, source: SourceSignature, options: dict | None = None) -> Emitted:
    return translate_gpu(program, source, options, TARGET)


def direct_translate(source_file, entry: str | None = None, launch=None, options: dict | None = None) -> Emitted | None:
    """HIP -> CUDA keeping the source's structure, or None when the direct path does not apply."""
    from ...lower.cuda_hip import direct_translate as direct
    return direct(source_file, TARGET, entry=entry, launch=launch, options=options)
