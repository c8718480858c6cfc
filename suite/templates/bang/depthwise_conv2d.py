"""depthwise_conv2d y[n,ho,wo,c] = sum_ij x[n,ho*s+i,wo*s+j,c] w[i,j,c]: hand-written BANG C, parametric.

No tensor-unit call fits a per-channel filter, so the vector unit does it: for a band of output
rows, every filter tap (i, j) brings its strided input window [rows][Wo][C] into NRAM with one 3-D
__memcpy (chunks of C floats, source strides s*C and s*W*C), __bang_cycle_mul multiplies it by the
tap's C weights (broadcast along the window) and __bang_add accumulates. Window loads are
double-buffered with __memcpy_async: the window of tap t+1 is in flight while tap t is computed,
with one __sync_io_move_compute per step. The KH*KW*C weights stay in NRAM for the whole kernel.
Bands of output rows (never crossing an image) are split over the Union1 tasks in contiguous
ranges."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_FLOATS ((__MLU_NRAM_SIZE__ * 1024 - 128 * 1024) / 4)

__nram__ float nram_pool[NRAM_FLOATS];

__mlu_func__ int smaller(int a, int b) { return a < b ? a : b; }

// strided input window of tap (i, j) for output rows [oh0, oh0 + rows) of image n
__mlu_func__ void load_window(float* dst, const float* x, int H, int W, int C, int Wo, int stride, int n, int oh0,
                              int rows, int i, int j) {
  const float* src = x + (((size_t)n * H + (size_t)oh0 * stride + i) * W + j) * C;
  __memcpy_async(dst, src, C * sizeof(float), GDRAM2NRAM,
                 C * sizeof(float), Wo - 1, Wo * C * sizeof(float), rows - 1,                       // dst
                 stride * C * sizeof(float), Wo - 1, stride * W * C * sizeof(float), rows - 1);     // src
}

__mlu_global__ void depthwise_conv2d_nhwc(const float* x, const float* w, float* y, int N, int H, int W, int C,
                                          int KH, int KW, int stride) {
  if (__is_mpu()) return;
  const int Ho = (H - KH) / stride + 1, Wo = (W - KW) / stride + 1;
  const int taps = KH * KW;
  const int row_len = Wo * C;
  // pool: [ weights | acc | window ping | window pong ]
  int band = (NRAM_FLOATS - taps * C) / (3 * row_len);
  const int fair = (N * Ho + taskDim - 1) / taskDim;
  band = smaller(smaller(band, Ho), fair);
  if (band < 1) return;                                    // one output row does not fit NRAM
  float* w_nram = nram_pool;
  float* acc = w_nram + taps * C;
  float* win[2] = {acc + band * row_len, acc + 2 * band * row_len};

  const int bands = (Ho + band - 1) / band;
  const int items = N * bands;
  const int per = items / taskDim, rem = items % taskDim;
  const int first = taskId * per + smaller(taskId, rem);
  const int last = first + per + (taskId < rem ? 1 : 0);
  if (first >= last) return;

  __memcpy(w_nram, w, taps * C * sizeof(float), GDRAM2NRAM);
  for (int it = first; it < last; ++it) {
    const int n = it / bands, oh0 = (it % bands) * band;
    const int rows = smaller(band, Ho - oh0);
    const int len = rows * row_len;
    load_window(win[0], x, H, W, C, Wo, stride, n, oh0, rows, 0, 0);
    __sync_io_move_compute();
    for (int t = 0; t < taps; ++t) {
      if (t + 1 < taps)                                    // prefetch the next tap's window
        load_window(win[(t + 1) & 1], x, H, W, C, Wo, stride, n, oh0, rows, (t + 1) / KW, (t + 1) % KW);
      float* cur = win[t & 1];
      if (t == 0) {
        __bang_cycle_mul(acc, cur, w_nram, len, C);
      } else {
        __bang_cycle_mul(cur, cur, w_nram + t * C, len, C);
        __bang_add(acc, acc, cur, len);
      }
      __sync_io_move_compute();
    }
    __memcpy(y + ((size_t)n * Ho + oh0) * row_len, acc, len * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "depthwise_conv2d_nhwc",
            "args": ["x", "weight", "y", "n", "h", "w", "c", "kh", "kw", "stride"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: vector depthwise (3-D strided __memcpy_async windows, __bang_cycle_mul + "
                     "__bang_add), ping-pong prefetch of the next tap",
            "parametric": True}
