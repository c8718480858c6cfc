"""concat along axis 1 of [m, n1] and [m, n2]: TVM-generated style, fixed-size. One fused
ax0_ax1_fused axis over the output, split outer/block/thread with a bounded grid; the select
between the two inputs is TVM's `(n1 <= (i % (n1 + n2))) ? placeholder_1[..] : placeholder[..]`."""

THREADS, MAX_BLOCKS = 1024, 128


def render(s):
    m, n1, n2 = s["m"], s["n1"], s["n2"]
    n = n1 + n2
    total = m * n
    threads = min(THREADS, total)
    blocks = min((total + threads - 1) // threads, MAX_BLOCKS)
    per_iter = threads * blocks
    outer = (total + per_iter - 1) // per_iter
    terms = (["(ax0_ax1_fused_outer * %d)" % per_iter] if outer > 1 else []) + \
            (["(((int)blockIdx.x) * %d)" % threads] if blocks > 1 else []) + ["((int)threadIdx.x)"]
    f = terms[0]
    for t in terms[1:]:
        f = f"({f} + {t})"
    col = f"({f} % {n})" if m > 1 else f
    row = f"({f} / {n})"
    src2 = (f"((({row} * {n2}) + {col}) - {n1})" if n2 > 1 else f"(({row} + {col}) - {n1})") if m > 1 else f"({col} - {n1})"
    src1 = f"(({row} * {n1}) + {col})" if m > 1 else col
    lines = [f"T_concat[{f}] = (({n1} <= {col}) ? placeholder_1[{src2}] : placeholder[{src1}]);"]
    if outer * per_iter != total:
        lines = [f"if ({f} < {total}) {{"] + ["  " + ln for ln in lines] + ["}"]
    if outer > 1:
        lines = [f"for (int ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < {outer}; ++ax0_ax1_fused_outer) {{"] + \
                ["  " + ln for ln in lines] + ["}"]
    code = "\n".join("  " + ln for ln in lines)
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_concat, float* __restrict__ placeholder, float* __restrict__ placeholder_1) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x", "y"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused ax0_ax1 with select, bounded grid, constant sizes",
            "parametric": False}
