"""detensorize: every `IntrinsicCall` becomes its scalar loop nest, built by the model's
`lifting.py` table (the same table the CPU engine's semantics are tested against)."""
from __future__ import annotations

from ..errors import UnsupportedConstruct
from ..ir.kernel import Kernel
from ..ir.names import Names
from ..ir.stmt import IntrinsicCall
from ..ir.visitor import Mutator


class _Detensorize(Mutator):
    def __init__(self, table, names: Names):
        self.table, self.names = table, names

    def visit_IntrinsicCall(self, s: IntrinsicCall):
        entry = self.table.get(s.name)
        if entry is None:
            raise UnsupportedConstruct(f"intrinsic {s.name} has no scalar semantics for lifting yet", None, s.name)
        return entry.build(list(s.args), self.names)


def detensorize(kernel: Kernel, table: dict, names: Names) -> Kernel:
    return kernel.with_body(_Detensorize(table, names).visit(kernel.body))
