// Feature kernels: single-precision math, fast intrinsics, conversions and bit manipulation.
#include <cuda_runtime.h>

#define NFUNC 22

// x in [-pi, pi], p > 0, y nonzero; out[f * n + i] is function f of element i
__global__ void math_funcs(const float* x, const float* p, const float* y, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = x[i], b = p[i], c = y[i];
  float r[NFUNC];
  r[0] = __expf(a);
  r[1] = expf(a);
  r[2] = __logf(b);
  r[3] = logf(b);
  r[4] = __log2f(b);
  r[5] = __sinf(a);
  r[6] = __cosf(a);
  r[7] = sinf(a);
  r[8] = __tanf(a * 0.4f);
  r[9] = __fdividef(a, c);
  r[10] = rsqrtf(b);
  r[11] = __powf(b, a * 0.5f);
  r[12] = __exp10f(a * 0.5f);
  r[13] = sqrtf(b);
  r[14] = __saturatef(a);
  r[15] = __fmaf_rn(a, c, b);
  r[16] = (float)__float2int_rn(a * 10.0f);
  r[17] = erff(a);
  r[18] = tanhf(a);
  r[19] = __frcp_rn(c);
  r[20] = cbrtf(b);
  r[21] = exp2f(a);
  for (int f = 0; f < NFUNC; ++f) out[f * n + i] = r[f];
}

// exact corner cases: __fdividef for huge divisors, float->int conversion intrinsics that round and
// saturate, NaN/signed-zero behaviour of fminf/fmaxf
__global__ void math_special(const float* v, int* ints, float* floats, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float a = v[i];
  ints[i * 6 + 0] = __float2int_rn(a);
  ints[i * 6 + 1] = __float2int_rz(a);
  ints[i * 6 + 2] = __float2int_rd(a);
  ints[i * 6 + 3] = __float2int_ru(a);
  ints[i * 6 + 4] = (int)__float2uint_rn(a);
  ints[i * 6 + 5] = (int)__float2ll_rn(a * 0.5f);
  floats[i * 4 + 0] = __fdividef(1.0f, a);
  floats[i * 4 + 1] = fmaxf(a, 1.0f);
  floats[i * 4 + 2] = fminf(a, -1.0f);
  floats[i * 4 + 3] = copysignf(2.0f, a);
}

__global__ void bits(const unsigned* u, int* out, unsigned* uout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned a = u[i], b = u[(i + 1) % n];
  out[i * 5 + 0] = __popc(a);
  out[i * 5 + 1] = __clz((int)a);
  out[i * 5 + 2] = __ffs((int)a);
  out[i * 5 + 3] = __popcll(((unsigned long long)a << 32) | b);
  out[i * 5 + 4] = __mulhi((int)a, (int)b);
  uout[i * 5 + 0] = __brev(a);
  uout[i * 5 + 1] = __byte_perm(a, b, 0x5140);
  uout[i * 5 + 2] = __funnelshift_l(a, b, i & 63);
  uout[i * 5 + 3] = __funnelshift_r(a, b, i & 63);
  uout[i * 5 + 4] = __umulhi(a, b) ^ __usad(a & 0xffff, b & 0xffff, 7u);
}
