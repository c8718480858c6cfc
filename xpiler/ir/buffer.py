"""Buffers: named, typed, row-major arrays in a memory scope.

Scopes: ``global`` (device / GDRAM memory, kernel parameters), ``shared`` (GPU block shared memory),
``local`` (per-thread registers or stack; ``register`` is accepted as a synonym), and BANG's on-chip
``nram``, ``wram``, ``sram``.
A 0-d buffer (shape ``()``) is a single element: lifted scalar accumulators (``float acc = 0;
acc += ...``) become 0-d ``local`` buffers so that every mutable value is a buffer and variables
stay single-assignment.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import dtypes as dt
from .expr import Expr, Load, Node, as_expr

SCOPES = ("global", "shared", "local", "nram", "wram", "sram")


@dataclass(frozen=True)
class Buffer(Node):
    name: str
    dtype: str
    shape: tuple[Expr, ...] = ()
    scope: str = "global"

    def __post_init__(self):
        dt.check(self.dtype)
        if not self.name.isidentifier():
            raise ValueError(f"buffer name {self.name!r} is not an identifier")
        if self.scope == "register":
            object.__setattr__(self, "scope", "local")
        if self.scope not in SCOPES:
            raise ValueError(f"unknown memory scope {self.scope!r} (one of {', '.join(SCOPES)})")
        shape = tuple(as_expr(s) for s in self.shape)
        for s in shape:
            if not dt.is_int(s.dtype):
                raise TypeError(f"extent of buffer {self.name} must be an integer, got {s.dtype}")
        object.__setattr__(self, "shape", shape)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __getitem__(self, idx) -> Load:
        if not isinstance(idx, tuple):
            idx = (idx,)
        return Load(self, tuple(as_expr(i) for i in idx))

    def const_shape(self) -> tuple[int, ...] | None:
        """The shape as ints when every extent is a constant."""
        from .expr import Const
        if all(isinstance(s, Const) for s in self.shape):
            return tuple(int(s.value) for s in self.shape)
        return None
