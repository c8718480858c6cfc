"""rmsnorm (per row of [m, n], eps = 1e-5): hand-written AVX-512, fixed-size (M, N and the tail mask
are constants), OpenMP over rows: y = x / sqrt(mean(x^2) + eps) * gamma."""


def render(shape):
    m, n = shape["m"], shape["n"]
    rem = n % 16
    mask = f"((__mmask16)0x{(1 << rem) - 1:04x})" if rem else None
    sq_tail = "" if not rem else f'''
    {{ __m512 v = _mm512_maskz_loadu_ps(TAIL_MASK, xr + NV * 16); ss0 = _mm512_fmadd_ps(v, v, ss0); }}'''
    out_tail = "" if not rem else f'''
    _mm512_mask_storeu_ps(yr + NV * 16, TAIL_MASK,
                          _mm512_mul_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(TAIL_MASK, xr + NV * 16), scale),
                                        _mm512_maskz_loadu_ps(TAIL_MASK, gamma + NV * 16)));'''
    source = f'''
#include <immintrin.h>
#include <math.h>

#define M {m}
#define N {n}
#define NV {n // 16}                              /* whole vectors per row */{f"{chr(10)}#define TAIL_MASK {mask}   /* N % 16 = {rem} */" if rem else ""}
#define EPS 1e-5f

void rmsnorm_{m}x{n}(const float* x, const float* gamma, float* y) {{
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {{
    const float* xr = x + r * N;
    float* yr = y + r * N;
    __m512 ss0 = _mm512_setzero_ps(), ss1 = _mm512_setzero_ps();
    int v = 0;
    for (; v + 2 <= NV; v += 2) {{
      __m512 a = _mm512_loadu_ps(xr + v * 16), b = _mm512_loadu_ps(xr + v * 16 + 16);
      ss0 = _mm512_fmadd_ps(a, a, ss0);
      ss1 = _mm512_fmadd_ps(b, b, ss1);
    }}
    for (; v < NV; ++v) {{ __m512 a = _mm512_loadu_ps(xr + v * 16); ss0 = _mm512_fmadd_ps(a, a, ss0); }}{sq_tail}
    const float ms = _mm512_reduce_add_ps(_mm512_add_ps(ss0, ss1)) / (float)N;
    const __m512 scale = _mm512_set1_ps(1.0f / sqrtf(ms + EPS));
    for (v = 0; v < NV; ++v)
      _mm512_storeu_ps(yr + v * 16, _mm512_mul_ps(_mm512_mul_ps(_mm512_loadu_ps(xr + v * 16), scale),
                                                  _mm512_loadu_ps(gamma + v * 16)));{out_tail}
  }}
}}
'''
    return {"source": source, "entry": f"rmsnorm_{m}x{n}", "args": ["x", "gamma", "y"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": False}
