"""reduce_min over the last axis of [m, n]: hand-written AVX-512, fixed-size (M, N, the whole-vector
count and the tail mask are compile-time constants), OpenMP over rows."""


def render(shape):
    m, n = shape["m"], shape["n"]
    rem = n % 16
    tail = "" if rem == 0 else f'''
    /* the last {rem} column(s): masked-off lanes load +inf */
    lo = _mm512_min_ps(lo, _mm512_mask_loadu_ps(pos_inf, TAIL_MASK, row + N_VEC * 16));'''
    mask = "" if rem == 0 else f"\n#define TAIL_MASK ((__mmask16)0x{(1 << rem) - 1:04x})  /* N % 16 = {rem} */"
    source = f'''
#include <immintrin.h>
#include <math.h>

#define M {m}
#define N {n}
#define N_VEC {n // 16}                       /* whole 16-float vectors per row */{mask}

/* out[r] = min_j x[r][j], x is float[{m}][{n}] */
void reduce_min_{m}x{n}(const float* x, float* out) {{
  const __m512 pos_inf = _mm512_set1_ps(INFINITY);
#pragma omp parallel for
  for (int r = 0; r < M; ++r) {{
    const float* row = x + r * N;
    __m512 lo = pos_inf;
    for (int v = 0; v < N_VEC; ++v) lo = _mm512_min_ps(lo, _mm512_loadu_ps(row + v * 16));{tail}
    out[r] = _mm512_reduce_min_ps(lo);
  }}
}}
'''
    return {"source": source, "entry": f"reduce_min_{m}x{n}", "args": ["x", "out"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": False}
