"""conv2d NCHW (weights [F, C, KH, KW], valid padding): TVM-generated style, fixed-size per shape.

The schedule TVM's conv2d_nchw template produces in its simple form: blockIdx.z = batch,
blockIdx.y = output-channel chunk (ff_outer), blockIdx.x x threadIdx.x = flattened output pixels;
every thread keeps `compute_local[FT]` accumulators, the weight slice of the current rc_outer chunk
is cooperatively staged in `placeholder_shared`, and all index arithmetic is constant-folded into
one flattened expression (`/` and `%` by the output width)."""


def _largest_divisor(v, cap):
    return max(d for d in range(1, min(v, cap) + 1) if v % d == 0)


def _sum(terms):
    terms = [t for t in terms if t]
    if not terms:
        return "0"
    expr = terms[0]
    for t in terms[1:]:
        expr = f"({expr} + {t})"
    return expr


def render(s):
    N, C, H, W, F, KH, KW, st = s["n"], s["c"], s["h"], s["w"], s["f"], s["kh"], s["kw"], s["stride"]
    Ho, Wo = (H - KH) // st + 1, (W - KW) // st + 1
    HW = Ho * Wo
    RC = _largest_divisor(C, 16)
    FT = _largest_divisor(F, 8)
    TS = 64 if HW >= 64 else max(32, 1 << (HW - 1).bit_length())
    bx = (HW + TS - 1) // TS
    rc_outer = C // RC
    wslice = FT * RC * KH * KW            # weights staged per rc_outer step
    ld_outer = (wslice + TS - 1) // TS

    pix = _sum([f"(((int)blockIdx.x) * {TS})" if bx > 1 else "", "((int)threadIdx.x)"])
    oh = f"({pix} / {Wo})" if Wo > 1 else pix
    ow = f"({pix} % {Wo})" if Wo > 1 else ""
    in_idx = _sum([f"(((int)blockIdx.z) * {C * H * W})" if N > 1 else "",
                   f"(rc_outer * {RC * H * W})" if rc_outer > 1 else "",
                   f"(rc_inner * {H * W})" if RC > 1 else "",
                   f"({oh} * {st * W})" if Ho > 1 else "",
                   f"(ry * {W})" if KH > 1 else "",
                   (f"({ow} * {st})" if st > 1 else ow) if Wo > 1 else "",
                   "rx" if KW > 1 else ""])
    w_idx = _sum([f"(ff_c * {RC * KH * KW})" if FT > 1 else "", f"(rc_inner * {KH * KW})" if RC > 1 else "",
                  f"(ry * {KW})" if KH > 1 else "", "rx" if KW > 1 else ""])
    ld_pos = _sum([f"(ax0_ax1_fused_ax2_fused_ax3_fused_outer * {TS})" if ld_outer > 1 else "", "((int)threadIdx.x)"])
    ld_src = _sum([f"(((int)blockIdx.y) * {FT * C * KH * KW})" if F // FT > 1 else "",
                   f"(({ld_pos} / {RC * KH * KW}) * {C * KH * KW})" if FT > 1 else "",
                   f"(rc_outer * {RC * KH * KW})" if rc_outer > 1 else "",
                   f"({ld_pos} % {RC * KH * KW})" if FT > 1 else ld_pos])
    out_idx = _sum([f"(((int)blockIdx.z) * {F * HW})" if N > 1 else "",
                    f"(((int)blockIdx.y) * {FT * HW})" if F // FT > 1 else "",
                    f"(ff_inner_inner_inner * {HW})" if FT > 1 else "", pix])

    def loop(var, extent, body):
        inner = "\n".join("  " + ln for ln in body.split("\n"))
        return f"for (int {var} = 0; {var} < {extent}; ++{var}) {{\n{inner}\n}}"

    # the cooperative weight load
    ld = f"placeholder_shared[{ld_pos}] = placeholder_1[{ld_src}];"
    if ld_outer * TS != wslice:
        ld = f"if ({ld_pos} < {wslice}) {{\n  {ld}\n}}"
    ld = loop("ax0_ax1_fused_ax2_fused_ax3_fused_outer", ld_outer, ld) if ld_outer > 1 else ld

    fma = f"compute_local[ff_c] = (compute_local[ff_c] + (placeholder[{in_idx}] * placeholder_shared[{w_idx}]));"
    body = fma if FT > 1 else fma.replace("compute_local[ff_c]", "compute_local[0]")
    if FT > 1:
        body = loop("ff_c", FT, body)
    body = loop("rx", KW, body) if KW > 1 else body
    body = loop("ry", KH, body) if KH > 1 else body
    body = loop("rc_inner", RC, body) if RC > 1 else body
    if bx * TS != HW:
        body = f"if ({pix} < {HW}) {{\n" + "\n".join("  " + ln for ln in body.split("\n")) + "\n}"
    step = "__syncthreads();\n" + ld + "\n__syncthreads();\n" + body
    main = loop("rc_outer", rc_outer, step) if rc_outer > 1 else step

    store = f"compute[{out_idx}] = compute_local[ff_inner_inner_inner];" if FT > 1 else f"compute[{out_idx}] = compute_local[0];"
    if bx * TS != HW:
        store = f"if ({pix} < {HW}) {{\n  {store}\n}}"
    if FT > 1:
        store = loop("ff_inner_inner_inner", FT, store)
    init = (f"for (int ff_c_init = 0; ff_c_init < {FT}; ++ff_c_init) {{\n  compute_local[ff_c_init] = 0.000000e+00f;\n}}"
            if FT > 1 else "compute_local[0] = 0.000000e+00f;")

    def indent(code):
        return "\n".join("  " + ln for ln in code.split("\n"))

    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({TS}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_1, float* __restrict__ compute) {{
  float compute_local[{FT}];
  __shared__ float placeholder_shared[{wslice}];
{indent(init)}
{indent(main)}
{indent(store)}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "weight", "y"],
            "launch": {"grid": [bx, F // FT, N], "block": [TS, 1, 1]},
            "style": "compiler-generated (TVM): conv2d_nchw with shared weight slice, local accumulators, constant-folded indices",
            "parametric": False}
