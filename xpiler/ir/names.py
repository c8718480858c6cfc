"""Fresh names: the IR requires every variable and buffer name to be unique in a kernel, so
everything that builds IR (frontends, detensorization, loop recovery) draws names from one `Names`."""
from __future__ import annotations

import re


class Names:
    def __init__(self, taken=()):
        self.taken: set[str] = set(taken)

    def fresh(self, hint: str) -> str:
        """`hint` itself if unused, else `hint_1`, `hint_2`, ... (made a valid, non-reserved C name)."""
        base = re.sub(r"\W", "_", hint).lstrip("_") or "v"
        if base[0].isdigit():
            base = "v" + base
        if base.startswith(("xp_", "xpiler_")):
            base = "u" + base
        name, i = base, 0
        from .validate import C_KEYWORDS
        while name in self.taken or name in C_KEYWORDS:
            i += 1
            name = f"{base}_{i}"
        self.taken.add(name)
        return name

    def reserve(self, name: str) -> None:
        self.taken.add(name)
