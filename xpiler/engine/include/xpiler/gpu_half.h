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
inline __half __double2half(double d) { return __half(d); }   // rounds once (half.h)
inline __half __float2half_rz(float f) { return __half(xpiler::raw_bits_t{}, xpiler::f32_to_f16_bits_dir(f, 0)); }
inline __half __float2half_rd(float f) { return __half(xpiler::raw_bits_t{}, xpiler::f32_to_f16_bits_dir(f, -1)); }
inline __half __float2half_ru(float f) { return __half(xpiler::raw_bits_t{}, xpiler::f32_to_f16_bits_dir(f, 1)); }
inline __half __int2half_rn(int i) { return __half(i); }
inline __half __uint2half_rn(unsigned i) { return __half(i); }
inline __half __short2half_rn(short i) { return __half(i); }
inline __half __ll2half_rn(long long i) { return __half(i); }
inline float __half2float(__half h) { return (float)h; }
inline int __half2int_rn(__half h) { return __float2int_rn((float)h); }
inline int __half2int_rz(__half h) { return __float2int_rz((float)h); }
inline int __half2int_rd(__half h) { return __float2int_rd((float)h); }
inline int __half2int_ru(__half h) { return __float2int_ru((float)h); }
inline unsigned __half2uint_rn(__half h) { return __float2uint_rn((float)h); }
inline unsigned __half2uint_rz(__half h) { return __float2uint_rz((float)h); }
inline short __half2short_rn(__half h) { return xpiler_cvt_sat<short>(nearbyint((double)(float)h)); }
inline short __half2short_rz(__half h) { return xpiler_cvt_sat<short>(trunc((double)(float)h)); }
inline long long __half2ll_rn(__half h) { return __float2ll_rn((float)h); }
inline long long __half2ll_rz(__half h) { return __float2ll_rz((float)h); }
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
// the _rn forms are the same operations, but nvcc never contracts them into an fma (nor does the engine)
inline __half __hadd_rn(__half a, __half b) { return a + b; }
inline __half __hsub_rn(__half a, __half b) { return a - b; }
inline __half __hmul_rn(__half a, __half b) { return a * b; }
inline __half __hsub_sat(__half a, __half b) { float r = (float)(a - b); return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r); }
inline __half __hfma_sat(__half a, __half b, __half c) {
  float r = (float)__hfma(a, b, c);
  return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r);
}
inline __half __hadd_sat(__half a, __half b) { float r = (float)(a + b); return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r); }
inline __half __hmul_sat(__half a, __half b) { float r = (float)(a * b); return __half(r < 0 ? 0.0f : r > 1 ? 1.0f : r); }
inline bool __hisnan(__half a) { return (a.bits & 0x7fffu) > 0x7c00u; }
// -1 for -inf, 1 for +inf, 0 otherwise
inline int __hisinf(__half a) { return (a.bits & 0x7fffu) != 0x7c00u ? 0 : (a.bits & 0x8000u) ? -1 : 1; }
// max/min: a NaN operand yields the other one, two NaNs the canonical NaN (0x7fff), +0 > -0;
// the _nan forms return the canonical NaN if either operand is NaN
namespace xpiler {
template <class H>
inline H hminmax(H a, H b, bool is_max, bool nan_prop) {
  bool na = a != a, nb = b != b;
  if (na || nb) return (nan_prop || (na && nb)) ? H(raw_bits_t{}, 0x7fffu) : (na ? b : a);
  float x = (float)a, y = (float)b;
  if (x == 0.0f && y == 0.0f) {
    bool a_neg = (a.bits & 0x8000u) != 0;
    return is_max ? (a_neg ? b : a) : (a_neg ? a : b);
  }
  return is_max ? (x > y ? a : b) : (x < y ? a : b);
}
}  // namespace xpiler
inline __half __hmax(__half a, __half b) { return xpiler::hminmax(a, b, true, false); }
inline __half __hmin(__half a, __half b) { return xpiler::hminmax(a, b, false, false); }
inline __half __hmax_nan(__half a, __half b) { return xpiler::hminmax(a, b, true, true); }
inline __half __hmin_nan(__half a, __half b) { return xpiler::hminmax(a, b, false, true); }
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
  unsigned u; memcpy(&u, &f, 4);
  return __nv_bfloat16(xpiler::raw_bits_t{}, (unsigned short)(f != f ? 0x7fffu : u >> 16));
}
inline float __bfloat162float(__nv_bfloat16 b) { return (float)b; }
inline __nv_bfloat16 __hadd(__nv_bfloat16 a, __nv_bfloat16 b) { return a + b; }
inline __nv_bfloat16 __hadd_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return a + b; }
inline __nv_bfloat16 __hsub_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return a - b; }
inline __nv_bfloat16 __hmul_rn(__nv_bfloat16 a, __nv_bfloat16 b) { return a * b; }
inline __nv_bfloat16 __hsub(__nv_bfloat16 a, __nv_bfloat16 b) { return a - b; }
inline __nv_bfloat16 __hmul(__nv_bfloat16 a, __nv_bfloat16 b) { return a * b; }
inline __nv_bfloat16 __hdiv(__nv_bfloat16 a, __nv_bfloat16 b) { return a / b; }
inline __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
  return __nv_bfloat16((float)((double)(float)a * (double)(float)b + (double)(float)c));
}
inline __nv_bfloat16 __hmax(__nv_bfloat16 a, __nv_bfloat16 b) { return xpiler::hminmax(a, b, true, false); }
inline __nv_bfloat16 __hmin(__nv_bfloat16 a, __nv_bfloat16 b) { return xpiler::hminmax(a, b, false, false); }
inline __nv_bfloat16 __hmax_nan(__nv_bfloat16 a, __nv_bfloat16 b) { return xpiler::hminmax(a, b, true, true); }
inline __nv_bfloat16 __hmin_nan(__nv_bfloat16 a, __nv_bfloat16 b) { return xpiler::hminmax(a, b, false, true); }
inline __nv_bfloat16 __float2bfloat16_rd(float f) {
  __nv_bfloat16 r = __float2bfloat16_rz(f);
  return ((float)r > f) ? __nv_bfloat16(xpiler::raw_bits_t{}, (unsigned short)(r.bits + 1)) : r;
}
inline __nv_bfloat16 __float2bfloat16_ru(float f) {
  __nv_bfloat16 r = __float2bfloat16_rz(f);
  return ((float)r < f) ? __nv_bfloat16(xpiler::raw_bits_t{}, (unsigned short)(r.bits + 1)) : r;
}
inline __nv_bfloat16 __double2bfloat16(double d) { return __nv_bfloat16(d); }
inline __nv_bfloat16 __int2bfloat16_rn(int i) { return __nv_bfloat16(i); }
inline int __bfloat162int_rn(__nv_bfloat16 h) { return __float2int_rn((float)h); }
inline int __bfloat162int_rz(__nv_bfloat16 h) { return __float2int_rz((float)h); }
inline __nv_bfloat16 __hneg(__nv_bfloat16 a) { return -a; }
inline __nv_bfloat16 __habs(__nv_bfloat16 a) { return __nv_bfloat16(xpiler::raw_bits_t{}, (unsigned short)(a.bits & 0x7fffu)); }
inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 h) { return h.bits; }
inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short b) { return __nv_bfloat16(xpiler::raw_bits_t{}, b); }
inline bool __hisnan(__nv_bfloat16 a) { return (a.bits & 0x7fffu) > 0x7f80u; }

// half atomics (cc >= 7.0)
inline __half atomicAdd(__half* p, __half v) { __half old = *p; *p = old + v; return old; }
inline __nv_bfloat16 atomicAdd(__nv_bfloat16* p, __nv_bfloat16 v) { __nv_bfloat16 old = *p; *p = old + v; return old; }
inline __half2 atomicAdd(__half2* p, __half2 v) { __half2 old = *p; *p = __hadd2(old, v); return old; }
