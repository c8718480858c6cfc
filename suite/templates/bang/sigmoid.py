"""sigmoid: hand-written BANG C, parametric in n, Union1 on 2 clusters (8 tasks).

Two-stage ping-pong: while chunk i is computed in place by __bang_active_sigmoid and stored, the
load of chunk i+1 into the other buffer is already in flight (__memcpy_async, fenced once per
iteration). Flat split over taskDim, the last task takes the remainder."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define TILE ((int)(NRAM_BYTES / 2 / sizeof(float) / ALIGN_NUM * ALIGN_NUM))   // ping and pong

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void sigmoid_pingpong(const float* x, float* out, int n) {
  if (__is_mpu()) return;
  const int share = n / taskDim;
  const int begin = taskId * share;
  const int count = (taskId == taskDim - 1) ? n - begin : share;
  if (count <= 0) return;
  float* buf[2] = {(float*)nram_buffer, (float*)nram_buffer + TILE};
  const int chunks = (count + TILE - 1) / TILE;

  __memcpy_async(buf[0], x + begin, (chunks == 1 ? count : TILE) * sizeof(float), GDRAM2NRAM);
  __sync_io();
  for (int i = 0; i < chunks; ++i) {
    const int len = (i == chunks - 1) ? count - i * TILE : TILE;
    const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
    if (i + 1 < chunks) {                         // prefetch the next chunk into the other buffer
      const int next = (i + 1 == chunks - 1) ? count - (i + 1) * TILE : TILE;
      __memcpy_async(buf[(i + 1) & 1], x + begin + (i + 1) * TILE, next * sizeof(float), GDRAM2NRAM);
    }
    __bang_active_sigmoid(buf[i & 1], buf[i & 1], len_pad);
    __memcpy(out + begin + i * TILE, buf[i & 1], len * sizeof(float), NRAM2GDRAM);
    __sync_io_move_compute();
  }
}
'''
    return {"source": source, "entry": "sigmoid_pingpong", "args": ["x", "out", "n"],
            "launch": {"tasks": [4, 2, 1], "func_type": "union1"},
            "style": "hand-written: 2-stage ping-pong prefetch with __memcpy_async, __bang_active_sigmoid",
            "parametric": True}
