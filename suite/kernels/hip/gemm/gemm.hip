// xpiler-suite: {"operator": "gemm", "model": "hip", "entry": "gemm_f16_mfma16", "args": ["a", "b", "c", "m", "n", "k"], "dtypes": {"a": "float16", "b": "float16"}, "style": "hand-written: MFMA 16x16x16 f16, LDS-staged zero-padded tiles, 2x2 wavefronts", "parametric": true, "inputs": {"a": "normal", "b": "normal"}, "cases": [{"shape": {"m": 16, "n": 16, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.004]}}, {"shape": {"m": 64, "n": 768, "k": 768}, "launch": {"grid": [12, 1, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.027712812921102035]}}, {"shape": {"m": 128, "n": 1024, "k": 256}, "launch": {"grid": [16, 2, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.016]}}, {"shape": {"m": 32, "n": 4096, "k": 128}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.011313708498984762]}}, {"shape": {"m": 50, "n": 130, "k": 70}, "launch": {"grid": [3, 1, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.008366600265340756]}}, {"shape": {"m": 1, "n": 512, "k": 4096}, "launch": {"grid": [8, 1, 1], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.064]}}]}
#include <hip/hip_runtime.h>

typedef _Float16 half4_t __attribute__((ext_vector_type(4)));
typedef float floatx4 __attribute__((ext_vector_type(4)));

constexpr int BM = 64, BN = 64, BK = 32;
constexpr int kThreads = 256;
constexpr int LDA = BK + 8;   // row pitch in halves; the pad spreads the fragment reads over LDS banks
constexpr int LDB = BN + 8;

__global__ void __launch_bounds__(kThreads) gemm_f16_mfma16(const _Float16* __restrict__ A, const _Float16* __restrict__ B,
                                                             float* __restrict__ C, int M, int N, int K) {
  __shared__ _Float16 As[BM * LDA];
  __shared__ _Float16 Bs[BK * LDB];

  const int tid = threadIdx.x;
  const int lane = tid & 63;
  const int wave = tid >> 6;
  const int wm = (wave >> 1) * 32;          // this wavefront's 32 x 32 sub-tile
  const int wn = (wave & 1) * 32;
  const int m0 = blockIdx.y * BM;
  const int n0 = blockIdx.x * BN;
  const int lrow = lane & 15;               // MFMA 16x16x16: row of A / column of B this lane feeds
  const int lk = (lane >> 4) * 4;           // ... and its 4 consecutive k

  floatx4 acc[2][2];
#pragma unroll
  for (int i = 0; i < 2; ++i) {
#pragma unroll
    for (int j = 0; j < 2; ++j) acc[i][j] = floatx4{0.0f, 0.0f, 0.0f, 0.0f};
  }

  for (int k0 = 0; k0 < K; k0 += BK) {
    // stage A[m0:m0+BM, k0:k0+BK] and B[k0:k0+BK, n0:n0+BN]; out-of-range elements become 0
    for (int e = tid; e < BM * BK; e += kThreads) {
      const int r = e / BK, c = e % BK;
      const int gr = m0 + r, gc = k0 + c;
      As[r * LDA + c] = (gr < M && gc < K) ? A[(size_t)gr * K + gc] : (_Float16)0.0f;
    }
    for (int e = tid; e < BK * BN; e += kThreads) {
      const int r = e / BN, c = e % BN;
      const int gr = k0 + r, gc = n0 + c;
      Bs[r * LDB + c] = (gr < K && gc < N) ? B[(size_t)gr * N + gc] : (_Float16)0.0f;
    }
    __syncthreads();

#pragma unroll
    for (int kk = 0; kk < BK; kk += 16) {
      half4_t a[2], b[2];
#pragma unroll
      for (int i = 0; i < 2; ++i) {
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          a[i][e] = As[(wm + i * 16 + lrow) * LDA + kk + lk + e];
          b[i][e] = Bs[(kk + lk + e) * LDB + wn + i * 16 + lrow];
        }
      }
#pragma unroll
      for (int i = 0; i < 2; ++i) {
#pragma unroll
        for (int j = 0; j < 2; ++j) acc[i][j] = __builtin_amdgcn_mfma_f32_16x16x16f16(a[i], b[j], acc[i][j], 0, 0, 0);
      }
    }
    __syncthreads();
  }

  // lane holds C[4 * (lane / 16) + r][lane % 16] of each 16 x 16 MFMA tile
#pragma unroll
  for (int i = 0; i < 2; ++i) {
#pragma unroll
    for (int j = 0; j < 2; ++j) {
      const int col = n0 + wn + j * 16 + lrow;
#pragma unroll
      for (int r = 0; r < 4; ++r) {
        const int row = m0 + wm + i * 16 + lk + r;
        if (row < M && col < N) C[(size_t)row * N + col] = acc[i][j][r];
      }
    }
  }
}
