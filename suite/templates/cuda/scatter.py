"""scatter out[idx[i]] = src[i] (unique int32 indices; other rows of out keep their values):
hand-written, parametric. Flat grid-stride loop over the m x d source elements; indices are
unique, so the writes never collide and need no atomics."""


def render(s):
    total = s["m"] * s["d"]
    threads = 256
    blocks = max(1, min((total + threads - 1) // threads, 512))
    source = r'''
#include <cuda_runtime.h>

__global__ void scatter_rows(const float* __restrict__ src, const int* __restrict__ idx, float* __restrict__ out, int m, int d) {
  const int total = m * d;
  for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < total; e += blockDim.x * gridDim.x) {
    const int i = e / d;
    const int j = e - i * d;
    out[(size_t)idx[i] * d + j] = src[e];
  }
}
'''
    return {"source": source, "entry": "scatter_rows", "args": ["src", "idx", "out", "m", "d"],
            "dtypes": {"idx": "int32"},
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "hand-written: flat grid-stride loop", "parametric": True}
