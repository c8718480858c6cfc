"""How a model describes the scalar meaning of its intrinsics for lifting (detensorization).

Each model folder has ``lifting.py`` with:

* ``INTRINSICS: dict[str, IntrinsicLifting]`` — one entry per intrinsic name;
* ``VALUE_TYPES: dict[str, tuple[str, int]]`` — C value types that hold several lanes
  (``__m512`` -> ("float32", 16)); a variable of such a type lifts to a local 1-D buffer;
* ``CONSTANTS: dict[str, int]`` — enumerators / macros the calls take (``GDRAM2NRAM``, ``_CMP_LT_OQ``).

Call convention (what the frontend passes to `build`, in source argument order):

* a value-returning intrinsic gets, first, ``Address(result, (0,))``: a fresh local 1-D buffer of
  the result's lanes (1 for a scalar result) that `build` must fill;
* a pointer argument is ``Address(buf, (offset,))``: `buf` is 1-D and its dtype is the pointee type;
  element ``e`` is ``Load(buf, (offset + e,))``;
* a value-type argument (a vector register, a fragment) is ``Address(vbuf, (0,))`` of its local buffer;
* a scalar argument is an `Expr` of the C type the source expression has (the builder converts it
  to the parameter type as C would).

`build(args, names)` returns the statement with the exact effect (fresh names from `names`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..ir.expr import Expr
from ..ir.names import Names
from ..ir.stmt import Stmt


@dataclass(frozen=True)
class IntrinsicLifting:
    name: str
    build: Callable[[list[Expr], Names], Stmt]
    returns: str | None = None      # None (void), an IR dtype (scalar result), or a VALUE_TYPES key
    doc: str = ""
