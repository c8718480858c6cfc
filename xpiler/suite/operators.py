"""The 36 suite operators: logical tensors, shapes, input distributions and float64 NumPy references.

References are written independently of any kernel, in plain NumPy on float64 (int64 for integer
data). Every kernel file of the suite names one operator and maps its parameters to the tensors
and shape parameters defined here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

Shape = dict


@dataclass
class TensorSpec:
    name: str
    dims: Callable[[Shape], tuple]
    role: str = "in"                 # in | out | inout
    dist: str = "normal"             # normal | uniform:lo:hi | positive | nonzero | index:<shape key> | unique_index:<key>
    scale: float = 1.0


@dataclass
class Operator:
    name: str
    category: str
    tensors: list[TensorSpec]
    reference: Callable[[dict, Shape], dict]
    shapes: list[Shape]
    reduce_length: Callable[[Shape], int] = lambda s: 1
    description: str = ""

    def tensor(self, name: str) -> TensorSpec:
        return next(t for t in self.tensors if t.name == name)

    @property
    def outputs(self) -> list[str]:
        return [t.name for t in self.tensors if t.role in ("out", "inout")]


def make_input(rng: np.random.Generator, spec: TensorSpec, shape: Shape, dtype: str) -> np.ndarray:
    dims = tuple(int(d) for d in spec.dims(shape))
    size = int(np.prod(dims)) if dims else 1
    kind, _, arg = spec.dist.partition(":")
    if kind in ("index", "unique_index"):
        bound = int(shape[arg])
        if kind == "unique_index":
            vals = rng.permutation(bound)[:size]
        else:
            vals = rng.integers(0, bound, size)
        return vals.reshape(dims).astype(dtype)
    if dtype in ("int8", "uint8", "int16", "int32"):
        info = np.iinfo(dtype)
        lo, hi = (max(info.min, -128), min(info.max, 127)) if dtype != "uint8" else (0, 255)
        if dtype == "int16":
            lo, hi = -1000, 1000
        return rng.integers(lo, hi + 1, size).reshape(dims).astype(dtype)
    if kind == "normal":
        vals = rng.standard_normal(size) * spec.scale
    elif kind == "uniform":
        lo, hi = (float(v) for v in arg.split(":"))
        vals = rng.uniform(lo, hi, size)
    elif kind == "positive":
        vals = rng.uniform(0.5, 2.0, size) * spec.scale
    elif kind == "nonzero":
        vals = rng.standard_normal(size)
        vals = np.where(np.abs(vals) < 1e-2, np.sign(vals + 1e-9) * (0.01 + np.abs(vals)), vals) * spec.scale
    else:
        raise ValueError(f"unknown distribution {spec.dist}")
    return vals.reshape(dims).astype("float32" if dtype == "bfloat16" else dtype)


def case_inputs(op: "Operator", shape: Shape, dtype_of: Callable[[str], str], rng: np.random.Generator) -> dict:
    """Inputs of one case drawn from the spec, and outputs poisoned (NaN, or -7 for integer data) so that
    unwritten elements are caught. `dtype_of(tensor)` gives the kernel's element type."""
    values = {}
    for t in op.tensors:
        dtype = dtype_of(t.name)
        if t.role == "out":
            values[t.name] = np.full(tuple(t.dims(shape)), np.nan if "float" in dtype else -7,
                                     dtype="float32" if dtype == "bfloat16" else dtype)
        else:
            values[t.name] = make_input(rng, t, shape, dtype)
    return values


# ------------------------------------------------------------------ helpers
def _softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _attention(q, k, v):
    d = q.shape[-1]
    s = np.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(d)
    return np.einsum("bhqk,bhkd->bhqd", _softmax(s), v)


def _pool(x, s, fn):
    n, h, w, c = x.shape
    kh, kw, st = s["kh"], s["kw"], s["stride"]
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    out = np.empty((n, ho, wo, c))
    for i in range(ho):
        for j in range(wo):
            win = x[:, i * st:i * st + kh, j * st:j * st + kw, :]
            out[:, i, j, :] = fn(win.reshape(n, kh * kw, c), axis=1)
    return out


def _pool_dims(s):
    return (s["n"], (s["h"] - s["kh"]) // s["stride"] + 1, (s["w"] - s["kw"]) // s["stride"] + 1, s["c"])


def _conv2d_nhwc(x, w, stride):
    # x [N,H,W,C], w [F,KH,KW,C] -> [N,Ho,Wo,F]
    n, h, wd, c = x.shape
    f, kh, kw, _ = w.shape
    ho, wo = (h - kh) // stride + 1, (wd - kw) // stride + 1
    out = np.zeros((n, ho, wo, f))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + stride * (ho - 1) + 1:stride, j:j + stride * (wo - 1) + 1:stride, :]
            out += np.einsum("nhwc,fc->nhwf", patch, w[:, i, j, :])
    return out


def _bilinear_sample(value, h, w, x, y):
    """grid_sample(align_corners=False, zero padding) of value [h*w, D] at normalised (x, y) in [0,1]."""
    px, py = x * w - 0.5, y * h - 0.5
    x0, y0 = math.floor(px), math.floor(py)
    out = np.zeros(value.shape[-1])
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            wgt = (1 - abs(px - xi)) * (1 - abs(py - yi))
            if 0 <= xi < w and 0 <= yi < h:
                out += wgt * value[yi * w + xi]
    return out


def _msda(inp, s):
    value, loc, attn = inp["value"], inp["sampling_locations"], inp["attention_weights"]
    b, q, nh, npnt = s["b"], s["q"], s["heads"], s["points"]
    d = s["dim"]
    out = np.zeros((b, q, nh * d))
    starts = np.cumsum([0] + [h * w for h, w in s["levels"]])
    for bi in range(b):
        for qi in range(q):
            for hi in range(nh):
                acc = np.zeros(d)
                for li, (lh, lw) in enumerate(s["levels"]):
                    vl = value[bi, starts[li]:starts[li + 1], hi, :]
                    for pi in range(npnt):
                        x, y = loc[bi, qi, hi, li, pi]
                        acc += attn[bi, qi, hi, li, pi] * _bilinear_sample(vl, lh, lw, x, y)
                out[bi, qi, hi * d:(hi + 1) * d] = acc
    return {"out": out}


def _t(name, dims, role="in", dist="normal", scale=1.0):
    return TensorSpec(name, dims, role, dist, scale)


N1 = lambda s: (s["n"],)                         # noqa: E731
MN = lambda s: (s["m"], s["n"])                  # noqa: E731
M_ = lambda s: (s["m"],)                         # noqa: E731
ELEMWISE_SHAPES = [{"n": 1}, {"n": 1000}, {"n": 4096}, {"n": 50257}, {"n": 65536 + 17}, {"n": 1 << 20}]
REDUCE_SHAPES = [{"m": 1, "n": 7}, {"m": 32, "n": 1000}, {"m": 128, "n": 768}, {"m": 64, "n": 4096},
                 {"m": 3, "n": 50257}, {"m": 257, "n": 129}]
ROW_SHAPES = [{"m": 1, "n": 8}, {"m": 8, "n": 768}, {"m": 16, "n": 4096}, {"m": 100, "n": 1000},
              {"m": 33, "n": 1024}, {"m": 4, "n": 11008}]
POOL_SHAPES = [{"n": 1, "h": 4, "w": 4, "c": 1, "kh": 2, "kw": 2, "stride": 2},
               {"n": 1, "h": 112, "w": 112, "c": 64, "kh": 3, "kw": 3, "stride": 2},
               {"n": 2, "h": 56, "w": 56, "c": 32, "kh": 2, "kw": 2, "stride": 2},
               {"n": 1, "h": 14, "w": 14, "c": 512, "kh": 2, "kw": 2, "stride": 2},
               {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1},
               {"n": 1, "h": 7, "w": 7, "c": 1024, "kh": 7, "kw": 7, "stride": 1}]
ATTN_SHAPES = [{"b": 1, "heads": 1, "seq": 1, "dim": 16}, {"b": 1, "heads": 12, "seq": 64, "dim": 64},
               {"b": 2, "heads": 8, "seq": 128, "dim": 64}, {"b": 1, "heads": 32, "seq": 32, "dim": 128},
               {"b": 1, "heads": 4, "seq": 77, "dim": 64}, {"b": 3, "heads": 2, "seq": 50, "dim": 32}]
GQA_SHAPES = [{"b": 1, "heads": 2, "kv_heads": 1, "seq": 1, "dim": 16},
              {"b": 1, "heads": 32, "kv_heads": 8, "seq": 64, "dim": 128},
              {"b": 2, "heads": 8, "kv_heads": 2, "seq": 96, "dim": 64},
              {"b": 1, "heads": 14, "kv_heads": 2, "seq": 40, "dim": 64},
              {"b": 1, "heads": 6, "kv_heads": 3, "seq": 33, "dim": 32},
              {"b": 2, "heads": 4, "kv_heads": 4, "seq": 17, "dim": 16}]

OPERATORS: list[Operator] = []


def op(*args, **kwargs):
    OPERATORS.append(Operator(*args, **kwargs))


# ------------------------------------------------------------------ element-wise
op("add", "elementwise", [_t("x", N1), _t("y", N1), _t("out", N1, "out")],
   lambda i, s: {"out": i["x"] + i["y"]}, ELEMWISE_SHAPES)
op("sub", "elementwise", [_t("x", N1), _t("y", N1), _t("out", N1, "out")],
   lambda i, s: {"out": i["x"] - i["y"]}, ELEMWISE_SHAPES)
op("sign", "elementwise", [_t("x", N1, dist="nonzero"), _t("out", N1, "out")],
   lambda i, s: {"out": np.sign(i["x"])}, ELEMWISE_SHAPES, description="inputs are never 0 (sign(0) differs by platform)")
op("sin", "elementwise", [_t("x", N1, dist="uniform:-3.14159:3.14159"), _t("out", N1, "out")],
   lambda i, s: {"out": np.sin(i["x"])}, ELEMWISE_SHAPES, description="inputs in [-pi, pi] where fast sin is accurate")

# ------------------------------------------------------------------ reductions (last axis of [m, n])
for _name, _fn in [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min)]:
    op(f"reduce_{_name}", "reduction", [_t("x", MN), _t("out", M_, "out")],
       (lambda f: lambda i, s: {"out": f(i["x"], axis=1)})(_fn), REDUCE_SHAPES,
       reduce_length=lambda s: s["n"])

# ------------------------------------------------------------------ matrix
GEMM_SHAPES = [{"m": 16, "n": 16, "k": 16}, {"m": 64, "n": 768, "k": 768}, {"m": 128, "n": 1024, "k": 256},
               {"m": 32, "n": 4096, "k": 128}, {"m": 50, "n": 130, "k": 70}, {"m": 1, "n": 512, "k": 4096}]
op("gemm", "matrix", [_t("a", lambda s: (s["m"], s["k"])), _t("b", lambda s: (s["k"], s["n"])),
                      _t("c", lambda s: (s["m"], s["n"]), "out")],
   lambda i, s: {"c": i["a"] @ i["b"]}, GEMM_SHAPES, reduce_length=lambda s: s["k"])
op("gemv", "matrix", [_t("a", lambda s: (s["m"], s["k"])), _t("x", lambda s: (s["k"],)),
                      _t("y", lambda s: (s["m"],), "out")],
   lambda i, s: {"y": i["a"] @ i["x"]},
   [{"m": 1, "k": 16}, {"m": 768, "k": 768}, {"m": 4096, "k": 1024}, {"m": 1000, "k": 2048},
    {"m": 33, "k": 97}, {"m": 11008, "k": 256}], reduce_length=lambda s: s["k"])
op("batched_gemm", "matrix", [_t("a", lambda s: (s["batch"], s["m"], s["k"])),
                              _t("b", lambda s: (s["batch"], s["k"], s["n"])),
                              _t("c", lambda s: (s["batch"], s["m"], s["n"]), "out")],
   lambda i, s: {"c": np.matmul(i["a"], i["b"])},
   [{"batch": 1, "m": 16, "n": 16, "k": 16}, {"batch": 12, "m": 64, "n": 64, "k": 64},
    {"batch": 8, "m": 128, "n": 64, "k": 128}, {"batch": 32, "m": 32, "n": 32, "k": 128},
    {"batch": 3, "m": 45, "n": 27, "k": 33}, {"batch": 4, "m": 16, "n": 256, "k": 512}],
   reduce_length=lambda s: s["k"])
op("dense", "matrix", [_t("x", lambda s: (s["m"], s["k"])), _t("weight", lambda s: (s["n"], s["k"])),
                       _t("bias", lambda s: (s["n"],)), _t("y", lambda s: (s["m"], s["n"]), "out")],
   lambda i, s: {"y": i["x"] @ i["weight"].T + i["bias"]},
   [{"m": 1, "n": 16, "k": 16}, {"m": 32, "n": 768, "k": 768}, {"m": 16, "n": 3072, "k": 768},
    {"m": 64, "n": 1000, "k": 512}, {"m": 10, "n": 100, "k": 300}, {"m": 8, "n": 4096, "k": 1024}],
   reduce_length=lambda s: s["k"])

# ------------------------------------------------------------------ convolution
def _conv1d(i, s):
    x, w = i["x"], i["weight"]    # x [N,C,L], weight [F,C,K]
    lo = (s["l"] - s["kw"]) // s["stride"] + 1
    out = np.zeros((s["n"], s["f"], lo))
    for k in range(s["kw"]):
        patch = x[:, :, k:k + s["stride"] * (lo - 1) + 1:s["stride"]]
        out += np.einsum("ncl,fc->nfl", patch, w[:, :, k])
    return {"y": out}


op("conv1d", "convolution",
   [_t("x", lambda s: (s["n"], s["c"], s["l"])), _t("weight", lambda s: (s["f"], s["c"], s["kw"])),
    _t("y", lambda s: (s["n"], s["f"], (s["l"] - s["kw"]) // s["stride"] + 1), "out")],
   _conv1d, [{"n": 1, "c": 1, "l": 8, "f": 1, "kw": 3, "stride": 1}, {"n": 4, "c": 80, "l": 300, "f": 128, "kw": 3, "stride": 1},
             {"n": 1, "c": 256, "l": 1000, "f": 256, "kw": 5, "stride": 2}, {"n": 8, "c": 64, "l": 128, "f": 64, "kw": 7, "stride": 1},
             {"n": 2, "c": 13, "l": 97, "f": 17, "kw": 4, "stride": 3}, {"n": 1, "c": 512, "l": 64, "f": 512, "kw": 3, "stride": 1}],
   reduce_length=lambda s: s["c"] * s["kw"])
_CONV2D_SHAPES = [{"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1},
                  {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1},
                  {"n": 2, "h": 28, "w": 28, "c": 128, "f": 128, "kh": 3, "kw": 3, "stride": 2},
                  {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1},
                  {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1},
                  {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}]
_HO = lambda s: (s["h"] - s["kh"]) // s["stride"] + 1   # noqa: E731
_WO = lambda s: (s["w"] - s["kw"]) // s["stride"] + 1   # noqa: E731
op("conv2d_nhwc", "convolution",
   [_t("x", lambda s: (s["n"], s["h"], s["w"], s["c"])), _t("weight", lambda s: (s["f"], s["kh"], s["kw"], s["c"])),
    _t("y", lambda s: (s["n"], _HO(s), _WO(s), s["f"]), "out")],
   lambda i, s: {"y": _conv2d_nhwc(i["x"], i["weight"], s["stride"])}, _CONV2D_SHAPES,
   reduce_length=lambda s: s["c"] * s["kh"] * s["kw"])
op("conv2d_nchw", "convolution",
   [_t("x", lambda s: (s["n"], s["c"], s["h"], s["w"])), _t("weight", lambda s: (s["f"], s["c"], s["kh"], s["kw"])),
    _t("y", lambda s: (s["n"], s["f"], _HO(s), _WO(s)), "out")],
   lambda i, s: {"y": _conv2d_nhwc(i["x"].transpose(0, 2, 3, 1), i["weight"].transpose(0, 2, 3, 1),
                                   s["stride"]).transpose(0, 3, 1, 2)}, _CONV2D_SHAPES,
   reduce_length=lambda s: s["c"] * s["kh"] * s["kw"])


def _depthwise(i, s):
    x, w = i["x"], i["weight"]    # x [N,H,W,C], weight [KH,KW,C]
    ho, wo, st = _HO(s), _WO(s), s["stride"]
    out = np.zeros((s["n"], ho, wo, s["c"]))
    for a in range(s["kh"]):
        for b in range(s["kw"]):
            out += x[:, a:a + st * (ho - 1) + 1:st, b:b + st * (wo - 1) + 1:st, :] * w[a, b, :]
    return {"y": out}


op("depthwise_conv2d", "convolution",
   [_t("x", lambda s: (s["n"], s["h"], s["w"], s["c"])), _t("weight", lambda s: (s["kh"], s["kw"], s["c"])),
    _t("y", lambda s: (s["n"], _HO(s), _WO(s), s["c"]), "out")],
   _depthwise, [{"n": 1, "h": 4, "w": 4, "c": 1, "kh": 3, "kw": 3, "stride": 1},
                {"n": 1, "h": 112, "w": 112, "c": 32, "kh": 3, "kw": 3, "stride": 1},
                {"n": 2, "h": 56, "w": 56, "c": 144, "kh": 3, "kw": 3, "stride": 2},
                {"n": 1, "h": 14, "w": 14, "c": 576, "kh": 5, "kw": 5, "stride": 1},
                {"n": 1, "h": 7, "w": 7, "c": 960, "kh": 3, "kw": 3, "stride": 1},
                {"n": 3, "h": 15, "w": 17, "c": 5, "kh": 2, "kw": 3, "stride": 2}],
   reduce_length=lambda s: s["kh"] * s["kw"])

# ------------------------------------------------------------------ normalization (eps fixed: 1e-5)
EPS = 1e-5
op("batchnorm", "normalization",
   [_t("x", MN), _t("mean", lambda s: (s["n"],)), _t("var", lambda s: (s["n"],), dist="positive"),
    _t("gamma", lambda s: (s["n"],)), _t("beta", lambda s: (s["n"],)), _t("y", MN, "out")],
   lambda i, s: {"y": (i["x"] - i["mean"]) / np.sqrt(i["var"] + EPS) * i["gamma"] + i["beta"]},
   [{"m": 1, "n": 3}, {"m": 3136, "n": 64}, {"m": 784, "n": 128}, {"m": 49, "n": 2048}, {"m": 1000, "n": 33},
    {"m": 196, "n": 1024}], description="inference batchnorm over the channel (last) axis of [m = N*H*W, n = C]; eps=1e-5")
op("layernorm", "normalization",
   [_t("x", MN), _t("gamma", lambda s: (s["n"],)), _t("beta", lambda s: (s["n"],)), _t("y", MN, "out")],
   lambda i, s: {"y": (i["x"] - i["x"].mean(1, keepdims=True)) / np.sqrt(i["x"].var(1, keepdims=True) + EPS)
                 * i["gamma"] + i["beta"]}, ROW_SHAPES, reduce_length=lambda s: s["n"],
   description="per row of [m, n]; eps=1e-5; biased variance")
op("rmsnorm", "normalization", [_t("x", MN), _t("gamma", lambda s: (s["n"],)), _t("y", MN, "out")],
   lambda i, s: {"y": i["x"] / np.sqrt((i["x"] ** 2).mean(1, keepdims=True) + EPS) * i["gamma"]}, ROW_SHAPES,
   reduce_length=lambda s: s["n"], description="per row of [m, n]; eps=1e-5")
op("instancenorm", "normalization",
   [_t("x", lambda s: (s["n"], s["c"], s["hw"])), _t("gamma", lambda s: (s["c"],)), _t("beta", lambda s: (s["c"],)),
    _t("y", lambda s: (s["n"], s["c"], s["hw"]), "out")],
   lambda i, s: {"y": (i["x"] - i["x"].mean(2, keepdims=True)) / np.sqrt(i["x"].var(2, keepdims=True) + EPS)
                 * i["gamma"][None, :, None] + i["beta"][None, :, None]},
   [{"n": 1, "c": 1, "hw": 4}, {"n": 1, "c": 64, "hw": 3136}, {"n": 2, "c": 128, "hw": 784}, {"n": 4, "c": 32, "hw": 1024},
    {"n": 3, "c": 7, "hw": 999}, {"n": 1, "c": 512, "hw": 49}], reduce_length=lambda s: s["hw"],
   description="x [n, c, h*w]; statistics over h*w per (n, c); eps=1e-5")

# ------------------------------------------------------------------ activation
op("relu", "activation", [_t("x", N1), _t("out", N1, "out")], lambda i, s: {"out": np.maximum(i["x"], 0)},
   ELEMWISE_SHAPES)
op("gelu", "activation", [_t("x", N1, scale=2.0), _t("out", N1, "out")], lambda i, s: {"out": _gelu(i["x"])},
   ELEMWISE_SHAPES, description="tanh approximation: 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3)))")
op("sigmoid", "activation", [_t("x", N1, scale=2.0), _t("out", N1, "out")],
   lambda i, s: {"out": 1 / (1 + np.exp(-i["x"]))}, ELEMWISE_SHAPES)
op("softmax", "activation", [_t("x", MN, scale=3.0), _t("y", MN, "out")], lambda i, s: {"y": _softmax(i["x"])},
   ROW_SHAPES, reduce_length=lambda s: s["n"], description="over the last axis of [m, n]")

# ------------------------------------------------------------------ pooling (NHWC, valid windows)
_POOL_X = _t("x", lambda s: (s["n"], s["h"], s["w"], s["c"]))
for _name, _fn in [("maxpool", np.max), ("avgpool", np.mean), ("minpool", np.min), ("sumpool", np.sum)]:
    op(_name, "pooling", [_POOL_X, _t("y", _pool_dims, "out")],
       (lambda f: lambda i, s: {"y": _pool(i["x"], s, f)})(_fn), POOL_SHAPES,
       reduce_length=lambda s: s["kh"] * s["kw"], description="2-D, NHWC, no padding")

# ------------------------------------------------------------------ layout
op("gather", "layout",
   [_t("table", lambda s: (s["v"], s["d"])), _t("idx", lambda s: (s["m"],), dist="index:v"),
    _t("out", lambda s: (s["m"], s["d"]), "out")],
   lambda i, s: {"out": i["table"][i["idx"].astype(np.int64)]},
   [{"v": 4, "d": 1, "m": 2}, {"v": 32000, "d": 64, "m": 128}, {"v": 50257, "d": 768, "m": 16},
    {"v": 1000, "d": 512, "m": 256}, {"v": 97, "d": 33, "m": 1000}, {"v": 8, "d": 4096, "m": 8}],
   description="embedding lookup: out[i] = table[idx[i]], idx int32")
op("transpose", "layout", [_t("x", MN), _t("y", lambda s: (s["n"], s["m"]), "out")],
   lambda i, s: {"y": i["x"].T}, REDUCE_SHAPES)
op("scatter", "layout",
   [_t("src", lambda s: (s["m"], s["d"])), _t("idx", lambda s: (s["m"],), dist="unique_index:v"),
    _t("out", lambda s: (s["v"], s["d"]), "inout")],
   lambda i, s: {"out": _scatter(i)},
   [{"v": 4, "d": 1, "m": 2}, {"v": 4096, "d": 64, "m": 512}, {"v": 1000, "d": 128, "m": 1000},
    {"v": 32000, "d": 16, "m": 64}, {"v": 97, "d": 33, "m": 50}, {"v": 512, "d": 768, "m": 7}],
   description="out[idx[i]] = src[i] for unique int32 idx; other rows keep their values")


def _scatter(i):
    out = i["out"].copy()
    out[i["idx"].astype(np.int64)] = i["src"]
    return out


op("concat", "layout",
   [_t("x", lambda s: (s["m"], s["n1"])), _t("y", lambda s: (s["m"], s["n2"])),
    _t("out", lambda s: (s["m"], s["n1"] + s["n2"]), "out")],
   lambda i, s: {"out": np.concatenate([i["x"], i["y"]], axis=1)},
   [{"m": 1, "n1": 1, "n2": 1}, {"m": 128, "n1": 768, "n2": 768}, {"m": 64, "n1": 256, "n2": 128},
    {"m": 1000, "n1": 3, "n2": 5}, {"m": 33, "n1": 100, "n2": 1}, {"m": 8, "n1": 4096, "n2": 4096}],
   description="along axis 1 of [m, n1] and [m, n2]")

# ------------------------------------------------------------------ LLM
_QKV = lambda s: (s["b"], s["heads"], s["seq"], s["dim"])   # noqa: E731
op("mha", "llm", [_t("q", _QKV), _t("k", _QKV), _t("v", _QKV), _t("out", _QKV, "out")],
   lambda i, s: {"out": _attention(i["q"], i["k"], i["v"])}, ATTN_SHAPES,
   reduce_length=lambda s: s["seq"] * s["dim"],
   description="softmax(q k^T / sqrt(dim)) v per (batch, head), no mask; [b, heads, seq, dim]")
_KV = lambda s: (s["b"], s["kv_heads"], s["seq"], s["dim"])   # noqa: E731
op("gqa", "llm", [_t("q", _QKV), _t("k", _KV), _t("v", _KV), _t("out", _QKV, "out")],
   lambda i, s: {"out": _attention(i["q"], np.repeat(i["k"], s["heads"] // s["kv_heads"], axis=1),
                                   np.repeat(i["v"], s["heads"] // s["kv_heads"], axis=1))}, GQA_SHAPES,
   reduce_length=lambda s: s["seq"] * s["dim"],
   description="grouped-query attention: query head h uses kv head h / (heads / kv_heads); no mask")
op("swiglu_mlp", "llm",
   [_t("x", lambda s: (s["m"], s["d"])), _t("w_gate", lambda s: (s["f"], s["d"]), scale=0.1),
    _t("w_up", lambda s: (s["f"], s["d"]), scale=0.1), _t("w_down", lambda s: (s["d"], s["f"]), scale=0.1),
    _t("y", lambda s: (s["m"], s["d"]), "out")],
   lambda i, s: {"y": ((lambda g: g / (1 + np.exp(-g)))(i["x"] @ i["w_gate"].T) * (i["x"] @ i["w_up"].T)) @ i["w_down"].T},
   [{"m": 1, "d": 16, "f": 32}, {"m": 8, "d": 512, "f": 1376}, {"m": 16, "d": 768, "f": 2048},
    {"m": 4, "d": 1024, "f": 2816}, {"m": 7, "d": 96, "f": 200}, {"m": 32, "d": 256, "f": 688}],
   reduce_length=lambda s: s["d"] + s["f"],
   description="y = (silu(x Wg^T) * (x Wu^T)) Wd^T; weights [out, in]")
_MSDA_LEVELS = lambda s: sum(h * w for h, w in s["levels"])   # noqa: E731
op("msda", "llm",
   [_t("value", lambda s: (s["b"], _MSDA_LEVELS(s), s["heads"], s["dim"])),
    _t("sampling_locations", lambda s: (s["b"], s["q"], s["heads"], len(s["levels"]), s["points"], 2),
       dist="uniform:-0.05:1.05"),
    _t("attention_weights", lambda s: (s["b"], s["q"], s["heads"], len(s["levels"]), s["points"]), dist="uniform:0:0.25"),
    _t("out", lambda s: (s["b"], s["q"], s["heads"] * s["dim"]), "out")],
   _msda,
   [{"b": 1, "q": 1, "heads": 1, "dim": 4, "points": 1, "levels": [(2, 2)]},
    {"b": 1, "q": 100, "heads": 8, "dim": 32, "points": 4, "levels": [(32, 32), (16, 16), (8, 8), (4, 4)]},
    {"b": 2, "q": 50, "heads": 8, "dim": 32, "points": 4, "levels": [(20, 25), (10, 13), (5, 7), (3, 4)]},
    {"b": 1, "q": 300, "heads": 4, "dim": 16, "points": 2, "levels": [(16, 16), (8, 8)]},
    {"b": 1, "q": 7, "heads": 2, "dim": 8, "points": 3, "levels": [(5, 3), (3, 2), (1, 1)]},
    {"b": 1, "q": 64, "heads": 8, "dim": 32, "points": 4, "levels": [(24, 24), (12, 12), (6, 6), (3, 3)]}],
   reduce_length=lambda s: len(s["levels"]) * s["points"] * 4,
   description="multi-scale deformable attention (Deformable DETR): bilinear sampling, align_corners=False, "
               "zero padding; locations in [0,1] (x, y); value [b, sum(h*w), heads, dim]")

BY_NAME = {o.name: o for o in OPERATORS}
assert len(OPERATORS) == 36, len(OPERATORS)
