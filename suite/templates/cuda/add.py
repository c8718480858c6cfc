"""add: grid-stride loop, parametric in n (hand-written style)."""


def render(shape):
    n = shape["n"]
    threads = 256
    blocks = min((n + threads - 1) // threads, 1024)
    source = r'''
#include <cuda_runtime.h>

// out[i] = x[i] + y[i]; a grid-stride loop covers any n with a bounded grid.
__global__ void add_kernel(const float* __restrict__ x, const float* __restrict__ y, float* __restrict__ out, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    out[i] = x[i] + y[i];
  }
}
'''
    return {"source": source, "entry": "add_kernel", "args": ["x", "y", "out", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]}, "style": "grid-stride loop",
            "parametric": True}
