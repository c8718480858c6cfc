"""The canonical loop IR that every source model is lifted into and every target lowered from.

    from xpiler import ir
    n = ir.Var("n")
    x = ir.Buffer("x", "float32", (n,)); y = ir.Buffer("y", "float32", (n,))
    i = ir.Var("i")
    k = ir.kernel("scale", [(x, "in"), (y, "out"), n],
                  ir.loop(i, n, ir.Store(y, (i,), x[i] * 2.0), kind="parallel", axis="threadIdx.x"))
    print(ir.print_ir(k)); print(ir.print_c(k))
    out = ir.compile_and_run(k, {"x": np.arange(8, dtype=np.float32), "n": 8})["y"]

Modules (one idea each): dtypes, semantics (C semantics on Python values), expr, buffer, stmt,
kernel, visitor, validate, printer_c, printer_ir, evaluate, native (compile and run printed C in the
sandbox), analysis/ (affine forms, value ranges, accesses, dependences), transforms/ (plain
functions kernel -> kernel), passes (the Pass protocol and registry), verifier (differential check).
"""
from .buffer import SCOPES, Buffer
from .expr import (Address, Binary, Bitcast, Call, Cast, Compare, Const, Expr, Load, Node, Select, Unary, Var, add, as_expr,
                   call, cast, ceildiv, compare, div, eq, ge, gt, le, logical_and, logical_not, logical_or, lt,
                   maximum, minimum, mod, mul, ne, neg, select, sub)
from .kernel import ROLES, Kernel, Param, Program, kernel
from .printer_c import CPrinter, PrintError, print_c
from .printer_ir import print_ir
from .stmt import (BARRIER_SCOPES, HARDWARE_AXES, LOOP_KINDS, Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, While,
                   Stmt, Store, block, loop)
from .validate import IRValidationError, validate
from .visitor import Mutator, Visitor, free_vars, substitute, walk


def __getattr__(name):
    # modules that pull in the engine or the passes load on first use
    if name in ("compile_and_run", "run_many", "NativeExecutionError"):
        from . import native
        return getattr(native, name)
    if name in ("Pass", "FunctionPass", "register_pass", "get_pass", "registered_passes", "PassError"):
        from . import passes
        return getattr(passes, name)
    if name in ("verify", "VerifyResult"):
        from . import verifier
        return getattr(verifier, name)
    raise AttributeError(f"module 'xpiler.ir' has no attribute {name!r}")
