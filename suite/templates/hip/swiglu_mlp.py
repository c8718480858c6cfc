"""swiglu_mlp y = (silu(x Wg^T) * (x Wu^T)) Wd^T: hand-written, parametric, the whole MLP fused in
one launch. One block per token row: the token is staged in dynamically sized LDS, the gated
hidden activation h[f] is computed (one hidden unit per thread, gate and up projections sharing the
x reads) and kept in LDS, and after one barrier the down projection reads h from LDS. The hidden
vector never goes to global memory."""

THREADS = 256


def render(s):
    m, d, f = s["m"], s["d"], s["f"]
    source = r'''
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
'''
    return {"source": source, "entry": "swiglu_mlp_fused", "args": ["x", "w_gate", "w_up", "w_down", "y", "d", "f"],
            "launch": {"grid": [m, 1, 1], "block": [THREADS, 1, 1], "shared": 4 * (d + f)},
            "style": "hand-written: fused MLP, block per token, hidden activation kept in dynamic LDS",
            "parametric": True}
