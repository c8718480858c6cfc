"""Element types of the canonical IR and C's rules for them.

A dtype is a plain string (the NumPy spelling, plus ``bfloat16``): ``bool``, ``int8`` ... ``int64``,
``uint8`` ... ``uint64``, ``float16``, ``bfloat16``, ``float32``, ``float64``. ``void`` is the type of
an intrinsic call used as a statement and ``handle`` the type of an element address.

IR operations never convert implicitly: both operands of a binary operation have one dtype and the
result has that dtype (comparisons give ``bool``). The builders (``expr.py``) insert the casts of C's
usual arithmetic conversions (``promote``), so ``int8 + int8`` built from Python is ``int32`` as in
C; an explicit ``int8`` operation wraps to 8 bits.
"""
from __future__ import annotations

import numpy as np

INT_TYPES = ("int8", "int16", "int32", "int64")
UINT_TYPES = ("uint8", "uint16", "uint32", "uint64")
FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")
ALL_TYPES = ("bool", *INT_TYPES, *UINT_TYPES, *FLOAT_TYPES)
SPECIAL_TYPES = ("void", "handle")

C_TYPES = {
    "bool": "bool", "int8": "int8_t", "int16": "int16_t", "int32": "int32_t", "int64": "int64_t",
    "uint8": "uint8_t", "uint16": "uint16_t", "uint32": "uint32_t", "uint64": "uint64_t",
    "float16": "_Float16", "bfloat16": "xp_bf16", "float32": "float", "float64": "double",
    "void": "void",
}
_BITS = {"bool": 8, "int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8, "uint16": 16, "uint32": 32,
         "uint64": 64, "float16": 16, "bfloat16": 16, "float32": 32, "float64": 64}
# rank for C's float conversions; half and bfloat16 are both below float
_FLOAT_RANK = {"float16": 1, "bfloat16": 1, "float32": 2, "float64": 3}


def check(dtype: str, allow_special: bool = False) -> str:
    if dtype in ALL_TYPES or (allow_special and dtype in SPECIAL_TYPES):
        return dtype
    raise TypeError(f"unknown IR dtype {dtype!r} (one of {', '.join(ALL_TYPES)})")


def is_bool(dtype: str) -> bool:
    return dtype == "bool"


def is_int(dtype: str) -> bool:
    """Signed or unsigned integer (not bool)."""
    return dtype in INT_TYPES or dtype in UINT_TYPES


def is_signed(dtype: str) -> bool:
    return dtype in INT_TYPES


def is_unsigned(dtype: str) -> bool:
    return dtype in UINT_TYPES


def is_float(dtype: str) -> bool:
    return dtype in FLOAT_TYPES


def bits(dtype: str) -> int:
    return _BITS[dtype]


def itemsize(dtype: str) -> int:
    return _BITS[dtype] // 8


def c_type(dtype: str) -> str:
    return C_TYPES[dtype]


def storage_numpy(dtype: str) -> np.dtype:
    """NumPy dtype of the bytes in memory (bfloat16 is stored as uint16 bits)."""
    return np.dtype("uint16" if dtype == "bfloat16" else dtype)


def int_range(dtype: str) -> tuple[int, int]:
    b = bits(dtype)
    if is_signed(dtype):
        return -(1 << (b - 1)), (1 << (b - 1)) - 1
    if dtype == "bool":
        return 0, 1
    return 0, (1 << b) - 1


def wrap(value: int, dtype: str) -> int:
    """Two's-complement wrap of a Python int to an integer dtype (bool: nonzero -> 1)."""
    if dtype == "bool":
        return int(bool(value))
    b = bits(dtype)
    value &= (1 << b) - 1
    if is_signed(dtype) and value >= 1 << (b - 1):
        value -= 1 << b
    return value


def integer_promotion(dtype: str) -> str:
    """C's integer promotion: types narrower than int become int."""
    if dtype == "bool" or (is_int(dtype) and bits(dtype) < 32):
        return "int32"
    return dtype


def promote(a: str, b: str) -> str:
    """The common type of C's usual arithmetic conversions."""
    if is_float(a) or is_float(b):
        fa = _FLOAT_RANK.get(a, 0)
        fb = _FLOAT_RANK.get(b, 0)
        if fa == fb and a != b:           # float16 with bfloat16: C would need a rule; take float
            return "float32"
        return a if fa > fb else b if fb > fa else a
    a, b = integer_promotion(a), integer_promotion(b)
    if a == b:
        return a
    if is_signed(a) == is_signed(b):
        return a if bits(a) >= bits(b) else b
    s, u = (a, b) if is_signed(a) else (b, a)
    if bits(u) >= bits(s):
        return u
    return s            # the signed type is wider and holds every value of the unsigned one


def unsigned_of(dtype: str) -> str:
    return "u" + dtype if is_signed(dtype) else dtype
