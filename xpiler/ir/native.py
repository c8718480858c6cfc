"""Native execution of printed IR: C from `printer_c`, compiled with the engine toolchain (g++'s C
front end, cached by content hash), run in the sandboxed child through the engine driver
(`engine/runtime/driver.cpp`: arguments loaded into guarded buffers, `xpiler_invoke(void** argv)`).

`run_many` puts several kernels into one translation unit and one child process (compiling
dominates for small programs); `compile_and_run` runs one.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import dtypes as host_dtypes
from ..engine.sandbox import addr2line, describe_signal, run_limited
from ..engine.toolchain import build_executable
from ..errors import XpilerError
from ..models.base import EngineBuild
from . import dtypes as dt
from .buffer import Buffer
from .evaluate import NotConstant, evaluate
from .kernel import Kernel
from .printer_c import CPrinter

INCLUDE = Path(__file__).parent / "include"
PRELUDE = "xpiler_ir_prelude.h"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY = 4 << 30


class NativeExecutionError(XpilerError):
    def __init__(self, kind: str, message: str, c_line: str = "", source: str = ""):
        self.kind = kind
        self.c_line = c_line
        self.source = source
        super().__init__(f"{kind}: {message}" + (f" (at C line: {c_line.strip()})" if c_line else ""))


def engine_build() -> EngineBuild:
    return EngineBuild(include_dirs=[INCLUDE], prelude=PRELUDE, runtime_sources=[], language="c",
                       flags=["-Werror=implicit-function-declaration", "-Werror=incompatible-pointer-types"],
                       link_flags=["-lm"])


@dataclass
class _Bound:
    name: str
    dtype: str
    is_buffer: bool
    data: np.ndarray          # storage bytes layout
    shape: tuple[int, ...]
    offset: int = 0


def _bind(k: Kernel, args) -> list[_Bound]:
    params = k.params
    if isinstance(args, dict):
        missing = [p.name for p in params if p.name not in args and not (p.is_buffer and p.role == "out")]
        if missing:
            raise XpilerError(f"kernel {k.name}: missing arguments {', '.join(missing)}")
        extra = set(args) - {p.name for p in params}
        if extra:
            raise XpilerError(f"kernel {k.name} has no parameters {', '.join(sorted(extra))}")
        values = [args.get(p.name) for p in params]     # None: an `out` buffer, zero-filled
    else:
        values = list(args)
        if len(values) != len(params):
            raise XpilerError(f"kernel {k.name} takes {len(params)} arguments, got {len(values)}")
    scalars = {}
    for p, v in zip(params, values):
        if not p.is_buffer:
            if np.ndim(v) != 0:
                raise XpilerError(f"parameter {p.name} is a scalar but got an array")
            scalars[p.name] = v.item() if isinstance(v, np.generic) else v
    bound = []
    for p, v in zip(params, values):
        t = p.target
        if isinstance(t, Buffer):
            try:
                shape = tuple(int(evaluate(s, scalars)) for s in t.shape)
            except NotConstant as e:
                raise XpilerError(f"shape of {t.name}: {e}") from None
            size = int(np.prod(shape)) if shape else 1
            arr = np.zeros(size, dt.storage_numpy(t.dtype)) if v is None else np.asarray(v)
            if arr.size != size:
                raise XpilerError(f"argument {t.name}: expected {size} elements (shape {shape}), got {arr.size}")
            data = host_dtypes.to_storage(arr.reshape(-1), t.dtype)
            bound.append(_Bound(t.name, t.dtype, True, np.ascontiguousarray(data), shape))
        else:
            data = np.asarray(v).astype(dt.storage_numpy(t.dtype)) if t.dtype != "bfloat16" else \
                host_dtypes.to_storage(np.float32(v), "bfloat16")
            bound.append(_Bound(t.name, t.dtype, False, np.asarray(data).reshape(()), ()))
    return bound


def _glue(jobs: list[tuple[str, Kernel, list[_Bound]]]) -> str:
    lines = ["void xpiler_invoke(void** argv) {", "  (void)argv;"]
    n = 0
    for fname, k, bound in jobs:
        casts = []
        for p, b in zip(k.params, bound):
            t = dt.c_type(b.dtype)
            if b.is_buffer:
                casts.append(f"({'const ' if p.role == 'in' else ''}{t}*)argv[{n}]")
            else:
                casts.append(f"*({t}*)argv[{n}]")
            n += 1
        lines.append(f"  {fname}({', '.join(casts)});")
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_many(jobs, timeout: float = DEFAULT_TIMEOUT, memory_limit: int = DEFAULT_MEMORY) -> list[dict[str, np.ndarray]]:
    """Run every (kernel, args) in order in one process; for each, the final contents of its buffer
    parameters by name (NumPy arrays of the buffers' shapes; bfloat16 comes back as float32).
    Each job gets its own copies of its arguments."""
    printer = CPrinter()
    prepared = []
    for idx, (k, args) in enumerate(jobs):
        bound = _bind(k, args)
        fname = f"xpiler_k{idx}_{k.name}"
        printer.add_kernel(k, fname)
        prepared.append((fname, k, bound))
    text = printer.unit() + "\n" + _glue(prepared)
    exe, _ = build_executable(engine_build(), text, "<xpiler ir>")

    spec, blobs, offset = [], [], 0
    for fname, k, bound in prepared:
        for b in bound:
            b.offset = offset
            raw = b.data.tobytes()
            if b.is_buffer:
                spec.append(f"buffer device {b.name} {max(len(raw), 1)} {offset}")
                if not raw:
                    raw = b"\0"
            else:
                spec.append(f"scalar {b.name} {len(raw)} {offset}")
            blobs.append(raw)
            offset += len(raw)
            pad = (-offset) % 64
            blobs.append(b"\0" * pad)
            offset += pad
    with tempfile.TemporaryDirectory(prefix="xpiler-ir-") as tmp:
        paths = [os.path.join(tmp, n) for n in ("spec.txt", "in.bin", "out.bin")]
        Path(paths[0]).write_text("\n".join(spec) + "\n")
        Path(paths[1]).write_bytes(b"".join(blobs))
        outcome = run_limited([str(exe), *paths], timeout, memory_limit, cwd=tmp)
        err = outcome.error_event()
        if outcome.timed_out:
            raise NativeExecutionError("timeout", f"the program did not finish within {timeout:g} s", source=text)
        if err is not None:
            raise NativeExecutionError(err.get("kind", "error"), err.get("message", ""), _c_line(exe, err, text), text)
        if outcome.done_event() is None or outcome.returncode != 0:
            tail = " | ".join((outcome.stderr or outcome.stdout).strip().splitlines()[-3:])
            raise NativeExecutionError("crash", f"the engine process ended with {describe_signal(outcome.returncode)}"
                                       + (f": {tail}" if tail else ""), source=text)
        raw = Path(paths[2]).read_bytes()
    results = []
    for fname, k, bound in prepared:
        out = {}
        for b in bound:
            if b.is_buffer:
                chunk = np.frombuffer(raw[b.offset:b.offset + b.data.nbytes], dtype=b.data.dtype).copy()
                out[b.name] = host_dtypes.from_storage(chunk, b.dtype).reshape(b.shape)
        results.append(out)
    return results


def compile_and_run(k: Kernel, args, timeout: float = DEFAULT_TIMEOUT,
                    memory_limit: int = DEFAULT_MEMORY) -> dict[str, np.ndarray]:
    """Print `k` as C, compile, run it on `args` (dict by parameter name or list) in the sandboxed
    child; the final contents of every buffer parameter by name. In a dict, `out` buffers may be
    left out (they start zero-filled)."""
    return run_many([(k, args)], timeout, memory_limit)[0]


def _c_line(exe: Path, event: dict, text: str) -> str:
    addrs = [event["pc"]] if event.get("pc") else []
    addrs += [hex(int(a, 16) - 1) for a in event.get("trace", []) if str(a).startswith("0x")]
    lines = text.splitlines()
    for _fn, path, line in addr2line(exe, addrs):
        if path.endswith("kernel.c") and 0 < line <= len(lines):
            return lines[line - 1]
    return ""
