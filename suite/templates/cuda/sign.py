"""sign: TVM-generated style, fixed-size (fused axis i0 split outer/block/thread, constants folded)."""

THREADS, MAX_BLOCKS = 1024, 64


def _wrap(header, lines):
    return [header] + ["  " + line for line in lines] + ["}"]


def render(shape):
    n = shape["n"]
    threads = min(THREADS, n)
    blocks = min((n + threads - 1) // threads, MAX_BLOCKS)
    per_iter = blocks * threads
    outer = (n + per_iter - 1) // per_iter
    terms = (["(i0_fused_outer * %d)" % per_iter] if outer > 1 else []) + \
            (["(((int)blockIdx.x) * %d)" % threads] if blocks > 1 else []) + ["((int)threadIdx.x)"]
    i = terms[0]
    for t in terms[1:]:
        i = f"({i} + {t})"
    body = [f"T_sign[{i}] = ((0.000000e+00f < placeholder[{i}]) ? 1.000000e+00f : "
            f"((placeholder[{i}] < 0.000000e+00f) ? -1.000000e+00f : 0.000000e+00f));"]
    if outer * per_iter != n:
        body = _wrap(f"if ({i} < {n}) {{", body)
    if outer > 1:
        body = _wrap(f"for (int i0_fused_outer = 0; i0_fused_outer < {outer}; ++i0_fused_outer) {{", body)
    code = "\n".join("  " + line for line in body)
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ T_sign) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "out"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): fused i0 split outer/block/thread, constant sizes", "parametric": False}
