"""raise_lane_sums(kernel): warp-shuffle reduction trees back to plain sums over the lanes.

Lifted GPU code reduces a warp's partial values with shuffles: per round, every lane publishes its
value to an exchange buffer and adds the value of lane l + s (or l ^ s), and after log2(W) rounds
lane 0 (or every lane) holds the total. The tree is correct but opaque to every later pass. This
pass finds the loads that read such a total and replaces each by an explicit sum

    acc = 0; for l in 0..W: acc += X0[index of lane l]

over the locations where the lanes first stored their partial values, then drops the rounds whose
results nobody reads any more.

How it knows: the block (a warp's statements: loops over the W lanes and the rounds between them)
is executed abstractly for a few values of the enclosing loop variables and parameters. Index
arithmetic is evaluated exactly; floating-point values are fingerprints in Z/p (p = 2^61 - 1):
addition and subtraction are modular, every other operation, input element and clobbered value is
a random atom. A load whose fingerprint equals the sum of the values one lane-loop store wrote
over all W lanes (and whose locations still hold them) reads that sum, up to the order of the
additions. Loops too long to execute (or intrinsics, while loops) clobber what they write; data the
index arithmetic needs but the execution does not know stops the analysis. The translation is
verified afterwards like any other, so the fingerprint argument only has to find the candidates.
"""
from __future__ import annotations

import random

from .. import semantics as sem
from ..buffer import Buffer
from ..dtypes import is_float
from ..expr import Binary, Call, Cast, Compare, Const, Expr, Load, Select, Unary, Var
from ..kernel import Kernel
from ..names import Names
from ..stmt import Alloc, Barrier, Block, If, IntrinsicCall, Let, Loop, Stmt, Store, While, block
from ..visitor import Mutator, children, substitute, walk
from .dead_store import drop_self_feeding_buffers, eliminate_dead_stores
from .util import all_names, buffers_read, buffers_written, inline_lets

P = (1 << 61) - 1
LANE_COUNTS = (16, 32, 64)
ITERATE_MAX = 64              # longer loops (and those under the step budget) are clobbered
STEP_BUDGET = 60_000          # statements per execution of one block
TOTAL_BUDGET = 120_000        # statements for the whole kernel (bounds the pass to about a second)


def _cost(s: Stmt) -> int:
    """Statements the abstract execution runs for `s` (loops longer than ITERATE_MAX count once)."""
    if isinstance(s, Block):
        return sum(_cost(x) for x in s.stmts) + 1
    if isinstance(s, Loop):
        n = s.extent.value if isinstance(s.extent, Const) else ITERATE_MAX
        return 1 if n > ITERATE_MAX else n * _cost(s.body) + 1
    if isinstance(s, If):
        return _cost(s.then) + (_cost(s.otherwise) if s.otherwise is not None else 0) + 1
    return 1


class _Stop(Exception):
    """The abstract execution cannot continue (unknown data in index arithmetic, budget)."""


def _linear(b: Buffer, idx: list[int]) -> int:
    shape = b.const_shape()
    if shape is None:
        if len(idx) != 1:
            raise _Stop()
        return idx[0]
    off = 0
    for d, i in zip(shape, idx):
        off = off * d + i
    return off


def _a_real_sum(values: list[int]) -> bool:
    """At least two lanes contribute (distinct nonzero fingerprints): a load equal to the sum of
    one lane's value and zeros proves nothing about a sum (the other lanes may just be idle in
    the sizes executed)."""
    return len({v for v in values if v}) >= 2


def is_lane_loop(s: Stmt) -> bool:
    return isinstance(s, Loop) and s.kind == "parallel" and isinstance(s.extent, Const) and \
        s.extent.value in LANE_COUNTS


class _LaneStore:
    """A store at the top of a lane loop's body, with its value and index as expressions of the
    lane variable and of variables bound outside its top-level statement (None where they are not)."""

    def __init__(self, ti: int, loop: Loop, store: Store, bound: set[str]):
        self.ti, self.loop, self.store = ti, loop, store
        lets = _lets_before(loop.body, store) or {}
        # variables and buffers declared inside the top-level statement are out of scope before or after it
        free_ok = lambda e: e is not None and not ({n.name for n in walk(e) if isinstance(n, Var)} &
                                                   (bound - {loop.var.name})) and \
            not any(isinstance(n, Load) and n.buffer.name in bound for n in walk(e))
        value = inline_lets(store.value, lets)
        index = tuple(inline_lets(i, lets) for i in store.indices)
        self.value = value if free_ok(value) else None
        self.index = index if store.buffer.name not in bound and \
            all(free_ok(i) and not any(isinstance(n, Load) for n in walk(i)) for i in index) else None


def _bound_names(s: Stmt) -> set[str]:
    """Variables and buffers a statement declares."""
    return {n.var.name for n in walk(s) if isinstance(n, (Let, Loop))} | \
        {n.buffer.name for n in walk(s) if isinstance(n, Alloc)}


class _Exec:
    """Abstract execution of one block for one assignment of the enclosing variables."""

    def __init__(self, top: list[Stmt], lane_stores: dict[int, _LaneStore], atoms: dict, rng: random.Random,
                 clobber_cache: dict | None = None):
        self.top = top
        self.lane_info = lane_stores          # id(store) -> _LaneStore
        self.atoms, self.rng = atoms, rng
        self.mem: dict[str, dict[int, tuple]] = {}      # buffer -> element -> (value, writer)
        self.clobbered: dict[str, tuple] = {}
        self.allocated: set[str] = set()
        self.steps = 0
        self.ti = -1                          # the top-level statement running
        self.lane = None
        self.ctx: tuple = ()
        # (store, lane-loop instance) -> {lane: (value, buffer, element, writer)}
        self.lane_stores: dict[tuple, dict] = {}
        self.completed: dict[tuple, tuple] = {}         # ("loc", store) -> (sum, [(buffer, element, writer)])
        self.presums: dict[tuple, int] = {}             # ("pre", store) -> sum of its value over the lanes
        self.loads: dict[tuple, set | None] = {}        # load key -> candidate sums (None: a mismatch)
        self.clobber_cache = {} if clobber_cache is None else clobber_cache   # id(stmt) -> what it touches
        self.executed: set[int] = set()                 # stores that ran
        self.reading: set = set()                       # stores whose values the expression being evaluated reads
        self.let_reads: dict[str, set] = {}
        self.edges: dict[int, set] = {}                 # store -> stores whose values it used
        self.roots: set = set()                         # stores whose values decide control flow
        self.observing = True
        self.exposed: set[str] = set()
        self.budget = STEP_BUDGET

    # ---------------------------------------------------------------- values
    def atom(self, key) -> int:
        v = self.atoms.get(key)
        if v is None:
            v = self.atoms[key] = self.rng.getrandbits(61) or 1
        return v

    def ev(self, e: Expr, env: dict):
        f = is_float(e.dtype)
        if isinstance(e, Const):
            if f:
                return 0 if float(e.value) == 0.0 else self.atom(("c", e.dtype, float(e.value)))
            return e.value
        if isinstance(e, Var):
            if e.name not in env:
                raise _Stop()
            self.reading |= self.let_reads.get(e.name, set())
            return env[e.name]
        if isinstance(e, Load):
            return self.load(e, env)
        if isinstance(e, Select):
            return self.ev(e.then if self.ev(e.cond, env) else e.otherwise, env)
        if isinstance(e, Cast):
            v = self.ev(e.value, env)
            if f and is_float(e.value.dtype):
                return v if e.dtype == e.value.dtype else self.atom(("cast", e.dtype, v))
            if f:
                return self.atom(("i2f", e.dtype, v))
            if is_float(e.value.dtype):
                raise _Stop()
            return sem.cast(v, e.value.dtype, e.dtype)
        if isinstance(e, Binary):
            if e.op in ("and", "or"):
                a = bool(self.ev(e.a, env))
                if (e.op == "and") != a:
                    return int(a)
                return int(bool(self.ev(e.b, env)))
            a, b = self.ev(e.a, env), self.ev(e.b, env)
            if f:
                if e.op == "+":
                    return (a + b) % P
                if e.op == "-":
                    return (a - b) % P
                return self.atom((e.op, e.dtype, a, b))
            return sem.binary(e.op, a, b, e.dtype, e.b.dtype)
        if isinstance(e, Compare):
            if is_float(e.a.dtype):
                raise _Stop()
            return sem.compare(e.op, self.ev(e.a, env), self.ev(e.b, env))
        if isinstance(e, Unary):
            a = self.ev(e.a, env)
            if f:
                return (-a) % P if e.op == "-" else self.atom((e.op, e.dtype, a))
            return sem.unary(e.op, a, e.dtype)
        if isinstance(e, Call):
            args = tuple(self.ev(x, env) for x in e.args)
            if f:
                return self.atom(("call", e.name, e.dtype, args))
            if any(is_float(x.dtype) for x in e.args):
                raise _Stop()
            return sem.math_call(e.name, list(args), e.dtype)
        raise _Stop()

    def load(self, e: Load, env: dict):
        b = e.buffer
        idx = _linear(b, [self.ev(i, env) for i in e.indices])
        cell = self.mem.get(b.name, {}).get(idx)
        if cell is not None:
            value, writer = cell
            self.reading.add(writer[0])
        elif b.name in self.clobbered:
            value = self.atom(("clobbered", b.name, idx, self.clobbered[b.name]))
            self.exposed.add(b.name)
        elif b.name in self.allocated:
            value = 0
        else:
            value = self.atom(("input", b.name, idx))
            self.exposed.add(b.name)
        if not is_float(b.dtype):
            if cell is None and b.name not in self.allocated:
                raise _Stop()
            return value
        if not self.observing:
            return value
        key = (self.ti, id(e))
        if value == 0:              # a zero matches any sum of zeros: no evidence either way
            return value
        cands = {c for c, (total, locs) in self.completed.items()
                 if total == value and all(self.mem.get(bn, {}).get(i, (None, None))[1] == w for bn, i, w in locs)}
        cands |= {c for c, total in self.presums.items() if total == value}
        old = self.loads.get(key, ())
        self.loads[key] = None if old is None or not cands else (cands if old == () else old & cands) or None
        return value

    # ---------------------------------------------------------------- statements
    def run(self, env: dict) -> None:
        for ti, s in enumerate(self.top):
            self.ti = ti
            self.presum(ti, env)
            self.stmt(s, env)

    def presum(self, ti: int, env: dict) -> None:
        """Before statement ti: the sum over the lanes of each of its lane stores' values."""
        self.observing = False
        for sid, ls in self.lane_info.items():
            if ls.ti != ti or ls.value is None:
                continue
            try:
                values = [self.ev(ls.value, {**env, ls.loop.var.name: lane}) for lane in range(ls.loop.extent.value)]
            except (_Stop, sem.Undefined, ZeroDivisionError, TypeError, OverflowError):
                continue
            if _a_real_sum(values):
                self.presums[("pre", sid)] = sum(values) % P
        self.observing = True

    def clobber(self, s: Stmt) -> None:
        rw = self.clobber_cache.get(id(s))
        if rw is None or rw[0] is not s:
            rw = self.clobber_cache[id(s)] = (s, buffers_read(s), buffers_written(s),
                                          {n.name for n in walk(s) if isinstance(n, Var)})
        # what an unexecuted statement reads (directly or through lets) is kept alive
        self.roots |= {w[0] for b in rw[1] for _v, w in self.mem.get(b, {}).values()}
        for name in rw[3]:
            self.roots |= self.let_reads.get(name, set())
        for name in rw[2]:
            self.mem.pop(name, None)
            self.clobbered[name] = (id(s), self.ctx)

    def stmt(self, s: Stmt, env: dict) -> None:
        self.steps += 1
        if self.steps > self.budget:
            raise _Stop()
        if isinstance(s, Block):
            for x in s.stmts:
                self.stmt(x, env)
        elif isinstance(s, Let):
            self.reading = set()
            env[s.var.name] = self.ev(s.value, env)
            self.let_reads[s.var.name] = self.reading
        elif isinstance(s, Store):
            b = s.buffer
            self.reading = set()
            idx = _linear(b, [self.ev(i, env) for i in s.indices])
            v = self.ev(s.value, env)
            self.edges.setdefault(id(s), set()).update(self.reading)
            writer = (id(s), self.ctx)
            self.executed.add(id(s))
            self.mem.setdefault(b.name, {})[idx] = (v, writer)
            if id(s) in self.lane_info and self.lane is not None:
                self.lane_stores.setdefault((id(s), self.lane[1]), {})[self.lane[0]] = (v, b.name, idx, writer)
        elif isinstance(s, Alloc):
            self.mem.pop(s.buffer.name, None)
            self.clobbered.pop(s.buffer.name, None)
            self.allocated.add(s.buffer.name)
        elif isinstance(s, If):
            self.reading = set()
            c = self.ev(s.cond, env)
            self.roots |= self.reading
            branch = s.then if c else s.otherwise
            if branch is not None:
                self.stmt(branch, env)
        elif isinstance(s, Loop):
            try:
                self.reading = set()
                n = self.ev(s.extent, env)
                self.roots |= self.reading
            except _Stop:
                n = None
            if n is None or n > ITERATE_MAX:
                self.clobber(s)
                return
            outer_ctx, outer_lane = self.ctx, self.lane
            lane = is_lane_loop(s)
            for i in range(max(n, 0)):
                env[s.var.name] = i
                self.ctx = outer_ctx + (i,)
                if lane:
                    self.lane = (i, outer_ctx)
                self.stmt(s.body, env)
            self.ctx, self.lane = outer_ctx, outer_lane
            if lane:
                for sid, ls in self.lane_info.items():
                    lanes = self.lane_stores.pop((sid, outer_ctx), None)
                    if ls.loop is s and lanes is not None and len(lanes) == n and \
                            _a_real_sum([v for v, _b, _i, _w in lanes.values()]):
                        total = sum(v for v, _b, _i, _w in lanes.values()) % P
                        self.completed[("loc", sid)] = (total, [(bn, i, w) for _v, bn, i, w in lanes.values()])
        elif isinstance(s, (IntrinsicCall, While)):
            self.clobber(s)
        elif isinstance(s, Barrier):
            pass
        else:
            raise _Stop()


def _lets_before(body: Stmt, target: Store) -> dict[str, Expr] | None:
    items = body.stmts if isinstance(body, Block) else (body,)
    lets = {}
    for x in items:
        if x is target:
            return lets
        if isinstance(x, Let):
            lets[x.var.name] = x.value
    return None


class _Replace(Mutator):
    def __init__(self, mapping: dict[int, Expr]):
        self.mapping = mapping

    def visit_Load(self, e: Load):
        if id(e) in self.mapping:
            return self.mapping[id(e)]
        return self.generic_visit(e)


def _variants(scope_vars: list[tuple[str, object]], params: list[Var], rng: random.Random) -> list[dict]:
    out = []
    ev = _Exec([], {}, {}, rng).ev
    for k in range(3):
        env: dict = {}
        for p in params:
            env[p.name] = (97, 40, rng.randint(33, 200))[k] if p.dtype.startswith(("int", "uint")) else 0
        for name, what in scope_vars:
            if isinstance(what, Loop):            # an enclosing loop variable: 0, 1, or another value
                try:
                    ext = ev(what.extent, env)
                except (_Stop, sem.Undefined, ZeroDivisionError):
                    ext = 2
                env[name] = min((0, 1, rng.randint(0, 7))[k], max(ext - 1, 0))
            else:
                try:
                    env[name] = ev(what, env)
                except (_Stop, sem.Undefined, ZeroDivisionError, TypeError):
                    env.pop(name, None)
        out.append(env)
    return out


class _Raise(Mutator):
    def __init__(self, k: Kernel):
        self.k = k
        self.names = Names(all_names(k))
        self.clobber_cache: dict = {}
        self.scope: list[tuple[str, object]] = []
        self.params = list(k.scalars)
        self.raised = 0
        self.budget_left = TOTAL_BUDGET
        self.rng = random.Random(0x5EED)
        self.around = _reads_around(k.body)
        self.block_around: tuple = (set(), set(), True)

    def visit_Loop(self, L: Loop):
        self.scope.append((L.var.name, L))
        body = self.visit(L.body)
        self.scope.pop()
        return L if body is L.body else Loop(L.var, L.extent, body, L.kind, L.axis)

    def visit_Block(self, b: Block):
        around = self.around.get(id(b))
        mark = len(self.scope)
        stmts = []
        for s in b.stmts:
            s = self.visit(s)
            stmts.append(s)
            if isinstance(s, Let):
                self.scope.append((s.var.name, s.value))
        del self.scope[mark:]
        everything = {n.buffer.name for n in walk(self.k.body) if isinstance(n, Load)}
        self.block_around = around if around is not None else (everything, everything, True)
        out = self._raise(stmts)
        return b if out is None and all(x is y for x, y in zip(stmts, b.stmts)) else Block(tuple(out or stmts))

    def _lane_stores(self, top: list[Stmt]) -> dict[int, _LaneStore]:
        """Stores at the top of the block's outermost lane loops, when lanes exchange values: one
        lane loop reads a block-shared buffer that another one writes."""
        loops = []

        def outermost(s: Stmt, ti: int) -> None:
            if is_lane_loop(s):
                loops.append((ti, s))
                return
            for x in children(s):
                if isinstance(x, Stmt):
                    outermost(x, ti)
        for ti, s in enumerate(top):
            outermost(s, ti)
        written = [{n.buffer.name for n in walk(L) if isinstance(n, Store) and n.buffer.scope == "shared"}
                   for _ti, L in loops]
        read = [{n.buffer.name for n in walk(L) if isinstance(n, Load) and n.buffer.scope == "shared"}
                for _ti, L in loops]
        if not any(written[i] & read[j] for i in range(len(loops)) for j in range(len(loops)) if i != j):
            return {}
        out = {}
        bound = [_bound_names(s) for s in top]
        for ti, L in loops:
            for x in (L.body.stmts if isinstance(L.body, Block) else (L.body,)):
                if isinstance(x, Store) and is_float(x.buffer.dtype):
                    out[id(x)] = _LaneStore(ti, L, x, bound[ti])
        return out

    def _raise(self, top: list[Stmt]) -> list[Stmt] | None:
        lane_stores = self._lane_stores(top)
        cost = sum(_cost(x) for x in top)
        if not lane_stores or cost > STEP_BUDGET or 6 * cost > self.budget_left:
            return None
        self.budget_left -= 6 * cost      # three executions, three more to find the dead rounds
        atoms: dict = {}
        found: dict[tuple, set] = {}
        runs = []
        for env in _variants(self.scope, self.params, self.rng):
            ex = _Exec(top, lane_stores, atoms, self.rng, self.clobber_cache)
            try:
                ex.run(dict(env))
            except (_Stop, sem.Undefined, ZeroDivisionError, TypeError, OverflowError):
                return None
            runs.append(env)
            for key, cands in ex.loads.items():
                if key in found:
                    found[key] = None if found[key] is None or cands is None else found[key] & cands or None
                else:
                    found[key] = cands
        inserts: dict[int, list[Stmt]] = {}
        replace: dict[int, dict[int, Expr]] = {}
        sums: dict[tuple, Buffer] = {}
        z = (Const(0, "int64"),)
        for (ti, load_id), cands in sorted(found.items(), key=lambda kv: kv[0]):
            if not cands:
                continue
            # prefer the sum of stored locations (it keeps the lanes' own code), else the sum of the
            # stored values computed before the statement that stores them
            for kind, sid in sorted(cands, key=lambda c: (c[0] != "loc", lane_stores[c[1]].ti)):
                ls = lane_stores[sid]
                if ls.ti >= ti and kind == "loc" or ls.ti > ti:
                    continue
                if kind == "loc" and ls.index is None or kind == "pre" and ls.value is None:
                    continue
                at = ti if kind == "loc" else ls.ti
                if (at, kind, sid) not in sums:
                    acc = Buffer(self.names.fresh("lane_sum"), ls.store.buffer.dtype, (1,), "local")
                    lv = Var(self.names.fresh("l"), ls.loop.var.dtype)
                    term = Load(ls.store.buffer, tuple(substitute(i, {ls.loop.var.name: lv}) for i in ls.index)) \
                        if kind == "loc" else substitute(ls.value, {ls.loop.var.name: lv})
                    inserts.setdefault(at, []).extend([
                        Alloc(acc), Store(acc, z, Const(0, acc.dtype)),
                        Loop(lv, ls.loop.extent, Store(acc, z, Binary("+", Load(acc, z), term)))])
                    sums[(at, kind, sid)] = acc
                replace.setdefault(ti, {})[load_id] = Load(sums[(at, kind, sid)], z)
                break
        if not replace:
            return None
        out: list[Stmt] = []
        for ti, s in enumerate(top):
            out.extend(inserts.get(ti, []))
            out.append(_Replace(replace[ti]).visit(s) if ti in replace else s)
        self.raised += len(sums)
        return self._drop_dead_rounds(out, runs)

    def _drop_dead_rounds(self, top: list[Stmt], runs: list[dict]) -> list[Stmt]:
        """Stores in the block whose values nothing uses any more (the rounds) go, when their
        buffer cannot be read outside the block: liveness over the stores each executed store read."""
        inside = {s.buffer.name for s in top if isinstance(s, Alloc)}
        after, between, repeated = self.block_around
        exposed: set[str] = set()         # buffers the block reads before writing them
        stores = {id(n): n for s in top for n in walk(s) if isinstance(n, Store)}
        live, ran = set(), set()
        for env in runs:
            ex = _Exec(top, {}, {}, random.Random(1), self.clobber_cache)
            try:
                ex.run(dict(env))
            except (_Stop, sem.Undefined, ZeroDivisionError, TypeError, OverflowError):
                return top
            ran |= ex.executed
            exposed |= ex.exposed
            private = lambda b: b.name in inside or (b.scope in ("shared", "local") and b.name not in after and
                                                     b.name not in between and not (repeated and b.name in exposed))
            work = [sid for sid, st in stores.items() if not private(st.buffer) or sid not in ex.executed]
            work += list(ex.roots)
            seen = set()
            while work:
                sid = work.pop()
                if sid in seen:
                    continue
                seen.add(sid)
                work.extend(ex.edges.get(sid, ()))
            live |= seen
        dead = {sid for sid in stores if sid in ran and sid not in live}
        if not dead:
            return top

        class Drop(Mutator):
            def visit_Store(self, st: Store):
                return Block(()) if id(st) in dead else st
        return list(Drop().visit(Block(tuple(top))).stmts)


def _reads_around(body: Stmt) -> dict[int, tuple[set[str], set[str], bool]]:
    """For every block: (buffers read after it, buffers other statements may read between two of
    its executions, whether it executes repeatedly) -- a serial loop repeats its body; parallel
    iterations are independent."""
    out: dict[int, tuple] = {}

    def visit(s: Stmt, after: set[str], between: set[str], repeated: bool) -> None:
        if isinstance(s, Block):
            out[id(s)] = (after, between, repeated)
            reads = [buffers_read(x) for x in s.stmts]
            for i, x in enumerate(s.stmts):
                later = set().union(*reads[i + 1:]) if i + 1 < len(reads) else set()
                others = set().union(*(r for j, r in enumerate(reads) if j != i)) if repeated else set()
                visit(x, after | later, between | others, repeated)
        elif isinstance(s, Loop):
            visit(s.body, after, between, repeated or s.kind != "parallel")
        elif isinstance(s, While):
            visit(s.body, after | buffers_read(s.cond), between, True)
        elif isinstance(s, If):
            visit(s.then, after, between, repeated)
            if s.otherwise is not None:
                visit(s.otherwise, after, between, repeated)
    visit(body, set(), set(), False)
    return out


def raise_lane_sums(k: Kernel) -> Kernel:
    r = _Raise(k)
    body = r.visit(k.body)
    if not r.raised:
        return k
    return drop_self_feeding_buffers(eliminate_dead_stores(k.with_body(block(body))))
