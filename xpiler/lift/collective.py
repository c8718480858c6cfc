"""Warp-collective intrinsics in the SPMD form.

A collective (WMMA load/mma/store, an MFMA instruction) is executed once per warp: all lanes meet at
a warp barrier, lane 0 performs the whole operation on warp-level storage, all lanes meet again.
For MFMA-style instructions whose operands are per-lane registers, each lane first publishes its
operands to an exchange buffer in block memory (indexed by thread), and reads its result back.
"""
from __future__ import annotations

from ..ir.buffer import Buffer
from ..ir.expr import Address, Const, Load, Var, add, cast, compare, mul, sub
from ..ir.stmt import Alloc, Barrier, If, IntrinsicCall, Loop, Store
from ..ir.transforms.simplify import simplify_expr


def lane_and_thread(lifter):
    W = lifter.hw.warp_size
    t = lifter.hw.linear_thread()
    return t, simplify_expr(sub(t, mul(cast("int32", t / W), W))), W


def once_per_warp(lifter, name: str, args: tuple) -> None:
    """Barrier; lane 0 runs intrinsic `name` on `args`; barrier."""
    _t, lane, _W = lane_and_thread(lifter)
    touched = tuple(sorted({a.buffer.name for a in args if isinstance(a, Address)}))
    lifter.emit(Barrier("warp"),
                If(compare("==", lane, Const(0, "int32")), IntrinsicCall(name, args, touched, touched)),
                Barrier("warp"))


def exchange_buffer(lifter, hint: str, dtype: str, per_lane: int) -> Buffer:
    T = lifter.hw.hierarchy.block.size
    W = lifter.hw.warp_size
    buf = Buffer(lifter.fresh(hint), dtype, (-(-T // W) * W * per_lane,), "shared")
    lifter.prologue.append(Alloc(buf))
    return buf


def publish(lifter, buf: Buffer, per_lane: int, values) -> None:
    """Lane t writes its `values` (list of scalar Exprs) to buf[t*per_lane + e]."""
    t, _lane, _W = lane_and_thread(lifter)
    for e, v in enumerate(values):
        lifter.emit(Store(buf, (simplify_expr(add(mul(cast("int64", t), per_lane), e)),), cast(buf.dtype, v)))


def warp_base(lifter, per_lane: int):
    t, lane, _W = lane_and_thread(lifter)
    return simplify_expr(mul(cast("int64", sub(t, lane)), per_lane))


def read_back(lifter, buf: Buffer, per_lane: int, dst) -> None:
    """Copy buf[t*per_lane + e] into the lanes of value `dst` (a Vec)."""
    t, _lane, _W = lane_and_thread(lifter)
    i = Var(lifter.fresh("e"), "int32")
    src = simplify_expr(add(mul(cast("int64", t), per_lane), cast("int64", i)))
    doff = dst.offset if not isinstance(dst.offset, int) else Const(dst.offset, "int64")
    lifter.emit(Loop(i, per_lane, Store(dst.buffer, (simplify_expr(add(doff, cast("int64", i))),),
                                        cast(dst.buffer.dtype, Load(buf, (src,))))))
