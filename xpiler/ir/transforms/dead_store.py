"""eliminate_dead_stores(kernel): remove computation whose result nobody can observe.

- buffers allocated in the kernel that are never read (no load, address or intrinsic read):
  their stores and the allocation go;
- a store overwritten by a later store to the same element in the same block, with nothing in
  between that may read the buffer (or synchronise: barrier, intrinsic call), goes; the element
  must be named by load-free index expressions (variables are immutable, so equal expressions mean
  equal elements);
- lets nobody uses go.
Stores to parameters are observable and are only removed when overwritten.

drop_self_feeding_buffers(kernel) goes one step further for local buffers whose only readers are
their own stores (`acc = acc + x` that nothing reads afterwards): they and their stores go.
"""
from __future__ import annotations

from ..expr import Address, Load, Var
from ..kernel import Kernel
from ..stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store
from ..visitor import Mutator, children, walk
from .util import buffers_read


def _load_free(exprs) -> bool:
    return not any(isinstance(n, (Load, Address)) for e in exprs for n in walk(e))


def _may_read(s: Stmt, buf: str) -> bool:
    if buf in buffers_read(s):
        return True
    return any(isinstance(n, (Barrier, IntrinsicCall)) for n in walk(s))


class _DropUnread(Mutator):
    def __init__(self, dead: set[str]):
        self.dead = dead

    def visit_Block(self, b: Block):
        stmts = []
        for s in b.stmts:
            if isinstance(s, Store) and s.buffer.name in self.dead:
                continue
            if isinstance(s, Alloc) and s.buffer.name in self.dead:
                continue
            stmts.append(self.visit(s))
        return Block(tuple(stmts))

    def visit_Store(self, s: Store):
        return Block(()) if s.buffer.name in self.dead else s


class _Overwritten(Mutator):
    def visit_Block(self, b: Block):
        b = self.generic_visit(b)
        stmts = list(b.stmts)
        keep = [True] * len(stmts)
        for i, s in enumerate(stmts):
            if not isinstance(s, Store) or not _load_free(s.indices):
                continue
            for later in stmts[i + 1:]:
                if isinstance(later, Store) and later.buffer.name == s.buffer.name and later.indices == s.indices:
                    if s.buffer.name not in buffers_read(later):
                        keep[i] = False
                    break
                if _may_read(later, s.buffer.name):
                    break
                if isinstance(later, Store) and later.buffer.name == s.buffer.name:
                    continue        # another element (or maybe this one): keep looking
        return Block(tuple(s for s, k in zip(stmts, keep) if k)) if not all(keep) else b


class _UnusedLets(Mutator):
    def __init__(self, used: set[str]):
        self.used = used

    def visit_Block(self, b: Block):
        b = self.generic_visit(b)
        stmts = tuple(s for s in b.stmts if not (isinstance(s, Let) and s.var.name not in self.used))
        return b if len(stmts) == len(b.stmts) else Block(stmts)


def _uses(node, out: set[str]) -> set[str]:
    """Names of variables used (not declared) below `node`."""
    if isinstance(node, Var):
        out.add(node.name)
    elif isinstance(node, Let):
        _uses(node.value, out)
    elif isinstance(node, Loop):
        _uses(node.extent, out)
        _uses(node.body, out)
    else:
        from ..visitor import children
        for c in children(node):
            _uses(c, out)
    return out


class _Prune(Mutator):
    """Drop loops and ifs left without statements."""

    def visit_Block(self, b: Block):
        b = self.generic_visit(b)
        stmts = tuple(s for s in b.stmts if not _empty(s))
        return b if len(stmts) == len(b.stmts) else Block(stmts)


def _empty(s: Stmt) -> bool:
    if isinstance(s, Block):
        return all(_empty(x) for x in s.stmts)
    if isinstance(s, Loop):
        return _empty(s.body)
    if isinstance(s, If):
        return _empty(s.then) and (s.otherwise is None or _empty(s.otherwise))
    return False


def eliminate_dead_stores(k: Kernel) -> Kernel:
    body = k.body if isinstance(k.body, Block) else Block((k.body,))
    start = body
    while True:
        allocated = {n.buffer.name for n in walk(body) if isinstance(n, Alloc)}
        dead = allocated - buffers_read(body)
        new = _DropUnread(dead).visit(body) if dead else body
        new = _Overwritten().visit(new)
        new = _UnusedLets(_uses(new, set())).visit(new)
        new = _Prune().visit(new)
        if new == body:
            break
        body = new
    return k if body == start else k.with_body(body)


def _reads_except_own(node, out: set[str]) -> None:
    """Buffers `node` reads, leaving out a store's loads of the buffer it stores to."""
    if isinstance(node, Store):
        for e in node.indices:
            out |= {m.buffer.name for m in walk(e) if isinstance(m, (Load, Address))}
        out |= {m.buffer.name for m in walk(node.value) if isinstance(m, (Load, Address)) and
                m.buffer.name != node.buffer.name}
        return
    if isinstance(node, IntrinsicCall):
        out |= set(node.reads)
    if isinstance(node, (Load, Address)):
        out.add(node.buffer.name)
    for x in children(node):
        _reads_except_own(x, out)


def drop_self_feeding_buffers(k: Kernel) -> Kernel:
    """Local buffers read only by their own stores (an accumulator or a mask nobody reads any
    more) go, with loops left empty."""
    allocs = {n.buffer.name for n in walk(k.body) if isinstance(n, Alloc) and n.buffer.scope == "local"}
    reads: set[str] = set()
    _reads_except_own(k.body, reads)
    dead = allocs - reads
    if not dead:
        return k

    empty = lambda s: isinstance(s, Block) and not s.stmts

    class Drop(Mutator):
        def visit_Store(self, st: Store):
            return Block(()) if st.buffer.name in dead else st

        def visit_Alloc(self, a: Alloc):
            return Block(()) if a.buffer.name in dead else a

        def visit_Loop(self, L: Loop):
            L = self.generic_visit(L)
            return Block(()) if empty(L.body) else L

        def visit_Block(self, b: Block):
            b = self.generic_visit(b)
            return Block(tuple(s for s in b.stmts if not empty(s)))
    return eliminate_dead_stores(k.with_body(Drop().visit(k.body)))
