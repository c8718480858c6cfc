// xpiler-suite: {"operator": "conv2d_nhwc", "model": "cuda", "entry": "conv2d_nhwc_implicit_gemm", "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"], "dtypes": {}, "style": "hand-written: implicit GEMM, shared-memory tiles (padded), 4x4 register micro-tiles", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}, {"shape": {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 46, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00024000000000000003]}}, {"shape": {"n": 2, "h": 28, "w": 28, "c": 128, "f": 128, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [2, 6, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.0003394112549695428]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1}, "launch": {"grid": [4, 4, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 0.00016]}}, {"shape": {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1}, "launch": {"grid": [1, 13, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 8.660254037844388e-05]}}, {"shape": {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}, "launch": {"grid": [1, 5, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 6.48074069840786e-05]}}]}
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
