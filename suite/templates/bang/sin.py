"""sin: hand-written BANG C, parametric in n, a Block launch of 8 independent tasks.

Block tasks see clusterDim == 0 and share nothing, so the split is by taskId / taskDim alone (the
last task takes the remainder). Uses the accurate __bang_sin of bang.md 4.1 (tp_322 and later)
rather than the table-driven __bang_active_sin."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define TILE ((int)(NRAM_BYTES / sizeof(float) / ALIGN_NUM * ALIGN_NUM))

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void sin_block(const float* x, float* out, int n) {
  const int share = n / taskDim;
  const int begin = taskId * share;
  const int count = (taskId == taskDim - 1) ? n - begin : share;
  float* tile = (float*)nram_buffer;
  for (int off = 0; off < count; off += TILE) {
    const int len = (count - off < TILE) ? count - off : TILE;
    const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
    __memcpy(tile, x + begin + off, len * sizeof(float), GDRAM2NRAM);
    __bang_sin(tile, tile, len_pad);
    __memcpy(out + begin + off, tile, len * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "sin_block", "args": ["x", "out", "n"],
            "launch": {"tasks": 8, "func_type": "block"},
            "style": "hand-written: Block launch (taskId/taskDim split), accurate __bang_sin", "parametric": True}
