"""gelu (tanh approximation): TVM-generated style, fixed-size. Relay fuses the multiply/add/tanh chain
into one kernel; constants are printed the way TVM prints them (%e with 'f'), the fused axis is
split into ax0_fused_outer / blockIdx / threadIdx and the common subexpression is kept in a local."""

THREADS, MAX_BLOCKS = 512, 128


def _wrap(header, lines):
    return [header] + ["  " + line for line in lines] + ["}"]


def render(shape):
    n = shape["n"]
    threads = min(THREADS, n)
    blocks = min((n + threads - 1) // threads, MAX_BLOCKS)
    per_iter = blocks * threads
    outer = (n + per_iter - 1) // per_iter
    terms = (["(ax0_fused_outer * %d)" % per_iter] if outer > 1 else []) + \
            (["(((int)blockIdx.x) * %d)" % threads] if blocks > 1 else []) + ["((int)threadIdx.x)"]
    i = terms[0]
    for t in terms[1:]:
        i = f"({i} + {t})"
    body = [f"float v_ = placeholder[{i}];",
            f"T_multiply[{i}] = ((v_ * 5.000000e-01f) * (1.000000e+00f + tanhf(((v_ + (((v_ * v_) * v_) * "
            f"4.471500e-02f)) * 7.978846e-01f))));"]
    if outer * per_iter != n:
        body = _wrap(f"if ({i} < {n}) {{", body)
    if outer > 1:
        body = _wrap(f"for (int ax0_fused_outer = 0; ax0_fused_outer < {outer}; ++ax0_fused_outer) {{", body)
    code = "\n".join("  " + line for line in body)
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ T_multiply, float* __restrict__ placeholder) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused elementwise chain, constant sizes", "parametric": False}
