"""avgpool (NHWC, valid windows): compiler-generated style (TVM pool schedule, ROCm target),
fixed-size. The four output axes are fused into ax0_ax1_fused_ax2_fused_ax3_fused and bound to
blockIdx.x x threadIdx.x; the window reduction (rv0, rv1) accumulates into the local tensor_1, and the
mean is a division by the constant window size."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import add, flt, fused_loop, indent, mul  # noqa: E402


def render(s):
    n, h, w, c, kh, kw, st = s["n"], s["h"], s["w"], s["c"], s["kh"], s["kw"], s["stride"]
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    total = n * ho * wo * c
    blocks, threads, i, wrap = fused_loop(total, "ax0_ax1_fused_ax2_fused_ax3_fused", max_blocks=1024)
    ax0 = f"({i} / {ho * wo * c})" if n > 1 else None
    ax1 = (f"(({i} % {ho * wo * c}) / {wo * c})" if n > 1 else f"({i} / {wo * c})") if ho > 1 else None
    ax2 = (f"(({i} % {wo * c}) / {c})" if c > 1 else f"({i} % {wo})") if wo > 1 else None
    ax3 = f"({i} % {c})" if c > 1 else None
    src = add(mul(ax0, h * w * c) if ax0 else None, mul(ax1, st * w * c) if ax1 else None,
              mul("rv0", w * c) if kh > 1 else None, mul(ax2, st * c) if ax2 else None,
              mul("rv1", c) if kw > 1 else None, ax3)
    red = ["tensor_1[0] = (tensor_1[0] + placeholder[%s]);" % src]
    for var, ext in (("rv1", kw), ("rv0", kh)):
        if ext > 1:
            red = [f"for (int {var} = 0; {var} < {ext}; ++{var}) {{"] + ["  " + ln for ln in red] + ["}"]
    body = wrap(["tensor_1[0] = 0.000000e+00f;"] + red + [f"tensor[{i}] = (tensor_1[0] / {flt(kh * kw)});"])
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {{
  float tensor_1[1];
{indent(body)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "y"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused output axes, local window reduction, constant sizes",
            "parametric": False}
