"""Evaluation of constant C expressions (launch configurations, array sizes) over a tree-sitter node.

Integer arithmetic follows C: division truncates toward zero, `%` takes the dividend's sign.
Names are resolved through an environment (macros, constants, variables with known values).
"""
from __future__ import annotations

import math
from typing import Callable

from tree_sitter import Node

from .syntax import parse_expression


class NotConstant(Exception):
    def __init__(self, what: str, node: Node | None = None):
        super().__init__(what)
        self.what = what
        self.node = node


SIZEOF = {"char": 1, "signed char": 1, "unsigned char": 1, "bool": 1, "short": 2, "unsigned short": 2,
          "int": 4, "unsigned": 4, "unsigned int": 4, "float": 4, "long": 8, "unsigned long": 8,
          "long long": 8, "unsigned long long": 8, "double": 8, "size_t": 8, "half": 2, "__half": 2,
          "__nv_bfloat16": 2, "bfloat16_t": 2, "int8_t": 1, "uint8_t": 1, "int16_t": 2, "uint16_t": 2,
          "int32_t": 4, "uint32_t": 4, "int64_t": 8, "uint64_t": 8, "int8": 1, "int16": 2, "float2": 8,
          "float4": 16, "int4": 16, "__half2": 4, "half2": 4}

INT_TYPES = {k for k in SIZEOF if k not in ("float", "double", "half", "__half", "__nv_bfloat16", "bfloat16_t",
                                             "float2", "float4", "__half2", "half2")}


def _c_div(a, b):
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise NotConstant("division by zero")
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return a / b


def _c_mod(a, b):
    if b == 0:
        raise NotConstant("modulo by zero")
    return a - _c_div(a, b) * b


def parse_number(text: str):
    t = text.replace("'", "").lower()
    is_float = ("." in t or ("e" in t and not t.startswith("0x")) or t.endswith("f")) and not t.startswith("0x")
    if is_float:
        return float(t.rstrip("fl"))
    t = t.rstrip("ul")
    if t.startswith("0x"):
        return int(t, 16)
    if t.startswith("0b"):
        return int(t, 2)
    if len(t) > 1 and t.startswith("0"):
        return int(t, 8)
    return int(t)


class Evaluator:
    """Evaluates expressions. `lookup(name)` returns a value or raises NotConstant; `macro(name)`
    returns (params, body_text) for function-like macros or None."""

    def __init__(self, lookup: Callable[[str], object], macro: Callable[[str], tuple | None] | None = None):
        self.lookup = lookup
        self.macro = macro or (lambda name: None)
        self.depth = 0

    def eval_text(self, text: str):
        node = parse_expression(text)
        if node is None:
            raise NotConstant(f"cannot parse '{text}'")
        return self.eval(node)

    def eval(self, node: Node):
        self.depth += 1
        try:
            if self.depth > 200:
                raise NotConstant("expression too deep (recursive macro?)", node)
            return self._eval(node)
        finally:
            self.depth -= 1

    def _eval(self, n: Node):
        t = n.type
        text = n.text.decode()
        if t == "number_literal":
            return parse_number(text)
        if t in ("true", "false"):
            return 1 if t == "true" else 0
        if t == "char_literal":
            body = text[1:-1]
            return ord(body.encode().decode("unicode_escape"))
        if t == "parenthesized_expression":
            return self.eval(n.named_children[0])
        if t in ("identifier", "field_identifier"):
            return self.lookup(text)
        if t == "qualified_identifier":
            return self.lookup(text)
        if t == "field_expression":
            base = self.eval(n.child_by_field_name("argument"))
            field = n.child_by_field_name("field").text.decode()
            if isinstance(base, tuple) and field in ("x", "y", "z"):
                return base["xyz".index(field)]
            raise NotConstant(f"field '{field}' of a non-dim value", n)
        if t == "unary_expression":
            op = n.child_by_field_name("operator").text.decode()
            v = self.eval(n.child_by_field_name("argument"))
            return {"-": lambda x: -x, "+": lambda x: x, "!": lambda x: int(not x), "~": lambda x: ~x}[op](v)
        if t == "binary_expression":
            op = n.child_by_field_name("operator").text.decode()
            a = self.eval(n.child_by_field_name("left"))
            if op == "&&" and not a:
                return 0
            if op == "||" and a:
                return 1
            b = self.eval(n.child_by_field_name("right"))
            ops = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: _c_div(a, b),
                   "%": lambda: _c_mod(a, b), "<<": lambda: a << b, ">>": lambda: a >> b, "&": lambda: a & b,
                   "|": lambda: a | b, "^": lambda: a ^ b, "<": lambda: int(a < b), ">": lambda: int(a > b),
                   "<=": lambda: int(a <= b), ">=": lambda: int(a >= b), "==": lambda: int(a == b),
                   "!=": lambda: int(a != b), "&&": lambda: int(bool(b)), "||": lambda: int(bool(b))}
            if op not in ops:
                raise NotConstant(f"operator {op}", n)
            return ops[op]()
        if t == "conditional_expression":
            c = self.eval(n.child_by_field_name("condition"))
            return self.eval(n.child_by_field_name("consequence" if c else "alternative"))
        if t == "cast_expression":
            ty = n.child_by_field_name("type").text.decode().replace("const", "").strip()
            v = self.eval(n.child_by_field_name("value"))
            if ty in INT_TYPES:
                return int(v)
            if ty in ("float", "double"):
                return float(v)
            return v
        if t == "sizeof_expression":
            ty = n.child_by_field_name("type")
            if ty is not None:
                name = " ".join(ty.text.decode().replace("const", "").split())
                if name.endswith("*"):
                    return 8
                if name in SIZEOF:
                    return SIZEOF[name]
            raise NotConstant(f"sizeof of '{n.text.decode()}'", n)
        if t == "call_expression":
            return self._call(n)
        if t == "initializer_list":
            vals = [self.eval(c) for c in n.named_children]
            return tuple(vals + [1] * (3 - len(vals)))[:3] if len(vals) <= 3 else tuple(vals)
        if t == "compound_literal_expression":
            return self.eval(n.child_by_field_name("value"))
        raise NotConstant(f"'{text}' is not a constant expression", n)

    def _call(self, n: Node):
        fn = n.child_by_field_name("function").text.decode()
        args_node = n.child_by_field_name("arguments")
        arg_nodes = [c for c in args_node.named_children if c.type != "comment"]
        if fn in ("dim3", "cnrtDim3_t"):
            vals = [int(self.eval(a)) for a in arg_nodes]
            return tuple(vals + [1] * (3 - len(vals)))
        simple = {"min": min, "max": max, "std::min": min, "std::max": max, "fminf": min, "fmaxf": max,
                  "ceil": math.ceil, "ceilf": math.ceil, "floor": math.floor, "floorf": math.floor,
                  "abs": abs, "sqrt": math.sqrt}
        if fn in simple:
            return simple[fn](*[self.eval(a) for a in arg_nodes])
        m = self.macro(fn)
        if m is not None:
            params, body = m
            if len(params) != len(arg_nodes):
                raise NotConstant(f"macro {fn} expects {len(params)} arguments", n)
            texts = [a.text.decode() for a in arg_nodes]
            return self.eval_text(substitute_macro(params, body, texts))
        raise NotConstant(f"call to '{fn}'", n)


def substitute_macro(params: list[str], body: str, args: list[str]) -> str:
    """Replace whole-word parameter names in a macro body by their argument texts."""
    out, i, n = [], 0, len(body)
    table = dict(zip(params, args))
    while i < n:
        ch = body[i]
        if ch.isalpha() or ch == "_":
            j = i
            while j < n and (body[j].isalnum() or body[j] == "_"):
                j += 1
            word = body[i:j]
            out.append(f"({table[word]})" if word in table else word)
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)
