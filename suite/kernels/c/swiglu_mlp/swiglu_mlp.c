// xpiler-suite: {"operator": "swiglu_mlp", "model": "c", "entry": "swiglu_mlp", "args": ["x", "w_gate", "w_up", "w_down", "y", "m", "d", "f"], "dtypes": {}, "style": "hand-written plain loops + OpenMP", "parametric": true, "inputs": {"x": "normal", "w_gate": "normal", "w_up": "normal", "w_down": "normal"}, "cases": [{"shape": {"m": 1, "d": 16, "f": 32}, "launch": null, "tolerance": {"y": [0.0001, 6.92820323027551e-05]}}, {"shape": {"m": 8, "d": 512, "f": 1376}, "launch": null, "tolerance": {"y": [0.0001, 0.00043451121964800866]}}, {"shape": {"m": 16, "d": 768, "f": 2048}, "launch": null, "tolerance": {"y": [0.0001, 0.000530659966456864]}}, {"shape": {"m": 4, "d": 1024, "f": 2816}, "launch": null, "tolerance": {"y": [0.0001, 0.0006196773353931868]}}, {"shape": {"m": 7, "d": 96, "f": 200}, "launch": null, "tolerance": {"y": [0.0001, 0.00017204650534085255]}}, {"shape": {"m": 32, "d": 256, "f": 688}, "launch": null, "tolerance": {"y": [0.0001, 0.00030724582991474434]}}]}
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
