// xpiler-suite: {"operator": "mha", "model": "hip", "entry": "attention_row_wave", "args": ["q", "k", "v", "out", "seq", "dim"], "dtypes": {}, "style": "hand-written: wavefront per query row, scores in dynamic LDS, __shfl_xor softmax reductions", "parametric": true, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 1, "heads": 1, "seq": 1, "dim": 16}, "launch": {"grid": [1, 1, 1], "block": [64, 1, 1], "shared": 68}, "tolerance": {"out": [0.0001, 4e-05]}}, {"shape": {"b": 1, "heads": 12, "seq": 64, "dim": 64}, "launch": {"grid": [64, 12, 1], "block": [64, 1, 1], "shared": 512}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"b": 2, "heads": 8, "seq": 128, "dim": 64}, "launch": {"grid": [128, 16, 1], "block": [64, 1, 1], "shared": 768}, "tolerance": {"out": [0.0001, 0.000905096679918781]}}, {"shape": {"b": 1, "heads": 32, "seq": 32, "dim": 128}, "launch": {"grid": [32, 32, 1], "block": [64, 1, 1], "shared": 640}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"b": 1, "heads": 4, "seq": 77, "dim": 64}, "launch": {"grid": [77, 4, 1], "block": [64, 1, 1], "shared": 564}, "tolerance": {"out": [0.0001, 0.0007019971509913699]}}, {"shape": {"b": 3, "heads": 2, "seq": 50, "dim": 32}, "launch": {"grid": [50, 6, 1], "block": [64, 1, 1], "shared": 328}, "tolerance": {"out": [0.0001, 0.0004]}}]}
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
