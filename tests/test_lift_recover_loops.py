"""recover_loops: SPMD kernels built by hand (CUDA / BANG idioms) turned into loop programs, run
natively (printed C) against NumPy."""
import numpy as np
import pytest

from xpiler import ir
from xpiler.ir.names import Names
from xpiler.lift.recover_loops import LoopRecoveryError, recover_loops
from xpiler.lift.spmd import Hierarchy

U = "uint32"
TX, TY, TZ = ir.Var("threadIdx_x", U), ir.Var("threadIdx_y", U), ir.Var("threadIdx_z", U)
BX, BY = ir.Var("blockIdx_x", U), ir.Var("blockIdx_y", U)
CLUSTER, CORE = ir.Var("clusterId", "int32"), ir.Var("coreId", "int32")


def u(v):
    return ir.Const(v, U)


def recover(body, params, h, name="k"):
    kern = ir.kernel(name, params, body)
    return recover_loops(kern, h, Names())


def stmts_of(k, cls):
    return [n for n in ir.walk(k.body) if isinstance(n, cls)]


def items(s):
    return s.stmts if isinstance(s, ir.Block) else (s,)


def thread_loops(k):
    return [n for n in stmts_of(k, ir.Loop) if n.axis and n.axis.startswith("threadIdx")]


def check_loop_form(k):
    """No barrier left; every buffer allocated once; parallel loops carry their axis."""
    assert not stmts_of(k, ir.Barrier)
    names = [a.buffer.name for a in stmts_of(k, ir.Alloc)]
    assert len(names) == len(set(names))
    ir.print_c(k)          # validates; refuses a barrier inside a parallel loop


# ----------------------------------------------------------------------------------- kernels

def elementwise(G, T):
    n = ir.Var("n")
    x, y = ir.Buffer("x", "float32", (n,)), ir.Buffer("y", "float32", (n,))
    i = ir.Var("i", U)
    body = [ir.Let(i, BX * u(T) + TX),
            ir.If(ir.lt(i, ir.cast(U, n)), ir.Store(y, (i,), x[i] * 2.0 + 1.0))]
    return recover(body, [(x, "in"), (y, "out"), n], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32), "scale")


def block_reduction(G, T):
    """sh[t] = x[..]; for (s = T/2; s > 0; s >>= 1) { if (t < s) sh[t] += sh[t + s]; __syncthreads(); }"""
    x, out = ir.Buffer("x", "float32", (G * T,)), ir.Buffer("out", "float32", (G,))
    sh = ir.Buffer("sh", "float32", (T,), "shared")
    t, s, k = ir.Var("tid", U), ir.Var("s", U), ir.Var("k")
    steps = T.bit_length() - 1
    body = [ir.Alloc(sh), ir.Let(t, TX),
            ir.Store(sh, (t,), x[BX * u(T) + t]), ir.Barrier("block"),
            ir.loop(k, steps, [ir.Let(s, u(T // 2) >> k),
                               ir.If(ir.lt(t, s), ir.Store(sh, (t,), sh[t] + sh[t + s])),
                               ir.Barrier("block")]),
            ir.If(ir.eq(t, 0), ir.Store(out, (BX,), sh[0]))]
    return recover(body, [(x, "in"), (out, "out")], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32), "reduce")


def tiled_matmul(M, N, K, TS):
    """C = A @ B with TS x TS shared tiles, a 2-D block (threadIdx.y), two barriers per k-tile and
    a per-thread accumulator live across them."""
    A, B = ir.Buffer("A", "float32", (M, K)), ir.Buffer("B", "float32", (K, N))
    C = ir.Buffer("C", "float32", (M, N))
    As, Bs = ir.Buffer("As", "float32", (TS, TS), "shared"), ir.Buffer("Bs", "float32", (TS, TS), "shared")
    acc = ir.Buffer("acc", "float32", (), "local")
    row, col, kt, kk = ir.Var("row", U), ir.Var("col", U), ir.Var("kt"), ir.Var("kk")
    body = [ir.Alloc(As), ir.Alloc(Bs),
            ir.Let(row, BY * u(TS) + TY), ir.Let(col, BX * u(TS) + TX),
            ir.Alloc(acc), ir.Store(acc, (), 0.0),
            ir.loop(kt, K // TS, [
                ir.Store(As, (TY, TX), A[row, ir.cast(U, kt) * u(TS) + TX]),
                ir.Store(Bs, (TY, TX), B[ir.cast(U, kt) * u(TS) + TY, col]),
                ir.Barrier("block"),
                ir.loop(kk, TS, ir.Store(acc, (), acc[()] + As[TY, kk] * Bs[kk, TX])),
                ir.Barrier("block")]),
            ir.Store(C, (row, col), acc[()])]
    h = Hierarchy.gpu((N // TS, M // TS, 1), (TS, TS, 1), 32)
    return recover(body, [(A, "in"), (B, "in"), (C, "out")], h, "matmul")


def warp_rows(G, T, m, ws=32, wpb=None):
    """One warp per row, rows strided over the grid (a loop whose trip count depends on the warp);
    the row is reduced with shuffles: exchange buffer + __syncwarp + load at w*32 + (lane ^ off)."""
    nw = T // ws
    L = ws
    x, out = ir.Buffer("x", "float32", (m, L)), ir.Buffer("out", "float32", (m,))
    ex = ir.Buffer("ex", "float32", (T,), "shared")
    v = ir.Buffer("v", "float32", (), "local")
    tid, warp, lane, row0, it, row, j, off = (ir.Var("tid", U), ir.Var("warp"), ir.Var("lane"), ir.Var("row0"),
                                              ir.Var("it"), ir.Var("row"), ir.Var("j"), ir.Var("off"))
    step = G * nw
    body = [ir.Alloc(ex), ir.Alloc(v), ir.Let(tid, TX),
            ir.Let(warp, ir.cast("int32", tid / u(ws))), ir.Let(lane, ir.cast("int32", tid % u(ws))),
            ir.Let(row0, ir.cast("int32", BX) * nw + warp),
            ir.loop(it, (m - row0 + (step - 1)) / step, [
                ir.Let(row, row0 + it * step),
                ir.Store(v, (), x[row, lane]),
                ir.loop(j, ws.bit_length() - 1, [
                    ir.Let(off, ir.Const(ws // 2) >> j),
                    ir.Store(ex, (tid,), v[()]), ir.Barrier("warp"),
                    ir.Store(v, (), v[()] + ex[warp * ws + (lane ^ off)]), ir.Barrier("warp")]),
                ir.If(ir.eq(lane, 0), ir.Store(out, (row,), v[()]))])]
    h = Hierarchy.gpu((G, 1, 1), (T, 1, 1), ws)
    return recover(body, [(x, "in"), (out, "out")], h, "rows")


def partial_warps(G, T, ws=32):
    """Shuffle-down reduction per warp in a block that is not a multiple of the warp size: the last
    warp has wl = min(ws, T - warp*ws) lanes; lane 0 writes the warp's sum."""
    nw = -(-T // ws)
    x, out = ir.Buffer("x", "float32", (G * T,)), ir.Buffer("out", "float32", (G * nw,))
    ex = ir.Buffer("ex", "float32", (nw * ws,), "shared")
    v = ir.Buffer("v", "float32", (), "local")
    t, warp, lane, wl, j, off = ir.Var("t"), ir.Var("warp"), ir.Var("lane"), ir.Var("wl"), ir.Var("j"), ir.Var("off")
    body = [ir.Alloc(ex), ir.Alloc(v),
            ir.Let(t, ir.cast("int32", TX)), ir.Let(warp, t / ws), ir.Let(lane, t % ws),
            ir.Let(wl, ir.minimum(ws, T - warp * ws)),
            ir.Store(v, (), x[ir.cast("int32", BX) * T + t]),
            ir.loop(j, ws.bit_length() - 1, [
                ir.Let(off, ir.Const(ws // 2) >> j),
                ir.Store(ex, (t,), v[()]), ir.Barrier("warp"),
                ir.If(ir.lt(lane + off, wl), ir.Store(v, (), v[()] + ex[t + off])),
                ir.Barrier("warp")]),
            ir.If(ir.eq(lane, 0), ir.Store(out, (ir.cast("int32", BX) * nw + warp,), v[()]))]
    h = Hierarchy.gpu((G, 1, 1), (T, 1, 1), ws)
    return recover(body, [(x, "in"), (out, "out")], h, "partial")


def bang_two_phases(clusters, cores, n):
    """Phase 1: each core sums its slice (kept in NRAM) into SRAM, core 0 of each cluster writes the
    cluster's sum to a global workspace; __sync_all; phase 2: y = x / total + the core's partial."""
    P = clusters * cores
    x, y = ir.Buffer("x", "float32", (P * n,)), ir.Buffer("y", "float32", (P * n,))
    ws = ir.Buffer("ws", "float32", (clusters,))
    csum = ir.Buffer("csum", "float32", (cores,), "sram")
    buf = ir.Buffer("buf", "float32", (n,), "nram")
    acc = ir.Buffer("acc", "float32", (), "nram")
    tot, g = ir.Buffer("tot", "float32", (), "nram"), ir.Buffer("g", "float32", (), "nram")
    task, total = ir.Var("task"), ir.Var("total", "float32")
    i, i2, i3, c, c2 = ir.Var("i"), ir.Var("i2"), ir.Var("i3"), ir.Var("c"), ir.Var("c2")
    body = [ir.Alloc(csum), ir.Alloc(buf), ir.Alloc(acc),
            ir.Let(task, CLUSTER * cores + CORE),
            ir.loop(i, n, ir.Store(buf, (i,), x[task * n + i])),
            ir.loop(i2, n, ir.Store(acc, (), acc[()] + buf[i2])),
            ir.Store(csum, (CORE,), acc[()]),
            ir.Barrier("cluster"),                                    # __sync_cluster
            ir.If(ir.eq(CORE, 0), ir.block(ir.Alloc(tot),
                                           ir.loop(c, cores, ir.Store(tot, (), tot[()] + csum[c])),
                                           ir.Store(ws, (CLUSTER,), tot[()]))),
            ir.Barrier("grid"),                                       # __sync_all
            ir.Alloc(g),
            ir.loop(c2, clusters, ir.Store(g, (), g[()] + ws[c2])),
            ir.Let(total, g[()]),
            ir.loop(i3, n, ir.Store(y, (task * n + i3,), buf[i3] / total + csum[CORE]))]
    return recover(body, [(x, "in"), (y, "out"), (ws, "inout")], Hierarchy.bang(clusters, cores), "phases")


def _sequential_sum(a, axis):
    """float32 sum in index order along `axis` (the kernel's order; NumPy's pairwise sum rounds
    differently, which matters where the sum cancels)."""
    a = np.moveaxis(np.asarray(a, np.float32), axis, 0)
    acc = np.zeros(a.shape[1:], np.float32)
    for row in a:
        acc = (acc + row).astype(np.float32)
    return acc


def bang_reference(xv, clusters, cores, n):
    parts = _sequential_sum(xv.reshape(clusters, cores, n), 2)
    total = np.float32(_sequential_sum(_sequential_sum(parts, 1), 0))
    return (xv.reshape(clusters, cores, n) / total + parts[:, :, None]).reshape(-1)


def transpose(H, W, TS):
    """out = in^T through a shared tile [TS][TS+1] with a 2-D block."""
    a, o = ir.Buffer("a", "int32", (H, W)), ir.Buffer("o", "int32", (W, H))
    tile = ir.Buffer("tile", "int32", (TS, TS + 1), "shared")
    body = [ir.Alloc(tile),
            ir.Store(tile, (TY, TX), a[BY * u(TS) + TY, BX * u(TS) + TX]),
            ir.Barrier("block"),
            ir.Store(o, (BX * u(TS) + TY, BY * u(TS) + TX), tile[TX, TY])]
    h = Hierarchy.gpu((W // TS, H // TS, 1), (TS, TS, 1), 32)
    return recover(body, [(a, "in"), (o, "out")], h, "transpose")


def while_reduction(G, T):
    """int s = T/2; while (s > 0) { if (t < s) sh[t] += sh[t+s]; __syncthreads(); s >>= 1; } with s a
    per-thread variable (a local 0-d buffer) that every thread updates alike: uniform."""
    x, out = ir.Buffer("x", "int32", (G * T,)), ir.Buffer("out", "int32", (G,))
    sh = ir.Buffer("sh", "int32", (T,), "shared")
    s = ir.Buffer("s", "int32", (), "local")
    t = ir.Var("t")
    body = [ir.Alloc(sh), ir.Alloc(s), ir.Let(t, ir.cast("int32", TX)),
            ir.Store(sh, (t,), x[ir.cast("int32", BX) * T + t]), ir.Barrier("block"),
            ir.Store(s, (), T // 2),
            ir.While(ir.gt(s[()], 0), ir.block(
                ir.If(ir.lt(t, s[()]), ir.Store(sh, (t,), sh[t] + sh[t + s[()]])),
                ir.Barrier("block"),
                ir.Store(s, (), s[()] >> 1))),
            ir.If(ir.eq(t, 0), ir.Store(out, (ir.cast("int32", BX),), sh[0]))]
    return recover(body, [(x, "in"), (out, "out")], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32), "wred")


def accumulator(G, T):
    """float acc = x[g] * 3; __syncthreads(); sh[t] = acc; __syncthreads(); y[g] = sh[T-1-t] + acc;"""
    x, y = ir.Buffer("x", "float32", (G * T,)), ir.Buffer("y", "float32", (G * T,))
    sh = ir.Buffer("sh", "float32", (T,), "shared")
    acc = ir.Buffer("acc", "float32", (), "local")
    g, t = ir.Var("g"), ir.Var("t")
    loaded = ir.Var("loaded", "float32")
    body = [ir.Alloc(sh), ir.Alloc(acc),
            ir.Let(t, ir.cast("int32", TX)), ir.Let(g, ir.cast("int32", BX) * T + t),
            ir.Let(loaded, x[g]),                       # a value read from memory, used after a barrier
            ir.Store(acc, (), loaded * 3.0), ir.Barrier("block"),
            ir.Store(sh, (t,), acc[()]), ir.Barrier("block"),
            ir.Store(y, (g,), sh[T - 1 - t] + acc[()] + loaded)]
    return recover(body, [(x, "in"), (y, "out")], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32), "acc")


def mixed(G, block, ws, rounds=2):
    """Block and warp barriers in a 1-, 2- or 3-D block, inside a loop of rounds: each warp rotates
    its values by one lane (exchange buffer + warp barrier), then the block reverses them through
    shared memory; the value lives in a per-thread variable across all the barriers."""
    T = block[0] * block[1] * block[2]
    nw = -(-T // ws)
    x, y = ir.Buffer("x", "int32", (G * T,)), ir.Buffer("y", "int32", (G * T,))
    ex = ir.Buffer("ex", "int32", (nw * ws,), "shared")
    sh = ir.Buffer("sh", "int32", (T,), "shared")
    v = ir.Buffer("v", "int32", (), "local")
    t, warp, lane, wl, base, r = (ir.Var("t"), ir.Var("warp"), ir.Var("lane"), ir.Var("wl"), ir.Var("base"),
                                  ir.Var("r"))
    lin = ir.cast("int32", TX + u(block[0]) * (TY + u(block[1]) * TZ))
    body = [ir.Alloc(ex), ir.Alloc(sh), ir.Alloc(v),
            ir.Let(t, lin), ir.Let(warp, t / ws), ir.Let(lane, t % ws),
            ir.Let(wl, ir.minimum(ws, T - warp * ws)), ir.Let(base, ir.cast("int32", BX) * T),
            ir.Store(v, (), x[base + t]),
            ir.loop(r, rounds, [
                ir.Store(ex, (t,), v[()]), ir.Barrier("warp"),
                ir.Store(v, (), ex[warp * ws + (lane + 1) % wl] * 3 + lane + r),
                ir.Barrier("block"),
                ir.Store(sh, (T - 1 - t,), v[()]), ir.Barrier("block"),
                ir.Store(v, (), sh[t] + warp)]),
            ir.Store(y, (base + t,), v[()])]
    h = Hierarchy.gpu((G, 1, 1), block, ws)
    return recover(body, [(x, "in"), (y, "out")], h, "mixed")


def mixed_reference(xv, G, T, ws, rounds=2):
    y = np.empty_like(xv)
    t = np.arange(T)
    warp, lane = t // ws, t % ws
    wl = np.minimum(ws, T - warp * ws)
    for b in range(G):
        v = xv[b * T:(b + 1) * T].astype(np.int64)
        for r in range(rounds):
            v = v[warp * ws + (lane + 1) % wl] * 3 + lane + r
            v = v[::-1] + warp
        y[b * T:(b + 1) * T] = v
    return y


# ----------------------------------------------------------------------------------- tests

def test_without_barrier_the_result_is_blocks_then_threads(rng):
    k = elementwise(3, 64)
    check_loop_form(k)
    outer = k.body
    assert isinstance(outer, ir.Loop) and outer.axis == "blockIdx.x" and outer.kind == "parallel"
    inner = [s for s in items(outer.body) if isinstance(s, ir.Loop)]
    assert len(inner) == 1 and inner[0].axis == "threadIdx.x" and inner[0].kind == "parallel"
    assert not stmts_of(k, ir.Alloc)
    n = 150
    xv = rng.standard_normal(n).astype(np.float32)
    y = ir.compile_and_run(k, {"x": xv, "n": n})["y"]
    np.testing.assert_array_equal(y, xv * np.float32(2) + np.float32(1))


def test_block_reduction_tree_splits_at_every_barrier(rng):
    G, T = 5, 128
    k = block_reduction(G, T)
    check_loop_form(k)
    assert len(thread_loops(k)) == 3            # before the tree, inside the k loop, after it
    (sh,) = [a for a in stmts_of(k, ir.Alloc) if a.buffer.name == "sh"]
    assert sh.buffer.shape == (ir.Const(T),)   # per block, not promoted
    # the shared buffer sits between the block loop and the thread loops
    grid = k.body
    assert grid.axis == "blockIdx.x" and any(s is sh for s in items(grid.body))
    xv = rng.standard_normal(G * T).astype(np.float32)
    out = ir.compile_and_run(k, {"x": xv})["out"]
    np.testing.assert_allclose(out, xv.reshape(G, T).sum(axis=1), rtol=1e-5)


def test_tiled_matmul_with_2d_blocks(rng):
    M, N, K, TS = 16, 24, 32, 8
    k = tiled_matmul(M, N, K, TS)
    check_loop_form(k)
    (acc,) = [a.buffer for a in stmts_of(k, ir.Alloc) if a.buffer.name == "acc"]
    assert acc.shape == (ir.Const(TS * TS),) and acc.scope == "local"     # promoted per thread
    assert {l.axis for l in thread_loops(k)} == {"threadIdx.x", "threadIdx.y"}
    a = rng.standard_normal((M, K)).astype(np.float32)
    b = rng.standard_normal((K, N)).astype(np.float32)
    c = ir.compile_and_run(k, {"A": a, "B": b})["C"]
    np.testing.assert_allclose(c, a @ b, rtol=1e-4, atol=1e-4)


def test_transpose_through_a_shared_tile(rng):
    H, W, TS = 16, 32, 8
    k = transpose(H, W, TS)
    check_loop_form(k)
    a = rng.integers(-1000, 1000, (H, W)).astype(np.int32)
    np.testing.assert_array_equal(ir.compile_and_run(k, {"a": a})["o"], a.T)


def test_per_thread_state_live_across_barriers(rng):
    G, T = 3, 32
    k = accumulator(G, T)
    check_loop_form(k)
    allocs = {a.buffer.name: a.buffer for a in stmts_of(k, ir.Alloc)}
    assert allocs["acc"].shape == (ir.Const(T),)
    assert allocs["loaded"].shape == (ir.Const(T),)          # a let read from memory: promoted
    xv = rng.standard_normal(G * T).astype(np.float32)
    y = ir.compile_and_run(k, {"x": xv})["y"]
    acc = xv.reshape(G, T) * np.float32(3)
    np.testing.assert_allclose(y, (acc[:, ::-1] + acc + xv.reshape(G, T)).reshape(-1), rtol=1e-6)


def test_warp_shuffle_reduction_under_warp_uniform_loop(rng):
    G, T, m = 2, 96, 13            # 3 warps per block, 6 warps in all: warps do 2 or 3 rows
    k = warp_rows(G, T, m)
    check_loop_form(k)
    loops = stmts_of(k, ir.Loop)
    assert any(l.var.name.startswith("lane") for l in loops) and any(l.var.name == "w" for l in loops)
    xv = rng.standard_normal((m, 32)).astype(np.float32)
    out = ir.compile_and_run(k, {"x": xv})["out"]
    np.testing.assert_allclose(out, xv.sum(axis=1), rtol=1e-5, atol=1e-5)


def test_partial_last_warp_is_guarded(rng):
    G, T = 2, 80                   # warps of 32, 32, 16 lanes
    k = partial_warps(G, T)
    check_loop_form(k)
    assert any(isinstance(s, ir.If) and "< 80" in ir.print_ir(s.cond) for s in stmts_of(k, ir.If))
    xv = rng.integers(-100, 100, G * T).astype(np.float32)
    out = ir.compile_and_run(k, {"x": xv})["out"]
    ref = [xv[b * T + w * 32: b * T + min(T, w * 32 + 32)].sum() for b in range(G) for w in range(3)]
    np.testing.assert_array_equal(out, np.array(ref, np.float32))


def test_bang_grid_barrier_between_two_phases(rng):
    clusters, cores, n = 2, 4, 8
    k = bang_two_phases(clusters, cores, n)
    check_loop_form(k)
    allocs = {a.buffer.name: a.buffer for a in stmts_of(k, ir.Alloc)}
    assert allocs["buf"].shape == (ir.Const(clusters), ir.Const(cores), ir.Const(n))   # per core
    assert allocs["csum"].shape == (ir.Const(clusters), ir.Const(cores))               # per cluster
    assert {l.axis for l in stmts_of(k, ir.Loop) if l.axis} == {"clusterId", "coreId"}
    xv = rng.standard_normal(clusters * cores * n).astype(np.float32)
    res = ir.compile_and_run(k, {"x": xv, "ws": np.zeros(clusters, np.float32)})
    np.testing.assert_allclose(res["y"], bang_reference(xv, clusters, cores, n), rtol=1e-5, atol=1e-6)


def test_while_with_uniform_condition_containing_a_barrier(rng):
    G, T = 3, 64
    k = while_reduction(G, T)
    check_loop_form(k)
    (w,) = stmts_of(k, ir.While)
    assert not any(isinstance(n, ir.Var) and n.name.startswith("threadIdx") for n in ir.walk(w.cond))
    xv = rng.integers(-1000, 1000, G * T).astype(np.int32)
    np.testing.assert_array_equal(ir.compile_and_run(k, {"x": xv})["out"], xv.reshape(G, T).sum(axis=1))


def test_random_block_shapes_with_warp_and_block_barriers(rng):
    configs = [((1, 1, 1), (32, 1, 1), 32), ((2, 1, 1), (8, 4, 1), 32), ((3, 1, 1), (5, 3, 2), 8),
               ((2, 1, 1), (7, 3, 1), 4), ((1, 1, 1), (64, 1, 1), 64), ((2, 1, 1), (12, 1, 1), 32),
               ((2, 1, 1), (4, 2, 3), 16), ((1, 1, 1), (3, 1, 1), 4), ((1, 1, 1), (1, 1, 1), 4),
               ((3, 1, 1), (2, 2, 2), 1)]
    extra = rng.choice([1, 2, 3, 4, 6, 8, 12, 16, 24], size=(4, 3))
    configs += [((2, 1, 1), tuple(int(v) for v in e), int(rng.choice([4, 8, 32]))) for e in extra]
    jobs, refs = [], []
    for grid, blk, ws in configs:
        T = blk[0] * blk[1] * blk[2]
        k = mixed(grid[0], blk, ws)
        check_loop_form(k)
        xv = rng.integers(-1000, 1000, grid[0] * T).astype(np.int32)
        jobs.append((k, {"x": xv}))
        refs.append(mixed_reference(xv, grid[0], T, ws))
    for (grid, blk, ws), res, ref in zip(configs, ir.run_many(jobs), refs):
        np.testing.assert_array_equal(res["y"], ref, err_msg=f"block {blk}, warp {ws}")


def test_names_stay_unique_and_lets_become_readable_loops():
    k = block_reduction(2, 16)
    text = ir.print_ir(k)
    assert "for bx in range(2) parallel(blockIdx.x)" in text
    assert "for tx in range(16) parallel(threadIdx.x)" in text
    assert "let s: uint32 = 8:uint32 >> k" in text            # uniform let hoisted out of the threads
    assert "xp_" not in text


# ----------------------------------------------------------------------------------- errors

def test_barrier_under_thread_dependent_if_is_refused():
    x = ir.Buffer("x", "float32", (64,))
    sh = ir.Buffer("sh", "float32", (64,), "shared")
    body = [ir.Alloc(sh), ir.If(ir.lt(TX, u(32)), ir.block(ir.Store(sh, (TX,), 1.0), ir.Barrier("block"))),
            ir.Store(x, (TX,), sh[TX])]
    with pytest.raises(LoopRecoveryError, match="barrier under thread-dependent control flow"):
        recover(body, [(x, "out")], Hierarchy.gpu((1, 1, 1), (64, 1, 1), 32))


def test_barrier_under_loop_with_per_thread_trip_count_is_refused():
    x = ir.Buffer("x", "int32", (64,))
    s = ir.Buffer("s", "int32", (), "local")
    body = [ir.Alloc(s), ir.Store(s, (), ir.cast("int32", TX)),
            ir.While(ir.gt(s[()], 0), ir.block(ir.Barrier("block"), ir.Store(s, (), s[()] - 1)))]
    with pytest.raises(LoopRecoveryError, match="thread-dependent"):
        recover(body, [(x, "out")], Hierarchy.gpu((1, 1, 1), (64, 1, 1), 32))


def test_block_barrier_under_warp_uniform_control_is_refused():
    x = ir.Buffer("x", "int32", (64,))
    i = ir.Var("i")
    body = [ir.loop(i, ir.cast("int32", TX / u(32)), [ir.Barrier("block"), ir.Store(x, (TX,), i)])]
    with pytest.raises(LoopRecoveryError, match="threads of a block"):
        recover(body, [(x, "out")], Hierarchy.gpu((1, 1, 1), (64, 1, 1), 32))


def test_warp_barrier_under_lane_dependent_control_is_refused():
    x = ir.Buffer("x", "int32", (64,))
    body = [ir.If(ir.eq(TX % u(32), u(0)), ir.Barrier("warp")), ir.Store(x, (TX,), 1)]
    with pytest.raises(LoopRecoveryError, match="lanes of a warp"):
        recover(body, [(x, "out")], Hierarchy.gpu((1, 1, 1), (64, 1, 1), 32))


def test_warp_barrier_without_warps_is_refused():
    x = ir.Buffer("x", "int32", (4,))
    with pytest.raises(LoopRecoveryError, match="without warps"):
        recover([ir.Barrier("warp"), ir.Store(x, (CORE,), 1)], [(x, "out")], Hierarchy.bang(1, 4))


def test_grid_barrier_under_block_dependent_control_is_refused():
    x = ir.Buffer("x", "int32", (8,))
    body = [ir.If(ir.eq(CLUSTER, 0), ir.Barrier("grid")), ir.Store(x, (CLUSTER * 4 + CORE,), 1)]
    with pytest.raises(LoopRecoveryError, match="clusters of the grid"):
        recover(body, [(x, "out")], Hierarchy.bang(2, 4))


def test_storage_that_an_intrinsic_addresses_stays_one_dimensional():
    cores, n = 4, 8
    y = ir.Buffer("y", "float32", (cores * n,))
    a = ir.Buffer("a", "float32", (n,), "nram")
    i = ir.Var("i")
    body = [ir.Alloc(a),
            ir.IntrinsicCall("__bang_write_value", (ir.Address(a, (0,)), ir.Const(n), ir.Const(1.5, "float32")),
                             writes=("a",)),
            ir.Barrier("cluster"),
            ir.loop(i, n, ir.Store(y, (CORE * n + i,), a[i]))]
    k = recover(body, [(y, "out")], Hierarchy.bang(1, cores))
    check_loop_form(k)
    (alloc,) = stmts_of(k, ir.Alloc)
    assert alloc.buffer.shape == (ir.Const(cores * n),) and alloc.buffer.scope == "nram"
    (call,) = stmts_of(k, ir.IntrinsicCall)
    assert ir.print_ir(call.args[0]) == "&a[core * 8]"
    assert "a[core_1 * 8 + i]" in ir.print_ir(k)


def test_block_uniform_early_exit_keeps_the_barrier_region_under_the_if(rng):
    """if (flags[blockIdx.x]) { sh[t] = x[g]; __syncthreads(); y[g] = sh[T-1-t]; } else y[g] = -1;"""
    G, T = 4, 32
    flags = ir.Buffer("flags", "int32", (G,))
    x, y = ir.Buffer("x", "int32", (G * T,)), ir.Buffer("y", "int32", (G * T,))
    sh = ir.Buffer("sh", "int32", (T,), "shared")
    active, g = ir.Var("active"), ir.Var("g", U)
    body = [ir.Alloc(sh), ir.Let(active, flags[BX]), ir.Let(g, BX * u(T) + TX),
            ir.If(ir.ne(active, 0),
                  ir.block(ir.Store(sh, (TX,), x[g]), ir.Barrier("block"), ir.Store(y, (g,), sh[u(T - 1) - TX])),
                  ir.Store(y, (g,), -1))]
    k = recover(body, [(flags, "in"), (x, "in"), (y, "out")], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32))
    check_loop_form(k)
    assert [a.buffer.name for a in stmts_of(k, ir.Alloc)] == ["sh"]       # `active` read once per block
    (cond,) = [s for s in stmts_of(k, ir.If) if "active" in ir.print_ir(s.cond)]
    assert any(s is cond for s in items(k.body.body))                      # outside the thread loops
    fv = np.array([1, 0, 0, 1], np.int32)
    xv = rng.integers(-100, 100, G * T).astype(np.int32)
    ref = np.where(fv[:, None] != 0, xv.reshape(G, T)[:, ::-1], -1).reshape(-1)
    np.testing.assert_array_equal(ir.compile_and_run(k, {"flags": fv, "x": xv})["y"], ref)


def test_nested_loops_with_barriers_and_per_iteration_state(rng):
    """for a: for b: { v = sh[(t+1) % T] + a*b; __syncthreads(); sh[t] = v; __syncthreads(); }"""
    G, T, A, B = 2, 16, 3, 2
    x, y = ir.Buffer("x", "int32", (G * T,)), ir.Buffer("y", "int32", (G * T,))
    sh = ir.Buffer("sh", "int32", (T,), "shared")
    v = ir.Buffer("v", "int32", (), "local")
    t, g, a, b = ir.Var("t"), ir.Var("g"), ir.Var("a"), ir.Var("b")
    body = [ir.Alloc(sh), ir.Let(t, ir.cast("int32", TX)), ir.Let(g, ir.cast("int32", BX) * T + t),
            ir.Store(sh, (t,), x[g]), ir.Barrier("block"),
            ir.loop(a, A, ir.loop(b, B, ir.block(
                ir.Alloc(v), ir.Store(v, (), sh[(t + 1) % T] + a * b), ir.Barrier("block"),
                ir.Store(sh, (t,), v[()]), ir.Barrier("block")))),
            ir.Store(y, (g,), sh[t])]
    k = recover(body, [(x, "in"), (y, "out")], Hierarchy.gpu((G, 1, 1), (T, 1, 1), 32))
    check_loop_form(k)
    (va,) = [s for s in stmts_of(k, ir.Alloc) if s.buffer.name == "v"]
    assert va.buffer.shape == (ir.Const(T),)
    xv = rng.integers(-100, 100, (G, T)).astype(np.int32)
    ref = xv.copy()
    for i in range(A):
        for j in range(B):
            ref = np.roll(ref, -1, axis=1) + i * j
    np.testing.assert_array_equal(ir.compile_and_run(k, {"x": xv.reshape(-1)})["y"], ref.reshape(-1))


def test_gpu_grid_barrier_with_warps_2d_grid_and_2d_blocks(rng):
    """Cooperative-groups style: warp exchange, block sum in shared memory, grid.sync(), then every
    thread reads all block sums; the per-thread value lives across all three kinds of barrier."""
    grid, blk, ws = (2, 3, 1), (8, 2, 1), 4
    G, T = 6, 16
    x, y = ir.Buffer("x", "int32", (G * T,)), ir.Buffer("y", "int32", (G * T,))
    bs = ir.Buffer("bs", "int32", (G,))
    sh, ex = ir.Buffer("sh", "int32", (T,), "shared"), ir.Buffer("ex", "int32", (T,), "shared")
    v, tot = ir.Buffer("v", "int32", (), "local"), ir.Buffer("tot", "int32", (), "local")
    t, warp, lane, b, g, i, j = (ir.Var("t"), ir.Var("warp"), ir.Var("lane"), ir.Var("b"), ir.Var("g"), ir.Var("i"),
                                 ir.Var("j"))
    body = [ir.Alloc(sh), ir.Alloc(ex), ir.Alloc(v), ir.Alloc(tot),
            ir.Let(t, ir.cast("int32", TX + u(8) * TY)), ir.Let(warp, t / ws), ir.Let(lane, t % ws),
            ir.Let(b, ir.cast("int32", BX + u(2) * BY)), ir.Let(g, b * T + t),
            ir.Store(v, (), x[g]),
            ir.Store(ex, (t,), v[()]), ir.Barrier("warp"),
            ir.Store(v, (), v[()] + ex[warp * ws + (lane + 1) % ws]),
            ir.Store(sh, (t,), v[()]), ir.Barrier("block"),
            ir.If(ir.eq(t, 0), ir.block(ir.Store(bs, (b,), 0),
                                        ir.loop(i, T, ir.Store(bs, (b,), bs[b] + sh[i])))),
            ir.Barrier("grid"),
            ir.loop(j, G, ir.Store(tot, (), tot[()] + bs[j])),
            ir.Store(y, (g,), v[()] * 100 + tot[()])]
    k = recover(body, [(x, "in"), (y, "out"), (bs, "inout")], Hierarchy.gpu(grid, blk, ws), "coop")
    check_loop_form(k)
    allocs = {a.buffer.name: a.buffer for a in stmts_of(k, ir.Alloc)}
    assert allocs["v"].shape == (ir.Const(G), ir.Const(T))       # live across the grid barrier
    assert allocs["tot"].shape == ()                                # declared early, used after it only
    xv = rng.integers(-50, 50, G * T).astype(np.int32)
    res = ir.compile_and_run(k, {"x": xv, "bs": np.zeros(G, np.int32)})
    xb = xv.reshape(G, T // ws, ws)
    vv = (xb + np.roll(xb, -1, axis=2)).reshape(G, T)
    np.testing.assert_array_equal(res["bs"], vv.sum(axis=1))
    np.testing.assert_array_equal(res["y"], (vv * 100 + vv.sum()).reshape(-1))


def test_uniformity_levels():
    from xpiler.lift.uniformity import Uniformity
    sh = ir.Buffer("sh", "float32", (64,), "shared")
    s_ok, s_bad = ir.Buffer("s_ok", "int32", (), "local"), ir.Buffer("s_bad", "int32", (), "local")
    tid, warp, lane, i = ir.Var("tid", U), ir.Var("warp", U), ir.Var("lane", U), ir.Var("i")
    body = ir.block(ir.Alloc(sh), ir.Alloc(s_ok), ir.Alloc(s_bad),
                    ir.Let(tid, TX), ir.Let(warp, tid / u(32)), ir.Let(lane, tid & u(31)),
                    ir.Store(s_ok, (), 32), ir.Store(s_bad, (), ir.cast("int32", lane)),
                    ir.loop(i, 4, ir.Store(s_ok, (), s_ok[()] >> 1)))
    uni = Uniformity(body, ["blockIdx_x"], [("threadIdx_x", 64)], warp_size=32)
    assert uni.level(warp) == 1 and uni.level(lane) == 2 and uni.level(tid / u(64)) == -1
    assert uni.level(BX + warp) == 1 and uni.level(BX * u(2)) == 0
    assert uni.level(sh[0]) == 0 and uni.level(sh[warp]) == 1 and uni.level(sh[lane]) == 2
    assert uni.level(s_ok[()]) == -1 and uni.level(s_bad[()]) == 2
    flat = Uniformity(body, ["blockIdx_x"], [("threadIdx_x", 64)])          # no warps: one block level
    assert flat.level(warp) == 1 and flat.level(lane) == 1 and flat.level(tid / u(64)) == -1
