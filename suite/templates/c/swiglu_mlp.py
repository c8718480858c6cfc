"""SwiGLU MLP, y = (silu(x Wg^T) * (x Wu^T)) Wd^T with weights [out, in]: hand-written plain C loops,
parametric, OpenMP. The hidden activations h [m, f] live in a malloc'd scratch buffer; both phases
are row-times-row dot products (weights stored [out, in] keep the reduction axis contiguous)."""


def render(shape):
    source = r'''
#include <math.h>
#include <stdlib.h>

static float dot(const float* a, const float* b, int n) {
  float s0 = 0.0f, s1 = 0.0f;
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
  }
  if (i < n) s0 += a[i] * b[i];
  return s0 + s1;
}

void swiglu_mlp(const float* x, const float* w_gate, const float* w_up, const float* w_down, float* y,
                int M, int D, int F) {
  float* h = (float*)malloc((size_t)M * F * sizeof(float));
#pragma omp parallel for collapse(2) schedule(static)
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < F; ++j) {
      const float g = dot(x + (size_t)i * D, w_gate + (size_t)j * D, D);
      const float u = dot(x + (size_t)i * D, w_up + (size_t)j * D, D);
      h[(size_t)i * F + j] = g / (1.0f + expf(-g)) * u;          /* silu(g) * u */
    }
#pragma omp parallel for collapse(2) schedule(static)
  for (int i = 0; i < M; ++i)
    for (int c = 0; c < D; ++c) y[(size_t)i * D + c] = dot(h + (size_t)i * F, w_down + (size_t)c * F, F);
  free(h);
}
'''
    return {"source": source, "entry": "swiglu_mlp", "args": ["x", "w_gate", "w_up", "w_down", "y", "m", "d", "f"],
            "style": "hand-written plain loops + OpenMP", "parametric": True}
