// xpiler-suite: {"operator": "swiglu_mlp", "model": "hip", "entry": "swiglu_mlp_fused", "args": ["x", "w_gate", "w_up", "w_down", "y", "d", "f"], "dtypes": {}, "style": "hand-written: fused MLP, block per token, hidden activation kept in dynamic LDS", "parametric": true, "inputs": {"x": "normal", "w_gate": "normal", "w_up": "normal", "w_down": "normal"}, "cases": [{"shape": {"m": 1, "d": 16, "f": 32}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1], "shared": 192}, "tolerance": {"y": [0.0001, 6.92820323027551e-05]}}, {"shape": {"m": 8, "d": 512, "f": 1376}, "launch": {"grid": [8, 1, 1], "block": [256, 1, 1], "shared": 7552}, "tolerance": {"y": [0.0001, 0.00043451121964800866]}}, {"shape": {"m": 16, "d": 768, "f": 2048}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1], "shared": 11264}, "tolerance": {"y": [0.0001, 0.000530659966456864]}}, {"shape": {"m": 4, "d": 1024, "f": 2816}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1], "shared": 15360}, "tolerance": {"y": [0.0001, 0.0006196773353931868]}}, {"shape": {"m": 7, "d": 96, "f": 200}, "launch": {"grid": [7, 1, 1], "block": [256, 1, 1], "shared": 1184}, "tolerance": {"y": [0.0001, 0.00017204650534085255]}}, {"shape": {"m": 32, "d": 256, "f": 688}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1], "shared": 3776}, "tolerance": {"y": [0.0001, 0.00030724582991474434]}}]}
#include <hip/hip_runtime.h>

__device__ __forceinline__ float silu(float g) { return g / (1.0f + __expf(-g)); }

__global__ void __launch_bounds__(256) swiglu_mlp_fused(const float* __restrict__ x, const float* __restrict__ w_gate,
                                                        const float* __restrict__ w_up, const float* __restrict__ w_down,
                                                        float* __restrict__ y, int d, int f) {
  extern __shared__ float smem[];
  float* xs = smem;                 // d: this token
  float* hs = smem + d;             // f: silu(gate) * up
  const int row = blockIdx.x;
  const float* __restrict__ xr = x + (size_t)row * d;
  for (int i = threadIdx.x; i < d; i += blockDim.x) xs[i] = xr[i];
  __syncthreads();

  for (int j = threadIdx.x; j < f; j += blockDim.x) {
    const float* __restrict__ wg = w_gate + (size_t)j * d;
    const float* __restrict__ wu = w_up + (size_t)j * d;
    float g = 0.0f, u = 0.0f;
    for (int i = 0; i < d; ++i) {
      const float xi = xs[i];
      g = fmaf(xi, wg[i], g);
      u = fmaf(xi, wu[i], u);
    }
    hs[j] = silu(g) * u;
  }
  __syncthreads();

  float* __restrict__ yr = y + (size_t)row * d;
  for (int i = threadIdx.x; i < d; i += blockDim.x) {
    const float* __restrict__ wd = w_down + (size_t)i * f;
    float acc = 0.0f;
    for (int j = 0; j < f; ++j) acc = fmaf(hs[j], wd[j], acc);
    yr[i] = acc;
  }
}
