"""Kernels: the unit every pass takes and returns.

A kernel is a function: parameters (global buffers with a role ``in`` / ``out`` / ``inout``, and
scalars, always ``in``) and a body. The body of a lifted GPU kernel has the grid and block as
``parallel`` loops on hardware axes; several launches of a host function become top-level nests in
sequence (a kernel boundary is a grid-wide barrier). Buffer parameters never alias each other.
``Program`` is the same thing under the name the pass interface uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .buffer import Buffer
from .expr import Node, Var
from .stmt import Stmt, block

ROLES = ("in", "out", "inout")


@dataclass(frozen=True)
class Param(Node):
    target: Buffer | Var
    role: str = "in"

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"parameter role must be one of {ROLES}, not {self.role!r}")
        if isinstance(self.target, Var) and self.role != "in":
            raise ValueError(f"scalar parameter {self.target.name} can only be 'in'")
        if isinstance(self.target, Buffer) and self.target.scope != "global":
            raise ValueError(f"buffer parameter {self.target.name} must be in global memory")

    @property
    def name(self) -> str:
        return self.target.name

    @property
    def is_buffer(self) -> bool:
        return isinstance(self.target, Buffer)


@dataclass(frozen=True)
class Kernel(Node):
    name: str
    params: tuple[Param, ...]
    body: Stmt
    attrs: tuple[tuple[str, object], ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "params", tuple(self.params))
        if not isinstance(self.body, Stmt):
            object.__setattr__(self, "body", block(self.body))
        names = [p.name for p in self.params]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"kernel {self.name}: duplicate parameter names {sorted(dup)}")

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"kernel {self.name} has no parameter {name!r}")

    @property
    def buffers(self) -> tuple[Buffer, ...]:
        return tuple(p.target for p in self.params if p.is_buffer)

    @property
    def scalars(self) -> tuple[Var, ...]:
        return tuple(p.target for p in self.params if not p.is_buffer)

    def with_body(self, body: Stmt) -> "Kernel":
        return replace(self, body=body)


Program = Kernel


def kernel(name: str, params, body) -> Kernel:
    """Build a kernel; `params` items are Param, (Buffer|Var, role) pairs, Buffers ('in') or Vars."""
    ps = []
    for p in params:
        if isinstance(p, Param):
            ps.append(p)
        elif isinstance(p, tuple):
            ps.append(Param(*p))
        else:
            ps.append(Param(p))
    return Kernel(name, tuple(ps), block(body))
