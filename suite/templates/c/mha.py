"""multi-head attention, softmax(q k^T / sqrt(dim)) v per (batch, head), no mask: hand-written plain C
loops, parametric, OpenMP over (batch*head, query) rows. One query row at a time: scores into a
variable-length array, a max-subtracted softmax, then the weighted sum of v rows."""


def render(shape):
    source = r'''
#include <math.h>
#include <stddef.h>

void mha_forward(const float* q, const float* k, const float* v, float* out, int B, int H, int S, int D) {
  const float scale = 1.0f / sqrtf((float)D);
#pragma omp parallel for collapse(2) schedule(static)
  for (int bh = 0; bh < B * H; ++bh) {
    for (int i = 0; i < S; ++i) {
      const float* qi = q + ((size_t)bh * S + i) * D;
      const float* kb = k + (size_t)bh * S * D;
      const float* vb = v + (size_t)bh * S * D;
      float* oi = out + ((size_t)bh * S + i) * D;
      float p[S];
      float row_max = -INFINITY;
      for (int j = 0; j < S; ++j) {
        float s = 0.0f;
        for (int t = 0; t < D; ++t) s += qi[t] * kb[(size_t)j * D + t];
        p[j] = s * scale;
        row_max = fmaxf(row_max, p[j]);
      }
      float sum = 0.0f;
      for (int j = 0; j < S; ++j) {
        p[j] = expf(p[j] - row_max);
        sum += p[j];
      }
      const float inv = 1.0f / sum;
      for (int t = 0; t < D; ++t) oi[t] = 0.0f;
      for (int j = 0; j < S; ++j) {
        const float w = p[j] * inv;
        for (int t = 0; t < D; ++t) oi[t] += w * vb[(size_t)j * D + t];
      }
    }
  }
}
'''
    return {"source": source, "entry": "mha_forward", "args": ["q", "k", "v", "out", "b", "heads", "seq", "dim"],
            "style": "hand-written plain loops + OpenMP", "parametric": True}
