"""sin: compiler-generated style (TVM, ROCm target, fast-math), fixed-size: the fused axis is split
as outer x blockIdx.x x threadIdx.x with constant extents; `sin` lowers to the native __sinf (inputs
stay in [-pi, pi] where it is accurate)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import fused_loop, indent  # noqa: E402


def render(shape):
    n = shape["n"]
    blocks, threads, i, wrap = fused_loop(n, "i0_fused", max_blocks=128)
    body = wrap([f"T_sin[{i}] = __sinf(placeholder[{i}]);"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_sin, float* __restrict__ placeholder) {{
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused loop, fast-math intrinsic, constant sizes", "parametric": False}
