"""mha: softmax(q k^T / sqrt(dim)) v per (batch, head), no mask. Hand-written, parametric in seq and
dim. One 64-lane wavefront (the whole block) per query row: the scaled query row and the row of
scores live in dynamically sized LDS; lanes compute scores for keys lane, lane + 64, ..., the
row max and the normaliser are wavefront all-reductions with __shfl_xor, and finally every lane
produces output channels d = lane, lane + 64, ... from the probabilities in LDS."""


def render(s):
    b, h, seq, dim = s["b"], s["heads"], s["seq"], s["dim"]
    source = r'''
#include <hip/hip_runtime.h>
#include <math.h>

__global__ void __launch_bounds__(64) attention_row_wave(const float* __restrict__ q, const float* __restrict__ k,
                                                         const float* __restrict__ v, float* __restrict__ out,
                                                         int seq, int dim) {
  extern __shared__ float smem[];
  float* qs = smem;                 // dim: the query row, pre-scaled by 1/sqrt(dim)
  float* p = smem + dim;            // seq: scores, then probabilities
  const int lane = threadIdx.x;
  const int qi = blockIdx.x;
  const size_t head = (size_t)blockIdx.y * seq * dim;   // (batch, head) slice
  const float* __restrict__ kh = k + head;
  const float* __restrict__ vh = v + head;

  const float scale = rsqrtf((float)dim);
  for (int d = lane; d < dim; d += 64) qs[d] = q[head + (size_t)qi * dim + d] * scale;
  __syncthreads();

  float row_max = -INFINITY;
  for (int j = lane; j < seq; j += 64) {
    const float* __restrict__ kr = kh + (size_t)j * dim;
    float s = 0.0f;
    for (int d = 0; d < dim; ++d) s = fmaf(qs[d], kr[d], s);
    p[j] = s;
    row_max = fmaxf(row_max, s);
  }
#pragma unroll
  for (int mask = 32; mask > 0; mask >>= 1) row_max = fmaxf(row_max, __shfl_xor(row_max, mask));

  float denom = 0.0f;
  for (int j = lane; j < seq; j += 64) {
    const float e = __expf(p[j] - row_max);
    p[j] = e;
    denom += e;
  }
#pragma unroll
  for (int mask = 32; mask > 0; mask >>= 1) denom += __shfl_xor(denom, mask);
  __syncthreads();                  // every lane reads all probabilities below

  const float inv = 1.0f / denom;
  for (int d = lane; d < dim; d += 64) {
    float acc = 0.0f;
    for (int j = 0; j < seq; ++j) acc = fmaf(p[j], vh[(size_t)j * dim + d], acc);
    out[head + (size_t)qi * dim + d] = acc * inv;
  }
}
'''
    return {"source": source, "entry": "attention_row_wave", "args": ["q", "k", "v", "out", "seq", "dim"],
            "launch": {"grid": [seq, b * h, 1], "block": [64, 1, 1], "shared": 4 * (seq + dim)},
            "style": "hand-written: wavefront per query row, scores in dynamic LDS, __shfl_xor softmax reductions",
            "parametric": True}
