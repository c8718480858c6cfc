// Semantics of the __bang_* compute intrinsics (bang.md section 4). Every entry point first checks
// its documented constraints and that its operands lie in the right on-chip memory, reporting
// violations with the call site, then computes. Floating-point values are computed in double and
// rounded once to the element type (for +,-,*,/ and sqrt that equals computing in the element type,
// as the hardware does); integers wrap. Results go to a scratch buffer first, so in-place calls
// see every input before any output is written.
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "xpiler_bang/ops.h"

#ifndef __BANG_ARCH__
#define __BANG_ARCH__ 592
#endif

namespace xpiler {
namespace bang {

// ---------------------------------------------------------------- element types
template <class T> static inline double rd(const void* p, size_t i) { return (double)(float)((const T*)p)[i]; }

static double get(DType t, const void* p, size_t i) {
  switch (t) {
    case DT_HALF: return rd<half>(p, i);
    case DT_FLOAT: return rd<float>(p, i);
    case DT_BF16: return rd<bfloat16_t>(p, i);
    case DT_I8: return (double)((const int8_t*)p)[i];
    case DT_U8: return (double)((const uint8_t*)p)[i];
    case DT_I16: return (double)((const int16_t*)p)[i];
    case DT_U16: return (double)((const uint16_t*)p)[i];
    case DT_I32: return (double)((const int32_t*)p)[i];
    case DT_U32: return (double)((const uint32_t*)p)[i];
  }
  return 0;
}

static bool is_int(DType t) { return t != DT_HALF && t != DT_FLOAT && t != DT_BF16; }
static const char* type_name(DType t) {
  static const char* names[] = {"half", "float", "bfloat16_t", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t",
                                "uint32_t"};
  return names[t];
}

static std::vector<char> g_scratch;
static char* scratch(size_t bytes) {
  if (g_scratch.size() < bytes + 64) g_scratch.resize(bytes + 64);
  return g_scratch.data();
}

static void need_count(const Site& s, const char* name, unsigned long long n) {
  if (n == 0) fail_at("bad_intrinsic_argument", s, "%s: %s must be > 0", s.what, name);
  if (n > (1ull << 31))
    fail_at("bad_intrinsic_argument", s, "%s: %s = %llu is not a valid element count (a negative value passed as "
            "unsigned?)", s.what, name, n);
}

static bool overlap(const void* a, size_t na, const void* b, size_t nb) {
  const char *x = (const char*)a, *y = (const char*)b;
  return x < y + nb && y < x + na;
}

static void no_overlap(const Site& s, const char* an, const void* a, size_t na, const char* bn, const void* b,
                       size_t nb) {
  if (overlap(a, na, b, nb))
    fail_at("bad_intrinsic_argument", s, "%s: %s and %s must not overlap (NRAM offsets %ld+%zu and %ld+%zu)", s.what, an,
            bn, (long)((const char*)a - onchip_space(kNramSpace).base()), na,
            (long)((const char*)b - onchip_space(kNramSpace).base()), nb);
}

// ---------------------------------------------------------------- rounding
static inline uint16_t up16(uint16_t b, uint16_t inf) {
  if (b == 0x8000) return 1;
  if (b & 0x8000) return (uint16_t)(b - 1);
  return b == inf ? b : (uint16_t)(b + 1);
}
static inline uint16_t down16(uint16_t b, uint16_t inf) {
  if (b == 0) return 0x8001;
  if (b & 0x8000) return b == (uint16_t)(inf | 0x8000) ? b : (uint16_t)(b + 1);
  return (uint16_t)(b - 1);
}

// Round v to a 16-bit format (encode_rn gives round-to-nearest-even from float).
static uint16_t round16(double v, int mode, uint16_t (*enc)(float), float (*dec)(uint16_t), uint16_t inf) {
  uint16_t h = enc((float)v);
  if (std::isnan(v)) return h;
  double hv = dec(h);
  if (hv == v) return h;
  uint16_t lo, hi;
  if (hv > v) { hi = h; lo = down16(h, inf); }
  else { lo = h; hi = up16(h, inf); }
  double lv = dec(lo), uv = dec(hi);
  bool overflow = std::isinf(lv) || std::isinf(uv);
  double dl = v - lv, du = uv - v;
  switch (mode) {
    case R_TZ: return v > 0 ? lo : hi;
    case R_OZ: return v > 0 ? hi : lo;
    case R_UP: return hi;
    case R_DN: return lo;
    case R_RD:
      if (overflow || dl != du) return overflow ? h : (dl < du ? lo : hi);
      return v > 0 ? hi : lo;
    case R_RM:
      if (overflow || dl != du) return overflow ? h : (dl < du ? lo : hi);
      return hi;
    default:
      if (overflow) return h;
      if (dl != du) return dl < du ? lo : hi;
      return (lo & 1) ? hi : lo;
  }
}

uint16_t float_to_half_bits(float v, int mode) { return round16(v, mode, f32_to_f16_bits, f16_bits_to_f32, 0x7c00); }
uint16_t float_to_bf16_bits(float v, int mode) { return round16(v, mode, f32_to_bf16_bits, bf16_bits_to_f32, 0x7f80); }
static uint16_t double_to_half_bits(double v, int mode) { return round16(v, mode, f32_to_f16_bits, f16_bits_to_f32, 0x7c00); }
static uint16_t double_to_bf16_bits(double v, int mode) { return round16(v, mode, f32_to_bf16_bits, bf16_bits_to_f32, 0x7f80); }

float round_to_float(double v, int mode) {
  float f = (float)v;
  if (std::isnan(v) || (double)f == v) return f;
  float lo, hi;
  if ((double)f > v) { hi = f; lo = std::nextafter(f, -INFINITY); }
  else { lo = f; hi = std::nextafter(f, INFINITY); }
  double dl = v - lo, du = (double)hi - v;
  bool overflow = std::isinf(lo) || std::isinf(hi);
  switch (mode) {
    case R_TZ: return v > 0 ? lo : hi;
    case R_OZ: return v > 0 ? hi : lo;
    case R_UP: return hi;
    case R_DN: return lo;
    case R_RD: if (overflow || dl != du) return f; return v > 0 ? hi : lo;
    case R_RM: if (overflow || dl != du) return f; return hi;
    default: return f;
  }
}

long long float_to_int(double v, int mode, long long lo, long long hi) {
  if (std::isnan(v)) return hi;
  double r;
  switch (mode) {
    case R_TZ: r = std::trunc(v); break;
    case R_OZ: r = v > 0 ? std::ceil(v) : std::floor(v); break;
    case R_UP: r = std::ceil(v); break;
    case R_DN: r = std::floor(v); break;
    case R_RD: r = std::round(v); break;
    case R_RM: r = std::floor(v + 0.5); break;
    default: r = std::nearbyint(v); break;
  }
  if (r < (double)lo) return lo;
  if (r > (double)hi) return hi;
  return (long long)r;
}

static void put(DType t, void* p, size_t i, double v, int mode = R_RN) {
  switch (t) {
    case DT_HALF: ((uint16_t*)p)[i] = mode == R_RN ? f32_to_f16_bits((float)v) : double_to_half_bits(v, mode); break;
    case DT_FLOAT: ((float*)p)[i] = mode == R_RN ? (float)v : round_to_float(v, mode); break;
    case DT_BF16: ((uint16_t*)p)[i] = mode == R_RN ? f32_to_bf16_bits((float)v) : double_to_bf16_bits(v, mode); break;
    case DT_I8: ((int8_t*)p)[i] = (int8_t)(long long)v; break;
    case DT_U8: ((uint8_t*)p)[i] = (uint8_t)(long long)v; break;
    case DT_I16: ((int16_t*)p)[i] = (int16_t)(long long)v; break;
    case DT_U16: ((uint16_t*)p)[i] = (uint16_t)(long long)v; break;
    case DT_I32: ((int32_t*)p)[i] = (int32_t)(long long)v; break;
    case DT_U32: ((uint32_t*)p)[i] = (uint32_t)(long long)v; break;
  }
}
// Store with saturation to the integer range (tensor-op outputs) or rounding (floating outputs).
static void put_sat(DType t, void* p, size_t i, double v) {
  switch (t) {
    case DT_I8: ((int8_t*)p)[i] = (int8_t)float_to_int(v, R_RN, -128, 127); break;
    case DT_I16: ((int16_t*)p)[i] = (int16_t)float_to_int(v, R_RN, -32768, 32767); break;
    case DT_I32: ((int32_t*)p)[i] = (int32_t)float_to_int(v, R_RN, INT32_MIN, INT32_MAX); break;
    default: put(t, p, i, v); break;
  }
}

// ---------------------------------------------------------------- element-wise
#ifdef XPILER_BANG_ACTIVE_HW
static const bool kActiveHw = true;
#else
static const bool kActiveHw = false;
#endif

static double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static double gelu(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

static double unary_real(int op, double x) {
  switch (op) {
    case U_RELU: case U_ACTIVE_RELU: return x > 0 ? x : 0.0;
    case U_ABS: case U_ACTIVE_ABS: return std::fabs(x);
    case U_NEG: return -x;
    case U_FLOOR: return std::floor(x);
    case U_ROUND: return std::round(x);
    case U_SQUARE: return x * x;
    case U_RECIP: case U_ACTIVE_RECIP: case U_ACTIVE_RECIPHP: case U_ACTIVE_RECIP_GREATER_1: return 1.0 / x;
    case U_SQRT: case U_ACTIVE_SQRT: case U_ACTIVE_SQRTHP: return std::sqrt(x);
    case U_RSQRT: case U_ACTIVE_RSQRT: case U_ACTIVE_RSQRTHP: return 1.0 / std::sqrt(x);
    case U_SIN: case U_ACTIVE_SIN: case U_TAYLOR3_SIN: case U_TAYLOR4_SIN: return std::sin(x);
    case U_COS: case U_ACTIVE_COS: case U_TAYLOR3_COS: case U_TAYLOR4_COS: return std::cos(x);
    case U_POW2: case U_ACTIVE_POW2: return std::exp2(x);
    case U_LOG: return std::log2(x);
    case U_ACTIVE_LOG: case U_ACTIVE_LOGHP: return std::log(x);
    case U_NOT: return x == 0 ? 1.0 : 0.0;
    case U_ACTIVE_SIGN: return x >= 0 ? 1.0 : -1.0;   // sign(-0) = +1
    case U_ACTIVE_SIGMOID: case U_TAYLOR3_SIGMOID: case U_TAYLOR4_SIGMOID:
      if (kActiveHw && op == U_ACTIVE_SIGMOID && x < -7.75) return 0.0;
      if (kActiveHw && op == U_ACTIVE_SIGMOID && x > 7.75) return 1.0;
      return sigmoid(x);
    case U_ACTIVE_EXP: case U_ACTIVE_EXPHP: case U_ACTIVE_EXP_LESS_0:
      if (kActiveHw && x < -7.75) return 5.96e-8;
      return std::exp(x);
    case U_ACTIVE_GELU: case U_ACTIVE_GELUP:
      if (kActiveHw && x < -3.875) return -5.96e-8;
      return gelu(x);
    case U_ACTIVE_TANH: case U_TAYLOR3_TANH: case U_TAYLOR4_TANH: return std::tanh(x);
    case U_TAYLOR3_SOFTPLUS: case U_TAYLOR4_SOFTPLUS: return std::log1p(std::exp(x));
    default: return NAN;
  }
}

static long long unary_int(const Site& s, int op, long long x) {
  switch (op) {
    case U_RELU: case U_ACTIVE_RELU: return x > 0 ? x : 0;
    case U_ABS: case U_ACTIVE_ABS: return x < 0 ? -x : x;
    case U_NEG: return -x;
    case U_SQUARE: return x * x;
    case U_NOT: return x == 0;
    case U_BNOT: return ~x;
    default: fail_at("internal", s, "%s: no integer form", s.what);
  }
}

void ew_unary(const Site& s, int op, DType dd, DType ds, void* dst, const void* src, unsigned n) {
  need_count(s, "the element count", n);
  need(s, "dst", dst, (size_t)n * dtype_size(dd), Space::nram);
  need(s, "src", src, (size_t)n * dtype_size(ds), Space::nram);
  char* out = scratch((size_t)n * dtype_size(dd));
  if (is_int(ds)) {
    for (size_t i = 0; i < n; ++i) put(dd, out, i, (double)unary_int(s, op, (long long)get(ds, src, i)));
  } else {
    for (size_t i = 0; i < n; ++i) put(dd, out, i, unary_real(op, get(ds, src, i)));
  }
  memcpy(dst, out, (size_t)n * dtype_size(dd));
}

static inline double binary_real(int op, double a, double b) {
  bool nan = std::isnan(a) || std::isnan(b);
  switch (op) {
    case B_ADD: case B_ADD_TZ: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_MAXEQUAL: return nan ? a : (a >= b ? a : b);
    case B_MINEQUAL: return nan ? a : (a <= b ? a : b);
    case B_MAXIMUM: return std::fmax(a, b);
    case B_MINIMUM: return std::fmin(a, b);
    case B_NAN_MAXIMUM: return nan ? NAN : std::fmax(a, b);
    case B_NAN_MINIMUM: return nan ? NAN : std::fmin(a, b);
    case B_EQ: return !nan && a == b;
    case B_NE: return !nan && a != b;
    case B_LT: return !nan && a < b;
    case B_LE: return !nan && a <= b;
    case B_GT: return !nan && a > b;
    case B_GE: return !nan && a >= b;
    case B_AND: return (a != 0) && (b != 0);
    case B_OR: return (a != 0) || (b != 0);
    case B_XOR: return (a != 0) != (b != 0);
    default: return NAN;
  }
}

static inline long long binary_int(const Site& s, int op, long long a, long long b) {
  switch (op) {
    case B_ADD: case B_ADD_TZ: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV:
      if (b == 0) fail_at("bad_intrinsic_argument", s, "%s: integer division by zero", s.what);
      return a / b;
    case B_MAXEQUAL: case B_MAXIMUM: case B_NAN_MAXIMUM: return a >= b ? a : b;
    case B_MINEQUAL: case B_MINIMUM: case B_NAN_MINIMUM: return a <= b ? a : b;
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_AND: return (a != 0) && (b != 0);
    case B_OR: return (a != 0) || (b != 0);
    case B_XOR: return (a != 0) != (b != 0);
    case B_BAND: return a & b;
    case B_BOR: return a | b;
    case B_BXOR: return a ^ b;
    default: return 0;
  }
}

// Addition rounded toward zero: the exact sum (TwoSum) decides the direction.
static double add_tz(DType t, double a, double b) {
  if (t == DT_FLOAT) {
    float x = (float)a, y = (float)b, sum = x + y;
    if (std::isinf(sum) && !std::isinf(x) && !std::isinf(y)) return std::copysign(FLT_MAX, sum);
    float bb = sum - x, err = (x - (sum - bb)) + (y - bb);
    if (err != 0 && ((err > 0) != (sum > 0))) sum = std::nextafter(sum, 0.0f);
    return sum;
  }
  return a + b;   // half/bf16: the sum of two such values is exact in double; put() rounds toward zero
}

static void binary_into(const Site& s, int op, DType t, char* out, const void* a, const void* b, size_t n,
                        size_t bmod, bool b_scalar) {
  if (is_int(t)) {
    for (size_t i = 0; i < n; ++i) {
      size_t j = b_scalar ? 0 : (bmod ? i % bmod : i);
      put(t, out, i, (double)binary_int(s, op, (long long)get(t, a, i), (long long)get(t, b, j)));
    }
    return;
  }
  if (op == B_BAND || op == B_BOR || op == B_BXOR) fail_at("internal", s, "%s: bitwise op on %s", s.what, type_name(t));
  int mode = op == B_ADD_TZ ? R_TZ : R_RN;
  for (size_t i = 0; i < n; ++i) {
    size_t j = b_scalar ? 0 : (bmod ? i % bmod : i);
    double x = get(t, a, i), y = get(t, b, j);
    if (op == B_DIV && y == 0 && __BANG_ARCH__ < 300) fail_at("bad_intrinsic_argument", s, "%s: division by zero", s.what);
    put(t, out, i, op == B_ADD_TZ ? add_tz(t, x, y) : binary_real(op, x, y), mode);
  }
}

void ew_binary(const Site& s, int op, DType t, void* dst, const void* a, const void* b, unsigned n) {
  need_count(s, "the element count", n);
  size_t bytes = (size_t)n * dtype_size(t);
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src0", a, bytes, Space::nram);
  need(s, "src1", b, bytes, Space::nram);
  char* out = scratch(bytes);
  binary_into(s, op, t, out, a, b, n, 0, false);
  memcpy(dst, out, bytes);
}

void ew_scalar(const Site& s, int op, DType t, void* dst, const void* a, const void* value, unsigned n) {
  need_count(s, "the element count", n);
  size_t bytes = (size_t)n * dtype_size(t);
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src", a, bytes, Space::nram);
  if (op == B_DIV && get(t, value, 0) == 0)
    fail_at("bad_intrinsic_argument", s, "%s: the scalar divisor must not be 0", s.what);
  char* out = scratch(bytes);
  binary_into(s, op, t, out, a, value, n, 0, true);
  memcpy(dst, out, bytes);
}

void ew_cycle(const Site& s, int op, DType t, void* dst, const void* src, const void* seg, unsigned src_n,
              unsigned seg_n) {
  need_count(s, "src_n", src_n);
  need_count(s, "seg_n", seg_n);
  if (src_n % seg_n)
    fail_at("bad_intrinsic_argument", s, "%s: src_n (%u) must be a multiple of seg_n (%u)", s.what, src_n, seg_n);
  size_t bytes = (size_t)src_n * dtype_size(t);
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src", src, bytes, Space::nram);
  need(s, "seg", seg, (size_t)seg_n * dtype_size(t), Space::nram);
  char* out = scratch(bytes);
  binary_into(s, op, t, out, src, seg, src_n, seg_n, false);
  memcpy(dst, out, bytes);
}

void ew_distance(const Site& s, int op, DType t, void* dst, const void* src, unsigned distance, unsigned n) {
  need_count(s, "the element count", n);
  size_t bytes = (size_t)n * dtype_size(t);
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src", src, ((size_t)n + distance) * dtype_size(t), Space::nram);
  char* out = scratch(bytes);
  binary_into(s, op, t, out, src, (const char*)src + (size_t)distance * dtype_size(t), n, 0, false);
  memcpy(dst, out, bytes);
}

void div_work(const Site& s, DType t, void* dst, const void* a, const void* b, void* work, unsigned n) {
  need_count(s, "the element count", n);
  size_t bytes = (size_t)n * dtype_size(t);
  if (bytes % 128)
    fail_at("bad_intrinsic_argument", s, "%s: n * sizeof(T) must be a multiple of 128 bytes (got %zu)", s.what, bytes);
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src0", a, bytes, Space::nram);
  need(s, "src1", b, bytes, Space::nram);
  need(s, "work", work, bytes, Space::nram);
  no_overlap(s, "dst", dst, bytes, "src0", a, bytes);
  no_overlap(s, "dst", dst, bytes, "src1", b, bytes);
  no_overlap(s, "work", work, bytes, "src0", a, bytes);
  no_overlap(s, "work", work, bytes, "src1", b, bytes);
  no_overlap(s, "work", work, bytes, "dst", dst, bytes);
  char* out = scratch(bytes);
  binary_into(s, B_DIV, t, out, a, b, n, 0, false);
  memcpy(dst, out, bytes);
  memset(work, 0xff, bytes);   // the work buffer's contents are undefined afterwards
}

void fusion(const Site& s, int op, DType t, void* dst, const void* a, const void* b, bool b_vector, const void* c,
            bool c_vector, unsigned n, unsigned seg_n) {
  need_count(s, "the element count", n);
  if (op < 0 || op > 7) fail_at("bad_intrinsic_argument", s, "%s: %d is not a mluFusionOpCode", s.what, op);
  size_t es = dtype_size(t), bytes = (size_t)n * es;
  size_t vn = n;
  if (seg_n) {
    if (n % seg_n)
      fail_at("bad_intrinsic_argument", s, "%s: n (%u) must be a multiple of seg_n (%u)", s.what, n, seg_n);
    vn = seg_n;
  }
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src0", a, bytes, Space::nram);
  if (b_vector) need(s, "src1", b, vn * es, Space::nram);
  if (c_vector) need(s, "src2", c, vn * es, Space::nram);
  char* out = scratch(bytes);
  static const int first[8] = {B_MUL, B_MUL, B_ADD, B_SUB, B_ADD, B_ADD, B_SUB, B_SUB};
  static const int second[8] = {B_ADD, B_SUB, B_MUL, B_MUL, B_ADD, B_SUB, B_SUB, B_ADD};
  char tmp[8];
  for (size_t i = 0; i < n; ++i) {
    size_t j = seg_n ? i % seg_n : i;
    double x = get(t, a, i), y = b_vector ? get(t, b, j) : get(t, b, 0), z = c_vector ? get(t, c, j) : get(t, c, 0);
    double r1;
    if (is_int(t)) r1 = (double)binary_int(s, first[op], (long long)x, (long long)y);
    else r1 = binary_real(first[op], x, y);
    put(t, tmp, 0, r1);          // round to the element type after each operation
    r1 = get(t, tmp, 0);
    double r2 = is_int(t) ? (double)binary_int(s, second[op], (long long)r1, (long long)z) : binary_real(second[op], r1, z);
    put(t, out, i, r2);
  }
  memcpy(dst, out, bytes);
}

// ---------------------------------------------------------------- reductions
void reduce_sum(const Site& s, DType t, void* dst, const void* src, unsigned n) {
  need_count(s, "the element count", n);
  size_t es = dtype_size(t), bytes = (size_t)n * es;
  if (bytes % 128)
    fail_at("bad_intrinsic_argument", s, "%s: n * sizeof(T) must be a multiple of 128 bytes (n = %u, %zu bytes)", s.what,
            n, bytes);
  size_t lanes = 128 / es, blocks = n / lanes;
  need(s, "src", src, bytes, Space::nram);
  need(s, "dst", dst, bytes > 128 ? bytes - 128 + es : 128, Space::nram);
  std::vector<double> sums(blocks, 0.0);
  for (size_t j = 0; j < blocks; ++j)
    for (size_t e = 0; e < lanes; ++e) sums[j] += get(t, src, j * lanes + e);
  for (size_t j = 0; j < blocks; ++j) put(t, dst, j * lanes, sums[j]);
}

void sum(const Site& s, DType t, const void* src, unsigned n, void* result) {
  need_count(s, "the element count", n);
  need(s, "src", src, (size_t)n * dtype_size(t), Space::nram);
  double acc = 0;
  for (size_t i = 0; i < n; ++i) acc += get(t, src, i);
  put(t, result, 0, acc);
}

void arg_extreme(const Site& s, bool is_max, DType t, void* dst, const void* src, unsigned n) {
  need_count(s, "the element count", n);
  size_t es = dtype_size(t);
  need(s, "src", src, (size_t)n * es, Space::nram);
  need(s, "dst", dst, es + 4, Space::nram);
  uint32_t best = 0;
  double bv = NAN;
  for (size_t i = 0; i < n; ++i) {
    double v = get(t, src, i);
    if (std::isnan(v)) continue;
    if (std::isnan(bv) || (is_max ? v > bv : v < bv)) { bv = v; best = (uint32_t)i; }
  }
  char value[8];
  memcpy(value, (const char*)src + (size_t)best * es, es);
  memcpy(dst, value, es);
  memcpy((char*)dst + es, &best, 4);   // the index follows the value (byte 4 for float, byte 2 for half)
}

unsigned count(const Site& s, DType t, const void* src, unsigned n) {
  need_count(s, "the element count", n);
  need(s, "src", src, (size_t)n * dtype_size(t), Space::nram);
  unsigned c = 0;
  for (size_t i = 0; i < n; ++i) c += get(t, src, i) != 0;
  return c;
}

unsigned find1(const Site& s, bool last, DType t, const void* src, unsigned n) {
  need_count(s, "the element count", n);
  need(s, "src", src, (size_t)n * dtype_size(t), Space::nram);
  if (last) {
    for (size_t i = n; i-- > 0;)
      if (get(t, src, i) != 0) return (unsigned)i;
  } else {
    for (size_t i = 0; i < n; ++i)
      if (get(t, src, i) != 0) return (unsigned)i;
  }
  return 0xFFFFFFFFu;
}

unsigned filter(const Site& s, bool select_layout, DType t, void* dst, const void* src, const void* idx, unsigned n) {
  need_count(s, "the element count", n);
  size_t es = dtype_size(t);
  need(s, "src", src, (size_t)n * es, Space::nram);
  need(s, "index", idx, (size_t)n * es, Space::nram);
  char* out = scratch((size_t)n * es + 256);
  unsigned k = 0;
  for (size_t i = 0; i < n; ++i)
    if (get(t, idx, i) != 0) memcpy(out + (size_t)(k++) * es, (const char*)src + i * es, es);
  if (!select_layout) {
    if (k) {
      need(s, "dst", dst, (size_t)k * es, Space::nram);
      memcpy(dst, out, (size_t)k * es);
    }
    return k;
  }
  size_t body = ((size_t)k * es + 127) / 128 * 128;
  need(s, "dst", dst, 128 + body, Space::nram);
  memmove((char*)dst + 128, out, (size_t)k * es);
  memset((char*)dst + 128 + (size_t)k * es, 0, body - (size_t)k * es);
  memset(dst, 0, 128);
  uint32_t k32 = k;
  memcpy(dst, &k32, 4);
  return k;
}

// ---------------------------------------------------------------- pooling (HWC, valid windows)
void pool(const Site& s, int op, DType t, void* dst, const void* src, unsigned C, unsigned H, unsigned W, unsigned KH,
          unsigned KW, unsigned SW, unsigned SH) {
  need_count(s, "C", C); need_count(s, "H", H); need_count(s, "W", W);
  need_count(s, "KH", KH); need_count(s, "KW", KW); need_count(s, "SW", SW); need_count(s, "SH", SH);
  if (KH > H || KW > W)
    fail_at("bad_intrinsic_argument", s, "%s: the window (KH=%u, KW=%u) is larger than the input (H=%u, W=%u)", s.what,
            KH, KW, H, W);
  if ((unsigned long long)KH * KW > 65536)
    fail_at("bad_intrinsic_argument", s, "%s: KH * KW must not exceed 65536", s.what);
  size_t es = dtype_size(t);
  unsigned Ho = (H - KH) / SH + 1, Wo = (W - KW) / SW + 1;
  size_t in_bytes = (size_t)H * W * C * es, out_n = (size_t)Ho * Wo * C;
  need(s, "src", src, in_bytes, Space::nram);
  need(s, "dst", dst, out_n * es, Space::nram);
  char* out = scratch(out_n * es);   // dst may overlap src (mlu-ops reduces in place)
  for (unsigned oh = 0; oh < Ho; ++oh)
    for (unsigned ow = 0; ow < Wo; ++ow)
      for (unsigned c = 0; c < C; ++c) {
        double acc = 0;
        bool first = true;
        for (unsigned kh = 0; kh < KH; ++kh)
          for (unsigned kw = 0; kw < KW; ++kw) {
            double v = get(t, src, ((size_t)(oh * SH + kh) * W + (ow * SW + kw)) * C + c);
            if (op == POOL_SUM || op == POOL_AVG) acc += v;
            else if (first || (op == POOL_MAX ? v > acc : v < acc)) acc = v;
            first = false;
          }
        if (op == POOL_AVG) acc /= (double)KH * KW;
        put(t, out, ((size_t)oh * Wo + ow) * C + c, acc);
      }
  memcpy(dst, out, out_n * es);
}

// ---------------------------------------------------------------- conv, mlp, matmul
static void check_pos(const Site& s, int pos) {
  if (pos < -127 || pos > 127)
    fail_at("bad_intrinsic_argument", s, "%s: the fixed-point position must lie in [-127, 127], got %d", s.what, pos);
}

void conv(const Site& s, DType dd, DType ds, DType dk, void* dst, const void* src, const void* kernel, const void* bias,
          unsigned Ci, unsigned H, unsigned W, unsigned KH, unsigned KW, unsigned SW, unsigned SH, unsigned Co, int pos) {
  need_count(s, "Ci", Ci); need_count(s, "H", H); need_count(s, "W", W); need_count(s, "KH", KH);
  need_count(s, "KW", KW); need_count(s, "Co", Co);
  if (SW < 1 || SW > 1023 || SH < 1 || SH > 1023)
    fail_at("bad_intrinsic_argument", s, "%s: strides must lie in [1, 1023] (SW=%u, SH=%u)", s.what, SW, SH);
  if (KH > H || KW > W)
    fail_at("bad_intrinsic_argument", s, "%s: the kernel (KH=%u, KW=%u) is larger than the input (H=%u, W=%u)", s.what,
            KH, KW, H, W);
  check_pos(s, pos);
  unsigned Ho = (H - KH) / SH + 1, Wo = (W - KW) / SW + 1;
  size_t out_n = (size_t)Ho * Wo * Co, in_bytes = (size_t)H * W * Ci * dtype_size(ds);
  need(s, "dst", dst, out_n * dtype_size(dd), Space::nram);
  need(s, "src", src, in_bytes, Space::nram);
  need(s, "kernel", kernel, (size_t)Co * KH * KW * Ci * dtype_size(dk), Space::wram);
  if (bias) need(s, "bias", bias, (size_t)Co * dtype_size(dd), Space::nram);
  no_overlap(s, "dst", dst, out_n * dtype_size(dd), "src", src, in_bytes);
  double scale = std::ldexp(1.0, pos);
  char* out = scratch(out_n * dtype_size(dd));
  std::vector<double> in((size_t)H * W * Ci), k((size_t)Co * KH * KW * Ci);
  for (size_t i = 0; i < in.size(); ++i) in[i] = get(ds, src, i);
  for (size_t i = 0; i < k.size(); ++i) k[i] = get(dk, kernel, i);
  for (unsigned oh = 0; oh < Ho; ++oh)
    for (unsigned ow = 0; ow < Wo; ++ow)
      for (unsigned co = 0; co < Co; ++co) {
        double acc = 0;
        for (unsigned kh = 0; kh < KH; ++kh)
          for (unsigned kw = 0; kw < KW; ++kw) {
            const double* x = &in[((size_t)(oh * SH + kh) * W + ow * SW + kw) * Ci];
            const double* w = &k[(((size_t)co * KH + kh) * KW + kw) * Ci];
            for (unsigned ci = 0; ci < Ci; ++ci) acc += x[ci] * w[ci];
          }
        acc *= scale;
        if (bias) acc += get(dd, bias, co);
        put_sat(dd, out, ((size_t)oh * Wo + ow) * Co + co, acc);
      }
  memcpy(dst, out, out_n * dtype_size(dd));
}

void mlp(const Site& s, DType dd, DType ds, DType df, void* dst, const void* src, const void* bias, const void* filter,
         long height, long width, int pos) {
  if (height <= 0 || width <= 0)
    fail_at("bad_intrinsic_argument", s, "%s: height (%ld) and width (%ld) must be > 0", s.what, height, width);
  need_count(s, "height", (unsigned long long)height);
  need_count(s, "width", (unsigned long long)width);
  check_pos(s, pos);
  if (__BANG_ARCH__ < 300 && height % 64)
    fail_at("bad_intrinsic_argument", s, "%s: height must be a multiple of 64 on this architecture", s.what);
  size_t out_bytes = (size_t)height * dtype_size(dd);
  need(s, "dst", dst, out_bytes, Space::nram);
  need(s, "src", src, (size_t)width * dtype_size(ds), Space::nram);
  need(s, "filter", filter, (size_t)height * width * dtype_size(df), Space::wram);
  if (bias) {
    need(s, "bias", bias, out_bytes, Space::nram);
    no_overlap(s, "dst", dst, out_bytes, "bias", bias, out_bytes);
  }
  no_overlap(s, "dst", dst, out_bytes, "src", src, (size_t)width * dtype_size(ds));
  double scale = std::ldexp(1.0, pos);
  char* out = scratch(out_bytes);
  for (long h = 0; h < height; ++h) {
    double acc = 0;
    for (long w = 0; w < width; ++w) acc += get(ds, src, (size_t)w) * get(df, filter, (size_t)h * width + w);
    acc *= scale;
    if (bias) acc += get(dd, bias, (size_t)h);
    put_sat(dd, out, (size_t)h, acc);
  }
  memcpy(dst, out, out_bytes);
}

void matmul(const Site& s, DType dd, DType da, DType db, void* dst, const void* A, const void* B, const void* C,
            unsigned M, unsigned K, unsigned N, int pos) {
  need_count(s, "M", M); need_count(s, "K", K); need_count(s, "N", N);
  check_pos(s, pos);
  size_t out_bytes = (size_t)M * N * dtype_size(dd), a_bytes = (size_t)M * K * dtype_size(da);
  need(s, "dst", dst, out_bytes, Space::nram);
  need(s, "A", A, a_bytes, Space::nram);
  need(s, "B", B, (size_t)K * N * dtype_size(db), Space::wram);
  if (C) need(s, "C", C, out_bytes, Space::nram);
  no_overlap(s, "dst", dst, out_bytes, "A", A, a_bytes);
  double scale = std::ldexp(1.0, pos);
  char* out = scratch(out_bytes);
  std::vector<double> a((size_t)M * K), b((size_t)K * N);
  for (size_t i = 0; i < a.size(); ++i) a[i] = get(da, A, i);
  // B's documented WRAM layout is [N][K] (each output column's K weights contiguous, after
  // __bang_reshape_filter, which the engine treats as the identity); XPILER_BANG_RAW_WEIGHTS reads
  // the WRAM bytes as a row-major [K][N] matrix instead.
  for (unsigned n = 0; n < N; ++n)
    for (unsigned k = 0; k < K; ++k) {
#ifdef XPILER_BANG_RAW_WEIGHTS
      b[(size_t)n * K + k] = get(db, B, (size_t)k * N + n);
#else
      b[(size_t)n * K + k] = get(db, B, (size_t)n * K + k);
#endif
    }
  for (unsigned m = 0; m < M; ++m)
    for (unsigned n = 0; n < N; ++n) {
      double acc = 0;
      const double* x = &a[(size_t)m * K];
      const double* w = &b[(size_t)n * K];
      for (unsigned k = 0; k < K; ++k) acc += x[k] * w[k];
      acc *= scale;
      if (C) acc += get(dd, C, (size_t)m * N + n);
      put_sat(dd, out, (size_t)m * N + n, acc);
    }
  memcpy(dst, out, out_bytes);
}

void reshape_filter(const Site& s, DType t, void* dst, const void* src, unsigned n, unsigned h, unsigned w, unsigned c) {
  need_count(s, "n", n); need_count(s, "h", h); need_count(s, "w", w); need_count(s, "c", c);
  if (n % 64) fail_at("bad_intrinsic_argument", s, "%s: n (%u) must be a multiple of 64", s.what, n);
  size_t es = dtype_size(t), unit = (size_t)h * w * c * es;
  size_t mult = __BANG_ARCH__ >= 300 ? 32 : 128;
  if (unit % mult)
    fail_at("bad_intrinsic_argument", s, "%s: h*w*c*sizeof(T) (%zu) must be a multiple of %zu bytes", s.what, unit, mult);
  size_t bytes = unit * n;
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src", src, bytes, Space::nram);
  no_overlap(s, "dst", dst, bytes, "src", src, bytes);
  memcpy(dst, src, bytes);   // layout convention (b) of bang.md 4.10: WRAM keeps the logical layout
}

void transpose(const Site& s, size_t es, void* dst, const void* src, unsigned H, unsigned W) {
  need_count(s, "H", H); need_count(s, "W", W);
  size_t bytes = (size_t)H * W * es;
  need(s, "dst", dst, bytes, Space::nram);
  need(s, "src", src, bytes, Space::nram);
  no_overlap(s, "dst", dst, bytes, "src", src, bytes);
  for (size_t h = 0; h < H; ++h)
    for (size_t w = 0; w < W; ++w) memcpy((char*)dst + (w * H + h) * es, (const char*)src + (h * W + w) * es, es);
}

// ---------------------------------------------------------------- conversions
static void int_range(DType t, long long* lo, long long* hi) {
  switch (t) {
    case DT_I8: *lo = -128; *hi = 127; break;
    case DT_U8: *lo = 0; *hi = 255; break;
    case DT_I16: *lo = -32768; *hi = 32767; break;
    case DT_U16: *lo = 0; *hi = 65535; break;
    case DT_I32: *lo = INT32_MIN; *hi = INT32_MAX; break;
    default: *lo = 0; *hi = UINT32_MAX; break;
  }
}

void convert(const Site& s, DType dd, DType ds, int round, void* dst, const void* src, unsigned n, int pos,
             bool strided, unsigned dst_stride, unsigned src_stride, unsigned segnum) {
  need_count(s, "the element count", n);
  check_pos(s, pos);
  unsigned segs = strided ? segnum + 1 : 1;
  if (strided && segnum > 65535) fail_at("bad_intrinsic_argument", s, "%s: segnum must lie in [0, 65535]", s.what);
  size_t de = dtype_size(dd), se = dtype_size(ds);
  if (strided && (dst_stride < n * de || src_stride < n * se))
    fail_at("bad_intrinsic_argument", s, "%s: the strides (%u, %u bytes) must be at least n * sizeof(T)", s.what,
            dst_stride, src_stride);
  for (unsigned g = 0; g < segs; ++g) {
    need(s, "dst", (char*)dst + (size_t)g * dst_stride, n * de, Space::nram);
    need(s, "src", (const char*)src + (size_t)g * src_stride, n * se, Space::nram);
  }
  char* out = scratch((size_t)segs * n * de);
  double scale = std::ldexp(1.0, pos);
  for (unsigned g = 0; g < segs; ++g) {
    const char* sp = (const char*)src + (size_t)g * src_stride;
    for (size_t i = 0; i < n; ++i) {
      double v = get(ds, sp, i);
      size_t o = (size_t)g * n + i;
      if (is_int(dd)) {
        long long lo, hi;
        int_range(dd, &lo, &hi);
        put(dd, out, o, (double)float_to_int(is_int(ds) ? v : v / scale, round, lo, hi));
      } else {
        put(dd, out, o, is_int(ds) ? v * scale : v, round);
      }
    }
  }
  for (unsigned g = 0; g < segs; ++g) memcpy((char*)dst + (size_t)g * dst_stride, out + (size_t)g * n * de, n * de);
}

}  // namespace bang
}  // namespace xpiler
