"""CUDA feature kernels (tests/kernels/cuda/*.cu) on the CPU engine against NumPy references."""
import sys
from pathlib import Path

import numpy as np
import pytest

import xpiler
import xpiler.models.base

sys.path.insert(0, str(Path(__file__).parent / "kernels" / "cuda"))
from cases import BY_NAME, CASES  # noqa: E402


def run_case(c, **kw):
    inputs = c.inputs(c.rng())
    r = xpiler.run(c.path, entry=c.entry, args=inputs, launch=c.launch, **kw)
    assert r.ok, f"{c.name}: {r.error}"
    return inputs, r


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_feature(name):
    c = BY_NAME[name]
    inputs, r = run_case(c)
    c.check(inputs, r.outputs)


WMMA_CASES = [c.name for c in CASES if c.file == "wmma.cu"]


def test_wmma_results_do_not_depend_on_the_lane_mapping(monkeypatch):
    # the fragment element <-> lane mapping is unspecified: a scrambled one must give identical results
    natural = {name: run_case(BY_NAME[name])[1].outputs for name in WMMA_CASES}
    monkeypatch.setenv("XPILER_WMMA_MAPPING", "scrambled")
    for name in WMMA_CASES:
        inputs, r = run_case(BY_NAME[name])
        BY_NAME[name].check(inputs, r.outputs)
        for k, v in natural[name].items():
            assert np.array_equal(v, r.outputs[k], equal_nan=True), (name, k)


def test_wmma_mapping_switch_changes_the_fragment_layout(monkeypatch):
    path = BY_NAME[WMMA_CASES[0]].path
    A = np.arange(256, dtype=np.float16)
    dumps = {}
    for mode in ("natural", "scrambled"):
        monkeypatch.setenv("XPILER_WMMA_MAPPING", mode)
        r = xpiler.run(path, entry="wmma_fragment_dump", args=[A, np.full(512, np.nan, np.float32)],
                       launch=xpiler.models.base.Launch(grid=(1, 1, 1), block=(32, 1, 1)))
        assert r.ok, r.error
        dumps[mode] = r.outputs["lanes"]
        # a 16x16 half matrix_a fragment holds 16 elements per lane: every element exactly twice
        assert np.array_equal(np.sort(dumps[mode]), np.repeat(np.arange(256, dtype=np.float32), 2))
    assert not np.array_equal(dumps["natural"], dumps["scrambled"])
    monkeypatch.setenv("XPILER_WMMA_MAPPING", "diagonal")
    r = xpiler.run(path, entry="wmma_fragment_dump", args=[A, np.zeros(512, np.float32)],
                   launch=xpiler.models.base.Launch(grid=(1, 1, 1), block=(32, 1, 1)))
    assert r.error is not None and r.error.kind == "bad_option"


def test_device_printf_reaches_stdout(tmp_path):
    path = tmp_path / "p.cu"
    path.write_text('#include <cstdio>\n__global__ void k(int* y) {\n'
                    '  printf("thread %d of block %d: %d\\n", (int)threadIdx.x, (int)blockIdx.x, y[threadIdx.x]);\n}\n')
    r = xpiler.run(str(path), entry="k", args=[np.array([7, 8, 9], np.int32)],
                   launch=xpiler.models.base.Launch(grid=(2, 1, 1), block=(3, 1, 1)))
    assert r.ok, r.error
    assert r.stdout.splitlines() == [f"thread {t} of block {b}: {7 + t}" for b in range(2) for t in range(3)]


def test_crosscheck_pipeline_without_a_gpu(tmp_path):
    # cpu step, then the compare step fed with the CPU outputs as if they came from the GPU
    import tarfile
    sys.path.insert(0, str(Path(__file__).parent / "gpu"))
    import crosscheck
    out = tmp_path / "xc"
    assert crosscheck.main(["cpu", "--out", str(out), "--cases", "grid_stride,votes_partial_warp,bfloat16,"
                            "host_runtime_pipeline,wmma_f32_arow_bcol_drow"]) == 0
    harness = (out / "harness_basics.cu").read_text()
    assert '#include "kernels/basics.cu"' in harness and "grid_stride_saxpy<<<dim3(4, 1, 1), dim3(128, 1, 1), 0>>>" in harness
    assert "wmma_gemm<0,1,0><<<" in (out / "harness_wmma.cu").read_text()
    assert "host_pipeline((const float*)(data + 0)" in (out / "harness_host_runtime.cu").read_text()
    gpu = tmp_path / "gpu"
    gpu.mkdir()
    with tarfile.open(gpu / "gpu_outputs.tar", "w") as tar:
        for f in out.glob("*.cpu.bin"):
            tar.add(f, arcname=f.name.replace(".cpu.bin", ".gpu.bin"))
    assert crosscheck.main(["compare", "--in", str(out), "--gpu", str(gpu)]) == 0


def test_device_malloc_has_the_gpu_heap_limit():
    """In-kernel malloc draws on a fixed device heap (8 MiB by default): past it, NULL, as on the GPU."""
    src = """
__global__ void k(int* ok) {
  float* p = (float*)malloc(64 * 1024 * sizeof(float));
  ok[blockIdx.x * blockDim.x + threadIdx.x] = p != 0;
  if (p) { p[0] = 1; free(p); }
}"""
    import numpy as np
    from xpiler.models.base import Launch
    from xpiler.runner import run
    r = run(src, "cuda", "k", args=[np.zeros(64, np.int32)], launch=Launch(grid=(2, 1, 1), block=(32, 1, 1)))
    assert r.ok, r.error
    granted = r.outputs["ok"]
    assert granted.sum() == (8 << 20) // (64 * 1024 * 4 + 16)      # 31 x 256 KiB fit, the rest get NULL
    assert granted[:31].all() and not granted[31:].any()
