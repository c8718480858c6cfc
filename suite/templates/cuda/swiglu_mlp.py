"""swiglu_mlp y = (silu(x Wg^T) * (x Wu^T)) Wd^T, weights [out, in]: hand-written fused MLP, parametric
(d <= 1024).

One block per 4 rows of x. The intermediate dimension f is streamed in chunks of 64 features: the
gate and up projections of a chunk are computed from 64x64 weight tiles staged in shared memory
(rows padded to 65 floats so the transposed reads are bank-conflict-free), silu(g) * u goes to a
small shared tile, and the down projection of that chunk is accumulated straight into per-thread
output registers from 128x64 (padded to 65) tiles of Wd. The [m, f] intermediate never touches
global memory."""

MT = 4


def render(s):
    grid = [(s["m"] + MT - 1) // MT, 1, 1]
    source = r'''
#include <cuda_runtime.h>

#define THREADS 256
#define MT 4             // rows of x per block
#define FC 64            // intermediate features per chunk
#define KT 64            // reduction tile of the gate/up projections
#define DT 128           // output features per down-projection tile
#define MAX_D 1024
#define MAX_D_TILES (MAX_D / DT)

__device__ __forceinline__ float silu(float g) { return g / (1.0f + expf(-g)); }

__global__ void __launch_bounds__(THREADS) swiglu_mlp_fused(const float* __restrict__ x, const float* __restrict__ w_gate,
                                                            const float* __restrict__ w_up, const float* __restrict__ w_down,
                                                            float* __restrict__ y, int m, int d, int f) {
  __shared__ float xs[MT][KT];
  __shared__ float hs[MT][FC];
  // Phase-1 tiles (gate + up, [FC][KT + 1] each) and the phase-2 tile ([DT][FC + 1]) are never live
  // at the same time, so they share one buffer.
  __shared__ float wbuf[2 * FC * (KT + 1)];
  float (*gs)[KT + 1] = reinterpret_cast<float (*)[KT + 1]>(wbuf);
  float (*us)[KT + 1] = reinterpret_cast<float (*)[KT + 1]>(wbuf + FC * (KT + 1));
  float (*ds)[FC + 1] = reinterpret_cast<float (*)[FC + 1]>(wbuf);

  const int tid = threadIdx.x;
  const int row0 = blockIdx.x * MT;
  const int lane_f = tid % FC;        // feature within the chunk; output within half a d tile
  const int r = tid / FC;             // row of x handled by this thread (THREADS / FC == MT)

  float y_acc[MAX_D_TILES][2];        // outputs t * DT + lane_f and t * DT + 64 + lane_f of row r
#pragma unroll
  for (int t = 0; t < MAX_D_TILES; ++t) y_acc[t][0] = y_acc[t][1] = 0.0f;
  const int d_tiles = (d + DT - 1) / DT;

  for (int f0 = 0; f0 < f; f0 += FC) {
    // ---- gate / up projections of features [f0, f0 + FC) for the MT rows
    float g = 0.0f, u = 0.0f;
    for (int k0 = 0; k0 < d; k0 += KT) {
      __syncthreads();               // previous tiles consumed
      for (int i = tid; i < FC * KT; i += THREADS) {
        const int fi = i / KT, kk = i % KT;
        const bool ok = f0 + fi < f && k0 + kk < d;
        const size_t off = (size_t)(f0 + fi) * d + k0 + kk;
        gs[fi][kk] = ok ? w_gate[off] : 0.0f;
        us[fi][kk] = ok ? w_up[off] : 0.0f;
      }
      {
        const int rr = tid / KT, kk = tid % KT;     // THREADS == MT * KT
        xs[rr][kk] = (row0 + rr < m && k0 + kk < d) ? x[(size_t)(row0 + rr) * d + k0 + kk] : 0.0f;
      }
      __syncthreads();
#pragma unroll 8
      for (int kk = 0; kk < KT; ++kk) {
        const float xv = xs[r][kk];
        g = fmaf(xv, gs[lane_f][kk], g);
        u = fmaf(xv, us[lane_f][kk], u);
      }
    }
    hs[r][lane_f] = f0 + lane_f < f ? silu(g) * u : 0.0f;

    // ---- down projection of this chunk: y[r][n] += sum_j hs[r][j] * w_down[n][f0 + j]
#pragma unroll
    for (int t = 0; t < MAX_D_TILES; ++t) {
      if (t >= d_tiles) break;
      __syncthreads();               // hs written / previous tile consumed
      for (int i = tid; i < DT * FC; i += THREADS) {
        const int ni = i / FC, j = i % FC;
        const int n = t * DT + ni;
        ds[ni][j] = (n < d && f0 + j < f) ? w_down[(size_t)n * f + f0 + j] : 0.0f;
      }
      __syncthreads();
      float acc0 = y_acc[t][0], acc1 = y_acc[t][1];
#pragma unroll 8
      for (int j = 0; j < FC; ++j) {
        const float h = hs[r][j];
        acc0 = fmaf(h, ds[lane_f][j], acc0);
        acc1 = fmaf(h, ds[lane_f + 64][j], acc1);
      }
      y_acc[t][0] = acc0;
      y_acc[t][1] = acc1;
    }
  }

  if (row0 + r < m) {
#pragma unroll
    for (int t = 0; t < MAX_D_TILES; ++t) {
#pragma unroll
      for (int half = 0; half < 2; ++half) {
        const int n = t * DT + half * 64 + lane_f;
        if (t < d_tiles && n < d) y[(size_t)(row0 + r) * d + n] = y_acc[t][half];
      }
    }
  }
}
'''
    return {"source": source, "entry": "swiglu_mlp_fused", "args": ["x", "w_gate", "w_up", "w_down", "y", "m", "d", "f"],
            "launch": {"grid": grid, "block": [256, 1, 1]},
            "style": "hand-written: fused MLP streaming the intermediate dim, padded shared-memory weight tiles",
            "parametric": True}
