"""batchnorm (inference, channels last [m = N*H*W, n = C], eps = 1e-5): hand-written AVX-512,
parametric. Per-channel scale gamma / sqrt(var + eps) is computed once into a C99 variable-length
array; each row is then (x - mean) * scale + beta with one FMA per 16 channels."""


def render(shape):
    source = r'''
#include <immintrin.h>
#include <stddef.h>

void batchnorm_infer(const float* x, const float* mean, const float* var, const float* gamma,
                     const float* beta, float* y, int m, int n) {
  float scale[n];                              /* gamma / sqrt(var + eps) */
  const __m512 eps = _mm512_set1_ps(1e-5f);
  for (int c = 0; c < n; c += 16) {
    const __mmask16 k = n - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - c)) - 1u);
    __m512 s = _mm512_div_ps(_mm512_maskz_loadu_ps(k, gamma + c),
                             _mm512_sqrt_ps(_mm512_add_ps(_mm512_maskz_loadu_ps(k, var + c), eps)));
    _mm512_mask_storeu_ps(scale + c, k, s);
  }
#pragma omp parallel for schedule(static)
  for (int r = 0; r < m; ++r) {
    const float* xr = x + (size_t)r * n;
    float* yr = y + (size_t)r * n;
    for (int c = 0; c < n; c += 16) {
      const __mmask16 k = n - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - c)) - 1u);
      __m512 centred = _mm512_sub_ps(_mm512_maskz_loadu_ps(k, xr + c), _mm512_maskz_loadu_ps(k, mean + c));
      __m512 v = _mm512_fmadd_ps(centred, _mm512_maskz_loadu_ps(k, scale + c), _mm512_maskz_loadu_ps(k, beta + c));
      _mm512_mask_storeu_ps(yr + c, k, v);
    }
  }
}
'''
    return {"source": source, "entry": "batchnorm_infer",
            "args": ["x", "mean", "var", "gamma", "beta", "y", "m", "n"],
            "style": "hand-written AVX-512 intrinsics, masked tail, OpenMP", "parametric": True}
