"""The HIP engine: 64-lane wavefronts, HIP's warp primitives, atomics, half, host programs, the MFMA
builtins with their documented lane layouts (gpu_cpu.md B.3.2) and clang vector types, each against a
NumPy reference on random data. The kernels live in tests/kernels/hip/ (real HIP: they compile with
hipcc for gfx90a; the wave-size-independent ones also with nvcc through tests/gpu/hip_to_cuda.h)."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

import xpiler
from xpiler import dtypes
from xpiler.errors import UnsupportedConstruct, XpilerError
from xpiler.models.base import Launch
from xpiler.source.loader import load_source

KERNELS = Path(__file__).parent / "kernels" / "hip"
WAVE_OPS = str(KERNELS / "wave_ops.hip")
MFMA = str(KERNELS / "mfma.hip")


def run(path, entry, args, grid=1, block=64, shared=0):
    g = grid if isinstance(grid, tuple) else (grid, 1, 1)
    b = block if isinstance(block, tuple) else (block, 1, 1)
    result = xpiler.run(path, entry=entry, args=args, launch=Launch(grid=g, block=b, shared_bytes=shared))
    return result.raise_for_error()


# ---------------------------------------------------------------------------------------- model

def test_detection_and_model_facts(tmp_path):
    src = load_source(WAVE_OPS)
    assert src.model.name == "hip" and src.model.warp_size == 64
    cpp = tmp_path / "kernel.cpp"
    cpp.write_text("#include <hip/hip_runtime.h>\n__global__ void k(float* x) { x[threadIdx.x] = 1.0f; }\n")
    assert load_source(str(cpp)).model.name == "hip"
    cuda_text = "#include <cuda_runtime.h>\n__global__ void k(float* x) { __syncthreads(); }\n"
    assert load_source(cuda_text).model.name == "cuda"
    builtin_text = "__global__ void k(float* x) { __builtin_amdgcn_s_barrier(); }\n"
    assert load_source(builtin_text).model.name == "hip"
    names = src.model.intrinsic_names()
    assert {"__shfl_down", "__ballot", "__builtin_amdgcn_mfma_f32_32x32x8f16", "hipMalloc"} <= names
    assert "__shfl_down" in src.intrinsics_used()


def test_ext_vector_rewrite_keeps_lines():
    from xpiler.engine.source_rewrite import rewrite_for_engine
    src = load_source(str(KERNELS / "ext_vector.hip"))
    out = rewrite_for_engine(src)
    body = out.split("\n", 1)[1]
    assert body.count("\n") == src.text.decode().count("\n") + 1
    assert "__attribute__((ext_vector_type" not in body
    assert "vector_size((4) * sizeof(float))" in body and "vector_size((4) * sizeof(__fp16))" in body
    assert "typename ::xpiler::hip::ext_vector<T, (N)>::type" in body
    for original, rewritten in zip(src.text.decode().splitlines(), body.splitlines()):
        if "ext_vector_type" not in original:
            assert original == rewritten


def test_unknown_amdgcn_builtin_is_rejected():
    text = ("#include <hip/hip_runtime.h>\n"
            "__global__ void k(float* x) { x[0] = __builtin_amdgcn_mfma_f32_16x16x4_f32(x[0], x[1], 0, 0, 0, 0); }\n")
    with pytest.raises(UnsupportedConstruct, match="did you mean '__builtin_amdgcn_mfma_f32_16x16x4f32'"):
        load_source(text)


def test_sync_shuffle_with_32bit_mask_does_not_compile():
    text = ("#include <hip/hip_runtime.h>\n"
            "__global__ void k(float* x) { x[threadIdx.x] = __shfl_down_sync(0xffffffff, x[threadIdx.x], 1); }\n")
    with pytest.raises(XpilerError, match="64-bit"):
        xpiler.run(text, args=[np.arange(64, dtype=np.float32)], launch=Launch(block=(64, 1, 1)))


# ---------------------------------------------------------------------------------------- wave64

def test_block_reduce_sum_starting_at_half_the_wave(rng):
    n, block, grid = 700, 256, 3
    x = rng.standard_normal(n).astype(np.float32)
    out = run(WAVE_OPS, "block_reduce_sum", [x, np.zeros(grid, np.float32), n], grid, block)["block_sums"]
    expected = [x[b * block:(b + 1) * block].astype(np.float64).sum() for b in range(grid)]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-4)


def test_wave_sums_and_the_32_lane_hazard(rng):
    x = rng.standard_normal(256).astype(np.float32)
    sums = run(WAVE_OPS, "wave_reduce_sum", [x, np.zeros(4, np.float32)], 2, 128)["wave_sums"]
    np.testing.assert_allclose(sums, x.reshape(4, 64).sum(axis=1), rtol=1e-5, atol=1e-4)
    # started at 16, lanes 0 and 32 of each wavefront hold the sums of the two 32-element halves
    halves = run(WAVE_OPS, "reduce_from_16", [x, np.zeros(8, np.float32)], 2, 128)["half_sums"]
    np.testing.assert_allclose(halves, x.reshape(8, 32).sum(axis=1), rtol=1e-5, atol=1e-4)


def test_xor_allreduce_and_up_scan(rng):
    x = rng.standard_normal(192).astype(np.float32)
    out = run(WAVE_OPS, "wave_allreduce_max", [x, np.zeros_like(x)], 1, 192)["out"]
    np.testing.assert_array_equal(out, np.repeat(x.reshape(3, 64).max(axis=1), 64))
    v = rng.integers(-50, 50, 128).astype(np.int32)
    scan = run(WAVE_OPS, "wave_inclusive_scan", [v, np.zeros_like(v)], 1, 128)["out"]
    np.testing.assert_array_equal(scan, np.cumsum(v.reshape(2, 64), axis=1).ravel())


def test_ballot_is_64_bit_and_partial_waves_contribute_nothing(rng):
    n, block, grid = 190, 100, 2          # each block: a full wavefront and one of 36 lanes
    x = rng.standard_normal(2 * block).astype(np.float32)
    x[100:164] = np.abs(x[100:164]) + 0.1  # block 1, wavefront 0: every lane votes yes
    masks, counts, any_all = np.zeros(4, np.uint64), np.zeros(4, np.int32), np.zeros(8, np.int32)
    res = run(WAVE_OPS, "ballot_votes", [x, masks, counts, any_all, n], grid, block)
    exp_masks, exp_any_all = [], []
    for b in range(grid):
        for w in range(2):
            lanes = min(64, block - 64 * w)
            idx = b * block + 64 * w + np.arange(lanes)
            pred = (idx < n) & (x[np.minimum(idx, len(x) - 1)] > 0)
            exp_masks.append(sum(1 << int(l) for l in np.nonzero(pred)[0]))
            exp_any_all += [int(pred.any()), int(pred.all())]
    assert [int(m) for m in res["masks"]] == exp_masks
    assert exp_masks[0] >> 32 != 0                 # lanes 32..63 are really in the mask
    np.testing.assert_array_equal(res["counts"], [bin(m).count("1") for m in exp_masks])
    np.testing.assert_array_equal(res["any_all"], exp_any_all)
    assert exp_any_all[5] == 1 and exp_any_all[7] == 0


def test_shuffles_with_width_32_and_default_width(rng):
    x = rng.standard_normal(128).astype(np.float32)
    outs = [np.zeros_like(x) for _ in range(4)]
    res = run(WAVE_OPS, "shfl_width32", [x, *outs], 1, 128)
    lane = np.arange(128) % 32
    base = np.arange(128) - lane
    np.testing.assert_array_equal(res["bcast"], x[base + 5])
    np.testing.assert_array_equal(res["xored"], x[base + (lane ^ 3)])
    np.testing.assert_array_equal(res["up"], np.where(lane >= 2, x[np.arange(128) - 2], x))
    np.testing.assert_array_equal(res["down"], np.where(lane + 7 < 32, x[np.minimum(np.arange(128) + 7, 127)], x))
    d = rng.standard_normal(128)
    rot = run(WAVE_OPS, "shfl_rotate", [d, np.zeros_like(d)], 1, 128)["out"]
    np.testing.assert_array_equal(rot, np.roll(d.reshape(2, 64), -1, axis=1).ravel())


HIP_SEMANTICS = r"""
#include <hip/hip_runtime.h>
// HIP's __shfl: a source index beyond the width reaches the following group (mod 64); the active
// mask inside a divergent branch names only that branch's lanes
__global__ void shfl_beyond_width(const int* x, int* out, unsigned long long* masks, unsigned long long* below) {
  int lane = threadIdx.x;
  out[lane] = __shfl(x[lane], lane % 16 + 20, 16);
  if (lane % 3 == 0) masks[lane] = __activemask();
  else masks[lane] = __activemask() | 1ull;
  if (lane % 2)
    below[lane] = __lanemask_lt();
}
"""


def test_hip_shfl_index_and_active_mask(rng):
    x = rng.integers(-100, 100, 64).astype(np.int32)
    res = run(HIP_SEMANTICS, "shfl_beyond_width", [x, np.zeros(64, np.int32), np.zeros(64, np.uint64),
                                                   np.zeros(64, np.uint64)], 1, 64)
    lane = np.arange(64)
    np.testing.assert_array_equal(res["out"], x[(lane % 16 + 20 + (lane & ~15)) % 64])
    div3 = sum(1 << l for l in range(0, 64, 3))
    expected = [div3 if l % 3 == 0 else ((~div3) & (2**64 - 1)) | 1 for l in range(64)]
    assert [int(m) for m in res["masks"]] == expected
    odd = sum(1 << l for l in range(1, 64, 2))
    assert [int(m) for m in res["below"]] == [(odd & ((1 << l) - 1)) if l % 2 else 0 for l in range(64)]


# ---------------------------------------------------------------------------------------- memory, atomics, half

def test_shared_memory_tiled_matmul(rng):
    M, N, K = 40, 24, 50
    A = rng.standard_normal((M, K)).astype(np.float32)
    B = rng.standard_normal((K, N)).astype(np.float32)
    path = str(KERNELS / "shared_matmul.hip")
    for entry, shared in [("matmul_tiled", 0), ("matmul_dynamic_shared", 2 * 16 * 16 * 4)]:
        C = run(path, entry, [A, B, np.zeros((M, N), np.float32), M, N, K], (2, 3, 1), (16, 16, 1), shared)["C"]
        np.testing.assert_allclose(C, A.astype(np.float64) @ B, rtol=1e-4, atol=1e-4)


def test_lds_is_64_kib():
    text = ("#include <hip/hip_runtime.h>\n"
            "__global__ void big(float* out) {\n"
            "  __shared__ float lds[14 * 1024];\n"          # 56 KiB: more than CUDA's 48 KiB, within 64 KiB
            "  for (int i = threadIdx.x; i < 14 * 1024; i += blockDim.x) lds[i] = (float)i;\n"
            "  __syncthreads();\n"
            "  out[threadIdx.x] = lds[14 * 1024 - 1 - threadIdx.x];\n"
            "}\n")
    out = run(text, "big", [np.zeros(64, np.float32)], 1, 64)["out"]
    np.testing.assert_array_equal(out, 14 * 1024 - 1 - np.arange(64))
    # dynamic LDS is limited to 64 KiB per workgroup as well
    z = np.zeros((16, 16), np.float32)
    res = xpiler.run(str(KERNELS / "shared_matmul.hip"), entry="matmul_dynamic_shared", args=[z, z, z, 16, 16, 16],
                     launch=Launch(block=(16, 16, 1), shared_bytes=65 * 1024))
    assert res.error is not None and res.error.kind == "bad_launch"


def test_float_atomics_and_histogram(rng):
    path = str(KERNELS / "atomics.hip")
    n = 1000
    x = rng.standard_normal(n).astype(np.float32)
    stats = np.array([-np.inf, np.inf, 0.0], np.float32)
    out = run(path, "float_stats", [x, stats, n], 4, 256)["stats"]
    assert out[0] == x.max() and out[1] == x.min()
    np.testing.assert_allclose(out[2], x.astype(np.float64).sum(), rtol=1e-4, atol=1e-3)
    d = rng.standard_normal(300)
    res = run(path, "double_max", [d, np.array([-1e300]), 300], 2, 256)["result"]
    assert res[0] == d.max()
    v = rng.integers(0, 1000, n).astype(np.int32)
    bins = run(path, "histogram", [v, np.zeros(17, np.uint32), n, 17], 4, 256)["bins"]
    np.testing.assert_array_equal(bins, np.bincount(v % 17, minlength=17))


def test_integer_atomics(rng):
    n = 500
    x = rng.integers(-(1 << 20), 1 << 20, n).astype(np.int32)
    ints = np.array([np.iinfo(np.int32).min, np.iinfo(np.int32).max, 0, 0, 0], np.int32)
    res = run(str(KERNELS / "atomics.hip"), "int_atomics", [x, ints, np.array([-1], np.int32), n], 2, 256)
    got = res["ints"]
    assert got[0] == x.max() and got[1] == x.min()
    assert got[2] == np.bitwise_or.reduce(x & 0xff) and got[3] == np.bitwise_xor.reduce(x)
    assert got[4] == 1 and 0 <= res["slot"][0] < n


def test_half_math(rng):
    path = str(KERNELS / "half_math.hip")
    n = 300
    a, b, c = (rng.uniform(-2, 2, n).astype(np.float16) for _ in range(3))
    outs = [np.zeros(n, np.float16) for _ in range(3)]
    res = run(path, "half_ops", [a, b, c, *outs, np.zeros(n, np.float32), n], 2, 256)
    a32, b32, c32 = (v.astype(np.float64) for v in (a, b, c))
    np.testing.assert_array_equal(res["fma_out"], (a32 * b32 + c32).astype(np.float16))
    np.testing.assert_allclose(res["exp_out"].astype(np.float32), np.exp(a32), rtol=2e-3)
    np.testing.assert_array_equal(res["max_out"], np.maximum(a, b))
    np.testing.assert_array_equal(res["as_float"], 2 * ((a + b) + c).astype(np.float32))
    dot = run(path, "half2_dot", [a[:300], b[:300], np.zeros(150, np.float32), 150], 1, 256)["out"]
    prod = (a * b).astype(np.float32).reshape(150, 2)        # __hmul2 rounds each product to half
    np.testing.assert_array_equal(dot, prod[:, 0] + prod[:, 1])


# ---------------------------------------------------------------------------------------- host programs

def test_host_program_with_hipLaunchKernelGGL(rng):
    path = str(KERNELS / "host_program.hip")
    n = 1000
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    res = xpiler.run(path, entry="host_saxpy",
                     args=[x, y.copy(), np.zeros(n, np.float32), np.zeros(3, np.int32), np.float32(1.5), n])
    res.raise_for_error()
    np.testing.assert_allclose(res["y"], np.float32(1.5) * x + y, rtol=1e-6)
    np.testing.assert_array_equal(res["z"], x[(np.arange(n) * 3) % n])
    np.testing.assert_array_equal(res["info"], [64, 0, 1])
    # the launch of a kernel entry is found in the host code's hipLaunchKernelGGL
    kernel = xpiler.run(path, entry="saxpy", args=[np.float32(2.0), x, y.copy(), n]).raise_for_error()
    assert kernel.launch.grid == (4, 1, 1) and kernel.launch.block == (256, 1, 1)
    np.testing.assert_allclose(kernel["y"], 2 * x + y, rtol=1e-6)


# ---------------------------------------------------------------------------------------- MFMA

def _bf16(a):
    return dtypes.float_to_bf16_bits(a), dtypes.bf16_bits_to_float(dtypes.float_to_bf16_bits(a))


@pytest.mark.parametrize("entry,m,n,k,kind,problems", [
    ("mfma_16x16x4f32", 16, 16, 4, "f32", 3),
    ("mfma_16x16x16f16", 16, 16, 16, "f16", 2),
    ("mfma_32x32x8f16", 32, 32, 8, "f16", 2),
    ("mfma_16x16x16bf16_1k", 16, 16, 16, "bf16", 1),
    ("mfma_32x32x8bf16_1k", 32, 32, 8, "bf16", 1),
])
def test_mfma_layouts_against_numpy(rng, entry, m, n, k, kind, problems):
    A = rng.standard_normal((problems, m, k)).astype(np.float32)
    B = rng.standard_normal((problems, k, n)).astype(np.float32)
    C = rng.standard_normal((problems, m, n)).astype(np.float32)
    if kind == "f16":
        A, B = A.astype(np.float16), B.astype(np.float16)
        args_ab, A64, B64 = [A, B], A.astype(np.float64), B.astype(np.float64)
    elif kind == "bf16":
        (a_bits, a_val), (b_bits, b_val) = _bf16(A), _bf16(B)
        args_ab, A64, B64 = [a_bits, b_bits], a_val.astype(np.float64), b_val.astype(np.float64)
    else:
        args_ab, A64, B64 = [A, B], A.astype(np.float64), B.astype(np.float64)
    D = run(MFMA, entry, [*args_ab, C, np.zeros_like(C)], problems, 64)["D"]
    expected = A64 @ B64 + C
    np.testing.assert_allclose(D, expected, rtol=1e-5, atol=1e-4 * k)


def test_mfma_gemm_loop_over_k_with_several_waves(rng):
    K, N = 64, 64                    # 4 column tiles: 2 blocks of 2 wavefronts
    A = rng.standard_normal((16, K)).astype(np.float16)
    B = rng.standard_normal((K, N)).astype(np.float16)
    D = run(MFMA, "mfma_gemm_f16", [A, B, np.zeros((16, N), np.float32), K, N], 2, 128)["D"]
    np.testing.assert_allclose(D, A.astype(np.float64) @ B.astype(np.float64), rtol=1e-5, atol=1e-3)


def test_mfma_needs_the_whole_wavefront(rng):
    A = rng.standard_normal(65).astype(np.float32)
    res = xpiler.run(MFMA, entry="mfma_divergent", args=[A, np.zeros(64, np.float32)], launch=Launch(block=(64, 1, 1)))
    assert res.error is not None and res.error.kind == "divergent_warp"
    assert "lanes 0-31" in res.error.message and res.error.location.line == 103
    partial = xpiler.run(MFMA, entry="mfma_16x16x4f32",
                         args=[A[:64], A[:64], np.zeros(256, np.float32), np.zeros(256, np.float32)],
                         launch=Launch(block=(48, 1, 1)))
    assert partial.error is not None and partial.error.kind == "divergent_warp"
    assert "only lanes 0-47" in partial.error.message
    mod = xpiler.run(MFMA, entry="mfma_modifier", args=[A, np.zeros(64, np.float32)], launch=Launch(block=(64, 1, 1)))
    assert mod.error is not None and mod.error.kind == "bad_intrinsic_argument" and "cbsz=1" in mod.error.message


# ---------------------------------------------------------------------------------------- clang vectors, lane builtins

def test_ext_vector_types(rng):
    path = str(KERNELS / "ext_vector.hip")
    x = rng.uniform(-3, 3, 256).astype(np.float32)
    res = run(path, "vector_arith", [x, np.zeros_like(x), np.zeros_like(x), np.zeros(5, np.int32), 64], 1, 64)
    np.testing.assert_array_equal(res["sizes"], [16, 8, 8, 32, 32])
    np.testing.assert_array_equal(res["y"], 2 * x + x * x)
    h = x.astype(np.float16)
    np.testing.assert_array_equal(res["h"], (h + h).astype(np.float32))


def test_cross_lane_builtins(rng):
    v = rng.integers(-1000, 1000, 128).astype(np.int32)
    outs = [np.zeros(128, np.int32) for _ in range(4)]
    res = run(str(KERNELS / "ext_vector.hip"), "lane_builtins", [v, *outs], 1, 128)
    waves = v.reshape(2, 64)
    np.testing.assert_array_equal(res["first"], np.repeat(waves[:, 0], 64))
    np.testing.assert_array_equal(res["read5"], np.repeat(waves[:, 5], 64))
    np.testing.assert_array_equal(res["rot"], np.roll(waves, -1, axis=1).ravel())
    np.testing.assert_array_equal(res["lane_ids"], np.tile(np.arange(64), 2))


# ---------------------------------------------------------------------------------------- cross-check cases

def _hip_cases():
    # tests/kernels/hip/cases.py, under its own module name (the CUDA tests import theirs as `cases`)
    if "hip_cases" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hip_cases", KERNELS / "cases.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules["hip_cases"] = mod
        spec.loader.exec_module(mod)
    return sys.modules["hip_cases"]


HIP_CASES = _hip_cases()


@pytest.mark.parametrize("name", [c.name for c in HIP_CASES.CASES])
def test_crosscheck_case_on_the_engine(name):
    # the wave-size-independent cases that tests/gpu/crosscheck.py also runs on an NVIDIA GPU
    c = HIP_CASES.BY_NAME[name]
    inputs = c.inputs(c.rng())
    r = xpiler.run(c.path, entry=c.entry, args=inputs, launch=c.launch)
    assert r.ok, f"{c.name}: {r.error}"
    c.check(inputs, r.outputs)


def test_crosscheck_pipeline_without_a_gpu(tmp_path):
    # cpu step on HIP cases, then the compare step fed with the CPU outputs as if they came from the GPU
    import io
    import tarfile
    sys.path.insert(0, str(Path(__file__).parent / "gpu"))
    import crosscheck
    out = tmp_path / "xc"
    assert crosscheck.main(["cpu", "--out", str(out), "--model", "hip", "--cases",
                            "hip_shfl_width32,hip_matmul_dynamic_shared,hip_half_ops,hip_host_program"]) == 0
    manifest = (out / "manifest.json").read_text()
    assert '"model": "hip"' in manifest and '"model": "cuda"' not in manifest
    # the .hip files include ../../gpu/hip_to_cuda.h under __NVCC__: DIR/kernels/hip/ + DIR/gpu/
    assert (out / "gpu" / "hip_to_cuda.h").exists() and (out / "kernels" / "hip" / "shared_matmul.hip").exists()
    harness = (out / "harness_hip_shared_matmul.cu").read_text()
    assert '#include "kernels/hip/shared_matmul.hip"' in harness
    assert "matmul_dynamic_shared<<<dim3(2, 3, 1), dim3(16, 16, 1), 2048>>>" in harness
    assert "host_saxpy((const float*)(data + 0)" in (out / "harness_hip_host_program.cu").read_text()
    assert not (out / "harness_hip_atomics.cu").exists()
    gpu = tmp_path / "gpu"
    gpu.mkdir()
    with tarfile.open(gpu / "gpu_outputs.tar", "w") as tar:
        for f in out.glob("*.cpu.bin"):
            tar.add(f, arcname=f.name.replace(".cpu.bin", ".gpu.bin"))
    assert crosscheck.main(["compare", "--in", str(out), "--gpu", str(gpu), "--model", "hip"]) == 0
    # a GPU output that differs beyond the tolerance fails the comparison
    raw = bytearray((out / "hip_shfl_width32.cpu.bin").read_bytes())
    raw[1024 + 3] ^= 0x40                     # the first float of `bcast` (after x's 256 floats)
    (gpu / "bad").mkdir()
    with tarfile.open(gpu / "bad" / "gpu_outputs.tar", "w") as tar:
        for f in out.glob("*.cpu.bin"):
            data = bytes(raw) if f.name.startswith("hip_shfl_width32") else f.read_bytes()
            info = tarfile.TarInfo(f.name.replace(".cpu.bin", ".gpu.bin"))
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert crosscheck.main(["compare", "--in", str(out), "--gpu", str(gpu / "bad"), "--model", "hip"]) == 1
