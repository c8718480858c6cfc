"""gemv y[M] = A[M,K] x[K]: hand-written, parametric. The block caches x in dynamically sized LDS
once, then each 64-lane wavefront takes rows (grid-stride): lanes read a row with stride 64
(coalesced), and the dot product is reduced with __shfl_down from 32."""

THREADS = 256


def render(shape):
    m, k = shape["m"], shape["k"]
    blocks = max(1, min((m + 3) // 4, 256))
    source = r'''
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
'''
    return {"source": source, "entry": "gemv_wave_per_row", "args": ["a", "x", "y", "m", "k"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1], "shared": 4 * k},
            "style": "hand-written: x cached in dynamic LDS, wavefront per row, __shfl_down reduction",
            "parametric": True}
