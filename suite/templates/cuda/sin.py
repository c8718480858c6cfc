"""sin: hand-written, vectorised grid-stride loop (float4 body plus a scalar tail), fast __sinf
(inputs are in [-pi, pi] where its absolute error is ~2^-21.4); parametric in n."""


def render(shape):
    n = shape["n"]
    threads = 256
    blocks = max(1, min((n // 4 + threads - 1) // threads, 512))
    source = r'''
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
'''
    return {"source": source, "entry": "sin_f32_vec4", "args": ["x", "out", "n"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "hand-written: float4 vectorised grid-stride loop with scalar tail", "parametric": True}
