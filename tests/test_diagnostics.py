"""CUDA programs that are wrong: every error comes back as a structured diagnostic (kind, message,
source line), never as an exception out of xpiler.run or a hang."""
import re

import numpy as np
import pytest

import xpiler
from xpiler.errors import SourceSyntaxError, UnsupportedConstruct
from xpiler.models.base import Launch
from xpiler.source.loader import load_source


def source(tmp_path, text, name="k.cu"):
    """Write `text`; returns (path, {tag: line}) for the `// @tag` markers in it."""
    path = tmp_path / name
    path.write_text(text)
    marks = {}
    for i, line in enumerate(text.splitlines(), 1):
        for tag in re.findall(r"// @(\w+)", line):
            marks[tag] = i
    return str(path), marks


def run(path, entry="k", args=(), launch=Launch(grid=(1, 1, 1), block=(64, 1, 1)), **kw):
    r = xpiler.run(path, entry=entry, args=args, launch=launch, **kw)
    assert not r.ok, "expected an error"
    return r.error


def at(err, path, line):
    assert err.location is not None, f"no location: {err}"
    assert (err.location.path, err.location.line) == (path, line), str(err)


F = lambda n: np.random.default_rng(n).standard_normal(n).astype(np.float32)   # noqa: E731


# ------------------------------------------------------------------------------------------ memory
def test_out_of_bounds_global_read_names_the_buffer(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y, const float* x, int n) {
  int i = threadIdx.x;
  if (i < n) y[i] = x[i + 1] * 2.0f;   // @read
}
""")
    err = run(path, args=[np.zeros(64, np.float32), F(64), 64])
    assert err.kind == "out_of_bounds"
    at(err, path, m["read"])
    assert "read" in err.message and "'x'" in err.message and "256 bytes" in err.message
    assert err.kernel == "k" and "thread (63,0,0)" in err.worker


def test_out_of_bounds_global_write_names_the_buffer(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y, const float* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i + 3] = x[i];   // @write
}
""")
    err = run(path, args=[np.zeros(100, np.float32), F(100), 100], launch=Launch(grid=(2, 1, 1), block=(64, 1, 1)))
    assert err.kind == "out_of_bounds"
    at(err, path, m["write"])
    assert "write" in err.message and "'y'" in err.message and "offset 400" in err.message
    assert "block (1,0,0) thread (33,0,0)" in err.worker


def test_out_of_bounds_static_shared_write(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y, const float* x) {
  __shared__ float tile[64];
  tile[threadIdx.x + 1] = x[threadIdx.x];   // @write
  __syncthreads();
  y[threadIdx.x] = tile[threadIdx.x];
}
""")
    err = run(path, args=[np.zeros(64, np.float32), F(64)])
    assert err.kind == "out_of_bounds"
    at(err, path, m["write"])
    assert "__shared__ variable 'tile'" in err.message and "offset 256" in err.message


def test_shared_write_into_padding_is_found_after_the_block(tmp_path):
    # 33 floats: the write just past the end lands in alignment padding, not on the guard page
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  __shared__ float odd[33];   // @decl
  odd[threadIdx.x] = 1.0f;
  y[0] = odd[0];
}
""")
    err = run(path, args=[np.zeros(1, np.float32)], launch=Launch(grid=(3, 1, 1), block=(34, 1, 1)))
    assert err.kind == "out_of_bounds"
    at(err, path, m["decl"])
    assert "'odd'" in err.message and "offset 132" in err.message and "block (0,0,0)" in err.message


def test_out_of_bounds_dynamic_shared(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  extern __shared__ float buf[];
  buf[threadIdx.x] = 2.0f;   // @write
  y[threadIdx.x] = buf[threadIdx.x];
}
""")
    err = run(path, args=[np.zeros(64, np.float32)], launch=Launch(grid=(1, 1, 1), block=(64, 1, 1), shared_bytes=128))
    assert err.kind == "out_of_bounds"
    at(err, path, m["write"])
    assert "dynamic shared memory" in err.message and "128 bytes" in err.message


def test_static_shared_over_capacity(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  __shared__ float a[8192];
  __shared__ float b[8192];   // @b
  a[threadIdx.x] = 1; b[threadIdx.x] = 2;
  y[threadIdx.x] = a[threadIdx.x] + b[threadIdx.x];
}
""")
    err = run(path, args=[np.zeros(64, np.float32)])
    assert err.kind == "onchip_overflow"
    at(err, path, m["b"])
    assert "'b' needs 32768 bytes" in err.message and "'a' 32768 B" in err.message


# ------------------------------------------------------------------------------------------ barriers, warps
def test_divergent_barrier(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  y[threadIdx.x] = 1.0f;
  if (threadIdx.x < 16)
    __syncthreads();   // @bar
}
""")
    err = run(path, args=[np.zeros(64, np.float32)])
    assert err.kind == "divergent_barrier"
    at(err, path, m["bar"])
    assert "16 threads wait" in err.message and "48 threads" in err.message


def test_barriers_at_two_different_sites(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  if (threadIdx.x < 16) {
    y[threadIdx.x] = 1.0f;
    __syncthreads();   // @first
  } else {
    __syncthreads();   // @second
    y[threadIdx.x] = 2.0f;
  }
}
""")
    err = run(path, args=[np.zeros(64, np.float32)])
    assert err.kind == "divergent_barrier"
    at(err, path, m["first"])
    assert f"line {m['second']}" in err.message


def test_shuffle_missing_lanes_named_in_the_mask(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  float v = threadIdx.x;
  if (threadIdx.x % 32 < 16)
    v = __shfl_down_sync(0xffffffff, v, 1);   // @shfl
  __syncthreads();   // @bar
  y[threadIdx.x] = v;
}
""")
    err = run(path, args=[np.zeros(64, np.float32)])
    assert err.kind == "divergent_warp"
    at(err, path, m["shfl"])
    assert "lane 16" in err.message and f"line {m['bar']}" in err.message


def test_wmma_misaligned_pointer(tmp_path):
    path, m = source(tmp_path, """
#include <mma.h>
using namespace nvcuda;
__global__ void k(const half* a, float* d) {
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::load_matrix_sync(fa, a + 4, 16);   // @load
}
""")
    err = run(path, args=[np.zeros(512, np.float16), np.zeros(4, np.float32)],
              launch=Launch(grid=(1, 1, 1), block=(32, 1, 1)))
    assert err.kind == "bad_intrinsic_argument"
    at(err, path, m["load"])
    assert "32-byte aligned" in err.message


def test_infinite_loop_times_out_at_its_line(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(volatile int* flag, int* out) {
  if (threadIdx.x == 0) {
    while (flag[0] == 0) {   // @spin
    }
  }
  out[threadIdx.x] = 1;
}
""")
    err = run(path, args=[np.zeros(1, np.int32), np.zeros(64, np.int32)], timeout=3)
    assert err.kind == "timeout"
    at(err, path, m["spin"])
    assert "thread (0,0,0)" in err.worker


# ------------------------------------------------------------------------------------------ source problems
def test_syntax_error_has_file_line_column(tmp_path):
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  y[threadIdx.x] = (1.0f + ;   // @bad
}
""")
    with pytest.raises(SourceSyntaxError) as e:
        load_source(path)
    loc = e.value.location
    assert (loc.path, loc.line) == (path, m["bad"]) and loc.column > 1
    assert f"{path}:{m['bad']}:{loc.column}" in str(e.value)
    with pytest.raises(SourceSyntaxError):
        xpiler.run(path, entry="k", args=[np.zeros(4, np.float32)])


def test_unknown_warp_intrinsic_is_named_with_a_suggestion(tmp_path):
    # __shfl_down (no mask) was removed for compute capability >= 7.0
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  float v = y[threadIdx.x];
  v += __shfl_down(v, 1);   // @old
  y[threadIdx.x] = v;
}
""")
    with pytest.raises(UnsupportedConstruct) as e:
        load_source(path)
    assert e.value.location.line == m["old"]
    assert "__shfl_down" in str(e.value) and "did you mean '__shfl_down_sync'" in str(e.value)


def test_inline_ptx_is_unsupported(tmp_path):
    path, m = source(tmp_path, """
__device__ unsigned lane_id() {
  unsigned r;
  asm volatile("mov.u32 %0, %%laneid;" : "=r"(r));   // @asm
  return r;
}
__global__ void k(unsigned* y) { y[threadIdx.x] = lane_id(); }
""")
    with pytest.raises(UnsupportedConstruct) as e:
        xpiler.run(path, entry="k", args=[np.zeros(64, np.uint32)], launch=Launch(block=(64, 1, 1)))
    assert e.value.location.line == m["asm"] and "inline assembly" in str(e.value)


def test_unknown_function_is_a_located_compile_error(tmp_path):
    from xpiler.engine.toolchain import CompileError
    path, m = source(tmp_path, """
__global__ void k(float* y) {
  y[threadIdx.x] = __not_a_cuda_function(y[0]);   // @call
}
""")
    with pytest.raises(CompileError) as e:
        xpiler.run(path, entry="k", args=[np.zeros(64, np.float32)], launch=Launch(block=(64, 1, 1)))
    assert e.value.location.line == m["call"] and "__not_a_cuda_function" in str(e.value)


# ------------------------------------------------------------------------------------------ host runtime
HOST = """
#include <cuda_runtime.h>
__global__ void fill(float* d, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) d[i] = 2.0f * i;   // @fill
}
void host(const float* x, float* y, int n, int mode) {
  float* d;
  cudaMalloc(&d, n * sizeof(float));   // @malloc
  if (mode == 0) cudaMemcpy(d, x, (n + 1) * sizeof(float), cudaMemcpyHostToDevice);   // @overrun
  if (mode == 1) { cudaFree(d); fill<<<1, 64>>>(d, n); }   // @uaf_launch
  if (mode == 2) { cudaFree(d); cudaMemcpy(y, d, n * sizeof(float), cudaMemcpyDeviceToHost); }   // @uaf_copy
  if (mode == 3) { cudaFree(d); cudaFree(d); }   // @double_free
  if (mode == 4) fill<<<1, 2048>>>(d, n);   // @big_block
  cudaMemcpy(y, d, n * sizeof(float), cudaMemcpyDeviceToHost);
}
"""


@pytest.mark.parametrize("mode,kind,tag,words", [
    (0, "out_of_bounds", "overrun", ["cudaMemcpy", "260 bytes", "overrun device buffer", "#1 (line"]),
    (1, "use_after_free", "fill", ["write", "after it was freed"]),
    (2, "use_after_free", "uaf_copy", ["already freed"]),
    (3, "invalid_free", "double_free", ["freed twice"]),
    (4, "bad_launch", "big_block", ["2048 threads per block", "1024"]),
])
def test_host_runtime_errors(tmp_path, mode, kind, tag, words):
    path, m = source(tmp_path, HOST)
    n = 64
    err = run(path, entry="host", args=[F(n), np.zeros(n, np.float32), n, mode], launch=None)
    assert err.kind == kind, str(err)
    at(err, path, m[tag])
    for w in words:
        assert w in err.message, (w, err.message)


def test_too_many_threads_per_block_from_the_caller(tmp_path):
    path, m = source(tmp_path, HOST)
    err = run(path, entry="fill", args=[np.zeros(64, np.float32), 64], launch=Launch(grid=(1, 1, 1), block=(2048, 1, 1)))
    assert err.kind == "bad_launch" and "2048 threads per block" in err.message
    assert err.location.line == 3      # the kernel's definition


# ------------------------------------------------------------------------------------------ crashes
CRASH = """
#include <cassert>
#include <cstdlib>
__global__ void k(int* y, int n, int mode) {
  int t = threadIdx.x;
  if (mode == 0 && t == 3) abort();   // @abort
  if (mode == 1) y[t] = 100 / (n - t);   // @div
  if (mode == 2) assert(y[t] < 40);   // @assert
  if (mode == 3 && t == 7) __trap();   // @trap
  if (mode == 4) { int* p = (int*)(size_t)n; y[t] = p[t]; }   // @null
}
__global__ void k_big(int* y, int n, int mode) {   // @big_fn
  float big[1 << 20];   // @big
  for (int i = 0; i < (1 << 20); ++i) big[i] = i * (float)y[0];
  y[threadIdx.x] = (int)big[n + mode];
}
"""


@pytest.mark.parametrize("mode,kind,tag", [(0, "crash", "abort"), (1, "arithmetic_fault", "div"),
                                           (2, "assertion_failed", "assert"), (3, "trap", "trap"),
                                           (4, "crash", "null"), (5, "stack_overflow", "big")])
def test_crashes_come_back_as_errors(tmp_path, mode, kind, tag):
    path, m = source(tmp_path, CRASH)
    y = np.arange(64, dtype=np.int32)
    err = run(path, entry="k_big" if mode == 5 else "k", args=[y, 5 if mode != 4 else 0, mode])    # never raises
    assert err.kind == kind, str(err)
    if mode == 5:   # the frame is probed in the function's prologue
        assert err.location.line in (m[tag], m["big_fn"]), str(err)
        assert "XPILER_STACK_KB" in err.message or "stack overflow" in err.message
    else:
        at(err, path, m[tag])
    assert err.kernel.startswith("k") and err.worker.startswith("block (0,0,0) thread")


def test_crash_in_host_code_is_an_error(tmp_path):
    path, m = source(tmp_path, """
void host(float* y, int n) {
  float* p = nullptr;
  if (n > 3) p[n] = y[0];   // @null
}
""")
    err = run(path, entry="host", args=[np.zeros(4, np.float32), 10], launch=None)
    assert err.kind == "crash"
    at(err, path, m["null"])
