// xpiler-suite: {"operator": "gather", "model": "hip", "entry": "embedding_gather", "args": ["table", "idx", "out", "m", "d"], "dtypes": {"idx": "int32"}, "style": "hand-written: wavefront per row, readfirstlane scalar index, float4 copy", "parametric": true, "inputs": {"table": "normal", "idx": "index:v"}, "cases": [{"shape": {"v": 4, "d": 1, "m": 2}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 32000, "d": 64, "m": 128}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 50257, "d": 768, "m": 16}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 1000, "d": 512, "m": 256}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 97, "d": 33, "m": 1000}, "launch": {"grid": [250, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 8, "d": 4096, "m": 8}, "launch": {"grid": [2, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
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
