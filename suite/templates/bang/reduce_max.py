"""reduce_max over the last axis of [m, n]: hand-written BANG C, parametric, Union1.

Rows split over taskDim (last task takes the remainder). A block of rows lands in NRAM rows padded to
128 bytes whose pad lanes were filled with -inf; __bang_maxpool folds each row to 32 lane maxima
([rows][32]), __bang_transpose turns that into [32][rows], and a second __bang_maxpool over the 32
lanes leaves the rows' maxima contiguous, so one __memcpy stores them. Rows longer than the data
tile are streamed in chunks and merged with __bang_maxequal."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define PART_ROWS 256
#define DATA_NUM ((int)(NRAM_BYTES / sizeof(float)) - (2 * ALIGN_NUM + 1) * PART_ROWS)

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void reduce_max_rows(const float* x, float* out, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;
  if (row_count <= 0) return;

  float* data = (float*)nram_buffer;                 // [rows][n_pad]
  float* lanes = data + DATA_NUM;                    // [rows][32] lane maxima
  float* lanes_t = lanes + PART_ROWS * ALIGN_NUM;    // [32][rows]
  float* result = lanes_t + PART_ROWS * ALIGN_NUM;   // [rows] row maxima
  const int n_pad = (n + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;

  if (n_pad <= DATA_NUM) {
    int rows_per_block = DATA_NUM / n_pad;
    if (rows_per_block > PART_ROWS) rows_per_block = PART_ROWS;
    for (int r = 0; r < row_count; r += rows_per_block) {
      const int rows = (row_count - r < rows_per_block) ? row_count - r : rows_per_block;
      const int row = row_begin + r;
      if (n_pad != n) __bang_write_value(data, rows * n_pad, -INFINITY);
      __memcpy(data, x + (size_t)row * n, n * sizeof(float), GDRAM2NRAM, n_pad * sizeof(float),
               n * sizeof(float), rows - 1);
      __bang_maxpool(lanes, data, ALIGN_NUM, rows, n_pad / ALIGN_NUM, 1, n_pad / ALIGN_NUM, 1, 1);
      __bang_transpose(lanes_t, lanes, rows, ALIGN_NUM);
      __bang_maxpool(result, lanes_t, rows, 1, ALIGN_NUM, 1, ALIGN_NUM, 1, 1);
      __memcpy(out + row, result, rows * sizeof(float), NRAM2GDRAM);
    }
  } else {
    for (int row = row_begin; row < row_begin + row_count; ++row) {
      __bang_write_value(lanes, ALIGN_NUM, -INFINITY);
      for (int off = 0; off < n; off += DATA_NUM) {
        const int len = (n - off < DATA_NUM) ? n - off : DATA_NUM;
        const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
        if (len_pad != len) __bang_write_value(data + len_pad - ALIGN_NUM, ALIGN_NUM, -INFINITY);
        __memcpy(data, x + (size_t)row * n + off, len * sizeof(float), GDRAM2NRAM);
        __bang_maxpool(lanes_t, data, ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, 1);
        __bang_maxequal(lanes, lanes, lanes_t, ALIGN_NUM);
      }
      __bang_maxpool(result, lanes, 1, 1, ALIGN_NUM, 1, ALIGN_NUM, 1, 1);
      __memcpy(out + row, result, sizeof(float), NRAM2GDRAM);
    }
  }
}
'''
    return {"source": source, "entry": "reduce_max_rows", "args": ["x", "out", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: -inf padded row blocks, __bang_maxpool + __bang_transpose + __bang_maxpool",
            "parametric": True}
