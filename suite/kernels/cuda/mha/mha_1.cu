// xpiler-suite: {"operator": "mha", "model": "cuda", "entry": "mha_flash_warp<64>", "args": ["q", "k", "v", "out", "heads", "seq"], "dtypes": {}, "style": "hand-written: flash-attention-like, warp per query row, online softmax with shuffles, templated head dim", "parametric": true, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 1, "heads": 12, "seq": 64, "dim": 64}, "launch": {"grid": [4, 12, 1], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"b": 2, "heads": 8, "seq": 128, "dim": 64}, "launch": {"grid": [8, 8, 2], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 0.000905096679918781]}}, {"shape": {"b": 1, "heads": 4, "seq": 77, "dim": 64}, "launch": {"grid": [5, 4, 1], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 0.0007019971509913699]}}]}
#include <cuda_runtime.h>
#include <math_constants.h>

#define NUM_WARPS 4
#define ROWS_PER_WARP 4
#define Q_TILE (NUM_WARPS * ROWS_PER_WARP)
#define KV_TILE 32

template <int HEAD_DIM>
__global__ void __launch_bounds__(NUM_WARPS * 32) mha_flash_warp(const float* __restrict__ q, const float* __restrict__ k,
                                                                 const float* __restrict__ v, float* __restrict__ out,
                                                                 int heads, int seq) {
  constexpr int COLS_PER_LANE = (HEAD_DIM + 31) / 32;
  __shared__ float q_s[Q_TILE][HEAD_DIM];
  __shared__ float k_s[KV_TILE][HEAD_DIM + 1];
  __shared__ float v_s[KV_TILE][HEAD_DIM];
  __shared__ float p_s[NUM_WARPS][KV_TILE];

  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const size_t head_off = ((size_t)blockIdx.z * heads + blockIdx.y) * seq * HEAD_DIM;
  const float* __restrict__ qh = q + head_off;
  const float* __restrict__ kh = k + head_off;
  const float* __restrict__ vh = v + head_off;
  float* __restrict__ oh = out + head_off;
  const int q0 = blockIdx.x * Q_TILE;
  // softmax in base 2: exp(s / sqrt(d)) = exp2(s * log2(e) / sqrt(d))
  const float scale_log2 = 1.4426950408889634f * rsqrtf((float)HEAD_DIM);

  for (int i = threadIdx.x; i < Q_TILE * HEAD_DIM; i += blockDim.x) {
    const int r = i / HEAD_DIM, c = i % HEAD_DIM;
    q_s[r][c] = q0 + r < seq ? qh[(size_t)(q0 + r) * HEAD_DIM + c] : 0.0f;
  }

  float row_max[ROWS_PER_WARP], row_sum[ROWS_PER_WARP], acc[ROWS_PER_WARP][COLS_PER_LANE];
#pragma unroll
  for (int r = 0; r < ROWS_PER_WARP; ++r) {
    row_max[r] = -CUDART_INF_F;
    row_sum[r] = 0.0f;
#pragma unroll
    for (int c = 0; c < COLS_PER_LANE; ++c) acc[r][c] = 0.0f;
  }

  for (int kv0 = 0; kv0 < seq; kv0 += KV_TILE) {
    __syncthreads();                       // previous tile fully consumed (and q_s written)
    for (int i = threadIdx.x; i < KV_TILE * HEAD_DIM; i += blockDim.x) {
      const int r = i / HEAD_DIM, c = i % HEAD_DIM;
      const bool ok = kv0 + r < seq;
      k_s[r][c] = ok ? kh[(size_t)(kv0 + r) * HEAD_DIM + c] : 0.0f;
      v_s[r][c] = ok ? vh[(size_t)(kv0 + r) * HEAD_DIM + c] : 0.0f;
    }
    __syncthreads();

#pragma unroll
    for (int r = 0; r < ROWS_PER_WARP; ++r) {
      const int row = warp * ROWS_PER_WARP + r;
      if (q0 + row >= seq) continue;       // uniform over the warp
      float s = 0.0f;
#pragma unroll 8
      for (int c = 0; c < HEAD_DIM; ++c) s = fmaf(q_s[row][c], k_s[lane][c], s);
      s = kv0 + lane < seq ? s * scale_log2 : -CUDART_INF_F;

      float tile_max = s;
#pragma unroll
      for (int off = 16; off > 0; off >>= 1) tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, off));
      const float new_max = fmaxf(row_max[r], tile_max);   // finite: key kv0 is always valid
      const float p = exp2f(s - new_max);
      float tile_sum = p;
#pragma unroll
      for (int off = 16; off > 0; off >>= 1) tile_sum += __shfl_xor_sync(0xffffffffu, tile_sum, off);
      const float alpha = exp2f(row_max[r] - new_max);     // 0 on the first tile
      row_sum[r] = row_sum[r] * alpha + tile_sum;
      row_max[r] = new_max;

      p_s[warp][lane] = p;
      __syncwarp();
#pragma unroll
      for (int c = 0; c < COLS_PER_LANE; ++c) {
        const int col = lane + 32 * c;
        if (col < HEAD_DIM) {
          float o = acc[r][c] * alpha;
          for (int j = 0; j < KV_TILE; ++j) o = fmaf(p_s[warp][j], v_s[j][col], o);
          acc[r][c] = o;
        }
      }
      __syncwarp();                        // p_s is rewritten for the next row
    }
  }

#pragma unroll
  for (int r = 0; r < ROWS_PER_WARP; ++r) {
    const int row = q0 + warp * ROWS_PER_WARP + r;
    if (row >= seq) continue;
    const float inv = 1.0f / row_sum[r];
#pragma unroll
    for (int c = 0; c < COLS_PER_LANE; ++c) {
      const int col = lane + 32 * c;
      if (col < HEAD_DIM) oh[(size_t)row * HEAD_DIM + col] = acc[r][c] * inv;
    }
  }
}

template __global__ void mha_flash_warp<64>(const float* __restrict__, const float* __restrict__, const float* __restrict__,
                                                float* __restrict__, int, int);
