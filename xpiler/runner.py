"""`xpiler.run`: execute one entry point of a kernel source on its CPU engine."""
from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import dtypes
from .engine.sandbox import addr2line, describe_signal, run_limited
from .engine.source_rewrite import rewrite_for_engine
from .engine.toolchain import build_executable
from .errors import SourceLocation, XpilerError
from .launch import resolve_launch
from .models.base import Launch
from .source.loader import SourceFile, load_source

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY = 8 << 30


@dataclass
class Diagnostic:
    kind: str                 # out_of_bounds, deadlock, divergent_barrier, onchip_overflow, timeout, crash, ...
    message: str
    location: SourceLocation | None = None
    kernel: str = ""
    worker: str = ""
    construct: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        extra = ", ".join(x for x in [f"kernel {self.kernel}" if self.kernel else "", self.worker] if x)
        return f"{where}{self.kind}: {self.message}" + (f" ({extra})" if extra else "")


class KernelError(XpilerError):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message, diagnostic.location, diagnostic.construct or diagnostic.kind)
        self.diagnostic = diagnostic


@dataclass
class Result:
    entry: str
    model: str
    outputs: dict[str, np.ndarray] = field(default_factory=dict)
    error: Diagnostic | None = None
    launch: Launch | None = None
    launch_source: str = ""
    kernel_seconds: float = 0.0
    compile_seconds: float = 0.0
    wall_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    def raise_for_error(self) -> "Result":
        if self.error is not None:
            raise KernelError(self.error)
        return self

    def __getitem__(self, name: str) -> np.ndarray:
        self.raise_for_error()
        return self.outputs[name]


def pick_entry(src: SourceFile, entry: str | None):
    if entry:
        base = entry.split("<")[0].strip()
        fn = src.info.function(base)
        if fn is None:
            names = ", ".join(f.name for f in src.info.functions) or "none"
            raise XpilerError(f"{src.path}: no function '{base}' (functions: {names})")
        return fn, entry
    candidates = src.kernels or [f for f in src.info.functions if not f.is_static and f.name != "main"
                                 and "inline" not in f.qualifiers]
    if len(candidates) != 1:
        names = ", ".join(f.name for f in candidates) or "none"
        raise XpilerError(f"{src.path}: cannot choose an entry point among: {names}; pass entry=...")
    return candidates[0], candidates[0].name


def _bind_args(fn, args) -> list[tuple[object, object]]:
    params = fn.params
    if isinstance(args, dict):
        missing = [p.name for p in params if p.name not in args]
        if missing:
            raise XpilerError(f"missing arguments for {fn.name}: {', '.join(missing)}")
        unknown = set(args) - {p.name for p in params}
        if unknown:
            raise XpilerError(f"{fn.name} has no parameters named {', '.join(sorted(unknown))}")
        values = [args[p.name] for p in params]
    else:
        values = list(args)
        if len(values) != len(params):
            raise XpilerError(f"{fn.name} takes {len(params)} arguments ({', '.join(p.name for p in params)}), "
                              f"got {len(values)}")
    return list(zip(params, values))


def _instantiate(src: SourceFile, fn, entry_text: str):
    """`fn` with its type template parameters replaced by the entry's type arguments
    (`scale<float, 4>`: T* x becomes float* x), so that storage and glue see concrete types."""
    if not fn.is_template or "<" not in entry_text:
        return fn
    plist = fn.node.parent.child_by_field_name("parameters")
    names = [(c.type, src.parsed.node_text(c.named_children[-1]) if c.named_children else "") for c in plist.named_children]
    args_text = entry_text[entry_text.index("<") + 1:entry_text.rindex(">")]
    args, depth, cur = [], 0, ""
    for ch in args_text:
        if ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        depth += ch in "<(" and 1 or (-1 if ch in ">)" else 0)
        cur += ch
    args.append(cur.strip())
    types = {name: arg for (kind, name), arg in zip(names, args) if kind == "type_parameter_declaration"}
    return dataclasses.replace(fn, params=[dataclasses.replace(
        p, ctype=types.get(dtypes.normalize_ctype(p.ctype), p.ctype)) for p in fn.params])


def _storage_name(param, value, model=None) -> str:
    if model is not None and not param.is_pointer and dtypes.normalize_ctype(param.ctype) in model.handle_types:
        if value not in (0, None):
            raise XpilerError(f"parameter '{param.describe()}': only a null handle can be passed to the engine")
        return "uint64"
    name = dtypes.numpy_name(param.ctype)
    if name is None:
        if param.is_pointer and dtypes.normalize_ctype(param.ctype) == "void":
            return np.asarray(value).dtype.name
        raise XpilerError(f"parameter '{param.describe()}': element type '{param.ctype}' is not supported by the runner")
    return name


def _diagnostic(event: dict, exe: Path, src: SourceFile) -> Diagnostic:
    loc = None
    if event.get("file") and event.get("line"):
        loc = SourceLocation(event["file"], int(event["line"]), 0)
    elif event.get("trace") or event.get("pc"):
        addrs = [event["pc"]] if event.get("pc") else []
        # return addresses point after the call; step back one byte to land inside it
        addrs += [hex(int(a, 16) - 1) for a in event.get("trace", []) if a.startswith("0x")]
        # code that GCC outlines from OpenMP pragmas names the cached copy of the source instead of the
        # #line file name (its line numbers are still the source's)
        copies = {str(exe.parent / "kernel.c"), str(exe.parent / "kernel.cpp")}
        for _fn, path, line in addr2line(exe, addrs):
            # a relative #line name (or "<string>") comes back joined to the compile directory
            if (path == src.path or path in copies or path.endswith("/" + src.path)) and line > 0:
                loc = SourceLocation(src.path, line, 0)
                break
    return Diagnostic(event.get("kind", "error"), event.get("message", ""), loc, event.get("kernel", ""),
                      event.get("worker", ""), event.get("construct", ""))


def run(source, platform: str | None = None, entry: str | None = None, args=(), launch: Launch | None = None,
        timeout: float = DEFAULT_TIMEOUT, memory_limit: int = DEFAULT_MEMORY, options: dict | None = None) -> Result:
    """Run `entry` of `source` (path, source text or SourceFile) on its CPU engine.

    `args` is a list (or dict by parameter name) of NumPy arrays for pointer parameters and Python
    numbers for scalars. Pointer arguments are copied into guarded emulated device memory and back;
    `Result.outputs` holds the final contents of every pointer argument by parameter name.
    """
    t_start = time.perf_counter()
    src = source if isinstance(source, SourceFile) else load_source(source, platform)
    model = src.model
    options = dict(options or {})
    fn, entry_text = pick_entry(src, entry)
    is_kernel = fn in src.kernels
    fn = _instantiate(src, fn, entry_text)
    bound = _bind_args(fn, args)
    scalars = {p.name: v for p, v in bound if not p.is_pointer}
    chosen, how = (resolve_launch(src, fn, scalars, launch) if is_kernel else (None, ""))

    spec_lines, blobs, offset, layout = [], [], 0, []
    for i, (param, value) in enumerate(bound):
        storage = _storage_name(param, value, model)
        arr = dtypes.to_storage(0 if value is None else value, storage)
        if param.is_pointer:
            if arr.ndim == 0:
                arr = arr.reshape(1)
            # a host entry of a translated kernel (a launch wrapper) takes device pointers, as the kernel does
            where = "device" if is_kernel or options.get("device_args") else "host"
            spec_lines.append(f"buffer {where} {param.name} {arr.nbytes} {offset}")
            layout.append((param.name, offset, arr, storage, np.asarray(value).shape))
        else:
            if arr.ndim != 0:
                raise XpilerError(f"parameter '{param.describe()}' is a scalar but got an array")
            spec_lines.append(f"scalar {param.name} {arr.nbytes} {offset}")
        blobs.append(arr.tobytes())
        offset += arr.nbytes
        pad = (-offset) % 64
        blobs.append(b"\0" * pad)
        offset += pad

    glue = model.entry_glue(fn, entry_text, chosen, is_kernel)
    text = rewrite_for_engine(src) + "\n#line 1 \"<xpiler glue>\"\n" + glue
    build = model.engine_build({**options, "source_file": src})   # models may look at the source (C: language, OpenMP)
    exe, compile_seconds = build_executable(build, text, src.path)

    result = Result(entry_text, model.name, launch=chosen, launch_source=how, compile_seconds=compile_seconds)
    if build.path_note:
        result.notes.append(build.path_note)
    with tempfile.TemporaryDirectory(prefix="xpiler-run-") as tmp:
        spec, data_in, data_out = (os.path.join(tmp, n) for n in ("spec.txt", "in.bin", "out.bin"))
        Path(spec).write_text("\n".join(spec_lines) + "\n")
        Path(data_in).write_bytes(b"".join(blobs))
        env = dict(os.environ)
        env.update(build.run_env)
        outcome = run_limited([str(exe), spec, data_in, data_out], timeout, memory_limit, env=env, cwd=tmp)
        result.stdout = outcome.stdout
        err = outcome.error_event()
        done = outcome.done_event()
        for e in outcome.events:
            if e.get("event") == "note":
                result.notes.append(e.get("message", ""))
        if outcome.timed_out:
            result.error = Diagnostic("timeout", f"the kernel did not finish within {timeout:g} s (infinite loop, or a "
                                      "spin-wait on another thread or block?)", fn.location, fn.name)
        elif err is not None:
            result.error = _diagnostic(err, exe, src)
        elif done is None or outcome.returncode != 0:
            tail = (outcome.stderr or outcome.stdout).strip().splitlines()[-3:]
            why = describe_signal(outcome.returncode)
            kind = "memory_limit" if "bad_alloc" in outcome.stderr else "crash"
            result.error = Diagnostic(kind, f"the engine process ended with {why}" + (f": {' | '.join(tail)}" if tail else ""),
                                      fn.location, fn.name)
        else:
            result.kernel_seconds = float(done.get("seconds", 0.0))
            raw = np.frombuffer(Path(data_out).read_bytes(), dtype=np.uint8)
            for name, off, arr, storage, shape in layout:
                chunk = raw[off:off + arr.nbytes].view(arr.dtype).copy()
                result.outputs[name] = dtypes.from_storage(chunk, storage).reshape(shape if shape else (1,))
    result.wall_seconds = time.perf_counter() - t_start
    return result
