// xpiler-suite: {"operator": "conv1d", "model": "hip", "entry": "conv1d_ncl", "args": ["x", "weight", "y", "n", "c", "l", "f", "kw", "stride"], "dtypes": {}, "style": "hand-written: filter cached in dynamic LDS, block per (filter, batch), strided positions", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "c": 1, "l": 8, "f": 1, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1], "shared": 12}, "tolerance": {"y": [0.0001, 1.7320508075688774e-05]}}, {"shape": {"n": 4, "c": 80, "l": 300, "f": 128, "kw": 3, "stride": 1}, "launch": {"grid": [128, 4, 1], "block": [128, 1, 1], "shared": 960}, "tolerance": {"y": [0.0001, 0.0001549193338482967]}}, {"shape": {"n": 1, "c": 256, "l": 1000, "f": 256, "kw": 5, "stride": 2}, "launch": {"grid": [256, 1, 1], "block": [128, 1, 1], "shared": 5120}, "tolerance": {"y": [0.0001, 0.0003577708763999664]}}, {"shape": {"n": 8, "c": 64, "l": 128, "f": 64, "kw": 7, "stride": 1}, "launch": {"grid": [64, 8, 1], "block": [128, 1, 1], "shared": 1792}, "tolerance": {"y": [0.0001, 0.00021166010488516727]}}, {"shape": {"n": 2, "c": 13, "l": 97, "f": 17, "kw": 4, "stride": 3}, "launch": {"grid": [17, 2, 1], "block": [128, 1, 1], "shared": 208}, "tolerance": {"y": [0.0001, 7.211102550927979e-05]}}, {"shape": {"n": 1, "c": 512, "l": 64, "f": 512, "kw": 3, "stride": 1}, "launch": {"grid": [512, 1, 1], "block": [128, 1, 1], "shared": 6144}, "tolerance": {"y": [0.0001, 0.0003919183588453085]}}]}
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
