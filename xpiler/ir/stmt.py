"""Statements of the canonical IR.

A loop runs its variable from 0 to ``extent - 1`` in steps of 1 (loops are normalised: lifting turns
``for (i = a; i < b; i += s)`` into ``for k in 0..ceildiv(b - a, s)`` with ``let i = a + k * s``);
an extent <= 0 runs no iteration. Its kind says how a target may run it:

- ``serial``: in order;
- ``parallel``: iterations are independent and run on a hardware axis (``axis``: blockIdx.x,
  threadIdx.y, taskId, coreId, ...) or, without an axis, on any parallel resource;
- ``vectorized``: iterations are independent SIMD lanes;
- ``unrolled``: serial, to be unrolled by the target compiler.

``Let`` and ``Alloc`` declare a name for the rest of the enclosing block (as a C declaration does);
``Let`` variables are immutable (single assignment), mutable values live in buffers.
Early returns are expressed as guarded regions (``if (i >= n) return; rest`` becomes
``if (i < n) { rest }``); there is no return statement.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import dtypes as dt
from .buffer import Buffer
from .expr import Expr, Node, Var, _check_indices, as_expr

LOOP_KINDS = ("serial", "parallel", "vectorized", "unrolled")
HARDWARE_AXES = ("blockIdx.x", "blockIdx.y", "blockIdx.z", "threadIdx.x", "threadIdx.y", "threadIdx.z",
                 "clusterId", "coreId", "taskId", "taskIdX", "taskIdY", "taskIdZ")
# which barrier scope synchronises the workers of which axis
BARRIER_SCOPES = ("warp", "block", "cluster", "grid")
AXIS_SCOPE = {"threadIdx.x": "block", "threadIdx.y": "block", "threadIdx.z": "block", "coreId": "cluster",
              "blockIdx.x": "grid", "blockIdx.y": "grid", "blockIdx.z": "grid", "clusterId": "grid",
              "taskId": "grid", "taskIdX": "grid", "taskIdY": "grid", "taskIdZ": "grid"}


class Stmt(Node):
    __slots__ = ()


@dataclass(frozen=True)
class Store(Stmt):
    buffer: Buffer
    indices: tuple[Expr, ...]
    value: Expr

    def __post_init__(self):
        object.__setattr__(self, "indices", tuple(as_expr(i) for i in self.indices))
        value = as_expr(self.value, self.buffer.dtype)
        object.__setattr__(self, "value", value)
        _check_indices(self.buffer, self.indices)
        if value.dtype != self.buffer.dtype:
            raise TypeError(f"store of {value.dtype} into {self.buffer.dtype} buffer {self.buffer.name} (insert a Cast)")


@dataclass(frozen=True)
class Let(Stmt):
    var: Var
    value: Expr

    def __post_init__(self):
        value = as_expr(self.value, self.var.dtype)
        object.__setattr__(self, "value", value)
        if value.dtype != self.var.dtype:
            raise TypeError(f"let {self.var.name}: {self.var.dtype} = value of type {value.dtype}")


@dataclass(frozen=True)
class Alloc(Stmt):
    """Declares an on-chip or temporary buffer for the rest of the block. On-chip buffers have a
    constant shape; a ``local`` buffer may have extents computed at run time (a C kernel's
    ``malloc``'d workspace), which the C printer places on the heap."""

    buffer: Buffer

    def __post_init__(self):
        if self.buffer.const_shape() is None and self.buffer.scope != "local":
            raise TypeError(f"allocated {self.buffer.scope} buffer {self.buffer.name} needs a constant shape")


@dataclass(frozen=True)
class Block(Stmt):
    stmts: tuple[Stmt, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "stmts", tuple(self.stmts))
        for s in self.stmts:
            if not isinstance(s, Stmt):
                raise TypeError(f"block element is not a statement: {s!r}")


@dataclass(frozen=True)
class Loop(Stmt):
    var: Var
    extent: Expr
    body: Stmt
    kind: str = "serial"
    axis: str | None = None

    def __post_init__(self):
        extent = as_expr(self.extent, self.var.dtype)
        object.__setattr__(self, "extent", extent)
        if not dt.is_int(self.var.dtype):
            raise TypeError(f"loop variable {self.var.name} must be an integer")
        if extent.dtype != self.var.dtype:
            raise TypeError(f"loop {self.var.name}: extent of type {extent.dtype}, variable of type {self.var.dtype}")
        if self.kind not in LOOP_KINDS:
            raise ValueError(f"unknown loop kind {self.kind!r} (one of {', '.join(LOOP_KINDS)})")
        if self.axis is not None:
            if self.kind != "parallel":
                raise ValueError(f"loop {self.var.name}: a hardware axis needs kind 'parallel'")
            if self.axis not in HARDWARE_AXES:
                raise ValueError(f"unknown hardware axis {self.axis!r} (one of {', '.join(HARDWARE_AXES)})")
        if not isinstance(self.body, Stmt):
            raise TypeError("loop body must be a statement")


@dataclass(frozen=True)
class While(Stmt):
    """``while (cond) body``: a serial loop whose trip count is not known before it runs (lifting
    keeps C loops it cannot normalise to a counted `Loop` in this form; the state they update lives
    in buffers)."""

    cond: Expr
    body: Stmt

    def __post_init__(self):
        if self.cond.dtype != "bool":
            raise TypeError(f"while condition must be bool, got {self.cond.dtype}")
        if not isinstance(self.body, Stmt):
            raise TypeError("while body must be a statement")


@dataclass(frozen=True)
class If(Stmt):
    cond: Expr
    then: Stmt
    otherwise: Stmt | None = None

    def __post_init__(self):
        if self.cond.dtype != "bool":
            raise TypeError(f"if condition must be bool, got {self.cond.dtype}")


@dataclass(frozen=True)
class Barrier(Stmt):
    """Synchronises the workers of `scope`: warp, block (threads of a block / cores of a BANG
    cluster's compute pipeline), cluster (BANG __sync_cluster), grid (every worker)."""

    scope: str = "block"

    def __post_init__(self):
        if self.scope not in BARRIER_SCOPES:
            raise ValueError(f"unknown barrier scope {self.scope!r} (one of {', '.join(BARRIER_SCOPES)})")


@dataclass(frozen=True)
class IntrinsicCall(Stmt):
    """An opaque target intrinsic (``__bang_add(dst, a, b, n)``, ``_mm512_dpbusd_epi32`` store, ...).
    `reads` / `writes` name the buffers it may touch, so that analyses stay sound."""

    name: str
    args: tuple[Expr, ...] = ()
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "args", tuple(as_expr(a) for a in self.args))
        object.__setattr__(self, "reads", tuple(self.reads))
        object.__setattr__(self, "writes", tuple(self.writes))
        if not self.name.isidentifier():
            raise ValueError(f"intrinsic name {self.name!r} is not an identifier")


def block(*stmts) -> Stmt:
    """A block from statements and nested lists of statements (flattened; a single one is returned)."""
    flat = []

    def add(s):
        if s is None:
            return
        if isinstance(s, (list, tuple)):
            for x in s:
                add(x)
        elif isinstance(s, Block):
            for x in s.stmts:
                add(x)
        else:
            flat.append(s)
    for s in stmts:
        add(s)
    return flat[0] if len(flat) == 1 else Block(tuple(flat))


def loop(var: Var | str, extent, body, kind: str = "serial", axis: str | None = None) -> Loop:
    if isinstance(var, str):
        var = Var(var, "int32")
    return Loop(var, as_expr(extent, var.dtype), body if isinstance(body, Stmt) else block(body), kind, axis)

