"""forward_vector_constants(kernel): vector-register idioms of SIMD sources back to scalar meaning.

Lifted AVX-512 code keeps two idioms that hide an element-wise map from later passes:

- splat registers: ``for f in 0..16: zero[f] = 0.0f`` (``_mm512_set1_ps``), read as ``zero[lane]``.
  A local array whose every store writes the same constant, and which holds it everywhere before
  it is first read (the constant is 0, the initial value, or a top-level loop over the whole
  array stores it first), is that constant: its loads become the constant and the array goes.
- mask bits: ``m = 0; for lane in 0..L: m |= cond(lane) ? 1 << lane : 0`` (a compare into a
  ``__mmask16``), tested as ``((m >> l) & 1) != 0``. A test with l a loop index below L becomes
  ``cond(l)`` when the buffers cond reads are not written between the two (the mask stays for
  other uses; dead-store elimination drops it when nothing else reads it). A test of a constant
  mask 2^p - 1 is ``l < p``.
"""
from __future__ import annotations


from ..buffer import Buffer
from ..expr import Address, Binary, Cast, Compare, Const, Expr, Load, Select, Var
from ..evaluate import NotConstant, evaluate
from ..kernel import Kernel

from ..stmt import Alloc, Block, IntrinsicCall, Let, Loop, Stmt, Store
from ..visitor import Mutator, substitute, walk
from .dead_store import drop_self_feeding_buffers, eliminate_dead_stores
from .util import buffers_written, inline_lets, let_values


def _strip(e: Expr) -> Expr:
    while isinstance(e, Cast):
        e = e.value
    return e


def _const(e: Expr):
    e = _strip(e)
    return e.value if isinstance(e, Const) else None


def _root_var(e: Expr, lets: dict) -> str | None:
    """The variable an index expression is, through lets and integer casts."""
    e = _strip(e)
    seen = 0
    while isinstance(e, Var) and e.name in lets and seen < 16:
        e = _strip(lets[e.name])
        seen += 1
    return e.name if isinstance(e, Var) else None


# ------------------------------------------------------------------------------------------ splats

def _splat_value(k_body: Stmt, b: Buffer, lets: dict):
    """The constant `b` holds wherever it is read, or None."""
    stores = [n for n in walk(k_body) if isinstance(n, Store) and n.buffer.name == b.name]
    values = {(_const(s.value), s.value.dtype) for s in stores}
    if len(values) != 1:
        return None if stores else Const(0, b.dtype)
    (value, _), = values
    if value is None:
        return None
    if value == 0:
        return Const(0, b.dtype)
    size = b.const_shape()
    n = 1
    for d in size:
        n *= d
    # a top-level loop of the allocating block writes the whole array before any read
    for blk in walk(k_body):
        if not isinstance(blk, Block) or not any(isinstance(s, Alloc) and s.buffer.name == b.name for s in blk.stmts):
            continue
        start = next(i for i, s in enumerate(blk.stmts) if isinstance(s, Alloc) and s.buffer.name == b.name)
        for s in blk.stmts[start + 1:]:
            if isinstance(s, Loop) and _const(s.extent) == n and b.ndim == 1:
                inner = [x for x in (s.body.stmts if isinstance(s.body, Block) else (s.body,)) if not isinstance(x, Let)]
                if any(isinstance(x, Store) and x.buffer.name == b.name and
                       _root_var(x.indices[0], {**lets, **let_values(s.body)}) == s.var.name for x in inner):
                    return Const(value, b.dtype)
            if any(isinstance(x, Load) and x.buffer.name == b.name for x in walk(s)):
                return None
    return None


def _forward_splats(k: Kernel) -> Kernel:
    for _ in range(8):
        addressed = {n.buffer.name for n in walk(k.body) if isinstance(n, Address)} | \
            {r for n in walk(k.body) if isinstance(n, IntrinsicCall) for r in (*n.reads, *n.writes)}
        lets = let_values(k.body)
        splats = {}
        for n in walk(k.body):
            if isinstance(n, Alloc) and n.buffer.scope == "local" and n.buffer.const_shape() is not None and \
                    n.buffer.name not in addressed and \
                    any(isinstance(m, Load) and m.buffer.name == n.buffer.name for m in walk(k.body)):
                v = _splat_value(k.body, n.buffer, lets)
                if v is not None:
                    splats[n.buffer.name] = v
        if not splats:
            return k

        class Forward(Mutator):
            def visit_Load(self, e: Load):
                return splats[e.buffer.name] if e.buffer.name in splats else self.generic_visit(e)
        k = eliminate_dead_stores(k.with_body(Forward().visit(k.body)))
    return k


# ------------------------------------------------------------------------------------------ mask bits

def _mask_def(loop: Loop, lets: dict):
    """(mask buffer, lane var, cond, L) for ``for lane < L: m[0] = m[0] | (cond ? 1 << lane : 0)``."""
    body = loop.body.stmts if isinstance(loop.body, Block) else (loop.body,)
    if len(body) != 1 or not isinstance(body[0], Store) or _const(loop.extent) is None:
        return None
    st = body[0]
    if st.buffer.const_shape() not in ((1,),) or _const(st.indices[0]) != 0:
        return None
    v = _strip(st.value)
    if not (isinstance(v, Binary) and v.op == "|"):
        return None
    for acc, bit in ((v.a, v.b), (v.b, v.a)):
        acc, bit = _strip(acc), _strip(bit)
        if isinstance(acc, Load) and acc.buffer.name == st.buffer.name and isinstance(bit, Select) and \
                _const(bit.otherwise) == 0:
            sh = _strip(bit.then)
            if isinstance(sh, Binary) and sh.op == "<<" and _const(sh.a) == 1 and \
                    _root_var(sh.b, lets) == loop.var.name:
                return st.buffer, loop.var, bit.cond, _const(loop.extent)
    return None


def _bit_test(e: Expr):
    """(mask expression, lane expression) of ``((m >> l) & 1) != 0``."""
    if not (isinstance(e, Compare) and e.op == "!=" and _const(e.b) == 0):
        return None
    a = _strip(e.a)
    if not (isinstance(a, Binary) and a.op == "&" and _const(a.b) == 1):
        return None
    sh = _strip(a.a)
    if not (isinstance(sh, Binary) and sh.op == ">>"):
        return None
    return _strip(sh.a), sh.b


class _ForwardBits(Mutator):
    def __init__(self, lets: dict):
        self.lets = lets
        self.extents: dict[str, int] = {}     # enclosing loop variables with constant extents
        self.masks: dict[str, tuple] = {}     # let name of a mask value -> (var, cond, L, reads)
        self.changed = False

    def visit_Loop(self, L: Loop):
        c = _const(L.extent)
        if c is not None:
            self.extents[L.var.name] = c
        out = self.generic_visit(L)
        self.extents.pop(L.var.name, None)
        return out

    def visit_Block(self, b: Block):
        out = []
        live = []           # masks defined in this block, still forwardable
        pending = None      # a mask-building loop just seen: (buffer, var, cond, L, reads)
        for s in b.stmts:
            # a write to a buffer a pending condition reads ends that forwarding
            wrote = buffers_written(s)
            for name in list(live):
                if self.masks[name][3] & wrote:
                    self.masks.pop(name)
                    live.remove(name)
            s = self.visit(s)
            out.append(s)
            if isinstance(s, Let) and pending is not None:
                val = _strip(s.value)
                if isinstance(val, Load) and val.buffer.name == pending[0]:
                    self.masks[s.var.name] = pending[1:]
                    live.append(s.var.name)
            pending = None
            if isinstance(s, Loop):
                d = _mask_def(s, self.lets)
                if d is not None:
                    buf, var, cond, L = d
                    pending = (buf.name, var, cond, L, {n.buffer.name for n in walk(cond) if isinstance(n, Load)})
        for name in live:
            self.masks.pop(name, None)
        return Block(tuple(out))

    def visit_Compare(self, e: Compare):
        t = _bit_test(e)
        if t is not None:
            mask, lane = t
            lv = _root_var(lane, self.lets)
            ext = self.extents.get(lv) if lv is not None else None
            c = _const(mask)
            if c is None and isinstance(mask, Var) and mask.name in self.lets:
                try:                      # a mask held in a let chain of constants
                    c = evaluate(inline_lets(mask, self.lets))
                except (NotConstant, ValueError, TypeError):
                    c = None
            if isinstance(mask, Var) and mask.name in self.masks and ext is not None:
                var, cond, L, _ = self.masks[mask.name]
                if ext <= L:
                    self.changed = True
                    return substitute(cond, {var.name: Cast(var.dtype, lane) if lane.dtype != var.dtype else lane})
            if c is not None and ext is not None and c >= 0 and (c + 1) & c == 0:
                p = (c + 1).bit_length() - 1
                self.changed = True
                if ext <= p:
                    return Const(1, "bool")
                return Compare("<", lane, Const(p, lane.dtype))
        return self.generic_visit(e)


def forward_vector_constants(k: Kernel) -> Kernel:
    k = _forward_splats(k)
    fb = _ForwardBits(let_values(k.body))
    body = fb.visit(k.body)
    if not fb.changed:
        return k
    return _forward_splats(drop_self_feeding_buffers(eliminate_dead_stores(k.with_body(body))))
