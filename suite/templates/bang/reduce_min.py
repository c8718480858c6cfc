"""reduce_min over the last axis of [m, n]: hand-written BANG C, parametric, Union1.

Row by row, each row streamed through a fixed NRAM chunk (long rows take several): the tail of a
chunk is padded to 128 bytes with +inf, __bang_minpool folds the chunk to 32 lane minima, which
__bang_minequal merges into the row's running minima; __bang_argmin then gives the row minimum
(value first, index after it) and the results of all rows of the task leave in one __memcpy."""


def render(shape):
    source = r'''
#include <bang.h>

#define ALIGN_NUM 32
#define CHUNK 8192                        // floats per streamed chunk (32 KB)
#define MAX_ROWS 4096                     // results kept on chip per store

__nram__ float chunk_nram[CHUNK];
__nram__ float lane_min[ALIGN_NUM];
__nram__ float chunk_min[ALIGN_NUM];
__nram__ float arg_result[ALIGN_NUM];     // value, then its index as a uint32
__nram__ float row_min[MAX_ROWS];

__mlu_global__ void reduce_min_rows(const float* x, float* out, int m, int n) {
  if (__is_mpu()) return;
  const int share = m / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? m - row_begin : share;

  for (int r0 = 0; r0 < row_count; r0 += MAX_ROWS) {
    const int rows = (row_count - r0 < MAX_ROWS) ? row_count - r0 : MAX_ROWS;
    for (int r = 0; r < rows; ++r) {
      const float* src = x + (size_t)(row_begin + r0 + r) * n;
      __bang_write_value(lane_min, ALIGN_NUM, INFINITY);
      for (int off = 0; off < n; off += CHUNK) {
        const int len = (n - off < CHUNK) ? n - off : CHUNK;
        const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
        if (len_pad != len) __bang_write_value(chunk_nram + len_pad - ALIGN_NUM, ALIGN_NUM, INFINITY);
        __memcpy(chunk_nram, src + off, len * sizeof(float), GDRAM2NRAM);
        __bang_minpool(chunk_min, chunk_nram, ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, len_pad / ALIGN_NUM, 1, 1);
        __bang_minequal(lane_min, lane_min, chunk_min, ALIGN_NUM);
      }
      __bang_argmin(arg_result, lane_min, ALIGN_NUM);
      row_min[r] = arg_result[0];
    }
    __memcpy(out + row_begin + r0, row_min, rows * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "reduce_min_rows", "args": ["x", "out", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: streamed chunks, __bang_minpool + __bang_minequal + __bang_argmin",
            "parametric": True}
