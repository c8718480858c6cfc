// [HIP only: clang vector extensions] ext_vector_type typedefs (incl. an alias template and __fp16
// elements), vector arithmetic, subscripts and brace initialisation, and the cross-lane builtins.
#include <hip/hip_runtime.h>

typedef float floatx4 __attribute__((ext_vector_type(4)));
typedef __fp16 half4 __attribute__((ext_vector_type(4)));
typedef int __attribute__((ext_vector_type(2))) int2v;
template <typename T, int N>
using vec_t = T __attribute__((ext_vector_type(N)));

// y = 2 * x + x * x per 4-vector; h = halves of x rounded and added as a 4 x __fp16 vector;
// sizes = sizeof of the vector types
__global__ void vector_arith(const float* x, float* y, float* h, int* sizes, int n4) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i == 0) {
    sizes[0] = sizeof(floatx4);
    sizes[1] = sizeof(half4);
    sizes[2] = sizeof(int2v);
    sizes[3] = sizeof(vec_t<float, 8>);
    sizes[4] = sizeof(vec_t<_Float16, 16>);
  }
  if (i >= n4) return;
  floatx4 v = {x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]};
  floatx4 two = {2.0f, 2.0f, 2.0f, 2.0f};
  floatx4 r = two * v + v * v;
  half4 hv;
  for (int e = 0; e < 4; ++e) hv[e] = (__fp16)x[4 * i + e];
  half4 hs = hv + hv;
  vec_t<float, 8> w = {};
  for (int e = 0; e < 4; ++e) {
    y[4 * i + e] = r[e];
    h[4 * i + e] = (float)hs[e];
    w[e] = r[e];
  }
  (void)w;
}

// cross-lane builtins: first active lane's value, a lane read, a bpermute rotation and the lane id
// from mbcnt
__global__ void lane_builtins(const int* x, int* first, int* read5, int* rot, int* lane_ids) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = x[i];
  first[i] = __builtin_amdgcn_readfirstlane(v);
  read5[i] = __builtin_amdgcn_readlane(v, 5);
  int lane = __builtin_amdgcn_mbcnt_hi(~0u, __builtin_amdgcn_mbcnt_lo(~0u, 0u));
  rot[i] = __builtin_amdgcn_ds_bpermute(((lane + 1) % 64) * 4, v);
  lane_ids[i] = lane;
}
