// xpiler-suite: {"operator": "relu", "model": "cuda", "entry": "relu_kernel<4>", "args": ["x", "out", "n"], "dtypes": {}, "style": "hand-written: templated (functor + items-per-thread), blocked-striped", "parametric": true, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1000}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 4096}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 50257}, "launch": {"grid": [50, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 65553}, "launch": {"grid": [65, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"n": 1048576}, "launch": {"grid": [1024, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <cuda_runtime.h>

template <typename T>
struct ReluOp {
  __device__ __forceinline__ T operator()(T v) const { return v > T(0) ? v : T(0); }
};

template <int ITEMS_PER_THREAD>
__global__ void __launch_bounds__(256) relu_kernel(const float* __restrict__ x, float* __restrict__ y, int n) {
  const ReluOp<float> op;
  const int base = blockIdx.x * blockDim.x * ITEMS_PER_THREAD + threadIdx.x;
#pragma unroll
  for (int item = 0; item < ITEMS_PER_THREAD; ++item) {
    const int i = base + item * blockDim.x;
    if (i < n) y[i] = op(x[i]);
  }
}

template __global__ void relu_kernel<4>(const float* __restrict__, float* __restrict__, int);
