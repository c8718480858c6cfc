// Force-included before every HIP source compiled for the CPU engine. The engine emulates an AMD
// CDNA device (gfx90a-like): 64-lane wavefronts in lockstep, 64-bit lane masks, 64 KiB of LDS.
#pragma once
#define XPILER_WARP_SIZE 64
#define XPILER_STATIC_SHARED_BYTES (64 * 1024)
#define XPILER_MAX_DYNAMIC_SHARED_BYTES (64 * 1024)
#define __HIP_PLATFORM_AMD__ 1
#define __HIP_PLATFORM_HCC__ 1
#define __HIPCC__ 1
#define __HIP__ 1
#define __HIP_DEVICE_COMPILE__ 1
#define __HIP_ARCH_GFX90A__ 1
#define __gfx90a__ 1
#define __GFX9__ 1
#define __AMDGCN__ 1
#define __AMDGCN_WAVEFRONT_SIZE 64
#define __AMDGCN_WAVEFRONT_SIZE__ 64
#define HIP_VERSION_MAJOR 6
#define HIP_VERSION_MINOR 2
#define HIP_VERSION_PATCH 0
#define HIP_VERSION (HIP_VERSION_MAJOR * 10000000 + HIP_VERSION_MINOR * 100000 + HIP_VERSION_PATCH)
// clang's half-precision storage type; g++ (12+) has _Float16 on x86-64, rounding after every operation
#define __fp16 _Float16
// 64-byte vectors (floatx16) are passed in memory without AVX-512; that is fine on the engine
#pragma GCC diagnostic ignored "-Wpsabi"
#include "xpiler/gpu_common.h"
#include "xpiler/gpu_half.h"
#include "xpiler/gpu_runtime.h"
#include "xpiler/simt.h"

static constexpr int warpSize = 64;

// ---------------------------------------------------------------- index built-ins (old HIP spellings)
#define hipThreadIdx_x (threadIdx.x)
#define hipThreadIdx_y (threadIdx.y)
#define hipThreadIdx_z (threadIdx.z)
#define hipBlockIdx_x (blockIdx.x)
#define hipBlockIdx_y (blockIdx.y)
#define hipBlockIdx_z (blockIdx.z)
#define hipBlockDim_x (blockDim.x)
#define hipBlockDim_y (blockDim.y)
#define hipBlockDim_z (blockDim.z)
#define hipGridDim_x (gridDim.x)
#define hipGridDim_y (gridDim.y)
#define hipGridDim_z (gridDim.z)

// ---------------------------------------------------------------- wavefront primitives (HIP names)
// HIP's shuffles and votes take no mask: every active lane of the wavefront takes part.
#define XPILER_WAVE (~0ull)
#define __shfl(v, src, ...) ::xpiler::hip::shfl_idx("__shfl", XPILER_SITE("__shfl"), XPILER_WAVE, v, (int)(src), xpiler_width(__VA_ARGS__))
#define __shfl_up(v, d, ...) ::xpiler::simt::shfl("__shfl_up", XPILER_SITE("__shfl_up"), XPILER_WAVE, v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::up)
#define __shfl_down(v, d, ...) ::xpiler::simt::shfl("__shfl_down", XPILER_SITE("__shfl_down"), XPILER_WAVE, v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::down)
#define __shfl_xor(v, m, ...) ::xpiler::simt::shfl("__shfl_xor", XPILER_SITE("__shfl_xor"), XPILER_WAVE, v, (int)(m), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::bfly)
#define __ballot(p) ((unsigned long long)::xpiler::simt::vote("__ballot", XPILER_SITE("__ballot"), XPILER_WAVE, (p), 0))
#define __any(p) ((int)::xpiler::simt::vote("__any", XPILER_SITE("__any"), XPILER_WAVE, (p), 1))
#define __all(p) ((int)::xpiler::simt::vote("__all", XPILER_SITE("__all"), XPILER_WAVE, (p), 2))
// the lanes executing the call (HIP: __ballot(1)), so inside a divergent branch only that branch's lanes
#define __activemask() __ballot(1)
#define __match_any(v) ((unsigned long long)::xpiler::simt::match("__match_any", XPILER_SITE("__match_any"), XPILER_WAVE, v, nullptr, false))
#define __match_all(v, pred) ((unsigned long long)::xpiler::simt::match("__match_all", XPILER_SITE("__match_all"), XPILER_WAVE, v, pred, true))
// The _sync forms of ROCm 6.2+ (HIP_ENABLE_WARP_SYNC_BUILTINS): 64-bit masks only, as in HIP.
#define XPILER_HIP_MASK(m) (::xpiler::hip::mask64(m))
#define __shfl_sync(mask, v, src, ...) ::xpiler::hip::shfl_idx("__shfl_sync", XPILER_SITE("__shfl_sync"), XPILER_HIP_MASK(mask), v, (int)(src), xpiler_width(__VA_ARGS__))
#define __shfl_up_sync(mask, v, d, ...) ::xpiler::simt::shfl("__shfl_up_sync", XPILER_SITE("__shfl_up_sync"), XPILER_HIP_MASK(mask), v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::up)
#define __shfl_down_sync(mask, v, d, ...) ::xpiler::simt::shfl("__shfl_down_sync", XPILER_SITE("__shfl_down_sync"), XPILER_HIP_MASK(mask), v, (int)(d), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::down)
#define __shfl_xor_sync(mask, v, m, ...) ::xpiler::simt::shfl("__shfl_xor_sync", XPILER_SITE("__shfl_xor_sync"), XPILER_HIP_MASK(mask), v, (int)(m), xpiler_width(__VA_ARGS__), ::xpiler::simt::ShflMode::bfly)
#define __ballot_sync(mask, p) ((unsigned long long)::xpiler::simt::vote("__ballot_sync", XPILER_SITE("__ballot_sync"), XPILER_HIP_MASK(mask), (p), 0))
#define __any_sync(mask, p) ((int)::xpiler::simt::vote("__any_sync", XPILER_SITE("__any_sync"), XPILER_HIP_MASK(mask), (p), 1))
#define __all_sync(mask, p) ((int)::xpiler::simt::vote("__all_sync", XPILER_SITE("__all_sync"), XPILER_HIP_MASK(mask), (p), 2))
#define __match_any_sync(mask, v) ((unsigned long long)::xpiler::simt::match("__match_any_sync", XPILER_SITE("__match_any_sync"), XPILER_HIP_MASK(mask), v, nullptr, false))
#define __match_all_sync(mask, v, pred) ((unsigned long long)::xpiler::simt::match("__match_all_sync", XPILER_SITE("__match_all_sync"), XPILER_HIP_MASK(mask), v, pred, true))
inline int xpiler_width() { return 64; }
inline int xpiler_width(int w) { return w; }

namespace xpiler {
namespace hip {
// HIP's __shfl reads lane (src + start of the caller's width-group) mod 64: unlike CUDA, a source
// index beyond the width reaches into the following groups (amd_warp_functions.h).
template <class T>
inline T shfl_idx(const char* op, const Site& site, unsigned long long mask, T value, int src, int width) {
  if (width <= 0 || width > 64 || (width & (width - 1)))
    fail_at("bad_intrinsic_argument", site, "%s: width %d must be a power of two no larger than 64", op, width);
  int lane = simt::lane_id();
  return simt::shfl(op, site, mask, value, (src + (lane & ~(width - 1))) & 63, 64, simt::ShflMode::idx);
}

template <class M>
inline unsigned long long mask64(M m) {
  static_assert(sizeof(M) == 8, "HIP: the mask of a _sync warp function must be a 64-bit integer (a 32-bit mask "
                                "such as 0xffffffff names only half of a 64-lane wavefront)");
  return (unsigned long long)m;
}
}  // namespace hip
}  // namespace xpiler

inline unsigned __lane_id() { return (unsigned)::xpiler::simt::lane_id(); }
// lanes below / above the caller among those executing the call (HIP masks them with __ballot64(1))
#define __ballot64(p) __ballot(p)
#define __lanemask_lt() (((1ull << ::xpiler::simt::lane_id()) - 1ull) & __ballot(1))
#define __lanemask_gt() ((::xpiler::simt::lane_id() == 63 ? 0ull : ~0ull << (::xpiler::simt::lane_id() + 1)) & __ballot(1))
inline unsigned long long __lanemask_eq() { return 1ull << ::xpiler::simt::lane_id(); }
inline int __ffsll(unsigned long long x) { return __builtin_ffsll((long long)x); }
inline unsigned __smid() { return 0u; }

// ---------------------------------------------------------------- HIP-only atomics
// float/double atomicMin/atomicMax (a CAS loop in HIP: the value is replaced when strictly smaller /
// larger, so a NaN operand or NaN contents leave memory unchanged), atomicSub on floats, and the
// unsafe/safe spellings of the floating-point atomics.
XPILER_ATOMIC_RMW(atomicMin, float, v < old ? v : old)
XPILER_ATOMIC_RMW(atomicMax, float, v > old ? v : old)
XPILER_ATOMIC_RMW(atomicMin, double, v < old ? v : old)
XPILER_ATOMIC_RMW(atomicMax, double, v > old ? v : old)
XPILER_ATOMIC_RMW(atomicSub, float, old - v)
XPILER_ATOMIC_RMW(atomicSub, double, old - v)
template <class T> inline T unsafeAtomicAdd(T* p, T v) { return atomicAdd(p, v); }
template <class T> inline T safeAtomicAdd(T* p, T v) { return atomicAdd(p, v); }
template <class T> inline T unsafeAtomicMax(T* p, T v) { return atomicMax(p, v); }
template <class T> inline T safeAtomicMax(T* p, T v) { return atomicMax(p, v); }
template <class T> inline T unsafeAtomicMin(T* p, T v) { return atomicMin(p, v); }
template <class T> inline T safeAtomicMin(T* p, T v) { return atomicMin(p, v); }
template <class T, class V> inline T atomicCAS_system(T* p, V c, V v) { return atomicCAS(p, (T)c, (T)v); }
template <class T, class V> inline T atomicOr_system(T* p, V v) { return atomicOr(p, (T)v); }
template <class T, class V> inline T atomicAnd_system(T* p, V v) { return atomicAnd(p, (T)v); }

// HIP's __fdividef is plain division (clang __clang_hip_math.h); __expf & co. as in gpu_common.h.
#define __fdividef(x, y) ((float)(x) / (float)(y))

#include "xpiler_hip_amdgcn.h"
#include "xpiler_hip_runtime.h"
