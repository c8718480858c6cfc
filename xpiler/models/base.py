"""The plug-in interface every programming model implements.

A model folder (``xpiler/models/<name>/``) holds everything one programming model needs: how to
recognise and parse its files, its intrinsic table, its CPU engine headers and how to launch its
entry points. ``xpiler.models.all_models()`` discovers the folders, so adding a fifth model means
adding one folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Launch:
    """A launch configuration. GPU models use grid/block/shared_bytes; BANG uses grid as the task
    dimension and func_type (block, union1, union2, ...)."""

    grid: tuple[int, int, int] = (1, 1, 1)
    block: tuple[int, int, int] = (1, 1, 1)
    shared_bytes: int = 0
    func_type: str | None = None

    def describe(self) -> str:
        if self.func_type:
            return f"dim=({','.join(map(str, self.grid))}) func_type={self.func_type}"
        return (f"grid=({','.join(map(str, self.grid))}) block=({','.join(map(str, self.block))})"
                + (f" shared={self.shared_bytes}B" if self.shared_bytes else ""))


@dataclass
class EngineBuild:
    """What the CPU engine needs to compile a source of this model with g++."""

    include_dirs: list[Path]
    prelude: str                      # header force-included before the user's source
    runtime_sources: list[Path]       # C++ files compiled once and cached
    flags: list[str] = field(default_factory=list)
    link_flags: list[str] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    language: str = "c++"             # "c++" or "c"
    path_note: str = ""               # e.g. which VNNI path was taken
    run_env: dict[str, str] = field(default_factory=dict)


def dim3_of(value) -> tuple[int, int, int]:
    """A launch dimension from an evaluated expression: a scalar or an (x[, y[, z]]) tuple."""
    if isinstance(value, tuple):
        return tuple(int(v) for v in (list(value) + [1, 1, 1])[:3])
    return (int(value), 1, 1)


class ProgrammingModel:
    """Base class; one subclass instance per model folder (module attribute ``MODEL``)."""

    name: str = ""
    display_name: str = ""
    extensions: tuple[str, ...] = ()
    # tokens whose presence suggests this model, with weights (content detection)
    content_markers: dict[str, int] = {}
    # equal-length substitutions applied before tree-sitter parsing (keeps byte offsets)
    parse_substitutions: tuple[tuple[bytes, bytes], ...] = ()
    kernel_qualifiers: tuple[str, ...] = ()
    device_qualifiers: tuple[str, ...] = ()
    # on-chip variable qualifier -> memory space name understood by the engine runtime
    onchip_qualifiers: dict[str, str] = {}
    # how many leading launch-configuration values matter (the rest, e.g. a stream or queue, is not
    # evaluated)
    launch_config_used: int = 3
    # the engine function that replaces `k<<<cfg>>>(args)` : f"{launch_function}(k, cfg)(args)"
    launch_function: str = "xpiler_launch"
    # opaque host-runtime handles (streams, queues) a host entry may take: the runner passes null
    handle_types: tuple[str, ...] = ()
    # values of enumerators/macros the model's headers define (cnrtFuncTypeUnion1, ...), used when
    # evaluating launch configurations
    known_constants: dict[str, int] = {}
    # prefixes of names that belong to this model's intrinsic set (unknown ones are errors)
    strict_intrinsic_prefixes: tuple[str, ...] = ()

    def extra_rewrites(self, src) -> list[tuple[int, int, str]]:
        """Model-specific source edits for the CPU engine: (start byte, end byte, replacement),
        located through src.parsed's syntax tree. Replacements must keep the number of lines."""
        return []

    def intrinsic_names(self) -> set[str]:
        return set()

    def default_launch(self, kernel) -> Launch | None:
        """Launch used when neither the file nor the caller gives one (None: no default)."""
        return None

    def launch_from_config(self, values: list, source_kind: str) -> Launch:
        raise NotImplementedError

    def engine_build(self, options: dict) -> EngineBuild:
        raise NotImplementedError

    def launch_statement(self, entry_text: str, launch: Launch, arg_list: str) -> str:
        """C++ statement that launches kernel `entry_text` with `launch` and arguments `arg_list`."""
        raise NotImplementedError

    def entry_glue(self, fn, entry_text: str, launch: Launch | None, is_kernel: bool) -> str:
        """The `xpiler_invoke(void** argv)` function that calls the entry with the driver's arguments."""
        casts = []
        for i, p in enumerate(fn.params):
            ctype = ("const " if p.is_const else "") + p.ctype
            casts.append(f"({ctype}{'*' * p.pointer_depth})argv[{i}]" if p.is_pointer else f"*({ctype}*)argv[{i}]")
        arg_list = ", ".join(casts)
        body = self.launch_statement(entry_text, launch, arg_list) if is_kernel else f"{entry_text}({arg_list});"
        return f'#ifdef __cplusplus\nextern "C"\n#endif\nvoid xpiler_invoke(void** argv) {{\n  (void)argv;\n  {body}\n}}\n'

    def __repr__(self) -> str:
        return f"<model {self.name}>"
