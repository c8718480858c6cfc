"""Tables and small helpers shared by the parts of the frontend (math/convert call tables,
tree walks, guard-flag contexts, value helper classes)."""
from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from ...errors import UnsupportedConstruct
from ...ir.evaluate import evaluate
from ...ir.kernel import Kernel
from ...ir.expr import Const, Expr, add, compare, div, logical_and, mod, mul, sub
from ...ir.transforms.simplify import simplify_expr
from .. import ctypes
from ..values import Cell, Vec

MAX_INLINE_DEPTH = 16


MAX_UNROLL = 256


_ARITH = {"+": add, "-": sub, "*": mul, "/": div, "%": mod}


_BITS = {"&": "&", "|": "|", "^": "^"}


_CMP = {"<", "<=", ">", ">=", "==", "!="}


# math functions: C name -> (IR function, precision override); the 'f' spellings take float
_MATH = {}


for _n in ("exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "cbrt", "sin", "cos", "tan",
           "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "erf", "erfc", "pow", "hypot", "floor", "ceil",
           "trunc", "round", "rint", "fmod", "fma", "copysign"):
    _MATH[_n] = (_n, "")
    _MATH[_n + "f"] = (_n, "")


_MATH.update({"fabs": ("abs", ""), "fabsf": ("abs", ""), "abs": ("abs", ""), "labs": ("abs", ""),
              "llabs": ("abs", ""), "nearbyint": ("rint", ""), "nearbyintf": ("rint", ""),
              "__expf": ("exp", "approx"), "__exp10f": ("exp", "approx"), "__logf": ("log", "approx"),
              "__log2f": ("log2", "approx"), "__sinf": ("sin", "approx"), "__cosf": ("cos", "approx"),
              "__tanf": ("tan", "approx"), "__powf": ("pow", "approx"), "__fsqrt_rn": ("sqrt", ""),
              "__frsqrt_rn": ("rsqrt", ""), "__fmaf_rn": ("fma", ""), "isnan": ("isnan", ""),
              "isinf": ("isinf", ""), "isfinite": ("isfinite", ""), "hsqrt": ("sqrt", ""), "hexp": ("exp", ""),
              "h2exp": ("exp", "")})


_FLOAT_ONLY = {n for n in _MATH if n.endswith("f") and n not in ("erf", "fabsf") and not n.startswith("__")}


_MINMAX = {"fmaxf": "max", "fminf": "min", "fmax": "max", "fmin": "min", "max": "max", "min": "min",
           "__hmax": "max", "__hmin": "min", "umax": "max", "umin": "min", "llmax": "max", "llmin": "min"}


_CONVERT = {"__float2half": "float16", "__float2half_rn": "float16", "__half2float": "float32",
            "__float2bfloat16": "bfloat16", "__bfloat162float": "float32", "__int2float_rn": "float32",
            "__uint2float_rn": "float32", "__float2int_rz": "int32", "__double2float_rn": "float32",
            "__ll2float_rn": "float32", "__int_as_float": None, "__float_as_int": None}


_ROUNDING_CONVERT = {"__float2int_rn": ("rint", "int32"), "__float2int_rd": ("floor", "int32"),
                     "__float2int_ru": ("ceil", "int32"), "lrintf": ("rint", "int64"), "lroundf": ("round", "int64"),
                     "__float2ll_rn": ("rint", "int64")}


_HALF_ARITH = {"__frcp_rn": "rcp", "__hadd": "+", "__hsub": "-", "__hmul": "*", "__hdiv": "/", "__fadd_rn": "+", "__fsub_rn": "-",
               "__fmul_rn": "*", "__fdiv_rn": "/", "__fdividef": "/", "__dadd_rn": "+", "__dmul_rn": "*"}


_NOOP_CALLS = {"__threadfence", "__threadfence_block", "free", "__builtin_assume", "assert", "__assume",
               "_mm_prefetch", "__builtin_prefetch", "_mm_sfence", "_mm_mfence"}


@dataclass
class _Function:
    """The function being lifted (the entry or an inlined callee)."""

    result: Cell | Vec | None
    returned: Cell | None = None
    depth_in_loops: int = 0
    name: str = ""
    node: Node | None = None
    pre: list = field(default_factory=list)      # flag cells of an inlined callee, emitted before its body


@dataclass
class _LoopCtx:
    broke: Cell | None = None
    cont: Cell | None = None


@dataclass
class LiftedSPMD:
    kernel: Kernel
    hoisted: list = field(default_factory=list)     # global-scope Allocs (device workspaces)


class _Functor:
    def __init__(self, fn, bindings):
        self.fn, self.bindings = fn, bindings


class _VecView:
    """Lanes of a vector pointer's element (`reinterpret_cast<float4*>(x)[i]`), assignable."""

    def __init__(self, buffer, ctype, lanes, offset):
        self.buffer, self.ctype, self.lanes, self.offset = buffer, ctype, lanes, offset


def _error_no_node(msg):
    return UnsupportedConstruct(msg)


class _SubParsed:
    """Stands in for ParsedSource while lifting a macro body (text of nodes from another parse)."""

    def __init__(self, text: str, outer):
        self.prefix = b"int __xpiler_e = ("
        self.data = self.prefix + text.encode() + b");"
        self.outer = outer
        self.path = outer.path

    def node_text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def location(self, node: Node):
        return None

    @property
    def root(self):
        return self.outer.root


def _off(o) -> Expr:
    return o if isinstance(o, Expr) else Const(int(o), "int64")


def _strip_comments(text: str) -> str:
    import re
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S).strip()


def _split_top(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


def _walk(node: Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def _walk_loop_level(node: Node):
    """Nodes of a loop body that belong to this loop (not to loops nested in it)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for c in n.children:
            if c.type not in ("for_statement", "while_statement", "do_statement", "switch_statement"):
                stack.append(c)


def _all_of(conds: list) -> Expr | None:
    """The conjunction of `conds` (None for none)."""
    if not conds:
        return None
    e = conds[0]
    for c in conds[1:]:
        e = logical_and(e, c)
    return e


def _truth(e: Expr) -> Expr:
    return e if e.dtype == "bool" else compare("!=", e, Const(0, e.dtype))


def _const_value(e: Expr):
    try:
        return int(evaluate(simplify_expr(e), {}))
    except Exception:
        return None


def _ctype_of(dtype: str) -> str:
    for k, v in ctypes.SCALAR_DTYPES.items():
        if v == dtype:
            return k
    return dtype


_KNOWN_CONSTANTS = {
    "INFINITY": Const(float("inf"), "float32"), "NAN": Const(float("nan"), "float32"),
    "HUGE_VALF": Const(float("inf"), "float32"), "HUGE_VAL": Const(float("inf"), "float64"),
    "CUDART_INF_F": Const(float("inf"), "float32"), "CUDART_NAN_F": Const(float("nan"), "float32"),
    "FLT_MAX": Const(3.4028234663852886e38, "float32"), "FLT_MIN": Const(1.1754943508222875e-38, "float32"),
    "FLT_EPSILON": Const(1.1920928955078125e-07, "float32"), "DBL_MAX": Const(1.7976931348623157e308, "float64"),
    "INT_MAX": Const(2**31 - 1, "int32"), "INT_MIN": Const(-2**31, "int32"), "UINT_MAX": Const(2**32 - 1, "uint32"),
    "M_PI": Const(3.141592653589793, "float64"), "M_SQRT1_2": Const(0.7071067811865476, "float64"),
    "M_SQRT2": Const(1.4142135623730951, "float64"), "M_E": Const(2.718281828459045, "float64"),
    "M_LN2": Const(0.6931471805599453, "float64"), "M_LOG2E": Const(1.4426950408889634, "float64"),
    "M_2_SQRTPI": Const(1.1283791670955126, "float64"), "NULL": Const(0, "int64"),
    "true": Const(1, "bool"), "false": Const(0, "bool"),
}
