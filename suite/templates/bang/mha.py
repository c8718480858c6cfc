"""mha out = softmax(q k^T / sqrt(d)) v per (batch, head): hand-written BANG C, parametric, flash-attention style.

Work items are (batch*head, block of 64 queries), split over the Union1 tasks. Each item streams the
keys in blocks of 64 with an online softmax, so any sequence length works (head dim up to 128):
  * S = Q K^T on the tensor unit: the K block [64][d] already is the documented [N][K] matmul
    layout, so it only needs zero padding (d to 64 bytes), __bang_reshape_filter and NRAM2WRAM;
    the 1/sqrt(d) scale is folded into Q once.
  * The scores are transposed to [keys][queries] so that the per-query statistics become
    element-wise ops over rows: the running max with __bang_maxequal, the rescale factor and the
    probabilities with __bang_cycle_sub + __bang_active_exphp (max subtracted first), the row sums
    with __bang_sumpool over the key axis.
  * P V on the tensor unit: V [64][d] is transposed to [d][64] (d padded to 64 lanes), reshaped and
    sent to WRAM; the running output is kept transposed ([d][queries]) so that the rescale by
    exp(m_old - m_new) and the final 1/l are __bang_cycle_mul broadcasts.
Padded keys get probability 0 (explicitly zeroed) and padded V rows are zero, so the NaN fill of
fresh on-chip memory never reaches a stored value."""


def render(shape):
    source = r'''
#include <bang.h>

#define Q_ROWS 64        // queries per work item
#define KV_ROWS 64       // keys per step: one WRAM lane group for S = Q K^T
#define MAX_DIM 128      // largest head dimension this kernel is built for
#define D_ALIGN 16       // head dimension padded to 64 bytes as the matmul reduction
#define LANES 64         // N of a matmul is padded to the 64 WRAM lanes
#define NEG_BIG (-3.0e38f)

__nram__ float q_tile[Q_ROWS * MAX_DIM];    // scaled queries [qr][dk]
__nram__ float kv_raw[KV_ROWS * MAX_DIM];   // K block [64][dk] or V block [64][dv]
__nram__ float kv_t[MAX_DIM * KV_ROWS];     // V block transposed [dv][64]
__nram__ float kv_pack[KV_ROWS * MAX_DIM];  // reshaped filter on its way to WRAM
__nram__ float s_tile[Q_ROWS * KV_ROWS];    // scores [qr][64]
__nram__ float s_t[KV_ROWS * Q_ROWS];       // scores, then probabilities, transposed [64][qr]
__nram__ float p_tile[Q_ROWS * KV_ROWS];    // probabilities [qr][64]
__nram__ float pv[Q_ROWS * MAX_DIM];        // P V [qr][dv], finally the output rows
__nram__ float pv_t[MAX_DIM * Q_ROWS];      // (P V)^T [dv][qr]
__nram__ float o_t[MAX_DIM * Q_ROWS];       // running output^T [dv][qr]
__nram__ float m_run[Q_ROWS];
__nram__ float m_new[Q_ROWS];
__nram__ float l_run[Q_ROWS];
__nram__ float l_blk[Q_ROWS];
__nram__ float alpha[Q_ROWS];
__wram__ float k_wram[KV_ROWS * MAX_DIM];
__wram__ float v_wram[MAX_DIM * KV_ROWS];

__mlu_global__ void mha_flash_forward(const float* q, const float* k, const float* v, float* out, int B, int H,
                                      int S, int D) {
  if (__is_mpu()) return;
  if (D > MAX_DIM) return;
  const int dk = (D + D_ALIGN - 1) / D_ALIGN * D_ALIGN;
  const int dv = (D + LANES - 1) / LANES * LANES;
  const float scale = 1.0f / sqrtf((float)D);
  const int q_blocks = (S + Q_ROWS - 1) / Q_ROWS;
  const int items = B * H * q_blocks;
  const int per = items / taskDim, rem = items % taskDim;
  const int first = taskId * per + (taskId < rem ? taskId : rem);
  const int last = first + per + (taskId < rem ? 1 : 0);

  for (int it = first; it < last; ++it) {
    const size_t base = (size_t)(it / q_blocks) * S * D;
    const int q0 = (it % q_blocks) * Q_ROWS;
    const int qr = S - q0 < Q_ROWS ? S - q0 : Q_ROWS;

    if (dk != D) __bang_write_zero(q_tile, qr * dk);
    __memcpy(q_tile, q + base + (size_t)q0 * D, D * sizeof(float), GDRAM2NRAM, dk * sizeof(float),
             D * sizeof(float), qr - 1);
    __bang_mul_scalar(q_tile, q_tile, scale, qr * dk);
    __bang_write_value(m_run, qr, NEG_BIG);
    __bang_write_zero(l_run, qr);
    __bang_write_zero(o_t, dv * qr);

    for (int k0 = 0; k0 < S; k0 += KV_ROWS) {
      const int kr = S - k0 < KV_ROWS ? S - k0 : KV_ROWS;
      // ---- S = (Q / sqrt(d)) K^T: K rows are the [N][K] operand as stored
      if (kr != KV_ROWS || dk != D) __bang_write_zero(kv_raw, KV_ROWS * dk);
      __memcpy(kv_raw, k + base + (size_t)k0 * D, D * sizeof(float), GDRAM2NRAM, dk * sizeof(float),
               D * sizeof(float), kr - 1);
      __bang_reshape_filter(kv_pack, kv_raw, KV_ROWS, 1, 1, dk);
      __memcpy(k_wram, kv_pack, KV_ROWS * dk * sizeof(float), NRAM2WRAM);
      __bang_matmul(s_tile, q_tile, k_wram, qr, dk, KV_ROWS);
      __bang_transpose(s_t, s_tile, qr, KV_ROWS);                 // [keys][queries]

      // ---- online softmax statistics over the kr valid keys
      __memcpy(m_new, m_run, qr * sizeof(float), NRAM2NRAM);
      for (int j = 0; j < kr; ++j) __bang_maxequal(m_new, m_new, s_t + j * qr, qr);
      __bang_sub(alpha, m_run, m_new, qr);
      __bang_active_exphp(alpha, alpha, qr);                      // exp(m_old - m_new) <= 1
      __memcpy(m_run, m_new, qr * sizeof(float), NRAM2NRAM);
      __bang_cycle_sub(s_t, s_t, m_run, kr * qr, qr);
      __bang_active_exphp(s_t, s_t, kr * qr);
      if (kr != KV_ROWS) __bang_write_zero(s_t + kr * qr, (KV_ROWS - kr) * qr);
      __bang_sumpool(l_blk, s_t, qr, kr, 1, kr, 1, 1, 1);        // sum over the key axis
      __bang_mul(l_run, l_run, alpha, qr);
      __bang_add(l_run, l_run, l_blk, qr);
      __bang_transpose(p_tile, s_t, KV_ROWS, qr);                 // [queries][keys]

      // ---- O^T = alpha * O^T + (P V)^T; V^T [dv][64] is the [N][K] operand
      if (kr != KV_ROWS || dv != D) __bang_write_zero(kv_raw, KV_ROWS * dv);
      __memcpy(kv_raw, v + base + (size_t)k0 * D, D * sizeof(float), GDRAM2NRAM, dv * sizeof(float),
               D * sizeof(float), kr - 1);
      __bang_transpose(kv_t, kv_raw, KV_ROWS, dv);
      __bang_reshape_filter(kv_pack, kv_t, dv, 1, 1, KV_ROWS);
      __memcpy(v_wram, kv_pack, dv * KV_ROWS * sizeof(float), NRAM2WRAM);
      __bang_matmul(pv, p_tile, v_wram, qr, KV_ROWS, dv);
      __bang_transpose(pv_t, pv, qr, dv);
      __bang_cycle_mul(o_t, o_t, alpha, dv * qr, qr);
      __bang_add(o_t, o_t, pv_t, dv * qr);
    }
    // ---- normalise by the softmax denominators and store the rows
    __bang_recip(l_run, l_run, qr);
    __bang_cycle_mul(o_t, o_t, l_run, dv * qr, qr);
    __bang_transpose(pv, o_t, dv, qr);
    __memcpy(out + base + (size_t)q0 * D, pv, D * sizeof(float), NRAM2GDRAM, D * sizeof(float),
             dv * sizeof(float), qr - 1);
  }
}
'''
    return {"source": source, "entry": "mha_flash_forward", "args": ["q", "k", "v", "out", "b", "heads", "seq", "dim"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: flash-attention style online softmax, __bang_matmul for QK^T and PV, transposed "
                     "statistics with __bang_maxequal / __bang_active_exphp / __bang_sumpool / __bang_cycle_*",
            "parametric": True}
