"""gather / embedding lookup out[i] = table[idx[i]] (int32 indices): hand-written, parametric.
2-D blocks: threadIdx.y picks a row (grid-stride over rows), threadIdx.x strides over the row with
128-bit float4 copies when the row length keeps rows 16-byte aligned, scalar copies otherwise."""

ROWS_PER_BLOCK = 8


def render(s):
    m = s["m"]
    blocks = max(1, min((m + ROWS_PER_BLOCK - 1) // ROWS_PER_BLOCK, 256))
    source = r'''
#include <cuda_runtime.h>

__global__ void __launch_bounds__(256) embedding_gather(const float* __restrict__ table, const int* __restrict__ idx,
                                                        float* __restrict__ out, int num_rows, int dim) {
  for (int row = blockIdx.x * blockDim.y + threadIdx.y; row < num_rows; row += gridDim.x * blockDim.y) {
    const int src_row = __ldg(idx + row);
    const float* __restrict__ src = table + (size_t)src_row * dim;
    float* __restrict__ dst = out + (size_t)row * dim;
    if ((dim & 3) == 0) {
      const float4* __restrict__ src4 = reinterpret_cast<const float4*>(src);
      float4* __restrict__ dst4 = reinterpret_cast<float4*>(dst);
      for (int j = threadIdx.x; j < (dim >> 2); j += blockDim.x) dst4[j] = __ldg(src4 + j);
    } else {
      for (int j = threadIdx.x; j < dim; j += blockDim.x) dst[j] = __ldg(src + j);
    }
  }
}
'''
    return {"source": source, "entry": "embedding_gather", "args": ["table", "idx", "out", "m", "d"],
            "dtypes": {"idx": "int32"},
            "launch": {"grid": [blocks, 1, 1], "block": [32, ROWS_PER_BLOCK, 1]},
            "style": "hand-written: row per warp-row of a 2-D block, float4 copies, __ldg", "parametric": True}
