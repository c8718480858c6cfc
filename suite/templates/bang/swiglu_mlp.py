"""swiglu_mlp y = (silu(x Wg^T) * (x Wu^T)) Wd^T: compiler-generated style BANG C, fixed-size, Union4.

Two stages separated by a barrier, lowered like a fused two-matmul schedule: the hidden activation
h [m][f] goes through a GDRAM workspace (an `__mlu_device__` global), so the launch is one Union4
job of 16 cores (4 clusters x 4) and the stages meet at __sync_all_ipu() (the memory cores returned
early, so the barrier is the IPU-only one).
  stage 1: 64-column tiles of h are bound round-robin to taskId; both weight tiles ([f][d] rows:
           already the documented [N][K] operand) are staged through NRAM, __bang_reshape_filter
           and NRAM2WRAM into two WRAM regions, and __bang_matmul gives gate and up; silu(g) = g /
           (1 + 2^(-g log2 e)) with __bang_pow2 / __bang_recip, times up, stored with a 2-D __memcpy.
  stage 2: 64-column tiles of y; w_down rows are again [N][K]; h slices come back from the
           workspace with a strided 2-D __memcpy; K slices accumulate with __bang_add.
All sizes, slice bounds and byte counts are constant-folded per shape."""

TASKS = 16
NRAM_FLOATS = 98304
LOG2E = 1.4426950408889634


def _pad(v, a):
    return (v + a - 1) // a * a


def _slices(k, cap):
    nsl = -(-k // cap)
    ks = _pad(-(-k // nsl), 16)
    out, k0 = [], 0
    while k0 < k:
        kt = min(ks, k - k0)
        out.append((k0, kt, _pad(kt, 16)))
        k0 += kt
    return out


def render(s):
    m, d, f = s["m"], s["d"], s["f"]
    # stage 1: reduction over d; staging [64][ks] raw + packed, x slice [m][ks], g/u/tmp [m][64]
    cap1 = (NRAM_FLOATS - 3 * m * 64) // (128 + m) // 16 * 16
    sl1 = _slices(d, min(cap1, 512))
    ks1 = max(kp for _, _, kp in sl1)
    # stage 2: reduction over f
    cap2 = (NRAM_FLOATS - 2 * m * 64) // (128 + m) // 16 * 16
    sl2 = _slices(f, min(cap2, 512))
    ks2 = max(kp for _, _, kp in sl2)
    ks = max(ks1, ks2)
    nft, ndt = -(-f // 64), -(-d // 64)

    L = []
    w = L.append
    w("#include <bang.h>")
    w("")
    w(f"__mlu_device__ float hidden_global[{m * f}];   // h = silu(x Wg^T) * (x Wu^T), [{m}][{f}]")
    w(f"__nram__ float W_local[{64 * ks}];")
    w(f"__nram__ float W_local_reshape[{64 * ks}];")
    w(f"__nram__ float A_local[{m * ks}];")
    w(f"__nram__ float gate_local[{m * 64}];")
    w(f"__nram__ float up_local[{m * 64}];")
    w(f"__nram__ float matmul_local_rf[{m * 64}];")
    w(f"__wram__ float W_gate_wram[{64 * ks}];   // gate tiles in stage 1, w_down tiles in stage 2")
    w(f"__wram__ float W_up_wram[{64 * ks1}];")
    w("")
    w('extern "C" __mlu_global__ void swiglu_mlp_kernel0(float* __restrict__ X, float* __restrict__ W_gate, '
      'float* __restrict__ W_up, float* __restrict__ W_down, float* __restrict__ Y) {')
    w("  if (__is_mpu()) return;")

    def stage_weight(ind, src, rows_expr, ragged_rows, k_total, k0, kt, ktp, dst_wram):
        if kt != ktp or ragged_rows:
            w(f"{ind}__bang_write_zero(((float *)W_local), {64 * ktp});")
        off = f" + {k0}" if k0 else ""
        if kt == k_total == ktp and not ragged_rows:
            w(f"{ind}__memcpy(((float *)W_local), ((float *){src}{off}), {64 * k_total * 4}, GDRAM2NRAM);")
        else:
            w(f"{ind}__memcpy(((float *)W_local), ((float *){src}{off}), {kt * 4}, GDRAM2NRAM, {ktp * 4}, "
              f"{k_total * 4}, ({rows_expr} - 1));")
        w(f"{ind}__bang_reshape_filter(((float *)W_local_reshape), ((float *)W_local), 64, 1, 1, {ktp});")
        w(f"{ind}__memcpy(((float *){dst_wram}), ((float *)W_local_reshape), {64 * ktp * 4}, NRAM2WRAM);")

    def load_a(ind, src, k_total, k0, kt, ktp):
        off = f" + {k0}" if k0 else ""
        if kt != ktp:
            w(f"{ind}__bang_write_zero(((float *)A_local), {m * ktp});")
        if kt == k_total == ktp:
            w(f"{ind}__memcpy(((float *)A_local), ((float *){src}{off}), {m * k_total * 4}, GDRAM2NRAM);")
        else:
            w(f"{ind}__memcpy(((float *)A_local), ((float *){src}{off}), {kt * 4}, GDRAM2NRAM, {ktp * 4}, "
              f"{k_total * 4}, {m - 1});")

    # ---------------- stage 1
    outer1 = -(-nft // TASKS)
    tile = f"((j_outer_outer * {TASKS}) + ((int)taskId))"
    if len(sl1) == 1:
        load_a("  ", "X", d, *sl1[0])
    w(f"  for (int j_outer_outer = 0; j_outer_outer < {outer1}; ++j_outer_outer) {{")
    ind = "    "
    if nft % TASKS:
        w(f"    if ({tile} < {nft}) {{")
        ind = "      "
    ragged = f % 64 != 0
    rows = f"(({tile} == {nft - 1}) ? {f - (nft - 1) * 64} : 64)" if ragged else "64"
    for i, (k0, kt, ktp) in enumerate(sl1):
        if len(sl1) > 1:
            load_a(ind, "X", d, k0, kt, ktp)
        stage_weight(ind, f"W_gate + ({tile} * {64 * d})", rows, ragged, d, k0, kt, ktp, "W_gate_wram")
        stage_weight(ind, f"W_up + ({tile} * {64 * d})", rows, ragged, d, k0, kt, ktp, "W_up_wram")
        if i == 0:
            w(f"{ind}__bang_matmul(((float *)gate_local), ((float *)A_local), ((float *)W_gate_wram), {m}, {ktp}, 64);")
            w(f"{ind}__bang_matmul(((float *)up_local), ((float *)A_local), ((float *)W_up_wram), {m}, {ktp}, 64);")
        else:
            for acc, wr in (("gate_local", "W_gate_wram"), ("up_local", "W_up_wram")):
                w(f"{ind}__bang_matmul(((float *)matmul_local_rf), ((float *)A_local), ((float *){wr}), {m}, {ktp}, 64);")
                w(f"{ind}__bang_add(((float *){acc}), ((float *){acc}), ((float *)matmul_local_rf), {m * 64});")
    n1 = m * 64
    w(f"{ind}__bang_mul_scalar(((float *)matmul_local_rf), ((float *)gate_local), {-LOG2E!r}f, {n1});")
    w(f"{ind}__bang_pow2(((float *)matmul_local_rf), ((float *)matmul_local_rf), {n1});")
    w(f"{ind}__bang_add_scalar(((float *)matmul_local_rf), ((float *)matmul_local_rf), 1.000000e+00f, {n1});")
    w(f"{ind}__bang_recip(((float *)matmul_local_rf), ((float *)matmul_local_rf), {n1});")
    w(f"{ind}__bang_mul(((float *)gate_local), ((float *)gate_local), ((float *)matmul_local_rf), {n1});")
    w(f"{ind}__bang_mul(((float *)gate_local), ((float *)gate_local), ((float *)up_local), {n1});")
    cols = f"({rows} * 4)" if ragged else "256"
    w(f"{ind}__memcpy(((float *)hidden_global + ({tile} * 64)), ((float *)gate_local), {cols}, NRAM2GDRAM, "
      f"{f * 4}, 256, {m - 1});")
    if nft % TASKS:
        w("    }")
    w("  }")
    w("  __sync_all_ipu();")
    # ---------------- stage 2
    outer2 = -(-ndt // TASKS)
    tile = f"((i_outer_outer * {TASKS}) + ((int)taskId))"
    w(f"  for (int i_outer_outer = 0; i_outer_outer < {outer2}; ++i_outer_outer) {{")
    ind = "    "
    if ndt % TASKS:
        w(f"    if ({tile} < {ndt}) {{")
        ind = "      "
    ragged = d % 64 != 0
    rows = f"(({tile} == {ndt - 1}) ? {d - (ndt - 1) * 64} : 64)" if ragged else "64"
    for i, (k0, kt, ktp) in enumerate(sl2):
        load_a(ind, "hidden_global", f, k0, kt, ktp)
        stage_weight(ind, f"W_down + ({tile} * {64 * f})", rows, ragged, f, k0, kt, ktp, "W_gate_wram")
        dst = "gate_local" if i == 0 else "matmul_local_rf"
        w(f"{ind}__bang_matmul(((float *){dst}), ((float *)A_local), ((float *)W_gate_wram), {m}, {ktp}, 64);")
        if i:
            w(f"{ind}__bang_add(((float *)gate_local), ((float *)gate_local), ((float *)matmul_local_rf), {m * 64});")
    cols = f"({rows} * 4)" if ragged else "256"
    if d == 64:
        w(f"{ind}__memcpy(((float *)Y), ((float *)gate_local), {m * 256}, NRAM2GDRAM);")
    else:
        w(f"{ind}__memcpy(((float *)Y + ({tile} * 64)), ((float *)gate_local), {cols}, NRAM2GDRAM, {d * 4}, 256, "
          f"{m - 1});")
    if ndt % TASKS:
        w("    }")
    w("  }")
    w("}")
    return {"source": "\n".join(L) + "\n", "entry": "swiglu_mlp_kernel0",
            "args": ["x", "w_gate", "w_up", "w_down", "y"],
            "launch": {"tasks": [16, 1, 1], "func_type": "union4"},
            "style": "compiler-generated: two __bang_matmul stages through an __mlu_device__ GDRAM workspace, one "
                     "Union4 job with __sync_all_ipu between them, constant-folded sizes",
            "parametric": False}
