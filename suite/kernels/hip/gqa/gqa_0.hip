// xpiler-suite: {"operator": "gqa", "model": "hip", "entry": "gqa_flash<16>", "args": ["q", "k", "v", "out", "heads", "kv_heads", "seq"], "dtypes": {}, "style": "hand-written: flash-attention (online softmax), group-shared K/V LDS tiles, template head dim", "parametric": true, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 1, "heads": 2, "kv_heads": 1, "seq": 1, "dim": 16}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 4e-05]}}, {"shape": {"b": 2, "heads": 4, "kv_heads": 4, "seq": 17, "dim": 16}, "launch": {"grid": [1, 4, 2], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 0.00016492422502470644]}}]}
#include <hip/hip_runtime.h>
#include <math.h>

constexpr int kThreads = 128;
constexpr int KT = 32;                        // keys per LDS tile

template <int D>
__global__ void __launch_bounds__(kThreads) gqa_flash(const float* __restrict__ q, const float* __restrict__ k,
                                                      const float* __restrict__ v, float* __restrict__ out,
                                                      int heads, int kv_heads, int seq) {
  __shared__ float Ks[KT][D];
  __shared__ float Vs[KT][D];
  const int group = heads / kv_heads;
  const int kvh = blockIdx.y, b = blockIdx.z;
  const int r = blockIdx.x * kThreads + threadIdx.x;   // (query head in group, query row)
  const bool active = r < group * seq;
  const int h = kvh * group + (active ? r / seq : 0);
  const int qi = active ? r % seq : 0;

  const size_t q_off = (((size_t)b * heads + h) * seq + qi) * D;
  const float* __restrict__ kb = k + ((size_t)b * kv_heads + kvh) * seq * D;
  const float* __restrict__ vb = v + ((size_t)b * kv_heads + kvh) * seq * D;

  const float scale = rsqrtf((float)D);
  float qr[D], acc[D];
#pragma unroll
  for (int d = 0; d < D; ++d) {
    qr[d] = active ? q[q_off + d] * scale : 0.0f;
    acc[d] = 0.0f;
  }
  float m = -INFINITY, l = 0.0f;

  for (int t0 = 0; t0 < seq; t0 += KT) {
    const int nk = min(KT, seq - t0);
    __syncthreads();                          // previous tile fully consumed
    for (int e = threadIdx.x; e < nk * D; e += kThreads) {
      Ks[e / D][e % D] = kb[(size_t)t0 * D + e];
      Vs[e / D][e % D] = vb[(size_t)t0 * D + e];
    }
    __syncthreads();
    if (active) {
      float sc[KT];
      float tile_max = -INFINITY;
      for (int j = 0; j < nk; ++j) {
        float s = 0.0f;
#pragma unroll
        for (int d = 0; d < D; ++d) s = fmaf(qr[d], Ks[j][d], s);
        sc[j] = s;
        tile_max = fmaxf(tile_max, s);
      }
      const float m_new = fmaxf(m, tile_max);
      const float corr = __expf(m - m_new);   // 0 on the first tile (m = -inf)
      l *= corr;
#pragma unroll
      for (int d = 0; d < D; ++d) acc[d] *= corr;
      for (int j = 0; j < nk; ++j) {
        const float pj = __expf(sc[j] - m_new);
        l += pj;
#pragma unroll
        for (int d = 0; d < D; ++d) acc[d] = fmaf(pj, Vs[j][d], acc[d]);
      }
      m = m_new;
    }
  }
  if (active) {
    const float inv = 1.0f / l;
#pragma unroll
    for (int d = 0; d < D; ++d) out[q_off + d] = acc[d] * inv;
  }
}

template __global__ void gqa_flash<16>(const float* __restrict__, const float* __restrict__, const float* __restrict__,
                                     float* __restrict__, int, int, int);
