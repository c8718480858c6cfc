// The cuda_fp16.h / cuda_bf16.h / hip_fp16.h function vocabulary over xpiler::half_t/bfloat16.
#pragma once
#include "xpiler/half.h"

typedef xpiler::half_t __half;
typedef xpiler::half_t half;
typedef xpiler::bfloat16 __nv_bfloat16;
typedef xpiler::bfloat16 __hip_bfloat16;
typedef xpiler::bfloat16 nv_bfloat16;
struct alignas(4) __half2 {
  __half x, y;
  __half2() = default;
  __half2(__half a, __half b) : x(a), y(b) {}
};
typedef __half2 half2;
struct alignas(4) __nv_bfloat162 { __nv_bfloat16 x, y; };
struct __half_raw { unsigned short x; };

#define CUDART_INF_F HUGE_VALF
#define CUDART_NAN_F NAN
#define CUDART_ZERO_FP16 __half(0.0f)

inline __half __float2half(float f) { return __half(f); }
inline __half __float2half_rn(float f) { return __half(f); }
inline __half __double2half(double d) { return __half((float)d); }
inline __half __int2half_rn(int i) { return __half((float)i); }
inline float __half2float(__half h) { return (float)h; }
inline int __half2int_rn(__half h) { return (int)nearbyintf((float)h); }
inline int __half2int_rz(__half h) { return (int)(float)h; }
inline __half __ushort_as_half(unsigned short b) { return __half(xpiler::raw_bits_t{}, b); }
inline unsigned short __half_as_ushort(__half h) { return h.bits; }
inline short __half_as_short(__half h) { return (short)h.bits; }
inline __half __short_as_half(short b) { return __half(xpiler::raw_bits_t{}, (unsigned short)b); }
inline __half2 __floats2half2_rn(float a, float b) { return __half2(__half(a), __half(b)); }
inline __half2 __float2half2_rn(float a) { return __half2(__half(a), __half(a)); }
inline __half2 __halves2half2(__half a, __half b) { return __half2(a, b); }
inline __half2 __half2half2(__half a) { return __half2(a, a); }
inline float __low2float(__half2 h) { return (float)h.x; }
inline float __high2float(__half2 h) { return (float)h.y; }
inline __half __low2half(__half2 h) { return h.x; }
inline __half __high2half(__half2 h) { return h.y; }

inline __half __hadd(__half a, __half b) { return a + b; }
inline __half __hsub(__half a, __half b) { return a - b; }
inline __half __hmul(__half a, __half b) { return a * b; }
inline __half __hdiv(__half a, __half b) { return a / b; }
inline __half __hneg(__half a) { return -a; }
inline __half __habs(__half a) { return __half(xpiler::raw_bits_t{}, (unsigned short)(a.bits & 0x7fffu)); }
inline __half __hfma(__half a, __half b, __half c) { return __half((float)((double)(float)a * (double)(float)b + (double)(float)c)); }
inline __half __hadd_sat(__half a, __half b) { float r = (float)(a + b); return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r); }
inline __half __hmul_sat(__half a, __half b) { float r = (float)(a * b); return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r); }
inline bool __hisnan(__half a) { return (a.bits & 0x7fffu) > 0x7c00u; }
inline bool __hisinf(__half a) { return (a.bits & 0x7fffu) == 0x7c00u; }
inline __half __hmax(__half a, __half b) {
  if (__hisnan(a)) return b;
  if (__hisnan(b)) return a;
  if ((float)a == 0.0f && (float)b == 0.0f) return (a.bits & 0x8000u) ? b : a;
  return (float)a > (float)b ? a : b;
}
inline __half __hmin(__half a, __half b) {
  if (__hisnan(a)) return b;
  if (__hisnan(b)) return a;
  if ((float)a == 0.0f && (float)b == 0.0f) return (a.bits & 0x8000u) ? a : b;
  return (float)a < (float)b ? a : b;
}
inline __half __hmax_nan(__half a, __half b) { return __hisnan(a) ? a : __hisnan(b) ? b : __hmax(a, b); }
inline __half __hmin_nan(__half a, __half b) { return __hisnan(a) ? a : __hisnan(b) ? b : __hmin(a, b); }
inline bool __heq(__half a, __half b) { return (float)a == (float)b; }
inline bool __hne(__half a, __half b) { return (float)a != (float)b; }
inline bool __hlt(__half a, __half b) { return (float)a < (float)b; }
inline bool __hle(__half a, __half b) { return (float)a <= (float)b; }
inline bool __hgt(__half a, __half b) { return (float)a > (float)b; }
inline bool __hge(__half a, __half b) { return (float)a >= (float)b; }
#define XPILER_HMATH(name, expr) inline __half name(__half h) { float x = (float)h; return __half(expr); }
XPILER_HMATH(hexp, expf(x))
XPILER_HMATH(hexp2, exp2f(x))
XPILER_HMATH(hexp10, powf(10.0f, x))
XPILER_HMATH(hlog, logf(x))
XPILER_HMATH(hlog2, log2f(x))
XPILER_HMATH(hlog10, log10f(x))
XPILER_HMATH(hsqrt, sqrtf(x))
XPILER_HMATH(hrsqrt, 1.0f / sqrtf(x))
XPILER_HMATH(hrcp, 1.0f / x)
XPILER_HMATH(hsin, sinf(x))
XPILER_HMATH(hcos, cosf(x))
XPILER_HMATH(htanh, tanhf(x))
XPILER_HMATH(hceil, ceilf(x))
XPILER_HMATH(hfloor, floorf(x))
XPILER_HMATH(htrunc, truncf(x))
XPILER_HMATH(hrint, nearbyintf(x))
#define XPILER_H2OP(name, op) inline __half2 name(__half2 a, __half2 b) { return __half2(op(a.x, b.x), op(a.y, b.y)); }
XPILER_H2OP(__hadd2, __hadd)
XPILER_H2OP(__hsub2, __hsub)
XPILER_H2OP(__hmul2, __hmul)
XPILER_H2OP(__h2div, __hdiv)
XPILER_H2OP(__hmax2, __hmax)
XPILER_H2OP(__hmin2, __hmin)
inline __half2 __hfma2(__half2 a, __half2 b, __half2 c) { return __half2(__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)); }
inline __half2 __hneg2(__half2 a) { return __half2(-a.x, -a.y); }
inline float2 __half22float2(__half2 h) { return float2{(float)h.x, (float)h.y}; }
inline __half2 __float22half2_rn(float2 f) { return __half2(__half(f.x), __half(f.y)); }
inline __half2 operator+(__half2 a, __half2 b) { return __hadd2(a, b); }
inline __half2 operator-(__half2 a, __half2 b) { return __hsub2(a, b); }
inline __half2 operator*(__half2 a, __half2 b) { return __hmul2(a, b); }
inline __half2 operator/(__half2 a, __half2 b) { return __h2div(a, b); }

inline __nv_bfloat16 __float2bfloat16(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rn(float f) { return __nv_bfloat16(f); }
inline __nv_bfloat16 __float2bfloat16_rz(float f) {
  unsigned u; memcpy(&u, &f, 4); return __nv_bfloat16(xpiler::raw_bits_t{}, (unsigned short)(u >> 16));
}
inline float __bfloat162float(__nv_bfloat16 b) { return (float)b; }
inline __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return a + b; }
inline __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return a - b; }
inline __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return a * b; }
inline __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) { return a / b; }
inline __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  return __nv_bfloat16((float)((double)(float)a * (double)(float)b + (double)(float)c));
}
inline __nv_bfloat16 __hmax(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a > (float)b || b != b ? a : b; }
inline __nv_bfloat16 __hmin(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a < (float)b || b != b ? a : b; }

// half atomics (cc >= 7.0)
inline __half atomicAdd(__half* p, __half v) { __half old = *p; *p = old + v; return old; }
inline __nv_bfloat16 atomicAdd(__nv_bfloat16* p, __nv_bfloat16 v) { __nv_bfloat16 old = *p; *p = old + v; return old; }
inline __half2 atomicAdd(__half2* p, __half2 v) { __half2 old = *p; *p = __hadd2(old, v); return old; }
