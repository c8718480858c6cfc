"""batched_gemm c[b] = a[b] @ b[b]: compiler-generated style BANG C, one fixed-size kernel per shape.

Written the way a tensor compiler lowers the loop nest to BANG: the (batch, n-tile) loops fused
into one `b_n_fused` loop bound to taskId with a constant trip count, `((int)taskId)` casts,
pointer arithmetic with every size and byte count constant-folded, on-chip buffers as separate
`__nram__`/`__wram__` arrays sized exactly for the shape. Per (batch, 64-column tile): the B tile is
loaded [K][64] with a strided 2-D __memcpy, transposed (__bang_transpose) to the documented [N][K]
layout, packed with __bang_reshape_filter and copied to WRAM; A rows go to NRAM (K zero-padded to
64 bytes where needed), __bang_matmul writes the [M][64] tile, and the valid columns are stored."""

TASKS = 16


def _pad(v, a):
    return (v + a - 1) // a * a


def render(s):
    bt, m, n, k = s["batch"], s["m"], s["n"], s["k"]
    kp = _pad(k, 16)
    n_tiles = (n + 63) // 64
    items = bt * n_tiles
    outer = (items + TASKS - 1) // TASKS
    ragged_n = n % 64 != 0
    lines = []
    w = lines.append
    w("#include <bang.h>")
    w("")
    w(f"__nram__ float A_local[{m * kp}];")
    w(f"__nram__ float B_local[{kp * 64}];")
    w(f"__nram__ float B_local_T[{64 * kp}];")
    w(f"__nram__ float C_local[{m * 64}];")
    w(f"__wram__ float B_wram[{64 * kp}];")
    w("")
    w('extern "C" __mlu_global__ void batched_gemm_kernel0(float* __restrict__ A, float* __restrict__ B, '
      'float* __restrict__ C) {')
    w(f"  for (int b_n_fused_outer = 0; b_n_fused_outer < {outer}; ++b_n_fused_outer) {{")
    guard = items % TASKS != 0 or items < TASKS
    ind = "    "
    if guard:
        w(f"    if (((b_n_fused_outer * {TASKS}) + ((int)taskId)) < {items}) {{")
        ind = "      "
    item = f"((b_n_fused_outer * {TASKS}) + ((int)taskId))"

    def at(base, b_stride):
        off = f"({b_idx} * {b_stride})"
        return f"((float *){base} + ({off} + {n0}))" if n0 != "0" else f"((float *){base} + {off})"
    if n_tiles == 1:
        b_idx, n0 = item, "0"
    else:
        b_idx, n0 = f"({item} / {n_tiles})", f"(({item} % {n_tiles}) * 64)"
    # --- B tile -> WRAM
    if ragged_n or k != kp:
        w(f"{ind}__bang_write_zero(((float *)B_local), {kp * 64});")
    if ragged_n:
        # the last column tile is narrower: its width is a run-time select of two constants
        last = n - (n_tiles - 1) * 64
        cols = f"((({item} % {n_tiles}) == {n_tiles - 1}) ? {last * 4} : 256)" if n_tiles > 1 else f"{last * 4}"
        w(f"{ind}__memcpy(((float *)B_local), {at('B', k * n)}, {cols}, GDRAM2NRAM, "
          f"256, {n * 4}, {k - 1});")
    elif n == 64:
        w(f"{ind}__memcpy(((float *)B_local), ((float *)B + ({b_idx} * {k * n})), {k * 256}, GDRAM2NRAM);")
    else:
        w(f"{ind}__memcpy(((float *)B_local), {at('B', k * n)}, 256, GDRAM2NRAM, "
          f"256, {n * 4}, {k - 1});")
    w(f"{ind}__bang_transpose(((float *)B_local_T), ((float *)B_local), {kp}, 64);")
    w(f"{ind}__bang_reshape_filter(((float *)B_local), ((float *)B_local_T), 64, 1, 1, {kp});")
    w(f"{ind}__memcpy(((float *)B_wram), ((float *)B_local), {64 * kp * 4}, NRAM2WRAM);")
    # --- A rows of this batch
    if k == kp:
        w(f"{ind}__memcpy(((float *)A_local), ((float *)A + ({b_idx} * {m * k})), {m * k * 4}, GDRAM2NRAM);")
    else:
        w(f"{ind}__bang_write_zero(((float *)A_local), {m * kp});")
        w(f"{ind}__memcpy(((float *)A_local), ((float *)A + ({b_idx} * {m * k})), {k * 4}, GDRAM2NRAM, "
          f"{kp * 4}, {k * 4}, {m - 1});")
    w(f"{ind}__bang_matmul(((float *)C_local), ((float *)A_local), ((float *)B_wram), {m}, {kp}, 64);")
    # --- store
    if n == 64:
        w(f"{ind}__memcpy(((float *)C + ({b_idx} * {m * n})), ((float *)C_local), {m * 256}, NRAM2GDRAM);")
    elif ragged_n:
        w(f"{ind}__memcpy({at('C', m * n)}, ((float *)C_local), {cols}, NRAM2GDRAM, "
          f"{n * 4}, 256, {m - 1});")
    else:
        w(f"{ind}__memcpy({at('C', m * n)}, ((float *)C_local), 256, NRAM2GDRAM, "
          f"{n * 4}, 256, {m - 1});")
    if guard:
        w("    }")
    w("  }")
    w("}")
    source = "\n".join(lines) + "\n"
    return {"source": source, "entry": "batched_gemm_kernel0", "args": ["a", "b", "c"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: fused (batch, n-tile) loop bound to taskId, constant-folded sizes, "
                     "__bang_matmul with transposed/reshaped B in WRAM",
            "parametric": False}
