"""Reading kernels: model detection, parsing, kernels/params/launches, constant evaluation."""
import numpy as np
import pytest

from xpiler.errors import SourceSyntaxError, XpilerError
from xpiler.source.consteval import Evaluator, NotConstant
from xpiler.source.loader import load_source

CUDA = r'''
#include <cuda_runtime.h>
#define BLOCK 128
#define CEIL_DIV(a, b) (((a) + (b) - 1) / (b))
const int TILE = 16;
template <int BS>
__global__ void __launch_bounds__(256) scale(float* __restrict__ y, const float* x, float alpha, int n) {
  int i = blockIdx.x * BS + threadIdx.x;
  if (i < n) y[i] = alpha * x[i];
}
__global__ void tiled(const half* a, half* b, const int* __restrict__ idx, unsigned m) {}
void host(float* y, const float* x, int n) {
  int blocks = CEIL_DIV(n, BLOCK);
  dim3 grid(blocks, 2);
  dim3 block(BLOCK);
  scale<BLOCK><<<grid, block, TILE * TILE * sizeof(float)>>>(y, x, 2.0f, n);
}
'''


def test_cuda_kernels_params_and_launch():
    src = load_source(CUDA)
    assert src.model.name == "cuda"
    names = [k.name for k in src.kernels]
    assert names == ["scale", "tiled"]
    scale = src.kernels[0]
    assert [(p.name, p.ctype, p.pointer_depth, p.is_const) for p in scale.params] == [
        ("y", "float", 1, False), ("x", "float", 1, True), ("alpha", "float", 0, False), ("n", "int", 0, False)]
    tiled = src.kernels[1]
    assert [(p.ctype, p.is_const) for p in tiled.params] == [("half", True), ("half", False), ("int", True),
                                                             ("unsigned", False)]
    (site,) = src.info.launches
    assert site.kernel == "scale<BLOCK>" and site.host_function == "host"
    assert site.location.line == 16


def test_launch_evaluated_from_host_code():
    from xpiler.launch import discover_launch
    src = load_source(CUDA)
    launch, how = discover_launch(src, src.kernels[0], {"n": 1000})
    assert launch.grid == (8, 2, 1) and launch.block == (128, 1, 1)
    assert launch.shared_bytes == 16 * 16 * 4
    assert "host code" in how


@pytest.mark.parametrize("expr,value", [("7 / 2", 3), ("-7 / 2", -3), ("-7 % 3", -1), ("(1 << 10) | 3", 1027),
                                        ("sizeof(float) * 4", 16), ("(int)(2.9f)", 2), ("3 > 2 ? 10 : 20", 10),
                                        ("0x10 + 010", 24), ("N * 2", 64)])
def test_constant_evaluation_follows_c(expr, value):
    ev = Evaluator(lambda name: {"N": 32}[name] if name == "N" else (_ for _ in ()).throw(NotConstant(name)))
    assert ev.eval_text(expr) == value


def test_syntax_error_is_located(tmp_path):
    f = tmp_path / "bad.cu"
    f.write_text("__global__ void k(float* x) {\n  x[0] = (1 + ;\n}\n")
    with pytest.raises(SourceSyntaxError) as e:
        load_source(str(f))
    assert e.value.location.path == str(f)
    assert e.value.location.line == 2
    assert "2:" in str(e.value)


def test_missing_file_and_unknown_platform():
    with pytest.raises(XpilerError, match="no such file"):
        load_source("/nonexistent/kernel.cu")
    with pytest.raises(XpilerError, match="unknown programming model"):
        load_source(CUDA, platform="fortran")


def test_cli_info_and_run(tmp_path, capsys):
    from xpiler.cli import main
    f = tmp_path / "k.cu"
    f.write_text(CUDA)
    assert main(["info", str(f)]) == 0
    out = capsys.readouterr().out
    assert "scale" in out and "scale<BLOCK><<<grid, block" in out
    x = np.random.default_rng(3).standard_normal(300).astype(np.float32)
    np.savez(tmp_path / "in.npz", x=x, y=np.zeros(300, np.float32), alpha=np.float32(1.5), n=np.int32(300))
    code = main(["run", str(f), "--entry", "scale<128>", "--inputs", str(tmp_path / "in.npz"), "--grid", "3",
                 "--block", "128", "-o", str(tmp_path / "out.npz")])
    assert code == 0
    with np.load(tmp_path / "out.npz") as out_npz:
        np.testing.assert_allclose(out_npz["y"], 1.5 * x, rtol=1e-6)


def test_cli_reports_errors_without_traceback(tmp_path, capsys):
    from xpiler.cli import main
    f = tmp_path / "bad.cu"
    f.write_text("__global__ void k(float* x) { x[0] = ; }\n")
    assert main(["info", str(f)]) == 2
    err = capsys.readouterr().err
    assert "bad.cu:1:" in err and "syntax error" in err


def test_type_template_entry_runs(rng):
    import xpiler
    from xpiler.models.base import Launch
    src = """
template <typename T, int SCALE>
__global__ void scale(const T* x, T* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i] * (T)SCALE;
}
"""
    x = rng.standard_normal(100)
    r = xpiler.run(src, platform="cuda", entry="scale<double, 3>", args=[x, np.zeros(100), 100],
                   launch=Launch(grid=(1, 1, 1), block=(128, 1, 1)))
    np.testing.assert_allclose(r["y"], 3 * x, rtol=1e-15)
    assert r["y"].dtype == np.float64


def test_launch_value_set_at_run_time_is_not_constant():
    from xpiler.launch import discover_launch, resolve_launch
    from xpiler.errors import LaunchError
    src = load_source("""
__global__ void k(float* x, int n) { x[threadIdx.x] = n; }
void host(float* x, int n) {
  int blocks = 0;
  query_blocks(&blocks);
  int threads = 64;
  threads += 64;
  k<<<blocks, threads>>>(x, n);
}
""", platform="cuda")
    with pytest.raises(LaunchError, match="blocks"):
        discover_launch(src, src.kernels[0], {"n": 4})
    with pytest.raises(LaunchError):   # CUDA has no default launch
        resolve_launch(src, src.kernels[0], {"n": 4}, None)
