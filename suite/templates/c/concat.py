"""concat along axis 1 of [m, n1] and [m, n2]: compiler-generated style (TVM's C host codegen of
topi.concatenate), fixed-size: one select per output element between the two inputs, with the
boundary and both row pitches constant-folded."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, loop, tvm_function, var  # noqa: E402


def render(shape):
    m, n1, n2 = shape["m"], shape["n1"], shape["n2"]
    nt = n1 + n2
    ax0, ax1 = var("ax0", m), "ax1"
    out = f"T_concat[{affine((ax0, nt), (ax1, 1))}]"
    first = f"placeholder[{affine((ax0, n1), (ax1, 1))}]"
    second = f"placeholder1[{affine((ax0, n2), (ax1, 1), const=-n1)}]"
    body = loop("ax0", m, loop("ax1", nt, [f"{out} = (({n1} <= {ax1}) ? {second} : {first});"]))
    source = tvm_function("default_function", "float* placeholder, float* placeholder1, float* T_concat", body,
                          f"T_concat[{m}, {nt}] = concatenate((placeholder[{m}, {n1}], placeholder1[{m}, {n2}]), "
                          f"axis=1) (TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["x", "y", "out"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
