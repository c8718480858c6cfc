"""The direct CUDA <-> HIP path: the source text mapped through its syntax tree.

Every edit is located by a node of the tree-sitter tree (`source/syntax.py`); a node's new text is
its original bytes with its children's new texts spliced in, so nested constructs map naturally.

CUDA -> HIP keeps CUDA's logical 32-lane warps: ``__shfl_*_sync(mask, v, o[, w])`` becomes
``__shfl_*(v, o, w or 32)``, ``warpSize`` becomes 32, ballots / any / all / activemask use a 32-bit
view of the 64-lane ballot (the lanes of the caller's half-wavefront), ``__syncwarp()`` becomes a
wave barrier plus a dummy 32-wide shuffle (a wavefront runs in lockstep), runtime API names and headers are renamed.
HIP -> CUDA applies where the HIP code already speaks of 32-lane groups: shuffles with an explicit
width of at most 32 get a full mask; wavefront-width code (default widths, ``warpSize``, 64-bit
ballots, lane ids, MFMA and other ``__builtin_amdgcn_`` builtins, ext_vector_type) is not mapped.
Not applicable -> ``None`` (the driver lifts instead): WMMA / MFMA, cooperative groups, PTX,
``__reduce_*_sync`` / ``__match_*`` and mapped names inside macro bodies.
"""
from __future__ import annotations

HEADERS_TO_HIP = {
    "cuda_runtime.h": "hip/hip_runtime.h", "cuda_runtime_api.h": "hip/hip_runtime_api.h", "cuda.h": "hip/hip_runtime.h",
    "cuda_fp16.h": "hip/hip_fp16.h", "cuda_bf16.h": "hip/hip_bf16.h", "math_constants.h": "math.h",
    "device_launch_parameters.h": "hip/hip_runtime.h", "device_functions.h": "hip/hip_runtime.h",
}
HEADERS_TO_CUDA = {
    "hip/hip_runtime.h": "cuda_runtime.h", "hip/hip_runtime_api.h": "cuda_runtime_api.h",
    "hip/hip_fp16.h": "cuda_fp16.h", "hip/hip_bf16.h": "cuda_bf16.h", "hip/hip_bfloat16.h": "cuda_bf16.h",
    "hip/hip_math_constants.h": "math_constants.h", "hip/device_functions.h": "cuda_runtime.h",
    "hip/math_functions.h": "math.h",
}
SHFL_TO_HIP = {"__shfl_sync": "__shfl", "__shfl_up_sync": "__shfl_up", "__shfl_down_sync": "__shfl_down",
               "__shfl_xor_sync": "__shfl_xor"}
SHFL_TO_CUDA = {v: k for k, v in SHFL_TO_HIP.items()}
CUDART_CONSTANTS = {"CUDART_INF_F": "INFINITY", "CUDART_NAN_F": "NAN", "CUDART_INF": "((double)INFINITY)",
                    "CUDART_NAN": "((double)NAN)", "CUDART_PI_F": "3.141592654f", "CUDART_PI": "3.1415926535897931",
                    "CUDART_ZERO_F": "0.0f", "CUDART_ONE_F": "1.0f"}
TYPES_TO_HIP = {"__nv_bfloat16": "__hip_bfloat16", "nv_bfloat16": "__hip_bfloat16", "cudaDeviceProp": "hipDeviceProp_t"}
TYPES_TO_CUDA = {"__hip_bfloat16": "__nv_bfloat16", "hipDeviceProp_t": "cudaDeviceProp"}
HIP_INDEX = {f"hip{a}_{c}": f"{b}.{c}" for a, b in (("ThreadIdx", "threadIdx"), ("BlockIdx", "blockIdx"),
                                                    ("BlockDim", "blockDim"), ("GridDim", "gridDim")) for c in "xyz"}
HIP_HINTS = ("__builtin_amdgcn_sched_barrier", "__builtin_amdgcn_sched_group_barrier", "__builtin_amdgcn_iglp_opt",
             "__builtin_amdgcn_s_waitcnt", "__builtin_amdgcn_s_sleep", "__builtin_amdgcn_s_setprio")
# CUDA constructs with no direct HIP form here
CUDA_NOT_MAPPED = ("__reduce_", "__match_", "__syncthreads_count", "__syncthreads_and", "__syncthreads_or",
                   "__nanosleep", "__ldcs", "__stcs", "cooperative_groups", "nvcuda", "wmma", "asm", "__cvta")
HIP_NOT_MAPPED = ("__ballot", "__any", "__all", "__activemask", "__lane_id", "__lanemask", "__match_", "warpSize",
                  "__builtin_amdgcn_", "__shfl_sync", "__shfl_up_sync", "__shfl_down_sync", "__shfl_xor_sync",
                  "__ballot_sync", "__fp16", "_Float16", "__hip_", "hip_bfloat16", "__ockl", "__ocml", "asm")

HIP_PRELUDE = """// CUDA warps are 32 lanes: a 32-bit view of the caller's half of the 64-lane ballot
#define xp32_ballot(p) ((unsigned)(__ballot(p) >> (__lane_id() & 32)))
"""


class NotApplicable(Exception):
    pass


class _Mapper:
    def __init__(self, src, to_model: str):
        self.src = src
        self.text = src.parsed.text
        self.to = to_model
        self.used_ballot = False
        self.counts: dict[str, int] = {}

    def t(self, node) -> str:
        return self.text[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def note(self, what: str):
        self.counts[what] = self.counts.get(what, 0) + 1

    def render(self, node) -> str:
        r = self.rule(node)
        if r is not None:
            return r
        if not node.children:
            return self.t(node)
        out, pos = [], node.start_byte
        for c in node.children:
            out.append(self.text[pos:c.start_byte].decode("utf-8", "replace"))
            out.append(self.render(c))
            pos = c.end_byte
        out.append(self.text[pos:node.end_byte].decode("utf-8", "replace"))
        return "".join(out)

    # -------------------------------------------------------------------------- rules
    def rule(self, node):
        ty = node.type
        if ty == "preproc_include":
            return self.include(node)
        if ty in ("preproc_def", "preproc_function_def"):
            self.check_macro(node)
            return None
        if ty == "call_expression":
            return self.call(node)
        if ty in ("identifier", "type_identifier", "namespace_identifier"):
            return self.name(node)
        if ty == "qualified_identifier" and self.to == "hip" and "wmma" in self.t(node):
            raise NotApplicable("WMMA (nvcuda::wmma) has no HIP form on this path")
        return None

    def include(self, node):
        path = node.child_by_field_name("path")
        if path is None:
            return None
        name = self.t(path).strip("<>\"")
        table = HEADERS_TO_HIP if self.to == "hip" else HEADERS_TO_CUDA
        if self.to == "hip" and name in ("mma.h", "cooperative_groups.h", "cuda/barrier", "cuda/pipeline"):
            raise NotApplicable(f"#include <{name}> has no HIP form on this path")
        if self.to == "cuda" and name.startswith(("rocwmma", "hip/amd_detail")):
            raise NotApplicable(f"#include <{name}> has no CUDA form on this path")
        if name in table:
            self.note("header")
            new = self.t(node).replace(self.t(path), f"<{table[name]}>")
            return new
        return None

    def check_macro(self, node):
        body = node.child_by_field_name("value")
        if body is None:
            return
        text = self.t(body)
        names = (tuple(SHFL_TO_HIP) + ("warpSize", "__ballot_sync", "__any_sync", "__all_sync", "__activemask",
                                        "__syncwarp", "CUDART_", "cuda") + CUDA_NOT_MAPPED
                 if self.to == "hip" else tuple(SHFL_TO_CUDA) + ("hip",) + HIP_NOT_MAPPED)
        for n in names:
            if n in text:
                raise NotApplicable(f"macro body uses '{n}'")

    def args(self, node) -> list:
        a = node.child_by_field_name("arguments")
        return [c for c in a.named_children if c.type != "comment"] if a is not None else []

    def call(self, node):
        fn = node.child_by_field_name("function")
        if fn is None:
            return None
        name = self.t(fn).strip()
        args = self.args(node)
        mapped = (tuple(SHFL_TO_HIP) + ("__ballot_sync", "__any_sync", "__all_sync", "__activemask", "__syncwarp")
                  if self.to == "hip" else tuple(SHFL_TO_CUDA) + ("hipLaunchKernelGGL",))
        r = [self.render(a) for a in args] if name in mapped else []
        if self.to == "hip":
            if name in SHFL_TO_HIP:
                if len(r) not in (3, 4):
                    raise NotApplicable(f"{name} with {len(r)} arguments")
                self.note("shuffle")
                width = r[3] if len(r) == 4 else "32"
                return f"{SHFL_TO_HIP[name]}({r[1]}, {r[2]}, {width})"
            if name == "__ballot_sync":
                self.used_ballot = True
                self.note("vote")
                return f"(xp32_ballot({r[1]}) & (unsigned)({r[0]}))"
            if name == "__any_sync":
                self.used_ballot = True
                self.note("vote")
                return f"((xp32_ballot({r[1]}) & (unsigned)({r[0]})) != 0u)"
            if name == "__all_sync":
                self.used_ballot = True
                self.note("vote")
                return f"((xp32_ballot(!({r[1]})) & (unsigned)({r[0]})) == 0u)"
            if name == "__activemask":
                self.used_ballot = True
                self.note("vote")
                return "xp32_ballot(1)"
            if name == "__syncwarp":
                # a wavefront runs in lockstep: a scheduling barrier plus a wave-level operation (the
                # shuffle) orders the lanes' shared-memory accesses (and is a rendezvous in the engine)
                self.note("syncwarp")
                return "(__builtin_amdgcn_wave_barrier(), (void)__shfl(0, 0, 32))"
            if name.startswith(CUDA_NOT_MAPPED):
                raise NotApplicable(f"'{name}' has no HIP form on this path")
            return None
        # HIP -> CUDA
        if name in SHFL_TO_CUDA:
            if len(r) != 3:
                raise NotApplicable(f"{name} without an explicit width runs on the 64-lane wavefront")
            w = _int_literal(r[2])
            if w is None or w > 32:
                raise NotApplicable(f"{name} of width {r[2]}: wavefront-wide")
            self.note("shuffle")
            return f"{SHFL_TO_CUDA[name]}(0xffffffffu, {r[0]}, {r[1]}, {r[2]})"
        if name == "hipLaunchKernelGGL":
            if len(r) < 5:
                raise NotApplicable("hipLaunchKernelGGL with fewer than 5 arguments")
            self.note("launch")
            k = r[0]
            if k.startswith("HIP_KERNEL_NAME(") and k.endswith(")"):
                k = k[len("HIP_KERNEL_NAME("):-1]
            return f"{k}<<<{r[1]}, {r[2]}, {r[3]}, {r[4]}>>>({', '.join(r[5:])})"
        if name == "__builtin_amdgcn_wave_barrier":
            self.note("syncwarp")
            return "__syncwarp()"
        if name in HIP_HINTS:
            self.note("hint")
            return "((void)0)"
        if name.startswith(HIP_NOT_MAPPED):
            raise NotApplicable(f"'{name}' is wavefront-specific")
        return None

    def name(self, node):
        n = self.t(node)
        if self.to == "hip":
            if n == "warpSize":
                self.note("warpSize")
                return "32"
            if n in CUDART_CONSTANTS:
                self.note("constant")
                return CUDART_CONSTANTS[n]
            if n in TYPES_TO_HIP:
                self.note("type")
                return TYPES_TO_HIP[n]
            if n.startswith("cuda") and len(n) > 4 and n[4].isupper():
                self.note("runtime")
                return "hip" + n[4:]
            if n in ("nvcuda", "wmma") or n.startswith(("__reduce_", "__match_")):
                raise NotApplicable(f"'{n}' has no HIP form on this path")
            return None
        if n in HIP_INDEX:
            self.note("index")
            return HIP_INDEX[n]
        if n in TYPES_TO_CUDA:
            self.note("type")
            return TYPES_TO_CUDA[n]
        if n.startswith("hip") and len(n) > 3 and n[3].isupper() and n != "hipLaunchKernelGGL":
            self.note("runtime")
            return "cuda" + n[3:]
        if n in ("warpSize", "_Float16", "__fp16") or n.startswith(("__builtin_amdgcn_", "__hip_", "__ocml", "__ockl")):
            raise NotApplicable(f"'{n}' is wavefront- or AMD-specific")
        return None


def _int_literal(text: str) -> int | None:
    t = text.strip().rstrip("uUlL")
    try:
        return int(t, 0)
    except ValueError:
        return None


def direct_translate(source_file, to_model: str, entry: str | None = None, launch=None, options: dict | None = None):
    """The source mapped to `to_model` ('cuda' or 'hip') as an Emitted, or None when the direct path
    does not apply (the reason is in `last_reason`)."""
    global last_reason
    from ..runner import pick_entry
    from ..source.loader import SourceFile, load_source
    from ..translate.target import Emitted
    src = source_file if isinstance(source_file, SourceFile) else load_source(source_file)
    frm = src.model.name
    last_reason = ""
    if frm == to_model or {frm, to_model} != {"cuda", "hip"}:
        last_reason = f"no direct path from {frm} to {to_model}"
        return None
    raw = src.parsed.text.decode("utf-8", "replace")
    if to_model == "cuda" and "ext_vector_type" in raw:
        last_reason = "ext_vector_type vectors have no CUDA form on this path"
        return None
    m = _Mapper(src, to_model)
    try:
        body = m.render(src.parsed.root)
    except NotApplicable as e:
        last_reason = str(e)
        return None
    fn, entry_text = pick_entry(src, entry)
    head = f"/* {'HIP' if to_model == 'hip' else 'CUDA'} translation of {src.path} by xpiler (direct {frm} -> {to_model} path) */\n"
    if to_model == "hip" and m.used_ballot:
        head += HIP_PRELUDE
    text = head + body
    if launch is None and fn in src.kernels:
        try:
            from ..launch import resolve_launch
            launch, _ = resolve_launch(src, fn, {}, None)
        except Exception:
            launch = None
    feats = {"parallel"}
    if m.counts.get("shuffle") or m.counts.get("vote"):
        feats.add("vector")
    if "__shared__" in raw:
        feats.add("onchip")
    summary = ", ".join(f"{k}={v}" for k, v in sorted(m.counts.items()))
    return Emitted(text=text, entry=entry_text, launch=launch, passes=[f"direct_{frm}_to_{to_model}({summary})"],
                   features=feats, notes=[])


last_reason = ""
