"""conv1d (NCL, valid, strided): hand-written, parametric. One block per (filter, batch item): the
filter's C x KW weights are staged once in dynamically sized LDS, then threads stride over the
output positions; consecutive threads read consecutive input positions (coalesced for stride 1)."""

THREADS = 128


def render(shape):
    grid = [shape["f"], shape["n"], 1]
    source = r'''
#include <hip/hip_runtime.h>

__global__ void __launch_bounds__(128) conv1d_ncl(const float* __restrict__ x, const float* __restrict__ w,
                                                  float* __restrict__ y, int N, int C, int L, int F, int KW,
                                                  int stride) {
  extern __shared__ float wf[];                   // C * KW weights of filter blockIdx.x
  const int f = blockIdx.x;
  const int n = blockIdx.y;
  const int lout = (L - KW) / stride + 1;
  const int taps = C * KW;
  for (int i = threadIdx.x; i < taps; i += blockDim.x) wf[i] = w[(size_t)f * taps + i];
  __syncthreads();

  const float* __restrict__ xn = x + (size_t)n * C * L;
  float* __restrict__ yo = y + ((size_t)n * F + f) * lout;
  for (int lo = threadIdx.x; lo < lout; lo += blockDim.x) {
    const float* __restrict__ xp = xn + lo * stride;
    float acc = 0.0f;
    for (int c = 0; c < C; ++c) {
      const float* __restrict__ xc = xp + (size_t)c * L;
      const float* __restrict__ wc = wf + c * KW;
      for (int k = 0; k < KW; ++k) acc = fmaf(xc[k], wc[k], acc);
    }
    yo[lo] = acc;
  }
}
'''
    return {"source": source, "entry": "conv1d_ncl", "args": ["x", "weight", "y", "n", "c", "l", "f", "kw", "stride"],
            "launch": {"grid": grid, "block": [THREADS, 1, 1], "shared": 4 * shape["c"] * shape["kw"]},
            "style": "hand-written: filter cached in dynamic LDS, block per (filter, batch), strided positions",
            "parametric": True}
