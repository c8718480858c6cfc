"""reduce_sum over the last axis of [m, n]: hand-written BANG C, parametric, Union1.

Rows are split over taskDim (the last task takes the remainder). A block of rows is gathered with one
2-D __memcpy into NRAM rows padded to 128 bytes (the pad lanes were zeroed first and the copy never
touches them), __bang_sumpool folds each row to its 32 lane sums ([rows][1][32]), __bang_reduce_sum
leaves each row's total in lane 0 of its 128-byte block, and a 2-D __memcpy with a 128-byte source
stride scatters those totals to out. Rows too long for the data tile are streamed in chunks whose
lane sums are accumulated with __bang_add."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32                                    // floats per 128 bytes: one lane block
#define PART_ROWS 512                                   // rows per block (lane sums [rows][32])
#define DATA_NUM ((int)(NRAM_BYTES / sizeof(float)) - (PART_ROWS + 1) * ALIGN_NUM)

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void reduce_sum_rows(const float* x, float* out, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;
  if (row_count <= 0) return;

  float* data = (float*)nram_buffer;                    // [rows][n_pad]
  float* part = data + DATA_NUM;                        // [rows][32]
  float* acc = part + PART_ROWS * ALIGN_NUM;            // [32] (long rows)
  const int n_pad = (n + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;

  if (n_pad <= DATA_NUM) {
    int rows_per_block = DATA_NUM / n_pad;
    if (rows_per_block > PART_ROWS) rows_per_block = PART_ROWS;
    for (int r = 0; r < row_count; r += rows_per_block) {
      const int rows = (row_count - r < rows_per_block) ? row_count - r : rows_per_block;
      const int row = row_begin + r;
      if (n_pad != n) __bang_write_zero(data, rows * n_pad);
      __memcpy(data, x + (size_t)row * n, n * sizeof(float), GDRAM2NRAM, n_pad * sizeof(float),
               n * sizeof(float), rows - 1);
      __bang_sumpool(part, data, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
      __bang_reduce_sum(part, part, rows * ALIGN_NUM);
      __memcpy(out + row, part, sizeof(float), NRAM2GDRAM, sizeof(float), ALIGN_NUM * sizeof(float), rows - 1);
    }
  } else {
    for (int row = row_begin; row < row_begin + row_count; ++row) {
      __bang_write_zero(acc, ALIGN_NUM);
      for (int off = 0; off < n; off += DATA_NUM) {
        const int len = (n - off < DATA_NUM) ? n - off : DATA_NUM;
        const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
        if (len_pad != len) __bang_write_zero(data + len_pad - ALIGN_NUM, ALIGN_NUM);
        __memcpy(data, x + (size_t)row * n + off, len * sizeof(float), GDRAM2NRAM);
        __bang_sumpool(part, data, ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, 1);
        __bang_add(acc, acc, part, ALIGN_NUM);
      }
      __bang_reduce_sum(acc, acc, ALIGN_NUM);
      __memcpy(out + row, acc, sizeof(float), NRAM2GDRAM);
    }
  }
}
'''
    return {"source": source, "entry": "reduce_sum_rows", "args": ["x", "out", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: row blocks via 2-D __memcpy, __bang_sumpool + __bang_reduce_sum, strided scatter",
            "parametric": True}
