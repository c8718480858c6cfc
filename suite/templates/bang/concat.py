"""concat out[m, n1+n2] = [x | y] along axis 1: compiler-generated style BANG C, fixed-size.

Row blocks are bound to taskId by a fused loop with constant trip count. A block of out is
assembled in NRAM by two 2-D __memcpy loads whose destination stride is the output row (n1+n2
floats) — x's rows land at column 0, y's at column n1 — and leaves with one contiguous NRAM2GDRAM
__memcpy. All sizes, strides and byte counts are constant-folded."""

TASKS = 16
NRAM_FLOATS = 98304


def render(s):
    m, n1, n2 = s["m"], s["n1"], s["n2"]
    row = n1 + n2
    rb = max(1, min(-(-m // TASKS), NRAM_FLOATS // row))
    blocks = -(-m // rb)
    outer = -(-blocks // TASKS)
    last = m - (blocks - 1) * rb
    L = []
    w = L.append
    w("#include <bang.h>")
    w("")
    w(f"__nram__ float T_concat_local[{rb * row}];")
    w("")
    w('extern "C" __mlu_global__ void concat_kernel0(float* __restrict__ x, float* __restrict__ y, '
      'float* __restrict__ T_concat) {')
    w(f"  for (int ax0_outer_outer = 0; ax0_outer_outer < {outer}; ++ax0_outer_outer) {{")
    blk = f"((ax0_outer_outer * {TASKS}) + ((int)taskId))"
    ind = "    "
    if blocks % TASKS:
        w(f"    if ({blk} < {blocks}) {{")
        ind = "      "
    ext = f"(({blk} == {blocks - 1}) ? {last} : {rb})" if last != rb else str(rb)
    w(f"{ind}int ax0_inner_ext = {ext};")
    w(f"{ind}__memcpy(((float *)T_concat_local), ((float *)x + ({blk} * {rb * n1})), {n1 * 4}, GDRAM2NRAM, "
      f"{row * 4}, {n1 * 4}, (ax0_inner_ext - 1));")
    w(f"{ind}__memcpy(((float *)T_concat_local + {n1}), ((float *)y + ({blk} * {rb * n2})), {n2 * 4}, GDRAM2NRAM, "
      f"{row * 4}, {n2 * 4}, (ax0_inner_ext - 1));")
    w(f"{ind}__memcpy(((float *)T_concat + ({blk} * {rb * row})), ((float *)T_concat_local), "
      f"(ax0_inner_ext * {row * 4}), NRAM2GDRAM);")
    if blocks % TASKS:
        w("    }")
    w("  }")
    w("}")
    return {"source": "\n".join(L) + "\n", "entry": "concat_kernel0", "args": ["x", "y", "out"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: rows assembled in NRAM by 2-D strided __memcpy loads, one contiguous store, "
                     "constant-folded sizes",
            "parametric": False}
