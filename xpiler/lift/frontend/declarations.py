"""Declarations: scalars (Let or Cell), pointers, arrays (flattened, on-chip spaces, C99 VLAs), arrays of pointers, pointers to arrays, functor objects, dynamic shared memory, initialisers."""
from __future__ import annotations

from tree_sitter import Node

from ...ir.buffer import Buffer
from ...ir.expr import (Const, Expr, Var, cast, div, mul)
from ...ir.stmt import Alloc, Let, Store
from ...ir.transforms.simplify import simplify_expr
from .. import ctypes
from ..values import ArrayRef, LValue, Ptr, PtrArray, PtrCell, Vec
from ..calls_builtin import (Malloc, allocate)
from .common import (_Functor, _VecView, _split_top, _walk)


class Declarations:
    def _pointer_to_array_decl(self, e: Node) -> bool:
        """`T (*p)[N] = init;` which the C++ grammar reads as an assignment to a call subscript."""
        if e.type != "assignment_expression":
            return False
        left, dims = e.child_by_field_name("left"), []
        while left is not None and left.type == "subscript_expression":
            idx = left.child_by_field_name("indices")
            dims.insert(0, idx.named_children[0] if idx is not None and idx.named_children else None)
            left = left.child_by_field_name("argument")
        if left is None or left.type != "call_expression" or not dims:
            return False
        fn = left.child_by_field_name("function")
        args = left.child_by_field_name("arguments").named_children
        if fn.type not in ("primitive_type", "type_identifier") or len(args) != 1 or args[0].type != "pointer_expression":
            return False
        inner = args[0].child_by_field_name("argument")
        if inner is None or inner.type != "identifier" or not self.text(args[0]).startswith("*"):
            return False
        v = self.value(e.child_by_field_name("right"))
        v = Ptr(v.buffer, v.offset) if isinstance(v, ArrayRef) else v
        if not isinstance(v, Ptr):
            raise self.error(e, "pointer to array initialised from something that is not a buffer")
        view = self.reinterpret(v, self.text(fn), e)
        row_dims = tuple(self.const_int(x) for x in dims)
        n = 1
        for x in row_dims:
            n *= x
        total = int(view.buffer.shape[0].value) if isinstance(view.buffer.shape[0], Const) else n
        self.bind(self.text(inner), ArrayRef(view.buffer, (max(1, total // n),) + row_dims, view.offset))
        return True

    def _local_typedef(self, node: Node) -> None:
        ty = node.child_by_field_name("type")
        decl = node.child_by_field_name("declarator")
        if ty is not None and decl is not None:
            self.bind(self.text(decl), ("type", self._resolve_type_name(self.text(ty))))

    # -- declarations
    def declaration(self, node: Node, scope_override: str | None = None) -> None:
        ty = node.child_by_field_name("type")
        if ty is None:
            raise self.error(node, "declaration without a type")
        base = self.text(ty)
        quals = self.text(node)[:ty.start_byte - node.start_byte]
        space = scope_override or self._space_of(quals)
        is_const = "const" in quals.split() or "constexpr" in quals.split()
        for d in node.children_by_field_name("declarator"):
            self.declarator(node, base, d, space, is_const)

    def _space_of(self, quals: str) -> str:
        words = set(quals.replace("(", " ").split())
        for q, s in (("__shared__", "shared"), ("__nram__", "nram"), ("__wram__", "wram"), ("__ldram__", "local"),
                     ("__mlu_shared__", "sram"), ("__mlu_device__", "global"), ("__device__", "global"),
                     ("__constant__", "global")):
            if q in words:
                return s
        return "local"

    def declarator(self, node: Node, base: str, d: Node, space: str, is_const: bool) -> None:
        init = None
        if d.type == "init_declarator":
            init = d.child_by_field_name("value")
            d = d.child_by_field_name("declarator")
        ptr_depth, dims, name_node = 0, [], d
        ptr_to_array = False
        while True:
            if name_node.type == "pointer_declarator":
                ptr_depth += 1
                ptr_to_array = ptr_to_array or bool(dims)
                name_node = name_node.child_by_field_name("declarator")
            elif name_node.type == "array_declarator":
                size = name_node.child_by_field_name("size")
                dims.insert(0, size)
                name_node = name_node.child_by_field_name("declarator")
            elif name_node.type in ("reference_declarator",):
                name_node = name_node.named_children[-1]
                ptr_depth = -1
            elif name_node.type == "parenthesized_declarator":
                name_node = name_node.named_children[0]
            else:
                break
        name = self.text(name_node)
        if ptr_depth == -1:                      # T& r = lvalue
            target = self.value(init)
            self.bind(name, target)
            return
        if ptr_depth == 1 and dims and ptr_to_array:          # T (*p)[N] = ...: rows of N
            v = self.value(init)
            v = Ptr(v.buffer, v.offset) if isinstance(v, ArrayRef) else v
            row_dims = tuple(self.const_int(x) for x in dims)
            n = 1
            for x in row_dims:
                n *= x
            view = self.reinterpret(v, base, init) if isinstance(v, Ptr) else None
            if view is None:
                raise self.error(d, "pointer to array initialised from something that is not a buffer")
            total = int(view.buffer.shape[0].value) if isinstance(view.buffer.shape[0], Const) else n
            self.bind(name, ArrayRef(view.buffer, (max(1, total // n),) + row_dims, view.offset))
            return
        if ptr_depth > 0 and dims:
            self._pointer_array(d, name, base, dims, init)
            return
        functor = self._functor(base) if ptr_depth == 0 and not dims else None
        if functor is not None:
            self.bind(name, functor)
            return
        if ptr_depth > 0:
            if init is None:
                self.bind(name, ("uninit_ptr", base))
                return
            v = self.value(init)
            if isinstance(v, Malloc):
                v = allocate(self, v, self._element_type(self._resolve_type_name(base), d)[0], init)
            if isinstance(v, ArrayRef):
                v = Ptr(v.buffer, v.offset)
            if isinstance(v, PtrCell):
                v = v.current()
            if isinstance(v, Const) and v.value == 0:
                self.bind(name, ("uninit_ptr", base))
                return
            if not isinstance(v, Ptr):
                raise self.error(init, "pointer initialised from something that is not a buffer address")
            v = self.reinterpret(v, base, init)
            if name in self._assigned_in_function():
                cell = self.new_cell(name + "_off", "int64", cast("int64", v.offset))
                self.bind(name, PtrCell(v.buffer, cell, v.lanes, v.ctype))
            else:
                off = v.offset
                if not isinstance(off, (Const, Var)):
                    var = Var(self.fresh(name + "_off"), off.dtype)
                    self.emit(Let(var, off))
                    off = var
                self.bind(name, Ptr(v.buffer, off, v.lanes, v.ctype))
            return
        vt = self._value_type(base)
        if dims and dims[0] is None and space == "shared" and "extern" in self.text(node).split():
            self.bind(name, self._dynamic_shared(base, d))
            return
        if dims or (vt is not None and not dims):
            self.array_declaration(d, name, base, dims, space, init, vt)
            return
        dtype = self._scalar_dtype(base, d)
        if space != "local":
            # an on-chip / global scalar: a 1-element buffer of that space
            self.array_declaration(d, name, base, [], space, init, None, scalar=True)
            return
        value = None
        if init is not None:
            if init.type == "initializer_list":
                items = init.named_children
                value = self.rvalue(items[0]) if items else Const(0, dtype)
            else:
                value = self.rvalue(init)
            value = self.convert(value, dtype)
        if name in self._assigned_in_function() or value is None:
            self.bind(name, self.new_cell(name, dtype, value))
        elif isinstance(simplify_expr(value), Const):
            self.bind(name, simplify_expr(value))
        else:
            var = Var(self.fresh(name), dtype)
            self.emit(Let(var, value))
            self.bind(name, var)

    def _functor(self, type_text: str):
        """A struct with an `operator()` (a functor object): calls inline that method."""
        t = self._resolve_type_name(ctypes.normalise(type_text))
        base, targs = (t.split("<", 1)[0].strip(), t[t.index("<") + 1:t.rindex(">")]) if "<" in t else (t, "")
        for n in _walk(self.parsed.root):
            if n.type != "struct_specifier":
                continue
            name_node, body = n.child_by_field_name("name"), n.child_by_field_name("body")
            if name_node is None or body is None or self.text(name_node) != base:
                continue
            for m in body.named_children:
                if m.type == "function_definition" and "operator()" in self.text(m.child_by_field_name("declarator")).replace(" ", ""):
                    from ...source.inspect import Function, _params_of
                    fn = Function("operator_call", _params_of(self.parsed, m.child_by_field_name("declarator")), [],
                                  self.parsed.location(m), m)
                    bindings = {}
                    tdecl = n.parent if n.parent is not None and n.parent.type == "template_declaration" else None
                    if tdecl is not None and targs:
                        params = tdecl.child_by_field_name("parameters").named_children
                        for p, a in zip(params, _split_top(targs)):
                            pname = self.text(p.named_children[-1]) if p.named_children else self.text(p).split()[-1]
                            bindings[pname] = ("type", self._resolve_type_name(a.strip()))
                    return _Functor(fn, bindings)
        return None

    def _pointer_array(self, d: Node, name: str, base: str, dims: list, init) -> None:
        if len(dims) != 1 or init is None or init.type != "initializer_list":
            raise self.error(d, "arrays of pointers need one dimension and an initializer list")
        ptrs = []
        for item in init.named_children:
            v = self.value(item)
            v = Ptr(v.buffer, v.offset) if isinstance(v, ArrayRef) else v
            if not isinstance(v, Ptr):
                raise self.error(item, "array of pointers initialised with a non-pointer")
            ptrs.append(self.reinterpret(v, base, item))
        if len({p.buffer for p in ptrs}) != 1:
            raise self.error(d, "an array of pointers into different buffers is not supported")
        offs = Buffer(self.fresh(name + "_off"), "int64", (len(ptrs),), "local")
        self.emit(Alloc(offs))
        for i, p in enumerate(ptrs):
            self.emit(Store(offs, (i,), cast("int64", p.offset)))
        self.bind(name, PtrArray(ptrs[0].buffer, offs, ptrs[0].lanes))

    def _dynamic_shared(self, base: str, node: Node) -> ArrayRef:
        """`extern __shared__ T a[];`: every such array starts at the one dynamic shared block."""
        root = self.views.get("__dynamic_shared__")
        if root is None:
            nbytes = int(getattr(self.hw, "shared_bytes", 0) or 0)
            if nbytes <= 0:
                raise self.error(node, "dynamic shared memory is used but the launch gives it no bytes")
            root = Buffer(self.fresh("dyn_shared"), "uint8", (nbytes,), "shared")
            self.prologue.append(Alloc(root))
            self.views["__dynamic_shared__"] = root
        p = self.reinterpret(Ptr(root, Const(0, "int64")), base, node)
        return ArrayRef(p.buffer, (int(p.buffer.shape[0].value),), p.offset)

    def _assigned_in_function(self) -> set[str]:
        f = self.fn_stack[-1]
        key = id(f.node or self.fn.node)
        if key not in self._assigned_cache:
            self._assigned_cache[key] = self._assigned(f.node or self.fn.node)
        return self._assigned_cache[key]

    def array_declaration(self, d: Node, name: str, base: str, dims: list, space: str, init, vt,
                          scalar: bool = False) -> None:
        ev_dims = []
        for s in dims:
            if s is None:
                if init is not None and init.type == "initializer_list":
                    ev_dims.append(len(init.named_children))
                    continue
                raise self.error(d, f"array {name} needs a size")
            e = simplify_expr(self.rvalue(s))
            if isinstance(e, Const):
                ev_dims.append(int(e.value))
            elif space == "local":
                ev_dims.append(cast("int64", e))           # C99 variable-length array
            else:
                raise self.error(s, f"the size of on-chip array {name} must be a constant")
        if vt is not None:
            dtype, lanes = vt
        else:
            dtype, lanes = self._scalar_dtype(base, d), 1
        n = lanes
        for x in ev_dims:
            n = n * x
        n = simplify_expr(n) if isinstance(n, Expr) else max(n, 1)
        warp_offset = None
        if vt is not None and self._per_warp(base):
            # warp-collective values (WMMA fragments): one copy per warp in block memory
            W = self.hw.warp_size
            warps = -(-self.hw.hierarchy.block.size // W)
            warp_offset = mul(cast("int64", div(self.hw.linear_thread(), W)), n)
            n, space = n * warps, "shared"
        buf = Buffer(self.fresh(name), dtype, (n,), space)
        alloc = Alloc(buf)
        if space == "global":
            self.hoisted.append(alloc)
        elif space in ("shared", "sram", "nram", "wram") and len(self.fn_stack) == 1 and self.inline_depth == 0:
            self.prologue.append(alloc)
        else:
            self.emit(alloc)
        start = simplify_expr(warp_offset) if warp_offset is not None else Const(0, "int64")
        if vt is not None and not ev_dims:
            self.bind(name, Vec(buf, self._resolve_type_name(base), lanes, start if warp_offset is not None else 0))
        elif scalar:
            self.bind(name, LValue(buf, Const(0, "int64")))
        else:
            self.bind(name, ArrayRef(buf, tuple(ev_dims) + ((lanes,) if lanes > 1 else ()), start,
                                     self._resolve_type_name(base) if vt is not None else ""))
        if init is not None:
            self._initialise(buf, init, dtype)

    def _initialise(self, buf: Buffer, init: Node, dtype: str) -> None:
        flat = []

        def collect(n):
            if n.type == "initializer_list":
                for c in n.named_children:
                    collect(c)
            else:
                flat.append(n)
        collect(init)
        if init.type != "initializer_list":
            v = self.value(init)
            if isinstance(v, (Vec, _VecView)):
                self.copy_vec(Vec(buf, v.ctype, v.lanes), v)
                return
            self.emit(Store(buf, (0,), self.convert(self._scalar_of(v, init), dtype)))
            return
        for i, item in enumerate(flat):
            self.emit(Store(buf, (i,), self.convert(self.rvalue(item), dtype)))
