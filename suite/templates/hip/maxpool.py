"""maxpool (NHWC, valid windows): hand-written, parametric in every size. One thread per output
element with the channel fastest (a wavefront covers 64 consecutive channels of one output pixel,
so every window read is coalesced); grid-stride loop over N*Ho*Wo*C with a bounded grid."""

THREADS = 256


def render(s):
    ho, wo = (s["h"] - s["kh"]) // s["stride"] + 1, (s["w"] - s["kw"]) // s["stride"] + 1
    total = s["n"] * ho * wo * s["c"]
    blocks = max(1, min((total + THREADS - 1) // THREADS, 1024))
    source = r'''
#include <hip/hip_runtime.h>
#include <float.h>

__global__ void __launch_bounds__(256) maxpool2d_nhwc(const float* __restrict__ x, float* __restrict__ y,
                                                      int N, int H, int W, int C, int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const long total = (long)N * Ho * Wo * C;
  for (long idx = blockIdx.x * (long)blockDim.x + threadIdx.x; idx < total; idx += (long)gridDim.x * blockDim.x) {
    const int c = (int)(idx % C);
    long t = idx / C;
    const int ow = (int)(t % Wo);
    t /= Wo;
    const int oh = (int)(t % Ho);
    const int n = (int)(t / Ho);
    const float* __restrict__ xw = x + (((long)n * H + oh * stride) * W + ow * stride) * C + c;
    float v = -FLT_MAX;
    for (int i = 0; i < KH; ++i)
      for (int j = 0; j < KW; ++j) v = fmaxf(v, xw[((long)i * W + j) * C]);
    y[idx] = v;
  }
}
'''
    return {"source": source, "entry": "maxpool2d_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: thread per output, channel-fastest, grid-stride loop",
            "parametric": True}
