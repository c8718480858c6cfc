"""`xpiler lift`: C with a verification header, IR with --emit-ir, -o writes only verified output."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def xpiler(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "xpiler", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_lift_suite_file_prints_verified_c(tmp_path):
    out = tmp_path / "softmax.c"
    r = xpiler("lift", "suite/kernels/cuda/softmax/softmax.cu", "--case", "1", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert "verified on 2 input set(s)" in text and "void softmax_online_warp(" in text
    assert "__shfl" not in text and "threadIdx" not in text.split("*/", 1)[1].split("const uint32_t")[0]


def test_lift_emit_ir_and_given_inputs(tmp_path):
    src = tmp_path / "k.cu"
    src.write_text("__global__ void k(const float* x, float* y, int n) {\n"
                   "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = x[i] * x[i];\n}\n")
    r = xpiler("lift", str(src), "--grid", "2", "--block", "64", "--set", "n=100", "--random-size", "128", "--emit-ir")
    assert r.returncode == 0, r.stderr
    assert "kernel k(in x: float32[128] global, inout y: float32[128] global, n: int32)" in r.stdout
    assert "# verified on 2 input set(s)" in r.stdout


def test_lift_error_is_located(tmp_path):
    src = tmp_path / "bad.cu"
    src.write_text("__global__ void k(float* y) {\n  y[0] = undefined_fn(1);\n}\n")
    r = xpiler("lift", str(src), "--grid", "1", "--block", "1", "--random-size", "4")
    assert r.returncode != 0
    assert f"{src}:2:" in r.stderr and "undefined_fn" in r.stderr
