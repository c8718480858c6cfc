// xpiler-suite: {"operator": "dense", "model": "cuda", "entry": "dense_wmma_bias", "args": ["x", "weight", "bias", "y", "m", "n", "k"], "dtypes": {"x": "float16", "weight": "float16"}, "style": "hand-written: WMMA with col_major matrix_b (W^T for free), bias epilogue via shared memory", "parametric": true, "inputs": {"x": "normal", "weight": "normal", "bias": "normal"}, "cases": [{"shape": {"m": 1, "n": 16, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.004]}}, {"shape": {"m": 32, "n": 768, "k": 768}, "launch": {"grid": [12, 2, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.027712812921102035]}}, {"shape": {"m": 16, "n": 3072, "k": 768}, "launch": {"grid": [48, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.027712812921102035]}}, {"shape": {"m": 64, "n": 1000, "k": 512}, "launch": {"grid": [16, 4, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.022627416997969524]}}, {"shape": {"m": 10, "n": 100, "k": 300}, "launch": {"grid": [2, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.017320508075688777]}}, {"shape": {"m": 8, "n": 4096, "k": 1024}, "launch": {"grid": [64, 1, 1], "block": [128, 1, 1]}, "tolerance": {"y": [0.001, 0.032]}}]}
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>

namespace wmma = nvcuda::wmma;

#define BLOCK_M 16
#define BLOCK_N 64
#define BLOCK_K 64
#define SKEW 8

__global__ void __launch_bounds__(128) dense_wmma_bias(const half* __restrict__ x, const half* __restrict__ weight,
                                                       const float* __restrict__ bias, float* __restrict__ y,
                                                       int M, int N, int K) {
  __shared__ __align__(32) half x_tile[BLOCK_M][BLOCK_K + SKEW];
  __shared__ __align__(32) half w_tile[BLOCK_N][BLOCK_K + SKEW];     // [n][k]
  __shared__ __align__(32) float out_tile[BLOCK_M][BLOCK_N + SKEW];

  const int warp = threadIdx.x >> 5;
  const int row0 = blockIdx.y * BLOCK_M;
  const int col0 = blockIdx.x * BLOCK_N;

  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
  wmma::fill_fragment(acc, 0.0f);

  for (int k0 = 0; k0 < K; k0 += BLOCK_K) {
    for (int e = threadIdx.x; e < BLOCK_M * BLOCK_K; e += blockDim.x) {
      const int r = e / BLOCK_K, kk = e % BLOCK_K;
      x_tile[r][kk] = (row0 + r < M && k0 + kk < K) ? x[(size_t)(row0 + r) * K + k0 + kk] : __float2half(0.0f);
    }
    for (int e = threadIdx.x; e < BLOCK_N * BLOCK_K; e += blockDim.x) {
      const int r = e / BLOCK_K, kk = e % BLOCK_K;
      w_tile[r][kk] = (col0 + r < N && k0 + kk < K) ? weight[(size_t)(col0 + r) * K + k0 + kk] : __float2half(0.0f);
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < BLOCK_K; kk += 16) {
      wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> a_frag;
      wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> b_frag;
      wmma::load_matrix_sync(a_frag, &x_tile[0][kk], BLOCK_K + SKEW);
      wmma::load_matrix_sync(b_frag, &w_tile[warp * 16][kk], BLOCK_K + SKEW);
      wmma::mma_sync(acc, a_frag, b_frag, acc);
    }
    __syncthreads();
  }

  wmma::store_matrix_sync(&out_tile[0][warp * 16], acc, BLOCK_N + SKEW, wmma::mem_row_major);
  __syncthreads();
  for (int e = threadIdx.x; e < BLOCK_M * BLOCK_N; e += blockDim.x) {
    const int r = e / BLOCK_N, c = e % BLOCK_N;
    if (row0 + r < M && col0 + c < N) y[(size_t)(row0 + r) * N + col0 + c] = out_tile[r][c] + bias[col0 + c];
  }
}
