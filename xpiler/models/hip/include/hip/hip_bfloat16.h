// Xpiler CPU engine shim for the older <hip/hip_bfloat16.h>: struct hip_bfloat16 { uint16_t data; }
// with a round-to-nearest-even conversion from float.
#pragma once
#include "xpiler_hip_prelude.h"

struct hip_bfloat16 {
  uint16_t data;
  hip_bfloat16() = default;
  hip_bfloat16(float f) : data(xpiler::f32_to_bf16_bits(f)) {}
  operator float() const { return xpiler::bf16_bits_to_f32(data); }
  hip_bfloat16& operator+=(hip_bfloat16 o) { return *this = hip_bfloat16((float)*this + (float)o); }
  hip_bfloat16& operator-=(hip_bfloat16 o) { return *this = hip_bfloat16((float)*this - (float)o); }
  hip_bfloat16& operator*=(hip_bfloat16 o) { return *this = hip_bfloat16((float)*this * (float)o); }
  hip_bfloat16& operator/=(hip_bfloat16 o) { return *this = hip_bfloat16((float)*this / (float)o); }
};
inline hip_bfloat16 operator+(hip_bfloat16 a, hip_bfloat16 b) { return hip_bfloat16((float)a + (float)b); }
inline hip_bfloat16 operator-(hip_bfloat16 a, hip_bfloat16 b) { return hip_bfloat16((float)a - (float)b); }
inline hip_bfloat16 operator*(hip_bfloat16 a, hip_bfloat16 b) { return hip_bfloat16((float)a * (float)b); }
inline hip_bfloat16 operator/(hip_bfloat16 a, hip_bfloat16 b) { return hip_bfloat16((float)a / (float)b); }
