"""conv2d_nhwc y[n,ho,wo,f] = sum x[n,ho*s+i,wo*s+j,c] w[f,i,j,c]: hand-written BANG C, parametric.

__bang_conv does the work: src [H][W][Ci] in NRAM, the filter [Co][KH][KW][Ci] in WRAM, dst
[Ho][Wo][Co] in NRAM. Output channels go in tiles of 64 (one WRAM lane group), input channels in
chunks padded to 16 floats (64 bytes) so that __bang_reshape_filter accepts them; the filter of one
output-channel tile is staged chunk by chunk (strided 2-D __memcpy GDRAM2NRAM with zero padding,
reshape, NRAM2WRAM) into consecutive WRAM regions and stays there while the task walks its output
rows. During staging the whole NRAM pool is the raw/packed filter area; afterwards it is re-carved
into the input band, the conv result and the accumulator over channel chunks. Work items are
(output-channel tile, image, band of output rows), ordered tile-major and split over the Union1
tasks in contiguous ranges, so a task restages the filter only when its tile changes."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_FLOATS ((__MLU_NRAM_SIZE__ * 1024 - 128 * 1024) / 4)   // 128 KB left to the compiler
#define WRAM_FLOATS (__MLU_WRAM_SIZE__ * 1024 / 4)
#define CO_TILE 64                                  // output channels per WRAM lane group
#define CI_ALIGN 16                                 // input channels padded to 64 bytes
#define STAGE_FLOATS (NRAM_FLOATS / 2)              // raw | packed filter chunk while staging

__nram__ float nram_pool[NRAM_FLOATS];
__wram__ float wram_filter[WRAM_FLOATS];

__mlu_func__ int pad_up(int v, int a) { return (v + a - 1) / a * a; }
__mlu_func__ int min_i(int a, int b) { return a < b ? a : b; }

__mlu_global__ void conv2d_nhwc_bang_conv(const float* x, const float* w, float* y, int N, int H, int W,
                                          int C, int F, int KH, int KW, int stride) {
  if (__is_mpu()) return;
  const int Ho = (H - KH) / stride + 1, Wo = (W - KW) / stride + 1;
  const int khw = KH * KW;
  // channel chunk: the largest multiple of 16 whose packed filter tile fits one staging half
  const int ci_t = min_i(pad_up(C, CI_ALIGN), STAGE_FLOATS / (CO_TILE * khw) / CI_ALIGN * CI_ALIGN);
  if (ci_t == 0) return;                                     // filter window too large for this kernel
  const int chunks = (C + ci_t - 1) / ci_t;
  const int ci_last_pad = pad_up(C - (chunks - 1) * ci_t, CI_ALIGN);
  if (CO_TILE * khw * ((chunks - 1) * ci_t + ci_last_pad) > WRAM_FLOATS) return;

  // output-row band: input band + conv result + accumulator must fit the pool
  const int per_row = stride * W * ci_t + 2 * CO_TILE * Wo;
  int band = (NRAM_FLOATS - (KH - stride) * W * ci_t) / per_row;
  const int co_tiles = (F + CO_TILE - 1) / CO_TILE;
  const int fair = (N * Ho * co_tiles + taskDim - 1) / taskDim;    // rows per task if evenly spread
  band = min_i(min_i(band, Ho), fair < 1 ? 1 : fair);
  if (band < 1) return;
  const int bands = (Ho + band - 1) / band;

  const int items = co_tiles * N * bands;
  const int per = items / taskDim, rem = items % taskDim;
  const int first = taskId * per + min_i(taskId, rem);
  const int last = first + per + (taskId < rem ? 1 : 0);

  int staged = -1;
  for (int it = first; it < last; ++it) {
    const int ct = it / (N * bands);
    const int n = (it / bands) % N;
    const int oh0 = (it % bands) * band;
    const int f0 = ct * CO_TILE, fc = min_i(CO_TILE, F - f0);

    if (ct != staged) {                        // stage the filter of this output-channel tile
      float* raw = nram_pool;
      float* packed = nram_pool + STAGE_FLOATS;
      for (int j = 0; j < chunks; ++j) {
        const int c0 = j * ci_t, cc = min_i(ci_t, C - c0), cp = pad_up(cc, CI_ALIGN);
        if (cc != cp || fc != CO_TILE) __bang_write_zero(raw, CO_TILE * khw * cp);
        if (cc == C && cp == C) {
          __memcpy(raw, w + (size_t)f0 * khw * C, fc * khw * C * sizeof(float), GDRAM2NRAM);
        } else {
          __memcpy(raw, w + (size_t)f0 * khw * C + c0, cc * sizeof(float), GDRAM2NRAM,
                   cp * sizeof(float), C * sizeof(float), fc * khw - 1);
        }
        __bang_reshape_filter(packed, raw, CO_TILE, KH, KW, cp);
        __memcpy(wram_filter + CO_TILE * khw * c0, packed, CO_TILE * khw * cp * sizeof(float), NRAM2WRAM);
      }
      staged = ct;
    }

    const int rows = min_i(band, Ho - oh0);
    const int in_rows = (rows - 1) * stride + KH;
    float* in_band = nram_pool;
    float* acc = in_band + (size_t)((band - 1) * stride + KH) * W * ci_t;
    float* part = acc + (size_t)band * Wo * CO_TILE;
    const float* x_band = x + ((size_t)n * H + (size_t)oh0 * stride) * W * C;
    for (int j = 0; j < chunks; ++j) {
      const int c0 = j * ci_t, cc = min_i(ci_t, C - c0), cp = pad_up(cc, CI_ALIGN);
      if (cc == C && cp == C) {
        __memcpy(in_band, x_band, in_rows * W * C * sizeof(float), GDRAM2NRAM);
      } else {
        if (cc != cp) __bang_write_zero(in_band, in_rows * W * cp);
        __memcpy(in_band, x_band + c0, cc * sizeof(float), GDRAM2NRAM, cp * sizeof(float), C * sizeof(float),
                 in_rows * W - 1);
      }
      __bang_conv(j == 0 ? acc : part, in_band, wram_filter + CO_TILE * khw * c0, cp, in_rows, W, KH, KW,
                  stride, stride, CO_TILE);
      if (j > 0) __bang_add(acc, acc, part, rows * Wo * CO_TILE);
    }
    float* y_band = y + ((size_t)n * Ho + oh0) * Wo * F + f0;
    if (fc == F && F == CO_TILE) {
      __memcpy(y_band, acc, rows * Wo * F * sizeof(float), NRAM2GDRAM);
    } else {
      __memcpy(y_band, acc, fc * sizeof(float), NRAM2GDRAM, F * sizeof(float), CO_TILE * sizeof(float),
               rows * Wo - 1);
    }
  }
}
'''
    return {"source": source, "entry": "conv2d_nhwc_bang_conv",
            "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: __bang_conv (HWC src in NRAM, [Co][KH][KW][Ci] filter in WRAM), channel chunks "
                     "accumulated with __bang_add, NRAM pool re-carved between staging and compute",
            "parametric": True}
