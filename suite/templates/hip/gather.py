"""gather (embedding lookup) out[i, :] = table[idx[i], :]: hand-written, parametric. One wavefront
per looked-up row (grid-stride over rows); the row index is wave-uniform, so it is read once and
made a scalar with __builtin_amdgcn_readfirstlane. Rows are copied with float4 when d % 4 == 0,
otherwise with scalar loads."""

WAVES = 4


def render(shape):
    m = shape["m"]
    blocks = max(1, min((m + WAVES - 1) // WAVES, 256))
    source = r'''
#include <hip/hip_runtime.h>

__global__ void __launch_bounds__(256) embedding_gather(const float* __restrict__ table, const int* __restrict__ idx,
                                                        float* __restrict__ out, int m, int d) {
  const int lane = threadIdx.x & 63;
  const int waves = blockDim.x >> 6;
  for (int i = blockIdx.x * waves + (threadIdx.x >> 6); i < m; i += gridDim.x * waves) {
    const int row = __builtin_amdgcn_readfirstlane(idx[i]);    // same for all 64 lanes: keep it in an SGPR
    const float* __restrict__ src = table + (size_t)row * d;
    float* __restrict__ dst = out + (size_t)i * d;
    if ((d & 3) == 0) {
      const float4* __restrict__ s4 = reinterpret_cast<const float4*>(src);
      float4* __restrict__ d4 = reinterpret_cast<float4*>(dst);
      for (int j = lane; j < (d >> 2); j += 64) d4[j] = s4[j];
    } else {
      for (int j = lane; j < d; j += 64) dst[j] = src[j];
    }
  }
}
'''
    return {"source": source, "entry": "embedding_gather", "args": ["table", "idx", "out", "m", "d"],
            "dtypes": {"idx": "int32"},
            "launch": {"grid": [blocks, 1, 1], "block": [64 * WAVES, 1, 1]},
            "style": "hand-written: wavefront per row, readfirstlane scalar index, float4 copy",
            "parametric": True}
