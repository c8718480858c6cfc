"""add: hand-written BANG C, parametric in n, Union1 over 4 clusters x 4 cores.

The flat range is split over taskDim (the last task takes the remainder); each task streams its part
through ping-pong NRAM tiles with __memcpy_async in the three-stage load / compute / store pipeline of
bang.md 7.3, so chunk c is loaded at step c, added at step c+1 and stored at step c+2. Compute lengths
are padded to 128 bytes; copies move exact byte counts."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)   // leave 128 KB to the compiler
#define ALIGN_NUM 32                                          // floats per 128-byte vector block
// six tiles: x and y inputs, and the sum, each twice (ping / pong)
#define TILE ((int)(NRAM_BYTES / 6 / sizeof(float) / ALIGN_NUM * ALIGN_NUM))

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void add_union1_pipeline(const float* x, const float* y, float* out, int n) {
  if (__is_mpu()) return;
  const int share = n / taskDim;
  const int begin = taskId * share;
  const int count = (taskId == taskDim - 1) ? n - begin : share;
  if (count <= 0) return;

  float* x_tile[2] = {(float*)nram_buffer, (float*)nram_buffer + TILE};
  float* y_tile[2] = {(float*)nram_buffer + 2 * TILE, (float*)nram_buffer + 3 * TILE};
  float* o_tile[2] = {(float*)nram_buffer + 4 * TILE, (float*)nram_buffer + 5 * TILE};
  const int chunks = (count + TILE - 1) / TILE;

  for (int step = 0; step < chunks + 2; ++step) {
    const int st = step - 2, cp = step - 1, ld = step;
    if (st >= 0) {                                   // store chunk st
      const int len = (st == chunks - 1) ? count - st * TILE : TILE;
      __memcpy_async(out + begin + st * TILE, o_tile[st & 1], len * sizeof(float), NRAM2GDRAM);
    }
    if (cp >= 0 && cp < chunks) {                    // compute chunk cp on 128-byte padded length
      const int len = (cp == chunks - 1) ? count - cp * TILE : TILE;
      const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
      __bang_add(o_tile[cp & 1], x_tile[cp & 1], y_tile[cp & 1], len_pad);
    }
    if (ld < chunks) {                               // load chunk ld
      const int len = (ld == chunks - 1) ? count - ld * TILE : TILE;
      __memcpy_async(x_tile[ld & 1], x + begin + ld * TILE, len * sizeof(float), GDRAM2NRAM);
      __memcpy_async(y_tile[ld & 1], y + begin + ld * TILE, len * sizeof(float), GDRAM2NRAM);
    }
    __sync_io_move_compute();                        // one fence per pipeline step
  }
}
'''
    return {"source": source, "entry": "add_union1_pipeline", "args": ["x", "y", "out", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: Union1 flat split, double-buffered __memcpy_async 3-stage pipeline",
            "parametric": True}
