"""depthwise conv2d NHWC (weight [KH, KW, C], valid padding): TVM-generated style, fixed-size.

One thread per output element of the fused i0_i1_fused_i2_fused_i3_fused axis (channels innermost,
so neighbouring threads read neighbouring channels), a local accumulator DepthwiseConv2d_local and
the di/dj window loops; every stride and extent is constant-folded into the index expressions."""

THREADS = 256


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
    n_term = f"(({f} / {HoWoC}) * {H * W * C})" if N > 1 else ""
    in_f = f"({f} % {HoWoC})" if N > 1 else f
    oh = f"({in_f} / {WoC})"
    ow = f"(({f} % {WoC}) / {C})" if C > 1 else f"({f} % {WoC})"
    c = f"({f} % {C})" if C > 1 else ""
    in_idx = _sum([n_term, f"({oh} * {st * W * C})" if Ho > 1 else "", f"(di * {W * C})",
                   f"({ow} * {st * C})" if Wo > 1 else "", f"(dj * {C})" if C > 1 else "dj", c])
    w_idx = _sum([f"(di * {KW * C})", f"(dj * {C})" if C > 1 else "dj", c])
    stmt = f"DepthwiseConv2d_local[0] = (DepthwiseConv2d_local[0] + (placeholder[{in_idx}] * placeholder_1[{w_idx}]));"
    body = f'''  DepthwiseConv2d_local[0] = 0.000000e+00f;
  for (int di = 0; di < {KH}; ++di) {{
    for (int dj = 0; dj < {KW}; ++dj) {{
      {stmt}
    }}
  }}
  DepthwiseConv2d[{f}] = DepthwiseConv2d_local[0];'''
    if blocks * threads != total:
        body = f"  if ({f} < {total}) {{\n" + "\n".join("  " + ln for ln in body.split("\n")) + "\n  }"
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ DepthwiseConv2d, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {{
  float DepthwiseConv2d_local[1];
{body}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["y", "x", "weight"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused output axis, local accumulator, constant-folded indices",
            "parametric": False}
