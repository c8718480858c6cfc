// xpiler-suite: {"operator": "scatter", "model": "c", "entry": "scatter_rows", "args": ["src", "idx", "out", "m", "d"], "dtypes": {"idx": "int32"}, "style": "hand-written plain loops + OpenMP", "parametric": true, "inputs": {"src": "normal", "idx": "unique_index:v", "out": "normal"}, "cases": [{"shape": {"v": 4, "d": 1, "m": 2}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 4096, "d": 64, "m": 512}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 1000, "d": 128, "m": 1000}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 32000, "d": 16, "m": 64}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 97, "d": 33, "m": 50}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}, {"shape": {"v": 512, "d": 768, "m": 7}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
#include <stdint.h>
#include <string.h>

void scatter_rows(const float* src, const int32_t* idx, float* out, int m, int d) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < m; ++i)
    memcpy(out + (size_t)idx[i] * d, src + (size_t)i * d, (size_t)d * sizeof(float));
}
