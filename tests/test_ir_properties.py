"""Property tests: random small loop programs (affine and C-division indices, constant and symbolic
extents, guards, local accumulators) keep their outputs, bit for bit, through every transformation
and through random pipelines of them, executed natively. Each example compiles once (all variants
in one translation unit)."""
import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xpiler import ir
from xpiler.ir.evaluate import evaluate
from xpiler.ir.transforms import (IllegalTransformError, TransformError, eliminate_dead_stores, fuse_adjacent_loops,
                                  fuse_loops, reorder_loops, simplify, split_loop, unroll_loop)

EXAMPLES = int(os.environ.get("XPILER_IR_EXAMPLES", "15"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
S = 40          # extent of every dimension of Y
N = ir.Var("n")
X = ir.Buffer("X", "float32", (64,))


def _affine(draw, vs, coef_max, c_max):
    e = ir.Const(draw(st.integers(0, c_max)))
    for v in vs:
        c = draw(st.integers(0, coef_max))
        if c:
            e = e + v * c if draw(st.booleans()) else v * c + e
    return e


def _x_index(draw, vs):
    form = draw(st.sampled_from(["affine", "div", "mod"]))
    v = draw(st.sampled_from(vs))
    if form == "div":                         # negative dividends: C truncation
        return (v - 3) / 2 + draw(st.integers(1, 20))
    if form == "mod":                         # negative remainders
        return (v * 3 - 7) % 5 + draw(st.integers(4, 20))
    return _affine(draw, vs, 3, 8)


def _value(draw, vs, Y, here, depth=2):
    k = draw(st.integers(0, 4 if depth else 2))
    if k == 0:
        return X[_x_index(draw, vs)]
    if k == 1:            # the element being stored (an accumulation) or another one
        return Y[here if draw(st.booleans()) else tuple(_affine(draw, vs, 2, 3) for _ in Y.shape)]
    if k == 2:
        return ir.cast("float32", draw(st.sampled_from(vs))) * draw(st.sampled_from([0.5, 1.25, -3.0]))
    op = draw(st.sampled_from(["+", "-", "*", "min"]))
    a, b = _value(draw, vs, Y, here, depth - 1), _value(draw, vs, Y, here, depth - 1)
    return ir.minimum(a, b) if op == "min" else ir.Binary(op, a, b)


@st.composite
def programs(draw):
    depth = draw(st.integers(1, 3))
    vs = [ir.Var(f"v{d}") for d in range(depth)]
    extents = [N if draw(st.integers(0, 3)) == 0 else ir.Const(draw(st.integers(1, 6))) for _ in vs]
    rank = draw(st.integers(1, 2))
    Y = ir.Buffer("Y", "float32", (S,) * rank)
    body = []
    for _ in range(draw(st.integers(1, 2))):
        here = tuple(_affine(draw, vs, 2, 3) for _ in range(rank))
        st_ = ir.Store(Y, here, _value(draw, vs, Y, here))
        if draw(st.integers(0, 3)) == 0:
            st_ = ir.If(ir.lt(_affine(draw, vs, 1, 0), draw(st.integers(1, 8))), st_)
        body.append(st_)
    stmt = ir.block(body)
    use_acc = depth >= 2 and draw(st.integers(0, 3)) == 0
    for d in reversed(range(depth)):
        kind = draw(st.sampled_from(["serial", "serial", "unrolled"]))
        stmt = ir.Loop(vs[d], extents[d], stmt, kind)
        if use_acc and d == 1:
            acc = ir.Buffer("acc", "float32", (), "local")
            stmt = ir.block(ir.Alloc(acc), ir.Store(acc, (), 0.0),
                            stmt,
                            ir.Store(acc, (), acc[()] + Y[tuple(ir.Const(1) for _ in range(rank))]),
                            ir.Store(Y, tuple(ir.Const(2) for _ in range(rank)), acc[()] * 2.0))
    if draw(st.booleans()):      # a second, independent nest after the first
        w = ir.Var("w")
        stmt = ir.block(stmt, ir.Loop(w, extents[0], ir.Store(Y, (w + 1,) + (ir.Const(0),) * (rank - 1),
                                                               Y[(w,) + (ir.Const(0),) * (rank - 1)] + X[w])))
    k = ir.kernel("prog", [(X, "in"), (Y, "inout"), N], stmt)
    ir.validate(k)
    return k, [v.name for v in vs], draw(st.integers(0, 2**31 - 1))


def _inputs(k, seed):
    rng = np.random.default_rng(seed)
    y = k.param("Y").target
    return [{"X": rng.standard_normal(64).astype(np.float32),
             "Y": rng.standard_normal((S,) * y.ndim).astype(np.float32), "n": n} for n in (0, 5, 6)]


def _check(original, variants, seed):
    """Run the original and every variant on the same inputs in one process; compare bitwise."""
    sets = _inputs(original, seed)
    kernels = [("original", original)] + list(variants.items())
    jobs = [(k, args) for args in sets for _, k in kernels]
    results = ir.run_many(jobs)
    for s in range(len(sets)):
        base = results[s * len(kernels)]["Y"]
        for j, (name, k) in enumerate(kernels[1:], start=1):
            got = results[s * len(kernels) + j]["Y"]
            assert np.array_equal(got, base, equal_nan=True), (
                f"{name} changed the output (n={sets[s]['n']}):\n{ir.print_ir(original)}\n--- after ---\n{ir.print_ir(k)}")


def _try(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except IllegalTransformError:
        return None
    except TransformError:
        return None


@SETTINGS
@given(programs(), st.data())
def test_each_transformation_preserves_outputs(case, data):
    k, loops, seed = case
    d = data.draw
    variants = {}
    lp = d(st.sampled_from(loops))
    f = d(st.integers(1, 5))
    variants[f"split({lp}, {f}, guard)"] = split_loop(k, lp, f)
    variants[f"split({lp}, {f}, remainder)"] = split_loop(k, lp, f, tail="remainder")
    if len(loops) >= 2:
        t = d(st.integers(0, len(loops) - 2))
        fused = _try(fuse_loops, k, loops[t], loops[t + 1])
        if fused is not None:
            variants[f"fuse({loops[t]}, {loops[t + 1]})"] = fused
        order = d(st.permutations(loops))
        r = _try(reorder_loops, k, order)
        if r is not None:
            variants[f"reorder({order})"] = r
    u = d(st.sampled_from(loops))
    variants[f"unroll({u})"] = _try(unroll_loop, k, u) or unroll_loop(k, u, factor=d(st.integers(2, 3)))
    variants["simplify"] = simplify(k)
    variants["dead stores"] = eliminate_dead_stores(k)
    if "w" in {n.var.name for n in ir.walk(k.body) if isinstance(n, ir.Loop)}:
        j = _try(fuse_adjacent_loops, k, loops[0], "w")
        if j is not None:
            variants["fuse_adjacent(v0, w)"] = j
    for name, v in variants.items():
        ir.validate(v)
        ir.print_c(v)
    _check(k, variants, seed)


@SETTINGS
@given(programs(), st.data())
def test_random_pipelines_preserve_outputs(case, data):
    k, loops, seed = case
    d = data.draw
    variants = {}
    for p in range(3):
        cur, steps = k, []
        for _ in range(d(st.integers(2, 5))):
            names = [n.var.name for n in ir.walk(cur.body) if isinstance(n, ir.Loop)]
            if not names:
                break
            what = d(st.sampled_from(["split", "fuse", "reorder", "unroll", "simplify", "dse"]))
            a = d(st.sampled_from(names))
            if what == "split":
                nxt = split_loop(cur, a, d(st.integers(1, 4)), tail=d(st.sampled_from(["guard", "remainder"])))
            elif what == "fuse":
                inner = ir.transforms.util.find_loop(cur, a).body
                nxt = _try(fuse_loops, cur, a, inner.var.name) if isinstance(inner, ir.Loop) else None
            elif what == "reorder":
                L = ir.transforms.util.find_loop(cur, a)
                nxt = _try(reorder_loops, cur, [L.body.var.name, a]) if isinstance(L.body, ir.Loop) else None
            elif what == "unroll":
                nxt = _try(unroll_loop, cur, a, max_extent=8)
            elif what == "simplify":
                nxt = simplify(cur)
            else:
                nxt = eliminate_dead_stores(cur)
            if nxt is not None:
                steps.append(f"{what}({a})")
                cur = ir.validate(nxt)
        variants[f"pipeline {p}: " + " -> ".join(steps)] = cur
    _check(k, variants, seed)


# ------------------------------------------------------------------ dependence analysis vs brute force

def _accesses(stmt, env, out):
    """(buffer, element, is_write) of running `stmt` with variables `env`, in execution order."""
    if isinstance(stmt, ir.Block):
        env = dict(env)
        for s in stmt.stmts:
            if isinstance(s, ir.Let):
                env[s.var.name] = evaluate(s.value, env)
            else:
                _accesses(s, env, out)
    elif isinstance(stmt, ir.If):
        if evaluate(stmt.cond, env):
            _accesses(stmt.then, env, out)
        elif stmt.otherwise is not None:
            _accesses(stmt.otherwise, env, out)
    elif isinstance(stmt, ir.Loop):
        for v in range(evaluate(stmt.extent, env)):
            _accesses(stmt.body, {**env, stmt.var.name: v}, out)
    elif isinstance(stmt, ir.Store):
        for n in ir.walk(stmt.value):
            if isinstance(n, ir.Load) and n.buffer.scope == "global":
                out.append((n.buffer.name, tuple(evaluate(i, env) for i in n.indices), False))
        out.append((stmt.buffer.name, tuple(evaluate(i, env) for i in stmt.indices), True))


def _order_kept(before, after) -> bool:
    """Traces of (instance, buffer, element, write): every pair of accesses to one element, one a
    write, keeps its relative order."""
    pos = {inst: n for n, (inst, *_rest) in enumerate(after)}
    groups = {}
    for n, (inst, b, el, w) in enumerate(before):
        groups.setdefault((b, el), []).append((n, inst, w))
    for lst in groups.values():
        writes = [x for x in lst if x[2]]
        for n1, i1, w1 in lst:
            for n2, i2, w2 in writes:
                if n1 != n2 and (n1 < n2) != (pos[i1] < pos[i2]):
                    return False
    return True


def _band_trace(loops, body, env, order):
    out = []
    exts = {L.var.name: int(evaluate(L.extent, env)) for L in loops}

    def rec(d, it):
        if d == len(order):
            acc = []
            _accesses(body, {**env, **it}, acc)
            key = tuple(sorted(it.items()))
            out.extend(((key, a), *x) for a, x in enumerate(acc))
            return
        for v in range(max(exts[order[d]], 0)):
            rec(d + 1, {**it, order[d]: v})
    rec(0, {})
    return out


@settings(max_examples=max(EXAMPLES * 10, 100), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs(), st.data())
def test_accepted_reorders_and_fusions_are_legal_by_brute_force(case, data):
    """Soundness of analysis/dependence.py without compiling: every reorder or fusion the analysis
    accepts keeps the order of every pair of conflicting accesses, enumerated exhaustively."""
    from xpiler.ir.transforms.reorder import _band
    k, loops, _seed = case
    order = data.draw(st.permutations(loops))
    try:
        reorder_loops(k, order)
        band = _band(k, list(order))
        names = [L.var.name for L in band]
        for n in (0, 4, 6):
            env = {"n": n}
            assert _order_kept(_band_trace(band, band[-1].body, env, names),
                               _band_trace(band, band[-1].body, env, list(order))), f"illegal reorder {order} accepted"
    except TransformError:
        pass
    first = ir.transforms.util.find_loop(k, loops[0])
    loops_w = [n for n in ir.walk(k.body) if isinstance(n, ir.Loop) and n.var.name == "w"]
    if loops_w and _try(fuse_adjacent_loops, k, loops[0], "w") is not None:
        second = loops_w[0]
        for n in (0, 4, 6):
            env = {"n": n}
            ext = int(evaluate(first.extent, env))
            before, after = [], []
            for which, L in ((0, first), (1, second)):
                for i in range(max(ext, 0)):
                    acc = []
                    _accesses(L.body, {**env, L.var.name: i}, acc)
                    before.extend((((which, i, a)), *x) for a, x in enumerate(acc))
            for i in range(max(ext, 0)):
                for which, L in ((0, first), (1, second)):
                    acc = []
                    _accesses(L.body, {**env, L.var.name: i}, acc)
                    after.extend((((which, i, a)), *x) for a, x in enumerate(acc))
            assert _order_kept(before, after), "illegal fusion accepted"
