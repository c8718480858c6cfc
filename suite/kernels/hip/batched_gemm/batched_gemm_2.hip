// xpiler-suite: {"operator": "batched_gemm", "model": "hip", "entry": "bgemm_f16_mfma32<128, 64, 128>", "args": ["a", "b", "c"], "dtypes": {"a": "float16", "b": "float16"}, "style": "hand-written: MFMA 32x32x8 f16, template-specialised sizes, LDS-staged zero-padded tiles", "parametric": false, "inputs": {"a": "normal", "b": "normal"}, "cases": [{"shape": {"batch": 8, "m": 128, "n": 64, "k": 128}, "launch": {"grid": [1, 2, 8], "block": [256, 1, 1]}, "tolerance": {"c": [0.001, 0.011313708498984762]}}]}
#include <hip/hip_runtime.h>

typedef _Float16 half4_t __attribute__((ext_vector_type(4)));
typedef float floatx16 __attribute__((ext_vector_type(16)));

template <int M, int N, int K>
__global__ void __launch_bounds__(256) bgemm_f16_mfma32(const _Float16* __restrict__ A, const _Float16* __restrict__ B,
                                                        float* __restrict__ C) {
  constexpr int BM = 64, BN = 64, BK = 16, PAD = 8;
  __shared__ _Float16 As[BM][BK + PAD];
  __shared__ _Float16 Bs[BK][BN + PAD];

  const int tid = threadIdx.x;
  const int lane = tid % 64;
  const int wave = tid / 64;
  const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
  const int wm = (wave / 2) * 32, wn = (wave % 2) * 32;
  const bool wave_live = (m0 + wm < M) && (n0 + wn < N);   // uniform across the wavefront

  A += (size_t)blockIdx.z * M * K;
  B += (size_t)blockIdx.z * K * N;
  C += (size_t)blockIdx.z * M * N;

  floatx16 acc;
#pragma unroll
  for (int r = 0; r < 16; ++r) acc[r] = 0.0f;

  for (int k0 = 0; k0 < K; k0 += BK) {
    // 64 x 16 halves of A and 16 x 64 of B: 4 + 4 per thread
    for (int e = tid; e < BM * BK; e += 256) {
      const int r = e / BK, c = e % BK;
      const bool in = (M % BM == 0 || m0 + r < M) && (K % BK == 0 || k0 + c < K);
      As[r][c] = in ? A[(m0 + r) * K + k0 + c] : (_Float16)0.0f;
    }
    for (int e = tid; e < BK * BN; e += 256) {
      const int r = e / BN, c = e % BN;
      const bool in = (K % BK == 0 || k0 + r < K) && (N % BN == 0 || n0 + c < N);
      Bs[r][c] = in ? B[(k0 + r) * N + n0 + c] : (_Float16)0.0f;
    }
    __syncthreads();
    if (wave_live) {
#pragma unroll
      for (int kk = 0; kk < BK; kk += 8) {
        // 32x32x8: lane feeds A[lane % 32][4 * (lane / 32) + e] and B[4 * (lane / 32) + e][lane % 32]
        half4_t a, b;
#pragma unroll
        for (int e = 0; e < 4; ++e) {
          a[e] = As[wm + lane % 32][kk + 4 * (lane / 32) + e];
          b[e] = Bs[kk + 4 * (lane / 32) + e][wn + lane % 32];
        }
        acc = __builtin_amdgcn_mfma_f32_32x32x8f16(a, b, acc, 0, 0, 0);
      }
    }
    __syncthreads();
  }

  if (wave_live) {
    // element r of lane l is D[8 * (r / 4) + 4 * (l / 32) + r % 4][l % 32]
    const int col = n0 + wn + lane % 32;
#pragma unroll
    for (int r = 0; r < 16; ++r) {
      const int row = m0 + wm + 8 * (r / 4) + 4 * (lane / 32) + r % 4;
      if ((M % BM == 0 || row < M) && (N % BN == 0 || col < N)) C[row * N + col] = acc[r];
    }
  }
}

template __global__ void bgemm_f16_mfma32<128, 64, 128>(const _Float16* __restrict__, const _Float16* __restrict__,
                                                            float* __restrict__);
