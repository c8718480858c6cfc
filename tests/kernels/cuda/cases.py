"""The CUDA feature cases: for each kernel in this folder, realistic random inputs, the launch, and
an independent NumPy reference. Shared by tests/test_cuda_engine.py (CPU engine against the
reference) and tests/gpu/crosscheck.py (CPU engine against a real GPU).

Every case is deterministic: `inputs(rng)` gets a generator seeded from the case name.
Outputs start poisoned (NaN, or an unlikely integer) so that unwritten elements are caught.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from casekit import L, close, equal, fpoison, ipoison, registry  # noqa: E402,F401

HERE = Path(__file__).resolve().parent


CASES, case = registry(HERE)


def ulps(got, ref, what, max_ulp, abs_tol=0.0):
    """|got - ref| <= (max_ulp + 0.5) * ulp(ref) + abs_tol, with ulp of the float32 result. CUDA states
    errors against the correctly rounded result, which is up to 0.5 ulp from the exact `ref`."""
    max_ulp = np.asarray(max_ulp, dtype=np.float64) + 0.5
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    ulp = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
    with np.errstate(invalid="ignore"):
        err = np.abs(got - ref)
    bad = ~((err <= max_ulp * ulp + abs_tol) | (got == ref) | (np.isnan(got) & np.isnan(ref)))
    if bad.any():
        i = np.flatnonzero(bad)[:5]
        raise AssertionError(f"{what}: {bad.sum()} exceed {max_ulp} ulp (+{abs_tol}); at {i.tolist()} got "
                             f"{got[i].tolist()} expected {ref[i].tolist()}")


def bf16_round(x) -> np.ndarray:
    """float -> bfloat16 value (as float32), round to nearest even, by frexp/rint (no bit tricks)."""
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    fin = np.isfinite(x) & (x != 0)
    m, e = np.frexp(x[fin])                       # x = m * 2^e, 0.5 <= |m| < 1
    e = np.maximum(e, -125)                      # bf16 subnormals share float32's exponent range
    q = np.ldexp(np.rint(np.ldexp(x[fin], 8 - e)), e - 8)
    q[np.abs(q) > 3.3895313892515355e38] = np.inf * np.sign(q[np.abs(q) > 3.3895313892515355e38])
    out[fin] = q
    return out.astype(np.float32)


def half_bits(a):
    return np.asarray(a, dtype=np.float16).view(np.uint16)


# ------------------------------------------------------------------------------------------ basics.cu
def _saxpy_in(rng):
    n = 5000
    return dict(y=rng.standard_normal(n).astype(np.float32), x=rng.standard_normal(n).astype(np.float32),
                a=1.7, n=n)


def _saxpy_check(i, o):
    close(o["y"], 1.7 * i["x"].astype(np.float64) + i["y"], 1e-6, 1e-6, "y")


case("grid_stride", "basics.cu", "grid_stride_saxpy", L(4, 128))((_saxpy_in, _saxpy_check))


def _t2d_in(rng):
    w, h = 37, 23
    return dict(out=fpoison(w * h), **{"in": rng.uniform(-5, 5, w * h).astype(np.float32)}, w=w, h=h)


def _t2d_check(i, o):
    w, h = 37, 23
    a = i["in"].reshape(h, w).astype(np.float64)
    ref = 2 * a.T + np.arange(w)[:, None]
    close(o["out"], ref.ravel(), 1e-6, 1e-6, "out")


case("index_2d", "basics.cu", "transpose2d", L((5, 6), (8, 4)))((_t2d_in, _t2d_check))

_NX, _NY, _NZ, _B3 = 13, 7, 5, (4, 4, 2)


def _l3d_in(rng):
    n = _NX * _NY * _NZ
    return dict(out=fpoison(n), ids=ipoison(n), **{"in": rng.standard_normal(n).astype(np.float32)},
                nx=_NX, ny=_NY, nz=_NZ)


def _l3d_check(i, o):
    a = np.pad(i["in"].reshape(_NZ, _NY, _NX).astype(np.float64), 1)
    c = a[1:-1, 1:-1, 1:-1]
    lap = (-6 * c + a[1:-1, 1:-1, :-2] + a[1:-1, 1:-1, 2:] + a[1:-1, :-2, 1:-1] + a[1:-1, 2:, 1:-1]
           + a[:-2, 1:-1, 1:-1] + a[2:, 1:-1, 1:-1])
    close(o["out"], lap.ravel(), 1e-5, 1e-5, "out")
    z, y, x = np.meshgrid(np.arange(_NZ), np.arange(_NY), np.arange(_NX), indexing="ij")
    bx, by, bz = _B3
    gx, gy = -(-_NX // bx), -(-_NY // by)
    tid = ((z % bz) * by + (y % by)) * bx + (x % bx)
    bid = ((z // bz) * gy + (y // by)) * gx + (x // bx)
    equal(o["ids"], (bid * bx * by * bz + tid).ravel().astype(np.int32), "ids")


case("index_3d", "basics.cu", "laplace3d", L((4, 2, 3), _B3))((_l3d_in, _l3d_check))

_MM = (45, 37, 50)


def _mm_in(rng):
    M, N, K = _MM
    return dict(A=rng.standard_normal(M * K).astype(np.float32), B=rng.standard_normal(K * N).astype(np.float32),
                C=fpoison(M * N), M=M, N=N, K=K)


def _mm_check(i, o):
    M, N, K = _MM
    ref = i["A"].reshape(M, K).astype(np.float64) @ i["B"].reshape(K, N)
    close(o["C"], ref.ravel(), 1e-5, 1e-4, "C")


case("static_shared_matmul", "basics.cu", "matmul_tiled", L((3, 3), (16, 16)),
     gpu_tol={"C": (1e-4, 1e-5)})((_mm_in, _mm_check))


def _dyn_in(rng):
    n = 1000
    return dict(out=fpoison(n), rank=ipoison(n), **{"in": rng.standard_normal(n).astype(np.float32)},
                keys=rng.integers(-50, 50, n).astype(np.int32), n=n)


def _dyn_check(i, o):
    n, B = 1000, 128
    x, keys = i["in"], i["keys"]
    ref_out = np.empty(n, np.float32)
    ref_rank = np.empty(n, np.int32)
    for base in range(0, n, B):
        idx = np.arange(base, base + B)
        vals = np.where(idx < n, x[np.minimum(idx, n - 1)], 0)
        j = base + B - 1 - np.arange(B)
        ref_out[j[j < n]] = vals[j < n]
        real = idx[idx < n]
        order = np.argsort(keys[real], kind="stable")
        ref_rank[real[order]] = np.arange(len(real))
    equal(o["out"], ref_out, "out")
    equal(o["rank"], ref_rank, "rank")


case("dynamic_shared", "basics.cu", "dyn_shared_reverse", L(8, 128, 2 * 128 * 4))((_dyn_in, _dyn_check))


def _red_in(rng):
    n = 10000
    return dict(**{"in": rng.uniform(-1, 3, n).astype(np.float32)}, sums=fpoison(7), maxes=fpoison(7), n=n)


def _red_check(i, o):
    x = i["in"].astype(np.float64)
    blk = (np.arange(len(x)) // 256) % 7
    close(o["sums"], [x[blk == b].sum() for b in range(7)], 1e-5, 1e-3, "sums")
    equal(o["maxes"], np.array([x[blk == b].max() for b in range(7)], np.float32), "maxes")


case("block_reduce", "basics.cu", "block_reduce<256>", L(7, 256),
     gpu_tol={"sums": (1e-3, 1e-5)})((_red_in, _red_check))


def _bv_in(rng):
    p = rng.integers(0, 2, 4 * 96) * rng.integers(1, 9, 4 * 96)
    p[96:192] = 3          # block 1: all true
    p[192:288] = 0         # block 2: all false
    p[288:384] = 0
    p[300] = 1             # block 3: one true
    return dict(pred=p.astype(np.int32), count=ipoison(4), all=ipoison(4), any=ipoison(4))


def _bv_check(i, o):
    p = i["pred"].reshape(4, 96) != 0
    equal(o["count"], p.sum(axis=1).astype(np.int32), "__syncthreads_count")
    equal(o["all"], p.all(axis=1).astype(np.int32), "__syncthreads_and")
    equal(o["any"], p.any(axis=1).astype(np.int32), "__syncthreads_or")


case("syncthreads_count_and_or", "basics.cu", "barrier_votes", L(4, 96))((_bv_in, _bv_check))


# ------------------------------------------------------------------------------------------ warp.cu
def _wr_in(rng):
    n = 1000
    return dict(**{"in": rng.standard_normal(n).astype(np.float32)}, down_sum=fpoison(32), xor_sum=fpoison(1024), n=n)


def _wr_check(i, o):
    x = np.zeros(1024)
    x[:1000] = i["in"]
    sums = x.reshape(32, 32).sum(axis=1)
    close(o["down_sum"], sums, 1e-5, 1e-5, "down_sum")
    close(o["xor_sum"], np.repeat(sums, 32), 1e-5, 1e-5, "xor_sum")
    xs = o["xor_sum"].reshape(32, 32)
    equal(xs, np.repeat(xs[:, :1], 32, axis=1), "xor_sum is the same in every lane")


case("warp_reduce_shfl", "warp.cu", "warp_reduce", L(8, 128),
     gpu_tol={"down_sum": (1e-5, 1e-5), "xor_sum": (1e-5, 1e-5)})((_wr_in, _wr_check))


def _ws_in(rng):
    n = 192
    return dict(**{"in": rng.integers(-100, 100, n).astype(np.int32)}, src_lane=rng.integers(0, 32, 6).astype(np.int32),
                bcast=ipoison(n), scan=ipoison(n), dscan=fpoison(n, np.float64))


def _ws_check(i, o):
    x = i["in"].reshape(6, 32)
    equal(o["bcast"], np.repeat(3 * x[np.arange(6), i["src_lane"]], 32), "bcast")
    equal(o["scan"], np.cumsum(x, axis=1).ravel().astype(np.int32), "scan")
    equal(o["dscan"], 0.5 * np.cumsum(x, axis=1).ravel(), "dscan")


case("warp_broadcast_scan", "warp.cu", "warp_scan", L(3, 64))((_ws_in, _ws_check))


def _sw_in(rng):
    n = 128
    return dict(**{"in": rng.integers(-1000, 1000, n).astype(np.int32)},
                **{k: ipoison(n) for k in ("idx8", "up4", "down16", "xor8", "sum8")})


def _sw_check(i, o):
    x = i["in"]
    lane = np.arange(128) % 32
    w = np.arange(128) - lane                    # warp base
    g8 = lane // 8 * 8
    equal(o["idx8"], x[w + g8 + 5], "idx8")
    up = np.where(lane % 4 >= 1, np.arange(128) - 1, np.arange(128))
    equal(o["up4"], x[up], "up4")
    down = np.where(lane % 16 + 3 < 16, np.arange(128) + 3, np.arange(128))
    equal(o["down16"], x[down], "down16")
    equal(o["xor8"], x[w + (lane ^ 6)], "xor8")
    equal(o["sum8"], np.repeat(x.reshape(16, 8).sum(axis=1), 8).astype(np.int32), "sum8")


case("shfl_width_lt_32", "warp.cu", "shfl_width", L(2, 64))((_sw_in, _sw_check))

_VB = 48   # block size: one full warp and one 16-lane warp per block


def _votes_in(rng):
    n = 2 * _VB
    p = rng.integers(0, 2, n) * rng.integers(1, 100, n)
    p[_VB + 32:_VB + 48] = 7                      # block 1's partial warp: all true
    p[32:48] = 0                                  # block 0's partial warp: all false
    return dict(pred=p.astype(np.int32), ballot=ipoison(n, np.uint32), any=ipoison(n), all=ipoison(n),
                active=ipoison(n, np.uint32), branch_active=ipoison(n, np.uint32), lane_rank=ipoison(n))


def _votes_ref(pred):
    n = len(pred)
    t = np.arange(n) % _VB
    lane = t % 32
    ref = {k: np.zeros(n, np.int64) for k in ("ballot", "any", "all", "active", "branch_active", "lane_rank")}
    for blk in range(n // _VB):
        for wstart in range(0, _VB, 32):
            lanes = min(32, _VB - wstart)
            sl = slice(blk * _VB + wstart, blk * _VB + wstart + lanes)
            exists = (1 << lanes) - 1
            p = pred[sl] != 0
            ballot = sum(1 << l for l in range(lanes) if p[l])
            ref["ballot"][sl] = ballot
            ref["any"][sl] = int(ballot != 0)
            ref["all"][sl] = int(ballot == exists)
            ref["active"][sl] = exists
            for l in range(lanes):
                ref["branch_active"][sl.start + l] = (exists & 0x3FF) if l < 10 else ((exists & ~0x3FF) | 1)
                ref["lane_rank"][sl.start + l] = bin(ballot & ((1 << l) - 1)).count("1") if p[l] else -1
    return ref


def _votes_check(i, o):
    ref = _votes_ref(i["pred"])
    for k in ("ballot", "active", "branch_active"):
        equal(o[k], ref[k].astype(np.uint32), k)
    for k in ("any", "all", "lane_rank"):
        assert np.all((o[k] != 0) == (ref[k] != 0)) if k != "lane_rank" else True, k
    equal(o["lane_rank"], ref["lane_rank"].astype(np.int32), "lane_rank")


case("votes_partial_warp", "warp.cu", "votes", L(2, _VB),
     gpu_informational=("branch_active",))((_votes_in, _votes_check))


def _swp_in(rng):
    n = 192
    return dict(**{"in": rng.standard_normal(n).astype(np.float32)}, out=fpoison(n), shift=5)


def _swp_check(i, o):
    x = i["in"]
    t = np.arange(192) % 96
    lane, base = t % 32, np.arange(192) - t % 32
    v = x[base + (lane + 5) % 32]
    s2 = 2 * v
    close(o["out"], s2[base + (lane + 1) % 32] + v, 1e-6, 0, "out")


case("syncwarp", "warp.cu", "syncwarp_rotate", L(2, 96))((_swp_in, _swp_check))


def _mr_in(rng):
    n = 64
    k = np.empty(n, np.int64)
    k[:32] = rng.choice([1000, 1001, 1500, 1999], 32)    # warp 0: k/1000 uniform
    k[32:] = rng.choice([1000, 2002, 2005, 3000], 32)    # warp 1: not uniform
    return dict(key=k.astype(np.int32), any_mask=ipoison(n, np.uint32), all_pred=ipoison(n),
                rsum=ipoison(n, np.uint32), rmax=ipoison(n, np.uint32), rxor=ipoison(n, np.uint32))


def _mr_check(i, o):
    k = i["key"].reshape(2, 32).astype(np.int64)
    anym = np.array([[sum(1 << m for m in range(32) if row[m] == row[l]) for l in range(32)] for row in k])
    equal(o["any_mask"], anym.ravel().astype(np.uint32), "any_mask")
    equal(o["all_pred"], np.repeat([1, 0], 32).astype(np.int32), "all_pred")
    equal(o["rsum"], np.repeat(k.sum(axis=1) % 2**32, 32).astype(np.uint32), "rsum")
    equal(o["rmax"], np.repeat(k.max(axis=1), 32).astype(np.uint32), "rmax")
    equal(o["rxor"], np.repeat(np.bitwise_xor.reduce(k, axis=1), 32).astype(np.uint32), "rxor")


case("match_reduce", "warp.cu", "match_reduce", L(1, 64))((_mr_in, _mr_check))


# ------------------------------------------------------------------------------------------ atomics.cu
_ACC0 = np.array([11, -13, -5000000, 5000000, -1, 0, 0x12345678, 3], np.int32)


def _ai_in(rng):
    n = 3000
    return dict(vals=rng.integers(-1000000, 1000000, n).astype(np.int32), acc=_ACC0.copy(), olds=ipoison(n),
                last=np.array([424242], np.int32), inc=np.array([0, 4], np.uint32),
                wide=np.array([2**40 + 5], np.uint64), n=n)


def _ai_check(i, o):
    v = i["vals"].astype(np.int64)
    n = len(v)
    wrap = lambda x: ((int(x) + 2**31) % 2**32) - 2**31
    ref = [wrap(11 + v.sum()), wrap(-13 - v.sum()), max(-5000000, v.max()), min(5000000, v.min()),
           wrap(np.bitwise_and.reduce(v | 0x0F0F0000) & -1), wrap(np.bitwise_or.reduce(v & 0x00F0F0F0)),
           wrap(0x12345678 ^ np.bitwise_xor.reduce(v)), wrap(3 + (v & 0xFF).sum())]
    equal(o["acc"], np.array(ref, np.int32), "acc")
    equal(np.sort(np.concatenate([o["olds"], o["last"]])), np.sort(np.concatenate([i["vals"], [424242]])),
          "atomicExch chain")
    equal(o["inc"], np.array([n % 7, (4 - n) % 10], np.uint32), "atomicInc/Dec")
    equal(o["wide"], np.array([(2**40 + 5 + int(((v % 2**32) * 4096).sum())) % 2**64], np.uint64), "wide")


# the atomicExch chain (olds + last) depends on the order of the threads: the reference check covers it
case("atomics_int", "atomics.cu", "atomics_int", L(12, 256),
     gpu_informational=("olds", "last"))((_ai_in, _ai_check))


def _af_in(rng):
    n = 2000
    return dict(vals=rng.standard_normal(n).astype(np.float32) * 10,
                facc=np.array([0.5, -1e30, 1e30], np.float32), dacc=np.array([1.25]),
                fexch_old=fpoison(n), fexch_last=np.array([-7.5], np.float32), n=n)


def _af_check(i, o):
    v = i["vals"].astype(np.float64)
    close(o["facc"][:1], [0.5 + v.sum()], 0, 1e-3 * np.abs(v).sum() * 1e-3, "atomicAdd float")
    equal(o["facc"][1:], np.array([v.max(), v.min()], np.float32), "float max/min via atomicCAS")
    close(o["dacc"], [1.25 + 0.25 * v.sum()], 1e-12, 1e-9, "atomicAdd double")
    equal(np.sort(np.concatenate([o["fexch_old"], o["fexch_last"]])),
          np.sort(np.concatenate([i["vals"], [-7.5]]).astype(np.float32)), "atomicExch float chain")


case("atomics_float", "atomics.cu", "atomics_float", L(8, 256), gpu_informational=("fexch_old", "fexch_last"),
     gpu_tol={"facc": (1e-3, 1e-6), "dacc": (1e-9, 1e-12)},
     )((_af_in, _af_check))


def _hist_in(rng):
    n, nb = 20000, 100
    return dict(data=rng.integers(-5, nb + 5, n).astype(np.int32), bins=rng.integers(0, 50, nb).astype(np.uint32),
                n=n, nbins=nb)


def _hist_check(i, o):
    d = i["data"]
    d = d[(d >= 0) & (d < 100)]
    equal(o["bins"], (i["bins"] + np.bincount(d, minlength=100)).astype(np.uint32), "bins")


case("histogram", "atomics.cu", "histogram", L(10, 128, 100 * 4))((_hist_in, _hist_check))


def _tk_in(rng):
    n = 500
    return dict(counter=np.array([0], np.int32), order=ipoison(n), n=n)


def _tk_check(i, o):
    equal(o["counter"], np.array([500], np.int32), "counter")
    equal(np.sort(o["order"]), np.arange(500, dtype=np.int32), "order is a permutation")


case("atomic_ticket", "atomics.cu", "ticket", L(8, 64), unordered=("order",))((_tk_in, _tk_check))


# ------------------------------------------------------------------------------------------ math.cu
_NM = 2000


def _math_in(rng):
    n = _NM
    y = rng.uniform(0.1, 10, n) * rng.choice([-1, 1], n)
    return dict(x=rng.uniform(-np.pi, np.pi, n).astype(np.float32),
                p=np.exp(rng.uniform(np.log(0.01), np.log(100), n)).astype(np.float32),
                y=y.astype(np.float32), out=fpoison(22 * n), n=n)


def _erf(x):
    import math
    return np.array([math.erf(v) for v in x])


def _math_ref(i):
    a, b, c = (i[k].astype(np.float64) for k in ("x", "p", "y"))
    f32 = lambda v: np.asarray(v, np.float32).astype(np.float64)
    return [np.exp(a), np.exp(a), np.log(b), np.log(b), np.log2(b), np.sin(a), np.cos(a), np.sin(a),
            np.tan(f32(a * np.float32(0.4))), a / c, 1 / np.sqrt(b), b ** f32(a * 0.5), 10 ** f32(a * 0.5), np.sqrt(b),
            np.clip(a, 0, 1), a * c + b, np.rint(f32(np.float32(a) * np.float32(10))).astype(np.int64).astype(np.float64), _erf(a), np.tanh(a), 1 / c,
            np.cbrt(b), np.exp2(a)]


def _math_check(i, o):
    n = _NM
    out = o["out"].reshape(22, n).astype(np.float64)
    ref = _math_ref(i)
    a, b = i["x"].astype(np.float64), i["p"].astype(np.float64)
    near1 = (b >= 0.5) & (b <= 2)
    ulps(out[0], ref[0], "__expf", 2 + np.floor(np.abs(1.173 * a)))
    ulps(out[1], ref[1], "expf", 2)
    ulps(out[2][~near1], ref[2][~near1], "__logf", 3)
    ulps(out[2][near1], ref[2][near1], "__logf [0.5,2]", 0, 2 ** -21.41)
    ulps(out[3], ref[3], "logf", 1)
    ulps(out[4][~near1], ref[4][~near1], "__log2f", 2)
    ulps(out[4][near1], ref[4][near1], "__log2f [0.5,2]", 0, 2 ** -22)
    ulps(out[5], ref[5], "__sinf", 0, 2 ** -21.41)
    ulps(out[6], ref[6], "__cosf", 0, 2 ** -21.19)
    ulps(out[7], ref[7], "sinf", 2)
    t = np.asarray(i["x"] * np.float32(0.4), np.float64)   # __tanf is __sinf(t) * (1 / __cosf(t))
    ulps(out[8], ref[8], "__tanf", 4, 2 ** -21.41 / np.abs(np.cos(t)) + np.abs(np.sin(t)) * 2 ** -21.19 / np.cos(t) ** 2)
    ulps(out[9], ref[9], "__fdividef", 2)
    ulps(out[10], ref[10], "rsqrtf", 2)
    y = np.asarray(i["x"] * np.float32(0.5), np.float64)
    ulps(out[11], ref[11], "__powf", 4 + 2 * np.abs(y * np.log2(b)))
    ulps(out[12], ref[12], "__exp10f", 2 + np.floor(np.abs(2.97 * y)))
    equal(out[13].astype(np.float32), ref[13].astype(np.float32), "sqrtf (correctly rounded)")
    equal(out[14], ref[14].astype(np.float32).astype(np.float64), "__saturatef")
    ulps(out[15], ref[15], "__fmaf_rn", 0.5)
    equal(out[16], ref[16], "__float2int_rn")
    ulps(out[17], ref[17], "erff", 2)
    ulps(out[18], ref[18], "tanhf", 2)
    equal(out[19].astype(np.float32), ref[19].astype(np.float32), "__frcp_rn (correctly rounded)")
    ulps(out[20], ref[20], "cbrtf", 1)
    ulps(out[21], ref[21], "exp2f", 2)


MATH_NAMES = ["__expf", "expf", "__logf", "logf", "__log2f", "__sinf", "__cosf", "sinf", "__tanf", "__fdividef",
              "rsqrtf", "__powf", "__exp10f", "sqrtf", "__saturatef", "__fmaf_rn", "__float2int_rn", "erff", "tanhf",
              "__frcp_rn", "cbrtf", "exp2f"]

case("math_fast_intrinsics", "math.cu", "math_funcs", L(16, 128),
     gpu_tol={"out": (1e-6, 2e-6)})((_math_in, _math_check))

_SPECIAL = np.array([0.5, 1.5, 2.5, -2.5, -0.5, 3e9, -3e9, 1e20, np.nan, np.inf, -np.inf, 1.7014118e38, -1.7014118e38,
                     1e38, 5e37, -0.0, 0.0, 7.49999, 65536.7, -1.2, 4294967040.0, 4294967296.0, -1e20, 8.5e37],
                    np.float32)


def _ms_in(rng):
    n = len(_SPECIAL)
    return dict(v=_SPECIAL.copy(), ints=ipoison(6 * n), floats=fpoison(4 * n), n=n)


def _sat(x, lo, hi):
    """CUDA float->int conversion: saturate to the destination range, NaN -> 0."""
    return np.array([0 if np.isnan(v) else lo if v <= lo else hi if v >= hi else int(v) for v in np.asarray(x, np.float64)],
                    dtype=object)


def _ms_check(i, o):
    v = i["v"].astype(np.float64)
    I32 = (-2**31, 2**31 - 1)
    ref_i = np.stack([_sat(np.rint(v), *I32), _sat(np.trunc(v), *I32), _sat(np.floor(v), *I32),
                      _sat(np.ceil(v), *I32), _sat(np.rint(v), 0, 2**32 - 1),
                      _sat(np.rint(np.float32(v) * np.float32(0.5)), -2**63, 2**63 - 1)], axis=1)
    ref_i = ((ref_i % 2**32 + 2**31) % 2**32 - 2**31).astype(np.int64).astype(np.int32)   # the low 32 bits are stored
    equal(o["ints"].reshape(-1, 6), ref_i, "float->int intrinsics")
    with np.errstate(all="ignore"):
        fd = np.where((np.abs(v) > 2.0**126) & np.isfinite(v), 0.0, 1.0 / v)
        ref_f = np.stack([fd, np.fmax(v, 1), np.fmin(v, -1), np.copysign(2, v)], axis=1).astype(np.float32)
    got = o["floats"].reshape(-1, 4)
    equal(got[:, 1:], ref_f[:, 1:], "fmaxf/fminf/copysignf")
    ulps(got[:, 0], ref_f[:, 0], "__fdividef(1, v)", 2)


case("math_special_values", "math.cu", "math_special", L(1, 32))((_ms_in, _ms_check))


def _bits_in(rng):
    n = 257
    u = rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)
    u[:6] = [0, 0xFFFFFFFF, 1, 0x80000000, 0x00010000, 0x7FFFFFFF]
    return dict(u=u, out=ipoison(5 * n), uout=ipoison(5 * n, np.uint32), n=n)


def _brev(x):
    return int(f"{x:032b}"[::-1], 2)


def _bits_check(i, o):
    u = [int(x) for x in i["u"]]
    n = len(u)
    s32 = lambda x: x - 2**32 if x >= 2**31 else x
    ref, uref = [], []
    for k, a in enumerate(u):
        b = u[(k + 1) % n]
        ref += [bin(a).count("1"), 32 - a.bit_length(), (a & -a).bit_length(), bin(a).count("1") + bin(b).count("1"),
                s32(((s32(a) * s32(b)) >> 32) % 2**32)]
        both = (b << 32) | a
        bp = 0
        for byte, sel in enumerate([0x0, 0x4, 0x1, 0x5]):
            bp |= ((both >> (8 * sel)) & 0xFF) << (8 * byte)
        sh = k & 31
        uref += [_brev(a), bp, (both << sh >> 32) & 0xFFFFFFFF, (both >> sh) & 0xFFFFFFFF,
                 ((a * b) >> 32) ^ (abs((a & 0xFFFF) - (b & 0xFFFF)) + 7)]
    equal(o["out"], np.array(ref, np.int64).astype(np.int32), "int bit ops")
    equal(o["uout"], np.array(uref, np.uint64).astype(np.uint32), "unsigned bit ops")


case("bit_intrinsics", "math.cu", "bits", L(3, 128))((_bits_in, _bits_check))


# ------------------------------------------------------------------------------------------ half.cu
def _ha_in(rng):
    n = 1000
    h = lambda: (rng.standard_normal(n) * 4).astype(np.float16)
    return dict(a=h(), b=h(), c=h(), out=fpoison(8 * n, np.float16), n=n)


def _ha_check(i, o):
    a, b, c = i["a"], i["b"], i["c"]
    f64 = lambda x: x.astype(np.float64)
    with np.errstate(all="ignore"):
        ref = [a + b, a - b, a * b, a / b, (f64(a) * f64(b) + f64(c)).astype(np.float16), (a * b) + c, -a,
               np.sqrt(np.abs(a).astype(np.float32)).astype(np.float16)]
    out = o["out"].reshape(8, -1)
    for k, name in enumerate(["__hadd", "__hsub", "__hmul", "__hdiv", "__hfma", "__hadd_rn(__hmul_rn)", "__hneg",
                              "hsqrt"]):
        equal(out[k], np.asarray(ref[k], np.float16), name)


case("half_arith", "half.cu", "half_arith", L(8, 128))((_ha_in, _ha_check))


def _hacc_in(rng):
    n = 6000
    return dict(x=rng.uniform(0, 1, n).astype(np.float16), hsum=fpoison(1, np.float16), fsum=fpoison(1), n=n)


def _hacc_check(i, o):
    acc = np.float16(0)
    facc = np.float32(0)
    for v in i["x"]:
        acc = np.float16(acc + v)
        facc = np.float32(facc + np.float32(v))
    equal(o["hsum"], np.array([acc]), "half running sum")
    equal(o["fsum"], np.array([facc]), "float running sum")
    assert float(acc) < 0.8 * float(facc)        # the half sum stalls


case("half_accumulate", "half.cu", "half_accumulate", L(1, 32))((_hacc_in, _hacc_check))

_HF = np.array([65504, 65519.99, 65520, -65520, 1e-8, 6e-8, 2.98e-8, 2.9802322387695312e-08, -0.0, np.nan, np.inf,
                -np.inf, 0.1, 1 / 3, 2049, 2051, 100000, 5.5, -6.5, 0.49999997], np.float32)


def _hc_in(rng):
    n = 64
    f = np.concatenate([_HF, (rng.standard_normal(n - len(_HF)) * 100)]).astype(np.float32)
    d = (rng.standard_normal(n) * 3).astype(np.float64)
    d[:4] = [1 + 2.0**-11 + 2.0**-40, 1 + 2.0**-11 - 2.0**-40, 2048 + 1 + 1e-9, -(1 + 3 * 2.0**-11 + 2.0**-45)]
    return dict(f=f, d=d, h=fpoison(n, np.float16), hd=fpoison(n, np.float16), back=fpoison(n), ints=ipoison(2 * n),
                n=n)


def _hc_check(i, o):
    with np.errstate(over="ignore"):
        h = i["f"].astype(np.float16)
    equal(o["h"], h, "__float2half")
    equal(o["hd"], i["d"].astype(np.float16), "__double2half (no double rounding)")
    equal(o["back"], h.astype(np.float32), "__half2float")
    hf = h.astype(np.float64)
    ints = np.stack([_sat(np.rint(hf), -2**31, 2**31 - 1), _sat(np.trunc(hf), -2**31, 2**31 - 1)], axis=1)
    equal(o["ints"].reshape(-1, 2), ints.astype(np.int64).astype(np.int32), "__half2int_rn/_rz")


case("half_convert", "half.cu", "half_convert", L(2, 32))((_hc_in, _hc_check))

_HNAN = np.float16(np.nan)


def _hm_in(rng):
    pairs = [(np.nan, 1), (1, np.nan), (np.nan, np.nan), (0.0, -0.0), (-0.0, 0.0), (-0.0, -0.0), (2, 3), (-2, -3),
             (np.inf, np.nan), (-np.inf, 5), (65504, np.inf)]
    a = np.array([p[0] for p in pairs] + list(rng.standard_normal(21)), np.float16)
    b = np.array([p[1] for p in pairs] + list(rng.standard_normal(21)), np.float16)
    n = len(a)
    return dict(a=a, b=b, **{k: fpoison(n, np.float16) for k in ("mx", "mn", "mxn", "mnn")}, n=n)


def _hmax_ref(a, b, is_max, nan_prop):
    out = []
    for x, y in zip(a.astype(np.float64), b.astype(np.float64)):
        if np.isnan(x) or np.isnan(y):
            out.append(np.nan if nan_prop or (np.isnan(x) and np.isnan(y)) else (y if np.isnan(x) else x))
        elif x == 0 and y == 0:
            pos = x if not np.signbit(x) else y
            neg = x if np.signbit(x) else y
            out.append(pos if is_max else neg)
        else:
            out.append(max(x, y) if is_max else min(x, y))
    return np.array(out, np.float16)


def _hm_check(i, o):
    a, b = i["a"], i["b"]
    equal(o["mx"], _hmax_ref(a, b, True, False), "__hmax")
    equal(o["mn"], _hmax_ref(a, b, False, False), "__hmin")
    equal(o["mxn"], _hmax_ref(a, b, True, True), "__hmax_nan")
    equal(o["mnn"], _hmax_ref(a, b, False, True), "__hmin_nan")


case("half_minmax_nan", "half.cu", "half_minmax", L(1, 64))((_hm_in, _hm_check))


def _h2_in(rng):
    n = 300
    return dict(a=(rng.standard_normal(2 * n) * 3).astype(np.float32), b=(rng.standard_normal(2 * n) * 3).astype(np.float32),
                sum=fpoison(2 * n, np.float16), prod=fpoison(2 * n, np.float16), fma2=fpoison(2 * n, np.float16),
                lo_hi=fpoison(2 * n), npairs=n)


def _h2_check(i, o):
    x, y = i["a"].astype(np.float16), i["b"].astype(np.float16)
    s, p = x + y, x * y
    equal(o["sum"], s, "__hadd2")
    equal(o["prod"], p, "__hmul2")
    equal(o["fma2"], (x.astype(np.float64) * y + s).astype(np.float16), "__hfma2")
    equal(o["lo_hi"], s.astype(np.float32) + p.astype(np.float32), "__low2float/__high2float/__half22float2")


case("half2_pairs", "half.cu", "half2_ops", L(3, 128))((_h2_in, _h2_check))


def _bf_in(rng):
    n = 200
    f = (rng.standard_normal(n) * 50).astype(np.float32)
    f[:8] = [1.00390625, 1.01171875, -1.00390625, 3.3961e38, 1e-39, np.nan, np.inf, 0.0]   # ties, overflow, subnormal
    return dict(f=f, a=bf16_round(rng.standard_normal(n) * 8), b=bf16_round(rng.standard_normal(n) * 8),
                **{k: fpoison(n) for k in ("conv", "add", "mul", "fma")}, back=fpoison(n), n=n)


def _bf_check(i, o):
    a, b = i["a"].astype(np.float64), i["b"].astype(np.float64)
    conv = bf16_round(i["f"])
    equal(o["conv"], conv, "__float2bfloat16")
    equal(o["add"], bf16_round(a + b), "__hadd (bf16)")
    equal(o["mul"], bf16_round(a * b), "__hmul (bf16)")
    equal(o["fma"], bf16_round(a * b + conv.astype(np.float64)), "__hfma (bf16)")
    equal(o["back"], (i["a"] * 2).astype(np.float32), "__bfloat162float")


case("bfloat16", "half.cu", "bf16_ops", L(2, 128))((_bf_in, _bf_check))


# ------------------------------------------------------------------------------------------ wmma.cu
def _gemm_in(M, N, K):
    def make(rng):
        return dict(A=(rng.standard_normal(M * K)).astype(np.float16), B=(rng.standard_normal(K * N)).astype(np.float16),
                    C=rng.standard_normal(M * N).astype(np.float32), D=fpoison(M * N), M=M, N=N, K=K,
                    alpha=1.5, beta=-0.5)
    return make


def _gemm_check(M, N, K, a_col, b_col, d_col):
    def check(i, o):
        A = i["A"].astype(np.float64).reshape((K, M) if a_col else (M, K))
        B = i["B"].astype(np.float64).reshape((N, K) if b_col else (K, N))
        A = A.T if a_col else A
        B = B.T if b_col else B
        ref = 1.5 * (A @ B) - 0.5 * i["C"].reshape(M, N)
        mag = np.abs(A) @ np.abs(B)
        tol = K * 2.0**-23 * mag + 1e-6
        got = o["D"].reshape((N, M) if d_col else (M, N))
        got = got.T if d_col else got
        err = np.abs(got - ref)
        assert (err <= tol * 1.5 + 1e-6).all(), f"max error {err.max()} (tolerance {tol.max()})"
    return check


_GM = (48, 64, 80)
for _a, _b, _d in [(0, 0, 0), (0, 1, 0), (1, 0, 1), (1, 1, 0)]:
    _lay = ("row", "col")
    case(f"wmma_f32_a{_lay[_a]}_b{_lay[_b]}_d{_lay[_d]}",
         "wmma.cu", f"wmma_gemm<{_a},{_b},{_d}>", L((2, 2), 128), gpu_tol={"D": (1e-3, 1e-4)})(
        (_gemm_in(*_GM), _gemm_check(*_GM, _a, _b, _d)))

_GH = (32, 48, 64)


def _gh_in(rng):
    M, N, K = _GH
    return dict(A=(rng.standard_normal(M * K) * 0.5).astype(np.float16),
                B=(rng.standard_normal(K * N) * 0.5).astype(np.float16), D=fpoison(M * N, np.float16), M=M, N=N, K=K)


def _gh_check(i, o):
    M, N, K = _GH
    A = i["A"].astype(np.float64).reshape(M, K)
    B = i["B"].astype(np.float64).reshape(N, K).T
    ref = A @ B
    mag = np.abs(A) @ np.abs(B)
    err = np.abs(o["D"].astype(np.float64).reshape(M, N) - ref)
    tol = (K / 16 + 1) * 2.0**-11 * mag
    assert (err <= tol).all(), f"max error {err.max()}"


case("wmma_f16_accumulator", "wmma.cu", "wmma_gemm_half_acc", L((2, 1), 128),
     gpu_tol={"D": (2e-2, 5e-3)})((_gh_in, _gh_check))

_GS = (64, 64, 48)


def _gs_in(rng):
    M, N, K = _GS
    return dict(A=rng.standard_normal(M * K).astype(np.float16), B=rng.standard_normal(K * N).astype(np.float16),
                D=fpoison(M * N), M=M, N=N, K=K)


def _gs_check(i, o):
    M, N, K = _GS
    A = i["A"].astype(np.float64).reshape(M, K)
    B = i["B"].astype(np.float64).reshape(K, N)
    err = np.abs(o["D"].reshape(M, N) - A @ B)
    assert (err <= K * 2.0**-23 * (np.abs(A) @ np.abs(B)) * 1.5 + 1e-6).all(), err.max()


case("wmma_shared_staging", "wmma.cu", "wmma_gemm_smem", L((2, 2), 128),
     gpu_tol={"D": (1e-3, 1e-4)})((_gs_in, _gs_check))


# ------------------------------------------------------------------------------------------ host_runtime.cu
_HR = (37, 100)


def _hp_in(rng):
    rows, cols = _HR
    return dict(x=rng.standard_normal(rows * cols).astype(np.float32), y=fpoison(rows * cols), row_sums=fpoison(rows),
                info=fpoison(2), rows=rows, cols=cols, a=0.75, b=-2.0)


def _hp_check(i, o):
    rows, cols = _HR
    y = 0.75 * i["x"].astype(np.float64) - 2.0
    close(o["y"], y, 1e-6, 1e-6, "y")
    close(o["row_sums"], y.reshape(rows, cols).sum(axis=1), 1e-5, 1e-4, "row_sums")
    equal(o["info"], np.array([1, 0], np.float32), "event timing and cudaGetLastError")


case("host_runtime_pipeline", "host_runtime.cu", "host_pipeline", None,
     gpu_tol={"row_sums": (1e-4, 1e-5), "y": (1e-6, 1e-6)})((_hp_in, _hp_check))


def _iota_in(rng):
    n = 1000
    return dict(out=ipoison(n), n=n, k=7)


def _iota_check(i, o):
    j = np.arange(1000)
    equal(o["out"], (j * 7 + j // 64).astype(np.int32), "out")


case("launch_from_host_code", "host_runtime.cu", "iota_scaled", None)((_iota_in, _iota_check))


def _hcp_in(rng):
    n = 300
    return dict(src=rng.integers(-10**6, 10**6, n).astype(np.int32), dst=ipoison(n), n=n)


def _hcp_check(i, o):
    n, h = 300, 150
    j = np.arange(n - h)
    equal(o["dst"], np.concatenate([i["src"][:h], j * 3 + j // 64]).astype(np.int32), "dst")


case("host_runtime_copies_stream", "host_runtime.cu", "host_copies", None)((_hcp_in, _hcp_check))

def _hk_in(rng):
    n = 1000
    return dict(x=rng.uniform(-2, 2, n).astype(np.float32), y=fpoison(n),
                coeffs=np.array([0.5, -1.25, 0.75, 0.125], np.float32), blocks=ipoison(1), n=n)


def _hk_check(i, o):
    x = i["x"].astype(np.float64)
    c = i["coeffs"].astype(np.float64)
    close(o["y"], ((c[3] * x + c[2]) * x + c[1]) * x + c[0], 1e-5, 1e-5, "y")
    equal(o["blocks"], np.array([4], np.int32), "blocks counted in a __device__ variable")


case("constant_memory_and_symbols", "host_runtime.cu", "host_constant", None,
     gpu_tol={"y": (1e-5, 1e-5)})((_hk_in, _hk_check))

BY_NAME = {c.name: c for c in CASES}
