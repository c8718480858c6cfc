"""gelu (tanh approximation): hand-written BANG C, parametric in n, Union1.

The engine's __bang_active_gelu is the erf form (intrinsics.py: 0.5 x (1 + erf(x / sqrt 2))), not the
suite's tanh approximation, so the kernel composes it from vector ops:
  u = x * x;  u = u * (0.044715 k) + k  (__bang_fusion FMA, k = sqrt(2/pi));  u = u * x   -> k (x + 0.044715 x^3)
  u = tanh(u);  y = (u + 1) * (0.5 x)   (__bang_fusion FAM)"""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define ALIGN_NUM 32
#define TILE ((int)(NRAM_BYTES / 3 / sizeof(float) / ALIGN_NUM * ALIGN_NUM))   // x, u and 0.5x tiles
#define SQRT_2_OVER_PI 0.7978845608028654f
#define GELU_COEF 0.044715f

__nram__ int8_t nram_buffer[NRAM_BYTES];

__mlu_global__ void gelu_tanh_union1(const float* x, float* out, int n) {
  if (__is_mpu()) return;
  const int share = n / taskDim;
  const int begin = taskId * share;
  const int count = (taskId == taskDim - 1) ? n - begin : share;

  float* x_nram = (float*)nram_buffer;
  float* u_nram = x_nram + TILE;
  float* h_nram = u_nram + TILE;
  for (int off = 0; off < count; off += TILE) {
    const int len = (count - off < TILE) ? count - off : TILE;
    const int len_pad = (len + ALIGN_NUM - 1) / ALIGN_NUM * ALIGN_NUM;
    __memcpy(x_nram, x + begin + off, len * sizeof(float), GDRAM2NRAM);
    __bang_mul(u_nram, x_nram, x_nram, len_pad);                                  // x^2
    __bang_fusion(FUSION_FMA, u_nram, u_nram, SQRT_2_OVER_PI * GELU_COEF, SQRT_2_OVER_PI, len_pad);
    __bang_mul(u_nram, u_nram, x_nram, len_pad);                                  // k (x + c x^3)
    __bang_active_tanh(u_nram, u_nram, len_pad);
    __bang_mul_scalar(h_nram, x_nram, 0.5f, len_pad);
    __bang_fusion(FUSION_FAM, u_nram, u_nram, 1.0f, h_nram, len_pad);             // (tanh + 1) * 0.5x
    __memcpy(out + begin + off, u_nram, len * sizeof(float), NRAM2GDRAM);
  }
}
'''
    return {"source": source, "entry": "gelu_tanh_union1", "args": ["x", "out", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: tanh-form GELU composed from __bang_mul/__bang_fusion/__bang_active_tanh",
            "parametric": True}
