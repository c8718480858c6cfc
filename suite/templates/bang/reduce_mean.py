"""reduce_mean over the last axis of [m, n]: compiler-generated style, fixed size (one file per shape).

The schedule: rows tiled by ceil(m / 16) per Union1 task (the last busy task takes the remaining
rows), one 2-D __memcpy gathers a task's rows into 128-byte padded NRAM rows (zeroed pad lanes),
__bang_sumpool + __bang_reduce_sum produce the row sums in lane 0 of each 128-byte block, a
constant-folded 1/n scales them and a strided 2-D __memcpy writes the means. Sizes, byte counts and
strides are literals; pointers and built-ins are cast."""

TASKS = 16


def _pad(v, a=32):
    return (v + a - 1) // a * a


def _flt(v):
    return "%.8ef" % v


def render(shape):
    m, n = shape["m"], shape["n"]
    npad = _pad(n)
    rpt = (m + TASKS - 1) // TASKS
    full = m // rpt
    tail = m - full * rpt

    def block(rows, first_row, indent):
        """first_row: an int (a folded constant) or the task's first row, ((int)taskId) * rpt."""
        if isinstance(first_row, int):
            x_off, row_expr = str(first_row * n), str(first_row)
        else:
            x_off = f"((int)taskId) * {rpt * n}"
            row_expr = f"((int)taskId) * {rpt}" if rpt > 1 else "((int)taskId)"
        lines = []
        if npad != n:
            lines.append(f"__bang_write_zero(((float *)x_local_nram + (0)), {rows * npad});")
        if rows > 1:
            lines.append(f"__memcpy(((float *)x_local_nram + (0)), ((float *)x + ({x_off})), {n * 4}, GDRAM2NRAM, "
                         f"{npad * 4}, {n * 4}, {rows - 1});")
        else:
            lines.append(f"__memcpy(((float *)x_local_nram + (0)), ((float *)x + ({x_off})), {n * 4}, GDRAM2NRAM);")
        lines += [
            f"__bang_sumpool(((float *)x_red_local_nram + (0)), ((float *)x_local_nram + (0)), 32, {rows}, "
            f"{npad // 32}, 1, {npad // 32}, 1, 1);",
            f"__bang_reduce_sum(((float *)x_red_local_nram + (0)), ((float *)x_red_local_nram + (0)), {rows * 32});",
            f"__bang_mul_scalar(((float *)x_red_local_nram + (0)), ((float *)x_red_local_nram + (0)), "
            f"{_flt(1.0 / n)}, {rows * 32});",
        ]
        if rows > 1:
            lines.append(f"__memcpy(((float *)out + ({row_expr})), ((float *)x_red_local_nram + (0)), 4, NRAM2GDRAM, "
                         f"4, 128, {rows - 1});")
        else:
            lines.append(f"__memcpy(((float *)out + ({row_expr})), ((float *)x_red_local_nram + (0)), 4, NRAM2GDRAM);")
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

extern "C" __mlu_global__ void reduce_mean_kernel0(float* __restrict__ x, float* __restrict__ out) {{
  __nram__ float x_local_nram[{rpt * npad}];
  __nram__ float x_red_local_nram[{rpt * 32}];
''' + "\n".join(body) + "\n}\n"
    return {"source": source, "entry": "reduce_mean_kernel0", "args": ["x", "out"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: row tiles per task, constant-folded sizes/strides, casts, function-scope NRAM",
            "parametric": False}
