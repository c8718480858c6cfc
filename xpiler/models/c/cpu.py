"""Which x86 features the host CPU has, and where SIMDe lives: decides the VNNI path.

The native path needs AVX-512 F, BW, VL and VNNI (the EVEX VNNI forms and their masks use all four).
Features are read once per process from /proc/cpuinfo (Linux reports a feature there only when the
kernel has enabled its register state); where that file is missing, a tiny probe compiled with g++
asks `__builtin_cpu_supports`, which checks XGETBV too.
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# the features the native path needs (Linux /proc/cpuinfo spelling) and their g++ flags
REQUIRED = {"avx512f": "-mavx512f", "avx512bw": "-mavx512bw", "avx512vl": "-mavx512vl",
            "avx512_vnni": "-mavx512vnni"}
# enabled on the native path when the CPU has them too (kernels use DQ/CD helpers, FMA, F16C, ...)
OPTIONAL = {"avx512dq": "-mavx512dq", "avx512cd": "-mavx512cd", "avx512_bf16": "-mavx512bf16",
            "avx512vbmi": "-mavx512vbmi", "avx512ifma": "-mavx512ifma", "avx_vnni": "-mavxvnni",
            "fma": "-mfma", "f16c": "-mf16c", "bmi2": "-mbmi2", "popcnt": "-mpopcnt"}
# /proc/cpuinfo name -> __builtin_cpu_supports name (GCC 12 spelling)
_BUILTIN_NAME = {"avx512f": "avx512f", "avx512bw": "avx512bw", "avx512vl": "avx512vl",
                 "avx512_vnni": "avx512vnni", "avx512dq": "avx512dq", "avx512cd": "avx512cd",
                 "avx512_bf16": "avx512bf16", "avx512vbmi": "avx512vbmi", "avx512ifma": "avx512ifma",
                 "avx_vnni": "avxvnni", "fma": "fma", "f16c": "f16c", "bmi2": "bmi2", "popcnt": "popcnt"}


def _cpuinfo_flags(text: str) -> frozenset[str]:
    for line in text.splitlines():
        if line.startswith("flags") and ":" in line:
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def _probe_flags() -> frozenset[str]:
    """Ask libgcc (`__builtin_cpu_supports`) through a compiled probe."""
    from ...engine.toolchain import compiler
    lines = "\n".join(f'  if (__builtin_cpu_supports("{b}")) puts("{c}");' for c, b in _BUILTIN_NAME.items())
    code = f"#include <stdio.h>\nint main(void) {{\n  __builtin_cpu_init();\n{lines}\n  return 0;\n}}\n"
    with tempfile.TemporaryDirectory(prefix="xpiler-cpu-") as tmp:
        src, exe = os.path.join(tmp, "probe.c"), os.path.join(tmp, "probe")
        Path(src).write_text(code)
        if subprocess.run([compiler(), "-x", "c", src, "-o", exe], capture_output=True).returncode != 0:
            return frozenset()
        out = subprocess.run([exe], capture_output=True, text=True)
        return frozenset(out.stdout.split()) if out.returncode == 0 else frozenset()


@lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    try:
        flags = _cpuinfo_flags(Path("/proc/cpuinfo").read_text())
    except OSError:
        flags = frozenset()
    return flags or _probe_flags()


def missing_for_native(flags: frozenset[str] | None = None) -> list[str]:
    flags = cpu_flags() if flags is None else flags
    return [f for f in REQUIRED if f not in flags]


def native_flags(flags: frozenset[str] | None = None) -> list[str]:
    flags = cpu_flags() if flags is None else flags
    return [REQUIRED[f] for f in REQUIRED] + [m for f, m in OPTIONAL.items() if f in flags]


@lru_cache(maxsize=1)
def simde_include_root() -> Path | None:
    """Folder that contains `simde/x86/avx512.h` (Debian: /usr/include), or None."""
    candidates = [os.environ.get("XPILER_SIMDE_INCLUDE", ""), "/usr/include", "/usr/local/include"]
    for c in candidates:
        if c and (Path(c) / "simde" / "x86" / "avx512.h").is_file():
            return Path(c)
    return None


@lru_cache(maxsize=1)
def simde_version() -> str:
    root = simde_include_root()
    if root is None:
        return ""
    try:
        text = (root / "simde" / "simde-common.h").read_text(errors="replace")
    except OSError:
        return ""
    parts = [re.search(rf"#define SIMDE_VERSION_{k}\s+(\d+)", text) for k in ("MAJOR", "MINOR", "MICRO")]
    return ".".join(m.group(1) for m in parts) if all(parts) else ""
