"""scatter out[idx[i], :] = src[i, :] (unique indices, other rows untouched): hand-written,
fixed-size (row count and width are constexpr). One wavefront per source row; the destination row is
wave-uniform and lives in a scalar register (__builtin_amdgcn_readfirstlane); lanes copy the row
with stride 64."""


def render(shape):
    v, d, m = shape["v"], shape["d"], shape["m"]
    waves = 4 if m >= 4 else 1
    blocks = (m + waves - 1) // waves
    source = r'''
#include <hip/hip_runtime.h>

constexpr int ROWS = $M;        // source rows
constexpr int D = $D;           // row width
constexpr int TABLE_ROWS = $V;  // rows of out

__global__ void __launch_bounds__($T) scatter_rows(const float* __restrict__ src, const int* __restrict__ idx,
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
'''
    for k, val in {"$M": m, "$D": d, "$V": v, "$T": 64 * waves}.items():
        source = source.replace(k, str(val))
    return {"source": source, "entry": "scatter_rows", "args": ["src", "idx", "out"],
            "dtypes": {"idx": "int32"},
            "launch": {"grid": [blocks, 1, 1], "block": [64 * waves, 1, 1]},
            "style": "hand-written: wavefront per row, readfirstlane scalar index, constant sizes",
            "parametric": False}
