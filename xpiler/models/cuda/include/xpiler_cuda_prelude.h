// Force-included before every CUDA source compiled for the CPU engine.
#pragma once
#define XPILER_WARP_SIZE 32
#define __CUDACC__ 1
#define __CUDA_ARCH__ 900
#include "xpiler/gpu_common.h"
#include "xpiler/gpu_half.h"
#include "xpiler/gpu_runtime.h"
#include "xpiler/simt.h"

static constexpr int warpSize = 32;

// ---------------------------------------------------------------- warp primitives (CUDA names)
#define XPILER_MASK(m) ((unsigned long long)(unsigned)(m))
#define __shfl_sync(mask, v, src, ...) ::xpiler::simt::shfl("__shfl_sync", XPILER_SITE("__shfl_sync"), XPILER_MASK(mask), v, src, xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::idx)
#define __shfl_up_sync(mask, v, d, ...) ::xpiler::simt::shfl("__shfl_up_sync", XPILER_SITE("__shfl_up_sync"), XPILER_MASK(mask), v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::up)
#define __shfl_down_sync(mask, v, d, ...) ::xpiler::simt::shfl("__shfl_down_sync", XPILER_SITE("__shfl_down_sync"), XPILER_MASK(mask), v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::down)
#define __shfl_xor_sync(mask, v, m, ...) ::xpiler::simt::shfl("__shfl_xor_sync", XPILER_SITE("__shfl_xor_sync"), XPILER_MASK(mask), v, (int)(m), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::bfly)
#define __ballot_sync(mask, p) ((unsigned)::xpiler::simt::vote("__ballot_sync", XPILER_SITE("__ballot_sync"), XPILER_MASK(mask), (p), 0))
#define __any_sync(mask, p) ((int)::xpiler::simt::vote("__any_sync", XPILER_SITE("__any_sync"), XPILER_MASK(mask), (p), 1))
#define __all_sync(mask, p) ((int)::xpiler::simt::vote("__all_sync", XPILER_SITE("__all_sync"), XPILER_MASK(mask), (p), 2))
#define __syncwarp(...) ((void)::xpiler::simt::vote("__syncwarp", XPILER_SITE("__syncwarp"), XPILER_MASK(xpiler_full_mask(__VA_ARGS__)), 0, 3))
#define __activemask() ((unsigned)::xpiler::simt::active_mask(XPILER_SITE("__activemask")))
#define __match_any_sync(mask, v) ((unsigned)::xpiler::simt::match("__match_any_sync", XPILER_SITE("__match_any_sync"), XPILER_MASK(mask), v, nullptr, false))
#define __match_all_sync(mask, v, pred) ((unsigned)::xpiler::simt::match("__match_all_sync", XPILER_SITE("__match_all_sync"), XPILER_MASK(mask), v, pred, true))
#define __reduce_add_sync(mask, v) ::xpiler::simt::reduce("__reduce_add_sync", XPILER_SITE("__reduce_add_sync"), XPILER_MASK(mask), v, 0)
#define __reduce_min_sync(mask, v) ::xpiler::simt::reduce("__reduce_min_sync", XPILER_SITE("__reduce_min_sync"), XPILER_MASK(mask), v, 1)
#define __reduce_max_sync(mask, v) ::xpiler::simt::reduce("__reduce_max_sync", XPILER_SITE("__reduce_max_sync"), XPILER_MASK(mask), v, 2)
#define __reduce_and_sync(mask, v) ::xpiler::simt::reduce("__reduce_and_sync", XPILER_SITE("__reduce_and_sync"), XPILER_MASK(mask), (unsigned)(v), 3)
#define __reduce_or_sync(mask, v) ::xpiler::simt::reduce("__reduce_or_sync", XPILER_SITE("__reduce_or_sync"), XPILER_MASK(mask), (unsigned)(v), 4)
#define __reduce_xor_sync(mask, v) ::xpiler::simt::reduce("__reduce_xor_sync", XPILER_SITE("__reduce_xor_sync"), XPILER_MASK(mask), (unsigned)(v), 5)
inline int xpiler_width() { return 32; }
inline int xpiler_width(int w) { return w; }
inline unsigned xpiler_full_mask() { return 0xffffffffu; }
inline unsigned xpiler_full_mask(unsigned m) { return m; }

// ---------------------------------------------------------------- runtime API
enum cudaError_t { cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorMemoryAllocation = 2, cudaErrorInvalidDevice = 101 };
typedef cudaError_t cudaError;
enum cudaMemcpyKind { cudaMemcpyHostToHost = 0, cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2,
                      cudaMemcpyDeviceToDevice = 3, cudaMemcpyDefault = 4 };
typedef xpiler::gpurt::Event* cudaEvent_t;
typedef xpiler::gpurt::Stream* cudaStream_t;
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize = 8, cudaFuncAttributePreferredSharedMemoryCarveout = 9 };
struct cudaDeviceProp {
  char name[256]; size_t totalGlobalMem, sharedMemPerBlock; int regsPerBlock, warpSize; size_t memPitch;
  int maxThreadsPerBlock, maxThreadsDim[3], maxGridSize[3], clockRate; size_t totalConstMem;
  int major, minor, multiProcessorCount, maxThreadsPerMultiProcessor, l2CacheSize; size_t sharedMemPerBlockOptin;
};
#define XPILER_RT(name, call) ((cudaError_t)::xpiler::gpurt::call)
#define cudaMalloc(p, n) XPILER_RT(cudaMalloc, malloc_(XPILER_SITE("cudaMalloc"), p, n))
#define cudaMallocManaged(p, n, ...) XPILER_RT(cudaMallocManaged, malloc_(XPILER_SITE("cudaMallocManaged"), p, n))
#define cudaMallocHost(p, n) XPILER_RT(cudaMallocHost, malloc_host_(XPILER_SITE("cudaMallocHost"), p, n))
#define cudaHostAlloc(p, n, f) XPILER_RT(cudaHostAlloc, malloc_host_(XPILER_SITE("cudaHostAlloc"), p, n))
#define cudaFree(p) XPILER_RT(cudaFree, free_(XPILER_SITE("cudaFree"), (void*)(p)))
#define cudaFreeHost(p) XPILER_RT(cudaFreeHost, free_(XPILER_SITE("cudaFreeHost"), (void*)(p)))
#define cudaMemcpy(d, s, n, k) XPILER_RT(cudaMemcpy, memcpy_(XPILER_SITE("cudaMemcpy"), (void*)(d), (const void*)(s), n, k))
#define cudaMemcpyAsync(d, s, n, k, ...) XPILER_RT(cudaMemcpyAsync, memcpy_(XPILER_SITE("cudaMemcpyAsync"), (void*)(d), (const void*)(s), n, k))
#define cudaMemcpy2D(d, dp, s, sp, w, h, k) XPILER_RT(cudaMemcpy2D, memcpy2d_(XPILER_SITE("cudaMemcpy2D"), (void*)(d), dp, (const void*)(s), sp, w, h, k))
#define cudaMemset(d, v, n) XPILER_RT(cudaMemset, memset_(XPILER_SITE("cudaMemset"), (void*)(d), v, n))
#define cudaMemsetAsync(d, v, n, ...) XPILER_RT(cudaMemsetAsync, memset_(XPILER_SITE("cudaMemsetAsync"), (void*)(d), v, n))
template <class T> inline cudaError_t cudaMemcpyToSymbol(T& sym, const void* src, size_t n, size_t off = 0, int kind = 1) {
  (void)kind; memcpy((char*)&sym + off, src, n); return cudaSuccess;
}
template <class T> inline cudaError_t cudaMemcpyFromSymbol(void* dst, const T& sym, size_t n, size_t off = 0, int kind = 2) {
  (void)kind; memcpy(dst, (const char*)&sym + off, n); return cudaSuccess;
}
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaThreadSynchronize() { return cudaSuccess; }
inline cudaError_t cudaDeviceReset() { return cudaSuccess; }
inline cudaError_t cudaGetLastError() { return cudaSuccess; }
inline cudaError_t cudaPeekAtLastError() { return cudaSuccess; }
inline cudaError_t cudaSetDevice(int) { return cudaSuccess; }
inline cudaError_t cudaGetDevice(int* d) { *d = 0; return cudaSuccess; }
inline cudaError_t cudaGetDeviceCount(int* n) { *n = 1; return cudaSuccess; }
inline const char* cudaGetErrorString(cudaError_t e) { return e == cudaSuccess ? "no error" : "error"; }
inline const char* cudaGetErrorName(cudaError_t e) { return e == cudaSuccess ? "cudaSuccess" : "cudaError"; }
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int) {
  memset(p, 0, sizeof *p);
  snprintf(p->name, sizeof p->name, "Xpiler CPU engine (CUDA)");
  p->totalGlobalMem = 80ull << 30; p->sharedMemPerBlock = 48 * 1024; p->sharedMemPerBlockOptin = 227 * 1024;
  p->regsPerBlock = 65536; p->warpSize = 32; p->maxThreadsPerBlock = 1024;
  p->maxThreadsDim[0] = 1024; p->maxThreadsDim[1] = 1024; p->maxThreadsDim[2] = 64;
  p->maxGridSize[0] = 2147483647; p->maxGridSize[1] = 65535; p->maxGridSize[2] = 65535;
  p->major = 9; p->minor = 0; p->multiProcessorCount = 132; p->maxThreadsPerMultiProcessor = 2048; p->l2CacheSize = 50 << 20;
  return cudaSuccess;
}
template <class F> inline cudaError_t cudaFuncSetAttribute(F, cudaFuncAttribute, int) { return cudaSuccess; }
inline cudaError_t cudaEventCreate(cudaEvent_t* e) { return (cudaError_t)xpiler::gpurt::event_create(e); }
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned) { return (cudaError_t)xpiler::gpurt::event_create(e); }
inline cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t = nullptr) { return (cudaError_t)xpiler::gpurt::event_record(e); }
inline cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t a, cudaEvent_t b) { return (cudaError_t)xpiler::gpurt::event_elapsed(ms, a, b); }
inline cudaError_t cudaEventDestroy(cudaEvent_t e) { return (cudaError_t)xpiler::gpurt::event_destroy(e); }
inline cudaError_t cudaStreamCreate(cudaStream_t* s) { return (cudaError_t)xpiler::gpurt::stream_create(s); }
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) { return (cudaError_t)xpiler::gpurt::stream_create(s); }
inline cudaError_t cudaStreamDestroy(cudaStream_t s) { return (cudaError_t)xpiler::gpurt::stream_destroy(s); }
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
#define cudaStreamDefault 0
#define cudaStreamNonBlocking 1
