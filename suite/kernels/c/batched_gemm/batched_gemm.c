// xpiler-suite: {"operator": "batched_gemm", "model": "c", "entry": "bmm_s16s16s32_vnni", "args": ["a", "b", "c", "batch", "m", "n", "k"], "dtypes": {"a": "int16", "b": "int16", "c": "int32"}, "style": "hand-written AVX-512 VNNI (dpwssd, int16), packed B, OpenMP", "parametric": true, "inputs": {"a": "normal", "b": "normal"}, "cases": [{"shape": {"batch": 1, "m": 16, "n": 16, "k": 16}, "launch": null, "tolerance": {"c": [0, 0.0]}}, {"shape": {"batch": 12, "m": 64, "n": 64, "k": 64}, "launch": null, "tolerance": {"c": [0, 0.0]}}, {"shape": {"batch": 8, "m": 128, "n": 64, "k": 128}, "launch": null, "tolerance": {"c": [0, 0.0]}}, {"shape": {"batch": 32, "m": 32, "n": 32, "k": 128}, "launch": null, "tolerance": {"c": [0, 0.0]}}, {"shape": {"batch": 3, "m": 45, "n": 27, "k": 33}, "launch": null, "tolerance": {"c": [0, 0.0]}}, {"shape": {"batch": 4, "m": 16, "n": 256, "k": 512}, "launch": null, "tolerance": {"c": [0, 0.0]}}]}
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* C[b][M][N] = A[b][M][K] * B[b][K][N] in int32.
 *
 * Quantisation contract (the caller's float model; gpu_cpu.md D.2): activations and weights are
 * int16, symmetric (zero point 0), per tensor: q = clamp(rint(v / s), -Q, Q), rint = nearest, ties to
 * even, with Q chosen so that K * Q^2 < 2^31 (the suite uses Q = 1000: exact for K <= 2147; Q = 32767
 * would be exact only for K <= 2). Dequantise with c_float = sa * sb * C. vpdpwssd sums each pair of
 * int16 products exactly and wraps the int32 result (dpwssds would saturate). */
void bmm_s16s16s32_vnni(const int16_t* A, const int16_t* B, int32_t* C, int batch, int M, int N, int K) {
  const int KP = (K + 1) / 2;                 /* k pairs, the last one zero-padded */
  const int NP = (N + 15) & ~15;              /* columns padded to whole vectors */
  const size_t packed = (size_t)KP * NP * 2;  /* int16 per batch: a multiple of 32 (64 bytes) */
  int16_t* Bp = (int16_t*)aligned_alloc(64, (size_t)batch * packed * sizeof(int16_t));

  /* pack: Bp[b][(kp * NP + n) * 2 + i] = B[b][2 kp + i][n], 0 outside B */
#pragma omp parallel for schedule(static)
  for (int b = 0; b < batch; ++b)
    for (int kp = 0; kp < KP; ++kp)
      for (int n = 0; n < NP; ++n)
        for (int i = 0; i < 2; ++i) {
          const int k = 2 * kp + i;
          Bp[b * packed + ((size_t)kp * NP + n) * 2 + i] = (k < K && n < N) ? B[((size_t)b * K + k) * N + n] : 0;
        }

#pragma omp parallel for collapse(2) schedule(static)
  for (int b = 0; b < batch; ++b) {
    for (int m = 0; m < M; ++m) {
      const int16_t* a = A + ((size_t)b * M + m) * K;
      const int16_t* bp = Bp + b * packed;
      int32_t* c = C + ((size_t)b * M + m) * N;
      for (int n0 = 0; n0 < NP; n0 += 16) {
        __m512i acc = _mm512_setzero_si512();
        for (int kp = 0; kp < KP; ++kp) {
          int32_t a2 = 0;                     /* A[m][2kp], A[m][2kp+1] as one int32; 0 past K */
          memcpy(&a2, a + 2 * kp, 2 * kp + 1 < K ? 4 : 2);
          acc = _mm512_dpwssd_epi32(acc, _mm512_set1_epi32(a2), _mm512_load_si512(bp + ((size_t)kp * NP + n0) * 2));
        }
        const int left = N - n0;
        _mm512_mask_storeu_epi32(c + n0, left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1u), acc);
      }
    }
  }
  free(Bp);
}
