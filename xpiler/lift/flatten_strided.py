"""flatten_strided_loops: the grid-stride idiom becomes one plain loop over the data.

    for p1 in P1 (parallel): ... for pm in Pm (parallel):      # blocks x threads (or tasks)
        for k in trip(a, b, s):  let j = a + k * s;  body(j)   # for (j = a; j < b; j += s)

where `a - c` runs over every residue 0 .. s-1 exactly once as (p1 .. pm) vary (a mixed-radix
linearisation, e.g. a = blockIdx * T + threadIdx, s = gridDim * T), is the same iteration set as

    for j' in range(max(0, b - c)):  let j = c + j';  (p1 .. pm, k recovered from j);  body(j)

Iterations of different workers were independent (parallel loops) and those of one worker keep
their order (increasing j), so the rewrite is legal for any body; the new loop is marked parallel
only when dependence analysis finds no loop-carried dependence. Between the worker loops only pure
`Let`s may appear (they are substituted or recomputed from j); anything else leaves the nest alone.
"""
from __future__ import annotations

from ..ir.analysis.affine import to_poly
from ..ir.analysis.dependence import dependences
from ..ir.expr import Binary, Cast, Compare, Const, Expr, Load, Select, Var, add, cast, div, maximum, mod, sub
from ..ir.kernel import Kernel
from ..ir.names import Names
from ..ir.stmt import Block, If, Let, Loop, Stmt, block
from ..ir.transforms.simplify import simplify_expr
from ..ir.visitor import Mutator, free_vars, substitute, walk


def _pure(e: Expr) -> bool:
    return not any(isinstance(n, Load) for n in walk(e))


def _split_body(s: Stmt) -> tuple[list[Let], Stmt | None]:
    """(leading pure Lets, the single remaining statement) or ([], None)."""
    items = list(s.stmts) if isinstance(s, Block) else [s]
    lets = []
    while items and isinstance(items[0], Let) and _pure(items[0].value):
        lets.append(items.pop(0))
    if len(items) != 1:
        return [], None
    return lets, items[0]


def _strided_form(q: Loop):
    """(a, b, s, ivar, rest) when q is `for k in trip(a, b, s): let i = a + k*s; rest`."""
    items = list(q.body.stmts) if isinstance(q.body, Block) else [q.body]
    if not items or not isinstance(items[0], Let):
        return None
    first = items[0]
    value = first.value.value if isinstance(first.value, Cast) else first.value
    poly = to_poly(simplify_expr(cast("int64", value)))
    if poly is None:
        return None
    s, a_terms = None, {}
    for mono, coeff in poly.terms:
        if mono == (Var(q.var.name, "int32"),) or (len(mono) == 1 and isinstance(mono[0], Cast)
                                                    and mono[0].value == q.var):
            s = coeff
        elif any(q.var.name in free_vars(x) for x in mono):
            return None
        else:
            a_terms[mono] = coeff
    if not s or s <= 0:
        return None
    ext = q.extent.value if isinstance(q.extent, Cast) else q.extent
    if not isinstance(ext, Select) or not isinstance(ext.cond, Compare) or ext.cond.op != "<":
        return None
    a = simplify_expr(ext.cond.a)
    b = ext.cond.b
    expect = simplify_expr(cast(q.extent.dtype, simplify_expr(
        Select(Compare("<", a, b), div(add(sub(b, a), Const(s - 1, "int64")), Const(s, "int64")), Const(0, "int64")))))
    if expect != simplify_expr(q.extent):
        return None
    return a, b, s, first, items[1:]


def _linear(a: Expr, loops: list[Loop]):
    """(c, coefficient of each loop var) if a = c + sum(coeff_i * p_i) with constant extents."""
    poly = to_poly(simplify_expr(cast("int64", a)))
    if poly is None:
        return None
    names = {L.var.name: L for L in loops}
    coeff, c = {}, 0
    for mono, k in poly.terms:
        if mono == ():
            c = k
            continue
        if len(mono) != 1:
            return None
        inner = mono[0]
        # loop variables are small non-negative ints: widening / sign casts of 32+ bits keep the value
        while isinstance(inner, Cast) and inner.dtype in ("int32", "uint32", "int64", "uint64"):
            inner = inner.value
        if not isinstance(inner, Var) or inner.name not in names:
            return None
        coeff[inner.name] = coeff.get(inner.name, 0) + k
    return c, coeff


def _mixed_radix(coeff: dict, loops: list[Loop], s: int) -> bool:
    order = sorted(((coeff.get(L.var.name, 0), L) for L in loops), key=lambda t: t[0])
    expect = 1
    for k, L in order:
        if not isinstance(L.extent, Const):
            return False
        if k != expect:
            return False
        expect *= int(L.extent.value)
    return expect == s


class _Flatten(Mutator):
    def __init__(self, names: Names):
        self.names = names
        self.count = 0

    def visit_Loop(self, L: Loop):
        if L.kind == "parallel":
            out = self._try(L)
            if out is not None:
                self.count += 1
                return out
        return self.generic_visit(L)

    def _try(self, top: Loop):
        loops, lets, s = [top], [], top.body
        while True:
            ls, inner = _split_body(s)
            if inner is None:
                return None
            lets += ls
            if isinstance(inner, Loop) and inner.kind == "parallel":
                loops.append(inner)
                s = inner.body
                continue
            break
        if isinstance(inner, If) and inner.otherwise is None:
            return self._guarded(loops, lets, inner)
        if not isinstance(inner, Loop) or inner.kind != "serial":
            return None
        form = _strided_form(inner)
        if form is None:
            return None
        a, b, s, ilet, rest = form
        env = {}
        for lt in lets:                        # express a and b over the worker loop variables
            env[lt.var.name] = substitute(lt.value, env)
        a_w, b_w = simplify_expr(substitute(a, env)), simplify_expr(substitute(b, env))
        if free_vars(b_w) & {L.var.name for L in loops} or not _pure(b_w):
            return None
        lin = _linear(a_w, loops)
        if lin is None or not _mixed_radix(lin[1], loops, s):
            return None
        c, coeff = lin
        jv = Var(self.names.fresh(ilet.var.name + "_flat"), "int32")
        rel = cast("int64", jv)                                     # j - c
        recover = [Let(L.var, cast(L.var.dtype, simplify_expr(mod(div(rel, coeff[L.var.name]), int(L.extent.value)))))
                   for L in loops]
        recover.append(Let(inner.var, cast(inner.var.dtype, simplify_expr(div(rel, s)))))
        # a + k * s == c + (j - c) by construction: state it directly (keeps the index affine in j)
        if ilet.var.dtype == "int32" and -2**31 <= c < 2**31:
            ilet = Let(ilet.var, simplify_expr(add(jv, Const(c, "int32"))) if c else jv)
        else:
            ilet = Let(ilet.var, simplify_expr(cast(ilet.var.dtype, add(Const(c, "int64"), rel))))
        body = block(recover + lets + [ilet] + list(rest))
        extent = simplify_expr(cast("int32", maximum(sub(cast("int64", b_w), Const(c, "int64")), Const(0, "int64"))))
        kind = "parallel" if _independent(body, jv) else "serial"
        return Loop(jv, extent, body, kind)


def _guard_bound(cond: Expr):
    """(A, B) for a guard `A < B` (also written `!(A >= B)`, `B > A`)."""
    from ..ir.expr import Unary
    if isinstance(cond, Unary) and cond.op == "!" and isinstance(cond.a, Compare):
        flip = {"<": ">=", ">=": "<", ">": "<=", "<=": ">"}
        if cond.a.op in flip:
            cond = Compare(flip[cond.a.op], cond.a.a, cond.a.b)
    if not isinstance(cond, Compare):
        return None
    if cond.op == "<":
        return cond.a, cond.b
    if cond.op == ">":
        return cond.b, cond.a
    return None


class _InlineLets(Mutator):
    """Pure Let values substituted into their uses (for dependence analysis only)."""

    def __init__(self):
        self.env = {}

    def visit_Let(self, s: Let):
        v = self.visit(s.value)
        if _pure(v):
            self.env[s.var.name] = v
        return Let(s.var, v)

    def visit_Var(self, v: Var):
        e = self.env.get(v.name)
        return simplify_expr(e) if e is not None and e.dtype == v.dtype else v

    def visit_Cast(self, e: Cast):
        inner = self.visit(e.value)
        # the analysis assumes index arithmetic does not wrap: integer conversions keep values
        if inner.dtype in ("int32", "int64", "uint32", "uint64") and e.dtype in ("int32", "int64", "uint32", "uint64"):
            return inner if inner.dtype == e.dtype else Cast(e.dtype, inner)
        return Cast(e.dtype, inner)


def _inline_lets(s: Stmt) -> Stmt:
    return _InlineLets().visit(s)


def _key(e: Expr) -> str:
    """Text of an index with integer conversions dropped (indices are taken not to wrap)."""
    from ..ir.printer_ir import expr_text
    while isinstance(e, Cast) and e.dtype in ("int32", "int64", "uint32", "uint64") and \
            e.value.dtype in ("int32", "int64", "uint32", "uint64"):
        e = e.value
    if isinstance(e, Binary):
        return f"({_key(e.a)} {e.op} {_key(e.b)})"
    return expr_text(e)


def _independent(body: Stmt, jv: Var) -> bool:
    """Every buffer the body writes (except its own temporaries) is accessed at element j only:
    then iterations touch disjoint elements. Otherwise fall back to the dependence analysis."""
    from ..ir.expr import Address
    from ..ir.stmt import Alloc, IntrinsicCall, Store
    flat = _inline_lets(body)
    local = {n.buffer.name for n in walk(flat) if isinstance(n, Alloc)}
    written = {n.buffer.name for n in walk(flat) if isinstance(n, Store)} - local
    if any(isinstance(n, IntrinsicCall) for n in walk(flat)):
        return False
    ok = True
    for n in walk(flat):
        if isinstance(n, (Store, Load, Address)) and n.buffer.name in written:
            if len(n.indices) != 1 or _key(n.indices[0]) != jv.name:
                ok = False
                break
    if ok:
        return True
    return not dependences(flat, (jv.name,))


def _guarded_impl(self, loops, lets, guard):
    """for workers: let i = c + linear(workers); if (i < b) body  ->  for j in [0, min(b - c, S)): body"""
    ab = _guard_bound(guard.cond)
    if ab is None:
        return None
    a, b = ab
    env = {}
    for lt in lets:
        env[lt.var.name] = substitute(lt.value, env)
    a_w, b_w = simplify_expr(substitute(a, env)), simplify_expr(substitute(b, env))
    names = {L.var.name for L in loops}
    if free_vars(b_w) & names or not _pure(b_w):
        return None
    lin = _linear(a_w, loops)
    if lin is None:
        return None
    c, coeff = lin
    total = 1
    for L in loops:
        if not isinstance(L.extent, Const):
            return None
        total *= int(L.extent.value)
    if not _mixed_radix(coeff, loops, total):
        return None
    jv = Var(self.names.fresh("i_flat"), "int32")
    rel = cast("int64", jv)
    recover = [Let(L.var, cast(L.var.dtype, simplify_expr(mod(div(rel, coeff[L.var.name]), int(L.extent.value)))))
               for L in loops]
    body = block(recover + lets + [guard.then])
    from ..ir.expr import minimum
    hi = minimum(sub(cast("int64", b_w), Const(c, "int64")), Const(total, "int64"))
    extent = simplify_expr(cast("int32", maximum(hi, Const(0, "int64"))))
    kind = "parallel" if _independent(body, jv) else "serial"
    return Loop(jv, extent, body, kind)


_Flatten._guarded = _guarded_impl


def flatten_strided_loops(k: Kernel, names: Names) -> Kernel:
    return k.with_body(_Flatten(names).visit(k.body))

