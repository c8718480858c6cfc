"""recover_loops(kernel, hierarchy, names): an SPMD kernel (the program of one worker, see `spmd.py`)
as a sequential loop program in which every worker runs exactly as the SPMD semantics says.

The workers form levels, outermost first: the grid (blocks / clusters), then the block — threads /
cores, or, when the body has warp barriers and the hierarchy has warps, warps × lanes (linear thread
``t = tx + Bx * (ty + By * tz)``, warp ``t / warp_size``, lane ``t % warp_size``; a partial last
warp is guarded with ``t < T``). A barrier synchronises the workers of one level (grid barrier: the
grid, block / cluster barrier: the block, warp barrier: the lanes) with the enclosing levels fixed.

Algorithm (loop fission, as MCUDA / COX do), ``wrap(stmts, k)`` for the levels k.. of the workers:

* no barrier in `stmts`: the loops of every level k.. around them (``parallel`` on their hardware
  axes; block storage — ``shared`` / ``sram`` — sits between the grid and the block loops);
* barriers of deeper levels only: the loops of level k around ``wrap(stmts, k + 1)``;
* barriers of level k: the statement list is split at them (the barriers disappear) into segments,
  each ``wrap(segment, k)``; a compound statement (``Loop``, ``While``, ``If``) that contains a
  level-k barrier stays outside the loops with its body recursively split, which needs control
  uniform across the workers of level k.. (`uniformity.py`); else `LoopRecoveryError`.

Values that live across a split (used in another part than the one that defines them):

* a ``Let`` is hoisted out of the loops when it is uniform and pure (no memory read) — a uniform
  one that reads memory too when nothing before it in its segment touched memory; a pure one is
  recomputed under a fresh name in each nest that uses it; any other is promoted to a per-worker
  array (``v[t] = ...``, uses ``v[t]``);
* a per-worker ``Alloc`` (local / nram / wram) gets leading dimensions indexed by the worker
  (``acc[T]``, ``acc[t]``; one flat dimension when an intrinsic addresses it), a ``shared`` /
  ``sram`` one across a grid split one per block; one declared early but used in one later
  segment only moves there instead.

Control that sits outside the loops reads such storage for a representative worker (index 0, or
lane 0 of the warp): it is uniform, so every worker has the same value. Without barriers nothing is
promoted: the result is ``for blocks: for threads: body``.
"""
from __future__ import annotations

import dataclasses
import math

from ..errors import XpilerError
from ..ir.buffer import Buffer
from ..ir import dtypes as dt
from ..ir.evaluate import NotConstant, evaluate
from ..ir.expr import Address, Binary, Const, Expr, Load, Var, cast, lt
from ..ir.kernel import Kernel
from ..ir.names import Names
from ..ir.printer_ir import print_ir
from ..ir.semantics import Undefined
from ..ir.stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..ir.validate import validate
from ..ir.visitor import Mutator, substitute, walk
from .spmd import INDEX_VARS, Hierarchy
from .uniformity import BLOCK_SCOPES, PER_WORKER_SCOPES, Uniformity


class LoopRecoveryError(XpilerError, ValueError):
    """The SPMD program has no loop form: a barrier under control flow that differs between the
    workers it synchronises, or a warp barrier without warps."""


_NONE = 1 << 30                      # "no barrier" level
_BARRIER_LEVEL = {"grid": 0, "block": 1, "cluster": 1, "warp": 2}
_LOOP_NAMES = {"blockIdx.x": "bx", "blockIdx.y": "by", "blockIdx.z": "bz", "threadIdx.x": "tx",
               "threadIdx.y": "ty", "threadIdx.z": "tz", "clusterId": "cluster", "coreId": "core"}
# linear worker indices of promoted storage, substituted in every nest (never in the output)
_P_BLOCK = Var("xp_block", "int32")
_P_THREAD = Var("xp_thread", "int32")
_P_LANE = Var("xp_lane", "int32")
_WARP_KEY = "xp_warp"


def recover_loops(kernel: Kernel, hierarchy: Hierarchy, names: Names) -> Kernel:
    """The loop program of SPMD `kernel` for the workers of `hierarchy` (fresh names from `names`)."""
    return _Recovery(kernel, hierarchy, names).run()


def _index_var(axis: str) -> str:
    return INDEX_VARS.get(axis, axis.replace(".", "_"))


def _flat(s: Stmt | None) -> list[Stmt]:
    if s is None:
        return []
    if isinstance(s, Block):
        return [x for y in s.stmts for x in _flat(y)]
    return [s]


def _var_names(node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, Var)}


def _refs(node) -> set[str]:
    """Variable and buffer names that `node` mentions."""
    out = set()
    for n in walk(node):
        if isinstance(n, Var):
            out.add(n.name)
        elif isinstance(n, Buffer):
            out.add(n.name)
        elif isinstance(n, IntrinsicCall):
            out.update(n.reads)
            out.update(n.writes)
    return out


def _free(stmts: list[Stmt]) -> set[str]:
    """Variables used in `stmts` outside the scope of their declaration there."""
    out: set[str] = set()

    def expr(e, bound):
        for n in walk(e):
            if isinstance(n, Var) and n.name not in bound:
                out.add(n.name)

    def seq(ss, bound):
        bound = set(bound)
        for s in ss:
            one(s, bound)

    def one(s, bound):
        if isinstance(s, Block):
            seq(s.stmts, bound)
        elif isinstance(s, Let):
            expr(s.value, bound)
            bound.add(s.var.name)
        elif isinstance(s, Loop):
            expr(s.extent, bound)
            seq([s.body], bound | {s.var.name})
        elif isinstance(s, While):
            expr(s.cond, bound)
            seq([s.body], bound)
        elif isinstance(s, If):
            expr(s.cond, bound)
            seq([s.then], bound)
            if s.otherwise is not None:
                seq([s.otherwise], bound)
        elif isinstance(s, Store):
            for e in (*s.indices, s.value):
                expr(e, bound)
        elif isinstance(s, Alloc):
            for e in s.buffer.shape:
                expr(e, bound)
        elif isinstance(s, IntrinsicCall):
            for e in s.args:
                expr(e, bound)

    seq(stmts, set())
    return out


def _extent(ext) -> Expr:
    """A worker loop's extent: a constant, or a run-time grid extent (int64 expression)."""
    return Const(ext, "int32") if isinstance(ext, int) else cast("int32", ext)


def _linear(coords) -> Expr:
    """Row-major linear index of (var or None for extent 1, extent) pairs, outermost first."""
    acc = None
    for v, e in coords:
        if acc is not None and not (isinstance(e, int) and e == 1):
            acc = acc * _extent(e)
        if v is not None:
            acc = v if acc is None else acc + v
    return acc if acc is not None else Const(0, "int32")


class _Promote(Mutator):
    """Per-worker storage gets leading worker indices: buffers `bufs` (name -> new buffer, leading
    indices) and lets `lets` (name -> buffer, indices) whose definitions become stores."""

    def __init__(self, bufs: dict, lets: dict):
        self.bufs, self.lets = bufs, lets

    def visit_Var(self, v):
        hit = self.lets.get(v.name)
        return Load(hit[0], hit[1]) if hit else v

    def visit_Let(self, s):
        value = self.visit(s.value)
        hit = self.lets.get(s.var.name)
        if hit:
            return Store(hit[0], hit[1], value)
        return s if value is s.value else dataclasses.replace(s, value=value)

    def visit_Loop(self, s):
        extent, body = self.visit(s.extent), self.visit(s.body)
        return s if extent is s.extent and body is s.body else dataclasses.replace(s, extent=extent, body=body)

    def _access(self, node, cls, **extra):
        idx = tuple(self.visit(i) for i in node.indices)
        hit = self.bufs.get(node.buffer.name)
        if hit:
            buf, lead, full = hit
            idx = lead + idx
            if full is not None:            # flattened: row-major linear index
                lin = idx[0]
                for d, i in zip(full[1:], idx[1:]):
                    lin = lin * d + i
                idx = (lin,)
            return cls(buf, idx, **extra)
        changed = any(a is not b for a, b in zip(idx, node.indices))
        if changed or any(v is not getattr(node, k) for k, v in extra.items()):
            return cls(node.buffer, idx, **extra)
        return node

    def visit_Load(self, e):
        return self._access(e, Load)

    def visit_Address(self, e):
        return self._access(e, Address)

    def visit_Store(self, s):
        return self._access(s, Store, value=self.visit(s.value))

    def visit_Alloc(self, s):
        hit = self.bufs.get(s.buffer.name)
        return Alloc(hit[0]) if hit else s


class _Fold(Mutator):
    """Constant folding (C semantics) and integer identities (``x + 0``, ``x * 1``): substituting a
    representative worker's indices or extent-1 axes leaves such constants."""

    def _fold(self, e):
        e = self.generic_visit(e)
        kids = [getattr(e, f.name) for f in dataclasses.fields(e)]
        if all(isinstance(x, Const) for x in kids if isinstance(x, Expr)):
            try:
                return Const(evaluate(e), e.dtype)
            except (NotConstant, Undefined, ArithmeticError, ValueError):
                return e
        if isinstance(e, Binary) and dt.is_int(e.dtype) and e.a.dtype == e.b.dtype:
            za, zb = (isinstance(x, Const) and x.value == 0 for x in (e.a, e.b))
            oa, ob = (isinstance(x, Const) and x.value == 1 for x in (e.a, e.b))
            if (e.op == "+" and zb) or (e.op == "-" and zb) or (e.op in ("*", "/") and ob):
                return e.a
            if (e.op == "+" and za) or (e.op == "*" and oa):
                return e.b
            if (e.op == "*" and (za or zb)) or (e.op == "%" and ob):
                return Const(0, e.dtype)
        return e

    visit_Binary = visit_Compare = visit_Unary = visit_Cast = _fold


class _Recovery:
    def __init__(self, kernel: Kernel, h: Hierarchy, names: Names):
        self.kernel, self.h, self.names = kernel, h, names
        body = kernel.body
        index_names = set(INDEX_VARS.values()) | {_index_var(a) for lvl in (h.grid, h.block) for a, _, _ in lvl.axes}
        for p in kernel.params:
            names.reserve(p.name)
        self.lets: dict[str, Let] = {}
        self.order: dict[str, int] = {}
        has_warp_barrier = False
        for n in walk(body):
            if isinstance(n, Let):
                self.lets[n.var.name] = n
                self.order[n.var.name] = len(self.order)
                names.reserve(n.var.name)
            elif isinstance(n, Loop):
                names.reserve(n.var.name)
            elif isinstance(n, Alloc):
                names.reserve(n.buffer.name)
            elif isinstance(n, Var) and n.name not in index_names:
                names.reserve(n.name)
            elif isinstance(n, Barrier) and n.scope == "warp":
                has_warp_barrier = True
        if has_warp_barrier and h.warp_size <= 0:
            raise LoopRecoveryError(f"kernel {kernel.name}: warp barrier in a hierarchy without warps")
        self.warp = has_warp_barrier
        self.ws = h.warp_size
        self.G, self.T = h.grid.size, h.block.size
        self.nw = -(-self.T // self.ws) if self.warp else 0
        self.n = 3 if self.warp else 2              # levels: grid, block | grid, warp, lane
        self.uni = Uniformity(body, [_index_var(a) for a, _, _ in h.grid.axes],
                              [(_index_var(a), e) for a, e, _ in h.block.axes], self.ws if self.warp else 0)
        self.addressed = {n.buffer.name for n in walk(body) if isinstance(n, Address)}
        self.addressed |= {b for n in walk(body) if isinstance(n, IntrinsicCall) for b in (*n.reads, *n.writes)}
        self.remat: dict[str, Let] = {}               # pure lets recomputed where they are used
        self._pure: dict[str, bool] = {}
        self._min: dict[int, tuple] = {}

    # ------------------------------------------------------------------ driver
    def run(self) -> Kernel:
        env = {}
        for axis, _, dtype in (*self.h.grid.axes, *self.h.block.axes):
            env[_index_var(axis)] = Const(0, dtype)
        for p in (_P_BLOCK, _P_THREAD, _P_LANE):
            env[p.name] = Const(0, "int32")
        env[_WARP_KEY] = Const(0, "int32")
        out = self.wrap(_flat(self.kernel.body), 0, env)
        lets, out = self.materialize(out, env)
        k = Kernel(self.kernel.name, self.kernel.params, block(lets + out), self.kernel.attrs)
        return validate(k)

    def barrier_level(self, scope: str) -> int:
        return _BARRIER_LEVEL[scope]

    def min_level(self, s: Stmt) -> int:
        """Shallowest level of a barrier in `s`."""
        hit = self._min.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1]
        if isinstance(s, Barrier):
            r = self.barrier_level(s.scope)
        elif isinstance(s, Block):
            r = min((self.min_level(x) for x in s.stmts), default=_NONE)
        elif isinstance(s, (Loop, While)):
            r = self.min_level(s.body)
        elif isinstance(s, If):
            r = min(self.min_level(s.then), self.min_level(s.otherwise) if s.otherwise is not None else _NONE)
        else:
            r = _NONE
        self._min[id(s)] = (s, r)
        return r

    def owner(self, scope: str) -> int:
        """The level whose workers each own a copy of storage of `scope` (-1: one for all)."""
        if scope in PER_WORKER_SCOPES:
            return self.n - 1
        return 0 if scope in BLOCK_SCOPES else -1

    def pure(self, name: str) -> bool:
        """A let computed without reading memory (from variables and pure lets)."""
        hit = self._pure.get(name)
        if hit is not None:
            return hit
        self._pure[name] = False
        ok = True
        for n in walk(self.lets[name].value):
            if isinstance(n, (Load, Address)) or \
                    (isinstance(n, Var) and n.name in self.lets and not self.pure(n.name)):
                ok = False
                break
        self._pure[name] = ok
        return ok

    @staticmethod
    def conc(node, env: dict):
        """`node` with the abstract indices (index variables, promoted storage's worker indices)
        of the current position."""
        return _Fold().visit(substitute(node, env))

    # ------------------------------------------------------------------ recursion
    def wrap(self, stmts: list[Stmt], k: int, env: dict) -> list[Stmt]:
        """`stmts` run by every worker of levels k.. (levels < k fixed by the enclosing loops)."""
        if not stmts:
            return []
        if k >= self.n:
            return self.drop_dead_lets([self.conc(s, env) for s in stmts])
        m = min(self.min_level(s) for s in stmts)
        if m == _NONE:
            return self.enter(k, stmts, env, rest=True)
        if m > k:
            return self.enter(k, stmts, env, rest=False)
        assert m == k, "a barrier of an enclosing level inside a split region"
        return self.split(stmts, k, env)

    def enter(self, k: int, stmts: list[Stmt], env: dict, rest: bool) -> list[Stmt]:
        """The loops of level k (of every level k.. when `rest`) around `stmts`."""
        outer = [isinstance(s, Alloc) and self.owner(s.buffer.scope) < k for s in stmts]
        pulled = [self.conc(s, env) for s, o in zip(stmts, outer) if o]
        stmts = [s for s, o in zip(stmts, outer) if not o]
        if k == 0:
            loops, lets, guard, env2 = self.grid_level(env)
            nk = 1
        elif k == 1 and (rest or not self.warp):
            loops, lets, guard, env2 = self.thread_level(env)
            nk = self.n
        elif k == 1:
            loops, lets, guard, env2 = self.warp_level(env)
            nk = 2
        else:
            loops, lets, guard, env2 = self.lane_level(env)
            nk = 3
        if rest and nk < self.n:
            inner = self.enter(nk, stmts, env2, rest=True)
        else:
            inner = self.wrap(stmts, nk, env2)
        if not inner:                   # nothing but lets recomputed elsewhere
            for let in lets:
                self.names.taken.discard(let.var.name)
            for v, _, _ in loops:
                self.names.taken.discard(v.name)
            return pulled
        remat, inner = self.materialize(inner, env2)
        tail = remat + inner
        if guard is not None:
            tail = [If(guard, block(tail))]
        body = self.prune(lets, tail)
        if not loops:
            return pulled + body
        nest = block(body)
        for v, ext, axis in reversed(loops):
            nest = Loop(v, _extent(ext), nest, "parallel", axis)
        return pulled + [nest]

    def split(self, stmts: list[Stmt], k: int, env: dict) -> list[Stmt]:
        """Fission of `stmts` at the barriers of level k."""
        parts: list[list] = []
        cur: list[Stmt] = []
        for s in stmts:
            if isinstance(s, Barrier) and self.barrier_level(s.scope) == k:
                parts.append(["seg", cur])
                cur = []
            elif not isinstance(s, Barrier) and self.min_level(s) == k:
                parts.append(["seg", cur])
                parts.append(["ctl", s])
                cur = []
            else:
                cur.append(s)
        parts.append(["seg", cur])
        parts = [p for p in parts if p[0] == "ctl" or p[1]]
        refs = [_refs(p[1]) if p[0] == "ctl" else set().union(*(_refs(s) for s in p[1])) for p in parts]

        hoist: set[str] = set()
        moved: set[str] = set()
        bufs: dict[str, tuple] = {}
        lets: dict[str, tuple] = {}
        unhoisted: set[str] = set()      # lets that read memory and stay in the loops
        for i, (kind, seg) in enumerate(parts):
            if kind != "seg":
                continue
            elsewhere = set().union(*(r for j, r in enumerate(refs) if j != i))
            clean = True                 # nothing before in the segment touched memory
            for s in list(seg):
                if isinstance(s, Let):
                    name = s.var.name
                    uniform = self.uni.level(s.var) < k
                    if self.pure(name):
                        # pure lets it reads that stay inside the loops are recomputed for a
                        # representative worker (`emit`): this one has the same value for all
                        if uniform:
                            hoist.add(name)
                        else:
                            self.remat.setdefault(name, s)
                    elif uniform and clean and not (_var_names(s.value) & unhoisted):
                        hoist.add(name)  # read once, as every worker would at the segment's start
                    else:
                        unhoisted.add(name)
                        if name in elsewhere:
                            dims = self.promo_dims(k, self.n - 1)
                            buf = Buffer(name, s.var.dtype, tuple(Const(e) for e, _ in dims), "local")
                            lets[name] = (buf, tuple(p for _, p in dims))
                            self.uni.alias(name, self.uni.level(s.var))
                    continue
                if isinstance(s, Alloc):
                    b = s.buffer
                    o = self.owner(b.scope)
                    if o < k:
                        moved.add(b.name)
                        continue
                    users = [j for j, r in enumerate(refs) if j != i and b.name in r]
                    if len(users) == 1 and parts[users[0]][0] == "seg" and \
                            not any(b.name in _refs(x) for x in seg if x is not s):
                        # declared here (C89 style), used in one later segment only: move it there
                        del seg[next(n for n, x in enumerate(seg) if x is s)]
                        parts[users[0]][1].insert(0, s)
                        refs[i] = set().union(*(_refs(x) for x in seg))
                        continue
                    if b.name in elsewhere:
                        bufs[b.name] = self.promote_buffer(b, self.promo_dims(k, o))
                clean = False
        new_parts = parts
        if bufs or lets:
            mut = _Promote(bufs, lets)
            new_parts = [[kind, mut.visit(x) if kind == "ctl" else [mut.visit(s) for s in x]]
                         for kind, x in parts]

        out: list[Stmt] = []
        ren: dict[str, Expr] = {}        # pure lets recomputed here for a representative worker
        env = dict(env)                  # + hoisted lets, in scope for what follows

        def emit(s: Stmt) -> None:
            s = self.conc(s, env)
            out.extend(self.materialize_names(_free([s]) & self.remat.keys(), env, ren))
            out.append(substitute(s, ren))

        for (kind, old), (_, x) in zip(parts, new_parts):
            if kind == "ctl":
                out.extend(self.control(x, k, env, ren))
                continue
            keep = []
            for s0, s in zip(old, x):
                if isinstance(s0, Let) and s0.var.name in hoist:
                    emit(s)
                    env[s0.var.name] = s0.var
                elif isinstance(s0, Let) and s0.var.name in lets:
                    emit(Alloc(lets[s0.var.name][0]))
                    keep.append(s)
                elif isinstance(s0, Alloc) and (s0.buffer.name in moved or s0.buffer.name in bufs):
                    emit(s)
                else:
                    keep.append(s)
            out.extend(self.wrap(keep, k, env))
        return out

    def control(self, s: Stmt, k: int, env: dict, ren: dict) -> list[Stmt]:
        """A compound statement that contains barriers of level k: control outside, body split."""
        if isinstance(s, Loop):
            what, e = "loop extent", s.extent
        elif isinstance(s, While):
            what, e = "loop condition", s.cond
        else:
            what, e = "condition", s.cond
        if self.uni.level(e) >= k:
            scopes = sorted({b.scope for b in walk(s) if isinstance(b, Barrier) and self.barrier_level(b.scope) == k})
            raise LoopRecoveryError(
                f"kernel {self.kernel.name}: barrier under thread-dependent control flow: "
                f"barrier({', '.join(scopes)}) under a {what} `{print_ir(e).strip()}` that may differ "
                f"between the {self.workers(k)} it synchronises")
        e = self.conc(e, env)
        pre = self.materialize_names(_var_names(e) & self.remat.keys(), env, ren)
        e = substitute(e, ren)

        def body(x):
            return block(self.wrap(_flat(x), k, env))
        if isinstance(s, Loop):
            kind = s.kind if s.kind in ("serial", "unrolled") else "serial"
            return pre + [Loop(s.var, e, body(s.body), kind)]
        if isinstance(s, While):
            return pre + [While(e, body(s.body))]
        return pre + [If(e, body(s.then), body(s.otherwise) if s.otherwise is not None else None)]

    def workers(self, k: int) -> str:
        bang = any(a == "coreId" for a, _, _ in self.h.block.axes)
        if k == 0:
            return "clusters of the grid" if bang else "blocks of the grid"
        if k == 2:
            return "lanes of a warp"
        return "cores of a cluster" if bang else "threads of a block"

    # ------------------------------------------------------------------ storage
    def promo_dims(self, k: int, o: int) -> list[tuple[int, Var]]:
        """(extent, worker index) of the leading dimensions of storage private to the workers of
        levels k..o."""
        dims = []
        if k <= 0 <= o and self.G is None:
            raise LoopRecoveryError(f"kernel {self.kernel.name}: storage private to each block across a grid "
                                    "barrier needs a constant grid")
        if k <= 0 <= o and self.G > 1:
            dims.append((self.G, _P_BLOCK))
        if k <= 1 <= o:
            if self.T > 1:
                dims.append((self.T, _P_THREAD))
        elif k == 2 and o >= 2 and self.ws > 1:
            dims.append((self.ws, _P_LANE))
        return dims

    def promote_buffer(self, b: Buffer, dims: list[tuple[int, Var]]) -> tuple:
        """(promoted buffer, leading worker indices, full dims if flattened): a buffer that an
        intrinsic addresses stays 1-D (the call convention's pointer arguments), ``[T * n]``."""
        lead = tuple(e for e, _ in dims)
        idx = tuple(p for _, p in dims)
        if b.name not in self.addressed or not dims:
            return Buffer(b.name, b.dtype, tuple(Const(e) for e in lead) + b.shape, b.scope), idx, None
        full = tuple(Const(e) for e in lead) + b.shape
        cs = b.const_shape()
        if cs is not None:
            size = Const(math.prod(lead) * math.prod(cs))
        else:
            size = full[0]
            for d in full[1:]:
                size = size * d
        return Buffer(b.name, b.dtype, (size,), b.scope), idx, full

    def materialize(self, stmts: list[Stmt], env: dict) -> tuple[list[Stmt], list[Stmt]]:
        """Lets recomputing the pure lets that `stmts` use outside their scope; `stmts` using them."""
        ren: dict[str, Expr] = {}
        lets = self.materialize_names(_free(stmts) & self.remat.keys(), env, ren)
        if ren:
            stmts = [substitute(s, ren) for s in stmts]
        return lets, stmts

    def materialize_names(self, wanted: set[str], env: dict, ren: dict) -> list[Let]:
        need: set[str] = set()
        stack = list(wanted)
        while stack:
            n = stack.pop()
            if n in need or n in ren or n in env:       # env: hoisted, in scope
                continue
            need.add(n)
            stack.extend(m for m in _var_names(self.remat[n].value) if m in self.remat)
        out = []
        for n in sorted(need, key=lambda x: self.order[x]):
            let = self.remat[n]
            v = Var(self.names.fresh(n), let.var.dtype)
            out.append(Let(v, substitute(self.conc(let.value, env), ren)))
            ren[n] = v
        return out

    def drop_dead_lets(self, stmts: list[Stmt]) -> list[Stmt]:
        """`stmts` without the recomputable lets that nothing after them reads (their uses are in
        other nests, which recompute them)."""
        used: set[str] = set()
        out = []
        for s in reversed(stmts):
            if isinstance(s, Let) and s.var.name in self.remat and s.var.name not in used:
                continue
            out.append(s)
            used |= _var_names(s)
        return out[::-1]

    def prune(self, lets: list[Let], tail: list[Stmt]) -> list[Stmt]:
        """`lets` that `tail` needs, then `tail` (names of the others are given back)."""
        used = set().union(*(_var_names(s) for s in tail)) if tail else set()
        kept = []
        for let in reversed(lets):
            if let.var.name in used:
                kept.append(let)
                used |= _var_names(let.value)
            else:
                self.names.taken.discard(let.var.name)
        return kept[::-1] + tail

    # ------------------------------------------------------------------ levels
    def axes_level(self, level, env: dict) -> tuple[list, list[Let], dict, Expr]:
        loops, lets, env2, coords = [], [], dict(env), []
        for axis, ext, dtype in level.axes:
            spmd = _index_var(axis)
            if isinstance(ext, int) and ext == 1:
                env2[spmd] = Const(0, dtype)
                coords.append((None, 1))
                continue
            v = Var(self.names.fresh(_LOOP_NAMES.get(axis, "i")), "int32")
            loops.append((v, ext, axis))
            iv = Var(self.names.fresh(spmd), dtype)
            lets.append(Let(iv, cast(dtype, v)))
            env2[spmd] = iv
            coords.append((v, ext))
        return loops, lets, env2, _linear(coords)

    def bind(self, lets: list[Let], env2: dict, key: str, value: Expr, hint: str) -> None:
        if isinstance(value, (Var, Const)):
            env2[key] = value
        else:
            v = Var(self.names.fresh(hint), value.dtype)
            lets.append(Let(v, value))
            env2[key] = v

    def grid_level(self, env):
        loops, lets, env2, lin = self.axes_level(self.h.grid, env)
        self.bind(lets, env2, _P_BLOCK.name, lin, "blk")
        return loops, lets, None, env2

    def thread_level(self, env):
        loops, lets, env2, lin = self.axes_level(self.h.block, env)
        self.bind(lets, env2, _P_THREAD.name, lin, "t")
        return loops, lets, None, env2

    def thread_indices(self, t: Expr) -> dict[str, Expr]:
        """threadIdx values of the linear thread `t`."""
        axes = list(self.h.block.axes)
        out, rem = {}, t
        for i in range(len(axes) - 1, -1, -1):
            axis, ext, dtype = axes[i]
            if ext == 1:
                out[_index_var(axis)] = Const(0, dtype)
                continue
            if any(e > 1 for _, e, _ in axes[:i]):
                val, rem = rem % ext, rem / ext
            else:
                val = rem
            out[_index_var(axis)] = cast(dtype, val)
        return out

    def warp_level(self, env):
        env2 = dict(env)
        loops = []
        if self.nw > 1:
            w = Var(self.names.fresh("w"), "int32")
            loops.append((w, self.nw, None))
            t0 = w * self.ws
        else:
            w = t0 = Const(0, "int32")
        env2[_WARP_KEY] = w
        env2[_P_THREAD.name] = t0
        env2[_P_LANE.name] = Const(0, "int32")
        env2.update(self.thread_indices(t0))        # lane 0 represents the warp
        return loops, [], None, env2

    def lane_level(self, env):
        env2 = dict(env)
        w = env[_WARP_KEY]
        lane = Var(self.names.fresh("lane"), "int32")
        loops = [(lane, self.ws, None)]
        lets: list[Let] = []
        t = lane if isinstance(w, Const) and w.value == 0 else w * self.ws + lane
        self.bind(lets, env2, _P_THREAD.name, t, "t")
        t = env2[_P_THREAD.name]
        env2[_P_LANE.name] = lane
        for name, value in self.thread_indices(t).items():
            self.bind(lets, env2, name, value, name)
        guard = lt(t, self.T) if self.nw * self.ws > self.T else None
        return loops, lets, guard, env2
