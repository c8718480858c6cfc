"""What a parsed source contains: kernels and their parameters, host functions, launch sites,
macros and constants, intrinsics used."""
from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from ..errors import SourceLocation, UnsupportedConstruct
from .consteval import Evaluator, NotConstant
from .syntax import ParsedSource, walk

_QUALIFIER_WORDS = {"const", "volatile", "__restrict__", "__restrict", "restrict"}


@dataclass
class Param:
    name: str
    ctype: str            # base type without cv-qualifiers and '*', e.g. "float", "half", "int8_t"
    pointer_depth: int    # 0 for scalars
    is_const: bool
    is_reference: bool = False

    @property
    def is_pointer(self) -> bool:
        return self.pointer_depth > 0

    def describe(self) -> str:
        return (("const " if self.is_const else "") + self.ctype + "*" * self.pointer_depth
                + ("&" if self.is_reference else "") + " " + self.name)


@dataclass
class Function:
    name: str
    params: list[Param]
    qualifiers: list[str]
    location: SourceLocation
    node: Node
    is_template: bool = False
    is_static: bool = False

    def signature(self) -> str:
        q = " ".join(self.qualifiers)
        return f"{q + ' ' if q else ''}{self.name}({', '.join(p.describe() for p in self.params)})"


@dataclass
class LaunchSite:
    kernel: str                 # callee text, possibly with template arguments: "k2<128>"
    kernel_base: str            # "k2"
    config: list[Node]          # the expressions inside <<< >>> (or the GGL config arguments)
    args: list[Node]            # kernel argument expressions
    host_function: str | None
    location: SourceLocation
    style: str                  # "chevron" | "hipLaunchKernelGGL"


@dataclass
class SourceInfo:
    parsed: ParsedSource
    known_constants: dict = field(default_factory=dict)
    functions: list[Function] = field(default_factory=list)
    kernels: list[Function] = field(default_factory=list)
    launches: list[LaunchSite] = field(default_factory=list)
    macros: dict[str, str] = field(default_factory=dict)
    function_macros: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    constants: dict[str, Node] = field(default_factory=dict)
    calls: dict[str, list[SourceLocation]] = field(default_factory=dict)

    def function(self, name: str) -> Function | None:
        for f in self.functions:
            if f.name == name:
                return f
        return None

    def host_functions(self) -> list[Function]:
        kernel_names = {k.name for k in self.kernels}
        return [f for f in self.functions if f.name not in kernel_names
                and not any(q in f.qualifiers for q in ("__device__", "__mlu_func__", "__mlu_device__"))]

    # -- constant evaluation in the file's global scope ---------------------------------------
    def evaluator(self, local: dict | None = None) -> Evaluator:
        local = local or {}
        seen: set[str] = set()

        def lookup(name: str):
            if name in local:
                return local[name]
            if name in seen:
                raise NotConstant(f"'{name}' refers to itself")
            if name in self.macros:
                seen.add(name)
                try:
                    return ev.eval_text(self.macros[name])
                finally:
                    seen.discard(name)
            if name in self.constants:
                seen.add(name)
                try:
                    return ev.eval(self.constants[name])
                finally:
                    seen.discard(name)
            if name in self.known_constants:
                return self.known_constants[name]
            raise NotConstant(f"'{name}' has no constant value")

        ev = Evaluator(lookup, lambda name: self.function_macros.get(name))
        return ev


def _declarator_name_and_shape(node: Node) -> tuple[str | None, int, bool]:
    """(identifier, pointer depth, is_reference) of a parameter declarator."""
    depth, ref = 0, False
    while node is not None:
        if node.type == "identifier":
            return node.text.decode(), depth, ref
        if node.type == "pointer_declarator":
            depth += 1
        elif node.type == "array_declarator":
            depth += 1
        elif node.type == "reference_declarator":
            ref = True
            inner = [c for c in node.named_children]
            node = inner[-1] if inner else None
            continue
        nxt = node.child_by_field_name("declarator")
        if nxt is None:
            named = [c for c in node.named_children if c.type in ("identifier", "pointer_declarator",
                                                                    "array_declarator", "reference_declarator")]
            nxt = named[-1] if named else None
        node = nxt
    return None, depth, ref


def _param(parsed: ParsedSource, p: Node, index: int) -> Param:
    type_node = p.child_by_field_name("type")
    decl = p.child_by_field_name("declarator")
    words = []
    is_const = False
    for c in p.children:
        if c == decl:
            break
        t = parsed.node_text(c)
        if c.type == "type_qualifier" or t in _QUALIFIER_WORDS:
            if t == "const":
                is_const = True
            continue
        words.append(t)
    base = " ".join(words) if words else (parsed.node_text(type_node) if type_node else "int")
    name, depth, ref = _declarator_name_and_shape(decl) if decl is not None else (None, 0, False)
    if decl is not None:
        # `float* const p` / `float* __restrict__ p` : qualifiers inside the declarator
        for n in walk(decl):
            if n.type == "type_qualifier" and parsed.node_text(n) == "const" and depth == 0:
                is_const = True
    return Param(name or f"arg{index}", base.strip(), depth, is_const, ref)


def _function_name(parsed: ParsedSource, declarator: Node) -> str | None:
    node = declarator
    while node is not None and node.type != "function_declarator":
        node = node.child_by_field_name("declarator")
    if node is None:
        return None
    name_node = node.child_by_field_name("declarator")
    if name_node is None:
        return None
    text = parsed.node_text(name_node)
    return text.split("::")[-1].strip()


def _params_of(parsed: ParsedSource, declarator: Node) -> list[Param]:
    node = declarator
    while node is not None and node.type != "function_declarator":
        node = node.child_by_field_name("declarator")
    plist = node.child_by_field_name("parameters") if node is not None else None
    params = []
    if plist is None:
        return params
    for i, p in enumerate(c for c in plist.named_children if c.type in ("parameter_declaration",
                                                                          "optional_parameter_declaration",
                                                                          "variadic_parameter_declaration")):
        if parsed.node_text(p).strip() == "void":
            continue
        params.append(_param(parsed, p, i))
    return params


def _enclosing_function(node: Node) -> Node | None:
    while node is not None and node.type != "function_definition":
        node = node.parent
    return node


def inspect_source(parsed: ParsedSource, model) -> SourceInfo:
    info = SourceInfo(parsed, dict(model.known_constants))
    kernel_quals = set(model.kernel_qualifiers)
    for n in walk(parsed.root):
        t = n.type
        if t == "preproc_def":
            name = n.child_by_field_name("name").text.decode()
            value = n.child_by_field_name("value")
            info.macros[name] = parsed.node_text(value).strip() if value is not None else "1"
        elif t == "preproc_function_def":
            name = n.child_by_field_name("name").text.decode()
            params = [c.text.decode() for c in n.child_by_field_name("parameters").named_children]
            value = n.child_by_field_name("value")
            info.function_macros[name] = (params, parsed.node_text(value).strip() if value is not None else "")
        elif t == "declaration" and _enclosing_function(n) is None:
            _collect_constant(parsed, n, info)
        elif t == "function_definition":
            declarator = n.child_by_field_name("declarator")
            name = _function_name(parsed, declarator) if declarator is not None else None
            if not name:
                continue
            quals = []
            for c in n.children:
                if c == declarator:
                    break
                word = parsed.node_text(c).strip()
                if word.startswith("__") or word in ("static", "inline", "extern"):
                    quals.append(word.split("(")[0])
            fn = Function(name, _params_of(parsed, declarator), quals, parsed.location(n), n,
                          is_template=n.parent is not None and n.parent.type == "template_declaration",
                          is_static="static" in quals)
            info.functions.append(fn)
            if kernel_quals.intersection(quals):
                info.kernels.append(fn)
        elif t == "call_expression":
            fn_node = n.child_by_field_name("function")
            if fn_node is None:
                continue
            callee = parsed.node_text(fn_node).strip()
            info.calls.setdefault(callee, []).append(parsed.location(n))
            chevron = next((c for c in n.children if c.type == "kernel_call_syntax"), None)
            if chevron is not None:
                info.launches.append(_chevron_launch(parsed, n, fn_node, chevron))
            elif callee == "hipLaunchKernelGGL":
                info.launches.append(_ggl_launch(parsed, n))
    return info


def _collect_constant(parsed: ParsedSource, decl: Node, info: SourceInfo) -> None:
    text = parsed.node_text(decl)
    if "const" not in text and "constexpr" not in text:
        return
    for c in decl.named_children:
        if c.type == "init_declarator":
            name_node = c.child_by_field_name("declarator")
            value = c.child_by_field_name("value")
            if name_node is not None and name_node.type == "identifier" and value is not None:
                info.constants[name_node.text.decode()] = value


def _split_callee(parsed: ParsedSource, fn_node: Node) -> tuple[str, str]:
    text = parsed.node_text(fn_node).strip()
    base = text.split("<")[0].strip()
    return text, base


def _chevron_launch(parsed, call, fn_node, chevron) -> LaunchSite:
    text, base = _split_callee(parsed, fn_node)
    config = [c for c in chevron.named_children if c.type != "comment"]
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
    host = _enclosing_function(call)
    host_name = _function_name(parsed, host.child_by_field_name("declarator")) if host is not None else None
    return LaunchSite(text, base, config, args, host_name, parsed.location(call), "chevron")


def _ggl_launch(parsed, call) -> LaunchSite:
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"]
    if len(args) < 5:
        raise UnsupportedConstruct("hipLaunchKernelGGL needs kernel, grid, block, shared bytes and stream",
                                   parsed.location(call), "hipLaunchKernelGGL")
    kernel_node = args[0]
    text = parsed.node_text(kernel_node).strip()
    if text.startswith("HIP_KERNEL_NAME("):
        text = text[len("HIP_KERNEL_NAME("):-1].strip()
    base = text.split("<")[0].strip()
    host = _enclosing_function(call)
    host_name = _function_name(parsed, host.child_by_field_name("declarator")) if host is not None else None
    return LaunchSite(text, base, args[1:5], args[5:], host_name, parsed.location(call), "hipLaunchKernelGGL")


def local_values(info: SourceInfo, function_name: str, bindings: dict) -> dict:
    """Values of simple local variables of a host function that are computable from `bindings`
    (e.g. `int blocks = (n + 255) / 256; dim3 grid(blocks);`). Statements are read in order."""
    fn = info.function(function_name)
    env = dict(bindings)
    if fn is None:
        return env
    ev = info.evaluator(env)
    body = fn.node.child_by_field_name("body")
    if body is None:
        return env
    # a variable whose address is taken (`cnrtDeviceGetAttribute(&clusters, ...)`) or that is
    # updated in place gets its value at run time: never treat it as constant
    escaped = set()
    for n in walk(body):
        if n.type == "pointer_expression" and n.child_by_field_name("operator").text == b"&":
            arg = n.child_by_field_name("argument")
            if arg is not None and arg.type == "identifier":
                escaped.add(arg.text.decode())
        elif n.type in ("update_expression",) or (
                n.type == "assignment_expression" and n.child_by_field_name("operator").text != b"="):
            target = n.child_by_field_name("argument") or n.child_by_field_name("left")
            if target is not None and target.type == "identifier":
                escaped.add(target.text.decode())
    for stmt in walk(body):
        if stmt.type == "declaration":
            type_node = stmt.child_by_field_name("type")
            for c in stmt.children_by_field_name("declarator"):
                # `dim3 block(BLOCK);` parses as a function declaration (C++'s most vexing parse)
                if c.type == "function_declarator" and type_node is not None and "dim3" in type_node.text.decode():
                    params = c.child_by_field_name("parameters")
                    try:
                        vals = [int(ev.eval_text(info.parsed.node_text(a))) for a in params.named_children]
                        env[c.child_by_field_name("declarator").text.decode()] = tuple(vals + [1] * (3 - len(vals)))
                    except NotConstant:
                        pass
            for c in stmt.named_children:
                if c.type != "init_declarator":
                    continue
                name_node = c.child_by_field_name("declarator")
                value = c.child_by_field_name("value")
                if name_node is None or name_node.type != "identifier" or value is None:
                    continue
                name = name_node.text.decode()
                if name in escaped:
                    continue
                type_text = info.parsed.node_text(stmt.child_by_field_name("type") or stmt)
                try:
                    if value.type == "argument_list":        # dim3 grid(a, b)
                        vals = [int(ev.eval(a)) for a in value.named_children]
                        env[name] = tuple(vals + [1] * (3 - len(vals)))
                    else:
                        v = ev.eval(value)
                        if "dim3" in type_text and not isinstance(v, tuple):
                            v = (int(v), 1, 1)
                        env[name] = v
                except NotConstant:
                    env.pop(name, None)
        elif stmt.type == "assignment_expression" and stmt.child_by_field_name("operator").text == b"=":
            left = stmt.child_by_field_name("left")
            try:
                v = ev.eval(stmt.child_by_field_name("right"))
            except NotConstant:
                continue
            if left.type == "identifier" and left.text.decode() not in escaped:
                env[left.text.decode()] = v
            elif left.type == "field_expression":
                base = left.child_by_field_name("argument").text.decode()
                fld = left.child_by_field_name("field").text.decode()
                if base in env and isinstance(env[base], tuple) and fld in "xyz":
                    vals = list(env[base])
                    vals["xyz".index(fld)] = int(v)
                    env[base] = tuple(vals)
    return env

