"""Compiling engine executables with g++, cached by content hash.

The engine runtime (driver, fibers, memory, the model's scheduler) is compiled once per model and
option set; each kernel source is compiled as one translation unit and linked against it.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..errors import SourceLocation, XpilerError

ENGINE_INCLUDE = Path(__file__).parent / "include"
ENGINE_RUNTIME = Path(__file__).parent / "runtime"
LANGUAGE_FLAGS = {"c++": ["-std=gnu++17"], "c": ["-std=gnu11"]}
# -gdwarf-4: with GCC 12's default DWARF 5, addr2line (binutils 2.40) reports the generated file
# instead of the `#line` file, so faults could not be mapped to the user's source.
BASE_FLAGS = ["-g", "-gdwarf-4", "-fno-strict-aliasing", "-fwrapv", "-ffp-contract=off", "-fno-pie",
              "-fno-omit-frame-pointer", "-pthread"]
OPT_FLAGS = ["-O1"]
LINK_FLAGS = ["-no-pie", "-pthread"]


class CompileError(XpilerError):
    def __init__(self, message, location=None, construct=None, log: str = ""):
        super().__init__(message, location, construct)
        self.log = log


def cache_dir() -> Path:
    root = os.environ.get("XPILER_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "xpiler")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def compiler() -> str:
    cxx = os.environ.get("CXX", "g++")
    if shutil.which(cxx) is None:
        raise XpilerError(f"C++ compiler '{cxx}' not found (install g++)")
    return cxx


@lru_cache(maxsize=None)
def _tree_digest(paths: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for root in paths:
        rp = Path(root)
        files = sorted(rp.rglob("*")) if rp.is_dir() else [rp]
        for f in files:
            if f.is_file():
                h.update(str(f.relative_to(rp.parent)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def _atomic_compile(cmd: list[str], output: Path) -> subprocess.CompletedProcess:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, suffix=output.suffix + ".tmp")
    os.close(fd)
    proc = subprocess.run(cmd + ["-o", tmp], capture_output=True, text=True)
    if proc.returncode == 0:
        os.replace(tmp, output)
    else:
        os.unlink(tmp)
    return proc


def runtime_objects(build) -> list[Path]:
    """Compile (once) the runtime sources of a model build."""
    include_flags = [f"-I{p}" for p in [*build.include_dirs, ENGINE_INCLUDE]]
    defines = [f"-D{k}={v}" for k, v in sorted(build.defines.items())]
    digest = _tree_digest(tuple(str(p) for p in [*build.include_dirs, ENGINE_INCLUDE, ENGINE_RUNTIME,
                                                  *build.runtime_sources]))
    key = hashlib.sha256(" ".join([digest, compiler(), build.prelude, *build.flags, *defines, *OPT_FLAGS]).encode()).hexdigest()[:20]
    objs = []
    for src in [ENGINE_RUNTIME / "core.cpp", ENGINE_RUNTIME / "driver.cpp", *build.runtime_sources]:
        obj = cache_dir() / "runtime" / key / (Path(src).stem + ".o")
        if not obj.exists():
            cmd = [compiler(), "-std=gnu++17", *BASE_FLAGS, *OPT_FLAGS, *build.flags, *defines, *include_flags,
                   "-include", build.prelude, "-c", str(src)]
            proc = _atomic_compile(cmd, obj)
            if proc.returncode != 0:
                raise XpilerError(f"engine runtime {src} failed to compile:\n{proc.stderr[-3000:]}")
        objs.append(obj)
    return objs


_DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?:fatal )?error: (?P<msg>.*)$", re.M)


def _first_error(log: str, user_path: str):
    matches = list(_DIAG.finditer(log))
    for m in matches:
        if m.group("file") == user_path:
            return m
    return matches[0] if matches else None


def build_executable(build, source_text: str, user_path: str) -> tuple[Path, float]:
    """Compile the rewritten user source (with its glue) and link it; returns (binary, seconds)."""
    import time
    include_flags = [f"-I{p}" for p in [*build.include_dirs, ENGINE_INCLUDE]]
    defines = [f"-D{k}={v}" for k, v in sorted(build.defines.items())]
    objs = runtime_objects(build)
    digest = _tree_digest(tuple(str(p) for p in [*build.include_dirs, ENGINE_INCLUDE]))
    key = hashlib.sha256("\0".join([digest, compiler(), build.prelude, build.language, *build.flags, *defines, *OPT_FLAGS, source_text,
                                    *map(str, objs)]).encode()).hexdigest()[:24]
    exe = cache_dir() / "bin" / key / "engine"
    if exe.exists():
        return exe, 0.0
    t0 = time.perf_counter()
    exe.parent.mkdir(parents=True, exist_ok=True)
    src_file = exe.parent / ("kernel.c" if build.language == "c" else "kernel.cpp")
    src_file.write_text(source_text)
    lang = build.language
    cmd = [compiler(), *LANGUAGE_FLAGS[lang], *BASE_FLAGS, *OPT_FLAGS, *build.flags, *defines, *include_flags,
           "-include", build.prelude, "-Dmain=xpiler_user_main", "-x", lang, str(src_file), "-x", "none", *map(str, objs), *LINK_FLAGS,
           *build.link_flags]
    proc = _atomic_compile(cmd, exe)
    if proc.returncode != 0:
        m = _first_error(proc.stderr, user_path)
        if m:
            loc = SourceLocation(m.group("file"), int(m.group("line")), int(m.group("col")))
            raise CompileError(f"the CPU engine cannot compile this source: {m.group('msg')}", loc,
                               log=proc.stderr)
        raise CompileError(f"the CPU engine cannot compile this source:\n{proc.stderr[-3000:]}", log=proc.stderr)
    return exe, time.perf_counter() - t0
