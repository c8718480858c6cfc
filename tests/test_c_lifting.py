"""The scalar meaning of the AVX-512 / VNNI intrinsics (xpiler/models/c/lifting.py) against the
real instructions.

Every case calls the real intrinsic in a generated C function (one translation unit, run once by
the C engine on the native path) and builds the lifted IR for the same call (one `run_many`);
results and memory must agree bit for bit. Floats compare bitwise except that any NaN matches any
NaN (which operand's payload an IR `+` keeps is up to the C compiler). Masked loads run on IR
buffers that end right after the last selected element (the IR runtime puts a guard page there),
so a read of a masked-off element faults. Intrinsics without hardware here are compared with the
EVEX spelling (AVX-VNNI), a NumPy model (AVX-VNNI-INT8/16) or libm (SVML exp).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

import xpiler
from xpiler import ir
from xpiler.ir.names import Names
from xpiler.models.c import cpu
from xpiler.models.c import lifting as L
from xpiler.models.c.intrinsics import INTRINSICS as TABLE

HAVE_NATIVE = not cpu.missing_for_native()
pytestmark = pytest.mark.skipif(not HAVE_NATIVE, reason="needs a CPU with AVX-512 F/BW/VL/VNNI")

NP = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "int8": np.int8, "uint8": np.uint8,
      "int16": np.int16, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64, "int64": np.int64,
      "bfloat16": np.uint16}
C_TYPE = {"int32": "int", "uint32": "unsigned int", "uint16": "unsigned short", "uint8": "unsigned char",
          "uint64": "unsigned long long", "int8": "signed char", "int16": "short", "float32": "float"}
MEM_DTYPES = ("int8", "uint8", "int16", "int32", "float32")
AVX_VNNI = {n for n in TABLE if n.endswith("_avx_epi32")}
NO_GCC = {n for n, e in TABLE.items() if not e.native}          # dpbssd... and SVML exp
# GCC 12 moves the __mmask16 of _mm512_mask(z)_dpbf16_ps into k1 with kmovb when AVX512DQ is on (its
# builtin has an 8-bit mask), so lanes 8..15 ignore the mask: the reference masks the unmasked result
REF_EXPR = {"_mm512_mask_dpbf16_ps": "_mm512_mask_mov_ps({0}, {1}, _mm512_dpbf16_ps({0}, {2}, {3}))",
            "_mm512_maskz_dpbf16_ps": "_mm512_maskz_mov_ps({0}, _mm512_dpbf16_ps({1}, {2}, {3}))"}
APPROX = {"_mm512_rcp14_ps": 2.0 ** -14, "_mm512_rsqrt14_ps": 2.0 ** -14}     # hardware approximations


# ------------------------------------------------------------------------------------------- data
def floats(rng, n, extra=()):
    x = (rng.standard_normal(n) * 10.0 ** rng.uniform(-3, 3, n)).astype(np.float32)
    pick = rng.random(n)
    ties = (rng.integers(-80, 80, n) / 2.0 ** rng.integers(1, 6, n)).astype(np.float32)   # k/2, k/4 ... k/32
    x = np.where(pick < 0.2, ties, x)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-40, -3e-39, 3.4e38, -1.17549435e-38, 2.5, -2.5,
                        0.5, -0.5, 1.5, 8388609.0, 3e9, -3e9, *extra], np.float32)
    idx = rng.random(n) < 0.2
    x[idx] = rng.choice(special, idx.sum())
    return x


def int_bytes(rng, nbytes):
    b = rng.integers(0, 256, nbytes, dtype=np.uint8)
    edges = np.array([0x00, 0x7F, 0x80, 0xFF, 0x01], np.uint8)
    idx = rng.random(nbytes) < 0.15
    b[idx] = rng.choice(edges, idx.sum())
    return b


def bf16_bits(rng, n):
    f = floats(rng, n)
    bits = (f.view(np.uint32) >> 16).astype(np.uint16)
    idx = rng.random(n) < 0.1
    bits[idx] = rng.integers(0, 0x80, idx.sum()) | rng.choice([0, 0x8000], idx.sum())    # denormals / zeros
    return bits


def vec_bytes(rng, vt, name):
    d, n = L.VALUE_TYPES[vt]
    if d == "float32":
        return floats(rng, n).view(np.uint8)
    if d == "bfloat16":
        return bf16_bits(rng, n).view(np.uint8)
    if d == "float64":
        return rng.standard_normal(n).view(np.uint8)
    if "ph_ps" in name:            # halves: include denormals, inf, nan
        h = np.concatenate([rng.standard_normal(2 * n) * 100, [np.inf, -np.nan, 1e-6, -0.0]]).astype(np.float16)[:n * 2]
        rng.shuffle(h)
        return h.view(np.uint8)
    return int_bytes(rng, n * 4)


def masks(rng, nbits, count=4):
    full = (1 << nbits) - 1
    out = [full, 0, int(rng.integers(0, 2 ** 63)) & full]
    while len(out) < count + 2:
        top = int(rng.integers(1, nbits + 1))
        out.append((int(rng.integers(0, 2 ** 63)) & ((1 << top) - 1)) | (1 << (top - 1)))   # holes, tail zeros
    return out


# -------------------------------------------------------------------------------------------- cases
@dataclass
class Arg:
    kind: str                 # vec | mem | scalar | imm
    ctype: str
    data: np.ndarray | None = None     # vec: bytes; mem: typed elements
    value: object = None               # scalar / imm
    dtype: str = ""                    # scalar: the IR dtype of the source expression; mem: pointee
    ir_len: int = 0                    # mem: elements visible to the IR (a masked tail is cut off)
    off: int = 0                       # mem: element offset of the pointer in the IR buffer


@dataclass
class Case:
    name: str
    args: list[Arg]
    ret: str
    ref: str = ""                      # intrinsic called on the C side (default: name)
    cid: int = 0
    out: dict = field(default_factory=dict)


def _mask_extent(k: int, g: int, s: int, total_bits: int) -> int:
    """pointee elements up to the last selected one"""
    bits = [b for b in range(total_bits // g) if k >> b & 1]
    if not bits:
        return 0
    end_byte = (bits[-1] + 1) * g // 8
    return -(-end_byte // (s // 8))


MEM_GRAN = {"epi8": 8, "epi32": 32, "ps": 32}


def make_cases(rng) -> list[Case]:
    cases = []
    for name in sorted(L.INTRINSICS):
        if name in NO_GCC:
            continue
        ret, _, params = L.parse_prototype(L.PROTOTYPES[name])
        ref = name.replace("_avx_epi32", "_epi32") if name in AVX_VNNI else name
        for variant in _variants(name, params, rng) + _special_variants(name, params, rng):
            cases.append(Case(name, variant, ret, ref))
    for i, c in enumerate(cases):
        c.cid = i
    return cases


def _imm_values(name):
    if "cmp_ps" in name:
        return list(range(32))
    if "cmp_epi32" in name:
        return [0, 1, 2, 3, 4, 5, 6, 7]
    if "roundscale" in name:
        return [0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x10, 0x11, 0x12, 0x13, 0x21, 0x33,
                0x4B, 0x80, 0xF0, 0xF3]
    if "cvtps_ph" in name:
        return [0, 1, 2, 3, 4, 8, 9, 10, 11]
    if "srai" in name:
        return [0, 1, 5, 17, 31, 32, 33, 200]
    return [8]


def _variants(name, params, rng):
    kinds = [("mem" if t.endswith("*") else "vec" if t in L.VALUE_TYPES else "scalar") for t, _ in params]
    mask_t = [t for t, _ in params if t.startswith("__mmask")]
    has_imm = any(n in ("imm", "rounding") for _, n in params)
    ks = masks(rng, {"__mmask8": 8, "__mmask16": 16, "__mmask64": 64}[mask_t[0]]) if mask_t else [None]
    imms = _imm_values(name) if has_imm else [None]
    mem_dts = MEM_DTYPES if "mem" in kinds else [None]
    slots = [(imm, mdt) for imm in imms for mdt in mem_dts]
    out = []
    if has_imm:                     # one case per immediate, the masks taken in turn
        for j, (imm, mdt) in enumerate(slots):
            out.append(_one(name, params, kinds, imm, mdt, ks[j % len(ks)], rng))
    elif mask_t or "mem" in kinds:  # every mask (and pointee type)
        for imm, mdt in slots:
            for k in ks:
                out.append(_one(name, params, kinds, imm, mdt, k, rng))
    else:
        for _ in range(6):
            out.append(_one(name, params, kinds, None, None, None, rng))
    return out


SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 2.5, 1e-40, -1e-40, 3.4028235e38, 0.0,
                     -3.5, 0.5, 100.25, 0.0], np.float32)
SPECIALS[11] = np.uint32(0x7FA00000).view(np.float32)       # signalling NaN
SPECIALS[15] = np.uint32(0xFFC00001).view(np.float32)       # negative quiet NaN with a payload


def _special_variants(name, params, rng):
    """Every pair of special values for the float binary operations; the specials as the float
    vector of the others; the DAZ/FTZ corners of VDPBF16PS."""
    fvecs = [i for i, (t, _) in enumerate(params) if t == "__m512"]
    if not fvecs or any(t.endswith("*") or t.startswith("__mmask") or t == "__m512bh" for t, _ in params):
        if name == "_mm512_dpbf16_ps":
            s, a, b = np.zeros(16, np.float32), np.zeros(32, np.uint16), np.zeros(32, np.uint16)
            s[0] = np.uint32(0x00400000).view(np.float32)      # denormal src + FLT_MIN: src flushed
            a[1] = b[1] = 0x2000
            a[3], b[3] = 0x0040, 0x7000                         # denormal bf16 * 2^97: input flushed
            a[5], b[5] = 0x0080, 0x3f00                         # FLT_MIN / 2: result flushed
            a[7], b[7], s[3] = 0x0080, 0x3f80, -1e-40           # FLT_MIN + denormal src
            return [[Arg("vec", "__m512", data=s.view(np.uint8)), Arg("vec", "__m512bh", data=a.view(np.uint8)),
                     Arg("vec", "__m512bh", data=b.view(np.uint8))]]
        return []
    out = []
    has_imm = any(n in ("imm", "rounding") for _, n in params)
    if len(fvecs) >= 2 and not has_imm:
        for i in range(16):
            args = _one(name, params, ["vec" if t in L.VALUE_TYPES else "scalar" for t, _ in params], None, None,
                        None, rng)
            args[fvecs[0]].data = SPECIALS.copy().view(np.uint8)
            args[fvecs[1]].data = np.full(16, SPECIALS[i], np.float32).view(np.uint8)
            out.append(args)
    else:
        for imm in (_imm_values(name) if has_imm else [None]):
            args = _one(name, params, ["vec" if t in L.VALUE_TYPES else "scalar" for t, _ in params], imm, None,
                        None, rng)
            for i in fvecs:
                args[i].data = rng.permutation(SPECIALS).view(np.uint8)
            out.append(args)
    return out


def _scalar_arg(name, ptype, pname, rng, k):
    if ptype.startswith("__mmask"):
        src = "uint64" if ptype == "__mmask64" else "uint32"
        return Arg("scalar", ptype, value=k, dtype=src)
    if ptype == "float":
        return Arg("scalar", ptype, value=float(floats(rng, 1)[0]) if rng.random() < 0.8 else -1.5, dtype="float32")
    if name in ("_cvtu32_mask16", "_mm512_int2mask"):
        return Arg("scalar", ptype, value=int(rng.integers(0, 2 ** 31)), dtype="int32" if "int2" in name else "uint32")
    # char / short / int: an int expression (converted as C does)
    return Arg("scalar", ptype, value=int(rng.choice([rng.integers(-2 ** 31, 2 ** 31), 200, -129, 70000, -1])),
               dtype="int32")


def _one(name, params, kinds, imm, mdt, k, rng):
    args = []
    for (ptype, pname), kind in zip(params, kinds):
        if pname in ("imm", "rounding"):
            args.append(Arg("imm", ptype, value=imm))
        elif kind == "vec":
            args.append(Arg("vec", ptype, data=vec_bytes(rng, ptype, name)))
        elif kind == "scalar":
            args.append(_scalar_arg(name, ptype, pname, rng, k))
        else:
            args.append(Arg("mem", ptype, dtype=mdt))
    # memory: 64 bytes of the pointee type; masked ops see only up to the last selected element
    ret, _, _ = L.parse_prototype(L.PROTOTYPES[name])
    total = 512
    for a in args:
        if a.kind != "mem":
            continue
        s = np.dtype(NP[a.dtype]).itemsize * 8
        n = total // s
        a.data = floats(rng, n) if a.dtype == "float32" else int_bytes(rng, n * s // 8).view(NP[a.dtype])
        gran = MEM_GRAN[name.rsplit("_", 1)[1]] if "mask" in name else None
        a.ir_len = _mask_extent(k, gran, s, total) if gran else n
        a.off = int(rng.integers(0, 4))
    return args


# ------------------------------------------------------------------------------------ C reference
def _scalar_value(a: Arg) -> np.ndarray:
    v = a.value
    if a.dtype.startswith("uint"):
        v %= 2 ** (8 * np.dtype(NP[a.dtype]).itemsize)
    if a.dtype == "int32":
        v = (v + 2 ** 31) % 2 ** 32 - 2 ** 31
    return np.array([v], NP[a.dtype])


def _ret_size(ret: str) -> int:
    if ret in L.VALUE_TYPES:
        return L._type_bits(ret) // 8
    return {"float": 4, "int": 4, "__mmask16": 2, "__mmask8": 1, "__mmask64": 8}[ret]


def build_reference(cases):
    """One C source: case_<i>(in, out) per case; returns (source, in bytes, layout)."""
    lines = ["#include <immintrin.h>", "#include <stdint.h>", "#include <string.h>", ""]
    blob = bytearray()
    out_off = 0

    def put(data: bytes) -> int:
        nonlocal blob
        blob += b"\0" * ((-len(blob)) % 64)
        o = len(blob)
        blob += data
        return o

    def reserve(nbytes: int) -> int:
        nonlocal out_off
        out_off += (-out_off) % 64
        o = out_off
        out_off += nbytes
        return o

    for c in cases:
        body, call_args = [], []
        for j, a in enumerate(c.args):
            if a.kind == "vec":
                o = put(a.data.tobytes())
                body.append(f"  {a.ctype} a{j}; memcpy(&a{j}, in + {o}, sizeof a{j});")
                call_args.append(f"a{j}")
            elif a.kind == "mem":
                raw = a.data.tobytes()
                o = put(raw)
                mo = reserve(len(raw))
                c.out[f"mem{j}"] = (mo, len(raw))
                body.append(f"  memcpy(out + {mo}, in + {o}, {len(raw)});")
                call_args.append(f"(void*)(out + {mo})")
            elif a.kind == "scalar":        # through memory: GCC must not fold the value into the call
                o = put(_scalar_value(a).tobytes())
                body.append(f"  {C_TYPE[a.dtype]} a{j}; memcpy(&a{j}, in + {o}, sizeof a{j});")
                call_args.append(f"a{j}")
            else:
                call_args.append(str(a.value))
        callx = REF_EXPR[c.ref].format(*call_args) if c.ref in REF_EXPR else f"{c.ref}({', '.join(call_args)})"
        if c.ret == "void":
            body.append(f"  {callx};")
        else:
            size = _ret_size(c.ret)
            ro = reserve(size)
            c.out["ret"] = (ro, size)
            body.append(f"  {c.ret} r = {callx};")
            body.append(f"  memcpy(out + {ro}, &r, {size});")
        lines.append(f"static void case_{c.cid}(const unsigned char* in, unsigned char* out) {{")
        lines += body
        lines.append("}")
    consts = reserve(8 * len(L.CONSTANTS))
    lines.append("static void constants(unsigned char* out) {")
    lines.append("  long long v[] = {" + ", ".join(f"(long long)({n})" for n in L.CONSTANTS) + "};")
    lines.append(f"  memcpy(out + {consts}, v, sizeof v);")
    lines.append("}")
    lines.append("void run_all(const unsigned char* in, unsigned char* out) {")
    lines += [f"  case_{c.cid}(in, out);" for c in cases]
    lines.append("  constants(out);")
    lines.append("}")
    blob += b"\0" * ((-len(blob)) % 64 or 64)
    size = out_off + 64 + (-out_off) % 64          # a multiple of 64: the buffer ends on a page boundary,
    return "\n".join(lines) + "\n", np.frombuffer(bytes(blob), np.uint8), size, consts   # so offsets stay aligned


# ---------------------------------------------------------------------------------------- the IR
# another storage for each register type: a frontend may keep __m512i as bytes, __m512 as int32 bits
ALT_STORAGE = {"int32": "uint8", "float32": "int32", "bfloat16": "int16", "float64": "uint64"}


def _storage(vt: str, alt: bool) -> tuple[str, int]:
    d, n = L.VALUE_TYPES[vt]
    if not alt:
        return d, n
    a = ALT_STORAGE[d]
    return a, n * np.dtype(NP[d]).itemsize // np.dtype(NP[a]).itemsize


def build_ir(c: Case, alt: bool = False):
    """A kernel that runs the lifted call: parameters v<j> (vectors), m<j>/off<j> (memory),
    s<j> (scalars), ret; and its arguments. `alt`: registers in ALT_STORAGE."""
    il = L.INTRINSICS[c.name]
    names = Names(["ret"])
    params, body, call_args, values = [], [], [], {}
    if il.returns is not None:
        d, n = _storage(il.returns, alt) if il.returns in L.VALUE_TYPES else (il.returns, 1)
        res = ir.Buffer(names.fresh("res"), d, (n,), "local")
        out = ir.Buffer("ret", d, (n,))
        body.append(ir.Alloc(res))
        call_args.append(ir.Address(res, (0,)))
        params.append((out, "out"))
    for j, a in enumerate(c.args):
        if a.kind == "vec":
            d, n = _storage(a.ctype, alt)
            g = ir.Buffer(f"v{j}", d, (n,))
            loc = ir.Buffer(names.fresh(f"reg{j}"), d, (n,), "local")
            i = ir.Var(names.fresh("i"), "int32")
            names.reserve(g.name)
            body += [ir.Alloc(loc), ir.loop(i, n, ir.Store(loc, (i,), g[i]))]
            call_args.append(ir.Address(loc, (0,)))
            params.append((g, "in"))
            values[g.name] = a.data.view(NP[d])
        elif a.kind == "mem":
            m = ir.Buffer(f"m{j}", a.dtype, (a.off + a.ir_len,))
            off = ir.Var(f"off{j}", "int32")
            names.reserve(m.name)
            names.reserve(off.name)
            params += [(m, "inout"), off]
            values[m.name] = np.concatenate([np.zeros(a.off, NP[a.dtype]), a.data[:a.ir_len]])
            values[off.name] = a.off
            call_args.append(ir.Address(m, (off,)))
        elif a.kind == "imm":
            call_args.append(ir.Const(a.value, "int32"))
        else:
            s = ir.Buffer(f"s{j}", a.dtype, (1,))
            names.reserve(s.name)
            params.append((s, "in"))
            values[s.name] = _scalar_value(a)
            call_args.append(s[0])
    body.append(il.build(call_args, names))
    if il.returns is not None:
        i = ir.Var(names.fresh("i"), "int32")
        body.append(ir.loop(i, out.shape[0], ir.Store(out, (i,), res[i])))
    k = ir.kernel(f"case_{c.cid}", params, body)
    return k, values


# ------------------------------------------------------------------------------------- comparison
def _float_view(c: Case, what: str, a: Arg | None):
    if what == "ret":
        if c.ret in ("__m512", "__m256", "__m128", "float"):
            return np.float32
        return None
    return np.float32 if a.dtype == "float32" else None


def _same(ref: bytes, got: bytes, fview) -> bool:
    if ref == got:
        return True
    if fview is None:
        return False
    r, g = np.frombuffer(ref, fview), np.frombuffer(got, fview)
    return bool(np.all((r.view(np.uint32) == g.view(np.uint32)) | (np.isnan(r) & np.isnan(g))))


@pytest.fixture(scope="module")
def outcome():
    rng = np.random.default_rng(20240611)
    cases = make_cases(rng)
    src, blob, out_size, consts = build_reference(cases)
    r = xpiler.run(src, platform="c", entry="run_all", args=[blob, np.zeros(out_size, np.uint8)],
                   options={"vnni_path": "native"})
    r.raise_for_error()
    ref_out = r["out"].tobytes()
    first = {}
    for c in cases:
        first.setdefault(c.name, c)
    alt = list(first.values())          # one case per intrinsic again, registers in another storage
    got = ir.run_many([build_ir(c) for c in cases] + [build_ir(c, alt=True) for c in alt])
    by_name: dict[str, list] = {}
    for c, res in zip(cases + alt, got):
        by_name.setdefault(c.name, []).append((c, res))
    return {"ref": ref_out, "by_name": by_name, "consts": consts}


def _check(name, outcome):
    items = outcome["by_name"][name]
    ref = outcome["ref"]
    assert items, name
    for c, res in items:
        for key, (o, size) in c.out.items():
            if key == "ret":
                want = ref[o:o + size]
                got = np.ascontiguousarray(res["ret"]).tobytes()
                if name in APPROX:
                    w, g = np.frombuffer(want, np.float32), np.frombuffer(got, np.float32)
                    np.testing.assert_allclose(g, w, rtol=APPROX[name], atol=0, err_msg=f"{name} case {c.cid}")
                    continue
                assert _same(want, got, _float_view(c, "ret", None)), _explain(c, key, want, got)
            else:
                j = int(key[3:])
                a = c.args[j]
                isz = np.dtype(NP[a.dtype]).itemsize
                want = ref[o:o + a.ir_len * isz]
                got = np.ascontiguousarray(res[f"m{j}"][a.off:]).tobytes()
                assert _same(want, got, _float_view(c, key, a)), _explain(c, key, want, got)


def _explain(c, key, want, got):
    args = ", ".join(f"{a.kind}:{a.ctype}" + (f"={a.value:#x}" if isinstance(a.value, int) else
                                               f"={a.value}" if a.value is not None else "")
                     + (f"[{a.dtype} off {a.off} len {a.ir_len}]" if a.kind == "mem" else "") for a in c.args)
    w, g = np.frombuffer(want, np.uint8), np.frombuffer(got, np.uint8)
    bad = np.nonzero(w != g)[0][:8] if w.size == g.size else "size"
    vin = [a.data.view(np.float32 if L.VALUE_TYPES.get(a.ctype, ("",))[0] == "float32" else np.int32)
           for a in c.args if a.kind == "vec"]
    return f"{c.name}({args}) case {c.cid}: {key} differs at bytes {bad}\n want {w}\n got  {g}\n inputs {vin}"


HW_NAMES = sorted(n for n in L.INTRINSICS if n not in NO_GCC)


@pytest.mark.parametrize("name", HW_NAMES)
def test_matches_the_instruction(name, outcome):
    _check(name, outcome)


def test_constants_match_the_headers(outcome):
    o = outcome["consts"]
    got = np.frombuffer(outcome["ref"][o:o + 8 * len(L.CONSTANTS)], np.int64)
    assert dict(zip(L.CONSTANTS, got.tolist())) == L.CONSTANTS


# ------------------------------------------------------------------- without hardware to compare
def _dot_model(op, src, a, b):
    w, sa, sb, sat = L._DOT[op]
    ta = np.dtype(f"{'int' if sa else 'uint'}{w}")
    tb = np.dtype(f"{'int' if sb else 'uint'}{w}")
    n = src.size
    p = (a.view(ta).astype(np.int64) * b.view(tb).astype(np.int64)).reshape(n, -1).sum(axis=1)
    if sat == "u":
        s = src.view(np.uint32).astype(np.int64) + p
        return np.clip(s, 0, 2 ** 32 - 1).astype(np.uint32).view(np.int32)
    s = src.astype(np.int64) + p
    if sat == "s":
        return np.clip(s, -2 ** 31, 2 ** 31 - 1).astype(np.int32)
    return ((s + 2 ** 31) % 2 ** 32 - 2 ** 31).astype(np.int32)


def test_avx_vnni_int8_int16_dot_products_follow_intel_pseudocode():
    """GCC 12 cannot compile VPDPB[SU][SU]D(S) / VPDPW[SU][SU]D(S): checked against Intel's pseudo-code."""
    rng = np.random.default_rng(7)
    names = sorted(n for n in L.INTRINSICS if n in NO_GCC and "_dp" in n)
    assert len(names) == 36
    jobs, expect = [], []
    for name in names:
        op = name.split("_")[-2]
        ret = L.parse_prototype(L.PROTOTYPES[name])[0]
        n = L.VALUE_TYPES[ret][1]
        for _ in range(3):
            src = int_bytes(rng, 4 * n).view(np.int32).copy()
            src[:2] = [2 ** 31 - 1, -2 ** 31]
            a, b = int_bytes(rng, 4 * n), int_bytes(rng, 4 * n)
            a[:8] = 0xFF
            b[:4], b[4:8] = 0x7F, 0x80
            args = [Arg("vec", ret, data=x.view(np.uint8)) for x in (src, a, b)]
            c = Case(name, args, ret, cid=len(jobs))
            jobs.append(build_ir(c))
            expect.append(_dot_model(op, src, a, b))
    for (k, _), got, want in zip(jobs, ir.run_many(jobs), expect):
        np.testing.assert_array_equal(got["ret"], want, err_msg=k.name)


def test_approximations_and_svml():
    """rcp14 / rsqrt14 lift to the exact value (hardware: relative error < 2^-14); SVML exp to libm."""
    rng = np.random.default_rng(3)
    x = np.abs(floats(rng, 16))
    x[~np.isfinite(x)] = 2.0
    x[x < 1e-30] = 3.0
    cases = [Case(n, [Arg("vec", "__m512", data=x.view(np.uint8))], "__m512", cid=i)
             for i, n in enumerate(["_mm512_rcp14_ps", "_mm512_rsqrt14_ps", "_mm512_exp_ps"])]
    jobs = [build_ir(c) for c in cases]
    rcp, rsqrt, ex = (r["ret"] for r in ir.run_many(jobs))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(rcp, 1 / x64, rtol=2 ** -23)
    np.testing.assert_allclose(rsqrt, 1 / np.sqrt(x64), rtol=2 ** -22)
    small = x < 80
    np.testing.assert_allclose(ex[small], np.exp(x64[small]), rtol=2 ** -22)
    for c in cases:        # precision classes say how far from the hardware a result may be
        k, _ = build_ir(c)
        calls = [n for n in ir.walk(k.body) if isinstance(n, ir.Call)]
        assert calls and calls[0].precision == ("ulp" if "exp" in c.name else "approx")


# --------------------------------------------------------------------------------- the interface
def test_every_table_entry_is_lifted_and_types_are_declared():
    assert L.NOT_LIFTED == ()
    assert set(TABLE) <= set(L.INTRINSICS)
    assert L.VALUE_TYPES["__m512"] == ("float32", 16) and L.VALUE_TYPES["__m512i"] == ("int32", 16)
    assert L.VALUE_TYPES["__m512d"] == ("float64", 8)
    assert L.SCALAR_TYPES == {"__mmask8": "uint8", "__mmask16": "uint16", "__mmask32": "uint32",
                              "__mmask64": "uint64"}
    assert L.INTRINSICS["_mm512_reduce_add_ps"].returns == "float32"
    assert L.INTRINSICS["_mm512_cmp_ps_mask"].returns == "uint16"
    assert L.INTRINSICS["_mm512_storeu_ps"].returns is None
    assert L.INTRINSICS["_mm512_dpbusd_epi32"].returns == "__m512i"
    suite = ("_mm512_set1_ps _mm512_fmadd_ps _mm512_loadu_ps _mm512_setzero_ps _mm512_add_ps _mm512_mul_ps "
             "_mm512_maskz_loadu_ps _mm512_mask_storeu_ps _mm512_storeu_ps _mm512_fnmadd_ps _mm512_max_ps "
             "_mm512_min_ps _mm512_reduce_add_ps _mm512_dpbusd_epi32 _mm512_sub_ps _mm512_div_ps "
             "_mm512_roundscale_ps _mm512_scalef_ps _mm512_setzero_si512 _mm512_mask_storeu_epi32 "
             "_mm512_loadu_si512 _mm512_load_si512 _mm512_set1_epi32 _mm512_mask_blend_ps _mm512_cmp_ps_mask "
             "_mm512_mask_loadu_ps _mm512_reduce_min_ps _mm512_reduce_add_epi32 _mm512_maskz_mov_ps "
             "_mm512_maskz_loadu_epi32 _mm512_maskz_loadu_epi8 _mm512_test_epi32_mask _mm512_reduce_max_ps "
             "_mm512_maskz_sub_ps _mm512_sqrt_ps _mm512_mask_sub_ps _mm512_mask_add_ps _mm512_dpwssd_epi32 "
             "_mm512_cvtps_epi32 _cvtu32_mask16").split()
    assert set(suite) <= set(L.INTRINSICS)


def test_builder_errors():
    il = L.INTRINSICS["_mm512_cmp_ps_mask"]
    names = Names()
    r = ir.Buffer("r", "uint16", (1,), "local")
    a = ir.Buffer("a", "float32", (16,), "local")
    p = ir.Buffer("p", "int32", (1,))
    with pytest.raises(L.LiftingError, match="compile-time constant"):
        il.build([ir.Address(r, (0,)), ir.Address(a, (0,)), ir.Address(a, (0,)), p[0]], names)
    with pytest.raises(L.LiftingError, match="takes 3 arguments"):
        il.build([ir.Address(r, (0,)), ir.Address(a, (0,))], names)
    # a predicate given as an expression of constants (`_CMP_LT_OQ | 0`) folds
    pred = ir.Const(L.CONSTANTS["_CMP_LT_OQ"], "int32") | 0
    assert il.build([ir.Address(r, (0,)), ir.Address(a, (0,)), ir.Address(a, (0,)), pred], names) is not None
