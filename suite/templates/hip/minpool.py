"""minpool (NHWC, valid windows): hand-written, parametric, a 3-D launch that maps the tensor
directly: threadIdx.x = channel within a 64-channel slab (one wavefront per output pixel), threadIdx.y
= 4 output columns, blockIdx = (column tile, output row, batch x channel slab). No index division in
the kernel."""


def render(s):
    ho, wo = (s["h"] - s["kh"]) // s["stride"] + 1, (s["w"] - s["kw"]) // s["stride"] + 1
    slabs = (s["c"] + 63) // 64
    grid = [(wo + 3) // 4, ho, s["n"] * slabs]
    source = r'''
#include <hip/hip_runtime.h>
#include <float.h>

__global__ void __launch_bounds__(256) minpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y,
                                                      int N, int H, int W, int C, int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const int slabs = (C + 63) / 64;
  const int c = (blockIdx.z % slabs) * 64 + threadIdx.x;
  const int n = blockIdx.z / slabs;
  const int oh = blockIdx.y;
  const int ow = blockIdx.x * blockDim.y + threadIdx.y;
  if (c >= C || ow >= Wo) return;
  const float* __restrict__ xw = x + (((size_t)n * H + oh * stride) * W + ow * stride) * C + c;
  float v = FLT_MAX;
  for (int i = 0; i < KH; ++i) {
    const float* __restrict__ xr = xw + (size_t)i * W * C;
    for (int j = 0; j < KW; ++j) v = fminf(v, xr[j * C]);
  }
  y[(((size_t)n * Ho + oh) * Wo + ow) * C + c] = v;
}
'''
    return {"source": source, "entry": "minpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"grid": grid, "block": [64, 4, 1]},
            "style": "hand-written: 3-D launch mapping (channel slab x output column x output row)",
            "parametric": True}
