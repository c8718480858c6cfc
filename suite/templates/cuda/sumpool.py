"""sumpool 2-D, NHWC, valid windows: TVM-generated style, fixed-size. The fused output axis is split
into ax0_ax1_fused_ax2_fused_ax3_fused_outer x blockIdx x threadIdx (grid bounded at 128 blocks of
512 threads), the rv0/rv1 window loops fully unrolled into one expression when the window is at
most 3x3, all extents constant-folded."""

THREADS, MAX_BLOCKS = 512, 128


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
    blocks = min((total + threads - 1) // threads, MAX_BLOCKS)
    per_iter = threads * blocks
    outer = (total + per_iter - 1) // per_iter
    f = _sum([f"(ax0_ax1_fused_ax2_fused_ax3_fused_outer * {per_iter})" if outer > 1 else "",
              f"(((int)blockIdx.x) * {threads})" if blocks > 1 else "", "((int)threadIdx.x)"])
    HoWoC, WoC = Ho * Wo * C, Wo * C

    def src(rv0, rv1):
        return _sum([f"(({f} / {HoWoC}) * {H * W * C})" if N > 1 else "",
                     f"((({f} % {HoWoC}) / {WoC}) * {st * W * C})" if N > 1 and Ho > 1 else
                     (f"(({f} / {WoC}) * {st * W * C})" if Ho > 1 else ""),
                     rv0,
                     (f"((({f} % {WoC}) / {C}) * {st * C})" if C > 1 else f"(({f} % {WoC}) * {st})") if Wo > 1 else "",
                     rv1,
                     f"({f} % {C})" if C > 1 else ""])

    if KH * KW <= 9:
        # unrolled: tensor[..] = (((p[..] + p[..]) + p[..]) ...)
        terms = [f"placeholder[{src(str(i * W * C) if i else '', str(j * C) if j else '')}]"
                 for i in range(KH) for j in range(KW)]
        expr = terms[0]
        for t in terms[1:]:
            expr = f"({expr} + {t})"
        lines = [f"tensor[{f}] = {expr};"]
    else:
        lines = ["float tensor_local[1];", "tensor_local[0] = 0.000000e+00f;",
                 f"for (int rv0 = 0; rv0 < {KH}; ++rv0) {{",
                 f"  for (int rv1 = 0; rv1 < {KW}; ++rv1) {{",
                 f"    tensor_local[0] = (tensor_local[0] + placeholder[{src(f'(rv0 * {W * C})', f'(rv1 * {C})' if C > 1 else 'rv1')}]);",
                 "  }", "}", f"tensor[{f}] = tensor_local[0];"]
    if outer * per_iter != total:
        lines = [f"if ({f} < {total}) {{"] + ["  " + ln for ln in lines] + ["}"]
    if outer > 1:
        lines = [f"for (int ax0_ax1_fused_ax2_fused_ax3_fused_outer = 0; ax0_ax1_fused_ax2_fused_ax3_fused_outer < {outer}; "
                 f"++ax0_ax1_fused_ax2_fused_ax3_fused_outer) {{"] + ["  " + ln for ln in lines] + ["}"]
    code = "\n".join("  " + ln for ln in lines)
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ tensor, float* __restrict__ placeholder) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["y", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused output axis split outer/block/thread, unrolled window, constant sizes",
            "parametric": False}
