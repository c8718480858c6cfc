// xpiler-suite: {"operator": "mha", "model": "c", "entry": "mha_forward", "args": ["q", "k", "v", "out", "b", "heads", "seq", "dim"], "dtypes": {}, "style": "hand-written plain loops + OpenMP", "parametric": true, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 1, "heads": 1, "seq": 1, "dim": 16}, "launch": null, "tolerance": {"out": [0.0001, 4e-05]}}, {"shape": {"b": 1, "heads": 12, "seq": 64, "dim": 64}, "launch": null, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"b": 2, "heads": 8, "seq": 128, "dim": 64}, "launch": null, "tolerance": {"out": [0.0001, 0.000905096679918781]}}, {"shape": {"b": 1, "heads": 32, "seq": 32, "dim": 128}, "launch": null, "tolerance": {"out": [0.0001, 0.00064]}}, {"shape": {"b": 1, "heads": 4, "seq": 77, "dim": 64}, "launch": null, "tolerance": {"out": [0.0001, 0.0007019971509913699]}}, {"shape": {"b": 3, "heads": 2, "seq": 50, "dim": 32}, "launch": null, "tolerance": {"out": [0.0001, 0.0004]}}]}
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
