"""conv1d (x [N, C, L], weight [F, C, K], valid padding, stride): hand-written, parametric.

Block = 64 output positions x 8 filters (64x4 threads, two filters each). Input channels are
processed 16 at a time: the input window of the block (63*stride + K samples per channel) and the
matching weight slice are staged in dynamically sized shared memory (extern __shared__, size set at
launch from stride and K), then every thread runs the channel x tap loop out of shared memory."""

TX, TY, FPB, CT = 64, 4, 8, 16


def render(s):
    lo = (s["l"] - s["kw"]) // s["stride"] + 1
    xw = (TX - 1) * s["stride"] + s["kw"]
    shared = (CT * xw + FPB * CT * s["kw"]) * 4
    grid = [(lo + TX - 1) // TX, (s["f"] + FPB - 1) // FPB, s["n"]]
    source = r'''
#include <cuda_runtime.h>

#define C_TILE 16
#define F_PER_BLOCK 8

__global__ void __launch_bounds__(256) conv1d_ncl_smem(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y,
                                                       int C, int L, int F, int K, int stride) {
  extern __shared__ float smem[];
  const int Lo = (L - K) / stride + 1;
  const int window = (blockDim.x - 1) * stride + K;      // input samples a block needs per channel
  float* xs = smem;                                       // [C_TILE][window]
  float* ws = smem + C_TILE * window;                     // [F_PER_BLOCK][C_TILE][K]

  const int n = blockIdx.z;
  const int lo0 = blockIdx.x * blockDim.x;
  const int f0 = blockIdx.y * F_PER_BLOCK;
  const int tid = threadIdx.y * blockDim.x + threadIdx.x;
  const int nthreads = blockDim.x * blockDim.y;
  const int in0 = lo0 * stride;
  const float* __restrict__ xn = x + (size_t)n * C * L;

  float acc0 = 0.0f, acc1 = 0.0f;                         // filters f0 + ty and f0 + ty + 4
  for (int c0 = 0; c0 < C; c0 += C_TILE) {
    for (int i = tid; i < C_TILE * window; i += nthreads) {
      const int ci = i / window, j = i % window;
      const int c = c0 + ci, pos = in0 + j;
      xs[i] = (c < C && pos < L) ? xn[(size_t)c * L + pos] : 0.0f;
    }
    for (int i = tid; i < F_PER_BLOCK * C_TILE * K; i += nthreads) {
      const int fi = i / (C_TILE * K), rem = i % (C_TILE * K);
      const int ci = rem / K, k = rem % K;
      const int f = f0 + fi, c = c0 + ci;
      ws[i] = (f < F && c < C) ? w[((size_t)f * C + c) * K + k] : 0.0f;
    }
    __syncthreads();
    const int ccount = min(C_TILE, C - c0);
    for (int ci = 0; ci < ccount; ++ci) {
      const float* xrow = xs + ci * window + threadIdx.x * stride;
      const float* w0 = ws + (threadIdx.y * C_TILE + ci) * K;
      const float* w1 = ws + ((threadIdx.y + 4) * C_TILE + ci) * K;
      for (int k = 0; k < K; ++k) {
        const float xv = xrow[k];
        acc0 = fmaf(xv, w0[k], acc0);
        acc1 = fmaf(xv, w1[k], acc1);
      }
    }
    __syncthreads();
  }

  const int lo = lo0 + threadIdx.x;
  if (lo < Lo) {
    const int fa = f0 + threadIdx.y, fb = fa + 4;
    if (fa < F) y[((size_t)n * F + fa) * Lo + lo] = acc0;
    if (fb < F) y[((size_t)n * F + fb) * Lo + lo] = acc1;
  }
}
'''
    return {"source": source, "entry": "conv1d_ncl_smem", "args": ["x", "weight", "y", "c", "l", "f", "kw", "stride"],
            "launch": {"grid": grid, "block": [TX, TY, 1], "shared": shared},
            "style": "hand-written: dynamic shared-memory input window + weight slice, register accumulators",
            "parametric": True}
