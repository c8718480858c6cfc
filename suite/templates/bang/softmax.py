"""softmax over the last axis of [m, n]: hand-written BANG C, parametric, Union1.

Rows split over taskDim (last task takes the remainder); a block of rows is gathered by one 2-D
__memcpy into 128-byte padded NRAM rows whose pad lanes hold -inf (so they never win the max and
exponentiate to 0). Per block: __bang_maxpool to 32 lane maxima per row, __bang_argmax for each
row's maximum, __bang_sub_scalar; e^t as 2^(t log2 e) with the accurate __bang_pow2 (bang.md 4.1);
row sums by __bang_sumpool + __bang_reduce_sum, gathered on chip with a strided NRAM2NRAM __memcpy,
inverted with __bang_recip and applied per row; one 2-D __memcpy stores the block. Rows must fit
the data tile (n <= DATA_NUM)."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define MAX_ROWS 128                                     // rows per block
#define DATA_NUM ((int)(NRAM_BYTES / sizeof(float)) - (ALIGN_NUM + 1) * MAX_ROWS - ALIGN_NUM)
#define LOG2E 1.4426950408889634f

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void softmax_rows(const float* x, float* y, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;
  if (row_count <= 0) return;

  const int n_pad = (n + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
  float* data = (float*)nram_buffer;                     // [rows][n_pad]
  float* lanes = data + DATA_NUM;                        // [rows][32]
  float* row_stat = lanes + MAX_ROWS * ALIGN_NUM;        // [MAX_ROWS]
  float* arg = row_stat + MAX_ROWS;                      // argmax result: value, index
  int rows_per_block = DATA_NUM / n_pad;
  if (rows_per_block > MAX_ROWS) rows_per_block = MAX_ROWS;

  for (int r0 = 0; r0 < row_count; r0 += rows_per_block) {
    const int rows = (row_count - r0 < rows_per_block) ? row_count - r0 : rows_per_block;
    const int rows_pad = (rows + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
    const size_t first = (size_t)(row_begin + r0) * n;
    if (n_pad != n) __bang_write_value(data, rows * n_pad, -INFINITY);
    __memcpy(data, x + first, n * sizeof(float), GDRAM2NRAM, n_pad * sizeof(float), n * sizeof(float), rows - 1);

    // row maxima: 32 lane maxima per row, then the maximum of those
    __bang_maxpool(lanes, data, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
    for (int r = 0; r < rows; ++r) {
      __bang_argmax(arg, lanes + r * ALIGN_NUM, ALIGN_NUM);
      __bang_sub_scalar(data + r * n_pad, data + r * n_pad, arg[0], n_pad);
    }
    // exp(t) = 2^(t * log2 e); the -inf pad lanes become 0
    __bang_mul_scalar(data, data, LOG2E, rows * n_pad);
    __bang_pow2(data, data, rows * n_pad);

    // row sums, gathered to row_stat[rows] (source stride: one 128-byte lane block)
    __bang_sumpool(lanes, data, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
    __bang_reduce_sum(lanes, lanes, rows * ALIGN_NUM);
    __memcpy(row_stat, lanes, sizeof(float), NRAM2NRAM, sizeof(float), ALIGN_NUM * sizeof(float), rows - 1);
    __bang_recip(row_stat, row_stat, rows_pad);
    for (int r = 0; r < rows; ++r) {
      __bang_mul_scalar(data + r * n_pad, data + r * n_pad, row_stat[r], n_pad);
    }
    __memcpy(y + first, data, n * sizeof(float), NRAM2GDRAM, n * sizeof(float), n_pad * sizeof(float), rows - 1);
  }
}
'''
    return {"source": source, "entry": "softmax_rows", "args": ["x", "y", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: -inf padded row blocks, maxpool/argmax, __bang_pow2, sumpool/reduce_sum, __bang_recip",
            "parametric": True}
