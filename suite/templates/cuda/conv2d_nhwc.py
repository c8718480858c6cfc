"""conv2d NHWC (weights [F, KH, KW, C], valid padding): hand-written implicit GEMM, parametric.

GEMM view: rows = output pixels (N*Ho*Wo), cols = filters F, reduction = KH*KW*C (innermost C, so
consecutive reduction indices are contiguous in both x and weight). 64x64 block tile, BK = 16,
16x16 threads each accumulating a 4x4 register micro-tile. The im2col gather happens while staging
the A tile into shared memory; both tiles are stored k-major with +4 padding."""

BM, BN = 64, 64


def render(s):
    ho = (s["h"] - s["kh"]) // s["stride"] + 1
    wo = (s["w"] - s["kw"]) // s["stride"] + 1
    rows = s["n"] * ho * wo
    grid = [(s["f"] + BN - 1) // BN, (rows + BM - 1) // BM, 1]
    source = r'''
#include <cuda_runtime.h>

#define BM 64
#define BN 64
#define BK 16
#define TM 4
#define TN 4
#define PAD 4

// x [N, H, W, C], w [F, KH, KW, C], y [N, Ho, Wo, F]
__global__ void __launch_bounds__(256) conv2d_nhwc_implicit_gemm(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y,
                                                                 int N, int H, int W, int C, int F, int KH, int KW, int stride) {
  __shared__ float As[BK][BM + PAD];     // im2col tile, k-major
  __shared__ float Bs[BK][BN + PAD];     // weight tile, k-major

  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const int P = N * Ho * Wo;             // GEMM rows
  const int R = KH * KW * C;             // GEMM reduction length
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;

  // Each thread stages 4 A elements and 4 B elements per K step: reduction index kk = tid % 16,
  // tile rows tid / 16 + 16 * i.
  const int kk_ld = threadIdx.x % BK;
  const int r_ld = threadIdx.x / BK;
  int pix_base[4];
  bool pix_ok[4];
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const int p = row0 + r_ld + 16 * i;
    pix_ok[i] = p < P;
    const int pp = pix_ok[i] ? p : 0;
    const int n = pp / (Ho * Wo), rem = pp % (Ho * Wo);
    const int oh = rem / Wo, ow = rem % Wo;
    pix_base[i] = ((n * H + oh * stride) * W + ow * stride) * C;   // x offset of the window's corner
  }

  float acc[TM][TN] = {};
  for (int k0 = 0; k0 < R; k0 += BK) {
    const int r = k0 + kk_ld;
    const bool r_ok = r < R;
    const int c = r % C, kw = (r / C) % KW, kh = r / (C * KW);
    const int x_off = (kh * W + kw) * C + c;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      As[kk_ld][r_ld + 16 * i] = (r_ok && pix_ok[i]) ? x[pix_base[i] + x_off] : 0.0f;
      const int f = col0 + r_ld + 16 * i;
      Bs[kk_ld][r_ld + 16 * i] = (r_ok && f < F) ? w[(size_t)f * R + r] : 0.0f;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < BK; ++kk) {
      float a[TM], b[TN];
#pragma unroll
      for (int i = 0; i < TM; ++i) a[i] = As[kk][ty + 16 * i];
#pragma unroll
      for (int j = 0; j < TN; ++j) b[j] = Bs[kk][tx + 16 * j];
#pragma unroll
      for (int i = 0; i < TM; ++i) {
#pragma unroll
        for (int j = 0; j < TN; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
      }
    }
    __syncthreads();
  }

#pragma unroll
  for (int i = 0; i < TM; ++i) {
    const int p = row0 + ty + 16 * i;
    if (p >= P) continue;
#pragma unroll
    for (int j = 0; j < TN; ++j) {
      const int f = col0 + tx + 16 * j;
      if (f < F) y[(size_t)p * F + f] = acc[i][j];
    }
  }
}
'''
    return {"source": source, "entry": "conv2d_nhwc_implicit_gemm",
            "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"],
            "launch": {"grid": grid, "block": [256, 1, 1]},
            "style": "hand-written: implicit GEMM, shared-memory tiles (padded), 4x4 register micro-tiles",
            "parametric": True}
