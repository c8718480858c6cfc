"""reduce_mean over the last axis of [m, n]: compiler-generated style (TVM's C host codegen for
topi.mean: a `placeholder_red` sum buffer on the stack, then `T_divide` by the constant length),
fixed-size."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, flt, loop, tvm_function, var  # noqa: E402


def render(shape):
    m, n = shape["m"], shape["n"]
    ax0, k1, ax0_1 = var("ax0", m), var("k1", n), var("ax0_1", m)
    red = f"placeholder_red[{affine((ax0, 1))}]"
    body = [f"float placeholder_red[{m}];"]
    body += loop("ax0", m, [f"{red} = {flt(0.0)};"] +
                 loop("k1", n, [f"{red} = ({red} + placeholder[{affine((ax0, n), (k1, 1))}]);"]))
    i = affine((ax0_1, 1))
    body += loop("ax0_1", m, [f"T_divide[{i}] = (placeholder_red[{i}] / {flt(float(n))});"])
    source = tvm_function("default_function", "float* placeholder, float* T_divide", body,
                          f"T_divide = mean(placeholder, axis=1), placeholder float32[{m}, {n}] (TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["x", "out"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
