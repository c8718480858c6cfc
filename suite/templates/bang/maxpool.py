"""maxpool, 2-D NHWC, valid windows: hand-written BANG C, parametric, Union1.

The n * Ho output rows are split over taskDim (the last task takes the remainder). A task walks its
rows in bands that never cross an image: the (band - 1) * stride + kh input rows a band needs are
contiguous in NHWC, so one __memcpy stages them, one __bang_maxpool (C, H, W, KH, KW, then the stride
in width before the stride in height) produces the band's output rows, and one __memcpy stores them.
The band height is the largest that fits the NRAM arena."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define NRAM_FLOATS ((int)(NRAM_BYTES / sizeof(float)))

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void maxpool_nhwc(const float* x, float* y, int n, int h, int w, int c, int kh, int kw, int stride) {
  if (__is_mpu()) return;
  const int ho = (h - kh) / stride + 1;
  const int wo = (w - kw) / stride + 1;
  const int total_rows = n * ho;
  const int share = total_rows / taskDim;
  const int row_begin = taskId * share;
  const int row_count = (taskId == taskDim - 1) ? total_rows - row_begin : share;
  if (row_count <= 0) return;

  const int in_row = w * c;                 // floats per input row
  const int out_row = wo * c;               // floats per output row
  // a band of b output rows reads ((b - 1) * stride + kh) input rows and writes b output rows
  int band = (NRAM_FLOATS - (kh - stride) * in_row) / (stride * in_row + out_row);
  if (band < 1) band = 1;
  if (band > ho) band = ho;
  float* src = (float*)nram_buffer;
  float* dst = src + ((band - 1) * stride + kh) * in_row;

  for (int r = row_begin; r < row_begin + row_count;) {
    const int img = r / ho, oh = r % ho;
    int b = ho - oh;                                   // stay inside the image
    if (b > band) b = band;
    if (b > row_begin + row_count - r) b = row_begin + row_count - r;
    const int in_rows = (b - 1) * stride + kh;
    __memcpy(src, x + ((size_t)img * h + (size_t)oh * stride) * in_row, in_rows * in_row * sizeof(float), GDRAM2NRAM);
    __bang_maxpool(dst, src, c, in_rows, w, kh, kw, stride, stride);
    __memcpy(y + ((size_t)img * ho + oh) * out_row, dst, b * out_row * sizeof(float), NRAM2GDRAM);
    r += b;
  }
}
'''
    return {"source": source, "entry": "maxpool_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: output-row bands sized from NRAM, contiguous NHWC copies, __bang_maxpool",
            "parametric": True}
