"""The frontend: one kernel function of a parsed source (any of the four models) -> SPMD IR.

One lifter serves every model because all four are C/C++ dialects read by the same grammar; what a
model adds comes from two places: `hardware.py` (index names, launch extents, barriers) and the
model's `lifting.py` (its intrinsics' scalar meaning, value types, constants). The result is the
program of ONE worker (see `spmd.py`); `recover_loops` turns it into loops.

C semantics kept exactly: integer promotions and usual arithmetic conversions (IR builders),
assignment conversions, short-circuit `&&`/`||`/`?:` (only the taken side runs, side effects
included), pointers as (buffer, element offset), arrays flattened row-major, `return`/`break`/
`continue` as flags guarding what follows. Anything else is a located `UnsupportedConstruct`.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from tree_sitter import Node

from ..errors import UnsupportedConstruct
from ..ir import dtypes as dt
from ..ir.buffer import Buffer
from ..ir.evaluate import NotConstant, evaluate
from ..ir.expr import (Address, Const, Expr, Load, Var, add, as_expr, bitwise, call, cast, compare, div,
                       logical_and, logical_not, logical_or, maximum, minimum, mod, mul, neg, select, shift, sub)
from ..ir.kernel import Kernel, Param
from ..ir.names import Names
from ..ir.stmt import Alloc, Barrier, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..ir.transforms.simplify import simplify_expr
from ..source.syntax import parse_expression
from . import ctypes
from .hardware import Hardware
from .values import ArrayRef, Cell, LValue, Ptr, PtrArray, PtrCell, Vec

MAX_INLINE_DEPTH = 16
MAX_UNROLL = 256

_ARITH = {"+": add, "-": sub, "*": mul, "/": div, "%": mod}
_BITS = {"&": "&", "|": "|", "^": "^"}
_CMP = {"<", "<=", ">", ">=", "==", "!="}

# math functions: C name -> (IR function, precision override); the 'f' spellings take float
_MATH = {}
for _n in ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "cbrt", "sin", "cos", "tan",
           "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "erf", "erfc", "pow", "hypot", "floor", "ceil",
           "trunc", "round", "rint", "fmod", "fma", "copysign"):
    _MATH[_n] = (_n, "")
    _MATH[_n + "f"] = (_n, "")
_MATH.update({"fabs": ("abs", ""), "fabsf": ("abs", ""), "abs": ("abs", ""), "labs": ("abs", ""),
              "llabs": ("abs", ""), "nearbyint": ("rint", ""), "nearbyintf": ("rint", ""),
              "__expf": ("exp", "approx"), "__exp10f": ("exp", "approx"), "__logf": ("log", "approx"),
              "__log2f": ("log2", "approx"), "__sinf": ("sin", "approx"), "__cosf": ("cos", "approx"),
              "__tanf": ("tan", "approx"), "__powf": ("pow", "approx"), "__fsqrt_rn": ("sqrt", ""),
              "__frsqrt_rn": ("rsqrt", ""), "__fmaf_rn": ("fma", ""), "isnan": ("isnan", ""),
              "isinf": ("isinf", ""), "isfinite": ("isfinite", ""), "hsqrt": ("sqrt", ""), "hexp": ("exp", ""),
              "h2exp": ("exp", "")})
_FLOAT_ONLY = {n for n in _MATH if n.endswith("f") and n not in ("erf", "fabsf") and not n.startswith("__")}
_MINMAX = {"fmaxf": "max", "fminf": "min", "fmax": "max", "fmin": "min", "max": "max", "min": "min",
           "__hmax": "max", "__hmin": "min", "umax": "max", "umin": "min", "llmax": "max", "llmin": "min"}
_CONVERT = {"__float2half": "float16", "__float2half_rn": "float16", "__half2float": "float32",
            "__float2bfloat16": "bfloat16", "__bfloat162float": "float32", "__int2float_rn": "float32",
            "__uint2float_rn": "float32", "__float2int_rz": "int32", "__double2float_rn": "float32",
            "__ll2float_rn": "float32", "__int_as_float": None, "__float_as_int": None}
_ROUNDING_CONVERT = {"__float2int_rn": ("rint", "int32"), "__float2int_rd": ("floor", "int32"),
                     "__float2int_ru": ("ceil", "int32"), "lrintf": ("rint", "int64"), "lroundf": ("round", "int64"),
                     "__float2ll_rn": ("rint", "int64")}
_HALF_ARITH = {"__frcp_rn": "rcp", "__hadd": "+", "__hsub": "-", "__hmul": "*", "__hdiv": "/", "__fadd_rn": "+", "__fsub_rn": "-",
               "__fmul_rn": "*", "__fdiv_rn": "/", "__fdividef": "/", "__dadd_rn": "+", "__dmul_rn": "*"}
_NOOP_CALLS = {"__threadfence", "__threadfence_block", "free", "__builtin_assume", "assert", "__assume",
               "_mm_prefetch", "__builtin_prefetch", "_mm_sfence", "_mm_mfence"}


class _Exit(Exception):
    pass


@dataclass
class _Function:
    """The function being lifted (the entry or an inlined callee)."""

    result: Cell | Vec | None
    returned: Cell | None = None
    depth_in_loops: int = 0
    name: str = ""
    node: Node | None = None
    pre: list = field(default_factory=list)      # flag cells of an inlined callee, emitted before its body


@dataclass
class _LoopCtx:
    broke: Cell | None = None
    cont: Cell | None = None


@dataclass
class LiftedSPMD:
    kernel: Kernel
    hoisted: list = field(default_factory=list)     # global-scope Allocs (device workspaces)


class FunctionLifter:
    """Lifts `entry` of a loaded `SourceFile` into an SPMD kernel.

    `buffer_sizes`: element count of every pointer parameter (the lifted program is specialised to
    one launch and one set of sizes; scalar parameters stay run-time values)."""

    def __init__(self, src, entry: str, hardware: Hardware, buffer_sizes: dict[str, int], lifting,
                 names: Names | None = None):
        self.src, self.parsed, self.info = src, src.parsed, src.info
        self.hw = hardware
        self.sizes = buffer_sizes
        self.lifting = lifting
        self.names = names or Names()
        self.model = src.model.name
        self.cxx = self.model != "c" or src.path.endswith((".cpp", ".cc", ".cxx"))
        base = entry.split("<")[0].strip()
        fn = self.info.function(base)
        if fn is None:
            raise UnsupportedConstruct(f"no function named '{base}' in {src.path}", None, base)
        self.fn = fn
        self.template_args = self._template_args(entry)
        self.scopes: list[dict] = [{}]
        self.out: list[list[Stmt]] = [[]]
        self.prologue: list[Stmt] = []
        self.hoisted: list[Stmt] = []
        self.fn_stack: list[_Function] = []
        self.loops: list[_LoopCtx] = []
        self.file_scope: dict = {}
        self.views: dict = {}
        self.inline_depth = 0
        self.pending_pragma: str | None = None
        self._assigned_cache: dict = {}
        self._fvt: dict | None = None            # file-defined value types (ext vectors, structs)
        self._file_decls: dict | None = None     # file-scope declarations by name
        self._enums: dict | None = None          # enumerators of the file

    # ------------------------------------------------------------------ errors / emission
    def error(self, node: Node, message: str) -> UnsupportedConstruct:
        text = self.parsed.node_text(node).strip().splitlines()
        return UnsupportedConstruct(message, self.parsed.location(node), (text[0][:60] if text else node.type))

    def emit(self, *stmts) -> None:
        for s in stmts:
            if s is not None:
                self.out[-1].append(s)

    @contextlib.contextmanager
    def collecting(self):
        self.out.append([])
        try:
            yield self.out[-1]
        finally:
            self.out.pop()

    @contextlib.contextmanager
    def scope(self):
        self.scopes.append({})
        try:
            yield
        finally:
            self.scopes.pop()

    def bind(self, name: str, value) -> None:
        self.scopes[-1][name] = value

    def lookup(self, name: str):
        for s in reversed(self.scopes):
            if name in s:
                return s[name]
        return None

    def text(self, node: Node) -> str:
        return self.parsed.node_text(node)

    def fresh(self, hint: str) -> str:
        return self.names.fresh(hint)

    def new_cell(self, hint: str, dtype: str, init: Expr | None = None, where: list | None = None) -> Cell:
        buf = Buffer(self.fresh(hint), dtype, (1,), "local")
        (where if where is not None else self.out[-1]).append(Alloc(buf))
        c = Cell(buf)
        if init is not None:
            (where if where is not None else self.out[-1]).append(Store(buf, (0,), cast(dtype, init)))
        return c

    # ------------------------------------------------------------------ entry
    def lift(self) -> LiftedSPMD:
        params = []
        fnode = self.fn.node
        rtype = fnode.child_by_field_name("type")
        result = None
        if rtype is not None and ctypes.normalise(self.text(rtype)) != "void":
            result = self.new_cell("status", self._scalar_dtype(self.text(rtype), fnode), where=self.prologue)
        self.fn_stack.append(_Function(result, name=self.fn.name))
        for p in self.fn.params:
            self.names.reserve(p.name)
        for p in self.fn.params:
            ctype = self._resolve_type_name(p.ctype)
            if p.is_pointer:
                if p.pointer_depth != 1:
                    raise self.error(fnode, f"parameter {p.name}: pointers to pointers are not supported")
                dtype, lanes = self._element_type(ctype, fnode)
                if p.name not in self.sizes:
                    raise self.error(fnode, f"parameter {p.name}: the size of the buffer is not known "
                                            "(pass the arguments)")
                n = int(self.sizes[p.name]) * lanes
                buf = Buffer(p.name, dtype, (max(n, 1),), "global")
                params.append(Param(buf, "inout"))
                if p.name in self._assigned(self._body(fnode)):
                    cell = self.new_cell(p.name + "_off", "int64", Const(0, "int64"))
                    self.bind(p.name, PtrCell(buf, cell, lanes, ctype if lanes > 1 else ""))
                else:
                    self.bind(p.name, Ptr(buf, Const(0, "int64"), lanes, ctype if lanes > 1 else ""))
            else:
                dtype = self._scalar_dtype(ctype, fnode)
                var = Var(p.name, dtype)
                params.append(Param(var))
                if p.name in self._assigned(self._body(fnode)):
                    self.bind(p.name, self.new_cell(p.name + "_v", dtype, var))
                else:
                    self.bind(p.name, var)
        body = self._body(fnode)
        self.stmt_list(self._block_items(body))
        stmts = self.prologue + self.out[0]
        k = Kernel(self.fn.name, tuple(params), block(stmts) if stmts else block([]))
        return LiftedSPMD(k, self.hoisted)

    def _body(self, fnode: Node) -> Node:
        body = fnode.child_by_field_name("body")
        if body is None:
            raise self.error(fnode, "function has no body")
        return body

    def _template_args(self, entry: str) -> dict:
        """Template parameters of the entry bound to the arguments written in `entry` ("k<128, float>")."""
        node = self.fn.node.parent
        if node is None or node.type != "template_declaration" or "<" not in entry:
            return {}
        args = _split_top(entry[entry.index("<") + 1:entry.rindex(">")])
        plist = node.child_by_field_name("parameters")
        out = {}
        ev = self.info.evaluator()
        params = [c for c in plist.named_children]
        for p, a in zip(params, args):
            if p.type in ("type_parameter_declaration", "optional_type_parameter_declaration"):
                name = self.text(p.named_children[-1]) if p.named_children else self.text(p).split()[-1]
                out[name] = ("type", a.strip())
            else:
                name = self.text(p.child_by_field_name("declarator"))
                out[name] = ("value", ev.eval_text(a))
        return out

    # ------------------------------------------------------------------ types
    def _resolve_type_name(self, ctype: str) -> str:
        t = ctypes.normalise(ctype)
        for scope in reversed(self.scopes):
            v = scope.get(t)
            if isinstance(v, tuple) and v and v[0] == "type":
                return v[1]
        if t in self.template_args and self.template_args[t][0] == "type":
            return self.template_args[t][1]
        typedefs = getattr(self.info, "typedefs", {}) or {}
        return typedefs.get(t, t)

    def _scalar_dtype(self, ctype: str, node: Node) -> str:
        t = self._resolve_type_name(ctype)
        d = ctypes.scalar_dtype(t)
        if d is None:
            d = getattr(self.lifting, "SCALAR_TYPES", {}).get(t)
        if d is None:
            raise self.error(node, f"type '{t}' is not a scalar type Xpiler can lift")
        return d

    def _element_type(self, ctype: str, node: Node) -> tuple[str, int]:
        """(dtype, lanes) of a pointee / array element type."""
        t = self._resolve_type_name(ctype)
        vt = self._value_type(t)
        if vt is not None:
            return vt
        if t == "void":
            return "uint8", 1
        return self._scalar_dtype(t, node), 1

    def _value_type(self, ctype: str):
        t = self._resolve_type_name(ctype)
        if t in ctypes.SHORT_VECTORS:
            return ctypes.SHORT_VECTORS[t]
        vt = getattr(self.lifting, "VALUE_TYPES", {}).get(t)
        if vt is not None:
            return vt
        file_types = self._file_value_types()
        if t in file_types:
            return file_types[t][:2]
        hook = getattr(self.lifting, "value_type", None)
        if hook is not None:
            r = hook(self, t)
            if r is not None:
                return r[:2]
        return None

    def _per_warp(self, ctype: str) -> bool:
        hook = getattr(self.lifting, "value_type", None)
        r = hook(self, self._resolve_type_name(ctype)) if hook is not None else None
        return bool(r is not None and len(r) > 2 and r[2])

    def struct_field(self, ctype: str, field: str) -> int | None:
        info = self._file_value_types().get(self._resolve_type_name(ctype))
        if info is None or len(info) < 3:
            return None
        return info[2].get(field)

    def _file_value_types(self) -> dict:
        """Types defined in the file that lift as lanes: `typedef T name __attribute__((ext_vector_type(N)))`
        (HIP) and structs whose fields all have one scalar type (fields become lanes)."""
        if self._fvt is not None:
            return self._fvt
        import re
        cache = {}
        for n in _walk(self.parsed.root):
            if n.type == "type_definition":
                text = self.parsed.node_text(n)
                m = re.search(r"ext_vector_type\s*\(\s*(\d+)\s*\)", text)
                ty, decl = n.child_by_field_name("type"), n.child_by_field_name("declarator")
                if m and ty is not None and decl is not None:
                    d = ctypes.scalar_dtype(self.parsed.node_text(ty))
                    if d is not None:
                        cache[self.parsed.node_text(decl)] = (d, int(m.group(1)))
            elif n.type == "struct_specifier":
                name_node, body = n.child_by_field_name("name"), n.child_by_field_name("body")
                if name_node is None or body is None:
                    continue
                fields, dtypes, ok = {}, set(), True
                for f in body.named_children:
                    if f.type != "field_declaration":
                        continue
                    ty = f.child_by_field_name("type")
                    d = ctypes.scalar_dtype(self.parsed.node_text(ty)) if ty is not None else None
                    if d is None:
                        ok = False
                        break
                    for fd in f.children_by_field_name("declarator"):
                        if fd.type != "field_identifier":
                            ok = False
                        fields[self.parsed.node_text(fd)] = len(fields)
                    dtypes.add(d)
                if ok and len(dtypes) == 1 and fields:
                    cache[self.parsed.node_text(name_node)] = (dtypes.pop(), len(fields), fields)
        self._fvt = cache
        return cache

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
                    from ..source.inspect import Function, _params_of
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
        from ..ir.visitor import walk
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
            from .calls_builtin import copy_bytes
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
                from ..ir.expr import Bitcast
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

    def _is_type_name(self, text: str) -> bool:
        t = self._resolve_type_name(ctypes.normalise(text.replace("*", " ")))
        return (ctypes.scalar_dtype(t) is not None or t in getattr(self.lifting, "SCALAR_TYPES", {})
                or self._value_type(t) is not None)

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


class _Functor:
    def __init__(self, fn, bindings):
        self.fn, self.bindings = fn, bindings


class _VecView:
    """Lanes of a vector pointer's element (`reinterpret_cast<float4*>(x)[i]`), assignable."""

    def __init__(self, buffer, ctype, lanes, offset):
        self.buffer, self.ctype, self.lanes, self.offset = buffer, ctype, lanes, offset


def _error_no_node(msg):
    return UnsupportedConstruct(msg)


class _SubParsed:
    """Stands in for ParsedSource while lifting a macro body (text of nodes from another parse)."""

    def __init__(self, text: str, outer):
        self.prefix = b"int __xpiler_e = ("
        self.data = self.prefix + text.encode() + b");"
        self.outer = outer
        self.path = outer.path

    def node_text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def location(self, node: Node):
        return None

    @property
    def root(self):
        return self.outer.root


def _off(o) -> Expr:
    return o if isinstance(o, Expr) else Const(int(o), "int64")


def _strip_comments(text: str) -> str:
    import re
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S).strip()


def _split_top(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


def _walk(node: Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def _walk_loop_level(node: Node):
    """Nodes of a loop body that belong to this loop (not to loops nested in it)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for c in n.children:
            if c.type not in ("for_statement", "while_statement", "do_statement", "switch_statement"):
                stack.append(c)


def _all_of(conds: list) -> Expr | None:
    """The conjunction of `conds` (None for none)."""
    if not conds:
        return None
    e = conds[0]
    for c in conds[1:]:
        e = logical_and(e, c)
    return e


def _truth(e: Expr) -> Expr:
    return e if e.dtype == "bool" else compare("!=", e, Const(0, e.dtype))


def _const_value(e: Expr):
    try:
        return int(evaluate(simplify_expr(e), {}))
    except Exception:
        return None


def _ctype_of(dtype: str) -> str:
    for k, v in ctypes.SCALAR_DTYPES.items():
        if v == dtype:
            return k
    return dtype


_KNOWN_CONSTANTS = {
    "INFINITY": Const(float("inf"), "float32"), "NAN": Const(float("nan"), "float32"),
    "HUGE_VALF": Const(float("inf"), "float32"), "HUGE_VAL": Const(float("inf"), "float64"),
    "CUDART_INF_F": Const(float("inf"), "float32"), "CUDART_NAN_F": Const(float("nan"), "float32"),
    "FLT_MAX": Const(3.4028234663852886e38, "float32"), "FLT_MIN": Const(1.1754943508222875e-38, "float32"),
    "FLT_EPSILON": Const(1.1920928955078125e-07, "float32"), "DBL_MAX": Const(1.7976931348623157e308, "float64"),
    "INT_MAX": Const(2**31 - 1, "int32"), "INT_MIN": Const(-2**31, "int32"), "UINT_MAX": Const(2**32 - 1, "uint32"),
    "M_PI": Const(3.141592653589793, "float64"), "M_SQRT1_2": Const(0.7071067811865476, "float64"),
    "M_SQRT2": Const(1.4142135623730951, "float64"), "M_E": Const(2.718281828459045, "float64"),
    "M_LN2": Const(0.6931471805599453, "float64"), "M_LOG2E": Const(1.4426950408889634, "float64"),
    "M_2_SQRTPI": Const(1.1283791670955126, "float64"), "NULL": Const(0, "int64"),
    "true": Const(1, "bool"), "false": Const(0, "bool"),
}

from .calls_builtin import SPECIAL_CALLS as _SPECIAL_CALLS, Malloc, allocate  # noqa: E402
