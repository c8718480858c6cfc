"""What a C name or expression stands for while a frontend lifts a function.

Scalars are IR expressions (immutable `Let` values) or `Cell`s (mutable: a 1-element local buffer);
pointers are `Ptr` (a flat buffer, an element offset and, for `float4*`-style pointers, lanes);
arrays are `ArrayRef` (a flat buffer with the C dimensions for indexing); multi-lane values
(`__m512`, `float4`, fragments) are `Vec` (a local buffer of lanes).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..ir.buffer import Buffer
from ..ir.expr import Expr, Load


@dataclass(frozen=True)
class Cell:
    """A mutable scalar: element 0 of a local 1-element buffer."""

    buffer: Buffer

    @property
    def dtype(self) -> str:
        return self.buffer.dtype

    def load(self) -> Expr:
        return Load(self.buffer, (0,))


@dataclass(frozen=True)
class Ptr:
    """A pointer: element `offset` of the flat `buffer`; `lanes` > 1 for pointers to short vectors
    (element i of a `float4*` covers buffer elements offset + 4i ... offset + 4i + 3)."""

    buffer: Buffer
    offset: Expr
    lanes: int = 1
    ctype: str = ""          # the C type name of the pointee when it is a vector / value type

    @property
    def dtype(self) -> str:
        return self.buffer.dtype


@dataclass(frozen=True)
class PtrCell:
    """A pointer variable that is reassigned: fixed buffer, offset kept in an int64 cell."""

    buffer: Buffer
    cell: Cell
    lanes: int = 1
    ctype: str = ""

    def current(self) -> Ptr:
        return Ptr(self.buffer, self.cell.load(), self.lanes, self.ctype)


@dataclass(frozen=True)
class ArrayRef:
    """A C array (possibly multi-dimensional) stored flat in `buffer` starting at `offset`."""

    buffer: Buffer
    dims: tuple            # ints, or Exprs for C99 variable-length arrays
    offset: Expr
    vec_ctype: str = ""    # arrays of value types (__m512 v[4]): the last dim is the lanes

    def row_elements(self):
        n = 1
        for d in self.dims[1:]:
            n = n * d
        return n


@dataclass(frozen=True)
class PtrArray:
    """A small array of pointers into one buffer (double buffering: `float* buf[2]`)."""

    buffer: Buffer
    offsets: Buffer        # local int64[n]: element offsets
    lanes: int = 1


@dataclass(frozen=True)
class Vec:
    """A value of several lanes held in a local buffer (lanes start at `offset`)."""

    buffer: Buffer
    ctype: str
    lanes: int
    offset: int = 0


@dataclass(frozen=True)
class LValue:
    """Something assignable: a buffer element."""

    buffer: Buffer
    index: Expr

    @property
    def dtype(self) -> str:
        return self.buffer.dtype

    def load(self) -> Expr:
        return Load(self.buffer, (self.index,))
