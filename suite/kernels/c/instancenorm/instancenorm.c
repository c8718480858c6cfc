// xpiler-suite: {"operator": "instancenorm", "model": "c", "entry": "instancenorm_nchw", "args": ["x", "gamma", "beta", "y", "n", "c", "hw"], "dtypes": {}, "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": true, "inputs": {"x": "normal", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"n": 1, "c": 1, "hw": 4}, "launch": null, "tolerance": {"y": [0.0001, 2e-05]}}, {"shape": {"n": 1, "c": 64, "hw": 3136}, "launch": null, "tolerance": {"y": [0.0001, 0.0005600000000000001]}}, {"shape": {"n": 2, "c": 128, "hw": 784}, "launch": null, "tolerance": {"y": [0.0001, 0.00028000000000000003]}}, {"shape": {"n": 4, "c": 32, "hw": 1024}, "launch": null, "tolerance": {"y": [0.0001, 0.00032]}}, {"shape": {"n": 3, "c": 7, "hw": 999}, "launch": null, "tolerance": {"y": [0.0001, 0.0003160696125855822]}}, {"shape": {"n": 1, "c": 512, "hw": 49}, "launch": null, "tolerance": {"y": [0.0001, 7.000000000000001e-05]}}]}
#include <immintrin.h>
#include <math.h>
#include <stddef.h>

void instancenorm_nchw(const float* x, const float* gamma, const float* beta, float* y, int N, int C, int HW) {
#pragma omp parallel for schedule(static)
  for (int plane = 0; plane < N * C; ++plane) {
    const int c = plane % C;
    const float* xp = x + (size_t)plane * HW;
    float* yp = y + (size_t)plane * HW;

    __m512 s = _mm512_setzero_ps();
    int j = 0;
    for (; j + 16 <= HW; j += 16) s = _mm512_add_ps(s, _mm512_loadu_ps(xp + j));
    const __mmask16 tail = (__mmask16)((1u << (HW - j)) - 1u);            /* HW - j < 16 */
    s = _mm512_add_ps(s, _mm512_maskz_loadu_ps(tail, xp + j));
    const float mu = _mm512_reduce_add_ps(s) / (float)HW;
    const __m512 vmu = _mm512_set1_ps(mu);

    __m512 sq = _mm512_setzero_ps();
    for (j = 0; j + 16 <= HW; j += 16) {
      __m512 d = _mm512_sub_ps(_mm512_loadu_ps(xp + j), vmu);
      sq = _mm512_fmadd_ps(d, d, sq);
    }
    __m512 d = _mm512_maskz_sub_ps(tail, _mm512_maskz_loadu_ps(tail, xp + j), vmu);
    sq = _mm512_fmadd_ps(d, d, sq);
    const float rstd = 1.0f / sqrtf(_mm512_reduce_add_ps(sq) / (float)HW + 1e-5f);

    const __m512 scale = _mm512_set1_ps(gamma[c] * rstd);
    const __m512 shift = _mm512_set1_ps(beta[c]);
    for (j = 0; j + 16 <= HW; j += 16)
      _mm512_storeu_ps(yp + j, _mm512_fmadd_ps(_mm512_sub_ps(_mm512_loadu_ps(xp + j), vmu), scale, shift));
    _mm512_mask_storeu_ps(yp + j, tail,
                          _mm512_fmadd_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(tail, xp + j), vmu), scale, shift));
  }
}
