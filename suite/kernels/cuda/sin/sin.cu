// xpiler-suite: {"operator": "sin", "model": "cuda", "entry": "sin_f32_vec4", "args": ["x", "out", "n"], "dtypes": {}, "style": "hand-written: float4 vectorised grid-stride loop with scalar tail", "parametric": true, "inputs": {"x": "uniform:-3.14159:3.14159"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": {"grid": [50, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": {"grid": [65, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": {"grid": [512, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

// Both pointers come from cudaMalloc (256-byte aligned), so the float4 view is aligned.
__global__ void __launch_bounds__(256) sin_f32_vec4(const float* __restrict__ x, float* __restrict__ out, int n) {
  const int tid = blockIdx.x * blockDim.x + threadIdx.x;
  const int stride = gridDim.x * blockDim.x;
  const int n4 = n >> 2;
  const float4* __restrict__ x4 = reinterpret_cast<const float4*>(x);
  float4* __restrict__ out4 = reinterpret_cast<float4*>(out);
  for (int i = tid; i < n4; i += stride) {
    float4 v = x4[i];
    v.x = __sinf(v.x);
    v.y = __sinf(v.y);
    v.z = __sinf(v.z);
    v.w = __sinf(v.w);
    out4[i] = v;
  }
  // tail: the last n % 4 elements
  for (int i = (n4 << 2) + tid; i < n; i += stride) {
    out[i] = __sinf(x[i]);
  }
}
