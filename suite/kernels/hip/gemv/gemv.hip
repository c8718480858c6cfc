// xpiler-suite: {"operator": "gemv", "model": "hip", "entry": "gemv_wave_per_row", "args": ["a", "x", "y", "m", "k"], "dtypes": {}, "style": "hand-written: x cached in dynamic LDS, wavefront per row, __shfl_down reduction", "parametric": true, "inputs": {"a": "normal", "x": "normal"}, "cases": [{"shape": {"m": 1, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1], "shared": 64}, "tolerance": {"y": [0.0001, 4e-05]}}, {"shape": {"m": 768, "k": 768}, "launch": {"grid": [192, 1, 1], "block": [256, 1, 1], "shared": 3072}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}, {"shape": {"m": 4096, "k": 1024}, "launch": {"grid": [256, 1, 1], "block": [256, 1, 1], "shared": 4096}, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"m": 1000, "k": 2048}, "launch": {"grid": [250, 1, 1], "block": [256, 1, 1], "shared": 8192}, "tolerance": {"y": [0.0001, 0.0004525483399593905]}}, {"shape": {"m": 33, "k": 97}, "launch": {"grid": [9, 1, 1], "block": [256, 1, 1], "shared": 388}, "tolerance": {"y": [0.0001, 9.848857801796105e-05]}}, {"shape": {"m": 11008, "k": 256}, "launch": {"grid": [256, 1, 1], "block": [256, 1, 1], "shared": 1024}, "tolerance": {"y": [0.0001, 0.00016]}}]}
#include <hip/hip_runtime.h>

__global__ void __launch_bounds__(256) gemv_wave_per_row(const float* __restrict__ A, const float* __restrict__ x,
                                                         float* __restrict__ y, int M, int K) {
  extern __shared__ float xs[];               // K floats
  for (int j = threadIdx.x; j < K; j += blockDim.x) xs[j] = x[j];
  __syncthreads();

  const int lane = threadIdx.x % warpSize;
  const int waves_per_block = blockDim.x / warpSize;
  const int first = blockIdx.x * waves_per_block + threadIdx.x / warpSize;
  const int step = gridDim.x * waves_per_block;
  for (int row = first; row < M; row += step) {   // uniform per wavefront
    const float* __restrict__ a = A + (size_t)row * K;
    float acc = 0.0f;
    for (int j = lane; j < K; j += warpSize) acc = fmaf(a[j], xs[j], acc);
    for (int offset = warpSize / 2; offset > 0; offset >>= 1) acc += __shfl_down(acc, offset);
    if (lane == 0) y[row] = acc;
  }
}
