"""BANG C engine: one kernel per feature, checked against NumPy, plus the structured errors
(kind and line) of the mistakes the engine must catch."""
import numpy as np
import pytest

import xpiler
from xpiler.errors import UnsupportedConstruct
from xpiler.models.base import Launch
from xpiler.engine.toolchain import CompileError

KERNELS = r'''
#include <bang.h>
#define TILE 256
#define LANES 32

__nram__ float nbuf[TILE * 4];
__wram__ float wbuf[64 * 64];
__mlu_shared__ float partial[4];

// geometry: every task records its built-in variables
__mlu_global__ void geometry(int* out) {
  int* o = out + taskId * 10;
  o[0] = taskId; o[1] = taskIdX; o[2] = taskIdY; o[3] = taskIdZ; o[4] = taskDim;
  o[5] = clusterId; o[6] = clusterDim; o[7] = coreId; o[8] = coreDim; o[9] = __is_mpu();
}

// y = max(x * scale + shift, 0): flat split over taskDim, the last task takes the rest, NRAM tiles
__mlu_global__ void scale_shift_relu(float* y, const float* x, float scale, float shift, int n) {
  if (__is_mpu()) return;
  int share = n / taskDim;
  int begin = taskId * share;
  int count = (taskId == taskDim - 1) ? n - begin : share;
  float* tile = nbuf;
  for (int off = 0; off < count; off += TILE) {
    int len = (count - off < TILE) ? count - off : TILE;
    int lenp = (len + LANES - 1) / LANES * LANES;
    __memcpy(tile, x + begin + off, len * sizeof(float), GDRAM2NRAM);
    __bang_mul_scalar(tile, tile, scale, lenp);
    __bang_add_scalar(tile, tile, shift, lenp);
    __bang_relu(tile, tile, lenp);
    __memcpy(y + begin + off, tile, len * sizeof(float), NRAM2GDRAM);
  }
}

// 2D strided copies: task t gathers columns [8t, 8t+8) of a [rows][cols] matrix, adds a broadcast
// bias row (source stride 0) and scatters the block transposed-by-rows into out
__mlu_global__ void strided_blocks(float* out, const float* in, const float* bias, int rows, int cols) {
  float* blk = nbuf;
  float* b = nbuf + TILE;
  int c0 = taskId * 8;
  if (c0 >= cols) return;
  __memcpy(blk, in + c0, 8 * sizeof(float), GDRAM2NRAM, 8 * sizeof(float), cols * sizeof(float), rows - 1);
  __memcpy(b, bias + c0, 8 * sizeof(float), GDRAM2NRAM, 8 * sizeof(float), 0, rows - 1);
  __bang_add(blk, blk, b, rows * 8);
  __memcpy(out + c0, blk, 8 * sizeof(float), NRAM2GDRAM, cols * sizeof(float), 8 * sizeof(float), rows - 1);
}

// SRAM exchange: each core sums its chunk into partial[coreId]; after __sync_cluster, core 0 of
// every cluster adds the four partials
__mlu_global__ void cluster_sum(float* out, const float* x, int chunk) {
  float* t = nbuf;
  __memcpy(t, x + taskId * chunk, chunk * sizeof(float), GDRAM2NRAM);
  float s = 0;
  for (int i = 0; i < chunk; ++i) s += t[i];
  partial[coreId] = s;
  __sync_cluster();
  if (coreId == 0) out[clusterId] = partial[0] + partial[1] + partial[2] + partial[3];
}

// __sync_all over a Union2 job: every core publishes a value in GDRAM, then each core reads its
// neighbour's (which on hardware and here is only valid after the barrier)
__mlu_global__ void all_exchange(float* out, float* scratch, const float* x) {
  scratch[taskId] = x[taskId] * 2.0f;
  __sync_all();
  int job = taskId / 8 * 8;
  out[taskId] = scratch[job + (taskId + 1) % 8];
}

// matmul: A [M][K] in NRAM, B stored [N][K] in WRAM (documented layout), dst [M][N]
__mlu_global__ void matmul(float* c, const float* a, const float* b, int m, int k, int n) {
  if (taskId != 0) return;
  float* na = nbuf;
  float* nc = nbuf + m * k;
  __memcpy(na, a, m * k * sizeof(float), GDRAM2NRAM);
  __memcpy(wbuf, b, n * k * sizeof(float), GDRAM2WRAM);
  __bang_matmul(nc, na, wbuf, m, k, n);
  __memcpy(c, nc, m * n * sizeof(float), NRAM2GDRAM);
}

// pooling in HWC layout; strides given (SW, SH)
__mlu_global__ void pools(half* mx, half* av, const half* x, int c, int h, int w) {
  if (taskId != 0) return;
  half* src = (half*)nbuf;
  half* d1 = src + c * h * w;
  half* d2 = d1 + c * h * w;
  __memcpy(src, x, c * h * w * sizeof(half), GDRAM2NRAM);
  __bang_maxpool(d1, src, c, h, w, 3, 2, 2, 1);
  __bang_avgpool(d2, src, c, h, w, 2, 2, 2, 2);
  int ho1 = (h - 3) / 1 + 1, wo1 = (w - 2) / 2 + 1, ho2 = (h - 2) / 2 + 1, wo2 = (w - 2) / 2 + 1;
  __memcpy(mx, d1, ho1 * wo1 * c * sizeof(half), NRAM2GDRAM);
  __memcpy(av, d2, ho2 * wo2 * c * sizeof(half), NRAM2GDRAM);
}

// valid convolution: src [H][W][Ci] in NRAM, filter [Co][KH][KW][Ci] in WRAM
__mlu_global__ void conv(float* y, const float* x, const float* f, int ci, int h, int w, int kh, int kw, int co) {
  if (taskId != 0) return;
  float* src = nbuf;
  float* dst = nbuf + ci * h * w;
  __memcpy(src, x, ci * h * w * sizeof(float), GDRAM2NRAM);
  __memcpy(wbuf, f, co * kh * kw * ci * sizeof(float), GDRAM2WRAM);
  __bang_conv(dst, src, wbuf, ci, h, w, kh, kw, 2, 1, co);
  int ho = h - kh + 1, wo = (w - kw) / 2 + 1;
  __memcpy(y, dst, ho * wo * co * sizeof(float), NRAM2GDRAM);
}

// sum of n floats: view as [n/32][32], sumpool in place down to 32 partial sums, then reduce_sum
__mlu_global__ void total(float* out, const float* x, int n) {
  if (taskId != 0) return;
  float* t = nbuf;
  __memcpy(t, x, n * sizeof(float), GDRAM2NRAM);
  __bang_sumpool(t, t, LANES, 1, n / LANES, 1, n / LANES, 1, 1);
  __bang_reduce_sum(t, t, LANES);
  out[0] = t[0];
  out[1] = t[1];   // reduce_sum leaves the other lanes of the block alone (3xx/5xx)
}

// Block tasks: no clusters; each task handles one row
__mlu_global__ void rows_softmax_shift(float* y, const float* x, int cols) {
  float* t = nbuf;
  __memcpy(t, x + taskId * cols, cols * sizeof(float), GDRAM2NRAM);
  __bang_argmax(t + cols, t, cols);
  float mx = t[cols];
  __bang_sub_scalar(t, t, mx, cols);
  __bang_active_exp(t, t, cols);
  __memcpy(y + taskId * cols, t, cols * sizeof(float), NRAM2GDRAM);
  if (clusterDim != 0) y[0] = -1.0f;
}

// host program: CNRT allocations, copies, a Union1 launch on a queue
void host_scale_relu(float* y, const float* x, int n) {
  float *dx, *dy;
  cnrtQueue_t queue;
  CNRT_CHECK(cnrtSetDevice(0));
  CNRT_CHECK(cnrtQueueCreate(&queue));
  CNRT_CHECK(cnrtMalloc((void**)&dx, n * sizeof(float)));
  CNRT_CHECK(cnrtMalloc((void**)&dy, n * sizeof(float)));
  CNRT_CHECK(cnrtMemcpy(dx, (void*)x, n * sizeof(float), cnrtMemcpyHostToDev));
  cnrtDim3_t dim = {4, 2, 1};
  scale_shift_relu<<<dim, cnrtFuncTypeUnion1, queue>>>(dy, dx, 0.5f, 1.0f, n);
  CNRT_CHECK(cnrtQueueSync(queue));
  CNRT_CHECK(cnrtMemcpy(y, dy, n * sizeof(float), cnrtMemcpyDevToHost));
  cnrtFree(dx);
  cnrtFree(dy);
  cnrtQueueDestroy(queue);
}

// the same without cnrtQueueSync before reading the result back (a common host-code mistake)
void host_no_sync(float* y, const float* x, int n) {
  float *dx, *dy;
  cnrtQueue_t queue;
  cnrtQueueCreate(&queue);
  cnrtMalloc((void**)&dx, n * sizeof(float));
  cnrtMalloc((void**)&dy, n * sizeof(float));
  cnrtMemcpy(dx, (void*)x, n * sizeof(float), cnrtMemcpyHostToDev);
  cnrtDim3_t dim = {4, 1, 1};
  scale_shift_relu<<<dim, cnrtFuncTypeUnion1, queue>>>(dy, dx, 0.5f, 1.0f, n);
  cnrtMemcpy(y, dy, n * sizeof(float), cnrtMemcpyDevToHost);
  cnrtFree(dx);
  cnrtFree(dx);
}
'''


def run(entry, args, **kw):
    r = xpiler.run(KERNELS, platform="bang", entry=entry, args=args, **kw)
    return r


def test_geometry_union1_default_union2_and_block():
    r = run("geometry", [np.zeros(160, np.int32)])
    r.raise_for_error()
    assert r.launch == Launch(grid=(4, 4, 1), func_type="union1") and "default" in r.launch_source
    g = r["out"].reshape(16, 10)
    ids = np.arange(16)
    assert (g[:, 0] == ids).all() and (g[:, 1] == ids % 4).all() and (g[:, 2] == ids // 4).all()
    assert (g[:, 4] == 16).all() and (g[:, 5] == ids // 4).all() and (g[:, 6] == 4).all()
    assert (g[:, 7] == ids % 4).all() and (g[:, 8] == 4).all() and (g[:, 9] == 0).all()

    r = run("geometry", [np.zeros(160, np.int32)], launch=Launch(grid=(8, 2, 1), func_type="union2"))
    g = r["out"].reshape(16, 10)
    assert (g[:, 1] == ids % 8).all() and (g[:, 2] == ids // 8).all() and (g[:, 5] == ids // 4).all()

    r = run("geometry", [np.zeros(30, np.int32)], launch=Launch(grid=(3, 1, 1), func_type="block"))
    g = r["out"].reshape(3, 10)
    assert (g[:, 0] == [0, 1, 2]).all() and (g[:, 6] == 0).all() and (g[:, 8] == 1).all() and (g[:, 7] == 0).all()


def test_union1_partitioning_with_tail(rng):
    n = 5000                       # not a multiple of 16: the last task takes the rest
    x = rng.standard_normal(n).astype(np.float32)
    r = run("scale_shift_relu", [np.full(n, np.nan, np.float32), x, 0.75, -0.25, n])
    r.raise_for_error()
    ref = np.maximum(x * np.float32(0.75) + np.float32(-0.25), 0)
    np.testing.assert_array_equal(r["y"], ref)


def test_nram_tiling_with_2d_strided_copies(rng):
    rows, cols = 24, 64
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    bias = rng.standard_normal(cols).astype(np.float32)
    r = run("strided_blocks", [np.zeros_like(x), x, bias, rows, cols], launch=Launch(grid=(8, 1, 1), func_type="union1"))
    r.raise_for_error()
    np.testing.assert_array_equal(r["out"], x + bias[None, :])


def test_sram_exchange_with_sync_cluster(rng):
    chunk = 100
    x = rng.standard_normal(16 * chunk).astype(np.float32)
    r = run("cluster_sum", [np.zeros(4, np.float32), x, chunk])
    r.raise_for_error()
    partial = [np.float32(0)] * 16
    for t in range(16):                      # each core sums its chunk in float, in order
        for v in x[t * chunk:(t + 1) * chunk]:
            partial[t] = np.float32(partial[t] + v)
    ref = [((partial[4 * c] + partial[4 * c + 1]) + partial[4 * c + 2]) + partial[4 * c + 3] for c in range(4)]
    np.testing.assert_array_equal(r["out"], np.array(ref, np.float32))


def test_sync_all_is_a_real_barrier_across_clusters(rng):
    x = rng.standard_normal(16).astype(np.float32)
    r = run("all_exchange", [np.zeros(16, np.float32), np.zeros(16, np.float32), x],
            launch=Launch(grid=(8, 2, 1), func_type="union2"))
    r.raise_for_error()
    job = np.arange(16) // 8 * 8
    np.testing.assert_array_equal(r["out"], 2 * x[job + (np.arange(16) + 1) % 8])


def test_wram_matmul_documented_layout(rng):
    m, k, n = 8, 48, 24
    a = rng.standard_normal((m, k)).astype(np.float32)
    b_nk = rng.standard_normal((n, k)).astype(np.float32)
    r = run("matmul", [np.zeros((m, n), np.float32), a, b_nk, m, k, n])
    r.raise_for_error()
    np.testing.assert_allclose(r["c"], a.astype(np.float64) @ b_nk.T.astype(np.float64), rtol=1e-5, atol=1e-5)
    # the same bytes read as a raw row-major [K][N] matrix
    r = run("matmul", [np.zeros((m, n), np.float32), a, b_nk, m, k, n], options={"bang_matmul_layout": "raw"})
    np.testing.assert_allclose(r["c"], a @ b_nk.reshape(k, n), rtol=1e-5, atol=1e-5)


def test_pooling_hwc_stride_width_first(rng):
    c, h, w = 16, 7, 9
    x = rng.standard_normal((h, w, c)).astype(np.float16)
    ho1, wo1, ho2, wo2 = h - 2, (w - 2) // 2 + 1, (h - 2) // 2 + 1, (w - 2) // 2 + 1
    r = run("pools", [np.zeros((ho1, wo1, c), np.float16), np.zeros((ho2, wo2, c), np.float16), x, c, h, w])
    r.raise_for_error()
    x64 = x.astype(np.float64)
    mx = np.stack([np.stack([x64[i:i + 3, 2 * j:2 * j + 2].max(axis=(0, 1)) for j in range(wo1)]) for i in range(ho1)])
    av = np.stack([np.stack([x64[2 * i:2 * i + 2, 2 * j:2 * j + 2].mean(axis=(0, 1)) for j in range(wo2)])
                   for i in range(ho2)])
    np.testing.assert_array_equal(r["mx"], mx.astype(np.float16))
    np.testing.assert_array_equal(r["av"], av.astype(np.float16))


def test_conv_valid_with_strides(rng):
    ci, h, w, kh, kw, co = 8, 6, 9, 3, 3, 16
    x = rng.standard_normal((h, w, ci)).astype(np.float32)
    f = rng.standard_normal((co, kh, kw, ci)).astype(np.float32)
    ho, wo = h - kh + 1, (w - kw) // 2 + 1
    r = run("conv", [np.zeros((ho, wo, co), np.float32), x, f, ci, h, w, kh, kw, co])
    r.raise_for_error()
    ref = np.zeros((ho, wo, co))
    for i in range(ho):
        for j in range(wo):
            ref[i, j] = np.einsum("hwc,ohwc->o", x[i:i + kh, 2 * j:2 * j + kw].astype(np.float64), f)
    np.testing.assert_allclose(r["y"], ref, rtol=1e-5, atol=1e-5)


def test_reduction_via_sumpool_and_reduce_sum(rng):
    n = 32 * 40
    x = rng.standard_normal(n).astype(np.float32)
    r = run("total", [np.zeros(2, np.float32), x, n])
    r.raise_for_error()
    np.testing.assert_allclose(r["out"][0], x.astype(np.float64).sum(), rtol=1e-5, atol=1e-4)
    # reduce_sum leaves lane 1 of the block alone: it still holds sumpool's partial sum of lane 1
    np.testing.assert_allclose(r["out"][1], x.reshape(-1, 32)[:, 1].astype(np.float64).sum(), rtol=1e-5, atol=1e-5)


def test_block_launch_rows(rng):
    rows, cols = 5, 96
    x = (rng.standard_normal((rows, cols)) * 3).astype(np.float32)
    r = run("rows_softmax_shift", [np.zeros_like(x), x, cols], launch=Launch(grid=(rows, 1, 1), func_type="block"))
    r.raise_for_error()
    shifted = (x - x.max(axis=1, keepdims=True)).astype(np.float64)     # __bang_sub_scalar rounds to float
    np.testing.assert_allclose(r["y"], np.exp(shifted), rtol=1e-6)


def test_host_cnrt_program_as_entry(rng):
    n = 3000
    x = rng.standard_normal(n).astype(np.float32)
    r = run("host_scale_relu", [np.zeros(n, np.float32), x, n])
    r.raise_for_error()
    np.testing.assert_array_equal(r["y"], np.maximum(x * np.float32(0.5) + np.float32(1.0), 0))
    assert not any("cnrtQueueSync" in note for note in r.notes)


def test_host_program_mistakes_missing_sync_and_double_free(rng):
    n = 256
    x = rng.standard_normal(n).astype(np.float32)
    r = run("host_no_sync", [np.zeros(n, np.float32), x, n])
    assert any("cnrtQueueSync" in note and "not been synchronised" in note for note in r.notes)
    assert r.error.kind == "invalid_free" and "freed twice" in r.error.message
    last_free = max(i for i, text in enumerate(KERNELS.splitlines(), 1) if "cnrtFree(dx);" in text)
    assert r.error.location.line == last_free


# ---------------------------------------------------------------------------------------------- errors

def line_of(source: str, needle: str) -> int:
    return next(i for i, text in enumerate(source.splitlines(), 1) if needle in text)


ERRORS = r'''
#include <bang.h>
__nram__ float a[128];
__nram__ float b[128];

__mlu_global__ void cycle_bad(float* y) {
  __bang_write_value(a, 128, 1.5f);
  __bang_cycle_add(b, a, a, 100, 7);
  __memcpy(y, b, 128 * sizeof(float), NRAM2GDRAM);
}

__mlu_global__ void early_exit(float* y) {
  if (coreId == 2) return;
  __sync_cluster();
  y[taskId] = 1.0f;
}

__mlu_global__ void mixed_barriers(float* y) {
  if (coreId == 0) __sync_all();
  else __sync_cluster();
  y[taskId] = 1.0f;
}

__mlu_global__ void gdram_overrun(float* y, const float* x, int n) {
  int per = n / taskDim + 1;
  __memcpy(a, x + taskId * per, per * sizeof(float), GDRAM2NRAM);
  __memcpy(y + taskId * per, a, per * sizeof(float), NRAM2GDRAM);
}

__mlu_global__ void vector_on_gdram(float* y, const float* x) {
  __memcpy(a, x, 64 * sizeof(float), GDRAM2NRAM);
  __bang_add(b, a, x, 64);
  __memcpy(y, b, 64 * sizeof(float), NRAM2GDRAM);
}

__mlu_global__ void nram_overrun(float* y) {
  float* p = b;
  for (int i = 0; i < 200000; ++i) p[i] = 0.0f;
  y[0] = p[0];
}

__mlu_global__ void wrong_direction(float* y) {
  __memcpy(a, y, 16 * sizeof(float), NRAM2GDRAM);
}
'''


def run_err(entry, args, **kw):
    return xpiler.run(ERRORS, platform="bang", entry=entry, args=args, **kw)


def test_cycle_op_with_indivisible_segment_is_reported():
    r = run_err("cycle_bad", [np.zeros(128, np.float32)])
    assert r.error.kind == "bad_intrinsic_argument"
    assert r.error.location.line == line_of(ERRORS, "__bang_cycle_add(")
    assert "src_n (100) must be a multiple of seg_n (7)" in r.error.message
    assert r.error.construct == "__bang_cycle_add" and "task 0" in r.error.worker


def test_barrier_that_a_finished_core_never_reaches_is_a_deadlock():
    r = run_err("early_exit", [np.zeros(16, np.float32)], timeout=20)
    assert r.error.kind == "deadlock"
    assert r.error.location.line == line_of(ERRORS, "  __sync_cluster();")
    assert "core 2" in r.error.message and "already finished" in r.error.message


def test_cores_waiting_at_different_barriers_deadlock():
    r = run_err("mixed_barriers", [np.zeros(16, np.float32)], timeout=20)
    assert r.error.kind == "deadlock"
    assert "__sync_all()" in r.error.message and "__sync_cluster()" in r.error.message


def test_gdram_overrun_by_memcpy_names_buffer_and_line(rng):
    n = 64
    r = run_err("gdram_overrun", [np.zeros(n, np.float32), rng.standard_normal(n).astype(np.float32), n])
    assert r.error.kind == "out_of_bounds"
    assert r.error.location.line == line_of(ERRORS, "__memcpy(a, x + taskId * per")
    assert "GDRAM buffer 'x'" in r.error.message and "task 12" in r.error.worker


def test_vector_operand_in_gdram_is_reported(rng):
    r = run_err("vector_on_gdram", [np.zeros(64, np.float32), rng.standard_normal(64).astype(np.float32)])
    assert r.error.kind == "bad_intrinsic_argument"
    assert r.error.location.line == line_of(ERRORS, "__bang_add(b, a, x, 64)")
    assert "src1 must point into NRAM" in r.error.message and "GDRAM buffer 'x'" in r.error.message


def test_scalar_write_past_the_nram_arena():
    r = run_err("nram_overrun", [np.zeros(1, np.float32)])
    assert r.error.kind == "out_of_bounds" and "NRAM" in r.error.message
    assert r.error.location.line == line_of(ERRORS, "p[i] = 0.0f")


def test_memcpy_direction_must_match_the_spaces():
    r = run_err("wrong_direction", [np.zeros(16, np.float32)])
    assert r.error.kind == "bad_intrinsic_argument"
    assert "must point into GDRAM, but it points into NRAM" in r.error.message


OVERFLOW = r'''
#include <bang.h>
__nram__ float small[1024];
__nram__ float big[160 * 1024];   // 640 KB: more than mtp_592's 512 KB, fits mtp_372's 768 KB
__mlu_global__ void k(float* y) {
  big[taskId] = 2.0f;
  y[taskId] = big[taskId] + 1.0f;
}
'''


def test_nram_overflow_depends_on_the_architecture():
    r = xpiler.run(OVERFLOW, platform="bang", entry="k", args=[np.zeros(16, np.float32)])
    assert r.error.kind == "onchip_overflow"
    assert r.error.location.line == line_of(OVERFLOW, "__nram__ float big")
    assert "'big' needs 655360 bytes" in r.error.message
    r = xpiler.run(OVERFLOW, platform="bang", entry="k", args=[np.zeros(16, np.float32)],
                   options={"bang_arch": "mtp_372"})
    r.raise_for_error()
    np.testing.assert_array_equal(r["y"], np.full(16, 3.0, np.float32))


def test_unknown_intrinsic_is_rejected_at_load_with_the_real_name():
    src = "#include <bang.h>\n__mlu_global__ void k(float* y) {\n  __nram__ float t[64];\n" \
          "  __bang_sigmoid(t, t, 64);\n}\n"
    with pytest.raises(UnsupportedConstruct) as e:
        xpiler.run(src, platform="bang", entry="k", args=[np.zeros(64, np.float32)])
    assert "__bang_active_sigmoid" in str(e.value) and e.value.location.line == 4


def test_intrinsic_missing_on_the_selected_architecture_fails_to_compile():
    src = "#include <bang.h>\n__nram__ float t[64];\n__mlu_global__ void k(float* y) {\n" \
          "  __bang_div(t, t, t, 64);\n}\n"
    with pytest.raises(CompileError) as e:
        xpiler.run(src, platform="bang", entry="k", args=[np.zeros(64, np.float32)], options={"bang_arch": "mtp_372"})
    assert "not_on_mtp_372_needs_bang_arch_ge_322_and_not_372" in e.value.message and e.value.location.line == 4


# ---------------------------------------------------------------------------------------------- examples

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


def test_example_scale_relu_host_program(rng):
    n = 20000
    x = rng.standard_normal(n).astype(np.float32)
    r = xpiler.run(EXAMPLES / "bang_scale_relu.mlu", entry="launch_scale_shift_relu",
                   args=[np.zeros(n, np.float32), x, 1.5, -0.5, n])
    r.raise_for_error()
    np.testing.assert_array_equal(r["y"], np.maximum(x * np.float32(1.5) + np.float32(-0.5), 0))


def test_example_cluster_sum(rng):
    n = 32 * 16 * 50
    x = rng.standard_normal(n).astype(np.float32)
    r = xpiler.run(EXAMPLES / "bang_cluster_sum.mlu", entry="vector_sum", args=[np.zeros(1, np.float32), x, n])
    r.raise_for_error()
    np.testing.assert_allclose(r["result"][0], x.astype(np.float64).sum(), rtol=1e-5, atol=1e-3)


def test_example_matmul_over_tasks(rng):
    m, k, n = 100, 96, 64
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    r = xpiler.run(EXAMPLES / "bang_matmul.mlu", entry="matmul_nk",
                   args=[np.zeros((m, n), np.float32), a, np.ascontiguousarray(b.T), m, k, n])
    r.raise_for_error()
    assert r.launch_source == "BANG C default"
    np.testing.assert_allclose(r["c"], a.astype(np.float64) @ b, rtol=1e-5, atol=1e-4)


def test_launch_is_read_from_the_host_code_when_the_kernel_is_the_entry(rng):
    n = 32 * 16 * 4
    x = rng.standard_normal(n).astype(np.float32)
    r = xpiler.run(EXAMPLES / "bang_cluster_sum.mlu", entry="cluster_sum", args=[np.zeros(4, np.float32), x, n])
    r.raise_for_error()
    assert r.launch == Launch(grid=(4, 4, 1), func_type="union1") and r.launch_source.startswith("host code at")
    np.testing.assert_allclose(r["totals"], x.reshape(4, -1).astype(np.float64).sum(axis=1), rtol=1e-5, atol=1e-4)


FILLS = r'''
#include <bang.h>
__nram__ int8_t buf[256];
__mlu_global__ void fills(int8_t* out) {
  if (taskId != 0) return;
  __memset_nram(buf, 256, (int8_t)0x11);
  __bang_write_value(buf, 4, 0);              // a literal 0 is an int: 4 elements of 4 bytes
  __bang_write_value(buf + 32, 4, (short)-2);  // 4 elements of 2 bytes
  __bang_write_value(buf + 64, 3, 1.0f);       // 3 floats
  __bang_write_value(buf + 96, 3, (half)1.0f); // 3 halves
  __memcpy(out, buf, 128, NRAM2GDRAM);
}
'''


def test_memset_element_width_follows_the_value_type():
    r = xpiler.run(FILLS, platform="bang", entry="fills", args=[np.zeros(128, np.int8)])
    raw = r["out"].tobytes()
    assert raw[:16] == bytes(16) and raw[16:32] == b"\x11" * 16
    assert np.frombuffer(raw[32:40], np.int16).tolist() == [-2] * 4 and raw[40:48] == b"\x11" * 8
    assert np.frombuffer(raw[64:76], np.float32).tolist() == [1.0] * 3 and raw[76:80] == b"\x11" * 4
    assert np.frombuffer(raw[96:102], np.float16).tolist() == [1.0] * 3 and raw[102:104] == b"\x11" * 2
    ambiguous = FILLS.replace("(short)-2", "-2.0")    # a double matches no overload exactly
    with pytest.raises(CompileError) as e:
        xpiler.run(ambiguous, platform="bang", entry="fills", args=[np.zeros(128, np.int8)])
    assert "ambiguous" in e.value.message and e.value.location.line == line_of(ambiguous, "-2.0")


ACTIVE = r'''
#include <bang.h>
__nram__ float t[64];
__mlu_global__ void act(float* y, const float* x) {
  if (taskId != 0) return;
  __memcpy(t, x, 64 * sizeof(float), GDRAM2NRAM);
  __bang_active_exp(t, t, 64);
  __memcpy(y, t, 64 * sizeof(float), NRAM2GDRAM);
}
'''


def test_active_exp_ideal_or_with_hardware_saturation(rng):
    x = np.concatenate([rng.uniform(-12, -8, 32), rng.uniform(-3, 3, 32)]).astype(np.float32)
    ideal = xpiler.run(ACTIVE, platform="bang", entry="act", args=[np.zeros(64, np.float32), x])
    np.testing.assert_allclose(ideal["y"], np.exp(x.astype(np.float64)), rtol=1e-6)
    hw = xpiler.run(ACTIVE, platform="bang", entry="act", args=[np.zeros(64, np.float32), x],
                    options={"bang_active": "hardware"})
    np.testing.assert_array_equal(hw["y"][:32], np.float32(5.96e-8))
    np.testing.assert_array_equal(hw["y"][32:], ideal["y"][32:])
