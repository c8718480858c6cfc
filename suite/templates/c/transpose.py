"""transpose of [m, n]: compiler-generated style (TVM's C host codegen of topi.transpose), fixed-size:
both output axes fused and split by 16 into `ax0_ax1_fused_outer` / `ax0_ax1_fused_inner`, the
source index rebuilt with constant `/` and `%`, a folded tail predicate when m*n % 16 != 0."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, loop, tvm_function, var  # noqa: E402


def render(shape):
    m, n = shape["m"], shape["n"]     # x [m, n] -> y [n, m]
    total = m * n
    outer = (total + 15) // 16
    if total < 16:
        fused = affine((var("ax0_ax1_fused", total), 1))
    else:
        fused = affine((var("ax0_ax1_fused_outer", outer), 16), ("ax0_ax1_fused_inner", 1))
    ax0 = None if n == 1 else (fused if m == 1 else f"({fused} / {m})")     # output row: index along n
    ax1 = None if m == 1 else (fused if n == 1 else f"({fused} % {m})")     # output column: index along m
    stmt = [f"T_transpose[{fused}] = placeholder[{affine((ax1, n), (ax0, 1))}];"]
    if total < 16:
        body = loop("ax0_ax1_fused", total, stmt)
    else:
        if outer * 16 != total:
            stmt = [f"if ({fused} < {total}) {{", "  " + stmt[0], "}"]
        body = loop("ax0_ax1_fused_outer", outer, loop("ax0_ax1_fused_inner", 16, stmt))
    source = tvm_function("default_function", "float* placeholder, float* T_transpose", body,
                          f"T_transpose[{n}, {m}] = transpose(placeholder[{m}, {n}], axes=[1, 0]) (TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["x", "y"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
