"""Programming-model registry: every sub-folder with a MODEL attribute is a model."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Launch, ProgrammingModel  # noqa: F401


@lru_cache(maxsize=None)
def all_models() -> dict[str, ProgrammingModel]:
    models = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        model = getattr(module, "MODEL", None)
        if isinstance(model, ProgrammingModel):
            models[model.name] = model
    return models


ALIASES = {"cu": "cuda", "nvidia": "cuda", "amd": "hip", "rocm": "hip", "mlu": "bang", "bangc": "bang",
           "cambricon": "bang", "vnni": "c", "cpu": "c", "cpp": "c", "avx512": "c"}


def get_model(name: str) -> ProgrammingModel:
    models = all_models()
    key = ALIASES.get(name.lower(), name.lower())
    if key not in models:
        from ..errors import XpilerError
        raise XpilerError(f"unknown programming model '{name}' (known: {', '.join(sorted(models))})")
    return models[key]
