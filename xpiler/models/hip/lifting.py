"""HIP for lifting: the MFMA matrix instructions as scalar loop nests.

An MFMA is a wavefront collective over per-lane registers: every lane publishes its A/B/C operands
to exchange buffers, lane 0 computes D for the whole wavefront with the documented lane layout
(gpu_cpu.md B.3.2, the same layout the HIP engine implements), every lane reads its D back."""
from __future__ import annotations

from ...ir.buffer import Buffer
from ...ir.expr import Address, Const, Load, Var, add, cast, div, mod, mul
from ...ir.stmt import Alloc, Loop, Store, block
from ...lift.calls import IntrinsicLifting
from ...lift.collective import exchange_buffer, once_per_warp, publish, read_back, warp_base

VALUE_TYPES: dict = {}
CONSTANTS: dict = {}

# name -> (G: lane group = M = N, KPL: k per lane, CPL: C/D elements per lane, input dtype)
MFMA = {
    "__builtin_amdgcn_mfma_f32_16x16x4f32": (16, 1, 4, "float32"),
    "__builtin_amdgcn_mfma_f32_16x16x16f16": (16, 4, 4, "float16"),
    "__builtin_amdgcn_mfma_f32_32x32x8f16": (32, 4, 16, "float16"),
}


def _lanes(lifter, node, n, dtype):
    """The n lanes of operand `node` (a vector value or a scalar) as expressions."""
    from ...lift.frontend import _VecView, _off
    from ...lift.values import Vec
    v = lifter.value(node)
    if isinstance(v, (Vec, _VecView)):
        return [Load(v.buffer, (add(_off(v.offset), e),)) for e in range(n)]
    return [cast(dtype, lifter.rvalue(node))]


def _mfma(name):
    G, KPL, CPL, in_dtype = MFMA[name]

    def handler(lifter, args, node):
        for flag in args[3:6]:
            if lifter.const_int(flag) != 0:
                raise lifter.error(node, f"{name}: only cbsz = abid = blgp = 0 is supported")
        xa = exchange_buffer(lifter, "mfma_a", "float32", KPL)
        xb = exchange_buffer(lifter, "mfma_b", "float32", KPL)
        xc = exchange_buffer(lifter, "mfma_c", "float32", CPL)
        xd = exchange_buffer(lifter, "mfma_d", "float32", CPL)
        publish(lifter, xa, KPL, [cast("float32", e) for e in _lanes(lifter, args[0], KPL, in_dtype)])
        publish(lifter, xb, KPL, [cast("float32", e) for e in _lanes(lifter, args[1], KPL, in_dtype)])
        publish(lifter, xc, CPL, _lanes(lifter, args[2], CPL, "float32"))
        once_per_warp(lifter, "mfma", (Address(xd, (warp_base(lifter, CPL),)), Address(xa, (warp_base(lifter, KPL),)),
                                       Address(xb, (warp_base(lifter, KPL),)), Address(xc, (warp_base(lifter, CPL),)),
                                       Const(G, "int32"), Const(KPL, "int32")))
        result = lifter.new_vec("floatx%d" % CPL if ("floatx%d" % CPL) in lifter._file_value_types() else
                                _vec_type(lifter, CPL), "mfma")
        read_back(lifter, xd, CPL, result)
        return result
    return handler


def _vec_type(lifter, n):
    for name, info in lifter._file_value_types().items():
        if info[:2] == ("float32", n):
            return name
    raise ValueError(f"the file declares no float vector of {n} lanes for the MFMA result")


CALLS = {name: _mfma(name) for name in MFMA}


def _build_mfma(args, names):
    """D[l][e] = C[l][e] + sum_k A[row][k] B[k][col]; row = cd_row(l, e), col = l % G;
    A[r][k] is lane (k / KPL) * G + r element k % KPL, B[k][c] is lane (k / KPL) * G + c."""
    d, a, b, c, G, KPL = args
    G, KPL = int(G.value), int(KPL.value)
    CPL, K = G * G // 64, KPL * (64 // G)
    l, e, k = (Var(names.fresh(n), "int32") for n in ("l", "e", "k"))
    row = add(add(mul(4 * (64 // G), div(e, 4)), mul(4, div(l, G))), mod(e, 4))
    col = mod(l, G)

    def at(addr, idx):
        return Load(addr.buffer, (add(addr.indices[0], cast("int64", idx)),))
    a_rk = at(a, add(mul(add(mul(div(k, KPL), G), row), KPL), mod(k, KPL)))
    b_kc = at(b, add(mul(add(mul(div(k, KPL), G), col), KPL), mod(k, KPL)))
    acc = Buffer(names.fresh("acc"), "float32", (1,), "local")
    didx = add(d.indices[0], cast("int64", add(mul(l, CPL), e)))
    body = block(Alloc(acc), Store(acc, (0,), at(c, add(mul(l, CPL), e))),
                 Loop(k, K, Store(acc, (0,), add(Load(acc, (0,)), mul(a_rk, b_kc)))),
                 Store(d.buffer, (didx,), Load(acc, (0,))))
    return Loop(l, 64, Loop(e, CPL, body))


INTRINSICS = {"mfma": IntrinsicLifting("mfma", _build_mfma, doc="one MFMA for a whole wavefront")}


def hardware(launch):
    from ...lift.hardware import GpuHardware
    return GpuHardware(launch.grid, launch.block, 64, launch.shared_bytes or 0)
