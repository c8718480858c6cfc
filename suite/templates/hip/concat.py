"""concat along axis 1 of [m, n1] and [m, n2]: compiler-generated style (TVM, ROCm target),
fixed-size. One injective kernel over the fused output axis ax0_ax1_fused; the source is chosen by
TVM's select on the constant split point, with both source indices constant-folded."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import add, fused_loop, indent, mul  # noqa: E402


def render(s):
    m, n1, n2 = s["m"], s["n1"], s["n2"]
    width = n1 + n2
    blocks, threads, i, wrap = fused_loop(m * width, "ax0_ax1_fused", max_blocks=512)
    row = f"({i} / {width})" if m > 1 else None
    col = f"({i} % {width})" if m > 1 else i
    src_y = f"({add(mul(row, n2) if row else None, col)} - {n1})"
    src_x = add(mul(row, n1) if row else None, col)
    body = wrap([f"T_concat[{i}] = (({n1} <= {col}) ? placeholder_1[{src_y}] : placeholder[{src_x}]);"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {{
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x", "y"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused axis, select on a constant split, constant sizes",
            "parametric": False}
