"""C and C++ on the CPU with Intel AVX-512 VNNI intrinsics (`<immintrin.h>`), optionally OpenMP.

There are no kernels or launches: an entry point is an ordinary (non-static, non-inline) function,
called once on the engine's host thread with the runner's buffers.

Two paths build the same unmodified source:

- native: the CPU has AVX-512 F/BW/VL/VNNI (read once from /proc/cpuinfo); g++ gets the matching
  -m flags and the compiler's own <immintrin.h>, and the kernel runs the real instructions;
- SIMDe: otherwise, or when forced (options={"vnni_path": "simde"} or XPILER_VNNI_PATH=simde),
  `include_simde/` stands in for <immintrin.h> and friends and maps the Intel spellings onto SIMDe's
  portable implementations (Debian's libsimde-dev), with SIMDE_NO_NATIVE so that the same portable
  code runs on every host, plus Xpiler's fallbacks and corrections for SIMDe 0.7.4
  (include_simde/xpiler_simde_compat.h). Results are the same as native, bit for bit, for the
  integer intrinsics and for the float ones the table marks exact.

`.c` files compile as C (gnu11), `.cpp/.cc/.cxx` as C++ (gnu++17); a source given as text is C++
when its syntax tree has C++-only constructs. -fopenmp is added when the source has `#pragma omp`.
"""
from __future__ import annotations

import os
from pathlib import Path

from ...errors import LaunchError, XpilerError
from ..base import EngineBuild, Launch, ProgrammingModel
from . import cpu
from .intrinsics import INTRINSICS, STRICT_PREFIXES, intrinsic_names

HERE = Path(__file__).parent
INCLUDE = HERE / "include"
INCLUDE_SIMDE = HERE / "include_simde"
PRELUDE = "xpiler_c_prelude.h"
PATHS = ("auto", "native", "simde")
_SYSTEM_INCLUDE_DIRS = {Path("/usr/include"), Path("/usr/local/include")}

# syntax-tree node types that only C++ has (a source given as text with any of them is C++)
_CPP_ONLY_NODES = {"template_declaration", "namespace_definition", "class_specifier", "reference_declarator",
                   "qualified_identifier", "new_expression", "delete_expression", "lambda_expression",
                   "using_declaration", "alias_declaration", "linkage_specification", "template_function",
                   "template_type", "operator_name", "access_specifier", "this", "nullptr", "try_statement",
                   "throw_statement", "field_initializer_list", "namespace_alias_definition",
                   "abstract_reference_declarator", "rvalue_reference_declarator"}


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def source_language(src, options: dict | None = None) -> str:
    """'c' or 'c++' for a SourceFile (options["language"] overrides)."""
    options = options or {}
    forced = options.get("language")
    if forced:
        lang = str(forced).lower()
        if lang not in ("c", "c++", "cpp", "cxx"):
            raise XpilerError(f"language must be 'c' or 'c++', not '{forced}'")
        return "c" if lang == "c" else "c++"
    if src is None:
        return "c++"
    ext = os.path.splitext(src.path)[1].lower()
    if ext == ".c":
        return "c"
    if ext in (".cpp", ".cc", ".cxx", ".c++", ".hpp"):
        return "c++"
    for n in _walk(src.parsed.root):
        if n.type in _CPP_ONLY_NODES:
            return "c++"
        if n.type == "preproc_include":
            target = n.child_by_field_name("path")
            if target is not None and target.type == "system_lib_string":
                name = src.parsed.node_text(target).strip("<> ")
                if "." not in name.rsplit("/", 1)[-1]:      # <vector>, <cstdint>: C++ library headers
                    return "c++"
    return "c"


def uses_openmp(src) -> bool:
    """Does the source have an OpenMP directive (`#pragma omp ...` or `_Pragma("omp ...")`)?"""
    if src is None:
        return True
    for n in _walk(src.parsed.root):
        if n.type == "preproc_call":
            directive = n.child_by_field_name("directive")
            arg = n.child_by_field_name("argument")
            if (directive is not None and src.parsed.node_text(directive).replace("#", "").strip() == "pragma"
                    and arg is not None and src.parsed.node_text(arg).split()[:1] == ["omp"]):
                return True
        elif n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and src.parsed.node_text(fn) == "_Pragma" and "omp" in src.parsed.node_text(n):
                return True
    return False


def not_native(src) -> list[str]:
    """Intrinsics the source calls that this CPU (or GCC) cannot run natively, per the table."""
    if src is None:
        return []
    return [n for n in src.intrinsics_used() if n in INTRINSICS and not INTRINSICS[n].available("native")]


def choose_path(options: dict, src=None) -> tuple[str, str]:
    """('native' | 'simde', why). In auto mode a source that calls an intrinsic the native path
    cannot compile or run here (an AVX-VNNI spelling without avx_vnni, an SVML function) takes the
    SIMDe path."""
    if options.get("vnni_path"):
        requested, origin = str(options["vnni_path"]).lower(), "option vnni_path"
    elif os.environ.get("XPILER_VNNI_PATH"):
        requested, origin = os.environ["XPILER_VNNI_PATH"].lower(), "XPILER_VNNI_PATH"
    else:
        requested, origin = "auto", ""
    if requested not in PATHS:
        raise XpilerError(f"{origin or 'vnni_path'} must be one of {', '.join(PATHS)}, not '{requested}'")
    missing = cpu.missing_for_native()
    if requested == "simde":
        return "simde", f"forced by {origin}"
    blocked = not_native(src)
    if requested == "native":
        if missing:
            raise XpilerError(f"{origin}=native, but this CPU lacks {', '.join(missing)}; "
                              "use the SIMDe path (vnni_path='simde' or 'auto')")
        if blocked:
            needs = "; ".join(f"{n} needs {'+'.join(INTRINSICS[n].isa) if INTRINSICS[n].native else 'a compiler that has it'}"
                              for n in blocked)
            raise XpilerError(f"{origin}=native, but the native path cannot run {needs}; "
                              "use the SIMDe path (vnni_path='simde' or 'auto')")
        return "native", f"requested by {origin}"
    if missing:
        return "simde", f"this CPU lacks {', '.join(missing)}"
    if blocked:
        return "simde", f"the source calls {', '.join(blocked)}, which the native path cannot run here"
    return "native", "this CPU has AVX-512 F/BW/VL/VNNI"


class CModel(ProgrammingModel):
    name = "c"
    display_name = "C (AVX-512 VNNI)"
    extensions = (".c", ".cpp", ".cc", ".cxx")
    # x86 intrinsics speak for this model; GPU markers speak against it (a HIP .cpp file or a CUDA
    # source given as text must not come out as C). "{" makes any other C-like text default to C.
    content_markers = {"immintrin.h": 4, "x86intrin.h": 4, "_mm512_": 3, "__m512": 2, "_mm256_": 2,
                       "dpbusd": 3, "dpwssd": 3, "#pragma omp": 2, "{": 1,
                       "__global__": -8, "__device__": -4, "__shared__": -4, "threadIdx": -4, "blockIdx": -4,
                       "hip_runtime": -8, "hipLaunchKernelGGL": -8, "cuda_runtime": -8, "<<<": -4,
                       "__mlu": -8, "__nram__": -8, "__bang": -8}
    strict_intrinsic_prefixes = STRICT_PREFIXES

    def intrinsic_names(self) -> set[str]:
        return intrinsic_names()

    def default_launch(self, kernel) -> Launch | None:
        return None

    def launch_from_config(self, values: list, source_kind: str) -> Launch:
        raise LaunchError(f"{self.display_name} sources have no kernel launches: entry points are plain functions")

    def launch_statement(self, entry_text: str, launch: Launch, arg_list: str) -> str:
        raise LaunchError(f"{self.display_name} sources have no kernel launches")

    def engine_build(self, options: dict) -> EngineBuild:
        src = options.get("source_file")
        language = source_language(src, options)
        path, why = choose_path(options, src)
        flags = ["-Wno-psabi"]
        if language == "c":
            # a misspelt intrinsic is an error at its line, not a link failure
            flags += ["-Werror=implicit-function-declaration", "-Werror=implicit-int"]
        omp = uses_openmp(src)
        if omp:
            flags.append("-fopenmp")
        lang_note = ("C (gnu11)" if language == "c" else "C++ (gnu++17)") + (" with OpenMP" if omp else "")
        if path == "native":
            isa = cpu.native_flags()
            return EngineBuild(include_dirs=[INCLUDE], prelude=PRELUDE, runtime_sources=[], flags=flags + isa,
                               defines={"XPILER_VNNI_NATIVE": "1"}, language=language,
                               path_note=f"VNNI path: native AVX-512 VNNI instructions ({why}; {' '.join(isa)}); "
                                         f"compiled as {lang_note}")
        root = cpu.simde_include_root()
        if root is None:
            raise XpilerError("the SIMDe path needs SIMDe's headers (simde/x86/avx512.h): install the Debian/Ubuntu "
                              "package libsimde-dev, or point XPILER_SIMDE_INCLUDE at the folder that holds simde/")
        include_dirs = [INCLUDE, INCLUDE_SIMDE] + ([root] if root not in _SYSTEM_INCLUDE_DIRS else [])
        version = cpu.simde_version() or "?"
        return EngineBuild(include_dirs=include_dirs, prelude=PRELUDE, runtime_sources=[], flags=flags,
                           defines={"XPILER_VNNI_SIMDE": "1", "SIMDE_NO_NATIVE": "1"}, language=language,
                           path_note=f"VNNI path: SIMDe {version} portable emulation ({why}; SIMDE_NO_NATIVE); "
                                     f"compiled as {lang_note}")


MODEL = CModel()
