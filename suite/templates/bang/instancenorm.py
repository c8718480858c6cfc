"""instancenorm of x [n, c, hw] (statistics over hw per (n, c), eps 1e-5): hand-written BANG C,
parametric, a Block launch of 16 independent tasks.

The n*c planes are split over taskId / taskDim (Block tasks see clusterDim == 0; the last task takes
the remainder); gamma and beta are staged once. Per plane: the row padded to 128 bytes with zeros,
mean from __bang_sumpool + __bang_reduce_sum, centred copy (pad lanes re-zeroed) squared and reduced
the same way, 1/sqrt(var + eps) with the vector __bang_rsqrt, and the whole normalisation applied as
one __bang_fusion FMA: y = x * a + b with a = gamma[c] * rstd, b = beta[c] - mean * a. Planes must
fit the tile (hw <= TILE)."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define MAX_C 4096
#define EPS 1e-5f
#define TILE (((int)(NRAM_BYTES / sizeof(float)) - 2 * MAX_C - 2 * ALIGN_NUM) / 2 / ALIGN_NUM * ALIGN_NUM)

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void instancenorm_planes(const float* x, const float* gamma, const float* beta, float* y,
                                        int n, int c, int hw) {
  const int planes = n * c;
  const int share = planes / taskDim;
  const int plane_begin = taskId * share;
  const int plane_count = (taskId == taskDim - 1) ? planes - plane_begin : share;
  if (plane_count <= 0) return;

  float* gamma_nram = (float*)nram_buffer;           // [c]
  float* beta_nram = gamma_nram + MAX_C;             // [c]
  float* plane = beta_nram + MAX_C;                  // [hw_pad]
  float* centred = plane + TILE;                     // [hw_pad]
  float* lanes = centred + TILE;                     // [32]
  float* stat = lanes + ALIGN_NUM;                   // [32]
  __memcpy(gamma_nram, gamma, c * sizeof(float), GDRAM2NRAM);
  __memcpy(beta_nram, beta, c * sizeof(float), GDRAM2NRAM);
  const int hw_pad = (hw + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
  const float inv_hw = 1.0f / hw;

  for (int p = plane_begin; p < plane_begin + plane_count; ++p) {
    const int ch = p % c;
    if (hw_pad != hw) __bang_write_zero(plane + hw_pad - ALIGN_NUM, ALIGN_NUM);
    __memcpy(plane, x + (size_t)p * hw, hw * sizeof(float), GDRAM2NRAM);

    __bang_sumpool(lanes, plane, ALIGN_NUM, 1, hw_pad / ALIGN_NUM, 1, hw_pad / ALIGN_NUM, 1, 1);
    __bang_reduce_sum(lanes, lanes, ALIGN_NUM);
    const float mean = lanes[0] * inv_hw;

    __bang_sub_scalar(centred, plane, mean, hw_pad);
    if (hw_pad != hw) __bang_write_zero(centred + hw, hw_pad - hw);
    __bang_square(centred, centred, hw_pad);
    __bang_sumpool(lanes, centred, ALIGN_NUM, 1, hw_pad / ALIGN_NUM, 1, hw_pad / ALIGN_NUM, 1, 1);
    __bang_reduce_sum(lanes, lanes, ALIGN_NUM);
    __bang_write_value(stat, ALIGN_NUM, lanes[0] * inv_hw + EPS);
    __bang_rsqrt(stat, stat, ALIGN_NUM);

    const float a = gamma_nram[ch] * stat[0];
    const float b = beta_nram[ch] - mean * a;
    __bang_fusion(FUSION_FMA, plane, plane, a, b, hw_pad);
    __memcpy(y + (size_t)p * hw, plane, hw * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "instancenorm_planes", "args": ["x", "gamma", "beta", "y", "n", "c", "hw"],
            "launch": {"tasks": 16, "func_type": "block"},
            "style": "hand-written: Block launch, per-plane two-pass statistics, __bang_rsqrt, __bang_fusion FMA",
            "parametric": True}
