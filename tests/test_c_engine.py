"""The C (AVX-512 VNNI) engine: plain C / C++ / OpenMP sources and VNNI intrinsics, on the native
path (when this CPU has AVX-512 VNNI) and on the SIMDe path, which must give identical results."""
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import xpiler
from xpiler.errors import SourceSyntaxError, UnsupportedConstruct
from xpiler.engine.toolchain import CompileError, compiler
from xpiler.models.c import MODEL, INCLUDE_SIMDE, cpu
from xpiler.models.c import intrinsics as T
from xpiler.source.loader import detect_model, load_source

ROOT = Path(__file__).resolve().parent.parent
HAVE_NATIVE = not cpu.missing_for_native()
HAVE_SIMDE = cpu.simde_include_root() is not None
PATHS = [p for p, ok in (("native", HAVE_NATIVE), ("simde", HAVE_SIMDE)) if ok]
needs_simde = pytest.mark.skipif(not HAVE_SIMDE, reason="SIMDe headers (libsimde-dev) not installed")


@pytest.fixture(scope="module")
def srcdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("c_sources")
    for name, text in SOURCES.items():
        (d / name).write_text(text)
    return d


def run_paths(path, entry, args, paths=None):
    """Run on every available path; outputs must agree bit for bit. Returns {path: Result}."""
    if not (paths or PATHS):
        pytest.skip("neither AVX-512 VNNI on this CPU nor SIMDe's headers")
    results = {}
    for p in paths or PATHS:
        r = xpiler.run(str(path), entry=entry, args=args, options={"vnni_path": p})
        r.raise_for_error()
        assert r.model == "c"
        note = " ".join(r.notes)
        assert ("native AVX-512 VNNI" in note) if p == "native" else ("SIMDe" in note and "portable" in note), note
        results[p] = r
    first = next(iter(results.values()))
    for p, r in results.items():
        for name, value in first.outputs.items():
            np.testing.assert_array_equal(r.outputs[name].view(np.uint8), value.view(np.uint8),
                                          err_msg=f"{entry}: output '{name}' differs between paths ({p})")
    return results


# ------------------------------------------------------------------------------------------ sources
SOFTMAX_C = r'''
#include <math.h>

/* one row per iteration; OpenMP splits the rows */
void softmax_rows(const float* restrict x, float* restrict y, int rows, int cols) {
#pragma omp parallel for
  for (int r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    float* out = y + r * cols;
    float mx = in[0];
    for (int c = 1; c < cols; ++c) mx = in[c] > mx ? in[c] : mx;
    float sum = 0.0f;
    for (int c = 0; c < cols; ++c) { out[c] = expf(in[c] - mx); sum += out[c]; }
    for (int c = 0; c < cols; ++c) out[c] /= sum;
  }
}

/* one element too many: the fault happens in an OpenMP worker thread */
void scale_overrun(float* y, const float* x, int n) {
#pragma omp parallel for
  for (int i = 0; i <= n; ++i) y[i] = 2.0f * x[i];
}
'''

FLOAT_C = r'''
#include <immintrin.h>
#include <math.h>

/* y = a * x + y with fused multiply-add; the tail uses masked loads and stores */
void saxpy(float* y, const float* x, float a, int n) {
  const __m512 va = _mm512_set1_ps(a);
  int i = 0;
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
  if (i < n) {
    __mmask16 k = (__mmask16)((1u << (n - i)) - 1u);
    __m512 r = _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(k, x + i), _mm512_maskz_loadu_ps(k, y + i));
    _mm512_mask_storeu_ps(y + i, k, r);
  }
}

/* relu (max with 0, operand order that maps NaN to 0) and each row's maximum and sum */
void relu_rowstats(const float* x, float* y, float* rowmax, float* rowsum, int rows, int cols) {
  const __m512 zero = _mm512_setzero_ps();
  for (int r = 0; r < rows; ++r) {
    __m512 mx = _mm512_set1_ps(-INFINITY), sm = zero;
    for (int c = 0; c < cols; c += 16) {
      int rem = cols - c < 16 ? cols - c : 16;
      __mmask16 k = (__mmask16)((1u << rem) - 1u);
      __m512 v = _mm512_maskz_loadu_ps(k, x + r * cols + c);
      __m512 relu = _mm512_max_ps(v, zero);
      _mm512_mask_storeu_ps(y + r * cols + c, k, relu);
      mx = _mm512_mask_max_ps(mx, k, mx, v);
      sm = _mm512_add_ps(sm, relu);
    }
    rowmax[r] = _mm512_reduce_max_ps(mx);
    rowsum[r] = _mm512_reduce_add_ps(sm);
  }
}

/* reads past the end of x when n is not a multiple of 16 */
void sum_overread(const float* x, float* out, int n) {
  __m512 acc = _mm512_setzero_ps();
  for (int i = 0; i < n; i += 16)
    acc = _mm512_add_ps(acc, _mm512_loadu_ps(x + i));
  out[0] = _mm512_reduce_add_ps(acc);
}
'''

VNNI_C = r'''
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

/* int16 GEMM with dpwssd: A (M x K) s16, B packed [K/2][N][2] s16, C int32 (wrapping). N % 16 == 0 */
void gemm_s16(const int16_t* A, const int16_t* Bp, int32_t* C, int M, int N, int K) {
  for (int m = 0; m < M; ++m)
    for (int n0 = 0; n0 < N; n0 += 16) {
      __m512i acc = _mm512_setzero_si512();
      for (int kp = 0; kp < K / 2; ++kp) {
        int32_t a2;
        memcpy(&a2, &A[m * K + 2 * kp], 4);
        acc = _mm512_dpwssd_epi32(acc, _mm512_set1_epi32(a2), _mm512_loadu_si512(&Bp[(kp * N + n0) * 2]));
      }
      _mm512_storeu_si512(&C[m * N + n0], acc);
    }
}

/* one step of each dot product on whole vectors: rows of out (16 int32 each) are
   dpbusd, dpbusds, dpwssd, dpwssds, mask_dpbusd(k), maskz_dpwssds(k),
   256-bit dpbusds (8 lanes) + 128-bit dpwssd (4 lanes) */
void vnni_step(const int32_t* src, const uint8_t* a8, const int8_t* b8, const int16_t* a16, const int16_t* b16,
               int32_t* out, unsigned k) {
  __m512i s = _mm512_loadu_si512(src), ua = _mm512_loadu_si512(a8), sb = _mm512_loadu_si512(b8);
  __m512i wa = _mm512_loadu_si512(a16), wb = _mm512_loadu_si512(b16);
  _mm512_storeu_si512(out + 0, _mm512_dpbusd_epi32(s, ua, sb));
  _mm512_storeu_si512(out + 16, _mm512_dpbusds_epi32(s, ua, sb));
  _mm512_storeu_si512(out + 32, _mm512_dpwssd_epi32(s, wa, wb));
  _mm512_storeu_si512(out + 48, _mm512_dpwssds_epi32(s, wa, wb));
  _mm512_storeu_si512(out + 64, _mm512_mask_dpbusd_epi32(s, (__mmask16)k, ua, sb));
  _mm512_storeu_si512(out + 80, _mm512_maskz_dpwssds_epi32((__mmask16)k, s, wa, wb));
  __m256i r256 = _mm256_dpbusds_epi32(_mm256_loadu_si256((const __m256i*)src), _mm256_loadu_si256((const __m256i*)a8),
                                      _mm256_loadu_si256((const __m256i*)b8));
  _mm256_storeu_si256((__m256i*)(out + 96), r256);
  __m128i r128 = _mm_dpwssd_epi32(_mm_loadu_si128((const __m128i*)src), _mm_loadu_si128((const __m128i*)a16),
                                  _mm_loadu_si128((const __m128i*)b16));
  _mm_storeu_si128((__m128i*)(out + 104), r128);
}

/* helpers of gpu_cpu.md C.2 on one vector each */
void helpers(const float* f, const int32_t* i32, const uint8_t* u8, const int8_t* s8,
             int32_t* cvt, int32_t* cvtt, float* cvtf, int8_t* sat8, uint8_t* usat8, int8_t* trunc8,
             int32_t* wid_u8, int32_t* wid_s8, int32_t* madd, int16_t* maddubs, float* red_f, int32_t* red_i,
             int8_t* masked, int32_t* stored, unsigned long long k64, unsigned k16) {
  __m512 vf = _mm512_loadu_ps(f);
  __m512i vi = _mm512_loadu_si512(i32);
  _mm512_storeu_si512(cvt, _mm512_cvtps_epi32(vf));
  _mm512_storeu_si512(cvtt, _mm512_cvttps_epi32(vf));
  _mm512_storeu_ps(cvtf, _mm512_cvtepi32_ps(vi));
  _mm_storeu_si128((__m128i*)sat8, _mm512_cvtsepi32_epi8(vi));
  _mm_storeu_si128((__m128i*)usat8, _mm512_cvtusepi32_epi8(vi));
  _mm_storeu_si128((__m128i*)trunc8, _mm512_cvtepi32_epi8(vi));
  _mm512_storeu_si512(wid_u8, _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i*)u8)));
  _mm512_storeu_si512(wid_s8, _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i*)s8)));
  _mm512_storeu_si512(madd, _mm512_madd_epi16(_mm512_loadu_si512(u8), _mm512_loadu_si512(s8)));
  _mm512_storeu_si512(maddubs, _mm512_maddubs_epi16(_mm512_loadu_si512(u8), _mm512_loadu_si512(s8)));
  red_f[0] = _mm512_reduce_add_ps(vf);
  red_f[1] = _mm512_reduce_max_ps(vf);
  red_i[0] = _mm512_reduce_add_epi32(vi);
  _mm512_storeu_si512(masked, _mm512_maskz_loadu_epi8((__mmask64)k64, s8));
  _mm512_mask_storeu_epi32(stored, (__mmask16)k16, vi);
}
'''

CPP_SRC = r'''
#include <immintrin.h>
#include <cstdint>
#include <vector>
#include <algorithm>

namespace detail {
template <int W>
inline int32_t dot_u8s8(const uint8_t* a, const int8_t* b, int k) {
  // vector part with dpbusd, scalar remainder
  __m512i acc = _mm512_setzero_si512();
  int i = 0;
  for (; i + 64 <= k; i += 64)
    acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
  int32_t lanes[16];
  _mm512_storeu_si512(lanes, acc);
  int32_t s = 0;
  for (int j = 0; j < 16; ++j) s += lanes[j];
  for (; i < k; ++i) s += int32_t(a[i]) * int32_t(b[i]);
  return s * W;
}
}  // namespace detail

// C++: templates, std::vector, lambdas, references
void dots(const uint8_t* a, const int8_t* b, int32_t* out, int rows, int k) {
  std::vector<int32_t> tmp(rows);
  auto body = [&](int r) { tmp[r] = detail::dot_u8s8<1>(a + r * k, b + r * k, k); };
  for (int r = 0; r < rows; ++r) body(r);
  std::copy(tmp.begin(), tmp.end(), out);
}
'''

SOURCES = {"softmax.c": SOFTMAX_C, "float_kernels.c": FLOAT_C, "vnni.c": VNNI_C, "dots.cpp": CPP_SRC}


# ----------------------------------------------------------------------------------- detection etc.
def test_detection_and_languages(srcdir):
    src = load_source(srcdir / "softmax.c")
    assert src.model.name == "c" and not src.kernels
    assert [f.name for f in src.info.functions] == ["softmax_rows", "scale_overrun"]
    assert detect_model("plain.c", "int add(int a, int b) { return a + b; }") == "c"
    assert detect_model(None, "void f(float* y, int n) { for (int i = 0; i < n; ++i) y[i] = 0; }") == "c"
    hip = '#include <hip/hip_runtime.h>\n__global__ void k(float* y) { y[threadIdx.x] = 1; }\n'
    assert detect_model("k.cpp", hip) != "c"
    assert detect_model(None, "__global__ void k(float* y) { y[threadIdx.x] = 1; }") == "cuda"
    from xpiler.models.c import source_language, uses_openmp
    assert source_language(src) == "c" and uses_openmp(src)
    cpp = load_source(srcdir / "dots.cpp")
    assert cpp.model.name == "c" and source_language(cpp) == "c++" and not uses_openmp(cpp)
    assert source_language(load_source(CPP_SRC, platform="c")) == "c++"       # text: decided by the tree
    assert source_language(load_source(VNNI_C, platform="c")) == "c"
    assert set(load_source(srcdir / "vnni.c").intrinsics_used()) >= {"_mm512_dpbusd_epi32", "_mm512_dpwssds_epi32"}


def test_syntax_error_has_line():
    bad = "#include <immintrin.h>\nvoid f(float* y, int n) {\n  for (int i = 0; i < n; ++i)\n    y[i] = (1.0f + ;\n}\n"
    with pytest.raises(SourceSyntaxError) as e:
        load_source(bad, platform="c")
    assert e.value.location is not None and e.value.location.line == 4


def test_misspelt_intrinsics(tmp_path):
    # the VNNI family is checked when the source is loaded, with a suggestion
    with pytest.raises(UnsupportedConstruct, match="did you mean .?_mm512_dpbusd_epi32"):
        load_source("#include <immintrin.h>\nvoid f(int* c) {\n  __m512i z = _mm512_setzero_si512();\n"
                    "  z = _mm512_dpbusd_epi23(z, z, z);\n}\n", platform="c")
    # any other unknown name is a compile error at its line (not a link error)
    p = tmp_path / "typo.c"
    p.write_text("#include <immintrin.h>\nvoid f(float* y) {\n  _mm512_storeu_ps(y, _mm512_setzero_pss());\n}\n")
    with pytest.raises(CompileError) as e:
        xpiler.run(str(p), args=[np.zeros(16, np.float32)])
    assert e.value.location.line == 3 and "_mm512_setzero_pss" in str(e.value)


def test_path_selection(monkeypatch):
    monkeypatch.setenv("XPILER_VNNI_PATH", "simde")
    if HAVE_SIMDE:
        build = MODEL.engine_build({})
        assert "SIMDe" in build.path_note and build.defines.get("SIMDE_NO_NATIVE") == "1"
        assert INCLUDE_SIMDE in build.include_dirs and not any(f.startswith("-mavx512") for f in build.flags)
    monkeypatch.delenv("XPILER_VNNI_PATH")
    monkeypatch.setattr(cpu, "missing_for_native", lambda flags=None: ["avx512_vnni"])
    if HAVE_SIMDE:
        assert "lacks avx512_vnni" in MODEL.engine_build({}).path_note
    with pytest.raises(xpiler.XpilerError, match="lacks avx512_vnni"):
        MODEL.engine_build({"vnni_path": "native"})
    with pytest.raises(xpiler.XpilerError, match="vnni_path"):
        MODEL.engine_build({"vnni_path": "fast"})
    monkeypatch.setattr(cpu, "missing_for_native", lambda flags=None: [])
    build = MODEL.engine_build({})
    assert "native" in build.path_note and "-mavx512vnni" in build.flags and INCLUDE_SIMDE not in build.include_dirs


# ------------------------------------------------------------------------------------- plain C / C++
def test_plain_c_softmax_openmp(srcdir, rng):
    x = rng.standard_normal((37, 50)).astype(np.float32) * 4
    r = xpiler.run(str(srcdir / "softmax.c"), entry="softmax_rows", args=[x, np.zeros_like(x), 37, 50]).raise_for_error()
    assert any("C (gnu11) with OpenMP" in n for n in r.notes), r.notes
    e = np.exp(x.astype(np.float64) - x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(r["y"], e / e.sum(axis=1, keepdims=True), rtol=2e-6, atol=1e-7)


def test_openmp_fault_has_source_line(srcdir):
    r = xpiler.run(str(srcdir / "softmax.c"), entry="scale_overrun",
                   args=[np.zeros(1000, np.float32), np.ones(1000, np.float32), 1000])
    assert r.error is not None and r.error.kind == "out_of_bounds" and "'x'" in r.error.message
    line = SOFTMAX_C.splitlines().index("  for (int i = 0; i <= n; ++i) y[i] = 2.0f * x[i];") + 1
    assert r.error.location.path == str(srcdir / "softmax.c") and r.error.location.line == line


def test_cpp_source(srcdir, rng):
    rows, k = 6, 150                        # 2 full vectors + a scalar remainder per row
    a = rng.integers(0, 256, (rows, k), dtype=np.uint8)
    b = rng.integers(-128, 128, (rows, k), dtype=np.int8)
    res = run_paths(srcdir / "dots.cpp", "dots", [a, b, np.zeros(rows, np.int32), rows, k])
    assert all("C++ (gnu++17)" in " ".join(r.notes) for r in res.values())
    ref = (a.astype(np.int64) * b.astype(np.int64)).sum(axis=1)
    np.testing.assert_array_equal(next(iter(res.values()))["out"], ref)


# ------------------------------------------------------------------------------- AVX-512 float kernels
def test_saxpy_fma_with_masked_tail(srcdir, rng):
    n = 77                                  # 4 full vectors + 13; buffers end at a guard page
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    a = np.float32(1.7)
    res = run_paths(srcdir / "float_kernels.c", "saxpy", [y, x, a, n])
    ref = T.fmadd_ps(np.full(n, a, np.float32), x, y)          # one rounding, as the hardware
    np.testing.assert_array_equal(next(iter(res.values()))["y"], ref)


def test_relu_rowstats_reductions(srcdir, rng):
    rows, cols = 5, 40                      # 2 full vectors + 8 per row
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    x[2, 5] = np.nan                        # max(NaN, 0) -> 0 with this operand order
    res = run_paths(srcdir / "float_kernels.c", "relu_rowstats",
                    [x, np.zeros_like(x), np.zeros(rows, np.float32), np.zeros(rows, np.float32), rows, cols])
    out = next(iter(res.values()))
    relu = T.max_ps(x, np.zeros_like(x))
    np.testing.assert_array_equal(out["y"], relu)
    assert out["y"][2, 5] == 0
    finite = np.isfinite(x).all(axis=1)
    np.testing.assert_array_equal(out["rowmax"][finite], x.max(axis=1)[finite])
    np.testing.assert_allclose(out["rowsum"], relu.sum(axis=1), rtol=1e-5)


def test_overread_is_reported_on_both_paths(srcdir):
    for p in PATHS:
        r = xpiler.run(str(srcdir / "float_kernels.c"), entry="sum_overread",
                       args=[np.ones(20, np.float32), np.zeros(1, np.float32), 20], options={"vnni_path": p})
        assert r.error is not None and r.error.kind == "out_of_bounds", (p, r.error)
        line = FLOAT_C.splitlines().index("    acc = _mm512_add_ps(acc, _mm512_loadu_ps(x + i));") + 1
        assert r.error.location.line == line and "'x'" in r.error.message


# ------------------------------------------------------------------------------------------ VNNI
def pack_vnni(B: np.ndarray, group: int) -> np.ndarray:
    """B (K x N) -> [K/group][N][group]"""
    K, N = B.shape
    return np.ascontiguousarray(B.reshape(K // group, group, N).transpose(0, 2, 1))


def test_int8_gemm_dpbusd_example(rng):
    """examples/vnni_gemm_int8.c: packing, masked tails, quantisation and dequantisation."""
    example = ROOT / "examples" / "vnni_gemm_int8.c"
    M, N, K = 7, 40, 96                     # N = 2 full tiles + 8 columns
    A = rng.integers(0, 256, (M, K), dtype=np.uint8)
    B = rng.integers(-128, 128, (K, N), dtype=np.int8)
    res = run_paths(example, "gemm_u8s8_s32", [A, pack_vnni(B, 4), np.zeros((M, N), np.int32), M, N, K])
    np.testing.assert_array_equal(next(iter(res.values()))["C"], A.astype(np.int64) @ B.astype(np.int64))

    X = rng.standard_normal((M, K)).astype(np.float32) * 3
    W = rng.integers(-127, 128, (K, N), dtype=np.int8)
    w_scale = (rng.random(N).astype(np.float32) + 0.5) / 100
    x_scale, x_zero = np.float32(0.05), 128
    res = run_paths(example, "qlinear", [X, W, w_scale, np.zeros((M, N), np.float32), np.zeros((M, N), np.int32),
                                         M, N, K, x_scale, x_zero])
    out = next(iter(res.values()))
    qx = np.clip(np.rint(X / x_scale) + x_zero, 0, 255).astype(np.int64)      # ties to even, as cvtps_epi32
    acc = qx @ W.astype(np.int64)
    np.testing.assert_array_equal(out["acc"], acc)
    y = (acc - x_zero * W.astype(np.int64).sum(axis=0)).astype(np.float32) * (x_scale * w_scale)
    np.testing.assert_array_equal(out["Y"], y)


def test_int16_gemm_dpwssd_wraps(srcdir, rng):
    M, N, K = 3, 32, 64                     # full-range int16: the int32 sums wrap, as on the hardware
    A = rng.integers(-32768, 32768, (M, K), dtype=np.int16)
    B = rng.integers(-32768, 32768, (K, N), dtype=np.int16)
    res = run_paths(srcdir / "vnni.c", "gemm_s16", [A, pack_vnni(B, 2), np.zeros((M, N), np.int32), M, N, K])
    ref = T._wrap32(A.astype(np.int64) @ B.astype(np.int64))
    assert (np.abs(A.astype(np.int64) @ B.astype(np.int64)) > 2**31).any()   # the wrap is exercised
    np.testing.assert_array_equal(next(iter(res.values()))["C"], ref)


def test_dot_product_semantics_and_saturation(srcdir, rng):
    src = rng.integers(-2**31, 2**31, 16, dtype=np.int64).astype(np.int32)
    src[:4] = [2**31 - 1, -2**31, 2**31 - 100, 0]
    a8 = rng.integers(0, 256, 64, dtype=np.uint8)
    b8 = rng.integers(-128, 128, 64, dtype=np.int8)
    a8[:4], b8[:4] = 255, 127               # lane 0: INT32_MAX + 4*255*127 wraps / saturates
    a8[4:8], b8[4:8] = 255, -128            # lane 1: INT32_MIN - 4*255*128
    a16 = rng.integers(-32768, 32768, 32, dtype=np.int16)
    b16 = rng.integers(-32768, 32768, 32, dtype=np.int16)
    a16[6:8] = b16[6:8] = -32768            # lane 3 (src 0): exact sum 2^31 -> INT32_MAX with dpwssds
    k = int(rng.integers(1, 2**16 - 1))
    res = run_paths(srcdir / "vnni.c", "vnni_step", [src, a8, b8, a16, b16, np.zeros(108, np.int32), k])
    out = next(iter(res.values()))["out"]
    t = T.INTRINSICS
    np.testing.assert_array_equal(out[0:16], t["_mm512_dpbusd_epi32"].numpy(src, a8, b8))
    np.testing.assert_array_equal(out[16:32], t["_mm512_dpbusds_epi32"].numpy(src, a8, b8))
    np.testing.assert_array_equal(out[32:48], t["_mm512_dpwssd_epi32"].numpy(src, a16, b16))
    np.testing.assert_array_equal(out[48:64], t["_mm512_dpwssds_epi32"].numpy(src, a16, b16))
    np.testing.assert_array_equal(out[64:80], t["_mm512_mask_dpbusd_epi32"].numpy(src, k, a8, b8))
    np.testing.assert_array_equal(out[80:96], t["_mm512_maskz_dpwssds_epi32"].numpy(k, src, a16, b16))
    np.testing.assert_array_equal(out[96:104], t["_mm256_dpbusds_epi32"].numpy(src[:8], a8[:32], b8[:32]))
    np.testing.assert_array_equal(out[104:108], t["_mm_dpwssd_epi32"].numpy(src[:4], a16[:8], b16[:8]))
    # the documented hardware results (gpu_cpu.md C.1)
    assert out[0] == -2147354109 and out[16] == 2**31 - 1 and out[17] == -2**31
    assert out[48 + 3] == 2**31 - 1 and out[32 + 3] == -2**31


def test_helper_intrinsics_match_table(srcdir, rng):
    f = (rng.standard_normal(16) * 1e3).astype(np.float32)
    f[:6] = [2.5, 3.5, -2.5, np.nan, 3e9, -0.5]
    i32 = rng.integers(-2**31, 2**31, 16, dtype=np.int64).astype(np.int32)
    i32[:4] = [300, -7, 255, -129]
    u8 = rng.integers(0, 256, 64, dtype=np.uint8)
    s8 = rng.integers(-128, 128, 64, dtype=np.int8)
    k64 = int(rng.integers(1, 2**63)) | 1
    k16 = int(rng.integers(1, 2**16))
    stored0 = rng.integers(-1000, 1000, 16, dtype=np.int32)
    z = np.zeros
    args = [f, i32, u8, s8, z(16, np.int32), z(16, np.int32), z(16, np.float32), z(16, np.int8), z(16, np.uint8),
            z(16, np.int8), z(16, np.int32), z(16, np.int32), z(16, np.int32), z(32, np.int16), z(2, np.float32),
            z(1, np.int32), z(64, np.int8), stored0, k64, k16]
    out = next(iter(run_paths(srcdir / "vnni.c", "helpers", args).values()))
    t = {n: e.numpy for n, e in T.INTRINSICS.items()}
    eq = np.testing.assert_array_equal
    eq(out["cvt"], t["_mm512_cvtps_epi32"](f))
    assert list(out["cvt"][:5]) == [2, 4, -2, -2**31, -2**31]              # nearest even; NaN/overflow
    eq(out["cvtt"], t["_mm512_cvttps_epi32"](f))
    eq(out["cvtf"], t["_mm512_cvtepi32_ps"](i32))
    eq(out["sat8"], t["_mm512_cvtsepi32_epi8"](i32))
    eq(out["usat8"], t["_mm512_cvtusepi32_epi8"](i32))
    assert list(out["usat8"][:3]) == [255, 255, 255] and list(out["trunc8"][:1]) == [44]
    eq(out["trunc8"], t["_mm512_cvtepi32_epi8"](i32))
    eq(out["wid_u8"], t["_mm512_cvtepu8_epi32"](u8))
    eq(out["wid_s8"], t["_mm512_cvtepi8_epi32"](s8))
    eq(out["madd"], t["_mm512_madd_epi16"](u8.view(np.int16), s8.view(np.int16)))
    eq(out["maddubs"], t["_mm512_maddubs_epi16"](u8, s8))
    eq(out["red_f"][:1], [t["_mm512_reduce_add_ps"](f)])
    eq(out["red_f"][1:], [t["_mm512_reduce_max_ps"](f)])
    eq(out["red_i"], [t["_mm512_reduce_add_epi32"](i32)])
    eq(out["masked"], t["_mm512_maskz_loadu_epi8"](k64, s8))
    eq(out["stored"], t["_mm512_mask_storeu_epi32"](stored0, k16, i32))


AVX_VNNI_C = r'''
#include <immintrin.h>
#include <stdint.h>

/* the AVX-VNNI (VEX) spelling of dpbusd, 8 lanes */
void dpbusd_avx(const int32_t* src, const uint8_t* a, const int8_t* b, int32_t* out) {
  __m256i r = _mm256_dpbusd_avx_epi32(_mm256_loadu_si256((const __m256i*)src), _mm256_loadu_si256((const __m256i*)a),
                                      _mm256_loadu_si256((const __m256i*)b));
  _mm256_storeu_si256((__m256i*)out, r);
}
'''


@needs_simde
def test_avx_vnni_spelling_picks_a_path_that_can_run_it(rng, monkeypatch):
    monkeypatch.delenv("XPILER_VNNI_PATH", raising=False)
    src = rng.integers(-2**31, 2**31, 8, dtype=np.int64).astype(np.int32)
    a = rng.integers(0, 256, 32, dtype=np.uint8)
    b = rng.integers(-128, 128, 32, dtype=np.int8)
    args = [src, a, b, np.zeros(8, np.int32)]
    r = xpiler.run(AVX_VNNI_C, platform="c", args=args).raise_for_error()
    np.testing.assert_array_equal(r["out"], T.INTRINSICS["_mm256_dpbusd_avx_epi32"].numpy(src, a, b))
    native_ok = T.INTRINSICS["_mm256_dpbusd_avx_epi32"].available("native")
    note = " ".join(r.notes)
    assert ("native" in note) if native_ok else ("SIMDe" in note and "_mm256_dpbusd_avx_epi32" in note), note
    if HAVE_NATIVE and not native_ok:
        with pytest.raises(xpiler.XpilerError, match="_mm256_dpbusd_avx_epi32 needs avx_vnni"):
            xpiler.run(AVX_VNNI_C, platform="c", args=args, options={"vnni_path": "native"})


# ------------------------------------------------------------------------------------------ the table
@needs_simde
def test_table_matches_the_simde_path():
    """Every name the table calls available on the SIMDe path is defined there (SIMDe or the shim),
    and every 'shim'/'fixed' entry is really provided by Xpiler's compat header."""
    names = [n for n, e in T.INTRINSICS.items() if e.simde != "none"]
    body = "".join(f"#ifndef {n}\nMISSING {n}\n#endif\n" for n in names)
    cmd = [compiler(), "-E", "-P", "-x", "c", "-DSIMDE_NO_NATIVE", f"-I{INCLUDE_SIMDE}", "-"]
    root = cpu.simde_include_root()
    if root is not None:
        cmd.insert(-1, f"-I{root}")
    proc = subprocess.run(cmd, input="#include <immintrin.h>\n" + body, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.findall(r"^MISSING (\S+)", proc.stdout, re.M) == []
    compat = (INCLUDE_SIMDE / "xpiler_simde_compat.h").read_text()
    for n, e in T.INTRINSICS.items():
        if e.simde in ("shim", "fixed"):
            assert re.search(rf"#\s*define {re.escape(n)}\(", compat), n
    assert T.INTRINSICS["_mm512_dpbusd_epi32"].available("simde")
    assert not T.INTRINSICS["_mm512_exp_ps"].available("native", frozenset({"avx512f"}))
    assert T.INTRINSICS["_mm256_dpbusd_avx_epi32"].available("native", frozenset({"avx_vnni"}))
    assert not T.INTRINSICS["_mm256_dpbusd_avx_epi32"].available("native", frozenset({"avx512_vnni"}))
