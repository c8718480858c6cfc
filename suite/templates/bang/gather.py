"""gather out[i] = table[idx[i]] (embedding lookup, int32 idx): hand-written BANG C, parametric.

The m output rows are split over the Union1 tasks (flat split, the first `rem` tasks take one more
row). A task walks its rows in NRAM tiles: the tile's int32 indices come in with one __memcpy,
each selected table row is fetched with its own __memcpy_async GDRAM2NRAM into consecutive tile
rows, one __sync_io waits for them, and the assembled tile leaves with a single contiguous
NRAM2GDRAM __memcpy. Rows wider than a tile (not needed by the suite's shapes) are not supported."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define IDX_TILE 1024                                          // indices per tile at most
#define ROW_BYTES (NRAM_BYTES - IDX_TILE * (int)sizeof(int))   // room for gathered rows

__nram__ int idx_nram[IDX_TILE];
__nram__ int8_t rows_nram[ROW_BYTES];

__mlu_global__ void gather_rows_union1(const float* table, const int* idx, float* out, int V, int D, int M) {
  if (__is_mpu()) return;
  const int per = M / taskDim, rem = M % taskDim;
  const int begin = taskId * per + (taskId < rem ? taskId : rem);
  const int count = per + (taskId < rem ? 1 : 0);
  const int row_bytes = D * (int)sizeof(float);
  int tile_rows = ROW_BYTES / row_bytes;
  if (tile_rows > IDX_TILE) tile_rows = IDX_TILE;
  if (count <= 0 || tile_rows <= 0) return;

  float* tile = (float*)rows_nram;
  for (int r0 = begin; r0 < begin + count; r0 += tile_rows) {
    const int rows = begin + count - r0 < tile_rows ? begin + count - r0 : tile_rows;
    __memcpy(idx_nram, idx + r0, rows * sizeof(int), GDRAM2NRAM);
    for (int r = 0; r < rows; ++r) {
      const int v = idx_nram[r];                               // scalar read from NRAM
      __memcpy_async(tile + (size_t)r * D, table + (size_t)v * D, row_bytes, GDRAM2NRAM);
    }
    __sync_io();
    __memcpy(out + (size_t)r0 * D, tile, rows * row_bytes, NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "gather_rows_union1", "args": ["table", "idx", "out", "v", "d", "m"],
            "dtypes": {"idx": "int32"}, "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: per-row __memcpy_async GDRAM2NRAM gathers into an NRAM tile, one contiguous store",
            "parametric": True}
