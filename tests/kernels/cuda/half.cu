// Feature kernels: __half / __half2 / __nv_bfloat16 arithmetic (rounded at every operation),
// conversions, NaN and signed-zero rules of __hmax/__hmin.
#include <cuda_fp16.h>
#include <cuda_bf16.h>

// out[k * n + i]: 0 add, 1 sub, 2 mul, 3 div, 4 fma, 5 a*b+c with two roundings, 6 neg, 7 sqrt
// (nvcc contracts `x * y + z` on __half, and even __hmul/__hadd pairs, into one fma; the _rn forms are never
// contracted)
__global__ void half_arith(const __half* a, const __half* b, const __half* c, __half* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half x = a[i], y = b[i], z = c[i];
  out[0 * n + i] = __hadd(x, y);
  out[1 * n + i] = __hsub(x, y);
  out[2 * n + i] = __hmul(x, y);
  out[3 * n + i] = __hdiv(x, y);
  out[4 * n + i] = __hfma(x, y, z);
  out[5 * n + i] = __hadd_rn(__hmul_rn(x, y), z);
  out[6 * n + i] = __hneg(x);
  out[7 * n + i] = hsqrt(__habs(x));
}

// a running half-precision sum (rounds after every add) and the same sum accumulated in float
__global__ void half_accumulate(const __half* x, __half* hsum, float* fsum, int n) {
  if (blockIdx.x != 0 || threadIdx.x != 0) return;
  __half acc = __float2half(0.0f);
  float facc = 0.0f;
  for (int i = 0; i < n; ++i) {
    acc = __hadd(acc, x[i]);
    facc += __half2float(x[i]);
  }
  hsum[0] = acc;
  fsum[0] = facc;
}

// float -> half -> float round trips and integer conversions
__global__ void half_convert(const float* f, const double* d, __half* h, __half* hd, float* back, int* ints, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  __half v = __float2half(f[i]);
  h[i] = v;
  hd[i] = __double2half(d[i]);
  back[i] = __half2float(v);
  ints[2 * i] = __half2int_rn(v);
  ints[2 * i + 1] = __half2int_rz(v);
}

// __hmax/__hmin (NaN yields the other operand, +0 > -0) and the NaN-propagating variants
__global__ void half_minmax(const __half* a, const __half* b, __half* mx, __half* mn, __half* mxn, __half* mnn, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  mx[i] = __hmax(a[i], b[i]);
  mn[i] = __hmin(a[i], b[i]);
  mxn[i] = __hmax_nan(a[i], b[i]);
  mnn[i] = __hmin_nan(a[i], b[i]);
}

// __half2: paired arithmetic and the pair conversions
__global__ void half2_ops(const float* a, const float* b, __half* sum, __half* prod, __half* fma2, float* lo_hi, int npairs) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= npairs) return;
  __half2 x = __floats2half2_rn(a[2 * i], a[2 * i + 1]);
  __half2 y = __floats2half2_rn(b[2 * i], b[2 * i + 1]);
  __half2 s = __hadd2(x, y), p = __hmul2(x, y), f = __hfma2(x, y, s);
  sum[2 * i] = __low2half(s);
  sum[2 * i + 1] = __high2half(s);
  prod[2 * i] = __low2half(p);
  prod[2 * i + 1] = __high2half(p);
  fma2[2 * i] = __low2half(f);
  fma2[2 * i + 1] = __high2half(f);
  float2 g = __half22float2(p);
  lo_hi[2 * i] = __low2float(s) + g.x;
  lo_hi[2 * i + 1] = __high2float(s) + g.y;
}

// bfloat16: conversions (round to nearest even) and arithmetic rounded to bf16 after every op
__global__ void bf16_ops(const float* f, const __nv_bfloat16* a, const __nv_bfloat16* b, __nv_bfloat16* conv,
                         __nv_bfloat16* add, __nv_bfloat16* mul, __nv_bfloat16* fma, float* back, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  conv[i] = __float2bfloat16(f[i]);
  add[i] = __hadd(a[i], b[i]);
  mul[i] = __hmul(a[i], b[i]);
  fma[i] = __hfma(a[i], b[i], conv[i]);
  back[i] = __bfloat162float(a[i]) * 2.0f;
}
