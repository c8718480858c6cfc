"""sub: compiler-generated style (TVM's C host codegen, unpacked API), fixed-size.

`default_function(placeholder, placeholder1, T_subtract)` returns 0 like every TVM C function; the
element axis is split by 16 (`ax0_outer` x `ax0_inner`, the vector width TVM's x86 schedule picks)
with every extent a constant; a size that is not a multiple of 16 keeps a folded tail predicate."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, loop, tvm_function, var  # noqa: E402


def render(shape):
    n = shape["n"]
    if n < 16:
        i = affine((var("ax0", n), 1))
        body = loop("ax0", n, [f"T_subtract[{i}] = (placeholder[{i}] - placeholder1[{i}]);"])
    else:
        outer = (n + 15) // 16
        i = affine((var("ax0_outer", outer), 16), ("ax0_inner", 1))
        stmt = [f"T_subtract[{i}] = (placeholder[{i}] - placeholder1[{i}]);"]
        if outer * 16 != n:
            stmt = [f"if ({i} < {n}) {{", "  " + stmt[0], "}"]
        body = loop("ax0_outer", outer, loop("ax0_inner", 16, stmt))
    source = tvm_function("default_function", "float* placeholder, float* placeholder1, float* T_subtract", body,
                          f"T_subtract = placeholder - placeholder1, float32[{n}] (TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["x", "y", "out"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
