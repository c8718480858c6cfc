"""Calls: barriers, math functions and conversions, model intrinsics (IntrinsicCall by the model's lifting table), shared builtins (warp primitives, atomics, C library), and inlining of functions defined in the file (templates bound, references aliased, returns as flags)."""
from __future__ import annotations

from tree_sitter import Node

from ...ir import dtypes as dt
from ...ir.buffer import Buffer
from ...ir.expr import (Address, Const, Expr, Var, as_expr, call, cast, div, maximum, minimum)
from ...ir.names import Names
from ...ir.stmt import Alloc, Barrier, IntrinsicCall, Let, Store
from ...ir.transforms.simplify import simplify_expr
from ...source.syntax import parse_expression
from .. import ctypes
from ..values import ArrayRef, Cell, Ptr, PtrCell, Vec
from ..calls_builtin import SPECIAL_CALLS as _SPECIAL_CALLS
from .common import (MAX_INLINE_DEPTH, _CONVERT, _FLOAT_ONLY, _Function, _Functor, _HALF_ARITH, _MATH, _MINMAX,
                     _NOOP_CALLS, _ROUNDING_CONVERT, _SubParsed, _VecView, _ctype_of, _off, _split_top)


class Calls:
    # ------------------------------------------------------------------ calls
    def call(self, node: Node, discard: bool = False):
        fnode = node.child_by_field_name("function")
        args = [a for a in node.child_by_field_name("arguments").named_children if a.type != "comment"]
        targs = None
        if fnode.type == "template_function":
            targs = fnode.child_by_field_name("arguments")
            name = self.text(fnode.child_by_field_name("name"))
        else:
            name = self.text(fnode)
        if fnode.type == "parenthesized_expression" and len(args) == 1:
            inner = name.strip()[1:-1].strip()
            if self._is_type_name(inner):
                return self._cast_to(inner, self.value(args[0]), node)
        if fnode.type in ("primitive_type", "identifier", "type_identifier") and len(args) == 1 \
                and self._is_type_name(name) and not isinstance(self.lookup(name), (Expr, Cell, Ptr, Vec)) \
                and self.info.function(name) is None:
            return self._cast_to(name, self.value(args[0]), node)      # functional cast: float(x)
        short = name.split("::")[-1]
        if short in ("reinterpret_cast", "static_cast", "const_cast") and targs is not None:
            ttext = self.text(targs)[1:-1]
            return self._cast_to(ttext, self.value(args[0]), node)
        scope = self.hw.barrier(short)
        if scope is not None:
            if scope:
                self.emit(Barrier(scope))
            return Const(0, "int32")
        if short in _NOOP_CALLS:
            return Const(0, "int32")
        if short in ("__is_mpu",):
            return Const(0, "bool")
        if short in ("__is_ipu",):
            return Const(1, "bool")
        bound = self.lookup(name) if fnode.type == "identifier" else None
        if isinstance(bound, _Functor):
            return self.inline(bound.fn, args, node, None, bound.bindings)
        user = self.info.function(short)
        lifting_table = getattr(self.lifting, "INTRINSICS", {})
        if user is not None and short not in lifting_table and user.node.child_by_field_name("body") is not None:
            return self.inline(user, args, node, targs)
        if name in lifting_table or short in lifting_table:
            return self.intrinsic(lifting_table.get(name) or lifting_table[short], args, node)
        special = _SPECIAL_CALLS.get(short) or getattr(self.lifting, "CALLS", {}).get(name) \
            or getattr(self.lifting, "CALLS", {}).get(short)
        if special is not None:
            return special(self, args, node)
        if short.startswith("make_") and self._value_type(short[5:]) is not None:
            vec = self.new_vec(short[5:], "mk")
            for i, a in enumerate(args):
                self.emit(Store(vec.buffer, (Const(i, "int64"),), cast(vec.buffer.dtype, self.rvalue(a))))
            return vec
        if short in _MINMAX:
            a, b = self.rvalue(args[0]), self.rvalue(args[1])
            if short.endswith("f") and short.startswith("f"):
                a, b = cast("float32", a), cast("float32", b)
            elif short in ("fmax", "fmin"):
                t = dt.promote(a.dtype, b.dtype)
                a, b = cast(t if dt.is_float(t) else "float64", a), cast(t if dt.is_float(t) else "float64", b)
            return maximum(a, b) if _MINMAX[short] == "max" else minimum(a, b)
        if short in _MATH:
            fn, precision = _MATH[short]
            vals = [self.rvalue(a) for a in args]
            if short in _FLOAT_ONLY or (short.endswith("f") and short[:-1] in _MATH and short != "erf"):
                vals = [cast("float32", v) if not dt.is_float(v.dtype) or v.dtype == "float64" else v for v in vals]
            elif not self.cxx and fn not in ("abs", "isnan", "isinf", "isfinite"):
                vals = [cast("float64", v) for v in vals]        # C: the double function
            elif short == "abs" and not self.cxx:
                vals = [cast("int32", v) for v in vals]
            return call(fn, *vals, precision=precision)
        if short in _CONVERT:
            target = _CONVERT[short]
            v = self.rvalue(args[0])
            if target is None:
                from ...ir.expr import Bitcast
                return Bitcast("float32" if short == "__int_as_float" else "int32", v)
            return cast(target, v)
        if short in _ROUNDING_CONVERT:
            fn, target = _ROUNDING_CONVERT[short]
            return cast(target, call(fn, cast("float32", self.rvalue(args[0]))))
        if short in _HALF_ARITH:
            if _HALF_ARITH[short] == "rcp":
                a = cast("float32", self.rvalue(args[0]))
                return div(Const(1.0, "float32"), a)
            a, b = self.rvalue(args[0]), self.rvalue(args[1])
            return self.binop(_HALF_ARITH[short], a, b, node)
        raise self.error(node, f"call to '{name}' is not supported (not a known intrinsic, math function or a "
                               "function defined in this file)")

    def intrinsic(self, entry, args: list[Node], node: Node):
        call_args = []
        result = None
        if entry.returns is not None:
            vt = self._value_type(entry.returns)
            if vt is not None:
                result = self.new_vec(entry.returns, "r")
                call_args.append(Address(result.buffer, (Const(0, "int64"),)))
            else:
                buf = Buffer(self.fresh("r"), entry.returns, (1,), "local")
                self.emit(Alloc(buf))
                result = Cell(buf)
                call_args.append(Address(buf, (Const(0, "int64"),)))
        touched = set()
        for a in args:
            v = self.value(a)
            if isinstance(v, ArrayRef):
                v = Ptr(v.buffer, v.offset)
            if isinstance(v, _VecView):
                v = Ptr(v.buffer, v.offset)
            if isinstance(v, Ptr):
                call_args.append(Address(v.buffer, (simplify_expr(cast("int64", v.offset)),)))
                touched.add(v.buffer.name)
            elif isinstance(v, Vec):
                call_args.append(Address(v.buffer, (_off(v.offset),)))
                touched.add(v.buffer.name)
            else:
                call_args.append(self._scalar_of(v, a))
        if result is not None:
            touched.add(result.buffer.name)
        names = tuple(sorted(touched))
        try:        # arguments the intrinsic cannot take are reported here, at the call, not in detensorize
            entry.build(list(call_args), Names(self.names.taken))
        except (ValueError, TypeError) as e:
            msg = str(e)
            raise self.error(node, msg if msg.startswith(entry.name) else f"{entry.name}: {msg}") from None
        self.emit(IntrinsicCall(entry.name, tuple(call_args), names, names))
        if isinstance(result, Cell):
            return result.load()
        return result if result is not None else Const(0, "int32")

    def inline(self, fn, args: list[Node], node: Node, targs=None, extra_bindings=None):
        if self.inline_depth >= MAX_INLINE_DEPTH:
            raise self.error(node, f"call depth above {MAX_INLINE_DEPTH} (recursion?) inlining {fn.name}")
        fnode = fn.node
        ret_type = fnode.child_by_field_name("type")
        ret_text = self.text(ret_type) if ret_type is not None else "void"
        declarator = fnode.child_by_field_name("declarator")
        ret_ptr = self.text(declarator).split("(")[0].count("*")
        if ret_ptr:
            raise self.error(node, f"inlining {fn.name}: functions returning pointers are not supported")
        # evaluate arguments in the caller's scope
        values = []
        for p, a in zip(fn.params, args):
            v = self.value(a)
            if p.is_reference:
                values.append(v)
            elif p.is_pointer:
                if isinstance(v, ArrayRef):
                    v = Ptr(v.buffer, v.offset)
                values.append(v)
            else:
                values.append(v)
        bindings = dict(extra_bindings or {})
        tparams = fnode.parent if fnode.parent is not None and fnode.parent.type == "template_declaration" else None
        if tparams is not None:
            bindings.update(self._bind_template(tparams, targs, fn, args, values, node))
        saved_scopes = self.scopes
        self.scopes = [self.scopes[0], dict(bindings)]
        self.inline_depth += 1
        ret_key = self._resolve_type_name(ret_text) if ret_text != "void" else None
        result = None
        if ret_key is not None:
            vt = self._value_type(ret_key)
            if vt is not None:
                result = self.new_vec(ret_key, fn.name + "_ret")
            else:
                result = self.new_cell(fn.name + "_ret", self._scalar_dtype(ret_key, fnode))
        ctx = _Function(result, name=fn.name, node=fnode)
        self.fn_stack.append(ctx)
        try:
            assigned = self._assigned(fnode)
            for p, v in zip(fn.params, values):
                if p.is_reference or p.is_pointer:
                    if p.is_pointer and isinstance(v, Ptr):
                        v = self.reinterpret(v, self._resolve_type_name(p.ctype), node) if self._resolve_type_name(p.ctype) != "void" else v
                        if p.name in assigned:
                            cell = self.new_cell(p.name + "_off", "int64", cast("int64", v.offset))
                            v = PtrCell(v.buffer, cell, v.lanes, v.ctype)
                    self.bind(p.name, v)
                    continue
                vt = self._value_type(p.ctype)
                if vt is not None:
                    vec = self.new_vec(self._resolve_type_name(p.ctype), p.name)
                    self.copy_vec(vec, v)
                    self.bind(p.name, vec)
                    continue
                dtype = self._scalar_dtype(p.ctype, fnode)
                sv = self.convert(self._scalar_of(v, node), dtype)
                if p.name in assigned:
                    self.bind(p.name, self.new_cell(p.name, dtype, sv))
                else:
                    var = Var(self.fresh(p.name), dtype)
                    self.emit(Let(var, sv))
                    self.bind(p.name, var)
            with self.collecting() as body:
                self.stmt_list(self._block_items(fnode.child_by_field_name("body")))
            self.emit(*ctx.pre, *body)
        finally:
            self.fn_stack.pop()
            self.inline_depth -= 1
            self.scopes = saved_scopes
        if result is None:
            return Const(0, "int32")
        return result.load() if isinstance(result, Cell) else result

    def _bind_template(self, tdecl: Node, targs, fn, args, values, node) -> dict:
        plist = tdecl.child_by_field_name("parameters")
        params = list(plist.named_children)
        explicit = _split_top(self.text(targs)[1:-1]) if targs is not None else []
        out = {}
        ev = self.info.evaluator()
        for i, p in enumerate(params):
            is_type = p.type in ("type_parameter_declaration", "optional_type_parameter_declaration")
            pname = (self.text(p.named_children[-1]) if is_type else self.text(p.child_by_field_name("declarator")))
            if i < len(explicit):
                a = explicit[i].strip()
                if is_type:
                    out[pname] = ("type", self._resolve_type_name(a))
                else:
                    e = parse_expression(a)
                    v = self.value(e) if e is not None else None
                    if e is None:
                        raise self.error(node, f"template argument {a}")
                    saved = self.parsed
                    try:
                        self.parsed = _SubParsed(a, saved)
                        v = self.rvalue(e)
                    finally:
                        self.parsed = saved
                    out[pname] = simplify_expr(v)
                continue
            if is_type:
                # deduce from the first parameter declared with this type
                for fp, v in zip(fn.params, values):
                    if ctypes.normalise(fp.ctype) == pname:
                        if isinstance(v, Ptr):
                            out[pname] = ("type", _ctype_of(v.buffer.dtype))
                        elif isinstance(v, Expr):
                            out[pname] = ("type", _ctype_of(v.dtype))
                        break
                else:
                    raise self.error(node, f"cannot deduce template parameter {pname}")
            else:
                default = p.child_by_field_name("default_value")
                if default is None:
                    raise self.error(node, f"template parameter {pname} needs an explicit argument")
                out[pname] = as_expr(ev.eval(default))
        return out
