"""fuse_item_loops: a thread's items-per-thread loops, fused and their register array made a scalar.

GPU kernels that give each thread several items load them into a register array in one unrolled
loop and compute on them in the next::

    for k in 0..4: v[k] = i(k) < n ? x[i(k)] : 0       ->   for k in 0..4:
    for k in 0..4: if (i(k) < n) y[i(k)] = f(v[k])             v = i(k) < n ? x[i(k)] : 0
                                                               if (i(k) < n) y[i(k)] = f(v)

Two adjacent serial loops of equal constant extent are fused when some local array is written by the
first and read by the second, only ever at the loop's own index, and the first writes nothing
else, while the second writes nothing the first reads (so no iteration of the second can touch
what a later iteration of the first uses). An array every access of which is then at that index,
written before it is read in each iteration, holds one value per iteration: it becomes a one-element
local declared in the loop body (which `scalarize_locals` turns into lets). The result is one
element-wise map per item, which `flatten_domains` can flatten into a loop over the data.
"""
from __future__ import annotations

from ...ir.buffer import Buffer
from ...ir.expr import Address, Const, Load
from ...ir.kernel import Kernel
from ...ir.names import Names
from ...ir.stmt import Alloc, Barrier, Block, IntrinsicCall, Loop, Stmt, Store, block
from ...ir.transforms.util import all_names, let_values, rename
from ...ir.visitor import Mutator, walk
from .lower import Affine, const_int, linear_index, size_of, stmts_of


def _item_arrays(L: Loop, aff: Affine, local: set[str], kinds: tuple) -> set[str] | None:
    """Local arrays `L` accesses (with the given node kinds), each only at index L.var; None if some
    access of a local array is at another index."""
    out = set()
    for n in walk(L.body):
        if isinstance(n, kinds) and n.buffer.name in local:
            f = aff.form(linear_index(n.buffer, n.indices), [L.var.name])
            if f != {L.var.name: 1} or const_int(aff.rest(linear_index(n.buffer, n.indices), [L.var.name])) != 0:
                return None
            out.add(n.buffer.name)
    return out


class _Fuse(Mutator):
    def __init__(self, local: dict[str, Buffer], names: Names):
        self.local, self.names = local, names
        self.fused = 0

    def visit_Block(self, b: Block):
        b = self.generic_visit(b)
        stmts = list(b.stmts)
        i = 0
        changed = False
        while i < len(stmts) - 1:
            x, y = stmts[i], stmts[i + 1]
            fused = self._try(x, y) if isinstance(x, Loop) and isinstance(y, Loop) else None
            if fused is None:
                i += 1
                continue
            stmts[i:i + 2] = [fused]
            changed = True
        return Block(tuple(stmts)) if changed else b

    def _try(self, x: Loop, y: Loop) -> Stmt | None:
        ex, ey = const_int(x.extent), const_int(y.extent)
        if ex is None or ex != ey or x.var.dtype != y.var.dtype:
            return None
        # a thread's item loops are serial; parallel loops of equal extent (lanes, vector registers)
        # vectorize better apart
        if x.kind != "serial" or y.kind != "serial":
            return None
        aff = Affine({**let_values(x), **let_values(y)})
        local = {n for n, b in self.local.items() if size_of(b) == ex}
        written = _item_arrays(x, aff, local, (Store,))
        read = _item_arrays(y, aff, local, (Load,))
        if not written or not read or not written & read:
            return None
        # legal when the first loop writes only item arrays (each iteration its own element) and
        # the second writes nothing the first reads except item arrays (again at its own index)
        stores1 = {n.buffer.name for n in walk(x.body) if isinstance(n, Store)}
        if not stores1 <= written or any(isinstance(n, (IntrinsicCall, Barrier)) for n in walk(block(x.body, y.body))):
            return None
        stores2 = {n.buffer.name for n in walk(y.body) if isinstance(n, Store)}
        reads1 = {n.buffer.name for n in walk(x.body) if isinstance(n, Load)}
        if (stores2 & reads1) - (_item_arrays(y, aff, local, (Store,)) or set()) - written:
            return None
        kind, axis = (x.kind, x.axis) if (x.kind, x.axis) == (y.kind, y.axis) else ("serial", None)
        fused = Loop(x.var, x.extent, block(x.body, rename(y.body, {y.var.name: x.var.name})), kind, axis)
        self.fused += 1
        return fused


class _Privatize(Mutator):
    """Arrays accessed only at the loop index, stored first in each iteration: one-element locals."""

    def __init__(self, local: dict[str, Buffer], everywhere: dict[str, int], names: Names):
        self.local, self.everywhere, self.names = local, everywhere, names
        self.done: set[str] = set()

    def visit_Loop(self, L: Loop):
        L = self.generic_visit(L)
        if const_int(L.extent) is None:
            return L
        aff = Affine(let_values(L))
        extent = const_int(L.extent)
        arrays = _item_arrays(L, aff, {n for n, b in self.local.items() if size_of(b) == extent} - self.done,
                              (Store, Load))
        if not arrays:
            return L
        uses = {}
        for n in walk(L.body):
            if isinstance(n, (Load, Store)) and n.buffer.name in arrays:
                uses[n.buffer.name] = uses.get(n.buffer.name, 0) + 1
        items = stmts_of(L.body)
        first_store = {}
        for pos, s in enumerate(items):
            if isinstance(s, Store) and s.buffer.name in arrays and s.buffer.name not in first_store:
                first_store[s.buffer.name] = pos
        mapping = {}
        for name in arrays:
            # every access of the array is in this loop (the kernel-wide count matches) and the
            # first one in the body is a top-level store
            if uses[name] != self.everywhere.get(name) or name not in first_store:
                continue
            pos = first_store[name]
            if any(isinstance(n, (Load, Store)) and n.buffer.name == name
                   for s in items[:pos] for n in walk(s)) or \
                    any(isinstance(n, Load) and n.buffer.name == name for n in walk(items[pos].value)):
                continue
            b = self.local[name]
            mapping[name] = Buffer(self.names.fresh(name), b.dtype, (1,), "local")
        if not mapping:
            return L
        self.done |= set(mapping)
        zero = (Const(0, "int64"),)

        class Scalar(Mutator):
            def visit_Load(self, e: Load):
                return Load(mapping[e.buffer.name], zero) if e.buffer.name in mapping else self.generic_visit(e)

            def visit_Store(self, st: Store):
                value = self.visit(st.value)
                if st.buffer.name in mapping:
                    return Store(mapping[st.buffer.name], zero, value)
                return Store(st.buffer, tuple(self.visit(i) for i in st.indices), value)
        body = Scalar().visit(L.body)
        return Loop(L.var, L.extent, block([Alloc(b) for b in mapping.values()], body), L.kind, L.axis)


def fuse_item_loops(k: Kernel) -> Kernel:
    addressed = {n.buffer.name for n in walk(k.body) if isinstance(n, Address)}
    local = {n.buffer.name: n.buffer for n in walk(k.body)
             if isinstance(n, Alloc) and n.buffer.scope == "local" and n.buffer.const_shape() is not None
             and n.buffer.name not in addressed}
    if not local:
        return k
    names = Names(all_names(k))
    fuse = _Fuse(local, names)
    body = fuse.visit(k.body)
    if not fuse.fused:
        return k
    everywhere: dict[str, int] = {}
    for n in walk(body):
        if isinstance(n, (Load, Store)) and n.buffer.name in local:
            everywhere[n.buffer.name] = everywhere.get(n.buffer.name, 0) + 1
    private = _Privatize(local, everywhere, names)
    body = private.visit(body)

    class DropAllocs(Mutator):      # the arrays that became per-iteration scalars
        def visit_Block(self, b: Block):
            b = self.generic_visit(b)
            return Block(tuple(s for s in b.stmts if not (isinstance(s, Alloc) and s.buffer.name in private.done)))
    return k.with_body(DropAllocs().visit(body))
