"""Cambricon MLU architectures the BANG engine can emulate: capacities (bang.md 2.2) and the
`__BANG_ARCH__` number that decides which intrinsics and overloads exist (bang.md 4.0)."""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import XpilerError


@dataclass(frozen=True)
class Arch:
    name: str
    number: int          # __BANG_ARCH__
    nram_kb: int         # per core
    wram_kb: int         # per core
    sram_kb: int         # per cluster (0: no SRAM)

    @property
    def generation(self) -> int:
        return self.number // 100


ARCHS = {a.name: a for a in [
    Arch("mtp_220", 220, 512, 512, 2048),
    Arch("mtp_270", 270, 512, 1024, 2048),
    Arch("tp_270", 270, 512, 1024, 0),
    Arch("mtp_290", 290, 512, 512, 2048),
    Arch("tp_322", 322, 768, 1024, 0),
    Arch("mtp_322", 322, 768, 1024, 1536),
    Arch("mtp_372", 372, 768, 1024, 4096),
    Arch("mtp_592", 592, 512, 512, 2048),
]}
DEFAULT_ARCH = "mtp_592"
# LDRAM is off-chip memory private to each core whose size software sets; the engine gives every
# core this much (option bang_ldram_kb).
DEFAULT_LDRAM_KB = 4096


def get_arch(name: str | None) -> Arch:
    key = (name or DEFAULT_ARCH).lower().replace("-", "_")
    if key not in ARCHS:
        raise XpilerError(f"unknown BANG architecture '{name}' (known: {', '.join(ARCHS)})")
    return ARCHS[key]


def available(spec: str, arch: Arch) -> bool:
    """Availability spec: whitespace-separated terms that must all hold, e.g. "all", ">=322",
    ">=322 !372" (tp_322 and later but not mtp_372), "<300", "==592"."""
    for term in spec.split():
        if term == "all":
            continue
        if term.startswith("!"):
            if arch.number == int(term[1:]):
                return False
            continue
        for op in (">=", "<=", "==", ">", "<"):
            if term.startswith(op):
                v = int(term[len(op):])
                ok = {">=": arch.number >= v, "<=": arch.number <= v, "==": arch.number == v,
                      ">": arch.number > v, "<": arch.number < v}[op]
                if not ok:
                    return False
                break
        else:
            raise ValueError(f"bad availability term '{term}'")
    return True


def describe_availability(spec: str) -> str:
    words = []
    for term in spec.split():
        if term == "all":
            continue
        if term.startswith("!"):
            words.append(f"not on {'/'.join(a.name for a in ARCHS.values() if a.number == int(term[1:]))}")
        elif term.startswith(">="):
            words.append(f"__BANG_ARCH__ >= {term[2:]}")
        elif term.startswith("<"):
            words.append(f"__BANG_ARCH__ {term}")
        elif term.startswith("=="):
            words.append(f"__BANG_ARCH__ == {term[2:]}")
    return ", ".join(words) or "every architecture"
