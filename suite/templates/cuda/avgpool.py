"""avgpool 2-D, NHWC, valid windows: TVM-generated style, fixed-size. One thread per output of the
fused ax0_ax1_fused_ax2_fused_ax3_fused axis, the window sum kept in tensor_local over the rv0/rv1
reduction loops, then the divide by the constant window size; all strides constant-folded."""

THREADS = 1024


def _sum(terms):
    terms = [t for t in terms if t]
    expr = terms[0]
    for t in terms[1:]:
        expr = f"({expr} + {t})"
    return expr


def render(s):
    N, H, W, C, KH, KW, st = s["n"], s["h"], s["w"], s["c"], s["kh"], s["kw"], s["stride"]
    Ho, Wo = (H - KH) // st + 1, (W - KW) // st + 1
    total = N * Ho * Wo * C
    threads = min(THREADS, total)
    blocks = (total + threads - 1) // threads
    f = "((int)threadIdx.x)" if blocks == 1 else f"((((int)blockIdx.x) * {threads}) + ((int)threadIdx.x))"
    HoWoC, WoC = Ho * Wo * C, Wo * C
    idx = _sum([f"(({f} / {HoWoC}) * {H * W * C})" if N > 1 else "",
                f"((({f} % {HoWoC}) / {WoC}) * {st * W * C})" if N > 1 and Ho > 1 else
                (f"(({f} / {WoC}) * {st * W * C})" if Ho > 1 else ""),
                f"(rv0 * {W * C})",
                (f"((({f} % {WoC}) / {C}) * {st * C})" if C > 1 else f"(({f} % {WoC}) * {st})") if Wo > 1 else "",
                f"(rv1 * {C})" if C > 1 else "rv1",
                f"({f} % {C})" if C > 1 else ""])
    body = f'''  tensor_local[0] = 0.000000e+00f;
  for (int rv0 = 0; rv0 < {KH}; ++rv0) {{
    for (int rv1 = 0; rv1 < {KW}; ++rv1) {{
      tensor_local[0] = (tensor_local[0] + placeholder[{idx}]);
    }}
  }}
  tensor[{f}] = (tensor_local[0] / {float(KH * KW):.6e}f);'''
    if blocks * threads != total:
        body = f"  if ({f} < {total}) {{\n" + "\n".join("  " + ln for ln in body.split("\n")) + "\n  }"
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ tensor) {{
  float tensor_local[1];
{body}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "y"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused output axis, local window sum, constant divide",
            "parametric": False}
