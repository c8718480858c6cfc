"""batchnorm (inference, channel-last [m, n]): compiler-generated style (TVM, ROCm target), fixed-size.
Relay folds the normalisation into one injective kernel over the fused i0_i1 axis; the channel is
recovered with a constant modulo, and the subtract / divide-by-sqrt / scale / shift chain is printed
as nested binary expressions with %e literals (T_add is the name of the last fused op)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import fused_loop, indent  # noqa: E402


def render(shape):
    m, n = shape["m"], shape["n"]
    blocks, threads, i, wrap = fused_loop(m * n, "i0_i1_fused", max_blocks=512)
    ch = f"({i} % {n})" if m > 1 else i
    body = wrap([f"T_add[{i}] = ((((placeholder[{i}] - placeholder_1[{ch}]) / sqrtf((placeholder_2[{ch}] + "
                 f"1.000000e-05f))) * placeholder_3[{ch}]) + placeholder_4[{ch}]);"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {{
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["y", "x", "mean", "var", "gamma", "beta"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused injective chain, constant modulo, constant sizes",
            "parametric": False}
