// Feature kernels: integer and float atomics, CAS loops, shared-memory histogram.
#include <cuda_runtime.h>

// acc: [0] add, [1] sub, [2] max, [3] min, [4] and, [5] or, [6] xor, [7] CAS-loop add
// olds: the value atomicExch returned to each thread (with `last` holding the final value)
__global__ void atomics_int(const int* vals, int* acc, int* olds, int* last, unsigned* inc, unsigned long long* wide, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int v = vals[i];
  atomicAdd(&acc[0], v);
  atomicSub(&acc[1], v);
  atomicMax(&acc[2], v);
  atomicMin(&acc[3], v);
  atomicAnd(&acc[4], v | 0x0f0f0000);
  atomicOr(&acc[5], v & 0x00f0f0f0);
  atomicXor(&acc[6], v);
  int old = acc[7], assumed;
  do {
    assumed = old;
    old = atomicCAS(&acc[7], assumed, assumed + (v & 0xff));
  } while (old != assumed);
  olds[i] = atomicExch(last, v);
  atomicInc(&inc[0], 6u);
  atomicDec(&inc[1], 9u);
  atomicAdd(&wide[0], (unsigned long long)(unsigned)v * 4096ull);
}

__device__ float atomic_max_float(float* addr, float value) {
  int* a = (int*)addr;
  int old = *a, assumed;
  do {
    assumed = old;
    if (__int_as_float(assumed) >= value) break;
    old = atomicCAS(a, assumed, __float_as_int(value));
  } while (old != assumed);
  return __int_as_float(old);
}

__device__ float atomic_min_float(float* addr, float value) {
  unsigned* a = (unsigned*)addr;
  unsigned old = *a, assumed;
  do {
    assumed = old;
    if (__uint_as_float(assumed) <= value) break;
    old = atomicCAS(a, assumed, __float_as_uint(value));
  } while (old != assumed);
  return __uint_as_float(old);
}

// facc: [0] atomicAdd sum, [1] max via CAS, [2] min via CAS; dacc: double atomicAdd
__global__ void atomics_float(const float* vals, float* facc, double* dacc, float* fexch_old, float* fexch_last, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float v = vals[i];
  atomicAdd(&facc[0], v);
  atomic_max_float(&facc[1], v);
  atomic_min_float(&facc[2], v);
  atomicAdd(&dacc[0], (double)v * 0.25);
  fexch_old[i] = atomicExch(fexch_last, v);
}

// per-block histogram in shared memory, merged into the global one
__global__ void histogram(const int* data, unsigned* bins, int n, int nbins) {
  extern __shared__ unsigned local[];
  for (int b = threadIdx.x; b < nbins; b += blockDim.x) local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    int d = data[i];
    if (d >= 0 && d < nbins) atomicAdd(&local[d], 1u);
  }
  __syncthreads();
  for (int b = threadIdx.x; b < nbins; b += blockDim.x)
    if (local[b]) atomicAdd(&bins[b], local[b]);
}

// a ticket counter: every thread gets a unique slot in `order`
__global__ void ticket(int* counter, int* order, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) order[atomicAdd(counter, 1)] = i;
}
