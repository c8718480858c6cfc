"""maxpool 2-D, NHWC, valid windows: hand-written, parametric. Grid-stride loop over the flattened
output (channels innermost, so a warp reads 32 consecutive channels of one pixel), running max
initialised from -FLT_MAX with fmaxf over the window."""


def render(s):
    ho = (s["h"] - s["kh"]) // s["stride"] + 1
    wo = (s["w"] - s["kw"]) // s["stride"] + 1
    total = s["n"] * ho * wo * s["c"]
    threads = 256
    blocks = max(1, min((total + threads - 1) // threads, 320))
    source = r'''
#include <cuda_runtime.h>
#include <cfloat>

__global__ void maxpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y, int N, int H, int W, int C,
                               int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const long long total = (long long)N * Ho * Wo * C;
  for (long long idx = blockIdx.x * (long long)blockDim.x + threadIdx.x; idx < total; idx += (long long)gridDim.x * blockDim.x) {
    const int c = idx % C;
    long long t = idx / C;
    const int ow = t % Wo; t /= Wo;
    const int oh = t % Ho;
    const int n = t / Ho;
    const float* __restrict__ base = x + (((long long)n * H + oh * stride) * W + ow * stride) * C + c;
    float m = -FLT_MAX;
    for (int i = 0; i < KH; ++i) {
      for (int j = 0; j < KW; ++j) m = fmaxf(m, base[((long long)i * W + j) * C]);
    }
    y[idx] = m;
  }
}
'''
    return {"source": source, "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "hand-written: grid-stride loop, 64-bit flattened index", "parametric": True}
