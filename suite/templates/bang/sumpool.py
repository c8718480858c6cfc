"""sumpool, 2-D NHWC, valid windows: hand-written BANG C, parametric, Union1 on 2 clusters.

The n * Ho output rows are split over taskDim (the last task takes the remainder) and walked in
bands that stay inside one image; each band's input rows are contiguous in NHWC. The NRAM arena is
split into ping and pong halves: while __bang_sumpool reduces band i (stride in width first), the
__memcpy_async of band i+1 is in flight and band i's result leaves with __memcpy_async; one fence
per band orders the steps."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define HALF_FLOATS ((int)(NRAM_BYTES / 2 / sizeof(float)))     // ping / pong halves

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_func__ int band_rows(int r, int end, int ho, int band) {
  int b = ho - r % ho;                    // a band never crosses an image
  if (b > band) b = band;
  if (b > end - r) b = end - r;
  return b;
}

__mlu_global__ void sumpool_nhwc(const float* x, float* y, int n, int h, int w, int c, int kh, int kw, int stride) {
  if (__is_mpu()) return;
  const int ho = (h - kh) / stride + 1;
  const int wo = (w - kw) / stride + 1;
  const int total_rows = n * ho;
  const int share = total_rows / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? total_rows - row_begin : share;
  if (row_count <= 0) return;
  const int end = row_begin + row_count;

  const int in_row = w * c, out_row = wo * c;
  int band = (HALF_FLOATS - (kh - stride) * in_row) / (stride * in_row + out_row);
  if (band < 1) band = 1;
  const int src_floats = ((band - 1) * stride + kh) * in_row;
  float* src[2] = {(float*)nram_buffer, (float*)nram_buffer + HALF_FLOATS};
  float* dst[2] = {src[0] + src_floats, src[1] + src_floats};

  int r = row_begin;
  int b = band_rows(r, end, ho, band);
  __memcpy_async(src[0], x + ((size_t)(r / ho) * h + (size_t)(r % ho) * stride) * in_row,
                 ((b - 1) * stride + kh) * in_row * sizeof(float), GDRAM2NRAM);
  __sync_io();
  for (int i = 0; r < end; ++i) {
    const int r_next = r + b;
    const int b_next = r_next < end ? band_rows(r_next, end, ho, band) : 0;
    if (b_next > 0) {                      // prefetch the next band into the other half
      __memcpy_async(src[(i + 1) & 1], x + ((size_t)(r_next / ho) * h + (size_t)(r_next % ho) * stride) * in_row,
                     ((b_next - 1) * stride + kh) * in_row * sizeof(float), GDRAM2NRAM);
    }
    __bang_sumpool(dst[i & 1], src[i & 1], c, (b - 1) * stride + kh, w, kh, kw, stride, stride);
    __memcpy_async(y + (size_t)r * out_row, dst[i & 1], b * out_row * sizeof(float), NRAM2GDRAM);
    __sync_io_move_compute();
    r = r_next;
    b = b_next;
  }
}
'''
    return {"source": source, "entry": "sumpool_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"tasks": [4, 2, 1], "func_type": "union1"},
            "style": "hand-written: ping-pong output-row bands with __memcpy_async, __bang_sumpool",
            "parametric": True}
