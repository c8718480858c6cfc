"""gemv y[m] = a[m,k] x[k] with __bang_mlp: compiler-generated style BANG C, one fixed-size kernel per shape.

The rows of `a` are the [height][width] filter of __bang_mlp: blocks of RB rows (a multiple of the
64 WRAM lanes) are bound round-robin to taskId by a fused `i_outer` loop with a constant trip count;
when a block of rows is too deep for the NRAM staging area, the reduction is split into equal,
64-byte-aligned K slices whose partial products are summed with __bang_add. Each slice goes
GDRAM2NRAM (strided 2-D __memcpy with zero padding where K is ragged), through
__bang_reshape_filter and NRAM2WRAM; x is loaded once per task and zero-padded to the slice grid.
Every size, offset and byte count is constant-folded; the last, shorter row block stores only its
valid rows."""

TASKS = 16
STAGE = 32768           # floats per staging buffer (128 KB)


def _pad(v, a):
    return (v + a - 1) // a * a


def render(s):
    m, k = s["m"], s["k"]
    kp = _pad(k, 16)
    if 64 * kp <= STAGE:
        nsl, ks = 1, kp
        rb = max(64, min(_pad(m, 64), STAGE // kp // 64 * 64, 256))
    else:
        nsl = (64 * kp + STAGE - 1) // STAGE
        ks = _pad((k + nsl - 1) // nsl, 16)
        nsl = (k + ks - 1) // ks
        rb = 64
    kt_last = k - (nsl - 1) * ks
    kt_last_pad = _pad(kt_last, 16)
    x_len = (nsl - 1) * ks + kt_last_pad
    nb = (m + rb - 1) // rb
    tail_rows = m - (nb - 1) * rb
    outer = (nb + TASKS - 1) // TASKS
    guard = nb % TASKS != 0

    L = []
    w = L.append
    w("#include <bang.h>")
    w("")
    w(f"__nram__ float x_local[{x_len}];")
    w(f"__nram__ float A_local[{rb * ks}];")
    w(f"__nram__ float A_local_reshape[{rb * ks}];")
    w(f"__nram__ float y_local[{rb}];")
    if nsl > 1:
        w(f"__nram__ float y_local_rf[{rb}];")
    w(f"__wram__ float A_wram[{rb * ks}];")
    w("")
    w('extern "C" __mlu_global__ void gemv_kernel0(float* __restrict__ A, float* __restrict__ x, '
      'float* __restrict__ y) {')
    if x_len != k:
        w(f"  __bang_write_zero(((float *)x_local + {k // 16 * 16}), {x_len - k // 16 * 16});")
    w(f"  __memcpy(((float *)x_local), ((float *)x), {k * 4}, GDRAM2NRAM);")
    w(f"  for (int i_outer = 0; i_outer < {outer}; ++i_outer) {{")
    blk = f"((i_outer * {TASKS}) + ((int)taskId))"
    ind = "    "
    if guard:
        w(f"    if ({blk} < {nb}) {{")
        ind = "      "
    if tail_rows != rb:
        rows = f"(({blk} == {nb - 1}) ? {tail_rows} : {rb})"
    else:
        rows = str(rb)
    for j in range(nsl):
        k0 = j * ks
        kt = ks if j < nsl - 1 else kt_last
        ktp = ks if j < nsl - 1 else kt_last_pad
        src = f"((float *)A + (({blk} * {rb * k}) + {k0}))" if k0 else f"((float *)A + ({blk} * {rb * k}))"
        if kt != ktp:
            w(f"{ind}__bang_write_zero(((float *)A_local), {rb * ktp});")
        if kt == k == ktp:
            w(f"{ind}__memcpy(((float *)A_local), {src}, ({rows} * {k * 4}), GDRAM2NRAM);")
        else:
            w(f"{ind}__memcpy(((float *)A_local), {src}, {kt * 4}, GDRAM2NRAM, {ktp * 4}, {k * 4}, ({rows} - 1));")
        w(f"{ind}__bang_reshape_filter(((float *)A_local_reshape), ((float *)A_local), {rb}, 1, 1, {ktp});")
        w(f"{ind}__memcpy(((float *)A_wram), ((float *)A_local_reshape), {rb * ktp * 4}, NRAM2WRAM);")
        if j == 0:
            w(f"{ind}__bang_mlp(((float *)y_local), ((float *)x_local), ((float *)A_wram), {rb}, {ktp});")
        else:
            w(f"{ind}__bang_mlp(((float *)y_local_rf), ((float *)x_local + {k0}), ((float *)A_wram), {rb}, {ktp});")
            w(f"{ind}__bang_add(((float *)y_local), ((float *)y_local), ((float *)y_local_rf), {rb});")
    w(f"{ind}__memcpy(((float *)y + ({blk} * {rb})), ((float *)y_local), ({rows} * 4), NRAM2GDRAM);")
    if guard:
        w("    }")
    w("  }")
    w("}")
    return {"source": "\n".join(L) + "\n", "entry": "gemv_kernel0", "args": ["a", "x", "y"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: __bang_mlp over WRAM row blocks, fused loop bound to taskId, "
                     "constant-folded K slices",
            "parametric": False}
