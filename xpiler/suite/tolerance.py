"""Tolerances of suite comparisons, per element type of the computation: the one place they are stated.

A kernel passes when |out - ref| <= atol + rtol * |ref| elementwise, with the reference computed in
float64 from the kernel's actual (rounded) inputs. Reductions scale atol with sqrt(length) of the
reduced dimension (rounding errors of float sums grow like that for random data).
"""
import numpy as np

TOLERANCES = {
    # dtype: (rtol, atol)
    "float64": (1e-9, 1e-9),
    "float32": (1e-4, 1e-5),
    "float16": (1e-2, 1e-3),     # half outputs: 11-bit significand, one rounding per op in the source
    "bfloat16": (2e-2, 1e-2),
    "int32": (0, 0),
    "int8": (0, 0),
    "int16": (0, 0),
    "uint8": (0, 0),
}

# Matrix ops with half inputs accumulate in float32 (WMMA/MFMA/BANG matmul): the inputs are exact
# in the reference, so only the accumulation rounding remains.
HALF_INPUT_FLOAT_ACCUMULATE = (1e-3, 1e-3)


def tolerance(dtype: str, reduce_length: int = 1, input_dtypes=()) -> tuple[float, float]:
    rtol, atol = TOLERANCES[dtype]
    if dtype == "float32" and any(d in ("float16", "bfloat16") for d in input_dtypes):
        rtol, atol = HALF_INPUT_FLOAT_ACCUMULATE
    return rtol, atol * max(1.0, reduce_length ** 0.5)


def compare(got, ref, rtol: float, atol: float) -> tuple[float, float, int]:
    """(worst |err| / (atol + rtol |ref|), max |err|, flat index of the worst element); a case passes
    when the ratio is <= 1. Exact outputs (bound 0) pass only with err 0; NaN never passes."""
    got = np.asarray(got, dtype=np.float64).reshape(-1)
    ref = np.asarray(ref, dtype=np.float64).reshape(-1)
    if not ref.size:
        return 0.0, 0.0, 0
    err = np.abs(got - ref)
    bound = atol + rtol * np.abs(ref)
    ratio = np.divide(err, bound, out=np.where(err > 0, np.inf, 0.0), where=bound > 0)
    ratio = np.where(np.isnan(err), np.inf, ratio)
    worst = int(np.argmax(ratio))
    return float(ratio[worst]), float(np.nanmax(err)) if not np.isnan(err).all() else float("nan"), worst
