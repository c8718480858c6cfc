"""conv2d_nchw (valid, strided): compiler-generated style (TVM direct-convolution schedule, ROCm
target), fixed-size. blockIdx.x x threadIdx.x bind the fused (nn, yy, xx) output pixels, blockIdx.y
an outer split of the filters; each thread keeps `compute_local[ff_c]` for FF filters. The reduction
axis rc is split into rc_outer x rc_inner, and the weight slice for (FF filters, rc_inner, ry, rx)
is cached in `placeholder_shared` by a cooperative fused load between two barriers. All extents,
strides and divisors are constant-folded."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _hip_tvm import add, indent, largest_divisor, mul  # noqa: E402


def render(s):
    n, c, h, w, f, kh, kw, st = s["n"], s["c"], s["h"], s["w"], s["f"], s["kh"], s["kw"], s["stride"]
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    hwo, pixels = ho * wo, n * ho * wo
    threads = 64 if pixels >= 64 else pixels
    bx = (pixels + threads - 1) // threads
    ff = largest_divisor(f, 8)
    by = f // ff
    rcc = largest_divisor(c, 8)
    rc_outer = c // rcc
    red = rcc * kh * kw                       # weights of one filter per rc_outer step
    shared = ff * red
    load_outer = (shared + threads - 1) // threads

    tx, bxs, bys = "((int)threadIdx.x)", "((int)blockIdx.x)", "((int)blockIdx.y)"
    pix = add(mul(bxs, threads) if bx > 1 else None, tx)
    nn = f"({pix} / {hwo})" if n > 1 else None
    yy = f"(({pix} % {hwo}) / {wo})" if ho > 1 else None
    xx = f"({pix} % {wo})" if wo > 1 else None
    if n == 1 and ho > 1:
        yy = f"({pix} / {wo})"
    rco = "rc_outer" if rc_outer > 1 else None
    x_idx = add(mul(nn, c * h * w) if nn else None, mul(rco, rcc * h * w) if rco else None,
                mul("rc_inner", h * w) if rcc > 1 else None, mul(yy, st * w) if yy else None,
                mul("ry", w) if kh > 1 else None, mul(xx, st) if xx else None, "rx" if kw > 1 else None)
    w_sh = add(mul("ff_c", red) if ff > 1 else None, mul("rc_inner", kh * kw) if rcc > 1 else None,
               mul("ry", kw) if kh > 1 else None, "rx" if kw > 1 else None)
    j = add(mul("ax0_ax1_fused_ax2_fused_ax3_fused_outer", threads) if load_outer > 1 else None, tx)
    w_gl = add(mul(bys, ff * c * kh * kw) if by > 1 else None, mul(f"({j} / {red})", c * kh * kw) if ff > 1 else None,
               mul(rco, red) if rco else None, f"({j} % {red})" if ff > 1 else j)
    out_idx = add(mul(nn, f * hwo) if nn else None, mul(bys, ff * hwo) if by > 1 else None,
                  mul("ff_inner", hwo) if ff > 1 else None, f"({pix} % {hwo})" if n > 1 else pix)
    guard_pix = pixels % threads != 0

    load = [f"placeholder_shared[{j}] = placeholder_1[{w_gl}];"]
    if shared % threads:
        load = [f"if ({j} < {shared}) {{"] + ["  " + ln for ln in load] + ["}"]
    if load_outer > 1:
        load = [f"for (int ax0_ax1_fused_ax2_fused_ax3_fused_outer = 0; ax0_ax1_fused_ax2_fused_ax3_fused_outer < "
                f"{load_outer}; ++ax0_ax1_fused_ax2_fused_ax3_fused_outer) {{"] + ["  " + ln for ln in load] + ["}"]
    acc = [f"compute_local[{'ff_c' if ff > 1 else '0'}] = (compute_local[{'ff_c' if ff > 1 else '0'}] + "
           f"(placeholder[{x_idx}] * placeholder_shared[{w_sh}]));"]
    if ff > 1:
        acc = [f"for (int ff_c = 0; ff_c < {ff}; ++ff_c) {{"] + ["  " + ln for ln in acc] + ["}"]
    for var, ext in (("rx", kw), ("ry", kh), ("rc_inner", rcc)):
        if ext > 1:
            acc = [f"for (int {var} = 0; {var} < {ext}; ++{var}) {{"] + ["  " + ln for ln in acc] + ["}"]
    if guard_pix:
        acc = [f"if ({pix} < {pixels}) {{"] + ["  " + ln for ln in acc] + ["}"]
    body = ["__syncthreads();"] + load + ["__syncthreads();"] + acc
    if rc_outer > 1:
        body = [f"for (int rc_outer = 0; rc_outer < {rc_outer}; ++rc_outer) {{"] + ["  " + ln for ln in body] + ["}"]
    init = ([f"for (int ff_c_init = 0; ff_c_init < {ff}; ++ff_c_init) {{", "  compute_local[ff_c_init] = 0.000000e+00f;", "}"]
            if ff > 1 else ["compute_local[0] = 0.000000e+00f;"])
    store = [f"compute[{out_idx}] = compute_local[{'ff_inner' if ff > 1 else '0'}];"]
    if ff > 1:
        store = [f"for (int ff_inner = 0; ff_inner < {ff}; ++ff_inner) {{"] + ["  " + ln for ln in store] + ["}"]
    if guard_pix:
        store = [f"if ({pix} < {pixels}) {{"] + ["  " + ln for ln in store] + ["}"]
    lines = [f"float compute_local[{ff}];", f"__shared__ float placeholder_shared[{shared}];"] + init + body + store
    code = indent(lines)
    source = f'''
#include <hip/hip_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {{
{code}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "weight", "y"],
            "launch": {"grid": [bx, by, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): direct conv, shared weight cache, rfactor'ed local accumulators, constant sizes",
            "parametric": False}
