"""batchnorm (inference) over the channel (last) axis of [m, n]: hand-written BANG C, parametric, Union1.

Every task folds the per-channel statistics once: scale = gamma / sqrt(var + eps) (__bang_add_scalar,
__bang_rsqrt, __bang_mul) and shift = beta - mean * scale. The rows are split over taskDim (the last
task takes the remainder) and streamed in tiles of whole rows, contiguous in GDRAM, where
__bang_cycle_mul and __bang_cycle_add broadcast scale and shift over every row of the tile."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define MAX_C 4096                                  // channels kept on chip
#define EPS 1e-5f
#define TILE ((int)(NRAM_BYTES / sizeof(float)) - 4 * MAX_C)

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void batchnorm_inference(const float* x, const float* mean, const float* var, const float* gamma,
                                        const float* beta, float* y, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;
  if (row_count <= 0) return;

  const int n_pad = (n + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
  float* scale = (float*)nram_buffer;               // gamma / sqrt(var + eps)
  float* shift = scale + MAX_C;                     // beta - mean * scale
  float* stat = shift + MAX_C;                      // var, then mean * scale
  float* other = stat + MAX_C;                      // mean
  float* tile = other + MAX_C;                      // [rows][n]

  __memcpy(stat, var, n * sizeof(float), GDRAM2NRAM);
  __memcpy(scale, gamma, n * sizeof(float), GDRAM2NRAM);
  __bang_add_scalar(stat, stat, EPS, n_pad);
  __bang_rsqrt(stat, stat, n_pad);
  __bang_mul(scale, scale, stat, n_pad);
  __memcpy(other, mean, n * sizeof(float), GDRAM2NRAM);
  __memcpy(shift, beta, n * sizeof(float), GDRAM2NRAM);
  __bang_mul(stat, other, scale, n_pad);
  __bang_sub(shift, shift, stat, n_pad);

  const int rows_per_tile = TILE / n;
  for (int r = 0; r < row_count; r += rows_per_tile) {
    const int rows = (row_count - r < rows_per_tile) ? row_count - r : rows_per_tile;
    const size_t first = (size_t)(row_begin + r) * n;
    __memcpy(tile, x + first, rows * n * sizeof(float), GDRAM2NRAM);
    __bang_cycle_mul(tile, tile, scale, rows * n, n);
    __bang_cycle_add(tile, tile, shift, rows * n, n);
    __memcpy(y + first, tile, rows * n * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "batchnorm_inference",
            "args": ["x", "mean", "var", "gamma", "beta", "y", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: folded per-channel scale/shift, __bang_cycle_mul/__bang_cycle_add over row tiles",
            "parametric": True}
