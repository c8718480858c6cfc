"""gather / embedding lookup (out[i] = table[idx[i]]): compiler-generated style (TVM's C host codegen
of topi.take(table, idx, axis=0, mode="fast"), unpacked API), fixed-size: the two output axes fused
into `ax0_ax1_fused`, the row index read with TVM's `((int32_t)...)` cast and scaled by the
constant row length."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, loop, tvm_function, var  # noqa: E402


def render(shape):
    v, d, m = shape["v"], shape["d"], shape["m"]
    fused = var("ax0_ax1_fused", m * d)
    if d == 1:
        row, col = fused, None
    else:
        row = None if m == 1 else f"({fused} / {d})"
        col = fused if m == 1 else f"({fused} % {d})"
    index = f"((int32_t)placeholder1[{affine((row, 1))}])"
    stmt = f"T_take[{affine((fused, 1))}] = placeholder[{affine((index, d), (col, 1))}];"
    body = loop("ax0_ax1_fused", m * d, [stmt])
    source = tvm_function("default_function", "float* placeholder, int32_t* placeholder1, float* T_take", body,
                          f"T_take[{m}, {d}] = take(placeholder[{v}, {d}], placeholder1[{m}], axis=0, mode=fast) "
                          f"(TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["table", "idx", "out"],
            "dtypes": {"idx": "int32"}, "style": "compiler-generated (TVM C codegen)", "parametric": False}
