"""minpool, 2-D NHWC, valid windows: compiler-generated style, fixed size (one file per shape).

The schedule: the n * Ho output rows fused into one axis and split evenly over the 16 Union1 tasks
(the last task's share is guarded), one output row per inner iteration: a __memcpy of the kh input
rows it reads (contiguous in NHWC), __bang_minpool (stride in width, then height), and a __memcpy of
the row. Index arithmetic constant-folded; pointers and built-ins cast; function-scope __nram__."""

TASKS = 16


def render(shape):
    n, h, w, c, kh, kw, st = (shape[k] for k in ("n", "h", "w", "c", "kh", "kw", "stride"))
    ho, wo = (h - kh) // st + 1, (w - kw) // st + 1
    rows = n * ho
    per = (rows + TASKS - 1) // TASKS
    in_floats, out_floats = kh * w * c, wo * c
    idx = f"((((int)taskId) * {per}) + nn_oh_fused_inner)" if per > 1 else "((int)taskId)"
    if n > 1:
        x_off = f"((({idx} / {ho}) * {h * w * c}) + (({idx} % {ho}) * {st * w * c}))"
        y_off = f"({idx} * {out_floats})"
    else:
        x_off = f"({idx} * {st * w * c})" if ho > 1 else "(0)"
        y_off = f"({idx} * {out_floats})" if ho > 1 else "(0)"
    step = [
        f"__memcpy(((float *)x_local_nram + (0)), ((float *)x + {x_off}), {in_floats * 4}, GDRAM2NRAM);",
        f"__bang_minpool(((float *)y_local_nram + (0)), ((float *)x_local_nram + (0)), {c}, {kh}, {w}, {kh}, {kw}, "
        f"{st}, {st});",
        f"__memcpy(((float *)y + {y_off}), ((float *)y_local_nram + (0)), {out_floats * 4}, NRAM2GDRAM);",
    ]
    guard = per * TASKS != rows
    body = []
    if per > 1:
        body.append(f"  for (int nn_oh_fused_inner = 0; nn_oh_fused_inner < {per}; ++nn_oh_fused_inner) {{")
        ind = "    "
    else:
        ind = "  "
    if guard:
        body.append(f"{ind}if ({idx} < {rows}) {{")
        body += [ind + "  " + ln for ln in step]
        body.append(f"{ind}}}")
    else:
        body += [ind + ln for ln in step]
    if per > 1:
        body.append("  }")
    source = f'''
#include <bang.h>

extern "C" __mlu_global__ void minpool_kernel0(float* __restrict__ x, float* __restrict__ y) {{
  __nram__ float x_local_nram[{in_floats}];
  __nram__ float y_local_nram[{out_floats}];
''' + "\n".join(body) + "\n}\n"
    return {"source": source, "entry": "minpool_kernel0", "args": ["x", "y"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: fused (n, oh) axis split over tasks, constant-folded offsets, casts",
            "parametric": False}
