"""Textual expansion of the file's own function-like macros, for the cases the C++ grammar cannot
read without a preprocessor (a macro that expands to a `for` header, `CUDA_KERNEL_LOOP(i, n) {`).

Only macros defined in the file are expanded, only outside `#define` lines, and line numbers are
kept (an expansion that replaces a multi-line call ends with the same number of newlines)."""
from __future__ import annotations

import re


def _args(text: str, start: int) -> tuple[list[str], int] | None:
    """Arguments of the call whose '(' is at `start`; (args, index after ')')."""
    depth, cur, out, i = 0, "", [], start
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
            if depth > 1:
                cur += ch
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(cur)
                return [a.strip() for a in out], i + 1
            cur += ch
        elif ch == "," and depth == 1:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return None


def expand_function_macros(text: str, macros: dict[str, tuple[list[str], str]]) -> str:
    if not macros:
        return text
    lines = text.split("\n")
    out = []
    pattern = re.compile(r"\b(" + "|".join(re.escape(m) for m in macros) + r")\s*\(")
    body = "\n".join(l if not l.lstrip().startswith("#") else "\0" * len(l) for l in lines)
    result, pos = [], 0
    for m in pattern.finditer(body):
        if m.start() < pos:
            continue
        parsed = _args(body, m.end() - 1)
        if parsed is None:
            continue
        args, end = parsed
        params, value = macros[m.group(1)]
        if len(args) != len(params):
            continue
        expansion = re.sub(r"\\\s*\n", " ", value)
        for p, a in zip(params, args):
            expansion = re.sub(rf"\b{re.escape(p)}\b", a.replace("\\", r"\\"), expansion)
        result.append(text[pos:m.start()])
        result.append(expansion.replace("\n", " ") + "\n" * text.count("\n", m.start(), end))
        pos = end
    result.append(text[pos:])
    out = "".join(result)
    return out
