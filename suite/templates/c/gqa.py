"""grouped-query attention (query head h reads kv head h / (heads / kv_heads)), no mask:
hand-written AVX-512, fixed-size (batch, heads, kv heads, seq, dim and the softmax scale constant).
Scores are 16-lane dot products over dim (a multiple of 16 in every suite shape, checked at
generation), the softmax runs on 16 scores at a time with a vectorised exp and a masked seq tail,
and the output row accumulates p_j * v_j with FMAs."""
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import EXP512  # noqa: E402


def render(shape):
    b, h, kvh, s, d = (shape[k] for k in ("b", "heads", "kv_heads", "seq", "dim"))
    assert d % 16 == 0 and h % kvh == 0, shape
    name = f"gqa_b{b}_h{h}_kv{kvh}_s{s}_d{d}"
    source = f'''
#include <immintrin.h>
#include <math.h>

#define B {b}
#define HEADS {h}
#define KV_HEADS {kvh}
#define GROUP {h // kvh}                 /* query heads per kv head */
#define SEQ {s}
#define DIM {d}
#define DV {d // 16}                    /* 16-float vectors per head row */
#define SCALE {1.0 / math.sqrt(d):.9e}f   /* 1 / sqrt(DIM) */
''' + EXP512 + f'''
void {name}(const float* q, const float* k, const float* v, float* out) {{
#pragma omp parallel for collapse(3) schedule(static)
  for (int bi = 0; bi < B; ++bi)
    for (int hi = 0; hi < HEADS; ++hi)
      for (int i = 0; i < SEQ; ++i) {{
        const float* qi = q + ((bi * HEADS + hi) * SEQ + i) * DIM;
        const float* kb = k + (bi * KV_HEADS + hi / GROUP) * SEQ * DIM;
        const float* vb = v + (bi * KV_HEADS + hi / GROUP) * SEQ * DIM;
        float* oi = out + ((bi * HEADS + hi) * SEQ + i) * DIM;
        float p[(SEQ + 15) / 16 * 16];

        __m512 qv[DV];
        for (int t = 0; t < DV; ++t) qv[t] = _mm512_loadu_ps(qi + t * 16);
        float row_max = -INFINITY;
        for (int j = 0; j < SEQ; ++j) {{
          __m512 acc = _mm512_mul_ps(qv[0], _mm512_loadu_ps(kb + j * DIM));
          for (int t = 1; t < DV; ++t) acc = _mm512_fmadd_ps(qv[t], _mm512_loadu_ps(kb + j * DIM + t * 16), acc);
          p[j] = _mm512_reduce_add_ps(acc) * SCALE;
          row_max = fmaxf(row_max, p[j]);
        }}

        const __m512 vmax = _mm512_set1_ps(row_max);
        __m512 vsum = _mm512_setzero_ps();
        for (int j = 0; j < SEQ; j += 16) {{
          const __mmask16 m = SEQ - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (SEQ - j)) - 1u);
          __m512 e = _mm512_maskz_mov_ps(m, exp512_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, p + j), vmax)));
          vsum = _mm512_add_ps(vsum, e);
          _mm512_mask_storeu_ps(p + j, m, e);
        }}
        const float inv = 1.0f / _mm512_reduce_add_ps(vsum);

        __m512 o[DV];
        for (int t = 0; t < DV; ++t) o[t] = _mm512_setzero_ps();
        for (int j = 0; j < SEQ; ++j) {{
          const __m512 w = _mm512_set1_ps(p[j] * inv);
          for (int t = 0; t < DV; ++t) o[t] = _mm512_fmadd_ps(w, _mm512_loadu_ps(vb + j * DIM + t * 16), o[t]);
        }}
        for (int t = 0; t < DV; ++t) _mm512_storeu_ps(oi + t * 16, o[t]);
      }}
}}
'''
    return {"source": source, "entry": name, "args": ["q", "k", "v", "out"],
            "style": "hand-written AVX-512 intrinsics + OpenMP", "parametric": False}
