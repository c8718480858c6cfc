"""The frontend: one kernel function of a parsed source (any of the four models) -> SPMD IR.

One lifter serves every model because all four are C/C++ dialects read by the same grammar; what a
model adds comes from two places: `hardware.py` (index names, launch extents, barriers) and the
model's `lifting.py` (its intrinsics' scalar meaning, value types, constants). The result is the
program of ONE worker (see `spmd.py`); `recover_loops` turns it into loops.

C semantics kept exactly: integer promotions and usual arithmetic conversions (IR builders),
assignment conversions, short-circuit `&&`/`||`/`?:` (only the taken side runs, side effects
included), pointers as (buffer, element offset), arrays flattened row-major, `return`/`break`/
`continue` as flags guarding what follows. Anything else is a located `UnsupportedConstruct`."""
from __future__ import annotations

import contextlib

from tree_sitter import Node

from ...errors import UnsupportedConstruct
from ...ir.buffer import Buffer
from ...ir.kernel import Kernel, Param
from ...ir.expr import Const, Expr, Var, cast
from ...ir.names import Names
from ...ir.stmt import Alloc, Stmt, Store, block
from .. import ctypes
from ..hardware import Hardware
from ..values import Cell, Ptr, PtrCell
from .calls import Calls
from .control import Control
from .declarations import Declarations
from .expressions import Expressions
from .loops import Loops
from .types import Types
from .common import LiftedSPMD, _Function, _LoopCtx, _split_top


class FunctionLifter(Types, Declarations, Control, Loops, Expressions, Calls):
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
