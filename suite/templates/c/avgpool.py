"""avgpool (NHWC, valid windows): hand-written AVX-512, fixed-size: every extent, the window size and
1/(KH*KW) folded into constants, the channel loop fully described by CV whole vectors plus a
constant tail mask."""


def render(shape):
    n, h, w, c, kh, kw, st = (shape[k] for k in ("n", "h", "w", "c", "kh", "kw", "stride"))
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    cv, rem = c // 16, c % 16
    tail = "" if rem == 0 else f'''
        {{                                     /* channels {cv * 16}..{c - 1} */
          __m512 sum = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(TAIL_MASK, win + (i * W + j) * C + CV * 16));
          _mm512_mask_storeu_ps(out + CV * 16, TAIL_MASK, _mm512_div_ps(sum, count));
        }}'''
    mask = "" if rem == 0 else f"\n#define TAIL_MASK ((__mmask16)0x{(1 << rem) - 1:04x})   /* C % 16 = {rem} */"
    source = f'''
#include <immintrin.h>

#define N {n}
#define H {h}
#define W {w}
#define C {c}
#define KH {kh}
#define KW {kw}
#define STRIDE {st}
#define HO {ho}
#define WO {wo}
#define CV {cv}                     /* whole 16-channel vectors */{mask}

/* y[n][oh][ow][c] = mean of the {kh}x{kw} window of x at (oh*{st}, ow*{st}), channel c */
void avgpool_{n}x{h}x{w}x{c}_k{kh}x{kw}s{st}(const float* x, float* y) {{
  const __m512 count = _mm512_set1_ps((float)(KH * KW));
#pragma omp parallel for collapse(2)
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow) {{
        const float* win = x + ((n * H + oh * STRIDE) * W + ow * STRIDE) * C;
        float* out = y + ((n * HO + oh) * WO + ow) * C;
        for (int v = 0; v < CV; ++v) {{
          __m512 sum = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              sum = _mm512_add_ps(sum, _mm512_loadu_ps(win + (i * W + j) * C + v * 16));
          _mm512_storeu_ps(out + v * 16, _mm512_div_ps(sum, count));
        }}{tail}
      }}
}}
'''
    return {"source": source, "entry": f"avgpool_{n}x{h}x{w}x{c}_k{kh}x{kw}s{st}", "args": ["x", "y"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": False}
