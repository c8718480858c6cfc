"""sigmoid: hand-written, a generic element-wise kernel templated on a functor (the pattern of
PyTorch's and MIOpen's unary kernels), grid-stride loop, parametric in n."""

THREADS = 256


def render(shape):
    n = shape["n"]
    blocks = max(1, min((n + THREADS - 1) // THREADS, 240))   # 2 blocks per CU on a 120-CU MI200
    source = r'''
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
'''
    return {"source": source, "entry": "unary_elementwise<Sigmoid>", "args": ["x", "out", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [THREADS, 1, 1]},
            "style": "hand-written: functor-templated kernel, grid-stride loop", "parametric": True}
