// [wave-size independent] __half arithmetic and functions from <hip/hip_fp16.h>.
#ifdef __NVCC__
#include "../../gpu/hip_to_cuda.h"
#else
#include <hip/hip_runtime.h>
#include <hip/hip_fp16.h>
#endif

// fma_out = fma(a, b, c) in half; exp_out = hexp(a); max_out = the larger of a and b; as_float = 2 * (a + b + c)
// with the sums rounded to half after each step
__global__ void half_ops(const __half* a, const __half* b, const __half* c, __half* fma_out, __half* exp_out,
                         __half* max_out, float* as_float, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  fma_out[i] = __hfma(a[i], b[i], c[i]);
  exp_out[i] = hexp(a[i]);
  max_out[i] = __hge(a[i], b[i]) ? a[i] : b[i];
  __half s = __hadd(__hadd(a[i], b[i]), c[i]);
  as_float[i] = __half2float(s) * 2.0f;
}

// a half2 dot product accumulated in float: out[i] = a[2i]*b[2i] + a[2i+1]*b[2i+1]
__global__ void half2_dot(const __half* a, const __half* b, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const __half2* a2 = reinterpret_cast<const __half2*>(a);
  const __half2* b2 = reinterpret_cast<const __half2*>(b);
  float2 p = __half22float2(__hmul2(a2[i], b2[i]));
  out[i] = p.x + p.y;
}
