"""reduce_mean over the last axis of [m, n]: compiler-generated style (TVM cross-thread reduction,
ROCm target), fixed-size. threadIdx.x binds the 64 lanes of a wavefront to the rfactor'ed k1 axis,
threadIdx.y binds rows; the wavefront all-reduce is TVM's red_buf0 / t0 sequence of mask-free
__shfl_down calls of width 64, then the division by the constant-folded row length."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import _sum, flt  # noqa: E402


def render(shape):
    m, n = shape["m"], shape["n"]
    ry = min(4, m)
    blocks = (m + ry - 1) // ry
    k_outer = (n + 63) // 64
    row = _sum(([f"(((int)blockIdx.x) * {ry})"] if blocks > 1 else []) + (["((int)threadIdx.y)"] if ry > 1 else [])) \
        if (blocks > 1 or ry > 1) else "0"
    idx = _sum(([f"(((int)blockIdx.x) * {ry * n})"] if blocks > 1 else []) +
               ([f"(((int)threadIdx.y) * {n})"] if ry > 1 else []) +
               (["(k1_outer * 64)"] if k_outer > 1 else []) + ["((int)threadIdx.x)"])
    conds = []
    if blocks * ry != m:
        conds.append(f"{row} < {m}")
    if k_outer * 64 != n:
        conds.append(("((k1_outer * 64) + ((int)threadIdx.x))" if k_outer > 1 else "((int)threadIdx.x)") + f" < {n}")
    lines = [f"placeholder_red_rf[0] = (placeholder_red_rf[0] + placeholder[{idx}]);"]
    if conds:
        lines = [f"if ({' && '.join('(' + c + ')' for c in conds)}) {{"] + ["  " + ln for ln in lines] + ["}"]
    if k_outer > 1:
        lines = [f"for (int k1_outer = 0; k1_outer < {k_outer}; ++k1_outer) {{"] + ["  " + ln for ln in lines] + ["}"]
    loop = "\n".join("  " + ln for ln in lines)
    shuffles = "\n".join(f"  t0[0] = __shfl_down(red_buf0[0], {o}, 64);\n"
                         f"  red_buf0[0] = (red_buf0[0] + t0[0]);" for o in (32, 16, 8, 4, 2, 1))
    store = f"T_divide[{row}] = (red_buf0[0] / {flt(n)});"
    if blocks * ry != m:
        store = f"if ({row} < {m}) {{\n      {store}\n    }}"
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({64 * ry}) default_function_kernel(float* __restrict__ T_divide, float* __restrict__ placeholder) {{
  float placeholder_red_rf[1];
  float red_buf0[1];
  placeholder_red_rf[0] = 0.000000e+00f;
{loop}
  float t0[1];
  red_buf0[0] = placeholder_red_rf[0];
{shuffles}
  red_buf0[0] = __shfl(red_buf0[0], 0, 64);
  if (((int)threadIdx.x) == 0) {{
    {store}
  }}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [64, ry, 1]},
            "style": "compiler-generated (TVM): rfactor + wavefront allreduce (red_buf0), constant sizes",
            "parametric": False}
