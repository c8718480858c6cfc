"""dense y[m,n] = x[m,k] weight[n,k]^T + bias[n]: hand-written BANG C, parametric in m, n, k.

The weight is stored [n][k], which already is the documented column-major [N][K] layout of the
__bang_matmul right-hand operand, so a 64-row slab of it goes to WRAM without a transpose: strided
2-D __memcpy GDRAM2NRAM (K zero-padded to 64 bytes), __bang_reshape_filter, NRAM2WRAM. Slabs of 64
output features are split over the Union1 tasks (flat split with remainder); each task keeps its
slab in WRAM while it streams the rows of x through NRAM, and reloads it only when K needs more than
one slice. One NRAM pool is carved by hand; the x tile reuses the staging area of the raw weight once
the slab sits in WRAM. The bias is broadcast over the rows with __bang_cycle_add."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)
#define LANES 64                        // output features per WRAM slab
#define SLICE_K 512                     // reduction depth per slab (multiple of 16)
#define BLOCK_M 64                      // rows of x per matmul
#define ALIGN_K 16                      // K padding: 64 bytes

// NRAM pool: [ w_raw | w_pack | y_part | y_acc | bias ]; x_tile reuses w_raw once the slab is in WRAM
#define W_RAW_OFF   0
#define W_PACK_OFF  (W_RAW_OFF + LANES * SLICE_K)
#define Y_PART_OFF  (W_PACK_OFF + LANES * SLICE_K)
#define Y_ACC_OFF   (Y_PART_OFF + BLOCK_M * LANES)
#define BIAS_OFF    (Y_ACC_OFF + BLOCK_M * LANES)
#define POOL_FLOATS (BIAS_OFF + LANES)

__nram__ int8_t nram_pool[NRAM_BYTES];
__wram__ float w_slab[LANES * SLICE_K];

// weight rows [n0, n0 + cols), columns [k0, k0 + kt) -> WRAM, documented sequence
__mlu_func__ void load_slab(const float* weight, int K, int n0, int cols, int k0, int kt, int kt_pad) {
  float* w_raw = (float*)nram_pool + W_RAW_OFF;
  float* w_pack = (float*)nram_pool + W_PACK_OFF;
  if (kt != kt_pad || cols != LANES) __bang_write_zero(w_raw, LANES * kt_pad);
  __memcpy(w_raw, weight + (size_t)n0 * K + k0, kt * sizeof(float), GDRAM2NRAM,
           kt_pad * sizeof(float), K * sizeof(float), cols - 1);
  __bang_reshape_filter(w_pack, w_raw, LANES, 1, 1, kt_pad);
  __memcpy(w_slab, w_pack, LANES * kt_pad * sizeof(float), NRAM2WRAM);
}

__mlu_global__ void dense_bias_matmul(const float* x, const float* weight, const float* bias, float* y,
                                      int M, int N, int K) {
  if (__is_mpu()) return;
  float* x_tile = (float*)nram_pool + W_RAW_OFF;
  float* y_part = (float*)nram_pool + Y_PART_OFF;
  float* y_acc = (float*)nram_pool + Y_ACC_OFF;
  float* b_tile = (float*)nram_pool + BIAS_OFF;

  const int slabs = (N + LANES - 1) / LANES;
  const int per = slabs / taskDim, rem = slabs % taskDim;
  const int first = taskId * per + (taskId < rem ? taskId : rem);
  const int count = per + (taskId < rem ? 1 : 0);
  const bool one_slice = K <= SLICE_K;

  for (int s = first; s < first + count; ++s) {
    const int n0 = s * LANES;
    const int cols = N - n0 < LANES ? N - n0 : LANES;
    __bang_write_zero(b_tile, LANES);
    __memcpy(b_tile, bias + n0, cols * sizeof(float), GDRAM2NRAM);
    if (one_slice) load_slab(weight, K, n0, cols, 0, K, (K + ALIGN_K - 1) / ALIGN_K * ALIGN_K);

    for (int m0 = 0; m0 < M; m0 += BLOCK_M) {
      const int rows = M - m0 < BLOCK_M ? M - m0 : BLOCK_M;
      for (int k0 = 0; k0 < K; k0 += SLICE_K) {
        const int kt = K - k0 < SLICE_K ? K - k0 : SLICE_K;
        const int kt_pad = (kt + ALIGN_K - 1) / ALIGN_K * ALIGN_K;
        if (!one_slice) load_slab(weight, K, n0, cols, k0, kt, kt_pad);
        if (kt != kt_pad) __bang_write_zero(x_tile, rows * kt_pad);
        __memcpy(x_tile, x + (size_t)m0 * K + k0, kt * sizeof(float), GDRAM2NRAM,
                 kt_pad * sizeof(float), K * sizeof(float), rows - 1);
        __bang_matmul(k0 == 0 ? y_acc : y_part, x_tile, w_slab, rows, kt_pad, LANES);
        if (k0 != 0) __bang_add(y_acc, y_acc, y_part, rows * LANES);
      }
      __bang_cycle_add(y_acc, y_acc, b_tile, rows * LANES, LANES);
      __memcpy(y + (size_t)m0 * N + n0, y_acc, cols * sizeof(float), NRAM2GDRAM,
               N * sizeof(float), LANES * sizeof(float), rows - 1);
    }
  }
}
'''
    return {"source": source, "entry": "dense_bias_matmul", "args": ["x", "weight", "bias", "y", "m", "n", "k"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: weight-stationary WRAM slabs ([N][K] needs no transpose), carved NRAM pool, "
                     "__bang_cycle_add bias broadcast",
            "parametric": True}
