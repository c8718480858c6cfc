"""gemm C[m,n] = A[m,k] B[k,n] with WMMA (half inputs, float accumulate): hand-written, parametric.

64x64x32 block tile, 4 warps in a 2x2 arrangement, each warp owning 2x2 m16n16k16 accumulator
fragments. A and B tiles are staged in padded shared memory (+8 halves per row: keeps every
fragment pointer 32-byte aligned and spreads rows over banks), with 128-bit loads where a chunk is
in range and aligned and a zero-filled scalar path for the M/N/K edges. Full, aligned output tiles
are stored straight to global memory; edge tiles go through a shared float tile with bounds checks.
"""

BM, BN = 64, 64


def render(shape):
    m, n = shape["m"], shape["n"]
    grid = [(n + BN - 1) // BN, (m + BM - 1) // BM, 1]
    source = r'''
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>

using namespace nvcuda;

#define BM 64
#define BN 64
#define BK 32
#define WMMA_M 16
#define WMMA_N 16
#define WMMA_K 16
#define A_PAD 8      // halves
#define B_PAD 8      // halves
#define C_PAD 4      // floats

__global__ void __launch_bounds__(128) gemm_wmma_f16_f32(const half* __restrict__ A, const half* __restrict__ B, float* __restrict__ C, int M, int N, int K) {
  __shared__ __align__(32) half As[BM][BK + A_PAD];
  __shared__ __align__(32) half Bs[BK][BN + B_PAD];
  __shared__ __align__(32) float Cs[BM][BN + C_PAD];

  const int tid = threadIdx.x;
  const int warp_id = tid / 32;
  const int warp_m = warp_id / 2;      // 0..1: rows [warp_m*32, warp_m*32+32) of the block tile
  const int warp_n = warp_id % 2;      // 0..1: cols [warp_n*32, warp_n*32+32)
  const int block_row = blockIdx.y * BM;
  const int block_col = blockIdx.x * BN;
  const bool vec_a = (K % 8) == 0;     // rows of A start 16-byte aligned
  const bool vec_b = (N % 8) == 0;

  wmma::fragment<wmma::accumulator, WMMA_M, WMMA_N, WMMA_K, float> acc[2][2];
#pragma unroll
  for (int i = 0; i < 2; ++i) {
#pragma unroll
    for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.0f);
  }

  for (int k0 = 0; k0 < K; k0 += BK) {
    // A tile: BM x BK = 256 chunks of 8 halves, 2 per thread
#pragma unroll
    for (int c = tid; c < BM * BK / 8; c += 128) {
      const int r = c / (BK / 8), kc = (c % (BK / 8)) * 8;
      const int gr = block_row + r, gk = k0 + kc;
      if (vec_a && gr < M && gk + 8 <= K) {
        *reinterpret_cast<uint4*>(&As[r][kc]) = *reinterpret_cast<const uint4*>(&A[(size_t)gr * K + gk]);
      } else {
#pragma unroll
        for (int e = 0; e < 8; ++e)
          As[r][kc + e] = (gr < M && gk + e < K) ? A[(size_t)gr * K + gk + e] : __float2half(0.0f);
      }
    }
    // B tile: BK x BN = 256 chunks of 8 halves, 2 per thread
#pragma unroll
    for (int c = tid; c < BK * BN / 8; c += 128) {
      const int r = c / (BN / 8), nc = (c % (BN / 8)) * 8;
      const int gk = k0 + r, gn = block_col + nc;
      if (vec_b && gk < K && gn + 8 <= N) {
        *reinterpret_cast<uint4*>(&Bs[r][nc]) = *reinterpret_cast<const uint4*>(&B[(size_t)gk * N + gn]);
      } else {
#pragma unroll
        for (int e = 0; e < 8; ++e)
          Bs[r][nc + e] = (gk < K && gn + e < N) ? B[(size_t)gk * N + gn + e] : __float2half(0.0f);
      }
    }
    __syncthreads();

#pragma unroll
    for (int kk = 0; kk < BK; kk += WMMA_K) {
      wmma::fragment<wmma::matrix_a, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> a_frag[2];
      wmma::fragment<wmma::matrix_b, WMMA_M, WMMA_N, WMMA_K, half, wmma::row_major> b_frag[2];
#pragma unroll
      for (int i = 0; i < 2; ++i)
        wmma::load_matrix_sync(a_frag[i], &As[warp_m * 32 + i * WMMA_M][kk], BK + A_PAD);
#pragma unroll
      for (int j = 0; j < 2; ++j)
        wmma::load_matrix_sync(b_frag[j], &Bs[kk][warp_n * 32 + j * WMMA_N], BN + B_PAD);
#pragma unroll
      for (int i = 0; i < 2; ++i) {
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::mma_sync(acc[i][j], a_frag[i], b_frag[j], acc[i][j]);
      }
    }
    __syncthreads();
  }

  // Epilogue. The condition is uniform over the block, so every warp takes the same branch.
  const bool full_tile = block_row + BM <= M && block_col + BN <= N && (N % 8) == 0;
  if (full_tile) {
#pragma unroll
    for (int i = 0; i < 2; ++i) {
#pragma unroll
      for (int j = 0; j < 2; ++j) {
        float* dst = C + (size_t)(block_row + warp_m * 32 + i * WMMA_M) * N + block_col + warp_n * 32 + j * WMMA_N;
        wmma::store_matrix_sync(dst, acc[i][j], N, wmma::mem_row_major);
      }
    }
  } else {
#pragma unroll
    for (int i = 0; i < 2; ++i) {
#pragma unroll
      for (int j = 0; j < 2; ++j) {
        wmma::store_matrix_sync(&Cs[warp_m * 32 + i * WMMA_M][warp_n * 32 + j * WMMA_N], acc[i][j], BN + C_PAD,
                                wmma::mem_row_major);
      }
    }
    __syncthreads();
    for (int e = tid; e < BM * BN; e += 128) {
      const int r = e / BN, c = e % BN;
      const int gr = block_row + r, gc = block_col + c;
      if (gr < M && gc < N) C[(size_t)gr * N + gc] = Cs[r][c];
    }
  }
}
'''
    return {"source": source, "entry": "gemm_wmma_f16_f32", "args": ["a", "b", "c", "m", "n", "k"],
            "dtypes": {"a": "float16", "b": "float16"},
            "launch": {"grid": grid, "block": [128, 1, 1]},
            "style": "hand-written: WMMA m16n16k16 (half in, float acc), padded shared-memory tiles, edge handling",
            "parametric": True}
