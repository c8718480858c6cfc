// binary16 and bfloat16 as classes that round to nearest even after every operation, so that
// half-precision arithmetic on the CPU gives the results it gives on the accelerators.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace xpiler {

inline uint16_t f32_to_f16_bits(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u, exp = (x >> 23) & 0xffu, mant = x & 0x7fffffu;
  if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (mant ? 0x200u | (mant >> 13) : 0u));
  int e = (int)exp - 127 + 15;
  if (e >= 31) return (uint16_t)(sign | 0x7c00u);
  if (e <= 0) {
    if (e < -10) return (uint16_t)sign;
    mant |= 0x800000u;
    int shift = 14 - e;
    uint32_t h = mant >> shift, rem = mant & ((1u << shift) - 1u), halfway = 1u << (shift - 1);
    if (rem > halfway || (rem == halfway && (h & 1u))) ++h;
    return (uint16_t)(sign | h);
  }
  uint32_t h = ((uint32_t)e << 10) | (mant >> 13), rem = mant & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
  return (uint16_t)(sign | h);
}

inline float f16_bits_to_f32(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, x;
  if (exp == 0) {
    if (!mant) x = sign;
    else {
      int e = -1;
      do { ++e; mant <<= 1; } while (!(mant & 0x400u));
      x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
    }
  } else if (exp == 31) x = sign | 0x7f800000u | (mant << 13);
  else x = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  float f;
  memcpy(&f, &x, 4);
  return f;
}

inline uint16_t f32_to_bf16_bits(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((x >> 16) | 0x40u);  // quiet NaN
  x += 0x7fffu + ((x >> 16) & 1u);
  return (uint16_t)(x >> 16);
}

inline float bf16_bits_to_f32(uint16_t b) {
  uint32_t x = (uint32_t)b << 16;
  float f;
  memcpy(&f, &x, 4);
  return f;
}

// float -> half with a directed rounding: dir 0 toward zero, -1 down, +1 up.
inline uint16_t f32_to_f16_bits_dir(float f, int dir) {
  uint16_t h = f32_to_f16_bits(f);
  float back = f16_bits_to_f32(h);
  if (back == f || f != f) return h;
  uint16_t sign = h & 0x8000u, mag = h & 0x7fffu;
  if (std::fabs(back) > std::fabs(f)) --mag;          // now truncated toward zero
  bool away = (dir > 0 && f > 0) || (dir < 0 && f < 0);
  if (away) ++mag;
  return (uint16_t)(sign | mag);
}

// double -> float rounded to odd: a following round-to-nearest to any format of at most 22
// significand bits (half, bfloat16) then rounds exactly once, as a direct conversion would.
inline float f64_to_f32_odd(double d) {
  float f = (float)d;
  if ((double)f == d || d != d) return f;
  if (std::fabs((double)f) > std::fabs(d)) f = std::nextafter(f, 0.0f);
  uint32_t u;
  memcpy(&u, &f, 4);
  u |= 1u;
  memcpy(&f, &u, 4);
  return f;
}

// Tag to build a value from raw bits.
struct raw_bits_t {};

template <uint16_t (*Encode)(float), float (*Decode)(uint16_t)>
struct Float16Like {
  uint16_t bits;
  Float16Like() = default;
  constexpr Float16Like(raw_bits_t, uint16_t b) : bits(b) {}
  Float16Like(float f) : bits(Encode(f)) {}
  Float16Like(double d) : bits(Encode(f64_to_f32_odd(d))) {}
  Float16Like(int i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(unsigned i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(long i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(unsigned long i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(long long i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(unsigned long long i) : bits(Encode(f64_to_f32_odd((double)i))) {}
  Float16Like(short i) : bits(Encode((float)i)) {}
  Float16Like(unsigned short i) : bits(Encode((float)i)) {}
  operator float() const { return Decode(bits); }
  Float16Like& operator=(float f) { bits = Encode(f); return *this; }
  Float16Like& operator=(double d) { bits = Encode(f64_to_f32_odd(d)); return *this; }
  Float16Like& operator=(int i) { bits = Encode(f64_to_f32_odd((double)i)); return *this; }
  Float16Like& operator+=(Float16Like o) { return *this = Float16Like((float)*this + (float)o); }
  Float16Like& operator-=(Float16Like o) { return *this = Float16Like((float)*this - (float)o); }
  Float16Like& operator*=(Float16Like o) { return *this = Float16Like((float)*this * (float)o); }
  Float16Like& operator/=(Float16Like o) { return *this = Float16Like((float)*this / (float)o); }
  Float16Like& operator++() { return *this += Float16Like(1.0f); }
  Float16Like operator++(int) { Float16Like r = *this; *this += Float16Like(1.0f); return r; }
  Float16Like& operator--() { return *this -= Float16Like(1.0f); }
  Float16Like operator-() const { return Float16Like(raw_bits_t{}, (uint16_t)(bits ^ 0x8000u)); }
  Float16Like operator+() const { return *this; }
};

#define XPILER_F16_BINOP(T, op)                                                              \
  inline T operator op(T a, T b) { return T((float)a op (float)b); }                         \
  inline float operator op(T a, float b) { return (float)a op b; }                           \
  inline float operator op(float a, T b) { return a op (float)b; }                           \
  inline double operator op(T a, double b) { return (double)(float)a op b; }                 \
  inline double operator op(double a, T b) { return a op (double)(float)b; }                 \
  inline T operator op(T a, int b) { return T((float)a op (float)b); }                       \
  inline T operator op(int a, T b) { return T((float)a op (float)b); }
#define XPILER_F16_CMP(T, op)                                                                \
  inline bool operator op(T a, T b) { return (float)a op (float)b; }                         \
  inline bool operator op(T a, float b) { return (float)a op b; }                            \
  inline bool operator op(float a, T b) { return a op (float)b; }                            \
  inline bool operator op(T a, double b) { return (double)(float)a op b; }                   \
  inline bool operator op(double a, T b) { return a op (double)(float)b; }                   \
  inline bool operator op(T a, int b) { return (float)a op (float)b; }                       \
  inline bool operator op(int a, T b) { return (float)a op (float)b; }
#define XPILER_F16_OPS(T)                                                                    \
  XPILER_F16_BINOP(T, +) XPILER_F16_BINOP(T, -) XPILER_F16_BINOP(T, *) XPILER_F16_BINOP(T, /) \
  XPILER_F16_CMP(T, <) XPILER_F16_CMP(T, >) XPILER_F16_CMP(T, <=) XPILER_F16_CMP(T, >=)        \
  XPILER_F16_CMP(T, ==) XPILER_F16_CMP(T, !=)

typedef Float16Like<f32_to_f16_bits, f16_bits_to_f32> half_t;
typedef Float16Like<f32_to_bf16_bits, bf16_bits_to_f32> bfloat16;
XPILER_F16_OPS(half_t)
XPILER_F16_OPS(bfloat16)

}  // namespace xpiler
