"""gemm C[m,n] = A[m,k] B[k,n] on the tensor unit: hand-written BANG C, parametric in m, n, k.

Output tiles of TILE_M x 64 (one WRAM lane group of 64 output columns) are split over taskDim with
a flat split (the first `rem` tasks take one extra tile). For each tile the reduction runs in
TILE_K-deep slices: the B slice is loaded [k][64] with a strided 2-D __memcpy, transposed with
__bang_transpose to the documented column-major [N][K] layout, packed with __bang_reshape_filter
and copied NRAM2WRAM; the A slice goes to NRAM with another 2-D __memcpy; __bang_matmul computes
the partial product and __bang_add accumulates it. K is zero-padded to 16 floats (64 bytes) and N to
64 lanes, so padded lanes never carry the NaN fill of fresh on-chip memory into real outputs; only
the valid columns are stored (2-D __memcpy back to GDRAM)."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_BYTES (__MLU_NRAM_SIZE__ * 1024 - 128 * 1024)   // leave 128 KB to the compiler
#define TILE_M 128        // rows of A per matmul
#define TILE_N 64         // output columns per tile: one lane group of the WRAM layout
#define TILE_K 256        // reduction depth staged in WRAM per step (multiple of K_ALIGN)
#define K_ALIGN 16        // K padded to 64 bytes for reshape_filter / matmul

__nram__ float a_tile[TILE_M * TILE_K];      // A slice [rows][kt_pad]
__nram__ float b_kn[TILE_K * TILE_N];        // B slice as loaded [kt_pad][64], later the reshaped filter
__nram__ float b_nk[TILE_N * TILE_K];        // B slice transposed [64][kt_pad]
__nram__ float c_part[TILE_M * TILE_N];      // partial product of one K slice
__nram__ float c_acc[TILE_M * TILE_N];       // accumulator [rows][64]
__wram__ float b_wram[TILE_N * TILE_K];

__mlu_func__ int min_int(int a, int b) { return a < b ? a : b; }

__mlu_global__ void gemm_matmul_union1(const float* A, const float* B, float* C, int M, int N, int K) {
  if (__is_mpu()) return;
  const int m_tiles = (M + TILE_M - 1) / TILE_M;
  const int n_tiles = (N + TILE_N - 1) / TILE_N;
  const int tiles = m_tiles * n_tiles;
  // flat split of the output tiles; the first `rem` tasks take one more
  const int per = tiles / taskDim, rem = tiles % taskDim;
  const int first = taskId * per + min_int(taskId, rem);
  const int count = per + (taskId < rem ? 1 : 0);

  for (int t = first; t < first + count; ++t) {
    const int m0 = (t / n_tiles) * TILE_M, n0 = (t % n_tiles) * TILE_N;
    const int rows = min_int(TILE_M, M - m0), cols = min_int(TILE_N, N - n0);
    for (int k0 = 0; k0 < K; k0 += TILE_K) {
      const int kt = min_int(TILE_K, K - k0);
      const int kt_pad = (kt + K_ALIGN - 1) / K_ALIGN * K_ALIGN;

      // B[k0:k0+kt, n0:n0+cols] -> b_kn [kt_pad][64], zero outside the valid block
      if (kt != kt_pad || cols != TILE_N) __bang_write_zero(b_kn, kt_pad * TILE_N);
      __memcpy(b_kn, B + (size_t)k0 * N + n0, cols * sizeof(float), GDRAM2NRAM,
               TILE_N * sizeof(float), N * sizeof(float), kt - 1);
      // documented WRAM sequence: [K][N] -> [N][K], reshape, NRAM2WRAM
      __bang_transpose(b_nk, b_kn, kt_pad, TILE_N);
      __bang_reshape_filter(b_kn, b_nk, TILE_N, 1, 1, kt_pad);
      __memcpy(b_wram, b_kn, TILE_N * kt_pad * sizeof(float), NRAM2WRAM);

      // A[m0:m0+rows, k0:k0+kt] -> a_tile [rows][kt_pad]
      if (kt != kt_pad) __bang_write_zero(a_tile, rows * kt_pad);
      __memcpy(a_tile, A + (size_t)m0 * K + k0, kt * sizeof(float), GDRAM2NRAM,
               kt_pad * sizeof(float), K * sizeof(float), rows - 1);

      if (k0 == 0) {
        __bang_matmul(c_acc, a_tile, b_wram, rows, kt_pad, TILE_N);
      } else {
        __bang_matmul(c_part, a_tile, b_wram, rows, kt_pad, TILE_N);
        __bang_add(c_acc, c_acc, c_part, rows * TILE_N);
      }
    }
    // valid columns of the tile back to C (row stride N)
    __memcpy(C + (size_t)m0 * N + n0, c_acc, cols * sizeof(float), NRAM2GDRAM,
             N * sizeof(float), TILE_N * sizeof(float), rows - 1);
  }
}
'''
    return {"source": source, "entry": "gemm_matmul_union1", "args": ["a", "b", "c", "m", "n", "k"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: Union1 flat tile split, __bang_matmul with B transposed/reshaped into WRAM, "
                     "K-sliced accumulation, strided 2-D __memcpy",
            "parametric": True}
