"""C type names -> IR dtypes, and C literals -> IR constants (C's rules for both)."""
from __future__ import annotations

import re

from ..ir import dtypes as dt
from ..ir.expr import Const

SCALAR_DTYPES = {
    "bool": "bool", "_Bool": "bool",
    "char": "int8", "signed char": "int8", "unsigned char": "uint8", "int8_t": "int8", "uint8_t": "uint8",
    "short": "int16", "short int": "int16", "signed short": "int16", "unsigned short": "uint16",
    "unsigned short int": "uint16", "int16_t": "int16", "uint16_t": "uint16",
    "uint": "uint32", "ushort": "uint16", "uchar": "uint8", "ulong": "uint64",
    "int": "int32", "signed": "int32", "signed int": "int32", "unsigned": "uint32", "unsigned int": "uint32",
    "int32_t": "int32", "uint32_t": "uint32",
    "long": "int64", "long int": "int64", "long long": "int64", "long long int": "int64", "signed long": "int64",
    "unsigned long": "uint64", "unsigned long int": "uint64", "unsigned long long": "uint64",
    "unsigned long long int": "uint64", "int64_t": "int64", "uint64_t": "uint64", "size_t": "uint64",
    "ptrdiff_t": "int64", "intptr_t": "int64", "uintptr_t": "uint64", "ssize_t": "int64",
    "float": "float32", "double": "float64",
    "half": "float16", "__half": "float16", "_Float16": "float16", "__fp16": "float16", "float16_t": "float16",
    "__nv_bfloat16": "bfloat16", "bfloat16_t": "bfloat16", "hip_bfloat16": "bfloat16", "__bf16": "bfloat16",
}
# CUDA/HIP short vector types: (element dtype, lanes)
SHORT_VECTORS = {f"{base}{n}": (dtype, n) for base, dtype in
                 (("float", "float32"), ("int", "int32"), ("uint", "uint32"), ("double", "float64"),
                  ("char", "int8"), ("uchar", "uint8"), ("short", "int16"), ("ushort", "uint16"),
                  ("long", "int64"), ("ulong", "uint64")) for n in (1, 2, 3, 4)}
SHORT_VECTORS.update({"half2": ("float16", 2), "__half2": ("float16", 2)})
LANE_FIELDS = {"x": 0, "y": 1, "z": 2, "w": 3}

_QUALIFIERS = re.compile(r"\b(const|volatile|__restrict__|__restrict|restrict|static|inline|__inline__|"
                         r"__forceinline__|register|constexpr|extern|struct|__device__|__shared__|__constant__|"
                         r"__nram__|__wram__|__ldram__|__mlu_shared__|__mlu_device__|__mlu_func__)\b")


def normalise(type_text: str) -> str:
    """'const unsigned   int' -> 'unsigned int' (qualifiers and extra blanks removed)."""
    t = _QUALIFIERS.sub(" ", type_text)
    t = t.replace("std::", "")
    return " ".join(t.split())


def scalar_dtype(type_text: str) -> str | None:
    return SCALAR_DTYPES.get(normalise(type_text))


def literal(text: str) -> Const:
    """A C/C++ number literal with C's type rules (suffixes, hex/octal, the int -> long ladder)."""
    t = text.replace("'", "")
    low = t.lower()
    is_hex = low.startswith("0x")
    if not is_hex and ("." in low or "e" in low or low.endswith("f")):
        body = low.rstrip("fl")
        value = float(body)
        return Const(value, "float32" if low.endswith("f") else "float64")
    suffix = re.search(r"[ul]*$", low).group(0)
    digits = low[:len(low) - len(suffix)] if suffix else low
    if is_hex:
        value = int(digits, 16)
    elif digits.startswith("0b"):
        value = int(digits, 2)
    elif len(digits) > 1 and digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    unsigned = "u" in suffix
    longs = suffix.count("l")
    ladder = (["uint32", "uint64"] if unsigned else
              (["int32", "uint32", "int64", "uint64"] if (is_hex or digits.startswith("0")) and digits != "0"
               else ["int32", "int64", "uint64"]))
    if longs:
        ladder = [t for t in ladder if dt.bits(t) == 64]
    for cand in ladder:
        lo, hi = dt.int_range(cand)
        if lo <= value <= hi:
            return Const(value, cand)
    return Const(value, "uint64")


def itemsize(dtype: str) -> int:
    return dt.itemsize(dtype)
