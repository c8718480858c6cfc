"""Calls every GPU/CPU dialect shares and the frontend lifts itself: warp shuffles and votes
(exchange through a per-block buffer between warp barriers), atomics (their sequential meaning),
and the C library's memcpy / memset / malloc family.

Each handler is `fn(lifter, arg_nodes, call_node) -> value`."""
from __future__ import annotations

from ..ir import dtypes as dt
from ..ir.buffer import Buffer
from ..ir.expr import Bitcast, Const, Load, Var, add, bitwise, cast, compare, div, mod, mul, select, shift, sub
from ..ir.stmt import Alloc, Barrier, Let, Loop, Store, block
from ..ir.transforms.simplify import simplify_expr
from .values import LValue, Ptr


class Malloc:
    """The result of malloc/aligned_alloc/calloc before a cast gives it an element type."""

    def __init__(self, nbytes):
        self.nbytes = nbytes


def allocate(lifter, m: Malloc, dtype: str, node) -> Ptr:
    n = simplify_expr(div(cast("int64", m.nbytes), dt.itemsize(dtype)))
    buf = Buffer(lifter.fresh("heap"), dtype, (n,), "local")
    lifter.emit(Alloc(buf))
    return Ptr(buf, Const(0, "int64"))


def _malloc(lifter, args, node):
    return Malloc(lifter.rvalue(args[0]))


def _aligned_alloc(lifter, args, node):
    return Malloc(lifter.rvalue(args[1]))


def _calloc(lifter, args, node):
    return Malloc(mul(cast("int64", lifter.rvalue(args[0])), cast("int64", lifter.rvalue(args[1]))))


# ---------------------------------------------------------------------------------------- warps

def _lane_info(lifter):
    hw = lifter.hw
    if not hw.warp_size:
        raise lifter.error(lifter._current_call, "warp primitives need a GPU launch")
    t = hw.linear_thread()
    W = hw.warp_size
    lane = mod(t, W)
    return t, lane, sub(t, lane), W


def _exchange(lifter, value, src_lane_of, node, hint="xchg"):
    """Every lane publishes `value`; returns what lane `src_lane_of(lane)` published."""
    lifter._current_call = node
    t, lane, base, W = _lane_info(lifter)
    T = lifter.hw.hierarchy.block.size
    size = -(-T // W) * W
    buf = Buffer(lifter.fresh(hint), value.dtype, (size,), "shared")
    lifter.prologue.append(Alloc(buf))
    lifter.emit(Store(buf, (t,), value), Barrier("warp"))
    got = Var(lifter.fresh(hint + "_v"), value.dtype)
    lifter.emit(Let(got, Load(buf, (simplify_expr(add(base, src_lane_of(lane, W))),))), Barrier("warp"))
    return got


def _shfl_args(lifter, args, sync: bool):
    rest = args[1:] if sync else args
    value = lifter.rvalue(rest[0])
    second = cast("int32", lifter.rvalue(rest[1]))
    width = cast("int32", lifter.rvalue(rest[2])) if len(rest) > 2 else None
    return value, second, width


def _shuffle(kind: str, sync: bool):
    def handler(lifter, args, node):
        value, x, width = _shfl_args(lifter, args, sync)
        W = lifter.hw.warp_size
        w = width if width is not None else Const(W, "int32")

        def src(lane, _W):
            seg = mod(lane, w)
            if kind == "down":
                return select(compare("<", add(seg, x), w), add(lane, x), lane)
            if kind == "up":
                return select(compare(">=", seg, x), sub(lane, x), lane)
            if kind == "xor":
                s = bitwise("^", lane, x)
                return select(compare("<", s, mul(add(div(lane, w), 1), w)), s, lane)
            return add(sub(lane, seg), mod(x, w))              # idx
        return _exchange(lifter, value, src, node, "shfl")
    return handler


def _readfirstlane(lifter, args, node):
    return _exchange(lifter, lifter.rvalue(args[0]), lambda lane, W: Const(0, "int32"), node, "first")


def _vote(kind: str, sync: bool):
    def handler(lifter, args, node):
        lifter._current_call = node
        pred = lifter.rvalue(args[1] if sync else args[0])
        pred = cast("uint64", compare("!=", pred, Const(0, pred.dtype)) if pred.dtype != "bool" else pred)
        t, lane, base, W = _lane_info(lifter)
        T = lifter.hw.hierarchy.block.size
        size = -(-T // W) * W
        buf = Buffer(lifter.fresh("vote"), "uint64", (size,), "shared")
        lifter.prologue.append(Alloc(buf))
        lifter.emit(Store(buf, (t,), pred), Barrier("warp"))
        acc = lifter.new_cell("ballot", "uint64", Const(0, "uint64"))
        i = Var(lifter.fresh("l"), "int32")
        lifter.emit(Loop(i, W, Store(acc.buffer, (0,), bitwise("|", acc.load(),
                                                                shift("<<", Load(buf, (add(base, i),)), i)))))
        got = Var(lifter.fresh("vote_v"), "uint64")
        lifter.emit(Let(got, acc.load()), Barrier("warp"))
        full = (1 << W) - 1
        if kind == "ballot":
            return cast("uint32", got) if W == 32 else got
        if kind == "any":
            return cast("int32", compare("!=", got, Const(0, "uint64")))
        return cast("int32", compare("==", got, Const(full, "uint64")))
    return handler


def _lane_id(lifter, args, node):
    lifter._current_call = node
    return _lane_info(lifter)[1]


def _active_mask(lifter, args, node):
    return Const((1 << lifter.hw.warp_size) - 1 if lifter.hw.warp_size == 32 else 0xFFFFFFFF, "uint32")


# ---------------------------------------------------------------------------------------- atomics

def _target(lifter, node) -> LValue:
    p = lifter.pointer(node)
    return LValue(p.buffer, p.offset)


def _atomic(op: str):
    def handler(lifter, args, node):
        tgt = _target(lifter, args[0])
        old = Var(lifter.fresh("old"), tgt.dtype)
        lifter.emit(Let(old, tgt.load()))
        v = cast(tgt.dtype, lifter.rvalue(args[1]))
        if op == "add":
            new = add(old, v)
        elif op == "sub":
            new = sub(old, v)
        elif op == "max":
            from ..ir.expr import maximum
            new = maximum(old, v)
        elif op == "min":
            from ..ir.expr import minimum
            new = minimum(old, v)
        elif op == "exch":
            new = v
        elif op in ("and", "or", "xor"):
            new = bitwise({"and": "&", "or": "|", "xor": "^"}[op], old, v)
        elif op == "cas":
            val = cast(tgt.dtype, lifter.rvalue(args[2]))
            new = select(compare("==", old, v), val, old)
        else:
            raise lifter.error(node, f"atomic {op}")
        lifter.emit(Store(tgt.buffer, (tgt.index,), cast(tgt.dtype, new)))
        return old
    return handler


# ---------------------------------------------------------------------------------------- C library

def _as_unsigned_bits(e):
    u = {8: "uint8", 16: "uint16", 32: "uint32", 64: "uint64"}[dt.bits(e.dtype)]
    if e.dtype == u:
        return e
    return Bitcast(u, e) if dt.is_float(e.dtype) else cast(u, e)


def _from_unsigned_bits(e, dtype):
    return Bitcast(dtype, e) if dt.is_float(dtype) else cast(dtype, e)


def copy_bytes(lifter, dst: Ptr, src: Ptr, nbytes, node) -> None:
    """memcpy semantics between typed buffers (the same type: element copy; else byte by byte)."""
    nbytes = cast("int64", nbytes)
    if dst.buffer.dtype == src.buffer.dtype:
        size = dt.itemsize(dst.buffer.dtype)
        i = Var(lifter.fresh("i"), "int32")
        n = simplify_expr(cast("int32", div(nbytes, size)))
        lifter.emit(Loop(i, n, Store(dst.buffer, (simplify_expr(add(dst.offset, cast("int64", i))),),
                                     Load(src.buffer, (simplify_expr(add(src.offset, cast("int64", i))),)))))
        return
    ss, ds = dt.itemsize(src.buffer.dtype), dt.itemsize(dst.buffer.dtype)
    b = Var(lifter.fresh("byte"), "int64")
    bi = Var(lifter.fresh("b"), "int32")
    sel = Load(src.buffer, (add(src.offset, div(b, ss)),))
    byte = cast("uint64", bitwise("&", shift(">>", cast("uint64", _as_unsigned_bits(sel)), mul(mod(b, ss), 8)),
                                  Const(0xFF, "uint64")))
    di = add(dst.offset, div(b, ds))
    cur = cast("uint64", _as_unsigned_bits(Load(dst.buffer, (di,))))
    sh = mul(mod(b, ds), 8)
    new = bitwise("|", bitwise("&", cur, ~shift("<<", Const(0xFF, "uint64"), sh)), shift("<<", byte, sh))
    u = {8: "uint8", 16: "uint16", 32: "uint32", 64: "uint64"}[dt.bits(dst.buffer.dtype)]
    body = block(Let(b, cast("int64", bi)), Store(dst.buffer, (di,), _from_unsigned_bits(cast(u, new), dst.buffer.dtype)))
    lifter.emit(Loop(bi, simplify_expr(cast("int32", nbytes)), body))


def _memcpy(lifter, args, node):
    dst, src = lifter.pointer(args[0]), lifter.pointer(args[1])
    copy_bytes(lifter, dst, src, lifter.rvalue(args[2]), node)
    return dst


def _memset(lifter, args, node):
    dst = lifter.pointer(args[0])
    byte = cast("uint64", bitwise("&", cast("int64", lifter.rvalue(args[1])), Const(0xFF, "int64")))
    nbytes = cast("int64", lifter.rvalue(args[2]))
    size = dt.itemsize(dst.buffer.dtype)
    pattern = byte
    for k in range(1, size):
        pattern = bitwise("|", pattern, shift("<<", byte, Const(8 * k, "int32")))
    u = {8: "uint8", 16: "uint16", 32: "uint32", 64: "uint64"}[dt.bits(dst.buffer.dtype)]
    value = _from_unsigned_bits(cast(u, pattern), dst.buffer.dtype)
    i = Var(lifter.fresh("i"), "int32")
    lifter.emit(Loop(i, simplify_expr(cast("int32", div(nbytes, size))),
                     Store(dst.buffer, (simplify_expr(add(dst.offset, cast("int64", i))),), value)))
    return dst


def _ldg(lifter, args, node):
    p = lifter.pointer(args[0])
    return lifter.deref(p, 0, node)


SPECIAL_CALLS = {
    "malloc": _malloc, "aligned_alloc": _aligned_alloc, "_mm_malloc": lambda l, a, n: Malloc(l.rvalue(a[0])),
    "calloc": _calloc, "memcpy": _memcpy, "memset": _memset, "__builtin_memcpy": _memcpy,
    "__shfl_down_sync": _shuffle("down", True), "__shfl_up_sync": _shuffle("up", True),
    "__shfl_xor_sync": _shuffle("xor", True), "__shfl_sync": _shuffle("idx", True),
    "__shfl_down": _shuffle("down", False), "__shfl_up": _shuffle("up", False),
    "__shfl_xor": _shuffle("xor", False), "__shfl": _shuffle("idx", False),
    "__builtin_amdgcn_readfirstlane": _readfirstlane,
    "__ballot_sync": _vote("ballot", True), "__any_sync": _vote("any", True), "__all_sync": _vote("all", True),
    "__ballot": _vote("ballot", False), "__any": _vote("any", False), "__all": _vote("all", False),
    "__lane_id": _lane_id, "__activemask": _active_mask,
    "atomicAdd": _atomic("add"), "atomicSub": _atomic("sub"), "atomicMax": _atomic("max"),
    "atomicMin": _atomic("min"), "atomicExch": _atomic("exch"), "atomicAnd": _atomic("and"),
    "atomicOr": _atomic("or"), "atomicXor": _atomic("xor"), "atomicCAS": _atomic("cas"),
    "__ldg": _ldg,
}
