"""Host-side entry points of translated kernels: the launch wrapper a caller uses instead of the kernel.

A translated CUDA / HIP / BANG kernel keeps the source kernel's name and parameter list; the
lowering chose its launch configuration, so the output also carries a host function
``<kernel>_launch(<kernel parameters>, <stream or queue>)`` that launches it in the target's own
host API (CUDA / HIP runtime, CNRT) and returns the runtime's status. Verification runs the
translation through this wrapper, so the launch it encodes is the one that was checked.

A translation that is only valid for the sizes it was verified on (see `driver._check_sizes`) gets
guards in its wrapper: a call with other values of the size parameters returns the runtime's
invalid-value status instead of computing something wrong. (A C translation is its own host entry:
its guards abort with a message.)

Each target's `models/<m>/host.py` provides `host_entry(emitted, guards) -> Emitted`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..source.loader import load_source


@dataclass(frozen=True)
class HostApi:
    """What a target's host runtime calls things."""
    status: str             # status type returned by the wrapper
    success: str
    invalid: str            # returned when a guarded size differs
    handle: str             # stream / queue parameter type
    handle_name: str
    last_error: str         # call returning the launch status


def wrapper_name(kernel: str) -> str:
    return f"{kernel}_launch"


def kernel_function(text: str, model: str, kernel: str):
    """The kernel as the emitted text declares it (parameter types exactly as printed; its syntax node)."""
    fn = load_source(text, model).info.function(kernel)
    if fn is None:
        raise ValueError(f"emitted text has no function '{kernel}'")
    return fn


def guard_lines(guards: dict, api: HostApi, indent: str = "  ") -> list[str]:
    """`if (n != 1000) return <invalid>;` for each guarded scalar, with a comment saying why."""
    if not guards:
        return []
    held = ", ".join(f"{k}={v}" for k, v in guards.items())
    lines = [f"{indent}// specialised: verified only for {held}; other sizes need another translation"]
    lines += [f"{indent}if ({name} != {value}) return {api.invalid};" for name, value in guards.items()]
    return lines


def with_wrapper(emitted, model: str, api: HostApi, launch_lines, guards: dict):
    """`emitted` plus a wrapper launching its kernel (`launch_lines(args, stream)` gives the launch
    statement(s); the wrapper's own locals are xp_-prefixed so they cannot shadow kernel parameters)."""
    base = emitted.kernel_text if emitted.kernel_text is not None else emitted.text
    text, name = wrapper(base, model, emitted.entry, api, launch_lines, guards)
    return dataclasses.replace(emitted, text=base.rstrip("\n") + "\n\n" + text, host_entry=name, kernel_text=base)


def wrapper(text: str, model: str, kernel: str, api: HostApi, launch_lines, guards: dict) -> tuple[str, str]:
    """(text of the wrapper function, its name)."""
    params = kernel_function(text, model, kernel).params
    handle = api.handle_name
    while handle in {p.name for p in params}:       # a kernel parameter may be called `stream`
        handle = "xp_" + handle
    decl = ", ".join([p.describe() for p in params] + [f"{api.handle} {handle}"])
    args = ", ".join(p.name for p in params)
    name = wrapper_name(kernel)
    body = guard_lines(guards, api) + [f"  {x}" for x in launch_lines(args, handle)] + [f"  return {api.last_error};"]
    out = [f"// host entry: launches {kernel} with the configuration the translation was verified with",
           f'extern "C" {api.status} {name}({decl}) {{'] + body + ["}"]
    return "\n".join(out) + "\n", name
