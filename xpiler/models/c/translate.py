"""The C (+AVX-512 / VNNI, OpenMP) translation target (see `xpiler/translate/target.py`).

    translate(program, source, options) -> Emitted

The canonical program goes through the C lowering passes (`lower.py`, each registered in the pass
registry and recorded in `Emitted.passes`):

    localize_buffers -> tensorize_vnni -> vectorize_inner_loops -> promote_vector_registers
                     -> parallelize_outer_loop

and is printed by `emit.CTargetPrinter` (the IR's C printer plus OpenMP pragmas and AVX-512 / VNNI
intrinsics for the loops the passes marked) as one C11 file defining
``void <source.name>(<source params>)``: same names, order and element types as the source
kernel, ``const T*`` for pointers it only reads.

Options: ``parallel`` / ``vector`` / ``vnni`` (default True) switch the passes off one by one;
``min_parallel_extent`` (default 2) is the smallest constant trip count worth a parallel loop.
Features: "parallel" (an OpenMP loop), "vector" (AVX-512 intrinsics), "matrix" (VNNI: a
``vpdpbusd`` / ``vpdpwssd``, from an int8 dot-product loop or from the byte-product form a lifted
VNNI kernel has).
"""
from __future__ import annotations

import time

from ...ir import dtypes as dt
from ...ir.kernel import Kernel
from ...ir.validate import validate
from ...translate.target import Emitted, SourceSignature
from . import lower
from .emit import CTargetPrinter

_C_PARAM_TYPES = {"bfloat16": "bfloat16_t"}


class SignaturePrinter(CTargetPrinter):
    """Prints the function with the source kernel's parameter list."""

    def __init__(self, k: Kernel, source: SourceSignature):
        super().__init__(k)
        self.source = source

    def signature(self, k: Kernel, name: str | None = None) -> str:
        params = {p.name: p for p in k.params}
        extra = [p.name for p in k.params if p.name not in {sp.name for sp in self.source.params}]
        if extra:
            raise ValueError(f"program parameters {', '.join(extra)} are not parameters of the source kernel")
        out = []
        for sp in self.source.params:
            p = params.get(sp.name)
            dtype = p.target.dtype if p is not None else sp.dtype
            self._need_type(dtype)
            if dtype == "bfloat16":
                self.helpers["bf16_param"] = "typedef xp_bf16 bfloat16_t;"
            ctype = _C_PARAM_TYPES.get(dtype, dt.c_type(dtype))
            if sp.is_pointer:
                written = p is not None and p.role != "in"
                const = "const " if (sp.is_const and not written) or (p is not None and p.role == "in") else ""
                out.append(f"{const}{ctype}* restrict {sp.name}")
            else:
                out.append(f"{ctype} {sp.name}")
        return f"void {self.source.name}({', '.join(out) or 'void'})"


def _names(k: Kernel, key: str) -> tuple:
    return lower.get_attr(k, key)


def lower_program(program: Kernel, options: dict | None = None, notes: list | None = None) -> tuple[Kernel, list[str]]:
    """Apply the C lowering passes; the lowered program and the pass records. A pass that fails on
    a program it does not expect is skipped with a line in `notes` (each pass only ever makes the
    output faster)."""
    options = options or {}
    k = program
    records: list[str] = []
    notes = notes if notes is not None else []

    def step(name, fn, record):
        nonlocal k
        try:
            out = validate(fn(k))
        except Exception as e:      # an optimisation: never lose the program to it
            notes.append(f"{name} skipped: {type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")
            return
        rec = record(k, out)
        if rec:
            records.append(rec)
        k = out

    def new(key):
        return lambda a, b: [x for x in _names(b, key) if x not in set(_names(a, key))]

    step("localize_buffers", lower.localize_buffers, lambda a, b: "localize_buffers" if a is not b else None)
    if options.get("vnni", True):
        step("tensorize_vnni", lower.tensorize_vnni,
             lambda a, b: (f"tensorize_vnni(dot_products={len(new(lower.ATTR_VNNI)(a, b)) // 2}, lanes=16x4 int8)"
                           if new(lower.ATTR_VNNI)(a, b) else None))
    if options.get("vector", True):
        step("vectorize_inner_loops", lower.vectorize_inner_loops,
             lambda a, b: (f"vectorize_inner_loops(lanes=16, vector_loops={len(new(lower.ATTR_AVX)(a, b))}, "
                           f"reductions={len(new(lower.ATTR_VREDUCE)(a, b))})" if new(lower.ATTR_AVX)(a, b) else None))
    if options.get("vector", True) or options.get("vnni", True):
        step("promote_vector_registers", lower.promote_vector_registers,
             lambda a, b: (f"promote_vector_registers(buffers={len(new(lower.ATTR_VREG)(a, b))})"
                           if new(lower.ATTR_VREG)(a, b) else None))
    if options.get("parallel", True):
        min_extent = int(options.get("min_parallel_extent", 2))
        step("parallelize_outer_loop", lambda p: lower.parallelize_outer_loop(p, min_extent),
             lambda a, b: (f"parallelize_outer_loop(loops={','.join(_names(b, lower.ATTR_OMP))})"
                           if _names(b, lower.ATTR_OMP) else None))
    return k, records


def translate(program: Kernel, source: SourceSignature, options: dict | None = None) -> Emitted:
    options = dict(options or {})
    t0 = time.perf_counter()
    notes: list[str] = []
    k, records = lower_program(program, options, notes)
    printer = SignaturePrinter(k, source)
    printer.prepare(k)
    printer.add_kernel(k, source.name)
    text = printer.unit()
    features = {f for f in printer.used if f in ("parallel", "vector", "matrix")}
    if printer.fallbacks:
        notes.append(f"loops printed as plain C (no AVX-512 lowering): {', '.join(printer.fallbacks)}")
    notes.append(f"C lowering and printing took {time.perf_counter() - t0:.3f} s")
    return Emitted(text=text, entry=source.name, launch=None, passes=records + ["print_c_avx512"],
                   features=features, notes=notes)
