"""NVIDIA CUDA C: kernels with __global__, launches with <<<grid, block, shmem, stream>>>."""
from __future__ import annotations

from pathlib import Path

from ...engine.toolchain import ENGINE_RUNTIME
from ..base import EngineBuild, Launch, ProgrammingModel
from .intrinsics import INTRINSICS

HERE = Path(__file__).parent


def dim_of(value) -> tuple[int, int, int]:
    if isinstance(value, tuple):
        return tuple(int(v) for v in (list(value) + [1, 1, 1])[:3])
    return (int(value), 1, 1)


class SimtModel(ProgrammingModel):
    """What CUDA and HIP share: grid/block launches on the SIMT engine."""

    launch_function = "xpiler_launch"
    kernel_qualifiers = ("__global__",)
    device_qualifiers = ("__device__",)
    onchip_qualifiers = {"__shared__": "::xpiler::simt::kSharedSpace"}
    warp_size = 32

    def launch_from_config(self, values: list, style: str) -> Launch:
        if len(values) < 2:
            raise ValueError("a launch needs a grid and a block")
        shmem = int(values[2]) if len(values) > 2 else 0
        return Launch(grid=dim_of(values[0]), block=dim_of(values[1]), shared_bytes=shmem)

    def launch_statement(self, entry_text: str, launch: Launch, arg_list: str) -> str:
        g, b = launch.grid, launch.block
        return (f"xpiler_launch({entry_text}, dim3({g[0]}, {g[1]}, {g[2]}), dim3({b[0]}, {b[1]}, {b[2]}), "
                f"{launch.shared_bytes})({arg_list});")

    def simt_build(self, include_dir: Path, prelude: str) -> EngineBuild:
        return EngineBuild(include_dirs=[include_dir], prelude=prelude,
                           runtime_sources=[ENGINE_RUNTIME / "simt.cpp"],
                           defines={"XPILER_WARP_SIZE_CHECK": str(self.warp_size)})


class CudaModel(SimtModel):
    name = "cuda"
    display_name = "CUDA"
    extensions = (".cu", ".cuh")
    content_markers = {"__global__": 2, "cuda_runtime": 3, "cudaMalloc": 3, "nvcuda::wmma": 4, "__shfl_sync": 2,
                       "__syncthreads": 1, "<<<": 1, "cudaMemcpy": 3, "mma.h": 2}

    def intrinsic_names(self) -> set[str]:
        return set(INTRINSICS)

    def engine_build(self, options: dict) -> EngineBuild:
        return self.simt_build(HERE / "include", "xpiler_cuda_prelude.h")


MODEL = CudaModel()
