"""Cambricon BANG C: kernels with __mlu_global__, on-chip NRAM/WRAM/SRAM/LDRAM variables, launches
with <<<dim, func_type, queue>>>, run on the BANG task engine (tasks as fibers, real inter-core
barriers, per-core arenas swapped on task switches, __bang_* intrinsics with constraint checks).

Options (``xpiler.run(..., options={...})``):
  bang_arch           architecture whose capacities and intrinsic set are emulated (default mtp_592;
                      see arch.ARCHS)
  bang_ldram_kb       LDRAM per core in KB (default 4096)
  bang_active         "ideal" (default: libm results for __bang_active_*) or "hardware" (apply the
                      documented exp/sigmoid/gelu saturation thresholds)
  bang_matmul_layout  "documented" (default: B stored [N][K] in WRAM) or "raw" (WRAM bytes read as [K][N])
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ...engine.toolchain import cache_dir
from ...errors import UnsupportedConstruct, XpilerError
from ...source.syntax import walk
from ..base import EngineBuild, Launch, ProgrammingModel, dim3_of
from .arch import DEFAULT_LDRAM_KB, get_arch
from .intrinsics import generate_header, intrinsic_names

HERE = Path(__file__).parent

FUNC_TYPES = {"block": 1, "union1": 4, "union2": 8, "union4": 16, "union8": 32, "union16": 64}
FUNC_TYPE_NAMES = {v: k for k, v in FUNC_TYPES.items()}
KNOWN_CONSTANTS = {"cnrtFuncTypeBlock": 1, "cnrtFuncTypeUnion1": 4, "cnrtFuncTypeUnion2": 8, "cnrtFuncTypeUnion4": 16,
                   "cnrtFuncTypeUnion8": 32, "cnrtFuncTypeUnion16": 64, "CNRT_FUNC_TYPE_BLOCK": 1,
                   "CNRT_FUNC_TYPE_BLOCK0": 1, "CNRT_FUNC_TYPE_UNION1": 4, "CNRT_FUNC_TYPE_UNION2": 8,
                   "CNRT_FUNC_TYPE_UNION4": 16, "CNRT_FUNC_TYPE_UNION8": 32, "CNRT_FUNC_TYPE_UNION16": 64}

# The default launch when neither the file nor the caller gives one: Union1 over 4 clusters x 4
# cores, dim = {4, 4, 1} (OPSG's Union1 shape {cores_per_cluster, cluster_count, 1}). So taskDim = 16,
# taskId = clusterId * 4 + coreId, coreDim = 4, clusterDim = 4 -- the geometry real-world kernels
# most often hard-code (bang.md 1.6). Each cluster is one Union1 job; jobs run one after another.
DEFAULT_LAUNCH = Launch(grid=(4, 4, 1), func_type="union1")


def func_type_code(value) -> int:
    if isinstance(value, int):
        if value not in FUNC_TYPE_NAMES:
            raise XpilerError(f"BANG function type {value} is not Block (1) or UnionN (4, 8, 16, 32, 64)")
        return value
    key = str(value).strip().lower()
    for prefix in ("cnrtfunctype", "cnrt_func_type_"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    if key.isdigit():
        return func_type_code(int(key))
    if key not in FUNC_TYPES:
        raise XpilerError(f"unknown BANG function type '{value}' (block, union1, union2, union4, union8, union16)")
    return FUNC_TYPES[key]


class BangModel(ProgrammingModel):
    name = "bang"
    display_name = "BANG C"
    extensions = (".mlu",)
    handle_types = ("cnrtQueue_t",)
    content_markers = {"__mlu_global__": 4, "__mlu_entry__": 4, "__nram__": 3, "__wram__": 3, "__mlu_shared__": 3,
                       "__bang_": 2, "__memcpy": 1, "GDRAM2NRAM": 3, "NRAM2GDRAM": 3, "taskId": 1, "taskDim": 1,
                       "clusterId": 1, "coreId": 1, "cnrt": 2, "bang.h": 2, "mlu.h": 1, "__mlu_func__": 3}
    # Equal-length substitutes the CUDA grammar parses as one node spanning the whole qualifier, so
    # the original token text is what kernel and on-chip detection read: __declspec(..) modifiers
    # for the function/space qualifiers, `thread_local` (a storage class) for the 12-letter ones,
    # type qualifiers for the on-chip spaces of variables.
    parse_substitutions = (
        (b"__mlu_global__", b"__declspec(xx)"),
        (b"__mlu_entry__", b"__declspec(x)"),
        (b"__mlu_device__", b"__declspec(xx)"),
        (b"__mlu_shared__", b"__declspec(xx)"),
        (b"__mlu_const__", b"__declspec(x)"),
        (b"__mlu_func__", b"thread_local"),
        (b"__mlu_host__", b"thread_local"),
        (b"__nram__", b"volatile"),
        (b"__wram__", b"volatile"),
        (b"__ldram__", b"constexpr"),
    )
    kernel_qualifiers = ("__mlu_global__", "__mlu_entry__")
    device_qualifiers = ("__mlu_func__", "__mlu_device__")
    onchip_qualifiers = {"__nram__": "::xpiler::bang::nram_space()", "__wram__": "::xpiler::bang::wram_space()",
                         "__mlu_shared__": "::xpiler::bang::sram_space()", "__ldram__": "::xpiler::bang::ldram_space()"}
    known_constants = KNOWN_CONSTANTS
    strict_intrinsic_prefixes = ("__bang_",)
    # <<<dim, func_type, queue>>>: the queue does not change the launch
    launch_config_used = 2

    def intrinsic_names(self) -> set[str]:
        return intrinsic_names()

    def default_launch(self, kernel) -> Launch | None:
        return DEFAULT_LAUNCH

    def launch_from_config(self, values: list, style: str) -> Launch:
        if len(values) < 2:
            raise ValueError("a BANG launch needs <<<dim, function type, queue>>>")
        code = func_type_code(values[1])
        return Launch(grid=dim3_of(values[0]), func_type=FUNC_TYPE_NAMES[code])

    def launch_statement(self, entry_text: str, launch: Launch, arg_list: str) -> str:
        x, y, z = launch.grid
        code = func_type_code(launch.func_type or "union1")
        return f"xpiler_launch({entry_text}, cnrtDim3_t{{{x}u, {y}u, {z}u}}, {code})({arg_list});"

    def extra_rewrites(self, src) -> list[tuple[int, int, str]]:
        """`__asm__ volatile("sync;")` (mlu-ops' full pipeline fence) becomes a no-op; other inline
        MLISA assembly cannot run on a CPU."""
        edits = []
        parsed = src.parsed
        for n in walk(parsed.root):
            if n.type != "gnu_asm_expression":
                continue
            text = "".join(parsed.node_text(c)[1:-1] for c in walk(n) if c.type == "string_content")
            if text.replace(";", "").strip() == "sync":
                original = parsed.node_text(n)
                edits.append((n.start_byte, n.end_byte, "((void)0)" + "\n" * original.count("\n")))
            else:
                raise UnsupportedConstruct("inline MLISA assembly cannot run on the CPU engine (only \"sync;\" fences "
                                           "are understood)", parsed.location(n), parsed.node_text(n)[:60])
        return edits

    def engine_build(self, options: dict) -> EngineBuild:
        arch = get_arch(options.get("bang_arch"))
        ldram_kb = int(options.get("bang_ldram_kb", DEFAULT_LDRAM_KB))
        defines = {"__BANG_ARCH__": str(arch.number), "__MLU_NRAM_SIZE__": str(arch.nram_kb),
                   "__MLU_WRAM_SIZE__": str(arch.wram_kb), "__MLU_SRAM_SIZE__": str(arch.sram_kb),
                   "XPILER_BANG_LDRAM_KB": str(ldram_kb)}
        active = options.get("bang_active", "ideal")
        if active not in ("ideal", "hardware"):
            raise XpilerError(f"bang_active must be 'ideal' or 'hardware', got '{active}'")
        if active == "hardware":
            defines["XPILER_BANG_ACTIVE_HW"] = "1"
        layout = options.get("bang_matmul_layout", "documented")
        if layout not in ("documented", "raw"):
            raise XpilerError(f"bang_matmul_layout must be 'documented' or 'raw', got '{layout}'")
        if layout == "raw":
            defines["XPILER_BANG_RAW_WEIGHTS"] = "1"
        return EngineBuild(include_dirs=[HERE / "include", _generated_dir(arch)], prelude="xpiler_bang_prelude.h",
                           runtime_sources=[HERE / "runtime" / "bang_runtime.cpp", HERE / "runtime" / "bang_ops.cpp"],
                           flags=["-ftrack-macro-expansion=0"], defines=defines)


def _generated_dir(arch) -> Path:
    """The intrinsic declarations for `arch`, generated from the table into the cache."""
    text = generate_header(arch)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    folder = cache_dir() / "bang" / f"{arch.name}-{digest}"
    header = folder / "xpiler_bang_intrinsics.h"
    if not header.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, header)
    return folder


MODEL = BangModel()
