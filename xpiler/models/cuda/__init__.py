"""NVIDIA CUDA C: kernels with __global__, launches with <<<grid, block, shmem, stream>>>."""
from __future__ import annotations

from pathlib import Path

from ...engine.toolchain import ENGINE_RUNTIME
from ...errors import UnsupportedConstruct
from ...source.syntax import walk
from ..base import EngineBuild, Launch, ProgrammingModel, dim3_of
from .intrinsics import INTRINSICS, STRICT_PREFIXES

HERE = Path(__file__).parent


class SimtModel(ProgrammingModel):
    """What CUDA and HIP share: grid/block launches on the SIMT engine."""

    launch_function = "xpiler_launch"
    kernel_qualifiers = ("__global__",)
    device_qualifiers = ("__device__",)
    onchip_qualifiers = {"__shared__": "::xpiler::simt::kShared"}
    warp_size = 32
    # `__align__(n)` (a macro of the CUDA headers) parses as C++11 `alignas(n)`
    parse_substitutions = ((b"__align__", b"alignas  "),)

    def launch_from_config(self, values: list, style: str) -> Launch:
        if len(values) < 2:
            raise ValueError("a launch needs a grid and a block")
        shmem = int(values[2]) if len(values) > 2 else 0
        return Launch(grid=dim3_of(values[0]), block=dim3_of(values[1]), shared_bytes=shmem)

    def launch_statement(self, entry_text: str, launch: Launch, arg_list: str) -> str:
        g, b = launch.grid, launch.block
        return (f"xpiler_launch({entry_text}, dim3({g[0]}, {g[1]}, {g[2]}), dim3({b[0]}, {b[1]}, {b[2]}), "
                f"{launch.shared_bytes})({arg_list});")

    def entry_glue(self, fn, entry_text: str, launch: Launch | None, is_kernel: bool) -> str:
        glue = super().entry_glue(fn, entry_text, launch, is_kernel)
        if is_kernel and fn.location is not None:
            # errors of the launch itself (too many threads per block, ...) point at the kernel
            path = fn.location.path.replace("\\", "\\\\").replace('"', '\\"')
            glue = glue.replace(f"\n  {self.launch_function}(", f'\n#line {fn.location.line} "{path}"\n  '
                                f"{self.launch_function}(", 1)
        return glue

    def reject_device_asm(self, src) -> None:
        """Inline assembly in device code (PTX, GCN) cannot run on the CPU engine: say so, with its line,
        instead of letting the x86 assembler fail on it."""
        for fn in src.info.functions:
            if not any(q in fn.qualifiers for q in (*self.kernel_qualifiers, *self.device_qualifiers)):
                continue
            for n in walk(fn.node):
                if n.type == "gnu_asm_expression":
                    text = src.parsed.node_text(n).splitlines()[0][:80]
                    raise UnsupportedConstruct(
                        f"inline assembly in device code ({self.display_name} function '{fn.name}') cannot run on "
                        "the CPU engine; use the equivalent intrinsic", src.parsed.location(n), text)

    def extra_rewrites(self, src) -> list[tuple[int, int, str]]:
        self.reject_device_asm(src)
        return self.device_heap_rewrites(src)

    def device_heap_rewrites(self, src) -> list[tuple[int, int, str]]:
        """`malloc`/`free` called in device code use the device heap, which has a fixed size on the GPU
        (8 MiB unless the host raises it): route them to the engine's bounded heap, which returns NULL
        past that size as the GPU does."""
        edits = []
        for fn in src.info.functions:
            if not any(q in fn.qualifiers for q in (*self.kernel_qualifiers, *self.device_qualifiers)):
                continue
            for n in walk(fn.node):
                if n.type == "call_expression":
                    callee = n.child_by_field_name("function")
                    name = src.parsed.node_text(callee) if callee is not None else ""
                    if callee.type == "identifier" and name in ("malloc", "free"):
                        edits.append((callee.start_byte, callee.end_byte, f"::xpiler::gpurt::device_{name}"))
        return edits

    def simt_build(self, include_dir: Path, prelude: str) -> EngineBuild:
        # -fstack-clash-protection: large local arrays probe their pages in order, so an emulated
        # thread that overflows its stack hits the guard page instead of another thread's stack.
        return EngineBuild(include_dirs=[include_dir], prelude=prelude,
                           runtime_sources=[ENGINE_RUNTIME / "simt.cpp"],
                           flags=["-fstack-clash-protection"],
                           defines={"XPILER_WARP_SIZE_CHECK": str(self.warp_size)})


class CudaModel(SimtModel):
    name = "cuda"
    display_name = "CUDA"
    extensions = (".cu", ".cuh")
    handle_types = ("cudaStream_t",)
    content_markers = {"__global__": 2, "cuda_runtime": 3, "cudaMalloc": 3, "nvcuda::wmma": 4, "__shfl_sync": 2,
                       "__syncthreads": 1, "<<<": 1, "cudaMemcpy": 3, "mma.h": 2}

    # unknown names in these families are reported at load time (e.g. the pre-CUDA-9 `__shfl_down`)
    strict_intrinsic_prefixes = STRICT_PREFIXES

    def intrinsic_names(self) -> set[str]:
        return set(INTRINSICS)

    def engine_build(self, options: dict) -> EngineBuild:
        return self.simt_build(HERE / "include", "xpiler_cuda_prelude.h")


MODEL = CudaModel()
