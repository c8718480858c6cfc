// Entry points of the BANG intrinsic implementations (runtime/bang_ops.cpp, bang_runtime.cpp).
// The typed overloads users call (`__bang_add(float*, const float*, const float*, unsigned)`, ...)
// are generated from the intrinsic table (xpiler/models/bang/intrinsics.py) into
// xpiler_bang_intrinsics.h; each passes its call site and element types to one of these.
#pragma once
#include <cstddef>

#include "xpiler/report.h"
#include "xpiler_bang/runtime.h"
#include "xpiler_bang/types.h"

#define XPILER_BANG_UNARY_OPS(X)                                                                            \
  X(RELU) X(ABS) X(NEG) X(FLOOR) X(ROUND) X(SQUARE) X(RECIP) X(SQRT) X(RSQRT) X(SIN) X(COS) X(POW2) X(LOG)  \
  X(NOT) X(BNOT) X(ACTIVE_RELU) X(ACTIVE_SIGN) X(ACTIVE_SIGMOID) X(ACTIVE_EXP) X(ACTIVE_EXPHP)               \
  X(ACTIVE_EXP_LESS_0) X(ACTIVE_RECIP) X(ACTIVE_RECIPHP) X(ACTIVE_RECIP_GREATER_1) X(ACTIVE_GELU)            \
  X(ACTIVE_GELUP) X(ACTIVE_TANH) X(ACTIVE_SQRT) X(ACTIVE_SQRTHP) X(ACTIVE_RSQRT) X(ACTIVE_RSQRTHP)           \
  X(ACTIVE_LOG) X(ACTIVE_LOGHP) X(ACTIVE_POW2) X(ACTIVE_SIN) X(ACTIVE_COS) X(ACTIVE_ABS) X(TAYLOR3_SIN)      \
  X(TAYLOR3_COS) X(TAYLOR3_TANH) X(TAYLOR3_SIGMOID) X(TAYLOR3_SOFTPLUS) X(TAYLOR4_SIN) X(TAYLOR4_COS)        \
  X(TAYLOR4_TANH) X(TAYLOR4_SIGMOID) X(TAYLOR4_SOFTPLUS)

#define XPILER_BANG_BINARY_OPS(X)                                                                           \
  X(ADD) X(SUB) X(MUL) X(DIV) X(ADD_TZ) X(MAXEQUAL) X(MINEQUAL) X(MAXIMUM) X(MINIMUM) X(NAN_MAXIMUM)         \
  X(NAN_MINIMUM) X(EQ) X(NE) X(LT) X(LE) X(GT) X(GE) X(AND) X(OR) X(XOR) X(BAND) X(BOR) X(BXOR)

namespace xpiler {
namespace bang {

#define XPILER_BANG_ENUM(name) U_##name,
enum UnaryOp : int { XPILER_BANG_UNARY_OPS(XPILER_BANG_ENUM) U_COUNT };
#undef XPILER_BANG_ENUM
#define XPILER_BANG_ENUM(name) B_##name,
enum BinaryOp : int { XPILER_BANG_BINARY_OPS(XPILER_BANG_ENUM) B_COUNT };
#undef XPILER_BANG_ENUM
enum PoolOp : int { POOL_SUM, POOL_MAX, POOL_MIN, POOL_AVG };
enum Round : int { R_RN, R_TZ, R_OZ, R_UP, R_DN, R_RD, R_RM };

// element-wise families
void ew_unary(const Site& s, int op, DType dd, DType ds, void* dst, const void* src, unsigned n);
void ew_binary(const Site& s, int op, DType t, void* dst, const void* a, const void* b, unsigned n);
void ew_scalar(const Site& s, int op, DType t, void* dst, const void* a, const void* value, unsigned n);
void ew_cycle(const Site& s, int op, DType t, void* dst, const void* src, const void* seg, unsigned src_n,
              unsigned seg_n);
void ew_distance(const Site& s, int op, DType t, void* dst, const void* src, unsigned distance, unsigned n);
void div_work(const Site& s, DType t, void* dst, const void* a, const void* b, void* work, unsigned n);
void fusion(const Site& s, int op, DType t, void* dst, const void* a, const void* b, bool b_vector, const void* c,
            bool c_vector, unsigned n, unsigned seg_n);
// reductions and search
void reduce_sum(const Site& s, DType t, void* dst, const void* src, unsigned n);
void sum(const Site& s, DType t, const void* src, unsigned n, void* result);
void arg_extreme(const Site& s, bool is_max, DType t, void* dst, const void* src, unsigned n);
unsigned count(const Site& s, DType t, const void* src, unsigned n);
unsigned find1(const Site& s, bool last, DType t, const void* src, unsigned n);
unsigned filter(const Site& s, bool select_layout, DType t, void* dst, const void* src, const void* idx, unsigned n);
// tensor ops
void pool(const Site& s, int op, DType t, void* dst, const void* src, unsigned C, unsigned H, unsigned W, unsigned KH,
          unsigned KW, unsigned SW, unsigned SH);
void conv(const Site& s, DType dd, DType ds, DType dk, void* dst, const void* src, const void* kernel, const void* bias,
          unsigned Ci, unsigned H, unsigned W, unsigned KH, unsigned KW, unsigned SW, unsigned SH, unsigned Co, int pos);
void mlp(const Site& s, DType dd, DType ds, DType df, void* dst, const void* src, const void* bias, const void* filter,
         long height, long width, int pos);
void matmul(const Site& s, DType dd, DType da, DType db, void* dst, const void* A, const void* B, const void* C,
            unsigned M, unsigned K, unsigned N, int pos);
void reshape_filter(const Site& s, DType t, void* dst, const void* src, unsigned n, unsigned h, unsigned w, unsigned c);
void transpose(const Site& s, size_t esize, void* dst, const void* src, unsigned H, unsigned W);
void convert(const Site& s, DType dd, DType ds, int round, void* dst, const void* src, unsigned n, int pos,
             bool strided, unsigned dst_stride, unsigned src_stride, unsigned segnum);
// data movement
void memcpy_1d(const Site& s, void* dst, const void* src, unsigned size, int dir);
void memcpy_2d(const Site& s, void* dst, const void* src, unsigned size, int dir, unsigned dst_stride, int src_stride,
               unsigned segnum);
void memcpy_3d(const Site& s, void* dst, const void* src, unsigned size, int dir, int dst_stride0, int dst_segnum1,
               int dst_stride1, int dst_segnum2, int src_stride0, int src_segnum1, int src_stride1, int src_segnum2);
void fill(const Site& s, Space space, void* dst, unsigned n, const void* value, size_t value_size);
void move(const Site& s, void* dst, const void* src, unsigned size, bool strided, unsigned dst_stride,
          unsigned src_stride, unsigned segnum);

// scalar conversions with a rounding mode
float round_to_float(double v, int round);
uint16_t float_to_half_bits(float v, int round);
uint16_t float_to_bf16_bits(float v, int round);
long long float_to_int(double v, int round, long long lo, long long hi);

}  // namespace bang
}  // namespace xpiler
