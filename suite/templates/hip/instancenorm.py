"""instancenorm over h*w of x [n, c, h*w]: hand-written, fixed-size (HW and C are compile-time
constants). One block per (n, c) instance; the instance is read from global memory once into
dynamically sized LDS and both statistics passes and the output pass run from LDS. Block reduction:
wave64 __shfl_down, per-wavefront partials in LDS, summed by thread 0 and broadcast through LDS."""


def render(shape):
    n, c, hw = shape["n"], shape["c"], shape["hw"]
    block = 256 if hw >= 512 else 64
    source = r'''
#include <hip/hip_runtime.h>

#define HW $HW
#define CHANNELS $C
#define BLOCK $B

__device__ float block_sum_broadcast(float v, float* partials) {
  constexpr int waves = BLOCK / 64;
  for (int offset = 32; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  if ((threadIdx.x & 63) == 0) partials[threadIdx.x >> 6] = v;
  __syncthreads();
  if (threadIdx.x == 0) {
    float total = 0.0f;
    for (int i = 0; i < waves; ++i) total += partials[i];
    partials[waves] = total;
  }
  __syncthreads();
  const float total = partials[waves];
  __syncthreads();
  return total;
}

__global__ void __launch_bounds__(BLOCK) instancenorm_lds(const float* __restrict__ x, const float* __restrict__ gamma,
                                                          const float* __restrict__ beta, float* __restrict__ y) {
  extern __shared__ float xs[];               // HW floats: the whole instance
  __shared__ float partials[BLOCK / 64 + 1];
  const int inst = blockIdx.x;                // n * CHANNELS + c
  const int ch = inst % CHANNELS;
  const float* __restrict__ xi = x + (size_t)inst * HW;
  float* __restrict__ yi = y + (size_t)inst * HW;

  float s = 0.0f;
  for (int j = threadIdx.x; j < HW; j += BLOCK) {
    const float v = xi[j];
    xs[j] = v;
    s += v;
  }
  const float mean = block_sum_broadcast(s, partials) * (1.0f / HW);

  float ss = 0.0f;
  for (int j = threadIdx.x; j < HW; j += BLOCK) {
    const float d = xs[j] - mean;
    ss = fmaf(d, d, ss);
  }
  const float var = block_sum_broadcast(ss, partials) * (1.0f / HW);

  const float scale = gamma[ch] * rsqrtf(var + 1e-5f);
  const float shift = beta[ch] - mean * scale;
  for (int j = threadIdx.x; j < HW; j += BLOCK) yi[j] = fmaf(xs[j], scale, shift);
}
'''.replace("$HW", str(hw)).replace("$C", str(c)).replace("$B", str(block))
    return {"source": source, "entry": "instancenorm_lds", "args": ["x", "gamma", "beta", "y"],
            "launch": {"grid": [n * c, 1, 1], "block": [block, 1, 1], "shared": 4 * hw},
            "style": "hand-written: instance cached in dynamic LDS, block reduction, constant sizes",
            "parametric": False}
