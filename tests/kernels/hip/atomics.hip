// [wave-size independent] atomics, including the float atomicMax/atomicMin that HIP has and CUDA lacks
// (tests/gpu/hip_to_cuda.h supplies them as compare-and-swap loops with HIP's semantics).
#ifdef __NVCC__
#include "../../gpu/hip_to_cuda.h"
#else
#include <hip/hip_runtime.h>
#endif

// stats: [0] max, [1] min, [2] sum (start values supplied by the caller)
__global__ void float_stats(const float* x, float* stats, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  atomicMax(&stats[0], x[i]);
  atomicMin(&stats[1], x[i]);
  atomicAdd(&stats[2], x[i]);
}

__global__ void double_max(const double* x, double* result, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicMax(result, x[i]);
}

__global__ void histogram(const int* values, unsigned int* bins, int n, int nbins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&bins[values[i] % nbins], 1u);
}

// ints: [0] max, [1] min, [2] or, [3] xor, [4] number of successful CAS claims of slot[0]
__global__ void int_atomics(const int* x, int* ints, int* slot, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  atomicMax(&ints[0], x[i]);
  atomicMin(&ints[1], x[i]);
  atomicOr(&ints[2], x[i] & 0xff);
  atomicXor(&ints[3], x[i]);
  if (atomicCAS(&slot[0], -1, i) == -1) atomicAdd(&ints[4], 1);
}
