"""The pass interface: every transformation is a named unit with parameters, a precondition check
and `apply(program) -> program`.

Any object with this shape is a pass (``Pass`` is a Protocol), so a symbolic implementation
(a plain function from ``transforms/``) and an LLM-driven implementation of the same pass are
interchangeable: both are registered under the pass name with their implementation name, and both
are checked by the same verifier (``verifier.py``: the program before and after, executed natively on
the same inputs)::

    p = get_pass("split_loop", loop="i", factor=4)                  # symbolic implementation
    q = get_pass("split_loop", implementation="llm", loop="i", factor=4)   # once registered
    after = p.apply(program)
    assert verify(program, after, inputs).ok

``register_pass`` registers an implementation: a function ``fn(program, **params) -> program`` and
an optional ``check(program, **params)`` that raises PassError (or a TransformError) when the
preconditions do not hold. `apply` runs the check, the function, and `validate` on the result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, runtime_checkable

from .kernel import Kernel
from .transforms import (check_reorder, eliminate_dead_stores, forward_vector_constants, fuse_adjacent_loops,
                         fuse_loops, raise_lane_sums, raise_matmul, reorder_loops, simplify, split_loop, unroll_loop)
from .transforms.util import TransformError, find_loop
from .validate import validate


class PassError(TransformError):
    pass


@runtime_checkable
class Pass(Protocol):
    name: str
    implementation: str
    params: dict

    def check(self, program: Kernel) -> None:
        """Raise PassError / TransformError if the pass cannot be applied to `program`."""

    def apply(self, program: Kernel) -> Kernel:
        """The transformed program (a new object; the input is never modified)."""


@dataclass
class FunctionPass:
    """A pass made of a plain function ``fn(program, **params)``."""

    name: str
    fn: Callable[..., Kernel]
    params: dict = field(default_factory=dict)
    check_fn: Callable[..., None] | None = None
    implementation: str = "symbolic"
    doc: str = ""

    def check(self, program: Kernel) -> None:
        if self.check_fn is not None:
            self.check_fn(program, **self.params)

    def apply(self, program: Kernel) -> Kernel:
        self.check(program)
        out = self.fn(program, **self.params)
        if not isinstance(out, Kernel):
            raise PassError(f"pass {self.name} ({self.implementation}) returned {type(out).__name__}, not a Kernel")
        return validate(out)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.name}[{self.implementation}]({args})"


# name -> implementation -> factory(**params) -> Pass
_REGISTRY: dict[str, dict[str, Callable[..., Pass]]] = {}


def register_pass(name: str, implementation: str = "symbolic", check: Callable | None = None):
    """Decorator: register `fn(program, **params)` as implementation `implementation` of pass `name`.
    Also accepts a class / factory returning a Pass (when it is not a plain function of a program,
    register it with `register_factory`)."""
    def deco(fn):
        register_factory(name, implementation,
                         lambda **params: FunctionPass(name, fn, params, check, implementation, fn.__doc__ or ""))
        return fn
    return deco


def register_factory(name: str, implementation: str, factory: Callable[..., Pass]) -> None:
    impls = _REGISTRY.setdefault(name, {})
    if implementation in impls:
        raise PassError(f"pass {name} already has an implementation {implementation!r}")
    impls[implementation] = factory


def get_pass(name: str, implementation: str = "symbolic", **params) -> Pass:
    impls = _REGISTRY.get(name)
    if not impls:
        raise PassError(f"no pass named {name!r} (known: {', '.join(sorted(_REGISTRY))})")
    if implementation not in impls:
        raise PassError(f"pass {name} has no implementation {implementation!r} (has: {', '.join(sorted(impls))})")
    return impls[implementation](**params)


def registered_passes() -> dict[str, list[str]]:
    return {n: sorted(impls) for n, impls in sorted(_REGISTRY.items())}


def apply_passes(program: Kernel, passes: list[Pass]) -> Kernel:
    for p in passes:
        program = p.apply(program)
    return program


# ------------------------------------------------------------------------- symbolic implementations

def _loop_exists(program, loop, **_):
    find_loop(program, loop)


def _split_check(program, loop, factor, **_):
    find_loop(program, loop)
    if not isinstance(factor, int) or isinstance(factor, bool) or factor < 1:
        raise PassError(f"split factor must be a positive int, got {factor!r}")


def _fuse_check(program, outer, inner, **_):
    L = find_loop(program, outer)
    if not (hasattr(L.body, "var") and L.body.var.name == inner):
        raise PassError(f"'{outer}' and '{inner}' are not a perfect nest")


register_pass("split_loop", check=_split_check)(split_loop)
register_pass("fuse_loops", check=_fuse_check)(fuse_loops)
register_pass("fuse_adjacent_loops")(fuse_adjacent_loops)
register_pass("reorder_loops", check=lambda program, order: check_reorder(program, order))(reorder_loops)
register_pass("unroll_loop", check=_loop_exists)(unroll_loop)
register_pass("simplify")(simplify)
register_pass("eliminate_dead_stores")(eliminate_dead_stores)
register_pass("forward_vector_constants")(forward_vector_constants)
register_pass("raise_lane_sums")(raise_lane_sums)
register_pass("raise_matmul")(raise_matmul)
