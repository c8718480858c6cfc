"""C element types of kernel parameters and their NumPy counterparts."""
from __future__ import annotations

import numpy as np

# C spelling -> numpy dtype name; "bfloat16" is stored as uint16 bits and converted at the boundary
C_TO_NUMPY = {
    "float": "float32", "double": "float64", "half": "float16", "__half": "float16", "_Float16": "float16",
    "__fp16": "float16", "__nv_bfloat16": "bfloat16", "nv_bfloat16": "bfloat16", "__hip_bfloat16": "bfloat16",
    "bfloat16_t": "bfloat16", "bfloat16": "bfloat16",
    "int": "int32", "int32_t": "int32", "signed int": "int32", "signed": "int32", "int32": "int32",
    "unsigned": "uint32", "unsigned int": "uint32", "uint32_t": "uint32", "uint": "uint32",
    "char": "int8", "signed char": "int8", "int8_t": "int8", "int8": "int8", "fix8": "int8",
    "unsigned char": "uint8", "uint8_t": "uint8", "uchar": "uint8",
    "short": "int16", "int16_t": "int16", "int16": "int16", "short int": "int16",
    "unsigned short": "uint16", "uint16_t": "uint16",
    "long": "int64", "long long": "int64", "int64_t": "int64", "long int": "int64", "long long int": "int64",
    "unsigned long": "uint64", "unsigned long long": "uint64", "uint64_t": "uint64", "size_t": "uint64",
    "bool": "bool",
}


def normalize_ctype(ctype: str) -> str:
    words = [w for w in ctype.replace("*", " ").split() if w not in ("const", "volatile", "__restrict__",
                                                                     "restrict", "__restrict", "struct")]
    return " ".join(words)


def numpy_name(ctype: str) -> str | None:
    return C_TO_NUMPY.get(normalize_ctype(ctype))


def float_to_bf16_bits(a: np.ndarray) -> np.ndarray:
    """Round float32 to bfloat16 (nearest even), returned as uint16 bits."""
    x = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32)
    nan = (x & 0x7FFFFFFF) > 0x7F800000
    rounded = ((x + 0x7FFF + ((x >> 16) & 1)) >> 16).astype(np.uint16)
    return np.where(nan, ((x >> 16) | 0x40).astype(np.uint16), rounded)


def bf16_bits_to_float(b: np.ndarray) -> np.ndarray:
    return (np.asarray(b, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def to_storage(value, name: str) -> np.ndarray:
    """Convert a user value to the bytes layout of C type `name` (numpy dtype name or bfloat16)."""
    if name == "bfloat16":
        arr = np.asarray(value)
        if arr.dtype == np.uint16:
            return arr if arr.ndim == 0 else np.ascontiguousarray(arr)
        bits = float_to_bf16_bits(np.atleast_1d(arr.astype(np.float32)))
        return bits.reshape(arr.shape)
    arr = np.asarray(value).astype(name, copy=False)
    return arr if arr.ndim == 0 else np.ascontiguousarray(arr)


def from_storage(raw: np.ndarray, name: str) -> np.ndarray:
    if name == "bfloat16":
        return bf16_bits_to_float(raw.view(np.uint16))
    return raw
