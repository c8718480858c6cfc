"""conv2d (NCHW, valid, strided): compiler-generated style (TVM's C host codegen of topi conv2d_nchw,
unpacked API), fixed-size: n, f and output row fused into `nn_ff_fused_yy_fused`, constant-folded
index arithmetic, the reduction kept in a one-element local accumulator (`conv2d_nchw_local`, TVM's
cache_write) that is stored once per output pixel."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _c_common import affine, flt, loop, tvm_function, var  # noqa: E402


def render(shape):
    n, h, w, c, f, kh, kw, st = (shape[k] for k in ("n", "h", "w", "c", "f", "kh", "kw", "stride"))
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    ext = n * f * ho
    fused = var("nn_ff_fused_yy_fused", ext)

    def part(div, mod):
        """(fused / div) % mod with the trivial pieces folded, as TVM's simplifier leaves it."""
        if fused is None or mod == 1:
            return None
        e = fused if div == 1 else f"({fused} / {div})"
        return e if div * mod == ext else f"({e} % {mod})"

    nn, ff, yy = part(f * ho, n), part(ho, f), part(1, ho)
    xx, rc, ry, rx = var("xx", wo), var("rc", c), var("ry", kh), var("rx", kw)
    acc = "conv2d_nchw_local[0]"
    x = f"placeholder[{affine((nn, c * h * w), (rc, h * w), (yy, st * w), (ry, w), (xx, st), (rx, 1))}]"
    wt = f"placeholder1[{affine((ff, c * kh * kw), (rc, kh * kw), (ry, kw), (rx, 1))}]"
    inner = [f"{acc} = {flt(0.0)};"] + loop("rc", c, loop("ry", kh, loop("rx", kw, [f"{acc} = ({acc} + ({x} * {wt}));"])))
    inner += [f"conv2d_nchw[{affine((fused, wo), (xx, 1))}] = {acc};"]
    body = ["float conv2d_nchw_local[1];"] + loop("nn_ff_fused_yy_fused", ext, loop("xx", wo, inner))
    source = tvm_function("default_function", "float* placeholder, float* placeholder1, float* conv2d_nchw", body,
                          f"conv2d_nchw[{n}, {f}, {ho}, {wo}] = conv2d(placeholder[{n}, {c}, {h}, {w}], "
                          f"placeholder1[{f}, {c}, {kh}, {kw}], strides={st}, padding=0) (TVM C codegen)")
    return {"source": source, "entry": "default_function", "args": ["x", "weight", "y"],
            "style": "compiler-generated (TVM C codegen)", "parametric": False}
