// xpiler-suite: {"operator": "dense", "model": "hip", "entry": "dense_f16_mfma", "args": ["x", "weight", "bias", "y", "m", "n", "k"], "dtypes": {"x": "float16", "weight": "float16"}, "style": "hand-written: MFMA 16x16x16 f16, register fragments straight from global, edge zero-padding", "parametric": true, "inputs": {"x": "normal", "weight": "normal", "bias": "normal"}, "cases": [{"shape": {"m": 1, "n": 16, "k": 16}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.004]}}, {"shape": {"m": 32, "n": 768, "k": 768}, "launch": {"grid": [12, 2, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.027712812921102035]}}, {"shape": {"m": 16, "n": 3072, "k": 768}, "launch": {"grid": [48, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.027712812921102035]}}, {"shape": {"m": 64, "n": 1000, "k": 512}, "launch": {"grid": [16, 4, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.022627416997969524]}}, {"shape": {"m": 10, "n": 100, "k": 300}, "launch": {"grid": [2, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.017320508075688777]}}, {"shape": {"m": 8, "n": 4096, "k": 1024}, "launch": {"grid": [64, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.032]}}]}
#include <hip/hip_runtime.h>

typedef _Float16 half4_t __attribute__((ext_vector_type(4)));
typedef float floatx4 __attribute__((ext_vector_type(4)));

// 4 consecutive halves of `row` starting at k, zero where k + e >= K (scalar edge path)
__device__ __forceinline__ half4_t load4_guarded(const _Float16* __restrict__ row, int k, int K) {
  half4_t v;
#pragma unroll
  for (int e = 0; e < 4; ++e) v[e] = (k + e < K) ? row[k + e] : (_Float16)0.0f;
  return v;
}

__global__ void __launch_bounds__(256) dense_f16_mfma(const _Float16* __restrict__ x, const _Float16* __restrict__ w,
                                                      const float* __restrict__ bias, float* __restrict__ y,
                                                      int M, int N, int K) {
  const int lane = threadIdx.x & 63;
  const int wave = threadIdx.x >> 6;
  const int m0 = blockIdx.y * 16;
  const int n0 = (blockIdx.x * 4 + wave) * 16;
  if (n0 >= N) return;                          // wave-uniform: MFMA below still sees full wavefronts

  const int r16 = lane & 15;
  const int kq = (lane >> 4) * 4;
  const bool a_ok = m0 + r16 < M;
  const bool b_ok = n0 + r16 < N;
  // rows past the edge are clamped to row 0 and their values replaced by zeros
  const _Float16* __restrict__ xa = x + (size_t)(a_ok ? m0 + r16 : 0) * K;
  const _Float16* __restrict__ wb = w + (size_t)(b_ok ? n0 + r16 : 0) * K;
  const half4_t zero = {(_Float16)0.0f, (_Float16)0.0f, (_Float16)0.0f, (_Float16)0.0f};

  floatx4 acc = {0.0f, 0.0f, 0.0f, 0.0f};
  const int k_main = K & ~15;
  if ((K & 3) == 0) {
    // rows start 8-byte aligned: one vector load per operand per step
    for (int k0 = 0; k0 < k_main; k0 += 16) {
      const half4_t a = a_ok ? *reinterpret_cast<const half4_t*>(xa + k0 + kq) : zero;
      const half4_t b = b_ok ? *reinterpret_cast<const half4_t*>(wb + k0 + kq) : zero;
      acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
    }
  } else {
    for (int k0 = 0; k0 < k_main; k0 += 16) {
      const half4_t a = a_ok ? load4_guarded(xa, k0 + kq, K) : zero;
      const half4_t b = b_ok ? load4_guarded(wb, k0 + kq, K) : zero;
      acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
    }
  }
  if (k_main < K) {                             // K tail, zero-padded to 16
    const half4_t a = a_ok ? load4_guarded(xa, k_main + kq, K) : zero;
    const half4_t b = b_ok ? load4_guarded(wb, k_main + kq, K) : zero;
    acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
  }

  // lane holds y[m0 + kq + r][n0 + r16], r = 0..3
  const int col = n0 + r16;
  if (col < N) {
    const float bv = bias[col];
#pragma unroll
    for (int r = 0; r < 4; ++r) {
      const int row = m0 + kq + r;
      if (row < M) y[(size_t)row * N + col] = acc[r] + bv;
    }
  }
}
