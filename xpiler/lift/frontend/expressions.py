"""Expressions with C semantics: literals, names (variables, macros, file-scope declarations, enumerators, hardware indices), fields, subscripts and pointer arithmetic, operators (short-circuit, lane-wise on vectors), conditionals, casts and reinterpreting pointers, assignment."""
from __future__ import annotations

from tree_sitter import Node

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.evaluate import evaluate
from ...ir.expr import (Const, Expr, Load, Var, add, as_expr, bitwise, cast, compare, div, logical_and, logical_not,
                        logical_or, mul, neg, select, shift, sub)
from ...ir.stmt import Alloc, If, Let, Loop, Store, block
from ...ir.transforms.simplify import simplify_expr
from ...source.syntax import parse_expression
from .. import ctypes
from ..values import ArrayRef, Cell, LValue, Ptr, PtrArray, PtrCell, Vec
from ..calls_builtin import (Malloc, allocate)
from .common import (_ARITH, _BITS, _CMP, _KNOWN_CONSTANTS, _SubParsed, _VecView, _error_no_node, _off,
                     _strip_comments, _truth, _walk)


class Expressions:
    # ------------------------------------------------------------------ expressions
    def const_int(self, node: Node) -> int:
        e = simplify_expr(self.rvalue(node))
        try:
            return int(evaluate(e, {}))
        except Exception:
            raise self.error(node, "expected a constant integer expression") from None

    def effect(self, node: Node) -> None:
        """An expression evaluated for its side effects."""
        if node.type == "comma_expression":
            self.effect(node.child_by_field_name("left"))
            self.effect(node.child_by_field_name("right"))
            return
        v = self.value(node, discard=True)
        if isinstance(v, Expr) and not isinstance(v, (Const, Var, Load)):
            pass  # pure expression statement: nothing to do

    def rvalue(self, node: Node) -> Expr:
        return self._scalar_of(self.value(node), node)

    def _scalar_of(self, v, node: Node) -> Expr:
        if isinstance(v, Expr):
            return v
        if isinstance(v, (Cell, LValue)):
            return v.load()
        if isinstance(v, Vec) and v.lanes == 1:
            return Load(v.buffer, (_off(v.offset),))
        raise self.error(node, f"expected a scalar value here, got {type(v).__name__}")

    def convert(self, e: Expr, dtype: str) -> Expr:
        if dtype == "bool":
            return _truth(e)
        return cast(dtype, e)

    def value(self, node: Node, discard: bool = False):
        t = node.type
        if t == "parenthesized_expression":
            return self.value(node.named_children[0], discard)
        if t == "number_literal":
            return ctypes.literal(self.text(node))
        if t in ("true", "false"):
            return Const(1 if t == "true" else 0, "bool")
        if t == "char_literal":
            s = self.text(node)[1:-1]
            return Const(ord(s.encode().decode("unicode_escape")), "int8")
        if t in ("null", "nullptr"):
            return Const(0, "int64")
        if t == "identifier":
            return self.identifier(node)
        if t == "field_expression":
            return self.field(node)
        if t == "subscript_expression":
            return self.subscript(node)
        if t == "pointer_expression":
            op = self.text(node)[0]
            arg = node.child_by_field_name("argument")
            if op == "*":
                p = self.pointer(arg)
                return self.deref(p, 0, node)
            v = self.value(arg)
            if isinstance(v, (LValue, Cell)):
                return Ptr(v.buffer, cast("int64", v.index) if isinstance(v, LValue) else Const(0, "int64"))
            if isinstance(v, (Vec, _VecView)):
                return Ptr(v.buffer, _off(v.offset), v.lanes, v.ctype)
            if isinstance(v, (Ptr, ArrayRef)):
                return v if isinstance(v, Ptr) else Ptr(v.buffer, v.offset)
            raise self.error(node, "cannot take the address of this")
        if t == "binary_expression":
            return self.binary(node)
        if t == "unary_expression":
            op = self.text(node.child_by_field_name("operator"))
            a = self.rvalue(node.child_by_field_name("argument"))
            if op == "-":
                return neg(a)
            if op == "+":
                return cast(dt.integer_promotion(a.dtype), a) if dt.is_int(a.dtype) or a.dtype == "bool" else a
            if op == "!":
                return logical_not(a)
            if op == "~":
                return ~cast(dt.integer_promotion(a.dtype), a)
            raise self.error(node, f"unary operator {op}")
        if t == "update_expression":
            return self.update(node)
        if t == "assignment_expression":
            return self.assign(node)
        if t == "cast_expression":
            return self.cast_expr(node)
        if t == "conditional_expression":
            return self.conditional(node)
        if t == "call_expression":
            return self.call(node, discard)
        if t == "sizeof_expression":
            ty = node.child_by_field_name("type")
            if ty is not None:
                d, lanes = self._element_type(self.text(ty), node)
                return Const(dt.itemsize(d) * lanes, "uint64")
            v = self.value(node.child_by_field_name("value"))
            if isinstance(v, ArrayRef):
                n = dt.itemsize(v.buffer.dtype)
                for x in v.dims:
                    n *= x
                return Const(n, "uint64")
            if isinstance(v, Ptr):
                return Const(8, "uint64")
            return Const(dt.itemsize(self._scalar_of(v, node).dtype), "uint64")
        if t == "comma_expression":
            self.effect(node.child_by_field_name("left"))
            return self.value(node.child_by_field_name("right"), discard)
        if t == "qualified_identifier":
            return self.identifier(node)
        if t == "compound_literal_expression":
            ty = node.child_by_field_name("type")
            vec = self.new_vec(self._resolve_type_name(self.text(ty)), "lit")
            self._initialise(vec.buffer, node.child_by_field_name("value"), vec.buffer.dtype)
            return vec
        if t == "initializer_list":
            raise self.error(node, "initializer list in an expression")
        raise self.error(node, f"expression '{t}' is not supported")

    def identifier(self, node: Node):
        name = self.text(node)
        v = self.lookup(name)
        if v is not None:
            if isinstance(v, tuple) and v[0] == "uninit_ptr":
                raise self.error(node, f"pointer {name} is used before it points anywhere")
            if isinstance(v, PtrCell):
                return v.current()
            return v
        if name in self.template_args:
            kind, val = self.template_args[name]
            if kind == "value":
                return as_expr(int(val)) if isinstance(val, int) else as_expr(val)
        hv = self.hw.value(name, None)
        if hv is not None:
            return hv
        consts = getattr(self.lifting, "CONSTANTS", {})
        if name in consts:
            return as_expr(consts[name])
        if name in self.info.known_constants:
            return as_expr(self.info.known_constants[name])
        if name in self._enumerators():
            return as_expr(self._enumerators()[name])
        known = _KNOWN_CONSTANTS.get(name)
        if known is not None:
            return known
        fs = self.file_scope_value(name, node)
        if fs is not None:
            return fs
        raise self.error(node, f"'{name}' is not a variable, constant or hardware index Xpiler knows")

    def file_scope_value(self, name: str, node: Node):
        if name in self.file_scope:
            return self.file_scope[name]
        if name in self.info.macros:
            text = _strip_comments(self.info.macros[name])
            expr = parse_expression(text)
            if expr is None:
                raise self.error(node, f"macro {name} does not expand to an expression")
            sub = _SubParsed(text, self.parsed)
            saved = self.parsed
            self.parsed = sub
            try:
                v = self.value(expr)
            finally:
                self.parsed = saved
            return v
        decl = self._file_declaration(name)
        if decl is not None:
            saved_out, saved_scopes = self.out, self.scopes
            self.out, self.scopes = [[]], [{}]
            try:
                self.declaration(decl)
                v = self.scopes[-1].get(name)
                stmts = self.out[0]
            finally:
                self.out, self.scopes = saved_out, saved_scopes
            # initialisers of file-scope variables run once, before the kernel
            if stmts:
                tgt = self.hoisted if any(isinstance(s, Alloc) and s.buffer.scope == "global" for s in self.hoisted) \
                    else self.prologue
                tgt.extend(stmts)
            self.file_scope[name] = v
            return v
        if name in self.info.constants:
            try:
                val = self.info.evaluator().eval(self.info.constants[name])
                return as_expr(val)
            except Exception:
                pass
        return None

    def _file_declaration(self, name: str) -> Node | None:
        cache = self._file_decls
        if cache is None:
            cache = {}
            for n in self.parsed.root.named_children if hasattr(self.parsed, "root") else []:
                if n.type == "declaration":
                    for d in n.children_by_field_name("declarator"):
                        dn = d
                        while dn is not None and dn.type not in ("identifier",):
                            dn = dn.child_by_field_name("declarator")
                        if dn is not None:
                            cache[self.parsed.node_text(dn)] = n
            self._file_decls = cache
        return cache.get(name)

    def _enumerators(self) -> dict:
        cache = self._enums
        if cache is None:
            cache = {}
            ev = self.info.evaluator()
            for n in _walk(self.parsed.root):
                if n.type == "enumerator_list":
                    nxt = 0
                    for e in n.named_children:
                        if e.type != "enumerator":
                            continue
                        val = e.child_by_field_name("value")
                        if val is not None:
                            try:
                                nxt = int(ev.eval(val))
                            except Exception:
                                continue
                        cache[self.parsed.node_text(e.child_by_field_name("name"))] = nxt
                        nxt += 1
            self._enums = cache
        return cache

    def field(self, node: Node):
        arg = node.child_by_field_name("argument")
        fld = self.text(node.child_by_field_name("field"))
        if arg.type == "identifier":
            hv = self.hw.value(self.text(arg), fld)
            if hv is not None:
                return hv
        v = self.value(arg)
        if isinstance(v, Ptr) and self.text(node.child_by_field_name("operator")) == "->":
            v = self.deref(v, 0, node)
        if isinstance(v, _VecView):
            v = Vec(v.buffer, v.ctype, v.lanes, v.offset)
        if isinstance(v, Vec):
            handler = getattr(self.lifting, "vec_field", None)
            if handler is not None:
                r = handler(self, v, fld, node)
                if r is not None:
                    return r
            idx = self.struct_field(v.ctype, fld)
            if idx is None and fld in ctypes.LANE_FIELDS and ctypes.LANE_FIELDS[fld] < v.lanes:
                idx = ctypes.LANE_FIELDS[fld]
            if idx is not None:
                return LValue(v.buffer, simplify_expr(add(_off(v.offset), idx)))
        raise self.error(node, f"field '{fld}' is not supported here")

    def pointer(self, node: Node) -> Ptr:
        v = self.value(node)
        if isinstance(v, ArrayRef):
            return Ptr(v.buffer, v.offset)
        if isinstance(v, Ptr):
            return v
        if isinstance(v, (Vec, _VecView)):
            return Ptr(v.buffer, _off(v.offset), 1)
        raise self.error(node, "expected a pointer or an array")

    def deref(self, p: Ptr, index, node: Node):
        """Element `index` of pointer `p`: an LValue, or a Vec view for vector pointers."""
        idx = cast("int64", as_expr(index)) if not isinstance(index, Expr) else cast("int64", index)
        if p.lanes > 1:
            off = simplify_expr(add(p.offset, mul(idx, p.lanes)))
            return _VecView(p.buffer, p.ctype, p.lanes, off)
        return LValue(p.buffer, simplify_expr(add(p.offset, idx)))

    def subscript(self, node: Node):
        base = self.value(node.child_by_field_name("argument"))
        idx_node = node.child_by_field_name("indices") or node.child_by_field_name("index")
        if idx_node is not None and idx_node.type == "subscript_argument_list":
            idx_node = idx_node.named_children[0]
        idx = self.rvalue(idx_node)
        if isinstance(base, PtrArray):
            return Ptr(base.buffer, Load(base.offsets, (cast("int64", idx),)), base.lanes)
        if isinstance(base, ArrayRef):
            row = base.row_elements()
            off = simplify_expr(add(base.offset, mul(cast("int64", idx), cast("int64", as_expr(row)))))
            if base.vec_ctype and len(base.dims) == 2:
                return _VecView(base.buffer, base.vec_ctype, base.dims[1], off)
            if len(base.dims) > 1:
                return ArrayRef(base.buffer, base.dims[1:], off, base.vec_ctype)
            return LValue(base.buffer, off)
        if isinstance(base, Ptr):
            return self.deref(base, idx, node)
        if isinstance(base, Vec):
            return LValue(base.buffer, simplify_expr(add(_off(base.offset), cast("int64", idx))))
        if isinstance(base, _VecView):
            return LValue(base.buffer, simplify_expr(add(base.offset, cast("int64", idx))))
        raise self.error(node, "subscript of something that is not an array or pointer")

    def binary(self, node: Node):
        op = self.text(node.child_by_field_name("operator"))
        ln, rn = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op in ("&&", "||"):
            a = _truth(self.rvalue(ln))
            with self.collecting() as pre:
                b = _truth(self.rvalue(rn))
            if not pre:
                return logical_and(a, b) if op == "&&" else logical_or(a, b)
            cell = self.new_cell("sc", "bool", a)
            run = cell.load() if op == "&&" else logical_not(cell.load())
            self.emit(If(run, block(pre + [Store(cell.buffer, (0,), b)])))
            return cell.load()
        a, b = self.value(ln), self.value(rn)
        if isinstance(a, ArrayRef):
            a = Ptr(a.buffer, a.offset)
        if isinstance(b, ArrayRef):
            b = Ptr(b.buffer, b.offset)
        if isinstance(a, Ptr) or isinstance(b, Ptr):
            if op == "+" and isinstance(a, Ptr) and not isinstance(b, Ptr):
                return Ptr(a.buffer, simplify_expr(add(a.offset, mul(cast("int64", self._scalar_of(b, rn)), a.lanes))),
                           a.lanes, a.ctype)
            if op == "+" and isinstance(b, Ptr):
                return Ptr(b.buffer, simplify_expr(add(b.offset, mul(cast("int64", self._scalar_of(a, ln)), b.lanes))),
                           b.lanes, b.ctype)
            if op == "-" and isinstance(a, Ptr) and not isinstance(b, Ptr):
                return Ptr(a.buffer, simplify_expr(sub(a.offset, mul(cast("int64", self._scalar_of(b, rn)), a.lanes))),
                           a.lanes, a.ctype)
            if op == "-" and isinstance(a, Ptr) and isinstance(b, Ptr) and a.buffer == b.buffer:
                return div(sub(a.offset, b.offset), a.lanes)
            if op in _CMP and isinstance(a, Ptr) and isinstance(b, Ptr) and a.buffer == b.buffer:
                return compare(op, a.offset, b.offset)
            raise self.error(node, f"pointer arithmetic '{op}' between these operands is not supported")
        if isinstance(a, (Vec, _VecView)) or isinstance(b, (Vec, _VecView)):
            return self.vector_binop(op, a, b, node)
        return self.binop(op, self._scalar_of(a, ln), self._scalar_of(b, rn), node)

    def vector_binop(self, op: str, a, b, node: Node):
        """Lane-wise arithmetic on vector values (HIP ext vectors, CUDA short vectors)."""
        proto = a if isinstance(a, (Vec, _VecView)) else b
        out = self.new_vec(proto.ctype, "vop")
        i = Var(self.fresh("lane"), "int32")

        def lane(v):
            if isinstance(v, (Vec, _VecView)):
                return Load(v.buffer, (simplify_expr(add(_off(v.offset), cast("int64", i))),))
            return self._scalar_of(v, node)
        r = self.binop(op, lane(a), lane(b), node)
        self.emit(Loop(i, out.lanes, Store(out.buffer, (cast("int64", i),), cast(out.buffer.dtype, r)), "vectorized"))
        return out

    def binop(self, op: str, a: Expr, b: Expr, node: Node) -> Expr:
        if a.dtype == "bool":
            a = cast("int32", a)
        if b.dtype == "bool":
            b = cast("int32", b)
        if op in _ARITH:
            if op == "%" and (dt.is_float(a.dtype) or dt.is_float(b.dtype)):
                raise self.error(node, "'%' on floating point values")
            return _ARITH[op](a, b)
        if op in _BITS:
            return bitwise(op, a, b)
        if op in ("<<", ">>"):
            return shift(op, a, b)
        if op in _CMP:
            return compare(op, a, b)
        raise self.error(node, f"operator {op} is not supported")

    def conditional(self, node: Node):
        c = self.condition(node.child_by_field_name("condition"))
        with self.collecting() as pa:
            a = self.value(node.child_by_field_name("consequence"))
        with self.collecting() as pb:
            b = self.value(node.child_by_field_name("alternative"))
        if isinstance(a, (Ptr, ArrayRef)) or isinstance(b, (Ptr, ArrayRef)):
            a = a if isinstance(a, Ptr) else Ptr(a.buffer, a.offset) if isinstance(a, ArrayRef) else a
            b = b if isinstance(b, Ptr) else Ptr(b.buffer, b.offset) if isinstance(b, ArrayRef) else b
            if isinstance(a, Ptr) and isinstance(b, Ptr) and a.buffer == b.buffer and not pa and not pb:
                return Ptr(a.buffer, select(c, a.offset, b.offset), a.lanes, a.ctype)
            raise self.error(node, "a conditional choosing between different buffers is not supported")
        if isinstance(a, (Vec, _VecView)) and isinstance(b, (Vec, _VecView)):
            out = self.new_vec(a.ctype, "sel")
            with self.collecting() as ca:
                self.copy_vec(out, a)
            with self.collecting() as cb:
                self.copy_vec(out, b)
            self.emit(If(c, block(pa + ca), block(pb + cb)))
            return out
        a, b = self._scalar_of(a, node), self._scalar_of(b, node)
        if not pa and not pb:
            return select(c, a, b)
        t = dt.promote(a.dtype, b.dtype) if a.dtype != b.dtype else a.dtype
        cell = self.new_cell("sel", t)
        self.emit(If(c, block(pa + [Store(cell.buffer, (0,), cast(t, a))]),
                     block(pb + [Store(cell.buffer, (0,), cast(t, b))])))
        return cell.load()

    def cast_expr(self, node: Node):
        tnode = node.child_by_field_name("type")
        ttext = self.text(tnode)
        v = self.value(node.child_by_field_name("value"))
        return self._cast_to(ttext, v, node)

    def _cast_to(self, ttext: str, v, node: Node):
        is_ptr = "*" in ttext
        if "(*)" in ttext.replace(" ", ""):            # T (*)[N]: a pointer to rows; rows come from the declarator
            ttext = ttext.split("(")[0] + "*"
        base = ttext.replace("*", " ").strip()
        if is_ptr:
            if isinstance(v, Malloc):
                d, _ = self._element_type(self._resolve_type_name(ctypes.normalise(base)), node)
                return allocate(self, v, d, node)
            if isinstance(v, ArrayRef):
                v = Ptr(v.buffer, v.offset)
            if isinstance(v, (Vec, _VecView)):
                v = Ptr(v.buffer, _off(v.offset))
            if not isinstance(v, Ptr):
                raise self.error(node, "cast of a non-pointer to a pointer type")
            return self.reinterpret(v, base, node)
        vt = self._value_type(base)
        if vt is not None:
            if isinstance(v, Vec):
                return v
            raise self.error(node, f"cast to value type {base} is not supported")
        dtype = self._scalar_dtype(base, node)
        return self.convert(self._scalar_of(v, node), dtype)

    def reinterpret(self, p: Ptr, base_type: str, node: Node) -> Ptr:
        """`(T*)p`: same buffer when the element type agrees; a typed view of an on-chip / local
        byte arena otherwise (each element type gets its own view buffer)."""
        base_type = self._resolve_type_name(ctypes.normalise(base_type))
        dtype, lanes = self._element_type(base_type, node)
        ctype = base_type if lanes > 1 else ""
        if dtype == p.buffer.dtype:
            return Ptr(p.buffer, p.offset, lanes, ctype)
        if lanes > 1 and (lanes * dt.itemsize(dtype)) % dt.itemsize(p.buffer.dtype) == 0:
            # uint4 / float4 moves of other element types: a chunk of the same buffer
            chunk = lanes * dt.itemsize(dtype) // dt.itemsize(p.buffer.dtype)
            return Ptr(p.buffer, p.offset, chunk, base_type)
        if base_type == "void" or dtype == "uint8" and base_type in ("void",):
            return p
        root = self.views.get(p.buffer.name, (p.buffer, None))[0]
        if root.scope == "global" and not any(isinstance(s, Alloc) and s.buffer == root for s in self.hoisted):
            raise self.error(node, f"reinterpreting buffer {root.name} ({root.dtype}) as {dtype} is not supported")
        key = (root.name, dtype)
        if key not in self.views:
            nbytes = int(root.shape[0].value) * dt.itemsize(root.dtype)
            view = Buffer(self.fresh(f"{root.name}_{dtype}"), dtype, (max(1, nbytes // dt.itemsize(dtype)),), root.scope)
            self.views[key] = view
            self.views[view.name] = (root, None)
            target = self.hoisted if root.scope == "global" else self.prologue
            target.append(Alloc(view))
        view = self.views[key]
        src_size, dst_size = dt.itemsize(p.buffer.dtype), dt.itemsize(dtype)
        byte_off = mul(cast("int64", p.offset), src_size)
        off = simplify_expr(div(byte_off, dst_size))
        return Ptr(view, off, lanes, ctype)

    # -- assignment and update
    def lvalue(self, node: Node):
        v = self.value(node)
        if isinstance(v, (Cell, LValue, Vec, _VecView)):
            return v
        if isinstance(v, Var):
            raise self.error(node, "assignment to a value Xpiler took to be constant")
        raise self.error(node, "this expression cannot be assigned to")

    def store(self, target, value: Expr, node: Node) -> None:
        if isinstance(target, Cell):
            self.emit(Store(target.buffer, (0,), self.convert(value, target.dtype)))
        elif isinstance(target, LValue):
            self.emit(Store(target.buffer, (target.index,), self.convert(value, target.dtype)))
        else:
            raise self.error(node, "cannot assign a scalar to this")

    def assign(self, node: Node):  # noqa: C901
        op = self.text(node.child_by_field_name("operator"))
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left.type == "identifier":
            cur = self.lookup(self.text(left))
            if isinstance(cur, PtrCell) or (isinstance(cur, tuple) and cur[0] == "uninit_ptr"):
                return self.assign_pointer(self.text(left), cur, op, right, node)
        target = self.lvalue(left)
        if isinstance(target, (Vec, _VecView)):
            v = self.value(right)
            if op != "=":
                raise self.error(node, f"'{op}' on a vector value")
            self.copy_vec(target, v)
            return target
        if op == "=":
            value = self.rvalue(right)
        else:
            value = self.binop(op[:-1], self._scalar_of(target, left), self.rvalue(right), node)
        self.store(target, value, node)
        return target

    def assign_pointer(self, name, cur, op, right, node):
        if isinstance(cur, tuple):      # first assignment of a declared-uninitialised pointer
            if op != "=":
                raise self.error(node, f"pointer {name} used before it points anywhere")
            v = self.value(right)
            v = Ptr(v.buffer, v.offset) if isinstance(v, ArrayRef) else v
            if not isinstance(v, Ptr):
                raise self.error(node, "pointer assigned something that is not a buffer address")
            v = self.reinterpret(v, cur[1], node)
            cell = self.new_cell(name + "_off", "int64", cast("int64", v.offset),
                                 where=self.prologue if False else None)
            pc = PtrCell(v.buffer, cell, v.lanes, v.ctype)
            for s in reversed(self.scopes):
                if name in s:
                    s[name] = pc
                    break
            return pc.current()
        if op == "=":
            v = self.value(right)
            v = Ptr(v.buffer, v.offset) if isinstance(v, ArrayRef) else v
            if not isinstance(v, Ptr) or v.buffer != cur.buffer:
                raise self.error(node, f"pointer {name} is pointed at a different buffer; not supported")
            self.emit(Store(cur.cell.buffer, (0,), cast("int64", v.offset)))
        elif op in ("+=", "-="):
            d = cast("int64", self.rvalue(right)) * cur.lanes
            new = add(cur.cell.load(), d) if op == "+=" else sub(cur.cell.load(), d)
            self.emit(Store(cur.cell.buffer, (0,), new))
        else:
            raise self.error(node, f"pointer operator {op}")
        return cur.current()

    def update(self, node: Node):
        arg = node.child_by_field_name("argument")
        text = self.text(node)
        inc = "++" in text
        prefix = text.strip().startswith(("++", "--"))
        if arg.type == "identifier" and isinstance(self.lookup(self.text(arg)), PtrCell):
            cur = self.lookup(self.text(arg))
            old = cur.current()
            self.emit(Store(cur.cell.buffer, (0,), add(cur.cell.load(), cur.lanes if inc else -cur.lanes)))
            return cur.current() if prefix else old
        target = self.lvalue(arg)
        old = self._scalar_of(target, arg)
        keep = Var(self.fresh("old"), old.dtype)
        self.emit(Let(keep, old))
        new = add(keep, 1) if inc else sub(keep, 1)
        self.store(target, new, node)
        return self._scalar_of(target, arg) if prefix else keep

    # -- vectors
    def copy_vec(self, dst, src) -> None:
        if isinstance(src, Expr):
            raise _error_no_node("assigning a scalar to a vector value")
        if dst.buffer.dtype != src.buffer.dtype or dst.lanes != src.lanes:
            from ..calls_builtin import copy_bytes
            nbytes = dst.lanes * dt.itemsize(dst.buffer.dtype)
            if nbytes != src.lanes * dt.itemsize(src.buffer.dtype):
                raise _error_no_node(f"copying {src.lanes} x {src.buffer.dtype} into {dst.lanes} x {dst.buffer.dtype}")
            copy_bytes(self, Ptr(dst.buffer, _off(dst.offset)), Ptr(src.buffer, _off(src.offset)),
                       Const(nbytes, "int64"), None)
            return
        lanes = dst.lanes
        i = Var(self.fresh("lane"), "int32")
        doff = dst.offset if isinstance(dst.offset, Expr) else Const(dst.offset, "int64")
        soff = src.offset if isinstance(src.offset, Expr) else Const(src.offset, "int64")
        self.emit(Loop(i, lanes, Store(dst.buffer, (simplify_expr(add(doff, cast("int64", i))),),
                                       cast(dst.buffer.dtype, Load(src.buffer, (simplify_expr(add(soff, cast("int64", i))),)))),
                       "vectorized"))

    def new_vec(self, ctype: str, hint: str = "v") -> Vec:
        dtype, lanes = self._value_type(ctype)
        buf = Buffer(self.fresh(hint), dtype, (lanes,), "local")
        self.emit(Alloc(buf))
        return Vec(buf, ctype, lanes)
