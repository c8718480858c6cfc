"""Finding the launch configuration of a kernel: from the file's host code, from the caller, or
from the model's default."""
from __future__ import annotations

from .errors import LaunchError
from .models.base import Launch
from .source.consteval import NotConstant
from .source.inspect import local_values
from .source.loader import SourceFile


def _host_bindings(src: SourceFile, site, kernel, scalar_args: dict) -> dict:
    """Host variables passed straight through as kernel arguments take the values the caller
    gives those kernel parameters."""
    env = {}
    for param, expr in zip(kernel.params, site.args):
        if expr.type == "identifier" and param.name in scalar_args:
            env[src.parsed.node_text(expr)] = scalar_args[param.name]
    return env


def discover_launch(src: SourceFile, kernel, scalar_args: dict) -> tuple[Launch | None, str]:
    """(launch, how it was found) from a launch site of `kernel` in the file's host code."""
    sites = [s for s in src.info.launches if s.kernel_base == kernel.name]
    problems = []
    for site in sites:
        bindings = _host_bindings(src, site, kernel, scalar_args)
        env = local_values(src.info, site.host_function, bindings) if site.host_function else bindings
        ev = src.info.evaluator(env)
        try:
            values = [ev.eval(node) for node in site.config[:src.model.launch_config_used]]
        except NotConstant as e:
            problems.append(f"{site.location}: {e.what}")
            continue
        return src.model.launch_from_config(values, site.style), f"host code at {site.location}"
    if problems:
        raise LaunchError("cannot evaluate the launch configuration of "
                          f"'{kernel.name}' ({'; '.join(problems)}); pass launch=... (CLI: --grid/--block or --tasks)",
                          sites[0].location, kernel.name)
    return None, ""


def resolve_launch(src: SourceFile, kernel, scalar_args: dict, explicit: Launch | None) -> tuple[Launch, str]:
    if explicit is not None:
        return explicit, "given by the caller"
    try:
        found, how = discover_launch(src, kernel, scalar_args)
    except LaunchError as e:
        default = src.model.default_launch(kernel)
        if default is None:
            raise
        # host code exists but depends on run-time queries (device attributes): the default applies
        return default, f"{src.model.display_name} default ({e.message.split(' (')[0]}: {e.location})"
    if found is not None:
        return found, how
    default = src.model.default_launch(kernel)
    if default is not None:
        return default, f"{src.model.display_name} default"
    raise LaunchError(f"no launch configuration for kernel '{kernel.name}': the file has no host code that launches "
                      "it; pass launch=Launch(grid=..., block=...) (CLI: --grid X,Y,Z --block X,Y,Z)",
                      kernel.location, kernel.name)
