"""The IR text form (what ``--emit-ir`` shows): every node, types at declarations, loop kinds.

    kernel scale(in x: float32[n] global, out y: float32[n] global, n: int32) {
      for i in range(n) parallel(threadIdx.x) {
        y[i] = x[i] * 2.0f
      }
    }

Constants carry their type unless it is int32 (``5``), float32 (``2.0f``) or float64 (``2.0``):
``5:int64``, ``1.5:float16``; conversions print as ``float32(x)``; a math call with a precision class other than
its default shows it (``exp.approx(x)``).
"""
from __future__ import annotations


from . import dtypes as dt
from .buffer import Buffer
from .expr import Address, Binary, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from .kernel import Kernel
from .mathfns import lookup
from .printer_c import _float_literal
from .stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store

_PREC = {"or": 4, "and": 5, "|": 6, "^": 7, "&": 8, "==": 9, "!=": 9, "<": 10, "<=": 10, ">": 10, ">=": 10,
         "<<": 11, ">>": 11, "+": 12, "-": 12, "*": 13, "/": 13, "%": 13}
_SYM = {"and": "&&", "or": "||"}


def _shape(b: Buffer) -> str:
    return f"{b.dtype}[{', '.join(expr_text(s) for s in b.shape)}]"


def expr_text(e: Expr, ctx: int = 0) -> str:
    text, p = _expr(e)
    return f"({text})" if p < ctx else text


def _expr(e: Expr) -> tuple[str, int]:
    if isinstance(e, Const):
        t, v = e.dtype, e.value
        if t == "bool":
            return ("true" if v else "false"), 20
        if t == "int32":
            return str(v), (15 if v < 0 else 20)
        if t == "float32":
            return _float_literal(v, "float32"), (15 if str(v).startswith("-") else 20)
        if t == "float64":
            return _float_literal(v, "float64"), (15 if str(v).startswith("-") else 20)
        lit = str(v) if dt.is_int(t) else _float_literal(v, "float64")
        return f"{lit}:{t}", 16
    if isinstance(e, Var):
        return e.name, 20
    if isinstance(e, (Load, Address)):
        amp = "&" if isinstance(e, Address) else ""
        return f"{amp}{e.buffer.name}[{', '.join(expr_text(i) for i in e.indices)}]", 16
    if isinstance(e, Binary):
        if e.op in ("min", "max"):
            return f"{e.op}({expr_text(e.a)}, {expr_text(e.b)})", 16
        p = _PREC[e.op]
        return f"{expr_text(e.a, p)} {_SYM.get(e.op, e.op)} {expr_text(e.b, p + 1)}", p
    if isinstance(e, Compare):
        p = _PREC[e.op]
        return f"{expr_text(e.a, p + 1)} {e.op} {expr_text(e.b, p + 1)}", p
    if isinstance(e, Unary):
        return f"{e.op}{expr_text(e.a, 16)}", 15
    if isinstance(e, Cast):
        return f"{e.dtype}({expr_text(e.value)})", 16
    if type(e).__name__ == "Bitcast":
        return f"bitcast<{e.dtype}>({expr_text(e.value)})", 16
    if isinstance(e, Select):
        return f"select({expr_text(e.cond)}, {expr_text(e.then)}, {expr_text(e.otherwise)})", 16
    if isinstance(e, Call):
        tag = "" if e.precision == lookup(e.name).precision else f".{e.precision}"
        return f"{e.name}{tag}({', '.join(expr_text(a) for a in e.args)})", 16
    return repr(e), 20


def _stmt(s: Stmt, out: list[str], depth: int) -> None:
    pad = "  " * depth
    if isinstance(s, Block):
        for x in s.stmts:
            _stmt(x, out, depth)
    elif isinstance(s, Store):
        out.append(f"{pad}{s.buffer.name}[{', '.join(expr_text(i) for i in s.indices)}] = {expr_text(s.value)}")
    elif isinstance(s, Let):
        out.append(f"{pad}let {s.var.name}: {s.var.dtype} = {expr_text(s.value)}")
    elif isinstance(s, Alloc):
        out.append(f"{pad}alloc {s.buffer.name}: {_shape(s.buffer)} {s.buffer.scope}")
    elif isinstance(s, Loop):
        kind = "" if s.kind == "serial" else f" {s.kind}" + (f"({s.axis})" if s.axis else "")
        ty = "" if s.var.dtype == "int32" else f": {s.var.dtype}"
        out.append(f"{pad}for {s.var.name}{ty} in range({expr_text(s.extent)}){kind} {{")
        _stmt(s.body, out, depth + 1)
        out.append(pad + "}")
    elif type(s).__name__ == "While":
        out.append(f"{pad}while {expr_text(s.cond)} {{")
        _stmt(s.body, out, depth + 1)
        out.append(pad + "}")
    elif isinstance(s, If):
        out.append(f"{pad}if {expr_text(s.cond)} {{")
        _stmt(s.then, out, depth + 1)
        if s.otherwise is not None:
            out.append(pad + "} else {")
            _stmt(s.otherwise, out, depth + 1)
        out.append(pad + "}")
    elif isinstance(s, Barrier):
        out.append(f"{pad}barrier({s.scope})")
    elif isinstance(s, IntrinsicCall):
        eff = "".join(f" {w}({', '.join(v)})" for w, v in (("reads", s.reads), ("writes", s.writes)) if v)
        out.append(f"{pad}call {s.name}({', '.join(expr_text(a) for a in s.args)}){eff}")
    else:
        out.append(f"{pad}{s!r}")


def print_ir(node) -> str:
    """Text of a kernel, statement or expression."""
    if isinstance(node, Expr):
        return expr_text(node)
    if isinstance(node, Kernel):
        ps = []
        for p in node.params:
            t = p.target
            ps.append(f"{p.role} {t.name}: {_shape(t)} {t.scope}" if isinstance(t, Buffer) else f"{t.name}: {t.dtype}")
        out = [f"kernel {node.name}({', '.join(ps)}) {{"]
        _stmt(node.body, out, 1)
        out.append("}")
        return "\n".join(out) + "\n"
    out: list[str] = []
    _stmt(node, out, 0)
    return "\n".join(out) + "\n"
