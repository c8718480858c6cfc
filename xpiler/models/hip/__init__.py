"""AMD HIP: CUDA-like kernels on 64-lane wavefronts (CDNA), launched with hipLaunchKernelGGL or <<< >>>.

The engine emulates a CDNA2-like device (gfx90a): warpSize 64, 64-bit lane masks, HIP's mask-free
shuffles and votes, float atomicMin/atomicMax, 64 KiB of LDS, and the MFMA matrix builtins as
wavefront collectives with the exact per-lane layouts of the hardware.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..base import EngineBuild
from ..cuda import SimtModel
from .intrinsics import INTRINSICS

HERE = Path(__file__).parent

# clang's `ext_vector_type(N)` attribute (GCC has only `vector_size(bytes)`)
_EXT_VECTOR = re.compile(rb"\b(?:__ext_vector_type__|ext_vector_type)\s*\(")
_TYPED_NODES = ("type_definition", "alias_declaration", "declaration", "field_declaration",
                "parameter_declaration", "optional_parameter_declaration")


def _keep_lines(original: bytes, replacement: str) -> str:
    return replacement + "\n" * original.count(b"\n")


def _matching_paren(data: bytes, open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(data)):
        if data[k] == ord("("):
            depth += 1
        elif data[k] == ord(")"):
            depth -= 1
            if depth == 0:
                return k
    return -1


class HipModel(SimtModel):
    name = "hip"
    display_name = "HIP"
    extensions = (".hip",)
    handle_types = ("hipStream_t",)
    # the CUDA vocabulary HIP shares scores the same for both models, so HIP's own names decide
    content_markers = {"__global__": 2, "__syncthreads": 1, "<<<": 1, "__shfl_sync": 2, "hip_runtime": 8,
                       "hipLaunchKernelGGL": 6, "hipMalloc": 5, "hipMemcpy": 4, "hipDeviceSynchronize": 3,
                       "__builtin_amdgcn_": 8, "hip_fp16.h": 6, "hip_bf16.h": 6, "hip_bfloat16.h": 6,
                       "HIP_KERNEL_NAME": 4, "__HIP_PLATFORM_AMD__": 3, "hipThreadIdx_x": 5, "hipBlockIdx_x": 5,
                       "ext_vector_type": 2}
    warp_size = 64
    known_constants = {"warpSize": 64}
    strict_intrinsic_prefixes = ("__builtin_amdgcn_",)

    def intrinsic_names(self) -> set[str]:
        return set(INTRINSICS)

    def engine_build(self, options: dict) -> EngineBuild:
        return self.simt_build(HERE / "include", "xpiler_hip_prelude.h")

    def extra_rewrites(self, src) -> list[tuple[int, int, str]]:
        """clang vector typedefs for g++: `T __attribute__((ext_vector_type(N)))` becomes
        `vector_size((N) * sizeof(T))` (the element type is read from the declaration's syntax
        node); an alias template (`template <int N> using v = T __attribute__((ext_vector_type(N)))`),
        whose vector attribute g++ would drop, becomes `typename xpiler::hip::ext_vector<T, (N)>::type`."""
        self.reject_device_asm(src)
        text, masked, parsed = src.text, src.parsed.masked, src.parsed
        edits: list[tuple[int, int, str]] = []
        done_aliases: set[int] = set()
        for m in _EXT_VECTOR.finditer(text):
            start = m.start()
            if masked[start:m.end()] == text[start:m.end()]:
                continue   # not inside a blanked __attribute__ (a comment, a string, a macro name)
            close = _matching_paren(text, m.end() - 1)
            if close < 0:
                continue
            count = text[m.end():close].decode("utf-8", "replace").strip()
            node = parsed.root.descendant_for_byte_range(start, close + 1)
            while node is not None and node.type not in _TYPED_NODES:
                node = node.parent
            if node is None:
                continue
            type_node = node.child_by_field_name("type")
            if type_node is None:
                continue
            elem = parsed.node_text(type_node).strip()
            if node.type == "alias_declaration":
                if node.start_byte in done_aliases:
                    continue
                done_aliases.add(node.start_byte)
                eq = next((c for c in node.children if c.type == "="), None)
                semi = next((c for c in node.children if c.type == ";"), None)
                if eq is None or semi is None:
                    continue
                original = text[eq.end_byte:semi.start_byte]
                edits.append((eq.end_byte, semi.start_byte,
                              _keep_lines(original, f" typename ::xpiler::hip::ext_vector<{elem}, ({count})>::type")))
            else:
                original = text[start:close + 1]
                edits.append((start, close + 1, _keep_lines(original, f"vector_size(({count}) * sizeof({elem}))")))
        return edits + self.device_heap_rewrites(src)


MODEL = HipModel()
