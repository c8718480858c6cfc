// xpiler-suite: {"operator": "scatter", "model": "hip", "entry": "scatter_rows", "args": ["src", "idx", "out"], "dtypes": {"idx": "int32"}, "style": "hand-written: wavefront per row, readfirstlane scalar index, constant sizes", "parametric": false, "inputs": {"src": "normal", "idx": "unique_index:v", "out": "normal"}, "cases": [{"shape": {"v": 4, "d": 1, "m": 2}, "launch": {"grid": [2, 1, 1], "block": [64, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

constexpr int ROWS = 2;        // source rows
constexpr int D = 1;           // row width
constexpr int TABLE_ROWS = 4;  // rows of out

__global__ void __launch_bounds__(64) scatter_rows(const float* __restrict__ src, const int* __restrict__ idx,
                                                   float* __restrict__ out) {
  const int i = blockIdx.x * (blockDim.x / 64) + threadIdx.x / 64;
  if (i >= ROWS) return;
  const int lane = threadIdx.x % 64;
  const int dst_row = __builtin_amdgcn_readfirstlane(idx[i]);
  if (dst_row < 0 || dst_row >= TABLE_ROWS) return;   // defensive: indices come from the host
  const float* __restrict__ s = src + (size_t)i * D;
  float* __restrict__ o = out + (size_t)dst_row * D;
#pragma unroll 4
  for (int j = lane; j < D; j += 64) o[j] = s[j];
}
