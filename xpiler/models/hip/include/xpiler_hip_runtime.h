// The HIP runtime API on the engine's guarded device memory (xpiler/gpu_runtime.h). The device it
// describes is CDNA2-like (gfx90a, one MI250X die): 64-lane wavefronts, 64 KiB LDS per workgroup.
#pragma once
#include <cstdio>
#include <cstring>

enum hipError_t {
  hipSuccess = 0, hipErrorInvalidValue = 1, hipErrorOutOfMemory = 2, hipErrorMemoryAllocation = 2,
  hipErrorNotInitialized = 3, hipErrorInvalidDevice = 101, hipErrorInvalidDevicePointer = 17,
  hipErrorInvalidMemcpyDirection = 21, hipErrorNotReady = 600, hipErrorUnknown = 999
};
enum hipMemcpyKind { hipMemcpyHostToHost = 0, hipMemcpyHostToDevice = 1, hipMemcpyDeviceToHost = 2,
                     hipMemcpyDeviceToDevice = 3, hipMemcpyDefault = 4 };
typedef xpiler::gpurt::Event* hipEvent_t;
typedef xpiler::gpurt::Stream* hipStream_t;
typedef void* hipDeviceptr_t;
typedef int hipDevice_t;
enum hipFuncAttribute { hipFuncAttributeMaxDynamicSharedMemorySize = 8, hipFuncAttributePreferredSharedMemoryCarveout = 9 };
enum hipDeviceAttribute_t {
  hipDeviceAttributeMaxThreadsPerBlock, hipDeviceAttributeMaxBlockDimX, hipDeviceAttributeMaxBlockDimY,
  hipDeviceAttributeMaxBlockDimZ, hipDeviceAttributeMaxGridDimX, hipDeviceAttributeMaxGridDimY,
  hipDeviceAttributeMaxGridDimZ, hipDeviceAttributeMaxSharedMemoryPerBlock, hipDeviceAttributeTotalConstantMemory,
  hipDeviceAttributeWarpSize, hipDeviceAttributeMaxRegistersPerBlock, hipDeviceAttributeClockRate,
  hipDeviceAttributeMemoryClockRate, hipDeviceAttributeMemoryBusWidth, hipDeviceAttributeMultiprocessorCount,
  hipDeviceAttributeComputeMode, hipDeviceAttributeL2CacheSize, hipDeviceAttributeMaxThreadsPerMultiProcessor,
  hipDeviceAttributeComputeCapabilityMajor, hipDeviceAttributeComputeCapabilityMinor,
  hipDeviceAttributeSharedMemPerBlockOptin, hipDeviceAttributeMaxSharedMemoryPerMultiprocessor
};
struct hipDeviceArch_t { unsigned hasDoubles, hasSharedInt32Atomics, hasFloatAtomicAdd, hasWarpVote, hasWarpBallot, hasWarpShuffle; };
struct hipDeviceProp_t {
  char name[256];
  size_t totalGlobalMem, sharedMemPerBlock;
  int regsPerBlock, warpSize;
  size_t memPitch;
  int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3], clockRate, memoryClockRate, memoryBusWidth;
  size_t totalConstMem;
  int major, minor, multiProcessorCount, l2CacheSize, maxThreadsPerMultiProcessor, computeMode, clockInstructionRate;
  hipDeviceArch_t arch;
  int concurrentKernels, pciDomainID, pciBusID, pciDeviceID;
  size_t maxSharedMemoryPerMultiProcessor;
  int isMultiGpuBoard, canMapHostMemory, gcnArch;
  char gcnArchName[256];
  int integrated, cooperativeLaunch, cooperativeMultiDeviceLaunch;
  size_t sharedMemPerBlockOptin;
  int managedMemory, ECCEnabled;
};
typedef hipDeviceProp_t hipDeviceProp;

#define XPILER_HIP_RT(call) ((hipError_t)::xpiler::gpurt::call)
#define hipMalloc(p, n) XPILER_HIP_RT(malloc_(XPILER_SITE("hipMalloc"), p, n))
#define hipMallocManaged(p, n, ...) XPILER_HIP_RT(malloc_(XPILER_SITE("hipMallocManaged"), p, n))
#define hipExtMallocWithFlags(p, n, ...) XPILER_HIP_RT(malloc_(XPILER_SITE("hipExtMallocWithFlags"), p, n))
#define hipHostMalloc(p, n, ...) XPILER_HIP_RT(malloc_host_(XPILER_SITE("hipHostMalloc"), p, n))
#define hipMallocHost(p, n) XPILER_HIP_RT(malloc_host_(XPILER_SITE("hipMallocHost"), p, n))
#define hipHostAlloc(p, n, ...) XPILER_HIP_RT(malloc_host_(XPILER_SITE("hipHostAlloc"), p, n))
#define hipFree(p) XPILER_HIP_RT(free_(XPILER_SITE("hipFree"), (void*)(p)))
#define hipHostFree(p) XPILER_HIP_RT(free_(XPILER_SITE("hipHostFree"), (void*)(p)))
#define hipFreeHost(p) XPILER_HIP_RT(free_(XPILER_SITE("hipFreeHost"), (void*)(p)))
#define hipMemcpy(d, s, n, k) XPILER_HIP_RT(memcpy_(XPILER_SITE("hipMemcpy"), (void*)(d), (const void*)(s), n, k))
#define hipMemcpyAsync(d, s, n, k, ...) XPILER_HIP_RT(memcpy_(XPILER_SITE("hipMemcpyAsync"), (void*)(d), (const void*)(s), n, k))
#define hipMemcpyHtoD(d, s, n) XPILER_HIP_RT(memcpy_(XPILER_SITE("hipMemcpyHtoD"), (void*)(d), (const void*)(s), n, 1))
#define hipMemcpyDtoH(d, s, n) XPILER_HIP_RT(memcpy_(XPILER_SITE("hipMemcpyDtoH"), (void*)(d), (const void*)(s), n, 2))
#define hipMemcpyDtoD(d, s, n) XPILER_HIP_RT(memcpy_(XPILER_SITE("hipMemcpyDtoD"), (void*)(d), (const void*)(s), n, 3))
#define hipMemcpy2D(d, dp, s, sp, w, h, k) XPILER_HIP_RT(memcpy2d_(XPILER_SITE("hipMemcpy2D"), (void*)(d), dp, (const void*)(s), sp, w, h, k))
#define hipMemset(d, v, n) XPILER_HIP_RT(memset_(XPILER_SITE("hipMemset"), (void*)(d), v, n))
#define hipMemsetAsync(d, v, n, ...) XPILER_HIP_RT(memset_(XPILER_SITE("hipMemsetAsync"), (void*)(d), v, n))
#define hipMemsetD32(d, v, n) ::xpiler::hip::memset_d32(XPILER_SITE("hipMemsetD32"), (void*)(d), (int)(v), n)
#define HIP_SYMBOL(x) x

namespace xpiler {
namespace hip {
inline hipError_t memset_d32(const Site& site, void* d, int v, size_t n) {
  gpurt::check_device_range(site, site.what, d, n * 4);
  for (size_t i = 0; i < n; ++i) memcpy((char*)d + 4 * i, &v, 4);
  return hipSuccess;
}
}  // namespace hip
}  // namespace xpiler

template <class T> inline hipError_t hipMemcpyToSymbol(T& sym, const void* src, size_t n, size_t off = 0,
                                                       hipMemcpyKind kind = hipMemcpyHostToDevice) {
  (void)kind; memcpy((char*)&sym + off, src, n); return hipSuccess;
}
template <class T> inline hipError_t hipMemcpyFromSymbol(void* dst, const T& sym, size_t n, size_t off = 0,
                                                         hipMemcpyKind kind = hipMemcpyDeviceToHost) {
  (void)kind; memcpy(dst, (const char*)&sym + off, n); return hipSuccess;
}
template <class T, class S> inline hipError_t hipMemcpyToSymbolAsync(T& sym, const void* src, size_t n, size_t off,
                                                                     hipMemcpyKind kind, S) {
  return hipMemcpyToSymbol(sym, src, n, off, kind);
}
inline hipError_t hipInit(unsigned) { return hipSuccess; }
inline hipError_t hipDeviceSynchronize() { return hipSuccess; }
inline hipError_t hipDeviceReset() { return hipSuccess; }
inline hipError_t hipGetLastError() { return hipSuccess; }
inline hipError_t hipPeekAtLastError() { return hipSuccess; }
inline hipError_t hipSetDevice(int) { return hipSuccess; }
inline hipError_t hipGetDevice(int* d) { *d = 0; return hipSuccess; }
inline hipError_t hipGetDeviceCount(int* n) { *n = 1; return hipSuccess; }
inline hipError_t hipDeviceGet(hipDevice_t* d, int ordinal) { *d = ordinal; return hipSuccess; }
inline hipError_t hipDriverGetVersion(int* v) { *v = HIP_VERSION; return hipSuccess; }
inline hipError_t hipRuntimeGetVersion(int* v) { *v = HIP_VERSION; return hipSuccess; }
inline const char* hipGetErrorString(hipError_t e) { return e == hipSuccess ? "no error" : "hipError"; }
inline const char* hipGetErrorName(hipError_t e) { return e == hipSuccess ? "hipSuccess" : "hipError"; }
inline hipError_t hipGetDeviceProperties(hipDeviceProp_t* p, int) {
  memset(p, 0, sizeof *p);
  snprintf(p->name, sizeof p->name, "Xpiler CPU engine (HIP, CDNA2-like)");
  snprintf(p->gcnArchName, sizeof p->gcnArchName, "gfx90a:sramecc+:xnack-");
  p->gcnArch = 910;
  p->totalGlobalMem = 64ull << 30; p->sharedMemPerBlock = 64 * 1024; p->sharedMemPerBlockOptin = 64 * 1024;
  p->maxSharedMemoryPerMultiProcessor = 64 * 1024;
  p->regsPerBlock = 65536; p->warpSize = 64; p->maxThreadsPerBlock = 1024;
  p->maxThreadsDim[0] = 1024; p->maxThreadsDim[1] = 1024; p->maxThreadsDim[2] = 1024;
  p->maxGridSize[0] = 2147483647; p->maxGridSize[1] = 65536; p->maxGridSize[2] = 65536;
  p->clockRate = 1700000; p->memoryClockRate = 1600000; p->memoryBusWidth = 4096; p->clockInstructionRate = 1000000;
  p->totalConstMem = 2147483647;
  p->major = 9; p->minor = 0; p->multiProcessorCount = 110; p->maxThreadsPerMultiProcessor = 2048;
  p->l2CacheSize = 8 << 20; p->concurrentKernels = 1; p->canMapHostMemory = 1; p->cooperativeLaunch = 1;
  p->managedMemory = 1; p->ECCEnabled = 1;
  p->arch = hipDeviceArch_t{1, 1, 1, 1, 1, 1};
  return hipSuccess;
}
inline hipError_t hipDeviceGetAttribute(int* v, hipDeviceAttribute_t a, int dev) {
  hipDeviceProp_t p;
  hipGetDeviceProperties(&p, dev);
  switch (a) {
    case hipDeviceAttributeMaxThreadsPerBlock: *v = p.maxThreadsPerBlock; break;
    case hipDeviceAttributeMaxBlockDimX: *v = p.maxThreadsDim[0]; break;
    case hipDeviceAttributeMaxBlockDimY: *v = p.maxThreadsDim[1]; break;
    case hipDeviceAttributeMaxBlockDimZ: *v = p.maxThreadsDim[2]; break;
    case hipDeviceAttributeMaxGridDimX: *v = p.maxGridSize[0]; break;
    case hipDeviceAttributeMaxGridDimY: *v = p.maxGridSize[1]; break;
    case hipDeviceAttributeMaxGridDimZ: *v = p.maxGridSize[2]; break;
    case hipDeviceAttributeMaxSharedMemoryPerBlock: *v = (int)p.sharedMemPerBlock; break;
    case hipDeviceAttributeSharedMemPerBlockOptin: *v = (int)p.sharedMemPerBlockOptin; break;
    case hipDeviceAttributeMaxSharedMemoryPerMultiprocessor: *v = (int)p.maxSharedMemoryPerMultiProcessor; break;
    case hipDeviceAttributeTotalConstantMemory: *v = (int)p.totalConstMem; break;
    case hipDeviceAttributeWarpSize: *v = p.warpSize; break;
    case hipDeviceAttributeMaxRegistersPerBlock: *v = p.regsPerBlock; break;
    case hipDeviceAttributeClockRate: *v = p.clockRate; break;
    case hipDeviceAttributeMemoryClockRate: *v = p.memoryClockRate; break;
    case hipDeviceAttributeMemoryBusWidth: *v = p.memoryBusWidth; break;
    case hipDeviceAttributeMultiprocessorCount: *v = p.multiProcessorCount; break;
    case hipDeviceAttributeL2CacheSize: *v = p.l2CacheSize; break;
    case hipDeviceAttributeMaxThreadsPerMultiProcessor: *v = p.maxThreadsPerMultiProcessor; break;
    case hipDeviceAttributeComputeCapabilityMajor: *v = p.major; break;
    case hipDeviceAttributeComputeCapabilityMinor: *v = p.minor; break;
    default: *v = 0; return hipErrorInvalidValue;
  }
  return hipSuccess;
}
template <class F> inline hipError_t hipFuncSetAttribute(F, hipFuncAttribute, int) { return hipSuccess; }
inline hipError_t hipEventCreate(hipEvent_t* e) { return (hipError_t)xpiler::gpurt::event_create(e); }
inline hipError_t hipEventCreateWithFlags(hipEvent_t* e, unsigned) { return (hipError_t)xpiler::gpurt::event_create(e); }
inline hipError_t hipEventRecord(hipEvent_t e, hipStream_t = nullptr) { return (hipError_t)xpiler::gpurt::event_record(e); }
inline hipError_t hipEventSynchronize(hipEvent_t) { return hipSuccess; }
inline hipError_t hipEventQuery(hipEvent_t) { return hipSuccess; }
inline hipError_t hipEventElapsedTime(float* ms, hipEvent_t a, hipEvent_t b) { return (hipError_t)xpiler::gpurt::event_elapsed(ms, a, b); }
inline hipError_t hipEventDestroy(hipEvent_t e) { return (hipError_t)xpiler::gpurt::event_destroy(e); }
inline hipError_t hipStreamCreate(hipStream_t* s) { return (hipError_t)xpiler::gpurt::stream_create(s); }
inline hipError_t hipStreamCreateWithFlags(hipStream_t* s, unsigned) { return (hipError_t)xpiler::gpurt::stream_create(s); }
inline hipError_t hipStreamDestroy(hipStream_t s) { return (hipError_t)xpiler::gpurt::stream_destroy(s); }
inline hipError_t hipStreamSynchronize(hipStream_t) { return hipSuccess; }
inline hipError_t hipStreamQuery(hipStream_t) { return hipSuccess; }
#define hipStreamDefault 0
#define hipStreamNonBlocking 1
#define hipEventDefault 0
#define hipEventBlockingSync 1
#define hipEventDisableTiming 2
#define hipHostMallocDefault 0
#define hipHostMallocMapped 2
#define hipMemAttachGlobal 1

// hipLaunchKernelGGL(kernel, grid, block, shared bytes, stream, args...): the kernel runs at once
// (every stream is synchronous on the engine). Template kernels are named with HIP_KERNEL_NAME(...).
#define HIP_KERNEL_NAME(...) __VA_ARGS__
#define hipLaunchKernelGGL(k, grid, block, shmem, stream, ...) \
  ::xpiler::simt::launcher(k, #k, XPILER_SITE("hipLaunchKernelGGL"), dim3(grid), dim3(block), (size_t)(shmem), stream)(__VA_ARGS__)
#define hipLaunchKernelNoBarrier hipLaunchKernelGGL
