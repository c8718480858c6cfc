"""sigmoid: TVM-generated style, fixed-size: one thread per element, 256-thread blocks, bounds guard
only where the size is not a multiple of the block; exp lowered to __expf as TVM's CUDA codegen does."""

THREADS = 256


def render(shape):
    n = shape["n"]
    threads = min(THREADS, n)
    blocks = (n + threads - 1) // threads
    i = f"((((int)blockIdx.x) * {threads}) + ((int)threadIdx.x))" if blocks > 1 else "((int)threadIdx.x)"
    stmt = f"compute[{i}] = (1.000000e+00f / (1.000000e+00f + __expf((0.000000e+00f - placeholder[{i}]))));"
    if blocks * threads != n:
        stmt = f"if ({i} < {n}) {{\n    {stmt}\n  }}"
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ compute, float* __restrict__ placeholder) {{
  {stmt}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["out", "x"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): one element per thread, constant sizes", "parametric": False}
