"""The BANG C translation target: canonical loop program -> .mlu file (see `xpiler/translate/target.py`).

    translate(program, source, options) -> Emitted

Lowering (`lower.py`, each pass registered with `xpiler.ir.passes` and recorded in
`Emitted.passes`):

0. ``raise_matmul`` (with the verified case's scalars, option ``example_scalars``): a program whose
   output is a matrix product of its inputs (MFMA / WMMA fragments, shuffled dot products, im2col
   convolutions) becomes the plain nest, so that step 3 maps it to ``__bang_matmul``;
1. ``normalize_bang``: simplification, single-element locals to lets, AVX-512 splat registers and
   mask bits forwarded, warp-shuffle sum trees raised to sums over the lanes, items-per-thread loops
   fused, dead stores, GPU index domains (block x thread nests, grid-stride loops, unrolled items)
   flattened to one loop per element-wise map;
2. ``bind_tasks``: the outermost parallel loop distributed over ``taskId`` in contiguous chunks
   (Union1 with 16 or 4 tasks when there are enough iterations, else one Block task);
3. ``tensorize_matmul``: three-loop matmul nests through ``__bang_matmul`` (B staged into WRAM); nests
   with run-time sizes run in fixed blocks with K in chunks;
   ``stage_nram``: loops over GDRAM tiled through NRAM (``__memcpy`` GDRAM2NRAM / NRAM2GDRAM, 2D
   copies for strides, tail chunk, tiles sized from the architecture's NRAM; a run-time trip count
   always gets the chunk loop: GDRAM buffer sizes are the verified case's and never size a tile);
4. ``tensorize_bang``: loops over on-chip data become ``__bang_*`` element-wise calls (padded to
   128-byte rows on tiles), ``__bang_sumpool`` + ``__bang_reduce_sum`` / ``__bang_argmax`` reductions;
   what does not match stays scalar (listed in `Emitted.notes`).

The emitter prints the program with a `CPrinter` subclass: on-chip buffers the intrinsics use are
file-scope ``__nram__`` arrays (zeroed where the program allocates them), other small locals stay C
locals, large ones go to ``__ldram__``; float16 is ``half``.

Options: ``bang_arch`` (capacities, default mtp_592), ``bang_tasks`` (force a task count),
``bang_vectorize`` (False: only bind_tasks, scalar code on GDRAM).
"""
from __future__ import annotations

import math
import time

from ...ir import dtypes as dt
from ...ir.expr import Address, Const, Expr
from ...ir.kernel import Kernel
from ...ir.passes import get_pass
from ...ir.printer_c import INDENT, CPrinter, PrintError
from ...ir.stmt import Alloc, Barrier, IntrinsicCall, Loop, Stmt
from ...ir.validate import validate
from ...ir.visitor import walk
from ..base import Launch
from .arch import get_arch
from .lower import DIRECTIONS, IMPLEMENTATION, NRAM_RESERVE_KB, get_attr, set_attr, size_of
from . import pool

REGISTERED = (pool.pool_windows,)      # importing pool registers the pass

LOCAL_MAX_BYTES = 256          # program locals up to this size that no intrinsic touches stay C locals
LDRAM_POOL_BYTES = 2 * 1024 * 1024

_ZERO_TYPES = {"int8", "uint8", "int16", "uint16", "int32", "uint32", "float16", "float32"}
_BANG_TYPES = {"float16": "half", "bfloat16": "bfloat16_t"}


def bang_type(dtype: str) -> str:
    return _BANG_TYPES.get(dtype) or dt.c_type(dtype)


class BangPrinter(CPrinter):
    """Prints a lowered kernel as a BANG C translation unit."""

    def __init__(self, placement: dict[str, str], nozero: set[str]):
        super().__init__(restrict=False)
        self.placement = placement          # buffer name -> nram | wram | ldram (file scope)
        self.nozero = nozero
        self.decls: list[str] = []
        self.uses_ldram_pool = False

    # -------------------------------------------------------------- text
    def _expr(self, e: Expr):
        if isinstance(e, Address) and all(isinstance(i, Const) and i.value == 0 for i in e.indices):
            return e.buffer.name, 17          # an array (or pointer parameter) is its first element's address
        text, prec = super()._expr(e)
        return text.replace("_Float16", "half"), prec

    def _stmt(self, s: Stmt, out: list[str], depth: int) -> None:
        pad = INDENT * depth
        if isinstance(s, Loop) and s.kind == "parallel" and s.axis == "taskId":
            out.append(pad + f"{{  // task-distributed loop over {s.var.name} (taskDim = {s.extent.value if isinstance(s.extent, Const) else '?'})")
            out.append(pad + INDENT + f"const {dt.c_type(s.var.dtype)} {s.var.name} = taskId;")
            self._axes.append(None)
            self._stmts(s.body, out, depth + 1)
            self._axes.pop()
            out.append(pad + "}")
            return
        if isinstance(s, Alloc):
            self._alloc(s, out, depth)
            return
        if isinstance(s, Barrier):
            out.append(pad + ("__sync_all();" if s.scope == "grid" else "__sync_cluster();" if s.scope == "cluster"
                              else f"// barrier({s.scope}): tasks run their threads in sequence"))
            return
        if isinstance(s, IntrinsicCall):
            args = []
            for i, a in enumerate(s.args):
                if s.name in ("__memcpy", "__memcpy_async") and i == 3 and isinstance(a, Const):
                    args.append(DIRECTIONS[int(a.value)])
                else:
                    args.append(self.expr(a))
            out.append(pad + f"{s.name}({', '.join(args)});")
            return
        before = len(out)
        super()._stmt(s, out, depth)
        for i in range(before, len(out)):
            out[i] = out[i].replace("_Float16", "half")

    def _alloc(self, s: Alloc, out: list[str], depth: int) -> None:
        b = s.buffer
        pad = INDENT * depth
        t = bang_type(b.dtype)
        space = self.placement.get(b.name)
        if b.const_shape() is None:                # run-time extents: carved from the LDRAM pool
            self.uses_ldram_pool = True
            n = " * ".join(f"(int64_t){self.expr(d, 15)}" for d in b.shape)
            out.append(pad + f"const int64_t {b.name}_mark = ldram_top;")
            out.append(pad + f"{t}* {b.name} = ({t}*)(ldram_pool + ldram_top);  // local, run-time size")
            out.append(pad + f"ldram_top += ({n} * (int64_t)sizeof({t}) + 63) / 64 * 64;")
            out.append(pad + f"for (int64_t {b.name}_i = 0; {b.name}_i < {n}; ++{b.name}_i) {b.name}[{b.name}_i] = ({t})0;")
            self._heap[-1].append(f"ldram_top = {b.name}_mark;")
            return
        if space is None:
            super()._stmt(s, out, depth)
            out[-1] = out[-1].replace("_Float16", "half")
            return
        n = max(math.prod(b.const_shape() or ()), 1)
        qual = {"nram": "__nram__", "wram": "__wram__", "ldram": "__ldram__", "sram": "__mlu_shared__"}[space]
        dims = "x".join(str(d) for d in b.const_shape()) or "scalar"
        self.decls.append(f"{qual} {t} {b.name}[{n}];  // {b.scope} {dims}")
        if b.name in self.nozero:
            return
        if space == "nram" and b.dtype in _ZERO_TYPES:
            out.append(pad + f"__bang_write_zero({b.name}, {n});")
        else:
            out.append(pad + f"for (int32_t {b.name}_i = 0; {b.name}_i < {n}; ++{b.name}_i) {b.name}[{b.name}_i] = ({t})0;")

    # -------------------------------------------------------------- unit
    def kernel_unit(self, k: Kernel, source, union: bool) -> str:
        lines: list[str] = []
        self._axes = []
        self._heap = []
        self._stmts(k.body, lines, 1)
        params = []
        for p in source.params:
            t = bang_type(p.dtype)
            if p.is_pointer:
                params.append(f"{'const ' if p.is_const else ''}{t}* {p.name}")
            else:
                params.append(f"{t} {p.name}")
        head = ["#include <bang.h>", ""]
        for key in sorted(self.helpers):
            text = self.helpers[key].replace("static inline ", "__mlu_func__ ").replace("_Float16", "half")
            head.append(text)
        if self.helpers:
            head.append("")
        if self.uses_ldram_pool:
            head.append(f"__ldram__ int8_t ldram_pool[{LDRAM_POOL_BYTES}];")
        head.extend(self.decls)
        if self.decls or self.uses_ldram_pool:
            head.append("")
        body = []
        if union:
            body.append(INDENT + "if (__is_mpu()) return;")
        if self.uses_ldram_pool:
            body.append(INDENT + "int64_t ldram_top = 0;")
        fn = [f"__mlu_global__ void {source.name}({', '.join(params)}) {{"] + body + lines + ["}"]
        return "\n".join(head + fn) + "\n"


def _placement(k: Kernel, arch) -> tuple[dict[str, str], list[str]]:
    """Where each allocated buffer lives: intrinsic operands and large buffers on chip."""
    notes = []
    allocs = [n.buffer for n in walk(k.body) if isinstance(n, Alloc)]
    used = set()
    for n in walk(k.body):
        if isinstance(n, IntrinsicCall):
            for a in n.args:
                for m in walk(a):
                    if isinstance(m, Address):
                        used.add(m.buffer.name)
    budget = (arch.nram_kb - NRAM_RESERVE_KB) * 1024
    wbudget = arch.wram_kb * 1024
    place: dict[str, str] = {}
    total = 0
    wtotal = 0
    for b in allocs:
        if b.const_shape() is None:
            continue
        nbytes = max(size_of(b), 1) * dt.itemsize(b.dtype)
        if b.scope == "wram":
            place[b.name] = "wram"
            wtotal += nbytes
        elif b.name in used or b.scope == "nram":
            place[b.name] = "nram"
            total += (nbytes + 63) // 64 * 64
    if total > budget:
        raise PrintError(f"on-chip buffers need {total} bytes of NRAM, more than the {budget} available")
    if wtotal > wbudget:
        raise PrintError(f"WRAM buffers need {wtotal} bytes, more than the {wbudget} available")
    for b in sorted((b for b in allocs if b.name not in place and b.const_shape() is not None),
                    key=lambda b: size_of(b) * dt.itemsize(b.dtype)):
        nbytes = max(size_of(b), 1) * dt.itemsize(b.dtype)
        if nbytes <= LOCAL_MAX_BYTES:
            continue
        if total + nbytes <= budget:
            place[b.name] = "nram"
            total += (nbytes + 63) // 64 * 64
        else:
            place[b.name] = "ldram"
            notes.append(f"buffer {b.name} ({nbytes} bytes) placed in LDRAM")
    return place, notes


def lower(program: Kernel, options: dict | None = None, nram_bytes: int | None = None) -> tuple[Kernel, list[str]]:
    """The BANG lowering passes on `program`; returns the lowered program and the pass list."""
    options = dict(options or {})
    arch = get_arch(options.get("bang_arch"))
    k = set_attr(program, "bang.nram_bytes", nram_bytes or (arch.nram_kb - NRAM_RESERVE_KB) * 1024)
    applied = []
    k = set_attr(k, "bang.wram_bytes", arch.wram_kb * 1024)
    for name, params in (("normalize_bang", {}), ("pool_windows", {}),
                         ("bind_tasks", {"tasks": options.get("bang_tasks")}),
                         ("split_guards", {}), ("tensorize_matmul", {}), ("stage_nram", {}), ("tensorize_bang", {})):
        if name in ("pool_windows", "split_guards", "tensorize_matmul", "stage_nram", "tensorize_bang") and \
                options.get("bang_vectorize") is False:
            continue
        t0 = time.perf_counter()
        k = get_pass(name, implementation=IMPLEMENTATION, **params).apply(k)
        desc = name
        if name == "bind_tasks":
            desc += f"(tasks={get_attr(k, 'bang.tasks')}, {get_attr(k, 'bang.func_type')}" + \
                (f", loop={get_attr(k, 'bang.task_loop')})" if get_attr(k, "bang.task_loop") else ")")
        elif name == "stage_nram":
            desc += f"(regions={get_attr(k, 'bang.staged', 0)})"
        elif name == "split_guards":
            desc += f"(splits={get_attr(k, 'bang.splits', 0)})"
        elif name == "pool_windows":
            desc += f"(loops={get_attr(k, 'bang.pools', 0)})"
        elif name == "tensorize_matmul":
            desc += f"(nests={get_attr(k, 'bang.matmuls', 0)})"
        elif name == "tensorize_bang":
            desc += f"(loops={get_attr(k, 'bang.tensorized', 0)})"
        applied.append(f"{desc} [{(time.perf_counter() - t0) * 1000:.0f} ms]")
    return k, applied


def translate(program: Kernel, source, options: dict | None = None):
    from ...translate.target import Emitted
    options = dict(options or {})
    arch = get_arch(options.get("bang_arch"))
    for n in walk(program.body):
        if isinstance(n, Expr) and n.dtype == "bfloat16":
            raise PrintError("bfloat16 programs are not supported by the BANG target yet")
    budget = (arch.nram_kb - NRAM_RESERVE_KB) * 1024
    raising = []            # once, outside the retries below
    if options.get("bang_vectorize") is not False and options.get("example_scalars") is not None:
        t0 = time.perf_counter()
        # integer products stay: __bang_matmul's fixed-point forms round through float (inexact past 2^24)
        raised = get_pass("raise_matmul", scalars=options["example_scalars"], integer=False).apply(program)
        if raised is not program:
            program = raised
            raising.append(f"raise_matmul [{(time.perf_counter() - t0) * 1000:.0f} ms]")
    for attempt in range(4):
        k, applied = lower(program, options, budget)
        applied = raising + applied
        validate(k)
        try:
            place, place_notes = _placement(k, arch)
            break
        except PrintError:
            if attempt == 3:
                raise
            budget //= 2            # tiles and staged operands too large next to the program's buffers
    tasks = int(get_attr(k, "bang.tasks", 1))
    func_type = get_attr(k, "bang.func_type", "block")
    nozero = set(dict(get_attr(k, "bang.tiles", ())))
    printer = BangPrinter(place, nozero)
    text = printer.kernel_unit(k, source, union=func_type != "block")
    launch = Launch(grid=(tasks, 1, 1), func_type=func_type)
    features = set()
    if tasks > 1:
        features.add("parallel")
    intrinsics = {n.name for n in walk(k.body) if isinstance(n, IntrinsicCall)}
    if any(name.startswith("__memcpy") for name in intrinsics) or any(v in ("nram", "wram") for v in place.values()):
        if any(name.startswith("__memcpy") for name in intrinsics):
            features.add("onchip")
    if any(name.startswith("__bang_") and name not in ("__bang_write_zero", "__bang_write_value")
           for name in intrinsics):
        features.add("vector")
    if intrinsics & {"__bang_matmul", "__bang_mlp", "__bang_conv"}:
        features.add("matrix")
    notes = list(get_attr(k, "bang.notes", ())) + place_notes
    return Emitted(text=text, entry=source.name, launch=launch, passes=applied, features=features, notes=notes)
