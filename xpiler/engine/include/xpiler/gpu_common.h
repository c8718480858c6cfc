// Device-side vocabulary shared by CUDA and HIP: qualifiers, vector types, math, atomics, bits.
#pragma once
#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__ __attribute__((noinline))
#define __constant__
#define __managed__
#define __launch_bounds__(...)
#define __align__(n) alignas(n)
#define __grid_constant__
#ifndef __shared__
#define __shared__ static   /* normally rewritten to an arena reference before compiling */
#endif

// ---------------------------------------------------------------- vector types
#define XPILER_VEC2(T, N, A) struct alignas(A) N##2 { T x, y; };                     \
  inline N##2 make_##N##2(T x, T y) { return N##2{x, y}; }
#define XPILER_VEC3(T, N) struct N##3 { T x, y, z; };                                 \
  inline N##3 make_##N##3(T x, T y, T z) { return N##3{x, y, z}; }
#define XPILER_VEC4(T, N, A) struct alignas(A) N##4 { T x, y, z, w; };                \
  inline N##4 make_##N##4(T x, T y, T z, T w) { return N##4{x, y, z, w}; }
#define XPILER_VECS(T, N, A2, A4) XPILER_VEC2(T, N, A2) XPILER_VEC3(T, N) XPILER_VEC4(T, N, A4)
XPILER_VECS(float, float, 8, 16)
XPILER_VECS(double, double, 16, 16)
XPILER_VECS(int, int, 8, 16)
XPILER_VECS(unsigned int, uint, 8, 16)
XPILER_VECS(signed char, char, 2, 4)
XPILER_VECS(unsigned char, uchar, 2, 4)
XPILER_VECS(short, short, 4, 8)
XPILER_VECS(unsigned short, ushort, 4, 8)
XPILER_VECS(long long, longlong, 16, 16)
struct float1 { float x; };

// ---------------------------------------------------------------- math
// Standard single-precision functions come from <cmath>; these are the GPU-only names.
inline float __expf(float x) { return expf(x); }
inline float __exp10f(float x) { return exp10f(x); }
inline float __logf(float x) { return logf(x); }
inline float __log2f(float x) { return log2f(x); }
inline float __log10f(float x) { return log10f(x); }
inline float __sinf(float x) { return sinf(x); }
inline float __cosf(float x) { return cosf(x); }
inline float __tanf(float x) { return tanf(x); }
inline float __powf(float x, float y) { return powf(x, y); }
inline void __sincosf(float x, float* s, float* c) { *s = sinf(x); *c = cosf(x); }
inline float __fdividef(float x, float y) {
  // CUDA: 0 for 2^126 < |y| < 2^128 (see the Programming Guide's intrinsic table)
  if (std::fabs(y) > 8.507059e37f && std::isfinite(y)) return std::isinf(x) ? NAN : 0.0f;
  return x / y;
}
inline float fdividef(float x, float y) { return x / y; }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / sqrt(x); }
inline float rcbrtf(float x) { return 1.0f / cbrtf(x); }
inline float __frsqrt_rn(float x) { return 1.0f / sqrtf(x); }
inline float __fsqrt_rn(float x) { return sqrtf(x); }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline float __fadd_rz(float a, float b) { return a + b; }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : (x != x ? 0.0f : x)); }
inline float __tanhf(float x) { return tanhf(x); }
inline float normcdff(float x) { return 0.5f * erfcf(-x * 0.70710678118654752f); }
// Float -> integer conversions saturate to the destination range and map NaN to 0, as PTX cvt does
// (a plain C cast is undefined there and gives INT_MIN on x86).
template <class I>
inline I xpiler_cvt_sat(double r) {
  if (r != r) return (I)0;
  if (r <= (double)std::numeric_limits<I>::min()) return std::numeric_limits<I>::min();
  if (r >= (double)std::numeric_limits<I>::max()) return std::numeric_limits<I>::max();
  return (I)r;
}
#define XPILER_F2I(name, T, I)                                                                    \
  inline I name##_rn(T x) { return xpiler_cvt_sat<I>(nearbyint((double)x)); }                   \
  inline I name##_rz(T x) { return xpiler_cvt_sat<I>(trunc((double)x)); }                       \
  inline I name##_rd(T x) { return xpiler_cvt_sat<I>(floor((double)x)); }                       \
  inline I name##_ru(T x) { return xpiler_cvt_sat<I>(ceil((double)x)); }
XPILER_F2I(__float2int, float, int)
XPILER_F2I(__float2uint, float, unsigned)
XPILER_F2I(__float2ll, float, long long)
XPILER_F2I(__float2ull, float, unsigned long long)
XPILER_F2I(__double2int, double, int)
XPILER_F2I(__double2uint, double, unsigned)
XPILER_F2I(__double2ll, double, long long)
XPILER_F2I(__double2ull, double, unsigned long long)
inline float __double2float_rn(double x) { return (float)x; }
inline float __ll2float_rn(long long x) { return (float)x; }
inline double __ll2double_rn(long long x) { return (double)x; }
inline double __int2double_rn(int x) { return (double)x; }
inline float __int2float_rn(int x) { return (float)x; }
inline float __uint2float_rn(unsigned x) { return (float)x; }
inline int __float_as_int(float x) { int i; memcpy(&i, &x, 4); return i; }
inline unsigned __float_as_uint(float x) { unsigned i; memcpy(&i, &x, 4); return i; }
inline float __int_as_float(int i) { float x; memcpy(&x, &i, 4); return x; }
inline float __uint_as_float(unsigned i) { float x; memcpy(&x, &i, 4); return x; }
inline long long __double_as_longlong(double x) { long long i; memcpy(&i, &x, 8); return i; }
inline double __longlong_as_double(long long i) { double x; memcpy(&x, &i, 8); return x; }

// CUDA's global min/max overloads
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned max(unsigned a, unsigned b) { return a > b ? a : b; }
inline unsigned min(int a, unsigned b) { return (unsigned)a < b ? (unsigned)a : b; }
inline unsigned max(int a, unsigned b) { return (unsigned)a > b ? (unsigned)a : b; }
inline unsigned min(unsigned a, int b) { return a < (unsigned)b ? a : (unsigned)b; }
inline unsigned max(unsigned a, int b) { return a > (unsigned)b ? a : (unsigned)b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline unsigned long long min(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
inline unsigned long long max(unsigned long long a, unsigned long long b) { return a > b ? a : b; }
inline long min(long a, long b) { return a < b ? a : b; }
inline long max(long a, long b) { return a > b ? a : b; }
inline unsigned long min(unsigned long a, unsigned long b) { return a < b ? a : b; }
inline unsigned long max(unsigned long a, unsigned long b) { return a > b ? a : b; }
inline float min(float a, float b) { return fminf(a, b); }
inline float max(float a, float b) { return fmaxf(a, b); }
inline double min(double a, double b) { return fmin(a, b); }
inline double max(double a, double b) { return fmax(a, b); }
inline float min(float a, int b) { return fminf(a, (float)b); }
inline float max(float a, int b) { return fmaxf(a, (float)b); }
inline float min(int a, float b) { return fminf((float)a, b); }
inline float max(int a, float b) { return fmaxf((float)a, b); }

// ---------------------------------------------------------------- bits
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x ? __builtin_clz((unsigned)x) : 32; }
inline int __clzll(long long x) { return x ? __builtin_clzll((unsigned long long)x) : 64; }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline unsigned __brev(unsigned x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  return (x >> 16) | (x << 16);
}
inline int __mul24(int a, int b) { return (int)((long long)((a << 8) >> 8) * ((b << 8) >> 8)); }
inline unsigned __umul24(unsigned a, unsigned b) { return (a & 0xffffffu) * (b & 0xffffffu); }
inline int __mulhi(int a, int b) { return (int)(((long long)a * b) >> 32); }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline unsigned __sad(int a, int b, unsigned c) { return c + (unsigned)(a > b ? (long long)a - b : (long long)b - a); }
inline unsigned __usad(unsigned a, unsigned b, unsigned c) { return c + (a > b ? a - b : b - a); }
inline unsigned long long __brevll(unsigned long long x) {
  return ((unsigned long long)__brev((unsigned)x) << 32) | __brev((unsigned)(x >> 32));
}
inline long long __mul64hi(long long a, long long b) { return (long long)(((__int128)a * b) >> 64); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
  return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
// byte n of the result is byte (s >> 4n) & 7 of the 8-byte value {y:x}
inline unsigned __byte_perm(unsigned x, unsigned y, unsigned s) {
  unsigned long long v = ((unsigned long long)y << 32) | x;
  unsigned r = 0;
  for (int n = 0; n < 4; ++n) r |= (unsigned)((v >> (8 * ((s >> (4 * n)) & 7))) & 0xffu) << (8 * n);
  return r;
}
// funnel shifts of the 64-bit value {hi:lo}; the plain forms use shift & 31, the c forms clamp to 32
inline unsigned __funnelshift_l(unsigned lo, unsigned hi, unsigned s) {
  return (unsigned)(((((unsigned long long)hi << 32) | lo) << (s & 31)) >> 32);
}
inline unsigned __funnelshift_r(unsigned lo, unsigned hi, unsigned s) {
  return (unsigned)((((unsigned long long)hi << 32) | lo) >> (s & 31));
}
inline unsigned __funnelshift_lc(unsigned lo, unsigned hi, unsigned s) {
  return (unsigned)(((((unsigned long long)hi << 32) | lo) << (s > 32 ? 32 : s)) >> 32);
}
inline unsigned __funnelshift_rc(unsigned lo, unsigned hi, unsigned s) {
  return (unsigned)((((unsigned long long)hi << 32) | lo) >> (s > 32 ? 32 : s));
}
inline int __hadd(int a, int b) { return (int)(((long long)a + b) >> 1); }
inline int __rhadd(int a, int b) { return (int)(((long long)a + b + 1) >> 1); }
inline unsigned __uhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b) >> 1); }
inline unsigned __urhadd(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a + b + 1) >> 1); }
inline int __dp4a(int a, int b, int c) {
  for (int i = 0; i < 4; ++i) c += (int)(signed char)(a >> (8 * i)) * (int)(signed char)(b >> (8 * i));
  return c;
}
inline unsigned __dp4a(unsigned a, unsigned b, unsigned c) {
  for (int i = 0; i < 4; ++i) c += ((a >> (8 * i)) & 0xffu) * ((b >> (8 * i)) & 0xffu);
  return c;
}

// ---------------------------------------------------------------- atomics
// Emulated threads never interleave inside one call, so a plain read-modify-write is atomic.
#define XPILER_ATOMIC_RMW(name, T, expr) \
  inline T name(T* p, T v) { T old = *p; *p = (expr); return old; }
#define XPILER_ATOMIC_ARITH(T)                            \
  XPILER_ATOMIC_RMW(atomicAdd, T, (T)(old + v))           \
  XPILER_ATOMIC_RMW(atomicExch, T, v)
XPILER_ATOMIC_ARITH(int)
XPILER_ATOMIC_ARITH(unsigned int)
XPILER_ATOMIC_ARITH(unsigned long long)
XPILER_ATOMIC_ARITH(float)
XPILER_ATOMIC_ARITH(double)
#define XPILER_ATOMIC_INT(T)                                  \
  XPILER_ATOMIC_RMW(atomicSub, T, (T)(old - v))               \
  XPILER_ATOMIC_RMW(atomicMin, T, v < old ? v : old)          \
  XPILER_ATOMIC_RMW(atomicMax, T, v > old ? v : old)          \
  XPILER_ATOMIC_RMW(atomicAnd, T, old & v)                    \
  XPILER_ATOMIC_RMW(atomicOr, T, old | v)                     \
  XPILER_ATOMIC_RMW(atomicXor, T, old ^ v)
XPILER_ATOMIC_INT(int)
XPILER_ATOMIC_INT(unsigned int)
XPILER_ATOMIC_INT(unsigned long long)
XPILER_ATOMIC_RMW(atomicMin, long long, v < old ? v : old)
XPILER_ATOMIC_RMW(atomicMax, long long, v > old ? v : old)
inline unsigned atomicInc(unsigned* p, unsigned v) { unsigned old = *p; *p = old >= v ? 0u : old + 1u; return old; }
inline unsigned atomicDec(unsigned* p, unsigned v) { unsigned old = *p; *p = (old == 0u || old > v) ? v : old - 1u; return old; }
template <class T>
inline T atomicCAS(T* p, T compare, T v) { T old = *p; if (old == compare) *p = v; return old; }
#define XPILER_SCOPED_ATOMICS(S)                                                        \
  template <class T, class V> inline T atomicAdd##S(T* p, V v) { return atomicAdd(p, (T)v); } \
  template <class T, class V> inline T atomicMax##S(T* p, V v) { return atomicMax(p, (T)v); } \
  template <class T, class V> inline T atomicMin##S(T* p, V v) { return atomicMin(p, (T)v); } \
  template <class T, class V> inline T atomicExch##S(T* p, V v) { return atomicExch(p, (T)v); }
XPILER_SCOPED_ATOMICS(_block)
XPILER_SCOPED_ATOMICS(_system)

inline void __threadfence() {}
inline void __threadfence_block() {}
inline void __threadfence_system() {}
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
#define __assume_aligned(p, n) (p)
inline long long clock64() { return (long long)__builtin_ia32_rdtsc(); }
