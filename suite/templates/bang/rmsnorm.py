"""rmsnorm over the last axis of [m, n] (eps 1e-5): compiler-generated style, fixed size.

The schedule: ceil(m / 16) rows per Union1 task (the last busy task takes the remaining rows), rows
gathered by a 2-D __memcpy into 128-byte padded NRAM rows (zeroed pad lanes), squares reduced by
__bang_sumpool + __bang_reduce_sum, the row sums gathered by a strided NRAM2NRAM __memcpy, then
mean + eps and __bang_rsqrt on the gathered vector, a per-row scaling loop and gamma broadcast with
__bang_cycle_mul. All sizes, strides and 1/n constant-folded; pointers and built-ins cast."""

TASKS = 16


def _pad(v, a=32):
    return (v + a - 1) // a * a


def render(shape):
    m, n = shape["m"], shape["n"]
    npad = _pad(n)
    rpt = (m + TASKS - 1) // TASKS
    full = m // rpt
    tail = m - full * rpt
    X, SQ, RED, RS, G = ("((float *)x_local_nram + (0))", "((float *)x_sq_local_nram + (0))",
                         "((float *)x_red_local_nram + (0))", "((float *)rstd_local_nram + (0))",
                         "((float *)gamma_local_nram + (0))")

    def block(rows, first_row, indent):
        if isinstance(first_row, int):
            off = str(first_row * n)
        else:
            off = f"((int)taskId) * {rpt * n}"
        rpad = _pad(rows)
        lines = [f"__memcpy({G}, ((float *)gamma + (0)), {n * 4}, GDRAM2NRAM);"]
        if npad != n:
            lines.append(f"__bang_write_zero({X}, {rows * npad});")
        if rows > 1:
            lines.append(f"__memcpy({X}, ((float *)x + ({off})), {n * 4}, GDRAM2NRAM, {npad * 4}, {n * 4}, {rows - 1});")
        else:
            lines.append(f"__memcpy({X}, ((float *)x + ({off})), {n * 4}, GDRAM2NRAM);")
        lines += [
            f"__bang_mul({SQ}, {X}, {X}, {rows * npad});",
            f"__bang_sumpool({RED}, {SQ}, 32, {rows}, {npad // 32}, 1, {npad // 32}, 1, 1);",
            f"__bang_reduce_sum({RED}, {RED}, {rows * 32});",
        ]
        if rows > 1:
            lines.append(f"__memcpy({RS}, {RED}, 4, NRAM2NRAM, 4, 128, {rows - 1});")
        else:
            lines.append(f"__memcpy({RS}, {RED}, 4, NRAM2NRAM);")
        lines += [
            f"__bang_mul_scalar({RS}, {RS}, {'%.8ef' % (1.0 / n)}, {rpad});",
            f"__bang_add_scalar({RS}, {RS}, 1.00000000e-05f, {rpad});",
            f"__bang_rsqrt({RS}, {RS}, {rpad});",
        ]
        if rows > 1:
            lines += [f"for (int i0_inner = 0; i0_inner < {rows}; ++i0_inner) {{",
                      f"  __bang_mul_scalar(((float *)x_local_nram + (i0_inner * {npad})), "
                      f"((float *)x_local_nram + (i0_inner * {npad})), ((float *)rstd_local_nram)[i0_inner], {npad});",
                      "}"]
        else:
            lines.append(f"__bang_mul_scalar({X}, {X}, ((float *)rstd_local_nram)[0], {npad});")
        lines.append(f"__bang_cycle_mul({X}, {X}, {G}, {rows * npad}, {npad});")
        if rows > 1:
            lines.append(f"__memcpy(((float *)y + ({off})), {X}, {n * 4}, NRAM2GDRAM, {n * 4}, {npad * 4}, {rows - 1});")
        else:
            lines.append(f"__memcpy(((float *)y + ({off})), {X}, {n * 4}, NRAM2GDRAM);")
        return [indent + ln for ln in lines]

    body = []
    if full == TASKS:
        body += block(rpt, "task", "  ")
    elif full:
        body.append(f"  if (((int)taskId) < {full}) {{")
        body += block(rpt, "task", "    ")
        body.append("  }")
    if tail:
        body.append(f"  if (((int)taskId) == {full}) {{")
        body += block(tail, full * rpt, "    ")
        body.append("  }")
    source = f'''
#include <bang.h>

extern "C" __mlu_global__ void rmsnorm_kernel0(float* __restrict__ x, float* __restrict__ gamma, float* __restrict__ y) {{
  __nram__ float x_local_nram[{rpt * npad}];
  __nram__ float x_sq_local_nram[{rpt * npad}];
  __nram__ float x_red_local_nram[{rpt * 32}];
  __nram__ float rstd_local_nram[{_pad(rpt)}];
  __nram__ float gamma_local_nram[{npad}];
''' + "\n".join(body) + "\n}\n"
    return {"source": source, "entry": "rmsnorm_kernel0", "args": ["x", "gamma", "y"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: row tiles per task, constant-folded sizes/strides, casts, function-scope NRAM",
            "parametric": False}
