"""Parsing with tree-sitter's CUDA grammar.

The grammar knows CUDA and C but not BANG C's qualifiers or GCC/clang attributes in every position.
Before parsing, model-specific tokens are replaced by known tokens *of equal length* and attribute
lists are blanked, so byte offsets (and so line/column numbers) of the parsed tree match the
original text exactly. A tree with ERROR or MISSING nodes is never accepted silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tree_sitter_cuda
from tree_sitter import Language, Node, Parser, Tree

from ..errors import SourceLocation, SourceSyntaxError


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_cuda.language()))


def _blank_attributes(data: bytearray) -> None:
    """Replace every `__attribute__((...))` by spaces (newlines kept), in place."""
    key = b"__attribute__"
    start = 0
    while True:
        i = data.find(key, start)
        if i < 0:
            return
        j = i + len(key)
        while j < len(data) and data[j] in b" \t":
            j += 1
        if j >= len(data) or data[j] != ord("("):
            start = i + len(key)
            continue
        depth, k = 0, j
        while k < len(data):
            if data[k] == ord("("):
                depth += 1
            elif data[k] == ord(")"):
                depth -= 1
                if depth == 0:
                    break
            k += 1
        for p in range(i, min(k + 1, len(data))):
            if data[p] not in b"\n":
                data[p] = ord(" ")
        start = k + 1


def _is_word_byte(b: int) -> bool:
    return b == ord("_") or ord("0") <= b <= ord("9") or ord("a") <= b <= ord("z") or ord("A") <= b <= ord("Z")


def mask_source(text: bytes, substitutions) -> bytes:
    """Apply equal-length whole-word substitutions and blank attributes."""
    data = bytearray(text)
    for old, new in substitutions:
        assert len(old) == len(new), (old, new)
        start = 0
        while True:
            i = data.find(old, start)
            if i < 0:
                break
            before = data[i - 1] if i > 0 else 32
            after = data[i + len(old)] if i + len(old) < len(data) else 32
            if not _is_word_byte(before) and not _is_word_byte(after):
                data[i:i + len(old)] = new
            start = i + len(old)
    _blank_attributes(data)
    return bytes(data)


@dataclass
class ParsedSource:
    path: str
    text: bytes          # original bytes
    masked: bytes        # what tree-sitter saw (same length)
    tree: Tree

    @property
    def root(self) -> Node:
        return self.tree.root_node

    def node_text(self, node: Node) -> str:
        """Original (unmasked) text of a node."""
        return self.text[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def location(self, node: Node) -> SourceLocation:
        return SourceLocation(self.path, node.start_point[0] + 1, node.start_point[1] + 1)

    def location_at_byte(self, offset: int) -> SourceLocation:
        line = self.text.count(b"\n", 0, offset) + 1
        col = offset - (self.text.rfind(b"\n", 0, offset) + 1) + 1
        return SourceLocation(self.path, line, col)


def first_syntax_problem(node: Node) -> Node | None:
    if not node.has_error:
        return None
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n
        if n.has_error:
            stack.extend(reversed(n.children))
    return None


def parse(text: bytes, path: str, substitutions=()) -> ParsedSource:
    masked = mask_source(text, substitutions)
    tree = _parser().parse(masked)
    parsed = ParsedSource(path, text, masked, tree)
    bad = first_syntax_problem(tree.root_node)
    if bad is not None:
        snippet = parsed.node_text(bad).strip().splitlines()
        shown = snippet[0][:60] if snippet else ""
        if bad.is_missing:
            msg = f"syntax error: expected '{bad.type}'"
        else:
            msg = "syntax error: cannot parse this construct"
        raise SourceSyntaxError(msg, parsed.location(bad), construct=shown or bad.type)
    return parsed


def parse_expression(expr_text: str) -> Node | None:
    """Parse a standalone C expression; returns the expression node or None."""
    tree = _parser().parse(f"int __xpiler_e = ({expr_text});".encode())
    if tree.root_node.has_error:
        return None
    decl = tree.root_node.children[0]
    init = decl.child_by_field_name("declarator")
    if init is None or init.type != "init_declarator":
        return None
    return init.child_by_field_name("value")


def walk(node: Node):
    """Pre-order traversal."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))
