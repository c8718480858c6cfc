// xpiler-suite: {"operator": "conv1d", "model": "cuda", "entry": "conv1d_ncl_smem", "args": ["x", "weight", "y", "c", "l", "f", "kw", "stride"], "dtypes": {}, "style": "hand-written: dynamic shared-memory input window + weight slice, register accumulators", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "c": 1, "l": 8, "f": 1, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [64, 4, 1], "shared": 5760}, "tolerance": {"y": [0.0001, 1.7320508075688774e-05]}}, {"shape": {"n": 4, "c": 80, "l": 300, "f": 128, "kw": 3, "stride": 1}, "launch": {"grid": [5, 16, 4], "block": [64, 4, 1], "shared": 5760}, "tolerance": {"y": [0.0001, 0.0001549193338482967]}}, {"shape": {"n": 1, "c": 256, "l": 1000, "f": 256, "kw": 5, "stride": 2}, "launch": {"grid": [8, 32, 1], "block": [64, 4, 1], "shared": 10944}, "tolerance": {"y": [0.0001, 0.0003577708763999664]}}, {"shape": {"n": 8, "c": 64, "l": 128, "f": 64, "kw": 7, "stride": 1}, "launch": {"grid": [2, 8, 8], "block": [64, 4, 1], "shared": 8064}, "tolerance": {"y": [0.0001, 0.00021166010488516727]}}, {"shape": {"n": 2, "c": 13, "l": 97, "f": 17, "kw": 4, "stride": 3}, "launch": {"grid": [1, 3, 2], "block": [64, 4, 1], "shared": 14400}, "tolerance": {"y": [0.0001, 7.211102550927979e-05]}}, {"shape": {"n": 1, "c": 512, "l": 64, "f": 512, "kw": 3, "stride": 1}, "launch": {"grid": [1, 64, 1], "block": [64, 4, 1], "shared": 5760}, "tolerance": {"y": [0.0001, 0.0003919183588453085]}}]}
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
