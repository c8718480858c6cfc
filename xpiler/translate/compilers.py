"""The targets' real compilers, where this machine has them: a translated file must also pass
`nvcc` (CUDA), Debian's `hipcc` for an AMD GPU (HIP) or the C compiler (C). BANG has no compiler
here; its check is the CPU engine's compile. Used by `xpiler bench --translate --compile`."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

COMMANDS = {
    "cuda": (["nvcc", "-c", "-arch=sm_90", "-o", "{out}", "{src}"], ".cu", {}),
    "hip": (["hipcc", "--offload-arch=gfx90a", "-c", "-o", "{out}", "{src}"], ".hip", {"HIP_PLATFORM": "amd"}),
    "c": (["gcc", "-std=c11", "-O2", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512dq", "-mavx512vnni",
           "-fopenmp", "-c", "-o", "{out}", "{src}"], ".c", {}),
}


def available(model: str) -> bool:
    cmd = COMMANDS.get(model)
    return cmd is not None and shutil.which(cmd[0][0]) is not None


def check_compiles(text: str, model: str, timeout: float = 300.0) -> tuple[bool | None, str]:
    """(True, "") if the real compiler accepts `text`, (False, first error line), (None, why) if
    there is no compiler for `model` here."""
    if not available(model):
        return None, f"no {model} compiler on this machine"
    argv, ext, env_extra = COMMANDS[model]
    with tempfile.TemporaryDirectory(prefix="xpiler-cc-") as tmp:
        src, out = Path(tmp) / ("kernel" + ext), Path(tmp) / "kernel.o"
        src.write_text(text)
        cmd = [a.format(src=src, out=out) for a in argv]
        env = dict(os.environ, **env_extra)
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=tmp)
        except subprocess.TimeoutExpired:
            return False, f"{argv[0]} timed out after {timeout:g} s"
        if r.returncode == 0:
            return True, ""
        lines = (r.stderr + r.stdout).strip().splitlines()
        errors = [l for l in lines if "error" in l]
        return False, (errors[0] if errors else (lines[-1] if lines else f"exit status {r.returncode}"))[:300]
