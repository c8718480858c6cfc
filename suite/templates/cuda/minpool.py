"""minpool 2-D, NHWC, valid windows: hand-written, parametric. 2-D thread blocks: threadIdx.x walks
32 channels (coalesced), threadIdx.y 8 output columns; the grid covers channel chunks x column
chunks x (batch * output rows). Window offsets use __restrict__ pointers and fminf."""


def render(s):
    ho = (s["h"] - s["kh"]) // s["stride"] + 1
    wo = (s["w"] - s["kw"]) // s["stride"] + 1
    grid = [(s["c"] + 31) // 32, (wo + 7) // 8, s["n"] * ho]
    source = r'''
#include <cuda_runtime.h>
#include <math_constants.h>

__global__ void __launch_bounds__(256) minpool2d_nhwc_2d(const float* __restrict__ in, float* __restrict__ out, int H, int W, int C,
                                                         int kernel_h, int kernel_w, int stride) {
  const int out_h = (H - kernel_h) / stride + 1;
  const int out_w = (W - kernel_w) / stride + 1;
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  const int ow = blockIdx.y * blockDim.y + threadIdx.y;
  const int n = blockIdx.z / out_h;
  const int oh = blockIdx.z % out_h;
  if (c >= C || ow >= out_w) return;

  const float* __restrict__ window = in + ((size_t)(n * H + oh * stride) * W + ow * stride) * C + c;
  float v = CUDART_INF_F;
  for (int i = 0; i < kernel_h; ++i) {
    const float* __restrict__ r = window + (size_t)i * W * C;
    for (int j = 0; j < kernel_w; ++j) v = fminf(v, r[j * C]);
  }
  out[((size_t)(n * out_h + oh) * out_w + ow) * C + c] = v;
}
'''
    return {"source": source, "entry": "minpool2d_nhwc_2d", "args": ["x", "y", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"grid": grid, "block": [32, 8, 1]},
            "style": "hand-written: 2-D thread blocks (channels x output columns), 3-D grid", "parametric": True}
