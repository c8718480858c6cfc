// Compile the HIP test kernels of tests/kernels/hip/ with nvcc, to cross-check the HIP engine's
// wave-size-independent results on an NVIDIA GPU. The kernels include this header instead of
// <hip/hip_runtime.h> when __NVCC__ is defined:
//     nvcc -x cu -arch=sm_90 -c tests/kernels/hip/shared_matmul.hip
// Mapping: hip* runtime names -> cuda*; hipLaunchKernelGGL -> <<< >>>; HIP's mask-free shuffles ->
// __shfl*_sync with the full mask (width defaults to warpSize); votes -> *_sync over __activemask()
// (HIP's votes involve the lanes that execute them); 64-bit ballot results; float/double
// atomicMin/atomicMax as compare-and-swap loops with HIP's semantics. warpSize stays the device's 32,
// so only kernels whose results do not depend on the wavefront width compare meaningfully.
// Not mapped: MFMA builtins (__builtin_amdgcn_*) and clang's ext_vector_type.
#pragma once
#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

// ---------------------------------------------------------------- runtime API
#define hipError_t cudaError_t
#define hipSuccess cudaSuccess
#define hipErrorInvalidValue cudaErrorInvalidValue
#define hipErrorOutOfMemory cudaErrorMemoryAllocation
#define hipMemcpyKind cudaMemcpyKind
#define hipMemcpyHostToHost cudaMemcpyHostToHost
#define hipMemcpyHostToDevice cudaMemcpyHostToDevice
#define hipMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define hipMemcpyDeviceToDevice cudaMemcpyDeviceToDevice
#define hipMemcpyDefault cudaMemcpyDefault
#define hipMalloc cudaMalloc
#define hipMallocManaged cudaMallocManaged
#define hipHostMalloc(p, n, ...) cudaMallocHost(p, n)
#define hipHostFree cudaFreeHost
#define hipFree cudaFree
#define hipMemcpy cudaMemcpy
#define hipMemcpyAsync cudaMemcpyAsync
#define hipMemcpy2D cudaMemcpy2D
#define hipMemcpyToSymbol cudaMemcpyToSymbol
#define hipMemcpyFromSymbol cudaMemcpyFromSymbol
#define HIP_SYMBOL(x) x
#define hipMemset cudaMemset
#define hipMemsetAsync cudaMemsetAsync
#define hipDeviceSynchronize cudaDeviceSynchronize
#define hipDeviceReset cudaDeviceReset
#define hipGetLastError cudaGetLastError
#define hipPeekAtLastError cudaPeekAtLastError
#define hipGetErrorString cudaGetErrorString
#define hipGetErrorName cudaGetErrorName
#define hipSetDevice cudaSetDevice
#define hipGetDevice cudaGetDevice
#define hipGetDeviceCount cudaGetDeviceCount
#define hipDeviceProp_t cudaDeviceProp
#define hipGetDeviceProperties cudaGetDeviceProperties
#define hipDeviceGetAttribute cudaDeviceGetAttribute
#define hipDeviceAttributeWarpSize cudaDevAttrWarpSize
#define hipDeviceAttributeMaxThreadsPerBlock cudaDevAttrMaxThreadsPerBlock
#define hipDeviceAttributeMultiprocessorCount cudaDevAttrMultiProcessorCount
#define hipDeviceAttributeMaxSharedMemoryPerBlock cudaDevAttrMaxSharedMemoryPerBlock
#define hipFuncSetAttribute cudaFuncSetAttribute
#define hipFuncAttributeMaxDynamicSharedMemorySize cudaFuncAttributeMaxDynamicSharedMemorySize
#define hipEvent_t cudaEvent_t
#define hipEventCreate cudaEventCreate
#define hipEventCreateWithFlags cudaEventCreateWithFlags
#define hipEventRecord cudaEventRecord
#define hipEventSynchronize cudaEventSynchronize
#define hipEventElapsedTime cudaEventElapsedTime
#define hipEventDestroy cudaEventDestroy
#define hipStream_t cudaStream_t
#define hipStreamCreate cudaStreamCreate
#define hipStreamCreateWithFlags cudaStreamCreateWithFlags
#define hipStreamDestroy cudaStreamDestroy
#define hipStreamSynchronize cudaStreamSynchronize
#define hipStreamDefault cudaStreamDefault
#define hipStreamNonBlocking cudaStreamNonBlocking

// ---------------------------------------------------------------- launches and indices
#define HIP_KERNEL_NAME(...) __VA_ARGS__
#define hipLaunchKernelGGL(kernel, grid, block, shmem, stream, ...) \
  kernel<<<(grid), (block), (shmem), (stream)>>>(__VA_ARGS__)
#define hipThreadIdx_x threadIdx.x
#define hipThreadIdx_y threadIdx.y
#define hipThreadIdx_z threadIdx.z
#define hipBlockIdx_x blockIdx.x
#define hipBlockIdx_y blockIdx.y
#define hipBlockIdx_z blockIdx.z
#define hipBlockDim_x blockDim.x
#define hipBlockDim_y blockDim.y
#define hipBlockDim_z blockDim.z
#define hipGridDim_x gridDim.x
#define hipGridDim_y gridDim.y
#define hipGridDim_z gridDim.z

// ---------------------------------------------------------------- wavefront primitives
template <class T>
__device__ __forceinline__ T xpiler_hip_shfl(T v, int src, int width = warpSize) {
  return __shfl_sync(0xffffffffu, v, src, width);
}
template <class T>
__device__ __forceinline__ T xpiler_hip_shfl_up(T v, unsigned d, int width = warpSize) {
  return __shfl_up_sync(0xffffffffu, v, d, width);
}
template <class T>
__device__ __forceinline__ T xpiler_hip_shfl_down(T v, unsigned d, int width = warpSize) {
  return __shfl_down_sync(0xffffffffu, v, d, width);
}
template <class T>
__device__ __forceinline__ T xpiler_hip_shfl_xor(T v, int m, int width = warpSize) {
  return __shfl_xor_sync(0xffffffffu, v, m, width);
}
#define __shfl(...) xpiler_hip_shfl(__VA_ARGS__)
#define __shfl_up(...) xpiler_hip_shfl_up(__VA_ARGS__)
#define __shfl_down(...) xpiler_hip_shfl_down(__VA_ARGS__)
#define __shfl_xor(...) xpiler_hip_shfl_xor(__VA_ARGS__)
#define __ballot(p) ((unsigned long long)__ballot_sync(__activemask(), (p)))
#define __any(p) __any_sync(__activemask(), (p))
#define __all(p) __all_sync(__activemask(), (p))
__device__ __forceinline__ unsigned xpiler_hip_lane_id() {
  unsigned l;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(l));
  return l;
}
#define __lane_id() xpiler_hip_lane_id()

// ---------------------------------------------------------------- HIP-only atomics
// HIP: memory is replaced only when the new value is strictly larger (smaller), so NaN never lands.
__device__ __forceinline__ float xpiler_hip_atomic_max(float* addr, float val) {
  unsigned* p = (unsigned*)addr;
  unsigned old = *p;
  for (;;) {
    float cur = __uint_as_float(old);
    if (!(cur < val)) return cur;
    unsigned seen = atomicCAS(p, old, __float_as_uint(val));
    if (seen == old) return cur;
    old = seen;
  }
}
__device__ __forceinline__ float xpiler_hip_atomic_min(float* addr, float val) {
  unsigned* p = (unsigned*)addr;
  unsigned old = *p;
  for (;;) {
    float cur = __uint_as_float(old);
    if (!(cur > val)) return cur;
    unsigned seen = atomicCAS(p, old, __float_as_uint(val));
    if (seen == old) return cur;
    old = seen;
  }
}
__device__ __forceinline__ double xpiler_hip_atomic_max(double* addr, double val) {
  unsigned long long* p = (unsigned long long*)addr;
  unsigned long long old = *p;
  for (;;) {
    double cur = __longlong_as_double((long long)old);
    if (!(cur < val)) return cur;
    unsigned long long seen = atomicCAS(p, old, (unsigned long long)__double_as_longlong(val));
    if (seen == old) return cur;
    old = seen;
  }
}
__device__ __forceinline__ double xpiler_hip_atomic_min(double* addr, double val) {
  unsigned long long* p = (unsigned long long*)addr;
  unsigned long long old = *p;
  for (;;) {
    double cur = __longlong_as_double((long long)old);
    if (!(cur > val)) return cur;
    unsigned long long seen = atomicCAS(p, old, (unsigned long long)__double_as_longlong(val));
    if (seen == old) return cur;
    old = seen;
  }
}
__device__ __forceinline__ float atomicMax(float* addr, float val) { return xpiler_hip_atomic_max(addr, val); }
__device__ __forceinline__ float atomicMin(float* addr, float val) { return xpiler_hip_atomic_min(addr, val); }
__device__ __forceinline__ double atomicMax(double* addr, double val) { return xpiler_hip_atomic_max(addr, val); }
__device__ __forceinline__ double atomicMin(double* addr, double val) { return xpiler_hip_atomic_min(addr, val); }
__device__ __forceinline__ float atomicSub(float* addr, float val) { return atomicAdd(addr, -val); }
__device__ __forceinline__ double atomicSub(double* addr, double val) { return atomicAdd(addr, -val); }
#define unsafeAtomicAdd atomicAdd
#define safeAtomicAdd atomicAdd
