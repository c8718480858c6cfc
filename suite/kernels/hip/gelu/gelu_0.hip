// xpiler-suite: {"operator": "gelu", "model": "hip", "entry": "gelu_fixed", "args": ["x", "out"], "dtypes": {}, "style": "hand-written: items-per-thread, constant sizes", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

constexpr int N = 1;
constexpr int BLOCK = 256;
constexpr int ITEMS = 4;

__device__ __forceinline__ float gelu_tanh(float x) {
  const float kAlpha = 0.7978845608028654f;   // sqrt(2 / pi)
  const float kBeta = 0.044715f;
  const float inner = kAlpha * fmaf(kBeta * x * x, x, x);
  return 0.5f * x * (1.0f + tanhf(inner));
}

__global__ void __launch_bounds__(BLOCK) gelu_fixed(const float* __restrict__ x, float* __restrict__ y) {
  const int base = blockIdx.x * (BLOCK * ITEMS) + threadIdx.x;
  float v[ITEMS];
#pragma unroll
  for (int k = 0; k < ITEMS; ++k) {
    const int i = base + k * BLOCK;
    v[k] = i < N ? x[i] : 0.0f;
  }
#pragma unroll
  for (int k = 0; k < ITEMS; ++k) {
    const int i = base + k * BLOCK;
    if (i < N) y[i] = gelu_tanh(v[k]);
  }
}
