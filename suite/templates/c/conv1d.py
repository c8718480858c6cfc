"""conv1d (NCW, valid, strided): compiler-generated style (TVM's C host codegen of topi conv1d_ncw,
unpacked API), fixed-size: batch and filter loops fused into `nn_ff_fused`, every extent and stride
constant-folded into the index arithmetic, the reduction accumulated in the output buffer. The
schedule reorders the output position `yy` inside the reduction (rc, ry, yy), so TVM splits the
zero init into its own `yy_init` loop and consecutive iterations update different outputs."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, flt, loop, tvm_function, var  # noqa: E402


def render(shape):
    n, c, l, f, kw, st = (shape[k] for k in ("n", "c", "l", "f", "kw", "stride"))
    lo = (l - kw) // st + 1
    fused = var("nn_ff_fused", n * f)
    yy, rc, ry = var("yy", lo), var("rc", c), var("ry", kw)
    nn = None if n == 1 else f"({fused} / {f})"
    ff = fused if n == 1 else (None if f == 1 else f"({fused} % {f})")
    out = f"conv1d_ncw[{affine((fused, lo), (yy, 1))}]"
    init = f"conv1d_ncw[{affine((fused, lo), (var('yy_init', lo), 1))}] = {flt(0.0)};"
    x = f"placeholder[{affine((nn, c * l), (rc, l), (yy, st), (ry, 1))}]"
    w = f"placeholder1[{affine((ff, c * kw), (rc, kw), (ry, 1))}]"
    body = loop("nn_ff_fused", n * f, loop("yy_init", lo, [init]) + loop(
        "rc", c, loop("ry", kw, loop("yy", lo, [f"{out} = ({out} + ({x} * {w}));"]))))
    source = tvm_function("tvmgen_default_fused_nn_conv1d", "float* placeholder, float* placeholder1, float* conv1d_ncw",
                          body, f"conv1d_ncw[{n}, {f}, {lo}] = conv1d(placeholder[{n}, {c}, {l}], placeholder1[{f}, {c}, {kw}], "
                                f"strides={st}, padding=0) (TVM C codegen)")
    return {"source": source, "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
