"""What a target model's translation plug-in provides (``models/<m>/translate.py``):

    def translate(program: Kernel, source: SourceSignature, options: dict) -> Emitted

`program` is the verified canonical loop program (``xpiler.lift``), specialised to one launch and
one set of buffer sizes; `source` is the source kernel's name and parameter list, which the output
keeps (same names, order and element types: a drop-in replacement). The plug-in applies its
lowering passes (IR -> IR, each a named unit recorded in `Emitted.passes`) and prints the target
source with its host-side entry: for CUDA/HIP the `__global__` kernel plus the launch
configuration it chose, for BANG the `__mlu_global__` kernel plus task count and function type,
for C a plain function. The driver then verifies the text on the target's CPU engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceParam:
    name: str
    dtype: str            # IR dtype of the element (pointers) or of the value (scalars)
    is_pointer: bool
    is_const: bool        # pointer to const / never written


@dataclass(frozen=True)
class SourceSignature:
    name: str
    params: tuple[SourceParam, ...]


@dataclass
class Emitted:
    text: str                         # complete source file for the target model
    entry: str                        # the function to run (the source kernel's name)
    launch: object | None = None      # models.base.Launch for CUDA/HIP/BANG; None for C
    passes: list[str] = field(default_factory=list)     # lowering passes applied, with parameters
    features: set[str] = field(default_factory=set)     # e.g. {"parallel", "onchip", "vector", "matrix"}
    notes: list[str] = field(default_factory=list)
    host_entry: str | None = None     # host function launching the kernel (added by the driver, translate/host.py)
    kernel_text: str | None = None    # `text` without the host entry
