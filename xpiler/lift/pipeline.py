"""lift(): source kernel -> canonical loop program, as a sequence of named passes.

    frontend (SPMD form) -> recover_loops -> detensorize -> infer_roles -> simplify

Each step is recorded (name, seconds) so `xpiler lift` can report what was applied. The result is
specialised to one launch configuration and one set of buffer sizes (scalar parameters stay
run-time values); given a launch rule, the grid of a CUDA / HIP kernel is a run-time value too.
"""
from __future__ import annotations

import importlib
import time
import types
from dataclasses import dataclass, field

import numpy as np

from ..errors import UnsupportedConstruct, XpilerError
from ..ir.kernel import Kernel, Param
from ..ir.names import Names
from ..ir.stmt import Alloc, IntrinsicCall, Store, block
from ..ir.validate import validate
from ..ir.visitor import walk
from ..launch import resolve_launch
from ..runner import pick_entry
from ..source.loader import SourceFile, load_source
from .detensorize import detensorize
from .frontend import FunctionLifter
from .hardware import hardware_for


@dataclass
class Lifted:
    kernel: Kernel                 # the canonical program
    spmd: Kernel                   # the frontend's output (one worker's program)
    source: SourceFile
    entry: str
    launch: object | None
    passes: list = field(default_factory=list)       # (name, seconds)
    launch_rule: object | None = None                # the grid follows this rule (see launch_rule.py)

    @property
    def seconds(self) -> float:
        return sum(s for _, s in self.passes)


def model_lifting(model: str):
    """The model's lifting table module (INTRINSICS, VALUE_TYPES, CONSTANTS), or an empty one."""
    try:
        return importlib.import_module(f"xpiler.models.{model}.lifting")
    except ModuleNotFoundError:
        return types.SimpleNamespace(INTRINSICS={}, VALUE_TYPES={}, CONSTANTS={})


def infer_roles(k: Kernel) -> Kernel:
    """Buffer parameters the program writes are `inout`, the others `in`."""
    written = set()
    for n in walk(k.body):
        if isinstance(n, Store):
            written.add(n.buffer.name)
        elif isinstance(n, IntrinsicCall):
            written.update(n.writes)
    params = tuple(Param(p.target, ("inout" if p.name in written else "in") if p.is_buffer else "in")
                   for p in k.params)
    return Kernel(k.name, params, k.body, k.attrs)


def buffer_sizes(fn, args) -> dict[str, int]:
    values = dict(args) if isinstance(args, dict) else dict(zip([p.name for p in fn.params], args))
    out = {}
    for p in fn.params:
        if p.is_pointer and p.name in values:
            out[p.name] = int(np.asarray(values[p.name]).size)
    return out


def lift(source, entry: str | None = None, args=None, launch=None, platform: str | None = None,
         sizes: dict | None = None, launch_rule=None) -> Lifted:
    """Lift `entry` of `source` (path or text). `args` (arrays by parameter name or in order) give
    the buffer sizes; `launch` the launch (else found in the file or the model's default).
    `launch_rule` (CUDA / HIP, a `launch_rule.LaunchRule` that reproduces `launch`): the grid is
    computed from the scalar parameters at run time instead of being the constant of `launch`."""
    t0 = time.perf_counter()
    src = source if isinstance(source, SourceFile) else load_source(source, platform)
    fn, entry_text = pick_entry(src, entry)
    if sizes is None:
        sizes = buffer_sizes(fn, args) if args is not None else {}
    for p in fn.params:
        if p.is_pointer and p.name not in sizes:
            sizes[p.name] = 1         # unknown extent: printing does not need it, execution does
    model = src.model.name
    if model in ("cuda", "hip", "bang"):
        scalars = {}
        if args is not None:
            vals = dict(args) if isinstance(args, dict) else dict(zip([p.name for p in fn.params], args))
            scalars = {p.name: vals[p.name] for p in fn.params if not p.is_pointer and p.name in vals}
        launch, _how = resolve_launch(src, fn, scalars, launch)
    hw = hardware_for(model, _with_rule(fn, launch, launch_rule, model, scalars) if launch_rule is not None else launch)
    lifting = model_lifting(model)
    names = Names(p.name for p in fn.params)
    passes = []
    try:
        spmd = FunctionLifter(src, entry_text, hw, sizes, lifting, names).lift()
    except UnsupportedConstruct as e:
        # a macro the grammar cannot read unexpanded (`CUDA_KERNEL_LOOP(i, n) {`): expand and retry
        if not src.info.function_macros or "function_definition" not in str(e):
            raise
        from ..source.loader import load_source as _load
        from .macros import expand_function_macros
        text = expand_function_macros(src.text.decode("utf-8", "replace"), src.info.function_macros)
        expanded = _load(text, src.model.name)
        expanded.path = src.path
        expanded.parsed.path = src.path
        names = Names(p.name for p in fn.params)
        spmd = FunctionLifter(expanded, entry_text, hw, sizes, lifting, names).lift()
    passes.append(("frontend", time.perf_counter() - t0))
    k = spmd.kernel
    hoisted_allocs = [s for s in spmd.hoisted if isinstance(s, Alloc)]
    if hw.hierarchy is not None:
        t = time.perf_counter()
        from .recover_loops import recover_loops
        # device-global variables are visible to every worker: stand-in parameters while recovering
        extra = tuple(Param(a.buffer, "inout") for a in hoisted_allocs)
        k = recover_loops(Kernel(k.name, k.params + extra, k.body, k.attrs), hw.hierarchy, names)
        k = Kernel(k.name, k.params[:len(k.params) - len(extra)], k.body, k.attrs)
        passes.append(("recover_loops", time.perf_counter() - t))
    if spmd.hoisted:
        k = k.with_body(block(list(spmd.hoisted) + [k.body]))
    t = time.perf_counter()
    if any(isinstance(n, IntrinsicCall) for n in walk(k.body)):
        k = detensorize(k, lifting.INTRINSICS, names)
        passes.append(("detensorize", time.perf_counter() - t))
    k = infer_roles(k)
    from ..ir.transforms.dead_store import eliminate_dead_stores
    from ..ir.transforms.simplify import simplify
    from .flatten_memory import flatten_memory
    from .flatten_strided import flatten_strided_loops
    for name, fn_pass in (("flatten_memory", flatten_memory), ("simplify", simplify),
                          ("flatten_strided_loops", lambda k: flatten_strided_loops(k, names)),
                          ("simplify", simplify), ("eliminate_dead_stores", eliminate_dead_stores)):
        t = time.perf_counter()
        try:
            k = fn_pass(k)
        except Exception as e:
            raise XpilerError(f"{name} failed on {fn.name}: {type(e).__name__}: {e}") from e
        passes.append((name, time.perf_counter() - t))
    validate(k)
    return Lifted(k, spmd.kernel, src, entry_text, launch, passes, launch_rule)


def _with_rule(fn, launch, rule, model: str, scalars: dict):
    """`launch` with the grid axes that `rule` computes as IR expressions of the scalar parameters."""
    import dataclasses

    from .ctypes import scalar_dtype
    if model not in ("cuda", "hip"):
        raise XpilerError(f"launch rules are for CUDA / HIP grids, not {model}")
    if launch is None or tuple(launch.block) != tuple(rule.block) or \
            int(launch.shared_bytes or 0) != int(rule.shared_bytes or 0):
        raise XpilerError(f"launch rule {rule.describe()} does not match the launch "
                          f"{launch.describe() if launch is not None else 'none'}")
    dtypes = {}
    for p in fn.params:
        if p.name in rule.params:
            d = scalar_dtype(p.ctype) if not p.is_pointer else None
            if d is None or not d.startswith(("int", "uint")):
                raise XpilerError(f"launch rule {rule.describe()}: parameter {p.name} is not an integer scalar")
            dtypes[p.name] = d
    missing = set(rule.params) - dtypes.keys()
    if missing:
        raise XpilerError(f"launch rule {rule.describe()}: no parameter {', '.join(sorted(missing))}")
    if set(rule.params) <= scalars.keys() and rule.grid_for(scalars) != tuple(launch.grid):
        raise XpilerError(f"launch rule {rule.describe()} gives grid {rule.grid_for(scalars)} for these "
                          f"arguments, not the launch's {tuple(launch.grid)}")
    return dataclasses.replace(launch, grid=rule.grid_exprs(dtypes))
