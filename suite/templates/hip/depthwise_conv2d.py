"""depthwise_conv2d (NHWC, valid): hand-written, the window and stride are template parameters (the
filter loops unroll completely, one instantiation per layer type as in MIOpen/ROCm libraries) while
the tensor sizes stay runtime arguments. One thread per output element, channel fastest, so a
wavefront reads 64 consecutive channels of one pixel; grid-stride loop with a bounded grid."""

THREADS = 256


def render(shape):
    kh, kw, st = shape["kh"], shape["kw"], shape["stride"]
    ho, wo = (shape["h"] - kh) // st + 1, (shape["w"] - kw) // st + 1
    total = shape["n"] * ho * wo * shape["c"]
    blocks = max(1, min((total + THREADS - 1) // THREADS, 1024))
    source = r'''
#include <hip/hip_runtime.h>

template <int KH, int KW, int STRIDE>
__global__ void __launch_bounds__(256) depthwise_conv2d_nhwc(const float* __restrict__ x, const float* __restrict__ w,
                                                             float* __restrict__ y, int N, int H, int W, int C) {
  const int Ho = (H - KH) / STRIDE + 1;
  const int Wo = (W - KW) / STRIDE + 1;
  const int total = N * Ho * Wo * C;
  for (int idx = blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += gridDim.x * blockDim.x) {
    const int c = idx % C;
    int t = idx / C;
    const int wo = t % Wo;
    t /= Wo;
    const int ho = t % Ho;
    const int n = t / Ho;
    const float* __restrict__ xp = x + (((size_t)n * H + ho * STRIDE) * W + wo * STRIDE) * C + c;
    float acc = 0.0f;
#pragma unroll
    for (int i = 0; i < KH; ++i) {
#pragma unroll
      for (int j = 0; j < KW; ++j) acc = fmaf(xp[((size_t)i * W + j) * C], w[(i * KW + j) * C + c], acc);
    }
    y[idx] = acc;
  }
}

template __global__ void depthwise_conv2d_nhwc<$KH, $KW, $S>(const float* __restrict__, const float* __restrict__,
                                                          float* __restrict__, int, int, int, int);
'''.replace("$KH", str(kh)).replace("$KW", str(kw)).replace("$S", str(st))
    return {"source": source, "entry": f"depthwise_conv2d_nhwc<{kh}, {kw}, {st}>", "args": ["x", "weight", "y", "n", "h", "w", "c"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: template window/stride, runtime sizes, grid-stride loop, channel-fastest",
            "parametric": True}
