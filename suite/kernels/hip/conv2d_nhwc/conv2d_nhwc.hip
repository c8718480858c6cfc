// xpiler-suite: {"operator": "conv2d_nhwc", "model": "hip", "entry": "conv2d_nhwc_implicit_gemm", "args": ["x", "weight", "y", "n", "h", "w", "c", "f", "kh", "kw", "stride"], "dtypes": {"x": "float16", "weight": "float16"}, "style": "hand-written: implicit GEMM on MFMA 16x16x16 f16, fragments gathered from NHWC input", "parametric": true, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.003]}}, {"shape": {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [46, 4, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.024]}}, {"shape": {"n": 2, "h": 28, "w": 28, "c": 128, "f": 128, "kh": 3, "kw": 3, "stride": 2}, "launch": {"grid": [6, 8, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.03394112549695428]}}, {"shape": {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1}, "launch": {"grid": [4, 16, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.016]}}, {"shape": {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1}, "launch": {"grid": [13, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.008660254037844388]}}, {"shape": {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}, "launch": {"grid": [5, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.001, 0.006480740698407861]}}]}
#include <hip/hip_runtime.h>

typedef _Float16 half4_t __attribute__((ext_vector_type(4)));
typedef float floatx4 __attribute__((ext_vector_type(4)));

__global__ void __launch_bounds__(256) conv2d_nhwc_implicit_gemm(const _Float16* __restrict__ x,
                                                                 const _Float16* __restrict__ w,
                                                                 float* __restrict__ y, int N, int H, int W, int C,
                                                                 int F, int KH, int KW, int stride) {
  const int Ho = (H - KH) / stride + 1;
  const int Wo = (W - KW) / stride + 1;
  const int P = N * Ho * Wo;                    // GEMM rows
  const int K = KH * KW * C;                    // GEMM reduction length
  const int lane = threadIdx.x & 63;
  const int p0 = (blockIdx.x * 4 + (threadIdx.x >> 6)) * 16;
  const int f0 = blockIdx.y * 16;
  if (p0 >= P) return;                          // wave-uniform

  const int r16 = lane & 15;
  const int kq = (lane >> 4) * 4;
  // A operand: this lane's pixel
  const int p = p0 + r16;
  const bool p_ok = p < P;
  int t = p_ok ? p : 0;
  const int wo = t % Wo;
  t /= Wo;
  const int ho = t % Ho;
  const int n = t / Ho;
  const _Float16* __restrict__ xp = x + (((size_t)n * H + ho * stride) * W + wo * stride) * C;
  // B operand: this lane's filter row
  const int f = f0 + r16;
  const bool f_ok = f < F;
  const _Float16* __restrict__ wp = w + (size_t)(f_ok ? f : 0) * K;
  const _Float16 z = (_Float16)0.0f;

  floatx4 acc = {0.0f, 0.0f, 0.0f, 0.0f};
  if ((C & 3) == 0) {
    // 4 consecutive k stay inside one (r, s) tap: vector loads of 4 channels
    for (int k0 = 0; k0 < K; k0 += 16) {
      const int k = k0 + kq;
      half4_t a = {z, z, z, z}, b = {z, z, z, z};
      if (k < K) {
        const int c = k % C, rs = k / C;
        const int s = rs % KW, r = rs / KW;
        if (p_ok) a = *reinterpret_cast<const half4_t*>(xp + ((size_t)r * W + s) * C + c);
        if (f_ok) b = *reinterpret_cast<const half4_t*>(wp + k);
      }
      acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
    }
  } else {
    for (int k0 = 0; k0 < K; k0 += 16) {
      half4_t a, b;
#pragma unroll
      for (int e = 0; e < 4; ++e) {
        const int k = k0 + kq + e;
        const bool k_ok = k < K;
        const int c = k % C, rs = k / C;
        const int s = rs % KW, r = rs / KW;
        a[e] = (p_ok && k_ok) ? xp[((size_t)r * W + s) * C + c] : z;
        b[e] = (f_ok && k_ok) ? wp[k] : z;
      }
      acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
    }
  }

  // lane holds y[pixel p0 + kq + i][filter f0 + r16], i = 0..3 (NHWC output = [P][F])
  if (f_ok) {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const int pi = p0 + kq + i;
      if (pi < P) y[(size_t)pi * F + f] = acc[i];
    }
  }
}
