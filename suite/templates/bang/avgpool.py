"""avgpool, 2-D NHWC, valid windows: hand-written BANG C, parametric, Union1.

__bang_avgpool is deprecated in BANG C 4.5, so this is __bang_sumpool and a scale by 1/(kh*kw).
Work items are (output row, channel block) pairs split over taskDim (the last task takes the
remainder). Each item gathers the kh input rows of one channel block with a strided 2-D __memcpy
(kh*w segments of cb floats, source stride c floats), pools them to one output row of that block and
scatters it back with a strided 2-D __memcpy (wo segments, destination stride c floats)."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define CB_MAX 256                                   // channels per block

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void avgpool_nhwc(const float* x, float* y, int n, int h, int w, int c, int kh, int kw, int stride) {
  if (__is_mpu()) return;
  const int ho = (h - kh) / stride + 1;
  const int wo = (w - kw) / stride + 1;
  const int cb_size = c < CB_MAX ? c : CB_MAX;
  const int blocks = (c + cb_size - 1) / cb_size;
  const int items = n * ho * blocks;
  const int share = items / taskDim;
  const int item_begin = taskId * share;
  const int item_count = (taskId == taskDim - 1) ? items - item_begin : share;
  const float scale = 1.0f / (kh * kw);

  float* src = (float*)nram_buffer;                  // [kh][w][cb]
  float* dst = src + kh * w * cb_size;               // [wo][cb], padded to 128 bytes
  for (int it = item_begin; it < item_begin + item_count; ++it) {
    const int row = it / blocks, blk = it % blocks;
    const int img = row / ho, oh = row % ho;
    const int c0 = blk * cb_size;
    const int cb = (c - c0 < cb_size) ? c - c0 : cb_size;
    const float* in = x + (((size_t)img * h + (size_t)oh * stride) * w) * c + c0;
    float* out = y + (((size_t)img * ho + oh) * wo) * c + c0;
    __memcpy(src, in, cb * sizeof(float), GDRAM2NRAM, cb * sizeof(float), c * sizeof(float), kh * w - 1);
    __bang_sumpool(dst, src, cb, kh, w, kh, kw, stride, stride);
    __bang_mul_scalar(dst, dst, scale, (wo * cb + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM);
    __memcpy(out, dst, cb * sizeof(float), NRAM2GDRAM, c * sizeof(float), cb * sizeof(float), wo - 1);
  }
}
'''
    return {"source": source, "entry": "avgpool_nhwc", "args": ["x", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: channel blocks gathered/scattered by 2-D strided __memcpy, __bang_sumpool + scale",
            "parametric": True}
