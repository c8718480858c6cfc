"""batchnorm (inference, channels last: x [m = N*H*W, n = C]): TVM-generated style, fixed-size.

What Relay produces after SimplifyInference + fusion when the statistics are runtime inputs: one
fused elementwise kernel over ax0_ax1_fused, channel index `% C`, the scale gamma / sqrt(var + eps)
recomputed inline; sizes and eps constant-folded; bounded grid with an outer loop."""

THREADS, MAX_BLOCKS = 1024, 64


def render(s):
    m, n = s["m"], s["n"]
    total = m * n
    threads = min(THREADS, total)
    blocks = min((total + threads - 1) // threads, MAX_BLOCKS)
    per_iter = blocks * threads
    outer = (total + per_iter - 1) // per_iter
    terms = (["(ax0_ax1_fused_outer * %d)" % per_iter] if outer > 1 else []) + \
            (["(((int)blockIdx.x) * %d)" % threads] if blocks > 1 else []) + ["((int)threadIdx.x)"]
    i = terms[0]
    for t in terms[1:]:
        i = f"({i} + {t})"
    c = f"({i} % {n})" if n > 1 else "0"
    stmt = (f"T_add[{i}] = (((placeholder[{i}] - placeholder_1[{c}]) * (placeholder_3[{c}] / "
            f"sqrtf((placeholder_2[{c}] + 1.000000e-05f)))) + placeholder_4[{c}]);")
    lines = [stmt]
    if outer * per_iter != total:
        lines = [f"if ({i} < {total}) {{"] + ["  " + ln for ln in lines] + ["}"]
    if outer > 1:
        lines = [f"for (int ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < {outer}; ++ax0_ax1_fused_outer) {{"] + \
                ["  " + ln for ln in lines] + ["}"]
    code = "\n".join("  " + ln for ln in lines)
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_add, float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ placeholder_2, float* __restrict__ placeholder_3, float* __restrict__ placeholder_4) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel",
            "args": ["y", "x", "mean", "var", "gamma", "beta"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused inference batchnorm over ax0_ax1_fused, constant sizes",
            "parametric": False}
