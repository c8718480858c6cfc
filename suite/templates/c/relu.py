"""relu: hand-written AVX-512, fixed-size, OpenMP over 16-float vectors: out = max(x, 0)."""


def render(shape):
    n = shape["n"]
    vecs, rem = n // 16, n % 16
    tail = "" if rem == 0 else f'''
  /* {rem} leftover float(s): one masked vector */
  const __mmask16 tail = (__mmask16)0x{(1 << rem) - 1:04x};
  _mm512_mask_storeu_ps(out + {vecs * 16}, tail, _mm512_max_ps(_mm512_maskz_loadu_ps(tail, x + {vecs * 16}), zero));'''
    body = "" if vecs == 0 else f'''
#pragma omp parallel for schedule(static)
  for (int v = 0; v < {vecs}; ++v) {{
    __m512 xv = _mm512_loadu_ps(x + v * 16);
    _mm512_storeu_ps(out + v * 16, _mm512_max_ps(xv, zero));
  }}'''
    source = f'''
#include <immintrin.h>

/* out[i] = max(x[i], 0) for the {n} floats of x ({vecs} whole vectors{f" + {rem}" if rem else ""}) */
void relu_{n}(const float* restrict x, float* restrict out) {{
  const __m512 zero = _mm512_setzero_ps();{body}{tail}
}}
'''
    return {"source": source, "entry": f"relu_{n}", "args": ["x", "out"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": False}
