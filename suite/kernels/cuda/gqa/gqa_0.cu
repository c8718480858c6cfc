// xpiler-suite: {"operator": "gqa", "model": "cuda", "entry": "gqa_flash_fwd<16>", "args": ["q", "k", "v", "out", "heads", "kv_heads", "seq"], "dtypes": {}, "style": "hand-written: flash-attention-like, thread per query row, K/V tiles shared by the query-head group", "parametric": true, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 1, "heads": 2, "kv_heads": 1, "seq": 1, "dim": 16}, "launch": {"grid": [1, 1, 1], "block": [32, 2, 1]}, "tolerance": {"out": [0.0001, 4e-05]}}, {"shape": {"b": 2, "heads": 4, "kv_heads": 4, "seq": 17, "dim": 16}, "launch": {"grid": [1, 4, 2], "block": [32, 1, 1]}, "tolerance": {"out": [0.0001, 0.00016492422502470644]}}]}
#include <cuda_runtime.h>

#define BR 32      // query rows per block (per query head)
#define BC 32      // keys per K/V tile

template <int HEAD_DIM>
__global__ void gqa_flash_fwd(const float* __restrict__ Q, const float* __restrict__ K, const float* __restrict__ V,
                              float* __restrict__ O, int heads, int kv_heads, int seq) {
  __shared__ float Ks[BC][HEAD_DIM];
  __shared__ float Vs[BC][HEAD_DIM];

  const int group = heads / kv_heads;
  const int b = blockIdx.z, kvh = blockIdx.y;
  const int h = kvh * group + threadIdx.y;                 // query head of this thread
  const int row = blockIdx.x * BR + threadIdx.x;
  const bool valid = row < seq;
  const int tid = threadIdx.y * blockDim.x + threadIdx.x;
  const int nthreads = blockDim.x * blockDim.y;
  const float scale = 1.0f / sqrtf((float)HEAD_DIM);

  const float* __restrict__ Kh = K + ((size_t)b * kv_heads + kvh) * seq * HEAD_DIM;
  const float* __restrict__ Vh = V + ((size_t)b * kv_heads + kvh) * seq * HEAD_DIM;
  const size_t q_off = (((size_t)b * heads + h) * seq + (valid ? row : 0)) * HEAD_DIM;

  float q[HEAD_DIM], o[HEAD_DIM];
#pragma unroll
  for (int d = 0; d < HEAD_DIM; ++d) {
    q[d] = valid ? Q[q_off + d] * scale : 0.0f;
    o[d] = 0.0f;
  }
  float m = -INFINITY, l = 0.0f;

  for (int j0 = 0; j0 < seq; j0 += BC) {
    __syncthreads();
    for (int i = tid; i < BC * HEAD_DIM; i += nthreads) {
      const int r = i / HEAD_DIM, c = i % HEAD_DIM;
      Ks[r][c] = j0 + r < seq ? Kh[(size_t)(j0 + r) * HEAD_DIM + c] : 0.0f;
      Vs[r][c] = j0 + r < seq ? Vh[(size_t)(j0 + r) * HEAD_DIM + c] : 0.0f;
    }
    __syncthreads();
    const int cols = min(BC, seq - j0);

    float s[BC];
    float tile_max = -INFINITY;
#pragma unroll
    for (int j = 0; j < BC; ++j) {
      float dot = 0.0f;
#pragma unroll
      for (int d = 0; d < HEAD_DIM; ++d) dot = fmaf(q[d], Ks[j][d], dot);
      s[j] = j < cols ? dot : -INFINITY;
      tile_max = fmaxf(tile_max, s[j]);
    }
    const float m_new = fmaxf(m, tile_max);
    const float alpha = __expf(m - m_new);
    float p_sum = 0.0f;
#pragma unroll
    for (int j = 0; j < BC; ++j) {
      s[j] = __expf(s[j] - m_new);
      p_sum += s[j];
    }
    l = l * alpha + p_sum;
    m = m_new;
#pragma unroll
    for (int d = 0; d < HEAD_DIM; ++d) {
      float acc = o[d] * alpha;
#pragma unroll
      for (int j = 0; j < BC; ++j) acc = fmaf(s[j], Vs[j][d], acc);
      o[d] = acc;
    }
  }

  if (valid) {
    const float inv_l = 1.0f / l;
#pragma unroll
    for (int d = 0; d < HEAD_DIM; ++d) O[q_off + d] = o[d] * inv_l;
  }
}

template __global__ void gqa_flash_fwd<16>(const float* __restrict__, const float* __restrict__, const float* __restrict__,
                                               float* __restrict__, int, int, int);
