"""C types of the lifted function: type names to IR dtypes, value types (short vectors, HIP ext vectors, structs of one scalar type, model value types such as WMMA fragments)."""
from __future__ import annotations

from tree_sitter import Node

from .. import ctypes
from .common import _walk


class Types:
    # ------------------------------------------------------------------ types
    def _resolve_type_name(self, ctype: str) -> str:
        t = ctypes.normalise(ctype)
        for scope in reversed(self.scopes):
            v = scope.get(t)
            if isinstance(v, tuple) and v and v[0] == "type":
                return v[1]
        if t in self.template_args and self.template_args[t][0] == "type":
            return self.template_args[t][1]
        typedefs = getattr(self.info, "typedefs", {}) or {}
        return typedefs.get(t, t)

    def _scalar_dtype(self, ctype: str, node: Node) -> str:
        t = self._resolve_type_name(ctype)
        d = ctypes.scalar_dtype(t)
        if d is None:
            d = getattr(self.lifting, "SCALAR_TYPES", {}).get(t)
        if d is None:
            raise self.error(node, f"type '{t}' is not a scalar type Xpiler can lift")
        return d

    def _element_type(self, ctype: str, node: Node) -> tuple[str, int]:
        """(dtype, lanes) of a pointee / array element type."""
        t = self._resolve_type_name(ctype)
        vt = self._value_type(t)
        if vt is not None:
            return vt
        if t == "void":
            return "uint8", 1
        return self._scalar_dtype(t, node), 1

    def _value_type(self, ctype: str):
        t = self._resolve_type_name(ctype)
        if t in ctypes.SHORT_VECTORS:
            return ctypes.SHORT_VECTORS[t]
        vt = getattr(self.lifting, "VALUE_TYPES", {}).get(t)
        if vt is not None:
            return vt
        file_types = self._file_value_types()
        if t in file_types:
            return file_types[t][:2]
        hook = getattr(self.lifting, "value_type", None)
        if hook is not None:
            r = hook(self, t)
            if r is not None:
                return r[:2]
        return None

    def _per_warp(self, ctype: str) -> bool:
        hook = getattr(self.lifting, "value_type", None)
        r = hook(self, self._resolve_type_name(ctype)) if hook is not None else None
        return bool(r is not None and len(r) > 2 and r[2])

    def struct_field(self, ctype: str, field: str) -> int | None:
        info = self._file_value_types().get(self._resolve_type_name(ctype))
        if info is None or len(info) < 3:
            return None
        return info[2].get(field)

    def _file_value_types(self) -> dict:
        """Types defined in the file that lift as lanes: `typedef T name __attribute__((ext_vector_type(N)))`
        (HIP) and structs whose fields all have one scalar type (fields become lanes)."""
        if self._fvt is not None:
            return self._fvt
        import re
        cache = {}
        for n in _walk(self.parsed.root):
            if n.type == "type_definition":
                text = self.parsed.node_text(n)
                m = re.search(r"ext_vector_type\s*\(\s*(\d+)\s*\)", text)
                ty, decl = n.child_by_field_name("type"), n.child_by_field_name("declarator")
                if m and ty is not None and decl is not None:
                    d = ctypes.scalar_dtype(self.parsed.node_text(ty))
                    if d is not None:
                        cache[self.parsed.node_text(decl)] = (d, int(m.group(1)))
            elif n.type == "struct_specifier":
                name_node, body = n.child_by_field_name("name"), n.child_by_field_name("body")
                if name_node is None or body is None:
                    continue
                fields, dtypes, ok = {}, set(), True
                for f in body.named_children:
                    if f.type != "field_declaration":
                        continue
                    ty = f.child_by_field_name("type")
                    d = ctypes.scalar_dtype(self.parsed.node_text(ty)) if ty is not None else None
                    if d is None:
                        ok = False
                        break
                    for fd in f.children_by_field_name("declarator"):
                        if fd.type != "field_identifier":
                            ok = False
                        fields[self.parsed.node_text(fd)] = len(fields)
                    dtypes.add(d)
                if ok and len(dtypes) == 1 and fields:
                    cache[self.parsed.node_text(name_node)] = (dtypes.pop(), len(fields), fields)
        self._fvt = cache
        return cache

    def _is_type_name(self, text: str) -> bool:
        t = self._resolve_type_name(ctypes.normalise(text.replace("*", " ")))
        return (ctypes.scalar_dtype(t) is not None or t in getattr(self.lifting, "SCALAR_TYPES", {})
                or self._value_type(t) is not None)
