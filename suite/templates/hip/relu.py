"""relu: compiler-generated style (TVM, ROCm target), fixed-size: `T_relu = max(placeholder, 0)` over
the fused axis split as outer x blockIdx.x x threadIdx.x, every extent a constant."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import fused_loop, indent  # noqa: E402


def render(shape):
    n = shape["n"]
    blocks, threads, i, wrap = fused_loop(n, "ax0_fused", max_blocks=1024)
    body = wrap([f"T_relu[{i}] = max(placeholder[{i}], 0.000000e+00f);"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_relu, float* __restrict__ placeholder) {{
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused loop, constant sizes", "parametric": False}
