"""msda: multi-scale deformable attention forward (Deformable DETR), hand-written BANG C, fixed level geometry.

The level geometry (number of levels, their (h, w) and start offsets in `value`) is baked into the
kernel as constants per configuration; batch, queries, heads, channels and points are run-time
arguments. Blocks of up to 16 queries of one batch are split over the Union1 tasks. A block's
sampling locations and attention weights arrive in NRAM with one contiguous __memcpy each, the
output rows are accumulated in NRAM and stored with one __memcpy. For every (query, head, level,
point) the bilinear corners are computed on the scalar unit (align_corners=False: pixel = loc * size
- 0.5; corners outside the map contribute zero); the in-range corners' channel vectors are gathered
from GDRAM with __memcpy_async (a compute fence before, an IO fence after) and folded into the output with
__bang_fusion(FUSION_FMA, acc, value, weight, acc), where weight = attention x bilinear weight."""

Q_BLOCK = 16
MAX_DIM = 64
MAX_HEADS = 16
MAX_LP = 32              # levels x points


def render(s):
    levels = s["levels"]
    starts, acc = [], 0
    for h, w in levels:
        starts.append(acc)
        acc += h * w
    nl = len(levels)
    hs = ", ".join(str(h) for h, _ in levels)
    ws = ", ".join(str(w) for _, w in levels)
    st = ", ".join(str(v) for v in starts)
    source = r'''
#include <bang.h>

#define NUM_LEVELS @NL@
#define NUM_VALUE @NV@          // sum of h * w over the levels
#define Q_BLOCK @QB@            // queries per work item
#define MAX_DIM @MD@
#define MAX_HEADS @MH@
#define MAX_LP @MLP@            // levels x points

__nram__ float loc_nram[Q_BLOCK * MAX_HEADS * MAX_LP * 2];   // [q][head][level][point][x, y]
__nram__ float attn_nram[Q_BLOCK * MAX_HEADS * MAX_LP];      // [q][head][level][point]
__nram__ float out_nram[Q_BLOCK * MAX_HEADS * MAX_DIM];      // [q][head * dim]
__nram__ float corner_nram[4 * MAX_DIM];                     // the four corner vectors of one sample

__mlu_global__ void msda_forward_bilinear(const float* value, const float* sampling_loc, const float* attn_weight,
                                          float* out, int batch, int num_query, int num_heads, int channels,
                                          int num_points) {
  if (__is_mpu()) return;
  const int level_h[NUM_LEVELS] = {@HS@};
  const int level_w[NUM_LEVELS] = {@WS@};
  const int level_start[NUM_LEVELS] = {@ST@};
  if (channels > MAX_DIM || num_heads > MAX_HEADS || NUM_LEVELS * num_points > MAX_LP) return;

  const int lp = NUM_LEVELS * num_points;
  const int q_blocks = (num_query + Q_BLOCK - 1) / Q_BLOCK;
  const int items = batch * q_blocks;
  const int per = items / taskDim, rem = items % taskDim;
  const int first = taskId * per + (taskId < rem ? taskId : rem);
  const int last = first + per + (taskId < rem ? 1 : 0);
  const int row = num_heads * channels;                      // value/out elements per spatial position

  for (int it = first; it < last; ++it) {
    const int b = it / q_blocks, q0 = (it % q_blocks) * Q_BLOCK;
    const int nq = num_query - q0 < Q_BLOCK ? num_query - q0 : Q_BLOCK;
    const size_t qbase = (size_t)b * num_query + q0;
    __memcpy(loc_nram, sampling_loc + qbase * num_heads * lp * 2, nq * num_heads * lp * 2 * sizeof(float),
             GDRAM2NRAM);
    __memcpy(attn_nram, attn_weight + qbase * num_heads * lp, nq * num_heads * lp * sizeof(float), GDRAM2NRAM);
    __bang_write_zero(out_nram, nq * row);
    const float* value_b = value + (size_t)b * NUM_VALUE * row;

    for (int q = 0; q < nq; ++q) {
      for (int h = 0; h < num_heads; ++h) {
        float* acc = out_nram + q * row + h * channels;
        const float* loc = loc_nram + (q * num_heads + h) * lp * 2;
        const float* attn = attn_nram + (q * num_heads + h) * lp;
        for (int l = 0; l < NUM_LEVELS; ++l) {
          const int hl = level_h[l], wl = level_w[l];
          const float* value_l = value_b + (size_t)level_start[l] * row + h * channels;
          for (int p = 0; p < num_points; ++p) {
            const int s = l * num_points + p;
            const float px = loc[2 * s] * wl - 0.5f;         // pixel coordinates, align_corners=False
            const float py = loc[2 * s + 1] * hl - 0.5f;
            if (!(px > -1.0f && py > -1.0f && px < (float)wl && py < (float)hl)) continue;
            const int x0 = (int)floorf(px), y0 = (int)floorf(py);
            const float fx = px - x0, fy = py - y0;
            const float a = attn[s];
            const float wgt[4] = {(1.0f - fx) * (1.0f - fy) * a, fx * (1.0f - fy) * a,
                                  (1.0f - fx) * fy * a, fx * fy * a};
            bool valid[4];
            __sync_compute();                                // previous sample's FMAs are done with corner_nram
            for (int c = 0; c < 4; ++c) {
              const int xi = x0 + (c & 1), yi = y0 + (c >> 1);
              valid[c] = xi >= 0 && xi < wl && yi >= 0 && yi < hl;
              if (valid[c])
                __memcpy_async(corner_nram + c * channels, value_l + ((size_t)yi * wl + xi) * row,
                               channels * sizeof(float), GDRAM2NRAM);
            }
            __sync_io();
            for (int c = 0; c < 4; ++c)
              if (valid[c]) __bang_fusion(FUSION_FMA, acc, corner_nram + c * channels, wgt[c], acc, channels);
          }
        }
      }
    }
    __memcpy(out + qbase * row, out_nram, nq * row * sizeof(float), NRAM2GDRAM);
  }
}
'''
    for key, val in {"@NL@": nl, "@NV@": acc, "@QB@": Q_BLOCK, "@MD@": MAX_DIM, "@MH@": MAX_HEADS,
                     "@MLP@": MAX_LP, "@HS@": hs, "@WS@": ws, "@ST@": st}.items():
        source = source.replace(key, str(val))
    return {"source": source, "entry": "msda_forward_bilinear",
            "args": ["value", "sampling_locations", "attention_weights", "out", "b", "q", "heads", "dim", "points"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: level geometry baked in as constants, scalar bilinear corner math, per-corner "
                     "__memcpy_async gathers, __bang_fusion FMA accumulation",
            "parametric": False}
