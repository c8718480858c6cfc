// BANG C device types for the CPU engine: half / bfloat16_t as rounding classes, the fixed-width
// integer aliases, the memcpy direction enum (exact cncc order) and the CNRT launch types.
#pragma once
#include <cstddef>
#include <cstdint>

#include "xpiler/half.h"

typedef ::xpiler::half_t half;            // IEEE binary16, rounds to nearest even after every op
typedef ::xpiler::bfloat16 bfloat16_t;    // bfloat16, rounds to nearest even after every op
typedef int8_t int8;
typedef int16_t int16;
typedef int32_t int32;
typedef int8_t fix8;

// mluMemcpyDirection_t: values in cncc's declaration order (bang_device_types.h), starting at 0.
typedef enum {
  GDRAM2NRAM = 0, NRAM2GDRAM = 1, LDRAM2NRAM = 2, NRAM2LDRAM = 3, GDRAM2WRAM = 4, WRAM2GDRAM = 5,
  LDRAM2WRAM = 6, WRAM2LDRAM = 7, NRAM2NRAM = 8, NRAM2WRAM = 9, WRAM2NRAM = 10, GDRAM2SRAM = 11,
  SRAM2GDRAM = 12, LDRAM2SRAM = 13, SRAM2LDRAM = 14, SRAM2NRAM = 15, NRAM2SRAM = 16, SRAM2WRAM = 17,
  WRAM2SRAM = 18, GDRAM2GDRAM = 19, GDRAM2LDRAM = 20, LDRAM2GDRAM = 21, LDRAM2LDRAM = 22, SRAM2SRAM = 23
} mluMemcpyDirection_t;

// __bang_fusion operation codes (declaration order; the numeric values are not documented).
typedef enum {
  FUSION_FMA = 0, FUSION_FMS = 1, FUSION_FAM = 2, FUSION_FSM = 3,
  FUSION_FAA = 4, FUSION_FAS = 5, FUSION_FSS = 6, FUSION_FSA = 7
} mluFusionOpCode;

// Launch types shared by device and host code (cnrt.h).
typedef struct cnrtDim3 { unsigned int x, y, z; } cnrtDim3_t;
typedef enum {
  cnrtFuncTypeBlock = 1, cnrtFuncTypeUnion1 = 4, cnrtFuncTypeUnion2 = 8, cnrtFuncTypeUnion4 = 16,
  cnrtFuncTypeUnion8 = 32, cnrtFuncTypeUnion16 = 64,
  CNRT_FUNC_TYPE_BLOCK = 1, CNRT_FUNC_TYPE_BLOCK0 = 1, CNRT_FUNC_TYPE_UNION1 = 4, CNRT_FUNC_TYPE_UNION2 = 8,
  CNRT_FUNC_TYPE_UNION4 = 16, CNRT_FUNC_TYPE_UNION8 = 32, CNRT_FUNC_TYPE_UNION16 = 64
} cnrtFunctionType_t;

namespace xpiler {
namespace bang {

// Element types as the engine runtime sees them.
enum DType : int { DT_HALF, DT_FLOAT, DT_BF16, DT_I8, DT_U8, DT_I16, DT_U16, DT_I32, DT_U32 };

template <class T> struct dtype_of;
template <> struct dtype_of<half> { static constexpr DType value = DT_HALF; };
template <> struct dtype_of<float> { static constexpr DType value = DT_FLOAT; };
template <> struct dtype_of<bfloat16_t> { static constexpr DType value = DT_BF16; };
template <> struct dtype_of<char> { static constexpr DType value = DT_I8; };
template <> struct dtype_of<signed char> { static constexpr DType value = DT_I8; };
template <> struct dtype_of<unsigned char> { static constexpr DType value = DT_U8; };
template <> struct dtype_of<short> { static constexpr DType value = DT_I16; };
template <> struct dtype_of<unsigned short> { static constexpr DType value = DT_U16; };
template <> struct dtype_of<int> { static constexpr DType value = DT_I32; };
template <> struct dtype_of<unsigned int> { static constexpr DType value = DT_U32; };

inline size_t dtype_size(DType t) {
  switch (t) {
    case DT_FLOAT: case DT_I32: case DT_U32: return 4;
    case DT_HALF: case DT_BF16: case DT_I16: case DT_U16: return 2;
    default: return 1;
  }
}

}  // namespace bang
}  // namespace xpiler
