"""relu: hand-written, templated: a functor for the element operation and an items-per-thread
template parameter (each block covers blockDim.x * ITEMS contiguous elements, accessed blocked-
striped so every load instruction stays coalesced); parametric in n."""

ITEMS, THREADS = 4, 256


def render(shape):
    n = shape["n"]
    tile = ITEMS * THREADS
    blocks = (n + tile - 1) // tile
    source = r'''
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

template __global__ void relu_kernel<%(items)d>(const float* __restrict__, float* __restrict__, int);
''' % {"items": ITEMS}
    return {"source": source, "entry": f"relu_kernel<{ITEMS}>", "args": ["x", "out", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: templated (functor + items-per-thread), blocked-striped", "parametric": True}
