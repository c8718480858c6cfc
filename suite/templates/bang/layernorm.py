"""layernorm over the last axis of [m, n] (eps 1e-5, biased variance): hand-written BANG C,
parametric, Union1.

Rows split over taskDim; gamma and beta are staged once per task. A block of rows is gathered by a
2-D __memcpy into 128-byte padded rows (pad lanes zeroed). Two passes on chip: the mean from
__bang_sumpool + __bang_reduce_sum (row sums gathered by a strided NRAM2NRAM __memcpy), rows
centred with __bang_sub_scalar and the pad lanes re-zeroed by a 2-D copy from a zero block with
source stride 0; then the variance from __bang_square + the same reduction, __bang_rsqrt for
1/sqrt(var + eps), per-row scaling, and gamma/beta broadcast over the block with __bang_cycle_mul
and __bang_cycle_add. Rows must fit the data tile."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define MAX_ROWS 64
#define MAX_N 12288                                  // longest row kept on chip (gamma / beta tiles)
#define EPS 1e-5f
#define DATA_NUM (((int)(NRAM_BYTES / sizeof(float)) - 2 * MAX_N - (ALIGN_NUM + 2) * MAX_ROWS - ALIGN_NUM) / 2)

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void layernorm_rows(const float* x, const float* gamma, const float* beta, float* y, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;
  if (row_count <= 0) return;

  const int n_pad = (n + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
  float* gamma_nram = (float*)nram_buffer;           // [n_pad]
  float* beta_nram = gamma_nram + MAX_N;             // [n_pad]
  float* data = beta_nram + MAX_N;                   // [rows][n_pad]
  float* square = data + DATA_NUM;                   // [rows][n_pad]
  float* lanes = square + DATA_NUM;                  // [rows][32]
  float* mean = lanes + MAX_ROWS * ALIGN_NUM;        // [MAX_ROWS]
  float* rstd = mean + MAX_ROWS;                     // [MAX_ROWS]
  float* zeros = rstd + MAX_ROWS;                    // [32]
  __bang_write_zero(zeros, ALIGN_NUM);
  __memcpy(gamma_nram, gamma, n * sizeof(float), GDRAM2NRAM);
  __memcpy(beta_nram, beta, n * sizeof(float), GDRAM2NRAM);
  int rows_per_block = DATA_NUM / n_pad;
  if (rows_per_block > MAX_ROWS) rows_per_block = MAX_ROWS;
  const float inv_n = 1.0f / n;

  for (int r0 = 0; r0 < row_count; r0 += rows_per_block) {
    const int rows = (row_count - r0 < rows_per_block) ? row_count - r0 : rows_per_block;
    const int rows_pad = (rows + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
    const int total = rows * n_pad;
    const size_t first = (size_t)(row_begin + r0) * n;
    if (n_pad != n) __bang_write_zero(data, total);
    __memcpy(data, x + first, n * sizeof(float), GDRAM2NRAM, n_pad * sizeof(float), n * sizeof(float), rows - 1);

    // mean
    __bang_sumpool(lanes, data, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
    __bang_reduce_sum(lanes, lanes, rows * ALIGN_NUM);
    __memcpy(mean, lanes, sizeof(float), NRAM2NRAM, sizeof(float), ALIGN_NUM * sizeof(float), rows - 1);
    __bang_mul_scalar(mean, mean, inv_n, rows_pad);
    for (int r = 0; r < rows; ++r) {
      __bang_sub_scalar(data + r * n_pad, data + r * n_pad, mean[r], n_pad);
    }
    if (n_pad != n) {                                // the pad lanes now hold -mean: zero them again
      __memcpy(data + n, zeros, (n_pad - n) * sizeof(float), NRAM2NRAM, n_pad * sizeof(float), 0, rows - 1);
    }

    // biased variance -> 1 / sqrt(var + eps)
    __bang_square(square, data, total);
    __bang_sumpool(lanes, square, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
    __bang_reduce_sum(lanes, lanes, rows * ALIGN_NUM);
    __memcpy(rstd, lanes, sizeof(float), NRAM2NRAM, sizeof(float), ALIGN_NUM * sizeof(float), rows - 1);
    __bang_mul_scalar(rstd, rstd, inv_n, rows_pad);
    __bang_add_scalar(rstd, rstd, EPS, rows_pad);
    __bang_rsqrt(rstd, rstd, rows_pad);
    for (int r = 0; r < rows; ++r) {
      __bang_mul_scalar(data + r * n_pad, data + r * n_pad, rstd[r], n_pad);
    }

    // affine: gamma and beta broadcast over every row of the block
    __bang_cycle_mul(data, data, gamma_nram, total, n_pad);
    __bang_cycle_add(data, data, beta_nram, total, n_pad);
    __memcpy(y + first, data, n * sizeof(float), NRAM2GDRAM, n * sizeof(float), n_pad * sizeof(float), rows - 1);
  }
}
'''
    return {"source": source, "entry": "layernorm_rows", "args": ["x", "gamma", "beta", "y", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: two-pass row blocks, sumpool/reduce_sum stats, __bang_rsqrt, __bang_cycle_mul/add",
            "parametric": True}
