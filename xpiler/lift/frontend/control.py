"""Statements and control flow: statement lists with return/break/continue as guard flags, if, while/do loops, return."""
from __future__ import annotations

from tree_sitter import Node

from ...ir.evaluate import NotConstant, evaluate
from ...ir.expr import (Const, Expr, logical_and, logical_not, logical_or)
from ...ir.stmt import If, Stmt, Store, While, block
from ..values import Vec
from .common import (_LoopCtx, _all_of, _truth, _walk, _walk_loop_level)


class Control:
    # ------------------------------------------------------------------ pre-scans
    def _assigned(self, node: Node) -> set[str]:
        """Names written after their declaration anywhere below `node` (assignment, ++/--, &name)."""
        out = set()
        stack = [node]
        while stack:
            n = stack.pop()
            target = None
            if n.type == "assignment_expression":
                target = n.child_by_field_name("left")
            elif n.type == "update_expression":
                target = n.child_by_field_name("argument")
            elif n.type == "pointer_expression" and self.text(n).startswith("&"):
                target = n.child_by_field_name("argument")
            if target is not None:
                while target.type == "parenthesized_expression" and target.named_children:
                    target = target.named_children[0]
                if target.type == "identifier":
                    out.add(self.text(target))
            stack.extend(n.children)
        return out

    def _addressed(self, node: Node) -> set[str]:
        out = set()
        for n in _walk(node):
            if n.type == "pointer_expression" and self.text(n).startswith("&"):
                a = n.child_by_field_name("argument")
                if a is not None and a.type == "identifier":
                    out.add(self.text(a))
        return out

    def _exits(self, node: Node, loops: bool = True) -> bool:
        """Does `node` contain a return, or a break/continue that leaves the current loop?"""
        stack = [(node, False)]
        while stack:
            n, inner = stack.pop()
            if n.type == "return_statement":
                return True
            if n.type in ("break_statement", "continue_statement") and not inner:
                return True
            nested = inner or n.type in ("for_statement", "while_statement", "do_statement", "switch_statement")
            stack.extend((c, nested if c is not n else inner) for c in n.children)
        return False

    # ------------------------------------------------------------------ statements
    def _block_items(self, node: Node) -> list[Node]:
        if node.type == "compound_statement":
            return [c for c in node.named_children if c.type != "comment"]
        return [node]

    def stmt_list(self, nodes: list[Node]) -> None:
        for i, node in enumerate(nodes):
            guard = self._early_return(node)
            if guard is not None:
                rest = nodes[i + 1:]
                with self.collecting() as body:
                    with self.scope():
                        self.stmt_list(rest)
                if body:
                    self.emit(If(logical_not(guard), block(body)))
                return
            self.stmt(node)
            if self._exits(node) and i + 1 < len(nodes):
                cond = self._still_running()
                if cond is not None:
                    with self.collecting() as body:
                        self.stmt_list(nodes[i + 1:])
                    if body:
                        self.emit(If(cond, block(body)))
                    return

    def _early_return(self, node: Node) -> Expr | None:
        """`if (c) return;` outside loops of a void function: the rest runs under `!c` (no flag)."""
        f = self.fn_stack[-1]
        if node.type != "if_statement" or f.result is not None or f.depth_in_loops or self.loops:
            return None
        if node.child_by_field_name("alternative") is not None:
            return None
        cons = node.child_by_field_name("consequence")
        items = self._block_items(cons)
        if len(items) != 1 or items[0].type != "return_statement" or items[0].named_children:
            return None
        return self.condition(node.child_by_field_name("condition"))

    def _still_running(self) -> Expr | None:
        conds = []
        f = self.fn_stack[-1]
        if f.returned is not None:
            conds.append(logical_not(f.returned.load()))
        if self.loops:
            L = self.loops[-1]
            for c in (L.broke, L.cont):
                if c is not None:
                    conds.append(logical_not(c.load()))
        return _all_of(conds)

    def stmt(self, node: Node) -> None:
        t = node.type
        if t == "compound_statement":
            with self.scope():
                self.stmt_list(self._block_items(node))
        elif t == "declaration":
            self.declaration(node)
        elif t == "expression_statement":
            if node.named_children and not self._pointer_to_array_decl(node.named_children[0]):
                self.effect(node.named_children[0])
        elif t == "if_statement":
            self.if_statement(node)
        elif t == "for_statement":
            self.for_statement(node)
        elif t == "while_statement":
            self.while_statement(node)
        elif t == "do_statement":
            self.do_statement(node)
        elif t == "return_statement":
            self.return_statement(node)
        elif t in ("break_statement", "continue_statement"):
            if not self.loops:
                raise self.error(node, f"'{t.split('_')[0]}' outside a loop")
            L = self.loops[-1]
            if t == "break_statement":
                if L.broke is None:
                    raise self.error(node, "internal: loop without break flag")
                self.emit(Store(L.broke.buffer, (0,), Const(1, "bool")))
            else:
                if L.cont is None:
                    raise self.error(node, "internal: loop without continue flag")
                self.emit(Store(L.cont.buffer, (0,), Const(1, "bool")))
        elif t == "preproc_call":
            directive = self.text(node).strip()
            if directive.startswith("#pragma"):
                self.pending_pragma = directive
        elif t in ("comment", "empty_statement", ";"):
            pass
        elif t in ("type_definition", "static_assert_declaration", "using_declaration", "alias_declaration"):
            if t == "type_definition":
                self._local_typedef(node)
        elif t == "labeled_statement":
            raise self.error(node, "labels/goto are not supported")
        elif t == "switch_statement":
            raise self.error(node, "switch statements are not supported yet")
        else:
            raise self.error(node, f"statement '{t}' is not supported")

    # -- control flow
    def condition(self, node: Node) -> Expr:
        if node.type == "condition_clause":
            node = node.child_by_field_name("value") or node.named_children[-1]
        if node.type == "parenthesized_expression":
            node = node.named_children[0]
        return _truth(self.rvalue(node))

    def if_statement(self, node: Node) -> None:
        cond = self.condition(node.child_by_field_name("condition"))
        try:
            if evaluate(cond, {}) is not None:
                folded = bool(evaluate(cond, {}))
                branch = node.child_by_field_name("consequence") if folded else node.child_by_field_name("alternative")
                if branch is not None:
                    if branch.type == "else_clause":
                        branch = branch.named_children[0]
                    with self.scope():
                        self.stmt_list(self._block_items(branch))
                return
        except (NotConstant, Exception):
            pass
        with self.collecting() as then:
            with self.scope():
                self.stmt_list(self._block_items(node.child_by_field_name("consequence")))
        other = None
        alt = node.child_by_field_name("alternative")
        if alt is not None:
            if alt.type == "else_clause":
                alt = alt.named_children[0]
            with self.collecting() as els:
                with self.scope():
                    self.stmt_list(self._block_items(alt))
            other = block(els) if els else None
        if then or other is not None:
            self.emit(If(cond, block(then) if then else block([]), other))

    def _loop_body(self, body: Node, ctx: _LoopCtx) -> list[Stmt]:
        """Lower a loop body (flags for break/continue created when the body has them)."""
        has_break = any(n.type == "break_statement" for n in _walk_loop_level(body))
        has_cont = any(n.type == "continue_statement" for n in _walk_loop_level(body))
        pre = []
        if has_break:
            ctx.broke = self.new_cell("broke", "bool", Const(0, "bool"))
        if has_cont:
            ctx.cont = self.new_cell("cont", "bool", Const(0, "bool"), where=pre)
        self.loops.append(ctx)
        self.fn_stack[-1].depth_in_loops += 1
        try:
            with self.collecting() as stmts:
                with self.scope():
                    self.stmt_list(self._block_items(body))
        finally:
            self.loops.pop()
            self.fn_stack[-1].depth_in_loops -= 1
        if has_cont:
            stmts[:0] = [Store(ctx.cont.buffer, (0,), Const(0, "bool"))]
            stmts[:0] = pre
        return stmts

    def _iteration_guard(self, ctx: _LoopCtx) -> Expr | None:
        conds = []
        f = self.fn_stack[-1]
        if ctx.broke is not None:
            conds.append(logical_not(ctx.broke.load()))
        if f.returned is not None:
            conds.append(logical_not(f.returned.load()))
        return _all_of(conds)

    def while_statement(self, node: Node) -> None:
        self.pending_pragma = None
        self._while(node.child_by_field_name("condition"), node.child_by_field_name("body"), None)

    def do_statement(self, node: Node) -> None:
        # do { body } while (c)  ==  first = 1; while (first || c) { first = 0; body }
        first = self.new_cell("first", "bool", Const(1, "bool"))
        ctx = _LoopCtx()
        stmts = self._loop_body(node.child_by_field_name("body"), ctx)
        with self.collecting() as cstmts:
            c = self.condition(node.child_by_field_name("condition"))
        if cstmts:
            raise self.error(node, "do-while condition with side effects is not supported")
        guard = self._iteration_guard(ctx)
        full = logical_or(first.load(), c)
        if guard is not None:
            full = logical_and(guard, full)
        self.emit(While(full, block([Store(first.buffer, (0,), Const(0, "bool"))] + stmts)))

    def _while(self, cond_node: Node | None, body: Node, update: Node | None) -> None:
        ctx = _LoopCtx()
        stmts = self._loop_body(body, ctx)
        if update is not None:
            with self.collecting() as ups:
                self.effect(update)
            if ctx.cont is not None or ctx.broke is not None or self.fn_stack[-1].returned is not None:
                g = self._iteration_guard(ctx)
                stmts = stmts + ([If(g, block(ups))] if g is not None else ups)
            else:
                stmts = stmts + ups
        with self.collecting() as cstmts:
            c = self.condition(cond_node) if cond_node is not None else Const(1, "bool")
        guard = self._iteration_guard(ctx)
        if cstmts:
            # condition with effects: evaluate it into a cell before the loop and at the end of each iteration
            flag = self.new_cell("cond", "bool")
            self.emit(*cstmts, Store(flag.buffer, (0,), c))
            stmts = stmts + cstmts + [Store(flag.buffer, (0,), c)]
            c = flag.load()
        if guard is not None:
            c = logical_and(guard, c)
        self.emit(While(c, block(stmts)))

    def return_statement(self, node: Node) -> None:
        f = self.fn_stack[-1]
        if node.named_children and node.named_children[0].type == "initializer_list" and isinstance(f.result, Vec):
            self._initialise(f.result.buffer, node.named_children[0], f.result.buffer.dtype)
        elif node.named_children:
            v = self.value(node.named_children[0])
            if f.result is None:
                raise self.error(node, "return with a value in a void function")
            if isinstance(f.result, Vec):
                self.copy_vec(f.result, v)
            else:
                self.emit(Store(f.result.buffer, (0,), self.convert(self._scalar_of(v, node), f.result.dtype)))
        if f.returned is None:
            top = len(self.fn_stack) == 1 and self.inline_depth == 0
            f.returned = self.new_cell("returned", "bool", Const(0, "bool"), where=self.prologue if top else f.pre)
        self.emit(Store(f.returned.buffer, (0,), Const(1, "bool")))
