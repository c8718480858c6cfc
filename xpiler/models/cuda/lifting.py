"""CUDA for lifting: WMMA fragments and their warp-collective operations as scalar loop nests.

A fragment lifts to warp-level storage holding the logical tile row-major (rows x cols); the lane
that owns element `e` of `frag.x[]` is not needed by any suite kernel, so per-lane element access
is not offered (a located error says so)."""
from __future__ import annotations

import re

from ...ir.expr import Const, Load, Var, add, cast, mul
from ...ir.stmt import Loop, Store, block
from ...lift.calls import IntrinsicLifting
from ...lift.collective import once_per_warp

VALUE_TYPES: dict = {}
CONSTANTS = {"wmma::mem_row_major": 0, "wmma::mem_col_major": 1, "mem_row_major": 0, "mem_col_major": 1,
             "nvcuda::wmma::mem_row_major": 0, "nvcuda::wmma::mem_col_major": 1}
_FRAG = re.compile(r"^(?:nvcuda::)?(?:wmma::)?fragment\s*<(.*)>$", re.S)
_DTYPES = {"half": "float16", "__half": "float16", "float": "float32", "__nv_bfloat16": "bfloat16",
           "signed char": "int8", "unsigned char": "uint8", "int": "int32", "double": "float64"}


def fragment(lifter, text: str):
    """(kind, rows, cols, dtype, col_major) of a fragment type, or None."""
    m = _FRAG.match(text.replace("\n", " ").strip())
    if not m:
        return None
    parts = [p.strip() for p in _split(m.group(1))]
    kind = parts[0].split("::")[-1]
    ev = lifter.info.evaluator()
    M, N, K = (int(ev.eval_text(p)) for p in parts[1:4])
    dtype = _DTYPES.get(parts[4].split("::")[-1], None)
    if dtype is None:
        return None
    layout = parts[5].split("::")[-1] if len(parts) > 5 else ""
    rows, cols = {"matrix_a": (M, K), "matrix_b": (K, N), "accumulator": (M, N)}[kind]
    return kind, rows, cols, dtype, layout == "col_major"


def value_type(lifter, text: str):
    f = fragment(lifter, text)
    if f is None:
        return None
    _kind, rows, cols, dtype, _ = f
    return dtype, rows * cols, True          # per warp


def _split(s: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in s:
        depth += ch in "<(" 
        depth -= ch in ">)"
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + [cur]


def _frag(lifter, node):
    v = lifter.value(node)
    f = fragment(lifter, getattr(v, "ctype", ""))
    if f is None:
        raise lifter.error(node, "expected a wmma::fragment")
    from ...lift.frontend import _off
    from ...ir.expr import Address
    return Address(v.buffer, (_off(v.offset),)), f


def _ptr(lifter, node):
    from ...ir.expr import Address
    p = lifter.pointer(node)
    return Address(p.buffer, (cast("int64", p.offset),))


def _load(lifter, args, node):
    frag, (kind, rows, cols, _dt, col_major) = _frag(lifter, args[0])
    ptr = _ptr(lifter, args[1])
    ldm = cast("int64", lifter.rvalue(args[2]))
    if kind == "accumulator":
        col_major = len(args) > 3 and int(lifter.const_int(args[3])) == 1
    once_per_warp(lifter, "wmma_load", (frag, ptr, ldm, Const(rows, "int32"), Const(cols, "int32"),
                                        Const(int(col_major), "int32")))


def _store(lifter, args, node):
    ptr = _ptr(lifter, args[0])
    frag, (kind, rows, cols, _dt, _cm) = _frag(lifter, args[1])
    ldm = cast("int64", lifter.rvalue(args[2]))
    col_major = len(args) > 3 and int(lifter.const_int(args[3])) == 1
    once_per_warp(lifter, "wmma_store", (ptr, frag, ldm, Const(rows, "int32"), Const(cols, "int32"),
                                         Const(int(col_major), "int32")))


def _fill(lifter, args, node):
    frag, (kind, rows, cols, dtype, _cm) = _frag(lifter, args[0])
    value = cast(dtype, lifter.rvalue(args[1]))
    once_per_warp(lifter, "wmma_fill", (frag, value, Const(rows * cols, "int32")))


def _mma(lifter, args, node):
    d, (_, M, N, ddt, _) = _frag(lifter, args[0])
    a, (_, _, K, _, _) = _frag(lifter, args[1])
    b, _ = _frag(lifter, args[2])
    c, _ = _frag(lifter, args[3])
    once_per_warp(lifter, "wmma_mma", (d, a, b, c, Const(M, "int32"), Const(N, "int32"), Const(K, "int32")))


CALLS = {}
for _name, _fn in (("load_matrix_sync", _load), ("store_matrix_sync", _store), ("fill_fragment", _fill),
                   ("mma_sync", _mma)):
    for _prefix in ("", "wmma::", "nvcuda::wmma::"):
        CALLS[_prefix + _name] = _fn


# ------------------------------------------------------------------ scalar semantics (detensorization)

def _elem(addr, index):
    buf, (off,) = addr.buffer, addr.indices
    return buf, add(off, cast("int64", index))


def _tile_copy(frag, ptr, ldm, rows, cols, col_major, names, to_memory: bool):
    """Fragment (row-major rows x cols) <-> memory tile with leading dimension ldm."""
    i, j = Var(names.fresh("i"), "int32"), Var(names.fresh("j"), "int32")
    R, C = int(rows.value), int(cols.value)
    mem = add(mul(cast("int64", j), ldm), i) if col_major.value else add(mul(cast("int64", i), ldm), j)
    fb, fo = _elem(frag, add(mul(i, C), j))
    pb, po = _elem(ptr, mem)
    store = Store(pb, (po,), cast(pb.dtype, Load(fb, (fo,)))) if to_memory else \
        Store(fb, (fo,), cast(fb.dtype, Load(pb, (po,))))
    return Loop(i, R, Loop(j, C, store))


def _build_load(args, names):
    frag, ptr, ldm, rows, cols, col_major = args
    return _tile_copy(frag, ptr, ldm, rows, cols, col_major, names, to_memory=False)


def _build_store(args, names):
    ptr, frag, ldm, rows, cols, col_major = args
    return _tile_copy(frag, ptr, ldm, rows, cols, col_major, names, to_memory=True)


def _build_fill(args, names):
    frag, value, n = args
    e = Var(names.fresh("e"), "int32")
    fb, fo = _elem(frag, e)
    return Loop(e, n, Store(fb, (fo,), cast(fb.dtype, value)))


def _build_mma(args, names):
    """D = A x B + C, products and sums in the accumulator type, k in order (as the engine)."""
    d, a, b, c, M, N, K = args
    M, N, K = int(M.value), int(N.value), int(K.value)
    i, j, k = (Var(names.fresh(n), "int32") for n in ("i", "j", "k"))
    from ...ir.buffer import Buffer
    from ...ir.stmt import Alloc
    db = d.buffer
    acc = Buffer(names.fresh("acc"), db.dtype, (1,), "local")
    ab, ao = _elem(a, add(mul(i, K), k))
    bb, bo = _elem(b, add(mul(k, N), j))
    cb, co = _elem(c, add(mul(i, N), j))
    dbuf, do = _elem(d, add(mul(i, N), j))
    t = db.dtype
    body = block(Alloc(acc), Store(acc, (0,), cast(t, Load(cb, (co,)))),
                 Loop(k, K, Store(acc, (0,), add(Load(acc, (0,)),
                                                 mul(cast(t, Load(ab, (ao,))), cast(t, Load(bb, (bo,))))))),
                 Store(dbuf, (do,), Load(acc, (0,))))
    return Loop(i, M, Loop(j, N, body))


INTRINSICS = {
    "wmma_load": IntrinsicLifting("wmma_load", _build_load, doc="fragment <- rows x cols tile at ldm"),
    "wmma_store": IntrinsicLifting("wmma_store", _build_store, doc="tile at ldm <- fragment"),
    "wmma_fill": IntrinsicLifting("wmma_fill", _build_fill, doc="every element <- value"),
    "wmma_mma": IntrinsicLifting("wmma_mma", _build_mma, doc="D = A B + C"),
}


def hardware(launch):
    from ...lift.hardware import GpuHardware
    return GpuHardware(launch.grid, launch.block, 32, launch.shared_bytes or 0)
