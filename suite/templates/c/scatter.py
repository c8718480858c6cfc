"""scatter (out[idx[i]] = src[i], unique int32 idx; other rows of out keep their values): hand-written
plain C, parametric, OpenMP over source rows (unique indices: no two threads write one row)."""


def render(shape):
    source = r'''
#include <stdint.h>
#include <string.h>

void scatter_rows(const float* src, const int32_t* idx, float* out, int m, int d) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < m; ++i)
    memcpy(out + (size_t)idx[i] * d, src + (size_t)i * d, (size_t)d * sizeof(float));
}
'''
    return {"source": source, "entry": "scatter_rows", "args": ["src", "idx", "out", "m", "d"],
            "dtypes": {"idx": "int32"}, "style": "hand-written plain loops + OpenMP", "parametric": True}
