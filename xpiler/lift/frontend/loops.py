"""`for` loops: counted loops (for (i = a; i < b; i += s), i not written in the body, bounds invariant) become IR `Loop`s with `let i = a + k*s`; loops over constants only (s >>= 1) are simulated here (arithmetic / power-of-two sequences, else unrolled); the rest become `While`."""
from __future__ import annotations

from tree_sitter import Node

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.evaluate import evaluate
from ...ir.expr import (Const, Expr, Load, Var, add, cast, compare, div, mul, neg, select, shift,
                        sub)
from ...ir.stmt import If, Let, Loop, block
from ...ir.transforms.simplify import simplify_expr
from .. import ctypes
from ..values import Cell, LValue, PtrCell
from .common import (MAX_UNROLL, _CMP, _LoopCtx, _const_value, _walk)


class Loops:
    def for_statement(self, node: Node) -> None:
        pragma, self.pending_pragma = self.pending_pragma, None
        with self.scope():
            init = node.child_by_field_name("initializer")
            cond = node.child_by_field_name("condition")
            update = node.child_by_field_name("update")
            body = node.child_by_field_name("body")
            counted = self._counted_for(node, init, cond, update, body, pragma)
            if counted:
                return
            # general form: init; while (cond) { body; update }
            if init is not None:
                if init.type == "declaration":
                    self.declaration(init)
                else:
                    self.effect(init)
            self._while(cond, body, update)

    # counted loops: for (i = a; i < b; i += s) with i not written in the body, b and s invariant
    def _counted_for(self, node, init, cond, update, body, pragma) -> bool:
        if init is None or cond is None or update is None:
            return False
        var_name, start, ctype_dtype = self._loop_init(init)
        if var_name is None:
            return False
        if var_name in self._assigned(body) or self._exits_function(body):
            return False
        step = self._loop_step(update, var_name)
        bound = self._loop_bound(cond, var_name)
        probe = Var(self.fresh(var_name + "_probe"), ctype_dtype)
        if step is None or bound is None:
            # a loop over constants only (e.g. for (s = 16; s > 0; s >>= 1)): run it here
            return self._constant_loop(node, var_name, start, ctype_dtype, cond, update, body, pragma)
        op, bound_node, var_left = bound
        with self.collecting() as pre:
            self.bind(var_name, probe)
            bexpr = self.rvalue(bound_node)
            sexpr = step if isinstance(step, Expr) else self.rvalue(step)
        if pre or not self._invariant(bexpr, body) or not self._invariant(sexpr, body):
            return False
        if not var_left:
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}[op]
        sval = _const_value(sexpr)
        if op == "!=" and sval in (1, -1):
            op = "<" if sval == 1 else ">"
        if op not in ("<", "<=", ">", ">=") or sval == 0:
            return False
        if sval is None and op in (">", ">="):
            return False
        if sval is not None and ((sval > 0) != (op in ("<", "<="))):
            return False
        a = cast("int64", start)
        b = cast("int64", bexpr)
        s = cast("int64", sexpr)
        if op == "<":
            ext = select(compare("<", a, b), div(sub(b, a) + (s - 1), s), 0)
        elif op == "<=":
            ext = select(compare("<=", a, b), div(sub(b, a), s) + 1, 0)
        elif op == ">":
            ext = select(compare(">", a, b), div(sub(a, b) + (neg(s) - 1), neg(s)), 0)
        else:
            ext = select(compare(">=", a, b), div(sub(a, b), neg(s)) + 1, 0)
        ext = simplify_expr(cast("int32", ext))
        k = Var(self.fresh(var_name if var_name.isidentifier() else "k"), "int32")
        ivar = Var(self.fresh(var_name + "_i") if True else var_name, ctype_dtype)
        ctx = _LoopCtx()
        self.bind(var_name, ivar)
        stmts = self._loop_body(body, ctx)
        value = simplify_expr(cast(ctype_dtype, add(a, mul(cast("int64", k), s))))
        guard = self._iteration_guard(ctx)
        inner = [Let(ivar, value)] + stmts
        if guard is not None:
            inner = [If(guard, block(inner))]
        kind = "serial"
        if pragma and "omp" in pragma and "parallel" in pragma and "reduction" not in pragma:
            kind = "parallel"
        self.emit(Loop(k, ext, block(inner), kind))
        return True

    def _exits_function(self, body: Node) -> bool:
        return any(n.type == "return_statement" for n in _walk(body))

    def _loop_init(self, init: Node):
        if init.type == "declaration":
            decls = init.children_by_field_name("declarator")
            if len(decls) != 1 or decls[0].type != "init_declarator":
                return None, None, None
            d = decls[0]
            name_node = d.child_by_field_name("declarator")
            if name_node.type != "identifier":
                return None, None, None
            dtype = self._scalar_dtype(self.text(init.child_by_field_name("type")), init)
            if not dt.is_int(dtype):
                return None, None, None
            start = self.convert(self.rvalue(d.child_by_field_name("value")), dtype)
            return self.text(name_node), start, dtype
        return None, None, None

    def _loop_step(self, update: Node, name: str):
        if update.type == "update_expression":
            arg = update.child_by_field_name("argument")
            if self.text(arg) != name:
                return None
            return Const(1 if "++" in self.text(update) else -1, "int32")
        if update.type == "assignment_expression":
            left, right = update.child_by_field_name("left"), update.child_by_field_name("right")
            if self.text(left) != name:
                return None
            op = self.text(update.child_by_field_name("operator"))
            if op == "+=":
                return right
            if op == "-=":
                if right.type == "number_literal":
                    c = ctypes.literal(self.text(right))
                    return Const(-c.value, c.dtype if dt.is_signed(c.dtype) else "int64")
                return None
            if op == "=" and right.type == "binary_expression":
                l, r = right.child_by_field_name("left"), right.child_by_field_name("right")
                o = self.text(right.child_by_field_name("operator"))
                if o == "+" and self.text(l) == name:
                    return r
                if o == "+" and self.text(r) == name:
                    return l
        return None

    def _loop_bound(self, cond: Node, name: str):
        while cond.type == "parenthesized_expression":
            cond = cond.named_children[0]
        if cond.type != "binary_expression":
            return None
        op = self.text(cond.child_by_field_name("operator"))
        if op not in _CMP:
            return None
        l, r = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if self.text(l).strip() == name and name not in self.text(r):
            return op, r, True
        if self.text(r).strip() == name and name not in self.text(l):
            return op, l, False
        return None

    def _invariant(self, e: Expr, body: Node) -> bool:
        from ...ir.visitor import walk
        names_in_body = self._assigned(body)
        for n in walk(e):
            if isinstance(n, Load):
                # a load is invariant when the body never writes that buffer: check by name of the C variable
                if n.buffer.scope != "global" and any(self._binds_buffer(x, n.buffer) for x in names_in_body):
                    return False
                if n.buffer.scope == "global":
                    return False
        return True

    def _binds_buffer(self, cname: str, buf: Buffer) -> bool:
        v = self.lookup(cname)
        return isinstance(v, (Cell, LValue)) and v.buffer == buf or isinstance(v, PtrCell) and v.cell.buffer == buf

    def _constant_loop(self, node, name, start, dtype, cond, update, body, pragma) -> bool:
        """Loops whose control only involves constants (after launch extents are known): simulate
        the control here; an arithmetic or power-of-two sequence becomes a counted loop, anything
        else (short) is unrolled."""
        try:
            value = evaluate(simplify_expr(start), {})
        except Exception:
            return False
        probe = Var(self.fresh(name + "_sim"), dtype)
        with self.collecting() as pre:
            with self.scope():
                self.bind(name, probe)
                c = self.condition(cond)
                nxt = self._update_value(update, name, probe)
        if pre or nxt is None:
            return False
        seq = []
        try:
            while evaluate(c, {probe.name: value}):
                seq.append(value)
                if len(seq) > 4096:
                    return False
                value = evaluate(nxt, {probe.name: value})
        except Exception:
            return False
        if name in self._assigned(body):
            return False
        k = Var(self.fresh("k"), "int32")
        if len(seq) >= 2 and all(seq[i + 1] - seq[i] == seq[1] - seq[0] for i in range(len(seq) - 1)):
            value_expr = cast(dtype, Const(seq[0], "int64") + cast("int64", k) * Const(seq[1] - seq[0], "int64"))
        elif len(seq) >= 2 and seq[0] > 0 and all(seq[i] == seq[0] >> i for i in range(len(seq))):
            value_expr = cast(dtype, shift(">>", Const(seq[0], "int64"), k))
        elif len(seq) >= 2 and seq[0] > 0 and all(seq[i] == seq[0] << i for i in range(len(seq))):
            value_expr = cast(dtype, shift("<<", Const(seq[0], "int64"), k))
        elif len(seq) <= 1:
            value_expr = cast(dtype, Const(seq[0] if seq else 0, "int64"))
        else:
            # unroll
            if len(seq) > MAX_UNROLL:
                return False
            for v in seq:
                ivar = Var(self.fresh(name), dtype)
                self.emit(Let(ivar, Const(v, dtype)))
                self.bind(name, ivar)
                ctx = _LoopCtx()
                stmts = self._loop_body(body, ctx)
                guard = self._iteration_guard(ctx)
                self.emit(If(guard, block(stmts)) if guard is not None else block(stmts))
            return True
        ivar = Var(self.fresh(name), dtype)
        self.bind(name, ivar)
        ctx = _LoopCtx()
        stmts = self._loop_body(body, ctx)
        guard = self._iteration_guard(ctx)
        inner = [Let(ivar, simplify_expr(value_expr))] + stmts
        if guard is not None:
            inner = [If(guard, block(inner))]
        self.emit(Loop(k, len(seq), block(inner), "serial"))
        return True

    def _update_value(self, update: Node, name: str, probe: Var) -> Expr | None:
        if update.type == "update_expression":
            if self.text(update.child_by_field_name("argument")) != name:
                return None
            return add(probe, 1) if "++" in self.text(update) else sub(probe, 1)
        if update.type == "assignment_expression":
            if self.text(update.child_by_field_name("left")) != name:
                return None
            op = self.text(update.child_by_field_name("operator"))
            r = self.rvalue(update.child_by_field_name("right"))
            if op == "=":
                return cast(probe.dtype, r)
            return cast(probe.dtype, self.binop(op[:-1], probe, r, update))
        return None
