// xpiler-suite: {"operator": "sigmoid", "model": "hip", "entry": "unary_elementwise<Sigmoid>", "args": ["x", "out", "n"], "dtypes": {}, "style": "hand-written: functor-templated kernel, grid-stride loop", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": {"grid": [16, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": {"grid": [197, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": {"grid": [240, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": {"grid": [240, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <hip/hip_runtime.h>

struct Sigmoid {
  __device__ __forceinline__ float operator()(float v) const { return __frcp_rn(1.0f + __expf(-v)); }
};

template <typename Op>
__global__ void __launch_bounds__(256) unary_elementwise(const float* __restrict__ in, float* __restrict__ out, int n) {
  const Op op;
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) out[i] = op(in[i]);
}

template __global__ void unary_elementwise<Sigmoid>(const float* __restrict__, float* __restrict__, int);
