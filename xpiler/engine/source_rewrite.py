"""Turns a parsed kernel source into C++ that g++ accepts on top of the engine headers.

Only two constructs need rewriting, both located through the syntax tree (never by pattern
matching on text): kernel launches written with `<<< >>>`, and declarations of on-chip variables
(`__shared__`, `__nram__`, ...), which become references into the engine's on-chip arenas. Every
replacement keeps the number of lines, and a `#line` directive keeps file names, so compiler
messages and engine diagnostics point at the user's source.
"""
from __future__ import annotations

from tree_sitter import Node

from ..errors import UnsupportedConstruct
from ..source.loader import SourceFile
from ..source.syntax import walk


def _keep_lines(original: str, replacement: str) -> str:
    return replacement + "\n" * original.count("\n")


def _declarator_name(node: Node) -> Node | None:
    for n in walk(node):
        if n.type == "identifier":
            return n
    return None


def _onchip_replacement(src: SourceFile, decl: Node, qualifier: str, space_expr: str) -> str:
    parsed = src.parsed
    type_node = decl.child_by_field_name("type")
    if type_node is None:
        raise UnsupportedConstruct("on-chip declaration without a type", parsed.location(decl), qualifier)
    prefix_words = []
    is_extern = False
    for c in decl.children:
        if c == type_node:
            break
        word = parsed.node_text(c).strip()
        if word == "extern":
            is_extern = True
        elif word in ("volatile", "const", "unsigned", "signed"):
            prefix_words.append(word)
    base_type = " ".join(prefix_words + [parsed.node_text(type_node).strip()])
    declarators = [c for c in decl.children_by_field_name("declarator")]
    out = []
    for d in declarators:
        if d.type == "init_declarator":
            raise UnsupportedConstruct(f"{qualifier} variables cannot have initialisers", parsed.location(d),
                                       parsed.node_text(d))
        name_node = _declarator_name(d)
        if name_node is None:
            raise UnsupportedConstruct("cannot find the variable name", parsed.location(d), parsed.node_text(d))
        name = parsed.node_text(name_node)
        dtext = parsed.node_text(d)
        rel = name_node.start_byte - d.start_byte
        type_suffix = (dtext[:rel] + dtext[rel + len(name):]).strip()
        line = name_node.start_point[0] + 1
        if is_extern or type_suffix.endswith("[]"):
            if not type_suffix.endswith("[]"):
                raise UnsupportedConstruct(f"extern {qualifier} variable must be an unsized array",
                                           parsed.location(d), dtext)
            elem = base_type + type_suffix[:-2]
            out.append(f"{elem}* const {name} = ({elem}*)::xpiler_dynamic_onchip_base({space_expr});")
            continue
        ref_decl = dtext[:rel] + f"(&{name})" + dtext[rel + len(name):]
        out.append(f'static {base_type} {ref_decl} = *::xpiler::onchip_var<{base_type} {type_suffix}>'
                   f'({space_expr}, "{name}", __FILE__, {line});')
    return " ".join(out)


def rewrite_for_engine(src: SourceFile) -> str:
    model = src.model
    parsed = src.parsed
    text = src.text.decode("utf-8", "replace")
    edits: list[tuple[int, int, str]] = []   # byte spans of the original
    quals = model.onchip_qualifiers
    for n in walk(parsed.root):
        if n.type == "call_expression":
            chevron = next((c for c in n.children if c.type == "kernel_call_syntax"), None)
            if chevron is None:
                continue
            fn = n.child_by_field_name("function")
            cfg = ", ".join(parsed.node_text(c) for c in chevron.named_children if c.type != "comment")
            callee = parsed.node_text(fn).strip()
            original = parsed.text[fn.start_byte:chevron.end_byte].decode()
            edits.append((fn.start_byte, chevron.end_byte,
                          _keep_lines(original, f"{model.launch_function}({callee}, {cfg})")))
        elif n.type == "declaration" and quals:
            found = None
            for c in n.children:
                if c.type in ("init_declarator", "identifier", "array_declarator", "pointer_declarator"):
                    break
                word = parsed.node_text(c).strip()
                if word in quals:
                    found = word
            if found:
                original = parsed.node_text(n)
                edits.append((n.start_byte, n.end_byte,
                              _keep_lines(original, _onchip_replacement(src, n, found, quals[found]))))
    edits.extend(model.extra_rewrites(src))
    data = src.text
    pieces, pos = [], 0
    for start, end, repl in sorted(edits):
        if start < pos:
            continue   # nested in an earlier edit (cannot happen for the constructs above)
        pieces.append(data[pos:start].decode("utf-8", "replace"))
        pieces.append(repl)
        pos = end
    pieces.append(data[pos:].decode("utf-8", "replace"))
    path = src.path.replace("\\", "\\\\").replace('"', '\\"')
    return f'#line 1 "{path}"\n' + "".join(pieces) + "\n"
