"""sumpool (NHWC, valid windows): hand-written AVX-512, fixed-size. Sizes are `static const int`
constants; the window is walked row by row with the channel vectors innermost, and every 16-channel
step (the tail included) goes through one mask computed from the constant C."""


def render(shape):
    n, h, w, c, kh, kw, st = (shape[k] for k in ("n", "h", "w", "c", "kh", "kw", "stride"))
    name = f"sumpool_{n}x{h}x{w}x{c}_k{kh}x{kw}s{st}"
    source = f'''
#include <immintrin.h>

static const int N = {n}, H = {h}, W = {w}, C = {c};
static const int KH = {kh}, KW = {kw}, STRIDE = {st};
static const int HO = ({h} - {kh}) / {st} + 1, WO = ({w} - {kw}) / {st} + 1;

/* y[n][oh][ow][:] = sum of x over the KH x KW window at (oh*STRIDE, ow*STRIDE) */
void {name}(const float* x, float* y) {{
  for (int n = 0; n < N; ++n)
    for (int oh = 0; oh < HO; ++oh)
      for (int ow = 0; ow < WO; ++ow)
        for (int c0 = 0; c0 < C; c0 += 16) {{
          const __mmask16 k = _cvtu32_mask16(C - c0 >= 16 ? 0xFFFFu : (1u << (C - c0)) - 1u);
          __m512 acc = _mm512_setzero_ps();
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j)
              acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(k, &x[((n * H + oh * STRIDE + i) * W + ow * STRIDE + j) * C + c0]));
          _mm512_mask_storeu_ps(&y[((n * HO + oh) * WO + ow) * C + c0], k, acc);
        }}
}}
'''
    return {"source": source, "entry": name, "args": ["x", "y"],
            "style": "hand-written AVX-512 intrinsics, masked channel steps", "parametric": False}
