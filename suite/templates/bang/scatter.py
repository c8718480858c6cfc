"""scatter out[idx[i]] = src[i] (unique int32 idx, out is in/out): compiler-generated style BANG C, fixed-size.

Row blocks of src are bound to taskId by a fused loop with a constant trip count: the block's rows
and its int32 indices come into NRAM with one contiguous __memcpy each, then every row is written to
its destination row of `out` with its own NRAM2GDRAM __memcpy (the index read as a scalar from NRAM).
Rows not named by idx are never touched, so they keep their input values. Sizes and byte counts are
constant-folded."""

TASKS = 16
NRAM_FLOATS = 98304


def render(s):
    v, d, m = s["v"], s["d"], s["m"]
    rb = max(1, min(-(-m // TASKS), (NRAM_FLOATS - 1024) // d, 1024))
    blocks = -(-m // rb)
    outer = -(-blocks // TASKS)
    last = m - (blocks - 1) * rb
    L = []
    w = L.append
    w("#include <bang.h>")
    w("")
    w(f"__nram__ int idx_local[{rb}];")
    w(f"__nram__ float src_local[{rb * d}];")
    w("")
    w('extern "C" __mlu_global__ void scatter_kernel0(float* __restrict__ src, int* __restrict__ idx, '
      'float* __restrict__ out) {')
    w(f"  for (int i_outer_outer = 0; i_outer_outer < {outer}; ++i_outer_outer) {{")
    blk = f"((i_outer_outer * {TASKS}) + ((int)taskId))"
    ind = "    "
    if blocks % TASKS:
        w(f"    if ({blk} < {blocks}) {{")
        ind = "      "
    ext = f"(({blk} == {blocks - 1}) ? {last} : {rb})" if last != rb else str(rb)
    w(f"{ind}int i_inner_ext = {ext};")
    w(f"{ind}__memcpy(((int *)idx_local), ((int *)idx + ({blk} * {rb})), (i_inner_ext * 4), GDRAM2NRAM);")
    w(f"{ind}__memcpy(((float *)src_local), ((float *)src + ({blk} * {rb * d})), (i_inner_ext * {d * 4}), "
      f"GDRAM2NRAM);")
    w(f"{ind}for (int i_inner = 0; i_inner < i_inner_ext; ++i_inner) {{")
    w(f"{ind}  __memcpy(((float *)out + (((int *)idx_local)[i_inner] * {d})), ((float *)src_local + (i_inner * {d})), "
      f"{d * 4}, NRAM2GDRAM);")
    w(f"{ind}}}")
    if blocks % TASKS:
        w("    }")
    w("  }")
    w("}")
    return {"source": "\n".join(L) + "\n", "entry": "scatter_kernel0", "args": ["src", "idx", "out"],
            "dtypes": {"idx": "int32"}, "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: fused row-block loop bound to taskId, per-row NRAM2GDRAM scatter, "
                     "constant-folded sizes",
            "parametric": False}
