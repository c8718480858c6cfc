"""sumpool (NHWC, valid windows): hand-written LDS tiling, fixed-size (all sizes constexpr). One
block per (channel slab of 16, output row, image): the KH input rows the output row needs are
staged once in LDS (zero-filled past the last channel), then each thread sums windows out of LDS,
so overlapping windows (stride < kernel) read global memory only once."""

THREADS = 256


def render(s):
    n, h, w, c, kh, kw, st = s["n"], s["h"], s["w"], s["c"], s["kh"], s["kw"], s["stride"]
    ho = (h - kh) // st + 1
    ct = min(16, c)
    slabs = (c + ct - 1) // ct
    source = r'''
#include <hip/hip_runtime.h>

constexpr int H = $H, W = $W, C = $C;            // batch = gridDim.z
constexpr int KH = $KH, KW = $KW, STRIDE = $S;
constexpr int HO = (H - KH) / STRIDE + 1, WO = (W - KW) / STRIDE + 1;
constexpr int CT = $CT;                          // channels per block
constexpr int BLOCK = 256;

__global__ void __launch_bounds__(BLOCK) sumpool2d_nhwc_lds(const float* __restrict__ x, float* __restrict__ y) {
  __shared__ float tile[KH][W][CT];
  const int c0 = blockIdx.x * CT;
  const int oh = blockIdx.y;
  const int n = blockIdx.z;

  const float* __restrict__ xs = x + ((size_t)(n * H + oh * STRIDE) * W) * C;
  for (int e = threadIdx.x; e < KH * W * CT; e += BLOCK) {
    const int cc = e % CT;
    const int col = (e / CT) % W;
    const int row = e / (CT * W);
    tile[row][col][cc] = (C % CT == 0 || c0 + cc < C) ? xs[((size_t)row * W + col) * C + c0 + cc] : 0.0f;
  }
  __syncthreads();

  for (int o = threadIdx.x; o < WO * CT; o += BLOCK) {
    const int cc = o % CT;
    const int ow = o / CT;
    float acc = 0.0f;
#pragma unroll
    for (int i = 0; i < KH; ++i) {
#pragma unroll
      for (int j = 0; j < KW; ++j) acc += tile[i][ow * STRIDE + j][cc];
    }
    if (C % CT == 0 || c0 + cc < C) y[(((size_t)n * HO + oh) * WO + ow) * C + c0 + cc] = acc;
  }
}
'''
    for k, v in {"$H": h, "$W": w, "$CT": ct, "$C": c, "$KH": kh, "$KW": kw, "$S": st}.items():
        source = source.replace(k, str(v))
    return {"source": source, "entry": "sumpool2d_nhwc_lds", "args": ["x", "y"],
            "launch": {"grid": [slabs, ho, n], "block": [THREADS, 1, 1]},
            "style": "hand-written: LDS-tiled input rows, block per (channel slab, output row), constant sizes",
            "parametric": False}
