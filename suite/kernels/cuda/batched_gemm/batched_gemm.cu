// xpiler-suite: {"operator": "batched_gemm", "model": "cuda", "entry": "batched_gemm_wmma", "args": ["a", "b", "c", "m", "n", "k"], "dtypes": {"a": "float16", "b": "float16"}, "style": "hand-written: WMMA warp-per-tile, direct global fragments or warp-private zero-padded staging", "parametric": true, "inputs": {"a": "normal", "b": "normal"}, "cases": [{"shape": {"batch": 1, "m": 16, "n": 16, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.004]}}, {"shape": {"batch": 12, "m": 64, "n": 64, "k": 64}, "launch": {"grid": [2, 2, 12], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.008]}}, {"shape": {"batch": 8, "m": 128, "n": 64, "k": 128}, "launch": {"grid": [2, 4, 8], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.011313708498984762]}}, {"shape": {"batch": 32, "m": 32, "n": 32, "k": 128}, "launch": {"grid": [1, 1, 32], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.011313708498984762]}}, {"shape": {"batch": 3, "m": 45, "n": 27, "k": 33}, "launch": {"grid": [1, 2, 3], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.005744562646538029]}}, {"shape": {"batch": 4, "m": 16, "n": 256, "k": 512}, "launch": {"grid": [8, 1, 4], "block": [128, 1, 1]}, "tolerance": {"c": [0.001, 0.022627416997969524]}}]}
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>

using namespace nvcuda;

constexpr int TILE = 16;
constexpr int WARPS = 4;
constexpr int LDS = TILE + 8;      // halves per staged row (48 bytes)
constexpr int LDC = TILE + 4;      // floats per staged output row (80 bytes)

__global__ void __launch_bounds__(WARPS * 32) batched_gemm_wmma(const half* __restrict__ A, const half* __restrict__ B, float* __restrict__ C,
                                                                int M, int N, int K) {
  __shared__ __align__(32) half a_stage[WARPS][TILE * LDS];
  __shared__ __align__(32) half b_stage[WARPS][TILE * LDS];
  __shared__ __align__(32) float c_stage[WARPS][TILE * LDC];

  const int warp = threadIdx.x / 32;
  const int lane = threadIdx.x % 32;
  const int tile_row = blockIdx.y * 32 + (warp / 2) * TILE;
  const int tile_col = blockIdx.x * 32 + (warp % 2) * TILE;
  if (tile_row >= M || tile_col >= N) return;     // warp-uniform: the whole warp leaves

  const half* __restrict__ a = A + (size_t)blockIdx.z * M * K;
  const half* __restrict__ b = B + (size_t)blockIdx.z * K * N;
  float* __restrict__ c = C + (size_t)blockIdx.z * M * N;

  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> a_frag;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::row_major> b_frag;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> c_frag;
  wmma::fill_fragment(c_frag, 0.0f);

  const bool aligned = ((M | N | K) % TILE) == 0;   // uniform over the grid
  if (aligned) {
    for (int k0 = 0; k0 < K; k0 += TILE) {
      wmma::load_matrix_sync(a_frag, a + (size_t)tile_row * K + k0, K);
      wmma::load_matrix_sync(b_frag, b + (size_t)k0 * N + tile_col, N);
      wmma::mma_sync(c_frag, a_frag, b_frag, c_frag);
    }
    wmma::store_matrix_sync(c + (size_t)tile_row * N + tile_col, c_frag, N, wmma::mem_row_major);
    return;
  }

  half* as = a_stage[warp];
  half* bs = b_stage[warp];
  for (int k0 = 0; k0 < K; k0 += TILE) {
    for (int e = lane; e < TILE * TILE; e += 32) {
      const int r = e / TILE, col = e % TILE;
      const int ar = tile_row + r, ak = k0 + col;
      as[r * LDS + col] = (ar < M && ak < K) ? a[(size_t)ar * K + ak] : __float2half(0.0f);
      const int bk = k0 + r, bn = tile_col + col;
      bs[r * LDS + col] = (bk < K && bn < N) ? b[(size_t)bk * N + bn] : __float2half(0.0f);
    }
    __syncwarp();
    wmma::load_matrix_sync(a_frag, as, LDS);
    wmma::load_matrix_sync(b_frag, bs, LDS);
    wmma::mma_sync(c_frag, a_frag, b_frag, c_frag);
    __syncwarp();     // the staging buffers are rewritten next iteration
  }
  float* cs = c_stage[warp];
  wmma::store_matrix_sync(cs, c_frag, LDC, wmma::mem_row_major);
  __syncwarp();
  for (int e = lane; e < TILE * TILE; e += 32) {
    const int r = e / TILE, col = e % TILE;
    if (tile_row + r < M && tile_col + col < N) c[(size_t)(tile_row + r) * N + tile_col + col] = cs[r * LDC + col];
  }
}
