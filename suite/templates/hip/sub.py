"""sub: compiler-generated style (TVM, ROCm target), fixed-size. The broadcast-free subtract is one
fused axis `ax0_fused` split over an outer serial loop, blockIdx.x and threadIdx.x; every extent is a
constant and the tail is a folded predicate."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import fused_loop, indent  # noqa: E402


def render(shape):
    n = shape["n"]
    blocks, threads, i, wrap = fused_loop(n, "ax0_fused")
    body = wrap([f"T_subtract[{i}] = (placeholder[{i}] - placeholder_1[{i}]);"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_subtract, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {{
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x", "y"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused loop, constant sizes", "parametric": False}
